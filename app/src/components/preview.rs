use leptos::prelude::*;

use super::{code_view::CodeView, diagram::Diagram, file_tree::FileTree};
use crate::state::{use_design_state, Selection};
use tfdesign_core::plan::Plan;

/// Which preview tab is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Files,
    Diagram,
}

/// The live result: the bundle's files and code, or the architecture diagram.
#[component]
pub fn Preview() -> impl IntoView {
    let state = use_design_state();
    let tab = RwSignal::new(Tab::Files);
    let selected = RwSignal::new(None::<String>);
    let paths = Memo::new(move |_| {
        state.generated.with(|generated| match generated {
            Ok(generated) => generated.bundle.files.keys().cloned().collect::<Vec<_>>(),
            Err(_) => Vec::new(),
        })
    });
    // Selecting a matrix cell shows that deployment's main.tf.
    Effect::new(move |_| {
        if let Selection::Cell(s, t, r) = state.selection.get() {
            let dir = state.design.with_untracked(|d| {
                let region = d.regions.get(r)?.name.clone();
                Plan::build(d)
                    .deployments
                    .into_iter()
                    .find(|x| x.service == s && x.tier == t && x.region == region)
                    .map(|x| x.dir)
            });
            if let Some(dir) = dir {
                selected.set(Some(format!("{}/main.tf", dir.trim_end_matches('/'))));
                tab.set(Tab::Files);
            }
        }
    });
    let blocked = state.blocked;
    let tab_button = move |which: Tab,
                           label: &'static str,
                           id: &'static str,
                           panel: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "ArrowRight" || ev.key() == "ArrowLeft" {
                        tab.update(|t| *t = if *t == Tab::Files { Tab::Diagram } else { Tab::Files });
                    }
                }
            >
                {label}
            </button>
        }
    };

    view! {
        <section class="panel preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Terraform bundle"</h2>
            <div role="tablist" aria-label="Preview" class="tabs">
                {tab_button(Tab::Files, "Files", "tab-files", "panel-files")}
                {tab_button(Tab::Diagram, "Diagram", "tab-diagram", "panel-diagram")}
            </div>
            <div id="panel-files" role="tabpanel" aria-labelledby="tab-files" hidden=move || tab.get() != Tab::Files>
                <Show
                    when=move || !blocked.get()
                    fallback=|| view! { <p class="problems-note" role="status">"The design has errors, so no bundle is generated: see Problems."</p> }
                >
                    <div class="files-and-code">
                        <FileTree paths selected />
                        <CodeView selected />
                    </div>
                </Show>
            </div>
            <div id="panel-diagram" role="tabpanel" aria-labelledby="tab-diagram" hidden=move || tab.get() != Tab::Diagram>
                <Diagram />
            </div>
        </section>
    }
}
