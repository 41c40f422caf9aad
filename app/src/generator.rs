//! The page's handle on the generator. The designer shell never links the generator (emit,
//! bundle checks, zip, cost estimate): it asks the Web Worker built from `worker/`, which
//! answers with `tfdesign_core::session`. Messages are JSON ([`Request`], [`Response`]) with a
//! zip's bytes beside them; each answer repeats its request's `seq`, which routes it to the
//! callback that asked (and lets the state drop answers it no longer wants).
//!
//! The worker is started just after the first paint; requests made before it says it is ready
//! wait in the page. The wasm tests, which have no worker to load, install an in-page
//! [`Backend`] that answers with the same session ([`use_backend`]).

use std::{
    cell::{Cell, RefCell},
    collections::BTreeMap,
    rc::Rc,
};

use gloo_events::EventListener;
use leptos::{
    prelude::{request_animation_frame, set_timeout},
    wasm_bindgen::{JsCast, JsValue},
};
pub use tfdesign_core::session::{Request, Response};

/// Where the worker's loader is, next to the page (Trunk's `data-loader-shim`).
pub const WORKER_URL: &str = "./tfdesign-worker_loader.js";

/// What receives an answer: the response and the bytes beside it.
pub type Reply = Box<dyn FnOnce(Response, Option<Vec<u8>>)>;

/// Something that answers requests: the worker, or in tests the page itself.
pub trait Backend {
    /// Sends `request` (JSON) with `bytes` beside it; the answer goes to `deliver` (JSON and
    /// bytes), later, never before this returns.
    fn send(&self, request: String, bytes: Option<Vec<u8>>, deliver: Deliver);
}

/// Routes an answer (JSON and bytes) to whoever asked.
pub type Deliver = Rc<dyn Fn(String, Option<Vec<u8>>)>;

/// The handle: numbers requests and routes each answer to whoever asked.
#[derive(Clone)]
pub struct Generator {
    backend: Rc<dyn Backend>,
    waiting: Rc<RefCell<BTreeMap<u64, Reply>>>,
    next: Rc<Cell<u64>>,
    deliver: Deliver,
}

thread_local! {
    static SHARED: RefCell<Option<Generator>> = const { RefCell::new(None) };
}

/// The page's generator (one per page; the worker is started on first use, after a paint).
pub fn shared() -> Generator {
    SHARED.with_borrow_mut(|g| {
        g.get_or_insert_with(|| Generator::new(Rc::new(WorkerBackend::start())))
            .clone()
    })
}

/// Makes `backend` answer the page's requests from now on (the wasm tests' in-page session).
pub fn use_backend(backend: Rc<dyn Backend>) {
    SHARED.with_borrow_mut(|g| *g = Some(Generator::new(backend)));
}

impl Generator {
    fn new(backend: Rc<dyn Backend>) -> Generator {
        let waiting: Rc<RefCell<BTreeMap<u64, Reply>>> = Rc::default();
        let table = waiting.clone();
        let deliver: Deliver = Rc::new(move |json: String, bytes: Option<Vec<u8>>| {
            let response = Response::from_json(&json);
            // A request that was not understood has no number: it is nobody's answer.
            let Some(seq) = response.seq() else {
                leptos::logging::error!("tfdesign: the worker refused a message: {json}");
                return;
            };
            let reply = table.borrow_mut().remove(&seq);
            if let Some(reply) = reply {
                reply(response, bytes);
            }
        });
        Generator {
            backend,
            waiting,
            next: Rc::new(Cell::new(1)),
            deliver,
        }
    }

    /// Sends the request `make` builds from a fresh sequence number (with `bytes` beside
    /// it); `reply` gets the answer. Returns the sequence number.
    pub fn ask(
        &self,
        make: impl FnOnce(u64) -> Request,
        bytes: Option<Vec<u8>>,
        reply: impl FnOnce(Response, Option<Vec<u8>>) + 'static,
    ) -> u64 {
        let seq = self.next.get();
        self.next.set(seq + 1);
        self.waiting.borrow_mut().insert(seq, Box::new(reply));
        self.backend
            .send(make(seq).to_json(), bytes, self.deliver.clone());
        seq
    }
}

/// The design as the JSON requests carry.
pub fn design_json(design: &tfdesign_core::Design) -> String {
    serde_json::to_string(design).unwrap_or_default()
}

/// The Web Worker, started just after the next paint; requests wait until it is ready.
struct WorkerBackend {
    inner: Rc<WorkerInner>,
}

#[derive(Default)]
struct WorkerInner {
    worker: RefCell<Option<web_sys::Worker>>,
    ready: Cell<bool>,
    /// Messages to post once the worker is ready.
    queue: RefCell<Vec<js_sys::Array>>,
    /// Where answers go (the generator's router).
    deliver: RefCell<Option<Deliver>>,
}

impl WorkerBackend {
    fn start() -> WorkerBackend {
        let inner = Rc::new(WorkerInner::default());
        let starting = inner.clone();
        // After the first paint: the page's own start comes first.
        request_animation_frame(move || {
            set_timeout(move || starting.spawn(), std::time::Duration::ZERO);
        });
        WorkerBackend { inner }
    }
}

impl WorkerInner {
    fn spawn(self: Rc<Self>) {
        let worker = match web_sys::Worker::new(WORKER_URL) {
            Ok(w) => w,
            Err(e) => {
                leptos::logging::error!("tfdesign: the generator's worker did not start: {e:?}");
                return;
            }
        };
        let this = self.clone();
        // The worker lives as long as the page, and so do its listeners.
        EventListener::new(&worker, "message", move |event| {
            if let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() {
                this.receive(event.data());
            }
        })
        .forget();
        EventListener::new(&worker, "error", |event| {
            let message = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(web_sys::ErrorEvent::message)
                .unwrap_or_default();
            leptos::logging::error!("tfdesign: the generator's worker failed: {message}");
        })
        .forget();
        *self.worker.borrow_mut() = Some(worker);
    }

    fn receive(&self, data: JsValue) {
        if data.as_string().as_deref() == Some("ready") {
            self.ready.set(true);
            let queued = self.queue.take();
            for message in queued {
                self.post(&message);
            }
            return;
        }
        let data = js_sys::Array::from(&data);
        let Some(json) = data.get(0).as_string() else {
            return;
        };
        let bytes = data
            .get(1)
            .dyn_into::<js_sys::Uint8Array>()
            .ok()
            .map(|a| a.to_vec());
        let deliver = self.deliver.borrow().clone();
        if let Some(deliver) = deliver {
            deliver(json, bytes);
        }
    }

    fn post(&self, message: &js_sys::Array) {
        if let Some(worker) = self.worker.borrow().as_ref() {
            if let Err(e) = worker.post_message(message) {
                leptos::logging::error!("tfdesign: a request did not reach the worker: {e:?}");
            }
        }
    }
}

impl Backend for WorkerBackend {
    fn send(&self, request: String, bytes: Option<Vec<u8>>, deliver: Deliver) {
        self.inner.deliver.borrow_mut().get_or_insert(deliver);
        let message = js_sys::Array::of1(&JsValue::from_str(&request));
        if let Some(bytes) = bytes {
            message.push(&js_sys::Uint8Array::from(bytes.as_slice()));
        }
        if self.inner.ready.get() {
            self.inner.post(&message);
        } else {
            self.inner.queue.borrow_mut().push(message);
        }
    }
}
