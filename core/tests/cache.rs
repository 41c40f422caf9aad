//! Issue 14: the services' caches (`services[].cache`, `tiers[].cache`), end to end: the roots
//! that make them, who may reach them, encryption and authentication, size and failover per
//! tier, the design rules, round trips, cost and docs.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{Cache, CacheEngine, Design};
use tfdesign_core::plan::Plan;
use tfdesign_core::{cost, link, presets};

/// minimal with a second service; the first has a Valkey cache.
fn design() -> Design {
    let mut d = presets::minimal();
    let mut other = d.services[0].clone();
    other.name = "billing".into();
    d.services[0].cache = Some(Cache::default());
    d.services.push(other);
    d
}

/// The value of `name = value` in a tfvars text.
fn tfvar<'a>(tfvars: &'a str, name: &str) -> &'a str {
    tfvars
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
        .unwrap_or_else(|| panic!("no {name}"))
}

/// `text` with every run of spaces made one (alignment aside).
fn squash(text: &str) -> String {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the `resource "<kind>" "<name>" { … }` block of `main`.
fn resource_block<'a>(main: &'a str, kind: &str, name: &str) -> &'a str {
    let start = main
        .find(&format!("resource \"{kind}\" \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no {kind}.{name}"));
    let end = main[start..].find("\n}\n").expect("block end") + start;
    &main[start..end]
}

#[test]
fn only_the_service_with_a_cache_makes_one_and_only_its_code_reaches_it() {
    let f = files(&design());
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];
    let cache = module_block(web, "cache");
    for needle in [
        "source = \"../../../../modules/elasticache\"",
        "engine                  = \"valkey\"",
        "parameter_group_family  = \"valkey8\"",
        "subnet_ids              = local.private_subnet_ids",
        "kms_key_arn        = aws_kms_key.this.arn",
        "alarm_actions      = [aws_sns_topic.alarms.arn]",
        "reader_role_arns   = [module.api.task_role_arn]",
    ] {
        assert!(cache.contains(needle), "{needle} in\n{cache}");
    }
    // The security group admits exactly the service's API tasks.
    let allowed = cache
        .split("allowed_security_groups = {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("allowed_security_groups");
    let entries: Vec<&str> = allowed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(entries, ["api = module.api.task_security_group_id"]);
    assert!(!billing.contains("module \"cache\""));
    assert!(!billing.contains("CACHE_ENDPOINT"));
    let api = module_block(web, "api");
    assert!(api.contains("CACHE_ENDPOINT             = module.cache.primary_endpoint"));
    assert!(api.contains("CACHE_PORT                 = tostring(module.cache.port)"));
    assert!(api.contains("CACHE_AUTH_TOKEN_PARAMETER = module.cache.auth_token_parameter_name"));
    assert!(
        f["environments/web-api/eu-west-1/dev/outputs.tf"].contains("output \"cache_endpoint\"")
    );
}

#[test]
fn the_module_encrypts_authenticates_and_admits_only_the_allowed_groups() {
    let f = files(&design());
    let main = &f["modules/elasticache/main.tf"];
    let group = resource_block(main, "aws_elasticache_replication_group", "this");
    for needle in [
        "at_rest_encryption_enabled = true",
        "kms_key_id                 = var.kms_key_arn",
        "transit_encryption_enabled = true",
        "auth_token                 = random_password.auth_token.result",
        "automatic_failover_enabled = var.multi_az",
        "multi_az_enabled           = var.multi_az",
        "num_cache_clusters         = var.replicas + 1",
        "security_group_ids         = [aws_security_group.this.id]",
        "subnet_group_name          = aws_elasticache_subnet_group.this.name",
        "parameter_group_name       = aws_elasticache_parameter_group.this.name",
        "log_type         = \"slow-log\"",
    ] {
        assert!(group.contains(needle), "{needle} in\n{group}");
    }
    // Ingress only from the given groups, on the port; no egress rule at all.
    let ingress = squash(resource_block(
        main,
        "aws_vpc_security_group_ingress_rule",
        "allowed",
    ));
    assert!(ingress.contains("for_each = var.allowed_security_groups"));
    assert!(ingress.contains("referenced_security_group_id = each.value"));
    assert!(ingress.contains("from_port = var.port"));
    assert!(!main.contains("cidr_ipv4"));
    assert!(!main.contains("aws_vpc_security_group_egress_rule"));
    // The token: letters and digits (ElastiCache refuses / " @), kept encrypted for the code,
    // written write-only, read only by the given roles.
    let token = resource_block(main, "random_password", "auth_token");
    assert!(token.contains("special = false") && token.contains("length  = 64"));
    let parameter = resource_block(main, "aws_ssm_parameter", "auth_token");
    assert!(parameter.contains("type             = \"SecureString\""));
    assert!(parameter.contains("key_id           = var.kms_key_arn"));
    assert!(parameter.contains("value_wo         = random_password.auth_token.result"));
    let policy = squash(resource_block(
        main,
        "aws_iam_role_policy",
        "read_auth_token",
    ));
    assert!(
        policy.contains("count = length(var.reader_role_arns)"),
        "{policy}"
    );
    let log = resource_block(main, "aws_cloudwatch_log_group", "slow_log");
    assert!(log.contains("kms_key_id        = var.kms_key_arn"));
    for metric in [
        "EngineCPUUtilization",
        "DatabaseMemoryUsagePercentage",
        "Evictions",
    ] {
        assert!(
            main.contains(&format!("metric_name         = \"{metric}\"")),
            "{metric}"
        );
    }
    assert!(f["modules/elasticache/versions.tf"].contains("hashicorp/random"));
    assert!(f["modules/elasticache/README.md"].contains("| `allowed_security_groups` |"));
}

#[test]
fn size_failover_and_snapshots_follow_the_tier_and_the_engine_its_family() {
    let mut d = design();
    let tfvars =
        |d: &Design| files(d)["environments/web-api/eu-west-1/dev/terraform.tfvars"].clone();
    let module = |d: &Design| files(d)["modules/elasticache/main.tf"].clone();
    let secure = tfvars(&d);
    assert_eq!(tfvar(&secure, "cache_node_type"), "\"cache.t4g.micro\"");
    assert_eq!(tfvar(&secure, "cache_replicas"), "1");
    assert_eq!(tfvar(&secure, "cache_multi_az"), "true");
    assert_eq!(tfvar(&secure, "cache_snapshot_retention_days"), "7");
    assert!(!module(&d).contains("CKV2_AWS_50"));

    let c = &mut d.tiers[0].cache;
    c.node_type = "cache.r7g.large".into();
    c.replicas = 0;
    c.multi_az = false;
    c.snapshot_retention_days = 0;
    let small = tfvars(&d);
    assert_eq!(tfvar(&small, "cache_node_type"), "\"cache.r7g.large\"");
    assert_eq!(tfvar(&small, "cache_replicas"), "0");
    assert_eq!(tfvar(&small, "cache_multi_az"), "false");
    assert!(module(&d).contains("checkov:skip=CKV2_AWS_50:tiers[dev].cache.multi_az = false"));

    d.services[0].cache = Some(Cache {
        engine: CacheEngine::Redis,
    });
    let cache = files(&d)["environments/web-api/eu-west-1/dev/main.tf"].clone();
    let block = module_block(&cache, "cache");
    assert!(block.contains("engine                  = \"redis\""));
    assert!(block.contains("engine_version          = \"7.1\""));
    assert!(block.contains("parameter_group_family  = \"redis7\""));
}

#[test]
fn rules_point_at_the_cache_fields() {
    let mut d = design();
    d.tiers[0].cache.replicas = 0;
    assert_eq!(
        errors(&d),
        [(
            "/tiers/0/cache/multi_az".to_string(),
            "Multi-AZ with automatic failover needs at least one replica".to_string()
        )]
    );
    let mut d = design();
    d.tiers[0].cache.node_type = "cache.t2.micro".into();
    assert_eq!(
        errors(&d),
        [(
            "/tiers/0/cache/node_type".to_string(),
            "\"cache.t2.micro\" is not a cache node type tfdesign offers".to_string()
        )]
    );
    let mut d = design();
    d.tiers[0].cache.replicas = 6;
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/tiers/0/cache/replicas"));
    let mut d = design();
    d.tiers[0].cache.snapshot_retention_days = 36;
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/tiers/0/cache/snapshot_retention_days"));
}

#[test]
fn an_unknown_engine_is_refused_when_the_file_is_read() {
    let json = design()
        .to_json()
        .replace("\"engine\": \"valkey\"", "\"engine\": \"memcached\"");
    assert!(json.contains("memcached"), "{json}");
    let err = Design::from_json(&json).unwrap_err().to_string();
    assert!(err.contains("unknown variant `memcached`"), "{err}");
}

#[test]
fn caches_round_trip_through_files_and_links_and_stay_out_when_absent() {
    let mut d = design();
    d.services[0].cache = Some(Cache {
        engine: CacheEngine::Redis,
    });
    d.tiers[0].cache.node_type = "cache.m7g.large".into();
    d.tiers[0].cache.replicas = 2;
    let json = d.to_json();
    assert!(json.contains("\"engine\": \"redis\""));
    assert!(json.contains("\"node_type\": \"cache.m7g.large\""));
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    // A design without caches writes neither section (saas-platform has a cache).
    for name in ["sports-cards", "minimal"] {
        let json = presets::get(name).unwrap().to_json();
        assert!(!json.contains("\"cache\""), "{name}");
    }
}

#[test]
fn the_estimate_names_the_missing_node_price_per_node() {
    let mut d = design();
    d.tiers[0].cache.replicas = 2;
    let estimate = cost::estimate(
        &d,
        &Plan::build(&d),
        cost::PriceTable::embedded(),
        &Default::default(),
    );
    let root = estimate
        .roots
        .iter()
        .find(|r| r.service == "web-api")
        .expect("the web-api root");
    let line = root
        .items
        .iter()
        .find(|i| i.key == "elasticache:cache.t4g.micro")
        .expect("a cache line");
    assert!(line.monthly.is_none(), "never a made-up price");
    assert_eq!(
        line.missing_text(),
        "no price for elasticache:cache.t4g.micro in region eu-west-1"
    );
    assert!(line.note.contains("3 node(s)"), "{}", line.note);
    let billing = estimate
        .roots
        .iter()
        .find(|r| r.service == "billing")
        .expect("billing");
    assert!(billing
        .items
        .iter()
        .all(|i| !i.key.starts_with("elasticache:")));
}

#[test]
fn the_docs_draw_and_list_the_cache() {
    let f = files(&design());
    assert!(f["ARCHITECTURE.md"].contains("- ElastiCache Valkey\n"));
    assert!(f["ARCHITECTURE.md"].contains("| ElastiCache caches of the services:"));
    assert!(f["DIAGRAM.md"].contains("api -->|TLS + auth token| cache"));
}
