//! The HTTP API on ECS behind an Application Load Balancer: whether a service has it, and what
//! it adds to its deployment roots (module call, root variables, database caller, outputs).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{command, key, topic, var, Output, RootVar, UP};
use crate::field_rules;
use crate::plan::naming;

/// The API's load balancer, from its short name ([`naming::short_name`]).
pub const ALB: naming::Composed = naming::Composed {
    what: "load balancer name",
    prefix: "",
    suffix: "-alb",
    max: 32,
};

/// The API's target group, from its short name ([`naming::short_name`]).
pub const TARGET_GROUP: naming::Composed = naming::Composed {
    what: "target group name",
    prefix: "",
    suffix: "-tg",
    max: 32,
};

/// The HTTP API on ECS behind an Application Load Balancer.
pub struct Api;

/// The AWS managed rule groups of every web ACL (`modules/ecs-api`).
pub const WAF_MANAGED_RULE_GROUPS: u64 = 4;
/// Alarms of an API (`modules/ecs-api`): CPU high and low, load balancer 5xx, target 5xx,
/// unhealthy targets, running tasks.
pub const API_ALARMS: u64 = 6;

impl Kind for Api {
    fn numbers(&self, base: &str, service: &Service) -> Vec<Number> {
        let Some(api) = &service.api else {
            return Vec::new();
        };
        let p = format!("{base}/api");
        vec![
            (format!("{p}/port"), "Container", "port", api.port),
            (format!("{p}/cpu"), "Container", "cpu", api.cpu),
            (format!("{p}/memory"), "Container", "memory", api.memory),
        ]
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn present(&self, service: &Service) -> bool {
        service.api.is_some()
    }

    fn field(&self) -> &'static str {
        "api"
    }

    fn label(&self) -> &'static str {
        "API"
    }

    fn a(&self) -> &'static str {
        "an API"
    }

    fn single(&self) -> bool {
        true
    }

    fn first_field(&self, _number: usize) -> String {
        "/api/image".to_owned()
    }

    /// The placeholder writes only to /tmp, writable by default beside the read-only root
    /// filesystem.
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        design.services.get_mut(index)?.api = Some(crate::presets::placeholder_api(8080, 256, 512));
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.api = None;
        }
    }

    fn what(&self, _service: &Service, _number: usize) -> Option<String> {
        Some("the API".to_owned())
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 221,
            saturation: 100,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::EcsApi, ModuleName::EcsCluster]
    }

    /// Its ECS execution role and log group; its load balancer and target group, from the
    /// short name (the plan shortens the root's name to fit).
    fn names(&self, _service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let short = naming::short_name(root, naming::SHORT_NAME_MAX);
        vec![
            Name::new("name", naming::ECS_EXEC_ROLE, root),
            Name::new("name", ALB, &short),
            Name::new("name", TARGET_GROUP, &short),
            Name::new("name", naming::ECS_LOG_GROUP, root),
        ]
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "api",
            tint: self.tint(),
            label: format!("API{}", super::launch::on(service)),
        })
    }

    /// The load balancer in front of the API, and the API's arrow to the database.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let mut out = vec![
            Layout::node(
                COL[0],
                40,
                BW,
                "alb",
                "Load balancer".into(),
                "/api/port".into(),
            ),
            Layout::edge((COL[0] + BW, 60), (COL[1], 60)),
            Layout::node(
                COL[1],
                40,
                BW,
                "api",
                format!("API ({})", super::launch::runs_on(layout.service)),
                "/api/image".into(),
            ),
        ];
        if super::Database.present(layout.service) {
            out.push(Layout::edge((COL[1] + BW, 60), (COL[2], 60)));
        }
        out
    }
}

impl Build for Api {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        let (usage, waf) = (root.usage, root.security.waf);
        l.add(
            cost::line(
                cost::Kind::Fixed,
                "Application Load Balancer",
                "module.api.aws_lb.this",
                "alb:hour",
                "hour",
                cost::Quantity::whole(cost::HOURS_PER_MONTH),
            )
            .note(format!("1 load balancer × {} h", cost::HOURS_PER_MONTH)),
        );
        l.add(
            cost::line(
                cost::Kind::Usage,
                "Application Load Balancer capacity units",
                "module.api.aws_lb.this",
                "alb:lcu-hour",
                "hour",
                cost::Quantity::whole(usage.alb_lcu_hours),
            )
            .note(cost::usage_note(
                "alb_lcu_hours",
                usage.alb_lcu_hours,
                "LCU-hours per load balancer",
            )),
        );
        if waf {
            l.waf(
                usage,
                "module.api.aws_wafv2_web_acl.this",
                "",
                &root.tier.name,
                WAF_MANAGED_RULE_GROUPS,
                "Common, Known bad inputs, IP reputation, Anonymous IP",
            );
        }
        if root.own_access_logs {
            l.buckets(
                usage,
                "module.api.aws_s3_bucket.access_logs",
                1,
                "load balancer access logs",
            );
            if let Some(to) = &root.log_archive {
                l.replication(
                    usage,
                    "Access-log replication",
                    "module.api.aws_s3_bucket_replication_configuration.access_logs",
                    to,
                );
            }
        }
        l.count_alarms(API_ALARMS, format!("{API_ALARMS} of the API"));
        l.count_log_groups(1, "the API's");
        if waf {
            l.count_log_groups(1, "WAF's");
        }
        if super::on_fargate(root.service) {
            // The effective size and task count in this tier (`services[].capacity` over the
            // blocks' and the tier's).
            let c = root.capacity;
            l.fargate_tasks(root, "API", "api", (c.api_cpu, c.api_memory));
        }
    }
    fn readme_lines(&self, _root: &Root) -> Vec<String> {
        vec!["ECS API behind an Application Load Balancer".into()]
    }
    fn output_rank(&self) -> u8 {
        0
    }
    /// The CPU scaling thresholds of the tier (only the API scales on CPU; the worker scales
    /// on its queues' backlog) and the tier's front door: host name, certificate, zone,
    /// redirect, WAF, deletion protection of the load balancer.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let tier = root.tier;
        let num = |v: u32| n(v.into());
        let sec = root.tier_security;
        let text = |v: Option<String>| v.map(s).unwrap_or_else(null);
        vec![
            var(
                "cpu_high_threshold",
                ty::number(),
                "Scale out above this average CPU, in percent.",
                num(tier.alarms.cpu_high_percent),
            ),
            var(
                "cpu_low_threshold",
                ty::number(),
                "Scale in below this average CPU, in percent.",
                num(tier.alarms.cpu_low_percent),
            ),
            var(
                "domain_name",
                ty::string(),
                "Host name of the API (HTTPS with an ACM certificate); null serves plain HTTP.",
                text(
                    sec.domain
                        .as_ref()
                        .map(|dom| format!("{}.{dom}", root.service.name)),
                ),
            ),
            var(
                "certificate_arn",
                ty::string(),
                "Existing ACM certificate for the host name; null requests one.",
                text(sec.certificate_arn.clone()),
            ),
            var(
                "route53_zone_id",
                ty::string(),
                "Route 53 zone of the domain: certificate validation and alias records to the load balancer; null needs certificate_arn.",
                text(sec.route53_zone_id.clone()),
            ),
            var(
                "http_redirect",
                ty::bool(),
                "With a host name: port 80 redirects to HTTPS.",
                b(sec.http_redirect),
            ),
            var(
                "waf_enabled",
                ty::bool(),
                "AWS WAF in front of the load balancer.",
                b(sec.waf),
            ),
            var(
                "alb_deletion_protection",
                ty::bool(),
                "Refuse to delete the load balancer.",
                b(sec.alb_deletion_protection),
            ),
        ]
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        module_call(root.service, root.capacity, wiring)
            .into_iter()
            .collect()
    }
    fn runs_on_cluster(&self) -> Option<&'static str> {
        Some("API")
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        outputs(root.service)
    }
    /// The API's task role.
    fn code_roles(&self, _service: &Service) -> Vec<E> {
        vec![r("module.api.task_role_arn")]
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let on = super::launch::on(service);
        let api = service.api.iter();
        api.map(|a| format!("ECS API (port {}){on}", a.port))
            .collect()
    }
    /// The API's tasks.
    fn db_callers(&self, _service: &Service) -> Vec<(String, E)> {
        vec![("api".into(), r("module.api.task_security_group_id"))]
    }
}

/// The module call of a deployment root of `service` with an API: `ecs-api` in the tier's
/// cluster, sending to every queue of the service, its alarms notifying the root's topic.
fn module_call(
    service: &Service,
    capacity: &crate::plan::capacity::Capacity,
    wiring: &Wiring,
) -> Option<Blk> {
    let api = service.api.as_ref()?;
    let mut env = wiring.env.clone();
    // The API's container also learns the port it must listen on.
    env.push(("PORT".into(), s(api.port.to_string())));
    let queues = super::queue::arns(service.queues.iter().map(|q| q.name.as_str()));
    Some(
        wiring
            .cluster
            .wire(
                blk("module", &["api"])
                    .a("source", s(format!("{UP}/modules/ecs-api")))
                    .a(
                        "permissions_boundary_arn",
                        r("local.permissions_boundary_arn"),
                    )
                    .a("name", r("local.name"))
                    .a("short_name", s(wiring.short_name))
                    .a("vpc_id", r("local.vpc_id"))
                    .a("private_subnet_ids", r("local.private_subnet_ids"))
                    .a("public_subnet_ids", r("local.public_subnet_ids")),
            )
            .a("container_image", s(api.image.as_str()))
            .opt("container_command", command(&api.command))
            .a("container_port", n(api.port.into()))
            .a("container_cpu", n(capacity.api_cpu.into()))
            .a("container_memory", n(capacity.api_memory.into()))
            .a("desired_count", r("var.task_count"))
            .a("health_check_path", s(api.health_check_path.as_str()))
            .a("environment_variables", obj(env))
            .opt(
                "db_connect_arns",
                super::database::connect_arns(service, false),
            )
            .a("publish_queue_arns", queues)
            .a(
                "kms_key_arns",
                list((super::Queue.present(service) || super::code_reads_key(service)).then(key)),
            )
            .a("domain_name", r("var.domain_name"))
            .a("certificate_arn", r("var.certificate_arn"))
            .a("route53_zone_id", r("var.route53_zone_id"))
            .opt("dns_failover", wiring.dns_failover.map(s))
            .a("http_redirect", r("var.http_redirect"))
            .a("waf_enabled", r("var.waf_enabled"))
            .a("deletion_protection", r("var.alb_deletion_protection"))
            .opt("access_logs_bucket", wiring.access_logs_bucket.map(s))
            .opt(
                "access_log_replica_bucket",
                wiring.access_log_replica_bucket.as_deref().map(s),
            )
            .a(
                "readonly_root_filesystem",
                b(wiring.security.read_only_root_filesystem),
            )
            .a("writable_paths", strs(&wiring.security.writable_paths))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_arn", key())
            .a("cpu_high_threshold", r("var.cpu_high_threshold"))
            .a("cpu_low_threshold", r("var.cpu_low_threshold"))
            .a("alarm_actions", topic()),
    )
}

/// The environment entry the service's own worker and functions get to call its API by its
/// public URL (the load balancer is internet-facing: no security-group rule can admit them,
/// they arrive through NAT).
pub(crate) fn caller_env(service: &Service) -> Option<(String, E)> {
    Api.present(service)
        .then(|| ("API_URL".into(), r("module.api.url")))
}

/// The outputs of a deployment root of `service`: the load balancer's DNS name and the URL.
fn outputs(service: &Service) -> Vec<Output> {
    if !Api.present(service) {
        return Vec::new();
    }
    vec![
        Output {
            name: "alb_dns_name".into(),
            description: "DNS name of the API's load balancer.".into(),
            value: r("module.api.alb_dns_name"),
        },
        Output {
            name: "api_url".into(),
            description:
                "Base URL of the API (https://<host name> with a domain, else http://<load balancer>)."
                    .into(),
            value: r("module.api.url"),
        },
    ]
}

/// The API's design rules on `svc` (JSON Pointer `base`).
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;
    if let Some(api) = &svc.api {
        field_rules::container(out, &format!("{base}/api"), &api.image, api.cpu, api.memory);
        field_rules::command(out, &format!("{base}/api/command"), &api.command);
        field_rules::placeholder_command(out, &format!("{base}/api"), &api.image, &api.command);
        // On Fargate, the API's CPU and memory are a Fargate task size, in every tier.
        out.extend(super::launch::size_rule(
            &format!("{base}/api"),
            "the API",
            svc,
            api.cpu,
            api.memory,
        ));
        out.extend(super::launch::override_size_rules(
            base,
            "api",
            "the API",
            svc,
            (api.cpu, api.memory),
        ));
        if !(1..=65535).contains(&api.port) {
            out.push(Diagnostic::error(
                format!("{base}/api/port"),
                "the container port must be 1 to 65535",
            ));
        }
        if let Err(why) = crate::validate_text::health_check_path(&api.health_check_path) {
            out.push(
                Diagnostic::error(
                    format!("{base}/api/health_check_path"),
                    format!(
                        "\"{}\" is not a health check path: {why}",
                        crate::validate_text::shown(&api.health_check_path)
                    ),
                )
                .with_hint("a URL path starting with /, e.g. /health or /status?full=1"),
            );
        }
    }
    v
}
