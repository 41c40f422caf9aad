//! The title bar of the service, tier and region inspectors: the heading and the Duplicate and
//! Remove buttons, written once.

use leptos::prelude::*;
use tfdesign_core::Design;

use crate::state::{use_design_state, Selection};

/// The heading of the inspector of item `index` of one of the design's lists, with Duplicate
/// (which selects the copy) and "Remove <noun>" (which selects the project and offers Undo).
#[component]
pub fn InspectorTitle(
    /// The heading ("Service").
    heading: &'static str,
    /// What an item is, in the remove button and the Undo toast ("service").
    noun: &'static str,
    /// Index of the item in its list.
    index: usize,
    /// The item's name, for the Undo toast.
    name: fn(&Design, usize) -> Option<String>,
    /// Copies the item; the copy's index, or `None` when no copy can be made.
    duplicate: fn(&mut Design, usize) -> Option<usize>,
    /// Removes the item.
    remove: fn(&mut Design, usize),
    /// The selection of an item of the list.
    select: fn(usize) -> Selection,
    /// Said when no copy can be made (nothing is said without it).
    #[prop(optional)]
    no_copy: Option<&'static str>,
) -> impl IntoView {
    let state = use_design_state();
    let i = index;
    view! {
        <div class="inspector-title">
            <h3>{heading}</h3>
            <div class="actions">
                <button
                    type="button"
                    on:click=move |_| {
                        let mut copy = None;
                        state.edit(None, |d| copy = duplicate(d, i));
                        match (copy, no_copy) {
                            (Some(c), _) => state.selection.set(select(c)),
                            (None, Some(why)) => state.tell(true, why),
                            (None, None) => {}
                        }
                    }
                >
                    "Duplicate"
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        let name = state.design.with_untracked(|d| name(d, i)).unwrap_or_default();
                        state.selection.set(Selection::Project);
                        state.remove(&format!("{noun} {name}"), |d| remove(d, i));
                    }
                >
                    {format!("Remove {noun}")}
                </button>
            </div>
        </div>
    }
}
