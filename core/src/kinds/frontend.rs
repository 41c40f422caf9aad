//! The service's static frontend (S3 + CloudFront): whether a service has it, its design
//! rules, and what it adds to its deployment roots (module call, root variables, outputs, the
//! deployment key's policy, the provider in us-east-1), the docs and the designer.
//!
//! CloudFront is global: a service with only a frontend has no deployment in a
//! disaster-recovery region ([`Kind::global`]), and its root's README says so.

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Root, Wiring};
use crate::catalog;
use crate::cost::lines as cost;
use crate::design::{Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{key, var, Output, RootVar, UP, US_EAST_1};
use crate::markdown::text;
use crate::plan::naming;

/// A service's frontend, `cloudfront-site`: the bucket holding the site's files.
pub const SITE_BUCKET: naming::Composed = naming::Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "-site",
    max: 63,
};

/// The bucket receiving the frontend's CloudFront access logs.
pub const SITE_LOG_BUCKET: naming::Composed = naming::Composed {
    what: "S3 bucket name",
    prefix: "",
    suffix: "-site-logs",
    max: 63,
};

/// The frontend's response headers policy (letters, digits, `-` and `_`).
pub const SITE_HEADERS_POLICY: naming::Composed = naming::Composed {
    what: "CloudFront response headers policy name",
    prefix: "",
    suffix: "-security-headers",
    max: 128,
};

/// The frontend's origin access control.
pub const SITE_ORIGIN_ACCESS: naming::Composed = naming::Composed {
    what: "CloudFront origin access control name",
    prefix: "",
    suffix: "-site",
    max: 64,
};

/// The frontend's AWS WAF web ACL (scope `CLOUDFRONT`).
pub const SITE_WEB_ACL: naming::Composed = naming::Composed {
    what: "AWS WAF web ACL name",
    prefix: "",
    suffix: "-edge",
    max: 128,
};

/// The log group of the frontend's web ACL (WAF requires the `aws-waf-logs-` prefix).
pub const SITE_WAF_LOG_GROUP: naming::Composed = naming::Composed {
    what: "log group name",
    prefix: "aws-waf-logs-",
    suffix: "-edge",
    max: 512,
};

/// The service's static frontend.
pub struct Frontend;

/// The service a frontend's site calls, if any.
pub fn backend(service: &Service) -> Option<&str> {
    service.frontend.as_ref()?.backend.as_deref()
}

/// The calls between services that the platform diagram draws: (frontend service index, index
/// of the service whose API it calls), for every frontend that names a backend of the design.
pub fn edges(design: &crate::design::Design) -> Vec<(usize, usize)> {
    design
        .services
        .iter()
        .enumerate()
        .filter_map(|(fi, s)| {
            let name = backend(s)?;
            let bi = design.services.iter().position(|b| b.name == name)?;
            Some((fi, bi))
        })
        .collect()
}

/// AWS managed rule groups of a frontend's web ACL (`cloudfront-site`).
pub const WAF_MANAGED_RULE_GROUPS: u64 = 3;

impl Kind for Frontend {
    fn present(&self, service: &Service) -> bool {
        service.frontend.is_some()
    }

    fn field(&self) -> &'static str {
        "frontend"
    }

    fn label(&self) -> &'static str {
        "Frontend"
    }

    fn a(&self) -> &'static str {
        "a static frontend"
    }

    fn single(&self) -> bool {
        true
    }

    /// A static frontend is a service of its own.
    fn alone(&self) -> bool {
        true
    }

    fn first_field(&self, _number: usize) -> String {
        "/frontend/default_root_object".to_owned()
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        design.services.get_mut(index)?.frontend = Some(crate::design::Frontend::default());
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.frontend = None;
        }
    }

    fn what(&self, service: &Service, _number: usize) -> Option<String> {
        service.frontend.as_ref()?;
        Some("the static frontend".to_owned())
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 212,
            saturation: 87,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::CloudfrontSite]
    }

    fn global(&self) -> bool {
        true
    }

    /// The root object is an object key; a frontend is the whole service.
    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        let Some(f) = &service.frontend else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let root = &f.default_root_object;
        let ok = !root.is_empty()
            && root.len() <= 255
            && !root.starts_with('/')
            && root
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if !ok {
            out.push(
                Diagnostic::error(
                    format!("{base}/frontend/default_root_object"),
                    format!(
                        "\"{}\" is not an object name CloudFront can serve for /",
                        root.escape_debug()
                    ),
                )
                .with_hint("a file of the site without a leading slash, e.g. index.html"),
            );
        }
        let others: Vec<&str> = super::of(service)
            .filter(|k| !k.global())
            .filter_map(|k| k.chip(service, false).map(|c| c.class))
            .collect();
        if !others.is_empty() {
            out.push(
                Diagnostic::error(
                    format!("{base}/frontend"),
                    format!(
                        "a service with a frontend has no other building block (this one also has: {})",
                        others.join(", ")
                    ),
                )
                .with_hint("put the frontend in a service of its own and name the API's service in frontend.backend"),
            );
        }
        out
    }

    /// The backend names a service of the design that has an API; a tier with a domain needs
    /// its hosted zone (the certificate in us-east-1 is validated there).
    fn design_rules(&self, design: &Design, base: &str, service: &Service) -> Vec<Diagnostic> {
        if !self.present(service) {
            return Vec::new();
        }
        let mut out = Vec::new();
        if let Some(name) = backend(service) {
            let at = format!("{base}/frontend/backend");
            match design.services.iter().find(|s| s.name == name) {
                None => out.push(Diagnostic::error(
                    at,
                    format!("no service is called \"{}\"", name.escape_debug()),
                )),
                Some(s) if !super::Api.present(s) => out.push(
                    Diagnostic::error(
                        at,
                        format!("service \"{name}\" has no API for the site to call"),
                    )
                    .with_hint("name a service with an API"),
                ),
                Some(_) => {}
            }
        }
        for tier in &design.tiers {
            let sec = design.security.tier(&tier.name);
            if sec.domain.is_some() && sec.route53_zone_id.is_none() {
                out.push(
                    Diagnostic::error(
                        crate::diagnostic::pointer(&[
                            "security",
                            "tiers",
                            &tier.name,
                            "route53_zone_id",
                        ]),
                        format!(
                            "the frontend of service \"{}\" needs the hosted zone of tier {}'s domain: CloudFront's certificate is requested in us-east-1 and validated there",
                            service.name, tier.name
                        ),
                    )
                    .with_hint("give the tier's route53_zone_id (certificate_arn is the load balancers' certificate in the tier's region)"),
                );
            }
        }
        out
    }

    /// The tier's price class is one the catalog offers.
    fn tier_rules(&self, base: &str, tier: &Tier) -> Vec<Diagnostic> {
        let class = &tier.frontend.price_class;
        if catalog::CLOUDFRONT_PRICE_CLASSES.contains(&class.as_str()) {
            return Vec::new();
        }
        vec![Diagnostic::error(
            format!("{base}/frontend/price_class"),
            format!(
                "\"{}\" is not a CloudFront price class",
                class.escape_debug()
            ),
        )
        .with_hint(format!(
            "choose one of {}",
            catalog::CLOUDFRONT_PRICE_CLASSES.join(", ")
        ))]
    }

    /// The buckets (global to S3) and the names the module composes from the root's.
    fn names(&self, _service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        [
            SITE_BUCKET,
            SITE_LOG_BUCKET,
            SITE_ORIGIN_ACCESS,
            SITE_HEADERS_POLICY,
            SITE_WEB_ACL,
        ]
        .into_iter()
        .map(|c| Name::new("name", c, root))
        .collect()
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        service.frontend.as_ref()?;
        Some(Chip {
            class: "frontend",
            tint: self.tint(),
            label: "CloudFront site".into(),
        })
    }

    /// CloudFront, its bucket, and an arrow to the API the site calls.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let Some(f) = &layout.service.frontend else {
            return Vec::new();
        };
        let mut shapes = vec![
            Layout::node(
                COL[0],
                40,
                BW,
                "frontend",
                "CloudFront".into(),
                "/frontend/default_root_object".into(),
            ),
            Layout::node(
                COL[1],
                40,
                BW,
                "bucket",
                "S3 site".into(),
                "/frontend/spa".into(),
            ),
            Layout::edge((COL[0] + BW, 60), (COL[1], 60)),
        ];
        if let Some(b) = &f.backend {
            shapes.push(Layout::node(
                COL[2],
                40,
                BW,
                "api",
                format!("API {b}"),
                "/frontend/backend".into(),
            ));
            shapes.push(Layout::edge((COL[1] + BW, 60), (COL[2], 60)));
        }
        shapes
    }
}

impl Build for Frontend {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        let (tier, usage) = (root.tier, root.usage);
        // The price data has no CloudFront rows: the estimate names what it lacks. The WAF
        // lines are priced as the load balancers' are (the web ACL lives in us-east-1).
        l.missing(
            cost::Kind::Usage,
            "CloudFront requests and data transfer out",
            "module.frontend.aws_cloudfront_distribution.this",
            "cloudfront:requests",
            "million-requests",
            &format!("price class {}", tier.frontend.price_class),
        );
        l.buckets(
            usage,
            "module.frontend.aws_s3_bucket.this",
            2,
            "the site and its access logs",
        );
        if root.security.waf {
            l.kms(usage, "module.frontend.aws_kms_key.waf_logs");
            l.waf(
                usage,
                "module.frontend.aws_wafv2_web_acl.this",
                " (CloudFront)",
                &tier.name,
                WAF_MANAGED_RULE_GROUPS,
                "Common, Known bad inputs, IP reputation",
            );
            l.count_log_groups(1, "the web ACL's");
        }
    }
    fn cost_rank(&self) -> u8 {
        1
    }
    /// CloudFront's own metrics are not alarmed on.
    fn alarms(&self) -> bool {
        false
    }
    fn needs_us_east_1(&self) -> bool {
        true
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        let Some(f) = &root.service.frontend else {
            return Vec::new();
        };
        vec![blk("module", &["frontend"])
            .a("source", s(format!("{UP}/modules/cloudfront-site")))
            .a(
                "providers",
                obj_refs([("aws", r("aws")), (US_EAST_1, r(US_EAST_1))]),
            )
            .a("name", r("local.name"))
            .a("kms_key_arn", key())
            .a("default_root_object", s(f.default_root_object.as_str()))
            .a("spa", b(f.spa))
            .a("price_class", r("var.frontend_price_class"))
            .a("domain_name", r("var.domain_name"))
            .a("route53_zone_id", r("var.route53_zone_id"))
            .a("waf_enabled", r("var.waf_enabled"))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("noncurrent_version_days", r("var.noncurrent_version_days"))
            .a("access_logs_bucket", s(wiring.bucket_logs.as_str()))
            .a("access_logs_prefix", s(naming::BUCKET_LOG_PREFIX))]
    }
    /// The tier's host name, zone, WAF, price class and version days.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let sec = root.tier_security;
        let text = |v: Option<String>| v.map(s).unwrap_or_else(null);
        vec![
            var(
                "domain_name",
                ty::string(),
                "Host name of the site (a certificate in us-east-1); null serves the distribution's cloudfront.net name.",
                text(
                    sec.domain
                        .as_ref()
                        .map(|dom| format!("{}.{dom}", root.service.name)),
                ),
            ),
            var(
                "route53_zone_id",
                ty::string(),
                "Route 53 zone of the domain: certificate validation and alias records to the distribution.",
                text(sec.route53_zone_id.clone()),
            ),
            var(
                "waf_enabled",
                ty::bool(),
                "AWS WAF in front of the distribution.",
                b(sec.waf),
            ),
            var(
                "frontend_price_class",
                ty::string(),
                "CloudFront price class of the distribution.",
                s(root.tier.frontend.price_class.as_str()),
            ),
            var(
                "noncurrent_version_days",
                ty::number(),
                "Days an overwritten or deleted file version of the site is kept.",
                n(root.tier.storage.noncurrent_version_days.into()),
            ),
        ]
    }
    fn outputs(&self, _root: &Root) -> Vec<Output> {
        let out = |name: &str, description: &str, value: &str| Output {
            name: name.into(),
            description: description.into(),
            value: r(value),
        };
        vec![
            out("site_url", "URL of the site.", "module.frontend.url"),
            out(
                "site_bucket_name",
                "Bucket to upload the built site into (aws s3 sync).",
                "module.frontend.bucket_name",
            ),
            out(
                "site_distribution_id",
                "CloudFront distribution to invalidate after an upload.",
                "module.frontend.distribution_id",
            ),
        ]
    }
    /// CloudFront decrypts the site's objects for this distribution only; log delivery
    /// writes the encrypted access logs.
    fn key_statements(&self, _service: &Service) -> Vec<E> {
        vec![
            obj([
                ("Sid", s("CloudFrontDecryptsTheSite")),
                ("Effect", s("Allow")),
                (
                    "Principal",
                    obj([("Service", s("cloudfront.amazonaws.com"))]),
                ),
                ("Action", strs(["kms:Decrypt"])),
                ("Resource", s("*")),
                (
                    "Condition",
                    obj([(
                        "StringEquals",
                        obj([("AWS:SourceArn", r("module.frontend.distribution_arn"))]),
                    )]),
                ),
            ]),
            obj([
                ("Sid", s("CloudFrontLogDeliveryEncryptsTheLogs")),
                ("Effect", s("Allow")),
                (
                    "Principal",
                    obj([("Service", s("delivery.logs.amazonaws.com"))]),
                ),
                ("Action", strs(["kms:GenerateDataKey*"])),
                ("Resource", s("*")),
            ]),
        ]
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        let mut lines = vec![format!(
            "A static site: a private S3 bucket (`site_bucket_name`) served by CloudFront (origin access control, HTTPS only, security headers{})",
            if root.tier_security.waf {
                ", AWS WAF"
            } else {
                ""
            }
        )];
        if let Some(b) = backend(root.service) {
            let url = match &root.tier_security.domain {
                Some(domain) => format!("`https://{b}.{domain}`"),
                None => "the `api_url` output of its root in this tier and region".to_string(),
            };
            lines.push(format!(
                "The site calls the API of service {} at {url} (another origin: the API's code answers CORS requests from the site)",
                text(b)
            ));
        }
        lines
    }
    fn readme_sections(&self, root: &Root) -> String {
        let mut md = String::from(
            "\n## Publishing the site\n\nBuild the site, then upload it and invalidate the cache:\n\n```sh\naws s3 sync ./dist \"s3://$(terraform output -raw site_bucket_name)\" --delete\naws cloudfront create-invalidation --distribution-id \"$(terraform output -raw site_distribution_id)\" --paths '/*'\n```\n",
        );
        md.push_str(
            "\nCloudFront is global: its certificate, web ACL and the web ACL's logs are in us-east-1 \
(the provider `aws.us_east_1` of this root), and the tier's disaster-recovery region has no \
deployment of this service.\n",
        );
        if root.tier_security.domain.is_none() {
            md.push_str(
                "\nThe tier has no domain: the site answers on the distribution's `*.cloudfront.net` \
name, whose default certificate accepts TLS 1.0. Give the tier a domain and hosted zone for TLS 1.2 \
or later with a certificate of its own.\n",
            );
        }
        md
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let f = service.frontend.iter();
        f.map(|_| "CloudFront static site".to_string()).collect()
    }
    /// The viewer, CloudFront, the site bucket, and the API the site calls.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        if !self.present(service) {
            return Vec::new();
        }
        let mut lines = vec![
            "  cdn[\"CloudFront\"]".to_string(),
            "  site[(\"S3 site\")]".to_string(),
            "  cdn -->|origin access control| site".to_string(),
        ];
        if let Some(b) = backend(service) {
            let id = super::bucket::mermaid_id(&["backend", b]);
            lines.push(format!("  {id}[\"API of {b}\"]"));
            lines.push(format!("  cdn -.->|the site calls| {id}"));
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| Static frontends: a private S3 bucket (public access blocked, SSE-KMS with the \
deployment key, versioned, TLS-only) that only the service's CloudFront distribution reads through \
origin access control; HTTPS only with HSTS, nosniff, frame denial and a strict referrer policy; \
TLS 1.2 or later with the tier's domain (certificate in us-east-1); an AWS WAF web ACL (scope \
CLOUDFRONT) with AWS managed rules; access logs | Nobody reads the site's bucket but CloudFront, \
and viewers get the site over TLS with safe headers | `modules/cloudfront-site`; \
`security.tiers[].domain`, `security.tiers[].waf`, `tiers[].frontend.price_class` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the static sites' files and access logs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::Frontend as F;

    fn site(f: F) -> Service {
        Service {
            name: "web".into(),
            frontend: Some(f),
            ..Service::default()
        }
    }

    #[test]
    fn rules_point_at_the_field() {
        assert!(Frontend
            .rules("/services/0", &site(F::default()))
            .is_empty());
        for bad in ["", "/index.html", "a b.html"] {
            let got = Frontend.rules(
                "/services/0",
                &site(F {
                    default_root_object: bad.into(),
                    ..F::default()
                }),
            );
            assert_eq!(got.len(), 1, "{bad:?}");
            assert_eq!(got[0].path, "/services/0/frontend/default_root_object");
        }
        let mut both = site(F::default());
        both.queues.push(crate::design::Queue {
            name: "jobs".into(),
            visibility_timeout_seconds: 30,
            max_receive_count: 3,
            ..Default::default()
        });
        let got = Frontend.rules("/services/0", &both);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/services/0/frontend");
        assert!(got[0].message.contains("queue"), "{}", got[0].message);
    }

    #[test]
    fn the_price_class_comes_from_the_catalog() {
        let mut tier = Tier::default();
        assert!(Frontend.tier_rules("/tiers/0", &tier).is_empty());
        tier.frontend.price_class = "PriceClass_Cheap".into();
        let got = Frontend.tier_rules("/tiers/0", &tier);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/tiers/0/frontend/price_class");
    }
}
