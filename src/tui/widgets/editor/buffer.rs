//! The text and the cursor: the primitive edit, the edits built on it, and the moves
//! within a line.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use super::undo::{Edit, EditKind};
use super::{NotesEditor, NotesView, Pos, end_of};
use crate::tui::text::is_word;

impl NotesEditor {
    pub(super) fn type_char(&mut self, c: char, view: &mut NotesView) -> bool {
        if c.is_control() {
            return false;
        }
        let mut buf = [0; 4];
        let text = c.encode_utf8(&mut buf);
        self.edit(self.cursor, self.cursor, text, EditKind::Insert, view);
        true
    }

    pub(super) fn insert_other(&mut self, text: &str, view: &mut NotesView) -> bool {
        self.edit(self.cursor, self.cursor, text, EditKind::Other, view);
        true
    }

    pub(super) fn backspace(&mut self, view: &mut NotesView) -> bool {
        let start = self.left_of(self.cursor);
        if start == self.cursor {
            return false;
        }
        self.edit(start, self.cursor, "", EditKind::DeleteBack, view);
        true
    }

    pub(super) fn delete(&mut self, view: &mut NotesView) -> bool {
        let end = self.right_of(self.cursor);
        if end == self.cursor {
            return false;
        }
        self.edit(self.cursor, end, "", EditKind::Other, view);
        true
    }

    pub(super) fn delete_word_back(&mut self, view: &mut NotesView) -> bool {
        let end = self.cursor;
        self.word_left();
        let start = self.cursor;
        self.cursor = end;
        if start == end {
            return false;
        }
        self.edit(start, end, "", EditKind::Other, view);
        true
    }

    /// Undoes the last step; returns whether there was one.
    pub(super) fn undo(&mut self, view: &mut NotesView) -> bool {
        let Some(edit) = self.history.undo() else {
            return false;
        };
        let end = end_of(edit.start, &edit.inserted);
        self.replace(edit.start, end, &edit.removed, view);
        self.cursor = edit.before;
        true
    }

    /// Redoes the last undone step; returns whether there was one.
    pub(super) fn redo(&mut self, view: &mut NotesView) -> bool {
        let Some(edit) = self.history.redo() else {
            return false;
        };
        let end = end_of(edit.start, &edit.removed);
        self.replace(edit.start, end, &edit.inserted, view);
        self.cursor = edit.after;
        true
    }

    /// Replaces `start..end` with `text`, records the undo step and leaves the cursor
    /// after the inserted text.
    pub(super) fn edit(
        &mut self,
        start: Pos,
        end: Pos,
        text: &str,
        kind: EditKind,
        view: &mut NotesView,
    ) {
        let before = self.cursor;
        let removed = self.replace(start, end, text, view);
        let after = end_of(start, text);
        self.cursor = after;
        self.history.record(
            Edit {
                start,
                removed,
                inserted: text.to_owned(),
                before,
                after,
                kind,
            },
            end,
        );
    }

    /// The primitive edit: replaces the text from `start` to `end` with `text` (which may
    /// hold newlines) and returns what was removed. Cost: the touched lines, plus moving
    /// the line vector when the number of lines changes.
    pub(super) fn replace(
        &mut self,
        start: Pos,
        end: Pos,
        text: &str,
        view: &mut NotesView,
    ) -> String {
        let mut removed = String::new();
        for row in start.row..=end.row {
            let line = &self.lines[row];
            let from = if row == start.row { start.col } else { 0 };
            let to = if row == end.row { end.col } else { line.len() };
            removed.push_str(&line[from..to]);
            if row != end.row {
                removed.push('\n');
            }
        }
        // Within one line: edited in place once the editor's copy of its chunk is its
        // own (the meeting keeps a copy of its own while typing goes on, see
        // `App::notes_changed`).
        if start.row == end.row
            && !text.contains('\n')
            && self
                .lines
                .replace_in_line(start.row, start.col..end.col, text)
        {
            // An edit within one line: rewrap from shortly before it (see `rewrap_after`).
            let line = &self.lines[start.row];
            if let Some(wrap) = self.wraps[start.row].as_mut() {
                **wrap = wrap.rewrap_after(line, start.col);
            }
            self.changed = Some(start.row..start.row + 1);
            self.changes.push(super::LineChange {
                start: start.row,
                removed: 1,
                inserted: 1,
                within: Some(super::Within {
                    at: start.col,
                    cut: end.col - start.col,
                    len: text.len(),
                }),
            });
            return removed;
        }
        // Lines may be shared with the meeting: the changed ones are made anew.
        let suffix = &self.lines[end.row][end.col..];
        let mut pieces = text.split('\n');
        let first = pieces.next().unwrap_or_default();
        let mut head = String::with_capacity(start.col + first.len() + suffix.len());
        head.push_str(&self.lines[start.row][..start.col]);
        head.push_str(first);
        let mut new_lines: Vec<String> = pieces.map(str::to_owned).collect();
        let new_count = new_lines.len();
        match new_lines.last_mut() {
            Some(last) => last.push_str(suffix),
            None => head.push_str(suffix),
        }
        let written = std::iter::once(head).chain(new_lines);
        self.lines
            .splice(start.row, end.row - start.row + 1, written);
        self.wraps.splice(
            start.row..=end.row,
            std::iter::repeat_n(None, new_count + 1),
        );
        // Keep the view on the same text when lines above it come or go.
        let (top_line, top_row) = view.top;
        if top_line > end.row {
            view.top = (
                (top_line + new_count + start.row).saturating_sub(end.row),
                top_row,
            );
        } else if top_line > start.row {
            view.top = (start.row, 0);
        }
        self.changed = Some(start.row..start.row + new_count + 1);
        self.changes.push(super::LineChange {
            start: start.row,
            removed: end.row - start.row + 1,
            inserted: new_count + 1,
            within: None,
        });
        removed
    }

    /// Runs a cursor move; it ends the undo step and forgets the preferred column.
    pub(super) fn moved(&mut self, motion: impl FnOnce(&mut Self)) -> bool {
        motion(self);
        self.goal = None;
        self.history.seal();
        false
    }

    pub(super) fn left_of(&self, p: Pos) -> Pos {
        if p.col > 0 {
            let line = &self.lines[p.row];
            let col = line[..p.col]
                .grapheme_indices(true)
                .next_back()
                .map_or(0, |(i, _)| i);
            Pos { row: p.row, col }
        } else if p.row > 0 {
            Pos {
                row: p.row - 1,
                col: self.lines[p.row - 1].len(),
            }
        } else {
            p
        }
    }

    pub(super) fn right_of(&self, p: Pos) -> Pos {
        let line = &self.lines[p.row];
        if p.col < line.len() {
            let len = line[p.col..].graphemes(true).next().map_or(0, str::len);
            Pos {
                row: p.row,
                col: p.col + len,
            }
        } else if p.row + 1 < self.lines.line_count() {
            Pos {
                row: p.row + 1,
                col: 0,
            }
        } else {
            p
        }
    }

    pub(super) fn left(&mut self) {
        self.cursor = self.left_of(self.cursor);
    }

    pub(super) fn right(&mut self) {
        self.cursor = self.right_of(self.cursor);
    }

    /// Back to the start of the word before the cursor (or the end of the previous line).
    pub(super) fn word_left(&mut self) {
        let p = self.cursor;
        if p.col == 0 {
            self.cursor = self.left_of(p);
            return;
        }
        let line = &self.lines[p.row];
        let mut col = p.col;
        let mut seen_word = false;
        for (i, g) in line[..p.col].grapheme_indices(true).rev() {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            col = i;
        }
        self.cursor.col = col;
    }

    /// On to the end of the word after the cursor (or the start of the next line).
    pub(super) fn word_right(&mut self) {
        let p = self.cursor;
        let line = &self.lines[p.row];
        if p.col == line.len() {
            self.cursor = self.right_of(p);
            return;
        }
        let mut col = p.col;
        let mut seen_word = false;
        for (i, g) in line[p.col..].grapheme_indices(true) {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            col = p.col + i + g.len();
        }
        self.cursor.col = col;
    }
}

pub(super) fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// The start of the grapheme cluster holding byte `byte` of `line`.
pub(super) fn grapheme_floor(line: &str, byte: usize) -> usize {
    let mut start = 0;
    for (i, _) in line.grapheme_indices(true) {
        if i > byte {
            break;
        }
        start = i;
    }
    if byte >= line.len() {
        line.len()
    } else {
        start
    }
}
