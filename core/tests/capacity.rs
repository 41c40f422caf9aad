//! Issue 14: capacity per service and tier (`services[].capacity.<tier>`). An override wins in
//! its tier only, the tier (or the service's block) stays the default elsewhere; the rules point
//! at the override's field; the cost estimate follows; files and links round-trip it.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::cost::{self, PriceTable, UsageInputs};
use tfdesign_core::design::{Design, ServiceCapacity};
use tfdesign_core::edit::{self, Block};
use tfdesign_core::kinds;
use tfdesign_core::plan::capacity::{self, Field, Owner};
use tfdesign_core::plan::Plan;
use tfdesign_core::{link, presets};

/// sports-cards where `card-catalog-api` (service 0: API, functions, database) overrides prod.
fn design() -> Design {
    let mut d = presets::sports_cards();
    d.services[0].capacity.insert(
        "prod".into(),
        ServiceCapacity {
            task_count: Some(6),
            api_cpu: Some(1024),
            api_memory: Some(2048),
            db_instance_class: Some("db.r6g.xlarge".into()),
            db_read_replicas: Some(3),
            ..ServiceCapacity::default()
        },
    );
    d
}

fn tfvar<'a>(tfvars: &'a str, name: &str) -> &'a str {
    tfvars
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == name).then(|| v.trim())
        })
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn the_override_wins_in_its_tier_only() {
    let d = design();
    let base = presets::sports_cards();
    let f = files(&d);
    let old = files(&base);
    let root = |tier: &str| format!("environments/card-catalog-api/us-east-1/{tier}");
    // prod: every overridden value reaches the root.
    let tfvars = &f[&format!("{}/terraform.tfvars", root("prod"))];
    assert_eq!(tfvar(tfvars, "task_count"), "6");
    assert_eq!(tfvar(tfvars, "db_instance_class"), "\"db.r6g.xlarge\"");
    assert_eq!(tfvar(tfvars, "db_read_replica_count"), "3");
    let api = module_block(&f[&format!("{}/main.tf", root("prod"))], "api");
    assert_eq!(tfvar(api, "container_cpu"), "1024");
    assert_eq!(tfvar(api, "container_memory"), "2048");
    let staging = module_block(&f[&format!("{}/main.tf", root("staging"))], "api");
    let own = base.services[0].api.as_ref().unwrap();
    assert_eq!(tfvar(staging, "container_cpu"), own.cpu.to_string());
    // The DR root's database stays a replica without replicas of its own, its class follows.
    let dr = &f["environments/card-catalog-api/us-west-2/prod/terraform.tfvars"];
    assert_eq!(tfvar(dr, "db_read_replica_count"), "0");
    assert_eq!(tfvar(dr, "db_instance_class"), "\"db.r6g.xlarge\"");
    // The bundle's ARCHITECTURE.md says which service differs from its tier.
    assert!(f["ARCHITECTURE.md"]
        .contains("- card-catalog-api in prod: task count `6`, api cpu units `1024`"));
    let rds = &f["modules/rds-database/main.tf"];
    assert!(rds.contains("services[card-catalog-api].capacity.prod.db_read_replicas = 3"));
    // Every other root of the bundle, the other tiers and services, is byte-identical.
    let changed: Vec<&String> = f
        .iter()
        .filter(|(p, text)| old.get(*p) != Some(*text))
        .map(|(p, _)| p)
        .collect();
    assert!(!changed.is_empty());
    for p in &changed {
        assert!(
            p.starts_with("environments/card-catalog-api/")
                && p.contains("/prod/")
                || *p == "tfdesign.json"
                || *p == "MANIFEST.sha256"
                || *p == "COST.md"
                // The skip of Terraform's master password names the override too.
                || *p == "ARCHITECTURE.md"
                // The tier table (in the notes too) lists the service's own capacity.
                || *p == "NOTES.md"
                || *p == "modules/rds-database/main.tf",
            "{p} changed"
        );
    }
    // The tier's own values stay in staging and dev.
    for tier in ["dev", "staging"] {
        let tfvars = &f[&format!("{}/terraform.tfvars", root(tier))];
        let t = base.tiers.iter().find(|t| t.name == tier).unwrap();
        assert_eq!(
            tfvar(tfvars, "task_count"),
            t.compute.task_count.to_string()
        );
    }
}

#[test]
fn the_plan_resolves_each_deployment_once() {
    let d = design();
    let plan = Plan::build(&d);
    for dep in &plan.deployments {
        let service = &d.services[dep.service];
        let tier = &d.tiers[dep.tier];
        assert_eq!(dep.capacity, capacity::resolve(service, tier));
        let overridden = dep.service == 0 && tier.name == "prod";
        let want = if overridden {
            6
        } else {
            tier.compute.task_count
        };
        assert_eq!(dep.capacity.task_count, want, "{}", dep.dir);
        let class = if overridden {
            "db.r6g.xlarge"
        } else {
            tier.database.instance_class.as_str()
        };
        assert_eq!(dep.capacity.db_instance_class, class, "{}", dep.dir);
    }
    // The designer's view: value, default and where it comes from.
    let prod = d.tiers.iter().find(|t| t.name == "prod").unwrap();
    let all = |_: Owner| true;
    let view = capacity::explain(&d.services[0], prod, all);
    let task = view.iter().find(|e| e.field == Field::TaskCount).unwrap();
    assert_eq!(
        (task.value.as_str(), task.overridden, task.source.as_str()),
        ("6", true, "this service")
    );
    assert_eq!(task.default, prod.compute.task_count.to_string());
    let worker_cpu = view.iter().find(|e| e.field == Field::WorkerCpu).unwrap();
    assert_eq!(worker_cpu.value, "0", "card-catalog-api has no worker");
    let other = capacity::explain(&d.services[1], prod, all);
    let task = other.iter().find(|e| e.field == Field::TaskCount).unwrap();
    assert_eq!(
        (task.overridden, task.source.as_str()),
        (false, "from tier prod")
    );
    let cpu = other.iter().find(|e| e.field == Field::WorkerCpu).unwrap();
    assert_eq!(cpu.source, "from the worker (every tier)");
}

#[test]
fn rules_point_at_the_override() {
    let check = |change: &dyn Fn(&mut ServiceCapacity), tier: &str, want: (&str, &str)| {
        let mut d = presets::sports_cards();
        let mut own = ServiceCapacity::default();
        change(&mut own);
        d.services[0].capacity.insert(tier.into(), own);
        let errs = errors(&d);
        assert!(
            errs.iter().any(|(p, m)| p == want.0 && m.contains(want.1)),
            "{want:?} not in {errs:?}"
        );
    };
    check(
        &|o| o.task_count = Some(2),
        "qa",
        ("/services/0/capacity/qa", "unknown tier \"qa\""),
    );
    check(
        &|o| o.task_count = Some(5001),
        "prod",
        ("/services/0/capacity/prod/task_count", "0 to 5000"),
    );
    check(
        &|o| o.api_memory = Some(64),
        "prod",
        ("/services/0/capacity/prod/api_memory", "128 to 122880"),
    );
    check(
        &|o| o.worker_cpu = Some(512),
        "prod",
        ("/services/0/capacity/prod/worker_cpu", "has no worker"),
    );
    check(
        &|o| o.db_instance_class = Some("r6g.large".into()),
        "prod",
        (
            "/services/0/capacity/prod/db_instance_class",
            "start with \"db.\"",
        ),
    );
    check(
        &|o| o.db_instance_class = Some("db.r6g large".into()),
        "prod",
        ("/services/0/capacity/prod/db_instance_class", "not valid"),
    );
    // prod has a cross-region replica: 15 same-region ones are one too many.
    check(
        &|o| o.db_read_replicas = Some(15),
        "prod",
        (
            "/services/0/capacity/prod/db_read_replicas",
            "at most 15 read replicas",
        ),
    );
    check(
        &|o| o.db_read_replicas = Some(16),
        "dev",
        ("/services/0/capacity/dev/db_read_replicas", "0 to 15"),
    );
    // A replica needs backups, which the tier may not keep.
    let mut d = presets::sports_cards();
    let dev = d.tiers.iter().position(|t| t.name == "dev").unwrap();
    d.tiers[dev].database.backup_retention_days = 0;
    edit::set_capacity(&mut d, 0, "dev", Field::DbReadReplicas, Some("1")).unwrap();
    assert!(errors(&d)
        .iter()
        .any(|(p, m)| p == "/services/0/capacity/dev/db_read_replicas"
            && m.contains("automated backups")));
    // The design as edited is valid.
    assert!(errors(&design()).is_empty(), "{:?}", errors(&design()));
}

#[test]
fn the_cost_follows_the_effective_values() {
    let price = |d: &Design, root: &str| {
        let e = cost::estimate(
            d,
            &Plan::build(d),
            PriceTable::embedded(),
            &UsageInputs::default(),
        );
        e.root(root).expect("root").monthly
    };
    let base = presets::sports_cards();
    let d = design();
    let prod = "environments/card-catalog-api/us-east-1/prod";
    let dev = "environments/card-catalog-api/us-east-1/dev";
    assert!(price(&d, prod) > price(&base, prod));
    assert_eq!(price(&d, dev), price(&base, dev));
    let e = cost::estimate(
        &d,
        &Plan::build(&d),
        PriceTable::embedded(),
        &UsageInputs::default(),
    );
    let lines: Vec<String> = e
        .root(prod)
        .unwrap()
        .items
        .iter()
        .map(|l| format!("{:?}", l))
        .collect();
    assert!(
        lines.iter().any(|l| l.contains("db.r6g.xlarge")),
        "{lines:?}"
    );
}

#[test]
fn edits_set_and_reset_and_follow_the_tier() {
    let mut d = presets::sports_cards();
    let before = d.clone();
    edit::set_capacity(&mut d, 1, "prod", Field::TaskCount, Some("4")).unwrap();
    assert_eq!(d.services[1].capacity["prod"].task_count, Some(4));
    assert!(edit::set_capacity(&mut d, 1, "prod", Field::TaskCount, Some("four")).is_err());
    assert!(edit::set_capacity(&mut d, 1, "qa", Field::TaskCount, Some("4")).is_err());
    // Renaming the tier carries the entry; resetting the last field removes it.
    let prod = d.tiers.iter().position(|t| t.name == "prod").unwrap();
    edit::rename_tier(&mut d, prod, "live");
    assert_eq!(d.services[1].capacity["live"].task_count, Some(4));
    edit::set_capacity(&mut d, 1, "live", Field::TaskCount, None).unwrap();
    assert!(d.services[1].capacity.is_empty());
    edit::rename_tier(&mut d, prod, "prod");
    assert_eq!(d, before, "a design without overrides is the same design");
    // Turning the database off drops its overrides with it.
    edit::set_capacity(&mut d, 1, "prod", Field::DbReadReplicas, Some("1")).unwrap();
    edit::set_component(&mut d, 1, Block(&kinds::Database), false);
    assert!(d.services[1].capacity.is_empty());
    // Removing the tier removes the entries.
    let mut d = design();
    edit::remove_tier(&mut d, prod);
    assert!(d.services[0].capacity.is_empty());
}

#[test]
fn overrides_round_trip_through_files_and_links_and_stay_out_when_empty() {
    let d = design();
    let json = d.to_json();
    assert!(json.contains("\"capacity\""));
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    // No override: not a byte of the file changes.
    let base = presets::sports_cards();
    assert!(!base.to_json().contains("capacity"));
    let mut empty = base.clone();
    empty.services[0]
        .capacity
        .insert("prod".into(), ServiceCapacity::default());
    edit::set_capacity(&mut empty, 0, "prod", Field::TaskCount, None).unwrap();
    assert_eq!(empty.to_json(), base.to_json());
    // An unknown field in an override is refused when the file is read.
    let mut bad: serde_json::Value = serde_json::from_str(&json).unwrap();
    bad["services"][0]["capacity"]["prod"]["tasks"] = serde_json::json!(6);
    assert!(Design::from_json(&bad.to_string()).is_err());
}
