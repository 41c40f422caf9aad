//! `modules/ecs-worker` (being written).

use crate::emit::hcl::File;
use crate::emit::module::Module;

/// Builds the module.
pub fn module() -> Module {
    Module {
        name: "ecs-worker",
        description: "",
        variables: vec![],
        outputs: vec![],
        main: File::new(),
        extra_providers: vec![],
        extra_files: vec![],
    }
}
