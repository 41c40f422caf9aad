use leptos::prelude::*;

use crate::{highlight, state::use_design_state};

/// The text of one bundle file with HCL/Markdown highlighting (text nodes in classed spans).
#[component]
pub fn CodeView(
    /// The path shown, if any.
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_design_state();
    let text = Memo::new(move |_| {
        let path = selected.get()?;
        state.generated.with(|g| {
            g.as_ref()
                .ok()
                .and_then(|g| g.bundle.text(&path).map(|t| (path.clone(), t.to_owned())))
        })
    });
    view! {
        <div class="code-view">
            {move || match text.get() {
                None => view! { <p class="hint">"Choose a file to see its contents."</p> }.into_any(),
                Some((path, text)) => {
                    let lines = text
                        .lines()
                        .map(|l| {
                            let pieces = highlight::line(&path, l)
                                .into_iter()
                                .map(|(kind, piece)| view! { <span class=kind.class()>{piece}</span> })
                                .collect_view();
                            view! { <span class="line">{pieces}"\n"</span> }
                        })
                        .collect_view();
                    view! {
                        <h3 class="code-path"><code>{path.clone()}</code></h3>
                        <pre class="code" data-testid="code" tabindex="0" aria-label=format!("Contents of {path}")>
                            <code>{lines}</code>
                        </pre>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
