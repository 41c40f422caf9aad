//! Where the containers of a service (its API and worker) run: the launch type. On EC2 they
//! run on the hosts of the tier's cluster; on Fargate they need no host, and their task size
//! must be one Fargate runs. The API and worker kinds ask these questions; the plan decides
//! from them which platforms have hosts.

use crate::catalog;
use crate::design::{Design, LaunchType, Service};
use crate::diagnostic::Diagnostic;

/// Whether `service` runs containers, and runs them on Fargate.
pub fn on_fargate(service: &Service) -> bool {
    service.launch_type == LaunchType::Fargate && super::runs_containers(service)
}

/// What a description of a container of `service` adds: ` on Fargate`, or nothing on EC2.
pub(crate) fn on(service: &Service) -> &'static str {
    if on_fargate(service) {
        " on Fargate"
    } else {
        ""
    }
}

/// Where the containers of `service` run, in a diagram box: `Fargate`, or `ECS` (on the
/// cluster's hosts).
pub(crate) fn runs_on(service: &Service) -> &'static str {
    if on_fargate(service) {
        "Fargate"
    } else {
        "ECS"
    }
}

/// Whether some service of `design` runs its containers on Fargate: then the ECS modules take
/// a launch type (without one they are exactly the EC2-only modules).
pub fn fargate(design: &Design) -> bool {
    design.services.iter().any(on_fargate)
}

/// The task size rule of a container of a service on Fargate: `cpu` units and `memory` MiB
/// must be a Fargate size. `base` is the container's JSON Pointer (`/services/0/api`), `what`
/// names it in the message ("the API").
pub(crate) fn size_rule(
    base: &str,
    what: &str,
    service: &Service,
    cpu: u32,
    memory: u32,
) -> Option<Diagnostic> {
    size_rule_at(
        (format!("{base}/cpu"), format!("{base}/memory")),
        what,
        service,
        cpu,
        memory,
    )
}

/// The task size rule on every tier's capacity override of a container on Fargate
/// (`services[].capacity.<tier>.<block>_cpu` / `_memory`): the size the override makes in that
/// tier must be a Fargate size too; the error points at the override that is set. `service_base`
/// is the service's JSON Pointer, `block` `api` or `worker`, `cpu` and `memory` the block's own.
pub(crate) fn override_size_rules(
    service_base: &str,
    block: &str,
    what: &str,
    service: &Service,
    (cpu, memory): (u32, u32),
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (tier, own) in &service.capacity {
        let (own_cpu, own_memory) = if block == "api" {
            (own.api_cpu, own.api_memory)
        } else {
            (own.worker_cpu, own.worker_memory)
        };
        if own_cpu.is_none() && own_memory.is_none() {
            continue;
        }
        let at = |field: &str| {
            let key = format!("{block}_{field}");
            format!(
                "{service_base}{}",
                crate::diagnostic::pointer(&["capacity", tier, &key])
            )
        };
        let cpu_at = at(if own_cpu.is_some() { "cpu" } else { "memory" });
        let memory_at = at(if own_memory.is_some() {
            "memory"
        } else {
            "cpu"
        });
        out.extend(size_rule_at(
            (cpu_at, memory_at),
            &format!("in tier {tier}, {what}"),
            service,
            own_cpu.unwrap_or(cpu),
            own_memory.unwrap_or(memory),
        ));
    }
    out
}

/// [`size_rule`], its findings at `(cpu_at, memory_at)`.
fn size_rule_at(
    (cpu_at, memory_at): (String, String),
    what: &str,
    service: &Service,
    cpu: u32,
    memory: u32,
) -> Option<Diagnostic> {
    if service.launch_type != LaunchType::Fargate || catalog::fargate_size(cpu, memory) {
        return None;
    }
    let hint = "Pick a Fargate size (see the ECS task definition reference, \"Task CPU and \
memory\"), or run the service on EC2 (launch_type \"ec2\").";
    Some(
        match catalog::fargate_memory_for(cpu) {
            Some(allowed) => Diagnostic::error(
                memory_at,
                format!(
                "{what} runs on Fargate, which has no task of {cpu} CPU units with {memory} MiB: \
with {cpu} units it allows {allowed}"
            ),
            ),
            None => {
                let cpus: Vec<String> = cpu_values().iter().map(u32::to_string).collect();
                Diagnostic::error(
                    cpu_at,
                    format!(
                        "{what} runs on Fargate, whose tasks have {} CPU units, not {cpu}",
                        or_list(&cpus)
                    ),
                )
            }
        }
        .with_hint(hint),
    )
}

/// The CPU values of Fargate tasks, ascending, each once.
fn cpu_values() -> Vec<u32> {
    let mut cpus: Vec<u32> = catalog::FARGATE_SIZES.iter().map(|r| r.0).collect();
    cpus.dedup();
    cpus
}

/// "a, b or c".
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_values_are_the_fargate_ones() {
        assert_eq!(cpu_values(), [256, 512, 1024, 2048, 4096, 8192, 16384]);
    }
}
