//! `modules/rds-database`: RDS for PostgreSQL with its network, parameters, logs and replicas.
//!
//! The primary `aws_db_instance.this` is either a new database (password managed by RDS in
//! Secrets Manager) or, when `replicate_source_db` is set, a cross-region read replica of a
//! database in another region (engine, database name and master user then come from the
//! source). `aws_db_instance.replica` adds same-region read replicas of `this`.

use super::alarms::{self, Alarm};
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::{Choices, Skip};

/// The PostgreSQL log types exported to CloudWatch Logs.
const LOG_EXPORTS: [&str; 2] = ["postgresql", "upgrade"];

/// AWS's rotation function for a PostgreSQL user that changes its own password, in the
/// Serverless Application Repository.
const ROTATION_APPLICATION: &str =
    "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser";

/// Name of the random provider in `required_providers`, its source and constraint.
const RANDOM_PROVIDER: (&str, &str, &str) = ("random", "hashicorp/random", ">= 3.6");

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let mut main = File::new();
    main.push(locals());
    main.push(data("aws_partition", "current"));
    main.push(data("aws_caller_identity", "current"));
    main.push(data("aws_region", "current"));
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
    // Members of the database's group reach each other on the database port: the RDS Proxy
    // and the password rotation function run in this group.
    main.push(
        resource("aws_vpc_security_group_ingress_rule", "within_group")
            .a("count", r("local.group_members"))
            .a("security_group_id", r("aws_security_group.this.id"))
            .a(
                "referenced_security_group_id",
                r("aws_security_group.this.id"),
            )
            .a("ip_protocol", s("tcp"))
            .a("from_port", r("var.port"))
            .a("to_port", r("var.port"))
            .a(
                "description",
                s("PostgreSQL from the RDS Proxy and the password rotation function"),
            ),
    );
    main.push(
        resource("aws_vpc_security_group_egress_rule", "within_group")
            .a("count", r("local.group_members"))
            .a("security_group_id", r("aws_security_group.this.id"))
            .a("referenced_security_group_id", r("aws_security_group.this.id"))
            .a("ip_protocol", s("tcp"))
            .a("from_port", r("var.port"))
            .a("to_port", r("var.port"))
            .a(
                "description",
                s("PostgreSQL from the RDS Proxy and the password rotation function to the database"),
            ),
    );
    main.push(
        resource("aws_vpc_security_group_egress_rule", "rotation_https")
            .a("count", cond(r("local.new_primary"), n(1), n(0)))
            .a("security_group_id", r("aws_security_group.this.id"))
            .a("cidr_ipv4", s("0.0.0.0/0"))
            .a("ip_protocol", s("tcp"))
            .a("from_port", n(443))
            .a("to_port", n(443))
            .a(
                "description",
                s("HTTPS from the password rotation function to Secrets Manager"),
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
    for block in master_secret() {
        main.push(block);
    }
    main.push(
        resource("random_id", "final_snapshot")
            .comment("A new suffix whenever the database is created again, so the final snapshot of a destroyed database never blocks the next destroy.")
            .a("byte_length", n(4)),
    );
    main.push(primary(choices.database()));
    main.push(replica(choices.database_replicas()));
    for alarm in alarms() {
        main.push(alarm.block("var.identifier"));
    }
    for block in replica_lag_alarms() {
        main.push(block);
    }
    for block in proxy() {
        main.push(block);
    }

    Module {
        name: "rds-database",
        description:
            "RDS for PostgreSQL: a DB subnet group, a security group that admits only the \
given security groups on the database port (no egress), a parameter group that forces TLS \
(`rds.force_ssl = 1`) and logs DDL and statements slower than one second, and the instance: gp3 \
storage with autoscaling, encrypted, IAM database authentication, automated backups, a final \
snapshot named `<identifier>-final-<random suffix>` (new for every incarnation of the database), \
deletion protection, Performance Insights and enhanced monitoring on request, and \
`postgresql`/`upgrade` logs exported to CloudWatch log groups created here with a fixed \
retention, encrypted with `kms_key_id`.\n\n\
The master password is generated by a `random_password` resource and sent to RDS through the \
write-only `password_wo` (Terraform 1.11 or later), so the `aws_db_instance` keeps no password in \
state; the `random_password` resource itself does keep it in state, which is therefore as \
sensitive as the secret (encrypt the state and limit who reads it). The password and the \
connection details (`username`, `password`, `host`, `port`, `dbname`, `engine`) are stored in a \
Secrets Manager secret of this module (`master_secret_arn`), written with the write-only \
`secret_string_wo` and encrypted with `kms_key_id`; with `secret_replica_region` Secrets Manager \
keeps a replica of it in that region, encrypted with `secret_replica_kms_key_id` (a key of that \
region). Secrets Manager rotates it every `master_password_rotation_days` with AWS's single-user \
PostgreSQL rotation function (from the Serverless Application Repository, in the database's \
subnets and security group); raising `master_password_version` makes Terraform write a new one. \
RDS-managed master passwords (`manage_master_user_password`) are not used: RDS refuses read \
replicas of a database whose master password it manages. The master user is for administrators; applications connect as \
`app_username` with IAM database authentication (`iam_connect_arns` are the `rds-db:connect` \
resources of the instance and its replicas); the user is created once in SQL (`CREATE USER app; \
GRANT rds_iam TO app;` plus the grants the application needs).\n\n\
`read_replica_count` adds same-region read replicas (`<identifier>-replica-<n>`, \
`replica_addresses`): single-AZ unless `replica_multi_az` (a replica is a copy already; RDS \
replaces a failed one), with the instance's backup retention, and a replica-lag alarm each. With `replicate_source_db` (the \
ARN of an instance in another region) the instance is a cross-region read replica instead: \
engine, database name, master user and password come from the source, `kms_key_id` (a key of \
this region) is required, no final snapshot is taken (RDS refuses one for a replica), and a \
replica-lag alarm watches it. Setting `promoted = true` then drops `replicate_source_db` from \
the instance: the AWS provider promotes the replica to a standalone database (and keeps it \
standalone on every later apply), which takes automated backups and a final snapshot like a \
primary. With `create_proxy` an RDS Proxy (`proxy_endpoint`) fronts the instance for Lambda \
functions: TLS required, end-to-end IAM authentication (clients and the proxy itself connect as \
`app_username`, no secret), in the database's security group (so `allowed_security_groups` may \
reach it; members of the group reach each other on the database port), its own role allowed \
`rds-db:connect`; `proxy_connect_arns` are the resources clients need. A \
proxy cannot target a read replica of an RDS instance, so a replicating instance gets none until \
it is promoted. Alarms on the instance's CPU and free storage, and on replica lag, notify \
`alarm_actions`.",
        variables: variables(),
        outputs: outputs(),
        main,
        extra_providers: vec![RANDOM_PROVIDER],
        extra_files: vec![],
    }
}

/// The master password and the secret holding it with the connection details, for a new
/// primary only (a replica inherits its source's master user and password).
fn master_secret() -> Vec<Blk> {
    let new_primary_count = || cond(r("local.new_primary"), n(1), n(0));
    vec![
        resource("random_password", "master")
            .comment("Kept in this module's state (encrypt the state); the database itself gets it through the write-only password_wo.")
            .a("count", new_primary_count())
            .a("length", n(32))
            .a("special", b(true))
            // RDS for PostgreSQL refuses `/`, `"`, `@` and spaces in the master password.
            .a("override_special", s("!#$%^&*()-_=+[]{}<>:?"))
            .a("keepers", obj([("version", call("tostring", vec![r("var.master_password_version")]))])),
        resource("aws_secretsmanager_secret", "master")
            .a("count", new_primary_count())
            .a(
                "name_prefix",
                tpl(vec![T::L("rds/"), T::X(r("var.identifier")), T::L("/master-")]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("Master credentials and endpoint of the RDS database "),
                    T::X(r("var.identifier")),
                    T::L(" (administrators only; applications use IAM authentication)"),
                ]),
            )
            .a("kms_key_id", r("var.kms_key_id"))
            .b(blk("dynamic", &["replica"])
                .a(
                    "for_each",
                    cond(
                        op(r("var.secret_replica_region"), "==", null()),
                        list([]),
                        list([r("var.secret_replica_region")]),
                    ),
                )
                .b(blk("content", &[])
                    .a("region", r("replica.value"))
                    .a("kms_key_id", r("var.secret_replica_kms_key_id"))))
            .b(precondition(
                op(
                    op(r("var.secret_replica_region"), "==", null()),
                    "||",
                    op(r("var.secret_replica_kms_key_id"), "!=", null()),
                ),
                "secret_replica_region needs secret_replica_kms_key_id: a KMS key of that region.",
            )),
        resource("aws_secretsmanager_secret_version", "master")
            .a("count", new_primary_count())
            .a("secret_id", r("aws_secretsmanager_secret.master[0].id"))
            .a(
                "secret_string_wo",
                call(
                    "jsonencode",
                    vec![obj([
                        ("username", r("aws_db_instance.this.username")),
                        ("password", r("random_password.master[0].result")),
                        ("host", r("aws_db_instance.this.address")),
                        ("port", r("aws_db_instance.this.port")),
                        ("dbname", r("var.db_name")),
                        ("engine", s("postgres")),
                    ])],
                ),
            )
            .a("secret_string_wo_version", r("var.master_password_version")),
        // AWS's single-user rotation function for PostgreSQL, from the Serverless Application
        // Repository, in the database's subnets and security group.
        resource("aws_serverlessapplicationrepository_cloudformation_stack", "rotation")
            .a("count", new_primary_count())
            .a(
                "name",
                tpl(vec![T::X(r("var.identifier")), T::L("-rotation")]),
            )
            .a("application_id", s(ROTATION_APPLICATION))
            .a("capabilities", strs(["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]))
            .a(
                "parameters",
                obj([
                    (
                        "functionName",
                        tpl(vec![T::X(r("var.identifier")), T::L("-rotation")]),
                    ),
                    (
                        "endpoint",
                        tpl(vec![
                            T::L("https://secretsmanager."),
                            T::X(r("data.aws_region.current.region")),
                            T::L("."),
                            T::X(r("data.aws_partition.current.dns_suffix")),
                        ]),
                    ),
                    (
                        "vpcSubnetIds",
                        call("join", vec![s(","), r("var.subnet_ids")]),
                    ),
                    ("vpcSecurityGroupIds", r("aws_security_group.this.id")),
                    ("excludeCharacters", s("/@\"\\ '`")),
                    // The template's default, "", means the AWS managed key.
                    (
                        "kmsKeyArn",
                        cond(op(r("var.kms_key_id"), "==", null()), s(""), r("var.kms_key_id")),
                    ),
                ]),
            ),
        resource("aws_secretsmanager_secret_rotation", "master")
            .a("count", new_primary_count())
            .a("secret_id", r("aws_secretsmanager_secret.master[0].id"))
            .a(
                "rotation_lambda_arn",
                r("aws_serverlessapplicationrepository_cloudformation_stack.rotation[0].outputs.RotationLambdaARN"),
            )
            .b(blk("rotation_rules", &[])
                .a("automatically_after_days", r("var.master_password_rotation_days")))
            .a(
                "depends_on",
                list([
                    r("aws_secretsmanager_secret_version.master"),
                    r("aws_vpc_security_group_ingress_rule.within_group"),
                    r("aws_vpc_security_group_egress_rule.within_group"),
                    r("aws_vpc_security_group_egress_rule.rotation_https"),
                ]),
            ),
    ]
}

/// The RDS Proxy for Lambda functions: end-to-end IAM authentication, TLS only, its own
/// security group and role. Only with `create_proxy`, and only for an instance that is not
/// replicating (RDS Proxy cannot target a read replica of an RDS instance).
fn proxy() -> Vec<Blk> {
    let count = || cond(r("local.proxy_enabled"), n(1), n(0));
    vec![
        data("aws_iam_policy_document", "proxy_assume").b(blk("statement", &[])
            .a("actions", strs(["sts:AssumeRole"]))
            .b(blk("principals", &[])
                .a("type", s("Service"))
                .a("identifiers", strs(["rds.amazonaws.com"])))
            .b(blk("condition", &[])
                .a("test", s("StringEquals"))
                .a("variable", s("aws:SourceAccount"))
                .a(
                    "values",
                    list([r("data.aws_caller_identity.current.account_id")]),
                ))),
        resource("aws_iam_role", "proxy")
            .a("count", count())
            .a(
                "name_prefix",
                tpl(vec![
                    T::X(call("substr", vec![r("var.identifier"), n(0), n(32)])),
                    T::L("-proxy-"),
                ]),
            )
            .a(
                "description",
                tpl(vec![
                    T::L("RDS Proxy of "),
                    T::X(r("var.identifier")),
                    T::L(": IAM authentication to the database"),
                ]),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.proxy_assume.json"),
            ),
        data("aws_iam_policy_document", "proxy")
            .a("count", count())
            .b(blk("statement", &[])
                .a("sid", s("ConnectAsTheApplicationUser"))
                .a("actions", strs(["rds-db:connect"]))
                .a("resources", list([r("local.instance_connect_arn")]))),
        resource("aws_iam_role_policy", "proxy")
            .a("count", count())
            .a("name", s("rds-db-connect"))
            .a("role", r("aws_iam_role.proxy[0].id"))
            .a("policy", r("data.aws_iam_policy_document.proxy[0].json")),
        resource("aws_db_proxy", "this")
            .a("count", count())
            .a("name", r("var.identifier"))
            .a("engine_family", s("POSTGRESQL"))
            .a("default_auth_scheme", s("IAM_AUTH"))
            .a("require_tls", b(true))
            .a("idle_client_timeout", n(1800))
            .a("role_arn", r("aws_iam_role.proxy[0].arn"))
            .a("vpc_subnet_ids", r("var.subnet_ids"))
            .a(
                "vpc_security_group_ids",
                list([r("aws_security_group.this.id")]),
            )
            .a("depends_on", list([r("aws_iam_role_policy.proxy")])),
        resource("aws_db_proxy_default_target_group", "this")
            .a("count", count())
            .a("db_proxy_name", r("aws_db_proxy.this[0].name"))
            .b(blk("connection_pool_config", &[])
                .a("max_connections_percent", n(90))
                .a("max_idle_connections_percent", n(50))
                .a("connection_borrow_timeout", n(120))),
        resource("aws_db_proxy_target", "this")
            .a("count", count())
            .a("db_proxy_name", r("aws_db_proxy.this[0].name"))
            .a(
                "target_group_name",
                r("aws_db_proxy_default_target_group.this[0].name"),
            )
            .a(
                "db_instance_identifier",
                r("aws_db_instance.this.identifier"),
            ),
    ]
}

/// One `ReplicaLag` alarm per same-region replica and one on the instance while it is a
/// cross-region replica: more than 5 minutes behind for 15 minutes.
fn replica_lag_alarms() -> Vec<Blk> {
    let alarm = |name: &str, count: E, id: E, alarm_name: E| {
        resource("aws_cloudwatch_metric_alarm", name)
            .a("count", count)
            .a("alarm_name", alarm_name)
            .a(
                "alarm_description",
                s("The read replica has been more than 5 minutes behind its source for 15 minutes: reads are stale and a promotion would lose that much."),
            )
            .a("namespace", s("AWS/RDS"))
            .a("metric_name", s("ReplicaLag"))
            .a("statistic", s("Maximum"))
            .a("period", n(300))
            .a("evaluation_periods", n(3))
            .a("threshold", n(300))
            .a("comparison_operator", s("GreaterThanThreshold"))
            .a("treat_missing_data", s("notBreaching"))
            .a("dimensions", obj([("DBInstanceIdentifier", id)]))
            .a("alarm_actions", r("var.alarm_actions"))
            .a("ok_actions", r("var.alarm_actions"))
    };
    vec![
        alarm(
            "replica_lag",
            r("var.read_replica_count"),
            r("aws_db_instance.replica[count.index].identifier"),
            tpl(vec![
                T::X(r("aws_db_instance.replica[count.index].identifier")),
                T::L("-lag-high"),
            ]),
        ),
        alarm(
            "cross_region_lag",
            cond(r("local.replicating"), n(1), n(0)),
            r("aws_db_instance.this.identifier"),
            tpl(vec![T::X(r("var.identifier")), T::L("-lag-high")]),
        ),
    ]
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

/// `local.new_primary`: the instance was created as a new primary, not as a replica.
fn is_primary() -> E {
    r("local.new_primary")
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
    let arn = |resource_id: E| {
        tpl(vec![
            T::L("arn:"),
            T::X(r("data.aws_partition.current.partition")),
            T::L(":rds-db:"),
            T::X(r("data.aws_region.current.region")),
            T::L(":"),
            T::X(r("data.aws_caller_identity.current.account_id")),
            T::L(":dbuser:"),
            T::X(resource_id),
            T::L("/"),
            T::X(r("var.app_username")),
        ])
    };
    blk("locals", &[])
        .a(
            "new_primary",
            op(r("var.replicate_source_db"), "==", null()),
        )
        .a(
            "replicating",
            op(
                op(r("var.replicate_source_db"), "!=", null()),
                "&&",
                not(r("var.promoted")),
            ),
        )
        .a(
            "proxy_enabled",
            op(r("var.create_proxy"), "&&", not(r("local.replicating"))),
        )
        .a(
            "group_members",
            cond(
                op(r("local.proxy_enabled"), "||", r("local.new_primary")),
                n(1),
                n(0),
            ),
        )
        .a(
            "instance_connect_arn",
            arn(r("aws_db_instance.this.resource_id")),
        )
        .a(
            "replica_connect_arns",
            for_list(
                "id",
                r("aws_db_instance.replica[*].resource_id"),
                arn(r("id")),
            ),
        )
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
        .a(
            "replicate_source_db",
            cond(r("local.replicating"), r("var.replicate_source_db"), null()),
        )
        .a("engine", primary_only(s("postgres")))
        .a("engine_version", primary_only(r("var.engine_version")))
        .a("db_name", primary_only(r("var.db_name")))
        .a("username", primary_only(r("var.username")))
        .a(
            "password_wo",
            primary_only(r("random_password.master[0].result")),
        )
        .a(
            "password_wo_version",
            primary_only(r("var.master_password_version")),
        )
        .a("kms_key_id", r("var.kms_key_id"))
        .a("db_subnet_group_name", r("aws_db_subnet_group.this.name"))
        .a("multi_az", r("var.multi_az"));
    common(instance)
        .a("backup_retention_period", r("var.backup_retention_period"))
        .a("backup_window", s("03:00-04:00"))
        .a("maintenance_window", s("sun:04:30-sun:05:30"))
        .a("skip_final_snapshot", r("local.replicating"))
        .a(
            "final_snapshot_identifier",
            cond(
                r("local.replicating"),
                null(),
                tpl(vec![
                    T::X(r("var.identifier")),
                    T::L("-final-"),
                    T::X(r("random_id.final_snapshot.hex")),
                ]),
            ),
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
    // Same-region replicas serve reads (`DB_READ_HOSTS`): single-AZ unless the tier asks
    // (`replica_multi_az`), since a replica is a copy already and RDS replaces a failed one.
    // Backups of their own, so a promoted replica is a full database.
    common(instance)
        .a("multi_az", r("var.replica_multi_az"))
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
            "Master user name, for administrators; its password is generated and kept in the module's secret (ignored for a cross-region replica).",
        ),
        Var::opt(
            "master_password_version",
            ty::number(),
            "Version of the master password: raise it to generate a new password and write it to the database and the secret (write-only arguments change only with their version).",
            n(1),
        ),
        Var::opt(
            "master_password_rotation_days",
            ty::number(),
            "Days between two rotations of the master password by Secrets Manager (AWS's single-user PostgreSQL rotation function).",
            n(30),
        ),
        Var::opt(
            "app_username",
            ty::string(),
            "Database user of the applications, authenticated by IAM (`rds-db:connect`); an administrator creates it once: `CREATE USER app; GRANT rds_iam TO app;` plus its grants.",
            s("app"),
        ),
        Var::req("multi_az", ty::bool(), "Run a standby in a second availability zone."),
        Var::opt(
            "replica_multi_az",
            ty::bool(),
            "Give each same-region read replica a standby in a second availability zone (a replica is a copy already; off by default).",
            b(false),
        ),
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
            "promoted",
            ty::bool(),
            "With `replicate_source_db`: the replica has been (or is to be) promoted to a standalone database. Terraform drops `replicate_source_db`, which promotes the replica, and keeps it standalone.",
            b(false),
        ),
        Var::opt(
            "secret_replica_region",
            ty::string(),
            "Region where Secrets Manager keeps a replica of the master secret (the disaster-recovery region); null for none.",
            null(),
        ),
        Var::opt(
            "secret_replica_kms_key_id",
            ty::string(),
            "KMS key of `secret_replica_region` encrypting the secret's replica (key or alias ARN); required with `secret_replica_region`.",
            null(),
        ),
        Var::opt(
            "create_proxy",
            ty::bool(),
            "Create an RDS Proxy (end-to-end IAM authentication, TLS only) in front of the instance, for Lambda functions; none while the instance is a replica.",
            b(false),
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
            "master_secret_arn",
            "Secrets Manager secret with the master credentials and the endpoint (JSON: username, password, host, port, dbname, engine), for administrators; null for a cross-region replica (it reads the replica of its source's secret).",
            call(
                "try",
                vec![r("aws_secretsmanager_secret.master[0].arn"), null()],
            ),
        ),
        Output::new(
            "replica_addresses",
            "Host names of the same-region read replicas.",
            r("aws_db_instance.replica[*].address"),
        ),
        Output::new(
            "app_username",
            "Database user of the applications (IAM authentication).",
            r("var.app_username"),
        ),
        Output::new(
            "iam_connect_arns",
            "`rds-db:connect` resources of `app_username` on the instance and its same-region replicas.",
            call(
                "concat",
                vec![list([r("local.instance_connect_arn")]), r("local.replica_connect_arns")],
            ),
        ),
        Output::new(
            "proxy_endpoint",
            "Endpoint of the RDS Proxy; null without one.",
            call("try", vec![r("aws_db_proxy.this[0].endpoint"), null()]),
        ),
        Output::new(
            "proxy_connect_arns",
            "`rds-db:connect` resources of `app_username` through the proxy (`dbuser:prx-<id>/<user>`); empty without one.",
            for_list(
                "proxy",
                r("aws_db_proxy.this"),
                tpl(vec![
                    T::L("arn:"),
                    T::X(r("data.aws_partition.current.partition")),
                    T::L(":rds-db:"),
                    T::X(r("data.aws_region.current.region")),
                    T::L(":"),
                    T::X(r("data.aws_caller_identity.current.account_id")),
                    T::L(":dbuser:"),
                    T::X(call(
                        "element",
                        vec![call("split", vec![s(":"), r("proxy.arn")]), n(6)],
                    )),
                    T::L("/"),
                    T::X(r("var.app_username")),
                ]),
            ),
        ),
    ]
}
