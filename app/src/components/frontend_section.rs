//! The static frontend of a service in its inspector: single-page app, root object, the
//! service whose API the site calls; add and remove. Its domain, WAF and price class are the
//! tier's (`security.tiers[].domain`, `security.tiers[].waf`, `tiers[].frontend`).

use leptos::prelude::*;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::kinds;

use super::field::{check_field, get, set, text_field};
use crate::state::use_design_state;

/// The static frontend (S3 + CloudFront) of service `index`.
#[component]
pub fn FrontendSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::Frontend)))
    });
    let can_add = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::can_add(d, i, Block(&kinds::Frontend)))
    });
    view! {
        <Show when=move || has.get() || can_add.get()>
            <fieldset>
                <legend>"Static frontend (CloudFront)"</legend>
                <Show
                    when=move || has.get()
                    fallback=move || view! {
                        <button type="button" aria-label="Add a static frontend" on:click=move |_| state.edit(None, |d| edit::set_component(d, i, Block(&kinds::Frontend), true))>
                            "+ Static frontend"
                        </button>
                    }
                >
                    <div class="item">
                        <div class="grid">
                            {check_field(
                                format!("/services/{i}/frontend/spa"),
                                "Single-page app (unknown paths serve the root object)",
                                (
                                    get(move |d| Some(d.services.get(i)?.frontend.as_ref()?.spa)),
                                    set(move |d, v: bool| {
                                        if let Some(f) = d.services.get_mut(i).and_then(|s| s.frontend.as_mut()) {
                                            f.spa = v;
                                        }
                                    }),
                                ),
                            )}
                            {text_field(
                                format!("/services/{i}/frontend/default_root_object"),
                                "Root object",
                                (
                                    get(move |d| Some(d.services.get(i)?.frontend.as_ref()?.default_root_object.clone())),
                                    set(move |d, v: String| {
                                        if let Some(f) = d.services.get_mut(i).and_then(|s| s.frontend.as_mut()) {
                                            f.default_root_object = v;
                                        }
                                    }),
                                ),
                            )}
                            {text_field(
                                format!("/services/{i}/frontend/backend"),
                                "Calls the API of service",
                                (
                                    get(move |d| Some(d.services.get(i)?.frontend.as_ref()?.backend.clone().unwrap_or_default())),
                                    set(move |d, v: String| {
                                        if let Some(f) = d.services.get_mut(i).and_then(|s| s.frontend.as_mut()) {
                                            f.backend = (!v.is_empty()).then_some(v);
                                        }
                                    }),
                                ),
                            )}
                        </div>
                        <button type="button" class="danger small" on:click=move |_| state.remove("the static frontend", |d| edit::set_component(d, i, Block(&kinds::Frontend), false))>
                            "Remove static frontend"
                        </button>
                    </div>
                </Show>
            </fieldset>
        </Show>
    }
}
