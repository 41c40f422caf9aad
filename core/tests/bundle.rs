//! Properties of generated bundles: completeness, determinism, parse-back, injection safety.

use tfdesign_core::bundle::Bundle;
use tfdesign_core::design::Design;
use tfdesign_core::{generate, presets, Severity};

fn sports() -> Bundle {
    generate(&presets::sports_cards()).expect("the preset is valid")
}

#[test]
fn sports_cards_has_every_part_of_the_seed() {
    let b = sports();
    let mut expected = vec![
        "backend-bootstrap/README.md".to_string(),
        "backend-bootstrap/main.tf".into(),
        "backend-bootstrap/backend-us-east-1.tf".into(),
        "backend-bootstrap/backend-us-west-2.tf".into(),
        "global/iam/main.tf".into(),
        "ARCHITECTURE.md".into(),
        "DIAGRAM.md".into(),
        "NOTES.md".into(),
        "README.md".into(),
        "tfdesign.json".into(),
        ".github/workflows/terraform.yml".into(),
    ];
    for m in [
        "ecs-api",
        "ecs-cluster",
        "ecs-worker",
        "lambda-microservice",
        "rds-database",
        "sqs-queue",
        "cloudwatch-rule",
        "iam",
    ] {
        for f in [
            "main.tf",
            "variables.tf",
            "outputs.tf",
            "versions.tf",
            "README.md",
        ] {
            expected.push(format!("modules/{m}/{f}"));
        }
    }
    let mut roots = 0;
    for s in [
        "card-catalog-api",
        "orders-ingestion",
        "manufacturing-orchestrator",
    ] {
        for (region, tier) in [
            ("us-east-1", "dev"),
            ("us-east-1", "staging"),
            ("us-east-1", "prod"),
            ("us-west-2", "prod"),
        ] {
            for f in [
                "main.tf",
                "backend.tf",
                "providers.tf",
                "variables.tf",
                "terraform.tfvars",
                "outputs.tf",
                "versions.tf",
            ] {
                expected.push(format!("environments/{s}/{region}/{tier}/{f}"));
            }
            roots += 1;
        }
    }
    assert_eq!(roots, 12);
    let missing: Vec<_> = expected
        .iter()
        .filter(|p| !b.files.contains_key(*p))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    let env_roots = b
        .files
        .keys()
        .filter(|p| p.starts_with("environments/") && p.ends_with("/main.tf"))
        .count();
    assert_eq!(env_roots, 12);
    for (region, tier) in [
        ("us-east-1", "dev"),
        ("us-east-1", "staging"),
        ("us-east-1", "prod"),
        ("us-west-2", "prod"),
    ] {
        for f in [
            "main.tf",
            "backend.tf",
            "providers.tf",
            "variables.tf",
            "terraform.tfvars",
            "outputs.tf",
            "versions.tf",
            "README.md",
        ] {
            let path = format!("platform/{region}/{tier}/{f}");
            assert!(b.files.contains_key(&path), "missing {path}");
        }
    }
}

/// The `resource "<kind>" ...` blocks of a Terraform text (each up to the next top-level block).
fn blocks<'a>(text: &'a str, kind: &str) -> Vec<&'a str> {
    let head = format!("resource \"{kind}\" ");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&head) {
        let block = &rest[at..];
        let end = block[1..]
            .find("\nresource ")
            .or_else(|| block[1..].find("\ndata "))
            .map_or(block.len(), |e| e + 1);
        out.push(&block[..end]);
        rest = &block[end..];
    }
    out
}

/// Major 5 of issue 20: one cluster, Auto Scaling group and capacity provider per tier and
/// region that runs containers, in the platform roots; none per service.
#[test]
fn one_ecs_cluster_per_tier_and_region() {
    let b = sports();
    let tf = |p: &&String| p.ends_with(".tf");
    for kind in [
        "aws_ecs_cluster",
        "aws_autoscaling_group",
        "aws_ecs_capacity_provider",
        "aws_launch_template",
    ] {
        let defined: Vec<&String> = b
            .files
            .keys()
            .filter(tf)
            .filter(|p| !blocks(b.text(p).unwrap(), kind).is_empty())
            .collect();
        assert_eq!(defined, ["modules/ecs-cluster/main.tf"], "{kind}");
        assert_eq!(
            blocks(b.text("modules/ecs-cluster/main.tf").unwrap(), kind).len(),
            1,
            "{kind}"
        );
    }
    let calls: Vec<(&String, &str)> = b
        .files
        .keys()
        .filter(tf)
        .filter_map(|p| {
            let text = b.text(p).unwrap();
            text.contains("source = \"../../../modules/ecs-cluster\"")
                .then(|| {
                    let module = &text[text.find("module \"cluster\"")?..];
                    let line = module
                        .lines()
                        .find(|l| l.trim_start().starts_with("name "))?;
                    let name = line.split("= \"").nth(1)?;
                    Some((p, &name[..name.find('"')?]))
                })
                .flatten()
        })
        .collect();
    assert_eq!(
        calls,
        [
            (
                &"platform/us-east-1/dev/main.tf".to_string(),
                "sports-cards-dev"
            ),
            (
                &"platform/us-east-1/prod/main.tf".to_string(),
                "sports-cards-prod"
            ),
            (
                &"platform/us-east-1/staging/main.tf".to_string(),
                "sports-cards-staging"
            ),
            (
                &"platform/us-west-2/prod/main.tf".to_string(),
                "sports-cards-prod-dr"
            ),
        ]
    );
    assert!(b
        .files
        .keys()
        .filter(|p| p.starts_with("environments/"))
        .all(|p| !b.text(p).unwrap().contains("modules/ecs-cluster")));
}

/// Every ECS service runs in the cluster of its own tier and region, on its capacity provider.
#[test]
fn every_ecs_service_runs_in_its_tiers_cluster() {
    let b = sports();
    for module in ["modules/ecs-api/main.tf", "modules/ecs-worker/main.tf"] {
        let services = blocks(b.text(module).unwrap(), "aws_ecs_service");
        assert_eq!(services.len(), 1, "{module}");
        let cluster = services[0]
            .lines()
            .find(|l| l.trim_start().starts_with("cluster "))
            .and_then(|l| l.split('=').nth(1))
            .map(str::trim);
        assert_eq!(cluster, Some("var.cluster_name"), "{module}");
        assert!(
            services[0].contains("capacity_provider = var.capacity_provider_name"),
            "{module}"
        );
    }
    let mut roots = 0;
    for (path, _) in b
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("environments/") && p.ends_with("/main.tf"))
    {
        let text = b.text(path).unwrap();
        // environments/<service>/<region>/<tier>/main.tf
        let parts: Vec<&str> = path.split('/').collect();
        let (region, tier) = (parts[2], parts[3]);
        let cluster = if region == "us-west-2" {
            format!("sports-cards-{tier}-dr")
        } else {
            format!("sports-cards-{tier}")
        };
        for call in ["module \"api\"", "module \"worker\""] {
            let Some(at) = text.find(call) else { continue };
            let block = &text[at..at + text[at..].find("\n}\n").unwrap()];
            let attr = |name: &str| {
                block
                    .lines()
                    .find(|l| l.trim_start().starts_with(&format!("{name} ")))
                    .and_then(|l| l.split('"').nth(1))
                    .unwrap_or_default()
                    .to_string()
            };
            assert_eq!(attr("cluster_name"), cluster, "{path} {call}");
            assert_eq!(attr("capacity_provider_name"), cluster, "{path} {call}");
            assert!(
                b.files
                    .contains_key(&format!("platform/{region}/{tier}/main.tf")),
                "{path}: no platform root"
            );
            roots += 1;
        }
    }
    // 4 deployments of each of card-catalog-api (API), orders-ingestion (API and worker) and
    // manufacturing-orchestrator (worker).
    assert_eq!(roots, 16);
}

/// Tasks of several services share hosts: each has its own network interface and security
/// group (`awsvpc`), none uses the host's bridge, and the load balancer targets their IPs.
#[test]
fn tasks_use_awsvpc_networking() {
    for name in presets::NAMES {
        let b = generate(&presets::get(name).unwrap()).unwrap();
        for (path, _) in b.files.iter().filter(|(p, _)| p.ends_with(".tf")) {
            let text = b.text(path).unwrap();
            assert!(!text.contains("\"bridge\""), "{name} {path}");
            for task in blocks(text, "aws_ecs_task_definition") {
                assert!(
                    task.contains("network_mode             = \"awsvpc\""),
                    "{path}: {task}"
                );
            }
            for service in blocks(text, "aws_ecs_service") {
                assert!(service.contains("network_configuration {"), "{path}");
                assert!(service.contains("assign_public_ip = false"), "{path}");
            }
            for tg in blocks(text, "aws_lb_target_group") {
                assert!(
                    tg.lines()
                        .any(|l| l.trim_start().starts_with("target_type ")
                            && l.trim_end().ends_with("= \"ip\"")),
                    "{path}: {tg}"
                );
            }
        }
    }
}

/// Major 6 of issue 20: a new launch template version (the AMI from SSM) replaces the hosts.
#[test]
fn every_auto_scaling_group_refreshes_its_instances() {
    for name in presets::NAMES {
        let b = generate(&presets::get(name).unwrap()).unwrap();
        let mut groups = 0;
        for (path, _) in b.files.iter().filter(|(p, _)| p.ends_with(".tf")) {
            for asg in blocks(b.text(path).unwrap(), "aws_autoscaling_group") {
                groups += 1;
                for needed in [
                    "instance_refresh {",
                    "strategy = \"Rolling\"",
                    "scale_in_protected_instances = \"Refresh\"",
                    "protect_from_scale_in",
                    "ignore_changes = [desired_capacity]",
                ] {
                    assert!(asg.contains(needed), "{name} {path}: {needed}\n{asg}");
                }
                // The launch template's newest version (counted where hosts are optional, one
                // per service for the services' own hosts).
                assert!(
                    asg.contains("version = aws_launch_template.this.latest_version")
                        || asg.contains("version = aws_launch_template.this[0].latest_version")
                        || asg.contains(
                            "version = aws_launch_template.group[each.key].latest_version"
                        ),
                    "{name} {path}: the launch template's latest version\n{asg}"
                );
            }
        }
        // The shared hosts, and in saas-platform the services' own (`accounts` in prod).
        let want = if *name == "saas-platform" { 2 } else { 1 };
        assert_eq!(groups, want, "{name}");
    }
}

/// The platform roots are applied before the service roots of their tier and region: each
/// platform root has a stage of its own, and the stage of the service roots of the same tier and
/// region plans only after that stage applied.
#[test]
fn the_workflow_applies_platform_roots_first() {
    let b = sports();
    let workflow = b.text(".github/workflows/terraform.yml").unwrap();
    for (region, tier) in [
        ("us-east-1", "prod"),
        ("us-west-2", "prod"),
        ("us-east-1", "dev"),
    ] {
        let id = format!("{tier}_{region}").replace('-', "_");
        assert!(
            workflow.contains(&format!("\"platform/{region}/{tier}|")),
            "platform/{region}/{tier} not in the pipeline:\n{workflow}"
        );
        assert!(
            workflow.contains(&format!(
                "  plan_{id}:\n    name: plan {tier} {region}\n    needs: [fmt, manifest, checkov, changes, apply_platform_{id}]\n"
            )),
            "{id} does not wait for its platform:\n{workflow}"
        );
    }
}

#[test]
fn seed_values_reach_the_roots() {
    let b = sports();
    let dev = b
        .text("environments/card-catalog-api/us-east-1/dev/terraform.tfvars")
        .unwrap();
    assert!(
        dev.contains("cost_code                = \"A1B2C3D4\"") || dev.contains("\"A1B2C3D4\""),
        "{dev}"
    );
    assert!(dev.contains("log_retention_days") && dev.contains("= 7\n"));
    let prod = b
        .text("environments/orders-ingestion/us-east-1/prod/terraform.tfvars")
        .unwrap();
    assert!(prod.contains("\"J9K0L1M2\""));
    assert!(prod.contains("db_read_replica_count") && prod.contains("= 2\n"));
    let staging = b
        .text("environments/manufacturing-orchestrator/us-east-1/staging/terraform.tfvars")
        .unwrap();
    assert!(staging.contains("\"X7Y8Z9W0\""));
    let dr = b
        .text("environments/orders-ingestion/us-west-2/prod/main.tf")
        .unwrap();
    assert!(dr.contains(
        "replicate_source_db = \"arn:${data.aws_partition.current.partition}:rds:us-east-1:${data.aws_caller_identity.current.account_id}:db:sports-cards-prod-orders-ingestion\""
    ));
    let mfg = b
        .text("environments/manufacturing-orchestrator/us-east-1/prod/main.tf")
        .unwrap();
    assert!(mfg.contains("\"cron(0 4 * * ? *)\"") && mfg.contains("\"rate(1 hour)\""));
    let providers = b
        .text("environments/orders-ingestion/us-east-1/prod/providers.tf")
        .unwrap();
    for tag in ["Project", "ManagedBy", "Environment", "Service", "CostCode"] {
        assert!(
            providers.contains(tag)
                || b.text("environments/orders-ingestion/us-east-1/prod/main.tf")
                    .unwrap()
                    .contains(tag),
            "{tag}"
        );
    }
}

/// A file larger than the zip reader's first reserve (64 KiB) inflates back whole: the
/// inflater is fed in rounds, not asked to finish in one call.
#[test]
fn a_file_over_the_readers_first_reserve_reads_back() {
    let big: String = (0..20_000).map(|i| format!("line {i}\n")).collect();
    assert!(big.len() > 128 << 10);
    let zip = tfdesign_core::archive::write([("big.md", big.as_bytes())]).expect("zip");
    let back = tfdesign_core::archive::read(&zip).expect("read back");
    assert_eq!(back, vec![("big.md".to_string(), big.into_bytes())]);
}

#[test]
fn same_design_same_zip_bytes() {
    for name in presets::NAMES {
        let design = presets::get(name).unwrap();
        let a = generate(&design).unwrap().to_zip().unwrap();
        let b = generate(&design).unwrap().to_zip().unwrap();
        assert_eq!(a, b, "{name}");
        let back = Bundle::from_zip(&a).unwrap();
        assert_eq!(back, generate(&design).unwrap(), "{name}: zip round trip");
    }
}

#[test]
fn the_bundled_design_regenerates_the_same_bytes() {
    for name in presets::NAMES {
        let bundle = generate(&presets::get(name).unwrap()).unwrap();
        let design = Design::from_json(bundle.text("tfdesign.json").unwrap()).unwrap();
        let again = generate(&design).unwrap();
        assert_eq!(bundle.to_zip().unwrap(), again.to_zip().unwrap(), "{name}");
    }
}

#[test]
fn every_tf_file_parses_back() {
    for name in presets::NAMES {
        let bundle = generate(&presets::get(name).unwrap()).unwrap();
        for (path, contents) in &bundle.files {
            if path.ends_with(".tf") || path.ends_with(".tfvars") {
                let text = std::str::from_utf8(contents).unwrap();
                hcl::parse(text).unwrap_or_else(|e| panic!("{name}: {path} does not parse: {e}"));
            }
        }
    }
}

/// Text a hostile or careless person might type.
const NASTY: &[&str] = &[
    "a\"b",
    "${file(\"/etc/passwd\")}",
    "%{ if true }x%{ endif }",
    "line1\nline2",
    "close } brace",
    "back\\slash",
    "tab\there",
    "$${already}",
];

fn string_values(body: &hcl::Body, out: &mut Vec<String>) {
    fn expr(e: &hcl::Expression, out: &mut Vec<String>) {
        match e {
            hcl::Expression::String(s) => out.push(s.clone()),
            hcl::Expression::Object(o) => o.values().for_each(|v| expr(v, out)),
            hcl::Expression::Array(a) => a.iter().for_each(|v| expr(v, out)),
            _ => {}
        }
    }
    for s in body.iter() {
        match s {
            hcl::Structure::Attribute(a) => expr(&a.expr, out),
            hcl::Structure::Block(b) => string_values(&b.body, out),
        }
    }
}

#[test]
fn typed_text_cannot_inject_hcl() {
    let mut design = presets::sports_cards();
    // Tag values hold no control characters (AWS refuses them; validation too): those two
    // reach the HCL through the description, which may hold newlines and tabs.
    for (i, nasty) in NASTY.iter().enumerate() {
        if !nasty.contains(char::is_control) {
            design.tags.insert(format!("Note{i}"), nasty.to_string());
        }
    }
    design.services[2].schedules[0].description = NASTY.join(" | ");
    let bundle = generate(&design).expect("free text is escaped, not rejected");
    let providers = bundle
        .text("environments/manufacturing-orchestrator/us-east-1/prod/main.tf")
        .unwrap();
    let body = hcl::parse(providers).expect("still parses");
    let mut values = Vec::new();
    string_values(&body, &mut values);
    for nasty in NASTY.iter().filter(|n| !n.contains(char::is_control)) {
        assert!(
            values.iter().any(|v| v == nasty),
            "{nasty:?} did not survive as a literal string: {values:?}"
        );
    }
    assert!(values.iter().any(|v| *v == NASTY.join(" | ")));
    for (path, contents) in &bundle.files {
        if path.ends_with(".tf") {
            hcl::parse(std::str::from_utf8(contents).unwrap())
                .unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
}

#[test]
fn names_that_would_break_out_are_rejected() {
    type Setter = fn(&mut Design, &str);
    let cases: Vec<(Setter, &str)> = vec![
        (|d, v| d.services[0].name = v.into(), "/services/0/name"),
        (|d, v| d.tiers[0].name = v.into(), "/tiers/0/name"),
        (|d, v| d.project = v.into(), "/project"),
        (
            |d, v| d.services[1].queues[0].name = v.into(),
            "/services/1/queues/0/name",
        ),
        (
            |d, v| d.services[0].lambdas[0].name = v.into(),
            "/services/0/lambdas/0/name",
        ),
        (
            |d, v| d.services[0].api.as_mut().unwrap().image = v.into(),
            "/services/0/api/image",
        ),
    ];
    for nasty in ["x\"y", "${var.secret}", "%{x}", "a\nb", "}", "../../etc"] {
        for (set, path) in &cases {
            let mut d = presets::sports_cards();
            set(&mut d, nasty);
            if *path == "/services/0/api/image" && nasty.starts_with("..") {
                continue; // a harmless (escaped) image reference
            }
            let Err(err) = generate(&d) else {
                panic!("{nasty:?} at {path} was accepted");
            };
            assert!(
                err.iter()
                    .any(|x| x.severity == Severity::Error && x.path == *path),
                "{nasty:?} at {path}: {err:?}"
            );
        }
    }
}

#[test]
fn one_file_alone_is_the_same_as_in_the_whole_bundle() {
    use tfdesign_core::{emit, plan::Plan, scale};
    let mut designs: Vec<(String, Design)> = presets::NAMES
        .iter()
        .map(|n| (n.to_string(), presets::get(n).unwrap()))
        .collect();
    designs.push(("10x".into(), scale::scaled(30, 4, 3)));
    for (name, design) in designs {
        let plan = Plan::build(&design);
        let bundle = generate(&design).unwrap();
        for (path, bytes) in &bundle.files {
            let alone = emit::file(&design, &plan, path)
                .unwrap_or_else(|| panic!("{name}: {path} has no unit"));
            assert!(
                alone.as_bytes() == bytes.as_slice(),
                "{name}: {path} differs"
            );
        }
        for missing in [
            "nope.md",
            "modules/nope/main.tf",
            "environments/x/main.tf",
            "modules/",
        ] {
            assert_eq!(
                emit::file(&design, &plan, missing),
                None,
                "{name}: {missing}"
            );
        }
    }
}

#[test]
fn zips_from_other_tools_are_read() {
    // Written by Python's zipfile: a folder entry, a deflated and a stored file, a comment.
    let bytes = include_bytes!("fixtures/other-tool.zip");
    let bundle = Bundle::from_zip(bytes).expect("readable");
    let paths: Vec<&str> = bundle.files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["bundle/README.md", "bundle/stored.txt"]);
    assert_eq!(
        bundle.text("bundle/README.md").unwrap(),
        "# made by Python zipfile\n".repeat(20)
    );
    assert_eq!(
        bundle.text("bundle/stored.txt").unwrap(),
        "stored, not deflated\n"
    );
    // And a zip of ours is readable by Python (when it is there to ask).
    let ours = generate(&presets::minimal()).unwrap().to_zip().unwrap();
    let path = std::env::temp_dir().join(format!("tfdesign-zip-{}.zip", std::process::id()));
    std::fs::write(&path, &ours).unwrap();
    let check = std::process::Command::new("python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))"])
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    match check {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let n: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
            assert_eq!(n, Bundle::from_zip(&ours).unwrap().files.len());
        }
        Err(e) => eprintln!("python3 is not available ({e}): the zip was not read by another tool"),
    }
}
