use leptos::prelude::*;
use tfdesign_core::{design::RegionRole, edit};

use super::field::{get, set, text_field};
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

    view! {
        <div class="inspector-body" data-testid="region-inspector">
            <div class="inspector-title">
                <h3>"Region"</h3>
                <div class="actions">
                    <button
                        type="button"
                        on:click=move |_| {
                            let mut copy = None;
                            state.edit(None, |d| copy = edit::duplicate_region(d, i));
                            match copy {
                                Some(c) => state.selection.set(Selection::Region(c)),
                                None => state.tell(true, "Every region tfdesign knows is already in the design."),
                            }
                        }
                    >
                        "Duplicate"
                    </button>
                    <button
                        type="button"
                        class="danger"
                        on:click=move |_| {
                            state.selection.set(Selection::Project);
                            state.edit(None, |d| edit::remove_region(d, i));
                        }
                    >
                        "Remove region"
                    </button>
                </div>
            </div>
            {text_field(
                format!("/regions/{i}/name"),
                "AWS region code",
                (get(move |d| d.regions.get(i).map(|r| r.name.clone())), set(move |d, v: String| edit::rename_region(d, i, &v))),
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
                    let n1 = name.clone();
                    let n2 = name.clone();
                    view! {
                        <fieldset>
                            <legend>"Terraform state backend"</legend>
                            <div class="grid">
                                {text_field(
                                    format!("/backend/regions/{name}/bucket"),
                                    "State bucket",
                                    (
                                        get(move |d| Some(d.backend.regions.get(&n1).map(|b| b.bucket.clone()).unwrap_or_default())),
                                        set(move |d, v: String| if let Some(b) = d.backend.regions.get_mut(&n2) { b.bucket = v }),
                                    ),
                                )}
                            </div>
                        </fieldset>
                    }
                })
            }}
        </div>
    }
}
