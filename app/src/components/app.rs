use leptos::prelude::*;
use tfdesign_core::presets;

use super::{bundle_view::BundleView, header::Header, preset_picker::PresetPicker};
use crate::state::{provide_design_state, DEFAULT_PRESET};

/// The whole page: provides the design state, then lays out the header, the preset picker and
/// the generated bundle.
#[component]
pub fn App() -> impl IntoView {
    let initial = presets::get(DEFAULT_PRESET).expect("core ships the default preset");
    provide_design_state(initial);

    view! {
        <Header />
        <main class="layout">
            <PresetPicker initial=DEFAULT_PRESET />
            <BundleView />
        </main>
    }
}
