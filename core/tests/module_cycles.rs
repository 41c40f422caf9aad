//! No import cycle between the modules of core: the stages read top to bottom.
//!
//! Reads every file of `core/src`, collects the `crate::…` and `super::…` paths its non-test
//! code names (in `use` lines and inline), resolves each to the deepest module file it reaches,
//! and looks for cycles in the graph of "file A names file B". A module and its own ancestors
//! are one room (a parent declares its children; a child may use its parent's items), so those
//! edges do not count; any other cycle fails the test with the files and paths involved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod source;
use source::{code_only, rust_files};

/// Edges that close a known cycle and wait for a change elsewhere, with the reason; the test
/// leaves them out and fails once one is gone, so the list only shrinks. Empty is the goal.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Module path (`emit::security`, `` for lib.rs) → source text without tests and comments.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for path in rust_files(src) {
        let rel = path
            .strip_prefix(src)
            .expect("under src")
            .with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
            parts.pop();
        }
        let text = std::fs::read_to_string(&path).expect("read a source file");
        out.insert(parts.join("::"), code_only(&text));
    }
    out
}

/// Every full path of the use-tree or path starting at `text` (after `crate::`), e.g.
/// `{design::{A, B}, diagnostic::Diagnostic}` → `design::A`, `design::B`, `diagnostic::Diagnostic`.
fn paths(text: &str) -> Vec<Vec<String>> {
    fn tree(chars: &[char], at: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let skip_space = |at: &mut usize| {
            while *at < chars.len() && chars[*at].is_whitespace() {
                *at += 1;
            }
        };
        skip_space(at);
        if chars.get(*at) == Some(&'{') {
            *at += 1;
            loop {
                skip_space(at);
                match chars.get(*at) {
                    Some('}') => {
                        *at += 1;
                        return;
                    }
                    Some(',') => *at += 1,
                    None => return,
                    _ => {
                        let before = *at;
                        tree(chars, at, prefix, out);
                        if *at == before {
                            *at += 1;
                        }
                    }
                }
            }
        }
        let start = *at;
        while *at < chars.len() && (chars[*at].is_alphanumeric() || chars[*at] == '_') {
            *at += 1;
        }
        let mut path = prefix.to_vec();
        if *at > start {
            path.push(chars[start..*at].iter().collect());
        }
        if chars.get(*at) == Some(&':') && chars.get(*at + 1) == Some(&':') {
            *at += 2;
            tree(chars, at, &path, out);
        } else {
            out.push(path);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    tree(&chars, &mut 0, &[], &mut out);
    out
}

/// The deepest module that `path` reaches.
fn resolve(path: &[String], known: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|k| path[..k].join("::"))
        .find(|m| known.contains(m))
}

/// Whether `a` is `b` or one of them contains the other.
fn related(a: &str, b: &str) -> bool {
    a == b
        || a.is_empty()
        || b.is_empty()
        || a.starts_with(&format!("{b}::"))
        || b.starts_with(&format!("{a}::"))
}

/// module → (named module → one path that names it).
fn graph(mods: &BTreeMap<String, String>) -> BTreeMap<String, BTreeMap<String, String>> {
    let known: BTreeSet<String> = mods.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (m, text) in mods {
        let mut to: BTreeMap<String, String> = BTreeMap::new();
        let parent: Vec<String> = m
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        for (marker, base) in [
            ("crate::", Vec::new()),
            ("super::", parent[..parent.len().saturating_sub(1)].to_vec()),
        ] {
            for (i, _) in text.match_indices(marker) {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                for path in paths(&text[i + marker.len()..]) {
                    let full: Vec<String> = base.iter().cloned().chain(path).collect();
                    if let Some(target) = resolve(&full, &known) {
                        if !related(m, &target) {
                            to.entry(target).or_insert_with(|| {
                                format!("{marker}{}", full[base.len()..].join("::"))
                            });
                        }
                    }
                }
            }
        }
        edges.insert(m.clone(), to);
    }
    edges
}

/// The strongly connected components of more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeMap<String, String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeMap<String, String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flat_map(|t| t.keys()) {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

fn edges_of(names: &[(&str, &[&str])]) -> BTreeMap<String, BTreeMap<String, String>> {
    names
        .iter()
        .map(|(a, to)| {
            let to = to.iter().map(|b| (b.to_string(), String::new())).collect();
            (a.to_string(), to)
        })
        .collect()
}

#[test]
fn the_use_tree_parser_expands_groups_and_nesting() {
    let got = paths("{design::{Design, Tier}, diagnostic::Diagnostic};");
    let joined: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        joined,
        ["design::Design", "design::Tier", "diagnostic::Diagnostic"]
    );
    assert_eq!(
        paths("emit::hcl::r(\"var.x\")")[0].join("::"),
        "emit::hcl::r"
    );
}

#[test]
fn the_cycle_finder_finds_cycles_and_only_cycles() {
    let chain = edges_of(&[("a", &["b"]), ("b", &["c"]), ("c", &[])]);
    assert!(cycles(&chain).is_empty());
    let ring = edges_of(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"]), ("d", &["a"])]);
    assert_eq!(cycles(&ring), [["a", "b", "c"]]);
}

#[test]
fn core_has_no_module_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mods = modules(&src);
    let edges = graph(&mods);
    // The reader sees real dependencies (else an empty graph would pass).
    assert!(
        edges["validate"].contains_key("catalog"),
        "{:?}",
        edges["validate"]
    );
    assert!(edges["emit::modules::ecs_api"].contains_key("emit::modules::ecs_common"));
    let mut edges = edges;
    for (from, to, why) in KNOWN {
        let removed = edges.get_mut(*from).and_then(|t| t.remove(*to));
        assert!(
            removed.is_some(),
            "{from} no longer names {to} ({why}): remove it from KNOWN"
        );
    }
    let report: Vec<String> = cycles(&edges)
        .into_iter()
        .map(|component| {
            let lines: Vec<String> = component
                .iter()
                .flat_map(|m| {
                    edges[m]
                        .iter()
                        .filter(|(to, _)| component.contains(to))
                        .map(move |(to, via)| format!("  {m} -> {to} ({via})"))
                })
                .collect();
            format!(
                "cycle among {}:\n{}",
                component.join(", "),
                lines.join("\n")
            )
        })
        .collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}
