//! A section's notes as lines, so an edit touches the lines it changes and never the
//! whole text. In a session file the notes are still one string (the lines joined with
//! `\n`), exactly as before: `Notes::from(text).text() == text` for every text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The notes of one section: never empty (an empty text is one empty line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notes {
    lines: Vec<String>,
}

/// One change to a section's notes: `removed` lines from `start` replaced by `lines`.
/// Recorded in the session journal, so its shape is part of the journal format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEdit {
    /// Index of the section.
    pub section: usize,
    /// First line replaced.
    pub start: usize,
    /// How many lines were replaced (0: pure insertion before `start`).
    pub removed: usize,
    /// The new lines.
    pub lines: Vec<String>,
}

impl Default for Notes {
    fn default() -> Self {
        Self {
            lines: vec![String::new()],
        }
    }
}

impl Notes {
    /// Notes made of `lines` (an empty list is one empty line).
    pub fn from_lines(lines: Vec<String>) -> Self {
        if lines.is_empty() {
            return Self::default();
        }
        Self { lines }
    }

    /// The lines.
    pub fn lines(&self) -> &[String] {
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
        self.lines.iter().map(String::len).sum::<usize>() + self.lines.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    /// Replaces `removed` lines from `start` with `lines`; returns whether the range was
    /// inside the notes (nothing changes otherwise). The notes never end up empty.
    pub fn splice(&mut self, start: usize, removed: usize, lines: Vec<String>) -> bool {
        let Some(end) = start
            .checked_add(removed)
            .filter(|&e| e <= self.lines.len())
        else {
            return false;
        };
        self.lines.splice(start..end, lines).for_each(drop);
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        true
    }

    /// Removes line `index` and returns it.
    pub fn remove_line(&mut self, index: usize) -> Option<String> {
        if index >= self.lines.len() {
            return None;
        }
        let line = self.lines.remove(index);
        if self.lines.is_empty() {
            self.lines.push(String::new());
        }
        Some(line)
    }

    /// Appends `text` (which may hold newlines) at the end of the last line.
    pub fn push_str(&mut self, text: &str) {
        let mut pieces = text.split('\n');
        if let (Some(first), Some(last)) = (pieces.next(), self.lines.last_mut()) {
            last.push_str(first);
        }
        self.lines.extend(pieces.map(str::to_owned));
    }
}

impl From<&str> for Notes {
    fn from(text: &str) -> Self {
        Self {
            lines: text.split('\n').map(str::to_owned).collect(),
        }
    }
}

impl From<String> for Notes {
    fn from(text: String) -> Self {
        if text.contains('\n') {
            Self::from(text.as_str())
        } else {
            Self { lines: vec![text] }
        }
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

    #[test]
    fn serialized_as_one_string() {
        let notes = Notes::from("a: b\n- c");
        let yaml = serde_yaml::to_string(&notes).unwrap();
        let back: Notes = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, notes);
        assert_eq!(serde_json::to_string(&notes).unwrap(), "\"a: b\\n- c\"");
    }
}
