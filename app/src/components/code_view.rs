use leptos::{prelude::*, wasm_bindgen::JsCast};

use crate::{
    highlight,
    lines::{self, Match},
    state::use_design_state,
};

/// One line of the file shown, keyed by its text and which occurrence of that text it is, so an
/// edit re-renders only the lines it changed: the rest keep their DOM nodes.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Line {
    text: String,
    occurrence: usize,
    /// How the file is highlighted (its extension): the same text in another kind of file
    /// is another line.
    kind: &'static str,
    /// The last edit changed this line (or added it).
    changed: bool,
    /// The matches of "Find in file" in this line: byte ranges, `true` for the current one.
    marks: Vec<(usize, usize, bool)>,
}

/// Scrolls `pre` (the code, a scroll box) so that `target` inside it is in view, without
/// scrolling the page.
fn scroll_within(pre: &web_sys::HtmlElement, target: &web_sys::Element) {
    let outer = pre.get_bounding_client_rect();
    let inner = target.get_bounding_client_rect();
    let (top, bottom) = (inner.top() - outer.top(), inner.bottom() - outer.top());
    let height = f64::from(pre.client_height());
    let scroll = f64::from(pre.scroll_top());
    if top < 0.0 || bottom > height {
        let to = scroll + top - height / 3.0;
        pre.set_scroll_top(to.max(0.0) as i32);
    }
    let (left, right) = (inner.left() - outer.left(), inner.right() - outer.left());
    let width = f64::from(pre.client_width());
    if left < 0.0 || right > width {
        let to = f64::from(pre.scroll_left()) + left - 16.0;
        pre.set_scroll_left(to.max(0.0) as i32);
    }
}

/// The text of one bundle file with HCL/Markdown highlighting (text nodes in classed spans).
/// The file is generated on its own by the worker (its root or module only), so it follows
/// an edit at once; the rest of the bundle catches up after the paint.
///
/// The lines the last edit changed in the file are marked (a line diff of the file before and
/// after), and "Find in file" marks every match, steps through them (Enter, Shift+Enter, the
/// arrows) and counts them.
#[component]
pub fn CodeView(
    /// The path shown, if any.
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let state = use_design_state();
    let file = state.follow_file(selected);
    let text = Memo::new(move |_| file.get());
    // The lines of the file on screen that its last change touched: compared with the text it
    // had before, when the same file was on screen (opening another file marks nothing).
    let shown_before = StoredValue::new(None::<(String, String)>);
    let changed = Memo::new(move |_| {
        text.with(|now| {
            let before = shown_before.get_value();
            shown_before.set_value(now.clone());
            match (before, now) {
                (Some((was, old)), Some((path, new))) if was == *path && old != *new => {
                    lines::changed(&old, new)
                }
                _ => Vec::new(),
            }
        })
    });
    let changed_count = Memo::new(move |_| changed.with(|c| c.iter().filter(|x| **x).count()));

    let query = RwSignal::new(String::new());
    let matches = Memo::new(move |_| {
        query.with(|q| {
            text.with(|shown| match shown {
                Some((_, t)) => lines::find(t, q),
                None => Vec::new(),
            })
        })
    });
    // The match stepped to (from 0); kept in range as the matches change.
    let current = RwSignal::new(0usize);
    let current_match = Memo::new(move |_| {
        matches.with(|all| {
            (!all.is_empty()).then(|| {
                let at = current.get().min(all.len() - 1);
                (at, all[at])
            })
        })
    });
    let step = move |forward: bool| {
        let count = matches.with_untracked(Vec::len);
        if count == 0 {
            return;
        }
        let at = current.get_untracked().min(count - 1);
        current.set(if forward {
            (at + 1) % count
        } else {
            (at + count - 1) % count
        });
    };

    let lines = Memo::new(move |_| {
        let changed = changed.get();
        let current = current_match.get().map(|(_, m)| m);
        matches.with(|found| {
            text.with(|shown| {
                let Some((path, text)) = shown else {
                    return Vec::new();
                };
                let kind = highlight::kind_of(path);
                let mut seen = std::collections::HashMap::<&str, usize>::new();
                let mut found = found.iter().peekable();
                text.lines()
                    .enumerate()
                    .map(|(i, l)| {
                        let n = seen.entry(l).or_default();
                        *n += 1;
                        let mut marks = Vec::new();
                        while let Some(m) = found.next_if(|m: &&Match| m.line == i) {
                            marks.push((m.start, m.end, Some(*m) == current));
                        }
                        Line {
                            text: l.to_owned(),
                            occurrence: *n,
                            kind,
                            changed: changed.get(i).copied().unwrap_or(false),
                            marks,
                        }
                    })
                    .collect::<Vec<_>>()
            })
        })
    });

    let pre = NodeRef::<leptos::html::Pre>::new();
    // The current match is scrolled into view in the code's own box, and so is the first
    // changed line after an edit.
    Effect::new(move |_| {
        let (has_match, count) = (current_match.with(Option::is_some), changed_count.get());
        lines.with(|_| ());
        let selector = if has_match {
            "mark.current"
        } else if count > 0 {
            ".line.changed"
        } else {
            return;
        };
        request_animation_frame(move || {
            // The view may be gone by the next frame (a replaced design, another tab): then its
            // node reference is disposed and there is nothing to scroll.
            let Some(pre) = pre.try_get_untracked().flatten() else {
                return;
            };
            if let Ok(Some(target)) = pre.query_selector(selector) {
                scroll_within(&pre, &target);
            }
        });
    });

    let path = move || text.with(|t| t.as_ref().map(|(p, _)| p.clone()).unwrap_or_default());
    let on_find_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            step(!ev.shift_key());
        }
        "ArrowDown" => {
            ev.prevent_default();
            step(true);
        }
        "ArrowUp" => {
            ev.prevent_default();
            step(false);
        }
        _ => {}
    };
    let on_find_input = move |ev: leptos::ev::Event| {
        let value = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|i| i.value())
            .unwrap_or_default();
        current.set(0);
        query.set(value);
    };
    let count_text = move || {
        let total = matches.with(Vec::len);
        match (query.with(String::is_empty), current_match.get()) {
            (true, _) => String::new(),
            (false, None) => "No match".to_owned(),
            (false, Some((at, _))) => format!("{} of {total}", at + 1),
        }
    };
    view! {
        <div class="code-view">
            <Show
                when=move || text.with(Option::is_some)
                fallback=|| view! { <p class="hint">"Choose a file to see its contents."</p> }
            >
                <div class="code-head">
                    // A long path wraps after a `/`, never inside a name.
                    <h3 class="code-path">
                        <code>
                            {move || {
                                path()
                                    .split_inclusive('/')
                                    .map(|part| view! { {part.to_owned()}<wbr /> })
                                    .collect_view()
                            }}
                        </code>
                    </h3>
                    <p class="changed-note" data-testid="changed-note" role="status">
                        {move || match changed_count.get() {
                            0 => String::new(),
                            1 => "1 line changed by the last edit".to_owned(),
                            n => format!("{n} lines changed by the last edit"),
                        }}
                    </p>
                    <div class="find" role="search" aria-label="Find in file">
                        <input
                            type="search"
                            id="find-in-file"
                            aria-label="Find in file"
                            placeholder="Find in file"
                            aria-describedby="find-count"
                            prop:value=move || query.get()
                            on:input=on_find_input
                            on:keydown=on_find_key
                        />
                        <span class="find-count" id="find-count" data-testid="find-count" aria-live="polite">
                            {count_text}
                        </span>
                        <button
                            type="button"
                            class="small"
                            data-testid="find-previous"
                            title="Previous match (Shift+Enter)"
                            disabled=move || matches.with(Vec::is_empty)
                            on:click=move |_| step(false)
                        >
                            <span aria-hidden="true">"↑"</span>
                            <span class="visually-hidden">"Previous match"</span>
                        </button>
                        <button
                            type="button"
                            class="small"
                            data-testid="find-next"
                            title="Next match (Enter)"
                            disabled=move || matches.with(Vec::is_empty)
                            on:click=move |_| step(true)
                        >
                            <span aria-hidden="true">"↓"</span>
                            <span class="visually-hidden">"Next match"</span>
                        </button>
                    </div>
                </div>
                <pre class="code" id="code-view" data-testid="code" tabindex="0" node_ref=pre aria-label=move || format!("Contents of {}", path())>
                    <code>
                        <For each=move || lines.get() key=|line| line.clone() let:line>
                            <span class="line" class:changed=line.changed>
                                {lines::split(&highlight::line_of_kind(line.kind, &line.text), &line.marks)
                                    .into_iter()
                                    .map(|(kind, piece, mark)| match mark {
                                        None => view! { <span class=kind.class()>{piece}</span> }.into_any(),
                                        Some(now) => view! {
                                            <span class=kind.class()>
                                                <mark class="find-hit" class:current=now>{piece}</mark>
                                            </span>
                                        }
                                        .into_any(),
                                    })
                                    .collect_view()}
                                "\n"
                            </span>
                        </For>
                    </code>
                </pre>
            </Show>
        </div>
    }
}
