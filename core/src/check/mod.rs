//! Bundle checks, the layers after the design rules: every `.tf` file parses back (when read
//! from text, feature `parse`), every
//! `resource`/`data`/`provider` block agrees with the embedded provider schema
//! ([`resources`]), and every module call and reference is wired to something real
//! ([`wiring`]), and the bundle-level apply-time rules hold ([`crate::apply::bundle`]).
//! Findings are [`Diagnostic`]s whose `path` is `file:line`.
//!
//! Messages begin with the summary `terraform validate` gives for the same problem
//! ("Unsupported argument: …"), so the two can be compared.

pub mod resources;
pub mod wiring;

#[cfg(feature = "parse")]
use crate::bundle::Bundle;
use crate::diagnostic::Diagnostic;
use crate::emit::Generated;
use hcl::Body;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use crate::bundle::Source;

/// Whether `path` is a root's `terraform.tfvars`.
fn is_tfvars(path: &str) -> bool {
    path == "terraform.tfvars" || path.ends_with("/terraform.tfvars")
}

/// The folder of a bundle path (`""` for the top).
pub fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The bundle checks (layers 2 and 3) of a bundle tfdesign generated, on the hcl-rs bodies its
/// Terraform files were rendered from: provider schema and module wiring, no parsing. What the
/// designer runs after each edit; the renderer's output parsing back to the same structure is
/// covered by tests (and by [`bundle`] where the `parse` feature is on).
pub fn generated(generated: &Generated) -> Vec<Diagnostic> {
    remembering(|memory| generated_with(generated, memory))
}

/// [`generated`], with what the checks remember of the last bundle in `memory`.
fn generated_with(generated: &Generated, memory: &mut Memory) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut folders: BTreeMap<&str, Vec<Source>> = BTreeMap::new();
    let mut tfvars = BTreeMap::new();
    for (path, body) in &generated.bodies {
        if is_tfvars(path) {
            tfvars.insert(folder(path).to_string(), Arc::clone(body));
        }
        if !path.ends_with(".tf") {
            continue;
        }
        let Some(text) = generated.bundle.text(path) else {
            continue;
        };
        folders
            .entry(folder(path))
            .or_default()
            .push(Source::new(path, text, Arc::clone(body)));
    }
    run(&mut out, &folders, &tfvars, memory);
    out
}

fn run(
    out: &mut Vec<Diagnostic>,
    folders: &BTreeMap<&str, Vec<Source>>,
    tfvars: &BTreeMap<String, Arc<Body>>,
    memory: &mut Memory,
) {
    let mut last = std::mem::take(&mut memory.schema);
    for sources in folders.values() {
        for src in sources {
            let entry = match last.remove(src.path) {
                Some((seen, findings)) if seen.is(src) => (seen, findings),
                _ => {
                    let mut findings = Vec::new();
                    resources::check_file(&mut findings, src, crate::schema::providers());
                    (Seen::of(src), findings)
                }
            };
            out.extend(entry.1.iter().cloned());
            memory.schema.insert(src.path.to_string(), entry);
        }
    }
    wiring::check(out, folders, &mut memory.wiring);
    out.extend(crate::apply::bundle::check(folders, tfvars));
}

/// A file as a check last saw it: its path, its body and its text. The generator hands out
/// the same body (`Arc`) for a file that did not change since the last bundle (and the parse
/// cache for the same bytes), so an unchanged file is told apart without walking its body.
#[derive(Clone)]
pub(crate) struct Seen {
    path: String,
    body: Arc<Body>,
    text: String,
}

impl Seen {
    pub(crate) fn of(src: &Source) -> Seen {
        Seen {
            path: src.path.to_string(),
            body: Arc::clone(&src.body),
            text: src.text.to_string(),
        }
    }

    /// Whether `src` is this file unchanged.
    pub(crate) fn is(&self, src: &Source) -> bool {
        Arc::ptr_eq(&self.body, &src.body) && self.path == src.path && self.text == src.text
    }
}

/// The provider-schema findings of each file of a bundle, by path, with the file they were
/// found on.
type SchemaFindings = BTreeMap<String, (Seen, Vec<Diagnostic>)>;

/// What the bundle checks remember of the last bundle they checked. After an edit most files
/// keep their body (the generator and the parse cache hand out the same `Arc` for an unchanged
/// file): the schema check of such a file, a function of its path, text and body alone, is not
/// run again, nor the wiring check of a folder whose files and called modules are unchanged.
/// Purely a cache: the findings are the same with or without it.
#[derive(Default)]
struct Memory {
    schema: SchemaFindings,
    wiring: wiring::Memory,
}

static MEMORY: std::sync::Mutex<Option<Memory>> = std::sync::Mutex::new(None);

/// Runs `check` with the memory of the last bundle checked, and keeps what it leaves.
fn remembering<T>(check: impl FnOnce(&mut Memory) -> T) -> T {
    // Taken, not borrowed, so the lock is not held while checking.
    let mut memory = MEMORY
        .lock()
        .ok()
        .and_then(|mut m| m.take())
        .unwrap_or_default();
    let result = check(&mut memory);
    if let Ok(mut m) = MEMORY.lock() {
        *m = Some(memory);
    }
    result
}

/// All bundle checks (layers 2 and 3) of any bundle, read back from its text: every `.tf` and
/// `.tfvars` file parses, then provider schema and module wiring as in [`generated`].
#[cfg(feature = "parse")]
pub fn bundle(bundle: &Bundle) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut folders: BTreeMap<&str, Vec<Source>> = BTreeMap::new();
    let mut tfvars = BTreeMap::new();
    for (path, bytes) in &bundle.files {
        let is_tf = path.ends_with(".tf");
        if !is_tf && !path.ends_with(".tfvars") {
            continue;
        }
        let Ok(text) = std::str::from_utf8(bytes) else {
            out.push(Diagnostic::error(
                format!("{path}:1"),
                "Invalid file: the file is not UTF-8",
            ));
            continue;
        };
        match parse(text) {
            Ok(body) if is_tf => folders
                .entry(folder(path))
                .or_default()
                .push(Source::new(path, text, body)),
            Ok(body) => {
                if is_tfvars(path) {
                    tfvars.insert(folder(path).to_string(), body);
                }
            }
            Err(e) => {
                let line = match &e {
                    hcl::Error::Parse(p) => p.location().line(),
                    _ => 1,
                };
                out.push(
                    Diagnostic::error(
                        format!("{path}:{line}"),
                        format!("Invalid HCL: {}", one_line(&e.to_string())),
                    )
                    .with_hint("the file does not parse back; this is a generator bug"),
                );
            }
        }
    }
    remembering(|memory| run(&mut out, &folders, &tfvars, memory));
    out
}

/// Parsed bodies by file contents. Parsing is most of the cost of [`bundle`], and from one
/// check of a design's bundle to the next most files do not change, so re-checking takes a
/// fraction of the first time. Purely a cache: results are the same with or without it.
/// Parsed files keyed by (FNV-1a hash, length) of their bytes, which are compared on a hit.
#[cfg(feature = "parse")]
type ParseCache = BTreeMap<(u64, usize), (Vec<u8>, Arc<Body>)>;

#[cfg(feature = "parse")]
static PARSED: std::sync::Mutex<ParseCache> = std::sync::Mutex::new(BTreeMap::new());

/// Entries kept before the cache starts over (a few bundles' worth of files).
#[cfg(feature = "parse")]
const PARSED_MAX: usize = 2048;

#[cfg(feature = "parse")]
fn parse(text: &str) -> Result<Arc<Body>, hcl::Error> {
    let bytes = text.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let key = (hash, bytes.len());
    let hit = PARSED.lock().ok().and_then(|c| {
        c.get(&key)
            .filter(|(stored, _)| stored.as_slice() == bytes)
            .map(|(_, body)| Arc::clone(body))
    });
    if let Some(body) = hit {
        return Ok(body);
    }
    let body = Arc::new(hcl::parse(text)?);
    if let Ok(mut cache) = PARSED.lock() {
        if cache.len() >= PARSED_MAX {
            cache.clear();
        }
        cache.insert(key, (bytes.to_vec(), Arc::clone(&body)));
    }
    Ok(body)
}

/// Forgets every file checked before: the parse cache and what the checks remember of the
/// last bundle (for benchmarks of a first validation).
pub fn clear_cache() {
    #[cfg(feature = "parse")]
    if let Ok(mut cache) = PARSED.lock() {
        cache.clear();
    }
    if let Ok(mut memory) = MEMORY.lock() {
        *memory = None;
    }
}

#[cfg(feature = "parse")]
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::{Attribute, Structure};

    /// `generated` with an unknown argument added to the first resource of `path`.
    fn broken(generated: &Generated, path: &str) -> Generated {
        let mut out = generated.clone();
        let mut body = (*out.bodies[path]).clone();
        let block = body
            .iter_mut()
            .find_map(|s| match s {
                Structure::Block(b) if b.identifier.as_str() == "resource" => Some(b),
                _ => None,
            })
            .expect("a resource");
        block
            .body
            .0
            .push(Structure::Attribute(Attribute::new("no_such_argument", 1)));
        let text = crate::render::file(None, &body);
        out.bodies.insert(path.to_string(), Arc::new(body));
        out.bundle.insert(path, text);
        out
    }

    fn unsupported(findings: &[Diagnostic]) -> Vec<&str> {
        findings
            .iter()
            .filter(|d| d.message.contains("no_such_argument"))
            .map(|d| d.path.as_str())
            .collect()
    }

    #[test]
    fn schema_findings_follow_the_files_checked_not_the_last_ones() {
        let good = crate::generate_with_bodies(&crate::presets::sports_cards()).unwrap();
        let path = "modules/ecs-api/main.tf";
        assert!(good.bodies.contains_key(path));
        let bad = broken(&good, path);
        let memory = &mut Memory::default();
        assert!(unsupported(&generated_with(&good, memory)).is_empty());
        for _ in 0..2 {
            let findings = generated_with(&bad, memory);
            assert_eq!(unsupported(&findings).len(), 1, "{findings:?}");
            assert!(unsupported(&findings)[0].starts_with(path));
            assert_eq!(findings, generated_with(&bad, memory));
            assert_eq!(findings, generated_with(&bad, &mut Memory::default()));
            assert!(unsupported(&generated_with(&good, memory)).is_empty());
        }
    }

    /// `generated` with the variable `name` no longer declared by the module at `path`.
    fn undeclared(generated: &Generated, path: &str, name: &str) -> Generated {
        let mut out = generated.clone();
        let mut body = (*out.bodies[path]).clone();
        let before = body.0.len();
        body.0.retain(|s| {
            !matches!(s, Structure::Block(b) if b.identifier.as_str() == "variable"
                && b.labels.first().is_some_and(|l| l.as_str() == name))
        });
        assert_eq!(body.0.len(), before - 1, "{path} declares {name}");
        let text = crate::render::file(None, &body);
        out.bodies.insert(path.to_string(), Arc::new(body));
        out.bundle.insert(path, text);
        out
    }

    fn undeclared_in_calls(findings: &[Diagnostic]) -> Vec<&str> {
        findings
            .iter()
            .filter(|d| d.message.contains("declares no variable \"cluster_name\""))
            .map(|d| d.path.as_str())
            .collect()
    }

    #[test]
    fn wiring_findings_follow_the_modules_a_folder_calls() {
        let good = crate::generate_with_bodies(&crate::presets::sports_cards()).unwrap();
        // Only the module changes: the roots that call it keep every file.
        let bad = undeclared(&good, "modules/ecs-api/variables.tf", "cluster_name");
        assert!(undeclared_in_calls(&generated(&good)).is_empty());
        for _ in 0..2 {
            let findings = generated(&bad);
            let calls = undeclared_in_calls(&findings);
            assert!(calls.len() >= 3, "{findings:?}");
            assert!(
                calls.iter().all(|p| p.starts_with("environments/")),
                "{calls:?}"
            );
            assert!(undeclared_in_calls(&generated(&good)).is_empty());
        }
        assert_eq!(generated(&bad), generated(&bad));
    }
}
