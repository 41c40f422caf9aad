//! Issue 14, the ECS hosts per service: a service whose API or worker runs on EC2 may override,
//! per tier, the tier's instance type and Auto Scaling group sizes (`services[].capacity.<tier>`
//! `instance_type`, `asg_min`, `asg_max`, `asg_desired`). It then gets hosts of its own in each
//! platform root of the tier (its own launch template, Auto Scaling group and capacity provider,
//! tagged with its `Service` and `CostCode`), its tasks go only there, the shared hosts stay for
//! the services left on them (and go when none is), and the cost estimate counts each group.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::cost::{self, PriceTable, UsageInputs};
use tfdesign_core::design::{Design, LaunchType, ServiceCapacity};
use tfdesign_core::plan::capacity::{self, Field, Owner};
use tfdesign_core::plan::Plan;
use tfdesign_core::{edit, kinds, link, presets, validate_all, validate_bundle};

/// Own hosts in prod: a larger instance type and sizes of its own.
fn own_hosts() -> ServiceCapacity {
    ServiceCapacity {
        instance_type: Some("m6i.xlarge".into()),
        asg_min: Some(2),
        asg_max: Some(6),
        asg_desired: Some(2),
        ..ServiceCapacity::default()
    }
}

/// sports-cards where `card-catalog-api` (service 0, an API on EC2) has its own hosts in prod.
fn design() -> Design {
    let mut d = presets::sports_cards();
    d.services[0].capacity.insert("prod".into(), own_hosts());
    d
}

/// sports-cards where every service on EC2 has its own hosts in prod.
fn all_own() -> Design {
    let mut d = presets::sports_cards();
    for s in &mut d.services {
        if kinds::runs_containers(s) {
            s.capacity.insert("prod".into(), own_hosts());
        }
    }
    d
}

fn tfvar<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_plan_gives_the_service_a_host_group_in_each_platform_of_the_tier() {
    let d = design();
    let plan = Plan::build(&d);
    assert!(plan.host_groups);
    for p in &plan.platforms {
        let tier = &d.tiers[p.tier].name;
        // Other EC2 services are left on the shared hosts, so they stay.
        assert!(p.ec2_hosts, "{}", p.dir);
        if tier != "prod" {
            assert!(p.host_groups.is_empty(), "{}", p.dir);
            continue;
        }
        let [g] = p.host_groups.as_slice() else {
            panic!("{}: {:?}", p.dir, p.host_groups)
        };
        assert_eq!(g.service, 0);
        assert_eq!(g.key, "card-catalog-api");
        let want = if p.dr {
            "sports-cards-prod-dr-card-catalog-api"
        } else {
            "sports-cards-prod-card-catalog-api"
        };
        assert_eq!(g.name, want);
        assert_eq!(
            (
                g.hosts.instance_type.as_str(),
                g.hosts.asg_min,
                g.hosts.asg_max
            ),
            ("m6i.xlarge", 2, 6)
        );
        assert_eq!(g.cost_code, d.services[0].cost_codes["prod"]);
    }
    // Each deployment places its tasks with its own hosts' provider, or the shared one.
    for dep in plan.deployments.iter().filter(|x| x.platform.is_some()) {
        let p = &plan.platforms[dep.platform.unwrap()];
        let own = p.host_groups.iter().find(|g| g.service == dep.service);
        let want = own.map_or(&p.capacity_provider, |g| &g.name);
        assert_eq!(&dep.capacity_provider, want, "{}", dep.dir);
        assert_eq!(
            own.is_some(),
            dep.service == 0 && d.tiers[dep.tier].name == "prod"
        );
    }
    // Without an override nothing changes in the plan.
    let base = Plan::build(&presets::sports_cards());
    assert!(!base.host_groups);
    assert!(base.platforms.iter().all(|p| p.host_groups.is_empty()));
}

#[test]
fn a_tier_whose_ec2_services_all_have_their_own_hosts_keeps_no_shared_group() {
    let d = all_own();
    let plan = Plan::build(&d);
    for p in &plan.platforms {
        let prod = d.tiers[p.tier].name == "prod";
        assert_eq!(p.ec2_hosts, !prod, "{}", p.dir);
        assert_eq!(p.host_groups.is_empty(), !prod, "{}", p.dir);
    }
    let f = files(&d);
    let main = &f["platform/us-east-1/prod/main.tf"];
    let cluster = module_block(main, "cluster");
    assert!(cluster.contains("ec2_hosts"), "{cluster}");
    assert_eq!(tfvar(cluster, "ec2_hosts"), "false");
    assert!(!cluster.contains("var.instance_type"), "{cluster}");
    assert!(cluster.contains("host_groups"), "{cluster}");
    // The capacity alarms still notify the topic.
    assert!(cluster.contains("alarm_actions"), "{cluster}");
    let vars = &f["platform/us-east-1/prod/variables.tf"];
    assert!(!vars.contains("variable \"instance_type\""));
    assert!(vars.contains("variable \"host_groups\""));
    assert!(vars.contains("variable \"alarm_emails\""));
    // dev keeps its shared hosts.
    let dev = module_block(&f["platform/us-east-1/dev/main.tf"], "cluster");
    assert!(dev.contains("var.instance_type") && !dev.contains("host_groups"));
    // The module lists the groups' providers, with no default strategy when nothing is shared.
    let module = &f["modules/ecs-cluster/main.tf"];
    assert!(module.contains("for provider in aws_ecs_capacity_provider.group : provider.name"));
    assert!(module.contains("dynamic \"default_capacity_provider_strategy\""));
    assert!(f["platform/us-east-1/prod/README.md"].contains("no shared Auto Scaling group"));
    // The whole bundle passes every check.
    let findings = validate_all(&d);
    assert!(findings.is_empty(), "{findings:?}");
    // The cost estimate counts each service's hosts, and no shared ones in prod.
    let e = cost::estimate(&d, &plan, PriceTable::embedded(), &UsageInputs::default());
    let root = e.root("platform/us-east-1/prod").expect("platform root");
    let hosts: Vec<&str> = root
        .items
        .iter()
        .map(|l| l.component.as_str())
        .filter(|c| c.starts_with("EC2 hosts"))
        .collect();
    let ec2: Vec<String> = d
        .services
        .iter()
        .filter(|s| kinds::runs_containers(s))
        .map(|s| format!("EC2 hosts of service {} (m6i.xlarge)", s.name))
        .collect();
    assert_eq!(hosts, ec2);
}

#[test]
fn the_platform_root_emits_the_group_with_the_service_tags() {
    let d = design();
    let f = files(&d);
    let main = &f["platform/us-east-1/prod/main.tf"];
    assert!(main.contains(
        "  host_group_tags = {\n    card-catalog-api = {\n      Service  = \"card-catalog-api\"\n      CostCode = \"CAT0PROD\"\n"
    ) || main.contains("Service  = \"card-catalog-api\""), "{main}");
    assert!(main.contains(&format!(
        "CostCode = \"{}\"",
        d.services[0].cost_codes["prod"]
    )));
    let cluster = module_block(main, "cluster");
    assert!(
        cluster.contains("tags = local.host_group_tags[service]"),
        "{cluster}"
    );
    // The shared hosts stay for the other services.
    assert!(
        cluster.contains("instance_type            = var.instance_type"),
        "{cluster}"
    );
    let tfvars = &f["platform/us-east-1/prod/terraform.tfvars"];
    assert!(
        tfvars.contains("card-catalog-api = {\n    instance_type        = \"m6i.xlarge\""),
        "{tfvars}"
    );
    // The DR platform has its own group too.
    assert!(f["platform/us-west-2/prod/terraform.tfvars"]
        .contains("instance_type        = \"m6i.xlarge\""));
    // The module: a launch template, group, provider and alarm per service, tagged with its tags,
    // with the shared hosts' security (IMDSv2, encrypted volumes, instance refresh).
    let module = &f["modules/ecs-cluster/main.tf"];
    for block in [
        "resource \"aws_launch_template\" \"group\" {\n  for_each = var.host_groups",
        "resource \"aws_autoscaling_group\" \"group\" {\n  for_each = var.host_groups",
        "resource \"aws_ecs_capacity_provider\" \"group\" {\n  for_each = var.host_groups",
        "resource \"aws_cloudwatch_metric_alarm\" \"group_capacity\" {\n  for_each = var.host_groups",
        "alarm_name          = \"${var.name}-${each.key}-capacity\"",
        "tags = merge(var.tags, each.value.tags)",
        "version = aws_launch_template.group[each.key].latest_version",
    ] {
        assert!(module.contains(block), "{block}");
    }
    let lt = &module[module
        .find("resource \"aws_launch_template\" \"group\"")
        .unwrap()..];
    let lt = &lt[..lt.find("\n}\n").unwrap()];
    for security in [
        "http_tokens                 = \"required\"",
        "encrypted             = true",
    ] {
        assert!(lt.contains(security), "{security} in {lt}");
    }
    // The service's tasks go to its own provider; the others' to the shared one.
    let api = module_block(
        &f["environments/card-catalog-api/us-east-1/prod/main.tf"],
        "api",
    );
    assert_eq!(
        tfvar(api, "capacity_provider_name"),
        "\"sports-cards-prod-card-catalog-api\""
    );
    let dr = module_block(
        &f["environments/card-catalog-api/us-west-2/prod/main.tf"],
        "api",
    );
    assert_eq!(
        tfvar(dr, "capacity_provider_name"),
        "\"sports-cards-prod-dr-card-catalog-api\""
    );
    let staging = module_block(
        &f["environments/card-catalog-api/us-east-1/staging/main.tf"],
        "api",
    );
    assert_eq!(
        tfvar(staging, "capacity_provider_name"),
        "\"sports-cards-staging\""
    );
    // Docs say which hosts the service runs on.
    let readme = &f["platform/us-east-1/prod/README.md"];
    assert!(readme.contains("## Services' own hosts"));
    assert!(readme.contains(
        "- `card-catalog-api` (`services[].capacity.prod`): `m6i.xlarge` instances, 2 to 6"
    ));
    assert!(readme.contains("- On the shared hosts (`sports-cards-prod`): "));
    assert!(f["NOTES.md"]
        .contains("A service with hosts of its own in a tier (`card-catalog-api` in prod"));
}

#[test]
fn an_override_on_sports_cards_passes_every_check() {
    let d = design();
    assert!(validate_all(&d).is_empty(), "{:?}", validate_all(&d));
    let bundle = tfdesign_core::generate(&d).unwrap();
    assert!(validate_bundle(&bundle).is_empty());
    // Only the prod platforms, the service's prod roots, the module, docs and the design change.
    let old = files(&presets::sports_cards());
    let new = files(&d);
    for (path, text) in &new {
        if old.get(path) == Some(text) {
            continue;
        }
        assert!(
            path.starts_with("platform/") && path.ends_with("/prod/main.tf")
                || path.contains("/prod/")
                || path.starts_with("modules/ecs-cluster/")
                || [
                    "tfdesign.json",
                    "MANIFEST.sha256",
                    "NOTES.md",
                    "ARCHITECTURE.md",
                    "COST.md"
                ]
                .contains(&path.as_str()),
            "{path} changed"
        );
        if path.starts_with("environments/") {
            assert!(path.starts_with("environments/card-catalog-api/"), "{path}");
        }
    }
}

#[test]
fn the_cost_counts_the_service_hosts_beside_the_shared_ones() {
    let d = design();
    let e = cost::estimate(
        &d,
        &Plan::build(&d),
        PriceTable::embedded(),
        &UsageInputs::default(),
    );
    let base = presets::sports_cards();
    let before = cost::estimate(
        &base,
        &Plan::build(&base),
        PriceTable::embedded(),
        &UsageInputs::default(),
    );
    let root = "platform/us-east-1/prod";
    let items = &e.root(root).unwrap().items;
    let line = items
        .iter()
        .find(|l| l.component == "EC2 hosts of service card-catalog-api (m6i.xlarge)")
        .expect("the service's hosts");
    assert_eq!(
        line.resource,
        "module.cluster.aws_autoscaling_group.group[\"card-catalog-api\"]"
    );
    assert!(items
        .iter()
        .any(|l| l.component == "EC2 hosts (m6i.large)" || l.component.starts_with("EC2 hosts (")));
    assert!(items
        .iter()
        .any(|l| l.component == "EBS gp3 root volumes of service card-catalog-api"));
    assert!(e.root(root).unwrap().monthly > before.root(root).unwrap().monthly);
    // Other tiers' platforms cost the same.
    let dev = "platform/us-east-1/dev";
    assert_eq!(
        e.root(dev).unwrap().monthly,
        before.root(dev).unwrap().monthly
    );
}

#[test]
fn rules_point_at_the_host_fields() {
    let check = |d: &Design, want: (&str, &str)| {
        let errs = errors(d);
        assert!(
            errs.iter().any(|(p, m)| p == want.0 && m.contains(want.1)),
            "{want:?} not in {errs:?}"
        );
    };
    let with = |service: usize, own: ServiceCapacity| {
        let mut d = presets::sports_cards();
        d.services[service].capacity.insert("prod".into(), own);
        d
    };
    // On Fargate the hosts mean nothing.
    let mut d = with(
        0,
        ServiceCapacity {
            instance_type: Some("m6i.xlarge".into()),
            ..ServiceCapacity::default()
        },
    );
    d.services[0].launch_type = LaunchType::Fargate;
    check(
        &d,
        (
            "/services/0/capacity/prod/instance_type",
            "runs its containers on Fargate: its host instance type has no meaning there",
        ),
    );
    // A service without an API or worker has no hosts.
    let mut d = with(
        0,
        ServiceCapacity {
            asg_max: Some(4),
            ..ServiceCapacity::default()
        },
    );
    d.services[0].api = None;
    d.services[0].worker = None;
    check(
        &d,
        ("/services/0/capacity/prod/asg_max", "has no API or worker"),
    );
    check(
        &with(
            0,
            ServiceCapacity {
                instance_type: Some("m6i xlarge".into()),
                ..ServiceCapacity::default()
            },
        ),
        ("/services/0/capacity/prod/instance_type", "not valid"),
    );
    check(
        &with(
            0,
            ServiceCapacity {
                asg_min: Some(5),
                asg_max: Some(3),
                ..ServiceCapacity::default()
            },
        ),
        ("/services/0/capacity/prod/asg_max", "min ≤ desired ≤ max"),
    );
    // Only the overrides: the tier's desired (sports-cards prod) above the service's max.
    let prod = presets::sports_cards()
        .tiers
        .into_iter()
        .find(|t| t.name == "prod")
        .unwrap();
    check(
        &with(
            0,
            ServiceCapacity {
                asg_min: Some(0),
                asg_max: Some(prod.compute.asg_desired.saturating_sub(1).max(1)),
                asg_desired: Some(prod.compute.asg_desired.max(2)),
                ..ServiceCapacity::default()
            },
        ),
        (
            "/services/0/capacity/prod/asg_desired",
            "min ≤ desired ≤ max",
        ),
    );
    check(
        &with(
            0,
            ServiceCapacity {
                asg_max: Some(0),
                asg_min: Some(0),
                asg_desired: Some(0),
                ..ServiceCapacity::default()
            },
        ),
        ("/services/0/capacity/prod/asg_max", "1 to 1000"),
    );
    check(
        &with(
            0,
            ServiceCapacity {
                asg_min: Some(1001),
                asg_max: Some(1000),
                asg_desired: Some(1000),
                ..ServiceCapacity::default()
            },
        ),
        ("/services/0/capacity/prod/asg_min", "0 to 1000"),
    );
    // The valid override has no finding.
    assert!(errors(&design()).is_empty());
}

/// The hosts boot the x86_64 ECS-optimized AMI, which EC2 does not launch on an arm64
/// (Graviton) type: such a type is refused where it is set, a service's own or the tier's, and
/// a misspelt tier type is refused as a service's is.
#[test]
fn hosts_refuse_arm64_and_malformed_instance_types() {
    let graviton = |d: &Design, at: &str| {
        let errs = errors(d);
        assert!(
            errs.iter()
                .any(|(p, m)| p == at && m.contains("arm64 (Graviton)") && m.contains("x86_64")),
            "no arm64 finding at {at} in {errs:?}"
        );
    };
    for ty in ["t4g.small", "m7g.large", "c7gn.xlarge", "a1.medium"] {
        let mut d = presets::sports_cards();
        d.services[0].capacity.insert(
            "prod".into(),
            ServiceCapacity {
                instance_type: Some(ty.into()),
                ..ServiceCapacity::default()
            },
        );
        graviton(&d, "/services/0/capacity/prod/instance_type");
        let mut d = presets::sports_cards();
        d.tiers[0].compute.instance_type = ty.into();
        graviton(&d, "/tiers/0/compute/instance_type");
    }
    let mut d = presets::sports_cards();
    d.tiers[0].compute.instance_type = "m6i xlarge".into();
    assert!(errors(&d)
        .iter()
        .any(|(p, m)| p == "/tiers/0/compute/instance_type" && m.contains("not valid")));
    // x86_64 types, GPU families included, pass.
    for ty in ["m7i-flex.large", "g4dn.xlarge", "c6i.large"] {
        let mut d = presets::sports_cards();
        d.tiers[0].compute.instance_type = ty.into();
        assert!(errors(&d).is_empty(), "{ty}: {:?}", errors(&d));
    }
}

#[test]
fn the_designer_shows_where_the_hosts_come_from() {
    let d = design();
    let prod = d.tiers.iter().find(|t| t.name == "prod").unwrap();
    let applies = |s: usize| {
        let service = &d.services[s];
        move |o: Owner| tfdesign_core::validate_capacity::applies(service, o)
    };
    let view = capacity::explain(&d.services[0], prod, applies(0));
    let get = |f: Field| view.iter().find(|e| e.field == f).unwrap();
    let it = get(Field::InstanceType);
    assert_eq!(
        (
            it.value.as_str(),
            it.overridden,
            it.source.as_str(),
            it.default.as_str()
        ),
        (
            "m6i.xlarge",
            true,
            "this service",
            prod.compute.instance_type.as_str()
        )
    );
    // A service on the shared hosts: the tier's values, said so.
    let other = capacity::explain(&d.services[1], prod, applies(1));
    let it = other
        .iter()
        .find(|e| e.field == Field::InstanceType)
        .unwrap();
    assert_eq!(
        (it.overridden, it.source.as_str()),
        (false, "from tier prod (shared hosts)")
    );
    // One host field overridden: the others are the tier's, on the service's own hosts.
    let mut d = presets::sports_cards();
    edit::set_capacity(&mut d, 0, "prod", Field::AsgMax, Some("9")).unwrap();
    let prod = d.tiers.iter().find(|t| t.name == "prod").unwrap();
    let view = capacity::explain(&d.services[0], prod, |_| true);
    let it = view
        .iter()
        .find(|e| e.field == Field::InstanceType)
        .unwrap();
    assert_eq!(it.source, "from tier prod (own hosts)");
    // A Fargate service has no host fields in the designer.
    let saas = presets::saas_platform();
    let reports = saas
        .services
        .iter()
        .position(|s| s.name == "reports")
        .unwrap();
    let prod = saas.tiers.iter().find(|t| t.name == "prod").unwrap();
    let s = &saas.services[reports];
    let view = capacity::explain(s, prod, |o| tfdesign_core::validate_capacity::applies(s, o));
    assert!(view.iter().all(|e| e.field.owner() != Owner::Hosts));
}

#[test]
fn edits_set_reset_and_drop_the_hosts_on_fargate() {
    let mut d = presets::sports_cards();
    let before = d.clone();
    edit::set_capacity(&mut d, 0, "prod", Field::InstanceType, Some(" m6i.xlarge ")).unwrap();
    edit::set_capacity(&mut d, 0, "prod", Field::AsgDesired, Some("3")).unwrap();
    assert!(edit::set_capacity(&mut d, 0, "prod", Field::AsgMin, Some("two")).is_err());
    let own = &d.services[0].capacity["prod"];
    assert_eq!(own.instance_type.as_deref(), Some("m6i.xlarge"));
    assert_eq!(own.asg_desired, Some(3));
    // Moving the service to Fargate drops its hosts with no other override left.
    edit::set_launch_type(&mut d.services[0], "fargate");
    assert!(d.services[0].capacity.is_empty());
    edit::set_launch_type(&mut d.services[0], "ec2");
    assert_eq!(d, before);
    // A task count stays through the move.
    edit::set_capacity(&mut d, 0, "prod", Field::TaskCount, Some("4")).unwrap();
    edit::set_capacity(&mut d, 0, "prod", Field::AsgMax, Some("4")).unwrap();
    edit::set_launch_type(&mut d.services[0], "fargate");
    assert_eq!(
        d.services[0].capacity["prod"],
        ServiceCapacity {
            task_count: Some(4),
            ..ServiceCapacity::default()
        }
    );
}

#[test]
fn host_overrides_round_trip_through_files_and_links() {
    let d = design();
    let json = d.to_json();
    assert!(json.contains("\"instance_type\": \"m6i.xlarge\""));
    assert!(json.contains("\"asg_max\": 6"));
    assert_eq!(tfdesign_core::design::Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    // Deterministic: the same design, the same bytes.
    assert_eq!(files(&d), files(&design()));
}
