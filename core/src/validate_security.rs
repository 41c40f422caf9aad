//! Rules for the design's `security` section and the names it derives (to be called from
//! `validate::validate`, which appends these diagnostics to its own).
//!
//! Errors are what would make the Terraform fail or do something else than the field says;
//! warnings are weaker choices a reviewer would ask about (each is also a `checkov:skip` in the
//! bundle).

use crate::design::{CodeSigning, Design};
use crate::diagnostic::Diagnostic;
use crate::kinds::{self, Kind};
use crate::plan::naming;

/// The longest DNS name.
const MAX_DNS_NAME: usize = 253;
/// The longest DNS label.
const MAX_DNS_LABEL: usize = 63;

/// JSON Pointer escaping of one reference token (`~` → `~0`, `/` → `~1`).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Whether `name` is a DNS name of lowercase labels (letters, digits, inner hyphens) with at
/// least two labels.
fn is_domain(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && name.len() <= MAX_DNS_NAME
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= MAX_DNS_LABEL
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Every problem of the security section, plus the bucket-name limit it adds.
pub fn validate_security(design: &Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sec = &design.security;

    for (name, tier) in &sec.tiers {
        let at = format!("/security/tiers/{}", token(name));
        if !design.tiers.iter().any(|t| &t.name == name) {
            out.push(
                Diagnostic::error(&at, format!("There is no tier named \"{name}\"."))
                    .with_hint("Use the name of one of the design's tiers, or remove the entry."),
            );
        }
        match &tier.domain {
            Some(domain) => {
                if !is_domain(domain) {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/domain"),
                            format!("\"{}\" is not a DNS domain.", crate::validate_text::shown(domain)),
                        )
                        .with_hint("Lowercase labels of letters, digits and inner hyphens, separated by dots, e.g. prod.example.com."),
                    );
                } else if let Some(longest) = design
                    .services
                    .iter()
                    .filter(|s| kinds::Api.present(s))
                    .map(|s| s.name.len())
                    .max()
                {
                    if longest + 1 + domain.len() > MAX_DNS_NAME {
                        out.push(Diagnostic::error(
                            format!("{at}/domain"),
                            "Service host names (<service>.<domain>) would exceed 253 characters.",
                        ));
                    }
                }
                // Without either, `apply` requests a certificate and waits up to 75 minutes for
                // validation records nobody creates, and nothing points the name at the API.
                if tier.route53_zone_id.is_none() && tier.certificate_arn.is_none() {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/route53_zone_id"),
                            format!("The domain \"{domain}\" needs a Route 53 zone or an existing certificate: otherwise apply waits up to 75 minutes for certificate validation records nobody creates, and no DNS record points <service>.{domain} at the load balancer."),
                        )
                        .with_hint("Set route53_zone_id to the public hosted zone of the domain (the bundle then validates the certificate and creates the alias records), or certificate_arn to an issued ACM certificate and create the DNS records yourself."),
                    );
                }
            }
            None => {
                if tier.certificate_arn.is_some() {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/certificate_arn"),
                            "A certificate needs a domain: without one the tier serves plain HTTP.",
                        )
                        .with_hint("Set the tier's domain, or remove certificate_arn."),
                    );
                }
                if tier.route53_zone_id.is_some() {
                    out.push(
                        Diagnostic::error(
                            format!("{at}/route53_zone_id"),
                            "A hosted zone needs a domain: it holds the certificate's validation records.",
                        )
                        .with_hint("Set the tier's domain, or remove route53_zone_id."),
                    );
                }
            }
        }
        if let Some(arn) = &tier.certificate_arn {
            if let Err(why) = crate::validate_text::certificate_arn(arn) {
                out.push(
                    Diagnostic::error(
                        format!("{at}/certificate_arn"),
                        format!(
                            "\"{}\" is not an ACM certificate ARN: {why}.",
                            crate::validate_text::shown(arn)
                        ),
                    )
                    .with_hint("arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>, e.g. arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b, in the tier's region."),
                );
            }
            // ACM certificates are regional: a load balancer uses one of its own region.
            let cert_region = arn.split(':').nth(3).unwrap_or_default();
            if let Some(other) = design
                .tiers
                .iter()
                .filter(|t| &t.name == name)
                .flat_map(|t| &t.regions)
                .find(|r| r.as_str() != cert_region)
            {
                out.push(
                    Diagnostic::error(
                        format!("{at}/certificate_arn"),
                        format!("The certificate is in region \"{}\", but the tier also deploys to {other}, whose load balancers can only use a certificate of their own region.", crate::validate_text::shown(cert_region)),
                    )
                    .with_hint("Use route53_zone_id instead (each region then requests and validates its own certificate), or keep certificate_arn for a single-region tier."),
                );
            }
        }
        if let Some(zone) = &tier.route53_zone_id {
            if !crate::validate_text::hosted_zone_id(zone) {
                out.push(
                    Diagnostic::error(
                        format!("{at}/route53_zone_id"),
                        format!(
                            "\"{}\" is not a Route 53 hosted zone ID.",
                            crate::validate_text::shown(zone)
                        ),
                    )
                    .with_hint(
                        "Z and up to 31 uppercase letters and digits, e.g. Z0123456789ABCDEFGHIJ.",
                    ),
                );
            }
        }
        if !tier.waf && tier.domain.is_some() {
            out.push(
                Diagnostic::warning(
                    format!("{at}/waf"),
                    "The tier's public HTTPS entry point has no AWS WAF in front of it.",
                )
                .with_hint("Set waf to true unless the tier is not reachable by the public."),
            );
        }
    }

    for (name, service) in &sec.services {
        let at = format!("/security/services/{}", token(name));
        let Some(s) = design.services.iter().find(|s| &s.name == name) else {
            out.push(
                Diagnostic::error(&at, format!("There is no service named \"{name}\".")).with_hint(
                    "Use the name of one of the design's services, or remove the entry.",
                ),
            );
            continue;
        };
        if !service.read_only_root_filesystem && kinds::runs_containers(s) {
            out.push(
                Diagnostic::warning(
                    format!("{at}/read_only_root_filesystem"),
                    "The service's containers may write to their root filesystem.",
                )
                .with_hint("Keep it read-only and write to /tmp, which stays writable."),
            );
        }
        for (i, path) in service.writable_paths.iter().enumerate() {
            if !path.starts_with('/') || path.contains(char::is_control) {
                out.push(Diagnostic::error(
                    format!("{at}/writable_paths/{i}"),
                    format!("\"{path}\" is not an absolute path."),
                ));
            } else if service.writable_paths[..i].contains(path) {
                out.push(Diagnostic::error(
                    format!("{at}/writable_paths/{i}"),
                    format!("\"{path}\" is listed twice."),
                ));
            }
        }
        if service.lambda_code_signing == CodeSigning::Off && kinds::Lambda.present(s) {
            out.push(
                Diagnostic::warning(
                    format!("{at}/lambda_code_signing"),
                    "Lambda does not check who signed the service's code.",
                )
                .with_hint("Use warn (the default) or enforce once your pipeline signs packages."),
            );
        }
    }

    for (i, service) in design.services.iter().enumerate() {
        for (j, lambda) in service.lambdas.iter().enumerate() {
            if !lambda.public_url {
                continue;
            }
            let at = format!("/services/{i}/lambdas/{j}/public_url");
            out.push(if lambda.function_url {
                Diagnostic::warning(
                    at,
                    format!(
                        "The function URL of \"{}\" answers anyone on the internet, without authentication.",
                        lambda.name.escape_debug()
                    ),
                )
                .with_hint("Keep IAM authentication (callers sign with SigV4) unless the function must be public.")
            } else {
                Diagnostic::warning(at, "A public URL needs a function URL: this setting has no effect.")
                    .with_hint("Turn on the function URL, or turn this off.")
            });
        }
    }
    for (i, user) in design.iam.users.iter().enumerate() {
        if user.access_key {
            out.push(
                Diagnostic::warning(
                    format!("/iam/users/{i}/access_key"),
                    format!(
                        "User \"{}\" gets a long-lived access key (kept in SSM Parameter Store and in the Terraform state).",
                        user.name.escape_debug()
                    ),
                )
                .with_hint("Keys never expire and can leak: prefer SSO for people and the CI role (GitHub OIDC) for pipelines."),
            );
        }
    }
    access_log_buckets(&mut out, design);
    let own_log_buckets = sec.access_log_buckets.is_empty();
    for (region, backend) in &design.backend.regions {
        let log_bucket = naming::LOG_BUCKET;
        if own_log_buckets && log_bucket.of(&backend.bucket).len() > log_bucket.max {
            out.push(
                Diagnostic::error(
                    format!("/backend/regions/{}/bucket", token(region)),
                    format!(
                        "The state bucket name is longer than {} characters: its access-log bucket \
\"{}\" would exceed S3's {}.",
                        log_bucket.max - log_bucket.suffix.len(),
                        log_bucket.of("<bucket>"),
                        log_bucket.max
                    ),
                )
                .with_hint("Shorten the bucket name."),
            );
        }
    }
    out
}

/// Existing access-log buckets: one per region of the design (deployments and state), each a
/// valid bucket name that is not a state bucket. Entries for other regions are unused.
fn access_log_buckets(out: &mut Vec<Diagnostic>, design: &Design) {
    let named = &design.security.access_log_buckets;
    if named.is_empty() {
        return;
    }
    let at = "/security/access_log_buckets";
    let regions = design.access_log_regions();
    for region in &regions {
        if !named.contains_key(*region) {
            out.push(
                Diagnostic::error(
                    at,
                    format!("No existing access-log bucket is named for region {region}."),
                )
                .with_hint(
                    "Name one for every region of the design, or none to let the bundle create its own.",
                ),
            );
        }
    }
    for (region, bucket) in named {
        let path = format!("{at}/{}", token(region));
        if !regions.contains(&region.as_str()) {
            out.push(
                Diagnostic::warning(
                    &path,
                    format!(
                        "\"{}\" is not a region of the design, so this bucket receives no logs.",
                        region.escape_debug()
                    ),
                )
                .with_hint("Remove the entry, or add the region."),
            );
        }
        if bucket.is_empty() {
            out.push(
                Diagnostic::error(&path, format!("No bucket is named for {region} yet."))
                    .with_hint("The name of an existing bucket in that region, e.g. acme-access-logs-eu-west-1."),
            );
            continue;
        }
        crate::validate_limits::bucket_name(out, &path, bucket);
        if let Some(state) = design
            .backend
            .regions
            .iter()
            .find(|(_, b)| &b.bucket == bucket)
            .map(|(r, _)| r)
        {
            out.push(
                Diagnostic::error(
                    &path,
                    format!(
                        "\"{bucket}\" is the state bucket of {state}: it would log its own access."
                    ),
                )
                .with_hint("Access logs go to a bucket of their own."),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::TierSecurity;
    use crate::diagnostic::Severity;

    /// The (severity, path) of every diagnostic of `design` after `change`.
    fn check(change: impl FnOnce(&mut Design), expected: &[(Severity, &str)]) {
        let mut design = crate::presets::get("sports-cards").expect("preset");
        change(&mut design);
        let found: Vec<(Severity, String)> = validate_security(&design)
            .into_iter()
            .map(|d| (d.severity, d.path))
            .collect();
        let expected: Vec<(Severity, String)> =
            expected.iter().map(|(s, p)| (*s, p.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn the_preset_is_clean_and_a_public_entry_without_waf_warns() {
        check(|_| {}, &[]);
        check(
            |d| d.security.tiers.get_mut("prod").expect("prod").waf = false,
            &[(Severity::Warning, "/security/tiers/prod/waf")],
        );
    }

    #[test]
    fn unknown_tiers_and_services_are_errors() {
        check(
            |d| {
                d.security
                    .tiers
                    .insert("qa/x".into(), TierSecurity::default());
                d.security
                    .services
                    .insert("ghost".into(), Default::default());
            },
            &[
                (Severity::Error, "/security/tiers/qa~1x"),
                (Severity::Error, "/security/services/ghost"),
            ],
        );
    }

    #[test]
    fn domains_certificates_and_zones_are_checked() {
        check(
            |d| {
                let prod = d.security.tiers.get_mut("prod").expect("prod");
                prod.domain = Some("Bad_Domain".into());
                prod.route53_zone_id = Some("z-1".into());
                let staging = d.security.tiers.get_mut("staging").expect("staging");
                staging.certificate_arn = Some("arn:aws:acm:us-east-1:1:certificate/x".into());
            },
            &[
                (Severity::Error, "/security/tiers/prod/domain"),
                (Severity::Error, "/security/tiers/prod/route53_zone_id"),
                // Not an ARN's shape (1-digit account, no UUID), and no domain.
                (Severity::Error, "/security/tiers/staging/certificate_arn"),
                (Severity::Error, "/security/tiers/staging/certificate_arn"),
            ],
        );
    }

    #[test]
    fn long_state_buckets_leave_no_room_for_their_log_bucket() {
        check(
            |d| {
                let b = d.backend.regions.get_mut("us-east-1").expect("region");
                b.bucket = "b".repeat(59);
            },
            &[(Severity::Error, "/backend/regions/us-east-1/bucket")],
        );
    }

    #[test]
    fn existing_access_log_buckets_cover_every_region_and_are_not_state_buckets() {
        let name = |d: &mut Design, region: &str, bucket: &str| {
            d.security
                .access_log_buckets
                .insert(region.into(), bucket.into());
        };
        check(
            |d| {
                name(d, "us-east-1", "acme-access-logs-use1");
                name(d, "us-west-2", "acme-access-logs-usw2");
            },
            &[],
        );
        check(
            |d| name(d, "us-east-1", "acme-access-logs-use1"),
            &[(Severity::Error, "/security/access_log_buckets")],
        );
        check(
            |d| {
                name(d, "us-east-1", "acme-access-logs-use1");
                name(d, "us-west-2", "");
            },
            &[(Severity::Error, "/security/access_log_buckets/us-west-2")],
        );
        check(
            |d| {
                name(d, "us-east-1", "Bad_Bucket");
                name(d, "us-west-2", "sports-cards-tfstate-us-west-2");
                name(d, "eu-west-9", "acme-logs");
            },
            &[
                (Severity::Warning, "/security/access_log_buckets/eu-west-9"),
                (Severity::Error, "/security/access_log_buckets/us-east-1"),
                (Severity::Error, "/security/access_log_buckets/us-west-2"),
            ],
        );
        // With existing log buckets, a long state bucket name no longer needs room for `-logs`.
        check(
            |d| {
                name(d, "us-east-1", "acme-access-logs-use1");
                name(d, "us-west-2", "acme-access-logs-usw2");
                let b = d.backend.regions.get_mut("us-east-1").expect("region");
                b.bucket = "b".repeat(62);
            },
            &[],
        );
    }

    #[test]
    fn a_public_function_url_is_an_opt_in_that_warns() {
        check(
            |d| {
                d.services[1].lambdas[0].public_url = true;
                d.services[1].lambdas[0].function_url = true;
                d.services[2].lambdas[0].public_url = true;
                d.services[2].lambdas[0].function_url = false;
            },
            &[
                (Severity::Warning, "/services/1/lambdas/0/public_url"),
                (Severity::Warning, "/services/2/lambdas/0/public_url"),
            ],
        );
    }

    #[test]
    fn an_access_key_is_an_opt_in_that_warns() {
        check(
            |d| d.iam.users[1].access_key = true,
            &[(Severity::Warning, "/iam/users/1/access_key")],
        );
    }

    #[test]
    fn domains() {
        assert!(is_domain("example.com"));
        assert!(is_domain("prod.sports-cards.example.com"));
        assert!(!is_domain("localhost"));
        assert!(!is_domain("-a.example.com"));
        assert!(!is_domain("a..com"));
        assert!(!is_domain("EXAMPLE.com"));
    }
}
