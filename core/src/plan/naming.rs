//! How the bundle composes the AWS names it makes from design names: the plan names the roots
//! (`<project>-<tier>[-<service>][-dr]`); a root passes its name to each module, and the
//! module composes the names AWS sees from it with the prefixes and suffixes of a [`Composed`]
//! (its emitter writes `Composed::prefix`/`suffix`, never its own spelling). The names the
//! roots, the platform and several blocks share are here; each building block's own are
//! constants in its kind file (`kinds::queue::QUEUE_DLQ`). The design rules on name lengths
//! (`validate`, `Kind::names`) compose the same names with [`Composed::of`] and check them
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
        assert_eq!(
            crate::kinds::database::replica("acme-prod-web", 2),
            "acme-prod-web-replica-2"
        );
        assert_eq!(
            crate::kinds::lambda::LAMBDA_LOG_GROUP.of(&member("a", "f")),
            "/aws/lambda/a-f"
        );
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
