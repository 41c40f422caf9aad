use leptos::prelude::*;
use tfdesign_core::catalog::{self, INSTANCE_TYPES};
use tfdesign_core::edit;

use tfdesign_core::{field, fields};

use super::field::{check, choice, list, number, optional, select, text};
use super::inspector_title::InspectorTitle;
use super::{
    bucket_section, cache_section, database_section, frontend_section, http_api_section,
    table_section,
};
use crate::state::{use_design_state, Selection};

/// Every setting of tier `index`: name, regions, compute, security, logs and alarms; the
/// settings of each building block in its tier come from its section file (`tier_fields`).
#[component]
pub fn TierInspector(
    /// Index of the tier in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
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
            let at = move || fields::tier_security(&name);
            view! {
                <fieldset>
                    <legend>"Load balancers: HTTPS and protection"</legend>
                    <div class="grid">
                        {text(field!(at(), domain).map(Option::unwrap_or_default, optional), "Domain (HTTPS on <service>.<domain>)")}
                        {text(field!(at(), certificate_arn).map(Option::unwrap_or_default, optional), "ACM certificate ARN (with a domain: this or a zone)")}
                        {text(field!(at(), route53_zone_id).map(Option::unwrap_or_default, optional), "Route 53 zone ID (DNS records and certificate validation)")}
                        {check(field!(at(), http_redirect), "Redirect HTTP to HTTPS")}
                        {check(field!(at(), waf), "AWS WAF web ACL")}
                        {check(field!(at(), alb_deletion_protection), "Deletion protection")}
                    </div>
                </fieldset>
            }
        })
    };

    view! {
        <div class="inspector-body" data-testid="tier-inspector">
            <InspectorTitle
                heading="Tier"
                noun="tier"
                index=i
                name=|d, i| d.tiers.get(i).map(|t| t.name.clone())
                duplicate=edit::duplicate_tier
                remove=edit::remove_tier
                select=Selection::Tier
            />
            {text(fields::tier_name(i), "Name")}
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
                    {select(field!(fields::tier(i), compute.instance_type), "Instance type", INSTANCE_TYPES)}
                    {number(field!(fields::tier(i), compute.asg_min), "ASG minimum", "hosts", &catalog::TIER_COMPUTE_ASG_MIN)}
                    {number(field!(fields::tier(i), compute.asg_max), "ASG maximum", "hosts", &catalog::TIER_COMPUTE_ASG_MAX)}
                    {number(field!(fields::tier(i), compute.asg_desired), "ASG desired", "hosts", &catalog::TIER_COMPUTE_ASG_DESIRED)}
                    {number(field!(fields::tier(i), compute.task_count), "Tasks per service", "tasks", &catalog::TIER_COMPUTE_TASK_COUNT)}
                    {check(field!(fields::tier(i), compute.fargate_spot), "Fargate Spot for Fargate services (first task on demand)")}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Database (RDS PostgreSQL)"</legend>
                <div class="grid">{database_section::tier_fields(i)}</div>
            </fieldset>
            {security}
            <fieldset>
                <legend>"Logs and alarms"</legend>
                <div class="grid">
                    {choice(field!(fields::tier(i), log_retention_days).map(|n| n.to_string(), |v: String| v.parse().unwrap_or_default()), "Log retention (days)", |_| catalog::LOG_RETENTION_DAYS.iter().map(u32::to_string).collect(), None)}
                    {number(field!(fields::tier(i), alarms.cpu_high_percent), "CPU high", "%", &catalog::TIER_ALARMS_CPU_HIGH_PERCENT)}
                    {number(field!(fields::tier(i), alarms.cpu_low_percent), "CPU low", "%", &catalog::TIER_ALARMS_CPU_LOW_PERCENT)}
                    {number(field!(fields::tier(i), alarms.queue_depth), "Queue depth alarm", "messages", &catalog::TIER_ALARMS_QUEUE_DEPTH)}
                    {number(field!(fields::tier(i), alarms.message_age_seconds), "Message age alarm", "s", &catalog::TIER_ALARMS_MESSAGE_AGE_SECONDS)}
                    {list(field!(fields::tier(i), alarms.notify_emails), "Alarm emails")}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Storage"</legend>
                <div class="grid">
                    {bucket_section::tier_fields(i)}
                    {table_section::tier_fields(i)}
                </div>
            </fieldset>
            <fieldset>
                <legend>"Cache (ElastiCache)"</legend>
                <div class="grid">{cache_section::tier_fields(i)}</div>
            </fieldset>
            <fieldset>
                <legend>"HTTP API (API Gateway)"</legend>
                <div class="grid">{http_api_section::tier_fields(i)}</div>
            </fieldset>
            <fieldset>
                <legend>"Static frontend (CloudFront)"</legend>
                <div class="grid">{frontend_section::tier_fields(i)}</div>
            </fieldset>
        </div>
    }
}
