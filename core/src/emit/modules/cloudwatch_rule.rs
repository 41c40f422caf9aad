//! `modules/cloudwatch-rule`: an EventBridge schedule that invokes a Lambda function.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Module, Output, Var};

/// Builds the module.
pub fn module() -> Module {
    let mut main = File::new();
    main.push(
        resource("aws_cloudwatch_event_rule", "this")
            .a("name", r("var.name"))
            .a("description", r("var.description"))
            .a("schedule_expression", r("var.schedule_expression"))
            .a("state", cond(r("var.enabled"), s("ENABLED"), s("DISABLED")))
            .b(precondition(
                op(
                    call("startswith", vec![r("var.schedule_expression"), s("cron(")]),
                    Op::Or,
                    call("startswith", vec![r("var.schedule_expression"), s("rate(")]),
                ),
                "schedule_expression must be a cron(...) or rate(...) expression, e.g. \
cron(0 4 * * ? *) or rate(1 hour).",
            )),
    );
    main.push(
        resource("aws_cloudwatch_event_target", "this")
            .a("rule", r("aws_cloudwatch_event_rule.this.name"))
            .a("target_id", s("lambda"))
            .a("arn", r("var.lambda_function_arn"))
            .a("input", r("var.input"))
            .b(blk("retry_policy", &[])
                .a("maximum_event_age_in_seconds", n(3600))
                .a("maximum_retry_attempts", n(3)))
            .b(precondition(
                call("can", vec![call("jsondecode", vec![r("var.input")])]),
                "input must be valid JSON.",
            )),
    );
    main.push(
        resource("aws_lambda_permission", "this")
            .a("action", s("lambda:InvokeFunction"))
            .a("function_name", r("var.lambda_function_name"))
            .a("principal", s("events.amazonaws.com"))
            .a("source_arn", r("aws_cloudwatch_event_rule.this.arn")),
    );

    Module {
        name: "cloudwatch-rule",
        description: "An EventBridge rule on the default event bus that invokes a Lambda function on a \
schedule (`cron(...)` or `rate(...)`, in UTC), with a retry policy (3 retries, events dropped after \
one hour) and the Lambda permission that lets only this rule invoke the function. `enabled = false` \
keeps the rule but stops it firing.",
        variables: vec![
            Var::req("name", ty::string(), "Rule name, unique in the account and region."),
            Var::opt("description", ty::string(), "What the schedule is for.", s("")),
            Var::req(
                "schedule_expression",
                ty::string(),
                "When to run, in UTC: `cron(0 4 * * ? *)` or `rate(1 hour)`.",
            ),
            Var::req(
                "lambda_function_name",
                ty::string(),
                "Name of the Lambda function to invoke (its resource policy gets the permission).",
            ),
            Var::req(
                "lambda_function_arn",
                ty::string(),
                "ARN of the Lambda function to invoke.",
            ),
            Var::opt(
                "input",
                ty::string(),
                "JSON document passed to the function as its event.",
                s("{}"),
            ),
            Var::opt(
                "enabled",
                ty::bool(),
                "Whether the rule fires; false sets its state to DISABLED.",
                b(true),
            ),
        ],
        outputs: vec![
            Output::new("rule_name", "Name of the rule.", r("aws_cloudwatch_event_rule.this.name")),
            Output::new("rule_arn", "ARN of the rule.", r("aws_cloudwatch_event_rule.this.arn")),
        ],
        main,
        extra_providers: vec![],
        extra_files: vec![],
        aws_aliases: vec![],
    }
}
