//! The page's components, one per file.

pub mod app;
pub mod bucket_section;
pub mod cache_section;
pub mod capacity_section;
pub mod code_view;
pub mod command_palette;
pub mod compare;
pub mod cost_view;
pub mod diagnostic_list;
pub mod diagram;
pub mod field;
pub mod file_tree;
pub mod header;
pub mod inspector;
pub mod matrix;
pub mod notice_banner;
pub mod preview;
pub mod project_panel;
pub mod region_inspector;
pub mod service_inspector;
pub mod splitter;
pub mod table_section;
pub mod tier_inspector;
pub mod topic_section;
pub mod usage_editor;
