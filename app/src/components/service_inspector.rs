//! The inspector of a service: its title bar, name, description, cost codes, hardening and
//! components, then one section per building block (each in its own file).

use leptos::prelude::*;
use tfdesign_core::design::CodeSigning;
use tfdesign_core::edit::{self, Block};
use tfdesign_core::{catalog, field, fields, kinds};

use super::api_section::ApiSection;
use super::bucket_section::BucketSection;
use super::cache_section::CacheSection;
use super::capacity_section::CapacitySection;
use super::database_section::DatabaseSection;
use super::field::{check, list, select, text};
use super::frontend_section::FrontendSection;
use super::http_api_section::HttpApiSection;
use super::inspector_title::InspectorTitle;
use super::lambda_section::LambdaSection;
use super::queue_section::QueueSection;
use super::schedule_section::ScheduleSection;
use super::table_section::TableSection;
use super::topic_section::TopicSection;
use super::worker_section::WorkerSection;
use crate::state::{use_design_state, Selection};

/// Code signing modes of a service's Lambda functions, as the design writes them.
const CODE_SIGNING: &[&str] = &["warn", "enforce", "off"];

fn code_signing_name(c: CodeSigning) -> String {
    match c {
        CodeSigning::Warn => "warn",
        CodeSigning::Enforce => "enforce",
        CodeSigning::Off => "off",
    }
    .to_owned()
}

fn code_signing(name: String) -> CodeSigning {
    match name.as_str() {
        "enforce" => CodeSigning::Enforce,
        "off" => CodeSigning::Off,
        _ => CodeSigning::Warn,
    }
}

/// Every setting of service `index`: name, cost codes, components and their settings.
#[component]
pub fn ServiceInspector(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let service_name = Memo::new(move |_| {
        state
            .design
            .with(|d| d.services.get(i).map(|s| s.name.clone()))
    });
    let tiers = Memo::new(move |_| {
        state
            .design
            .with(|d| d.tiers.iter().map(|t| t.name.clone()).collect::<Vec<_>>())
    });
    let has =
        move |c: Block| Memo::new(move |_| state.design.with(|d| edit::has_component(d, i, c)));
    let (has_api, has_worker, has_db) = (
        has(Block(&kinds::Api)),
        has(Block(&kinds::Worker)),
        has(Block(&kinds::Database)),
    );

    let toggle = move |c: Block, label: &'static str, on: Memo<bool>, key: &'static str| {
        let id = format!("f-services-{i}-{key}");
        // Off and refused (a static frontend is a service of its own): disabled, saying why.
        let why = Memo::new(move |_| {
            state
                .design
                .with(|d| edit::why_not_add(d, i, c).filter(|_| !on.get()))
        });
        view! {
            <div class="field check">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || on.get()
                    disabled=move || why.with(Option::is_some)
                    title=move || why.get()
                    on:change=move |ev| {
                        let want = event_target_checked(&ev);
                        let mut added = None;
                        state.edit(None, |d| {
                            let before = d.services.get(i).map_or(0, |s| s.queues.len());
                            edit::set_component(d, i, c, want);
                            added = d
                                .services
                                .get(i)
                                .filter(|s| s.queues.len() > before)
                                .and_then(|s| s.queues.last())
                                .map(|q| q.name.clone());
                        });
                        // A worker needs a queue to consume: say that one was added with it.
                        if let Some(queue) = added {
                            state.tell(
                                false,
                                format!("The worker consumes a queue, so queue {queue} was added with it (under Queues)."),
                            );
                        }
                    }
                />
            </div>
        }
    };

    view! {
        <div class="inspector-body" data-testid="service-inspector">
            <InspectorTitle
                heading="Service"
                noun="service"
                index=i
                name=|d, i| d.services.get(i).map(|s| s.name.clone())
                duplicate=edit::duplicate_service
                remove=edit::remove_service
                select=Selection::Service
            />
            {text(fields::service_name(i), "Name")}
            {text(field!(fields::service(i), description), "Description")}
            <fieldset>
                <legend>"Cost code per tier (8 letters or digits)"</legend>
                <div class="grid">
                    {move || {
                        tiers
                            .get()
                            .into_iter()
                            .map(|t| text(fields::cost_code(i, &t), format!("Cost code in {t}")))
                            .collect_view()
                    }}
                </div>
            </fieldset>
            {move || {
                // Keyed by the service's name: rebuilt when it is renamed, so the pointers follow.
                service_name.get().map(|name| {
                    let at = move || fields::service_security(&name);
                    view! {
                        <fieldset>
                            <legend>"Hardening"</legend>
                            <div class="grid">
                                {check(field!(at(), read_only_root_filesystem), "Read-only root filesystem (containers)")}
                                {list(field!(at(), writable_paths), "Writable paths")}
                                {select(field!(at(), lambda_code_signing).map(code_signing_name, code_signing), "Lambda code signing", CODE_SIGNING)}
                            </div>
                        </fieldset>
                    }
                })
            }}
            <fieldset>
                <legend>"Components"</legend>
                <div class="grid">
                    {toggle(Block(&kinds::Api), "HTTP API (ECS behind a load balancer)", has_api, "api")}
                    {toggle(Block(&kinds::Worker), "Queue worker (ECS)", has_worker, "worker")}
                    {toggle(Block(&kinds::Database), "PostgreSQL database (RDS)", has_db, "database")}
                </div>
                <Show when=move || has_api.get() || has_worker.get()>
                    <div class="grid">
                        {select(fields::launch_type(i), "Launch type (API and worker)", catalog::LAUNCH_TYPES)}
                    </div>
                </Show>
            </fieldset>
            <ApiSection index=i />
            <WorkerSection index=i />
            <DatabaseSection index=i />
            <LambdaSection index=i />
            <QueueSection index=i />
            <ScheduleSection index=i />
            <CapacitySection index=i />
            <BucketSection index=i />
            <TableSection index=i />
            <CacheSection index=i />
            <FrontendSection index=i />
            <HttpApiSection index=i />
            <TopicSection index=i />
        </div>
    }
}
