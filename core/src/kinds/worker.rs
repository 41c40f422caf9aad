//! The queue-consuming worker on ECS.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The queue-consuming worker on ECS.
pub struct Worker;

impl Kind for Worker {
    fn present(&self, service: &Service) -> bool {
        service.worker.is_some()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::EcsWorker, ModuleName::EcsCluster]
    }
}
