//! The plan of one deployment root (`environments/<service>/<region>/<tier>/`): everything
//! `emit/root.rs` writes into its files, decided here from the design and the root's
//! [`Deployment`] — its locals and network lookups, its key's description and extra statements,
//! whether it has alarms (and so the alarm topic), the building blocks' module calls wired to
//! the rest of the root ([`kinds::Wiring`]), its variables, its outputs in order (the cluster's
//! name and the alarm topic among them), whether it configures `aws.us_east_1`, and the AWS
//! names its building blocks compose.
//!
//! The same for a platform root ([`platform`], [`PlatformRoot`]): its locals, lookups, whether
//! it has the alarm topic, the cluster's module call, variables and outputs; and for the
//! global IAM root ([`global_iam`], [`IamRoot`]): its state, provider tags, module call and
//! outputs.
//!
//! Made on demand by the emitters ([`of`], [`platform`], [`global_iam`]), never by [`Plan::build`]: the designer's shell plans
//! (diagram, palette) without linking the module calls.

use crate::design::{Design, NetworkMode, Service, ServiceSecurity, Tier, TierSecurity};
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{var, Cluster, Output, RootVar};
use crate::kinds::{self, Kind};
use crate::plan::{Deployment, Plan, Platform};
use crate::plan::{PLATFORM_COST_CODE as COST_CODE_TAG, PLATFORM_SERVICE_TAG as SERVICE_TAG};

/// Everything a deployment root's files hold, decided.
pub struct RootPlan<'a> {
    /// The deployment the root deploys.
    pub deployment: &'a Deployment,
    /// Its service.
    pub service: &'a Service,
    /// Its tier.
    pub tier: &'a Tier,
    /// The security settings of the tier.
    pub tier_security: TierSecurity,
    /// The security settings of the service.
    pub security: ServiceSecurity,
    /// `locals` in order: `name`, `permissions_boundary_arn`, the network's, `tags`.
    pub locals: Vec<(&'static str, E)>,
    /// The data sources the network locals read (VPC and subnets), if any.
    pub lookups: Vec<Blk>,
    /// How the deployment key's description begins (what it encrypts; the root's name
    /// follows).
    pub key_description: String,
    /// The statements the building blocks and the subscriptions add to the key's policy.
    pub key_statements: Vec<E>,
    /// Whether the root has alarms that notify people, and so the alarm topic (a service of
    /// only a worker has none).
    pub alarms: bool,
    /// The building blocks' module calls, in [`kinds::CALL_ORDER`], wired to the rest of the
    /// root.
    pub module_calls: Vec<Blk>,
    /// The root's variables with their `terraform.tfvars` values, in order.
    pub variables: Vec<RootVar>,
    /// The root's outputs, in order: the container blocks', the cluster's name, the alarm
    /// topic, the others'.
    pub outputs: Vec<Output>,
    /// Whether the root configures the provider `aws.us_east_1` and passes it to its modules.
    pub us_east_1: bool,
    /// The AWS names the root's building blocks compose (for the length rules).
    pub names: Vec<kinds::Name>,
}

impl RootPlan<'_> {
    /// What the building blocks see of the root.
    pub fn kinds_root(&self) -> kinds::Root<'_> {
        kinds_root(
            self.service,
            self.tier,
            self.deployment,
            &self.tier_security,
        )
    }
}

/// The plan of deployment `d`'s root (`d` one of `plan.deployments`).
pub fn of<'a>(design: &'a Design, plan: &'a Plan, d: &'a Deployment) -> RootPlan<'a> {
    let service = &design.services[d.service];
    let tier = &design.tiers[d.tier];
    let tier_security = design.security.tier(&tier.name);
    let security = design.security.service(&service.name);
    let root = kinds_root(service, tier, d, &tier_security);

    let (network_locals, lookups) = network(design, tier, &d.region, kinds::Api.present(service));
    let mut locals = vec![
        ("name", s(d.name.as_str())),
        (
            "permissions_boundary_arn",
            crate::emit::modules::iam::permissions_boundary_arn(),
        ),
    ];
    locals.extend(network_locals);
    locals.push((
        "tags",
        tags(
            design,
            &service.name,
            r("var.environment"),
            r("var.cost_code"),
        ),
    ));
    // The alarms that notify people (load balancer, worker, functions, database, queues…)
    // publish to the deployment's topic; a service of only buckets, tables, schedules or a
    // frontend has none.
    let alarms = kinds::has_alarms(service);
    // SNS delivers the subscribed topics' messages to the queues with this key.
    let mut key_statements = kinds::key_statements(service);
    key_statements.extend(kinds::topic::key_statement(&d.subscriptions));

    // The building blocks' module calls, wired to the rest of the root: the environment of
    // every workload (where its database and queues are), the cluster its containers run in.
    let platform = d.platform.map(|p| &plan.platforms[p]);
    let wiring = kinds::Wiring {
        env: kinds::code_env(&root),
        cluster: Cluster {
            name: platform
                .map(|p| p.cluster_name.as_str())
                .unwrap_or_default(),
            capacity_provider: &d.capacity_provider,
            fargate: kinds::on_fargate(service),
            fargate_spot: platform.is_some_and(|p| p.fargate_spot),
        },
        short_name: &d.short_name,
        security: &security,
        dns_failover: d.dns_failover,
        access_logs_bucket: d.logs.existing.as_deref(),
        access_log_replica_bucket: d.logs.archive.clone(),
        bucket_logs: d.logs.buckets.clone(),
        replication: kinds::database::Replication {
            source: d
                .replica_of_primary
                .then_some((d.primary_region.as_str(), d.primary_db_identifier.as_str())),
            secret_to: d
                .db_replicated_to
                .as_ref()
                .map(|(region, name)| (region.as_str(), name.as_str())),
            terraform_password: d.terraform_password,
        },
    };
    let module_calls = kinds::module_calls(&root, &wiring);

    // Outputs a person looks for after `apply`: the containers', the cluster they run in and
    // the alarm topic, the others'.
    let mut outputs = kinds::outputs(&root, true);
    if let Some(p) = platform {
        let runs: Vec<&str> = kinds::built(service)
            .filter_map(|k| k.runs_on_cluster())
            .collect();
        outputs.push(Output {
            name: "cluster_name".into(),
            description: format!(
                "ECS cluster the {} runs in (platform root `{}`).",
                runs.join(" and the "),
                p.dir
            ),
            value: s(p.cluster_name.as_str()),
        });
    }
    if alarms {
        outputs.push(Output {
            name: "alarm_topic_arn".into(),
            description: "SNS topic the alarms notify (subscribe more endpoints to it).".into(),
            value: r("aws_sns_topic.alarms.arn"),
        });
    }
    outputs.extend(kinds::outputs(&root, false));

    let variables = root_vars(&root, d, alarms);
    let names = kinds::names(service, &d.name, &design.tiers);
    RootPlan {
        deployment: d,
        service,
        tier,
        locals,
        lookups,
        key_description: key_description(service),
        key_statements,
        alarms,
        module_calls,
        variables,
        outputs,
        us_east_1: kinds::needs_us_east_1(service),
        names,
        security,
        tier_security,
    }
}

/// Everything a platform root's files hold (`platform/<region>/<tier>/`), decided: the ECS
/// cluster of a tier and region, and its alarm topic when it has hosts.
pub struct PlatformRoot<'a> {
    /// The platform the root holds.
    pub platform: &'a Platform,
    /// `locals` in order: `name`, `permissions_boundary_arn`, the network's, `tags`, and the
    /// services' own hosts' `host_group_tags`.
    pub locals: Vec<(&'static str, E)>,
    /// The data sources the network locals read, if any.
    pub lookups: Vec<Blk>,
    /// Whether it has hosts (shared or a service's own), whose capacity alarm notifies people:
    /// then the key and the alarm topic.
    pub alarms: bool,
    /// The module calls (`module.cluster`).
    pub module_calls: Vec<Blk>,
    /// The root's variables with their `terraform.tfvars` values, in order.
    pub variables: Vec<RootVar>,
    /// The root's outputs, in order.
    pub outputs: Vec<Output>,
}

/// Relative path from a platform root to the bundle's top folder.
const PLATFORM_UP: &str = "../../..";

/// The root variables and outputs of the shared hosts, which a platform without them (every
/// container service of the tier on Fargate or on hosts of its own) leaves out.
const HOST_VARS: &[&str] = &[
    "instance_type",
    "asg_min_size",
    "asg_max_size",
    "asg_desired_capacity",
];
const HOST_OUTPUTS: &[&str] = &["capacity_provider_name", "autoscaling_group_name"];

/// The root variable and output of any host (the capacity alarms' topic), which a platform
/// without hosts at all (every container service of the tier on Fargate) leaves out.
const ALARM_VAR: &str = "alarm_emails";
const ALARM_OUTPUT: &str = "alarm_topic_arn";

/// The type of the root's `host_groups`: the sizes of each service's own hosts.
fn host_groups_type() -> E {
    call(
        "map",
        vec![call(
            "object",
            vec![obj([
                ("instance_type", ty::string()),
                ("asg_min_size", ty::number()),
                ("asg_max_size", ty::number()),
                ("asg_desired_capacity", ty::number()),
            ])],
        )],
    )
}

/// The plan of platform `p`'s root (`p` one of the plan's platforms).
pub fn platform<'a>(design: &Design, p: &'a Platform) -> PlatformRoot<'a> {
    let tier = &design.tiers[p.tier];
    let c = &tier.compute;
    let num = |v: u32| n(v.into());
    let mut vars = vec![
        var(
            "aws_region",
            ty::string(),
            "AWS region of this platform.",
            s(p.region.as_str()),
        ),
        var(
            "environment",
            ty::string(),
            "Tier name, used in the Environment tag.",
            s(tier.name.as_str()),
        ),
        var(
            "instance_type",
            ty::string(),
            "EC2 instance type of the ECS hosts.",
            s(c.instance_type.as_str()),
        ),
        var(
            "asg_min_size",
            ty::number(),
            "Minimum number of ECS hosts.",
            num(c.asg_min),
        ),
        var(
            "asg_max_size",
            ty::number(),
            "Maximum number of ECS hosts.",
            num(c.asg_max),
        ),
        var(
            "asg_desired_capacity",
            ty::number(),
            "Initial number of ECS hosts (managed scaling owns it afterwards).",
            num(c.asg_desired),
        ),
        alarm_emails(tier),
    ];
    let groups = !p.host_groups.is_empty();
    let any_hosts = p.ec2_hosts || groups;
    if !p.ec2_hosts {
        // No shared hosts: the tier's host settings mean nothing here.
        vars.retain(|v| !HOST_VARS.contains(&v.name));
    }
    if !any_hosts {
        // No hosts at all: no capacity alarm to mail.
        vars.retain(|v| v.name != ALARM_VAR);
    }
    if groups {
        let at = vars.len() - usize::from(any_hosts);
        vars.insert(
            at,
            var(
                "host_groups",
                host_groups_type(),
                "EC2 instance type and Auto Scaling group sizes of each service's own ECS hosts, by \
service name (`services[].capacity.<tier>`).",
                obj(p.host_groups.iter().map(|g| {
                    (
                        g.key.as_str(),
                        obj([
                            ("instance_type", s(g.hosts.instance_type.as_str())),
                            ("asg_min_size", num(g.hosts.asg_min)),
                            ("asg_max_size", num(g.hosts.asg_max)),
                            ("asg_desired_capacity", num(g.hosts.asg_desired)),
                        ]),
                    )
                })),
            ),
        );
    }

    let (network_locals, lookups) = network(design, tier, &p.region, false);
    let mut locals = vec![
        ("name", s(p.name.as_str())),
        (
            "permissions_boundary_arn",
            crate::emit::modules::iam::permissions_boundary_arn(),
        ),
    ];
    locals.extend(network_locals);
    locals.push((
        "tags",
        tags(design, SERVICE_TAG, r("var.environment"), s(COST_CODE_TAG)),
    ));
    if groups {
        // Each service's own hosts carry its tags (its cost code in the tier), not the
        // platform's.
        locals.push((
            "host_group_tags",
            obj(p.host_groups.iter().map(|g| {
                (
                    g.key.as_str(),
                    obj([
                        ("Service", s(g.key.as_str())),
                        ("CostCode", s(g.cost_code.as_str())),
                    ]),
                )
            })),
        ));
    }
    let mut cluster = blk("module", &["cluster"])
        .a("source", s(format!("{PLATFORM_UP}/modules/ecs-cluster")))
        .a("name", s(p.cluster_name.as_str()))
        .a(
            "permissions_boundary_arn",
            r("local.permissions_boundary_arn"),
        )
        .a("vpc_id", r("local.vpc_id"))
        .a("private_subnet_ids", r("local.private_subnet_ids"));
    // The module takes a launch type only when some service of the design runs on Fargate
    // (then every service does so in every tier and region: `Plan::fargate`), and its shared
    // hosts are optional then or when some service has hosts of its own (`Plan::host_groups`).
    if !p.ec2_hosts {
        cluster = cluster.a("ec2_hosts", b(false));
    }
    if p.fargate {
        cluster = cluster.a("fargate", b(true));
    }
    if p.ec2_hosts {
        cluster = cluster
            .a("instance_type", r("var.instance_type"))
            .a("asg_min_size", r("var.asg_min_size"))
            .a("asg_max_size", r("var.asg_max_size"))
            .a("asg_desired_capacity", r("var.asg_desired_capacity"));
    }
    if groups {
        cluster = cluster.a(
            "host_groups",
            for_map(
                "service",
                "hosts",
                r("var.host_groups"),
                r("service"),
                call(
                    "merge",
                    vec![
                        r("hosts"),
                        obj([("tags", r("local.host_group_tags[service]"))]),
                    ],
                ),
            ),
        );
    }
    if any_hosts {
        cluster = cluster.a("alarm_actions", list([r("aws_sns_topic.alarms.arn")]));
    }
    let cluster = cluster.a("tags", r("local.tags"));

    let mut outputs = Vec::new();
    for (name, description, value) in [
        (
            "cluster_name",
            "ECS cluster of the tier's APIs and workers in this region.",
            "module.cluster.cluster_name",
        ),
        (
            "capacity_provider_name",
            "Capacity provider the services place their tasks with.",
            "module.cluster.capacity_provider_name",
        ),
        (
            "autoscaling_group_name",
            "Auto Scaling group of the ECS hosts.",
            "module.cluster.autoscaling_group_name",
        ),
        (
            "host_group_capacity_providers",
            "Capacity provider of each service's own hosts, by service name.",
            "module.cluster.host_group_capacity_providers",
        ),
        (
            "host_group_autoscaling_groups",
            "Auto Scaling group of each service's own hosts, by service name.",
            "module.cluster.host_group_autoscaling_groups",
        ),
        (
            "alarm_topic_arn",
            "SNS topic the capacity alarm notifies (subscribe more endpoints to it).",
            "aws_sns_topic.alarms.arn",
        ),
    ] {
        if !p.ec2_hosts && HOST_OUTPUTS.contains(&name)
            || !any_hosts && name == ALARM_OUTPUT
            || !groups && name.starts_with("host_group_")
        {
            continue;
        }
        outputs.push(Output {
            name: name.into(),
            description: description.into(),
            value: r(value),
        });
    }

    PlatformRoot {
        platform: p,
        locals,
        lookups,
        alarms: any_hosts,
        module_calls: vec![cluster],
        variables: vars,
        outputs,
    }
}

/// The standard tags of a deployment, with the design's extra tags first so the standard
/// ones win.
pub(crate) fn tags(design: &Design, service: &str, environment: E, cost_code: E) -> E {
    let mut pairs: Vec<(String, E)> = design
        .tags
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "Project" | "ManagedBy" | "Environment" | "Service" | "CostCode"
            )
        })
        .map(|(k, v)| (k.clone(), s(v.as_str())))
        .collect();
    pairs.push(("Project".into(), s(design.project.as_str())));
    pairs.push(("ManagedBy".into(), s("terraform")));
    pairs.push(("Environment".into(), environment));
    pairs.push(("Service".into(), s(service)));
    pairs.push(("CostCode".into(), cost_code));
    obj(pairs)
}

/// What the building blocks of `service` see of its deployment root `d`.
fn kinds_root<'a>(
    service: &'a Service,
    tier: &'a Tier,
    d: &'a Deployment,
    tier_security: &'a TierSecurity,
) -> kinds::Root<'a> {
    kinds::Root {
        service,
        tier,
        capacity: &d.capacity,
        dr: d.dr,
        replica_of_primary: d.replica_of_primary,
        db_replicated: d.db_replicated_to.is_some(),
        tier_security,
        region: &d.region,
        primary_region: &d.primary_region,
        primary_db_identifier: &d.primary_db_identifier,
        db_replicated_to: d
            .db_replicated_to
            .as_ref()
            .map(|(region, key)| (region.as_str(), key.as_str())),
        tables_replicated_to: &d.tables_replicated_to,
        tables_replica: d.tables_replica,
        subscriptions: &d.subscriptions,
    }
}

/// What the deployment key of `service` encrypts, as its description begins: only the parts
/// the service has (the root appends its name).
fn key_description(service: &Service) -> String {
    let mut what = vec!["Logs"];
    if kinds::Queue.present(service) {
        what.push("queues");
    }
    if kinds::Lambda.present(service) {
        what.push("Lambda environment");
    }
    if kinds::Database.present(service) {
        what.push("database");
    }
    if kinds::Topic.present(service) {
        what.push("topics");
    }
    let text = match what.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => what.join(""),
    };
    format!("{text} of ")
}

/// The network locals (`vpc_id`, subnet ids; public ones with `public`) of a root of `tier` in
/// `region`, and the data sources they read, if any.
pub(crate) fn network(
    design: &Design,
    tier: &Tier,
    region: &str,
    public: bool,
) -> (Vec<(&'static str, E)>, Vec<Blk>) {
    let mut locals = Vec::new();
    let mut lookups = Vec::new();
    match design.network.mode {
        NetworkMode::Discover => {
            let vpc_name = design
                .network
                .vpc_name
                .replace("{project}", &design.project)
                .replace("{tier}", &tier.name)
                .replace("{region}", region);
            lookups.push(data("aws_vpc", "this").a("tags", obj([("Name", s(vpc_name))])));
            let subnets = |name: &str| {
                data("aws_subnets", name)
                    .b(blk("filter", &[])
                        .a("name", s("vpc-id"))
                        .a("values", list([r("data.aws_vpc.this.id")])))
                    .a(
                        "tags",
                        obj([(design.network.subnet_tier_tag.as_str(), s(name))]),
                    )
            };
            lookups.push(subnets("private"));
            locals.push(("vpc_id", r("data.aws_vpc.this.id")));
            locals.push(("private_subnet_ids", r("data.aws_subnets.private.ids")));
            if public {
                lookups.push(subnets("public"));
                locals.push(("public_subnet_ids", r("data.aws_subnets.public.ids")));
            }
        }
        NetworkMode::Explicit => {
            let key = format!("{}/{}", region, tier.name);
            let net = design.network.explicit.get(&key);
            let ids = |f: fn(&crate::design::ExplicitNetwork) -> &Vec<String>| {
                strs(net.map(f).cloned().unwrap_or_default())
            };
            locals.push((
                "vpc_id",
                s(net.map(|n| n.vpc_id.clone()).unwrap_or_default()),
            ));
            locals.push(("private_subnet_ids", ids(|n| &n.private_subnet_ids)));
            if public {
                locals.push(("public_subnet_ids", ids(|n| &n.public_subnet_ids)));
            }
        }
    }
    (locals, lookups)
}

/// The root's variables: its region, tier, cost code and log retention, the task count when it
/// runs containers, the building blocks' own, and the alarm emails when it has alarms.
fn root_vars(root: &kinds::Root, d: &Deployment, alarms: bool) -> Vec<RootVar> {
    let (service, tier) = (root.service, root.tier);
    let num = |v: u32| n(v.into());
    let mut vars = vec![
        var("aws_region", ty::string(), "AWS region of this deployment.", s(d.region.as_str())),
        var("environment", ty::string(), "Tier name, used in the Environment tag.", s(tier.name.as_str())),
        RootVar {
            validation: Some((
                call("can", vec![call("regex", vec![s("^[A-Za-z0-9]{8}$"), r("var.cost_code")])]),
                "The cost code must be exactly 8 letters or digits.",
            )),
            ..var(
                "cost_code",
                ty::string(),
                "Cost code of this service in this tier (8 letters or digits), in the CostCode tag.",
                s(d.cost_code.as_str()),
            )
        },
        var(
            "log_retention_days",
            ty::number(),
            "CloudWatch Logs retention of every log group, in days.",
            num(tier.log_retention_days),
        ),
    ];
    if kinds::runs_containers(service) {
        vars.extend([var(
            "task_count",
            ty::number(),
            "Tasks per ECS service normally, and the floor autoscaling returns to.",
            num(d.capacity.task_count),
        )]);
    }
    vars.extend(kinds::root_vars(root));
    if alarms {
        vars.push(alarm_emails(tier));
    }
    vars
}

/// `alarm_emails`: the tier's `alarms.notify_emails`, each checked to be an email address.
pub(crate) fn alarm_emails(tier: &Tier) -> RootVar {
    RootVar {
        validation: Some((
            call(
                "alltrue",
                vec![for_list(
                    "email",
                    r("var.alarm_emails"),
                    call(
                        "can",
                        vec![call(
                            "regex",
                            vec![s("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"), r("email")],
                        )],
                    ),
                )],
            ),
            "Each alarm email must be an email address.",
        )),
        ..var(
            "alarm_emails",
            ty::list_string(),
            "Email addresses notified when an alarm changes state; each confirms its subscription.",
            strs(&tier.alarms.notify_emails),
        )
    }
}

/// The plan of the global IAM root (`global/iam/`): users, groups, the CI roles and the
/// boundary, in one call of the `iam` module.
pub struct IamRoot {
    /// The region of its provider and state: the design's primary region.
    pub region: String,
    /// The state bucket of that region.
    pub state_bucket: String,
    /// The provider's default tags.
    pub tags: E,
    /// The call of the `iam` module (`module.iam`).
    pub module_call: Blk,
    /// The root's outputs, in order (each one of the module's).
    pub outputs: Vec<Output>,
}

/// Where the global IAM root keeps its state in the primary region's bucket.
pub const IAM_STATE_KEY: &str = "global/iam/terraform.tfstate";

/// The outputs of the global IAM root, each the `iam` module's output of that name; the last,
/// the access keys' parameters, only when some user has an access key.
const IAM_OUTPUTS: [(&str, &str); 8] = [
    (
        "ci_plan_role_arn",
        "Read-only role of pull-request and default-branch plans (repository variable AWS_PLAN_ROLE_ARN).",
    ),
    (
        "ci_apply_role_arn",
        "Role of apply jobs in the tiers' GitHub environments (repository variable AWS_APPLY_ROLE_ARN).",
    ),
    (
        "terraform_apply_policy_arn",
        "What applying the deployment roots needs besides PowerUserAccess.",
    ),
    (
        "permissions_boundary_arn",
        "Boundary every role of the deployment roots carries.",
    ),
    ("github_oidc_provider_arn", "The GitHub OIDC provider."),
    ("group_names", "IAM groups."),
    ("user_names", "IAM users."),
    (
        "access_key_parameters",
        "SSM parameter holding each user's access key, by user name.",
    ),
];

/// The plan of the global IAM root of `design`.
pub fn global_iam(design: &Design) -> IamRoot {
    let region = design.primary_region().unwrap_or_default().to_owned();
    let iam = &design.iam;
    let users = obj(iam.users.iter().map(|u| {
        let mut fields = vec![("groups", strs(&u.groups))];
        if u.access_key {
            fields.push(("access_key", b(true)));
        }
        (u.name.clone(), obj(fields))
    }));
    let keys = iam.users.iter().any(|u| u.access_key);
    let groups = obj(iam.groups.iter().map(|g| {
        (
            g.name.clone(),
            obj([
                ("managed_policies", strs(&g.managed_policies)),
                ("s3_data_access", b(g.s3_data_access)),
                ("terraform_apply", b(g.terraform_apply)),
            ]),
        )
    }));
    let module_call = blk("module", &["iam"])
        .a("source", s("../../modules/iam"))
        .a("name_prefix", s(design.project.as_str()))
        .a("users", users)
        .a("groups", groups)
        .a("s3_data_bucket_names", strs(&iam.s3_data_buckets))
        .a("create_ci_role", b(iam.ci_role.enabled))
        .a(
            "github_repositories",
            strs(&iam.ci_role.github_repositories),
        )
        .a(
            "github_apply_environments",
            strs(design.tiers.iter().map(|t| t.name.as_str())),
        )
        .a(
            "state_buckets",
            obj(design
                .backend
                .regions
                .iter()
                .map(|(region, b)| (region.clone(), s(b.bucket.as_str())))),
        )
        .a(
            "create_github_oidc_provider",
            b(iam.ci_role.create_oidc_provider),
        )
        .a(
            "ci_role_managed_policies",
            strs(&iam.ci_role.managed_policies),
        );
    let outputs = IAM_OUTPUTS
        .into_iter()
        .filter(|(name, _)| keys || *name != "access_key_parameters")
        .map(|(name, description)| Output {
            name: name.to_owned(),
            description: description.to_owned(),
            value: r(&format!("module.iam.{name}")),
        })
        .collect();
    let state_bucket = design
        .backend
        .regions
        .get(&region)
        .map(|b| b.bucket.clone())
        .unwrap_or_default();
    IamRoot {
        tags: tags(design, "iam", s("global"), s("global")),
        region,
        state_bucket,
        module_call,
        outputs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::ModuleName;

    #[test]
    fn every_root_of_the_presets_has_its_parts_in_order() {
        let mut seen = std::collections::BTreeSet::new();
        for design in [
            crate::presets::sports_cards(),
            crate::presets::minimal(),
            crate::presets::saas_platform(),
        ] {
            let plan = Plan::build(&design);
            for d in &plan.deployments {
                let root = of(&design, &plan, d);
                let at = &d.dir;
                let locals: Vec<&str> = root.locals.iter().map(|(k, _)| *k).collect();
                assert_eq!(locals.first(), Some(&"name"), "{at}");
                assert_eq!(root.locals[0].1, s(d.name.as_str()), "{at}");
                assert_eq!(locals.get(1), Some(&"permissions_boundary_arn"), "{at}");
                assert_eq!(locals.last(), Some(&"tags"), "{at}");

                let outputs: Vec<&str> = root.outputs.iter().map(|o| o.name.as_str()).collect();
                let topic = outputs.iter().position(|o| *o == "alarm_topic_arn");
                let cluster = outputs.iter().position(|o| *o == "cluster_name");
                assert_eq!(topic.is_some(), root.alarms, "{at}: {outputs:?}");
                assert_eq!(cluster.is_some(), d.platform.is_some(), "{at}: {outputs:?}");
                if let (Some(c), Some(t)) = (cluster, topic) {
                    assert_eq!(c + 1, t, "{at}: the topic follows the cluster");
                }

                let vars: Vec<&str> = root.variables.iter().map(|v| v.name).collect();
                assert_eq!(
                    vars[..4],
                    [
                        "aws_region",
                        "environment",
                        "cost_code",
                        "log_retention_days"
                    ],
                    "{at}"
                );
                assert_eq!(vars.last() == Some(&"alarm_emails"), root.alarms, "{at}");
                assert_eq!(
                    vars.contains(&"task_count"),
                    d.modules.contains(&ModuleName::EcsCluster),
                    "{at}"
                );

                assert!(!root.module_calls.is_empty(), "{at}: no module call");
                assert_eq!(
                    root.us_east_1,
                    d.modules.contains(&ModuleName::CloudfrontSite),
                    "{at}"
                );
                assert!(!root.names.is_empty(), "{at}: no composed name");
                for name in &root.names {
                    assert!(
                        name.value.len() <= name.max,
                        "{at}: {} {} is too long",
                        name.what,
                        name.value
                    );
                }
                seen.insert((root.alarms, root.us_east_1, d.platform.is_some()));
            }
        }
        // Both sides of each decision: roots with alarms and containers, and the static
        // frontend's (no alarm, no cluster, the us-east-1 provider).
        assert!(seen.contains(&(true, false, true)), "{seen:?}");
        assert!(seen.contains(&(false, true, false)), "{seen:?}");
    }

    #[test]
    fn every_platform_root_has_its_alarm_topic_only_with_hosts() {
        let mut seen = std::collections::BTreeSet::new();
        for design in [
            crate::presets::sports_cards(),
            crate::presets::saas_platform(),
        ] {
            let plan = Plan::build(&design);
            for p in &plan.platforms {
                let root = platform(&design, p);
                let at = &p.dir;
                let hosts = p.ec2_hosts || !p.host_groups.is_empty();
                assert_eq!(root.alarms, hosts, "{at}");
                let outputs: Vec<&str> = root.outputs.iter().map(|o| o.name.as_str()).collect();
                let vars: Vec<&str> = root.variables.iter().map(|v| v.name).collect();
                assert_eq!(outputs.first(), Some(&"cluster_name"), "{at}");
                assert_eq!(outputs.contains(&"alarm_topic_arn"), hosts, "{at}");
                assert_eq!(vars.last() == Some(&"alarm_emails"), hosts, "{at}");
                assert_eq!(vars.contains(&"instance_type"), p.ec2_hosts, "{at}");
                assert_eq!(
                    vars.contains(&"host_groups"),
                    !p.host_groups.is_empty(),
                    "{at}"
                );
                assert_eq!(root.module_calls.len(), 1, "{at}: the cluster");
                let locals: Vec<&str> = root.locals.iter().map(|(k, _)| *k).collect();
                assert_eq!(locals.first(), Some(&"name"), "{at}");
                assert_eq!(
                    locals.last() == Some(&"host_group_tags"),
                    !p.host_groups.is_empty(),
                    "{at}"
                );
                seen.insert((p.ec2_hosts, !p.host_groups.is_empty()));
            }
        }
        // Shared hosts in one platform, a service's own hosts or Fargate only in another.
        assert!(seen.contains(&(true, false)), "{seen:?}");
        assert!(seen.len() > 1, "{seen:?}");
    }

    #[test]
    fn the_iam_root_lists_the_access_key_output_only_with_a_key() {
        let mut design = crate::presets::sports_cards();
        let names = |d: &Design| -> Vec<String> {
            global_iam(d).outputs.into_iter().map(|o| o.name).collect()
        };
        assert!(!design.iam.users.iter().any(|u| u.access_key));
        assert_eq!(names(&design).len(), IAM_OUTPUTS.len() - 1);
        assert!(!names(&design).contains(&"access_key_parameters".to_owned()));
        let root = global_iam(&design);
        assert_eq!(Some(root.region.as_str()), design.primary_region());
        assert_eq!(
            root.state_bucket,
            design.backend.regions[&root.region].bucket
        );
        design.iam.users.push(crate::design::IamUser {
            name: "ci-bot".into(),
            groups: Vec::new(),
            access_key: true,
        });
        assert_eq!(
            names(&design).last().map(String::as_str),
            Some("access_key_parameters")
        );
    }
}
