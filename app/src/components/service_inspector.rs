use leptos::prelude::*;
use tfdesign_core::catalog::{self, LAMBDA_RUNTIMES, POSTGRES_VERSIONS};
use tfdesign_core::design::CodeSigning;
use tfdesign_core::edit::{self, Component};

use super::field::{
    api, check_field, choice_field, database, get, lambda, list_field, number_field, queue,
    schedule, select_field, service, service_security, set, text_field, worker,
};

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
use super::bucket_section::BucketSection;
use super::cache_section::CacheSection;
use super::capacity_section::CapacitySection;
use super::table_section::TableSection;
use super::topic_section::{QueueSubscriptions, TopicSection};
use crate::state::{use_design_state, Selection};

/// Every setting of service `index`: name, cost codes, components and their settings.
#[component]
pub fn ServiceInspector(
    /// Index of the service in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let p = move |rest: &str| format!("/services/{i}{rest}");
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
        move |c: Component| Memo::new(move |_| state.design.with(|d| edit::has_component(d, i, c)));
    let (has_api, has_worker, has_db) = (
        has(Component::Api),
        has(Component::Worker),
        has(Component::Database),
    );
    let count = move |f: fn(&tfdesign_core::design::Service) -> usize| {
        Memo::new(move |_| state.design.with(|d| d.services.get(i).map_or(0, f)))
    };
    let lambdas = count(|s| s.lambdas.len());
    let queues = count(|s| s.queues.len());
    let schedules = count(|s| s.schedules.len());

    let toggle = move |c: Component, label: &'static str, on: Memo<bool>, key: &'static str| {
        let id = format!("f-services-{i}-{key}");
        view! {
            <div class="field check">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || on.get()
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
            <div class="inspector-title">
                <h3>"Service"</h3>
                <div class="actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            let mut copy = None;
                            state.edit(None, |d| copy = edit::duplicate_service(d, i));
                            if let Some(c) = copy {
                                state.selection.set(Selection::Service(c));
                            }
                        }
                    >
                        "Duplicate"
                    </button>
                    <button
                        type="button"
                        class="danger"
                        on:click=move |_| {
                            let name = state.design.with_untracked(|d| d.services.get(i).map(|s| s.name.clone())).unwrap_or_default();
                            state.selection.set(Selection::Project);
                            state.remove(&format!("service {name}"), |d| edit::remove_service(d, i));
                        }
                    >
                        "Remove service"
                    </button>
                </div>
            </div>
            {text_field(
                p("/name"),
                "Name",
                (get(move |d| d.services.get(i).map(|s| s.name.clone())), set(move |d, v: String| edit::rename_service(d, i, &v))),
            )}
            {text_field(p("/description"), "Description", service(i, |s| s.description.clone(), |s, v| s.description = v))}
            <fieldset>
                <legend>"Cost code per tier (8 letters or digits)"</legend>
                <div class="grid">
                    {move || {
                        tiers
                            .get()
                            .into_iter()
                            .map(|t| {
                                let t2 = t.clone();
                                let t3 = t.clone();
                                text_field(
                                    format!("/services/{i}/cost_codes/{t}"),
                                    format!("Cost code in {t}"),
                                    (
                                        get(move |d| d.services.get(i).map(|s| s.cost_codes.get(&t2).cloned().unwrap_or_default())),
                                        set(move |d, v: String| {
                                            if let Some(s) = d.services.get_mut(i) {
                                                s.cost_codes.insert(t3.clone(), v);
                                            }
                                        }),
                                    ),
                                )
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            {move || {
                // Keyed by the service's name: rebuilt when it is renamed, so the pointers follow.
                service_name.get().map(|name| {
                    let p = |rest: &str| format!("/security/services/{name}{rest}");
                    view! {
                        <fieldset>
                            <legend>"Hardening"</legend>
                            <div class="grid">
                                {check_field(p("/read_only_root_filesystem"), "Read-only root filesystem (containers)", service_security(i, |s| s.read_only_root_filesystem, |s, v| s.read_only_root_filesystem = v))}
                                {list_field(p("/writable_paths"), "Writable paths", service_security(i, |s| s.writable_paths.clone(), |s, v| s.writable_paths = v))}
                                {select_field(p("/lambda_code_signing"), "Lambda code signing", CODE_SIGNING, service_security(i, |s| code_signing_name(s.lambda_code_signing), |s, v| s.lambda_code_signing = code_signing(v)))}
                            </div>
                        </fieldset>
                    }
                })
            }}
            <fieldset>
                <legend>"Components"</legend>
                <div class="grid">
                    {toggle(Component::Api, "HTTP API (ECS behind a load balancer)", has_api, "api")}
                    {toggle(Component::Worker, "Queue worker (ECS)", has_worker, "worker")}
                    {toggle(Component::Database, "PostgreSQL database (RDS)", has_db, "database")}
                </div>
                <Show when=move || has_api.get() || has_worker.get()>
                    <div class="grid">
                        {select_field(p("/launch_type"), "Launch type (API and worker)", catalog::LAUNCH_TYPES, service(i, |s| s.launch_type.as_str().to_owned(), |s, v| edit::set_launch_type(s, &v)))}
                    </div>
                </Show>
            </fieldset>
            <Show when=move || has_api.get()>
                <fieldset>
                    <legend>"API"</legend>
                    <div class="grid">
                        {text_field(p("/api/image"), "Container image", api(i, |a| a.image.clone(), |a, v| tfdesign_core::edit::set_image(&mut a.image, &mut a.command, v)))}
                        {number_field(p("/api/port"), "Port", "", &catalog::CONTAINER_PORT, api(i, |a| a.port, |a, v| a.port = v))}
                        {number_field(p("/api/cpu"), "CPU", "units (1024 = 1 vCPU)", &catalog::CONTAINER_CPU, api(i, |a| a.cpu, |a, v| a.cpu = v))}
                        {number_field(p("/api/memory"), "Memory", "MiB", &catalog::CONTAINER_MEMORY, api(i, |a| a.memory, |a, v| a.memory = v))}
                        {text_field(p("/api/health_check_path"), "Health check path", api(i, |a| a.health_check_path.clone(), |a, v| a.health_check_path = v))}
                    </div>
                </fieldset>
            </Show>
            <Show when=move || has_worker.get()>
                <fieldset>
                    <legend>"Worker"</legend>
                    <div class="grid">
                        {text_field(p("/worker/image"), "Container image", worker(i, |w| w.image.clone(), |w, v| tfdesign_core::edit::set_image(&mut w.image, &mut w.command, v)))}
                        {number_field(p("/worker/cpu"), "CPU", "units (1024 = 1 vCPU)", &catalog::WORKER_CPU, worker(i, |w| w.cpu, |w, v| w.cpu = v))}
                        {number_field(p("/worker/memory"), "Memory", "MiB", &catalog::WORKER_MEMORY, worker(i, |w| w.memory, |w, v| w.memory = v))}
                        {list_field(p("/worker/queues"), "Queues consumed", worker(i, |w| w.queues.clone(), |w, v| w.queues = v))}
                        {number_field(p("/worker/backlog_per_task"), "Backlog per task", "messages waiting per task (latency ÷ seconds per message)", &catalog::WORKER_BACKLOG_PER_TASK, worker(i, |w| w.backlog_per_task, |w, v| w.backlog_per_task = v))}
                    </div>
                </fieldset>
            </Show>
            <Show when=move || has_db.get()>
                <fieldset>
                    <legend>"Database"</legend>
                    <div class="grid">
                        {select_field(p("/database/engine_version"), "PostgreSQL version", POSTGRES_VERSIONS, database(i, |b| b.engine_version.clone(), |b, v| b.engine_version = v))}
                        {text_field(p("/database/db_name"), "Database name", database(i, |b| b.db_name.clone(), |b, v| b.db_name = v))}
                        {text_field(p("/database/username"), "Master user name", database(i, |b| b.username.clone(), |b, v| b.username = v))}
                    </div>
                </fieldset>
            </Show>
            <fieldset>
                <legend>{move || format!("Lambda functions ({})", lambdas.get())}</legend>
                {move || {
                    (0..lambdas.get())
                        .map(|j| {
                            view! {
                                <div class="item" data-testid="lambda-item">
                                    <div class="grid">
                                        {text_field(
                                            format!("/services/{i}/lambdas/{j}/name"),
                                            "Function name",
                                            (
                                                get(move |d| d.services.get(i)?.lambdas.get(j).map(|l| l.name.clone())),
                                                set(move |d, v: String| edit::rename_lambda(d, i, j, &v)),
                                            ),
                                        )}
                                        {select_field(format!("/services/{i}/lambdas/{j}/runtime"), "Runtime", LAMBDA_RUNTIMES, lambda(i, j, |l| l.runtime.clone(), |l, v| l.runtime = v))}
                                        {text_field(format!("/services/{i}/lambdas/{j}/handler"), "Handler", lambda(i, j, |l| l.handler.clone(), |l, v| l.handler = v))}
                                        {number_field(format!("/services/{i}/lambdas/{j}/memory_mb"), "Memory", "MiB", &catalog::LAMBDA_FUNCTION_MEMORY_MB, lambda(i, j, |l| l.memory_mb, |l, v| l.memory_mb = v))}
                                        {number_field(format!("/services/{i}/lambdas/{j}/timeout_seconds"), "Timeout", "s", &catalog::LAMBDA_FUNCTION_TIMEOUT_SECONDS, lambda(i, j, |l| l.timeout_seconds, |l, v| l.timeout_seconds = v))}
                                        {choice_field(format!("/services/{i}/lambdas/{j}/queue"), "Triggering queue", move |d| d.services.get(i).map(|s| s.queues.iter().map(|q| q.name.clone()).collect()).unwrap_or_default(), Some("none"), lambda(i, j, |l| l.queue.clone().unwrap_or_default(), |l, v| l.queue = (!v.trim().is_empty()).then_some(v)))}
                                        {check_field(format!("/services/{i}/lambdas/{j}/function_url"), "HTTPS function URL", lambda(i, j, |l| l.function_url, |l, v| l.function_url = v))}
                                        {check_field(format!("/services/{i}/lambdas/{j}/public_url"), "Public URL, no authentication", lambda(i, j, |l| l.public_url, |l, v| l.public_url = v))}
                                    </div>
                                    <button type="button" class="danger small" on:click=move |_| state.remove("the function", |d| edit::remove_lambda(d, i, j))>
                                        "Remove function"
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" aria-label="Add a Lambda function" on:click=move |_| state.edit(None, |d| { edit::add_lambda(d, i); })>
                    "+ Lambda function"
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || format!("Queues ({})", queues.get())}</legend>
                {move || {
                    (0..queues.get())
                        .map(|j| {
                            view! {
                                <div class="item">
                                    <div class="grid">
                                        {text_field(
                                            format!("/services/{i}/queues/{j}/name"),
                                            "Queue name",
                                            (
                                                get(move |d| d.services.get(i)?.queues.get(j).map(|q| q.name.clone())),
                                                set(move |d, v: String| edit::rename_queue(d, i, j, &v)),
                                            ),
                                        )}
                                        {number_field(format!("/services/{i}/queues/{j}/visibility_timeout_seconds"), "Visibility timeout", "s", &catalog::QUEUE_VISIBILITY_TIMEOUT_SECONDS, queue(i, j, |q| q.visibility_timeout_seconds, |q, v| q.visibility_timeout_seconds = v))}
                                        {number_field(format!("/services/{i}/queues/{j}/max_receive_count"), "Receives before dead-letter", "times", &catalog::QUEUE_MAX_RECEIVE_COUNT, queue(i, j, |q| q.max_receive_count, |q, v| q.max_receive_count = v))}
                                    </div>
                                    <QueueSubscriptions index=i queue=j />
                                    <button type="button" class="danger small" on:click=move |_| state.remove("the queue", |d| edit::remove_queue(d, i, j))>
                                        "Remove queue"
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" aria-label="Add a queue" on:click=move |_| state.edit(None, |d| { edit::add_queue(d, i); })>
                    "+ Queue"
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || format!("Schedules ({})", schedules.get())}</legend>
                {move || {
                    (0..schedules.get())
                        .map(|j| {
                            let expression = format!("/services/{i}/schedules/{j}/expression");
                            let hour_id = format!("cron-hour-{i}-{j}");
                            let every_id = format!("cron-every-{i}-{j}");
                            let key = expression.clone();
                            view! {
                                <div class="item">
                                    <div class="grid">
                                        {text_field(format!("/services/{i}/schedules/{j}/name"), "Schedule name", schedule(i, j, |s| s.name.clone(), |s, v| s.name = v))}
                                        {text_field(expression.clone(), "Expression (UTC)", schedule(i, j, |s| s.expression.clone(), |s, v| s.expression = v))}
                                        {choice_field(format!("/services/{i}/schedules/{j}/lambda"), "Function invoked", move |d| d.services.get(i).map(|s| s.lambdas.iter().map(|l| l.name.clone()).collect()).unwrap_or_default(), None, schedule(i, j, |s| s.lambda.clone(), |s, v| s.lambda = v))}
                                        {text_field(format!("/services/{i}/schedules/{j}/description"), "Description", schedule(i, j, |s| s.description.clone(), |s, v| s.description = v))}
                                    </div>
                                    <div class="cron-helper" role="group" aria-label="Cron helper">
                                        <label for=hour_id.clone()>"Daily at"</label>
                                        <select
                                            id=hour_id
                                            on:change=move |ev| {
                                                if let Ok(h) = event_target_value(&ev).parse::<u32>() {
                                                    state.edit(Some(&key), |d| {
                                                        if let Some(s) = d.services.get_mut(i).and_then(|s| s.schedules.get_mut(j)) {
                                                            s.expression = edit::cron_daily_at(h);
                                                        }
                                                    });
                                                }
                                            }
                                        >
                                            <option value="">"choose…"</option>
                                            {(0..24).map(|h| view! { <option value=h.to_string()>{format!("{h:02}:00 UTC")}</option> }).collect_view()}
                                        </select>
                                        <label for=every_id.clone()>"or every"</label>
                                        <select
                                            id=every_id
                                            on:change=move |ev| {
                                                if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                                    state.edit(None, |d| {
                                                        if let Some(s) = d.services.get_mut(i).and_then(|s| s.schedules.get_mut(j)) {
                                                            s.expression = edit::rate_every_hours(n);
                                                        }
                                                    });
                                                }
                                            }
                                        >
                                            <option value="">"choose…"</option>
                                            {[1u32, 2, 3, 4, 6, 8, 12].into_iter().map(|n| view! { <option value=n.to_string()>{format!("{n} h")}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="button" class="danger small" on:click=move |_| state.remove("the schedule", |d| edit::remove_schedule(d, i, j))>
                                        "Remove schedule"
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" aria-label="Add a schedule" on:click=move |_| state.edit(None, |d| { edit::add_schedule(d, i); })>
                    "+ Schedule"
                </button>
            </fieldset>
            <CapacitySection index=i />
            <BucketSection index=i />
            <TableSection index=i />
            <CacheSection index=i />
            <TopicSection index=i />
        </div>
    }
}
