//! Each stage of the pipeline at seed scale (sports-cards) and at 10× (30 services × 4 tiers ×
//! 3 regions): validate, plan, emit+render, zip and the whole `generate` of a first bundle (no
//! memory of the last one), and the designer's whole pipeline after an edit (design rules,
//! generation, bundle checks, zip; the bundle before the edit remembered, as in the worker).
//! `cargo bench -p tfdesign-core --bench pipeline`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tfdesign_core::design::Design;
use tfdesign_core::{emit, plan::Plan, presets, scale, validate};

/// The designer's pipeline after an edit, as the worker runs it.
fn pipeline(design: &Design) {
    black_box(validate::validate(design));
    let generated = tfdesign_core::generate_with_bodies(design).unwrap();
    black_box(tfdesign_core::validate_generated(&generated));
    black_box(generated.bundle.to_zip().unwrap());
}

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
            b.iter(|| {
                scale::forget_last_bundle();
                emit::bundle(black_box(design), &plan)
            })
        });
        g.bench_function("zip", |b| {
            b.iter(|| {
                scale::forget_last_bundle();
                bundle.to_zip().unwrap()
            })
        });
        g.bench_function("generate", |b| {
            b.iter(|| {
                scale::forget_last_bundle();
                tfdesign_core::generate(black_box(design)).unwrap()
            })
        });
        let other = scale::edited(design);
        pipeline(design);
        let mut turn = false;
        g.bench_function("pipeline after an edit", |b| {
            b.iter(|| {
                turn = !turn;
                pipeline(if turn { &other } else { design })
            })
        });
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
