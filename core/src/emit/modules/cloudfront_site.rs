//! `modules/cloudfront-site`: a service's static frontend, a private S3 bucket served by
//! CloudFront.
//!
//! The bucket is private (public access blocked, ACLs disabled), versioned, SSE-KMS with the
//! deployment's key, TLS-only, and readable only by this distribution through origin access
//! control (SigV4 on every request; the bucket policy names the distribution's ARN, and the
//! key policy of the root lets CloudFront decrypt for that ARN only). The distribution serves
//! HTTPS only (HTTP redirects), with a response headers policy (HSTS, nosniff, frame options,
//! referrer policy), a default root object and, for a single-page app, the root object for
//! the paths S3 has no file for. CloudFront reads its certificate and its web ACL in
//! us-east-1 whatever the root's region, so those (the certificate, the AWS WAF web ACL of
//! scope `CLOUDFRONT`, its log group and that group's key) are made through the provider
//! `aws.us_east_1` the root passes in. Access logs go to a bucket of their own: CloudFront's
//! standard logging writes through an ACL grant, so that bucket keeps ACLs enabled.

use crate::catalog;
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::modules::s3_bucket::{self, Hardened};
use crate::emit::security::{bucket_tls_only, kms_key, Choices};
use crate::kinds::frontend::{
    SITE_BUCKET, SITE_HEADERS_POLICY, SITE_LOG_BUCKET, SITE_ORIGIN_ACCESS, SITE_WAF_LOG_GROUP,
    SITE_WEB_ACL,
};
use crate::plan::naming;

pub use crate::emit::root_parts::US_EAST_1;

/// The AWS managed cache policy for static files (compression, long TTLs, no cookies or query
/// strings in the key).
const CACHE_POLICY: &str = "Managed-CachingOptimized";

/// The origin id of the site bucket in the distribution.
const ORIGIN: &str = "site";

/// Where the access logs go in the log bucket.
const LOG_PREFIX: &str = "cloudfront/";

fn named(composed: naming::Composed) -> E {
    tpl(vec![
        T::L(composed.prefix),
        T::X(r("var.name")),
        T::L(composed.suffix),
    ])
}

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let domain = || op(r("var.domain_name"), Op::NotEq, null());
    let domain_on = || cond(domain(), n(1), n(0));
    let dist = |attr: &str| r(&format!("aws_cloudfront_distribution.this.{attr}"));
    let mut main = File::new();
    main.push(data("aws_caller_identity", "current"));
    main.push(data("aws_partition", "current"));

    // The site's files.
    s3_bucket::hardened(
        &mut main,
        choices,
        Hardened {
            id: "this",
            name: named(SITE_BUCKET),
            ownership: "BucketOwnerEnforced",
            bucket_skips: choices.frontend_bucket_not_replicated(),
            ownership_skips: Vec::new(),
            noncurrent_days: r("var.noncurrent_version_days"),
            expire_days: None,
        },
    );
    main.push(
        data("aws_iam_policy_document", "this")
            .b(blk("statement", &[])
                .a("sid", s("CloudFrontReadsTheSite"))
                .a("actions", strs(["s3:GetObject"]))
                .a(
                    "resources",
                    list([tpl(vec![T::X(r("aws_s3_bucket.this.arn")), T::L("/*")])]),
                )
                .b(blk("principals", &[])
                    .a("type", s("Service"))
                    .a("identifiers", strs(["cloudfront.amazonaws.com"])))
                .b(blk("condition", &[])
                    .a("test", s("StringEquals"))
                    .a("variable", s("AWS:SourceArn"))
                    .a("values", list([dist("arn")]))))
            .b(bucket_tls_only(r("aws_s3_bucket.this.arn"))),
    );
    main.push(
        resource("aws_s3_bucket_policy", "this")
            .a("bucket", r("aws_s3_bucket.this.id"))
            .a("policy", r("data.aws_iam_policy_document.this.json"))
            .a(
                "depends_on",
                list([r("aws_s3_bucket_public_access_block.this")]),
            ),
    );

    // The access logs: CloudFront's standard logging grants itself write access through the
    // bucket's ACL, so the bucket keeps ACLs (objects still owned by the bucket owner).
    s3_bucket::hardened(
        &mut main,
        choices,
        Hardened {
            id: "logs",
            name: named(SITE_LOG_BUCKET),
            ownership: "BucketOwnerPreferred",
            bucket_skips: choices.frontend_bucket_not_replicated(),
            ownership_skips: choices.frontend_log_acls(),
            noncurrent_days: n(1),
            expire_days: Some(r("var.log_retention_days")),
        },
    );
    main.push(
        data("aws_iam_policy_document", "logs").b(bucket_tls_only(r("aws_s3_bucket.logs.arn"))),
    );
    main.push(
        resource("aws_s3_bucket_policy", "logs")
            .a("bucket", r("aws_s3_bucket.logs.id"))
            .a("policy", r("data.aws_iam_policy_document.logs.json"))
            .a(
                "depends_on",
                list([r("aws_s3_bucket_public_access_block.logs")]),
            ),
    );

    main.push(
        resource("aws_cloudfront_origin_access_control", "this")
            .a("name", named(SITE_ORIGIN_ACCESS))
            .a(
                "description",
                s("CloudFront signs every request to the site bucket"),
            )
            .a("origin_access_control_origin_type", s("s3"))
            .a("signing_behavior", s("always"))
            .a("signing_protocol", s("sigv4")),
    );
    main.push(data("aws_cloudfront_cache_policy", "this").a("name", s(CACHE_POLICY)));
    main.push(
        resource("aws_cloudfront_response_headers_policy", "this")
            .a("name", named(SITE_HEADERS_POLICY))
            .a(
                "comment",
                s("HSTS, nosniff, frame denial and a strict referrer policy"),
            )
            .b(blk("security_headers_config", &[])
                .b(blk("strict_transport_security", &[])
                    .a("access_control_max_age_sec", n(63_072_000))
                    .a("include_subdomains", b(true))
                    .a("preload", b(true))
                    .a("override", b(true)))
                .b(blk("content_type_options", &[]).a("override", b(true)))
                .b(blk("frame_options", &[])
                    .a("frame_option", s("DENY"))
                    .a("override", b(true)))
                .b(blk("referrer_policy", &[])
                    .a("referrer_policy", s("strict-origin-when-cross-origin"))
                    .a("override", b(true)))),
    );

    certificate(&mut main);
    waf(&mut main, choices);

    let no_domain = choices.frontend_without_domain();
    main.push(
        resource("aws_cloudfront_distribution", "this")
            .skips(no_domain)
            .skips(choices.frontend_no_waf())
            .skips(choices.frontend_no_failover())
            .skips(choices.frontend_worldwide())
            .a("enabled", b(true))
            .a("is_ipv6_enabled", b(true))
            .a("http_version", s("http2and3"))
            .a("comment", tpl(vec![T::X(r("var.name")), T::L(" frontend")]))
            .a("default_root_object", r("var.default_root_object"))
            .a("price_class", r("var.price_class"))
            .a(
                "aliases",
                cond(domain(), list([r("var.domain_name")]), list([])),
            )
            .a(
                "web_acl_id",
                cond(
                    r("var.waf_enabled"),
                    r("aws_wafv2_web_acl.this[0].arn"),
                    null(),
                ),
            )
            .b(blk("origin", &[])
                .a(
                    "domain_name",
                    r("aws_s3_bucket.this.bucket_regional_domain_name"),
                )
                .a("origin_id", s(ORIGIN))
                .a(
                    "origin_access_control_id",
                    r("aws_cloudfront_origin_access_control.this.id"),
                ))
            .b(blk("default_cache_behavior", &[])
                .a("target_origin_id", s(ORIGIN))
                .a("viewer_protocol_policy", s("redirect-to-https"))
                .a("allowed_methods", strs(["GET", "HEAD", "OPTIONS"]))
                .a("cached_methods", strs(["GET", "HEAD"]))
                .a("compress", b(true))
                .a(
                    "cache_policy_id",
                    r("data.aws_cloudfront_cache_policy.this.id"),
                )
                .a(
                    "response_headers_policy_id",
                    r("aws_cloudfront_response_headers_policy.this.id"),
                ))
            // A single-page app: S3 answers 403 for a missing object (CloudFront may not list
            // the bucket) and the app's router answers the path.
            .b(blk("dynamic", &["custom_error_response"])
                .a(
                    "for_each",
                    cond(r("var.spa"), list([n(403), n(404)]), list([])),
                )
                .b(blk("content", &[])
                    .a("error_code", r("custom_error_response.value"))
                    .a("response_code", n(200))
                    .a(
                        "response_page_path",
                        tpl(vec![T::L("/"), T::X(r("var.default_root_object"))]),
                    )
                    .a("error_caching_min_ttl", n(10))))
            .b(blk("restrictions", &[])
                .b(blk("geo_restriction", &[]).a("restriction_type", s("none"))))
            .b(blk("viewer_certificate", &[])
                .a(
                    "cloudfront_default_certificate",
                    op(r("var.domain_name"), Op::Eq, null()),
                )
                .a("acm_certificate_arn", r("local.certificate_arn"))
                .a("ssl_support_method", cond(domain(), s("sni-only"), null()))
                .a(
                    "minimum_protocol_version",
                    cond(domain(), s("TLSv1.2_2021"), s("TLSv1")),
                ))
            .b(blk("logging_config", &[])
                .a("bucket", r("aws_s3_bucket.logs.bucket_domain_name"))
                .a("prefix", s(LOG_PREFIX))
                .a("include_cookies", b(false)))
            .a(
                "depends_on",
                list([
                    r("aws_s3_bucket_ownership_controls.logs"),
                    r("aws_s3_bucket_public_access_block.logs"),
                ]),
            ),
    );
    for kind in ["A", "AAAA"] {
        main.push(
            resource(
                "aws_route53_record",
                &format!("alias_{}", kind.to_lowercase()),
            )
            .a("count", domain_on())
            .a("zone_id", r("var.route53_zone_id"))
            .a("name", r("var.domain_name"))
            .a("type", s(kind))
            .b(blk("alias", &[])
                .a("name", dist("domain_name"))
                .a("zone_id", dist("hosted_zone_id"))
                .a("evaluate_target_health", b(false))),
        );
    }

    Module {
        name: "cloudfront-site",
        description: "A static website (a single-page app or plain files) served by CloudFront \
from a private S3 bucket: public access blocked, ACLs disabled, SSE-KMS with the given key (whose \
policy must let `cloudfront.amazonaws.com` decrypt for this distribution, and \
`delivery.logs.amazonaws.com` generate data keys for the logs), versioned, TLS-only, readable only \
by this distribution through origin access control (SigV4, always). HTTPS only (HTTP redirects), \
security headers (HSTS, nosniff, frame denial, referrer policy), `default_root_object`, and with \
`spa` the root object with status 200 for paths that have no file. With `domain_name`, an ACM \
certificate in us-east-1 validated in `route53_zone_id`, TLS 1.2 or later, and alias A/AAAA \
records; without it, the `*.cloudfront.net` name (CloudFront then accepts TLS 1.0). With \
`waf_enabled`, an AWS WAF web ACL of scope CLOUDFRONT with AWS managed rule groups, its logs in a \
KMS-encrypted log group in us-east-1. Access logs in a bucket of their own (ACLs enabled for \
CloudFront's log delivery); both buckets' server access logs go to `access_logs_bucket`. The \
caller passes the providers `aws` and `aws.us_east_1`. Upload the built site into `bucket_name` \
and invalidate `distribution_id`.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Name of the deployment; the buckets, the web ACL and the policies are named \
from it.",
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "ARN of the customer-managed KMS key (in the root's region) that encrypts both \
buckets.",
            ),
            Var::opt(
                "default_root_object",
                ty::string(),
                "Object served for `/`.",
                s("index.html"),
            ),
            Var::opt(
                "spa",
                ty::bool(),
                "A single-page app: paths without a file get the root object with status 200.",
                b(true),
            ),
            Var::opt(
                "price_class",
                ty::string(),
                "CloudFront price class.",
                s(catalog::CLOUDFRONT_PRICE_CLASSES[0]),
            )
            .validate(
                call(
                    "contains",
                    vec![
                        strs(catalog::CLOUDFRONT_PRICE_CLASSES),
                        r("var.price_class"),
                    ],
                ),
                "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All.",
            ),
            Var::opt(
                "domain_name",
                ty::string(),
                "Host name the site answers on (e.g. `web.example.com`); null: only the \
distribution's `*.cloudfront.net` name.",
                null(),
            ),
            Var::opt(
                "route53_zone_id",
                ty::string(),
                "Public Route 53 hosted zone of `domain_name`: the certificate's validation \
records and the alias records go there. Needed with `domain_name`.",
                null(),
            )
            .validate(
                op(
                    op(r("var.domain_name"), Op::Eq, null()),
                    Op::Or,
                    op(r("var.route53_zone_id"), Op::NotEq, null()),
                ),
                "route53_zone_id is needed with domain_name (the certificate is validated there).",
            ),
            Var::opt(
                "waf_enabled",
                ty::bool(),
                "An AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) with AWS managed rule \
groups in front of the distribution.",
                b(true),
            ),
            Var::opt(
                "log_retention_days",
                ty::number(),
                "Days the web ACL's logs and the CloudFront access logs are kept.",
                n(365),
            ),
            Var::opt(
                "noncurrent_version_days",
                ty::number(),
                "Days an overwritten or deleted file version of the site is kept.",
                n(90),
            ),
            Var::req(
                "access_logs_bucket",
                ty::string(),
                "Name of the bucket that receives the server access logs of both buckets (its \
policy must let `logging.s3.amazonaws.com` write under `access_logs_prefix`).",
            ),
            Var::opt(
                "access_logs_prefix",
                ty::string(),
                "Prefix of the server access-log objects, followed by the bucket name and `/`.",
                s("buckets/"),
            ),
        ],
        outputs: vec![
            Output::new(
                "bucket_name",
                "Name of the bucket to upload the built site into.",
                r("aws_s3_bucket.this.id"),
            ),
            Output::new(
                "distribution_id",
                "Id of the CloudFront distribution (for invalidations after an upload).",
                dist("id"),
            ),
            Output::new(
                "distribution_arn",
                "ARN of the CloudFront distribution.",
                dist("arn"),
            ),
            Output::new(
                "url",
                "URL of the site.",
                tpl(vec![
                    T::L("https://"),
                    T::X(cond(domain(), r("var.domain_name"), dist("domain_name"))),
                ]),
            ),
            Output::new(
                "logs_bucket_name",
                "Name of the bucket holding CloudFront's access logs (under `cloudfront/`).",
                r("aws_s3_bucket.logs.id"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec!["us_east_1"],
    }
}

/// With `domain_name`: its certificate in us-east-1 (where CloudFront reads certificates),
/// validated through DNS in `route53_zone_id`; `local.certificate_arn` (null without).
fn certificate(main: &mut File) {
    let on = || cond(op(r("var.domain_name"), Op::NotEq, null()), n(1), n(0));
    main.push(
        resource("aws_acm_certificate", "this")
            .a("provider", r(US_EAST_1))
            .a("count", on())
            .a("domain_name", r("var.domain_name"))
            .a("validation_method", s("DNS"))
            .b(blk("lifecycle", &[]).a("create_before_destroy", b(true))),
    );
    let f = hcl::expr::ForExpr::new(
        hcl::Identifier::sanitized("o"),
        call(
            "flatten",
            vec![r("aws_acm_certificate.this[*].domain_validation_options")],
        ),
        r("o"),
    )
    .with_key_expr(r("o.domain_name"));
    main.push(
        resource("aws_route53_record", "validation")
            .a("for_each", hcl::Expression::ForExpr(Box::new(f)))
            .a("zone_id", r("var.route53_zone_id"))
            .a("name", r("each.value.resource_record_name"))
            .a("type", r("each.value.resource_record_type"))
            .a("records", list([r("each.value.resource_record_value")]))
            .a("ttl", n(60))
            .a("allow_overwrite", b(true)),
    );
    main.push(
        resource("aws_acm_certificate_validation", "this")
            .a("provider", r(US_EAST_1))
            .a("count", on())
            .a("certificate_arn", r("aws_acm_certificate.this[0].arn"))
            .a(
                "validation_record_fqdns",
                for_list("rec", r("aws_route53_record.validation"), r("rec.fqdn")),
            ),
    );
    main.push(blk("locals", &[]).a(
        "certificate_arn",
        call(
            "one",
            vec![r("aws_acm_certificate_validation.this[*].certificate_arn")],
        ),
    ));
}

/// The optional web ACL (scope CLOUDFRONT, in us-east-1) with AWS managed rule groups, and its
/// logs in a log group of us-east-1 encrypted with a key of that region.
fn waf(main: &mut File, choices: &Choices) {
    let on = || cond(r("var.waf_enabled"), n(1), n(0));
    let visibility = |metric: E| {
        blk("visibility_config", &[])
            .a("cloudwatch_metrics_enabled", b(true))
            .a("metric_name", metric)
            .a("sampled_requests_enabled", b(true))
    };
    let managed = |priority: i64, name: &str| {
        blk("rule", &[])
            .a("name", s(name))
            .a("priority", n(priority))
            .b(blk("override_action", &[]).b(blk("none", &[])))
            .b(
                blk("statement", &[]).b(blk("managed_rule_group_statement", &[])
                    .a("name", s(name))
                    .a("vendor_name", s("AWS"))),
            )
            .b(visibility(s(name)))
    };
    main.push(
        resource("aws_wafv2_web_acl", "this")
            .a("provider", r(US_EAST_1))
            .a("count", on())
            .a("name", named(SITE_WEB_ACL))
            .a(
                "description",
                s("Static frontend: AWS managed common, known-bad-inputs and IP reputation rules"),
            )
            .a("scope", s("CLOUDFRONT"))
            .b(blk("default_action", &[]).b(blk("allow", &[])))
            .b(managed(1, "AWSManagedRulesCommonRuleSet"))
            .b(managed(2, "AWSManagedRulesKnownBadInputsRuleSet"))
            .b(managed(3, "AWSManagedRulesAmazonIpReputationList"))
            .b(visibility(named(SITE_WEB_ACL))),
    );
    let logs = || {
        tpl(vec![
            T::L("arn:"),
            T::X(r("data.aws_partition.current.partition")),
            T::L(":logs:"),
            T::L(catalog::CLOUDFRONT_REGION),
            T::L(":"),
            T::X(r("data.aws_caller_identity.current.account_id")),
            T::L(":log-group:"),
            T::X(named(SITE_WAF_LOG_GROUP)),
        ])
    };
    let statement = obj([
        ("Sid", s("CloudWatchLogsEncryptsTheWebAclLogs")),
        ("Effect", s("Allow")),
        (
            "Principal",
            obj([(
                "Service",
                s(format!("logs.{}.amazonaws.com", catalog::CLOUDFRONT_REGION)),
            )]),
        ),
        (
            "Action",
            strs([
                "kms:Encrypt*",
                "kms:Decrypt*",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:Describe*",
            ]),
        ),
        ("Resource", s("*")),
        (
            "Condition",
            obj([(
                "ArnEquals",
                obj([("kms:EncryptionContext:aws:logs:arn", logs())]),
            )]),
        ),
    ]);
    main.push(
        kms_key(
            "waf_logs",
            Some(r(US_EAST_1)),
            tpl(vec![
                T::L("Web ACL logs of "),
                T::X(r("var.name")),
                T::L(" (us-east-1)"),
            ]),
            (
                r("data.aws_partition.current.partition"),
                r("data.aws_caller_identity.current.account_id"),
            ),
            vec![statement],
        )
        .counted(Some(on())),
    );
    main.push(
        resource("aws_cloudwatch_log_group", "waf")
            .skips(choices.short_log_retention())
            .a("provider", r(US_EAST_1))
            .a("count", on())
            .a("name", named(SITE_WAF_LOG_GROUP))
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("aws_kms_key.waf_logs[0].arn")),
    );
    main.push(
        resource("aws_wafv2_web_acl_logging_configuration", "this")
            .a("provider", r(US_EAST_1))
            .a("count", on())
            .a("resource_arn", r("aws_wafv2_web_acl.this[0].arn"))
            .a(
                "log_destination_configs",
                list([r("aws_cloudwatch_log_group.waf[0].arn")]),
            ),
    );
}
