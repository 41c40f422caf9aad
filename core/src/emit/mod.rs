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
use ::hcl::Body;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A generated file before rendering: Terraform (`.tf`, `.tfvars`) as an hcl-rs body, anything
/// else as text.
pub enum Content {
    /// A Terraform file, rendered with the generated-file header.
    Tf(Body),
    /// Any other file (Markdown, YAML, JSON, code).
    Text(String),
}

impl From<String> for Content {
    fn from(text: String) -> Content {
        Content::Text(text)
    }
}

/// The hcl-rs body each Terraform file of a bundle was rendered from, by path. The bundle
/// checks read these instead of parsing the text back (see [`crate::check::generated`]).
pub type Bodies = BTreeMap<String, Arc<Body>>;

/// A generated bundle together with the bodies of its Terraform files.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The files.
    pub bundle: Bundle,
    /// The body of every `.tf` and `.tfvars` file of `bundle`.
    pub bodies: Bodies,
}

/// Two generations are equal when their files are: the bodies are what the files were
/// rendered from.
impl PartialEq for Generated {
    fn eq(&self, other: &Generated) -> bool {
        self.bundle == other.bundle
    }
}

impl Generated {
    fn insert(&mut self, path: String, contents: Content) {
        match contents {
            Content::Tf(body) => {
                let text = crate::render::file(Some(module::HEADER), &body);
                self.bodies.insert(path.clone(), Arc::new(body));
                self.bundle.insert(path, text);
            }
            Content::Text(text) => self.bundle.insert(path, text),
        }
    }
}

/// The whole bundle of a validated design.
pub fn bundle(design: &Design, plan: &Plan) -> Bundle {
    generate(design, plan).bundle
}

/// The whole bundle of a validated design, with the bodies of its Terraform files.
pub fn generate(design: &Design, plan: &Plan) -> Generated {
    let mut out = Generated {
        bundle: Bundle::default(),
        bodies: Bodies::new(),
    };
    let used = modules_used(design);
    for m in modules::all(design)
        .into_iter()
        .filter(|m| used.contains(&m.name))
    {
        let name = m.name;
        for (path, contents) in m.files() {
            out.insert(format!("modules/{name}/{path}"), contents);
        }
    }
    for d in &plan.deployments {
        for (path, contents) in root::deployment(design, d) {
            out.insert(path, contents);
        }
    }
    for (path, contents) in root::global_iam(design) {
        out.insert(path, contents);
    }
    for (path, contents) in bootstrap::files(design) {
        out.insert(format!("backend-bootstrap/{path}"), contents);
    }
    out.bundle.insert(
        ".github/workflows/terraform.yml",
        workflow::github(design, plan),
    );
    for (path, contents) in crate::docs::files(design, plan) {
        out.bundle.insert(path, contents);
    }
    out.bundle.insert("tfdesign.json", design.to_json());
    out
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
