//! The service's SNS topics, and the subscriptions of queues of other services to them.
//!
//! A topic lives in each deployment root of its service (`<deployment>-<topic>`, encrypted
//! with the deployment's key, TLS only, only the service's own code roles publish). A queue
//! subscribes to a topic of another service as `<service>.<topic>` (`queues[].subscribe`):
//! the subscriber's root in the same tier and region derives the topic's ARN from its
//! deterministic name, the account and the region, subscribes the queue and admits exactly
//! those topics in the queue policy and the key policy. So the publisher's root is applied
//! first, and subscriptions between services may not go round in a circle (a service may not
//! subscribe to its own topics either: its code sends to its own queues directly).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Root, Wiring};
use crate::design::{Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::root_parts::{env_name, ident, key, Output, UP};
use crate::markdown::{code, text};
use crate::plan::naming;
use std::collections::{BTreeMap, BTreeSet};

/// An SNS topic of a service: the member name itself (`<root name>-<topic>`). A subscriber's
/// root composes the same name from the publisher's root name ([`topic`]).
pub const TOPIC: naming::Composed = naming::Composed {
    what: "SNS topic name",
    prefix: "",
    suffix: "",
    max: 256,
};

/// The name of topic `topic` of `service`'s deployment root in `tier` (`-dr` in the
/// disaster-recovery region): what the publisher creates and what a subscriber in the same
/// tier and region derives its ARN from.
pub fn topic(project: &str, tier: &str, service: &str, dr: bool, topic: &str) -> String {
    TOPIC.of(&naming::member(
        &naming::deployment(project, tier, service, dr),
        topic,
    ))
}

/// The service's SNS topics.
pub struct Topic;

/// Most topics a service may have.
pub const MAX_TOPICS: usize = 10;

/// Most subscriptions a queue may have.
pub const MAX_SUBSCRIPTIONS: usize = 10;

/// Most attribute names of a filter policy (SNS: 5).
pub const MAX_FILTER_KEYS: usize = 5;

/// Most combinations of values of a filter policy (SNS: 150).
pub const MAX_FILTER_COMBINATIONS: usize = 150;

/// One subscription of a queue of a deployment, resolved against the publisher's deployment in
/// the same tier and region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscribed {
    /// The subscribing queue (its design name).
    pub queue: String,
    /// The topic as designed, `<service>.<topic>`.
    pub topic: String,
    /// The topic's AWS name in the publisher's deployment root.
    pub topic_name: String,
    /// The folder of the publisher's deployment root (applied first).
    pub publisher_dir: String,
    /// Deliver the raw message.
    pub raw_message_delivery: bool,
    /// The filter policy (a JSON object), or empty.
    pub filter_policy: String,
}

impl Kind for Topic {
    fn present(&self, service: &Service) -> bool {
        !service.topics.is_empty()
    }

    fn field(&self) -> &'static str {
        "topics"
    }

    fn label(&self) -> &'static str {
        "Topic"
    }

    fn a(&self) -> &'static str {
        "an SNS topic"
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        Some(super::push_named(
            &mut service.topics,
            "events",
            |t| &t.name,
            |name| crate::design::Topic { name },
        ))
    }

    /// Every queue's subscription to the topic goes with it.
    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        let Some(service) = design.services.get_mut(index) else {
            return;
        };
        let Some(removed) = super::remove_at(&mut service.topics, number) else {
            return;
        };
        let full = format!("{}.{}", service.name, removed.name);
        for q in design.services.iter_mut().flat_map(|s| s.queues.iter_mut()) {
            q.subscribe.retain(|sub| sub.topic != full);
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(&mut design.services.get_mut(index)?.topics, number, |t| {
            &mut t.name
        })
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("topic {}", service.topics.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 206,
            saturation: 18,
        }
    }

    fn stacked(&self, service: &Service) -> usize {
        service.topics.len()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::SnsTopic]
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if service.topics.len() > MAX_TOPICS {
            out.push(Diagnostic::error(
                format!("{base}/topics"),
                format!(
                    "the service has {} topics; at most {MAX_TOPICS} are supported",
                    service.topics.len()
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for (j, t) in service.topics.iter().enumerate() {
            let at = format!("{base}/topics/{j}/name");
            crate::diagnostic::name(&mut out, &at, "topic name", &t.name, 40);
            if !seen.insert(t.name.as_str()) {
                out.push(Diagnostic::error(
                    &*at,
                    format!("topic \"{}\" is defined twice", t.name.escape_debug()),
                ));
            }
        }
        out
    }

    /// Each topic's name: at most 256 characters.
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let topics = service.topics.iter().enumerate();
        topics
            .map(|(j, t)| {
                let name = naming::member(root, &t.name);
                Name::new(format!("topics/{j}/name"), TOPIC, &name)
            })
            .collect()
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "topic",
            tint: self.tint(),
            label: format!("SNS×{}", service.topics.len()),
        })
    }

    /// One box per topic in the last column, below the cache.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let topics = layout.service.topics.iter().enumerate();
        topics
            .map(|(i, t)| {
                Layout::node(
                    COL[3],
                    layout.stack_y(self, i),
                    BW,
                    "topic",
                    format!("SNS {}", t.name),
                    format!("/topics/{i}/name"),
                )
            })
            .collect()
    }
}

impl Build for Topic {
    /// A topic raises no alarm of its own.
    fn alarms(&self) -> bool {
        false
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .topics
            .iter()
            .map(|t| format!("SNS topic {}", code(&t.name)))
            .collect()
    }
    fn module_calls(&self, root: &Root, _wiring: &Wiring) -> Vec<Blk> {
        let roles = list(super::code_roles(root.service));
        root.service
            .topics
            .iter()
            .map(|t| {
                blk("module", &[&format!("topic_{}", ident(&t.name))])
                    .a("source", s(format!("{UP}/modules/sns-topic")))
                    .a(
                        "name",
                        tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&t.name)]),
                    )
                    .a("kms_key_arn", key())
                    .a("publisher_role_arns", roles.clone())
            })
            .collect()
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        root.service
            .topics
            .iter()
            .map(|t| Output {
                name: format!("topic_{}_arn", ident(&t.name)),
                description: format!("ARN of the {} topic.", t.name),
                value: attr(&t.name, "topic_arn"),
            })
            .collect()
    }
    /// `TOPIC_<NAME>_ARN` per topic.
    fn code_env(&self, root: &Root) -> Vec<(String, E)> {
        root.service
            .topics
            .iter()
            .map(|t| {
                (
                    format!("TOPIC_{}_ARN", env_name(&t.name)),
                    attr(&t.name, "topic_arn"),
                )
            })
            .collect()
    }
    /// Messages are encrypted with the deployment's key: publishers need it.
    fn code_reads_key(&self) -> bool {
        true
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let topics = service.topics.iter();
        topics.map(|t| format!("SNS {}", text(&t.name))).collect()
    }
    /// A topic node per topic, and an arrow from each workload that publishes to it.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        let mut lines = Vec::new();
        let code = super::bucket::code_nodes(service);
        for t in &service.topics {
            let id = mermaid_topic(&service.name, &t.name);
            lines.push(format!("  {id}>\"SNS {}\"]", t.name));
            for c in &code {
                lines.push(format!("  {c} -->|publish| {id}"));
            }
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| SNS topics of the services: SSE-KMS with the deployment key, a TLS-only topic policy \
that lets only the service's own task and function roles publish and only this account subscribe; \
each subscribed queue's policy and key policy admit exactly the topics it subscribes to | Events \
between services stay encrypted and reach only the queues that asked for them | \
`modules/sns-topic`, `modules/sqs-queue`; `services[].topics`, `services[].queues[].subscribe` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the messages of the service topics")
    }
}

/// The Mermaid node id of topic `topic` of service `service` (the docs' spelling).
pub(crate) fn mermaid_topic(service: &str, topic: &str) -> String {
    super::bucket::mermaid_id(&["sns", service, topic])
}

/// The reference to `attr` of the module call of topic `name`.
fn attr(name: &str, attr: &str) -> E {
    r(&format!("module.topic_{}.{attr}", ident(name)))
}

/// `<service>.<topic>` split in two, when it has that shape.
pub fn split(topic: &str) -> Option<(&str, &str)> {
    let (service, name) = topic.split_once('.')?;
    (!service.is_empty() && !name.is_empty() && !name.contains('.')).then_some((service, name))
}

/// The subscriptions of the queues of `service` in its deployment of tier `tier` in a region
/// that is (`dr`) or is not the disaster-recovery one, deployed in `region`: every topic
/// resolves to the publisher's root of the same tier and region. A topic naming no service
/// of the design is left out (validation refuses it).
pub fn resolve(
    design: &Design,
    service: &Service,
    tier: &str,
    region: &str,
    dr: bool,
) -> Vec<Subscribed> {
    let mut out = Vec::new();
    for q in &service.queues {
        for sub in &q.subscribe {
            let Some((publisher, name)) = split(&sub.topic) else {
                continue;
            };
            if !design.services.iter().any(|s| s.name == publisher) {
                continue;
            }
            out.push(Subscribed {
                queue: q.name.clone(),
                topic: sub.topic.clone(),
                topic_name: topic(&design.project, tier, publisher, dr, name),
                publisher_dir: format!("environments/{publisher}/{region}/{tier}"),
                raw_message_delivery: sub.raw_message_delivery,
                filter_policy: sub.filter_policy.clone(),
            });
        }
    }
    out
}

/// The ARN of the topic named `name` in the root's account and region.
pub(crate) fn arn(name: &str) -> E {
    tpl(vec![
        T::L("arn:"),
        T::X(r("data.aws_partition.current.partition")),
        T::L(":sns:"),
        T::X(r("var.aws_region")),
        T::L(":"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L(":"),
        T::L(name),
    ])
}

/// A JSON value as the HCL expression `jsonencode` turns back into it.
fn json_expr(v: &serde_json::Value) -> E {
    use serde_json::Value;
    match v {
        Value::Null => null(),
        Value::Bool(x) => b(*x),
        Value::Number(x) => match x.as_i64() {
            Some(i) => n(i),
            None => E::Number(
                x.as_f64()
                    .and_then(hcl::Number::from_f64)
                    .unwrap_or_else(|| 0.into()),
            ),
        },
        Value::String(x) => s(x.as_str()),
        Value::Array(items) => list(items.iter().map(json_expr)),
        Value::Object(map) => obj(map.iter().map(|(k, v)| (k.as_str(), json_expr(v)))),
    }
}

/// The `subscriptions` argument of the module call of `queue` in a root with `subs`: by topic
/// (`<service>.<topic>`), the derived topic ARN, raw delivery and filter policy.
pub(crate) fn queue_subscriptions(queue: &str, subs: &[Subscribed]) -> Option<E> {
    let mine: Vec<&Subscribed> = subs.iter().filter(|s| s.queue == queue).collect();
    if mine.is_empty() {
        return None;
    }
    Some(obj(mine.into_iter().map(|sub| {
        let mut fields = vec![
            ("topic_arn", arn(&sub.topic_name)),
            ("raw_message_delivery", b(sub.raw_message_delivery)),
        ];
        if let Ok(policy) = serde_json::from_str::<serde_json::Value>(&sub.filter_policy) {
            fields.push((
                "filter_policy",
                call("jsonencode", vec![json_expr(&policy)]),
            ));
        }
        (sub.topic.clone(), obj(fields))
    })))
}

/// The statement of the key policy of a root whose queues subscribe to `subs`: SNS may use the
/// key to deliver to them, for those topics only (its requests carry the topic as
/// `aws:SourceArn`).
pub(crate) fn key_statement(subs: &[Subscribed]) -> Option<E> {
    let topics: BTreeSet<&str> = subs.iter().map(|s| s.topic_name.as_str()).collect();
    if topics.is_empty() {
        return None;
    }
    Some(obj([
        ("Sid", s("SubscribedTopicsDeliverToTheQueues")),
        ("Effect", s("Allow")),
        ("Principal", obj([("Service", s("sns.amazonaws.com"))])),
        ("Action", strs(["kms:Decrypt", "kms:GenerateDataKey*"])),
        ("Resource", s("*")),
        (
            "Condition",
            obj([(
                "ArnEquals",
                obj([("aws:SourceArn", list(topics.into_iter().map(arn)))]),
            )]),
        ),
    ]))
}

/// The "Subscriptions" section of the README of a root whose queues subscribe to `subs`: the
/// publishers' roots are applied first.
pub(crate) fn readme_section(subs: &[Subscribed]) -> String {
    if subs.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\n## Subscriptions\n\nThe queues of this root subscribe to topics of other services' roots \
in the same tier and region. Their ARNs are derived from the topics' names, so **apply these \
roots first** (the subscription needs the topic to exist):\n\n",
    );
    for sub in subs {
        s.push_str(&format!(
            "- queue {} ← topic {} ({}, root {})\n",
            code(&sub.queue),
            code(&sub.topic),
            code(&sub.topic_name),
            code(&sub.publisher_dir)
        ));
    }
    s
}

/// Whether any queue of `design` subscribes to a topic (the `sqs-queue` module then takes
/// subscriptions).
pub fn any_subscription(design: &Design) -> bool {
    design
        .services
        .iter()
        .flat_map(|s| &s.queues)
        .any(|q| !q.subscribe.is_empty())
}

/// Every cross-service edge of `design`: (publisher's index, topic, subscriber's index, queue),
/// for the designer's platform diagram and the bundle's docs.
pub fn edges(design: &Design) -> Vec<(usize, String, usize, String)> {
    let mut out = Vec::new();
    for (si, s) in design.services.iter().enumerate() {
        for q in &s.queues {
            for sub in &q.subscribe {
                let Some((publisher, topic)) = split(&sub.topic) else {
                    continue;
                };
                if let Some(pi) = design.services.iter().position(|p| p.name == publisher) {
                    out.push((pi, topic.to_string(), si, q.name.clone()));
                }
            }
        }
    }
    out
}

/// The order in which the services' roots of one tier and region apply: each publisher before
/// its subscribers (by service index; services in the order of the design otherwise). `None`
/// when subscriptions go round in a circle.
pub fn apply_order(design: &Design) -> Option<Vec<usize>> {
    let mut after: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (pi, _, si, _) in edges(design) {
        after.entry(si).or_default().insert(pi);
    }
    let mut done: Vec<usize> = Vec::new();
    while done.len() < design.services.len() {
        let next = (0..design.services.len()).find(|i| {
            !done.contains(i)
                && after
                    .get(i)
                    .is_none_or(|needs| needs.iter().all(|p| done.contains(p)))
        })?;
        done.push(next);
    }
    Some(done)
}

/// The paragraph of the bundle README's deployment order on subscriptions: in each tier and
/// region, the publishers' roots before their subscribers' (empty without subscriptions).
pub fn apply_order_note(design: &Design) -> String {
    let waves = waves(design);
    let last = waves.iter().copied().max().unwrap_or(0);
    if last == 0 {
        return String::new();
    }
    let mut groups = Vec::new();
    for w in 0..=last {
        let names: Vec<String> = design
            .services
            .iter()
            .zip(&waves)
            .filter(|(_, sw)| **sw == w)
            .map(|(s, _)| code(&s.name))
            .collect();
        groups.push(names.join(", "));
    }
    let mut edges: Vec<String> = edges(design)
        .into_iter()
        .map(|(pi, topic, si, queue)| {
            format!(
                "{} ← {}",
                code(&format!("{}.{queue}", design.services[si].name)),
                code(&format!("{}.{topic}", design.services[pi].name))
            )
        })
        .collect();
    edges.dedup();
    format!(
        "\nIn each tier and region, a root whose queues subscribe to another service's topic \
({}) derives the topic's ARN from its name and is applied after the publisher's root, which \
creates the topic: the services' roots go in this order (the workflow gives each group a stage \
of its own): {}.\n",
        edges.join("; "),
        groups.join(" → ")
    )
}

/// The lines of the bundle's platform flowchart (`DIAGRAM.md`) for the subscriptions: in each
/// tier and region, an arrow from the publisher to the subscriber, labelled topic → queue.
pub fn platform_mermaid(design: &Design) -> Vec<String> {
    let edges = edges(design);
    let mut lines = Vec::new();
    for region in &design.regions {
        for tier in design
            .tiers
            .iter()
            .filter(|t| t.regions.contains(&region.name))
        {
            for (pi, topic, si, queue) in &edges {
                let id = |s: usize| {
                    super::bucket::mermaid_id(&[&region.name, &tier.name, &design.services[s].name])
                };
                lines.push(format!(
                    "  {} -- \"{topic} → {queue}\" --> {}",
                    id(*pi),
                    id(*si)
                ));
            }
        }
    }
    lines
}

/// The lines of a subscriber's flowchart: each subscribed topic (of another service) as a node
/// with an arrow to the queue.
pub(crate) fn queue_mermaid(service: &Service) -> Vec<String> {
    let mut lines = Vec::new();
    for q in &service.queues {
        for sub in &q.subscribe {
            let Some((publisher, topic)) = split(&sub.topic) else {
                continue;
            };
            let id = mermaid_topic(publisher, topic);
            lines.push(format!("  {id}>\"SNS {publisher}.{topic}\"]"));
            lines.push(format!(
                "  {id} -->|subscription| {}",
                super::bucket::mermaid_id(&["q", &q.name])
            ));
        }
    }
    lines
}

/// The apply wave of each service's roots within a tier and region (by service index): 0 for a
/// service that subscribes to no topic, else one more than the highest wave of its publishers,
/// so each publisher applies before its subscribers. All 0 when subscriptions go round in a
/// circle (validation refuses such a design).
pub fn waves(design: &Design) -> Vec<usize> {
    let mut wave = vec![0; design.services.len()];
    let Some(order) = apply_order(design) else {
        return wave;
    };
    let edges = edges(design);
    for si in order {
        wave[si] = edges
            .iter()
            .filter(|(pi, _, s, _)| *s == si && *pi != si)
            .map(|(pi, _, _, _)| wave[*pi] + 1)
            .max()
            .unwrap_or(0);
    }
    wave
}

/// The rules on the subscriptions of the queues of `service` (index `si`, JSON Pointer
/// `base`): the topic exists in another service, each once per queue, the filter policy is a
/// JSON object SNS accepts, and subscriptions do not go round in a circle.
pub(crate) fn subscription_rules(
    design: &Design,
    si: usize,
    base: &str,
    service: &Service,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let cycle = cycle_through(design, si);
    for (j, q) in service.queues.iter().enumerate() {
        if q.subscribe.len() > MAX_SUBSCRIPTIONS {
            out.push(Diagnostic::error(
                format!("{base}/queues/{j}/subscribe"),
                format!(
                    "the queue subscribes to {} topics; at most {MAX_SUBSCRIPTIONS} are supported",
                    q.subscribe.len()
                ),
            ));
        }
        let mut seen = BTreeSet::new();
        for (k, sub) in q.subscribe.iter().enumerate() {
            let at = format!("{base}/queues/{j}/subscribe/{k}");
            let topic_at = format!("{at}/topic");
            let Some((publisher, topic)) = split(&sub.topic) else {
                out.push(
                    Diagnostic::error(
                        &*topic_at,
                        format!(
                            "\"{}\" is not a topic of the form <service>.<topic>",
                            sub.topic.escape_debug()
                        ),
                    )
                    .with_hint("e.g. accounts.account-events"),
                );
                continue;
            };
            if !seen.insert(sub.topic.as_str()) {
                out.push(Diagnostic::error(
                    &*topic_at,
                    format!(
                        "the queue \"{}\" subscribes to \"{}\" twice",
                        q.name,
                        sub.topic.escape_debug()
                    ),
                ));
            }
            if publisher == service.name {
                out.push(
                    Diagnostic::error(
                        &*topic_at,
                        format!(
                            "the queue \"{}\" subscribes to its own service's topic \"{}\"",
                            q.name,
                            topic.escape_debug()
                        ),
                    )
                    .with_hint(
                        "a service's code sends to its own queues directly; subscribe queues of other services",
                    ),
                );
            } else {
                match design.services.iter().find(|s| s.name == publisher) {
                    None => out.push(Diagnostic::error(
                        &*topic_at,
                        format!("no service is named \"{}\"", publisher.escape_debug()),
                    )),
                    Some(p) if !p.topics.iter().any(|t| t.name == topic) => {
                        out.push(Diagnostic::error(
                            &*topic_at,
                            format!(
                                "the service \"{publisher}\" has no topic \"{}\"",
                                topic.escape_debug()
                            ),
                        ))
                    }
                    Some(_) => {
                        if let Some(names) = cycle
                            .as_ref()
                            .filter(|c| c.first() == Some(&publisher.to_string()))
                        {
                            out.push(
                                Diagnostic::error(
                                    &*topic_at,
                                    format!(
                                        "subscriptions go round in a circle: {} → {}",
                                        service.name,
                                        names.join(" → ")
                                    ),
                                )
                                .with_hint(
                                    "each publisher's roots are applied before its subscribers'; remove one subscription of the circle",
                                ),
                            );
                        }
                    }
                }
            }
            if !sub.filter_policy.trim().is_empty() {
                if let Err(message) = filter_policy(&sub.filter_policy) {
                    out.push(Diagnostic::error(format!("{at}/filter_policy"), message));
                }
            }
        }
    }
    out
}

/// The services (by name) from a publisher of `si` back to `si` along subscriptions, when `si`
/// subscribes, through the publisher, to a topic of a service that subscribes to `si` (a
/// circle): `[publisher, …, service si]`.
fn cycle_through(design: &Design, si: usize) -> Option<Vec<String>> {
    let edges = edges(design);
    // Who each service subscribes to (subscriber → publishers).
    let mut needs: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (pi, _, s, _) in &edges {
        if pi != s {
            needs.entry(*s).or_default().insert(*pi);
        }
    }
    // Breadth-first from si's publishers to si.
    let start = needs.get(&si)?;
    for &first in start {
        let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([first]);
        let mut seen = BTreeSet::from([first]);
        while let Some(at) = queue.pop_front() {
            if at == si {
                let mut path = vec![si];
                let mut cur = si;
                while let Some(&p) = prev.get(&cur) {
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                return Some(
                    path.into_iter()
                        .map(|i| design.services[i].name.clone())
                        .collect(),
                );
            }
            for &next in needs.get(&at).into_iter().flatten() {
                if seen.insert(next) {
                    prev.insert(next, at);
                    queue.push_back(next);
                }
            }
        }
    }
    None
}

/// Whether `policy` is a filter policy SNS accepts on message attributes: a JSON object of 1 to
/// [`MAX_FILTER_KEYS`] attribute names, each an array of at least one condition, with at most
/// [`MAX_FILTER_COMBINATIONS`] combinations of values; the message why not.
pub fn filter_policy(policy: &str) -> Result<(), String> {
    let value: serde_json::Value =
        serde_json::from_str(policy).map_err(|e| format!("the filter policy is not JSON: {e}"))?;
    let Some(map) = value.as_object() else {
        return Err("the filter policy must be a JSON object of attribute names".into());
    };
    if map.is_empty() {
        return Err(
            "the filter policy names no attribute; leave it empty to deliver every message".into(),
        );
    }
    if map.len() > MAX_FILTER_KEYS {
        return Err(format!(
            "the filter policy names {} attributes; SNS accepts at most {MAX_FILTER_KEYS}",
            map.len()
        ));
    }
    let mut combinations: usize = 1;
    for (k, v) in map {
        let Some(values) = v.as_array().filter(|a| !a.is_empty()) else {
            return Err(format!(
                "the filter policy's \"{}\" must be a non-empty array of values or conditions",
                k.escape_debug()
            ));
        };
        combinations = combinations.saturating_mul(values.len());
    }
    if combinations > MAX_FILTER_COMBINATIONS {
        return Err(format!(
            "the filter policy has {combinations} combinations of values; SNS accepts at most {MAX_FILTER_COMBINATIONS}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_policies_are_objects_sns_accepts() {
        assert!(filter_policy(r#"{"event": ["created", "closed"]}"#).is_ok());
        assert!(filter_policy(r#"{"amount": [{"numeric": [">", 0]}]}"#).is_ok());
        let err = |p: &str| filter_policy(p).unwrap_err();
        assert!(err("[1]").contains("JSON object"));
        assert!(err("{").contains("not JSON"));
        assert!(err("{}").contains("names no attribute"));
        assert!(err(r#"{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}"#).contains("at most 5"));
        assert!(err(r#"{"a": "x"}"#).contains("non-empty array"));
        let many: Vec<String> = (0..13).map(|i| i.to_string()).collect();
        let p = format!(r#"{{"a": [{0}], "b": [{0}]}}"#, many.join(","));
        assert!(err(&p).contains("169 combinations"));
    }

    #[test]
    fn topics_split_in_service_and_name() {
        assert_eq!(split("accounts.events"), Some(("accounts", "events")));
        assert_eq!(split("accounts"), None);
        assert_eq!(split(".events"), None);
        assert_eq!(split("a.b.c"), None);
    }
}
