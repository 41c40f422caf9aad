//! Issue 14: the launch type per service (`services[].launch_type`: `ec2` or `fargate`) and
//! the tiers' `compute.fargate_spot`, end to end: the task definitions and services on Fargate,
//! platforms without hosts when every container service of a tier runs on Fargate, a mixed
//! tier that keeps its hosts, the Fargate task size rule, FARGATE_SPOT, round trips.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{Design, LaunchType};
use tfdesign_core::plan::Plan;
use tfdesign_core::{link, presets};

/// sports-cards with every service on Fargate (the done-when design of issue 14).
fn all_fargate() -> Design {
    let mut d = presets::sports_cards();
    for s in &mut d.services {
        s.launch_type = LaunchType::Fargate;
    }
    d
}

/// sports-cards with only `orders-ingestion` on Fargate.
fn mixed() -> Design {
    let mut d = presets::sports_cards();
    let orders = d
        .services
        .iter_mut()
        .find(|s| s.name == "orders-ingestion")
        .expect("orders-ingestion");
    orders.launch_type = LaunchType::Fargate;
    d
}

fn service_index(d: &Design, name: &str) -> usize {
    d.services
        .iter()
        .position(|s| s.name == name)
        .expect("service")
}

#[test]
fn every_service_on_fargate_generates_without_errors() {
    assert_eq!(errors(&all_fargate()), Vec::<(String, String)>::new());
    assert_eq!(errors(&mixed()), Vec::<(String, String)>::new());
}

#[test]
fn the_task_definition_and_service_run_on_fargate() {
    let f = files(&all_fargate());
    let main = &f["environments/card-catalog-api/us-east-1/prod/main.tf"];
    let api = module_block(main, "api");
    assert!(api.contains("launch_type"), "{api}");
    assert!(api.contains("\"FARGATE\""), "{api}");
    assert!(!api.contains("capacity_provider_name"), "{api}");
    assert!(api.contains("cluster_name"), "{api}");

    let module = &f["modules/ecs-api/main.tf"];
    for needle in [
        "requires_compatibilities = [var.launch_type]",
        "cpu                      = local.fargate ? var.container_cpu : null",
        "memory                   = local.fargate ? var.container_memory : null",
        "network_mode             = \"awsvpc\"",
        "platform_version                   = local.fargate ? \"LATEST\" : null",
        "capacity_provider = local.fargate ? \"FARGATE\" : var.capacity_provider_name",
        "dynamic \"ordered_placement_strategy\"",
        // The same security as on EC2.
        "readonlyRootFilesystem",
        "execution_role_arn",
        "task_role_arn",
        "awslogs-group",
        "aws_appautoscaling_policy",
    ] {
        assert!(
            module.contains(needle),
            "ecs-api lacks {needle:?}\n{module}"
        );
    }
    let vars = &f["modules/ecs-api/variables.tf"];
    assert!(vars.contains("variable \"launch_type\""), "{vars}");
    assert!(vars.contains("variable \"fargate_spot\""), "{vars}");
    let worker = &f["modules/ecs-worker/main.tf"];
    assert!(
        worker.contains("requires_compatibilities = [var.launch_type]"),
        "{worker}"
    );
    assert!(
        worker.contains("fargate             = var.launch_type == \"FARGATE\""),
        "{worker}"
    );
}

#[test]
fn an_all_fargate_platform_has_no_hosts() {
    let d = all_fargate();
    let plan = Plan::build(&d);
    assert!(plan.fargate);
    assert_eq!(plan.platforms.len(), 4);
    assert!(plan.platforms.iter().all(|p| !p.ec2_hosts && p.fargate));

    let f = files(&d);
    for p in &plan.platforms {
        let main = &f[&format!("{}/main.tf", p.dir)];
        let cluster = module_block(main, "cluster");
        assert!(cluster.contains("ec2_hosts"), "{cluster}");
        assert!(cluster.contains("= false"), "{cluster}");
        for host in ["instance_type", "asg_", "alarm_actions"] {
            assert!(!cluster.contains(host), "{}: {host}\n{cluster}", p.dir);
        }
        assert!(!main.contains("aws_sns_topic"), "{}", p.dir);
        let tfvars = &f[&format!("{}/terraform.tfvars", p.dir)];
        assert!(!tfvars.contains("instance_type"), "{tfvars}");
        assert!(!tfvars.contains("asg_"), "{tfvars}");
        let outputs = &f[&format!("{}/outputs.tf", p.dir)];
        assert!(!outputs.contains("autoscaling_group_name"), "{outputs}");
        let readme = &f[&format!("{}/README.md", p.dir)];
        assert!(readme.contains("no EC2 hosts"), "{readme}");
    }
    // The module makes every host resource optional; the cluster and its providers stay.
    let module = &f["modules/ecs-cluster/main.tf"];
    for host in [
        "resource \"aws_autoscaling_group\" \"this\" {\n  count = var.ec2_hosts ? 1 : 0",
        "resource \"aws_launch_template\" \"this\" {\n  count = var.ec2_hosts ? 1 : 0",
        "resource \"aws_ecs_capacity_provider\" \"this\" {\n  count = var.ec2_hosts ? 1 : 0",
        "resource \"aws_cloudwatch_metric_alarm\" \"capacity\" {\n  count = var.ec2_hosts ? 1 : 0",
        "resource \"aws_iam_role\" \"hosts\" {\n  count = var.ec2_hosts ? 1 : 0",
    ] {
        assert!(module.contains(host), "{host}\n{module}");
    }
    assert!(
        module.contains("var.fargate ? [\"FARGATE\", \"FARGATE_SPOT\"] : []"),
        "{module}"
    );
}

#[test]
fn a_mixed_tier_keeps_its_hosts_and_offers_fargate() {
    let d = mixed();
    let plan = Plan::build(&d);
    assert!(plan.platforms.iter().all(|p| p.ec2_hosts && p.fargate));
    let f = files(&d);
    let main = &f["platform/us-east-1/prod/main.tf"];
    let cluster = module_block(main, "cluster");
    assert!(cluster.contains("fargate"), "{cluster}");
    assert!(!cluster.contains("ec2_hosts"), "{cluster}");
    assert!(cluster.contains("instance_type"), "{cluster}");
    assert!(cluster.contains("alarm_actions"), "{cluster}");
    assert!(f["platform/us-east-1/prod/terraform.tfvars"].contains("m6i.large"));
    // The EC2 services keep the cluster's capacity provider; the Fargate one names its type.
    let catalog = module_block(
        &f["environments/card-catalog-api/us-east-1/prod/main.tf"],
        "api",
    )
    .to_string();
    assert!(catalog.contains("capacity_provider_name"), "{catalog}");
    assert!(!catalog.contains("launch_type"), "{catalog}");
    let orders = module_block(
        &f["environments/orders-ingestion/us-east-1/prod/main.tf"],
        "api",
    )
    .to_string();
    assert!(orders.contains("launch_type"), "{orders}");
    assert!(!orders.contains("capacity_provider_name"), "{orders}");
}

#[test]
fn the_ec2_presets_modules_take_no_launch_type() {
    // saas-platform runs a worker on Fargate (below); the others are EC2 only, and their
    // modules are exactly the EC2-only ones.
    let saas = presets::get("saas-platform").expect("preset");
    assert!(Plan::build(&saas).fargate);
    assert!(saas.to_json().contains("\"launch_type\": \"fargate\""));
    for name in presets::NAMES.iter().filter(|n| **n != "saas-platform") {
        let d = presets::get(name).expect("preset");
        assert!(!Plan::build(&d).fargate);
        let f = files(&d);
        for (path, text) in &f {
            if path.starts_with("modules/ecs-") || path.starts_with("platform/") {
                assert!(!text.contains("launch_type"), "{path}");
                assert!(!text.contains("FARGATE"), "{path}");
            }
        }
        assert!(!d.to_json().contains("launch_type"));
        assert!(!d.to_json().contains("fargate_spot"));
    }
}

#[test]
fn a_task_size_fargate_does_not_run_is_refused_at_its_field() {
    let mut d = all_fargate();
    let catalog = service_index(&d, "card-catalog-api");
    let orders = service_index(&d, "orders-ingestion");
    d.services[catalog].api.as_mut().expect("api").memory = 768;
    d.services[orders].api.as_mut().expect("api").cpu = 384;
    let worker = d
        .services
        .iter()
        .position(|s| s.worker.is_some())
        .expect("a service with a worker");
    d.services[worker].worker.as_mut().expect("worker").memory = 5120;
    let errs = errors(&d);
    let at = |pointer: &str| {
        errs.iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error at {pointer}: {errs:?}"))
    };
    let memory = at(&format!("/services/{catalog}/api/memory"));
    assert!(memory.contains("512 CPU units with 768 MiB"), "{memory}");
    assert!(
        memory.contains("1024 to 4096 in steps of 1024 MiB"),
        "{memory}"
    );
    let cpu = at(&format!("/services/{orders}/api/cpu"));
    assert!(cpu.contains("not 384"), "{cpu}");
    let w = at(&format!("/services/{worker}/worker/memory"));
    assert!(w.contains("the worker runs on Fargate"), "{w}");
    assert_eq!(errs.len(), 3, "{errs:?}");

    // On EC2 the same sizes are fine.
    for s in &mut d.services {
        s.launch_type = LaunchType::Ec2;
    }
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
}

#[test]
fn a_capacity_override_fargate_does_not_run_is_refused_at_the_override() {
    let mut d = all_fargate();
    let catalog = service_index(&d, "card-catalog-api");
    // The API's own 512/1024 is a Fargate size; prod's override of its memory alone is not
    // (512 units take 1 to 4 GiB), staging's CPU override alone makes 2048/1024, not one either.
    let own = &mut d.services[catalog].capacity;
    own.entry("prod".into()).or_default().api_memory = Some(6144);
    own.entry("staging".into()).or_default().api_cpu = Some(2048);
    own.entry("dev".into()).or_default().api_memory = Some(2048);
    let errs = errors(&d);
    let at = |pointer: &str| {
        errs.iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error at {pointer}: {errs:?}"))
    };
    let prod = at(&format!("/services/{catalog}/capacity/prod/api_memory"));
    assert!(
        prod.contains("in tier prod, the API runs on Fargate"),
        "{prod}"
    );
    assert!(prod.contains("512 CPU units with 6144 MiB"), "{prod}");
    // Only the CPU is overridden in staging: the error points at that override.
    let staging = at(&format!("/services/{catalog}/capacity/staging/api_cpu"));
    assert!(
        staging.contains("2048 CPU units with 1024 MiB"),
        "{staging}"
    );
    // dev's 512/2048 is a Fargate size: nothing there.
    assert_eq!(errs.len(), 2, "{errs:?}");

    // On EC2 the overrides are any size.
    d.services[catalog].launch_type = LaunchType::Ec2;
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
}

#[test]
fn a_fargate_spot_tier_runs_beyond_its_first_task_on_spot() {
    let mut d = all_fargate();
    for t in &mut d.tiers {
        t.compute.fargate_spot = t.name == "prod";
    }
    assert_eq!(errors(&d), Vec::<(String, String)>::new());
    let plan = Plan::build(&d);
    for p in &plan.platforms {
        let prod = d.tiers[p.tier].name == "prod";
        assert_eq!(p.fargate_spot, prod, "{}", p.dir);
    }
    let f = files(&d);
    let prod = module_block(
        &f["environments/orders-ingestion/us-west-2/prod/main.tf"],
        "api",
    )
    .to_string();
    assert!(prod.contains("fargate_spot"), "{prod}");
    let dev = module_block(
        &f["environments/orders-ingestion/us-east-1/dev/main.tf"],
        "api",
    )
    .to_string();
    assert!(!dev.contains("fargate_spot"), "{dev}");
    let module = &f["modules/ecs-api/main.tf"];
    assert!(
        module.contains("base              = local.fargate ? 1 : 0"),
        "{module}"
    );
    assert!(
        module.contains("local.fargate && var.fargate_spot ? [\"FARGATE_SPOT\"] : []"),
        "{module}"
    );
    assert!(f["platform/us-east-1/prod/README.md"].contains("FARGATE_SPOT"));
    // On an EC2-only design the tier's choice changes nothing.
    let mut ec2 = presets::sports_cards();
    let before = files(&ec2);
    for t in &mut ec2.tiers {
        t.compute.fargate_spot = true;
    }
    let after = files(&ec2);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, text)| before.get(*p) != Some(*text))
        .map(|(p, _)| p)
        .collect();
    assert!(
        changed
            .iter()
            .all(|p| p.as_str() == "tfdesign.json" || p.as_str() == "MANIFEST.sha256"),
        "{changed:?}"
    );
}

#[test]
fn the_launch_type_and_spot_choice_round_trip_through_files_and_links() {
    let mut d = mixed();
    d.tiers[0].compute.fargate_spot = true;
    let json = d.to_json();
    assert!(json.contains("\"launch_type\": \"fargate\""), "{json}");
    assert!(json.contains("\"fargate_spot\": true"), "{json}");
    assert_eq!(Design::from_json(&json).expect("loads"), d);
    let encoded = link::encode(&d).expect("encodes");
    assert_eq!(link::decode(&encoded).expect("decodes"), d);
    // A launch type the design format does not know is refused with a message.
    let bad = json.replace(
        "\"launch_type\": \"fargate\"",
        "\"launch_type\": \"lambda\"",
    );
    let err = Design::from_json(&bad).expect_err("unknown launch type");
    assert!(
        err.to_string().contains("launch_type") || err.to_string().contains("lambda"),
        "{err}"
    );
}

#[test]
fn fargate_tasks_have_no_price_and_a_hostless_tier_pays_for_no_host() {
    use tfdesign_core::cost::{self, PriceTable};
    use tfdesign_core::usage::UsageInputs;
    let estimate = |d: &Design| {
        cost::estimate(
            d,
            &Plan::build(d),
            PriceTable::embedded(),
            &UsageInputs::default(),
        )
    };
    let ec2 = estimate(&presets::sports_cards());
    let fargate = estimate(&all_fargate());
    for root in fargate
        .roots
        .iter()
        .filter(|r| r.root.starts_with("platform/"))
    {
        assert!(
            root.items
                .iter()
                .all(|i| !i.component.contains("EC2") && !i.component.contains("EBS")),
            "{}: {:?}",
            root.root,
            root.items
        );
        assert_eq!(root.monthly, cost::Micros(0), "{}", root.root);
    }
    let api = fargate
        .roots
        .iter()
        .find(|r| r.root == "environments/card-catalog-api/us-east-1/prod")
        .expect("the API's prod root");
    let tasks = api
        .items
        .iter()
        .find(|i| i.component.starts_with("Fargate tasks of the API"))
        .expect("a Fargate line");
    assert!(tasks.is_missing(), "{tasks:?}");
    assert!(
        tasks.component.contains("512 CPU units, 1024 MiB"),
        "{tasks:?}"
    );
    assert!(tasks.note.contains("3 task(s)"), "{tasks:?}");
    // No host is paid for, and the missing Fargate prices are counted as missing, not zero.
    assert!(fargate.total < ec2.total);
    assert!(fargate.missing > ec2.missing);
    assert!(ec2
        .roots
        .iter()
        .flat_map(|r| &r.items)
        .all(|i| !i.component.starts_with("Fargate")));
}

#[test]
fn the_docs_matrix_and_diagram_say_fargate() {
    let d = mixed();
    let f = files(&d);
    let diagram = &f["DIAGRAM.md"];
    assert!(diagram.contains("api[ECS API on Fargate]"), "{diagram}");
    assert!(diagram.contains("api[ECS API on EC2]"), "{diagram}");
    let notes = &f["NOTES.md"];
    assert!(
        notes.contains("**Fargate for `orders-ingestion`**"),
        "{notes}"
    );
    assert!(notes.contains("**EC2 over Fargate**"), "{notes}");
    let architecture = &f["ARCHITECTURE.md"];
    assert!(
        architecture.contains("- ECS worker on Fargate"),
        "{architecture}"
    );
    // Every service on Fargate: no EC2 trade-off.
    let all = files(&all_fargate());
    assert!(!all["NOTES.md"].contains("**EC2 over Fargate**"));

    let orders = &d.services[service_index(&d, "orders-ingestion")];
    let chips: Vec<String> = tfdesign_core::kinds::ALL
        .iter()
        .filter(|k| k.present(orders))
        .filter_map(|k| k.chip(orders, false))
        .map(|c| c.label)
        .collect();
    assert!(chips.contains(&"API on Fargate".to_string()), "{chips:?}");
    assert!(
        chips.contains(&"Worker on Fargate".to_string()),
        "{chips:?}"
    );
}
