//! Measures the drift detector on the labelled corpus in `tests/corpus/*.tsv` and enforces
//! floors. Run `cargo test --test drift_corpus -- --nocapture` to see the figures.
//!
//! Each corpus line is `label<TAB>sentence` (`#` starts a comment line); the label is
//! `benign`, `troubleshooting` or `labeling`. The last quarter of each file's sentences
//! is the held-out part: it was written before the rules were tuned and is reported
//! separately.

use std::fmt::Write as _;
use std::path::Path;

use kickoff::core::drift::{self, FindingKind};

const FILES: &[&str] = &[
    "benign.tsv",
    "lookalikes.tsv",
    "troubleshooting.tsv",
    "labeling.tsv",
    "probe.tsv",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Benign,
    Kind(FindingKind),
}

struct Sample {
    file: &'static str,
    line: usize,
    label: Label,
    text: String,
    held_out: bool,
}

fn load() -> Vec<Sample> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut samples = Vec::new();
    for file in FILES {
        let source = std::fs::read_to_string(dir.join(file))
            .unwrap_or_else(|e| panic!("cannot read tests/corpus/{file}: {e}"));
        let mut rows = Vec::new();
        for (i, raw) in source.lines().enumerate() {
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let (label, text) = raw
                .split_once('\t')
                .unwrap_or_else(|| panic!("{file}:{}: expected label<TAB>sentence", i + 1));
            let label = match label {
                "benign" => Label::Benign,
                "troubleshooting" => Label::Kind(FindingKind::Troubleshooting),
                "labeling" => Label::Kind(FindingKind::Labeling),
                other => panic!("{file}:{}: unknown label {other:?}", i + 1),
            };
            rows.push((i + 1, label, text.to_owned()));
        }
        let held_from = rows.len() - rows.len() / 4;
        for (n, (line, label, text)) in rows.into_iter().enumerate() {
            samples.push(Sample {
                file,
                line,
                label,
                text,
                held_out: n >= held_from,
            });
        }
    }
    samples
}

/// Precision, recall and false-positive rate for one kind.
#[derive(Debug, Default, Clone, Copy)]
struct Scores {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Scores {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp, 1.0)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_, 1.0)
    }
    fn fpr(self) -> f64 {
        ratio(self.fp, self.fp + self.tn, 0.0)
    }
}

fn ratio(a: usize, b: usize, empty: f64) -> f64 {
    if b == 0 { empty } else { a as f64 / b as f64 }
}

struct Report {
    text: String,
    troubleshooting: Scores,
    labeling: Scores,
    /// Benign sentences flagged with anything, out of all benign ones.
    benign_flagged: (usize, usize),
}

fn measure(samples: &[&Sample], title: &str) -> Report {
    let mut ts = Scores::default();
    let mut lb = Scores::default();
    let mut benign = (0, 0);
    let mut mistakes = String::new();
    for s in samples {
        let findings = drift::scan(&s.text);
        for (kind, scores) in [
            (FindingKind::Troubleshooting, &mut ts),
            (FindingKind::Labeling, &mut lb),
        ] {
            let predicted = findings.iter().any(|f| f.kind == kind);
            let actual = s.label == Label::Kind(kind);
            match (actual, predicted) {
                (true, true) => scores.tp += 1,
                (false, true) => scores.fp += 1,
                (true, false) => scores.fn_ += 1,
                (false, false) => scores.tn += 1,
            }
        }
        if s.label == Label::Benign {
            benign.1 += 1;
            if !findings.is_empty() {
                benign.0 += 1;
            }
        }
        let wrong = match s.label {
            Label::Benign => findings.first().map(|f| format!("flagged {:?}", f.matched)),
            Label::Kind(k) => {
                (!findings.iter().any(|f| f.kind == k)).then(|| match findings.first() {
                    Some(f) => format!("flagged as {:?} only", f.kind),
                    None => "missed".to_owned(),
                })
            }
        };
        if let Some(what) = wrong {
            let _ = writeln!(mistakes, "  {}:{}: {what}: {}", s.file, s.line, s.text);
        }
    }
    let mut text = String::new();
    let _ = writeln!(text, "== {title}: {} sentences", samples.len());
    for (name, s) in [("troubleshooting", ts), ("labeling", lb)] {
        let _ = writeln!(
            text,
            "  {name:<16} precision {:.3}  recall {:.3}  false-positive rate {:.3}  \
             (tp {} fp {} fn {} tn {})",
            s.precision(),
            s.recall(),
            s.fpr(),
            s.tp,
            s.fp,
            s.fn_,
            s.tn
        );
    }
    let _ = writeln!(
        text,
        "  benign flagged   {}/{} ({:.3})",
        benign.0,
        benign.1,
        ratio(benign.0, benign.1, 0.0)
    );
    if !mistakes.is_empty() {
        let _ = write!(text, "  mistakes:\n{mistakes}");
    }
    Report {
        text,
        troubleshooting: ts,
        labeling: lb,
        benign_flagged: benign,
    }
}

#[test]
fn the_corpus_is_big_enough_and_well_formed() {
    let samples = load();
    let count = |l: Label| samples.iter().filter(|s| s.label == l).count();
    assert!(samples.len() >= 300, "{} sentences", samples.len());
    assert!(count(Label::Benign) >= 150);
    assert!(count(Label::Kind(FindingKind::Troubleshooting)) >= 100);
    assert!(count(Label::Kind(FindingKind::Labeling)) >= 20);
    let mut seen = std::collections::HashSet::new();
    for s in &samples {
        assert!(
            seen.insert(s.text.as_str()),
            "{}:{}: duplicate sentence",
            s.file,
            s.line
        );
    }
}

#[test]
fn detector_meets_its_floors_on_the_corpus() {
    let samples = load();
    let all: Vec<&Sample> = samples.iter().collect();
    let held: Vec<&Sample> = samples.iter().filter(|s| s.held_out).collect();
    let tuned: Vec<&Sample> = samples.iter().filter(|s| !s.held_out).collect();
    let overall = measure(&all, "whole corpus");
    let held_out = measure(&held, "held-out quarter");
    let seen = measure(&tuned, "tuning part");
    let figures = format!("{}{}{}", overall.text, seen.text, held_out.text);
    println!("{figures}");

    let mut failures = Vec::new();
    let mut floor = |ok: bool, what: &str| {
        if !ok {
            failures.push(what.to_owned());
        }
    };
    let ts = overall.troubleshooting;
    let lb = overall.labeling;
    floor(ts.recall() >= 0.95, "troubleshooting recall >= 0.95");
    floor(
        ts.fpr() <= 0.03,
        "troubleshooting false-positive rate <= 0.03",
    );
    floor(ts.precision() >= 0.95, "troubleshooting precision >= 0.95");
    floor(lb.recall() >= 0.85, "labeling recall >= 0.85");
    floor(lb.fpr() <= 0.03, "labeling false-positive rate <= 0.03");
    floor(lb.precision() >= 0.85, "labeling precision >= 0.85");
    let (flagged, benign) = overall.benign_flagged;
    floor(
        ratio(flagged, benign, 0.0) <= 0.03,
        "benign sentences flagged <= 0.03",
    );
    // The held-out part is smaller and unseen: looser floors, so a regression shows.
    let hts = held_out.troubleshooting;
    floor(
        hts.recall() >= 0.85,
        "held-out troubleshooting recall >= 0.85",
    );
    floor(
        hts.fpr() <= 0.06,
        "held-out troubleshooting false-positive rate <= 0.06",
    );
    assert!(
        failures.is_empty(),
        "floors not met: {failures:#?}\n{figures}"
    );
}
