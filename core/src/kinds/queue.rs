//! The SQS queues, each with its dead-letter queue: whether a service has them, and what they
//! add to its deployment roots (module calls, root variables, environment of the code, outputs).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL, ROW, ROW0};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{Design, Service, Tier};
use crate::diagnostic::{name, Diagnostic};
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{env_name, ident, key, topic, var, Output, RootVar, UP};
use crate::markdown::text;
use crate::plan::naming;
use std::collections::BTreeSet;

/// The dead-letter queue of a queue.
pub const QUEUE_DLQ: naming::Composed = naming::Composed {
    what: "SQS queue name",
    prefix: "",
    suffix: "-dlq",
    max: 80,
};

/// The SQS queues, each with its dead-letter queue.
pub struct Queue;

/// Alarms of a queue (`modules/sqs-queue`): depth, age, dead letters.
pub const QUEUE_ALARMS: u64 = 3;

impl Kind for Queue {
    fn numbers(&self, base: &str, service: &Service) -> Vec<Number> {
        let mut v = Vec::new();
        for (j, q) in service.queues.iter().enumerate() {
            let p = format!("{base}/queues/{j}");
            v.push((
                format!("{p}/visibility_timeout_seconds"),
                "Queue",
                "visibility_timeout_seconds",
                q.visibility_timeout_seconds,
            ));
            v.push((
                format!("{p}/max_receive_count"),
                "Queue",
                "max_receive_count",
                q.max_receive_count,
            ));
        }
        v
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn present(&self, service: &Service) -> bool {
        !service.queues.is_empty()
    }

    fn field(&self) -> &'static str {
        "queues"
    }

    fn label(&self) -> &'static str {
        "Queue"
    }

    fn a(&self) -> &'static str {
        "a queue"
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        Some(super::push_named(
            &mut service.queues,
            "jobs",
            |q| &q.name,
            |name| crate::design::Queue {
                name,
                ..crate::design::Queue::default()
            },
        ))
    }

    /// The worker stops consuming it, and no function is triggered by it any more.
    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        let Some(service) = design.services.get_mut(index) else {
            return;
        };
        let Some(removed) = super::remove_at(&mut service.queues, number) else {
            return;
        };
        if let Some(worker) = &mut service.worker {
            worker.queues.retain(|q| *q != removed.name);
        }
        for lambda in &mut service.lambdas {
            if lambda.queue.as_deref() == Some(removed.name.as_str()) {
                lambda.queue = None;
            }
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(&mut design.services.get_mut(index)?.queues, number, |q| {
            &mut q.name
        })
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("queue {}", service.queues.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 46,
            saturation: 100,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::SqsQueue]
    }

    /// Each queue's dead-letter queue (longer than the queue's own name).
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let queues = service.queues.iter().enumerate();
        queues
            .map(|(j, q)| {
                let queue = naming::member(root, &q.name);
                Name::new(format!("queues/{j}/name"), QUEUE_DLQ, &queue)
            })
            .collect()
    }

    /// The subscriptions to topics of other services.
    fn design_rules(
        &self,
        design: &crate::design::Design,
        base: &str,
        service: &Service,
    ) -> Vec<Diagnostic> {
        let si = design
            .services
            .iter()
            .position(|s| std::ptr::eq(s, service))
            .unwrap_or(usize::MAX);
        super::topic::subscription_rules(design, si, base, service)
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "queue",
            tint: self.tint(),
            label: format!("Queue×{}", service.queues.len()),
        })
    }

    /// One box per queue, with an arrow to the worker when it consumes the queue and one to
    /// each function the queue triggers.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let s = layout.service;
        let mut out = Vec::new();
        for (i, q) in s.queues.iter().enumerate() {
            let y = layout.queue_y(i);
            out.push(Layout::node(
                COL[0],
                y,
                BW,
                "queue",
                format!("Queue {}", q.name),
                format!("/queues/{i}/name"),
            ));
            if s.worker
                .as_ref()
                .is_some_and(|w| w.queues.contains(&q.name))
            {
                out.push(Layout::edge((COL[0] + BW, y + 20), (COL[1], ROW0 + 20)));
            }
            for (li, _) in s
                .lambdas
                .iter()
                .enumerate()
                .filter(|(_, l)| l.queue.as_deref() == Some(q.name.as_str()))
            {
                out.push(Layout::edge(
                    (COL[0] + BW, y + 20),
                    (COL[2], layout.function_y(li) + 40),
                ));
            }
        }
        out
    }
}

impl Build for Queue {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        let (service, usage) = (root.service, root.usage);
        l.count_alarms(
            service.queues.len() as u64 * QUEUE_ALARMS,
            format!("{QUEUE_ALARMS} per queue"),
        );
        for q in &service.queues {
            l.add(
                cost::line(
                    cost::Kind::Usage,
                    format!("SQS queue {}: requests", q.name),
                    "module.queue_*.aws_sqs_queue",
                    "sqs:requests",
                    "million-requests",
                    cost::Quantity::ratio(usage.sqs_requests.into(), 1_000_000),
                )
                .note(cost::usage_note(
                    "sqs_requests",
                    usage.sqs_requests,
                    "per queue, its dead-letter queue included",
                )),
            );
        }
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .queues
            .iter()
            .map(|q| {
                format!(
                    "SQS queue {} with dead-letter queue",
                    crate::markdown::code(&q.name)
                )
            })
            .collect()
    }
    /// Called first: the others use it.
    fn call_rank(&self) -> u8 {
        0
    }
    fn output_rank(&self) -> u8 {
        1
    }
    fn module_calls(&self, root: &Root, _wiring: &Wiring) -> Vec<Blk> {
        module_calls(root.service, root.subscriptions)
    }
    /// The topics the queues subscribe to, each with an arrow to its queue.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        super::topic::queue_mermaid(service)
    }
    /// Which publishers' roots apply first.
    fn readme_sections(&self, root: &Root) -> String {
        super::topic::readme_section(root.subscriptions)
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        outputs(root.service)
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let queues = service.queues.iter();
        queues
            .map(|q| format!("SQS {} + DLQ", text(&q.name)))
            .collect()
    }
    /// The alarm thresholds of the root's tier.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        root_vars(root.tier)
    }
    /// `QUEUE_URL_<NAME>` per queue.
    fn code_env(&self, root: &Root) -> Vec<(String, E)> {
        code_env(root.service)
    }
}

/// A warning at each queue of `service` (at `base`) that neither its worker nor any of its
/// functions consumes: messages sent there would only pile up (and reach the dead-letter queue).
fn unconsumed(base: &str, service: &Service) -> Vec<Diagnostic> {
    let consumed = |name: &str| {
        let by_worker = service
            .worker
            .as_ref()
            .is_some_and(|w| w.queues.iter().any(|q| q == name));
        by_worker
            || service
                .lambdas
                .iter()
                .any(|l| l.queue.as_deref() == Some(name))
    };
    service
        .queues
        .iter()
        .enumerate()
        .filter(|(_, q)| !consumed(&q.name))
        .map(|(j, q)| {
            Diagnostic::warning(
                format!("{base}/queues/{j}/name"),
                format!(
                    "nothing consumes the queue \"{}\": neither the worker nor a function reads it",
                    q.name
                ),
            )
            .with_hint(
                "Let the worker consume it, trigger a function from it, or remove the queue.",
            )
        })
        .collect()
}

/// The reference to `attr` of the module call of queue `name` (`module.queue_<name>.<attr>`).
pub(crate) fn attr(name: &str, attr: &str) -> E {
    r(&format!("module.queue_{}.{attr}", ident(name)))
}

/// The ARNs of queues `names`, as a list.
pub(crate) fn arns<'a>(names: impl Iterator<Item = &'a str>) -> E {
    list(names.map(|q| attr(q, "queue_arn")))
}

/// The module calls a deployment root of `service` makes: one `sqs-queue` per queue (with its
/// dead-letter queue), encrypted with the root's key, its alarms notifying the root's topic,
/// subscribed to the topics of `subs` it names.
fn module_calls(service: &Service, subs: &[super::topic::Subscribed]) -> Vec<Blk> {
    service
        .queues
        .iter()
        .map(|q| {
            blk("module", &[&format!("queue_{}", ident(&q.name))])
                .a("source", s(format!("{UP}/modules/sqs-queue")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&q.name)]),
                )
                .a(
                    "visibility_timeout_seconds",
                    n(q.visibility_timeout_seconds.into()),
                )
                .a("max_receive_count", n(q.max_receive_count.into()))
                .a("kms_key_arn", key())
                .a("queue_depth_threshold", r("var.queue_depth_threshold"))
                .a(
                    "message_age_threshold_seconds",
                    r("var.message_age_threshold_seconds"),
                )
                .a("alarm_actions", topic())
                .opt(
                    "subscriptions",
                    super::topic::queue_subscriptions(&q.name, subs),
                )
        })
        .collect()
}

/// What the code of every workload of `service` learns: `QUEUE_URL_<NAME>` per queue.
fn code_env(service: &Service) -> Vec<(String, E)> {
    service
        .queues
        .iter()
        .map(|q| {
            (
                format!("QUEUE_URL_{}", env_name(&q.name)),
                attr(&q.name, "queue_url"),
            )
        })
        .collect()
}

/// The root variables of a service with queues: the alarm thresholds of `tier`.
fn root_vars(tier: &Tier) -> Vec<RootVar> {
    vec![
        var(
            "queue_depth_threshold",
            ty::number(),
            "Alarm above this many visible messages.",
            n(tier.alarms.queue_depth.into()),
        ),
        var(
            "message_age_threshold_seconds",
            ty::number(),
            "Alarm when the oldest message is older than this, in seconds.",
            n(tier.alarms.message_age_seconds.into()),
        ),
    ]
}

/// The outputs of a deployment root of `service`: each queue's URL.
fn outputs(service: &Service) -> Vec<Output> {
    service
        .queues
        .iter()
        .map(|q| Output {
            name: format!("queue_{}_url", ident(&q.name)),
            description: format!("URL of the {} queue.", q.name),
            value: attr(&q.name, "queue_url"),
        })
        .collect()
}

/// The queues' design rules on `svc` (JSON Pointer `base`): names, bounds, and a warning at a
/// queue nothing consumes.
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;
    let mut seen_q = BTreeSet::new();
    for (j, q) in svc.queues.iter().enumerate() {
        let qb = format!("{base}/queues/{j}");
        name(out, &format!("{qb}/name"), "queue name", &q.name, 24);
        if !seen_q.insert(q.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{qb}/name"),
                format!("queue \"{}\" is defined twice", q.name),
            ));
        }
        if q.visibility_timeout_seconds > 43_200 {
            out.push(Diagnostic::error(
                format!("{qb}/visibility_timeout_seconds"),
                "SQS visibility timeouts are at most 43200 s (12 h)",
            ));
        }
        if !(1..=1000).contains(&q.max_receive_count) {
            out.push(Diagnostic::error(
                format!("{qb}/max_receive_count"),
                "the redrive receive count is 1 to 1000",
            ));
        }
    }
    v.extend(unconsumed(base, svc));
    v
}

impl Layout<'_> {
    /// The top of queue `i`'s box: in the first column, from the first row of the columns.
    pub(crate) fn queue_y(&self, i: usize) -> i32 {
        ROW0 + i as i32 * ROW
    }
}
