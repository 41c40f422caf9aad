//! Every schema version ever written keeps loading: the frozen design files of
//! `tests/fixtures/designs/` go through `Design::from_json` (and its migrations) and generate.

use std::path::Path;
use tfdesign_core::design::SCHEMA_VERSION;
use tfdesign_core::{generate, Design};

#[test]
fn design_files_of_every_version_load_and_generate() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/designs");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let written: serde_json::Value = serde_json::from_str(&text).unwrap();
        let version = written["version"].as_u64().unwrap();
        assert!(
            name.starts_with(&format!("v{version}-")),
            "{name} holds version {version}"
        );

        let design = Design::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            design.version, SCHEMA_VERSION,
            "{name} is carried to the current version"
        );
        // What it becomes is a design of today: it loads again unchanged and generates.
        assert_eq!(
            Design::from_json(&design.to_json()).as_ref(),
            Ok(&design),
            "{name}"
        );
        if let Err(errors) = generate(&design) {
            panic!("{name}: {errors:#?}");
        }
        seen.push(name);
    }
    seen.sort();
    assert!(
        seen.starts_with(&[
            "v1-minimal.json".to_string(),
            "v1-sports-cards.json".to_string()
        ]),
        "the version-1 files stay: {seen:?}"
    );
}

#[test]
fn a_version_1_file_reads_as_it_was_written() {
    // Version 1 is the current one: loading changes nothing, byte for byte.
    let text = include_str!("fixtures/designs/v1-minimal.json");
    let design = Design::from_json(text).unwrap();
    if SCHEMA_VERSION == 1 {
        assert_eq!(design.to_json(), text);
    }
    assert_eq!(design.project, "acme");
    assert_eq!(design.services[0].name, "web-api");
}
