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
    run(&mut out, &folders, &tfvars);
    out
}

fn run(
    out: &mut Vec<Diagnostic>,
    folders: &BTreeMap<&str, Vec<Source>>,
    tfvars: &BTreeMap<String, Arc<Body>>,
) {
    for sources in folders.values() {
        for src in sources {
            resources::check_file(out, src, crate::schema::providers());
        }
    }
    wiring::check(out, folders);
    out.extend(crate::apply::bundle::check(folders, tfvars));
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
    run(&mut out, &folders, &tfvars);
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

/// Empties the parse cache (for benchmarks of a first validation).
#[cfg(feature = "parse")]
pub fn clear_cache() {
    if let Ok(mut cache) = PARSED.lock() {
        cache.clear();
    }
}

#[cfg(feature = "parse")]
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
