//! The apply-time rules (core/src/apply/): each bundle rule flags its failing fixture exactly
//! where the fixture says (`# fails` markers) and passes its passing one; each design rule
//! flags its field; the presets break none of them.

use std::path::Path;
use tfdesign_core::apply::{Level, RULES};
use tfdesign_core::design::{LambdaFunction, Queue};
use tfdesign_core::{
    generate, presets, validate::validate, validate_bundle, Bundle, Design, Diagnostic, Severity,
};

/// A fixture folder (`core/tests/fixtures/apply/<rule>/<fail|pass>/`) as a bundle, and the
/// number of `# fails` markers in it.
fn fixture(rule: &str, kind: &str) -> (Bundle, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/apply")
        .join(rule)
        .join(kind);
    let mut bundle = Bundle::default();
    let mut markers = 0;
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            markers += text.matches("# fails").count();
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            bundle.insert(rel, text);
        }
    }
    (bundle, markers)
}

fn of_rule(found: Vec<Diagnostic>, rule: &str) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| d.rule.as_deref() == Some(rule))
        .collect()
}

fn show(found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_bundle_rule_fails_its_failing_fixture_and_passes_its_passing_one() {
    for rule in RULES.iter().filter(|r| r.level == Level::Bundle) {
        let (bad, markers) = fixture(rule.id, "fail");
        assert!(
            markers > 0,
            "{}: the failing fixture marks no line",
            rule.id
        );
        let found = of_rule(validate_bundle(&bad), rule.id);
        assert_eq!(
            found.len(),
            markers,
            "{}: expected {markers} findings, got:\n{}",
            rule.id,
            show(&found)
        );
        for d in &found {
            assert_eq!(d.doc.as_deref(), Some(rule.doc), "{d}");
            assert_eq!(d.severity, Severity::Error, "{d}");
        }
        let (good, _) = fixture(rule.id, "pass");
        let found = of_rule(validate_bundle(&good), rule.id);
        assert!(
            found.is_empty(),
            "{}: the passing fixture is flagged:\n{}",
            rule.id,
            show(&found)
        );
    }
}

#[test]
fn every_rule_names_real_documentation() {
    let mut ids = std::collections::BTreeSet::new();
    for rule in RULES {
        assert!(ids.insert(rule.id), "{} twice", rule.id);
        assert!(rule.doc.starts_with("https://"), "{}", rule.id);
        assert!(
            rule.doc.contains("docs.aws.amazon.com")
                || rule.doc.contains("developer.hashicorp.com"),
            "{}: {}",
            rule.id,
            rule.doc
        );
    }
}

/// minimal, with a queue that triggers a function (timeout 60 s) after `visibility` seconds.
fn with_trigger(visibility: u32) -> Design {
    let mut d = presets::minimal();
    let s = &mut d.services[0];
    s.queues.push(Queue {
        name: "jobs".into(),
        visibility_timeout_seconds: visibility,
        ..Queue::default()
    });
    s.lambdas.push(LambdaFunction {
        name: "consumer".into(),
        handler: "app.handler".into(),
        timeout_seconds: 60,
        queue: Some("jobs".into()),
        ..LambdaFunction::default()
    });
    d
}

fn rule_findings(d: &Design, rule: &str) -> Vec<(Severity, String)> {
    of_rule(validate(d), rule)
        .into_iter()
        .map(|f| (f.severity, f.path))
        .collect()
}

#[test]
fn a_queue_shorter_than_its_function_is_an_error_and_shorter_than_six_times_a_warning() {
    let at = "/services/0/lambdas/0/queue".to_string();
    assert_eq!(
        rule_findings(&with_trigger(30), "sqs-visibility-covers-function-timeout"),
        vec![(Severity::Error, at.clone())]
    );
    assert!(
        generate(&with_trigger(30)).is_err(),
        "an error stops generation"
    );
    assert_eq!(
        rule_findings(
            &with_trigger(300),
            "sqs-visibility-six-times-function-timeout"
        ),
        vec![(Severity::Warning, at)]
    );
    for rule in [
        "sqs-visibility-covers-function-timeout",
        "sqs-visibility-six-times-function-timeout",
    ] {
        assert!(rule_findings(&with_trigger(360), rule).is_empty(), "{rule}");
    }
}

#[test]
fn a_domain_needs_a_hosted_zone_or_a_certificate() {
    let rule = "acm-validation-needs-zone-or-certificate";
    let mut d = presets::sports_cards();
    let prod = d.security.tiers.get_mut("prod").unwrap();
    prod.route53_zone_id = None;
    assert_eq!(
        rule_findings(&d, rule),
        vec![(
            Severity::Error,
            "/security/tiers/prod/route53_zone_id".to_string()
        )]
    );
    let prod = d.security.tiers.get_mut("prod").unwrap();
    prod.certificate_arn = Some(
        "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
            .into(),
    );
    assert!(rule_findings(&d, rule).is_empty());
    assert!(rule_findings(&presets::sports_cards(), rule).is_empty());
}

#[test]
fn every_preset_has_no_apply_rule_errors() {
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let mut found: Vec<Diagnostic> = validate(&design)
            .into_iter()
            .filter(|d| d.rule.is_some())
            .collect();
        found.extend(
            validate_bundle(&generate(&design).unwrap())
                .into_iter()
                .filter(|d| d.rule.is_some()),
        );
        let errors: Vec<Diagnostic> = found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}:\n{}", show(&errors));
    }
}
