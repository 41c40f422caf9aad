use leptos::prelude::*;

use crate::state::use_design_state;

/// The latest message: an alert for what went wrong, a status for what went right.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_design_state();
    view! {
        {move || {
            state.notice.get().map(|notice| {
                let (role, class) = if notice.error { ("alert", "banner error") } else { ("status", "banner info") };
                view! {
                    <div role=role class=class data-testid="notice">
                        <span>{notice.text}</span>
                        <button type="button" class="small" on:click=move |_| state.notice.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                }
            })
        }}
    }
}
