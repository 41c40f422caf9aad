//! Root configurations: one per deployment (`environments/<service>/<region>/<tier>/`) and the
//! account-wide IAM root (`global/iam/`). Roots wire the modules together; tier values live in
//! `terraform.tfvars` so a reviewer sees what differs between tiers at a glance.

use super::hcl::*;
use super::module::{terraform_block, ty};
use super::root_parts::{Output, RootVar};
use super::Content;
use crate::design::{Design, Tier};
use crate::kinds::{self, Kind};
use crate::plan::root::RootPlan;
use crate::plan::security::Choices;
use crate::plan::{self, Deployment, Plan};
use std::collections::BTreeMap;

/// The `terraform { backend "s3" }` block of a root: the state bucket of its region, written
/// with the state key (`kms_key_id` names its alias; without it, `encrypt = true` alone sends an
/// explicit SSE-S3 header and the key would not gate the state), locked with an S3 lock file.
pub fn backend_block(bucket: &str, key: &str, region: &str, project: &str) -> Blk {
    blk("terraform", &[]).b(blk("backend", &["s3"])
        .a("bucket", s(bucket))
        .a("key", s(key))
        .a("region", s(region))
        .a("encrypt", b(true))
        .a("kms_key_id", s(crate::plan::state_key_alias(project)))
        .a("use_lockfile", b(true)))
}

pub(crate) fn provider(tags: E) -> Blk {
    blk("provider", &["aws"])
        .a("region", r("var.aws_region"))
        .b(blk("default_tags", &[]).a("tags", tags))
}

pub(crate) fn tf(body: File) -> Content {
    Content::Tf(body.body())
}

/// All files of a deployment root, as (path inside the bundle, contents): its plan
/// ([`plan::root::of`]) written out.
pub fn deployment(design: &Design, plan: &Plan, d: &Deployment) -> Vec<(String, Content)> {
    let root = plan::root::of(design, plan, d);
    let readme = deployment_readme(design, &root);
    let RootPlan {
        locals,
        lookups,
        key_description,
        key_statements,
        alarms,
        module_calls,
        variables,
        outputs: root_outputs,
        us_east_1,
        ..
    } = root;
    let mut main = File::new();
    main.push(locals_block(locals));
    for block in lookups {
        main.push(block);
    }
    for block in kms_key_with(true, alarms, &key_description, key_statements) {
        main.push(block);
    }
    if alarms {
        for block in alarm_topic() {
            main.push(block);
        }
    }
    main.extend(module_calls);
    let mut files = root_files(
        &d.dir,
        [&d.state_bucket, &d.state_key, &d.region, &design.project],
        main,
        outputs_file(root_outputs),
        &variables,
    );
    if us_east_1 {
        let path = format!("{}/providers.tf", d.dir);
        let mut providers = File::new();
        providers.push(provider(r("local.tags")));
        providers.push(
            blk("provider", &["aws"])
                .a("alias", s("us_east_1"))
                .a("region", s(crate::catalog::CLOUDFRONT_REGION))
                .b(blk("default_tags", &[]).a("tags", r("local.tags"))),
        );
        for (p, content) in files.iter_mut() {
            if *p == path {
                *content = tf(providers);
                break;
            }
        }
    }
    let dir = &d.dir;
    files.push((format!("{dir}/README.md"), readme.into()));
    files
}

/// The `locals` block of a root's planned `locals`, in order.
pub(crate) fn locals_block(locals: Vec<(&'static str, E)>) -> Blk {
    locals
        .into_iter()
        .fold(blk("locals", &[]), |l, (k, v)| l.a(k, v))
}

/// `outputs.tf` of a root's planned outputs, in order.
pub(crate) fn outputs_file(outputs: Vec<Output>) -> File {
    let mut file = File::new();
    for o in outputs {
        file.push(
            blk("output", &[&o.name])
                .a("description", s(o.description))
                .a("value", o.value),
        );
    }
    file
}

/// The Terraform files every root writes in `dir`: its backend (`[bucket, key, region,
/// project]`), main, outputs, providers (default tags from `local.tags`), the tfvars and
/// variables of `vars`, and versions.
pub(crate) fn root_files(
    dir: &str,
    [bucket, key, region, project]: [&str; 4],
    main: File,
    outputs: File,
    vars: &[RootVar],
) -> Vec<(String, Content)> {
    let (variables, tfvars) = var_files(vars);
    let mut versions = File::new();
    versions.push(terraform_block(&[]));
    let mut backend = File::new();
    backend.push(backend_block(bucket, key, region, project));
    let mut providers = File::new();
    providers.push(provider(r("local.tags")));
    vec![
        (format!("{dir}/backend.tf"), tf(backend)),
        (format!("{dir}/main.tf"), tf(main)),
        (format!("{dir}/outputs.tf"), tf(outputs)),
        (format!("{dir}/providers.tf"), tf(providers)),
        (format!("{dir}/terraform.tfvars"), tf(tfvars)),
        (format!("{dir}/variables.tf"), tf(variables)),
        (format!("{dir}/versions.tf"), tf(versions)),
    ]
}

/// The root's alarm topic `<name>-alarms` (encrypted with the root's key `aws_kms_key.this`),
/// its policy (CloudWatch alarms of this account publish, TLS only) and one email subscription
/// per address of `var.alarm_emails`.
pub(crate) fn alarm_topic() -> Vec<Blk> {
    let key = || r("aws_kms_key.this.arn");
    vec![
        resource("aws_sns_topic", "alarms")
            .a("name", tpl(vec![T::X(r("local.name")), T::L("-alarms")]))
            .a("kms_master_key_id", key()),
        data("aws_iam_policy_document", "alarms")
            .b(blk("statement", &[])
                .a("sid", s("CloudWatchAlarmsOfThisAccountPublish"))
                .a("actions", strs(["sns:Publish"]))
                .a("resources", list([r("aws_sns_topic.alarms.arn")]))
                .b(blk("principals", &[])
                    .a("type", s("Service"))
                    .a("identifiers", strs(["cloudwatch.amazonaws.com"])))
                .b(blk("condition", &[])
                    .a("test", s("ArnLike"))
                    .a("variable", s("aws:SourceArn"))
                    .a(
                        "values",
                        list([tpl(vec![
                            T::L("arn:"),
                            T::X(r("data.aws_partition.current.partition")),
                            T::L(":cloudwatch:"),
                            T::X(r("var.aws_region")),
                            T::L(":"),
                            T::X(r("data.aws_caller_identity.current.account_id")),
                            T::L(":alarm:*"),
                        ])]),
                    )))
            .b(crate::emit::security::deny_insecure_transport(
                &["sns:Publish"],
                vec![r("aws_sns_topic.alarms.arn")],
            )),
        resource("aws_sns_topic_policy", "alarms")
            .a("arn", r("aws_sns_topic.alarms.arn"))
            .a("policy", r("data.aws_iam_policy_document.alarms.json")),
        resource("aws_sns_topic_subscription", "alarm_email")
            .a("for_each", call("toset", vec![r("var.alarm_emails")]))
            .a("topic_arn", r("aws_sns_topic.alarms.arn"))
            .a("protocol", s("email"))
            .a("endpoint", r("each.value")),
    ]
}

/// The root's customer-managed KMS key: rotated yearly, 30 days before deletion, usable
/// by the account's principals through IAM, with `log_groups` by CloudWatch Logs for this
/// region's log groups and, with `alarms`, by CloudWatch alarms of this account publishing to
/// the encrypted topic. Its description is `what` followed by the root's name.
pub(crate) fn kms_key(log_groups: bool, alarms: bool, what: &str) -> Vec<Blk> {
    kms_key_with(log_groups, alarms, what, Vec::new())
}

/// [`kms_key`] with the building blocks' own statements after the others.
fn kms_key_with(log_groups: bool, alarms: bool, what: &str, extra: Vec<E>) -> Vec<Blk> {
    let account = || r("data.aws_caller_identity.current.account_id");
    let partition = || r("data.aws_partition.current.partition");
    let logs = obj([
        ("Sid", s("CloudWatchLogsEncryptsLogGroups")),
        ("Effect", s("Allow")),
        (
            "Principal",
            obj([(
                "Service",
                tpl(vec![
                    T::L("logs."),
                    T::X(r("var.aws_region")),
                    T::L(".amazonaws.com"),
                ]),
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
                "ArnLike",
                obj([(
                    "kms:EncryptionContext:aws:logs:arn",
                    tpl(vec![
                        T::L("arn:"),
                        T::X(partition()),
                        T::L(":logs:"),
                        T::X(r("var.aws_region")),
                        T::L(":"),
                        T::X(account()),
                        T::L(":log-group:*"),
                    ]),
                )]),
            )]),
        ),
    ]);
    // CloudWatch alarms publishing to the encrypted topic, and only to it: SNS asks KMS for the
    // topic's data keys with the encryption context `aws:sns:topicArn`. The key exists before
    // the topic, so the ARN is composed from the topic's deterministic name; the topic's own
    // policy admits only alarms of this account.
    let alarm_topic = alarms.then(|| {
        obj([
            ("Sid", s("CloudWatchAlarmsPublishToTheTopic")),
            ("Effect", s("Allow")),
            (
                "Principal",
                obj([("Service", s("cloudwatch.amazonaws.com"))]),
            ),
            ("Action", strs(["kms:Decrypt", "kms:GenerateDataKey*"])),
            ("Resource", s("*")),
            (
                "Condition",
                obj([(
                    "StringEquals",
                    obj([(
                        "kms:EncryptionContext:aws:sns:topicArn",
                        tpl(vec![
                            T::L("arn:"),
                            T::X(partition()),
                            T::L(":sns:"),
                            T::X(r("var.aws_region")),
                            T::L(":"),
                            T::X(account()),
                            T::L(":"),
                            T::X(r("local.name")),
                            T::L("-alarms"),
                        ]),
                    )]),
                )]),
            ),
        ])
    });
    vec![
        data("aws_caller_identity", "current"),
        data("aws_partition", "current"),
        crate::emit::security::kms_key(
            "this",
            None,
            tpl(vec![T::L(what), T::X(r("local.name"))]),
            (partition(), account()),
            log_groups
                .then_some(logs)
                .into_iter()
                .chain(alarm_topic)
                .chain(extra)
                .collect(),
        ),
        resource("aws_kms_alias", "this")
            .a("name", tpl(vec![T::L("alias/"), T::X(r("local.name"))]))
            .a("target_key_id", r("aws_kms_key.this.key_id")),
    ]
}

/// `variables.tf` and `terraform.tfvars` of a root's variables.
pub(crate) fn var_files(vars: &[RootVar]) -> (File, File) {
    let mut variables = File::new();
    let mut tfvars = File::new();
    for v in vars {
        let mut block = blk("variable", &[v.name])
            .a("description", s(v.description))
            .a("type", v.ty.clone());
        if let Some((condition, message)) = &v.validation {
            block = block.b(blk("validation", &[])
                .a("condition", condition.clone())
                .a("error_message", s(*message)));
        }
        variables.push(block);
        tfvars.attr(v.name, v.value.clone());
    }
    (variables, tfvars)
}

fn deployment_readme(design: &Design, plan: &RootPlan) -> String {
    let (service, tier, d) = (plan.service, plan.tier, plan.deployment);
    let root = plan.kinds_root();
    let parts: Vec<String> = kinds::built(service)
        .flat_map(|k| k.readme_lines(&root))
        .collect();
    let mut md = format!(
        "# {} — {} in {}{}\n\n{}\n\n## What this root deploys\n\n",
        crate::markdown::text(&service.name),
        crate::markdown::text(&tier.name),
        crate::markdown::text(&d.region),
        if d.dr { " (disaster recovery)" } else { "" },
        crate::markdown::text(&service.description),
    );
    for p in parts {
        md.push_str(&format!("- {p}\n"));
    }
    md.push_str(&format!(
        "\nCost code: {}. State: {}.\n\n## Apply\n\n```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\nTier settings are in `terraform.tfvars`; names and wiring in `main.tf`.\n",
        crate::markdown::code(&d.cost_code),
        crate::markdown::code(&format!("s3://{}/{}", d.state_bucket, d.state_key))
    ));
    for kind in kinds::built(service) {
        md.push_str(&kind.readme_sections(&root));
    }
    if !d.tables_replicated_to.is_empty() {
        let to: Vec<String> = d
            .tables_replicated_to
            .iter()
            .map(|(region, name)| format!("{region} (encrypted with `alias/{name}`)"))
            .collect();
        md.push_str(&format!(
            "\n## Global tables\n\nThis root owns the DynamoDB tables and their replicas in {}: DynamoDB copies every \
write there through the tables' streams. The replica's key belongs to the DR root: on a first apply, create it first \
(`terraform apply -target=aws_kms_alias.this` in `environments/{}/<dr region>/{}`), then apply this root, then the DR \
root, which reads its replica by name.\n",
            to.join(", "),
            service.name,
            tier.name
        ));
    }
    if d.tables_replica {
        md.push_str(&format!(
            "\n## Global tables\n\nThe DynamoDB tables here are the replicas that the primary region's root \
(`environments/{}/{}/{}`) keeps in this region; this root reads them by name and keeps their resource policies \
(and autoscaling, when provisioned), so apply it after that root. Writes go to either region and replicate both ways.\n",
            service.name, d.primary_region, tier.name
        ));
    }
    if d.replica_of_primary {
        md.push_str(&format!(
            "\n## Disaster recovery runbook\n\nThis root's database is a read replica of `{}` in {}. To promote it, set \
`db_promoted = true` in `terraform.tfvars` here, then plan and apply.\n{}",
            d.primary_db_identifier,
            d.primary_region,
            crate::emit::docs::dr_runbook(crate::emit::docs::Runbook {
                api: kinds::Api.present(service),
                lambda: kinds::Lambda.present(service),
                schedules: kinds::Schedule.present(service),
                deletion_protection: tier.database.deletion_protection,
                replicas: d.capacity.db_read_replicas > 0,
                root: true,
            })
        ));
    }
    if kinds::Api.present(service) {
        md.push_str(&dns_readme(design, tier, d));
    }
    md
}

/// The "DNS" section of a deployment README: where the API's host name points, and what to
/// create by hand when the bundle does not manage the record.
fn dns_readme(design: &Design, tier: &Tier, d: &Deployment) -> String {
    let service = &design.services[d.service];
    let sec = design.security.tier(&tier.name);
    let mut md = String::from("\n## DNS\n\n");
    let Some(domain) = &sec.domain else {
        md.push_str(
            "The tier has no domain: the API answers plain HTTP on the load balancer's own name \
(output `api_url`, `http://<alb_dns_name>`).\n",
        );
        return md;
    };
    let host = format!("{}.{domain}", service.name);
    let failover = d.dns_failover;
    // The standby's database replicates the primary's (the DR root's, or the one this root's
    // replicates to).
    let replicated = d.replica_of_primary || d.db_replicated_to.is_some();
    match (&sec.route53_zone_id, failover) {
        (Some(zone), None) => md.push_str(&format!(
            "`{host}` points at the load balancer through alias records (A and AAAA) in the Route 53 \
zone `{zone}`, created by this root. The certificate is validated through the same zone.\n"
        )),
        (Some(zone), Some(role)) => md.push_str(&format!(
            "`{host}` is served from both regions of the tier through Route 53 failover alias records \
(A and AAAA) in the zone `{zone}`; this root owns the `{role}` pair (set identifier `{region}`). \
Route 53 answers with the primary region's load balancer while it has a healthy target \
(evaluate target health) and with the disaster-recovery region's otherwise. The switch happens \
in Route 53's data plane: nothing to apply during an outage.{replica} Both regions request a \
certificate for the same name and share its validation record.\n",
            region = d.region,
            replica = if replicated {
                " Until the standby's database is promoted (see the disaster-recovery runbook in the \
bundle's ARCHITECTURE.md) it is a read-only replica, so requests that write fail in the standby."
            } else {
                ""
            }
        )),
        (None, _) => md.push_str(&format!(
            "The load balancer serves `{host}` with the existing certificate `certificate_arn`, but no \
record points the name at it: create `{host}` as a CNAME to the output `alb_dns_name` (or, in \
Route 53, an alias A/AAAA record to the load balancer) in your DNS after the first apply.{}\n",
            if failover.is_some() {
                " The tier also runs in a second region: point the name at the primary region's load \
balancer, and at the disaster-recovery region's only when you fail over (or use failover \
records of your DNS provider with a health check)."
            } else {
                ""
            }
        )),
    }
    md
}

/// The account-wide IAM root, `global/iam/`, with the design's security `choices` (its
/// plan's).
pub fn global_iam(design: &Design, choices: &Choices) -> Vec<(String, Content)> {
    let root = plan::root::global_iam(design);
    let mut main = File::new();
    main.push(root.module_call);
    let mut variables = File::new();
    variables.push(
        blk("variable", &["aws_region"])
            .a(
                "description",
                s("Region of the provider (IAM itself is global)."),
            )
            .a("type", ty::string())
            .a("default", s(root.region.as_str())),
    );
    let mut versions = File::new();
    versions.push(terraform_block(&[]));
    let mut backend = File::new();
    backend.push(backend_block(
        &root.state_bucket,
        plan::root::IAM_STATE_KEY,
        &root.region,
        &design.project,
    ));
    let mut providers = File::new();
    providers.push(provider(root.tags));

    let mut files: BTreeMap<String, Content> = BTreeMap::new();
    files.insert("global/iam/backend.tf".into(), tf(backend));
    files.insert("global/iam/main.tf".into(), tf(main));
    files.insert(
        "global/iam/outputs.tf".into(),
        tf(outputs_file(root.outputs)),
    );
    files.insert("global/iam/providers.tf".into(), tf(providers));
    files.insert("global/iam/variables.tf".into(), tf(variables));
    files.insert("global/iam/versions.tf".into(), tf(versions));
    files.insert(
        "global/iam/README.md".into(),
        global_iam_readme(design, choices).into(),
    );
    files.into_iter().collect()
}

/// `global/iam/README.md`: what the root creates and who applies it.
fn global_iam_readme(design: &Design, choices: &Choices) -> String {
    let project = &design.project;
    let tiers: Vec<String> = design
        .tiers
        .iter()
        .map(|t| format!("`{}`", t.name))
        .collect();
    let mut parts = Vec::new();
    if !design.iam.users.is_empty() {
        parts.push("Users");
    }
    if !design.iam.groups.is_empty() {
        parts.push("groups");
    }
    if !design.iam.s3_data_buckets.is_empty() {
        parts.push("the custom S3 data-access policy");
    }
    parts.push("the project's Terraform apply policy");
    let mut intro = parts.join(", ");
    if let Some(first) = intro.get(..1) {
        intro = first.to_uppercase() + &intro[1..];
    }
    // What a plan reads besides the state, as the iam module grants it.
    let mut reads = String::new();
    if choices.terraform_db_passwords() {
        reads.push_str(&format!(
            ", `GetSecretValue` of the databases' master secrets `rds/{project}-*` (a plan refreshes \
their versions; the state holds the same password), decrypted only through Secrets Manager"
        ));
    }
    if choices.has_functions() {
        reads.push_str(
            ", `kms:Decrypt` through Lambda of the functions' environment (Lambda shows it only to \
callers that may decrypt it, else every plan would report it changed)",
        );
    }
    format!(
        "# Account-wide IAM\n\n\
{intro} (`{project}-terraform-apply`) and the two roles GitHub Actions assumes through OIDC.\n\n\
## Applied by an administrator, not by CI\n\n\
This root creates the CI roles and the policies that limit them, so the CI cannot apply it (and \
the workflow does not try). Apply it once per AWS account, after `backend-bootstrap/`, with \
administrator credentials, and again whenever it changes:\n\n\
```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
## What CI may do\n\n\
- `{project}-ci-plan` (`ci_plan_role_arn`): `ReadOnlyAccess`, read of the state buckets, the \
lock files `*.tflock` (a plan takes the state lock too) and the state key through S3{reads}. \
Assumed by \
pull requests (`repo:<owner>/<repo>:pull_request`) and runs of the default branch \
(`repo:<owner>/<repo>:ref:refs/heads/main`). Store its ARN as the repository variable \
`AWS_PLAN_ROLE_ARN`.\n\
- `{project}-ci-apply` (`ci_apply_role_arn`): the design's managed policies \
(`iam.ci_role.managed_policies`, e.g. `PowerUserAccess`) and `{project}-terraform-apply`, sessions \
of up to 4 hours. Assumed only by jobs running in a GitHub environment named after a tier \
({}: `repo:<owner>/<repo>:environment:<tier>`). Store its ARN as `AWS_APPLY_ROLE_ARN`; create the \
environments with required reviewers and deployments from `main` only.\n\
- Both trust only the audience `sts.amazonaws.com`. The subjects assume GitHub's default `sub` \
claim; a repository or organization that customises it needs the trust changed to match.\n\n\
## The apply policy and the boundary\n\n\
`PowerUserAccess` allows no IAM writes and no `iam:PassRole`, yet every deployment root creates \
roles. `{project}-terraform-apply` adds exactly that: roles, instance profiles and policies named \
`{project}-*`; a role may be created or given policies only with the permissions boundary \
`PowerUserAccess` (AWS managed) attached (condition `iam:PermissionsBoundary`), which allows no \
IAM writes but service-linked roles, so CI cannot mint an administrator; `iam:PassRole` of \
those roles only to the services that use them (`iam:PassedToService`). Attach it to people who \
apply with the group setting `terraform_apply` (`iam.groups[].terraform_apply`).\n",
        tiers.join(", ")
    )
}
