//! The SQS queues of a service in its inspector: each queue's name, visibility timeout and
//! receives before dead-letter, add and remove.

use leptos::prelude::*;
use tfdesign_core::{catalog, edit, field, fields};

use super::field::{number, text};
use super::topic_section::QueueSubscriptions;
use crate::state::use_design_state;

/// The queues of service `index`.
#[component]
pub fn QueueSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let queues = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.queues.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Queues ({})", queues.get())}</legend>
            {move || {
                (0..queues.get())
                    .map(|j| {
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text(fields::queue_name(i, j), "Queue name")}
                                    {number(field!(fields::queue(i, j), visibility_timeout_seconds), "Visibility timeout", "s", &catalog::QUEUE_VISIBILITY_TIMEOUT_SECONDS)}
                                    {number(field!(fields::queue(i, j), max_receive_count), "Receives before dead-letter", "times", &catalog::QUEUE_MAX_RECEIVE_COUNT)}
                                </div>
                                <QueueSubscriptions index=i queue=j />
                                <button type="button" class="danger small" on:click=move |_| state.remove("the queue", |d| edit::remove_queue(d, i, j))>
                                    "Remove queue"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a queue" on:click=move |_| state.edit(None, |d| { edit::add_queue(d, i); })>
                "+ Queue"
            </button>
        </fieldset>
    }
}
