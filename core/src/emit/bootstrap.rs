//! `backend-bootstrap/`: the root that creates Terraform state storage — one S3 bucket and one
//! DynamoDB lock table per region of `design.backend` — with local state of its own.
//!
//! Every region gets a provider alias and resource names derived from the region name
//! (`us-east-1` → `us_east_1`), so adding a region never renames the resources of another.

use crate::design::Design;
use crate::emit::hcl::*;
use crate::emit::module::{terraform_block, HEADER, TERRAFORM_VERSION};
use crate::render;
use std::collections::BTreeSet;

/// The files of `backend-bootstrap/`, as (path relative to that folder, contents).
pub fn files(design: &Design) -> Vec<(String, String)> {
    let mut files = vec![("main.tf".to_string(), main_tf(design))];
    for (region, backend) in &design.backend.regions {
        files.push((
            format!("backend-{}.tf", file_stem(region)),
            render::file(
                Some(HEADER),
                &region_file(region, &backend.bucket, &backend.lock_table).body(),
            ),
        ));
    }
    files.push(("outputs.tf".to_string(), outputs_tf(design)));
    files.push(("README.md".to_string(), readme(design)));
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

fn main_tf(design: &Design) -> String {
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
    render::file(Some(HEADER), &main.body())
}

fn region_file(region: &str, bucket: &str, table: &str) -> File {
    let id = region_ident(region);
    let bucket_ref = |kind: &str, attr: &str| r(&format!("{kind}.{id}.{attr}"));
    let with_provider = |b: Blk| b.a("provider", provider_ref(region));
    let bucket_id = || bucket_ref("aws_s3_bucket", "id");

    let mut f = File::new();
    f.push(
        with_provider(resource("aws_s3_bucket", &id))
            .a("bucket", s(bucket))
            .a("force_destroy", b(false))
            .b(blk("lifecycle", &[]).a("prevent_destroy", b(true))),
    );
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
        .a("sse_algorithm", s("aws:kms")))),
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
        with_provider(data("aws_iam_policy_document", &format!("state_{id}"))).b(blk(
            "statement",
            &[],
        )
        .a("sid", s("DenyInsecureTransport"))
        .a("effect", s("Deny"))
        .a("actions", strs(["s3:*"]))
        .a(
            "resources",
            list([
                bucket_ref("aws_s3_bucket", "arn"),
                tpl(vec![T::X(bucket_ref("aws_s3_bucket", "arn")), T::L("/*")]),
            ]),
        )
        .b(blk("principals", &[])
            .a("type", s("*"))
            .a("identifiers", strs(["*"])))
        .b(blk("condition", &[])
            .a("test", s("Bool"))
            .a("variable", s("aws:SecureTransport"))
            .a("values", strs(["false"])))),
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
    f.push(
        with_provider(resource("aws_dynamodb_table", &id))
            .a("name", s(table))
            .a("billing_mode", s("PAY_PER_REQUEST"))
            .a("hash_key", s("LockID"))
            .a("deletion_protection_enabled", b(true))
            .b(blk("attribute", &[])
                .a("name", s("LockID"))
                .a("type", s("S")))
            .b(blk("point_in_time_recovery", &[]).a("enabled", b(true)))
            .b(blk("server_side_encryption", &[]).a("enabled", b(true)))
            .b(blk("lifecycle", &[]).a("prevent_destroy", b(true))),
    );
    f
}

fn outputs_tf(design: &Design) -> String {
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
        blk("output", &["lock_tables"])
            .a(
                "description",
                s("DynamoDB lock table of each region, by region name."),
            )
            .a("value", per_region("aws_dynamodb_table", "name")),
    );
    render::file(Some(HEADER), &out.body())
}

fn readme(design: &Design) -> String {
    let mut md = String::from("# backend-bootstrap\n\n");
    md.push_str(
        "Creates the Terraform state storage of every other root in this bundle: per region, a \
versioned S3 bucket (SSE-KMS with a bucket key, all public access blocked, bucket owner enforced, \
TLS-only bucket policy, noncurrent versions expire after 90 days) and a DynamoDB lock table \
(on demand, point-in-time recovery, encrypted, deletion protection). Bucket and table refuse \
`terraform destroy` (`prevent_destroy`).\n\n",
    );
    md.push_str("| Region | State bucket | Lock table | File |\n|---|---|---|---|\n");
    for (region, backend) in &design.backend.regions {
        md.push_str(&format!(
            "| {} | `{}` | `{}` | `backend-{}.tf` |\n",
            cell(region),
            cell(&backend.bucket),
            cell(&backend.lock_table),
            file_stem(region)
        ));
    }
    md.push_str(&format!(
        "\nThis root keeps its own state locally (`terraform.tfstate` in this folder): it creates \
the buckets every other root stores its state in, so it cannot use them before they exist.\n\n\
## Bootstrap (once per account)\n\n\
Needs Terraform `{TERRAFORM_VERSION}` and credentials allowed to manage S3 and DynamoDB.\n\n\
```sh\ncd backend-bootstrap\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
Keep `terraform.tfstate` safe (a password manager or a private, encrypted location; it holds no \
secrets but is the only record of these resources), or move it into the new bucket as shown \
below.\n\n\
## Then initialise the other roots\n\n\
Every root has a `backend.tf` naming the bucket of its region and its own state key, for \
example:\n\n```hcl\n{}```\n\n\
Run `terraform init` in each root (see the bundle's README for the order). The roots lock \
their state with S3 native locking (`use_lockfile = true`, Terraform 1.10 or later): a lock \
file next to the state object, no DynamoDB needed. The lock tables are here for teams still \
on an older Terraform, or tools that expect a DynamoDB lock; such a root uses \
`dynamodb_table = \"<lock table of its region>\"` in its `backend \"s3\"` block instead of \
`use_lockfile`.\n\n\
## Migrating\n\n\
- **A root with local state or another backend into its bucket:** keep its `backend.tf` as \
generated and run `terraform init -migrate-state`; Terraform copies the existing state into \
the bucket and asks for confirmation.\n\
- **From DynamoDB locking to S3 native locking:** set both `dynamodb_table` and \
`use_lockfile = true` in the root's backend block and run `terraform init -reconfigure`; \
Terraform then takes both locks, so older and newer clients exclude each other. Once every \
person and pipeline runs Terraform 1.10 or later, remove `dynamodb_table` and run \
`terraform init -reconfigure` again. When no root uses a lock table any more, remove it from \
this root (drop its `prevent_destroy` and `deletion_protection_enabled` first).\n\
- **This root's own state into S3 (optional):** after the first apply, add a `backend \"s3\"` \
block with the bucket of the first region and the key `backend-bootstrap/terraform.tfstate`, \
then run `terraform init -migrate-state`. Keep a copy of the local state file until the \
migration is verified.\n",
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
    f.push(
        blk("terraform", &[]).b(blk("backend", &["s3"])
            .a("bucket", s(bucket))
            .a("key", s("<service>/<region>/<tier>/terraform.tfstate"))
            .a("region", s(region))
            .a("encrypt", b(true))
            .a("use_lockfile", b(true))),
    );
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
        let files = files(&design);
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
        for (path, text) in &files {
            if path.ends_with(".tf") {
                assert!(hcl::parse(text).is_ok(), "{path} does not parse:\n{text}");
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
        let main = &files(&design)[0].1;
        assert_eq!(main.matches("Project").count(), 1, "{main}");
        assert!(main.contains("Project       = \"acme\""), "{main}");
        assert!(
            main.contains("\"cost:center\" = \"R&D \\\"labs\\\"\""),
            "{main}"
        );
        assert!(hcl::parse(main).is_ok(), "{main}");
    }
}
