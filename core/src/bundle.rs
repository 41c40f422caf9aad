//! The bundle: every generated file, sorted by path, and its deterministic zip.

use std::collections::BTreeMap;
use std::io::Write;

/// All files of a generated bundle, keyed by `/`-separated relative path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bundle {
    /// Path → contents. A BTreeMap, so iteration order is the sorted path order.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Top folder inside the zip archive.
pub const ZIP_ROOT: &str = "";

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
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (path, contents) in &self.files {
            writer
                .start_file(format!("{ZIP_ROOT}{path}"), options)
                .map_err(|e| format!("zip: {e}"))?;
            writer
                .write_all(contents)
                .map_err(|e| format!("zip: {e}"))?;
        }
        let cursor = writer.finish().map_err(|e| format!("zip: {e}"))?;
        Ok(cursor.into_inner())
    }

    /// Reads a bundle back from zip bytes (for tests and for importing a bundle's design).
    pub fn from_zip(bytes: &[u8]) -> Result<Bundle, String> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a zip archive: {e}"))?;
        let mut bundle = Bundle::default();
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| format!("zip entry {i}: {e}"))?;
            if file.is_dir() {
                continue;
            }
            let name = file.name().to_string();
            let mut contents = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut contents)
                .map_err(|e| format!("zip entry {name}: {e}"))?;
            bundle.files.insert(name, contents);
        }
        Ok(bundle)
    }
}
