//! The fast path of loading a session file. The notes, nearly all of a long meeting's
//! file, are read line by line straight from their literal blocks (`notes: |`) as
//! kickoff writes them, without holding the file's text; only the rest of the file goes
//! through the YAML library, each lifted block replaced by a short marker.
//!
//! Notes that a literal block cannot hold (trailing spaces, tabs) are written as one
//! double-quoted line (`notes: "…\n…"`); those are read here too, escapes and all.
//!
//! Only what is certain is lifted: a block whose header is exactly `notes: |` (with an
//! optional indentation digit and chomping sign), indented with spaces, or a quoted
//! value that ends its line, whose text holds only characters YAML reads as themselves
//! (no carriage return; no U+0085, U+2028 or U+2029, which YAML 1.1 reads as line
//! breaks; no control character or byte order mark). After the parse, every marker must
//! be the whole value of exactly one notes field and appear nowhere else. When anything
//! is not so (or on any error), [`read`] returns `None` and the caller parses the whole
//! file with the library, as before: the
//! result, and every error and its position, are the library's.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::core::meeting::{Line, Meeting, Notes};

/// Placeholder of a marker in [`Lifted::yaml`] until the marker's prefix is chosen: YAML
/// refuses NUL, and a file holding one is left to the library.
const PLACEHOLDER: char = '\0';

/// A session file read with its notes blocks lifted out.
pub(super) struct Lifted {
    /// The text for the YAML library: the file with each lifted block replaced by a
    /// marker (`notes: <prefix><index>`).
    pub yaml: String,
    /// The file's length in bytes.
    pub length: u64,
    prefix: String,
    blocks: Vec<Notes>,
}

/// A block being read.
struct Open {
    key_column: usize,
    indent: Option<usize>,
    chomp: Chomp,
    lines: Vec<Line>,
    /// Lines up to the last one with content.
    content: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

/// Reads the session file at `path` (at most `limit` bytes), lifting its notes blocks.
/// `None` when the file has no block to lift or anything about it is not certain.
pub(super) fn read(path: &Path, limit: u64) -> Option<Lifted> {
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut reader = BufReader::with_capacity(64 * 1024, file.take(limit + 1));
    let mut yaml = String::new();
    let mut blocks: Vec<Notes> = Vec::new();
    let mut open: Option<Open> = None;
    let mut line = String::new();
    let mut length = 0u64;
    loop {
        line.clear();
        let read = reader.read_line(&mut line).ok()?;
        length += read as u64;
        if read == 0 {
            break;
        }
        // A last line without its line break is left to the library.
        let text = line.strip_suffix('\n')?;
        if let Some(block) = open.as_mut() {
            match block.take(text) {
                Taken::Line => continue,
                Taken::End => {
                    blocks.push(open.take()?.finish()?);
                }
                Taken::Unsure => return None,
            }
        }
        // Line breaks other than `\n` (YAML 1.1 has five) change where lines end.
        if has_other_breaks(text) {
            return None;
        }
        if let Some((key_column, value_at, indicator)) = notes_header(text) {
            let (digit, chomp) = indicators(indicator)?;
            yaml.push_str(&text[..value_at]);
            yaml.push(PLACEHOLDER);
            yaml.push('\n');
            open = Some(Open {
                key_column,
                indent: digit.map(|d| key_column + d),
                chomp,
                lines: Vec::new(),
                content: 0,
            });
        } else if let Some((value_at, notes)) = quoted_notes(text) {
            yaml.push_str(&text[..value_at]);
            yaml.push(PLACEHOLDER);
            yaml.push('\n');
            blocks.push(notes);
        } else {
            yaml.push_str(&line);
        }
    }
    if length > limit {
        return None;
    }
    if let Some(block) = open {
        blocks.push(block.finish()?);
    }
    if blocks.is_empty() {
        return None;
    }
    let prefix = (0u32..)
        .map(|n| format!("kickoff-lifted-notes-{n}-"))
        .find(|p| !yaml.contains(p.as_str()))?;
    let mut index = 0;
    let mut with_markers = String::with_capacity(yaml.len() + blocks.len() * (prefix.len() + 8));
    for (i, piece) in yaml.split(PLACEHOLDER).enumerate() {
        if i > 0 {
            with_markers.push_str(&prefix);
            with_markers.push_str(&index.to_string());
            index += 1;
        }
        with_markers.push_str(piece);
    }
    Some(Lifted {
        yaml: with_markers,
        length,
        prefix,
        blocks,
    })
}

enum Taken {
    /// The line belongs to the block.
    Line,
    /// The block ended before this line.
    End,
    /// Not certain: leave the file to the library.
    Unsure,
}

impl Open {
    fn take(&mut self, line: &str) -> Taken {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if spaces == line.len() {
            // An empty line, or spaces only: certain only when no deeper than the block.
            if self.indent.map_or(spaces > 0, |n| spaces > n) {
                return Taken::Unsure;
            }
            self.lines.push(Line::default());
            return Taken::Line;
        }
        let n = *self.indent.get_or_insert(spaces);
        if spaces < n {
            return Taken::End;
        }
        let text = &line[n..];
        if !reads_as_itself(text) {
            return Taken::Unsure;
        }
        self.lines.push(Line::from(text));
        self.content = self.lines.len();
        Taken::Line
    }

    /// The notes the block holds (YAML 1.2, 8.1.1: literal style and chomping); `None`
    /// for an empty block or content not deeper than the key (left to the library).
    fn finish(mut self) -> Option<Notes> {
        if self.content == 0 || self.indent? <= self.key_column {
            return None;
        }
        let trailing = self.lines.len() - self.content;
        self.lines.truncate(self.content);
        match self.chomp {
            Chomp::Strip => {}
            Chomp::Clip => self.lines.push(Line::default()),
            Chomp::Keep => self
                .lines
                .extend(std::iter::repeat_n(Line::default(), trailing + 1)),
        }
        self.lines.shrink_to_fit();
        Some(Notes::from_lines(self.lines))
    }
}

impl Lifted {
    /// Puts the lifted notes into `meeting`, parsed from [`Lifted::yaml`]. Returns
    /// `false` (drop the meeting then) unless every marker is the whole value of exactly
    /// one notes field and appears nowhere else.
    pub(super) fn restore(self, meeting: &mut Meeting) -> bool {
        // Every marker once, and only in notes: a marker inside another value means the
        // block was not one (its header was inside another scalar).
        let Ok(json) = serde_json::to_string(&*meeting) else {
            return false;
        };
        if json.matches(self.prefix.as_str()).count() != self.blocks.len() {
            return false;
        }
        let mut blocks: Vec<Option<Notes>> = self.blocks.into_iter().map(Some).collect();
        let mut take = |text: &str| -> Option<Notes> {
            let index: usize = text.strip_prefix(self.prefix.as_str())?.parse().ok()?;
            blocks.get_mut(index)?.take()
        };
        let sections = meeting.sections.iter_mut().map(|s| &mut s.notes);
        for notes in std::iter::once(&mut meeting.lobby_notes).chain(sections) {
            if let [only] = notes.lines()
                && let Some(lifted) = take(only)
            {
                *notes = lifted;
            }
        }
        if let Some(regular) = meeting.regular_meeting.as_mut()
            && let Some(lifted) = take(&regular.notes)
        {
            regular.notes = lifted.text();
        }
        blocks.iter().all(Option::is_none)
    }
}

/// Whether `line` holds a carriage return, NUL (the placeholder) or a line break of YAML
/// 1.1 other than `\n` (U+0085, U+2028, U+2029). Bytes first: a line can be megabytes.
fn has_other_breaks(line: &str) -> bool {
    line.bytes().any(|b| matches!(b, b'\r' | 0 | 0xc2 | 0xe2))
        && line.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}', PLACEHOLDER])
}

/// A `notes: |…` header line: the column of the key, the byte where its value starts,
/// and the indicators after `|`. The key may follow sequence dashes (`- notes: |`).
fn notes_header(line: &str) -> Option<(usize, usize, &str)> {
    let mut column = line.len() - line.trim_start_matches(' ').len();
    while line[column..].starts_with("- ") {
        column += 2;
        column += line[column..].len() - line[column..].trim_start_matches(' ').len();
    }
    let rest = line[column..].strip_prefix("notes: |")?;
    Some((column, column + "notes: ".len(), rest))
}

/// A `notes: "…"` line whose double-quoted value ends the line (how kickoff writes
/// notes a literal block cannot hold, e.g. with trailing spaces): where the value
/// starts, and the notes it holds. `None` when anything about it is not certain.
fn quoted_notes(line: &str) -> Option<(usize, Notes)> {
    let mut column = line.len() - line.trim_start_matches(' ').len();
    while line[column..].starts_with("- ") {
        column += 2;
        column += line[column..].len() - line[column..].trim_start_matches(' ').len();
    }
    let body = line[column..]
        .strip_prefix("notes: \"")?
        .strip_suffix('"')?;
    let value_at = column + "notes: ".len();
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut rest = body;
    // Bytes, not chars: both are ASCII, and the notes can be megabytes on this line.
    while let Some(i) = rest.bytes().position(|b| b == b'\\' || b == b'"') {
        let raw = &rest[..i];
        if !reads_as_itself(raw) || rest[i..].starts_with('"') {
            return None;
        }
        current.push_str(raw);
        let mut escaped = rest[i + 1..].chars();
        let c = match escaped.next()? {
            'n' => {
                lines.push(std::mem::take(&mut current));
                rest = escaped.as_str();
                continue;
            }
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            kind @ ('x' | 'u' | 'U') => {
                let digits = match kind {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex = escaped.as_str().get(..digits)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                escaped = escaped.as_str()[digits..].chars();
                c
            }
            _ => return None,
        };
        current.push(c);
        rest = escaped.as_str();
    }
    if !reads_as_itself(rest) {
        return None;
    }
    current.push_str(rest);
    lines.push(current);
    Some((value_at, Notes::from_lines(lines)))
}

/// The indentation digit and chomping of a block header's indicators (`""`, `"-"`,
/// `"+"`, `"2"`, `"2-"`, `"-2"`, ...); `None` for anything else (a comment, a tab).
fn indicators(text: &str) -> Option<(Option<usize>, Chomp)> {
    let mut digit = None;
    let mut chomp = None;
    for c in text.chars() {
        match c {
            '1'..='9' if digit.is_none() => digit = c.to_digit(10).map(|d| d as usize),
            '-' if chomp.is_none() => chomp = Some(Chomp::Strip),
            '+' if chomp.is_none() => chomp = Some(Chomp::Keep),
            _ => return None,
        }
    }
    Some((digit, chomp.unwrap_or(Chomp::Clip)))
}

/// Whether YAML reads every character of `text` inside a literal block as itself: no
/// control characters, and none that YAML 1.1 reads as a line break.
fn reads_as_itself(text: &str) -> bool {
    if text
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
    {
        return true;
    }
    text.chars().all(|c| {
        matches!(c,
            '\t' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fefe}' | '\u{ff00}'..='\u{fffd}' | '\u{10000}'..)
    })
}
