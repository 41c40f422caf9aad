//! The plan: one entry per root deployment (service × tier × region), with every name and
//! value that the emitters need decided here, once.

use crate::design::{Design, RegionRole, Tier};
use crate::kinds::{self, Kind, ModuleName};

pub mod capacity;
pub mod logs;
pub mod naming;
pub mod root;
pub mod security;

pub use capacity::Capacity;

pub use naming::{log_bucket_name, short_name, state_key_alias, SHORT_NAME_MAX};

/// `Service` tag of the platform roots' resources.
pub const PLATFORM_SERVICE_TAG: &str = "platform";

/// `CostCode` tag of the platform roots' resources: the hosts are shared by the services of
/// the tier, whose own cost codes the tasks carry (see the bundle's NOTES).
pub const PLATFORM_COST_CODE: &str = "shared";

/// Resolved deployments of a validated design.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Deployments in service, tier, region order.
    pub deployments: Vec<Deployment>,
    /// The ECS platforms (one cluster and its hosts per tier and region that runs containers),
    /// in tier, region order.
    pub platforms: Vec<Platform>,
    /// Whether some service runs its containers on Fargate: then the ECS modules take a launch
    /// type (`modules::ecs_*`); without one they are exactly the EC2-only modules.
    pub fargate: bool,
    /// The reusable modules the bundle has (`iam` always, and those the services' roots call:
    /// `ecs-cluster` with any API or worker, for the platform roots), in the order of their names.
    pub modules: Vec<ModuleName>,
    /// Whether some platform has a service's own hosts ([`Platform::host_groups`]): then
    /// `modules/ecs-cluster` takes `host_groups` (and its shared hosts are optional); without
    /// any it is exactly the module without them.
    pub host_groups: bool,
    /// The design's security choices weaker than the defaults (the checkov skips' fields),
    /// decided once: the module emitters, the roots, the bootstrap, the docs and the cost rules
    /// read this value.
    pub security: security::Choices,
}

/// The ECS hosts of one service in a platform: its own Auto Scaling group, launch template and
/// capacity provider in the tier's cluster (`services[].capacity.<tier>` overrides a host
/// field of a service whose API or worker runs on EC2).
#[derive(Clone, Debug, PartialEq)]
pub struct HostGroup {
    /// Index into `design.services`.
    pub service: usize,
    /// The group's key in the cluster module's `host_groups`: the service's name.
    pub key: String,
    /// `<platform name>-<service>`: the launch template, Auto Scaling group and capacity
    /// provider ([`naming::host_group`]).
    pub name: String,
    /// Instance type and sizes.
    pub hosts: capacity::Hosts,
    /// The service's cost code in the tier: the hosts carry its `Service` and `CostCode` tags.
    pub cost_code: String,
}

/// One Terraform root holding the ECS cluster, its Auto Scaling group of hosts and its capacity
/// provider, shared by every API and worker of a tier in a region.
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
    /// Index into `design.tiers`.
    pub tier: usize,
    /// AWS region code.
    pub region: String,
    /// Whether this region is the disaster-recovery region.
    pub dr: bool,
    /// Folder of the root inside the bundle: `platform/<region>/<tier>`.
    pub dir: String,
    /// Resource name prefix, e.g. `sports-cards-prod` (`-dr` appended in DR, because IAM role
    /// names are global to the account): the cluster, Auto Scaling group, launch template and
    /// capacity provider are all called this.
    pub name: String,
    /// Name of the ECS cluster the services of the tier and region run in.
    pub cluster_name: String,
    /// Name of the cluster's shared EC2 capacity provider (the capacity provider strategy of
    /// the EC2 services without hosts of their own).
    pub capacity_provider: String,
    /// Whether the cluster has shared EC2 hosts (Auto Scaling group, launch template, capacity
    /// provider and its alarm): some service of the tier runs its containers on EC2 without
    /// hosts of its own. A tier whose container services all run on Fargate or on their own
    /// hosts keeps no idle shared group.
    pub ec2_hosts: bool,
    /// The services' own hosts in this cluster, in service order.
    pub host_groups: Vec<HostGroup>,
    /// Whether the cluster offers the `FARGATE` and `FARGATE_SPOT` capacity providers: some
    /// service of the tier runs its containers on Fargate.
    pub fargate: bool,
    /// Whether the tier's Fargate services run on `FARGATE_SPOT` (their first task on
    /// `FARGATE`): the tier's `compute.fargate_spot`.
    pub fargate_spot: bool,
    /// Key of this root's state file: `platform/<region>/<tier>/platform.tfstate`. Service
    /// roots' keys are `<service>/<region>/<tier>/terraform.tfstate`, so even a service named
    /// `platform` cannot share it.
    pub state_key: String,
    /// State bucket of the region.
    pub state_bucket: String,
}

/// One Terraform root: a service of a tier in a region.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    /// Index into `design.services`.
    pub service: usize,
    /// Index into `design.tiers`.
    pub tier: usize,
    /// AWS region code.
    pub region: String,
    /// Whether this is the disaster-recovery copy.
    pub dr: bool,
    /// The design's primary region (the source of cross-region replicas).
    pub primary_region: String,
    /// Folder of the root inside the bundle.
    pub dir: String,
    /// Resource name prefix, e.g. `sports-cards-prod-card-catalog-api` (`-dr` appended in DR).
    pub name: String,
    /// The same, at most [`SHORT_NAME_MAX`] characters, for load balancer names.
    pub short_name: String,
    /// Cost code of this service in this tier.
    pub cost_code: String,
    /// The database is a cross-region read replica of the primary region's database.
    pub replica_of_primary: bool,
    /// Name of the primary region's database identifier (for replicas).
    pub primary_db_identifier: String,
    /// For a primary deployment whose database a disaster-recovery deployment replicates: that
    /// deployment's region and resource name prefix (its KMS key is `alias/<name>`), where the
    /// master secret is replicated to.
    pub db_replicated_to: Option<(String, String)>,
    /// Key of this root's state file.
    pub state_key: String,
    /// State bucket of the region.
    pub state_bucket: String,
    /// Index into [`Plan::platforms`] of the platform whose cluster runs this deployment's API
    /// and worker; `None` when the service has neither.
    pub platform: Option<usize>,
    /// The capacity provider the API and worker place their tasks with on EC2: the service's
    /// own hosts' ([`HostGroup::name`]) or the platform's shared one; empty without a platform.
    pub capacity_provider: String,
    /// The service's capacity in this tier (its overrides over the tier's and its blocks').
    pub capacity: Capacity,
    /// Global tables (`tiers[].storage.tables.global`), in the primary region's deployment:
    /// the disaster-recovery deployments of the service and tier, as (region, resource name
    /// prefix; its KMS key is `alias/<name>`), where its tables keep a replica.
    pub tables_replicated_to: Vec<(String, String)>,
    /// Global tables, in a disaster-recovery deployment: its tables are the replicas the
    /// primary region's deployment keeps here (read by name, not created).
    pub tables_replica: bool,
    /// The modules this root calls, in the order of [`ModuleName`] (the workflow's path filters).
    pub modules: Vec<ModuleName>,
    /// The Route 53 failover role of the API's alias records (`PRIMARY`, `SECONDARY`): with a
    /// domain, a tier that also runs in a disaster-recovery region serves one host name from
    /// both. `None` for a single-region tier or a tier without a domain.
    pub dns_failover: Option<&'static str>,
    /// Where this root's access logs go.
    pub logs: Logs,
    /// Whether Terraform generates and rotates the database's master password (see
    /// `kinds::database::terraform_password`).
    pub terraform_password: bool,
    /// The subscriptions of the deployment's queues to topics of other services' deployments
    /// in the same tier and region (whose roots apply first).
    pub subscriptions: Vec<kinds::topic::Subscribed>,
}

pub use logs::Logs;
/// Whether some service of `design` has hosts of its own in some tier ([`Plan::host_groups`],
/// without building the plan): its API or worker runs on EC2 and it overrides a host field of
/// a tier that deploys somewhere.
pub fn host_groups(design: &Design) -> bool {
    design.services.iter().any(|s| {
        kinds::runs_containers(s)
            && !kinds::on_fargate(s)
            && design
                .tiers
                .iter()
                .any(|t| !t.regions.is_empty() && capacity::resolve(s, t).own_hosts)
    })
}

impl Plan {
    /// Resolves a design. Missing references (caught by validation) resolve to empty strings.
    pub fn build(design: &Design) -> Plan {
        let primary = design.primary_region().unwrap_or_default().to_string();
        let state_bucket = |region: &str| {
            design
                .backend
                .regions
                .get(region)
                .map(|b| b.bucket.clone())
                .unwrap_or_default()
        };
        let containers = design.services.iter().any(kinds::runs_containers);
        // Every service deploys to every tier and region of the design, so a platform's
        // launch types are those of all the services that run containers.
        let on_ec2 =
            |s: &crate::design::Service| kinds::runs_containers(s) && !kinds::on_fargate(s);
        let fargate = kinds::launch::fargate(design);
        let mut platforms = Vec::new();
        for (ti, tier) in design.tiers.iter().enumerate() {
            // The tier's EC2 services with hosts of their own, and whether any is left for
            // the shared hosts.
            let own: Vec<(usize, Capacity)> = design
                .services
                .iter()
                .enumerate()
                .filter(|(_, s)| on_ec2(s))
                .map(|(si, s)| (si, capacity::resolve(s, tier)))
                .filter(|(_, c)| c.own_hosts)
                .collect();
            let ec2_hosts = design.services.iter().filter(|s| on_ec2(s)).count() > own.len();
            for region in &design.regions {
                if !containers || !tier.regions.contains(&region.name) {
                    continue;
                }
                let dr = region.role == RegionRole::Dr;
                let name = naming::platform(&design.project, &tier.name, dr);
                let host_groups = own
                    .iter()
                    .map(|(si, c)| {
                        let service = &design.services[*si];
                        HostGroup {
                            service: *si,
                            key: service.name.clone(),
                            name: naming::host_group(&name, &service.name),
                            hosts: c.hosts.clone(),
                            cost_code: service
                                .cost_codes
                                .get(&tier.name)
                                .cloned()
                                .unwrap_or_default(),
                        }
                    })
                    .collect();
                platforms.push(Platform {
                    tier: ti,
                    region: region.name.clone(),
                    dr,
                    dir: format!("platform/{}/{}", region.name, tier.name),
                    cluster_name: name.clone(),
                    capacity_provider: name.clone(),
                    ec2_hosts,
                    host_groups,
                    fargate,
                    fargate_spot: fargate && tier.compute.fargate_spot,
                    name,
                    state_key: format!("platform/{}/{}/platform.tfstate", region.name, tier.name),
                    state_bucket: state_bucket(&region.name),
                });
            }
        }
        let mut deployments = Vec::new();
        for (si, service) in design.services.iter().enumerate() {
            for (ti, tier) in design.tiers.iter().enumerate() {
                for region in &design.regions {
                    if !tier.regions.contains(&region.name) {
                        continue;
                    }
                    let dr = region.role == RegionRole::Dr;
                    // CloudFront is global: a service of only global blocks has no DR copy.
                    if dr && kinds::only_global(service) {
                        continue;
                    }
                    let base =
                        naming::deployment(&design.project, &tier.name, &service.name, false);
                    let name = naming::deployment(&design.project, &tier.name, &service.name, dr);
                    let platform = kinds::runs_containers(service)
                        .then(|| {
                            platforms
                                .iter()
                                .position(|p| p.tier == ti && p.region == region.name)
                        })
                        .flatten();
                    let capacity_provider = platform
                        .map(|p| {
                            let p = &platforms[p];
                            p.host_groups
                                .iter()
                                .find(|g| g.service == si)
                                .map_or(&p.capacity_provider, |g| &g.name)
                                .clone()
                        })
                        .unwrap_or_default();
                    let replica_of_primary = dr
                        && kinds::Database.present(service)
                        && tier.database.cross_region_replica
                        && tier.regions.contains(&primary);
                    let capacity = capacity::resolve(service, tier);
                    deployments.push(Deployment {
                        service: si,
                        tier: ti,
                        region: region.name.clone(),
                        dr,
                        primary_region: primary.clone(),
                        dir: format!(
                            "environments/{}/{}/{}",
                            service.name, region.name, tier.name
                        ),
                        short_name: short_name(&name, SHORT_NAME_MAX),
                        name,
                        cost_code: service
                            .cost_codes
                            .get(&tier.name)
                            .cloned()
                            .unwrap_or_default(),
                        replica_of_primary,
                        primary_db_identifier: base,
                        db_replicated_to: None,
                        state_key: format!(
                            "{}/{}/{}/terraform.tfstate",
                            service.name, region.name, tier.name
                        ),
                        state_bucket: state_bucket(&region.name),
                        platform,
                        capacity_provider,
                        modules: kinds::service_modules(service),
                        dns_failover: dns_failover(design, tier, dr),
                        logs: Logs::of(design, &region.name, &state_bucket(&region.name)),
                        // Decided again below, once the replicas are known.
                        terraform_password: false,
                        capacity,
                        tables_replicated_to: Vec::new(),
                        tables_replica: dr
                            && kinds::Table.present(service)
                            && tier.storage.tables.global
                            && tier.regions.contains(&primary),
                        subscriptions: kinds::topic::resolve(
                            design,
                            service,
                            &tier.name,
                            &region.name,
                            dr,
                        ),
                    });
                }
            }
        }
        let table_replicas: Vec<(usize, usize, String, String)> = deployments
            .iter()
            .filter(|d| d.tables_replica)
            .map(|d| (d.service, d.tier, d.region.clone(), d.name.clone()))
            .collect();
        for d in deployments
            .iter_mut()
            .filter(|d| !d.dr && d.region == d.primary_region)
        {
            d.tables_replicated_to = table_replicas
                .iter()
                .filter(|(s, t, _, _)| *s == d.service && *t == d.tier)
                .map(|(_, _, region, name)| (region.clone(), name.clone()))
                .collect();
        }
        let replicas: Vec<(usize, usize, String, String)> = deployments
            .iter()
            .filter(|d| d.replica_of_primary)
            .map(|d| (d.service, d.tier, d.region.clone(), d.name.clone()))
            .collect();
        for d in deployments
            .iter_mut()
            .filter(|d| !d.dr && d.region == d.primary_region)
        {
            d.db_replicated_to = replicas
                .iter()
                .find(|(s, t, _, _)| *s == d.service && *t == d.tier)
                .map(|(_, _, region, name)| (region.clone(), name.clone()));
        }
        for d in &mut deployments {
            d.terraform_password = kinds::database::terraform_password(
                &d.capacity,
                d.replica_of_primary,
                d.db_replicated_to.is_some(),
            );
        }
        // The services' modules (the API's and the worker's include `ecs-cluster`, which their
        // platform roots call).
        let mut modules = vec![ModuleName::Iam];
        modules.extend(design.services.iter().flat_map(kinds::service_modules));
        modules.sort_unstable_by_key(|m| m.as_str());
        modules.dedup();
        Plan {
            host_groups: host_groups(design),
            deployments,
            platforms,
            fargate,
            modules,
            security: security::Choices::of(design),
        }
    }
}

/// The Route 53 failover role of the API's alias records of a root of `tier` (in the
/// disaster-recovery region with `dr`): with a domain, a tier that also runs in a
/// disaster-recovery region serves one host name from both, the primary region's load balancer
/// while it has a healthy target (`PRIMARY`) and the standby's otherwise (`SECONDARY`). `None`
/// for a single-region tier.
fn dns_failover(design: &Design, tier: &Tier, dr: bool) -> Option<&'static str> {
    let has = |role| {
        design
            .regions
            .iter()
            .any(|g| g.role == role && tier.regions.contains(&g.name))
    };
    let two_regions = has(RegionRole::Primary) && has(RegionRole::Dr);
    let domain = design.security.tier(&tier.name).domain.is_some();
    (two_regions && domain).then_some(if dr { "SECONDARY" } else { "PRIMARY" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sports_cards_has_twelve_roots() {
        let plan = Plan::build(&crate::presets::sports_cards());
        assert_eq!(plan.deployments.len(), 12);
        let dr: Vec<_> = plan.deployments.iter().filter(|d| d.dr).collect();
        assert_eq!(dr.len(), 3);
        assert!(dr
            .iter()
            .all(|d| d.replica_of_primary && d.region == "us-west-2"));
        // Each replicated prod database replicates its master secret to the DR root's region,
        // encrypted with the DR root's key.
        let replicated: Vec<_> = plan
            .deployments
            .iter()
            .filter_map(|d| d.db_replicated_to.as_ref())
            .collect();
        assert_eq!(replicated.len(), 3);
        assert!(replicated
            .iter()
            .all(|(region, name)| region == "us-west-2" && name.ends_with("-dr")));
        assert!(plan
            .deployments
            .iter()
            .any(|d| d.dir == "environments/card-catalog-api/us-west-2/prod"));
    }

    #[test]
    fn one_platform_per_tier_and_region_that_runs_containers() {
        let plan = Plan::build(&crate::presets::sports_cards());
        let platforms: Vec<(&str, &str)> = plan
            .platforms
            .iter()
            .map(|p| (p.dir.as_str(), p.cluster_name.as_str()))
            .collect();
        assert_eq!(
            platforms,
            [
                ("platform/us-east-1/dev", "sports-cards-dev"),
                ("platform/us-east-1/staging", "sports-cards-staging"),
                ("platform/us-east-1/prod", "sports-cards-prod"),
                ("platform/us-west-2/prod", "sports-cards-prod-dr"),
            ]
        );
        // Every deployment with an API or a worker runs on the platform of its tier and region.
        let design = crate::presets::sports_cards();
        for d in &plan.deployments {
            let s = &design.services[d.service];
            let containers = s.api.is_some() || s.worker.is_some();
            assert_eq!(d.platform.is_some(), containers, "{}", d.dir);
            if let Some(p) = d.platform {
                let p = &plan.platforms[p];
                assert_eq!((p.tier, p.region.as_str()), (d.tier, d.region.as_str()));
            }
        }
        // A design without containers has no platform.
        let mut design = design;
        for s in &mut design.services {
            s.api = None;
            s.worker = None;
        }
        assert!(Plan::build(&design).platforms.is_empty());
    }
}
