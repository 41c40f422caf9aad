//! The service's Lambda functions: whether a service has them, and what they add to its
//! deployment roots (module calls, database callers, outputs).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL, ROW, ROW0};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{CodeSigning, Design, Service, Tier};
use crate::diagnostic::{name, Diagnostic};
use crate::emit::hcl::*;
use crate::emit::root_parts::{ident, key, topic, Output, UP};
use crate::field_rules;
use crate::markdown::text;
use crate::plan::naming;
use std::collections::BTreeSet;

/// A Lambda function and its role: the member name itself.
pub const LAMBDA_FUNCTION: naming::Composed = naming::Composed {
    what: "Lambda function and role name",
    prefix: "",
    suffix: "",
    max: 64,
};

/// The dead-letter queue of a function's failed asynchronous invocations.
pub const LAMBDA_ASYNC_DLQ: naming::Composed = naming::Composed {
    what: "SQS queue name",
    prefix: "",
    suffix: "-async-dlq",
    max: 80,
};

/// The log group of a function (the one Lambda writes to).
pub const LAMBDA_LOG_GROUP: naming::Composed = naming::Composed {
    what: "log group name",
    prefix: "/aws/lambda/",
    suffix: "",
    max: 512,
};

/// The service's Lambda functions.
pub struct Lambda;

/// Alarms of a function (`modules/lambda-microservice`): errors, throttles, async dead letters.
pub const LAMBDA_ALARMS: u64 = 3;

impl Kind for Lambda {
    fn numbers(&self, base: &str, service: &Service) -> Vec<Number> {
        let mut v = Vec::new();
        for (j, l) in service.lambdas.iter().enumerate() {
            let p = format!("{base}/lambdas/{j}");
            v.push((
                format!("{p}/memory_mb"),
                "LambdaFunction",
                "memory_mb",
                l.memory_mb,
            ));
            v.push((
                format!("{p}/timeout_seconds"),
                "LambdaFunction",
                "timeout_seconds",
                l.timeout_seconds,
            ));
        }
        v
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn present(&self, service: &Service) -> bool {
        !service.lambdas.is_empty()
    }

    fn field(&self) -> &'static str {
        "lambdas"
    }

    fn label(&self) -> &'static str {
        "Lambda"
    }

    fn a(&self) -> &'static str {
        "a Lambda function"
    }

    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        Some(super::push_named(
            &mut service.lambdas,
            "function",
            |l| &l.name,
            |name| crate::design::LambdaFunction {
                name,
                ..crate::design::LambdaFunction::default()
            },
        ))
    }

    /// The schedules that invoked the function, and the HTTP API's routes to it, go with it.
    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        let Some(service) = design.services.get_mut(index) else {
            return;
        };
        let Some(removed) = super::remove_at(&mut service.lambdas, number) else {
            return;
        };
        service.schedules.retain(|s| s.lambda != removed.name);
        if let Some(api) = &mut service.http_api {
            api.routes.retain(|r| r.function != removed.name);
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(&mut design.services.get_mut(index)?.lambdas, number, |l| {
            &mut l.name
        })
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("function {}", service.lambdas.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 28,
            saturation: 82,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::LambdaMicroservice]
    }

    /// Each function's name (also its role's), its asynchronous dead-letter queue and its
    /// log group.
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let mut names = Vec::new();
        for (j, l) in service.lambdas.iter().enumerate() {
            let at = format!("lambdas/{j}/name");
            let f = naming::member(root, &l.name);
            names.push(Name::new(&*at, LAMBDA_FUNCTION, &f));
            names.push(Name::new(&*at, LAMBDA_ASYNC_DLQ, &f));
            names.push(Name::new(at, LAMBDA_LOG_GROUP, &f));
        }
        names
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "lambda",
            tint: self.tint(),
            label: format!("λ×{}", service.lambdas.len()),
        })
    }

    /// One box per function.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let functions = layout.service.lambdas.iter().enumerate();
        functions
            .map(|(i, l)| {
                Layout::node(
                    COL[2],
                    layout.function_y(i),
                    BW + 20,
                    "lambda",
                    format!("λ {}", l.name),
                    format!("/lambdas/{i}/name"),
                )
            })
            .collect()
    }
}

impl Build for Lambda {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        let (service, usage) = (root.service, root.usage);
        let functions = service.lambdas.len() as u64;
        l.count_alarms(
            functions * LAMBDA_ALARMS,
            format!("{LAMBDA_ALARMS} per function"),
        );
        l.count_log_groups(functions, "one per function");
        for f in &service.lambdas {
            let resource = "module.lambda_*.aws_lambda_function.this";
            l.add(
                cost::line(
                    cost::Kind::Usage,
                    format!("Lambda {}: requests", f.name),
                    resource,
                    "lambda:requests",
                    "million-requests",
                    cost::Quantity::ratio(usage.lambda_requests.into(), 1_000_000),
                )
                .note(cost::usage_note(
                    "lambda_requests",
                    usage.lambda_requests,
                    "per function",
                )),
            );
            // GB-seconds: invocations × duration (ms → s) × memory (MB → GB).
            let gb_seconds = cost::Quantity::ratio(
                u128::from(usage.lambda_requests)
                    * u128::from(usage.lambda_duration_ms)
                    * u128::from(f.memory_mb),
                1_000 * 1_024,
            );
            l.add(
                cost::line(
                    cost::Kind::Usage,
                    format!("Lambda {}: duration ({} MB, x86)", f.name, f.memory_mb),
                    resource,
                    "lambda:gb-second",
                    "gb-second",
                    gb_seconds,
                )
                .note(if usage.lambda_requests == 0 || usage.lambda_duration_ms == 0 {
                    "usage: 0 unless the usage file sets lambda_requests and lambda_duration_ms (per function)".to_string()
                } else {
                    format!(
                        "usage: {} requests × {} ms × {} MB / 1,024",
                        usage.lambda_requests, usage.lambda_duration_ms, f.memory_mb
                    )
                }),
            );
            l.missing(
                cost::Kind::Usage,
                &format!("Lambda {}: X-Ray traces (tracing Active)", f.name),
                resource,
                "xray:traces",
                "function",
                "X-Ray prices are not in the table",
            );
        }
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .lambdas
            .iter()
            .map(|l| {
                format!(
                    "Lambda {} ({})",
                    crate::markdown::code(&l.name),
                    text(&l.runtime)
                )
            })
            .collect()
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        module_calls(root, wiring)
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        outputs(root.service)
    }
    /// Each function's execution role.
    fn code_roles(&self, service: &Service) -> Vec<E> {
        let functions = service.lambdas.iter();
        functions.map(|l| attr(&l.name, "role_arn")).collect()
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let functions = service.lambdas.iter();
        functions
            .map(|l| format!("Lambda {} ({})", text(&l.name), text(&l.runtime)))
            .collect()
    }
    /// Each function.
    fn db_callers(&self, service: &Service) -> Vec<(String, E)> {
        service
            .lambdas
            .iter()
            .map(|l| {
                (
                    format!("lambda_{}", ident(&l.name)),
                    attr(&l.name, "security_group_id"),
                )
            })
            .collect()
    }
}

/// The reference to `attr` of the module call of function `name` (`module.lambda_<name>.<attr>`).
pub(crate) fn attr(name: &str, attr: &str) -> E {
    r(&format!("module.lambda_{}.{attr}", ident(name)))
}

/// The module calls a deployment root of `service` makes: one `lambda-microservice` per
/// function, in the root's private subnets, encrypted with the root's key, its alarms
/// notifying the root's topic.
fn module_calls(root: &Root, wiring: &Wiring) -> Vec<Blk> {
    let service = root.service;
    // The functions reach the database through its RDS Proxy, and call the service's API.
    let env = obj(wiring.caller_env(service).into_iter().map(|(k, v)| {
        let v = if k == "DB_HOST" {
            super::database::function_host()
        } else {
            v
        };
        (k, v)
    }));
    let publish = super::Queue
        .present(service)
        .then(|| super::queue::arns(service.queues.iter().map(|q| q.name.as_str())));
    // Without a domain the API serves plain HTTP: the functions need port 80 out.
    let http_egress = super::Api.present(service) && root.tier_security.domain.is_none();
    service
        .lambdas
        .iter()
        .map(|l| {
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
                .a("environment_variables", env.clone())
                .opt(
                    "db_connect_arns",
                    super::database::connect_arns(service, true),
                )
                .opt("publish_queue_arns", publish.clone())
                .opt("http_egress", http_egress.then(|| b(true)))
                .a("create_function_url", b(l.function_url))
                .opt(
                    "function_url_auth_type",
                    (l.function_url && l.public_url).then(|| s("NONE")),
                )
                .opt(
                    "sqs_trigger_queue_arn",
                    l.queue.as_ref().map(|q| super::queue::attr(q, "queue_arn")),
                )
                .a("log_retention_days", r("var.log_retention_days"))
                .a("kms_key_arn", key())
                .a(
                    "code_signing",
                    s(code_signing(wiring.security.lambda_code_signing)),
                )
                .a("alarm_actions", topic())
        })
        .collect()
}

/// The value of the module's `code_signing` for the design's choice.
fn code_signing(choice: CodeSigning) -> &'static str {
    match choice {
        CodeSigning::Warn => "Warn",
        CodeSigning::Enforce => "Enforce",
        CodeSigning::Off => "Off",
    }
}

/// The outputs of a deployment root of `service`: the URL of each function that has one.
fn outputs(service: &Service) -> Vec<Output> {
    service
        .lambdas
        .iter()
        .filter(|l| l.function_url)
        .map(|l| {
            let auth = if l.public_url {
                "public, no authentication"
            } else {
                "IAM-authenticated"
            };
            Output {
                name: format!("lambda_{}_url", ident(&l.name)),
                description: format!("Function URL of {} ({auth}).", l.name),
                value: attr(&l.name, "function_url"),
            }
        })
        .collect()
}

/// The functions' design rules on `svc` (JSON Pointer `base`).
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;
    let mut lambda_names = BTreeSet::new();
    for (j, l) in svc.lambdas.iter().enumerate() {
        let lb = format!("{base}/lambdas/{j}");
        name(out, &format!("{lb}/name"), "function name", &l.name, 24);
        if !lambda_names.insert(l.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{lb}/name"),
                format!("function \"{}\" is defined twice", l.name),
            ));
        }
        field_rules::runtime(out, &format!("{lb}/runtime"), &l.runtime);
        field_rules::plain(out, &format!("{lb}/handler"), "handler", &l.handler);
        let handler_ok = l.handler.rsplit_once('.').is_some_and(|(file, function)| {
            !file.is_empty()
                && !function.is_empty()
                && !function.starts_with(|c: char| c.is_ascii_digit())
                && function
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
                && file
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_/.-".contains(c))
        });
        if !handler_ok {
            out.push(
                Diagnostic::error(
                    format!("{lb}/handler"),
                    format!(
                        "\"{}\" is not a handler of the form <file>.<function>",
                        l.handler.escape_debug()
                    ),
                )
                .with_hint("e.g. index.handler: the function handler in index.py or index.js"),
            );
        }
        if !(128..=10240).contains(&l.memory_mb) {
            out.push(Diagnostic::error(
                format!("{lb}/memory_mb"),
                "Lambda memory must be 128 to 10240 MiB",
            ));
        }
        if !(1..=900).contains(&l.timeout_seconds) {
            out.push(Diagnostic::error(
                format!("{lb}/timeout_seconds"),
                "Lambda timeouts are 1 to 900 seconds",
            ));
        }
        // The queue's visibility timeout against the function's: `crate::apply`.
        if let Some(q) = &l.queue {
            if !svc.queues.iter().any(|x| &x.name == q) {
                out.push(Diagnostic::error(
                    format!("{lb}/queue"),
                    format!("\"{q}\" is not one of the service's queues"),
                ));
            }
        }
    }
    v
}

impl Layout<'_> {
    /// The top of function `i`'s box: in the third column, from the first row of the columns.
    pub(crate) fn function_y(&self, i: usize) -> i32 {
        ROW0 + i as i32 * ROW
    }
}
