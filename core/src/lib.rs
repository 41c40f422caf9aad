//! tfdesign-core: the whole tfdesign domain, with no IO.
//!
//! The pipeline reads top to bottom:
//! `Design` → [`validate`] → [`plan::Plan`] → [`emit`] (hcl-rs bodies) → [`render`] (terraform fmt
//! layout) → [`bundle::Bundle`] (sorted path → bytes) → [`bundle::Bundle::to_zip`].

pub mod apply;
pub mod archive;
pub mod bundle;
pub mod catalog;
pub mod check;
pub mod compare;
pub mod cost;
pub mod design;
pub mod diagnostic;
pub mod edit;
pub mod emit;
pub mod field_rules;
pub mod fields;
pub mod kinds;
pub mod link;
pub mod manifest;
pub mod markdown;
pub mod plan;
pub mod presets;
pub mod render;
pub mod scale;
pub mod schema;
pub mod session;
pub mod usage;
pub mod validate;
pub mod validate_capacity;
pub mod validate_limits;
pub mod validate_security;
pub mod validate_text;

pub use bundle::Bundle;
pub use design::Design;
pub use diagnostic::{Diagnostic, Severity};

/// Runs the whole pipeline: validates `design` and, when it has no errors, returns its bundle.
///
/// Warnings do not stop generation; errors do, and all of them are returned at once.
pub fn generate(design: &Design) -> Result<Bundle, Vec<Diagnostic>> {
    generate_with_bodies(design).map(|g| g.bundle)
}

/// The plan of `design` when the design rules find no error; else every diagnostic.
fn plan_valid(design: &Design) -> Result<plan::Plan, Vec<Diagnostic>> {
    let diagnostics = validate::validate(design);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(diagnostics);
    }
    Ok(plan::Plan::build(design))
}

/// One file of the bundle [`generate`] gives for `design`, generating only the part of the
/// bundle it belongs to; `None` when the design has errors or the bundle has no such file.
pub fn generate_file(design: &Design, path: &str) -> Option<String> {
    emit::file(design, &plan_valid(design).ok()?, path)
}

/// [`generate`], keeping the hcl-rs body of every Terraform file for [`validate_generated`].
pub fn generate_with_bodies(design: &Design) -> Result<emit::Generated, Vec<Diagnostic>> {
    Ok(emit::generate(design, &plan_valid(design)?))
}

/// Layers 2 and 3 of validation on a bundle read from text (a folder, a zip): every `.tf` file
/// parses back, every `resource`/`data`/`provider` block agrees with the embedded provider
/// schema, and every module call and reference is wired to something that exists. Paths are
/// `file:line`.
#[cfg(feature = "parse")]
pub fn validate_bundle(bundle: &Bundle) -> Vec<Diagnostic> {
    check::bundle(bundle)
}

/// Layers 2 and 3 on a bundle just generated, from the bodies its files were rendered from
/// (no parsing): what the designer runs after each edit.
pub fn validate_generated(generated: &emit::Generated) -> Vec<Diagnostic> {
    check::generated(generated)
}

/// All three layers: the design rules and, when they find no errors, the checks of the
/// generated bundle, including that every file parses back ([`validate_bundle`]). What the
/// CLI's `validate` shows.
#[cfg(feature = "parse")]
pub fn validate_all(design: &Design) -> Vec<Diagnostic> {
    let mut diagnostics = validate::validate(design);
    if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        let bundle = emit::bundle(design, &plan::Plan::build(design));
        diagnostics.extend(validate_bundle(&bundle));
    }
    diagnostics
}

/// Whether the designer should ask before generating `design`: within the size limits (a
/// design over them is refused instead) but with more than [`validate_limits::CONFIRM_DEPLOYMENTS`]
/// deployments. Counts its files when it is valid, generating one root of each kind only.
pub fn confirm_before_generating(design: &Design) -> Option<validate_limits::LargeDesign> {
    let large = ask_before_generating(design)?;
    let valid = !crate::validate::validate(design)
        .iter()
        .any(|d| d.severity == Severity::Error);
    if !valid {
        return Some(large);
    }
    let plan = crate::plan::Plan::build(design);
    Some(validate_limits::LargeDesign {
        deployments: plan.deployments.len(),
        files: Some(crate::emit::file_count(design, &plan)),
    })
}

/// [`confirm_before_generating`] without counting files (`files` is `None`): what the
/// designer's page decides on its own, without the generator; its worker counts the files
/// ([`session`]).
pub fn ask_before_generating(design: &Design) -> Option<validate_limits::LargeDesign> {
    if !validate_limits::size_limits(design).is_empty()
        || validate_limits::deployments(design) <= validate_limits::CONFIRM_DEPLOYMENTS
    {
        return None;
    }
    Some(validate_limits::LargeDesign {
        deployments: validate_limits::deployments(design),
        files: None,
    })
}
