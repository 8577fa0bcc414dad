//! A section's notes as lines, so an edit touches the lines it changes and never the
//! whole text. In a session file the notes are still one string (the lines joined with
//! `\n`), exactly as before: `Notes::from(text).text() == text` for every text.
//!
//! Each line is a [`Line`]: shared, never copied, between the editor, the meeting and
//! the saver's copy of the meeting. An edit replaces the lines it changes with new ones;
//! the others stay shared, so a long meeting's text is held once however many hold it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One line of notes (no line break in it): an immutable, shared string. Cloning it is a
/// pointer copy; changing a line means making a new one.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Line(Arc<str>);

/// The empty line, shared by every empty line (blank lines are common in notes).
static EMPTY: LazyLock<Line> = LazyLock::new(|| Line(Arc::from("")));

impl Line {
    /// The line's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `other` is this very line (shared), not merely an equal one.
    pub fn is_shared_with(&self, other: &Line) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// This line with `cut` bytes from byte `at` replaced by `text`; `None` when the range
    /// is not inside the line on character boundaries.
    pub fn spliced(&self, at: usize, cut: usize, text: &str) -> Option<Line> {
        let end = at.checked_add(cut).filter(|&end| end <= self.0.len())?;
        if !(self.0.is_char_boundary(at) && self.0.is_char_boundary(end)) {
            return None;
        }
        let mut line = String::with_capacity(self.0.len() - cut + text.len());
        line.push_str(&self.0[..at]);
        line.push_str(text);
        line.push_str(&self.0[end..]);
        Some(Line::from(line))
    }
}

impl Default for Line {
    fn default() -> Self {
        EMPTY.clone()
    }
}

impl Deref for Line {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Line {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Line {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Line {
    fn from(text: &str) -> Self {
        if text.is_empty() {
            return Line::default();
        }
        Line(Arc::from(text))
    }
}

impl From<String> for Line {
    fn from(text: String) -> Self {
        Line::from(text.as_str())
    }
}

impl From<&String> for Line {
    fn from(text: &String) -> Self {
        Line::from(text.as_str())
    }
}

impl From<Line> for String {
    fn from(line: Line) -> Self {
        line.as_str().to_owned()
    }
}

impl PartialEq<str> for Line {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Line {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Line {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Line> for str {
    fn eq(&self, other: &Line) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Line> for &str {
    fn eq(&self, other: &Line) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Line> for String {
    fn eq(&self, other: &Line) -> bool {
        **self == *other.0
    }
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Line {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Line::from)
    }
}

/// The notes of one section: never empty (an empty text is one empty line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    lines: Vec<Line>,
}

/// One change to the notes of a section or of the lobby. Recorded in the session
/// journal, so its shape is part of the journal format: `{"section": 2, "start": 0,
/// "removed": 1, "lines": ["text"]}` for lines, `{"section": 2, "line": 0, "at": 4,
/// "cut": 0, "text": "x"}` within one line, without `section` for the lobby's notes.
/// Journals written before the lobby's notes and in-line changes were journaled read the
/// same (they only hold the first form, always with `section`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEdit {
    /// Whose notes: a section's index, or `None` for the notes typed in the lobby.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
    /// What changes.
    #[serde(flatten)]
    pub change: NoteChange,
}

/// What a [`NoteEdit`] changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NoteChange {
    /// `removed` lines from `start` replaced by `lines` (0 removed: an insertion before
    /// `start`).
    Lines {
        /// First line replaced.
        start: usize,
        /// How many lines were replaced.
        removed: usize,
        /// The new lines.
        lines: Vec<Line>,
    },
    /// Within line `line`, the `cut` bytes from byte `at` replaced by `text` (which holds
    /// no line break): what typing in a line costs, however long the line.
    Splice {
        /// The line changed.
        line: usize,
        /// Where in it, in bytes.
        at: usize,
        /// How many bytes were replaced.
        cut: usize,
        /// What replaces them.
        text: String,
    },
}

#[cfg(test)]
impl NoteEdit {
    /// `removed` lines from `start` of `section`'s notes replaced by `lines`.
    pub fn lines(section: Option<usize>, start: usize, removed: usize, lines: &[&str]) -> Self {
        Self {
            section,
            change: NoteChange::Lines {
                start,
                removed,
                lines: lines.iter().map(|l| Line::from(*l)).collect(),
            },
        }
    }
}

impl NoteChange {
    /// The change that turns line `line`, which read `old`, into `new`: only the bytes
    /// between their common start and common end.
    pub fn within_line(line: usize, old: &str, new: &str) -> Self {
        let mut prefix = common_start(old.as_bytes(), new.as_bytes());
        while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
            prefix -= 1;
        }
        let mut suffix = common_end(&old.as_bytes()[prefix..], &new.as_bytes()[prefix..]);
        while !(old.is_char_boundary(old.len() - suffix)
            && new.is_char_boundary(new.len() - suffix))
        {
            suffix -= 1;
        }
        Self::Splice {
            line,
            at: prefix,
            cut: old.len() - suffix - prefix,
            text: new[prefix..new.len() - suffix].to_owned(),
        }
    }
}

/// How many bytes `a` and `b` start with in common: compared a block at a time, since a
/// line can be 100 KB and this runs at every key.
fn common_start(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes `a` and `b` end with in common (see [`common_start`]).
fn common_end(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[ea - i - BLOCK..ea - i] == b[eb - i - BLOCK..eb - i] {
        i += BLOCK;
    }
    while i < n && a[ea - i - 1] == b[eb - i - 1] {
        i += 1;
    }
    i
}

impl Default for Notes {
    fn default() -> Self {
        Self {
            lines: vec![Line::default()],
        }
    }
}

impl Notes {
    /// Notes made of `lines` (an empty list is one empty line).
    pub fn from_lines<L: Into<Line>>(lines: impl IntoIterator<Item = L>) -> Self {
        let lines: Vec<Line> = lines.into_iter().map(Into::into).collect();
        if lines.is_empty() {
            return Self::default();
        }
        Self { lines }
    }

    /// The lines.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The whole text, lines joined with `\n` (a copy: for export and files, not typing).
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether the notes hold nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    /// The length of [`Notes::text`] in bytes, without building it.
    pub fn len(&self) -> usize {
        self.lines.iter().map(|l| l.len()).sum::<usize>() + self.lines.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    /// Replaces `removed` lines from `start` with `lines`; returns whether the range was
    /// inside the notes (nothing changes otherwise). The notes never end up empty.
    pub fn splice(&mut self, start: usize, removed: usize, lines: Vec<Line>) -> bool {
        let Some(end) = start
            .checked_add(removed)
            .filter(|&e| e <= self.lines.len())
        else {
            return false;
        };
        self.lines.splice(start..end, lines).for_each(drop);
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        true
    }

    /// Applies `change`; returns whether it fit the notes (nothing changes otherwise).
    pub fn apply(&mut self, change: &NoteChange) -> bool {
        match change {
            NoteChange::Lines {
                start,
                removed,
                lines,
            } => self.splice(*start, *removed, lines.clone()),
            NoteChange::Splice {
                line,
                at,
                cut,
                text,
            } => {
                let Some(target) = self.lines.get_mut(*line) else {
                    return false;
                };
                if text.contains('\n') {
                    return false;
                }
                match target.spliced(*at, *cut, text) {
                    Some(spliced) => {
                        *target = spliced;
                        true
                    }
                    None => false,
                }
            }
        }
    }

    /// Removes line `index` and returns it.
    pub fn remove_line(&mut self, index: usize) -> Option<Line> {
        if index >= self.lines.len() {
            return None;
        }
        let line = self.lines.remove(index);
        if self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        Some(line)
    }

    /// Appends `text` (which may hold newlines) at the end of the last line.
    pub fn push_str(&mut self, text: &str) {
        let mut pieces = text.split('\n');
        if let (Some(first), Some(last)) = (pieces.next(), self.lines.last_mut())
            && !first.is_empty()
        {
            *last = Line::from(format!("{last}{first}"));
        }
        self.lines.extend(pieces.map(Line::from));
    }
}

impl From<&str> for Notes {
    fn from(text: &str) -> Self {
        Self {
            lines: text.split('\n').map(Line::from).collect(),
        }
    }
}

impl From<String> for Notes {
    fn from(text: String) -> Self {
        Self::from(text.as_str())
    }
}

impl From<&String> for Notes {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl fmt::Display for Notes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(line)?;
        }
        Ok(())
    }
}

impl PartialEq<str> for Notes {
    fn eq(&self, other: &str) -> bool {
        let mut rest = other;
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                match rest.strip_prefix('\n') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(line.as_str()) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

impl PartialEq<&str> for Notes {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for Notes {
    fn eq(&self, other: &String) -> bool {
        *self == *other.as_str()
    }
}

impl Serialize for Notes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Notes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Notes::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_exactly() {
        for text in ["", "\n", "a", "a\nb", "a\n\nb\n", "\r\n x \u{2028}y\n"] {
            let notes = Notes::from(text);
            assert_eq!(notes.text(), text);
            assert_eq!(notes.len(), text.len());
            assert_eq!(notes.to_string(), text);
            assert!(notes == text);
            assert!(notes != format!("{text}x"));
        }
        let (two, one) = (Notes::from("a\nb"), Notes::from("a"));
        assert!(two != "a");
        assert!(one != "a\nb");
    }

    #[test]
    fn a_copy_shares_the_lines_an_edit_does_not_touch() {
        let notes = Notes::from("one\ntwo\nthree");
        let mut copy = notes.clone();
        assert!(copy.apply(&NoteChange::within_line(1, "two", "two!")));
        assert!(copy.splice(2, 0, vec!["inserted".into()]));
        assert_eq!(notes, "one\ntwo\nthree");
        assert_eq!(copy, "one\ntwo!\ninserted\nthree");
        let (old, new) = (notes.lines(), copy.lines());
        assert!(old[0].is_shared_with(&new[0]));
        assert!(!old[1].is_shared_with(&new[1]));
        assert!(old[2].is_shared_with(&new[3]));
        // Equal but separately made lines are equal, not shared.
        assert_eq!(Line::from("one"), old[0]);
        assert!(!Line::from("one").is_shared_with(&old[0]));
    }

    #[test]
    fn a_line_compares_with_strings_and_serializes_as_one() {
        let line = Line::from("a: \"b\"");
        let text = String::from("a: \"b\"");
        assert!(line == "a: \"b\"");
        assert!("a: \"b\"" == line);
        assert!(line == text);
        assert!(text == line);
        assert!(line != "a");
        assert_eq!(serde_json::to_string(&line).unwrap(), r#""a: \"b\"""#);
        let back: Line = serde_json::from_str(r#""a: \"b\"""#).unwrap();
        assert_eq!(back, line);
        assert_eq!(line.spliced(1, 1, "=").unwrap(), "a= \"b\"");
        assert_eq!(
            Line::from("é").spliced(1, 0, "x"),
            None,
            "inside a character"
        );
        assert_eq!(Line::from("ab").spliced(1, 2, "x"), None, "past the end");
    }

    #[test]
    fn splice_replaces_a_range_and_refuses_one_outside() {
        let mut notes = Notes::from("one\ntwo\nthree");
        assert!(notes.splice(1, 1, vec!["2".into(), "2b".into()]));
        assert_eq!(notes, "one\n2\n2b\nthree");
        assert!(notes.splice(4, 0, vec!["four".into()]));
        assert_eq!(notes, "one\n2\n2b\nthree\nfour");
        assert!(!notes.splice(5, 1, Vec::new()));
        assert!(!notes.splice(usize::MAX, 2, Vec::new()));
        assert!(notes.splice(0, 5, Vec::new()));
        assert!(notes.is_empty());
        assert_eq!(notes.lines(), [""]);
    }

    proptest::proptest! {
        /// The change within a line turns the old line into the new one, and holds no
        /// more than the bytes between what both lines start and end with.
        #[test]
        fn a_change_within_a_line_turns_the_old_line_into_the_new(
            old in "[ab é東\u{301}]{0,12}",
            new in "[ab é東\u{301}]{0,12}",
            head in "[ab東]{0,150}",
            tail in "[ab東]{0,150}",
        ) {
            // Long shared starts and ends too: they are compared a block at a time.
            let (old, new) = (format!("{head}{old}{tail}"), format!("{head}{new}{tail}"));
            let change = NoteChange::within_line(1, &old, &new);
            let mut notes = Notes::from(format!("first\n{old}\nlast").as_str());
            proptest::prop_assert!(notes.apply(&change));
            proptest::prop_assert_eq!(notes.text(), format!("first\n{new}\nlast"));
            let NoteChange::Splice { cut, text, .. } = &change else {
                return Err(proptest::test_runner::TestCaseError::fail("not in line"));
            };
            proptest::prop_assert!(*cut <= old.len() && text.len() <= new.len());
        }
    }

    #[test]
    fn typing_one_character_in_a_long_line_is_a_change_of_one_character() {
        let old = "x".repeat(100_000);
        let new = format!("{}y{}", &old[..50_000], &old[50_000..]);
        let change = NoteChange::within_line(0, &old, &new);
        assert!(matches!(&change, NoteChange::Splice { cut: 0, text, .. } if text == "y"));
        let json = serde_json::to_string(&NoteEdit {
            section: Some(0),
            change,
        })
        .unwrap();
        assert!(json.len() < 100, "{json}");
    }

    #[test]
    fn a_change_that_does_not_fit_changes_nothing() {
        let mut notes = Notes::from("é\nb");
        let within = |line, at, cut, text: &str| NoteChange::Splice {
            line,
            at,
            cut,
            text: text.into(),
        };
        assert!(!notes.apply(&within(2, 0, 0, "x")));
        assert!(!notes.apply(&within(0, 1, 0, "x")), "inside a character");
        assert!(!notes.apply(&within(0, 0, 5, "x")), "past the end");
        assert!(!notes.apply(&within(1, 0, 0, "a\nb")), "a line break");
        assert_eq!(notes, "é\nb");
    }

    #[test]
    fn edits_read_from_journals_of_every_version() {
        // Before the lobby's notes and in-line changes were journaled: always lines of a
        // section.
        let old: NoteEdit =
            serde_json::from_str(r#"{"section":2,"start":1,"removed":0,"lines":["a"]}"#).unwrap();
        let lines = NoteChange::Lines {
            start: 1,
            removed: 0,
            lines: vec!["a".into()],
        };
        assert_eq!(
            old,
            NoteEdit {
                section: Some(2),
                change: lines
            }
        );
        let lobby: NoteEdit =
            serde_json::from_str(r#"{"line":0,"at":3,"cut":1,"text":"é"}"#).unwrap();
        let splice = NoteChange::Splice {
            line: 0,
            at: 3,
            cut: 1,
            text: "é".into(),
        };
        assert_eq!(
            lobby,
            NoteEdit {
                section: None,
                change: splice.clone()
            }
        );
        let back = serde_json::to_string(&NoteEdit {
            section: None,
            change: splice,
        })
        .unwrap();
        assert_eq!(back, r#"{"line":0,"at":3,"cut":1,"text":"é"}"#);
    }

    #[test]
    fn serialized_as_one_string() {
        let notes = Notes::from("a: b\n- c");
        let yaml = serde_yaml::to_string(&notes).unwrap();
        let back: Notes = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, notes);
        assert_eq!(serde_json::to_string(&notes).unwrap(), "\"a: b\\n- c\"");
    }
}
