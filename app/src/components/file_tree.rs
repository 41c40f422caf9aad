use std::collections::BTreeMap;

use leptos::{prelude::*, wasm_bindgen::JsCast};

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

/// The roving tab index of the tree: the key (`data-key`: a file's path, or a folder's path
/// ending in `/`) of its one Tab stop.
#[derive(Clone, Copy)]
struct Roving {
    /// The item last focused.
    active: RwSignal<Option<String>>,
    /// The Tab stop: `active` while it is in the tree, else the file shown, else the first item.
    stop: Memo<String>,
}

impl Roving {
    /// A folder closed around the Tab stop hands it to the folder (`<details>` fires `toggle`
    /// on itself only: it does not bubble).
    fn closed(self, folder: &str) {
        if self
            .stop
            .with_untracked(|s| s.starts_with(folder) && s != folder)
        {
            self.active.set(Some(folder.to_owned()));
        }
    }

    fn tabindex(self, key: String) -> impl Fn() -> &'static str + Send + Sync + 'static {
        move || {
            if self.stop.with(|s| *s == key) {
                "0"
            } else {
                "-1"
            }
        }
    }
}

/// The paths of `paths` whose path holds `filter` (letters in any case, ASCII); all of them
/// for an empty filter.
fn filtered(paths: &[String], filter: &str) -> Vec<String> {
    let filter = filter.trim().to_ascii_lowercase();
    paths
        .iter()
        .filter(|p| filter.is_empty() || p.to_ascii_lowercase().contains(&filter))
        .cloned()
        .collect()
}

/// The tree of `folder` (its paths under `prefix`); every folder is open when `open_all` (a
/// filter is typed), else the top ones and those holding the file shown.
fn render(
    folder: Folder,
    prefix: &str,
    selected: RwSignal<Option<String>>,
    roving: Roving,
    open_all: bool,
) -> AnyView {
    let folders = folder
        .folders
        .into_iter()
        .map(|(name, sub)| {
            let count = sub.count();
            let path = format!("{prefix}{name}/");
            let inside = path.clone();
            let top = prefix.is_empty();
            let open = move || {
                open_all
                    || top
                    || selected.with(|s| s.as_deref().is_some_and(|s| s.starts_with(&inside)))
            };
            let key = path.clone();
            let on_toggle = move |ev: leptos::ev::Event| {
                let closed = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| !d.open());
                if closed {
                    roving.closed(&key);
                }
            };
            view! {
                <li class="folder">
                    <details prop:open=open on:toggle=on_toggle>
                        <summary data-key=path.clone() tabindex=roving.tabindex(path.clone())>
                            <span class="name">{name}"/"</span>
                            <span class="muted">{format!(" {count}")}</span>
                        </summary>
                        {render(sub, &path, selected, roving, open_all)}
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
                        data-key=path.clone()
                        tabindex=roving.tabindex(path.clone())
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

/// The tree items on screen (not inside a closed folder), in page order.
fn visible_items(tree: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = tree.query_selector_all("[data-key]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.get_client_rects().length() > 0)
        .collect()
}

/// The folder (`<details>`) a tree item opens and closes, when it is a folder's summary.
fn folder_of(item: &web_sys::HtmlElement) -> Option<web_sys::HtmlDetailsElement> {
    if item.tag_name().eq_ignore_ascii_case("summary") {
        item.parent_element()?.dyn_into().ok()
    } else {
        None
    }
}

/// The summary of the folder holding `item`, if it is not a top-level item.
fn parent_summary(item: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    let own = folder_of(item).map(web_sys::Element::from);
    let start = match own {
        Some(details) => details.parent_element()?,
        None => item.parent_element()?,
    };
    let parent = start.closest("details").ok()??;
    parent
        .query_selector(":scope > summary")
        .ok()??
        .dyn_into()
        .ok()
}

/// Moves the focus in the tree for `key` (a tree view's keys: Up/Down between the items on
/// screen, Home/End, Right opens a folder or enters it, Left closes it or goes to the folder
/// holding the item). Returns the item now focused, if the key was one of those.
fn tree_key(
    tree: &web_sys::Element,
    item: &web_sys::HtmlElement,
    key: &str,
) -> Option<web_sys::HtmlElement> {
    let items = visible_items(tree);
    let here = items.iter().position(|e| e == item)?;
    let to = match key {
        "ArrowDown" => items.get(here + 1).unwrap_or(item).clone(),
        "ArrowUp" => here
            .checked_sub(1)
            .and_then(|i| items.get(i))
            .unwrap_or(item)
            .clone(),
        "Home" => items.first()?.clone(),
        "End" => items.last()?.clone(),
        "ArrowRight" => match folder_of(item) {
            Some(details) if !details.open() => {
                details.set_open(true);
                item.clone()
            }
            Some(_) => visible_items(tree).get(here + 1).unwrap_or(item).clone(),
            None => item.clone(),
        },
        "ArrowLeft" => match folder_of(item) {
            Some(details) if details.open() => {
                details.set_open(false);
                item.clone()
            }
            _ => parent_summary(item).unwrap_or_else(|| item.clone()),
        },
        _ => return None,
    };
    let _ = to.focus();
    Some(to)
}

/// The bundle's files as a tree of collapsible folders with file counts; clicking a file
/// shows it.
///
/// The tree is one Tab stop (the file shown, or the item last focused): Up/Down move between
/// the items on screen, Right/Left open and close folders, Enter or Space opens the file.
#[component]
pub fn FileTree(
    /// Bundle paths, sorted as core returns them.
    #[prop(into)]
    paths: Signal<Vec<String>>,
    /// The path shown in the code viewer.
    selected: RwSignal<Option<String>>,
    /// The design was replaced and its bundle is being generated: the count of the bundle
    /// before is not shown.
    #[prop(into, optional)]
    updating: Signal<bool>,
) -> impl IntoView {
    let count = Memo::new(move |_| paths.with(Vec::len));
    // The file-name filter: the tree lists the paths that hold it.
    let filter = RwSignal::new(String::new());
    let shown = Memo::new(move |_| filter.with(|f| paths.with(|p| filtered(p, f))));
    let paths: Signal<Vec<String>> = shown.into();
    // The item last focused, while it is in the tree; else the file shown; else the first.
    let active = RwSignal::new(None::<String>);
    let stop = Memo::new(move |_| {
        paths.with(|paths| {
            let listed = |key: &String| {
                if key.ends_with('/') {
                    paths.iter().any(|p| p.starts_with(key.as_str()))
                } else {
                    paths.contains(key)
                }
            };
            let first = || {
                let first = paths.first()?;
                Some(match first.split_once('/') {
                    Some((folder, _)) => format!("{folder}/"),
                    None => first.clone(),
                })
            };
            active
                .get()
                .filter(listed)
                .or_else(|| selected.get().filter(listed))
                .or_else(first)
                .unwrap_or_default()
        })
    });
    let roving = Roving { active, stop };
    let nothing_matches = move || count.get() != 0 && shown.with(Vec::is_empty);
    let tree = NodeRef::<leptos::html::Nav>::new();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let (Some(tree), Some(item)) = (
            tree.get_untracked(),
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|e| e.has_attribute("data-key")),
        ) else {
            return;
        };
        if let Some(to) = tree_key(&tree, &item, &ev.key()) {
            ev.prevent_default();
            active.set(to.get_attribute("data-key"));
        }
    };
    let on_focusin = move |ev: leptos::ev::FocusEvent| {
        let key = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-key"));
        if key.is_some() && active.with_untracked(|a| *a != key) {
            active.set(key);
        }
    };
    view! {
        <p class="count" data-testid="bundle-count" aria-live="polite" aria-busy=move || updating.get().to_string()>
            {move || match (updating.get(), count.get(), filter.with(|f| f.trim().is_empty())) {
                (true, _, _) => "Generating the bundle…".to_owned(),
                (false, 1, true) => "1 file".to_owned(),
                (false, n, true) => format!("{n} files"),
                (false, n, false) => format!("{} of {n} files", shown.with(Vec::len)),
            }}
        </p>
        <input
            type="search"
            class="file-filter"
            aria-label="Filter files by name"
            placeholder="Filter files by name"
            prop:value=move || filter.get()
            on:input=move |ev| filter.set(event_target_value(&ev))
        />
        <nav
            aria-label="Bundle files"
            aria-describedby="file-tree-keys"
            class="file-tree"
            node_ref=tree
            on:keydown=on_keydown
            on:focusin=on_focusin
        >
            {move || {
                let open_all = filter.with(|f| !f.trim().is_empty());
                paths.with(|p| render(build(p), "", selected, roving, open_all))
            }}
        </nav>
        <Show when=nothing_matches>
            <p class="hint" data-testid="filter-empty">
                {move || format!("No file name holds \u{201c}{}\u{201d}.", filter.get().trim())}
            </p>
        </Show>
        <p id="file-tree-keys" class="visually-hidden">
            "Up and Down move between the files, Right and Left open and close folders."
        </p>
    }
}
