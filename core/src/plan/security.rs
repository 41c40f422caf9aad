//! The design's security choices that are weaker than the secure defaults, decided once per
//! design in [`crate::plan::Plan::build`] (`Plan::security`): which tiers, services, functions
//! and users chose them, as the design fields that did. The emitters turn them into
//! `# checkov:skip=<ID>:<reason>` comments whose reason names those fields (a module is shared
//! by every tier and service of its kind, so a skip goes into the module when at least one of
//! them made the weaker choice, and lists all of them); the bundle's docs list them and the cost
//! rules read where the access logs go. Setting those fields to the secure value removes the
//! skip. Plain data, cheap to make: the designer's shell plans on every edit.

use crate::design::{CodeSigning, Design, RegionRole, Service, Tier, TierDatabase, TierSecurity};
use crate::kinds::{self, Kind};
use std::collections::BTreeMap;

/// One skip comment: (checkov check id, reason).
pub type Skip = (String, String);

/// Checkov's minimum log retention (CKV_AWS_338), in days.
pub const SECURE_LOG_RETENTION_DAYS: u32 = 365;

/// A skip listing `fields` (design field = value), or none when the list is empty.
fn skip(id: &str, fields: &[String], why: &str) -> Vec<Skip> {
    if fields.is_empty() {
        return Vec::new();
    }
    vec![(id.to_string(), format!("{} ({why})", fields.join(", ")))]
}

/// The security choices of one design, decided once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choices {
    any_https: bool,
    http_only: Vec<String>,
    http_redirect: Vec<String>,
    no_waf_tiers: Vec<String>,
    no_alb_deletion_protection: Vec<String>,
    short_log_retention: Vec<String>,
    database: Vec<Skip>,
    self_managed_db_password: Vec<Skip>,
    terraform_db_passwords: bool,
    has_functions: bool,
    database_replicas: Vec<Skip>,
    writable_root_api: Vec<Skip>,
    writable_root_worker: Vec<Skip>,
    code_signing_off: Vec<Skip>,
    iam_users: Vec<Skip>,
    public_function_urls: Vec<Skip>,
    access_keys: Vec<String>,
    bucket_events: bool,
    has_dr: bool,
    own_access_log_buckets: bool,
    /// The existing access-log bucket of each region the design names.
    access_log_buckets: BTreeMap<String, String>,
    replicates_access_logs: bool,
    /// For each region of the design (and of its backend): the log bucket (region, name) its
    /// access logs replicate to.
    log_archives: BTreeMap<String, (String, String)>,
    access_log_replication: bool,
    no_bucket_replication: Vec<Skip>,
    global_tables: bool,
    no_cache_failover: Vec<Skip>,
    no_table_pitr: Vec<Skip>,
    service_buckets: bool,
    project: String,
    frontends: Vec<String>,
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

/// Database skips: single-AZ, no backups, no deletion protection, no Performance Insights.
fn database(design: &Design) -> Vec<Skip> {
    let mut skips = skip(
        "CKV_AWS_157",
        &tier_db(design, |d| {
            (!d.multi_az).then(|| "multi_az = false".to_string())
        }),
        "no standby in a second availability zone",
    );
    skips.extend(skip(
        "CKV_AWS_133",
        &tier_db(design, |d| {
            (d.backup_retention_days == 0).then(|| "backup_retention_days = 0".to_string())
        }),
        "no automated backups",
    ));
    skips.extend(skip(
        "CKV_AWS_293",
        &tier_db(design, |d| {
            (!d.deletion_protection).then(|| "deletion_protection = false".to_string())
        }),
        "the database can be deleted",
    ));
    skips.extend(skip(
        "CKV_AWS_353",
        &tier_db(design, |d| {
            (!d.performance_insights).then(|| "performance_insights = false".to_string())
        }),
        "no Performance Insights",
    ));
    skips
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

/// The master secret Terraform writes for a database with read replicas (same region or
/// DR), rotated by Terraform on the first plan after each period rather than by a Secrets
/// Manager rotation function (AWS's comes as a CloudFormation stack whose roles the
/// bundle's permissions boundary cannot cover).
fn self_managed_db_password(design: &Design) -> Vec<Skip> {
    let dr: Vec<&str> = design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Dr)
        .map(|r| r.name.as_str())
        .collect();
    let fields: Vec<String> = design
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
        .collect();
    skip(
        "CKV2_AWS_57",
        &fields,
        "RDS cannot manage the master password of a database with read replicas; Terraform generates it and replaces it on the first plan after 30 days with time_rotating, no rotation Lambda",
    )
}

/// Skips of the same-region read replicas: those of the database, with the Multi-AZ check
/// answered by `replica_multi_az` of the tiers that have replicas (their own or a service's).
fn database_replicas(design: &Design, database: &[Skip]) -> Vec<Skip> {
    let fields: Vec<String> = design
        .tiers
        .iter()
        .filter(|t| !t.database.replica_multi_az && !replica_fields(design, t).is_empty())
        .map(|t| format!("tiers[{}].database.replica_multi_az = false", t.name))
        .collect();
    let mut skips = skip(
        "CKV_AWS_157",
        &fields,
        "single-AZ read replicas: a replica is a copy already",
    );
    skips.extend(
        database
            .iter()
            .filter(|(id, _)| id != "CKV_AWS_157")
            .cloned(),
    );
    skips
}

/// Services of a kind (`api` or `worker`) whose containers have a writable root filesystem.
fn writable_root(design: &Design, worker: bool) -> Vec<Skip> {
    let fields: Vec<String> = design
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
        .collect();
    skip(
        "CKV_AWS_336",
        &fields,
        "the container may write to its root filesystem",
    )
}

/// Services whose Lambda functions have no code signing.
fn code_signing_off(design: &Design) -> Vec<Skip> {
    let fields: Vec<String> = design
        .services
        .iter()
        .filter(|s| kinds::Lambda.present(s))
        .filter(|s| design.security.service(&s.name).lambda_code_signing == CodeSigning::Off)
        .map(|s| format!("security.services[{}].lambda_code_signing = off", s.name))
        .collect();
    skip(
        "CKV_AWS_272",
        &fields,
        "Lambda does not check the signature of the deployed code",
    )
}

/// IAM users exist (checkov prefers SSO to IAM users).
fn iam_users(design: &Design) -> Vec<Skip> {
    let users = &design.iam.users;
    if users.is_empty() {
        return Vec::new();
    }
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    skip(
        "CKV_AWS_273",
        &[format!("iam.users = [{}]", names.join(", "))],
        "IAM users instead of SSO; they get permissions only through groups and no access keys",
    )
}

/// Functions whose URL answers without authentication.
fn public_function_urls(design: &Design) -> Vec<Skip> {
    let fields: Vec<String> = design
        .services
        .iter()
        .flat_map(|s| {
            s.lambdas
                .iter()
                .filter(|l| l.function_url && l.public_url)
                .map(move |l| format!("services[{}].lambdas[{}].public_url = true", s.name, l.name))
        })
        .collect();
    skip(
        "CKV_AWS_258",
        &fields,
        "the function URL answers without authentication",
    )
}

/// The service buckets: not replicated to another region (each deployment, the
/// disaster-recovery one too, has buckets of its own).
fn no_bucket_replication(design: &Design) -> Vec<Skip> {
    let fields: Vec<String> = design
        .services
        .iter()
        .flat_map(|s| {
            s.buckets
                .iter()
                .map(move |b| format!("services[{}].buckets[{}]", s.name, b.name))
        })
        .collect();
    skip(
        "CKV_AWS_144",
        &fields,
        "a service bucket is not replicated to another region; versioning keeps its history, and a disaster-recovery deployment has buckets of its own",
    )
}

/// Tiers whose caches have no Multi-AZ automatic failover.
fn no_cache_failover(design: &Design) -> Vec<Skip> {
    let fields: Vec<String> = design
        .tiers
        .iter()
        .filter(|t| !t.cache.multi_az)
        .map(|t| format!("tiers[{}].cache.multi_az = false", t.name))
        .collect();
    skip(
        "CKV2_AWS_50",
        &fields,
        "no automatic failover to a replica in another availability zone",
    )
}

/// Tiers whose DynamoDB tables keep no continuous backups.
fn no_table_pitr(design: &Design) -> Vec<Skip> {
    let fields: Vec<String> = design
        .tiers
        .iter()
        .filter(|t| !t.storage.tables.point_in_time_recovery)
        .map(|t| {
            format!(
                "tiers[{}].storage.tables.point_in_time_recovery = false",
                t.name
            )
        })
        .collect();
    skip(
        "CKV_AWS_28",
        &fields,
        "the table keeps no continuous backups",
    )
}

impl Choices {
    /// The choices of `design`.
    pub fn of(design: &Design) -> Choices {
        let database = database(design);
        let self_managed_db_password = self_managed_db_password(design);
        let any = |kind: &dyn Kind| design.services.iter().any(|s| kind.present(s));
        let logs = &crate::plan::logs::archive;
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
            no_waf_tiers: tiers(design, |t| (!t.waf).then(|| "waf = false".to_string())),
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
            database_replicas: database_replicas(design, &database),
            database,
            terraform_db_passwords: any(&kinds::Database) && !self_managed_db_password.is_empty(),
            self_managed_db_password,
            has_functions: any(&kinds::Lambda),
            writable_root_api: writable_root(design, false),
            writable_root_worker: writable_root(design, true),
            code_signing_off: code_signing_off(design),
            iam_users: iam_users(design),
            public_function_urls: public_function_urls(design),
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
                .filter_map(|r| logs(design, r).map(|archive| (r.to_string(), archive)))
                .collect(),
            access_log_replication: design.security.access_log_replication,
            no_bucket_replication: no_bucket_replication(design),
            global_tables: design.tiers.iter().any(|t| t.storage.tables.global)
                && any(&kinds::Table),
            no_cache_failover: no_cache_failover(design),
            no_table_pitr: no_table_pitr(design),
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

    /// Skips of the plain HTTP forward listener (and what checks it through the graph).
    pub fn http_listener(&self, id: &str) -> Vec<Skip> {
        skip(
            id,
            &self.http_only,
            "no domain, so no certificate: the load balancer serves plain HTTP on port 80",
        )
    }

    /// Skips of the public port-80 ingress rule: plain HTTP, or the redirect to HTTPS.
    pub fn port_80_open(&self) -> Vec<Skip> {
        let mut fields = self.http_only();
        fields.extend(self.http_redirect());
        skip(
            "CKV_AWS_260",
            &fields,
            "port 80 is open to the internet for plain HTTP, or only to redirect to HTTPS",
        )
    }

    /// Tiers without WAF.
    pub fn no_waf(&self) -> Vec<Skip> {
        skip(
            "CKV2_AWS_28",
            &self.no_waf_tiers,
            "no AWS WAF web ACL in front of the load balancer",
        )
    }

    /// Tiers whose load balancers may be deleted.
    pub fn no_alb_deletion_protection(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_150",
            &self.no_alb_deletion_protection,
            "the load balancer can be deleted",
        )
    }

    /// Tiers keeping logs less than a year.
    pub fn short_log_retention(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_338",
            &self.short_log_retention,
            "logs are kept less than a year",
        )
    }

    /// Database skips: single-AZ, no backups, no deletion protection, no Performance
    /// Insights.
    pub fn database(&self) -> Vec<Skip> {
        self.database.clone()
    }

    /// The master secret Terraform writes for a database with read replicas (same region or
    /// DR), rotated by Terraform on the first plan after each period.
    pub fn self_managed_db_password(&self) -> Vec<Skip> {
        self.self_managed_db_password.clone()
    }

    /// Whether a database of the bundle has Terraform's master password in a secret of its own
    /// (a service has a database and a tier has read replicas: see
    /// [`Choices::self_managed_db_password`]).
    pub fn terraform_db_passwords(&self) -> bool {
        self.terraform_db_passwords
    }

    /// Whether a service has Lambda functions.
    pub fn has_functions(&self) -> bool {
        self.has_functions
    }

    /// Skips of the same-region read replicas: those of the database, with the Multi-AZ check
    /// answered by `replica_multi_az` of the tiers that have replicas.
    pub fn database_replicas(&self) -> Vec<Skip> {
        self.database_replicas.clone()
    }

    /// Services of a kind (`api` or `worker`) whose containers have a writable root filesystem.
    pub fn writable_root(&self, worker: bool) -> Vec<Skip> {
        if worker {
            self.writable_root_worker.clone()
        } else {
            self.writable_root_api.clone()
        }
    }

    /// Services whose Lambda functions have no code signing.
    pub fn code_signing_off(&self) -> Vec<Skip> {
        self.code_signing_off.clone()
    }

    /// IAM users exist (checkov prefers SSO to IAM users).
    pub fn iam_users(&self) -> Vec<Skip> {
        self.iam_users.clone()
    }

    /// Functions whose URL answers without authentication.
    pub fn public_function_urls(&self) -> Vec<Skip> {
        self.public_function_urls.clone()
    }

    /// `iam.users[<name>].access_key = true` for every user with a long-lived access key.
    pub fn access_keys(&self) -> Vec<String> {
        self.access_keys.clone()
    }

    /// Whether the buckets send their object events to EventBridge.
    pub fn bucket_events(&self) -> bool {
        self.bucket_events
    }

    /// Buckets without event notifications.
    pub fn no_bucket_events(&self) -> Vec<Skip> {
        if self.bucket_events() {
            return Vec::new();
        }
        skip(
            "CKV2_AWS_62",
            &["security.s3_event_notifications = false".to_string()],
            "the bucket sends no object events to EventBridge",
        )
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

    /// Skips of an access-log bucket the bundle creates: it does not log its own access, and
    /// it is encrypted with S3-managed keys because log delivery by `delivery` (the service
    /// writing the logs) writes only to such buckets. Naming existing buckets removes the
    /// bucket and both skips.
    pub fn own_log_bucket(&self, delivery: &str) -> Vec<Skip> {
        if !self.own_access_log_buckets() {
            return Vec::new();
        }
        let field = ["security.access_log_buckets unset".to_string()];
        let mut skips = skip(
            "CKV_AWS_18",
            &field,
            "this bundle keeps its own access-log bucket; logging its own access would loop",
        );
        skips.extend(skip(
            "CKV_AWS_145",
            &field,
            &format!("this bundle keeps its own access-log bucket; log delivery by {delivery} writes only to SSE-S3 buckets, not KMS"),
        ));
        skips
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

    /// Access-log buckets that do not replicate: no disaster-recovery region, or the design
    /// turned it off.
    pub fn no_log_replication(&self) -> Vec<Skip> {
        if !self.has_dr() {
            return skip(
                "CKV_AWS_144",
                &["regions (no dr region)".to_string()],
                "access logs are not replicated to another region; they expire",
            );
        }
        let fields = if self.access_log_replication {
            Vec::new()
        } else {
            vec!["security.access_log_replication = false".to_string()]
        };
        skip(
            "CKV_AWS_144",
            &fields,
            "access logs are not replicated to another region; they expire",
        )
    }

    /// The service buckets: not replicated to another region (each deployment, the
    /// disaster-recovery one too, has buckets of its own).
    pub fn no_bucket_replication(&self) -> Vec<Skip> {
        self.no_bucket_replication.clone()
    }

    /// Whether some service's tables are global tables (a tier with `storage.tables.global`):
    /// then the `dynamodb-table` module can keep replicas and read a replica as its table.
    pub fn global_tables(&self) -> bool {
        self.global_tables
    }

    /// Tiers whose caches have no Multi-AZ automatic failover.
    pub fn no_cache_failover(&self) -> Vec<Skip> {
        self.no_cache_failover.clone()
    }

    /// Tiers whose DynamoDB tables keep no continuous backups.
    pub fn no_table_pitr(&self) -> Vec<Skip> {
        self.no_table_pitr.clone()
    }

    /// Whether some service has buckets or a static frontend (their access logs go to the
    /// state buckets' log buckets when the design names no existing ones), and the project
    /// name that starts their names.
    pub fn service_buckets(&self) -> (bool, &str) {
        (self.service_buckets, &self.project)
    }

    /// The frontends' buckets are not replicated: the site's files are the team's build
    /// output, uploaded again from it, and CloudFront is global (no second site in a
    /// disaster-recovery region).
    pub fn frontend_bucket_not_replicated(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_144",
            &self.frontends,
            "a static frontend's files are the team's build output, uploaded again from it; versioning keeps their history and CloudFront is global",
        )
    }

    /// The frontends' access-log buckets keep ACLs: CloudFront's standard logging writes
    /// through an ACL grant.
    pub fn frontend_log_acls(&self) -> Vec<Skip> {
        skip(
            "CKV2_AWS_65",
            &self.frontends,
            "CloudFront standard logging delivers access logs through the bucket ACL, so this log bucket keeps ACLs enabled (objects owned by the bucket owner)",
        )
    }

    /// Tiers without a domain serve a frontend on its `*.cloudfront.net` name with CloudFront's
    /// default certificate, which forces TLS 1.0 as the minimum.
    pub fn frontend_without_domain(&self) -> Vec<Skip> {
        if self.frontends.is_empty() {
            return Vec::new();
        }
        let why = "no domain, so no certificate of its own: CloudFront's default certificate accepts TLS 1.0";
        let mut skips = skip("CKV_AWS_174", &self.http_only, why);
        skips.extend(skip("CKV2_AWS_42", &self.http_only, why));
        skips
    }

    /// Tiers without WAF in front of their frontends.
    pub fn frontend_no_waf(&self) -> Vec<Skip> {
        if self.frontends.is_empty() {
            return Vec::new();
        }
        let mut skips = skip(
            "CKV_AWS_68",
            &self.no_waf_tiers,
            "no AWS WAF web ACL in front of the distribution",
        );
        skips.extend(skip(
            "CKV2_AWS_47",
            &self.no_waf_tiers,
            "no AWS WAF web ACL (with its known-bad-inputs rules against Log4j) in front of the distribution",
        ));
        skips
    }

    /// Frontends have one origin: no failover origin group.
    pub fn frontend_no_failover(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_310",
            &self.frontends,
            "one origin bucket, no origin failover group: the site is the team's build output in one region, served from CloudFront's cache",
        )
    }

    /// Frontends are served in every country.
    pub fn frontend_worldwide(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_374",
            &self.frontends,
            "the site is public and served in every country (no geo restriction)",
        )
    }

    /// No second backend region to replicate state to.
    pub fn no_state_replication(&self) -> Vec<Skip> {
        if self.has_dr() {
            return Vec::new();
        }
        skip(
            "CKV_AWS_144",
            &["regions (no dr region)".to_string()],
            "state is not replicated to another region; versioning keeps its history",
        )
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
        assert!(Plan::build(&design).security.no_cache_failover().is_empty());
        design.tiers[0].cache.multi_az = false;
        let skips = Plan::build(&design).security.no_cache_failover();
        let field = format!("tiers[{}].cache.multi_az = false", design.tiers[0].name);
        assert_eq!(skips.len(), 1);
        assert_eq!(skips[0].0, "CKV2_AWS_50");
        assert!(skips[0].1.starts_with(&field), "{}", skips[0].1);
    }
}
