//! `backend-bootstrap/`: the root that creates Terraform state storage — per region of
//! `design.backend`, one S3 bucket and the KMS key (with the alias [`crate::plan::state_key_alias`]) every
//! backend block names — with local state of its own. Locking uses S3 lock files
//! (`use_lockfile`), so there is no DynamoDB table.
//!
//! Every region gets a provider alias and resource names derived from the region name
//! (`us-east-1` → `us_east_1`), so adding a region never renames the resources of another.

use crate::design::Design;
use crate::emit::hcl::*;
use crate::emit::module::{terraform_block, TERRAFORM_VERSION};
use crate::emit::security::{bucket_tls_only, kms_key, Choices};
use crate::emit::Content;
use crate::plan::state_key_alias;
use crate::render;
use std::collections::BTreeSet;

/// The files of `backend-bootstrap/`, as (path relative to that folder, contents), with the
/// design's security `choices` (its plan's).
pub fn files(design: &Design, choices: &Choices) -> Vec<(String, Content)> {
    let mut files = vec![("main.tf".to_string(), main_tf(design))];
    for (region, backend) in &design.backend.regions {
        let mut f = region_file(region, &backend.bucket, &design.project, choices);
        if choices.has_dr() {
            replication(&mut f, design, choices, region);
        }
        files.push((
            format!("backend-{}.tf", file_stem(region)),
            Content::Tf(f.body()),
        ));
    }
    files.push(("outputs.tf".to_string(), outputs_tf(design)));
    files.push(("README.md".to_string(), readme(design).into()));
    files
}

/// A valid Terraform identifier for a region: lowercase letters, digits and underscores,
/// starting with a letter (`us-east-1` → `us_east_1`). Used for provider aliases and resource
/// names.
pub fn region_ident(region: &str) -> String {
    let ident: String = region
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect();
    if ident.starts_with(|c: char| c.is_ascii_lowercase()) {
        ident
    } else {
        format!("region_{ident}")
    }
}

/// A file-name-safe form of a region (`us-east-1` stays as it is).
fn file_stem(region: &str) -> String {
    region
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Regions that need a provider: the design's regions in order, then any backend region the
/// design does not list.
fn provider_regions(design: &Design) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    let mut regions = Vec::new();
    let listed = design.regions.iter().map(|r| r.name.as_str());
    for region in listed.chain(design.backend.regions.keys().map(String::as_str)) {
        if seen.insert(region) {
            regions.push(region);
        }
    }
    regions
}

/// `aws.<alias>` of a region.
fn provider_ref(region: &str) -> E {
    r(&format!("aws.{}", region_ident(region)))
}

fn main_tf(design: &Design) -> Content {
    let standard = [
        ("Project", design.project.as_str()),
        ("ManagedBy", "terraform"),
        ("Environment", "shared"),
        ("Service", "terraform-state"),
    ];
    let mut tags: Vec<(String, E)> = standard
        .iter()
        .map(|(k, v)| (k.to_string(), s(*v)))
        .collect();
    for (k, v) in &design.tags {
        if !standard.iter().any(|(sk, _)| sk == k) {
            tags.push((k.clone(), s(v)));
        }
    }
    let tags = obj(tags);

    let mut main = File::new();
    main.push(terraform_block(&[]));
    for region in provider_regions(design) {
        main.push(
            blk("provider", &["aws"])
                .a("alias", s(region_ident(region)))
                .a("region", s(region))
                .b(blk("default_tags", &[]).a("tags", tags.clone())),
        );
    }
    Content::Tf(main.body())
}

/// Kept here while `security.rs` still names it by this path.
pub use crate::plan::log_bucket_name;

/// `<kind>.<region ident><suffix>.<attr>`.
fn reg(kind: &str, region: &str, suffix: &str, attr: &str) -> E {
    r(&format!("{kind}.{}{suffix}.{attr}", region_ident(region)))
}

fn region_file(region: &str, bucket: &str, project: &str, choices: &Choices) -> File {
    let id = region_ident(region);
    let logs = format!("{id}_logs");
    let bucket_ref = |kind: &str, attr: &str| r(&format!("{kind}.{id}.{attr}"));
    let logs_ref = |kind: &str, attr: &str| r(&format!("{kind}.{logs}.{attr}"));
    let with_provider = |b: Blk| b.a("provider", provider_ref(region));
    let bucket_id = || bucket_ref("aws_s3_bucket", "id");
    let logs_id = || logs_ref("aws_s3_bucket", "id");
    let key_arn = || bucket_ref("aws_kms_key", "arn");
    let account = || r(&format!("data.aws_caller_identity.{id}.account_id"));

    let mut f = File::new();
    f.push(with_provider(data("aws_caller_identity", &id)));
    f.push(with_provider(data("aws_partition", &id)));
    f.push(kms_key(
        &id,
        Some(provider_ref(region)),
        s(format!("Terraform state bucket in {region}")),
        (r(&format!("data.aws_partition.{id}.partition")), account()),
        Vec::new(),
    ));
    f.push(
        with_provider(resource("aws_kms_alias", &id))
            .a("name", s(state_key_alias(project)))
            .a("target_key_id", bucket_ref("aws_kms_key", "key_id")),
    );
    let (state_events, no_state_events) =
        choices.events(&id, Some(provider_ref(region)), bucket_id());
    f.push(
        with_provider(resource("aws_s3_bucket", &id))
            .skips(choices.no_state_replication())
            .skips(no_state_events)
            .a("bucket", s(bucket))
            .a("force_destroy", b(false))
            .b(blk("lifecycle", &[]).a("prevent_destroy", b(true))),
    );
    if let Some(events) = state_events {
        f.push(events);
    }
    f.push(
        with_provider(resource("aws_s3_bucket_versioning", &id))
            .a("bucket", bucket_id())
            .b(blk("versioning_configuration", &[]).a("status", s("Enabled"))),
    );
    f.push(
        with_provider(resource(
            "aws_s3_bucket_server_side_encryption_configuration",
            &id,
        ))
        .a("bucket", bucket_id())
        .b(blk("rule", &[]).a("bucket_key_enabled", b(true)).b(blk(
            "apply_server_side_encryption_by_default",
            &[],
        )
        .a("sse_algorithm", s("aws:kms"))
        .a("kms_master_key_id", key_arn()))),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_public_access_block", &id))
            .a("bucket", bucket_id())
            .a("block_public_acls", b(true))
            .a("block_public_policy", b(true))
            .a("ignore_public_acls", b(true))
            .a("restrict_public_buckets", b(true)),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_ownership_controls", &id))
            .a("bucket", bucket_id())
            .b(blk("rule", &[]).a("object_ownership", s("BucketOwnerEnforced"))),
    );
    f.push(
        with_provider(data("aws_iam_policy_document", &format!("state_{id}")))
            .b(bucket_tls_only(bucket_ref("aws_s3_bucket", "arn"))),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_policy", &id))
            .a("bucket", bucket_id())
            .a(
                "policy",
                r(&format!("data.aws_iam_policy_document.state_{id}.json")),
            )
            // S3 rejects a policy change while the public access block is being written.
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_public_access_block.{id}"))]),
            ),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_lifecycle_configuration", &id))
            .a("bucket", bucket_id())
            .b(blk("rule", &[])
                .a("id", s("expire-noncurrent-versions"))
                .a("status", s("Enabled"))
                .b(blk("filter", &[]))
                .b(blk("noncurrent_version_expiration", &[]).a("noncurrent_days", n(90)))
                .b(blk("abort_incomplete_multipart_upload", &[]).a("days_after_initiation", n(7))))
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_versioning.{id}"))]),
            ),
    );
    let logging = with_provider(resource("aws_s3_bucket_logging", &id)).a("bucket", bucket_id());
    f.push(match choices.access_log_bucket(region) {
        // An existing bucket may receive the logs of several buckets: a prefix per bucket.
        Some(existing) => logging
            .a("target_bucket", s(existing))
            .a("target_prefix", s(format!("{bucket}/"))),
        None => logging
            .a("target_bucket", logs_id())
            .a("target_prefix", s("state-bucket/"))
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_policy.{logs}"))]),
            ),
    });
    if choices.own_access_log_buckets() {
        own_log_bucket(&mut f, region, bucket, choices);
    }

    f
}

/// The access-log bucket of `region`'s state bucket `bucket` (SSE-S3, versioned, public access
/// blocked, TLS-only, logs kept a year), for designs that name no existing access-log buckets.
fn own_log_bucket(f: &mut File, region: &str, bucket: &str, choices: &Choices) {
    let id = region_ident(region);
    let logs = format!("{id}_logs");
    let bucket_ref = |kind: &str, attr: &str| r(&format!("{kind}.{id}.{attr}"));
    let logs_ref = |kind: &str, attr: &str| r(&format!("{kind}.{logs}.{attr}"));
    let with_provider = |b: Blk| b.a("provider", provider_ref(region));
    let logs_id = || logs_ref("aws_s3_bucket", "id");
    let account = || r(&format!("data.aws_caller_identity.{id}.account_id"));

    // The services' buckets (`<project>-…`) log here too.
    let (service_buckets, project) = choices.service_buckets();
    let (log_events, no_log_events) = choices.events(&logs, Some(provider_ref(region)), logs_id());
    f.push(
        with_provider(resource("aws_s3_bucket", &logs))
            .skips(no_log_events)
            .skips(choices.no_log_replication())
            .skips(choices.own_log_bucket("S3 server access logging"))
            .a("bucket", s(log_bucket_name(bucket)))
            .a("force_destroy", b(false)),
    );
    if let Some(events) = log_events {
        f.push(events);
    }
    f.push(
        with_provider(resource("aws_s3_bucket_versioning", &logs))
            .a("bucket", logs_id())
            .b(blk("versioning_configuration", &[]).a("status", s("Enabled"))),
    );
    f.push(
        with_provider(resource(
            "aws_s3_bucket_server_side_encryption_configuration",
            &logs,
        ))
        .a("bucket", logs_id())
        .b(blk("rule", &[]).b(
            blk("apply_server_side_encryption_by_default", &[]).a("sse_algorithm", s("AES256")),
        )),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_public_access_block", &logs))
            .a("bucket", logs_id())
            .a("block_public_acls", b(true))
            .a("block_public_policy", b(true))
            .a("ignore_public_acls", b(true))
            .a("restrict_public_buckets", b(true)),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_ownership_controls", &logs))
            .a("bucket", logs_id())
            .b(blk("rule", &[]).a("object_ownership", s("BucketOwnerEnforced"))),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_lifecycle_configuration", &logs))
            .a("bucket", logs_id())
            .b(blk("rule", &[])
                .a("id", s("expire-access-logs"))
                .a("status", s("Enabled"))
                .b(blk("filter", &[]))
                .b(blk("expiration", &[]).a("days", n(365)))
                .b(blk("noncurrent_version_expiration", &[]).a("noncurrent_days", n(1)))
                .b(blk("abort_incomplete_multipart_upload", &[]).a("days_after_initiation", n(1))))
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_versioning.{logs}"))]),
            ),
    );
    f.push(
        with_provider(data("aws_iam_policy_document", &logs))
            .b(blk("statement", &[])
                .a("sid", s("S3ServerAccessLogsDelivery"))
                .a("actions", strs(["s3:PutObject"]))
                .a(
                    "resources",
                    list([tpl(vec![
                        T::X(logs_ref("aws_s3_bucket", "arn")),
                        T::L("/state-bucket/*"),
                    ])]),
                )
                .b(blk("principals", &[])
                    .a("type", s("Service"))
                    .a("identifiers", strs(["logging.s3.amazonaws.com"])))
                .b(blk("condition", &[])
                    .a("test", s("ArnLike"))
                    .a("variable", s("aws:SourceArn"))
                    .a("values", list([bucket_ref("aws_s3_bucket", "arn")])))
                .b(blk("condition", &[])
                    .a("test", s("StringEquals"))
                    .a("variable", s("aws:SourceAccount"))
                    .a("values", list([account()]))))
            .ob(service_buckets.then(|| {
                blk("statement", &[])
                    .a("sid", s("S3ServerAccessLogsOfServiceBuckets"))
                    .a("actions", strs(["s3:PutObject"]))
                    .a(
                        "resources",
                        list([tpl(vec![
                            T::X(logs_ref("aws_s3_bucket", "arn")),
                            T::L("/"),
                            T::L(crate::plan::naming::BUCKET_LOG_PREFIX),
                            T::L("*"),
                        ])]),
                    )
                    .b(blk("principals", &[])
                        .a("type", s("Service"))
                        .a("identifiers", strs(["logging.s3.amazonaws.com"])))
                    .b(blk("condition", &[])
                        .a("test", s("ArnLike"))
                        .a("variable", s("aws:SourceArn"))
                        .a("values", strs([format!("arn:*:s3:::{project}-*")])))
                    .b(blk("condition", &[])
                        .a("test", s("StringEquals"))
                        .a("variable", s("aws:SourceAccount"))
                        .a("values", list([account()])))
            }))
            .b(bucket_tls_only(logs_ref("aws_s3_bucket", "arn"))),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_policy", &logs))
            .a("bucket", logs_id())
            .a(
                "policy",
                r(&format!("data.aws_iam_policy_document.{logs}.json")),
            )
            .a(
                "depends_on",
                list([r(&format!("aws_s3_bucket_public_access_block.{logs}"))]),
            ),
    );
}

/// The backend regions the state bucket of `region` replicates to: the primary region's to
/// every other backend region, the others to the primary's; `None` without a primary region.
pub(crate) fn replication_destinations<'a>(
    design: &'a Design,
    region: &str,
) -> Option<Vec<&'a str>> {
    let primary = design.primary_region()?;
    Some(if region == primary {
        design
            .backend
            .regions
            .keys()
            .map(String::as_str)
            .filter(|r| *r != primary)
            .collect()
    } else {
        vec![primary]
    })
}

/// Cross-region replication of `region`'s state bucket: the primary region's bucket
/// replicates to every other region's, the others to the primary's (state keys never collide:
/// each root's key names its region). Objects are re-encrypted with the destination's key.
fn replication(f: &mut File, design: &Design, choices: &Choices, region: &str) {
    let Some(destinations) = replication_destinations(design, region) else {
        return;
    };
    let id = region_ident(region);
    let name = format!("replication_{id}");
    let with_provider = |b: Blk| b.a("provider", provider_ref(region));
    let statement = |sid: &str, actions: &[&str], resources: Vec<E>| {
        blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(actions))
            .a("resources", list(resources))
    };
    let src_arn = || reg("aws_s3_bucket", region, "", "arn");
    let objects = |r: &str| tpl(vec![T::X(reg("aws_s3_bucket", r, "", "arn")), T::L("/*")]);
    let logs = choices.replicates_access_logs();
    let log_objects = |r: &str| {
        tpl(vec![
            T::X(reg("aws_s3_bucket", r, "_logs", "arn")),
            T::L("/*"),
        ])
    };

    f.push(
        with_provider(data("aws_iam_policy_document", &format!("{name}_assume"))).b(blk(
            "statement",
            &[],
        )
        .a("actions", strs(["sts:AssumeRole"]))
        .b(blk("principals", &[])
            .a("type", s("Service"))
            .a("identifiers", strs(["s3.amazonaws.com"])))),
    );
    f.push(
        with_provider(resource("aws_iam_role", &name))
            .a("name_prefix", s("tfstate-replication-"))
            .a(
                "description",
                s(format!(
                    "S3 replication of the Terraform state bucket in {region}"
                )),
            )
            .a(
                "assume_role_policy",
                r(&format!("data.aws_iam_policy_document.{name}_assume.json")),
            ),
    );
    f.push(
        with_provider(data("aws_iam_policy_document", &name))
            .b(statement(
                "ReadReplicationConfiguration",
                &["s3:GetReplicationConfiguration", "s3:ListBucket"],
                vec![src_arn()],
            ))
            .b(statement(
                "ReadSourceVersions",
                &[
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                ],
                vec![objects(region)],
            ))
            .b(statement(
                "WriteReplicas",
                &[
                    "s3:ReplicateObject",
                    "s3:ReplicateDelete",
                    "s3:ReplicateTags",
                ],
                destinations.iter().map(|d| objects(d)).collect(),
            ))
            .b(statement(
                "DecryptSource",
                &["kms:Decrypt"],
                vec![reg("aws_kms_key", region, "", "arn")],
            ))
            .b(statement(
                "EncryptReplicas",
                &["kms:Encrypt", "kms:GenerateDataKey"],
                destinations
                    .iter()
                    .map(|d| reg("aws_kms_key", d, "", "arn"))
                    .collect(),
            ))
            .ob(logs.then(|| {
                statement(
                    "ReadAccessLogReplicationConfiguration",
                    &["s3:GetReplicationConfiguration", "s3:ListBucket"],
                    vec![reg("aws_s3_bucket", region, "_logs", "arn")],
                )
            }))
            .ob(logs.then(|| {
                statement(
                    "ReadAccessLogVersions",
                    &[
                        "s3:GetObjectVersionForReplication",
                        "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging",
                    ],
                    vec![log_objects(region)],
                )
            }))
            .ob(logs.then(|| {
                statement(
                    "WriteAccessLogReplicas",
                    &["s3:ReplicateObject", "s3:ReplicateTags"],
                    destinations.iter().map(|d| log_objects(d)).collect(),
                )
            })),
    );
    f.push(
        with_provider(resource("aws_iam_role_policy", &name))
            .a("name", s("replicate-state"))
            .a("role", r(&format!("aws_iam_role.{name}.id")))
            .a(
                "policy",
                r(&format!("data.aws_iam_policy_document.{name}.json")),
            ),
    );
    let rules = destinations.iter().enumerate().map(|(i, d)| {
        blk("rule", &[])
            .a("id", s(format!("to-{d}")))
            .a("priority", n(i as i64 + 1))
            .a("status", s("Enabled"))
            .b(blk("filter", &[]))
            .b(blk("delete_marker_replication", &[]).a("status", s("Enabled")))
            .b(blk("source_selection_criteria", &[])
                .b(blk("sse_kms_encrypted_objects", &[]).a("status", s("Enabled"))))
            .b(blk("destination", &[])
                .a("bucket", reg("aws_s3_bucket", d, "", "arn"))
                .b(blk("encryption_configuration", &[])
                    .a("replica_kms_key_id", reg("aws_kms_key", d, "", "arn"))))
    });
    let mut versioned = vec![r(&format!("aws_s3_bucket_versioning.{id}"))];
    versioned.extend(
        destinations
            .iter()
            .map(|d| r(&format!("aws_s3_bucket_versioning.{}", region_ident(d)))),
    );
    f.push(
        with_provider(resource("aws_s3_bucket_replication_configuration", &id))
            .a("bucket", reg("aws_s3_bucket", region, "", "id"))
            .a("role", r(&format!("aws_iam_role.{name}.arn")))
            .bs(rules)
            // Replication needs versioning on both sides.
            .a("depends_on", list(versioned)),
    );
    if !logs {
        return;
    }
    // The access logs replicate to the other regions' log buckets too. Those replicate back,
    // but S3 never replicates a replica again, so the pair does not loop; the log buckets do
    // not log their own access, so replicas cause no new log records either. Log objects are
    // SSE-S3, so no key is involved; lifecycle expirations are not replicated, each bucket
    // expires its own copies.
    let log_rules = destinations.iter().enumerate().map(|(i, d)| {
        blk("rule", &[])
            .a("id", s(format!("access-logs-to-{d}")))
            .a("priority", n(i as i64 + 1))
            .a("status", s("Enabled"))
            .b(blk("filter", &[]))
            .b(blk("delete_marker_replication", &[]).a("status", s("Disabled")))
            .b(blk("destination", &[]).a("bucket", reg("aws_s3_bucket", d, "_logs", "arn")))
    });
    let mut versioned = vec![r(&format!("aws_s3_bucket_versioning.{id}_logs"))];
    versioned.extend(destinations.iter().map(|d| {
        r(&format!(
            "aws_s3_bucket_versioning.{}_logs",
            region_ident(d)
        ))
    }));
    f.push(
        with_provider(resource(
            "aws_s3_bucket_replication_configuration",
            &format!("{id}_logs"),
        ))
        .a("bucket", reg("aws_s3_bucket", region, "_logs", "id"))
        .a("role", r(&format!("aws_iam_role.{name}.arn")))
        .bs(log_rules)
        .a("depends_on", list(versioned)),
    );
}

fn outputs_tf(design: &Design) -> Content {
    let per_region = |kind: &str, attr: &str| {
        obj(design.backend.regions.keys().map(|region| {
            (
                region.clone(),
                r(&format!("{kind}.{}.{attr}", region_ident(region))),
            )
        }))
    };
    let mut out = File::new();
    out.push(
        blk("output", &["state_buckets"])
            .a(
                "description",
                s("State bucket of each region, by region name."),
            )
            .a("value", per_region("aws_s3_bucket", "bucket")),
    );
    out.push(
        blk("output", &["state_key_aliases"])
            .a(
                "description",
                s("Alias of the state key of each region (every backend block's kms_key_id), by region name."),
            )
            .a("value", per_region("aws_kms_alias", "name")),
    );
    Content::Tf(out.body())
}

fn readme(design: &Design) -> String {
    let alias = state_key_alias(&design.project);
    let mut md = String::from("# backend-bootstrap\n\n");
    md.push_str(&format!(
        "Creates the Terraform state storage of every other root in this bundle: per region, a \
versioned S3 bucket (SSE-KMS with a bucket key, all public access blocked, bucket owner enforced, \
TLS-only bucket policy, noncurrent versions expire after 90 days) and its customer-managed KMS key \
with the alias `{alias}`, which every backend block names (`kms_key_id`), so state is written \
with that key and reading it needs `kms:Decrypt` on it. The buckets refuse `terraform destroy` \
(`prevent_destroy`).\n\n"
    ));
    md.push_str("| Region | State bucket | Key alias | File |\n|---|---|---|---|\n");
    for (region, backend) in &design.backend.regions {
        md.push_str(&format!(
            "| {} | `{}` | `{}` | `backend-{}.tf` |\n",
            cell(region),
            cell(&backend.bucket),
            cell(&alias),
            file_stem(region)
        ));
    }
    md.push_str(&format!(
        "\nThis root keeps its own state locally (`terraform.tfstate` in this folder; the bundle's \
`.gitignore` keeps it out of git): it creates the buckets every other root stores its state in, so \
it cannot use them before they exist.\n\n\
## Bootstrap (once per account, by an administrator)\n\n\
Needs Terraform `{TERRAFORM_VERSION}` and credentials allowed to manage S3, KMS and IAM (the \
replication roles). Then an administrator applies `global/iam/` (see the bundle's README): the CI \
roles it creates cannot create themselves.\n\n\
```sh\ncd backend-bootstrap\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
Keep `terraform.tfstate` safe (a password manager or a private, encrypted location; it holds no \
secrets but is the only record of these resources), or move it into the new bucket as shown \
below.\n\n\
## Then initialise the other roots\n\n\
Every root has a `backend.tf` naming the bucket of its region, its own state key and the state \
key alias, for example:\n\n```hcl\n{}```\n\n\
Run `terraform init` in each root (see the bundle's README for the order). The roots lock \
their state with S3 native locking (`use_lockfile = true`, Terraform 1.10 or later): a lock \
file `<state key>.tflock` next to the state object, written and deleted by whoever plans or \
applies; no DynamoDB table is needed, so this root creates none.\n\n\
## Migrating\n\n\
- **A root with local state or another backend into its bucket:** keep its `backend.tf` as \
generated and run `terraform init -migrate-state`; Terraform copies the existing state into \
the bucket and asks for confirmation.\n\
- **State written before `kms_key_id` was set** (SSE-S3): run `terraform init -reconfigure` and \
any `terraform apply`; the next state write uses the key. Until then that object stays readable \
without the key.\n\
- **From DynamoDB locking:** earlier bundles created a lock table per region (design field \
`backend.regions.<region>.lock_table`, now ignored). The roots never used it (`use_lockfile`); \
remove it from that older state with `terraform state rm 'aws_dynamodb_table.<region ident>'` \
and delete the table in the console, or keep it: nothing reads it.\n\
- **This root's own state into S3 (optional):** after the first apply, add a `backend \"s3\"` \
block with the bucket of the first region, the key `backend-bootstrap/terraform.tfstate` and \
the `kms_key_id` above, then run `terraform init -migrate-state`. Keep a copy of the local state \
file until the migration is verified.\n",
        render::body(&example_backend(design).body())
    ));
    md
}

/// The `terraform { backend "s3" { … } }` block of a root in the first backend region.
fn example_backend(design: &Design) -> File {
    let (region, bucket) = design
        .backend
        .regions
        .iter()
        .next()
        .map(|(region, b)| (region.as_str(), b.bucket.as_str()))
        .unwrap_or(("us-east-1", "state-bucket"));
    let mut f = File::new();
    f.push(crate::emit::root::backend_block(
        bucket,
        "<service>/<region>/<tier>/terraform.tfstate",
        region,
        &design.project,
    ));
    f
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('`', "'")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(region: &str, expected: &str) {
        assert_eq!(region_ident(region), expected, "{region}");
    }

    #[test]
    fn region_identifiers_are_valid_and_stable() {
        check("us-east-1", "us_east_1");
        check("eu-west-1", "eu_west_1");
        check("US-GOV-West-1", "us_gov_west_1");
        check("1-odd", "region_1_odd");
        check("", "region_");
    }

    #[test]
    fn one_backend_file_per_region() {
        let design = crate::presets::get("sports-cards").expect("preset");
        let files = files(&design, &crate::plan::Plan::build(&design).security);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "main.tf",
                "backend-us-east-1.tf",
                "backend-us-west-2.tf",
                "outputs.tf",
                "README.md"
            ]
        );
        for (path, contents) in &files {
            if let Content::Tf(body) = contents {
                let text = render::body(body);
                assert!(hcl::parse(&text).is_ok(), "{path} does not parse:\n{text}");
            }
        }
    }

    #[test]
    fn design_tags_join_the_standard_tags_without_overriding_them() {
        let mut design = crate::presets::get("minimal").expect("preset");
        design.tags.insert("Project".into(), "other".into());
        design
            .tags
            .insert("cost:center".into(), "R&D \"labs\"".into());
        let Content::Tf(body) = &files(&design, &crate::plan::Plan::build(&design).security)[0].1
        else {
            panic!("main.tf is Terraform");
        };
        let main = &render::body(body);
        assert_eq!(main.matches("Project").count(), 1, "{main}");
        assert!(main.contains("Project       = \"acme\""), "{main}");
        assert!(
            main.contains("\"cost:center\" = \"R&D \\\"labs\\\"\""),
            "{main}"
        );
        assert!(hcl::parse(main).is_ok(), "{main}");
    }
}
