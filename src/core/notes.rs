//! A section's notes as lines, so an edit touches the lines it changes and never the
//! whole text. In a session file the notes are still one string (the lines joined with
//! `\n`), exactly as before: `Notes::from(text).text() == text` for every text.
//!
//! The lines are stored in chunks (see [`Notes`]) shared, never copied, between the
//! editor, the meeting and the saver's copy of the meeting. An edit makes anew the
//! chunks it touches; the others stay shared, and the meeting takes the editor's new
//! chunks ([`Notes::adopt`]), so a long meeting's text is held once however many hold
//! it. A [`Line`] is one line on its own: what an edit carries.

use std::borrow::Borrow;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One line of notes (no line break in it), as an edit carries it: an immutable, shared
/// string. Cloning it is a pointer copy; changing a line means making a new one.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Line(Arc<str>);

/// The empty line, shared by every empty line (blank lines are common in notes).
static EMPTY: LazyLock<Line> = LazyLock::new(|| Line(Arc::from("")));

impl Line {
    /// The line's text.
    pub fn as_str(&self) -> &str {
        &self.0
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
///
/// The lines are kept in chunks of up to 64 lines and 8 KiB (a longer line has a chunk
/// of its own), each chunk one text and where its lines start, shared: a copy of the
/// notes shares every chunk, and an edit makes anew only the chunks it touches. A line
/// costs its text and two bytes, however many hold the notes.
#[derive(Clone)]
pub struct Notes {
    chunks: Vec<Arc<Chunk>>,
    /// The index of each chunk's first line.
    firsts: Vec<usize>,
    /// How many lines (at least one).
    count: usize,
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
        Self::from_lines([""])
    }
}

impl Notes {
    /// Notes made of `lines` (none: one empty line).
    pub fn from_lines<L: AsRef<str>>(lines: impl IntoIterator<Item = L>) -> Self {
        let mut packer = Packer::default();
        for line in lines {
            packer.push(line.as_ref());
        }
        packer.finish()
    }

    /// How many lines (at least one).
    pub fn line_count(&self) -> usize {
        self.count
    }

    /// Line `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&str> {
        if index >= self.count {
            return None;
        }
        let at = self.chunk_of(index);
        self.chunks[at].line(index - self.firsts[at])
    }

    /// The lines, first to last.
    pub fn lines(&self) -> Lines<'_> {
        self.lines_in(0..self.count)
    }

    /// The lines in `range`, clamped to the notes.
    pub fn lines_in(&self, range: std::ops::Range<usize>) -> Lines<'_> {
        let back = range.end.min(self.count);
        Lines {
            notes: self,
            front: range.start.min(back),
            back,
        }
    }

    /// Where line `index` starts in [`Notes::text`], in bytes (past the end: the text's
    /// length plus one). Cost: the chunks before it, not their lines.
    pub fn offset_of(&self, index: usize) -> usize {
        if index >= self.count {
            return self.text_len() + 1;
        }
        let at = self.chunk_of(index);
        let before: usize = self.chunks[..at].iter().map(|c| c.text.len()).sum();
        let within = index - self.firsts[at];
        let start = self.chunks[at]
            .starts
            .get(within)
            .map_or(0, |&s| usize::from(s));
        before + start + index
    }

    /// The whole text, lines joined with `\n` (a copy: for export and files, not typing).
    pub fn text(&self) -> String {
        use std::fmt::Write;
        let mut text = String::with_capacity(self.text_len());
        // Writing into a `String` cannot fail.
        let _ = write!(text, "{self}");
        text
    }

    /// Whether the notes hold nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.lines().all(|l| l.trim().is_empty())
    }

    /// The length of [`Notes::text`] in bytes, without building it.
    pub fn text_len(&self) -> usize {
        self.chunks.iter().map(|c| c.text.len()).sum::<usize>() + self.count - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.count == 1 && self.get(0).is_some_and(str::is_empty)
    }

    /// Replaces `removed` lines from `start` with `lines`; returns whether the range was
    /// inside the notes (nothing changes otherwise). The notes never end up empty. Cost:
    /// the chunks the range touches and the new lines, plus a walk over the chunk list.
    pub fn splice<L: AsRef<str>>(
        &mut self,
        start: usize,
        removed: usize,
        lines: impl IntoIterator<Item = L>,
    ) -> bool {
        let Some(end) = start.checked_add(removed).filter(|&e| e <= self.count) else {
            return false;
        };
        // The chunks holding the range (an insertion at the very end: the last one).
        let first = self.chunk_of(start.min(self.count - 1));
        let last = self.chunk_of(end.max(start + 1).min(self.count) - 1);
        // The chunks' lines before the range, the new lines, the chunks' lines after it.
        let mut old = self.chunks[first..=last].iter().flat_map(|c| c.lines());
        let mut packer = Packer::default();
        for line in old.by_ref().take(start - self.firsts[first]) {
            packer.push(line);
        }
        for line in lines {
            packer.push(line.as_ref());
        }
        for line in old.skip(end - start) {
            packer.push(line);
        }
        let made = packer.chunks();
        self.chunks.splice(first..=last, made);
        if self.chunks.is_empty() {
            self.chunks.push(Arc::new(Chunk::one("")));
        }
        self.renumber(first);
        true
    }

    /// Applies `change`; returns whether it fit the notes (nothing changes otherwise).
    pub fn apply(&mut self, change: &NoteChange) -> bool {
        match change {
            NoteChange::Lines {
                start,
                removed,
                lines,
            } => self.splice(*start, *removed, lines),
            NoteChange::Splice {
                line,
                at,
                cut,
                text,
            } => {
                let Some(end) = at.checked_add(*cut) else {
                    return false;
                };
                self.replace_in_line(*line, *at..end, text)
            }
        }
    }

    /// Replaces the bytes `range` of line `line` with `text`, which holds no line break:
    /// in place when no other copy of the notes shares the line's chunk, else in a new
    /// chunk. False (nothing changed) when the range is not within the line on character
    /// boundaries.
    pub fn replace_in_line(&mut self, line: usize, range: Range<usize>, text: &str) -> bool {
        let fits = self.get(line).is_some_and(|old| {
            range.start <= range.end
                && range.end <= old.len()
                && old.is_char_boundary(range.start)
                && old.is_char_boundary(range.end)
        });
        if !fits || text.contains('\n') {
            return false;
        }
        if self.splice_in_place(line, range.clone(), text) {
            return true;
        }
        let old = self.get(line).unwrap_or_default();
        let mut new = String::with_capacity(old.len() - range.len() + text.len());
        new.push_str(&old[..range.start]);
        new.push_str(text);
        new.push_str(&old[range.end..]);
        self.splice(line, 1, [new])
    }

    /// Replaces the bytes `range` of line `line` with `text` (no line break) inside the
    /// chunk that holds it, when no other copy of the notes shares that chunk and it
    /// stays within its bounds; false (nothing changed) otherwise. A copy that is edited
    /// key after key (the saver's) then rebuilds no chunk a key, and the allocator is
    /// not left with a chunk-sized hole a key.
    fn splice_in_place(&mut self, line: usize, range: Range<usize>, text: &str) -> bool {
        let c = self.chunk_of(line);
        let local = line - self.firsts[c];
        let Some(chunk) = self.chunks.get_mut(c).and_then(Arc::get_mut) else {
            return false;
        };
        let length = chunk.text.len() - range.len() + text.len();
        if chunk.len() > 1 && length > CHUNK_BYTES {
            return false;
        }
        let Some(&start) = chunk.starts.get(local) else {
            return false;
        };
        let start = usize::from(start);
        chunk
            .text
            .replace_range(start + range.start..start + range.end, text);
        // Below CHUNK_BYTES when the chunk holds more than one line: the starts fit.
        for later in chunk.starts.iter_mut().skip(local + 1) {
            let moved = usize::from(*later) - range.len() + text.len();
            *later = u16::try_from(moved).unwrap_or(u16::MAX);
        }
        true
    }

    /// Removes line `index` and returns it.
    pub fn remove_line(&mut self, index: usize) -> Option<String> {
        let line = self.get(index)?.to_owned();
        self.splice(index, 1, None::<&str>);
        Some(line)
    }

    /// Appends `text` (which may hold newlines) at the end of the last line.
    pub fn push_str(&mut self, text: &str) {
        let last = self.count - 1;
        let mut pieces = text.split('\n');
        let head = format!(
            "{}{}",
            self.get(last).unwrap_or_default(),
            pieces.next().unwrap_or_default()
        );
        self.splice(last, 1, std::iter::once(head.as_str()).chain(pieces));
    }

    /// Makes these notes `other`'s, sharing its chunks: only the chunks that differ are
    /// taken, found by comparing pointers from both ends (no text is compared or copied).
    pub fn adopt(&mut self, other: &Notes) {
        let (ours, theirs) = (&self.chunks, &other.chunks);
        let same = |a: &Arc<Chunk>, b: &Arc<Chunk>| Arc::ptr_eq(a, b);
        let head = ours
            .iter()
            .zip(theirs)
            .take_while(|(a, b)| same(a, b))
            .count();
        let tail = ours[head..]
            .iter()
            .rev()
            .zip(theirs[head..].iter().rev())
            .take_while(|(a, b)| same(a, b))
            .count();
        let taken = theirs[head..theirs.len() - tail].iter().cloned();
        self.chunks.splice(head..ours.len() - tail, taken);
        self.count = other.count;
        self.firsts.clone_from(&other.firsts);
    }

    /// Whether these notes hold their text in the very chunks `other` holds it in
    /// (shared, not merely equal): what [`Notes::adopt`] makes so.
    pub fn shares_storage_with(&self, other: &Notes) -> bool {
        self.chunks.len() == other.chunks.len()
            && self
                .chunks
                .iter()
                .zip(&other.chunks)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }

    /// The chunk that holds line `index` (which must be a line of the notes).
    fn chunk_of(&self, index: usize) -> usize {
        self.firsts.partition_point(|&f| f <= index) - 1
    }

    /// Recounts where each chunk from `from` on starts.
    fn renumber(&mut self, from: usize) {
        self.firsts.truncate(from);
        let mut next = from
            .checked_sub(1)
            .map_or(0, |p| self.firsts[p] + self.chunks[p].len());
        for chunk in &self.chunks[from..] {
            self.firsts.push(next);
            next += chunk.len();
        }
        self.count = next;
    }
}

impl std::ops::Index<usize> for Notes {
    type Output = str;

    /// Line `index`; past the last line, the empty string (the notes never panic).
    fn index(&self, index: usize) -> &str {
        self.get(index).unwrap_or_default()
    }
}

/// The lines of [`Notes`], first to last.
#[derive(Clone)]
pub struct Lines<'a> {
    notes: &'a Notes,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.notes.get(self.front - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.back - self.front, Some(self.back - self.front))
    }

    fn nth(&mut self, n: usize) -> Option<&'a str> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }

    fn last(mut self) -> Option<&'a str> {
        self.next_back()
    }
}

impl DoubleEndedIterator for Lines<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.notes.get(self.back)
    }
}

impl ExactSizeIterator for Lines<'_> {}

/// Lines a chunk holds at most.
const CHUNK_LINES: usize = 64;
/// Bytes of text a chunk of more than one line holds at most; a longer line has a
/// chunk of its own.
const CHUNK_BYTES: usize = 8 * 1024;
// Line starts in a chunk of more than one line are below CHUNK_BYTES: they fit a u16.
const _: () = assert!(CHUNK_BYTES <= u16::MAX as usize);

/// A run of lines stored as one text: the lines end to end, and where each starts.
#[derive(Debug)]
struct Chunk {
    /// Of exactly its length when packed; an edit in place may leave room after it.
    text: String,
    starts: Box<[u16]>,
}

impl Chunk {
    fn one(line: &str) -> Self {
        Self {
            text: line.to_owned(),
            starts: Box::new([0]),
        }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    fn lines(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.line(i).unwrap_or_default())
    }

    fn line(&self, index: usize) -> Option<&str> {
        let start = usize::from(*self.starts.get(index)?);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |&e| usize::from(e));
        self.text.get(start..end)
    }
}

/// Packs lines into chunks, in order.
#[derive(Default)]
struct Packer {
    done: Vec<Arc<Chunk>>,
    text: String,
    starts: Vec<u16>,
}

impl Packer {
    fn push(&mut self, line: &str) {
        let fits = self.starts.len() < CHUNK_LINES && self.text.len() + line.len() <= CHUNK_BYTES;
        if !self.starts.is_empty() && !fits {
            self.seal();
        }
        // Below CHUNK_BYTES whenever the chunk already holds a line (see above).
        self.starts
            .push(u16::try_from(self.text.len()).unwrap_or(u16::MAX));
        self.text.push_str(line);
    }

    fn seal(&mut self) {
        let mut text = std::mem::take(&mut self.text);
        text.shrink_to_fit();
        let starts = std::mem::take(&mut self.starts).into_boxed_slice();
        self.done.push(Arc::new(Chunk { text, starts }));
    }

    /// The chunks packed (none when no line was pushed).
    fn chunks(mut self) -> Vec<Arc<Chunk>> {
        if !self.starts.is_empty() {
            self.seal();
        }
        self.done
    }

    /// The notes packed (one empty line when no line was pushed).
    fn finish(self) -> Notes {
        let mut notes = Notes {
            chunks: self.chunks(),
            firsts: Vec::new(),
            count: 0,
        };
        if notes.chunks.is_empty() {
            notes.chunks.push(Arc::new(Chunk::one("")));
        }
        notes.renumber(0);
        notes
    }
}

/// Notes built a line at a time (the loader's way).
#[derive(Default)]
pub struct NotesBuilder {
    packer: Packer,
}

impl NotesBuilder {
    /// Adds a line at the end.
    pub fn push(&mut self, line: &str) {
        self.packer.push(line);
    }

    /// The notes (one empty line when none was added).
    pub fn finish(self) -> Notes {
        self.packer.finish()
    }
}

impl From<&str> for Notes {
    fn from(text: &str) -> Self {
        Self::from_lines(text.split('\n'))
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

impl PartialEq for Notes {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.lines().eq(other.lines())
    }
}

impl Eq for Notes {}

impl fmt::Debug for Notes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.lines()).finish()
    }
}

impl fmt::Display for Notes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, line) in self.lines().enumerate() {
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
        for (i, line) in self.lines().enumerate() {
            if i > 0 {
                match rest.strip_prefix('\n') {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(line) {
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
            assert_eq!(notes.text_len(), text.len());
            assert_eq!(notes.to_string(), text);
            assert!(notes == text);
            assert!(notes != format!("{text}x"));
        }
        let (two, one) = (Notes::from("a\nb"), Notes::from("a"));
        assert!(two != "a");
        assert!(one != "a\nb");
    }

    #[test]
    fn a_copy_shares_the_chunks_an_edit_does_not_touch() {
        // Three chunks of lines; an edit in the middle one makes only that one anew.
        let text: Vec<String> = (0..3 * CHUNK_LINES).map(|i| format!("line {i}")).collect();
        let notes = Notes::from_lines(&text);
        assert_eq!(notes.chunks.len(), 3);
        let mut copy = notes.clone();
        assert!(copy.shares_storage_with(&notes));
        let middle = CHUNK_LINES + 5;
        let new_line = format!("{}!", text[middle]);
        assert!(copy.apply(&NoteChange::within_line(middle, &text[middle], &new_line)));
        assert_eq!(notes.get(middle), Some(text[middle].as_str()));
        assert_eq!(copy.get(middle), Some(new_line.as_str()));
        let shared: Vec<bool> = (0..3)
            .map(|i| Arc::ptr_eq(&notes.chunks[i], &copy.chunks[i]))
            .collect();
        assert_eq!(shared, [true, false, true]);
        assert!(!copy.shares_storage_with(&notes));
        // Adopting takes the other's chunks: equal text, the same storage.
        let mut third = notes.clone();
        third.adopt(&copy);
        assert_eq!(third, copy);
        assert!(third.shares_storage_with(&copy));
    }

    #[test]
    fn a_line_longer_than_a_chunk_has_a_chunk_of_its_own() {
        let long = "x".repeat(3 * CHUNK_BYTES);
        let mut notes = Notes::from_lines(["a", long.as_str(), "b"]);
        assert_eq!(notes.chunks.len(), 3);
        assert_eq!(notes.get(1), Some(long.as_str()));
        assert!(notes.apply(&NoteChange::Splice {
            line: 1,
            at: long.len(),
            cut: 0,
            text: "y".into(),
        }));
        assert_eq!(notes.get(1).map(str::len), Some(long.len() + 1));
        assert_eq!(notes.text(), format!("a\n{long}y\nb"));
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
    }

    #[test]
    fn splice_replaces_a_range_and_refuses_one_outside() {
        let mut notes = Notes::from("one\ntwo\nthree");
        assert!(notes.splice(1, 1, ["2", "2b"]));
        assert_eq!(notes, "one\n2\n2b\nthree");
        assert!(notes.splice(4, 0, ["four"]));
        assert_eq!(notes, "one\n2\n2b\nthree\nfour");
        assert!(!notes.splice(5, 1, None::<&str>));
        assert!(!notes.splice(usize::MAX, 2, None::<&str>));
        assert!(notes.splice(0, 5, None::<&str>));
        assert!(notes.is_empty());
        assert_eq!(notes.lines().collect::<Vec<_>>(), [""]);
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

    proptest::proptest! {
        /// Changes within lines, applied key after key to notes no other copy shares
        /// (edited in place) and to a copy sharing a clone's chunks (rebuilt), leave the
        /// lines of a plain list, chunks within their bounds, and the clone as it was.
        #[test]
        fn changes_within_lines_edit_in_place_or_rebuild_alike(
            start in proptest::collection::vec("[a-z]{0,150}", 1..200),
            edits in proptest::collection::vec(
                (0usize..200, 0usize..200, 0usize..8, "[a-zé東]{0,600}"),
                1..40,
            ),
        ) {
            let mut alone = Notes::from_lines(&start);
            let mut shared = Notes::from_lines(&start);
            let kept = shared.clone();
            let mut model = start.clone();
            for (line, at, cut, text) in edits {
                let line = line % model.len();
                let old = &model[line];
                let at = (at % (old.len() + 1)..=old.len())
                    .find(|&i| old.is_char_boundary(i))
                    .unwrap_or(old.len());
                let end = (at + cut..=old.len())
                    .find(|&i| old.is_char_boundary(i))
                    .unwrap_or(old.len());
                let change = NoteChange::Splice { line, at, cut: end - at, text: text.clone() };
                proptest::prop_assert!(alone.apply(&change));
                proptest::prop_assert!(shared.apply(&change));
                model[line].replace_range(at..end, &text);
                for notes in [&alone, &shared] {
                    proptest::prop_assert_eq!(notes.lines().collect::<Vec<_>>(), model.clone());
                    proptest::prop_assert_eq!(notes.text_len(), model.join("\n").len());
                    for chunk in &notes.chunks {
                        proptest::prop_assert!(chunk.len() <= CHUNK_LINES);
                        proptest::prop_assert!(
                            chunk.len() == 1 || chunk.text.len() <= CHUNK_BYTES
                        );
                    }
                }
            }
            proptest::prop_assert_eq!(kept.lines().collect::<Vec<_>>(), start);
        }
    }

    proptest::proptest! {
        /// Any run of splices leaves the same lines as on a plain list of lines, with
        /// every chunk within its bounds and the line count and offsets right.
        #[test]
        fn splices_keep_the_lines_of_a_plain_list(
            start in proptest::collection::vec("[a-z]{0,40}", 1..300),
            edits in proptest::collection::vec(
                (0usize..400, 0usize..80, proptest::collection::vec("[a-zé]{0,300}", 0..90)),
                1..12,
            ),
        ) {
            let mut notes = Notes::from_lines(&start);
            let mut model = start.clone();
            for (at, removed, lines) in edits {
                let at = at % (model.len() + 1);
                let removed = removed.min(model.len() - at);
                proptest::prop_assert!(notes.splice(at, removed, &lines));
                model.splice(at..at + removed, lines);
                if model.is_empty() {
                    model.push(String::new());
                }
                proptest::prop_assert_eq!(notes.lines().collect::<Vec<_>>(), model.clone());
                proptest::prop_assert_eq!(notes.line_count(), model.len());
                proptest::prop_assert_eq!(notes.text(), model.join("\n"));
                proptest::prop_assert_eq!(notes.text_len(), model.join("\n").len());
                let at = at.min(model.len() - 1);
                let offset = model[..at].iter().map(|l| l.len() + 1).sum::<usize>();
                proptest::prop_assert_eq!(notes.offset_of(at), offset);
                for chunk in &notes.chunks {
                    proptest::prop_assert!(chunk.len() <= CHUNK_LINES);
                    proptest::prop_assert!(chunk.len() == 1 || chunk.text.len() <= CHUNK_BYTES);
                }
                let back: Vec<&str> = notes.lines().rev().collect();
                proptest::prop_assert_eq!(back.len(), model.len());
                let (from, to) = (at / 2, (at + removed + 3).min(model.len()));
                let part: Vec<&str> = notes.lines_in(from..to).collect();
                let expected: Vec<&str> = model[from..to].iter().map(String::as_str).collect();
                proptest::prop_assert_eq!(part, expected);
                let nth = notes.lines().nth(at);
                proptest::prop_assert_eq!(nth, model.get(at).map(String::as_str));
                // After a jump, walking on goes on from there.
                let mut walk = notes.lines();
                walk.nth(from);
                proptest::prop_assert_eq!(walk.next(), model.get(from + 1).map(String::as_str));
            }
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
