use leptos::prelude::*;

/// The paths of a bundle, in the order given, under a count ("12 files").
#[component]
pub fn FileList(
    /// Bundle paths, sorted as core returns them.
    #[prop(into)]
    paths: Signal<Vec<String>>,
) -> impl IntoView {
    let count = Memo::new(move |_| paths.with(Vec::len));

    view! {
        <p class="count" data-testid="bundle-count" aria-live="polite">
            {move || count_label(count.get())}
        </p>
        <ul class="files" aria-label="Bundle files">
            <For each=move || paths.get() key=|path| path.clone() let(path)>
                <li data-testid="bundle-file">
                    <code>{path}</code>
                </li>
            </For>
        </ul>
    }
}

/// "1 file", "N files".
fn count_label(count: usize) -> String {
    match count {
        1 => "1 file".to_owned(),
        n => format!("{n} files"),
    }
}
