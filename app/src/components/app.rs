use leptos::{ev, prelude::*, wasm_bindgen::JsCast};
use tfdesign_core::{presets, validate_limits::LargeDesign, Design};

use super::{
    cost_view::CostView,
    diagnostic_list::DiagnosticList,
    header::Header,
    inspector::Inspector,
    matrix::Matrix,
    notice_banner::NoticeBanner,
    preview::Preview,
    splitter::{PaneSize, Splitter},
};
use crate::{
    actions,
    browser::{self, Saved},
    generator::{self, Request, Response},
    state::{provide_design_state_from, DesignState, Origin, DEFAULT_PRESET},
};

/// The design to open with and where it came from: the one in the address fragment (a link),
/// else the default preset (autosaved designs are offered in a banner). A broken link is
/// reported and the preset opens; a link to a design large enough to ask about first opens the
/// preset, with the linked design waiting for a yes.
fn initial_design() -> (Design, Option<String>, Origin, Option<Pending>) {
    let preset = || presets::get(DEFAULT_PRESET).expect("core ships the default preset");
    match actions::design_from_fragment() {
        Ok(Some(design)) => match Pending::of(&design) {
            None => (design, None, Origin::Link, None),
            Some(pending) => (preset(), None, Origin::Own, Some(pending)),
        },
        Ok(None) => (preset(), None, Origin::Own, None),
        Err(message) => (preset(), Some(message), Origin::Own, None),
    }
}

/// A design from a link that core finds large enough to ask about before generating it.
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    design: Design,
    /// "This link opens a design with N deployments (M files). Generate it?"
    question: String,
    /// Its size; the worker counts the files (`files` is `None` until it has).
    large: LargeDesign,
}

impl Pending {
    /// `design` waiting for a yes, when core finds it large enough to ask about first.
    fn of(design: &Design) -> Option<Pending> {
        tfdesign_core::ask_before_generating(design).map(|large| Pending {
            question: large.question("link"),
            design: design.clone(),
            large,
        })
    }
}

/// Asks the worker how many files the pending design's bundle has and puts the number in the
/// question (a design with errors has no bundle: the question stays without it).
fn count_files(pending: RwSignal<Option<Pending>>) {
    let Some(design) = pending.with_untracked(|p| p.as_ref().map(|p| p.design.clone())) else {
        return;
    };
    let json = generator::design_json(&design);
    generator::shared().ask(
        |seq| Request::Count { seq, design: json },
        None,
        move |response, _| {
            let Response::Count {
                files: Some(files), ..
            } = response
            else {
                return;
            };
            pending.try_update(|p| {
                if let Some(p) = p.as_mut().filter(|p| p.design == design) {
                    p.large.files = Some(files);
                    p.question = p.large.question("link");
                }
            });
        },
    );
}

/// Opens a design from a link in place of the open one (undoable; the own design stays
/// restorable).
fn open_linked(state: DesignState, offer: RwSignal<Option<Offer>>, design: Design) {
    if state.open_link(design) {
        state.offer_undo(
            "Opened the design from the link. Your own design is kept: undo, or restore it from the banner.",
        );
    }
    offer.set(offer_for(state));
}

/// What the restore banner offers: autosaved designs other than the one open.
#[derive(Clone, Debug, PartialEq)]
struct Offer {
    /// The person's own design.
    own: Option<Saved>,
    /// The person's own design before that one (kept when a session saved over it unopened).
    older: Option<Saved>,
    /// The design last opened from a link (not offered right after a link was opened).
    link: Option<Saved>,
    /// A link was just opened (the banner says the person's own design is kept).
    from_link: bool,
}

/// The autosaved designs to offer beside the open one; `None` when there is none.
fn offer_for(state: DesignState) -> Option<Offer> {
    let from_link = state.origin.get_untracked() == Origin::Link;
    let other = |saved: &Saved| {
        Design::from_json(&saved.json).is_ok_and(|d| state.design.with_untracked(|open| *open != d))
    };
    let own = browser::autosaved(Origin::Own).filter(other);
    let older = browser::earlier_own()
        .filter(other)
        .filter(|saved| own.as_ref().is_none_or(|own| own.json != saved.json));
    let link = (!from_link)
        .then(|| browser::autosaved(Origin::Link))
        .flatten()
        .filter(other);
    (own.is_some() || older.is_some() || link.is_some()).then_some(Offer {
        own,
        older,
        link,
        from_link,
    })
}

/// Opens the link pasted into the address bar of the open tab, like a freshly opened link:
/// the person's own design stays restorable (and one Undo away).
fn open_pasted_link(
    state: DesignState,
    offer: RwSignal<Option<Offer>>,
    pending: RwSignal<Option<Pending>>,
) {
    // A fragment naming an element of the page is an in-page link (a skip link, say).
    let fragment = browser::fragment();
    if document().get_element_by_id(&fragment).is_some() {
        return;
    }
    match actions::design_from_fragment() {
        Ok(None) => {}
        Ok(Some(design)) => {
            browser::set_fragment("");
            match Pending::of(&design) {
                None => {
                    pending.set(None);
                    open_linked(state, offer, design);
                }
                Some(ask) => {
                    pending.set(Some(ask));
                    count_files(pending);
                }
            }
        }
        Err(message) => {
            browser::set_fragment("");
            state.tell(true, message);
        }
    }
}

/// Opens an autosaved design (the person's own or the one from a link) in place of the open
/// one, as an undoable step.
fn reopen(state: DesignState, saved: &Saved, origin: Origin) {
    match Design::from_json(&saved.json) {
        Ok(design) => {
            let replaced = match origin {
                Origin::Own => state.replace(design),
                Origin::Link => state.open_link(design),
            };
            if replaced {
                state.offer_undo(match origin {
                    Origin::Own => format!("Restored your design saved {}.", saved.when),
                    Origin::Link => format!(
                        "Reopened the design opened from a link, saved {}.",
                        saved.when
                    ),
                });
            }
        }
        Err(e) => state.tell(
            true,
            actions::because("The saved design could not be opened", e),
        ),
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
    let (initial, link_error, origin, waiting) = initial_design();
    let state = provide_design_state_from(initial, origin);
    if let Some(message) = link_error {
        state.tell(true, message);
    }
    if origin == Origin::Link || waiting.is_some() {
        // The design now lives in the app (and its own autosave); a reload must not undo edits.
        browser::set_fragment("");
    }
    let offer = RwSignal::new(offer_for(state));
    // A large design from a link waits here until the person says to generate it.
    let pending = RwSignal::new(waiting);
    count_files(pending);

    // Autosave every change after the first render (the first is what was just loaded, except
    // a design opened from a link: it is saved at once, so a reload can reopen it). Designs
    // from links are saved apart from the person's own.
    // The first time this session saves own work, the own design saved before is kept apart
    // (and offered), unless this session opened it: work it never showed is not overwritten.
    let own_continued = StoredValue::new(false);
    Effect::new(move |previous: Option<()>| {
        let origin = state.origin.get();
        let json = state.design.with(Design::to_json);
        if previous.is_some() || origin == Origin::Link {
            if origin == Origin::Own && !own_continued.get_value() {
                browser::keep_earlier_own();
                own_continued.set_value(true);
            }
            browser::autosave(origin, &json);
        }
    });
    // A share link pasted into the address bar of this tab opens here.
    let hash = window_event_listener(ev::hashchange, move |_| {
        open_pasted_link(state, offer, pending)
    });
    on_cleanup(move || hash.remove());
    let keys = window_event_listener(ev::keydown, move |ev| on_key(state, ev));
    on_cleanup(move || keys.remove());
    // The preview (file tree, code, diagram) is built just after the first paint: it has no
    // bundle to show before then, and the matrix and inspector come first.
    let preview_ready = RwSignal::new(false);
    // The designer's share of the page's width beside the bundle pane (wide windows), remembered.
    let design_size = PaneSize::remembered("tfdesign.pane.design.v1", 37.5, 20.0, 70.0);
    request_animation_frame(move || {
        preview_ready.try_set(true);
    });

    // Skip links: in-page jumps that move the focus (the address keeps its fragment free for
    // share links).
    let skip = |id: &'static str| {
        move |ev: ev::MouseEvent| {
            ev.prevent_default();
            if let Some(target) = document()
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = target.focus();
            }
        }
    };

    view! {
        <nav class="skip-links" aria-label="Skip links">
            <a class="skip-link" href="#main" on:click=skip("main")>"Skip to main content"</a>
            <a class="skip-link" href="#bundle" on:click=skip("bundle")>"Skip to the bundle"</a>
        </nav>
        <Header />
        <NoticeBanner />
        {move || {
            pending.get().map(|Pending { design, question, .. }| {
                view! {
                    <div class="banner info" role="region" aria-label="Large design" data-testid="confirm-large">
                        <span>{question}</span>
                        <span class="actions">
                            <button
                                type="button"
                                class="primary small"
                                on:click=move |_| {
                                    pending.set(None);
                                    open_linked(state, offer, design.clone());
                                }
                            >
                                "Generate it"
                            </button>
                            <button type="button" class="small" on:click=move |_| pending.set(None)>
                                "Keep the current design"
                            </button>
                        </span>
                    </div>
                }
            })
        }}
        {move || {
            offer.get().map(|Offer { own, older, link, from_link }| {
                let text = match (from_link, own.as_ref().or(older.as_ref())) {
                    (true, Some(saved)) => format!(
                        "You opened a design from a link: it is saved apart from your own design (saved {}), which stays restorable.",
                        saved.when
                    ),
                    (_, Some(saved)) => format!("Your earlier design (saved {}) is not open.", saved.when),
                    (_, None) => "The design you opened from a link earlier is not open.".to_owned(),
                };
                view! {
                    <div class="banner info restore" role="region" aria-label="Restore" data-testid="restore">
                        <span>{text}</span>
                        <span class="actions">
                            {own.clone().map(|saved| view! {
                                <button
                                    type="button"
                                    class="primary small"
                                    on:click=move |_| {
                                        // This session now continues the saved own design.
                                        own_continued.set_value(true);
                                        reopen(state, &saved, Origin::Own);
                                        offer.set(offer_for(state));
                                    }
                                >
                                    "Restore your earlier design"
                                </button>
                            })}
                            {older.map(|saved| {
                                let label = if own.is_some() {
                                    format!("Restore the one before (saved {})", saved.when)
                                } else {
                                    "Restore your earlier design".to_owned()
                                };
                                view! {
                                    <button
                                        type="button"
                                        class="small"
                                        on:click=move |_| {
                                            // The own design saved now is kept apart in turn.
                                            own_continued.set_value(false);
                                            reopen(state, &saved, Origin::Own);
                                            offer.set(offer_for(state));
                                        }
                                    >
                                        {label}
                                    </button>
                                }
                            })}
                            {link.map(|saved| view! {
                                <button
                                    type="button"
                                    class="small"
                                    on:click=move |_| {
                                        reopen(state, &saved, Origin::Link);
                                        offer.set(offer_for(state));
                                    }
                                >
                                    "Reopen the design from a link"
                                </button>
                            })}
                            <button type="button" class="small" on:click=move |_| offer.set(None)>
                                "Dismiss"
                            </button>
                        </span>
                    </div>
                }
            })
        }}
        <main
            class="workspace"
            id="main"
            tabindex="-1"
            style=move || {
                let share = design_size.share.get();
                format!("--design-share: {share}fr; --bundle-share: {}fr", 100.0 - share)
            }
        >
            <div class="col left" id="design-pane">
                <Matrix />
                <DiagnosticList />
            </div>
            <div class="col centre">
                <Inspector />
                <CostView />
            </div>
            <Splitter size=design_size label="Resize the designer and the bundle" controls="design-pane" />
            <div class="col right">
                {move || preview_ready.get().then(|| view! { <Preview /> })}
            </div>
        </main>
    }
}
