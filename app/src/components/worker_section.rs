//! The worker of a service in its inspector: image, CPU, memory, the queues it consumes and its
//! backlog target (shown while the service has a worker).

use leptos::prelude::*;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{catalog, field, fields, kinds};

use super::field::{list, number, text};
use crate::state::use_design_state;

/// The queue worker of service `index`.
#[component]
pub fn WorkerSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::Worker)))
    });
    view! {
        <Show when=move || has.get()>
            <fieldset>
                <legend>"Worker"</legend>
                <div class="grid">
                    {text(fields::worker_image(i), "Container image")}
                    {number(field!(fields::worker(i), cpu), "CPU", "units (1024 = 1 vCPU)", &catalog::WORKER_CPU)}
                    {number(field!(fields::worker(i), memory), "Memory", "MiB", &catalog::WORKER_MEMORY)}
                    {list(field!(fields::worker(i), queues), "Queues consumed")}
                    {number(field!(fields::worker(i), backlog_per_task), "Backlog per task", "messages waiting per task (latency ÷ seconds per message)", &catalog::WORKER_BACKLOG_PER_TASK)}
                </div>
            </fieldset>
        </Show>
    }
}
