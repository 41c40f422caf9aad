use leptos::prelude::*;
use tfdesign_core::Diagnostic;

/// The diagnostics that stopped generation, each with where it is and how to fix it.
#[component]
pub fn DiagnosticList(
    /// Diagnostics in the order core reported them.
    #[prop(into)]
    diagnostics: Signal<Vec<Diagnostic>>,
) -> impl IntoView {
    view! {
        <div class="problems" role="alert">
            <p>"The design has problems, so no bundle was generated:"</p>
            <ul data-testid="diagnostics">
                {move || {
                    diagnostics
                        .get()
                        .into_iter()
                        .map(|diagnostic| {
                            let Diagnostic { path, message, hint, .. } = diagnostic;
                            view! {
                                <li data-testid="diagnostic">
                                    <span class="message">{message}</span>
                                    {(!path.is_empty()).then(|| view! { " " <code class="path">{path}</code> })}
                                    {hint.map(|hint| view! { <span class="hint">{hint}</span> })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
