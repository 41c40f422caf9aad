//! Each stage of the pipeline at seed scale (sports-cards) and at 10× (30 services × 4 tiers ×
//! 3 regions): validate, plan, emit+render, zip, and the whole `generate`.
//! `cargo bench -p tfdesign-core --bench pipeline`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tfdesign_core::{emit, plan::Plan, presets, scale, validate};

fn stages(c: &mut Criterion) {
    let designs = [
        ("sports-cards", presets::sports_cards()),
        ("10x", scale::scaled(30, 4, 3)),
    ];
    for (name, design) in &designs {
        let plan = Plan::build(design);
        let bundle = emit::bundle(design, &plan);
        eprintln!(
            "{name}: {} deployments, {} files, {} bytes",
            plan.deployments.len(),
            bundle.files.len(),
            bundle.total_bytes()
        );
        let mut g = c.benchmark_group(*name);
        g.sample_size(20);
        g.bench_function("validate", |b| {
            b.iter(|| validate::validate(black_box(design)))
        });
        g.bench_function("plan", |b| b.iter(|| Plan::build(black_box(design))));
        g.bench_function("emit+render", |b| {
            b.iter(|| emit::bundle(black_box(design), &plan))
        });
        g.bench_function("zip", |b| b.iter(|| bundle.to_zip().unwrap()));
        g.bench_function("generate", |b| {
            b.iter(|| tfdesign_core::generate(black_box(design)).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
