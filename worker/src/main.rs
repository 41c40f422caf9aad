//! The designer's Web Worker: answers the page's [`Request`]s with a [`Session`] (generation,
//! bundle checks, zips, reading a zip's design, the cost estimate) and times the in-page
//! benchmark. The page (the designer shell) never links the generator; it asks here.
//!
//! A message from the page is an array `[request JSON]` or `[request JSON, Uint8Array]`; an
//! answer is `[response JSON]` or `[response JSON, Uint8Array]` (the zip's buffer transferred).
//! The worker says `"ready"` once it listens: the page holds its requests until then.
//! Requests arriving together are answered newest file first, and a file or bundle request
//! replaced by a newer one of its kind is dropped ([`session::coalesce`]).

use std::cell::RefCell;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use tfdesign_core::session::{self, Request, Response, Session};
use tfdesign_core::Design;
use wasm_bindgen::{prelude::*, JsCast};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Talc instead of Rust's default wasm32 allocator (dlmalloc): generation, checks and zips
/// allocate and free many small strings and trees, and the whole pipeline measured faster with it
/// (BENCHMARKS.md).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    static SESSION: RefCell<Session> = RefCell::new(Session::new());
    /// Requests received and not answered yet.
    static WAITING: RefCell<Vec<(Request, Option<Vec<u8>>)>> = const { RefCell::new(Vec::new()) };
    static SCHEDULED: RefCell<bool> = const { RefCell::new(false) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn post(response: &Response, bytes: Option<Vec<u8>>) {
    let message = js_sys::Array::of1(&JsValue::from_str(&response.to_json()));
    let transfer = js_sys::Array::new();
    if let Some(bytes) = bytes {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        transfer.push(&array.buffer());
        message.push(&array);
    }
    if let Err(e) = scope().post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_2(&"tfdesign worker: an answer was not sent".into(), &e);
    }
}

/// Reads one message from the page; an unreadable one is answered at once.
fn receive(event: &MessageEvent) {
    let data = js_sys::Array::from(&event.data());
    let Some(text) = data.get(0).as_string() else {
        post(
            &Response::Refused {
                seq: None,
                message: "the message carries no request".to_owned(),
            },
            None,
        );
        return;
    };
    let bytes = data
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .map(|a| a.to_vec());
    let request = match Request::from_json(&text) {
        Ok(request) => request,
        Err(message) => {
            post(&Response::Refused { seq: None, message }, None);
            return;
        }
    };
    WAITING.with_borrow_mut(|w| w.push((request, bytes)));
    // Answer after the messages already queued have arrived, so newer ones replace older.
    if !SCHEDULED.replace(true) {
        Timeout::new(0, answer_waiting).forget();
    }
}

fn answer_waiting() {
    SCHEDULED.replace(false);
    let waiting = session::coalesce(WAITING.take());
    for (request, bytes) in waiting {
        let (response, out) = match &request {
            Request::Bench { seq, design, runs } => (
                Response::Bench {
                    seq: *seq,
                    result: bench(design, *runs),
                },
                None,
            ),
            _ => SESSION.with_borrow_mut(|s| s.answer(&request, bytes.as_deref())),
        };
        post(&response, out);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// One run of the whole pipeline on `design`: design rules, generation, bundle checks, zip;
/// the milliseconds of each of the last three and of all four, or `None` when it has errors.
fn run(design: &Design) -> Option<[f64; 4]> {
    let t0 = now();
    std::hint::black_box(tfdesign_core::validate::validate(design));
    let t1 = now();
    let generated = tfdesign_core::generate_with_bodies(design).ok()?;
    let t2 = now();
    std::hint::black_box(tfdesign_core::validate_generated(&generated));
    let t3 = now();
    std::hint::black_box(generated.bundle.to_zip().ok()?);
    let t4 = now();
    Some([t2 - t1, t3 - t2, t4 - t3, t4 - t0])
}

/// Times the pipeline on the design `json` as the designer runs it after each edit: `runs`
/// runs, each on the design with the benchmark's edit made or undone
/// ([`tfdesign_core::scale::edited`]), after one run to warm up; and `runs` runs of a first
/// bundle (the zip's and manifest's memories of the last bundle forgotten: what opening a
/// design costs). Returns the medians in
/// milliseconds as JSON: `{"generate":…,"checks":…,"zip":…,"total":…,"first":…,"files":…}`
/// (`total`: design rules + generation + bundle checks + zip after an edit; `first`: the same
/// for a first bundle), or `{"error":"…"}`.
fn bench(json: &str, runs: u32) -> String {
    let design = match Design::from_json(json) {
        Ok(d) => d,
        Err(e) => return format!("{{\"error\":{:?}}}", e.to_string()),
    };
    let other = tfdesign_core::scale::edited(&design);
    let Some(files) = tfdesign_core::generate(&design)
        .ok()
        .filter(|_| run(&other).is_some())
        .map(|b| b.files.len())
    else {
        return "{\"error\":\"the design has errors\"}".into();
    };
    let runs = runs.max(1);
    let mut stages: [Vec<f64>; 4] = Default::default();
    let mut first = vec![];
    for i in 0..runs {
        let times = run(if i % 2 == 0 { &design } else { &other }).unwrap_or_default();
        for (stage, t) in stages.iter_mut().zip(times) {
            stage.push(t);
        }
    }
    for _ in 0..runs {
        tfdesign_core::scale::forget_last_bundle();
        first.push(run(&design).map_or(0.0, |t| t[3]));
    }
    let [generate, checks, zip, total] = stages;
    format!(
        "{{\"generate\":{:.3},\"checks\":{:.3},\"zip\":{:.3},\"total\":{:.3},\"first\":{:.3},\"files\":{files}}}",
        median(generate),
        median(checks),
        median(zip),
        median(total),
        median(first),
    )
}

fn main() {
    let scope = scope();
    // Listens for the page's whole life.
    EventListener::new(&scope, "message", |event| {
        if let Some(event) = event.dyn_ref::<MessageEvent>() {
            receive(event);
        }
    })
    .forget();
    if let Err(e) = scope.post_message(&JsValue::from_str("ready")) {
        web_sys::console::error_2(&"tfdesign worker: could not say it is ready".into(), &e);
    }
}
