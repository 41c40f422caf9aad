//! The static frontend of a service in its inspector: single-page app, root object, the
//! service whose API the site calls; add and remove. Its domain, WAF and price class are the
//! tier's (`security.tiers[].domain`, `security.tiers[].waf`, `tiers[].frontend`: the price
//! class is [`tier_fields`], which the tier inspector places).

use leptos::prelude::*;
use tfdesign_core::catalog::CLOUDFRONT_PRICE_CLASSES;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{field, fields, kinds};

use super::add_button::add_button;
use super::field::{check, select, text};
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
                    fallback=move || add_button(i, Block(&kinds::Frontend), "+ Static frontend")
                >
                    <div class="item">
                        <div class="grid">
                            {check(field!(fields::frontend(i), spa), "Single-page app (unknown paths serve the root object)")}
                            {text(field!(fields::frontend(i), default_root_object), "Root object")}
                            {text(field!(fields::frontend(i), backend).map(Option::unwrap_or_default, fields::typed), "Calls the API of service")}
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

/// The static frontend settings of tier `i` (`tiers[].frontend`), for the tier inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    select(
        field!(fields::tier(i), frontend.price_class),
        "CloudFront price class",
        CLOUDFRONT_PRICE_CLASSES,
    )
}
