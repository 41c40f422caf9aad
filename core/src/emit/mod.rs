//! Emit: the plan becomes hcl-rs bodies, rendered into the files of the bundle.

pub mod bootstrap;
pub mod docs;
pub mod hcl;
pub mod module;
pub mod modules;
pub mod platform;
pub mod root;
pub mod root_parts;
pub mod security;
pub mod workflow;

use crate::bundle::Bundle;
use crate::design::Design;
use crate::kinds::ModuleName;
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

impl Content {
    /// The file's text; for Terraform, with the body it was rendered from.
    fn render(self) -> (String, Option<Body>) {
        match self {
            Content::Tf(body) => (crate::render::file(Some(module::HEADER), &body), Some(body)),
            Content::Text(text) => (text, None),
        }
    }
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
#[derive(Clone, Debug, Default)]
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
    /// Generates `unit` into this generation; the manifest from the files already here (it is
    /// the last unit).
    fn add(&mut self, design: &Design, plan: &Plan, unit: Unit) {
        let files = match unit {
            Unit::Manifest => vec![manifest_of(&self.bundle)],
            _ => unit_files(design, plan, unit),
        };
        for (path, contents) in files {
            self.insert(path, contents);
        }
    }

    fn insert(&mut self, path: String, contents: Content) {
        let (text, body) = contents.render();
        if let Some(body) = body {
            self.bodies.insert(path.clone(), Arc::new(body));
        }
        self.bundle.insert(path, text);
    }
}

/// The whole bundle of a validated design.
pub fn bundle(design: &Design, plan: &Plan) -> Bundle {
    generate(design, plan).bundle
}

/// A part of the bundle that is generated as a whole: a module, a platform root, a deployment
/// root, the account-wide IAM root, the state bootstrap, the CI workflow, the documents, the
/// design file, and last the manifest of all of them.
#[derive(Clone, Copy)]
enum Unit {
    Module(ModuleName),
    /// Index into the plan's platforms.
    Platform(usize),
    /// Index into the plan's deployments.
    Deployment(usize),
    GlobalIam,
    Bootstrap,
    Workflow,
    Docs,
    DesignFile,
    /// `MANIFEST.sha256`: the digests of every other file, so it comes last.
    Manifest,
}

/// Every unit of the bundle of `design`.
fn units(plan: &Plan) -> Vec<Unit> {
    let mut all: Vec<Unit> = plan.modules.iter().copied().map(Unit::Module).collect();
    all.extend((0..plan.platforms.len()).map(Unit::Platform));
    all.extend((0..plan.deployments.len()).map(Unit::Deployment));
    all.extend([
        Unit::GlobalIam,
        Unit::Bootstrap,
        Unit::Workflow,
        Unit::Docs,
        Unit::DesignFile,
        Unit::Manifest,
    ]);
    all
}

/// The unit a bundle path belongs to, if any.
fn unit_of(plan: &Plan, path: &str) -> Option<Unit> {
    if let Some(rest) = path.strip_prefix("modules/") {
        let name = rest.split('/').next()?;
        return plan
            .modules
            .iter()
            .copied()
            .find(|m| m.as_str() == name)
            .map(Unit::Module);
    }
    if path.starts_with("global/iam/") {
        return Some(Unit::GlobalIam);
    }
    if path.starts_with("backend-bootstrap/") {
        return Some(Unit::Bootstrap);
    }
    if path == WORKFLOW_PATH {
        return Some(Unit::Workflow);
    }
    if path == DESIGN_PATH {
        return Some(Unit::DesignFile);
    }
    if path == crate::manifest::PATH {
        return Some(Unit::Manifest);
    }
    let inside = |dir: &str| {
        path.strip_prefix(dir.trim_end_matches('/'))
            .is_some_and(|rest| rest.starts_with('/'))
    };
    if let Some(i) = plan.platforms.iter().position(|p| inside(&p.dir)) {
        return Some(Unit::Platform(i));
    }
    if let Some(i) = plan.deployments.iter().position(|d| inside(&d.dir)) {
        return Some(Unit::Deployment(i));
    }
    (!path.contains('/')).then_some(Unit::Docs)
}

/// The files of one unit, with their paths in the bundle.
fn unit_files(design: &Design, plan: &Plan, unit: Unit) -> Vec<(String, Content)> {
    match unit {
        Unit::Module(name) => modules::by_name(design, plan, name)
            .files()
            .into_iter()
            .map(|(path, contents)| (format!("modules/{name}/{path}"), contents))
            .collect(),
        Unit::Platform(i) => platform::files(design, &plan.platforms[i]),
        Unit::Deployment(i) => root::deployment(design, plan, &plan.deployments[i]),
        Unit::GlobalIam => root::global_iam(design, &plan.security),
        Unit::Bootstrap => bootstrap::files(design, &plan.security)
            .into_iter()
            .map(|(path, contents)| (format!("backend-bootstrap/{path}"), contents))
            .collect(),
        Unit::Workflow => vec![(
            WORKFLOW_PATH.to_string(),
            workflow::github(design, plan).into(),
        )],
        Unit::Docs => docs::files(design, plan)
            .into_iter()
            .map(|(path, text)| (path, text.into()))
            .collect(),
        Unit::DesignFile => vec![(DESIGN_PATH.to_string(), design.to_json().into())],
        Unit::Manifest => {
            // Alone (one file asked for), it needs every other file: generated here in full.
            let mut out = Generated::default();
            for unit in units(plan) {
                if !matches!(unit, Unit::Manifest) {
                    out.add(design, plan, unit);
                }
            }
            vec![manifest_of(&out.bundle)]
        }
    }
}

/// The manifest entry of a bundle holding every other file.
fn manifest_of(bundle: &Bundle) -> (String, Content) {
    (
        crate::manifest::PATH.to_string(),
        crate::manifest::render(&bundle.files).into(),
    )
}

/// How many files the bundle of a validated `design` has, without generating it whole: every
/// deployment root has the same files, as every platform root, so one of each is generated
/// and counted for all (a test holds this against [`generate`]).
pub fn file_count(design: &Design, plan: &Plan) -> usize {
    let (mut deployment, mut platform) = (None, None);
    units(plan)
        .into_iter()
        .map(|unit| match unit {
            Unit::Deployment(_) => {
                *deployment.get_or_insert_with(|| unit_files(design, plan, unit).len())
            }
            Unit::Platform(_) => {
                *platform.get_or_insert_with(|| unit_files(design, plan, unit).len())
            }
            Unit::Manifest => 1,
            _ => unit_files(design, plan, unit).len(),
        })
        .sum()
}

/// Where the CI workflow goes.
const WORKFLOW_PATH: &str = ".github/workflows/terraform.yml";
/// Where the design itself goes.
const DESIGN_PATH: &str = "tfdesign.json";

/// The whole bundle of a validated design, with the bodies of its Terraform files.
pub fn generate(design: &Design, plan: &Plan) -> Generated {
    let mut out = Generated::default();
    for unit in units(plan) {
        out.add(design, plan, unit);
    }
    out
}

/// One file of the bundle of a validated design, generating only the unit it belongs to (a
/// deployment root, a module…): what the designer shows right after an edit, before the whole
/// bundle catches up. The same text as that path in [`generate`]'s bundle; `None` when the
/// bundle has no such file.
pub fn file(design: &Design, plan: &Plan, path: &str) -> Option<String> {
    let unit = unit_of(plan, path)?;
    unit_files(design, plan, unit)
        .into_iter()
        .find(|(p, _)| p == path)
        .map(|(_, contents)| contents.render().0)
}
