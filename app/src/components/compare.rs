use leptos::{html, prelude::*, task::spawn_local};
use tfdesign_core::compare::{Change, FieldChange, FileChange};
use tfdesign_core::cost::Micros;
use tfdesign_core::{link, Design};

use crate::{
    actions, browser,
    generator::{self, design_json, Request, Response},
    state::use_design_state,
};

/// What changed from an earlier design to the open one, as the generator's worker compared
/// them (`tfdesign_core::session`, the same comparison as `tfdesign diff`).
#[derive(Clone)]
struct Comparison {
    /// Where the earlier design came from (a file name, or "the link").
    from: String,
    fields: Vec<FieldChange>,
    /// `None` when either design has errors (no bundle to compare).
    files: Option<Vec<FileChange>>,
    /// The monthly estimate's total, earlier and now; `None` when either design has errors.
    cost: Option<(Micros, Micros)>,
}

/// Where a comparison is.
#[derive(Clone)]
enum Outcome {
    /// Asked of the worker: the earlier design's origin.
    Waiting(String),
    /// The comparison, or why there is none.
    Done(Result<Comparison, String>),
}

/// The class of one unified-diff line, for its highlight.
fn line_class(line: &str) -> &'static str {
    if line.starts_with("+++") || line.starts_with("---") {
        "diff-file"
    } else if line.starts_with("@@") {
        "diff-hunk"
    } else if line.starts_with('+') {
        "diff-add"
    } else if line.starts_with('-') {
        "diff-del"
    } else {
        "diff-context"
    }
}

/// "Compare with…": opens an earlier design (design JSON, a bundle zip or a share link) and
/// shows what changed to the open one: the design fields, and the files added, removed and
/// changed, each with its unified diff highlighted, and the change of the monthly cost
/// estimate. The generator's worker compares (`Request::Compare`: core's `compare`, the same as
/// `tfdesign diff`) and reads a zip's design; nothing here replaces the design.
#[component]
pub fn CompareWith() -> impl IntoView {
    let state = use_design_state();
    let dialog = NodeRef::<html::Dialog>::new();
    let file_input = NodeRef::<html::Input>::new();
    let link_text = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Outcome>);
    // The comparison last asked for: an answer to an earlier one is dropped.
    let asked = StoredValue::new(0u64);

    // Asks the worker to compare `earlier` with the open design (generation and the file
    // diff run there; the page never links the generator).
    let show = move |from: String, earlier: Result<Design, String>| {
        let earlier = match earlier {
            Ok(d) => d,
            Err(message) => {
                asked.set_value(0);
                result.set(Some(Outcome::Done(Err(message))));
                return;
            }
        };
        result.set(Some(Outcome::Waiting(from.clone())));
        let current = state.design.with_untracked(design_json);
        let seq = generator::shared().ask(
            |seq| Request::Compare {
                seq,
                earlier: design_json(&earlier),
                current,
            },
            None,
            move |response, _| {
                let outcome = match response {
                    Response::Compare {
                        seq,
                        fields,
                        files,
                        cost,
                    } if seq == asked.get_value() => Ok(Comparison {
                        from,
                        fields,
                        files,
                        cost,
                    }),
                    Response::Refused {
                        seq: Some(seq),
                        message,
                    } if seq == asked.get_value() => Err(actions::because(
                        "The designs could not be compared",
                        message,
                    )),
                    _ => return,
                };
                result.set(Some(Outcome::Done(outcome)));
            },
        );
        asked.set_value(seq);
    };
    let open = move |_| {
        asked.set_value(0);
        result.set(None);
        link_text.set(String::new());
        if let Some(dialog) = dialog.get() {
            let _ = dialog.show_modal();
        }
    };
    let close = move |_| {
        if let Some(dialog) = dialog.get() {
            dialog.close();
        }
    };
    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            match browser::picked_file(&input).await {
                Some((name, bytes)) => {
                    actions::read_design(&bytes, move |earlier| show(name, earlier))
                }
                None => show(String::new(), Err("The file could not be read.".into())),
            }
            input.set_value("");
        });
    };
    let on_link = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = link_text.get_untracked();
        let earlier = link::decode(text.trim())
            .map_err(|e| actions::because("The link could not be read", e))
            .and_then(actions::within_limits);
        show("the link".into(), earlier);
    };

    view! {
        <button type="button" on:click=open>
            "Compare with…"
        </button>
        <dialog node_ref=dialog aria-labelledby="compare-title" class="dialog compare-dialog">
            <h2 id="compare-title">"Compare with an earlier design"</h2>
            <p>"Pick a design file or bundle zip, or paste a share link: the open design is compared with it."</p>
            <div class="field">
                <label for="compare-file">"Earlier design or bundle (.json, .zip)"</label>
                <input
                    id="compare-file"
                    type="file"
                    accept=".json,.zip,application/json,application/zip"
                    node_ref=file_input
                    on:change=on_file
                />
            </div>
            <form class="field" on:submit=on_link>
                <label for="compare-link">"Share link"</label>
                <input
                    id="compare-link"
                    type="text"
                    spellcheck="false"
                    prop:value=move || link_text.get()
                    on:input=move |ev| link_text.set(event_target_value(&ev))
                />
                <button type="submit">"Compare link"</button>
            </form>
            <div data-testid="compare-result" role="region" aria-label="Comparison" aria-live="polite">
                {move || result.get().map(|outcome| match outcome {
                    Outcome::Waiting(from) => view! {
                        <p role="status">"Comparing with "{from}"…"</p>
                    }
                    .into_any(),
                    Outcome::Done(Err(message)) => {
                        view! { <p class="compare-error" role="alert">{message}</p> }.into_any()
                    }
                    Outcome::Done(Ok(c)) => comparison_view(c).into_any(),
                })}
            </div>
            <div class="dialog-actions">
                <button type="button" on:click=close>
                    "Close"
                </button>
            </div>
        </dialog>
    }
}

/// The fields and files of a comparison.
fn comparison_view(c: Comparison) -> impl IntoView {
    let same = c.fields.is_empty() && c.files.as_ref().is_some_and(Vec::is_empty);
    let changed_fields = match c.fields.len() {
        1 => "Design: 1 field changed".to_string(),
        n => format!("Design: {n} fields changed"),
    };
    let fields = c
        .fields
        .into_iter()
        .map(|f| {
            let what = match (f.before, f.after) {
                (Some(a), Some(b)) => format!("{a} → {b}"),
                (None, Some(b)) => format!("added {b}"),
                (Some(a), None) => format!("removed (was {a})"),
                (None, None) => String::new(),
            };
            view! { <li><code>{f.path}</code>": "{what}</li> }
        })
        .collect_view();
    let files = match c.files {
        None => view! {
            <p>"One of the designs has errors, so only its fields are compared."</p>
        }
        .into_any(),
        Some(files) => {
            let count =
                |want: fn(&Change) -> bool| files.iter().filter(|f| want(&f.change)).count();
            let summary = format!(
                "Files: {} changed, {} added, {} removed",
                count(|c| matches!(c, Change::Changed(_))),
                count(|c| matches!(c, Change::Added)),
                count(|c| matches!(c, Change::Removed)),
            );
            let items = files
                .into_iter()
                .map(|f| match f.change {
                    Change::Changed(diff) => {
                        let lines = diff
                            .lines()
                            .map(|l| view! { <span class=line_class(l)>{l.to_string()}"\n"</span> })
                            .collect_view();
                        view! {
                            <li>
                                <details>
                                    <summary>"changed: "<code>{f.path}</code></summary>
                                    <pre class="diff">{lines}</pre>
                                </details>
                            </li>
                        }
                        .into_any()
                    }
                    Change::Added => view! { <li>"added: "<code>{f.path}</code></li> }.into_any(),
                    Change::Removed => {
                        view! { <li>"removed: "<code>{f.path}</code></li> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <h3>{summary}</h3>
                <ul class="compare-files" data-testid="compare-files">{items}</ul>
            }
            .into_any()
        }
    };
    let cost = c.cost.map(|(before, after)| {
        let total = if before == after {
            format!("Monthly cost estimate: unchanged, {}", after.dollars())
        } else {
            format!(
                "Monthly cost estimate: {} → {} ({})",
                before.dollars(),
                after.dollars(),
                after.delta_from(before)
            )
        };
        view! { <p data-testid="compare-cost">{total}</p> }
    });
    view! {
        <p>"Compared with "{c.from}{if same { ": the same design." } else { "." }}</p>
        <h3>{changed_fields}</h3>
        <ul class="compare-fields" data-testid="compare-fields">{fields}</ul>
        {files}
        {cost}
    }
}
