//! Labelled form controls bound to one field of the design.
//!
//! Each control is bound to a typed [`Field`] of core (`core::fields`), which carries the field's
//! JSON Pointer with its getter and setter, so a control cannot show one field's diagnostics and
//! edit another: its `id` is [`field_id`] of the pointer (so a diagnostic can focus it), it shows
//! that pointer's diagnostic inline (`aria-invalid`, `aria-describedby`), and its edits coalesce
//! into one undo step per field. Adding a setting to the inspector is one call here:
//! `number(field!(fields::api(i), cpu), "CPU", "units", &catalog::CONTAINER_CPU)`. A control
//! of its own making (the capacity section's) starts from [`shell`] with its typed field.

use leptos::prelude::*;
use tfdesign_core::catalog::Bound;
use tfdesign_core::fields::Field;
use tfdesign_core::{Design, Severity};

use crate::state::{field_id, use_design_state};

/// The label, the control and the inline diagnostic of `field`, for a control of its own
/// making: `control` gets the control's id, its `aria-describedby` and whether it is invalid.
pub fn shell<T: 'static>(
    field: &Field<T>,
    label: String,
    class: &'static str,
    control: impl Fn(String, Signal<Option<String>>, Signal<bool>) -> AnyView,
) -> AnyView {
    shell_of(field.pointer(), label, class, false, control)
}

/// [`shell`], where `items` also shows the diagnostics of the value's items (`pointer/<n>`).
fn shell_of(
    pointer: &str,
    label: String,
    class: &'static str,
    items: bool,
    control: impl Fn(String, Signal<Option<String>>, Signal<bool>) -> AnyView,
) -> AnyView {
    let state = use_design_state();
    let id = field_id(pointer);
    let error_id = format!("{id}-msg");
    let diagnostic = {
        let pointer = pointer.to_owned();
        Memo::new(move |_| {
            if items {
                state.diagnostic_within(&pointer)
            } else {
                state.diagnostic_at(&pointer)
            }
        })
    };
    let described = {
        let error_id = error_id.clone();
        Signal::derive(move || diagnostic.with(|d| d.as_ref().map(|_| error_id.clone())))
    };
    let invalid = Signal::derive(move || {
        diagnostic.with(|d| d.as_ref().is_some_and(|d| d.severity == Severity::Error))
    });
    view! {
        <div class=format!("field {class}")>
            <label for=id.clone()>{label}</label>
            {control(id.clone(), described, invalid)}
            {move || {
                diagnostic
                    .get()
                    .map(|d| {
                        let class = match d.severity {
                            Severity::Error => "field-msg error",
                            Severity::Warning => "field-msg warning",
                        };
                        let level = match d.severity {
                            Severity::Error => "Error: ",
                            Severity::Warning => "Warning: ",
                        };
                        view! {
                            <p id=error_id.clone() class=class>
                                <strong>{level}</strong>
                                {d.message}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// The value of `field` in the design on screen, reactively (its default when its owner is gone).
fn value_of<T: Clone + Default + PartialEq + Send + Sync + 'static>(field: &Field<T>) -> Memo<T> {
    let state = use_design_state();
    let field = field.clone();
    Memo::new(move |_| state.design.with(|d| field.get(d)).unwrap_or_default())
}

/// A text input bound to `field`.
pub fn text(field: Field<String>, label: impl Into<String>) -> AnyView {
    text_input(field, label.into(), false)
}

/// A text input; `items` also shows the diagnostics of the value's items (`pointer/<n>`).
fn text_input(field: Field<String>, label: String, items: bool) -> AnyView {
    let state = use_design_state();
    let value = value_of(&field);
    let pointer = field.pointer().to_owned();
    shell_of(&pointer, label, "", items, move |id, described, invalid| {
        let field = field.clone();
        view! {
            <input
                id=id
                type="text"
                spellcheck="false"
                autocomplete="off"
                prop:value=move || value.get()
                aria-describedby=described
                aria-invalid=move || invalid.get().then_some("true")
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    state.edit(Some(field.pointer()), |d| field.set(d, text));
                }
            />
        }
        .into_any()
    })
}

/// A whole-number input bound to `field`, with a unit, bounded by the catalog's bound of it.
pub fn number(
    field: Field<u32>,
    label: impl Into<String>,
    unit: &'static str,
    bound: &'static Bound,
) -> AnyView {
    let value = value_of(&field);
    number_input(
        field.map(Some, Option::unwrap_or_default),
        label.into(),
        unit,
        (bound.min.into(), bound.max.into()),
        Signal::derive(move || Some(value.get().to_string())),
        None,
    )
}

/// A whole-number input bound to `field`, where empty means not set: the placeholder shows
/// what an unset field gets (from the level below); `max` bounds it.
pub fn optional_number(
    field: Field<Option<u64>>,
    label: impl Into<String>,
    unit: &'static str,
    max: u64,
    placeholder: Signal<String>,
) -> AnyView {
    let value = value_of(&field);
    number_input(
        field,
        label.into(),
        unit,
        (0, max),
        Signal::derive(move || Some(value.get().map(|n| n.to_string()).unwrap_or_default())),
        Some(placeholder),
    )
}

/// A whole-number input with a unit within `(min, max)`; an empty input sets `None` where
/// there is a placeholder (an optional field), and half-typed text leaves the design alone.
fn number_input<N: Copy + std::str::FromStr + Send + Sync + 'static>(
    field: Field<Option<N>>,
    label: String,
    unit: &'static str,
    (min, max): (u64, u64),
    value: Signal<Option<String>>,
    placeholder: Option<Signal<String>>,
) -> AnyView {
    let state = use_design_state();
    let pointer = field.pointer().to_owned();
    let optional = placeholder.is_some();
    shell_of(
        &pointer,
        label,
        "number",
        false,
        move |id, described, invalid| {
            let field = field.clone();
            let unit_id = format!("{id}-unit");
            let unit_id2 = unit_id.clone();
            view! {
                <span class="with-unit">
                    <input
                        id=id
                        type="number"
                        inputmode="numeric"
                        min=min
                        max=max
                        step="1"
                        placeholder=move || placeholder.map(|p| p.get())
                        prop:value=move || value.get().unwrap_or_default()
                        aria-describedby=move || {
                            match described.get() {
                                Some(msg) => format!("{unit_id} {msg}"),
                                None => unit_id.clone(),
                            }
                        }
                        aria-invalid=move || invalid.get().then_some("true")
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            let text = text.trim();
                            let number = match text.parse::<N>() {
                                Ok(n) => Some(n),
                                Err(_) if optional && text.is_empty() => None,
                                // Half-typed or not a whole number: leave the design alone.
                                Err(_) => return,
                            };
                            state.edit(Some(field.pointer()), |d| field.set(d, number));
                        }
                    />
                    <span class="unit" id=unit_id2>
                        {unit}
                    </span>
                </span>
            }
            .into_any()
        },
    )
}

/// A select over `options` bound to `field`; a current value outside them is offered too.
pub fn select(
    field: Field<String>,
    label: impl Into<String>,
    options: &'static [&'static str],
) -> AnyView {
    choice(
        field,
        label,
        move |_| options.iter().map(|o| (*o).to_owned()).collect(),
        None,
    )
}

/// A select bound to `field` whose options follow the design (a service's queues, its
/// functions…). With `none`, an empty value is offered under that label (an optional field).
/// A current value outside the options is offered too, so a select never hides what the design
/// holds; the design rules report it if it is wrong.
pub fn choice(
    field: Field<String>,
    label: impl Into<String>,
    options: impl Fn(&Design) -> Vec<String> + Send + Sync + 'static,
    none: Option<&'static str>,
) -> AnyView {
    let state = use_design_state();
    let value = value_of(&field);
    let options = Memo::new(move |_| state.design.with(|d| options(d)));
    shell(
        &field.clone(),
        label.into(),
        "",
        move |id, described, invalid| {
            let field = field.clone();
            view! {
                <select
                    id=id
                    aria-describedby=described
                    aria-invalid=move || invalid.get().then_some("true")
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        state.edit(None, |d| field.set(d, text));
                    }
                >
                    {move || {
                        let current = value.get();
                        let mut all: Vec<(String, String)> =
                            options.get().into_iter().map(|o| (o.clone(), o)).collect();
                        if let Some(label) = none {
                            all.insert(0, (String::new(), label.to_owned()));
                        }
                        if !all.iter().any(|(v, _)| *v == current) {
                            all.insert(0, (current.clone(), current.clone()));
                        }
                        all.into_iter()
                            .map(|(option, text)| {
                                let selected = option == current;
                                view! {
                                    <option value=option selected=selected>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            }
            .into_any()
        },
    )
}

/// A checkbox bound to `field`. Each click is its own undo step, and the whole bundle follows
/// right after the paint (no pause to wait for, unlike typing).
pub fn check(field: Field<bool>, label: impl Into<String>) -> AnyView {
    let state = use_design_state();
    let value = value_of(&field);
    shell(
        &field.clone(),
        label.into(),
        "check",
        move |id, described, invalid| {
            let field = field.clone();
            view! {
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || value.get()
                    aria-describedby=described
                    aria-invalid=move || invalid.get().then_some("true")
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.edit(None, |d| field.set(d, on));
                    }
                />
            }
            .into_any()
        },
    )
}

/// A comma-separated list of strings in one text input bound to `field`; the diagnostics of
/// its items show under it.
pub fn list(field: Field<Vec<String>>, label: impl Into<String>) -> AnyView {
    let field = field.map(
        |items| items.join(", "),
        |text: String| {
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        },
    );
    text_input(field, format!("{} (comma-separated)", label.into()), true)
}

/// An optional text setting: empty (or blank) means none.
pub use tfdesign_core::fields::optional;
