//! Issue 15: the services' static frontends (`services[].frontend`, `tiers[].frontend`), end to
//! end: the root that makes one (and none in the DR region), the bucket only CloudFront reads,
//! the us-east-1 provider, certificate and web ACL, the design rules, round trips, docs.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{Design, Frontend, Service};
use tfdesign_core::{link, presets};

/// saas-platform: `web` is its frontend, calling `accounts`.
fn design() -> Design {
    presets::saas_platform()
}

fn web(d: &Design) -> usize {
    d.services
        .iter()
        .position(|s| s.name == "web")
        .expect("web")
}

#[test]
fn the_frontend_deploys_once_per_tier_with_no_dr_copy() {
    let f = files(&design());
    for tier in ["dev", "staging", "prod"] {
        let main = &f[&format!("environments/web/us-east-1/{tier}/main.tf")];
        let call = module_block(main, "frontend");
        for needle in [
            "source = \"../../../../modules/cloudfront-site\"",
            "aws.us_east_1 = aws.us_east_1",
            "kms_key_arn             = aws_kms_key.this.arn",
            "default_root_object     = \"index.html\"",
            "spa                     = true",
        ] {
            assert!(call.contains(needle), "{tier}: {needle}\n{call}");
        }
        // The deployment key lets CloudFront decrypt for this distribution only.
        assert!(main.contains("CloudFrontDecryptsTheSite"));
        assert!(
            main.contains("\"AWS:SourceArn\" = module.frontend.distribution_arn"),
            "{main}"
        );
        let providers = &f[&format!("environments/web/us-east-1/{tier}/providers.tf")];
        assert!(providers.contains("alias  = \"us_east_1\""), "{providers}");
        assert!(providers.contains("region = \"us-east-1\""));
    }
    // CloudFront is global: no root of the service in the standby region.
    assert!(!f
        .keys()
        .any(|p| p.starts_with("environments/web/us-east-2/")));
    assert!(f
        .keys()
        .any(|p| p.starts_with("environments/accounts/us-east-2/")));
    // Other services have no us-east-1 alias.
    assert!(!f["environments/accounts/us-east-1/prod/providers.tf"].contains("alias"));
}

#[test]
fn the_module_keeps_the_bucket_private_to_its_distribution() {
    let f = files(&design());
    let main = &f["modules/cloudfront-site/main.tf"];
    for needle in [
        "signing_behavior                  = \"always\"",
        "signing_protocol                  = \"sigv4\"",
        "identifiers = [\"cloudfront.amazonaws.com\"]",
        "variable = \"AWS:SourceArn\"",
        "viewer_protocol_policy     = \"redirect-to-https\"",
        "minimum_protocol_version       = var.domain_name != null ? \"TLSv1.2_2021\" : \"TLSv1\"",
        "scope       = \"CLOUDFRONT\"",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "response_page_path    = \"/${var.default_root_object}\"",
        "object_ownership = \"BucketOwnerEnforced\"",
        "block_public_policy     = true",
    ] {
        assert!(main.contains(needle), "{needle}");
    }
    // Every us-east-1 part goes through the aliased provider.
    for kind in [
        "aws_acm_certificate\" \"this",
        "aws_wafv2_web_acl\" \"this",
        "aws_cloudwatch_log_group\" \"waf",
        "aws_kms_key\" \"waf_logs",
    ] {
        let start = main.find(&format!("resource \"{kind}\"")).expect(kind);
        let block = &main[start..start + main[start..].find("\n}\n").unwrap()];
        assert!(block.contains("provider = aws.us_east_1"), "{kind}");
    }
    let versions = &f["modules/cloudfront-site/versions.tf"];
    assert!(
        versions.contains("configuration_aliases = [aws.us_east_1]"),
        "{versions}"
    );
    // Prod has the domain: its site answers on web.<domain> with TLS 1.2.
    let tfvars = &f["environments/web/us-east-1/prod/terraform.tfvars"];
    assert!(
        tfvars.contains("\"web.app.acme-saas.example.com\""),
        "{tfvars}"
    );
    let dev = &f["environments/web/us-east-1/dev/terraform.tfvars"];
    assert!(dev.contains("domain_name") && dev.contains("null"));
}

#[test]
fn skips_name_the_fields_that_chose_them() {
    let f = files(&design());
    let main = &f["modules/cloudfront-site/main.tf"];
    assert!(main.contains("checkov:skip=CKV_AWS_174:security.tiers[dev].domain unset, security.tiers[staging].domain unset"), "{main}");
    assert!(main.contains("checkov:skip=CKV_AWS_68:security.tiers[dev].waf = false"));
    assert!(main.contains("checkov:skip=CKV_AWS_310:services[web].frontend"));
    // With a domain and WAF in every tier, neither skip is left.
    let mut d = design();
    for t in ["dev", "staging"] {
        let sec = d.security.tiers.get_mut(t).unwrap();
        sec.domain = Some(format!("{t}.acme-saas.example.com"));
        sec.route53_zone_id = Some("Z0987654321ZYXWVUTSRQ".into());
        sec.waf = true;
    }
    let f = files(&d);
    let main = &f["modules/cloudfront-site/main.tf"];
    assert!(!main.contains("CKV_AWS_174") && !main.contains("CKV_AWS_68:"));
}

#[test]
fn rules_point_at_the_fields() {
    let mut d = design();
    let i = web(&d);
    d.services[i].frontend.as_mut().unwrap().backend = Some("media".into());
    assert_eq!(
        errors(&d),
        [(
            format!("/services/{i}/frontend/backend"),
            "service \"media\" has no API for the site to call".to_string()
        )]
    );
    let mut d = design();
    d.services[i].frontend.as_mut().unwrap().backend = Some("nobody".into());
    assert_eq!(errors(&d)[0].0, format!("/services/{i}/frontend/backend"));
    let mut d = design();
    d.services[i].api = d.services[0].api.clone();
    assert!(errors(&d)
        .iter()
        .any(|(p, m)| p == &format!("/services/{i}/frontend") && m.contains("api")));
    let mut d = design();
    d.tiers[0].frontend.price_class = "PriceClass_1".into();
    assert_eq!(errors(&d)[0].0, "/tiers/0/frontend/price_class");
    // A domain without a hosted zone cannot validate CloudFront's certificate in us-east-1.
    let mut d = design();
    let prod = d.security.tiers.get_mut("prod").unwrap();
    prod.route53_zone_id = None;
    prod.certificate_arn = Some(
        "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
            .into(),
    );
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/security/tiers/prod/route53_zone_id"));
}

#[test]
fn frontends_round_trip_and_stay_out_when_absent() {
    let mut d = design();
    let i = web(&d);
    d.services[i].frontend = Some(Frontend {
        spa: false,
        default_root_object: "home.html".into(),
        backend: None,
    });
    d.tiers[2].frontend.price_class = "PriceClass_All".into();
    let json = d.to_json();
    assert!(json.contains("\"default_root_object\": \"home.html\""));
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    for name in ["sports-cards", "minimal"] {
        let json = presets::get(name).unwrap().to_json();
        assert!(!json.contains("\"frontend\""), "{name}");
    }
    // A service of only a frontend reads from a file with the defaults.
    let s: Service =
        serde_json::from_str(r#"{"name": "site", "cost_codes": {}, "frontend": {}}"#).unwrap();
    assert_eq!(s.frontend, Some(Frontend::default()));
}

#[test]
fn the_docs_draw_the_site_and_its_api() {
    let f = files(&design());
    let diagram = &f["DIAGRAM.md"];
    assert!(
        diagram.contains("cdn -->|origin access control| site"),
        "{diagram}"
    );
    assert!(diagram.contains("cdn -.->|the site calls| backend_accounts"));
    let readme = &f["environments/web/us-east-1/prod/README.md"];
    assert!(readme.contains("## Publishing the site"), "{readme}");
    assert!(readme.contains("no deployment of this service"));
    assert!(f["ARCHITECTURE.md"].contains("modules/cloudfront-site"));
}
