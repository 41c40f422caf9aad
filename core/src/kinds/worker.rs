//! The queue-consuming worker on ECS: whether a service has it, its design rules, and what it
//! adds to its deployment roots (module call, database caller).

use super::describe::{Chip, Layout, Shape, Tint, BW, COL, ROW0};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{Design, Service, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::root_parts::{command, key, topic, UP};
use crate::field_rules;
use crate::plan::naming;

/// The name a root gives its worker: `<root name>-worker`.
pub const WORKER_SUFFIX: &str = "-worker";

/// The queue-consuming worker on ECS.
pub struct Worker;

/// Alarms of a worker (`modules/ecs-worker`): running tasks.
pub const WORKER_ALARMS: u64 = 1;

impl Kind for Worker {
    fn numbers(&self, base: &str, service: &Service) -> Vec<Number> {
        let Some(w) = &service.worker else {
            return Vec::new();
        };
        let p = format!("{base}/worker");
        vec![
            (format!("{p}/cpu"), "Worker", "cpu", w.cpu),
            (format!("{p}/memory"), "Worker", "memory", w.memory),
            (
                format!("{p}/backlog_per_task"),
                "Worker",
                "backlog_per_task",
                w.backlog_per_task,
            ),
        ]
    }

    fn present(&self, service: &Service) -> bool {
        service.worker.is_some()
    }

    fn field(&self) -> &'static str {
        "worker"
    }

    fn label(&self) -> &'static str {
        "Worker"
    }

    fn a(&self) -> &'static str {
        "a queue worker"
    }

    fn single(&self) -> bool {
        true
    }

    fn first_field(&self, _number: usize) -> String {
        "/worker/image".to_owned()
    }

    /// A worker of every queue of the service; a service without queues gets one, `jobs`.
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        if !super::Queue.present(service) {
            service.queues.push(crate::design::Queue {
                name: "jobs".into(),
                ..crate::design::Queue::default()
            });
        }
        service.worker = Some(crate::design::Worker {
            queues: service.queues.iter().map(|q| q.name.clone()).collect(),
            ..crate::design::Worker::default()
        });
        Some(0)
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = super::single_mut(design, index, number) {
            service.worker = None;
        }
    }

    fn what(&self, _service: &Service, _number: usize) -> Option<String> {
        Some("the worker".to_owned())
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 102,
            saturation: 48,
        }
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::EcsWorker, ModuleName::EcsCluster]
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    /// Its ECS execution role and log group, from `<root>-worker`.
    fn names(&self, _service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let worker = format!("{root}{}", WORKER_SUFFIX);
        vec![
            Name::new("name", naming::ECS_EXEC_ROLE, &worker),
            Name::new("name", naming::ECS_LOG_GROUP, &worker),
        ]
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "worker",
            tint: self.tint(),
            label: format!("Worker{}", super::launch::on(service)),
        })
    }

    /// The worker, and its arrow to the database.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let mut out = vec![Layout::node(
            COL[1],
            ROW0,
            BW,
            "worker",
            format!("Worker ({})", super::launch::runs_on(layout.service)),
            "/worker/image".into(),
        )];
        if super::Database.present(layout.service) {
            out.push(Layout::edge((COL[1] + BW / 2, ROW0), (COL[2] + 50, 80)));
        }
        out
    }
}

impl Build for Worker {
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        if !self.present(root.service) {
            return;
        }
        l.count_alarms(WORKER_ALARMS, format!("{WORKER_ALARMS} of the worker"));
        l.count_log_groups(1, "the worker's");
        if super::on_fargate(root.service) {
            let c = root.capacity;
            l.fargate_tasks(root, "worker", "worker", (c.worker_cpu, c.worker_memory));
        }
        l.count_target_tracking(1, "the worker's backlog per task");
    }
    fn readme_lines(&self, _root: &Root) -> Vec<String> {
        vec!["ECS queue worker".into()]
    }
    fn output_rank(&self) -> u8 {
        0
    }
    fn runs_on_cluster(&self) -> Option<&'static str> {
        Some("worker")
    }
    fn module_calls(&self, root: &Root, wiring: &Wiring) -> Vec<Blk> {
        module_call(root.service, root.capacity, wiring)
            .into_iter()
            .collect()
    }
    /// The worker's task role.
    fn code_roles(&self, _service: &Service) -> Vec<E> {
        vec![r("module.worker.task_role_arn")]
    }
    fn components(&self, service: &Service) -> Vec<String> {
        vec![format!("ECS worker{}", super::launch::on(service))]
    }
    /// The worker's tasks.
    fn db_callers(&self, _service: &Service) -> Vec<(String, E)> {
        vec![("worker".into(), r("module.worker.security_group_id"))]
    }
}

/// The worker's design rules: its container (image, size, command), and it consumes at least
/// one queue, and only queues of its service. `base` is the service's JSON Pointer.
fn rules(base: &str, service: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(w) = &service.worker else {
        return out;
    };
    let at = format!("{base}/worker");
    field_rules::container(&mut out, &at, &w.image, w.cpu, w.memory);
    field_rules::command(&mut out, &format!("{at}/command"), &w.command);
    field_rules::placeholder_command(&mut out, &at, &w.image, &w.command);
    out.extend(super::launch::size_rule(
        &format!("{base}/worker"),
        "the worker",
        service,
        w.cpu,
        w.memory,
    ));
    out.extend(super::launch::override_size_rules(
        base,
        "worker",
        "the worker",
        service,
        (w.cpu, w.memory),
    ));
    if w.queues.is_empty() {
        out.push(
            Diagnostic::error(
                format!("{base}/worker/queues"),
                "the worker consumes no queue: it scales on the backlog of its queues",
            )
            .with_hint("List one of the service's queues, or remove the worker."),
        );
    }
    for (j, q) in w.queues.iter().enumerate() {
        if !service.queues.iter().any(|sq| sq.name == *q) {
            out.push(Diagnostic::error(
                format!("{base}/worker/queues/{j}"),
                format!("the worker consumes \"{q}\", which is not one of the service's queues"),
            ));
        }
    }
    out
}

/// The module call of a deployment root of `service` with a worker: `ecs-worker` in the tier's
/// cluster, consuming its queues (and scaling on their backlog), its alarms notifying the
/// root's topic.
fn module_call(
    service: &Service,
    capacity: &crate::plan::capacity::Capacity,
    wiring: &Wiring,
) -> Option<Blk> {
    let worker = service.worker.as_ref()?;
    let consumed = || worker.queues.iter().map(String::as_str);
    Some(
        wiring
            .cluster
            .wire(
                blk("module", &["worker"])
                    .a("source", s(format!("{UP}/modules/ecs-worker")))
                    .a(
                        "permissions_boundary_arn",
                        r("local.permissions_boundary_arn"),
                    )
                    .a(
                        "name",
                        tpl(vec![T::X(r("local.name")), T::L(WORKER_SUFFIX)]),
                    )
                    .a("vpc_id", r("local.vpc_id"))
                    .a("private_subnet_ids", r("local.private_subnet_ids")),
            )
            .a("container_image", s(worker.image.as_str()))
            .opt("container_command", command(&worker.command))
            .a("container_cpu", n(capacity.worker_cpu.into()))
            .a("container_memory", n(capacity.worker_memory.into()))
            .a("desired_count", r("var.task_count"))
            .a("environment_variables", obj(wiring.caller_env(service)))
            .opt(
                "db_connect_arns",
                super::database::connect_arns(service, false),
            )
            .a("consume_queue_arns", super::queue::arns(consumed()))
            .a(
                "consume_queue_names",
                list(consumed().map(|q| super::queue::attr(q, "queue_name"))),
            )
            .a("backlog_per_task", n(worker.backlog_per_task.into()))
            // The task role may use the key when it consumes an (encrypted) queue.
            .a(
                "kms_key_arns",
                list((consumed().next().is_some() || super::code_reads_key(service)).then(key)),
            )
            .a(
                "readonly_root_filesystem",
                b(wiring.security.read_only_root_filesystem),
            )
            .a("writable_paths", strs(&wiring.security.writable_paths))
            .a("log_retention_days", r("var.log_retention_days"))
            .a("kms_key_arn", key())
            .a("alarm_actions", topic()),
    )
}
