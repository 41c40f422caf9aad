use leptos::prelude::*;

use super::{diagnostic_list::DiagnosticList, file_list::FileList};
use crate::state::use_design_state;

/// The generated bundle of the current design: its files, or the diagnostics that stopped it.
#[component]
pub fn BundleView() -> impl IntoView {
    let state = use_design_state();
    let paths = Memo::new(move |_| {
        state.generated.with(|generated| match generated {
            Ok(bundle) => bundle.files.keys().cloned().collect(),
            Err(_) => Vec::new(),
        })
    });
    let diagnostics = Memo::new(move |_| {
        state.generated.with(|generated| match generated {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics.clone(),
        })
    });

    view! {
        <section class="panel" aria-labelledby="bundle-heading">
            <h2 id="bundle-heading">"Terraform bundle"</h2>
            <Show
                when=move || diagnostics.with(Vec::is_empty)
                fallback=move || view! { <DiagnosticList diagnostics /> }
            >
                <FileList paths />
            </Show>
        </section>
    }
}
