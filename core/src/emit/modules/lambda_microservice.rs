//! `modules/lambda-microservice`: a Lambda function in a VPC with its role, security group,
//! log group, optional function URL and optional SQS trigger.

use super::alarms::{self, Alarm};
use crate::emit::hcl::*;
use crate::emit::module::{
    permissions_boundary_var, ty, Module, Output, Var, ARCHIVE_PROVIDER_VERSION,
};
use crate::emit::security::Choices;
use crate::kinds::lambda::{LAMBDA_ASYNC_DLQ, LAMBDA_LOG_GROUP};

/// AWS managed policies every function gets, by `for_each` key (path after `:policy/`).
const MANAGED_POLICIES: [(&str, &str); 3] = [
    ("basic", "service-role/AWSLambdaBasicExecutionRole"),
    ("vpc", "service-role/AWSLambdaVPCAccessExecutionRole"),
    ("xray", "AWSXRayDaemonWriteAccess"),
];

/// Actions the event source mapping needs on the trigger queue.
const SQS_CONSUME_ACTIONS: [&str; 3] = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
];

/// First line of every placeholder file (a comment in both languages' syntax is chosen per runtime).
const PLACEHOLDER_NOTE: &str = "Placeholder handler shipped by tfdesign so the function can be created before its code exists. Deploy your code with `aws lambda update-function-code` (Terraform ignores later code changes).";

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let mut main = File::new();
    let uses_placeholder = || op(r("var.package_path"), Op::Eq, null());
    let has_queue = || op(r("var.sqs_trigger_queue_arn"), Op::NotEq, null());

    main.push(
        blk("locals", &[])
            // The placeholder serves the configured handler: `app.handler` on python is
            // `app.py` with `def handler`, on nodejs `app.js` exporting `handler`.
            .a(
                "handler_function",
                call(
                    "element",
                    vec![
                        call("split", vec![s("."), r("var.handler")]),
                        op(
                            call("length", vec![call("split", vec![s("."), r("var.handler")])]),
                            Op::Minus,
                            n(1),
                        ),
                    ],
                ),
            )
            .a(
                "handler_file",
                call(
                    "trimsuffix",
                    vec![
                        r("var.handler"),
                        tpl(vec![T::L("."), T::X(r("local.handler_function"))]),
                    ],
                ),
            )
            .a("python", call("startswith", vec![r("var.runtime"), s("python")]))
            .a(
                "placeholder_file",
                cond(
                    r("local.python"),
                    tpl(vec![
                        T::X(call("replace", vec![r("local.handler_file"), s("."), s("/")])),
                        T::L(".py"),
                    ]),
                    tpl(vec![T::X(r("local.handler_file")), T::L(".js")]),
                ),
            )
            .a(
                "placeholder_code",
                cond(
                    r("local.python"),
                    tpl(vec![
                        T::L("# "),
                        T::L(PLACEHOLDER_NOTE),
                        T::L("\ndef "),
                        T::X(r("local.handler_function")),
                        T::L("(event, context):\n    return {\"statusCode\": 200, \"body\": \"placeholder\"}\n"),
                    ]),
                    tpl(vec![
                        T::L("// "),
                        T::L(PLACEHOLDER_NOTE),
                        T::L("\nexports."),
                        T::X(r("local.handler_function")),
                        T::L(" = async () => ({ statusCode: 200, body: \"placeholder\" });\n"),
                    ]),
                ),
            )
            .a(
                "package_path",
                cond(
                    uses_placeholder(),
                    r("data.archive_file.placeholder[0].output_path"),
                    r("var.package_path"),
                ),
            )
            .a(
                "source_code_hash",
                cond(
                    uses_placeholder(),
                    r("data.archive_file.placeholder[0].output_base64sha256"),
                    call("filebase64sha256", vec![r("var.package_path")]),
                ),
            )
            .a(
                "create_access_policy",
                op(
                    op(
                        op(
                            op(call("length", vec![r("var.secret_arns")]), Op::Greater, n(0)),
                            Op::Or,
                            has_queue(),
                        ),
                        Op::Or,
                        op(call("length", vec![r("var.db_connect_arns")]), Op::Greater, n(0)),
                    ),
                    Op::Or,
                    op(call("length", vec![r("var.publish_queue_arns")]), Op::Greater, n(0)),
                ),
            ),
    );
    main.push(data("aws_partition", "current"));
    main.push(data("aws_vpc", "this").a("id", r("var.vpc_id")));

    // Code: the caller's package, or the placeholder handler shipped in the module.
    main.push(
        data("archive_file", "placeholder")
            .a("count", cond(uses_placeholder(), n(1), n(0)))
            .a("type", s("zip"))
            .a("source_content", r("local.placeholder_code"))
            .a("source_content_filename", r("local.placeholder_file"))
            .a(
                "output_path",
                tpl(vec![
                    T::X(r("path.root")),
                    T::L("/.build/"),
                    T::X(r("var.name")),
                    T::L("-placeholder.zip"),
                ]),
            )
            .b(precondition(
                op(
                    call("startswith", vec![r("var.runtime"), s("python")]),
                    Op::Or,
                    call("startswith", vec![r("var.runtime"), s("nodejs")]),
                ),
                "The placeholder handler exists for nodejs* and python* runtimes only: set \
package_path for other runtimes.",
            )),
    );

    // Execution role.
    main.push(
        data("aws_iam_policy_document", "assume_role").b(blk("statement", &[])
            .a("actions", strs(["sts:AssumeRole"]))
            .b(blk("principals", &[])
                .a("type", s("Service"))
                .a("identifiers", strs(["lambda.amazonaws.com"])))),
    );
    main.push(
        resource("aws_iam_role", "this")
            .a("permissions_boundary", r("var.permissions_boundary_arn"))
            .a("name", r("var.name"))
            .a(
                "description",
                tpl(vec![
                    T::L("Execution role of the Lambda function "),
                    T::X(r("var.name")),
                ]),
            )
            .a(
                "assume_role_policy",
                r("data.aws_iam_policy_document.assume_role.json"),
            ),
    );
    main.push(
        resource("aws_iam_role_policy_attachment", "managed")
            .a("for_each", obj(MANAGED_POLICIES.map(|(k, v)| (k, s(v)))))
            .a("role", r("aws_iam_role.this.name"))
            .a(
                "policy_arn",
                tpl(vec![
                    T::L("arn:"),
                    T::X(r("data.aws_partition.current.partition")),
                    T::L(":iam::aws:policy/"),
                    T::X(r("each.value")),
                ]),
            ),
    );
    main.push(
        data("aws_iam_policy_document", "access")
            .a("count", cond(r("local.create_access_policy"), n(1), n(0)))
            .b(dynamic_statement(
                cond(
                    op(
                        call("length", vec![r("var.secret_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    list([r("var.secret_arns")]),
                    list([]),
                ),
                "ReadSecrets",
                strs([
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:DescribeSecret",
                ]),
                r("statement.value"),
            ))
            .b(dynamic_statement(
                cond(
                    has_queue(),
                    list([r("var.sqs_trigger_queue_arn")]),
                    list([]),
                ),
                "ConsumeTriggerQueue",
                strs(SQS_CONSUME_ACTIONS),
                list([r("statement.value")]),
            ))
            .b(dynamic_statement(
                cond(
                    op(
                        call("length", vec![r("var.db_connect_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    list([r("var.db_connect_arns")]),
                    list([]),
                ),
                "ConnectToDatabases",
                strs(["rds-db:connect"]),
                r("statement.value"),
            ))
            .b(dynamic_statement(
                cond(
                    op(
                        call("length", vec![r("var.publish_queue_arns")]),
                        Op::Greater,
                        n(0),
                    ),
                    list([r("var.publish_queue_arns")]),
                    list([]),
                ),
                "PublishToQueues",
                strs([
                    "sqs:GetQueueAttributes",
                    "sqs:GetQueueUrl",
                    "sqs:SendMessage",
                ]),
                r("statement.value"),
            )),
    );
    main.push(
        resource("aws_iam_role_policy", "access")
            .a("count", cond(r("local.create_access_policy"), n(1), n(0)))
            .a("name", s("secrets-and-queue"))
            .a("role", r("aws_iam_role.this.id"))
            .a("policy", r("data.aws_iam_policy_document.access[0].json")),
    );

    // Dead-letter queue for asynchronous invocations (EventBridge schedules, S3, SNS…).
    main.push(
        resource("aws_sqs_queue", "dlq")
            .a(
                "name",
                tpl(vec![T::X(r("var.name")), T::L(LAMBDA_ASYNC_DLQ.suffix)]),
            )
            .a("message_retention_seconds", n(1_209_600))
            .a("kms_master_key_id", r("var.kms_key_arn"))
            .a("kms_data_key_reuse_period_seconds", n(300)),
    );
    main.push(
        data("aws_iam_policy_document", "dlq").b(blk("statement", &[])
            .a("sid", s("SendToDeadLetterQueue"))
            .a("actions", strs(["sqs:SendMessage"]))
            .a("resources", list([r("aws_sqs_queue.dlq.arn")]))),
    );
    main.push(
        resource("aws_iam_role_policy", "dlq")
            .a("name", s("async-dead-letter-queue"))
            .a("role", r("aws_iam_role.this.id"))
            .a("policy", r("data.aws_iam_policy_document.dlq.json")),
    );
    // The key of the dead-letter queue, the trigger queue and the environment variables.
    main.push(
        data("aws_iam_policy_document", "kms").b(blk("statement", &[])
            .a("sid", s("UseKmsKey"))
            .a("actions", strs(["kms:Decrypt", "kms:GenerateDataKey"]))
            .a("resources", list([r("var.kms_key_arn")]))),
    );
    main.push(
        resource("aws_iam_role_policy", "kms")
            .a("name", s("kms-key"))
            .a("role", r("aws_iam_role.this.id"))
            .a("policy", r("data.aws_iam_policy_document.kms.json")),
    );

    // Network: egress only.
    main.push(
        resource("aws_security_group", "this")
            .a("name", tpl(vec![T::X(r("var.name")), T::L("-lambda")]))
            .a(
                "description",
                tpl(vec![
                    T::L("Lambda function "),
                    T::X(r("var.name")),
                    T::L(": egress only"),
                ]),
            )
            .a("vpc_id", r("var.vpc_id"))
            .a(
                "tags",
                obj([("Name", tpl(vec![T::X(r("var.name")), T::L("-lambda")]))]),
            ),
    );
    main.push(
        resource("aws_vpc_security_group_egress_rule", "https")
            .a("security_group_id", r("aws_security_group.this.id"))
            .a("description", s("HTTPS to AWS APIs and external services"))
            .a("ip_protocol", s("tcp"))
            .a("from_port", n(443))
            .a("to_port", n(443))
            .a("cidr_ipv4", s("0.0.0.0/0")),
    );
    main.push(
        resource("aws_vpc_security_group_egress_rule", "http")
            .a("count", cond(r("var.http_egress"), n(1), n(0)))
            .a("security_group_id", r("aws_security_group.this.id"))
            .a(
                "description",
                s("HTTP to plain-HTTP endpoints, e.g. the service's API without a domain (public load balancer, through NAT)"),
            )
            .a("ip_protocol", s("tcp"))
            .a("from_port", n(80))
            .a("to_port", n(80))
            .a("cidr_ipv4", s("0.0.0.0/0")),
    );
    main.push(
        resource("aws_vpc_security_group_egress_rule", "vpc")
            .a("security_group_id", r("aws_security_group.this.id"))
            .a(
                "description",
                s("Any traffic inside the VPC (databases, internal services, VPC endpoints)"),
            )
            .a("ip_protocol", s("-1"))
            .a("cidr_ipv4", r("data.aws_vpc.this.cidr_block")),
    );

    // Logs, created before the function so Lambda never creates an unmanaged group.
    main.push(
        resource("aws_cloudwatch_log_group", "this")
            .skips(choices.short_log_retention())
            .a(
                "name",
                tpl(vec![T::L(LAMBDA_LOG_GROUP.prefix), T::X(r("var.name"))]),
            )
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
    );

    // Code signing: a Signer profile whose signatures Lambda checks on every deployment.
    let signing = || cond(op(r("var.code_signing"), Op::NotEq, s("Off")), n(1), n(0));
    main.push(
        resource("aws_signer_signing_profile", "this")
            .a("count", signing())
            // Profile names allow letters, digits and underscores only.
            .a(
                "name_prefix",
                call(
                    "substr",
                    vec![
                        call("replace", vec![r("var.name"), s("-"), s("_")]),
                        n(0),
                        n(38),
                    ],
                ),
            )
            .a("platform_id", s("AWSLambda-SHA384-ECDSA")),
    );
    main.push(
        resource("aws_lambda_code_signing_config", "this")
            .a("count", signing())
            .a(
                "description",
                tpl(vec![T::L("Code signing of "), T::X(r("var.name"))]),
            )
            .b(blk("allowed_publishers", &[]).a(
                "signing_profile_version_arns",
                list([r("aws_signer_signing_profile.this[0].version_arn")]),
            ))
            .b(blk("policies", &[]).a("untrusted_artifact_on_deployment", r("var.code_signing"))),
    );

    main.push(
        resource("aws_lambda_function", "this")
            .skips(choices.code_signing_off())
            .a("function_name", r("var.name"))
            .a("role", r("aws_iam_role.this.arn"))
            .a("runtime", r("var.runtime"))
            .a("handler", r("var.handler"))
            .a("memory_size", r("var.memory_size"))
            .a("timeout", r("var.timeout"))
            .a(
                "reserved_concurrent_executions",
                r("var.reserved_concurrent_executions"),
            )
            .a("filename", r("local.package_path"))
            .a("source_code_hash", r("local.source_code_hash"))
            .a("kms_key_arn", r("var.kms_key_arn"))
            .a(
                "code_signing_config_arn",
                call("one", vec![r("aws_lambda_code_signing_config.this[*].arn")]),
            )
            .b(blk("vpc_config", &[])
                .a("subnet_ids", r("var.subnet_ids"))
                .a(
                    "security_group_ids",
                    list([r("aws_security_group.this.id")]),
                ))
            .b(blk("tracing_config", &[]).a("mode", s("Active")))
            .b(blk("dead_letter_config", &[]).a("target_arn", r("aws_sqs_queue.dlq.arn")))
            .b(blk("dynamic", &["environment"])
                .a(
                    "for_each",
                    cond(
                        op(
                            call("length", vec![r("var.environment_variables")]),
                            Op::Greater,
                            n(0),
                        ),
                        list([r("var.environment_variables")]),
                        list([]),
                    ),
                )
                .b(blk("content", &[]).a("variables", r("environment.value"))))
            .a(
                "depends_on",
                list([
                    r("aws_cloudwatch_log_group.this"),
                    r("aws_iam_role_policy_attachment.managed"),
                    r("aws_iam_role_policy.dlq"),
                    r("aws_iam_role_policy.kms"),
                ]),
            )
            // Code is deployed outside Terraform (`aws lambda update-function-code`): an
            // infrastructure apply must not put the placeholder back.
            .b(blk("lifecycle", &[]).a(
                "ignore_changes",
                list([r("filename"), r("source_code_hash")]),
            )),
    );

    // Optional HTTPS endpoint.
    main.push(
        resource("aws_lambda_function_url", "this")
            .skips(choices.public_function_urls())
            .a("count", cond(r("var.create_function_url"), n(1), n(0)))
            .a("function_name", r("aws_lambda_function.this.function_name"))
            .a("authorization_type", r("var.function_url_auth_type"))
            .b(precondition(
                call(
                    "contains",
                    vec![strs(["AWS_IAM", "NONE"]), r("var.function_url_auth_type")],
                ),
                "function_url_auth_type must be AWS_IAM or NONE.",
            )),
    );
    // A public URL (NONE) answers only when the resource policy allows everyone to call it
    // through the URL: both actions are required for URLs created since October 2025.
    let public_url = || {
        cond(
            op(
                r("var.create_function_url"),
                Op::And,
                op(r("var.function_url_auth_type"), Op::Eq, s("NONE")),
            ),
            n(1),
            n(0),
        )
    };
    main.push(
        resource("aws_lambda_permission", "public_url")
            .a("count", public_url())
            .a("statement_id", s("PublicFunctionUrl"))
            .a("action", s("lambda:InvokeFunctionUrl"))
            .a("function_name", r("aws_lambda_function.this.function_name"))
            .a("principal", s("*"))
            .a("function_url_auth_type", s("NONE")),
    );
    main.push(
        resource("aws_lambda_permission", "public_url_invoke")
            .a("count", public_url())
            .a("statement_id", s("PublicFunctionUrlInvoke"))
            .a("action", s("lambda:InvokeFunction"))
            .a("function_name", r("aws_lambda_function.this.function_name"))
            .a("principal", s("*"))
            .a("invoked_via_function_url", b(true)),
    );

    // Optional SQS trigger; Lambda checks the role's queue permissions when the mapping is made.
    main.push(
        resource("aws_lambda_event_source_mapping", "this")
            .a("count", cond(has_queue(), n(1), n(0)))
            .a("event_source_arn", r("var.sqs_trigger_queue_arn"))
            .a("function_name", r("aws_lambda_function.this.arn"))
            .a("batch_size", n(10))
            .a("function_response_types", strs(["ReportBatchItemFailures"]))
            .a("depends_on", list([r("aws_iam_role_policy.access")])),
    );
    for alarm in alarms() {
        main.push(alarm.block("var.name"));
    }

    Module {
        name: "lambda-microservice",
        description: "A Lambda function in private subnets of a VPC: an execution role with the basic, VPC \
access and X-Ray managed policies plus a least-privilege inline policy for the given Secrets Manager \
secrets, trigger queue, the queues it publishes to (`publish_queue_arns`) and databases (`rds-db:connect` on `db_connect_arns`), an egress-only security group (HTTPS anywhere, any traffic inside the \
VPC, HTTP anywhere with `http_egress`), a log group `/aws/lambda/<name>` with retention created before the function, active X-Ray \
tracing, environment variables, logs and a dead-letter queue `<name>-async-dlq` (for failed \
asynchronous invocations) encrypted with the given KMS key, code signing through an AWS Signer \
profile (`Warn` by default, `Enforce` on request), an optional \
function URL, an optional SQS event source mapping with partial batch failures, and alarms \
(errors, throttles, a non-empty dead-letter queue) that notify `alarm_actions`. Without \
`package_path` the function is created with a placeholder that serves the configured `handler` \
(`app.handler` is `app.py` with `def handler` on python*, `app.js` exporting `handler` on nodejs*). \
Terraform only creates the code: it ignores later changes of the package (`ignore_changes` on \
`filename` and `source_code_hash`), so code is deployed with `aws lambda update-function-code` \
(signed with the module's Signer profile under `Enforce`) and an infrastructure apply never \
reverts it.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Function name (at most 64 characters); also names the log group, security group, \
dead-letter queue and the execution role, whose name is global: use a different name in each region \
(the DR roots add `-dr`).",
            ),
            Var::req("runtime", ty::string(), "Runtime, e.g. `nodejs22.x` or `python3.12`."),
            Var::req(
                "handler",
                ty::string(),
                "Entry point `<file>.<function>`, e.g. `index.handler`; the placeholder serves it.",
            )
            .validate(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![s("^[A-Za-z0-9_/.-]+\\.[A-Za-z_$][A-Za-z0-9_$]*$"), r("var.handler")],
                    )],
                ),
                "handler must be <file>.<function>, e.g. index.handler.",
            ),
            Var::req("memory_size", ty::number(), "Memory in MiB (128 to 10240)."),
            Var::req("timeout", ty::number(), "Timeout in seconds (at most 900)."),
            Var::req("vpc_id", ty::string(), "VPC of the function's security group."),
            Var::req(
                "subnet_ids",
                ty::list_string(),
                "Private subnets the function runs in (with a NAT gateway or VPC endpoints to reach AWS APIs).",
            ),
            Var::opt(
                "environment_variables",
                ty::map_string(),
                "Environment variables of the function; no secrets (pass their ARNs in `secret_arns`).",
                obj::<&str>([]),
            ),
            Var::opt(
                "secret_arns",
                ty::list_string(),
                "ARNs of Secrets Manager secrets the function may read.",
                list([]),
            ),
            Var::opt(
                "db_connect_arns",
                ty::list_string(),
                "`rds-db:connect` resources (`arn:…:dbuser:<resource id>/<user>`, also `prx-<id>` of an RDS Proxy) the function may connect to with IAM database authentication.",
                list([]),
            ),
            Var::opt(
                "publish_queue_arns",
                ty::list_string(),
                "SQS queues the function may send messages to (encrypted with `kms_key_arn`, which the function may use).",
                list([]),
            ),
            Var::opt(
                "http_egress",
                ty::bool(),
                "Also allow plain HTTP (port 80) out to anywhere, e.g. to call an API that has no \
domain and so serves HTTP on its public load balancer (reached through NAT).",
                b(false),
            ),
            Var::opt(
                "create_function_url",
                ty::bool(),
                "Whether to give the function an HTTPS function URL.",
                b(false),
            ),
            Var::opt(
                "function_url_auth_type",
                ty::string(),
                "Authorization of the function URL: `AWS_IAM` (signed requests) or `NONE` (public).",
                s("AWS_IAM"),
            ),
            Var::opt(
                "sqs_trigger_queue_arn",
                ty::string(),
                "ARN of an SQS queue whose messages trigger the function (batches of 10, partial batch \
failures reported); null for none.",
                null(),
            ),
            Var::req(
                "log_retention_days",
                ty::number(),
                "Days to keep the function's logs.",
            ),
            Var::opt(
                "package_path",
                ty::string(),
                "Path of the zip the function is created with, relative to the root module; null \
creates it with a placeholder serving `handler`. Later code changes are ignored: deploy code with \
`aws lambda update-function-code`.",
                null(),
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "ARN of the customer-managed KMS key (of this region) encrypting the environment \
variables, the log group and the dead-letter queue; the role may Decrypt and GenerateDataKey with it.",
            ),
            Var::opt(
                "code_signing",
                ty::string(),
                "Code signing: `Warn` (unsigned code deploys and is logged; the placeholder is \
unsigned), `Enforce` (only code signed by the module's Signer profile deploys) or `Off`.",
                s("Warn"),
            )
            .validate(
                call(
                    "contains",
                    vec![strs(["Warn", "Enforce", "Off"]), r("var.code_signing")],
                ),
                "code_signing must be Warn, Enforce or Off.",
            ),
            Var::opt(
                "reserved_concurrent_executions",
                ty::number(),
                "Concurrent executions reserved for the function; -1 for no reservation, 0 to stop it.",
                n(-1),
            ),
            alarms::actions_var(),
            permissions_boundary_var(),
        ],
        outputs: vec![
            Output::new(
                "function_name",
                "Name of the function.",
                r("aws_lambda_function.this.function_name"),
            ),
            Output::new("function_arn", "ARN of the function.", r("aws_lambda_function.this.arn")),
            Output::new(
                "invoke_arn",
                "ARN for invoking the function from API Gateway.",
                r("aws_lambda_function.this.invoke_arn"),
            ),
            Output::new(
                "function_url",
                "HTTPS URL of the function; null without a function URL.",
                call("one", vec![r("aws_lambda_function_url.this[*].function_url")]),
            ),
            Output::new(
                "security_group_id",
                "ID of the function's security group (allow it in databases and services it calls).",
                r("aws_security_group.this.id"),
            ),
            Output::new("role_name", "Name of the execution role.", r("aws_iam_role.this.name")),
            Output::new(
                "signing_profile_name",
                "Signer profile to sign deployment packages with (`aws signer start-signing-job`); null with code signing off.",
                call("one", vec![r("aws_signer_signing_profile.this[*].name")]),
            ),
            Output::new("role_arn", "ARN of the execution role.", r("aws_iam_role.this.arn")),
        ],
        main,
        extra_providers: vec![("archive", "hashicorp/archive", ARCHIVE_PROVIDER_VERSION)],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// A `dynamic "statement"` of a policy document, present once per element of `for_each`.
fn dynamic_statement(for_each: E, sid: &str, actions: E, resources: E) -> Blk {
    blk("dynamic", &["statement"])
        .a("for_each", for_each)
        .b(blk("content", &[])
            .a("sid", s(sid))
            .a("actions", actions)
            .a("resources", resources))
}

/// Alarms a person must hear about: any error or throttle in 5 minutes, a failed asynchronous
/// invocation in the dead-letter queue.
fn alarms() -> Vec<Alarm<'static>> {
    let function = |name, suffix, metric, what| Alarm {
        name,
        suffix,
        what,
        namespace: "AWS/Lambda",
        metric,
        statistic: "Sum",
        period: 300,
        periods: 1,
        comparison: "GreaterThanThreshold",
        threshold: n(0),
        dimensions: vec![("FunctionName", r("aws_lambda_function.this.function_name"))],
    };
    vec![
        function(
            "errors",
            "-errors",
            "Errors",
            "The function failed at least once in 5 minutes.",
        ),
        function(
            "throttles",
            "-throttles",
            "Throttles",
            "Invocations were throttled: the function reached its concurrency limit.",
        ),
        Alarm {
            name: "async_dlq",
            suffix: "-async-dlq-not-empty",
            what: "Failed asynchronous invocations reached the dead-letter queue.",
            namespace: "AWS/SQS",
            metric: "ApproximateNumberOfMessagesVisible",
            statistic: "Maximum",
            period: 300,
            periods: 1,
            comparison: "GreaterThanThreshold",
            threshold: n(0),
            dimensions: vec![("QueueName", r("aws_sqs_queue.dlq.name"))],
        },
    ]
}
