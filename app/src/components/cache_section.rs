//! The cache of a service in its inspector: its engine, add and remove. Its size, replicas,
//! failover and snapshots are the tier's: [`tier_fields`], which the tier inspector places.

use leptos::prelude::*;
use tfdesign_core::catalog::{self, CACHE_ENGINES};
use tfdesign_core::design::CacheEngine;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{field, fields, kinds};

use super::add_button::add_button;
use super::field::{check, number, select};
use crate::state::use_design_state;

/// The ElastiCache cache of service `index`.
#[component]
pub fn CacheSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::Cache)))
    });
    // A service of its own (a static frontend) takes no cache: no section then.
    let offered = Memo::new(move |_| {
        state.design.with(|d| {
            edit::has_component(d, i, Block(&kinds::Cache))
                || edit::can_add(d, i, Block(&kinds::Cache))
        })
    });
    view! {
        <Show when=move || offered.get()>
            <fieldset>
                <legend>"Cache (ElastiCache)"</legend>
                <Show
                    when=move || has.get()
                    fallback=move || add_button(i, Block(&kinds::Cache), "+ Cache")
                >
                    <div class="item">
                        <div class="grid">
                            {select(
                                field!(fields::cache(i), engine).map(
                                    |e| e.as_str().to_owned(),
                                    |v: String| if v == CacheEngine::Redis.as_str() { CacheEngine::Redis } else { CacheEngine::Valkey },
                                ),
                                "Cache engine",
                                CACHE_ENGINES,
                            )}
                        </div>
                        <button type="button" class="danger small" on:click=move |_| state.remove("the cache", |d| edit::set_component(d, i, Block(&kinds::Cache), false))>
                            "Remove cache"
                        </button>
                    </div>
                </Show>
            </fieldset>
        </Show>
    }
}

/// The cache settings of tier `i` (`tiers[].cache`), for the tier inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    view! {
        {select(field!(fields::tier(i), cache.node_type), "Cache node type", catalog::CACHE_NODE_TYPES)}
        {number(field!(fields::tier(i), cache.replicas), "Cache replicas", "replicas", &catalog::TIER_CACHE_REPLICAS)}
        {number(field!(fields::tier(i), cache.snapshot_retention_days), "Cache snapshots kept", "days", &catalog::TIER_CACHE_SNAPSHOT_RETENTION_DAYS)}
        {check(field!(fields::tier(i), cache.multi_az), "Cache Multi-AZ failover")}
    }
}
