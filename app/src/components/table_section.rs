//! The DynamoDB tables of a service in its inspector: each table's name, keys and TTL
//! attribute, add and remove (global secondary indexes are edited in the design file); and the
//! tier's table fields the tier inspector places ([`tier_fields`]).

use leptos::prelude::*;
use tfdesign_core::catalog::{self, DYNAMODB_KEY_TYPES};
use tfdesign_core::design::{AttributeType, TableBilling};
use tfdesign_core::{edit, field, fields};

use super::field::{check, number, select, text};
use crate::state::use_design_state;

/// The DynamoDB tables of service `index`.
#[component]
pub fn TableSection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let tables = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map_or(0, |s| s.tables.len()))
    });
    view! {
        <fieldset>
            <legend>{move || format!("Tables ({})", tables.get())}</legend>
            {move || {
                (0..tables.get())
                    .map(|j| {
                        let at = move || fields::table(i, j);
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text(field!(at(), name), "Table name")}
                                    {text(field!(at(), partition_key.name), "Partition key")}
                                    {select(fields::partition_key_type(i, j).map(type_name, attribute_type), "Partition key type", DYNAMODB_KEY_TYPES)}
                                    {text(fields::sort_key_name(i, j), "Sort key (optional)")}
                                    {select(fields::sort_key_type(i, j).map(type_name, attribute_type), "Sort key type", DYNAMODB_KEY_TYPES)}
                                    {text(field!(at(), ttl_attribute).map(Option::unwrap_or_default, fields::typed), "TTL attribute (optional)")}
                                </div>
                                <button type="button" class="danger small" on:click=move |_| state.remove("the table", |d| edit::remove_table(d, i, j))>
                                    "Remove table"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" aria-label="Add a table" on:click=move |_| state.edit(None, |d| { edit::add_table(d, i); })>
                "+ Table"
            </button>
        </fieldset>
    }
}

fn type_name(t: AttributeType) -> String {
    t.as_str().to_owned()
}

fn attribute_type(letter: String) -> AttributeType {
    match letter.as_str() {
        "N" => AttributeType::N,
        "B" => AttributeType::B,
        _ => AttributeType::S,
    }
}

/// The table settings of tier `i` (`tiers[].storage.tables`), for the tier inspector.
pub fn tier_fields(i: usize) -> impl IntoView {
    view! {
        {select(field!(fields::tier(i), storage.tables.billing).map(billing_name, billing), "Table billing", catalog::TABLE_BILLING)}
        {number(field!(fields::tier(i), storage.tables.read_capacity), "Table reads (least)", "RCU", &catalog::TIER_TABLES_READ_CAPACITY)}
        {number(field!(fields::tier(i), storage.tables.max_read_capacity), "Table reads (most)", "RCU", &catalog::TIER_TABLES_MAX_READ_CAPACITY)}
        {number(field!(fields::tier(i), storage.tables.write_capacity), "Table writes (least)", "WCU", &catalog::TIER_TABLES_WRITE_CAPACITY)}
        {number(field!(fields::tier(i), storage.tables.max_write_capacity), "Table writes (most)", "WCU", &catalog::TIER_TABLES_MAX_WRITE_CAPACITY)}
        {check(field!(fields::tier(i), storage.tables.point_in_time_recovery), "Table point-in-time recovery")}
    }
}

fn billing_name(b: TableBilling) -> String {
    match b {
        TableBilling::OnDemand => "on_demand",
        TableBilling::Provisioned => "provisioned",
    }
    .to_owned()
}

fn billing(name: String) -> TableBilling {
    if name == "provisioned" {
        TableBilling::Provisioned
    } else {
        TableBilling::OnDemand
    }
}
