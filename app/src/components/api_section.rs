//! The API of a service in its inspector: image, port, CPU, memory and health check path
//! (shown while the service has an API; the Components checkbox adds or removes it).

use leptos::prelude::*;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{catalog, field, fields, kinds};

use super::field::{number, text};
use crate::state::use_design_state;

/// The API of service `index`.
#[component]
pub fn ApiSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::Api)))
    });
    view! {
        <Show when=move || has.get()>
            <fieldset>
                <legend>"API"</legend>
                <div class="grid">
                    {text(fields::api_image(i), "Container image")}
                    {number(field!(fields::api(i), port), "Port", "", &catalog::CONTAINER_PORT)}
                    {number(field!(fields::api(i), cpu), "CPU", "units (1024 = 1 vCPU)", &catalog::CONTAINER_CPU)}
                    {number(field!(fields::api(i), memory), "Memory", "MiB", &catalog::CONTAINER_MEMORY)}
                    {text(field!(fields::api(i), health_check_path), "Health check path")}
                </div>
            </fieldset>
        </Show>
    }
}
