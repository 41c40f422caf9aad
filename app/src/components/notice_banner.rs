use leptos::prelude::*;

use crate::state::{use_design_state, Notice};

/// The latest message: an alert for what went wrong, a status for what went right, and a
/// toast with an Undo button for what replaced or removed work.
///
/// The two live regions (`alert` and `status`) are on the page from the start and only their
/// content changes, so screen readers announce each message (a live region inserted together
/// with its text is often not announced).
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_design_state();
    let show = move |error: bool| {
        move || {
            state
                .notice
                .get()
                .filter(|notice| notice.error == error)
                .map(|notice| message(state, notice))
        }
    };
    view! {
        <div class="notices">
            <div role="alert" data-testid="alerts">{show(true)}</div>
            <div role="status" data-testid="statuses">{show(false)}</div>
        </div>
    }
}

/// One message, in a banner or (when it offers undo) a toast.
fn message(state: crate::state::DesignState, notice: Notice) -> AnyView {
    if notice.undo {
        return view! {
            <div class="toast" data-testid="undo-toast">
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
                <button type="button" class="small" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>
                    "Dismiss"
                </button>
            </div>
        }
        .into_any();
    }
    let class = if notice.error {
        "banner error"
    } else {
        "banner info"
    };
    view! {
        <div class=class data-testid="notice">
            <span>{notice.text}</span>
            <button type="button" class="small" on:click=move |_| state.notice.set(None)>
                "Dismiss"
            </button>
        </div>
    }
    .into_any()
}
