//! The bundle's Markdown documents.
