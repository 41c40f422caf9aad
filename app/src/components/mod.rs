//! The page's components, one per file.

pub mod app;
pub mod bundle_view;
pub mod diagnostic_list;
pub mod file_list;
pub mod header;
pub mod preset_picker;
