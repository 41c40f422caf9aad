//! The cost estimate: golden estimates per preset, a hand computation of one deployment from the
//! price table's rows, determinism, totals that add up, and edits that never make it cheaper.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use tfdesign_core::cost::{
    self, table::EMBEDDED_TSV, Estimate, Micros, PriceTable, Usage, UsageInputs,
};
use tfdesign_core::plan::Plan;
use tfdesign_core::{presets, Design};

/// The estimate of `design` with `usage` given as a usage file setting every input.
fn estimate(design: &Design, usage: &Usage) -> Estimate {
    let file = UsageInputs::from(usage.clone());
    cost::estimate(design, &Plan::build(design), PriceTable::embedded(), &file)
}

fn golden(preset: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cost")
        .join(format!("{preset}.txt"))
}

#[test]
fn presets_match_their_golden_estimates() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let text = cost::text(&design.project, &estimate(&design, &Usage::default()));
        let path = golden(name);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text == expected,
            "{name}: the estimate differs from {} (UPDATE_GOLDEN=1 to refresh, then review)\n{text}",
            path.display()
        );
    }
}

/// A price of the embedded table, read here from its text without the crate's parser: the
/// `usd` column of the row of `region` and `key`, as (digits, decimals).
fn row(region: &str, key: &str) -> Option<(u128, u32)> {
    let line = EMBEDDED_TSV.lines().find(|l| {
        let mut cols = l.split('\t');
        cols.next() == Some(region) && cols.next() == Some(key)
    })?;
    let usd = line.split('\t').nth(3)?;
    let (whole, frac) = usd.split_once('.').unwrap_or((usd, ""));
    Some((format!("{whole}{frac}").parse().unwrap(), frac.len() as u32))
}

/// `quantity × price` in micro-dollars, rounded half up, computed from the row's digits.
fn hand(quantity: u128, region: &str, key: &str) -> u64 {
    let (digits, decimals) = row(region, key).unwrap_or_else(|| panic!("{key} in {region}"));
    let scale = 10u128.pow(decimals);
    // micro-dollars = quantity × digits / 10^decimals × 10^6
    ((quantity * digits * 1_000_000 * 2 + scale) / (2 * scale)) as u64
}

#[test]
fn orders_ingestion_prod_us_east_1_matches_a_hand_computation() {
    let design = presets::sports_cards();
    let e = estimate(&design, &Usage::default());
    let root = e
        .root("environments/orders-ingestion/us-east-1/prod")
        .expect("the deployment is estimated");
    let r = "us-east-1";
    // The tier: db.r6g.large, Multi-AZ, 2 Single-AZ read replicas, 100 GiB; WAF on; an API,
    // a worker, a function and a queue. The table has no Multi-AZ row for db.r6g.large in
    // us-east-1, so the primary is two Single-AZ instances (derived).
    assert!(row(r, "rds-postgres:db.r6g.large:multi-az").is_none());
    let alarms = 6 + 1 + 3 + 3 + 2 + 2; // API, worker, function, queue, database, 2 replicas
    let expected: Vec<(&str, u64)> = vec![
        ("kms:key", hand(1, r, "kms:key")),
        ("alb:hour", hand(730, r, "alb:hour")),
        ("waf:web-acl", hand(1, r, "waf:web-acl")),
        (
            "waf:managed-rule-group",
            hand(4, r, "waf:managed-rule-group"),
        ),
        (
            "rds-postgres:db.r6g.large:single-az",
            hand(2 * 730, r, "rds-postgres:db.r6g.large:single-az"),
        ),
        (
            "rds-postgres:db.r6g.large:single-az",
            hand(2 * 730, r, "rds-postgres:db.r6g.large:single-az"),
        ),
        ("rds:gp3:multi-az", hand(100, r, "rds:gp3:multi-az")),
        ("rds:gp3:single-az", hand(2 * 100, r, "rds:gp3:single-az")),
        ("secretsmanager:secret", hand(1, r, "secretsmanager:secret")),
        ("cloudwatch:alarm", hand(alarms, r, "cloudwatch:alarm")),
        ("cloudwatch:alarm", hand(2, r, "cloudwatch:alarm")), // the worker's target tracking
    ];
    let mut got: Vec<(&str, u64)> = root
        .items
        .iter()
        .filter_map(|i| i.monthly.filter(|m| m.0 > 0).map(|m| (i.key.as_str(), m.0)))
        .collect();
    let mut want = expected.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    // $1 + $16.425 + $5 + $4 + 2 × $328.50 + $23 + $23 + $0.40 + $1.70 + $0.20.
    assert_eq!(root.monthly, Micros(731_725_000));
    assert_eq!(root.monthly.dollars(), "$731.73");
    // What the table lacks is shown as such, never as zero: the master secret's replica in
    // us-west-2, RDS Proxy, X-Ray.
    let missing: Vec<String> = root
        .items
        .iter()
        .filter(|i| i.is_missing())
        .map(|i| i.missing_text())
        .collect();
    assert_eq!(
        missing,
        [
            "no price for xray:traces in region us-east-1",
            "no price for secretsmanager:secret in region us-west-2",
            "no price for rds-proxy:vcpu-hour in region us-east-1",
        ]
    );
    assert_eq!(root.missing, 3);
    // The derived primary says so; every usage line is zero and names its input.
    let primary = root
        .items
        .iter()
        .find(|i| {
            i.resource == "module.database.aws_db_instance.this"
                && i.key.starts_with("rds-postgres")
        })
        .unwrap();
    assert!(primary
        .derived
        .as_deref()
        .unwrap()
        .contains("two Single-AZ"));
    for i in root
        .items
        .iter()
        .filter(|i| i.kind == cost::Kind::Usage && !i.is_missing())
    {
        assert_eq!(i.monthly, Some(Micros(0)), "{}", i.component);
        assert!(
            i.note.contains("0 unless the usage file sets"),
            "{}",
            i.note
        );
    }

    // The platform of prod in us-east-1: 5 × m6i.large, 30 GiB each, detailed monitoring.
    let platform = e.root("platform/us-east-1/prod").unwrap();
    let ec2 = platform
        .items
        .iter()
        .find(|i| i.key == "ec2:m6i.large")
        .unwrap();
    assert_eq!(ec2.monthly, Some(Micros(hand(5 * 730, r, "ec2:m6i.large"))));
    assert_eq!(ec2.monthly.unwrap().dollars(), "$350.40");
}

#[test]
fn usage_prices_usage_lines() {
    let design = presets::sports_cards();
    let usage = Usage {
        lambda_requests: 2_000_000,
        lambda_duration_ms: 100,
        alb_lcu_hours: 730,
        ..Usage::default()
    };
    let e = estimate(&design, &usage);
    let root = e
        .root("environments/orders-ingestion/us-east-1/prod")
        .unwrap();
    let by_key = |key: &str| {
        root.items
            .iter()
            .find(|i| i.key == key)
            .and_then(|i| i.monthly)
            .unwrap()
    };
    // 2 M requests × $0.20 per million.
    assert_eq!(
        by_key("lambda:requests"),
        Micros(hand(2, "us-east-1", "lambda:requests"))
    );
    // 2 M × 0.1 s × 256 MB / 1,024 = 50,000 GB-s.
    assert_eq!(
        by_key("lambda:gb-second"),
        Micros(hand(50_000, "us-east-1", "lambda:gb-second"))
    );
    assert_eq!(
        by_key("alb:lcu-hour"),
        Micros(hand(730, "us-east-1", "alb:lcu-hour"))
    );
    assert!(e.total > estimate(&design, &Usage::default()).total);
}

#[test]
fn the_estimate_is_deterministic() {
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let a = estimate(&design, &Usage::default());
        let b = estimate(&design.clone(), &Usage::default());
        assert_eq!(a, b);
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(
            cost::markdown(&design, &Plan::build(&design)),
            cost::markdown(&design, &Plan::build(&design))
        );
    }
}

#[test]
fn every_bundle_has_its_cost_md() {
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let bundle = tfdesign_core::generate(&design).unwrap();
        let text = String::from_utf8(bundle.files["COST.md"].clone()).unwrap();
        let e = estimate(&design, &Usage::default());
        assert!(text.contains(&e.total.dollars()), "{name}");
        assert_eq!(text, cost::markdown(&design, &Plan::build(&design)));
        // Every missing price is named in it.
        for i in e.items().filter(|i| i.is_missing()) {
            assert!(
                text.contains(&i.missing_text()),
                "{name}: {}",
                i.missing_text()
            );
        }
    }
}

#[test]
fn a_design_with_errors_has_no_estimate() {
    let mut design = presets::minimal();
    design.project = "Not A Name".into();
    assert!(cost::of(&design, &UsageInputs::default()).is_err());
    assert!(cost::of(&presets::minimal(), &UsageInputs::default()).is_ok());
}

/// Every row of the embedded table is, byte for byte, a row of the snapshot it was derived
/// from (`../shared/data/aws-prices/prices.tsv`, or `$TFDESIGN_PRICES/prices.tsv`): no number
/// was typed or changed. Skipped, loudly, without the snapshot.
#[test]
fn every_embedded_price_is_a_row_of_the_snapshot() {
    let dir = std::env::var_os("TFDESIGN_PRICES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/aws-prices")
        });
    let Ok(snapshot) = std::fs::read_to_string(dir.join("prices.tsv")) else {
        eprintln!(
            "\nWARNING: SKIPPED the provenance check of the price table: {} is missing\n",
            dir.join("prices.tsv").display()
        );
        return;
    };
    let rows: std::collections::BTreeSet<&str> = snapshot.lines().collect();
    let mut lines = EMBEDDED_TSV.lines();
    assert_eq!(lines.next(), snapshot.lines().next(), "the header");
    for line in lines {
        assert!(rows.contains(line), "not in the snapshot: {line}");
    }
    let notice = std::fs::read_to_string(dir.join("NOTICE")).unwrap();
    assert_eq!(notice, include_str!("../src/cost/NOTICE"));
}

fn arb_design() -> impl Strategy<Value = (Design, usize, Usage)> {
    let classes = tfdesign_core::catalog::DB_CLASSES;
    let types = tfdesign_core::catalog::INSTANCE_TYPES;
    (
        0..classes.len(),
        0..types.len(),
        any::<bool>(),
        0u32..5,
        any::<bool>(),
        1u32..8,
        0..2usize,
        0..3usize,
        (0u64..5_000_000, 0u64..3_000, 0u64..500),
    )
        .prop_map(
            |(
                class,
                ty,
                multi_az,
                replicas,
                replica_multi_az,
                desired,
                preset,
                tier,
                (req, ms, gb),
            )| {
                let mut design = presets::get(presets::NAMES[preset]).unwrap();
                let tier = tier % design.tiers.len();
                let t = &mut design.tiers[tier];
                t.database.instance_class = classes[class].into();
                t.database.multi_az = multi_az;
                t.database.read_replicas = replicas;
                t.database.replica_multi_az = replica_multi_az;
                t.compute.instance_type = types[ty].into();
                t.compute.asg_desired = desired;
                t.compute.asg_max = t.compute.asg_max.max(desired);
                let usage = Usage {
                    lambda_requests: req,
                    lambda_duration_ms: ms,
                    log_ingest_gb: gb,
                    sqs_requests: req,
                    s3_storage_gb: gb,
                    replication_gb: gb,
                    ..Usage::default()
                };
                (design, tier, usage)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn totals_are_the_sums_of_their_lines((design, _, usage) in arb_design()) {
        let e = estimate(&design, &usage);
        let lines: Micros = e.items().filter_map(|i| i.monthly).sum();
        prop_assert_eq!(e.total, lines);
        prop_assert_eq!(e.missing, e.items().filter(|i| i.is_missing()).count());
        for root in &e.roots {
            let sum: Micros = root.items.iter().filter_map(|i| i.monthly).sum();
            prop_assert_eq!(root.monthly, sum);
        }
        for rollups in [&e.by_tier, &e.by_service, &e.by_region, &e.by_kind] {
            let sum: Micros = rollups.iter().map(|r| r.monthly).sum();
            prop_assert_eq!(sum, e.total);
        }
    }

    #[test]
    fn a_replica_or_multi_az_never_lowers_the_total((design, tier, usage) in arb_design()) {
        let before = estimate(&design, &usage);
        let mut more = design.clone();
        more.tiers[tier].database.read_replicas += 1;
        prop_assert!(estimate(&more, &usage).total >= before.total);
        let mut multi = design.clone();
        multi.tiers[tier].database.multi_az = true;
        prop_assert!(estimate(&multi, &usage).total >= before.total);
        let mut replica_multi = design;
        replica_multi.tiers[tier].database.replica_multi_az = true;
        prop_assert!(estimate(&replica_multi, &usage).total >= before.total);
    }
}

/// Resource types the estimate prices (core/src/cost/rules.rs).
const PRICED: &[&str] = &[
    "aws_appautoscaling_policy",
    "aws_autoscaling_group",
    "aws_cloudfront_distribution",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_db_instance",
    "aws_db_proxy",
    "aws_dynamodb_table",
    "aws_ecs_capacity_provider",
    "aws_elasticache_replication_group",
    "aws_apigatewayv2_api",
    "aws_ecs_cluster",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_launch_template",
    "aws_lb",
    "aws_s3_bucket",
    "aws_s3_bucket_replication_configuration",
    "aws_secretsmanager_secret",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_wafv2_web_acl",
];

/// Resource types with no charge of their own (their cost, if any, is in a priced resource:
/// a listener or target group in its load balancer's hours and LCUs, a task definition in the
/// hosts it runs on, a secret version in its secret).
const NO_CHARGE: &[&str] = &[
    "aws_acm_certificate",
    "aws_apigatewayv2_api_mapping",
    "aws_apigatewayv2_authorizer",
    "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_integration",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_stage",
    "aws_cloudfront_origin_access_control",
    "aws_cloudfront_response_headers_policy",
    "aws_dynamodb_resource_policy",
    "aws_acm_certificate_validation",
    "aws_appautoscaling_target",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target",
    "aws_db_parameter_group",
    "aws_db_proxy_default_target_group",
    "aws_db_proxy_target",
    "aws_db_subnet_group",
    "aws_ecs_cluster_capacity_providers",
    "aws_elasticache_parameter_group",
    "aws_elasticache_subnet_group",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_iam_group",
    "aws_iam_group_policy_attachment",
    "aws_iam_instance_profile",
    "aws_iam_openid_connect_provider",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_user",
    "aws_iam_user_group_membership",
    "aws_kms_alias",
    "aws_lambda_code_signing_config",
    "aws_lambda_event_source_mapping",
    "aws_lambda_function_url",
    "aws_lambda_permission",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_route53_record",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_secretsmanager_secret_version",
    "aws_security_group",
    "aws_signer_signing_profile",
    "aws_sns_topic_policy",
    "aws_sns_topic_subscription",
    "aws_sqs_queue_policy",
    "aws_sqs_queue_redrive_allow_policy",
    "aws_ssm_parameter",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_wafv2_web_acl_association",
    "aws_wafv2_web_acl_logging_configuration",
    "random_id",
    "random_password",
    "time_rotating",
];

/// A resource type the emitters start using fails here until the estimate prices it (or it is
/// listed as having no charge of its own), so the estimate keeps covering the bundle.
#[test]
fn every_resource_type_of_the_presets_is_priced_or_free() {
    // The presets, and the seed with every building block (`kinds::ALL`) in every service that
    // can take it, and each block that is a service of its own (a static frontend) as one more
    // service: a new block's resources are priced before any preset has it.
    let mut every_block = presets::sports_cards();
    use tfdesign_core::edit::{self, Block};
    for i in 0..every_block.services.len() {
        for block in Block::all() {
            if edit::can_add(&every_block, i, block) {
                edit::add_block(&mut every_block, i, block);
            }
        }
    }
    for alone in Block::all().filter(|b| b.kind().alone()) {
        let s = edit::add_service(&mut every_block);
        for block in Block::all() {
            while block.kind().present(&every_block.services[s]) {
                edit::remove_block(&mut every_block, s, block, 0);
            }
        }
        assert!(edit::add_block(&mut every_block, s, alone).is_some());
    }
    every_block.tiers[0].storage.tables.billing = tfdesign_core::design::TableBilling::Provisioned;
    let designs = presets::NAMES
        .iter()
        .map(|name| (*name, presets::get(name).unwrap()))
        .chain([("sports-cards with every building block", every_block)]);
    for (name, design) in designs {
        let bundle = tfdesign_core::generate(&design).unwrap();
        for (path, bytes) in bundle.files.iter().filter(|(p, _)| p.ends_with(".tf")) {
            for line in String::from_utf8_lossy(bytes).lines() {
                let Some(rest) = line.strip_prefix("resource \"") else {
                    continue;
                };
                let ty = rest.split('"').next().unwrap_or_default();
                assert!(
                    PRICED.contains(&ty) || NO_CHARGE.contains(&ty),
                    "{name}: {path} creates {ty}: price it in core/src/cost/rules.rs (or list it as having no charge) and add it here"
                );
            }
        }
    }
}

/// The estimate of `design` with its own usage section and no usage file.
fn of_design(design: &Design) -> Estimate {
    cost::of(design, &UsageInputs::default()).unwrap()
}

#[test]
fn the_design_usage_prices_usage_lines_per_service_and_a_usage_file_replaces_it() {
    use tfdesign_core::edit;
    let plain = presets::sports_cards();
    let before = of_design(&plain);
    let mut design = plain.clone();

    // Design-wide: the same estimate as a usage file that sets the same input.
    assert!(edit::set_usage(
        &mut design,
        None,
        "kms_requests",
        Some(1_000_000)
    ));
    let all = of_design(&design);
    let file = UsageInputs {
        kms_requests: Some(1_000_000),
        ..UsageInputs::default()
    };
    assert_eq!(
        all.total,
        cost::of(&plain, &file).unwrap().total,
        "design usage = usage file"
    );
    assert!(all.total > before.total);
    assert!(all.service_usage.is_empty());
    assert_eq!(all.usage.kms_requests, 1_000_000);

    // Per service: only that service's roots change, by the hand-computed LCU line.
    let api = design
        .services
        .iter()
        .position(|s| s.name == "orders-ingestion")
        .unwrap();
    assert!(edit::set_usage(
        &mut design,
        Some(api),
        "alb_lcu_hours",
        Some(1_000)
    ));
    let own = of_design(&design);
    assert_eq!(own.service_usage["orders-ingestion"].alb_lcu_hours, 1_000);
    assert_eq!(
        own.service_usage["orders-ingestion"].kms_requests,
        1_000_000
    );
    let mut changed = 0;
    for root in &own.roots {
        let was = all.root(&root.root).unwrap();
        if root.service == "orders-ingestion" {
            let lcu = root.items.iter().find(|i| i.key == "alb:lcu-hour").unwrap();
            if let Some(m) = lcu.monthly {
                assert_eq!(m, Micros(hand(1_000, &lcu.price_region, "alb:lcu-hour")));
                assert_eq!(root.monthly, Micros(was.monthly.0 + m.0), "{}", root.root);
                changed += 1;
            }
            assert_eq!(
                lcu.note,
                "usage: alb_lcu_hours = 1000 (LCU-hours per load balancer)"
            );
        } else {
            assert_eq!(root.monthly, was.monthly, "{}", root.root);
        }
    }
    assert!(changed >= 3, "every priced deployment of the service");

    // A usage file replaces the design's value of each input it sets, everywhere, and keeps
    // the others.
    let zero_lcu = UsageInputs {
        alb_lcu_hours: Some(0),
        ..UsageInputs::default()
    };
    let back = cost::of(&design, &zero_lcu).unwrap();
    assert_eq!(back.total, all.total);
    assert!(back.service_usage.is_empty());

    // The text report and COST.md say what they assumed.
    let text = cost::text(&design.project, &own);
    assert!(
        text.contains("every root: kms_requests = 1000000"),
        "{text}"
    );
    assert!(
        text.contains("orders-ingestion: alb_lcu_hours = 1000"),
        "{text}"
    );
    let bundle = tfdesign_core::generate(&design).unwrap();
    let md = String::from_utf8(bundle.files["COST.md"].clone()).unwrap();
    assert!(md.contains("## Usage assumptions"), "{md}");
    assert!(
        md.contains("- orders-ingestion: alb\\_lcu\\_hours = 1000")
            || md.contains("- orders-ingestion: alb_lcu_hours = 1000"),
        "{md}"
    );
    assert!(
        md.contains(&format!("**{} a month", own.total.dollars())),
        "{md}"
    );
    let plain_md =
        String::from_utf8(tfdesign_core::generate(&plain).unwrap().files["COST.md"].clone())
            .unwrap();
    assert!(!plain_md.contains("Usage assumptions"));
}

#[test]
fn usage_inputs_are_checked_at_their_field() {
    use tfdesign_core::validate::validate;
    let mut design = presets::sports_cards();
    design.usage.defaults.lambda_duration_ms = Some(900_001);
    design.usage.services.insert(
        "no-such-service".into(),
        UsageInputs {
            sqs_requests: Some(1),
            ..UsageInputs::default()
        },
    );
    design.usage.services.insert(
        "orders-ingestion".into(),
        UsageInputs {
            waf_requests: Some(u64::MAX),
            ..UsageInputs::default()
        },
    );
    let errors: Vec<(String, String)> = validate(&design)
        .into_iter()
        .filter(|d| d.severity == tfdesign_core::Severity::Error)
        .map(|d| (d.path, d.message))
        .collect();
    let at = |path: &str| {
        errors
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error at {path}: {errors:?}"))
    };
    assert!(at("/usage/defaults/lambda_duration_ms").contains("0 to 900,000 ms"));
    assert!(at("/usage/services/no-such-service").contains("does not have"));
    assert!(at("/usage/services/orders-ingestion/waf_requests")
        .contains("0 to 1,000,000,000,000 requests a month"));
    assert_eq!(errors.len(), 3, "{errors:?}");
    // In a file, a negative or fractional value is refused when it is read (like any other
    // number of the design: it is no u64), and an unknown input is named.
    let mut json: serde_json::Value = serde_json::from_str(&presets::minimal().to_json()).unwrap();
    json["usage"] = serde_json::json!({ "defaults": { "sqs_requests": -1 } });
    let e = Design::from_json(&json.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("integer `-1`"), "{e}");
    json["usage"] = serde_json::json!({ "defaults": { "sqs_requests": 1.5 } });
    assert!(Design::from_json(&json.to_string()).is_err());
    json["usage"] = serde_json::json!({ "defaults": { "sqs_request": 1 } });
    let e = Design::from_json(&json.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("sqs_request"), "{e}");
}
