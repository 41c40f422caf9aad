//! Issue 14: the services' DynamoDB tables (`services[].tables[]`), end to end: the roots that
//! make them, who may use them, billing and backups per tier, the design rules, round trips.

mod bundle_text;

use bundle_text::{errors, files, module_block};
use tfdesign_core::design::{AttributeType, Design, KeyAttribute, Table, TableBilling, TableIndex};
use tfdesign_core::{link, presets};

fn key(name: &str, kind: AttributeType) -> KeyAttribute {
    KeyAttribute {
        name: name.into(),
        kind,
    }
}

/// minimal with a second service; the first has a table with a sort key, a TTL and an index.
fn design() -> Design {
    let mut d = presets::minimal();
    let mut other = d.services[0].clone();
    other.name = "billing".into();
    other.tables = vec![Table {
        name: "invoices".into(),
        ..Table::default()
    }];
    d.services[0].tables.push(Table {
        name: "orders".into(),
        partition_key: key("order_id", AttributeType::S),
        sort_key: Some(key("created", AttributeType::N)),
        ttl_attribute: Some("expires".into()),
        indexes: vec![TableIndex {
            name: "by-customer".into(),
            partition_key: key("customer", AttributeType::S),
            sort_key: Some(key("created", AttributeType::N)),
        }],
    });
    d.services.push(other);
    d
}

/// The value of `name = value` in a tfvars text.
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
fn each_service_root_makes_its_own_tables_for_its_own_roles() {
    let f = files(&design());
    let web = &f["environments/web-api/eu-west-1/dev/main.tf"];
    let billing = &f["environments/billing/eu-west-1/dev/main.tf"];
    let orders = module_block(web, "table_orders");
    for needle in [
        "source = \"../../../../modules/dynamodb-table\"",
        "\"${local.name}-orders\"",
        "hash_key    = \"order_id\"",
        "range_key   = \"created\"",
        "created  = \"N\"",
        "customer = \"S\"",
        "order_id = \"S\"",
        "name      = \"by-customer\"",
        "ttl_attribute",
        "reader_writer_role_arns = [module.api.task_role_arn]",
    ] {
        assert!(orders.contains(needle), "{needle} in\n{orders}");
    }
    assert!(!web.contains("table_invoices"));
    assert!(module_block(billing, "table_invoices").contains("hash_key    = \"id\""));
    assert!(!billing.contains("table_orders"));
    assert!(module_block(web, "api").contains("TABLE_ORDERS = module.table_orders.table_name"));

    let module = &f["modules/dynamodb-table/main.tf"];
    for needle in [
        "kms_key_arn = var.kms_key_arn",
        "enabled = var.point_in_time_recovery",
        "projection_type = \"ALL\"",
        "\"${aws_dynamodb_table.this.arn}/index/*\"",
        "resource \"aws_dynamodb_resource_policy\" \"this\"",
        "predefined_metric_type = \"DynamoDBReadCapacityUtilization\"",
    ] {
        assert!(module.contains(needle), "{needle}");
    }
}

#[test]
fn billing_and_backups_follow_the_tier() {
    let mut d = design();
    let tfvars =
        |d: &Design| files(d)["environments/web-api/eu-west-1/dev/terraform.tfvars"].clone();
    let on_demand = tfvars(&d);
    assert_eq!(
        tfvar(&on_demand, "table_billing_mode"),
        "\"PAY_PER_REQUEST\""
    );
    assert_eq!(tfvar(&on_demand, "table_point_in_time_recovery"), "true");
    let module = |d: &Design| files(d)["modules/dynamodb-table/main.tf"].clone();
    assert!(!module(&d).contains("CKV_AWS_28"));

    let tables = &mut d.tiers[0].storage.tables;
    tables.billing = TableBilling::Provisioned;
    tables.read_capacity = 10;
    tables.max_read_capacity = 300;
    tables.point_in_time_recovery = false;
    let provisioned = tfvars(&d);
    assert_eq!(tfvar(&provisioned, "table_billing_mode"), "\"PROVISIONED\"");
    assert_eq!(tfvar(&provisioned, "table_read_capacity"), "10");
    assert_eq!(tfvar(&provisioned, "table_max_read_capacity"), "300");
    assert_eq!(tfvar(&provisioned, "table_point_in_time_recovery"), "false");
    assert!(module(&d).contains(
        "checkov:skip=CKV_AWS_28:tiers[dev].storage.tables.point_in_time_recovery = false"
    ));
}

#[test]
fn rules_point_at_the_table_fields() {
    let mut d = design();
    d.services[0].tables[0].indexes[0].sort_key = Some(key("created", AttributeType::S));
    assert_eq!(
        errors(&d),
        [(
            "/services/0/tables/0/indexes/0/sort_key/type".to_string(),
            "attribute \"created\" is N elsewhere in this table; an attribute has one type"
                .to_string()
        )]
    );
    let mut d = design();
    d.tiers[0].storage.tables.max_write_capacity = 1;
    d.tiers[0].storage.tables.write_capacity = 5;
    assert_eq!(
        errors(&d),
        [(
            "/tiers/0/storage/tables/max_write_capacity".to_string(),
            "max_write_capacity (1) is below the least capacity (5)".to_string()
        )]
    );
    let mut d = design();
    let copy = d.services[0].tables[0].clone();
    d.services[0].tables.push(copy);
    assert_eq!(
        errors(&d),
        [(
            "/services/0/tables/1/name".to_string(),
            "table \"orders\" is defined twice".to_string()
        )]
    );
    let mut d = design();
    d.tiers[0].storage.tables.read_capacity = 0;
    assert!(errors(&d)
        .iter()
        .any(|(p, _)| p == "/tiers/0/storage/tables/read_capacity"));
}

#[test]
fn an_unknown_attribute_type_is_refused_when_the_file_is_read() {
    let json = design()
        .to_json()
        .replace("\"type\": \"N\"", "\"type\": \"X\"");
    let err = Design::from_json(&json).unwrap_err().to_string();
    assert!(err.contains("unknown variant `X`"), "{err}");
}

#[test]
fn tables_round_trip_through_files_and_links_and_stay_out_when_empty() {
    let mut d = design();
    d.tiers[0].storage.tables.billing = TableBilling::Provisioned;
    let json = d.to_json();
    assert!(json.contains("\"billing\": \"provisioned\""));
    assert!(json.contains("\"type\": \"N\""));
    assert_eq!(Design::from_json(&json).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    // The seed's presets have no tables (saas-platform has).
    for name in ["sports-cards", "minimal"] {
        let json = presets::get(name).unwrap().to_json();
        assert!(!json.contains("\"tables\""), "{name}");
    }
}

#[test]
fn the_docs_draw_and_list_the_tables() {
    let f = files(&design());
    assert!(f["ARCHITECTURE.md"].contains("- DynamoDB orders\n"));
    assert!(f["ARCHITECTURE.md"].contains("| DynamoDB tables of the services:"));
    assert!(f["DIAGRAM.md"].contains("api -->|read/write| ddb_orders"));
}

/// sports-cards with a table in `card-catalog-api`, and global tables in prod (which deploys
/// to the DR region too).
fn global() -> Design {
    let mut d = presets::sports_cards();
    d.services[0].tables.push(Table {
        name: "sessions".into(),
        ..Table::default()
    });
    let prod = d.tiers.iter().position(|t| t.name == "prod").unwrap();
    d.tiers[prod].storage.tables.global = true;
    d
}

#[test]
fn a_global_table_is_one_table_with_a_replica_owned_by_the_primary_root() {
    let d = global();
    assert!(errors(&d).is_empty(), "{:?}", errors(&d));
    let f = files(&d);
    let primary = module_block(
        &f["environments/card-catalog-api/us-east-1/prod/main.tf"],
        "table_sessions",
    );
    assert!(
        primary.contains("region     = \"us-west-2\"")
            && primary.contains("kms_key_id = \"alias/sports-cards-prod-card-catalog-api-dr\""),
        "{primary}"
    );
    assert!(!primary.contains("is_replica"), "{primary}");
    // The DR root reads its replica by name instead of creating a second table.
    let dr = module_block(
        &f["environments/card-catalog-api/us-west-2/prod/main.tf"],
        "table_sessions",
    );
    assert!(dr.contains("is_replica"), "{dr}");
    assert!(!dr.contains("replicas"), "{dr}");
    // The other tiers keep plain tables, neither replicas nor reading one.
    let dev = module_block(
        &f["environments/card-catalog-api/us-east-1/dev/main.tf"],
        "table_sessions",
    );
    assert!(!dev.contains("replica"), "{dev}");
    // The module: streams on with replicas, the replica encrypted with its region's key and
    // backed up as the tier says, the table made only where it is not a replica.
    let m = &f["modules/dynamodb-table/main.tf"];
    for needle in [
        "stream_enabled   = length(var.replicas) > 0",
        "\"NEW_AND_OLD_IMAGES\"",
        "dynamic \"replica\"",
        "kms_key_arn            = data.aws_kms_key.replica[replica.value.region].arn",
        "point_in_time_recovery = var.point_in_time_recovery",
        "count = var.is_replica ? 0 : 1",
        "data \"aws_dynamodb_table\" \"replica\"",
        "region = each.key",
    ] {
        assert!(m.contains(needle), "{needle} not in\n{m}");
    }
    // A design without global tables keeps the module as it was.
    let mut plain = d.clone();
    for t in &mut plain.tiers {
        t.storage.tables.global = false;
    }
    let p = files(&plain);
    assert!(!p["modules/dynamodb-table/main.tf"].contains("replica"));
    assert!(!module_block(
        &p["environments/card-catalog-api/us-west-2/prod/main.tf"],
        "table_sessions"
    )
    .contains("is_replica"));
}

#[test]
fn global_tables_need_a_dr_region_in_the_tier() {
    let mut d = global();
    let dev = d.tiers.iter().position(|t| t.name == "dev").unwrap();
    d.tiers[dev].storage.tables.global = true;
    let errs = errors(&d);
    let at = format!("/tiers/{dev}/storage/tables/global");
    assert!(
        errs.iter()
            .any(|(p, m)| *p == at && m.contains("does not deploy to a DR region")),
        "{errs:?}"
    );
    assert_eq!(errs.len(), 1, "{errs:?}");
}

#[test]
fn global_round_trips_and_is_omitted_when_off() {
    let d = global();
    assert!(d.to_json().contains("\"global\": true") || d.to_json().contains("\"global\":true"));
    assert_eq!(Design::from_json(&d.to_json()).unwrap(), d);
    assert_eq!(link::decode(&link::encode(&d).unwrap()).unwrap(), d);
    assert!(!presets::sports_cards().to_json().contains("global"));
}
