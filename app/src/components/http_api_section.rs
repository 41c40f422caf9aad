//! The HTTP API of a service in its inspector: its routes (each `METHOD /path` to one of the
//! service's functions), its authorization (IAM or a JWT issuer and audiences), add and remove.
//! Its throttling is the tier's: [`tier_fields`], which the tier inspector places.

use leptos::prelude::*;
use tfdesign_core::catalog::{self, HTTP_API_AUTH};
use tfdesign_core::design::HttpApiAuth;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{field, fields, kinds};

use super::add_button::add_button;
use super::field::{choice, list, number, select, text};
use crate::state::use_design_state;

/// The HTTP API (API Gateway) of service `index`.
#[component]
pub fn HttpApiSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::HttpApi)))
    });
    let routes = Memo::new(move |_| {
        state.design.with(|d| {
            d.services
                .get(i)
                .and_then(|s| s.http_api.as_ref())
                .map_or(0, |a| a.routes.len())
        })
    });
    let is_jwt = Memo::new(move |_| {
        state.design.with(|d| {
            matches!(
                d.services
                    .get(i)
                    .and_then(|s| s.http_api.as_ref())
                    .map(|a| &a.auth),
                Some(HttpApiAuth::Jwt(_))
            )
        })
    });
    view! {
        <fieldset data-testid="http-api-section">
            <legend>{move || format!("HTTP API (API Gateway, {} routes)", routes.get())}</legend>
            <Show
                when=move || has.get()
                fallback=move || add_button(i, Block(&kinds::HttpApi), "+ HTTP API")
            >
                <div class="item">
                    <div class="grid">
                        {select(fields::http_api_auth(i), "Authorization", HTTP_API_AUTH)}
                        <Show when=move || is_jwt.get()>
                            {text(field!(fields::jwt(i), issuer), "JWT issuer (https://…)")}
                            {list(field!(fields::jwt(i), audience), "JWT audiences")}
                        </Show>
                    </div>
                    {move || {
                        (0..routes.get())
                            .map(|j| {
                                view! {
                                    <div class="item" data-testid="http-route">
                                        <div class="grid">
                                            {text(field!(fields::http_route(i, j), route), "Route (METHOD /path)")}
                                            {choice(field!(fields::http_route(i, j), function), "Function invoked", move |d| d.services.get(i).map(|s| s.lambdas.iter().map(|l| l.name.clone()).collect()).unwrap_or_default(), None)}
                                        </div>
                                        <button type="button" class="danger small" on:click=move |_| state.remove("the route", move |d| edit::remove_http_route(d, i, j))>
                                            "Remove route"
                                        </button>
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                    <button type="button" aria-label="Add a route" on:click=move |_| state.edit(None, |d| { edit::add_http_route(d, i); })>
                        "+ Route"
                    </button>
                    <button type="button" class="danger small" on:click=move |_| state.remove("the HTTP API", |d| edit::set_component(d, i, Block(&kinds::HttpApi), false))>
                        "Remove HTTP API"
                    </button>
                </div>
            </Show>
        </fieldset>
    }
}

/// The HTTP API settings of tier `i` (`tiers[].http_api`: route throttling), for the tier
/// inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    view! {
        {number(field!(fields::tier(i), http_api.rate_limit), "HTTP API rate per route", "requests/s", &catalog::TIER_HTTP_API_RATE_LIMIT)}
        {number(field!(fields::tier(i), http_api.burst_limit), "HTTP API burst per route", "requests", &catalog::TIER_HTTP_API_BURST_LIMIT)}
    }
}
