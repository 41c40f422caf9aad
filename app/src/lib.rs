//! tfdesign-app: the browser shell over `tfdesign-core`.
//!
//! Everything lives in this library so tests can mount it; `main.rs` only mounts [`App`].
//! The app holds no domain logic: it keeps the one [`Design`](tfdesign_core::Design) the user
//! works on (see [`state`]), changes it through `tfdesign_core::edit`, and shows what core
//! derives from it. It does not link the generator: bundles, their checks, zips and the cost
//! estimate come from the generator's Web Worker ([`generator`]).

pub mod actions;
pub mod bench;
pub mod browser;
pub mod components;
pub mod generator;
pub mod highlight;
pub mod lines;
pub mod state;

pub use components::app::App;
