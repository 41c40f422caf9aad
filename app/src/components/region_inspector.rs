use leptos::prelude::*;
use tfdesign_core::{catalog, design::RegionRole, edit, fields};

use super::field::{choice, text};
use super::inspector_title::InspectorTitle;
use crate::state::{use_design_state, Selection};

/// Region `index`: its name, its role (primary or DR), its state backend.
#[component]
pub fn RegionInspector(
    /// Index of the region in the design.
    index: usize,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    let region = Memo::new(move |_| {
        state.design.with(|d| {
            d.regions
                .get(i)
                .map(|r| (r.name.clone(), r.role == RegionRole::Dr))
        })
    });
    let role_id = format!("f-regions-{i}-role");
    // Every tier, and whether it deploys to this region.
    let tiers = Memo::new(move |_| {
        state.design.with(|d| {
            let Some(region) = d.regions.get(i) else {
                return Vec::new();
            };
            d.tiers
                .iter()
                .map(|t| (t.name.clone(), t.regions.contains(&region.name)))
                .collect::<Vec<_>>()
        })
    });
    let deployed = Memo::new(move |_| tiers.with(|all| all.iter().any(|(_, on)| *on)));

    view! {
        <div class="inspector-body" data-testid="region-inspector">
            <InspectorTitle
                heading="Region"
                noun="region"
                index=i
                name=|d, i| d.regions.get(i).map(|r| r.name.clone())
                duplicate=edit::duplicate_region
                remove=edit::remove_region
                select=Selection::Region
                no_copy="Every region tfdesign knows is already in the design."
            />
            <fieldset data-testid="region-tiers">
                <legend>"Tiers that deploy here"</legend>
                <Show when=move || !deployed.get()>
                    <p class="callout" role="status" data-testid="region-undeployed">
                        {move || {
                            let name = region.get().map(|(n, _)| n).unwrap_or_default();
                            if tiers.with(Vec::is_empty) {
                                "The design has no tier yet: add one with “+ Tier”, then tick it here.".to_owned()
                            } else {
                                format!(
                                    "No tier deploys to {name} yet, so the matrix has no column for it: tick the tiers that deploy here."
                                )
                            }
                        }}
                    </p>
                </Show>
                <div
                    class="grid"
                    id=format!("f-regions-{i}-tiers")
                    tabindex="-1"
                    role="group"
                    aria-label=move || format!("Tiers that deploy to {}", region.get().map(|(n, _)| n).unwrap_or_default())
                >
                    {move || {
                        tiers
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(t, (tier_name, on))| {
                                let id = format!("region-{i}-tier-{t}");
                                view! {
                                    <div class="field check">
                                        <label for=id.clone()>{tier_name}</label>
                                        <input
                                            id=id
                                            type="checkbox"
                                            prop:checked=on
                                            on:change=move |ev| {
                                                let want = event_target_checked(&ev);
                                                let Some((name, _)) = region.get_untracked() else { return };
                                                state.edit(None, |d| edit::set_tier_region(d, t, &name, want));
                                            }
                                        />
                                    </div>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            // Chosen from the regions tfdesign knows that the design does not use yet (a
            // typed code could be any text).
            {choice(
                fields::region_name(i),
                "AWS region",
                move |d| {
                    catalog::REGIONS
                        .iter()
                        .filter(|code| !d.regions.iter().enumerate().any(|(j, r)| j != i && r.name == **code))
                        .map(|code| (*code).to_owned())
                        .collect()
                },
                None,
            )}
            <div class="field">
                <label for=role_id.clone()>"Role"</label>
                <select
                    id=role_id
                    on:change=move |ev| {
                        let Some((name, _)) = region.get_untracked() else { return };
                        let dr = event_target_value(&ev) == "dr";
                        state.edit(None, |d| {
                            if dr { edit::set_dr_region(d, &name) } else { edit::set_primary_region(d, &name) }
                        });
                    }
                >
                    <option value="primary" selected=move || region.get().is_some_and(|(_, dr)| !dr)>
                        "Primary"
                    </option>
                    <option value="dr" selected=move || region.get().is_some_and(|(_, dr)| dr)>
                        "Disaster recovery (DR)"
                    </option>
                </select>
            </div>
            {move || {
                region.get().map(|(name, _)| {
                    view! {
                        <fieldset>
                            <legend>"Terraform state backend"</legend>
                            <div class="grid">
                                {text(fields::state_bucket(&name), "State bucket")}
                            </div>
                        </fieldset>
                    }
                })
            }}
        </div>
    }
}
