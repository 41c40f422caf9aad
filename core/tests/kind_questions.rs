//! Per-kind questions live in `core/src/kinds/`: whether a service has an API, a worker, a
//! database, functions, queues or schedules is answered there (`kinds::Api.present(s)`,
//! `kinds::runs_containers(s)`, …), and the stages ask the kinds.
//!
//! Reads the non-test code of `core/src` and `app/src` and fails on any `api.is_some()`-style
//! question (of each kind's design field: `api.is_some()`/`is_none()` for a block a service has
//! one of, `queues.is_empty()` for a list), or the same question asked by a pattern (`if let Some(api) =
//! &svc.api`, `let Some(db) = &s.database else`), outside `core/src/kinds/`, unless its file is
//! in [`KNOWN`]. Edits that change a block's fields (`&mut s.worker`) are no question.

use std::collections::BTreeMap;
use std::path::Path;
use tfdesign_core::kinds;

mod source;
use source::{code_only, rust_files};

/// Files that still ask, how many times, and why; the test fails when a count grows and when
/// it shrinks (then lower it here), so the list only shrinks. Empty is the goal.
const KNOWN: &[(&str, usize, &str)] = &[];

/// The questions, as `field.method()`: of every building block's design field
/// (`kinds::ALL`, `Kind::field`), `is_some()`/`is_none()` for a block a service has one of,
/// `is_empty()` for a list.
fn questions() -> Vec<String> {
    let mut out = Vec::new();
    for kind in kinds::ALL {
        if kind.single() {
            for method in ["is_some", "is_none"] {
                out.push(format!("{}.{method}()", kind.field()));
            }
        } else {
            out.push(format!("{}.is_empty()", kind.field()));
        }
    }
    out
}

/// How often `text` asks one of `questions` (a question whose field name is not the tail of a
/// longer identifier, so `all_queues.is_empty()` is no question).
fn count(text: &str, questions: &[String]) -> usize {
    questions
        .iter()
        .map(|q| {
            text.match_indices(q.as_str())
                .filter(|(i, _)| {
                    text[..*i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
                })
                .count()
        })
        .sum()
}

/// How often `text` asks whether a service has an API, worker or database by a pattern:
/// `Some(…) = &<path>.api` (and the other blocks a service has one of), not `&mut`.
fn pattern_questions(text: &str) -> usize {
    let mut n = 0;
    for (i, _) in text.match_indices(") = &") {
        let line_start = text[..i].rfind('\n').map_or(0, |p| p + 1);
        if !text[line_start..i].contains("Some(") {
            continue;
        }
        let rest = &text[i + ") = &".len()..];
        if rest.starts_with("mut ") {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || "_.?()[]".contains(*c))
            .collect();
        if kinds::ALL
            .iter()
            .filter(|k| k.single())
            .any(|k| path.ends_with(&format!(".{}", k.field())))
        {
            n += 1;
        }
    }
    n
}

/// Per file (relative to the workspace) outside `core/src/kinds/`, the questions it asks.
fn asked() -> BTreeMap<String, usize> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("core sits in the workspace");
    let questions = questions();
    let mut out = BTreeMap::new();
    for root in ["core/src", "app/src"] {
        for path in rust_files(&workspace.join(root)) {
            let rel = path
                .strip_prefix(workspace)
                .expect("under the workspace")
                .to_string_lossy()
                .replace('\\', "/");
            if rel.starts_with("core/src/kinds/") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let code = code_only(&text);
            let n = count(&code, &questions) + pattern_questions(&code);
            if n > 0 {
                out.insert(rel, n);
            }
        }
    }
    out
}

#[test]
fn per_kind_questions_are_asked_only_in_kinds() {
    let asked = asked();
    let known: BTreeMap<String, usize> = KNOWN
        .iter()
        .map(|(path, n, _)| (path.to_string(), *n))
        .collect();
    let mut problems = Vec::new();
    for (path, n) in &asked {
        match known.get(path) {
            None => problems.push(format!(
                "{path} asks {n} per-kind question(s): ask the kind (core/src/kinds/) instead"
            )),
            Some(k) if n > k => problems.push(format!(
                "{path} asks {n} per-kind questions, {k} known: ask the kind (core/src/kinds/)"
            )),
            Some(k) if n < k => problems.push(format!(
                "{path} asks {n} per-kind questions, fewer than the {k} in KNOWN: lower KNOWN"
            )),
            Some(_) => {}
        }
    }
    for path in known.keys().filter(|p| !asked.contains_key(*p)) {
        problems.push(format!(
            "{path} asks no per-kind question now: drop it from KNOWN"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_counter_finds_questions_and_only_questions() {
    let q = questions();
    assert_eq!(
        count("if s.api.is_some() && !svc.lambdas.is_empty() {", &q),
        2
    );
    assert_eq!(count("service.worker.is_none() || api.is_some()", &q), 2);
    assert_eq!(count("all_queues.is_empty() || s.apis.is_some()", &q), 0);
    assert_eq!(count("kinds::Api.present(s)", &q), 0);
    assert_eq!(pattern_questions("if let Some(api) = &svc.api {"), 1);
    assert_eq!(
        pattern_questions("let Some(db) = &design.services[i].database else {"),
        1
    );
    assert_eq!(
        pattern_questions("if let Some(w) = &mut s.worker {\nlet x = &s.api_url;"),
        0
    );
    assert_eq!(
        pattern_questions("if let Some(x) = &s.apis {\nmatch (a, b) = &c.api"),
        0
    );
    assert_eq!(
        code_only("let a = 1; // s.api.is_some()\n#[cfg(test)]\ns.api.is_some()"),
        "let a = 1; "
    );
}
