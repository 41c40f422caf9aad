//! Cost: a monthly estimate of what a design's bundle costs on AWS, from an embedded price
//! table ([`table`]), with one line item per priced part of every root (deployment, platform,
//! state backend), rolled up per tier, service and region.
//!
//! Pure and deterministic: no clock, no float. Money is integer micro-dollars; each line is
//! `quantity × unit price` computed exactly and rounded once (half up) to a micro-dollar, and
//! every total is the sum of its lines. A month is [`HOURS_PER_MONTH`] hours. A price the table
//! lacks makes a line "no price for X in region Y" that adds nothing to the totals and is
//! counted in `missing`, never a zero. Usage-priced lines ([`Usage`]) default to zero and say so;
//! their inputs come from the design's usage section ([`crate::design::DesignUsage`]), each
//! replaced by a usage file's value where it gives one.

pub mod lines;
mod report;
mod rules;
pub mod table;

pub use crate::usage::{Usage, UsageInputs};
pub use report::{markdown, text};
pub use table::{Price, PriceTable};

use crate::design::Design;
use crate::markdown::grouped;
use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Hours in the estimate's month (AWS's own convention: 365 × 24 / 12 ≈ 730).
pub const HOURS_PER_MONTH: u64 = 730;

/// The `service` of a platform root's lines (a service name cannot have parentheses).
pub const PLATFORM: &str = "(platform)";
/// The `service` of the state backend's lines.
pub const STATE_BACKEND: &str = "(state backend)";
/// The `tier` of lines that belong to no tier (the state backend).
pub const NO_TIER: &str = "(all tiers)";

/// An amount of US dollars in millionths.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Micros(pub u64);

impl Micros {
    /// Whole cents, rounded half up.
    pub fn cents(self) -> u64 {
        (self.0 + 5_000) / 10_000
    }

    /// `$1,234.56`.
    pub fn dollars(self) -> String {
        let cents = self.cents();
        format!("${}.{:02}", grouped(cents / 100), cents % 100)
    }

    /// `+$312.00` or `-$12.50` for the change from `before` to `self`.
    pub fn delta_from(self, before: Micros) -> String {
        if self >= before {
            format!("+{}", Micros(self.0 - before.0).dollars())
        } else {
            format!("-{}", Micros(before.0 - self.0).dollars())
        }
    }
}

impl std::ops::Add for Micros {
    type Output = Micros;
    fn add(self, other: Micros) -> Micros {
        Micros(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Micros {
    fn sum<I: Iterator<Item = Micros>>(iter: I) -> Micros {
        iter.fold(Micros(0), |a, b| a + b)
    }
}

/// An exact, non-negative quantity `num / den`, in the unit of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// Numerator.
    pub num: u128,
    /// Denominator (never 0).
    pub den: u128,
}

impl Quantity {
    /// A whole number.
    pub fn whole(n: u64) -> Quantity {
        Quantity {
            num: n.into(),
            den: 1,
        }
    }

    /// `num / den`.
    pub fn ratio(num: u128, den: u128) -> Quantity {
        Quantity {
            num,
            den: den.max(1),
        }
    }

    /// Whether it is zero.
    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    /// The quantity with at most 4 decimals (rounded half up), trailing zeros dropped,
    /// thousands grouped: `3,650`, `0.5`, `1,234.5678`.
    pub fn display(&self) -> String {
        let scaled = (self.num * 10_000 + self.den / 2) / self.den;
        let mut out = grouped(scaled / 10_000);
        let frac = format!("{:04}", scaled % 10_000);
        let frac = frac.trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        out
    }

    /// `self × price` in micro-dollars, exact then rounded half up.
    pub fn times(&self, usd_e10: u64) -> Micros {
        // 10⁻¹⁰ USD → 10⁻⁶ USD: divide by 10⁴.
        let den = self.den * 10_000;
        let value = (self.num * u128::from(usd_e10) + den / 2) / den;
        Micros(u64::try_from(value).unwrap_or(u64::MAX))
    }
}

/// What kind of cost a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Decided by the design: it is paid whether the service is used or not.
    Fixed,
    /// Proportional to use (requests, GB, LCUs); from the [`Usage`] inputs, zero by default.
    Usage,
    /// Counted under a stated assumption rather than from a price row (e.g. a free allowance).
    Assumption,
}

impl Kind {
    /// `fixed`, `usage`, `assumption`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Fixed => "fixed",
            Kind::Usage => "usage",
            Kind::Assumption => "assumption",
        }
    }
}

/// One priced part of a root.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    /// What is paid for, e.g. `EC2 hosts (m6i.large)`.
    pub component: String,
    /// The resources of the root it prices, e.g. `module.cluster.aws_autoscaling_group.this`.
    pub resource: String,
    /// How much, in `unit`.
    pub quantity: Quantity,
    /// The unit of `quantity`, the same as the price row's (`hour`, `month`, `gb-month`, …).
    pub unit: String,
    /// The price key looked up, e.g. `ec2:m6i.large`.
    pub key: String,
    /// The region the price is looked up in.
    pub price_region: String,
    /// The price row used; `None` when the table has none (then `monthly` is `None`) or for an
    /// assumption that needs no price.
    pub price: Option<Price>,
    /// USD a month: `quantity × price`; `None` when there is no price.
    pub monthly: Option<Micros>,
    /// Fixed, usage or assumption.
    pub kind: Kind,
    /// The documented rule this line's quantity or price was derived by, if any (e.g. Multi-AZ
    /// billed as two instances).
    pub derived: Option<String>,
    /// How the quantity was reached, and what to change for a usage line.
    pub note: String,
}

impl LineItem {
    /// Whether the table had no price for this line.
    pub fn is_missing(&self) -> bool {
        self.monthly.is_none()
    }

    /// `no price for ec2:x in region y`, for a line without price.
    pub fn missing_text(&self) -> String {
        format!("no price for {} in region {}", self.key, self.price_region)
    }
}

/// The estimate of one root: a service in a tier and region, a platform (tier and region) or
/// the state backend of a region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RootEstimate {
    /// The root's folder in the bundle, e.g. `environments/orders-ingestion/us-east-1/prod`.
    pub root: String,
    /// Service name, or [`PLATFORM`] / [`STATE_BACKEND`].
    pub service: String,
    /// Tier name, or [`NO_TIER`].
    pub tier: String,
    /// AWS region code.
    pub region: String,
    /// Whether the root is a disaster-recovery copy.
    pub dr: bool,
    /// Its lines, in a fixed order.
    pub items: Vec<LineItem>,
    /// Sum of the priced lines.
    pub monthly: Micros,
    /// Lines without a price.
    pub missing: usize,
}

/// A total over some roots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollup {
    /// The tier, service or region.
    pub name: String,
    /// Sum of the priced lines.
    pub monthly: Micros,
    /// Lines without a price.
    pub missing: usize,
}

/// The monthly estimate of a design.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Hours in a month.
    pub hours_per_month: u64,
    /// Every root, deployments first (plan order), then platforms, then state backends.
    pub roots: Vec<RootEstimate>,
    /// Sum of every priced line.
    pub total: Micros,
    /// Lines without a price, in all.
    pub missing: usize,
    /// Per tier, in the design's order ([`NO_TIER`] last).
    pub by_tier: Vec<Rollup>,
    /// Per service, in the design's order, then [`PLATFORM`] and [`STATE_BACKEND`].
    pub by_service: Vec<Rollup>,
    /// Per region, in the design's order, then state-backend regions it lacks.
    pub by_region: Vec<Rollup>,
    /// Per kind of line.
    pub by_kind: Vec<Rollup>,
    /// The oldest and newest `as_of` of the prices used.
    pub as_of: Option<(String, String)>,
    /// The usage the estimate assumed for the roots no service owns (platforms, state
    /// backends) and for every service without usage of its own.
    pub usage: Usage,
    /// The usage of each service whose deployments assume other values, by service name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub service_usage: BTreeMap<String, Usage>,
}

impl Estimate {
    /// Every line of every root.
    pub fn items(&self) -> impl Iterator<Item = &LineItem> {
        self.roots.iter().flat_map(|r| r.items.iter())
    }

    /// The root whose folder is `root`.
    pub fn root(&self, root: &str) -> Option<&RootEstimate> {
        self.roots.iter().find(|r| r.root == root)
    }

    /// The estimate as pretty JSON (`tfdesign cost --format json`).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The usage of the roots of `design` with `overrides` (a usage file) in place of the design's
/// values: (the roots no service owns, each service whose usage differs from that).
fn resolve(design: &Design, overrides: &UsageInputs) -> (Usage, BTreeMap<String, Usage>) {
    let shared = overrides.over(&design.usage.shared());
    let services = design
        .services
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                overrides.over(&design.usage.service(&s.name)),
            )
        })
        .filter(|(_, u)| *u != shared)
        .collect();
    (shared, services)
}

/// The estimate of a validated `design` (its `plan`) with prices from `table`, usage from the
/// design's usage section and `overrides` (a usage file: each input it sets replaces the
/// design's value everywhere).
pub fn estimate(
    design: &Design,
    plan: &Plan,
    table: &PriceTable,
    overrides: &UsageInputs,
) -> Estimate {
    let (usage, service_usage) = resolve(design, overrides);
    let roots = rules::roots(design, plan, table, &usage, &service_usage);
    let sum = |pick: &dyn Fn(&RootEstimate) -> bool| -> (Micros, usize) {
        roots
            .iter()
            .filter(|r| pick(r))
            .fold((Micros(0), 0), |(m, n), r| (m + r.monthly, n + r.missing))
    };
    let rollup = |names: Vec<String>, field: fn(&RootEstimate) -> &str| -> Vec<Rollup> {
        names
            .into_iter()
            .filter_map(|name| {
                let any = roots.iter().any(|r| field(r) == name);
                let (monthly, missing) = sum(&|r| field(r) == name);
                any.then_some(Rollup {
                    name,
                    monthly,
                    missing,
                })
            })
            .collect()
    };
    let mut tiers: Vec<String> = design.tiers.iter().map(|t| t.name.clone()).collect();
    tiers.push(NO_TIER.into());
    let mut services: Vec<String> = design.services.iter().map(|s| s.name.clone()).collect();
    services.extend([PLATFORM.to_string(), STATE_BACKEND.to_string()]);
    let mut regions: Vec<String> = design.regions.iter().map(|r| r.name.clone()).collect();
    for r in design.backend.regions.keys() {
        if !regions.contains(r) {
            regions.push(r.clone());
        }
    }
    let mut by_kind: BTreeMap<Kind, (Micros, usize)> = BTreeMap::new();
    let mut dates: Vec<&str> = Vec::new();
    for item in roots.iter().flat_map(|r| r.items.iter()) {
        let entry = by_kind.entry(item.kind).or_default();
        entry.0 = entry.0 + item.monthly.unwrap_or_default();
        entry.1 += usize::from(item.is_missing());
        if let Some(p) = &item.price {
            dates.push(&p.as_of);
        }
    }
    dates.sort_unstable();
    let as_of = dates
        .first()
        .zip(dates.last())
        .map(|(a, b)| (a.to_string(), b.to_string()));
    let (total, missing) = sum(&|_| true);
    Estimate {
        hours_per_month: HOURS_PER_MONTH,
        by_tier: rollup(tiers, |r| &r.tier),
        by_service: rollup(services, |r| &r.service),
        by_region: rollup(regions, |r| &r.region),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, (monthly, missing))| Rollup {
                name: kind.label().into(),
                monthly,
                missing,
            })
            .collect(),
        roots,
        total,
        missing,
        as_of,
        usage,
        service_usage,
    }
}

/// The estimate of `design` with the embedded price table and `overrides` over the design's
/// usage, when the design rules find no error; else every diagnostic.
pub fn of(design: &Design, overrides: &UsageInputs) -> Result<Estimate, Vec<crate::Diagnostic>> {
    let diagnostics = crate::validate::validate(design);
    if diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error)
    {
        return Err(diagnostics);
    }
    let plan = Plan::build(design);
    Ok(estimate(design, &plan, PriceTable::embedded(), overrides))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_quantities_print_exactly() {
        assert_eq!(Micros(1_234_565_000).dollars(), "$1,234.57");
        assert_eq!(Micros(4_999).dollars(), "$0.00");
        assert_eq!(Micros(5_000).dollars(), "$0.01");
        assert_eq!(Micros(312_000_000).delta_from(Micros(0)), "+$312.00");
        assert_eq!(Micros(0).delta_from(Micros(12_500_000)), "-$12.50");
        assert_eq!(Quantity::whole(3650).display(), "3,650");
        assert_eq!(Quantity::ratio(1, 2).display(), "0.5");
        assert_eq!(Quantity::ratio(1, 3).display(), "0.3333");
        // 3,650 h × $0.096 = $350.40 exactly.
        assert_eq!(
            Quantity::whole(3650).times(960_000_000),
            Micros(350_400_000)
        );
        // Half a micro-dollar rounds up.
        assert_eq!(Quantity::ratio(1, 2).times(10_000), Micros(1));
    }
}
