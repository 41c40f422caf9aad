//! Secure defaults the emitters share: the customer-managed KMS key every key of the bundle is
//! built from ([`kms_key`]), the TLS-only policy statements, and a bucket's object events or
//! the skip that names the field turning them off ([`Choices::events`]). The design's weaker
//! choices and their checkov skips are decided once in the plan ([`crate::plan::security`],
//! `Plan::security`), re-exported here for the emitters.

use crate::emit::hcl::{b, blk, call, list, n, obj, resource, s, strs, tpl, Blk, E, T};

pub use crate::plan::security::{Choices, Skip, SECURE_LOG_RETENTION_DAYS};

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

impl Choices {
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
}
