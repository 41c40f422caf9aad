//! Design rules of the capacity a service overrides per tier (`services[].capacity.<tier>`):
//! the tier exists, each field overrides something the service has, the DB class is one RDS
//! accepts, the replicas fit RDS's limit with the tier's cross-region one, the service's own
//! hosts (instance type, Auto Scaling group sizes) belong to an API or worker on EC2 and their
//! sizes hold min ≤ desired ≤ max. The numeric bounds are [`crate::catalog::BOUNDS`]
//! (`ServiceCapacity`), checked with every other number in `validate_limits`.

use crate::design::{Design, Service};
use crate::diagnostic::Diagnostic;
use crate::kinds::{self, Kind};
use crate::plan::capacity::{pointer, Field, Owner};
use crate::plan::naming;

/// Whether `service` has what the fields of `owner` size: containers (an API or a worker),
/// an API, a worker, a database, ECS hosts (an API or a worker on EC2).
pub fn applies(service: &Service, owner: Owner) -> bool {
    match owner {
        Owner::Containers => kinds::runs_containers(service),
        Owner::Api => kinds::Api.present(service),
        Owner::Worker => kinds::Worker.present(service),
        Owner::Database => kinds::Database.present(service),
        Owner::Hosts => kinds::runs_containers(service) && !kinds::on_fargate(service),
    }
}

/// The rules on the capacity overrides of service `i` of `design`.
pub fn rules(design: &Design, i: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(service) = design.services.get(i) else {
        return out;
    };
    let has = |owner: Owner| applies(service, owner);
    for (tier_name, own) in &service.capacity {
        let Some(tier) = design.tiers.iter().find(|t| &t.name == tier_name) else {
            out.push(
                Diagnostic::error(
                    crate::diagnostic::pointer(&[
                        "services",
                        &i.to_string(),
                        "capacity",
                        tier_name,
                    ]),
                    format!(
                        "capacity for unknown tier \"{}\": the design has no such tier",
                        crate::validate_text::shown(tier_name)
                    ),
                )
                .with_hint("use a tier name, or remove the entry"),
            );
            continue;
        };
        for field in Field::ALL {
            if field.get(own).is_none() || has(field.owner()) {
                continue;
            }
            let what = match field.owner() {
                Owner::Containers => "no API or worker",
                Owner::Api => "no API",
                Owner::Worker => "no worker",
                Owner::Database => "no database",
                Owner::Hosts if kinds::runs_containers(service) => {
                    out.push(
                        Diagnostic::error(
                            pointer(i, tier_name, field),
                            format!(
                                "service \"{}\" runs its containers on Fargate: its {} has no meaning there (Fargate tasks need no host)",
                                service.name,
                                field.label().to_lowercase()
                            ),
                        )
                        .with_hint("remove the override, or run the service on EC2 (launch_type)"),
                    );
                    continue;
                }
                Owner::Hosts => "no API or worker",
            };
            out.push(
                Diagnostic::error(
                    pointer(i, tier_name, field),
                    format!(
                        "service \"{}\" has {what}: its {} cannot be overridden",
                        service.name,
                        field.label().to_lowercase()
                    ),
                )
                .with_hint("remove the override"),
            );
        }
        if let Some(class) = &own.db_instance_class {
            let at = pointer(i, tier_name, Field::DbInstanceClass);
            let plain = !class.is_empty()
                && class
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
            if !plain {
                out.push(Diagnostic::error(
                    at.clone(),
                    format!(
                        "the instance class \"{}\" is not valid",
                        class.escape_debug()
                    ),
                ));
            } else if !class.starts_with("db.") {
                out.push(
                    Diagnostic::error(at, "RDS instance classes start with \"db.\"")
                        .with_hint("e.g. db.r6g.large"),
                );
            }
        }
        if let Some(instance_type) = &own.instance_type {
            let at = pointer(i, tier_name, Field::InstanceType);
            crate::field_rules::instance_type(&mut out, &at, instance_type);
        }
        if has(Owner::Hosts) && Field::HOSTS.iter().any(|f| f.get(own).is_some()) {
            let hosts = crate::plan::capacity::resolve(service, tier).hosts;
            if !(hosts.asg_min <= hosts.asg_desired && hosts.asg_desired <= hosts.asg_max) {
                // At the override that breaks it: desired, else max, else min.
                let field = [Field::AsgDesired, Field::AsgMax, Field::AsgMin]
                    .into_iter()
                    .find(|f| f.get(own).is_some())
                    .unwrap_or(Field::AsgDesired);
                out.push(
                    Diagnostic::error(
                        pointer(i, tier_name, field),
                        format!(
                            "the hosts of service \"{}\" in tier \"{}\" must satisfy min ≤ desired ≤ max (got {} ≤ {} ≤ {})",
                            service.name, tier.name, hosts.asg_min, hosts.asg_desired, hosts.asg_max
                        ),
                    )
                    .with_hint("the sizes not overridden are the tier's compute settings"),
                );
            }
        }
        if has(Owner::Hosts) && Field::HOSTS.iter().any(|f| f.get(own).is_some()) {
            // The names of the service's own hosts in each platform of the tier.
            for region in &tier.regions {
                let dr = design
                    .regions
                    .iter()
                    .any(|r| &r.name == region && r.role == crate::design::RegionRole::Dr);
                let platform = naming::platform(&design.project, &tier.name, dr);
                let group = naming::host_group(&platform, &service.name);
                for composed in [naming::HOST_GROUP, naming::HOST_GROUP_ALARM] {
                    let name = composed.of(&group);
                    let len = name.chars().count();
                    if len > composed.max {
                        out.push(Diagnostic::error(
                            crate::diagnostic::pointer(&["services", &i.to_string(), "capacity", tier_name]),
                            format!(
                                "the {} of service \"{}\"'s own hosts, \"{}\", would be {len} characters; AWS allows {}",
                                composed.what,
                                service.name,
                                crate::validate_text::shown(&name),
                                composed.max
                            ),
                        ).with_hint("shorten the service, tier or project name"));
                    }
                }
            }
        }
        if let Some(replicas) = own.db_read_replicas {
            let at = pointer(i, tier_name, Field::DbReadReplicas);
            let cross = design.cross_region_replicas(tier);
            if replicas <= 15 && replicas.checked_add(cross).is_none_or(|n| n > 15) {
                out.push(Diagnostic::error(
                    at.clone(),
                    format!(
                        "RDS for PostgreSQL allows at most 15 read replicas per instance, service \"{}\" asks for {replicas} plus {cross} cross-region in tier \"{}\"",
                        service.name, tier.name
                    ),
                ));
            }
            if replicas > 0 && tier.database.backup_retention_days == 0 {
                out.push(
                    Diagnostic::error(
                        at,
                        format!(
                            "read replicas need automated backups, and tier \"{}\" keeps none",
                            tier.name
                        ),
                    )
                    .with_hint("set the tier's backup_retention_days to at least 1"),
                );
            }
        }
    }
    out
}
