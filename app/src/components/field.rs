//! Labelled form controls bound to one field of the design.
//!
//! Each control is bound to a typed [`Field`] of core (`core::fields`), which carries the field's
//! JSON Pointer with its getter and setter, so a control cannot show one field's diagnostics and
//! edit another: its `id` is [`field_id`] of the pointer (so a diagnostic can focus it), it shows
//! that pointer's diagnostic inline (`aria-invalid`, `aria-describedby`), and its edits coalesce
//! into one undo step per field. Adding a setting to the inspector is one call here:
//! `number(field!(fields::api(i), cpu), "CPU", "units", &catalog::CONTAINER_CPU)`.
//!
//! The old path — a pointer string with a separate getter and setter (`text_field`,
//! `number_field`…, [`Bind`] and its binders `service`, `api`…) — still compiles for sections
//! written before the typed fields; convert them to the typed calls.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use tfdesign_core::catalog::Bound;
use tfdesign_core::fields::Field;
use tfdesign_core::{
    design::{
        Container, Database, LambdaFunction, Queue, Schedule, Service, ServiceSecurity, Tier,
        TierSecurity, Worker,
    },
    Design, Severity,
};

use crate::state::{field_id, use_design_state};

/// Reads a field's value from the design (`None` when its owner is gone).
pub type Getter<T> = Arc<dyn Fn(&Design) -> Option<T> + Send + Sync>;
/// Writes a field's value into the design.
pub type Setter<T> = Arc<dyn Fn(&mut Design, T) + Send + Sync>;

/// A field's getter and setter (old path: a typed [`Field`] carries them with its pointer).
pub type Bind<T> = (Getter<T>, Setter<T>);

/// A getter from a closure.
pub fn get<T>(f: impl Fn(&Design) -> Option<T> + Send + Sync + 'static) -> Getter<T> {
    Arc::new(f)
}

/// A setter from a closure.
pub fn set<T>(f: impl Fn(&mut Design, T) + Send + Sync + 'static) -> Setter<T> {
    Arc::new(f)
}

/// The label, the control and the inline diagnostic of the field at `pointer`.
pub fn shell(
    pointer: &str,
    label: String,
    class: &'static str,
    control: impl Fn(String, Signal<Option<String>>, Signal<bool>) -> AnyView,
) -> AnyView {
    shell_of(pointer, label, class, false, control)
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

/// The pointer and the getter and setter of a typed field.
fn bind<T: 'static>(field: Field<T>) -> (String, Bind<T>) {
    let read = field.clone();
    (
        field.pointer().to_owned(),
        (
            Arc::new(move |d| read.get(d)),
            Arc::new(move |d, v| field.set(d, v)),
        ),
    )
}

/// A text input bound to `field`.
pub fn text(field: Field<String>, label: impl Into<String>) -> AnyView {
    let (pointer, bind) = self::bind(field);
    text_input(pointer, label.into(), false, bind)
}

/// A whole-number input bound to `field`, with a unit, bounded by the catalog's bound of it.
pub fn number(
    field: Field<u32>,
    label: impl Into<String>,
    unit: &'static str,
    bound: &'static Bound,
) -> AnyView {
    let (pointer, bind) = self::bind(field);
    number_field(pointer, label, unit, bound, bind)
}

/// A select over `options` bound to `field`; a current value outside them is offered too.
pub fn select(
    field: Field<String>,
    label: impl Into<String>,
    options: &'static [&'static str],
) -> AnyView {
    let (pointer, bind) = self::bind(field);
    select_field(pointer, label, options, bind)
}

/// A select bound to `field` whose options follow the design, like [`choice_field`].
pub fn choice(
    field: Field<String>,
    label: impl Into<String>,
    options: impl Fn(&Design) -> Vec<String> + Send + Sync + 'static,
    none: Option<&'static str>,
) -> AnyView {
    let (pointer, bind) = self::bind(field);
    choice_field(pointer, label, options, none, bind)
}

/// A checkbox bound to `field`.
pub fn check(field: Field<bool>, label: impl Into<String>) -> AnyView {
    let (pointer, bind) = self::bind(field);
    check_field(pointer, label, bind)
}

/// A comma-separated list bound to `field`; the diagnostics of its items show under it.
pub fn list(field: Field<Vec<String>>, label: impl Into<String>) -> AnyView {
    let (pointer, bind) = self::bind(field);
    list_field(pointer, label, bind)
}

// The old path: a pointer with a separate getter and setter. Nothing ties them together, so
// prefer the typed calls above; these stay for sections not converted yet.

/// A text input (old path: prefer [`text`]).
pub fn text_field(pointer: String, label: impl Into<String>, bind: Bind<String>) -> AnyView {
    text_input(pointer, label.into(), false, bind)
}

/// A text input; `items` also shows the diagnostics of the value's items.
fn text_input(pointer: String, label: String, items: bool, (get, set): Bind<String>) -> AnyView {
    let state = use_design_state();
    let value = Memo::new(move |_| state.design.with(|d| get(d)).unwrap_or_default());
    let key = pointer.clone();
    shell_of(&pointer, label, "", items, move |id, described, invalid| {
        let set = set.clone();
        let key = key.clone();
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
                    let set = set.clone();
                    state.edit(Some(&key), move |d| set(d, text));
                }
            />
        }
        .into_any()
    })
}

/// A whole-number input with a unit, bounded by the catalog's bound of its field (old path:
/// prefer [`number`]).
pub fn number_field(
    pointer: String,
    label: impl Into<String>,
    unit: &'static str,
    bound: &'static Bound,
    (get, set): Bind<u32>,
) -> AnyView {
    let state = use_design_state();
    let value = Memo::new(move |_| state.design.with(|d| get(d)).unwrap_or_default());
    let key = pointer.clone();
    shell(
        &pointer,
        label.into(),
        "number",
        move |id, described, invalid| {
            let set = set.clone();
            let key = key.clone();
            let unit_id = format!("{id}-unit");
            let unit_id2 = unit_id.clone();
            view! {
                <span class="with-unit">
                    <input
                        id=id
                        type="number"
                        inputmode="numeric"
                        min=bound.min
                        max=bound.max
                        step="1"
                        prop:value=move || value.get().to_string()
                        aria-describedby=move || {
                            match described.get() {
                                Some(msg) => format!("{unit_id} {msg}"),
                                None => unit_id.clone(),
                            }
                        }
                        aria-invalid=move || invalid.get().then_some("true")
                        on:input=move |ev| {
                            if let Ok(number) = event_target_value(&ev).trim().parse::<u32>() {
                                let set = set.clone();
                                state.edit(Some(&key), move |d| set(d, number));
                            }
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

/// A select over `options`; a current value outside them is offered too (old path: prefer
/// [`select`]).
pub fn select_field(
    pointer: String,
    label: impl Into<String>,
    options: &'static [&'static str],
    bind: Bind<String>,
) -> AnyView {
    choice_field(
        pointer,
        label,
        move |_| options.iter().map(|o| (*o).to_owned()).collect(),
        None,
        bind,
    )
}

/// A select whose options follow the design (a service's queues, its functions…). With `none`,
/// an empty value is offered under that label (an optional field). A current value outside the
/// options is offered too, so a select never hides what the design holds; the design rules
/// report it if it is wrong. (Old path: prefer [`choice`].)
pub fn choice_field(
    pointer: String,
    label: impl Into<String>,
    options: impl Fn(&Design) -> Vec<String> + Send + Sync + 'static,
    none: Option<&'static str>,
    (get, set): Bind<String>,
) -> AnyView {
    let state = use_design_state();
    let value = Memo::new(move |_| state.design.with(|d| get(d)).unwrap_or_default());
    let options = Memo::new(move |_| state.design.with(|d| options(d)));
    shell(&pointer, label.into(), "", move |id, described, invalid| {
        let set = set.clone();
        view! {
            <select
                id=id
                aria-describedby=described
                aria-invalid=move || invalid.get().then_some("true")
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    let set = set.clone();
                    state.edit(None, move |d| set(d, text));
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
    })
}

/// A checkbox. Each click is its own undo step, and the whole bundle follows right after the
/// paint (no pause to wait for, unlike typing). (Old path: prefer [`check`].)
pub fn check_field(pointer: String, label: impl Into<String>, (get, set): Bind<bool>) -> AnyView {
    let state = use_design_state();
    let value = Memo::new(move |_| state.design.with(|d| get(d)).unwrap_or_default());
    shell(
        &pointer,
        label.into(),
        "check",
        move |id, described, invalid| {
            let set = set.clone();
            view! {
                <input
                    id=id
                    type="checkbox"
                    prop:checked=move || value.get()
                    aria-describedby=described
                    aria-invalid=move || invalid.get().then_some("true")
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let set = set.clone();
                        state.edit(None, move |d| set(d, on));
                    }
                />
            }
            .into_any()
        },
    )
}

/// A comma-separated list of strings in one text input; the diagnostics of its items show
/// under it. (Old path: prefer [`list`].)
pub fn list_field(
    pointer: String,
    label: impl Into<String>,
    (get, set): Bind<Vec<String>>,
) -> AnyView {
    text_input(
        pointer,
        format!("{} (comma-separated)", label.into()),
        true,
        (
            Arc::new(move |d| get(d).map(|items| items.join(", "))),
            Arc::new(move |d, text: String| {
                let items = text
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                set(d, items)
            }),
        ),
    )
}

/// Binds a field of service `i`.
pub fn service<T: 'static>(i: usize, g: fn(&Service) -> T, s: fn(&mut Service, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i).map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of the API of service `i`.
pub fn api<T: 'static>(i: usize, g: fn(&Container) -> T, s: fn(&mut Container, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.api.as_ref().map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.api.as_mut()) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of the worker of service `i`.
pub fn worker<T: 'static>(i: usize, g: fn(&Worker) -> T, s: fn(&mut Worker, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.worker.as_ref().map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.worker.as_mut()) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of the database of service `i`.
pub fn database<T: 'static>(i: usize, g: fn(&Database) -> T, s: fn(&mut Database, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.database.as_ref().map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.database.as_mut()) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of Lambda `j` of service `i`.
pub fn lambda<T: 'static>(
    i: usize,
    j: usize,
    g: fn(&LambdaFunction) -> T,
    s: fn(&mut LambdaFunction, T),
) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.lambdas.get(j).map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.lambdas.get_mut(j)) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of queue `j` of service `i`.
pub fn queue<T: 'static>(i: usize, j: usize, g: fn(&Queue) -> T, s: fn(&mut Queue, T)) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.queues.get(j).map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.queues.get_mut(j)) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of schedule `j` of service `i`.
pub fn schedule<T: 'static>(
    i: usize,
    j: usize,
    g: fn(&Schedule) -> T,
    s: fn(&mut Schedule, T),
) -> Bind<T> {
    (
        get(move |d| d.services.get(i)?.schedules.get(j).map(g)),
        set(move |d, v| {
            if let Some(x) = d.services.get_mut(i).and_then(|x| x.schedules.get_mut(j)) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of tier `i`.
pub fn tier<T: 'static>(i: usize, g: fn(&Tier) -> T, s: fn(&mut Tier, T)) -> Bind<T> {
    (
        get(move |d| d.tiers.get(i).map(g)),
        set(move |d, v| {
            if let Some(x) = d.tiers.get_mut(i) {
                s(x, v)
            }
        }),
    )
}

/// Binds a field of the whole design.
pub fn design<T: 'static>(g: fn(&Design) -> T, s: fn(&mut Design, T)) -> Bind<T> {
    (get(move |d| Some(g(d))), set(s))
}

/// Binds a field of an entry of a map keyed by a name (`security.tiers.<tier>`…): `name` finds
/// the key, `read` the entry (its defaults when missing), `map` the map to write. An entry set
/// back to the defaults is removed, so the design file stays short.
fn keyed_entry<S: Default + PartialEq + 'static, T: 'static>(
    name: impl Fn(&Design) -> Option<String> + Send + Sync + Clone + 'static,
    read: fn(&Design, &str) -> S,
    map: fn(&mut Design) -> &mut BTreeMap<String, S>,
    g: fn(&S) -> T,
    s: fn(&mut S, T),
) -> Bind<T> {
    let key = name.clone();
    (
        get(move |d| key(d).map(|n| g(&read(d, &n)))),
        set(move |d, v| {
            let Some(n) = name(d) else { return };
            let entry = map(d).entry(n.clone()).or_default();
            s(entry, v);
            if *entry == S::default() {
                map(d).remove(&n);
            }
        }),
    )
}

/// Binds a security setting of tier `i` (`security.tiers.<name>`); a missing entry reads as the
/// secure defaults.
pub fn tier_security<T: 'static>(
    i: usize,
    g: fn(&TierSecurity) -> T,
    s: fn(&mut TierSecurity, T),
) -> Bind<T> {
    keyed_entry(
        move |d| d.tiers.get(i).map(|t| t.name.clone()),
        |d, n| d.security.tier(n),
        |d| &mut d.security.tiers,
        g,
        s,
    )
}

/// Binds a security setting of service `i` (`security.services.<name>`), like
/// [`tier_security`].
pub fn service_security<T: 'static>(
    i: usize,
    g: fn(&ServiceSecurity) -> T,
    s: fn(&mut ServiceSecurity, T),
) -> Bind<T> {
    keyed_entry(
        move |d| d.services.get(i).map(|x| x.name.clone()),
        |d, n| d.security.service(n),
        |d| &mut d.security.services,
        g,
        s,
    )
}

/// An optional text setting: empty (or blank) means none.
pub use tfdesign_core::fields::optional;
