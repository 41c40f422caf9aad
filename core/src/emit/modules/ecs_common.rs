//! What `modules/ecs-api` and `modules/ecs-worker` share: a service in the ECS cluster of its
//! tier and region (`modules/ecs-cluster`, in the platform root) with its log group, IAM roles,
//! one `awsvpc` task (its own network interface and security group), and CPU step scaling.
//!
//! Both modules call these builders in the same order, so their `main.tf` files read alike.
//! The tasks' security group differs by module (`task` in ecs-api, `this` in ecs-worker),
//! so builders that need it take its reference.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Var};
use crate::emit::security::Skip;
use crate::plan::naming;

/// Name of the one container of the task (and of the load balancer target in ecs-api).
pub(crate) const CONTAINER_NAME: &str = "app";

/// The launch types and Fargate capacity providers, as ECS spells them.
pub(crate) const EC2: &str = "EC2";
pub(crate) const FARGATE: &str = "FARGATE";
pub(crate) const FARGATE_SPOT: &str = "FARGATE_SPOT";

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

/// The task role may connect to these databases as their application user with IAM
/// authentication (`arn:…:dbuser:<resource id>/<user>`).
pub(crate) const CONNECT_DATABASES: Grant = Grant {
    sid: "ConnectToDatabases",
    var: "db_connect_arns",
    actions: &["rds-db:connect"],
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
service and task family name. At most 59 characters (IAM role names such as `<name>-exec` are \
limited to 64).",
        )
        .validate(
            call(
                "can",
                vec![call(
                    "regex",
                    vec![s("^[A-Za-z0-9_-]{1,59}$"), r("var.name")],
                )],
            ),
            "The name must be 1 to 59 letters, digits, hyphens or underscores.",
        )
    }

    pub(crate) fn cluster_name() -> Var {
        Var::req(
            "cluster_name",
            ty::string(),
            "Name of the ECS cluster of the tier and region (`modules/ecs-cluster`, applied by the \
platform root first) the service runs in.",
        )
    }

    /// The cluster's EC2 capacity provider; with `fargate` (the design runs some service on
    /// Fargate) optional, for the EC2 launch type only.
    pub(crate) fn capacity_provider_name(fargate: bool) -> Var {
        if !fargate {
            return Var::req(
                "capacity_provider_name",
                ty::string(),
                "Name of that cluster's capacity provider, which places the tasks on its hosts and \
scales them.",
            );
        }
        Var::opt(
            "capacity_provider_name",
            ty::string(),
            "With the EC2 launch type: name of that cluster's capacity provider, which places the \
tasks on its hosts and scales them. Unused on Fargate.",
            null(),
        )
        .validate(
            op(
                op(r("var.launch_type"), Op::Eq, s(FARGATE)),
                Op::Or,
                op(r("var.capacity_provider_name"), Op::NotEq, null()),
            ),
            "capacity_provider_name is required with the EC2 launch type.",
        )
    }

    /// Where the tasks run (only when the design runs some service on Fargate).
    pub(crate) fn launch_type() -> Var {
        Var::opt(
            "launch_type",
            ty::string(),
            "`EC2` (the cluster's hosts, through `capacity_provider_name`) or `FARGATE` (no hosts; \
`container_cpu` and `container_memory` are then the task size and must be one Fargate runs, e.g. \
512 CPU units with 1024 to 4096 MiB).",
            s(EC2),
        )
        .validate(
            call("contains", vec![strs([EC2, FARGATE]), r("var.launch_type")]),
            "launch_type must be EC2 or FARGATE.",
        )
    }

    /// Fargate Spot (only when the design runs some service on Fargate).
    pub(crate) fn fargate_spot() -> Var {
        Var::opt(
            "fargate_spot",
            ty::bool(),
            "On Fargate: run the first task on `FARGATE` (on demand) and, beyond it, three of every \
four tasks on `FARGATE_SPOT` (spare capacity at a discount; a Spot task may be stopped with two \
minutes' warning, and ECS starts a replacement).",
            b(false),
        )
    }

    pub(crate) fn vpc_id() -> Var {
        Var::req("vpc_id", ty::string(), "ID of the VPC the tasks run in.")
    }

    pub(crate) fn private_subnet_ids() -> Var {
        Var::req(
            "private_subnet_ids",
            ty::list_string(),
            "IDs of the private subnets of the tasks' network interfaces (those of the cluster's \
hosts, one per Availability Zone); they need a route to ECR and CloudWatch (NAT gateway or VPC \
endpoints).",
        )
    }

    pub(crate) fn container_image() -> Var {
        Var::req(
            "container_image",
            ty::string(),
            "Container image with its tag or digest, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2`.",
        )
    }

    pub(crate) fn container_command() -> Var {
        Var::opt(
            "container_command",
            ty::list_string(),
            "Command replacing the image's default (its CMD), e.g. `[\"sh\", \"-c\", \"exec ./server\"]`; null keeps the image's own.",
            null(),
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
            "Tasks the service runs normally; also the autoscaling floor, where it returns when \
idle. Autoscaling may add tasks up to max(4 × this, 4). Terraform ignores later changes made by \
autoscaling.",
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

    pub(crate) fn db_connect_arns() -> Var {
        Var::opt(
            "db_connect_arns",
            ty::list_string(),
            "`rds-db:connect` resources (`arn:…:dbuser:<resource id>/<user>`) the task role may \
connect to with IAM database authentication.",
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
                    list(
                        crate::catalog::LOG_RETENTION_DAYS
                            .iter()
                            .map(|d| n(i64::from(*d))),
                    ),
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
                op(r("var.cpu_high_threshold"), Op::Greater, n(0)),
                Op::And,
                op(r("var.cpu_high_threshold"), Op::LessEq, n(100)),
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
                op(r("var.cpu_low_threshold"), Op::GreaterEq, n(0)),
                Op::And,
                op(
                    r("var.cpu_low_threshold"),
                    Op::Less,
                    r("var.cpu_high_threshold"),
                ),
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
}

/// With `fargate` (some service of the design runs on Fargate), the module's `launch_type` and
/// `fargate_spot` inputs, after `capacity_provider_name`.
pub(crate) fn launch_vars(variables: &mut Vec<Var>, fargate: bool) {
    if !fargate {
        return;
    }
    let at = variables
        .iter()
        .position(|v| v.name == "capacity_provider_name")
        .map_or(variables.len(), |i| i + 1);
    variables.splice(at..at, [vars::launch_type(), vars::fargate_spot()]);
}

/// Partition, region and account; then whether the task role has anything to be granted
/// (and, with `fargate`, whether the tasks run on Fargate).
pub(crate) fn lookups(main: &mut File, grants: &[Grant], fargate: bool) {
    main.push(data("aws_partition", "current"));
    main.push(data("aws_region", "current"));
    main.push(data("aws_caller_identity", "current"));
    let any_grant = grants
        .iter()
        .map(|g| call("length", vec![r(&format!("var.{}", g.var))]))
        .reduce(|sum, len| op(sum, Op::Plus, len))
        .map(|sum| op(sum, Op::Greater, n(0)))
        .unwrap_or(b(false));
    let locals = blk("locals", &[]).a("task_policy_enabled", any_grant);
    main.push(if fargate {
        locals.a("fargate", op(r("var.launch_type"), Op::Eq, s(FARGATE)))
    } else {
        locals
    });
}

/// The log group of the containers (KMS-encrypted; `log_skips` explain a short retention).
pub(crate) fn log_group(main: &mut File, log_skips: Vec<Skip>) {
    main.push(
        resource("aws_cloudwatch_log_group", "this")
            .skips(log_skips)
            .a(
                "name",
                tpl(vec![
                    T::L(naming::ECS_LOG_GROUP.prefix),
                    T::X(r("var.name")),
                ]),
            )
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
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

/// A trust policy statement: `service` may assume the role.
pub(crate) fn assume_role_statement(service: &str) -> Blk {
    blk("statement", &[])
        .a("actions", strs(["sts:AssumeRole"]))
        .b(blk("principals", &[])
            .a("type", s("Service"))
            .a("identifiers", strs([service])))
}

/// Attaches the AWS managed policy at `policy` (path after `policy/`) to `aws_iam_role.<role>`.
pub(crate) fn attachment(name: &str, role: &str, policy: &str) -> Blk {
    resource("aws_iam_role_policy_attachment", name)
        .a("role", r(&format!("aws_iam_role.{role}.name")))
        .a("policy_arn", managed_policy(policy))
}

/// The task execution role (image pulls, logs) and the task role with a least-privilege inline
/// policy built from `grants` (only when one of their lists is not empty).
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
        resource("aws_iam_role", "execution")
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a(
                "name",
                tpl(vec![
                    T::X(r("var.name")),
                    T::L(naming::ECS_EXEC_ROLE.suffix),
                ]),
            )
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
                    op(call("length", vec![var.clone()]), Op::Greater, n(0)),
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
}

/// An egress rule of `sg` to anywhere, on every protocol and port.
pub(crate) fn egress_all(name: &str, sg: &str, description: &str) -> Blk {
    resource("aws_vpc_security_group_egress_rule", name)
        .a("security_group_id", r(sg))
        .a("description", s(description))
        .a("ip_protocol", s("-1"))
        .a("cidr_ipv4", s("0.0.0.0/0"))
}

/// The EC2 task definition: one container logging to the log group, with the environment
/// sorted by name and a read-only root filesystem unless `readonly_root_filesystem` is false
/// (`skips` explain why a service chose that); each of `writable_paths` is a writable task
/// volume either way. `awsvpc` network mode: the task has its own network interface, so
/// `port` (if any) is served on the task's own address; `stop_timeout` sets the seconds between
/// SIGTERM and SIGKILL (else the agent's 30 s). With `fargate` (the module takes a launch type)
/// the task requires `var.launch_type`, and on Fargate has the container's CPU and memory as its
/// task size.
pub(crate) fn task_definition(
    port: Option<E>,
    stop_timeout: Option<i64>,
    skips: Vec<Skip>,
    fargate: bool,
) -> Blk {
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
        ("command", r("var.container_command")),
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
                ("containerPort", port.clone()),
                // `awsvpc`: the host port is the container port (of the task's interface).
                ("hostPort", port),
                ("protocol", s("tcp")),
            ])]),
        ));
    }
    if let Some(seconds) = stop_timeout {
        container.push(("stopTimeout", n(seconds)));
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
    let on_fargate = |v: &str| cond(r("local.fargate"), r(v), null());
    let task = resource("aws_ecs_task_definition", "this")
        .skips(skips)
        .a("family", r("var.name"));
    let task = if fargate {
        task.a("requires_compatibilities", list([r("var.launch_type")]))
            .a("cpu", on_fargate("var.container_cpu"))
            .a("memory", on_fargate("var.container_memory"))
    } else {
        task.a("requires_compatibilities", strs([EC2]))
    };
    task.a("network_mode", s("awsvpc"))
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

/// The service in the tier's cluster on its capacity provider, spread across Availability
/// Zones, rolling back a failed deployment; each task has an interface in the private subnets
/// with the security group `task_sg` (a reference to its ID). `load_balancer` and
/// `grace_seconds` are for services behind a target group. The service waits for the task's
/// permissions, so its first tasks can start; `depends_on` adds what else must exist first.
/// With `fargate` (the module takes a launch type) the tasks go to the capacity provider of
/// `var.launch_type` (see [`capacity`]), and only EC2 tasks get placement strategies.
pub(crate) fn service(
    task_sg: &str,
    load_balancer: Option<Blk>,
    grace_seconds: Option<E>,
    depends_on: Vec<E>,
    fargate: bool,
) -> Blk {
    let mut after = vec![
        r("aws_iam_role_policy_attachment.execution"),
        r("aws_iam_role_policy.task"),
    ];
    after.extend(depends_on);
    let service = resource("aws_ecs_service", "this")
        .a("name", r("var.name"))
        .a("cluster", r("var.cluster_name"))
        .a("task_definition", r("aws_ecs_task_definition.this.arn"))
        .a("desired_count", r("var.desired_count"))
        .a("deployment_minimum_healthy_percent", n(100))
        .a("deployment_maximum_percent", n(200))
        .opt("health_check_grace_period_seconds", grace_seconds)
        .a("enable_ecs_managed_tags", b(true))
        .a("propagate_tags", s("SERVICE"));
    let placement = [
        ("spread", "attribute:ecs.availability-zone"),
        ("binpack", "memory"),
    ];
    let network = blk("network_configuration", &[])
        .a("subnets", r("var.private_subnet_ids"))
        .a("security_groups", list([r(task_sg)]))
        .a("assign_public_ip", b(false));
    let service = if fargate {
        // Fargate spreads tasks across the subnets' zones itself and takes no placement
        // strategy.
        capacity(service.a(
            "platform_version",
            cond(r("local.fargate"), s("LATEST"), null()),
        ))
        .b(network)
        .bs(placement.map(|(kind, field)| {
            blk("dynamic", &["ordered_placement_strategy"])
                .a(
                    "for_each",
                    cond(r("local.fargate"), list([]), strs([field])),
                )
                .b(blk("content", &[])
                    .a("type", s(kind))
                    .a("field", r("ordered_placement_strategy.value")))
        }))
    } else {
        service
            .b(blk("capacity_provider_strategy", &[])
                .a("capacity_provider", r("var.capacity_provider_name"))
                .a("weight", n(1)))
            .b(network)
            .bs(placement.map(|(kind, field)| {
                blk("ordered_placement_strategy", &[])
                    .a("type", s(kind))
                    .a("field", s(field))
            }))
    };
    service
        .b(blk("deployment_circuit_breaker", &[])
            .a("enable", b(true))
            .a("rollback", b(true)))
        .ob(load_balancer)
        // Service autoscaling owns the task count once the service exists; the app's pipeline
        // owns the running task definition (new image = new revision + update-service), so an
        // infrastructure apply never rolls an app deploy back.
        .b(blk("lifecycle", &[]).a(
            "ignore_changes",
            list([r("desired_count"), r("task_definition")]),
        ))
        .a("depends_on", list(after))
}

/// The capacity provider strategy of a service whose module takes a launch type: the
/// cluster's EC2 capacity provider, or `FARGATE` (the first task, the `base`, on demand) with,
/// under `fargate_spot`, `FARGATE_SPOT` taking three of every four tasks beyond it.
fn capacity(service: Blk) -> Blk {
    let spot = op(r("local.fargate"), Op::And, r("var.fargate_spot"));
    service
        .b(blk("capacity_provider_strategy", &[])
            .a(
                "capacity_provider",
                cond(
                    r("local.fargate"),
                    s(FARGATE),
                    r("var.capacity_provider_name"),
                ),
            )
            .a("base", cond(r("local.fargate"), n(1), n(0)))
            .a("weight", n(1)))
        .b(blk("dynamic", &["capacity_provider_strategy"])
            .a("for_each", cond(spot, strs([FARGATE_SPOT]), list([])))
            .b(blk("content", &[])
                .a("capacity_provider", r("capacity_provider_strategy.value"))
                .a("weight", n(3))))
}

/// Step scaling of the service's task count on its average CPU utilization: one task more
/// above `cpu_high_threshold`, one less below `cpu_low_threshold`, 300 s apart, between
/// `desired_count` and max(4 × `desired_count`, 4).
pub(crate) fn autoscaling(main: &mut File) {
    scaling_target(main);
    cpu_scaling(main);
}

/// The service's task count as a scalable target, between `desired_count` (the floor) and
/// max(4 × `desired_count`, 4).
pub(crate) fn scaling_target(main: &mut File) {
    main.push(
        resource("aws_appautoscaling_target", "this")
            .a("service_namespace", s("ecs"))
            .a("scalable_dimension", s("ecs:service:DesiredCount"))
            .a(
                "resource_id",
                tpl(vec![
                    T::L("service/"),
                    T::X(r("var.cluster_name")),
                    T::L("/"),
                    T::X(r("aws_ecs_service.this.name")),
                ]),
            )
            .a("min_capacity", r("var.desired_count"))
            .a(
                "max_capacity",
                call("max", vec![op(r("var.desired_count"), Op::Mul, n(4)), n(4)]),
            ),
    );
}

/// CPU step scaling (see [`autoscaling`]).
fn cpu_scaling(main: &mut File) {
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

/// The alarm that tells people the service runs fewer tasks than its floor: the highest
/// `RunningTaskCount` (Container Insights) of two 5-minute periods stayed below
/// `desired_count`, i.e. tasks fail to start or keep stopping (image, health check, crash,
/// no capacity). Rolling deployments keep 100 % running, so they do not fire it.
pub(crate) fn running_tasks_alarm() -> Blk {
    super::alarms::Alarm {
        name: "running_tasks",
        suffix: "-tasks-low",
        what: "Fewer tasks than desired_count have been running for 10 minutes: tasks fail to start or keep stopping (image, health check, crash, no host capacity). See the service's events and stopped tasks.",
        namespace: "ECS/ContainerInsights",
        metric: "RunningTaskCount",
        statistic: "Maximum",
        period: 300,
        periods: 2,
        comparison: "LessThanThreshold",
        threshold: r("var.desired_count"),
        dimensions: vec![
            ("ClusterName", r("var.cluster_name")),
            ("ServiceName", r("aws_ecs_service.this.name")),
        ],
    }
    .block("var.name")
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
                ("ClusterName", r("var.cluster_name")),
                ("ServiceName", r("aws_ecs_service.this.name")),
            ]),
        )
        .a(
            "alarm_actions",
            list([r(&format!("aws_appautoscaling_policy.{policy}.arn"))]),
        )
}
