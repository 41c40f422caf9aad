//! What the designer's worker answers: the messages between the page (the designer shell,
//! which never links the generator) and the Web Worker that generates, checks, zips, reads
//! zips and estimates cost, and the [`Session`] that answers them.
//!
//! Messages are JSON text ([`Request`], [`Response`]); the bytes of a zip travel beside them
//! (a zip to read with [`Request::ReadZip`], the zip made for [`Request::Zip`]). Every request
//! carries a sequence number `seq` that its answer repeats, so the page drops the answer to a
//! request it has since replaced. A request carries the design as JSON text; the session keeps
//! the last design it read and the last bundle it generated, so asking again about the same
//! design (a file, then the zip) does not redo the work.
//!
//! No IO and no clock here: the worker crate (`worker/`) moves the messages, and the designer's
//! wasm tests answer them in the page with the same [`Session`].

use serde::{Deserialize, Serialize};

use crate::compare::{self, FieldChange, FileChange};
use crate::cost::{self, Estimate, Micros, PriceTable, RootEstimate};
use crate::design::Design;
use crate::diagnostic::{Diagnostic, Severity};
use crate::emit::Generated;
use crate::plan::Plan;
use crate::usage::UsageInputs;

/// A question from the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// One file of the design's bundle (the file on screen): answered by [`Response::File`].
    File {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON.
        design: String,
        /// The bundle path.
        path: String,
    },
    /// The whole bundle: its file list, bundle checks and cost estimate without line items
    /// ([`Response::Bundle`]; at 10× the line items are megabytes the page would parse on
    /// its main thread: it asks for one root's with [`Request::CostLines`]).
    Bundle {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON (its usage section is what the cost estimate counts).
        design: String,
    },
    /// The line items of one root of the cost estimate ([`Response::CostLines`]).
    CostLines {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON (its usage section is what the estimate counts).
        design: String,
        /// The root, e.g. `environments/api/us-east-1/prod`.
        root: String,
    },
    /// The bundle zip ([`Response::Zip`], with the zip's bytes beside it).
    Zip {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON.
        design: String,
    },
    /// The design in the zip whose bytes travel beside the request ([`Response::ReadZip`]).
    ReadZip {
        /// Repeated in the answer.
        seq: u64,
    },
    /// How many files a (large) design's bundle has ([`Response::Count`]).
    Count {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON.
        design: String,
    },
    /// The in-page pipeline benchmark (`bench/perf.mjs`), timed by the worker, which has a
    /// clock ([`Response::Bench`]).
    Bench {
        /// Repeated in the answer.
        seq: u64,
        /// The design, as JSON.
        design: String,
        /// Warm runs to take the median of.
        runs: u32,
    },
    /// What changed from an earlier design to the current one: fields, files and cost
    /// ([`Response::Compare`]), as `tfdesign diff` reports them.
    Compare {
        /// Repeated in the answer.
        seq: u64,
        /// The earlier design, as JSON.
        earlier: String,
        /// The current design, as JSON.
        current: String,
    },
}

/// The most lines of unified diff a [`Response::Compare`] carries for one file.
pub const COMPARE_DIFF_LINES: usize = 200;

impl Request {
    /// The sequence number the answer repeats.
    pub fn seq(&self) -> u64 {
        match self {
            Request::File { seq, .. }
            | Request::Bundle { seq, .. }
            | Request::CostLines { seq, .. }
            | Request::Zip { seq, .. }
            | Request::ReadZip { seq }
            | Request::Count { seq, .. }
            | Request::Bench { seq, .. }
            | Request::Compare { seq, .. } => *seq,
        }
    }

    /// The request as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a request; the error says what is wrong with it.
    ///
    /// # Errors
    /// Not JSON, or not a request this session knows.
    pub fn from_json(text: &str) -> Result<Request, String> {
        serde_json::from_str(text).map_err(|e| format!("the request is not understood: {e}"))
    }
}

/// The file list of a generated bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Every path of the bundle, in order.
    pub files: Vec<String>,
}

/// An answer from the worker. Externally tagged (`{"bundle":{…}}`): an internally tagged enum
/// is buffered on reading, which loses the estimate's `u128` quantities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The text of one file; `None` when the design has errors or its bundle has no such file.
    File {
        /// The request's.
        seq: u64,
        /// The path asked about.
        path: String,
        /// Its text.
        text: Option<String>,
    },
    /// The whole bundle, or every diagnostic that stopped it.
    Bundle {
        /// The request's.
        seq: u64,
        /// The file list, or the design rules' findings with at least one error.
        bundle: Result<Summary, Vec<Diagnostic>>,
        /// The bundle checks (`validate_generated`); none without a bundle.
        checks: Vec<Diagnostic>,
        /// The monthly cost estimate, every root's `items` left out; `None` while the design
        /// has errors.
        cost: Option<Box<Estimate>>,
    },
    /// One root of the estimate, with its line items; `None` when the design has errors or
    /// no such root.
    CostLines {
        /// The request's.
        seq: u64,
        /// The root asked about.
        root: String,
        /// Its estimate.
        lines: Option<RootEstimate>,
    },
    /// The zip was made (its bytes travel beside the answer), or why not.
    Zip {
        /// The request's.
        seq: u64,
        /// `Err` with the reason when no zip was made.
        made: Result<(), String>,
        /// The bundle checks of what was zipped.
        checks: Vec<Diagnostic>,
    },
    /// The text of the zip's `tfdesign.json`, or why it could not be read.
    ReadZip {
        /// The request's.
        seq: u64,
        /// The design JSON, or the reason.
        design: Result<String, String>,
    },
    /// The number of files; `None` when the design has errors.
    Count {
        /// The request's.
        seq: u64,
        /// Files of the bundle.
        files: Option<usize>,
    },
    /// The benchmark's medians as JSON (see the worker crate).
    Bench {
        /// The request's.
        seq: u64,
        /// `{"generate":…,"checks":…,"zip":…,"total":…,"files":…}` or `{"error":"…"}`.
        result: String,
    },
    /// What changed from the earlier design to the current one.
    Compare {
        /// The request's.
        seq: u64,
        /// The design fields that differ (`compare::design`).
        fields: Vec<FieldChange>,
        /// The bundle files added, removed and changed, each changed one with its unified diff
        /// of at most [`COMPARE_DIFF_LINES`] lines (`compare::files`); `None` when either
        /// design has errors (no bundle to compare).
        files: Option<Vec<FileChange>>,
        /// The monthly cost estimate's total of the earlier design and of the current one
        /// (the page shows the change; `compare::cost` has it per root, which the designer
        /// does not show); `None` when either design has errors.
        cost: Option<(Micros, Micros)>,
    },
    /// The request could not be understood (not JSON, an unknown operation, a design that does
    /// not load).
    Refused {
        /// The request's, when it had one.
        seq: Option<u64>,
        /// What was wrong.
        message: String,
    },
}

impl Response {
    /// The sequence number of the request this answers.
    pub fn seq(&self) -> Option<u64> {
        match self {
            Response::File { seq, .. }
            | Response::Bundle { seq, .. }
            | Response::CostLines { seq, .. }
            | Response::Zip { seq, .. }
            | Response::ReadZip { seq, .. }
            | Response::Count { seq, .. }
            | Response::Bench { seq, .. }
            | Response::Compare { seq, .. } => Some(*seq),
            Response::Refused { seq, .. } => *seq,
        }
    }

    /// The answer as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads an answer; an unreadable one is itself a [`Response::Refused`].
    pub fn from_json(text: &str) -> Response {
        serde_json::from_str(text).unwrap_or_else(|e| Response::Refused {
            seq: None,
            message: format!("the worker's answer is not understood: {e}"),
        })
    }
}

/// The requests still worth answering, in the order to answer them: of the [`Request::File`]
/// and [`Request::Bundle`] requests waiting together only the last of each counts (a newer
/// one replaced the rest), and the file on screen goes first; the others keep their order.
pub fn coalesce<B>(waiting: Vec<(Request, B)>) -> Vec<(Request, B)> {
    let last_file = waiting
        .iter()
        .rposition(|(r, _)| matches!(r, Request::File { .. }));
    let last_bundle = waiting
        .iter()
        .rposition(|(r, _)| matches!(r, Request::Bundle { .. }));
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for (i, item) in waiting.into_iter().enumerate() {
        match item.0 {
            Request::File { .. } if Some(i) == last_file => first.push(item),
            Request::File { .. } => {}
            Request::Bundle { .. } if Some(i) != last_bundle => {}
            _ => rest.push(item),
        }
    }
    first.extend(rest);
    first
}

/// Answers requests, keeping the last design read and the last bundle generated.
#[derive(Default)]
pub struct Session {
    /// The text of the last design read, and what it loaded to.
    design: Option<(String, Result<Design, String>)>,
    /// The design text the last bundle was generated from, and what generating it gave.
    generated: Option<(String, Result<Generated, Vec<Diagnostic>>)>,
    /// The design text of the last estimate, and the estimate.
    estimate: Option<(String, Estimate)>,
}

impl Session {
    /// A session with nothing read yet.
    pub fn new() -> Session {
        Session::default()
    }

    /// Answers the JSON `request` (with `bytes` beside it, for [`Request::ReadZip`]): the
    /// answer's JSON, and the bytes that go beside it (the zip of [`Request::Zip`]).
    pub fn answer_json(
        &mut self,
        request: &str,
        bytes: Option<&[u8]>,
    ) -> (String, Option<Vec<u8>>) {
        let (response, out) = match Request::from_json(request) {
            Ok(request) => self.answer(&request, bytes),
            Err(message) => (Response::Refused { seq: None, message }, None),
        };
        (response.to_json(), out)
    }

    /// Answers `request` (with `bytes` beside it, for [`Request::ReadZip`]).
    pub fn answer(
        &mut self,
        request: &Request,
        bytes: Option<&[u8]>,
    ) -> (Response, Option<Vec<u8>>) {
        let seq = request.seq();
        let refused = |message: String| Response::Refused {
            seq: Some(seq),
            message,
        };
        match request {
            Request::File { design, path, .. } => {
                let text = match self.design(design) {
                    Ok(d) => crate::generate_file(&d, path),
                    Err(e) => return (refused(e), None),
                };
                (
                    Response::File {
                        seq,
                        path: path.clone(),
                        text,
                    },
                    None,
                )
            }
            Request::Bundle { design, .. } => {
                let loaded = match self.design(design) {
                    Ok(d) => d,
                    Err(e) => return (refused(e), None),
                };
                let generated = self.generated(design, &loaded);
                let (bundle, checks) = match generated {
                    Ok(g) => (
                        Ok(Summary {
                            files: g.bundle.files.keys().cloned().collect(),
                        }),
                        crate::validate_generated(g),
                    ),
                    Err(errors) => (Err(errors.clone()), Vec::new()),
                };
                let cost = bundle.is_ok().then(|| {
                    let mut estimate = self.estimate(design, &loaded).clone();
                    for root in &mut estimate.roots {
                        root.items = Vec::new();
                    }
                    Box::new(estimate)
                });
                (
                    Response::Bundle {
                        seq,
                        bundle,
                        checks,
                        cost,
                    },
                    None,
                )
            }
            Request::CostLines { design, root, .. } => {
                let loaded = match self.design(design) {
                    Ok(d) => d,
                    Err(e) => return (refused(e), None),
                };
                let valid = !crate::validate::validate(&loaded)
                    .iter()
                    .any(|x| x.severity == Severity::Error);
                let lines = valid
                    .then(|| self.estimate(design, &loaded).root(root).cloned())
                    .flatten();
                (
                    Response::CostLines {
                        seq,
                        root: root.clone(),
                        lines,
                    },
                    None,
                )
            }
            Request::Zip { design, .. } => {
                let loaded = match self.design(design) {
                    Ok(d) => d,
                    Err(e) => return (refused(e), None),
                };
                match self.generated(design, &loaded) {
                    Ok(g) => {
                        let checks = crate::validate_generated(g);
                        match g.bundle.to_zip() {
                            Ok(zip) => (
                                Response::Zip {
                                    seq,
                                    made: Ok(()),
                                    checks,
                                },
                                Some(zip),
                            ),
                            Err(e) => (
                                Response::Zip {
                                    seq,
                                    made: Err(e),
                                    checks,
                                },
                                None,
                            ),
                        }
                    }
                    Err(_) => (
                        Response::Zip {
                            seq,
                            made: Err("the design has errors".to_owned()),
                            checks: Vec::new(),
                        },
                        None,
                    ),
                }
            }
            Request::ReadZip { .. } => {
                let design = match bytes {
                    Some(bytes) => crate::archive::read_design(bytes),
                    None => Err("no zip came with the request".to_owned()),
                };
                (Response::ReadZip { seq, design }, None)
            }
            Request::Count { design, .. } => {
                let files = match self.design(design) {
                    Ok(d) => crate::confirm_before_generating(&d)
                        .map(|large| large.files)
                        .unwrap_or_else(|| {
                            let valid = !crate::validate::validate(&d)
                                .iter()
                                .any(|x| x.severity == Severity::Error);
                            valid.then(|| crate::emit::file_count(&d, &Plan::build(&d)))
                        }),
                    Err(e) => return (refused(e), None),
                };
                (Response::Count { seq, files }, None)
            }
            Request::Bench { .. } => (
                refused("the benchmark needs a clock: the worker times it".to_owned()),
                None,
            ),
            Request::Compare {
                earlier, current, ..
            } => {
                let before = match Design::from_json(earlier) {
                    Ok(d) => d,
                    Err(e) => {
                        return (
                            refused(format!("the earlier design does not load: {e}")),
                            None,
                        )
                    }
                };
                let after = match self.design(current) {
                    Ok(d) => d,
                    Err(e) => return (refused(e), None),
                };
                (self.compare(seq, &before, current, &after), None)
            }
        }
    }

    /// The comparison of `before` with `after` (loaded from `text`, the session's design: its
    /// bundle and estimate are the kept ones when they are of it).
    fn compare(&mut self, seq: u64, before: &Design, text: &str, after: &Design) -> Response {
        let fields = compare::design(before, after);
        let earlier = crate::generate(before);
        let (files, cost) = match (&earlier, self.generated(text, after)) {
            (Ok(a), Ok(b)) => (
                Some(compare::files(
                    &a.files,
                    &b.bundle.files,
                    COMPARE_DIFF_LINES,
                )),
                true,
            ),
            _ => (None, false),
        };
        let cost = cost.then(|| (estimate(before).total, self.estimate(text, after).total));
        Response::Compare {
            seq,
            fields,
            files,
            cost,
        }
    }

    /// The design `text` loads to (the last one read is kept).
    fn design(&mut self, text: &str) -> Result<Design, String> {
        if let Some((seen, loaded)) = &self.design {
            if seen == text {
                return loaded.clone();
            }
        }
        let loaded = Design::from_json(text).map_err(|e| format!("the design does not load: {e}"));
        self.design = Some((text.to_owned(), loaded.clone()));
        loaded
    }

    /// The estimate of `design` (loaded from `text`), with the usage its design sets, made
    /// unless it is the last one.
    fn estimate(&mut self, text: &str, design: &Design) -> &Estimate {
        if self.estimate.as_ref().is_some_and(|(seen, _)| seen != text) {
            self.estimate = None;
        }
        &self
            .estimate
            .get_or_insert_with(|| (text.to_owned(), estimate(design)))
            .1
    }

    /// The bundle of `design` (loaded from `text`), generated unless it is the last one.
    fn generated(&mut self, text: &str, design: &Design) -> &Result<Generated, Vec<Diagnostic>> {
        if self
            .generated
            .as_ref()
            .is_some_and(|(seen, _)| seen != text)
        {
            self.generated = None;
        }
        &self
            .generated
            .get_or_insert_with(|| (text.to_owned(), crate::generate_with_bodies(design)))
            .1
    }
}

/// The monthly estimate of `design`, with the usage its design sets.
fn estimate(design: &Design) -> Estimate {
    cost::estimate(
        design,
        &Plan::build(design),
        PriceTable::embedded(),
        &UsageInputs::default(),
    )
}
