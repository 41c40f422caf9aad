//! The EventBridge schedules that invoke the service's functions: whether a service has them,
//! and what they add to its deployment roots (module calls, root variables).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL, ROW};
use super::{Build, Kind, ModuleName, Name, Root, Wiring};
use crate::design::{Design, Service, Tier};
use crate::diagnostic::{name, Diagnostic};
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{ident, var, RootVar, UP};
use crate::field_rules;
use crate::markdown::{code, text};
use crate::plan::naming;
use std::collections::BTreeSet;

/// The EventBridge rule of a schedule: the member name itself.
pub const SCHEDULE_RULE: naming::Composed = naming::Composed {
    what: "EventBridge rule name",
    prefix: "",
    suffix: "",
    max: 64,
};

/// The EventBridge schedules that invoke the service's functions.
pub struct Schedule;

/// `cron(...)` expression for every day at `hour`:00 UTC (hours past 23 are clamped).
pub fn cron_daily_at(hour: u32) -> String {
    format!("cron(0 {} * * ? *)", hour.min(23))
}

/// `rate(...)` expression for every `hours` hours (at least one).
pub fn rate_every_hours(hours: u32) -> String {
    match hours.max(1) {
        1 => "rate(1 hour)".to_owned(),
        n => format!("rate({n} hours)"),
    }
}

impl Kind for Schedule {
    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn present(&self, service: &Service) -> bool {
        !service.schedules.is_empty()
    }

    fn field(&self) -> &'static str {
        "schedules"
    }

    fn label(&self) -> &'static str {
        "Schedule"
    }

    fn a(&self) -> &'static str {
        "a schedule"
    }

    /// Daily at 03:00 UTC, invoking the service's first function (one is added when it has
    /// none).
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        if !super::Lambda.present(design.services.get(index)?) {
            super::Lambda.add(design, index)?;
        }
        let service = design.services.get_mut(index)?;
        let lambda = service.lambdas.first()?.name.clone();
        Some(super::push_named(
            &mut service.schedules,
            "nightly",
            |s| &s.name,
            |name| crate::design::Schedule {
                name,
                expression: cron_daily_at(3),
                lambda,
                ..crate::design::Schedule::default()
            },
        ))
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = design.services.get_mut(index) {
            super::remove_at(&mut service.schedules, number);
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(
            &mut design.services.get_mut(index)?.schedules,
            number,
            |s| &mut s.name,
        )
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("schedule {}", service.schedules.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 180,
            saturation: 45,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::CloudwatchRule]
    }

    /// A schedule only triggers the service's functions.
    fn standalone(&self) -> bool {
        false
    }

    /// Each schedule's EventBridge rule.
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let schedules = service.schedules.iter().enumerate();
        schedules
            .map(|(j, sch)| {
                let rule = naming::member(root, &sch.name);
                Name::new(format!("schedules/{j}/name"), SCHEDULE_RULE, &rule)
            })
            .collect()
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "schedule",
            tint: self.tint(),
            label: format!("Sched×{}", service.schedules.len()),
        })
    }

    /// One box per schedule, below the functions, with an arrow to the function it invokes.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let s = layout.service;
        let mut out = Vec::new();
        for (i, sch) in s.schedules.iter().enumerate() {
            let y = layout.schedule_y(i);
            out.push(Layout::node(
                COL[3],
                y,
                BW,
                "schedule",
                // A clock face the default fonts have (DejaVu Sans): "⏰" drew an empty box.
                format!("◷ {}", sch.name),
                format!("/schedules/{i}/name"),
            ));
            if let Some(li) = s.lambdas.iter().position(|l| l.name == sch.lambda) {
                out.push(Layout::edge(
                    (COL[3], y + 20),
                    (COL[2] + BW + 20, layout.function_y(li) + 20),
                ));
            }
        }
        out
    }
}

impl Build for Schedule {
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .schedules
            .iter()
            .map(|sch| {
                format!(
                    "schedule {}: {} → {}",
                    code(&sch.name),
                    code(&sch.expression),
                    code(&sch.lambda)
                )
            })
            .collect()
    }
    /// A schedule has no alarms of its own; the functions it invokes have theirs.
    fn alarms(&self) -> bool {
        false
    }
    fn module_calls(&self, root: &Root, _wiring: &Wiring) -> Vec<Blk> {
        module_calls(root.service)
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let schedules = service.schedules.iter();
        schedules
            .map(|sch| format!("schedule {} {}", text(&sch.name), code(&sch.expression)))
            .collect()
    }
    /// Whether the schedules fire (not in a disaster-recovery region).
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        root_vars(root.dr)
    }
}

/// The module calls a deployment root of `service` makes: one `cloudwatch-rule` per schedule,
/// invoking its function's module call (`module.lambda_<name>`).
fn module_calls(service: &Service) -> Vec<Blk> {
    service
        .schedules
        .iter()
        .map(|sch| {
            let function = |attr| super::lambda::attr(&sch.lambda, attr);
            blk("module", &[&format!("schedule_{}", ident(&sch.name))])
                .a("source", s(format!("{UP}/modules/cloudwatch-rule")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&sch.name)]),
                )
                .a("description", s(sch.description.as_str()))
                .a("schedule_expression", s(sch.expression.as_str()))
                .a("lambda_function_name", function("function_name"))
                .a("lambda_function_arn", function("function_arn"))
                .a("enabled", r("var.schedules_enabled"))
        })
        .collect()
}

/// The root variables of a service with schedules: whether they fire. A DR copy of a schedule
/// would write to a read-only replica and call partners twice: the roots of a disaster-recovery
/// region (`dr`) create the rules disabled, and failover turns them on.
fn root_vars(dr: bool) -> Vec<RootVar> {
    vec![var(
        "schedules_enabled",
        ty::bool(),
        "Whether the EventBridge schedules fire. False in the disaster-recovery region, where \
they stay disabled until failover sets it to true (see the DR runbook).",
        b(!dr),
    )]
}

/// The schedules' design rules on `svc` (JSON Pointer `base`).
fn rules(base: &str, svc: &Service) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    let out = &mut v;
    let lambda_names: BTreeSet<&str> = svc.lambdas.iter().map(|l| l.name.as_str()).collect();
    let mut seen_s = BTreeSet::new();
    for (j, sch) in svc.schedules.iter().enumerate() {
        let sb = format!("{base}/schedules/{j}");
        name(out, &format!("{sb}/name"), "schedule name", &sch.name, 24);
        if !seen_s.insert(sch.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{sb}/name"),
                format!("schedule \"{}\" is defined twice", sch.name),
            ));
        }
        if let Err(why) = field_rules::schedule_expression(&sch.expression) {
            out.push(
                Diagnostic::error(
                    format!("{sb}/expression"),
                    format!(
                        "\"{}\" is not an EventBridge schedule: {why}",
                        sch.expression.escape_debug()
                    ),
                )
                .with_hint("e.g. cron(0 4 * * ? *), cron(0/15 8-18 ? * MON-FRI *) or rate(1 hour)"),
            );
        }
        if !lambda_names.contains(sch.lambda.as_str()) {
            out.push(Diagnostic::error(
                format!("{sb}/lambda"),
                format!(
                    "the schedule invokes \"{}\", which is not one of the service's functions",
                    sch.lambda
                ),
            ));
        }
    }
    v
}

impl Layout<'_> {
    /// The top of schedule `i`'s box: in the last column, below the functions and the boxes
    /// stacked there.
    pub(crate) fn schedule_y(&self, i: usize) -> i32 {
        let below = self
            .function_y(self.service.lambdas.len())
            .max(self.stack_bottom());
        below + i as i32 * ROW
    }
}
