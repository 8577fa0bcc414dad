//! Undo and redo: each step records what was replaced where, so it can be put back.
//! A run of typed characters, or of Backspaces, is one step.

use std::collections::VecDeque;

use super::Pos;

/// How many undo steps are kept.
const UNDO_LIMIT: usize = 10_000;

/// What kind of edit a step was: runs of the first two kinds coalesce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EditKind {
    Insert,
    DeleteBack,
    Other,
}

/// One undoable change: `removed` at `start` was replaced by `inserted`.
#[derive(Debug, Clone)]
pub(super) struct Edit {
    pub start: Pos,
    pub removed: String,
    pub inserted: String,
    pub before: Pos,
    pub after: Pos,
    pub kind: EditKind,
}

/// The undo and redo stacks.
#[derive(Debug, Default)]
pub(super) struct History {
    undo: VecDeque<Edit>,
    redo: Vec<Edit>,
    /// Set by a cursor move: the next edit starts a new undo step.
    open: bool,
}

impl History {
    /// Ends the current step: the next edit starts a new one.
    pub fn seal(&mut self) {
        self.open = false;
    }

    /// Records an edit, joining it to the last step when both are part of one run of
    /// typing (or of Backspace) at the same place.
    pub fn record(&mut self, edit: Edit, end: Pos) {
        self.redo.clear();
        let kind = edit.kind;
        let last = if self.open {
            self.undo.back_mut()
        } else {
            None
        };
        match last {
            Some(last)
                if kind == EditKind::Insert
                    && last.kind == EditKind::Insert
                    && super::end_of(last.start, &last.inserted) == edit.start =>
            {
                last.inserted.push_str(&edit.inserted);
                last.after = edit.after;
            }
            Some(last)
                if kind == EditKind::DeleteBack
                    && last.kind == EditKind::DeleteBack
                    && last.start == end =>
            {
                last.start = edit.start;
                last.removed.insert_str(0, &edit.removed);
                last.after = edit.after;
            }
            _ => {
                if self.undo.len() == UNDO_LIMIT {
                    self.undo.pop_front();
                }
                self.undo.push_back(edit);
            }
        }
        self.open = kind != EditKind::Other;
    }

    /// Whether any step reaches past `p`: a change there by someone else would leave
    /// the step pointing at the wrong text.
    pub fn reaches(&self, p: Pos) -> bool {
        self.undo.iter().chain(&self.redo).any(|e| {
            e.before > p
                || e.after > p
                || super::end_of(e.start, &e.inserted) > p
                || super::end_of(e.start, &e.removed) > p
        })
    }

    /// The step to undo, if any; it moves to the redo stack.
    pub fn undo(&mut self) -> Option<Edit> {
        let edit = self.undo.pop_back()?;
        self.redo.push(edit.clone());
        self.open = false;
        Some(edit)
    }

    /// The step to redo, if any; it moves back to the undo stack.
    pub fn redo(&mut self) -> Option<Edit> {
        let edit = self.redo.pop()?;
        self.undo.push_back(edit.clone());
        self.open = false;
        Some(edit)
    }
}
