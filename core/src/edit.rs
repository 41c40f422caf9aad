//! Edits of a [`Design`]: the operations the designer offers, as pure functions.
//!
//! The app calls these instead of changing a design's lists itself, so the rules that keep a
//! design consistent (a renamed tier keeps its cost codes, a removed queue leaves no worker
//! pointing at it) live here, tested, and not in the UI.

use crate::design::*;
use crate::kinds::{self, Kind};

/// Cost code given to a new service × tier until someone types the real one (8 letters).
pub const PLACEHOLDER_COST_CODE: &str = "CHANGEME";

/// A building block of a service as the designer adds, removes and duplicates it as a whole
/// (from its inspector section, the diagram or the command palette): a handle to its
/// [`Kind`], which does the edit. `Block(&kinds::Queue)`.
#[derive(Clone, Copy)]
pub struct Block(pub &'static dyn Kind);

impl Block {
    /// Every block, in the order the designer offers them (that of [`kinds::ALL`]).
    pub fn all() -> impl Iterator<Item = Block> {
        kinds::ALL.iter().map(|k| Block(*k))
    }

    /// The block's name with its article, for "Add …": "an API", "a queue worker".
    pub fn a(self) -> &'static str {
        self.0.a()
    }

    /// The block's short name: "API", "Queue", "HTTP API".
    pub fn name(self) -> &'static str {
        self.0.label()
    }

    /// The building block.
    pub fn kind(self) -> &'static dyn Kind {
        self.0
    }
}

impl PartialEq for Block {
    fn eq(&self, other: &Block) -> bool {
        self.0.field() == other.0.field()
    }
}

impl Eq for Block {}

impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Block({})", self.0.field())
    }
}

/// A design with one primary region, one `dev` tier and no service yet: a blank page whose only
/// error asks for the first service.
pub fn empty_design() -> Design {
    let region = "us-east-1";
    let project = "my-platform";
    let mut design = Design {
        project: project.into(),
        regions: vec![Region {
            name: region.into(),
            role: RegionRole::Primary,
        }],
        ..Design::default()
    };
    design
        .backend
        .regions
        .insert(region.into(), default_backend(project, region));
    add_tier(&mut design);
    design
}

use kinds::unique;

/// A service name starting from `base` that no service of `design` has yet.
pub fn new_service_name(design: &Design, base: &str) -> String {
    let taken: Vec<&str> = design.services.iter().map(|s| s.name.as_str()).collect();
    unique(base, &taken)
}

/// A tier name starting from `base` that no tier of `design` has yet.
pub fn new_tier_name(design: &Design, base: &str) -> String {
    let taken: Vec<&str> = design.tiers.iter().map(|t| t.name.as_str()).collect();
    unique(base, &taken)
}

fn default_backend(project: &str, region: &str) -> StateBackend {
    StateBackend {
        bucket: format!("{project}-tfstate-{region}"),
        ..StateBackend::default()
    }
}

/// Sets a container's image. A placeholder's command (busybox's web server or idle loop) would
/// replace the new image's own start command, so it goes with the placeholder image.
pub fn set_image(image: &mut String, command: &mut Vec<String>, new: String) {
    if new != crate::presets::PLACEHOLDER_IMAGE && crate::presets::is_placeholder_command(command) {
        command.clear();
    }
    *image = new;
}

/// Sets where a service's API and worker run from the designer's value (`ec2`, `fargate`, as
/// `catalog::LAUNCH_TYPES` spells them); any other value leaves the service as it is. On
/// Fargate the service's own hosts (`capacity.<tier>.instance_type`, `asg_*`) mean nothing and
/// go.
pub fn set_launch_type(service: &mut Service, value: &str) {
    if let Some(launch) = LaunchType::ALL.into_iter().find(|l| l.as_str() == value) {
        service.launch_type = launch;
        forget_capacity(service);
    }
}

fn default_tier(name: &str, regions: Vec<String>) -> Tier {
    Tier {
        name: name.into(),
        regions,
        ..Tier::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Services

/// Adds a service with an API and a placeholder cost code in every tier; returns its index.
pub fn add_service(design: &mut Design) -> usize {
    let name = new_service_name(design, "new-service");
    let cost_codes = design
        .tiers
        .iter()
        .map(|t| (t.name.clone(), PLACEHOLDER_COST_CODE.to_owned()))
        .collect();
    design.services.push(Service {
        name,
        cost_codes,
        ..Service::default()
    });
    let index = design.services.len() - 1;
    set_component(design, index, Block(&kinds::Api), true);
    index
}

/// Renames service `index`. Out-of-range indexes change nothing.
pub fn rename_service(design: &mut Design, index: usize, name: &str) {
    let Some(service) = design.services.get_mut(index) else {
        return;
    };
    let old = std::mem::replace(&mut service.name, name.to_owned());
    let topics: Vec<String> = service.topics.iter().map(|t| t.name.clone()).collect();
    if let Some(security) = design.security.services.remove(&old) {
        design.security.services.insert(name.to_owned(), security);
    }
    if let Some(usage) = design.usage.services.remove(&old) {
        design.usage.services.insert(name.to_owned(), usage);
    }
    for topic in topics {
        retarget_subscriptions(
            design,
            &format!("{old}.{topic}"),
            &format!("{name}.{topic}"),
        );
    }
}

/// Copies service `index` under a new name right after it; returns the copy's index.
pub fn duplicate_service(design: &mut Design, index: usize) -> Option<usize> {
    let mut copy = design.services.get(index)?.clone();
    let new_name = new_service_name(design, &format!("{}-copy", copy.name));
    let old = std::mem::replace(&mut copy.name, new_name);
    if let Some(security) = design.security.services.get(&old).cloned() {
        design.security.services.insert(copy.name.clone(), security);
    }
    if let Some(usage) = design.usage.services.get(&old).cloned() {
        design.usage.services.insert(copy.name.clone(), usage);
    }
    design.services.insert(index + 1, copy);
    Some(index + 1)
}

/// Removes service `index`, if there is one.
pub fn remove_service(design: &mut Design, index: usize) {
    if index < design.services.len() {
        let removed = design.services.remove(index);
        design.security.services.remove(&removed.name);
        design.usage.services.remove(&removed.name);
    }
}

/// Sets (or with `None` clears) the usage input `field` (a name in [`crate::usage::FIELDS`]) of
/// service `service`'s deployments, or of every root with `None`. A service left with no input
/// of its own loses its entry. False, changing nothing, for an unknown field or service index.
pub fn set_usage(
    design: &mut Design,
    service: Option<usize>,
    field: &str,
    value: Option<u64>,
) -> bool {
    if crate::usage::field(field).is_none() {
        return false;
    }
    let Some(index) = service else {
        return design.usage.defaults.set(field, value);
    };
    let Some(name) = design.services.get(index).map(|s| s.name.clone()) else {
        return false;
    };
    let inputs = design.usage.services.entry(name.clone()).or_default();
    inputs.set(field, value);
    if inputs.is_empty() {
        design.usage.services.remove(&name);
    }
    true
}

/// Turns block `component` of service `index` on (with the defaults of its [`Kind::add`]) or
/// off; meant for the blocks a service has one of (an API, a worker…): off removes number 0.
/// Turning on a block [`can_add`] refuses changes nothing.
pub fn set_component(design: &mut Design, index: usize, component: Block, on: bool) {
    let Some(service) = design.services.get(index) else {
        return;
    };
    let kind = component.kind();
    if on {
        if !kind.present(service) && can_add(design, index, component) {
            kind.add(design, index);
        }
    } else {
        kind.remove(design, index, 0);
    }
    // Overrides of what the service no longer has would be errors: they go with it.
    if let Some(service) = design.services.get_mut(index) {
        forget_capacity(service);
    }
}

/// Drops the capacity overrides of `service` that apply to nothing it has (an API, worker or
/// database turned off), and the tiers' entries left empty.
fn forget_capacity(service: &mut Service) {
    use crate::plan::capacity::Field;
    let has = crate::validate_capacity::applies;
    let gone: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| !has(service, f.owner()))
        .collect();
    for own in service.capacity.values_mut() {
        for field in &gone {
            clear_capacity(own, *field);
        }
    }
    service.capacity.retain(|_, own| !own.is_empty());
}

fn clear_capacity(own: &mut ServiceCapacity, field: crate::plan::capacity::Field) {
    use crate::plan::capacity::Field;
    match field {
        Field::TaskCount => own.task_count = None,
        Field::ApiCpu => own.api_cpu = None,
        Field::ApiMemory => own.api_memory = None,
        Field::WorkerCpu => own.worker_cpu = None,
        Field::WorkerMemory => own.worker_memory = None,
        Field::DbInstanceClass => own.db_instance_class = None,
        Field::DbReadReplicas => own.db_read_replicas = None,
        Field::InstanceType => own.instance_type = None,
        Field::AsgMin => own.asg_min = None,
        Field::AsgMax => own.asg_max = None,
        Field::AsgDesired => own.asg_desired = None,
    }
}

/// Overrides `field` of service `index` in tier `tier` with `value` (a whole number, or the
/// DB class), or resets it to the tier's (or the service block's) value with `None`. An entry
/// left empty is removed, so a design without overrides stays byte-identical. Returns why a
/// value cannot be set (not a whole number; no such service or tier).
pub fn set_capacity(
    design: &mut Design,
    index: usize,
    tier: &str,
    field: crate::plan::capacity::Field,
    value: Option<&str>,
) -> Result<(), String> {
    if !design.tiers.iter().any(|t| t.name == tier) {
        return Err(format!("there is no tier \"{tier}\""));
    }
    let Some(service) = design.services.get_mut(index) else {
        return Err(format!("there is no service {index}"));
    };
    let own = service.capacity.entry(tier.to_owned()).or_default();
    match value {
        None => clear_capacity(own, field),
        Some(text) => {
            use crate::plan::capacity::Field;
            let text = text.trim();
            let number = || {
                text.parse::<u32>()
                    .map(Some)
                    .map_err(|_| format!("\"{text}\" is not a whole number"))
            };
            match field {
                Field::TaskCount => own.task_count = number()?,
                Field::ApiCpu => own.api_cpu = number()?,
                Field::ApiMemory => own.api_memory = number()?,
                Field::WorkerCpu => own.worker_cpu = number()?,
                Field::WorkerMemory => own.worker_memory = number()?,
                Field::DbInstanceClass => own.db_instance_class = Some(text.to_owned()),
                Field::DbReadReplicas => own.db_read_replicas = number()?,
                Field::InstanceType => own.instance_type = Some(text.to_owned()),
                Field::AsgMin => own.asg_min = number()?,
                Field::AsgMax => own.asg_max = number()?,
                Field::AsgDesired => own.asg_desired = number()?,
            }
        }
    }
    service.capacity.retain(|_, own| !own.is_empty());
    Ok(())
}

/// Whether service `index` has `component`.
pub fn has_component(design: &Design, index: usize, component: Block) -> bool {
    design
        .services
        .get(index)
        .is_some_and(|service| component.kind().present(service))
}

/// Flips `component` of service `index`.
pub fn toggle_component(design: &mut Design, index: usize, component: Block) {
    let on = has_component(design, index, component);
    set_component(design, index, component, !on);
}

/// Adds a Lambda function to service `index`; returns its index in the service's list.
pub fn add_lambda(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Lambda.add(design, index)
}

/// Removes Lambda `lambda` of service `index`, the schedules that invoked it and the HTTP
/// API's routes to it.
pub fn remove_lambda(design: &mut Design, index: usize, lambda: usize) {
    kinds::Lambda.remove(design, index, lambda);
}

/// Adds a route to the HTTP API of service `index`, to its first function: `GET /<path>`
/// with a path no route of that method has yet. Returns the route's index.
pub fn add_http_route(design: &mut Design, index: usize) -> Option<usize> {
    let service = design.services.get_mut(index)?;
    let function = service.lambdas.first()?.name.clone();
    let api = service.http_api.as_mut()?;
    let taken: Vec<&str> = api
        .routes
        .iter()
        .filter_map(|r| r.route.strip_prefix("GET /"))
        .collect();
    let path = unique("items", &taken);
    api.routes.push(HttpRoute {
        route: format!("GET /{path}"),
        function,
    });
    Some(api.routes.len() - 1)
}

/// Removes route `route` of the HTTP API of service `index`.
pub fn remove_http_route(design: &mut Design, index: usize, route: usize) {
    let Some(api) = design
        .services
        .get_mut(index)
        .and_then(|s| s.http_api.as_mut())
    else {
        return;
    };
    if route < api.routes.len() {
        api.routes.remove(route);
    }
}

/// Adds a queue to service `index`; returns its index in the service's list.
pub fn add_queue(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Queue.add(design, index)
}

/// Removes queue `queue` of service `index`, and every reference to it (worker, Lambda trigger).
pub fn remove_queue(design: &mut Design, index: usize, queue: usize) {
    kinds::Queue.remove(design, index, queue);
}

/// Adds a private bucket to service `index`; returns its index in the service's list.
pub fn add_bucket(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Bucket.add(design, index)
}

/// Removes bucket `bucket` of service `index`.
pub fn remove_bucket(design: &mut Design, index: usize, bucket: usize) {
    kinds::Bucket.remove(design, index, bucket);
}

/// Adds an SNS topic to service `index`; returns its index in the service's list.
pub fn add_topic(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Topic.add(design, index)
}

/// Removes topic `topic` of service `index`, and every queue's subscription to it.
pub fn remove_topic(design: &mut Design, index: usize, topic: usize) {
    kinds::Topic.remove(design, index, topic);
}

/// Renames topic `topic` of service `index`, and the subscriptions to it.
pub fn rename_topic(design: &mut Design, index: usize, topic: usize, name: &str) {
    let Some(service) = design.services.get_mut(index) else {
        return;
    };
    let Some(t) = service.topics.get_mut(topic) else {
        return;
    };
    let old = std::mem::replace(&mut t.name, name.to_owned());
    let (from, to) = (
        format!("{}.{old}", service.name),
        format!("{}.{name}", service.name),
    );
    retarget_subscriptions(design, &from, &to);
}

/// Points every subscription to topic `from` at `to` (both `<service>.<topic>`).
fn retarget_subscriptions(design: &mut Design, from: &str, to: &str) {
    for q in design.services.iter_mut().flat_map(|s| s.queues.iter_mut()) {
        for sub in &mut q.subscribe {
            if sub.topic == from {
                sub.topic = to.to_owned();
            }
        }
    }
}

/// The topics queue `queue` of service `index` may subscribe to: every `<service>.<topic>` of
/// the other services, in the design's order, without those it already subscribes to.
pub fn subscribable(design: &Design, index: usize, queue: usize) -> Vec<String> {
    let Some(q) = design.services.get(index).and_then(|s| s.queues.get(queue)) else {
        return Vec::new();
    };
    design
        .services
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != index)
        .flat_map(|(_, s)| {
            s.topics
                .iter()
                .map(move |t| format!("{}.{}", s.name, t.name))
        })
        .filter(|full| !q.subscribe.iter().any(|sub| &sub.topic == full))
        .collect()
}

/// Subscribes queue `queue` of service `index` to `topic` (`<service>.<topic>`); returns the
/// subscription's index.
pub fn add_subscription(
    design: &mut Design,
    index: usize,
    queue: usize,
    topic: &str,
) -> Option<usize> {
    let q = design.services.get_mut(index)?.queues.get_mut(queue)?;
    q.subscribe.push(Subscription {
        topic: topic.to_owned(),
        ..Subscription::default()
    });
    Some(q.subscribe.len() - 1)
}

/// Removes subscription `sub` of queue `queue` of service `index`.
pub fn remove_subscription(design: &mut Design, index: usize, queue: usize, sub: usize) {
    if let Some(q) = design
        .services
        .get_mut(index)
        .and_then(|s| s.queues.get_mut(queue))
    {
        if sub < q.subscribe.len() {
            q.subscribe.remove(sub);
        }
    }
}

/// Adds a DynamoDB table (partition key `id`, a string) to service `index`; returns its index
/// in the service's list.
pub fn add_table(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Table.add(design, index)
}

/// Removes table `table` of service `index`.
pub fn remove_table(design: &mut Design, index: usize, table: usize) {
    kinds::Table.remove(design, index, table);
}

/// Adds a daily schedule to service `index`, invoking its first Lambda (one is added when it
/// has none); returns the schedule's index.
pub fn add_schedule(design: &mut Design, index: usize) -> Option<usize> {
    kinds::Schedule.add(design, index)
}

/// Removes schedule `schedule` of service `index`.
pub fn remove_schedule(design: &mut Design, index: usize, schedule: usize) {
    kinds::Schedule.remove(design, index, schedule);
}

/// Whether `block` can be added to service `index`: the service exists; it has none of
/// `block` yet when a service has one at most (an API, a database…); a block that is a service
/// of its own ([`Kind::alone`], a static frontend) goes only to a service with no building
/// block yet, and nothing else goes to a service that has one; and the block's own rule
/// ([`Kind::add_refused`]: an HTTP API needs a function to route to) holds.
pub fn can_add(design: &Design, index: usize, block: Block) -> bool {
    why_not_add(design, index, block).is_none()
}

/// Why `block` cannot be added to service `index` (see [`can_add`]), in words the designer
/// shows beside its disabled "Add" control; `None` when it can.
pub fn why_not_add(design: &Design, index: usize, block: Block) -> Option<String> {
    let Some(service) = design.services.get(index) else {
        return Some(format!("there is no service number {}", index + 1));
    };
    let kind = block.kind();
    if kind.alone() {
        return kinds::of(service).next().map(|_| {
            format!(
                "{} is a service of its own: add it to a new service with no building block yet",
                kind.a()
            )
        });
    }
    if let Some(alone) = kinds::of(service).find(|k| k.alone()) {
        return Some(format!(
            "service \"{}\" is {}, a service of its own: nothing else goes with it",
            service.name,
            alone.a()
        ));
    }
    if kind.single() && kind.present(service) {
        return Some(format!(
            "service \"{}\" already has {}",
            service.name,
            kind.a()
        ));
    }
    kind.add_refused(service).map(str::to_owned)
}

/// Adds `block`, with defaults, to service `index`. Returns the JSON Pointer below the service
/// of the new block's first field (`/queues/1/name`), where its diagram box leads; `None`
/// (and the design unchanged) when [`can_add`] says no.
pub fn add_block(design: &mut Design, index: usize, block: Block) -> Option<String> {
    if !can_add(design, index, block) {
        return None;
    }
    let number = block.kind().add(design, index)?;
    if let Some(service) = design.services.get_mut(index) {
        forget_capacity(service);
    }
    Some(block.kind().first_field(number))
}

/// The block a field below a service belongs to (`/queues/1/name` → queue 1; `/api/port` →
/// the API, number 0), as a diagram box names it.
pub fn block_at(field: &str) -> Option<(Block, usize)> {
    let mut parts = field.trim_start_matches('/').split('/');
    let list = parts.next()?;
    let kind = kinds::ALL.iter().find(|k| k.field() == list)?;
    let number = if kind.single() {
        0
    } else {
        parts.next()?.parse::<usize>().ok()?
    };
    Some((Block(*kind), number))
}

/// Removes block number `number` of kind `block` from service `index` (a block a service has
/// one of is number 0), with what refers to it (see [`remove_queue`], [`remove_lambda`]).
pub fn remove_block(design: &mut Design, index: usize, block: Block, number: usize) {
    block.kind().remove(design, index, number);
    if let Some(service) = design.services.get_mut(index) {
        forget_capacity(service);
    }
}

/// Copies function, queue, schedule, bucket, table or topic `number` of service `index` under
/// a new name right after the last of its kind; returns the copy's first field (as
/// [`add_block`]). A block a service has one of at most (an API, a cache…) is not duplicated
/// (`None`).
pub fn duplicate_block(
    design: &mut Design,
    index: usize,
    block: Block,
    number: usize,
) -> Option<String> {
    let copy = block.kind().duplicate(design, index, number)?;
    Some(block.kind().first_field(copy))
}

/// Renames Lambda `lambda` of service `index`, and the schedules that invoke it.
pub fn rename_lambda(design: &mut Design, index: usize, lambda: usize, name: &str) {
    let Some(service) = design.services.get_mut(index) else {
        return;
    };
    let Some(function) = service.lambdas.get_mut(lambda) else {
        return;
    };
    let old = std::mem::replace(&mut function.name, name.to_owned());
    for schedule in &mut service.schedules {
        if schedule.lambda == old {
            schedule.lambda = name.to_owned();
        }
    }
    if let Some(api) = &mut service.http_api {
        for route in &mut api.routes {
            if route.function == old {
                route.function = name.to_owned();
            }
        }
    }
}

/// Renames queue `queue` of service `index`, and the worker and Lambda references to it.
pub fn rename_queue(design: &mut Design, index: usize, queue: usize, name: &str) {
    let Some(service) = design.services.get_mut(index) else {
        return;
    };
    let Some(q) = service.queues.get_mut(queue) else {
        return;
    };
    let old = std::mem::replace(&mut q.name, name.to_owned());
    if let Some(worker) = &mut service.worker {
        for consumed in &mut worker.queues {
            if *consumed == old {
                *consumed = name.to_owned();
            }
        }
    }
    for lambda in &mut service.lambdas {
        if lambda.queue.as_deref() == Some(old.as_str()) {
            lambda.queue = Some(name.to_owned());
        }
    }
}

pub use kinds::schedule::{cron_daily_at, rate_every_hours};

// ---------------------------------------------------------------------------------------------
// Tiers

/// Adds a tier after the last one, copying its settings (or defaults), deployed to the primary
/// region, with a placeholder cost code in every service; returns its index.
pub fn add_tier(design: &mut Design) -> usize {
    let name = new_tier_name(
        design,
        match design.tiers.len() {
            0 => "dev",
            1 => "staging",
            2 => "prod",
            _ => "tier",
        },
    );
    let tier = match design.tiers.last() {
        Some(last) => Tier {
            name: name.clone(),
            ..last.clone()
        },
        None => default_tier(
            &name,
            design
                .primary_region()
                .map(|r| vec![r.to_owned()])
                .unwrap_or_default(),
        ),
    };
    design.tiers.push(tier);
    for service in &mut design.services {
        service
            .cost_codes
            .insert(name.clone(), PLACEHOLDER_COST_CODE.to_owned());
    }
    design.tiers.len() - 1
}

/// Renames tier `index`, with the services' cost-code keys and the explicit-network keys.
pub fn rename_tier(design: &mut Design, index: usize, name: &str) {
    let Some(tier) = design.tiers.get_mut(index) else {
        return;
    };
    let old = std::mem::replace(&mut tier.name, name.to_owned());
    if old == name {
        return;
    }
    for service in &mut design.services {
        if let Some(code) = service.cost_codes.remove(&old) {
            service.cost_codes.insert(name.to_owned(), code);
        }
        if let Some(own) = service.capacity.remove(&old) {
            service.capacity.insert(name.to_owned(), own);
        }
    }
    if let Some(security) = design.security.tiers.remove(&old) {
        design.security.tiers.insert(name.to_owned(), security);
    }
    let explicit = std::mem::take(&mut design.network.explicit);
    design.network.explicit = explicit
        .into_iter()
        .map(|(key, value)| match key.split_once('/') {
            Some((region, tier)) if tier == old => (format!("{region}/{name}"), value),
            _ => (key, value),
        })
        .collect();
}

/// Copies tier `index` under a new name right after it, with the same cost codes; returns the
/// copy's index.
pub fn duplicate_tier(design: &mut Design, index: usize) -> Option<usize> {
    let mut copy = design.tiers.get(index)?.clone();
    let old = copy.name.clone();
    copy.name = new_tier_name(design, &format!("{old}-copy"));
    for service in &mut design.services {
        let code = service
            .cost_codes
            .get(&old)
            .cloned()
            .unwrap_or_else(|| PLACEHOLDER_COST_CODE.to_owned());
        service.cost_codes.insert(copy.name.clone(), code);
        if let Some(own) = service.capacity.get(&old).cloned() {
            service.capacity.insert(copy.name.clone(), own);
        }
    }
    if let Some(security) = design.security.tiers.get(&old).cloned() {
        design.security.tiers.insert(copy.name.clone(), security);
    }
    design.tiers.insert(index + 1, copy);
    Some(index + 1)
}

/// Removes tier `index`, its cost codes and its explicit-network entries.
pub fn remove_tier(design: &mut Design, index: usize) {
    if index >= design.tiers.len() {
        return;
    }
    let removed = design.tiers.remove(index);
    for service in &mut design.services {
        service.cost_codes.remove(&removed.name);
        service.capacity.remove(&removed.name);
    }
    design.security.tiers.remove(&removed.name);
    design
        .network
        .explicit
        .retain(|key, _| key.split_once('/').map(|(_, t)| t) != Some(removed.name.as_str()));
}

/// Adds or removes `region` from the regions tier `index` deploys to (kept in design order).
pub fn set_tier_region(design: &mut Design, index: usize, region: &str, on: bool) {
    let order: Vec<String> = design.regions.iter().map(|r| r.name.clone()).collect();
    let Some(tier) = design.tiers.get_mut(index) else {
        return;
    };
    tier.regions.retain(|r| r != region);
    if on {
        tier.regions.push(region.to_owned());
        tier.regions
            .sort_by_key(|r| order.iter().position(|o| o == r).unwrap_or(usize::MAX));
    }
}

// ---------------------------------------------------------------------------------------------
// Regions

/// Adds the first AWS region the design does not use yet: the primary when there is none, else
/// the DR region. It gets a state backend; no tier deploys there until one chooses it.
/// Returns its index, or `None` when every known region is in use.
pub fn add_region(design: &mut Design) -> Option<usize> {
    let name = crate::catalog::REGIONS
        .iter()
        .find(|r| !design.regions.iter().any(|x| x.name == **r))?;
    let role = if design.primary_region().is_none() {
        RegionRole::Primary
    } else {
        RegionRole::Dr
    };
    design.regions.push(Region {
        name: (*name).to_owned(),
        role,
    });
    design
        .backend
        .regions
        .insert((*name).to_owned(), default_backend(&design.project, name));
    Some(design.regions.len() - 1)
}

/// Renames region `index` everywhere: tiers, backend, explicit-network and access-log bucket
/// keys.
pub fn rename_region(design: &mut Design, index: usize, name: &str) {
    let Some(region) = design.regions.get_mut(index) else {
        return;
    };
    let old = std::mem::replace(&mut region.name, name.to_owned());
    if old == name {
        return;
    }
    for tier in &mut design.tiers {
        for r in &mut tier.regions {
            if *r == old {
                *r = name.to_owned();
            }
        }
    }
    if let Some(backend) = design.backend.regions.remove(&old) {
        design.backend.regions.insert(name.to_owned(), backend);
    }
    if let Some(bucket) = design.security.access_log_buckets.remove(&old) {
        design
            .security
            .access_log_buckets
            .insert(name.to_owned(), bucket);
    }
    let explicit = std::mem::take(&mut design.network.explicit);
    design.network.explicit = explicit
        .into_iter()
        .map(|(key, value)| match key.split_once('/') {
            Some((region, tier)) if region == old => (format!("{name}/{tier}"), value),
            _ => (key, value),
        })
        .collect();
}

/// Copies region `index` (as a new region name, in the DR role) with the same tiers deploying
/// there; returns the copy's index, or `None` when every known region is in use.
pub fn duplicate_region(design: &mut Design, index: usize) -> Option<usize> {
    let source = design.regions.get(index)?.name.clone();
    let copy = add_region(design)?;
    design.regions[copy].role = RegionRole::Dr;
    let name = design.regions[copy].name.clone();
    for i in 0..design.tiers.len() {
        if design.tiers[i].regions.contains(&source) {
            set_tier_region(design, i, &name, true);
        }
    }
    Some(copy)
}

/// Removes region `index` from the design, its tiers, its backend, its explicit networks and
/// its access-log bucket.
pub fn remove_region(design: &mut Design, index: usize) {
    if index >= design.regions.len() {
        return;
    }
    let removed = design.regions.remove(index);
    for tier in &mut design.tiers {
        tier.regions.retain(|r| *r != removed.name);
    }
    design.backend.regions.remove(&removed.name);
    design.security.access_log_buckets.remove(&removed.name);
    design
        .network
        .explicit
        .retain(|key, _| key.split_once('/').map(|(r, _)| r) != Some(removed.name.as_str()));
}

/// Makes `region` the disaster-recovery region. A region already in the DR role becomes the
/// primary when `region` was the primary (a swap), so the design keeps one primary.
pub fn set_dr_region(design: &mut Design, region: &str) {
    let Some(target) = design.regions.iter().position(|r| r.name == region) else {
        return;
    };
    let was_primary = design.regions[target].role == RegionRole::Primary;
    for (i, r) in design.regions.iter_mut().enumerate() {
        if i == target {
            r.role = RegionRole::Dr;
        } else if r.role == RegionRole::Dr && was_primary {
            r.role = RegionRole::Primary;
        }
    }
}

/// Makes `region` the primary region; the previous primary becomes the DR region.
pub fn set_primary_region(design: &mut Design, region: &str) {
    let Some(target) = design.regions.iter().position(|r| r.name == region) else {
        return;
    };
    for (i, r) in design.regions.iter_mut().enumerate() {
        if i == target {
            r.role = RegionRole::Primary;
        } else if r.role == RegionRole::Primary {
            r.role = RegionRole::Dr;
        }
    }
}

/// Turns existing access-log buckets on (an empty name for every region with access logs, to
/// be filled in; names already given stay) or off (the bundle creates its own again).
pub fn use_existing_log_buckets(design: &mut Design, on: bool) {
    if !on {
        design.security.access_log_buckets.clear();
        return;
    }
    let regions: Vec<String> = design
        .access_log_regions()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for region in regions {
        design
            .security
            .access_log_buckets
            .entry(region)
            .or_default();
    }
}

/// Names the existing access-log bucket of `region`. Emptying the name of a region the design
/// no longer has drops the entry.
pub fn set_access_log_bucket(design: &mut Design, region: &str, bucket: &str) {
    let bucket = bucket.trim();
    if bucket.is_empty() && !design.access_log_regions().contains(&region) {
        design.security.access_log_buckets.remove(region);
    } else {
        design
            .security
            .access_log_buckets
            .insert(region.to_owned(), bucket.to_owned());
    }
}

/// Changes the project name; backend names that followed the old project's pattern follow.
pub fn rename_project(design: &mut Design, name: &str) {
    let old = std::mem::replace(&mut design.project, name.to_owned());
    for (region, backend) in &mut design.backend.regions {
        let was = default_backend(&old, region);
        let now = default_backend(name, region);
        if backend.bucket == was.bucket {
            backend.bucket = now.bucket;
        }
        if backend.lock_table == was.lock_table {
            backend.lock_table = now.lock_table;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// IAM

/// Adds an IAM group with read-only access under a name no group has yet; returns its index.
pub fn add_iam_group(design: &mut Design) -> usize {
    let taken: Vec<&str> = design.iam.groups.iter().map(|g| g.name.as_str()).collect();
    let name = unique(&format!("group-{}", design.iam.groups.len() + 1), &taken);
    design.iam.groups.push(IamGroup {
        name,
        managed_policies: vec!["ReadOnlyAccess".into()],
        ..IamGroup::default()
    });
    design.iam.groups.len() - 1
}

/// Renames IAM group `index`, and the users' memberships with it. While another group still has
/// the old name (two groups named alike, which validation refuses), the memberships stay: they
/// cannot tell which of the two they meant.
pub fn rename_iam_group(design: &mut Design, index: usize, name: &str) {
    let Some(group) = design.iam.groups.get_mut(index) else {
        return;
    };
    let old = std::mem::replace(&mut group.name, name.to_owned());
    if old == name || design.iam.groups.iter().any(|g| g.name == old) {
        return;
    }
    for user in &mut design.iam.users {
        for member in &mut user.groups {
            if *member == old {
                *member = name.to_owned();
            }
        }
    }
}

/// Removes IAM group `index` and every user's membership in it (unless another group still has
/// its name).
pub fn remove_iam_group(design: &mut Design, index: usize) {
    if index >= design.iam.groups.len() {
        return;
    }
    let old = design.iam.groups.remove(index).name;
    if design.iam.groups.iter().any(|g| g.name == old) {
        return;
    }
    for user in &mut design.iam.users {
        user.groups.retain(|g| *g != old);
    }
}

/// Adds an IAM user in no group, without an access key, under a name no user has yet; returns
/// its index.
pub fn add_iam_user(design: &mut Design) -> usize {
    let taken: Vec<&str> = design.iam.users.iter().map(|u| u.name.as_str()).collect();
    let name = unique(&format!("user-{}", design.iam.users.len() + 1), &taken);
    design.iam.users.push(IamUser {
        name,
        ..IamUser::default()
    });
    design.iam.users.len() - 1
}

/// Removes IAM user `index`.
pub fn remove_iam_user(design: &mut Design, index: usize) {
    if index < design.iam.users.len() {
        design.iam.users.remove(index);
    }
}

#[cfg(test)]
mod launch_tests {
    use super::*;

    #[test]
    fn the_launch_type_is_set_by_its_catalog_name() {
        let mut s = Service::default();
        set_launch_type(&mut s, "fargate");
        assert_eq!(s.launch_type, LaunchType::Fargate);
        set_launch_type(&mut s, "lambda");
        assert_eq!(s.launch_type, LaunchType::Fargate);
        set_launch_type(&mut s, "ec2");
        assert_eq!(s.launch_type, LaunchType::Ec2);
        let names: Vec<&str> = LaunchType::ALL.iter().map(LaunchType::as_str).collect();
        assert_eq!(names, crate::catalog::LAUNCH_TYPES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use crate::validate::validate;
    use crate::Severity;

    fn sports() -> Design {
        presets::sports_cards()
    }

    fn errors(design: &Design) -> Vec<String> {
        validate(design)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn the_empty_design_has_one_region_one_tier_and_asks_for_a_service() {
        let mut design = empty_design();
        assert_eq!(design.regions.len(), 1);
        assert_eq!(design.tiers.len(), 1);
        assert!(design.services.is_empty());
        assert!(design.backend.regions.contains_key("us-east-1"));
        assert_eq!(
            errors(&design),
            ["error: the design needs at least one service (/services)"]
        );
        add_service(&mut design);
        assert_eq!(errors(&design), Vec::<String>::new());
    }

    #[test]
    fn new_service_names_avoid_the_taken_ones() {
        let mut design = sports();
        let taken = design.services[0].name.clone();
        assert_eq!(new_service_name(&design, "fresh"), "fresh");
        assert_eq!(new_service_name(&design, &taken), format!("{taken}-2"));
        design.services[1].name = format!("{taken}-2");
        assert_eq!(new_service_name(&design, &taken), format!("{taken}-3"));
    }

    #[test]
    fn an_added_service_has_a_cost_code_per_tier_and_validates() {
        let mut design = sports();
        let i = add_service(&mut design);
        let service = &design.services[i];
        assert_eq!(service.cost_codes.len(), design.tiers.len());
        assert!(service.api.is_some());
        assert_eq!(errors(&design), Vec::<String>::new());
        let j = add_service(&mut design);
        assert_ne!(design.services[i].name, design.services[j].name);
    }

    #[test]
    fn rename_duplicate_and_remove_a_service() {
        let mut design = sports();
        let count = design.services.len();
        rename_service(&mut design, 0, "renamed");
        assert_eq!(design.services[0].name, "renamed");
        let copy = duplicate_service(&mut design, 0).expect("a copy");
        assert_eq!(copy, 1);
        assert_eq!(design.services[1].name, "renamed-copy");
        assert_eq!(design.services[1].api, design.services[0].api);
        assert_eq!(errors(&design), Vec::<String>::new());
        remove_service(&mut design, 1);
        assert_eq!(design.services.len(), count);
        remove_service(&mut design, 99);
        assert_eq!(design.services.len(), count);
        assert_eq!(duplicate_service(&mut design, 99), None);
    }

    #[test]
    fn components_toggle_on_with_defaults_and_off() {
        let mut design = presets::minimal();
        assert!(has_component(&design, 0, Block(&kinds::Api)));
        toggle_component(&mut design, 0, Block(&kinds::Api));
        assert!(design.services[0].api.is_none());
        toggle_component(&mut design, 0, Block(&kinds::Api));
        assert!(design.services[0].api.is_some());

        set_component(&mut design, 0, Block(&kinds::Worker), true);
        let service = &design.services[0];
        assert_eq!(service.queues.len(), 1, "a worker needs a queue");
        assert_eq!(
            service.worker.as_ref().map(|w| w.queues.clone()),
            Some(vec![service.queues[0].name.clone()])
        );
        set_component(&mut design, 0, Block(&kinds::Database), true);
        assert_eq!(
            design.services[0]
                .database
                .as_ref()
                .map(|d| d.db_name.as_str()),
            Some("web_api")
        );
        assert_eq!(errors(&design), Vec::<String>::new());
        set_component(&mut design, 0, Block(&kinds::Database), false);
        set_component(&mut design, 0, Block(&kinds::Worker), false);
        assert!(design.services[0].database.is_none());
        assert!(design.services[0].worker.is_none());
    }

    #[test]
    fn lambdas_add_and_remove_with_their_schedules() {
        let mut design = presets::minimal();
        let l = add_lambda(&mut design, 0).expect("added");
        let l2 = add_lambda(&mut design, 0).expect("added");
        assert_ne!(
            design.services[0].lambdas[l].name,
            design.services[0].lambdas[l2].name
        );
        let s = add_schedule(&mut design, 0).expect("added");
        assert_eq!(design.services[0].schedules[s].lambda, "function");
        assert_eq!(errors(&design), Vec::<String>::new());
        rename_lambda(&mut design, 0, 0, "tick");
        assert_eq!(design.services[0].schedules[s].lambda, "tick");
        remove_lambda(&mut design, 0, 0);
        assert_eq!(design.services[0].lambdas.len(), 1);
        assert!(design.services[0].schedules.is_empty());
    }

    #[test]
    fn a_schedule_on_a_service_without_lambda_adds_one() {
        let mut design = presets::minimal();
        add_schedule(&mut design, 0).expect("added");
        assert_eq!(design.services[0].lambdas.len(), 1);
        add_schedule(&mut design, 0).expect("added");
        let names: Vec<_> = design.services[0]
            .schedules
            .iter()
            .map(|s| s.name.clone())
            .collect();
        assert_eq!(names, ["nightly", "nightly-2"]);
        remove_schedule(&mut design, 0, 0);
        assert_eq!(design.services[0].schedules.len(), 1);
        assert_eq!(errors(&design), Vec::<String>::new());
    }

    #[test]
    fn buckets_add_with_unique_names_and_remove() {
        let mut design = presets::minimal();
        assert_eq!(add_bucket(&mut design, 0), Some(0));
        assert_eq!(add_bucket(&mut design, 0), Some(1));
        let names: Vec<&str> = design.services[0]
            .buckets
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, ["files", "files-2"]);
        assert_eq!(errors(&design), Vec::<String>::new());
        remove_bucket(&mut design, 0, 0);
        remove_bucket(&mut design, 0, 5);
        assert_eq!(design.services[0].buckets.len(), 1);
        assert_eq!(design.services[0].buckets[0].name, "files-2");
        assert_eq!(add_bucket(&mut design, 9), None);
    }

    #[test]
    fn tables_add_with_a_string_key_and_unique_names_and_remove() {
        let mut design = presets::minimal();
        assert_eq!(add_table(&mut design, 0), Some(0));
        assert_eq!(add_table(&mut design, 0), Some(1));
        let tables = &design.services[0].tables;
        assert_eq!(tables[0].name, "items");
        assert_eq!(tables[1].name, "items-2");
        assert_eq!(tables[0].partition_key.name, "id");
        assert_eq!(errors(&design), Vec::<String>::new());
        remove_table(&mut design, 0, 0);
        assert_eq!(design.services[0].tables.len(), 1);
        assert_eq!(add_table(&mut design, 9), None);
    }

    #[test]
    fn queues_add_rename_and_remove_with_their_references() {
        let mut design = presets::minimal();
        set_component(&mut design, 0, Block(&kinds::Worker), true);
        let l = add_lambda(&mut design, 0).expect("added");
        design.services[0].lambdas[l].queue = Some("jobs".into());
        let q = add_queue(&mut design, 0).expect("added");
        assert_eq!(design.services[0].queues[q].name, "jobs-2");
        rename_queue(&mut design, 0, 0, "orders");
        assert_eq!(
            design.services[0].worker.as_ref().unwrap().queues,
            ["orders"]
        );
        assert_eq!(
            design.services[0].lambdas[l].queue.as_deref(),
            Some("orders")
        );
        remove_queue(&mut design, 0, 0);
        assert!(design.services[0]
            .worker
            .as_ref()
            .unwrap()
            .queues
            .is_empty());
        assert_eq!(design.services[0].lambdas[l].queue, None);
    }

    #[test]
    fn cron_helpers_write_eventbridge_expressions() {
        assert_eq!(cron_daily_at(3), "cron(0 3 * * ? *)");
        assert_eq!(cron_daily_at(40), "cron(0 23 * * ? *)");
        assert_eq!(rate_every_hours(1), "rate(1 hour)");
        assert_eq!(rate_every_hours(0), "rate(1 hour)");
        assert_eq!(rate_every_hours(6), "rate(6 hours)");
        let mut design = presets::minimal();
        add_schedule(&mut design, 0);
        design.services[0].schedules[0].expression = rate_every_hours(6);
        assert_eq!(errors(&design), Vec::<String>::new());
    }

    #[test]
    fn renaming_a_tier_renames_its_cost_codes_and_explicit_networks() {
        let mut design = sports();
        let old = design.tiers[2].name.clone();
        design.network.explicit.insert(
            format!("us-east-1/{old}"),
            ExplicitNetwork {
                vpc_id: "vpc-1".into(),
                private_subnet_ids: vec![],
                public_subnet_ids: vec![],
            },
        );
        design.network.explicit.insert(
            "us-east-1/dev".into(),
            ExplicitNetwork {
                vpc_id: "vpc-2".into(),
                private_subnet_ids: vec![],
                public_subnet_ids: vec![],
            },
        );
        rename_tier(&mut design, 2, "production");
        assert_eq!(design.tiers[2].name, "production");
        for service in &design.services {
            assert!(service.cost_codes.contains_key("production"));
            assert!(!service.cost_codes.contains_key(&old));
        }
        let keys: Vec<_> = design.network.explicit.keys().cloned().collect();
        assert_eq!(keys, ["us-east-1/dev", "us-east-1/production"]);
    }

    #[test]
    fn add_duplicate_and_remove_a_tier() {
        let mut design = sports();
        let i = add_tier(&mut design);
        assert_eq!(design.tiers[i].name, "tier");
        for service in &design.services {
            assert_eq!(
                service.cost_codes.get("tier").map(String::as_str),
                Some(PLACEHOLDER_COST_CODE)
            );
        }
        assert_eq!(errors(&design), Vec::<String>::new());
        let copy = duplicate_tier(&mut design, 0).expect("a copy");
        assert_eq!(design.tiers[copy].name, "dev-copy");
        assert_eq!(
            design.services[0].cost_codes.get("dev-copy"),
            design.services[0].cost_codes.get("dev")
        );
        remove_tier(&mut design, copy);
        remove_tier(&mut design, i);
        assert_eq!(design, sports());
    }

    #[test]
    fn tier_regions_are_set_in_design_order() {
        let mut design = sports();
        set_tier_region(&mut design, 0, "us-west-2", true);
        set_tier_region(&mut design, 0, "us-east-1", false);
        set_tier_region(&mut design, 0, "us-east-1", true);
        assert_eq!(design.tiers[0].regions, ["us-east-1", "us-west-2"]);
        set_tier_region(&mut design, 0, "us-west-2", false);
        assert_eq!(design.tiers[0].regions, ["us-east-1"]);
    }

    #[test]
    fn add_rename_and_remove_a_region() {
        let mut design = presets::minimal();
        let i = add_region(&mut design).expect("a free region");
        assert_eq!(design.regions[i].role, RegionRole::Dr);
        assert_eq!(design.regions[i].name, "us-east-1");
        assert!(design.backend.regions.contains_key("us-east-1"));
        set_tier_region(&mut design, 0, "us-east-1", true);
        design
            .security
            .access_log_buckets
            .insert("us-east-1".into(), "acme-logs-use1".into());
        rename_region(&mut design, i, "us-west-2");
        assert_eq!(design.tiers[0].regions, ["eu-west-1", "us-west-2"]);
        assert!(design.backend.regions.contains_key("us-west-2"));
        assert!(!design.backend.regions.contains_key("us-east-1"));
        let buckets: Vec<_> = design.security.access_log_buckets.keys().collect();
        assert_eq!(buckets, ["us-west-2"]);
        remove_region(&mut design, i);
        assert_eq!(design, presets::minimal());
    }

    #[test]
    fn existing_log_buckets_are_turned_on_per_region_and_stale_ones_can_be_dropped() {
        let mut design = sports();
        use_existing_log_buckets(&mut design, true);
        let regions: Vec<_> = design.security.access_log_buckets.keys().collect();
        assert_eq!(regions, ["us-east-1", "us-west-2"]);
        set_access_log_bucket(&mut design, "us-east-1", " acme-logs ");
        set_access_log_bucket(&mut design, "eu-west-9", "stale");
        set_access_log_bucket(&mut design, "us-west-2", "");
        assert_eq!(design.security.access_log_buckets["us-east-1"], "acme-logs");
        assert_eq!(design.security.access_log_buckets["us-west-2"], "");
        set_access_log_bucket(&mut design, "eu-west-9", "");
        assert!(!design.security.access_log_buckets.contains_key("eu-west-9"));
        use_existing_log_buckets(&mut design, true);
        assert_eq!(design.security.access_log_buckets["us-east-1"], "acme-logs");
        use_existing_log_buckets(&mut design, false);
        assert!(design.security.access_log_buckets.is_empty());
    }

    #[test]
    fn removing_a_region_removes_it_from_tiers_backend_and_networks() {
        let mut design = sports();
        design.network.explicit.insert(
            "us-west-2/prod".into(),
            ExplicitNetwork {
                vpc_id: "vpc-1".into(),
                private_subnet_ids: vec![],
                public_subnet_ids: vec![],
            },
        );
        let i = design
            .regions
            .iter()
            .position(|r| r.name == "us-west-2")
            .unwrap();
        for region in ["us-east-1", "us-west-2"] {
            design
                .security
                .access_log_buckets
                .insert(region.into(), format!("logs-{region}"));
        }
        remove_region(&mut design, i);
        assert!(design
            .tiers
            .iter()
            .all(|t| !t.regions.contains(&"us-west-2".to_owned())));
        assert!(!design.backend.regions.contains_key("us-west-2"));
        assert!(design.network.explicit.is_empty());
        let buckets: Vec<_> = design.security.access_log_buckets.keys().collect();
        assert_eq!(buckets, ["us-east-1"]);
        assert_eq!(design.dr_region(), None);
    }

    #[test]
    fn a_duplicated_region_is_the_dr_copy_of_the_same_tiers() {
        let mut design = presets::minimal();
        let i = duplicate_region(&mut design, 0).expect("a copy");
        let name = design.regions[i].name.clone();
        assert_eq!(design.dr_region(), Some(name.as_str()));
        assert!(design.tiers[0].regions.contains(&name));
    }

    #[test]
    fn setting_the_dr_region_keeps_one_primary() {
        let mut design = sports();
        set_dr_region(&mut design, "us-east-1");
        assert_eq!(design.dr_region(), Some("us-east-1"));
        assert_eq!(design.primary_region(), Some("us-west-2"));
        set_primary_region(&mut design, "us-east-1");
        assert_eq!(design.primary_region(), Some("us-east-1"));
        assert_eq!(design.dr_region(), Some("us-west-2"));
        set_dr_region(&mut design, "nowhere");
        assert_eq!(design.dr_region(), Some("us-west-2"));
    }

    #[test]
    fn renaming_the_project_carries_default_backend_names() {
        let mut design = presets::minimal();
        design
            .backend
            .regions
            .get_mut("eu-west-1")
            .unwrap()
            .lock_table = "custom".into();
        rename_project(&mut design, "globex");
        let backend = &design.backend.regions["eu-west-1"];
        assert_eq!(backend.bucket, "globex-tfstate-eu-west-1");
        assert_eq!(backend.lock_table, "custom");
    }
}

#[cfg(test)]
mod security_key_tests {
    use super::*;

    #[test]
    fn security_entries_follow_renames_copies_and_removals() {
        let mut d = crate::presets::sports_cards();
        d.security
            .services
            .entry("card-catalog-api".into())
            .or_default()
            .writable_paths
            .push("/var/cache/nginx".into());
        rename_service(&mut d, 0, "catalog");
        assert!(d.security.services.contains_key("catalog"));
        assert!(!d.security.services.contains_key("card-catalog-api"));
        let copy = duplicate_service(&mut d, 0).unwrap();
        assert!(d.security.services.contains_key(&d.services[copy].name));
        remove_service(&mut d, 0);
        assert!(!d.security.services.contains_key("catalog"));
        rename_tier(&mut d, 2, "production");
        assert!(d.security.tiers.contains_key("production"));
        remove_tier(&mut d, 2);
        assert!(!d.security.tiers.contains_key("production"));
        let new = add_service(&mut d);
        set_component(&mut d, new, Block(&kinds::Api), true);
        let errors: Vec<_> = crate::validate::validate(&d)
            .into_iter()
            .filter(|x| x.severity == crate::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[cfg(test)]
mod iam_tests {
    use super::*;
    use crate::validate::validate;
    use crate::Severity;

    fn groups_of(d: &Design, user: &str) -> Vec<String> {
        d.iam
            .users
            .iter()
            .find(|u| u.name == user)
            .unwrap()
            .groups
            .clone()
    }

    #[test]
    fn renaming_a_group_moves_its_members_along() {
        let mut d = crate::presets::sports_cards();
        let g = d
            .iam
            .groups
            .iter()
            .position(|g| g.name == "deployers")
            .unwrap();
        rename_iam_group(&mut d, g, "operators");
        assert_eq!(d.iam.groups[g].name, "operators");
        assert_eq!(groups_of(&d, "deployer"), ["operators"]);
        assert_eq!(groups_of(&d, "reader"), ["readers"]);
        assert!(!validate(&d).iter().any(|x| x.severity == Severity::Error));
    }

    #[test]
    fn a_name_two_groups_share_keeps_its_members_until_it_is_unique() {
        let mut d = crate::presets::sports_cards();
        let a = add_iam_group(&mut d);
        rename_iam_group(&mut d, a, "readers");
        // Typing on: the copy gets its own name, the members stay with the original group.
        rename_iam_group(&mut d, a, "readers-2");
        assert_eq!(groups_of(&d, "reader"), ["readers"]);
    }

    #[test]
    fn removing_a_group_drops_the_memberships() {
        let mut d = crate::presets::sports_cards();
        let g = d
            .iam
            .groups
            .iter()
            .position(|g| g.name == "readers")
            .unwrap();
        remove_iam_group(&mut d, g);
        assert!(groups_of(&d, "reader").is_empty());
        assert_eq!(groups_of(&d, "deployer"), ["deployers"]);
        remove_iam_group(&mut d, 99);
    }

    #[test]
    fn added_groups_and_users_have_fresh_names_and_validate() {
        let mut d = crate::presets::sports_cards();
        let g1 = add_iam_group(&mut d);
        let g2 = add_iam_group(&mut d);
        assert_ne!(d.iam.groups[g1].name, d.iam.groups[g2].name);
        let u = add_iam_user(&mut d);
        assert!(d.iam.users[u].groups.is_empty() && !d.iam.users[u].access_key);
        assert!(!validate(&d).iter().any(|x| x.severity == Severity::Error));
        remove_iam_user(&mut d, u);
        assert_eq!(d.iam.users.len(), 2);
        remove_iam_user(&mut d, 99);
    }
}

#[cfg(test)]
mod usage_tests {
    use super::*;

    #[test]
    fn usage_is_set_per_service_or_for_all_and_follows_renames_copies_and_removals() {
        let mut d = crate::presets::sports_cards();
        assert!(set_usage(&mut d, None, "kms_requests", Some(50_000)));
        assert!(set_usage(&mut d, Some(0), "alb_lcu_hours", Some(300)));
        assert!(
            !set_usage(&mut d, Some(0), "alb_lcu", Some(1)),
            "unknown field"
        );
        assert!(
            !set_usage(&mut d, Some(99), "alb_lcu_hours", Some(1)),
            "no service"
        );
        let name = d.services[0].name.clone();
        assert_eq!(d.usage.service(&name).alb_lcu_hours, 300);
        assert_eq!(d.usage.service(&name).kms_requests, 50_000);
        assert_eq!(d.usage.service(&d.services[1].name).alb_lcu_hours, 0);
        assert_eq!(d.usage.shared().kms_requests, 50_000);

        rename_service(&mut d, 0, "catalog");
        assert_eq!(d.usage.service("catalog").alb_lcu_hours, 300);
        assert!(!d.usage.services.contains_key(&name));
        let copy = duplicate_service(&mut d, 0).unwrap();
        assert_eq!(d.usage.service(&d.services[copy].name).alb_lcu_hours, 300);
        remove_service(&mut d, 0);
        assert!(!d.usage.services.contains_key("catalog"));

        // Clearing the last input of a service drops its entry, so the section can vanish.
        let copy_name = d.services[0].name.clone();
        assert!(set_usage(&mut d, Some(0), "alb_lcu_hours", None));
        assert!(!d.usage.services.contains_key(&copy_name));
        assert!(set_usage(&mut d, None, "kms_requests", None));
        assert!(d.usage.is_empty());
        assert!(!d.to_json().contains("\"usage\""));
    }
}

#[cfg(test)]
mod block_tests {
    use super::*;
    use crate::presets;
    use crate::validate::validate;
    use crate::Severity;

    fn errors(design: &Design) -> Vec<String> {
        validate(design)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_block_added_to_a_bare_service_leads_to_its_field_and_validates() {
        let mut design = empty_design();
        let i = add_service(&mut design);
        set_component(&mut design, i, Block(&kinds::Api), false);
        // A frontend is a service of its own: alone, it validates too.
        let web = add_service(&mut design);
        set_component(&mut design, web, Block(&kinds::Api), false);
        assert!(can_add(&design, web, Block(&kinds::Frontend)));
        let field = add_block(&mut design, web, Block(&kinds::Frontend)).expect("added");
        assert_eq!(block_at(&field), Some((Block(&kinds::Frontend), 0)));
        assert!(
            !can_add(&design, web, Block(&kinds::Queue))
                && !can_add(&design, web, Block(&kinds::Api))
        );
        // Why not, in words; and the matrix's toggle turns on nothing the rules refuse.
        let name = design.services[web].name.clone();
        assert_eq!(
            why_not_add(&design, web, Block(&kinds::Cache)),
            Some(format!(
                "service \"{name}\" is a static frontend, a service of its own: nothing else goes with it"
            ))
        );
        let before = design.clone();
        set_component(&mut design, web, Block(&kinds::Cache), true);
        assert_eq!(design, before, "a refused block is not added");
        assert_eq!(
            why_not_add(&design, i, Block(&kinds::Frontend)).as_deref(),
            None,
            "the bare service takes a frontend"
        );
        assert_eq!(
            why_not_add(&design, 99, Block(&kinds::Api)).as_deref(),
            Some("there is no service number 100")
        );
        for block in Block::all().filter(|b| *b != Block(&kinds::Frontend)) {
            assert!(can_add(&design, i, block), "{block:?}");
            let field = add_block(&mut design, i, block).expect("added");
            assert_eq!(block_at(&field).map(|(b, _)| b), Some(block), "{field}");
            // The diagram draws a box leading to that field.
            let drawing = kinds::diagram(&design.services[i], false);
            assert!(
                drawing
                    .shapes
                    .iter()
                    .any(|s| matches!(s, kinds::Shape::Node { field: f, .. } if *f == field)),
                "no box leads to {field}"
            );
            // The block's field is the design's field of that name, and the designer can name
            // what it added.
            let json = serde_json::to_value(&design.services[i]).expect("a service serializes");
            assert!(json.get(block.kind().field()).is_some(), "{block:?}");
            let (_, n) = block_at(&field).expect("a block");
            assert!(
                block.kind().what(&design.services[i], n).is_some(),
                "{block:?}"
            );
        }
        assert_eq!(errors(&design), Vec::<String>::new());
        // One API, worker, database and cache per service; functions, queues and schedules
        // repeat.
        for block in Block::all().filter(|b| b.kind().single() && !b.kind().alone()) {
            assert!(!can_add(&design, i, block));
            let before = design.clone();
            assert_eq!(add_block(&mut design, i, block), None);
            assert_eq!(design, before);
        }
        assert_eq!(
            add_block(&mut design, i, Block(&kinds::Queue)).as_deref(),
            Some("/queues/2/name")
        );
        assert_eq!(add_block(&mut design, 9, Block(&kinds::Queue)), None);
    }

    #[test]
    fn blocks_are_removed_and_duplicated_with_what_refers_to_them() {
        let mut design = presets::sports_cards();
        let i = design
            .services
            .iter()
            .position(|s| !s.queues.is_empty() && kinds::Worker.present(s))
            .expect("a service with a worker");
        let queue = design.services[i].queues[0].name.clone();
        let copy = duplicate_block(&mut design, i, Block(&kinds::Queue), 0).expect("copied");
        let (_, n) = block_at(&copy).expect("a queue");
        assert_eq!(design.services[i].queues[n].name, format!("{queue}-copy"));
        assert_eq!(duplicate_block(&mut design, i, Block(&kinds::Api), 0), None);
        remove_block(&mut design, i, Block(&kinds::Queue), 0);
        assert!(design.services[i].queues.iter().all(|q| q.name != queue));
        let worker = design.services[i]
            .worker
            .as_ref()
            .expect("the worker stays");
        assert!(
            !worker.queues.contains(&queue),
            "the worker still reads the removed queue"
        );
        remove_block(&mut design, i, Block(&kinds::Worker), 0);
        assert!(!has_component(&design, i, Block(&kinds::Worker)));
        // The cache: added once with the default engine, never copied, removed as a whole.
        assert_eq!(
            add_block(&mut design, i, Block(&kinds::Cache)).as_deref(),
            Some("/cache/engine")
        );
        assert_eq!(
            design.services[i].cache.as_ref().map(|c| c.engine),
            Some(CacheEngine::Valkey)
        );
        assert_eq!(block_at("/cache/engine"), Some((Block(&kinds::Cache), 0)));
        assert_eq!(
            duplicate_block(&mut design, i, Block(&kinds::Cache), 0),
            None
        );
        remove_block(&mut design, i, Block(&kinds::Cache), 0);
        assert!(!has_component(&design, i, Block(&kinds::Cache)));
        assert_eq!(block_at("/api/port"), Some((Block(&kinds::Api), 0)));
        assert_eq!(block_at("/name"), None);
        assert_eq!(block_at("/queues/name"), None);
    }

    #[test]
    fn every_repeating_block_is_duplicated_under_a_new_name_and_removed_again() {
        let mut design = presets::saas_platform();
        for block in Block::all().filter(|b| !b.kind().single()) {
            let i = design
                .services
                .iter()
                .position(|s| block.kind().present(s))
                .unwrap_or_else(|| panic!("the preset has {}", block.a()));
            let before = design.clone();
            let copy = duplicate_block(&mut design, i, block, 0).expect("copied");
            let (b, n) = block_at(&copy).expect("a block");
            assert_eq!(b, block);
            let (old, new) = (
                block.kind().what(&before.services[i], 0).expect("named"),
                block.kind().what(&design.services[i], n).expect("named"),
            );
            assert_eq!(new, format!("{old}-copy"));
            remove_block(&mut design, i, block, n);
            assert_eq!(design, before, "{block:?}");
        }
    }
}
