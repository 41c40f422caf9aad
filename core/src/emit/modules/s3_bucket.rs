//! `modules/s3-bucket`: a private S3 bucket for a service's code.
//!
//! Public access blocked and ACLs disabled, SSE-KMS with the deployment's key (S3 Bucket Keys
//! on), versioned, noncurrent versions expiring after `noncurrent_version_days`, server access
//! logs to a log bucket, TLS-only, and a bucket policy that names the roles allowed to read and
//! write objects: the service's own task and function roles, nobody else (in the same account,
//! a bucket policy naming a role grants it without any identity policy). The bucket's object
//! events go to EventBridge unless the design turned that off.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::{bucket_tls_only, Choices, Skip};

/// What the service's roles may do on the bucket (list, locate) and on its objects.
const BUCKET_ACTIONS: &[&str] = &["s3:GetBucketLocation", "s3:ListBucket"];
const OBJECT_ACTIONS: &[&str] = &[
    "s3:AbortMultipartUpload",
    "s3:DeleteObject",
    "s3:GetObject",
    "s3:ListMultipartUploadParts",
    "s3:PutObject",
];

/// A private bucket `aws_s3_bucket.<id>` with the hardening every bucket of a service gets:
/// object events (or the skip that names the design field turning them off), public access
/// blocked, object ownership `ownership`, versioning, SSE-KMS with `var.kms_key_arn` and an S3
/// Bucket Key, noncurrent versions expiring after `noncurrent_days` (current ones after
/// `expire_days`, if given), incomplete multipart uploads aborted after 7 days, and server
/// access logs to `var.access_logs_bucket` under `var.access_logs_prefix`. Its policy is the
/// caller's (who may read it).
pub struct Hardened<'a> {
    /// The resources' name (`aws_s3_bucket.<id>`).
    pub id: &'a str,
    /// The bucket name.
    pub name: E,
    /// `BucketOwnerEnforced` (ACLs disabled) or, for a log bucket written through ACLs,
    /// `BucketOwnerPreferred`.
    pub ownership: &'a str,
    /// Skips on the bucket after the events' (the design fields that chose no replication).
    pub bucket_skips: Vec<Skip>,
    /// Skips on the ownership controls (the design field that needs ACLs).
    pub ownership_skips: Vec<Skip>,
    /// Days a noncurrent version is kept.
    pub noncurrent_days: E,
    /// Days a current object is kept, if it expires.
    pub expire_days: Option<E>,
}

/// Pushes the resources of `bucket` (see [`Hardened`]) into `main`.
pub fn hardened(main: &mut File, choices: &Choices, bucket: Hardened) {
    let id = bucket.id;
    let this = |attr: &str| r(&format!("aws_s3_bucket.{id}.{attr}"));
    let (events, mut skips) = choices.events(id, None, this("id"));
    skips.extend(bucket.bucket_skips);
    main.push(
        resource("aws_s3_bucket", id)
            .skips(skips)
            .a("bucket", bucket.name)
            .a("force_destroy", b(false)),
    );
    if let Some(events) = events {
        main.push(events);
    }
    main.push(
        resource("aws_s3_bucket_public_access_block", id)
            .a("bucket", this("id"))
            .a("block_public_acls", b(true))
            .a("block_public_policy", b(true))
            .a("ignore_public_acls", b(true))
            .a("restrict_public_buckets", b(true)),
    );
    main.push(
        resource("aws_s3_bucket_ownership_controls", id)
            .skips(bucket.ownership_skips)
            .a("bucket", this("id"))
            .b(blk("rule", &[]).a("object_ownership", s(bucket.ownership))),
    );
    main.push(
        resource("aws_s3_bucket_versioning", id)
            .a("bucket", this("id"))
            .b(blk("versioning_configuration", &[]).a("status", s("Enabled"))),
    );
    main.push(
        resource("aws_s3_bucket_server_side_encryption_configuration", id)
            .a("bucket", this("id"))
            .b(blk("rule", &[])
                .b(blk("apply_server_side_encryption_by_default", &[])
                    .a("sse_algorithm", s("aws:kms"))
                    .a("kms_master_key_id", r("var.kms_key_arn")))
                .a("bucket_key_enabled", b(true))),
    );
    main.push(
        resource("aws_s3_bucket_lifecycle_configuration", id)
            .a("bucket", this("id"))
            .b(blk("rule", &[])
                .a("id", s("expire-noncurrent-versions"))
                .a("status", s("Enabled"))
                .b(blk("filter", &[]))
                .ob(bucket
                    .expire_days
                    .map(|days| blk("expiration", &[]).a("days", days)))
                .b(blk("noncurrent_version_expiration", &[])
                    .a("noncurrent_days", bucket.noncurrent_days))
                .b(blk("abort_incomplete_multipart_upload", &[]).a("days_after_initiation", n(7))))
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_versioning.{id}"))]),
            ),
    );
    main.push(
        resource("aws_s3_bucket_logging", id)
            .a("bucket", this("id"))
            .a("target_bucket", r("var.access_logs_bucket"))
            .a(
                "target_prefix",
                tpl(vec![
                    T::X(r("var.access_logs_prefix")),
                    T::X(this("id")),
                    T::L("/"),
                ]),
            ),
    );
}

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let this = |attr: &str| r(&format!("aws_s3_bucket.this.{attr}"));
    let objects = || tpl(vec![T::X(this("arn")), T::L("/*")]);
    let mut main = File::new();
    hardened(
        &mut main,
        choices,
        Hardened {
            id: "this",
            name: r("var.name"),
            ownership: "BucketOwnerEnforced",
            bucket_skips: choices.no_bucket_replication(),
            ownership_skips: Vec::new(),
            noncurrent_days: r("var.noncurrent_version_days"),
            expire_days: None,
        },
    );
    // A statement with no principal is refused: none without roles.
    let grant = |sid: &str, actions: &[&str], resources: E| {
        blk("dynamic", &["statement"])
            .a(
                "for_each",
                cond(
                    op(
                        call("length", vec![r("var.reader_writer_role_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    list([r("var.reader_writer_role_arns")]),
                    list([]),
                ),
            )
            .b(blk("content", &[])
                .a("sid", s(sid))
                .a("actions", strs(actions))
                .a("resources", resources)
                .b(blk("principals", &[])
                    .a("type", s("AWS"))
                    .a("identifiers", r("statement.value"))))
    };
    main.push(
        data("aws_iam_policy_document", "this")
            .b(grant(
                "ServiceRolesListTheBucket",
                BUCKET_ACTIONS,
                list([this("arn")]),
            ))
            .b(grant(
                "ServiceRolesReadAndWriteObjects",
                OBJECT_ACTIONS,
                list([objects()]),
            ))
            .b(bucket_tls_only(this("arn"))),
    );
    main.push(
        resource("aws_s3_bucket_policy", "this")
            .a("bucket", this("id"))
            .a("policy", r("data.aws_iam_policy_document.this.json"))
            .a(
                "depends_on",
                list([r("aws_s3_bucket_public_access_block.this")]),
            ),
    );

    Module {
        name: "s3-bucket",
        description: "A private S3 bucket for a service's code: public access blocked, ACLs \
disabled (bucket owner enforced), SSE-KMS with the given customer-managed key (S3 Bucket Keys), \
versioning with noncurrent versions expiring after `noncurrent_version_days`, incomplete \
multipart uploads aborted after 7 days, server access logs to `access_logs_bucket`, a bucket \
policy that denies every request without TLS and lets only `reader_writer_role_arns` list the \
bucket and read, write and delete its objects (those roles also need `kms:Decrypt` and \
`kms:GenerateDataKey` on the key), and object events to Amazon EventBridge unless the design \
turned them off. The bucket refuses `terraform destroy` while it holds objects.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Bucket name, global to S3: 3 to 63 lowercase letters, digits and dashes.",
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "ARN of the customer-managed KMS key that encrypts the objects.",
            ),
            Var::opt(
                "reader_writer_role_arns",
                ty::list_string(),
                "ARNs of the IAM roles that may list the bucket and read, write and delete its \
objects (the service's task and function roles); nobody else may.",
                list([]),
            ),
            Var::opt(
                "noncurrent_version_days",
                ty::number(),
                "Days an overwritten or deleted object version is kept before it expires.",
                n(90),
            ),
            Var::req(
                "access_logs_bucket",
                ty::string(),
                "Name of the bucket that receives the server access logs (its policy must let \
`logging.s3.amazonaws.com` write under `access_logs_prefix`).",
            ),
            Var::opt(
                "access_logs_prefix",
                ty::string(),
                "Prefix of the access-log objects, followed by the bucket name and `/`.",
                s("buckets/"),
            ),
        ],
        outputs: vec![
            Output::new("bucket_name", "Name of the bucket.", this("id")),
            Output::new("bucket_arn", "ARN of the bucket.", this("arn")),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}
