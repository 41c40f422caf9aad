//! Golden bundles: the generated files of every preset, kept as plain files under
//! `core/tests/golden/<preset>/`. Refresh them after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p tfdesign-core --test golden`, then review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tfdesign_core::presets;

fn golden_dir(preset: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(preset)
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn presets_match_their_golden_bundles() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for name in presets::NAMES {
        let bundle = tfdesign_core::generate(&presets::get(name).unwrap()).unwrap();
        let dir = golden_dir(name);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for (path, contents) in &bundle.files {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, contents).unwrap();
            }
            continue;
        }
        let golden = read_tree(&dir);
        let generated: Vec<&String> = bundle.files.keys().collect();
        let expected: Vec<&String> = golden.keys().collect();
        assert_eq!(
            generated, expected,
            "{name}: the file list differs from the golden bundle (UPDATE_GOLDEN=1 to refresh)"
        );
        for (path, contents) in &bundle.files {
            if golden[path] != *contents {
                panic!(
                    "{name}: {path} differs from the golden file (UPDATE_GOLDEN=1 to refresh)\n--- generated ---\n{}",
                    String::from_utf8_lossy(contents)
                );
            }
        }
    }
}
