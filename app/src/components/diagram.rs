use leptos::prelude::*;
use tfdesign_core::{
    design::RegionRole,
    kinds::{self, Shape},
    Design,
};

use crate::state::{use_design_state, Selection};

/// A labelled box of the diagram.
fn node(x: i32, y: i32, w: i32, h: i32, class: &'static str, label: String) -> impl IntoView {
    view! {
        <g class=format!("node {class}")>
            <rect x=x y=y width=w height=h rx="6" />
            <text x=x + w / 2 y=y + h / 2 + 4 text-anchor="middle">{label}</text>
        </g>
    }
}

/// An arrow from (x1, y1) to (x2, y2).
fn arrow(x1: i32, y1: i32, x2: i32, y2: i32) -> impl IntoView {
    view! { <line class="edge" x1=x1 y1=y1 x2=x2 y2=y2 marker-end="url(#arrow)" /> }
}

/// What the platform diagram draws: per region, its tiers and their services.
fn platform(design: &Design) -> (i32, AnyView) {
    let services: Vec<String> = design.services.iter().map(|s| s.name.clone()).collect();
    let col_w = 220;
    let tier_h = 28 + 22 * services.len().max(1) as i32;
    let mut height = 0;
    let regions = design
        .regions
        .iter()
        .enumerate()
        .map(|(ri, region)| {
            let x = 10 + ri as i32 * (col_w + 20);
            let tiers: Vec<&str> = design
                .tiers
                .iter()
                .filter(|t| t.regions.contains(&region.name))
                .map(|t| t.name.as_str())
                .collect();
            let h = 36 + tiers.len().max(1) as i32 * (tier_h + 10);
            height = height.max(h + 20);
            let title = match region.role {
                RegionRole::Primary => format!("{} (primary)", region.name),
                RegionRole::Dr => format!("{} (DR)", region.name),
            };
            let tier_boxes = tiers
                .iter()
                .enumerate()
                .map(|(ti, tier)| {
                    let y = 40 + ti as i32 * (tier_h + 10);
                    let rows = services
                        .iter()
                        .enumerate()
                        .map(|(si, name)| {
                            view! {
                                <text class="service" x=x + 20 y=y + 42 + si as i32 * 22>{name.clone()}</text>
                            }
                        })
                        .collect_view();
                    view! {
                        <g class="tier">
                            <rect x=x + 10 y=y width=col_w - 20 height=tier_h rx="6" />
                            <text class="tier-name" x=x + 20 y=y + 18>{tier.to_string()}</text>
                            {rows}
                        </g>
                    }
                })
                .collect_view();
            view! {
                <g class="region">
                    <rect x=x y="10" width=col_w height=h rx="8" />
                    <text class="region-name" x=x + 10 y="30">{title}</text>
                    {tier_boxes}
                </g>
            }
        })
        .collect_view();
    let width = 20 + design.regions.len().max(1) as i32 * (col_w + 20);
    (
        height.max(80),
        view! {
            <svg
                class="diagram"
                role="img"
                aria-labelledby="platform-diagram-title"
                viewBox=format!("0 0 {width} {}", height.max(80))
                width=width
            >
                <title id="platform-diagram-title">"Platform: regions, their tiers and services"</title>
                {regions}
            </svg>
        }
        .into_any(),
    )
}

/// What the deployment diagram draws for service `si`: ALB → API → DB, queues → worker, λ.
fn deployment(design: &Design, si: usize, place: Option<(usize, usize)>) -> Option<AnyView> {
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
        design
            .regions
            .get(r)
            .is_some_and(|r| r.role == RegionRole::Dr)
            && design
                .tiers
                .get(t)
                .is_some_and(|t| t.database.cross_region_replica)
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
            } => node(x, y, w, h, class, label).into_any(),
            Shape::Edge { from, to } => arrow(from.0, from.1, to.0, to.1).into_any(),
        })
        .collect();
    let height = drawing.height;
    let title = format!("{}{where_}", s.name);
    Some(
        view! {
            <h3>{format!("Deployment: {title}")}</h3>
            <svg
                class="diagram"
                role="img"
                aria-label=format!("Components of {title}")
                viewBox=format!("0 0 690 {height}")
                width="690"
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                    </marker>
                </defs>
                {parts}
            </svg>
        }
        .into_any(),
    )
}

/// The architecture: the whole platform, and the selected service's deployment.
#[component]
pub fn Diagram() -> impl IntoView {
    let state = use_design_state();
    view! {
        <div class="diagrams" data-testid="diagram">
            {move || {
                let selection = state.selection.get();
                state.design.with(|d| {
                    let (_, whole) = platform(d);
                    let detail = match selection {
                        Selection::Cell(s, t, r) => deployment(d, s, Some((t, r))),
                        Selection::Service(s) => deployment(d, s, None),
                        _ => None,
                    };
                    view! {
                        <h3>"Platform"</h3>
                        <div class="diagram-scroll">{whole}</div>
                        {detail.unwrap_or_else(|| view! { <p class="hint">"Select a service or a cell to see its deployment."</p> }.into_any())}
                    }
                })
            }}
        </div>
    }
}
