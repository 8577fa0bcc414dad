//! The session file format: a commented header, then the [`Meeting`] as YAML, read
//! back through the YAML guard with located errors.

use std::io::{self, Write as _};
use std::path::Path;

use serde::Deserialize;

use super::blocks;
use super::journal::Binding;
use super::{MAX_SESSION_BYTES, StoreError};
use crate::core::meeting::{Meeting, Notes, SESSION_VERSION};
use crate::core::text_file::{ReadError, position_after, read_limited};
use crate::core::yaml_guard::{self, Breach, SESSION, located_yaml_message};

/// First lines of every session file.
const FILE_HEADER: &str =
    "# kickoff session file. Safe to read; edit with care while no kickoff is using it.\n";

/// The text of `meeting`'s session file: a comment line, then the meeting as YAML. The
/// YAML library writes multi-line notes as literal blocks where YAML can hold them
/// exactly, and as double-quoted strings otherwise (trailing spaces on a line, tabs,
/// other control characters).
pub fn encode(meeting: &Meeting) -> Result<String, serde_yaml::Error> {
    encode_bound(meeting, 0, 0)
}

/// Start of the header line that binds a session file to its journal.
const JOURNAL_LINE: &str = "# journal: ";

/// Like [`encode`], with the header line that binds the file to its journal: this
/// version's `generation` and the one it replaces (see [`super::journal::Binding`]).
/// Generation 0 writes no such line (a file without a journal).
pub fn encode_bound(
    meeting: &Meeting,
    generation: u64,
    previous: u64,
) -> Result<String, serde_yaml::Error> {
    let yaml = serde_yaml::to_string(meeting)?;
    let mut text = String::with_capacity(FILE_HEADER.len() + 48 + yaml.len());
    text.push_str(FILE_HEADER);
    if generation != 0 {
        text.push_str(&format!(
            "{JOURNAL_LINE}{generation:016x} {previous:016x}\n"
        ));
    }
    text.push_str(&yaml);
    Ok(text)
}

/// Writes the text of [`encode_bound`] to `out` as it is made, without holding it;
/// returns its length in bytes. The same bytes: notes the library would write as a
/// plain literal block are written here line by line (see [`literal_block`]), so a long
/// meeting's notes are never joined into one string, nor copied by the library.
pub(super) fn encode_bound_to(
    out: &mut dyn io::Write,
    meeting: &Meeting,
    generation: u64,
    previous: u64,
) -> io::Result<u64> {
    let mut counted = Counted { out, bytes: 0 };
    counted.write_all(FILE_HEADER.as_bytes())?;
    if generation != 0 {
        writeln!(counted, "{JOURNAL_LINE}{generation:016x} {previous:016x}")?;
    }
    encode_yaml_to(&mut counted, meeting)?;
    Ok(counted.bytes)
}

/// Writes `meeting` as the YAML library does. Each notes value the library would write
/// as a literal block without indentation or keep indicator is replaced by a unique
/// marker before the library writes the meeting, and its block is written in the
/// marker's place. Should any marker not come out exactly once, as the whole value of a
/// `notes` key at the start of a line, the library writes the meeting alone.
fn encode_yaml_to(out: &mut dyn io::Write, meeting: &Meeting) -> io::Result<()> {
    let mut marked = meeting.clone();
    let originals =
        std::iter::once(&meeting.lobby_notes).chain(meeting.sections.iter().map(|s| &s.notes));
    let targets = std::iter::once(&mut marked.lobby_notes)
        .chain(marked.sections.iter_mut().map(|s| &mut s.notes));
    let tag = super::new_generation();
    let mut lifted = Vec::new();
    for (original, target) in originals.zip(targets) {
        if let Some(header) = literal_block(original).or_else(|| quoted(original)) {
            // Ended by a letter: no marker is the start of another.
            let marker = format!("kickoff-notes-{tag:016x}-{}n", lifted.len());
            *target = Notes::from(marker.as_str());
            lifted.push((marker, header, original));
        }
    }
    if lifted.is_empty() {
        return serde_yaml::to_writer(out, meeting).map_err(io::Error::other);
    }
    let yaml = serde_yaml::to_string(&marked).map_err(io::Error::other)?;
    drop(marked);
    // Where each marker's value starts, and its block's indentation; all checked first.
    let mut places = Vec::with_capacity(lifted.len());
    for (marker, _, _) in &lifted {
        let value = format!("notes: {marker}\n");
        let place = yaml.find(&value).and_then(|at| {
            let line_start = yaml[..at].rfind('\n').map_or(0, |n| n + 1);
            let lead = &yaml[line_start..at];
            let dashes_and_spaces = lead.trim_start_matches([' ', '-']).is_empty()
                && lead.split("- ").all(|p| p.bytes().all(|b| b == b' '));
            let once = yaml.matches(marker.as_str()).count() == 1;
            (dashes_and_spaces && once).then_some((at, at - line_start + 2))
        });
        match place {
            Some(place) => places.push(place),
            None => return serde_yaml::to_writer(out, meeting).map_err(io::Error::other),
        }
    }
    let mut written = 0;
    for ((marker, header, notes), (at, indent)) in lifted.iter().zip(places) {
        let value_at = at + "notes: ".len();
        out.write_all(&yaml.as_bytes()[written..value_at])?;
        written = value_at + marker.len() + 1;
        if *header == "\"" {
            write_quoted(out, notes)?;
            continue;
        }
        out.write_all(header.as_bytes())?;
        out.write_all(b"\n")?;
        // Clipped: the last (empty) line is the final line break.
        let shown = notes.line_count() - usize::from(*header == "|");
        for line in notes.lines_in(0..shown) {
            if !line.is_empty() {
                write!(out, "{:indent$}", "")?;
                out.write_all(line.as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
    }
    out.write_all(&yaml.as_bytes()[written..])
}

/// The header (`|` or `|-`) the YAML library gives `notes` as a literal block, when
/// it writes them as one that needs no indentation or keep indicator; `None` for
/// everything else (left to the library): one line, a first line that is empty or
/// starts with a space, more than one line break at the end, a line ending in a space,
/// and any character the library does not write as itself in a block (tabs and other
/// control characters, byte order marks, line breaks other than `\n`).
fn literal_block(notes: &Notes) -> Option<&'static str> {
    let n = notes.line_count();
    let (first, last) = (notes.get(0)?, notes.get(n - 1)?);
    if n < 2 || first.is_empty() || first.starts_with(' ') {
        return None;
    }
    let header = if !last.is_empty() {
        "|-"
    } else if notes.get(n - 2).is_some_and(str::is_empty) {
        return None;
    } else {
        "|"
    };
    notes
        .lines()
        .all(|l| !l.ends_with(' ') && block_text(l, false))
        .then_some(header)
}

/// `Some("\"")` when the YAML library writes `notes` double-quoted: notes of more than
/// one line that a literal block cannot hold, because a line ends in a space or a
/// character is not printable (a tab, a carriage return, a byte order mark...).
fn quoted(notes: &Notes) -> Option<&'static str> {
    let not_block = notes
        .lines()
        .any(|l| l.ends_with(' ') || !l.chars().all(printable));
    (notes.line_count() > 1 && not_block).then_some("\"")
}

/// Whether the YAML library counts `c` printable (`IS_PRINTABLE` of libyaml).
fn printable(c: char) -> bool {
    matches!(c,
        '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Writes `notes` as the YAML library writes them double-quoted (without line width):
/// line breaks as `\n`, other breaks, quotes, backslashes and what is not printable
/// escaped; then the line break that ends the value.
fn write_quoted(out: &mut dyn io::Write, notes: &Notes) -> io::Result<()> {
    let mut buf = String::with_capacity(16 * 1024);
    buf.push('"');
    for (i, line) in notes.lines().enumerate() {
        if i > 0 {
            buf.push_str("\\n");
        }
        if line
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
        {
            buf.push_str(line);
        } else {
            for c in line.chars() {
                escape_into(c, &mut buf);
            }
        }
        if buf.len() >= 8 * 1024 {
            out.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    buf.push_str("\"\n");
    out.write_all(buf.as_bytes())
}

/// `c` as the YAML library writes it inside double quotes.
fn escape_into(c: char, buf: &mut String) {
    use std::fmt::Write as _;
    let escaped = match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\0' => "\\0",
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\u{b}' => "\\v",
        '\u{c}' => "\\f",
        '\r' => "\\r",
        '\u{1b}' => "\\e",
        '\u{85}' => "\\N",
        '\u{2028}' => "\\L",
        '\u{2029}' => "\\P",
        c if printable(c) => {
            buf.push(c);
            return;
        }
        c => {
            let _ = match u32::from(c) {
                v @ ..=0xff => write!(buf, "\\x{v:02X}"),
                v @ ..=0xffff => write!(buf, "\\u{v:04X}"),
                v => write!(buf, "\\U{v:08X}"),
            };
            return;
        }
    };
    buf.push_str(escaped);
}

/// Whether every character of `text` stands for itself inside a literal block:
/// printable, and not a line break or byte order mark; tabs too when `tabs` (YAML reads a
/// tab in a block as itself, the library never writes one there).
pub(super) fn block_text(text: &str, tabs: bool) -> bool {
    // Printable ASCII, nearly every note: 32 bytes at a time with no early exit inside a
    // chunk, which the compiler turns into a few vector instructions.
    let plain = |b: u8| (tabs & (b == b'\t')) | (b.wrapping_sub(0x20) < 0x5f);
    let mut rest = text;
    loop {
        let plain_chunks = rest
            .as_bytes()
            .chunks(32)
            .take_while(|chunk| chunk.iter().fold(true, |all, &b| all & plain(b)))
            .count();
        // The rest from the chunk with the first other character, then from that
        // character (the bytes before it are ASCII, so it starts a character).
        rest = rest
            .get((plain_chunks * 32).min(rest.len())..)
            .unwrap_or_default();
        let Some(at) = rest.bytes().position(|b| !plain(b)) else {
            return true;
        };
        let Some(c) = rest.get(at..).and_then(|r| r.chars().next()) else {
            return false;
        };
        if !printable(c) || matches!(c, '\n' | '\u{2028}' | '\u{2029}') {
            return false;
        }
        rest = rest.get(at + c.len_utf8()..).unwrap_or_default();
    }
}

/// A writer that counts what goes through it.
struct Counted<'a> {
    out: &'a mut dyn io::Write,
    bytes: u64,
}

impl io::Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The journal binding in a session file's header (generation 0 when there is none).
pub(super) fn binding_of(text: &str) -> Binding {
    let parse = |s: Option<&str>| s.and_then(|s| u64::from_str_radix(s, 16).ok());
    let found = text.lines().take(3).find_map(|line| {
        let mut words = line.strip_prefix(JOURNAL_LINE)?.split(' ');
        Some((parse(words.next())?, parse(words.next())?))
    });
    let (generation, previous) = found.unwrap_or((0, 0));
    Binding {
        generation,
        previous,
        length: text.len() as u64,
    }
}

/// Just enough of a session file to check its version before the strict parse.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    version: Option<u64>,
}

/// Reads, checks and parses one session file.
pub(super) fn load_file(path: &Path) -> Result<Meeting, StoreError> {
    load_bound(path).map(|(meeting, _)| meeting)
}

/// Reads, checks and parses one session file; also returns its journal binding.
pub(super) fn load_bound(path: &Path) -> Result<(Meeting, Binding), StoreError> {
    if let Some(found) = load_lifted(path) {
        return Ok(found);
    }
    load_whole(path)
}

/// The fast path (see `store::blocks`): the notes read from their blocks, the rest
/// parsed by the library. `None` whenever the whole file must go through the library.
fn load_lifted(path: &Path) -> Option<(Meeting, Binding)> {
    lift(blocks::read(path, MAX_SESSION_BYTES)?)
}

/// The meeting of a file read with its notes lifted (see [`load_lifted`]).
fn lift(lifted: blocks::Lifted) -> Option<(Meeting, Binding)> {
    yaml_guard::check(&lifted.yaml, &SESSION).ok()?;
    let mut meeting: Meeting = serde_yaml::from_str(&lifted.yaml).ok()?;
    if meeting.version > SESSION_VERSION {
        return None;
    }
    let binding = Binding {
        length: lifted.length,
        ..binding_of(&lifted.yaml)
    };
    if !lifted.restore(&mut meeting) {
        return None;
    }
    meeting.normalize();
    Some((meeting, binding))
}

/// Reads, checks and parses one session file with the YAML library alone.
fn load_whole(path: &Path) -> Result<(Meeting, Binding), StoreError> {
    let text = read_limited(path, MAX_SESSION_BYTES).map_err(|error| match error {
        ReadError::Io { action, source } => StoreError::io(path, action, source),
        ReadError::Directory => StoreError::io(
            path,
            "read",
            io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
        ),
        ReadError::TooLarge(size) => StoreError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_SESSION_BYTES,
        },
        ReadError::NotUtf8(line, column) => StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "the file is not valid UTF-8 text".to_string(),
        },
    })?;
    let binding = binding_of(&text);
    parse(path, &text).map(|meeting| (meeting, binding))
}

/// Parses session file text; `path` is only used in errors.
fn parse(path: &Path, text: &str) -> Result<Meeting, StoreError> {
    // kickoff never writes an alias or deep nesting: refuse such files before parsing.
    if let Err(refusal) = yaml_guard::check(text, &SESSION) {
        return Err(match refusal.breach {
            Breach::TooLarge(size) => StoreError::TooLarge {
                path: path.to_path_buf(),
                size,
                limit: SESSION.max_bytes,
            },
            Breach::Nesting | Breach::Aliases => StoreError::Parse {
                path: path.to_path_buf(),
                line: refusal.line,
                column: refusal.column,
                message: refusal.message,
            },
        });
    }
    let too_new = |version| StoreError::TooNew {
        path: path.to_path_buf(),
        version,
    };
    // Parse once: a file of this version (the usual case) needs nothing else. A newer
    // version is refused whether or not this build could parse it; only when the strict
    // parse fails is the version checked leniently (a newer file may have fields this
    // build denies), which costs a second parse on the error path only.
    let mut meeting: Meeting = match serde_yaml::from_str(text) {
        Ok(meeting) => meeting,
        Err(err) => {
            if let Ok(VersionProbe {
                version: Some(version),
            }) = serde_yaml::from_str::<VersionProbe>(text)
                && version > u64::from(SESSION_VERSION)
            {
                return Err(too_new(version));
            }
            return Err(parse_error(path, text, &err));
        }
    };
    if meeting.version > SESSION_VERSION {
        return Err(too_new(u64::from(meeting.version)));
    }
    meeting.normalize();
    Ok(meeting)
}

/// A located parse error; errors without a location (e.g. an empty or truncated file)
/// point at the end of the text.
fn parse_error(path: &Path, text: &str, err: &serde_yaml::Error) -> StoreError {
    let (located, mut message) = located_yaml_message(err);
    // Without a location (a file that ends early), point at its end.
    let (line, column) = if err.location().is_some() {
        located
    } else {
        position_after(text.as_bytes())
    };
    if text.trim().is_empty() {
        message = "the file is empty".to_string();
    }
    StoreError::Parse {
        message: shorten_quotes(&message, 40),
        path: path.to_path_buf(),
        line,
        column,
    }
}

/// Cuts every double-quoted stretch of `message` longer than `max` characters: the YAML
/// library quotes the offending value, and in a session file that is customer notes,
/// which an error message must not spill onto the terminal.
fn shorten_quotes(message: &str, max: usize) -> String {
    let mut out = String::with_capacity(message.len().min(4 * max + 200));
    for (i, part) in message.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 && part.chars().count() > max {
            out.extend(part.chars().take(max));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::core::meeting::{Cadence, RegularMeeting};
    use crate::core::testkit;

    fn meeting() -> Meeting {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").unwrap();
        let mut m = Meeting::new("lifted".into(), "ACME".into(), testkit::agenda(), at);
        m.start(at);
        m
    }

    type Loaded = (Meeting, Binding);

    /// Both ways of loading `text`: the fast one (if it takes the file) and the library's.
    /// Through a buffer of a few bytes (every line, notes header and escape cut
    /// somewhere), the fast one reads what the library reads too, or leaves the file to it.
    fn both(text: &str) -> (Option<Loaded>, Result<Loaded, StoreError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lifted.yaml");
        std::fs::write(&path, text).unwrap();
        let whole = load_whole(&path);
        for capacity in [7, 64] {
            let small = blocks::read_buffered(&path, MAX_SESSION_BYTES, capacity).and_then(lift);
            if let Some(small) = small {
                assert_eq!(
                    Some(&small),
                    whole.as_ref().ok(),
                    "buffer of {capacity} bytes"
                );
            }
        }
        (load_lifted(&path), whole)
    }

    /// A long block's lines are checked and made side by side: the meeting read is the
    /// library's, and one line the block cannot hold as itself, far into it, still
    /// leaves the file to the library.
    #[test]
    fn long_notes_read_in_parts_read_as_the_library_reads_them() {
        let mut m = meeting();
        let lines: Vec<String> = (0..12_000)
            .map(|i| match i % 5 {
                0 => String::new(),
                1 => format!("  nested {i}"),
                _ => format!("note {i}: café 東京 👩‍💻"),
            })
            .collect();
        m.sections[1].notes = lines.join("\n").as_str().into();
        let text = encode_bound(&m, 1, 0).unwrap();
        let (fast, whole) = both(&text);
        let whole = whole.unwrap();
        assert_eq!(whole.0, m);
        assert_eq!(fast, Some(whole));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("edited.yaml");
        std::fs::write(&path, text.replacen("note 11002:", "note\u{1} 11002:", 1)).unwrap();
        assert!(blocks::read(&path, MAX_SESSION_BYTES).is_none());
        assert!(load_bound(&path).is_err());
    }

    #[test]
    fn kickoffs_own_files_take_the_fast_path_and_read_the_same() {
        let mut m = meeting();
        m.sections[0].notes = "one: #1\n\ntwo\n".into();
        m.sections[1].notes = "kept\n\n\n".into();
        // Trailing spaces and tabs: one double-quoted line.
        m.sections[2].notes = "  leading spaces \n\tsecond \\ \"é\" \u{1}".into();
        m.lobby_notes = "before\nthe meeting".into();
        m.regular_meeting = Some(RegularMeeting {
            cadence: Cadence::Weekly,
            slot: "Tuesdays".into(),
            notes: "thirty minutes\nthe ASE sends the invite".into(),
        });
        let text = encode_bound(&m, 7, 3).unwrap();
        assert!(text.contains("- notes: \""), "{text}");
        let (fast, whole) = both(&text);
        let fast = fast.expect("the fast path reads kickoff's own file");
        assert_eq!(fast.0, m);
        assert_eq!(fast, whole.unwrap());
        assert_eq!(fast.1.generation, 7);
        assert_eq!(fast.1.length, text.len() as u64);
    }

    #[test]
    fn the_file_written_as_it_is_encoded_is_the_encoded_text() {
        let mut m = meeting();
        m.sections[0].notes = "one\n\ntwo  \n\tthree".into();
        let mut out = Vec::new();
        let length = encode_bound_to(&mut out, &m, 7, 3).unwrap();
        let text = encode_bound(&m, 7, 3).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert_eq!(length, text.len() as u64);
    }

    #[test]
    fn typed_notes_are_written_line_by_line_as_the_library_writes_them() {
        let mut m = meeting();
        m.sections[0].notes = "runners: 12\n\n- upgrade to 17.5 #1\n東京 👩‍💻".into();
        m.sections[1].notes = "one\ntwo\n".into();
        m.lobby_notes = "before\nthe meeting".into();
        for notes in [&m.sections[0].notes, &m.sections[1].notes, &m.lobby_notes] {
            assert!(literal_block(notes).is_some(), "{notes:?}");
        }
        // Trailing spaces, a tab, a carriage return, a byte order mark: double-quoted.
        m.sections[2].notes = "words \n\t\"é\" \\\r\u{feff}\u{1}\u{2028}👩‍💻".into();
        assert_eq!(quoted(&m.sections[2].notes), Some("\""));
        assert_eq!(quoted(&Notes::from("one line ")), None);
        for notes in [
            "one line",
            " leading\nspace",
            "trailing \nspace",
            "tab\n\t",
            "kept\n\n",
        ] {
            assert_eq!(literal_block(&Notes::from(notes)), None, "{notes:?}");
        }
        let mut out = Vec::new();
        encode_bound_to(&mut out, &m, 7, 3).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, encode_bound(&m, 7, 3).unwrap());
        assert!(
            text.contains("- notes: |-\n    runners: 12\n\n    - upgrade"),
            "{text}"
        );
        assert!(
            text.contains("lobby_notes: |-\n  before\n  the meeting\n"),
            "{text}"
        );
        assert!(
            text.contains(r#"- notes: "words \n\t\"é\" \\\r\uFEFF\x01\L👩‍💻""#),
            "{text}"
        );
    }

    #[test]
    fn a_notes_header_inside_another_value_is_left_to_the_library() {
        let m = meeting();
        let text = encode(&m).unwrap();
        // A goal whose quoted text spans lines that look like a notes block.
        let forged = text.replacen(
            "goals: []",
            "goals:\n- \"first\n  notes: |\n    inside the goal\n  \"",
            1,
        );
        assert_ne!(forged, text);
        let (fast, whole) = both(&forged);
        let whole = whole.unwrap();
        assert!(
            whole.0.goals[0].contains("notes: | inside the goal"),
            "{:?}",
            whole.0.goals
        );
        assert!(fast.is_none_or(|f| f == whole));
    }

    fn part() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "  ",
            "\n",
            "\n\n",
            "#",
            ": ",
            "- ",
            "---",
            "...",
            "|",
            ">",
            "'",
            "\"",
            "\\",
            "\t",
            "é",
            "東京",
            "👩‍💻",
            "\u{2028}",
            "\u{85}",
            "\u{feff}",
            "&a",
            "*a",
            "\n  indented",
            "\n---\n",
            "\n# c",
            "\r",
            "\u{a0}",
            "\u{7f}",
            "\u{1}",
            "notes: |",
            "\n  notes: |\n",
            "\n    x",
        ])
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(part(), 0..30).prop_map(|p| p.concat())
    }

    /// Notes mostly as typed: what the library writes as a plain literal block, and
    /// now and then what it does not.
    fn block_text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "runner",
            "a",
            "\n",
            "\n\n",
            " x",
            ": ",
            "- ",
            "# ",
            "é",
            "東京",
            "👩‍💻",
            "|",
            "\"",
            "'",
            "---",
            "...",
            "\u{a0}",
            "\u{3000}",
            "&a",
            "*a",
            "{",
            "[",
            "? ",
            "%",
            "@",
            "\n  indented",
            "\n- item",
            " ",
            "\t",
            "\u{2028}",
            "\u{ffff}",
        ]);
        prop::collection::vec(piece, 1..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The chunked walk of [`super::block_text`] says what a walk over every
        /// character says.
        #[test]
        fn block_text_reads_every_character(text in "\\PC*|[a-z \\t\\x7f\\u{85}\\u{a0}\\u{2028}\\u{feff}é東👩]{0,80}|[a-z ]{30,70}(\\t|é|\\u{2029})?[a-z ]{0,40}", tabs: bool) {
            let each = text.chars().all(|c| {
                (tabs && c == '\t') || printable(c) && !matches!(c, '\n' | '\u{2028}' | '\u{2029}')
            });
            prop_assert_eq!(super::block_text(&text, tabs), each);
        }

        /// The file written as it is encoded, notes blocks written line by line, is
        /// byte for byte the text the YAML library makes of the meeting, whatever the
        /// notes hold and however many sections there are.
        #[test]
        fn notes_written_line_by_line_are_the_librarys_text(
            notes in prop::collection::vec(prop_oneof![text(), block_text()], 3..14),
            lobby in prop_oneof![text(), block_text()],
            regular in text(),
        ) {
            let mut m = meeting();
            while m.sections.len() < notes.len() {
                m.sections.push(m.sections[0].clone());
            }
            for (record, notes) in m.sections.iter_mut().zip(&notes) {
                record.notes = notes.as_str().into();
            }
            m.lobby_notes = lobby.as_str().into();
            m.regular_meeting = Some(RegularMeeting {
                cadence: Cadence::Weekly,
                slot: "Tuesdays".into(),
                notes: regular,
            });
            let mut out = Vec::new();
            let length = encode_bound_to(&mut out, &m, 7, 3).unwrap();
            let text = encode_bound(&m, 7, 3).unwrap();
            prop_assert_eq!(String::from_utf8(out).unwrap(), text.clone());
            prop_assert_eq!(length, text.len() as u64);
        }

        /// Whatever the notes hold, the fast path reads kickoff's file as the library does.
        #[test]
        fn the_fast_path_reads_what_the_library_reads(
            notes in prop::collection::vec(text(), 3),
            lobby in text(),
        ) {
            let mut m = meeting();
            for (record, notes) in m.sections.iter_mut().zip(&notes) {
                record.notes = notes.as_str().into();
            }
            m.lobby_notes = lobby.as_str().into();
            let text = encode_bound(&m, 1, 0).unwrap();
            let (fast, whole) = both(&text);
            let whole = whole.unwrap();
            prop_assert_eq!(&whole.0, &m);
            if let Some(fast) = fast {
                prop_assert_eq!(fast, whole);
            }
        }

        /// A file changed by hand (a piece of text put in at a line start or inside a
        /// line) is read by the fast path as the library reads it, or left to it.
        #[test]
        fn hand_edited_files_read_as_the_library_reads_them(
            notes in prop::collection::vec(text(), 3),
            cuts in prop::collection::vec((any::<prop::sample::Index>(), part(), any::<bool>()), 1..4),
        ) {
            let mut m = meeting();
            for (record, notes) in m.sections.iter_mut().zip(&notes) {
                record.notes = notes.as_str().into();
            }
            let mut text = encode(&m).unwrap();
            for (at, piece, line_start) in cuts {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                if line_start {
                    i = text[..i].rfind('\n').map_or(0, |n| n + 1);
                }
                text.insert_str(i, piece);
            }
            let (fast, whole) = both(&text);
            if let Some(fast) = fast {
                prop_assert_eq!(Some(fast), whole.ok());
            }
        }
    }
}
