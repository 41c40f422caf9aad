//! Issue 20, operations: schedules stay off in disaster-recovery roots until failover,
//! dead-letter queues outlive their queues, Lambda placeholders serve the configured handler
//! and code deploys are not reverted, production alarms reach someone, and the deployment key
//! lets CloudWatch use it only for the alarm topic.

use tfdesign_core::validate::validate;
use tfdesign_core::{generate, presets, Severity};

fn sports_cards() -> tfdesign_core::Bundle {
    generate(&presets::sports_cards()).expect("generates")
}

#[test]
fn schedules_are_created_disabled_in_the_dr_region_and_enabled_in_the_primary() {
    let b = sports_cards();
    let root = "environments/manufacturing-orchestrator";
    let dr = b
        .text(&format!("{root}/us-west-2/prod/terraform.tfvars"))
        .unwrap();
    assert!(
        dr.contains("schedules_enabled ") && dr.contains("= false"),
        "{dr}"
    );
    for tier in ["dev", "staging", "prod"] {
        let primary = b
            .text(&format!("{root}/us-east-1/{tier}/terraform.tfvars"))
            .unwrap();
        let line = primary
            .lines()
            .find(|l| l.starts_with("schedules_enabled"))
            .expect("set");
        assert!(line.ends_with("= true"), "{tier}: {line}");
    }
    let main = b.text(&format!("{root}/us-west-2/prod/main.tf")).unwrap();
    let wired = main
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("enabled") && l.trim_end().ends_with("var.schedules_enabled")
        })
        .count();
    assert_eq!(wired, 2, "both schedules follow the variable:\n{main}");
    let rule = b.text("modules/cloudwatch-rule/main.tf").unwrap();
    assert!(
        rule.contains("state               = var.enabled ? \"ENABLED\" : \"DISABLED\""),
        "{rule}"
    );
    // Services without schedules have no such variable.
    let catalog = b
        .text("environments/card-catalog-api/us-west-2/prod/variables.tf")
        .unwrap();
    assert!(!catalog.contains("schedules_enabled"));
    // The failover step is documented where the schedules are.
    let arch = b.text("ARCHITECTURE.md").unwrap();
    assert!(arch.contains("set `schedules_enabled = true`"), "{arch}");
}

#[test]
fn dead_letter_queues_keep_messages_longer_than_their_queues() {
    let b = sports_cards();
    let vars = b.text("modules/sqs-queue/variables.tf").unwrap();
    let default_of = |name: &str| -> u64 {
        let start = vars.find(&format!("variable \"{name}\"")).expect(name);
        let block = &vars[start..];
        let line = block
            .lines()
            .find(|l| l.trim_start().starts_with("default"))
            .unwrap();
        line.rsplit('=').next().unwrap().trim().parse().unwrap()
    };
    assert!(default_of("message_retention_seconds") < default_of("dlq_message_retention_seconds"));
    let main = b.text("modules/sqs-queue/main.tf").unwrap();
    assert!(
        main.contains(
            "condition     = var.message_retention_seconds < var.dlq_message_retention_seconds"
        ),
        "{main}"
    );
}

#[test]
fn the_lambda_placeholder_serves_the_handler_and_code_deploys_are_not_reverted() {
    let b = sports_cards();
    let main = b.text("modules/lambda-microservice/main.tf").unwrap();
    for needle in [
        "source_content          = local.placeholder_code",
        "source_content_filename = local.placeholder_file",
        "ignore_changes = [filename, source_code_hash]",
        "\"${replace(local.handler_file, \".\", \"/\")}.py\"",
        "\"${local.handler_file}.js\"",
    ] {
        assert!(main.contains(needle), "{needle} missing:\n{main}");
    }
    assert!(
        main.contains("def ${local.handler_function}(event, context)"),
        "{main}"
    );
    assert!(
        main.contains("exports.${local.handler_function} = async"),
        "{main}"
    );
    assert!(
        b.files.keys().all(|p| !p.contains("/placeholder/")),
        "no fixed placeholder files"
    );
    // A handler that names no function is refused.
    let mut d = presets::sports_cards();
    d.services[0].lambdas[0].handler = "index".into();
    assert!(validate(&d)
        .iter()
        .any(|f| f.severity == Severity::Error && f.path == "/services/0/lambdas/0/handler"));
}

#[test]
fn production_alarms_must_notify_someone() {
    let mut d = presets::sports_cards();
    let prod = d.tiers.iter().position(|t| t.name == "prod").unwrap();
    assert_eq!(
        d.tiers[prod].alarms.notify_emails,
        ["platform-oncall@example.com"]
    );
    d.tiers[prod].alarms.notify_emails.clear();
    let at = format!("/tiers/{prod}/alarms/notify_emails");
    assert!(validate(&d)
        .iter()
        .any(|f| f.severity == Severity::Error && f.path == at));
    // A tier with neither a DR region nor deletion protection may stay quiet.
    assert!(!validate(&presets::minimal())
        .iter()
        .any(|f| f.path.ends_with("/alarms/notify_emails")));
    let b = sports_cards();
    let tfvars = b
        .text("environments/orders-ingestion/us-east-1/prod/terraform.tfvars")
        .unwrap();
    assert!(tfvars.contains("platform-oncall@example.com"), "{tfvars}");
}

#[test]
fn cloudwatch_may_use_the_key_only_for_the_alarm_topic() {
    let b = sports_cards();
    let main = b
        .text("environments/orders-ingestion/us-east-1/prod/main.tf")
        .unwrap();
    let start = main.find("CloudWatchAlarmsPublishToTheTopic").unwrap();
    let statement = &main[start..start + 900];
    assert!(
        statement.contains(
            "\"kms:EncryptionContext:aws:sns:topicArn\" = \"arn:${data.aws_partition.current.partition}:sns:${var.aws_region}:${data.aws_caller_identity.current.account_id}:${local.name}-alarms\""
        ),
        "{statement}"
    );
    assert!(
        main.contains("name              = \"${local.name}-alarms\""),
        "the topic has that name"
    );
}
