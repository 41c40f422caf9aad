use leptos::{prelude::*, wasm_bindgen::JsCast};

use crate::browser;

/// The size of a resizable pane: a share of its container's width in per cent, within bounds,
/// remembered in local storage under a key.
#[derive(Clone, Copy)]
pub struct PaneSize {
    /// The share now (per cent).
    pub share: RwSignal<f64>,
    /// The smallest share.
    pub min: f64,
    /// The largest share.
    pub max: f64,
    key: &'static str,
}

impl PaneSize {
    /// The share remembered under `key`, else `default`; kept within `min..=max`.
    pub fn remembered(key: &'static str, default: f64, min: f64, max: f64) -> Self {
        let share = browser::remembered(key)
            .filter(|v| v.is_finite())
            .unwrap_or(default)
            .clamp(min, max);
        Self {
            share: RwSignal::new(share),
            min,
            max,
            key,
        }
    }

    /// Sets the share (within bounds) and remembers it.
    pub fn set(self, share: f64) {
        let share = share.clamp(self.min, self.max);
        self.share.set(share);
        browser::remember(self.key, share);
    }
}

/// A vertical separator between two panes side by side (`role="separator"`): dragging it with
/// the pointer or pressing Left/Right (Shift: by 10), Home or End sets the share of the pane
/// before it, as a per cent of the separator's parent's width.
#[component]
pub fn Splitter(
    /// The share it sets.
    size: PaneSize,
    /// What the separator resizes, e.g. "Resize the file tree".
    label: &'static str,
    /// The id of the pane before the separator.
    controls: &'static str,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let share_at = move |ev: &leptos::ev::PointerEvent| {
        let parent = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.parent_element())?;
        let rect = parent.get_bounding_client_rect();
        (rect.width() > 0.0)
            .then(|| (f64::from(ev.client_x()) - rect.left()) / rect.width() * 100.0)
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        if let Some(target) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = target.set_pointer_capture(ev.pointer_id());
        }
        dragging.set(true);
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if dragging.get_untracked() {
            if let Some(share) = share_at(&ev) {
                size.share.set(share.clamp(size.min, size.max));
            }
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| {
        if dragging.get_untracked() {
            dragging.set(false);
            size.set(size.share.get_untracked());
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let by = if ev.shift_key() { 10.0 } else { 2.0 };
        let now = size.share.get_untracked();
        let to = match ev.key().as_str() {
            "ArrowLeft" => now - by,
            "ArrowRight" => now + by,
            "Home" => size.min,
            "End" => size.max,
            _ => return,
        };
        ev.prevent_default();
        size.set(to);
    };
    view! {
        <div
            class="splitter"
            class:dragging=move || dragging.get()
            role="separator"
            tabindex="0"
            aria-orientation="vertical"
            aria-label=label
            aria-controls=controls
            aria-valuemin=size.min.to_string()
            aria-valuemax=size.max.to_string()
            aria-valuenow=move || size.share.get().round().to_string()
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointercancel=on_up
            on:keydown=on_key
        ></div>
    }
}
