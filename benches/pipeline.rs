//! Criterion benchmarks of each stage on the shipped statutes: the bill check, parse,
//! score, redline, and a whole proposal comparison (apply every amendment, score each step, redline). Run with
//! `cargo bench --bench pipeline`; `benches/compare.sh` times whole commands against git.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

use redline::compare;
use redline::proposal::Proposal;
use redline::redline::diff::Budget;
use redline::statute::parse;
use redline::text::Source;

const STATUTES: &[&str] = &[
    "statutes/CT/54-95c@2016.txt",
    "statutes/CT/54-95c@2021.txt",
    "statutes/DC/22-1844-1847@2019.txt",
    "statutes/FL/943.0583@2023.txt",
];

fn source(path: &str) -> Source {
    let root = env!("CARGO_MANIFEST_DIR");
    Source::read(&format!("{root}/{path}")).expect("a shipped statute")
}

fn stages(c: &mut Criterion) {
    let rubric = redline::rubric::load("polaris-2019").expect("built-in rubric");
    for path in STATUTES {
        let name = path.trim_start_matches("statutes/");
        let src = source(path);
        c.bench_function(&format!("parse {name}"), |b| b.iter(|| parse(black_box(src.clone())).unwrap()));
        c.bench_function(&format!("bill check {name}"), |b| {
            b.iter(|| redline::proposal::bill::looks_like_bill(black_box(&src.text)))
        });
        let doc = parse(src).unwrap();
        c.bench_function(&format!("score {name}"), |b| b.iter(|| redline::rubric::score(black_box(&doc), &rubric)));
    }
    let old = parse(source("statutes/CT/54-95c@2016.txt")).unwrap();
    let new = parse(source("statutes/CT/54-95c@2021.txt")).unwrap();
    let budget = Budget::default();
    c.bench_function("redline CT 2016 -> 2021", |b| {
        b.iter(|| redline::redline::redline(black_box(&old), black_box(&new), &budget, &Default::default()))
    });
    let base = source("statutes/CT/54-95c@2016.txt");
    let proposal = Proposal::from_source(&source("proposals/CT/expand-vacatur.toml")).unwrap();
    c.bench_function("diff CT 2016 + expand-vacatur (apply, score, redline)", |b| {
        b.iter(|| compare::proposal(black_box(&base), &proposal, &rubric, &budget).unwrap())
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
