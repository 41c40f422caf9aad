//! The service's DynamoDB tables: whether a service has them, their design rules, and what
//! they add to its deployment roots (module calls, root variables, environment of the code,
//! outputs), the docs and the designer.

use super::describe::{Chip, Layout, Shape, Tint, BW, COL};
use super::{Build, Kind, ModuleName, Name, Number, Root, Wiring};
use crate::cost::lines as cost;
use crate::design::{Design, KeyAttribute, Service, TableBilling, Tier};
use crate::diagnostic::Diagnostic;
use crate::emit::hcl::*;
use crate::emit::module::ty;
use crate::emit::root_parts::{env_name, ident, key, var, Output, RootVar, UP};
use crate::markdown::text;
use crate::plan::naming;
use std::collections::BTreeMap;

/// A DynamoDB table of a service: the member name itself (`<root name>-<table>`).
pub const TABLE: naming::Composed = naming::Composed {
    what: "DynamoDB table name",
    prefix: "",
    suffix: "",
    max: 255,
};

/// The service's DynamoDB tables.
pub struct Table;

/// Most tables a service may have (each is made once per tier and region).
pub const MAX_TABLES: usize = 10;
/// Most global secondary indexes DynamoDB allows on a table.
pub const MAX_INDEXES: usize = 20;

impl Kind for Table {
    /// The tier's table capacities, which only tables read.
    fn tier_numbers(&self, base: &str, tier: &Tier) -> Vec<Number> {
        let p = format!("{base}/storage/tables");
        let t = &tier.storage.tables;
        [
            ("read_capacity", t.read_capacity),
            ("write_capacity", t.write_capacity),
            ("max_read_capacity", t.max_read_capacity),
            ("max_write_capacity", t.max_write_capacity),
        ]
        .into_iter()
        .map(|(field, value)| (format!("{p}/{field}"), "TierTables", field, value))
        .collect()
    }

    fn present(&self, service: &Service) -> bool {
        !service.tables.is_empty()
    }

    fn field(&self) -> &'static str {
        "tables"
    }

    fn label(&self) -> &'static str {
        "Table"
    }

    fn a(&self) -> &'static str {
        "a DynamoDB table"
    }

    /// Partition key `id`, a string.
    fn add(&self, design: &mut Design, index: usize) -> Option<usize> {
        let service = design.services.get_mut(index)?;
        Some(super::push_named(
            &mut service.tables,
            "items",
            |t| &t.name,
            |name| crate::design::Table {
                name,
                ..crate::design::Table::default()
            },
        ))
    }

    fn remove(&self, design: &mut Design, index: usize, number: usize) {
        if let Some(service) = design.services.get_mut(index) {
            super::remove_at(&mut service.tables, number);
        }
    }

    fn duplicate(&self, design: &mut Design, index: usize, number: usize) -> Option<usize> {
        super::copy_named(&mut design.services.get_mut(index)?.tables, number, |t| {
            &mut t.name
        })
    }

    fn what(&self, service: &Service, number: usize) -> Option<String> {
        Some(format!("table {}", service.tables.get(number)?.name))
    }

    fn tint(&self) -> Tint {
        Tint {
            hue: 323,
            saturation: 35,
        }
    }

    fn stacked(&self, service: &Service) -> usize {
        service.tables.len()
    }

    fn modules(&self) -> &'static [ModuleName] {
        &[ModuleName::DynamodbTable]
    }

    fn rules(&self, base: &str, service: &Service) -> Vec<Diagnostic> {
        rules(base, service)
    }

    fn tier_rules(&self, base: &str, tier: &Tier) -> Vec<Diagnostic> {
        let t = &tier.storage.tables;
        let mut out = Vec::new();
        for (min, max, field) in [
            (t.read_capacity, t.max_read_capacity, "max_read_capacity"),
            (t.write_capacity, t.max_write_capacity, "max_write_capacity"),
        ] {
            if max < min {
                out.push(Diagnostic::error(
                    format!("{base}/storage/tables/{field}"),
                    format!("{field} ({max}) is below the least capacity ({min})"),
                ));
            }
        }
        out
    }

    /// Each table's name (3 to 255 characters).
    fn names(&self, service: &Service, root: &str, _tiers: &[Tier]) -> Vec<Name> {
        let tables = service.tables.iter().enumerate();
        tables
            .map(|(j, table)| {
                let name = naming::member(root, &table.name);
                Name::new(format!("tables/{j}/name"), TABLE, &name)
            })
            .collect()
    }

    fn chip(&self, service: &Service, _dr_replica: bool) -> Option<Chip> {
        Some(Chip {
            class: "table",
            tint: self.tint(),
            label: format!("DDB×{}", service.tables.len()),
        })
    }

    /// One box per table in the last column, below the buckets.
    fn diagram(&self, layout: &Layout) -> Vec<Shape> {
        let tables = layout.service.tables.iter().enumerate();
        tables
            .map(|(i, table)| {
                Layout::node(
                    COL[3],
                    layout.stack_y(self, i),
                    BW,
                    "table",
                    format!("DDB {}", table.name),
                    format!("/tables/{i}/name"),
                )
            })
            .collect()
    }
}

impl Build for Table {
    /// What the DynamoDB tables cost: capacity (provisioned: the least capacity of the table
    /// and each index, all month) or requests (on demand), storage and its point-in-time
    /// recovery.
    fn cost(&self, l: &mut cost::Lines, root: &cost::Root) {
        let (service, usage) = (root.service, root.usage);
        if !self.present(service) {
            return;
        }
        let t = &root.tier.storage.tables;
        for table in &service.tables {
            let what = |part: &str| format!("DynamoDB table {}: {part}", table.name);
            let resource = "module.table_*.aws_dynamodb_table.this";
            match t.billing {
                // The snapshot has no price for provisioned capacity nor for write requests: the
                // estimate says so instead of guessing.
                crate::design::TableBilling::Provisioned => {
                    let copies = 1 + table.indexes.len() as u64;
                    for (part, key, units) in [
                        ("read capacity", "dynamodb:rcu-hour", t.read_capacity),
                        ("write capacity", "dynamodb:wcu-hour", t.write_capacity),
                    ] {
                        l.missing(
                            cost::Kind::Fixed,
                            &what(part),
                            resource,
                            key,
                            "hour",
                            &format!(
                                "{units} units × {copies} (table and indexes) × {} h, the autoscaling floor",
                                cost::HOURS_PER_MONTH
                            ),
                        );
                    }
                }
                crate::design::TableBilling::OnDemand => {
                    let reads = usage.dynamodb_read_requests;
                    l.add(
                        cost::line(
                            cost::Kind::Usage,
                            what("read requests"),
                            resource,
                            "dynamodb:read-request",
                            "million-requests",
                            cost::Quantity::ratio(reads.into(), 1_000_000),
                        )
                        .note(cost::usage_note(
                            "dynamodb_read_requests",
                            reads,
                            "per table",
                        )),
                    );
                    l.missing(
                        cost::Kind::Usage,
                        &what("write requests"),
                        resource,
                        "dynamodb:write-request",
                        "million-requests",
                        &cost::usage_note(
                            "dynamodb_write_requests",
                            usage.dynamodb_write_requests,
                            "per table",
                        ),
                    );
                }
            }
            let gb = usage.dynamodb_storage_gb;
            l.add(
                cost::line(
                    cost::Kind::Usage,
                    what("storage"),
                    resource,
                    "dynamodb:storage",
                    "gb-month",
                    cost::Quantity::whole(gb),
                )
                .note(cost::usage_note("dynamodb_storage_gb", gb, "per table")),
            );
            if t.point_in_time_recovery {
                l.add(
                    cost::line(
                        cost::Kind::Usage,
                        what("point-in-time recovery"),
                        resource,
                        "dynamodb:pitr-storage",
                        "gb-month",
                        cost::Quantity::whole(gb),
                    )
                    .note(cost::usage_note(
                        "dynamodb_storage_gb",
                        gb,
                        "per table",
                    )),
                );
            }
        }
    }
    fn readme_lines(&self, root: &Root) -> Vec<String> {
        root.service
            .tables
            .iter()
            .map(|t| format!("DynamoDB table {}", crate::markdown::code(&t.name)))
            .collect()
    }
    /// Tables raise no alarm of their own.
    fn alarms(&self) -> bool {
        false
    }
    fn module_calls(&self, root: &Root, _wiring: &Wiring) -> Vec<Blk> {
        module_calls(root)
    }
    /// The tier's billing, capacity and backups of the tables.
    fn root_vars(&self, root: &Root) -> Vec<RootVar> {
        let t = &root.tier.storage.tables;
        let billing = match t.billing {
            TableBilling::OnDemand => "PAY_PER_REQUEST",
            TableBilling::Provisioned => "PROVISIONED",
        };
        let num = |v: u32| n(v.into());
        vec![
            var(
                "table_billing_mode",
                ty::string(),
                "DynamoDB billing of the tables: PAY_PER_REQUEST or PROVISIONED.",
                s(billing),
            ),
            var(
                "table_read_capacity",
                ty::number(),
                "Provisioned: the least read capacity units of each table and index.",
                num(t.read_capacity),
            ),
            var(
                "table_write_capacity",
                ty::number(),
                "Provisioned: the least write capacity units of each table and index.",
                num(t.write_capacity),
            ),
            var(
                "table_max_read_capacity",
                ty::number(),
                "Provisioned: the most read capacity units autoscaling gives a table.",
                num(t.max_read_capacity),
            ),
            var(
                "table_max_write_capacity",
                ty::number(),
                "Provisioned: the most write capacity units autoscaling gives a table.",
                num(t.max_write_capacity),
            ),
            var(
                "table_point_in_time_recovery",
                ty::bool(),
                "Continuous backups of the tables.",
                b(t.point_in_time_recovery),
            ),
        ]
    }
    fn outputs(&self, root: &Root) -> Vec<Output> {
        root.service
            .tables
            .iter()
            .map(|table| Output {
                name: format!("table_{}_name", ident(&table.name)),
                description: format!("Name of the {} table.", table.name),
                value: attr(&table.name, "table_name"),
            })
            .collect()
    }
    /// `TABLE_<NAME>` per table: its name.
    fn code_env(&self, root: &Root) -> Vec<(String, E)> {
        root.service
            .tables
            .iter()
            .map(|table| {
                (
                    format!("TABLE_{}", env_name(&table.name)),
                    attr(&table.name, "table_name"),
                )
            })
            .collect()
    }
    /// The items are encrypted with the deployment's key.
    fn code_reads_key(&self) -> bool {
        true
    }
    fn components(&self, service: &Service) -> Vec<String> {
        let tables = service.tables.iter();
        tables
            .map(|t| format!("DynamoDB {}", text(&t.name)))
            .collect()
    }
    /// A table node per table, and an arrow from each workload that reads and writes it.
    fn mermaid(&self, service: &Service) -> Vec<String> {
        let mut lines = Vec::new();
        let code = super::bucket::code_nodes(service);
        for table in &service.tables {
            let id = super::bucket::mermaid_id(&["ddb", &table.name]);
            lines.push(format!("  {id}[(\"DynamoDB {}\")]", table.name));
            for c in &code {
                lines.push(format!("  {c} -->|read/write| {id}"));
            }
        }
        lines
    }
    fn security_row(&self) -> Option<&'static str> {
        Some(
            "| DynamoDB tables of the services: encryption with the deployment key, point-in-time \
recovery, a resource policy that lets only the service's own task and function roles use the table \
and its indexes | Items are encrypted with your key and restorable to any second of the last 35 days; \
no other workload reads them | `modules/dynamodb-table`; \
`tiers[].storage.tables.point_in_time_recovery` |\n",
        )
    }
    fn key_encrypts(&self) -> Option<&'static str> {
        Some("the DynamoDB tables")
    }
}

/// The reference to `attr` of the module call of table `name` (`module.table_<name>.<attr>`).
fn attr(name: &str, attr: &str) -> E {
    r(&format!("module.table_{}.{attr}", ident(name)))
}

/// The module calls of a deployment root: one `dynamodb-table` per table, encrypted with the
/// root's key, used by the roles of the service's code, billed and backed up per tier.
fn module_calls(root: &Root) -> Vec<Blk> {
    let roles = list(super::code_roles(root.service));
    // Global tables: the primary root's tables keep a replica in each DR root's region,
    // encrypted with that root's key; the DR root reads its replica.
    let replicas = (!root.tables_replicated_to.is_empty()).then(|| {
        list(root.tables_replicated_to.iter().map(|(region, name)| {
            obj([
                ("region", s(region.as_str())),
                ("kms_key_id", s(format!("alias/{name}"))),
            ])
        }))
    });
    root.service
        .tables
        .iter()
        .map(|table| {
            let mut attributes: BTreeMap<&str, &str> = BTreeMap::new();
            for k in keys(table) {
                attributes.entry(&k.name).or_insert(k.kind.as_str());
            }
            let indexes = (!table.indexes.is_empty()).then(|| {
                list(table.indexes.iter().map(|i| {
                    let mut o = vec![
                        ("name", s(i.name.as_str())),
                        ("hash_key", s(i.partition_key.name.as_str())),
                    ];
                    if let Some(sort) = &i.sort_key {
                        o.push(("range_key", s(sort.name.as_str())));
                    }
                    obj(o)
                }))
            });
            blk("module", &[&format!("table_{}", ident(&table.name))])
                .a("source", s(format!("{UP}/modules/dynamodb-table")))
                .a(
                    "name",
                    tpl(vec![T::X(r("local.name")), T::L("-"), T::L(&table.name)]),
                )
                .a("kms_key_arn", key())
                .a("hash_key", s(table.partition_key.name.as_str()))
                .opt(
                    "range_key",
                    table.sort_key.as_ref().map(|k| s(k.name.as_str())),
                )
                .a(
                    "attributes",
                    obj(attributes.into_iter().map(|(k, v)| (k, s(v)))),
                )
                .opt("indexes", indexes)
                .opt("ttl_attribute", table.ttl_attribute.as_deref().map(s))
                .a("billing_mode", r("var.table_billing_mode"))
                .a("read_capacity", r("var.table_read_capacity"))
                .a("write_capacity", r("var.table_write_capacity"))
                .a("max_read_capacity", r("var.table_max_read_capacity"))
                .a("max_write_capacity", r("var.table_max_write_capacity"))
                .a(
                    "point_in_time_recovery",
                    r("var.table_point_in_time_recovery"),
                )
                .a("reader_writer_role_arns", roles.clone())
                .opt("replicas", replicas.clone())
                .opt("is_replica", root.tables_replica.then(|| b(true)))
        })
        .collect()
}

/// Every key attribute of `table`, with its JSON Pointer below the table: the table's keys,
/// then each index's.
fn keyed(table: &crate::design::Table) -> Vec<(String, &KeyAttribute)> {
    let mut out = vec![("partition_key".to_string(), &table.partition_key)];
    if let Some(k) = &table.sort_key {
        out.push(("sort_key".into(), k));
    }
    for (i, index) in table.indexes.iter().enumerate() {
        out.push((format!("indexes/{i}/partition_key"), &index.partition_key));
        if let Some(k) = &index.sort_key {
            out.push((format!("indexes/{i}/sort_key"), k));
        }
    }
    out
}

fn keys(table: &crate::design::Table) -> impl Iterator<Item = &KeyAttribute> {
    keyed(table).into_iter().map(|(_, k)| k)
}

/// An attribute or index name DynamoDB accepts: 1 (indexes: 3) to 255 characters.
fn attribute_name(out: &mut Vec<Diagnostic>, at: &str, what: &str, value: &str, min: usize) {
    let len = value.chars().count();
    if len < min || len > 255 {
        out.push(Diagnostic::error(
            at,
            format!(
                "the {what} \"{}\" must be {min} to 255 characters",
                value.escape_debug()
            ),
        ));
    } else if min == 3
        && !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        out.push(Diagnostic::error(
            at,
            format!(
                "the {what} \"{}\" may only hold letters, digits, _, - and .",
                value.escape_debug()
            ),
        ));
    }
}

fn rules(base: &str, service: &Service) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if service.tables.len() > MAX_TABLES {
        out.push(Diagnostic::error(
            format!("{base}/tables"),
            format!(
                "the service has {} tables; at most {MAX_TABLES} are supported",
                service.tables.len()
            ),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (j, table) in service.tables.iter().enumerate() {
        let tb = format!("{base}/tables/{j}");
        crate::diagnostic::name(
            &mut out,
            &format!("{tb}/name"),
            "table name",
            &table.name,
            40,
        );
        if !seen.insert(table.name.as_str()) {
            out.push(Diagnostic::error(
                format!("{tb}/name"),
                format!("table \"{}\" is defined twice", table.name.escape_debug()),
            ));
        }
        // Key names, and one type per attribute name.
        let mut types: BTreeMap<&str, &KeyAttribute> = BTreeMap::new();
        for (at, k) in keyed(table) {
            attribute_name(
                &mut out,
                &format!("{tb}/{at}/name"),
                "attribute name",
                &k.name,
                1,
            );
            match types.get(k.name.as_str()) {
                Some(first) if first.kind != k.kind => out.push(Diagnostic::error(
                    format!("{tb}/{at}/type"),
                    format!(
                        "attribute \"{}\" is {} elsewhere in this table; an attribute has one type",
                        k.name.escape_debug(),
                        first.kind.as_str()
                    ),
                )),
                Some(_) => {}
                None => {
                    types.insert(&k.name, k);
                }
            }
        }
        if table
            .sort_key
            .as_ref()
            .is_some_and(|s| s.name == table.partition_key.name)
        {
            out.push(Diagnostic::error(
                format!("{tb}/sort_key/name"),
                "the sort key must differ from the partition key",
            ));
        }
        if let Some(ttl) = &table.ttl_attribute {
            attribute_name(
                &mut out,
                &format!("{tb}/ttl_attribute"),
                "TTL attribute",
                ttl,
                1,
            );
            if let Some(k) = types.get(ttl.as_str()).filter(|k| k.kind.as_str() != "N") {
                out.push(Diagnostic::error(
                    format!("{tb}/ttl_attribute"),
                    format!(
                        "the TTL attribute \"{}\" is a key of type {}; DynamoDB expires items by a number (epoch seconds)",
                        ttl.escape_debug(),
                        k.kind.as_str()
                    ),
                ));
            }
        }
        if table.indexes.len() > MAX_INDEXES {
            out.push(Diagnostic::error(
                format!("{tb}/indexes"),
                format!("a table has at most {MAX_INDEXES} global secondary indexes"),
            ));
        }
        let mut index_names = std::collections::BTreeSet::new();
        for (i, index) in table.indexes.iter().enumerate() {
            let at = format!("{tb}/indexes/{i}/name");
            attribute_name(&mut out, &at, "index name", &index.name, 3);
            if !index_names.insert(index.name.as_str()) {
                out.push(Diagnostic::error(
                    at,
                    format!("index \"{}\" is defined twice", index.name.escape_debug()),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::design::{AttributeType, Table as T, TableIndex};

    fn key(name: &str, kind: AttributeType) -> KeyAttribute {
        KeyAttribute {
            name: name.into(),
            kind,
        }
    }

    fn check(table: T, expected: &[(&str, &str)]) {
        let service = Service {
            name: "web".into(),
            tables: vec![table],
            ..Service::default()
        };
        let got: Vec<(String, String)> = rules("/services/0", &service)
            .into_iter()
            .map(|d| (d.path, d.message))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn rules_point_at_the_field() {
        let good = T {
            name: "orders".into(),
            partition_key: key("pk", AttributeType::S),
            sort_key: Some(key("sk", AttributeType::N)),
            ttl_attribute: Some("expires".into()),
            indexes: vec![TableIndex {
                name: "by-status".into(),
                partition_key: key("status", AttributeType::S),
                sort_key: Some(key("sk", AttributeType::N)),
            }],
        };
        check(good.clone(), &[]);
        let mut t = good.clone();
        t.indexes[0].sort_key = Some(key("sk", AttributeType::S));
        check(
            t,
            &[(
                "/services/0/tables/0/indexes/0/sort_key/type",
                "attribute \"sk\" is N elsewhere in this table; an attribute has one type",
            )],
        );
        let mut t = good.clone();
        t.sort_key = Some(key("pk", AttributeType::S));
        check(
            t,
            &[(
                "/services/0/tables/0/sort_key/name",
                "the sort key must differ from the partition key",
            )],
        );
        let mut t = good.clone();
        t.ttl_attribute = Some("pk".into());
        check(
            t,
            &[(
                "/services/0/tables/0/ttl_attribute",
                "the TTL attribute \"pk\" is a key of type S; DynamoDB expires items by a number (epoch seconds)",
            )],
        );
        let mut t = good.clone();
        t.indexes[0].name = "ix".into();
        check(
            t,
            &[(
                "/services/0/tables/0/indexes/0/name",
                "the index name \"ix\" must be 3 to 255 characters",
            )],
        );
        let mut t = good;
        t.partition_key.name = String::new();
        check(
            t,
            &[(
                "/services/0/tables/0/partition_key/name",
                "the attribute name \"\" must be 1 to 255 characters",
            )],
        );
    }

    #[test]
    fn provisioned_bounds_are_ordered() {
        let mut tier = Tier::default();
        assert!(Table.tier_rules("/tiers/0", &tier).is_empty());
        tier.storage.tables.max_write_capacity = 2;
        let got = Table.tier_rules("/tiers/0", &tier);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "/tiers/0/storage/tables/max_write_capacity");
    }
}
