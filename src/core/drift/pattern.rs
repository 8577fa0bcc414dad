//! The phrase notation: parsing a pattern and matching it against a tokenized line.

use std::ops::Range;

use super::PhraseError;
use super::tokens::{Line, Tok, normalize};
use super::words::*;

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

/// One alternative of a word element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Alt {
    Exact(String),
    Prefix(String),
}

impl Alt {
    pub(super) fn parse(s: &str) -> Alt {
        let s = normalize(s);
        match s.strip_suffix('*') {
            Some(stem) if !stem.is_empty() => Alt::Prefix(stem.to_string()),
            _ => Alt::Exact(s),
        }
    }

    pub(super) fn matches(&self, t: &Tok) -> bool {
        match self {
            Alt::Exact(s) => t.norm == *s,
            Alt::Prefix(stem) => t.word && t.norm.starts_with(stem.as_str()),
        }
    }
}

/// Hand-written elements, written `@name` in patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            _ => return None,
        })
    }

    /// How many tokens this element consumes at `ti`, if it matches.
    pub(super) fn consume(self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let one = |ok: bool| ok.then_some(1);
        match self {
            Special::Status5xx => one(is_5xx(&t.norm)),
            Special::HttpError => one(is_http_error(&t.norm)),
            Special::Status5xxPlural => {
                one(t.norm == "5xxs" || t.norm.strip_suffix('s').is_some_and(is_5xx))
            }
            Special::CamelError => one(t.word && is_camel_error(line.original(t))),
            Special::TechVerb => one(TECH_VERBS.contains(&t.norm.as_str())),
            Special::EverydayVerb => one(EVERYDAY_VERBS.contains(&t.norm.as_str())),
            Special::Thing => one(t.word
                && !t.norm.bytes().all(|b| b.is_ascii_digit())
                && !PEOPLE.contains(&t.norm.as_str())),
            Special::Who => one(is_third_person(line, t)),
            Special::WhoIs => who_is(line, ti),
            Special::Label => label(line, ti),
        }
    }
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

pub(super) fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// He, she, they, or a capitalised word that is plausibly a person's name.
pub(super) fn is_third_person(line: &Line<'_>, t: &Tok) -> bool {
    if !t.word {
        return false;
    }
    matches!(t.norm.as_str(), "he" | "she" | "they")
        || (is_capitalised(line.original(t)) && !NOT_NAMES.contains(&t.norm.as_str()))
}

/// "she's", "they're", "Alice's" (one token) or "she is", "Alice was" (two tokens).
pub(super) fn who_is(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !t.word {
        return None;
    }
    if matches!(t.norm.as_str(), "he's" | "she's" | "they're") {
        return Some(1);
    }
    if let Some(base) = t.norm.strip_suffix("'s") {
        let name_like = is_capitalised(line.original(t)) && !NOT_NAMES.contains(&base);
        return name_like.then_some(1);
    }
    let verb = line.tok(ti + 1)?;
    let is_verb = matches!(verb.norm.as_str(), "is" | "are" | "was" | "were");
    (is_third_person(line, t) && is_verb).then_some(2)
}

/// An expertise label, excluding roles ("contact person") and things ("go-to tool");
/// returns the tokens it covers ("go-to person" is two).
pub(super) fn label(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !LABEL_NOUNS.contains(&t.norm.as_str()) {
        return None;
    }
    if t.norm == "go-to" {
        let next = line.tok(ti + 1).map(|n| n.norm.as_str());
        return match next {
            Some(n) if GO_TO_THINGS.contains(&n) => None,
            Some("person" | "guy" | "gal" | "expert" | "contact" | "resource") => Some(2),
            _ => Some(1),
        };
    }
    let ok = match t.norm.as_str() {
        "person" | "guy" | "gal" => !ti
            .checked_sub(1)
            .and_then(|p| line.tok(p))
            .is_some_and(|p| ROLE_BEFORE_PERSON.contains(&p.norm.as_str())),
        _ => true,
    };
    ok.then_some(1)
}

/// One element of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Elem {
    /// One token matching any alternative (`a|b|fail*|:`).
    Words(Vec<Alt>),
    /// One word exactly as written, case-sensitive (`=ERROR`).
    Case(String),
    /// A number (`#`).
    Number,
    /// Any word (`?`).
    AnyWord,
    /// Up to n tokens, never across a clause break (`~n`).
    Gap(usize),
    /// Neither of the next two tokens matches (`!a|b`); consumes nothing.
    NotNext(Vec<Alt>),
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
            Elem::NotNext(alts.split('|').map(Alt::parse).collect())
        } else {
            Elem::Words(s.split('|').map(Alt::parse).collect())
        }
    }

    /// Tokens consumed at `ti` by a non-gap, non-lookahead element.
    pub(super) fn consume(&self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let one = |ok: bool| ok.then_some(1);
        match self {
            Elem::Words(alts) => one(alts.iter().any(|a| a.matches(t))),
            Elem::Case(word) => one(line.original(t) == word),
            Elem::Number => one(t.word && t.norm.bytes().all(|b| b.is_ascii_digit())),
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
    /// The normalized words the first token must be, when known (for the index).
    pub(super) first: Option<Vec<String>>,
}

impl Pattern {
    pub(super) fn compile(src: &str) -> Pattern {
        let elems: Vec<Elem> = src.split_whitespace().map(Elem::parse).collect();
        let first = match elems.first() {
            Some(Elem::Words(alts)) => alts
                .iter()
                .map(|a| match a {
                    Alt::Exact(s) => Some(s.clone()),
                    Alt::Prefix(_) => None,
                })
                .collect(),
            Some(Elem::Case(word)) => Some(vec![word.to_ascii_lowercase()]),
            _ => None,
        };
        Pattern { elems, first }
    }

    /// Every match in the line, as byte ranges.
    pub(super) fn find_all(&self, line: &Line<'_>, out: &mut Vec<Range<usize>>) {
        let mut try_at = |ti: usize| {
            if let Some(end) = match_from(&self.elems, line, ti)
                && let Some(range) = line.span(ti, end)
            {
                out.push(range);
            }
        };
        match &self.first {
            Some(words) => {
                for word in words {
                    for &ti in line.index.get(word).map_or(&[][..], Vec::as_slice) {
                        try_at(ti);
                    }
                }
            }
            None => (0..line.toks.len()).for_each(try_at),
        }
    }
}

/// Matches `elems` from token `ti`; returns the index after the last consumed token.
/// Gaps are non-greedy and bounded, so the work per start position is bounded too.
pub(super) fn match_from(elems: &[Elem], line: &Line<'_>, ti: usize) -> Option<usize> {
    let Some((head, rest)) = elems.split_first() else {
        return Some(ti);
    };
    match head {
        Elem::Gap(n) => {
            for skip in 0..=*n {
                if skip > 0 && line.tok(ti + skip - 1)?.brk {
                    return None;
                }
                if let Some(end) = match_from(rest, line, ti + skip) {
                    return Some(end);
                }
            }
            None
        }
        Elem::NotNext(alts) => {
            let blocked = line
                .toks
                .iter()
                .skip(ti)
                .take(2)
                .any(|t| alts.iter().any(|a| a.matches(t)));
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
