//! Every AWS name the bundle composes from design names, made here once. The plan names the
//! roots (`<project>-<tier>[-<service>][-dr]`); a root passes its name to each module, and the
//! module composes the names AWS sees from it with the prefixes and suffixes below (its
//! emitter writes `Composed::prefix`/`suffix`, never its own spelling). The design rules on
//! name lengths (`validate`) compose the same names with [`Composed::of`] and check them
//! against [`Composed::max`], so a suffix an emitter changes is a suffix validation checks.

/// A name AWS sees, composed from the name a module receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Composed {
    /// What AWS calls it, in messages (`IAM role name`).
    pub what: &'static str,
    /// Written before the module's name.
    pub prefix: &'static str,
    /// Written after the module's name.
    pub suffix: &'static str,
    /// The longest name AWS accepts, in characters.
    pub max: usize,
}

impl Composed {
    /// The name composed from `base`.
    pub fn of(&self, base: &str) -> String {
        format!("{}{base}{}", self.prefix, self.suffix)
    }
}

/// Appended to the name of a root, cluster and database in the disaster-recovery region
/// (IAM role names are global to the account).
pub const DR_SUFFIX: &str = "-dr";

/// The name of a platform root and its cluster: `<project>-<tier>[-dr]`.
pub fn platform(project: &str, tier: &str, dr: bool) -> String {
    let base = format!("{project}-{tier}");
    if dr {
        format!("{base}{DR_SUFFIX}")
    } else {
        base
    }
}

/// The name of a service's deployment root, its resources' prefix and its database's
/// identifier: `<project>-<tier>-<service>[-dr]`.
pub fn deployment(project: &str, tier: &str, service: &str, dr: bool) -> String {
    platform(project, &format!("{tier}-{service}"), dr)
}

/// The name a root gives a member of its service (a function, a queue, a schedule):
/// `<root name>-<member>`.
pub fn member(root: &str, member: &str) -> String {
    format!("{root}-{member}")
}

/// The name of a service's own ECS hosts in a platform (`modules/ecs-cluster`'s
/// `host_groups`: launch template, Auto Scaling group, capacity provider):
/// `<platform name>-<service>`.
pub fn host_group(platform: &str, service: &str) -> String {
    member(platform, service)
}

/// A service's own hosts: the launch template's name is the group's name (the tightest of its
/// three limits; the Auto Scaling group's and capacity provider's are 255).
pub const HOST_GROUP: Composed = Composed {
    what: "launch template name",
    prefix: "",
    suffix: "",
    max: 128,
};

/// The capacity alarm of a service's own hosts, after the group's name.
pub const HOST_GROUP_ALARM: Composed = Composed {
    what: "alarm name",
    prefix: "",
    suffix: "-capacity",
    max: 255,
};

/// The name a root gives its worker: `<root name>-worker`.
pub const WORKER_SUFFIX: &str = "-worker";

/// The execution role of an ECS service (the API's and the worker's), `ecs_common`.
pub const ECS_EXEC_ROLE: Composed = Composed {
    what: "IAM role name",
    prefix: "",
    suffix: "-exec",
    max: 64,
};

/// The log group of an ECS service's containers, `ecs_common`.
pub const ECS_LOG_GROUP: Composed = Composed {
    what: "log group name",
    prefix: "/ecs/",
    suffix: "",
    max: 512,
};

/// The API's load balancer, from its short name ([`short_name`]).
pub const ALB: Composed = Composed {
    what: "load balancer name",
    prefix: "",
    suffix: "-alb",
    max: 32,
};

/// The API's target group, from its short name ([`short_name`]).
pub const TARGET_GROUP: Composed = Composed {
    what: "target group name",
    prefix: "",
    suffix: "-tg",
    max: 32,
};

/// The database instance: the root's name itself.
pub const RDS_INSTANCE: Composed = Composed {
    what: "RDS instance identifier",
    prefix: "",
    suffix: "",
    max: 63,
};

/// A read replica of the database: `<identifier>-replica-<n>`, n from 1 (see [`replica`]).
pub const RDS_REPLICA: Composed = Composed {
    what: "RDS replica identifier",
    prefix: "",
    suffix: "-replica-",
    max: 63,
};

/// The identifier of read replica `n` (from 1) of database `identifier`.
pub fn replica(identifier: &str, n: u32) -> String {
    format!("{}{n}", RDS_REPLICA.of(identifier))
}

/// A Lambda function and its role: the member name itself.
pub const LAMBDA_FUNCTION: Composed = Composed {
    what: "Lambda function and role name",
    prefix: "",
    suffix: "",
    max: 64,
};

/// The dead-letter queue of a function's failed asynchronous invocations.
pub const LAMBDA_ASYNC_DLQ: Composed = Composed {
    what: "SQS queue name",
    prefix: "",
    suffix: "-async-dlq",
    max: 80,
};

/// The log group of a function (the one Lambda writes to).
pub const LAMBDA_LOG_GROUP: Composed = Composed {
    what: "log group name",
    prefix: "/aws/lambda/",
    suffix: "",
    max: 512,
};

/// The dead-letter queue of a queue.
pub const QUEUE_DLQ: Composed = Composed {
    what: "SQS queue name",
    prefix: "",
    suffix: "-dlq",
    max: 80,
};

/// The EventBridge rule of a schedule: the member name itself.
pub const SCHEDULE_RULE: Composed = Composed {
    what: "EventBridge rule name",
    prefix: "",
    suffix: "",
    max: 64,
};

/// A bucket of a service: the member name itself (`<root name>-<bucket>`), global to S3.
pub const BUCKET: Composed = Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "",
    max: 63,
};

/// An SNS topic of a service: the member name itself (`<root name>-<topic>`). A subscriber's
/// root composes the same name from the publisher's root name ([`topic`]).
pub const TOPIC: Composed = Composed {
    what: "SNS topic name",
    prefix: "",
    suffix: "",
    max: 256,
};

/// The name of topic `topic` of `service`'s deployment root in `tier` (`-dr` in the
/// disaster-recovery region): what the publisher creates and what a subscriber in the same
/// tier and region derives its ARN from.
pub fn topic(project: &str, tier: &str, service: &str, dr: bool, topic: &str) -> String {
    TOPIC.of(&member(&deployment(project, tier, service, dr), topic))
}

/// A DynamoDB table of a service: the member name itself (`<root name>-<table>`).
pub const TABLE: Composed = Composed {
    what: "DynamoDB table name",
    prefix: "",
    suffix: "",
    max: 255,
};

/// A service's cache, `elasticache`: the replication group id, made from the root's short name
/// ([`short_name`] at [`SHORT_NAME_MAX`], so it always fits; subnet and parameter groups start
/// with it too).
pub const CACHE: Composed = Composed {
    what: "ElastiCache replication group id",
    prefix: "",
    suffix: "",
    max: 40,
};

/// The slow log group of a service's cache.
pub const CACHE_LOG_GROUP: Composed = Composed {
    what: "log group name",
    prefix: "/aws/elasticache/",
    suffix: "/slow-log",
    max: 512,
};

/// The SSM parameter holding a cache's auth token.
pub const CACHE_AUTH_PARAMETER: Composed = Composed {
    what: "SSM parameter name",
    prefix: "/",
    suffix: "/cache/auth-token",
    max: 1011,
};

/// The cache's security group's name prefix, after its name.
pub const CACHE_SECURITY_GROUP_SUFFIX: &str = "-cache-";

/// The inline policy on each code role that reads a cache's auth token, after its name.
pub const CACHE_AUTH_POLICY_SUFFIX: &str = "-cache-auth-token";

/// A service's frontend, `cloudfront-site`: the bucket holding the site's files.
pub const SITE_BUCKET: Composed = Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "-site",
    max: 63,
};

/// The bucket receiving the frontend's CloudFront access logs.
pub const SITE_LOG_BUCKET: Composed = Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "-site-logs",
    max: 63,
};

/// The frontend's response headers policy (letters, digits, `-` and `_`).
pub const SITE_HEADERS_POLICY: Composed = Composed {
    what: "CloudFront response headers policy name",
    prefix: "",
    suffix: "-security-headers",
    max: 128,
};

/// The frontend's origin access control.
pub const SITE_ORIGIN_ACCESS: Composed = Composed {
    what: "CloudFront origin access control name",
    prefix: "",
    suffix: "-site",
    max: 64,
};

/// The frontend's AWS WAF web ACL (scope `CLOUDFRONT`).
pub const SITE_WEB_ACL: Composed = Composed {
    what: "AWS WAF web ACL name",
    prefix: "",
    suffix: "-edge",
    max: 128,
};

/// The log group of the frontend's web ACL (WAF requires the `aws-waf-logs-` prefix).
pub const SITE_WAF_LOG_GROUP: Composed = Composed {
    what: "log group name",
    prefix: "aws-waf-logs-",
    suffix: "-edge",
    max: 512,
};

/// A service's HTTP API, `http-api`: the API's name (the root's name).
pub const HTTP_API: Composed = Composed {
    what: "API Gateway API name",
    prefix: "",
    suffix: "",
    max: 128,
};

/// The access log group of a service's HTTP API.
pub const HTTP_API_LOG_GROUP: Composed = Composed {
    what: "log group name",
    prefix: "/aws/apigateway/",
    suffix: "/access",
    max: 512,
};

/// The JWT authorizer of a service's HTTP API.
pub const HTTP_API_AUTHORIZER: Composed = Composed {
    what: "API Gateway authorizer name",
    prefix: "",
    suffix: "-jwt",
    max: 128,
};

/// The alarm on a service's HTTP API's 5xx answers.
pub const HTTP_API_5XX_ALARM: Composed = Composed {
    what: "CloudWatch alarm name",
    prefix: "",
    suffix: "-http-api-5xx",
    max: 255,
};

/// The alarm on a service's HTTP API's latency.
pub const HTTP_API_LATENCY_ALARM: Composed = Composed {
    what: "CloudWatch alarm name",
    prefix: "",
    suffix: "-http-api-latency",
    max: 255,
};

/// The first label of a service's HTTP API host name, after the service's name:
/// `<service>-api.<domain>` (the load-balanced API has `<service>.<domain>`).
pub const HTTP_API_HOST_SUFFIX: &str = "-api";

/// Where the access logs of a service's bucket go in the log bucket: under
/// `buckets/<bucket name>/` (the state buckets' own logs are under `state-bucket/`).
pub const BUCKET_LOG_PREFIX: &str = "buckets/";

/// The access-log bucket of a state bucket (`backend-bootstrap`), when the design names no
/// existing log buckets.
pub const LOG_BUCKET: Composed = Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "-logs",
    max: 63,
};

/// The log bucket name of a state bucket.
pub fn log_bucket_name(bucket: &str) -> String {
    LOG_BUCKET.of(bucket)
}

/// Longest name the ALB and target group may carry before their `-alb`/`-tg` suffix.
pub const SHORT_NAME_MAX: usize = 28;

/// `name` if it fits in `max` characters, else a prefix and a stable 4-hex-digit hash of the
/// whole name, so two long names that share a prefix still differ.
pub fn short_name(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    // FNV-1a: tiny, stable across platforms and releases.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let suffix = format!("{:04x}", hash & 0xffff);
    let keep = max - suffix.len() - 1;
    let prefix: String = name.chars().take(keep).collect();
    format!("{}-{suffix}", prefix.trim_end_matches('-'))
}

/// The alias of the state key in every backend region, `alias/<project>-tfstate`: what each
/// backend block names as `kms_key_id` (a backend block takes no expressions, and S3 resolves an
/// alias in the caller's account and the bucket's region; Terraform accepts aliases since 1.6.1).
pub fn state_key_alias(project: &str) -> String {
    format!("alias/{project}-tfstate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compose_as_the_modules_write_them() {
        assert_eq!(deployment("acme", "prod", "web", false), "acme-prod-web");
        assert_eq!(deployment("acme", "prod", "web", true), "acme-prod-web-dr");
        assert_eq!(platform("acme", "prod", true), "acme-prod-dr");
        assert_eq!(ECS_EXEC_ROLE.of("acme-prod-web"), "acme-prod-web-exec");
        assert_eq!(ECS_LOG_GROUP.of("a-worker"), "/ecs/a-worker");
        assert_eq!(replica("acme-prod-web", 2), "acme-prod-web-replica-2");
        assert_eq!(LAMBDA_LOG_GROUP.of(&member("a", "f")), "/aws/lambda/a-f");
        assert_eq!(log_bucket_name("state"), "state-logs");
    }

    #[test]
    fn short_names_fit_and_stay_distinct() {
        let a = short_name("sports-cards-staging-manufacturing-orchestrator", 28);
        let b = short_name("sports-cards-staging-manufacturing-orchestrator-dr", 28);
        assert!(a.len() <= 28 && b.len() <= 28);
        assert_ne!(a, b);
        assert_eq!(short_name("acme-dev-web", 28), "acme-dev-web");
    }
}
