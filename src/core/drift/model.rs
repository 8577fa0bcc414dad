//! A second opinion from a word model: multinomial naive Bayes over a note's words and
//! word pairs, with three classes (benign, troubleshooting, labeling).
//!
//! It is trained the first time it is needed (about 17 million instructions under
//! callgrind, a few milliseconds: most of `kickoff scan`'s start-up), on the labelled
//! notes of `tests/corpus` compiled into the binary (about 110 KB; nothing is read or
//! downloaded at run time), leaving out the styles held out for measuring
//! ([`HELD_OUT_STYLES`]). The rules stay in charge; the model only
//!
//! * silences a *soft* troubleshooting finding (a symptom, a request, live work, a quote)
//!   when it is nearly sure the note is benign (see [`Model::benign`]), and
//! * adds a label the rules missed when it is nearly sure the note labels someone and the
//!   note holds one of the words it learned labels by ([`Model::label_word`]); the banner
//!   quotes that word.
//!
//! Choices: words are ASCII-lowercased runs of letters, digits, `_`, `'` and `-`, every
//! other visible character a word of its own; each distinct word and pair counts once per
//! note; add-one smoothing. The thresholds were chosen by training on all styles but one
//! and measuring on that one (docs/drift.md).

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::ops::Range;
use std::sync::LazyLock;

use super::words::{FxBuild, FxHasher};

/// Styles never trained on, so the figures measured on them stay unseen.
pub(super) const HELD_OUT_STYLES: &[&str] = &["bullets", "recap", "handover"];

/// The labelled notes: `label<TAB>style<TAB>note` lines.
const TRAINING: &[&str] = &[
    include_str!("../../../tests/corpus/benign.tsv"),
    include_str!("../../../tests/corpus/chat.tsv"),
    include_str!("../../../tests/corpus/esl.tsv"),
    include_str!("../../../tests/corpus/labeling.tsv"),
    include_str!("../../../tests/corpus/lookalikes.tsv"),
    include_str!("../../../tests/corpus/minutes.tsv"),
    include_str!("../../../tests/corpus/pasted.tsv"),
    include_str!("../../../tests/corpus/probe.tsv"),
    include_str!("../../../tests/corpus/shorthand.tsv"),
    include_str!("../../../tests/corpus/teams.tsv"),
    include_str!("../../../tests/corpus/terse.tsv"),
    include_str!("../../../tests/corpus/troubleshooting.tsv"),
];

/// Probability of "benign" above which a soft troubleshooting finding is dropped.
pub(super) const BENIGN_VETO: f64 = 0.95;

/// Probability of "labeling" above which the model adds a label the rules missed.
pub(super) const LABEL_ALONE: f64 = 0.99;

/// How much likelier (natural log) a word must be in labels than elsewhere to be a
/// label word, and how many labelled notes must hold it.
const LABEL_WORD_RATIO: f64 = 2.0;
const LABEL_WORD_NOTES: u32 = 2;

const BENIGN: usize = 0;
const TROUBLESHOOTING: usize = 1;
const LABELING: usize = 2;

/// The trained counts.
pub(super) struct Model {
    /// The log probability of each known feature, per class.
    logp: HashMap<u64, [f64; 3], FxBuild>,
    /// The log probability of a feature never seen in training, per class.
    unseen: [f64; 3],
    /// The log prior of each class.
    prior: [f64; 3],
    /// Words far likelier in labels than elsewhere, with that log ratio.
    label_words: HashMap<Box<str>, f64, FxBuild>,
    /// The first bytes of the label words, as a 256-bit set, and their lengths (63 for
    /// longer ones): a word outside either is no label word, without hashing it.
    label_firsts: [u64; 4],
    label_lens: u64,
}

/// The bit of `word`'s first byte in a 256-bit set, and of its length (at most 63).
fn shape_bits(word: &str) -> Option<(usize, u64, u64)> {
    let &first = word.as_bytes().first()?;
    let f = usize::from(first);
    Some((f / 64, 1 << (f % 64), 1 << word.len().min(63)))
}

pub(super) static MODEL: LazyLock<Model> =
    LazyLock::new(|| Model::train(TRAINING, |style| !HELD_OUT_STYLES.contains(&style)));

fn hash_word(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

fn hash_pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1
}

/// Calls `f` with each word of `text` and its byte range.
fn words(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    if text.is_ascii() {
        let b = text.as_bytes();
        let part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-');
        let mut buf = [0u8; 64];
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            if part(c) {
                let start = i;
                while b.get(i).copied().is_some_and(part) {
                    i += 1;
                }
                let typed = b.get(start..i).unwrap_or_default();
                match buf.get_mut(..typed.len()) {
                    Some(lower) => {
                        for (l, t) in lower.iter_mut().zip(typed) {
                            *l = t.to_ascii_lowercase();
                        }
                        f(std::str::from_utf8(lower).unwrap_or_default(), start..i);
                    }
                    None => f(&text[start..i].to_ascii_lowercase(), start..i),
                }
            } else {
                if !c.is_ascii_whitespace() && c != 0x0B {
                    let one = [c.to_ascii_lowercase()];
                    f(std::str::from_utf8(&one).unwrap_or_default(), i..i + 1);
                }
                i += 1;
            }
        }
        return;
    }
    let mut word = String::with_capacity(32);
    let mut start = 0;
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '\'' | '-');
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if part(c) {
            if word.is_empty() {
                start = i;
            }
            word.push(c.to_ascii_lowercase());
            if !chars.peek().is_some_and(|&(_, d)| part(d)) {
                f(&word, start..i + 1);
                word.clear();
            }
        } else if !c.is_whitespace() {
            let one: String = c.to_lowercase().collect();
            f(&one, i..i + c.len_utf8());
        }
    }
}

/// The distinct features of a note: its words and its pairs of neighbouring words.
fn features(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(48);
    let mut prev: Option<u64> = None;
    words(text, |w, _| {
        let h = hash_word(w);
        out.push(h);
        if let Some(p) = prev {
            out.push(hash_pair(p, h));
        }
        prev = Some(h);
    });
    out.sort_unstable();
    out.dedup();
    out
}

impl Model {
    /// Trains on the notes of `sources` whose style `keep` accepts.
    fn train(sources: &[&str], keep: impl Fn(&str) -> bool) -> Model {
        let mut model = Model {
            logp: HashMap::default(),
            unseen: [0.0; 3],
            prior: [0.0; 3],
            label_words: HashMap::default(),
            label_firsts: [0; 4],
            label_lens: 0,
        };
        // Notes holding each feature, features counted and notes, per class.
        let mut counts: HashMap<u64, [u32; 3], FxBuild> = HashMap::default();
        let mut totals = [0.0; 3];
        let mut notes = [0.0; 3];
        let mut unigrams: HashMap<Box<str>, [u32; 3], FxBuild> = HashMap::default();
        let mut seen: HashSet<Box<str>, FxBuild> = HashSet::default();
        for source in sources {
            for line in source.lines().filter(|l| !l.starts_with('#')) {
                let mut cols = line.splitn(3, '\t');
                let (Some(label), Some(style), Some(note)) =
                    (cols.next(), cols.next(), cols.next())
                else {
                    continue;
                };
                let class = match label {
                    "benign" => BENIGN,
                    "troubleshooting" => TROUBLESHOOTING,
                    "labeling" => LABELING,
                    _ => continue,
                };
                if !keep(style) {
                    continue;
                }
                let feats = features(note);
                for &f in &feats {
                    if let Some(slot) = counts.entry(f).or_insert([0; 3]).get_mut(class) {
                        *slot += 1;
                    }
                }
                seen.clear();
                words(note, |w, _| {
                    if seen.contains(w) {
                        return;
                    }
                    seen.insert(w.into());
                    if !unigrams.contains_key(w) {
                        unigrams.insert(w.into(), [0; 3]);
                    }
                    if let Some(slot) = unigrams.get_mut(w).and_then(|c| c.get_mut(class)) {
                        *slot += 1;
                    }
                });
                if let Some(t) = totals.get_mut(class) {
                    *t += feats.len() as f64;
                }
                if let Some(n) = notes.get_mut(class) {
                    *n += 1.0;
                }
            }
        }
        let vocab = counts.len() as f64;
        let all: f64 = notes.iter().sum();
        model.unseen = totals.map(|t| (1.0 / (t + vocab)).ln());
        model.prior = notes.map(|n| (n.max(1.0) / all.max(1.0)).ln());
        model.logp = counts
            .iter()
            .map(|(&f, counts)| {
                let mut lp = [0.0; 3];
                for ((slot, &n), &t) in lp.iter_mut().zip(counts).zip(&totals) {
                    *slot = ((f64::from(n) + 1.0) / (t + vocab)).ln();
                }
                (f, lp)
            })
            .collect();
        let [tb, tt, tl] = totals;
        for (word, [b, t, l]) in unigrams {
            let in_labels = (f64::from(l) + 1.0) / (tl + vocab);
            let elsewhere = (f64::from(b + t) + 1.0) / (tb + tt + vocab);
            let ratio = (in_labels / elsewhere).ln();
            if l >= LABEL_WORD_NOTES && ratio > LABEL_WORD_RATIO {
                if let Some((i, first, len)) = shape_bits(&word)
                    && let Some(set) = model.label_firsts.get_mut(i)
                {
                    *set |= first;
                    model.label_lens |= len;
                }
                model.label_words.insert(word, ratio);
            }
        }
        model
    }

    /// The probability of each class (benign, troubleshooting, labeling).
    fn posterior(&self, text: &str) -> [f64; 3] {
        let mut lp = self.prior;
        for f in features(text) {
            let add = self.logp.get(&f).unwrap_or(&self.unseen);
            for (slot, a) in lp.iter_mut().zip(add) {
                *slot += a;
            }
        }
        let max = lp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp = lp.map(|v| (v - max).exp());
        let sum: f64 = exp.iter().sum();
        exp.map(|v| v / sum)
    }

    /// Whether the model is nearly sure the note is benign.
    pub(super) fn benign(&self, text: &str) -> bool {
        self.posterior(text)[BENIGN] > BENIGN_VETO
    }

    /// Its label words (see the module docs).
    pub(super) fn label_words(&self) -> impl Iterator<Item = &str> {
        self.label_words.keys().map(|k| &**k)
    }

    /// Whether `norm` (a word as the tokenizer normalizes it) is a label word.
    pub(super) fn is_label_word(&self, norm: &str) -> bool {
        if let Some((i, first, len)) = shape_bits(norm)
            && (self.label_firsts.get(i).is_none_or(|set| set & first == 0)
                || self.label_lens & len == 0)
        {
            return false;
        }
        self.label_words.contains_key(norm)
    }

    /// The note's strongest label word, if it has one; `norms` are the normalized forms
    /// of its tokens, as the tokenizer makes them.
    fn label_word<'n>(
        &self,
        text: &str,
        mut norms: impl Iterator<Item = &'n str>,
    ) -> Option<Range<usize>> {
        if !norms.any(|norm| self.is_label_word(norm)) {
            return None;
        }
        let mut best: Option<(f64, Range<usize>)> = None;
        words(text, |w, range| {
            if let Some(&ratio) = self.label_words.get(w)
                && best.as_ref().is_none_or(|(r, _)| ratio > *r)
            {
                best = Some((ratio, range));
            }
        });
        best.map(|(_, range)| range)
    }

    /// The span of the label word when the model is nearly sure the note labels
    /// someone.
    pub(super) fn label<'n>(
        &self,
        text: &str,
        norms: impl Iterator<Item = &'n str>,
    ) -> Option<Range<usize>> {
        let at = self.label_word(text, norms)?;
        (self.posterior(text)[LABELING] > LABEL_ALONE).then_some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(m: &Model, text: &str) -> Option<Range<usize>> {
        let line = super::super::tokens::Line::new(text);
        m.label(text, line.toks.iter().map(|t| line.norm(t)))
    }

    #[test]
    fn words_keep_their_offsets() {
        let text = "Zoë = the CI/CD brain, can't-stop";
        let mut seen = Vec::new();
        words(text, |w, r| {
            seen.push((w.to_owned(), text[r].to_lowercase()))
        });
        for (w, typed) in &seen {
            assert_eq!(w, typed);
        }
        let list: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            list,
            [
                "zo",
                "ë",
                "=",
                "the",
                "ci",
                "/",
                "cd",
                "brain",
                ",",
                "can't-stop"
            ]
        );
    }

    #[test]
    fn the_model_tells_the_classes_apart_on_notes_it_never_saw() {
        let m = &*MODEL;
        assert!(m.benign("next sync is on Thursday at 10:00 with the platform team"));
        assert!(!m.benign("the runner pod keeps crashing with exit code 137"));
        assert!(label(m, "honestly Priyanka is the brain of their Terraform setup").is_some());
        assert!(label(m, "Priyanka owns the Terraform modules and joined in May").is_none());
    }

    /// Leave one style out: train on every other style, measure the model alone on
    /// that one. `cargo test --lib leave_one_style_out -- --nocapture` prints the
    /// figures docs/drift.md reports.
    #[test]
    fn leave_one_style_out() {
        let mut styles: Vec<&str> = TRAINING
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| l.split('\t').nth(1))
            .collect();
        styles.sort_unstable();
        styles.dedup();
        for style in styles {
            let model = Model::train(TRAINING, |s| s != style && !HELD_OUT_STYLES.contains(&s));
            let mut hit = [0usize; 3];
            let mut all = [0usize; 3];
            for line in TRAINING.iter().flat_map(|s| s.lines()) {
                let mut cols = line.splitn(3, '\t');
                let (Some(label), Some(s), Some(note)) = (cols.next(), cols.next(), cols.next())
                else {
                    continue;
                };
                if s != style {
                    continue;
                }
                let class = match label {
                    "benign" => BENIGN,
                    "troubleshooting" => TROUBLESHOOTING,
                    _ => LABELING,
                };
                let p = model.posterior(note);
                let best = (0..3).fold(0, |b, c| if p[c] > p[b] { c } else { b });
                all[class] += 1;
                hit[class] += usize::from(best == class);
            }
            let rate = |c: usize| hit[c] as f64 / all[c].max(1) as f64;
            println!(
                "{style}: troubleshooting {}/{} labeling {}/{} benign flagged {}/{}",
                hit[TROUBLESHOOTING],
                all[TROUBLESHOOTING],
                hit[LABELING],
                all[LABELING],
                all[BENIGN] - hit[BENIGN],
                all[BENIGN]
            );
            assert!(rate(TROUBLESHOOTING) >= 0.65, "{style}: troubleshooting");
            assert!(
                all[LABELING] == 0 || rate(LABELING) >= 0.6,
                "{style}: labeling"
            );
            assert!(rate(BENIGN) >= 0.4, "{style}: benign");
        }
    }

    #[test]
    fn held_out_styles_are_not_trained_on() {
        for source in TRAINING {
            for style in HELD_OUT_STYLES {
                assert!(!source.contains(&format!("\t{style}\t")), "{style}");
            }
        }
    }
}
