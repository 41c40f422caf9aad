//! Design rules: every problem at once, each pointing at its field with a JSON Pointer.
//!
//! The names a person types become folder names, resource names and HCL identifiers, so they
//! are held to `[a-z][a-z0-9-]*`; free text (descriptions, tag values, images) is escaped by the
//! renderer instead. A design that passes here always generates a bundle.

use crate::catalog::{DEPRECATED_LAMBDA_RUNTIMES, LAMBDA_RUNTIMES, LOG_RETENTION_DAYS, REGIONS};
use crate::design::{Design, NetworkMode, RegionRole};
use crate::diagnostic::{name, Diagnostic};
use crate::kinds;
use crate::validate_limits::bucket_name;
use std::collections::BTreeSet;

/// All diagnostics of a design, errors and warnings, in field order.
pub fn validate(design: &Design) -> Vec<Diagnostic> {
    // A design over the size limits gets only those errors: nothing else runs on it.
    let too_large = crate::validate_limits::size_limits(design);
    if !too_large.is_empty() {
        return too_large;
    }
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
                    format!("region \"{}\" has no state bucket", region.name),
                )
                .with_hint("add an entry for it under backend.regions"),
            ),
            Some(b) => {
                let p = pointer(&["backend", "regions", &region.name, "bucket"]);
                bucket_name(out, &p, &b.bucket);
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
        for kind in kinds::ALL {
            out.extend(kind.tier_rules(&base, tier));
        }
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
        if tier.storage.tables.global {
            let role = |r: &String| design.regions.iter().find(|x| &x.name == r).map(|x| x.role);
            let dr = tier.regions.iter().any(|r| role(r) == Some(RegionRole::Dr));
            let primary = tier
                .regions
                .iter()
                .any(|r| role(r) == Some(RegionRole::Primary));
            if !(dr && primary) {
                out.push(
                    Diagnostic::error(
                        format!("{base}/storage/tables/global"),
                        format!(
                            "global tables keep a replica of each table in the tier's disaster-recovery region, and tier \"{}\" does not deploy to {}",
                            tier.name,
                            if primary { "a DR region" } else { "the primary region" }
                        ),
                    )
                    .with_hint("add a DR region to the tier, or turn global tables off"),
                );
            }
        }
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
        // Each DR region of the tier holds one cross-region replica of the primary database.
        let cross = if db.cross_region_replica {
            tier.regions
                .iter()
                .filter(|r| {
                    design
                        .regions
                        .iter()
                        .any(|x| x.name == **r && x.role == RegionRole::Dr)
                })
                .count()
        } else {
            0
        };
        let cross = u32::try_from(cross).unwrap_or(u32::MAX);
        // Checked: a design can carry any u32, and a wrapped sum would pass.
        if db.read_replicas.checked_add(cross).is_none_or(|n| n > 15) {
            out.push(Diagnostic::error(
                format!("{base}/database/read_replicas"),
                format!(
                    "RDS for PostgreSQL allows at most 15 read replicas per instance, the tier asks for {}{}",
                    db.read_replicas,
                    match cross {
                        0 => String::new(),
                        1 => " plus the cross-region one".to_string(),
                        n => format!(" plus {n} cross-region ones"),
                    }
                ),
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
        // A tier kept for disaster recovery or protected from deletion is production: its
        // alarms must reach someone. An error, not a warning: an alarm that notifies nobody
        // is an outage found by customers, and one address fixes it.
        let dr_region = tier.regions.iter().any(|r| {
            design
                .regions
                .iter()
                .any(|x| x.name == *r && x.role == RegionRole::Dr)
        });
        if a.notify_emails.is_empty() && (dr_region || db.deletion_protection) {
            out.push(
                Diagnostic::error(
                    format!("{base}/alarms/notify_emails"),
                    format!(
                        "tier \"{}\" is production ({}) but its alarms notify nobody",
                        tier.name,
                        if dr_region {
                            "it has a disaster-recovery region"
                        } else {
                            "its databases refuse deletion"
                        }
                    ),
                )
                .with_hint("add at least one address to alarms.notify_emails, e.g. the on-call team's; more subscribers (chat, paging) can join the topic alarm_topic_arn"),
            );
        }
        for (j, email) in a.notify_emails.iter().enumerate() {
            let at = format!("{base}/alarms/notify_emails/{j}");
            if !is_email(email) {
                out.push(
                    Diagnostic::error(
                        at,
                        format!("\"{}\" is not an email address", email.escape_debug()),
                    )
                    .with_hint("name@example.com: letters, digits and . _ % + - before the @, a domain with a dot after it"),
                );
            } else if a.notify_emails[..j].contains(email) {
                out.push(Diagnostic::error(
                    at,
                    format!("\"{email}\" is listed twice"),
                ));
            }
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
        if !kinds::has_components(svc) {
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
                // What a new service or tier starts with: valid, but nobody's cost code.
                Some(code) if code == crate::edit::PLACEHOLDER_COST_CODE => out.push(
                    Diagnostic::warning(
                        pointer(&["services", &i.to_string(), "cost_codes", t]),
                        format!(
                            "the cost code of service \"{}\" in tier \"{t}\" is still the placeholder {code}",
                            svc.name
                        ),
                    )
                    .with_hint("set the code this tier's costs of the service are booked to"),
                ),
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
        out.extend(crate::validate_capacity::rules(design, i));
        if let Some(api) = &svc.api {
            container(out, &format!("{base}/api"), &api.image, api.cpu, api.memory);
            command(out, &format!("{base}/api/command"), &api.command);
            placeholder_command(out, &format!("{base}/api"), &api.image, &api.command);
            if !(1..=65535).contains(&api.port) {
                out.push(Diagnostic::error(
                    format!("{base}/api/port"),
                    "the container port must be 1 to 65535",
                ));
            }
            if let Err(why) = crate::validate_text::health_check_path(&api.health_check_path) {
                out.push(
                    Diagnostic::error(
                        format!("{base}/api/health_check_path"),
                        format!(
                            "\"{}\" is not a health check path: {why}",
                            crate::validate_text::shown(&api.health_check_path)
                        ),
                    )
                    .with_hint("a URL path starting with /, e.g. /health or /status?full=1"),
                );
            }
        }
        if let Some(w) = &svc.worker {
            container(out, &format!("{base}/worker"), &w.image, w.cpu, w.memory);
            command(out, &format!("{base}/worker/command"), &w.command);
            placeholder_command(out, &format!("{base}/worker"), &w.image, &w.command);
        }
        for kind in kinds::of(svc) {
            out.extend(kind.rules(&base, svc));
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
            runtime(out, &format!("{lb}/runtime"), &l.runtime);
            plain(out, &format!("{lb}/handler"), "handler", &l.handler);
            let handler_ok = l.handler.rsplit_once('.').is_some_and(|(file, function)| {
                !file.is_empty()
                    && !function.is_empty()
                    && !function.starts_with(|c: char| c.is_ascii_digit())
                    && function
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                    && file
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_/.-".contains(c))
            });
            if !handler_ok {
                out.push(
                    Diagnostic::error(
                        format!("{lb}/handler"),
                        format!(
                            "\"{}\" is not a handler of the form <file>.<function>",
                            l.handler.escape_debug()
                        ),
                    )
                    .with_hint("e.g. index.handler: the function handler in index.py or index.js"),
                );
            }
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
            // The queue's visibility timeout against the function's: `crate::apply`.
            if let Some(q) = &l.queue {
                if !svc.queues.iter().any(|x| &x.name == q) {
                    out.push(Diagnostic::error(
                        format!("{lb}/queue"),
                        format!("\"{q}\" is not one of the service's queues"),
                    ));
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
            if let Err(why) = schedule_expression(&sch.expression) {
                out.push(
                    Diagnostic::error(
                        format!("{sb}/expression"),
                        format!(
                            "\"{}\" is not an EventBridge schedule: {why}",
                            sch.expression.escape_debug()
                        ),
                    )
                    .with_hint(
                        "e.g. cron(0 4 * * ? *), cron(0/15 8-18 ? * MON-FRI *) or rate(1 hour)",
                    ),
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

    composed_names(out, design);

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
                        if !crate::validate_text::vpc_id(&e.vpc_id) {
                            out.push(
                                Diagnostic::error(
                                    format!("{p}/vpc_id"),
                                    format!(
                                        "\"{}\" is not a VPC id",
                                        crate::validate_text::shown(&e.vpc_id)
                                    ),
                                )
                                .with_hint("vpc- and 8 or 17 lowercase hex digits, e.g. vpc-0a1b2c3d4e5f60718"),
                            );
                        }
                        for (list, ids) in [
                            ("private_subnet_ids", &e.private_subnet_ids),
                            ("public_subnet_ids", &e.public_subnet_ids),
                        ] {
                            for (j, id) in ids.iter().enumerate() {
                                if !crate::validate_text::subnet_id(id) {
                                    out.push(
                                        Diagnostic::error(
                                            format!("{p}/{list}/{j}"),
                                            format!(
                                                "\"{}\" is not a subnet id",
                                                crate::validate_text::shown(id)
                                            ),
                                        )
                                        .with_hint("subnet- and 8 or 17 lowercase hex digits, e.g. subnet-0123456789abcdef0"),
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    v.extend(crate::validate_security::validate_security(design));
    v.extend(crate::apply::design(design));
    let limits = crate::validate_limits::validate_limits(design, &v);
    v.extend(limits);
    // An invisible character or an oversized value is the problem of its field: the field's
    // other errors are its consequences (and would quote the value).
    let text = crate::validate_text::validate_text(design);
    let at: BTreeSet<&str> = text.iter().map(|d| d.path.as_str()).collect();
    v.retain(|d| d.severity != crate::diagnostic::Severity::Error || !at.contains(d.path.as_str()));
    v.extend(text);
    for d in &mut v {
        d.message = crate::validate_text::clip_quotes(&d.message);
    }
    v
}

pub use crate::diagnostic::pointer;

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

/// Most arguments, and characters per argument, of a container command.
const COMMAND_ARGS: usize = 64;
const COMMAND_ARG_CHARS: usize = 4096;

/// A container command: a bounded list of arguments without control characters (tabs and
/// line breaks are fine in a shell script).
fn command(out: &mut Vec<Diagnostic>, path: &str, args: &[String]) {
    if args.len() > COMMAND_ARGS {
        out.push(Diagnostic::error(
            path.to_string(),
            format!(
                "a command has at most {COMMAND_ARGS} arguments ({} given)",
                args.len()
            ),
        ));
        return;
    }
    for (i, arg) in args.iter().enumerate() {
        let at = format!("{path}/{i}");
        if arg.is_empty() && i == 0 {
            out.push(Diagnostic::error(
                at,
                "the command's program (its first argument) is empty",
            ));
        } else if arg.chars().count() > COMMAND_ARG_CHARS {
            out.push(Diagnostic::error(
                at,
                format!("a command argument has at most {COMMAND_ARG_CHARS} characters"),
            ));
        } else if let Some(c) = arg
            .chars()
            .find(|c| c.is_control() && *c != '\n' && *c != '\t')
        {
            out.push(Diagnostic::error(
                at,
                format!(
                    "the command argument contains the control character U+{:04X}",
                    c as u32
                ),
            ));
        }
    }
}

/// A placeholder's busybox command with another image replaces that image's own start command
/// with a script the image most likely cannot run.
fn placeholder_command(out: &mut Vec<Diagnostic>, base: &str, image: &str, args: &[String]) {
    if image != crate::presets::PLACEHOLDER_IMAGE && crate::presets::is_placeholder_command(args) {
        out.push(
            Diagnostic::warning(
                format!("{base}/command"),
                "the command is the placeholder's busybox script: it replaces the start command of your image",
            )
            .with_hint("Remove the command to run the image's own, or write the one it needs."),
        );
    }
}

fn container(out: &mut Vec<Diagnostic>, base: &str, image: &str, cpu: u32, memory: u32) {
    if let Err(why) = crate::validate_text::image(image) {
        out.push(
            Diagnostic::error(
                format!("{base}/image"),
                format!(
                    "\"{}\" is not a container image reference: {why}",
                    crate::validate_text::shown(image)
                ),
            )
            .with_hint("registry/repository:tag or registry/repository@sha256:<64 hex digits>, e.g. public.ecr.aws/nginx/nginx:1.27"),
        );
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

/// A plain email address: `local@domain.tld`, with letters, digits and `._%+-` before the `@`
/// and letters, digits, dots and hyphens after it (no spaces, quotes or anything HCL-special).
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    text.len() <= 254
        && !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn is_region(name: &str) -> bool {
    REGIONS.contains(&name)
}

/// Every field of a design document that the design model does not have, each at its JSON
/// Pointer, with the fields that are expected there. Loading ([`Design::from_json`]) rejects
/// such documents; this says where. Not JSON at all: no findings.
pub fn unknown_fields(text: &str) -> Vec<Diagnostic> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let schema = serde_json::to_value(schemars::schema_for!(Design)).unwrap_or_default();
    let mut out = Vec::new();
    walk_fields(&mut out, &value, &schema, &schema, &mut Vec::new());
    out
}

/// The schema a `$ref`, `allOf` or `anyOf` (of `Option`s) stands for.
fn resolve<'a>(
    schema: &'a serde_json::Value,
    root: &'a serde_json::Value,
) -> &'a serde_json::Value {
    if let Some(name) = schema
        .get("$ref")
        .and_then(|r| r.as_str())
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        return root["definitions"]
            .get(name)
            .map_or(schema, |s| resolve(s, root));
    }
    for key in ["allOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(|a| a.as_array()).and_then(|a| {
            a.iter()
                .find(|s| s.get("type").and_then(|t| t.as_str()) != Some("null"))
        }) {
            return resolve(first, root);
        }
    }
    schema
}

fn walk_fields(
    out: &mut Vec<Diagnostic>,
    value: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    at: &mut Vec<String>,
) {
    let schema = resolve(schema, root);
    match value {
        serde_json::Value::Object(map) => {
            let props = schema.get("properties").and_then(|p| p.as_object());
            let extra = schema.get("additionalProperties");
            for (key, v) in map {
                at.push(key.clone());
                match (props.and_then(|p| p.get(key)), extra) {
                    (Some(s), _) => walk_fields(out, v, s, root, at),
                    (None, Some(serde_json::Value::Bool(false))) => {
                        let segments: Vec<&str> = at.iter().map(String::as_str).collect();
                        let expected: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        out.push(
                            Diagnostic::error(
                                pointer(&segments),
                                format!("unknown field \"{}\"", key.escape_debug()),
                            )
                            .with_hint(format!("expected one of: {}", expected.join(", "))),
                        );
                    }
                    (None, Some(s)) if s.is_object() => walk_fields(out, v, s, root, at),
                    _ => {}
                }
                at.pop();
            }
        }
        serde_json::Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    at.push(i.to_string());
                    walk_fields(out, v, s, root, at);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}

fn runtime(out: &mut Vec<Diagnostic>, path: &str, value: &str) {
    if LAMBDA_RUNTIMES.contains(&value) {
        return;
    }
    match DEPRECATED_LAMBDA_RUNTIMES.iter().find(|(old, _)| *old == value) {
        Some((old, new)) => out.push(
            Diagnostic::warning(
                path,
                format!("the Lambda runtime {old} is deprecated: AWS no longer patches it and will block updates to functions that use it"),
            )
            .with_hint(format!("use {new}")),
        ),
        None => out.push(
            Diagnostic::error(
                path,
                format!("\"{}\" is not a Lambda runtime", value.escape_debug()),
            )
            .with_hint(format!("one of {}", LAMBDA_RUNTIMES.join(", "))),
        ),
    }
}

/// Limits on names the generator composes from the project, tier, service and component
/// names, checked on the longest composition of each service (its longest tier, `-dr` in the
/// disaster-recovery region). Each finding points at the most specific name involved.
fn composed_names(out: &mut Vec<Diagnostic>, design: &Design) {
    let dr_regions: BTreeSet<&str> = design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Dr)
        .map(|r| r.name.as_str())
        .collect();
    let dr_regions = &dr_regions;
    for (i, svc) in design.services.iter().enumerate() {
        let base = format!("/services/{i}");
        // Longest `<project>-<tier>-<service>[-dr]` over the deployments of the service.
        let Some(name) = design
            .tiers
            .iter()
            .flat_map(|t| {
                t.regions.iter().map(move |r| {
                    let dr = dr_regions.contains(r.as_str());
                    crate::plan::naming::deployment(&design.project, &t.name, &svc.name, dr)
                })
            })
            .max_by_key(String::len)
        else {
            continue;
        };
        for composed in kinds::names(svc, &name, &design.tiers) {
            let path = format!("{base}/{}", composed.pointer);
            limit(out, &path, composed.what, &composed.value, composed.max);
        }
        // A DR database that is a cross-region replica with replicas of its own is a
        // cascading replica: RDS for PostgreSQL supports those from version 14.
        if let Some(db) = &svc.database {
            let major: u32 = db
                .engine_version
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            for (t, tier) in design.tiers.iter().enumerate() {
                let cascading = tier.database.cross_region_replica
                    && crate::plan::capacity::resolve(svc, tier).db_read_replicas > 0
                    && tier.regions.iter().any(|r| dr_regions.contains(r.as_str()));
                let field = crate::plan::capacity::Field::DbReadReplicas;
                let at = match field.get(crate::plan::capacity::overrides(svc, tier)) {
                    Some(_) => crate::plan::capacity::pointer(i, &tier.name, field),
                    None => format!("/tiers/{t}/database/read_replicas"),
                };
                if cascading && major < 14 {
                    out.push(
                        Diagnostic::error(
                            at,
                            format!(
                                "in the DR region the database of \"{}\" is a cross-region replica; read replicas of it (cascading replicas) need PostgreSQL 14 or later, it uses \"{}\"",
                                svc.name,
                                crate::validate_text::shown(&db.engine_version)
                            ),
                        )
                        .with_hint("raise the engine version, or set read_replicas to 0"),
                    );
                }
            }
        }
    }
}

/// One composed name against its AWS limit.
fn limit(out: &mut Vec<Diagnostic>, path: &str, what: &str, composed: &str, max: usize) {
    let len = composed.chars().count();
    if len > max {
        out.push(
            Diagnostic::error(
                path,
                format!(
                    "the {what} \"{}\" would be {len} characters; AWS allows {max}",
                    crate::validate_text::shown(composed)
                ),
            )
            .with_hint("shorten this name, the service, tier or project name"),
        );
    }
}

/// Parses an EventBridge `cron(…)` or `rate(…)` schedule expression.
pub fn schedule_expression(e: &str) -> Result<(), String> {
    if let Some(inner) = e.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        return rate(inner);
    }
    if let Some(inner) = e.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
        return cron(inner);
    }
    Err("it is neither cron(…) nor rate(…)".into())
}

fn rate(inner: &str) -> Result<(), String> {
    let parts: Vec<&str> = inner.split(' ').collect();
    let [value, unit] = parts[..] else {
        return Err("a rate is a value and a unit, e.g. rate(5 minutes)".into());
    };
    let n: u64 = value
        .parse()
        .ok()
        .filter(|n| *n > 0 && value.chars().all(|c| c.is_ascii_digit()))
        .ok_or_else(|| format!("the rate value \"{value}\" is not a positive whole number"))?;
    let singular = match unit {
        "minute" | "hour" | "day" => true,
        "minutes" | "hours" | "days" => false,
        _ => {
            return Err(format!(
                "\"{unit}\" is not a unit: use minute(s), hour(s) or day(s)"
            ))
        }
    };
    match (n == 1, singular) {
        (true, false) => Err(format!(
            "a value of 1 takes the singular: rate(1 {})",
            unit.trim_end_matches('s')
        )),
        (false, true) => Err(format!(
            "a value above 1 takes the plural: rate({n} {unit}s)"
        )),
        _ => Ok(()),
    }
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn cron(inner: &str) -> Result<(), String> {
    let fields: Vec<&str> = inner.split(' ').collect();
    if fields.len() != 6 {
        return Err(format!(
            "cron takes 6 fields (minutes hours day-of-month month day-of-week year), it has {}",
            fields.len()
        ));
    }
    cron_field(fields[0], "minutes", 0, 59, &[])?;
    cron_field(fields[1], "hours", 0, 23, &[])?;
    cron_field(fields[3], "month", 1, 12, MONTHS)?;
    cron_field(fields[5], "year", 1970, 2199, &[])?;
    let (dom, dow) = (fields[2], fields[4]);
    match (dom == "?", dow == "?") {
        (true, true) => return Err("only one of day-of-month and day-of-week can be ?".into()),
        (false, false) => {
            return Err(
                "one of day-of-month and day-of-week must be ? (e.g. cron(0 4 * * ? *))".into(),
            )
        }
        _ => {}
    }
    if dom != "?" {
        let special = dom == "L"
            || dom == "LW"
            || dom
                .strip_suffix('W')
                .is_some_and(|d| d.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)));
        if !special {
            cron_field(dom, "day-of-month", 1, 31, &[])?;
        }
    }
    if dow != "?" {
        let day = |d: &str| {
            d.parse::<u32>().is_ok_and(|d| (1..=7).contains(&d))
                || WEEKDAYS.contains(&d.to_ascii_uppercase().as_str())
        };
        let special = dow == "L"
            || dow.strip_suffix('L').is_some_and(day)
            || dow.split_once('#').is_some_and(|(d, n)| {
                day(d) && n.parse::<u32>().is_ok_and(|n| (1..=5).contains(&n))
            });
        if !special {
            cron_field(dow, "day-of-week", 1, 7, WEEKDAYS)?;
        }
    }
    Ok(())
}

/// One cron field: `*`, values, ranges `a-b`, steps `*/n`, `a/n`, `a-b/n`, and lists of them.
fn cron_field(field: &str, what: &str, min: u32, max: u32, names: &[&str]) -> Result<(), String> {
    let value = |v: &str| -> Result<u32, String> {
        let upper = v.to_ascii_uppercase();
        if let Some(i) = names.iter().position(|n| *n == upper) {
            return Ok(min + i as u32);
        }
        v.parse::<u32>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| format!("{what} \"{v}\" is not a value from {min} to {max}"))
    };
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (item, None),
        };
        if let Some(s) = step {
            if !s.parse::<u32>().is_ok_and(|s| s > 0) {
                return Err(format!(
                    "the {what} step \"{s}\" is not a positive whole number"
                ));
            }
        }
        if range == "*" {
            continue;
        }
        match range.split_once('-') {
            Some((a, b)) => {
                value(a)?;
                value(b)?;
            }
            None => {
                value(range)?;
            }
        }
    }
    Ok(())
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

    #[test]
    fn a_placeholder_cost_code_is_warned_about() {
        let mut d = presets::sports_cards();
        crate::edit::add_service(&mut d);
        let last = d.services.len() - 1;
        let found: Vec<_> = validate(&d)
            .into_iter()
            .filter(|x| x.path == format!("/services/{last}/cost_codes/dev"))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, crate::Severity::Warning);
        assert!(found[0].message.contains("placeholder CHANGEME"));
        // A real code: no warning.
        d.services[last]
            .cost_codes
            .insert("dev".into(), "CC123456".into());
        assert!(!validate(&d)
            .iter()
            .any(|x| x.path == format!("/services/{last}/cost_codes/dev")));
    }

    #[test]
    fn alarm_emails_are_plain_addresses_listed_once() {
        let mut d = presets::sports_cards();
        d.tiers[2].alarms.notify_emails = vec![
            "oncall@example.com".into(),
            "Team.Lead+alerts@ops.example.co.uk".into(),
            "oncall@example.com".into(),
            "${var.x}@example.com".into(),
            "nobody".into(),
            "a@localhost".into(),
        ];
        assert_eq!(
            errors_at(&d),
            [
                "/tiers/2/alarms/notify_emails/2",
                "/tiers/2/alarms/notify_emails/3",
                "/tiers/2/alarms/notify_emails/4",
                "/tiers/2/alarms/notify_emails/5",
            ]
        );
    }
}
