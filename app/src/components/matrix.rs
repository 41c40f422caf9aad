use leptos::prelude::*;
use tfdesign_core::{design::RegionRole, edit, kinds, Design};

use crate::state::{use_design_state, Selection};

/// One matrix column: a tier deployed in a region.
#[derive(Clone, Debug, PartialEq)]
struct Column {
    tier: usize,
    region: usize,
    tier_name: String,
    region_name: String,
    dr: bool,
    replica: bool,
}

/// The columns of `design`, grouped by region (design order), then tier order.
fn columns(design: &Design) -> Vec<Column> {
    let mut out = Vec::new();
    for (ri, region) in design.regions.iter().enumerate() {
        for (ti, tier) in design.tiers.iter().enumerate() {
            if tier.regions.contains(&region.name) {
                out.push(Column {
                    tier: ti,
                    region: ri,
                    tier_name: tier.name.clone(),
                    region_name: region.name.clone(),
                    dr: region.role == RegionRole::Dr,
                    replica: tier.database.cross_region_replica,
                });
            }
        }
    }
    out
}

/// The chips of service `service` in `column`: what deploys there, as labelled text.
fn chips(design: &Design, service: usize, column: &Column) -> Vec<(&'static str, String)> {
    let Some(s) = design.services.get(service) else {
        return Vec::new();
    };
    kinds::chips(s, column.dr && column.replica)
        .into_iter()
        .map(|c| (c.class, c.label))
        .collect()
}

/// Services × (tier, region): each cell lists what deploys there. Row headers select a
/// service, column headers a tier or region, cells a deployment.
#[component]
pub fn Matrix() -> impl IntoView {
    let state = use_design_state();
    let selection = state.selection;
    let cols = Memo::new(move |_| state.design.with(columns));
    let services = Memo::new(move |_| {
        state.design.with(|d| {
            d.services
                .iter()
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
        })
    });
    let regions = Memo::new(move |_| {
        state.design.with(|d| {
            d.regions
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let span = d
                        .tiers
                        .iter()
                        .filter(|t| t.regions.contains(&r.name))
                        .count();
                    (i, r.name.clone(), r.role == RegionRole::Dr, span)
                })
                .collect::<Vec<_>>()
        })
    });

    let add_service = move |_| {
        let mut added = 0;
        state.edit(None, |d| added = edit::add_service(d));
        selection.set(Selection::Service(added));
        state.focus.set(Some(format!("/services/{added}/name")));
    };
    let add_tier = move |_| {
        let mut added = 0;
        state.edit(None, |d| added = edit::add_tier(d));
        selection.set(Selection::Tier(added));
    };
    let add_region = move |_| {
        let mut added = None;
        state.edit(None, |d| added = edit::add_region(d));
        match added {
            Some(i) => {
                selection.set(Selection::Region(i));
                // Its tier boxes come into view (and take the focus): the next step is there.
                state.focus.set(Some(format!("/regions/{i}/tiers")));
            }
            None => state.tell(
                true,
                "Every region tfdesign knows is already in the design.",
            ),
        }
    };

    view! {
        <section class="panel matrix-panel" aria-labelledby="matrix-heading">
            <div class="panel-head">
                <h2 id="matrix-heading">"Platform"</h2>
                <div class="actions">
                    <button type="button" on:click=add_service>"+ Service"</button>
                    <button type="button" on:click=add_tier>"+ Tier"</button>
                    <button type="button" on:click=add_region>"+ Region"</button>
                    <button type="button" on:click=move |_| selection.set(Selection::Project)>
                        "Project settings"
                    </button>
                </div>
            </div>
            <div class="matrix-scroll">
                <table class="matrix" data-testid="matrix">
                    <caption class="visually-hidden">
                        "Services by tier and region: what deploys where"
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col" rowspan="2" class="corner">"Service"</th>
                            {move || {
                                regions
                                    .get()
                                    .into_iter()
                                    .filter(|(_, _, _, span)| *span > 0)
                                    .map(|(i, name, dr, span)| {
                                        let selected = move || selection.get() == Selection::Region(i);
                                        view! {
                                            <th scope="colgroup" colspan=span class="region-head">
                                                <button
                                                    type="button"
                                                    class="head-button"
                                                    aria-pressed=move || selected().to_string()
                                                    on:click=move |_| selection.set(Selection::Region(i))
                                                >
                                                    {name}
                                                    {dr.then(|| view! { <span class="chip dr">"DR"</span> })}
                                                </button>
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                        <tr>
                            {move || {
                                cols.get()
                                    .into_iter()
                                    .map(|c| {
                                        let tier = c.tier;
                                        let selected = move || selection.get() == Selection::Tier(tier);
                                        view! {
                                            <th scope="col" class="tier-head">
                                                <button
                                                    type="button"
                                                    class="head-button"
                                                    aria-pressed=move || selected().to_string()
                                                    aria-label=format!("Tier {} in {}", c.tier_name, c.region_name)
                                                    on:click=move |_| selection.set(Selection::Tier(tier))
                                                >
                                                    {c.tier_name.clone()}
                                                </button>
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            services
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(si, name)| {
                                    let row_selected = move || selection.get().service() == Some(si);
                                    view! {
                                        <tr class:selected=row_selected>
                                            <th scope="row">
                                                <button
                                                    type="button"
                                                    class="head-button"
                                                    data-testid="service-row"
                                                    aria-pressed=move || {
                                                        (selection.get() == Selection::Service(si)).to_string()
                                                    }
                                                    on:click=move |_| selection.set(Selection::Service(si))
                                                >
                                                    {name.clone()}
                                                </button>
                                            </th>
                                            {move || {
                                                cols.get()
                                                    .into_iter()
                                                    .map(|c| {
                                                        let here = Selection::Cell(si, c.tier, c.region);
                                                        let label = format!(
                                                            "{} in {} {}",
                                                            name,
                                                            c.tier_name,
                                                            c.region_name,
                                                        );
                                                        let c2 = c.clone();
                                                        let content = Memo::new(move |_| {
                                                            state.design.with(|d| chips(d, si, &c2))
                                                        });
                                                        view! {
                                                            <td>
                                                                <button
                                                                    type="button"
                                                                    class="cell"
                                                                    data-testid="matrix-cell"
                                                                    aria-label=label
                                                                    aria-pressed=move || (selection.get() == here).to_string()
                                                                    on:click=move |_| selection.set(here)
                                                                >
                                                                    {move || {
                                                                        let list = content.get();
                                                                        if list.is_empty() {
                                                                            view! { <span class="empty">"nothing"</span> }.into_any()
                                                                        } else {
                                                                            list.into_iter()
                                                                                .map(|(kind, text)| {
                                                                                    view! { <span class=format!("chip {kind}")>{text}</span> }
                                                                                })
                                                                                .collect_view()
                                                                                .into_any()
                                                                        }
                                                                    }}
                                                                </button>
                                                            </td>
                                                        }
                                                    })
                                                    .collect_view()
                                            }}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            // A region no tier deploys to has no column: it is listed here, one click from
            // its inspector (where its tiers are ticked).
            {move || {
                let idle: Vec<(usize, String)> = regions.with(|all| {
                    all.iter()
                        .filter(|(_, _, _, span)| *span == 0)
                        .map(|(i, name, _, _)| (*i, name.clone()))
                        .collect()
                });
                (!idle.is_empty()).then(|| {
                    view! {
                        <p class="idle-regions" data-testid="idle-regions">
                            <span class="muted">"No tier deploys to "</span>
                            {idle
                                .into_iter()
                                .map(|(i, name)| {
                                    view! {
                                        <button
                                            type="button"
                                            class="small"
                                            aria-pressed=move || (selection.get() == Selection::Region(i)).to_string()
                                            aria-label=format!("{name}: choose the tiers that deploy there")
                                            on:click=move |_| selection.set(Selection::Region(i))
                                        >
                                            {name.clone()}
                                        </button>
                                    }
                                })
                                .collect_view()}
                            <span class="muted">" yet: choose its tiers in the region’s settings."</span>
                        </p>
                    }
                })
            }}
            {move || {
                services.with(Vec::is_empty)
                    .then(|| view! { <p class="hint">"No service yet: add one with “+ Service”."</p> })
            }}
        </section>
    }
}
