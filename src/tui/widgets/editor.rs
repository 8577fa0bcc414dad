//! The notes editor: a multi-line, soft-wrapping text editor that stays fast at 100,000
//! lines. It is ours (not a library widget) because the library editors' cost grows with
//! the notes.
//!
//! - `buffer`: the lines, the cursor and the primitive edit, in grapheme clusters
//!   (`unicode-segmentation`): Backspace removes exactly one grapheme.
//! - `undo`: undo and redo; a run of typed characters, or of Backspaces, is one step.
//! - `wrapping`: where each line's screen rows start, at word boundaries and measured in
//!   display columns (`unicode-width`, the measure ratatui draws with). Each line's wrap
//!   is cached for one width; an edit forgets only the lines it touched, and only the
//!   lines that are drawn or walked over are ever wrapped.
//! - `render`: the view state ([`NotesView`]: size, scroll and cursor cell), updated by
//!   [`NotesEditor::fit`] before drawing, and the `StatefulWidget` that only reads it.
//!   The scroll is anchored on (logical line, wrapped row), so drawing, cursor moves and
//!   keeping the cursor visible cost O(visible rows), never O(buffer).
//!
//! The keys are in `keymap::NOTES`; they arrive here as [`EditorCommand`]s. A tab in
//! pasted or loaded text is kept and drawn as one blank cell. Other control characters
//! are never inserted, and any in loaded text are drawn as blanks.

mod buffer;
mod render;
mod undo;
mod wrapping;

use std::ops::Range;

use ratatui::style::Style;

pub use self::render::NotesView;
use self::undo::History;
use self::wrapping::Wrap;
use crate::core::notes::Notes;
use crate::tui::action::EditorCommand;

/// A place in the text: logical line and byte offset in it (always a grapheme boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Pos {
    row: usize,
    col: usize,
}

/// Where inserting `text` at `start` leaves the cursor.
fn end_of(start: Pos, text: &str) -> Pos {
    match text.rfind('\n') {
        Some(i) => Pos {
            row: start.row + text.matches('\n').count(),
            col: text.len() - i - 1,
        },
        None => Pos {
            row: start.row,
            col: start.col + text.len(),
        },
    }
}

/// A test on a line's text (which lines are drawn marked).
pub type LineTest = fn(&str) -> bool;

/// The notes editor. See the module documentation.
#[derive(Debug)]
pub struct NotesEditor {
    lines: Notes,
    cursor: Pos,
    /// Preferred display column for Up/Down, kept across rows of different lengths.
    goal: Option<usize>,
    /// Each line's wrap, cached for the width it was computed for; `None` until the
    /// line is first wrapped (a pointer a line, allocated zeroed: the memory of the
    /// lines never drawn or walked over is never touched).
    wraps: Vec<Option<Box<Wrap>>>,
    /// The width lines wrap at: the view's, or unbounded (0) before the first fit.
    width: u16,
    placeholder: String,
    history: History,
    changed: Option<Range<usize>>,
    /// Lines drawn in another style: a test on the line's text and the style.
    marked: Option<(LineTest, Style)>,
    /// The line changes not yet taken by [`NotesEditor::take_changes`].
    changes: Vec<LineChange>,
    /// The cursor was last put where it is by another seat's text arriving at it (see
    /// [`NotesEditor::apply_remote`]); any key of this editor's own clears it.
    carried: bool,
}

/// One change to the editor's lines: `removed` lines from `start` were replaced by
/// `inserted` lines (now at `start..start + inserted`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineChange {
    /// First line replaced.
    pub start: usize,
    /// Lines replaced.
    pub removed: usize,
    /// Lines now in their place.
    pub inserted: usize,
    /// For a change within line `start`: at byte `at`, `cut` bytes were replaced by the
    /// `len` bytes now at `at..at + len`, so that its cost can be the edit's, however
    /// long the line.
    pub within: Option<Within>,
}

/// Where a change within one line happened (see [`LineChange::within`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Within {
    /// Where in the line, in bytes.
    pub at: usize,
    /// How many bytes were replaced.
    pub cut: usize,
    /// How many bytes replaced them.
    pub len: usize,
}

impl Default for NotesEditor {
    fn default() -> Self {
        Self::new("")
    }
}

impl NotesEditor {
    /// An editor over `text` (lines split at `\n`; `\r\n` and `\r` count as `\n`) with the
    /// cursor at the end of the text.
    pub fn new(text: &str) -> Self {
        Self::from_notes(Notes::from(buffer::normalize_newlines(text).as_ref()))
    }

    /// An editor over `notes` (a `\r` in them counts as a line break, as in
    /// [`NotesEditor::new`]) with the cursor at the end of the text. The notes are
    /// shared with whoever else holds them (the meeting), not copied.
    pub fn from_notes(mut lines: Notes) -> Self {
        if lines
            .lines()
            .any(|l| memchr::memchr(b'\r', l.as_bytes()).is_some())
        {
            // Read as the text they make: a `\r` ending a line before another is the `\r`
            // of a `\r\n`, not a line break of its own.
            lines = Notes::from(buffer::normalize_newlines(&lines.text()).as_ref());
        }
        let last = lines.line_count() - 1;
        let cursor = Pos {
            row: last,
            col: lines[last].len(),
        };
        Self {
            wraps: vec![None; lines.line_count()],
            lines,
            cursor,
            goal: None,
            width: 0,
            placeholder: String::new(),
            history: History::default(),
            changed: None,
            marked: None,
            changes: Vec::new(),
            carried: false,
        }
    }

    /// The line changes since the last call, oldest first.
    pub fn take_changes(&mut self) -> Vec<LineChange> {
        std::mem::take(&mut self.changes)
    }

    /// The notes as the editor holds them (never empty: an empty text is one empty
    /// line); a clone shares their chunks.
    pub fn notes(&self) -> &Notes {
        &self.lines
    }

    /// The whole text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.text()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The cursor as (line, column), the column counted in `char`s from the line's start
    /// (the same unit the app uses everywhere for notes).
    pub fn cursor(&self) -> (usize, usize) {
        let line = &self.lines[self.cursor.row];
        (self.cursor.row, line[..self.cursor.col].chars().count())
    }

    /// The cursor's line and byte offset in it (no walk over the line, unlike
    /// [`NotesEditor::cursor`]).
    pub fn cursor_byte(&self) -> (usize, usize) {
        (self.cursor.row, self.cursor.col)
    }

    /// Moves the cursor to line `row`, `col` chars in, both clamped to the text; a column
    /// inside a grapheme cluster goes to the cluster's start.
    pub fn set_cursor(&mut self, row: usize, col: usize) {
        let row = row.min(self.lines.line_count() - 1);
        let line = &self.lines[row];
        let byte = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
        let col = buffer::grapheme_floor(line, byte);
        self.cursor = Pos { row, col };
        self.goal = None;
        self.carried = false;
        self.history.seal();
    }

    /// Text shown dim while the editor is empty.
    pub fn set_placeholder(&mut self, text: &str) {
        self.placeholder = text.to_owned();
    }

    /// The lines, in the current text, written by the last change (an undo included).
    pub fn changed_lines(&self) -> Option<Range<usize>> {
        self.changed.clone()
    }

    /// Applies one edit or move; returns whether the text changed. `view` is the view the
    /// notes are drawn in: moves go by its screen rows, and it keeps showing the same text
    /// when lines above it come or go.
    pub fn apply(&mut self, command: EditorCommand, view: &mut NotesView) -> bool {
        self.width = view.width;
        self.carried = false;
        let changed = match command {
            EditorCommand::Insert(c) => self.type_char(c, view),
            EditorCommand::Newline => self.insert_other("\n", view),
            EditorCommand::Backspace => self.backspace(view),
            EditorCommand::Delete => self.delete(view),
            EditorCommand::DeleteWordBack => self.delete_word_back(view),
            EditorCommand::Left => self.moved(Self::left),
            EditorCommand::Right => self.moved(Self::right),
            EditorCommand::WordLeft => self.moved(Self::word_left),
            EditorCommand::WordRight => self.moved(Self::word_right),
            EditorCommand::Up => self.vertical(-1),
            EditorCommand::Down => self.vertical(1),
            EditorCommand::PageUp => self.page(-1, view),
            EditorCommand::PageDown => self.page(1, view),
            EditorCommand::Top => self.moved(|e| e.cursor = Pos::default()),
            EditorCommand::Bottom => self.moved(|e| {
                let row = e.lines.line_count() - 1;
                e.cursor = Pos {
                    row,
                    col: e.lines[row].len(),
                };
            }),
            EditorCommand::RowStart => self.moved(Self::row_home),
            EditorCommand::RowEnd => self.moved(Self::row_end),
            EditorCommand::Undo => self.undo(view),
            EditorCommand::Redo => self.redo(view),
        };
        if changed {
            self.goal = None;
        }
        changed
    }

    /// Replaces line `row` with `text` (one line) as one undo step; returns whether the
    /// text changed. A cursor on that line keeps its distance from the line's end, so it
    /// stays on the same character when the start of the line changes.
    pub fn replace_line(&mut self, row: usize, text: &str, view: &mut NotesView) -> bool {
        let Some(line) = self.lines.get(row) else {
            return false;
        };
        let text = text.replace('\n', " ");
        if *line == text {
            return false;
        }
        self.width = view.width;
        self.carried = false;
        let old = self.cursor;
        let from_end = line.len().saturating_sub(old.col);
        let start = Pos { row, col: 0 };
        let end = Pos {
            row,
            col: line.len(),
        };
        self.edit(start, end, &text, undo::EditKind::Other, view);
        self.cursor = if old.row == row {
            let line = &self.lines[row];
            let col = buffer::grapheme_floor(line, line.len().saturating_sub(from_end));
            Pos { row, col }
        } else {
            old
        };
        self.goal = None;
        self.history.seal();
        true
    }

    /// Applies another seat's change: the text from `from` to `to` (each (line, byte
    /// column)) replaced by `text`. It is not a change of this editor (not reported by
    /// [`NotesEditor::take_changes`], not an undo step), and the cursor stays on the same
    /// character. Text put in right at the cursor goes after it when the cursor follows a
    /// character of its line (each person's run of typing stays together), and before it
    /// at the start of a line or while the other's text carries the cursor along (the
    /// next note follows theirs). When the change lands inside
    /// or before this editor's own undo steps, they are forgotten rather than undone in
    /// the wrong place. Returns whether the change fit the text.
    pub fn apply_remote(
        &mut self,
        from: (usize, usize),
        to: (usize, usize),
        text: &str,
        view: &mut NotesView,
    ) -> bool {
        let start = Pos {
            row: from.0,
            col: from.1,
        };
        let end = Pos {
            row: to.0,
            col: to.1,
        };
        let fits = |p: Pos| {
            self.lines
                .get(p.row)
                .is_some_and(|l| l.is_char_boundary(p.col))
        };
        if start > end || !fits(start) || !fits(end) {
            return false;
        }
        self.width = view.width;
        let cursor = self.cursor;
        self.replace(start, end, text, view);
        self.changes.pop();
        let after = end_of(start, text);
        // Text put in right at the cursor: a cursor after a character of its line keeps
        // to it (so a run of typing stays together, the other's text after it); a cursor
        // at the start of a line, or one the other's text carried along, moves past it
        // (so the next note follows theirs instead of being glued in front of it).
        let keeps = cursor.col > 0 && !self.carried;
        if cursor == start && start == end && !text.is_empty() && !keeps {
            self.carried = true;
        }
        self.cursor = if cursor < start || (cursor == start && keeps) {
            cursor
        } else if cursor >= end {
            if cursor.row == end.row {
                Pos {
                    row: after.row,
                    col: after.col + cursor.col - end.col,
                }
            } else {
                Pos {
                    row: cursor.row + after.row - end.row,
                    col: cursor.col,
                }
            }
        } else {
            start
        };
        if self.history.reaches(start) {
            self.history = History::default();
        }
        true
    }

    /// Whether `marked` holds for line `row`'s text: lines it holds for are drawn in
    /// the marked style (see [`NotesEditor::set_marked`]).
    fn is_marked(&self, row: usize) -> bool {
        self.marked
            .is_some_and(|(test, _)| self.lines.get(row).is_some_and(test))
    }

    /// Draws every line for which `test` holds in `style` (e.g. internal notes).
    pub fn set_marked(&mut self, test: LineTest, style: Style) {
        self.marked = Some((test, style));
    }

    /// Inserts `text` at the cursor, cleaned by `core::text::for_insert`: newlines split
    /// lines (`\r\n`, `\r`, U+2028 and U+2029 are newlines), tabs are kept and other
    /// control characters are dropped. Returns whether the text changed. One undo step.
    pub fn insert_str(&mut self, text: &str, view: &mut NotesView) -> bool {
        let clean = crate::core::text::for_insert(text);
        if clean.is_empty() {
            return false;
        }
        self.width = view.width;
        self.carried = false;
        self.edit(
            self.cursor,
            self.cursor,
            &clean,
            undo::EditKind::Other,
            view,
        );
        true
    }
}

#[cfg(test)]
mod tests;
