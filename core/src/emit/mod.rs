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
use std::sync::{Arc, Mutex};

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
    /// the last unit). A Terraform file whose body equals the one at its path in `last` takes
    /// that body and its text instead of being rendered again.
    fn add(&mut self, design: &Design, plan: &Plan, unit: Unit, last: Option<&Generated>) {
        let files = match unit {
            Unit::Manifest => vec![manifest_of(&self.bundle)],
            _ => unit_files(design, plan, unit),
        };
        for (path, contents) in files {
            match contents {
                Content::Tf(body) => {
                    let (body, text) = rendered(&path, body, last);
                    self.bodies.insert(path.clone(), body);
                    self.bundle.files.insert(path, text);
                }
                Content::Text(text) => self.bundle.insert(path, text),
            }
        }
    }
}

/// The body of the Terraform file at `path` and its text: `last`'s when its body there is equal
/// (the text is the rendering of the body alone, so it is the same), else `body` rendered.
fn rendered(path: &str, body: Body, last: Option<&Generated>) -> (Arc<Body>, Vec<u8>) {
    let earlier = last.and_then(|l| {
        let old = l.bodies.get(path).filter(|old| ***old == body)?;
        Some((Arc::clone(old), l.bundle.files.get(path)?.clone()))
    });
    earlier.unwrap_or_else(|| {
        let text = crate::render::file(Some(module::HEADER), &body);
        (Arc::new(body), text.into_bytes())
    })
}

/// The last whole bundle [`generate`] made. After an edit most Terraform files have the same
/// body as before: their text (and body, so the bundle checks can tell them unchanged) is taken
/// from here instead of rendered again. Purely a cache: the bundle is the same with or without.
static LAST: Mutex<Option<Generated>> = Mutex::new(None);

/// Forgets the last bundle generated, so the next one renders every file (for benchmarks of a
/// first bundle and for tests).
pub fn forget_last() {
    if let Ok(mut last) = LAST.lock() {
        *last = None;
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
                    out.add(design, plan, unit, None);
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
    // Taken, not borrowed, so the lock is not held while generating.
    let last = LAST.lock().ok().and_then(|mut l| l.take());
    let out = generate_after(design, plan, last.as_ref());
    drop(last);
    if let Ok(mut l) = LAST.lock() {
        *l = Some(out.clone());
    }
    out
}

/// [`generate`], taking from `last` the body and text of every Terraform file whose body is
/// unchanged.
fn generate_after(design: &Design, plan: &Plan, last: Option<&Generated>) -> Generated {
    let mut out = Generated::default();
    for unit in units(plan) {
        out.add(design, plan, unit, last);
    }
    out
}

/// One file of the bundle of a validated design, generating only the unit it belongs to (a
/// deployment root, a module…): what the designer shows right after an edit, before the whole
/// bundle catches up. The same text as that path in [`generate`]'s bundle; `None` when the
/// bundle has no such file.
pub fn file(design: &Design, plan: &Plan, path: &str) -> Option<String> {
    let unit = unit_of(plan, path)?;
    let (_, contents) = unit_files(design, plan, unit)
        .into_iter()
        .find(|(p, _)| p == path)?;
    match contents {
        Content::Tf(body) => {
            let last = LAST.lock().ok();
            let (_, text) = rendered(path, body, last.as_deref().and_then(Option::as_ref));
            String::from_utf8(text).ok()
        }
        Content::Text(text) => Some(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_generated_after_an_edit_is_the_bundle_generated_afresh() {
        let design = crate::presets::sports_cards();
        let before = generate_after(&design, &Plan::build(&design), None);
        let mut edited = design.clone();
        let prod = edited.tiers.iter_mut().find(|t| t.name == "prod").unwrap();
        prod.database.multi_az = !prod.database.multi_az;
        let plan = Plan::build(&edited);
        let after = generate_after(&edited, &plan, Some(&before));
        let fresh = generate_after(&edited, &plan, None);
        assert_eq!(after.bundle, fresh.bundle);
        assert_ne!(after.bundle, before.bundle);
        assert_eq!(
            after.bodies.keys().collect::<Vec<_>>(),
            fresh.bodies.keys().collect::<Vec<_>>()
        );
        let (mut kept, mut new) = (0, 0);
        for (path, body) in &after.bodies {
            assert_eq!(**body, *fresh.bodies[path], "{path}");
            if before
                .bodies
                .get(path)
                .is_some_and(|b| Arc::ptr_eq(b, body))
            {
                assert_eq!(
                    before.bundle.files[path], after.bundle.files[path],
                    "{path}"
                );
                kept += 1;
            } else {
                new += 1;
            }
        }
        // Only prod's roots (primary and DR) change; every other file is taken as it was.
        assert!(new > 0 && kept > 10 * new, "{kept} kept, {new} rendered");
    }

    #[test]
    fn one_file_is_the_same_with_or_without_the_last_bundle() {
        let design = crate::presets::sports_cards();
        let plan = Plan::build(&design);
        let whole = generate(&design, &plan);
        for path in whole.bodies.keys().take(40) {
            assert_eq!(
                file(&design, &plan, path).as_deref(),
                whole.bundle.text(path),
                "{path}"
            );
        }
    }
}
