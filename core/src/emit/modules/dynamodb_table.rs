//! `modules/dynamodb-table`: a DynamoDB table for a service's code.
//!
//! Encrypted with the deployment's key, point-in-time recovery unless the tier turned it off,
//! on-demand or provisioned capacity (the table then autoscaled between the tier's bounds, its
//! indexes at the least capacity), an optional TTL attribute, global secondary indexes
//! projecting every attribute, and a resource policy that names the roles allowed to use the
//! table and its indexes: the service's own task and function roles, nobody else.
//!
//! When a tier of the design keeps global tables (`tiers[].storage.tables.global`), the module
//! can also keep a replica of the table in other regions (`replicas`: the primary region's root
//! owns them, with streams on, each replica encrypted with the key of its region's root and
//! with point-in-time recovery as the tier says), and can stand for such a replica in its own
//! region (`is_replica`: the disaster-recovery root reads the table by name instead of creating
//! a second one, and keeps its resource policy and autoscaling there).

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::Choices;

/// What the service's roles may do on the table and its indexes.
const ACTIONS: &[&str] = &[
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
];

/// Target utilisation of provisioned capacity, in percent.
const TARGET_UTILISATION: i64 = 70;

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let provisioned = || op(r("var.billing_mode"), Op::Eq, s("PROVISIONED"));
    let when_provisioned = |v: &str| cond(provisioned(), r(v), null());
    let global = choices.global_tables();
    let (name_ref, arn_ref) = if global {
        ("local.table_name", "local.table_arn")
    } else {
        (
            "aws_dynamodb_table.this.name",
            "aws_dynamodb_table.this.arn",
        )
    };
    let mut main = File::new();
    let has_replicas = || op(call("length", vec![r("var.replicas")]), Op::Greater, n(0));
    if global {
        let own = |attr: &str| r(&format!("aws_dynamodb_table.this[0].{attr}"));
        let read = |attr: &str| r(&format!("data.aws_dynamodb_table.replica[0].{attr}"));
        main.push(
            blk("locals", &[])
                .a(
                    "table_name",
                    cond(r("var.is_replica"), read("name"), own("name")),
                )
                .a(
                    "table_arn",
                    cond(r("var.is_replica"), read("arn"), own("arn")),
                ),
        );
        main.push(
            data("aws_kms_key", "replica")
                .a(
                    "for_each",
                    E::ForExpr(Box::new(
                        hcl::expr::ForExpr::new(
                            hcl::Identifier::sanitized("replica"),
                            r("var.replicas"),
                            r("replica.kms_key_id"),
                        )
                        .with_key_expr(r("replica.region")),
                    )),
                )
                .a("region", r("each.key"))
                .a("key_id", r("each.value")),
        );
        main.push(
            data("aws_dynamodb_table", "replica")
                .a("count", cond(r("var.is_replica"), n(1), n(0)))
                .a("name", r("var.name")),
        );
    }
    let mut table = resource("aws_dynamodb_table", "this").skips(choices.no_table_pitr());
    if global {
        table = table.a("count", cond(r("var.is_replica"), n(0), n(1)));
    }
    table = table.a("name", r("var.name"));
    if global {
        // Global tables replicate through the table's stream.
        table = table.a("stream_enabled", has_replicas()).a(
            "stream_view_type",
            cond(has_replicas(), s("NEW_AND_OLD_IMAGES"), null()),
        );
    }
    main.push(
        table
            .a("billing_mode", r("var.billing_mode"))
            .a("read_capacity", when_provisioned("var.read_capacity"))
            .a("write_capacity", when_provisioned("var.write_capacity"))
            .a("hash_key", r("var.hash_key"))
            .a("range_key", r("var.range_key"))
            .b(blk("dynamic", &["attribute"])
                .a("for_each", r("var.attributes"))
                .b(blk("content", &[])
                    .a("name", r("attribute.key"))
                    .a("type", r("attribute.value"))))
            .b(blk("dynamic", &["global_secondary_index"])
                .a("for_each", r("var.indexes"))
                .b(blk("content", &[])
                    .a("name", r("global_secondary_index.value.name"))
                    .a("hash_key", r("global_secondary_index.value.hash_key"))
                    .a("range_key", r("global_secondary_index.value.range_key"))
                    .a("projection_type", s("ALL"))
                    .a("read_capacity", when_provisioned("var.read_capacity"))
                    .a("write_capacity", when_provisioned("var.write_capacity"))))
            .b(blk("dynamic", &["ttl"])
                .a(
                    "for_each",
                    cond(
                        op(r("var.ttl_attribute"), Op::Eq, null()),
                        list([]),
                        list([r("var.ttl_attribute")]),
                    ),
                )
                .b(blk("content", &[])
                    .a("enabled", b(true))
                    .a("attribute_name", r("ttl.value"))))
            .b(blk("point_in_time_recovery", &[]).a("enabled", r("var.point_in_time_recovery")))
            .b(blk("server_side_encryption", &[])
                .a("enabled", b(true))
                .a("kms_key_arn", r("var.kms_key_arn")))
            .bs(global.then(|| {
                blk("dynamic", &["replica"])
                    .a("for_each", r("var.replicas"))
                    .b(blk("content", &[])
                        .a("region_name", r("replica.value.region"))
                        .a(
                            "kms_key_arn",
                            r("data.aws_kms_key.replica[replica.value.region].arn"),
                        )
                        .a("point_in_time_recovery", r("var.point_in_time_recovery"))
                        .a("propagate_tags", b(true)))
            }))
            // Autoscaling owns the provisioned capacity.
            .b(blk("lifecycle", &[]).a(
                "ignore_changes",
                list([r("read_capacity"), r("write_capacity")]),
            )),
    );
    for (dimension, min, max) in [
        ("read", "var.read_capacity", "var.max_read_capacity"),
        ("write", "var.write_capacity", "var.max_write_capacity"),
    ] {
        let units = if dimension == "read" { "Read" } else { "Write" };
        main.push(
            resource("aws_appautoscaling_target", dimension)
                .a("count", cond(provisioned(), n(1), n(0)))
                .a("min_capacity", r(min))
                .a("max_capacity", r(max))
                .a("resource_id", tpl(vec![T::L("table/"), T::X(r(name_ref))]))
                .a(
                    "scalable_dimension",
                    s(format!("dynamodb:table:{units}CapacityUnits")),
                )
                .a("service_namespace", s("dynamodb")),
        );
        let target = |attr: &str| r(&format!("aws_appautoscaling_target.{dimension}[0].{attr}"));
        main.push(
            resource("aws_appautoscaling_policy", dimension)
                .a("count", cond(provisioned(), n(1), n(0)))
                .a(
                    "name",
                    tpl(vec![T::X(r(name_ref)), T::L(&format!("-{dimension}"))]),
                )
                .a("policy_type", s("TargetTrackingScaling"))
                .a("resource_id", target("resource_id"))
                .a("scalable_dimension", target("scalable_dimension"))
                .a("service_namespace", target("service_namespace"))
                .b(blk("target_tracking_scaling_policy_configuration", &[])
                    .a("target_value", n(TARGET_UTILISATION))
                    .b(blk("predefined_metric_specification", &[]).a(
                        "predefined_metric_type",
                        s(format!("DynamoDB{units}CapacityUtilization")),
                    ))),
        );
    }
    let arn = || r(arn_ref);
    main.push(
        data("aws_iam_policy_document", "this")
            .a(
                "count",
                cond(
                    op(
                        call("length", vec![r("var.reader_writer_role_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    n(1),
                    n(0),
                ),
            )
            .b(blk("statement", &[])
                .a("sid", s("ServiceRolesUseTheTableAndItsIndexes"))
                .a("actions", strs(ACTIONS))
                .a(
                    "resources",
                    list([arn(), tpl(vec![T::X(arn()), T::L("/index/*")])]),
                )
                .b(blk("principals", &[])
                    .a("type", s("AWS"))
                    .a("identifiers", r("var.reader_writer_role_arns")))),
    );
    main.push(
        resource("aws_dynamodb_resource_policy", "this")
            .a(
                "count",
                cond(
                    op(
                        call("length", vec![r("var.reader_writer_role_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    n(1),
                    n(0),
                ),
            )
            .a("resource_arn", arn())
            .a("policy", r("data.aws_iam_policy_document.this[0].json")),
    );

    let key_type = || ty::string();
    let mut variables = variables(key_type);
    if global {
        variables.extend([
            Var::opt(
                "replicas",
                call(
                    "list",
                    vec![call(
                        "object",
                        vec![obj([("region", r("string")), ("kms_key_id", r("string"))])],
                    )],
                ),
                "Global table: the regions that keep a replica of the table, each with the \
customer-managed KMS key (id, ARN, alias name or alias ARN) that encrypts it there. The key must \
exist before the replica is added.",
                list([]),
            ),
            Var::opt(
                "is_replica",
                ty::bool(),
                "The table is the replica the primary region's root keeps in this region: read \
it by name instead of creating it, and keep its resource policy and autoscaling here.",
                b(false),
            ),
        ]);
    }
    Module {
        name: "dynamodb-table",
        description: "A DynamoDB table for a service's code: server-side encryption with the \
given customer-managed KMS key, point-in-time recovery (unless `point_in_time_recovery` is \
false), on-demand (`PAY_PER_REQUEST`) or provisioned capacity (the table autoscaled by target \
tracking at 70 % utilisation between the given bounds; its indexes keep the least capacity), an \
optional TTL attribute, global secondary indexes projecting every attribute, and a resource policy that lets only \
`reader_writer_role_arns` read and write the table and its indexes.",
        variables,
        outputs: vec![
            Output::new(
                "table_name",
                "Name of the table.",
                r(name_ref),
            ),
            Output::new("table_arn", "ARN of the table.", arn()),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// The variables of every variant of the module.
fn variables(key_type: impl Fn() -> E) -> Vec<Var> {
    vec![
        Var::req(
            "name",
            ty::string(),
            "Table name: 3 to 255 letters, digits, `_`, `-` and `.`.",
        ),
        Var::req(
            "kms_key_arn",
            ty::string(),
            "ARN of the customer-managed KMS key that encrypts the table.",
        ),
        Var::req(
            "hash_key",
            key_type(),
            "Name of the partition key attribute.",
        ),
        Var::opt(
            "range_key",
            key_type(),
            "Name of the sort key attribute, if any.",
            null(),
        ),
        Var::req(
            "attributes",
            ty::map_string(),
            "Type (`S`, `N` or `B`) of every key attribute of the table and its indexes, by name.",
        ),
        Var::opt(
            "indexes",
            call(
                "list",
                vec![call(
                    "object",
                    vec![obj([
                        ("name", r("string")),
                        ("hash_key", r("string")),
                        ("range_key", call("optional", vec![r("string")])),
                    ])],
                )],
            ),
            "Global secondary indexes: name, partition key and optional sort key (attributes \
named in `attributes`).",
            list([]),
        ),
        Var::opt(
            "ttl_attribute",
            ty::string(),
            "Attribute holding each item's expiry time in epoch seconds; null: no TTL.",
            null(),
        ),
        Var::opt(
            "billing_mode",
            ty::string(),
            "`PAY_PER_REQUEST` (on demand) or `PROVISIONED`.",
            s("PAY_PER_REQUEST"),
        )
        .validate(
            call(
                "contains",
                vec![
                    strs(["PAY_PER_REQUEST", "PROVISIONED"]),
                    r("var.billing_mode"),
                ],
            ),
            "billing_mode is PAY_PER_REQUEST or PROVISIONED.",
        ),
        Var::opt(
            "read_capacity",
            ty::number(),
            "Provisioned: the least read capacity units of the table and of each index.",
            n(5),
        ),
        Var::opt(
            "write_capacity",
            ty::number(),
            "Provisioned: the least write capacity units of the table and of each index.",
            n(5),
        ),
        Var::opt(
            "max_read_capacity",
            ty::number(),
            "Provisioned: the most read capacity units autoscaling gives the table.",
            n(100),
        ),
        Var::opt(
            "max_write_capacity",
            ty::number(),
            "Provisioned: the most write capacity units autoscaling gives the table.",
            n(100),
        ),
        Var::opt(
            "point_in_time_recovery",
            ty::bool(),
            "Continuous backups (restore to any second of the last 35 days).",
            b(true),
        ),
        Var::opt(
            "reader_writer_role_arns",
            ty::list_string(),
            "ARNs of the IAM roles that may read and write the table and its indexes (the \
service's task and function roles); nobody else may.",
            list([]),
        ),
    ]
}
