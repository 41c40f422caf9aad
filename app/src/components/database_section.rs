//! The database of a service in its inspector: PostgreSQL version, database and user names
//! (shown while the service has a database; its size is the tier's and the capacity's).

use leptos::prelude::*;
use tfdesign_core::catalog::POSTGRES_VERSIONS;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{field, fields, kinds};

use super::field::{select, text};
use crate::state::use_design_state;

/// The PostgreSQL database of service `index`.
#[component]
pub fn DatabaseSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let has = Memo::new(move |_| {
        state
            .design
            .with(|d| edit::has_component(d, i, Block(&kinds::Database)))
    });
    view! {
        <Show when=move || has.get()>
            <fieldset>
                <legend>"Database"</legend>
                <div class="grid">
                    {select(field!(fields::database(i), engine_version), "PostgreSQL version", POSTGRES_VERSIONS)}
                    {text(field!(fields::database(i), db_name), "Database name")}
                    {text(field!(fields::database(i), username), "Master user name")}
                </div>
            </fieldset>
        </Show>
    }
}
