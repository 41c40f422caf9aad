//! Secure by default: every `checkov:skip` in a bundle is explained by a design field, setting
//! that field to its secure value removes the skip, and checkov itself finds nothing else (when
//! the Terraform oracle is installed), in the presets and in a design with every field secure.

use std::path::{Path, PathBuf};
use std::process::Command;
use tfdesign_core::design::{
    CodeSigning, Design, IamUser, LambdaFunction, Region, RegionRole, StateBackend,
};
use tfdesign_core::{generate, presets, validate_all, Severity};

/// Where a skip's reason names the design field that chose the weaker setting.
const FIELD_PREFIXES: &[&str] = &["security.", "tiers[", "iam.users", "regions (", "services["];

fn design(preset: &str) -> Design {
    presets::get(preset).expect("preset")
}

/// Every `checkov:skip` comment of the bundle's Terraform files, as `ID:reason`.
fn skips(design: &Design) -> Vec<String> {
    let bundle = generate(design).unwrap_or_else(|d| panic!("design does not generate: {d:?}"));
    let mut found = Vec::new();
    for (path, bytes) in &bundle.files {
        if !path.ends_with(".tf") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for line in text.lines() {
            if let Some(skip) = line.trim().strip_prefix("# checkov:skip=") {
                found.push(skip.to_string());
            }
        }
    }
    found
}

fn naming(skips: &[String], field: &str) -> usize {
    skips.iter().filter(|s| s.contains(field)).count()
}

#[test]
fn every_skip_names_a_design_field() {
    for preset in presets::NAMES {
        let all = skips(&design(preset));
        assert!(!all.is_empty(), "{preset}: expected some skips");
        for skip in &all {
            let (id, reason) = skip.split_once(':').expect("ID:reason");
            assert!(
                id.starts_with("CKV"),
                "{preset}: not a checkov id in {skip}"
            );
            let explained = FIELD_PREFIXES.iter().any(|p| reason.starts_with(p));
            assert!(explained, "{preset}: unexplained skip {skip}");
        }
    }
}

/// A design change that sets one field to its secure value, with the text its skips contain.
struct Flip {
    field: &'static str,
    weaken: fn(&mut Design),
    secure: fn(&mut Design),
}

fn tier_mut<'a>(d: &'a mut Design, name: &str) -> &'a mut tfdesign_core::design::Tier {
    d.tiers.iter_mut().find(|t| t.name == name).expect("tier")
}

fn tier_security<'a>(d: &'a mut Design, name: &str) -> &'a mut tfdesign_core::design::TierSecurity {
    d.security.tiers.entry(name.to_string()).or_default()
}

fn service_security<'a>(
    d: &'a mut Design,
    name: &str,
) -> &'a mut tfdesign_core::design::ServiceSecurity {
    d.security.services.entry(name.to_string()).or_default()
}

fn lambda_mut<'a>(
    d: &'a mut Design,
    service: &str,
    name: &str,
) -> &'a mut tfdesign_core::design::LambdaFunction {
    d.services
        .iter_mut()
        .find(|s| s.name == service)
        .and_then(|s| s.lambdas.iter_mut().find(|l| l.name == name))
        .expect("lambda")
}

fn nothing(_: &mut Design) {}

const FLIPS: &[Flip] = &[
    Flip {
        field: "security.tiers[dev].domain unset",
        weaken: nothing,
        secure: |d| {
            let sec = tier_security(d, "dev");
            sec.domain = Some("dev.example.com".into());
            sec.route53_zone_id = Some("Z0123456789DEVZONE".into());
        },
    },
    Flip {
        field: "security.tiers[prod].http_redirect = true",
        weaken: nothing,
        secure: |d| tier_security(d, "prod").http_redirect = false,
    },
    Flip {
        field: "security.tiers[dev].waf = false",
        weaken: nothing,
        secure: |d| tier_security(d, "dev").waf = true,
    },
    Flip {
        field: "security.tiers[staging].alb_deletion_protection = false",
        weaken: nothing,
        secure: |d| tier_security(d, "staging").alb_deletion_protection = true,
    },
    Flip {
        field: "tiers[dev].log_retention_days = 7",
        weaken: nothing,
        secure: |d| tier_mut(d, "dev").log_retention_days = 365,
    },
    Flip {
        field: "tiers[staging].database.multi_az = false",
        weaken: nothing,
        secure: |d| tier_mut(d, "staging").database.multi_az = true,
    },
    Flip {
        field: "tiers[prod].database.replica_multi_az = false",
        weaken: nothing,
        secure: |d| tier_mut(d, "prod").database.replica_multi_az = true,
    },
    Flip {
        field: "tiers[dev].database.backup_retention_days = 0",
        weaken: |d| tier_mut(d, "dev").database.backup_retention_days = 0,
        secure: |d| tier_mut(d, "dev").database.backup_retention_days = 7,
    },
    Flip {
        field: "tiers[dev].database.deletion_protection = false",
        weaken: nothing,
        // A tier whose databases refuse deletion is production: its alarms must notify someone.
        secure: |d| {
            let dev = tier_mut(d, "dev");
            dev.database.deletion_protection = true;
            dev.alarms.notify_emails = vec!["oncall@example.com".into()];
        },
    },
    Flip {
        field: "tiers[dev].database.performance_insights = false",
        weaken: nothing,
        secure: |d| tier_mut(d, "dev").database.performance_insights = true,
    },
    Flip {
        field: "security.services[card-catalog-api].read_only_root_filesystem = false",
        weaken: |d| service_security(d, "card-catalog-api").read_only_root_filesystem = false,
        secure: |d| service_security(d, "card-catalog-api").read_only_root_filesystem = true,
    },
    Flip {
        field: "security.services[orders-ingestion].lambda_code_signing = off",
        weaken: |d| service_security(d, "orders-ingestion").lambda_code_signing = CodeSigning::Off,
        secure: |d| {
            service_security(d, "orders-ingestion").lambda_code_signing = CodeSigning::Enforce
        },
    },
    Flip {
        field: "services[orders-ingestion].lambdas[order-validator].public_url = true",
        weaken: |d| lambda_mut(d, "orders-ingestion", "order-validator").public_url = true,
        secure: |d| lambda_mut(d, "orders-ingestion", "order-validator").public_url = false,
    },
    Flip {
        field: "security.s3_event_notifications = false",
        weaken: |d| d.security.s3_event_notifications = false,
        secure: |d| d.security.s3_event_notifications = true,
    },
    Flip {
        field: "security.access_log_replication = false",
        weaken: |d| d.security.access_log_replication = false,
        secure: |d| d.security.access_log_replication = true,
    },
    Flip {
        field: "security.access_log_buckets unset",
        weaken: nothing,
        secure: |d| {
            for region in ["us-east-1", "us-west-2"] {
                d.security
                    .access_log_buckets
                    .insert(region.into(), format!("acme-access-logs-{region}"));
            }
        },
    },
    Flip {
        field: "iam.users",
        weaken: nothing,
        secure: |d| d.iam.users.clear(),
    },
];

#[test]
fn setting_a_field_to_its_secure_value_removes_its_skips() {
    for flip in FLIPS {
        let mut d = design("sports-cards");
        (flip.weaken)(&mut d);
        let before = naming(&skips(&d), flip.field);
        assert!(
            before > 0,
            "no skip names {} in the weak design",
            flip.field
        );
        (flip.secure)(&mut d);
        let after = skips(&d);
        assert_eq!(
            naming(&after, flip.field),
            0,
            "{} is secure but still named by a skip",
            flip.field
        );
    }
}

#[test]
fn a_dr_region_replicates_state_and_removes_the_replication_skip() {
    let mut d = design("minimal");
    let field = "regions (no dr region)";
    assert!(naming(&skips(&d), field) > 0);
    d.regions.push(Region {
        name: "eu-central-1".into(),
        role: RegionRole::Dr,
    });
    d.backend.regions.insert(
        "eu-central-1".into(),
        StateBackend {
            bucket: "acme-tfstate-eu-central-1".into(),
            lock_table: "acme-tflock-eu-central-1".into(),
        },
    );
    assert_eq!(naming(&skips(&d), field), 0);
    let bundle = generate(&d).expect("generates");
    let backend = bundle
        .text("backend-bootstrap/backend-eu-west-1.tf")
        .expect("backend file");
    assert!(
        backend.contains("resource \"aws_s3_bucket_replication_configuration\" \"eu_west_1\""),
        "{backend}"
    );
    assert!(
        backend.contains("resource \"aws_s3_bucket_replication_configuration\" \"eu_west_1_logs\""),
        "the state access logs replicate too\n{backend}"
    );
    let api = bundle.text("modules/ecs-api/main.tf").expect("ecs-api");
    assert!(
        api.contains("resource \"aws_s3_bucket_replication_configuration\" \"access_logs\""),
        "the load balancer's access logs replicate\n{api}"
    );
}

#[test]
fn without_access_log_replication_the_log_buckets_stay_in_their_region() {
    let mut d = design("sports-cards");
    d.security.access_log_replication = false;
    let bundle = generate(&d).expect("generates");
    let backend = bundle
        .text("backend-bootstrap/backend-us-east-1.tf")
        .expect("backend file");
    let replication =
        |name: &str| format!("resource \"aws_s3_bucket_replication_configuration\" \"{name}\"");
    assert!(
        backend.contains(&replication("us_east_1")),
        "state still replicates\n{backend}"
    );
    assert!(
        !backend.contains(&replication("us_east_1_logs")),
        "{backend}"
    );
    let api = bundle.text("modules/ecs-api/main.tf").expect("ecs-api");
    assert!(
        !api.contains("aws_s3_bucket_replication_configuration"),
        "{api}"
    );
    assert!(!api.contains("access_log_replica_bucket"), "{api}");
}

/// sports-cards with every field at its secure value.
fn fully_secure() -> Design {
    let mut d = design("sports-cards");
    for flip in FLIPS {
        (flip.secure)(&mut d);
    }
    for t in ["staging", "prod"] {
        let tier = tier_mut(&mut d, t);
        tier.log_retention_days = 365;
        tier.database.multi_az = true;
        tier.database.deletion_protection = true;
        tier.database.performance_insights = true;
        tier_security(&mut d, t).domain = Some(format!("{t}.example.com"));
        tier_security(&mut d, t).route53_zone_id = Some("Z0123456789ABCDEFGHIJ".into());
    }
    tier_mut(&mut d, "dev").database.multi_az = true;
    // Alarms notify someone (not a checkov matter, but what a secure platform does).
    for t in ["dev", "staging", "prod"] {
        tier_mut(&mut d, t).alarms.notify_emails = vec!["oncall@example.com".into()];
    }
    for t in ["dev", "staging", "prod"] {
        let sec = tier_security(&mut d, t);
        sec.http_redirect = false;
        sec.waf = true;
        sec.alb_deletion_protection = true;
    }
    // A cache with the tiers' defaults: Multi-AZ failover, snapshots, TLS and an auth token.
    d.services[0].cache = Some(tfdesign_core::design::Cache::default());
    // An HTTP API to a function: every route authorized, access logs kept a year; a custom
    // domain where the tier has one.
    add_http_api(&mut d);
    d
}

/// Gives the first service with functions an IAM-authorized HTTP API with a route to each.
fn add_http_api(d: &mut Design) {
    use tfdesign_core::design::{HttpApi, HttpRoute};
    let s = d
        .services
        .iter_mut()
        .find(|s| !s.lambdas.is_empty())
        .expect("a service with functions");
    s.http_api = Some(HttpApi {
        routes: s
            .lambdas
            .iter()
            .map(|l| HttpRoute {
                route: format!("POST /{}", l.name),
                function: l.name.clone(),
            })
            .collect(),
        ..HttpApi::default()
    });
}

/// minimal with the weaker opt-ins no preset uses: an IAM user with a long-lived access key,
/// a function whose URL is public, a service bucket (not replicated) and a provisioned table.
fn with_opt_ins() -> Design {
    let mut d = design("minimal");
    d.iam.users.push(IamUser {
        name: "legacy-ci".into(),
        access_key: true,
        ..IamUser::default()
    });
    d.services[0].lambdas.push(LambdaFunction {
        name: "webhook".into(),
        function_url: true,
        public_url: true,
        ..LambdaFunction::default()
    });
    // A private bucket: not replicated, which its skip names.
    d.services[0].buckets.push(tfdesign_core::design::Bucket {
        name: "uploads".into(),
    });
    // A table with an index, provisioned (autoscaled) and backed up: nothing to skip.
    d.services[0].tables.push(tfdesign_core::design::Table {
        name: "items".into(),
        indexes: vec![tfdesign_core::design::TableIndex {
            name: "by-owner".into(),
            ..Default::default()
        }],
        ..Default::default()
    });
    d.tiers[0].storage.tables.billing = tfdesign_core::design::TableBilling::Provisioned;
    // A cache with the tier's secure defaults (Multi-AZ failover, snapshots): nothing to skip.
    d.services[0].cache = Some(tfdesign_core::design::Cache::default());
    // An HTTP API on the execute-api endpoint (no domain), IAM-authorized: nothing to skip.
    add_http_api(&mut d);
    d
}

#[test]
fn an_access_key_is_kept_encrypted_in_ssm_and_warned_about() {
    let d = with_opt_ins();
    let found = validate_all(&d);
    let warned: Vec<&str> = found
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| f.path.as_str())
        .collect();
    assert!(warned.contains(&"/iam/users/0/access_key"), "{found:?}");
    let bundle = generate(&d).expect("generates");
    let iam = bundle.text("modules/iam/main.tf").expect("iam module");
    assert!(
        iam.contains("resource \"aws_iam_access_key\" \"this\""),
        "{iam}"
    );
    assert!(iam.contains("type        = \"SecureString\""), "{iam}");
    assert!(
        iam.contains("key_id      = aws_kms_key.access_keys.arn"),
        "{iam}"
    );
    let root = bundle.text("global/iam/main.tf").expect("iam root");
    assert!(root.contains("access_key = true"), "{root}");
    // Without the opt-in there is no key anywhere.
    let mut none = d.clone();
    none.iam.users[0].access_key = false;
    let bundle = generate(&none).expect("generates");
    for (path, bytes) in &bundle.files {
        if path.ends_with(".tf") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("aws_iam_access_key"), "{path}");
        }
    }
}

#[test]
fn the_opt_ins_pass_our_own_checks() {
    for (name, d) in [
        ("fully-secure", fully_secure()),
        ("opt-ins", with_opt_ins()),
    ] {
        // The apply-time rules are checked on every preset in tests/apply_rules.rs.
        let errors: Vec<String> = validate_all(&d)
            .into_iter()
            .filter(|f| f.severity == Severity::Error && f.rule.is_none())
            .map(|f| f.to_string())
            .collect();
        assert_eq!(errors, Vec::<String>::new(), "{name}");
    }
}

/// fully_secure without database replicas: RDS then manages (and rotates) the master password,
/// so not even the rotation check is skipped.
fn fully_secure_without_replicas() -> Design {
    let mut d = fully_secure();
    for t in &mut d.tiers {
        t.database.read_replicas = 0;
        t.database.cross_region_replica = false;
    }
    d
}

#[test]
fn a_fully_secure_design_has_no_skips() {
    assert_eq!(
        skips(&fully_secure_without_replicas()),
        Vec::<String>::new()
    );
    // With replicas RDS cannot manage the password: Terraform rotates it, and the skip of the
    // rotation-function check names the fields that made it so.
    assert_eq!(
        skips(&fully_secure()),
        vec!["CKV2_AWS_57:tiers[prod].database.read_replicas = 2, tiers[prod].database.cross_region_replica = true (RDS cannot manage the master password of a database with read replicas; Terraform generates it and replaces it on the first plan after 30 days with time_rotating, no rotation Lambda)".to_string()]
    );
}

#[test]
fn existing_access_log_buckets_replace_the_bundles_own() {
    let d = fully_secure();
    let bundle = generate(&d).expect("generates");
    let backend = bundle
        .text("backend-bootstrap/backend-us-west-2.tf")
        .expect("backend file");
    assert!(!backend.contains("us_west_2_logs"), "{backend}");
    assert!(
        backend.contains("target_bucket = \"acme-access-logs-us-west-2\""),
        "state access logs go to the existing bucket\n{backend}"
    );
    assert!(
        backend.contains("target_prefix = \"sports-cards-tfstate-us-west-2/\""),
        "{backend}"
    );
    let api = bundle.text("modules/ecs-api/main.tf").expect("ecs-api");
    assert!(!api.contains("resource \"aws_s3_bucket\""), "{api}");
    assert!(api.contains("bucket  = var.access_logs_bucket"), "{api}");
    let root = bundle
        .text("environments/card-catalog-api/us-west-2/prod/main.tf")
        .expect("the DR deployment of the API");
    assert!(
        root.contains("access_logs_bucket") && root.contains("= \"acme-access-logs-us-west-2\""),
        "the deployment names its region's bucket\n{root}"
    );
    assert!(!root.contains("access_log_replica_bucket"), "{root}");
}

/// `../shared/tools/tf-oracle/check` beside the repository, if it and terraform exist.
fn oracle() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let check = root.join("../shared/tools/tf-oracle/check");
    let terraform = Command::new("terraform").arg("version").output().is_ok();
    (check.is_file() && terraform).then_some(check)
}

fn json_number(text: &str, section: &str, key: &str) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    value.get(section)?.get(key)?.as_i64()
}

/// Writes the bundle of `design` under a fresh temporary directory named after `name`.
fn write_bundle(design: &Design, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tfdesign-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let bundle = generate(design).expect("generates");
    for (path, bytes) in &bundle.files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&file, bytes).expect("write");
    }
    dir
}

/// The golden bundles (what the presets generate, checked by the golden test) pass terraform
/// validate and checkov with no failed check: a new finding must be fixed or explained by a
/// skip naming its design field. The fully secure design (without database replicas, which
/// force the one skip of the rotation check) has no skip at all, so there checkov itself proves
/// that every secure value passes its check.
#[test]
fn checkov_finds_nothing_unexplained_in_the_presets_nor_in_a_fully_secure_design() {
    let Some(check) = oracle() else {
        eprintln!(
            "\n{}\nWARNING: SKIPPED checkov on the presets: terraform or ../shared/tools/tf-oracle is missing\n{}\n",
            "#".repeat(78),
            "#".repeat(78)
        );
        return;
    };
    if std::env::var_os("TFDESIGN_SKIP_CHECKOV").is_some() {
        eprintln!("WARNING: SKIPPED checkov on the presets (TFDESIGN_SKIP_CHECKOV is set)");
        return;
    }
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let secure = write_bundle(&fully_secure_without_replicas(), "fully-secure");
    let keys = write_bundle(&with_opt_ins(), "opt-ins");
    let fargate = write_bundle(&all_fargate(), "fargate");
    let mut bundles: Vec<(&str, PathBuf)> = presets::NAMES
        .iter()
        .map(|preset| (*preset, golden.join(preset)))
        .collect();
    bundles.push(("fully-secure", secure.clone()));
    bundles.push(("opt-ins", keys.clone()));
    bundles.push(("sports-cards on Fargate", fargate.clone()));
    let runs: Vec<_> = bundles
        .into_iter()
        .map(|(preset, dir)| {
            let out = std::env::temp_dir().join(format!(
                "tfdesign-security-{}-{}.json",
                preset.replace(' ', "-"),
                std::process::id()
            ));
            let child = Command::new(&check)
                .arg(&dir)
                .arg("--json")
                .arg(&out)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("run tf-oracle check");
            (preset, out, child)
        })
        .collect();
    for (preset, out, child) in runs {
        let output = child.wait_with_output().expect("tf-oracle check");
        let report = std::fs::read_to_string(&out).unwrap_or_default();
        let _ = std::fs::remove_file(&out);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{preset}: check failed\n{stdout}");
        assert_eq!(
            json_number(&report, "checkov", "failed"),
            Some(0),
            "{preset}: checkov found unexplained issues\n{stdout}"
        );
        if preset == "fully-secure" {
            assert_eq!(
                json_number(&report, "checkov", "skipped"),
                Some(0),
                "every field is secure, yet checkov skipped a check\n{stdout}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&secure);
    let _ = std::fs::remove_dir_all(&keys);
    let _ = std::fs::remove_dir_all(&fargate);
}

/// sports-cards with every service on Fargate, prod on FARGATE_SPOT (issue 14's done-when
/// design): no hosts anywhere, the same security as on EC2.
fn all_fargate() -> Design {
    let mut d = design("sports-cards");
    for s in &mut d.services {
        s.launch_type = tfdesign_core::design::LaunchType::Fargate;
    }
    tier_mut(&mut d, "prod").compute.fargate_spot = true;
    d
}

#[test]
fn fargate_adds_no_skip() {
    assert_eq!(skips(&all_fargate()), skips(&design("sports-cards")));
}
