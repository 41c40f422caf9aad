//! Layer 1, the design rules: each rule broken on the sports-cards preset yields a diagnostic at
//! the JSON Pointer of the field to fix. One data-driven helper, [`check`].

use tfdesign_core::design::{Design, Queue, Region, RegionRole};
use tfdesign_core::validate::{schedule_expression, unknown_fields, validate};
use tfdesign_core::{presets, Severity};

/// Breaks the preset with `mutate` and asserts a diagnostic at `path` whose message contains
/// `needle`; returns its severity.
fn check(mutate: impl FnOnce(&mut Design), path: &str, needle: &str) -> Severity {
    let mut d = presets::sports_cards();
    mutate(&mut d);
    let found = validate(&d);
    match found
        .iter()
        .find(|x| x.path == path && x.message.contains(needle))
    {
        Some(x) => x.severity,
        None => {
            let all: Vec<String> = found.iter().map(|x| format!("  {x}")).collect();
            panic!("no \"{needle}\" at {path}; got:\n{}", all.join("\n"))
        }
    }
}

#[test]
fn presets_have_no_diagnostics() {
    for name in presets::NAMES {
        let found = validate(&presets::get(name).unwrap());
        assert!(found.is_empty(), "{name}: {found:?}");
    }
}

#[test]
fn each_rule_points_at_its_field() {
    type Case = (fn(&mut Design), &'static str, &'static str);
    let cases: &[Case] = &[
        // Names and references.
        (
            |d| d.services[1].name = "Orders Ingestion".into(),
            "/services/1/name",
            "lowercase",
        ),
        (
            |d| d.services[1].name = d.services[0].name.clone(),
            "/services/1/name",
            "twice",
        ),
        (
            |d| d.tiers[0].name = String::new(),
            "/tiers/0/name",
            "empty",
        ),
        (
            |d| d.project = "a-very-long-project-name".into(),
            "/project",
            "longer than",
        ),
        (
            |d| d.tiers[0].regions[0] = "eu-west-1".into(),
            "/tiers/0/regions/0",
            "not one of",
        ),
        (
            |d| d.services[2].schedules[0].lambda = "nope".into(),
            "/services/2/schedules/0/lambda",
            "not one of",
        ),
        // Regions that exist.
        (
            |d| d.regions[1].name = "us-west-9".into(),
            "/regions/1/name",
            "not an AWS region",
        ),
        (
            |d| d.regions[0].name = "mars-north-1".into(),
            "/regions/0/name",
            "not an AWS region",
        ),
        // Capacity, retention, cost codes, tags.
        (
            |d| d.tiers[0].compute.asg_desired = 50,
            "/tiers/0/compute/asg_desired",
            "min ≤ desired ≤ max",
        ),
        (
            |d| d.tiers[2].log_retention_days = 31,
            "/tiers/2/log_retention_days",
            "retention",
        ),
        (
            |d| {
                d.services[0].cost_codes.insert("dev".into(), "ABC".into());
            },
            "/services/0/cost_codes/dev",
            "8 letters",
        ),
        (
            |d| {
                d.tags.insert("bad{key}".into(), "x".into());
            },
            "/tags/bad{key}",
            "tag key",
        ),
        (
            |d| d.backend.regions.get_mut("us-east-1").unwrap().bucket = "Bad_Bucket".into(),
            "/backend/regions/us-east-1/bucket",
            "S3 bucket",
        ),
        // AWS name limits once composed.
        (
            |d| d.project = "sports-cards-platfrm".into(),
            "/services/2/name",
            "IAM role name",
        ),
        (
            |d| d.services[2].lambdas[1].name = "partner-sync-nightly-xx".into(),
            "/services/2/lambdas/1/name",
            "Lambda function",
        ),
        (
            |d| {
                d.services[1].name = "orders-ingestion-and-fulfilment1".into();
                d.services[1].queues.push(Queue {
                    name: "orders-for-fulfilment-01".into(),
                    visibility_timeout_seconds: 60,
                    max_receive_count: 5,
                    subscribe: Vec::new(),
                });
            },
            "/services/1/queues/1/name",
            "SQS queue name",
        ),
        (
            |d| d.services[2].schedules[0].name = "daily-cleanup-old-jobs-1".into(),
            "/services/2/schedules/0/name",
            "EventBridge rule name",
        ),
        (
            |d| {
                d.project = "sports-cards-platfrm".into();
                d.tiers[1].name = "integration1".into();
                d.services[0].name = "card-catalog-api-for-collectors".into();
            },
            "/services/0/name",
            "RDS instance identifier",
        ),
        (
            |d| {
                d.project = "sports-cards-platfrm".into();
                d.services[0].name = "card-catalog-api-for-collectors".into();
            },
            "/services/0/name",
            "RDS replica identifier",
        ),
        // RDS read replicas.
        (
            |d| d.tiers[2].database.read_replicas = 15,
            "/tiers/2/database/read_replicas",
            "at most 15",
        ),
        (
            |d| d.services[0].database.as_mut().unwrap().engine_version = "13".into(),
            "/tiers/2/database/read_replicas",
            "cascading",
        ),
        (
            |d| d.tiers[2].database.backup_retention_days = 0,
            "/tiers/2/database/backup_retention_days",
            "backups",
        ),
        (
            |d| d.tiers[0].database.cross_region_replica = true,
            "/tiers/0/database/cross_region_replica",
            "DR region",
        ),
        (
            |d| {
                // A second DR region: the primary database gets two cross-region replicas.
                d.regions.push(Region {
                    name: "eu-west-1".into(),
                    role: RegionRole::Dr,
                });
                let backend = d.backend.regions["us-east-1"].clone();
                d.backend.regions.insert("eu-west-1".into(), backend);
                d.tiers[2].regions.push("eu-west-1".into());
                d.tiers[2].database.read_replicas = 14;
            },
            "/tiers/2/database/read_replicas",
            "plus 2 cross-region",
        ),
        // Schedules.
        (
            |d| d.services[2].schedules[0].expression = "cron(0 4 * * * *)".into(),
            "/services/2/schedules/0/expression",
            "must be ?",
        ),
        (
            |d| d.services[2].schedules[1].expression = "rate(1 hours)".into(),
            "/services/2/schedules/1/expression",
            "singular",
        ),
        // SQS visibility ≥ the consuming function's timeout.
        (
            |d| {
                d.services[1].lambdas[0].queue = Some("orders".into());
                d.services[1].lambdas[0].timeout_seconds = 900;
            },
            "/services/1/lambdas/0/queue",
            "visibility timeout",
        ),
        // Lambda runtimes.
        (
            |d| d.services[0].lambdas[0].runtime = "cobol85".into(),
            "/services/0/lambdas/0/runtime",
            "not a Lambda runtime",
        ),
    ];
    for (mutate, path, needle) in cases {
        check(mutate, path, needle);
    }
}

#[test]
fn deprecated_runtimes_are_warnings_with_the_replacement() {
    for (old, new) in [
        ("nodejs18.x", "nodejs22.x"),
        ("python3.8", "python3.12"),
        ("go1.x", "provided.al2023"),
    ] {
        let mut d = presets::sports_cards();
        d.services[0].lambdas[0].runtime = old.into();
        let found = validate(&d);
        let w = found
            .iter()
            .find(|x| x.path == "/services/0/lambdas/0/runtime")
            .unwrap_or_else(|| panic!("{old}: {found:?}"));
        assert_eq!(w.severity, Severity::Warning, "{old}");
        assert!(w.message.contains("deprecated"), "{w}");
        assert_eq!(w.hint.as_deref(), Some(format!("use {new}").as_str()));
        assert!(
            tfdesign_core::generate(&d).is_ok(),
            "warnings do not stop generation"
        );
    }
}

#[test]
fn schedule_expressions_are_parsed_for_real() {
    for good in [
        "cron(0 4 * * ? *)",
        "cron(0/15 8-18 ? * MON-FRI *)",
        "cron(0 12 L * ? 2026-2030)",
        "cron(0 9 ? * 6L *)",
        "cron(0 9 ? * 2#1 *)",
        "cron(0 9 15W * ? *)",
        "cron(0,30 * * JAN,jul ? *)",
        "cron(5-55/10 */2 1-15 */3 ? *)",
        "rate(1 day)",
        "rate(1 minute)",
        "rate(12 hours)",
    ] {
        assert_eq!(schedule_expression(good), Ok(()), "{good}");
    }
    for bad in [
        "cron(0 4 * * ?)",
        "cron(0 4 ? * ? *)",
        "cron(0 4 * * * *)",
        "cron(60 4 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 4 32 * ? *)",
        "cron(0 4 * 13 ? *)",
        "cron(0 4 ? * 8 *)",
        "cron(0 4 ? * MON#6 *)",
        "cron(0 4 ? * FOO *)",
        "cron(0/0 4 * * ? *)",
        "cron(0 4 * * ? 1969)",
        "cron(? 4 * * ? *)",
        "rate(1 hours)",
        "rate(5 minute)",
        "rate(0 minutes)",
        "rate(-1 minutes)",
        "rate(1.5 hours)",
        "rate(5 weeks)",
        "rate(5  minutes)",
        "every day",
        "cron(0 4 * * ? *",
    ] {
        assert!(
            schedule_expression(bad).is_err(),
            "{bad} should be rejected"
        );
    }
}

#[test]
fn unknown_fields_are_reported_at_their_pointer() {
    let mut v: serde_json::Value =
        serde_json::from_str(&presets::sports_cards().to_json()).unwrap();
    v["colour"] = "blue".into();
    v["services"][1]["replicas"] = 3.into();
    v["tiers"][0]["compute"]["spot"] = true.into();
    v["backend"]["regions"]["us-east-1"]["kms"] = "x".into();
    v["services"][0]["lambdas"][0]["layers"] = serde_json::json!([]);
    let text = v.to_string();
    assert!(
        Design::from_json(&text).is_err(),
        "loading refuses unknown fields"
    );
    let found = unknown_fields(&text);
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/backend/regions/us-east-1/kms",
            "/colour",
            "/services/0/lambdas/0/layers",
            "/services/1/replicas",
            "/tiers/0/compute/spot",
        ]
    );
    assert!(found[1].message.contains("\"colour\""), "{}", found[1]);
    assert!(found[4].hint.as_deref().unwrap().contains("asg_desired"));
    assert!(unknown_fields(&presets::sports_cards().to_json()).is_empty());
    assert!(unknown_fields("not json").is_empty());
}

#[test]
fn a_queue_nothing_consumes_is_a_warning_at_the_queue() {
    let spare = |d: &mut Design| {
        d.services[1].queues.push(Queue {
            name: "spare".into(),
            ..Queue::default()
        })
    };
    let severity = check(
        spare,
        "/services/1/queues/1/name",
        "nothing consumes the queue \"spare\"",
    );
    assert_eq!(severity, Severity::Warning);

    // A function it triggers consumes it: the warning goes.
    let mut d = presets::sports_cards();
    spare(&mut d);
    let function = tfdesign_core::design::LambdaFunction {
        name: "drain".into(),
        queue: Some("spare".into()),
        ..Default::default()
    };
    d.services[1].lambdas.push(function);
    let found = validate(&d);
    assert!(
        !found.iter().any(|x| x.message.contains("nothing consumes")),
        "{found:?}"
    );

    // So does the worker.
    let mut d = presets::sports_cards();
    spare(&mut d);
    let worker = d.services[1]
        .worker
        .as_mut()
        .expect("orders-ingestion has a worker");
    worker.queues.push("spare".into());
    let found = validate(&d);
    assert!(
        !found.iter().any(|x| x.message.contains("nothing consumes")),
        "{found:?}"
    );
}
