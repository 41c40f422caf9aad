use leptos::{ev, prelude::*};
use tfdesign_core::{presets, Design};

use super::{
    diagnostic_list::DiagnosticList, header::Header, inspector::Inspector, matrix::Matrix,
    notice_banner::NoticeBanner, preview::Preview,
};
use crate::{
    actions, browser,
    state::{provide_design_state, DesignState, DEFAULT_PRESET},
};

/// The design to open with: the one in the address fragment, else the default preset (the
/// autosaved one is offered in a banner). A broken link is reported and the preset opens.
fn initial_design() -> (Design, Option<String>, bool) {
    let preset = || presets::get(DEFAULT_PRESET).expect("core ships the default preset");
    match actions::design_from_fragment() {
        Ok(Some(design)) => (design, None, true),
        Ok(None) => (preset(), None, false),
        Err(message) => (preset(), Some(message), false),
    }
}

/// Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redoes.
fn on_key(state: DesignState, ev: ev::KeyboardEvent) {
    if !(ev.ctrl_key() || ev.meta_key()) {
        return;
    }
    match ev.key().as_str() {
        "z" | "Z" if ev.shift_key() => {
            ev.prevent_default();
            state.redo();
        }
        "z" | "Z" => {
            ev.prevent_default();
            state.undo();
        }
        "y" | "Y" => {
            ev.prevent_default();
            state.redo();
        }
        _ => {}
    }
}

/// The whole page: provides the design state, then lays out the header, the matrix, the
/// inspector, the problems and the preview.
#[component]
pub fn App() -> impl IntoView {
    let (initial, link_error, from_link) = initial_design();
    let state = provide_design_state(initial);
    if let Some(message) = link_error {
        state.tell(true, message);
    }
    if from_link {
        // The design now lives in the app (and its autosave); a reload must not undo edits.
        browser::set_fragment("");
    }
    let restore = RwSignal::new(if from_link {
        None
    } else {
        browser::autosaved()
    });
    if restore.with_untracked(|r| {
        r.as_ref().is_some_and(|(json, _)| {
            Design::from_json(json).ok().as_ref() == Some(&state.design.get_untracked())
        })
    }) {
        restore.set(None);
    }

    // Autosave every change after the first render (the first is what was just loaded).
    Effect::new(move |previous: Option<()>| {
        let json = state.design.with(Design::to_json);
        if previous.is_some() {
            browser::autosave(&json);
        }
    });
    let keys = window_event_listener(ev::keydown, move |ev| on_key(state, ev));
    on_cleanup(move || keys.remove());
    // The preview (file tree, code, diagram) is built just after the first paint: it has no
    // bundle to show before then, and the matrix and inspector come first.
    let preview_ready = RwSignal::new(false);
    request_animation_frame(move || {
        preview_ready.try_set(true);
    });

    view! {
        <Header />
        <NoticeBanner />
        {move || {
            restore.get().map(|(json, when)| {
                view! {
                    <div class="banner info" role="region" aria-label="Restore" data-testid="restore">
                        <span>{format!("Restore your unsaved design from {when}?")}</span>
                        <button
                            type="button"
                            class="primary small"
                            on:click=move |_| {
                                actions::import(&state, json.as_bytes());
                                restore.set(None);
                            }
                        >
                            "Restore"
                        </button>
                        <button
                            type="button"
                            class="small"
                            on:click=move |_| {
                                browser::clear_autosave();
                                restore.set(None);
                            }
                        >
                            "Discard"
                        </button>
                    </div>
                }
            })
        }}
        <main class="workspace">
            <div class="col left">
                <Matrix />
                <DiagnosticList />
            </div>
            <div class="col centre">
                <Inspector />
            </div>
            <div class="col right">
                {move || preview_ready.get().then(|| view! { <Preview /> })}
            </div>
        </main>
    }
}
