//! What each root of the bundle pays for: the priced resources the emitters create, counted
//! from the design and the plan the same way the emitters decide them.

use super::lines::{line, Lines, Root};
use super::{Kind, PriceTable, Quantity, RootEstimate, Usage};
use super::{HOURS_PER_MONTH, NO_TIER, PLATFORM, STATE_BACKEND};
use crate::design::{Design, Service};
use crate::kinds;
use crate::plan::security::Choices;
use crate::plan::{Deployment, Plan, Platform};
use std::collections::BTreeMap;

/// The root volume of every ECS host (`modules/ecs-cluster`, launch template), in GiB.
pub const HOST_VOLUME_GB: u64 = 30;
/// The CloudWatch metrics EC2 detailed monitoring adds per instance (the hosts turn it on).
pub const DETAILED_MONITORING_METRICS: u64 = 7;
const DETAILED_MONITORING_RULE: &str = "EC2 detailed monitoring: 7 CloudWatch metrics per instance";

/// Whether a service root has the alarm topic: the emitters' rule, [`kinds::has_alarms`].
fn has_alarm_topic(service: &Service) -> bool {
    kinds::has_alarms(service)
}

/// Every root's estimate: deployments (plan order), platforms, state backends.
pub fn roots(
    design: &Design,
    plan: &Plan,
    table: &PriceTable,
    usage: &Usage,
    service_usage: &BTreeMap<String, Usage>,
) -> Vec<RootEstimate> {
    let mut out: Vec<RootEstimate> = plan
        .deployments
        .iter()
        .map(|d| {
            let name = &design.services[d.service].name;
            let usage = service_usage.get(name).unwrap_or(usage);
            deployment(design, &plan.security, d, table, usage)
        })
        .collect();
    out.extend(
        plan.platforms
            .iter()
            .map(|p| platform(design, p, table, usage)),
    );
    for region in design.backend.regions.keys() {
        out.push(backend(design, &plan.security, region, table, usage));
    }
    out
}

fn deployment(
    design: &Design,
    choices: &Choices,
    d: &Deployment,
    table: &PriceTable,
    usage: &Usage,
) -> RootEstimate {
    let service = &design.services[d.service];
    let tier = &design.tiers[d.tier];
    let security = design.security.tier(&tier.name);
    let root = Root {
        service,
        tier,
        security: &security,
        usage,
        region: &d.region,
        primary_region: &d.primary_region,
        capacity: &d.capacity,
        replica_of_primary: d.replica_of_primary,
        db_replicated_to: d
            .db_replicated_to
            .as_ref()
            .map(|(region, _)| region.as_str()),
        own_access_logs: choices.access_log_bucket(&d.region).is_none(),
        log_archive: choices.log_archive(&d.region).map(|(to, _)| to),
    };
    let mut l = Lines::new(table, &d.region);

    l.kms(usage, "aws_kms_key.this");
    if has_alarm_topic(service) {
        l.topic(usage, tier.alarms.notify_emails.len());
    }
    // Each building block's own lines, in a fixed order: by `Build::cost_rank`, then `ALL`'s.
    let mut order: Vec<&dyn kinds::Build> = kinds::BUILD.to_vec();
    order.sort_by_key(|k| k.cost_rank());
    for kind in order {
        kind.cost(&mut l, &root);
    }
    l.counted(usage);
    l.finish(d.dir.clone(), &service.name, &tier.name, d.dr)
}

fn platform(design: &Design, p: &Platform, table: &PriceTable, usage: &Usage) -> RootEstimate {
    let tier = &design.tiers[p.tier];
    let c = &tier.compute;
    let mut l = Lines::new(table, &p.region);
    if !p.ec2_hosts && p.host_groups.is_empty() {
        // Every container service of the tier runs on Fargate: no hosts, no capacity alarm,
        // no alarm topic or key (the tasks are in the service roots' estimates).
        insights(&mut l);
        return l.finish(p.dir.clone(), PLATFORM, &tier.name, p.dr);
    }
    if p.ec2_hosts {
        let shared = crate::plan::capacity::Hosts {
            instance_type: c.instance_type.clone(),
            asg_min: c.asg_min,
            asg_max: c.asg_max,
            asg_desired: c.asg_desired,
        };
        host_lines(&mut l, &shared, None);
    }
    // Each service's own hosts, under its name (they carry its cost code).
    for g in &p.host_groups {
        host_lines(&mut l, &g.hosts, Some(&g.key));
    }
    insights(&mut l);
    l.kms(usage, "aws_kms_key.this");
    l.topic(usage, tier.alarms.notify_emails.len());
    let groups = p.host_groups.len() as u64;
    if groups == 0 {
        l.alarms(1, "1: the cluster's capacity".into());
        l.target_tracking_alarms(1, "ECS managed scaling of the hosts");
    } else {
        let shared = u64::from(p.ec2_hosts);
        let what = if p.ec2_hosts {
            "the shared hosts and each service's own hosts"
        } else {
            "each service's own hosts"
        };
        l.alarms(
            shared + groups,
            format!("{}: the capacity of {what}", shared + groups),
        );
        l.target_tracking_alarms(shared + groups, &format!("ECS managed scaling of {what}"));
    }
    l.finish(p.dir.clone(), PLATFORM, &tier.name, p.dr)
}

/// The hosts of one Auto Scaling group: the shared hosts (`service` none) or a service's own.
fn host_lines(l: &mut Lines, h: &crate::plan::capacity::Hosts, service: Option<&str>) {
    let hosts = u64::from(h.asg_desired);
    let (of, at) = match service {
        None => (String::new(), "this".to_string()),
        Some(name) => (format!(" of service {name}"), format!("group[\"{name}\"]")),
    };
    let scaling = format!(
        "{hosts} host(s) at desired capacity (min {}, max {}; ECS managed scaling moves it)",
        h.asg_min, h.asg_max
    );
    let group = format!("module.cluster.aws_autoscaling_group.{at}");
    let template = format!("module.cluster.aws_launch_template.{at}");
    l.add(
        line(
            Kind::Fixed,
            format!("EC2 hosts{of} ({})", h.instance_type),
            &group,
            format!("ec2:{}", h.instance_type),
            "hour",
            Quantity::whole(hosts * HOURS_PER_MONTH),
        )
        .note(format!("{scaling} × {HOURS_PER_MONTH} h")),
    );
    l.add(
        line(
            Kind::Fixed,
            format!("EBS gp3 root volumes{of}"),
            &template,
            "ebs:gp3",
            "gb-month",
            Quantity::whole(hosts * HOST_VOLUME_GB),
        )
        .note(format!("{hosts} × {HOST_VOLUME_GB} GiB")),
    );
    l.add(
        line(
            Kind::Fixed,
            format!("EC2 detailed monitoring{of}"),
            &template,
            "ec2:detailed-monitoring-metric",
            "month",
            Quantity::whole(hosts * DETAILED_MONITORING_METRICS),
        )
        .derived(DETAILED_MONITORING_RULE)
        .note(format!("{hosts} × {DETAILED_MONITORING_METRICS} metrics")),
    );
}

/// The cluster's Container Insights, which the table has no price for.
fn insights(l: &mut Lines) {
    l.missing(
        Kind::Usage,
        "ECS Container Insights",
        "module.cluster.aws_ecs_cluster.this",
        "cloudwatch:container-insights",
        "cluster",
        "Container Insights metrics are not in the table",
    );
}

/// The Fargate tasks of a container of a service on Fargate: the price table has no Fargate
/// rows, so a "no price" line (never zero, never a guess) that says what runs.
fn backend(
    design: &Design,
    choices: &Choices,
    region: &str,
    table: &PriceTable,
    usage: &Usage,
) -> RootEstimate {
    let mut l = Lines::new(table, region);
    l.kms(usage, "aws_kms_key (state key)");
    // The state bucket, and its access-log bucket unless the design names existing ones.
    if choices.own_access_log_buckets() {
        l.buckets(
            usage,
            "aws_s3_bucket (state, state logs)",
            2,
            "state and its access logs",
        );
    } else {
        l.buckets(usage, "aws_s3_bucket (state)", 1, "state");
    }
    // The state buckets replicate when the design has a DR region: the primary region's to
    // every other backend region, the others to the primary's (emit/bootstrap.rs).
    let destinations = choices
        .has_dr()
        .then(|| crate::emit::bootstrap::replication_destinations(design, region))
        .flatten();
    if let Some(destinations) = destinations {
        for to in destinations {
            l.replication(
                usage,
                "State replication",
                "aws_s3_bucket_replication_configuration",
                to,
            );
        }
    }
    l.finish(
        format!("backend-bootstrap ({region})"),
        STATE_BACKEND,
        NO_TIER,
        false,
    )
}
