//! The fast path of loading a session file. The notes, nearly all of a long meeting's
//! file, are read line by line straight from their literal blocks (`notes: |`) as
//! kickoff writes them, without holding the file's text; only the rest of the file goes
//! through the YAML library, each lifted block replaced by a short marker.
//!
//! Notes that a literal block cannot hold (trailing spaces, tabs) are written as one
//! double-quoted line (`notes: "…\n…"`); those are read here too, escapes and all, a
//! buffer at a time (the line is as long as the notes).
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

use crate::core::meeting::{Meeting, Notes};
use crate::core::notes::NotesBuilder;
use crate::core::parallel::in_chunks;

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
    lines: NotesBuilder,
    /// Whether a line with content was taken.
    content: bool,
    /// Empty lines taken since the last line with content (kept out of `lines` until
    /// a line with content follows them: at the end, chomping decides).
    trailing: usize,
    /// Of those, how many [`Reading::add`] has seen.
    held: usize,
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
    read_buffered(path, limit, 1024 * 1024)
}

/// [`read`] through a buffer of `capacity` bytes (tests use tiny ones, to cut lines,
/// headers and escapes at every place).
pub(super) fn read_buffered(path: &Path, limit: u64, capacity: usize) -> Option<Lifted> {
    let file = File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > limit {
        return None;
    }
    let mut reader = BufReader::with_capacity(capacity, file.take(limit + 1));
    let mut read = Reading::default();
    let mut line = String::new();
    let mut length = 0u64;
    loop {
        // Quoted notes are one line as long as the notes: read them as they come, never
        // the line whole.
        if read.open.is_none()
            && let Some(value_at) = quoted_header(reader.fill_buf().ok()?)
        {
            let head = std::str::from_utf8(&reader.buffer()[..value_at]).ok()?;
            read.yaml.push_str(head);
            read.yaml.push(PLACEHOLDER);
            read.yaml.push('\n');
            reader.consume(value_at + 1);
            let (notes, used) = stream_quoted(&mut reader)?;
            length += (value_at + 1) as u64 + used;
            read.blocks.push(notes);
            continue;
        }
        let buf = reader.fill_buf().ok()?;
        if buf.is_empty() {
            break;
        }
        // The whole lines in the buffer, checked as text at once and read in place.
        if let Some(end) = memchr::memrchr(b'\n', buf) {
            let lines = std::str::from_utf8(&buf[..=end]).ok()?;
            let mut used = 0;
            let mut pending = Vec::new();
            // The line breaks found in one pass a vector at a time (a `\n` never sits
            // inside a character, so each line is text).
            for end in memchr::memchr_iter(b'\n', lines.as_bytes()) {
                let text = lines.get(used..=end)?;
                if read.open.is_none() && quoted_header(text.as_bytes()).is_some() {
                    break;
                }
                read.line(text, &mut pending)?;
                used = end + 1;
            }
            read.add(&mut pending)?;
            length += used as u64;
            reader.consume(used);
            continue;
        }
        // A line longer than the buffer, or a last line without its line break.
        line.clear();
        length += reader.read_line(&mut line).ok()? as u64;
        let mut pending = Vec::new();
        read.line(&line, &mut pending)?;
        read.add(&mut pending)?;
    }
    if length > limit {
        return None;
    }
    let Reading {
        yaml,
        mut blocks,
        open,
    } = read;
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

/// What has been read of a session file so far.
#[derive(Default)]
struct Reading {
    /// The file for the YAML library, a placeholder where each lifted block was.
    yaml: String,
    blocks: Vec<Notes>,
    open: Option<Open>,
}

impl Reading {
    /// Reads one line of the file, with its line break. A line of the open block goes
    /// to `pending` (the text it holds), for [`Reading::add`]. `None` when the file is
    /// not certain (a last line without its line break is left to the library).
    fn line<'a>(&mut self, line: &'a str, pending: &mut Vec<&'a str>) -> Option<()> {
        let text = line.strip_suffix('\n')?;
        if let Some(block) = self.open.as_mut() {
            match block.take(text) {
                Taken::Line(text) => {
                    pending.push(text);
                    return Some(());
                }
                Taken::End => {
                    self.add(pending)?;
                    self.blocks.push(self.open.take()?.finish()?);
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
            self.yaml.push_str(&text[..value_at]);
            self.yaml.push(PLACEHOLDER);
            self.yaml.push('\n');
            self.open = Some(Open {
                key_column,
                indent: digit.map(|d| key_column + d),
                chomp,
                lines: NotesBuilder::default(),
                content: false,
                trailing: 0,
                held: 0,
            });
        } else if let Some((value_at, notes)) = quoted_notes(text) {
            self.yaml.push_str(&text[..value_at]);
            self.yaml.push(PLACEHOLDER);
            self.yaml.push('\n');
            self.blocks.push(notes);
        } else {
            self.yaml.push_str(line);
        }
        Some(())
    }

    /// Adds the `pending` lines of the open block to it, each checked to read as itself:
    /// most of the time a long meeting takes to load, so a long run of lines is checked
    /// by all the cores. `None` when a line does not read as itself.
    fn add(&mut self, pending: &mut Vec<&str>) -> Option<()> {
        let Some(block) = self.open.as_mut() else {
            return pending.is_empty().then_some(());
        };
        let parts = in_chunks(pending.len(), CHUNK, PARALLEL_FROM, |range| {
            let texts = pending.get(range).unwrap_or_default();
            texts.iter().all(|&text| reads_as_itself(text))
        });
        if !parts.into_iter().all(|ok| ok) {
            return None;
        }
        for text in pending.drain(..) {
            if text.is_empty() {
                block.held += 1;
                continue;
            }
            for _ in 0..std::mem::take(&mut block.held) {
                block.lines.push("");
            }
            block.lines.push(text);
        }
        Some(())
    }
}

/// Fewer pending lines than this are made on the calling thread.
const PARALLEL_FROM: usize = 4096;

/// Lines a thread takes at a time.
const CHUNK: usize = 1024;

enum Taken<'a> {
    /// The line belongs to the block, holding this text.
    Line(&'a str),
    /// The block ended before this line.
    End,
    /// Not certain: leave the file to the library.
    Unsure,
}

impl Open {
    /// Where `line` belongs; the text a line of the block holds is checked when it is
    /// added (see [`Reading::add`]).
    fn take<'a>(&mut self, line: &'a str) -> Taken<'a> {
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if spaces == line.len() {
            // An empty line, or spaces only: certain only when no deeper than the block.
            if self.indent.map_or(spaces > 0, |n| spaces > n) {
                return Taken::Unsure;
            }
            self.trailing += 1;
            return Taken::Line("");
        }
        let n = *self.indent.get_or_insert(spaces);
        if spaces < n {
            return Taken::End;
        }
        self.content = true;
        self.trailing = 0;
        Taken::Line(&line[n..])
    }

    /// The notes the block holds (YAML 1.2, 8.1.1: literal style and chomping); `None`
    /// for an empty block or content not deeper than the key (left to the library).
    fn finish(mut self) -> Option<Notes> {
        if !self.content || self.indent? <= self.key_column {
            return None;
        }
        // The empty lines at the end are the ones held back: chomping decides.
        let kept = match self.chomp {
            Chomp::Strip => 0,
            Chomp::Clip => 1,
            Chomp::Keep => self.trailing + 1,
        };
        for _ in 0..kept {
            self.lines.push("");
        }
        Some(self.lines.finish())
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
            if notes.line_count() == 1
                && let Some(lifted) = notes.get(0).and_then(&mut take)
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

/// The column where `line`'s key starts, after its indentation and any sequence dashes
/// (`- - notes: …`).
fn key_column(line: &str) -> usize {
    let mut column = line.len() - line.trim_start_matches(' ').len();
    while line[column..].starts_with("- ") {
        column += 2;
        column += line[column..].len() - line[column..].trim_start_matches(' ').len();
    }
    column
}

/// A `notes: |…` header line: the column of the key, the byte where its value starts,
/// and the indicators after `|`. The key may follow sequence dashes (`- notes: |`).
fn notes_header(line: &str) -> Option<(usize, usize, &str)> {
    let column = key_column(line);
    let rest = line[column..].strip_prefix("notes: |")?;
    Some((column, column + "notes: ".len(), rest))
}

/// A `notes: "…"` line whose double-quoted value ends the line (how kickoff writes
/// notes a literal block cannot hold, e.g. with trailing spaces): where the value
/// starts, and the notes it holds. `None` when anything about it is not certain.
fn quoted_notes(line: &str) -> Option<(usize, Notes)> {
    let column = key_column(line);
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

/// Where the value of a `notes: "` line starts (at its quote), when `buf` begins with
/// one (the key after spaces and sequence dashes).
fn quoted_header(buf: &[u8]) -> Option<usize> {
    let mut column = buf.iter().take_while(|&&b| b == b' ').count();
    while buf[column..].starts_with(b"- ") {
        column += 2;
        column += buf[column..].iter().take_while(|&&b| b == b' ').count();
    }
    buf[column..]
        .starts_with(b"notes: \"")
        .then_some(column + "notes: ".len())
}

/// Reads a double-quoted notes value from just after its opening quote to the end of
/// its line, as [`quoted_notes`] reads a whole line, a buffer at a time: the notes and
/// the bytes used. `None` when anything about it is not certain.
fn stream_quoted(reader: &mut impl BufRead) -> Option<(Notes, u64)> {
    enum State {
        Raw,
        Escape,
        Hex { left: u32, value: u32 },
        Closed,
    }
    let mut lines = NotesBuilder::default();
    let mut current = String::new();
    // The run of bytes since the last escape: it ends at an ASCII byte (`\\` or `"`),
    // so it never ends inside a character.
    let mut raw: Vec<u8> = Vec::new();
    let flush = |raw: &mut Vec<u8>, current: &mut String| -> Option<()> {
        let text = std::str::from_utf8(raw).ok()?;
        if !reads_as_itself(text) {
            return None;
        }
        current.push_str(text);
        raw.clear();
        Some(())
    };
    let mut state = State::Raw;
    let mut used = 0u64;
    loop {
        let buf = reader.fill_buf().ok()?;
        if buf.is_empty() {
            return None;
        }
        let mut taken = 0;
        while taken < buf.len() {
            if matches!(state, State::Raw) {
                // A run of plain bytes at once: nearly all of the notes.
                let run =
                    memchr::memchr3(b'\\', b'"', b'\n', &buf[taken..]).unwrap_or(buf.len() - taken);
                raw.extend_from_slice(&buf[taken..taken + run]);
                taken += run;
                if taken == buf.len() {
                    break;
                }
            }
            let b = buf[taken];
            taken += 1;
            state = match state {
                State::Raw => match b {
                    b'\\' => {
                        flush(&mut raw, &mut current)?;
                        State::Escape
                    }
                    b'"' => {
                        flush(&mut raw, &mut current)?;
                        State::Closed
                    }
                    b'\n' => return None,
                    _ => {
                        raw.push(b);
                        State::Raw
                    }
                },
                State::Escape => {
                    let c = match b {
                        b'n' => {
                            lines.push(&current);
                            current.clear();
                            state = State::Raw;
                            continue;
                        }
                        b'x' | b'u' | b'U' => {
                            let left = match b {
                                b'x' => 2,
                                b'u' => 4,
                                _ => 8,
                            };
                            state = State::Hex { left, value: 0 };
                            continue;
                        }
                        b'0' => '\0',
                        b'a' => '\u{7}',
                        b'b' => '\u{8}',
                        b't' | b'\t' => '\t',
                        b'v' => '\u{b}',
                        b'f' => '\u{c}',
                        b'r' => '\r',
                        b'e' => '\u{1b}',
                        b' ' => ' ',
                        b'"' => '"',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'N' => '\u{85}',
                        b'_' => '\u{a0}',
                        b'L' => '\u{2028}',
                        b'P' => '\u{2029}',
                        _ => return None,
                    };
                    current.push(c);
                    State::Raw
                }
                State::Hex { left, value } => {
                    let digit = char::from(b).to_digit(16)?;
                    let value = value.checked_mul(16)? + digit;
                    if left == 1 {
                        current.push(char::from_u32(value)?);
                        State::Raw
                    } else {
                        State::Hex {
                            left: left - 1,
                            value,
                        }
                    }
                }
                State::Closed => {
                    // The value must end its line.
                    if b != b'\n' {
                        return None;
                    }
                    reader.consume(taken);
                    lines.push(&current);
                    return Some((lines.finish(), used + taken as u64));
                }
            };
        }
        reader.consume(taken);
        used += taken as u64;
    }
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
/// control characters but tabs, and none that YAML 1.1 reads as a line break.
fn reads_as_itself(text: &str) -> bool {
    super::format::block_text(text, true)
}

#[cfg(test)]
mod tests {
    use super::reads_as_itself;

    /// One character YAML would not keep is found wherever it sits: in a whole 32-byte
    /// chunk, on a chunk's edge or in the remainder.
    #[test]
    fn a_character_yaml_would_change_is_found_anywhere_in_the_line() {
        let plain = "Runner upgrade plan\tsee ~/notes [1] {ok} 100% `x` ~ end of the line";
        assert!(plain.len() > 64);
        assert!(reads_as_itself(plain));
        assert!(reads_as_itself("Zoë, 東京 and 🙂 read as themselves"));
        // The writer keeps a tab out of literal blocks; the reader takes it as itself.
        assert!(!super::super::format::block_text(plain, false));
        assert!(super::super::format::block_text(
            &plain.replace('\t', " "),
            false
        ));
        for bad in ['\u{7}', '\r', '\u{7f}', '\u{85}', '\u{2028}', '\u{feff}'] {
            for at in 0..plain.len() {
                let mut line = plain.to_owned();
                line.insert(at, bad);
                assert!(!reads_as_itself(&line), "{bad:?} at {at}");
            }
        }
    }
}
