//! The bundle's Markdown documents.

use crate::design::Design;
use crate::plan::Plan;

/// README.md, ARCHITECTURE.md, DIAGRAM.md and NOTES.md.
pub fn files(_design: &Design, _plan: &Plan) -> Vec<(String, String)> {
    Vec::new()
}
