//! One emitter per reusable Terraform module of the bundle.

use crate::design::Design;
use crate::emit::module::Module;
use crate::kinds::ModuleName;
use crate::plan::Plan;

mod alarms;
pub mod cloudfront_site;
pub mod cloudwatch_rule;
pub mod dynamodb_table;
pub mod ecs_api;
pub mod ecs_cluster;
mod ecs_common;
pub mod ecs_worker;
pub mod elasticache;
pub mod http_api;
pub mod iam;
pub mod lambda_microservice;
pub mod rds_database;
pub mod s3_bucket;
pub mod sns_topic;
pub mod sqs_queue;

/// The module `name`, as the bundle writes it for `design` (planned as `plan`).
pub fn by_name(design: &Design, plan: &Plan, name: ModuleName) -> Module {
    let choices = &plan.security;
    let fargate = crate::kinds::launch::fargate(design);
    match name {
        ModuleName::CloudwatchRule => cloudwatch_rule::module(),
        ModuleName::EcsApi => ecs_api::module(choices, fargate),
        ModuleName::EcsCluster => ecs_cluster::module(fargate, crate::plan::host_groups(design)),
        ModuleName::EcsWorker => ecs_worker::module(choices, fargate),
        ModuleName::Iam => iam::module(choices),
        ModuleName::LambdaMicroservice => lambda_microservice::module(choices),
        ModuleName::RdsDatabase => rds_database::module(choices),
        ModuleName::SqsQueue => sqs_queue::module(crate::kinds::topic::any_subscription(design)),
        ModuleName::SnsTopic => sns_topic::module(),
        ModuleName::S3Bucket => s3_bucket::module(choices),
        ModuleName::DynamodbTable => dynamodb_table::module(choices),
        ModuleName::Elasticache => elasticache::module(choices),
        ModuleName::CloudfrontSite => cloudfront_site::module(choices),
        ModuleName::HttpApi => http_api::module(choices),
    }
}
