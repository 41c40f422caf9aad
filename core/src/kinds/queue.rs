//! The SQS queues, each with its dead-letter queue.

use super::{Kind, ModuleName};
use crate::design::Service;

/// The SQS queues, each with its dead-letter queue.
pub struct Queue;

impl Kind for Queue {
    fn present(&self, service: &Service) -> bool {
        !service.queues.is_empty()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::SqsQueue]
    }
}
