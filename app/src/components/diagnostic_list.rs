use leptos::{prelude::*, wasm_bindgen::JsCast};
use tfdesign_core::{diagnostic, Severity};

use crate::state::{use_design_state, DesignState};

/// Where a diagnostic at `path` is: in words for a field of the design ("Service api › Name",
/// following renames), as `file:line` for a finding in the bundle.
fn place(path: String) -> impl IntoView {
    let state: DesignState = use_design_state();
    if path.is_empty() || !path.starts_with('/') {
        return (!path.is_empty())
            .then(|| view! { <code class="path">{path}</code> })
            .into_any();
    }
    let words = move || {
        state
            .design
            .with(|d| diagnostic::place(d, &path))
            .unwrap_or_default()
    };
    view! { <span class="place" data-testid="diagnostic-place">{words}</span> }.into_any()
}

/// Every diagnostic of the design, errors first; clicking one goes to its field.
///
/// The list is one Tab stop (a roving tab index): Up/Down, Home/End move between the problems.
#[component]
pub fn DiagnosticList() -> impl IntoView {
    let state = use_design_state();
    let sorted = Memo::new(move |_| {
        let mut all = state.diagnostics.get();
        all.sort_by_key(|d| d.severity);
        all
    });
    // The problem last focused is the list's Tab stop (the last one when the list shrank).
    let active = RwSignal::new(0usize);
    let stop = Memo::new(move |_| active.get().min(sorted.with(Vec::len).saturating_sub(1)));
    let list = NodeRef::<leptos::html::Ul>::new();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = sorted.with_untracked(Vec::len);
        let here = stop.get_untracked();
        let to = match ev.key().as_str() {
            "ArrowDown" => (here + 1).min(count.saturating_sub(1)),
            "ArrowUp" => here.saturating_sub(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        active.set(to);
        let button = list.get_untracked().and_then(|list| {
            list.query_selector(&format!("[data-index=\"{to}\"]"))
                .ok()
                .flatten()
        });
        if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = button.focus();
        }
    };
    let summary = move || {
        let (errors, warnings) = state.counts();
        match (errors, warnings) {
            (0, 0) => "No problems: the bundle is ready.".to_owned(),
            (e, w) => format!(
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        }
    };

    view! {
        <section class="panel problems" aria-labelledby="problems-heading">
            <h2 id="problems-heading">"Problems"</h2>
            <p class="count" data-testid="problem-count" aria-live="polite">{summary}</p>
            <ul data-testid="diagnostics" class="diagnostics" node_ref=list on:keydown=on_keydown>
                {move || {
                    sorted
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, diagnostic)| {
                            let (class, level) = match diagnostic.severity {
                                Severity::Error => ("error", "Error"),
                                Severity::Warning => ("warning", "Warning"),
                            };
                            let path = diagnostic.path.clone();
                            view! {
                                <li data-testid="diagnostic" class=class>
                                    <button
                                        type="button"
                                        class="diagnostic"
                                        data-index=i
                                        tabindex=move || if stop.get() == i { "0" } else { "-1" }
                                        on:focus=move |_| active.set(i)
                                        on:click=move |_| state.go_to(&path)
                                    >
                                        <span class=format!("badge {class}")>{level}</span>
                                        <span class="message">{diagnostic.message}</span>
                                        {place(diagnostic.path.clone())}
                                        {diagnostic.hint.map(|hint| view! { <span class="hint">{hint}</span> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
