//! Limits that hold whatever a design file or a share link carries: every number within the
//! bounds AWS (or, where AWS sets none, this designer) accepts, documented in the JSON Schema too.
//!
//! These rules run after the others and add an error only at a field that has none yet, so a
//! value already refused by a more specific rule is not reported twice.

use crate::catalog::bound;
use crate::design::Design;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeSet;

/// Every numeric field of `design`: (JSON Pointer, schema definition, field, value).
pub fn numbers(design: &Design) -> Vec<(String, &'static str, &'static str, u32)> {
    let mut v = Vec::new();
    for (i, t) in design.tiers.iter().enumerate() {
        let base = format!("/tiers/{i}");
        let mut push = |path: String, def: &'static str, field: &'static str, value: u32| {
            v.push((format!("{path}/{field}"), def, field, value));
        };
        push(
            base.clone(),
            "Tier",
            "log_retention_days",
            t.log_retention_days,
        );
        let c = format!("{base}/compute");
        push(c.clone(), "TierCompute", "asg_min", t.compute.asg_min);
        push(c.clone(), "TierCompute", "asg_max", t.compute.asg_max);
        push(
            c.clone(),
            "TierCompute",
            "asg_desired",
            t.compute.asg_desired,
        );
        push(c, "TierCompute", "task_count", t.compute.task_count);
        let d = format!("{base}/database");
        let db = &t.database;
        push(
            d.clone(),
            "TierDatabase",
            "allocated_storage_gb",
            db.allocated_storage_gb,
        );
        push(
            d.clone(),
            "TierDatabase",
            "max_allocated_storage_gb",
            db.max_allocated_storage_gb,
        );
        push(d.clone(), "TierDatabase", "read_replicas", db.read_replicas);
        push(
            d,
            "TierDatabase",
            "backup_retention_days",
            db.backup_retention_days,
        );
        let a = format!("{base}/alarms");
        push(
            a.clone(),
            "TierAlarms",
            "cpu_high_percent",
            t.alarms.cpu_high_percent,
        );
        push(
            a.clone(),
            "TierAlarms",
            "cpu_low_percent",
            t.alarms.cpu_low_percent,
        );
        push(a.clone(), "TierAlarms", "queue_depth", t.alarms.queue_depth);
        push(
            a,
            "TierAlarms",
            "message_age_seconds",
            t.alarms.message_age_seconds,
        );
        push(
            format!("{base}/storage"),
            "TierStorage",
            "noncurrent_version_days",
            t.storage.noncurrent_version_days,
        );
        let tables = format!("{base}/storage/tables");
        let tt = &t.storage.tables;
        push(
            tables.clone(),
            "TierTables",
            "read_capacity",
            tt.read_capacity,
        );
        push(
            tables.clone(),
            "TierTables",
            "write_capacity",
            tt.write_capacity,
        );
        push(
            tables.clone(),
            "TierTables",
            "max_read_capacity",
            tt.max_read_capacity,
        );
        push(
            tables,
            "TierTables",
            "max_write_capacity",
            tt.max_write_capacity,
        );
        let cache = format!("{base}/cache");
        push(cache.clone(), "TierCache", "replicas", t.cache.replicas);
        push(
            cache,
            "TierCache",
            "snapshot_retention_days",
            t.cache.snapshot_retention_days,
        );
    }
    for (i, s) in design.services.iter().enumerate() {
        let base = format!("/services/{i}");
        if let Some(api) = &s.api {
            let p = format!("{base}/api");
            v.push((format!("{p}/port"), "Container", "port", api.port));
            v.push((format!("{p}/cpu"), "Container", "cpu", api.cpu));
            v.push((format!("{p}/memory"), "Container", "memory", api.memory));
        }
        if let Some(w) = &s.worker {
            let p = format!("{base}/worker");
            v.push((format!("{p}/cpu"), "Worker", "cpu", w.cpu));
            v.push((format!("{p}/memory"), "Worker", "memory", w.memory));
            v.push((
                format!("{p}/backlog_per_task"),
                "Worker",
                "backlog_per_task",
                w.backlog_per_task,
            ));
        }
        for (j, l) in s.lambdas.iter().enumerate() {
            let p = format!("{base}/lambdas/{j}");
            v.push((
                format!("{p}/memory_mb"),
                "LambdaFunction",
                "memory_mb",
                l.memory_mb,
            ));
            v.push((
                format!("{p}/timeout_seconds"),
                "LambdaFunction",
                "timeout_seconds",
                l.timeout_seconds,
            ));
        }
        for (j, q) in s.queues.iter().enumerate() {
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
    }
    v
}

/// The limit rules of `design`, given the diagnostics the other rules found (`so_far`): an
/// error is added only at a field that has none yet.
pub fn validate_limits(design: &Design, so_far: &[Diagnostic]) -> Vec<Diagnostic> {
    let erring: BTreeSet<&str> = so_far
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.path.as_str())
        .collect();
    let mut out = Vec::new();
    // Names that must be unique: a second occurrence would be merged or dropped silently.
    let mut twice = |what: &str, base: &str, names: Vec<&str>| {
        let mut seen = BTreeSet::new();
        for (i, name) in names.into_iter().enumerate() {
            let path = format!("{base}/{i}/name");
            if !seen.insert(name) && !erring.contains(path.as_str()) {
                out.push(Diagnostic::error(
                    path,
                    format!("{what} \"{}\" is defined twice", name.escape_debug()),
                ));
            }
        }
    };
    twice(
        "IAM user",
        "/iam/users",
        design.iam.users.iter().map(|u| u.name.as_str()).collect(),
    );
    twice(
        "IAM group",
        "/iam/groups",
        design.iam.groups.iter().map(|g| g.name.as_str()).collect(),
    );
    // One state bucket per region: the same bucket named for two regions would be created twice.
    let mut buckets = BTreeSet::new();
    for (region, b) in &design.backend.regions {
        let path = crate::diagnostic::pointer(&["backend", "regions", region, "bucket"]);
        if !buckets.insert(b.bucket.as_str()) && !erring.contains(path.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!(
                    "state bucket \"{}\" is already used by another region; each region needs its own",
                    b.bucket.escape_debug()
                ),
            ));
        }
    }
    usage(design, &erring, &mut out);
    for (path, definition, field, value) in numbers(design) {
        let Some(b) = bound(definition, field) else {
            continue;
        };
        if !(b.min..=b.max).contains(&value) && !erring.contains(path.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!("{field} is {} to {} {}; got {value}", b.min, b.max, b.unit),
            ));
        }
    }
    out
}

/// The usage section: each input within its bound, each service entry naming a service.
fn usage(design: &Design, erring: &BTreeSet<&str>, out: &mut Vec<Diagnostic>) {
    let mut check = |base: &[&str], inputs: &crate::usage::UsageInputs| {
        for (f, value) in inputs.values() {
            let mut parts = base.to_vec();
            parts.push(f.name);
            let path = crate::diagnostic::pointer(&parts);
            if value > f.max && !erring.contains(path.as_str()) {
                out.push(Diagnostic::error(
                    path,
                    crate::usage::out_of_bounds(f, value),
                ));
            }
        }
    };
    check(&["usage", "defaults"], &design.usage.defaults);
    for (name, inputs) in &design.usage.services {
        check(&["usage", "services", name], inputs);
    }
    for name in design.usage.services.keys() {
        let path = crate::diagnostic::pointer(&["usage", "services", name]);
        if !design.services.iter().any(|s| &s.name == name) && !erring.contains(path.as_str()) {
            out.push(Diagnostic::error(
                path,
                format!(
                    "usage is set for service \"{}\", which the design does not have",
                    name.escape_debug()
                ),
            ));
        }
    }
}

/// Most services a design may have: far above the 10× benchmark (30), small enough that a
/// browser tab generates, checks and zips the bundle.
pub const MAX_SERVICES: usize = 100;
/// Most tiers (the 10× benchmark has 4).
pub const MAX_TIERS: usize = 10;
/// Most regions (the 10× benchmark has 3).
pub const MAX_REGIONS: usize = 10;
/// Most deployments (service × tier × region roots; the 10× benchmark has 360): each is a root
/// folder of about ten files, so the bundle stays far below the zip's 65,535 entries.
pub const MAX_DEPLOYMENTS: usize = 1000;

/// The size limits of `design`, checked before anything else: a design over them gets only
/// these errors, and is never planned or generated.
pub fn size_limits(design: &Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let cap = |out: &mut Vec<Diagnostic>, path: &str, what: &str, n: usize, max: usize| {
        if n > max {
            out.push(
                Diagnostic::error(
                    path,
                    format!("the design has {n} {what}; at most {max} are supported"),
                )
                .with_hint("split the platform into several designs"),
            );
        }
    };
    cap(
        &mut out,
        "/services",
        "services",
        design.services.len(),
        MAX_SERVICES,
    );
    cap(&mut out, "/tiers", "tiers", design.tiers.len(), MAX_TIERS);
    cap(
        &mut out,
        "/regions",
        "regions",
        design.regions.len(),
        MAX_REGIONS,
    );
    for (i, t) in design.tiers.iter().enumerate() {
        cap(
            &mut out,
            &format!("/tiers/{i}/regions"),
            "regions in one tier",
            t.regions.len(),
            MAX_REGIONS,
        );
    }
    if out.is_empty() {
        let deployments = deployments(design);
        cap(
            &mut out,
            "/services",
            "deployments (services × tier regions)",
            deployments,
            MAX_DEPLOYMENTS,
        );
    }
    out
}

/// Why `design` is too large to open, in one sentence; `None` when it is within the limits.
/// What the designer checks before it replaces the current design with a link or a file.
pub fn too_large(design: &Design) -> Option<String> {
    let errors = size_limits(design);
    (!errors.is_empty()).then(|| {
        errors
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Service × tier region deployments of `design`: what [`MAX_DEPLOYMENTS`] bounds.
pub fn deployments(design: &Design) -> usize {
    let per_service: usize = design.tiers.iter().map(|t| t.regions.len()).sum();
    design.services.len().saturating_mul(per_service)
}

/// Deployments above which the designer asks before generating a design it did not make
/// (opened from a link or a file): a link of under 2,000 characters can carry a design that
/// takes a browser tab seconds and hundreds of megabytes to generate. The presets have at
/// most 12 deployments.
pub const CONFIRM_DEPLOYMENTS: usize = 200;

/// The size of a design large enough to ask about before generating it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LargeDesign {
    /// Deployment roots.
    pub deployments: usize,
    /// Files of its bundle; `None` when the design has errors (it has no bundle then).
    pub files: Option<usize>,
}

impl LargeDesign {
    /// The question to ask, e.g. "This link opens a design with 240 deployments (2,044
    /// files). Generate it?". `source` names where the design comes from ("link").
    pub fn question(&self, source: &str) -> String {
        let files = self
            .files
            .map(|n| format!(" ({} files)", crate::markdown::grouped(n)))
            .unwrap_or_default();
        format!(
            "This {source} opens a design with {} deployments{files}. Generate it?",
            crate::markdown::grouped(self.deployments)
        )
    }
}

/// An S3 bucket name AWS accepts (3 to 63 lowercase letters, digits, dots and dashes, starting
/// and ending with a letter or digit, no `..`); else an error at `path`. Shared by the design
/// rules that name buckets (state, IAM data, access logs).
pub(crate) fn bucket_name(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
    let ok = (3..=63).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !value.contains("..");
    if !ok {
        out.push(
            Diagnostic::error(
                path,
                format!("\"{}\" is not a valid S3 bucket name", value.escape_debug()),
            )
            .with_hint("3 to 63 lowercase letters, digits, dots and dashes"),
        );
    }
}
