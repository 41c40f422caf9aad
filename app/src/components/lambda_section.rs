//! The Lambda functions of a service in its inspector: each function's name, runtime, handler,
//! memory, timeout, triggering queue and URL, add and remove.

use leptos::prelude::*;
use tfdesign_core::catalog::{self, LAMBDA_RUNTIMES};
use tfdesign_core::{edit, field, fields};

use super::field::{check, choice, number, select, text};
use crate::state::use_design_state;

/// The Lambda functions of service `index`.
#[component]
pub fn LambdaSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let lambdas = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.lambdas.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Lambda functions ({})", lambdas.get())}</legend>
            {move || {
                (0..lambdas.get())
                    .map(|j| {
                        let at = move || fields::lambda(i, j);
                        view! {
                            <div class="item" data-testid="lambda-item">
                                <div class="grid">
                                    {text(fields::lambda_name(i, j), "Function name")}
                                    {select(field!(at(), runtime), "Runtime", LAMBDA_RUNTIMES)}
                                    {text(field!(at(), handler), "Handler")}
                                    {number(field!(at(), memory_mb), "Memory", "MiB", &catalog::LAMBDA_FUNCTION_MEMORY_MB)}
                                    {number(field!(at(), timeout_seconds), "Timeout", "s", &catalog::LAMBDA_FUNCTION_TIMEOUT_SECONDS)}
                                    {choice(
                                        field!(at(), queue).map(Option::unwrap_or_default, fields::typed),
                                        "Triggering queue",
                                        move |d| d.services.get(i).map(|s| s.queues.iter().map(|q| q.name.clone()).collect()).unwrap_or_default(),
                                        Some("none"),
                                    )}
                                    {check(field!(at(), function_url), "HTTPS function URL")}
                                    {check(field!(at(), public_url), "Public URL, no authentication")}
                                </div>
                                <button type="button" class="danger small" on:click=move |_| state.remove("the function", |d| edit::remove_lambda(d, i, j))>
                                    "Remove function"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a Lambda function" on:click=move |_| state.edit(None, |d| { edit::add_lambda(d, i); })>
                "+ Lambda function"
            </button>
        </fieldset>
    }
}
