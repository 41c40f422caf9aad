//! Issue 14: the services' private S3 buckets (`services[].buckets[]`), end to end: the roots
//! that make them, who may read and write them, where their access logs go, the design rules,
//! round trips through files and links.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{Bucket, Design, LambdaFunction, Service};
use tfdesign_core::{link, presets};

/// minimal with a second service; each service has a bucket, the first one also a function.
fn design() -> Design {
    let mut d = presets::minimal();
    d.services[0].buckets.push(Bucket {
        name: "uploads".into(),
    });
    d.services[0].lambdas.push(LambdaFunction {
        name: "thumbnails".into(),
        ..LambdaFunction::default()
    });
    let mut other = d.services[0].clone();
    other.name = "billing".into();
    other.lambdas.clear();
    other.buckets = vec![Bucket {
        name: "invoices".into(),
    }];
    d.services.push(other);
    d
}

#[test]
fn each_service_root_makes_its_own_buckets_for_its_own_roles() {
    let f = files(&design());
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];

    let uploads = module_block(web, "bucket_uploads");
    assert!(uploads.contains("source = \"../../../../modules/s3-bucket\""));
    assert!(uploads.contains("name                    = \"${local.name}-uploads\""));
    assert!(uploads.contains("kms_key_arn             = aws_kms_key.this.arn"));
    assert!(uploads.contains(
        "reader_writer_role_arns = [module.api.task_role_arn, module.lambda_thumbnails.role_arn]"
    ));
    assert!(uploads.contains("access_logs_bucket      = \"acme-tfstate-eu-west-1-logs\""));
    assert!(
        !web.contains("bucket_invoices"),
        "a service sees only its own buckets"
    );

    let invoices = module_block(billing, "bucket_invoices");
    assert!(invoices.contains("reader_writer_role_arns = [module.api.task_role_arn]"));
    assert!(!billing.contains("bucket_uploads"));

    // The code finds its buckets by name; the API's tasks may use the key that encrypts them.
    let api = module_block(web, "api");
    assert!(api.contains("BUCKET_UPLOADS = module.bucket_uploads.bucket_name"));
    assert!(api
        .lines()
        .any(|l| l.trim_start().starts_with("kms_key_arns ")
            && l.ends_with("= [aws_kms_key.this.arn]")));
    let function = module_block(web, "lambda_thumbnails");
    assert!(function.contains("BUCKET_UPLOADS = module.bucket_uploads.bucket_name"));

    // Retention of old versions per tier, in the tier's tfvars.
    assert!(f["environments/web-api/eu-west-1/dev/terraform.tfvars"]
        .lines()
        .any(|l| l.starts_with("noncurrent_version_days ") && l.ends_with("= 90")));
    assert!(f["environments/web-api/eu-west-1/dev/outputs.tf"]
        .contains("output \"bucket_uploads_name\""));

    // The module: private, encrypted with the given key, versioned, TLS only.
    let module = &f["modules/s3-bucket/main.tf"];
    for needle in [
        "block_public_policy     = true",
        "object_ownership = \"BucketOwnerEnforced\"",
        "sse_algorithm     = \"aws:kms\"",
        "kms_master_key_id = var.kms_key_arn",
        "status = \"Enabled\"",
        "noncurrent_days = var.noncurrent_version_days",
        "variable = \"aws:SecureTransport\"",
        "identifiers = statement.value",
    ] {
        assert!(module.contains(needle), "{needle}");
    }
    assert!(f.contains_key("modules/s3-bucket/README.md"));
}

#[test]
fn the_state_log_bucket_admits_the_service_buckets_only_when_there_are_some() {
    let sid = "S3ServerAccessLogsOfServiceBuckets";
    let with = files(&design());
    let bootstrap = &with["backend-bootstrap/backend-eu-west-1.tf"];
    assert!(bootstrap.contains(sid));
    assert!(bootstrap.contains("\"arn:*:s3:::acme-*\""));
    let without = files(&presets::minimal());
    assert!(!without["backend-bootstrap/backend-eu-west-1.tf"].contains(sid));
    assert!(!without.keys().any(|p| p.starts_with("modules/s3-bucket/")));
}

#[test]
fn a_named_log_bucket_receives_the_bucket_logs() {
    let mut d = design();
    d.security
        .access_log_buckets
        .insert("eu-west-1".into(), "acme-landing-zone-logs".into());
    let f = files(&d);
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    assert!(module_block(web, "bucket_uploads")
        .contains("access_logs_bucket      = \"acme-landing-zone-logs\""));
}

#[test]
fn event_notifications_follow_the_security_setting() {
    let mut d = design();
    let module = |d: &Design| files(d)["modules/s3-bucket/main.tf"].clone();
    let on = module(&d);
    assert!(on.contains("resource \"aws_s3_bucket_notification\" \"this\""));
    assert!(!on.contains("CKV2_AWS_62"));
    d.security.s3_event_notifications = false;
    let off = module(&d);
    assert!(!off.contains("aws_s3_bucket_notification"));
    assert!(off.contains("checkov:skip=CKV2_AWS_62:security.s3_event_notifications = false"));
}

#[test]
fn bucket_names_are_checked_after_composition() {
    let mut d = design();
    // `acme-dev-web-api-` + 40 characters: 57, fits; a longer service name pushes it over 63.
    d.services[0].buckets[0].name = "a".repeat(40);
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
    d.services[0].name = "web-api-and-more".into();
    let e = errors(&d);
    assert!(
        e.iter()
            .any(|(p, m)| p == "/services/0/buckets/0/name" && m.contains("63")),
        "{e:?}"
    );

    let mut d = design();
    d.services[0].buckets.push(Bucket {
        name: "uploads".into(),
    });
    assert_eq!(
        errors(&d),
        [(
            "/services/0/buckets/1/name".to_string(),
            "bucket \"uploads\" is defined twice".to_string()
        )]
    );
    let mut d = design();
    d.services[0].buckets[0].name = "Uploads".into();
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/services/0/buckets/0/name"));
    let mut d = design();
    d.tiers[0].storage.noncurrent_version_days = 0;
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/tiers/0/storage/noncurrent_version_days"));
}

#[test]
fn buckets_round_trip_through_files_and_links_and_stay_out_when_empty() {
    let mut d = design();
    d.tiers[0].storage.noncurrent_version_days = 30;
    let json = d.to_json();
    assert!(json.contains("\"buckets\"") && json.contains("\"noncurrent_version_days\": 30"));
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);

    // The seed's presets have no buckets and write neither section; saas-platform has both.
    for name in ["sports-cards", "minimal"] {
        let json = presets::get(name).unwrap().to_json();
        assert!(!json.contains("\"buckets\""), "{name}");
        assert!(!json.contains("\"storage\""), "{name}");
    }
    let saas = presets::get("saas-platform").unwrap().to_json();
    assert!(saas.contains("\"buckets\"") && saas.contains("\"storage\""));
    let empty = Service::default();
    assert!(!serde_json::to_string(&empty).unwrap().contains("buckets"));
}

#[test]
fn the_docs_draw_and_list_the_buckets() {
    let f = files(&design());
    assert!(f["ARCHITECTURE.md"].contains("- S3 uploads\n"));
    assert!(f["DIAGRAM.md"].contains("s3_uploads[(\"S3 uploads\")]"));
    assert!(f["DIAGRAM.md"].contains("api -->|read/write| s3_uploads"));
    assert!(f["ARCHITECTURE.md"].contains("| S3 buckets of the services:"));
    assert!(f["ARCHITECTURE.md"].contains("the objects of the service buckets"));
    let minimal = files(&presets::minimal());
    assert!(!minimal["ARCHITECTURE.md"].contains("S3 buckets of the services"));
}
