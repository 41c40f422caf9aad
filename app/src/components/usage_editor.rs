use leptos::prelude::*;
use tfdesign_core::diagnostic::pointer;
use tfdesign_core::edit;
use tfdesign_core::usage::{UsageField, FIELDS};

use crate::components::field::shell;
use crate::state::use_design_state;

/// Which usage the editor changes: a service's own (index and name), or the design-wide one.
type Scope = Option<(usize, String)>;

/// The usage assumptions of the selected service (a matrix row or cell), or of every root when
/// none is selected: one whole-number input per input of `core::usage::FIELDS`, empty when the
/// scope sets nothing (the placeholder shows the value it gets from below). Edits go through
/// `edit::set_usage`, so they are in the design (its file, its link, the bundle's `COST.md`).
#[component]
pub fn UsageEditor() -> impl IntoView {
    let state = use_design_state();
    // Only a change of scope re-renders the inputs (typing a value must keep its focus).
    let scope = Memo::new(move |_| -> Scope {
        let s = state.selection.get().service()?;
        state
            .design
            .with(|d| d.services.get(s).map(|svc| (s, svc.name.clone())))
    });
    let set_count = Memo::new(move |_| {
        state.design.with(|d| match scope.get() {
            Some((_, name)) => d.usage.services.get(&name).map_or(0, |u| u.values().len()),
            None => d.usage.defaults.values().len(),
        })
    });
    view! {
        <details class="usage-editor" data-testid="usage-editor">
            <summary>
                "Usage assumptions"
                <span class="count">
                    {move || match scope.get() {
                        Some((_, name)) => format!(" · {name}"),
                        None => " · every service".to_string(),
                    }}
                    {move || match set_count.get() {
                        0 => String::new(),
                        n => format!(" ({n} set)"),
                    }}
                </span>
            </summary>
            <p class="cost-note">
                {move || match scope.get() {
                    Some((_, name)) => format!(
                        "Monthly use per resource of {name}'s deployments (every tier and region); an empty field takes the value for every service."
                    ),
                    None => "Monthly use per resource of every root; select a service to give it its own values. Empty is 0.".to_string(),
                }}
            </p>
            <div class="usage-fields">
                {move || {
                    let scope = scope.get();
                    FIELDS.iter().map(|f| input(f, scope.clone())).collect::<Vec<_>>()
                }}
            </div>
        </details>
    }
}

/// The input of usage field `f` in `scope`.
fn input(f: &'static UsageField, scope: Scope) -> AnyView {
    let state = use_design_state();
    let path = match &scope {
        Some((_, name)) => pointer(&["usage", "services", name, f.name]),
        None => pointer(&["usage", "defaults", f.name]),
    };
    let name = scope.as_ref().map(|(_, n)| n.clone());
    let value = Memo::new(move |_| {
        state.design.with(|d| match &name {
            Some(n) => d.usage.services.get(n).and_then(|u| u.get(f.name)),
            None => d.usage.defaults.get(f.name),
        })
    });
    let index = scope.as_ref().map(|(i, _)| *i);
    let below = Memo::new(move |_| {
        if index.is_some() {
            state
                .design
                .with(|d| d.usage.defaults.get(f.name).unwrap_or(0))
        } else {
            0
        }
    });
    let key = path.clone();
    shell(
        &path,
        f.label.to_string(),
        "number",
        move |id, described, invalid| {
            let key = key.clone();
            let unit_id = format!("{id}-unit");
            let unit_id2 = unit_id.clone();
            view! {
                <span class="with-unit">
                    <input
                        id=id
                        type="number"
                        inputmode="numeric"
                        min="0"
                        max=f.max
                        step="1"
                        placeholder=move || below.get().to_string()
                        prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                        aria-describedby=move || match described.get() {
                            Some(msg) => format!("{unit_id} {msg}"),
                            None => unit_id.clone(),
                        }
                        aria-invalid=move || invalid.get().then_some("true")
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let text = text.trim();
                            let number = if text.is_empty() {
                                None
                            } else {
                                match text.parse::<u64>() {
                                    Ok(n) => Some(n),
                                    // Half-typed or not a whole number: leave the design alone.
                                    Err(_) => return,
                                }
                            };
                            state.edit(Some(&key), move |d| {
                                edit::set_usage(d, index, f.name, number);
                            });
                        }
                    />
                    <span class="unit" id=unit_id2>
                        {f.unit}
                    </span>
                </span>
            }
            .into_any()
        },
    )
}
