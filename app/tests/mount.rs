//! Mounts the app, or some of its components, into a headless browser's document and reads
//! what they rendered. Run with `cargo test -p tfdesign-app --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use std::{cell::Cell, rc::Rc};

use leptos::{mount::mount_to, prelude::*, wasm_bindgen::JsCast};
use tfdesign_app::{
    components::{
        diagnostic_list::DiagnosticList, diagram::Diagram, inspector::Inspector, matrix::Matrix,
        preview::Preview,
    },
    generator::{self, Backend, Deliver},
    state::{field_id, provide_design_state, DesignState, Origin, Selection},
    App,
};
use tfdesign_core::{presets, Design};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The generator answering in the page: the worker's session, without the worker (a test
/// binary has no worker to load; the app's own wasm never links this). Answers come later, in
/// a task of their own, as the worker's do.
struct InPage(std::cell::RefCell<tfdesign_core::session::Session>);

impl Backend for InPage {
    fn send(&self, request: String, bytes: Option<Vec<u8>>, deliver: Deliver) {
        let (answer, out) = self.0.borrow_mut().answer_json(&request, bytes.as_deref());
        set_timeout(move || deliver(answer, out), std::time::Duration::ZERO);
    }
}

/// A fresh element in the document body for one test to mount into (the generator answering
/// in the page from now on).
fn container() -> HtmlElement {
    generator::use_backend(Rc::new(InPage(Default::default())));
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

/// Mounts the matrix, inspector, problems and preview over `design`; returns the state.
fn mount_parts(design: Design) -> (HtmlElement, DesignState, impl Sized) {
    let root = container();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let mounted = mount_to(root.clone(), move || {
        out.set(Some(provide_design_state(design)));
        view! {
            <Matrix />
            <Inspector />
            <DiagnosticList />
            <Preview />
        }
    });
    let state = slot.get().expect("the state was provided");
    (root, state, mounted)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into::<HtmlElement>()
}

fn fire(target: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).expect("an event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Waits for the next animation frames (focus requests run in one).
async fn frames() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .request_animation_frame(&resolve)
                .expect("request a frame");
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .expect("a frame");
    }
}

/// Waits (in 10 ms steps, up to 10 s) until `done` holds; false if it never did. The whole
/// bundle is regenerated a few units per task after an edit, so it takes several tasks.
async fn until(done: impl Fn() -> bool) -> bool {
    for _ in 0..1000 {
        if done() {
            return true;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .expect("a timeout");
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .expect("a timeout");
        leptos::task::tick().await;
    }
    done()
}

/// The bundle paths listed under `root`, in page order.
fn listed_paths(root: &Element) -> Vec<String> {
    all(root, "[data-testid=bundle-file]")
        .iter()
        .filter_map(|e| e.get_attribute("data-path"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_app_lists_the_default_presets_files() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    // The whole bundle is generated after the first paint.
    assert!(
        until(|| !listed_paths(&root).is_empty()).await,
        "no file listed"
    );

    let paths = listed_paths(&root);
    assert!(paths
        .iter()
        .any(|p| p == "environments/card-catalog-api/us-east-1/prod/main.tf"));
    let count = one(&root, "[data-testid=bundle-count]")
        .text_content()
        .unwrap_or_default();
    assert_eq!(count.trim(), format!("{} files", paths.len()));
}

#[wasm_bindgen_test]
async fn picking_another_preset_regenerates_the_bundle() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    assert!(
        until(|| !listed_paths(&root).is_empty()).await,
        "no file listed"
    );
    let before = listed_paths(&root);

    let select = one(&root, "#preset").unchecked_into::<HtmlSelectElement>();
    let count = || {
        one(&root, "[data-testid=bundle-count]")
            .text_content()
            .unwrap_or_default()
    };
    let old_count = count();
    select.set_value("minimal");
    fire(&select, "change");
    leptos::task::tick().await;
    // The count of the design before is not shown while the new bundle is generated.
    assert_eq!(count().trim(), "Generating the bundle…", "was {old_count}");
    assert!(
        until(|| listed_paths(&root) != before).await,
        "the file list did not change"
    );

    let after = listed_paths(&root);
    assert!(!after.is_empty(), "no bundle file listed for minimal");
    assert_ne!(before, after, "the file list did not change");
    assert_eq!(count().trim(), format!("{} files", after.len()));
}

#[wasm_bindgen_test]
async fn the_matrix_has_a_cell_per_service_and_deployed_tier_region() {
    let (root, _state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;

    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
    let cells = all(&root, "[data-testid=matrix-cell]");
    assert_eq!(cells.len(), 3 * 4);
    let dr_prod = cells[3].text_content().unwrap_or_default();
    assert!(
        dr_prod.contains("DB replica"),
        "the DR cell shows no replica: {dr_prod}"
    );
    assert!(dr_prod.contains("API"), "{dr_prod}");
}

#[wasm_bindgen_test]
async fn clicking_a_cell_selects_its_service_and_shows_its_main_tf() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    all(&root, "[data-testid=matrix-cell]")[3]
        .unchecked_ref::<HtmlElement>()
        .click();
    leptos::task::tick().await;

    assert_eq!(state.selection.get_untracked(), Selection::Cell(0, 2, 1));
    let name = one(&root, "#f-services-0-name").unchecked_into::<HtmlInputElement>();
    assert_eq!(name.value(), "card-catalog-api");
    // The worker's answer comes in a task of its own.
    let code = || {
        root.query_selector("[data-testid=code]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(
        until(|| code().contains("terraform")).await,
        "no main.tf shown"
    );
}

#[wasm_bindgen_test]
async fn an_edit_reaches_the_file_on_screen_before_the_whole_bundle_catches_up() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    assert!(
        until(|| state.generated.with_untracked(Result::is_ok)).await,
        "no bundle"
    );
    all(&root, "[data-testid=matrix-cell]")[0]
        .unchecked_ref::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    let code = || {
        root.query_selector("[data-testid=code]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(
        until(|| code().contains("terraform")).await,
        "no file shown"
    );
    assert!(!code().contains("zebra-squad"));

    state.edit(None, |d| {
        d.tags.insert("Team".into(), "zebra-squad".into());
    });
    // The file on screen is asked for at once; the whole bundle (and so the file list and the
    // checks) only after the paint.
    let tagged = |d: &Design| d.tags.get("Team").map(String::as_str) == Some("zebra-squad");
    assert!(
        until(|| code().contains("zebra-squad")).await,
        "the edit is not on screen"
    );
    let stale = state.bundle_design().is_some_and(|d| !tagged(&d));
    assert!(
        stale,
        "the whole bundle was regenerated before the file on screen"
    );

    let current = || {
        state.generated.with_untracked(Result::is_ok)
            && state.bundle_design().is_some_and(|d| tagged(&d))
    };
    assert!(
        until(current).await,
        "the whole bundle did not catch up after the paint"
    );
}

#[wasm_bindgen_test]
async fn editing_a_tier_in_the_inspector_changes_the_design() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    state.selection.set(Selection::Tier(2));
    leptos::task::tick().await;

    let input = one(&root, "#f-tiers-2-compute-asg_max").unchecked_into::<HtmlInputElement>();
    assert_eq!(input.value(), "10");
    input.set_value("17");
    fire(&input, "input");
    leptos::task::tick().await;
    assert_eq!(
        state.design.with_untracked(|d| d.tiers[2].compute.asg_max),
        17
    );

    let name = one(&root, "#f-tiers-2-name").unchecked_into::<HtmlInputElement>();
    name.set_value("production");
    fire(&name, "input");
    leptos::task::tick().await;
    state.design.with_untracked(|d| {
        assert_eq!(d.tiers[2].name, "production");
        assert!(d
            .services
            .iter()
            .all(|s| s.cost_codes.contains_key("production")));
    });
}

#[wasm_bindgen_test]
async fn the_launch_type_and_fargate_spot_are_edited_in_the_inspectors() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    state.selection.set(Selection::Service(1));
    leptos::task::tick().await;
    let launch = one(&root, "#f-services-1-launch_type").unchecked_into::<HtmlSelectElement>();
    assert_eq!(launch.value(), "ec2");
    launch.set_value("fargate");
    fire(&launch, "change");
    leptos::task::tick().await;
    assert_eq!(
        state.design.with_untracked(|d| d.services[1].launch_type),
        tfdesign_core::design::LaunchType::Fargate
    );

    state.selection.set(Selection::Tier(2));
    leptos::task::tick().await;
    let spot = one(&root, "#f-tiers-2-compute-fargate_spot").unchecked_into::<HtmlInputElement>();
    assert!(!spot.checked());
    spot.set_checked(true);
    fire(&spot, "change");
    leptos::task::tick().await;
    assert!(state
        .design
        .with_untracked(|d| d.tiers[2].compute.fargate_spot));
}

#[wasm_bindgen_test]
async fn a_tiers_security_settings_are_edited_in_its_inspector() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    // Where a diagnostic about prod's WAF leads: prod's inspector.
    state.go_to("/security/tiers/prod/waf");
    leptos::task::tick().await;
    assert_eq!(state.selection.get_untracked(), Selection::Tier(2));

    let waf = one(&root, "#f-security-tiers-prod-waf").unchecked_into::<HtmlInputElement>();
    assert!(waf.checked(), "WAF is on by default");
    waf.set_checked(false);
    fire(&waf, "change");
    leptos::task::tick().await;
    assert!(!state.design.with_untracked(|d| d.security.tier("prod").waf));
    let warned = || {
        state
            .diagnostics
            .with_untracked(|all| all.iter().any(|d| d.path == "/security/tiers/prod/waf"))
    };
    assert!(warned(), "no warning about prod without WAF");

    waf.set_checked(true);
    fire(&waf, "change");
    leptos::task::tick().await;
    assert!(state.design.with_untracked(|d| d.security.tier("prod").waf));
    assert!(!warned());

    // A blank optional setting is no setting.
    let domain = one(&root, "#f-security-tiers-prod-domain").unchecked_into::<HtmlInputElement>();
    domain.set_value("  ");
    fire(&domain, "input");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.security.tier("prod").domain),
        None
    );
}

#[wasm_bindgen_test]
async fn a_functions_queue_and_a_schedules_function_are_chosen_from_the_service() {
    let design = presets::sports_cards();
    let queues: Vec<String> = design.services[1]
        .queues
        .iter()
        .map(|q| q.name.clone())
        .collect();
    let functions: Vec<String> = design.services[2]
        .lambdas
        .iter()
        .map(|l| l.name.clone())
        .collect();
    assert!(!queues.is_empty() && !design.services[2].schedules.is_empty());
    let (root, state, _mounted) = mount_parts(design);
    leptos::task::tick().await;
    let options = |select: &HtmlSelectElement| {
        (0..select.length())
            .filter_map(|k| select.item(k))
            .filter_map(|o| o.get_attribute("value"))
            .collect::<Vec<_>>()
    };

    state.selection.set(Selection::Service(1));
    leptos::task::tick().await;
    let queue = one(&root, "#f-services-1-lambdas-0-queue").unchecked_into::<HtmlSelectElement>();
    let mut expected = vec![String::new()];
    expected.extend(queues.iter().cloned());
    assert_eq!(options(&queue), expected, "none, then the service's queues");
    queue.set_value("");
    fire(&queue, "change");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.services[1].lambdas[0].queue.clone()),
        None
    );
    queue.set_value(&queues[0]);
    fire(&queue, "change");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.services[1].lambdas[0].queue.clone()),
        Some(queues[0].clone())
    );

    state.selection.set(Selection::Service(2));
    leptos::task::tick().await;
    let target =
        one(&root, "#f-services-2-schedules-0-lambda").unchecked_into::<HtmlSelectElement>();
    assert_eq!(options(&target), functions, "the service's functions");
}

#[wasm_bindgen_test]
async fn explicit_network_ids_are_edited_per_deployed_region_and_tier() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    assert!(all(&root, "[data-testid=explicit-network]").is_empty());
    let mode = one(&root, "#f-network-mode").unchecked_into::<HtmlSelectElement>();
    mode.set_value("explicit");
    fire(&mode, "change");
    leptos::task::tick().await;
    let pairs = state
        .design
        .with_untracked(|d| d.tiers.iter().map(|t| t.regions.len()).sum::<usize>());
    assert_eq!(all(&root, "[data-testid=explicit-network]").len(), pairs);
    let missing = || {
        state.diagnostics.with_untracked(|all| {
            all.iter()
                .filter(|d| d.message.contains("explicit networking has no ids"))
                .count()
        })
    };
    assert_eq!(missing(), pairs);

    let vpc =
        one(&root, "#f-network-explicit-us-east-1-dev-vpc_id").unchecked_into::<HtmlInputElement>();
    vpc.set_value(" vpc-0abc ");
    fire(&vpc, "input");
    let private = one(
        &root,
        "#f-network-explicit-us-east-1-dev-private_subnet_ids",
    )
    .unchecked_into::<HtmlInputElement>();
    private.set_value("subnet-01, subnet-02");
    fire(&private, "input");
    leptos::task::tick().await;
    state.design.with_untracked(|d| {
        let e = &d.network.explicit["us-east-1/dev"];
        assert_eq!(e.vpc_id, "vpc-0abc");
        assert_eq!(e.private_subnet_ids, ["subnet-01", "subnet-02"]);
    });
    assert_eq!(missing(), pairs - 1);
}

#[wasm_bindgen_test]
async fn existing_access_log_buckets_are_named_per_region() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    let field = |region: &str| format!("#f-security-access_log_buckets-{region}");
    let regions = ["us-east-1", "us-west-2"];
    assert!(root
        .query_selector(&field(regions[0]))
        .expect("selector")
        .is_none());

    let existing =
        one(&root, "#f-security-access_log_buckets").unchecked_into::<HtmlInputElement>();
    assert!(
        !existing.checked(),
        "the bundle keeps its own log buckets by default"
    );
    existing.set_checked(true);
    fire(&existing, "change");
    leptos::task::tick().await;
    let errors_at = |region: &str| {
        let path = format!("/security/access_log_buckets/{region}");
        state.diagnostics.with_untracked(|all| {
            all.iter()
                .filter(|d| {
                    d.path == path && d.severity == tfdesign_core::diagnostic::Severity::Error
                })
                .count()
        })
    };
    for region in regions {
        assert_eq!(errors_at(region), 1, "{region} has no bucket name yet");
        let input = one(&root, &field(region)).unchecked_into::<HtmlInputElement>();
        input.set_value(&format!(" acme-access-logs-{region} "));
        fire(&input, "input");
    }
    leptos::task::tick().await;
    for region in regions {
        assert_eq!(errors_at(region), 0, "{region} is named");
    }
    state.design.with_untracked(|d| {
        let named: Vec<(&str, &str)> = d
            .security
            .access_log_buckets
            .iter()
            .map(|(r, b)| (r.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("us-east-1", "acme-access-logs-us-east-1"),
                ("us-west-2", "acme-access-logs-us-west-2")
            ]
        );
    });

    existing.set_checked(false);
    fire(&existing, "change");
    leptos::task::tick().await;
    assert!(state
        .design
        .with_untracked(|d| d.security.access_log_buckets.is_empty()));
    assert!(root
        .query_selector(&field(regions[0]))
        .expect("selector")
        .is_none());
}

#[wasm_bindgen_test]
async fn access_keys_and_public_function_urls_are_opt_ins_that_warn() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    let warned = |path: &str| {
        state.diagnostics.with_untracked(|all| {
            all.iter().any(|d| {
                d.path == path && d.severity == tfdesign_core::diagnostic::Severity::Warning
            })
        })
    };
    let key = one(&root, "#f-iam-users-0-access_key").unchecked_into::<HtmlInputElement>();
    assert!(!key.checked(), "no access keys by default");
    key.set_checked(true);
    fire(&key, "change");
    leptos::task::tick().await;
    assert!(state.design.with_untracked(|d| d.iam.users[0].access_key));
    assert!(warned("/iam/users/0/access_key"));

    state.selection.set(Selection::Service(1));
    leptos::task::tick().await;
    let public =
        one(&root, "#f-services-1-lambdas-0-public_url").unchecked_into::<HtmlInputElement>();
    assert!(!public.checked(), "function URLs need IAM auth by default");
    public.set_checked(true);
    fire(&public, "change");
    leptos::task::tick().await;
    assert!(state
        .design
        .with_untracked(|d| d.services[1].lambdas[0].public_url));
    assert!(warned("/services/1/lambdas/0/public_url"));
}

#[wasm_bindgen_test]
async fn alarm_emails_are_a_list_whose_bad_items_show_under_it() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    state.selection.set(Selection::Tier(2));
    leptos::task::tick().await;
    let emails = one(&root, "#f-tiers-2-alarms-notify_emails").unchecked_into::<HtmlInputElement>();
    emails.set_value("oncall@example.com, not an address");
    fire(&emails, "input");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.tiers[2].alarms.notify_emails.clone()),
        ["oncall@example.com", "not an address"]
    );
    let message = one(&root, "#f-tiers-2-alarms-notify_emails-msg");
    assert!(
        message
            .text_content()
            .unwrap_or_default()
            .contains("\"not an address\" is not an email address"),
        "the second item's error shows under the list"
    );
    assert_eq!(
        emails.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    emails.set_value("oncall@example.com");
    fire(&emails, "input");
    leptos::task::tick().await;
    assert!(root
        .query_selector("#f-tiers-2-alarms-notify_emails-msg")
        .expect("selector")
        .is_none());
}

#[wasm_bindgen_test]
async fn clicking_a_diagnostic_selects_and_focuses_its_field() {
    let mut design = presets::sports_cards();
    design.services[1].name = "Bad Name".to_owned();
    let (root, state, _mounted) = mount_parts(design);
    leptos::task::tick().await;

    let item = all(&root, "[data-testid=diagnostic] button")
        .into_iter()
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .contains("Service Bad Name › Name")
        })
        .expect("a diagnostic about /services/1/name, located in words");
    assert!(
        !item
            .text_content()
            .unwrap_or_default()
            .contains("/services/"),
        "no JSON Pointer shown"
    );
    item.unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    frames().await;

    assert_eq!(state.selection.get_untracked(), Selection::Service(1));
    let active = document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default();
    assert_eq!(active, "f-services-1-name");
    let input = one(&root, "#f-services-1-name");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input
        .get_attribute("aria-describedby")
        .expect("described by its message");
    let message = one(&root, &format!("#{described}"))
        .text_content()
        .unwrap_or_default();
    assert!(!message.is_empty());

    // The place follows a rename.
    state.edit(Some("/services/1/name"), |d| {
        d.services[1].name = "Still Bad".into()
    });
    leptos::task::tick().await;
    let places: Vec<String> = all(&root, "[data-testid=diagnostic-place]")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert!(
        places.iter().any(|p| p == "Service Still Bad › Name"),
        "{places:?}"
    );
}

#[wasm_bindgen_test]
async fn undo_and_redo_walk_the_history() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;
    let buttons = || all(&root, "button");
    let button = |label: &str| {
        buttons()
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no {label} button"))
            .unchecked_into::<HtmlElement>()
    };
    let services = || all(&root, "[data-testid=service-row]").len();
    assert_eq!(services(), 3);
    assert!(button("Undo").has_attribute("disabled"));

    button("+ Service").click();
    leptos::task::tick().await;
    assert_eq!(services(), 4);
    button("Undo").click();
    leptos::task::tick().await;
    assert_eq!(services(), 3);
    button("Redo").click();
    leptos::task::tick().await;
    assert_eq!(services(), 4);
}

#[wasm_bindgen_test]
async fn typing_in_one_field_is_one_undo_step() {
    let (root, state, _mounted) = mount_parts(presets::minimal());
    leptos::task::tick().await;
    state.selection.set(Selection::Service(0));
    leptos::task::tick().await;
    let input = one(&root, "#f-services-0-name").unchecked_into::<HtmlInputElement>();
    for text in ["w", "we", "web"] {
        input.set_value(text);
        fire(&input, "input");
    }
    leptos::task::tick().await;
    assert_eq!(state.steps.get_untracked(), (1, 0));
    state.undo();
    assert_eq!(state.design.get_untracked(), presets::minimal());
}

#[wasm_bindgen_test]
async fn a_broken_link_is_reported_and_the_preset_opens() {
    let history = window().history().expect("history");
    history
        .replace_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some("#v1.not-a-real-link"),
        )
        .expect("set the fragment");
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;
    history
        .replace_state_with_url(&leptos::wasm_bindgen::JsValue::NULL, "", Some("#"))
        .expect("clear the fragment");

    let alert = one(&root, "[role=alert][data-testid=alerts]")
        .text_content()
        .unwrap_or_default();
    assert!(alert.contains("link"), "{alert}");
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
}

#[wasm_bindgen_test]
fn the_highlighter_keeps_every_character_of_a_line() {
    use tfdesign_app::highlight::{line, Kind};
    let text = r#"resource "aws_s3_bucket" "this" { count = 2 # note"#;
    let pieces = line("main.tf", text);
    assert_eq!(
        pieces.iter().map(|(_, s)| s.as_str()).collect::<String>(),
        text
    );
    assert_eq!(pieces[0], (Kind::Keyword, "resource".to_owned()));
    assert!(pieces.contains(&(Kind::String, "\"aws_s3_bucket\"".to_owned())));
    assert!(pieces.contains(&(Kind::Comment, "# note".to_owned())));
    let markdown = line("README.md", "Run `terraform init` first");
    assert_eq!(markdown[1], (Kind::Code, "`terraform init`".to_owned()));
}

#[wasm_bindgen_test]
async fn the_first_deployments_main_tf_is_open_before_any_click() {
    let (root, _state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    // Open before any click, once the worker's answer is in.
    assert!(until(|| root.query_selector(".code-path").ok().flatten().is_some()).await);
    let path = one(&root, ".code-path").text_content().unwrap_or_default();
    assert_eq!(
        path.trim(),
        "environments/card-catalog-api/us-east-1/dev/main.tf"
    );
    // The tree, the separator between them and the code are the children of the side-by-side
    // grid (the file count belongs to the tree: it used to take a column of its own).
    let pane = one(&root, ".files-and-code");
    let children: Vec<String> = all(&pane, ":scope > *")
        .iter()
        .map(|c| c.class_name())
        .collect();
    assert_eq!(children, ["file-pane", "splitter", "code-view"]);
}

#[wasm_bindgen_test]
async fn a_new_region_offers_the_tiers_it_can_take() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    let mut added = None;
    state.edit(None, |d| added = tfdesign_core::edit::add_region(d));
    let added = added.expect("a region was added");
    state.selection.set(Selection::Region(added));
    leptos::task::tick().await;
    let note = one(&root, "[data-testid=region-undeployed]")
        .text_content()
        .unwrap_or_default();
    assert!(note.contains("tick the tiers that deploy here"), "{note}");
    assert!(one(&root, "[data-testid=idle-regions]").is_connected());
    let columns = all(&root, "[data-testid=matrix-cell]").len();

    let prod = one(&root, &format!("#region-{added}-tier-2")).unchecked_into::<HtmlInputElement>();
    prod.set_checked(true);
    fire(&prod, "change");
    leptos::task::tick().await;
    let region = state
        .design
        .with_untracked(|d| d.regions[added].name.clone());
    assert!(state
        .design
        .with_untracked(|d| d.tiers[2].regions.contains(&region)));
    assert_eq!(all(&root, "[data-testid=matrix-cell]").len(), columns + 3);
    assert!(all(&root, "[data-testid=region-undeployed]").is_empty());
    assert!(all(&root, "[data-testid=idle-regions]").is_empty());
}

#[wasm_bindgen_test]
async fn removing_offers_undo_until_the_next_step() {
    let (_root, state, _mounted) = mount_parts(presets::sports_cards());
    state.remove("service orders-ingestion", |d| {
        tfdesign_core::edit::remove_service(d, 1)
    });
    let notice = state.notice.get_untracked().expect("a toast");
    assert!(notice.undo && notice.text.contains("orders-ingestion"));
    state.undo();
    assert_eq!(state.design.get_untracked(), presets::sports_cards());
    assert_eq!(
        state.notice.get_untracked(),
        None,
        "the toast outlived its undo"
    );

    state.remove("service api", |d| tfdesign_core::edit::remove_service(d, 0));
    state.edit(None, |d| {
        tfdesign_core::edit::add_service(d);
    });
    assert_eq!(
        state.notice.get_untracked(),
        None,
        "the toast would undo the next step instead"
    );
}

#[wasm_bindgen_test]
async fn a_design_from_a_link_keeps_its_origin_through_undo() {
    let (_root, state, _mounted) = mount_parts(presets::sports_cards());
    assert_eq!(state.origin.get_untracked(), Origin::Own);
    assert!(state.open_link(presets::minimal()));
    assert_eq!(state.origin.get_untracked(), Origin::Link);
    state.undo();
    assert_eq!(state.origin.get_untracked(), Origin::Own);
    assert_eq!(state.design.get_untracked(), presets::sports_cards());
    state.redo();
    assert_eq!(state.origin.get_untracked(), Origin::Link);
    // The same design from a link is still a step: it is saved apart from now on.
    assert!(state.replace(presets::minimal()));
    assert_eq!(state.origin.get_untracked(), Origin::Own);
    assert!(!state.replace(presets::minimal()), "nothing changed");
}

#[wasm_bindgen_test]
async fn a_preset_switch_in_the_app_offers_undo_that_restores() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;
    let select = one(&root, "#preset").unchecked_into::<HtmlSelectElement>();
    select.set_value("minimal");
    fire(&select, "change");
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 1);
    let undo = all(&root, "[data-testid=undo-toast] button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == "Undo")
        .expect("the toast offers Undo")
        .unchecked_into::<HtmlElement>();
    undo.click();
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
    assert!(all(&root, "[data-testid=undo-toast]").is_empty());
}

#[wasm_bindgen_test]
fn the_matrix_keys_move_through_headers_and_cells() {
    use tfdesign_app::components::matrix::grid_step;
    // Regions of 3 and 1 columns, 4 tier columns, 2 services.
    let shape = vec![
        vec![(1, 3), (4, 1)],
        (1..=4).map(|c| (c, 1)).collect::<Vec<_>>(),
        (0..=4).map(|c| (c, 1)).collect(),
        (0..=4).map(|c| (c, 1)).collect(),
    ];
    let step = |at, key| grid_step(&shape, at, key, false);
    assert_eq!(step((2, 1), "ArrowRight"), Some((2, 2)));
    assert_eq!(
        step((2, 4), "ArrowRight"),
        Some((2, 4)),
        "stops at the row's end"
    );
    assert_eq!(step((2, 0), "ArrowLeft"), Some((2, 0)));
    assert_eq!(step((3, 3), "ArrowUp"), Some((2, 3)));
    assert_eq!(
        step((3, 3), "ArrowDown"),
        Some((3, 3)),
        "stops at the last row"
    );
    assert_eq!(
        step((1, 3), "ArrowUp"),
        Some((0, 1)),
        "the region spanning column 3"
    );
    assert_eq!(step((0, 1), "ArrowRight"), Some((0, 4)));
    assert_eq!(step((0, 4), "ArrowDown"), Some((1, 4)));
    assert_eq!(
        step((2, 0), "ArrowUp"),
        Some((1, 1)),
        "no tier header above a name"
    );
    assert_eq!(step((3, 2), "Home"), Some((3, 0)));
    assert_eq!(step((3, 2), "End"), Some((3, 4)));
    assert_eq!(grid_step(&shape, (3, 2), "Home", true), Some((0, 1)));
    assert_eq!(grid_step(&shape, (0, 1), "End", true), Some((3, 4)));
    assert_eq!(step((2, 9), "ArrowRight"), None, "not an item");
    assert_eq!(step((2, 1), "a"), None);
    // An empty matrix (no service, no deployment) has nowhere to go.
    assert_eq!(
        grid_step(&[vec![], vec![]], (0, 0), "ArrowDown", false),
        None
    );
}

#[wasm_bindgen_test]
async fn renaming_a_service_updates_its_matrix_row_in_place() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    let cells = all(&root, "[data-testid=matrix-cell]");
    let first = cells[0].clone();
    let last = cells[cells.len() - 1].clone();
    state.edit(Some("/services/0/name"), |d| {
        d.services[0].name = "card-catalog".into()
    });
    leptos::task::tick().await;

    // The same elements, with the new name: the table was not rebuilt.
    assert!(
        first.is_connected() && last.is_connected(),
        "the rows were rebuilt"
    );
    // Its name, then what the cell shows (its visible text is part of its name).
    let label = first.get_attribute("aria-label").unwrap_or_default();
    let shown: Vec<String> = all(&first, ".chip")
        .iter()
        .map(|c| c.text_content().unwrap_or_default())
        .collect();
    assert!(!shown.is_empty());
    assert_eq!(
        label,
        format!("card-catalog in dev us-east-1: {}", shown.join(" "))
    );
    let names: Vec<String> = all(&root, "[data-testid=service-row]")
        .iter()
        .map(|e| e.text_content().unwrap_or_default().trim().to_owned())
        .collect();
    assert_eq!(names[0], "card-catalog");
    // Exactly one Tab stop in the matrix, the first cell.
    let stops = all(&root, "[data-testid=matrix] [tabindex='0']");
    assert_eq!(stops.len(), 1);
    assert!(stops[0].is_same_node(Some(&first)));
}

#[wasm_bindgen_test]
async fn undoing_a_replacement_before_its_bundle_shows_the_count_again() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    assert!(
        until(|| state.generated.with_untracked(Result::is_ok)).await,
        "no bundle"
    );
    let count = || {
        one(&root, "[data-testid=bundle-count]")
            .text_content()
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let before = count();
    // A replacement undone before its bundle was generated: the bundle on hand is current again.
    state.replace(presets::get("minimal").expect("the minimal preset"));
    state.undo();
    leptos::task::tick().await;
    assert!(
        until(|| count() == before).await,
        "the count stays at {:?}",
        count()
    );
}

#[wasm_bindgen_test]
async fn a_link_to_a_large_design_asks_before_generating_it() {
    // 30 services × 4 tiers × 3 regions: within the limits, in a link of about 1,300 characters.
    let large = tfdesign_core::scale::scaled(30, 4, 3);
    let question = tfdesign_core::confirm_before_generating(&large)
        .expect("core asks about it")
        .question("link");
    assert!(question.starts_with("This link opens a design with 240 deployments ("));
    let link = tfdesign_core::link::encode(&large).expect("it fits a link");
    let history = window().history().expect("history");
    history
        .replace_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("#{link}")),
        )
        .expect("set the fragment");
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;

    // Asked, with the numbers from core (the worker counts the files); the preset is open
    // meanwhile, not the large design.
    let banner = one(&root, "[data-testid=confirm-large]");
    let expected = format!("{question}Generate itKeep the current design");
    assert!(
        until(|| banner.text_content().unwrap_or_default().trim_end() == expected).await,
        "{:?}",
        banner.text_content()
    );
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
    assert_eq!(window().location().hash().unwrap_or_default(), "");

    // Yes: it opens (and generates after the paint).
    let generate = all(&root, "[data-testid=confirm-large] button")[0].clone();
    assert_eq!(generate.text_content().unwrap_or_default(), "Generate it");
    generate.unchecked_into::<HtmlElement>().click();
    assert!(until(|| all(&root, "[data-testid=service-row]").len() == 30).await);
    assert!(root
        .query_selector("[data-testid=confirm-large]")
        .expect("a valid selector")
        .is_none());
}

#[wasm_bindgen_test]
async fn a_large_link_pasted_into_the_tab_can_be_declined() {
    let root = container();
    let _mounted = mount_to(root.clone(), App);
    leptos::task::tick().await;
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
    let link = tfdesign_core::link::encode(&tfdesign_core::scale::scaled(30, 4, 3)).expect("link");
    window().location().set_hash(&link).expect("set the hash");
    assert!(
        until(|| root
            .query_selector("[data-testid=confirm-large]")
            .ok()
            .flatten()
            .is_some())
        .await
    );
    let keep = all(&root, "[data-testid=confirm-large] button")[1].clone();
    assert_eq!(
        keep.text_content().unwrap_or_default(),
        "Keep the current design"
    );
    keep.unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=confirm-large]")
        .expect("a valid selector")
        .is_none());
    assert_eq!(all(&root, "[data-testid=service-row]").len(), 3);
}

#[wasm_bindgen_test]
async fn renaming_an_iam_group_renames_its_users_memberships() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    let group = state.design.with_untracked(|d| {
        d.iam
            .groups
            .iter()
            .position(|g| g.name == "deployers")
            .expect("the preset has a deployers group")
    });
    let input =
        one(&root, &format!("#f-iam-groups-{group}-name")).unchecked_into::<HtmlInputElement>();
    input.set_value("operators");
    fire(&input, "input");
    leptos::task::tick().await;
    state.design.with_untracked(|d| {
        assert_eq!(d.iam.groups[group].name, "operators");
        let deployer = d.iam.users.iter().find(|u| u.name == "deployer").unwrap();
        assert_eq!(deployer.groups, ["operators"]);
    });
}

#[wasm_bindgen_test]
async fn the_inspectors_offer_what_the_core_catalog_holds() {
    use tfdesign_core::catalog;
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    state.selection.set(Selection::Service(1));
    leptos::task::tick().await;
    let runtime =
        one(&root, "#f-services-1-lambdas-0-runtime").unchecked_into::<HtmlSelectElement>();
    let offered: Vec<String> = (0..runtime.length())
        .filter_map(|i| runtime.item(i))
        .filter_map(|o| o.get_attribute("value"))
        .collect();
    for (deprecated, _) in catalog::DEPRECATED_LAMBDA_RUNTIMES {
        let current = state
            .design
            .with_untracked(|d| d.services[1].lambdas[0].runtime.clone());
        assert!(
            *deprecated == current || !offered.iter().any(|o| o == deprecated),
            "{deprecated} is offered"
        );
    }
    assert!(offered.iter().any(|o| o == catalog::LAMBDA_RUNTIMES[0]));

    state.selection.set(Selection::Tier(0));
    leptos::task::tick().await;
    let tasks = one(&root, "#f-tiers-0-compute-task_count");
    assert_eq!(
        tasks.get_attribute("max").as_deref(),
        Some(catalog::TIER_COMPUTE_TASK_COUNT.max.to_string().as_str())
    );
}

/// Mounts the toolbar and the notices over `design`; returns the state.
fn mount_header(design: Design) -> (HtmlElement, DesignState, impl Sized) {
    use tfdesign_app::components::{header::Header, notice_banner::NoticeBanner};
    let root = container();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let mounted = mount_to(root.clone(), move || {
        out.set(Some(provide_design_state(design)));
        view! {
            <Header />
            <NoticeBanner />
        }
    });
    let state = slot.get().expect("the state was provided");
    (root, state, mounted)
}

#[wasm_bindgen_test]
async fn messages_go_into_live_regions_that_were_there_before() {
    let (root, state, _mounted) = mount_header(presets::sports_cards());
    leptos::task::tick().await;
    let alerts = one(&root, "[role=alert][data-testid=alerts]");
    let statuses = one(&root, "[role=status][data-testid=statuses]");
    assert_eq!(alerts.text_content().unwrap_or_default(), "");
    assert_eq!(statuses.text_content().unwrap_or_default(), "");

    state.tell(true, "Something went wrong.");
    leptos::task::tick().await;
    // The same live region, now with the message (a region inserted with its text is often
    // not announced).
    assert!(one(&root, "[data-testid=alerts]").is_same_node(Some(&alerts)));
    assert!(alerts
        .text_content()
        .unwrap_or_default()
        .contains("Something went wrong."));
    assert_eq!(statuses.text_content().unwrap_or_default(), "");

    state.offer_undo("Removed service api.");
    leptos::task::tick().await;
    assert!(one(&root, "[data-testid=statuses]").is_same_node(Some(&statuses)));
    assert!(statuses
        .text_content()
        .unwrap_or_default()
        .contains("Removed service api."));
    assert_eq!(alerts.text_content().unwrap_or_default(), "");
}

#[wasm_bindgen_test]
async fn nothing_was_downloaded_goes_once_the_errors_are_fixed() {
    let mut design = presets::sports_cards();
    design.services[1].name = "Bad Name".to_owned();
    let (root, state, _mounted) = mount_header(design);
    leptos::task::tick().await;
    tfdesign_app::actions::download_zip(&state);
    leptos::task::tick().await;
    let alerts = one(&root, "[data-testid=alerts]");
    assert!(
        alerts
            .text_content()
            .unwrap_or_default()
            .starts_with("Nothing was downloaded: the design has 1 error."),
        "{:?}",
        alerts.text_content()
    );
    // Another edit that leaves the error: the message stays.
    state.edit(Some("/services/1/description"), |d| {
        d.services[1].description = "still broken".into()
    });
    leptos::task::tick().await;
    assert!(!alerts.text_content().unwrap_or_default().is_empty());
    // The fix: nothing is wrong any more, and the message goes.
    state.edit(Some("/services/1/name"), |d| {
        d.services[1].name = "good-name".into()
    });
    leptos::task::tick().await;
    assert_eq!(alerts.text_content().unwrap_or_default(), "");
    // Other alerts stay until dismissed.
    state.tell(true, "The file could not be read.");
    state.edit(None, |d| d.services[1].description = "again".into());
    leptos::task::tick().await;
    assert!(!alerts.text_content().unwrap_or_default().is_empty());
}

#[wasm_bindgen_test]
async fn a_refused_paste_is_explained_in_the_dialog() {
    let (root, state, _mounted) = mount_header(presets::sports_cards());
    leptos::task::tick().await;
    let paste = all(&root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default() == "Paste JSON…")
        .expect("a Paste JSON… button");
    paste.unchecked_ref::<HtmlElement>().click();
    leptos::task::tick().await;
    let text = one(&root, "#paste-json").unchecked_into::<web_sys::HtmlTextAreaElement>();
    text.set_value("{\"version\": 1,");
    fire(&text, "input");
    one(
        &root,
        "dialog[aria-labelledby=paste-title] button[type=submit]",
    )
    .click();
    leptos::task::tick().await;

    let error = one(&root, "[data-testid=paste-error]");
    let message = error.text_content().unwrap_or_default();
    assert!(
        message.starts_with("The file could not be imported: the design is not valid JSON"),
        "{message:?}"
    );
    assert!(!message.contains(".."), "one full stop: {message:?}");
    assert_eq!(text.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(one(&root, "dialog[aria-labelledby=paste-title]")
        .unchecked_into::<web_sys::HtmlDialogElement>()
        .open());
    // Not behind the dialog: the banner says nothing, the design is as it was.
    assert_eq!(
        one(&root, "[data-testid=alerts]")
            .text_content()
            .unwrap_or_default(),
        ""
    );
    assert_eq!(state.design.get_untracked(), presets::sports_cards());
    // Typing again clears it.
    fire(&text, "input");
    leptos::task::tick().await;
    assert_eq!(error.text_content().unwrap_or_default(), "");
    one(&root, "dialog[aria-labelledby=paste-title]")
        .unchecked_into::<web_sys::HtmlDialogElement>()
        .close();
}

#[wasm_bindgen_test]
fn reasons_end_with_one_full_stop() {
    use tfdesign_app::actions::because;
    assert_eq!(
        because("No link was made", "too long"),
        "No link was made: too long."
    );
    assert_eq!(
        because("No link was made", "too long."),
        "No link was made: too long."
    );
    assert_eq!(
        because("No link was made", "too long. "),
        "No link was made: too long."
    );
}

#[wasm_bindgen_test]
async fn renaming_a_service_keeps_its_open_file_open() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    assert!(
        until(|| state.generated.with_untracked(Result::is_ok)).await,
        "no bundle"
    );
    leptos::task::tick().await;
    let open = "environments/card-catalog-api/us-east-1/dev/variables.tf";
    all(&root, "[data-testid=bundle-file]")
        .into_iter()
        .find(|b| b.get_attribute("data-path").as_deref() == Some(open))
        .expect("the file is listed")
        .unchecked_ref::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    let shown = || {
        root.query_selector(".code-path")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_else(|| "(no file open)".to_owned())
            .trim()
            .to_owned()
    };
    assert!(until(|| shown() == open).await, "{}", shown());

    state.edit(Some("/services/0/name"), |d| {
        tfdesign_core::edit::rename_service(d, 0, "card-catalog")
    });
    leptos::task::tick().await;
    // The same file under the new name (not the deployment's main.tf).
    let moved = "environments/card-catalog/us-east-1/dev/variables.tf";
    assert!(until(|| shown() == moved).await, "{}", shown());
    // And a tier rename moves it too.
    state.edit(Some("/tiers/0/name"), |d| {
        tfdesign_core::edit::rename_tier(d, 0, "develop")
    });
    let moved = "environments/card-catalog/us-east-1/develop/variables.tf";
    assert!(until(|| shown() == moved).await, "{}", shown());
}

#[wasm_bindgen_test]
async fn a_region_is_chosen_from_the_regions_not_yet_in_the_design() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    state.selection.set(Selection::Region(0));
    leptos::task::tick().await;
    let select = one(&root, "#f-regions-0-name").unchecked_into::<HtmlSelectElement>();
    let options: Vec<String> = all(&select, "option")
        .iter()
        .filter_map(|o| o.get_attribute("value"))
        .collect();
    assert_eq!(select.value(), "us-east-1");
    assert!(options.contains(&"eu-west-1".to_owned()));
    assert!(
        !options.contains(&"us-west-2".to_owned()),
        "the other region of the design is offered"
    );
    assert_eq!(
        options.len(),
        tfdesign_core::catalog::REGIONS.len() - 1,
        "{options:?}"
    );
    select.set_value("eu-west-1");
    fire(&select, "change");
    leptos::task::tick().await;
    state.design.with_untracked(|d| {
        assert_eq!(d.regions[0].name, "eu-west-1");
        assert!(d.tiers[0].regions.contains(&"eu-west-1".to_owned()));
    });
}

#[wasm_bindgen_test]
async fn ticking_a_worker_says_it_added_a_queue() {
    let mut design = presets::sports_cards();
    let si = design
        .services
        .iter()
        .position(|s| s.worker.is_none() && s.queues.is_empty())
        .unwrap_or(0);
    design.services[si].worker = None;
    design.services[si].queues.clear();
    for lambda in &mut design.services[si].lambdas {
        lambda.queue = None;
    }
    let (root, state, _mounted) = mount_parts(design);
    state.selection.set(Selection::Service(si));
    leptos::task::tick().await;
    let worker =
        one(&root, &format!("#f-services-{si}-worker")).unchecked_into::<HtmlInputElement>();
    worker.set_checked(true);
    fire(&worker, "change");
    leptos::task::tick().await;
    let queue = state
        .design
        .with_untracked(|d| d.services[si].queues.first().map(|q| q.name.clone()))
        .expect("a queue was added");
    let notice = state.notice.get_untracked().expect("a message");
    assert!(
        !notice.error && notice.text.contains(&format!("queue {queue} was added")),
        "{notice:?}"
    );
}

#[wasm_bindgen_test]
async fn compare_with_a_link_shows_the_workers_comparison_and_keeps_the_design() {
    let (root, state, _mounted) = mount_header(presets::sports_cards());
    leptos::task::tick().await;
    let mut earlier = presets::sports_cards();
    let prod = earlier
        .tiers
        .iter()
        .position(|t| t.name == "prod")
        .expect("a prod tier");
    earlier.tiers[prod].database.read_replicas += 1;
    let replicas = earlier.tiers[prod].database.read_replicas;
    let compare = |link: &str| {
        let input = one(&root, "#compare-link").unchecked_into::<HtmlInputElement>();
        input.set_value(link);
        fire(&input, "input");
        one(
            &root,
            "dialog[aria-labelledby=compare-title] button[type=submit]",
        )
        .click();
    };
    compare(&tfdesign_core::link::encode(&earlier).expect("a link"));
    let fields = || all(&root, "[data-testid=compare-fields] li");
    assert!(until(|| !fields().is_empty()).await, "no comparison came");
    let texts = |items: Vec<Element>| -> Vec<String> {
        items
            .iter()
            .map(|e| e.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(
        texts(fields()),
        [format!(
            "tiers[prod].database.read_replicas: {replicas} → {}",
            replicas - 1
        )]
    );
    let files = texts(all(&root, "[data-testid=compare-files] > li"));
    assert!(
        files.iter().any(|f| f
            .starts_with("changed: environments/card-catalog-api/us-east-1/prod/terraform.tfvars")),
        "{files:?}"
    );
    let cost = one(&root, "[data-testid=compare-cost]")
        .text_content()
        .unwrap_or_default();
    assert!(
        cost.starts_with("Monthly cost estimate: $") && cost.contains(" (-$"),
        "{cost}"
    );
    // Nothing replaced the open design.
    assert_eq!(state.design.get_untracked(), presets::sports_cards());

    // A link that is not one is explained in the dialog.
    compare("#nonsense");
    leptos::task::tick().await;
    let alert = one(&root, "[data-testid=compare-result] [role=alert]")
        .text_content()
        .unwrap_or_default();
    assert!(alert.starts_with("The link could not be read: "), "{alert}");
}

#[wasm_bindgen_test]
async fn a_services_capacity_shows_the_effective_value_and_where_it_comes_from() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    state.selection.set(Selection::Service(0));
    leptos::task::tick().await;
    let source = |root: &HtmlElement| {
        one(root, "[data-testid=capacity-source-task_count]")
            .text_content()
            .unwrap_or_default()
    };
    // prod (the last tier) first: the tier's task count, from the tier.
    let input = || {
        one(&root, "#f-services-0-capacity-prod-task_count").unchecked_into::<HtmlInputElement>()
    };
    assert_eq!(input().value(), "3");
    assert_eq!(source(&root), "from tier prod");
    assert!(root
        .query_selector("[aria-label^='Reset task count']")
        .unwrap()
        .is_none());

    // Overriding it: the service's own value, through core::edit, and a reset.
    input().set_value("6");
    fire(&input(), "change");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.services[0].capacity["prod"].task_count),
        Some(6)
    );
    assert_eq!(input().value(), "6");
    assert_eq!(source(&root), "this service");
    // Another tier keeps the tier's own value.
    let tier = one(&root, "#capacity-tier-0").unchecked_into::<HtmlSelectElement>();
    tier.set_value("dev");
    fire(&tier, "change");
    leptos::task::tick().await;
    let dev =
        one(&root, "#f-services-0-capacity-dev-task_count").unchecked_into::<HtmlInputElement>();
    assert_eq!(dev.value(), "1");
    assert_eq!(source(&root), "from tier dev");
    tier.set_value("prod");
    fire(&tier, "change");
    leptos::task::tick().await;

    // A value out of bounds is the override field's error, shown beside it.
    input().set_value("9000");
    fire(&input(), "change");
    leptos::task::tick().await;
    assert!(
        until(|| root
            .query_selector("#f-services-0-capacity-prod-task_count-msg")
            .unwrap()
            .is_some())
        .await
    );

    // Reset: back to the tier's value, and no override left in the design.
    one(&root, "[aria-label^='Reset task count']").click();
    leptos::task::tick().await;
    assert!(
        until(|| input().value() == "3").await,
        "after Reset the input shows {:?}",
        input().value()
    );
    assert_eq!(source(&root), "from tier prod");
    assert!(state
        .design
        .with_untracked(|d| d.services[0].capacity.is_empty()));
}

#[wasm_bindgen_test]
async fn a_services_own_hosts_show_where_they_come_from_and_go_on_fargate() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    leptos::task::tick().await;
    state.selection.set(Selection::Service(0));
    leptos::task::tick().await;
    let source = |key: &str| {
        one(&root, &format!("[data-testid=capacity-source-{key}]"))
            .text_content()
            .unwrap_or_default()
    };
    let input = |key: &str| {
        one(&root, &format!("#f-services-0-capacity-prod-{key}"))
            .unchecked_into::<HtmlInputElement>()
    };
    // The tier's shared hosts, said so.
    let prod = presets::sports_cards()
        .tiers
        .into_iter()
        .find(|t| t.name == "prod")
        .unwrap();
    assert_eq!(input("instance_type").value(), prod.compute.instance_type);
    assert_eq!(source("instance_type"), "from tier prod (shared hosts)");
    // A larger instance type: the service's own hosts; the sizes stay the tier's, on them.
    input("instance_type").set_value("m6i.xlarge");
    fire(&input("instance_type"), "change");
    leptos::task::tick().await;
    assert_eq!(
        state
            .design
            .with_untracked(|d| d.services[0].capacity["prod"].instance_type.clone()),
        Some("m6i.xlarge".to_string())
    );
    assert_eq!(source("instance_type"), "this service");
    assert_eq!(source("asg_max"), "from tier prod (own hosts)");
    assert_eq!(input("asg_max").value(), prod.compute.asg_max.to_string());
    // On Fargate the host fields are gone, and so is the override.
    state.edit(None, |d| {
        tfdesign_core::edit::set_launch_type(&mut d.services[0], "fargate")
    });
    leptos::task::tick().await;
    assert!(
        until(|| root
            .query_selector("#f-services-0-capacity-prod-instance_type")
            .unwrap()
            .is_none())
        .await
    );
    assert!(state
        .design
        .with_untracked(|d| d.services[0].capacity.is_empty()));
}

/// Types `value` into the input matched by `selector` under `root` (an `input` event).
fn type_into(root: &Element, selector: &str, value: &str) {
    let input = one(root, selector).unchecked_into::<HtmlInputElement>();
    input.set_value(value);
    fire(&input, "input");
}

#[wasm_bindgen_test]
async fn the_file_filter_lists_the_paths_that_hold_it_and_opens_their_folders() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    assert!(
        until(|| state.generated.with_untracked(Result::is_ok)).await,
        "no bundle"
    );
    leptos::task::tick().await;
    let total = listed_paths(&root).len();
    let count = || {
        one(&root, "[data-testid=bundle-count]")
            .text_content()
            .unwrap_or_default()
    };

    type_into(&root, ".file-filter", "SQS-Queue/");
    leptos::task::tick().await;
    let listed = listed_paths(&root);
    assert!(!listed.is_empty(), "nothing listed for the filter");
    assert!(
        listed.iter().all(|p| p.starts_with("modules/sqs-queue/")),
        "{listed:?}"
    );
    assert_eq!(count(), format!("{} of {total} files", listed.len()));
    // Every listed file is on screen: its folders are open.
    let hidden: Vec<Element> = all(&root, "[data-testid=bundle-file]")
        .into_iter()
        .filter(|b| b.get_client_rects().length() == 0)
        .collect();
    assert!(
        hidden.is_empty(),
        "{} files inside closed folders",
        hidden.len()
    );

    type_into(&root, ".file-filter", "no-such-file");
    leptos::task::tick().await;
    assert!(listed_paths(&root).is_empty());
    assert!(one(&root, "[data-testid=filter-empty]")
        .text_content()
        .unwrap_or_default()
        .contains("no-such-file"));

    type_into(&root, ".file-filter", "");
    leptos::task::tick().await;
    assert_eq!(listed_paths(&root).len(), total);
    assert_eq!(count(), format!("{total} files"));
}

#[wasm_bindgen_test]
async fn find_in_file_counts_marks_and_steps_through_the_matches() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    let code = || {
        root.query_selector("[data-testid=code]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(until(|| code().contains("module")).await, "no file shown");
    let _ = state;
    let expected = code().to_ascii_lowercase().matches("module").count();
    assert!(expected > 1, "main.tf calls fewer than two modules");
    let count = || {
        one(&root, "[data-testid=find-count]")
            .text_content()
            .unwrap_or_default()
    };

    type_into(&root, "#find-in-file", "MODULE");
    leptos::task::tick().await;
    assert_eq!(count(), format!("1 of {expected}"));
    let current = || all(&root, "[data-testid=code] mark.current");
    let marked: String = current().iter().filter_map(|m| m.text_content()).collect();
    assert_eq!(marked.to_ascii_lowercase(), "module");
    // Every match is marked (a match across token pieces is several marks).
    let all_marked: String = all(&root, "[data-testid=code] mark.find-hit")
        .iter()
        .filter_map(|m| m.text_content())
        .collect();
    assert_eq!(all_marked.to_ascii_lowercase(), "module".repeat(expected));
    // The code is unchanged by the marks.
    assert_eq!(
        code().to_ascii_lowercase().matches("module").count(),
        expected
    );

    one(&root, "[data-testid=find-next]").click();
    leptos::task::tick().await;
    assert_eq!(count(), format!("2 of {expected}"));
    one(&root, "[data-testid=find-previous]").click();
    one(&root, "[data-testid=find-previous]").click();
    leptos::task::tick().await;
    assert_eq!(
        count(),
        format!("{expected} of {expected}"),
        "Previous wraps to the last"
    );

    type_into(&root, "#find-in-file", "zebra-squad");
    leptos::task::tick().await;
    assert_eq!(count(), "No match");
    assert!(all(&root, "[data-testid=code] mark").is_empty());
}

#[wasm_bindgen_test]
async fn an_edit_marks_the_lines_it_changed_in_the_file_on_screen() {
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    let code = || {
        root.query_selector("[data-testid=code]")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert!(
        until(|| code().contains("terraform")).await,
        "no file shown"
    );
    assert!(
        all(&root, ".line.changed").is_empty(),
        "a file just opened marks nothing"
    );

    state.edit(None, |d| {
        d.tags.insert("Team".into(), "zebra-squad".into());
    });
    assert!(
        until(|| code().contains("zebra-squad")).await,
        "the edit is not on screen"
    );
    leptos::task::tick().await;
    let changed: Vec<String> = all(&root, ".line.changed")
        .iter()
        .filter_map(|l| l.text_content())
        .collect();
    assert!(!changed.is_empty(), "no line marked");
    assert!(
        changed.iter().any(|l| l.contains("zebra-squad")),
        "the new tag's line is not marked: {changed:?}"
    );
    let lines = all(&root, "[data-testid=code] .line").len();
    assert!(
        changed.len() < lines / 2,
        "{} of {lines} lines marked",
        changed.len()
    );
    let note = one(&root, "[data-testid=changed-note]")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        note,
        if changed.len() == 1 {
            "1 line changed by the last edit".to_owned()
        } else {
            format!("{} lines changed by the last edit", changed.len())
        }
    );
}

#[wasm_bindgen_test]
async fn the_tree_separator_moves_with_the_keys_and_is_remembered() {
    let key = "tfdesign.pane.tree.v1";
    let storage = window()
        .local_storage()
        .ok()
        .flatten()
        .expect("local storage");
    storage.remove_item(key).expect("clear");
    let (root, state, _mounted) = mount_parts(presets::sports_cards());
    assert!(
        until(|| state.generated.with_untracked(Result::is_ok)).await,
        "no bundle"
    );
    let separator = one(&root, "[role=separator][aria-controls=file-pane]");
    let now = || separator.get_attribute("aria-valuenow").unwrap_or_default();
    assert_eq!(now(), "22");
    let press = |key: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("a key event");
        separator.dispatch_event(&event).expect("dispatch");
    };
    press("ArrowRight");
    leptos::task::tick().await;
    assert_eq!(now(), "24");
    press("End");
    leptos::task::tick().await;
    assert_eq!(now(), "60");
    assert_eq!(storage.get_item(key).ok().flatten().as_deref(), Some("60"));
    let grid = one(&root, ".files-and-code");
    assert!(
        grid.get_attribute("style")
            .unwrap_or_default()
            .contains("--tree-share: 60%"),
        "the grid does not follow the separator"
    );
    storage.remove_item(key).expect("clear");
}

/// Presses `key` on `target` (a bubbling keydown).
fn press_on(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("a key event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Issue 15: every node of the diagram is a focusable button that selects its thing in the
/// inspector, by click and by Enter or Space; a building block's box focuses its first field.
#[wasm_bindgen_test]
async fn every_diagram_node_selects_its_thing_in_the_inspector() {
    let root = container();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let _mounted = mount_to(root.clone(), move || {
        out.set(Some(provide_design_state(presets::saas_platform())));
        view! {
            <Diagram picked=StoredValue::new(false) />
            <Inspector />
        }
    });
    let state: DesignState = slot.get().expect("the state was provided");
    leptos::task::tick().await;
    let platform = one(&root, "[data-testid=platform-diagram]");
    let picks = all(&platform, "[data-pick]");
    assert!(picks.len() > 6, "{} nodes in the platform", picks.len());
    for node in &picks {
        let what = node.get_attribute("data-pick").unwrap_or_default();
        assert_eq!(
            node.get_attribute("role").as_deref(),
            Some("button"),
            "{what}"
        );
        assert_eq!(
            node.get_attribute("tabindex").as_deref(),
            Some("0"),
            "{what}"
        );
        assert!(
            node.get_attribute("aria-label")
                .is_some_and(|l| !l.is_empty()),
            "{what}"
        );
    }

    // A region by Enter, a tier by Space, a service by click.
    press_on(&one(&platform, "[data-pick='region:1']"), "Enter");
    leptos::task::tick().await;
    assert_eq!(state.selection.get_untracked(), Selection::Region(1));
    one(&root, "[data-testid=region-inspector]");
    press_on(&one(&platform, "[data-pick='tier:2']"), " ");
    leptos::task::tick().await;
    assert_eq!(state.selection.get_untracked(), Selection::Tier(2));
    one(&root, "[data-testid=tier-inspector]");
    // SVG elements have no click(): a click event, as the browser sends one.
    fire(&one(&platform, "[data-pick^='cell:0:']"), "click");
    leptos::task::tick().await;
    assert!(matches!(
        state.selection.get_untracked(),
        Selection::Cell(0, _, _)
    ));
    let name = one(&root, "#f-services-0-name").unchecked_into::<HtmlInputElement>();
    assert_eq!(name.value(), "accounts");

    // Each box of the deployment: focusable, and its field takes the focus.
    let boxes = all(&root, "[data-testid=deployment-diagram] .node");
    assert!(boxes.len() >= 4, "{} boxes", boxes.len());
    for (n, node) in boxes.iter().enumerate() {
        // Re-query: the drawing is redrawn when a box is picked.
        let node = all(&root, "[data-testid=deployment-diagram] .node")
            .into_iter()
            .nth(n)
            .unwrap_or_else(|| node.clone());
        let pointer = node.get_attribute("data-pick").unwrap_or_default();
        assert_eq!(
            node.get_attribute("tabindex").as_deref(),
            Some("0"),
            "{pointer}"
        );
        if n % 2 == 0 {
            fire(&node, "click");
        } else {
            press_on(&node, "Enter");
        }
        leptos::task::tick().await;
        frames().await;
        let focused = document()
            .active_element()
            .map(|e| e.id())
            .unwrap_or_default();
        assert_eq!(
            focused,
            field_id(&pointer),
            "the box {pointer} focused another field"
        );
        assert!(matches!(
            state.selection.get_untracked(),
            Selection::Cell(0, _, _)
        ));
    }
}

/// Issue 12: a bad value set through a typed field of core is reported at the field's pointer,
/// and going to that diagnostic finds the control bound to the same field, marked invalid.
#[wasm_bindgen_test]
async fn a_diagnostic_of_a_typed_field_lands_on_its_control() {
    use tfdesign_core::{field, fields};
    let bad = "a\u{7}b".to_owned();
    let mut design = presets::saas_platform();
    let texts = [
        fields::service_name(1),
        field!(fields::service(1), description),
        fields::api_image(1),
        field!(fields::database(1), db_name),
        fields::lambda_name(1, 0),
        fields::queue_name(1, 0),
        field!(fields::schedule(1, 0), description),
        field!(fields::bucket(1, 0), name),
        field!(fields::table(0, 0), partition_key.name),
        fields::cost_code(1, "prod"),
        fields::state_bucket("us-east-1"),
        field!(fields::design(), network.vpc_name),
    ];
    for f in &texts {
        f.set(&mut design, bad.clone());
    }
    let numbers = [
        field!(fields::api(1), cpu),
        field!(fields::worker(1), backlog_per_task),
        field!(fields::tier(2), compute.asg_max),
        field!(fields::tier(2), cache.replicas),
    ];
    for f in &numbers {
        f.set(&mut design, u32::MAX);
    }
    let pointers: Vec<String> = texts
        .iter()
        .map(|f| f.pointer().to_owned())
        .chain(numbers.iter().map(|f| f.pointer().to_owned()))
        .collect();
    lands_on_its_control(design, &pointers).await;
}

/// Mounts the designer over `design` and, for each of `pointers`: a diagnostic is there, going
/// to it focuses the control with that pointer's id, and the control is marked invalid.
async fn lands_on_its_control(design: Design, pointers: &[String]) {
    let (_root, state, _mounted) = mount_parts(design);
    leptos::task::tick().await;
    for pointer in pointers {
        assert!(
            state
                .diagnostics
                .with_untracked(|all| all.iter().any(|d| &d.path == pointer)),
            "no diagnostic at {pointer}"
        );
        state.go_to(pointer);
        leptos::task::tick().await;
        frames().await;
        let control = document()
            .get_element_by_id(&field_id(pointer))
            .unwrap_or_else(|| panic!("no control for {pointer}"));
        assert_eq!(
            control.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{pointer}"
        );
        assert_eq!(
            document().active_element().map(|e| e.id()),
            Some(field_id(pointer)),
            "{pointer} is not focused"
        );
    }
}

/// Issue 12: the static frontend's, HTTP API's, topics' and subscriptions' controls are bound
/// to typed fields too: a design error at each one's pointer shows at its control.
#[wasm_bindgen_test]
async fn a_diagnostic_in_the_frontend_http_api_and_topic_sections_lands_on_its_control() {
    use tfdesign_core::{field, fields};
    let bad = "a\u{7}b".to_owned();
    let mut design = presets::saas_platform();
    let texts = [
        field!(fields::frontend(4), default_root_object),
        field!(fields::frontend(4), backend).map(Option::unwrap_or_default, fields::typed),
        field!(fields::http_route(3, 1), route),
        field!(fields::http_route(3, 0), function),
        field!(fields::jwt(3), issuer),
        fields::topic_name(0, 0),
        field!(fields::subscription(1, 0, 0), filter_policy),
    ];
    for f in &texts {
        f.set(&mut design, bad.clone());
    }
    // The tier's price class and throttling (the tier inspector).
    let price = field!(fields::tier(2), frontend.price_class);
    price.set(&mut design, "PriceClass_None".into());
    let rate = field!(fields::tier(2), http_api.rate_limit);
    rate.set(&mut design, u32::MAX);
    let pointers: Vec<String> = texts
        .iter()
        .map(|f| f.pointer().to_owned())
        .chain([price.pointer().to_owned(), rate.pointer().to_owned()])
        .collect();
    lands_on_its_control(design, &pointers).await;
}

/// Issue 12: the usage editor's inputs are bound to typed fields (`fields::usage`): typing
/// sets the selected service's input at its pointer, emptying it removes the entry, and a
/// value over the field's bound is reported at the input.
#[wasm_bindgen_test]
async fn the_usage_editor_binds_each_input_to_its_typed_field() {
    use tfdesign_app::components::usage_editor::UsageEditor;
    use tfdesign_core::fields;
    let mut design = presets::saas_platform();
    let shared = fields::usage(fields::usage_defaults(), "alb_lcu_hours");
    shared.set(&mut design, Some(40));
    let own = fields::usage(fields::service_usage("billing"), "alb_lcu_hours");
    let root = container();
    let slot = Rc::new(Cell::new(None));
    let out = slot.clone();
    let _mounted = mount_to(root.clone(), move || {
        out.set(Some(provide_design_state(design)));
        view! { <UsageEditor /> }
    });
    let state: DesignState = slot.get().expect("the state was provided");
    state.selection.set(Selection::Service(1));
    leptos::task::tick().await;
    let input =
        one(&root, &format!("#{}", field_id(own.pointer()))).unchecked_into::<HtmlInputElement>();
    assert!(
        until(|| input.value().is_empty()).await,
        "billing sets nothing of its own: {:?}",
        input.value()
    );
    assert_eq!(
        input.placeholder(),
        "40",
        "it gets the value for every service"
    );
    input.set_value("1000");
    fire(&input, "input");
    leptos::task::tick().await;
    assert_eq!(
        state.design.with_untracked(|d| own.get(d)),
        Some(Some(1000))
    );
    input.set_value(&u64::MAX.to_string());
    fire(&input, "input");
    leptos::task::tick().await;
    assert!(
        until(|| input.get_attribute("aria-invalid").as_deref() == Some("true")).await,
        "a value over the bound is reported at {}",
        own.pointer()
    );
    input.set_value("");
    fire(&input, "input");
    leptos::task::tick().await;
    assert!(
        state.design.with_untracked(|d| d.usage.services.is_empty()),
        "an empty input removes billing's entry"
    );
    assert_eq!(input.get_attribute("aria-invalid"), None);
    // With no service selected the inputs are every root's.
    state.selection.set(Selection::Project);
    leptos::task::tick().await;
    let every = one(&root, &format!("#{}", field_id(shared.pointer())))
        .unchecked_into::<HtmlInputElement>();
    assert!(
        until(|| every.value() == "40").await,
        "every root's value shows: {:?} {}",
        every.value(),
        root.inner_html()
    );
}

/// A block the service cannot take is not offered as if it could: the HTTP API's "+" button
/// is disabled with core's reason beside it (no function to route to); a static frontend's
/// service shows no cache section, and its component toggles are disabled, saying why.
#[wasm_bindgen_test]
async fn a_block_the_service_cannot_take_is_disabled_with_the_reason() {
    let mut design = presets::sports_cards();
    design.services[0].lambdas.clear();
    let (root, state, _mounted) = mount_parts(design);
    leptos::task::tick().await;
    state.selection.set(Selection::Service(0));
    leptos::task::tick().await;
    let add = one(&root, "button[aria-label='Add an HTTP API']");
    assert!(add.has_attribute("disabled"));
    let why = one(&root, "#why-not-add-0-http_api");
    assert_eq!(
        why.text_content().unwrap_or_default(),
        "Not now: an HTTP API routes to the service's functions: add a Lambda function first."
    );
    assert_eq!(
        add.get_attribute("aria-describedby").as_deref(),
        Some("why-not-add-0-http_api")
    );
    // A function to route to: the button is enabled and adds the API.
    state.edit(None, |d| {
        tfdesign_core::edit::add_block(
            d,
            0,
            tfdesign_core::edit::Block(&tfdesign_core::kinds::Lambda),
        );
    });
    leptos::task::tick().await;
    assert!(!add.has_attribute("disabled"));
    assert_eq!(why.text_content().unwrap_or_default(), "");
    add.click();
    leptos::task::tick().await;
    assert!(state
        .design
        .with_untracked(|d| d.services[0].http_api.is_some()));

    // The static frontend of saas-platform (service 4): nothing else goes with it.
    let (root, state, _mounted) = mount_parts(presets::saas_platform());
    leptos::task::tick().await;
    state.selection.set(Selection::Service(4));
    leptos::task::tick().await;
    assert!(
        all(&root, "button[aria-label='Add a cache']").is_empty(),
        "no cache is offered to a static frontend"
    );
    let api = one(&root, "#f-services-4-api").unchecked_into::<HtmlInputElement>();
    assert!(api.disabled() && !api.checked());
    assert!(api
        .title()
        .ends_with("is a static frontend, a service of its own: nothing else goes with it"));
}
