//! Generation scheduling: the worker is asked for the file on screen after each edit, for the
//! whole bundle after the paint (or once typing pauses), and for one root's cost lines; stale
//! answers are dropped.

use leptos::prelude::*;
use tfdesign_core::{
    cost::{Estimate, RootEstimate},
    Design, Diagnostic, Severity,
};

use super::{DesignState, Generated};
use crate::generator::{self, design_json, Request, Response};

/// How long typing in a field must pause before the whole bundle is regenerated (the file on
/// screen follows every keystroke).
pub const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(180);

impl DesignState {
    /// The bundle file at `path` (a signal: the path shown, if any) for the current design,
    /// as `(path, text)`: asked of the worker on its own (its unit only) after each edit or
    /// change of path; `None` when the design has errors or the bundle has no such file. An
    /// answer older than the one shown is dropped.
    pub fn follow_file(
        &self,
        selected: RwSignal<Option<String>>,
    ) -> ReadSignal<Option<(String, String)>> {
        let shown = RwSignal::new(None::<(String, String)>);
        let shown_seq = StoredValue::new(0u64);
        let this = *self;
        Effect::new(move |_| {
            let Some(path) = selected.get() else {
                shown.set(None);
                return;
            };
            if this.blocked.get() {
                shown.set(None);
                return;
            }
            let design = this.design.with(design_json);
            generator::shared().ask(
                |seq| Request::File { seq, design, path },
                None,
                move |response, _| {
                    let Response::File {
                        seq,
                        path: answered,
                        text,
                    } = response
                    else {
                        return;
                    };
                    let newer = shown_seq.try_get_value().is_some_and(|s| seq > s);
                    let same_path =
                        selected.try_with_untracked(|p| p.as_deref() == Some(answered.as_str()));
                    if !newer || same_path != Some(true) {
                        return;
                    }
                    shown_seq.try_set_value(seq);
                    crate::browser::mark("tfdesign:file");
                    shown.try_set(text.map(|t| (answered, t)));
                },
            );
        });
        shown.read_only()
    }

    /// The cost estimate of `root` (a signal: the root shown, if any) with its line items, for
    /// the design of the estimate on hand ([`DesignState::cost`]): asked of the worker when the
    /// root or the estimate changes. An answer older than the one shown is dropped.
    pub fn follow_cost_lines(
        &self,
        root: Memo<Option<String>>,
    ) -> ReadSignal<Option<RootEstimate>> {
        let shown = RwSignal::new(None::<RootEstimate>);
        let shown_seq = StoredValue::new(0u64);
        let this = *self;
        Effect::new(move |_| {
            let has_estimate = this.cost.with(Option::is_some);
            let (Some(root), true, Some(design)) = (root.get(), has_estimate, this.bundle_design())
            else {
                shown.set(None);
                return;
            };
            let design = design_json(&design);
            generator::shared().ask(
                |seq| Request::CostLines { seq, design, root },
                None,
                move |response, _| {
                    let Response::CostLines { seq, lines, .. } = response else {
                        return;
                    };
                    if shown_seq.try_get_value().is_some_and(|s| seq > s) {
                        shown_seq.try_set_value(seq);
                        shown.try_set(lines);
                    }
                },
            );
        });
        shown.read_only()
    }

    /// The design the bundle on hand (`generated`) is of; `None` before the first answer.
    pub fn bundle_design(&self) -> Option<Design> {
        self.bundled.try_get_value().flatten()
    }

    /// Starts a new schedule: whatever was pending is dropped.
    fn next_epoch(&self) -> u64 {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        self.epoch
            .try_update_value(|e| {
                *e += 1;
                *e
            })
            .unwrap_or_default()
    }

    /// Regenerates the whole bundle just after the next paint.
    pub(super) fn regenerate_after_paint(&self) {
        let this = *self;
        let epoch = self.next_epoch();
        request_animation_frame(move || {
            if !this.is_current(epoch) {
                return;
            }
            if let Ok(handle) = set_timeout_with_handle(
                move || this.start_generation(epoch),
                std::time::Duration::ZERO,
            ) {
                this.timer.try_update_value(|t| *t = Some(handle));
            }
        });
    }

    /// [`DesignState::regenerate_after_paint`] for a replaced design (an import, a preset,
    /// undo): until the new bundle is there, [`DesignState::replacing`] says the bundle on hand
    /// is the replaced design's.
    pub(super) fn regenerate_replaced_after_paint(&self) {
        self.regenerate_after_paint();
        self.replacing.set(true);
    }

    /// Regenerates the whole bundle once edits pause for [`SETTLE_AFTER`].
    pub(super) fn regenerate_when_still(&self) {
        let this = *self;
        let epoch = self.next_epoch();
        if let Ok(handle) =
            set_timeout_with_handle(move || this.start_generation(epoch), SETTLE_AFTER)
        {
            self.timer.set_value(Some(handle));
        }
    }

    /// Whether `epoch` is the latest schedule (and the state still exists: timers may fire
    /// after the app unmounted).
    fn is_current(&self, epoch: u64) -> bool {
        self.epoch.try_get_value() == Some(epoch)
    }

    /// Whether `generated` is the bundle of the current design.
    fn up_to_date(&self) -> bool {
        self.bundled
            .with_value(|b| self.design.with_untracked(|d| b.as_ref() == Some(d)))
    }

    fn start_generation(&self, epoch: u64) {
        if !self.is_current(epoch) {
            return;
        }
        if self.up_to_date() {
            // Undo back to the design the bundle is of, say.
            self.replacing.set(false);
            return;
        }
        let design = self.design.get_untracked();
        let errors: Vec<Diagnostic> = self.rules.with_untracked(|all| {
            all.iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect()
        });
        // Each generation gets a ticket; an answer with an older ticket than the bundle on hand
        // is dropped.
        let ticket = self
            .asked
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default();
        if !errors.is_empty() {
            // Known here: the design rules run in the page.
            self.accept(ticket, design, Err(errors), Vec::new(), None);
            return;
        }
        let json = design_json(&design);
        let this = *self;
        generator::shared().ask(
            |seq| Request::Bundle { seq, design: json },
            None,
            move |response, _| match response {
                // An edit since the request made it stale (a newer one follows once edits
                // pause): taking it would rebuild the file list while the person types.
                Response::Bundle { .. } if !this.is_current(epoch) => {}
                Response::Bundle {
                    bundle,
                    checks,
                    cost,
                    ..
                } => this.accept(ticket, design, bundle, checks, cost.map(|c| *c)),
                Response::Refused { message, .. } => {
                    leptos::logging::error!("tfdesign: the bundle was not generated: {message}");
                }
                _ => {}
            },
        );
    }

    /// Takes the bundle made of `design` for generation `ticket`, unless a newer one is
    /// already on hand (or the state is gone: the app unmounted).
    fn accept(
        &self,
        ticket: u64,
        design: Design,
        bundle: Generated,
        checks: Vec<Diagnostic>,
        cost: Option<Estimate>,
    ) {
        if self.answered.try_get_value().is_none_or(|s| ticket <= s) {
            return;
        }
        self.answered.set_value(ticket);
        crate::browser::mark("tfdesign:generated");
        let current = self.design.with_untracked(|d| *d == design);
        self.bundled.set_value(Some(design));
        self.generated.set(bundle);
        self.bundle_checks.set(checks);
        self.cost.set(cost);
        if current {
            self.replacing.set(false);
        }
    }
}
