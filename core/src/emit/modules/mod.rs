//! One emitter per reusable Terraform module of the bundle.

use crate::emit::module::Module;

pub mod sqs_queue;

/// Every module the bundle ships, in folder-name order.
pub fn all() -> Vec<Module> {
    vec![sqs_queue::module()]
}
