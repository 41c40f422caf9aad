//! `modules/ecs-api`: an HTTP service on ECS (EC2 launch type) behind a public Application
//! Load Balancer, in the cluster of its tier and region.
//!
//! Traffic: internet → ALB (HTTPS on 443 with a `domain_name`, else plain HTTP on 80) → the
//! tasks' own network interfaces (`awsvpc`, IP targets) on the container port, only from the
//! ALB's security group.
//!
//! The module is shaped by the design's security choices: the plain HTTP listener exists only
//! when some tier has no domain, the HTTPS listener and its certificate only when some tier has
//! one, the port-80 redirect only when some tier with a domain keeps it. Each weaker choice
//! leaves a `checkov:skip` comment naming its design field.

use super::alarms::{self, Alarm};
use super::ecs_common::{self as common, vars, Grant, CONTAINER_NAME};
use crate::emit::hcl::*;
use crate::emit::module::{permissions_boundary_var, ty, Module, Output, Var};
use crate::emit::security::{bucket_tls_only, Choices};
use crate::kinds::api::{ALB, TARGET_GROUP};

/// The task role may publish to these SQS queues.
const PUBLISH_QUEUES: Grant = Grant {
    sid: "PublishToQueues",
    var: "publish_queue_arns",
    actions: &[
        "sqs:GetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:SendMessage",
    ],
};

/// The module's README paragraph, `$launch` saying where its tasks run.
macro_rules! api_description {
    ($launch:literal, $placed:literal) => {
        concat!(
            "An HTTP service on ECS ",
            $launch,
            " behind a public Application \
Load Balancer (HTTPS with TLS 1.2 or later and an ACM certificate when `domain_name` is set, \
validated through `route53_zone_id`, whose alias records then point the name at the load balancer; \
port 80 then only redirects; AWS WAF with AWS managed rule groups; access logs to an encrypted bucket \
the module creates; invalid header fields dropped; deletion protection), in the cluster of its tier and \
region (`modules/ecs-cluster`) ",
            $placed,
            ": one `awsvpc` task (its own \
network interface in the private subnets, registered with the target group by IP) with a read-only \
root filesystem (only `writable_paths` writable), a service with deployment circuit breaker and \
rollback, CPU step scaling of the task count, least-privilege IAM roles, and alarms (load balancer \
and service 5xx responses, unhealthy targets, fewer running tasks than `desired_count` for 10 \
minutes) that notify `alarm_actions`. The tasks accept traffic \
only from the load balancer, on the container port."
        )
    };
}

/// Builds the module; with `fargate` (some service of the design runs on Fargate) it takes a
/// launch type.
pub fn module(choices: &Choices, fargate: bool) -> Module {
    let shape = Shape::of(choices);
    let grants = [
        common::READ_SECRETS,
        PUBLISH_QUEUES,
        common::USE_KMS_KEYS,
        common::CONNECT_DATABASES,
    ];
    let mut main = File::new();
    common::lookups(&mut main, &grants, fargate);
    main.push(blk("locals", &[]).a("https", op(r("var.domain_name"), Op::NotEq, null())));
    common::log_group(&mut main, choices.short_log_retention());
    common::iam(&mut main, &grants);
    security_groups(&mut main, choices, &shape);
    access_logs(&mut main, choices);
    load_balancer(&mut main, choices, &shape);
    waf(&mut main, choices);
    main.push(common::task_definition(
        Some(r("var.container_port")),
        None,
        choices.writable_root(false),
        fargate,
    ));
    main.push(common::service(
        "aws_security_group.task.id",
        Some(
            blk("load_balancer", &[])
                .a("target_group_arn", r("aws_lb_target_group.this.arn"))
                .a("container_name", s(CONTAINER_NAME))
                .a("container_port", r("var.container_port")),
        ),
        Some(n(60)),
        shape.listeners(),
        fargate,
    ));
    common::autoscaling(&mut main);
    for alarm in alarms() {
        main.push(alarm.block("var.name"));
    }
    main.push(common::running_tasks_alarm());

    let mut module = Module {
        name: "ecs-api",
        description: if fargate {
            api_description!(
                "on EC2 hosts or on Fargate (`launch_type`)",
                "on that cluster's capacity provider, or on Fargate (`FARGATE`, with `fargate_spot` \
mostly `FARGATE_SPOT`)"
            )
        } else {
            api_description!("with the EC2 launch type", "on that cluster's capacity provider")
        },
        variables: vec![
            vars::name(),
            Var::req(
                "short_name",
                ty::string(),
                "At most 28 characters; names the load balancer (`<short_name>-alb`) and target \
group (`<short_name>-tg`), whose names AWS limits to 32 characters.",
            )
            .validate(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![
                            s("^[A-Za-z0-9]([A-Za-z0-9-]{0,26}[A-Za-z0-9])?$"),
                            r("var.short_name"),
                        ],
                    )],
                ),
                "short_name must be 1 to 28 letters, digits or hyphens, not starting or ending \
with a hyphen.",
            ),
            vars::cluster_name(),
            vars::capacity_provider_name(fargate),
            vars::vpc_id(),
            vars::private_subnet_ids(),
            Var::req(
                "public_subnet_ids",
                ty::list_string(),
                "IDs of the public subnets of the load balancer, in at least two Availability Zones.",
            ),
            vars::container_image(),
            vars::container_command(),
            Var::req(
                "container_port",
                ty::number(),
                "TCP port the container listens on for HTTP, on the task's own network interface; \
the load balancer sends to it.",
            )
            .validate(port_range("var.container_port"), "container_port must be 1 to 65535."),
            vars::container_cpu(),
            vars::container_memory(),
            vars::desired_count(),
            Var::opt(
                "health_check_path",
                ty::string(),
                "HTTP path the target group checks on each task; a 200–399 response means healthy.",
                s("/"),
            ),
            vars::environment_variables(),
            vars::secret_arns(),
            vars::db_connect_arns(),
            Var::opt(
                "publish_queue_arns",
                ty::list_string(),
                "ARNs of SQS queues the task role may send messages to (SendMessage, GetQueueUrl, \
GetQueueAttributes).",
                list([]),
            ),
            domain_name(&shape),
            Var::opt(
                "certificate_arn",
                ty::string(),
                "ARN of an ACM certificate (of this region) covering `domain_name`; null requests a \
DNS-validated certificate for it.",
                null(),
            ),
            Var::opt(
                "route53_zone_id",
                ty::string(),
                "Public Route 53 hosted zone of `domain_name`: holds the certificate's validation \
records and the alias records (A and AAAA) of `domain_name` to the load balancer. Null needs \
`certificate_arn`; then create a CNAME of `domain_name` to `alb_dns_name` yourself.",
                null(),
            )
            .validate(
                op(
                    op(
                        op(r("var.domain_name"), Op::Eq, null()),
                        Op::Or,
                        op(r("var.route53_zone_id"), Op::NotEq, null()),
                    ),
                    Op::Or,
                    op(r("var.certificate_arn"), Op::NotEq, null()),
                ),
                "With domain_name, set route53_zone_id (the module validates the certificate and \
points the name at the load balancer) or certificate_arn (an issued certificate): otherwise \
apply waits up to 75 minutes for validation records nobody creates.",
            ),
            Var::opt(
                "dns_failover",
                ty::string(),
                "Route 53 failover role of the alias records when the same `domain_name` is served \
from two regions: `PRIMARY` (answers while its load balancer has a healthy target) or \
`SECONDARY` (answers when the primary does not). Null: simple records.",
                null(),
            )
            .validate(
                // A null coalesces to a valid value: `contains` refuses null.
                call(
                    "contains",
                    vec![
                        strs(["PRIMARY", "SECONDARY"]),
                        call("coalesce", vec![r("var.dns_failover"), s("PRIMARY")]),
                    ],
                ),
                "dns_failover must be null, PRIMARY or SECONDARY.",
            ),
            Var::opt(
                "http_redirect",
                ty::bool(),
                "With `domain_name`: also listen on port 80, only to redirect to HTTPS.",
                b(true),
            ),
            Var::opt(
                "waf_enabled",
                ty::bool(),
                "Put an AWS WAF web ACL (AWS managed common, known-bad-inputs, IP reputation and \
anonymous IP rule groups; logs to CloudWatch) in front of the load balancer.",
                b(true),
            ),
            Var::opt(
                "deletion_protection",
                ty::bool(),
                if choices.own_access_log_buckets() {
                    "Refuse to delete the load balancer (and keep its access-log bucket when destroying)."
                } else {
                    "Refuse to delete the load balancer."
                },
                b(true),
            ),
            Var::opt(
                "access_log_retention_days",
                ty::number(),
                "Days the load balancer's access logs are kept in their bucket.",
                n(90),
            )
            .validate(
                op(r("var.access_log_retention_days"), Op::GreaterEq, n(1)),
                "access_log_retention_days must be at least 1.",
            ),
            vars::kms_key_arns(),
            vars::readonly_root_filesystem(),
            vars::writable_paths(),
            vars::log_retention_days(),
            vars::kms_key_arn(),
            vars::cpu_high_threshold(),
            vars::cpu_low_threshold(),
            alarms::actions_var(),
            permissions_boundary_var(),
        ],
        outputs: vec![
            Output::new("service_name", "Name of the ECS service.", r("aws_ecs_service.this.name")),
            Output::new(
                "alb_dns_name",
                "DNS name of the load balancer.",
                r("aws_lb.this.dns_name"),
            ),
            Output::new(
                "alb_zone_id",
                "Route 53 zone of the load balancer's DNS name (for alias records kept elsewhere).",
                r("aws_lb.this.zone_id"),
            ),
            Output::new(
                "url",
                "Base URL of the API: `https://<domain_name>` with a domain, else \
`http://<alb_dns_name>`.",
                cond(
                    r("local.https"),
                    tpl(vec![T::L("https://"), T::X(r("var.domain_name"))]),
                    tpl(vec![T::L("http://"), T::X(r("aws_lb.this.dns_name"))]),
                ),
            ),
            Output::new("alb_arn", "ARN of the load balancer.", r("aws_lb.this.arn")),
            Output::new(
                "alb_security_group_id",
                "ID of the load balancer's security group.",
                r("aws_security_group.alb.id"),
            ),
            Output::new(
                "task_security_group_id",
                "ID of the tasks' security group (e.g. to allow them into a database).",
                r("aws_security_group.task.id"),
            ),
            Output::new(
                "access_logs_bucket",
                "Name of the bucket holding the load balancer's access logs.",
                access_logs_bucket(choices),
            ),
            Output::new(
                "target_group_arn",
                "ARN of the target group.",
                r("aws_lb_target_group.this.arn"),
            ),
            Output::new(
                "task_role_arn",
                "ARN of the task role (to grant the application more access).",
                r("aws_iam_role.task.arn"),
            ),
            Output::new(
                "log_group_name",
                "Name of the CloudWatch log group of the containers.",
                r("aws_cloudwatch_log_group.this.name"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    };
    if !choices.own_access_log_buckets() {
        let existing = Var::req(
            "access_logs_bucket",
            ty::string(),
            "Name of an existing bucket in this region (SSE-S3, with a policy that lets Elastic \
Load Balancing deliver) that receives the load balancer's access logs; its own lifecycle \
decides how long they are kept.",
        );
        match module
            .variables
            .iter()
            .position(|v| v.name == "access_log_retention_days")
        {
            Some(at) => module.variables[at] = existing,
            None => module.variables.push(existing),
        }
    }
    if choices.replicates_access_logs() {
        let at = module
            .variables
            .iter()
            .position(|v| v.name == "access_log_retention_days")
            .map_or(module.variables.len(), |i| i + 1);
        module.variables.insert(
            at,
            Var::req(
                "access_log_replica_bucket",
                ty::string(),
                "Name of the log bucket in another region that the access logs replicate to \
(the state access-log bucket of that region, created by `backend-bootstrap`).",
            ),
        );
    }
    common::launch_vars(&mut module.variables, fargate);
    module
}

/// Alarms a person must hear about: more than 10 5xx answers in 5 minutes from the load
/// balancer itself or from the service, a target unhealthy for 5 minutes.
fn alarms() -> Vec<Alarm<'static>> {
    let lb = || ("LoadBalancer", r("aws_lb.this.arn_suffix"));
    let fivexx = |name, suffix, metric, what| Alarm {
        name,
        suffix,
        what,
        namespace: "AWS/ApplicationELB",
        metric,
        statistic: "Sum",
        period: 300,
        periods: 1,
        comparison: "GreaterThanThreshold",
        threshold: n(10),
        dimensions: vec![lb()],
    };
    vec![
        fivexx(
            "alb_5xx",
            "-alb-5xx",
            "HTTPCode_ELB_5XX_Count",
            "The load balancer answered more than 10 requests with its own 5xx in 5 minutes: no healthy target, or targets timing out.",
        ),
        fivexx(
            "target_5xx",
            "-5xx",
            "HTTPCode_Target_5XX_Count",
            "The service answered more than 10 requests with a 5xx in 5 minutes.",
        ),
        Alarm {
            name: "unhealthy_targets",
            suffix: "-unhealthy-targets",
            what: "A target has failed its health checks for 5 minutes.",
            namespace: "AWS/ApplicationELB",
            metric: "UnHealthyHostCount",
            statistic: "Maximum",
            period: 60,
            periods: 5,
            comparison: "GreaterThanThreshold",
            threshold: n(0),
            dimensions: vec![
                ("TargetGroup", r("aws_lb_target_group.this.arn_suffix")),
                lb(),
            ],
        },
    ]
}

/// `1 <= port <= 65535`.
fn port_range(port: &str) -> E {
    op(
        op(r(port), Op::GreaterEq, n(1)),
        Op::And,
        op(r(port), Op::LessEq, n(65535)),
    )
}

/// Which listeners this design needs (see the module documentation).
struct Shape {
    /// Some tier has no domain: the plain HTTP listener.
    plain: bool,
    /// Some tier has a domain: certificate and HTTPS listener.
    https: bool,
    /// Some tier with a domain keeps port 80 for the redirect.
    redirect: bool,
}

impl Shape {
    fn of(choices: &Choices) -> Shape {
        Shape {
            plain: !choices.http_only().is_empty(),
            https: choices.any_https(),
            redirect: !choices.http_redirect().is_empty(),
        }
    }

    /// The forwarding listeners the service waits for.
    fn listeners(&self) -> Vec<E> {
        let mut l = Vec::new();
        if self.plain {
            l.push(r("aws_lb_listener.http"));
        }
        if self.https {
            l.push(r("aws_lb_listener.https"));
        }
        l
    }
}

/// `domain_name`, refusing what the design did not generate a listener for.
fn domain_name(shape: &Shape) -> Var {
    let var = Var::opt(
        "domain_name",
        ty::string(),
        "Host name the API answers on, e.g. `orders.example.com`: the load balancer serves HTTPS \
on 443 with a certificate for it (TLS 1.2 or later). Null serves plain HTTP on port 80.",
        null(),
    );
    match (shape.plain, shape.https) {
        (false, _) => var.validate(
            op(r("var.domain_name"), Op::NotEq, null()),
            "The design gives every tier a domain, so this module has no plain HTTP listener: \
set domain_name.",
        ),
        (true, false) => var.validate(
            op(r("var.domain_name"), Op::Eq, null()),
            "No tier of the design has a domain, so this module has no HTTPS listener: set the \
tier's domain in the design and regenerate.",
        ),
        (true, true) => var,
    }
}

/// The load balancer's and the tasks' security groups, one rule per resource.
fn security_groups(main: &mut File, choices: &Choices, shape: &Shape) {
    main.push(
        resource("aws_security_group", "alb")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-alb")]))
            .a(
                "description",
                s("Load balancer: HTTP(S) in from clients, the container port out to the tasks"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    if shape.plain || shape.redirect {
        main.push(
            resource("aws_vpc_security_group_ingress_rule", "alb_http")
                .skips(choices.port_80_open())
                .a(
                    "count",
                    cond(
                        op(
                            op(r("local.https"), Op::Eq, b(false)),
                            Op::Or,
                            r("var.http_redirect"),
                        ),
                        n(1),
                        n(0),
                    ),
                )
                .a("security_group_id", r("aws_security_group.alb.id"))
                .a(
                    "description",
                    s("HTTP from anywhere: the service itself, or only the redirect to HTTPS"),
                )
                .a("ip_protocol", s("tcp"))
                .a("from_port", n(80))
                .a("to_port", n(80))
                .a("cidr_ipv4", s("0.0.0.0/0")),
        );
    }
    if shape.https {
        main.push(
            resource("aws_vpc_security_group_ingress_rule", "alb_https")
                .a("count", cond(r("local.https"), n(1), n(0)))
                .a("security_group_id", r("aws_security_group.alb.id"))
                .a("description", s("HTTPS from anywhere (public entry point)"))
                .a("ip_protocol", s("tcp"))
                .a("from_port", n(443))
                .a("to_port", n(443))
                .a("cidr_ipv4", s("0.0.0.0/0")),
        );
    }
    // No rule for callers inside the VPC: the load balancer is internet-facing, so they reach
    // it through their NAT gateway and arrive from its public address, never from their
    // security group. They call `url` like any client.
    main.push(
        container_port(
            "aws_vpc_security_group_egress_rule",
            "alb_to_tasks",
            "alb",
            "The container port of the tasks",
        )
        .a(
            "referenced_security_group_id",
            r("aws_security_group.task.id"),
        ),
    );

    main.push(
        resource("aws_security_group", "task")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-tasks")]))
            .a(
                "description",
                s("ECS tasks: the container port in from the load balancer only, all out"),
            )
            .a("vpc_id", r("var.vpc_id")),
    );
    main.push(
        container_port(
            "aws_vpc_security_group_ingress_rule",
            "task_from_alb",
            "task",
            "The container port from the load balancer",
        )
        .a(
            "referenced_security_group_id",
            r("aws_security_group.alb.id"),
        ),
    );
    main.push(common::egress_all(
        "task_all",
        "aws_security_group.task.id",
        "All outbound: ECR, CloudWatch and the dependencies of the service",
    ));
}

/// A rule of `aws_security_group.<sg>` on the container port; the caller adds the peer.
fn container_port(kind: &str, name: &str, sg: &str, description: &str) -> Blk {
    resource(kind, name)
        .a(
            "security_group_id",
            r(&format!("aws_security_group.{sg}.id")),
        )
        .a("description", s(description))
        .a("ip_protocol", s("tcp"))
        .a("from_port", r("var.container_port"))
        .a("to_port", r("var.container_port"))
}

/// The name of the bucket receiving the load balancer's access logs: the module's own, or
/// `var.access_logs_bucket` when the design names existing buckets.
fn access_logs_bucket(choices: &Choices) -> E {
    if choices.own_access_log_buckets() {
        logs_bucket("bucket")
    } else {
        r("var.access_logs_bucket")
    }
}

/// `aws_s3_bucket.access_logs.<attr>`.
fn logs_bucket(attr: &str) -> E {
    r(&format!("aws_s3_bucket.access_logs.{attr}"))
}

/// The bucket of the load balancer's access logs: versioned, encrypted with S3-managed keys
/// (the only encryption ELB log delivery supports), public access blocked, objects owned by
/// the bucket owner, TLS-only, logs expiring after `access_log_retention_days`.
fn access_logs(main: &mut File, choices: &Choices) {
    if !choices.own_access_log_buckets() {
        return;
    }
    main.push(data("aws_elb_service_account", "this"));
    let (events, no_events) = choices.events("access_logs", None, logs_bucket("id"));
    main.push(
        resource("aws_s3_bucket", "access_logs")
            .skips(no_events)
            .skips(choices.no_log_replication())
            .skips(choices.own_log_bucket("Elastic Load Balancing"))
            .a(
                "bucket_prefix",
                tpl(vec![
                    T::X(call("lower", vec![r("var.short_name")])),
                    T::L("-logs-"),
                ]),
            )
            .a(
                "force_destroy",
                op(r("var.deletion_protection"), Op::Eq, b(false)),
            ),
    );
    if let Some(events) = events {
        main.push(events);
    }
    main.push(
        resource("aws_s3_bucket_versioning", "access_logs")
            .a("bucket", logs_bucket("id"))
            .b(blk("versioning_configuration", &[]).a("status", s("Enabled"))),
    );
    main.push(
        resource("aws_s3_bucket_server_side_encryption_configuration", "access_logs")
            .a("bucket", logs_bucket("id"))
            .b(blk("rule", &[]).b(
                blk("apply_server_side_encryption_by_default", &[]).a("sse_algorithm", s("AES256")),
            )),
    );
    main.push(
        resource("aws_s3_bucket_public_access_block", "access_logs")
            .a("bucket", logs_bucket("id"))
            .a("block_public_acls", b(true))
            .a("block_public_policy", b(true))
            .a("ignore_public_acls", b(true))
            .a("restrict_public_buckets", b(true)),
    );
    main.push(
        resource("aws_s3_bucket_ownership_controls", "access_logs")
            .a("bucket", logs_bucket("id"))
            .b(blk("rule", &[]).a("object_ownership", s("BucketOwnerEnforced"))),
    );
    main.push(
        resource("aws_s3_bucket_lifecycle_configuration", "access_logs")
            .a("bucket", logs_bucket("id"))
            .b(blk("rule", &[])
                .a("id", s("expire-access-logs"))
                .a("status", s("Enabled"))
                .b(blk("filter", &[]))
                .b(blk("expiration", &[]).a("days", r("var.access_log_retention_days")))
                .b(blk("noncurrent_version_expiration", &[]).a("noncurrent_days", n(1)))
                .b(blk("abort_incomplete_multipart_upload", &[]).a("days_after_initiation", n(1))))
            .a(
                "depends_on",
                list([r("aws_s3_bucket_versioning.access_logs")]),
            ),
    );
    let log_objects = tpl(vec![
        T::X(logs_bucket("arn")),
        T::L("/AWSLogs/"),
        T::X(r("data.aws_caller_identity.current.account_id")),
        T::L("/*"),
    ]);
    let deliver = |sid: &str, kind: &str, who: E| {
        blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(["s3:PutObject"]))
            .a("resources", list([log_objects.clone()]))
            .b(blk("principals", &[])
                .a("type", s(kind))
                .a("identifiers", who))
    };
    main.push(
        data("aws_iam_policy_document", "access_logs")
            // Regions opened before August 2022 deliver as the regional ELB account, newer
            // ones as the log delivery service.
            .b(deliver(
                "ElbAccountDelivers",
                "AWS",
                list([r("data.aws_elb_service_account.this.arn")]),
            ))
            .b(deliver(
                "LogDeliveryServiceDelivers",
                "Service",
                strs(["logdelivery.elasticloadbalancing.amazonaws.com"]),
            ))
            .b(bucket_tls_only(logs_bucket("arn"))),
    );
    main.push(
        resource("aws_s3_bucket_policy", "access_logs")
            .a("bucket", logs_bucket("id"))
            .a("policy", r("data.aws_iam_policy_document.access_logs.json"))
            .a(
                "depends_on",
                list([r("aws_s3_bucket_public_access_block.access_logs")]),
            ),
    );
    if choices.replicates_access_logs() {
        access_log_replication(main);
    }
}

/// Replication of the access logs to `var.access_log_replica_bucket` in another region (SSE-S3
/// objects: no key involved). The replicas expire with that bucket's own lifecycle rule.
fn access_log_replication(main: &mut File) {
    let replica_bucket = || {
        tpl(vec![
            T::L("arn:"),
            T::X(r("data.aws_partition.current.partition")),
            T::L(":s3:::"),
            T::X(r("var.access_log_replica_bucket")),
        ])
    };
    let statement = |sid: &str, actions: &[&str], resource: E| {
        blk("statement", &[])
            .a("sid", s(sid))
            .a("actions", strs(actions))
            .a("resources", list([resource]))
    };
    main.push(
        data("aws_iam_policy_document", "access_logs_replication_assume").b(blk("statement", &[])
            .a("actions", strs(["sts:AssumeRole"]))
            .b(blk("principals", &[])
                .a("type", s("Service"))
                .a("identifiers", strs(["s3.amazonaws.com"])))),
    );
    main.push(
        resource("aws_iam_role", "access_logs_replication")
            // `<name>`-prefixed like every role of the bundle, so the CI apply policy covers it.
            .a(
                "name_prefix",
                tpl(vec![
                    T::X(call("substr", vec![r("var.name"), n(0), n(26)])),
                    T::L("-logs-repl-"),
                ]),
            )
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a(
                "description",
                tpl(vec![
                    T::L("S3 replication of the load balancer access logs of "),
                    T::X(r("var.name")),
                ]),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.access_logs_replication_assume.json"),
            ),
    );
    main.push(
        data("aws_iam_policy_document", "access_logs_replication")
            .b(statement(
                "ReadReplicationConfiguration",
                &["s3:GetReplicationConfiguration", "s3:ListBucket"],
                logs_bucket("arn"),
            ))
            .b(statement(
                "ReadLogVersions",
                &[
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                ],
                tpl(vec![T::X(logs_bucket("arn")), T::L("/*")]),
            ))
            .b(statement(
                "WriteReplicas",
                &["s3:ReplicateObject", "s3:ReplicateTags"],
                tpl(vec![T::X(replica_bucket()), T::L("/*")]),
            )),
    );
    main.push(
        resource("aws_iam_role_policy", "access_logs_replication")
            .a("name", s("replicate-access-logs"))
            .a("role", r("aws_iam_role.access_logs_replication.id"))
            .a(
                "policy",
                r("data.aws_iam_policy_document.access_logs_replication.json"),
            ),
    );
    main.push(
        resource("aws_s3_bucket_replication_configuration", "access_logs")
            .a("bucket", logs_bucket("id"))
            .a("role", r("aws_iam_role.access_logs_replication.arn"))
            .b(blk("rule", &[])
                .a("id", s("to-log-archive"))
                .a("status", s("Enabled"))
                .b(blk("filter", &[]))
                .b(blk("delete_marker_replication", &[]).a("status", s("Disabled")))
                .b(blk("destination", &[]).a("bucket", replica_bucket())))
            // Replication needs versioning on the source (the destination is versioned by
            // backend-bootstrap).
            .a(
                "depends_on",
                list([r("aws_s3_bucket_versioning.access_logs")]),
            ),
    );
}

/// The public load balancer, its target group of task addresses, the certificate and the
/// listeners this design needs.
fn load_balancer(main: &mut File, choices: &Choices, shape: &Shape) {
    main.push(
        resource("aws_lb", "this")
            .skips(choices.http_listener("CKV2_AWS_20"))
            .skips(choices.no_waf())
            .skips(choices.no_alb_deletion_protection())
            .a(
                "name",
                tpl(vec![T::X(r("var.short_name")), T::L(ALB.suffix)]),
            )
            .a("load_balancer_type", s("application"))
            .a("internal", b(false))
            .a("security_groups", list([r("aws_security_group.alb.id")]))
            .a("subnets", r("var.public_subnet_ids"))
            .a("drop_invalid_header_fields", b(true))
            .a("enable_deletion_protection", r("var.deletion_protection"))
            .b(blk("access_logs", &[])
                .a("bucket", access_logs_bucket(choices))
                .a("enabled", b(true)))
            .opt(
                "depends_on",
                choices
                    .own_access_log_buckets()
                    .then(|| list([r("aws_s3_bucket_policy.access_logs")])),
            ),
    );
    main.push(
        resource("aws_lb_target_group", "this")
            .skips(choices.http_listener("CKV_AWS_378"))
            .a(
                "name",
                tpl(vec![T::X(r("var.short_name")), T::L(TARGET_GROUP.suffix)]),
            )
            .a("vpc_id", r("var.vpc_id"))
            // `awsvpc` tasks register by their own IP address.
            .a("target_type", s("ip"))
            .a("protocol", s("HTTP"))
            .a("port", r("var.container_port"))
            .a("deregistration_delay", n(30))
            .b(blk("health_check", &[])
                .a("enabled", b(true))
                .a("protocol", s("HTTP"))
                .a("port", s("traffic-port"))
                .a("path", r("var.health_check_path"))
                .a("matcher", s("200-399"))
                .a("interval", n(30))
                .a("timeout", n(5))
                .a("healthy_threshold", n(3))
                .a("unhealthy_threshold", n(3))),
    );
    if shape.plain {
        main.push(
            resource("aws_lb_listener", "http")
                .skips(choices.http_listener("CKV_AWS_2"))
                .skips(choices.http_listener("CKV_AWS_103"))
                .a("count", cond(r("local.https"), n(0), n(1)))
                .a("load_balancer_arn", r("aws_lb.this.arn"))
                .a("port", n(80))
                .a("protocol", s("HTTP"))
                .b(forward()),
        );
    }
    if shape.https {
        certificate(main);
        alias_records(main);
        main.push(
            resource("aws_lb_listener", "https")
                .a("count", cond(r("local.https"), n(1), n(0)))
                .a("load_balancer_arn", r("aws_lb.this.arn"))
                .a("port", n(443))
                .a("protocol", s("HTTPS"))
                .a("ssl_policy", s(TLS_POLICY))
                .a("certificate_arn", r("local.certificate_arn"))
                .b(forward()),
        );
    }
    if shape.redirect {
        main.push(
            resource("aws_lb_listener", "redirect")
                .a(
                    "count",
                    cond(
                        op(r("local.https"), Op::And, r("var.http_redirect")),
                        n(1),
                        n(0),
                    ),
                )
                .a("load_balancer_arn", r("aws_lb.this.arn"))
                .a("port", n(80))
                .a("protocol", s("HTTP"))
                .b(blk("default_action", &[])
                    .a("type", s("redirect"))
                    .b(blk("redirect", &[])
                        .a("port", s("443"))
                        .a("protocol", s("HTTPS"))
                        .a("status_code", s("HTTP_301")))),
        );
    }
}

/// TLS 1.3 and 1.2 only, forward-secret ciphers.
const TLS_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

fn forward() -> Blk {
    blk("default_action", &[])
        .a("type", s("forward"))
        .a("target_group_arn", r("aws_lb_target_group.this.arn"))
}

/// The certificate of `domain_name` unless `certificate_arn` is given, validated through DNS
/// (records in `route53_zone_id` when given), and `local.certificate_arn` (the caller defines
/// `local.https`; the HTTP API shares it).
pub(super) fn certificate(main: &mut File) {
    let requested = || {
        op(
            r("local.https"),
            Op::And,
            op(r("var.certificate_arn"), Op::Eq, null()),
        )
    };
    main.push(
        resource("aws_acm_certificate", "this")
            .a("count", cond(requested(), n(1), n(0)))
            .a("domain_name", r("var.domain_name"))
            .a("validation_method", s("DNS"))
            .b(blk("lifecycle", &[]).a("create_before_destroy", b(true))),
    );
    let mut f = hcl::expr::ForExpr::new(
        hcl::Identifier::sanitized("o"),
        call(
            "flatten",
            vec![r("aws_acm_certificate.this[*].domain_validation_options")],
        ),
        r("o"),
    )
    .with_key_expr(r("o.domain_name"));
    f.cond_expr = Some(op(r("var.route53_zone_id"), Op::NotEq, null()));
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
            .a("count", cond(requested(), n(1), n(0)))
            .a("certificate_arn", r("aws_acm_certificate.this[0].arn"))
            .a(
                "validation_record_fqdns",
                cond(
                    op(r("var.route53_zone_id"), Op::Eq, null()),
                    null(),
                    for_list("rec", r("aws_route53_record.validation"), r("rec.fqdn")),
                ),
            ),
    );
    main.push(blk("locals", &[]).a(
        "certificate_arn",
        cond(
            op(r("var.certificate_arn"), Op::NotEq, null()),
            r("var.certificate_arn"),
            call(
                "one",
                vec![r("aws_acm_certificate_validation.this[*].certificate_arn")],
            ),
        ),
    ));
}

/// `domain_name` → the load balancer in `route53_zone_id` (A and AAAA alias records that follow
/// the load balancer's health), as failover records when `dns_failover` is set: the primary
/// region's answer while its load balancer has a healthy target, the standby's otherwise. The
/// switch is Route 53's data plane, so it needs no change (and no Terraform) during an outage.
fn alias_records(main: &mut File) {
    alias_records_to(main, r("aws_lb.this.dns_name"), r("aws_lb.this.zone_id"));
}

/// A and AAAA alias records of `var.domain_name` in `var.route53_zone_id` to the target
/// (`name`, `zone_id`) when `local.https` and a zone are set; failover records with
/// `var.dns_failover` (the target's health decides). The load balancer's and the HTTP API's.
pub(super) fn alias_records_to(main: &mut File, name: E, zone_id: E) {
    let wanted = op(
        r("local.https"),
        Op::And,
        op(r("var.route53_zone_id"), Op::NotEq, null()),
    );
    main.push(
        resource("aws_route53_record", "alias")
            .a(
                "for_each",
                cond(
                    wanted,
                    call("toset", vec![strs(["A", "AAAA"])]),
                    call("toset", vec![list([])]),
                ),
            )
            .a("zone_id", r("var.route53_zone_id"))
            .a("name", r("var.domain_name"))
            .a("type", r("each.value"))
            .a(
                "set_identifier",
                cond(
                    op(r("var.dns_failover"), Op::Eq, null()),
                    null(),
                    r("data.aws_region.current.region"),
                ),
            )
            .b(blk("dynamic", &["failover_routing_policy"])
                .a(
                    "for_each",
                    cond(
                        op(r("var.dns_failover"), Op::Eq, null()),
                        list([]),
                        list([r("var.dns_failover")]),
                    ),
                )
                .b(blk("content", &[]).a("type", r("failover_routing_policy.value"))))
            .b(blk("alias", &[])
                .a("name", name)
                .a("zone_id", zone_id)
                .a("evaluate_target_health", b(true))),
    );
}

/// The optional AWS WAF web ACL with AWS managed rule groups, its association with the load
/// balancer and its logs (KMS-encrypted CloudWatch log group).
fn waf(main: &mut File, choices: &Choices) {
    let on = || cond(r("var.waf_enabled"), n(1), n(0));
    let visibility = |metric: E| {
        blk("visibility_config", &[])
            .a("cloudwatch_metrics_enabled", b(true))
            .a("metric_name", metric)
            .a("sampled_requests_enabled", b(true))
    };
    // `count_only`: rules of the group that only count (never block) matching requests.
    let managed = |priority: i64, name: &str, count_only: &[&str]| {
        let overrides = count_only.iter().map(|rule| {
            blk("rule_action_override", &[])
                .a("name", s(*rule))
                .b(blk("action_to_use", &[]).b(blk("count", &[])))
        });
        blk("rule", &[])
            .a("name", s(name))
            .a("priority", n(priority))
            .b(blk("override_action", &[]).b(blk("none", &[])))
            .b(
                blk("statement", &[]).b(blk("managed_rule_group_statement", &[])
                    .a("name", s(name))
                    .a("vendor_name", s("AWS"))
                    .bs(overrides)),
            )
            .b(visibility(s(name)))
    };
    main.push(
        resource("aws_wafv2_web_acl", "this")
            .a("count", on())
            .a("name", r("var.name"))
            .a(
                "description",
                s("Public load balancer: AWS managed common, known-bad-inputs, IP reputation and anonymous IP rules"),
            )
            .a("scope", s("REGIONAL"))
            .b(blk("default_action", &[]).b(blk("allow", &[])))
            // Bodies over 8 KB (what WAF inspects on a load balancer) are only counted, so
            // uploads get through; the rest of the body is not inspected.
            .b(managed(
                1,
                "AWSManagedRulesCommonRuleSet",
                &["SizeRestrictions_BODY"],
            ))
            .b(managed(2, "AWSManagedRulesKnownBadInputsRuleSet", &[]))
            .b(managed(3, "AWSManagedRulesAmazonIpReputationList", &[]))
            // Anonymizers (VPNs, Tor) are blocked; requests from cloud hosting providers are
            // only counted, so partners calling from their servers still get through.
            .b(managed(
                4,
                "AWSManagedRulesAnonymousIpList",
                &["HostingProviderIPList"],
            ))
            .b(visibility(r("var.name"))),
    );
    main.push(
        resource("aws_wafv2_web_acl_association", "this")
            .a("count", on())
            .a("resource_arn", r("aws_lb.this.arn"))
            .a("web_acl_arn", r("aws_wafv2_web_acl.this[0].arn")),
    );
    main.push(
        resource("aws_cloudwatch_log_group", "waf")
            .skips(choices.short_log_retention())
            .a("count", on())
            // WAF requires the `aws-waf-logs-` prefix.
            .a(
                "name",
                tpl(vec![T::L("aws-waf-logs-"), T::X(r("var.name"))]),
            )
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
    );
    main.push(
        resource("aws_wafv2_web_acl_logging_configuration", "this")
            .a("count", on())
            .a("resource_arn", r("aws_wafv2_web_acl.this[0].arn"))
            .a(
                "log_destination_configs",
                list([r("aws_cloudwatch_log_group.waf[0].arn")]),
            ),
    );
}
