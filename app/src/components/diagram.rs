use leptos::{prelude::*, wasm_bindgen::JsCast};
use tfdesign_core::{
    design::RegionRole,
    edit::{self, Block},
    kinds::{self, Shape, Tint},
    plan::{Deployment, Plan},
    Design,
};

use crate::{
    actions,
    state::{use_design_state, DesignState, Selection},
};

/// What a box of service `si`'s deployment is, in words ("queue jobs", "the API"); `None` when
/// the service or the item is gone.
fn box_name(design: &Design, si: usize, block: Block, n: usize) -> Option<String> {
    block.kind().what(design.services.get(si)?, n)
}

/// The service and the field below it of a box's pointer: `/services/1/queues/0/name` →
/// (1, `/queues/0/name`).
fn box_of(pointer: &str) -> Option<(usize, String)> {
    let rest = pointer.strip_prefix("/services/")?;
    let (index, field) = rest.split_once('/')?;
    Some((index.parse().ok()?, format!("/{field}")))
}

/// Removes box `field` of service `si` (and what refers to it), with an Undo toast.
fn remove_box(state: DesignState, si: usize, field: &str) {
    let Some((block, n)) = edit::block_at(field) else {
        return;
    };
    if let Some(what) = state.design.with_untracked(|d| box_name(d, si, block, n)) {
        state.remove(&what, |d| edit::remove_block(d, si, block, n));
    }
}

/// The toolbar of service `si`'s deployment: a button per building block it can take, and the
/// box picked in the drawing (`picked`, a field below the service) with its actions. Its
/// buttons say what they do in `data-pick` (`add:<service>:<block>`, `duplicate:<service>`,
/// `remove:<service>`): the diagram's one click handler does it.
fn block_tools(design: &Design, si: usize, picked: Option<&str>) -> impl IntoView {
    let service = design
        .services
        .get(si)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let add = Block::all()
        .enumerate()
        .map(|(i, b)| {
            view! {
                <button
                    type="button"
                    class="small"
                    data-pick=format!("add:{si}:{i}")
                    disabled=!edit::can_add(design, si, b)
                    title=edit::why_not_add(design, si, b)
                    aria-label=format!("Add {} to {service}", b.a())
                >
                    {format!("+ {}", b.name())}
                </button>
            }
        })
        .collect_view();
    let selected = picked.and_then(|field| {
        let (block, n) = edit::block_at(field)?;
        let what = box_name(design, si, block, n)?;
        let copy = !block.kind().single();
        Some(view! {
            <span class="picked-box" data-testid="picked-box">
                {format!("Selected: {what}")}
                <button type="button" class="small" data-pick=format!("duplicate:{si}") disabled=!copy>{format!("Duplicate {what}")}</button>
                <button type="button" class="small danger" data-pick=format!("remove:{si}")>{format!("Remove {what}")}</button>
            </span>
        })
    });
    view! {
        <div class="block-tools" role="toolbar" aria-label=format!("Building blocks of {service}") data-testid="block-palette">
            <span class="muted">"Add to the service:"</span>
            {add}
            {selected}
        </div>
    }
}

/// A labelled box of the diagram at (x, y), w × h, in the colour `tint`; a click (or Enter) on
/// it goes to the field at `pointer`.
fn node(
    (x, y, w, h): (i32, i32, i32, i32),
    class: String,
    tint: Tint,
    label: String,
    pointer: String,
) -> impl IntoView {
    let name = format!("{label}: edit");
    view! {
        <g
            class=format!("node {class}")
            style=tint.css()
            data-pick=pointer
            role="button"
            tabindex="0"
            aria-label=name
        >
            <rect x=x y=y width=w height=h rx="6" />
            <text x=x + w / 2 y=y + h / 2 + 4 text-anchor="middle">{label}</text>
        </g>
    }
}

/// An arrow from (x1, y1) to (x2, y2).
fn arrow(x1: i32, y1: i32, x2: i32, y2: i32) -> impl IntoView {
    view! { <line class="edge" x1=x1 y1=y1 x2=x2 y2=y2 marker-end="url(#arrow)" /> }
}

/// What the platform diagram draws: per region, the tiers deployed there and their services,
/// as core's plan has them (its deployments). Returns the drawing's natural size and the
/// drawing; a click on a region, tier or service selects it (a service: its matrix cell).
fn platform(design: &Design, plan: &Plan) -> ((i32, i32), AnyView) {
    let col_w = 220;
    let edges = kinds::topic::edges(design);
    let calls = kinds::frontend::edges(design);
    let mut height = 0;
    let regions = design
        .regions
        .iter()
        .enumerate()
        .map(|(ri, region)| {
            let x = 10 + ri as i32 * (col_w + 20);
            let here: Vec<&Deployment> = plan
                .deployments
                .iter()
                .filter(|d| d.region == region.name)
                .collect();
            let mut tiers: Vec<usize> = here.iter().map(|d| d.tier).collect();
            tiers.sort_unstable();
            tiers.dedup();
            let title = match region.role {
                RegionRole::Primary => format!("{} (primary)", region.name),
                RegionRole::Dr => format!("{} (DR)", region.name),
            };
            let mut y = 40;
            let tier_boxes = tiers
                .iter()
                .map(|&ti| {
                    let mut services: Vec<usize> = here
                        .iter()
                        .filter(|d| d.tier == ti)
                        .map(|d| d.service)
                        .collect();
                    services.sort_unstable();
                    let tier_h = 28 + 22 * services.len().max(1) as i32;
                    let top = y;
                    y += tier_h + 10;
                    let tier_name = design
                        .tiers
                        .get(ti)
                        .map(|t| t.name.clone())
                        .unwrap_or_default();
                    let rows = services
                        .iter()
                        .enumerate()
                        .map(|(row, &si)| {
                            let name = design
                                .services
                                .get(si)
                                .map(|s| s.name.clone())
                                .unwrap_or_default();
                            view! {
                                <text
                                    class="service"
                                    x=x + 20
                                    y=top + 42 + row as i32 * 22
                                    data-pick=format!("cell:{si}:{ti}:{ri}")
                                    role="button"
                                    tabindex="0"
                                    aria-label=format!("{name} ({tier_name}, {})", region.name)
                                >
                                    {name.clone()}
                                </text>
                            }
                        })
                        .collect_view();
                    // Topic → queue across services: an arc on the right of the tier, from
                    // the publisher's row to the subscriber's.
                    let row_y = |si: usize| {
                        services
                            .iter()
                            .position(|&s| s == si)
                            .map(|row| top + 38 + row as i32 * 22)
                    };
                    let events = edges
                        .iter()
                        .filter_map(|(pi, topic, si, queue)| {
                            let (y1, y2) = (row_y(*pi)?, row_y(*si)?);
                            let x1 = x + col_w - 24;
                            let bend = x1 + 14 + (y2 - y1).abs() / 6;
                            let what = format!("{topic} → {queue}");
                            Some(view! {
                                <path
                                    class="edge event"
                                    d=format!("M {x1} {y1} C {bend} {y1}, {bend} {y2}, {x1} {y2}")
                                    marker-end="url(#event-arrow)"
                                >
                                    <title>{what}</title>
                                </path>
                            })
                        })
                        .collect_view();
                    // Frontend → the API it calls: an arc on the left of the tier.
                    let calls = calls
                        .iter()
                        .filter_map(|(fi, bi)| {
                            let (y1, y2) = (row_y(*fi)?, row_y(*bi)?);
                            let x1 = x + 16;
                            let bend = x1 - 8 - (y2 - y1).abs() / 8;
                            let what = format!(
                                "{} calls the API of {}",
                                design
                                    .services
                                    .get(*fi)
                                    .map(|s| s.name.as_str())
                                    .unwrap_or_default(),
                                design
                                    .services
                                    .get(*bi)
                                    .map(|s| s.name.as_str())
                                    .unwrap_or_default()
                            );
                            Some(view! {
                                <path
                                    class="edge call"
                                    d=format!("M {x1} {y1} C {bend} {y1}, {bend} {y2}, {x1} {y2}")
                                    marker-end="url(#event-arrow)"
                                >
                                    <title>{what}</title>
                                </path>
                            })
                        })
                        .collect_view();
                    view! {
                        <g class="tier">
                            <rect x=x + 10 y=top width=col_w - 20 height=tier_h rx="6" />
                            <text
                                class="tier-name"
                                x=x + 20
                                y=top + 18
                                data-pick=format!("tier:{ti}")
                                role="button"
                                tabindex="0"
                                aria-label=format!("Tier {tier_name} ({}): edit", region.name)
                            >
                                {tier_name.clone()}
                            </text>
                            {rows}
                            {events}
                            {calls}
                        </g>
                    }
                })
                .collect_view();
            let h = y.max(76);
            height = height.max(h + 20);
            view! {
                <g class="region">
                    <rect x=x y="10" width=col_w height=h rx="8" />
                    <text
                        class="region-name"
                        x=x + 10
                        y="30"
                        data-pick=format!("region:{ri}")
                        role="button"
                        tabindex="0"
                        aria-label=format!("Region {title}: edit")
                    >
                        {title.clone()}
                    </text>
                    {tier_boxes}
                </g>
            }
        })
        .collect_view();
    let width = 20 + design.regions.len().max(1) as i32 * (col_w + 20);
    let height = height.max(80);
    (
        (width, height),
        view! {
            <title id="platform-diagram-title">"Platform: regions, their tiers and services"</title>
            <defs>
                <marker id="event-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                </marker>
            </defs>
            {regions}
        }
        .into_any(),
    )
}

/// What the deployment diagram draws for service `si` (in tier and region `place`, as core's
/// plan deploys it there): ALB → API → DB, queues → worker, λ. Returns its title, natural size
/// and drawing; a click on a box goes to that building block's first field.
fn deployment(
    design: &Design,
    plan: &Plan,
    si: usize,
    place: Option<(usize, usize)>,
    picked: Option<&str>,
) -> Option<(String, (i32, i32), AnyView)> {
    let s = design.services.get(si)?;
    let where_ = place
        .and_then(|(t, r)| {
            Some(format!(
                " — {} in {}",
                design.tiers.get(t)?.name,
                design.regions.get(r)?.name
            ))
        })
        .unwrap_or_default();
    let dr_replica = place.is_some_and(|(t, r)| {
        let region = design.regions.get(r).map(|r| r.name.as_str());
        plan.deployments.iter().any(|d| {
            d.service == si
                && d.tier == t
                && Some(d.region.as_str()) == region
                && d.replica_of_primary
        })
    });
    let drawing = kinds::diagram(s, dr_replica);
    let parts: Vec<AnyView> = drawing
        .shapes
        .into_iter()
        .map(|shape| match shape {
            Shape::Node {
                x,
                y,
                w,
                h,
                class,
                label,
                tint,
                field,
            } => {
                // The picked box is drawn picked.
                let class = if picked == Some(field.as_str()) {
                    format!("{class} picked")
                } else {
                    class.to_owned()
                };
                node(
                    (x, y, w, h),
                    class,
                    tint,
                    label,
                    format!("/services/{si}{field}"),
                )
                .into_any()
            }
            Shape::Edge { from, to } => arrow(from.0, from.1, to.0, to.1).into_any(),
        })
        .collect();
    let height = drawing.height;
    let title = format!("{}{where_}", s.name);
    Some((
        title,
        (690, height),
        view! {
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                </marker>
            </defs>
            {parts}
        }
        .into_any(),
    ))
}

/// Zoom limits and step of the diagrams.
const ZOOM_MIN: f64 = 0.5;
const ZOOM_MAX: f64 = 3.0;
const ZOOM_STEP: f64 = 1.25;

/// Where a pointer drag that pans a diagram started: pointer and scroll position.
#[derive(Clone, Copy)]
struct Drag {
    x: i32,
    y: i32,
    left: i32,
    top: i32,
    moved: bool,
}

/// The architecture: the whole platform, and the selected service's deployment, drawn at
/// 12 px text at 100 %; zoom with the buttons or Ctrl+wheel, pan by dragging, click (or Enter
/// on) a box to edit it in the inspector.
#[component]
pub fn Diagram(
    /// Set just before a click in the diagram selects a cell (the preview then stays on the
    /// diagram instead of opening the cell's main.tf).
    picked: StoredValue<bool>,
) -> impl IntoView {
    let state = use_design_state();
    let zoom = RwSignal::new(1.0_f64);
    let set_zoom = move |z: f64| zoom.set((z.clamp(ZOOM_MIN, ZOOM_MAX) * 100.0).round() / 100.0);
    let drag = StoredValue::new(None::<Drag>);
    // The box last picked in the deployment drawing: its service and field below it.
    let picked_box = RwSignal::new(None::<(usize, String)>);
    // A drag that moved ends without a click on the box under it.
    let dragged = StoredValue::new(false);

    let pick = move |target: Option<web_sys::EventTarget>| -> bool {
        let Some(what) = target
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-pick]").ok().flatten())
            .and_then(|e| e.get_attribute("data-pick"))
        else {
            return false;
        };
        let parts: Vec<&str> = what.split(':').collect();
        let n = |i: usize| parts.get(i).and_then(|p| p.parse::<usize>().ok());
        // The picked box of service `s`, if it is that service's.
        let picked_of = |s: usize| {
            picked_box
                .get_untracked()
                .filter(|(p, _)| *p == s)
                .map(|(_, field)| field)
        };
        match parts.first().copied() {
            Some("add") => {
                if let (Some(s), Some(b)) = (n(1), n(2).and_then(|b| Block::all().nth(b))) {
                    actions::add_block(&state, s, b);
                }
            }
            Some("duplicate") => {
                if let Some((s, field)) = n(1).and_then(|s| Some((s, picked_of(s)?))) {
                    let copy = edit::block_at(&field).and_then(|(block, i)| {
                        let mut copy = None;
                        state.edit(None, |d| copy = edit::duplicate_block(d, s, block, i));
                        copy
                    });
                    if let Some(copy) = copy {
                        state.focus.set(Some(format!("/services/{s}{copy}")));
                        picked_box.set(Some((s, copy)));
                    }
                }
            }
            Some("remove") => {
                if let Some((s, field)) = n(1).and_then(|s| Some((s, picked_of(s)?))) {
                    remove_box(state, s, &field);
                    picked_box.set(None);
                }
            }
            Some("cell") => {
                if let (Some(s), Some(t), Some(r)) = (n(1), n(2), n(3)) {
                    picked.set_value(true);
                    state.selection.set(Selection::Cell(s, t, r));
                    super::inspector::reveal_inspector();
                }
            }
            Some("tier") => {
                if let Some(t) = n(1) {
                    state.selection.set(Selection::Tier(t));
                    super::inspector::reveal_inspector();
                }
            }
            Some("region") => {
                if let Some(r) = n(1) {
                    state.selection.set(Selection::Region(r));
                    super::inspector::reveal_inspector();
                }
            }
            _ if what.starts_with("/services/") => {
                // The deployment on show stays selected; the block's field takes the focus,
                // and the box is picked (its actions show above the drawing).
                picked_box.set(box_of(&what));
                let service = Selection::for_pointer(&what).service();
                if state.selection.get_untracked().service() == service {
                    state.focus.set(Some(what));
                } else {
                    state.go_to(&what);
                }
            }
            _ => return false,
        }
        true
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if dragged.get_value() {
            dragged.set_value(false);
            return;
        }
        pick(ev.target());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.key() == "Enter" || ev.key() == " ") && pick(ev.target()) {
            ev.prevent_default();
        } else if ev.key() == "Delete" {
            // Delete on a box removes its building block (with an Undo toast).
            let boxed = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("data-pick"))
                .and_then(|p| box_of(&p));
            if let Some((si, field)) = boxed {
                ev.prevent_default();
                remove_box(state, si, &field);
                picked_box.set(None);
            }
        }
    };
    let viewport = NodeRef::<leptos::html::Div>::new();
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if ev.ctrl_key() || ev.meta_key() {
            ev.prevent_default();
            let z = zoom.get_untracked();
            set_zoom(if ev.delta_y() < 0.0 {
                z * ZOOM_STEP
            } else {
                z / ZOOM_STEP
            });
        }
    };
    let on_pointerdown = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(v) = viewport.get_untracked() {
            drag.set_value(Some(Drag {
                x: ev.client_x(),
                y: ev.client_y(),
                left: v.scroll_left(),
                top: v.scroll_top(),
                moved: false,
            }));
        }
    };
    let on_pointermove = move |ev: leptos::ev::PointerEvent| {
        let (Some(mut d), Some(v)) = (drag.get_value(), viewport.get_untracked()) else {
            return;
        };
        let (dx, dy) = (ev.client_x() - d.x, ev.client_y() - d.y);
        if !d.moved && dx.abs() + dy.abs() > 4 {
            d.moved = true;
            let _ = v.set_pointer_capture(ev.pointer_id());
            let _ = v.class_list().add_1("panning");
        }
        if d.moved {
            v.set_scroll_left(d.left - dx);
            v.set_scroll_top(d.top - dy);
        }
        drag.set_value(Some(d));
    };
    let on_pointerup = move |_: leptos::ev::PointerEvent| {
        if let Some(d) = drag.get_value() {
            dragged.set_value(d.moved);
        }
        drag.set_value(None);
        if let Some(v) = viewport.get_untracked() {
            let _ = v.class_list().remove_1("panning");
        }
    };

    let drawing = move || {
        let selection = state.selection.get();
        state.design.with(|d| {
            let plan = Plan::build(d);
            let (si, place) = match selection {
                Selection::Cell(s, t, r) => (Some(s), Some((t, r))),
                Selection::Service(s) => (Some(s), None),
                _ => (None, None),
            };
            let picked = picked_box.with(|p| {
                p.as_ref()
                    .filter(|(s, _)| Some(*s) == si)
                    .map(|(_, f)| f.clone())
            });
            let detail = si.and_then(|si| {
                let drawn = deployment(d, &plan, si, place, picked.as_deref())?;
                Some((drawn, block_tools(d, si, picked.as_deref())))
            });
            (platform(d, &plan), detail)
        })
    };
    let scaled = move |(w, h): (i32, i32)| {
        let z = zoom.get();
        (
            (f64::from(w) * z).round().to_string(),
            (f64::from(h) * z).round().to_string(),
        )
    };

    view! {
        <div class="diagrams" data-testid="diagram">
            <div class="diagram-tools" role="toolbar" aria-label="Diagram zoom">
                <button type="button" class="small" aria-label="Zoom out" on:click=move |_| set_zoom(zoom.get_untracked() / ZOOM_STEP)>"−"</button>
                <output class="zoom" data-testid="diagram-zoom" aria-live="polite">{move || format!("{:.0} %", zoom.get() * 100.0)}</output>
                <button type="button" class="small" aria-label="Zoom in" on:click=move |_| set_zoom(zoom.get_untracked() * ZOOM_STEP)>"+"</button>
                <button type="button" class="small" on:click=move |_| set_zoom(1.0)>"Actual size"</button>
                <button type="button" class="small" aria-label="Add a service to the platform" on:click=move |_| actions::add_service(&state)>"+ Service"</button>
                <span class="muted">"Ctrl+wheel zooms, drag pans; click a box to edit it, Delete removes it."</span>
            </div>
            <div
                class="diagram-viewport"
                data-testid="diagram-viewport"
                node_ref=viewport
                on:click=on_click
                on:keydown=on_keydown
                on:wheel=on_wheel
                on:pointerdown=on_pointerdown
                on:pointermove=on_pointermove
                on:pointerup=on_pointerup
                on:pointercancel=on_pointerup
            >
                {move || {
                    let ((size, whole), detail) = drawing();
                    let (w, h) = scaled(size);
                    view! {
                        <h3>"Platform"</h3>
                        <svg
                            class="diagram"
                            data-testid="platform-diagram"
                            role="group"
                            aria-labelledby="platform-diagram-title"
                            viewBox=format!("0 0 {} {}", size.0, size.1)
                            width=w
                            height=h
                        >
                            {whole}
                        </svg>
                        {match detail {
                            Some(((title, size, parts), tools)) => {
                                let (w, h) = scaled(size);
                                view! {
                                    <h3>{format!("Deployment: {title}")}</h3>
                                    {tools}
                                    <svg
                                        class="diagram"
                                        data-testid="deployment-diagram"
                                        role="group"
                                        aria-label=format!("Components of {title}")
                                        viewBox=format!("0 0 {} {}", size.0, size.1)
                                        width=w
                                        height=h
                                    >
                                        {parts}
                                    </svg>
                                }
                                .into_any()
                            }
                            None => view! { <p class="hint">"Select a service or a cell to see its deployment."</p> }.into_any(),
                        }}
                    }
                }}
            </div>
        </div>
    }
}
