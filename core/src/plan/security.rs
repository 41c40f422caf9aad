//! The design's security choices that are weaker than the secure defaults, decided once per
//! design in [`crate::plan::Plan::build`] (`Plan::security`): for each weaker setting, the
//! design fields that chose it (`security.tiers[prod].waf = false`), and the answers the
//! emitters, the docs and the cost rules share (is there a DR copy of the state, where do the
//! access logs of a region go). Plain data, cheap to make (the designer's shell plans on every
//! edit) and free of checkov: `emit::security` turns each list into the
//! `# checkov:skip=<ID>:<reason>` comments whose reason names those fields (a module is shared
//! by every tier and service of its kind, so a skip goes into the module when at least one of
//! them made the weaker choice, and lists all of them). Setting the fields to their secure
//! value empties the list and removes the skip.

use crate::design::{CodeSigning, Design, RegionRole, Service, Tier, TierDatabase, TierSecurity};
use crate::kinds::{self, Kind};
use std::collections::BTreeMap;

/// Checkov's minimum log retention (CKV_AWS_338), in days.
pub const SECURE_LOG_RETENTION_DAYS: u32 = 365;

/// The security choices of one design, decided once: each list holds the design fields (with
/// their values) that chose a weaker setting, empty when none did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    /// Some tier has a domain (its APIs serve HTTPS).
    pub(crate) any_https: bool,
    /// Tiers without a domain: their APIs serve plain HTTP.
    pub(crate) http_only: Vec<String>,
    /// Tiers with a domain that keep port 80 open for the redirect to HTTPS.
    pub(crate) http_redirect: Vec<String>,
    /// Tiers without WAF.
    pub(crate) no_waf: Vec<String>,
    /// Tiers whose load balancers may be deleted.
    pub(crate) no_alb_deletion_protection: Vec<String>,
    /// Tiers keeping logs less than [`SECURE_LOG_RETENTION_DAYS`].
    pub(crate) short_log_retention: Vec<String>,
    /// Tiers whose databases have no standby in a second availability zone.
    pub(crate) db_single_az: Vec<String>,
    /// Tiers whose databases keep no automated backups.
    pub(crate) db_no_backups: Vec<String>,
    /// Tiers whose databases may be deleted.
    pub(crate) db_no_deletion_protection: Vec<String>,
    /// Tiers whose databases have no Performance Insights.
    pub(crate) db_no_performance_insights: Vec<String>,
    /// The fields that give a database read replicas (same region or DR), whose master
    /// password Terraform then generates and rotates.
    pub(crate) db_replica_passwords: Vec<String>,
    /// Tiers whose same-region read replicas are single-AZ.
    pub(crate) db_single_az_replicas: Vec<String>,
    /// A database of the bundle has Terraform's master password in a secret of its own.
    pub(crate) terraform_db_passwords: bool,
    /// Some service has Lambda functions.
    pub(crate) has_functions: bool,
    /// Services whose API containers have a writable root filesystem.
    pub(crate) writable_root_api: Vec<String>,
    /// Services whose worker containers have a writable root filesystem.
    pub(crate) writable_root_worker: Vec<String>,
    /// Services whose functions have no code signing.
    pub(crate) code_signing_off: Vec<String>,
    /// The IAM users' names.
    pub(crate) iam_users: Vec<String>,
    /// Functions whose URL answers without authentication.
    pub(crate) public_function_urls: Vec<String>,
    /// Users with a long-lived access key.
    pub(crate) access_keys: Vec<String>,
    /// The buckets send their object events to EventBridge.
    pub(crate) bucket_events: bool,
    /// The state has a copy in another region.
    pub(crate) has_dr: bool,
    /// The bundle creates its own access-log buckets.
    pub(crate) own_access_log_buckets: bool,
    /// The existing access-log bucket of each region the design names.
    access_log_buckets: BTreeMap<String, String>,
    /// The access-log buckets replicate to another region's.
    pub(crate) replicates_access_logs: bool,
    /// For each region of the design (and of its backend): the log bucket (region, name) its
    /// access logs replicate to.
    log_archives: BTreeMap<String, (String, String)>,
    /// `security.access_log_replication`.
    pub(crate) access_log_replication: bool,
    /// The services' buckets, none replicated to another region.
    pub(crate) service_bucket_fields: Vec<String>,
    /// Some service's tables are global tables.
    pub(crate) global_tables: bool,
    /// Tiers whose caches have no Multi-AZ automatic failover.
    pub(crate) no_cache_failover: Vec<String>,
    /// Tiers whose DynamoDB tables keep no continuous backups.
    pub(crate) no_table_pitr: Vec<String>,
    /// Some service has buckets or a static frontend.
    pub(crate) service_buckets: bool,
    /// The project name.
    pub(crate) project: String,
    /// `services[<name>].frontend` for every service with a static frontend.
    pub(crate) frontends: Vec<String>,
}

/// `security.tiers[<tier>].<field>` for every tier of `design` whose settings satisfy `weak`.
fn tiers(design: &Design, weak: impl Fn(&TierSecurity) -> Option<String>) -> Vec<String> {
    design
        .tiers
        .iter()
        .filter_map(|t| {
            weak(&design.security.tier(&t.name)).map(|f| format!("security.tiers[{}].{f}", t.name))
        })
        .collect()
}

/// `tiers[<tier>].database.<field>` for every tier whose database settings satisfy `weak`.
fn tier_db(design: &Design, weak: impl Fn(&TierDatabase) -> Option<String>) -> Vec<String> {
    design
        .tiers
        .iter()
        .filter_map(|t| weak(&t.database).map(|f| format!("tiers[{}].database.{f}", t.name)))
        .collect()
}

/// The fields that give tier `t`'s databases same-region read replicas: the tier's
/// `read_replicas` (unless every service with a database overrides it there), and each
/// service's override (`services[<service>].capacity.<tier>.db_read_replicas`).
fn replica_fields(design: &Design, t: &Tier) -> Vec<String> {
    let databases = || {
        design
            .services
            .iter()
            .filter(|s| kinds::Database.present(s))
    };
    let overridden = |s: &Service| {
        crate::plan::capacity::overrides(s, t)
            .db_read_replicas
            .is_some()
    };
    let mut fields = Vec::new();
    let tier_default = databases().next().is_none() || databases().any(|s| !overridden(s));
    if t.database.read_replicas > 0 && tier_default {
        fields.push(format!(
            "tiers[{}].database.read_replicas = {}",
            t.name, t.database.read_replicas
        ));
    }
    for s in databases() {
        match crate::plan::capacity::overrides(s, t).db_read_replicas {
            Some(n) if n > 0 => fields.push(format!(
                "services[{}].capacity.{}.db_read_replicas = {n}",
                s.name, t.name
            )),
            _ => {}
        }
    }
    fields
}

/// The fields that give a database read replicas, same region or DR: RDS cannot manage the
/// master password of such a database, so Terraform generates and rotates it.
fn db_replica_passwords(design: &Design) -> Vec<String> {
    let dr: Vec<&str> = design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Dr)
        .map(|r| r.name.as_str())
        .collect();
    design
        .tiers
        .iter()
        .flat_map(|t| {
            let db = &t.database;
            let mut f = replica_fields(design, t);
            if db.cross_region_replica && t.regions.iter().any(|r| dr.contains(&r.as_str())) {
                f.push(format!(
                    "tiers[{}].database.cross_region_replica = true",
                    t.name
                ));
            }
            f
        })
        .collect()
}

/// Services of a kind (`api` or `worker`) whose containers have a writable root filesystem.
fn writable_root(design: &Design, worker: bool) -> Vec<String> {
    design
        .services
        .iter()
        .filter(|s| {
            if worker {
                kinds::Worker.present(s)
            } else {
                kinds::Api.present(s)
            }
        })
        .filter(|s| !design.security.service(&s.name).read_only_root_filesystem)
        .map(|s| {
            format!(
                "security.services[{}].read_only_root_filesystem = false",
                s.name
            )
        })
        .collect()
}

impl Choices {
    /// The choices of `design`.
    pub fn of(design: &Design) -> Choices {
        let any = |kind: &dyn Kind| design.services.iter().any(|s| kind.present(s));
        let db_replica_passwords = db_replica_passwords(design);
        let regions = design
            .regions
            .iter()
            .map(|r| r.name.as_str())
            .chain(design.backend.regions.keys().map(String::as_str))
            .chain(
                design
                    .tiers
                    .iter()
                    .flat_map(|t| t.regions.iter().map(String::as_str)),
            );
        Choices {
            any_https: !tiers(design, |t| t.domain.as_ref().map(|_| String::new())).is_empty(),
            http_only: tiers(design, |t| {
                t.domain.is_none().then(|| "domain unset".to_string())
            }),
            http_redirect: tiers(design, |t| {
                (t.domain.is_some() && t.http_redirect).then(|| "http_redirect = true".to_string())
            }),
            no_waf: tiers(design, |t| (!t.waf).then(|| "waf = false".to_string())),
            no_alb_deletion_protection: tiers(design, |t| {
                (!t.alb_deletion_protection).then(|| "alb_deletion_protection = false".to_string())
            }),
            short_log_retention: design
                .tiers
                .iter()
                .filter(|t| t.log_retention_days < SECURE_LOG_RETENTION_DAYS)
                .map(|t| {
                    format!(
                        "tiers[{}].log_retention_days = {}",
                        t.name, t.log_retention_days
                    )
                })
                .collect(),
            db_single_az: tier_db(design, |d| {
                (!d.multi_az).then(|| "multi_az = false".to_string())
            }),
            db_no_backups: tier_db(design, |d| {
                (d.backup_retention_days == 0).then(|| "backup_retention_days = 0".to_string())
            }),
            db_no_deletion_protection: tier_db(design, |d| {
                (!d.deletion_protection).then(|| "deletion_protection = false".to_string())
            }),
            db_no_performance_insights: tier_db(design, |d| {
                (!d.performance_insights).then(|| "performance_insights = false".to_string())
            }),
            db_single_az_replicas: design
                .tiers
                .iter()
                .filter(|t| !t.database.replica_multi_az && !replica_fields(design, t).is_empty())
                .map(|t| format!("tiers[{}].database.replica_multi_az = false", t.name))
                .collect(),
            terraform_db_passwords: any(&kinds::Database) && !db_replica_passwords.is_empty(),
            db_replica_passwords,
            has_functions: any(&kinds::Lambda),
            writable_root_api: writable_root(design, false),
            writable_root_worker: writable_root(design, true),
            code_signing_off: design
                .services
                .iter()
                .filter(|s| kinds::Lambda.present(s))
                .filter(|s| {
                    design.security.service(&s.name).lambda_code_signing == CodeSigning::Off
                })
                .map(|s| format!("security.services[{}].lambda_code_signing = off", s.name))
                .collect(),
            iam_users: design.iam.users.iter().map(|u| u.name.clone()).collect(),
            public_function_urls: design
                .services
                .iter()
                .flat_map(|s| {
                    s.lambdas
                        .iter()
                        .filter(|l| l.function_url && l.public_url)
                        .map(move |l| {
                            format!("services[{}].lambdas[{}].public_url = true", s.name, l.name)
                        })
                })
                .collect(),
            access_keys: design
                .iam
                .users
                .iter()
                .filter(|u| u.access_key)
                .map(|u| format!("iam.users[{}].access_key = true", u.name))
                .collect(),
            bucket_events: design.security.s3_event_notifications,
            has_dr: crate::plan::logs::has_dr(design),
            own_access_log_buckets: crate::plan::logs::own_buckets(design),
            access_log_buckets: design.security.access_log_buckets.clone(),
            replicates_access_logs: crate::plan::logs::replicated(design),
            log_archives: regions
                .filter_map(|r| {
                    crate::plan::logs::archive(design, r).map(|archive| (r.to_string(), archive))
                })
                .collect(),
            access_log_replication: design.security.access_log_replication,
            service_bucket_fields: design
                .services
                .iter()
                .flat_map(|s| {
                    s.buckets
                        .iter()
                        .map(move |b| format!("services[{}].buckets[{}]", s.name, b.name))
                })
                .collect(),
            global_tables: design.tiers.iter().any(|t| t.storage.tables.global)
                && any(&kinds::Table),
            no_cache_failover: design
                .tiers
                .iter()
                .filter(|t| !t.cache.multi_az)
                .map(|t| format!("tiers[{}].cache.multi_az = false", t.name))
                .collect(),
            no_table_pitr: design
                .tiers
                .iter()
                .filter(|t| !t.storage.tables.point_in_time_recovery)
                .map(|t| {
                    format!(
                        "tiers[{}].storage.tables.point_in_time_recovery = false",
                        t.name
                    )
                })
                .collect(),
            service_buckets: any(&kinds::Bucket) || any(&kinds::Frontend),
            project: design.project.clone(),
            frontends: design
                .services
                .iter()
                .filter(|s| kinds::Frontend.present(s))
                .map(|s| format!("services[{}].frontend", s.name))
                .collect(),
        }
    }

    /// Whether some tier has a domain (its APIs serve HTTPS).
    pub fn any_https(&self) -> bool {
        self.any_https
    }

    /// Tiers without a domain: their APIs serve plain HTTP.
    pub fn http_only(&self) -> Vec<String> {
        self.http_only.clone()
    }

    /// Tiers with a domain that keep port 80 open for the redirect to HTTPS.
    pub fn http_redirect(&self) -> Vec<String> {
        self.http_redirect.clone()
    }

    /// Whether a database of the bundle has Terraform's master password in a secret of its own
    /// (a service has a database and a tier has read replicas).
    pub fn terraform_db_passwords(&self) -> bool {
        self.terraform_db_passwords
    }

    /// Whether a service has Lambda functions.
    pub fn has_functions(&self) -> bool {
        self.has_functions
    }

    /// `iam.users[<name>].access_key = true` for every user with a long-lived access key.
    pub fn access_keys(&self) -> Vec<String> {
        self.access_keys.clone()
    }

    /// Whether the buckets send their object events to EventBridge.
    pub fn bucket_events(&self) -> bool {
        self.bucket_events
    }

    /// Whether state buckets replicate: the primary region has a state bucket and at least one
    /// other region (a disaster-recovery region) has one too.
    pub fn has_dr(&self) -> bool {
        self.has_dr
    }

    /// Whether the bundle creates its own access-log buckets (the design names no existing
    /// ones).
    pub fn own_access_log_buckets(&self) -> bool {
        self.own_access_log_buckets
    }

    /// The existing bucket that receives the access logs in `region`, when the design names
    /// existing access-log buckets (validation makes sure every region has one).
    pub fn access_log_bucket(&self, region: &str) -> Option<&str> {
        if self.own_access_log_buckets {
            return None;
        }
        Some(
            self.access_log_buckets
                .get(region)
                .map_or("", String::as_str),
        )
    }

    /// Whether access-log buckets replicate to another region's log bucket: the bundle creates
    /// them, the design has a disaster-recovery region and did not turn replication off.
    pub fn replicates_access_logs(&self) -> bool {
        self.replicates_access_logs
    }

    /// The log bucket (region, name) in another region that the access logs of a bucket in
    /// `region` (a region of the design) replicate to: the disaster-recovery region's state log
    /// bucket for the primary region, the primary region's for every other region. None
    /// without replication.
    pub fn log_archive(&self, region: &str) -> Option<(String, String)> {
        self.log_archives.get(region).cloned()
    }

    /// Whether some service's tables are global tables (a tier with `storage.tables.global`):
    /// then the `dynamodb-table` module can keep replicas and read a replica as its table.
    pub fn global_tables(&self) -> bool {
        self.global_tables
    }

    /// Whether some service has buckets or a static frontend (their access logs go to the
    /// state buckets' log buckets when the design names no existing ones), and the project
    /// name that starts their names.
    pub fn service_buckets(&self) -> (bool, &str) {
        (self.service_buckets, &self.project)
    }
}

#[cfg(test)]
mod tests {
    use crate::plan::{logs, Plan};

    /// The regions' access-log answers, decided once, are those of `plan::logs` for every
    /// region a root or a state backend of the design is in.
    #[test]
    fn the_access_logs_of_every_region_are_decided_once() {
        let mut dr_off = crate::presets::sports_cards();
        dr_off.security.access_log_replication = false;
        let mut named = crate::presets::saas_platform();
        named.security.access_log_buckets = named
            .backend
            .regions
            .keys()
            .map(|r| (r.clone(), format!("logs-{r}")))
            .collect();
        let mut archives = 0;
        for design in [
            crate::presets::sports_cards(),
            crate::presets::minimal(),
            crate::presets::saas_platform(),
            dr_off,
            named,
        ] {
            let plan = Plan::build(&design);
            let choices = &plan.security;
            let regions = plan
                .deployments
                .iter()
                .map(|d| d.region.clone())
                .chain(design.backend.regions.keys().cloned());
            for region in regions {
                assert_eq!(
                    choices.log_archive(&region),
                    logs::archive(&design, &region),
                    "{region}"
                );
                assert_eq!(
                    choices.access_log_bucket(&region),
                    logs::existing(&design, &region),
                    "{region}"
                );
                archives += usize::from(choices.log_archive(&region).is_some());
            }
            assert_eq!(choices.replicates_access_logs(), logs::replicated(&design));
        }
        assert!(archives > 0, "some design replicates its access logs");
    }

    /// A weaker field is named in its skip, and the secure value removes it.
    #[test]
    fn a_weaker_field_is_named_until_it_is_secure() {
        let mut design = crate::presets::sports_cards();
        for tier in &mut design.tiers {
            tier.cache.multi_az = true;
        }
        assert!(Plan::build(&design).security.no_cache_failover.is_empty());
        design.tiers[0].cache.multi_az = false;
        assert_eq!(
            Plan::build(&design).security.no_cache_failover,
            [format!(
                "tiers[{}].cache.multi_az = false",
                design.tiers[0].name
            )]
        );
    }
}
