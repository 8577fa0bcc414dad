//! The phrase notation: parsing a pattern and matching it against a tokenized line.

use std::ops::Range;

use super::PhraseError;
use super::tokens::{IdBits, Line, Tok, add_id, may_share, normalize_word};
use super::words::{NO_ID, VOCAB, WordId, class};

/// Compiles a user's phrase, refusing what could never match or would match anything.
pub(super) fn user_pattern(phrase: &str) -> Result<Pattern, PhraseError> {
    let fail = |why: &str| {
        Err(PhraseError {
            message: format!("phrase {phrase:?}: {why}"),
        })
    };
    if phrase.trim().is_empty() {
        return fail("is empty");
    }
    if phrase.len() > 200 {
        return fail("is longer than 200 characters");
    }
    let pattern = Pattern::compile(phrase);
    if pattern.elems.contains(&Elem::Never) {
        return fail("uses an unknown @name (known: @5xx, @http, @tech, @who, @label, ...)");
    }
    if !matches!(
        pattern.elems.first(),
        Some(Elem::Words(_) | Elem::Case(_) | Elem::Special(_))
    ) {
        return fail("must start with a word");
    }
    Ok(pattern)
}

// Patterns

/// The alternatives of a word element (`a|b|fail*|:`), compiled: vocabulary ids, words
/// the vocabulary does not know (from the user's phrases), and prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct WordSet {
    ids: Vec<WordId>,
    others: Vec<Box<str>>,
    prefixes: Vec<Box<str>>,
}

impl WordSet {
    pub(super) fn parse(alts: &str) -> WordSet {
        let mut set = WordSet::default();
        for alt in alts.split('|') {
            let norm = normalize_word(alt);
            match norm.strip_suffix('*') {
                Some(stem) if !stem.is_empty() => set.prefixes.push(stem.into()),
                _ => match VOCAB.get(&norm) {
                    Some((id, _)) => set.ids.push(id),
                    None => set.others.push(norm.into()),
                },
            }
        }
        if !set.prefixes.is_empty() {
            // Known words with a prefix match by id; the prefixes are only checked
            // for words outside the vocabulary.
            for p in &set.prefixes {
                set.ids.extend(VOCAB.with_prefix(p));
            }
        }
        set.ids.sort_unstable();
        set.ids.dedup();
        set
    }

    pub(super) fn matches(&self, line: &Line<'_>, t: &Tok) -> bool {
        if t.id != NO_ID {
            return if self.ids.len() <= 8 {
                self.ids.contains(&t.id)
            } else {
                self.ids.binary_search(&t.id).is_ok()
            };
        }
        if self.others.is_empty() && self.prefixes.is_empty() {
            return false;
        }
        let norm = line.norm(t);
        self.others.iter().any(|o| **o == *norm)
            || t.word && self.prefixes.iter().any(|p| norm.starts_with(&**p))
    }

    /// The vocabulary ids this set matches when it can match nothing else (no prefixes,
    /// no words outside the vocabulary).
    pub(super) fn closed_ids(&self) -> Option<&[WordId]> {
        (self.prefixes.is_empty() && self.others.is_empty()).then_some(&self.ids)
    }

    /// The vocabulary ids this set matches (its words, and every known word starting
    /// with one of its prefixes), and whether a word outside the vocabulary could match
    /// too.
    fn ids_and_open(&self) -> (Vec<WordId>, bool) {
        (
            self.ids.clone(),
            !self.prefixes.is_empty() || !self.others.is_empty(),
        )
    }

    /// The first bytes a word outside the vocabulary must start with to match.
    fn open_first_bytes(&self) -> Vec<u8> {
        self.prefixes
            .iter()
            .chain(&self.others)
            .filter_map(|w| w.bytes().next())
            .collect()
    }
}

/// Hand-written elements, written `@name` in patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Special {
    /// `@5xx`: a number from 500 to 599.
    Status5xx,
    /// `@http`: an HTTP error status from 400 to 599.
    HttpError,
    /// `@5xxs`: a plural status like `502s`.
    Status5xxPlural,
    /// `@camelerr`: an exception class name like `TypeError`, `IOException`.
    CamelError,
    /// `@tech`: a technical verb ([`TECH_VERBS`]).
    TechVerb,
    /// `@everyday`: an everyday verb ([`EVERYDAY_VERBS`]).
    EverydayVerb,
    /// `@thing`: a word that is not a person or adverb ([`PEOPLE`]).
    Thing,
    /// `@who`: he/she/they or a capitalised name.
    Who,
    /// `@whois`: "she's", "Alice's", "he is", "Alice is", "they are".
    WhoIs,
    /// `@label`: an expertise label ([`LABEL_NOUNS`]) in a labeling position.
    Label,
    /// `@name`: a capitalised word that is plausibly a person's name ("Nakamura-san").
    Name,
    /// `@technoun`: a technical noun ([`TECH_NOUNS`]) or a code-like word.
    TechNoun,
    /// `@problem`: a word that names something going wrong ([`PROBLEM_WORDS`]).
    Problem,
    /// `@measure`: a number with a unit or a decimal point, as a duration, a size or a
    /// rate is written (`2.8s`, `40 min`, `45s`, `~5 ms`, `0.05`).
    Measure,
    /// `@num`: a number, bare or with a unit (`6`, `~6`, `5s`, `2.8s`).
    Num,
}

impl Special {
    pub(super) fn parse(name: &str) -> Option<Special> {
        Some(match name {
            "5xx" => Special::Status5xx,
            "http" => Special::HttpError,
            "5xxs" => Special::Status5xxPlural,
            "camelerr" => Special::CamelError,
            "tech" => Special::TechVerb,
            "everyday" => Special::EverydayVerb,
            "thing" => Special::Thing,
            "who" => Special::Who,
            "whois" => Special::WhoIs,
            "label" => Special::Label,
            "name" => Special::Name,
            "technoun" => Special::TechNoun,
            "problem" => Special::Problem,
            "measure" => Special::Measure,
            "num" => Special::Num,
            _ => return None,
        })
    }

    /// A cheap test on the token's class bits: false when the element cannot match
    /// there.
    pub(super) fn could_start(self, t: &Tok) -> bool {
        match self {
            Special::Status5xx | Special::HttpError | Special::Status5xxPlural => {
                t.is(class::DIGIT)
            }
            Special::CamelError => t.is(class::CAPITAL),
            Special::Who | Special::WhoIs => t.is(class::CAPITAL | class::PRONOUN),
            Special::Name => t.is(class::CAPITAL),
            Special::TechVerb => t.is(class::TECH_VERB),
            Special::EverydayVerb => t.is(class::EVERYDAY_VERB),
            Special::TechNoun => t.is(class::TECH | class::CODE),
            Special::Problem => t.is(class::PROBLEM),
            Special::Label => t.is(class::LABEL),
            Special::Thing => t.word,
            // Or the `~` before one.
            Special::Measure | Special::Num => t.is(class::DIGIT) || !t.word,
        }
    }

    /// Class bits of which a token it matches has at least one (`None`: no such bits).
    /// Unlike [`Special::could_start`], a necessary condition wherever the element is.
    fn needs(self) -> Option<u32> {
        match self {
            Special::Status5xx | Special::HttpError | Special::Status5xxPlural => {
                Some(class::DIGIT)
            }
            Special::Who | Special::WhoIs => Some(class::CAPITAL | class::PRONOUN),
            Special::Name => Some(class::CAPITAL),
            Special::TechVerb => Some(class::TECH_VERB),
            Special::EverydayVerb => Some(class::EVERYDAY_VERB),
            Special::TechNoun => Some(class::TECH | class::CODE),
            Special::Problem => Some(class::PROBLEM),
            Special::Label => Some(class::LABEL),
            Special::Measure | Special::Num => Some(class::DIGIT),
            // `typeError` has no capital first letter; any word is a thing.
            Special::CamelError | Special::Thing => None,
        }
    }

    /// Whether it always consumes exactly one token.
    fn one_token(self) -> bool {
        !matches!(
            self,
            Special::WhoIs | Special::Label | Special::Measure | Special::Num
        )
    }

    /// How many tokens this element consumes at `ti`, if it matches.
    pub(super) fn consume(self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let norm = line.norm(t);
        let one = |ok: bool| ok.then_some(1);
        match self {
            Special::Status5xx => one(is_5xx(norm) && !line.number_tail(ti)),
            Special::HttpError => one(is_http_error(norm) && !line.number_tail(ti)),
            Special::Status5xxPlural => {
                one(norm == "5xxs" || norm.strip_suffix('s').is_some_and(is_5xx))
            }
            Special::CamelError => one(t.word && is_camel_error(line.original(t))),
            Special::TechVerb => one(t.is(class::TECH_VERB)),
            Special::EverydayVerb => one(t.is(class::EVERYDAY_VERB)),
            Special::Thing => {
                one(t.word && !norm.bytes().all(|b| b.is_ascii_digit()) && !t.is(class::PEOPLE))
            }
            Special::Who => one(is_third_person(line, t)),
            Special::WhoIs => who_is(line, ti),
            Special::Label => label(line, ti),
            Special::Name => one(is_name(t)),
            Special::TechNoun => one(t.word && t.is(class::TECH | class::CODE)),
            Special::Problem => one(t.is(class::PROBLEM)),
            Special::Measure => measure(line, ti, true),
            Special::Num => measure(line, ti, false),
        }
    }
}

/// Units written after a number, glued to it (`45s`) or as a word of their own (`40 min`).
const UNITS: &[&str] = &[
    "s", "sec", "secs", "second", "seconds", "ms", "m", "min", "mins", "minute", "minutes", "h",
    "hr", "hrs", "hour", "hours", "d", "day", "days", "k", "x", "%", "kb", "mb", "gb", "tb", "rps",
    "qps",
];

/// How many tokens the number at `ti` takes (a `~` before it, a decimal part, a unit):
/// `None` when there is none there, or, with `unit`, when it has neither a unit nor a
/// decimal point.
fn measure(line: &Line<'_>, ti: usize, unit: bool) -> Option<usize> {
    let mut i = ti;
    if line.tok(i).is_some_and(|t| !t.word && line.norm(t) == "~") {
        i += 1;
    }
    // Digits, then nothing (`Some(false)`) or a unit (`Some(true)`).
    let number = |norm: &str| {
        let tail = norm.trim_start_matches(|c: char| c.is_ascii_digit());
        match (tail.len() < norm.len(), tail.is_empty()) {
            (false, _) => None,
            (true, true) => Some(false),
            (true, false) => UNITS.contains(&tail).then_some(true),
        }
    };
    let first = line.tok(i).filter(|t| t.word)?;
    let mut measured = number(line.norm(first))?;
    let mut last = first;
    i += 1;
    // A decimal part: `2` `.` `8s`, all joined.
    if let (Some(dot), Some(part)) = (line.tok(i), line.tok(i + 1))
        && line.norm(dot) == "."
        && dot.start == last.end
        && part.start == dot.end
        && part.word
        && number(line.norm(part)).is_some()
    {
        measured = true;
        last = part;
        i += 2;
    }
    // A unit of its own: `40 min`, `87 %`.
    if let Some(word) = line.tok(i)
        && UNITS.contains(&line.norm(word))
        && word.start >= last.end
    {
        measured = true;
        i += 1;
    }
    (measured || !unit).then_some(i - ti)
}

pub(super) fn is_http_error(n: &str) -> bool {
    n.len() == 3
        && (n.starts_with('4') || n.starts_with('5'))
        && n.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn is_5xx(n: &str) -> bool {
    n.len() == 3 && n.starts_with('5') && n.bytes().all(|b| b.is_ascii_digit())
}

/// `TypeError`, `NoMethodError`, `NullPointerException`: a class-like name ending in
/// `Error` or `Exception` with something before it.
pub(super) fn is_camel_error(original: &str) -> bool {
    ["Error", "Exception"].iter().any(|suffix| {
        original
            .strip_suffix(suffix)
            .and_then(|head| head.chars().last())
            .is_some_and(|c| c.is_alphanumeric())
    })
}

/// A capitalised word that is plausibly a person's name.
pub(super) fn is_name(t: &Tok) -> bool {
    t.word
        && t.is(class::CAPITAL)
        && !t.is(class::NOT_NAME | class::TECH | class::LABEL | class::CLI)
}

/// He, she, they, or a capitalised word that is plausibly a person's name.
pub(super) fn is_third_person(line: &Line<'_>, t: &Tok) -> bool {
    if !t.word {
        return false;
    }
    matches!(line.norm(t), "he" | "she" | "they")
        || (t.is(class::CAPITAL) && !t.is(class::NOT_NAME))
}

/// "she's", "they're", "Alice's" (one token) or "she is", "Alice was" (two tokens).
pub(super) fn who_is(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !t.word {
        return None;
    }
    let norm = line.norm(t);
    if matches!(norm, "he's" | "she's" | "they're") {
        return Some(1);
    }
    if let Some(base) = norm.strip_suffix("'s") {
        let name_like = t.is(class::CAPITAL)
            && VOCAB
                .get(base)
                .is_none_or(|(_, bits)| bits & class::NOT_NAME == 0);
        return name_like.then_some(1);
    }
    let is_verb = matches!(line.norm_at(ti + 1), "is" | "are" | "was" | "were");
    (is_third_person(line, t) && is_verb).then_some(2)
}

/// An expertise label, excluding roles ("contact person") and things ("go-to tool");
/// returns the tokens it covers ("go-to person" is two).
pub(super) fn label(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !t.is(class::LABEL) {
        return None;
    }
    // "not a Postgres expert", "never the Helm person": a label denied is none.
    let denied = (1..=4)
        .filter_map(|back| ti.checked_sub(back).and_then(|p| line.tok(p)))
        .take_while(|p| !p.brk)
        .any(|p| {
            matches!(
                line.norm(p),
                "not" | "never" | "no" | "hardly" | "isn't" | "aren't" | "wasn't" | "weren't"
            )
        });
    // "Q: who is the Geo expert on their team?": a label asked about is pinned on no one.
    let asked = line
        .toks
        .iter()
        .skip(ti + 1)
        .find(|p| p.brk)
        .is_some_and(|p| line.norm(p) == "?");
    // "DevOps Expert II", "Senior Cloud Guru" in capitals: a job title, not a label.
    let title = t.is(class::CAPITAL)
        && line.original(t).bytes().any(|b| b.is_ascii_lowercase())
        && ti
            .checked_sub(1)
            .and_then(|p| line.tok(p))
            .is_some_and(|p| p.word && p.is(class::CAPITAL));
    if denied || asked || title {
        return None;
    }
    let norm = line.norm(t);
    if norm == "go-to" || norm == "goto" {
        let next = line.tok(ti + 1);
        if next.is_some_and(|n| n.is(class::GO_TO_THING)) {
            return None;
        }
        return match next.map(|n| line.norm(n)) {
            Some("person" | "guy" | "gal" | "expert" | "contact" | "resource") => Some(2),
            _ => Some(1),
        };
    }
    let ok = match norm {
        // "the contact person", "the person who schedules", "the person on call" are
        // roles; "5 person in the team" counts heads.
        "person" | "guy" | "gal" => {
            let role_before = ti
                .checked_sub(1)
                .and_then(|p| line.tok(p))
                .is_some_and(|p| p.is(class::ROLE_BEFORE_PERSON | class::DIGIT));
            let next = line.norm_at(ti + 1);
            let role_after = matches!(next, "who" | "that" | "responsible" | "from")
                || next == "on"
                    && matches!(line.norm_at(ti + 2), "call" | "duty" | "shift" | "rotation");
            !role_before && !role_after
        }
        // "certificate authority", "has the authority to approve" are not labels.
        "authority" => {
            let before = ti.checked_sub(1).map_or("", |p| line.norm_at(p));
            !matches!(
                before,
                "certificate"
                    | "certification"
                    | "cert"
                    | "ca"
                    | "approving"
                    | "approval"
                    | "issuing"
                    | "signing"
                    | "root"
                    | "tax"
                    | "port"
                    | "local"
                    | "release"
                    | "change"
                    | "design"
                    | "registration"
                    | "final"
                    | "full"
                    | "no"
            ) && line.norm_at(ti + 1) != "to"
        }
        _ => true,
    };
    ok.then_some(1)
}

/// One element of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Elem {
    /// One token matching any alternative (`a|b|fail*|:`).
    Words(WordSet),
    /// One word exactly as written, case-sensitive (`=ERROR`).
    Case(String),
    /// A number (`#`).
    Number,
    /// Any word (`?`).
    AnyWord,
    /// Up to n tokens, never across a clause break (`~n`).
    Gap(usize),
    /// Neither of the next two tokens matches (`!a|b`); consumes nothing.
    NotNext(WordSet),
    /// A hand-written element (`@name`).
    Special(Special),
    /// An unknown `@name`: never matches (caught by a test).
    Never,
}

impl Elem {
    pub(super) fn parse(s: &str) -> Elem {
        if s == "#" {
            Elem::Number
        } else if s == "?" {
            Elem::AnyWord
        } else if let Some(n) = s.strip_prefix('~').and_then(|n| n.parse().ok()) {
            Elem::Gap(n)
        } else if let Some(name) = s.strip_prefix('@') {
            Special::parse(name).map_or(Elem::Never, Elem::Special)
        } else if let Some(word) = s.strip_prefix('=').filter(|w| !w.is_empty()) {
            Elem::Case(word.to_string())
        } else if let Some(alts) = s.strip_prefix('!').filter(|a| !a.is_empty()) {
            Elem::NotNext(WordSet::parse(alts))
        } else {
            Elem::Words(WordSet::parse(s))
        }
    }

    /// Tokens consumed at `ti` by a non-gap, non-lookahead element.
    pub(super) fn consume(&self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let one = |ok: bool| ok.then_some(1);
        match self {
            Elem::Words(set) => one(set.matches(line, t)),
            Elem::Case(word) => one(line.original(t) == word),
            Elem::Number => one(t.word && line.norm(t).bytes().all(|b| b.is_ascii_digit())),
            Elem::AnyWord => one(t.word),
            Elem::Special(s) => s.consume(line, ti),
            Elem::Gap(_) | Elem::NotNext(_) | Elem::Never => None,
        }
    }
}

/// A compiled phrase pattern.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    pub(super) elems: Vec<Elem>,
    /// For each element that must match a word of a closed set (no prefixes, no words
    /// outside the vocabulary), the set's ids: a line holding none of them cannot
    /// match.
    need_ids: Vec<IdBits>,
    /// For each `@element` that needs them, class bits one of the line's tokens must
    /// have.
    need_classes: Vec<u32>,
}

impl Pattern {
    pub(super) fn compile(src: &str) -> Pattern {
        let elems: Vec<Elem> = src.split_whitespace().map(Elem::parse).collect();
        let mut need_ids = Vec::new();
        let mut need_classes = Vec::new();
        for elem in &elems {
            match elem {
                Elem::Words(set) => {
                    if let Some(ids) = set.closed_ids() {
                        let mut bits = [0; 4];
                        ids.iter().for_each(|&id| add_id(&mut bits, id));
                        need_ids.push(bits);
                    }
                }
                Elem::Special(s) => need_classes.extend(s.needs()),
                _ => {}
            }
        }
        Pattern {
            elems,
            need_ids,
            need_classes,
        }
    }

    /// False when the line lacks a word or a class of token the pattern needs: it
    /// cannot match anywhere in it.
    pub(super) fn may_match(&self, line: &Line<'_>) -> bool {
        self.need_classes.iter().all(|&c| line.classes & c != 0)
            && self.need_ids.iter().all(|bits| may_share(bits, &line.ids))
    }

    /// Where the pattern can start: see [`Start`].
    pub(super) fn start(&self) -> Start {
        match self.elems.first() {
            Some(Elem::Words(set)) => Start::Words {
                ids: set.ids_and_open().0,
                open: set.open_first_bytes(),
            },
            Some(Elem::Case(word)) => match VOCAB.get(&normalize_word(word)) {
                Some((id, _)) => Start::Words {
                    ids: vec![id],
                    open: Vec::new(),
                },
                None => Start::Anywhere,
            },
            Some(Elem::Special(s)) => match self.elems.get(1) {
                Some(Elem::Words(set)) if s.one_token() => match set.ids_and_open() {
                    (ids, false) => Start::Second(ids),
                    _ => Start::Special(*s),
                },
                _ => Start::Special(*s),
            },
            _ => Start::Anywhere,
        }
    }

    /// The match starting at token `ti`, as a byte range.
    pub(super) fn match_at(&self, line: &Line<'_>, ti: usize) -> Option<Range<usize>> {
        let end = match_from(&self.elems, line, ti)?;
        line.span(ti, end)
    }

    /// Every match in the line, as byte ranges.
    pub(super) fn find_all(&self, line: &Line<'_>, out: &mut Vec<Range<usize>>) {
        if !self.may_match(line) {
            return;
        }
        out.extend((0..line.toks.len()).filter_map(|ti| self.match_at(line, ti)));
    }
}

/// Where a pattern can start, so it is only tried there.
pub(super) enum Start {
    /// At a word with one of these ids, or at a word outside the vocabulary whose
    /// normalized form starts with one of `open` bytes.
    Words { ids: Vec<WordId>, open: Vec<u8> },
    /// Where this element matches.
    Special(Special),
    /// One token before a word with one of these ids (the pattern starts with a
    /// one-token element, then a plain word).
    Second(Vec<WordId>),
    /// Anywhere.
    Anywhere,
}

/// Matches `elems` from token `ti`; returns the index after the last consumed token.
/// Gaps are non-greedy and bounded, so the work per start position is bounded too.
pub(super) fn match_from(elems: &[Elem], line: &Line<'_>, ti: usize) -> Option<usize> {
    let Some((head, rest)) = elems.split_first() else {
        return Some(ti);
    };
    match head {
        Elem::Gap(n) => {
            let next_words = match rest.first() {
                Some(Elem::Words(set)) => Some(set),
                _ => None,
            };
            for skip in 0..=*n {
                if skip > 0 && line.tok(ti + skip - 1)?.brk {
                    return None;
                }
                // Cheap test before recursing: the next element is most often a word.
                if let Some(set) = next_words
                    && !line.tok(ti + skip).is_some_and(|t| set.matches(line, t))
                {
                    continue;
                }
                if let Some(end) = match_from(rest, line, ti + skip) {
                    return Some(end);
                }
            }
            None
        }
        Elem::NotNext(set) => {
            let blocked = line
                .toks
                .iter()
                .skip(ti)
                .take(2)
                .any(|t| set.matches(line, t));
            if blocked {
                None
            } else {
                match_from(rest, line, ti)
            }
        }
        elem => {
            let n = elem.consume(line, ti)?;
            match_from(rest, line, ti + n)
        }
    }
}
