//! The estimate as text: a terminal table (`tfdesign cost`) and the bundle's `COST.md`.

use super::{Estimate, LineItem, Rollup, UsageInputs, HOURS_PER_MONTH};
use crate::design::Design;
use crate::markdown::{code, text as md};
use crate::plan::Plan;
use crate::usage::FIELDS;
use std::fmt::Write;

fn unit_price(item: &LineItem) -> String {
    match &item.price {
        Some(p) => format!("${}", p.usd),
        None if item.is_missing() => "-".into(),
        None => "assumed $0".into(),
    }
}

fn monthly(item: &LineItem) -> String {
    match item.monthly {
        Some(m) => m.dollars(),
        None => item.missing_text(),
    }
}

fn rollup_total(r: &Rollup) -> String {
    if r.missing == 0 {
        r.monthly.dollars()
    } else {
        format!("{} + {} without price", r.monthly.dollars(), r.missing)
    }
}

fn total_line(e: &Estimate) -> String {
    if e.missing == 0 {
        format!("{} a month", e.total.dollars())
    } else {
        format!(
            "{} a month, plus {} line(s) with no price in the table (not in the total)",
            e.total.dollars(),
            e.missing
        )
    }
}

fn as_of(e: &Estimate) -> String {
    match &e.as_of {
        Some((a, b)) if a == b => a.clone(),
        Some((a, b)) => format!("{a} to {b}"),
        None => "none".into(),
    }
}

/// The usage the estimate assumed, one line per place that sets something: the inputs of every
/// root that are not zero, then each service's inputs that differ from those. Empty when every
/// input is zero everywhere.
fn usage_lines(e: &Estimate) -> Vec<String> {
    let list = |pick: &dyn Fn(&str) -> Option<u64>| -> String {
        FIELDS
            .iter()
            .filter_map(|f| pick(f.name).map(|v| format!("{} = {v} ({})", f.name, f.unit)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    let shared = list(&|name| Some(e.usage.get(name)).filter(|v| *v != 0));
    if !shared.is_empty() {
        out.push(format!("every root: {shared}"));
    }
    for (service, u) in &e.service_usage {
        let own = list(&|name| Some(u.get(name)).filter(|v| *v != e.usage.get(name)));
        out.push(format!("{service}: {own}"));
    }
    out
}

/// Pads each column of `rows` to its widest cell (by characters).
fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The estimate as a terminal report: the total, the roll-ups, then every root's lines.
pub fn text(project: &str, e: &Estimate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Monthly estimate of {project}: {}", total_line(e));
    let usage = usage_lines(e);
    if usage.is_empty() {
        let _ = writeln!(
            out,
            "On-demand list prices in USD, {HOURS_PER_MONTH} hours a month, prices as of {}; usage lines are 0 unless --usage sets them.\n",
            as_of(e)
        );
    } else {
        let _ = writeln!(
            out,
            "On-demand list prices in USD, {HOURS_PER_MONTH} hours a month, prices as of {}; usage lines priced by the design's usage (with --usage over it):",
            as_of(e)
        );
        for line in usage {
            let _ = writeln!(out, "  {line}");
        }
        out.push('\n');
    }
    for (title, rollups) in [
        ("By tier", &e.by_tier),
        ("By service", &e.by_service),
        ("By region", &e.by_region),
        ("By kind", &e.by_kind),
    ] {
        let _ = writeln!(out, "{title}");
        let rows: Vec<Vec<String>> = rollups
            .iter()
            .map(|r| vec![format!("  {}", r.name), rollup_total(r)])
            .collect();
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    for root in &e.roots {
        let dr = if root.dr { ", disaster recovery" } else { "" };
        let _ = writeln!(
            out,
            "{}  ({}, {}, {}{dr}): {}",
            root.root,
            root.service,
            root.tier,
            root.region,
            rollup_total(&Rollup {
                name: String::new(),
                monthly: root.monthly,
                missing: root.missing
            })
        );
        let mut rows = vec![vec![
            "  kind".to_string(),
            "component".into(),
            "quantity".into(),
            "unit".into(),
            "unit price".into(),
            "monthly".into(),
            "note".into(),
        ]];
        for item in &root.items {
            let mut note = item.note.clone();
            if item.derived.is_some() {
                note = format!("derived; {note}");
            }
            rows.push(vec![
                format!("  {}", item.kind.label()),
                item.component.clone(),
                item.quantity.display(),
                item.unit.clone(),
                unit_price(item),
                monthly(item),
                note,
            ]);
        }
        out.push_str(&columns(&rows));
        out.push('\n');
    }
    out
}

fn md_rollup(out: &mut String, title: &str, rollups: &[Rollup]) {
    let _ = writeln!(out, "| {title} | monthly |\n|---|---:|");
    for r in rollups {
        let _ = writeln!(out, "| {} | {} |", md(&r.name), md(&rollup_total(r)));
    }
    out.push('\n');
}

/// The bundle's `COST.md`: the estimate of `design` with the embedded prices and the design's
/// usage assumptions.
pub fn markdown(design: &Design, plan: &Plan) -> String {
    let e = super::estimate(
        design,
        plan,
        super::PriceTable::embedded(),
        &UsageInputs::default(),
    );
    let usage = usage_lines(&e);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# What {} costs\n\nAn estimate of the monthly AWS bill of this bundle, generated by tfdesign from the same \
design (`tfdesign cost` prints it, with your usage). **{}.**\n",
        md(&design.project),
        md(&total_line(&e))
    );
    let usage_sentence = if usage.is_empty() {
        "Usage-priced lines (requests, GB, LCUs) are **0 here**: pass a usage file to `tfdesign cost --usage FILE` \
to price them."
    } else {
        "Usage-priced lines (requests, GB, LCUs) are priced by the design's usage assumptions (listed below); \
`tfdesign cost --usage FILE` prices them with other values."
    };
    let _ = writeln!(
        out,
        "On-demand list prices in USD before free tiers, tax and discounts; {HOURS_PER_MONTH} hours a month; \
prices as of {} (the date each source gave the price, per line below). {usage_sentence} A line marked *derived* was \
reached by the documented rule it names. \"No price\" means the embedded table has no price for that \
item in that region: it is not counted as zero, it is left out of the totals.\n",
        as_of(&e)
    );
    if !usage.is_empty() {
        let _ = writeln!(out, "## Usage assumptions\n");
        for line in &usage {
            let _ = writeln!(out, "- {}", md(line));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Totals\n");
    md_rollup(&mut out, "tier", &e.by_tier);
    md_rollup(&mut out, "service", &e.by_service);
    md_rollup(&mut out, "region", &e.by_region);
    md_rollup(&mut out, "kind", &e.by_kind);
    let _ = writeln!(out, "## Per root\n");
    for root in &e.roots {
        let dr = if root.dr { ", disaster recovery" } else { "" };
        let _ = writeln!(
            out,
            "### {}\n\n{}, {}, {}{dr}: **{}**\n",
            md(&root.root),
            md(&root.service),
            md(&root.tier),
            md(&root.region),
            md(&rollup_total(&Rollup {
                name: String::new(),
                monthly: root.monthly,
                missing: root.missing
            }))
        );
        let _ = writeln!(
            out,
            "| kind | component | quantity | unit | unit price | monthly | price as of | note |\n|---|---|---:|---|---:|---:|---|---|"
        );
        for item in &root.items {
            let derived = match &item.derived {
                Some(rule) => format!("*derived*: {}; ", md(rule)),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {derived}{} |",
                item.kind.label(),
                md(&item.component),
                md(&item.quantity.display()),
                md(&item.unit),
                md(&unit_price(item)),
                md(&monthly(item)),
                item.price
                    .as_ref()
                    .map_or("-".to_string(), |p| md(&p.as_of)),
                md(&item.note)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Assumptions\n\n\
- Hosts run at the Auto Scaling group's desired capacity all month; ECS managed scaling moves it between its minimum and maximum.\n\
- Databases are counted at their allocated storage; storage autoscaling can grow them up to the tier's maximum.\n\
- A Multi-AZ database without a Multi-AZ price in the table is priced as two Single-AZ instances (AWS says approximately twice); it is labelled *derived*.\n\
- Performance Insights with 7 days of retention is assumed free.\n\
- Tasks run on the hosts (ECS on EC2), so they add no cost of their own.\n\
- Not in the estimate: IAM, ACM certificates, Route 53 records in your existing hosted zone, security groups, ECS itself, EventBridge schedules, Lambda function URLs, the enhanced-monitoring logs of RDS, the KMS key-rotation surcharge, data transfer to the internet, and the network (VPC, NAT gateways, endpoints) this bundle does not create.\n"
    );
    let _ = writeln!(
        out,
        "## Prices\n\n\
Every price comes from tfdesign's embedded table (`core/src/cost/prices.tsv` in tfdesign's repository): \
AWS public list prices copied from public works (Karpenter, Infracost, ec2details, ec2instances.info), \
each row naming its source, commit and date; their licences ask for the attributions in tfdesign's \
`core/src/cost/NOTICE`. Prices may have changed since their date. Check the AWS pricing pages before you rely \
on a number. Amazon Web Services and AWS are trademarks of Amazon.com, Inc. or its affiliates; \
this estimate is not endorsed by AWS. Usage inputs: {}.",
        code("tfdesign cost --usage FILE")
    );
    out
}
