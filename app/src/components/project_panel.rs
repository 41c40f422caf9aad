use leptos::prelude::*;
use tfdesign_core::{design::NetworkMode, edit, field, fields};

use super::field::{check, list, text};

use crate::state::{use_design_state, Selection};

/// Project-wide settings: name, tags, network, IAM (users, groups, CI role).
#[component]
pub fn ProjectPanel() -> impl IntoView {
    let state = use_design_state();
    let users = Memo::new(move |_| state.design.with(|d| d.iam.users.len()));
    let groups = Memo::new(move |_| state.design.with(|d| d.iam.groups.len()));
    // `region/tier` of every deployment, when the network ids are explicit.
    let explicit_keys = Memo::new(move |_| {
        state.design.with(|d| {
            if d.network.mode != NetworkMode::Explicit {
                return Vec::new();
            }
            d.tiers
                .iter()
                .flat_map(|t| t.regions.iter().map(move |r| format!("{r}/{}", t.name)))
                .collect::<Vec<_>>()
        })
    });
    // Every region that needs an existing access-log bucket, when the design uses them.
    let log_bucket_regions = Memo::new(move |_| {
        state.design.with(|d| {
            if d.security.access_log_buckets.is_empty() {
                return Vec::new();
            }
            d.access_log_regions()
                .into_iter()
                .map(str::to_owned)
                .chain(d.security.access_log_buckets.keys().cloned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        })
    });
    let regions = Memo::new(move |_| {
        state
            .design
            .with(|d| d.regions.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
    });

    view! {
        <div class="inspector-body" data-testid="project-panel">
            <h3>"Project"</h3>
            {text(fields::project(), "Project name")}
            <fieldset>
                <legend>"Regions"</legend>
                <ul class="plain">
                    {move || {
                        regions
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(i, name)| {
                                view! {
                                    <li>
                                        <button type="button" class="link" on:click=move |_| state.selection.set(Selection::Region(i))>
                                            {name}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </fieldset>
            {text(
                field!(fields::design(), tags).map(
                    |tags| tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "),
                    |v: String| {
                        v.split(',')
                            .filter_map(|pair| pair.split_once('='))
                            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                            .filter(|(k, _)| !k.is_empty())
                            .collect()
                    },
                ),
                "Tags (key=value, comma-separated)",
            )}
            <fieldset>
                <legend>"Network"</legend>
                <div class="grid">
                    <div class="field">
                        <label for="f-network-mode">"Mode"</label>
                        <select
                            id="f-network-mode"
                            on:change=move |ev| {
                                let mode = if event_target_value(&ev) == "explicit" { NetworkMode::Explicit } else { NetworkMode::Discover };
                                state.edit(None, |d| d.network.mode = mode);
                            }
                        >
                            <option value="discover" selected=move || state.design.with(|d| d.network.mode == NetworkMode::Discover)>
                                "Discover by tags"
                            </option>
                            <option value="explicit" selected=move || state.design.with(|d| d.network.mode == NetworkMode::Explicit)>
                                "Explicit ids"
                            </option>
                        </select>
                    </div>
                    {text(field!(fields::design(), network.vpc_name), "VPC Name tag ({project}, {tier}, {region})")}
                    {text(field!(fields::design(), network.subnet_tier_tag), "Subnet tier tag key")}
                </div>
                // With explicit ids: one group per deployed region/tier, as the design rules ask.
                {move || {
                    explicit_keys
                        .get()
                        .into_iter()
                        .map(|key| {
                            let place = key.clone();
                            let at = move || fields::explicit_network(&place);
                            view! {
                                <fieldset data-testid="explicit-network">
                                    <legend>{format!("Network ids in {key}")}</legend>
                                    <div class="grid">
                                        {text(field!(at(), vpc_id).map(|v| v, |v: String| v.trim().to_owned()), "VPC id")}
                                        {list(field!(at(), private_subnet_ids), "Private subnet ids")}
                                        {list(field!(at(), public_subnet_ids), "Public subnet ids")}
                                    </div>
                                </fieldset>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <fieldset>
                <legend>"S3 buckets: events and access logs"</legend>
                <div class="grid">
                    {check(field!(fields::design(), security.s3_event_notifications), "Send bucket events to EventBridge")}
                    {check(field!(fields::design(), security.access_log_replication), "Copy access logs to the DR region (own log buckets)")}
                    {check(fields::existing_log_buckets(), "Send access logs to existing buckets")}
                </div>
                // With existing access-log buckets: one per region of the design.
                <div class="grid">
                    {move || {
                        log_bucket_regions
                            .get()
                            .into_iter()
                            .map(|region| {
                                text(fields::access_log_bucket(&region), format!("Access-log bucket in {region}"))
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            <fieldset>
                <legend>"CI/CD role (GitHub Actions OIDC)"</legend>
                <div class="grid">
                    {check(field!(fields::design(), iam.ci_role.enabled), "Create the CI role")}
                    {check(field!(fields::design(), iam.ci_role.create_oidc_provider), "Create the GitHub OIDC provider")}
                    {list(field!(fields::design(), iam.ci_role.github_repositories), "Repositories (owner/repo, * allowed)")}
                    {list(field!(fields::design(), iam.ci_role.managed_policies), "Managed policies of the apply role")}
                    {list(field!(fields::design(), iam.s3_data_buckets), "S3 data buckets")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{move || format!("IAM groups ({})", groups.get())}</legend>
                {move || {
                    (0..groups.get())
                        .map(|j| {
                            view! {
                                <div class="item">
                                    <div class="grid">
                                        {text(fields::iam_group_name(j), "Group name")}
                                        {list(field!(fields::iam_group(j), managed_policies), "Managed policies")}
                                        {check(field!(fields::iam_group(j), s3_data_access), "S3 data access")}
                                        {check(field!(fields::iam_group(j), terraform_apply), "Terraform apply (project IAM roles)")}
                                    </div>
                                    <button type="button" class="danger small" on:click=move |_| state.edit(None, |d| edit::remove_iam_group(d, j))>
                                        "Remove group"
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" aria-label="Add an IAM group" on:click=move |_| state.edit(None, |d| { edit::add_iam_group(d); })>
                    "+ Group"
                </button>
            </fieldset>
            <fieldset>
                <legend>{move || format!("IAM users ({})", users.get())}</legend>
                {move || {
                    (0..users.get())
                        .map(|j| {
                            view! {
                                <div class="item">
                                    <div class="grid">
                                        {text(field!(fields::iam_user(j), name), "User name")}
                                        {list(field!(fields::iam_user(j), groups), "Groups")}
                                        {check(field!(fields::iam_user(j), access_key), "Long-lived access key (in SSM)")}
                                    </div>
                                    <button type="button" class="danger small" on:click=move |_| state.edit(None, |d| edit::remove_iam_user(d, j))>
                                        "Remove user"
                                    </button>
                                </div>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" aria-label="Add an IAM user" on:click=move |_| state.edit(None, |d| { edit::add_iam_user(d); })>
                    "+ User"
                </button>
            </fieldset>
        </div>
    }
}
