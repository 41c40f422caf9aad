use leptos::prelude::*;
use tfdesign_core::{
    design::{ExplicitNetwork, NetworkMode},
    edit,
    validate::pointer,
    Design,
};

use super::field::{check_field, design, get, list_field, set, text_field, Bind};

/// Binds a field of the explicit network ids of deployment `key` (`region/tier`); the entry is
/// created on the first write.
fn explicit<T: 'static>(
    key: String,
    g: fn(&ExplicitNetwork) -> T,
    s: fn(&mut ExplicitNetwork, T),
) -> Bind<T> {
    let k = key.clone();
    (
        get(move |d: &Design| d.network.explicit.get(&k).map(g)),
        set(move |d: &mut Design, v| {
            let entry = d
                .network
                .explicit
                .entry(key.clone())
                .or_insert_with(|| ExplicitNetwork {
                    vpc_id: String::new(),
                    private_subnet_ids: Vec::new(),
                    public_subnet_ids: Vec::new(),
                });
            s(entry, v)
        }),
    )
}
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
            {text_field(
                "/project".to_owned(),
                "Project name",
                (get(|d| Some(d.project.clone())), set(|d, v: String| edit::rename_project(d, &v))),
            )}
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
            {text_field(
                "/tags".to_owned(),
                "Tags (key=value, comma-separated)",
                (
                    get(|d| Some(d.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "))),
                    set(|d, v: String| {
                        d.tags = v
                            .split(',')
                            .filter_map(|pair| pair.split_once('='))
                            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                            .filter(|(k, _)| !k.is_empty())
                            .collect();
                    }),
                ),
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
                    {text_field("/network/vpc_name".to_owned(), "VPC Name tag ({project}, {tier}, {region})", design(|d| d.network.vpc_name.clone(), |d, v| d.network.vpc_name = v))}
                    {text_field("/network/subnet_tier_tag".to_owned(), "Subnet tier tag key", design(|d| d.network.subnet_tier_tag.clone(), |d, v| d.network.subnet_tier_tag = v))}
                </div>
                // With explicit ids: one group per deployed region/tier, as the design rules ask.
                {move || {
                    explicit_keys
                        .get()
                        .into_iter()
                        .map(|key| {
                            let p = pointer(&["network", "explicit", &key]);
                            view! {
                                <fieldset data-testid="explicit-network">
                                    <legend>{format!("Network ids in {key}")}</legend>
                                    <div class="grid">
                                        {text_field(format!("{p}/vpc_id"), "VPC id", explicit(key.clone(), |e| e.vpc_id.clone(), |e, v| e.vpc_id = v.trim().to_owned()))}
                                        {list_field(format!("{p}/private_subnet_ids"), "Private subnet ids", explicit(key.clone(), |e| e.private_subnet_ids.clone(), |e, v| e.private_subnet_ids = v))}
                                        {list_field(format!("{p}/public_subnet_ids"), "Public subnet ids", explicit(key.clone(), |e| e.public_subnet_ids.clone(), |e, v| e.public_subnet_ids = v))}
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
                    {check_field("/security/s3_event_notifications".to_owned(), "Send bucket events to EventBridge", design(|d| d.security.s3_event_notifications, |d, v| d.security.s3_event_notifications = v))}
                    {check_field("/security/access_log_replication".to_owned(), "Copy access logs to the DR region (own log buckets)", design(|d| d.security.access_log_replication, |d, v| d.security.access_log_replication = v))}
                    {check_field("/security/access_log_buckets".to_owned(), "Send access logs to existing buckets", design(|d| !d.security.access_log_buckets.is_empty(), edit::use_existing_log_buckets))}
                </div>
                // With existing access-log buckets: one per region of the design.
                <div class="grid">
                    {move || {
                        log_bucket_regions
                            .get()
                            .into_iter()
                            .map(|region| {
                                let key = region.clone();
                                text_field(
                                    pointer(&["security", "access_log_buckets", &region]),
                                    format!("Access-log bucket in {region}"),
                                    (
                                        get(move |d| d.security.access_log_buckets.get(&key).cloned()),
                                        set(move |d, v: String| edit::set_access_log_bucket(d, &region, &v)),
                                    ),
                                )
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            <fieldset>
                <legend>"CI/CD role (GitHub Actions OIDC)"</legend>
                <div class="grid">
                    {check_field("/iam/ci_role/enabled".to_owned(), "Create the CI role", design(|d| d.iam.ci_role.enabled, |d, v| d.iam.ci_role.enabled = v))}
                    {check_field("/iam/ci_role/create_oidc_provider".to_owned(), "Create the GitHub OIDC provider", design(|d| d.iam.ci_role.create_oidc_provider, |d, v| d.iam.ci_role.create_oidc_provider = v))}
                    {list_field("/iam/ci_role/github_repositories".to_owned(), "Repositories (owner/repo, * allowed)", design(|d| d.iam.ci_role.github_repositories.clone(), |d, v| d.iam.ci_role.github_repositories = v))}
                    {list_field("/iam/ci_role/managed_policies".to_owned(), "Managed policies of the apply role", design(|d| d.iam.ci_role.managed_policies.clone(), |d, v| d.iam.ci_role.managed_policies = v))}
                    {list_field("/iam/s3_data_buckets".to_owned(), "S3 data buckets", design(|d| d.iam.s3_data_buckets.clone(), |d, v| d.iam.s3_data_buckets = v))}
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
                                        {text_field(format!("/iam/groups/{j}/name"), "Group name", (get(move |d| d.iam.groups.get(j).map(|g| g.name.clone())), set(move |d, v: String| edit::rename_iam_group(d, j, &v))))}
                                        {list_field(format!("/iam/groups/{j}/managed_policies"), "Managed policies", (get(move |d| d.iam.groups.get(j).map(|g| g.managed_policies.clone())), set(move |d, v| if let Some(g) = d.iam.groups.get_mut(j) { g.managed_policies = v })))}
                                        {check_field(format!("/iam/groups/{j}/s3_data_access"), "S3 data access", (get(move |d| d.iam.groups.get(j).map(|g| g.s3_data_access)), set(move |d, v| if let Some(g) = d.iam.groups.get_mut(j) { g.s3_data_access = v })))}
                                        {check_field(format!("/iam/groups/{j}/terraform_apply"), "Terraform apply (project IAM roles)", (get(move |d| d.iam.groups.get(j).map(|g| g.terraform_apply)), set(move |d, v| if let Some(g) = d.iam.groups.get_mut(j) { g.terraform_apply = v })))}
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
                                        {text_field(format!("/iam/users/{j}/name"), "User name", (get(move |d| d.iam.users.get(j).map(|u| u.name.clone())), set(move |d, v| if let Some(u) = d.iam.users.get_mut(j) { u.name = v })))}
                                        {list_field(format!("/iam/users/{j}/groups"), "Groups", (get(move |d| d.iam.users.get(j).map(|u| u.groups.clone())), set(move |d, v| if let Some(u) = d.iam.users.get_mut(j) { u.groups = v })))}
                                        {check_field(format!("/iam/users/{j}/access_key"), "Long-lived access key (in SSM)", (get(move |d| d.iam.users.get(j).map(|u| u.access_key)), set(move |d, v| if let Some(u) = d.iam.users.get_mut(j) { u.access_key = v })))}
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
