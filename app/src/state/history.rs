//! Edits, replacing the design, undo and redo, and where the design came from.

use leptos::prelude::*;
use tfdesign_core::Design;

use super::{DesignState, Selection};

/// Most designs kept for undo.
pub const HISTORY_LIMIT: usize = 100;

/// Where the design being worked on came from; it decides where it is autosaved, so a design
/// opened from a link never overwrites the person's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// The person's own work: a preset, an empty design, an import or their earlier design.
    #[default]
    Own,
    /// Opened from a share link (and the edits made to it since).
    Link,
}

/// Undo and redo stacks of designs, each with where it came from.
#[derive(Default)]
pub(super) struct History {
    pub(super) past: Vec<(Design, Origin)>,
    pub(super) future: Vec<(Design, Origin)>,
    /// The field the last edit was in; edits in the same field coalesce into one step.
    pub(super) last_key: Option<String>,
}

impl DesignState {
    fn record(&self, key: Option<&str>) {
        let current = (self.design.get_untracked(), self.origin.get_untracked());
        self.withdraw_undo_offer();
        self.history.update_value(|h| {
            let coalesce = key.is_some() && h.last_key.as_deref() == key;
            if !coalesce {
                h.past.push(current);
                if h.past.len() > HISTORY_LIMIT {
                    h.past.remove(0);
                }
            }
            h.future.clear();
            h.last_key = key.map(str::to_owned);
        });
        self.sync_steps();
    }

    fn sync_steps(&self) {
        let steps = self.history.with_value(|h| (h.past.len(), h.future.len()));
        self.steps.set(steps);
    }

    /// Changes the design with `change`, as one undo step. Consecutive edits with the same
    /// `key` (the field's pointer, say) coalesce into one step; `None` never coalesces.
    pub fn edit(&self, key: Option<&str>, change: impl FnOnce(&mut Design)) {
        self.change(key, change);
    }

    /// Removes something from the design with `change`, as one undo step, and offers to undo
    /// it in a toast naming `what` ("service api", say).
    pub fn remove(&self, what: &str, change: impl FnOnce(&mut Design)) {
        if self.change(None, change) {
            self.offer_undo(format!("Removed {what}."));
        }
    }

    /// [`DesignState::edit`]; returns whether the design changed.
    fn change(&self, key: Option<&str>, change: impl FnOnce(&mut Design)) -> bool {
        let mut next = self.design.get_untracked();
        change(&mut next);
        if self.design.with_untracked(|d| *d == next) {
            return false;
        }
        self.record(key);
        self.design.set(next);
        if key.is_some() {
            self.regenerate_when_still();
        } else {
            self.regenerate_after_paint();
        }
        true
    }

    /// Replaces the whole design with the person's own (preset, empty design, import, their
    /// earlier design), as one undo step. Returns whether anything changed.
    pub fn replace(&self, design: Design) -> bool {
        self.replace_from(design, Origin::Own)
    }

    /// Replaces the whole design with one opened from a share link, as one undo step: it is
    /// autosaved apart from the person's own. Returns whether anything changed.
    pub fn open_link(&self, design: Design) -> bool {
        self.replace_from(design, Origin::Link)
    }

    fn replace_from(&self, design: Design, origin: Origin) -> bool {
        let same = self.design.with_untracked(|d| *d == design);
        if same && self.origin.get_untracked() == origin {
            return false;
        }
        self.record(None);
        self.origin.set(origin);
        if !same {
            self.design.set(design);
            self.regenerate_replaced_after_paint();
            self.selection.set(Selection::Project);
        }
        true
    }

    /// Goes back one step, if there is one.
    pub fn undo(&self) {
        let current = (self.design.get_untracked(), self.origin.get_untracked());
        let previous = self.history.try_update_value(|h| {
            let previous = h.past.pop()?;
            h.future.push(current);
            h.last_key = None;
            Some(previous)
        });
        if let Some(Some(previous)) = previous {
            self.restore(previous);
        }
    }

    /// Goes forward one undone step, if there is one.
    pub fn redo(&self) {
        let current = (self.design.get_untracked(), self.origin.get_untracked());
        let next = self.history.try_update_value(|h| {
            let next = h.future.pop()?;
            h.past.push(current);
            h.last_key = None;
            Some(next)
        });
        if let Some(Some(next)) = next {
            self.restore(next);
        }
    }

    /// Puts back a design of the history (and where it came from).
    fn restore(&self, (design, origin): (Design, Origin)) {
        self.withdraw_undo_offer();
        self.origin.set(origin);
        self.design.set(design);
        self.regenerate_replaced_after_paint();
        self.sync_steps();
    }
}
