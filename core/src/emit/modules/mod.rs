//! One emitter per reusable Terraform module of the bundle.

use crate::emit::module::Module;

pub mod cloudwatch_rule;
pub mod ecs_api;
mod ecs_common;
pub mod ecs_worker;
pub mod iam;
pub mod lambda_microservice;
pub mod rds_database;
pub mod sqs_queue;

/// Every module the bundle ships, in folder-name order.
pub fn all() -> Vec<Module> {
    vec![
        cloudwatch_rule::module(),
        ecs_api::module(),
        ecs_worker::module(),
        iam::module(),
        lambda_microservice::module(),
        rds_database::module(),
        sqs_queue::module(),
    ]
}
