//! The service's cache (ElastiCache, Valkey or Redis OSS): whether a service has it, its design
//! rules, and what it adds to its deployment roots (module call, root variables, environment
//! of the code, outputs), the docs and the designer.

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::catalog;
use crate::cost::lines as cost;
use crate::design::{CacheEngine, Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{key, topic, var, Output, RootVar, UP};
use crate::plan::naming;

/// A service's cache, `elasticache`: the replication group id, made from the root's short name
/// ([`naming::short_name`] at [`naming::SHORT_NAME_MAX`], so it always fits; subnet and parameter groups start
/// with it too).
pub const CACHE: naming::Composed = naming::Composed {
    what: "ElastiCache replication group id",
    prefix: "",
    suffix: "",
    max: 40,
};

/// The slow log group of a service's cache.
pub const CACHE_LOG_GROUP: naming::Composed = naming::Composed {
    what: "log group name",
    prefix: "/aws/elasticache/",
    suffix: "/slow-log",
    max: 512,
};

/// The SSM parameter holding a cache's auth token.
pub const CACHE_AUTH_PARAMETER: naming::Composed = naming::Composed {
    what: "SSM parameter name",
    prefix: "/",
    suffix: "/cache/auth-token",
    max: 1011,
};

/// The cache's security group's name prefix, after its name.
pub const CACHE_SECURITY_GROUP_SUFFIX: &str = "-cache-";

/// The inline policy on each code role that reads a cache's auth token, after its name.
pub const CACHE_AUTH_POLICY_SUFFIX: &str = "-cache-auth-token";

/// The service's cache.
pub struct Cache;

/// The engine's name in prose (`Valkey`, `Redis OSS`).
pub fn engine_label(engine: CacheEngine) -> &'static str {
    match engine {
        CacheEngine::Valkey => "Valkey",
        CacheEngine::Redis => "Redis OSS",
    }
}

/// Alarms per cache node (`elasticache`: engine CPU, memory, evictions).
const CACHE_ALARMS: u64 = 3;

impl Kind for Cache {
    /// The tier's cache replicas and snapshot days, which only caches read.
    fn tier_numbers(&self, base: &str, tier: &Tier) -> Vec<Number> {
        let p = format!("{base}/cache");
        vec![
            (
                format!("{p}/replicas"),
                "TierCache",
                "replicas",
                tier.cache.replicas,
            ),
            (
                format!("{p}/snapshot_retention_days"),
                "TierCache",
                "snapshot_retention_days",
                tier.cache.snapshot_retention_days,
            ),
        ]
    }

    fn present(&self, service: &Service) -> bool {
        service.cache.is_some()
    }

    fn field(&self) -> &'static str {
        "cache"
    }

    fn label(&self) -> &'static str {
        "Cache"
    }

    fn a(&self) -> &'static str {
        "a cache"
    }

    fn single(&self) -> bool {
        true
    }

    fn first_field(&self, _number: usize) -> String {
        "/cache/engine".to_owned()
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        design.services.get_mut(index)?.cache = Some(crate::design::Cache::default());
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.cache = None;
        }
    }

    fn what(&self, service: &Service, _number: usize) -> Option<String> {
        Some(format!(
            "cache ({})",
            service.cache.as_ref()?.engine.as_str()
        ))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 10,
            saturation: 86,
        }
    }

    fn stacked(&self, service: &Service) -> usize {
        usize::from(self.present(service))
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::Elasticache]
    }

    /// Node type from the catalog; Multi-AZ failover needs a replica to fail over to.
    fn tier_rules(&self, base: &str, tier: &Tier) -> Vec<Diagnostic> {
        let c = &tier.cache;
        let mut out = Vec::new();
        if !catalog::CACHE_NODE_TYPES.contains(&c.node_type.as_str()) {
            out.push(
                Diagnostic::error(
                    format!("{base}/cache/node_type"),
                    format!(
                        "\"{}\" is not a cache node type tfdesign offers",
                        c.node_type.escape_debug()
                    ),
                )
                .with_hint(format!(
                    "choose one of {}",
                    catalog::CACHE_NODE_TYPES.join(", ")
                )),
            );
        }
        if c.multi_az && c.replicas == 0 {
            out.push(
                Diagnostic::error(
                    format!("{base}/cache/multi_az"),
                    "Multi-AZ with automatic failover needs at least one replica",
                )
                .with_hint("add a replica, or turn Multi-AZ off"),
            );
        }
        out
    }

    /// The replication group id (at most 40 characters), made from the root's short name.
    fn names(&self, _service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let id = naming::short_name(root, naming::SHORT_NAME_MAX);
        vec![Name::new("cache/engine", CACHE, &id)]
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        let engine = service.cache.as_ref()?.engine;
        Some(Chip {
            class: "cache",
            tint: self.tint(),
            label: format!("Cache ({})", engine_label(engine)),
        })
    }

    /// One box in the last column, below the tables.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let Some(cache) = &layout.service.cache else {
            return Vec::new();
        };
        vec![Layout::node(
            COL[3],
            layout.stack_y(self, 0),
            BW,
            "cache",
            format!("Cache ({})", engine_label(cache.engine)),
            "/cache/engine".into(),
        )]
    }
}

impl Build for Cache {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        // The price data has no ElastiCache rows: the estimate names the node type it lacks.
        let c = &root.tier.cache;
        let nodes = 1 + u64::from(c.replicas);
        l.missing(
            cost::Kind::Fixed,
            &format!("ElastiCache nodes ({})", c.node_type),
            "module.cache.aws_elasticache_replication_group.this",
            &format!("elasticache:{}", c.node_type),
            "hour",
            &format!(
                "{nodes} node(s) (primary and {} replica(s)) × {} h",
                c.replicas,
                cost::HOURS_PER_MONTH
            ),
        );
        l.count_alarms(
            CACHE_ALARMS * nodes,
            format!("{CACHE_ALARMS} per cache node"),
        );
        l.count_log_groups(1, "the cache's slow log");
    }
    fn cost_rank(&self) -> u8 {
        1
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        let Some(cache) = &root.service.cache else {
            return Vec::new();
        };
        let (version, family) = catalog::cache_engine_version(cache.engine);
        let allowed = super::db_callers(root.service);
        let roles = list(super::code_roles(root.service));
        vec![blk("module", &["cache"])
            .a("source", s(format!("{UP}/modules/elasticache")))
            .a("name", s(wiring.short_name))
            .a("engine", s(cache.engine.as_str()))
            .a("engine_version", s(version))
            .a("parameter_group_family", s(family))
            .a("node_type", r("var.cache_node_type"))
            .a("replicas", r("var.cache_replicas"))
            .a("multi_az", r("var.cache_multi_az"))
            .a(
                "snapshot_retention_days",
                r("var.cache_snapshot_retention_days"),
            )
            .a("auth_token_version", r("var.cache_auth_token_version"))
            .a("vpc_id", r("local.vpc_id"))
            .a("subnet_ids", r("local.private_subnet_ids"))
            .a("allowed_security_groups", obj(allowed))
            .a("kms_key_arn", key())
            .a("log_retention_days", r("var.log_retention_days"))
            .a("reader_role_arns", roles)
            .a("alarm_actions", topic())]
    }
    /// The tier's node type, replicas, failover and snapshots; the auth token's version.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let c = &root.tier.cache;
        let num = |v: u32| n(v.into());
        vec![
            var(
                "cache_node_type",
                ty::string(),
                "ElastiCache node type of the cache's nodes.",
                s(c.node_type.as_str()),
            ),
            var(
                "cache_replicas",
                ty::number(),
                "Read replicas of the cache beside its primary (0 to 5).",
                num(c.replicas),
            ),
            var(
                "cache_multi_az",
                ty::bool(),
                "Cache nodes in different availability zones with automatic failover (needs a replica).",
                b(c.multi_az),
            ),
            var(
                "cache_snapshot_retention_days",
                ty::number(),
                "Days of the cache's daily snapshots (0: none).",
                num(c.snapshot_retention_days),
            ),
            var(
                "cache_auth_token_version",
                ty::number(),
                "Raise by one to give the cache a new auth token (the old one stays valid until the next change; restart the code so it reads the new one).",
                n(1),
            ),
        ]
    }
    fn outputs(&self, _root: &Root) -> Vec<Output> {
        let out = |name: &str, description: &str, value: &str| Output {
            name: name.into(),
            description: description.into(),
            value: r(value),
        };
        vec![
            out(
                "cache_endpoint",
                "Host name of the cache's primary node (CACHE_ENDPOINT of the workloads).",
                "module.cache.primary_endpoint",
            ),
            out(
                "cache_reader_endpoint",
                "Host name that spreads reads over the cache's replicas (CACHE_READER_ENDPOINT).",
                "module.cache.reader_endpoint",
            ),
            out(
                "cache_auth_token_parameter",
                "SSM parameter holding the cache's auth token (CACHE_AUTH_TOKEN_PARAMETER).",
                "module.cache.auth_token_parameter_name",
            ),
        ]
    }
    /// Where and how to connect: TLS, with the auth token the code reads from its SSM
    /// parameter (the cache module lets the service's roles read it).
    fn code_env(&self, _root: &Root) -> Vec<(String, E)> {
        vec![
            ("CACHE_ENDPOINT".into(), r("module.cache.primary_endpoint")),
            (
                "CACHE_READER_ENDPOINT".into(),
                r("module.cache.reader_endpoint"),
            ),
            (
                "CACHE_PORT".into(),
                call("tostring", vec![r("module.cache.port")]),
            ),
            ("CACHE_TLS".into(), s("true")),
            (
                "CACHE_AUTH_TOKEN_PARAMETER".into(),
                r("module.cache.auth_token_parameter_name"),
            ),
        ]
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let cache = service.cache.iter();
        cache
            .map(|c| format!("ElastiCache {}", engine_label(c.engine)))
            .collect()
    }
    /// The cache node, and an arrow from each workload that uses it.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        let Some(cache) = &service.cache else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "  cache[(\"ElastiCache {}\")]",
            engine_label(cache.engine)
        )];
        for c in super::bucket::code_nodes(service) {
            lines.push(format!("  {c} -->|TLS + auth token| cache"));
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| ElastiCache caches of the services: private subnets, a security group that admits \
only the service's tasks and functions on 6379, encryption at rest with the deployment key and in \
transit (TLS required), an auth token (in an SSM SecureString parameter only the service's roles \
may read), Multi-AZ with automatic failover, daily snapshots, the slow log in an encrypted log \
group | Nothing outside the service reaches or reads the cached data, and a failed primary is \
replaced by a replica | `modules/elasticache`; `tiers[].cache.multi_az`, \
`tiers[].cache.snapshot_retention_days` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the caches (data at rest, auth tokens, slow logs)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_rules_point_at_the_field() {
        let mut tier = Tier::default();
        assert!(Cache.tier_rules("/tiers/0", &tier).is_empty());
        tier.cache.replicas = 0;
        let got = Cache.tier_rules("/tiers/0", &tier);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/tiers/0/cache/multi_az");
        tier.cache.multi_az = false;
        assert!(Cache.tier_rules("/tiers/0", &tier).is_empty());
        tier.cache.node_type = "cache.x9.huge".into();
        let got = Cache.tier_rules("/tiers/0", &tier);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/tiers/0/cache/node_type");
        assert!(
            got[0].message.contains("cache.x9.huge"),
            "{}",
            got[0].message
        );
    }

    #[test]
    fn the_replication_group_id_always_fits() {
        let root = "a-very-long-project-name-prod-the-orders-ingestion-service-dr";
        let names = Cache.names(&Service::default(), root, &[]);
        assert_eq!(names.len(), 1);
        assert!(names[0].value.len() <= names[0].max, "{}", names[0].value);
        assert!(!names[0].value.ends_with('-') && !names[0].value.contains("--"));
    }
}
