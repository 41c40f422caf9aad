//! Reading a bundle folder back: its design and its files, for `check` and `diff`.
//!
//! Nothing is followed or written: symbolic links are skipped, `.git/` and `.terraform/` folders
//! (provider binaries, module copies) are not entered, and every read is bounded.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use tfdesign_core::Design;

/// The largest file read whole (16 MiB): a larger one reads as its first 16 MiB and one byte,
/// so it still differs from anything generated.
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// The most files a bundle folder may hold (far above any bundle within the size limits).
pub const MAX_FILES: usize = 200_000;

/// How many bytes of a file that is only glanced at are read (enough for the generated header).
const HEAD_BYTES: u64 = 64;

/// Folders never entered.
const SKIPPED: [&str; 2] = [".git", ".terraform"];

/// The design a bundle folder carries (`DIR/tfdesign.json`), with a message naming the problem.
pub fn read_design(dir: &Path) -> Result<Design, String> {
    let meta = fs::metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let file = dir.join("tfdesign.json");
    let meta = fs::symlink_metadata(&file).map_err(|e| {
        format!(
            "{}: {e}; a bundle folder carries its design there",
            file.display()
        )
    })?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", file.display()));
    }
    if meta.len() > super::MAX_DESIGN_BYTES {
        return Err(format!(
            "{} is larger than {} MiB",
            file.display(),
            super::MAX_DESIGN_BYTES >> 20
        ));
    }
    let text = fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    Design::from_json(&text).map_err(|e| format!("{}: {e}", file.display()))
}

/// Every regular file under `dir`: `/`-separated relative path → contents. Files for which
/// `whole(path)` is false are read only far enough to see the generated-file header.
pub fn read_files(
    dir: &Path,
    whole: &dyn Fn(&str) -> bool,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, rel)) = stack.pop() {
        let entries = fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let meta = fs::symlink_metadata(entry.path()).map_err(|e| format!("{path}: {e}"))?;
            if meta.is_dir() {
                if !SKIPPED.contains(&name.as_str()) {
                    stack.push((entry.path(), path));
                }
                continue;
            }
            if !meta.is_file() {
                continue;
            }
            if out.len() >= MAX_FILES {
                return Err(format!(
                    "{} holds more than {MAX_FILES} files; is it a bundle folder?",
                    dir.display()
                ));
            }
            let limit = if whole(&path) {
                MAX_FILE_BYTES + 1
            } else {
                HEAD_BYTES
            };
            let mut contents = Vec::new();
            fs::File::open(entry.path())
                .and_then(|f| f.take(limit).read_to_end(&mut contents))
                .map_err(|e| format!("{path}: {e}"))?;
            out.insert(path, contents);
        }
    }
    Ok(out)
}
