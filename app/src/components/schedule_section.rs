//! The EventBridge schedules of a service in its inspector: each schedule's name, expression
//! (with a helper for daily and hourly ones), invoked function and description, add and remove.

use leptos::prelude::*;
use tfdesign_core::{edit, field, fields};

use super::field::{choice, text};
use crate::state::use_design_state;

/// The schedules of service `index`.
#[component]
pub fn ScheduleSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let schedules = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.schedules.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Schedules ({})", schedules.get())}</legend>
            {move || {
                (0..schedules.get())
                    .map(|j| {
                        let at = move || fields::schedule(i, j);
                        let expression = field!(at(), expression);
                        let daily = expression.clone();
                        let every = expression.clone();
                        let hour_id = format!("cron-hour-{i}-{j}");
                        let every_id = format!("cron-every-{i}-{j}");
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text(field!(at(), name), "Schedule name")}
                                    {text(expression, "Expression (UTC)")}
                                    {choice(
                                        field!(at(), lambda),
                                        "Function invoked",
                                        move |d| d.services.get(i).map(|s| s.lambdas.iter().map(|l| l.name.clone()).collect()).unwrap_or_default(),
                                        None,
                                    )}
                                    {text(field!(at(), description), "Description")}
                                </div>
                                <div class="cron-helper" role="group" aria-label="Cron helper">
                                    <label for=hour_id.clone()>"Daily at"</label>
                                    <select
                                        id=hour_id
                                        on:change=move |ev| {
                                            if let Ok(h) = event_target_value(&ev).parse::<u32>() {
                                                let field = daily.clone();
                                                state.edit(Some(daily.pointer()), move |d| field.set(d, edit::cron_daily_at(h)));
                                            }
                                        }
                                    >
                                        <option value="">"choose…"</option>
                                        {(0..24).map(|h| view! { <option value=h.to_string()>{format!("{h:02}:00 UTC")}</option> }).collect_view()}
                                    </select>
                                    <label for=every_id.clone()>"or every"</label>
                                    <select
                                        id=every_id
                                        on:change=move |ev| {
                                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                                let field = every.clone();
                                                state.edit(None, move |d| field.set(d, edit::rate_every_hours(n)));
                                            }
                                        }
                                    >
                                        <option value="">"choose…"</option>
                                        {[1u32, 2, 3, 4, 6, 8, 12].into_iter().map(|n| view! { <option value=n.to_string()>{format!("{n} h")}</option> }).collect_view()}
                                    </select>
                                </div>
                                <button type="button" class="danger small" on:click=move |_| state.remove("the schedule", |d| edit::remove_schedule(d, i, j))>
                                    "Remove schedule"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a schedule" on:click=move |_| state.edit(None, |d| { edit::add_schedule(d, i); })>
                "+ Schedule"
            </button>
        </fieldset>
    }
}
