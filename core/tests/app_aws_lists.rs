//! The app holds no AWS list of its own: regions, runtimes, instance types, DB classes, engine
//! versions and retention days come from `tfdesign_core::catalog`. Reads the non-test code of
//! `app/src` and fails on any string literal that spells a catalog entry, and on any list of
//! three or more of the retention values.

use std::path::Path;
use tfdesign_core::catalog;

mod source;
use source::{code_only, rust_files};

/// The AWS values the catalog owns, as the app would spell them in a string literal.
fn catalog_literals() -> Vec<String> {
    let mut values: Vec<&str> = Vec::new();
    values.extend(catalog::REGIONS);
    values.extend(catalog::LAMBDA_RUNTIMES);
    values.extend(catalog::DEPRECATED_LAMBDA_RUNTIMES.iter().map(|(r, _)| *r));
    values.extend(catalog::INSTANCE_TYPES);
    values.extend(catalog::DB_CLASSES);
    values.iter().map(|v| format!("\"{v}\"")).collect()
}

/// The findings in `code`: catalog literals, and lists of retention values.
fn findings(code: &str) -> Vec<String> {
    let mut out: Vec<String> = catalog_literals()
        .into_iter()
        .filter(|lit| code.contains(lit.as_str()))
        .collect();
    // A run like `1, 3, 5` or `30, 60, 90` of catalog retention values is a copied list.
    let days: Vec<String> = catalog::LOG_RETENTION_DAYS
        .iter()
        .map(u32::to_string)
        .collect();
    for w in days.windows(3) {
        let run = w.join(", ");
        if code.contains(&run) {
            out.push(run);
        }
    }
    for v in catalog::POSTGRES_VERSIONS.windows(2) {
        let run = format!("\"{}\", \"{}\"", v[0], v[1]);
        if code.contains(&run) {
            out.push(run);
        }
    }
    out
}

#[test]
fn the_app_reads_aws_facts_from_the_catalog() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace");
    let mut problems = Vec::new();
    for path in rust_files(&workspace.join("app/src")) {
        let text = std::fs::read_to_string(&path).expect("read a source file");
        for f in findings(&code_only(&text)) {
            problems.push(format!(
                "{}: {f} is an AWS fact: read it from tfdesign_core::catalog",
                path.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_finder_sees_copied_lists_and_only_those() {
    assert_eq!(
        findings(r#"const R: &[&str] = &["nodejs20.x", "python3.12"];"#).len(),
        2
    );
    assert_eq!(findings("const D: &[u32] = &[1, 3, 5, 7];").len(), 2);
    assert_eq!(findings(r#"["17", "16"]"#).len(), 1);
    assert!(findings("catalog::LAMBDA_RUNTIMES.iter()").is_empty());
    assert!(findings(r#"let region = "my-region";"#).is_empty());
}
