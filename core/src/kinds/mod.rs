//! One room per building block of a service: the API, the worker, the Lambda functions, the
//! database, the queues, the schedules, the buckets, the tables, the cache and the topics.
//!
//! Each kind file answers, for its building block, whether a service has it, which modules a
//! deployment root of the service then calls and what it adds there (module calls, variables,
//! environment of the code, outputs, database callers), the AWS names it composes, and how the
//! designer draws it; the stages (validation, plan, emit, docs) ask
//! these questions through two traits instead of looking at the design's fields themselves:
//! [`Kind`] (through [`ALL`]) for what the designer needs too — presence, edits, design rules,
//! names, chips and diagrams — and [`Build`] (through [`BUILD`]) for what only the generator
//! needs — module calls, variables, outputs, environment, docs and cost lines. Each kind file
//! implements both; the split keeps the generator out of the designer's wasm, since a trait
//! object's vtable links every method of its trait. A new building block is a kind file
//! (listed once in `kinds!`, which makes both tables) and its module emitter under
//! `emit/modules/` (a line in [`module_names!`] here and its arm in `modules::by_name`).

use crate::cost::lines as cost;
use crate::design::{Design, Service, ServiceSecurity, Tier, TierSecurity};
use crate::emit::hcl::{Blk, E};
use crate::emit::root_parts::{Cluster, Output, RootVar};
use crate::plan::naming::Composed;

pub mod api;
pub mod bucket;
pub mod cache;
pub mod database;
pub mod describe;
pub mod frontend;
pub mod http_api;
pub mod lambda;
pub mod launch;
pub mod queue;
pub mod schedule;
pub mod table;
pub mod topic;
pub mod worker;

pub use api::Api;
pub use bucket::Bucket;
pub use cache::Cache;
pub use database::Database;
pub use describe::{chips, diagram, Chip, Drawing, Shape, Tint};
pub use frontend::Frontend;
pub use http_api::HttpApi;
pub use lambda::Lambda;
pub use launch::on_fargate;
pub use queue::Queue;
pub use schedule::Schedule;
pub use table::Table;
pub use topic::Topic;
pub use worker::Worker;

/// A numeric field for the bounds rules: its JSON Pointer, the JSON Schema definition and
/// field name its bound is listed under in `catalog::BOUNDS`, and its value.
pub type Number = (String, &'static str, &'static str, u32);

/// A building block of a service.
pub trait Kind: Sync {
    /// Whether `service` has this building block.
    fn present(&self, service: &Service) -> bool;

    /// The building block's field in a service (`api`, `queues`): the first step of the JSON
    /// Pointer of its fields below the service.
    fn field(&self) -> &'static str;

    /// Its short name, for "+ Queue": "API", "Worker", "Queue", "HTTP API".
    fn label(&self) -> &'static str;

    /// Its name with its article, for "Add …": "an API", "a queue worker".
    fn a(&self) -> &'static str;

    /// Whether a service has one at most (an API, a database); that one is number 0.
    fn single(&self) -> bool {
        false
    }

    /// Whether it is a service of its own (a static frontend): it goes only to a service with
    /// no building block yet, and nothing else goes to a service that has it.
    fn alone(&self) -> bool {
        false
    }

    /// Why it may not be added to `service`, besides the rules every block follows (see
    /// `edit::why_not_add`), in words the designer shows: an HTTP API needs a function to
    /// route to. `None` when it may.
    fn add_refused(&self, _service: &Service) -> Option<&'static str> {
        None
    }

    /// The JSON Pointer below the service of the first field of its number `number`, where
    /// its diagram box and the designer lead (`/api/image`, `/queues/1/name`).
    fn first_field(&self, number: usize) -> String {
        format!("/{}/{number}/name", self.field())
    }

    /// Adds one, with defaults, to service `index` of `design` (the rules of `edit::can_add`
    /// already hold); returns its number.
    fn add(&self, design: &mut Design, index: usize) -> Option<usize>;

    /// Removes its number `number` from service `index`, with what refers to it.
    fn remove(&self, design: &mut Design, index: usize, number: usize);

    /// Copies its number `number` of service `index` under a new name after the last of its
    /// kind; returns the copy's number (`None` for a block a service has one of).
    fn duplicate(&self, _design: &mut Design, _index: usize, _number: usize) -> Option<usize> {
        None
    }

    /// Its number `number` of `service` in words ("queue jobs", "the API"), as the designer
    /// names what it removes; `None` when it is gone.
    fn what(&self, service: &Service, number: usize) -> Option<String>;

    /// The modules a deployment root of a service with this building block calls.
    fn modules(&self) -> &'static [ModuleName];

    /// Whether the building block counts as a component of its own: a service with nothing
    /// but blocks that do not (schedules, which only trigger functions) has no components.
    fn standalone(&self) -> bool {
        true
    }

    /// The building block's own design rules on `service`, whose JSON Pointer is `base`.
    fn rules(&self, _base: &str, _service: &Service) -> Vec<crate::diagnostic::Diagnostic> {
        Vec::new()
    }

    /// The building block's numeric fields on `service` (JSON Pointer `base`), which the bounds
    /// rules (`validate_limits`) hold to `catalog::BOUNDS`.
    fn numbers(&self, _base: &str, _service: &Service) -> Vec<Number> {
        Vec::new()
    }

    /// The numeric fields of the tier settings only this building block reads (tier `tier`,
    /// JSON Pointer `base`).
    fn tier_numbers(&self, _base: &str, _tier: &Tier) -> Vec<Number> {
        Vec::new()
    }

    /// The building block's design rules on `service` (JSON Pointer `base`) that also read the
    /// rest of the design (its tiers and regions), e.g. what a DR region makes of it.
    fn design_rules(
        &self,
        _design: &crate::design::Design,
        _base: &str,
        _service: &Service,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        Vec::new()
    }

    /// The building block's design rules on the settings of tier `tier` (JSON Pointer `base`)
    /// that only it reads.
    fn tier_rules(&self, _base: &str, _tier: &Tier) -> Vec<crate::diagnostic::Diagnostic> {
        Vec::new()
    }

    /// The chip of `service`'s building block in a matrix cell, whose database is a
    /// cross-region replica with `dr_replica`.
    fn chip(&self, service: &Service, dr_replica: bool) -> Option<Chip>;

    /// The colour of its chips and of its boxes in a deployment diagram.
    fn tint(&self) -> describe::Tint;

    /// How many boxes of `service`'s building block stack in the last column of a deployment
    /// diagram (below those of the kinds before it in [`ALL`]; see `Layout::stack_y`).
    fn stacked(&self, _service: &Service) -> usize {
        0
    }

    /// The boxes of the building block in a deployment diagram, and the arrows it starts.
    fn diagram(&self, layout: &describe::Layout) -> Vec<Shape>;

    /// The names AWS sees that the building block of `service` composes (with
    /// `crate::plan::naming`) from the name `root` of a deployment root, and `tiers`.
    fn names(&self, _service: &Service, _root: &str, _tiers: &[Tier]) -> Vec<Name> {
        Vec::new()
    }

    /// Whether the building block is global (CloudFront): a service of only global blocks has
    /// no deployment in a disaster-recovery region.
    fn global(&self) -> bool {
        false
    }
}

/// What a building block adds to the bundle: its module calls, variables, outputs, environment,
/// documentation and cost lines. Apart from [`Kind`] so that the designer, which asks the
/// kinds for their rules, edits and drawings through [`ALL`], links none of the generator (a
/// trait object's vtable links every method of its trait); the generator asks through
/// [`BUILD`].
pub trait Build: Kind {
    /// Whether the building block has alarms that notify people (through the deployment's
    /// alarm topic).
    fn alarms(&self) -> bool {
        true
    }
    /// The variables (with their `terraform.tfvars` values) the building block adds to a
    /// deployment root of a service that has it.
    fn root_vars(&self, _root: &Root) -> Vec<RootVar> {
        Vec::new()
    }
    /// The environment variables the building block gives the code of every workload of a
    /// service that has it (the API, the worker and the functions).
    fn code_env(&self, _root: &Root) -> Vec<(String, E)> {
        Vec::new()
    }
    /// Its lines in "What this root deploys" of a deployment root's README (Markdown list items
    /// without the bullet).
    fn readme_lines(&self, _root: &Root) -> Vec<String> {
        Vec::new()
    }
    /// Sections of its own in a deployment root's README, after "Apply" (Markdown, each
    /// starting with a blank line and a `## ` heading).
    fn readme_sections(&self, _root: &Root) -> String {
        String::new()
    }
    /// The module calls the building block adds to a deployment root (in the root's order of
    /// the kinds, [`Build::call_rank`]), wired to the rest of the root by `wiring`.
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk>;
    /// Where its module calls go in a deployment root's `main.tf`: by this rank, then in the
    /// order of [`ALL`]. What the others use comes first: the queues (0), the database (1),
    /// then the rest (2).
    fn call_rank(&self) -> u8 {
        2
    }
    /// Its lines in a deployment root's cost estimate: what it adds to `lines` and the
    /// CloudWatch alarms and log groups it counts there (`Lines::count_alarms`, the root's
    /// CloudWatch lines sum them). `cost/rules.rs` asks the kinds by [`Build::cost_rank`], then
    /// in the order of [`ALL`], after the root's key and alarm topic.
    fn cost(&self, _lines: &mut cost::Lines, _root: &cost::Root) {}
    /// Where its cost lines go in a deployment root's estimate: by this rank, then in the
    /// order of [`ALL`]. The containers, functions, queues, buckets and tables are 0, the
    /// database and what comes after it 1.
    fn cost_rank(&self) -> u8 {
        0
    }
    /// Where its outputs go in a deployment root: by this rank, then in the order of [`ALL`].
    /// The containers (the API, the worker) are 0, the database and the queues 1, the rest 2.
    fn output_rank(&self) -> u8 {
        2
    }
    /// What the cluster output calls the building block, when it runs containers in the
    /// tier's ECS cluster (`API`, `worker`).
    fn runs_on_cluster(&self) -> Option<&'static str> {
        None
    }
    /// The outputs the building block adds to a deployment root (see [`outputs`]).
    fn outputs(&self, _root: &Root) -> Vec<Output> {
        Vec::new()
    }
    /// The security groups of `service`'s workloads of this kind that reach its database, by
    /// caller name (`module.<x>.<security group>` references).
    fn db_callers(&self, _service: &Service) -> Vec<(String, E)> {
        Vec::new()
    }
    /// Whether the code of the service's workloads reads and writes data the building block
    /// encrypts with the deployment's key (so the containers' task roles may use the key).
    fn code_reads_key(&self) -> bool {
        false
    }
    /// The IAM roles the building block's code runs as in a deployment root of `service`
    /// (the task roles of containers, the functions' execution roles), as ARN references.
    fn code_roles(&self, _service: &Service) -> Vec<E> {
        Vec::new()
    }
    /// The building block of `service` in the components line of the bundle's README.
    fn components(&self, _service: &Service) -> Vec<String> {
        Vec::new()
    }
    /// The lines the building block of `service` adds to its service's Mermaid flowchart in
    /// the bundle's `DIAGRAM.md` (after those of the seed's blocks).
    fn mermaid(&self, _service: &Service) -> Vec<String> {
        Vec::new()
    }
    /// The row the building block adds to the security defaults table of the bundle's
    /// `ARCHITECTURE.md`, when some service has it.
    fn security_row(&self) -> Option<&'static str> {
        None
    }
    /// What the deployment key encrypts for the building block, in the key's row of that table.
    fn key_encrypts(&self) -> Option<&'static str> {
        None
    }
    /// Whether the building block's module takes the provider `aws.us_east_1` (CloudFront's
    /// certificates and web ACLs live there), which the root then configures and passes.
    fn needs_us_east_1(&self) -> bool {
        false
    }
    /// Statements the building block adds to the key policy of the deployment key of a root
    /// of `service` (services that use the key for it).
    fn key_statements(&self, _service: &Service) -> Vec<E> {
        Vec::new()
    }
}

/// A composed AWS name, for the length rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The JSON Pointer, under the service, of the design name that makes it (`name`,
    /// `lambdas/0/name`).
    pub pointer: String,
    /// What AWS calls it.
    pub what: &'static str,
    /// The name.
    pub value: String,
    /// The longest AWS accepts, in characters.
    pub max: usize,
}

impl Name {
    /// `composed` made from `base`, at `pointer`.
    pub(crate) fn new(pointer: impl Into<String>, composed: Composed, base: &str) -> Name {
        Name {
            pointer: pointer.into(),
            what: composed.what,
            value: composed.of(base),
            max: composed.max,
        }
    }
}

/// Every composed AWS name of `service` from root name `root`, in the order of [`ALL`].
pub fn names(service: &Service, root: &str, tiers: &[Tier]) -> Vec<Name> {
    of(service)
        .flat_map(|k| k.names(service, root, tiers))
        .collect()
}

/// What a building block sees of the deployment root it adds to.
pub struct Root<'a> {
    /// The service the root deploys.
    pub service: &'a Service,
    /// The tier it deploys.
    pub tier: &'a Tier,
    /// The service's capacity in that tier (read it, not the tier's or the blocks' own values).
    pub capacity: &'a crate::plan::capacity::Capacity,
    /// Whether the root is in the disaster-recovery region.
    pub dr: bool,
    /// Whether the root's database is a cross-region read replica of the primary region's.
    pub replica_of_primary: bool,
    /// Whether the root's database has a cross-region replica in the disaster-recovery region.
    pub db_replicated: bool,
    /// The security settings of the root's tier.
    pub tier_security: &'a TierSecurity,
    /// The root's region.
    pub region: &'a str,
    /// The primary region of the root's tier.
    pub primary_region: &'a str,
    /// The identifier of the service's database in the primary region (what a cross-region
    /// replica replicates).
    pub primary_db_identifier: &'a str,
    /// Where the database's master secret replicates: (DR region, name of the DR root's key).
    pub db_replicated_to: Option<(&'a str, &'a str)>,
    /// Global tables: where the root's tables keep replicas (region, name of that region's
    /// root, whose key is `alias/<name>`), in the primary region.
    pub tables_replicated_to: &'a [(String, String)],
    /// Global tables: the root's tables are replicas the primary region's root keeps.
    pub tables_replica: bool,
    /// The subscriptions of the root's queues to topics of other services' roots.
    pub subscriptions: &'a [topic::Subscribed],
}

/// What the module calls of a deployment root get from the rest of it.
pub struct Wiring<'a> {
    /// The environment of the code of every workload (the kinds' [`Build::code_env`]).
    pub env: Vec<(String, E)>,
    /// The ECS cluster of the tier and region, where containers run.
    pub cluster: Cluster<'a>,
    /// The plan's short name of the root (load balancer and target group names).
    pub short_name: &'a str,
    /// The security settings of the service.
    pub security: &'a ServiceSecurity,
    /// Route 53 failover role of the API's records (`PRIMARY`/`SECONDARY`), with a domain in
    /// two regions.
    pub dns_failover: Option<&'static str>,
    /// The bucket load balancers write access logs to, and the one they are copied to.
    pub access_logs_bucket: Option<&'a str>,
    pub access_log_replica_bucket: Option<String>,
    /// Where the root's database comes from and where its secret goes.
    pub replication: database::Replication<'a>,
    /// The bucket that receives the server access logs of the root's buckets (the named
    /// existing one of the region, else the access-log bucket of the region's state bucket).
    pub bucket_logs: String,
}

impl Wiring<'_> {
    /// The environment of the service's own worker and functions: also the API's URL.
    pub(crate) fn caller_env(&self, service: &Service) -> Vec<(String, E)> {
        let mut env = self.env.clone();
        env.extend(api::caller_env(service));
        env
    }
}

/// `base`, or `base-2`, `base-3`… : the first that `taken` does not contain.
pub(crate) fn unique(base: &str, taken: &[&str]) -> String {
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(&candidate.as_str()))
        .unwrap_or_else(|| base.to_owned())
}

/// Appends an item named `base` (made unique in `list`) made by `make`; returns its number.
pub(crate) fn push_named<T>(
    list: &mut Vec<T>,
    base: &str,
    name: fn(&T) -> &str,
    make: impl FnOnce(String) -> T,
) -> usize {
    let taken: Vec<&str> = list.iter().map(name).collect();
    let fresh = unique(base, &taken);
    list.push(make(fresh));
    list.len() - 1
}

/// Appends a copy of `list[number]` named `<name>-copy` (made unique in the list); returns the
/// copy's number.
pub(crate) fn copy_named<T: Clone>(
    list: &mut Vec<T>,
    number: usize,
    name: fn(&mut T) -> &mut String,
) -> Option<usize> {
    let mut copy = list.get(number)?.clone();
    let names: Vec<String> = list.iter_mut().map(|x| name(x).clone()).collect();
    let taken: Vec<&str> = names.iter().map(String::as_str).collect();
    let fresh = unique(&format!("{}-copy", name(&mut copy)), &taken);
    *name(&mut copy) = fresh;
    list.push(copy);
    Some(list.len() - 1)
}

/// Service `index` of `design`, for the edits of a block it has one of (number 0).
pub(crate) fn single_mut(design: &mut Design, index: usize, number: usize) -> Option<&mut Service> {
    design.services.get_mut(index).filter(|_| number == 0)
}

/// Removes `list[number]`, if there is one, and returns it.
pub(crate) fn remove_at<T>(list: &mut Vec<T>, number: usize) -> Option<T> {
    (number < list.len()).then(|| list.remove(number))
}

/// The two tables of the building blocks, from one list: [`ALL`] and [`BUILD`] hold the same
/// blocks in the same order.
macro_rules! kinds {
    ($($kind:ident),* $(,)?) => {
        /// Every building block, in the order the stages go through them.
        pub static ALL: &[&dyn Kind] = &[$(&$kind),*];

        /// Every building block as the generator asks it, in the order of [`ALL`].
        pub static BUILD: &[&dyn Build] = &[$(&$kind),*];
    };
}

kinds!(
    Api, Worker, Lambda, Database, Queue, Schedule, Bucket, Table, Cache, Frontend, HttpApi, Topic
);

/// The modules of the bundle, one line each: its variant and its folder under `modules/`. The
/// order of the lines is the order in which a deployment root lists the modules it calls (the
/// workflow's path filters).
macro_rules! module_names {
    ($($variant:ident => $folder:literal,)*) => {
        /// A reusable Terraform module of the bundle. The order of the variants is the order
        /// in which a deployment root lists the modules it calls (the workflow's path filters).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ModuleName {
            $($variant,)*
        }

        impl ModuleName {
            /// Every module, in the order of the variants.
            pub const ALL: [ModuleName; [$($folder),*].len()] = [$(ModuleName::$variant),*];

            /// The module's folder name under `modules/`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ModuleName::$variant => $folder,)*
                }
            }
        }
    };
}

module_names! {
    EcsApi => "ecs-api",
    EcsWorker => "ecs-worker",
    EcsCluster => "ecs-cluster",
    LambdaMicroservice => "lambda-microservice",
    RdsDatabase => "rds-database",
    SqsQueue => "sqs-queue",
    CloudwatchRule => "cloudwatch-rule",
    S3Bucket => "s3-bucket",
    DynamodbTable => "dynamodb-table",
    Elasticache => "elasticache",
    CloudfrontSite => "cloudfront-site",
    HttpApi => "http-api",
    SnsTopic => "sns-topic",
    Iam => "iam",
}

impl ModuleName {
    /// The module whose folder name is `name`.
    pub fn from_name(name: &str) -> Option<ModuleName> {
        ModuleName::ALL.into_iter().find(|m| m.as_str() == name)
    }
}

impl std::fmt::Display for ModuleName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The building blocks `service` has, in the order of [`ALL`].
pub fn of(service: &Service) -> impl Iterator<Item = &'static dyn Kind> + '_ {
    ALL.iter().copied().filter(|k| k.present(service))
}

/// The building blocks `service` has, as the generator asks them, in the order of [`ALL`].
pub fn built(service: &Service) -> impl Iterator<Item = &'static dyn Build> + '_ {
    BUILD.iter().copied().filter(|k| k.present(service))
}

/// The modules a deployment root of `service` calls, in the order of [`ModuleName`].
pub fn service_modules(service: &Service) -> Vec<ModuleName> {
    let mut used: Vec<ModuleName> = of(service)
        .flat_map(|k| k.modules().iter().copied())
        .collect();
    used.sort_unstable();
    used.dedup();
    used
}

/// The security groups that reach the database of `service`, by caller name, in the order of
/// [`ALL`].
pub fn db_callers(service: &Service) -> Vec<(String, E)> {
    built(service).flat_map(|k| k.db_callers(service)).collect()
}

/// The environment the code of every workload of a deployment root gets (database, queues),
/// in the order of [`ALL`].
pub fn code_env(root: &Root) -> Vec<(String, E)> {
    built(root.service).flat_map(|k| k.code_env(root)).collect()
}

/// The variables the building blocks of a deployment root add to it, in the order of [`ALL`].
pub fn root_vars(root: &Root) -> Vec<RootVar> {
    built(root.service)
        .flat_map(|k| k.root_vars(root))
        .collect()
}

/// The building blocks `service` has, by `rank` and then in the order of [`ALL`].
fn ranked(service: &Service, rank: fn(&dyn Build) -> u8) -> Vec<&'static dyn Build> {
    let mut kinds: Vec<&'static dyn Build> = built(service).collect();
    kinds.sort_by_key(|k| rank(*k));
    kinds
}

/// The module calls of the building blocks of a deployment root, by [`Build::call_rank`].
pub fn module_calls(root: &Root, wiring: &Wiring) -> Vec<Blk> {
    ranked(root.service, |k| k.call_rank())
        .into_iter()
        .flat_map(|k| k.module_calls(root, wiring))
        .collect()
}

/// The outputs of the building blocks of a deployment root, by [`Build::output_rank`]: those
/// of the blocks that run containers in the cluster (`containers`), or of the others. The root
/// writes its cluster's name between the two.
pub fn outputs(root: &Root, containers: bool) -> Vec<Output> {
    ranked(root.service, |k| k.output_rank())
        .into_iter()
        .filter(|k| k.runs_on_cluster().is_some() == containers)
        .flat_map(|k| k.outputs(root))
        .collect()
}

/// Whether `service` runs containers (an API or a worker) on the ECS cluster of its tier and
/// region, the platform root.
pub fn runs_containers(service: &Service) -> bool {
    of(service).any(|k| k.modules().contains(&ModuleName::EcsCluster))
}

/// Whether the code of `service`'s workloads uses data its building blocks encrypt with the
/// deployment's key, besides queues (which the API and the worker ask about themselves).
pub fn code_reads_key(service: &Service) -> bool {
    built(service).any(|k| k.code_reads_key())
}

/// The roles the code of `service` runs as in a deployment root, in the order of [`ALL`].
pub fn code_roles(service: &Service) -> Vec<E> {
    built(service).flat_map(|k| k.code_roles(service)).collect()
}

/// Whether every building block of `service` is global (see [`Kind::global`]): then it has no
/// deployment in a disaster-recovery region.
pub fn only_global(service: &Service) -> bool {
    let mut kinds = of(service).peekable();
    kinds.peek().is_some() && kinds.all(|k| k.global())
}

/// Whether a root of `service` configures the provider `aws.us_east_1` for its modules.
pub fn needs_us_east_1(service: &Service) -> bool {
    built(service).any(|k| k.needs_us_east_1())
}

/// The statements the building blocks of `service` add to its deployment key's policy.
pub fn key_statements(service: &Service) -> Vec<E> {
    built(service)
        .flat_map(|k| k.key_statements(service))
        .collect()
}

/// Whether `service` has any component of its own (see [`Kind::standalone`]).
pub fn has_components(service: &Service) -> bool {
    of(service).any(|k| k.standalone())
}

/// Whether a deployment of `service` has alarms that notify people: a load balancer, a worker,
/// functions, a database or queues.
pub fn has_alarms(service: &Service) -> bool {
    built(service).any(|k| k.alarms())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_round_trip_and_are_unique() {
        for m in ModuleName::ALL {
            assert_eq!(ModuleName::from_name(m.as_str()), Some(m));
        }
        assert_eq!(ModuleName::from_name("ecs"), None);
        let mut sorted = ModuleName::ALL;
        sorted.sort_unstable();
        assert_eq!(sorted, ModuleName::ALL, "ALL lists the variants in order");
    }

    #[test]
    fn each_kind_answers_for_its_own_field() {
        let empty = Service::default();
        assert!(ALL.iter().all(|k| !k.present(&empty)));
        assert!(service_modules(&empty).is_empty());
        assert!(!has_components(&empty) && !has_alarms(&empty) && !runs_containers(&empty));

        let full = crate::presets::sports_cards()
            .services
            .into_iter()
            .reduce(|mut a, b| {
                a.api = a.api.or(b.api);
                a.worker = a.worker.or(b.worker);
                a.database = a.database.or(b.database);
                a.lambdas.extend(b.lambdas);
                a.queues.extend(b.queues);
                a.schedules.extend(b.schedules);
                a
            })
            .expect("the preset has services");
        // Every other building block, as the designer adds it.
        let mut design = Design {
            services: vec![full],
            ..Design::default()
        };
        for kind in ALL {
            if !kind.present(&design.services[0]) {
                assert_eq!(kind.add(&mut design, 0), Some(0), "{}", kind.a());
            }
        }
        let full = design.services.remove(0);
        assert!(ALL.iter().all(|k| k.present(&full)));
        // Every module but the global IAM one is some kind's.
        let modules: Vec<ModuleName> = ModuleName::ALL
            .into_iter()
            .filter(|m| *m != ModuleName::Iam)
            .collect();
        assert_eq!(service_modules(&full), modules);

        // Each kind alone (the service without the design fields of every other kind) is a
        // component and has alarms as the kind says.
        for kind in BUILD {
            let mut json = serde_json::to_value(&full).expect("a service serializes");
            for other in ALL.iter().filter(|o| o.field() != kind.field()) {
                json.as_object_mut()
                    .and_then(|o| o.remove(other.field()))
                    .unwrap_or_else(|| panic!("{} is a field of a service", other.field()));
            }
            let one: Service = serde_json::from_value(json).expect("a service without them");
            assert!(kind.present(&one));
            assert_eq!(of(&one).count(), 1);
            assert_eq!(has_components(&one), kind.standalone());
            assert_eq!(has_alarms(&one), kind.alarms());
            assert_eq!(
                runs_containers(&one),
                kind.modules().contains(&ModuleName::EcsCluster)
            );
        }
        assert!(!Schedule.standalone() && !Schedule.alarms());
        assert!(Bucket.standalone() && !Bucket.alarms());
        assert!(Table.standalone() && !Table.alarms());
        assert!(Cache.standalone() && Cache.alarms());
        assert!(Frontend.standalone() && !Frontend.alarms() && Frontend.global());
        assert!(
            !only_global(&full)
                && only_global(&Service {
                    frontend: Some(crate::design::Frontend::default()),
                    ..Service::default()
                })
        );
        assert!(!HttpApi.standalone() && HttpApi.alarms());
        assert!(Topic.standalone() && !Topic.alarms());
        // Every kind is in each order exactly once (named by its chip).
        let names = |order: &[&dyn Kind]| {
            let mut n: Vec<&str> = order
                .iter()
                .filter_map(|k| k.chip(&full, false).map(|c| c.class))
                .collect();
            n.sort_unstable();
            n
        };
        assert_eq!(names(ALL).len(), ALL.len());
        let fields = |k: &dyn Kind| k.field();
        assert_eq!(
            BUILD.iter().map(|k| fields(*k)).collect::<Vec<_>>(),
            ALL.iter().map(|k| fields(*k)).collect::<Vec<_>>(),
            "BUILD lists ALL's blocks in ALL's order"
        );
        // The roots' orders: what the others use first; the containers' outputs first.
        let order = |rank: fn(&dyn Build) -> u8| -> Vec<&str> {
            ranked(&full, rank)
                .into_iter()
                .filter_map(|k| k.chip(&full, false).map(|c| c.class))
                .collect()
        };
        assert_eq!(
            order(|k| k.call_rank()),
            [
                "queue", "db", "api", "worker", "lambda", "schedule", "bucket", "table", "cache",
                "frontend", "httpapi", "topic"
            ]
        );
        assert_eq!(
            order(|k| k.output_rank()),
            [
                "api", "worker", "db", "queue", "lambda", "schedule", "bucket", "table", "cache",
                "frontend", "httpapi", "topic"
            ]
        );
        assert!(runs_containers(&full));
    }
}
