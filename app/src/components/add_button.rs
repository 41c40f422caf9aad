//! The "+ X" button of an inspector section that adds a building block to a service: disabled,
//! with core's reason beside it (`edit::why_not_add`), while the service cannot take the block.

use leptos::prelude::*;
use tfdesign_core::edit::{self, Block};

use crate::state::use_design_state;

/// A button showing `text` that adds `block` (with its defaults) to service `index`.
pub fn add_button(index: usize, block: Block, text: &'static str) -> impl IntoView {
    let state = use_design_state();
    let why = Memo::new(move |_| state.design.with(|d| edit::why_not_add(d, index, block)));
    let id = format!("why-not-add-{index}-{}", block.kind().field());
    view! {
        <span class="add-block">
            <button
                type="button"
                aria-label=format!("Add {}", block.a())
                aria-describedby=id.clone()
                disabled=move || why.with(Option::is_some)
                on:click=move |_| state.edit(None, |d| {
                    edit::add_block(d, index, block);
                })
            >
                {text}
            </button>
            <span class="hint" id=id>{move || why.get().map(|w| format!("Not now: {w}."))}</span>
        </span>
    }
}
