//! `modules/elasticache`: a service's cache, an ElastiCache (Valkey or Redis OSS) replication
//! group with cluster mode off.
//!
//! In the private subnets (its own subnet group) behind its own security group, which admits
//! only the given security groups (the service's tasks and functions) on the port; encrypted at
//! rest with the deployment's key and in transit (TLS required); an auth token required, made by
//! Terraform and kept for the code in an SSM SecureString parameter (written write-only,
//! encrypted with the key) that only the service's roles may read; its own parameter group of
//! the engine's family; the slow log delivered to an encrypted CloudWatch log group; daily
//! snapshots; Multi-AZ with automatic failover when asked; alarms on engine CPU, memory and
//! evictions per node.

use super::alarms::actions_var;
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::Choices;
use crate::kinds::cache::{
    CACHE_AUTH_PARAMETER, CACHE_AUTH_POLICY_SUFFIX, CACHE_LOG_GROUP, CACHE_SECURITY_GROUP_SUFFIX,
};

const RANDOM_PROVIDER: (&str, &str, &str) = ("random", "hashicorp/random", ">= 3.6");

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let name = || r("var.name");
    let mut main = File::new();
    main.push(data("aws_region", "current"));
    main.push(
        resource("aws_elasticache_subnet_group", "this")
            .a("name", name())
            .a(
                "description",
                tpl(vec![T::L("Private subnets of the cache "), T::X(name())]),
            )
            .a("subnet_ids", r("var.subnet_ids")),
    );
    // No egress rules: the cache never opens connections. Terraform removes the allow-all
    // egress rule AWS adds to every new group.
    main.push(
        resource("aws_security_group", "this")
            .a(
                "name_prefix",
                tpl(vec![T::X(name()), T::L(CACHE_SECURITY_GROUP_SUFFIX)]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("Cache "),
                    T::X(name()),
                    T::L(": ingress from allowed security groups only"),
                ]),
            )
            .a("vpc_id", r("var.vpc_id"))
            .a(
                "tags",
                obj([("Name", tpl(vec![T::X(name()), T::L("-cache")]))]),
            )
            .b(blk("lifecycle", &[]).a("create_before_destroy", b(true))),
    );
    main.push(
        resource("aws_vpc_security_group_ingress_rule", "allowed")
            .a("for_each", r("var.allowed_security_groups"))
            .a("security_group_id", r("aws_security_group.this.id"))
            .a("referenced_security_group_id", r("each.value"))
            .a("ip_protocol", s("tcp"))
            .a("from_port", r("var.port"))
            .a("to_port", r("var.port"))
            .a(
                "description",
                tpl(vec![T::L("Cache clients: "), T::X(r("each.key"))]),
            ),
    );
    main.push(
        resource("aws_elasticache_parameter_group", "this")
            .comment(
                "Named after its family, so a new engine's group is made before the old one goes.",
            )
            .a(
                "name",
                tpl(vec![
                    T::X(name()),
                    T::L("-"),
                    T::X(r("var.parameter_group_family")),
                ]),
            )
            .a("family", r("var.parameter_group_family"))
            .a(
                "description",
                tpl(vec![
                    T::X(r("var.engine")),
                    T::L(" "),
                    T::X(r("var.engine_version")),
                    T::L(" settings of the cache "),
                    T::X(name()),
                ]),
            )
            .b(blk("lifecycle", &[]).a("create_before_destroy", b(true))),
    );
    main.push(
        resource("aws_cloudwatch_log_group", "slow_log")
            .skips(choices.short_log_retention())
            .a(
                "name",
                tpl(vec![
                    T::L(CACHE_LOG_GROUP.prefix),
                    T::X(name()),
                    T::L(CACHE_LOG_GROUP.suffix),
                ]),
            )
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
    );
    main.push(
        resource("random_password", "auth_token")
            .comment("Kept in this module's state (encrypt the state) and in the SSM parameter below, which the code reads.")
            .a("length", n(64))
            // ElastiCache refuses `/`, `"`, `@` and spaces in an auth token: letters and digits only.
            .a("special", b(false))
            .a(
                "keepers",
                obj([(
                    "version",
                    call("tostring", vec![r("var.auth_token_version")]),
                )]),
            ),
    );
    main.push(
        resource("aws_ssm_parameter", "auth_token")
            .a(
                "name",
                tpl(vec![
                    T::L(CACHE_AUTH_PARAMETER.prefix),
                    T::X(name()),
                    T::L(CACHE_AUTH_PARAMETER.suffix),
                ]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("Auth token of the cache "),
                    T::X(name()),
                    T::L(" (its clients read it at start)"),
                ]),
            )
            .a("type", s("SecureString"))
            .a("key_id", r("var.kms_key_arn"))
            .a("value_wo", r("random_password.auth_token.result"))
            .a("value_wo_version", r("var.auth_token_version")),
    );
    main.push(
        resource("aws_elasticache_replication_group", "this")
            .skips(choices.no_cache_failover())
            .a("replication_group_id", name())
            .a(
                "description",
                tpl(vec![
                    T::L("Cache of "),
                    T::X(name()),
                    T::L(" ("),
                    T::X(r("var.engine")),
                    T::L(")"),
                ]),
            )
            .a("engine", r("var.engine"))
            .a("engine_version", r("var.engine_version"))
            .a("node_type", r("var.node_type"))
            .a("num_cache_clusters", op(r("var.replicas"), Op::Plus, n(1)))
            .a("port", r("var.port"))
            .a(
                "parameter_group_name",
                r("aws_elasticache_parameter_group.this.name"),
            )
            .a(
                "subnet_group_name",
                r("aws_elasticache_subnet_group.this.name"),
            )
            .a(
                "security_group_ids",
                list([r("aws_security_group.this.id")]),
            )
            .a("automatic_failover_enabled", r("var.multi_az"))
            .a("multi_az_enabled", r("var.multi_az"))
            .a("at_rest_encryption_enabled", b(true))
            .a("kms_key_id", r("var.kms_key_arn"))
            .a("transit_encryption_enabled", b(true))
            .a("auth_token", r("random_password.auth_token.result"))
            // A new token is added beside the old one, so clients that still hold the old
            // one keep working until they read the new one.
            .a("auth_token_update_strategy", s("ROTATE"))
            .a("snapshot_retention_limit", r("var.snapshot_retention_days"))
            .a("snapshot_window", r("var.snapshot_window"))
            .a("maintenance_window", r("var.maintenance_window"))
            .a("auto_minor_version_upgrade", b(true))
            .b(blk("log_delivery_configuration", &[])
                .a("destination", r("aws_cloudwatch_log_group.slow_log.name"))
                .a("destination_type", s("cloudwatch-logs"))
                .a("log_format", s("json"))
                .a("log_type", s("slow-log")))
            .b(precondition(
                op(
                    not(r("var.multi_az")),
                    Op::Or,
                    op(r("var.replicas"), Op::GreaterEq, n(1)),
                ),
                "multi_az (automatic failover) needs at least one replica.",
            )),
    );
    // Only the service's roles read the token: an inline policy on each of them.
    let role_arn = || r("var.reader_role_arns[count.index]");
    main.push(
        data("aws_iam_policy_document", "read_auth_token")
            .b(blk("statement", &[])
                .a("sid", s("ReadTheCacheAuthToken"))
                .a("actions", strs(["ssm:GetParameter"]))
                .a("resources", list([r("aws_ssm_parameter.auth_token.arn")])))
            .b(blk("statement", &[])
                .a("sid", s("DecryptItThroughSsm"))
                .a("actions", strs(["kms:Decrypt"]))
                .a("resources", list([r("var.kms_key_arn")]))
                .b(blk("condition", &[])
                    .a("test", s("StringEquals"))
                    .a("variable", s("kms:ViaService"))
                    .a(
                        "values",
                        list([tpl(vec![
                            T::L("ssm."),
                            T::X(r("data.aws_region.current.region")),
                            T::L(".amazonaws.com"),
                        ])]),
                    ))),
    );
    main.push(
        resource("aws_iam_role_policy", "read_auth_token")
            .a("count", call("length", vec![r("var.reader_role_arns")]))
            .a(
                "name",
                tpl(vec![T::X(name()), T::L(CACHE_AUTH_POLICY_SUFFIX)]),
            )
            .a("role", call("regex", vec![s("[^/]+$"), role_arn()]))
            .a(
                "policy",
                r("data.aws_iam_policy_document.read_auth_token.json"),
            ),
    );
    for alarm in ALARMS {
        main.push(alarm.block());
    }

    Module {
        name: "elasticache",
        description: "A service's cache: an ElastiCache replication group (Valkey or Redis OSS, \
cluster mode off) of one primary and `replicas` read replicas in the given private subnets, \
behind its own security group that admits only `allowed_security_groups` on `port`; encrypted at \
rest with the given customer-managed KMS key and in transit (TLS required); an auth token \
required, generated by Terraform (`random_password`, so the state holds it: encrypt the state) \
and kept in an SSM SecureString parameter encrypted with the key, written write-only, which only \
`reader_role_arns` may read (an inline policy on each role: `ssm:GetParameter` on it and \
`kms:Decrypt` through SSM); raising `auth_token_version` makes a new token, which ElastiCache \
accepts beside the old one (`ROTATE`). Its own parameter group of `parameter_group_family`; the \
slow log delivered as JSON to an encrypted CloudWatch log group; daily snapshots kept \
`snapshot_retention_days`; Multi-AZ with automatic failover with `multi_az` (at least one \
replica); alarms per node on engine CPU, memory used and evictions, notifying `alarm_actions` \
when they fire and clear.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Replication group id, and the start of every other name of the cache: at most 40 lowercase letters, digits and single hyphens, starting with a letter.",
            )
            .validate(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![s("^[a-z]([a-z0-9]|-[a-z0-9]){0,39}$"), r("var.name")],
                    )],
                ),
                "name is at most 40 lowercase letters, digits and single hyphens, starting with a letter.",
            ),
            Var::opt(
                "engine",
                ty::string(),
                "`valkey` or `redis` (Redis OSS).",
                s("valkey"),
            )
            .validate(
                call("contains", vec![strs(["valkey", "redis"]), r("var.engine")]),
                "engine is valkey or redis.",
            ),
            Var::req(
                "engine_version",
                ty::string(),
                "Engine version, e.g. `8.0` (Valkey) or `7.1` (Redis OSS).",
            ),
            Var::req(
                "parameter_group_family",
                ty::string(),
                "Parameter group family of the engine version, e.g. `valkey8` or `redis7`.",
            ),
            Var::req(
                "node_type",
                ty::string(),
                "Node type of every node, e.g. `cache.t4g.micro`.",
            ),
            Var::opt(
                "replicas",
                ty::number(),
                "Read replicas beside the primary (0 to 5).",
                n(1),
            )
            .validate(
                op(
                    op(r("var.replicas"), Op::GreaterEq, n(0)),
                    Op::And,
                    op(r("var.replicas"), Op::LessEq, n(5)),
                ),
                "replicas is 0 to 5.",
            ),
            Var::opt(
                "multi_az",
                ty::bool(),
                "Nodes in different availability zones, with automatic failover to a replica (needs `replicas` >= 1).",
                b(true),
            ),
            Var::opt(
                "snapshot_retention_days",
                ty::number(),
                "Days of automatic daily snapshots (0: none; at most 35).",
                n(7),
            ),
            Var::opt(
                "snapshot_window",
                ty::string(),
                "Daily UTC window of the snapshots (at least 60 minutes; not overlapping `maintenance_window`).",
                s("03:00-04:00"),
            ),
            Var::opt(
                "maintenance_window",
                ty::string(),
                "Weekly UTC window of maintenance, e.g. `sun:05:00-sun:06:00`.",
                s("sun:05:00-sun:06:00"),
            ),
            Var::req(
                "vpc_id",
                ty::string(),
                "ID of the VPC of the subnets.",
            ),
            Var::req(
                "subnet_ids",
                ty::list_string(),
                "Private subnets the nodes run in (two or more zones for Multi-AZ).",
            ),
            Var::opt(
                "allowed_security_groups",
                ty::map_string(),
                "Security groups whose members may connect on `port`, by a name for the rule's description (the service's tasks and functions); nobody else may.",
                obj::<&str>([]),
            ),
            Var::opt(
                "port",
                ty::number(),
                "Port the nodes listen on.",
                n(crate::catalog::CACHE_PORT.into()),
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "ARN of the customer-managed KMS key that encrypts the data at rest, the auth token's parameter and the slow log.",
            ),
            Var::req(
                "log_retention_days",
                ty::number(),
                "Days the slow log is kept in CloudWatch Logs (a value CloudWatch accepts).",
            ),
            Var::opt(
                "reader_role_arns",
                ty::list_string(),
                "ARNs of the IAM roles that may read the auth token (the service's task and function roles).",
                list([]),
            ),
            Var::opt(
                "auth_token_version",
                ty::number(),
                "Raise by one to make a new auth token (written to the cache, which keeps the old one valid too, and to the parameter).",
                n(1),
            ),
            Var::opt(
                "cpu_threshold",
                ty::number(),
                "Alarm when a node's engine CPU is above this percentage for 15 minutes.",
                n(80),
            ),
            Var::opt(
                "memory_threshold",
                ty::number(),
                "Alarm when a node uses more than this percentage of its memory for 15 minutes.",
                n(80),
            ),
            Var::opt(
                "evictions_threshold",
                ty::number(),
                "Alarm when a node evicts more keys than this in 5 minutes (memory is short).",
                n(100),
            ),
            actions_var(),
        ],
        outputs: vec![
            Output::new(
                "replication_group_id",
                "Id of the replication group.",
                r("aws_elasticache_replication_group.this.id"),
            ),
            Output::new(
                "primary_endpoint",
                "Host name of the primary node (reads and writes).",
                r("aws_elasticache_replication_group.this.primary_endpoint_address"),
            ),
            Output::new(
                "reader_endpoint",
                "Host name that spreads reads over the replicas.",
                r("aws_elasticache_replication_group.this.reader_endpoint_address"),
            ),
            Output::new("port", "Port of the nodes.", r("var.port")),
            Output::new(
                "auth_token_parameter_name",
                "SSM parameter (SecureString) holding the auth token.",
                r("aws_ssm_parameter.auth_token.name"),
            ),
            Output::new(
                "security_group_id",
                "Security group of the cache; add ingress with `allowed_security_groups`.",
                r("aws_security_group.this.id"),
            ),
        ],
        main,
        extra_providers: vec![RANDOM_PROVIDER],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// One alarm per node (`<name>-001`, `-002`…: ElastiCache's member ids with cluster mode off).
struct NodeAlarm {
    name: &'static str,
    suffix: &'static str,
    what: &'static str,
    metric: &'static str,
    statistic: &'static str,
    periods: i64,
    threshold: &'static str,
}

const ALARMS: &[NodeAlarm] = &[
    NodeAlarm {
        name: "engine_cpu",
        suffix: "-engine-cpu",
        what: "The cache engine's CPU is busy: commands queue up; use a larger node type or spread reads over replicas.",
        metric: "EngineCPUUtilization",
        statistic: "Average",
        periods: 3,
        threshold: "var.cpu_threshold",
    },
    NodeAlarm {
        name: "memory",
        suffix: "-memory",
        what: "The cache is nearly full: keys are evicted soon; use a larger node type or shorter TTLs.",
        metric: "DatabaseMemoryUsagePercentage",
        statistic: "Average",
        periods: 3,
        threshold: "var.memory_threshold",
    },
    NodeAlarm {
        name: "evictions",
        suffix: "-evictions",
        what: "The cache evicts keys to make room: its memory is short for what the code stores.",
        metric: "Evictions",
        statistic: "Sum",
        periods: 1,
        threshold: "var.evictions_threshold",
    },
];

impl NodeAlarm {
    fn block(&self) -> Blk {
        let node = || {
            call(
                "format",
                vec![
                    s("%s-%03d"),
                    r("var.name"),
                    op(r("count.index"), Op::Plus, n(1)),
                ],
            )
        };
        resource("aws_cloudwatch_metric_alarm", self.name)
            .a("count", op(r("var.replicas"), Op::Plus, n(1)))
            .a("alarm_name", tpl(vec![T::X(node()), T::L(self.suffix)]))
            .a("alarm_description", s(self.what))
            .a("namespace", s("AWS/ElastiCache"))
            .a("metric_name", s(self.metric))
            .a("statistic", s(self.statistic))
            .a("period", n(300))
            .a("evaluation_periods", n(self.periods))
            .a("threshold", r(self.threshold))
            .a("comparison_operator", s("GreaterThanThreshold"))
            .a("treat_missing_data", s("notBreaching"))
            .a("dimensions", obj([("CacheClusterId", node())]))
            .a("alarm_actions", r("var.alarm_actions"))
            .a("ok_actions", r("var.alarm_actions"))
            // The node ids come from the replication group.
            .a(
                "depends_on",
                list([r("aws_elasticache_replication_group.this")]),
            )
    }
}
