//! The buckets of a service in its inspector: each bucket's name, add and remove; and the
//! tier's bucket fields the tier inspector places ([`tier_fields`]).

use leptos::prelude::*;
use tfdesign_core::{catalog, edit, field, fields};

use super::field::{number, text};
use crate::state::use_design_state;

/// The private S3 buckets of service `index`.
#[component]
pub fn BucketSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let buckets = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.buckets.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Buckets ({})", buckets.get())}</legend>
            {move || {
                (0..buckets.get())
                    .map(|j| {
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text(field!(fields::bucket(i, j), name), "Bucket name")}
                                </div>
                                <button type="button" class="danger small" on:click=move |_| state.remove("the bucket", |d| edit::remove_bucket(d, i, j))>
                                    "Remove bucket"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a bucket" on:click=move |_| state.edit(None, |d| { edit::add_bucket(d, i); })>
                "+ Bucket"
            </button>
        </fieldset>
    }
}

/// The bucket settings of tier `i` (`tiers[].storage`), for the tier inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    number(
        field!(fields::tier(i), storage.noncurrent_version_days),
        "Old object versions kept",
        "days",
        &catalog::TIER_STORAGE_NONCURRENT_VERSION_DAYS,
    )
}
