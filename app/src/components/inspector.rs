use leptos::prelude::*;

use super::{
    project_panel::ProjectPanel, region_inspector::RegionInspector,
    service_inspector::ServiceInspector, tier_inspector::TierInspector,
};
use crate::state::{field_id, use_design_state, Selection};

/// Focuses the input of `pointer`, or of its nearest ancestor that has one.
fn focus_field(pointer: &str) {
    let Some(document) = window().document() else {
        return;
    };
    let mut path = pointer.to_owned();
    loop {
        let id = field_id(&path);
        let found = document
            .get_element_by_id(&id)
            .or_else(|| document.get_element_by_id(&format!("{id}-name")));
        if let Some(element) = found {
            use leptos::wasm_bindgen::JsCast;
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
            return;
        }
        match path.rfind('/') {
            Some(0) | None => return,
            Some(i) => path.truncate(i),
        }
    }
}

/// The settings of what is selected: a service (row or cell), a tier, a region or the project.
#[component]
pub fn Inspector() -> impl IntoView {
    let state = use_design_state();
    // Only the kind and index matter: clicking another cell of the same row keeps the form.
    let shown = Memo::new(move |_| match state.selection.get() {
        Selection::Cell(s, _, _) => Selection::Service(s),
        other => other,
    });
    // Focus the field a diagnostic pointed at, once the inspector shows it.
    Effect::new(move |_| {
        if let Some(pointer) = state.focus.get() {
            request_animation_frame(move || {
                focus_field(&pointer);
                state.focus.set(None);
            });
        }
    });
    view! {
        <section class="panel inspector" id="inspector" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">"Inspector"</h2>
            {move || match shown.get() {
                Selection::Service(i) if state.design.with_untracked(|d| i < d.services.len()) => {
                    view! { <ServiceInspector index=i /> }.into_any()
                }
                Selection::Tier(i) if state.design.with_untracked(|d| i < d.tiers.len()) => {
                    view! { <TierInspector index=i /> }.into_any()
                }
                Selection::Region(i) if state.design.with_untracked(|d| i < d.regions.len()) => {
                    view! { <RegionInspector index=i /> }.into_any()
                }
                _ => view! { <ProjectPanel /> }.into_any(),
            }}
        </section>
    }
}

/// Brings the inspector into view when it is (almost) out of it, after it has rendered what
/// was just selected: a tap in the matrix or the diagram then shows its settings, on a phone
/// too, where the inspector is far below.
pub fn reveal_inspector() {
    request_animation_frame(|| crate::browser::reveal("inspector", 0.25));
}
