//! Splitting a note into tokens that keep their byte offsets.

use std::collections::HashMap;
use std::ops::Range;

// Tokens

/// A word or a punctuation character, with its byte range in the original text.
#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    /// ASCII-lowercased, curly quotes folded to straight ones.
    pub(super) norm: String,
    /// A word (letters/digits), not punctuation.
    pub(super) word: bool,
    /// Punctuation that ends a clause (`.`, `,`, `;`, `:`, `!`, `?` before a space or
    /// the end), which gaps never cross.
    pub(super) brk: bool,
}

pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Combining marks and joiners that belong to the preceding word.
pub(super) fn is_mark(c: char) -> bool {
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

pub(super) fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
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
            let slice = text.get(i..end).unwrap_or_default();
            toks.push(Tok {
                start: i,
                end,
                norm: normalize(slice),
                word: true,
                brk: false,
            });
        } else if c.is_whitespace() || c.is_control() || is_mark(c) {
            continue;
        } else {
            let end = i + c.len_utf8();
            let next = text.get(end..).and_then(|rest| rest.chars().next());
            let brk = matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '\u{3002}' | '\u{FF0C}'
            ) && next.is_none_or(char::is_whitespace);
            toks.push(Tok {
                start: i,
                end,
                norm: normalize(text.get(i..end).unwrap_or_default()),
                word: false,
                brk,
            });
        }
    }
    toks
}

/// A tokenized note, with an index from normalized word to token positions.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) index: HashMap<String, Vec<usize>>,
}

impl<'a> Line<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in toks.iter().enumerate() {
            index.entry(t.norm.clone()).or_default().push(i);
        }
        Line { text, toks, index }
    }

    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_offsets_and_join_words() {
        let text = "Can’t — go-to naïve 😀 x.py:3";
        let toks = tokenize(text);
        for t in &toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let norms: Vec<_> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "can't", "—", "go-to", "naïve", "😀", "x", ".", "py", ":", "3"
            ]
        );
    }
}
