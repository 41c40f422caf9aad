//! What the cost lines of a root are made of, shared by `cost/rules.rs` and the building
//! blocks' own lines (`Build::cost` in `core/src/kinds/<kind>.rs`): the [`Lines`] of one root
//! and how a [`Line`] is priced, the lines several blocks add (key, alarm topic, buckets,
//! replication, Fargate tasks, the CloudWatch alarms and log groups they count), and the
//! context of one deployment root ([`Root`]). Below both: it imports neither `cost::rules`
//! nor `kinds`.

pub use super::{Kind, LineItem, Micros, Quantity, HOURS_PER_MONTH};
use super::{PriceTable, RootEstimate, Usage};
use crate::design::{Service, Tier, TierSecurity};
use crate::plan::capacity::Capacity;

/// Alarms AWS creates for one target-tracking scaling policy (a high and a low one).
pub const TARGET_TRACKING_ALARMS: u64 = 2;

const TARGET_TRACKING_RULE: &str =
    "AWS creates two CloudWatch alarms (high and low) for each target-tracking scaling policy";

/// What a deployment root's building blocks are priced from: its service and tier, the
/// service's usage, and what the plan decided for this root.
pub struct Root<'a> {
    /// The service the root deploys.
    pub service: &'a Service,
    /// The root's tier.
    pub tier: &'a Tier,
    /// The tier's security settings (`security.tiers[<tier>]`).
    pub security: &'a TierSecurity,
    /// The usage inputs of the service.
    pub usage: &'a Usage,
    /// The root's region.
    pub region: &'a str,
    /// The design's primary region (the source of cross-region replicas).
    pub primary_region: &'a str,
    /// The service's capacity in this tier (`plan::Deployment::capacity`).
    pub capacity: &'a Capacity,
    /// The database is a cross-region read replica of the primary region's.
    pub replica_of_primary: bool,
    /// The region a disaster-recovery deployment replicates this root's database to.
    pub db_replicated_to: Option<&'a str>,
    /// The root's load balancers log to the bundle's own access-log bucket (no named one).
    pub own_access_logs: bool,
    /// The region the access logs of the root's region are archived in, if any.
    pub log_archive: Option<String>,
}

/// Alarms or log groups counted by the building blocks: one CloudWatch line sums them.
#[derive(Default)]
struct Counted {
    total: u64,
    parts: Vec<String>,
}

impl Counted {
    fn add(&mut self, n: u64, what: String) {
        if n > 0 {
            self.total += n;
            self.parts.push(what);
        }
    }
}

/// Collects the lines of one root.
pub struct Lines<'a> {
    table: &'a PriceTable,
    region: &'a str,
    pub(crate) items: Vec<LineItem>,
    alarms: Counted,
    groups: Counted,
    tracking: Vec<(u64, String)>,
}

/// A line before it is priced.
pub struct Line<'s> {
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

pub fn line<'s>(
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
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
    pub fn derived(mut self, rule: &'s str) -> Self {
        self.derived = Some(rule);
        self
    }
    pub fn in_region(mut self, region: &'s str) -> Self {
        self.region = Some(region);
        self
    }
}

/// The note of a usage line: how much of the input it counts, or that the input is zero.
pub fn usage_note(field: &str, value: u64, per: &str) -> String {
    if value == 0 {
        format!("usage: 0 unless the usage file sets {field} ({per})")
    } else {
        format!("usage: {field} = {value} ({per})")
    }
}

impl<'a> Lines<'a> {
    /// The three lines of a WAF web ACL at `resource`: the ACL (chosen by `security.tiers[<tier>].waf`),
    /// its `groups` AWS managed rule groups (`rules`, their names), and its requests
    /// (`usage.waf_requests`); `suffix` follows each line's name (" (CloudFront)").
    pub fn waf(
        &mut self,
        usage: &Usage,
        resource: &str,
        suffix: &str,
        tier: &str,
        groups: u64,
        rules: &str,
    ) {
        self.add(
            line(
                Kind::Fixed,
                format!("WAF web ACL{suffix}"),
                resource,
                "waf:web-acl",
                "month",
                Quantity::whole(1),
            )
            .note(format!("security.tiers[{tier}].waf")),
        );
        self.add(
            line(
                Kind::Fixed,
                format!("WAF managed rule groups{suffix}"),
                resource,
                "waf:managed-rule-group",
                "month",
                Quantity::whole(groups),
            )
            .note(format!("AWS managed rule groups: {rules}")),
        );
        self.add(
            line(
                Kind::Usage,
                format!("WAF requests{suffix}"),
                resource,
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

    pub fn new(table: &'a PriceTable, region: &'a str) -> Self {
        Lines {
            table,
            region,
            items: Vec::new(),
            alarms: Counted::default(),
            groups: Counted::default(),
            tracking: Vec::new(),
        }
    }

    pub fn add(&mut self, l: Line) {
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

    pub fn kms(&mut self, usage: &Usage, resource: &str) {
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

    pub fn topic(&mut self, usage: &Usage, emails: usize) {
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

    pub fn alarms(&mut self, count: u64, what: String) {
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

    pub fn target_tracking_alarms(&mut self, policies: u64, what: &str) {
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

    pub fn logs(&mut self, usage: &Usage, groups: u64, what: String) {
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

    pub fn buckets(&mut self, usage: &Usage, resource: &str, count: u64, what: &str) {
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

    pub fn replication(&mut self, usage: &Usage, component: &str, resource: &str, to: &str) {
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
    pub fn missing(
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

    pub fn finish(self, root: String, service: &str, tier: &str, dr: bool) -> RootEstimate {
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

impl Lines<'_> {
    /// Whether the table has a price for `key` in the root's region.
    pub fn has_price(&self, key: &str) -> bool {
        self.table.get(self.region, key).is_some()
    }

    /// A line priced at nothing by assumption (no table row), with why in `note`.
    pub fn assumed(
        &mut self,
        component: &str,
        resource: &str,
        quantity: Quantity,
        unit: &str,
        key: &str,
        note: &str,
    ) {
        self.items.push(LineItem {
            component: component.into(),
            resource: resource.into(),
            quantity,
            unit: unit.into(),
            key: key.into(),
            price_region: self.region.to_string(),
            price: None,
            monthly: Some(Micros(0)),
            kind: Kind::Assumption,
            derived: None,
            note: note.into(),
        });
    }

    /// Counts `n` CloudWatch alarms (`what` says whose) for the root's alarms line.
    pub fn count_alarms(&mut self, n: u64, what: impl Into<String>) {
        self.alarms.add(n, what.into());
    }

    /// Counts `n` CloudWatch log groups (`what` says whose) for the root's logs lines.
    pub fn count_log_groups(&mut self, n: u64, what: impl Into<String>) {
        self.groups.add(n, what.into());
    }

    /// Counts target-tracking scaling policies (`what` says which): their alarms' line comes
    /// after the root's alarms line.
    pub fn count_target_tracking(&mut self, policies: u64, what: impl Into<String>) {
        self.tracking.push((policies, what.into()));
    }

    /// The CloudWatch lines of what the building blocks counted: the alarms, the alarms of
    /// target tracking, the log groups.
    pub fn counted(&mut self, usage: &Usage) {
        let alarms = std::mem::take(&mut self.alarms);
        self.alarms(alarms.total, alarms.parts.join(", "));
        for (policies, what) in std::mem::take(&mut self.tracking) {
            self.target_tracking_alarms(policies, &what);
        }
        let groups = std::mem::take(&mut self.groups);
        self.logs(usage, groups.total, groups.parts.join(", "));
    }

    /// The Fargate tasks of a container block (`what`, in `module.<module>`) of `cpu` CPU units
    /// and `memory` MiB: the price data has none, so the line names what it lacks.
    pub fn fargate_tasks(
        &mut self,
        root: &Root,
        what: &str,
        module: &str,
        (cpu, memory): (u32, u32),
    ) {
        let spot = if root.tier.compute.fargate_spot {
            ", beyond the first on FARGATE_SPOT (three of every four)"
        } else {
            ""
        };
        self.missing(
            Kind::Fixed,
            &format!("Fargate tasks of the {what} ({cpu} CPU units, {memory} MiB)"),
            &format!("module.{module}.aws_ecs_service.this"),
            "fargate:vcpu-hour+gb-hour",
            "hour",
            &format!(
                "{} task(s) × {HOURS_PER_MONTH} h at least{spot}; Fargate prices are not in the table",
                root.capacity.task_count
            ),
        );
    }
}
