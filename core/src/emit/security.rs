//! The design's security choices that are weaker than the secure defaults (decided once in the
//! plan: [`crate::plan::security::Choices`], `Plan::security`), turned into
//! `# checkov:skip=<ID>:<reason>` comments whose reason names the design fields that chose them.
//!
//! A module is shared by every tier (and every service of its kind), so a skip goes into the
//! module when at least one tier or service made the weaker choice, and lists all of them.
//! Setting those fields to the secure value removes the skip.
//!
//! Also the customer-managed KMS key every key of the bundle is built from ([`kms_key`]) and
//! the TLS-only policy statements.

use crate::emit::hcl::{b, blk, call, list, n, obj, resource, s, strs, tpl, Blk, E, T};

pub use crate::plan::security::{Choices, SECURE_LOG_RETENTION_DAYS};

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

/// The checkov skips of the plan's security choices: each names the design fields that chose
/// the weaker setting, and is empty when none did.
impl Choices {
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
            &self.no_waf,
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
        let mut skips = skip(
            "CKV_AWS_157",
            &self.db_single_az,
            "no standby in a second availability zone",
        );
        skips.extend(skip(
            "CKV_AWS_133",
            &self.db_no_backups,
            "no automated backups",
        ));
        skips.extend(skip(
            "CKV_AWS_293",
            &self.db_no_deletion_protection,
            "the database can be deleted",
        ));
        skips.extend(skip(
            "CKV_AWS_353",
            &self.db_no_performance_insights,
            "no Performance Insights",
        ));
        skips
    }

    /// The master secret Terraform writes for a database with read replicas (same region or
    /// DR), rotated by Terraform on the first plan after each period rather than by a Secrets
    /// Manager rotation function (AWS's comes as a CloudFormation stack whose roles the
    /// bundle's permissions boundary cannot cover).
    pub fn self_managed_db_password(&self) -> Vec<Skip> {
        skip(
            "CKV2_AWS_57",
            &self.db_replica_passwords,
            "RDS cannot manage the master password of a database with read replicas; Terraform generates it and replaces it on the first plan after 30 days with time_rotating, no rotation Lambda",
        )
    }

    /// Skips of the same-region read replicas: those of the database, with the Multi-AZ check
    /// answered by `replica_multi_az` of the tiers that have replicas (their own or a
    /// service's).
    pub fn database_replicas(&self) -> Vec<Skip> {
        let mut skips = skip(
            "CKV_AWS_157",
            &self.db_single_az_replicas,
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
        let fields = if worker {
            &self.writable_root_worker
        } else {
            &self.writable_root_api
        };
        skip(
            "CKV_AWS_336",
            fields,
            "the container may write to its root filesystem",
        )
    }

    /// Services whose Lambda functions have no code signing.
    pub fn code_signing_off(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_272",
            &self.code_signing_off,
            "Lambda does not check the signature of the deployed code",
        )
    }

    /// IAM users exist (checkov prefers SSO to IAM users).
    pub fn iam_users(&self) -> Vec<Skip> {
        if self.iam_users.is_empty() {
            return Vec::new();
        }
        skip(
            "CKV_AWS_273",
            &[format!("iam.users = [{}]", self.iam_users.join(", "))],
            "IAM users instead of SSO; they get permissions only through groups and no access keys",
        )
    }

    /// Functions whose URL answers without authentication.
    pub fn public_function_urls(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_258",
            &self.public_function_urls,
            "the function URL answers without authentication",
        )
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
        skip(
            "CKV_AWS_144",
            &self.service_bucket_fields,
            "a service bucket is not replicated to another region; versioning keeps its history, and a disaster-recovery deployment has buckets of its own",
        )
    }

    /// Tiers whose caches have no Multi-AZ automatic failover.
    pub fn no_cache_failover(&self) -> Vec<Skip> {
        skip(
            "CKV2_AWS_50",
            &self.no_cache_failover,
            "no automatic failover to a replica in another availability zone",
        )
    }

    /// Tiers whose DynamoDB tables keep no continuous backups.
    pub fn no_table_pitr(&self) -> Vec<Skip> {
        skip(
            "CKV_AWS_28",
            &self.no_table_pitr,
            "the table keeps no continuous backups",
        )
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
            &self.no_waf,
            "no AWS WAF web ACL in front of the distribution",
        );
        skips.extend(skip(
            "CKV2_AWS_47",
            &self.no_waf,
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
