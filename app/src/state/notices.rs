//! Messages for the person: banners, alerts about the design's errors, the Undo toast.

use leptos::prelude::*;

use super::DesignState;

/// A message for the person, shown in a banner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// Errors are announced as alerts; the rest as status.
    pub error: bool,
    /// What happened, in a sentence.
    pub text: String,
    /// The notice reports a step that replaced or removed work and offers to undo it (a toast
    /// with an Undo button). It goes as soon as another step is taken or undone.
    pub undo: bool,
    /// The notice is about the design's errors ("nothing was downloaded"): it goes as soon as
    /// the design has none.
    pub until_fixed: bool,
}

impl DesignState {
    /// Says `text` (what was just replaced or removed) in a toast with an Undo button.
    pub fn offer_undo(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: false,
            text: text.into(),
            undo: true,
            until_fixed: false,
        }));
    }

    /// Removes the toast offering undo, if one is shown: after another step its Undo would
    /// undo something else.
    pub(super) fn withdraw_undo_offer(&self) {
        if self
            .notice
            .with_untracked(|n| n.as_ref().is_some_and(|n| n.undo))
        {
            self.notice.set(None);
        }
    }

    /// Shows `text` in the banner: as an alert when `error`, else as a status message.
    pub fn tell(&self, error: bool, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            text: text.into(),
            undo: false,
            until_fixed: false,
        }));
    }

    /// Shows `text`, an alert about the design's errors, until the design has none.
    pub fn tell_until_fixed(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error: true,
            text: text.into(),
            undo: false,
            until_fixed: true,
        }));
    }
}
