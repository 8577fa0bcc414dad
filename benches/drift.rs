//! What drift detection costs per note: `kickoff scan` runs it on every line, the meeting
//! screen on every line an edit touches. Target: at most 5 µs a line.
//!
//! `cargo bench --bench drift`; the throughput line reads as lines per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kickoff::core::drift::{Detector, FindingKind};

/// Every note of the corpus, labelled or not: a mix of clean and flagged lines.
fn corpus_lines() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut lines = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return lines;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for raw in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some(note) = raw.splitn(3, '\t').nth(2) {
                lines.push(note.to_owned());
            }
        }
    }
    lines
}

/// How many of `lines` `check` finds something in.
fn flagged<T>(lines: &[impl AsRef<str>], check: impl Fn(&str) -> Option<T>) -> usize {
    lines
        .iter()
        .filter(|l| check(black_box(l.as_ref())).is_some())
        .count()
}

fn drift(c: &mut Criterion) {
    let lines = corpus_lines();
    assert!(!lines.is_empty(), "no corpus lines found");
    let mut group = c.benchmark_group("drift");
    group.throughput(Throughput::Elements(lines.len() as u64));
    let detector = Detector::default();
    group.bench_function("scan_corpus_lines", |b| {
        b.iter(|| flagged(&lines, |l| detector.strongest(l)));
    });
    let mut tuned = Detector::default();
    let phrases = [
        (FindingKind::Troubleshooting, "helm rollback"),
        (FindingKind::Troubleshooting, "sidekiq ~2 retr*"),
        (FindingKind::Labeling, "@whois our ~3 champion"),
    ];
    for (kind, phrase) in phrases {
        if tuned.add_phrase(kind, phrase).is_err() {
            unreachable!("a valid phrase");
        }
    }
    if tuned.add_ignore("error budget review").is_err() {
        unreachable!("a valid phrase");
    }
    group.bench_function("scan_corpus_lines_with_config_phrases", |b| {
        b.iter(|| flagged(&lines, |l| tuned.strongest(l)));
    });
    // The export's pass: the labeling finding of each line, most lines ruled out early.
    group.bench_function("labeling_corpus_lines", |b| {
        b.iter(|| flagged(&lines, |l| detector.labeling(l)));
    });
    let notes = kickoff::core::sample::note_lines(10_000, 7);
    group.throughput(Throughput::Elements(notes.len() as u64));
    group.bench_function("labeling_10000_sample_notes", |b| {
        b.iter(|| flagged(&notes, |l| detector.labeling(l)));
    });
    group.finish();
}

criterion_group!(benches, drift);
criterion_main!(benches);
