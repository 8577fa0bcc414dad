//! A second opinion from a word model: multinomial naive Bayes over a note's words, word
//! pairs and the first letters of its longer words, with three classes (benign,
//! troubleshooting, labeling).
//!
//! It is trained on the labelled notes of the `tests/corpus` files in [`TRAINING`], none
//! of which holds a style held out for measuring (`tests/drift_corpus.rs` checks, through
//! [`trained_styles`]), and shipped trained: `model.bin`, compiled
//! into the binary (nothing is read or downloaded at run time, nothing is trained at
//! start-up). A test trains it again and fails when the file is not what the corpus
//! gives; `KICKOFF_WRITE_MODEL=1 cargo test --lib shipped_model` rewrites it. The rules
//! stay in charge; the model only
//!
//! * silences a *soft* troubleshooting finding (a symptom, live work, a quote) when it
//!   is nearly sure the note is benign;
//! * flags troubleshooting in a note nothing else flags, when it is nearly sure (surer
//!   still when the note names nothing technical) and the note's frames allow it; the
//!   banner quotes the word or pair it rests on most ([`Model::troubleshooting_words`]);
//!   and
//! * adds a label the rules missed when it is nearly sure the note labels someone and the
//!   note holds one of the words it learned labels by ([`Model::label_word`]); the banner
//!   quotes that word.
//!
//! Choices: words are ASCII-lowercased runs of letters, digits, `_`, `'` and `-`, every
//! other visible character a word of its own; each distinct word, pair and first four
//! letters count once per note; add-one smoothing; a feature held by a single note is left out of the table.
//! The thresholds ([`THRESHOLDS`]) were chosen by training on all styles but one and
//! measuring the rules with that model on that one (docs/drift.md).

use std::collections::HashMap;
#[cfg(test)]
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::words::{FxBuild, hash_word};

/// The labelled notes: `label<TAB>style<TAB>note` lines. Only tests train; a release
/// build reads `model.bin` and carries no corpus.
#[cfg(any(test, feature = "testkit"))]
pub(super) const TRAINING: &[&str] = &[
    include_str!("../../../tests/corpus/agency.tsv"),
    include_str!("../../../tests/corpus/aussie.tsv"),
    include_str!("../../../tests/corpus/auto.tsv"),
    include_str!("../../../tests/corpus/bangalore.tsv"),
    include_str!("../../../tests/corpus/benign.tsv"),
    include_str!("../../../tests/corpus/berlin.tsv"),
    include_str!("../../../tests/corpus/betting.tsv"),
    include_str!("../../../tests/corpus/biotech.tsv"),
    include_str!("../../../tests/corpus/calls.tsv"),
    include_str!("../../../tests/corpus/calm.tsv"),
    include_str!("../../../tests/corpus/chat.tsv"),
    include_str!("../../../tests/corpus/checklist.tsv"),
    include_str!("../../../tests/corpus/clipped.tsv"),
    include_str!("../../../tests/corpus/consult.tsv"),
    include_str!("../../../tests/corpus/defense.tsv"),
    include_str!("../../../tests/corpus/desk.tsv"),
    include_str!("../../../tests/corpus/emoji.tsv"),
    include_str!("../../../tests/corpus/energy.tsv"),
    include_str!("../../../tests/corpus/esl.tsv"),
    include_str!("../../../tests/corpus/factory.tsv"),
    include_str!("../../../tests/corpus/genz.tsv"),
    include_str!("../../../tests/corpus/hospital.tsv"),
    include_str!("../../../tests/corpus/hpc.tsv"),
    include_str!("../../../tests/corpus/insurer.tsv"),
    include_str!("../../../tests/corpus/intros.tsv"),
    include_str!("../../../tests/corpus/jakarta.tsv"),
    include_str!("../../../tests/corpus/japan.tsv"),
    include_str!("../../../tests/corpus/kyiv.tsv"),
    include_str!("../../../tests/corpus/labeling.tsv"),
    include_str!("../../../tests/corpus/legal.tsv"),
    include_str!("../../../tests/corpus/lookalikes.tsv"),
    include_str!("../../../tests/corpus/manila.tsv"),
    include_str!("../../../tests/corpus/media.tsv"),
    include_str!("../../../tests/corpus/medtech.tsv"),
    include_str!("../../../tests/corpus/minutes.tsv"),
    include_str!("../../../tests/corpus/mixed.tsv"),
    include_str!("../../../tests/corpus/monterrey.tsv"),
    include_str!("../../../tests/corpus/nairobi.tsv"),
    include_str!("../../../tests/corpus/nested.tsv"),
    include_str!("../../../tests/corpus/nhs.tsv"),
    include_str!("../../../tests/corpus/nordic.tsv"),
    include_str!("../../../tests/corpus/pasted.tsv"),
    include_str!("../../../tests/corpus/planning.tsv"),
    include_str!("../../../tests/corpus/prague.tsv"),
    include_str!("../../../tests/corpus/probe.tsv"),
    include_str!("../../../tests/corpus/quotes.tsv"),
    include_str!("../../../tests/corpus/review.tsv"),
    include_str!("../../../tests/corpus/robotics.tsv"),
    include_str!("../../../tests/corpus/saas.tsv"),
    include_str!("../../../tests/corpus/screen.tsv"),
    include_str!("../../../tests/corpus/semicolons.tsv"),
    include_str!("../../../tests/corpus/session.tsv"),
    include_str!("../../../tests/corpus/short.tsv"),
    include_str!("../../../tests/corpus/shorthand.tsv"),
    include_str!("../../../tests/corpus/startup.tsv"),
    include_str!("../../../tests/corpus/teams.tsv"),
    include_str!("../../../tests/corpus/telco.tsv"),
    include_str!("../../../tests/corpus/terse.tsv"),
    include_str!("../../../tests/corpus/terselab.tsv"),
    include_str!("../../../tests/corpus/thread.tsv"),
    include_str!("../../../tests/corpus/troubleshooting.tsv"),
    include_str!("../../../tests/corpus/watch.tsv"),
];

/// How sure the model must be before it acts: probabilities above which it drops a soft
/// troubleshooting finding (`benign`), adds a label the rules missed (`label`), or flags
/// troubleshooting in a note nothing else flags, when the note's frames allow it
/// (`troubleshooting`; `plain` when the note names nothing technical and no problem).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Thresholds {
    pub(super) benign: f64,
    pub(super) label: f64,
    pub(super) troubleshooting: f64,
    pub(super) plain: f64,
    /// Troubleshooting in a note that follows one that is troubleshooting on its own: a
    /// step of the same thread ("restarted it, same thing").
    pub(super) thread: f64,
}

/// The thresholds the detector uses, chosen by leaving one style out (docs/drift.md).
pub(super) const THRESHOLDS: Thresholds = Thresholds {
    benign: 0.999,
    label: 0.995,
    troubleshooting: 0.995,
    plain: 0.999,
    thread: 0.9,
};

/// How much likelier (natural log) a word must be in labels than elsewhere to be a
/// label word, and how many labelled notes must hold it (training only).
#[cfg(test)]
const LABEL_WORD_RATIO: f64 = 2.0;
#[cfg(test)]
const LABEL_WORD_NOTES: u32 = 3;
/// How many notes that are not labels may hold a label word: common words ("really",
/// "best") would let most notes through the labeling pass's filter.
#[cfg(test)]
const LABEL_WORD_ELSEWHERE: u32 = 5;

/// Articles and prepositions of the languages labels are written in, and reflexive
/// pronouns ("introduced himself as ..."), never label words (training only).
#[cfg(test)]
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "de",
    "del",
    "la",
    "las",
    "el",
    "los",
    "le",
    "les",
    "se",
    "un",
    "una",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "du",
    "au",
    "en",
    "myself",
    "yourself",
    "himself",
    "herself",
    "themselves",
    "ourselves",
];

/// The classes, as indexes into [`Model::posterior`].
pub(super) const BENIGN: usize = 0;
pub(super) const TROUBLESHOOTING: usize = 1;
pub(super) const LABELING: usize = 2;

/// The trained model.
pub(super) struct Model {
    /// The log probability of each known feature, per class.
    logp: Table,
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

/// The labelled notes of `sources`: class, style and note of each
/// `label<TAB>style<TAB>note` line (`#` lines and unknown labels skipped).
#[cfg(any(test, feature = "testkit"))]
pub(super) fn labelled<'a>(
    sources: &'a [&'a str],
) -> impl Iterator<Item = (usize, &'a str, &'a str)> + 'a {
    sources
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.splitn(3, '\t');
            let class = match cols.next()? {
                "benign" => BENIGN,
                "troubleshooting" => TROUBLESHOOTING,
                "labeling" => LABELING,
                _ => return None,
            };
            Some((class, cols.next()?, cols.next()?))
        })
}

/// The styles the model is trained on: the style column of the notes in [`TRAINING`].
#[cfg(any(test, feature = "testkit"))]
pub(crate) fn trained_styles() -> Vec<&'static str> {
    let mut styles: Vec<&str> = labelled(TRAINING).map(|(_, style, _)| style).collect();
    styles.sort_unstable();
    styles.dedup();
    styles
}

/// The model as trained from the corpus, in the form [`encode`] writes.
const SHIPPED: &[u8] = include_bytes!("model.bin");

pub(super) static MODEL: LazyLock<Model> = LazyLock::new(|| {
    // Only a model.bin this code cannot read would fall through (the rules then work
    // alone), and the shipped-model test fails on that before any release.
    Model::decode(SHIPPED).unwrap_or_else(Model::untrained)
});

/// Feature hashes and their log probabilities, sorted by hash: the top bits of a hash
/// pick a bucket, a bucket holds a few hashes.
struct Table {
    /// Where each bucket starts in `keys`, and where the last one ends.
    starts: Vec<u32>,
    keys: Vec<u64>,
    /// The log probabilities of `keys[i]`.
    values: Vec<[f32; 3]>,
    /// How many bits of a hash pick its bucket.
    bucket_bits: u32,
}

const MAGIC: &[u8; 8] = b"kickoff2";

/// Reads little-endian numbers from bytes; `None` past the end.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn f64_at(bytes: &[u8], at: usize) -> Option<f64> {
    u64_at(bytes, at).map(f64::from_bits)
}

fn f32_at(bytes: &[u8], at: usize) -> Option<f32> {
    u32_at(bytes, at).map(f32::from_bits)
}

impl Table {
    /// The log probabilities of `feature`, if it was seen in training.
    fn get(&self, feature: u64) -> Option<[f64; 3]> {
        let bucket = (feature >> (64 - self.bucket_bits)) as usize;
        let from = *self.starts.get(bucket)? as usize;
        let to = *self.starts.get(bucket + 1)? as usize;
        let i = self
            .keys
            .get(from..to)?
            .iter()
            .position(|&k| k == feature)?;
        self.values.get(from + i).map(|v| v.map(f64::from))
    }
}

fn hash_pair(a: u64, b: u64) -> u64 {
    (a.rotate_left(17) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1
}

/// Calls `f` with each word of `text` and its byte range.
fn words(text: &str, mut f: impl FnMut(&str, Range<usize>)) {
    if text.is_ascii() {
        let b = text.as_bytes();
        let part = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'\'' | b'-');
        let mut lower = String::new();
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            if part(c) {
                let start = i;
                while b.get(i).copied().is_some_and(part) {
                    i += 1;
                }
                let typed = text.get(start..i).unwrap_or_default();
                if typed.bytes().any(|c| c.is_ascii_uppercase()) {
                    lower.clear();
                    lower.push_str(typed);
                    lower.make_ascii_lowercase();
                    f(&lower, start..i);
                } else {
                    f(typed, start..i);
                }
            } else {
                if !c.is_ascii_whitespace() && c != 0x0B {
                    let mut one = [0; 4];
                    f(
                        char::from(c.to_ascii_lowercase()).encode_utf8(&mut one),
                        i..i + 1,
                    );
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

/// How many first letters of a longer word are a feature of their own.
const PREFIX: usize = 4;
/// What a word's first letters are paired with, so they hash apart from the word.
const STEM: u64 = 0x5EED;

/// Calls `f` once with each distinct feature of a note: its words, its pairs of
/// neighbouring words, and the first letters of its longer words.
fn each_feature(text: &str, mut f: impl FnMut(u64)) {
    let mut seen: Vec<u64> = Vec::with_capacity(64);
    // A feature whose bit (by its top byte) is clear is new, without a search.
    let mut bits = [0u64; 4];
    let mut add = |h: u64| {
        let top = (h >> 56) as usize;
        let bit = 1u64 << (top % 64);
        let Some(word) = bits.get_mut(top / 64) else {
            return;
        };
        if *word & bit != 0 && seen.contains(&h) {
            return;
        }
        *word |= bit;
        seen.push(h);
        f(h);
    };
    let mut prev: Option<u64> = None;
    words(text, |w, _| {
        let h = hash_word(w.as_bytes());
        add(h);
        if let Some(p) = prev {
            add(hash_pair(p, h));
        }
        prev = Some(h);
        // A longer word's first letters: "restarted", "restarting" and "restartd" share
        // "rest".
        if let Some(stem) = w.get(..PREFIX).filter(|_| w.len() > PREFIX) {
            add(hash_pair(hash_word(stem.as_bytes()), STEM));
        }
    });
}

/// The distinct features of a note (see [`each_feature`]).
#[cfg(test)]
fn features(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    each_feature(text, |h| out.push(h));
    out
}

/// The model as bytes: a header (magic, feature count, bucket bits, label word count),
/// the unseen and prior log probabilities, the bucket starts, the sorted feature hashes,
/// their log probabilities (single precision), then each label word (length, UTF-8, log
/// ratio); numbers little-endian. Only training writes it.
#[cfg(test)]
fn encode(
    unseen: [f64; 3],
    prior: [f64; 3],
    logp: &[(u64, [f64; 3])],
    label_words: &[(Box<str>, f64)],
) -> Vec<u8> {
    let len = logp.len();
    // About four hashes a bucket.
    let bucket_bits = (usize::BITS - (len / 4).max(1).leading_zeros()).clamp(1, 24);
    let mut out = Vec::with_capacity(72 + len * 20);
    out.extend_from_slice(MAGIC);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    out.extend_from_slice(&count(len));
    out.extend_from_slice(&bucket_bits.to_le_bytes());
    out.extend_from_slice(&count(label_words.len()));
    out.extend_from_slice(&[0; 4]);
    for v in unseen.iter().chain(&prior) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut next = 0;
    for bucket in 0..=(1u64 << bucket_bits) {
        while logp
            .get(next)
            .is_some_and(|&(f, _)| (f >> (64 - bucket_bits)) < bucket)
        {
            next += 1;
        }
        out.extend_from_slice(&count(next));
    }
    for (f, _) in logp {
        out.extend_from_slice(&f.to_le_bytes());
    }
    for &v in logp.iter().flat_map(|(_, lp)| lp) {
        // Single precision is plenty for a log probability, and halves the table.
        out.extend_from_slice(&(v as f32).to_le_bytes());
    }
    for (word, ratio) in label_words {
        out.extend_from_slice(&count(word.len()));
        out.extend_from_slice(word.as_bytes());
        out.extend_from_slice(&ratio.to_le_bytes());
    }
    out
}

impl Model {
    /// Trained on the notes of `sources` whose style `keep` accepts.
    #[cfg(test)]
    pub(super) fn trained(sources: &[&str], keep: impl Fn(&str) -> bool) -> Option<Model> {
        Model::decode(&train(sources, keep))
    }

    /// A model that knows nothing: it never vetoes a finding and never adds a label.
    fn untrained() -> Model {
        Model {
            logp: Table {
                starts: Vec::new(),
                keys: Vec::new(),
                values: Vec::new(),
                bucket_bits: 1,
            },
            unseen: [0.0; 3],
            prior: [0.0; 3],
            label_words: HashMap::default(),
            label_firsts: [0; 4],
            label_lens: 0,
        }
    }
}

/// Trains on the notes of `sources` whose style `keep` accepts; the model as [`encode`]
/// writes it.
#[cfg(test)]
fn train(sources: &[&str], keep: impl Fn(&str) -> bool) -> Vec<u8> {
    // Notes holding each feature, features counted and notes, per class.
    let mut counts: HashMap<u64, [u32; 3], FxBuild> = HashMap::default();
    let mut totals = [0.0; 3];
    let mut notes = [0.0; 3];
    let mut unigrams: HashMap<Box<str>, [u32; 3], FxBuild> = HashMap::default();
    let mut seen: HashSet<Box<str>, FxBuild> = HashSet::default();
    for (class, style, note) in labelled(sources) {
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
    let vocab = counts.len() as f64;
    let all: f64 = notes.iter().sum();
    let unseen = totals.map(|t| (1.0 / (t + vocab)).ln());
    let prior = notes.map(|n| (n.max(1.0) / all.max(1.0)).ln());
    // A feature of a single note tells little and would take most of the table: it is
    // left out, and reads as unseen.
    let mut logp: Vec<(u64, [f64; 3])> = counts
        .iter()
        .filter(|(_, counts)| counts.iter().sum::<u32>() > 1)
        .map(|(&f, counts)| {
            let mut lp = [0.0; 3];
            for ((slot, &n), &t) in lp.iter_mut().zip(counts).zip(&totals) {
                *slot = ((f64::from(n) + 1.0) / (t + vocab)).ln();
            }
            (f, lp)
        })
        .collect();
    logp.sort_unstable_by_key(|&(f, _)| f);
    let [tb, tt, tl] = totals;
    let mut label_words: Vec<(Box<str>, f64)> = unigrams
        .into_iter()
        // Not a label word: a word keeping a quote ("'the runner whisperer'"), since the
        // labeling pass reads words as the tokenizer does, without it; nor an article or
        // a preposition, which Spanish and German labels ("la bruja del T-SQL", "der
        // Docker-Guy") would teach it ("\u{7f}del \0nul" read as a label).
        .filter(|(word, _)| {
            word.starts_with(|c: char| c.is_alphanumeric())
                && word.ends_with(|c: char| c.is_alphanumeric())
                && !FUNCTION_WORDS.contains(&&**word)
        })
        .filter_map(|(word, [b, t, l])| {
            let in_labels = (f64::from(l) + 1.0) / (tl + vocab);
            let elsewhere = (f64::from(b + t) + 1.0) / (tb + tt + vocab);
            let ratio = (in_labels / elsewhere).ln();
            (l >= LABEL_WORD_NOTES && b + t <= LABEL_WORD_ELSEWHERE && ratio > LABEL_WORD_RATIO)
                .then_some((word, ratio))
        })
        .collect();
    label_words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    encode(unseen, prior, &logp, &label_words)
}

impl Model {
    /// Reads a model [`encode`] wrote; `None` when the bytes are not one.
    fn decode(bytes: &[u8]) -> Option<Model> {
        if bytes.get(..8)? != MAGIC {
            return None;
        }
        let len = u32_at(bytes, 8)? as usize;
        let bucket_bits = u32_at(bytes, 12)?;
        let label_count = u32_at(bytes, 16)?;
        if !(1..=24).contains(&bucket_bits) {
            return None;
        }
        let read3 = |at: usize| -> Option<[f64; 3]> {
            Some([
                f64_at(bytes, at)?,
                f64_at(bytes, at + 8)?,
                f64_at(bytes, at + 16)?,
            ])
        };
        let unseen = read3(24)?;
        let prior = read3(48)?;
        let buckets = (1usize << bucket_bits) + 1;
        let starts: Vec<u32> = (0..buckets)
            .map(|b| u32_at(bytes, 72 + b * 4))
            .collect::<Option<_>>()?;
        if starts.last().copied() != u32::try_from(len).ok()
            || starts.windows(2).any(|w| w[0] > w[1])
        {
            return None;
        }
        let keys_at = 72 + buckets * 4;
        let keys: Vec<u64> = (0..len)
            .map(|i| u64_at(bytes, keys_at + i * 8))
            .collect::<Option<_>>()?;
        let values_at = keys_at + len * 8;
        let values: Vec<[f32; 3]> = (0..len)
            .map(|i| {
                let at = values_at + i * 12;
                Some([
                    f32_at(bytes, at)?,
                    f32_at(bytes, at + 4)?,
                    f32_at(bytes, at + 8)?,
                ])
            })
            .collect::<Option<_>>()?;
        let mut at = values_at + len * 12;
        let mut label_words = HashMap::default();
        let mut label_firsts = [0; 4];
        let mut label_lens = 0;
        for _ in 0..label_count {
            let n = u32_at(bytes, at)? as usize;
            let word = std::str::from_utf8(bytes.get(at + 4..at + 4 + n)?).ok()?;
            let ratio = f64_at(bytes, at + 4 + n)?;
            at += 4 + n + 8;
            if let Some((i, first, len)) = shape_bits(word)
                && let Some(set) = label_firsts.get_mut(i)
            {
                *set |= first;
                label_lens |= len;
            }
            label_words.insert(Box::from(word), ratio);
        }
        if at != bytes.len() {
            return None;
        }
        Some(Model {
            logp: Table {
                starts,
                keys,
                values,
                bucket_bits,
            },
            unseen,
            prior,
            label_words,
            label_firsts,
            label_lens,
        })
    }

    /// The probability of each class (benign, troubleshooting, labeling).
    pub(super) fn posterior(&self, text: &str) -> [f64; 3] {
        let mut lp = self.prior;
        each_feature(text, |f| {
            let add = self.logp.get(f).unwrap_or(self.unseen);
            for (slot, a) in lp.iter_mut().zip(add) {
                *slot += a;
            }
        });
        let max = lp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp = lp.map(|v| (v - max).exp());
        let sum: f64 = exp.iter().sum();
        exp.map(|v| v / sum)
    }

    /// The span of the note's word or pair of neighbouring words most likelier in
    /// troubleshooting notes than in benign ones: what a troubleshooting finding of the
    /// model quotes.
    pub(super) fn troubleshooting_words(&self, text: &str) -> Option<Range<usize>> {
        let mut best: Option<(f64, Range<usize>)> = None;
        let mut consider = |feature: u64, range: Range<usize>| {
            if let Some(lp) = self.logp.get(feature) {
                let ratio = lp[TROUBLESHOOTING] - lp[BENIGN];
                if best.as_ref().is_none_or(|(r, _)| ratio > *r) {
                    best = Some((ratio, range));
                }
            }
        };
        // Only words are quoted, never punctuation.
        let mut prev: Option<(u64, usize)> = None;
        words(text, |w, range| {
            if !w.starts_with(|c: char| c.is_alphanumeric()) {
                prev = None;
                return;
            }
            let h = hash_word(w.as_bytes());
            if let Some((p, start)) = prev {
                consider(hash_pair(p, h), start..range.end);
            }
            prev = Some((h, range.start));
            consider(h, range);
        });
        best.map(|(_, range)| range)
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
    pub(super) fn label_word<'n>(
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label the detector would add: a label word, and the model sure enough.
    fn label(m: &Model, text: &str) -> Option<Range<usize>> {
        let line = super::super::tokens::Line::new(text);
        m.label_word(text, line.toks.iter().map(|t| line.norm(t)))
            .filter(|_| m.posterior(text)[LABELING] > THRESHOLDS.label)
    }

    /// Whether the detector would take the model's word that the note is benign.
    fn benign(m: &Model, text: &str) -> bool {
        m.posterior(text)[BENIGN] > THRESHOLDS.benign
    }

    /// The shipped model is the one the corpus trains; with `KICKOFF_WRITE_MODEL=1` the
    /// test writes it instead.
    #[test]
    fn shipped_model_is_what_the_corpus_trains() {
        let trained = train(TRAINING, |_| true);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/core/drift/model.bin");
        if std::env::var_os("KICKOFF_WRITE_MODEL").is_some() {
            std::fs::write(path, &trained).expect("write model.bin");
        } else {
            assert!(
                SHIPPED == trained.as_slice(),
                "src/core/drift/model.bin is not what tests/corpus trains: rewrite it with \
                 `KICKOFF_WRITE_MODEL=1 cargo test --lib shipped_model`"
            );
            assert!(Model::decode(SHIPPED).is_some());
        }
    }

    /// Every feature of the corpus held by two notes or more is found in the table with
    /// the log probabilities training gave it; one held by a single note, or by none, is
    /// not.
    /// Articles, prepositions and reflexive pronouns are never the shipped model's label
    /// words, however often labels hold them.
    #[test]
    fn function_words_are_never_label_words() {
        assert!(MODEL.label_words().count() > 20);
        for word in MODEL.label_words() {
            assert!(!FUNCTION_WORDS.contains(&word), "{word}");
        }
        assert!(!MODEL.is_label_word("himself") && !MODEL.is_label_word("del"));
    }

    #[test]
    fn the_table_finds_every_trained_feature() {
        let m = Model::trained(TRAINING, |_| true).expect("decodes");
        let mut notes: HashMap<u64, u32, FxBuild> = HashMap::default();
        for (_, _, note) in labelled(TRAINING) {
            for f in features(note) {
                *notes.entry(f).or_default() += 1;
            }
        }
        let mut found = 0;
        for (&f, &n) in &notes {
            assert_eq!(m.logp.get(f).is_some(), n > 1, "{f:x} in {n} notes");
            found += usize::from(n > 1);
        }
        assert!(found > 10_000);
        assert!(
            m.logp
                .get(hash_word(b"a-word-no-note-has-ever-held"))
                .is_none()
        );
        let untrained = Model::untrained();
        assert!(untrained.logp.get(hash_word(b"error")).is_none());
        assert!(!benign(&untrained, "next sync is on Thursday"));
        assert!(Model::decode(b"kickoff1").is_none());
        assert!(Model::decode(&SHIPPED[..SHIPPED.len() - 1]).is_none());
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
        assert!(!m.label_words.is_empty(), "the shipped model did not load");
        assert!(benign(
            m,
            "next sync is on Thursday at 10:00 with the platform team"
        ));
        assert!(!benign(
            m,
            "the runner pod keeps crashing with exit code 137"
        ));
        assert!(label(m, "honestly Priyanka is the brain of their Terraform setup").is_some());
        assert!(label(m, "Priyanka owns the Terraform modules and joined in May").is_none());
    }

    /// Leave one style out: train on every other style, measure the model alone on
    /// that one. `cargo test --lib leave_one_style_out -- --nocapture` prints the
    /// figures docs/drift.md reports.
    #[test]
    fn leave_one_style_out() {
        let mut total_hit = [0usize; 3];
        let mut total_all = [0usize; 3];
        for style in trained_styles() {
            let Some(model) = Model::trained(TRAINING, |s| s != style) else {
                panic!("{style}: the trained model does not decode");
            };
            let mut hit = [0usize; 3];
            let mut all = [0usize; 3];
            for (class, _, note) in labelled(TRAINING).filter(|&(_, s, _)| s == style) {
                let p = model.posterior(note);
                let best = (0..3).fold(0, |b, c| if p[c] > p[b] { c } else { b });
                all[class] += 1;
                hit[class] += usize::from(best == class);
            }
            println!(
                "{style}: troubleshooting {}/{} labeling {}/{} benign flagged {}/{}",
                hit[TROUBLESHOOTING],
                all[TROUBLESHOOTING],
                hit[LABELING],
                all[LABELING],
                all[BENIGN] - hit[BENIGN],
                all[BENIGN]
            );
            for (c, n) in hit.iter().enumerate() {
                total_hit[c] += n;
                total_all[c] += all[c];
            }
        }
        let rate = |c: usize| total_hit[c] as f64 / total_all[c].max(1) as f64;
        // Alone it flags far too much: these floors only say it learned something.
        assert!(
            rate(TROUBLESHOOTING) >= 0.85,
            "troubleshooting {total_hit:?}"
        );
        assert!(rate(LABELING) >= 0.85, "labeling {total_hit:?}");
        assert!(rate(BENIGN) >= 0.85, "benign {total_hit:?}");
    }
}
