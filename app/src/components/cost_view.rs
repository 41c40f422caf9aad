use leptos::prelude::*;
use tfdesign_core::cost::{Estimate, Micros, Rollup};

use crate::components::usage_editor::UsageEditor;
use crate::state::{use_design_state, Selection};

/// Which roll-up the bar chart shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum By {
    Tier,
    Service,
    Region,
}

impl By {
    fn label(self) -> &'static str {
        match self {
            By::Tier => "Tier",
            By::Service => "Service",
            By::Region => "Region",
        }
    }

    fn of(self, e: &Estimate) -> Vec<Rollup> {
        match self {
            By::Tier => e.by_tier.clone(),
            By::Service => e.by_service.clone(),
            By::Region => e.by_region.clone(),
        }
    }
}

/// What the design costs a month (core's estimate with the embedded prices and the design's
/// usage assumptions): the total with the change the last edit made, the usage assumptions
/// editor, a bar chart by tier, service or region, and the line items of the selected
/// deployment, missing prices included.
#[component]
pub fn CostView() -> impl IntoView {
    let state = use_design_state();
    // Estimated by the worker with each bundle.
    let estimate = Memo::new(move |_| {
        if state.blocked.get() {
            return None;
        }
        state.cost.get()
    });
    let total = Memo::new(move |_| estimate.with(|e| e.as_ref().map(|e| (e.total, e.missing))));
    // The change the last edit made to the total, shown beside it until the next one.
    let delta = RwSignal::new(None::<String>);
    let previous = StoredValue::new(None::<Micros>);
    Effect::new(move |_| {
        let Some((now, _)) = total.get() else {
            return;
        };
        if let Some(before) = previous.get_value() {
            if before != now {
                delta.set(Some(format!("{}/mo", now.delta_from(before))));
            }
        }
        previous.set_value(Some(now));
    });
    let by = RwSignal::new(By::Tier);
    let bars = move || {
        estimate.with(|e| {
            let Some(e) = e else {
                return Vec::new();
            };
            let rollups = by.get().of(e);
            let max = rollups.iter().map(|r| r.monthly.0).max().unwrap_or(0).max(1);
            rollups
                .into_iter()
                .map(|r| {
                    let width = r.monthly.0 as f64 * 100.0 / max as f64;
                    let missing = (r.missing > 0).then(|| format!(" + {} without price", r.missing));
                    view! {
                        <li data-testid="cost-bar">
                            <span class="cost-bar-name">{r.name.clone()}</span>
                            <span class="cost-bar-track" aria-hidden="true">
                                <span class="cost-bar-fill" style=format!("width: {width:.1}%")></span>
                            </span>
                            <span class="cost-bar-value">{r.monthly.dollars()}{missing}</span>
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    // The root of the selected matrix cell, if any, and its lines (asked of the worker).
    let selected = Memo::new(move |_| match state.selection.get() {
        Selection::Cell(s, t, r) => state.design.with(|d| {
            Some(format!(
                "environments/{}/{}/{}",
                d.services.get(s)?.name,
                d.regions.get(r)?.name,
                d.tiers.get(t)?.name
            ))
        }),
        _ => None,
    });
    let lines = state.follow_cost_lines(selected);
    let items = move || {
        let root = selected.get()?;
        lines.with(|r| {
            let r = r.as_ref().filter(|r| r.root == root)?;
            let rows = r
                .items
                .iter()
                .map(|i| {
                    let monthly = match i.monthly {
                        Some(m) => m.dollars(),
                        None => i.missing_text(),
                    };
                    let class = if i.is_missing() { "missing" } else { "" };
                    let title = i.price.as_ref().map(|p| format!("as of {}: {}", p.as_of, p.source));
                    view! {
                        <tr class=class data-testid="cost-item">
                            <td>{i.component.clone()}{i.derived.as_ref().map(|_| " (derived)")}</td>
                            <td class="num">{i.quantity.display()}" "{i.unit.clone()}</td>
                            <td class="num" title=title>{monthly}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>();
            Some(view! {
                <h3>{root.clone()}": "{r.monthly.dollars()}</h3>
                <table class="cost-items" data-testid="cost-items">
                    <thead><tr><th>"Component"</th><th>"Quantity"</th><th>"Monthly"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })
        })
    };

    view! {
        <section class="panel cost" aria-labelledby="cost-heading" data-testid="cost">
            <h2 id="cost-heading">"Cost"</h2>
            {move || match total.get() {
                None => view! { <p class="count">"No estimate while the design has errors."</p> }.into_any(),
                Some((sum, missing)) => view! {
                    <p class="cost-total">
                        <strong data-testid="cost-total">{sum.dollars()}</strong>
                        " a month "
                        {move || delta.get().map(|d| view! { <span class="cost-delta" data-testid="cost-delta" aria-live="polite">{d}</span> })}
                    </p>
                    <p class="cost-note">
                        "On-demand list prices, usage as assumed below (COST.md in the bundle has every line)"
                        {(missing > 0).then(|| format!("; {missing} item(s) have no price in the table and are not counted"))}
                        "."
                    </p>
                }.into_any(),
            }}
            <UsageEditor />
            <div class="cost-tabs" role="group" aria-label="Cost by">
                {[By::Tier, By::Service, By::Region].into_iter().map(|b| view! {
                    <button
                        type="button"
                        class="small"
                        aria-pressed=move || (by.get() == b).to_string()
                        on:click=move |_| by.set(b)
                    >
                        {b.label()}
                    </button>
                }).collect::<Vec<_>>()}
            </div>
            <ul class="cost-bars" data-testid="cost-bars">{bars}</ul>
            {items}
        </section>
    }
}
