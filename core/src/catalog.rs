//! AWS facts in one place: regions, Lambda runtimes, CloudWatch Logs retention values, the EC2
//! instance types and RDS classes offered, PostgreSQL engine versions and the bounds of every
//! numeric field.
//!
//! Validation, edits, the emitters and the designer all read these lists; none keeps a copy.

/// CloudWatch Logs retention values AWS accepts, in days.
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// AWS region codes (commercial, GovCloud, China and European Sovereign Cloud partitions), in
/// the order a new region is proposed ([`crate::edit::add_region`]): the most used commercial
/// regions first, then the others alphabetically.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-south-1",
    "sa-east-1",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-3",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-2",
    "eu-south-2",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "us-gov-east-1",
    "us-gov-west-1",
];

/// Lambda runtimes AWS accepts for new functions.
pub const LAMBDA_RUNTIMES: &[&str] = &[
    "dotnet8",
    "java11",
    "java17",
    "java21",
    "java25",
    "java8.al2",
    "nodejs22.x",
    "nodejs24.x",
    "provided.al2",
    "provided.al2023",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
    "ruby3.3",
    "ruby3.4",
];

/// Deprecated Lambda runtimes and the runtime to move to.
pub const DEPRECATED_LAMBDA_RUNTIMES: &[(&str, &str)] = &[
    ("dotnet6", "dotnet8"),
    ("dotnet7", "dotnet8"),
    ("dotnetcore3.1", "dotnet8"),
    ("go1.x", "provided.al2023"),
    ("java8", "java21"),
    ("nodejs12.x", "nodejs22.x"),
    ("nodejs14.x", "nodejs22.x"),
    ("nodejs16.x", "nodejs22.x"),
    ("nodejs18.x", "nodejs22.x"),
    ("nodejs20.x", "nodejs22.x"),
    ("provided", "provided.al2023"),
    ("python3.7", "python3.12"),
    ("python3.8", "python3.12"),
    ("python3.9", "python3.12"),
    ("python3.10", "python3.12"),
    ("ruby2.7", "ruby3.4"),
    ("ruby3.2", "ruby3.4"),
];

/// EC2 instance types the designer offers for ECS hosts (validation accepts any well-formed
/// x86_64 type: see [`arm64_instance_type`]).
pub const INSTANCE_TYPES: &[&str] = &[
    "t3.micro",
    "t3.small",
    "t3.medium",
    "t3.large",
    "t3a.small",
    "t3a.medium",
    "m6i.large",
    "m6i.xlarge",
    "m7i.large",
    "m7i.xlarge",
    "c6i.large",
    "c7i.large",
    "r6i.large",
];

/// Whether the EC2 instance type `instance_type` has arm64 (AWS Graviton) processors: the
/// family `a1`, and every family with a `g` right after its generation number (`t4g`, `m7g`,
/// `c7gn`, `x2gd`, `im4gn`, `is4gen`, `g5g`; not `g4dn`, `m7i-flex`). ECS hosts of such a type
/// need the arm64 ECS-optimized AMI.
pub fn arm64_instance_type(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    if family == "a1" {
        return true;
    }
    let after_letters = family.trim_start_matches(|c: char| c.is_ascii_lowercase());
    let after_generation = after_letters.trim_start_matches(|c: char| c.is_ascii_digit());
    after_letters.len() < family.len()
        && after_generation.len() < after_letters.len()
        && after_generation.starts_with('g')
}

/// RDS instance classes the designer offers (validation accepts any `db.` class).
pub const DB_CLASSES: &[&str] = &[
    "db.t4g.micro",
    "db.t4g.small",
    "db.t4g.medium",
    "db.t4g.large",
    "db.m6g.large",
    "db.m7g.large",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r7g.large",
    "db.r7g.xlarge",
];

/// PostgreSQL major versions the designer offers, newest first.
pub const POSTGRES_VERSIONS: &[&str] = &["17", "16", "15", "14"];

/// One numeric field's bounds: the schema definition and property it belongs to, the inclusive
/// range, and what the unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The schema definition (struct) holding the field, e.g. `TierDatabase`.
    pub definition: &'static str,
    /// The field, e.g. `read_replicas`.
    pub field: &'static str,
    /// Smallest value accepted.
    pub min: u32,
    /// Largest value accepted.
    pub max: u32,
    /// The unit and where the bound comes from, shown in the error.
    pub unit: &'static str,
}

const fn b(
    definition: &'static str,
    field: &'static str,
    min: u32,
    max: u32,
    unit: &'static str,
) -> Bound {
    Bound {
        definition,
        field,
        min,
        max,
        unit,
    }
}

/// `Tier.log_retention_days`.
pub const TIER_LOG_RETENTION_DAYS: Bound = b(
    "Tier",
    "log_retention_days",
    1,
    3653,
    "days (CloudWatch Logs)",
);

/// `TierCompute.asg_min`.
pub const TIER_COMPUTE_ASG_MIN: Bound = b("TierCompute", "asg_min", 0, 1000, "instances");

/// `TierCompute.asg_max`.
pub const TIER_COMPUTE_ASG_MAX: Bound = b("TierCompute", "asg_max", 1, 1000, "instances");

/// `TierCompute.asg_desired`.
pub const TIER_COMPUTE_ASG_DESIRED: Bound = b("TierCompute", "asg_desired", 0, 1000, "instances");

/// `TierCompute.task_count`.
pub const TIER_COMPUTE_TASK_COUNT: Bound = b(
    "TierCompute",
    "task_count",
    0,
    5000,
    "tasks (the ECS limit per service)",
);

/// `TierDatabase.allocated_storage_gb`.
pub const TIER_DATABASE_ALLOCATED_STORAGE_GB: Bound = b(
    "TierDatabase",
    "allocated_storage_gb",
    20,
    65536,
    "GiB (RDS for PostgreSQL)",
);

/// `TierDatabase.max_allocated_storage_gb`.
pub const TIER_DATABASE_MAX_ALLOCATED_STORAGE_GB: Bound = b(
    "TierDatabase",
    "max_allocated_storage_gb",
    20,
    65536,
    "GiB (RDS for PostgreSQL)",
);

/// `TierDatabase.read_replicas`.
pub const TIER_DATABASE_READ_REPLICAS: Bound = b(
    "TierDatabase",
    "read_replicas",
    0,
    15,
    "replicas (RDS for PostgreSQL)",
);

/// `TierDatabase.backup_retention_days`.
pub const TIER_DATABASE_BACKUP_RETENTION_DAYS: Bound =
    b("TierDatabase", "backup_retention_days", 0, 35, "days (RDS)");

/// `TierAlarms.cpu_high_percent`.
pub const TIER_ALARMS_CPU_HIGH_PERCENT: Bound =
    b("TierAlarms", "cpu_high_percent", 1, 100, "percent");

/// `TierAlarms.cpu_low_percent`.
pub const TIER_ALARMS_CPU_LOW_PERCENT: Bound = b("TierAlarms", "cpu_low_percent", 0, 99, "percent");

/// `TierAlarms.queue_depth`.
pub const TIER_ALARMS_QUEUE_DEPTH: Bound =
    b("TierAlarms", "queue_depth", 0, 1_000_000_000, "messages");

/// `TierAlarms.message_age_seconds`.
pub const TIER_ALARMS_MESSAGE_AGE_SECONDS: Bound = b(
    "TierAlarms",
    "message_age_seconds",
    1,
    1_209_600,
    "seconds (SQS keeps messages at most 14 days)",
);

/// `Container.port`.
pub const CONTAINER_PORT: Bound = b("Container", "port", 1, 65535, "(TCP port)");

/// `Container.cpu`.
pub const CONTAINER_CPU: Bound = b(
    "Container",
    "cpu",
    128,
    10240,
    "CPU units (1024 = one vCPU)",
);

/// `Container.memory`.
pub const CONTAINER_MEMORY: Bound = b("Container", "memory", 128, 122_880, "MiB");

/// `Worker.cpu`.
pub const WORKER_CPU: Bound = b("Worker", "cpu", 128, 10240, "CPU units (1024 = one vCPU)");

/// `Worker.memory`.
pub const WORKER_MEMORY: Bound = b("Worker", "memory", 128, 122_880, "MiB");

/// `Worker.backlog_per_task`.
pub const WORKER_BACKLOG_PER_TASK: Bound = b(
    "Worker",
    "backlog_per_task",
    1,
    100_000,
    "messages waiting per task",
);

/// `LambdaFunction.memory_mb`.
pub const LAMBDA_FUNCTION_MEMORY_MB: Bound =
    b("LambdaFunction", "memory_mb", 128, 10240, "MiB (Lambda)");

/// `LambdaFunction.timeout_seconds`.
pub const LAMBDA_FUNCTION_TIMEOUT_SECONDS: Bound = b(
    "LambdaFunction",
    "timeout_seconds",
    1,
    900,
    "seconds (Lambda)",
);

/// `Queue.visibility_timeout_seconds`.
pub const QUEUE_VISIBILITY_TIMEOUT_SECONDS: Bound = b(
    "Queue",
    "visibility_timeout_seconds",
    0,
    43_200,
    "seconds (SQS)",
);

/// `Queue.max_receive_count`.
pub const QUEUE_MAX_RECEIVE_COUNT: Bound = b(
    "Queue",
    "max_receive_count",
    1,
    1000,
    "receives (SQS redrive)",
);

/// `TierStorage.noncurrent_version_days`.
pub const TIER_STORAGE_NONCURRENT_VERSION_DAYS: Bound = b(
    "TierStorage",
    "noncurrent_version_days",
    1,
    3650,
    "days (S3 noncurrent versions)",
);

/// The types a DynamoDB key attribute may have: string, number, binary.
pub const DYNAMODB_KEY_TYPES: &[&str] = &["S", "N", "B"];

/// How a tier's DynamoDB tables are billed, as the design writes it.
pub const TABLE_BILLING: &[&str] = &["on_demand", "provisioned"];

/// Where a service's containers run, as the design writes it (`design::LaunchType`).
pub const LAUNCH_TYPES: &[&str] = &["ec2", "fargate"];

/// The task sizes Fargate runs (Linux): for each CPU value (CPU units, 1024 = one vCPU), the
/// memory it allows (MiB) from the first to the second value in steps of the third. The same
/// table as the ECS task definition reference ("Task CPU and memory"); 8 and 16 vCPU need
/// platform version 1.4.0 or later, which `LATEST` is.
pub const FARGATE_SIZES: &[(u32, u32, u32, u32)] = &[
    (256, 512, 512, 512),
    (256, 1024, 2048, 1024),
    (512, 1024, 4096, 1024),
    (1024, 2048, 8192, 1024),
    (2048, 4096, 16384, 1024),
    (4096, 8192, 30720, 1024),
    (8192, 16384, 61440, 4096),
    (16384, 32768, 122_880, 8192),
];

/// Whether Fargate runs a task of `cpu` units and `memory` MiB.
pub fn fargate_size(cpu: u32, memory: u32) -> bool {
    FARGATE_SIZES.iter().any(|&(c, from, to, step)| {
        c == cpu && (from..=to).contains(&memory) && (memory - from).is_multiple_of(step)
    })
}

/// The memory sizes Fargate allows with `cpu` units, in words ("1024 to 4096 MiB in steps of
/// 1024"); `None` when Fargate has no such CPU value.
pub fn fargate_memory_for(cpu: u32) -> Option<String> {
    let rows: Vec<String> = FARGATE_SIZES
        .iter()
        .filter(|r| r.0 == cpu)
        .map(|&(_, from, to, step)| {
            if from == to {
                format!("{from}")
            } else {
                format!("{from} to {to} in steps of {step}")
            }
        })
        .collect();
    (!rows.is_empty()).then(|| format!("{} MiB", rows.join(", ")))
}

/// `TierTables.read_capacity`.
pub const TIER_TABLES_READ_CAPACITY: Bound = b(
    "TierTables",
    "read_capacity",
    1,
    40_000,
    "read capacity units",
);

/// `TierTables.write_capacity`.
pub const TIER_TABLES_WRITE_CAPACITY: Bound = b(
    "TierTables",
    "write_capacity",
    1,
    40_000,
    "write capacity units",
);

/// `TierTables.max_read_capacity`.
pub const TIER_TABLES_MAX_READ_CAPACITY: Bound = b(
    "TierTables",
    "max_read_capacity",
    1,
    40_000,
    "read capacity units",
);

/// `TierTables.max_write_capacity`.
pub const TIER_TABLES_MAX_WRITE_CAPACITY: Bound = b(
    "TierTables",
    "max_write_capacity",
    1,
    40_000,
    "write capacity units",
);

/// `ServiceCapacity.task_count`: a service's own task count in a tier.
pub const SERVICE_CAPACITY_TASK_COUNT: Bound = b(
    "ServiceCapacity",
    "task_count",
    0,
    5000,
    "tasks (the ECS limit per service)",
);

/// `ServiceCapacity.api_cpu`.
pub const SERVICE_CAPACITY_API_CPU: Bound = b(
    "ServiceCapacity",
    "api_cpu",
    128,
    10240,
    "CPU units (1024 = one vCPU)",
);

/// `ServiceCapacity.api_memory`.
pub const SERVICE_CAPACITY_API_MEMORY: Bound =
    b("ServiceCapacity", "api_memory", 128, 122_880, "MiB");

/// `ServiceCapacity.worker_cpu`.
pub const SERVICE_CAPACITY_WORKER_CPU: Bound = b(
    "ServiceCapacity",
    "worker_cpu",
    128,
    10240,
    "CPU units (1024 = one vCPU)",
);

/// `ServiceCapacity.worker_memory`.
pub const SERVICE_CAPACITY_WORKER_MEMORY: Bound =
    b("ServiceCapacity", "worker_memory", 128, 122_880, "MiB");

/// `ServiceCapacity.db_read_replicas`.
pub const SERVICE_CAPACITY_DB_READ_REPLICAS: Bound = b(
    "ServiceCapacity",
    "db_read_replicas",
    0,
    15,
    "replicas (RDS for PostgreSQL)",
);

/// ElastiCache node types the designer offers and the design rules accept for a tier's caches
/// (Graviton generations: burstable, general purpose, memory optimised).
pub const CACHE_NODE_TYPES: &[&str] = &[
    "cache.t4g.micro",
    "cache.t4g.small",
    "cache.t4g.medium",
    "cache.m7g.large",
    "cache.m7g.xlarge",
    "cache.r7g.large",
    "cache.r7g.xlarge",
];

/// CloudFront price classes a tier's frontends may use, cheapest first: North America and
/// Europe; also Asia, the Middle East and Africa; every edge location.
pub const CLOUDFRONT_PRICE_CLASSES: &[&str] =
    &["PriceClass_100", "PriceClass_200", "PriceClass_All"];

/// The region where CloudFront reads its ACM certificates and where its AWS WAF web ACLs
/// (scope `CLOUDFRONT`) and their logs live, whatever the distribution's origin region.
pub const CLOUDFRONT_REGION: &str = "us-east-1";

/// The cache engines, as the design writes them: Valkey (the default) or Redis OSS.
pub const CACHE_ENGINES: &[&str] = &["valkey", "redis"];

/// The engine version a cache of `engine` runs and its parameter group family (the family
/// follows the major version).
pub fn cache_engine_version(engine: crate::design::CacheEngine) -> (&'static str, &'static str) {
    match engine {
        crate::design::CacheEngine::Valkey => ("8.0", "valkey8"),
        crate::design::CacheEngine::Redis => ("7.1", "redis7"),
    }
}

/// The port of every cache (the engines' own).
pub const CACHE_PORT: u32 = 6379;

/// `TierCache.replicas`.
pub const TIER_CACHE_REPLICAS: Bound = b(
    "TierCache",
    "replicas",
    0,
    5,
    "read replicas (ElastiCache: up to 5 per shard)",
);

/// `TierCache.snapshot_retention_days`.
pub const TIER_CACHE_SNAPSHOT_RETENTION_DAYS: Bound = b(
    "TierCache",
    "snapshot_retention_days",
    0,
    35,
    "days (ElastiCache snapshot retention)",
);

/// `ServiceCapacity.asg_min`: the service's own hosts (as `TierCompute.asg_min`).
pub const SERVICE_CAPACITY_ASG_MIN: Bound = b("ServiceCapacity", "asg_min", 0, 1000, "instances");

/// `ServiceCapacity.asg_max`.
pub const SERVICE_CAPACITY_ASG_MAX: Bound = b("ServiceCapacity", "asg_max", 1, 1000, "instances");

/// `ServiceCapacity.asg_desired`.
pub const SERVICE_CAPACITY_ASG_DESIRED: Bound =
    b("ServiceCapacity", "asg_desired", 0, 1000, "instances");
/// The methods an HTTP API route key may name (`ANY` matches every method).
pub const HTTP_API_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY",
];

/// How an HTTP API authorizes its callers, as the design writes it (`services[].http_api.auth`).
pub const HTTP_API_AUTH: &[&str] = &["iam", "jwt"];

/// Routes per HTTP API (API Gateway's default quota is 300; a design stays well below).
pub const HTTP_API_MAX_ROUTES: usize = 50;

/// `TierHttpApi.rate_limit`.
pub const TIER_HTTP_API_RATE_LIMIT: Bound = b(
    "TierHttpApi",
    "rate_limit",
    1,
    10000,
    "requests a second per route (API Gateway's account quota: 10,000 a region)",
);

/// `TierHttpApi.burst_limit`.
pub const TIER_HTTP_API_BURST_LIMIT: Bound = b(
    "TierHttpApi",
    "burst_limit",
    1,
    5000,
    "requests at once per route (API Gateway's account quota: 5,000 a region)",
);

/// The bounds of every numeric field of the design. The JSON Schema carries the same numbers
/// (`minimum`/`maximum`, asserted equal by a test).
pub const BOUNDS: &[Bound] = &[
    TIER_LOG_RETENTION_DAYS,
    TIER_COMPUTE_ASG_MIN,
    TIER_COMPUTE_ASG_MAX,
    TIER_COMPUTE_ASG_DESIRED,
    TIER_COMPUTE_TASK_COUNT,
    TIER_DATABASE_ALLOCATED_STORAGE_GB,
    TIER_DATABASE_MAX_ALLOCATED_STORAGE_GB,
    TIER_DATABASE_READ_REPLICAS,
    TIER_DATABASE_BACKUP_RETENTION_DAYS,
    TIER_ALARMS_CPU_HIGH_PERCENT,
    TIER_ALARMS_CPU_LOW_PERCENT,
    TIER_ALARMS_QUEUE_DEPTH,
    TIER_ALARMS_MESSAGE_AGE_SECONDS,
    CONTAINER_PORT,
    CONTAINER_CPU,
    CONTAINER_MEMORY,
    WORKER_CPU,
    WORKER_MEMORY,
    WORKER_BACKLOG_PER_TASK,
    LAMBDA_FUNCTION_MEMORY_MB,
    LAMBDA_FUNCTION_TIMEOUT_SECONDS,
    QUEUE_VISIBILITY_TIMEOUT_SECONDS,
    QUEUE_MAX_RECEIVE_COUNT,
    TIER_STORAGE_NONCURRENT_VERSION_DAYS,
    TIER_TABLES_READ_CAPACITY,
    TIER_TABLES_WRITE_CAPACITY,
    TIER_TABLES_MAX_READ_CAPACITY,
    TIER_TABLES_MAX_WRITE_CAPACITY,
    SERVICE_CAPACITY_TASK_COUNT,
    SERVICE_CAPACITY_API_CPU,
    SERVICE_CAPACITY_API_MEMORY,
    SERVICE_CAPACITY_WORKER_CPU,
    SERVICE_CAPACITY_WORKER_MEMORY,
    SERVICE_CAPACITY_DB_READ_REPLICAS,
    SERVICE_CAPACITY_ASG_MIN,
    SERVICE_CAPACITY_ASG_MAX,
    SERVICE_CAPACITY_ASG_DESIRED,
    TIER_CACHE_REPLICAS,
    TIER_CACHE_SNAPSHOT_RETENTION_DAYS,
    TIER_HTTP_API_RATE_LIMIT,
    TIER_HTTP_API_BURST_LIMIT,
];

/// The bound of `definition.field`.
pub fn bound(definition: &str, field: &str) -> Option<&'static Bound> {
    BOUNDS
        .iter()
        .find(|b| b.definition == definition && b.field == field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn unique(list: &[&str]) -> bool {
        list.iter().collect::<BTreeSet<_>>().len() == list.len()
    }

    #[test]
    fn arm64_families_are_the_graviton_ones() {
        for arm in [
            "a1.large",
            "t4g.micro",
            "m6g.large",
            "m7gd.xlarge",
            "c7gn.large",
            "r8g.large",
            "x2gd.large",
            "im4gn.large",
            "is4gen.large",
            "g5g.xlarge",
            "hpc7g.4xlarge",
        ] {
            assert!(arm64_instance_type(arm), "{arm}");
        }
        for x86 in [
            "t3.micro",
            "m7i-flex.large",
            "g4dn.xlarge",
            "g6e.xlarge",
            "p5.48xlarge",
            "inf2.xlarge",
            "u-6tb1.metal",
            "mac2-m2.metal",
            "z1d.large",
            "a2.large",
        ] {
            assert!(!arm64_instance_type(x86), "{x86}");
        }
        // The designer offers no type its hosts cannot boot.
        assert!(INSTANCE_TYPES.iter().all(|t| !arm64_instance_type(t)));
    }

    #[test]
    fn lists_hold_each_entry_once() {
        for list in [
            REGIONS,
            LAMBDA_RUNTIMES,
            INSTANCE_TYPES,
            DB_CLASSES,
            POSTGRES_VERSIONS,
            CACHE_NODE_TYPES,
            CACHE_ENGINES,
            CLOUDFRONT_PRICE_CLASSES,
            HTTP_API_METHODS,
        ] {
            assert!(unique(list), "{list:?}");
        }
        let pairs: BTreeSet<_> = BOUNDS.iter().map(|b| (b.definition, b.field)).collect();
        assert_eq!(pairs.len(), BOUNDS.len());
    }

    #[test]
    fn a_runtime_is_current_or_deprecated_and_each_deprecated_one_names_a_current_one() {
        for (old, new) in DEPRECATED_LAMBDA_RUNTIMES {
            assert!(
                !LAMBDA_RUNTIMES.contains(old),
                "{old} is listed as current too"
            );
            assert!(LAMBDA_RUNTIMES.contains(new), "{old} points at {new}");
        }
    }

    #[test]
    fn retention_days_ascend_within_their_bound() {
        assert!(LOG_RETENTION_DAYS.windows(2).all(|w| w[0] < w[1]));
        let b = TIER_LOG_RETENTION_DAYS;
        assert_eq!(LOG_RETENTION_DAYS.first(), Some(&b.min));
        assert_eq!(LOG_RETENTION_DAYS.last(), Some(&b.max));
    }

    #[test]
    fn offered_values_are_ones_the_design_rules_accept() {
        assert!(DB_CLASSES.iter().all(|c| c.starts_with("db.")));
        assert!(INSTANCE_TYPES.iter().all(|t| t
            .split_once('.')
            .is_some_and(|(f, s)| !f.is_empty() && !s.is_empty())));
        // A DR database may be a cascading replica, which PostgreSQL supports from 14 on.
        assert!(POSTGRES_VERSIONS
            .iter()
            .all(|v| v.parse::<u32>().is_ok_and(|m| m >= 14)));
        assert!(BOUNDS.iter().all(|b| b.min <= b.max));
    }

    #[test]
    fn fargate_sizes_follow_the_task_definition_table() {
        for (cpu, memory, ok) in [
            (256, 512, true),
            (256, 768, false),
            (256, 2048, true),
            (256, 3072, false),
            (512, 1024, true),
            (512, 4096, true),
            (512, 512, false),
            (1024, 8192, true),
            (2048, 16384, true),
            (4096, 30720, true),
            (4096, 31744, false),
            (8192, 16384, true),
            (8192, 17408, false),
            (8192, 61440, true),
            (16384, 122_880, true),
            (16384, 36864, false),
            (384, 1024, false),
        ] {
            assert_eq!(fargate_size(cpu, memory), ok, "{cpu}/{memory}");
        }
        assert_eq!(
            fargate_memory_for(256).as_deref(),
            Some("512, 1024 to 2048 in steps of 1024 MiB")
        );
        assert_eq!(fargate_memory_for(300), None);
    }

    #[test]
    fn the_most_used_regions_are_proposed_first() {
        assert_eq!(
            &REGIONS[..4],
            ["us-east-1", "us-east-2", "us-west-1", "us-west-2"]
        );
    }
}
