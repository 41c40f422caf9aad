//! Issue 20, ECS services and load balancers: what a first real apply, a disaster and the first
//! app deploy need from the generated bundle (HTTPS and DNS, worker scaling, the API's callers,
//! alarms, placeholders).

use tfdesign_core::bundle::Bundle;
use tfdesign_core::design::Design;
use tfdesign_core::validate::validate;
use tfdesign_core::{generate, presets, Severity};

fn bundle(design: &Design) -> Bundle {
    generate(design).expect("the design is valid")
}

/// The file at `path`, with every run of spaces squashed to one (`terraform fmt` aligns `=`).
fn text(b: &Bundle, path: &str) -> String {
    let raw = b
        .text(path)
        .unwrap_or_else(|| panic!("{path} is not in the bundle"));
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

/// The errors of `design`, as (path, message).
fn errors(design: &Design) -> Vec<(String, String)> {
    validate(design)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.path, d.message))
        .collect()
}

/// A domain without a zone or a certificate would wait 75 minutes on ACM validation and leave
/// the name pointing nowhere: a design error at a field the designer shows.
#[test]
fn a_domain_needs_a_zone_or_a_certificate() {
    let mut d = presets::sports_cards();
    d.security
        .tiers
        .get_mut("prod")
        .expect("prod")
        .route53_zone_id = None;
    let found = errors(&d);
    assert!(
        found.iter().any(
            |(path, message)| path == "/security/tiers/prod/route53_zone_id"
                && message.contains("75 minutes")
        ),
        "{found:?}"
    );
    // An issued certificate is enough, but only in the tier's own region.
    d.security
        .tiers
        .get_mut("prod")
        .expect("prod")
        .certificate_arn = Some(
        "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
            .into(),
    );
    let found = errors(&d);
    assert!(
        !found.iter().any(|(p, _)| p.ends_with("/route53_zone_id")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(p, m)| p == "/security/tiers/prod/certificate_arn" && m.contains("us-west-2")),
        "a us-east-1 certificate cannot serve the us-west-2 load balancer: {found:?}"
    );
}

/// With the zone, the API's name points at its load balancer: failover alias records in a
/// tier with a disaster-recovery region, the primary answering while it has healthy targets.
#[test]
fn the_host_name_points_at_the_load_balancer() {
    let b = bundle(&presets::sports_cards());
    let module = text(&b, "modules/ecs-api/main.tf");
    assert!(module.contains("resource \"aws_route53_record\" \"alias\""));
    assert!(module.contains("evaluate_target_health = true"));
    assert!(module.contains("dynamic \"failover_routing_policy\""));
    assert!(module.contains("toset([\"A\", \"AAAA\"])"));
    let variables = text(&b, "modules/ecs-api/variables.tf");
    assert!(
        variables.contains("var.route53_zone_id != null || var.certificate_arn != null"),
        "the module itself refuses a domain with neither"
    );
    for (region, role) in [("us-east-1", "PRIMARY"), ("us-west-2", "SECONDARY")] {
        let root = format!("environments/card-catalog-api/{region}/prod");
        let main = text(&b, &format!("{root}/main.tf"));
        assert!(
            main.contains(&format!("dns_failover = \"{role}\"")),
            "{region}: {main}"
        );
        let tfvars = text(&b, &format!("{root}/terraform.tfvars"));
        assert!(tfvars.contains("\"Z0123456789ABCDEFGHIJ\""), "{tfvars}");
        assert!(text(&b, &format!("{root}/README.md")).contains("failover alias records"));
        assert!(text(&b, &format!("{root}/outputs.tf")).contains("module.api.url"));
    }
    // A single-region tier without a domain: no failover role, plain HTTP documented.
    let dev = text(&b, "environments/card-catalog-api/us-east-1/dev/main.tf");
    assert!(!dev.contains("dns_failover"));
    assert!(text(&b, "README.md").contains("Z0123456789ABCDEFGHIJ"));
}

/// With only an issued certificate the bundle cannot create the record: the root's README says
/// which one to create.
#[test]
fn a_certificate_without_a_zone_says_which_record_to_create() {
    let mut d = presets::sports_cards();
    d.tiers.retain(|t| t.name != "prod");
    d.security.tiers.remove("prod");
    for s in &mut d.services {
        s.cost_codes.remove("prod");
    }
    let staging = d.security.tiers.get_mut("staging").expect("staging");
    staging.domain = Some("staging.example.com".into());
    staging.certificate_arn = Some(
        "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
            .into(),
    );
    assert_eq!(errors(&d), vec![]);
    let b = bundle(&d);
    let readme = text(
        &b,
        "environments/card-catalog-api/us-east-1/staging/README.md",
    );
    assert!(
        readme.contains(
            "create `card-catalog-api.staging.example.com` as a CNAME to the output `alb_dns_name`"
        ),
        "{readme}"
    );
}

/// The API's load balancer is internet-facing: the service's worker and functions reach it
/// through NAT, from a public address, so a rule admitting their security groups never
/// matches. No such rule; they get the API's URL and the egress to reach it.
#[test]
fn callers_reach_the_api_by_its_url_not_by_a_dead_rule() {
    let b = bundle(&presets::sports_cards());
    let module = text(&b, "modules/ecs-api/main.tf");
    assert!(!module.contains("alb_allowed"), "{module}");
    assert!(!text(&b, "modules/ecs-api/variables.tf").contains("allowed_security_groups"));
    for tier in ["dev", "prod"] {
        let main = text(
            &b,
            &format!("environments/orders-ingestion/us-east-1/{tier}/main.tf"),
        );
        let api = main.split("module \"api\"").nth(1).expect("api module");
        let api = api.split("\n}\n").next().expect("api block");
        assert!(!api.contains("security_group_id"), "{tier}: {api}");
        for caller in ["module \"worker\"", "module \"lambda_order_validator\""] {
            let block = main.split(caller).nth(1).expect(caller);
            let block = block.split("\n}\n").next().expect("block");
            assert!(
                block.contains("API_URL = module.api.url"),
                "{tier} {caller}: {block}"
            );
            // Plain HTTP only where the tier has no domain.
            if caller.contains("lambda") {
                assert_eq!(
                    block.contains("http_egress = true"),
                    tier == "dev",
                    "{tier}"
                );
            }
        }
    }
    let lambda = text(&b, "modules/lambda-microservice/main.tf");
    assert!(lambda.contains("aws_vpc_security_group_egress_rule\" \"http\""));
    let docs = text(&b, "ARCHITECTURE.md");
    assert!(!docs.contains("`ecs-api` `allowed_security_groups`"));
    assert!(
        !text(&b, "DIAGRAM.md").contains("--> alb\n"),
        "no caller edge into the ALB"
    );
}

/// Queue workers scale on messages waiting per task, not on CPU, and get the longest stop
/// timeout ECS allows instead of the 30 s default.
#[test]
fn workers_scale_on_backlog_per_task_and_stop_gracefully() {
    let b = bundle(&presets::sports_cards());
    let module = text(&b, "modules/ecs-worker/main.tf");
    assert!(
        module.contains("policy_type = \"TargetTrackingScaling\""),
        "{module}"
    );
    assert!(module.contains("metric_name = \"ApproximateNumberOfMessagesVisible\""));
    assert!(module.contains("metric_name = \"RunningTaskCount\""));
    assert!(module.contains("namespace = \"ECS/ContainerInsights\""));
    assert!(module.contains("expression = \"(${join(\" + \", [for i, q in var.consume_queue_names : \"q${i}\"])}) / tasks\""), "{module}");
    assert!(module.contains("target_value = var.backlog_per_task"));
    assert!(
        !module.contains("CPUUtilization"),
        "no CPU scaling left in the worker"
    );
    assert!(module.contains("stopTimeout = 120"), "{module}");
    assert!(!text(&b, "modules/ecs-api/main.tf").contains("stopTimeout"));
    let root = text(&b, "environments/orders-ingestion/us-east-1/prod/main.tf");
    assert!(
        root.contains("consume_queue_names = [module.queue_orders.queue_name]"),
        "{root}"
    );
    assert!(root.contains("backlog_per_task = 10"));
    // A worker-only service has no CPU thresholds to set.
    let vars = text(
        &b,
        "environments/manufacturing-orchestrator/us-east-1/prod/variables.tf",
    );
    assert!(!vars.contains("cpu_high_threshold"));
    assert!(text(&b, "ARCHITECTURE.md").contains("SIGTERM"));
    // A worker that consumes nothing cannot scale on a backlog.
    let mut d = presets::sports_cards();
    d.services[2]
        .worker
        .as_mut()
        .expect("worker")
        .queues
        .clear();
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/services/2/worker/queues"));
}

/// An infrastructure apply must not roll back the image the app pipeline deployed, and the
/// WAF must let uploads over 8 KB through.
#[test]
fn app_deploys_stay_and_uploads_pass() {
    let b = bundle(&presets::sports_cards());
    for m in ["ecs-api", "ecs-worker"] {
        let main = text(&b, &format!("modules/{m}/main.tf"));
        assert!(
            main.contains("ignore_changes = [desired_count, task_definition]"),
            "{m}: {main}"
        );
    }
    let api = text(&b, "modules/ecs-api/main.tf");
    let start = api
        .find("\"AWSManagedRulesCommonRuleSet\"")
        .expect("common rule set");
    let common = api[start..]
        .split("visibility_config")
        .next()
        .expect("rule");
    assert!(
        common.contains("name = \"SizeRestrictions_BODY\""),
        "{common}"
    );
    assert!(common.contains("count {}"), "{common}");
    assert!(text(&b, "NOTES.md").contains("update-service"));
}

/// The placeholders pass the checks the bundle sets up: the API's placeholder serves the
/// health-check path with 200 on the container port the bundle passes it (`PORT`), from the
/// writable `/tmp` of a read-only root filesystem; the worker's stays up and exits on SIGTERM
/// (a container that exits at once is restarted by ECS forever). Designs a user adds from the
/// designer get the same placeholders.
#[test]
fn placeholders_pass_their_health_checks() {
    let design = presets::sports_cards();
    let b = bundle(&design);
    for svc in &design.services {
        let root = text(
            &b,
            &format!("environments/{}/us-east-1/prod/main.tf", svc.name),
        );
        if let Some(api) = &svc.api {
            let script = api
                .command
                .last()
                .expect("the placeholder API has a command");
            let path = api.health_check_path.trim_start_matches('/');
            assert!(script.contains(&format!("> /tmp/www/{path} ")), "{script}");
            assert!(
                script.contains("httpd -f -v -p \"$PORT\" -h /tmp/www"),
                "{script}"
            );
            assert!(root.contains(&format!("PORT = \"{}\"", api.port)), "{root}");
            assert!(root.contains("container_command = ["), "{root}");
        }
        if let Some(worker) = &svc.worker {
            let script = worker
                .command
                .last()
                .expect("the placeholder worker has a command");
            assert!(script.starts_with("trap 'exit 0' TERM;"), "{script}");
            assert!(script.contains("while true"), "{script}");
        }
        // /tmp is writable (the default writable path) with a read-only root filesystem.
        let sec = design.security.services.get(&svc.name);
        assert!(sec.is_none_or(|s| s.writable_paths.iter().any(|p| p == "/tmp")));
    }
    for m in ["ecs-api", "ecs-worker"] {
        let main = text(&b, &format!("modules/{m}/main.tf"));
        assert!(
            main.contains("command = var.container_command"),
            "{m}: {main}"
        );
    }
    // The designer's "add an API / a worker" uses them too.
    use tfdesign_core::edit::{add_service, set_component, Block};
    use tfdesign_core::kinds;
    let mut d = presets::minimal();
    let i = add_service(&mut d);
    set_component(&mut d, i, Block(&kinds::Api), true);
    set_component(&mut d, i, Block(&kinds::Worker), true);
    let added = &d.services[i];
    assert_eq!(added.api.as_ref().map(|a| a.command.len()), Some(3));
    assert_eq!(added.worker.as_ref().map(|w| w.command.len()), Some(3));
}

/// Every ECS service tells people when it runs fewer tasks than its floor for 10 minutes
/// (tasks that fail to start or keep stopping): Container Insights' RunningTaskCount, which the
/// tier's cluster enables, against `desired_count`; the worker's alarm reaches the topic too.
#[test]
fn ecs_services_alarm_on_missing_tasks() {
    let b = bundle(&presets::sports_cards());
    for m in ["ecs-api", "ecs-worker"] {
        let main = text(&b, &format!("modules/{m}/main.tf"));
        let start = main
            .find("resource \"aws_cloudwatch_metric_alarm\" \"running_tasks\"")
            .unwrap_or_else(|| panic!("{m}: no running-task alarm"));
        let alarm = &main[start
            ..main[start..]
                .find("\n}\n")
                .map_or(main.len(), |e| start + e)];
        for line in [
            "namespace = \"ECS/ContainerInsights\"",
            "metric_name = \"RunningTaskCount\"",
            "comparison_operator = \"LessThanThreshold\"",
            "threshold = var.desired_count",
            "alarm_actions = var.alarm_actions",
            "ServiceName = aws_ecs_service.this.name",
        ] {
            assert!(alarm.contains(line), "{m}: {line}\n{alarm}");
        }
    }
    let cluster = text(&b, "modules/ecs-cluster/main.tf");
    assert!(
        cluster.contains("name = \"containerInsights\""),
        "{cluster}"
    );
    let root = text(&b, "environments/orders-ingestion/us-east-1/prod/main.tf");
    let worker = &root[root.find("module \"worker\"").expect("worker module")..];
    let worker = &worker[..worker.find("\n}\n").unwrap_or(worker.len())];
    assert!(
        worker.contains("alarm_actions = [aws_sns_topic.alarms.arn]"),
        "{worker}"
    );
}

/// Changing the image of a placeholder service drops the placeholder's command (it would
/// replace the new image's own start command); a design that keeps it is warned at the field.
#[test]
fn a_new_image_leaves_the_placeholder_command_behind() {
    let mut d = presets::minimal();
    let api = d.services[0].api.as_mut().unwrap();
    tfdesign_core::edit::set_image(&mut api.image, &mut api.command, "busybox-like:2".into());
    assert!(api.command.is_empty());
    let mut own = vec!["./server".to_string()];
    let mut image = "x".to_string();
    tfdesign_core::edit::set_image(&mut image, &mut own, "y:1".into());
    assert_eq!(
        own,
        vec!["./server".to_string()],
        "a command of the user's own stays"
    );
    let mut d = presets::minimal();
    d.services[0].api.as_mut().unwrap().image = "registry.example/app:1.0".into();
    let warned: Vec<_> = validate(&d)
        .into_iter()
        .filter(|x| x.severity == Severity::Warning && x.path == "/services/0/api/command")
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
}

/// Functions get the service's queue URLs (`QUEUE_URL_*`), so they may send to those queues:
/// the role names exactly them.
#[test]
fn functions_may_send_to_the_queues_they_are_told_about() {
    let b = bundle(&presets::sports_cards());
    let root = text(&b, "environments/orders-ingestion/us-east-1/prod/main.tf");
    let start = root.find("module \"lambda_").expect("a function");
    let function = &root[start..start + root[start..].find("\n}\n").unwrap()];
    assert!(function.contains("QUEUE_URL_ORDERS"), "{function}");
    assert!(
        function.contains("publish_queue_arns = [module.queue_orders.queue_arn]"),
        "{function}"
    );
    let module = text(&b, "modules/lambda-microservice/main.tf");
    assert!(module.contains("\"PublishToQueues\""), "{module}");
    assert!(module.contains("\"sqs:SendMessage\""), "{module}");
    // A saved plan holds the state in clear text: the workflow keeps it one day.
    let workflow = text(&b, ".github/workflows/terraform.yml");
    assert!(workflow.contains("retention-days: 1\n"), "{workflow}");
    assert!(!workflow.contains("retention-days: 7"), "{workflow}");
}
