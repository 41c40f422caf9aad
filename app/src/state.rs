//! The one shared [`Design`] and what core derives from it, provided to components as context.
//!
//! Components read the design through [`use_design_state`] and change it only through
//! [`DesignState::edit`] (or [`DesignState::replace`]), which keeps the undo history.

use leptos::prelude::*;
use tfdesign_core::{emit, validate::validate, Design, Diagnostic, Severity};

/// The preset the app opens with.
pub const DEFAULT_PRESET: &str = "sports-cards";

/// Most designs kept for undo.
pub const HISTORY_LIMIT: usize = 100;

/// How long typing in a field must pause before the bundle is regenerated.
pub const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(180);

/// How long the bundle must stay unchanged before its checks run (they never hold up a paint).
pub const CHECKS_AFTER: std::time::Duration = std::time::Duration::from_millis(120);

/// What generating a design gave: its bundle (with the bodies of its Terraform files, for the
/// bundle checks), or every diagnostic that stopped generation (none before the first
/// generation).
pub type Generated = Result<emit::Generated, Vec<Diagnostic>>;

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
}

/// Undo and redo stacks of designs.
#[derive(Default)]
struct History {
    past: Vec<Design>,
    future: Vec<Design>,
    /// The field the last edit was in; edits in the same field coalesce into one step.
    last_key: Option<String>,
}

/// The design being worked on, its derived values and the UI state that follows it.
/// `Copy`: hand it around freely.
#[derive(Clone, Copy)]
pub struct DesignState {
    /// The design the user works on. Write it through [`DesignState::edit`].
    pub design: RwSignal<Design>,
    /// The design the bundle follows: `design` itself, except while someone types in a field,
    /// when it catches up after a short pause so that keystrokes never wait for generation.
    pub settled: RwSignal<Design>,
    /// [`tfdesign_core::generate_with_bodies`] of `settled`: the whole bundle, brought up to
    /// date just after the paint that follows a change of `settled` (the file on screen is
    /// generated on its own before that paint: [`DesignState::file`]). Read it through
    /// [`DesignState::catch_up`] first where it must be current (downloads).
    pub generated: Memo<Generated>,
    /// Findings of the generated bundle against the provider schema and its module wiring
    /// ([`tfdesign_core::validate_generated`]), once the bundle has been still for
    /// [`CHECKS_AFTER`].
    pub bundle_checks: RwSignal<Vec<Diagnostic>>,
    /// Whether `settled` has errors (then there is no bundle).
    pub blocked: Memo<bool>,
    /// The design `generated` follows: `settled`, one paint later (`None` before the first).
    bundled: RwSignal<Option<Design>>,
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
    history: StoredValue<History>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

impl DesignState {
    /// State for `initial`, with its derived values.
    pub fn new(initial: Design) -> Self {
        let design = RwSignal::new(initial.clone());
        let settled = RwSignal::new(initial);
        // Nothing is generated before the first paint: the matrix and the file on screen come
        // first.
        let bundled = RwSignal::new(None::<Design>);
        let generated = Memo::new(move |_| {
            bundled.with(|b| match b {
                Some(d) => tfdesign_core::generate_with_bodies(d),
                None => Err(Vec::new()),
            })
        });
        let blocked = Memo::new(move |_| {
            settled.with(|d| validate(d).iter().any(|x| x.severity == Severity::Error))
        });
        // The whole bundle follows `settled` right after the next paint, so an edit is on
        // screen (the file shown is generated on its own) before the rest is regenerated.
        Effect::new(move |_| {
            settled.track();
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        if bundled
                            .with_untracked(|b| settled.with_untracked(|s| b.as_ref() != Some(s)))
                        {
                            bundled.set(Some(settled.get_untracked()));
                            crate::browser::mark("tfdesign:bundle");
                        }
                    },
                    std::time::Duration::ZERO,
                )
            });
        });
        // The bundle checks run once the bundle has been still for a moment.
        let bundle_checks = RwSignal::new(Vec::new());
        let check_timer = StoredValue::new(None::<TimeoutHandle>);
        Effect::new(move |_| {
            generated.track();
            if let Some(handle) = check_timer.try_update_value(Option::take).flatten() {
                handle.clear();
            }
            let run = move || {
                let found = generated.with_untracked(|g| {
                    g.as_ref()
                        .map(tfdesign_core::validate_generated)
                        .unwrap_or_default()
                });
                bundle_checks.set(found);
            };
            if let Ok(handle) = set_timeout_with_handle(run, CHECKS_AFTER) {
                check_timer.set_value(Some(handle));
            }
        });
        let diagnostics = Memo::new(move |_| {
            let mut all = design.with(validate);
            all.extend(bundle_checks.get());
            all
        });
        Self {
            design,
            settled,
            generated,
            bundle_checks,
            blocked,
            bundled,
            diagnostics,
            selection: RwSignal::new(Selection::Project),
            notice: RwSignal::new(None),
            focus: RwSignal::new(None),
            steps: RwSignal::new((0, 0)),
            history: StoredValue::new(History::default()),
            timer: StoredValue::new(None),
        }
    }

    /// The text of the bundle file at `path` for the settled design, reactively, generated on
    /// its own; `None` when the design has errors or the bundle has no such file.
    pub fn file(&self, path: &str) -> Option<String> {
        self.settled.with(|d| tfdesign_core::generate_file(d, path))
    }

    /// Brings the settled design and the whole bundle up to date with the design now (before
    /// a download, say).
    pub fn catch_up(&self) {
        self.settle();
        if self
            .bundled
            .with_untracked(|b| self.settled.with_untracked(|s| b.as_ref() != Some(s)))
        {
            self.bundled.set(Some(self.settled.get_untracked()));
        }
    }

    /// Lets the bundle catch up with the design now.
    pub fn settle(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if self
            .settled
            .with_untracked(|s| self.design.with_untracked(|d| s != d))
        {
            self.settled.set(self.design.get_untracked());
        }
    }

    /// Lets the bundle catch up with the design once typing pauses.
    fn settle_soon(&self) {
        let this = *self;
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if let Ok(handle) = set_timeout_with_handle(move || this.settle(), SETTLE_AFTER) {
            self.timer.set_value(Some(handle));
        }
    }

    fn record(&self, key: Option<&str>) {
        let current = self.design.get_untracked();
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
        let mut next = self.design.get_untracked();
        change(&mut next);
        if self.design.with_untracked(|d| *d == next) {
            return;
        }
        self.record(key);
        self.design.set(next);
        if key.is_some() {
            self.settle_soon();
        } else {
            self.settle();
        }
    }

    /// Replaces the whole design (preset, import, link), as one undo step.
    pub fn replace(&self, design: Design) {
        if self.design.with_untracked(|d| *d == design) {
            return;
        }
        self.record(None);
        self.design.set(design);
        self.settle();
        self.selection.set(Selection::Project);
    }

    /// Goes back one step, if there is one.
    pub fn undo(&self) {
        let current = self.design.get_untracked();
        let previous = self.history.try_update_value(|h| {
            let previous = h.past.pop()?;
            h.future.push(current);
            h.last_key = None;
            Some(previous)
        });
        if let Some(Some(previous)) = previous {
            self.design.set(previous);
            self.settle();
            self.sync_steps();
        }
    }

    /// Goes forward one undone step, if there is one.
    pub fn redo(&self) {
        let current = self.design.get_untracked();
        let next = self.history.try_update_value(|h| {
            let next = h.future.pop()?;
            h.past.push(current);
            h.last_key = None;
            Some(next)
        });
        if let Some(Some(next)) = next {
            self.design.set(next);
            self.settle();
            self.sync_steps();
        }
    }

    /// Shows `text` in the banner: as an alert when `error`, else as a status message.
    pub fn tell(&self, error: bool, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            text: text.into(),
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
        let selection = match backend_region {
            Some(i) => Selection::Region(i),
            None => Selection::for_pointer(pointer),
        };
        self.selection.set(selection);
        self.focus.set(Some(pointer.to_owned()));
    }

    /// The first diagnostic at exactly `pointer`, reactively.
    pub fn diagnostic_at(&self, pointer: &str) -> Option<Diagnostic> {
        self.diagnostics
            .with(|all| all.iter().find(|d| d.path == pointer).cloned())
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
