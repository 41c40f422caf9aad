use leptos::prelude::*;

use super::{
    code_view::CodeView,
    diagram::Diagram,
    file_tree::FileTree,
    splitter::{PaneSize, Splitter},
};
use crate::state::{use_design_state, Selection};
use tfdesign_core::{plan::Plan, Design};

/// Which preview tab is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Files,
    Diagram,
}

/// The main.tf of the deployment `selection` is about: a cell's own, a service's first, else
/// the design's first deployment (`None` when nothing deploys).
fn deployment_main_tf(design: &Design, selection: Selection) -> Option<String> {
    let deployments = Plan::build(design).deployments;
    let found = match selection {
        Selection::Cell(s, t, r) => {
            let region = design.regions.get(r)?.name.as_str();
            deployments
                .iter()
                .find(|x| x.service == s && x.tier == t && x.region == region)
        }
        Selection::Service(s) => deployments.iter().find(|x| x.service == s),
        _ => None,
    }
    .or(deployments.first())?;
    Some(format!("{}/main.tf", found.dir.trim_end_matches('/')))
}

/// A deployment (service, tier, region, as indices into the design) and its folder.
type DeploymentDir = ((usize, usize, usize), String);

/// The folder of every deployment of `design`, from core's plan.
fn deployment_dirs(design: &Design) -> Vec<DeploymentDir> {
    Plan::build(design)
        .deployments
        .into_iter()
        .filter_map(|x| {
            let region = design.regions.iter().position(|r| r.name == x.region)?;
            Some(((x.service, x.tier, region), x.dir))
        })
        .collect()
}

/// Where the file at `open` went when the deployments' folders changed from `before` to
/// `now` (a service, tier or region renamed); `None` when it did not move.
fn moved_path(before: &[DeploymentDir], now: &[DeploymentDir], open: &str) -> Option<String> {
    let (key, rest) = before.iter().find_map(|(key, dir)| {
        let dir = format!("{}/", dir.trim_end_matches('/'));
        open.strip_prefix(dir.as_str()).map(|rest| (*key, rest))
    })?;
    let (_, dir) = now.iter().find(|(k, _)| *k == key)?;
    let moved = format!("{}/{rest}", dir.trim_end_matches('/'));
    (moved != open).then_some(moved)
}

/// The live result: the bundle's files and code, or the architecture diagram.
#[component]
pub fn Preview() -> impl IntoView {
    let state = use_design_state();
    let tab = RwSignal::new(Tab::Files);
    let paths = Memo::new(move |_| {
        state.generated.with(|generated| match generated {
            Ok(bundle) => bundle.files.clone(),
            Err(_) => Vec::new(),
        })
    });
    // The selected deployment's main.tf is open from the start: the matrix selection's, or
    // else the first deployment's. A click on a matrix cell opens that deployment's.
    let selected = RwSignal::new(
        state
            .design
            .with_untracked(|d| deployment_main_tf(d, state.selection.get_untracked())),
    );
    // A cell picked in the diagram keeps the diagram on show.
    let picked_in_diagram = StoredValue::new(false);
    Effect::new(move |_| {
        let selection = state.selection.get();
        let keep_tab = picked_in_diagram.get_value();
        picked_in_diagram.set_value(false);
        if let Selection::Cell(..) = selection {
            if let Some(path) = state
                .design
                .with_untracked(|d| deployment_main_tf(d, selection))
            {
                selected.set(Some(path));
                if !keep_tab {
                    tab.set(Tab::Files);
                }
            }
        }
    });
    // A rename keeps the open file open: the same file of the same deployment, in the folder
    // core's plan now gives it (the plan is only rebuilt when a name changes).
    let names = Memo::new(move |_| {
        state.design.with(|d| {
            (
                d.services
                    .iter()
                    .map(|s| s.name.clone())
                    .collect::<Vec<_>>(),
                d.tiers.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
                d.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
            )
        })
    });
    Effect::new(move |previous: Option<Vec<DeploymentDir>>| {
        // Read, not only tracked: a memo computes (and follows the design) once it is read.
        names.with(|_| ());
        let now = state.design.with_untracked(deployment_dirs);
        if let Some(before) = previous {
            if let Some(moved) = selected.with_untracked(|open| {
                open.as_deref()
                    .and_then(|open| moved_path(&before, &now, open))
            }) {
                selected.set(Some(moved));
            }
        }
        now
    });
    // When the open file leaves the bundle (its service removed, another design opened), the
    // selected deployment's main.tf opens instead of an empty pane.
    Effect::new(move |_| {
        let gone = paths.with(|listed| {
            !listed.is_empty()
                && selected.with_untracked(|s| s.as_ref().is_none_or(|p| !listed.contains(p)))
        });
        if gone {
            let selection = state.selection.get_untracked();
            if let Some(path) = state
                .design
                .with_untracked(|d| deployment_main_tf(d, selection))
            {
                selected.set(Some(path));
            }
        }
    });
    let blocked = state.blocked;
    // The file tree's share of the tree-and-code width, remembered.
    let tree_size = PaneSize::remembered("tfdesign.pane.tree.v1", 22.0, 12.0, 60.0);
    // The bundle pane fills the window until the button or Escape restores it.
    let maximised = RwSignal::new(false);
    let restore = move || {
        maximised.set(false);
        if let Some(button) = document()
            .get_element_by_id("maximise")
            .and_then(|e| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = button.focus();
        }
    };
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        // A dialog open above the pane (the palette) takes its own Escape.
        let dialog_open = document()
            .query_selector("dialog[open]")
            .ok()
            .flatten()
            .is_some();
        if ev.key() == "Escape" && maximised.get_untracked() && !dialog_open {
            ev.prevent_default();
            restore();
        }
    });
    on_cleanup(move || escape.remove());
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
                        ev.prevent_default();
                        let next = if tab.get_untracked() == Tab::Files { Tab::Diagram } else { Tab::Files };
                        tab.set(next);
                        // The focus follows the selected tab (it stayed on the old one).
                        let other = if next == Tab::Files { "tab-files" } else { "tab-diagram" };
                        if let Some(button) = document()
                            .get_element_by_id(other)
                            .and_then(|e| leptos::wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                        {
                            let _ = button.focus();
                        }
                    }
                }
            >
                {label}
            </button>
        }
    };

    view! {
        <section
            class="panel preview"
            class:maximised=move || maximised.get()
            id="bundle"
            tabindex="-1"
            aria-labelledby="preview-heading"
        >
            <div class="preview-head">
                <h2 id="preview-heading">"Terraform bundle"</h2>
                <button
                    type="button"
                    class="small"
                    id="maximise"
                    aria-pressed=move || maximised.get().to_string()
                    title=move || if maximised.get() { "Restore the layout (Escape)" } else { "Fill the window with the bundle (Escape restores)" }
                    on:click=move |_| if maximised.get_untracked() { restore() } else { maximised.set(true) }
                >
                    {move || if maximised.get() { "Restore" } else { "Maximise" }}
                </button>
            </div>
            <div role="tablist" aria-label="Preview" class="tabs">
                {tab_button(Tab::Files, "Files", "tab-files", "panel-files")}
                {tab_button(Tab::Diagram, "Diagram", "tab-diagram", "panel-diagram")}
            </div>
            <div id="panel-files" role="tabpanel" aria-labelledby="tab-files" hidden=move || tab.get() != Tab::Files>
                <Show
                    when=move || !blocked.get()
                    fallback=|| view! { <p class="problems-note" role="status">"The design has errors, so no bundle is generated: see Problems."</p> }
                >
                    <div
                        class="files-and-code"
                        style=move || format!("--tree-share: {}%", tree_size.share.get())
                    >
                        <div class="file-pane" id="file-pane">
                            <FileTree paths selected updating=state.replacing />
                        </div>
                        <Splitter size=tree_size label="Resize the file tree" controls="file-pane" />
                        <CodeView selected />
                    </div>
                </Show>
            </div>
            <div id="panel-diagram" role="tabpanel" aria-labelledby="tab-diagram" hidden=move || tab.get() != Tab::Diagram>
                <Diagram picked=picked_in_diagram />
            </div>
        </section>
    }
}
