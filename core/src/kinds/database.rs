//! The PostgreSQL database on RDS: whether a service has it, and what it adds to its
//! deployment roots (module call, root variables, environment of the code, outputs).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Root, Wiring};
use crate::cost::lines::{self as cost, HOURS_PER_MONTH};
use crate::design::{Design, RegionRole, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{key, topic, var, Output, RootVar, UP};
use crate::plan::naming;

/// The database instance: the root's name itself.
pub const RDS_INSTANCE: naming::Composed = naming::Composed {
    what: "RDS instance identifier",
    prefix: "",
    suffix: "",
    max: 63,
};

/// A read replica of the database: `<identifier>-replica-<n>`, n from 1 (see [`replica`]).
pub const RDS_REPLICA: naming::Composed = naming::Composed {
    what: "RDS replica identifier",
    prefix: "",
    suffix: "-replica-",
    max: 63,
};

/// The identifier of read replica `n` (from 1) of database `identifier`.
pub fn replica(identifier: &str, n: u32) -> String {
    format!("{}{n}", RDS_REPLICA.of(identifier))
}

/// The PostgreSQL database on RDS.
pub struct Database;

/// A new database of service `service`: its database and admin user named after the service
/// (`orders_api`, `orders_api_admin`; `db_` first when the name does not start with a letter).
fn default_database(service: &str) -> crate::design::Database {
    let base: String = service
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let base = if base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base
    } else {
        format!("db_{base}")
    };
    crate::design::Database {
        db_name: base.clone(),
        username: format!("{base}_admin"),
        ..crate::design::Database::default()
    }
}

/// Alarms of a database (`modules/rds-database`), besides one per replica: CPU, free storage.
pub const DATABASE_ALARMS: u64 = 2;
/// Log groups per RDS instance: its `postgresql` and `upgrade` exports.
pub const DATABASE_LOG_EXPORTS: u64 = 2;

const MULTI_AZ_RULE: &str = "Multi-AZ: a primary and a standby, priced as two Single-AZ instances (AWS: Multi-AZ costs approximately twice Single-AZ); an approximation, not a list price";

/// An instance-hour line priced per hour, or, for Multi-AZ, from the table's Multi-AZ row
/// when it has one and else as two Single-AZ instances (labelled derived).
fn rds_instances(
    l: &mut cost::Lines,
    what: &str,
    resource: &str,
    class: &str,
    count: u64,
    multi_az: bool,
) {
    if count == 0 {
        return;
    }
    let hours = count * HOURS_PER_MONTH;
    let s = if count == 1 { "" } else { "s" };
    if !multi_az {
        l.add(
            cost::line(
                cost::Kind::Fixed,
                format!("{what} ({class}, Single-AZ)"),
                resource,
                format!("rds-postgres:{class}:single-az"),
                "hour",
                cost::Quantity::whole(hours),
            )
            .note(format!("{count} instance{s} × {HOURS_PER_MONTH} h")),
        );
        return;
    }
    let direct = format!("rds-postgres:{class}:multi-az");
    if l.has_price(&direct) {
        l.add(
            cost::line(
                cost::Kind::Fixed,
                format!("{what} ({class}, Multi-AZ)"),
                resource,
                direct,
                "hour",
                cost::Quantity::whole(hours),
            )
            .note(format!(
                "{count} Multi-AZ instance{s} × {HOURS_PER_MONTH} h"
            )),
        );
    } else {
        l.add(
            cost::line(
                cost::Kind::Fixed,
                format!("{what} ({class}, Multi-AZ: primary + standby)"),
                resource,
                format!("rds-postgres:{class}:single-az"),
                "hour",
                cost::Quantity::whole(2 * hours),
            )
            .derived(MULTI_AZ_RULE)
            .note(format!(
                "{count} Multi-AZ instance{s} × 2 × {HOURS_PER_MONTH} h"
            )),
        );
    }
}

impl Kind for Database {
    fn design_rules(&self, design: &Design, base: &str, service: &Service) -> Vec<Diagnostic> {
        cascading_replicas(design, base, service)
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn present(&self, service: &Service) -> bool {
        service.database.is_some()
    }

    fn field(&self) -> &'static str {
        "database"
    }

    fn label(&self) -> &'static str {
        "Database"
    }

    fn a(&self) -> &'static str {
        "a database"
    }

    fn single(&self) -> bool {
        true
    }

    fn first_field(&self, _number: usize) -> String {
        "/database/engine_version".to_owned()
    }

    /// A database and admin user named after the service (`orders_api`, `orders_api_admin`).
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        service.database = Some(default_database(&service.name));
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.database = None;
        }
    }

    fn what(&self, _service: &Service, _number: usize) -> Option<String> {
        Some("the database".to_owned())
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 279,
            saturation: 59,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::RdsDatabase]
    }

    /// The instance identifier, and that of its last read replica in the tier with the most.
    fn names(&self, service: &Service, root: &str, tiers: &[Tier]) -> Vec<Name> {
        let mut names = vec![Name::new("name", RDS_INSTANCE, root)];
        let replicas = tiers
            .iter()
            .map(|t| crate::plan::capacity::resolve(service, t).db_read_replicas)
            .max()
            .unwrap_or(0);
        if replicas > 0 {
            names.push(Name {
                value: replica(root, replicas),
                ..Name::new("name", RDS_REPLICA, root)
            });
        }
        names
    }

    fn chip(&self, _service: &Service, dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "db",
            tint: self.tint(),
            label: if dr_replica { "DB replica" } else { "DB" }.into(),
        })
    }

    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let label = if layout.dr_replica {
            "DB replica (RDS)"
        } else {
            "DB (RDS)"
        };
        vec![Layout::node(
            COL[2],
            40,
            BW + 20,
            "db",
            label.into(),
            "/database/engine_version".into(),
        )]
    }
}

impl Build for Database {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        let usage = root.usage;
        let db = &root.tier.database;
        let class = root.capacity.db_instance_class.as_str();
        let replicas = if root.replica_of_primary {
            0
        } else {
            u64::from(root.capacity.db_read_replicas)
        };
        if root.replica_of_primary {
            rds_instances(
                l,
                &format!(
                    "RDS PostgreSQL cross-region read replica of {}",
                    root.primary_region
                ),
                "module.database.aws_db_instance.this",
                class,
                1,
                db.multi_az,
            );
        } else {
            rds_instances(
                l,
                "RDS PostgreSQL primary",
                "module.database.aws_db_instance.this",
                class,
                1,
                db.multi_az,
            );
        }
        rds_instances(
            l,
            "RDS PostgreSQL read replicas",
            "module.database.aws_db_instance.replica",
            class,
            replicas,
            db.replica_multi_az,
        );
        let storage = u64::from(db.allocated_storage_gb);
        let storage_line = |what: &str, resource: &'static str, count: u64, multi_az: bool| {
            let az = if multi_az { "multi-az" } else { "single-az" };
            cost::line(
                cost::Kind::Fixed,
                format!(
                    "RDS gp3 storage, {what} ({})",
                    if multi_az { "Multi-AZ" } else { "Single-AZ" }
                ),
                resource,
                format!("rds:gp3:{az}"),
                "gb-month",
                cost::Quantity::whole(count * storage),
            )
            .note(format!(
                "{count} × {storage} GiB allocated (autoscaling up to {} GiB is not counted)",
                db.max_allocated_storage_gb
            ))
        };
        let what = if root.replica_of_primary {
            "replica"
        } else {
            "primary"
        };
        l.add(storage_line(
            what,
            "module.database.aws_db_instance.this",
            1,
            db.multi_az,
        ));
        if replicas > 0 {
            l.add(storage_line(
                "read replicas",
                "module.database.aws_db_instance.replica",
                replicas,
                db.replica_multi_az,
            ));
        }
        l.add(
            cost::line(
                cost::Kind::Usage,
                "RDS backup storage beyond the free amount",
                "module.database.aws_db_instance.this",
                "rds:backup-storage",
                "gb-month",
                cost::Quantity::whole(usage.rds_backup_gb),
            )
            .note(cost::usage_note(
                "rds_backup_gb",
                usage.rds_backup_gb,
                &format!(
                    "per database; {} days of backups kept",
                    db.backup_retention_days
                ),
            )),
        );
        if !root.replica_of_primary {
            let terraform_password =
                root.capacity.db_read_replicas > 0 || root.db_replicated_to.is_some();
            l.add(
                cost::line(
                    cost::Kind::Fixed,
                    "Secrets Manager: master secret",
                    if terraform_password {
                        "module.database.aws_secretsmanager_secret.master"
                    } else {
                        "module.database.aws_db_instance.this (manage_master_user_password)"
                    },
                    "secretsmanager:secret",
                    "month",
                    cost::Quantity::whole(1),
                )
                .note(if terraform_password {
                    "1 secret, kept by Terraform"
                } else {
                    "1 secret, kept by RDS"
                }),
            );
            if let Some(region) = root.db_replicated_to {
                l.add(
                    cost::line(
                        cost::Kind::Fixed,
                        format!("Secrets Manager: master secret replica in {region}"),
                        "module.database.aws_secretsmanager_secret.master (replica)",
                        "secretsmanager:secret",
                        "month",
                        cost::Quantity::whole(1),
                    )
                    .in_region(region)
                    .note("a replica secret is billed as a secret in its region"),
                );
            }
            l.add(
                cost::line(
                    cost::Kind::Usage,
                    "Secrets Manager API requests",
                    "module.database.aws_secretsmanager_secret.master",
                    "secretsmanager:api-requests",
                    "10k-requests",
                    cost::Quantity::ratio(usage.secrets_api_requests.into(), 10_000),
                )
                .note(cost::usage_note(
                    "secrets_api_requests",
                    usage.secrets_api_requests,
                    "per secret",
                )),
            );
            if super::Lambda.present(root.service) {
                l.missing(
                    cost::Kind::Fixed,
                    "RDS Proxy (for the functions)",
                    "module.database.aws_db_proxy.this",
                    "rds-proxy:vcpu-hour",
                    "proxy",
                    "RDS Proxy prices are not in the table",
                );
            }
        }
        if let Some(region) = root.db_replicated_to {
            l.replication(
                usage,
                "Database replication",
                "module.database.aws_db_instance.this",
                region,
            );
        }
        if db.performance_insights {
            l.assumed(
                "RDS Performance Insights (7 days)",
                "module.database.aws_db_instance.*",
                cost::Quantity::whole(1 + replicas),
                "instance",
                "rds:performance-insights",
                "assumed free: the bundle keeps 7 days, AWS's free retention",
            );
        }
        let db_alarms = DATABASE_ALARMS + replicas + u64::from(root.replica_of_primary);
        l.count_alarms(db_alarms, format!("{db_alarms} of the database"));
        l.count_log_groups(
            (1 + replicas) * DATABASE_LOG_EXPORTS,
            format!("{DATABASE_LOG_EXPORTS} per RDS instance"),
        );
    }
    fn cost_rank(&self) -> u8 {
        1
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        vec![if root.replica_of_primary {
            format!(
                "PostgreSQL cross-region read replica of `{}` in {}",
                root.primary_db_identifier, root.primary_region
            )
        } else {
            "PostgreSQL on RDS".to_string()
        }]
    }
    fn readme_sections(&self, root: &Root) -> String {
        readme_section(root)
    }
    /// Called after the queues, before what uses it.
    fn call_rank(&self) -> u8 {
        1
    }
    fn output_rank(&self) -> u8 {
        1
    }
    /// Reachable from the security groups of the workloads that connect to it.
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        let allowed = super::db_callers(root.service);
        module_call(root.service, allowed, wiring.replication)
            .into_iter()
            .collect()
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        outputs(root.service, root.replica_of_primary)
    }
    fn components(&self, _service: &Service) -> Vec<String> {
        vec!["RDS PostgreSQL".into()]
    }
    /// The tier's database settings; the master password's version where Terraform makes the
    /// password; the promotion switch of a cross-region replica.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let db = &root.tier.database;
        let num = |v: u32| n(v.into());
        let mut vars = vec![
            var(
                "db_instance_class",
                ty::string(),
                "RDS instance class.",
                s(root.capacity.db_instance_class.as_str()),
            ),
            var(
                "db_allocated_storage",
                ty::number(),
                "Initial database storage, in GiB.",
                num(db.allocated_storage_gb),
            ),
            var(
                "db_max_allocated_storage",
                ty::number(),
                "Storage autoscaling ceiling, in GiB.",
                num(db.max_allocated_storage_gb),
            ),
            var(
                "db_multi_az",
                ty::bool(),
                "Run a standby in a second availability zone.",
                b(db.multi_az),
            ),
            var(
                "db_read_replica_count",
                ty::number(),
                "Read replicas in this region.",
                num(if root.replica_of_primary {
                    0
                } else {
                    root.capacity.db_read_replicas
                }),
            ),
            var(
                "db_replica_multi_az",
                ty::bool(),
                "Give each read replica in this region a standby in a second availability zone.",
                b(db.replica_multi_az),
            ),
            var(
                "db_backup_retention_days",
                ty::number(),
                "Days of automated backups.",
                num(db.backup_retention_days),
            ),
            var(
                "db_deletion_protection",
                ty::bool(),
                "Refuse to delete the database.",
                b(db.deletion_protection),
            ),
            var(
                "db_performance_insights",
                ty::bool(),
                "Enable Performance Insights.",
                b(db.performance_insights),
            ),
        ];
        if terraform_password(root.capacity, root.replica_of_primary, root.db_replicated) {
            vars.push(var(
                "db_master_password_version",
                ty::number(),
                "Raise by one to give the database's master user a new password now (written to the database and its secret; it also changes every 30 days by itself).",
                n(1),
            ));
        }
        if root.replica_of_primary {
            vars.push(var(
                "db_promoted",
                ty::bool(),
                "Disaster recovery: true promotes the read replica to a standalone database (and keeps it standalone); see README.md before changing it.",
                b(false),
            ));
        }
        vars
    }
    /// Where and how to connect. Workloads connect as the database's application user with
    /// IAM authentication (a token from `rds-db:connect`), never as the master user, whose
    /// secret is for administrators.
    fn code_env(&self, root: &Root) -> Vec<(String, E)> {
        let Some(db) = &root.service.database else {
            return Vec::new();
        };
        vec![
            ("DB_HOST".into(), r("module.database.address")),
            (
                "DB_PORT".into(),
                call("tostring", vec![r("module.database.port")]),
            ),
            ("DB_NAME".into(), s(db.db_name.as_str())),
            ("DB_USER".into(), r("module.database.app_username")),
            ("DB_IAM_AUTH".into(), s("true")),
            (
                "DB_READ_HOSTS".into(),
                call("join", vec![s(","), r("module.database.replica_addresses")]),
            ),
        ]
    }
}

/// Whether the deployment's database is a new primary with read replicas (same region or
/// DR, `replicated`), whose master password Terraform generates and rotates: RDS manages the
/// password of one without replicas, and refuses replicas of a database whose password it
/// manages.
pub(crate) fn terraform_password(
    capacity: &crate::plan::capacity::Capacity,
    replica_of_primary: bool,
    replicated: bool,
) -> bool {
    !replica_of_primary && (capacity.db_read_replicas > 0 || replicated)
}

/// The `DB_HOST` of Lambda functions: the RDS Proxy (pooled connections), or the instance
/// while it is a replica and has none.
pub(crate) fn function_host() -> E {
    call(
        "coalesce",
        vec![
            r("module.database.proxy_endpoint"),
            r("module.database.address"),
        ],
    )
}

/// The database users a workload of `service` may connect as, with a database: functions
/// (`lambda`) also through the proxy.
pub(crate) fn connect_arns(service: &Service, lambda: bool) -> Option<E> {
    Database.present(service).then(|| {
        if lambda {
            call(
                "concat",
                vec![
                    r("module.database.proxy_connect_arns"),
                    r("module.database.iam_connect_arns"),
                ],
            )
        } else {
            r("module.database.iam_connect_arns")
        }
    })
}

/// Where the database of a deployment root comes from and where its secret goes.
#[derive(Clone, Copy)]
pub struct Replication<'a> {
    /// A disaster-recovery copy replicates the primary region's database: (that region, its
    /// identifier), named by a value built here (no lookup in the primary region, which may
    /// be down).
    pub source: Option<(&'a str, &'a str)>,
    /// The master secret is replicated to the DR region, encrypted there with the DR root's
    /// key: (that region, the key's alias name, which that root creates).
    pub secret_to: Option<(&'a str, &'a str)>,
    /// Terraform makes the master password (see [`terraform_password`]).
    pub terraform_password: bool,
}

/// The module call of a deployment root of `service` with a database: `rds-database` in the
/// root's private subnets, reachable from the security groups of `allowed` (by caller name),
/// with an RDS Proxy for the functions, its alarms notifying the root's topic.
fn module_call(
    service: &Service,
    allowed: Vec<(String, E)>,
    replication: Replication,
) -> Option<Blk> {
    let db = service.database.as_ref()?;
    let arn = |service_part: &str, tail: String| {
        tpl(vec![
            T::L("arn:"),
            T::X(r("data.aws_partition.current.partition")),
            T::L(service_part),
            T::X(r("data.aws_caller_identity.current.account_id")),
            T::L(&tail),
        ])
    };
    let source_arn = replication
        .source
        .map(|(region, id)| arn(&format!(":rds:{region}:"), format!(":db:{id}")));
    let secret_replica = replication.secret_to.map(|(region, name)| {
        (
            s(region),
            arn(&format!(":kms:{region}:"), format!(":alias/{name}")),
        )
    });
    Some(
        blk("module", &["database"])
            .a("source", s(format!("{UP}/modules/rds-database")))
            .a(
                "permissions_boundary_arn",
                r("local.permissions_boundary_arn"),
            )
            .a("identifier", r("local.name"))
            .a("vpc_id", r("local.vpc_id"))
            .a("subnet_ids", r("local.private_subnet_ids"))
            .a("engine_version", s(db.engine_version.as_str()))
            .a("instance_class", r("var.db_instance_class"))
            .a("allocated_storage", r("var.db_allocated_storage"))
            .a("max_allocated_storage", r("var.db_max_allocated_storage"))
            .a("db_name", s(db.db_name.as_str()))
            .a("username", s(db.username.as_str()))
            .a("multi_az", r("var.db_multi_az"))
            .a("read_replica_count", r("var.db_read_replica_count"))
            .a("replica_multi_az", r("var.db_replica_multi_az"))
            .a("backup_retention_period", r("var.db_backup_retention_days"))
            .a("deletion_protection", r("var.db_deletion_protection"))
            .a(
                "performance_insights_enabled",
                r("var.db_performance_insights"),
            )
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_id", key())
            .a("allowed_security_groups", obj(allowed))
            .opt(
                "master_password_version",
                replication
                    .terraform_password
                    .then(|| r("var.db_master_password_version")),
            )
            .opt("replicate_source_db", source_arn)
            .opt(
                "promoted",
                replication.source.is_some().then(|| r("var.db_promoted")),
            )
            .opt(
                "cross_region_replica_region",
                secret_replica.as_ref().map(|(region, _)| region.clone()),
            )
            .opt(
                "cross_region_replica_kms_key_id",
                secret_replica.map(|(_, key)| key),
            )
            .opt(
                "create_proxy",
                super::Lambda.present(service).then(|| b(true)),
            )
            .a("alarm_actions", topic()),
    )
}

/// The outputs of a deployment root of `service` with a database: its endpoints, the master
/// secret (not on a cross-region replica, `replica_of_primary`), the proxy (with functions).
fn outputs(service: &Service, replica_of_primary: bool) -> Vec<Output> {
    if !Database.present(service) {
        return Vec::new();
    }
    let out = |name: &str, description: &str, value: &str| Output {
        name: name.into(),
        description: description.into(),
        value: r(value),
    };
    let mut outputs = vec![
        out(
            "database_endpoint",
            "Endpoint of the PostgreSQL database.",
            "module.database.endpoint",
        ),
        out(
            "database_read_hosts",
            "Host names of the same-region read replicas (DB_READ_HOSTS of the workloads).",
            "module.database.replica_addresses",
        ),
    ];
    if !replica_of_primary {
        outputs.push(out(
            "database_master_secret_arn",
            "Secrets Manager secret with the master credentials, for administrators.",
            "module.database.master_secret_arn",
        ));
    }
    if super::Lambda.present(service) {
        outputs.push(out(
            "database_proxy_endpoint",
            "RDS Proxy the Lambda functions connect through (null while the database is a replica).",
            "module.database.proxy_endpoint",
        ));
    }
    outputs
}

/// The database's design rules on `svc` (JSON Pointer `base`).
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;
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
        if !ok(&db.username) || matches!(db.username.as_str(), "admin" | "postgres" | "rdsadmin") {
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
    v
}

/// In the DR region a database that is a cross-region replica with replicas of its own is a
/// cascading replica: RDS for PostgreSQL supports those from version 14.
fn cascading_replicas(design: &Design, base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let dr_regions: std::collections::BTreeSet<&str> = design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Dr)
        .map(|r| r.name.as_str())
        .collect();
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
            // At the service's override of the replicas where it has one, else at the tier's.
            let field = crate::plan::capacity::Field::DbReadReplicas;
            let at = match field.get(crate::plan::capacity::overrides(svc, tier)) {
                Some(_) => format!(
                    "{base}{}",
                    crate::diagnostic::pointer(&["capacity", &tier.name, field.key()])
                ),
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
    out
}

/// The "Database" section of a deployment root's README: how the workloads connect, and how to
/// create their database user.
fn readme_section(root: &Root) -> String {
    let Some(db) = &root.service.database else {
        return String::new();
    };
    let mut md = String::new();
    md.push_str(&format!(
        "\n## Database\n\nWorkloads connect to `{}` as the user `app` with IAM authentication (`DB_USER`, \
`DB_IAM_AUTH=true`; TLS is required). Create the user once, connected as the master user `{}`{}: \
`CREATE USER app; GRANT rds_iam TO app;` plus the grants the application needs (e.g. `GRANT CONNECT ON DATABASE {} \
TO app;`).\n",
        db.db_name,
        db.username,
        if root.replica_of_primary {
            format!(
                " on the primary (the user replicates here; the replica in this region of the master secret \
`rds/{id}/master-…` holds the password: `aws secretsmanager list-secrets --region {} --filters \
Key=name,Values=rds/{id}/master-`)",
                root.region,
                id = root.primary_db_identifier
            )
        } else {
            " (credentials in the secret of output `database_master_secret_arn`)".to_string()
        },
        db.db_name,
    ));
    if let Some((region, name)) = root.db_replicated_to {
        md.push_str(&format!(
            "\nThe master secret replicates to {region}, encrypted with the key `alias/{name}` of the DR root: on a \
first apply, create that key first (`terraform apply -target=aws_kms_alias.this` in \
`environments/{}/{region}/{}`).\n",
            root.service.name, root.tier.name
        ));
    }
    md
}
