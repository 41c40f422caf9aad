//! The database of a service in its inspector: PostgreSQL version, database and user names
//! (shown while the service has a database; its size is the tier's and the capacity's), and the
//! tier's database fields the tier inspector places ([`tier_fields`]).

use leptos::prelude::*;
use tfdesign_core::catalog::{self, DB_CLASSES, POSTGRES_VERSIONS};
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{field, fields, kinds};

use super::field::{check, number, select, text};
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

/// The database settings of tier `i` (`tiers[].database`), for the tier inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    view! {
        {select(field!(fields::tier(i), database.instance_class), "Instance class", DB_CLASSES)}
        {number(field!(fields::tier(i), database.allocated_storage_gb), "Storage", "GiB", &catalog::TIER_DATABASE_ALLOCATED_STORAGE_GB)}
        {number(field!(fields::tier(i), database.max_allocated_storage_gb), "Storage ceiling", "GiB", &catalog::TIER_DATABASE_MAX_ALLOCATED_STORAGE_GB)}
        {number(field!(fields::tier(i), database.read_replicas), "Read replicas", "replicas", &catalog::TIER_DATABASE_READ_REPLICAS)}
        {number(field!(fields::tier(i), database.backup_retention_days), "Backups kept", "days", &catalog::TIER_DATABASE_BACKUP_RETENTION_DAYS)}
        {check(field!(fields::tier(i), database.multi_az), "Multi-AZ standby")}
        {check(field!(fields::tier(i), database.replica_multi_az), "Multi-AZ read replicas")}
        {check(field!(fields::tier(i), database.cross_region_replica), "Replica in the DR region")}
        {check(field!(fields::tier(i), database.deletion_protection), "Deletion protection")}
        {check(field!(fields::tier(i), database.performance_insights), "Performance Insights")}
    }
}
