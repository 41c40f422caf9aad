//! The browser around the app: downloads, local storage, the address fragment, the clipboard
//! and reading picked files. Thin wrappers over web-sys and gloo-file; no domain logic.
//!
//! Local storage stays on web-sys: gloo-storage's `LocalStorage::raw` throws where storage is
//! unavailable (a browser with site data blocked), and it stores every value as JSON, which
//! would stop older autosaves (raw design JSON) from restoring.

use leptos::wasm_bindgen::{JsCast, JsValue};

use crate::state::Origin;

/// The person's own design (the key autosaves always had: older saves still restore).
const AUTOSAVE_KEY: &str = "tfdesign.autosave.v1";
/// The design last opened from a share link, with the edits made to it since.
const LINK_AUTOSAVE_KEY: &str = "tfdesign.autosave.link.v1";
/// The person's own design before the last session that saved over it without opening it.
const EARLIER_AUTOSAVE_KEY: &str = "tfdesign.autosave.earlier.v1";

fn window() -> web_sys::Window {
    leptos::prelude::window()
}

/// Offers `bytes` as a download called `file_name`.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(bytes, Some(mime)));
    let document = window().document().ok_or("no document")?;
    let anchor = document
        .create_element("a")
        .map_err(describe)?
        .unchecked_into::<web_sys::HtmlAnchorElement>();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&anchor).map_err(describe)?;
    anchor.click();
    anchor.remove();
    // Revoke later (dropping the object URL revokes it): revoking at once can cancel the
    // download in some browsers.
    leptos::prelude::set_timeout(move || drop(url), std::time::Duration::from_secs(30));
    Ok(())
}

fn describe(value: JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the browser refused".to_owned())
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Where designs of `origin` are autosaved: the person's own work and designs opened from
/// links never share a key, so opening a link cannot overwrite the person's own design.
fn autosave_key(origin: Origin) -> &'static str {
    match origin {
        Origin::Own => AUTOSAVE_KEY,
        Origin::Link => LINK_AUTOSAVE_KEY,
    }
}

/// Saves the design's JSON (from `origin`) with the current time (milliseconds since the epoch).
pub fn autosave(origin: Origin, json: &str) {
    if let Some(storage) = storage() {
        let now = js_sys::Date::now();
        let _ = storage.set_item(autosave_key(origin), &format!("{now}\n{json}"));
    }
}

/// A design autosaved earlier: its JSON and when it was saved, as a readable local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    /// The design's JSON.
    pub json: String,
    /// When it was saved (local time).
    pub when: String,
}

/// The design autosaved from `origin`, if any.
pub fn autosaved(origin: Origin) -> Option<Saved> {
    saved_at(autosave_key(origin))
}

/// The person's own design kept by [`keep_earlier_own`], if any.
pub fn earlier_own() -> Option<Saved> {
    saved_at(EARLIER_AUTOSAVE_KEY)
}

/// Keeps the person's own autosaved design apart, before a session that did not open it saves
/// its own work over it.
pub fn keep_earlier_own() {
    if let Some(storage) = storage() {
        if let Ok(Some(stored)) = storage.get_item(AUTOSAVE_KEY) {
            let _ = storage.set_item(EARLIER_AUTOSAVE_KEY, &stored);
        }
    }
}

fn saved_at(key: &str) -> Option<Saved> {
    let stored = storage()?.get_item(key).ok()??;
    let (time, json) = stored.split_once('\n')?;
    let millis: f64 = time.parse().ok()?;
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    let when = String::from(date.to_locale_string("en-GB", &JsValue::UNDEFINED));
    Some(Saved {
        json: json.to_owned(),
        when,
    })
}

/// Forgets the design autosaved from `origin`.
pub fn clear_autosave(origin: Origin) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(autosave_key(origin));
    }
}

/// A number remembered under `key` in local storage (a pane's size), if one is there.
pub fn remembered(key: &str) -> Option<f64> {
    storage()?.get_item(key).ok()??.parse().ok()
}

/// Remembers `value` under `key` in local storage (nothing when storage is refused).
pub fn remember(key: &str, value: f64) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, &value.to_string());
    }
}

/// The address fragment without its `#` (empty when none).
pub fn fragment() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Sets the address fragment without adding a history entry or reloading; an empty
/// `fragment` removes it.
pub fn set_fragment(fragment: &str) {
    let location = window().location();
    let base = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let url = if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's address.
pub fn href() -> String {
    window().location().href().unwrap_or_default()
}

/// Copies `text` to the clipboard; resolves to whether the browser allowed it.
pub async fn copy(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// The bytes of the first file picked in `input`, with its name.
pub async fn picked_file(input: &web_sys::HtmlInputElement) -> Option<(String, Vec<u8>)> {
    let file = gloo_file::File::from(input.files()?.get(0)?);
    let bytes = gloo_file::futures::read_as_bytes(&file).await.ok()?;
    Some((file.name(), bytes))
}

/// Asks the person to confirm `question` (a native dialog); `true` if they agree.
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// Adds a `performance` mark named `name` (read by `bench/perf.mjs`); does nothing where the
/// Performance API is missing.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Scrolls the element with id `id` to the top of the window when it starts in the last
/// `share` of the window's height or below it, or ends above the window (on a phone the
/// inspector is far below the matrix a person taps in).
pub fn reveal(id: &str, share: f64) {
    let Some(element) = window().document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    let rect = element.get_bounding_client_rect();
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or_default();
    if rect.top() > height * (1.0 - share) || rect.bottom() < 0.0 {
        element.scroll_into_view_with_bool(true);
    }
}
