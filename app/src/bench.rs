//! The core pipeline timed inside the browser, for `bench/perf.mjs`: exported to JavaScript
//! (Trunk puts the exports on `window.wasmBindings`), never called by the app itself. The
//! worker runs and times it (the page does not link the generator); this only asks.

use leptos::wasm_bindgen::{self, prelude::wasm_bindgen, JsValue};

use crate::generator::{self, Request, Response};

/// Times `runs` warm runs of each stage on the design `json` in the generator's worker and
/// resolves to the medians in milliseconds as JSON: `{"generate":…,"checks":…,"zip":…,
/// "total":…,"first":…,"files":…}` (`total` is design rules + generate + bundle checks + zip
/// in one go after an edit, `first` the same for a first bundle), or `{"error":"…"}`.
#[wasm_bindgen]
pub fn bench_pipeline(json: String, runs: u32) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _reject| {
        let design = json.clone();
        generator::shared().ask(
            |seq| Request::Bench { seq, design, runs },
            None,
            move |response, _| {
                let result = match response {
                    Response::Bench { result, .. } => result,
                    Response::Refused { message, .. } => format!("{{\"error\":{message:?}}}"),
                    other => format!("{{\"error\":\"unexpected answer {:?}\"}}", other.seq()),
                };
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(&result));
            },
        );
    })
}
