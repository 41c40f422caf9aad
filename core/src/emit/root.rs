//! Root configurations: one per deployment (`environments/<service>/<region>/<tier>/`) and the
//! account-wide IAM root (`global/iam/`). Roots wire the modules together; tier values live in
//! `terraform.tfvars` so a reviewer sees what differs between tiers at a glance.

use super::hcl::*;
use super::module::{terraform_block, ty};
use super::Content;
use crate::design::{CodeSigning, Design, NetworkMode, Service, Tier};
use crate::plan::Deployment;
use std::collections::BTreeMap;

/// Relative path from a deployment root to the bundle's top folder.
const UP: &str = "../../../..";

/// A root variable: name, type, description, tfvars value.
struct RootVar {
    name: &'static str,
    ty: E,
    description: &'static str,
    value: E,
    validation: Option<(E, &'static str)>,
}

fn var(name: &'static str, ty: E, description: &'static str, value: E) -> RootVar {
    RootVar {
        name,
        ty,
        description,
        value,
        validation: None,
    }
}

/// An HCL identifier for a module or resource name made of design names (`-` → `_`).
pub fn ident(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'x');
    }
    out
}

/// Environment-variable form of a design name (`orders` → `ORDERS`).
fn env_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The standard tags of a deployment, with the design's extra tags first so the standard
/// ones win.
fn tags(design: &Design, service: &str, environment: E, cost_code: E) -> E {
    let mut pairs: Vec<(String, E)> = design
        .tags
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "Project" | "ManagedBy" | "Environment" | "Service" | "CostCode"
            )
        })
        .map(|(k, v)| (k.clone(), s(v.as_str())))
        .collect();
    pairs.push(("Project".into(), s(design.project.as_str())));
    pairs.push(("ManagedBy".into(), s("terraform")));
    pairs.push(("Environment".into(), environment));
    pairs.push(("Service".into(), s(service)));
    pairs.push(("CostCode".into(), cost_code));
    obj(pairs)
}

/// The `terraform { backend "s3" }` block of a root: the state bucket of its region, written
/// with the state key (`kms_key_id` names its alias; without it, `encrypt = true` alone sends an
/// explicit SSE-S3 header and the key would not gate the state), locked with an S3 lock file.
pub fn backend_block(bucket: &str, key: &str, region: &str, project: &str) -> Blk {
    blk("terraform", &[]).b(blk("backend", &["s3"])
        .a("bucket", s(bucket))
        .a("key", s(key))
        .a("region", s(region))
        .a("encrypt", b(true))
        .a("kms_key_id", s(super::bootstrap::state_key_alias(project)))
        .a("use_lockfile", b(true)))
}

fn provider(tags: E) -> Blk {
    blk("provider", &["aws"])
        .a("region", r("var.aws_region"))
        .b(blk("default_tags", &[]).a("tags", tags))
}

fn tf(body: File) -> Content {
    Content::Tf(body.body())
}

/// Whether a deployment of `service` has alarms that notify people: a load balancer, functions,
/// a database or queues.
fn has_alarms(service: &Service) -> bool {
    service.api.is_some()
        || service.database.is_some()
        || !service.lambdas.is_empty()
        || !service.queues.is_empty()
}

/// All files of a deployment root, as (path inside the bundle, contents).
pub fn deployment(design: &Design, d: &Deployment) -> Vec<(String, Content)> {
    let service = &design.services[d.service];
    let tier = &design.tiers[d.tier];
    let vars = root_vars(design, service, tier, d);
    let mut main = File::new();

    let (locals, lookups) = network(design, service, tier, d);
    let mut l = blk("locals", &[]).a("name", s(d.name.as_str())).a(
        "permissions_boundary_arn",
        super::modules::iam::permissions_boundary_arn(),
    );
    for (k, v) in locals {
        l = l.a(k, v);
    }
    main.push(l.a(
        "tags",
        tags(
            design,
            &service.name,
            r("var.environment"),
            r("var.cost_code"),
        ),
    ));
    for block in lookups {
        main.push(block);
    }
    if d.replica_of_primary {
        main.push(
            data("aws_db_instance", "primary")
                .a("region", s(d.primary_region.as_str()))
                .a(
                    "db_instance_identifier",
                    s(d.primary_db_identifier.as_str()),
                ),
        );
    }
    // The alarms that notify people (load balancer, functions, database, queues) publish to
    // the deployment's topic; a service of only a worker has none.
    let alarms = has_alarms(service);
    let topic = || list([r("aws_sns_topic.alarms.arn")]);
    for block in kms_key(alarms) {
        main.push(block);
    }
    let key = || r("aws_kms_key.this.arn");
    if alarms {
        main.push(
            resource("aws_sns_topic", "alarms")
                .a("name", tpl(vec![T::X(r("local.name")), T::L("-alarms")]))
                .a("kms_master_key_id", key()),
        );
        main.push(
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
        );
        main.push(
            resource("aws_sns_topic_policy", "alarms")
                .a("arn", r("aws_sns_topic.alarms.arn"))
                .a("policy", r("data.aws_iam_policy_document.alarms.json")),
        );
        main.push(
            resource("aws_sns_topic_subscription", "alarm_email")
                .a("for_each", call("toset", vec![r("var.alarm_emails")]))
                .a("topic_arn", r("aws_sns_topic.alarms.arn"))
                .a("protocol", s("email"))
                .a("endpoint", r("each.value")),
        );
    }
    let security = design.security.service(&service.name);
    for q in &service.queues {
        main.push(
            blk("module", &[&format!("queue_{}", ident(&q.name))])
                .a("source", s(format!("{UP}/modules/sqs-queue")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&q.name)]),
                )
                .a(
                    "visibility_timeout_seconds",
                    n(q.visibility_timeout_seconds.into()),
                )
                .a("max_receive_count", n(q.max_receive_count.into()))
                .a("kms_key_arn", key())
                .a("queue_depth_threshold", r("var.queue_depth_threshold"))
                .a(
                    "message_age_threshold_seconds",
                    r("var.message_age_threshold_seconds"),
                )
                .a("alarm_actions", topic()),
        );
    }
    let queue_ref = |name: &str, attr: &str| r(&format!("module.queue_{}.{attr}", ident(name)));

    // What every workload gets to find its database and queues.
    let mut env: Vec<(String, E)> = Vec::new();
    let mut secret_arns = Vec::new();
    if let Some(db) = &service.database {
        env.push(("DB_HOST".into(), r("module.database.address")));
        env.push((
            "DB_PORT".into(),
            call("tostring", vec![r("module.database.port")]),
        ));
        env.push(("DB_NAME".into(), s(db.db_name.as_str())));
        let secret = if d.replica_of_primary {
            r("data.aws_db_instance.primary.master_user_secret[0].secret_arn")
        } else {
            r("module.database.master_user_secret_arn")
        };
        env.push(("DB_SECRET_ARN".into(), secret.clone()));
        secret_arns.push(secret);
    }
    for q in &service.queues {
        env.push((
            format!("QUEUE_URL_{}", env_name(&q.name)),
            queue_ref(&q.name, "queue_url"),
        ));
    }
    let env_obj = || obj(env.iter().map(|(k, v)| (k.clone(), v.clone())));

    // Who may reach the API's load balancer and the database.
    let mut callers: Vec<(String, E)> = Vec::new();
    if service.worker.is_some() {
        callers.push(("worker".into(), r("module.worker.security_group_id")));
    }
    for l in &service.lambdas {
        callers.push((
            format!("lambda_{}", ident(&l.name)),
            r(&format!(
                "module.lambda_{}.security_group_id",
                ident(&l.name)
            )),
        ));
    }

    if let Some(db) = &service.database {
        let mut allowed = Vec::new();
        if service.api.is_some() {
            allowed.push((
                "api".to_string(),
                r("module.api.instance_security_group_id"),
            ));
        }
        allowed.extend(callers.iter().cloned());
        main.push(
            blk("module", &["database"])
                .a("source", s(format!("{UP}/modules/rds-database")))
                .a(
                    "permissions_boundary_arn",
                    r("local.permissions_boundary_arn"),
                )
                .a("identifier", r("local.name"))
                .a("vpc_id", r("local.vpc_id"))
                .a("subnet_ids", r("local.private_subnet_ids"))
                .a("engine_version", s(db.engine_version.as_str()))
                .a("instance_class", r("var.db_instance_class"))
                .a("allocated_storage", r("var.db_allocated_storage"))
                .a("max_allocated_storage", r("var.db_max_allocated_storage"))
                .a("db_name", s(db.db_name.as_str()))
                .a("username", s(db.username.as_str()))
                .a("multi_az", r("var.db_multi_az"))
                .a("read_replica_count", r("var.db_read_replica_count"))
                .a("backup_retention_period", r("var.db_backup_retention_days"))
                .a("deletion_protection", r("var.db_deletion_protection"))
                .a(
                    "performance_insights_enabled",
                    r("var.db_performance_insights"),
                )
                .a("log_retention_days", r("var.log_retention_days"))
                .a("kms_key_id", key())
                .a("allowed_security_groups", obj(allowed))
                .opt(
                    "replicate_source_db",
                    d.replica_of_primary
                        .then(|| r("data.aws_db_instance.primary.db_instance_arn")),
                )
                .a("alarm_actions", topic()),
        );
    }

    let compute = |m: Blk| {
        m.a("instance_type", r("var.instance_type"))
            .a("asg_min_size", r("var.asg_min_size"))
            .a("asg_max_size", r("var.asg_max_size"))
            .a("asg_desired_capacity", r("var.asg_desired_capacity"))
    };
    let queue_arns = |names: &[String]| list(names.iter().map(|q| queue_ref(q, "queue_arn")));
    // The task roles may use the key when they send to or consume an (encrypted) queue.
    let queue_key = |uses_queues: bool| list(uses_queues.then(key));

    if let Some(api) = &service.api {
        let all_queues: Vec<String> = service.queues.iter().map(|q| q.name.clone()).collect();
        main.push(
            compute(
                blk("module", &["api"])
                    .a("source", s(format!("{UP}/modules/ecs-api")))
                    .a(
                        "permissions_boundary_arn",
                        r("local.permissions_boundary_arn"),
                    )
                    .a("name", r("local.name"))
                    .a("short_name", s(d.short_name.as_str()))
                    .a("vpc_id", r("local.vpc_id"))
                    .a("private_subnet_ids", r("local.private_subnet_ids"))
                    .a("public_subnet_ids", r("local.public_subnet_ids")),
            )
            .a("container_image", s(api.image.as_str()))
            .a("container_port", n(api.port.into()))
            .a("container_cpu", n(api.cpu.into()))
            .a("container_memory", n(api.memory.into()))
            .a("desired_count", r("var.task_count"))
            .a("health_check_path", s(api.health_check_path.as_str()))
            .a("environment_variables", env_obj())
            .a("secret_arns", list(secret_arns.clone()))
            .a("publish_queue_arns", queue_arns(&all_queues))
            .a("kms_key_arns", queue_key(!all_queues.is_empty()))
            .a("allowed_security_groups", obj(callers.clone()))
            .a("domain_name", r("var.domain_name"))
            .a("certificate_arn", r("var.certificate_arn"))
            .a("route53_zone_id", r("var.route53_zone_id"))
            .a("http_redirect", r("var.http_redirect"))
            .a("waf_enabled", r("var.waf_enabled"))
            .a("deletion_protection", r("var.alb_deletion_protection"))
            .opt(
                "access_logs_bucket",
                crate::emit::security::Choices::new(design)
                    .access_log_bucket(&d.region)
                    .map(s),
            )
            .opt(
                "access_log_replica_bucket",
                crate::emit::security::Choices::new(design)
                    .log_archive(&d.region)
                    .map(|(_, bucket)| s(bucket)),
            )
            .a(
                "readonly_root_filesystem",
                b(security.read_only_root_filesystem),
            )
            .a("writable_paths", strs(&security.writable_paths))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_arn", key())
            .a("cpu_high_threshold", r("var.cpu_high_threshold"))
            .a("cpu_low_threshold", r("var.cpu_low_threshold"))
            .a("alarm_actions", topic())
            .a("tags", r("local.tags")),
        );
    }
    if let Some(worker) = &service.worker {
        main.push(
            compute(
                blk("module", &["worker"])
                    .a("source", s(format!("{UP}/modules/ecs-worker")))
                    .a(
                        "permissions_boundary_arn",
                        r("local.permissions_boundary_arn"),
                    )
                    .a("name", tpl(vec![T::X(r("local.name")), T::L("-worker")]))
                    .a("vpc_id", r("local.vpc_id"))
                    .a("private_subnet_ids", r("local.private_subnet_ids")),
            )
            .a("container_image", s(worker.image.as_str()))
            .a("container_cpu", n(worker.cpu.into()))
            .a("container_memory", n(worker.memory.into()))
            .a("desired_count", r("var.task_count"))
            .a("environment_variables", env_obj())
            .a("secret_arns", list(secret_arns.clone()))
            .a("consume_queue_arns", queue_arns(&worker.queues))
            .a("kms_key_arns", queue_key(!worker.queues.is_empty()))
            .a(
                "readonly_root_filesystem",
                b(security.read_only_root_filesystem),
            )
            .a("writable_paths", strs(&security.writable_paths))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_arn", key())
            .a("cpu_high_threshold", r("var.cpu_high_threshold"))
            .a("cpu_low_threshold", r("var.cpu_low_threshold"))
            .a("tags", r("local.tags")),
        );
    }
    for l in &service.lambdas {
        main.push(
            blk("module", &[&format!("lambda_{}", ident(&l.name))])
                .a("source", s(format!("{UP}/modules/lambda-microservice")))
                .a(
                    "permissions_boundary_arn",
                    r("local.permissions_boundary_arn"),
                )
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&l.name)]),
                )
                .a("runtime", s(l.runtime.as_str()))
                .a("handler", s(l.handler.as_str()))
                .a("memory_size", n(l.memory_mb.into()))
                .a("timeout", n(l.timeout_seconds.into()))
                .a("vpc_id", r("local.vpc_id"))
                .a("subnet_ids", r("local.private_subnet_ids"))
                .a("environment_variables", env_obj())
                .a("secret_arns", list(secret_arns.clone()))
                .a("create_function_url", b(l.function_url))
                .opt(
                    "function_url_auth_type",
                    (l.function_url && l.public_url).then(|| s("NONE")),
                )
                .opt(
                    "sqs_trigger_queue_arn",
                    l.queue.as_ref().map(|q| queue_ref(q, "queue_arn")),
                )
                .a("log_retention_days", r("var.log_retention_days"))
                .a("kms_key_arn", key())
                .a(
                    "code_signing",
                    s(code_signing(security.lambda_code_signing)),
                )
                .a("alarm_actions", topic()),
        );
    }
    for sch in &service.schedules {
        let target = format!("module.lambda_{}", ident(&sch.lambda));
        main.push(
            blk("module", &[&format!("schedule_{}", ident(&sch.name))])
                .a("source", s(format!("{UP}/modules/cloudwatch-rule")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&sch.name)]),
                )
                .a("description", s(sch.description.as_str()))
                .a("schedule_expression", s(sch.expression.as_str()))
                .a(
                    "lambda_function_name",
                    r(&format!("{target}.function_name")),
                )
                .a("lambda_function_arn", r(&format!("{target}.function_arn"))),
        );
    }

    // Outputs a person looks for after `apply`.
    let mut outputs = File::new();
    let mut out = |name: String, description: String, value: E| {
        outputs.push(
            blk("output", &[&name])
                .a("description", s(description))
                .a("value", value),
        );
    };
    if service.api.is_some() {
        out(
            "alb_dns_name".into(),
            "DNS name of the API's load balancer.".into(),
            r("module.api.alb_dns_name"),
        );
        out(
            "api_cluster_name".into(),
            "ECS cluster of the API.".into(),
            r("module.api.cluster_name"),
        );
    }
    if alarms {
        out(
            "alarm_topic_arn".into(),
            "SNS topic the alarms notify (subscribe more endpoints to it).".into(),
            r("aws_sns_topic.alarms.arn"),
        );
    }
    if service.worker.is_some() {
        out(
            "worker_cluster_name".into(),
            "ECS cluster of the worker.".into(),
            r("module.worker.cluster_name"),
        );
    }
    if service.database.is_some() {
        out(
            "database_endpoint".into(),
            "Endpoint of the PostgreSQL database.".into(),
            r("module.database.endpoint"),
        );
    }
    for q in &service.queues {
        out(
            format!("queue_{}_url", ident(&q.name)),
            format!("URL of the {} queue.", q.name),
            queue_ref(&q.name, "queue_url"),
        );
    }
    for l in service.lambdas.iter().filter(|l| l.function_url) {
        let auth = if l.public_url {
            "public, no authentication"
        } else {
            "IAM-authenticated"
        };
        out(
            format!("lambda_{}_url", ident(&l.name)),
            format!("Function URL of {} ({auth}).", l.name),
            r(&format!("module.lambda_{}.function_url", ident(&l.name))),
        );
    }

    let mut variables = File::new();
    let mut tfvars = File::new();
    for v in &vars {
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

    let mut versions = File::new();
    versions.push(terraform_block(&[]));
    let mut backend = File::new();
    backend.push(backend_block(
        &d.state_bucket,
        &d.state_key,
        &d.region,
        &design.project,
    ));
    let mut providers = File::new();
    providers.push(provider(r("local.tags")));

    let dir = &d.dir;
    let mut files = vec![
        (format!("{dir}/backend.tf"), tf(backend)),
        (format!("{dir}/main.tf"), tf(main)),
        (format!("{dir}/outputs.tf"), tf(outputs)),
        (format!("{dir}/providers.tf"), tf(providers)),
        (format!("{dir}/terraform.tfvars"), tf(tfvars)),
        (format!("{dir}/variables.tf"), tf(variables)),
        (format!("{dir}/versions.tf"), tf(versions)),
    ];
    files.push((
        format!("{dir}/README.md"),
        deployment_readme(design, d).into(),
    ));
    files
}

/// The module input of a code signing choice.
fn code_signing(choice: CodeSigning) -> &'static str {
    match choice {
        CodeSigning::Warn => "Warn",
        CodeSigning::Enforce => "Enforce",
        CodeSigning::Off => "Off",
    }
}

/// The deployment's customer-managed KMS key: rotated yearly, 30 days before deletion, usable
/// by the account's principals through IAM, by CloudWatch Logs for this region's log groups
/// and, with `alarms`, by CloudWatch alarms of this account publishing to the encrypted topic.
fn kms_key(alarms: bool) -> Vec<Blk> {
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
    // As AWS documents it for alarms publishing to an encrypted topic (CloudWatch's calls to KMS
    // carry no source account to condition on); the topic's own policy admits only alarms of
    // this account.
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
        ])
    });
    vec![
        data("aws_caller_identity", "current"),
        data("aws_partition", "current"),
        crate::emit::security::kms_key(
            "this",
            None,
            tpl(vec![
                T::L("Logs, queues, Lambda environment and database of "),
                T::X(r("local.name")),
            ]),
            (partition(), account()),
            std::iter::once(logs).chain(alarm_topic).collect(),
        ),
        resource("aws_kms_alias", "this")
            .a("name", tpl(vec![T::L("alias/"), T::X(r("local.name"))]))
            .a("target_key_id", r("aws_kms_key.this.key_id")),
    ]
}

/// The network locals (`vpc_id`, subnet ids) and the data sources they read, if any.
fn network(
    design: &Design,
    service: &Service,
    tier: &Tier,
    d: &Deployment,
) -> (Vec<(&'static str, E)>, Vec<Blk>) {
    let public = service.api.is_some();
    let mut locals = Vec::new();
    let mut lookups = Vec::new();
    match design.network.mode {
        NetworkMode::Discover => {
            let vpc_name = design
                .network
                .vpc_name
                .replace("{project}", &design.project)
                .replace("{tier}", &tier.name)
                .replace("{region}", &d.region);
            lookups.push(data("aws_vpc", "this").a("tags", obj([("Name", s(vpc_name))])));
            let subnets = |name: &str| {
                data("aws_subnets", name)
                    .b(blk("filter", &[])
                        .a("name", s("vpc-id"))
                        .a("values", list([r("data.aws_vpc.this.id")])))
                    .a(
                        "tags",
                        obj([(design.network.subnet_tier_tag.as_str(), s(name))]),
                    )
            };
            lookups.push(subnets("private"));
            locals.push(("vpc_id", r("data.aws_vpc.this.id")));
            locals.push(("private_subnet_ids", r("data.aws_subnets.private.ids")));
            if public {
                lookups.push(subnets("public"));
                locals.push(("public_subnet_ids", r("data.aws_subnets.public.ids")));
            }
        }
        NetworkMode::Explicit => {
            let key = format!("{}/{}", d.region, tier.name);
            let net = design.network.explicit.get(&key);
            let ids = |f: fn(&crate::design::ExplicitNetwork) -> &Vec<String>| {
                strs(net.map(f).cloned().unwrap_or_default())
            };
            locals.push((
                "vpc_id",
                s(net.map(|n| n.vpc_id.clone()).unwrap_or_default()),
            ));
            locals.push(("private_subnet_ids", ids(|n| &n.private_subnet_ids)));
            if public {
                locals.push(("public_subnet_ids", ids(|n| &n.public_subnet_ids)));
            }
        }
    }
    (locals, lookups)
}

fn root_vars(design: &Design, service: &Service, tier: &Tier, d: &Deployment) -> Vec<RootVar> {
    let num = |v: u32| n(v.into());
    let mut vars = vec![
        var("aws_region", ty::string(), "AWS region of this deployment.", s(d.region.as_str())),
        var("environment", ty::string(), "Tier name, used in the Environment tag.", s(tier.name.as_str())),
        RootVar {
            validation: Some((
                call("can", vec![call("regex", vec![s("^[A-Za-z0-9]{8}$"), r("var.cost_code")])]),
                "The cost code must be exactly 8 letters or digits.",
            )),
            ..var(
                "cost_code",
                ty::string(),
                "Cost code of this service in this tier (8 letters or digits), in the CostCode tag.",
                s(d.cost_code.as_str()),
            )
        },
        var(
            "log_retention_days",
            ty::number(),
            "CloudWatch Logs retention of every log group, in days.",
            num(tier.log_retention_days),
        ),
    ];
    if service.api.is_some() || service.worker.is_some() {
        let c = &tier.compute;
        vars.extend([
            var(
                "instance_type",
                ty::string(),
                "EC2 instance type of the ECS hosts.",
                s(c.instance_type.as_str()),
            ),
            var(
                "asg_min_size",
                ty::number(),
                "Minimum number of ECS hosts.",
                num(c.asg_min),
            ),
            var(
                "asg_max_size",
                ty::number(),
                "Maximum number of ECS hosts.",
                num(c.asg_max),
            ),
            var(
                "asg_desired_capacity",
                ty::number(),
                "Initial number of ECS hosts.",
                num(c.asg_desired),
            ),
            var(
                "task_count",
                ty::number(),
                "Initial number of tasks per ECS service.",
                num(c.task_count),
            ),
            var(
                "cpu_high_threshold",
                ty::number(),
                "Scale out above this average CPU, in percent.",
                num(tier.alarms.cpu_high_percent),
            ),
            var(
                "cpu_low_threshold",
                ty::number(),
                "Scale in below this average CPU, in percent.",
                num(tier.alarms.cpu_low_percent),
            ),
        ]);
    }
    if service.api.is_some() {
        let sec = design.security.tier(&tier.name);
        let text = |v: Option<String>| v.map(s).unwrap_or_else(null);
        vars.extend([
            var(
                "domain_name",
                ty::string(),
                "Host name of the API (HTTPS with an ACM certificate); null serves plain HTTP.",
                text(sec.domain.as_ref().map(|dom| format!("{}.{dom}", service.name))),
            ),
            var(
                "certificate_arn",
                ty::string(),
                "Existing ACM certificate for the host name; null requests one.",
                text(sec.certificate_arn.clone()),
            ),
            var(
                "route53_zone_id",
                ty::string(),
                "Route 53 zone for the certificate's validation records; null to create them by hand.",
                text(sec.route53_zone_id.clone()),
            ),
            var(
                "http_redirect",
                ty::bool(),
                "With a host name: port 80 redirects to HTTPS.",
                b(sec.http_redirect),
            ),
            var(
                "waf_enabled",
                ty::bool(),
                "AWS WAF in front of the load balancer.",
                b(sec.waf),
            ),
            var(
                "alb_deletion_protection",
                ty::bool(),
                "Refuse to delete the load balancer.",
                b(sec.alb_deletion_protection),
            ),
        ]);
    }
    if service.database.is_some() {
        let db = &tier.database;
        vars.extend([
            var(
                "db_instance_class",
                ty::string(),
                "RDS instance class.",
                s(db.instance_class.as_str()),
            ),
            var(
                "db_allocated_storage",
                ty::number(),
                "Initial database storage, in GiB.",
                num(db.allocated_storage_gb),
            ),
            var(
                "db_max_allocated_storage",
                ty::number(),
                "Storage autoscaling ceiling, in GiB.",
                num(db.max_allocated_storage_gb),
            ),
            var(
                "db_multi_az",
                ty::bool(),
                "Run a standby in a second availability zone.",
                b(db.multi_az),
            ),
            var(
                "db_read_replica_count",
                ty::number(),
                "Read replicas in this region.",
                num(if d.replica_of_primary {
                    0
                } else {
                    db.read_replicas
                }),
            ),
            var(
                "db_backup_retention_days",
                ty::number(),
                "Days of automated backups.",
                num(db.backup_retention_days),
            ),
            var(
                "db_deletion_protection",
                ty::bool(),
                "Refuse to delete the database.",
                b(db.deletion_protection),
            ),
            var(
                "db_performance_insights",
                ty::bool(),
                "Enable Performance Insights.",
                b(db.performance_insights),
            ),
        ]);
    }
    if !service.queues.is_empty() {
        vars.extend([
            var(
                "queue_depth_threshold",
                ty::number(),
                "Alarm above this many visible messages.",
                num(tier.alarms.queue_depth),
            ),
            var(
                "message_age_threshold_seconds",
                ty::number(),
                "Alarm when the oldest message is older than this, in seconds.",
                num(tier.alarms.message_age_seconds),
            ),
        ]);
    }
    if has_alarms(service) {
        vars.push(RootVar {
            validation: Some((
                call(
                    "alltrue",
                    vec![for_list(
                        "email",
                        r("var.alarm_emails"),
                        call("can", vec![call("regex", vec![s("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"), r("email")])]),
                    )],
                ),
                "Each alarm email must be an email address.",
            )),
            ..var(
                "alarm_emails",
                ty::list_string(),
                "Email addresses notified when an alarm changes state; each confirms its subscription.",
                strs(&tier.alarms.notify_emails),
            )
        });
    }
    vars
}

fn deployment_readme(design: &Design, d: &Deployment) -> String {
    let service = &design.services[d.service];
    let tier = &design.tiers[d.tier];
    let mut parts = Vec::new();
    if service.api.is_some() {
        parts.push("ECS API behind an Application Load Balancer".to_string());
    }
    if service.worker.is_some() {
        parts.push("ECS queue worker".to_string());
    }
    for l in &service.lambdas {
        parts.push(format!("Lambda `{}` ({})", l.name, l.runtime));
    }
    if service.database.is_some() {
        parts.push(if d.replica_of_primary {
            format!(
                "PostgreSQL cross-region read replica of `{}` in {}",
                d.primary_db_identifier, d.primary_region
            )
        } else {
            "PostgreSQL on RDS".to_string()
        });
    }
    for q in &service.queues {
        parts.push(format!("SQS queue `{}` with dead-letter queue", q.name));
    }
    for sch in &service.schedules {
        parts.push(format!(
            "schedule `{}`: `{}` → `{}`",
            sch.name, sch.expression, sch.lambda
        ));
    }
    let mut md = format!(
        "# {} — {} in {}{}\n\n{}\n\n## What this root deploys\n\n",
        service.name,
        tier.name,
        d.region,
        if d.dr { " (disaster recovery)" } else { "" },
        if service.description.is_empty() {
            ""
        } else {
            service.description.as_str()
        },
    );
    for p in parts {
        md.push_str(&format!("- {p}\n"));
    }
    md.push_str(&format!(
        "\nCost code: `{}`. State: `s3://{}/{}`.\n\n## Apply\n\n```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\nTier settings are in `terraform.tfvars`; names and wiring in `main.tf`.\n",
        d.cost_code, d.state_bucket, d.state_key
    ));
    md
}

/// The account-wide IAM root, `global/iam/`.
pub fn global_iam(design: &Design) -> Vec<(String, Content)> {
    let primary = design.primary_region().unwrap_or_default();
    let iam = &design.iam;
    let users = obj(iam.users.iter().map(|u| {
        let mut fields = vec![("groups", strs(&u.groups))];
        if u.access_key {
            fields.push(("access_key", b(true)));
        }
        (u.name.clone(), obj(fields))
    }));
    let keys = iam.users.iter().any(|u| u.access_key);
    let groups = obj(iam.groups.iter().map(|g| {
        (
            g.name.clone(),
            obj([
                ("managed_policies", strs(&g.managed_policies)),
                ("s3_data_access", b(g.s3_data_access)),
                ("terraform_apply", b(g.terraform_apply)),
            ]),
        )
    }));
    let mut main = File::new();
    main.push(
        blk("module", &["iam"])
            .a("source", s("../../modules/iam"))
            .a("name_prefix", s(design.project.as_str()))
            .a("users", users)
            .a("groups", groups)
            .a("s3_data_bucket_names", strs(&iam.s3_data_buckets))
            .a("create_ci_role", b(iam.ci_role.enabled))
            .a(
                "github_repositories",
                strs(&iam.ci_role.github_repositories),
            )
            .a(
                "github_apply_environments",
                strs(design.tiers.iter().map(|t| t.name.as_str())),
            )
            .a(
                "state_buckets",
                obj(design
                    .backend
                    .regions
                    .iter()
                    .map(|(region, b)| (region.clone(), s(b.bucket.as_str())))),
            )
            .a(
                "create_github_oidc_provider",
                b(iam.ci_role.create_oidc_provider),
            )
            .a(
                "ci_role_managed_policies",
                strs(&iam.ci_role.managed_policies),
            ),
    );
    let mut outputs = File::new();
    for (name, description) in [
        (
            "ci_plan_role_arn",
            "Read-only role of pull-request and default-branch plans (repository variable AWS_PLAN_ROLE_ARN).",
        ),
        (
            "ci_apply_role_arn",
            "Role of apply jobs in the tiers' GitHub environments (repository variable AWS_APPLY_ROLE_ARN).",
        ),
        (
            "terraform_apply_policy_arn",
            "What applying the deployment roots needs besides PowerUserAccess.",
        ),
        (
            "permissions_boundary_arn",
            "Boundary every role of the deployment roots carries.",
        ),
        ("github_oidc_provider_arn", "The GitHub OIDC provider."),
        ("group_names", "IAM groups."),
        ("user_names", "IAM users."),
        (
            "access_key_parameters",
            "SSM parameter holding each user's access key, by user name.",
        ),
    ]
    .into_iter()
    .filter(|(name, _)| keys || *name != "access_key_parameters")
    {
        outputs.push(
            blk("output", &[name])
                .a("description", s(description))
                .a("value", r(&format!("module.iam.{name}"))),
        );
    }
    let mut variables = File::new();
    variables.push(
        blk("variable", &["aws_region"])
            .a(
                "description",
                s("Region of the provider (IAM itself is global)."),
            )
            .a("type", ty::string())
            .a("default", s(primary)),
    );
    let mut versions = File::new();
    versions.push(terraform_block(&[]));
    let bucket = design
        .backend
        .regions
        .get(primary)
        .map(|b| b.bucket.clone())
        .unwrap_or_default();
    let mut backend = File::new();
    backend.push(backend_block(
        &bucket,
        "global/iam/terraform.tfstate",
        primary,
        &design.project,
    ));
    let mut providers = File::new();
    let global_tags = tags(design, "iam", s("global"), s("global"));
    providers.push(provider(global_tags));

    let mut files: BTreeMap<String, Content> = BTreeMap::new();
    files.insert("global/iam/backend.tf".into(), tf(backend));
    files.insert("global/iam/main.tf".into(), tf(main));
    files.insert("global/iam/outputs.tf".into(), tf(outputs));
    files.insert("global/iam/providers.tf".into(), tf(providers));
    files.insert("global/iam/variables.tf".into(), tf(variables));
    files.insert("global/iam/versions.tf".into(), tf(versions));
    files.insert(
        "global/iam/README.md".into(),
        global_iam_readme(design).into(),
    );
    files.into_iter().collect()
}

/// `global/iam/README.md`: what the root creates and who applies it.
fn global_iam_readme(design: &Design) -> String {
    let project = &design.project;
    let tiers: Vec<String> = design
        .tiers
        .iter()
        .map(|t| format!("`{}`", t.name))
        .collect();
    format!(
        "# Account-wide IAM\n\n\
Users, groups, the custom S3 data-access policy, the project's Terraform apply policy \
(`{project}-terraform-apply`) and the two roles GitHub Actions assumes through OIDC.\n\n\
## Applied by an administrator, not by CI\n\n\
This root creates the CI roles and the policies that limit them, so the CI cannot apply it (and \
the workflow does not try). Apply it once per AWS account, after `backend-bootstrap/`, with \
administrator credentials, and again whenever it changes:\n\n\
```sh\nterraform init\nterraform plan -out tfplan\nterraform apply tfplan\n```\n\n\
## What CI may do\n\n\
- `{project}-ci-plan` (`ci_plan_role_arn`): `ReadOnlyAccess`, read of the state buckets, the \
lock files `*.tflock` (a plan takes the state lock too) and the state key through S3. Assumed by \
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
