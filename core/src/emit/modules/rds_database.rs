//! `modules/rds-database`: RDS for PostgreSQL with its network, parameters, logs and replicas.
//!
//! The primary `aws_db_instance.this` is either a new database (password managed by RDS in
//! Secrets Manager) or, when `replicate_source_db` is set, a cross-region read replica of a
//! database in another region (engine, database name and master user then come from the
//! source). `aws_db_instance.replica` adds same-region read replicas of `this`.

use super::alarms::{self, Alarm};
use crate::emit::hcl::*;
use crate::emit::module::{permissions_boundary_var, ty, Module, Output, Var};
use crate::emit::security::{Choices, Skip};

/// The PostgreSQL log types exported to CloudWatch Logs.
const LOG_EXPORTS: [&str; 2] = ["postgresql", "upgrade"];

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let mut main = File::new();
    main.push(locals());
    main.push(data("aws_partition", "current"));
    main.push(
        resource("aws_db_subnet_group", "this")
            .a(
                "name_prefix",
                tpl(vec![T::X(r("var.identifier")), T::L("-")]),
            )
            .a(
                "description",
                tpl(vec![T::L("Subnets of "), T::X(r("var.identifier"))]),
            )
            .a("subnet_ids", r("var.subnet_ids"))
            .b(create_before_destroy()),
    );
    main.push(security_group());
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
                tpl(vec![T::L("PostgreSQL from "), T::X(r("each.key"))]),
            ),
    );
    main.push(parameter_group());
    main.push(
        resource("aws_cloudwatch_log_group", "this")
            .a("for_each", call("toset", vec![r("local.log_group_names")]))
            .skips(choices.short_log_retention())
            .a("name", r("each.value"))
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_id")),
    );
    main.push(monitoring_assume_role());
    main.push(
        resource("aws_iam_role", "monitoring")
            .a("count", monitoring_count())
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a(
                "name_prefix",
                tpl(vec![
                    T::X(call("substr", vec![r("var.identifier"), n(0), n(32)])),
                    T::L("-mon-"),
                ]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("RDS enhanced monitoring of "),
                    T::X(r("var.identifier")),
                ]),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.monitoring_assume.json"),
            ),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "monitoring")
            .a("count", monitoring_count())
            .a("role", r("aws_iam_role.monitoring[0].name"))
            .a(
                "policy_arn",
                tpl(vec![
                    T::L("arn:"),
                    T::X(r("data.aws_partition.current.partition")),
                    T::L(":iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),
                ]),
            ),
    );
    main.push(primary(choices.database()));
    main.push(replica(choices.database()));
    for alarm in alarms() {
        main.push(alarm.block("var.identifier"));
    }

    Module {
        name: "rds-database",
        description:
            "RDS for PostgreSQL: a DB subnet group, a security group that admits only the \
given security groups on the database port (no egress), a parameter group that forces TLS \
(`rds.force_ssl = 1`) and logs DDL and statements slower than one second, and the instance: gp3 \
storage with autoscaling, encrypted, master password managed by RDS in Secrets Manager, IAM \
database authentication, automated backups, final snapshot, deletion protection, Performance \
Insights and enhanced monitoring on request, and `postgresql`/`upgrade` logs exported to \
CloudWatch log groups created here with a fixed retention, encrypted with `kms_key_id`. \
`read_replica_count` adds same-region read replicas, with the same Multi-AZ and backup settings \
as the instance. With `replicate_source_db` (the ARN of an instance in another region) the \
instance is a cross-region read replica instead: engine, database name and master user come \
from the source, `kms_key_id` (a key of this region) is required, and no final snapshot is taken \
(RDS refuses one for a replica); remove `replicate_source_db` to promote it. Alarms on the \
instance's CPU and free storage notify `alarm_actions`.",
        variables: variables(),
        outputs: outputs(),
        main,
        extra_providers: vec![],
        extra_files: vec![],
    }
}

/// Alarms a person must hear about: CPU above 80 % for 15 minutes, less than 2 GiB of storage
/// left (autoscaling at its ceiling).
fn alarms() -> Vec<Alarm<'static>> {
    let instance = || ("DBInstanceIdentifier", r("aws_db_instance.this.identifier"));
    vec![
        Alarm {
            name: "cpu",
            suffix: "-cpu-high",
            what: "Database CPU has been above 80 % for 15 minutes.",
            namespace: "AWS/RDS",
            metric: "CPUUtilization",
            statistic: "Average",
            period: 300,
            periods: 3,
            comparison: "GreaterThanThreshold",
            threshold: n(80),
            dimensions: vec![instance()],
        },
        Alarm {
            name: "free_storage",
            suffix: "-storage-low",
            what: "Less than 2 GiB of database storage is left: storage autoscaling may be at max_allocated_storage.",
            namespace: "AWS/RDS",
            metric: "FreeStorageSpace",
            statistic: "Minimum",
            period: 300,
            periods: 1,
            comparison: "LessThanThreshold",
            threshold: n(2_147_483_648),
            dimensions: vec![instance()],
        },
    ]
}

/// `var.replicate_source_db == null`: the instance is a new primary, not a replica.
fn is_primary() -> E {
    op(r("var.replicate_source_db"), "==", null())
}

/// `value` for a new primary, `null` for a cross-region replica.
fn primary_only(value: E) -> E {
    cond(is_primary(), value, null())
}

fn monitoring_count() -> E {
    cond(op(r("var.monitoring_interval"), ">", n(0)), n(1), n(0))
}

fn create_before_destroy() -> Blk {
    blk("lifecycle", &[]).a("create_before_destroy", b(true))
}

fn locals() -> Blk {
    let instance_ids = call(
        "concat",
        vec![list([r("var.identifier")]), r("local.replica_identifiers")],
    );
    blk("locals", &[])
        .a("log_exports", strs(LOG_EXPORTS))
        .a(
            "replica_identifiers",
            for_list(
                "i",
                call("range", vec![r("var.read_replica_count")]),
                tpl(vec![
                    T::X(r("var.identifier")),
                    T::L("-replica-"),
                    T::X(op(r("i"), "+", n(1))),
                ]),
            ),
        )
        .a(
            "log_group_names",
            call(
                "flatten",
                vec![for_list(
                    "id",
                    instance_ids,
                    for_list(
                        "log",
                        r("local.log_exports"),
                        tpl(vec![
                            T::L("/aws/rds/instance/"),
                            T::X(r("id")),
                            T::L("/"),
                            T::X(r("log")),
                        ]),
                    ),
                )],
            ),
        )
}

fn security_group() -> Blk {
    // No egress rules: the database never opens connections. Terraform removes the
    // allow-all egress rule AWS adds to every new group.
    resource("aws_security_group", "this")
        .a(
            "name_prefix",
            tpl(vec![T::X(r("var.identifier")), T::L("-rds-")]),
        )
        .a(
            "description",
            tpl(vec![
                T::L("PostgreSQL "),
                T::X(r("var.identifier")),
                T::L(": ingress from allowed security groups only"),
            ]),
        )
        .a("vpc_id", r("var.vpc_id"))
        .a(
            "tags",
            obj([("Name", tpl(vec![T::X(r("var.identifier")), T::L("-rds")]))]),
        )
        .b(create_before_destroy())
}

fn parameter_group() -> Blk {
    let parameter = |name: &str, value: &str| {
        blk("parameter", &[])
            .a("name", s(name))
            .a("value", s(value))
    };
    resource("aws_db_parameter_group", "this")
        .a(
            "name_prefix",
            tpl(vec![T::X(r("var.identifier")), T::L("-")]),
        )
        .a(
            "family",
            tpl(vec![T::L("postgres"), T::X(r("var.engine_version"))]),
        )
        .a(
            "description",
            tpl(vec![
                T::L("PostgreSQL "),
                T::X(r("var.engine_version")),
                T::L(" for "),
                T::X(r("var.identifier")),
                T::L(": TLS only, slow statement logging"),
            ]),
        )
        .b(parameter("rds.force_ssl", "1"))
        .b(parameter("log_min_duration_statement", "1000"))
        .b(parameter("log_statement", "ddl"))
        .b(parameter("log_connections", "1"))
        .b(parameter("log_disconnections", "1"))
        .b(create_before_destroy())
}

fn monitoring_assume_role() -> Blk {
    data("aws_iam_policy_document", "monitoring_assume").b(blk("statement", &[])
        .a("actions", strs(["sts:AssumeRole"]))
        .b(blk("principals", &[])
            .a("type", s("Service"))
            .a("identifiers", strs(["monitoring.rds.amazonaws.com"]))))
}

/// Attributes shared by the primary and its same-region replicas.
fn common(instance: Blk) -> Blk {
    instance
        .a("instance_class", r("var.instance_class"))
        .a("storage_type", s("gp3"))
        .a("allocated_storage", r("var.allocated_storage"))
        .a("max_allocated_storage", r("var.max_allocated_storage"))
        .a("storage_encrypted", b(true))
        .a("port", r("var.port"))
        .a(
            "parameter_group_name",
            r("aws_db_parameter_group.this.name"),
        )
        .a(
            "vpc_security_group_ids",
            list([r("aws_security_group.this.id")]),
        )
        .a("publicly_accessible", b(false))
        .a("iam_database_authentication_enabled", b(true))
        .a("auto_minor_version_upgrade", b(true))
        .a("copy_tags_to_snapshot", b(true))
        .a("deletion_protection", r("var.deletion_protection"))
        .a("enabled_cloudwatch_logs_exports", r("local.log_exports"))
        .a(
            "performance_insights_enabled",
            r("var.performance_insights_enabled"),
        )
        .a(
            "performance_insights_retention_period",
            cond(r("var.performance_insights_enabled"), n(7), null()),
        )
        .a(
            "performance_insights_kms_key_id",
            cond(
                r("var.performance_insights_enabled"),
                r("var.kms_key_id"),
                null(),
            ),
        )
        .a("monitoring_interval", r("var.monitoring_interval"))
        .a(
            "monitoring_role_arn",
            cond(
                op(r("var.monitoring_interval"), ">", n(0)),
                r("aws_iam_role.monitoring[0].arn"),
                null(),
            ),
        )
}

fn primary(skips: Vec<Skip>) -> Blk {
    let instance = resource("aws_db_instance", "this")
        .skips(skips)
        .a("identifier", r("var.identifier"))
        .a("replicate_source_db", r("var.replicate_source_db"))
        .a("engine", primary_only(s("postgres")))
        .a("engine_version", primary_only(r("var.engine_version")))
        .a("db_name", primary_only(r("var.db_name")))
        .a("username", primary_only(r("var.username")))
        .a("manage_master_user_password", primary_only(b(true)))
        .a("kms_key_id", r("var.kms_key_id"))
        .a("db_subnet_group_name", r("aws_db_subnet_group.this.name"))
        .a("multi_az", r("var.multi_az"));
    common(instance)
        .a("backup_retention_period", r("var.backup_retention_period"))
        .a("backup_window", s("03:00-04:00"))
        .a("maintenance_window", s("sun:04:30-sun:05:30"))
        .a("skip_final_snapshot", op(r("var.replicate_source_db"), "!=", null()))
        .a(
            "final_snapshot_identifier",
            primary_only(tpl(vec![T::X(r("var.identifier")), T::L("-final")])),
        )
        .a("depends_on", list([r("aws_cloudwatch_log_group.this")]))
        .b(precondition(op(
                    is_primary(),
                    "||",
                    op(r("var.kms_key_id"), "!=", null()),
                ), "A cross-region read replica (replicate_source_db) needs kms_key_id: a KMS key of this region."))
}

fn replica(skips: Vec<Skip>) -> Blk {
    let instance = resource("aws_db_instance", "replica")
        .skips(skips)
        .a("count", r("var.read_replica_count"))
        .a(
            "identifier",
            call(
                "element",
                vec![r("local.replica_identifiers"), r("count.index")],
            ),
        )
        .a("replicate_source_db", r("aws_db_instance.this.identifier"))
        .a("kms_key_id", r("var.kms_key_id"));
    // Replicas are as resilient as the tier asks of the database: a standby and backups of
    // their own, so a promoted replica is a full database.
    common(instance)
        .a("multi_az", r("var.multi_az"))
        .a("backup_retention_period", r("var.backup_retention_period"))
        .a("maintenance_window", s("sun:05:30-sun:06:30"))
        .a("skip_final_snapshot", b(true))
        .a("depends_on", list([r("aws_cloudwatch_log_group.this")]))
}

fn variables() -> Vec<Var> {
    vec![
        Var::req(
            "identifier",
            ty::string(),
            "RDS instance identifier; also the prefix of the subnet, security and parameter groups and of the replicas (`<identifier>-replica-<n>`).",
        ),
        Var::req("vpc_id", ty::string(), "VPC of the database's security group."),
        Var::req(
            "subnet_ids",
            ty::list_string(),
            "Private subnets of the DB subnet group, in at least two availability zones.",
        ),
        Var::req(
            "engine_version",
            ty::string(),
            "PostgreSQL major version, e.g. `16`; also selects the parameter group family `postgres<version>`.",
        )
        .validate(
            call("can", vec![call("regex", vec![s("^[0-9]+$"), r("var.engine_version")])]),
            "engine_version is the PostgreSQL major version only, e.g. \"16\".",
        ),
        Var::req("instance_class", ty::string(), "Instance class of the database and its replicas, e.g. `db.t4g.medium`."),
        Var::req("allocated_storage", ty::number(), "Initial gp3 storage in GiB."),
        Var::req(
            "max_allocated_storage",
            ty::number(),
            "Storage autoscaling ceiling in GiB.",
        ),
        Var::req(
            "db_name",
            ty::string(),
            "Name of the initial database (ignored for a cross-region replica).",
        ),
        Var::req(
            "username",
            ty::string(),
            "Master user name; RDS keeps its password in Secrets Manager (ignored for a cross-region replica).",
        ),
        Var::req("multi_az", ty::bool(), "Run a standby in a second availability zone."),
        Var::opt(
            "read_replica_count",
            ty::number(),
            "Read replicas of the database in the same region.",
            n(0),
        )
        .validate(
            op(r("var.read_replica_count"), ">=", n(0)),
            "read_replica_count cannot be negative.",
        ),
        Var::req(
            "backup_retention_period",
            ty::number(),
            "Days of automated backups (0 to 35).",
        )
        .validate(
            op(
                op(r("var.backup_retention_period"), ">=", n(0)),
                "&&",
                op(r("var.backup_retention_period"), "<=", n(35)),
            ),
            "backup_retention_period is 0 to 35 days.",
        ),
        Var::req(
            "deletion_protection",
            ty::bool(),
            "Refuse to delete the database and its replicas.",
        ),
        Var::opt(
            "allowed_security_groups",
            ty::map_string(),
            "Security groups allowed to connect on `port`, by a static name used in the rule description (name => security group id).",
            obj::<&str>([]),
        ),
        Var::opt(
            "replicate_source_db",
            ty::string(),
            "ARN of a database in another region: this instance becomes its cross-region read replica.",
            null(),
        ),
        Var::opt(
            "kms_key_id",
            ty::string(),
            "ARN of the customer-managed KMS key of this region encrypting storage, Performance Insights and the log groups (its key policy must allow CloudWatch Logs); null uses the AWS managed keys. Required with `replicate_source_db`.",
            null(),
        ),
        Var::opt(
            "performance_insights_enabled",
            ty::bool(),
            "Turn on Performance Insights (7 days of retention, the free tier).",
            b(false),
        ),
        Var::opt("port", ty::number(), "Port PostgreSQL listens on.", n(5432)),
        Var::opt(
            "log_retention_days",
            ty::number(),
            "Days the exported PostgreSQL logs are kept in CloudWatch Logs.",
            n(30),
        ),
        Var::opt(
            "monitoring_interval",
            ty::number(),
            "Seconds between enhanced monitoring samples (1, 5, 10, 15, 30 or 60); 0 turns enhanced monitoring and its IAM role off.",
            n(60),
        )
        .validate(
            call(
                "contains",
                vec![
                    list([n(0), n(1), n(5), n(10), n(15), n(30), n(60)]),
                    r("var.monitoring_interval"),
                ],
            ),
            "monitoring_interval is one of 0, 1, 5, 10, 15, 30 or 60.",
        ),
        alarms::actions_var(),
        permissions_boundary_var(),
    ]
}

fn outputs() -> Vec<Output> {
    vec![
        Output::new(
            "identifier",
            "Identifier of the instance.",
            r("aws_db_instance.this.identifier"),
        ),
        Output::new("arn", "ARN of the instance.", r("aws_db_instance.this.arn")),
        Output::new(
            "endpoint",
            "Connection endpoint, `address:port`.",
            r("aws_db_instance.this.endpoint"),
        ),
        Output::new(
            "address",
            "Host name of the instance.",
            r("aws_db_instance.this.address"),
        ),
        Output::new(
            "port",
            "Port of the instance.",
            r("aws_db_instance.this.port"),
        ),
        Output::new(
            "security_group_id",
            "Security group of the database; add ingress with `allowed_security_groups`.",
            r("aws_security_group.this.id"),
        ),
        Output::new(
            "master_user_secret_arn",
            "Secrets Manager secret with the master credentials; null for a cross-region replica.",
            call(
                "try",
                vec![
                    r("aws_db_instance.this.master_user_secret[0].secret_arn"),
                    null(),
                ],
            ),
        ),
        Output::new(
            "replica_addresses",
            "Host names of the same-region read replicas.",
            r("aws_db_instance.replica[*].address"),
        ),
    ]
}
