use leptos::prelude::*;

use crate::state::use_design_state;

/// The latest message: an alert for what went wrong, a status for what went right, and a
/// toast with an Undo button for what replaced or removed work.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_design_state();
    view! {
        {move || {
            state.notice.get().map(|notice| {
                if notice.undo {
                    return view! {
                        <div role="status" class="toast" data-testid="undo-toast">
                            <span>{notice.text}</span>
                            <button
                                type="button"
                                class="primary small"
                                on:click=move |_| {
                                    state.undo();
                                    state.notice.set(None);
                                }
                            >
                                "Undo"
                            </button>
                            <button
                                type="button"
                                class="small"
                                aria-label="Dismiss"
                                on:click=move |_| state.notice.set(None)
                            >
                                "Dismiss"
                            </button>
                        </div>
                    }
                    .into_any();
                }
                let (role, class) = if notice.error { ("alert", "banner error") } else { ("status", "banner info") };
                view! {
                    <div role=role class=class data-testid="notice">
                        <span>{notice.text}</span>
                        <button type="button" class="small" on:click=move |_| state.notice.set(None)>
                            "Dismiss"
                        </button>
                    </div>
                }
                .into_any()
            })
        }}
    }
}
