//! What the inspector shows, going to a diagnostic's field, and the diagnostics by field.

use leptos::prelude::*;
use tfdesign_core::{Diagnostic, Severity};

use super::DesignState;

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

impl DesignState {
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
        // tier's or service's inspector, `/usage/services/<name>/…` with that service selected.
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
        let security_service = named("/security/services/")
            .or_else(|| named("/usage/services/"))
            .and_then(|name| {
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

    /// The diagnostic at exactly `pointer` (its first error, else its first warning), reactively.
    pub fn diagnostic_at(&self, pointer: &str) -> Option<Diagnostic> {
        self.diagnostics
            .with(|all| worst(all.iter().filter(|d| d.path == pointer)))
    }

    /// The diagnostic at `pointer` or inside it (`pointer/…`, e.g. one item of a list; the first
    /// error, else the first warning),
    /// reactively.
    pub fn diagnostic_within(&self, pointer: &str) -> Option<Diagnostic> {
        let inside = format!("{pointer}/");
        self.diagnostics.with(|all| {
            worst(
                all.iter()
                    .filter(|d| d.path == pointer || d.path.starts_with(&inside)),
            )
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

/// The first error among `found`, else the first warning: a field shows the problem that
/// blocks the bundle even when a warning about it came first.
fn worst<'a>(mut found: impl Iterator<Item = &'a Diagnostic> + Clone) -> Option<Diagnostic> {
    found
        .clone()
        .find(|d| d.severity == Severity::Error)
        .or_else(|| found.next())
        .cloned()
}
