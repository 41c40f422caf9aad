//! Capacity per service and tier: the values a deployment of a service actually gets, from
//! the tier (`tiers[].compute.task_count`, `tiers[].database.instance_class`, `read_replicas`)
//! and the service's blocks (`api.cpu`, `worker.memory`, …), unless the service overrides them
//! for that tier (`services[].capacity.<tier>`).
//!
//! Resolved here once: the plan stores it per deployment ([`super::Deployment::capacity`]), the
//! emitters, the docs and the cost rules read that, and the designer shows [`explain`].
//!
//! The ECS hosts (`tiers[].compute.instance_type`, `asg_min`, `asg_max`, `asg_desired`) are
//! the tier's, shared by its services, unless a service overrides one of them: then its API
//! and worker (on EC2) get hosts of their own in the tier's cluster ([`Capacity::own_hosts`];
//! the plan makes them a [`super::HostGroup`] of each platform of the tier).

use crate::design::{Service, ServiceCapacity, Tier};

/// The effective capacity of a service in one tier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capacity {
    /// Desired tasks of the API and the worker (the floor autoscaling returns to).
    pub task_count: u32,
    /// CPU units and memory (MiB) of the API's container; 0 without an API.
    pub api_cpu: u32,
    pub api_memory: u32,
    /// CPU units and memory (MiB) of the worker's container; 0 without a worker.
    pub worker_cpu: u32,
    pub worker_memory: u32,
    /// RDS instance class of the database and its replicas.
    pub db_instance_class: String,
    /// Same-region read replicas of the database (before a cross-region replica's zero).
    pub db_read_replicas: u32,
    /// The ECS hosts the service's containers run on: the tier's shared hosts, or with
    /// [`Capacity::own_hosts`] its own.
    pub hosts: Hosts,
    /// Whether the service overrides some host field in this tier (its own hosts, when its
    /// containers run on EC2).
    pub own_hosts: bool,
}

/// The size of a group of ECS hosts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    /// EC2 instance type.
    pub instance_type: String,
    /// Auto Scaling group minimum, maximum and desired (at creation) sizes.
    pub asg_min: u32,
    pub asg_max: u32,
    pub asg_desired: u32,
}

/// The capacity of `service` in `tier`: each override of `services[].capacity.<tier>` over
/// the default.
pub fn resolve(service: &Service, tier: &Tier) -> Capacity {
    let own = overrides(service, tier);
    let api = service.api.as_ref().map(|a| (a.cpu, a.memory));
    let worker = service.worker.as_ref().map(|w| (w.cpu, w.memory));
    let over = |o: Option<u32>, default: u32| o.unwrap_or(default);
    Capacity {
        task_count: over(own.task_count, tier.compute.task_count),
        api_cpu: api.map_or(0, |(cpu, _)| over(own.api_cpu, cpu)),
        api_memory: api.map_or(0, |(_, memory)| over(own.api_memory, memory)),
        worker_cpu: worker.map_or(0, |(cpu, _)| over(own.worker_cpu, cpu)),
        worker_memory: worker.map_or(0, |(_, memory)| over(own.worker_memory, memory)),
        db_instance_class: own
            .db_instance_class
            .clone()
            .unwrap_or_else(|| tier.database.instance_class.clone()),
        db_read_replicas: over(own.db_read_replicas, tier.database.read_replicas),
        hosts: Hosts {
            instance_type: own
                .instance_type
                .clone()
                .unwrap_or_else(|| tier.compute.instance_type.clone()),
            asg_min: over(own.asg_min, tier.compute.asg_min),
            asg_max: over(own.asg_max, tier.compute.asg_max),
            asg_desired: over(own.asg_desired, tier.compute.asg_desired),
        },
        own_hosts: Field::HOSTS.into_iter().any(|f| f.get(own).is_some()),
    }
}

/// The overrides of `service` in `tier` (none when it has no entry).
pub fn overrides<'a>(service: &'a Service, tier: &Tier) -> &'a ServiceCapacity {
    static NONE: ServiceCapacity = ServiceCapacity {
        task_count: None,
        api_cpu: None,
        api_memory: None,
        worker_cpu: None,
        worker_memory: None,
        db_instance_class: None,
        db_read_replicas: None,
        instance_type: None,
        asg_min: None,
        asg_max: None,
        asg_desired: None,
    };
    service.capacity.get(&tier.name).unwrap_or(&NONE)
}

/// A field a service may override per tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    TaskCount,
    ApiCpu,
    ApiMemory,
    WorkerCpu,
    WorkerMemory,
    DbInstanceClass,
    DbReadReplicas,
    InstanceType,
    AsgMin,
    AsgMax,
    AsgDesired,
}

/// What a field belongs to: the containers (API or worker) or the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The API and the worker (the task count).
    Containers,
    /// The API's container.
    Api,
    /// The worker's container.
    Worker,
    /// The database.
    Database,
    /// The ECS hosts of the API and the worker (on EC2; Fargate tasks need none).
    Hosts,
}

impl Field {
    /// Every field, in the designer's order.
    pub const ALL: [Field; 11] = [
        Field::TaskCount,
        Field::ApiCpu,
        Field::ApiMemory,
        Field::WorkerCpu,
        Field::WorkerMemory,
        Field::DbInstanceClass,
        Field::DbReadReplicas,
        Field::InstanceType,
        Field::AsgMin,
        Field::AsgMax,
        Field::AsgDesired,
    ];

    /// The host fields: overriding any gives the service hosts of its own.
    pub const HOSTS: [Field; 4] = [
        Field::InstanceType,
        Field::AsgMin,
        Field::AsgMax,
        Field::AsgDesired,
    ];

    /// The key of the field in `services[].capacity.<tier>`.
    pub fn key(self) -> &'static str {
        match self {
            Field::TaskCount => "task_count",
            Field::ApiCpu => "api_cpu",
            Field::ApiMemory => "api_memory",
            Field::WorkerCpu => "worker_cpu",
            Field::WorkerMemory => "worker_memory",
            Field::DbInstanceClass => "db_instance_class",
            Field::DbReadReplicas => "db_read_replicas",
            Field::InstanceType => "instance_type",
            Field::AsgMin => "asg_min",
            Field::AsgMax => "asg_max",
            Field::AsgDesired => "asg_desired",
        }
    }

    /// The field in words.
    pub fn label(self) -> &'static str {
        match self {
            Field::TaskCount => "Task count",
            Field::ApiCpu => "API CPU units",
            Field::ApiMemory => "API memory (MiB)",
            Field::WorkerCpu => "Worker CPU units",
            Field::WorkerMemory => "Worker memory (MiB)",
            Field::DbInstanceClass => "DB instance class",
            Field::DbReadReplicas => "DB read replicas",
            Field::InstanceType => "Host instance type",
            Field::AsgMin => "Hosts minimum",
            Field::AsgMax => "Hosts maximum",
            Field::AsgDesired => "Hosts desired",
        }
    }

    /// What the field belongs to.
    pub fn owner(self) -> Owner {
        match self {
            Field::TaskCount => Owner::Containers,
            Field::ApiCpu | Field::ApiMemory => Owner::Api,
            Field::WorkerCpu | Field::WorkerMemory => Owner::Worker,
            Field::DbInstanceClass | Field::DbReadReplicas => Owner::Database,
            Field::InstanceType | Field::AsgMin | Field::AsgMax | Field::AsgDesired => Owner::Hosts,
        }
    }

    /// Whether the value is a number (else the DB class or the instance type, text).
    pub fn numeric(self) -> bool {
        !matches!(self, Field::DbInstanceClass | Field::InstanceType)
    }

    /// The schema bound of the field.
    pub fn bound(self) -> Option<&'static crate::catalog::Bound> {
        self.numeric()
            .then(|| crate::catalog::bound("ServiceCapacity", self.key()))
            .flatten()
    }

    /// The override of this numeric field in `own` (`None` for the DB class and instance type).
    pub fn number(self, own: &ServiceCapacity) -> Option<u32> {
        match self {
            Field::TaskCount => own.task_count,
            Field::ApiCpu => own.api_cpu,
            Field::ApiMemory => own.api_memory,
            Field::WorkerCpu => own.worker_cpu,
            Field::WorkerMemory => own.worker_memory,
            Field::DbInstanceClass | Field::InstanceType => None,
            Field::DbReadReplicas => own.db_read_replicas,
            Field::AsgMin => own.asg_min,
            Field::AsgMax => own.asg_max,
            Field::AsgDesired => own.asg_desired,
        }
    }

    /// The override of this field in `own`, as text.
    pub fn get(self, own: &ServiceCapacity) -> Option<String> {
        match self {
            Field::DbInstanceClass => own.db_instance_class.clone(),
            Field::InstanceType => own.instance_type.clone(),
            _ => self.number(own).map(|v| v.to_string()),
        }
    }

    /// The effective value of this field in `capacity`, as text.
    pub fn value(self, capacity: &Capacity) -> String {
        match self {
            Field::TaskCount => capacity.task_count.to_string(),
            Field::ApiCpu => capacity.api_cpu.to_string(),
            Field::ApiMemory => capacity.api_memory.to_string(),
            Field::WorkerCpu => capacity.worker_cpu.to_string(),
            Field::WorkerMemory => capacity.worker_memory.to_string(),
            Field::DbInstanceClass => capacity.db_instance_class.clone(),
            Field::DbReadReplicas => capacity.db_read_replicas.to_string(),
            Field::InstanceType => capacity.hosts.instance_type.clone(),
            Field::AsgMin => capacity.hosts.asg_min.to_string(),
            Field::AsgMax => capacity.hosts.asg_max.to_string(),
            Field::AsgDesired => capacity.hosts.asg_desired.to_string(),
        }
    }

    /// JSON Pointer of the default this field overrides, for service `service` and tier
    /// `tier` (indexes into the design).
    pub fn default_pointer(self, service: usize, tier: usize) -> String {
        match self {
            Field::TaskCount => format!("/tiers/{tier}/compute/task_count"),
            Field::ApiCpu => format!("/services/{service}/api/cpu"),
            Field::ApiMemory => format!("/services/{service}/api/memory"),
            Field::WorkerCpu => format!("/services/{service}/worker/cpu"),
            Field::WorkerMemory => format!("/services/{service}/worker/memory"),
            Field::DbInstanceClass => format!("/tiers/{tier}/database/instance_class"),
            Field::DbReadReplicas => format!("/tiers/{tier}/database/read_replicas"),
            Field::InstanceType => format!("/tiers/{tier}/compute/instance_type"),
            Field::AsgMin => format!("/tiers/{tier}/compute/asg_min"),
            Field::AsgMax => format!("/tiers/{tier}/compute/asg_max"),
            Field::AsgDesired => format!("/tiers/{tier}/compute/asg_desired"),
        }
    }

    /// Whether the default comes from the tier (else from the service's own block, the same
    /// in every tier).
    pub fn from_tier(self) -> bool {
        !matches!(self.owner(), Owner::Api | Owner::Worker)
    }
}

/// JSON Pointer of an override: `/services/<service>/capacity/<tier>/<field>`.
pub fn pointer(service: usize, tier: &str, field: Field) -> String {
    crate::diagnostic::pointer(&[
        "services",
        &service.to_string(),
        "capacity",
        tier,
        field.key(),
    ])
}

/// One field of a service in a tier as the designer shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effective {
    /// The field.
    pub field: Field,
    /// The value the deployments get.
    pub value: String,
    /// Whether this service overrides it in this tier.
    pub overridden: bool,
    /// The value without the override.
    pub default: String,
    /// Where the value comes from, in words: "this service", "from tier prod", "from the API";
    /// a host field not overridden says whether the service runs on the tier's shared hosts
    /// or on its own ("from tier prod (own hosts)": the tier's value, the service's group).
    pub source: String,
}

/// The fields of `service` in `tier` that apply to it (`applies` says whether the service has
/// the owner of a field: containers, an API, a worker, a database), each with its effective
/// value and where it comes from.
pub fn explain(service: &Service, tier: &Tier, applies: impl Fn(Owner) -> bool) -> Vec<Effective> {
    let own = overrides(service, tier);
    let effective = resolve(service, tier);
    let mut bare = service.clone();
    bare.capacity.clear();
    let default = resolve(&bare, tier);
    Field::ALL
        .into_iter()
        .filter(|f| applies(f.owner()))
        .map(|field| {
            let overridden = field.get(own).is_some();
            let source = if overridden {
                "this service".to_string()
            } else if field.owner() == Owner::Hosts && effective.own_hosts {
                format!("from tier {} (own hosts)", tier.name)
            } else if field.owner() == Owner::Hosts {
                format!("from tier {} (shared hosts)", tier.name)
            } else if field.from_tier() {
                format!("from tier {}", tier.name)
            } else if field.owner() == Owner::Api {
                "from the API (every tier)".to_string()
            } else {
                "from the worker (every tier)".to_string()
            };
            Effective {
                field,
                value: field.value(&effective),
                overridden,
                default: field.value(&default),
                source,
            }
        })
        .collect()
}
