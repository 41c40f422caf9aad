//! `modules/ecs-cluster`: the ECS cluster of a tier in a region and the EC2 hosts every API and
//! worker of that tier and region runs on.
//!
//! One cluster (Container Insights), ECS-optimized Amazon Linux 2023 hosts in an Auto Scaling
//! group across the private subnets, and the capacity provider that scales the group to fit the
//! tasks (managed scaling), protects hosts that run tasks from scale-in (managed termination
//! protection) and drains a host before it goes (managed draining). A new launch template
//! version (a newer AMI from SSM, another instance type) rolls through the hosts with an
//! instance refresh, launching each replacement before its predecessor is drained.
//!
//! Tasks use the `awsvpc` network mode: each has its own network interface and its service's
//! security group, so the hosts' own security group only lets them out (ECS, ECR, CloudWatch,
//! SSM). The hosts never hold a task's permissions: tasks get credentials from their task role
//! and the agent keeps them away from the instance metadata (`ECS_AWSVPC_BLOCK_IMDS`).

use super::alarms::{self, Alarm};
use super::ecs_common::{assume_role_statement, attachment, egress_all, FARGATE, FARGATE_SPOT};
use crate::emit::hcl::*;
use crate::emit::module::{permissions_boundary_var, ty, Module, Output, Var};
use crate::plan::naming;

/// Public SSM parameter holding the recommended ECS-optimized Amazon Linux 2023 AMI.
const ECS_AMI_PARAMETER: &str =
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

/// Seconds a new host needs before it counts: it boots, the agent registers, tasks start.
const WARMUP_SECONDS: i64 = 300;

/// Minutes tasks may wait for a host before the capacity alarm fires: long enough for managed
/// scaling to launch and warm up hosts, short enough that nobody learns it from customers.
const CAPACITY_ALARM_MINUTES: i64 = 15;

/// Builds the module; with `fargate` (some service of the design runs on Fargate) the hosts
/// are optional (`ec2_hosts`) and the cluster may offer the Fargate capacity providers
/// (`fargate`); with `groups` (some service of the design has hosts of its own) the cluster
/// also takes `host_groups`, each its own launch template, Auto Scaling group and capacity
/// provider beside the shared ones (then optional too); without either the module is the
/// EC2-only one.
pub fn module(fargate: bool, groups: bool) -> Module {
    let h = Hosts(fargate || groups, groups);
    let mut main = File::new();
    main.push(data("aws_partition", "current"));
    let no_ami = op(r("var.ami_id"), Op::Eq, null());
    main.push(
        data("aws_ssm_parameter", "ecs_ami")
            .a(
                "count",
                cond(
                    if h.0 {
                        op(h.any(), Op::And, no_ami)
                    } else {
                        no_ami
                    },
                    n(1),
                    n(0),
                ),
            )
            .a("name", s(ECS_AMI_PARAMETER)),
    );
    let locals = blk("locals", &[]).a(
        "ami_id",
        cond(
            op(r("var.ami_id"), Op::NotEq, null()),
            r("var.ami_id"),
            if h.0 {
                call(
                    "one",
                    vec![r("data.aws_ssm_parameter.ecs_ami[*].insecure_value")],
                )
            } else {
                r("data.aws_ssm_parameter.ecs_ami[0].insecure_value")
            },
        ),
    );
    main.push(if groups {
        // The role, instance profile and security group serve the shared hosts and every
        // service's own: all hosts do the same (run the agent), whoever's tasks they run.
        locals.a(
            "hosts",
            op(
                r("var.ec2_hosts"),
                Op::Or,
                op(
                    call("length", vec![r("var.host_groups")]),
                    Op::Greater,
                    n(0),
                ),
            ),
        )
    } else {
        locals
    });
    main.push(
        resource("aws_ecs_cluster", "this")
            .a("name", r("var.name"))
            .b(blk("setting", &[])
                .a("name", s("containerInsights"))
                .a("value", s("enabled"))),
    );
    instance_role(&mut main, &h);
    main.push(
        resource("aws_security_group", "this")
            .counted(h.any_count())
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-hosts")]))
            .a(
                "description",
                s("ECS hosts: no inbound traffic (tasks have their own interfaces and security groups), all out"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(
        egress_all(
            "all",
            &h.at("aws_security_group.this.id"),
            "All outbound: ECS, ECR, CloudWatch and SSM endpoints of the agent",
        )
        .counted(h.any_count()),
    );
    hosts(&mut main, &h, &Group::SHARED);
    if groups {
        hosts(&mut main, &h, &Group::OWN);
    }
    cluster_providers(&mut main, &h);
    main.push(capacity_alarm(&h, &Group::SHARED).counted(h.count()));
    if groups {
        main.push(capacity_alarm(&h, &Group::OWN).each(r("var.host_groups")));
    }

    let mut module = Module {
        name: "ecs-cluster",
        description: "The ECS cluster of a tier in a region and the EC2 hosts its services run on: \
a cluster with Container Insights; ECS-optimized Amazon Linux 2023 hosts (IMDSv2 required and out of \
the tasks' reach, encrypted gp3 root volume, no inbound traffic, reachable through SSM Session \
Manager) in an Auto Scaling group across the private subnets; a capacity provider (the cluster's \
default) whose managed scaling fits the group to the tasks, whose managed termination protection \
keeps hosts that run tasks and whose managed draining moves tasks off a host before it goes; an \
instance refresh that replaces every host, one launched before one drained, whenever the launch \
template changes (a newer AMI, another instance type); and an alarm when tasks wait for hosts. \
Services join it with the `awsvpc` network mode (one network interface and security group per task).",
        variables: vec![
            permissions_boundary_var(),
            Var::req(
                "name",
                ty::string(),
                "Name of the cluster, Auto Scaling group, launch template and capacity provider, e.g. \
`sports-cards-prod`; the hosts' role, instance profile and security group are `<name>-hosts`. At \
most 58 characters (IAM role names are limited to 64).",
            )
            .validate(
                op(
                    call(
                        "can",
                        vec![call(
                            "regex",
                            vec![s("^[A-Za-z0-9_-]{1,58}$"), r("var.name")],
                        )],
                    ),
                    Op::And,
                    op(
                        call(
                            "length",
                            vec![call(
                                "regexall",
                                vec![s("^(aws|ecs|fargate)"), call("lower", vec![r("var.name")])],
                            )],
                        ),
                        Op::Eq,
                        n(0),
                    ),
                ),
                "The name must be 1 to 58 letters, digits, hyphens or underscores, and must not \
start with aws, ecs or fargate (reserved for ECS capacity providers).",
            ),
            Var::req("vpc_id", ty::string(), "ID of the VPC the hosts run in."),
            Var::req(
                "private_subnet_ids",
                ty::list_string(),
                "IDs of the private subnets the hosts run in (one per Availability Zone); they need \
a route to ECR, ECS and CloudWatch (NAT gateway or VPC endpoints). The services' tasks use the same \
subnets for their own network interfaces.",
            ),
            Var::opt(
                "ami_id",
                ty::string(),
                "AMI of the hosts; null uses the recommended ECS-optimized Amazon Linux 2023 AMI of \
the region, read from its public SSM parameter at plan time (a newer AMI refreshes the hosts).",
                null(),
            ),
            Var::req(
                "instance_type",
                ty::string(),
                "EC2 instance type of the hosts, e.g. `m6i.large`. Each `awsvpc` task takes one of its \
network interfaces (the host keeps the first), which can limit tasks per host before CPU or memory \
does.",
            ),
            Var::req(
                "asg_min_size",
                ty::number(),
                "Fewest hosts (EC2 instances) in the Auto Scaling group.",
            ),
            Var::req(
                "asg_max_size",
                ty::number(),
                "Most hosts the capacity provider may scale the Auto Scaling group to.",
            ),
            Var::req(
                "asg_desired_capacity",
                ty::number(),
                "Hosts at creation; afterwards the capacity provider's managed scaling owns it and \
Terraform ignores changes.",
            )
            .validate(
                op(
                    op(r("var.asg_min_size"), Op::LessEq, r("var.asg_desired_capacity")),
                    Op::And,
                    op(r("var.asg_desired_capacity"), Op::LessEq, r("var.asg_max_size")),
                ),
                "asg_desired_capacity must lie between asg_min_size and asg_max_size.",
            ),
            alarms::actions_var(),
            Var::opt(
                "tags",
                ty::map_string(),
                "Tags for what provider `default_tags` cannot reach: propagated by the Auto Scaling \
group to the hosts, and set on their root volumes by the launch template.",
                obj::<&str>([]),
            ),
        ],
        outputs: vec![
            Output::new("cluster_name", "Name of the ECS cluster.", r("aws_ecs_cluster.this.name")),
            Output::new("cluster_arn", "ARN of the ECS cluster.", r("aws_ecs_cluster.this.arn")),
            Output::new(
                "capacity_provider_name",
                "Name of the capacity provider the services place their tasks with.",
                h.output("aws_ecs_capacity_provider.this.name"),
            ),
            Output::new(
                "autoscaling_group_name",
                "Name of the Auto Scaling group of the hosts.",
                h.output("aws_autoscaling_group.this.name"),
            ),
            Output::new(
                "host_security_group_id",
                "ID of the hosts' security group (egress only; tasks have their own).",
                h.output("aws_security_group.this.id"),
            ),
            Output::new(
                "host_role_arn",
                "ARN of the hosts' IAM role (the ECS agent and SSM Session Manager).",
                h.output("aws_iam_role.hosts.arn"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    };
    if h.0 {
        launch_vars(&mut module);
    }
    if groups {
        group_vars(&mut module);
    }
    module
}

/// The input and outputs of the services' own hosts: `host_groups` after `asg_desired_capacity`
/// (the shared hosts' sizes); with none and no `ec2_hosts`, `fargate` must hold.
fn group_vars(module: &mut Module) {
    let at = module
        .variables
        .iter()
        .position(|v| v.name == "asg_desired_capacity")
        .map_or(module.variables.len(), |i| i + 1);
    let size = |field: &str| r(&format!("g.{field}"));
    module.variables.insert(
        at,
        Var::opt(
            "host_groups",
            call(
                "map",
                vec![call(
                    "object",
                    vec![obj([
                        ("instance_type", ty::string()),
                        ("asg_min_size", ty::number()),
                        ("asg_max_size", ty::number()),
                        ("asg_desired_capacity", ty::number()),
                        ("tags", call("optional", vec![ty::map_string(), obj::<&str>([])])),
                    ])],
                )],
            ),
            "Hosts of the services that have their own, by service name: each group its own launch \
template, Auto Scaling group and capacity provider named `<name>-<key>` (the same security as the \
shared hosts, whose role, instance profile and security group they share), instance type and sizes \
as the shared hosts' inputs, and `tags` over `tags` (the service's `Service` and `CostCode`) on \
the hosts, their volumes, launch template and capacity provider.",
            obj::<&str>([]),
        )
        .validate(
            call(
                "alltrue",
                vec![for_list(
                    "g",
                    call("values", vec![r("var.host_groups")]),
                    op(
                        op(size("asg_min_size"), Op::LessEq, size("asg_desired_capacity")),
                        Op::And,
                        op(size("asg_desired_capacity"), Op::LessEq, size("asg_max_size")),
                    ),
                )],
            ),
            "Each host group's asg_desired_capacity must lie between its asg_min_size and asg_max_size.",
        ),
    );
    for v in &mut module.variables {
        if v.name == "fargate" {
            v.validations =
                vec![(
                op(
                    op(r("var.fargate"), Op::Or, r("var.ec2_hosts")),
                    Op::Or,
                    op(call("length", vec![r("var.host_groups")]), Op::Greater, n(0)),
                ),
                "A cluster needs somewhere to run tasks: ec2_hosts, host_groups, fargate or more.",
            )];
        }
    }
    module.outputs.extend([
        Output::new(
            "host_group_capacity_providers",
            "Capacity provider of each service's own hosts, by service name.",
            for_map(
                "key",
                "provider",
                r("aws_ecs_capacity_provider.group"),
                r("key"),
                r("provider.name"),
            ),
        ),
        Output::new(
            "host_group_autoscaling_groups",
            "Auto Scaling group of each service's own hosts, by service name.",
            for_map(
                "key",
                "group",
                r("aws_autoscaling_group.group"),
                r("key"),
                r("group.name"),
            ),
        ),
    ]);
}

/// The hosts' role (the ECS agent registers with the cluster and pulls images for it; SSM
/// Session Manager instead of SSH) and its instance profile.
fn instance_role(main: &mut File, h: &Hosts) {
    main.push(
        data("aws_iam_policy_document", "ec2_assume")
            .counted(h.any_count())
            .b(assume_role_statement("ec2.amazonaws.com")),
    );
    main.push(
        resource("aws_iam_role", "hosts")
            .counted(h.any_count())
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-hosts")]))
            .a(
                "description",
                s("ECS hosts: register with the cluster; reachable through SSM Session Manager."),
            )
            .a(
                "assume_role_policy",
                h.r("data.aws_iam_policy_document.ec2_assume.json"),
            ),
    );
    let role = if h.0 { "hosts[0]" } else { "hosts" };
    main.push(
        attachment(
            "hosts_ecs",
            role,
            "service-role/AmazonEC2ContainerServiceforEC2Role",
        )
        .counted(h.any_count()),
    );
    main.push(attachment("hosts_ssm", role, "AmazonSSMManagedInstanceCore").counted(h.any_count()));
    main.push(
        resource("aws_iam_instance_profile", "this")
            .counted(h.any_count())
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-hosts")]))
            .a("role", h.r("aws_iam_role.hosts.name")),
    );
}

/// Whether the module's shared hosts are optional (`ec2_hosts`): then each host resource has a
/// `count` and is referred to as its first instance; and whether it takes `host_groups` (the
/// services' own hosts, which share the role, instance profile and security group).
struct Hosts(bool, bool);

impl Hosts {
    /// `count = var.ec2_hosts ? 1 : 0` when the hosts are optional.
    fn count(&self) -> Option<E> {
        self.0.then(|| cond(r("var.ec2_hosts"), n(1), n(0)))
    }

    /// Whether the module has any host: the shared ones, or with `host_groups` some group.
    fn any(&self) -> E {
        if self.1 {
            r("local.hosts")
        } else {
            r("var.ec2_hosts")
        }
    }

    /// The `count` of what every host needs (role, instance profile, security group).
    fn any_count(&self) -> Option<E> {
        self.0.then(|| cond(self.any(), n(1), n(0)))
    }

    /// `path` (`aws_x.this.attr`, `data.aws_x.this.attr`), at index 0 when the hosts are
    /// optional.
    fn at(&self, path: &str) -> String {
        if !self.0 {
            return path.to_string();
        }
        let skip = if path.starts_with("data.") { 3 } else { 2 };
        let mut parts: Vec<String> = path.split('.').map(String::from).collect();
        parts[skip - 1].push_str("[0]");
        parts.join(".")
    }

    /// [`Hosts::at`] as a reference.
    fn r(&self, path: &str) -> E {
        r(&self.at(path))
    }

    /// An output of a host resource: the value, or null without hosts.
    fn output(&self, path: &str) -> E {
        if !self.0 {
            return r(path);
        }
        let mut parts: Vec<&str> = path.split('.').collect();
        let attr = parts.pop().unwrap_or_default();
        call("one", vec![r(&format!("{}[*].{attr}", parts.join(".")))])
    }
}

/// A group of hosts the module makes: the shared hosts (`this`, counted when optional), or the
/// services' own (`group`, one per `host_groups` entry).
struct Group {
    /// Resource name.
    label: &'static str,
    /// Whether it is the services' own hosts (`for_each = var.host_groups`).
    own: bool,
}

impl Group {
    const SHARED: Group = Group {
        label: "this",
        own: false,
    };
    const OWN: Group = Group {
        label: "group",
        own: true,
    };

    /// The resource `kind` of this group, counted or for each host group.
    fn resource(&self, kind: &str) -> Blk {
        if self.own {
            resource(kind, self.label).a("for_each", r("var.host_groups"))
        } else {
            resource(kind, self.label)
        }
    }

    /// Adds the group's `count` to a shared resource (written after its other arguments).
    fn counted(&self, block: Blk, h: &Hosts) -> Blk {
        if self.own {
            block
        } else {
            block.counted(h.count())
        }
    }

    /// A reference to `attr` of this group's resource `kind`.
    fn r(&self, kind: &str, attr: &str, h: &Hosts) -> E {
        if self.own {
            r(&format!("{kind}.{}[each.key].{attr}", self.label))
        } else {
            h.r(&format!("{kind}.{}.{attr}", self.label))
        }
    }

    /// The name of the group's launch template, Auto Scaling group and capacity provider.
    fn name(&self) -> E {
        if self.own {
            tpl(vec![T::X(r("var.name")), T::L("-"), T::X(r("each.key"))])
        } else {
            r("var.name")
        }
    }

    /// A size or type of the group: `var.<shared>` or `each.value.<own>`.
    fn value(&self, shared: &str, own: &str) -> E {
        if self.own {
            r(&format!("each.value.{own}"))
        } else {
            r(&format!("var.{shared}"))
        }
    }

    /// The tags the group's hosts and volumes carry (a service's own over the module's).
    fn tags(&self) -> E {
        if self.own {
            call("merge", vec![r("var.tags"), r("each.value.tags")])
        } else {
            r("var.tags")
        }
    }
}

/// Launch template, Auto Scaling group with its instance refresh and the capacity provider
/// that scales and protects it, of the shared hosts or of the services' own.
fn hosts(main: &mut File, h: &Hosts, g: &Group) {
    let name_tags = call("merge", vec![g.tags(), obj([("Name", g.name())])]);
    let template = g
        .resource("aws_launch_template")
        .a("name", g.name())
        .a(
            "description",
            s(if g.own {
                "ECS hosts of one service in the cluster of the module's name."
            } else {
                "ECS hosts of the cluster of the same name."
            }),
        )
        .a("image_id", r("local.ami_id"))
        .a("instance_type", g.value("instance_type", "instance_type"))
        .a("vpc_security_group_ids", list([h.r("aws_security_group.this.id")]))
        .a("update_default_version", b(true))
        // The agent joins the cluster and keeps `awsvpc` tasks away from the instance
        // metadata, so no task can take the host's role.
        .a(
            "user_data",
            call(
                "base64encode",
                vec![tpl(vec![
                    T::L("#!/bin/bash\necho ECS_CLUSTER="),
                    T::X(r("aws_ecs_cluster.this.name")),
                    T::L(" >> /etc/ecs/ecs.config\necho ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config\n"),
                ])],
            ),
        )
        .b(blk("iam_instance_profile", &[]).a("arn", h.r("aws_iam_instance_profile.this.arn")))
        // IMDSv2 only, one hop: the agent (host network) reaches it; tasks are blocked by
        // the agent and get their own credentials from the task role endpoint.
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
            .a("tags", name_tags.clone()));
    // A service's own template carries its tags over the provider's default ones.
    let template = if g.own {
        template.a("tags", g.tags())
    } else {
        template
    };
    main.push(g.counted(template, h));
    main.push(
        g.counted(
            g.resource("aws_autoscaling_group")
                .a("name", g.name())
                .a("min_size", g.value("asg_min_size", "asg_min_size"))
                .a("max_size", g.value("asg_max_size", "asg_max_size"))
                .a(
                    "desired_capacity",
                    g.value("asg_desired_capacity", "asg_desired_capacity"),
                )
                .a("vpc_zone_identifier", r("var.private_subnet_ids"))
                .a("health_check_type", s("EC2"))
                .a("default_instance_warmup", n(WARMUP_SECONDS))
                // Managed termination protection: new hosts start protected from scale-in, and ECS
                // lifts the protection only from hosts that run no task.
                .a("protect_from_scale_in", b(true))
                // `destroy` terminates the protected hosts instead of waiting for them forever.
                .a("force_delete", b(true))
                .b(blk("launch_template", &[])
                    .a("id", g.r("aws_launch_template", "id", h))
                    .a("version", g.r("aws_launch_template", "latest_version", h)))
                // A new launch template version (a newer AMI, another instance type) replaces every
                // host: a replacement is launched before a host goes (100-110 % of the group in
                // service), protected hosts are replaced too, each is drained by ECS first (managed
                // draining), and hosts already on the new version are left alone.
                .b(blk("instance_refresh", &[])
                    .a("strategy", s("Rolling"))
                    .b(blk("preferences", &[])
                        .a("min_healthy_percentage", n(100))
                        .a("max_healthy_percentage", n(110))
                        .a("scale_in_protected_instances", s("Refresh"))
                        .a("skip_matching", b(true))))
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
            h,
        ),
    );
    let provider = g
        .resource("aws_ecs_capacity_provider")
        .a("name", g.name())
        .b(blk("auto_scaling_group_provider", &[])
            .a(
                "auto_scaling_group_arn",
                g.r("aws_autoscaling_group", "arn", h),
            )
            .a("managed_termination_protection", s("ENABLED"))
            .a("managed_draining", s("ENABLED"))
            .b(blk("managed_scaling", &[])
                .a("status", s("ENABLED"))
                .a("target_capacity", n(100))
                .a("minimum_scaling_step_size", n(1))
                .a("maximum_scaling_step_size", n(10))
                .a("instance_warmup_period", n(WARMUP_SECONDS))));
    let provider = if g.own {
        provider.a("tags", g.tags())
    } else {
        provider
    };
    main.push(g.counted(provider, h));
}

/// The cluster's capacity providers: the shared hosts' (when there are shared hosts, the
/// default), the services' own, and Fargate's (when some service of the tier runs there).
fn cluster_providers(main: &mut File, h: &Hosts) {
    if h.1 {
        // No default strategy without shared hosts or Fargate: each service on its own hosts
        // names its provider.
        main.push(
            resource("aws_ecs_cluster_capacity_providers", "this")
                .a("cluster_name", r("aws_ecs_cluster.this.name"))
                .a(
                    "capacity_providers",
                    call(
                        "concat",
                        vec![
                            r("aws_ecs_capacity_provider.this[*].name"),
                            for_list(
                                "provider",
                                r("aws_ecs_capacity_provider.group"),
                                r("provider.name"),
                            ),
                            cond(r("var.fargate"), strs([FARGATE, FARGATE_SPOT]), list([])),
                        ],
                    ),
                )
                .b(blk("dynamic", &["default_capacity_provider_strategy"])
                    .a(
                        "for_each",
                        cond(
                            r("var.ec2_hosts"),
                            r("aws_ecs_capacity_provider.this[*].name"),
                            cond(r("var.fargate"), strs([FARGATE]), list([])),
                        ),
                    )
                    .b(blk("content", &[])
                        .a(
                            "capacity_provider",
                            r("default_capacity_provider_strategy.value"),
                        )
                        .a("weight", n(1)))),
        );
        return;
    }
    if h.0 {
        // The hosts' provider (when there are hosts, the default) and Fargate's (when some
        // service of the tier runs there).
        main.push(
            resource("aws_ecs_cluster_capacity_providers", "this")
                .a("cluster_name", r("aws_ecs_cluster.this.name"))
                .a(
                    "capacity_providers",
                    call(
                        "concat",
                        vec![
                            r("aws_ecs_capacity_provider.this[*].name"),
                            cond(r("var.fargate"), strs([FARGATE, FARGATE_SPOT]), list([])),
                        ],
                    ),
                )
                .b(blk("default_capacity_provider_strategy", &[])
                    .a(
                        "capacity_provider",
                        cond(
                            r("var.ec2_hosts"),
                            call("one", vec![r("aws_ecs_capacity_provider.this[*].name")]),
                            s(FARGATE),
                        ),
                    )
                    .a("weight", n(1))),
        );
        return;
    }
    main.push(
        resource("aws_ecs_cluster_capacity_providers", "this")
            .a("cluster_name", r("aws_ecs_cluster.this.name"))
            .a(
                "capacity_providers",
                list([r("aws_ecs_capacity_provider.this.name")]),
            )
            .b(blk("default_capacity_provider_strategy", &[])
                .a(
                    "capacity_provider",
                    r("aws_ecs_capacity_provider.this.name"),
                )
                .a("weight", n(1))),
    );
}

/// Tasks have waited for a host for 15 minutes: the capacity provider needs more hosts than it
/// has (its reservation stays above 100 %) because the group is at its maximum size, or because
/// hosts fail to launch or to join the cluster.
fn capacity_alarm(h: &Hosts, g: &Group) -> Blk {
    let alarm = Alarm {
        name: if g.own { "group_capacity" } else { "capacity" },
        suffix: naming::HOST_GROUP_ALARM.suffix,
        what: if g.own {
            "Tasks have waited for one of the service's own ECS hosts for 15 minutes: its Auto \
Scaling group is at its maximum size (raise the service's asg_max for the tier), or new hosts fail \
to launch or to join the cluster (see the group's activity)."
        } else {
            "Tasks have waited for an ECS host for 15 minutes: the Auto Scaling group is at its \
maximum size (raise the tier's asg_max), or new hosts fail to launch or to join the cluster (see \
the group's activity)."
        },
        namespace: "AWS/ECS/ManagedScaling",
        metric: "CapacityProviderReservation",
        statistic: "Minimum",
        period: 60,
        periods: CAPACITY_ALARM_MINUTES,
        comparison: "GreaterThanThreshold",
        threshold: n(100),
        dimensions: vec![
            (
                "CapacityProviderName",
                g.r("aws_ecs_capacity_provider", "name", h),
            ),
            ("ClusterName", r("aws_ecs_cluster.this.name")),
        ],
    };
    if g.own {
        alarm.block_named(tpl(vec![
            T::X(r("var.name")),
            T::L("-"),
            T::X(r("each.key")),
            T::L(naming::HOST_GROUP_ALARM.suffix),
        ]))
    } else {
        alarm.block("var.name")
    }
}

/// The README paragraph of the module when its hosts are optional.
const FARGATE_DESCRIPTION: &str = "The ECS cluster of a tier in a region, where its services run \
on EC2 hosts, on AWS Fargate, or both: a cluster with Container Insights; with `ec2_hosts`, \
ECS-optimized Amazon Linux 2023 hosts (IMDSv2 required and out of the tasks' reach, encrypted gp3 \
root volume, no inbound traffic, reachable through SSM Session Manager) in an Auto Scaling group \
across the private subnets, a capacity provider (then the cluster's default) whose managed scaling \
fits the group to the tasks, whose managed termination protection keeps hosts that run tasks and \
whose managed draining moves tasks off a host before it goes, an instance refresh that replaces \
every host, one launched before one drained, whenever the launch template changes, and an alarm \
when tasks wait for hosts; with `fargate`, the `FARGATE` and `FARGATE_SPOT` capacity providers \
(the default when there are no hosts). A cluster without `ec2_hosts` has no instance, launch \
template, Auto Scaling group or host role at all. Services join it with the `awsvpc` network mode \
(one network interface and security group per task).";

/// The inputs of the module when its hosts are optional: `ec2_hosts` and `fargate` after
/// `private_subnet_ids`; the hosts' settings only needed with `ec2_hosts`.
fn launch_vars(module: &mut Module) {
    module.description = FARGATE_DESCRIPTION;
    for v in &mut module.variables {
        match v.name {
            "instance_type" => {
                v.default = Some(null());
                v.description = "With `ec2_hosts`: EC2 instance type of the hosts, e.g. \
`m6i.large`. Each `awsvpc` task takes one of its network interfaces (the host keeps the first), \
which can limit tasks per host before CPU or memory does.";
                v.validations.push((
                    op(
                        op(r("var.instance_type"), Op::NotEq, null()),
                        Op::Or,
                        op(r("var.ec2_hosts"), Op::Eq, b(false)),
                    ),
                    "instance_type is required with ec2_hosts.",
                ));
            }
            "asg_min_size" | "asg_max_size" | "asg_desired_capacity" => {
                v.default = Some(n(0));
            }
            _ => {}
        }
    }
    let at = module
        .variables
        .iter()
        .position(|v| v.name == "private_subnet_ids")
        .map_or(module.variables.len(), |i| i + 1);
    module.variables.splice(
        at..at,
        [
            Var::opt(
                "ec2_hosts",
                ty::bool(),
                "Whether the cluster has EC2 hosts (Auto Scaling group, launch template, capacity \
provider, capacity alarm): some service runs with the EC2 launch type. False when every service \
runs on Fargate.",
                b(true),
            ),
            Var::opt(
                "fargate",
                ty::bool(),
                "Whether the cluster offers the `FARGATE` and `FARGATE_SPOT` capacity providers: \
some service runs on Fargate.",
                b(false),
            )
            .validate(
                op(r("var.fargate"), Op::Or, r("var.ec2_hosts")),
                "A cluster needs somewhere to run tasks: ec2_hosts, fargate or both.",
            ),
        ],
    );
}
