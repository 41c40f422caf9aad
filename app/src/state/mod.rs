//! The one shared [`Design`] and what core derives from it, provided to components as context.
//!
//! Components read the design through [`use_design_state`] and change it only through
//! [`DesignState::edit`] (or [`DesignState::replace`]), which keeps the undo history.
//!
//! The state is one `Copy` handle ([`DesignState`], here, with the context that provides it);
//! its methods live by concern: `generation.rs` (asking the worker for the file on screen, the
//! whole bundle and cost lines, scheduled after the paint or once typing pauses),
//! `history.rs` (edits, replacing, undo and redo, where a design came from), `notices.rs`
//! (banners and the Undo toast), `selection.rs` (what the inspector shows, going to a
//! diagnostic's field, diagnostics by field).

use leptos::prelude::*;
use tfdesign_core::{
    cost::Estimate, session::Summary, validate::validate, Design, Diagnostic, Severity,
};

mod generation;
mod history;
mod notices;
mod selection;

pub use generation::SETTLE_AFTER;
pub use history::{Origin, HISTORY_LIMIT};
pub use notices::Notice;
pub use selection::{field_id, Selection};

/// The preset the app opens with.
pub const DEFAULT_PRESET: &str = "sports-cards";

/// What generating a design gave: its bundle's file list (the worker keeps the files), or
/// every diagnostic that stopped generation (none before the first generation).
pub type Generated = Result<Summary, Vec<Diagnostic>>;

/// The design being worked on, its derived values and the UI state that follows it.
/// `Copy`: hand it around freely.
///
/// Nothing here generates: the generator's worker does ([`crate::generator`]). After an edit
/// the file on screen is asked for on its own ([`DesignState::follow_file`]); the whole bundle
/// (file list, bundle checks, cost estimate) is asked for after the paint, or once typing
/// pauses; a bundle answer is dropped when the design was edited since it was asked for, and
/// any answer older than the one shown is dropped.
#[derive(Clone, Copy)]
pub struct DesignState {
    /// The design the user works on. Write it through [`DesignState::edit`].
    pub design: RwSignal<Design>,
    /// Where `design` came from: the person's own work or a link. Set with the design by
    /// [`DesignState::replace`] and [`DesignState::open_link`]; undo brings back both.
    pub origin: RwSignal<Origin>,
    /// The whole bundle of `design` (its file list); it lags behind `design` while the worker
    /// regenerates it. A download asks the worker for the zip of the design as it is then.
    pub generated: RwSignal<Generated>,
    /// Findings of the generated bundle against the provider schema and its module wiring
    /// (`tfdesign_core::validate_generated`, run by the worker with each bundle).
    pub bundle_checks: RwSignal<Vec<Diagnostic>>,
    /// The monthly cost estimate of the bundle's design (`tfdesign_core::cost`, from the
    /// worker), without line items ([`DesignState::follow_cost_lines`] brings one root's);
    /// `None` before the first bundle and while the design has errors.
    pub cost: RwSignal<Option<Estimate>>,
    /// The design rules' findings on `design`.
    pub rules: Memo<Vec<Diagnostic>>,
    /// Whether `design` has errors (then there is no bundle).
    pub blocked: Memo<bool>,
    /// Every diagnostic, errors and warnings: the design rules of `design`, then the bundle checks.
    pub diagnostics: Memo<Vec<Diagnostic>>,
    /// What the inspector shows.
    pub selection: RwSignal<Selection>,
    /// The banner message, if any.
    pub notice: RwSignal<Option<Notice>>,
    /// The JSON Pointer of the field to focus once it is rendered.
    pub focus: RwSignal<Option<String>>,
    /// Number of steps that undo and redo can take.
    pub steps: RwSignal<(usize, usize)>,
    /// The design was replaced (an import, a preset, undo) and `generated` is still the bundle
    /// of the one before: the file count says so instead of showing the old number.
    pub replacing: RwSignal<bool>,
    history: StoredValue<history::History>,
    /// The design `generated` is the bundle of (`None` before the first generation).
    bundled: StoredValue<Option<Design>>,
    /// Generations asked for, counted: each one's ticket.
    asked: StoredValue<u64>,
    /// The ticket of the generation `generated` is: an answer to an older one is dropped.
    answered: StoredValue<u64>,
    /// Counts schedules: a timer of an older one is stale.
    epoch: StoredValue<u64>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl DesignState {
    /// State for `initial`, with its derived values. Nothing is generated before the first
    /// paint: the matrix and the file on screen come first.
    pub fn new(initial: Design) -> Self {
        Self::with_origin(initial, Origin::Own)
    }

    /// State for `initial`, which came from `origin`.
    pub fn with_origin(initial: Design, origin: Origin) -> Self {
        let design = RwSignal::new(initial);
        let rules = Memo::new(move |_| design.with(validate));
        let blocked =
            Memo::new(move |_| rules.with(|all| all.iter().any(|d| d.severity == Severity::Error)));
        let generated = RwSignal::new(Err(Vec::new()));
        let bundle_checks = RwSignal::new(Vec::new());
        let diagnostics = Memo::new(move |_| {
            let mut all = rules.get();
            all.extend(bundle_checks.get());
            all
        });
        let state = Self {
            design,
            origin: RwSignal::new(origin),
            generated,
            bundle_checks,
            cost: RwSignal::new(None),
            rules,
            blocked,
            diagnostics,
            selection: RwSignal::new(Selection::Project),
            notice: RwSignal::new(None),
            focus: RwSignal::new(None),
            steps: RwSignal::new((0, 0)),
            replacing: RwSignal::new(false),
            history: StoredValue::new(history::History::default()),
            bundled: StoredValue::new(None),
            asked: StoredValue::new(0),
            answered: StoredValue::new(0),
            epoch: StoredValue::new(0),
            timer: StoredValue::new(None),
        };
        // A notice about errors that are all fixed has nothing left to say.
        let notice = state.notice;
        Effect::new(move |_| {
            let fixed = diagnostics.with(|all| all.iter().all(|d| d.severity != Severity::Error));
            if fixed && notice.with_untracked(|n| n.as_ref().is_some_and(|n| n.until_fixed)) {
                notice.set(None);
            }
        });
        state.regenerate_after_paint();
        state
    }
}

/// Creates the state for `initial` and provides it to every component below the caller.
pub fn provide_design_state(initial: Design) -> DesignState {
    provide_design_state_from(initial, Origin::Own)
}

/// Like [`provide_design_state`], for a design that came from `origin`.
pub fn provide_design_state_from(initial: Design, origin: Origin) -> DesignState {
    let state = DesignState::with_origin(initial, origin);
    provide_context(state);
    state
}

/// The state provided by an ancestor ([`crate::App`] provides it).
///
/// # Panics
/// When no ancestor provided it: a component was mounted outside the app.
pub fn use_design_state() -> DesignState {
    expect_context::<DesignState>()
}
