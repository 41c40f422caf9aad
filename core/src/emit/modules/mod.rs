//! One emitter per reusable Terraform module of the bundle.

use crate::design::Design;
use crate::emit::module::Module;
use crate::emit::security::Choices;

pub mod cloudwatch_rule;
pub mod ecs_api;
mod ecs_common;
pub mod ecs_worker;
pub mod iam;
pub mod lambda_microservice;
pub mod rds_database;
pub mod sqs_queue;

/// Every module the bundle ships, in folder-name order.
/// Modules are shaped by the design only where its security choices add or remove resources
/// and `checkov:skip` comments (see [`crate::emit::security`]).
pub fn all(design: &Design) -> Vec<Module> {
    let choices = Choices::new(design);
    vec![
        cloudwatch_rule::module(),
        ecs_api::module(&choices),
        ecs_worker::module(&choices),
        iam::module(&choices),
        lambda_microservice::module(&choices),
        rds_database::module(&choices),
        sqs_queue::module(),
    ]
}
