//! The HTTP API of a service in its inspector: its routes (each `METHOD /path` to one of the
//! service's functions), its authorization (IAM or a JWT issuer and audiences), add and remove.
//! Its throttling is the tier's (the tier inspector's HTTP API fields).

use leptos::prelude::*;
use tfdesign_core::catalog::HTTP_API_AUTH;
use tfdesign_core::design::{HttpApi, HttpApiAuth, HttpRoute, JwtAuth};
use tfdesign_core::edit::{self, Block};
use tfdesign_core::kinds;

use super::field::{choice_field, get, list_field, select_field, set, text_field, Bind};
use crate::state::use_design_state;

/// Binds a field of route `j` of service `i`'s HTTP API.
fn route<T: 'static>(
    i: usize,
    j: usize,
    g: fn(&HttpRoute) -> T,
    s: fn(&mut HttpRoute, T),
) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.http_api.as_ref()?.routes.get(j).map(g)),
        set(move |d, v| {
            if let Some(r) = http_api(d, i).and_then(|a| a.routes.get_mut(j)) {
                s(r, v)
            }
        }),
    )
}

/// Binds a field of the JWT authorizer of service `i`'s HTTP API.
fn jwt<T: 'static>(i: usize, g: fn(&JwtAuth) -> T, s: fn(&mut JwtAuth, T)) -> Bind<T> {
    (
        get(move |d| match &d.services.get(i)?.http_api.as_ref()?.auth {
            HttpApiAuth::Jwt(j) => Some(g(j)),
            HttpApiAuth::Iam => None,
        }),
        set(move |d, v| {
            if let Some(HttpApiAuth::Jwt(j)) = http_api(d, i).map(|a| &mut a.auth) {
                s(j, v)
            }
        }),
    )
}

fn http_api(d: &mut tfdesign_core::design::Design, i: usize) -> Option<&mut HttpApi> {
    d.services.get_mut(i)?.http_api.as_mut()
}

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
    let can_add = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::can_add(d, i, Block(&kinds::HttpApi)))
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
                fallback=move || view! {
                    <button
                        type="button"
                        aria-label="Add an HTTP API"
                        disabled=move || !can_add.get()
                        title="Routes invoke the service's Lambda functions: add a function first"
                        on:click=move |_| state.edit(None, |d| edit::set_component(d, i, Block(&kinds::HttpApi), true))
                    >
                        "+ HTTP API"
                    </button>
                }
            >
                <div class="item">
                    <div class="grid">
                        {select_field(
                            format!("/services/{i}/http_api/auth"),
                            "Authorization",
                            HTTP_API_AUTH,
                            (
                                get(move |d| d.services.get(i)?.http_api.as_ref().map(|a| match a.auth {
                                    HttpApiAuth::Iam => "iam".to_owned(),
                                    HttpApiAuth::Jwt(_) => "jwt".to_owned(),
                                })),
                                set(move |d, v: String| {
                                    if let Some(a) = http_api(d, i) {
                                        match (v.as_str(), &a.auth) {
                                            ("jwt", HttpApiAuth::Iam) => a.auth = HttpApiAuth::Jwt(JwtAuth::default()),
                                            ("iam", HttpApiAuth::Jwt(_)) => a.auth = HttpApiAuth::Iam,
                                            _ => {}
                                        }
                                    }
                                }),
                            ),
                        )}
                        <Show when=move || is_jwt.get()>
                            {text_field(format!("/services/{i}/http_api/auth/jwt/issuer"), "JWT issuer (https://…)", jwt(i, |j| j.issuer.clone(), |j, v| j.issuer = v))}
                            {list_field(format!("/services/{i}/http_api/auth/jwt/audience"), "JWT audiences", jwt(i, |j| j.audience.clone(), |j, v| j.audience = v))}
                        </Show>
                    </div>
                    {move || {
                        (0..routes.get())
                            .map(|j| {
                                view! {
                                    <div class="item" data-testid="http-route">
                                        <div class="grid">
                                            {text_field(format!("/services/{i}/http_api/routes/{j}/route"), "Route (METHOD /path)", route(i, j, |r| r.route.clone(), |r, v| r.route = v))}
                                            {choice_field(format!("/services/{i}/http_api/routes/{j}/function"), "Function invoked", move |d| d.services.get(i).map(|s| s.lambdas.iter().map(|l| l.name.clone()).collect()).unwrap_or_default(), None, route(i, j, |r| r.function.clone(), |r, v| r.function = v))}
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
