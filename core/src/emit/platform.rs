//! Platform roots: one per tier and region that runs containers (`platform/<region>/<tier>/`),
//! holding the ECS cluster every API and worker of that tier and region runs in
//! (`modules/ecs-cluster`), its alarm topic and the key that encrypts it. The service roots
//! name the cluster and capacity provider by the plan's names, so they are applied after this
//! root and never read its state.

use super::hcl::*;
use super::root::{alarm_topic, kms_key, locals_block, outputs_file, root_files};
use super::Content;
use crate::design::Design;
use crate::kinds;
use crate::plan::root::PlatformRoot;
use crate::plan::{self, Platform};
use crate::plan::{PLATFORM_COST_CODE as COST_CODE_TAG, PLATFORM_SERVICE_TAG as SERVICE_TAG};

/// All files of a platform root, as (path inside the bundle, contents): its plan
/// ([`plan::root::platform`]) written out.
pub fn files(design: &Design, p: &Platform) -> Vec<(String, Content)> {
    let PlatformRoot {
        locals,
        lookups,
        alarms,
        module_calls,
        variables,
        outputs,
        ..
    } = plan::root::platform(design, p);
    let mut main = File::new();
    main.push(locals_block(locals));
    for block in lookups {
        main.push(block);
    }
    if alarms {
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
    main.extend(module_calls);
    let mut files = root_files(
        &p.dir,
        [&p.state_bucket, &p.state_key, &p.region, &design.project],
        main,
        outputs_file(outputs),
        &variables,
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
