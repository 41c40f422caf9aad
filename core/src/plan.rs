//! The plan: every root deployment of the design with its values decided.

use crate::design::Design;

/// Resolved deployments.
#[derive(Clone, Debug, Default)]
pub struct Plan {}

impl Plan {
    /// Resolves a validated design.
    pub fn build(_design: &Design) -> Plan {
        Plan {}
    }
}
