//! The command palette (Ctrl/⌘+K): every action of the designer and every place in the design
//! or the bundle, found by typing a few letters of it, run with Enter. And the list of keyboard
//! shortcuts (`?`).
//!
//! The palette is a modal dialog holding a combobox (the text field) that controls a listbox
//! (the matching commands); the active command is the field's `aria-activedescendant`, so the
//! focus stays in the field while the arrows move. Closing it (Esc, or a command run) gives the
//! focus back to where it was, unless the command goes somewhere else (a field, a file).

use leptos::{ev, html, prelude::*, wasm_bindgen::JsCast};
use tfdesign_core::{
    diagnostic,
    edit::{self, Block},
    plan::Plan,
    presets, Design, Severity,
};

use crate::{
    actions,
    state::{use_design_state, DesignState, Selection},
};

/// Most commands listed at once (the rest are a few more letters away).
const SHOWN: usize = 60;

/// Whether the palette and the shortcut list are open. Provided by the app, so the toolbar can
/// open them too.
#[derive(Clone, Copy)]
pub struct Palette {
    /// The command palette is open.
    pub open: RwSignal<bool>,
    /// The list of keyboard shortcuts is open.
    pub shortcuts: RwSignal<bool>,
}

impl Palette {
    /// Both closed, provided to the caller's children.
    pub fn provide() -> Self {
        let palette = Self {
            open: RwSignal::new(false),
            shortcuts: RwSignal::new(false),
        };
        provide_context(palette);
        palette
    }
}

/// What a command does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    AddService,
    AddTier,
    AddRegion,
    /// Adds a building block to service `.0`.
    AddBlock(usize, Block),
    Undo,
    Redo,
    Download,
    ExportJson,
    CopyLink,
    ImportFile,
    PasteJson,
    NewEmpty,
    Preset(&'static str),
    /// Selects a service, tier, region or deployment and focuses its name.
    Select(Selection),
    /// Opens a bundle file in the code pane.
    OpenFile(String),
    /// Goes to the field of a problem (a JSON Pointer).
    Problem(String),
    /// Shows the Diagram tab (the canvas).
    ShowDiagram,
    Shortcuts,
}

/// One entry of the palette.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    /// What the person reads and types a part of.
    pub label: String,
    /// The kind of entry ("Action", "Go to", "File", "Problem"), shown beside it.
    pub group: &'static str,
    /// Its keyboard shortcut, if it has one.
    pub keys: Option<&'static str>,
    pub action: Action,
}

fn command(group: &'static str, label: impl Into<String>, action: Action) -> Command {
    Command {
        label: label.into(),
        group,
        keys: None,
        action,
    }
}

/// Every command for `design` (with the bundle's `files` and the `problems` found), in the
/// order they are listed before anything is typed: actions, places, files, problems.
pub fn commands(
    design: &Design,
    files: &[String],
    problems: &[tfdesign_core::Diagnostic],
) -> Vec<Command> {
    let action = |label: &str, action: Action| command("Action", label, action);
    let keyed = |label: &str, keys: &'static str, action: Action| Command {
        keys: Some(keys),
        ..command("Action", label, action)
    };
    let mut all = vec![
        action("Add service", Action::AddService),
        action("Add tier", Action::AddTier),
        action("Add region", Action::AddRegion),
        keyed("Undo", "Ctrl+Z", Action::Undo),
        keyed("Redo", "Ctrl+Shift+Z", Action::Redo),
        action("Download .zip", Action::Download),
        action("Copy share link", Action::CopyLink),
        action("Export JSON", Action::ExportJson),
        action("Import file…", Action::ImportFile),
        action("Paste JSON…", Action::PasteJson),
        action("New empty design", Action::NewEmpty),
    ];
    all.extend(
        presets::NAMES
            .iter()
            .map(|&name| action(&format!("Open preset {name}"), Action::Preset(name))),
    );
    all.push(action("Show the diagram", Action::ShowDiagram));
    all.push(keyed("Keyboard shortcuts", "?", Action::Shortcuts));
    for (i, service) in design.services.iter().enumerate() {
        for block in Block::all() {
            if edit::can_add(design, i, block) {
                all.push(command(
                    "Action",
                    format!("Add {} to service {}", block.a(), service.name),
                    Action::AddBlock(i, block),
                ));
            }
        }
    }
    let go =
        |label: String, selection: Selection| command("Go to", label, Action::Select(selection));
    all.extend(
        design
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| go(format!("Service {}", s.name), Selection::Service(i))),
    );
    all.extend(
        design
            .tiers
            .iter()
            .enumerate()
            .map(|(i, t)| go(format!("Tier {}", t.name), Selection::Tier(i))),
    );
    all.extend(
        design
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| go(format!("Region {}", r.name), Selection::Region(i))),
    );
    // The deployments as core's plan has them.
    for d in Plan::build(design).deployments {
        let (Some(service), Some(tier), Some(r)) = (
            design.services.get(d.service),
            design.tiers.get(d.tier),
            design.regions.iter().position(|r| r.name == d.region),
        ) else {
            continue;
        };
        all.push(go(
            format!("Deployment {} in {} {}", service.name, tier.name, d.region),
            Selection::Cell(d.service, d.tier, r),
        ));
    }
    all.extend(
        files
            .iter()
            .map(|path| command("File", path.clone(), Action::OpenFile(path.clone()))),
    );
    all.extend(problems.iter().map(|p| {
        let place = diagnostic::place(design, &p.path).unwrap_or_else(|| p.path.clone());
        let level = if p.severity == Severity::Error {
            "Error"
        } else {
            "Warning"
        };
        command(
            "Problem",
            format!("{level}: {place}: {}", p.message),
            Action::Problem(p.path.clone()),
        )
    }));
    all
}

/// How well `query` matches `label` (ASCII letters in any case): `None` unless every word of
/// `query`, in order, is in `label`, whole or as letters in order ("dwnld" in "Download"). A
/// word found whole counts more, more again at the start of a word of the label; an early
/// first word and a short label break ties.
pub fn score(query: &str, label: &str) -> Option<i32> {
    let label = label.to_ascii_lowercase();
    let text = label.as_bytes();
    let word_start = |i: usize| i == 0 || !text[i - 1].is_ascii_alphanumeric();
    let mut score = -(label.len() as i32) / 8;
    let mut at = 0;
    for (n, word) in query.split_ascii_whitespace().enumerate() {
        let word = word.to_ascii_lowercase();
        let rest = &label[at..];
        let whole: Vec<usize> = rest.match_indices(&word).map(|(i, _)| at + i).collect();
        let (found, end, points) = if let Some(&i) = whole.iter().find(|&&i| word_start(i)) {
            (i, i + word.len(), 20 + 2 * word.len() as i32)
        } else if let Some(&i) = whole.first() {
            (i, i + word.len(), 10 + word.len() as i32)
        } else {
            // Letters in order.
            let mut end = at;
            let mut first = None;
            for w in word.bytes() {
                end += text[end..].iter().position(|&c| c == w)?;
                first.get_or_insert(end);
                end += 1;
            }
            (first.unwrap_or(at), end, word.len() as i32)
        };
        if n == 0 {
            score -= found.min(30) as i32 / 3;
        }
        score += points;
        at = end;
    }
    Some(score)
}

/// The commands matching `query`, best first (ties in list order); all of them, in list
/// order, for an empty query.
pub fn matching(commands: &[Command], query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..commands.len()).collect();
    }
    // Best score first, then list order: one sort of plain numbers (score in the high bits,
    // index in the low 16).
    let mut keys: Vec<usize> = commands
        .iter()
        .enumerate()
        .take(1 << 16)
        .filter_map(|(i, c)| {
            let rank = 0x7fff - score(query, &c.label)?.clamp(-0x7fff, 0x7fff);
            Some(((rank as usize) << 16) | i)
        })
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k & 0xffff).collect()
}

fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Focuses the element with `id` once it is rendered (after the next frame).
fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        if let Some(e) = html_element(id) {
            let _ = e.focus();
        }
    });
}

/// Runs `action`. The palette is closed and the focus back where it was.
fn run(state: DesignState, palette: Palette, action: Action) {
    match action {
        Action::AddService => actions::add_service(&state),
        Action::AddTier => actions::add_tier(&state),
        Action::AddRegion => actions::add_region(&state),
        Action::AddBlock(service, block) => actions::add_block(&state, service, block),
        Action::Undo => state.undo(),
        Action::Redo => state.redo(),
        // These are the toolbar's buttons (the share field, the file picker, the paste dialog).
        Action::Download => click("download-button"),
        Action::ExportJson => click("export-json-button"),
        Action::CopyLink => click("share-button"),
        Action::ImportFile => click("import-file"),
        Action::PasteJson => click("paste-json-button"),
        Action::NewEmpty => click("new-empty-button"),
        Action::Preset(name) => {
            if let Some(design) = presets::get(name) {
                if state.replace(design) {
                    state.offer_undo(format!(
                        "Opened the {name} preset in place of the previous design."
                    ));
                }
            }
        }
        Action::Select(selection) => {
            let name = match selection {
                Selection::Service(i) | Selection::Cell(i, _, _) => format!("/services/{i}/name"),
                Selection::Tier(i) => format!("/tiers/{i}/name"),
                Selection::Region(i) => format!("/regions/{i}/name"),
                Selection::Project => "/project".to_owned(),
            };
            state.selection.set(selection);
            state.focus.set(Some(name));
            super::inspector::reveal_inspector();
        }
        Action::Problem(pointer) => state.go_to(&pointer),
        Action::OpenFile(path) => {
            // The preview's Files tab, then the file's button in the tree (in a closed folder
            // too), as a click would.
            click("tab-files");
            let files = document().query_selector_all("[data-testid=bundle-file]");
            if let Some(button) = files.ok().and_then(|list| {
                (0..list.length())
                    .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
                    .find(|b| b.get_attribute("data-path").as_deref() == Some(path.as_str()))
            }) {
                button.click();
                focus_soon("code-view");
            }
        }
        Action::ShowDiagram => {
            click("tab-diagram");
            focus_soon("tab-diagram");
        }
        Action::Shortcuts => palette.shortcuts.set(true),
    }
}

fn click(id: &str) {
    if let Some(e) = html_element(id) {
        e.click();
    }
}

/// Whether a key typed at `target` is text for it (a field, a list, an editable element).
fn typing_in(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Makes `dialog` a modal that opens and closes with `open` (`on_open` runs once it is open).
/// Returns the handler of its `close` event (Esc, or `open` set to false), which hands the
/// focus back to the element that had it before.
fn modal(
    dialog: NodeRef<html::Dialog>,
    open: RwSignal<bool>,
    on_open: Box<dyn Fn()>,
) -> impl Fn(ev::Event) + Clone + 'static {
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let want = open.get();
        let Some(d) = dialog.get() else {
            return;
        };
        if want && !d.open() {
            before.set_value(
                document()
                    .active_element()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
            );
            if d.show_modal().is_ok() {
                on_open();
            }
        } else if !want && d.open() {
            d.close();
        }
    });
    move |_| {
        open.set(false);
        // (An element gone from the page ignores the call.)
        if let Some(e) = before.try_update_value(Option::take).flatten() {
            let _ = e.focus();
        }
    }
}

/// The command palette and the shortcut list, opened with Ctrl/⌘+K and `?` (or from the
/// toolbar through [`Palette`]).
#[component]
pub fn CommandPalette() -> impl IntoView {
    let state = use_design_state();
    let palette = use_context::<Palette>().unwrap_or_else(Palette::provide);
    let dialog = NodeRef::<html::Dialog>::new();
    let shortcuts_dialog = NodeRef::<html::Dialog>::new();
    let input = NodeRef::<html::Input>::new();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0_usize);
    // The commands of the design as it was when the palette opened.
    let listed = RwSignal::new(Vec::<Command>::new());
    let found = Memo::new(move |_| {
        listed
            .with(|all| query.with(|q| matching(all, q)))
            .into_iter()
            .take(SHOWN)
            .collect::<Vec<_>>()
    });

    let palette_closed = modal(
        dialog,
        palette.open,
        Box::new(move || {
            let files: Vec<String> = state.generated.with_untracked(|g| match g {
                Ok(generated) => generated.files.clone(),
                Err(_) => Vec::new(),
            });
            let problems = state.diagnostics.get_untracked();
            listed.set(
                state
                    .design
                    .with_untracked(|d| commands(d, &files, &problems)),
            );
            query.set(String::new());
            active.set(0);
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
            }
        }),
    );
    let shortcuts_closed = modal(shortcuts_dialog, palette.shortcuts, Box::new(|| {}));

    let keys = window_event_listener(ev::keydown, move |ev| {
        let k = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && (k == "k" || k == "K") {
            ev.prevent_default();
            palette.shortcuts.set(false);
            palette.open.update(|o| *o = !*o);
        } else if k == "?"
            && !ev.ctrl_key()
            && !ev.meta_key()
            && !ev.alt_key()
            && !typing_in(ev.target())
            && !palette.open.get_untracked()
        {
            ev.prevent_default();
            palette.shortcuts.set(true);
        }
    });
    on_cleanup(move || keys.remove());

    let choose = move |at: usize| {
        let Some(command) = found
            .with_untracked(|f| f.get(at).copied())
            .and_then(|i| listed.with_untracked(|all| all.get(i).cloned()))
        else {
            return;
        };
        // Closing first hands the focus back; the command may then move it on.
        palette.open.set(false);
        if let Some(d) = dialog.get_untracked() {
            if d.open() {
                d.close();
            }
        }
        run(state, palette, command.action);
    };
    let scroll_to = move |at: usize| {
        if let Some(e) = document().get_element_by_id(&format!("palette-option-{at}")) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            e.scroll_into_view_with_scroll_into_view_options(&options);
        }
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let count = found.with_untracked(Vec::len);
        let step = |by: isize| {
            if count > 0 {
                let now = active.get_untracked() as isize;
                let next = (now + by).rem_euclid(count as isize) as usize;
                active.set(next);
                scroll_to(next);
            }
        };
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                step(1);
            }
            "ArrowUp" => {
                ev.prevent_default();
                step(-1);
            }
            "Enter" => {
                ev.prevent_default();
                choose(active.get_untracked());
            }
            _ => {}
        }
    };
    let option_id = |at: usize| format!("palette-option-{at}");

    view! {
        <dialog node_ref=dialog class="dialog palette" aria-label="Command palette" data-testid="command-palette" on:close=palette_closed>
            <div class="palette-field">
                <input
                    node_ref=input
                    type="text"
                    role="combobox"
                    aria-label="Command"
                    aria-autocomplete="list"
                    aria-controls="palette-list"
                    aria-expanded=move || found.with(|f| !f.is_empty()).to_string()
                    aria-activedescendant=move || found.with(|f| (!f.is_empty()).then(|| option_id(active.get())))
                    placeholder="Type a command, service or file; ↑↓, Enter, Esc"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(0);
                    }
                    on:keydown=on_keydown
                />
            </div>
            <ul id="palette-list" role="listbox" aria-label="Commands" class="palette-list" hidden=move || found.with(Vec::is_empty)>
                {move || {
                    listed.with(|all| {
                        found
                            .get()
                            .into_iter()
                            .enumerate()
                            .filter_map(|(at, i)| all.get(i).map(|c| (at, c)))
                            .map(|(at, c)| {
                                let group = match c.keys {
                                    Some(keys) => format!("{} · {keys}", c.group),
                                    None => c.group.to_owned(),
                                };
                                view! {
                                    <li
                                        id=option_id(at)
                                        role="option"
                                        aria-selected=move || (active.get() == at).to_string()
                                        on:click=move |_| choose(at)
                                    >
                                        <span class="label">{c.label.clone()}</span>
                                        <span class="group muted" aria-hidden="true">{group}</span>
                                    </li>
                                }
                            })
                            .collect_view()
                    })
                }}
            </ul>
            <p class="palette-empty" role="status">
                {move || found.with(Vec::is_empty).then(|| format!("No command matches “{}”.", query.get()))}
            </p>
        </dialog>
        <dialog node_ref=shortcuts_dialog class="dialog shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcuts" on:close=shortcuts_closed>
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            // Static text of this file, no design text: safe as HTML.
            <div inner_html=SHORTCUTS></div>
            <form method="dialog" class="dialog-actions">
                <button class="primary">"Close"</button>
            </form>
        </dialog>
    }
}

/// The shortcuts the `?` list shows (keys, what they do), as the table's HTML.
const SHORTCUTS: &str = concat!(
    r#"<table class="shortcut-list"><tbody>"#,
    r#"<tr><th><kbd>Ctrl+K</kbd> <kbd>⌘K</kbd><td>Command palette: actions, services, tiers, regions, files, problems"#,
    r#"<tr><th><kbd>?</kbd><td>This list"#,
    r#"<tr><th><kbd>Ctrl+Z</kbd> <kbd>⌘Z</kbd><td>Undo"#,
    r#"<tr><th><kbd>Ctrl+Shift+Z</kbd> <kbd>Ctrl+Y</kbd><td>Redo"#,
    r#"<tr><th><kbd>Tab</kbd> at the top<td>Skip to the main content or the bundle"#,
    r#"<tr><th><kbd>Arrows</kbd> <kbd>Home</kbd> <kbd>End</kbd><td>Move in the matrix and the file tree"#,
    r#"<tr><th><kbd>Enter</kbd><td>Select a cell, open a file, edit a diagram box"#,
    r#"<tr><th><kbd>Delete</kbd><td>Remove the focused diagram box (Undo brings it back)"#,
    r#"<tr><th><kbd>Ctrl</kbd>+wheel<td>Zoom the diagram"#,
    r#"<tr><th><kbd>Esc</kbd><td>Close a dialog"#,
    "</tbody></table>",
);
