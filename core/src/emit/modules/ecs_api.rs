//! `modules/ecs-api`: an HTTP service on ECS (EC2 launch type) behind a public Application
//! Load Balancer.
//!
//! Traffic: internet → ALB (listener port) → hosts (dynamic ports 32768–65535, only from the
//! ALB's security group) → container port. The listener is plain HTTP; an HTTPS listener will
//! sit beside [`listener_http`] and become what the service depends on.

use super::ecs_common::{
    self as common, vars, Grant, CONTAINER_NAME, EPHEMERAL_FROM, EPHEMERAL_TO,
};
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};

/// The task role may publish to these SQS queues.
const PUBLISH_QUEUES: Grant = Grant {
    sid: "PublishToQueues",
    var: "publish_queue_arns",
    actions: &[
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
    ],
};

/// Builds the module.
pub fn module() -> Module {
    let grants = [common::READ_SECRETS, PUBLISH_QUEUES];
    let mut main = File::new();
    common::lookups(&mut main, &grants);
    common::cluster(&mut main);
    common::iam(&mut main, &grants);
    security_groups(&mut main);
    common::hosts(&mut main, "aws_security_group.instance.id");
    load_balancer(&mut main);
    main.push(common::task_definition(Some(r("var.container_port"))));
    main.push(common::service(
        Some(
            blk("load_balancer", &[])
                .a("target_group_arn", r("aws_lb_target_group.this.arn"))
                .a("container_name", s(CONTAINER_NAME))
                .a("container_port", r("var.container_port")),
        ),
        Some(n(60)),
        vec![r("aws_lb_listener.http")],
    ));
    common::autoscaling(&mut main);

    Module {
        name: "ecs-api",
        description: "An HTTP service on ECS with the EC2 launch type behind a public Application \
Load Balancer: a cluster with Container Insights, ECS-optimized Amazon Linux 2023 hosts (IMDSv2, \
encrypted gp3 root volume) in an Auto Scaling group scaled by a capacity provider, one bridge-mode \
task with dynamic host ports, a service with deployment circuit breaker and rollback, CPU step \
scaling of the task count, and least-privilege IAM roles. The hosts accept traffic only from the \
load balancer.",
        variables: vec![
            vars::name(),
            Var::req(
                "short_name",
                ty::string(),
                "At most 28 characters; names the load balancer (`<short_name>-alb`) and target \
group (`<short_name>-tg`), whose names AWS limits to 32 characters.",
            )
            .validate(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![
                            s("^[A-Za-z0-9]([A-Za-z0-9-]{0,26}[A-Za-z0-9])?$"),
                            r("var.short_name"),
                        ],
                    )],
                ),
                "short_name must be 1 to 28 letters, digits or hyphens, not starting or ending \
with a hyphen.",
            ),
            vars::vpc_id(),
            vars::private_subnet_ids(),
            Var::req(
                "public_subnet_ids",
                ty::list_string(),
                "IDs of the public subnets of the load balancer, in at least two Availability Zones.",
            ),
            vars::ami_id(),
            vars::instance_type(),
            vars::asg_min_size(),
            vars::asg_max_size(),
            vars::asg_desired_capacity(),
            vars::container_image(),
            Var::req(
                "container_port",
                ty::number(),
                "TCP port the container listens on for HTTP; Docker maps it to a dynamic host port.",
            )
            .validate(port_range("var.container_port"), "container_port must be 1 to 65535."),
            vars::container_cpu(),
            vars::container_memory(),
            vars::desired_count(),
            Var::opt(
                "health_check_path",
                ty::string(),
                "HTTP path the target group checks on each task; a 200–399 response means healthy.",
                s("/"),
            ),
            vars::environment_variables(),
            vars::secret_arns(),
            Var::opt(
                "publish_queue_arns",
                ty::list_string(),
                "ARNs of SQS queues the task role may send messages to (SendMessage, GetQueueUrl, \
GetQueueAttributes).",
                list([]),
            ),
            Var::opt(
                "allowed_security_groups",
                ty::map_string(),
                "Security groups also allowed to reach the listener, as label → security group ID; \
the labels must be known at plan time, the IDs need not be.",
                obj::<&str>([]),
            ),
            Var::opt(
                "listener_port",
                ty::number(),
                "TCP port of the load balancer's HTTP listener, open to the internet.",
                n(80),
            )
            .validate(port_range("var.listener_port"), "listener_port must be 1 to 65535."),
            vars::log_retention_days(),
            vars::cpu_high_threshold(),
            vars::cpu_low_threshold(),
            vars::tags(),
        ],
        outputs: vec![
            Output::new("cluster_name", "Name of the ECS cluster.", r("aws_ecs_cluster.this.name")),
            Output::new("cluster_arn", "ARN of the ECS cluster.", r("aws_ecs_cluster.this.arn")),
            Output::new("service_name", "Name of the ECS service.", r("aws_ecs_service.this.name")),
            Output::new(
                "alb_dns_name",
                "DNS name of the load balancer.",
                r("aws_lb.this.dns_name"),
            ),
            Output::new("alb_arn", "ARN of the load balancer.", r("aws_lb.this.arn")),
            Output::new(
                "alb_security_group_id",
                "ID of the load balancer's security group.",
                r("aws_security_group.alb.id"),
            ),
            Output::new(
                "instance_security_group_id",
                "ID of the ECS hosts' security group (e.g. to allow them into a database).",
                r("aws_security_group.instance.id"),
            ),
            Output::new(
                "target_group_arn",
                "ARN of the target group.",
                r("aws_lb_target_group.this.arn"),
            ),
            Output::new(
                "task_role_arn",
                "ARN of the task role (to grant the application more access).",
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

/// `1 <= port <= 65535`.
fn port_range(port: &str) -> E {
    op(op(r(port), ">=", n(1)), "&&", op(r(port), "<=", n(65535)))
}

/// The load balancer's and the hosts' security groups, one rule per resource.
fn security_groups(main: &mut File) {
    main.push(
        resource("aws_security_group", "alb")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-alb")]))
            .a(
                "description",
                s("Load balancer: HTTP in from clients, dynamic ports out to the ECS hosts"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(
        listener_ingress(
            "alb_public",
            None,
            s("HTTP to the listener from anywhere (public entry point)"),
        )
        .a("cidr_ipv4", s("0.0.0.0/0")),
    );
    main.push(
        listener_ingress(
            "alb_allowed",
            Some(r("var.allowed_security_groups")),
            tpl(vec![
                T::L("HTTP to the listener from "),
                T::X(r("each.key")),
            ]),
        )
        .a("referenced_security_group_id", r("each.value")),
    );
    main.push(
        dynamic_ports(
            "aws_vpc_security_group_egress_rule",
            "alb_to_instances",
            "alb",
            "Dynamic host ports of the ECS hosts",
        )
        .a(
            "referenced_security_group_id",
            r("aws_security_group.instance.id"),
        ),
    );

    main.push(
        resource("aws_security_group", "instance")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-instances")]))
            .a(
                "description",
                s("ECS hosts: dynamic ports in from the load balancer only, all out"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(
        dynamic_ports(
            "aws_vpc_security_group_ingress_rule",
            "instance_from_alb",
            "instance",
            "Dynamic host ports from the load balancer",
        )
        .a(
            "referenced_security_group_id",
            r("aws_security_group.alb.id"),
        ),
    );
    main.push(common::egress_all(
        "instance_all",
        "aws_security_group.instance.id",
        "All outbound: ECR, ECS, CloudWatch and the dependencies of the service",
    ));
}

/// An ingress rule of the load balancer's group on the listener port, once per `for_each`
/// element when given; the caller adds the source.
fn listener_ingress(name: &str, for_each: Option<E>, description: E) -> Blk {
    resource("aws_vpc_security_group_ingress_rule", name)
        .opt("for_each", for_each)
        .a("security_group_id", r("aws_security_group.alb.id"))
        .a("description", description)
        .a("ip_protocol", s("tcp"))
        .a("from_port", r("var.listener_port"))
        .a("to_port", r("var.listener_port"))
}

/// A rule of `aws_security_group.<sg>` on the dynamic host ports; the caller adds the peer.
fn dynamic_ports(kind: &str, name: &str, sg: &str, description: &str) -> Blk {
    resource(kind, name)
        .a(
            "security_group_id",
            r(&format!("aws_security_group.{sg}.id")),
        )
        .a("description", s(description))
        .a("ip_protocol", s("tcp"))
        .a("from_port", n(EPHEMERAL_FROM))
        .a("to_port", n(EPHEMERAL_TO))
}

/// The public load balancer, its target group of host ports and the HTTP listener.
fn load_balancer(main: &mut File) {
    main.push(
        resource("aws_lb", "this")
            .a("name", tpl(vec![T::X(r("var.short_name")), T::L("-alb")]))
            .a("load_balancer_type", s("application"))
            .a("internal", b(false))
            .a("security_groups", list([r("aws_security_group.alb.id")]))
            .a("subnets", r("var.public_subnet_ids"))
            .a("drop_invalid_header_fields", b(true)),
    );
    main.push(
        resource("aws_lb_target_group", "this")
            .a("name", tpl(vec![T::X(r("var.short_name")), T::L("-tg")]))
            .a("vpc_id", r("var.vpc_id"))
            .a("target_type", s("instance"))
            .a("protocol", s("HTTP"))
            .a("port", r("var.container_port"))
            .a("deregistration_delay", n(30))
            .b(blk("health_check", &[])
                .a("enabled", b(true))
                .a("protocol", s("HTTP"))
                .a("port", s("traffic-port"))
                .a("path", r("var.health_check_path"))
                .a("matcher", s("200-399"))
                .a("interval", n(30))
                .a("timeout", n(5))
                .a("healthy_threshold", n(3))
                .a("unhealthy_threshold", n(3))),
    );
    main.push(listener_http());
}

/// The HTTP listener forwarding to the target group.
fn listener_http() -> Blk {
    resource("aws_lb_listener", "http")
        .a("load_balancer_arn", r("aws_lb.this.arn"))
        .a("port", r("var.listener_port"))
        .a("protocol", s("HTTP"))
        .b(blk("default_action", &[])
            .a("type", s("forward"))
            .a("target_group_arn", r("aws_lb_target_group.this.arn")))
}
