//! Layers 2 and 3 on generated bundles: the presets are clean, and each kind of planted
//! mistake is flagged at the right file.

use tfdesign_core::{generate, presets, validate_bundle};

#[test]
fn presets_bundles_are_clean() {
    for name in presets::NAMES {
        let bundle = generate(&presets::get(name).unwrap()).unwrap();
        // Layers 2 and 3 only: the apply-time rules have their own tests (apply_rules.rs).
        let found: Vec<_> = validate_bundle(&bundle)
            .into_iter()
            .filter(|d| d.rule.is_none())
            .collect();
        let lines: Vec<String> = found.iter().map(|d| d.to_string()).collect();
        assert!(found.is_empty(), "{name}:\n{}", lines.join("\n"));
    }
}

/// The sports-cards bundle with `edit` applied to one file's text.
fn mutated(path: &str, edit: impl Fn(&str) -> String) -> tfdesign_core::Bundle {
    let mut bundle = generate(&presets::sports_cards()).unwrap();
    let text = bundle.text(path).unwrap_or_else(|| panic!("no {path}"));
    let edited = edit(text);
    assert_ne!(edited, text, "the mutation of {path} changed nothing");
    bundle.insert(path, edited);
    bundle
}

/// Inserts `line` after the first line that starts with `after`.
fn insert_after(text: &str, after: &str, line: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for l in text.lines() {
        out.push_str(l);
        out.push('\n');
        if !done && l.starts_with(after) {
            out.push_str(line);
            out.push('\n');
            done = true;
        }
    }
    out
}

/// Asserts that some diagnostic's message starts with `kind` and its path is `file:line`
/// (any line when `line` is 0).
fn assert_flagged(bundle: &tfdesign_core::Bundle, file: &str, line: usize, kind: &str) {
    let found = validate_bundle(bundle);
    let hit = found.iter().any(|d| {
        let (f, l) = d.path.rsplit_once(':').unwrap();
        f == file && (line == 0 || l == line.to_string()) && d.message.starts_with(kind)
    });
    let all: Vec<String> = found.iter().map(|d| d.to_string()).collect();
    assert!(
        hit,
        "expected {kind} at {file}:{line}, got:\n{}",
        all.join("\n")
    );
}

fn line_of(bundle: &tfdesign_core::Bundle, file: &str, prefix: &str) -> usize {
    1 + bundle
        .text(file)
        .unwrap()
        .lines()
        .position(|l| l.starts_with(prefix))
        .unwrap()
}

#[test]
fn an_unknown_argument_in_a_real_module_is_flagged_at_its_line() {
    let file = "modules/sqs-queue/main.tf";
    let b = mutated(file, |t| {
        insert_after(t, "resource \"aws_sqs_queue\"", "  bogus_argument = 1")
    });
    let line = line_of(&b, file, "  bogus_argument");
    assert_flagged(&b, file, line, "Unsupported argument");
}

#[test]
fn an_undeclared_module_argument_in_a_real_root_is_flagged() {
    let file = "environments/card-catalog-api/us-east-1/prod/main.tf";
    let b = mutated(file, |t| {
        insert_after(t, "module \"api\"", "  not_a_variable = 1")
    });
    let line = line_of(&b, file, "  not_a_variable");
    assert_flagged(&b, file, line, "Unsupported argument");
}

#[test]
fn a_missing_module_output_in_a_real_root_is_flagged() {
    let file = "environments/card-catalog-api/us-east-1/prod/main.tf";
    let b = mutated(file, |t| {
        t.replacen("module.database.address", "module.database.addr", 1)
    });
    assert_flagged(&b, file, 0, "Unsupported attribute");
}

#[test]
fn a_module_without_its_variables_is_flagged_everywhere() {
    let mut b = generate(&presets::sports_cards()).unwrap();
    b.files.remove("modules/sqs-queue/variables.tf");
    assert_flagged(
        &b,
        "modules/sqs-queue/main.tf",
        0,
        "Reference to undeclared input variable",
    );
    let root = "environments/orders-ingestion/us-east-1/prod/main.tf";
    assert_flagged(&b, root, 0, "Unsupported argument");
}

#[test]
fn a_file_that_does_not_parse_is_flagged() {
    let file = "modules/sqs-queue/main.tf";
    let b = mutated(file, |t| {
        format!("{t}\nresource \"aws_sqs_queue\" \"broken\" {{\n")
    });
    assert_flagged(&b, file, 0, "Invalid HCL");
}
