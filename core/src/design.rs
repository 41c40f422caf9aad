//! The design: what a person edits. Plain serde data, versioned, with no behaviour beyond
//! parsing. Every struct rejects unknown fields so a typo is reported instead of dropped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::usage::{Usage, UsageInputs};

/// The schema version this release writes. Older versions are migrated on load
/// ([`MIGRATIONS`]), so every version ever written keeps loading.
pub const SCHEMA_VERSION: u32 = 1;

/// One step of the design format: turns the JSON object of a version-`n` document into a
/// version-`n + 1` one (its `version` field is set by the caller), before it is read as a
/// [`Design`]. An `Err` says why this document cannot be carried over.
pub type Migration = fn(&mut serde_json::Map<String, serde_json::Value>) -> Result<(), String>;

/// The migrations, oldest first: `MIGRATIONS[0]` turns version 1 into 2, and so on, one per
/// version before [`SCHEMA_VERSION`]. Version 1 is the current one, so there is none yet. A
/// change to the design format bumps `SCHEMA_VERSION` and adds its step here (the compiler
/// holds the two together); the version-1 fixtures (`core/tests/fixtures/designs/`) keep
/// loading through the chain.
pub const MIGRATIONS: &[Migration] = &[];

const _: () = assert!(MIGRATIONS.len() + 1 == SCHEMA_VERSION as usize);

/// `value`, a version-`from` document, carried through `steps` (`steps[from - 1]` first) to
/// version `steps.len() + 1`.
fn migrate(
    mut value: serde_json::Value,
    from: u64,
    steps: &[Migration],
) -> Result<serde_json::Value, LoadError> {
    let Some(map) = value.as_object_mut() else {
        return Err(LoadError::MissingVersion);
    };
    for (at, step) in (1u64..).zip(steps).skip_while(|(at, _)| *at < from) {
        step(map).map_err(|reason| LoadError::Migration { from: at, reason })?;
        map.insert("version".into(), serde_json::Value::from(at + 1));
    }
    Ok(value)
}

/// A whole platform: services deployed to tiers in regions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Schema version of this document.
    #[schemars(range(min = 1))]
    pub version: u32,
    /// Project name, used as the prefix of every resource name (lowercase, digits, dashes).
    pub project: String,
    /// Extra tags added to every taggable resource, beside the standard ones.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// The AWS regions in use: exactly one primary, any number of disaster-recovery regions.
    pub regions: Vec<Region>,
    /// Environment tiers, in promotion order (dev → staging → prod).
    pub tiers: Vec<Tier>,
    /// The services of the platform.
    pub services: Vec<Service>,
    /// Account-wide identity: users, groups, the CI/CD role.
    pub iam: Iam,
    /// How each deployment finds its VPC and subnets.
    pub network: Network,
    /// Terraform state storage, one bucket and lock table per region.
    pub backend: Backend,
    /// Security choices that differ from the secure defaults, per tier and per service. A tier
    /// or service without an entry gets every default.
    #[serde(default, skip_serializing_if = "Security::is_default")]
    pub security: Security,
    /// Usage assumptions of the cost estimate (requests, GB, LCU-hours a month). Every input is
    /// zero unless set here or by a usage file; the bundle's `COST.md` prices usage lines by them.
    #[serde(default, skip_serializing_if = "DesignUsage::is_empty")]
    pub usage: DesignUsage,
}

/// The usage the cost estimate assumes, design-wide and per service. An input a service leaves
/// out comes from `defaults`, and one `defaults` leaves out is zero.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesignUsage {
    /// Inputs of every root: each service's deployments, the platforms (ECS clusters) and the
    /// state backends.
    #[serde(default, skip_serializing_if = "UsageInputs::is_empty")]
    pub defaults: UsageInputs,
    /// Per service name: inputs of that service's deployments (every tier and region), over
    /// `defaults`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, UsageInputs>,
}

impl DesignUsage {
    /// Whether no input is set (then the design omits the section).
    pub fn is_empty(&self) -> bool {
        self.defaults.is_empty() && self.services.is_empty()
    }

    /// The usage of the roots no service owns (platforms, state backends).
    pub fn shared(&self) -> Usage {
        self.defaults.over(&Usage::default())
    }

    /// The usage of service `name`'s deployments.
    pub fn service(&self, name: &str) -> Usage {
        let shared = self.shared();
        match self.services.get(name) {
            Some(own) => own.over(&shared),
            None => shared,
        }
    }
}

/// Security choices of the design. Every default is the secure setting; each weaker choice
/// shows up in the generated Terraform as a `checkov:skip` comment naming the field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Per tier name: the public entry point of the tier's APIs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiers: BTreeMap<String, TierSecurity>,
    /// Per service name: hardening of the service's workloads.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub services: BTreeMap<String, ServiceSecurity>,
    /// Every S3 bucket of the bundle (state, access logs) sends its object events to Amazon
    /// EventBridge, where rules can alert on or audit them.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub s3_event_notifications: bool,
    /// With a disaster-recovery region, the access-log buckets replicate to that region's
    /// log bucket (the state buckets' log buckets replicate to each other).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub access_log_replication: bool,
    /// Per region: an existing bucket of this account, kept outside this bundle (e.g. by an
    /// account baseline or landing zone), that receives the access logs of the load balancers
    /// and of the state buckets. Empty: the bundle creates its own access-log buckets, which
    /// cannot log their own access and must use SSE-S3 (the only encryption log delivery
    /// writes to). Either every region of the design has one or none does.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub access_log_buckets: BTreeMap<String, String>,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            tiers: BTreeMap::new(),
            services: BTreeMap::new(),
            s3_event_notifications: true,
            access_log_replication: true,
            access_log_buckets: BTreeMap::new(),
        }
    }
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Security {
    /// Whether nothing differs from the defaults (then the design omits the section).
    pub fn is_default(&self) -> bool {
        self == &Security::default()
    }

    /// The settings of tier `name` (the defaults when it has no entry).
    pub fn tier(&self, name: &str) -> TierSecurity {
        self.tiers.get(name).cloned().unwrap_or_default()
    }

    /// The settings of service `name` (the defaults when it has no entry).
    pub fn service(&self, name: &str) -> ServiceSecurity {
        self.services.get(name).cloned().unwrap_or_default()
    }
}

fn yes() -> bool {
    true
}

/// How a tier's API load balancers face the internet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierSecurity {
    /// DNS domain of the tier, e.g. `prod.example.com`: each API answers HTTPS on
    /// `<service>.<domain>` with an ACM certificate. Without it the load balancers serve plain
    /// HTTP on port 80.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// ARN of an existing ACM certificate covering `<service>.<domain>` (and
    /// `<service>-api.<domain>` for an HTTP API; e.g. a wildcard), in the tier's only region;
    /// without it each API gets its own DNS-validated certificate.
    /// Without `route53_zone_id`, create the `<service>.<domain>` records yourself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// Public Route 53 hosted zone of `domain`: the certificate validation records and the
    /// alias records of `<service>.<domain>` to the load balancers are created there
    /// (failover records when the tier also runs in a disaster-recovery region). A domain
    /// needs this or `certificate_arn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route53_zone_id: Option<String>,
    /// With a domain: also listen on port 80, only to redirect to HTTPS.
    #[serde(default = "yes")]
    pub http_redirect: bool,
    /// An AWS WAF web ACL with AWS managed rule groups in front of every load balancer.
    #[serde(default = "yes")]
    pub waf: bool,
    /// Load balancers refuse deletion.
    #[serde(default = "yes")]
    pub alb_deletion_protection: bool,
}

impl Default for TierSecurity {
    fn default() -> Self {
        TierSecurity {
            domain: None,
            certificate_arn: None,
            route53_zone_id: None,
            http_redirect: true,
            waf: true,
            alb_deletion_protection: true,
        }
    }
}

/// Hardening of one service's workloads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSecurity {
    /// Containers run with a read-only root filesystem; only `writable_paths` can be written.
    #[serde(default = "yes")]
    pub read_only_root_filesystem: bool,
    /// Directories of the containers that stay writable (each an empty task-scoped volume),
    /// e.g. `/var/cache/nginx` and `/var/run` for nginx.
    #[serde(default = "default_writable_paths")]
    pub writable_paths: Vec<String>,
    /// Code signing of the service's Lambda functions.
    #[serde(default)]
    pub lambda_code_signing: CodeSigning,
}

fn default_writable_paths() -> Vec<String> {
    vec!["/tmp".to_string()]
}

impl Default for ServiceSecurity {
    fn default() -> Self {
        ServiceSecurity {
            read_only_root_filesystem: true,
            writable_paths: default_writable_paths(),
            lambda_code_signing: CodeSigning::default(),
        }
    }
}

/// What Lambda does with code that is not signed by the function's signing profile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeSigning {
    /// Deploy it, and log a warning (the placeholder handler is unsigned).
    #[default]
    Warn,
    /// Refuse to deploy it.
    Enforce,
    /// No code signing configuration at all.
    Off,
}

/// One AWS region and its role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// AWS region code, e.g. `us-east-1`.
    pub name: String,
    /// `primary` or `dr`.
    pub role: RegionRole,
}

/// The role a region plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegionRole {
    /// Where every tier deploys first.
    Primary,
    /// Disaster recovery: a standby copy of the tiers that choose it.
    Dr,
}

/// An environment tier with its own resilience and capacity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Tier name, e.g. `prod` (lowercase, digits, dashes).
    pub name: String,
    /// Regions this tier deploys to (names from `regions`).
    pub regions: Vec<String>,
    /// ECS hosts and tasks.
    pub compute: TierCompute,
    /// PostgreSQL resilience and size.
    pub database: TierDatabase,
    /// CloudWatch Logs retention in days (an allowed CloudWatch value).
    #[schemars(range(min = 1, max = 3653))]
    pub log_retention_days: u32,
    /// Alarm thresholds.
    pub alarms: TierAlarms,
    /// How the services' buckets keep old object versions.
    #[serde(default, skip_serializing_if = "TierStorage::is_default")]
    pub storage: TierStorage,
    /// How big and how resilient the services' caches are.
    #[serde(default, skip_serializing_if = "TierCache::is_default")]
    pub cache: TierCache,
    /// How the services' static frontends are served (CloudFront).
    #[serde(default, skip_serializing_if = "TierFrontend::is_default")]
    pub frontend: TierFrontend,
    /// How much traffic the services' HTTP APIs accept.
    #[serde(default, skip_serializing_if = "TierHttpApi::is_default")]
    pub http_api: TierHttpApi,
}

/// CloudFront settings of a tier (the services' `frontend`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierFrontend {
    /// The CloudFront price class of the distributions (one the catalog offers):
    /// `PriceClass_100` serves from North America and Europe only, the cheapest.
    #[serde(default = "default_price_class")]
    pub price_class: String,
}

/// The cheapest price class.
pub fn default_price_class() -> String {
    "PriceClass_100".into()
}

impl Default for TierFrontend {
    fn default() -> Self {
        TierFrontend {
            price_class: default_price_class(),
        }
    }
}

/// API Gateway HTTP API settings of a tier (the services' `http_api`): the stage's default
/// route throttling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierHttpApi {
    /// Requests a second each route accepts on average (steady state; more get 429).
    #[serde(default = "default_http_api_rate_limit")]
    #[schemars(range(min = 1, max = 10000))]
    pub rate_limit: u32,
    /// Requests each route accepts at once above the rate (the token bucket's size).
    #[serde(default = "default_http_api_burst_limit")]
    #[schemars(range(min = 1, max = 5000))]
    pub burst_limit: u32,
}

/// 100 requests a second per route.
pub fn default_http_api_rate_limit() -> u32 {
    100
}

/// Bursts of 200 requests per route.
pub fn default_http_api_burst_limit() -> u32 {
    200
}

/// 100 requests a second per route, bursts of 200.
impl Default for TierHttpApi {
    fn default() -> Self {
        TierHttpApi {
            rate_limit: default_http_api_rate_limit(),
            burst_limit: default_http_api_burst_limit(),
        }
    }
}

impl TierFrontend {
    /// Whether nothing differs from the defaults (then the tier omits the section).
    pub fn is_default(&self) -> bool {
        self == &TierFrontend::default()
    }
}

impl TierHttpApi {
    /// Whether nothing differs from the defaults (then the tier omits the section).
    pub fn is_default(&self) -> bool {
        self == &TierHttpApi::default()
    }
}

/// ElastiCache settings of a tier (the services' `cache`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierCache {
    /// Node type of every node, e.g. `cache.t4g.micro` (one the catalog offers).
    #[serde(default = "default_cache_node_type")]
    pub node_type: String,
    /// Read replicas beside the primary node (0 to 5).
    #[serde(default = "default_cache_replicas")]
    #[schemars(range(min = 0, max = 5))]
    pub replicas: u32,
    /// Nodes in different availability zones, with automatic failover to a replica when the
    /// primary fails (needs at least one replica).
    #[serde(default = "yes")]
    pub multi_az: bool,
    /// Days of automatic daily snapshots (0: none).
    #[serde(default = "default_cache_snapshot_retention_days")]
    #[schemars(range(min = 0, max = 35))]
    pub snapshot_retention_days: u32,
}

/// The smallest Graviton node.
pub fn default_cache_node_type() -> String {
    "cache.t4g.micro".into()
}

/// One replica, so that Multi-AZ failover has a node to fail over to.
pub fn default_cache_replicas() -> u32 {
    1
}

/// A week of daily snapshots.
pub fn default_cache_snapshot_retention_days() -> u32 {
    7
}

/// A `cache.t4g.micro` primary and one replica in another zone with automatic failover,
/// snapshots kept a week.
impl Default for TierCache {
    fn default() -> Self {
        TierCache {
            node_type: default_cache_node_type(),
            replicas: default_cache_replicas(),
            multi_az: true,
            snapshot_retention_days: default_cache_snapshot_retention_days(),
        }
    }
}

impl TierCache {
    /// Whether nothing differs from the defaults (then the tier omits the section).
    pub fn is_default(&self) -> bool {
        self == &TierCache::default()
    }
}

/// Object storage settings of a tier (the services' `buckets`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierStorage {
    /// Days an overwritten or deleted object version stays recoverable in the services'
    /// buckets before it expires.
    #[serde(default = "default_noncurrent_version_days")]
    #[schemars(range(min = 1, max = 3650))]
    pub noncurrent_version_days: u32,
    /// How the services' DynamoDB tables are billed and backed up.
    #[serde(default, skip_serializing_if = "TierTables::is_default")]
    pub tables: TierTables,
}

/// DynamoDB settings of a tier (the services' `tables`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierTables {
    /// On-demand (pay per request) or provisioned capacity.
    #[serde(default)]
    pub billing: TableBilling,
    /// Provisioned: the least read capacity units of each table and index; a table's
    /// autoscaling keeps its utilisation near 70 % between this and `max_read_capacity`.
    #[serde(default = "default_table_capacity")]
    #[schemars(range(min = 1, max = 40000))]
    pub read_capacity: u32,
    /// Provisioned: the least write capacity units of each table and index.
    #[serde(default = "default_table_capacity")]
    #[schemars(range(min = 1, max = 40000))]
    pub write_capacity: u32,
    /// Provisioned: the most read capacity units autoscaling gives a table.
    #[serde(default = "default_table_max_capacity")]
    #[schemars(range(min = 1, max = 40000))]
    pub max_read_capacity: u32,
    /// Provisioned: the most write capacity units autoscaling gives a table.
    #[serde(default = "default_table_max_capacity")]
    #[schemars(range(min = 1, max = 40000))]
    pub max_write_capacity: u32,
    /// Continuous backups: restore a table to any second of the last 35 days.
    #[serde(default = "yes")]
    pub point_in_time_recovery: bool,
    /// Global tables: each table of the primary region's deployment has a replica in the
    /// tier's disaster-recovery region (the primary root owns the replica; the DR root refers
    /// to it by name). Needs a DR region in the tier.
    #[serde(default, skip_serializing_if = "is_false")]
    pub global: bool,
}

/// Where a service's containers (its API and worker) run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LaunchType {
    /// On the EC2 hosts (Auto Scaling group and capacity provider) of the tier's cluster.
    #[default]
    Ec2,
    /// On AWS Fargate: no hosts; the task's CPU and memory must be a Fargate size.
    Fargate,
}

impl LaunchType {
    /// Whether this is the default, EC2 (then the service omits the field).
    pub fn is_ec2(&self) -> bool {
        *self == LaunchType::Ec2
    }

    /// Both, in the order the designer offers them.
    pub const ALL: [LaunchType; 2] = [LaunchType::Ec2, LaunchType::Fargate];

    /// The value as the design file writes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            LaunchType::Ec2 => "ec2",
            LaunchType::Fargate => "fargate",
        }
    }
}

/// How DynamoDB bills a tier's tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TableBilling {
    /// Pay per request, no capacity to plan.
    #[default]
    OnDemand,
    /// Provisioned read and write capacity with autoscaling.
    Provisioned,
}

/// Five capacity units.
pub fn default_table_capacity() -> u32 {
    5
}

/// Up to 100 capacity units.
pub fn default_table_max_capacity() -> u32 {
    100
}

impl Default for TierTables {
    fn default() -> Self {
        TierTables {
            billing: TableBilling::OnDemand,
            read_capacity: default_table_capacity(),
            write_capacity: default_table_capacity(),
            max_read_capacity: default_table_max_capacity(),
            max_write_capacity: default_table_max_capacity(),
            point_in_time_recovery: true,
            global: false,
        }
    }
}

impl TierTables {
    /// Whether nothing differs from the defaults (then the tier omits the section).
    pub fn is_default(&self) -> bool {
        self == &TierTables::default()
    }
}

/// Old object versions are kept 90 days.
pub fn default_noncurrent_version_days() -> u32 {
    90
}

impl Default for TierStorage {
    fn default() -> Self {
        TierStorage {
            noncurrent_version_days: default_noncurrent_version_days(),
            tables: TierTables::default(),
        }
    }
}

impl TierStorage {
    /// Whether nothing differs from the defaults (then the tier omits the section).
    pub fn is_default(&self) -> bool {
        self == &TierStorage::default()
    }
}

/// Capacity of the ECS on EC2 clusters of a tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierCompute {
    /// EC2 instance type of the ECS hosts: an x86_64 type (the hosts boot the x86_64
    /// ECS-optimized AMI).
    pub instance_type: String,
    /// Auto Scaling group minimum size.
    #[schemars(range(min = 0, max = 1000))]
    pub asg_min: u32,
    /// Auto Scaling group maximum size.
    #[schemars(range(min = 1, max = 1000))]
    pub asg_max: u32,
    /// Auto Scaling group desired capacity.
    #[schemars(range(min = 0, max = 1000))]
    pub asg_desired: u32,
    /// Desired number of tasks per ECS service.
    #[schemars(range(min = 0, max = 5000))]
    pub task_count: u32,
    /// Run the tier's Fargate services on `FARGATE_SPOT`, with their first task on `FARGATE`
    /// (on demand) so a reclaim of every Spot task never leaves a service without one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fargate_spot: bool,
}

/// RDS settings of a tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierDatabase {
    /// RDS instance class, e.g. `db.t4g.medium`.
    pub instance_class: String,
    /// Initial storage in GiB.
    #[schemars(range(min = 20, max = 65536))]
    pub allocated_storage_gb: u32,
    /// Storage autoscaling ceiling in GiB.
    #[schemars(range(min = 20, max = 65536))]
    pub max_allocated_storage_gb: u32,
    /// Standby in a second availability zone.
    pub multi_az: bool,
    /// Read replicas in the same region.
    #[schemars(range(min = 0, max = 15))]
    pub read_replicas: u32,
    /// The same-region read replicas get a standby of their own in a second availability zone.
    /// Off by default: a replica is a copy already and RDS replaces a failed one, so a standby
    /// per replica doubles its cost for little.
    #[serde(default, skip_serializing_if = "is_false")]
    pub replica_multi_az: bool,
    /// In the DR region, run the database as a read replica of the primary region's.
    pub cross_region_replica: bool,
    /// Days of automated backups.
    #[schemars(range(min = 0, max = 35))]
    pub backup_retention_days: u32,
    /// Refuse `terraform destroy` on the database.
    pub deletion_protection: bool,
    /// Performance Insights on the instance.
    #[serde(default)]
    pub performance_insights: bool,
}

/// Alarm thresholds of a tier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierAlarms {
    /// Scale out when average CPU is above this percentage.
    #[schemars(range(min = 1, max = 100))]
    pub cpu_high_percent: u32,
    /// Scale in when average CPU is below this percentage.
    #[schemars(range(min = 0, max = 99))]
    pub cpu_low_percent: u32,
    /// Alarm when a queue holds more visible messages than this.
    #[schemars(range(min = 0, max = 1000000000))]
    pub queue_depth: u32,
    /// Alarm when the oldest message is older than this many seconds.
    #[schemars(range(min = 1, max = 1209600))]
    pub message_age_seconds: u32,
    /// Email addresses the alarms of the tier notify (through an SNS topic per deployment,
    /// encrypted with the deployment's key); each address confirms its subscription.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify_emails: Vec<String>,
}

/// A service and the components it is made of.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Service name (lowercase, digits, dashes).
    pub name: String,
    /// One line on what the service does.
    #[serde(default)]
    pub description: String,
    /// Cost code per tier name: exactly 8 letters or digits.
    pub cost_codes: BTreeMap<String, String>,
    /// Where the API and the worker run: on the EC2 hosts of the tier's cluster, or on Fargate.
    #[serde(default, skip_serializing_if = "LaunchType::is_ec2")]
    pub launch_type: LaunchType,
    /// HTTP API on ECS behind an Application Load Balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Container>,
    /// Background worker on ECS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker: Option<Worker>,
    /// Lambda functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lambdas: Vec<LambdaFunction>,
    /// PostgreSQL database on RDS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<Database>,
    /// SQS queues, each with a dead-letter queue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<Queue>,
    /// EventBridge schedules that invoke one of the service's Lambda functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedules: Vec<Schedule>,
    /// Private S3 buckets the service's code reads and writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<Bucket>,
    /// DynamoDB tables the service's code reads and writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<Table>,
    /// Per tier name: the capacity of this service that differs from the tier's (or, for the
    /// containers' CPU and memory, from the service's own blocks). A field left out keeps that
    /// default; [`crate::capacity::resolve`] gives the effective values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, ServiceCapacity>,
    /// An ElastiCache (Valkey or Redis OSS) replication group the service's code uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<Cache>,
    /// A static website (a single-page app or plain files) in a private S3 bucket, served by
    /// CloudFront. A service with a frontend has no other building block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontend: Option<Frontend>,
    /// An API Gateway HTTP API whose routes invoke the service's Lambda functions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_api: Option<HttpApi>,
    /// SNS topics the service's code publishes to; queues of other services subscribe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
}

/// The service's static frontend: a private, versioned, KMS-encrypted S3 bucket that only the
/// service's CloudFront distribution reads (origin access control), HTTPS only with security
/// headers, behind the tier's AWS WAF web ACL (`security.tiers[].waf`), served at
/// `<service>.<domain>` when the tier has a domain, with access logs. CloudFront is global: the
/// tier's disaster-recovery region gets no second distribution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Frontend {
    /// A single-page app: paths with no file (S3 answers 403 or 404) get the root object
    /// with status 200, so the app's router handles them.
    #[serde(default = "yes")]
    pub spa: bool,
    /// The object served for `/`, e.g. `index.html`.
    #[serde(default = "default_root_object")]
    pub default_root_object: String,
    /// The service whose API the site calls (it must have an API): drawn as an edge; the site
    /// finds its URL in the bundle's docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
}

/// `index.html`.
pub fn default_root_object() -> String {
    "index.html".into()
}

impl Default for Frontend {
    fn default() -> Self {
        Frontend {
            spa: true,
            default_root_object: default_root_object(),
            backend: None,
        }
    }
}

/// The service's HTTP API (API Gateway v2): each route (`METHOD /path`) invokes one of the
/// service's functions, every route authorized (IAM or a JWT authorizer); a `$default` stage
/// that deploys itself, throttled per the tier (`tiers[].http_api`), its access logs in a log
/// group encrypted with the deployment key; with the tier's domain, served at
/// `<service>-api.<domain>` only (the `execute-api` endpoint turned off).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpApi {
    /// The routes, each to one function.
    #[serde(default)]
    pub routes: Vec<HttpRoute>,
    /// Who may call the routes: `iam` (SigV4-signed requests) or a JWT authorizer.
    #[serde(default)]
    pub auth: HttpApiAuth,
}

/// One route of an HTTP API.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HttpRoute {
    /// Route key: `METHOD /path` (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY; path
    /// segments may be `{param}`, the last one `{proxy+}`), or `$default`.
    pub route: String,
    /// Name of one of the service's Lambda functions, which the route invokes.
    pub function: String,
}

/// How an HTTP API authorizes its callers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HttpApiAuth {
    /// AWS IAM: callers sign requests (SigV4) with credentials allowed `execute-api:Invoke`.
    #[default]
    Iam,
    /// A JWT authorizer: requests carry a bearer token the issuer signed for one of the audiences.
    Jwt(JwtAuth),
}

/// A JWT authorizer's issuer and audiences.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JwtAuth {
    /// The issuer's URL (`https://…`), e.g. a Cognito user pool's; its keys are read from
    /// `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    /// Accepted audiences (`aud`, or a Cognito token's client id).
    pub audience: Vec<String>,
}

/// The capacity of a service in one tier, where it differs from the default. Every field is
/// optional: one left out keeps the tier's value (`tiers[].compute.task_count`,
/// `tiers[].database.*`) or the service block's (`api.cpu`, `worker.memory`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceCapacity {
    /// Desired number of tasks of the service's API and worker in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 5000))]
    pub task_count: Option<u32>,
    /// CPU units of the API's container in this tier (1024 = one vCPU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 128, max = 10240))]
    pub api_cpu: Option<u32>,
    /// Memory of the API's container in this tier, in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 128, max = 122880))]
    pub api_memory: Option<u32>,
    /// CPU units of the worker's container in this tier (1024 = one vCPU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 128, max = 10240))]
    pub worker_cpu: Option<u32>,
    /// Memory of the worker's container in this tier, in MiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 128, max = 122880))]
    pub worker_memory: Option<u32>,
    /// RDS instance class of the service's database (and its replicas) in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_instance_class: Option<String>,
    /// Same-region read replicas of the service's database in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 15))]
    pub db_read_replicas: Option<u32>,
    /// EC2 instance type of the service's own ECS hosts in this tier. Any of the four host
    /// fields gives the service (its API and worker on EC2) its own Auto Scaling group and
    /// capacity provider in the tier's cluster; those left out keep the tier's
    /// (`tiers[].compute`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Auto Scaling group minimum size of the service's own hosts in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1000))]
    pub asg_min: Option<u32>,
    /// Auto Scaling group maximum size of the service's own hosts in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 1000))]
    pub asg_max: Option<u32>,
    /// Auto Scaling group desired capacity of the service's own hosts in this tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1000))]
    pub asg_desired: Option<u32>,
}

impl ServiceCapacity {
    /// Whether no field is set (then the entry says nothing).
    pub fn is_empty(&self) -> bool {
        self == &ServiceCapacity::default()
    }
}

/// The service's cache: an ElastiCache replication group in the private subnets, encrypted at
/// rest with the deployment's key and in transit, an auth token required, reachable only from
/// the service's tasks and functions; its code finds it as `CACHE_ENDPOINT` and `CACHE_PORT`.
/// Its size and resilience are the tier's (`tiers[].cache`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cache {
    /// `valkey` (the default) or `redis` (Redis OSS).
    #[serde(default)]
    pub engine: CacheEngine,
}

/// The engines an ElastiCache replication group of the bundle runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CacheEngine {
    /// Valkey, the open-source fork of Redis OSS (ElastiCache's default and cheaper one).
    #[default]
    Valkey,
    /// Redis OSS.
    Redis,
}

impl CacheEngine {
    /// The name ElastiCache and the design use (`valkey`, `redis`).
    pub fn as_str(self) -> &'static str {
        match self {
            CacheEngine::Valkey => "valkey",
            CacheEngine::Redis => "redis",
        }
    }
}

/// A DynamoDB table of the service: named `<deployment>-<name>` in each deployment, encrypted
/// with the deployment's key; only the service's own task and function roles may use it and
/// its indexes, and its code finds it as `TABLE_<NAME>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Table name suffix (lowercase, digits, dashes).
    pub name: String,
    /// The partition (hash) key.
    pub partition_key: KeyAttribute,
    /// The sort (range) key, if items of a partition are ordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<KeyAttribute>,
    /// Attribute holding each item's expiry time (epoch seconds): DynamoDB deletes expired
    /// items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_attribute: Option<String>,
    /// Global secondary indexes (all attributes projected).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<TableIndex>,
}

/// A global secondary index of a table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableIndex {
    /// Index name (letters, digits, `_`, `-`, `.`; 3 to 255 characters).
    pub name: String,
    /// The index's partition key.
    pub partition_key: KeyAttribute,
    /// The index's sort key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<KeyAttribute>,
}

/// A key attribute: its name and scalar type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyAttribute {
    /// Attribute name.
    pub name: String,
    /// `S` (string), `N` (number) or `B` (binary).
    #[serde(rename = "type")]
    pub kind: AttributeType,
}

/// `id`, a string.
impl Default for KeyAttribute {
    fn default() -> Self {
        KeyAttribute {
            name: "id".into(),
            kind: AttributeType::S,
        }
    }
}

/// The scalar types a DynamoDB key may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AttributeType {
    /// String.
    #[default]
    S,
    /// Number.
    N,
    /// Binary.
    B,
}

impl AttributeType {
    /// The letter DynamoDB uses.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::S => "S",
            AttributeType::N => "N",
            AttributeType::B => "B",
        }
    }
}

/// A private S3 bucket of the service: named `<deployment>-<name>` in each deployment, encrypted
/// with the deployment's key, versioned, TLS only, its access logged; only the service's own
/// task and function roles may read and write it, and its code finds it as
/// `BUCKET_<NAME>`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// Bucket name suffix (lowercase, digits, dashes).
    pub name: String,
}

/// A container workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Container {
    /// Container image, e.g. `public.ecr.aws/nginx/nginx:1.27`.
    pub image: String,
    /// Port the container listens on.
    #[schemars(range(min = 1, max = 65535))]
    pub port: u32,
    /// CPU units (1024 = one vCPU).
    #[schemars(range(min = 128, max = 10240))]
    pub cpu: u32,
    /// Memory in MiB.
    #[schemars(range(min = 128, max = 122880))]
    pub memory: u32,
    /// Path the load balancer probes.
    pub health_check_path: String,
    /// Command that replaces the image's default (its `CMD`), e.g.
    /// `["sh", "-c", "exec ./server"]`; empty keeps the image's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
}

/// A queue-consuming worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    /// Container image.
    pub image: String,
    /// CPU units (1024 = one vCPU).
    #[schemars(range(min = 128, max = 10240))]
    pub cpu: u32,
    /// Memory in MiB.
    #[schemars(range(min = 128, max = 122880))]
    pub memory: u32,
    /// Names of the service's queues the worker consumes (at least one: the worker scales on
    /// their backlog).
    #[serde(default)]
    pub queues: Vec<String>,
    /// Acceptable backlog per task: the visible messages of its queues one task may have
    /// waiting, i.e. the latency you accept divided by the average time to process a message
    /// (e.g. 60 s ÷ 6 s = 10). The service adds tasks while the queues hold more visible
    /// messages per running task than this, and removes them down to the tier's task count
    /// when they hold fewer.
    #[serde(default = "default_backlog_per_task")]
    #[schemars(range(min = 1, max = 100000))]
    pub backlog_per_task: u32,
    /// Command that replaces the image's default (its `CMD`); empty keeps the image's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
}

/// Ten messages waiting per task.
pub fn default_backlog_per_task() -> u32 {
    10
}

/// A Lambda function.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LambdaFunction {
    /// Function name suffix (lowercase, digits, dashes).
    pub name: String,
    /// Runtime, e.g. `python3.12` or `nodejs22.x`.
    pub runtime: String,
    /// Handler, e.g. `index.handler`.
    pub handler: String,
    /// Memory in MiB.
    #[schemars(range(min = 128, max = 10240))]
    pub memory_mb: u32,
    /// Timeout in seconds.
    #[schemars(range(min = 1, max = 900))]
    pub timeout_seconds: u32,
    /// Expose an HTTPS function URL (IAM-authenticated).
    #[serde(default)]
    pub function_url: bool,
    /// With `function_url`: no authentication (auth type `NONE`), so anyone on the internet may
    /// call the function. An explicit opt-in that validation warns about.
    #[serde(default, skip_serializing_if = "is_false")]
    pub public_url: bool,
    /// Name of one of the service's queues that triggers the function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<String>,
}

/// A PostgreSQL database.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Database {
    /// PostgreSQL major version, e.g. `16`.
    pub engine_version: String,
    /// Name of the initial database (letters, digits, underscores).
    pub db_name: String,
    /// Master user name, for administrators; its password is generated by Terraform and kept
    /// in a Secrets Manager secret. Applications connect as `app` with IAM authentication.
    pub username: String,
}

/// An SQS queue with its dead-letter queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// Queue name suffix (lowercase, digits, dashes).
    pub name: String,
    /// Visibility timeout in seconds.
    #[schemars(range(min = 0, max = 43200))]
    pub visibility_timeout_seconds: u32,
    /// Receives before a message moves to the dead-letter queue.
    #[schemars(range(min = 1, max = 1000))]
    pub max_receive_count: u32,
    /// Topics of other services this queue subscribes to: SNS delivers their messages here
    /// (the queue policy admits exactly those topics).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscribe: Vec<Subscription>,
}

/// A queue's subscription to a topic of another service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// The topic, as `<service>.<topic>`.
    pub topic: String,
    /// Deliver the message body as published, without SNS's JSON envelope.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raw_message_delivery: bool,
    /// SNS filter policy on the message attributes: a JSON object of at most 5 keys; empty
    /// delivers every message.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub filter_policy: String,
}

/// An SNS topic the service's code publishes to: named `<deployment>-<name>` in each
/// deployment, encrypted with the deployment's key, TLS only; only the service's own task and
/// function roles may publish, and its code finds it as `TOPIC_<NAME>_ARN`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Topic name suffix (lowercase, digits, dashes).
    pub name: String,
}

/// An EventBridge schedule invoking a Lambda function.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Rule name suffix (lowercase, digits, dashes).
    pub name: String,
    /// `cron(...)` or `rate(...)` expression, in UTC.
    pub expression: String,
    /// What the schedule is for.
    #[serde(default)]
    pub description: String,
    /// Name of the service's Lambda function to invoke.
    pub lambda: String,
}

/// Account-wide IAM.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Iam {
    /// Human or application users.
    pub users: Vec<IamUser>,
    /// Groups; users get permissions only through groups.
    pub groups: Vec<IamGroup>,
    /// The CI/CD roles assumed by GitHub Actions through OIDC: a read-only plan role for pull
    /// requests and the main branch, an apply role for jobs in a tier's GitHub environment.
    pub ci_role: CiRole,
    /// Buckets the custom S3 data-access policy grants access to.
    pub s3_data_buckets: Vec<String>,
}

/// An IAM user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IamUser {
    /// User name.
    pub name: String,
    /// Groups (names from `iam.groups`).
    pub groups: Vec<String>,
    /// A long-lived access key for the user, kept in SSM Parameter Store as a SecureString
    /// encrypted with a customer-managed key. An explicit opt-in that validation warns about:
    /// a key never expires and can leak; CI uses the GitHub OIDC role instead.
    #[serde(default, skip_serializing_if = "is_false")]
    pub access_key: bool,
}

/// An IAM group and what it may do.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IamGroup {
    /// Group name.
    pub name: String,
    /// AWS managed policy names, e.g. `ReadOnlyAccess`.
    #[serde(default)]
    pub managed_policies: Vec<String>,
    /// Attach the custom S3 data-access policy.
    #[serde(default)]
    pub s3_data_access: bool,
    /// Attach the project's Terraform apply policy: create and change the project's own IAM
    /// roles (only with the project's permissions boundary), instance profiles and policies,
    /// and pass those roles to the services that use them. With `PowerUserAccess` (which
    /// allows no IAM writes) this is what applying a deployment root needs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub terraform_apply: bool,
}

/// The CI/CD roles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CiRole {
    /// Create the roles.
    pub enabled: bool,
    /// GitHub repositories allowed to assume them, as `owner/repo` (a `*` matches any part).
    pub github_repositories: Vec<String>,
    /// Create the GitHub OIDC provider (only one may exist per account).
    pub create_oidc_provider: bool,
    /// AWS managed policy names attached to the apply role (with the project's Terraform apply
    /// policy, which it always gets); the plan role gets `ReadOnlyAccess` and state access only.
    pub managed_policies: Vec<String>,
}

/// How deployments find their network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// `discover` (data sources by tags) or `explicit` (ids below).
    pub mode: NetworkMode,
    /// Tag `Name` of the VPC; `{project}`, `{tier}` and `{region}` are replaced.
    pub vpc_name: String,
    /// Tag key that marks subnets with their tier (`private`/`public`).
    pub subnet_tier_tag: String,
    /// Explicit ids per deployment key `region/tier`, used when `mode` is `explicit`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub explicit: BTreeMap<String, ExplicitNetwork>,
}

/// Network discovery mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkMode {
    /// Look the VPC and subnets up by tags.
    #[default]
    Discover,
    /// Use the ids given in `network.explicit`.
    Explicit,
}

/// Explicit network ids of one deployment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplicitNetwork {
    /// VPC id.
    pub vpc_id: String,
    /// Private subnet ids (ECS hosts, Lambda, RDS).
    pub private_subnet_ids: Vec<String>,
    /// Public subnet ids (load balancers).
    pub public_subnet_ids: Vec<String>,
}

/// State storage per region.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backend {
    /// Per region name: the state bucket.
    pub regions: BTreeMap<String, StateBackend>,
}

/// One region's state storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateBackend {
    /// S3 bucket name for state files.
    pub bucket: String,
    /// Unused, kept so older designs load: a DynamoDB lock table name. State is locked with S3
    /// lock files (`use_lockfile`), so the bundle creates no lock table; an older bundle's table
    /// can be forgotten (see `backend-bootstrap/README.md`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lock_table: String,
}

// ---------------------------------------------------------------------------------------------
// Defaults: what a new part of a design starts with (the designer's edits and the presets build
// on them with `..Default::default()`). Loading never fills a required field from these: a
// document without it is still an error, so serialized designs are unchanged.

/// An empty design of the current schema version: no project name, region, tier or service yet.
impl Default for Design {
    fn default() -> Self {
        Self {
            version: SCHEMA_VERSION,
            project: String::new(),
            tags: BTreeMap::new(),
            regions: Vec::new(),
            tiers: Vec::new(),
            services: Vec::new(),
            iam: Iam::default(),
            network: Network::default(),
            backend: Backend::default(),
            security: Security::default(),
            usage: DesignUsage::default(),
        }
    }
}

/// A small tier: the default compute, database and alarms, logs kept a week; no name or region
/// yet.
impl Default for Tier {
    fn default() -> Self {
        Self {
            name: String::new(),
            regions: Vec::new(),
            compute: TierCompute::default(),
            database: TierDatabase::default(),
            log_retention_days: 7,
            alarms: TierAlarms::default(),
            storage: TierStorage::default(),
            cache: TierCache::default(),
            frontend: TierFrontend::default(),
            http_api: TierHttpApi::default(),
        }
    }
}

/// One to three `t3.small` hosts, one task per service.
impl Default for TierCompute {
    fn default() -> Self {
        Self {
            instance_type: "t3.small".into(),
            asg_min: 1,
            asg_max: 3,
            asg_desired: 1,
            task_count: 1,
            fargate_spot: false,
        }
    }
}

/// A `db.t4g.micro` in one zone, 20 GiB growing to 100, backups kept a week, no replicas.
impl Default for TierDatabase {
    fn default() -> Self {
        Self {
            instance_class: "db.t4g.micro".into(),
            allocated_storage_gb: 20,
            max_allocated_storage_gb: 100,
            multi_az: false,
            read_replicas: 0,
            replica_multi_az: false,
            cross_region_replica: false,
            backup_retention_days: 7,
            deletion_protection: false,
            performance_insights: false,
        }
    }
}

/// Scale out above 75 % CPU, in below 25 %; alarm at 1000 waiting messages or a message ten
/// minutes old; nobody notified yet.
impl Default for TierAlarms {
    fn default() -> Self {
        Self {
            cpu_high_percent: 75,
            cpu_low_percent: 25,
            queue_depth: 1000,
            message_age_seconds: 600,
            notify_emails: Vec::new(),
        }
    }
}

/// The placeholder image of APIs and workers until the team's own is built: busybox, small
/// and public, run with a command that behaves like a service.
pub const PLACEHOLDER_IMAGE: &str = "public.ecr.aws/docker/library/busybox:1.37";

/// A placeholder API that passes the load balancer's health checks: busybox's web server on
/// the container port (`PORT`, set by the bundle) answering `200 ok` on `/` and `/health`,
/// serving from `/tmp` (writable with a read-only root filesystem); 8080, a quarter vCPU,
/// 512 MiB. Replace the image (and the command) with the service's own.
impl Default for Container {
    fn default() -> Self {
        Self {
            image: PLACEHOLDER_IMAGE.into(),
            port: 8080,
            cpu: 256,
            memory: 512,
            health_check_path: "/health".into(),
            command: vec![
                "sh".into(),
                "-c".into(),
                "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && echo ok > /tmp/www/health && exec httpd -f -v -p \"$PORT\" -h /tmp/www".into(),
            ],
        }
    }
}

/// A placeholder worker that stays up like a real one (instead of exiting at once, which ECS
/// would restart forever) and stops on SIGTERM, as the bundle's 120 s stop timeout expects; a
/// quarter vCPU and 512 MiB, consuming no queue yet.
impl Default for Worker {
    fn default() -> Self {
        Self {
            image: PLACEHOLDER_IMAGE.into(),
            cpu: 256,
            memory: 512,
            queues: Vec::new(),
            backlog_per_task: default_backlog_per_task(),
            command: vec![
                "sh".into(),
                "-c".into(),
                "trap 'exit 0' TERM; while true; do sleep 60 & wait $!; done".into(),
            ],
        }
    }
}

/// A Python function (`index.handler`, 256 MiB, 30 s) without URL or trigger; no name yet.
impl Default for LambdaFunction {
    fn default() -> Self {
        Self {
            name: String::new(),
            runtime: "python3.12".into(),
            handler: "index.handler".into(),
            memory_mb: 256,
            timeout_seconds: 30,
            function_url: false,
            public_url: false,
            queue: None,
        }
    }
}

/// PostgreSQL 16; no database or user name yet.
impl Default for Database {
    fn default() -> Self {
        Self {
            engine_version: "16".into(),
            db_name: String::new(),
            username: String::new(),
        }
    }
}

/// A minute of visibility, five receives before the dead-letter queue; no name yet.
impl Default for Queue {
    fn default() -> Self {
        Self {
            name: String::new(),
            visibility_timeout_seconds: 60,
            max_receive_count: 5,
            subscribe: Vec::new(),
        }
    }
}

/// Discovery by tags: the VPC named `{project}-{tier}`, subnets marked by the tag `Tier`.
impl Default for Network {
    fn default() -> Self {
        Self {
            mode: NetworkMode::Discover,
            vpc_name: "{project}-{tier}".into(),
            subnet_tier_tag: "Tier".into(),
            explicit: BTreeMap::new(),
        }
    }
}

impl Design {
    /// How many cross-region read replicas the database of a service holds in `tier`: one per
    /// disaster-recovery region the tier deploys to, where the tier asks for them.
    pub fn cross_region_replicas(&self, tier: &Tier) -> u32 {
        if !tier.database.cross_region_replica {
            return 0;
        }
        let dr = tier
            .regions
            .iter()
            .filter(|r| {
                self.regions
                    .iter()
                    .any(|x| x.name == **r && x.role == RegionRole::Dr)
            })
            .count();
        u32::try_from(dr).unwrap_or(u32::MAX)
    }

    /// The primary region's name, if the design has one.
    pub fn primary_region(&self) -> Option<&str> {
        self.regions
            .iter()
            .find(|r| r.role == RegionRole::Primary)
            .map(|r| r.name.as_str())
    }

    /// The first disaster-recovery region's name, if any.
    pub fn dr_region(&self) -> Option<&str> {
        self.regions
            .iter()
            .find(|r| r.role == RegionRole::Dr)
            .map(|r| r.name.as_str())
    }

    /// Every region with access logs, sorted: where services deploy and where state lives.
    /// With `security.access_log_buckets`, each needs a bucket.
    pub fn access_log_regions(&self) -> Vec<&str> {
        let mut regions: Vec<&str> = self.regions.iter().map(|r| r.name.as_str()).collect();
        regions.extend(self.backend.regions.keys().map(String::as_str));
        regions.sort_unstable();
        regions.dedup();
        regions
    }

    /// Parses a design from JSON, migrating older schema versions. Never panics.
    pub fn from_json(text: &str) -> Result<Design, LoadError> {
        // Editors on Windows may start a UTF-8 file with a byte-order mark; it is no JSON.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| LoadError::Json(e.to_string()))?;
        let version = value
            .get("version")
            .ok_or(LoadError::MissingVersion)?
            .as_u64()
            .ok_or(LoadError::MissingVersion)?;
        if version == 0 || version > u64::from(SCHEMA_VERSION) {
            return Err(LoadError::UnknownVersion(version));
        }
        let value = migrate(value, version, MIGRATIONS)?;
        serde_json::from_value(value).map_err(|e| LoadError::Shape(e.to_string()))
    }

    /// The canonical JSON of this design (pretty, stable key order, trailing newline).
    ///
    /// The bytes of `serde_json::to_string_pretty`, made by indenting the compact serialisation
    /// ([`indent_json`]): the design has one serialiser instead of two, which keeps the
    /// designer's wasm smaller (issue 17).
    pub fn to_json(&self) -> String {
        let mut text = indent_json(&serde_json::to_string(self).unwrap_or_default());
        text.push('\n');
        text
    }
}

/// `compact` (JSON as `serde_json::to_string` writes it: no whitespace outside strings) laid out
/// as `serde_json::to_string_pretty` lays it out: two spaces a level, `": "` after a key, and
/// empty objects and arrays kept as `{}` and `[]`.
pub fn indent_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let mut chars = compact.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        out.push(c);
        if in_string {
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                if chars.next_if_eq(&close).is_some() {
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                out.pop();
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => newline(&mut out, depth),
            ':' => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Why a design document could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// Not JSON at all.
    Json(String),
    /// No numeric `version` field.
    MissingVersion,
    /// A version this release does not know.
    UnknownVersion(u64),
    /// JSON, but not a design (missing or unknown fields, wrong types).
    Shape(String),
    /// An older version that could not be carried over to the current one.
    Migration {
        /// The version the failing step starts from.
        from: u64,
        /// Why, in a sentence.
        reason: String,
    },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Json(e) => write!(f, "the design is not valid JSON: {e}"),
            LoadError::MissingVersion => {
                write!(f, "the design has no numeric \"version\" field")
            }
            LoadError::UnknownVersion(v) => write!(
                f,
                "the design has schema version {v}, but this tfdesign reads versions 1 to {SCHEMA_VERSION}"
            ),
            LoadError::Shape(e) => write!(f, "the design does not have the expected shape: {e}"),
            LoadError::Migration { from, reason } => write!(
                f,
                "the design could not be carried over from schema version {from} to {}: {reason}",
                from + 1
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// The JSON Schema of [`Design`], pretty-printed.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Design);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod default_tests {
    use super::*;

    #[test]
    fn a_default_design_is_of_the_current_version_and_round_trips() {
        let d = Design::default();
        assert_eq!(d.version, SCHEMA_VERSION);
        assert_eq!(Design::from_json(&d.to_json()), Ok(d));
    }

    #[test]
    fn to_json_is_serde_jsons_pretty_layout() {
        for name in crate::presets::NAMES {
            let d = crate::presets::get(name).unwrap();
            let mut pretty = serde_json::to_string_pretty(&d).unwrap();
            pretty.push('\n');
            assert_eq!(d.to_json(), pretty, "{name}");
        }
        let tricky = serde_json::json!({
            "a": [], "b": {}, "c": [[], {}, [1, [2]]], "d": "x,y:{}[]\\\"\n", "e": -1.5e-7,
            "f": [{"g": null, "h": true}], "": ""
        });
        assert_eq!(
            indent_json(&tricky.to_string()),
            serde_json::to_string_pretty(&tricky).unwrap()
        );
        assert_eq!(indent_json("[]"), "[]");
        assert_eq!(indent_json("\"a\""), "\"a\"");
    }

    #[test]
    fn defaults_never_fill_a_field_a_document_leaves_out() {
        let mut tier = serde_json::to_value(Tier::default()).unwrap();
        tier.as_object_mut().unwrap().remove("compute");
        assert!(serde_json::from_value::<Tier>(tier).is_err());
        let mut f = serde_json::to_value(LambdaFunction::default()).unwrap();
        f.as_object_mut().unwrap().remove("runtime");
        assert!(serde_json::from_value::<LambdaFunction>(f).is_err());
    }
}

#[cfg(test)]
mod migration_tests {
    use super::*;
    use serde_json::{json, Map, Value};

    fn rename_owner(map: &mut Map<String, Value>) -> Result<(), String> {
        let owner = map.remove("owner").ok_or("no owner")?;
        map.insert("team".into(), owner);
        Ok(())
    }

    fn tag_team(map: &mut Map<String, Value>) -> Result<(), String> {
        let team = map.get("team").cloned().ok_or("no team")?;
        map.insert("tags".into(), json!({ "Team": team }));
        Ok(())
    }

    const STEPS: &[Migration] = &[rename_owner, tag_team];

    #[test]
    fn each_step_runs_once_in_order_from_the_documents_version() {
        let v1 = json!({ "version": 1, "owner": "a" });
        assert_eq!(
            migrate(v1, 1, STEPS).unwrap(),
            json!({ "version": 3, "team": "a", "tags": { "Team": "a" } })
        );
        let v2 = json!({ "version": 2, "team": "b" });
        assert_eq!(
            migrate(v2, 2, STEPS).unwrap(),
            json!({ "version": 3, "team": "b", "tags": { "Team": "b" } })
        );
        let v3 = json!({ "version": 3, "team": "c" });
        assert_eq!(migrate(v3.clone(), 3, STEPS).unwrap(), v3);
    }

    #[test]
    fn a_failing_step_names_its_version_and_reason() {
        let e = migrate(json!({ "version": 1 }), 1, STEPS).unwrap_err();
        assert_eq!(
            e,
            LoadError::Migration {
                from: 1,
                reason: "no owner".into()
            }
        );
        assert_eq!(
            e.to_string(),
            "the design could not be carried over from schema version 1 to 2: no owner"
        );
    }

    #[test]
    fn the_current_version_loads_through_the_same_path() {
        let d = Design::default();
        let value = serde_json::to_value(&d).unwrap();
        let migrated = migrate(value.clone(), u64::from(SCHEMA_VERSION), MIGRATIONS).unwrap();
        assert_eq!(migrated, value);
    }
}
