//! Emit: the plan becomes hcl-rs bodies, rendered into the files of the bundle.

pub mod hcl;
pub mod module;
pub mod modules;

use crate::bundle::Bundle;
use crate::design::Design;
use crate::plan::Plan;

/// The whole bundle of a validated design.
pub fn bundle(design: &Design, plan: &Plan) -> Bundle {
    let mut bundle = Bundle::default();
    for m in modules::all() {
        let name = m.name;
        for (path, contents) in m.files() {
            bundle.insert(format!("modules/{name}/{path}"), contents);
        }
    }
    let _ = plan;
    bundle.insert("tfdesign.json", design.to_json());
    bundle
}
