//! `modules/http-api`: a service's HTTP API (API Gateway v2) in front of its Lambda functions.
//!
//! One Lambda proxy integration per function and one route per route key, each route authorized
//! (AWS IAM, or a JWT authorizer of the given issuer and audiences); a `$default` stage that
//! deploys every change, throttled per route, its access logs written as JSON to a CloudWatch
//! log group encrypted with the deployment's key; one invoke permission per route, scoped to the
//! API and that route's method and path. With a domain name: a regional custom domain (TLS 1.2)
//! with the given or a DNS-validated certificate, the API mapped at its root, alias records in
//! the zone, and the `execute-api` endpoint turned off so the API answers only there. Alarms on
//! 5xx answers and latency.

use super::alarms::{actions_var, Alarm};
use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};
use crate::emit::security::Choices;
use crate::kinds::http_api::{
    HTTP_API_5XX_ALARM, HTTP_API_AUTHORIZER, HTTP_API_LATENCY_ALARM, HTTP_API_LOG_GROUP,
};

/// Builds the module.
pub fn module(choices: &Choices) -> Module {
    let name = || r("var.name");
    let mut main = File::new();
    main.push(data("aws_region", "current"));
    main.push(
        blk("locals", &[])
            .a("https", op(r("var.domain_name"), Op::NotEq, null()))
            .a("jwt", op(r("var.authorization"), Op::Eq, s("JWT"))),
    );
    main.push(
        resource("aws_apigatewayv2_api", "this")
            .a("name", name())
            .a("description", tpl(vec![T::L("HTTP API of "), T::X(name())]))
            .a("protocol_type", s("HTTP"))
            .comment("With a custom domain the API answers only there.")
            .a("disable_execute_api_endpoint", r("local.https")),
    );
    main.push(
        resource("aws_cloudwatch_log_group", "access")
            .skips(choices.short_log_retention())
            .a(
                "name",
                tpl(vec![
                    T::L(HTTP_API_LOG_GROUP.prefix),
                    T::X(name()),
                    T::L(HTTP_API_LOG_GROUP.suffix),
                ]),
            )
            .a("retention_in_days", r("var.log_retention_days"))
            .a("kms_key_id", r("var.kms_key_arn")),
    );
    let ctx = |field: &str| s(format!("$context.{field}"));
    let log_format = obj([
        ("requestId", ctx("requestId")),
        ("requestTime", ctx("requestTime")),
        ("ip", ctx("identity.sourceIp")),
        ("httpMethod", ctx("httpMethod")),
        ("routeKey", ctx("routeKey")),
        ("path", ctx("path")),
        ("status", ctx("status")),
        ("protocol", ctx("protocol")),
        ("responseLength", ctx("responseLength")),
        ("responseLatency", ctx("responseLatency")),
        ("integrationLatency", ctx("integrationLatency")),
        ("integrationError", ctx("integrationErrorMessage")),
        ("authorizerError", ctx("authorizer.error")),
        ("caller", ctx("identity.caller")),
    ]);
    main.push(
        resource("aws_apigatewayv2_stage", "this")
            .a("api_id", r("aws_apigatewayv2_api.this.id"))
            .a("name", s("$default"))
            .a("auto_deploy", b(true))
            .b(blk("access_log_settings", &[])
                .a("destination_arn", r("aws_cloudwatch_log_group.access.arn"))
                .a("format", call("jsonencode", vec![log_format])))
            .b(blk("default_route_settings", &[])
                .a("throttling_rate_limit", r("var.throttling_rate_limit"))
                .a("throttling_burst_limit", r("var.throttling_burst_limit"))
                .a("detailed_metrics_enabled", b(true))),
    );
    main.push(
        resource("aws_apigatewayv2_authorizer", "jwt")
            .a("count", cond(r("local.jwt"), n(1), n(0)))
            .a("api_id", r("aws_apigatewayv2_api.this.id"))
            .a(
                "name",
                tpl(vec![T::X(name()), T::L(HTTP_API_AUTHORIZER.suffix)]),
            )
            .a("authorizer_type", s("JWT"))
            .a("identity_sources", strs(["$request.header.Authorization"]))
            .b(blk("jwt_configuration", &[])
                .a("issuer", r("var.jwt_issuer"))
                .a("audience", r("var.jwt_audience")))
            .b(precondition(
                op(
                    op(r("var.jwt_issuer"), Op::NotEq, null()),
                    Op::And,
                    op(
                        call("length", vec![r("var.jwt_audience")]),
                        Op::Greater,
                        n(0),
                    ),
                ),
                "A JWT authorizer needs jwt_issuer and at least one jwt_audience.",
            )),
    );
    main.push(
        resource("aws_apigatewayv2_integration", "this")
            .a("for_each", r("var.functions"))
            .a("api_id", r("aws_apigatewayv2_api.this.id"))
            .a("integration_type", s("AWS_PROXY"))
            .a("integration_uri", r("each.value.invoke_arn"))
            .a("payload_format_version", s("2.0"))
            .a(
                "description",
                tpl(vec![T::L("Lambda function "), T::X(r("each.value.name"))]),
            ),
    );
    main.push(
        resource("aws_apigatewayv2_route", "this")
            .a("for_each", r("var.routes"))
            .a("api_id", r("aws_apigatewayv2_api.this.id"))
            .a("route_key", r("each.key"))
            .a(
                "target",
                tpl(vec![
                    T::L("integrations/"),
                    T::X(r(
                        "aws_apigatewayv2_integration.this[each.value.function].id",
                    )),
                ]),
            )
            .a("authorization_type", r("var.authorization"))
            .a(
                "authorizer_id",
                cond(
                    r("local.jwt"),
                    r("aws_apigatewayv2_authorizer.jwt[0].id"),
                    null(),
                ),
            ),
    );
    main.push(
        resource("aws_lambda_permission", "route")
            .comment("Each route may invoke its function, and only through this API's route.")
            .a("for_each", r("var.routes"))
            .a("action", s("lambda:InvokeFunction"))
            .a(
                "function_name",
                r("var.functions[each.value.function].name"),
            )
            .a("principal", s("apigateway.amazonaws.com"))
            .a(
                "source_arn",
                tpl(vec![
                    T::X(r("aws_apigatewayv2_api.this.execution_arn")),
                    T::L("/*/"),
                    T::X(r("each.value.permission_path")),
                ]),
            ),
    );
    super::ecs_api::certificate(&mut main);
    main.push(
        resource("aws_apigatewayv2_domain_name", "this")
            .a("count", cond(r("local.https"), n(1), n(0)))
            .a("domain_name", r("var.domain_name"))
            .b(blk("domain_name_configuration", &[])
                .a("certificate_arn", r("local.certificate_arn"))
                .a("endpoint_type", s("REGIONAL"))
                .a("security_policy", s("TLS_1_2"))),
    );
    main.push(
        resource("aws_apigatewayv2_api_mapping", "this")
            .a("count", cond(r("local.https"), n(1), n(0)))
            .a("api_id", r("aws_apigatewayv2_api.this.id"))
            .a("domain_name", r("aws_apigatewayv2_domain_name.this[0].id"))
            .a("stage", r("aws_apigatewayv2_stage.this.id")),
    );
    alias_records(&mut main);
    for alarm in alarms() {
        main.push(alarm.block("var.name"));
    }

    Module {
        name: "http-api",
        description: "A service's HTTP API (API Gateway v2) in front of its Lambda functions: \
one Lambda proxy integration (payload 2.0) per entry of `functions` and one route per entry of \
`routes` (route key → function), every route authorized by `authorization` (`AWS_IAM`: \
SigV4-signed requests; `JWT`: a JWT authorizer of `jwt_issuer` and `jwt_audience` on the \
`Authorization` header); a `$default` stage that deploys every change, each route throttled to \
`throttling_rate_limit` requests a second with bursts of `throttling_burst_limit`, detailed \
metrics, and access logs written as JSON to a CloudWatch log group encrypted with the given \
customer-managed KMS key; one Lambda invoke permission per route, its source ARN the API's \
execution ARN with that route's method and path. With `domain_name`: a regional custom domain \
(TLS 1.2) with `certificate_arn` or a certificate the module requests and validates through \
`route53_zone_id`, the API mapped at the domain's root, A and AAAA alias records in the zone \
(failover records with `dns_failover`), and the default `execute-api` endpoint turned off. \
Alarms on 5xx answers and on latency notify `alarm_actions` when they fire and clear.",
        variables: vec![
            Var::req(
                "name",
                ty::string(),
                "Name of the API, and the start of its log group, authorizer and alarm names.",
            )
            .validate(
                call(
                    "can",
                    vec![call(
                        "regex",
                        vec![s("^[a-z][a-z0-9-]{0,127}$"), r("var.name")],
                    )],
                ),
                "name is at most 128 lowercase letters, digits and hyphens, starting with a letter.",
            ),
            Var::req(
                "functions",
                call(
                    "map",
                    vec![call(
                        "object",
                        vec![obj([("name", r("string")), ("invoke_arn", r("string"))])],
                    )],
                ),
                "The functions the routes invoke, by a key the routes name: each function's name \
and invoke ARN.",
            ),
            Var::req(
                "routes",
                call(
                    "map",
                    vec![call(
                        "object",
                        vec![obj([
                            ("function", r("string")),
                            ("permission_path", r("string")),
                        ])],
                    )],
                ),
                "Routes by route key (`GET /cards/{id}`, `$default`): the key of the function in \
`functions` it invokes, and the `<METHOD>/<path>` (`*` for ANY; `$default` for the default \
route) its invoke permission allows after `<execution ARN>/*/`.",
            )
            .validate(
                call(
                    "alltrue",
                    vec![for_list(
                        "route",
                        call("values", vec![r("var.routes")]),
                        call(
                            "contains",
                            vec![
                                call("keys", vec![r("var.functions")]),
                                r("route.function"),
                            ],
                        ),
                    )],
                ),
                "Every route invokes one of functions.",
            ),
            Var::opt(
                "authorization",
                ty::string(),
                "`AWS_IAM` (SigV4-signed requests, allowed by `execute-api:Invoke`) or `JWT`.",
                s("AWS_IAM"),
            )
            .validate(
                call(
                    "contains",
                    vec![strs(["AWS_IAM", "JWT"]), r("var.authorization")],
                ),
                "authorization is AWS_IAM or JWT.",
            ),
            Var::opt(
                "jwt_issuer",
                ty::string(),
                "With JWT: the issuer's URL (https://…), whose OpenID configuration lists its keys.",
                null(),
            ),
            Var::opt(
                "jwt_audience",
                ty::list_string(),
                "With JWT: the audiences a token may be for (at least one).",
                list([]),
            ),
            Var::opt(
                "throttling_rate_limit",
                ty::number(),
                "Requests a second each route accepts on average.",
                n(100),
            ),
            Var::opt(
                "throttling_burst_limit",
                ty::number(),
                "Requests each route accepts at once above the rate.",
                n(200),
            ),
            Var::req(
                "log_retention_days",
                ty::number(),
                "Days CloudWatch Logs keeps the access logs.",
            ),
            Var::req(
                "kms_key_arn",
                ty::string(),
                "Customer-managed KMS key that encrypts the access logs.",
            ),
            Var::opt(
                "domain_name",
                ty::string(),
                "Host name the API answers on, e.g. `orders-api.example.com` (a regional custom \
domain, TLS 1.2; the `execute-api` endpoint is then off). Null keeps the `execute-api` endpoint.",
                null(),
            ),
            Var::opt(
                "certificate_arn",
                ty::string(),
                "Existing ACM certificate in the API's region covering `domain_name`; null \
requests one validated through DNS.",
                null(),
            ),
            Var::opt(
                "route53_zone_id",
                ty::string(),
                "Public hosted zone of `domain_name`: certificate validation and alias records.",
                null(),
            )
            .validate(
                op(
                    op(r("var.domain_name"), Op::Eq, null()),
                    Op::Or,
                    op(
                        op(r("var.route53_zone_id"), Op::NotEq, null()),
                        Op::Or,
                        op(r("var.certificate_arn"), Op::NotEq, null()),
                    ),
                ),
                "With domain_name, set route53_zone_id (the module validates the certificate and \
creates the records) or certificate_arn.",
            ),
            Var::opt(
                "dns_failover",
                ty::string(),
                "Route 53 failover role of the alias records when the same `domain_name` is served \
from two regions: `PRIMARY` or `SECONDARY`; null for simple records.",
                null(),
            )
            .validate(
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
                "latency_alarm_ms",
                ty::number(),
                "Alarm when the average latency over 10 minutes is above this, in milliseconds.",
                n(2000),
            ),
            actions_var(),
        ],
        outputs: vec![
            Output::new("api_id", "ID of the API.", r("aws_apigatewayv2_api.this.id")),
            Output::new(
                "execution_arn",
                "Execution ARN of the API (`execute-api:Invoke` policies name `<it>/$default/<METHOD>/<path>`).",
                r("aws_apigatewayv2_api.this.execution_arn"),
            ),
            Output::new(
                "endpoint",
                "Base URL of the API: https://<domain_name> with a domain, else its execute-api URL.",
                cond(
                    r("local.https"),
                    tpl(vec![T::L("https://"), T::X(r("var.domain_name"))]),
                    r("aws_apigatewayv2_api.this.api_endpoint"),
                ),
            ),
            Output::new(
                "log_group_name",
                "Log group of the access logs.",
                r("aws_cloudwatch_log_group.access.name"),
            ),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}

/// `domain_name` → the custom domain in `route53_zone_id`, as failover records with
/// `dns_failover` (the API's health decides, as for the load balancers).
fn alias_records(main: &mut File) {
    let target = |attr: &str| {
        r(&format!(
            "aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].{attr}"
        ))
    };
    super::ecs_api::alias_records_to(main, target("target_domain_name"), target("hosted_zone_id"));
}

/// More than 10 5xx answers in 5 minutes; the average latency above `latency_alarm_ms` for
/// 10 minutes.
fn alarms() -> Vec<Alarm<'static>> {
    let dims = || {
        vec![
            ("ApiId", r("aws_apigatewayv2_api.this.id")),
            ("Stage", s("$default")),
        ]
    };
    vec![
        Alarm {
            name: "fivexx",
            suffix: HTTP_API_5XX_ALARM.suffix,
            what: "The HTTP API answered more than 10 requests with a 5xx in 5 minutes: functions failing or timing out.",
            namespace: "AWS/ApiGateway",
            metric: "5xx",
            statistic: "Sum",
            period: 300,
            periods: 1,
            comparison: "GreaterThanThreshold",
            threshold: n(10),
            dimensions: dims(),
        },
        Alarm {
            name: "latency",
            suffix: HTTP_API_LATENCY_ALARM.suffix,
            what: "The HTTP API's average latency has been above latency_alarm_ms for 10 minutes.",
            namespace: "AWS/ApiGateway",
            metric: "Latency",
            statistic: "Average",
            period: 300,
            periods: 2,
            comparison: "GreaterThanThreshold",
            threshold: r("var.latency_alarm_ms"),
            dimensions: dims(),
        },
    ]
}
