//! Validation of the sports-cards design and bundle: layer 1 (design rules), layers 2 and 3
//! (provider schema, module wiring) on the bodies just generated (what the designer runs) and
//! on the bundle read back from text (what the CLI runs), and all three together.
//! `cargo bench -p tfdesign-core --bench validate`

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use tfdesign_core::{
    check, generate, generate_with_bodies, presets, schema, validate, validate_all,
    validate_bundle, validate_generated,
};

fn validation(c: &mut Criterion) {
    let design = presets::sports_cards();
    let bundle = generate(&design).unwrap();
    let tf = bundle.files.keys().filter(|p| p.ends_with(".tf")).count();
    eprintln!(
        "sports-cards: {tf} .tf files, {} bytes in the bundle",
        bundle.total_bytes()
    );
    let _ = schema::providers(); // parsed once per process, as in the app
    let mut g = c.benchmark_group("validate/sports-cards");
    g.sample_size(20);
    g.bench_function("design rules", |b| {
        b.iter(|| validate::validate(black_box(&design)))
    });
    // What the designer runs after an edit: the checks on the bodies it rendered, no parsing.
    let generated = generate_with_bodies(&design).unwrap();
    g.bench_function("generated bundle (schema + wiring on bodies)", |b| {
        b.iter(|| validate_generated(black_box(&generated)))
    });
    g.bench_function(
        "bundle from text (parse + schema + wiring), first time",
        |b| {
            b.iter(|| {
                check::clear_cache();
                validate_bundle(black_box(&bundle))
            })
        },
    );
    // The designer re-validates after each edit: files that did not change are parsed once.
    g.bench_function("bundle from text, again", |b| {
        b.iter(|| validate_bundle(black_box(&bundle)))
    });
    // One edit: a new service name changes every file of its four roots (24 files).
    let mut edited = design.clone();
    edited.services[1].name = "orders-intake".into();
    let edited = generate(&edited).unwrap();
    g.bench_function("bundle from text after renaming a service", |b| {
        b.iter_batched(
            || {
                check::clear_cache();
                validate_bundle(&bundle)
            },
            |_| validate_bundle(black_box(&edited)),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("all three layers (incl. generate)", |b| {
        b.iter(|| validate_all(black_box(&design)))
    });
    g.bench_function("parse embedded schema", |b| {
        b.iter(|| schema::parse(black_box(schema::PROVIDERS_TXT)))
    });
    g.finish();
}

criterion_group!(benches, validation);
criterion_main!(benches);
