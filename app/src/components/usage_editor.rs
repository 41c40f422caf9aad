use leptos::prelude::*;
use tfdesign_core::fields;
use tfdesign_core::usage::{UsageField, FIELDS};

use crate::components::field::optional_number;
use crate::state::use_design_state;

/// Which usage the editor changes: a service's own (by its name), or the design-wide one.
type Scope = Option<String>;

/// The usage assumptions of the selected service (a matrix row or cell), or of every root when
/// none is selected: one whole-number input per input of `core::usage::FIELDS`, empty when the
/// scope sets nothing (the placeholder shows the value it gets from below). Each input is bound
/// to its typed field (`core::fields::usage`), so its edits are in the design (its file, its
/// link, the bundle's `COST.md`) and its diagnostics show under it.
#[component]
pub fn UsageEditor() -> impl IntoView {
    let state = use_design_state();
    // Only a change of scope re-renders the inputs (typing a value must keep its focus).
    let scope = Memo::new(move |_| -> Scope {
        let s = state.selection.get().service()?;
        state
            .design
            .with(|d| d.services.get(s).map(|svc| svc.name.clone()))
    });
    let set_count = Memo::new(move |_| {
        state.design.with(|d| match scope.get() {
            Some(name) => d.usage.services.get(&name).map_or(0, |u| u.values().len()),
            None => d.usage.defaults.values().len(),
        })
    });
    view! {
        <details class="usage-editor" data-testid="usage-editor">
            <summary>
                "Usage assumptions"
                <span class="count">
                    {move || match scope.get() {
                        Some(name) => format!(" · {name}"),
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
                    Some(name) => format!(
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
    let (place, below) = match &scope {
        Some(name) => (fields::service_usage(name), true),
        None => (fields::usage_defaults(), false),
    };
    // What an empty input gets: the value for every service, or 0 for every root.
    let placeholder = Signal::derive(move || {
        let shared = below.then(|| state.design.with(|d| d.usage.defaults.get(f.name)));
        shared.flatten().unwrap_or(0).to_string()
    });
    optional_number(
        fields::usage(place, f.name),
        f.label,
        f.unit,
        f.max,
        placeholder,
    )
}
