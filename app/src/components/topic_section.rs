//! The topics of a service in its inspector (each topic's name, add and remove), and in each
//! queue's editor its subscriptions to topics of other services (a picker of the
//! `<service>.<topic>` core offers, raw delivery, filter policy, remove).

use leptos::prelude::*;
use tfdesign_core::{edit, field, fields};

use super::field::{check, text};
use crate::state::use_design_state;

/// The SNS topics of service `index`.
#[component]
pub fn TopicSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let topics = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.topics.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Topics ({})", topics.get())}</legend>
            {move || {
                (0..topics.get())
                    .map(|j| {
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text(fields::topic_name(i, j), "Topic name")}
                                </div>
                                <button type="button" class="danger small" on:click=move |_| state.remove("the topic", |d| edit::remove_topic(d, i, j))>
                                    "Remove topic"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a topic" on:click=move |_| state.edit(None, |d| { edit::add_topic(d, i); })>
                "+ Topic"
            </button>
        </fieldset>
    }
}

/// The subscriptions of queue `queue` of service `index` to topics of other services.
#[component]
pub fn QueueSubscriptions(
    /// Index of the service in the design.
    index: usize,
    /// Index of the queue in the service.
    queue: usize,
) -> impl IntoView {
    let state = use_design_state();
    let (i, j) = (index, queue);
    let subs = Memo::new(move |_| {
        state.design.with(|d| {
            d.services
                .get(i)
                .and_then(|s| s.queues.get(j))
                .map_or(0, |q| q.subscribe.len())
        })
    });
    let offered = Memo::new(move |_| state.design.with(|d| edit::subscribable(d, i, j)));
    let queue_name = Memo::new(move |_| {
        state.design.with(|d| {
            d.services
                .get(i)
                .and_then(|s| s.queues.get(j))
                .map(|q| q.name.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <div class="subscriptions">
            {move || {
                (0..subs.get())
                    .map(|k| {
                        let subscribed = field!(fields::subscription(i, j, k), topic);
                        let topic = Memo::new(move |_| {
                            state.design.with(|d| subscribed.get(d).unwrap_or_default())
                        });
                        view! {
                            <div class="item subscription">
                                <p class="subscribed">{move || format!("Subscribed to {}", topic.get())}</p>
                                <div class="grid">
                                    {check(field!(fields::subscription(i, j, k), raw_message_delivery), "Raw message delivery")}
                                    {text(field!(fields::subscription(i, j, k), filter_policy), "Filter policy (JSON)")}
                                </div>
                                <button
                                    type="button"
                                    class="danger small"
                                    aria-label=move || format!("Unsubscribe from {}", topic.get())
                                    on:click=move |_| state.remove("the subscription", |d| edit::remove_subscription(d, i, j, k))
                                >
                                    "Unsubscribe"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <Show when=move || !offered.get().is_empty()>
                <select
                    aria-label=move || format!("Subscribe queue {} to a topic", queue_name.get())
                    data-testid=format!("subscribe-{i}-{j}")
                    on:change=move |ev| {
                        let topic = event_target_value(&ev);
                        if !topic.is_empty() {
                            state.edit(None, move |d| {
                                edit::add_subscription(d, i, j, &topic);
                            });
                        }
                    }
                >
                    <option value="" selected=true>"Subscribe to a topic…"</option>
                    {move || {
                        offered
                            .get()
                            .into_iter()
                            .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </Show>
        </div>
    }
}
