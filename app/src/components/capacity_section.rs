//! The capacity of a service per tier in its inspector: for the chosen tier, each value the
//! service may override (task count, the containers' CPU and memory, the database's class and
//! read replicas, the instance type and Auto Scaling group sizes of its own ECS hosts on EC2),
//! the value its deployments get and where it comes from ("from tier prod", "from tier prod
//! (shared hosts)", "this service"), an input that overrides it and a button that resets it to
//! the default.
//! Core resolves the values (`plan::capacity::explain`) and edits them (`edit::set_capacity`).

use leptos::prelude::*;
use tfdesign_core::plan::capacity;
use tfdesign_core::{edit, fields};

use super::field::shell;
use crate::state::use_design_state;

/// The capacity of service `index` in one tier at a time.
#[component]
pub fn CapacitySection(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let tiers = Memo::new(move |_| {
        state
            .design
            .with(|d| d.tiers.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    });
    // The last tier (production, in promotion order) until another is chosen.
    let chosen = RwSignal::new(String::new());
    let tier = Memo::new(move |_| {
        let names = tiers.get();
        let want = chosen.get();
        if names.contains(&want) {
            want
        } else {
            names.last().cloned().unwrap_or_default()
        }
    });
    let rows = Memo::new(move |_| {
        let name = tier.get();
        state.design.with(|d| {
            let (Some(service), Some(t)) =
                (d.services.get(i), d.tiers.iter().find(|t| t.name == name))
            else {
                return Vec::new();
            };
            // The hosts' fields only for an API or worker on EC2 (Fargate tasks need none).
            capacity::explain(service, t, |owner| {
                tfdesign_core::validate_capacity::applies(service, owner)
            })
        })
    });
    let select_id = format!("capacity-tier-{i}");
    view! {
        <fieldset data-testid="capacity-section">
            <legend>"Capacity per tier"</legend>
            <div class="field">
                <label for=select_id.clone()>"Tier"</label>
                <select
                    id=select_id
                    prop:value=move || tier.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                >
                    {move || {
                        tiers
                            .get()
                            .into_iter()
                            .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            {move || {
                let name = tier.get();
                if rows.with(Vec::is_empty) {
                    return view! { <p class="hint">"Nothing here has a capacity: add an API, a worker or a database."</p> }.into_any();
                }
                view! {
                    <div class="grid">
                        {rows
                            .get()
                            .into_iter()
                            .map(|row| capacity_row(i, name.clone(), row))
                            .collect_view()}
                    </div>
                }
                .into_any()
            }}
        </fieldset>
    }
}

/// One field: its effective value (editable: typing overrides it), where it comes from, and
/// a reset when this service overrides it.
fn capacity_row(i: usize, tier: String, row: capacity::Effective) -> AnyView {
    let state = use_design_state();
    let field = row.field;
    let at = fields::capacity(i, &tier, field);
    let key = at.pointer().to_owned();
    let unit = match field.bound() {
        Some(b) => format!(" ({} to {})", b.min, b.max),
        None => String::new(),
    };
    let label = format!("{} in {tier}{unit}", field.label());
    let value = row.value.clone();
    let source = row.source.clone();
    let overridden = row.overridden;
    let default = row.default.clone();
    let tier_for_set = tier.clone();
    let reset = at.clone();
    shell(&at, label, "capacity", move |id, described, invalid| {
        let key = key.clone();
        let tier_set = tier_for_set.clone();
        let reset = reset.clone();
        let reset_label = format!("Reset {} to {default}", field.label().to_lowercase());
        view! {
            <input
                id=id
                type="text"
                inputmode=if field.numeric() { "numeric" } else { "text" }
                prop:value=value.clone()
                aria-describedby=move || described.get()
                aria-invalid=move || invalid.get().then_some("true")
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let mut refused = None;
                    // Through `edit::set_capacity` for its reason when the text is refused (the
                    // field's own setter leaves the design alone then, silently).
                    state.edit(Some(&key), |d| {
                        refused = edit::set_capacity(d, i, &tier_set, field, Some(&text)).err();
                    });
                    if let Some(why) = refused {
                        state.tell(true, format!("{}: {why}", field.label()));
                    }
                }
            />
            <span class="capacity-source" data-testid=format!("capacity-source-{}", field.key())>
                {source.clone()}
            </span>
            <Show when=move || overridden>
                <button
                    type="button"
                    class="small"
                    aria-label=reset_label.clone()
                    on:click={
                        let reset = reset.clone();
                        move |_| state.edit(None, |d| reset.set(d, None))
                    }
                >
                    "Reset"
                </button>
            </Show>
        }
        .into_any()
    })
}
