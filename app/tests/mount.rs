//! Mounts the whole app into a headless browser's document and reads what it rendered.
//! Run with `cargo test -p tfdesign-app --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*, wasm_bindgen::JsCast};
use tfdesign_app::{components::bundle_view::BundleView, state::provide_design_state, App};
use tfdesign_core::presets;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document body for one test to mount into.
fn container() -> HtmlElement {
    let element = document()
        .create_element("div")
        .expect("create a div")
        .unchecked_into::<HtmlElement>();
    document()
        .body()
        .expect("the document has a body")
        .append_child(&element)
        .expect("append the div");
    element
}

/// The bundle paths listed under `root`, in page order.
fn listed_paths(root: &Element) -> Vec<String> {
    let items = root
        .query_selector_all("[data-testid=bundle-file]")
        .expect("a valid selector");
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|item| item.text_content())
        .collect()
}

/// The text of the file count under `root`.
fn count_text(root: &Element) -> String {
    root.query_selector("[data-testid=bundle-count]")
        .expect("a valid selector")
        .and_then(|count| count.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn lists_the_default_presets_files() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;

    let paths = listed_paths(&root);
    assert!(!paths.is_empty(), "no bundle file listed");
    assert!(
        paths.iter().any(|path| path.starts_with("environments/")),
        "no environments/ path in {paths:?}"
    );
    assert_eq!(count_text(&root).trim(), format!("{} files", paths.len()));
}

#[wasm_bindgen_test]
async fn picking_another_preset_regenerates_the_bundle() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;
    let before = listed_paths(&root);

    let select = root
        .query_selector("select")
        .expect("a valid selector")
        .expect("the preset picker")
        .unchecked_into::<HtmlSelectElement>();
    select.set_value("minimal");
    let init = EventInit::new();
    init.set_bubbles(true);
    let change = Event::new_with_event_init_dict("change", &init).expect("a change event");
    select.dispatch_event(&change).expect("dispatch the change");
    leptos::task::tick().await;

    let after = listed_paths(&root);
    assert!(!after.is_empty(), "no bundle file listed for minimal");
    assert_ne!(before, after, "the file list did not change");
}

#[wasm_bindgen_test]
async fn a_design_with_errors_lists_its_diagnostics_instead_of_files() {
    let mut design = presets::get("minimal").expect("the minimal preset");
    design.project = "Not A Valid Name!".to_owned();
    let root = container();
    let _mounted = mount_to(root.clone(), move || {
        provide_design_state(design);
        view! { <BundleView /> }
    });
    leptos::task::tick().await;

    assert!(
        listed_paths(&root).is_empty(),
        "files listed for an invalid design"
    );
    let diagnostics = root
        .query_selector_all("[data-testid=diagnostic]")
        .expect("a valid selector");
    assert!(diagnostics.length() > 0, "no diagnostic listed");
    let alert = root
        .query_selector("[role=alert]")
        .expect("a valid selector")
        .and_then(|alert| alert.text_content())
        .unwrap_or_default();
    assert!(
        alert.contains("/project"),
        "the diagnostic does not point at /project: {alert}"
    );
}
