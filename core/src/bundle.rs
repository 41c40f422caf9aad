//! The bundle: every generated file, sorted by path, and its deterministic zip.

use hcl::Body;
use std::collections::BTreeMap;
use std::sync::Arc;

/// All files of a generated bundle, keyed by `/`-separated relative path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    /// Path → contents. A BTreeMap, so iteration order is the sorted path order.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Bundle {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), contents.into());
    }

    /// Contents of a file as text, if present and UTF-8.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.files
            .get(path)
            .and_then(|b| std::str::from_utf8(b).ok())
    }

    /// Total size of all files in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// A zip archive of the bundle: entries in path order, a fixed timestamp
    /// (1980-01-01 00:00) and fixed permissions, so the same bundle always gives the same bytes.
    pub fn to_zip(&self) -> Result<Vec<u8>, String> {
        crate::archive::write(
            self.files
                .iter()
                .map(|(path, contents)| (path.as_str(), contents.as_slice())),
        )
        .map_err(|e| format!("zip: {e}"))
    }

    /// Reads a bundle back from zip bytes (for tests and for importing a bundle's design).
    pub fn from_zip(bytes: &[u8]) -> Result<Bundle, String> {
        let files =
            crate::archive::read(bytes).map_err(|e| format!("the zip cannot be read: {e}"))?;
        Ok(Bundle {
            files: files.into_iter().collect(),
        })
    }
}

/// One parsed Terraform file of a bundle: what the bundle checks and the apply-time rules read.
pub struct Source<'a> {
    /// Path inside the bundle.
    pub path: &'a str,
    /// Its text.
    pub text: &'a str,
    /// Its parsed body.
    pub body: Arc<Body>,
    /// Line number of each top-level block header (`resource "aws_lb" "this"`), first wins;
    /// found when a finding first needs one.
    headers: std::cell::OnceCell<BTreeMap<String, usize>>,
}

impl<'a> Source<'a> {
    /// A parsed file.
    pub fn new(path: &'a str, text: &'a str, body: Arc<Body>) -> Source<'a> {
        Source {
            path,
            text,
            body,
            headers: std::cell::OnceCell::new(),
        }
    }
}

impl Source<'_> {
    /// `path:line` of the first top-level line starting with `header` (e.g.
    /// `resource "aws_lb" "this"`), or of line 1. The first call finds every header in one pass.
    pub fn header_line(&self, header: &str) -> usize {
        let text = self.text;
        let headers = self.headers.get_or_init(|| {
            let mut headers = BTreeMap::new();
            for (i, line) in text.lines().enumerate() {
                if let Some(head) = line.strip_suffix('{') {
                    if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
                        headers.entry(head.trim_end().to_string()).or_insert(i + 1);
                    }
                }
            }
            headers
        });
        headers.get(header).copied().unwrap_or(1)
    }

    /// The line of the first `key` argument, `key {` block or `dynamic "key"` inside the
    /// top-level block starting at `start` (1-based), or `start` itself.
    pub fn line_in_block(&self, start: usize, key: &str) -> usize {
        for (i, line) in self.text.lines().enumerate().skip(start) {
            if line.starts_with('}') {
                break;
            }
            let t = line.trim_start();
            let hit = t
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with([' ', '=', '{']))
                || t.strip_prefix("dynamic \"")
                    .and_then(|r| r.strip_prefix(key))
                    .is_some_and(|r| r.starts_with('"'));
            if hit {
                return i + 1;
            }
        }
        start
    }

    /// The line of the first occurrence of `needle` not followed by an identifier character.
    pub fn line_of(&self, needle: &str) -> usize {
        for (i, line) in self.text.lines().enumerate() {
            let mut from = 0;
            while let Some(at) = line[from..].find(needle) {
                let end = from + at + needle.len();
                let next = line[end..].chars().next();
                if !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                    return i + 1;
                }
                from = end;
            }
        }
        1
    }

    /// A diagnostic position in this file.
    pub fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.path)
    }
}
