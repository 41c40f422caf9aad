use leptos::prelude::*;

use crate::{highlight, state::use_design_state};

/// One line of the file shown, keyed by its text and which occurrence of that text it is, so an
/// edit re-renders only the lines it changed: the rest keep their DOM nodes.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Line {
    text: String,
    occurrence: usize,
    /// How the file is highlighted (its extension): the same text in another kind of file
    /// is another line.
    kind: &'static str,
}

/// The text of one bundle file with HCL/Markdown highlighting (text nodes in classed spans).
/// The file is generated on its own by the worker (its root or module only), so it follows
/// an edit at once; the rest of the bundle catches up after the paint.
#[component]
pub fn CodeView(
    /// The path shown, if any.
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_design_state();
    let file = state.follow_file(selected);
    let text = Memo::new(move |_| file.get());
    let lines = Memo::new(move |_| {
        text.with(|shown| {
            let Some((path, text)) = shown else {
                return Vec::new();
            };
            let kind = highlight::kind_of(path);
            let mut seen = std::collections::HashMap::<&str, usize>::new();
            text.lines()
                .map(|l| {
                    let n = seen.entry(l).or_default();
                    *n += 1;
                    Line {
                        text: l.to_owned(),
                        occurrence: *n,
                        kind,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let path = move || text.with(|t| t.as_ref().map(|(p, _)| p.clone()).unwrap_or_default());
    view! {
        <div class="code-view">
            <Show
                when=move || text.with(Option::is_some)
                fallback=|| view! { <p class="hint">"Choose a file to see its contents."</p> }
            >
                // A long path wraps after a `/`, never inside a name.
                <h3 class="code-path">
                    <code>
                        {move || {
                            path()
                                .split_inclusive('/')
                                .map(|part| view! { {part.to_owned()}<wbr /> })
                                .collect_view()
                        }}
                    </code>
                </h3>
                <pre class="code" id="code-view" data-testid="code" tabindex="0" aria-label=move || format!("Contents of {}", path())>
                    <code>
                        <For each=move || lines.get() key=|line| line.clone() let:line>
                            <span class="line">
                                {highlight::line_of_kind(line.kind, &line.text)
                                    .into_iter()
                                    .map(|(kind, piece)| view! { <span class=kind.class()>{piece}</span> })
                                    .collect_view()}
                                "\n"
                            </span>
                        </For>
                    </code>
                </pre>
            </Show>
        </div>
    }
}
