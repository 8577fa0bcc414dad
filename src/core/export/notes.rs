//! Note lines and who may read them: internal lines (marked by the note-taker) and lines
//! that label a colleague stay out of the customer version.
//!
//! A line is internal when its text starts with [`INTERNAL_MARKER`] (after its
//! indentation and a typed bullet, in any case). The mark is part of the line, so it
//! survives every edit, undo, paste and reordering of the notes; deleting the marker is
//! the only way to make the line public again. An indented line under a line that is
//! kept from the customer is kept from the customer too, so a detail never appears under
//! the wrong bullet.

use crate::core::drift::{self, FindingKind};
use crate::core::meeting::{DriftEvent, Meeting, Notes};
use crate::core::parallel::in_chunks;

use super::Options;
use super::markdown::inline_into;

/// The text that marks a note line as internal, at its start.
pub const INTERNAL_MARKER: &str = "(internal)";

/// Bullets a note-taker may type at the start of a line; the export writes its own.
const TYPED_BULLETS: [&str; 5] = ["- ", "* ", "+ ", "• ", "\u{2022}"];

/// The line without its indentation and typed bullet.
fn body_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    TYPED_BULLETS
        .iter()
        .find_map(|marker| trimmed.strip_prefix(marker))
        .unwrap_or(trimmed)
}

/// The rest of `body` after the internal marker, if it starts with one.
fn after_marker(body: &str) -> Option<&str> {
    let head = body.get(..INTERNAL_MARKER.len())?;
    head.eq_ignore_ascii_case(INTERNAL_MARKER)
        .then(|| &body[INTERNAL_MARKER.len()..])
}

/// Whether a note line is marked internal.
pub fn is_internal_line(line: &str) -> bool {
    after_marker(body_of(line)).is_some()
}

/// Marks line `line` (counting `\n`-separated lines from 0) of `notes` internal, or
/// makes it public again when it is marked; indentation and a typed bullet are kept.
/// Returns the new notes, or `None` when there is no such line.
pub fn toggle_internal_line(notes: &str, line: usize) -> Option<String> {
    let mut lines: Vec<String> = notes.split('\n').map(str::to_owned).collect();
    let target = lines.get_mut(line)?;
    let body_at = target.len() - body_of(target).len();
    let body = &target[body_at..];
    *target = match after_marker(body) {
        Some(rest) => format!("{}{}", &target[..body_at], rest.trim_start()),
        None => format!("{}{INTERNAL_MARKER} {body}", &target[..body_at]),
    };
    Some(lines.join("\n"))
}

/// Who may read a note line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Reader {
    /// Everyone: the line goes into both versions.
    Everyone,
    /// Marked internal by the note-taker.
    Internal,
    /// Labels a colleague (the words are given): never shown to the customer as written.
    Labeling(String),
}

/// One non-empty note line: its text (typed bullet and internal marker removed),
/// whether it is a detail of the line before, and who may read it.
#[derive(Debug)]
pub(super) struct NoteLine<'a> {
    pub(super) text: &'a str,
    pub(super) nested: bool,
    pub(super) reader: Reader,
}

/// Splits notes into lines on any line break.
pub(super) fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    // Looked for in the bytes, a vector at a time: most lines have none, and many have
    // characters that start with the same byte as one (`—`, `’`, `…`).
    let b = text.as_bytes();
    let whole = !memchr::memchr3_iter(b'\n', b'\r', 0xE2, b)
        .any(|i| b[i] != 0xE2 || matches!(b.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])))
        && !memchr::memchr_iter(0x85, b).any(|i| b.get(i.wrapping_sub(1)) == Some(&0xC2));
    let (line, parts) = if whole {
        (Some(text), None)
    } else {
        (
            None,
            Some(text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])),
        )
    };
    line.into_iter().chain(parts.into_iter().flatten())
}

/// The lines of section `index`'s notes with who may read each. A line labels a
/// colleague when a labeling flag raised in that section matched words it still holds,
/// or when the built-in labeling rules find a label in it now.
pub(super) fn note_lines<'a>(meeting: &'a Meeting, index: usize) -> Vec<NoteLine<'a>> {
    match meeting.sections.get(index) {
        Some(record) => lines_of(&record.notes, meeting, Some(index)),
        None => Vec::new(),
    }
}

/// The lines typed in the lobby, before the agenda started, with who may read each.
pub(super) fn lobby_lines(meeting: &Meeting) -> Vec<NoteLine<'_>> {
    lines_of(&meeting.lobby_notes, meeting, None)
}

/// The lines of `notes` with who may read each; `section`: whose labeling flags apply.
fn lines_of<'a>(
    notes: &'a Notes,
    meeting: &'a Meeting,
    section: Option<usize>,
) -> Vec<NoteLine<'a>> {
    // The flagged words, folded for matching and as they were logged.
    let flagged: Vec<(String, &str)> = meeting
        .drift_log
        .iter()
        .filter(|e: &&DriftEvent| e.kind == FindingKind::Labeling && Some(e.section) == section)
        .map(|e| (fold(&e.matched), e.matched.as_str()))
        .filter(|(folded, _)| !folded.is_empty())
        .collect();
    // Which lines there are and the label look-up of the public ones (most of an
    // export's work), side by side; then who may read each, in order.
    let parts = in_chunks(notes.line_count(), CHUNK, PARALLEL_FROM, |range| {
        let mut found = Vec::new();
        for raw in notes.lines_in(range).flat_map(raw_lines) {
            let indented = raw.starts_with([' ', '\t']);
            let body = body_of(raw);
            let (text, marked) = match after_marker(body) {
                Some(rest) => (rest.trim_start(), true),
                None => (body, false),
            };
            if !crate::core::text::is_blank(text) {
                let label = if marked { None } else { labels(text, &flagged) };
                found.push((text, indented, marked, label));
            }
        }
        found
    });
    let mut lines = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    let mut parent = Reader::Everyone;
    for (n, (text, indented, marked, label)) in parts.into_iter().flatten().enumerate() {
        // A first line is never nested: there is nothing to nest it under.
        let nested = indented && n > 0;
        let reader = if marked {
            Reader::Internal
        } else if nested && parent != Reader::Everyone {
            parent.clone()
        } else if let Some(words) = label {
            Reader::Labeling(words)
        } else {
            Reader::Everyone
        };
        if !nested {
            parent = reader.clone();
        }
        lines.push(NoteLine {
            text,
            nested,
            reader,
        });
    }
    lines
}

/// Fewer note lines than this are read on the calling thread: starting threads would
/// cost more than it saves.
const PARALLEL_FROM: usize = 4096;

/// Note lines a thread takes at a time.
const CHUNK: usize = 512;

/// The labeling words in `line`, if any: a flagged phrase it still contains, or a label
/// the built-in rules find.
fn labels(line: &str, flagged: &[(String, &str)]) -> Option<String> {
    if !flagged.is_empty() {
        let folded = fold(line);
        if let Some((_, words)) = flagged.iter().find(|(m, _)| folded.contains(m.as_str())) {
            return Some((*words).to_owned());
        }
    }
    drift::labeling(line).map(|f| f.matched)
}

/// Lower case with runs of whitespace as one space, for matching flagged words.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Writes `lines` as list items (a nested line as a nested item), `prefix` writing what
/// goes before each line's text; returns whether any was written.
pub(super) fn write_bullets(
    lines: &[&NoteLine<'_>],
    options: &Options,
    prefix: impl Fn(&NoteLine<'_>, &mut String) + Sync,
    out: &mut String,
) -> bool {
    let write = |start: usize, part: &[&NoteLine<'_>], text: &mut String| {
        for (n, line) in part.iter().enumerate() {
            // A first line is never nested: there is nothing to nest it under.
            let first = start + n == 0;
            text.push_str(if line.nested && !first { "  - " } else { "- " });
            prefix(line, text);
            inline_into(line.text, options, false, text);
            text.push('\n');
        }
    };
    if lines.len() < PARALLEL_FROM {
        write(0, lines, out);
    } else {
        let parts = in_chunks(lines.len(), CHUNK, PARALLEL_FROM, |range| {
            let part = lines.get(range.clone()).unwrap_or_default();
            let mut text = String::with_capacity(part.iter().map(|l| l.text.len() + 4).sum());
            write(range.start, part, &mut text);
            text
        });
        out.reserve(parts.iter().map(String::len).sum());
        parts.iter().for_each(|part| out.push_str(part));
    }
    !lines.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_on_every_break_and_only_there() {
        fn split(text: &str) -> Vec<&str> {
            raw_lines(text).collect()
        }
        assert_eq!(
            split("a\nb\rc\u{85}d\u{2028}e\u{2029}f"),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(
            split("café · menu — ok … \u{2027}\u{a0}"),
            ["café · menu — ok … \u{2027}\u{a0}"]
        );
        assert_eq!(split("end\u{2029}"), ["end", ""]);
    }

    proptest::proptest! {
        /// The byte search splits where splitting on every break character splits,
        /// among characters that share bytes with the breaks.
        #[test]
        fn lines_split_where_the_breaks_are(
            text in "[a \\n\\r\\u{85}\\u{2028}\\u{2029}\\u{2027}\\u{a8}\\u{c5}—’é]{0,40}"
        ) {
            let expected: Vec<&str> =
                text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']).collect();
            proptest::prop_assert_eq!(raw_lines(&text).collect::<Vec<_>>(), expected);
        }
    }

    /// Long notes are read in parts side by side: who may read each line, and the
    /// bullets, are what they are line by line, across the parts' borders.
    #[test]
    fn long_notes_are_read_and_written_as_short_ones_are() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:30:00+01:00").unwrap();
        let mut meeting = crate::core::sample::typical_meeting(now);
        meeting.drift_log.clear();
        // Shared by the cores in chunks, the ninth starting with a nested line.
        let count = PARALLEL_FROM + 11;
        assert_eq!((8 * CHUNK) % 7, 1);
        let line = |i: usize| match i % 7 {
            0 => "Dana is our Kubernetes guru".to_owned(),
            1 | 4 => format!("  detail {i}"),
            3 => format!("(internal) renewal {i}"),
            _ => format!("we went over runners {i}"),
        };
        meeting.set_current_notes(crate::core::notes::Notes::from_lines((0..count).map(line)));
        let index = meeting.current;
        let lines = note_lines(&meeting, index);
        assert_eq!(lines.len(), count);
        let mut parent = Reader::Everyone;
        for (i, l) in lines.iter().enumerate() {
            let expected = match i % 7 {
                0 => Reader::Labeling("Dana is our Kubernetes guru".into()),
                1 | 4 => parent.clone(),
                3 => Reader::Internal,
                _ => Reader::Everyone,
            };
            assert_eq!(l.reader, expected, "line {i}: {}", l.text);
            assert_eq!(l.nested, i % 7 == 1 || i % 7 == 4, "line {i}");
            if !l.nested {
                parent = expected;
            }
        }
        let all: Vec<_> = lines.iter().collect();
        let mut out = String::new();
        assert!(write_bullets(
            &all,
            &Options::default(),
            |_, _| {},
            &mut out
        ));
        let written: Vec<&str> = out.lines().collect();
        assert_eq!(written.len(), count);
        for (i, w) in written.iter().enumerate() {
            let nested = i % 7 == 1 || i % 7 == 4;
            let text = line(i);
            let expected = if nested {
                format!("  - {}", text.trim_start())
            } else if i % 7 == 3 {
                format!("- {}", text.trim_start_matches("(internal) "))
            } else {
                format!("- {}", text.replace('(', "\\(").replace(')', "\\)"))
            };
            assert_eq!(*w, expected, "line {i}");
        }
    }

    #[test]
    fn the_marker_is_toggled_keeping_indentation_and_bullets() {
        let notes = "first\n  - detail\nlast";
        let marked = toggle_internal_line(notes, 1).unwrap();
        assert_eq!(marked, "first\n  - (internal) detail\nlast");
        assert!(is_internal_line(marked.split('\n').nth(1).unwrap()));
        assert_eq!(toggle_internal_line(&marked, 1).unwrap(), notes);
        assert_eq!(toggle_internal_line(notes, 3), None);
        assert_eq!(toggle_internal_line("", 0).unwrap(), "(internal) ");
    }

    #[test]
    fn the_marker_is_recognised_in_any_case_and_only_at_the_start() {
        assert!(is_internal_line("(Internal) renewal is at risk"));
        assert!(is_internal_line("\t* (INTERNAL)budget"));
        assert!(!is_internal_line("not (internal) at all"));
        assert!(!is_internal_line("(internals) of the runner"));
        // An edit anywhere after the marker keeps it.
        assert!(is_internal_line("(internal) renewal is at risk, says Dana"));
    }
}
