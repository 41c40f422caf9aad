use leptos::prelude::*;
use tfdesign_core::presets;

use crate::state::use_design_state;

/// A labelled select over the presets core ships; choosing one replaces the design with it.
#[component]
pub fn PresetPicker(
    /// The preset shown as selected when the picker first renders.
    initial: &'static str,
) -> impl IntoView {
    let state = use_design_state();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(design) = presets::get(&event_target_value(&ev)) {
            state.design.set(design);
        }
    };

    view! {
        <div class="field">
            <label for="preset">"Preset"</label>
            <select id="preset" name="preset" on:change=on_change>
                {presets::NAMES
                    .iter()
                    .map(|&name| {
                        view! {
                            <option value=name selected={name == initial}>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
