use leptos::prelude::*;
use tfdesign_core::catalog::{self, DB_CLASSES, INSTANCE_TYPES};
use tfdesign_core::design::TableBilling;
use tfdesign_core::edit;

use super::field::{
    check_field, choice_field, get, list_field, number_field, optional, select_field, set,
    text_field, tier, tier_security,
};
use crate::state::{use_design_state, Selection};

/// Every setting of tier `index`: name, regions, compute, database, logs and alarms.
#[component]
pub fn TierInspector(
    /// Index of the tier in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let p = move |rest: &str| format!("/tiers/{i}{rest}");
    let regions = Memo::new(move |_| {
        state.design.with(|d| {
            d.regions
                .iter()
                .map(|r| {
                    let on = d.tiers.get(i).is_some_and(|t| t.regions.contains(&r.name));
                    (r.name.clone(), on)
                })
                .collect::<Vec<_>>()
        })
    });

    // The security settings are keyed by the tier's name: rebuilt when it is renamed, so their
    // pointers (and the diagnostics shown beside them) follow.
    let name = Memo::new(move |_| {
        state
            .design
            .with(|d| d.tiers.get(i).map(|t| t.name.clone()))
    });
    let security = move || {
        name.get().map(|name| {
            let p = |rest: &str| format!("/security/tiers/{name}{rest}");
            view! {
                <fieldset>
                    <legend>"Load balancers: HTTPS and protection"</legend>
                    <div class="grid">
                        {text_field(p("/domain"), "Domain (HTTPS on <service>.<domain>)", tier_security(i, |s| s.domain.clone().unwrap_or_default(), |s, v| s.domain = optional(v)))}
                        {text_field(p("/certificate_arn"), "ACM certificate ARN (with a domain: this or a zone)", tier_security(i, |s| s.certificate_arn.clone().unwrap_or_default(), |s, v| s.certificate_arn = optional(v)))}
                        {text_field(p("/route53_zone_id"), "Route 53 zone ID (DNS records and certificate validation)", tier_security(i, |s| s.route53_zone_id.clone().unwrap_or_default(), |s, v| s.route53_zone_id = optional(v)))}
                        {check_field(p("/http_redirect"), "Redirect HTTP to HTTPS", tier_security(i, |s| s.http_redirect, |s, v| s.http_redirect = v))}
                        {check_field(p("/waf"), "AWS WAF web ACL", tier_security(i, |s| s.waf, |s, v| s.waf = v))}
                        {check_field(p("/alb_deletion_protection"), "Deletion protection", tier_security(i, |s| s.alb_deletion_protection, |s, v| s.alb_deletion_protection = v))}
                    </div>
                </fieldset>
            }
        })
    };

    view! {
        <div class="inspector-body" data-testid="tier-inspector">
            <div class="inspector-title">
                <h3>"Tier"</h3>
                <div class="actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            let mut copy = None;
                            state.edit(None, |d| copy = edit::duplicate_tier(d, i));
                            if let Some(c) = copy {
                                state.selection.set(Selection::Tier(c));
                            }
                        }
                    >
                        "Duplicate"
                    </button>
                    <button
                        type="button"
                        class="danger"
                        on:click=move |_| {
                            let name = state.design.with_untracked(|d| d.tiers.get(i).map(|t| t.name.clone())).unwrap_or_default();
                            state.selection.set(Selection::Project);
                            state.remove(&format!("tier {name}"), |d| edit::remove_tier(d, i));
                        }
                    >
                        "Remove tier"
                    </button>
                </div>
            </div>
            {text_field(
                p("/name"),
                "Name",
                (get(move |d| d.tiers.get(i).map(|t| t.name.clone())), set(move |d, v: String| edit::rename_tier(d, i, &v))),
            )}
            <fieldset>
                <legend>"Deploys to regions"</legend>
                <div class="grid" id=format!("f-tiers-{i}-regions") tabindex="-1">
                    {move || {
                        regions
                            .get()
                            .into_iter()
                            .map(|(name, on)| {
                                let id = format!("tier-{i}-region-{name}");
                                let n = name.clone();
                                view! {
                                    <div class="field check">
                                        <label for=id.clone()>{name.clone()}</label>
                                        <input
                                            id=id
                                            type="checkbox"
                                            prop:checked=on
                                            on:change=move |ev| {
                                                let want = event_target_checked(&ev);
                                                state.edit(None, |d| edit::set_tier_region(d, i, &n, want));
                                            }
                                        />
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Compute (ECS on EC2)"</legend>
                <div class="grid">
                    {select_field(p("/compute/instance_type"), "Instance type", INSTANCE_TYPES, tier(i, |t| t.compute.instance_type.clone(), |t, v| t.compute.instance_type = v))}
                    {number_field(p("/compute/asg_min"), "ASG minimum", "hosts", &catalog::TIER_COMPUTE_ASG_MIN, tier(i, |t| t.compute.asg_min, |t, v| t.compute.asg_min = v))}
                    {number_field(p("/compute/asg_max"), "ASG maximum", "hosts", &catalog::TIER_COMPUTE_ASG_MAX, tier(i, |t| t.compute.asg_max, |t, v| t.compute.asg_max = v))}
                    {number_field(p("/compute/asg_desired"), "ASG desired", "hosts", &catalog::TIER_COMPUTE_ASG_DESIRED, tier(i, |t| t.compute.asg_desired, |t, v| t.compute.asg_desired = v))}
                    {number_field(p("/compute/task_count"), "Tasks per service", "tasks", &catalog::TIER_COMPUTE_TASK_COUNT, tier(i, |t| t.compute.task_count, |t, v| t.compute.task_count = v))}
                    {check_field(p("/compute/fargate_spot"), "Fargate Spot for Fargate services (first task on demand)", tier(i, |t| t.compute.fargate_spot, |t, v| t.compute.fargate_spot = v))}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Database (RDS PostgreSQL)"</legend>
                <div class="grid">
                    {select_field(p("/database/instance_class"), "Instance class", DB_CLASSES, tier(i, |t| t.database.instance_class.clone(), |t, v| t.database.instance_class = v))}
                    {number_field(p("/database/allocated_storage_gb"), "Storage", "GiB", &catalog::TIER_DATABASE_ALLOCATED_STORAGE_GB, tier(i, |t| t.database.allocated_storage_gb, |t, v| t.database.allocated_storage_gb = v))}
                    {number_field(p("/database/max_allocated_storage_gb"), "Storage ceiling", "GiB", &catalog::TIER_DATABASE_MAX_ALLOCATED_STORAGE_GB, tier(i, |t| t.database.max_allocated_storage_gb, |t, v| t.database.max_allocated_storage_gb = v))}
                    {number_field(p("/database/read_replicas"), "Read replicas", "replicas", &catalog::TIER_DATABASE_READ_REPLICAS, tier(i, |t| t.database.read_replicas, |t, v| t.database.read_replicas = v))}
                    {number_field(p("/database/backup_retention_days"), "Backups kept", "days", &catalog::TIER_DATABASE_BACKUP_RETENTION_DAYS, tier(i, |t| t.database.backup_retention_days, |t, v| t.database.backup_retention_days = v))}
                    {check_field(p("/database/multi_az"), "Multi-AZ standby", tier(i, |t| t.database.multi_az, |t, v| t.database.multi_az = v))}
                    {check_field(p("/database/replica_multi_az"), "Multi-AZ read replicas", tier(i, |t| t.database.replica_multi_az, |t, v| t.database.replica_multi_az = v))}
                    {check_field(p("/database/cross_region_replica"), "Replica in the DR region", tier(i, |t| t.database.cross_region_replica, |t, v| t.database.cross_region_replica = v))}
                    {check_field(p("/database/deletion_protection"), "Deletion protection", tier(i, |t| t.database.deletion_protection, |t, v| t.database.deletion_protection = v))}
                    {check_field(p("/database/performance_insights"), "Performance Insights", tier(i, |t| t.database.performance_insights, |t, v| t.database.performance_insights = v))}
                </div>
            </fieldset>
            {security}
            <fieldset>
                <legend>"Logs and alarms"</legend>
                <div class="grid">
                    {choice_field(p("/log_retention_days"), "Log retention (days)", |_| catalog::LOG_RETENTION_DAYS.iter().map(u32::to_string).collect(), None, tier(i, |t| t.log_retention_days.to_string(), |t, v| if let Ok(n) = v.parse() { t.log_retention_days = n }))}
                    {number_field(p("/alarms/cpu_high_percent"), "CPU high", "%", &catalog::TIER_ALARMS_CPU_HIGH_PERCENT, tier(i, |t| t.alarms.cpu_high_percent, |t, v| t.alarms.cpu_high_percent = v))}
                    {number_field(p("/alarms/cpu_low_percent"), "CPU low", "%", &catalog::TIER_ALARMS_CPU_LOW_PERCENT, tier(i, |t| t.alarms.cpu_low_percent, |t, v| t.alarms.cpu_low_percent = v))}
                    {number_field(p("/alarms/queue_depth"), "Queue depth alarm", "messages", &catalog::TIER_ALARMS_QUEUE_DEPTH, tier(i, |t| t.alarms.queue_depth, |t, v| t.alarms.queue_depth = v))}
                    {number_field(p("/alarms/message_age_seconds"), "Message age alarm", "s", &catalog::TIER_ALARMS_MESSAGE_AGE_SECONDS, tier(i, |t| t.alarms.message_age_seconds, |t, v| t.alarms.message_age_seconds = v))}
                    {list_field(p("/alarms/notify_emails"), "Alarm emails", tier(i, |t| t.alarms.notify_emails.clone(), |t, v| t.alarms.notify_emails = v))}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Storage"</legend>
                <div class="grid">
                    {number_field(p("/storage/noncurrent_version_days"), "Old object versions kept", "days", &catalog::TIER_STORAGE_NONCURRENT_VERSION_DAYS, tier(i, |t| t.storage.noncurrent_version_days, |t, v| t.storage.noncurrent_version_days = v))}
                    {select_field(p("/storage/tables/billing"), "Table billing", catalog::TABLE_BILLING, tier(i, |t| match t.storage.tables.billing { TableBilling::OnDemand => "on_demand".to_owned(), TableBilling::Provisioned => "provisioned".to_owned() }, |t, v| t.storage.tables.billing = if v == "provisioned" { TableBilling::Provisioned } else { TableBilling::OnDemand }))}
                    {number_field(p("/storage/tables/read_capacity"), "Table reads (least)", "RCU", &catalog::TIER_TABLES_READ_CAPACITY, tier(i, |t| t.storage.tables.read_capacity, |t, v| t.storage.tables.read_capacity = v))}
                    {number_field(p("/storage/tables/max_read_capacity"), "Table reads (most)", "RCU", &catalog::TIER_TABLES_MAX_READ_CAPACITY, tier(i, |t| t.storage.tables.max_read_capacity, |t, v| t.storage.tables.max_read_capacity = v))}
                    {number_field(p("/storage/tables/write_capacity"), "Table writes (least)", "WCU", &catalog::TIER_TABLES_WRITE_CAPACITY, tier(i, |t| t.storage.tables.write_capacity, |t, v| t.storage.tables.write_capacity = v))}
                    {number_field(p("/storage/tables/max_write_capacity"), "Table writes (most)", "WCU", &catalog::TIER_TABLES_MAX_WRITE_CAPACITY, tier(i, |t| t.storage.tables.max_write_capacity, |t, v| t.storage.tables.max_write_capacity = v))}
                    {check_field(p("/storage/tables/point_in_time_recovery"), "Table point-in-time recovery", tier(i, |t| t.storage.tables.point_in_time_recovery, |t, v| t.storage.tables.point_in_time_recovery = v))}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Cache (ElastiCache)"</legend>
                <div class="grid">
                    {select_field(p("/cache/node_type"), "Cache node type", catalog::CACHE_NODE_TYPES, tier(i, |t| t.cache.node_type.clone(), |t, v| t.cache.node_type = v))}
                    {number_field(p("/cache/replicas"), "Cache replicas", "replicas", &catalog::TIER_CACHE_REPLICAS, tier(i, |t| t.cache.replicas, |t, v| t.cache.replicas = v))}
                    {number_field(p("/cache/snapshot_retention_days"), "Cache snapshots kept", "days", &catalog::TIER_CACHE_SNAPSHOT_RETENTION_DAYS, tier(i, |t| t.cache.snapshot_retention_days, |t, v| t.cache.snapshot_retention_days = v))}
                    {check_field(p("/cache/multi_az"), "Cache Multi-AZ failover", tier(i, |t| t.cache.multi_az, |t, v| t.cache.multi_az = v))}
                </div>
            </fieldset>
            <fieldset>
                <legend>"HTTP API (API Gateway)"</legend>
                <div class="grid">
                    {number_field(p("/http_api/rate_limit"), "HTTP API rate per route", "requests/s", &catalog::TIER_HTTP_API_RATE_LIMIT, tier(i, |t| t.http_api.rate_limit, |t, v| t.http_api.rate_limit = v))}
                    {number_field(p("/http_api/burst_limit"), "HTTP API burst per route", "requests", &catalog::TIER_HTTP_API_BURST_LIMIT, tier(i, |t| t.http_api.burst_limit, |t, v| t.http_api.burst_limit = v))}
                </div>
            </fieldset>
        </div>
    }
}
