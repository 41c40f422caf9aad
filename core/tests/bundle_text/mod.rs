//! Reading a generated bundle as text, for the end-to-end tests of one building block
//! (`buckets.rs`, `tables.rs`): its files, the design's errors, one module block of a root.

use std::collections::BTreeMap;
use tfdesign_core::design::Design;
use tfdesign_core::{generate, validate_all, Severity};

/// Every file of `d`'s bundle, as text.
pub fn files(d: &Design) -> BTreeMap<String, String> {
    let bundle = generate(d).unwrap_or_else(|e| panic!("{e:?}"));
    bundle
        .files
        .iter()
        .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
        .collect()
}

/// The design rules' errors of `d`, as (pointer, message).
pub fn errors(d: &Design) -> Vec<(String, String)> {
    validate_all(d)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.path, f.message))
        .collect()
}

/// The text of the `module "<name>" { … }` block of `main`.
pub fn module_block<'a>(main: &'a str, name: &str) -> &'a str {
    let start = main
        .find(&format!("module \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no module {name}"));
    let end = main[start..].find("\n}\n").expect("block end") + start;
    &main[start..end]
}
