//! The one shared [`Design`] and what core derives from it, provided to components as context.
//!
//! Components read and write the design through [`use_design_state`]; nothing else is shared.

use leptos::prelude::*;
use tfdesign_core::{Bundle, Design, Diagnostic};

/// The preset the app opens with.
pub const DEFAULT_PRESET: &str = "sports-cards";

/// What generating a design gave: its bundle, or every diagnostic that stopped generation.
pub type Generated = Result<Bundle, Vec<Diagnostic>>;

/// The design being worked on and its derived values. `Copy`: hand it around freely.
#[derive(Clone, Copy)]
pub struct DesignState {
    /// The design the user works on.
    pub design: RwSignal<Design>,
    /// [`tfdesign_core::generate`] of `design`, recomputed only when the design changes.
    pub generated: Memo<Generated>,
}

impl DesignState {
    /// State for `initial`, with its derived values.
    pub fn new(initial: Design) -> Self {
        let design = RwSignal::new(initial);
        let generated = Memo::new(move |_| design.with(tfdesign_core::generate));
        Self { design, generated }
    }
}

/// Creates the state for `initial` and provides it to every component below the caller.
pub fn provide_design_state(initial: Design) -> DesignState {
    let state = DesignState::new(initial);
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
