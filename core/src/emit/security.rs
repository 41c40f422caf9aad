//! The design's security choices that are weaker than the secure defaults, turned into
//! `# checkov:skip=<ID>:<reason>` comments whose reason names the design field that chose them.
//!
//! A module is shared by every tier (and every service of its kind), so a skip goes into the
//! module when at least one tier or service made the weaker choice, and lists all of them.
//! Setting those fields to the secure value removes the skip.
//!
//! Also the customer-managed KMS key every key of the bundle is built from ([`kms_key`]).

use crate::design::{CodeSigning, Design, TierSecurity};
use crate::emit::hcl::{b, blk, call, list, n, obj, resource, s, strs, tpl, Blk, E, T};
use crate::kinds::{self, Kind};

/// One skip comment: (checkov check id, reason).
pub type Skip = (String, String);

/// A skip listing `fields` (design field = value), or none when the list is empty.
fn skip(id: &str, fields: &[String], why: &str) -> Vec<Skip> {
    if fields.is_empty() {
        return Vec::new();
    }
    vec![(id.to_string(), format!("{} ({why})", fields.join(", ")))]
}

/// A customer-managed KMS key named `name` (through `provider`, if given): rotated yearly,
/// deleted 30 days after it is scheduled, with a key policy that lets the account of `account`
/// in `partition` administer and use it through IAM, then `statements`.
pub fn kms_key(
    name: &str,
    provider: Option<E>,
    description: E,
    (partition, account): (E, E),
    statements: Vec<E>,
) -> Blk {
    let administers = obj([
        ("Sid", s("AccountAdministersTheKey")),
        ("Effect", s("Allow")),
        (
            "Principal",
            obj([(
                "AWS",
                tpl(vec![
                    T::L("arn:"),
                    T::X(partition),
                    T::L(":iam::"),
                    T::X(account),
                    T::L(":root"),
                ]),
            )]),
        ),
        ("Action", s("kms:*")),
        ("Resource", s("*")),
    ]);
    let policy = obj([
        ("Version", s("2012-10-17")),
        (
            "Statement",
            list(std::iter::once(administers).chain(statements)),
        ),
    ]);
    resource("aws_kms_key", name)
        .opt("provider", provider)
        .a("description", description)
        .a("enable_key_rotation", b(true))
        .a("deletion_window_in_days", n(30))
        .a("policy", call("jsonencode", vec![policy]))
}

/// A resource-policy statement denying `actions` on `resources` to every request made without
/// TLS.
pub fn deny_insecure_transport(actions: &[&str], resources: Vec<E>) -> Blk {
    blk("statement", &[])
        .a("sid", s("DenyInsecureTransport"))
        .a("effect", s("Deny"))
        .a("actions", strs(actions))
        .a("resources", list(resources))
        .b(blk("principals", &[])
            .a("type", s("*"))
            .a("identifiers", strs(["*"])))
        .b(blk("condition", &[])
            .a("test", s("Bool"))
            .a("variable", s("aws:SecureTransport"))
            .a("values", strs(["false"])))
}

/// [`deny_insecure_transport`] for every S3 action on the bucket `bucket_arn` and its objects.
pub fn bucket_tls_only(bucket_arn: E) -> Blk {
    deny_insecure_transport(
        &["s3:*"],
        vec![bucket_arn.clone(), tpl(vec![T::X(bucket_arn), T::L("/*")])],
    )
}

/// Checkov's minimum log retention (CKV_AWS_338), in days.
pub const SECURE_LOG_RETENTION_DAYS: u32 = 365;

/// The security choices of one design.
pub struct Choices<'a> {
    design: &'a Design,
}

impl<'a> Choices<'a> {
    /// The choices of `design`.
    pub fn new(design: &'a Design) -> Choices<'a> {
        Choices { design }
    }

    /// `security.tiers[<tier>].<field>` for every tier whose settings satisfy `weak`.
    fn tiers(&self, weak: impl Fn(&TierSecurity) -> Option<String>) -> Vec<String> {
        self.design
            .tiers
            .iter()
            .filter_map(|t| {
                weak(&self.design.security.tier(&t.name))
                    .map(|f| format!("security.tiers[{}].{f}", t.name))
            })
            .collect()
    }

    /// Whether some tier has a domain (its APIs serve HTTPS).
    pub fn any_https(&self) -> bool {
        !self
            .tiers(|t| t.domain.as_ref().map(|_| String::new()))
            .is_empty()
    }

    /// Tiers without a domain: their APIs serve plain HTTP.
    pub fn http_only(&self) -> Vec<String> {
        self.tiers(|t| t.domain.is_none().then(|| "domain unset".to_string()))
    }

    /// Tiers with a domain that keep port 80 open for the redirect to HTTPS.
    pub fn http_redirect(&self) -> Vec<String> {
        self.tiers(|t| {
            (t.domain.is_some() && t.http_redirect).then(|| "http_redirect = true".to_string())
        })
    }

    /// Skips of the plain HTTP forward listener (and what checks it through the graph).
    pub fn http_listener(&self, id: &str) -> Vec<Skip> {
        skip(
            id,
            &self.http_only(),
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
            &self.tiers(|t| (!t.waf).then(|| "waf = false".to_string())),
            "no AWS WAF web ACL in front of the load balancer",
        )
    }

    /// Tiers whose load balancers may be deleted.
    pub fn no_alb_deletion_protection(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_150",
            &self.tiers(|t| {
                (!t.alb_deletion_protection).then(|| "alb_deletion_protection = false".to_string())
            }),
            "the load balancer can be deleted",
        )
    }

    /// Tiers keeping logs less than a year.
    pub fn short_log_retention(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
            .tiers
            .iter()
            .filter(|t| t.log_retention_days < SECURE_LOG_RETENTION_DAYS)
            .map(|t| {
                format!(
                    "tiers[{}].log_retention_days = {}",
                    t.name, t.log_retention_days
                )
            })
            .collect();
        skip("CKV_AWS_338", &fields, "logs are kept less than a year")
    }

    fn tier_db(
        &self,
        weak: impl Fn(&crate::design::TierDatabase) -> Option<String>,
    ) -> Vec<String> {
        self.design
            .tiers
            .iter()
            .filter_map(|t| weak(&t.database).map(|f| format!("tiers[{}].database.{f}", t.name)))
            .collect()
    }

    /// Database skips: single-AZ, no backups, no deletion protection, no Performance
    /// Insights. `replica` adds the checks of same-region read replicas.
    pub fn database(&self) -> Vec<Skip> {
        let mut skips = skip(
            "CKV_AWS_157",
            &self.tier_db(|d| (!d.multi_az).then(|| "multi_az = false".to_string())),
            "no standby in a second availability zone",
        );
        skips.extend(skip(
            "CKV_AWS_133",
            &self.tier_db(|d| {
                (d.backup_retention_days == 0).then(|| "backup_retention_days = 0".to_string())
            }),
            "no automated backups",
        ));
        skips.extend(skip(
            "CKV_AWS_293",
            &self.tier_db(|d| {
                (!d.deletion_protection).then(|| "deletion_protection = false".to_string())
            }),
            "the database can be deleted",
        ));
        skips.extend(skip(
            "CKV_AWS_353",
            &self.tier_db(|d| {
                (!d.performance_insights).then(|| "performance_insights = false".to_string())
            }),
            "no Performance Insights",
        ));
        skips
    }

    /// The master secret Terraform writes for a database with read replicas (same region or
    /// DR), rotated by Terraform on the first plan after each period rather than by a Secrets
    /// Manager rotation function (AWS's comes as a CloudFormation stack whose roles the
    /// bundle's permissions boundary cannot cover).
    pub fn self_managed_db_password(&self) -> Vec<Skip> {
        let dr: Vec<&str> = self
            .design
            .regions
            .iter()
            .filter(|r| r.role == crate::design::RegionRole::Dr)
            .map(|r| r.name.as_str())
            .collect();
        let fields: Vec<String> = self
            .design
            .tiers
            .iter()
            .flat_map(|t| {
                let db = &t.database;
                let mut f = self.replica_fields(t);
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

    /// Whether a database of the bundle has Terraform's master password in a secret of its own
    /// (a service has a database and a tier has read replicas: see
    /// [`Choices::self_managed_db_password`]).
    pub fn terraform_db_passwords(&self) -> bool {
        self.design
            .services
            .iter()
            .any(|s| kinds::Database.present(s))
            && !self.self_managed_db_password().is_empty()
    }

    /// Whether a service has Lambda functions.
    pub fn has_functions(&self) -> bool {
        self.design
            .services
            .iter()
            .any(|s| kinds::Lambda.present(s))
    }

    /// The fields that give tier `t`'s databases same-region read replicas: the tier's
    /// `read_replicas` (unless every service with a database overrides it there), and each
    /// service's override (`services[<service>].capacity.<tier>.db_read_replicas`).
    fn replica_fields(&self, t: &crate::design::Tier) -> Vec<String> {
        let databases = || {
            self.design
                .services
                .iter()
                .filter(|s| kinds::Database.present(s))
        };
        let overridden = |s: &crate::design::Service| {
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

    /// Skips of the same-region read replicas: those of the database, with the Multi-AZ check
    /// answered by `replica_multi_az` of the tiers that have replicas (their own or a
    /// service's).
    pub fn database_replicas(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
            .tiers
            .iter()
            .filter(|t| !t.database.replica_multi_az && !self.replica_fields(t).is_empty())
            .map(|t| format!("tiers[{}].database.replica_multi_az = false", t.name))
            .collect();
        let mut skips = skip(
            "CKV_AWS_157",
            &fields,
            "single-AZ read replicas: a replica is a copy already",
        );
        skips.extend(
            self.database()
                .into_iter()
                .filter(|(id, _)| id != "CKV_AWS_157"),
        );
        skips
    }

    /// Services of a kind (`api` or `worker`) whose containers have a writable root filesystem.
    pub fn writable_root(&self, worker: bool) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
            .services
            .iter()
            .filter(|s| {
                if worker {
                    kinds::Worker.present(s)
                } else {
                    kinds::Api.present(s)
                }
            })
            .filter(|s| {
                !self
                    .design
                    .security
                    .service(&s.name)
                    .read_only_root_filesystem
            })
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
    pub fn code_signing_off(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
            .services
            .iter()
            .filter(|s| kinds::Lambda.present(s))
            .filter(|s| {
                self.design.security.service(&s.name).lambda_code_signing == CodeSigning::Off
            })
            .map(|s| format!("security.services[{}].lambda_code_signing = off", s.name))
            .collect();
        skip(
            "CKV_AWS_272",
            &fields,
            "Lambda does not check the signature of the deployed code",
        )
    }

    /// IAM users exist (checkov prefers SSO to IAM users).
    pub fn iam_users(&self) -> Vec<Skip> {
        let users = &self.design.iam.users;
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
    pub fn public_function_urls(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
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
            .collect();
        skip(
            "CKV_AWS_258",
            &fields,
            "the function URL answers without authentication",
        )
    }

    /// `iam.users[<name>].access_key = true` for every user with a long-lived access key.
    pub fn access_keys(&self) -> Vec<String> {
        self.design
            .iam
            .users
            .iter()
            .filter(|u| u.access_key)
            .map(|u| format!("iam.users[{}].access_key = true", u.name))
            .collect()
    }

    /// Whether the buckets send their object events to EventBridge.
    pub fn bucket_events(&self) -> bool {
        self.design.security.s3_event_notifications
    }

    /// The `aws_s3_bucket_notification` named `name` (through `provider`, if given) that sends
    /// every object event of `bucket` (its id) to EventBridge, when the design asks for it;
    /// else the skip of the bucket's event-notification check.
    pub fn events(&self, name: &str, provider: Option<E>, bucket: E) -> (Option<Blk>, Vec<Skip>) {
        let notification = self.bucket_events().then(|| {
            resource("aws_s3_bucket_notification", name)
                .opt("provider", provider)
                .a("bucket", bucket)
                .a("eventbridge", b(true))
        });
        (notification, self.no_bucket_events())
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
        crate::plan::logs::has_dr(self.design)
    }

    /// Whether the bundle creates its own access-log buckets (the design names no existing
    /// ones).
    pub fn own_access_log_buckets(&self) -> bool {
        crate::plan::logs::own_buckets(self.design)
    }

    /// The existing bucket that receives the access logs in `region`, when the design names
    /// existing access-log buckets (validation makes sure every region has one).
    pub fn access_log_bucket(&self, region: &str) -> Option<&'a str> {
        crate::plan::logs::existing(self.design, region)
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
        crate::plan::logs::replicated(self.design)
    }

    /// The log bucket (region, name) in another region that the access logs of a bucket in
    /// `region` replicate to: the disaster-recovery region's state log bucket for the primary
    /// region, the primary region's for every other region. None without replication.
    pub fn log_archive(&self, region: &str) -> Option<(String, String)> {
        crate::plan::logs::archive(self.design, region)
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
        let fields = if self.design.security.access_log_replication {
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
        let fields: Vec<String> = self
            .design
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

    /// Whether some service's tables are global tables (a tier with `storage.tables.global`):
    /// then the `dynamodb-table` module can keep replicas and read a replica as its table.
    pub fn global_tables(&self) -> bool {
        self.design.tiers.iter().any(|t| t.storage.tables.global)
            && self.design.services.iter().any(|s| kinds::Table.present(s))
    }

    /// Tiers whose caches have no Multi-AZ automatic failover.
    pub fn no_cache_failover(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
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
    pub fn no_table_pitr(&self) -> Vec<Skip> {
        let fields: Vec<String> = self
            .design
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

    /// Whether some service has buckets or a static frontend (their access logs go to the state buckets' log
    /// buckets when the design names no existing ones), and the project name that starts
    /// their names.
    pub fn service_buckets(&self) -> (bool, &'a str) {
        let any = self
            .design
            .services
            .iter()
            .any(|s| kinds::Bucket.present(s) || kinds::Frontend.present(s));
        (any, &self.design.project)
    }

    /// `services[<name>].frontend` for every service with a static frontend.
    fn frontends(&self) -> Vec<String> {
        self.design
            .services
            .iter()
            .filter(|s| kinds::Frontend.present(s))
            .map(|s| format!("services[{}].frontend", s.name))
            .collect()
    }

    /// The frontends' buckets are not replicated: the site's files are the team's build
    /// output, uploaded again from it, and CloudFront is global (no second site in a
    /// disaster-recovery region).
    pub fn frontend_bucket_not_replicated(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_144",
            &self.frontends(),
            "a static frontend's files are the team's build output, uploaded again from it; versioning keeps their history and CloudFront is global",
        )
    }

    /// The frontends' access-log buckets keep ACLs: CloudFront's standard logging writes
    /// through an ACL grant.
    pub fn frontend_log_acls(&self) -> Vec<Skip> {
        skip(
            "CKV2_AWS_65",
            &self.frontends(),
            "CloudFront standard logging delivers access logs through the bucket ACL, so this log bucket keeps ACLs enabled (objects owned by the bucket owner)",
        )
    }

    /// Tiers without a domain serve a frontend on its `*.cloudfront.net` name with CloudFront's
    /// default certificate, which forces TLS 1.0 as the minimum.
    pub fn frontend_without_domain(&self) -> Vec<Skip> {
        if self.frontends().is_empty() {
            return Vec::new();
        }
        let fields = self.http_only();
        let why = "no domain, so no certificate of its own: CloudFront's default certificate accepts TLS 1.0";
        let mut skips = skip("CKV_AWS_174", &fields, why);
        skips.extend(skip("CKV2_AWS_42", &fields, why));
        skips
    }

    /// Tiers without WAF in front of their frontends.
    pub fn frontend_no_waf(&self) -> Vec<Skip> {
        if self.frontends().is_empty() {
            return Vec::new();
        }
        let fields = self.tiers(|t| (!t.waf).then(|| "waf = false".to_string()));
        let mut skips = skip(
            "CKV_AWS_68",
            &fields,
            "no AWS WAF web ACL in front of the distribution",
        );
        skips.extend(skip(
            "CKV2_AWS_47",
            &fields,
            "no AWS WAF web ACL (with its known-bad-inputs rules against Log4j) in front of the distribution",
        ));
        skips
    }

    /// Frontends have one origin: no failover origin group.
    pub fn frontend_no_failover(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_310",
            &self.frontends(),
            "one origin bucket, no origin failover group: the site is the team's build output in one region, served from CloudFront's cache",
        )
    }

    /// Frontends are served in every country.
    pub fn frontend_worldwide(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_374",
            &self.frontends(),
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
