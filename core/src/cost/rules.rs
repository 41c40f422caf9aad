//! What each root of the bundle pays for: the priced resources the emitters create, counted
//! from the design and the plan the same way the emitters decide them.

use super::{Kind, LineItem, Micros, PriceTable, Quantity, RootEstimate, Usage};
use super::{HOURS_PER_MONTH, NO_TIER, PLATFORM, STATE_BACKEND};
use crate::design::{Design, Service};
use crate::kinds::{self, Kind as _};
use crate::plan::security::Choices;
use crate::plan::{Deployment, Plan, Platform};
use std::collections::BTreeMap;

/// The root volume of every ECS host (`modules/ecs-cluster`, launch template), in GiB.
pub const HOST_VOLUME_GB: u64 = 30;
/// The CloudWatch metrics EC2 detailed monitoring adds per instance (the hosts turn it on).
pub const DETAILED_MONITORING_METRICS: u64 = 7;
/// The AWS managed rule groups of every web ACL (`modules/ecs-api`).
pub const WAF_MANAGED_RULE_GROUPS: u64 = 4;
/// AWS managed rule groups of a frontend's web ACL (`cloudfront-site`).
pub const FRONTEND_WAF_MANAGED_RULE_GROUPS: u64 = 3;
/// Alarms of an API (`modules/ecs-api`): CPU high and low, load balancer 5xx, target 5xx,
/// unhealthy targets, running tasks.
pub const API_ALARMS: u64 = 6;
/// Alarms of a worker (`modules/ecs-worker`): running tasks.
pub const WORKER_ALARMS: u64 = 1;
/// Alarms of a function (`modules/lambda-microservice`): errors, throttles, async dead letters.
pub const LAMBDA_ALARMS: u64 = 3;
/// Alarms of a queue (`modules/sqs-queue`): depth, age, dead letters.
pub const QUEUE_ALARMS: u64 = 3;
/// Alarms of a database (`modules/rds-database`), besides one per replica: CPU, free storage.
pub const DATABASE_ALARMS: u64 = 2;
/// Log groups per RDS instance: its `postgresql` and `upgrade` exports.
pub const DATABASE_LOG_EXPORTS: u64 = 2;
/// Alarms AWS creates for one target-tracking scaling policy (a high and a low one).
pub const TARGET_TRACKING_ALARMS: u64 = 2;

const MULTI_AZ_RULE: &str = "Multi-AZ: a primary and a standby, priced as two Single-AZ instances (AWS: Multi-AZ costs approximately twice Single-AZ); an approximation, not a list price";
const TARGET_TRACKING_RULE: &str =
    "AWS creates two CloudWatch alarms (high and low) for each target-tracking scaling policy";
const DETAILED_MONITORING_RULE: &str = "EC2 detailed monitoring: 7 CloudWatch metrics per instance";

/// Collects the lines of one root.
struct Lines<'a> {
    table: &'a PriceTable,
    region: &'a str,
    items: Vec<LineItem>,
}

/// A line before it is priced.
struct Line<'s> {
    kind: Kind,
    component: String,
    resource: &'s str,
    key: String,
    unit: &'s str,
    quantity: Quantity,
    derived: Option<&'s str>,
    note: String,
    /// Another region to price it in (a replica in the DR region).
    region: Option<&'s str>,
}

fn line<'s>(
    kind: Kind,
    component: impl Into<String>,
    resource: &'s str,
    key: impl Into<String>,
    unit: &'s str,
    quantity: Quantity,
) -> Line<'s> {
    Line {
        kind,
        component: component.into(),
        resource,
        key: key.into(),
        unit,
        quantity,
        derived: None,
        note: String::new(),
        region: None,
    }
}

impl<'s> Line<'s> {
    fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
    fn derived(mut self, rule: &'s str) -> Self {
        self.derived = Some(rule);
        self
    }
    fn in_region(mut self, region: &'s str) -> Self {
        self.region = Some(region);
        self
    }
}

/// The note of a usage line: how much of the input it counts, or that the input is zero.
fn usage_note(field: &str, value: u64, per: &str) -> String {
    if value == 0 {
        format!("usage: 0 unless the usage file sets {field} ({per})")
    } else {
        format!("usage: {field} = {value} ({per})")
    }
}

impl<'a> Lines<'a> {
    fn new(table: &'a PriceTable, region: &'a str) -> Self {
        Lines {
            table,
            region,
            items: Vec::new(),
        }
    }

    fn add(&mut self, l: Line) {
        let region = l.region.unwrap_or(self.region);
        let price = self.table.get(region, &l.key).cloned();
        let monthly = price.as_ref().map(|p| l.quantity.times(p.usd_e10));
        self.items.push(LineItem {
            component: l.component,
            resource: l.resource.to_string(),
            quantity: l.quantity,
            unit: price
                .as_ref()
                .map_or(l.unit, |p| p.unit.as_str())
                .to_string(),
            key: l.key,
            price_region: region.to_string(),
            price,
            monthly,
            kind: l.kind,
            derived: l.derived.map(str::to_string),
            note: l.note,
        });
    }

    /// An instance-hour line priced per hour, or, for Multi-AZ, from the table's Multi-AZ row
    /// when it has one and else as two Single-AZ instances (labelled derived).
    fn rds_instances(
        &mut self,
        what: &str,
        resource: &str,
        class: &str,
        count: u64,
        multi_az: bool,
    ) {
        if count == 0 {
            return;
        }
        let hours = count * HOURS_PER_MONTH;
        let s = if count == 1 { "" } else { "s" };
        if !multi_az {
            self.add(
                line(
                    Kind::Fixed,
                    format!("{what} ({class}, Single-AZ)"),
                    resource,
                    format!("rds-postgres:{class}:single-az"),
                    "hour",
                    Quantity::whole(hours),
                )
                .note(format!("{count} instance{s} × {HOURS_PER_MONTH} h")),
            );
            return;
        }
        let direct = format!("rds-postgres:{class}:multi-az");
        if self.table.get(self.region, &direct).is_some() {
            self.add(
                line(
                    Kind::Fixed,
                    format!("{what} ({class}, Multi-AZ)"),
                    resource,
                    direct,
                    "hour",
                    Quantity::whole(hours),
                )
                .note(format!(
                    "{count} Multi-AZ instance{s} × {HOURS_PER_MONTH} h"
                )),
            );
        } else {
            self.add(
                line(
                    Kind::Fixed,
                    format!("{what} ({class}, Multi-AZ: primary + standby)"),
                    resource,
                    format!("rds-postgres:{class}:single-az"),
                    "hour",
                    Quantity::whole(2 * hours),
                )
                .derived(MULTI_AZ_RULE)
                .note(format!(
                    "{count} Multi-AZ instance{s} × 2 × {HOURS_PER_MONTH} h"
                )),
            );
        }
    }

    fn kms(&mut self, usage: &Usage, resource: &str) {
        self.add(
            line(
                Kind::Fixed,
                "KMS key",
                resource,
                "kms:key",
                "month",
                Quantity::whole(1),
            )
            .note("1 customer managed key (rotation on; its surcharge is not in the table)"),
        );
        self.add(
            line(
                Kind::Usage,
                "KMS requests",
                resource,
                "kms:requests",
                "10k-requests",
                Quantity::ratio(usage.kms_requests.into(), 10_000),
            )
            .note(usage_note("kms_requests", usage.kms_requests, "per key")),
        );
    }

    fn topic(&mut self, usage: &Usage, emails: usize) {
        let resource = "aws_sns_topic.alarms";
        self.add(
            line(
                Kind::Usage,
                "SNS alarm topic: publishes",
                resource,
                "sns:publish",
                "million-requests",
                Quantity::ratio(usage.sns_publishes.into(), 1_000_000),
            )
            .note(usage_note(
                "sns_publishes",
                usage.sns_publishes,
                "per topic",
            )),
        );
        if emails > 0 {
            self.add(
                line(
                    Kind::Usage,
                    "SNS alarm topic: email notifications",
                    resource,
                    "sns:email",
                    "100k-notifications",
                    Quantity::ratio(usage.sns_email_notifications.into(), 100_000),
                )
                .note(usage_note(
                    "sns_email_notifications",
                    usage.sns_email_notifications,
                    &format!("per topic; {emails} subscribed address(es)"),
                )),
            );
        }
    }

    fn alarms(&mut self, count: u64, what: String) {
        if count > 0 {
            self.add(
                line(
                    Kind::Fixed,
                    "CloudWatch alarms",
                    "aws_cloudwatch_metric_alarm",
                    "cloudwatch:alarm",
                    "month",
                    Quantity::whole(count),
                )
                .note(what),
            );
        }
    }

    fn target_tracking_alarms(&mut self, policies: u64, what: &str) {
        if policies > 0 {
            self.add(
                line(
                    Kind::Fixed,
                    "CloudWatch alarms of target tracking",
                    "aws_appautoscaling_policy / aws_ecs_capacity_provider",
                    "cloudwatch:alarm",
                    "month",
                    Quantity::whole(policies * TARGET_TRACKING_ALARMS),
                )
                .derived(TARGET_TRACKING_RULE)
                .note(format!("{policies} policy(ies): {what}")),
            );
        }
    }

    fn logs(&mut self, usage: &Usage, groups: u64, what: String) {
        if groups == 0 {
            return;
        }
        let per = format!("per log group; {groups} log group(s): {what}");
        self.add(
            line(
                Kind::Usage,
                "CloudWatch Logs ingestion",
                "aws_cloudwatch_log_group",
                "logs:ingest",
                "gb",
                Quantity::whole(groups * usage.log_ingest_gb),
            )
            .note(usage_note("log_ingest_gb", usage.log_ingest_gb, &per)),
        );
        self.add(
            line(
                Kind::Usage,
                "CloudWatch Logs storage",
                "aws_cloudwatch_log_group",
                "logs:storage",
                "gb-month",
                Quantity::whole(groups * usage.log_storage_gb),
            )
            .note(usage_note("log_storage_gb", usage.log_storage_gb, &per)),
        );
    }

    fn buckets(&mut self, usage: &Usage, resource: &str, count: u64, what: &str) {
        let per = format!("per bucket; {count} bucket(s): {what}");
        self.add(
            line(
                Kind::Usage,
                "S3 storage",
                resource,
                "s3:standard",
                "gb-month",
                Quantity::whole(count * usage.s3_storage_gb),
            )
            .note(usage_note("s3_storage_gb", usage.s3_storage_gb, &per)),
        );
        self.add(
            line(
                Kind::Usage,
                "S3 PUT, COPY, POST, LIST requests",
                resource,
                "s3:put-requests",
                "1k-requests",
                Quantity::ratio(u128::from(count * usage.s3_put_requests), 1_000),
            )
            .note(usage_note("s3_put_requests", usage.s3_put_requests, &per)),
        );
    }

    fn replication(&mut self, usage: &Usage, component: &str, resource: &str, to: &str) {
        self.add(
            line(
                Kind::Usage,
                format!("{component} to {to}"),
                resource,
                "transfer:inter-region",
                "gb",
                Quantity::whole(usage.replication_gb),
            )
            .note(usage_note(
                "replication_gb",
                usage.replication_gb,
                "per cross-region copy, out of this region",
            )),
        );
    }

    /// A line for a key the table never has: it shows "no price for KEY in region R".
    fn missing(
        &mut self,
        kind: Kind,
        component: &str,
        resource: &str,
        key: &str,
        unit: &'static str,
        note: &str,
    ) {
        self.add(line(kind, component, resource, key, unit, Quantity::whole(1)).note(note));
    }

    fn finish(self, root: String, service: &str, tier: &str, dr: bool) -> RootEstimate {
        let monthly: Micros = self.items.iter().filter_map(|i| i.monthly).sum();
        let missing = self.items.iter().filter(|i| i.is_missing()).count();
        RootEstimate {
            root,
            service: service.to_string(),
            tier: tier.to_string(),
            region: self.region.to_string(),
            dr,
            items: self.items,
            monthly,
            missing,
        }
    }
}

/// Alarms per cache node (`elasticache`: engine CPU, memory, evictions).
const CACHE_ALARMS: u64 = 3;

/// Alarms per HTTP API (`http-api`: 5xx, latency).
const HTTP_API_ALARMS: u64 = 2;

/// Whether a service root has the alarm topic: the emitters' rule, [`kinds::has_alarms`].
fn has_alarm_topic(service: &Service) -> bool {
    kinds::has_alarms(service)
}

/// What the DynamoDB tables of `service` cost in a root of `tier`: capacity (provisioned: the
/// least capacity of the table and each index, all month) or requests (on demand), storage and
/// its point-in-time recovery.
fn tables(l: &mut Lines, service: &Service, tier: &crate::design::Tier, usage: &Usage) {
    let t = &tier.storage.tables;
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
                        Kind::Fixed,
                        &what(part),
                        resource,
                        key,
                        "hour",
                        &format!(
                            "{units} units × {copies} (table and indexes) × {HOURS_PER_MONTH} h, the autoscaling floor"
                        ),
                    );
                }
            }
            crate::design::TableBilling::OnDemand => {
                let reads = usage.dynamodb_read_requests;
                l.add(
                    line(
                        Kind::Usage,
                        what("read requests"),
                        resource,
                        "dynamodb:read-request",
                        "million-requests",
                        Quantity::ratio(reads.into(), 1_000_000),
                    )
                    .note(usage_note(
                        "dynamodb_read_requests",
                        reads,
                        "per table",
                    )),
                );
                l.missing(
                    Kind::Usage,
                    &what("write requests"),
                    resource,
                    "dynamodb:write-request",
                    "million-requests",
                    &usage_note(
                        "dynamodb_write_requests",
                        usage.dynamodb_write_requests,
                        "per table",
                    ),
                );
            }
        }
        let gb = usage.dynamodb_storage_gb;
        l.add(
            line(
                Kind::Usage,
                what("storage"),
                resource,
                "dynamodb:storage",
                "gb-month",
                Quantity::whole(gb),
            )
            .note(usage_note("dynamodb_storage_gb", gb, "per table")),
        );
        if t.point_in_time_recovery {
            l.add(
                line(
                    Kind::Usage,
                    what("point-in-time recovery"),
                    resource,
                    "dynamodb:pitr-storage",
                    "gb-month",
                    Quantity::whole(gb),
                )
                .note(usage_note("dynamodb_storage_gb", gb, "per table")),
            );
        }
    }
}

/// Every root's estimate: deployments (plan order), platforms, state backends.
pub fn roots(
    design: &Design,
    plan: &Plan,
    table: &PriceTable,
    usage: &Usage,
    service_usage: &BTreeMap<String, Usage>,
) -> Vec<RootEstimate> {
    let mut out: Vec<RootEstimate> = plan
        .deployments
        .iter()
        .map(|d| {
            let name = &design.services[d.service].name;
            let usage = service_usage.get(name).unwrap_or(usage);
            deployment(design, &plan.security, d, table, usage)
        })
        .collect();
    out.extend(
        plan.platforms
            .iter()
            .map(|p| platform(design, p, table, usage)),
    );
    for region in design.backend.regions.keys() {
        out.push(backend(design, &plan.security, region, table, usage));
    }
    out
}

fn deployment(
    design: &Design,
    choices: &Choices,
    d: &Deployment,
    table: &PriceTable,
    usage: &Usage,
) -> RootEstimate {
    let service = &design.services[d.service];
    let tier = &design.tiers[d.tier];
    let sec = design.security.tier(&tier.name);
    let mut l = Lines::new(table, &d.region);

    l.kms(usage, "aws_kms_key.this");
    if has_alarm_topic(service) {
        l.topic(usage, tier.alarms.notify_emails.len());
    }

    let mut alarms = 0;
    let mut alarm_parts = Vec::new();
    let mut groups = 0;
    let mut group_parts = Vec::new();
    let count = |n: u64, what: String, into: &mut Vec<String>, total: &mut u64| {
        if n > 0 {
            *total += n;
            into.push(what);
        }
    };

    if kinds::Api.present(service) {
        l.add(
            line(
                Kind::Fixed,
                "Application Load Balancer",
                "module.api.aws_lb.this",
                "alb:hour",
                "hour",
                Quantity::whole(HOURS_PER_MONTH),
            )
            .note(format!("1 load balancer × {HOURS_PER_MONTH} h")),
        );
        l.add(
            line(
                Kind::Usage,
                "Application Load Balancer capacity units",
                "module.api.aws_lb.this",
                "alb:lcu-hour",
                "hour",
                Quantity::whole(usage.alb_lcu_hours),
            )
            .note(usage_note(
                "alb_lcu_hours",
                usage.alb_lcu_hours,
                "LCU-hours per load balancer",
            )),
        );
        if sec.waf {
            l.add(
                line(
                    Kind::Fixed,
                    "WAF web ACL",
                    "module.api.aws_wafv2_web_acl.this",
                    "waf:web-acl",
                    "month",
                    Quantity::whole(1),
                )
                .note(format!("security.tiers[{}].waf", tier.name)),
            );
            l.add(
                line(
                    Kind::Fixed,
                    "WAF managed rule groups",
                    "module.api.aws_wafv2_web_acl.this",
                    "waf:managed-rule-group",
                    "month",
                    Quantity::whole(WAF_MANAGED_RULE_GROUPS),
                )
                .note("AWS managed rule groups: Common, Known bad inputs, IP reputation, Anonymous IP"),
            );
            l.add(
                line(
                    Kind::Usage,
                    "WAF requests",
                    "module.api.aws_wafv2_web_acl.this",
                    "waf:requests",
                    "million-requests",
                    Quantity::ratio(usage.waf_requests.into(), 1_000_000),
                )
                .note(usage_note(
                    "waf_requests",
                    usage.waf_requests,
                    "per web ACL",
                )),
            );
        }
        if choices.access_log_bucket(&d.region).is_none() {
            l.buckets(
                usage,
                "module.api.aws_s3_bucket.access_logs",
                1,
                "load balancer access logs",
            );
            if let Some((to, _)) = choices.log_archive(&d.region) {
                l.replication(
                    usage,
                    "Access-log replication",
                    "module.api.aws_s3_bucket_replication_configuration.access_logs",
                    &to,
                );
            }
        }
        count(
            API_ALARMS,
            format!("{API_ALARMS} of the API"),
            &mut alarm_parts,
            &mut alarms,
        );
        count(1, "the API's".into(), &mut group_parts, &mut groups);
        if sec.waf {
            count(1, "WAF's".into(), &mut group_parts, &mut groups);
        }
    }
    if kinds::Worker.present(service) {
        count(
            WORKER_ALARMS,
            format!("{WORKER_ALARMS} of the worker"),
            &mut alarm_parts,
            &mut alarms,
        );
        count(1, "the worker's".into(), &mut group_parts, &mut groups);
    }
    if kinds::on_fargate(service) {
        // The effective size and task count in this tier (`services[].capacity` over the
        // blocks' and the tier's).
        let c = &d.capacity;
        if kinds::Api.present(service) {
            fargate_tasks(&mut l, tier, c, "API", "api", (c.api_cpu, c.api_memory));
        }
        if kinds::Worker.present(service) {
            fargate_tasks(
                &mut l,
                tier,
                c,
                "worker",
                "worker",
                (c.worker_cpu, c.worker_memory),
            );
        }
    }
    let functions = service.lambdas.len() as u64;
    if functions > 0 {
        count(
            functions * LAMBDA_ALARMS,
            format!("{LAMBDA_ALARMS} per function"),
            &mut alarm_parts,
            &mut alarms,
        );
        count(
            functions,
            "one per function".into(),
            &mut group_parts,
            &mut groups,
        );
    }
    let queues = service.queues.len() as u64;
    count(
        queues * QUEUE_ALARMS,
        format!("{QUEUE_ALARMS} per queue"),
        &mut alarm_parts,
        &mut alarms,
    );

    for f in &service.lambdas {
        let resource = "module.lambda_*.aws_lambda_function.this";
        l.add(
            line(
                Kind::Usage,
                format!("Lambda {}: requests", f.name),
                resource,
                "lambda:requests",
                "million-requests",
                Quantity::ratio(usage.lambda_requests.into(), 1_000_000),
            )
            .note(usage_note(
                "lambda_requests",
                usage.lambda_requests,
                "per function",
            )),
        );
        // GB-seconds: invocations × duration (ms → s) × memory (MB → GB).
        let gb_seconds = Quantity::ratio(
            u128::from(usage.lambda_requests)
                * u128::from(usage.lambda_duration_ms)
                * u128::from(f.memory_mb),
            1_000 * 1_024,
        );
        l.add(
            line(
                Kind::Usage,
                format!("Lambda {}: duration ({} MB, x86)", f.name, f.memory_mb),
                resource,
                "lambda:gb-second",
                "gb-second",
                gb_seconds,
            )
            .note(if usage.lambda_requests == 0 || usage.lambda_duration_ms == 0 {
                "usage: 0 unless the usage file sets lambda_requests and lambda_duration_ms (per function)".to_string()
            } else {
                format!(
                    "usage: {} requests × {} ms × {} MB / 1,024",
                    usage.lambda_requests, usage.lambda_duration_ms, f.memory_mb
                )
            }),
        );
        l.missing(
            Kind::Usage,
            &format!("Lambda {}: X-Ray traces (tracing Active)", f.name),
            resource,
            "xray:traces",
            "function",
            "X-Ray prices are not in the table",
        );
    }
    for q in &service.queues {
        l.add(
            line(
                Kind::Usage,
                format!("SQS queue {}: requests", q.name),
                "module.queue_*.aws_sqs_queue",
                "sqs:requests",
                "million-requests",
                Quantity::ratio(usage.sqs_requests.into(), 1_000_000),
            )
            .note(usage_note(
                "sqs_requests",
                usage.sqs_requests,
                "per queue, its dead-letter queue included",
            )),
        );
    }

    if kinds::Bucket.present(service) {
        let names: Vec<&str> = service.buckets.iter().map(|b| b.name.as_str()).collect();
        l.buckets(
            usage,
            "module.bucket_*.aws_s3_bucket.this",
            service.buckets.len() as u64,
            &format!("the service's ({})", names.join(", ")),
        );
    }

    if kinds::Table.present(service) {
        tables(&mut l, service, tier, usage);
    }

    if kinds::Database.present(service) {
        let db = &tier.database;
        let class = d.capacity.db_instance_class.as_str();
        let replicas = if d.replica_of_primary {
            0
        } else {
            u64::from(d.capacity.db_read_replicas)
        };
        if d.replica_of_primary {
            l.rds_instances(
                &format!(
                    "RDS PostgreSQL cross-region read replica of {}",
                    d.primary_region
                ),
                "module.database.aws_db_instance.this",
                class,
                1,
                db.multi_az,
            );
        } else {
            l.rds_instances(
                "RDS PostgreSQL primary",
                "module.database.aws_db_instance.this",
                class,
                1,
                db.multi_az,
            );
        }
        l.rds_instances(
            "RDS PostgreSQL read replicas",
            "module.database.aws_db_instance.replica",
            class,
            replicas,
            db.replica_multi_az,
        );
        let storage = u64::from(db.allocated_storage_gb);
        let storage_line = |what: &str, resource: &'static str, count: u64, multi_az: bool| {
            let az = if multi_az { "multi-az" } else { "single-az" };
            line(
                Kind::Fixed,
                format!(
                    "RDS gp3 storage, {what} ({})",
                    if multi_az { "Multi-AZ" } else { "Single-AZ" }
                ),
                resource,
                format!("rds:gp3:{az}"),
                "gb-month",
                Quantity::whole(count * storage),
            )
            .note(format!(
                "{count} × {storage} GiB allocated (autoscaling up to {} GiB is not counted)",
                db.max_allocated_storage_gb
            ))
        };
        let what = if d.replica_of_primary {
            "replica"
        } else {
            "primary"
        };
        l.add(storage_line(
            what,
            "module.database.aws_db_instance.this",
            1,
            db.multi_az,
        ));
        if replicas > 0 {
            l.add(storage_line(
                "read replicas",
                "module.database.aws_db_instance.replica",
                replicas,
                db.replica_multi_az,
            ));
        }
        l.add(
            line(
                Kind::Usage,
                "RDS backup storage beyond the free amount",
                "module.database.aws_db_instance.this",
                "rds:backup-storage",
                "gb-month",
                Quantity::whole(usage.rds_backup_gb),
            )
            .note(usage_note(
                "rds_backup_gb",
                usage.rds_backup_gb,
                &format!(
                    "per database; {} days of backups kept",
                    db.backup_retention_days
                ),
            )),
        );
        if !d.replica_of_primary {
            let terraform_password =
                d.capacity.db_read_replicas > 0 || d.db_replicated_to.is_some();
            l.add(
                line(
                    Kind::Fixed,
                    "Secrets Manager: master secret",
                    if terraform_password {
                        "module.database.aws_secretsmanager_secret.master"
                    } else {
                        "module.database.aws_db_instance.this (manage_master_user_password)"
                    },
                    "secretsmanager:secret",
                    "month",
                    Quantity::whole(1),
                )
                .note(if terraform_password {
                    "1 secret, kept by Terraform"
                } else {
                    "1 secret, kept by RDS"
                }),
            );
            if let Some((region, _)) = &d.db_replicated_to {
                l.add(
                    line(
                        Kind::Fixed,
                        format!("Secrets Manager: master secret replica in {region}"),
                        "module.database.aws_secretsmanager_secret.master (replica)",
                        "secretsmanager:secret",
                        "month",
                        Quantity::whole(1),
                    )
                    .in_region(region)
                    .note("a replica secret is billed as a secret in its region"),
                );
            }
            l.add(
                line(
                    Kind::Usage,
                    "Secrets Manager API requests",
                    "module.database.aws_secretsmanager_secret.master",
                    "secretsmanager:api-requests",
                    "10k-requests",
                    Quantity::ratio(usage.secrets_api_requests.into(), 10_000),
                )
                .note(usage_note(
                    "secrets_api_requests",
                    usage.secrets_api_requests,
                    "per secret",
                )),
            );
            if functions > 0 {
                l.missing(
                    Kind::Fixed,
                    "RDS Proxy (for the functions)",
                    "module.database.aws_db_proxy.this",
                    "rds-proxy:vcpu-hour",
                    "proxy",
                    "RDS Proxy prices are not in the table",
                );
            }
        }
        if let Some((region, _)) = &d.db_replicated_to {
            l.replication(
                usage,
                "Database replication",
                "module.database.aws_db_instance.this",
                region,
            );
        }
        if db.performance_insights {
            l.items.push(LineItem {
                component: "RDS Performance Insights (7 days)".into(),
                resource: "module.database.aws_db_instance.*".into(),
                quantity: Quantity::whole(1 + replicas),
                unit: "instance".into(),
                key: "rds:performance-insights".into(),
                price_region: d.region.clone(),
                price: None,
                monthly: Some(Micros(0)),
                kind: Kind::Assumption,
                derived: None,
                note: "assumed free: the bundle keeps 7 days, AWS's free retention".into(),
            });
        }
        let db_alarms = DATABASE_ALARMS + replicas + u64::from(d.replica_of_primary);
        count(
            db_alarms,
            format!("{db_alarms} of the database"),
            &mut alarm_parts,
            &mut alarms,
        );
        count(
            (1 + replicas) * DATABASE_LOG_EXPORTS,
            format!("{DATABASE_LOG_EXPORTS} per RDS instance"),
            &mut group_parts,
            &mut groups,
        );
    }

    if kinds::Cache.present(service) {
        // The price data has no ElastiCache rows: the estimate names the node type it lacks.
        let c = &tier.cache;
        let nodes = 1 + u64::from(c.replicas);
        l.missing(
            Kind::Fixed,
            &format!("ElastiCache nodes ({})", c.node_type),
            "module.cache.aws_elasticache_replication_group.this",
            &format!("elasticache:{}", c.node_type),
            "hour",
            &format!(
                "{nodes} node(s) (primary and {} replica(s)) × {HOURS_PER_MONTH} h",
                c.replicas
            ),
        );
        count(
            CACHE_ALARMS * nodes,
            format!("{CACHE_ALARMS} per cache node"),
            &mut alarm_parts,
            &mut alarms,
        );
        count(
            1,
            "the cache's slow log".into(),
            &mut group_parts,
            &mut groups,
        );
    }

    if kinds::Frontend.present(service) {
        // The price data has no CloudFront rows: the estimate names what it lacks. The WAF
        // lines are priced as the load balancers' are (the web ACL lives in us-east-1).
        l.missing(
            Kind::Usage,
            "CloudFront requests and data transfer out",
            "module.frontend.aws_cloudfront_distribution.this",
            "cloudfront:requests",
            "million-requests",
            &format!("price class {}", tier.frontend.price_class),
        );
        l.buckets(
            usage,
            "module.frontend.aws_s3_bucket.this",
            2,
            "the site and its access logs",
        );
        if sec.waf {
            l.kms(usage, "module.frontend.aws_kms_key.waf_logs");
            l.add(
                line(
                    Kind::Fixed,
                    "WAF web ACL (CloudFront)",
                    "module.frontend.aws_wafv2_web_acl.this",
                    "waf:web-acl",
                    "month",
                    Quantity::whole(1),
                )
                .note(format!("security.tiers[{}].waf", tier.name)),
            );
            l.add(
                line(
                    Kind::Fixed,
                    "WAF managed rule groups (CloudFront)",
                    "module.frontend.aws_wafv2_web_acl.this",
                    "waf:managed-rule-group",
                    "month",
                    Quantity::whole(FRONTEND_WAF_MANAGED_RULE_GROUPS),
                )
                .note("AWS managed rule groups: Common, Known bad inputs, IP reputation"),
            );
            l.add(
                line(
                    Kind::Usage,
                    "WAF requests (CloudFront)",
                    "module.frontend.aws_wafv2_web_acl.this",
                    "waf:requests",
                    "million-requests",
                    Quantity::ratio(usage.waf_requests.into(), 1_000_000),
                )
                .note(usage_note(
                    "waf_requests",
                    usage.waf_requests,
                    "per web ACL",
                )),
            );
            count(1, "the web ACL's".into(), &mut group_parts, &mut groups);
        }
    }
    if kinds::HttpApi.present(service) {
        // The price data has no API Gateway rows: the estimate names the requests it lacks.
        l.missing(
            Kind::Usage,
            "HTTP API requests",
            "module.http_api.aws_apigatewayv2_api.this",
            "apigateway:http-api-requests",
            "request",
            "API Gateway HTTP API requests (no price in the table)",
        );
        count(
            HTTP_API_ALARMS,
            "5xx and latency of the HTTP API".into(),
            &mut alarm_parts,
            &mut alarms,
        );
        count(
            1,
            "the HTTP API's access logs".into(),
            &mut group_parts,
            &mut groups,
        );
    }

    l.alarms(alarms, alarm_parts.join(", "));
    if kinds::Worker.present(service) {
        l.target_tracking_alarms(1, "the worker's backlog per task");
    }
    l.logs(usage, groups, group_parts.join(", "));
    l.finish(d.dir.clone(), &service.name, &tier.name, d.dr)
}

fn platform(design: &Design, p: &Platform, table: &PriceTable, usage: &Usage) -> RootEstimate {
    let tier = &design.tiers[p.tier];
    let c = &tier.compute;
    let mut l = Lines::new(table, &p.region);
    if !p.ec2_hosts && p.host_groups.is_empty() {
        // Every container service of the tier runs on Fargate: no hosts, no capacity alarm,
        // no alarm topic or key (the tasks are in the service roots' estimates).
        insights(&mut l);
        return l.finish(p.dir.clone(), PLATFORM, &tier.name, p.dr);
    }
    if p.ec2_hosts {
        let shared = crate::plan::capacity::Hosts {
            instance_type: c.instance_type.clone(),
            asg_min: c.asg_min,
            asg_max: c.asg_max,
            asg_desired: c.asg_desired,
        };
        host_lines(&mut l, &shared, None);
    }
    // Each service's own hosts, under its name (they carry its cost code).
    for g in &p.host_groups {
        host_lines(&mut l, &g.hosts, Some(&g.key));
    }
    insights(&mut l);
    l.kms(usage, "aws_kms_key.this");
    l.topic(usage, tier.alarms.notify_emails.len());
    let groups = p.host_groups.len() as u64;
    if groups == 0 {
        l.alarms(1, "1: the cluster's capacity".into());
        l.target_tracking_alarms(1, "ECS managed scaling of the hosts");
    } else {
        let shared = u64::from(p.ec2_hosts);
        let what = if p.ec2_hosts {
            "the shared hosts and each service's own hosts"
        } else {
            "each service's own hosts"
        };
        l.alarms(
            shared + groups,
            format!("{}: the capacity of {what}", shared + groups),
        );
        l.target_tracking_alarms(shared + groups, &format!("ECS managed scaling of {what}"));
    }
    l.finish(p.dir.clone(), PLATFORM, &tier.name, p.dr)
}

/// The hosts of one Auto Scaling group: the shared hosts (`service` none) or a service's own.
fn host_lines(l: &mut Lines, h: &crate::plan::capacity::Hosts, service: Option<&str>) {
    let hosts = u64::from(h.asg_desired);
    let (of, at) = match service {
        None => (String::new(), "this".to_string()),
        Some(name) => (format!(" of service {name}"), format!("group[\"{name}\"]")),
    };
    let scaling = format!(
        "{hosts} host(s) at desired capacity (min {}, max {}; ECS managed scaling moves it)",
        h.asg_min, h.asg_max
    );
    let group = format!("module.cluster.aws_autoscaling_group.{at}");
    let template = format!("module.cluster.aws_launch_template.{at}");
    l.add(
        line(
            Kind::Fixed,
            format!("EC2 hosts{of} ({})", h.instance_type),
            &group,
            format!("ec2:{}", h.instance_type),
            "hour",
            Quantity::whole(hosts * HOURS_PER_MONTH),
        )
        .note(format!("{scaling} × {HOURS_PER_MONTH} h")),
    );
    l.add(
        line(
            Kind::Fixed,
            format!("EBS gp3 root volumes{of}"),
            &template,
            "ebs:gp3",
            "gb-month",
            Quantity::whole(hosts * HOST_VOLUME_GB),
        )
        .note(format!("{hosts} × {HOST_VOLUME_GB} GiB")),
    );
    l.add(
        line(
            Kind::Fixed,
            format!("EC2 detailed monitoring{of}"),
            &template,
            "ec2:detailed-monitoring-metric",
            "month",
            Quantity::whole(hosts * DETAILED_MONITORING_METRICS),
        )
        .derived(DETAILED_MONITORING_RULE)
        .note(format!("{hosts} × {DETAILED_MONITORING_METRICS} metrics")),
    );
}

/// The cluster's Container Insights, which the table has no price for.
fn insights(l: &mut Lines) {
    l.missing(
        Kind::Usage,
        "ECS Container Insights",
        "module.cluster.aws_ecs_cluster.this",
        "cloudwatch:container-insights",
        "cluster",
        "Container Insights metrics are not in the table",
    );
}

/// The Fargate tasks of a container of a service on Fargate: the price table has no Fargate
/// rows, so a "no price" line (never zero, never a guess) that says what runs.
fn fargate_tasks(
    l: &mut Lines,
    tier: &crate::design::Tier,
    capacity: &crate::plan::capacity::Capacity,
    what: &str,
    module: &str,
    (cpu, memory): (u32, u32),
) {
    let spot = if tier.compute.fargate_spot {
        ", beyond the first on FARGATE_SPOT (three of every four)"
    } else {
        ""
    };
    l.missing(
        Kind::Fixed,
        &format!("Fargate tasks of the {what} ({cpu} CPU units, {memory} MiB)"),
        &format!("module.{module}.aws_ecs_service.this"),
        "fargate:vcpu-hour+gb-hour",
        "hour",
        &format!(
            "{} task(s) × {HOURS_PER_MONTH} h at least{spot}; Fargate prices are not in the table",
            capacity.task_count
        ),
    );
}

fn backend(
    design: &Design,
    choices: &Choices,
    region: &str,
    table: &PriceTable,
    usage: &Usage,
) -> RootEstimate {
    let mut l = Lines::new(table, region);
    l.kms(usage, "aws_kms_key (state key)");
    // The state bucket, and its access-log bucket unless the design names existing ones.
    if choices.own_access_log_buckets() {
        l.buckets(
            usage,
            "aws_s3_bucket (state, state logs)",
            2,
            "state and its access logs",
        );
    } else {
        l.buckets(usage, "aws_s3_bucket (state)", 1, "state");
    }
    // The state buckets replicate when the design has a DR region: the primary region's to
    // every other backend region, the others to the primary's (emit/bootstrap.rs).
    let destinations = choices
        .has_dr()
        .then(|| crate::emit::bootstrap::replication_destinations(design, region))
        .flatten();
    if let Some(destinations) = destinations {
        for to in destinations {
            l.replication(
                usage,
                "State replication",
                "aws_s3_bucket_replication_configuration",
                to,
            );
        }
    }
    l.finish(
        format!("backend-bootstrap ({region})"),
        STATE_BACKEND,
        NO_TIER,
        false,
    )
}
