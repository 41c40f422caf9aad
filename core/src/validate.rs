//! Design rules: every problem at once, each pointing at its field with a JSON Pointer.
//!
//! The names a person types become folder names, resource names and HCL identifiers, so they
//! are held to `[a-z][a-z0-9-]*`; free text (descriptions, tag values, images) is escaped by the
//! renderer instead. A design that passes here always generates a bundle.

use crate::catalog::{LOG_RETENTION_DAYS, REGIONS};
use crate::design::{Design, NetworkMode, RegionRole};
use crate::diagnostic::{name, Diagnostic};
use crate::field_rules::plain;
pub use crate::field_rules::schedule_expression;
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
        crate::field_rules::instance_type(
            out,
            &format!("{base}/compute/instance_type"),
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
        let cross = design.cross_region_replicas(tier);
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
        for kind in kinds::of(svc) {
            out.extend(kind.rules(&base, svc));
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
        for kind in kinds::of(svc) {
            out.extend(kind.design_rules(design, &base, svc));
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
