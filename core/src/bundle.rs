//! The bundle: every generated file, sorted by path, and its deterministic zip.

use std::collections::BTreeMap;

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
