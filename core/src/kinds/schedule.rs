//! The EventBridge schedules that invoke the service's functions.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The EventBridge schedules that invoke the service's functions.
pub struct Schedule;

impl Kind for Schedule {
    fn present(&self, service: &Service) -> bool {
        !service.schedules.is_empty()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::CloudwatchRule]
    }

    /// A schedule only triggers the service's functions.
    fn standalone(&self) -> bool {
        false
    }

    /// A schedule has no alarms of its own; the functions it invokes have theirs.
    fn alarms(&self) -> bool {
        false
    }
}
