//! Emit: the plan becomes hcl-rs bodies, rendered into the files of the bundle.

pub mod bootstrap;
pub mod hcl;
pub mod module;
pub mod modules;
pub mod root;
pub mod security;
pub mod workflow;

use crate::bundle::Bundle;
use crate::design::Design;
use crate::plan::Plan;

/// The whole bundle of a validated design.
pub fn bundle(design: &Design, plan: &Plan) -> Bundle {
    let mut bundle = Bundle::default();
    let used = modules_used(design);
    for m in modules::all(design)
        .into_iter()
        .filter(|m| used.contains(&m.name))
    {
        let name = m.name;
        for (path, contents) in m.files() {
            bundle.insert(format!("modules/{name}/{path}"), contents);
        }
    }
    for d in &plan.deployments {
        for (path, contents) in root::deployment(design, d) {
            bundle.insert(path, contents);
        }
    }
    for (path, contents) in root::global_iam(design) {
        bundle.insert(path, contents);
    }
    for (path, contents) in bootstrap::files(design) {
        bundle.insert(format!("backend-bootstrap/{path}"), contents);
    }
    bundle.insert(
        ".github/workflows/terraform.yml",
        workflow::github(design, plan),
    );
    for (path, contents) in crate::docs::files(design, plan) {
        bundle.insert(path, contents);
    }
    bundle.insert("tfdesign.json", design.to_json());
    bundle
}

/// Names of the modules the design's services use (`iam` always).
pub fn modules_used(design: &Design) -> Vec<&'static str> {
    let mut used = vec!["iam"];
    for s in &design.services {
        let parts = [
            (s.api.is_some(), "ecs-api"),
            (s.worker.is_some(), "ecs-worker"),
            (!s.lambdas.is_empty(), "lambda-microservice"),
            (s.database.is_some(), "rds-database"),
            (!s.queues.is_empty(), "sqs-queue"),
            (!s.schedules.is_empty(), "cloudwatch-rule"),
        ];
        for (on, name) in parts {
            if on && !used.contains(&name) {
                used.push(name);
            }
        }
    }
    used.sort_unstable();
    used
}
