//! The DynamoDB tables of a service in its inspector: each table's name, keys and TTL
//! attribute, add and remove. (Global secondary indexes are edited in the design file.)

use leptos::prelude::*;
use tfdesign_core::catalog::DYNAMODB_KEY_TYPES;
use tfdesign_core::design::{AttributeType, KeyAttribute, Table};
use tfdesign_core::edit;

use super::field::{get, select_field, set, text_field, Bind};
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
                        let p = move |rest: &str| format!("/services/{i}/tables/{j}{rest}");
                        view! {
                            <div class="item">
                                <div class="grid">
                                    {text_field(p("/name"), "Table name", table(i, j, |t| t.name.clone(), |t, v| t.name = v))}
                                    {text_field(p("/partition_key/name"), "Partition key", table(i, j, |t| t.partition_key.name.clone(), |t, v| t.partition_key.name = v))}
                                    {select_field(p("/partition_key/type"), "Partition key type", DYNAMODB_KEY_TYPES, table(i, j, |t| t.partition_key.kind.as_str().to_owned(), |t, v| t.partition_key.kind = attribute_type(&v)))}
                                    {text_field(p("/sort_key/name"), "Sort key (optional)", table(i, j, |t| t.sort_key.as_ref().map(|k| k.name.clone()).unwrap_or_default(), set_sort_key_name))}
                                    {select_field(p("/sort_key/type"), "Sort key type", DYNAMODB_KEY_TYPES, table(i, j, |t| t.sort_key.as_ref().map_or(AttributeType::S, |k| k.kind).as_str().to_owned(), |t, v| if let Some(k) = &mut t.sort_key { k.kind = attribute_type(&v) }))}
                                    {text_field(p("/ttl_attribute"), "TTL attribute (optional)", table(i, j, |t| t.ttl_attribute.clone().unwrap_or_default(), |t, v| t.ttl_attribute = (!v.trim().is_empty()).then_some(v)))}
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

/// Binds a field of table `j` of service `i`.
fn table<T: 'static>(i: usize, j: usize, g: fn(&Table) -> T, s: fn(&mut Table, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.tables.get(j).map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.tables.get_mut(j)) {
                s(x, v)
            }
        }),
    )
}

/// An empty sort key name removes the sort key; a name adds one (a string until chosen).
fn set_sort_key_name(t: &mut Table, name: String) {
    if name.trim().is_empty() {
        t.sort_key = None;
    } else if let Some(k) = &mut t.sort_key {
        k.name = name;
    } else {
        t.sort_key = Some(KeyAttribute {
            name,
            kind: AttributeType::S,
        });
    }
}

fn attribute_type(letter: &str) -> AttributeType {
    match letter {
        "N" => AttributeType::N,
        "B" => AttributeType::B,
        _ => AttributeType::S,
    }
}
