//! Comparing bundles and designs: what `tfdesign check` and `tfdesign diff` report (and what the
//! designer's comparison can show), with no IO.
//!
//! - [`drift`]: a bundle folder's files against the bundle its own design regenerates: every
//!   generated file missing, different (with a short unified diff) or unexpected; the team's own
//!   files ([`crate::manifest::TeamFiles`]) are ignored.
//! - [`files`]: the files added, removed and changed from one bundle to another.
//! - [`design`]: the fields changed from one design to another, by readable path
//!   (`services[orders-api].database.read_replicas`).
//! - [`cost`]: the change of the monthly estimate from one design to another, in all and per
//!   root (deployment, platform, state backend) whose estimate changed.
//!
//! Line diffs come from the `similar` crate (Myers), in the unified format of `diff -u`, capped
//! at a number of lines so one rewritten file cannot flood a terminal.

use crate::bundle::Bundle;
use crate::cost::{Estimate, Micros};
use crate::design::Design;
use crate::manifest::TeamFiles;
use serde_json::Value;
use std::collections::BTreeMap;

/// Lines of context around each change in a unified diff.
const CONTEXT: usize = 3;

/// A file larger than this (either side) is reported as different without a line diff.
pub const MAX_DIFF_BYTES: usize = 2 << 20;

/// How a file differs between two sides.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the second side (or, for drift, only in the folder, and looks generated).
    Added,
    /// Only in the first side (for drift: generated, but missing from the folder).
    Removed,
    /// In both, with different bytes: the unified diff from the first to the second, capped.
    Changed(String),
}

/// One file that differs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileChange {
    /// Its path in the bundle.
    pub path: String,
    /// How it differs.
    pub change: Change,
}

/// The unified diff of `before` → `after` with `diff -u` headers `a/<path>` and `b/<path>`, at
/// most `max_lines` lines of it (then one line saying how many more there were). Files that are
/// not UTF-8 text or too large get a one-line note instead.
pub fn unified(path: &str, before: &[u8], after: &[u8], max_lines: usize) -> String {
    let (Ok(a), Ok(b)) = (std::str::from_utf8(before), std::str::from_utf8(after)) else {
        return "(not text: the bytes differ)\n".to_string();
    };
    if a.len() > MAX_DIFF_BYTES || b.len() > MAX_DIFF_BYTES {
        return format!(
            "(larger than {} MiB: the contents differ)\n",
            MAX_DIFF_BYTES >> 20
        );
    }
    let diff = similar::TextDiff::from_lines(a, b);
    let text = diff
        .unified_diff()
        .context_radius(CONTEXT)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .missing_newline_hint(true)
        .to_string();
    cap_lines(&text, max_lines)
}

/// `text` cut to `max` lines, with a last line naming how many were left out.
fn cap_lines(text: &str, max: usize) -> String {
    let total = text.lines().count();
    if total <= max {
        let mut out = text.to_string();
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        return out;
    }
    let mut out: String = text.lines().take(max).flat_map(|l| [l, "\n"]).collect();
    out.push_str(&format!("… {} more lines of diff\n", total - max));
    out
}

/// The files that differ from `before` to `after`, in path order, each changed one with its
/// unified diff of at most `max_lines` lines.
pub fn files(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    max_lines: usize,
) -> Vec<FileChange> {
    let mut out = Vec::new();
    let paths: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for path in paths {
        let change = match (before.get(path), after.get(path)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => Change::Changed(unified(path, a, b, max_lines)),
            (Some(_), None) => Change::Removed,
            (None, _) => Change::Added,
        };
        out.push(FileChange {
            path: path.clone(),
            change,
        });
    }
    out
}

/// How a bundle folder differs from the bundle its design regenerates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Generated files the folder lacks.
    pub missing: Vec<String>,
    /// Generated files with other contents in the folder: (path, unified diff from the generated
    /// file to the folder's).
    pub changed: Vec<(String, String)>,
    /// Files in the folder that look generated (Terraform, or the generated-file header) but the
    /// design does not generate, and are not the team's.
    pub unexpected: Vec<String>,
    /// The folder's files left alone: the team's own, and others that do not look generated
    /// (notes, lock files).
    pub ignored: usize,
}

impl Drift {
    /// Whether the folder matches its design.
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.changed.is_empty() && self.unexpected.is_empty()
    }
}

/// The first bytes of every generated file that is not Terraform.
const GENERATED_HEADER: &[u8] = b"# Generated by tfdesign.";

/// Whether a file that is not in the bundle looks like one a generator wrote: Terraform
/// (`.tf`, `.tf.json`, `.tfvars`: Terraform would load it beside the generated files) or a file
/// that starts with the generated-file header.
fn looks_generated(path: &str, contents: &[u8]) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    [".tf", ".tf.json", ".tfvars"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || contents.starts_with(GENERATED_HEADER)
}

/// The drift of a folder's files `found` (path → contents; a file that is not in `expected` may
/// hold only its first bytes, enough for the generated-file header) from the bundle `expected`
/// its design generates. Diffs go from the generated file to the folder's, at most `max_lines`
/// lines each.
pub fn drift(expected: &Bundle, found: &BTreeMap<String, Vec<u8>>, max_lines: usize) -> Drift {
    let team = TeamFiles::new(expected.files.keys().map(String::as_str));
    let mut out = Drift::default();
    for (path, generated) in &expected.files {
        match found.get(path) {
            None => out.missing.push(path.clone()),
            Some(contents) if contents != generated => out
                .changed
                .push((path.clone(), unified(path, generated, contents, max_lines))),
            Some(_) => {}
        }
    }
    for (path, contents) in found {
        if expected.files.contains_key(path) {
            continue;
        }
        if !team.owns(path) && looks_generated(path, contents) {
            out.unexpected.push(path.clone());
        } else {
            out.ignored += 1;
        }
    }
    out
}

/// The files of a bundle folder or zip that belong to the bundle: those `expected` (the bundle its
/// design generates) has, and those that look generated and are not the team's; the team's own
/// files and others (notes, lock files) are left out. What `tfdesign diff` compares.
pub fn bundle_files(
    expected: &Bundle,
    found: BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, Vec<u8>> {
    let team = TeamFiles::new(expected.files.keys().map(String::as_str));
    found
        .into_iter()
        .filter(|(path, contents)| {
            expected.files.contains_key(path)
                || (!team.owns(path) && looks_generated(path, contents))
        })
        .collect()
}

/// A bundle zip read back: its design (`tfdesign.json` at the top or in one top folder) and its
/// files, relative to the folder that holds the design.
pub fn read_zip(bytes: &[u8]) -> Result<(Design, BTreeMap<String, Vec<u8>>), String> {
    let text = crate::archive::read_design(bytes)?;
    let design = Design::from_json(&text).map_err(|e| format!("its tfdesign.json: {e}"))?;
    let entries =
        crate::archive::read(bytes).map_err(|e| format!("the zip cannot be read: {e}"))?;
    let top = if entries.iter().any(|(name, _)| name == "tfdesign.json") {
        String::new()
    } else {
        entries
            .iter()
            .find_map(|(name, _)| name.strip_suffix("tfdesign.json"))
            .unwrap_or_default()
            .to_string()
    };
    let files = entries
        .into_iter()
        .filter_map(|(name, contents)| {
            let path = name.strip_prefix(&top)?;
            (!path.is_empty() && !path.ends_with('/')).then(|| (path.to_string(), contents))
        })
        .collect();
    Ok((design, files))
}

/// How the monthly estimate of one root changed. A side without the root has `None`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RootCostChange {
    /// The root's folder, e.g. `environments/orders-ingestion/us-east-1/prod`.
    pub root: String,
    /// Its service (or `(platform)`, `(state backend)`), tier and region.
    pub service: String,
    /// Tier name.
    pub tier: String,
    /// Region code.
    pub region: String,
    /// Its monthly estimate before, in micro-dollars.
    pub before: Option<Micros>,
    /// Its monthly estimate after.
    pub after: Option<Micros>,
    /// Its lines without a price, before and after.
    pub missing: (usize, usize),
    /// The change, `+$312.00` or `-$12.50`.
    pub change: String,
}

/// How the monthly estimate changed from one design to another.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CostChange {
    /// The total before, in micro-dollars.
    pub before: Micros,
    /// The total after.
    pub after: Micros,
    /// Lines without a price (not in the totals), before and after.
    pub missing: (usize, usize),
    /// The change of the total, `+$312.00` or `-$12.50`.
    pub change: String,
    /// Every root whose estimate changed (total or lines without a price), added or removed:
    /// the roots of the first estimate in its order, then those only the second has.
    pub roots: Vec<RootCostChange>,
}

impl CostChange {
    /// Whether nothing changed.
    pub fn is_same(&self) -> bool {
        self.before == self.after && self.missing.0 == self.missing.1 && self.roots.is_empty()
    }
}

/// The change from estimate `a` to estimate `b`.
pub fn cost(a: &Estimate, b: &Estimate) -> CostChange {
    let mut roots = Vec::new();
    let mut names: Vec<&str> = a.roots.iter().map(|r| r.root.as_str()).collect();
    names.extend(
        b.roots
            .iter()
            .map(|r| r.root.as_str())
            .filter(|n| a.root(n).is_none()),
    );
    for name in names {
        let (x, y) = (a.root(name), b.root(name));
        let same = match (x, y) {
            (Some(x), Some(y)) => x.monthly == y.monthly && x.missing == y.missing,
            _ => false,
        };
        let Some(any) = y.or(x).filter(|_| !same) else {
            continue;
        };
        let (before, after) = (x.map(|r| r.monthly), y.map(|r| r.monthly));
        roots.push(RootCostChange {
            root: any.root.clone(),
            service: any.service.clone(),
            tier: any.tier.clone(),
            region: any.region.clone(),
            before,
            after,
            missing: (x.map_or(0, |r| r.missing), y.map_or(0, |r| r.missing)),
            change: after
                .unwrap_or_default()
                .delta_from(before.unwrap_or_default()),
        });
    }
    CostChange {
        before: a.total,
        after: b.total,
        missing: (a.missing, b.missing),
        change: b.total.delta_from(a.total),
        roots,
    }
}

/// One design field that differs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldChange {
    /// Readable path: `services[orders-api].database.read_replicas`; list items with a unique
    /// `name` go by it, others by index (`regions[1]`).
    pub path: String,
    /// The value before, as compact JSON; `None` when the field was added.
    pub before: Option<String>,
    /// The value after, as compact JSON; `None` when the field was removed.
    pub after: Option<String>,
}

/// The fields that differ from design `a` to design `b`: object keys in alphabetical order, list
/// items in the order of `a`, then those only `b` has.
pub fn design(a: &Design, b: &Design) -> Vec<FieldChange> {
    let to_value = |d: &Design| serde_json::from_str::<Value>(&d.to_json()).unwrap_or(Value::Null);
    let mut out = Vec::new();
    walk(String::new(), &to_value(a), &to_value(b), &mut out);
    out
}

/// `path` extended by an object key: `.key`, or `["key"]` when it is not identifier-like.
fn key_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (plain, path.is_empty()) {
        (true, true) => key.to_string(),
        (true, false) => format!("{path}.{key}"),
        (false, _) => format!("{path}[{}]", Value::String(key.to_string())),
    }
}

/// The `name` of each item when every item is an object with a distinct string `name`.
fn names(items: &[Value]) -> Option<Vec<&str>> {
    let names: Vec<&str> = items
        .iter()
        .map(|v| v.get("name").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    let distinct: std::collections::BTreeSet<&&str> = names.iter().collect();
    (distinct.len() == names.len()).then_some(names)
}

fn compact(v: &Value) -> String {
    v.to_string()
}

fn walk(path: String, a: &Value, b: &Value, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, va) in x {
                let p = key_path(&path, key);
                match y.get(key) {
                    Some(vb) => walk(p, va, vb, out),
                    None => out.push(FieldChange {
                        path: p,
                        before: Some(compact(va)),
                        after: None,
                    }),
                }
            }
            for (key, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                out.push(FieldChange {
                    path: key_path(&path, key),
                    before: None,
                    after: Some(compact(vb)),
                });
            }
        }
        (Value::Array(x), Value::Array(y)) => match (names(x), names(y)) {
            (Some(nx), Some(ny)) => {
                let item = |n: &str| format!("{path}[{n}]");
                for (va, n) in x.iter().zip(&nx) {
                    match ny.iter().position(|m| m == n) {
                        Some(j) => walk(item(n), va, &y[j], out),
                        None => out.push(FieldChange {
                            path: item(n),
                            before: Some(compact(va)),
                            after: None,
                        }),
                    }
                }
                for (vb, n) in y.iter().zip(&ny).filter(|(_, n)| !nx.contains(n)) {
                    out.push(FieldChange {
                        path: item(n),
                        before: None,
                        after: Some(compact(vb)),
                    });
                }
            }
            _ => {
                for i in 0..x.len().max(y.len()) {
                    let p = format!("{path}[{i}]");
                    match (x.get(i), y.get(i)) {
                        (Some(va), Some(vb)) => walk(p, va, vb, out),
                        (va, vb) => out.push(FieldChange {
                            path: p,
                            before: va.map(compact),
                            after: vb.map(compact),
                        }),
                    }
                }
            }
        },
        _ => out.push(FieldChange {
            path: if path.is_empty() { ".".into() } else { path },
            before: Some(compact(a)),
            after: Some(compact(b)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn a_unified_diff_has_headers_hunks_and_a_cap() {
        let d = unified("a.tf", b"x\ny\nz\n", b"x\nY\nz\n", 100);
        assert_eq!(
            d,
            "--- a/a.tf\n+++ b/a.tf\n@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n"
        );
        let before: String = (0..100).map(|i| format!("{i}\n")).collect();
        let capped = unified("b", before.as_bytes(), b"", 10);
        assert_eq!(capped.lines().count(), 11);
        assert!(capped.ends_with("… 93 more lines of diff\n"), "{capped}");
        assert_eq!(
            unified("c", &[0xff], b"x", 10),
            "(not text: the bytes differ)\n"
        );
    }

    #[test]
    fn files_lists_added_removed_and_changed_in_path_order() {
        let a = map(&[("same", "1"), ("gone", "1"), ("edit", "1\n")]);
        let b = map(&[("same", "1"), ("new", "1"), ("edit", "2\n")]);
        let got: Vec<(String, bool)> = files(&a, &b, 50)
            .into_iter()
            .map(|c| (c.path, matches!(c.change, Change::Changed(_))))
            .collect();
        assert_eq!(
            got,
            [
                ("edit".to_string(), true),
                ("gone".to_string(), false),
                ("new".to_string(), false)
            ]
        );
    }

    #[test]
    fn drift_ignores_the_teams_files_and_what_does_not_look_generated() {
        let mut expected = Bundle::default();
        expected.insert("r/main.tf", "a\n");
        expected.insert("r/variables.tf", "v\n");
        expected.insert("README.md", "doc\n");
        let found = map(&[
            ("r/main.tf", "b\n"),
            ("README.md", "doc\n"),
            ("r/extra.local.tf", "ours"),
            ("r/custom/x.tf", "ours"),
            ("r/.terraform.lock.hcl", "lock"),
            ("r/stray.tf", "x"),
            ("old.md", "# Generated by tfdesign. x"),
        ]);
        let d = drift(&expected, &found, 50);
        assert_eq!(d.missing, ["r/variables.tf"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].0, "r/main.tf");
        assert!(d.changed[0].1.contains("-a\n+b\n"));
        assert_eq!(d.unexpected, ["old.md", "r/stray.tf"]);
        assert_eq!(d.ignored, 3);
        assert!(!d.is_clean());
        let same: BTreeMap<String, Vec<u8>> = expected.files.clone();
        assert!(drift(&expected, &same, 50).is_clean());
    }

    #[test]
    fn a_zip_reads_back_with_its_design_in_a_top_folder() {
        let design = crate::presets::get("minimal").unwrap();
        let bundle = crate::generate(&design).unwrap();
        let renamed: Vec<(String, &[u8])> = bundle
            .files
            .iter()
            .map(|(p, c)| (format!("acme/{p}"), c.as_slice()))
            .collect();
        let nested = crate::archive::write(renamed.iter().map(|(p, c)| (p.as_str(), *c))).unwrap();
        for bytes in [bundle.to_zip().unwrap(), nested] {
            let (back, files) = read_zip(&bytes).unwrap();
            assert_eq!(back, design);
            assert_eq!(files, bundle.files);
        }
        assert!(read_zip(b"not a zip").is_err());
    }

    #[test]
    fn design_changes_name_list_items_by_their_name() {
        let a = crate::presets::get("sports-cards").unwrap();
        let mut json: Value = serde_json::from_str(&a.to_json()).unwrap();
        json["services"][0]["description"] = Value::String("changed".into());
        json["tiers"][0]["database"]["read_replicas"] = serde_json::json!(1);
        let b = Design::from_json(&json.to_string()).unwrap();
        let (service, tier) = (&a.services[0].name, &a.tiers[0].name);
        let got = design(&a, &b);
        assert_eq!(
            got,
            [
                FieldChange {
                    path: format!("services[{service}].description"),
                    before: Some(serde_json::to_string(&a.services[0].description).unwrap()),
                    after: Some("\"changed\"".into()),
                },
                FieldChange {
                    path: format!("tiers[{tier}].database.read_replicas"),
                    before: Some("0".into()),
                    after: Some("1".into()),
                },
            ]
        );
        assert!(design(&a, &a).is_empty());
    }
}
