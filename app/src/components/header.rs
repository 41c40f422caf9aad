use leptos::{html, prelude::*, task::spawn_local};
use tfdesign_core::{edit, presets};

use super::command_palette::{CommandPalette, Palette};
use super::compare::CompareWith;
use crate::{actions, browser, state::use_design_state};

/// The page banner and toolbar: presets, new, undo/redo, compare ([`CompareWith`]),
/// import/export, share, download, and
/// the command palette ([`Palette`]).
#[component]
pub fn Header() -> impl IntoView {
    let state = use_design_state();
    let palette = use_context::<Palette>().unwrap_or_else(Palette::provide);
    let file_input = NodeRef::<html::Input>::new();
    let paste_dialog = NodeRef::<html::Dialog>::new();
    let paste_text = RwSignal::new(String::new());
    let paste_error = RwSignal::new(None::<String>);
    let link = RwSignal::new(None::<String>);
    // The preset the design still equals, if any: after an edit the picker says "custom".
    let preset = Memo::new(move |_| {
        state.design.with(|d| {
            presets::NAMES
                .iter()
                .find(|name| presets::get(name).as_ref() == Some(d))
                .map_or("", |name| *name)
        })
    });

    let on_preset = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(design) = presets::get(&name) {
            if state.replace(design) {
                state.offer_undo(format!(
                    "Opened the {name} preset in place of the previous design."
                ));
            }
        }
    };
    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            match browser::picked_file(&input).await {
                Some((_, bytes)) => {
                    if let Err(message) = actions::import(&state, &bytes) {
                        state.tell(true, message);
                    }
                }
                None => state.tell(true, "The file could not be read."),
            }
            input.set_value("");
        });
    };
    let open_paste = move |_| {
        paste_text.set(String::new());
        paste_error.set(None);
        if let Some(dialog) = paste_dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let close_paste = move || {
        if let Some(dialog) = paste_dialog.get() {
            dialog.close();
        }
    };
    let import_paste = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A refused paste is explained in the dialog, beside the text (the banner is behind it).
        match actions::import(&state, paste_text.get_untracked().as_bytes()) {
            Ok(()) => close_paste(),
            Err(message) => paste_error.set(Some(message)),
        }
    };
    let share = move |_| {
        if let Some(url) = actions::share_link(&state) {
            link.set(Some(url.clone()));
            spawn_local(async move {
                let copied = browser::copy(&url).await;
                state.tell(
                    false,
                    if copied {
                        "Share link copied to the clipboard; it is also in the address bar."
                    } else {
                        "Share link ready: copy it from the address bar or the field below the toolbar."
                    },
                );
            });
        }
    };

    view! {
        <header class="site-header">
            <div class="brand">
                <h1>"tfdesign"</h1>
                <p class="tagline">"Design AWS infrastructure, then download it as a Terraform bundle."</p>
            </div>
            <div class="toolbar" role="toolbar" aria-label="Design actions">
                <div class="field inline">
                    <label for="preset">"Preset"</label>
                    <select id="preset" name="preset" on:change=on_preset prop:value=move || preset.get()>
                        <option value="" disabled selected=move || preset.get().is_empty()>
                            "custom design"
                        </option>
                        {presets::NAMES
                            .iter()
                            .map(|&name| {
                                view! {
                                    <option value=name selected=move || preset.get() == name>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button
                    type="button"
                    id="new-empty-button"
                    on:click=move |_| {
                        if state.replace(edit::empty_design()) {
                            state.offer_undo("Started an empty design in place of the previous one.");
                        }
                    }
                >
                    "New empty design"
                </button>
                <span class="group">
                    <button
                        type="button"
                        aria-keyshortcuts="Control+Z Meta+Z"
                        disabled=move || state.steps.get().0 == 0
                        on:click=move |_| state.undo()
                    >
                        "Undo"
                    </button>
                    <button
                        type="button"
                        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z"
                        disabled=move || state.steps.get().1 == 0
                        on:click=move |_| state.redo()
                    >
                        "Redo"
                    </button>
                </span>
                // Beside undo/redo: on a phone it shares their row, so the toolbar keeps four.
                <CompareWith />
                <span class="group">
                    <label class="button" for="import-file">
                        "Import file…"
                    </label>
                    <input
                        id="import-file"
                        class="visually-hidden"
                        type="file"
                        accept=".json,.zip,application/json,application/zip"
                        node_ref=file_input
                        on:change=on_file
                    />
                    <button type="button" id="paste-json-button" on:click=open_paste>
                        "Paste JSON…"
                    </button>
                    <button type="button" id="export-json-button" on:click=move |_| actions::export_json(&state)>
                        "Export JSON"
                    </button>
                </span>
                <button type="button" id="share-button" on:click=share>
                    "Copy share link"
                </button>
                <button type="button" id="download-button" class="primary" on:click=move |_| actions::download_zip(&state)>
                    "Download .zip"
                </button>
                <button
                    type="button"
                    aria-keyshortcuts="Control+K Meta+K"
                    title="Command palette (Ctrl+K, ⌘K); ? lists the shortcuts"
                    on:click=move |_| palette.open.set(true)
                >
                    "Commands"
                </button>
            </div>
            {move || {
                link.get()
                    .map(|url| {
                        view! {
                            <div class="share-link field inline">
                                <label for="share-link">"Share link"</label>
                                <input
                                    id="share-link"
                                    data-testid="share-link"
                                    type="text"
                                    readonly
                                    prop:value=url
                                    on:focus=move |ev| {
                                        use leptos::wasm_bindgen::JsCast;
                                        if let Some(input) = ev
                                            .target()
                                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                                        {
                                            input.select();
                                        }
                                    }
                                />
                                <button type="button" on:click=move |_| link.set(None)>
                                    "Hide"
                                </button>
                            </div>
                        }
                    })
            }}
            <dialog node_ref=paste_dialog aria-labelledby="paste-title" class="dialog">
                <form on:submit=import_paste>
                    <h2 id="paste-title">"Import design JSON"</h2>
                    <div class="field">
                        <label for="paste-json">"Design JSON"</label>
                        <textarea
                            id="paste-json"
                            rows="12"
                            spellcheck="false"
                            aria-invalid=move || paste_error.with(Option::is_some).to_string()
                            aria-describedby="paste-error"
                            prop:value=move || paste_text.get()
                            on:input=move |ev| {
                                paste_text.set(event_target_value(&ev));
                                paste_error.set(None);
                            }
                        ></textarea>
                        <p id="paste-error" class="field-msg error" role="alert" data-testid="paste-error">
                            {move || paste_error.get()}
                        </p>
                    </div>
                    <div class="dialog-actions">
                        <button type="button" on:click=move |_| close_paste()>
                            "Cancel"
                        </button>
                        <button type="submit" class="primary">
                            "Import"
                        </button>
                    </div>
                </form>
            </dialog>
            // Dialogs of the toolbar's "Commands" (and of Ctrl/⌘+K and ?).
            <CommandPalette />
        </header>
    }
}
