//! The command palette's list: which commands a design offers and how typed words find them.
//! Run with `cargo test -p tfdesign-app --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use tfdesign_app::components::command_palette::{commands, matching, score, Action, Command};
use tfdesign_app::state::Selection;
use tfdesign_core::{edit, presets};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn best<'a>(query: &str, labels: &[&'a str]) -> Vec<&'a str> {
    let commands: Vec<Command> = labels
        .iter()
        .map(|l| Command {
            label: (*l).to_owned(),
            group: "Action",
            keys: None,
            action: Action::Undo,
        })
        .collect();
    matching(&commands, query)
        .into_iter()
        .map(|i| labels[i])
        .collect()
}

#[wasm_bindgen_test]
fn words_found_whole_at_a_word_start_come_first() {
    let labels = [
        "Add a queue worker to service orders",
        "Add a queue to service orders",
        "Service orders",
        "Download .zip",
    ];
    assert_eq!(
        best("add queue orders", &labels)[0],
        "Add a queue to service orders"
    );
    assert_eq!(best("service orders", &labels)[0], "Service orders");
    assert_eq!(best("dwnld zp", &labels), ["Download .zip"]);
    assert_eq!(
        best("ORDERS queue", &labels),
        Vec::<&str>::new(),
        "words are in order"
    );
    assert_eq!(
        best("", &labels),
        labels,
        "nothing typed: every command, in list order"
    );
    assert_eq!(score("zz", "Download .zip"), None);
}

#[wasm_bindgen_test]
fn a_design_offers_its_places_files_problems_and_the_blocks_each_service_can_take() {
    let mut design = presets::get("minimal").expect("a preset");
    let service = edit::add_service(&mut design);
    let name = design.services[service].name.clone();
    let files = vec!["README.md".to_owned()];
    let problems = tfdesign_core::validate::validate(&design);
    assert!(
        !problems.is_empty(),
        "a new service's placeholder cost codes are warned about"
    );
    let all = commands(&design, &files, &problems);
    let find = |label: &str| {
        all.iter()
            .find(|c| c.label == label)
            .map(|c| c.action.clone())
    };
    assert_eq!(find("Add service"), Some(Action::AddService));
    assert_eq!(
        find(&format!("Service {name}")),
        Some(Action::Select(Selection::Service(service)))
    );
    assert_eq!(
        find("README.md"),
        Some(Action::OpenFile("README.md".to_owned()))
    );
    // The new service has an API: it is not offered again; a queue is.
    assert_eq!(find(&format!("Add an API to service {name}")), None);
    assert!(find(&format!("Add a queue to service {name}")).is_some());
    // Problems are located in words, and lead to their field.
    let problem = all
        .iter()
        .find(|c| c.group == "Problem")
        .expect("a problem listed");
    assert!(
        problem.label.starts_with("Warning: Service "),
        "{}",
        problem.label
    );
    assert!(
        matches!(&problem.action, Action::Problem(p) if p.starts_with(&format!("/services/{service}")))
    );
    // Every deployment of core's plan can be gone to.
    let deployments = tfdesign_core::plan::Plan::build(&design).deployments.len();
    assert_eq!(
        all.iter()
            .filter(|c| c.label.starts_with("Deployment "))
            .count(),
        deployments
    );
}
