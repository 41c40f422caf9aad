//! The bundle's manifest and the team's own files.
//!
//! Every bundle carries [`PATH`] (`MANIFEST.sha256`): one line per generated file, in path order,
//! in the format of `sha256sum` (`<64 hex digits>  <path>`), so a repository detects a hand edit
//! with standard tools alone: `sha256sum --check --strict MANIFEST.sha256` at the bundle's root.
//! It lists every file of the bundle but itself.
//!
//! A team adds its own files beside the generated ones in two places ([`TeamFiles`]): any file
//! whose name ends in `.local.tf`, and anything under a `custom/` folder at the bundle's root or
//! directly inside a folder of generated Terraform (a root or a module). They are never in the
//! manifest, `generate --force` keeps them, and `tfdesign check` ignores them.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// Where the manifest goes, at the bundle's root.
pub const PATH: &str = "MANIFEST.sha256";

/// The suffix of a team's own Terraform file, anywhere in the bundle.
pub const LOCAL_TF_SUFFIX: &str = ".local.tf";

/// The folder a team keeps its own files in, at the bundle's root or in a root or module folder.
pub const CUSTOM_DIR: &str = "custom";

/// The SHA-256 digest of `bytes` in lower-case hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 0x0f)]));
    }
    out
}

/// The manifest of `files`: `<sha256>  <path>` per file in path order, the manifest itself left
/// out. Paths of a bundle are `[a-z0-9._/-]` (validation restricts every name that becomes
/// one), so no line needs `sha256sum`'s escaping.
///
/// A file whose path and contents are those of the last manifest rendered keeps its digest
/// ([`LAST`]): from one edit of a design to the next most files do not change, and SHA-256 has
/// no hardware help in WebAssembly. The text is the same either way (tested).
pub fn render(files: &BTreeMap<String, Vec<u8>>) -> String {
    // Taken out while this manifest is rendered, and replaced by this one's digests.
    let last = LAST.lock().ok().and_then(|mut l| l.take());
    let (text, digests) = render_after(files, last.as_ref());
    if let Ok(mut l) = LAST.lock() {
        *l = Some(digests);
    }
    text
}

/// Digests by path, with the contents each is of.
type Digests = HashMap<String, (Vec<u8>, String)>;

/// The digests of the last manifest rendered (one bundle's contents). Purely a cache.
static LAST: Mutex<Option<Digests>> = Mutex::new(None);

/// Forgets the digests of the last manifest rendered (for benchmarks of a first bundle).
pub fn forget_last() {
    if let Ok(mut l) = LAST.lock() {
        *l = None;
    }
}

/// [`render`], reusing the digests of `last` whose contents are unchanged.
fn render_after(files: &BTreeMap<String, Vec<u8>>, last: Option<&Digests>) -> (String, Digests) {
    let mut out = String::new();
    let mut digests = HashMap::with_capacity(files.len());
    for (path, contents) in files.iter().filter(|(p, _)| p.as_str() != PATH) {
        let digest = last
            .and_then(|l| l.get(path))
            .filter(|(before, _)| before == contents)
            .map_or_else(|| sha256_hex(contents), |(_, d)| d.clone());
        out.push_str(&digest);
        out.push_str("  ");
        out.push_str(path);
        out.push('\n');
        digests.insert(path.clone(), (contents.clone(), digest));
    }
    (out, digests)
}

/// One line of a manifest that does not have the `<64 hex>  <path>` shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number.
    pub line: usize,
}

/// Reads a manifest back: path → digest. Refuses a line that is not `<64 hex>  <path>`.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, BadLine> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let bad = BadLine { line: i + 1 };
        let (digest, path) = line.split_at_checked(64).ok_or(bad.clone())?;
        let path = path.strip_prefix("  ").ok_or(bad.clone())?;
        let hex = digest
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex || path.is_empty() {
            return Err(bad);
        }
        out.insert(path.to_string(), digest.to_string());
    }
    Ok(out)
}

/// Which paths of a bundle folder are the team's own, given the paths a generator wrote there.
#[derive(Clone, Debug, Default)]
pub struct TeamFiles {
    /// Every generated path.
    generated: BTreeSet<String>,
    /// Folders holding a generated `.tf` file (roots and modules), and `""` for the bundle root:
    /// a `custom/` folder directly inside one of them is the team's.
    homes: BTreeSet<String>,
}

impl TeamFiles {
    /// The team's files around the generated `paths` (those of one bundle, or of an old and a
    /// new one together).
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> TeamFiles {
        let generated: BTreeSet<String> = paths.into_iter().map(str::to_string).collect();
        let mut homes = BTreeSet::from([String::new()]);
        for path in generated.iter().filter(|p| p.ends_with(".tf")) {
            if let Some((dir, _)) = path.rsplit_once('/') {
                homes.insert(dir.to_string());
            }
        }
        TeamFiles { generated, homes }
    }

    /// Whether `path` (a file or a folder, `/`-separated, relative to the bundle's root) is the
    /// team's: never a generated path; else a `*.local.tf` file, or inside (or being) a `custom/`
    /// folder of the bundle root, a root or a module.
    pub fn owns(&self, path: &str) -> bool {
        if self.generated.contains(path) {
            return false;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.len() > LOCAL_TF_SUFFIX.len() && name.ends_with(LOCAL_TF_SUFFIX) {
            return true;
        }
        let mut dir = String::new();
        for part in path.split('/') {
            if part == CUSTOM_DIR && self.homes.contains(&dir) {
                return true;
            }
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_kept_from_the_last_manifest_are_those_of_the_contents() {
        let first: BTreeMap<String, Vec<u8>> = [("a.tf", "x = 1\n"), ("b.tf", "y = 2\n")]
            .into_iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect();
        let mut second = first.clone();
        second.insert("b.tf".into(), b"y = 3\n".to_vec());
        second.insert("c.tf".into(), b"z = 4\n".to_vec());
        let (_, digests) = render_after(&first, None);
        let (text, _) = render_after(&second, Some(&digests));
        assert_eq!(text, render_after(&second, None).0);
        assert!(text.contains(&format!("{}  b.tf\n", sha256_hex(b"y = 3\n"))));
    }

    #[test]
    fn digests_are_those_of_sha256sum() {
        // `printf 'abc' | sha256sum`
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_manifest_lists_every_other_file_in_path_order_and_reads_back() {
        let files = BTreeMap::from([
            ("b/x.tf".to_string(), b"x".to_vec()),
            (PATH.to_string(), b"old".to_vec()),
            ("a.md".to_string(), b"abc".to_vec()),
        ]);
        let text = render(&files);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("  a.md") && lines[1].ends_with("  b/x.tf"));
        let back = parse(&text).unwrap();
        assert_eq!(back["a.md"], sha256_hex(b"abc"));
        assert_eq!(parse("zz  a\n"), Err(BadLine { line: 1 }));
        let upper = format!("{}  a\n", "A".repeat(64));
        assert_eq!(parse(&upper), Err(BadLine { line: 1 }));
    }

    #[test]
    fn the_team_owns_local_tf_files_and_custom_folders_of_roots() {
        let team = TeamFiles::new([
            "environments/custom/us-east-1/prod/main.tf",
            "environments/api/us-east-1/prod/main.tf",
            "modules/iam/main.tf",
            "README.md",
        ]);
        for own in [
            "environments/api/us-east-1/prod/extra.local.tf",
            "notes.local.tf",
            "environments/api/us-east-1/prod/custom/policy.json",
            "environments/api/us-east-1/prod/custom",
            "modules/iam/custom/a/b.txt",
            "custom/runbook.md",
        ] {
            assert!(team.owns(own), "{own}");
        }
        for not in [
            // A service named `custom` is generated, not the team's folder.
            "environments/custom/us-east-1/prod/main.tf",
            "environments/custom/us-east-1/prod/old.tf",
            "environments/api/custom/x.tf",
            "environments/api/us-east-1/prod/extra.tf",
            ".local.tf",
            "README.md",
        ] {
            assert!(!team.owns(not), "{not}");
        }
    }
}
