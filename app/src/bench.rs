//! The core pipeline timed inside the browser, for `bench/perf.mjs`: exported to JavaScript
//! (Trunk puts the exports on `window.wasmBindings`), never called by the app itself.

use leptos::wasm_bindgen::{self, prelude::wasm_bindgen};
use tfdesign_core::Design;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// Times `runs` warm runs of each stage on the design `json` (after one run to warm up) and
/// returns the medians in milliseconds as JSON: `{"generate":…,"checks":…,"zip":…,"total":…,
/// "files":…}` (`total` is generate + design rules + bundle checks + zip in one go), or
/// `{"error":"…"}`.
#[wasm_bindgen]
pub fn bench_pipeline(json: &str, runs: u32) -> String {
    let design = match Design::from_json(json) {
        Ok(d) => d,
        Err(e) => return format!("{{\"error\":{:?}}}", format!("{e:?}")),
    };
    let Ok(generated) = tfdesign_core::generate_with_bodies(&design) else {
        return "{\"error\":\"the design has errors\"}".into();
    };
    let runs = runs.max(1);
    let (mut generate, mut checks, mut zip, mut total) = (vec![], vec![], vec![], vec![]);
    for _ in 0..=runs {
        let t0 = now();
        let g = tfdesign_core::generate_with_bodies(&design);
        let t1 = now();
        let _ = tfdesign_core::validate_generated(&generated);
        let t2 = now();
        let _ = generated.bundle.to_zip();
        let t3 = now();
        let all = g.map(|g| {
            let _ = tfdesign_core::validate::validate(&design);
            let _ = tfdesign_core::validate_generated(&g);
            g.bundle.to_zip()
        });
        let t4 = now();
        std::hint::black_box(all.is_ok());
        generate.push(t1 - t0);
        checks.push(t2 - t1);
        zip.push(t3 - t2);
        total.push(t4 - t3 + (t1 - t0));
    }
    // The first run warmed up.
    for v in [&mut generate, &mut checks, &mut zip, &mut total] {
        v.remove(0);
    }
    format!(
        "{{\"generate\":{:.3},\"checks\":{:.3},\"zip\":{:.3},\"total\":{:.3},\"files\":{}}}",
        median(generate),
        median(checks),
        median(zip),
        median(total),
        generated.bundle.files.len()
    )
}
