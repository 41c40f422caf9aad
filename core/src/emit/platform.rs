//! Platform roots: one per tier and region that runs containers (`platform/<region>/<tier>/`),
//! holding the ECS cluster every API and worker of that tier and region runs in
//! (`modules/ecs-cluster`), its alarm topic and the key that encrypts it. The service roots
//! name the cluster and capacity provider by the plan's names, so they are applied after this
//! root and never read its state.

use super::hcl::*;
use super::module::ty;
use super::root::{alarm_topic, kms_key, root_files};
use super::root_parts::var;
use super::Content;
use crate::design::Design;
use crate::kinds;
use crate::plan::root::{alarm_emails, network, tags};
use crate::plan::Platform;
use crate::plan::{PLATFORM_COST_CODE as COST_CODE_TAG, PLATFORM_SERVICE_TAG as SERVICE_TAG};

/// Relative path from a platform root to the bundle's top folder.
const UP: &str = "../../..";

/// The root variables and outputs of the shared hosts, which a platform without them (every
/// container service of the tier on Fargate or on hosts of its own) leaves out.
const HOST_VARS: &[&str] = &[
    "instance_type",
    "asg_min_size",
    "asg_max_size",
    "asg_desired_capacity",
];
const HOST_OUTPUTS: &[&str] = &["capacity_provider_name", "autoscaling_group_name"];

/// The root variable and output of any host (the capacity alarms' topic), which a platform
/// without hosts at all (every container service of the tier on Fargate) leaves out.
const ALARM_VAR: &str = "alarm_emails";
const ALARM_OUTPUT: &str = "alarm_topic_arn";

/// The type of the root's `host_groups`: the sizes of each service's own hosts.
fn host_groups_type() -> E {
    call(
        "map",
        vec![call(
            "object",
            vec![obj([
                ("instance_type", ty::string()),
                ("asg_min_size", ty::number()),
                ("asg_max_size", ty::number()),
                ("asg_desired_capacity", ty::number()),
            ])],
        )],
    )
}

/// All files of a platform root, as (path inside the bundle, contents).
pub fn files(design: &Design, p: &Platform) -> Vec<(String, Content)> {
    let tier = &design.tiers[p.tier];
    let c = &tier.compute;
    let num = |v: u32| n(v.into());
    let mut vars = vec![
        var(
            "aws_region",
            ty::string(),
            "AWS region of this platform.",
            s(p.region.as_str()),
        ),
        var(
            "environment",
            ty::string(),
            "Tier name, used in the Environment tag.",
            s(tier.name.as_str()),
        ),
        var(
            "instance_type",
            ty::string(),
            "EC2 instance type of the ECS hosts.",
            s(c.instance_type.as_str()),
        ),
        var(
            "asg_min_size",
            ty::number(),
            "Minimum number of ECS hosts.",
            num(c.asg_min),
        ),
        var(
            "asg_max_size",
            ty::number(),
            "Maximum number of ECS hosts.",
            num(c.asg_max),
        ),
        var(
            "asg_desired_capacity",
            ty::number(),
            "Initial number of ECS hosts (managed scaling owns it afterwards).",
            num(c.asg_desired),
        ),
        alarm_emails(tier),
    ];
    let groups = !p.host_groups.is_empty();
    let any_hosts = p.ec2_hosts || groups;
    if !p.ec2_hosts {
        // No shared hosts: the tier's host settings mean nothing here.
        vars.retain(|v| !HOST_VARS.contains(&v.name));
    }
    if !any_hosts {
        // No hosts at all: no capacity alarm to mail.
        vars.retain(|v| v.name != ALARM_VAR);
    }
    if groups {
        let at = vars.len() - usize::from(any_hosts);
        vars.insert(
            at,
            var(
                "host_groups",
                host_groups_type(),
                "EC2 instance type and Auto Scaling group sizes of each service's own ECS hosts, by \
service name (`services[].capacity.<tier>`).",
                obj(p.host_groups.iter().map(|g| {
                    (
                        g.key.as_str(),
                        obj([
                            ("instance_type", s(g.hosts.instance_type.as_str())),
                            ("asg_min_size", num(g.hosts.asg_min)),
                            ("asg_max_size", num(g.hosts.asg_max)),
                            ("asg_desired_capacity", num(g.hosts.asg_desired)),
                        ]),
                    )
                })),
            ),
        );
    }

    let mut main = File::new();
    let (locals, lookups) = network(design, tier, &p.region, false);
    let mut l = blk("locals", &[]).a("name", s(p.name.as_str())).a(
        "permissions_boundary_arn",
        super::modules::iam::permissions_boundary_arn(),
    );
    for (k, v) in locals {
        l = l.a(k, v);
    }
    l = l.a(
        "tags",
        tags(design, SERVICE_TAG, r("var.environment"), s(COST_CODE_TAG)),
    );
    if groups {
        // Each service's own hosts carry its tags (its cost code in the tier), not the
        // platform's.
        l = l.a(
            "host_group_tags",
            obj(p.host_groups.iter().map(|g| {
                (
                    g.key.as_str(),
                    obj([
                        ("Service", s(g.key.as_str())),
                        ("CostCode", s(g.cost_code.as_str())),
                    ]),
                )
            })),
        );
    }
    main.push(l);
    for block in lookups {
        main.push(block);
    }
    if any_hosts {
        for block in kms_key(false, true, "Alarm topic of the ECS platform ") {
            main.push(block);
        }
        for block in alarm_topic() {
            main.push(block);
        }
    } else {
        // No hosts, so no capacity alarm, topic or key: only the permissions boundary's
        // partition.
        main.push(data("aws_partition", "current"));
    }
    let mut cluster = blk("module", &["cluster"])
        .a("source", s(format!("{UP}/modules/ecs-cluster")))
        .a("name", s(p.cluster_name.as_str()))
        .a(
            "permissions_boundary_arn",
            r("local.permissions_boundary_arn"),
        )
        .a("vpc_id", r("local.vpc_id"))
        .a("private_subnet_ids", r("local.private_subnet_ids"));
    // The module takes a launch type only when some service of the design runs on Fargate
    // (then every service does so in every tier and region: `Plan::fargate`), and its shared
    // hosts are optional then or when some service has hosts of its own (`Plan::host_groups`).
    if !p.ec2_hosts {
        cluster = cluster.a("ec2_hosts", b(false));
    }
    if p.fargate {
        cluster = cluster.a("fargate", b(true));
    }
    if p.ec2_hosts {
        cluster = cluster
            .a("instance_type", r("var.instance_type"))
            .a("asg_min_size", r("var.asg_min_size"))
            .a("asg_max_size", r("var.asg_max_size"))
            .a("asg_desired_capacity", r("var.asg_desired_capacity"));
    }
    if groups {
        cluster = cluster.a(
            "host_groups",
            for_map(
                "service",
                "hosts",
                r("var.host_groups"),
                r("service"),
                call(
                    "merge",
                    vec![
                        r("hosts"),
                        obj([("tags", r("local.host_group_tags[service]"))]),
                    ],
                ),
            ),
        );
    }
    if any_hosts {
        cluster = cluster.a("alarm_actions", list([r("aws_sns_topic.alarms.arn")]));
    }
    main.push(cluster.a("tags", r("local.tags")));

    let mut outputs = File::new();
    for (name, description, value) in [
        (
            "cluster_name",
            "ECS cluster of the tier's APIs and workers in this region.",
            "module.cluster.cluster_name",
        ),
        (
            "capacity_provider_name",
            "Capacity provider the services place their tasks with.",
            "module.cluster.capacity_provider_name",
        ),
        (
            "autoscaling_group_name",
            "Auto Scaling group of the ECS hosts.",
            "module.cluster.autoscaling_group_name",
        ),
        (
            "host_group_capacity_providers",
            "Capacity provider of each service's own hosts, by service name.",
            "module.cluster.host_group_capacity_providers",
        ),
        (
            "host_group_autoscaling_groups",
            "Auto Scaling group of each service's own hosts, by service name.",
            "module.cluster.host_group_autoscaling_groups",
        ),
        (
            "alarm_topic_arn",
            "SNS topic the capacity alarm notifies (subscribe more endpoints to it).",
            "aws_sns_topic.alarms.arn",
        ),
    ] {
        if !p.ec2_hosts && HOST_OUTPUTS.contains(&name)
            || !any_hosts && name == ALARM_OUTPUT
            || !groups && name.starts_with("host_group_")
        {
            continue;
        }
        outputs.push(
            blk("output", &[name])
                .a("description", s(description))
                .a("value", r(value)),
        );
    }

    let mut files = root_files(
        &p.dir,
        [&p.state_bucket, &p.state_key, &p.region, &design.project],
        main,
        outputs,
        &vars,
    );
    files.push((format!("{}/README.md", p.dir), readme(design, p).into()));
    files
}

fn readme(design: &Design, p: &Platform) -> String {
    if !p.ec2_hosts && p.host_groups.is_empty() {
        return fargate_readme(design, p);
    }
    let mut text = if p.ec2_hosts {
        hosts_readme(design, p)
    } else {
        own_hosts_readme(design, p)
    };
    if !p.host_groups.is_empty() {
        text.push_str(&format!(
            "\n## Services' own hosts\n\n{}",
            groups_section(design, p)
        ));
    }
    if p.fargate {
        text.push_str(&format!("\n## Fargate\n\n{}\n", fargate_line(design, p)));
    }
    text
}

/// The services of the platform's tier that run on Fargate, and the capacity providers they use.
fn fargate_line(design: &Design, p: &Platform) -> String {
    let services: Vec<String> = design
        .services
        .iter()
        .filter(|s| kinds::on_fargate(s))
        .map(|s| format!("`{}`", s.name))
        .collect();
    let spot = if p.fargate_spot {
        "the tier runs them on `FARGATE_SPOT` (`compute.fargate_spot`): each service's first task \
on `FARGATE`, on demand, and beyond it three of every four tasks on `FARGATE_SPOT`, which AWS may \
reclaim with two minutes' warning (ECS then starts a replacement)"
    } else {
        "they run on `FARGATE`, on demand"
    };
    format!(
        "The cluster also offers the `FARGATE` and `FARGATE_SPOT` capacity providers to the \
services that run on Fargate ({}): {spot}. Fargate tasks need no host; each has the task size \
of its container.",
        services.join(", ")
    )
}

/// Which host each EC2 service of the platform runs on: the services with their own (each a
/// line with its group), then those on the shared hosts.
fn groups_section(design: &Design, p: &Platform) -> String {
    let mut text = String::new();
    for g in &p.host_groups {
        let h = &g.hosts;
        text.push_str(&format!(
            "- `{service}` (`services[].capacity.{tier}`): `{instance}` instances, {min} to {max} \
({desired} at creation), in its own Auto Scaling group, launch template and capacity provider \
`{name}`, with the alarm `{alarm}`; tagged `Service = {service}`, `CostCode = {code}`.\n",
            service = g.key,
            tier = design.tiers[p.tier].name,
            instance = h.instance_type,
            min = h.asg_min,
            max = h.asg_max,
            desired = h.asg_desired,
            name = g.name,
            alarm = crate::plan::naming::HOST_GROUP_ALARM.of(&g.name),
            code = g.cost_code,
        ));
    }
    let shared: Vec<String> = design
        .services
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            kinds::runs_containers(s)
                && !kinds::on_fargate(s)
                && !p.host_groups.iter().any(|g| g.service == *i)
        })
        .map(|(_, s)| format!("`{}`", s.name))
        .collect();
    if !shared.is_empty() {
        text.push_str(&format!(
            "- On the shared hosts (`{}`): {}.\n",
            p.capacity_provider,
            shared.join(", ")
        ));
    }
    text.push_str(
        "\nEach service's own hosts are built like the shared ones (the same AMI, IMDSv2, \
encrypted root volume, role, instance profile and security group, managed scaling, termination \
protection and draining, instance refresh and capacity alarm to the same topic); the service's \
tasks are placed only on them (its capacity provider strategy). Their sizes are `host_groups` in \
`terraform.tfvars`.\n",
    );
    text
}

/// The README of a platform whose EC2 services all have hosts of their own: no shared hosts.
fn own_hosts_readme(design: &Design, p: &Platform) -> String {
    let tier = &design.tiers[p.tier];
    format!(
        "# ECS platform — {tier} in {region}{dr}\n\n\
The ECS cluster `{cluster}` that every API and worker of the `{tier}` tier in {region} runs in. \
Each service on EC2 has hosts of its own here, so the cluster keeps no shared Auto Scaling group.\n\n\
## What this root deploys\n\n\
- `modules/ecs-cluster` with `ec2_hosts = false` and `host_groups`: the cluster (Container \
Insights); the hosts' role, instance profile and security group (egress only), shared by the \
services' groups; per service a launch template (the ECS-optimized Amazon Linux 2023 AMI from SSM, \
IMDSv2 required, encrypted gp3 root volume, tasks kept away from the instance metadata), an Auto \
Scaling group, a capacity provider with managed scaling, termination protection and draining, an \
instance refresh whenever its launch template changes, and a capacity alarm that notifies the SNS \
topic `{cluster}-alarms` (encrypted with this root's KMS key), which mails the tier's \
`alarms.notify_emails`.\n\n\
Tags: `Service = {service_tag}`, `CostCode = {cost_tag}`, except each service's hosts (below).\n\n\
State: `s3://{bucket}/{key}`.\n\n\
## Apply\n\n\
Before any service root of this tier and region (`environments/*/{region}/{tier}/`): they run \
their tasks in this cluster.\n\n\
```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
Host settings are in `terraform.tfvars`. To destroy, destroy the service roots of the tier and \
region first.\n",
        tier = tier.name,
        region = p.region,
        dr = if p.dr { " (disaster recovery)" } else { "" },
        cluster = p.cluster_name,
        service_tag = SERVICE_TAG,
        cost_tag = COST_CODE_TAG,
        bucket = p.state_bucket,
        key = p.state_key,
    )
}

/// The README of a platform whose container services all run on Fargate: no hosts.
fn fargate_readme(design: &Design, p: &Platform) -> String {
    let tier = &design.tiers[p.tier];
    format!(
        "# ECS platform — {tier} in {region}{dr}\n\n\
The ECS cluster `{cluster}` that every API and worker of the `{tier}` tier in {region} runs in. \
Every one of them runs on AWS Fargate, so the cluster has no EC2 hosts: no Auto Scaling group, \
launch template, host role or capacity alarm.\n\n\
## What this root deploys\n\n\
- `modules/ecs-cluster` with `ec2_hosts = false`: the cluster (Container Insights) and its \
capacity providers `FARGATE` and `FARGATE_SPOT` (`FARGATE` the default).\n\n\
{line}\n\n\
Tags: `Service = {service_tag}`, `CostCode = {cost_tag}`.\n\n\
State: `s3://{bucket}/{key}`.\n\n\
## Apply\n\n\
Before any service root of this tier and region (`environments/*/{region}/{tier}/`): they run \
their tasks in this cluster.\n\n\
```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
To destroy, destroy the service roots of the tier and region first.\n",
        tier = tier.name,
        region = p.region,
        dr = if p.dr { " (disaster recovery)" } else { "" },
        cluster = p.cluster_name,
        line = fargate_line(design, p),
        service_tag = SERVICE_TAG,
        cost_tag = COST_CODE_TAG,
        bucket = p.state_bucket,
        key = p.state_key,
    )
}

/// The README of a platform with EC2 hosts.
fn hosts_readme(design: &Design, p: &Platform) -> String {
    let tier = &design.tiers[p.tier];
    let c = &tier.compute;
    let services: Vec<String> = design
        .services
        .iter()
        .filter(|s| kinds::runs_containers(s))
        .map(|s| format!("`{}`", s.name))
        .collect();
    format!(
        "# ECS platform — {tier} in {region}{dr}\n\n\
The ECS cluster `{cluster}` that every API and worker of the `{tier}` tier in {region} runs in \
({services}), and its hosts: `{instance}` instances, {min} to {max} ({desired} at creation), in an \
Auto Scaling group across the private subnets.\n\n\
## What this root deploys\n\n\
- `modules/ecs-cluster`: the cluster (Container Insights); the launch template (the \
ECS-optimized Amazon Linux 2023 AMI from SSM, IMDSv2 required, encrypted gp3 root volume, tasks \
kept away from the instance metadata); the hosts' role, instance profile and security group \
(egress only); the Auto Scaling group; the capacity provider `{provider}`, the cluster's default: \
managed scaling fits the hosts to the tasks (CPU, memory and network interfaces), managed \
termination protection keeps hosts that run tasks, managed draining moves tasks off a host before \
it goes.\n\
- An instance refresh whenever the launch template changes (a newer AMI on a later plan, another \
instance type): one replacement launched before each host is drained and terminated.\n\
- The alarm `{cluster}-capacity`: tasks have waited 15 minutes for a host (the group is at its \
maximum, or hosts fail to launch). It notifies the SNS topic `{cluster}-alarms` (encrypted with \
this root's KMS key), which mails the tier's `alarms.notify_emails`.\n\n\
Tags: `Service = {service_tag}`, `CostCode = {cost_tag}` (the hosts are shared; see NOTES.md for \
how their cost is split by the services' own tags).\n\n\
State: `s3://{bucket}/{key}`.\n\n\
## Apply\n\n\
Before any service root of this tier and region (`environments/*/{region}/{tier}/`): they run \
their tasks in this cluster.\n\n\
```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
Host settings are in `terraform.tfvars`. To destroy, destroy the service roots of the tier and \
region first.\n",
        tier = tier.name,
        region = p.region,
        dr = if p.dr { " (disaster recovery)" } else { "" },
        cluster = p.cluster_name,
        provider = p.capacity_provider,
        services = services.join(", "),
        instance = c.instance_type,
        min = c.asg_min,
        max = c.asg_max,
        desired = c.asg_desired,
        service_tag = SERVICE_TAG,
        cost_tag = COST_CODE_TAG,
        bucket = p.state_bucket,
        key = p.state_key,
    )
}
