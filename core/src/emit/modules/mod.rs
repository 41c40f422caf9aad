//! One emitter per reusable Terraform module of the bundle.

use crate::design::Design;
use crate::emit::module::Module;
use crate::emit::security::Choices;

mod alarms;
pub mod cloudwatch_rule;
pub mod ecs_api;
pub mod ecs_cluster;
mod ecs_common;
pub mod ecs_worker;
pub mod iam;
pub mod lambda_microservice;
pub mod rds_database;
pub mod sqs_queue;

/// Folder names of every module the bundle can ship, in order.
pub const NAMES: [&str; 8] = [
    "cloudwatch-rule",
    "ecs-api",
    "ecs-cluster",
    "ecs-worker",
    "iam",
    "lambda-microservice",
    "rds-database",
    "sqs-queue",
];

/// Every module the bundle can ship, in folder-name order.
/// Modules are shaped by the design only where its security choices add or remove resources
/// and `checkov:skip` comments (see [`crate::emit::security`]).
pub fn all(design: &Design) -> Vec<Module> {
    NAMES.iter().filter_map(|n| by_name(design, n)).collect()
}

/// The module named `name` (its folder name), if the bundle has one by that name.
pub fn by_name(design: &Design, name: &str) -> Option<Module> {
    let choices = Choices::new(design);
    Some(match name {
        "cloudwatch-rule" => cloudwatch_rule::module(),
        "ecs-api" => ecs_api::module(&choices),
        "ecs-cluster" => ecs_cluster::module(),
        "ecs-worker" => ecs_worker::module(&choices),
        "iam" => iam::module(&choices),
        "lambda-microservice" => lambda_microservice::module(&choices),
        "rds-database" => rds_database::module(&choices),
        "sqs-queue" => sqs_queue::module(),
        _ => return None,
    })
}
