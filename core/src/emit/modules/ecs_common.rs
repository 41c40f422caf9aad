//! What `modules/ecs-api` and `modules/ecs-worker` share: ECS on EC2 with a cluster, its
//! log group, IAM roles, an Auto Scaling group of ECS-optimized hosts behind a capacity
//! provider, one bridge-mode task, its service and CPU step scaling.
//!
//! Both modules call these builders in the same order, so their `main.tf` files read alike.
//! The hosts' security group differs by module (`instance` in ecs-api, `this` in ecs-worker),
//! so builders that need it take its reference.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Var};
use crate::emit::security::Skip;

/// Name of the one container of the task (and of the load balancer target in ecs-api).
pub(crate) const CONTAINER_NAME: &str = "app";

/// First port of the Linux ephemeral range Docker picks dynamic host ports from.
pub(crate) const EPHEMERAL_FROM: i64 = 32768;
/// Last port of that range.
pub(crate) const EPHEMERAL_TO: i64 = 65535;

/// Public SSM parameter holding the recommended ECS-optimized Amazon Linux 2023 AMI.
const ECS_AMI_PARAMETER: &str =
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

/// Retention periods CloudWatch Logs accepts, in days.
const LOG_RETENTION_DAYS: [i64; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Seconds between two scaling activities of the same direction.
const SCALING_COOLDOWN: i64 = 300;

/// Permissions the task role gets on the ARNs of one list variable, when it is not empty.
pub(crate) struct Grant {
    /// Statement id in the policy document.
    pub sid: &'static str,
    /// The `list(string)` variable holding the resource ARNs.
    pub var: &'static str,
    /// IAM actions allowed on them.
    pub actions: &'static [&'static str],
}

/// The task role may read these Secrets Manager secrets.
pub(crate) const READ_SECRETS: Grant = Grant {
    sid: "ReadSecrets",
    var: "secret_arns",
    actions: &[
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
    ],
};

/// The task role may use these KMS keys: the key of the encrypted queues it sends to or
/// consumes.
pub(crate) const USE_KMS_KEYS: Grant = Grant {
    sid: "UseKmsKeys",
    var: "kms_key_arns",
    actions: &["kms:Decrypt", "kms:GenerateDataKey"],
};

/// Inputs both modules take, one function each so every module lists them in its own order.
pub(crate) mod vars {
    use super::*;

    pub(crate) fn name() -> Var {
        Var::req(
            "name",
            ty::string(),
            "Prefix of every resource name, e.g. `sports-cards-prod-card-catalog-api`; also the \
cluster, service, task family and Auto Scaling group name. At most 59 characters (IAM role \
names such as `<name>-exec` are limited to 64).",
        )
        .validate(
            op(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![s("^[A-Za-z0-9_-]{1,59}$"), r("var.name")],
                    )],
                ),
                "&&",
                op(
                    call(
                        "length",
                        vec![call(
                            "regexall",
                            vec![s("^(aws|ecs|fargate)"), call("lower", vec![r("var.name")])],
                        )],
                    ),
                    "==",
                    n(0),
                ),
            ),
            "The name must be 1 to 59 letters, digits, hyphens or underscores, and must not start \
with aws, ecs or fargate (reserved for ECS capacity providers).",
        )
    }

    pub(crate) fn vpc_id() -> Var {
        Var::req("vpc_id", ty::string(), "ID of the VPC the hosts run in.")
    }

    pub(crate) fn private_subnet_ids() -> Var {
        Var::req(
            "private_subnet_ids",
            ty::list_string(),
            "IDs of the private subnets the ECS hosts run in (one per Availability Zone); they need \
a route to ECR, ECS and CloudWatch (NAT gateway or VPC endpoints).",
        )
    }

    pub(crate) fn ami_id() -> Var {
        Var::opt(
            "ami_id",
            ty::string(),
            "AMI of the ECS hosts; null uses the recommended ECS-optimized Amazon Linux 2023 AMI \
of the region, read from its public SSM parameter at plan time.",
            null(),
        )
    }

    pub(crate) fn instance_type() -> Var {
        Var::req(
            "instance_type",
            ty::string(),
            "EC2 instance type of the ECS hosts, e.g. `t3.medium`.",
        )
    }

    pub(crate) fn asg_min_size() -> Var {
        Var::req(
            "asg_min_size",
            ty::number(),
            "Fewest ECS hosts (EC2 instances) in the Auto Scaling group.",
        )
    }

    pub(crate) fn asg_max_size() -> Var {
        Var::req(
            "asg_max_size",
            ty::number(),
            "Most ECS hosts (EC2 instances) the capacity provider may scale the Auto Scaling group to.",
        )
    }

    pub(crate) fn asg_desired_capacity() -> Var {
        Var::req(
            "asg_desired_capacity",
            ty::number(),
            "ECS hosts (EC2 instances) at creation; afterwards the capacity provider's managed \
scaling owns it and Terraform ignores changes.",
        )
        .validate(
            op(
                op(r("var.asg_min_size"), "<=", r("var.asg_desired_capacity")),
                "&&",
                op(r("var.asg_desired_capacity"), "<=", r("var.asg_max_size")),
            ),
            "asg_desired_capacity must lie between asg_min_size and asg_max_size.",
        )
    }

    pub(crate) fn container_image() -> Var {
        Var::req(
            "container_image",
            ty::string(),
            "Container image with its tag or digest, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2`.",
        )
    }

    pub(crate) fn container_cpu() -> Var {
        Var::req(
            "container_cpu",
            ty::number(),
            "CPU reserved for the container, in CPU units (1024 units = 1 vCPU); CPU utilization \
alarms are relative to it.",
        )
    }

    pub(crate) fn container_memory() -> Var {
        Var::req(
            "container_memory",
            ty::number(),
            "Memory of the container, in MiB; the container is stopped if it uses more.",
        )
    }

    pub(crate) fn desired_count() -> Var {
        Var::req(
            "desired_count",
            ty::number(),
            "Tasks the service runs normally; also the autoscaling floor. CPU step scaling may \
add tasks up to max(4 × this, 4). Terraform ignores later changes made by autoscaling.",
        )
    }

    pub(crate) fn environment_variables() -> Var {
        Var::opt(
            "environment_variables",
            ty::map_string(),
            "Plain environment variables of the container (name → value). Not for secrets: \
values are visible in the task definition.",
            obj::<&str>([]),
        )
    }

    pub(crate) fn secret_arns() -> Var {
        Var::opt(
            "secret_arns",
            ty::list_string(),
            "ARNs of Secrets Manager secrets the task role may read (GetSecretValue, DescribeSecret) \
at run time.",
            list([]),
        )
    }

    pub(crate) fn log_retention_days() -> Var {
        Var::req(
            "log_retention_days",
            ty::number(),
            "Days container logs are kept in CloudWatch Logs (a value CloudWatch accepts, e.g. 7, 30, 90).",
        )
        .validate(
            call(
                "contains",
                vec![
                    list(LOG_RETENTION_DAYS.iter().map(|d| n(*d))),
                    r("var.log_retention_days"),
                ],
            ),
            "log_retention_days must be a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, \
60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.",
        )
    }

    pub(crate) fn cpu_high_threshold() -> Var {
        Var::opt(
            "cpu_high_threshold",
            ty::number(),
            "Average service CPU utilization, in percent, above which a task is added.",
            n(75),
        )
        .validate(
            op(
                op(r("var.cpu_high_threshold"), ">", n(0)),
                "&&",
                op(r("var.cpu_high_threshold"), "<=", n(100)),
            ),
            "cpu_high_threshold is a percentage: more than 0, at most 100.",
        )
    }

    pub(crate) fn cpu_low_threshold() -> Var {
        Var::opt(
            "cpu_low_threshold",
            ty::number(),
            "Average service CPU utilization, in percent, below which a task is removed.",
            n(25),
        )
        .validate(
            op(
                op(r("var.cpu_low_threshold"), ">=", n(0)),
                "&&",
                op(r("var.cpu_low_threshold"), "<", r("var.cpu_high_threshold")),
            ),
            "cpu_low_threshold must be at least 0 and below cpu_high_threshold, or the two \
alarms would scale against each other.",
        )
    }

    pub(crate) fn kms_key_arn() -> Var {
        Var::req(
            "kms_key_arn",
            ty::string(),
            "ARN of the customer-managed KMS key (of this region) encrypting the log group; its key \
policy must allow CloudWatch Logs.",
        )
    }

    pub(crate) fn kms_key_arns() -> Var {
        Var::opt(
            "kms_key_arns",
            ty::list_string(),
            "ARNs of KMS keys the task role may use (Decrypt, GenerateDataKey): the keys of the \
encrypted queues the task sends to or consumes.",
            list([]),
        )
    }

    pub(crate) fn readonly_root_filesystem() -> Var {
        Var::opt(
            "readonly_root_filesystem",
            ty::bool(),
            "Run the container with a read-only root filesystem; only `writable_paths` can be \
written.",
            b(true),
        )
    }

    pub(crate) fn writable_paths() -> Var {
        Var::opt(
            "writable_paths",
            ty::list_string(),
            "Absolute directories of the container that stay writable, each an empty volume that \
lives as long as the task (e.g. `/var/cache/nginx` and `/var/run` for nginx).",
            strs(["/tmp"]),
        )
        .validate(
            call(
                "alltrue",
                vec![for_list(
                    "p",
                    r("var.writable_paths"),
                    call("startswith", vec![r("p"), s("/")]),
                )],
            ),
            "writable_paths are absolute paths.",
        )
    }

    pub(crate) fn tags() -> Var {
        Var::opt(
            "tags",
            ty::map_string(),
            "Tags for what provider `default_tags` cannot reach: propagated by the Auto Scaling \
group to the hosts, and set on their root volumes by the launch template.",
            obj::<&str>([]),
        )
    }
}

/// Partition, region, account and (when `ami_id` is null) the ECS-optimized AMI; then the
/// locals: the AMI in use and whether the task role has anything to be granted.
pub(crate) fn lookups(main: &mut File, grants: &[Grant]) {
    main.push(data("aws_partition", "current"));
    main.push(data("aws_region", "current"));
    main.push(data("aws_caller_identity", "current"));
    main.push(
        data("aws_ssm_parameter", "ecs_ami")
            .a("count", cond(op(r("var.ami_id"), "==", null()), n(1), n(0)))
            .a("name", s(ECS_AMI_PARAMETER)),
    );
    let any_grant = grants
        .iter()
        .map(|g| call("length", vec![r(&format!("var.{}", g.var))]))
        .reduce(|sum, len| op(sum, "+", len))
        .map(|sum| op(sum, ">", n(0)))
        .unwrap_or(b(false));
    main.push(
        blk("locals", &[])
            .a(
                "ami_id",
                cond(
                    op(r("var.ami_id"), "!=", null()),
                    r("var.ami_id"),
                    r("data.aws_ssm_parameter.ecs_ami[0].insecure_value"),
                ),
            )
            .a("task_policy_enabled", any_grant),
    );
}

/// The log group of the containers (KMS-encrypted; `log_skips` explain a short retention)
/// and the cluster, with Container Insights.
pub(crate) fn cluster(main: &mut File, log_skips: Vec<Skip>) {
    main.push(
        resource("aws_cloudwatch_log_group", "this")
            .skips(log_skips)
            .a("name", tpl(vec![T::L("/ecs/"), T::X(r("var.name"))]))
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
    );
    main.push(
        resource("aws_ecs_cluster", "this")
            .a("name", r("var.name"))
            .b(blk("setting", &[])
                .a("name", s("containerInsights"))
                .a("value", s("enabled"))),
    );
}

fn managed_policy(path: &str) -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":iam::aws:policy/"),
        T::L(path),
    ])
}

fn assume_role_statement(service: &str) -> Blk {
    blk("statement", &[])
        .a("actions", strs(["sts:AssumeRole"]))
        .b(blk("principals", &[])
            .a("type", s("Service"))
            .a("identifiers", strs([service])))
}

fn attachment(name: &str, role: &str, policy: &str) -> Blk {
    resource("aws_iam_role_policy_attachment", name)
        .a("role", r(&format!("aws_iam_role.{role}.name")))
        .a("policy_arn", managed_policy(policy))
}

/// The task execution role (image pulls, logs), the task role with a least-privilege inline
/// policy built from `grants` (only when one of their lists is not empty), and the hosts'
/// instance role and profile.
pub(crate) fn iam(main: &mut File, grants: &[Grant]) {
    main.push(
        data("aws_iam_policy_document", "ecs_tasks_assume")
            .b(assume_role_statement("ecs-tasks.amazonaws.com")),
    );
    // The task role is only assumable for tasks of this account and region (confused deputy).
    main.push(
        data("aws_iam_policy_document", "task_assume").b(assume_role_statement(
            "ecs-tasks.amazonaws.com",
        )
        .b(blk("condition", &[])
            .a("test", s("StringEquals"))
            .a("variable", s("aws:SourceAccount"))
            .a(
                "values",
                list([r("data.aws_caller_identity.current.account_id")]),
            ))
        .b(blk("condition", &[])
            .a("test", s("ArnLike"))
            .a("variable", s("aws:SourceArn"))
            .a(
                "values",
                list([tpl(vec![
                    T::L("arn:"),
                    T::X(r("data.aws_partition.current.partition")),
                    T::L(":ecs:"),
                    T::X(r("data.aws_region.current.region")),
                    T::L(":"),
                    T::X(r("data.aws_caller_identity.current.account_id")),
                    T::L(":*"),
                ])]),
            ))),
    );
    main.push(
        data("aws_iam_policy_document", "ec2_assume").b(assume_role_statement("ec2.amazonaws.com")),
    );

    main.push(
        resource("aws_iam_role", "execution")
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-exec")]))
            .a(
                "description",
                s("ECS task execution role: pulls the image and writes the container logs."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.ecs_tasks_assume.json"),
            ),
    );
    main.push(attachment(
        "execution",
        "execution",
        "service-role/AmazonECSTaskExecutionRolePolicy",
    ));

    main.push(
        resource("aws_iam_role", "task")
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-task")]))
            .a(
                "description",
                s("ECS task role: what the application itself may call."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.task_assume.json"),
            ),
    );
    let statements = grants.iter().map(|g| {
        let var = r(&format!("var.{}", g.var));
        blk("dynamic", &["statement"])
            .a(
                "for_each",
                cond(
                    op(call("length", vec![var.clone()]), ">", n(0)),
                    list([var]),
                    list([]),
                ),
            )
            .b(blk("content", &[])
                .a("sid", s(g.sid))
                .a("actions", strs(g.actions.iter()))
                .a("resources", r("statement.value")))
    });
    main.push(
        data("aws_iam_policy_document", "task")
            .a("count", cond(r("local.task_policy_enabled"), n(1), n(0)))
            .bs(statements),
    );
    main.push(
        resource("aws_iam_role_policy", "task")
            .a("count", cond(r("local.task_policy_enabled"), n(1), n(0)))
            .a("name", s("least-privilege"))
            .a("role", r("aws_iam_role.task.id"))
            .a("policy", r("data.aws_iam_policy_document.task[0].json")),
    );

    main.push(
        resource("aws_iam_role", "instance")
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-ec2")]))
            .a(
                "description",
                s("ECS hosts: register with the cluster; reachable through SSM Session Manager."),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.ec2_assume.json"),
            ),
    );
    main.push(attachment(
        "instance_ecs",
        "instance",
        "service-role/AmazonEC2ContainerServiceforEC2Role",
    ));
    main.push(attachment(
        "instance_ssm",
        "instance",
        "AmazonSSMManagedInstanceCore",
    ));
    main.push(
        resource("aws_iam_instance_profile", "this")
            .a("name", r("var.name"))
            .a("role", r("aws_iam_role.instance.name")),
    );
}

/// An egress rule of `sg` to anywhere, on every protocol and port.
pub(crate) fn egress_all(name: &str, sg: &str, description: &str) -> Blk {
    resource("aws_vpc_security_group_egress_rule", name)
        .a("security_group_id", r(sg))
        .a("description", s(description))
        .a("ip_protocol", s("-1"))
        .a("cidr_ipv4", s("0.0.0.0/0"))
}

/// The hosts: launch template, Auto Scaling group, the capacity provider that scales it, and
/// that provider as the cluster's default. `host_sg` is the hosts' security group ID reference.
pub(crate) fn hosts(main: &mut File, host_sg: &str) {
    let name_tags = call("merge", vec![r("var.tags"), obj([("Name", r("var.name"))])]);
    main.push(
        resource("aws_launch_template", "this")
            .a("name", r("var.name"))
            .a(
                "description",
                s("ECS hosts of the cluster of the same name."),
            )
            .a("image_id", r("local.ami_id"))
            .a("instance_type", r("var.instance_type"))
            .a("vpc_security_group_ids", list([r(host_sg)]))
            .a("update_default_version", b(true))
            .a(
                "user_data",
                call(
                    "base64encode",
                    vec![tpl(vec![
                        T::L("#!/bin/bash\necho ECS_CLUSTER="),
                        T::X(r("aws_ecs_cluster.this.name")),
                        T::L(" >> /etc/ecs/ecs.config\n"),
                    ])],
                ),
            )
            .b(blk("iam_instance_profile", &[]).a("arn", r("aws_iam_instance_profile.this.arn")))
            // IMDSv2 only, one hop: the ECS agent (host network) reaches it, containers on the
            // docker bridge do not, so they cannot take the host's role; they get their own
            // credentials from the task role endpoint.
            .b(blk("metadata_options", &[])
                .a("http_endpoint", s("enabled"))
                .a("http_tokens", s("required"))
                .a("http_put_response_hop_limit", n(1)))
            .b(blk("monitoring", &[]).a("enabled", b(true)))
            .b(blk("block_device_mappings", &[])
                .a("device_name", s("/dev/xvda"))
                .b(blk("ebs", &[])
                    .a("volume_size", n(30))
                    .a("volume_type", s("gp3"))
                    .a("encrypted", b(true))
                    .a("delete_on_termination", b(true))))
            // The Auto Scaling group tags the instances; only volumes need tags from here.
            .b(blk("tag_specifications", &[])
                .a("resource_type", s("volume"))
                .a("tags", name_tags.clone())),
    );
    main.push(
        resource("aws_autoscaling_group", "this")
            .a("name", r("var.name"))
            .a("min_size", r("var.asg_min_size"))
            .a("max_size", r("var.asg_max_size"))
            .a("desired_capacity", r("var.asg_desired_capacity"))
            .a("vpc_zone_identifier", r("var.private_subnet_ids"))
            .a("health_check_type", s("EC2"))
            .b(blk("launch_template", &[])
                .a("id", r("aws_launch_template.this.id"))
                .a("version", r("aws_launch_template.this.latest_version")))
            .b(blk("tag", &[])
                .a("key", s("AmazonECSManaged"))
                .a("value", s("true"))
                .a("propagate_at_launch", b(true)))
            .b(blk("dynamic", &["tag"])
                .a("for_each", name_tags)
                .b(blk("content", &[])
                    .a("key", r("tag.key"))
                    .a("value", r("tag.value"))
                    .a("propagate_at_launch", b(true))))
            // Managed scaling of the capacity provider owns the desired capacity.
            .b(blk("lifecycle", &[]).a("ignore_changes", list([r("desired_capacity")]))),
    );
    // Scale-in drains tasks off a host first (managed draining) instead of protecting hosts
    // from scale-in, so `terraform destroy` and instance replacement never hang.
    main.push(
        resource("aws_ecs_capacity_provider", "this")
            .a("name", r("var.name"))
            .b(blk("auto_scaling_group_provider", &[])
                .a(
                    "auto_scaling_group_arn",
                    r("aws_autoscaling_group.this.arn"),
                )
                .a("managed_draining", s("ENABLED"))
                .a("managed_termination_protection", s("DISABLED"))
                .b(blk("managed_scaling", &[])
                    .a("status", s("ENABLED"))
                    .a("target_capacity", n(100))
                    .a("minimum_scaling_step_size", n(1))
                    .a("maximum_scaling_step_size", n(10))
                    .a("instance_warmup_period", n(300)))),
    );
    main.push(
        resource("aws_ecs_cluster_capacity_providers", "this")
            .a("cluster_name", r("aws_ecs_cluster.this.name"))
            .a(
                "capacity_providers",
                list([r("aws_ecs_capacity_provider.this.name")]),
            )
            .b(strategy("default_capacity_provider_strategy")),
    );
}

fn strategy(block: &str) -> Blk {
    blk(block, &[])
        .a(
            "capacity_provider",
            r("aws_ecs_capacity_provider.this.name"),
        )
        .a("weight", n(1))
}

/// The EC2 task definition: one bridge-mode container logging to the log group, with the
/// environment sorted by name and a read-only root filesystem unless
/// `readonly_root_filesystem` is false (`skips` explain why a service chose that); each of
/// `writable_paths` is a writable task volume either way. `port` adds a port mapping to a dynamic host port.
pub(crate) fn task_definition(port: Option<E>, skips: Vec<Skip>) -> Blk {
    let environment = for_list(
        "key",
        call(
            "sort",
            vec![call("keys", vec![r("var.environment_variables")])],
        ),
        obj([
            ("name", r("key")),
            ("value", r("var.environment_variables[key]")),
        ]),
    );
    let mut container = vec![
        ("name", s(CONTAINER_NAME)),
        ("image", r("var.container_image")),
        ("essential", b(true)),
        ("cpu", r("var.container_cpu")),
        ("memory", r("var.container_memory")),
        ("readonlyRootFilesystem", r("var.readonly_root_filesystem")),
        ("mountPoints", for_map_list()),
    ];
    if let Some(port) = port {
        container.push((
            "portMappings",
            list([obj([
                ("containerPort", port),
                ("hostPort", n(0)),
                ("protocol", s("tcp")),
            ])]),
        ));
    }
    container.push(("environment", environment));
    container.push((
        "logConfiguration",
        obj([
            ("logDriver", s("awslogs")),
            (
                "options",
                obj([
                    ("awslogs-group", r("aws_cloudwatch_log_group.this.name")),
                    ("awslogs-region", r("data.aws_region.current.region")),
                    ("awslogs-stream-prefix", s("ecs")),
                ]),
            ),
        ]),
    ));
    resource("aws_ecs_task_definition", "this")
        .skips(skips)
        .a("family", r("var.name"))
        .a("requires_compatibilities", strs(["EC2"]))
        .a("network_mode", s("bridge"))
        .a("execution_role_arn", r("aws_iam_role.execution.arn"))
        .a("task_role_arn", r("aws_iam_role.task.arn"))
        .a(
            "container_definitions",
            call("jsonencode", vec![list([obj(container)])]),
        )
        // One host directory per writable path, living as long as the task.
        .b(blk("dynamic", &["volume"])
            .a(
                "for_each",
                call("range", vec![call("length", vec![r("var.writable_paths")])]),
            )
            .b(blk("content", &[]).a(
                "name",
                tpl(vec![T::L("writable-"), T::X(r("volume.value"))]),
            )))
}

/// `[for i, path in var.writable_paths : { sourceVolume = "writable-${i}", … }]`.
fn for_map_list() -> E {
    let f = hcl::expr::ForExpr::new(
        hcl::Identifier::sanitized("path"),
        r("var.writable_paths"),
        obj([
            ("sourceVolume", tpl(vec![T::L("writable-"), T::X(r("i"))])),
            ("containerPath", r("path")),
            ("readOnly", b(false)),
        ]),
    )
    .with_key_var(hcl::Identifier::sanitized("i"));
    E::ForExpr(Box::new(f))
}

/// The service on the capacity provider, spread across Availability Zones, rolling back a
/// failed deployment. `load_balancer` and `grace_seconds` are for services behind a target
/// group. The service waits for the capacity provider to join the cluster and for the task's
/// permissions, so its first tasks can start; `depends_on` adds what else must exist first.
pub(crate) fn service(
    load_balancer: Option<Blk>,
    grace_seconds: Option<E>,
    depends_on: Vec<E>,
) -> Blk {
    let mut after = vec![
        r("aws_ecs_cluster_capacity_providers.this"),
        r("aws_iam_role_policy_attachment.execution"),
        r("aws_iam_role_policy.task"),
    ];
    after.extend(depends_on);
    resource("aws_ecs_service", "this")
        .a("name", r("var.name"))
        .a("cluster", r("aws_ecs_cluster.this.id"))
        .a("task_definition", r("aws_ecs_task_definition.this.arn"))
        .a("desired_count", r("var.desired_count"))
        .a("deployment_minimum_healthy_percent", n(100))
        .a("deployment_maximum_percent", n(200))
        .opt("health_check_grace_period_seconds", grace_seconds)
        .a("enable_ecs_managed_tags", b(true))
        .a("propagate_tags", s("SERVICE"))
        .b(strategy("capacity_provider_strategy"))
        .b(blk("ordered_placement_strategy", &[])
            .a("type", s("spread"))
            .a("field", s("attribute:ecs.availability-zone")))
        .b(blk("ordered_placement_strategy", &[])
            .a("type", s("binpack"))
            .a("field", s("memory")))
        .b(blk("deployment_circuit_breaker", &[])
            .a("enable", b(true))
            .a("rollback", b(true)))
        .ob(load_balancer)
        // Service autoscaling owns the task count once the service exists.
        .b(blk("lifecycle", &[]).a("ignore_changes", list([r("desired_count")])))
        .a("depends_on", list(after))
}

/// Step scaling of the service's task count on its average CPU utilization: one task more
/// above `cpu_high_threshold`, one less below `cpu_low_threshold`, 300 s apart, between
/// `desired_count` and max(4 × `desired_count`, 4).
pub(crate) fn autoscaling(main: &mut File) {
    main.push(
        resource("aws_appautoscaling_target", "this")
            .a("service_namespace", s("ecs"))
            .a("scalable_dimension", s("ecs:service:DesiredCount"))
            .a(
                "resource_id",
                tpl(vec![
                    T::L("service/"),
                    T::X(r("aws_ecs_cluster.this.name")),
                    T::L("/"),
                    T::X(r("aws_ecs_service.this.name")),
                ]),
            )
            .a("min_capacity", r("var.desired_count"))
            .a(
                "max_capacity",
                call("max", vec![op(r("var.desired_count"), "*", n(4)), n(4)]),
            ),
    );
    main.push(step_policy("scale_up", "-scale-up", 1));
    main.push(step_policy("scale_down", "-scale-down", -1));
    main.push(cpu_alarm(
        "cpu_high",
        "-cpu-high",
        "GreaterThanThreshold",
        "var.cpu_high_threshold",
        3,
        "scale_up",
        "Service CPU is high: add a task.",
    ));
    main.push(cpu_alarm(
        "cpu_low",
        "-cpu-low",
        "LessThanThreshold",
        "var.cpu_low_threshold",
        15,
        "scale_down",
        "Service CPU is low: remove a task.",
    ));
}

fn step_policy(name: &str, suffix: &str, adjustment: i64) -> Blk {
    // Up: from the threshold upwards; down: from the threshold downwards.
    let bound = if adjustment > 0 {
        "metric_interval_lower_bound"
    } else {
        "metric_interval_upper_bound"
    };
    resource("aws_appautoscaling_policy", name)
        .a("name", tpl(vec![T::X(r("var.name")), T::L(suffix)]))
        .a("policy_type", s("StepScaling"))
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
        .b(blk("step_scaling_policy_configuration", &[])
            .a("adjustment_type", s("ChangeInCapacity"))
            .a("cooldown", n(SCALING_COOLDOWN))
            .a("metric_aggregation_type", s("Average"))
            .b(blk("step_adjustment", &[])
                .a(bound, n(0))
                .a("scaling_adjustment", n(adjustment))))
}

fn cpu_alarm(
    name: &str,
    suffix: &str,
    comparison: &str,
    threshold: &str,
    minutes: i64,
    policy: &str,
    what: &str,
) -> Blk {
    resource("aws_cloudwatch_metric_alarm", name)
        .a("alarm_name", tpl(vec![T::X(r("var.name")), T::L(suffix)]))
        .a("alarm_description", s(what))
        .a("namespace", s("AWS/ECS"))
        .a("metric_name", s("CPUUtilization"))
        .a("statistic", s("Average"))
        .a("period", n(60))
        .a("evaluation_periods", n(minutes))
        .a("threshold", r(threshold))
        .a("comparison_operator", s(comparison))
        .a(
            "dimensions",
            obj([
                ("ClusterName", r("aws_ecs_cluster.this.name")),
                ("ServiceName", r("aws_ecs_service.this.name")),
            ]),
        )
        .a(
            "alarm_actions",
            list([r(&format!("aws_appautoscaling_policy.{policy}.arn"))]),
        )
}
