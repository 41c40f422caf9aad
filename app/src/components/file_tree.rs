use std::collections::BTreeMap;

use leptos::prelude::*;

/// A folder of the tree: sub-folders and files (full paths), both sorted.
#[derive(Default)]
struct Folder {
    folders: BTreeMap<String, Folder>,
    files: Vec<String>,
}

impl Folder {
    fn count(&self) -> usize {
        self.files.len() + self.folders.values().map(Folder::count).sum::<usize>()
    }
}

fn build(paths: &[String]) -> Folder {
    let mut root = Folder::default();
    for path in paths {
        let mut folder = &mut root;
        let mut parts: Vec<&str> = path.split('/').collect();
        parts.pop();
        for part in parts {
            folder = folder.folders.entry(part.to_owned()).or_default();
        }
        folder.files.push(path.clone());
    }
    root
}

fn render(folder: Folder, prefix: &str, selected: RwSignal<Option<String>>) -> AnyView {
    let folders = folder
        .folders
        .into_iter()
        .map(|(name, sub)| {
            let count = sub.count();
            let path = format!("{prefix}{name}/");
            let inside = path.clone();
            let top = prefix.is_empty();
            let open = move || {
                top || selected.with(|s| s.as_deref().is_some_and(|s| s.starts_with(&inside)))
            };
            view! {
                <li class="folder">
                    <details prop:open=open>
                        <summary>
                            <span class="name">{name}"/"</span>
                            <span class="muted">{format!(" {count}")}</span>
                        </summary>
                        {render(sub, &path, selected)}
                    </details>
                </li>
            }
        })
        .collect_view();
    let files = folder
        .files
        .into_iter()
        .map(|path| {
            let name = path.rsplit('/').next().unwrap_or_default().to_owned();
            let p = path.clone();
            let p2 = path.clone();
            view! {
                <li>
                    <button
                        type="button"
                        class="file"
                        data-testid="bundle-file"
                        data-path=path.clone()
                        title=path.clone()
                        aria-current=move || selected.with(|s| s.as_deref() == Some(p2.as_str())).then_some("true")
                        on:click=move |_| selected.set(Some(p.clone()))
                    >
                        {name}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="tree">{folders}{files}</ul> }.into_any()
}

/// The bundle's files as a tree of collapsible folders with file counts; clicking a file
/// shows it.
#[component]
pub fn FileTree(
    /// Bundle paths, sorted as core returns them.
    #[prop(into)]
    paths: Signal<Vec<String>>,
    /// The path shown in the code viewer.
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let count = Memo::new(move |_| paths.with(Vec::len));
    view! {
        <p class="count" data-testid="bundle-count" aria-live="polite">
            {move || match count.get() {
                1 => "1 file".to_owned(),
                n => format!("{n} files"),
            }}
        </p>
        <nav aria-label="Bundle files" class="file-tree">
            {move || paths.with(|p| render(build(p), "", selected))}
        </nav>
    }
}
