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
