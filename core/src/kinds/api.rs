//! The HTTP API on ECS behind an Application Load Balancer.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The HTTP API on ECS behind an Application Load Balancer.
pub struct Api;

impl Kind for Api {
    fn present(&self, service: &Service) -> bool {
        service.api.is_some()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::EcsApi, ModuleName::EcsCluster]
    }
}
