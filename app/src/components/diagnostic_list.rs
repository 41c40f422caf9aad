use leptos::prelude::*;
use tfdesign_core::Severity;

use crate::state::use_design_state;

/// Every diagnostic of the design, errors first; clicking one goes to its field.
#[component]
pub fn DiagnosticList() -> impl IntoView {
    let state = use_design_state();
    let sorted = Memo::new(move |_| {
        let mut all = state.diagnostics.get();
        all.sort_by_key(|d| d.severity);
        all
    });
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
            <ul data-testid="diagnostics" class="diagnostics">
                {move || {
                    sorted
                        .get()
                        .into_iter()
                        .map(|diagnostic| {
                            let (class, level) = match diagnostic.severity {
                                Severity::Error => ("error", "Error"),
                                Severity::Warning => ("warning", "Warning"),
                            };
                            let path = diagnostic.path.clone();
                            view! {
                                <li data-testid="diagnostic" class=class>
                                    <button type="button" class="diagnostic" on:click=move |_| state.go_to(&path)>
                                        <span class=format!("badge {class}")>{level}</span>
                                        <span class="message">{diagnostic.message}</span>
                                        {(!diagnostic.path.is_empty())
                                            .then(|| view! { <code class="path">{diagnostic.path.clone()}</code> })}
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
