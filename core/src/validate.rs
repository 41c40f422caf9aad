//! Design rules: every problem at once, each pointing at its field with a JSON Pointer.
//!
//! The names a person types become folder names, resource names and HCL identifiers, so they
//! are held to `[a-z][a-z0-9-]*`; free text (descriptions, tag values, images) is escaped by the
//! renderer instead. A design that passes here always generates a bundle.

use crate::design::{Design, NetworkMode, RegionRole};
use crate::diagnostic::Diagnostic;
use std::collections::BTreeSet;

/// CloudWatch Logs retention values AWS accepts, in days.
pub const LOG_RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// All diagnostics of a design, errors and warnings, in field order.
pub fn validate(design: &Design) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;

    name(out, "/project", "project name", &design.project, 20);
    for (key, value) in &design.tags {
        let ok = !key.is_empty()
            && key.len() <= 128
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " _.:/=+-@".contains(c));
        if !ok {
            out.push(
                Diagnostic::error(
                    pointer(&["tags", key]),
                    format!("tag key \"{key}\" is not a valid AWS tag key"),
                )
                .with_hint("use 1 to 128 letters, digits, spaces and _ . : / = + - @"),
            );
        }
        if value.chars().count() > 256 {
            out.push(Diagnostic::error(
                pointer(&["tags", key]),
                "tag values are at most 256 characters",
            ));
        }
    }

    // Regions.
    let primaries = design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Primary)
        .count();
    if primaries != 1 {
        out.push(
            Diagnostic::error(
                "/regions",
                format!("the design needs exactly one primary region, it has {primaries}"),
            )
            .with_hint("mark one region as primary"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, region) in design.regions.iter().enumerate() {
        let path = format!("/regions/{i}/name");
        if !is_region(&region.name) {
            out.push(
                Diagnostic::error(
                    &path,
                    format!("\"{}\" is not an AWS region code", region.name),
                )
                .with_hint("e.g. us-east-1 or eu-west-2"),
            );
        }
        if !seen.insert(region.name.as_str()) {
            out.push(Diagnostic::error(
                &path,
                format!("region \"{}\" is listed twice", region.name),
            ));
        }
        match design.backend.regions.get(&region.name) {
            None => out.push(
                Diagnostic::error(
                    "/backend/regions",
                    format!(
                        "region \"{}\" has no state bucket and lock table",
                        region.name
                    ),
                )
                .with_hint("add an entry for it under backend.regions"),
            ),
            Some(b) => {
                let p = pointer(&["backend", "regions", &region.name, "bucket"]);
                bucket_name(out, &p, &b.bucket);
                let p = pointer(&["backend", "regions", &region.name, "lock_table"]);
                let ok = (3..=255).contains(&b.lock_table.len())
                    && b.lock_table
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
                if !ok {
                    out.push(Diagnostic::error(
                        p,
                        "DynamoDB table names are 3 to 255 letters, digits, _ . -",
                    ));
                }
            }
        }
    }
    let region_names: BTreeSet<&str> = design.regions.iter().map(|r| r.name.as_str()).collect();

    // Tiers.
    if design.tiers.is_empty() {
        out.push(Diagnostic::error(
            "/tiers",
            "the design needs at least one tier",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, tier) in design.tiers.iter().enumerate() {
        let base = format!("/tiers/{i}");
        name(out, &format!("{base}/name"), "tier name", &tier.name, 12);
        if !seen.insert(tier.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{base}/name"),
                format!("tier \"{}\" is defined twice", tier.name),
            ));
        }
        if tier.regions.is_empty() {
            out.push(Diagnostic::error(
                format!("{base}/regions"),
                format!("tier \"{}\" deploys to no region", tier.name),
            ));
        }
        for (j, r) in tier.regions.iter().enumerate() {
            if !region_names.contains(r.as_str()) {
                out.push(Diagnostic::error(
                    format!("{base}/regions/{j}"),
                    format!(
                        "tier \"{}\" deploys to \"{r}\", which is not one of the design's regions",
                        tier.name
                    ),
                ));
            }
        }
        let c = &tier.compute;
        if !(c.asg_min <= c.asg_desired && c.asg_desired <= c.asg_max) {
            out.push(Diagnostic::error(
                format!("{base}/compute/asg_desired"),
                format!(
                    "ASG sizes must satisfy min ≤ desired ≤ max (got {} ≤ {} ≤ {})",
                    c.asg_min, c.asg_desired, c.asg_max
                ),
            ));
        }
        if c.asg_max == 0 {
            out.push(Diagnostic::error(
                format!("{base}/compute/asg_max"),
                "the ASG maximum must be at least 1",
            ));
        }
        plain(
            out,
            &format!("{base}/compute/instance_type"),
            "instance type",
            &c.instance_type,
        );
        let db = &tier.database;
        plain(
            out,
            &format!("{base}/database/instance_class"),
            "instance class",
            &db.instance_class,
        );
        if !db.instance_class.starts_with("db.") {
            out.push(Diagnostic::error(
                format!("{base}/database/instance_class"),
                "RDS instance classes start with \"db.\"",
            ));
        }
        if db.allocated_storage_gb < 20 || db.max_allocated_storage_gb < db.allocated_storage_gb {
            out.push(Diagnostic::error(
                format!("{base}/database/max_allocated_storage_gb"),
                "storage must be at least 20 GiB and the autoscaling ceiling at least the initial size",
            ));
        }
        if db.read_replicas > 15 {
            out.push(Diagnostic::error(
                format!("{base}/database/read_replicas"),
                "PostgreSQL allows at most 15 read replicas",
            ));
        }
        if db.backup_retention_days > 35 {
            out.push(Diagnostic::error(
                format!("{base}/database/backup_retention_days"),
                "RDS keeps backups for at most 35 days",
            ));
        }
        if db.read_replicas > 0 && db.backup_retention_days == 0 {
            out.push(Diagnostic::error(
                format!("{base}/database/backup_retention_days"),
                "read replicas need automated backups (retention of at least 1 day)",
            ));
        }
        if db.cross_region_replica {
            let has_dr = tier.regions.iter().any(|r| {
                design
                    .regions
                    .iter()
                    .any(|x| x.name == *r && x.role == RegionRole::Dr)
            });
            let has_primary = tier
                .regions
                .iter()
                .any(|r| Some(r.as_str()) == design.primary_region());
            if !(has_dr && has_primary) {
                out.push(
                    Diagnostic::error(
                        format!("{base}/database/cross_region_replica"),
                        format!("tier \"{}\" asks for a cross-region replica but does not deploy to both the primary and the DR region", tier.name),
                    )
                    .with_hint("add both regions to the tier, or turn the replica off"),
                );
            }
        }
        if !LOG_RETENTION_DAYS.contains(&tier.log_retention_days) {
            out.push(
                Diagnostic::error(
                    format!("{base}/log_retention_days"),
                    format!(
                        "CloudWatch Logs does not accept a retention of {} days",
                        tier.log_retention_days
                    ),
                )
                .with_hint("use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …"),
            );
        }
        let a = &tier.alarms;
        if a.cpu_high_percent > 100 || a.cpu_low_percent >= a.cpu_high_percent {
            out.push(Diagnostic::error(
                format!("{base}/alarms/cpu_low_percent"),
                "CPU thresholds must satisfy low < high ≤ 100",
            ));
        }
    }
    let tier_names: BTreeSet<&str> = design.tiers.iter().map(|t| t.name.as_str()).collect();

    // Services.
    if design.services.is_empty() {
        out.push(Diagnostic::error(
            "/services",
            "the design needs at least one service",
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, svc) in design.services.iter().enumerate() {
        let base = format!("/services/{i}");
        name(out, &format!("{base}/name"), "service name", &svc.name, 32);
        if !seen.insert(svc.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{base}/name"),
                format!("service \"{}\" is defined twice", svc.name),
            ));
        }
        if svc.api.is_none()
            && svc.worker.is_none()
            && svc.lambdas.is_empty()
            && svc.database.is_none()
            && svc.queues.is_empty()
        {
            out.push(Diagnostic::warning(
                base.clone(),
                format!("service \"{}\" has no components", svc.name),
            ));
        }
        for t in &tier_names {
            match svc.cost_codes.get(*t) {
                None => out.push(
                    Diagnostic::error(
                        format!("{base}/cost_codes"),
                        format!("service \"{}\" has no cost code for tier \"{t}\"", svc.name),
                    )
                    .with_hint("cost codes are 8 letters or digits"),
                ),
                Some(code)
                    if !(code.len() == 8 && code.chars().all(|c| c.is_ascii_alphanumeric())) =>
                {
                    out.push(Diagnostic::error(
                        pointer(&["services", &i.to_string(), "cost_codes", t]),
                        format!("cost code \"{code}\" must be exactly 8 letters or digits"),
                    ))
                }
                Some(_) => {}
            }
        }
        for t in svc
            .cost_codes
            .keys()
            .filter(|t| !tier_names.contains(t.as_str()))
        {
            out.push(Diagnostic::warning(
                pointer(&["services", &i.to_string(), "cost_codes", t]),
                format!("cost code for unknown tier \"{t}\" is ignored"),
            ));
        }
        if let Some(api) = &svc.api {
            container(out, &format!("{base}/api"), &api.image, api.cpu, api.memory);
            if !(1..=65535).contains(&api.port) {
                out.push(Diagnostic::error(
                    format!("{base}/api/port"),
                    "the container port must be 1 to 65535",
                ));
            }
            if !api.health_check_path.starts_with('/') {
                out.push(Diagnostic::error(
                    format!("{base}/api/health_check_path"),
                    "the health check path must start with /",
                ));
            }
        }
        let queue_names: BTreeSet<&str> = svc.queues.iter().map(|q| q.name.as_str()).collect();
        if let Some(w) = &svc.worker {
            container(out, &format!("{base}/worker"), &w.image, w.cpu, w.memory);
            for (j, q) in w.queues.iter().enumerate() {
                if !queue_names.contains(q.as_str()) {
                    out.push(Diagnostic::error(
                        format!("{base}/worker/queues/{j}"),
                        format!(
                            "the worker consumes \"{q}\", which is not one of the service's queues"
                        ),
                    ));
                }
            }
        }
        let mut lambda_names = BTreeSet::new();
        for (j, l) in svc.lambdas.iter().enumerate() {
            let lb = format!("{base}/lambdas/{j}");
            name(out, &format!("{lb}/name"), "function name", &l.name, 24);
            if !lambda_names.insert(l.name.as_str()) {
                out.push(Diagnostic::error(
                    format!("{lb}/name"),
                    format!("function \"{}\" is defined twice", l.name),
                ));
            }
            plain(out, &format!("{lb}/runtime"), "runtime", &l.runtime);
            plain(out, &format!("{lb}/handler"), "handler", &l.handler);
            if !(128..=10240).contains(&l.memory_mb) {
                out.push(Diagnostic::error(
                    format!("{lb}/memory_mb"),
                    "Lambda memory must be 128 to 10240 MiB",
                ));
            }
            if !(1..=900).contains(&l.timeout_seconds) {
                out.push(Diagnostic::error(
                    format!("{lb}/timeout_seconds"),
                    "Lambda timeouts are 1 to 900 seconds",
                ));
            }
            if let Some(q) = &l.queue {
                match svc.queues.iter().find(|x| &x.name == q) {
                    None => out.push(Diagnostic::error(format!("{lb}/queue"), format!("\"{q}\" is not one of the service's queues"))),
                    Some(queue) if queue.visibility_timeout_seconds < l.timeout_seconds => out.push(Diagnostic::error(
                        format!("{lb}/queue"),
                        format!("queue \"{q}\" has a visibility timeout of {} s, shorter than the function's timeout of {} s", queue.visibility_timeout_seconds, l.timeout_seconds),
                    )),
                    Some(_) => {}
                }
            }
        }
        if let Some(db) = &svc.database {
            let ok = |s: &str| {
                !s.is_empty()
                    && s.len() <= 63
                    && s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            };
            if !ok(&db.db_name) {
                out.push(Diagnostic::error(
                    format!("{base}/database/db_name"),
                    "database names are letters, digits and _, starting with a letter",
                ));
            }
            if !ok(&db.username)
                || matches!(db.username.as_str(), "admin" | "postgres" | "rdsadmin")
            {
                out.push(Diagnostic::error(
                    format!("{base}/database/username"),
                    "the master user name must be letters, digits and _, and not a reserved name",
                ));
            }
            let version_ok = !db.engine_version.is_empty()
                && db
                    .engine_version
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.');
            if !version_ok {
                out.push(Diagnostic::error(
                    format!("{base}/database/engine_version"),
                    "the engine version is a number such as 16 or 16.4",
                ));
            }
        }
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
        let mut seen_s = BTreeSet::new();
        for (j, sch) in svc.schedules.iter().enumerate() {
            let sb = format!("{base}/schedules/{j}");
            name(out, &format!("{sb}/name"), "schedule name", &sch.name, 24);
            if !seen_s.insert(sch.name.as_str()) {
                out.push(Diagnostic::error(
                    format!("{sb}/name"),
                    format!("schedule \"{}\" is defined twice", sch.name),
                ));
            }
            let e = &sch.expression;
            let shape = (e.starts_with("cron(") || e.starts_with("rate(")) && e.ends_with(')');
            if !shape {
                out.push(
                    Diagnostic::error(
                        format!("{sb}/expression"),
                        "schedules are cron(…) or rate(…) expressions",
                    )
                    .with_hint("e.g. cron(0 4 * * ? *) or rate(1 hour)"),
                );
            }
            if !lambda_names.contains(sch.lambda.as_str()) {
                out.push(Diagnostic::error(
                    format!("{sb}/lambda"),
                    format!(
                        "the schedule invokes \"{}\", which is not one of the service's functions",
                        sch.lambda
                    ),
                ));
            }
        }
    }

    // IAM.
    let group_names: BTreeSet<&str> = design.iam.groups.iter().map(|g| g.name.as_str()).collect();
    for (i, u) in design.iam.users.iter().enumerate() {
        iam_name(out, &format!("/iam/users/{i}/name"), &u.name);
        for (j, g) in u.groups.iter().enumerate() {
            if !group_names.contains(g.as_str()) {
                out.push(Diagnostic::error(
                    format!("/iam/users/{i}/groups/{j}"),
                    format!(
                        "user \"{}\" is in group \"{g}\", which is not defined",
                        u.name
                    ),
                ));
            }
        }
    }
    for (i, g) in design.iam.groups.iter().enumerate() {
        iam_name(out, &format!("/iam/groups/{i}/name"), &g.name);
        for (j, p) in g.managed_policies.iter().enumerate() {
            iam_name(out, &format!("/iam/groups/{i}/managed_policies/{j}"), p);
        }
    }
    for (j, p) in design.iam.ci_role.managed_policies.iter().enumerate() {
        iam_name(out, &format!("/iam/ci_role/managed_policies/{j}"), p);
    }
    for (j, repo) in design.iam.ci_role.github_repositories.iter().enumerate() {
        let ok = repo.split('/').count() == 2
            && repo.split('/').all(|p| !p.is_empty())
            && repo
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.*/".contains(c));
        if !ok {
            out.push(Diagnostic::error(
                format!("/iam/ci_role/github_repositories/{j}"),
                format!("\"{repo}\" is not an owner/repository pattern"),
            ));
        }
    }
    if design.iam.ci_role.enabled && design.iam.ci_role.github_repositories.is_empty() {
        out.push(Diagnostic::error(
            "/iam/ci_role/github_repositories",
            "the CI role needs at least one GitHub repository that may assume it",
        ));
    }
    for (j, bucket) in design.iam.s3_data_buckets.iter().enumerate() {
        bucket_name(out, &format!("/iam/s3_data_buckets/{j}"), bucket);
    }

    // Network.
    let n = &design.network;
    if n.vpc_name.is_empty() || n.vpc_name.chars().any(char::is_control) {
        out.push(Diagnostic::error(
            "/network/vpc_name",
            "the VPC Name tag pattern must not be empty",
        ));
    }
    if n.subnet_tier_tag.is_empty()
        || !n
            .subnet_tier_tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:/=+-@".contains(c))
    {
        out.push(Diagnostic::error(
            "/network/subnet_tier_tag",
            "the subnet tag key must be a valid AWS tag key",
        ));
    }
    if n.mode == NetworkMode::Explicit {
        for tier in &design.tiers {
            for region in &tier.regions {
                let key = format!("{region}/{}", tier.name);
                match n.explicit.get(&key) {
                    None => out.push(Diagnostic::error(
                        "/network/explicit",
                        format!("explicit networking has no ids for \"{key}\""),
                    )),
                    Some(e) => {
                        let p = pointer(&["network", "explicit", &key]);
                        if !e.vpc_id.starts_with("vpc-") {
                            out.push(Diagnostic::error(
                                format!("{p}/vpc_id"),
                                "VPC ids start with vpc-",
                            ));
                        }
                        if e.private_subnet_ids
                            .iter()
                            .chain(&e.public_subnet_ids)
                            .any(|s| {
                                !s.starts_with("subnet-")
                                    || s.chars().any(|c| !c.is_ascii_alphanumeric() && c != '-')
                            })
                        {
                            out.push(Diagnostic::error(p, "subnet ids look like subnet-0123abcd"));
                        }
                    }
                }
            }
        }
    }
    v
}

/// A JSON Pointer from raw segments (escaping `~` and `/`).
pub fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn name(out: &mut Vec<Diagnostic>, path: &str, what: &str, value: &str, max: usize) {
    if value.is_empty() {
        out.push(Diagnostic::error(path, format!("the {what} is empty")));
        return;
    }
    let ok = value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.ends_with('-')
        && !value.contains("--");
    if !ok {
        out.push(
            Diagnostic::error(path, format!("the {what} \"{}\" may only hold lowercase letters, digits and single dashes, starting with a letter", value.escape_debug()))
                .with_hint("it becomes part of folder, resource and AWS names"),
        );
    }
    if value.chars().count() > max {
        out.push(Diagnostic::error(
            path,
            format!(
                "the {what} \"{}\" is longer than {max} characters",
                value.escape_debug()
            ),
        ));
    }
}

/// Values written into HCL as strings that must still be one plain token.
fn plain(out: &mut Vec<Diagnostic>, path: &str, what: &str, value: &str) {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if !ok {
        out.push(Diagnostic::error(
            path,
            format!("the {what} \"{}\" is not valid", value.escape_debug()),
        ));
    }
}

fn iam_name(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if !ok {
        out.push(Diagnostic::error(
            path,
            format!(
                "\"{}\" is not a valid IAM name (1-64 of letters, digits, + = , . @ _ -)",
                value.escape_debug()
            ),
        ));
    }
}

fn container(out: &mut Vec<Diagnostic>, base: &str, image: &str, cpu: u32, memory: u32) {
    if image.is_empty()
        || image
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'${}%\\".contains(c))
    {
        out.push(Diagnostic::error(
            format!("{base}/image"),
            format!(
                "\"{}\" is not a container image reference",
                image.escape_debug()
            ),
        ));
    }
    if !(128..=10240).contains(&cpu) {
        out.push(Diagnostic::error(
            format!("{base}/cpu"),
            "container CPU is 128 to 10240 units (1024 = 1 vCPU)",
        ));
    }
    if !(128..=122_880).contains(&memory) {
        out.push(Diagnostic::error(
            format!("{base}/memory"),
            "container memory is 128 to 122880 MiB",
        ));
    }
}

fn bucket_name(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
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

fn is_region(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn presets_are_clean() {
        for name in presets::NAMES {
            let d = validate(&presets::get(name).unwrap());
            assert!(d.is_empty(), "{name}: {d:?}");
        }
    }

    fn errors_at(design: &Design) -> Vec<String> {
        validate(design).into_iter().map(|d| d.path).collect()
    }

    #[test]
    fn bad_fields_point_at_themselves() {
        let mut d = presets::sports_cards();
        d.services[1].name = "Orders Ingestion".into();
        d.tiers[0].compute.asg_desired = 50;
        d.services[0].cost_codes.insert("dev".into(), "ABC".into());
        d.tiers[2].log_retention_days = 31;
        let paths = errors_at(&d);
        for p in [
            "/services/1/name",
            "/tiers/0/compute/asg_desired",
            "/services/0/cost_codes/dev",
            "/tiers/2/log_retention_days",
        ] {
            assert!(paths.iter().any(|x| x == p), "missing {p} in {paths:?}");
        }
    }
}
