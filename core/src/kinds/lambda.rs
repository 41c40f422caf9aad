//! The service's Lambda functions.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The service's Lambda functions.
pub struct Lambda;

impl Kind for Lambda {
    fn present(&self, service: &Service) -> bool {
        !service.lambdas.is_empty()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::LambdaMicroservice]
    }
}
