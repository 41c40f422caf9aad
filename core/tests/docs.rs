//! The bundle's Markdown says what the Terraform next to it does: no section about a building
//! block the bundle lacks, and the weaker-choices list is exactly the `checkov:skip`s of the
//! `.tf` files.

use std::collections::BTreeSet;
use tfdesign_core::bundle::Bundle;
use tfdesign_core::design::Design;
use tfdesign_core::{generate, presets};

fn bundle(design: &Design) -> Bundle {
    generate(design).expect("the design is valid")
}

fn text<'a>(b: &'a Bundle, path: &str) -> &'a str {
    b.text(path)
        .unwrap_or_else(|| panic!("the bundle has {path}"))
}

/// sports-cards without any read replica (same region or DR): every database lets RDS manage
/// its password, the DR roots get fresh databases.
fn sports_cards_without_replicas() -> Design {
    let mut d = presets::sports_cards();
    for t in &mut d.tiers {
        t.database.read_replicas = 0;
        t.database.cross_region_replica = false;
    }
    d
}

/// Every design the tests below read, by name.
fn designs() -> Vec<(&'static str, Design)> {
    vec![
        ("sports-cards", presets::sports_cards()),
        ("minimal", presets::minimal()),
        (
            "sports-cards without replicas",
            sports_cards_without_replicas(),
        ),
    ]
}

/// `(check id, design fields)` of every `checkov:skip` comment in the bundle's `.tf` files.
fn tf_skips(b: &Bundle) -> BTreeSet<(String, String)> {
    let mut skips = BTreeSet::new();
    for (path, bytes) in &b.files {
        if !path.ends_with(".tf") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for line in text.lines() {
            let Some((_, rest)) = line.split_once("# checkov:skip=") else {
                continue;
            };
            let (id, reason) = rest.split_once(':').expect("skip with a reason");
            skips.insert((id.to_string(), fields(reason)));
        }
    }
    skips
}

/// The design fields a skip reason names: the text before its explanation in parentheses.
fn fields(reason: &str) -> String {
    reason
        .split_once(" (")
        .map_or(reason, |(f, _)| f)
        .trim()
        .to_string()
}

/// `(check id, design fields)` of every line of ARCHITECTURE.md's weaker-choices list.
fn doc_skips(b: &Bundle) -> BTreeSet<(String, String)> {
    let arch = text(b, "ARCHITECTURE.md");
    let section = arch
        .split_once("### This design's weaker choices")
        .expect("the section exists")
        .1;
    let section = section.split("\n## ").next().unwrap_or_default();
    let mut skips = BTreeSet::new();
    for line in section.lines() {
        let Some(item) = line.strip_prefix("- ") else {
            continue;
        };
        let Some((ids, reason)) = item.split_once(": ") else {
            continue;
        };
        if !ids.starts_with("CKV") {
            continue;
        }
        for id in ids.split(", ") {
            skips.insert((id.to_string(), fields(reason)));
        }
    }
    skips
}

#[test]
fn weaker_choices_list_exactly_the_skips_in_the_terraform() {
    for (name, design) in designs() {
        let b = bundle(&design);
        let tf = tf_skips(&b);
        assert!(!tf.is_empty(), "{name}: the presets have weaker choices");
        assert_eq!(
            doc_skips(&b),
            tf,
            "{name}: ARCHITECTURE.md vs the .tf files"
        );
    }
}

/// Paragraph-level texts of the bundle's own documents.
fn top_docs(b: &Bundle) -> String {
    ["README.md", "ARCHITECTURE.md", "NOTES.md", "DIAGRAM.md"]
        .iter()
        .map(|p| text(b, p))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn minimal_docs_mention_no_component_it_lacks() {
    let b = bundle(&presets::minimal());
    assert!(
        !b.files.keys().any(|p| p.contains("rds-database")
            || p.contains("lambda")
            || p.contains("sqs")
            || p.contains("cloudwatch-rule")
            || p.contains("ecs-worker")),
        "the minimal preset has an API only"
    );
    let docs = top_docs(&b);
    for word in [
        "RDS",
        "database",
        "Lambda",
        "queue",
        "SQS",
        "dead-letter",
        "worker task",
        "Queue workers",
        "schedule",
        "read replica",
        "replica lag",
        "Fail over",
        "db_promoted",
        "random_password",
        "master secret",
        "rds-db:connect",
        "Proxy",
        "-dr`",
        "users get permissions",
        "S3 data-access",
        "groups get it",
        "readers",
        "presets",
        // Instance types of sports-cards.
        "m6i.large",
        "t3.medium",
    ] {
        assert!(
            !docs.contains(word),
            "minimal's docs mention {word:?}: {}",
            context(&docs, word)
        );
    }
    assert!(text(&b, "ARCHITECTURE.md").contains("The design has no disaster-recovery region."));
    assert!(
        text(&b, "README.md").contains(
            "Terraform for 1 service × 1 tier in 1 region: 1 deployment root, 1 platform root"
        ),
        "singular counts"
    );
    assert!(text(&b, "NOTES.md").contains("- 1 deployment root (1 primary, 0 disaster recovery)"));
    assert!(text(&b, "NOTES.md").contains("(2 tasks on a `t3.small`)"));
    assert!(text(&b, "ARCHITECTURE.md").contains(
        "| Tier | Regions | Hosts (min/desired/max) | Instance | Tasks | Log retention |"
    ));
}

fn context(text: &str, word: &str) -> String {
    let i = text.find(word).unwrap_or_default();
    let start = text[..i].char_indices().rev().nth(80).map_or(0, |(j, _)| j);
    let end = text[i..]
        .char_indices()
        .nth(80)
        .map_or(text.len(), |(j, _)| i + j);
    text[start..end].to_string()
}

/// Every deployment root's README mentions a variable or output only if the root has it.
#[test]
fn root_readmes_name_only_their_own_variables_and_outputs() {
    for (name, design) in designs() {
        let b = bundle(&design);
        for path in b
            .files
            .keys()
            .filter(|p| p.starts_with("environments/") && p.ends_with("/README.md"))
        {
            let dir = path.trim_end_matches("README.md");
            let readme = text(&b, path);
            let tf: String = b
                .files
                .iter()
                .filter(|(p, _)| p.starts_with(dir) && p.ends_with(".tf"))
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .collect();
            for ident in [
                "schedules_enabled",
                "alb_dns_name",
                "db_promoted",
                "db_deletion_protection",
            ] {
                if readme.contains(ident) {
                    assert!(
                        tf.contains(ident),
                        "{name}: {path} mentions {ident}, which the root does not have"
                    );
                }
            }
            if !tf.contains("alb_dns_name") {
                assert!(
                    !readme.contains("Route 53") && !readme.contains("load balancer"),
                    "{name}: {path} has no load balancer but talks about traffic"
                );
            }
            assert!(
                !readme.contains("NOTES.md"),
                "{name}: {path}: the runbook and DNS notes are in ARCHITECTURE.md"
            );
        }
    }
}

#[test]
fn architecture_mentions_schedules_enabled_only_with_schedules() {
    for (name, mut design) in designs() {
        for with_schedules in [true, false] {
            if !with_schedules {
                for s in &mut design.services {
                    s.schedules.clear();
                }
            }
            let b = bundle(&design);
            let tf_has = b.files.iter().any(|(p, bytes)| {
                p.ends_with(".tf") && String::from_utf8_lossy(bytes).contains("schedules_enabled")
            });
            let docs = top_docs(&b);
            assert_eq!(
                docs.contains("schedules_enabled"),
                tf_has,
                "{name} (schedules: {with_schedules})"
            );
        }
    }
}

#[test]
fn the_master_password_is_said_to_be_in_saved_plans() {
    for (name, design) in designs() {
        let b = bundle(&design);
        let docs = top_docs(&b);
        assert!(
            !docs.contains("tfvars, plan or") && !docs.contains("tfvars file, plan or"),
            "{name}: a saved plan holds the prior state, password included"
        );
        if docs.contains("random_password") {
            for doc in ["ARCHITECTURE.md", "NOTES.md"] {
                assert!(
                    text(&b, doc).contains("saved plan")
                        && text(&b, doc).contains("retention-days: 1"),
                    "{name}: {doc} says where Terraform's password is"
                );
            }
        }
        let workflow = text(&b, ".github/workflows/terraform.yml");
        if docs.contains("retention-days: 1") {
            assert!(workflow.contains("retention-days: 1"), "{name}");
        }
    }
}

#[test]
fn only_a_design_with_replicas_describes_terraforms_password() {
    let b = bundle(&sports_cards_without_replicas());
    assert!(!b
        .files
        .iter()
        .any(|(p, bytes)| p.ends_with(".tf")
            && String::from_utf8_lossy(bytes).contains("CKV2_AWS_57")));
    let docs = top_docs(&b);
    let readmes: String = b
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("environments/") && p.ends_with("README.md"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let docs = docs + &readmes;
    for word in [
        "random_password",
        "CKV2_AWS_57",
        "db_master_password_version",
        "Fail over",
        "DB_READ_HOSTS",
        "read-only replica",
        "db_promoted",
    ] {
        assert!(!docs.contains(word), "{word:?}: {}", context(&docs, word));
    }
    assert!(docs.contains("rotates it every 7 days"));
}

#[test]
fn deployment_order_creates_the_dr_keys_before_the_primary() {
    let b = bundle(&presets::sports_cards());
    let readme = text(&b, "README.md");
    let key = readme
        .find("`prod`, first apply only")
        .expect("the one-time key step");
    assert!(readme[key..].contains("terraform apply -target=aws_kms_alias.this"));
    let primary = readme
        .find("`prod` in us-east-1")
        .expect("prod primary step");
    assert!(
        key < primary,
        "the DR keys come before the primary's first apply"
    );
    for d in [
        "card-catalog-api",
        "orders-ingestion",
        "manufacturing-orchestrator",
    ] {
        assert!(readme[key..primary].contains(&format!("`environments/{d}/us-west-2/prod/`")));
    }
    for (name, design) in [
        ("minimal", presets::minimal()),
        ("without replicas", sports_cards_without_replicas()),
    ] {
        assert!(
            !text(&bundle(&design), "README.md").contains("aws_kms_alias"),
            "{name}: no cross-region replica, no key step"
        );
    }
}

#[test]
fn tier_tables_count_the_replicas_each_region_has() {
    let b = bundle(&presets::sports_cards());
    let dr_tfvars = text(
        &b,
        "environments/card-catalog-api/us-west-2/prod/terraform.tfvars",
    );
    assert!(dr_tfvars.contains("db_read_replica_count    = 0"));
    for doc in ["ARCHITECTURE.md", "NOTES.md"] {
        let row = text(&b, doc)
            .lines()
            .find(|l| l.starts_with("| prod |"))
            .expect("prod row");
        assert!(
            row.contains("| 2 in us-east-1, 0 in us-west-2 |"),
            "{doc}: {row}"
        );
    }
}

#[test]
fn the_fail_back_runbook_matches_the_databases() {
    let b = bundle(&presets::sports_cards());
    let arch = text(&b, "ARCHITECTURE.md");
    // Prod keeps deletion protection on its database and replicas; replicas skip the final
    // snapshot; a -replace of the instance alone keeps the random suffix.
    let module = text(&b, "modules/rds-database/main.tf");
    assert!(module.contains("skip_final_snapshot                   = true"));
    for doc in [
        arch,
        text(&b, "environments/card-catalog-api/us-west-2/prod/README.md"),
    ] {
        assert!(doc.contains("--no-deletion-protection"));
        assert!(doc.contains("--skip-final-snapshot"));
        assert!(doc.contains("-replace=module.database.random_id.final_snapshot"));
        assert!(!doc.contains("only records it"));
    }
    assert!(!b.files.iter().any(|(p, bytes)| p.ends_with(".tf")
        && String::from_utf8_lossy(bytes).contains("ecs:UpdateTaskProtection")));
    assert!(arch.contains("The bundle does not grant `ecs:UpdateTaskProtection`"));
}
