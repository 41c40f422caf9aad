//! CloudWatch alarms that tell people: each module that has them takes `alarm_actions` (the
//! deployment's alarm topic) and notifies it when an alarm fires and when it clears.

use crate::emit::hcl::*;
use crate::emit::module::{ty, Var};

/// One alarm on one metric: fires when `statistic` of `metric` over `periods` periods of
/// `period` seconds compares `comparison` to `threshold`; missing data is not breaching.
pub struct Alarm<'a> {
    /// Resource name.
    pub name: &'a str,
    /// Appended to the module's name (`name_var`) to name the alarm.
    pub suffix: &'a str,
    /// What it means when it fires, for the person who reads it.
    pub what: &'a str,
    /// Metric namespace, e.g. `AWS/SQS`.
    pub namespace: &'a str,
    /// Metric name.
    pub metric: &'a str,
    /// `Sum`, `Average`, `Minimum` or `Maximum`.
    pub statistic: &'a str,
    /// Seconds per period.
    pub period: i64,
    /// Periods that must breach.
    pub periods: i64,
    /// `GreaterThanThreshold` or `LessThanThreshold`.
    pub comparison: &'a str,
    /// The threshold.
    pub threshold: E,
    /// Metric dimensions.
    pub dimensions: Vec<(&'a str, E)>,
}

impl Alarm<'_> {
    /// The `aws_cloudwatch_metric_alarm`, named `<name_var><suffix>`.
    pub fn block(self, name_var: &str) -> Blk {
        let name = tpl(vec![T::X(r(name_var)), T::L(self.suffix)]);
        self.block_named(name)
    }

    /// The `aws_cloudwatch_metric_alarm`, named `name` (its `suffix` unused).
    pub fn block_named(self, name: E) -> Blk {
        resource("aws_cloudwatch_metric_alarm", self.name)
            .a("alarm_name", name)
            .a("alarm_description", s(self.what))
            .a("namespace", s(self.namespace))
            .a("metric_name", s(self.metric))
            .a("statistic", s(self.statistic))
            .a("period", n(self.period))
            .a("evaluation_periods", n(self.periods))
            .a("threshold", self.threshold)
            .a("comparison_operator", s(self.comparison))
            .a("treat_missing_data", s("notBreaching"))
            .a("dimensions", obj(self.dimensions))
            .a("alarm_actions", r("var.alarm_actions"))
            .a("ok_actions", r("var.alarm_actions"))
    }
}

/// The `alarm_actions` input of a module with alarms.
pub fn actions_var() -> Var {
    Var::opt(
        "alarm_actions",
        ty::list_string(),
        "ARNs (e.g. SNS topics) notified when an alarm fires.",
        list([]),
    )
}
