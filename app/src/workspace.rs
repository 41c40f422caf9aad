//! What the page shows of the bundle, beside the design: the preview's tab and the file open in
//! it. Provided by the app so that other parts of the page (the command palette) can open a file
//! or a tab; the preview makes its own when mounted alone.

use leptos::prelude::*;

/// Which preview tab is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Files,
    Diagram,
}

/// The preview's tab and open file.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The tab on show.
    pub tab: RwSignal<Tab>,
    /// The path of the file open in the code pane (`None` until the preview picks one).
    pub file: RwSignal<Option<String>>,
}

impl Workspace {
    /// Files tab, no file chosen yet.
    pub fn new() -> Self {
        Self {
            tab: RwSignal::new(Tab::Files),
            file: RwSignal::new(None),
        }
    }

    /// Opens the file at `path` in the Files tab.
    pub fn open_file(&self, path: String) {
        self.file.set(Some(path));
        self.tab.set(Tab::Files);
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Self::new()
    }
}

/// The workspace provided by an ancestor, or a new one (provided to the caller's children).
pub fn use_workspace() -> Workspace {
    use_context::<Workspace>().unwrap_or_else(|| {
        let workspace = Workspace::new();
        provide_context(workspace);
        workspace
    })
}
