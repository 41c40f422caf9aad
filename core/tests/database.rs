//! The database as AWS applies it: facts `terraform validate` cannot see (RDS refuses replicas
//! of a source whose master password it manages; a DR root must plan while the primary region
//! is down; a promoted replica must stay promoted; final snapshot names must not collide),
//! and the wiring that makes replicas and the application identity used.

use tfdesign_core::bundle::Bundle;
use tfdesign_core::design::Design;
use tfdesign_core::plan::Plan;
use tfdesign_core::{generate, presets, validate_bundle};

fn bundle(design: &Design) -> Bundle {
    generate(design).expect("the preset is valid")
}

fn text<'a>(b: &'a Bundle, path: &str) -> &'a str {
    b.text(path).unwrap_or_else(|| panic!("{path} is missing"))
}

/// The body of `resource "<kind>" "<name>"` in `tf` (up to the closing brace at column 0).
fn resource<'a>(tf: &'a str, kind: &str, name: &str) -> &'a str {
    let header = format!("resource \"{kind}\" \"{name}\" {{");
    let start = tf
        .find(&header)
        .unwrap_or_else(|| panic!("no {kind}.{name}"));
    let end = tf[start..].find("\n}\n").map_or(tf.len(), |e| start + e);
    &tf[start..end]
}

/// Whether `hay` contains `needle`, runs of spaces counting as one (terraform fmt aligns `=`).
fn has(hay: &str, needle: &str) -> bool {
    let squash = |s: &str| {
        s.split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    hay.lines().map(squash).any(|l| l.contains(&squash(needle)))
}

/// Every `.tf` file of the bundle, as (path, text).
fn tf_files(b: &Bundle) -> Vec<(&str, &str)> {
    b.files
        .keys()
        .filter(|p| p.ends_with(".tf"))
        .map(|p| (p.as_str(), text(b, p)))
        .collect()
}

/// RDS refuses a read replica (same-region or cross-region) of a database whose master password
/// RDS manages in Secrets Manager (InvalidParameterValue, every engine but SQL Server). The module
/// lets RDS manage it only for a database without replicas; the apply-time rule, which evaluates
/// every root's module call, finds no managed source of a replica in any preset, and does find
/// them once the module's choice is taken away.
#[test]
fn no_replicated_database_has_a_managed_master_password() {
    const RULE: &str = "rds-managed-password-no-replicas";
    let findings = |b: &Bundle| {
        validate_bundle(b)
            .into_iter()
            .filter(|d| d.rule.as_deref() == Some(RULE))
            .count()
    };
    for preset in presets::NAMES {
        let b = bundle(&presets::get(preset).unwrap());
        assert_eq!(findings(&b), 0, "{preset}");
    }
    let mut b = bundle(&presets::sports_cards());
    let main = text(&b, "modules/rds-database/main.tf");
    let choice = "local.rds_managed_password ? true : null";
    assert!(main.contains(choice), "{main}");
    let always = main.replace(choice, "true");
    b.insert("modules/rds-database/main.tf".to_string(), always);
    // Per prod service: its same-region replicas (one block, count 2) and its DR replica,
    // whose source is an ARN built from the account id.
    assert_eq!(findings(&b), 6);
}

/// Without read replicas RDS manages (and rotates) the master password: no password of
/// Terraform's, no secret of the module, no version variable in the root.
#[test]
fn rds_manages_the_master_password_of_a_database_without_replicas() {
    let b = bundle(&presets::sports_cards());
    let main = text(&b, "modules/rds-database/main.tf");
    assert!(has(main,
        "self_managed_password = local.new_primary && (var.read_replica_count > 0 || var.cross_region_replica_region != null)"
    ), "{main}");
    assert!(
        has(
            main,
            "rds_managed_password = local.new_primary && !local.self_managed_password"
        ),
        "{main}"
    );
    let primary = resource(main, "aws_db_instance", "this");
    assert!(
        has(
            primary,
            "master_user_secret_kms_key_id = local.rds_managed_password ? var.kms_key_id : null"
        ),
        "{primary}"
    );
    for tier in ["dev", "staging"] {
        let dir = format!("environments/orders-ingestion/us-east-1/{tier}");
        let root = text(&b, &format!("{dir}/main.tf"));
        assert!(!root.contains("master_password_version"), "{root}");
        assert!(!root.contains("cross_region_replica_region"), "{root}");
        let tfvars = text(&b, &format!("{dir}/terraform.tfvars"));
        assert!(tfvars.contains("db_read_replica_count"), "{tfvars}");
        assert!(!tfvars.contains("db_master_password_version"), "{tfvars}");
    }
}

/// A design without any read replica gets a module without Terraform's password at all: no
/// random password, secret, rotation schedule or their inputs, and a precondition that refuses
/// replicas added behind the design's back (RDS would reject them).
#[test]
fn without_replicas_anywhere_the_module_has_no_password_of_its_own() {
    let mut design = presets::sports_cards();
    for t in &mut design.tiers {
        t.database.read_replicas = 0;
        t.database.cross_region_replica = false;
    }
    let b = bundle(&design);
    let main = text(&b, "modules/rds-database/main.tf");
    for absent in [
        "random_password",
        "time_rotating",
        "aws_secretsmanager_secret",
        "password_wo",
        "self_managed_password",
        "checkov:skip=CKV2_AWS_57",
    ] {
        assert!(!main.contains(absent), "{absent}: {main}");
    }
    assert!(
        has(main, "rds_managed_password = local.new_primary"),
        "{main}"
    );
    assert!(
        has(main, "condition = !local.rds_managed_password"),
        "{main}"
    );
    // Terraform allows one lifecycle block per resource.
    for chunk in main.split("\nresource \"").skip(1) {
        assert!(chunk.matches("\n  lifecycle {").count() <= 1, "{chunk}");
    }
    let variables = text(&b, "modules/rds-database/variables.tf");
    assert!(
        !variables.contains("master_password_version"),
        "{variables}"
    );
    assert!(
        !variables.contains("cross_region_replica_region"),
        "{variables}"
    );
    let outputs = text(&b, "modules/rds-database/outputs.tf");
    assert!(
        has(
            outputs,
            "value = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)"
        ),
        "{outputs}"
    );
    let versions = text(&b, "modules/rds-database/versions.tf");
    assert!(!versions.contains("hashicorp/time"), "{versions}");
}

/// The password reaches RDS and Secrets Manager only through write-only arguments, and the
/// secret holds what an administrator needs to connect; it is encrypted with the deployment key.
/// Terraform rotates it: no CloudFormation stack, whose roles the apply role could not create.
#[test]
fn the_master_password_is_write_only_and_kept_in_an_encrypted_secret() {
    let b = bundle(&presets::sports_cards());
    let main = text(&b, "modules/rds-database/main.tf");
    let primary = resource(main, "aws_db_instance", "this");
    assert!(primary.contains("password_wo "), "{primary}");
    assert!(primary.contains("password_wo_version"), "{primary}");
    assert!(!primary.contains("\n  password "), "{primary}");
    let secret = resource(main, "aws_secretsmanager_secret", "master");
    assert!(secret.contains("kms_key_id  = var.kms_key_id"), "{secret}");
    assert!(secret.contains("dynamic \"replica\""), "{secret}");
    assert!(
        secret.contains("checkov:skip=CKV2_AWS_57:tiers[prod].database.read_replicas = 2"),
        "{secret}"
    );
    // A replica that failed asynchronously is reported by every later plan.
    assert!(main.contains("check \"master_secret_replicated\""));
    let version = resource(main, "aws_secretsmanager_secret_version", "master");
    assert!(version.contains("secret_string_wo "), "{version}");
    assert!(
        has(
            version,
            "secret_string_wo_version = local.master_password_version"
        ),
        "{version}"
    );
    assert!(!version.contains("secret_string ="), "{version}");
    for key in ["username", "password", "host", "port", "dbname", "engine"] {
        assert!(
            version.contains(&format!("{key} ")),
            "{key} missing: {version}"
        );
    }
    // Rotated by Terraform: the time_rotating resource expires, the password's keepers change,
    // and the version sent with the write-only arguments changes with it.
    let rotating = resource(main, "time_rotating", "master_password");
    assert!(
        has(
            rotating,
            "rotation_days = var.master_password_rotation_days"
        ),
        "{rotating}"
    );
    let password = resource(main, "random_password", "master");
    assert!(
        has(password, "rotation = time_rotating.master_password[0].id"),
        "{password}"
    );
    assert!(has(main,
        "master_password_version = local.self_managed_password ? var.master_password_version + time_rotating.master_password[0].unix : null"
    ), "{main}");
    for (path, t) in tf_files(&b) {
        assert!(!t.contains("cloudformation_stack"), "{path}");
        assert!(!t.contains("aws_secretsmanager_secret_rotation"), "{path}");
    }
    // A new password is a variable away, in the roots that own a master password.
    let root = text(&b, "environments/orders-ingestion/us-east-1/prod/main.tf");
    assert!(
        has(
            root,
            "master_password_version = var.db_master_password_version"
        ),
        "{root}"
    );
    let dr = text(&b, "environments/orders-ingestion/us-west-2/prod/main.tf");
    assert!(!dr.contains("master_password_version"));
    // Write-only arguments need Terraform 1.11.
    let versions = text(&b, "modules/rds-database/versions.tf");
    assert!(versions.contains("hashicorp/random"), "{versions}");
    assert!(versions.contains("hashicorp/time"), "{versions}");
    assert!(
        versions.contains("required_version = \">= 1.11\""),
        "{versions}"
    );
}

/// The master secret of a replicated prod database is replicated to the DR region, encrypted
/// there with a key of that region: the DR root's own deployment key, by its alias.
#[test]
fn the_master_secret_is_replicated_with_a_key_of_the_dr_region() {
    let design = presets::sports_cards();
    let b = bundle(&design);
    let plan = Plan::build(&design);
    let mut checked = 0;
    for d in plan
        .deployments
        .iter()
        .filter(|d| d.db_replicated_to.is_some())
    {
        let (region, name) = d.db_replicated_to.as_ref().unwrap();
        let main = text(&b, &format!("{}/main.tf", d.dir));
        assert!(
            has(main, &format!("cross_region_replica_region = \"{region}\"")),
            "{main}"
        );
        assert!(
            main.contains(&format!(":kms:{region}:")) && main.contains(&format!(":alias/{name}\"")),
            "{main}"
        );
        // The DR root creates that alias for its deployment key.
        let dr = plan
            .deployments
            .iter()
            .find(|x| x.dr && x.service == d.service && x.tier == d.tier)
            .expect("the DR deployment");
        assert_eq!(&dr.name, name);
        let dr_main = text(&b, &format!("{}/main.tf", dr.dir));
        assert!(dr_main.contains("name          = \"alias/${local.name}\""));
        assert!(dr_main
            .lines()
            .any(|l| l.trim_start().starts_with("name ") && l.ends_with(&format!("= \"{name}\""))));
        checked += 1;
    }
    assert_eq!(checked, 3);
}

/// A DR root must plan and apply while the primary region is down: no data source or provider
/// in another region, the source database named by a value built locally.
#[test]
fn dr_roots_never_reach_the_primary_region() {
    for preset in presets::NAMES {
        let design = presets::get(preset).unwrap();
        let b = bundle(&design);
        for d in Plan::build(&design).deployments.iter().filter(|d| d.dr) {
            for file in ["main.tf", "providers.tf"] {
                let t = text(&b, &format!("{}/{file}", d.dir));
                assert!(!t.contains("data \"aws_db_instance\""), "{}/{file}", d.dir);
                for line in t.lines().map(str::trim) {
                    let is_region = line.starts_with("region ") || line.starts_with("region=");
                    assert!(
                        !(is_region && line.contains(&format!("\"{}\"", d.primary_region))),
                        "{}/{file} reaches the primary region: {line}",
                        d.dir
                    );
                    assert!(!line.starts_with("alias "), "{}/{file}: {line}", d.dir);
                }
            }
            if d.replica_of_primary {
                let main = text(&b, &format!("{}/main.tf", d.dir));
                assert!(
                    main.contains(&format!(
                        "replicate_source_db = \"arn:${{data.aws_partition.current.partition}}:rds:{}:${{data.aws_caller_identity.current.account_id}}:db:{}\"",
                        d.primary_region, d.primary_db_identifier
                    )),
                    "{main}"
                );
            }
        }
    }
}

/// Promotion is a variable of the DR root: after `aws rds promote-read-replica` (or to
/// promote), `db_promoted = true` drops `replicate_source_db`, which the provider answers by
/// promoting, instead of failing on "cannot elect new source database for replication".
/// Once promoted the database takes backups and a final snapshot.
#[test]
fn promotion_is_a_variable_and_a_promoted_database_keeps_its_final_snapshot() {
    let design = presets::sports_cards();
    let b = bundle(&design);
    for d in Plan::build(&design)
        .deployments
        .iter()
        .filter(|d| d.replica_of_primary)
    {
        let tfvars = text(&b, &format!("{}/terraform.tfvars", d.dir));
        assert!(tfvars.contains("db_promoted"), "{tfvars}");
        let main = text(&b, &format!("{}/main.tf", d.dir));
        assert!(
            main.contains("promoted            = var.db_promoted"),
            "{main}"
        );
        let readme = text(&b, &format!("{}/README.md", d.dir));
        assert!(readme.contains("db_promoted = true"), "{readme}");
        assert!(readme.contains("Fail back"), "{readme}");
    }
    let main = text(&b, "modules/rds-database/main.tf");
    assert!(has(
        main,
        "replicating = var.replicate_source_db != null && !var.promoted"
    ));
    let primary = resource(main, "aws_db_instance", "this");
    assert!(
        primary.contains("replicate_source_db                   = local.replicating ? var.replicate_source_db : null"),
        "{primary}"
    );
    assert!(
        primary.contains("skip_final_snapshot                   = local.replicating\n"),
        "{primary}"
    );
}

/// A fixed `<id>-final` snapshot name collides on the second destroy of a database of the same
/// name: the name carries a suffix that is new for every incarnation of the database.
#[test]
fn final_snapshot_names_do_not_collide() {
    let b = bundle(&presets::sports_cards());
    let main = text(&b, "modules/rds-database/main.tf");
    assert!(!main.contains("-final\""), "{main}");
    let primary = resource(main, "aws_db_instance", "this");
    assert!(
        primary.contains("\"${var.identifier}-final-${random_id.final_snapshot.hex}\""),
        "{primary}"
    );
    assert!(main.contains("resource \"random_id\" \"final_snapshot\""));
}

/// Same-region replicas are single-AZ unless the tier asks, each has a lag alarm, and the
/// workloads are told where they are.
#[test]
fn read_replicas_are_single_az_watched_and_read() {
    let b = bundle(&presets::sports_cards());
    let main = text(&b, "modules/rds-database/main.tf");
    let replica = resource(main, "aws_db_instance", "replica");
    assert!(replica.contains("multi_az                              = var.replica_multi_az"));
    assert!(replica.contains("replica_multi_az = false"), "{replica}");
    let lag = resource(main, "aws_cloudwatch_metric_alarm", "replica_lag");
    assert!(lag.contains("count = var.read_replica_count"), "{lag}");
    assert!(lag.contains("\"ReplicaLag\""), "{lag}");
    assert!(lag.contains("alarm_actions = var.alarm_actions"), "{lag}");
    let cross = resource(main, "aws_cloudwatch_metric_alarm", "cross_region_lag");
    assert!(cross.contains("\"ReplicaLag\""), "{cross}");
    let prod = text(
        &b,
        "environments/orders-ingestion/us-east-1/prod/terraform.tfvars",
    );
    assert!(prod.contains("db_replica_multi_az"), "{prod}");
    let root = text(&b, "environments/orders-ingestion/us-east-1/prod/main.tf");
    // API, worker and Lambda.
    assert_eq!(
        root.matches("DB_READ_HOSTS    = join(\",\", module.database.replica_addresses)")
            .count(),
        3,
        "{root}"
    );
}

/// Workloads connect as the application user with IAM authentication, never with the master
/// secret; Lambda functions go through an RDS Proxy that requires IAM and TLS.
#[test]
fn workloads_connect_as_the_application_user() {
    let design = presets::sports_cards();
    let b = bundle(&design);
    for (path, t) in tf_files(&b) {
        assert!(
            !t.contains("DB_SECRET_ARN"),
            "{path} hands out the master secret"
        );
    }
    for d in Plan::build(&design).deployments {
        let service = &design.services[d.service];
        if service.database.is_none() {
            continue;
        }
        let main = text(&b, &format!("{}/main.tf", d.dir));
        assert!(main.contains("DB_USER "), "{main}");
        assert!(main.contains("DB_IAM_AUTH "), "{main}");
        let workloads = usize::from(service.api.is_some())
            + usize::from(service.worker.is_some())
            + service.lambdas.len();
        assert_eq!(
            main.matches("db_connect_arns").count(),
            workloads,
            "{}: every workload may connect",
            d.dir
        );
        assert_eq!(
            main.contains("create_proxy"),
            !service.lambdas.is_empty(),
            "{}: a proxy exactly where Lambda functions are",
            d.dir
        );
        if !service.lambdas.is_empty() {
            assert!(main.contains(
                "DB_HOST          = coalesce(module.database.proxy_endpoint, module.database.address)"
            ) || main.contains("DB_HOST = coalesce(module.database.proxy_endpoint, module.database.address)")
                || main.contains("coalesce(module.database.proxy_endpoint, module.database.address)"));
        }
    }
    let module = text(&b, "modules/rds-database/main.tf");
    let proxy = resource(module, "aws_db_proxy", "this");
    assert!(
        proxy.contains("default_auth_scheme    = \"IAM_AUTH\""),
        "{proxy}"
    );
    assert!(proxy.contains("require_tls            = true"), "{proxy}");
    assert!(
        proxy.contains("engine_family          = \"POSTGRESQL\""),
        "{proxy}"
    );
    assert!(module.contains("count = local.proxy_enabled ? 1 : 0"));
    // IAM refuses a role name_prefix longer than 38 characters.
    for line in module
        .lines()
        .filter(|l| l.contains("name_prefix") && l.contains("substr("))
    {
        let keep: usize = line
            .split("substr(var.identifier, 0, ")
            .nth(1)
            .and_then(|rest| rest.split(')').next())
            .and_then(|n| n.parse().ok())
            .expect("a substr length");
        let suffix = line.rsplit(")}").next().unwrap().trim_end_matches('"');
        assert!(keep + suffix.len() <= 38, "{line}");
    }
    assert!(has(
        module,
        "proxy_enabled = var.create_proxy && !local.replicating"
    ));
    for m in ["ecs-api", "ecs-worker", "lambda-microservice"] {
        let t = text(&b, &format!("modules/{m}/main.tf"));
        assert!(t.contains("rds-db:connect"), "{m}");
    }
    let notes = text(&b, "NOTES.md");
    assert!(notes.contains("CREATE USER app;") && notes.contains("GRANT rds_iam TO app;"));
}
