//! `modules/ecs-worker`: a queue worker on ECS (EC2 launch type), with no load balancer.
//!
//! The hosts accept no inbound traffic; the task polls its queues and scales on CPU.

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

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let grants = [common::READ_SECRETS, CONSUME_QUEUES, common::USE_KMS_KEYS];
    let mut main = File::new();
    common::lookups(&mut main, &grants);
    common::cluster(&mut main, choices.short_log_retention());
    common::iam(&mut main, &grants);
    main.push(
        resource("aws_security_group", "this")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-instances")]))
            .a(
                "description",
                s("ECS worker hosts: no inbound traffic, all out"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(common::egress_all(
        "all",
        "aws_security_group.this.id",
        "All outbound: ECR, ECS, SQS, CloudWatch and the dependencies of the worker",
    ));
    common::hosts(&mut main, "aws_security_group.this.id");
    main.push(common::task_definition(None, choices.writable_root(true)));
    main.push(common::service(None, None, vec![]));
    common::autoscaling(&mut main);

    Module {
        name: "ecs-worker",
        description: "A queue worker on ECS with the EC2 launch type and no load balancer: a \
cluster with Container Insights, ECS-optimized Amazon Linux 2023 hosts (IMDSv2, encrypted gp3 \
root volume, no inbound traffic, instance metadata out of the containers' reach) in an Auto Scaling group scaled by a capacity provider, one \
bridge-mode task with a read-only root filesystem (only `writable_paths` writable), a service with deployment circuit breaker and rollback, CPU step scaling of \
the task count, and least-privilege IAM roles that may consume the given SQS queues and use their KMS key. The log group is encrypted with the given KMS key.",
        variables: vec![
            vars::name(),
            vars::vpc_id(),
            vars::private_subnet_ids(),
            vars::ami_id(),
            vars::instance_type(),
            vars::asg_min_size(),
            vars::asg_max_size(),
            vars::asg_desired_capacity(),
            vars::container_image(),
            vars::container_cpu(),
            vars::container_memory(),
            vars::desired_count(),
            vars::environment_variables(),
            vars::secret_arns(),
            Var::opt(
                "consume_queue_arns",
                ty::list_string(),
                "ARNs of SQS queues the task role may consume (ReceiveMessage, DeleteMessage, \
ChangeMessageVisibility, GetQueueAttributes).",
                list([]),
            ),
            vars::kms_key_arns(),
            vars::readonly_root_filesystem(),
            vars::writable_paths(),
            vars::log_retention_days(),
            vars::kms_key_arn(),
            vars::cpu_high_threshold(),
            vars::cpu_low_threshold(),
            vars::tags(),
            permissions_boundary_var(),
        ],
        outputs: vec![
            Output::new("cluster_name", "Name of the ECS cluster.", r("aws_ecs_cluster.this.name")),
            Output::new("cluster_arn", "ARN of the ECS cluster.", r("aws_ecs_cluster.this.arn")),
            Output::new("service_name", "Name of the ECS service.", r("aws_ecs_service.this.name")),
            Output::new(
                "security_group_id",
                "ID of the ECS hosts' security group (e.g. to allow them into a database or an API).",
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
    }
}
