//! The one shared [`Design`] and what core derives from it, provided to components as context.
//!
//! Components read the design through [`use_design_state`] and change it only through
//! [`DesignState::edit`] (or [`DesignState::replace`]), which keeps the undo history.

use leptos::prelude::*;
use tfdesign_core::{
    cost::{Estimate, RootEstimate},
    session::Summary,
    validate::validate,
    Design, Diagnostic, Severity,
};

use crate::generator::{self, design_json, Request, Response};

/// The preset the app opens with.
pub const DEFAULT_PRESET: &str = "sports-cards";

/// Most designs kept for undo.
pub const HISTORY_LIMIT: usize = 100;

/// How long typing in a field must pause before the whole bundle is regenerated (the file on
/// screen follows every keystroke).
pub const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(180);

/// What generating a design gave: its bundle's file list (the worker keeps the files), or
/// every diagnostic that stopped generation (none before the first generation).
pub type Generated = Result<Summary, Vec<Diagnostic>>;

/// What the inspector shows and the matrix highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Nothing in particular: the project settings.
    Project,
    /// A service (matrix row).
    Service(usize),
    /// A tier (matrix column header).
    Tier(usize),
    /// A region (matrix column group header).
    Region(usize),
    /// One deployment: a matrix cell (service, tier, region index).
    Cell(usize, usize, usize),
}

impl Selection {
    /// The service this selection is about, if any.
    pub fn service(self) -> Option<usize> {
        match self {
            Selection::Service(s) | Selection::Cell(s, _, _) => Some(s),
            _ => None,
        }
    }

    /// Where a diagnostic's JSON Pointer leads: `/services/1/…` selects service 1, and so on.
    pub fn for_pointer(pointer: &str) -> Selection {
        let mut parts = pointer.trim_start_matches('/').split('/');
        let kind = parts.next().unwrap_or_default();
        let index = parts.next().and_then(|i| i.parse::<usize>().ok());
        match (kind, index) {
            ("services", Some(i)) => Selection::Service(i),
            ("tiers", Some(i)) => Selection::Tier(i),
            ("regions", Some(i)) => Selection::Region(i),
            _ => Selection::Project,
        }
    }
}

/// The id of the input that edits the field at JSON Pointer `pointer`: `/services/1/name` →
/// `f-services-1-name`. Characters other than letters, digits, `-` and `_` become `-`.
pub fn field_id(pointer: &str) -> String {
    let mut id = String::from("f");
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        id.push('-');
        id.extend(segment.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        }));
    }
    id
}

/// A message for the person, shown in a banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Errors are announced as alerts; the rest as status.
    pub error: bool,
    /// What happened, in a sentence.
    pub text: String,
    /// The notice reports a step that replaced or removed work and offers to undo it (a toast
    /// with an Undo button). It goes as soon as another step is taken or undone.
    pub undo: bool,
    /// The notice is about the design's errors ("nothing was downloaded"): it goes as soon as
    /// the design has none.
    pub until_fixed: bool,
}

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
struct History {
    past: Vec<(Design, Origin)>,
    future: Vec<(Design, Origin)>,
    /// The field the last edit was in; edits in the same field coalesce into one step.
    last_key: Option<String>,
}

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
    history: StoredValue<History>,
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
            history: StoredValue::new(History::default()),
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
    fn regenerate_after_paint(&self) {
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
    fn regenerate_replaced_after_paint(&self) {
        self.regenerate_after_paint();
        self.replacing.set(true);
    }

    /// Regenerates the whole bundle once edits pause for [`SETTLE_AFTER`].
    fn regenerate_when_still(&self) {
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

    /// Says `text` (what was just replaced or removed) in a toast with an Undo button.
    pub fn offer_undo(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: false,
            text: text.into(),
            undo: true,
            until_fixed: false,
        }));
    }

    /// Removes the toast offering undo, if one is shown: after another step its Undo would
    /// undo something else.
    fn withdraw_undo_offer(&self) {
        if self
            .notice
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.undo))
        {
            self.notice.set(None);
        }
    }

    /// Shows `text` in the banner: as an alert when `error`, else as a status message.
    pub fn tell(&self, error: bool, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            text: text.into(),
            undo: false,
            until_fixed: false,
        }));
    }

    /// Shows `text`, an alert about the design's errors, until the design has none.
    pub fn tell_until_fixed(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: true,
            text: text.into(),
            undo: false,
            until_fixed: true,
        }));
    }

    /// Selects where `pointer` leads and asks for its field to be focused.
    pub fn go_to(&self, pointer: &str) {
        let backend_region = pointer
            .strip_prefix("/backend/regions/")
            .and_then(|rest| rest.split('/').next())
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| {
                self.design
                    .with_untracked(|d| d.regions.iter().position(|r| r.name == name))
            });
        // `/security/tiers/<name>/…` and `/security/services/<name>/…` are edited in that
        // tier's or service's inspector.
        let named = |prefix: &str| {
            pointer
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('/').next())
                .map(|name| name.replace("~1", "/").replace("~0", "~"))
        };
        let security_tier = named("/security/tiers/").and_then(|name| {
            self.design
                .with_untracked(|d| d.tiers.iter().position(|t| t.name == name))
        });
        let security_service = named("/security/services/").and_then(|name| {
            self.design
                .with_untracked(|d| d.services.iter().position(|s| s.name == name))
        });
        let selection = match (backend_region, security_tier, security_service) {
            (Some(i), _, _) => Selection::Region(i),
            (_, Some(i), _) => Selection::Tier(i),
            (_, _, Some(i)) => Selection::Service(i),
            _ => Selection::for_pointer(pointer),
        };
        self.selection.set(selection);
        self.focus.set(Some(pointer.to_owned()));
    }

    /// The first diagnostic at exactly `pointer`, reactively.
    pub fn diagnostic_at(&self, pointer: &str) -> Option<Diagnostic> {
        self.diagnostics
            .with(|all| all.iter().find(|d| d.path == pointer).cloned())
    }

    /// The first diagnostic at `pointer` or inside it (`pointer/…`, e.g. one item of a list),
    /// reactively.
    pub fn diagnostic_within(&self, pointer: &str) -> Option<Diagnostic> {
        let inside = format!("{pointer}/");
        self.diagnostics.with(|all| {
            all.iter()
                .find(|d| d.path == pointer || d.path.starts_with(&inside))
                .cloned()
        })
    }

    /// Counts of (errors, warnings), reactively.
    pub fn counts(&self) -> (usize, usize) {
        self.diagnostics.with(|all| {
            let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
            (errors, all.len() - errors)
        })
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
