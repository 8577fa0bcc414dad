//! Splitting a note into tokens that keep their byte offsets.
//!
//! Words are letters, digits and `_`, with inner apostrophes and hyphens (`can't`,
//! `go-to`, `oom-killed` are one word); every other visible character is a token of its
//! own. Each token knows its byte range in the note (so a finding can quote the note as
//! typed), its normalized form (ASCII-lowercased, curly quotes folded, note-taker
//! spellings like `dont` read as `don't`), its id and class bits in the vocabulary, and
//! whether it sits in something code-like.
//!
//! A line costs one `String` (all normalized forms, back to back) and one `Vec` of
//! tokens.

use std::borrow::Cow;
use std::ops::Range;

use super::words::{NO_ID, VOCAB, WordId, class, contraction};

/// A word or a punctuation character, with its byte range in the original text.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Byte range of the normalized form in [`Line::norm`].
    norm_start: u32,
    norm_end: u32,
    /// The word's id in the vocabulary, or [`NO_ID`].
    pub(super) id: WordId,
    /// The word's class bits (see [`class`]), plus [`class::CODE`] when the word is part
    /// of something code-like.
    pub(super) class: u32,
    /// A word (letters/digits), not punctuation.
    pub(super) word: bool,
    /// Punctuation that ends a clause (`.`, `,`, `;`, `:`, `!`, `?` before a space or
    /// the end), which gaps never cross.
    pub(super) brk: bool,
}

impl Tok {
    pub(super) fn is(&self, bits: u32) -> bool {
        self.class & bits != 0
    }
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Combining marks and joiners that belong to the preceding word.
pub(super) fn is_mark_char(c: char) -> bool {
    is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200C}'..='\u{200D}')
}

/// Characters that join two word parts into one word (`can't`, `go-to`).
pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '-')
}

fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        c => c.to_ascii_lowercase(),
    }
}

/// The normalized form of one word as a pattern writes it: folded, lowercased, and a
/// note-taker spelling replaced by its contraction.
pub(super) fn normalize_word(s: &str) -> Cow<'_, str> {
    let folded: Cow<'_, str> = if !s.is_ascii() {
        Cow::Owned(s.chars().map(fold).collect())
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    };
    match contraction(&folded) {
        Some(full) => Cow::Borrowed(full),
        None => folded,
    }
}

/// [`BYTES`] bit: a word byte (ASCII letter or digit, `_`).
const WORD: u8 = 1;
/// [`BYTES`] bit: ASCII white space (as [`char::is_whitespace`] sees it).
const SPACE: u8 = 2;
/// [`BYTES`] bit: white space or a control character, which is no token.
const SKIP: u8 = 4;

/// [`BYTES`] bit: an ASCII letter.
const ALPHA: u8 = 8;

/// The tokenizer's classes of each byte value (non-ASCII bytes have none).
static BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let mut bits = 0;
        if c.is_ascii_alphanumeric() || c == b'_' {
            bits |= WORD;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
            bits |= SPACE | SKIP;
        }
        if c < 0x20 || c == 0x7F {
            bits |= SKIP;
        }
        if c.is_ascii_alphabetic() {
            bits |= ALPHA;
        }
        table[i] = bits;
        i += 1;
    }
    table
};

/// A tokenized note.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    norm: String,
    pub(super) toks: Vec<Tok>,
    /// The class bits of every token, or'ed together.
    pub(super) classes: u32,
    /// The vocabulary ids of the tokens, as [`IdBits`].
    pub(super) ids: IdBits,
    /// The ASCII characters that are tokens of their own (punctuation), one bit each.
    punct: u128,
}

/// A set of vocabulary ids folded into 256 bits: no false negatives, so a pattern
/// needing a word none of whose ids is in a line's set cannot match there.
pub(super) type IdBits = [u64; 4];

/// An article, a possessive or a quantifier: what stands before a noun, not a name.
fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "our"
            | "their"
            | "this"
            | "that"
            | "my"
            | "your"
            | "his"
            | "her"
            | "its"
            | "each"
            | "every"
            | "any"
            | "some"
            | "no"
    )
}

/// Adds `id` to `bits`.
pub(super) fn add_id(bits: &mut IdBits, id: WordId) {
    let i = (id as usize) % 256;
    if let Some(word) = bits.get_mut(i / 64) {
        *word |= 1 << (i % 64);
    }
}

/// Whether two id sets may share an id.
pub(super) fn may_share(a: &IdBits, b: &IdBits) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

thread_local! {
    /// The buffers of the last line dropped on this thread, for the next line to reuse.
    static SPARE: std::cell::Cell<(String, Vec<Tok>)> =
        const { std::cell::Cell::new((String::new(), Vec::new())) };
}

impl Drop for Line<'_> {
    fn drop(&mut self) {
        let mut norm = std::mem::take(&mut self.norm);
        let mut toks = std::mem::take(&mut self.toks);
        norm.clear();
        toks.clear();
        // A line dropped while the thread shuts down keeps its buffers.
        let _ = SPARE.try_with(|spare| spare.set((norm, toks)));
    }
}

impl<'a> Line<'a> {
    /// Whether some word of the line has one of `bits` (see [`class`]).
    pub(super) fn has(&self, bits: u32) -> bool {
        self.toks.iter().any(|t| t.word && t.is(bits))
    }

    pub(super) fn new(text: &'a str) -> Self {
        let (mut norm, mut toks) = SPARE.try_with(std::cell::Cell::take).unwrap_or_default();
        norm.reserve(text.len() + 8);
        toks.reserve(text.len() / 4 + 1);
        let mut line = Line {
            text,
            norm,
            toks,
            classes: 0,
            ids: [0; 4],
            punct: 0,
        };
        line.tokenize();
        line.join_titles();
        line.mark_lowercase_names();
        for t in &line.toks {
            line.classes |= t.class;
            if t.id != NO_ID {
                add_id(&mut line.ids, t.id);
            }
            if !t.word
                && let Some(&b) = text.as_bytes().get(t.start)
                && b.is_ascii()
            {
                line.punct |= 1 << b;
            }
        }
        line
    }

    /// Whether the ASCII character `c` stands in the line as a token of its own.
    pub(super) fn has_punct(&self, c: u8) -> bool {
        c.is_ascii() && self.punct & (1 << c) != 0
    }

    /// The period of a title (`Mr.`, `Ms.`, `Dr.`) does not end a clause: "introduced
    /// Ms. Lindqvist as ..." is one clause.
    fn join_titles(&mut self) {
        for i in 1..self.toks.len() {
            let title = || {
                matches!(
                    self.norm_at(i - 1),
                    "mr" | "ms" | "mrs" | "dr" | "prof" | "mx" | "messrs"
                )
            };
            if self.toks.get(i).is_some_and(|t| t.brk)
                && self.norm_at(i) == "."
                && title()
                && let Some(t) = self.toks.get_mut(i)
            {
                t.brk = false;
            }
        }
    }

    /// In a note typed all in lowercase ("thabo = our harbor guy", "for helm the go-to
    /// is wren"), a word outside the vocabulary may be a name, and gets
    /// [`class::CAPITAL`] as if it were capitalised, where a name stands: opening the note
    /// or a clause, ending the note, just before `=` ("amara = our ci ninja"), just
    /// before "is" or "knows" but not after an article ("their colleague aleksandra is
    /// ...", not "the monorepo is ..."), just after another such name ("mei ling knows
    /// ..."), an arrow ("ci yaml -> mateo is the wizard") or a verb of saying or calling
    /// ("jorge says ...", "mgr calls priyanka the ci queen").
    fn mark_lowercase_names(&mut self) {
        let Some(first) = self.toks.iter().position(|t| t.word) else {
            return;
        };
        let typed_lowercase = self
            .toks
            .get(first)
            .and_then(|t| self.text.as_bytes().get(t.start))
            .is_some_and(u8::is_ascii_lowercase);
        if !typed_lowercase {
            return;
        }
        let last = self.toks.iter().rposition(|t| t.word).unwrap_or(first);
        let mut after_break = true;
        let mut after_name = false;
        for i in first..=last {
            let Some(t) = self.toks.get(i) else { break };
            let before = i.checked_sub(1).map_or("", |p| self.norm_at(p));
            let next = self.norm_at(i + 1);
            let arrow = before == "→"
                || before == ">" && i.checked_sub(2).is_some_and(|q| self.norm_at(q) == "-");
            let placed = after_break
                || after_name
                || arrow
                || i == last
                || next == "="
                || matches!(next, "is" | "was" | "knows" | "know" | "could" | "can")
                    && !is_determiner(before)
                || matches!(
                    before,
                    "says"
                        | "said"
                        | "told"
                        | "asked"
                        | "ask"
                        | "ping"
                        | "per"
                        | "calls"
                        | "called"
                        | "call"
                );
            let candidate = t.word && placed && self.unknown_name_shape(t);
            after_break = t.brk || (after_break && !t.word);
            after_name = candidate && !t.brk;
            if candidate && let Some(t) = self.toks.get_mut(i) {
                t.class |= class::CAPITAL;
            }
        }
    }

    /// A lowercase word of letters (and `-`, or a final `'s`) that the vocabulary does not
    /// know.
    fn unknown_name_shape(&self, t: &Tok) -> bool {
        let norm = self.norm(t);
        let base = norm.strip_suffix("'s").unwrap_or(norm);
        t.class & class::CODE == 0
            && base.len() >= 3
            && base.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            && VOCAB.get(base).is_none()
    }

    fn tokenize(&mut self) {
        if self.text.is_ascii() {
            self.tokenize_ascii();
        } else {
            self.tokenize_general();
        }
    }

    /// Char by char, for notes with non-ASCII text.
    fn tokenize_general(&mut self) {
        let text = self.text;
        let mut chunk_end = 0;
        let mut chunk_code = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if i >= chunk_end && !c.is_whitespace() {
                chunk_end = text
                    .get(i..)
                    .and_then(|rest| rest.find(char::is_whitespace))
                    .map_or(text.len(), |n| i + n);
                chunk_code = is_code_like(text.get(i..chunk_end).unwrap_or_default());
            }
            let code_bit = if chunk_code { class::CODE } else { 0 };
            if is_word_char(c) {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if is_word_char(d) || is_mark(d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if is_joiner(d) {
                        let after = text
                            .get(j + d.len_utf8()..)
                            .and_then(|rest| rest.chars().next());
                        if after.is_some_and(is_word_char) {
                            end = j + d.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let ns = self.norm.len();
                self.norm
                    .extend(text.get(i..end).unwrap_or_default().chars().map(fold));
                self.push(i, end, ns, true, false, code_bit);
            } else if c.is_whitespace() || c.is_control() || is_mark(c) {
                continue;
            } else {
                let end = i + c.len_utf8();
                let next = text.get(end..).and_then(|rest| rest.chars().next());
                let brk = matches!(
                    c,
                    '.' | ',' | ';' | ':' | '!' | '?' | '\u{3002}' | '\u{FF0C}'
                ) && next.is_none_or(char::is_whitespace);
                let ns = self.norm.len();
                self.norm.push(fold(c));
                self.push(i, end, ns, false, brk, code_bit);
            }
        }
    }

    /// The same as the general tokenizer, byte by byte, for the usual all-ASCII note.
    fn tokenize_ascii(&mut self) {
        let text = self.text;
        let b = text.as_bytes();
        let space = |c: u8| BYTES[usize::from(c)] & SPACE != 0;
        let word = |c: u8| BYTES[usize::from(c)] & WORD != 0;
        let mut chunk_end = 0;
        let mut chunk_code = false;
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            if i >= chunk_end && !space(c) {
                // Find the chunk's end, and whether it is letters only (perhaps before
                // a clause break), which is never code-like.
                let mut end = i;
                let mut others = 0;
                while let Some(&d) = b.get(end) {
                    let bits = BYTES[usize::from(d)];
                    if bits & SPACE != 0 {
                        break;
                    }
                    others += usize::from(bits & ALPHA == 0);
                    end += 1;
                }
                chunk_end = end;
                let plain = others == 0
                    || others == 1
                        && matches!(
                            b.get(end.wrapping_sub(1)),
                            Some(b'.' | b',' | b';' | b':' | b'!' | b'?')
                        );
                chunk_code = !plain && is_code_like(text.get(i..chunk_end).unwrap_or_default());
            }
            let code_bit = if chunk_code { class::CODE } else { 0 };
            if word(c) {
                let mut end = i + 1;
                while let Some(&d) = b.get(end) {
                    if word(d) {
                        end += 1;
                    } else if matches!(d, b'\'' | b'-') && b.get(end + 1).is_some_and(|&e| word(e))
                    {
                        end += 2;
                    } else {
                        break;
                    }
                }
                let ns = self.norm.len();
                self.norm.push_str(text.get(i..end).unwrap_or_default());
                if let Some(typed) = self.norm.get_mut(ns..) {
                    typed.make_ascii_lowercase();
                }
                self.push(i, end, ns, true, false, code_bit);
                i = end;
            } else if BYTES[usize::from(c)] & SKIP != 0 {
                i += 1;
            } else {
                let brk = matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?')
                    && b.get(i + 1).is_none_or(|&d| space(d));
                let ns = self.norm.len();
                self.norm.push(char::from(c));
                self.push(i, i + 1, ns, false, brk, code_bit);
                i += 1;
            }
        }
    }

    /// The vocabulary id and class bits of the token whose normalized form (folded and
    /// lowercased) starts at `ns`, a note-taker spelling first read as what it stands
    /// for ([`contraction`]).
    fn read_word(&mut self, ns: usize) -> (WordId, u32) {
        match VOCAB.find(self.norm.get(ns..).unwrap_or_default()) {
            Some(entry) => {
                if let Some(full) = entry.reads_as {
                    self.norm.truncate(ns);
                    self.norm.push_str(full);
                }
                (entry.id, entry.bits)
            }
            None => (NO_ID, 0),
        }
    }

    /// Adds the token `start..end` whose normalized form starts at `ns`.
    fn push(&mut self, start: usize, end: usize, ns: usize, word: bool, brk: bool, code: u32) {
        let (id, mut bits) = self.read_word(ns);
        let compound = self
            .norm
            .get(ns..)
            .filter(|n| word && id == NO_ID && n.bytes().any(|b| b == b'-'));
        // A host or an instance named after what it runs ("gitaly-2", "runner-07",
        // "sidekiq-cluster") is that technical noun.
        if let Some((head, _)) = compound.and_then(|n| n.split_once('-'))
            && VOCAB.get(head).is_some_and(|(_, b)| b & class::TECH != 0)
        {
            bits |= class::TECH;
        }
        // A compound ending in an expertise label ("omnibus-guru", "k8s-ninja") is that
        // label; not "contact-person" and the like, which name roles.
        if let Some((_, tail)) = compound.and_then(|n| n.rsplit_once('-'))
            && !matches!(tail, "person" | "guy" | "gal" | "to")
            && VOCAB.get(tail).is_some_and(|(_, b)| b & class::LABEL != 0)
        {
            bits |= class::LABEL;
        }
        match self.text.as_bytes().get(start) {
            Some(c) if c.is_ascii_digit() => bits |= class::DIGIT,
            Some(c) if c.is_ascii_uppercase() => bits |= class::CAPITAL,
            Some(c)
                if !c.is_ascii()
                    && self
                        .text
                        .get(start..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(char::is_uppercase) =>
            {
                bits |= class::CAPITAL;
            }
            _ => {}
        }
        // "Maven", "Oracle": a product typed as a name, not the label ("our ML
        // pipelines maven", "the Terraform oracle"); "Jenkins-Experte" is a label.
        if id != NO_ID
            && bits & (class::CAPITAL | class::TECH | class::LABEL)
                == class::CAPITAL | class::TECH | class::LABEL
        {
            bits &= !class::LABEL;
        }
        self.toks.push(Tok {
            start,
            end,
            norm_start: u32::try_from(ns).unwrap_or(u32::MAX),
            norm_end: u32::try_from(self.norm.len()).unwrap_or(u32::MAX),
            id,
            class: bits | code,
            word,
            brk,
        });
    }

    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The token's normalized form.
    pub(super) fn norm(&self, t: &Tok) -> &str {
        self.norm
            .get(t.norm_start as usize..t.norm_end as usize)
            .unwrap_or_default()
    }

    /// The normalized form of token `i` (empty past the end).
    pub(super) fn norm_at(&self, i: usize) -> &str {
        self.tok(i).map_or("", |t| self.norm(t))
    }

    /// Whether token `ti` is the digits after a thousands separator or a decimal point
    /// (`412` in `3,412`, `503` in `1.503`): part of a number, never a status code.
    pub(super) fn number_tail(&self, ti: usize) -> bool {
        let joined = |a: &Tok, b: &Tok| a.end == b.start;
        match (
            ti.checked_sub(2).and_then(|i| self.tok(i)),
            ti.checked_sub(1).and_then(|i| self.tok(i)),
            self.tok(ti),
        ) {
            (Some(head), Some(sep), Some(t)) => {
                matches!(self.norm(sep), "," | ".")
                    && joined(head, sep)
                    && joined(sep, t)
                    && head.is(class::DIGIT)
            }
            _ => false,
        }
    }

    /// The token as typed.
    pub(super) fn original(&self, t: &Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or_default()
    }

    /// Byte range covering tokens `from..to` (exclusive end), if non-empty.
    pub(super) fn span(&self, from: usize, to: usize) -> Option<Range<usize>> {
        let first = self.tok(from)?;
        let last = self.tok(to.checked_sub(1)?)?;
        (to > from).then_some(first.start..last.end)
    }
}

/// Whether a whitespace-free chunk of a note looks like code rather than prose: a file
/// name (`config.toml`, `.gitlab-ci.yml`), a host, a path (`/etc/gitlab`,
/// `deploy/web-1`), a `snake_case` key, a `--flag`, `key=value`, `Net::ReadTimeout`, an
/// `ip:port`, a commit hash or something in backticks. `CI/CD`, `e.g.`, `17.2`, `Q3/Q4`
/// and `9am` are prose.
pub(super) fn is_code_like(chunk: &str) -> bool {
    // Most chunks are plain words, perhaps before a clause break: never code-like.
    let plain = match chunk.as_bytes().split_last() {
        Some((b'.' | b',' | b';' | b':' | b'!' | b'?', head)) => head,
        _ => chunk.as_bytes(),
    };
    if plain.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    let chunk = chunk.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
    let chunk = chunk.trim_start_matches(['(', '"', '\'']);
    let b = chunk.as_bytes();
    let marked = b
        .iter()
        .any(|c| matches!(c, b'.' | b'/' | b'_' | b'=' | b':' | b'`' | b'-'));
    if b.len() < 3 || !marked && (b.len() < 7 || !b.iter().any(u8::is_ascii_digit)) {
        return false;
    }
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    if chunk.starts_with('`') || chunk.starts_with("--") && alpha(2) {
        return true;
    }
    if chunk.starts_with('/') && (alpha(1) || b.get(1) == Some(&b'-')) {
        return true;
    }
    let mut slashes = 0;
    let mut dashes = 0;
    for i in 0..b.len() {
        match b[i] {
            b'_' | b'=' if i > 0 && alnum(i - 1) && alnum(i + 1) => return true,
            b':' if b.get(i + 1) == Some(&b':') && i > 0 && alpha(i - 1) && alpha(i + 2) => {
                return true;
            }
            b'.' if i > 0 && alpha(i + 1) && alpha(i + 2) => {
                // `config.toml`, `.gitlab-ci.yml`, `gitlab.acme.io`; not `e.g.`.
                let before = b[..i]
                    .iter()
                    .rev()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                    .count();
                if before >= 2 || i == 0 {
                    return true;
                }
            }
            b'.' if i == 0 && alpha(1) && alpha(2) => return true,
            b'/' => slashes += 1,
            b'-' => dashes += 1,
            _ => {}
        }
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = b.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if slashes >= 2 || (slashes == 1 && dashes >= 1 && b.len() >= 10) {
        return true;
    }
    // A hash or an address: `4f2a9c1e`, `10.2.0.14:6379`.
    let hexish = b.len() >= 7 && b.iter().all(u8::is_ascii_hexdigit) && digits >= 2 && letters >= 2;
    let address = b.iter().filter(|c| **c == b'.').count() >= 3 && letters == 0 && digits >= 4;
    hexish || address
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let line = Line::new(text);
        line.toks.iter().map(|t| line.norm(t).to_owned()).collect()
    }

    #[test]
    fn tokens_keep_offsets_and_join_words() {
        let text = "Can’t — go-to naïve 😀 x.py:3";
        let line = Line::new(text);
        for t in &line.toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        assert_eq!(
            norms(text),
            [
                "can't", "—", "go-to", "naïve", "😀", "x", ".", "py", ":", "3"
            ]
        );
    }

    #[test]
    fn digits_after_a_separator_are_part_of_a_number() {
        let line = Line::new("3,412 failed, 1.503 s, 502 on /x, a, 404");
        let tails: Vec<&str> = (0..line.toks.len())
            .filter(|&i| line.number_tail(i))
            .map(|i| line.norm_at(i))
            .collect();
        assert_eq!(tails, ["412", "503"]);
    }

    #[test]
    fn the_ascii_tokenizer_agrees_with_the_general_one() {
        for text in [
            "Can't go-to x.py:3, ERROR: it's --flag=1 | grep -i 'a-' end.",
            "  at com.foo.Bar(Bar.java:12)\t\u{1}x_y  dont? a - b",
            "'-'-'-'- __init__ e.g. 17.2 Q3/Q4",
        ] {
            let ascii = Line::new(text);
            let mut general = Line {
                text,
                norm: String::new(),
                toks: Vec::new(),
                classes: 0,
                ids: [0; 4],
                punct: 0,
            };
            // Force the general path by tokenizing through it directly.
            general.tokenize_general();
            let view = |l: &Line<'_>| -> Vec<(usize, usize, String, bool, bool, u32)> {
                l.toks
                    .iter()
                    .map(|t| (t.start, t.end, l.norm(t).to_owned(), t.word, t.brk, t.class))
                    .collect()
            };
            assert_eq!(view(&ascii), view(&general), "{text}");
        }
    }

    #[test]
    fn a_line_knows_its_punctuation() {
        let line = Line::new("Net::ReadTimeout, retries=3 (née x)");
        for c in b":,=()" {
            assert!(line.has_punct(*c), "{}", char::from(*c));
        }
        for c in b"|-'e" {
            assert!(!line.has_punct(*c), "{}", char::from(*c));
        }
        assert!(!line.has_punct(0xC3), "not ASCII");
    }

    #[test]
    fn note_taker_spellings_read_as_contractions() {
        assert_eq!(norms("dont CANT lets"), ["don't", "can't", "let's"]);
        let line = Line::new("runner cant connect");
        assert_eq!(line.original(&line.toks[1]), "cant");
    }

    #[test]
    fn code_like_chunks() {
        for code in [
            "config.toml",
            ".gitlab-ci.yml",
            "/etc/gitlab/gitlab.rb",
            "client_max_body_size",
            "--filter=blob:none",
            "Net::ReadTimeout",
            "10.2.0.14:6379",
            "deploy/gitlab-sidekiq-all-in-1-v2",
            "concurrent=4",
            "4f2a9c1e",
            "gitlab.acme.io,",
            "`rake`",
        ] {
            assert!(is_code_like(code), "{code}");
        }
        for prose in [
            "CI/CD",
            "e.g.",
            "17.2",
            "Q3/Q4",
            "9am",
            "i.e.,",
            "on-prem",
            "Java/Gradle",
            "U.S.",
            "and/or",
            "—",
            "UTC+2",
        ] {
            assert!(!is_code_like(prose), "{prose}");
        }
    }
}
