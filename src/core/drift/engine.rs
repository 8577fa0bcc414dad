//! Running the rule table over a note: one pass over the tokens finds every phrase of
//! every rule, exemption and frame marker (through an index from a pattern's first
//! word to the patterns that start with it), then the frames decide which candidates
//! stand, and [`select`] keeps the strongest per family.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::LazyLock;

use super::frames::{Frame, Frames, MARKERS};
use super::model::{BENIGN, LABELING, MODEL, Model, THRESHOLDS, TROUBLESHOOTING, Thresholds};
use super::pattern::{self, Elem, Pattern, Special, Start};
use super::rules::{
    BASELINE, BREAKAGE, EXEMPT, Family, LABEL_KNOWS, LABEL_MODEL, LABEL_STRENGTH, LIVE, Matcher,
    QUOTED_OUTPUT, RULES, Requires, TROUBLE_MODEL, TROUBLE_THREAD,
};
use super::tokens::{Line, is_joiner, is_mark_char, is_word_char};

use super::words::{CONTRACTIONS, FxHasher, NO_ID, VOCAB, WordId, class};
use super::{Finding, FindingKind, Level, Sensitivity};

/// What a built-in pattern is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A phrase of `RULES[i]`.
    Rule(usize),
    /// Talk about the rule, or a negation: silences what it overlaps.
    Exempt,
    /// Words that say something broke (for [`Requires::Breakage`]).
    Breakage,
    /// A frame marker.
    Frame(Frame),
}

/// Every built-in pattern, indexed by the word it must start with.
struct Index {
    patterns: Vec<(Target, Pattern)>,
    /// Pattern numbers by the vocabulary id of their first word.
    by_first: Flat,
    /// Patterns that can start at a word outside the vocabulary (a prefix, a user's
    /// word), by the word's first byte.
    unknown: Vec<Vec<u32>>,
    /// Patterns starting with an `@element`, grouped by it: the element is checked once
    /// per token, not once per pattern.
    by_special: Vec<(Special, Vec<u32>)>,
    /// Patterns starting with a one-token `@element` then a plain word, by the id of
    /// that word: tried one token before it.
    by_second: Flat,
    /// Patterns that can start at any token.
    anywhere: Vec<u32>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        if let Matcher::Phrases(srcs) | Matcher::PhrasesIf { phrases: srcs, .. } = &rule.matcher {
            patterns.extend(srcs.iter().map(|s| (Target::Rule(i), Pattern::compile(s))));
        }
    }
    patterns.extend(EXEMPT.iter().map(|s| (Target::Exempt, Pattern::compile(s))));
    patterns.extend(
        BREAKAGE
            .iter()
            .map(|s| (Target::Breakage, Pattern::compile(s))),
    );
    for (frame, srcs) in MARKERS {
        patterns.extend(
            srcs.iter()
                .map(|s| (Target::Frame(*frame), Pattern::compile(s))),
        );
    }
    let mut by_first = vec![Vec::new(); VOCAB.len()];
    let mut by_second = vec![Vec::new(); VOCAB.len()];
    let mut unknown = vec![Vec::new(); 256];
    let mut by_special: Vec<(Special, Vec<u32>)> = Vec::new();
    let mut anywhere = Vec::new();
    for (n, (_, pattern)) in patterns.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        match pattern.start() {
            Start::Words { ids, open } => {
                for id in ids {
                    if let Some(list) = by_first.get_mut(id as usize)
                        && list.last() != Some(&n)
                    {
                        list.push(n);
                    }
                }
                for byte in open {
                    if let Some(list) = unknown.get_mut(usize::from(byte))
                        && list.last() != Some(&n)
                    {
                        list.push(n);
                    }
                }
            }
            Start::Second(ids) => {
                for id in ids {
                    if let Some(list) = by_second.get_mut(id as usize)
                        && list.last() != Some(&n)
                    {
                        list.push(n);
                    }
                }
            }
            Start::Special(special) => match by_special.iter_mut().find(|(s, _)| *s == special) {
                Some((_, list)) => list.push(n),
                None => by_special.push((special, vec![n])),
            },
            Start::Anywhere => anywhere.push(n),
        }
    }
    Index {
        patterns,
        by_first: Flat::new(&by_first),
        unknown,
        by_special,
        by_second: Flat::new(&by_second),
        anywhere,
    }
});

/// What a note must contain for a built-in labeling rule to match: every labeling
/// pattern needs each of its word sets (and a label noun for `@label`) somewhere in the
/// note. A note that fails every pattern's needs cannot hold a built-in label.
struct LabelAnchors {
    /// Per pattern, the word sets (sorted vocabulary ids) it needs.
    patterns: Vec<Vec<Vec<WordId>>>,
    /// Per pattern, the class bits it needs.
    bits: Vec<u32>,
    /// Per word (by vocabulary id), the sets it is in: `pattern * 64 + set`.
    sets_of: Flat,
    /// A labeling rule has a hand-written matcher, or a pattern needs more than 64
    /// word sets: every note must be scanned.
    always: bool,
}

static LABEL_ANCHORS: LazyLock<LabelAnchors> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut needs = Vec::new();
    let mut sets_of = vec![Vec::new(); VOCAB.len()];
    let mut always = false;
    let labeling = |i: usize| {
        RULES
            .get(i)
            .is_some_and(|r| r.family.kind() == FindingKind::Labeling)
    };
    always |= RULES.iter().any(|r| {
        r.family.kind() == FindingKind::Labeling && matches!(r.matcher, Matcher::Custom(_))
    });
    for (target, pattern) in &INDEX.patterns {
        if !matches!(target, Target::Rule(i) if labeling(*i)) {
            continue;
        }
        let mut sets: Vec<Vec<WordId>> = Vec::new();
        let mut bits = 0;
        for elem in &pattern.elems {
            match elem {
                Elem::Special(Special::Label) => bits |= class::LABEL,
                Elem::Words(set) => {
                    if let Some(ids) = set.closed_ids() {
                        let item = (patterns.len() * 64 + sets.len()) as u32;
                        for &id in ids {
                            if let Some(list) = sets_of.get_mut(id as usize) {
                                list.push(item);
                            }
                        }
                        sets.push(ids.to_vec());
                    }
                }
                _ => {}
            }
        }
        always |= sets.is_empty() && bits == 0 || sets.len() > 64;
        patterns.push(sets);
        needs.push(bits);
    }
    LabelAnchors {
        patterns,
        bits: needs,
        sets_of: Flat::new(&sets_of),
        always,
    }
});

/// Words too common to rule a note out.
const COMMON: &[&str] = &[
    "the", "a", "an", "our", "their", "his", "her", "him", "them", "my", "your", "to", "of", "for",
    "on", "in", "with", "is", "are", "was", "were", "we", "you", "u", "i", "it", "and", "at",
    "about", "all", "go", "he", "she", "they", "me", "us", "as", "who", "like", "out", "know",
    "one", "more", "no", "than", "that", "what", "be",
];

/// [`quick`]'s hash of a word, one byte at a time as the walk finds them.
fn quick_hash(h: u64, byte: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A word's two places in [`QUICK`] (a Bloom filter with two hashes of 16 bits), from
/// its [`quick_hash`].
fn shapes(hash: u64) -> [usize; 2] {
    [(hash >> 32) as usize & 0xFFFF, (hash >> 48) as usize]
}

/// Each byte value lowercased when it is a word byte (ASCII letter or digit, `_`), 0
/// when it is not.
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() || c == b'_' {
            table[i] = c.to_ascii_lowercase();
        }
        i += 1;
    }
    table
};

/// `word` and every spelling the tokenizer reads as it (`im` for `i'm`): the forms
/// [`words`] can meet it in.
fn spellings(word: &str) -> impl Iterator<Item = &str> {
    let others = CONTRACTIONS
        .iter()
        .filter(move |(_, full)| *full == word)
        .flat_map(|(shorts, _)| shorts.iter().copied());
    std::iter::once(word).chain(others)
}

/// The shapes of the words that can make a label possible: for each labeling pattern,
/// a label noun or its least common word set, and the word model's label words. `None`
/// when some pattern has no such ASCII word (every note must then be looked at).
static QUICK: LazyLock<Option<Vec<u64>>> = LazyLock::new(|| {
    let common: Vec<WordId> = COMMON
        .iter()
        .filter_map(|w| VOCAB.get(w).map(|(id, _)| id))
        .collect();
    let mut by_id: Vec<&str> = vec![""; VOCAB.len()];
    let mut label_nouns = Vec::new();
    for (word, id) in VOCAB.words() {
        if let Some(slot) = by_id.get_mut(id as usize) {
            *slot = word;
        }
        if VOCAB
            .get(word)
            .is_some_and(|(_, bits)| bits & class::LABEL != 0)
        {
            label_nouns.push(word);
        }
    }
    // Words [`quick`] can see: ASCII, at most 32 bytes.
    let plain = |w: &str| {
        !w.is_empty()
            && w.len() <= 32
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_'-".contains(&b))
    };
    if label_nouns.iter().any(|w| !plain(w)) || MODEL.label_words().any(|w| !plain(w)) {
        return None;
    }
    let mut bits = vec![0u64; 65536 / 64];
    // A word and every spelling that reads as it (`im` for `i'm`), so that [`quick`]
    // can look typed words up as they are.
    let mut set = |w: &str| {
        for spelling in spellings(w) {
            for i in shapes(spelling.bytes().fold(0, quick_hash)) {
                if let Some(slot) = bits.get_mut(i / 64) {
                    *slot |= 1 << (i % 64);
                }
            }
        }
    };
    let anchors = &*LABEL_ANCHORS;
    if anchors.always {
        return None;
    }
    for (sets, need) in anchors.patterns.iter().zip(&anchors.bits) {
        if need & class::LABEL != 0 {
            label_nouns.iter().for_each(|w| set(w));
            continue;
        }
        let rarest = sets
            .iter()
            .filter(|ids| {
                ids.iter()
                    .all(|id| by_id.get(*id as usize).is_some_and(|w| plain(w)))
            })
            .min_by_key(|ids| {
                let n = ids.iter().filter(|id| common.contains(id)).count();
                (n * 100 / ids.len().max(1), ids.len())
            })?;
        for id in rarest {
            set(by_id.get(*id as usize).copied().unwrap_or_default());
        }
    }
    for w in MODEL.label_words() {
        set(w);
    }
    Some(bits)
});

/// What a word means to [`may_label`]: the labeling patterns' word sets it is in
/// (`pattern * 64 + set`), its label class bit, and whether the word model labels by it.
#[derive(Default)]
struct Need {
    sets: Vec<u32>,
    bits: u32,
    model: bool,
}

/// Every word some labeling pattern or the word model needs, by the [`quick_hash`] of
/// its ASCII form and of each spelling the tokenizer reads as it, and the signs
/// (`=`, `–`) some pattern needs. `None` when a needed word is beyond ASCII or a needed
/// sign is a quote (the tokenizer reads curly quotes as straight ones), so [`words`]
/// cannot see it: every note then goes to the rules.
struct Needs {
    words: HashMap<u64, Need, BuildHasherDefault<FxHasher>>,
    signs: Signs,
}

/// The signs [`words`] hands over: ASCII by byte value, others listed.
struct Signs {
    ascii: [bool; 128],
    wide: Vec<char>,
}

static NEEDS: LazyLock<Option<Needs>> = LazyLock::new(|| {
    let anchors = &*LABEL_ANCHORS;
    let mut needs = Needs {
        words: HashMap::default(),
        signs: Signs {
            ascii: [false; 128],
            wide: Vec::new(),
        },
    };
    let mut add = |word: &str, need: &dyn Fn(&mut Need)| -> Option<()> {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some('\'' | '"'), None) => return None,
            (Some(sign), None) if sign.is_ascii() && WORD_BYTE[sign as usize] == 0 => {
                *needs.signs.ascii.get_mut(sign as usize)? = true;
            }
            (Some(sign), None)
                if !sign.is_ascii() && !is_word_char(sign) && !is_mark_char(sign) =>
            {
                needs.signs.wide.push(sign);
            }
            _ if !word.is_ascii() => return None,
            _ => {}
        }
        for spelling in spellings(word) {
            need(
                needs
                    .words
                    .entry(spelling.bytes().fold(0, quick_hash))
                    .or_default(),
            );
        }
        Some(())
    };
    for (word, id) in VOCAB.words() {
        let sets = anchors.sets_of.get(id);
        let bits = VOCAB.get(word).map_or(0, |(_, bits)| bits & class::LABEL);
        if !sets.is_empty() || bits != 0 {
            add(word, &|need| {
                need.sets.extend_from_slice(sets);
                need.bits |= bits;
            })?;
        }
    }
    for word in MODEL.label_words() {
        add(word, &|need| need.model = true)?;
    }
    Some(needs)
});

/// Whether some word of `text` has the shape of a word in [`QUICK`] (see [`words`]).
fn quick(text: &str) -> bool {
    let Some(bits) = QUICK.as_ref() else {
        return true;
    };
    const NO_SIGNS: Signs = Signs {
        ascii: [false; 128],
        wide: Vec::new(),
    };
    words(text, &NO_SIGNS, |hash| {
        shapes(hash)
            .iter()
            .all(|&s| bits.get(s / 64).is_some_and(|w| w & (1 << (s % 64)) != 0))
    })
}

/// Walks `text` for the words and signs that can take part in a label, until `visit`
/// returns true; whether it did. `visit` gets the [`quick_hash`] of each word that is
/// all ASCII, as the tokenizer finds words (joined by inner `'`, `’`, `ʼ` and `-`),
/// ASCII-lowercased, joiners read as `'` or `-`; and of each other visible ASCII
/// character marked in `signs`. Words with other characters are skipped: no word of
/// [`QUICK`] or [`NEEDS`] is one. A spelling the tokenizer reads as another word (`im`)
/// is in both tables under its own hash.
fn words(text: &str, signs: &Signs, mut visit: impl FnMut(u64) -> bool) -> bool {
    let b = text.as_bytes();
    let word_byte = |i: usize| b.get(i).map_or(0, |&c| WORD_BYTE[usize::from(c)]);
    // The hash of the word being read, if the walk is in one, and of its part after
    // its last `-`, if it has one: the tokenizer reads a compound ending in a label
    // ("Bitbake-Nerd") as that label.
    let mut current: Option<u64> = None;
    let mut tail: Option<u64> = None;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let lower = WORD_BYTE[usize::from(c)];
        if lower != 0 {
            current = Some(quick_hash(current.unwrap_or(0), lower));
            tail = tail.map(|t| quick_hash(t, lower));
            i += 1;
            continue;
        }
        if let Some(hash) = current.take() {
            // A joiner (`'`, `-`, `’`, `ʼ`) followed by a word byte continues the word.
            let joiner = match b.get(i..) {
                Some([b'\'' | b'-', ..]) => 1,
                Some([0xE2, 0x80, 0x99, ..]) => 3,
                Some([0xCA, 0xBC, ..]) => 2,
                _ => 0,
            };
            if joiner > 0 && word_byte(i + joiner) != 0 {
                let typed = if c == b'-' { b'-' } else { b'\'' };
                current = Some(quick_hash(hash, typed));
                tail = if c == b'-' {
                    Some(0)
                } else {
                    tail.map(|t| quick_hash(t, typed))
                };
                i += joiner;
                continue;
            }
            // A letter or a mark continues the word, which then is not ASCII;
            // other characters (a quote no word follows) end it.
            let letter = !c.is_ascii()
                && text
                    .get(i..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| c.is_alphanumeric() || is_mark_char(c));
            if letter {
                tail = None;
                // The rest of the word as the tokenizer reads it: word characters,
                // marks, and joiners between word characters.
                let char_at = |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
                while let Some(ch) = char_at(i) {
                    let joins =
                        is_joiner(ch) && char_at(i + ch.len_utf8()).is_some_and(is_word_char);
                    if !(is_word_char(ch) || is_mark_char(ch) || joins) {
                        break;
                    }
                    i += ch.len_utf8();
                }
                continue;
            }
            if visit(hash) || tail.take().is_some_and(&mut visit) {
                return true;
            }
        }
        if c.is_ascii() {
            if signs.ascii.get(usize::from(c)) == Some(&true) && visit(quick_hash(0, c)) {
                return true;
            }
        } else if c >= 0xC0 && !signs.wide.is_empty() {
            let sign = text.get(i..).and_then(|rest| rest.chars().next());
            if let Some(sign) = sign.filter(|s| signs.wide.contains(s)) {
                let mut utf8 = [0; 4];
                if visit(sign.encode_utf8(&mut utf8).bytes().fold(0, quick_hash)) {
                    return true;
                }
            }
        }
        i += 1;
    }
    current.is_some_and(&mut visit) || tail.is_some_and(visit)
}

/// Builds every shared table the rules and the label filter use (see
/// [`super::prepare`]).
pub(super) fn prepare() {
    LazyLock::force(&INDEX);
    LazyLock::force(&LABEL_ANCHORS);
    LazyLock::force(&QUICK);
    LazyLock::force(&MODEL);
}

/// Whether a built-in labeling rule (or the word model) could find a label in `text`:
/// false rules it out without tokenizing it.
pub(super) fn may_label(text: &str) -> bool {
    let anchors = &*LABEL_ANCHORS;
    if anchors.always {
        return true;
    }
    if !quick(text) {
        return false;
    }
    // Per pattern, which of its word sets the note has a word of.
    let mut found = vec![0u64; anchors.patterns.len()];
    let mut bits = 0;
    let mut mark = |sets: &[u32]| {
        for &item in sets {
            if let Some(sets) = found.get_mut(item as usize / 64) {
                *sets |= 1 << (item % 64);
            }
        }
    };
    // A needed word the walk cannot see: the rules decide.
    let Some(needs) = NEEDS.as_ref() else {
        return true;
    };
    let model_word = words(text, &needs.signs, |hash| {
        needs.words.get(&hash).is_some_and(|need| {
            bits |= need.bits;
            mark(&need.sets);
            need.model
        })
    });
    model_word
        || anchors
            .patterns
            .iter()
            .zip(&anchors.bits)
            .zip(&found)
            .any(|((sets, &need), &found)| {
                bits & need == need && found.count_ones() as usize == sets.len()
            })
}

/// A troubleshooting finding a person describes (a symptom, live work, a quote), as
/// opposed to text pasted from a system or a request to fix something, which says what
/// it wants.
///
/// Not soft, whatever the family: a measure far from its usual value, and time sunk on a
/// problem the note names (`names_problem`: "their backup failures: we spent 25 min on
/// it, then parked it").
fn soft(c: &Candidate, names_problem: bool) -> bool {
    let firm = match c.reason {
        Reason::Builtin(BASELINE) => true,
        Reason::Builtin(LIVE) => names_problem,
        _ => false,
    };
    !firm
        && (matches!(
            c.family,
            Family::NotWorking | Family::Symptom | Family::Live | Family::Weak
        ) || matches!(c.reason, Reason::Builtin(QUOTED_OUTPUT)))
}

/// Whether the quote ending `range` is typed against the word before it: a closing quote.
fn closes_a_quote(line: &Line<'_>, range: &Range<usize>) -> bool {
    let Some(at) = line.toks.iter().position(|t| t.end == range.end) else {
        return false;
    };
    at.checked_sub(1)
        .and_then(|p| line.toks.get(p))
        .zip(line.toks.get(at))
        .is_some_and(|(before, quote)| before.word && before.end == quote.start)
}

/// Whether the model's label word at `range`, when it is a label noun, stands where the
/// rules take one for a label: not a thing ("our go-to tool"), a role ("the contact
/// person"), a denial or a question.
fn labels_as_rules_would(line: &Line<'_>, range: &Range<usize>) -> bool {
    line.toks
        .iter()
        .enumerate()
        .find(|(_, t)| t.start == range.start)
        .is_none_or(|(ti, t)| !t.is(class::LABEL) || pattern::label(line, ti).is_some())
}

/// The word model's second opinion on the rules' candidates: with no hard evidence, it
/// silences soft findings in a note it is nearly sure is benign; in a note nothing else
/// flags, it adds troubleshooting (when the note's frames allow it) or a label it is
/// nearly sure of.
fn second_opinion(
    line: &Line<'_>,
    sensitivity: Sensitivity,
    allowed: bool,
    after_troubleshooting: bool,
    model: &Model,
    thresholds: Thresholds,
    out: &mut Vec<Candidate>,
) {
    // The model reads the note at most once, and only when it is asked.
    let posterior = OnceCell::new();
    let p = |class: usize| posterior.get_or_init(|| model.posterior(line.text))[class];
    let names_problem = !out.is_empty() && line.has(class::PROBLEM | class::BAD_STATUS);
    let soft = |c: &Candidate| soft(c, names_problem);
    let hard = out
        .iter()
        .any(|c| c.family.kind() == FindingKind::Troubleshooting && !soft(c));
    if !hard && out.iter().any(soft) && p(BENIGN) > thresholds.benign {
        out.retain(|c| !soft(c));
    }
    let technical = || {
        line.has(
            class::TECH | class::CODE | class::PROBLEM | class::WEAK_PROBLEM | class::BAD_STATUS,
        )
    };
    // After a note that is troubleshooting on its own, a note is read as a step of the
    // same thread at a lower bar ("restarted it, same thing").
    let on_its_own = || {
        p(TROUBLESHOOTING) > thresholds.troubleshooting
            && (technical() || p(TROUBLESHOOTING) > thresholds.plain)
    };
    if out.is_empty() && allowed && sensitivity.includes(Family::Live, TROUBLE_MODEL) {
        let reason = if on_its_own() {
            Some(TROUBLE_MODEL)
        } else {
            (after_troubleshooting && p(TROUBLESHOOTING) > thresholds.thread)
                .then_some(TROUBLE_THREAD)
        };
        if let Some(reason) = reason
            && let Some(range) = model.troubleshooting_words(line.text)
        {
            out.push(Candidate {
                family: Family::Live,
                reason: Reason::Builtin(reason),
                range,
            });
        }
    }
    // Self-labels flag only with an identity noun ("I'm basically the Helm guy"), which
    // the rules find; a self-report the model reads as a label is a strength. Labels
    // said to the other side ("you are clearly the Helm experts") are the rules' too.
    let first_or_second_person = || {
        line.toks.iter().enumerate().any(|(i, t)| {
            matches!(line.norm(t), "i'm" | "you're")
                || line.norm(t) == "i" && line.norm_at(i + 1) == "am"
                || line.norm(t) == "you" && line.norm_at(i + 1) == "are"
        })
    };
    if out.is_empty()
        && sensitivity.includes(Family::Labeling, LABEL_MODEL)
        && !first_or_second_person()
        && let Some(range) = model.label_word(line.text, line.toks.iter().map(|t| line.norm(t)))
        && labels_as_rules_would(line, &range)
        && p(LABELING) > thresholds.label
    {
        out.push(Candidate {
            family: Family::Labeling,
            reason: Reason::Builtin(LABEL_MODEL),
            range,
        });
    }
}

/// Lists of pattern numbers by word id, stored back to back: list `id` is
/// `items[starts[id]..starts[id + 1]]`.
struct Flat {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Flat {
    fn new(lists: &[Vec<u32>]) -> Flat {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut items = Vec::new();
        for list in lists {
            starts.push(u32::try_from(items.len()).unwrap_or(u32::MAX));
            items.extend_from_slice(list);
        }
        starts.push(u32::try_from(items.len()).unwrap_or(u32::MAX));
        Flat { starts, items }
    }

    fn get(&self, id: WordId) -> &[u32] {
        let i = id as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl Index {
    fn hits(&self, line: &Line<'_>, out: &mut Vec<(Target, Range<usize>)>) {
        let mut try_all = |ti: usize, list: &[u32]| {
            for &n in list {
                if let Some((target, pattern)) = self.patterns.get(n as usize)
                    && pattern.may_match(line)
                    && let Some(range) = pattern.match_at(line, ti)
                {
                    out.push((*target, range));
                }
            }
        };
        // A group of `@element` patterns (or the patterns that start anywhere) none of
        // which the line has the words and classes for is not tried at any token.
        let live = |list: &[u32]| {
            list.iter().any(|&n| {
                self.patterns
                    .get(n as usize)
                    .is_some_and(|(_, p)| p.may_match(line))
            })
        };
        // One group per kind of element: fewer than 64.
        let mut specials = 0u64;
        for (i, (_, list)) in self.by_special.iter().enumerate().take(64) {
            if live(list) {
                specials |= 1 << i;
            }
        }
        let anywhere = live(&self.anywhere);
        for (ti, t) in line.toks.iter().enumerate() {
            if t.id == NO_ID {
                let first = line.norm(t).bytes().next().unwrap_or(0);
                if let Some(list) = self.unknown.get(usize::from(first)) {
                    try_all(ti, list);
                }
            } else {
                try_all(ti, self.by_first.get(t.id));
                let second = self.by_second.get(t.id);
                if !second.is_empty() && ti > 0 {
                    try_all(ti - 1, second);
                }
            }
            let mut live = specials;
            while live != 0 {
                let i = live.trailing_zeros() as usize;
                live &= live - 1;
                if let Some((special, list)) = self.by_special.get(i)
                    && special.could_start(t)
                    && special.consume(line, ti).is_some()
                {
                    try_all(ti, list);
                }
            }
            if anywhere {
                try_all(ti, &self.anywhere);
            }
        }
    }
}

/// Why a candidate counts: a built-in reason or the user's phrase number `n`.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reason {
    Builtin(&'static str),
    User(usize),
}

/// A match before selection.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) family: Family,
    pub(super) reason: Reason,
    pub(super) range: Range<usize>,
}

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The built-in rules' candidates in one note, after exemptions, frames and the word
/// model's second opinion.
pub(super) fn builtin(
    line: &Line<'_>,
    sensitivity: Sensitivity,
    after_troubleshooting: bool,
    out: &mut Vec<Candidate>,
) {
    let allowed = rules(line, sensitivity, out);
    second_opinion(
        line,
        sensitivity,
        allowed,
        after_troubleshooting,
        &MODEL,
        THRESHOLDS,
        out,
    );
}

/// The built-in rules' candidates in one note, after exemptions and frames; whether the
/// note's frames allow troubleshooting.
fn rules(line: &Line<'_>, sensitivity: Sensitivity, out: &mut Vec<Candidate>) -> bool {
    let mut hits = Vec::with_capacity(32);
    INDEX.hits(line, &mut hits);
    let exempt: Vec<Range<usize>> = hits
        .iter()
        .filter(|(t, _)| *t == Target::Exempt)
        .map(|(_, r)| r.clone())
        .collect();
    let free = |r: &Range<usize>| !exempt.iter().any(|e| overlaps(e, r));
    let mut frames = Frames::default();
    for (target, range) in &hits {
        if let Target::Frame(frame) = target
            && free(range)
        {
            frames.add(*frame, range);
        }
    }
    frames.add_shapes(line);

    let allowed = frames.allows();
    let mut push = |family: Family, reason: &'static str, range: Range<usize>| {
        if !sensitivity.includes(family, reason) {
            return;
        }
        if family.kind() == super::FindingKind::Troubleshooting && !(allowed && free(&range)) {
            return;
        }
        out.push(Candidate {
            family,
            reason: Reason::Builtin(reason),
            range,
        });
    };
    for (target, range) in &hits {
        let Target::Rule(i) = target else { continue };
        let Some(rule) = RULES.get(*i) else { continue };
        let range = match rule.matcher {
            Matcher::PhrasesIf { requires, .. } => {
                let Some(with) = requirement(line, &hits, requires, range) else {
                    continue;
                };
                with
            }
            _ => range.clone(),
        };
        push(rule.family, rule.reason, range);
    }
    for rule in RULES {
        if let Matcher::Custom(find) = rule.matcher
            && let Some(range) = find(line)
        {
            push(rule.family, rule.reason, range);
        }
    }
    // A label in quotes is not a tool's output, and live talk about a label is not
    // troubleshooting: those give way to the label. A quote that closes on the word
    // before it ("I read logs"") quotes nothing after the verb.
    let labels: Vec<Range<usize>> = out
        .iter()
        .filter(|c| c.family.kind() == FindingKind::Labeling)
        .map(|c| c.range.clone())
        .collect();
    out.retain(|c| {
        !matches!(c.reason, Reason::Builtin(QUOTED_OUTPUT))
            || !labels.iter().any(|l| overlaps(l, &c.range)) && !closes_a_quote(line, &c.range)
    });
    if let Some(reason) = frames.live_reason(line, &exempt)
        && let Some(at) = frames.live_at.clone()
        && sensitivity.includes(Family::Live, LIVE)
        && free(&at)
    {
        let end = line
            .toks
            .iter()
            .filter(|t| {
                t.start >= at.end && t.word && t.is(class::TECH | class::CODE | class::PROBLEM)
            })
            .map(|t| t.end)
            .next()
            .unwrap_or(at.end);
        if !labels
            .iter()
            .any(|l| overlaps(l, &(at.start..end.max(at.end))))
        {
            out.push(Candidate {
                family: Family::Live,
                reason: Reason::Builtin(reason),
                range: at.start..end.max(at.end),
            });
        }
    }
    // What a person is good at or knows best is a skill, not a problem: "better than
    // anybody at reading Gitaly logs" is a label, up to the end of its clause.
    let skills: Vec<Range<usize>> = out
        .iter()
        .filter(|c| matches!(c.reason, Reason::Builtin(LABEL_STRENGTH | LABEL_KNOWS)))
        .map(|c| {
            let clause_end = line
                .toks
                .iter()
                .find(|t| t.brk && t.start >= c.range.end)
                .map_or(line.text.len(), |t| t.start);
            c.range.start..clause_end
        })
        .collect();
    if !skills.is_empty() {
        out.retain(|c| {
            c.family.kind() != FindingKind::Troubleshooting
                || !skills.iter().any(|s| s.contains(&c.range.start))
        });
    }
    allowed
}

/// The span of `m` joined with the nearest thing the rule requires (after it, else
/// before it), if the line has one.
fn requirement(
    line: &Line<'_>,
    hits: &[(Target, Range<usize>)],
    requires: Requires,
    m: &Range<usize>,
) -> Option<Range<usize>> {
    let mut after: Option<Range<usize>> = None;
    let mut before: Option<Range<usize>> = None;
    let mut consider = |e: Range<usize>| {
        if e.start >= m.end {
            if after.as_ref().is_none_or(|a| e.start < a.start) {
                after = Some(e);
            }
        } else if e.end <= m.start && before.as_ref().is_none_or(|b| e.end > b.end) {
            before = Some(e);
        }
    };
    match requires {
        Requires::Tech => line
            .toks
            .iter()
            .filter(|t| t.word && t.is(class::TECH | class::CODE))
            .for_each(|t| consider(t.start..t.end)),
        Requires::Breakage => hits
            .iter()
            .filter(|(t, _)| *t == Target::Breakage)
            .for_each(|(_, r)| consider(r.clone())),
    }
    after
        .or(before)
        .map(|e| m.start.min(e.start)..m.end.max(e.end))
}

/// Keeps, family by family (strongest first), the earliest (then longest) candidate that
/// does not overlap a finding already kept.
pub(super) fn select(
    text: &str,
    mut candidates: Vec<Candidate>,
    user_reason: impl Fn(usize) -> String,
) -> Vec<Finding> {
    candidates.sort_by_key(|c| (c.family, c.range.start, std::cmp::Reverse(c.range.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for family in Family::ALL {
        let pick = candidates
            .iter()
            .filter(|c| c.family == family)
            .find(|c| !kept.iter().any(|k| overlaps(&k.range, &c.range)))
            .map(|c| (c, closed(text, c.range.clone())));
        if let Some((c, range)) = pick
            && let Some(matched) = text.get(range.clone())
        {
            kept.push(Finding {
                kind: family.kind(),
                matched: matched.to_string(),
                reason: match c.reason {
                    Reason::Builtin(r) => r.to_owned(),
                    Reason::User(n) => user_reason(n),
                },
                range,
                signal: family.signal(),
                level: Level::Notice,
                why: String::new(),
            });
        }
    }
    kept
}

/// `range` taking in the closing brackets right after it that close brackets it opens,
/// so that the words a banner quotes read whole: `guru (406)`, not `guru (406`.
fn closed(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(inner) = text.get(range.clone()) else {
        return range;
    };
    let mut open = Vec::new();
    for b in inner.bytes() {
        match b {
            b'(' => open.push(b')'),
            b'[' => open.push(b']'),
            b')' | b']' if open.last() == Some(&b) => {
                open.pop();
            }
            _ => {}
        }
    }
    let mut end = range.end;
    while let Some(close) = open.pop()
        && text.as_bytes().get(end) == Some(&close)
    {
        end += 1;
    }
    range.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_range_takes_in_the_bracket_it_leaves_open() {
        assert_eq!(closed("a (b) c", 0..4), 0..5);
        assert_eq!(closed("a [b] c", 2..4), 2..5);
        assert_eq!(closed("a (b) c", 0..5), 0..5);
        assert_eq!(closed("a (b c", 0..4), 0..4);
        assert_eq!(closed("(a) b", 4..5), 4..5);
        assert_eq!(closed("x ([y]) z", 2..5), 2..7);
    }

    /// The needs a walk over `text` meets: the sets found, the class bits, the model.
    fn met(text: &str, tokens: bool) -> (Vec<u32>, u32, bool) {
        let Some(needs) = NEEDS.as_ref() else {
            return (Vec::new(), 0, false);
        };
        let (mut sets, mut bits, mut model) = (Vec::new(), 0, false);
        let mut add = |hash: u64| {
            if let Some(need) = needs.words.get(&hash) {
                sets.extend_from_slice(&need.sets);
                bits |= need.bits;
                model |= need.model;
            }
            false
        };
        if tokens {
            let line = Line::new(text);
            for t in &line.toks {
                add(line.norm(t).bytes().fold(0, quick_hash));
            }
        } else {
            words(text, &needs.signs, add);
        }
        sets.sort_unstable();
        sets.dedup();
        (sets, bits, model)
    }

    /// The rules with the word model trained on every style but one, measured on that
    /// one, with the shipped thresholds and others near them.
    /// `cargo test --release --lib rules_and_model_leaving -- --nocapture` prints the
    /// figures docs/drift.md reports.
    #[test]
    fn rules_and_model_leaving_one_style_out() {
        use super::super::model::{TRAINING, labelled, trained_styles};
        let t = THRESHOLDS;
        let mut tried = vec![
            t,
            Thresholds {
                troubleshooting: 2.0,
                thread: 2.0,
                ..t
            },
        ];
        for benign in [0.98, 0.99, 0.995, 0.9999] {
            tried.push(Thresholds { benign, ..t });
        }
        for label in [0.98, 0.999] {
            tried.push(Thresholds { label, ..t });
        }
        for plain in [0.995, 0.9999] {
            tried.push(Thresholds { plain, ..t });
        }
        for troubleshooting in [0.98, 0.99, 0.998, 0.999] {
            tried.push(Thresholds {
                troubleshooting,
                ..t
            });
        }
        // No thread, then other bars for a step of one.
        for thread in [2.0, 0.8, 0.95, 0.99] {
            tried.push(Thresholds { thread, ..t });
        }
        // Per thresholds and class: troubleshooting found, labels found, benign flagged.
        let mut found = vec![[0usize; 3]; tried.len()];
        let mut all = [0usize; 3];
        for style in trained_styles() {
            let model = Model::trained(TRAINING, |s| s != style).expect("decodes");
            // Per thresholds: whether the note before is troubleshooting on its own (the
            // notes of a style are read in their file's order).
            let mut after = vec![false; tried.len()];
            for (class, _, note) in labelled(TRAINING).filter(|&(_, s, _)| s == style) {
                all[class] += 1;
                let line = Line::new(note);
                let mut ruled = Vec::new();
                let allowed = rules(&line, Sensitivity::Normal, &mut ruled);
                for (n, &thresholds) in tried.iter().enumerate() {
                    let mut out = ruled.clone();
                    second_opinion(
                        &line,
                        Sensitivity::Normal,
                        allowed,
                        after.get(n).copied().unwrap_or_default(),
                        &model,
                        thresholds,
                        &mut out,
                    );
                    let findings = select(note, out, |_| String::new());
                    if let Some(slot) = after.get_mut(n) {
                        *slot = findings
                            .first()
                            .is_some_and(Finding::troubleshooting_on_its_own);
                    }
                    let has = |kind| findings.iter().any(|f| f.kind == kind);
                    let hit = match class {
                        TROUBLESHOOTING => has(FindingKind::Troubleshooting),
                        LABELING => has(FindingKind::Labeling),
                        _ => !findings.is_empty(),
                    };
                    found[n][class] += usize::from(hit);
                }
            }
        }
        let [all_b, all_t, all_l] = all;
        for (thresholds, [b, t, l]) in tried.iter().zip(&found) {
            println!(
                "{thresholds:?}: troubleshooting {t}/{all_t} labeling {l}/{all_l} benign \
                 flagged {b}/{all_b}"
            );
        }
        let [b, t, l] = found[0];
        let rate = |n: usize, of: usize| n as f64 / of.max(1) as f64;
        assert!(rate(t, all_t) >= 0.9, "troubleshooting {t}/{all_t}");
        assert!(rate(l, all_l) >= 0.88, "labeling {l}/{all_l}");
        assert!(rate(b, all_b) <= 0.025, "benign {b}/{all_b}");
        // The model's own troubleshooting finding pays for itself: it finds far more
        // troubleshooting than it flags benign notes.
        let [quiet, without, _] = found[1];
        assert!(t - without >= 3 * (b - quiet), "{t} {without} {b} {quiet}");
    }

    #[test]
    fn the_labeling_needs_are_read_without_the_tokenizer() {
        let needs = NEEDS
            .as_ref()
            .expect("every needed word is visible to the walk");
        assert!(needs.words.len() > 100);
        assert!(needs.signs.wide.contains(&'–'));
    }

    proptest! {
        /// Every need the tokenizer's tokens meet, the byte walk meets too (it may meet
        /// more: it is a filter before the rules).
        #[test]
        fn the_walk_meets_every_need_the_tokens_meet(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "guru", "Guru", "GURU", "knows", "inside", "out", "go-to", "person", "im",
                "Im", "dont", "the", "our", "Dana", "Zoë", "é", "\u{301}", "’", "ʼ", "‘",
                "“", "”", "'", "\"", "-", "–", "—", "=", ":", ",", " ", " ", " ", "_", "x",
                "maven", "expert", "helm", "guy", "is", "who", "\u{200d}", "…", "s", "1",
            ]), 0..14),
        ) {
            let text = pieces.concat();
            let (token_sets, token_bits, token_model) = met(&text, true);
            let (walk_sets, walk_bits, walk_model) = met(&text, false);
            prop_assert!(token_sets.iter().all(|s| walk_sets.contains(s)), "{:?}", text);
            prop_assert_eq!(token_bits & !walk_bits, 0, "{:?}", text);
            prop_assert!(!token_model || walk_model, "{:?}", text);
        }
    }
}
