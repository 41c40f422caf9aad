//! `modules/ecs-worker`: a queue worker on ECS (EC2 launch type) in the cluster of its tier
//! and region, with no load balancer.
//!
//! The tasks accept no inbound traffic; each polls its queues, and the service scales on their
//! backlog per running task (target tracking on metric math), the way AWS recommends for queue
//! consumers: CPU says nothing about messages waiting.

use super::ecs_common::{self as common, vars, Grant};
use crate::emit::hcl::*;
use crate::emit::module::{permissions_boundary_var, ty, Module, Output, Var};
use crate::emit::security::Choices;

/// The task role may consume these SQS queues.
const CONSUME_QUEUES: Grant = Grant {
    sid: "ConsumeQueues",
    var: "consume_queue_arns",
    actions: &[
        "sqs:ChangeMessageVisibility",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
    ],
};

/// Seconds between SIGTERM and SIGKILL when a worker task stops (scale-in, deployment, host
/// draining): the largest `stopTimeout` ECS accepts in a container definition (120 s; the
/// documented maximum, for the EC2 launch type too).
pub(crate) const STOP_TIMEOUT: i64 = 120;

/// Seconds after a scale-out before the next one, and after a scale-in.
const SCALE_OUT_COOLDOWN: i64 = 60;
const SCALE_IN_COOLDOWN: i64 = 300;

/// The module's README paragraph, `$launch` saying where its tasks run.
macro_rules! worker_description {
    ($launch:literal, $placed:literal) => {
        concat!(
            "A queue worker on ECS ",
            $launch,
            " and no load balancer, in the \
cluster of its tier and region (`modules/ecs-cluster`) ",
            $placed,
            ": one \
`awsvpc` task (its own network interface in the private subnets, with a security group that \
accepts no inbound traffic) with a read-only root filesystem (only `writable_paths` writable) and \
120 s between SIGTERM and SIGKILL, a service with deployment circuit breaker and rollback, target \
tracking of the task count on the backlog per task (visible messages of the consumed queues ÷ \
running tasks, kept near `backlog_per_task`), an alarm to `alarm_actions` when fewer tasks than \
`desired_count` have run for 10 minutes, and least-privilege IAM roles that may consume the \
given SQS queues and use their KMS key. The log group is encrypted with the given KMS key."
        )
    };
}

/// Builds the module; with `fargate` (some service of the design runs on Fargate) it takes a
/// launch type.
pub fn module(choices: &Choices, fargate: bool) -> Module {
    let grants = [
        common::READ_SECRETS,
        CONSUME_QUEUES,
        common::USE_KMS_KEYS,
        common::CONNECT_DATABASES,
    ];
    let mut main = File::new();
    common::lookups(&mut main, &grants, fargate);
    common::log_group(&mut main, choices.short_log_retention());
    common::iam(&mut main, &grants);
    main.push(
        resource("aws_security_group", "this")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-tasks")]))
            .a(
                "description",
                s("ECS worker tasks: no inbound traffic, all out"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(common::egress_all(
        "all",
        "aws_security_group.this.id",
        "All outbound: ECR, SQS, CloudWatch and the dependencies of the worker",
    ));
    main.push(common::task_definition(
        None,
        Some(STOP_TIMEOUT),
        choices.writable_root(true),
        fargate,
    ));
    main.push(common::service(
        "aws_security_group.this.id",
        None,
        None,
        vec![],
        fargate,
    ));
    common::scaling_target(&mut main);
    main.push(backlog_scaling());
    main.push(common::running_tasks_alarm());

    let mut module = Module {
        name: "ecs-worker",
        description: if fargate {
            worker_description!(
                "on EC2 hosts or on Fargate (`launch_type`)",
                "on that cluster's capacity provider, or on Fargate (`FARGATE`, with `fargate_spot` \
mostly `FARGATE_SPOT`)"
            )
        } else {
            worker_description!(
                "with the EC2 launch type",
                "on that cluster's capacity provider"
            )
        },
        variables: vec![
            vars::name(),
            vars::cluster_name(),
            vars::capacity_provider_name(fargate),
            vars::vpc_id(),
            vars::private_subnet_ids(),
            vars::container_image(),
            vars::container_command(),
            vars::container_cpu(),
            vars::container_memory(),
            vars::desired_count(),
            vars::environment_variables(),
            vars::secret_arns(),
            vars::db_connect_arns(),
            Var::opt(
                "consume_queue_arns",
                ty::list_string(),
                "ARNs of SQS queues the task role may consume (ReceiveMessage, DeleteMessage, \
ChangeMessageVisibility, GetQueueAttributes).",
                list([]),
            ),
            Var::req(
                "consume_queue_names",
                ty::list_string(),
                "Names of the SQS queues the worker consumes: the service scales on their \
visible messages per running task.",
            )
            .validate(
                op(
                    call("length", vec![r("var.consume_queue_names")]),
                    Op::Greater,
                    n(0),
                ),
                "The worker scales on the backlog of its queues: name at least one.",
            ),
            Var::opt(
                "backlog_per_task",
                ty::number(),
                "Acceptable backlog per task: visible messages per running task the service \
scales towards (the latency you accept ÷ the average seconds to process one message). More \
waiting adds tasks; fewer removes them, down to `desired_count` when the queues are idle.",
                n(10),
            )
            .validate(
                op(r("var.backlog_per_task"), Op::Greater, n(0)),
                "backlog_per_task must be more than 0.",
            ),
            vars::kms_key_arns(),
            vars::readonly_root_filesystem(),
            vars::writable_paths(),
            vars::log_retention_days(),
            vars::kms_key_arn(),
            super::alarms::actions_var(),
            permissions_boundary_var(),
        ],
        outputs: vec![
            Output::new(
                "service_name",
                "Name of the ECS service.",
                r("aws_ecs_service.this.name"),
            ),
            Output::new(
                "security_group_id",
                "ID of the tasks' security group (e.g. to allow them into a database or an API).",
                r("aws_security_group.this.id"),
            ),
            Output::new(
                "task_role_arn",
                "ARN of the task role (to grant the worker more access).",
                r("aws_iam_role.task.arn"),
            ),
            Output::new(
                "log_group_name",
                "Name of the CloudWatch log group of the containers.",
                r("aws_cloudwatch_log_group.this.name"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    };
    common::launch_vars(&mut module.variables, fargate);
    module
}

/// Target tracking of the task count on the backlog per task: the visible messages of every
/// consumed queue (summed) divided by the service's running tasks (Container Insights), kept
/// near `backlog_per_task`. Idle queues bring the service down to its floor, `desired_count`
/// (at least one task, so the ratio always has a divisor).
fn backlog_scaling() -> Blk {
    let queues = hcl::expr::ForExpr::new(
        hcl::Identifier::sanitized("q"),
        r("var.consume_queue_names"),
        tpl(vec![T::L("q"), T::X(r("i"))]),
    )
    .with_key_var(hcl::Identifier::sanitized("i"));
    let sum = call("join", vec![s(" + "), E::ForExpr(Box::new(queues))]);
    let dimension =
        |name: &str, value: E| blk("dimensions", &[]).a("name", s(name)).a("value", value);
    resource("aws_appautoscaling_policy", "backlog")
        .a(
            "name",
            tpl(vec![T::X(r("var.name")), T::L("-backlog-per-task")]),
        )
        .a("policy_type", s("TargetTrackingScaling"))
        .a(
            "service_namespace",
            r("aws_appautoscaling_target.this.service_namespace"),
        )
        .a(
            "scalable_dimension",
            r("aws_appautoscaling_target.this.scalable_dimension"),
        )
        .a(
            "resource_id",
            r("aws_appautoscaling_target.this.resource_id"),
        )
        .b(blk("target_tracking_scaling_policy_configuration", &[])
            .a("target_value", r("var.backlog_per_task"))
            .a("scale_out_cooldown", n(SCALE_OUT_COOLDOWN))
            .a("scale_in_cooldown", n(SCALE_IN_COOLDOWN))
            .b(blk("customized_metric_specification", &[])
                .b(blk("dynamic", &["metrics"])
                    .a("for_each", r("var.consume_queue_names"))
                    .b(blk("content", &[])
                        .a("id", tpl(vec![T::L("q"), T::X(r("metrics.key"))]))
                        .a(
                            "label",
                            tpl(vec![T::L("Visible messages of "), T::X(r("metrics.value"))]),
                        )
                        .a("return_data", b(false))
                        .b(blk("metric_stat", &[])
                            .a("stat", s("Sum"))
                            .b(blk("metric", &[])
                                .a("namespace", s("AWS/SQS"))
                                .a("metric_name", s("ApproximateNumberOfMessagesVisible"))
                                .b(dimension("QueueName", r("metrics.value")))))))
                .b(blk("metrics", &[])
                    .a("id", s("tasks"))
                    .a("label", s("Running tasks"))
                    .a("return_data", b(false))
                    .b(blk("metric_stat", &[])
                        .a("stat", s("Average"))
                        .b(blk("metric", &[])
                            .a("namespace", s("ECS/ContainerInsights"))
                            .a("metric_name", s("RunningTaskCount"))
                            .b(dimension("ClusterName", r("var.cluster_name")))
                            .b(dimension("ServiceName", r("aws_ecs_service.this.name"))))))
                .b(blk("metrics", &[])
                    .a("id", s("backlog_per_task"))
                    .a("label", s("Visible messages per running task"))
                    .a(
                        "expression",
                        tpl(vec![T::L("("), T::X(sum), T::L(") / tasks")]),
                    )
                    .a("return_data", b(true)))))
}
