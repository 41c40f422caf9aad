use leptos::{prelude::*, wasm_bindgen::JsCast};
use tfdesign_core::{
    design::RegionRole,
    kinds::{self, Tint},
    Design,
};

use super::inspector::reveal_inspector;
use crate::{
    actions,
    state::{use_design_state, Selection},
};

/// One matrix column: a tier deployed in a region (indices into the design).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Column {
    tier: usize,
    region: usize,
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
                });
            }
        }
    }
    out
}

/// The chips of service `service` in `column`: what deploys there, as labelled text.
fn chips(design: &Design, service: usize, column: Column) -> Vec<(&'static str, String, Tint)> {
    let Some(s) = design.services.get(service) else {
        return Vec::new();
    };
    let dr = design
        .regions
        .get(column.region)
        .is_some_and(|r| r.role == RegionRole::Dr);
    // A service of only global blocks (a static frontend: CloudFront is global) has no root in
    // the disaster-recovery region: nothing deploys in that cell.
    if dr && kinds::only_global(s) {
        return Vec::new();
    }
    let replica = design
        .tiers
        .get(column.tier)
        .is_some_and(|t| t.database.cross_region_replica);
    kinds::chips(s, dr && replica)
        .into_iter()
        .map(|c| (c.class, c.label, c.tint))
        .collect()
}

/// A place in the matrix's keyboard grid: (row, first column of the item). Row 0 holds the
/// region headers, row 1 the tier headers, row 2 + s service `s` (its name in column 0, its
/// cells from column 1).
pub type GridPos = (usize, usize);

/// The focusable items of each row of the keyboard grid: (first column, columns spanned).
pub type GridShape = Vec<Vec<(usize, usize)>>;

/// The keys that move the focus in the matrix (the page does not scroll on them).
pub fn is_grid_key(key: &str) -> bool {
    matches!(
        key,
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End"
    )
}

/// The item of `items` under column `col`, else the nearest one.
fn nearest(items: &[(usize, usize)], col: usize) -> Option<usize> {
    items
        .iter()
        .find(|&&(start, span)| start <= col && col < start + span.max(1))
        .or_else(|| items.iter().rev().find(|&&(start, _)| start <= col))
        .or_else(|| items.first())
        .map(|&(start, _)| start)
}

/// Where `key` moves the focus from `at` in a grid of `shape` (a data grid's keys: arrows,
/// Home/End in the row, Ctrl+Home/End to the first and last item). `at` itself at an edge;
/// `None` when `at` is not an item or the key does not move.
pub fn grid_step(
    shape: &[Vec<(usize, usize)>],
    at: GridPos,
    key: &str,
    ctrl: bool,
) -> Option<GridPos> {
    let (row, col) = at;
    let items = shape.get(row)?;
    let here = items.iter().position(|&(start, _)| start == col)?;
    let item = |r: usize, i: usize| shape.get(r)?.get(i).map(|&(start, _)| (r, start));
    let filled = |r: &usize| shape.get(*r).is_some_and(|items| !items.is_empty());
    let first_row = (0..shape.len()).find(filled)?;
    let last_row = (0..shape.len()).rev().find(filled)?;
    let vertical = |r: Option<usize>| match r {
        Some(r) => nearest(&shape[r], col).map(|c| (r, c)),
        None => Some(at),
    };
    match key {
        "ArrowLeft" => Some(here.checked_sub(1).and_then(|i| item(row, i)).unwrap_or(at)),
        "ArrowRight" => Some(item(row, here + 1).unwrap_or(at)),
        "ArrowUp" => vertical((0..row).rev().find(filled)),
        "ArrowDown" => vertical((row + 1..shape.len()).find(filled)),
        "Home" if ctrl => item(first_row, 0),
        "End" if ctrl => item(last_row, shape[last_row].len().checked_sub(1)?),
        "Home" => item(row, 0),
        "End" => item(row, items.len() - 1),
        _ => None,
    }
}

/// The keyboard grid of a matrix with `regions` (the number of columns of each, in order),
/// `columns` columns and `services` rows.
fn grid_shape(regions: &[usize], columns: usize, services: usize) -> GridShape {
    let mut region_row = Vec::new();
    let mut start = 1;
    for &span in regions {
        if span > 0 {
            region_row.push((start, span));
            start += span;
        }
    }
    let tier_row = (1..=columns).map(|c| (c, 1)).collect();
    let mut shape = vec![region_row, tier_row];
    shape.extend((0..services).map(|_| (0..=columns).map(|c| (c, 1)).collect()));
    shape
}

/// The grid position an element of the matrix carries (`data-row`, `data-col`).
fn pos_of(element: &web_sys::Element) -> Option<GridPos> {
    let item = element.closest("[data-row]").ok()??;
    let row = item.get_attribute("data-row")?.parse().ok()?;
    let col = item.get_attribute("data-col")?.parse().ok()?;
    Some((row, col))
}

/// Services × (tier, region): each cell lists what deploys there. Row headers select a
/// service, column headers a tier or region, cells a deployment.
///
/// The matrix is one Tab stop: the arrow keys move between its headers and cells (a roving
/// tab index), Home/End go to the ends of the row, Ctrl+Home/End to the ends of the grid, and
/// Enter or Space selects. Rows are keyed by position and read their names and chips through
/// memos: an edit (a rename, say) updates the text it changes, never the whole table; the
/// cells of a row are rebuilt only when the columns change.
#[component]
pub fn Matrix() -> impl IntoView {
    let state = use_design_state();
    let selection = state.selection;
    let cols = Memo::new(move |_| state.design.with(columns));
    let service_count = Memo::new(move |_| state.design.with(|d| d.services.len()));
    let tier_names = Memo::new(move |_| {
        state
            .design
            .with(|d| d.tiers.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    });
    let region_names = Memo::new(move |_| {
        state
            .design
            .with(|d| d.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
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
                    (i, r.role == RegionRole::Dr, span)
                })
                .collect::<Vec<_>>()
        })
    });
    let tier_name = move |t: usize| tier_names.with(|n| n.get(t).cloned().unwrap_or_default());
    let region_name = move |r: usize| region_names.with(|n| n.get(r).cloned().unwrap_or_default());

    // The roving tab index: the item last focused is the matrix's one Tab stop (the first
    // cell until then, or when that item is gone).
    let shape = Memo::new(move |_| {
        let spans: Vec<usize> = regions.with(|all| all.iter().map(|r| r.2).collect());
        grid_shape(&spans, cols.with(Vec::len), service_count.get())
    });
    let active = RwSignal::new((2, 1));
    let tab_stop = Memo::new(move |_| {
        let wanted = active.get();
        shape.with(|shape| {
            let has = |(r, c): GridPos| {
                shape
                    .get(r)
                    .is_some_and(|items| items.iter().any(|i| i.0 == c))
            };
            [wanted, (2, 1), (2, 0), (1, 1)]
                .into_iter()
                .find(|&p| has(p))
                .unwrap_or(wanted)
        })
    });
    let tabindex = move |at: GridPos| move || if tab_stop.get() == at { "0" } else { "-1" };
    let table = NodeRef::<leptos::html::Table>::new();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if !is_grid_key(&key) {
            return;
        }
        let Some(at) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| pos_of(&e))
        else {
            return;
        };
        ev.prevent_default();
        let ctrl = ev.ctrl_key() || ev.meta_key();
        let Some(to) = shape.with_untracked(|shape| grid_step(shape, at, &key, ctrl)) else {
            return;
        };
        active.set(to);
        let found = table.get_untracked().and_then(|table| {
            table
                .query_selector(&format!("[data-row=\"{}\"][data-col=\"{}\"]", to.0, to.1))
                .ok()
                .flatten()
        });
        if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    };
    let on_focusin = move |ev: leptos::ev::FocusEvent| {
        if let Some(at) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| pos_of(&e))
        {
            if active.get_untracked() != at {
                active.set(at);
            }
        }
    };

    // A click selects, and brings the inspector into view if it is out of it (on a phone).
    let select = move |what: Selection| {
        selection.set(what);
        reveal_inspector();
    };
    let add_service = move |_| actions::add_service(&state);
    let add_tier = move |_| actions::add_tier(&state);
    let add_region = move |_| actions::add_region(&state);

    // One row of cells: service `si` in every column.
    let row = move |si: usize| {
        let name = Memo::new(move |_| {
            state.design.with(|d| {
                d.services
                    .get(si)
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            })
        });
        let row_selected = move || selection.get().service() == Some(si);
        let r = si + 2;
        view! {
            <tr class:selected=row_selected>
                <th scope="row">
                    <button
                        type="button"
                        class="head-button"
                        data-testid="service-row"
                        data-row=r
                        data-col="0"
                        tabindex=tabindex((r, 0))
                        title=move || name.get()
                        aria-pressed=move || {
                            (selection.get() == Selection::Service(si)).to_string()
                        }
                        on:click=move |_| select(Selection::Service(si))
                    >
                        {move || name.get()}
                    </button>
                </th>
                {move || {
                    cols.get().into_iter().enumerate().map(move |(ci, c)| {
                        let here = Selection::Cell(si, c.tier, c.region);
                        let content = Memo::new(move |_| state.design.with(|d| chips(d, si, c)));
                        // The name ends with the chips as shown, so it holds the visible text
                        // (what speech input users say to press it).
                        let label = move || {
                            let shown = content.with(|list| {
                                if list.is_empty() {
                                    "nothing".to_owned()
                                } else {
                                    list.iter().map(|(_, text, _)| text.as_str()).collect::<Vec<_>>().join(" ")
                                }
                            });
                            format!("{} in {} {}: {shown}", name.get(), tier_name(c.tier), region_name(c.region))
                        };
                        view! {
                            <td>
                                <button
                                    type="button"
                                    class="cell"
                                    data-testid="matrix-cell"
                                    data-row=r
                                    data-col=ci + 1
                                    tabindex=tabindex((r, ci + 1))
                                    aria-label=label
                                    aria-pressed=move || (selection.get() == here).to_string()
                                    on:click=move |_| select(here)
                                >
                                    {move || {
                                        let list = content.get();
                                        if list.is_empty() {
                                            view! { <span class="empty">"nothing"</span> }.into_any()
                                        } else {
                                            list.into_iter()
                                                // A space between chips: their text reads as
                                                // words, as in the cell's name.
                                                .map(|(kind, text, tint)| {
                                                    view! { <span class=format!("chip {kind}") style=tint.css()>{text}</span>" " }
                                                })
                                                .collect_view()
                                                .into_any()
                                        }
                                    }}
                                </button>
                            </td>
                        }
                    }).collect_view()
                }}
            </tr>
        }
    };

    view! {
        <section class="panel matrix-panel" aria-labelledby="matrix-heading">
            <div class="panel-head">
                <h2 id="matrix-heading">"Platform"</h2>
                <div class="actions">
                    <button type="button" aria-label="Add service" on:click=add_service>"+ Service"</button>
                    <button type="button" aria-label="Add tier" on:click=add_tier>"+ Tier"</button>
                    <button type="button" aria-label="Add region" on:click=add_region>"+ Region"</button>
                    <button type="button" on:click=move |_| select(Selection::Project)>
                        "Project settings"
                    </button>
                </div>
            </div>
            <div class="matrix-scroll" data-testid="matrix-scroll">
                <table
                    class="matrix"
                    data-testid="matrix"
                    role="grid"
                    aria-describedby="matrix-keys"
                    node_ref=table
                    on:keydown=on_keydown
                    on:focusin=on_focusin
                >
                    <caption class="visually-hidden">
                        "Services by tier and region: what deploys where"
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col" rowspan="2" class="corner">"Service"</th>
                            {move || {
                                let mut start = 1;
                                let heads: Vec<(usize, (usize, bool, usize))> = regions
                                    .get()
                                    .into_iter()
                                    .filter(|r| r.2 > 0)
                                    .map(|r| {
                                        let at = start;
                                        start += r.2;
                                        (at, r)
                                    })
                                    .collect();
                                heads
                                    .into_iter()
                                    .map(move |(at, (i, dr, span))| {
                                        let selected = move || selection.get() == Selection::Region(i);
                                        view! {
                                            <th scope="colgroup" colspan=span class="region-head">
                                                <button
                                                    type="button"
                                                    class="head-button"
                                                    data-row="0"
                                                    data-col=at
                                                    tabindex=tabindex((0, at))
                                                    aria-pressed=move || selected().to_string()
                                                    on:click=move |_| select(Selection::Region(i))
                                                >
                                                    <span class="region-name">{move || region_name(i)}</span>
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
                                cols.get().into_iter().enumerate().map(move |(ci, c)| {
                                    let tier = c.tier;
                                    let selected = move || selection.get() == Selection::Tier(tier);
                                    view! {
                                        <th scope="col" class="tier-head">
                                            <button
                                                type="button"
                                                class="head-button"
                                                data-row="1"
                                                data-col=ci + 1
                                                tabindex=tabindex((1, ci + 1))
                                                aria-pressed=move || selected().to_string()
                                                aria-label=move || format!("Tier {} in {}", tier_name(tier), region_name(c.region))
                                                title=move || tier_name(tier)
                                                on:click=move |_| select(Selection::Tier(tier))
                                            >
                                                {move || tier_name(tier)}
                                            </button>
                                        </th>
                                    }
                                }).collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..service_count.get() key=|si| *si children=row />
                    </tbody>
                </table>
            </div>
            <p id="matrix-keys" class="visually-hidden">
                "Arrow keys move between the services, tiers, regions and cells; Enter selects."
            </p>
            // A region no tier deploys to has no column: it is listed here, one click from
            // its inspector (where its tiers are ticked).
            {move || {
                let idle: Vec<(usize, String)> = regions.with(|all| {
                    all.iter()
                        .filter(|(_, _, span)| *span == 0)
                        .map(|(i, _, _)| (*i, region_name(*i)))
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
                                            on:click=move |_| select(Selection::Region(i))
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
                (service_count.get() == 0)
                    .then(|| view! { <p class="hint">"No service yet: add one with “+ Service”."</p> })
            }}
        </section>
    }
}
