//! What the header's buttons do: take the design away (zip, JSON, link) or bring one in.
//! Every step that can fail tells the person why and leaves the current design as it was.

use leptos::prelude::*;
use tfdesign_core::{
    edit::{self, Block},
    link, Design,
};

use crate::{
    browser,
    generator::{self, design_json, Request, Response},
    state::{DesignState, Selection},
};

/// Adds a service, selects it and puts the focus in its name.
pub fn add_service(state: &DesignState) {
    let mut added = 0;
    state.edit(None, |d| added = edit::add_service(d));
    state.selection.set(Selection::Service(added));
    state.focus.set(Some(format!("/services/{added}/name")));
}

/// Adds a tier and selects it.
pub fn add_tier(state: &DesignState) {
    let mut added = 0;
    state.edit(None, |d| added = edit::add_tier(d));
    state.selection.set(Selection::Tier(added));
}

/// Adds the next region core proposes and selects it, its tier boxes in view and focused (the
/// next step is to tick the tiers deployed there); says so when every region is in already.
pub fn add_region(state: &DesignState) {
    let mut added = None;
    state.edit(None, |d| added = edit::add_region(d));
    match added {
        Some(i) => {
            state.selection.set(Selection::Region(i));
            state.focus.set(Some(format!("/regions/{i}/tiers")));
        }
        None => state.tell(
            true,
            "Every region tfdesign knows is already in the design.",
        ),
    }
}

/// Adds `block` to service `service` and goes to its first field (the service stays selected,
/// or its deployment if one is); says why when the service has one already.
pub fn add_block(state: &DesignState, service: usize, block: Block) {
    let mut field = None;
    state.edit(None, |d| field = edit::add_block(d, service, block));
    match field {
        Some(field) => {
            if state.selection.get_untracked().service() != Some(service) {
                state.selection.set(Selection::Service(service));
            }
            state.focus.set(Some(format!("/services/{service}{field}")));
        }
        None => state.tell(
            true,
            format!(
                "The service has {} already: a service has one at most.",
                block.a()
            ),
        ),
    }
}

/// Whether `bytes` are a zip (a bundle, whose `tfdesign.json` the worker reads).
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
}

/// A design from a picked or pasted file of design JSON.
pub fn design_from_bytes(bytes: &[u8]) -> Result<Design, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "The file is neither design JSON nor a bundle zip.".to_owned())?;
    Design::from_json(text)
        .map_err(|e| because("The file could not be imported", e))
        .and_then(within_limits)
}

/// The design of a bundle zip, from the text of its `tfdesign.json` as the worker read it.
fn design_from_zip(read: Result<String, String>) -> Result<Design, String> {
    let json = read.map_err(|e| because("The zip could not be read", e))?;
    let design = Design::from_json(&json).map_err(|e| because("The bundle's tfdesign.json", e))?;
    within_limits(design)
}

/// The design, unless it is too large to generate in a browser tab (then it is never opened,
/// and the current design stays).
pub fn within_limits(design: Design) -> Result<Design, String> {
    match tfdesign_core::validate_limits::too_large(&design) {
        Some(why) => Err(because("This design is too large to open here", why)),
        None => Ok(design),
    }
}

/// Replaces the design with the one in `bytes`; else says why not, leaving the design as it
/// was (the caller shows the message where the person looks: the banner, or the paste dialog).
/// A zip is read by the worker: its design opens (or the banner says why not) when the
/// answer comes, and this returns `Ok`.
pub fn import(state: &DesignState, bytes: &[u8]) -> Result<(), String> {
    if is_zip(bytes) {
        let state = *state;
        read_zip(bytes, move |read| match read {
            Ok(design) => open_imported(&state, design),
            Err(message) => state.tell(true, message),
        });
        return Ok(());
    }
    open_imported(state, design_from_bytes(bytes)?);
    Ok(())
}

/// The design of a picked file (design JSON, or a bundle zip whose `tfdesign.json` the worker
/// reads), or why there is none, given to `then` (later, for a zip).
pub fn read_design(bytes: &[u8], then: impl FnOnce(Result<Design, String>) + 'static) {
    if is_zip(bytes) {
        read_zip(bytes, then);
    } else {
        then(design_from_bytes(bytes));
    }
}

/// Asks the worker for the design in the zip `bytes`; `then` gets it, or why not.
fn read_zip(bytes: &[u8], then: impl FnOnce(Result<Design, String>) + 'static) {
    generator::shared().ask(
        |seq| Request::ReadZip { seq },
        Some(bytes.to_vec()),
        move |response, _| {
            let read = match response {
                Response::ReadZip { design, .. } => design,
                Response::Refused { message, .. } => Err(message),
                _ => return,
            };
            then(design_from_zip(read));
        },
    );
}

/// Opens an imported design in place of the open one (undoable).
fn open_imported(state: &DesignState, design: Design) {
    if state.replace(design) {
        state.offer_undo("Design imported in place of the previous one.");
    } else {
        state.tell(false, "The imported design is the one already open.");
    }
}

/// Downloads the bundle zip; warns first about warnings and explains errors instead. The
/// worker makes the zip of the design as it is now (with its bundle checks, which the
/// warnings count); the page saves it.
pub fn download_zip(state: &DesignState) {
    if state.blocked.get_untracked() {
        refuse_with_errors(state);
        return;
    }
    let (project, json) = state
        .design
        .with_untracked(|d| (d.project.clone(), design_json(d)));
    let state = *state;
    generator::shared().ask(
        |seq| Request::Zip { seq, design: json },
        None,
        move |response, bytes| {
            let made = match response {
                Response::Zip { made, checks, .. } => {
                    state.bundle_checks.set(checks);
                    made
                }
                Response::Refused { message, .. } => Err(message),
                _ => return,
            };
            let (errors, warnings) = state.counts();
            if errors > 0 {
                refuse_with_errors(&state);
                return;
            }
            if warnings > 0
                && !browser::confirm(&format!(
                    "The design has {warnings} warning{}. Download the bundle anyway?",
                    plural(warnings)
                ))
            {
                return;
            }
            let file = format!("{project}-terraform.zip");
            let saved = made
                .and_then(|()| bytes.ok_or_else(|| "the worker sent no bytes".to_owned()))
                .and_then(|bytes| browser::download(&file, "application/zip", &bytes));
            match saved {
                Ok(()) => state.tell(false, format!("Downloaded {file}.")),
                Err(e) => state.tell(true, because("The zip could not be made", e)),
            }
        },
    );
}

/// Says nothing was downloaded because of the design's errors, until they are fixed.
fn refuse_with_errors(state: &DesignState) {
    let (errors, _) = state.counts();
    state.tell_until_fixed(format!(
        "Nothing was downloaded: the design has {errors} error{}. Fix the problems listed under Problems (click one to go to its field).",
        plural(errors)
    ));
}

/// Downloads the design as JSON.
pub fn export_json(state: &DesignState) {
    let (project, json) = state
        .design
        .with_untracked(|d| (d.project.clone(), d.to_json()));
    let name = format!("{project}-design.json");
    match browser::download(&name, "application/json", json.as_bytes()) {
        Ok(()) => state.tell(false, format!("Exported {name}.")),
        Err(e) => state.tell(true, because("The design could not be exported", e)),
    }
}

/// The share link of the design, put in the address bar; `None` (with a message) when the
/// design cannot be put in a link.
pub fn share_link(state: &DesignState) -> Option<String> {
    match state.design.with_untracked(link::encode) {
        Ok(payload) => {
            browser::set_fragment(&payload);
            Some(browser::href())
        }
        Err(e) => {
            state.tell(true, because("No link was made", e));
            None
        }
    }
}

/// The design in the address fragment, if there is one: `Ok(None)` when there is no fragment.
pub fn design_from_fragment() -> Result<Option<Design>, String> {
    let fragment = browser::fragment();
    if fragment.is_empty() {
        return Ok(None);
    }
    link::decode(&fragment)
        .map_err(|e| {
            format!(
                "{} You are working on the previous design instead.",
                because("The link in the address could not be opened", e)
            )
        })
        .and_then(|d| {
            within_limits(d)
                .map_err(|e| format!("{e} You are working on the previous design instead."))
        })
        .map(Some)
}

/// "`what`: `why`." as one sentence, however `why` ends (it may end with its own full stop).
pub fn because(what: &str, why: impl std::fmt::Display) -> String {
    let why = why.to_string();
    let why = why.trim_end().trim_end_matches('.');
    format!("{what}: {why}.")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
