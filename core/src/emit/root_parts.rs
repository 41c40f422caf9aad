//! The vocabulary a deployment root shares with the building blocks that add to it
//! (`crate::kinds`): root variables, identifiers and environment names made of design names,
//! the references every deployment root has.

use super::hcl::*;

/// Relative path from a deployment root to the bundle's top folder.
pub(crate) const UP: &str = "../../../..";

/// A root variable: name, type, description, tfvars value.
pub struct RootVar {
    pub(crate) name: &'static str,
    pub(crate) ty: E,
    pub(crate) description: &'static str,
    pub(crate) value: E,
    pub(crate) validation: Option<(E, &'static str)>,
}

pub(crate) fn var(name: &'static str, ty: E, description: &'static str, value: E) -> RootVar {
    RootVar {
        name,
        ty,
        description,
        value,
        validation: None,
    }
}

/// An HCL identifier for a module or resource name made of design names (`-` → `_`).
pub fn ident(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'x');
    }
    out
}

/// Environment-variable form of a design name (`orders` → `ORDERS`).
pub(crate) fn env_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The deployment root's customer-managed KMS key.
pub(crate) fn key() -> E {
    r("aws_kms_key.this.arn")
}

/// The deployment root's alarm topic, as an `alarm_actions` list.
pub(crate) fn topic() -> E {
    list([r("aws_sns_topic.alarms.arn")])
}

/// An output of a root: name, description, value.
pub struct Output {
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) value: E,
}

/// A container command as a list, or nothing for the image's own.
pub(crate) fn command(args: &[String]) -> Option<E> {
    (!args.is_empty()).then(|| strs(args))
}

/// The ECS cluster of the tier and region the containers of a deployment root run in (its
/// platform root), named by the plan: a string, so the root never reads another root's state.
pub struct Cluster<'a> {
    pub(crate) name: &'a str,
    pub(crate) capacity_provider: &'a str,
    /// The root's containers run on Fargate (the service's `launch_type`).
    pub(crate) fargate: bool,
    /// On Fargate, mostly on `FARGATE_SPOT` (the tier's `compute.fargate_spot`).
    pub(crate) fargate_spot: bool,
}

impl Cluster<'_> {
    /// `m` with the cluster's `cluster_name` and how the tasks are placed: the capacity
    /// provider of the hosts (`capacity_provider_name`, the modules' default launch type), or
    /// `launch_type = "FARGATE"` (and `fargate_spot`).
    pub(crate) fn wire(&self, m: Blk) -> Blk {
        let m = m.a("cluster_name", s(self.name));
        if !self.fargate {
            return m.a("capacity_provider_name", s(self.capacity_provider));
        }
        let m = m.a("launch_type", s(FARGATE));
        if self.fargate_spot {
            m.a("fargate_spot", b(true))
        } else {
            m
        }
    }
}

/// The `launch_type` of the ECS modules for tasks on Fargate (also a capacity provider's
/// name); `EC2` is their default.
pub(crate) const FARGATE: &str = "FARGATE";

/// The aws provider a root configures in us-east-1 for the modules of CloudFront's global
/// parts (certificates, web ACLs of scope `CLOUDFRONT`), and passes to them under this name.
pub const US_EAST_1: &str = "aws.us_east_1";
