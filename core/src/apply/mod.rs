//! Apply-time rules: AWS constraints that `terraform validate` cannot see, each taken from the
//! AWS (or provider) documentation it names, so that a bundle that validates also survives its
//! first `terraform apply`, its first pull request and its first failover.
//!
//! Two kinds, one table ([`RULES`]):
//! - **design** rules ([`design`]) are about what the user typed: run by
//!   [`crate::validate::validate`] with the other design rules, at a JSON Pointer;
//! - **bundle** rules ([`bundle`]) are about what the generator emits: run on the Terraform
//!   bodies of any bundle (the designer's generated bodies, or text parsed back), at
//!   `file:line`, so that a generator regression is caught before a user's first apply.
//!
//! Every finding carries its rule id and documentation URL (`Diagnostic::rule`, `doc`).

pub mod bundle;
mod eval;

use crate::design::Design;
use crate::diagnostic::Diagnostic;

/// Marks a diagnostic as found by an apply-time rule. The rules live here, so the diagnostic
/// type does not reach into them.
pub trait FoundBy {
    /// The same diagnostic, found by the apply-time rule `id` (with its documentation).
    fn with_rule(self, id: &str) -> Diagnostic;
}

impl FoundBy for Diagnostic {
    fn with_rule(mut self, id: &str) -> Diagnostic {
        self.rule = Some(id.to_string());
        self.doc = rule(id).map(|r| r.doc.to_string());
        self
    }
}

/// Where a rule looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The design: findings point at a field (JSON Pointer).
    Design,
    /// The generated Terraform: findings point at `file:line`.
    Bundle,
}

/// One apply-time rule.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable id, shown with every finding.
    pub id: &'static str,
    /// What must hold, in a sentence.
    pub title: &'static str,
    /// The documentation the rule comes from.
    pub doc: &'static str,
    /// Where it looks.
    pub level: Level,
}

/// Every apply-time rule.
pub const RULES: &[Rule] = &[
    Rule {
        id: "sqs-visibility-covers-function-timeout",
        title: "A queue that triggers a Lambda function has a visibility timeout at least the function's timeout (Lambda refuses the event source mapping otherwise).",
        doc: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
        level: Level::Design,
    },
    Rule {
        id: "sqs-visibility-six-times-function-timeout",
        title: "A queue that triggers a Lambda function has a visibility timeout of at least six times the function's timeout (AWS recommends it, so throttled batches are retried before they reappear).",
        doc: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
        level: Level::Design,
    },
    Rule {
        id: "acm-validation-needs-zone-or-certificate",
        title: "A tier domain has a Route 53 hosted zone for the DNS validation records or an existing certificate; otherwise apply waits up to 75 minutes for records nobody creates.",
        doc: "https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html",
        level: Level::Design,
    },
    Rule {
        id: "rds-managed-password-no-replicas",
        title: "A DB instance with manage_master_user_password is not the source of a read replica, in the same root or in another region (RDS rejects the replica).",
        doc: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations",
        level: Level::Bundle,
    },
    Rule {
        id: "root-reads-only-its-region",
        title: "A deployment root reads no other region (no data source or provider alias in another region): a disaster-recovery root must plan while the primary region is down.",
        doc: "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_withstand_component_failures_static_stability.html",
        level: Level::Bundle,
    },
    Rule {
        id: "github-oidc-subject-pinned",
        title: "A GitHub OIDC trust policy pins token.actions.githubusercontent.com:sub to refs or environments, never repo:<owner>/<repo>:*.",
        doc: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub",
        level: Level::Bundle,
    },
    Rule {
        id: "s3-backend-names-kms-key",
        title: "An S3 backend with encrypt = true names its KMS key (kms_key_id); without it state is written with SSE-S3 and the key does not gate it.",
        doc: "https://developer.hashicorp.com/terraform/language/backend/s3",
        level: Level::Bundle,
    },
    Rule {
        id: "apply-policy-covers-roles",
        title: "Every IAM role and instance profile the deployment roots create is covered by the apply policy in global/ (PowerUserAccess denies every IAM write), and no CloudFormation stack creates roles behind its back (they would carry no permissions boundary).",
        doc: "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html",
        level: Level::Bundle,
    },
    Rule {
        id: "sqs-dlq-retention-longer",
        title: "A dead-letter queue keeps messages longer than its source queue (a moved message keeps its original enqueue time).",
        doc: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
        level: Level::Bundle,
    },
    Rule {
        id: "lambda-reserved-environment",
        title: "A Lambda function sets no reserved environment variable (AWS_REGION, AWS_LAMBDA_*, _HANDLER, …): Lambda rejects the configuration.",
        doc: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime",
        level: Level::Bundle,
    },
    Rule {
        id: "log-retention-allowed-value",
        title: "A log group's retention is one of the values CloudWatch Logs accepts.",
        doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
        level: Level::Bundle,
    },
];

/// The rule called `id`.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The design-level apply-time rules (called by [`crate::validate::validate`]).
pub fn design(design: &Design) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    queue_visibility(&mut out, design);
    certificate_validation(&mut out, design);
    out
}

/// `sqs-visibility-covers-function-timeout` (error) and
/// `sqs-visibility-six-times-function-timeout` (warning), on `services[].lambdas[].queue`.
fn queue_visibility(out: &mut Vec<Diagnostic>, design: &Design) {
    for (i, svc) in design.services.iter().enumerate() {
        for (j, l) in svc.lambdas.iter().enumerate() {
            let Some(q) = &l.queue else { continue };
            let Some(queue) = svc.queues.iter().find(|x| &x.name == q) else {
                continue;
            };
            let at = format!("/services/{i}/lambdas/{j}/queue");
            let visibility = queue.visibility_timeout_seconds;
            if visibility < l.timeout_seconds {
                out.push(
                    Diagnostic::error(
                        at,
                        format!(
                            "queue \"{q}\" has a visibility timeout of {visibility} s, shorter than the function's timeout of {} s: Lambda refuses the event source mapping",
                            l.timeout_seconds
                        ),
                    )
                    .with_hint("raise the queue's visibility_timeout_seconds to at least six times the function's timeout")
                    .with_rule("sqs-visibility-covers-function-timeout"),
                );
            } else if u64::from(visibility) < 6 * u64::from(l.timeout_seconds) {
                out.push(
                    Diagnostic::warning(
                        at,
                        format!(
                            "queue \"{q}\" has a visibility timeout of {visibility} s, less than six times the function's timeout ({} s): a throttled batch can reappear while it is still being retried",
                            6 * l.timeout_seconds
                        ),
                    )
                    .with_hint("AWS recommends a visibility timeout of at least six times the function timeout")
                    .with_rule("sqs-visibility-six-times-function-timeout"),
                );
            }
        }
    }
}

/// `acm-validation-needs-zone-or-certificate`: a tier with a domain and an API (so a
/// certificate is requested) has `route53_zone_id` or `certificate_arn`.
fn certificate_validation(out: &mut Vec<Diagnostic>, design: &Design) {
    if !design.services.iter().any(|s| s.api.is_some()) {
        return;
    }
    for (name, tier) in &design.security.tiers {
        if tier.domain.is_none() || tier.route53_zone_id.is_some() || tier.certificate_arn.is_some()
        {
            continue;
        }
        out.push(
            Diagnostic::error(
                format!(
                    "/security/tiers/{}/route53_zone_id",
                    name.replace('~', "~0").replace('/', "~1")
                ),
                format!(
                    "tier \"{name}\" has a domain but neither a Route 53 hosted zone nor a certificate: ACM waits for DNS validation records nobody creates, and apply fails after 75 minutes"
                ),
            )
            .with_hint("set route53_zone_id (the validation records are created there) or certificate_arn (an existing certificate)")
            .with_rule("acm-validation-needs-zone-or-certificate"),
        );
    }
}
