//! The notes editor: a multi-line, soft-wrapping text editor that stays fast at 100,000
//! lines.
//!
//! - Each line's wrap (where its screen rows start) is cached per line and keyed by the
//!   width it was computed for; an edit forgets only the lines it touched, a resize
//!   re-wraps lazily, and only the lines that are drawn or walked over are ever wrapped.
//! - The scroll position is anchored on (logical line, wrapped row), so drawing, cursor
//!   moves and keeping the cursor visible cost O(visible rows), never O(buffer). There is
//!   no whole-buffer screen map.
//! - Text is handled in grapheme clusters (`unicode-segmentation`) and measured in display
//!   columns (`unicode-width`, the measure ratatui draws with): Backspace removes exactly
//!   one grapheme, a wide (CJK, emoji) character is never split across rows and the cursor
//!   lands on its first cell.
//! - Lines wrap at word boundaries (after blanks; blanks that do not fit hang past the
//!   edge), and a word longer than the width is split between graphemes. A line that fills
//!   its last row exactly gets an empty row after it, so the cursor always has a cell.
//!
//! Keys: characters; Enter; Backspace and Delete (one grapheme, joining lines at the
//! ends); Left/Right (one grapheme); Up/Down (one wrapped row, keeping the preferred
//! column); Home/End (start and end of the wrapped row); PageUp/PageDown; Ctrl-Left/Right
//! and Alt-b/Alt-f (one word); Ctrl-W and Alt-Backspace (delete the word before the
//! cursor); Ctrl-U undo and Ctrl-Y redo (a run of typed characters, or of Backspaces, is
//! one step); Ctrl-Home/Ctrl-End (top and bottom of the notes). The Tab key inserts four
//! spaces (terminals and Markdown show tabs inconsistently); a tab in pasted or loaded text
//! is kept and drawn as one blank cell. Other control characters are never inserted, and
//! any in loaded text are drawn as blanks.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ops::Range;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

// Control characters (from a hand-edited session file) are drawn as spaces, so nothing
// reaches the terminal as a control sequence and the layout matches `grapheme_width`.
use super::view::printable;

/// What Tab inserts.
pub const TAB: &str = "    ";

/// How many undo steps are kept.
const UNDO_LIMIT: usize = 10_000;

/// A place in the text: logical line and byte offset in it (always a grapheme boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Pos {
    row: usize,
    col: usize,
}

/// A screen row of the text: logical line and wrapped row within it.
type VRow = (usize, usize);

/// Where one line's wrapped rows start, for one width.
#[derive(Debug, Clone, Default)]
struct Wrap {
    /// The width this was computed for; 0 when not computed.
    width: u16,
    /// Byte offsets where rows 1.. start (row 0 starts at 0). Empty for a one-row line.
    breaks: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Insert,
    DeleteBack,
    Other,
}

/// One undoable change: `removed` at `start` was replaced by `inserted`.
#[derive(Debug, Clone)]
struct Edit {
    start: Pos,
    removed: String,
    inserted: String,
    before: Pos,
    after: Pos,
    kind: EditKind,
}

/// The notes editor. See the module documentation.
#[derive(Debug)]
pub struct NotesEditor {
    lines: Vec<String>,
    cursor: Pos,
    /// Preferred display column for Up/Down, kept across rows of different lengths.
    goal: Option<usize>,
    wraps: RefCell<Vec<Wrap>>,
    /// First screen row drawn.
    top: Cell<VRow>,
    /// Text width and height of the last draw (0 before the first one).
    width: Cell<u16>,
    height: Cell<u16>,
    rendered: Cell<Option<Position>>,
    placeholder: String,
    undo: VecDeque<Edit>,
    redo: Vec<Edit>,
    /// Set by a cursor move: the next edit starts a new undo step.
    sealed: bool,
    changed: Option<Range<usize>>,
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
        let lines: Vec<String> = normalize_newlines(text)
            .split('\n')
            .map(str::to_owned)
            .collect();
        let last = lines.len() - 1;
        let cursor = Pos {
            row: last,
            col: lines[last].len(),
        };
        Self {
            wraps: RefCell::new(vec![Wrap::default(); lines.len()]),
            lines,
            cursor,
            goal: None,
            top: Cell::new((0, 0)),
            width: Cell::new(0),
            height: Cell::new(0),
            rendered: Cell::new(None),
            placeholder: String::new(),
            undo: VecDeque::new(),
            redo: Vec::new(),
            sealed: true,
            changed: None,
        }
    }

    /// The lines of the text (never empty: an empty text is one empty line).
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// The whole text, lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    /// The cursor as (line, column), the column counted in `char`s from the line's start
    /// (the same unit the app uses everywhere for notes).
    pub fn cursor(&self) -> (usize, usize) {
        let line = &self.lines[self.cursor.row];
        (self.cursor.row, line[..self.cursor.col].chars().count())
    }

    /// Moves the cursor to line `row`, `col` chars in, both clamped to the text; a column
    /// inside a grapheme cluster goes to the cluster's start.
    pub fn set_cursor(&mut self, row: usize, col: usize) {
        let row = row.min(self.lines.len() - 1);
        let line = &self.lines[row];
        let byte = line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
        let col = grapheme_floor(line, byte);
        self.cursor = Pos { row, col };
        self.goal = None;
        self.sealed = true;
    }

    /// Text shown dim while the editor is empty.
    pub fn set_placeholder(&mut self, text: &str) {
        self.placeholder = text.to_owned();
    }

    /// Where the cursor was drawn by the last render, if it was drawn.
    pub fn rendered_cursor_position(&self) -> Option<Position> {
        self.rendered.get()
    }

    /// The lines, in the current text, written by the last change (an undo included).
    pub fn changed_lines(&self) -> Option<Range<usize>> {
        self.changed.clone()
    }

    /// Inserts `text` at the cursor: newlines split lines (`\r\n` and `\r` are newlines),
    /// tabs are kept and other control characters are dropped. Returns whether the text
    /// changed. One undo step.
    pub fn insert_str(&mut self, text: impl AsRef<str>) -> bool {
        let clean = sanitize(text.as_ref());
        if clean.is_empty() {
            return false;
        }
        self.edit(self.cursor, self.cursor, &clean, EditKind::Other);
        true
    }

    /// Handles one key; returns whether the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let changed = match key.code {
            // Ctrl+Alt is AltGr on some terminals: it types a character.
            KeyCode::Char(c) if ctrl == alt => self.type_char(c),
            KeyCode::Char('u') if ctrl => self.undo(),
            KeyCode::Char('y') if ctrl => self.redo(),
            KeyCode::Char('w') if ctrl => self.delete_word_back(),
            KeyCode::Char('b') if alt => self.moved(Self::word_left),
            KeyCode::Char('f') if alt => self.moved(Self::word_right),
            KeyCode::Enter => self.insert_kind("\n", EditKind::Other),
            KeyCode::Tab if !ctrl && !alt => self.insert_kind(TAB, EditKind::Other),
            KeyCode::Backspace if alt || ctrl => self.delete_word_back(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left if ctrl || alt => self.moved(Self::word_left),
            KeyCode::Right if ctrl || alt => self.moved(Self::word_right),
            KeyCode::Left => self.moved(Self::left),
            KeyCode::Right => self.moved(Self::right),
            KeyCode::Up => self.vertical(-1),
            KeyCode::Down => self.vertical(1),
            KeyCode::PageUp => self.page(-1),
            KeyCode::PageDown => self.page(1),
            KeyCode::Home if ctrl => self.moved(|e| e.cursor = Pos::default()),
            KeyCode::End if ctrl => self.moved(|e| {
                let row = e.lines.len() - 1;
                e.cursor = Pos {
                    row,
                    col: e.lines[row].len(),
                };
            }),
            KeyCode::Home => self.moved(Self::row_home),
            KeyCode::End => self.moved(Self::row_end),
            _ => false,
        };
        if changed {
            self.goal = None;
        }
        changed
    }

    /// Undoes the last step; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(edit) = self.undo.pop_back() else {
            return false;
        };
        let end = end_of(edit.start, &edit.inserted);
        self.replace(edit.start, end, &edit.removed);
        self.cursor = edit.before;
        self.sealed = true;
        self.redo.push(edit);
        true
    }

    /// Redoes the last undone step; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(edit) = self.redo.pop() else {
            return false;
        };
        let end = end_of(edit.start, &edit.removed);
        self.replace(edit.start, end, &edit.inserted);
        self.cursor = edit.after;
        self.sealed = true;
        self.undo.push_back(edit);
        true
    }

    fn type_char(&mut self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        let mut buf = [0; 4];
        self.insert_kind(c.encode_utf8(&mut buf), EditKind::Insert)
    }

    fn insert_kind(&mut self, text: &str, kind: EditKind) -> bool {
        self.edit(self.cursor, self.cursor, text, kind);
        true
    }

    fn backspace(&mut self) -> bool {
        let start = self.left_of(self.cursor);
        if start == self.cursor {
            return false;
        }
        self.edit(start, self.cursor, "", EditKind::DeleteBack);
        true
    }

    fn delete(&mut self) -> bool {
        let end = self.right_of(self.cursor);
        if end == self.cursor {
            return false;
        }
        self.edit(self.cursor, end, "", EditKind::Other);
        true
    }

    fn delete_word_back(&mut self) -> bool {
        let end = self.cursor;
        self.word_left();
        let start = self.cursor;
        self.cursor = end;
        if start == end {
            return false;
        }
        self.edit(start, end, "", EditKind::Other);
        true
    }

    /// Replaces `start..end` with `text`, records the undo step (coalescing runs of typing
    /// or of Backspace) and leaves the cursor after the inserted text.
    fn edit(&mut self, start: Pos, end: Pos, text: &str, kind: EditKind) {
        let before = self.cursor;
        let removed = self.replace(start, end, text);
        let after = end_of(start, text);
        self.cursor = after;
        self.redo.clear();
        let last = if self.sealed {
            None
        } else {
            self.undo.back_mut()
        };
        match last {
            Some(last)
                if kind == EditKind::Insert
                    && last.kind == EditKind::Insert
                    && end_of(last.start, &last.inserted) == start =>
            {
                last.inserted.push_str(text);
                last.after = after;
            }
            Some(last)
                if kind == EditKind::DeleteBack
                    && last.kind == EditKind::DeleteBack
                    && last.start == end =>
            {
                last.start = start;
                last.removed.insert_str(0, &removed);
                last.after = after;
            }
            _ => {
                if self.undo.len() == UNDO_LIMIT {
                    self.undo.pop_front();
                }
                self.undo.push_back(Edit {
                    start,
                    removed,
                    inserted: text.to_owned(),
                    before,
                    after,
                    kind,
                });
            }
        }
        self.sealed = kind == EditKind::Other;
    }

    /// The primitive edit: replaces the text from `start` to `end` with `text` (which may
    /// hold newlines) and returns what was removed. Cost: the touched lines, plus moving
    /// the line vector when the number of lines changes.
    fn replace(&mut self, start: Pos, end: Pos, text: &str) -> String {
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
        let suffix = self.lines[end.row][end.col..].to_owned();
        let mut pieces = text.split('\n');
        let first = pieces.next().unwrap_or_default();
        let head = &mut self.lines[start.row];
        head.truncate(start.col);
        head.push_str(first);
        let mut new_lines: Vec<String> = pieces.map(str::to_owned).collect();
        let new_count = new_lines.len();
        match new_lines.last_mut() {
            Some(last) => last.push_str(&suffix),
            None => self.lines[start.row].push_str(&suffix),
        }
        self.lines
            .splice(start.row + 1..=end.row, new_lines)
            .for_each(drop);
        let mut wraps = self.wraps.borrow_mut();
        wraps.splice(
            start.row..=end.row,
            std::iter::repeat_with(Wrap::default).take(new_count + 1),
        );
        drop(wraps);
        // Keep the scroll anchor on the same text when lines above it come or go.
        let (top_line, top_row) = self.top.get();
        if top_line > end.row {
            self.top.set((
                (top_line + new_count + start.row).saturating_sub(end.row),
                top_row,
            ));
        } else if top_line > start.row {
            self.top.set((start.row, 0));
        }
        self.changed = Some(start.row..start.row + new_count + 1);
        removed
    }

    fn moved(&mut self, motion: impl FnOnce(&mut Self)) -> bool {
        motion(self);
        self.goal = None;
        self.sealed = true;
        false
    }

    fn left_of(&self, p: Pos) -> Pos {
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

    fn right_of(&self, p: Pos) -> Pos {
        let line = &self.lines[p.row];
        if p.col < line.len() {
            let len = line[p.col..].graphemes(true).next().map_or(0, str::len);
            Pos {
                row: p.row,
                col: p.col + len,
            }
        } else if p.row + 1 < self.lines.len() {
            Pos {
                row: p.row + 1,
                col: 0,
            }
        } else {
            p
        }
    }

    fn left(&mut self) {
        self.cursor = self.left_of(self.cursor);
    }

    fn right(&mut self) {
        self.cursor = self.right_of(self.cursor);
    }

    /// Back to the start of the word before the cursor (or the end of the previous line).
    fn word_left(&mut self) {
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
    fn word_right(&mut self) {
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

    // ---- wrapping and screen rows ----------------------------------------------------

    /// The wrap width: the last drawn width, or unbounded before the first draw.
    fn wrap_width(&self) -> u16 {
        match self.width.get() {
            0 => u16::MAX,
            w => w,
        }
    }

    /// Runs `f` on line `row`'s row breaks at the current width, wrapping it if needed.
    fn with_breaks<T>(&self, row: usize, f: impl FnOnce(&[usize]) -> T) -> T {
        let width = self.wrap_width();
        let mut wraps = self.wraps.borrow_mut();
        let wrap = &mut wraps[row];
        if wrap.width != width {
            wrap.breaks = wrap_line(&self.lines[row], usize::from(width));
            wrap.width = width;
        }
        f(&wrap.breaks)
    }

    fn rows_of(&self, row: usize) -> usize {
        self.with_breaks(row, |b| b.len() + 1)
    }

    /// Byte range of wrapped row `wrow` of line `row`.
    fn row_range(&self, row: usize, wrow: usize) -> Range<usize> {
        let len = self.lines[row].len();
        self.with_breaks(row, |b| {
            let start = if wrow == 0 { 0 } else { b[wrow - 1] };
            start..b.get(wrow).copied().unwrap_or(len)
        })
    }

    /// The screen row holding `p`.
    fn vrow_of(&self, p: Pos) -> VRow {
        (
            p.row,
            self.with_breaks(p.row, |b| b.partition_point(|&s| s <= p.col)),
        )
    }

    fn next_vrow(&self, (row, wrow): VRow) -> Option<VRow> {
        if wrow + 1 < self.rows_of(row) {
            Some((row, wrow + 1))
        } else if row + 1 < self.lines.len() {
            Some((row + 1, 0))
        } else {
            None
        }
    }

    fn prev_vrow(&self, (row, wrow): VRow) -> Option<VRow> {
        if wrow > 0 {
            Some((row, wrow - 1))
        } else if row > 0 {
            Some((row - 1, self.rows_of(row - 1) - 1))
        } else {
            None
        }
    }

    /// Moves `from` by `n` screen rows (negative: up), stopping at either end.
    fn walk(&self, mut from: VRow, n: isize) -> VRow {
        for _ in 0..n.unsigned_abs() {
            let next = if n < 0 {
                self.prev_vrow(from)
            } else {
                self.next_vrow(from)
            };
            match next {
                Some(v) => from = v,
                None => break,
            }
        }
        from
    }

    /// Display column of `p` within its screen row.
    fn x_of(&self, p: Pos) -> usize {
        let (row, wrow) = self.vrow_of(p);
        let start = self.row_range(row, wrow).start;
        display_width(&self.lines[row][start..p.col])
    }

    /// The position in screen row `v` nearest display column `x`, never inside a wide
    /// character and never past the row (a row that is not the line's last ends before
    /// its last grapheme, which belongs to it).
    fn pos_at(&self, (row, wrow): VRow, x: usize) -> Pos {
        let range = self.row_range(row, wrow);
        let last = wrow + 1 == self.rows_of(row);
        let line = &self.lines[row];
        let mut col = range.start;
        let mut at = 0;
        for (i, g) in line[range.clone()].grapheme_indices(true) {
            let w = grapheme_width(g);
            if at + w > x {
                return Pos {
                    row,
                    col: range.start + i,
                };
            }
            at += w;
            col = range.start + i + g.len();
            if !last && col == range.end {
                col = range.start + i;
            }
        }
        Pos { row, col }
    }

    fn vertical(&mut self, dir: isize) -> bool {
        let goal = self.goal.unwrap_or_else(|| self.x_of(self.cursor));
        let from = self.vrow_of(self.cursor);
        let to = self.walk(from, dir);
        if to == from {
            // Up on the first row goes to the start, Down on the last to the end.
            self.cursor = if dir < 0 {
                Pos::default()
            } else {
                let row = self.lines.len() - 1;
                Pos {
                    row,
                    col: self.lines[row].len(),
                }
            };
        } else {
            self.cursor = self.pos_at(to, goal);
        }
        self.goal = Some(goal);
        self.sealed = true;
        false
    }

    fn page(&mut self, dir: isize) -> bool {
        let rows = isize::try_from(self.height.get().saturating_sub(1).max(1)).unwrap_or(1);
        let goal = self.goal.unwrap_or_else(|| self.x_of(self.cursor));
        let from = self.vrow_of(self.cursor);
        let to = self.walk(from, dir * rows);
        self.cursor = self.pos_at(to, goal);
        self.top.set(self.walk(self.top.get(), dir * rows));
        self.goal = Some(goal);
        self.sealed = true;
        false
    }

    fn row_home(&mut self) {
        let (row, wrow) = self.vrow_of(self.cursor);
        self.cursor.col = self.row_range(row, wrow).start;
    }

    /// The end of the wrapped row; on a line's last text row, the end of the line (even
    /// when that is the empty row after a full one).
    fn row_end(&mut self) {
        let (row, wrow) = self.vrow_of(self.cursor);
        self.cursor = if self.row_range(row, wrow).end == self.lines[row].len() {
            Pos {
                row,
                col: self.lines[row].len(),
            }
        } else {
            self.pos_at((row, wrow), usize::MAX)
        };
    }

    /// Moves the scroll anchor so the cursor's row is among the `height` rows drawn.
    /// Walks at most `height` rows.
    fn scroll_to_cursor(&self, height: usize) -> VRow {
        let cursor = self.vrow_of(self.cursor);
        let (line, wrow) = self.top.get();
        let line = line.min(self.lines.len() - 1);
        let mut top = (line, wrow.min(self.rows_of(line) - 1));
        if cursor < top {
            top = cursor;
        } else {
            let mut v = top;
            let mut n = 1;
            while v < cursor && n < height {
                match self.next_vrow(v) {
                    Some(next) => v = next,
                    None => break,
                }
                n += 1;
            }
            if v < cursor {
                top = self.walk(cursor, 1 - height as isize);
            }
        }
        self.top.set(top);
        top
    }
}

impl Widget for &NotesEditor {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        self.rendered.set(None);
        if area.width == 0 || area.height == 0 {
            return;
        }
        if self.width.get() != area.width {
            self.width.set(area.width);
        }
        self.height.set(area.height);
        let width = usize::from(area.width);
        if self.is_empty() && !self.placeholder.is_empty() {
            let style = Style::default().add_modifier(Modifier::DIM);
            let text = printable(&self.placeholder);
            for (y, range) in (area.y..area.bottom()).zip(wrap_ranges(&text, width)) {
                buf.set_stringn(area.x, y, &text[range], width, style);
            }
            self.top.set((0, 0));
            self.rendered.set(Some(Position::new(area.x, area.y)));
            return;
        }
        let top = self.scroll_to_cursor(usize::from(area.height));
        let cursor = self.vrow_of(self.cursor);
        let mut v = Some(top);
        for y in area.y..area.bottom() {
            let Some((row, wrow)) = v else { break };
            let range = self.row_range(row, wrow);
            let text = &self.lines[row][range.clone()];
            let clean = printable(text);
            buf.set_stringn(area.x, y, &clean, width, Style::default());
            if (row, wrow) == cursor {
                let x = display_width(&self.lines[row][range.start..self.cursor.col]);
                let x = u16::try_from(x.min(width - 1)).unwrap_or(0);
                self.rendered.set(Some(Position::new(area.x + x, y)));
            }
            v = self.next_vrow((row, wrow));
        }
    }
}

// ---- text helpers ---------------------------------------------------------------------

fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

/// Text as it may be inserted: newlines normalized, no control characters but `\n` and
/// `\t`.
fn sanitize(text: &str) -> String {
    let text = normalize_newlines(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Display width of one grapheme cluster, as ratatui draws it; a control character
/// takes one cell (it is drawn as a space).
fn grapheme_width(g: &str) -> usize {
    if g.starts_with(char::is_control) {
        1
    } else {
        g.width()
    }
}

fn display_width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

fn is_blank(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

fn is_word(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The start of the grapheme cluster holding byte `byte` of `line`.
fn grapheme_floor(line: &str, byte: usize) -> usize {
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

/// Where the rows of `line` wrapped at `width` columns start, after the first: at word
/// boundaries (blanks that do not fit hang past the edge), a word wider than the row is
/// split between graphemes, a wide character is never split. A line whose last row is
/// full gets an empty row after it for the cursor.
fn wrap_line(line: &str, width: usize) -> Vec<usize> {
    let mut breaks = Vec::new();
    if width == 0 || (line.len() < width && line.is_ascii()) {
        // Short ASCII lines (the common case) fit without measuring.
        return breaks;
    }
    let mut row_start = 0;
    let mut row_width = 0;
    // Start of the next row if we break at the last blank, and the row's width there.
    let mut blank_break: Option<(usize, usize)> = None;
    for (i, g) in line.grapheme_indices(true) {
        let w = grapheme_width(g);
        if is_blank(g) {
            row_width += w;
            blank_break = Some((i + g.len(), row_width));
            continue;
        }
        if row_width + w > width && row_width > 0 {
            match blank_break {
                Some((at, at_width)) if at > row_start => {
                    breaks.push(at);
                    row_start = at;
                    row_width -= at_width;
                    if row_width + w > width && row_width > 0 {
                        breaks.push(i);
                        row_start = i;
                        row_width = 0;
                    }
                }
                _ => {
                    breaks.push(i);
                    row_start = i;
                    row_width = 0;
                }
            }
            blank_break = None;
        }
        row_width += w;
    }
    if row_width >= width {
        breaks.push(line.len());
    }
    breaks
}

/// The byte ranges of `text`'s rows wrapped at `width`.
fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let breaks = wrap_line(text, width);
    let mut starts = vec![0];
    starts.extend(&breaks);
    let mut ends = breaks;
    ends.push(text.len());
    starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::CONTROL)
    }

    fn alt(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::ALT)
    }

    fn typed(e: &mut NotesEditor, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                e.input(key(KeyCode::Enter));
            } else {
                e.input(key(KeyCode::Char(c)));
            }
        }
    }

    /// Draws `e` into a `width` x `height` buffer; returns the rows as strings.
    fn draw(e: &NotesEditor, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        e.render(area, &mut buf);
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect()
    }

    fn rows(text: &str, width: usize) -> Vec<&str> {
        wrap_ranges(text, width)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn typing_builds_lines_and_reports_changes() {
        let mut e = NotesEditor::new("");
        assert!(e.is_empty());
        assert!(e.input(key(KeyCode::Char('H'))));
        typed(&mut e, "i there\nsecond");
        assert_eq!(e.lines(), ["Hi there", "second"]);
        assert_eq!(e.text(), "Hi there\nsecond");
        assert_eq!(e.cursor(), (1, 6));
        assert_eq!(e.changed_lines().map(|r| r.end - 1), Some(1));
        assert!(!e.input(key(KeyCode::Left)));
        assert!(
            !e.input(ctrl(KeyCode::Char('a'))),
            "control keys insert nothing"
        );
        assert!(!e.input(key(KeyCode::Char('\u{7}'))));
        assert_eq!(e.text(), "Hi there\nsecond");
    }

    #[test]
    fn new_puts_the_cursor_at_the_end_and_normalizes_newlines() {
        let e = NotesEditor::new("one\r\ntwo\rthree");
        assert_eq!(e.lines(), ["one", "two", "three"]);
        assert_eq!(e.cursor(), (2, 5));
    }

    #[test]
    fn words_wrap_at_blanks_and_long_words_split() {
        assert_eq!(rows("hello world", 5), ["hello ", "world", ""]);
        assert_eq!(rows("hello world", 8), ["hello ", "world"]);
        assert_eq!(
            rows("aaa bbbbbbbbbbbb", 5),
            ["aaa ", "bbbbb", "bbbbb", "bb"]
        );
        assert_eq!(rows("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(rows("a  b", 2), ["a  ", "b"]);
        assert_eq!(rows("short", 80), ["short"]);
        assert_eq!(rows("", 5), [""]);
    }

    #[test]
    fn wide_characters_are_never_split_across_rows() {
        // Five CJK characters, two columns each, in rows of five columns.
        assert_eq!(rows("東京大阪京", 5), ["東京", "大阪", "京"]);
        assert_eq!(rows("a東京", 4), ["a東", "京"]);
        let mut e = NotesEditor::new("a東京");
        let screen = draw(&e, 4, 3);
        assert_eq!(screen[0], "a東");
        assert_eq!(screen[1], "京");
        // At the end, after a wide character.
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(2, 1)));
        e.input(key(KeyCode::Left));
        draw(&e, 4, 3);
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 1)));
        e.input(key(KeyCode::Left));
        draw(&e, 4, 3);
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(1, 0)));
        assert_eq!(e.cursor(), (0, 1));
    }

    #[test]
    fn backspace_removes_exactly_one_grapheme() {
        for (text, left) in [
            ("cafe\u{301}", "caf"),
            ("ok 👍🏽", "ok "),
            ("family 👩‍👩‍👧", "family "),
            ("flag 🇩🇪", "flag "),
            ("東京", "東"),
            ("a\r\n", "a"),
        ] {
            let mut e = NotesEditor::new(text);
            assert!(e.input(key(KeyCode::Backspace)), "{text}");
            assert_eq!(e.text(), left, "{text:?}");
        }
        let mut e = NotesEditor::new("x");
        e.set_cursor(0, 0);
        assert!(!e.input(key(KeyCode::Backspace)));
    }

    #[test]
    fn backspace_and_delete_join_lines() {
        let mut e = NotesEditor::new("one\ntwo");
        e.set_cursor(1, 0);
        e.input(key(KeyCode::Backspace));
        assert_eq!(e.lines(), ["onetwo"]);
        assert_eq!(e.cursor(), (0, 3));
        e.input(key(KeyCode::Enter));
        assert_eq!(e.lines(), ["one", "two"]);
        e.set_cursor(0, 3);
        e.input(key(KeyCode::Delete));
        assert_eq!(e.lines(), ["onetwo"]);
        e.set_cursor(0, 1);
        e.input(key(KeyCode::Delete));
        assert_eq!(e.lines(), ["oetwo"]);
    }

    #[test]
    fn left_and_right_move_by_grapheme_across_lines() {
        let mut e = NotesEditor::new("e\u{301}\nx");
        e.set_cursor(0, 0);
        e.input(key(KeyCode::Right));
        assert_eq!(e.cursor(), (0, 2), "over the whole cluster");
        e.input(key(KeyCode::Right));
        assert_eq!(e.cursor(), (1, 0));
        e.input(key(KeyCode::Left));
        assert_eq!(e.cursor(), (0, 2));
        e.set_cursor(0, 1);
        assert_eq!(e.cursor(), (0, 0), "inside a cluster goes to its start");
    }

    #[test]
    fn words_move_and_delete() {
        let mut e = NotesEditor::new("one two, three");
        e.input(ctrl(KeyCode::Left));
        assert_eq!(e.cursor(), (0, 9));
        e.input(alt(KeyCode::Char('b')));
        assert_eq!(e.cursor(), (0, 4));
        e.input(alt(KeyCode::Char('f')));
        assert_eq!(e.cursor(), (0, 7));
        e.input(ctrl(KeyCode::Right));
        assert_eq!(e.cursor(), (0, 14));
        assert!(e.input(ctrl(KeyCode::Char('w'))));
        assert_eq!(e.text(), "one two, ");
        assert!(e.input(alt(KeyCode::Backspace)));
        assert_eq!(e.text(), "one ");
    }

    #[test]
    fn up_and_down_move_by_wrapped_row_keeping_the_column() {
        let mut e = NotesEditor::new("abcdefghij\nxy\n0123456789");
        draw(&e, 5, 10);
        // Rows: abcde | fghij | (empty) | xy | 01234 | 56789 | (empty)
        e.set_cursor(0, 3);
        e.input(key(KeyCode::Down));
        assert_eq!(e.cursor(), (0, 8));
        e.input(key(KeyCode::Down));
        assert_eq!(e.cursor(), (0, 10), "the empty row after a full one");
        e.input(key(KeyCode::Down));
        assert_eq!(e.cursor(), (1, 2), "clamped to the short line");
        e.input(key(KeyCode::Down));
        assert_eq!(e.cursor(), (2, 3), "the preferred column comes back");
        e.input(key(KeyCode::Up));
        e.input(key(KeyCode::Up));
        e.input(key(KeyCode::Up));
        assert_eq!(e.cursor(), (0, 8));
        e.input(key(KeyCode::Home));
        assert_eq!(e.cursor(), (0, 5));
        e.input(key(KeyCode::End));
        assert_eq!(e.cursor(), (0, 10));
        e.set_cursor(0, 1);
        e.input(key(KeyCode::End));
        assert_eq!(
            e.cursor(),
            (0, 4),
            "the end of a row that is not the line's last"
        );
        e.input(ctrl(KeyCode::End));
        assert_eq!(e.cursor(), (2, 10));
        e.input(ctrl(KeyCode::Home));
        assert_eq!(e.cursor(), (0, 0));
    }

    #[test]
    fn undo_and_redo_treat_a_typed_run_as_one_step() {
        let mut e = NotesEditor::new("start");
        typed(&mut e, " more");
        e.input(key(KeyCode::Enter));
        typed(&mut e, "next");
        e.input(key(KeyCode::Backspace));
        e.input(key(KeyCode::Backspace));
        assert_eq!(e.text(), "start more\nne");
        assert!(e.input(ctrl(KeyCode::Char('u'))));
        assert_eq!(e.text(), "start more\nnext");
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.text(), "start more\n");
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.text(), "start more");
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.text(), "start");
        assert_eq!(e.cursor(), (0, 5));
        assert!(!e.input(ctrl(KeyCode::Char('u'))));
        assert!(e.input(ctrl(KeyCode::Char('y'))));
        assert!(e.input(ctrl(KeyCode::Char('y'))));
        assert_eq!(e.text(), "start more\n");
        assert_eq!(e.cursor(), (1, 0));
        typed(&mut e, "x");
        assert!(
            !e.input(ctrl(KeyCode::Char('y'))),
            "a new edit drops the redo"
        );
    }

    #[test]
    fn moving_the_cursor_ends_a_typed_run() {
        let mut e = NotesEditor::new("");
        typed(&mut e, "ab");
        e.input(key(KeyCode::Left));
        typed(&mut e, "X");
        assert_eq!(e.text(), "aXb");
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.text(), "ab");
    }

    #[test]
    fn paste_splits_lines_and_drops_control_characters() {
        let mut e = NotesEditor::new("head");
        assert!(e.insert_str(" one\r\ntwo\rthree\tend\u{1b}[31m\u{7}"));
        assert_eq!(e.lines(), ["head one", "two", "three\tend[31m"]);
        assert_eq!(e.cursor(), (2, 13));
        assert_eq!(e.changed_lines(), Some(0..3));
        assert!(!e.insert_str("\u{1b}"));
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.text(), "head");
        e.set_cursor(0, 2);
        e.insert_str(String::from("A\nB"));
        assert_eq!(e.lines(), ["heA", "Bad"]);
        assert_eq!(e.cursor(), (1, 1));
    }

    #[test]
    fn tab_inserts_four_spaces() {
        let mut e = NotesEditor::new("");
        e.input(key(KeyCode::Tab));
        assert_eq!(e.text(), "    ");
    }

    #[test]
    fn a_resize_rewraps_and_keeps_the_cursor_on_screen() {
        let mut e = NotesEditor::new("the quick brown fox jumps over the lazy dog");
        let wide = draw(&e, 50, 2);
        assert_eq!(wide[0], "the quick brown fox jumps over the lazy dog");
        let narrow = draw(&e, 10, 3);
        assert_eq!(narrow, ["jumps over", "the lazy", "dog"]);
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(3, 2)));
        e.input(ctrl(KeyCode::Home));
        assert_eq!(draw(&e, 10, 3), ["the quick", "brown fox", "jumps over"]);
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 0)));
        assert_eq!(draw(&e, 50, 3)[0], wide[0]);
    }

    #[test]
    fn scrolling_keeps_the_cursor_visible() {
        let text: Vec<String> = (0..1000).map(|i| format!("line {i}")).collect();
        let mut e = NotesEditor::new(&text.join("\n"));
        let screen = draw(&e, 20, 5);
        assert_eq!(screen[4], "line 999");
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(8, 4)));
        for _ in 0..6 {
            e.input(key(KeyCode::Up));
        }
        let screen = draw(&e, 20, 5);
        assert_eq!(screen[0], "line 993");
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(8, 0)));
        e.input(key(KeyCode::PageUp));
        let screen = draw(&e, 20, 5);
        assert_eq!(e.cursor().0, 989);
        assert!(screen.contains(&"line 989".to_owned()));
        e.input(ctrl(KeyCode::Home));
        assert_eq!(draw(&e, 20, 5)[0], "line 0");
        e.input(key(KeyCode::PageDown));
        e.input(key(KeyCode::PageDown));
        draw(&e, 20, 5);
        assert_eq!(e.cursor().0, 8);
        let pos = e.rendered_cursor_position().map(|p| p.y);
        assert!(pos.is_some());
        e.input(ctrl(KeyCode::End));
        assert_eq!(draw(&e, 20, 5)[4], "line 999");
    }

    #[test]
    fn edits_keep_the_view_still_and_undo_brings_it_back() {
        let text: Vec<String> = (0..50).map(|i| format!("l{i}")).collect();
        let mut e = NotesEditor::new(&text.join("\n"));
        draw(&e, 10, 5);
        e.set_cursor(47, 0);
        e.input(key(KeyCode::Enter));
        assert_eq!(draw(&e, 10, 5), ["l45", "l46", "", "l47", "l48"]);
        e.input(ctrl(KeyCode::Home));
        typed(&mut e, "top ");
        assert_eq!(draw(&e, 10, 2), ["top l0", "l1"]);
        e.input(ctrl(KeyCode::End));
        assert_eq!(draw(&e, 10, 2), ["l48", "l49"]);
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(draw(&e, 10, 2), ["l0", "l1"]);
        assert_eq!(e.cursor(), (0, 0));
        e.input(ctrl(KeyCode::Char('u')));
        assert_eq!(e.lines().len(), 50);
        assert_eq!(draw(&e, 10, 2), ["l46", "l47"]);
    }

    #[test]
    fn tiny_areas_draw_without_panicking() {
        let mut e = NotesEditor::new("東京 hello\nworld 👩‍👩‍👧");
        for (w, h) in [(0, 0), (1, 1), (2, 2), (0, 3), (3, 0), (1, 5)] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            (&e).render(area, &mut buf);
            if w == 0 || h == 0 {
                assert_eq!(e.rendered_cursor_position(), None);
            } else {
                let p = e.rendered_cursor_position().expect("drawn");
                assert!(p.x < w && p.y < h, "{w}x{h}: {p:?}");
            }
            e.input(key(KeyCode::Up));
        }
    }

    #[test]
    fn the_placeholder_shows_only_when_empty() {
        let mut e = NotesEditor::new("");
        e.set_placeholder("Type notes here");
        assert_eq!(draw(&e, 20, 2)[0], "Type notes here");
        let area = Rect::new(0, 0, 20, 1);
        let mut buf = Buffer::empty(area);
        (&e).render(area, &mut buf);
        assert!(buf[(0, 0)].modifier.contains(Modifier::DIM));
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 0)));
        typed(&mut e, "x");
        assert_eq!(draw(&e, 20, 2)[0], "x");
    }

    #[test]
    fn control_characters_in_loaded_text_are_drawn_as_spaces() {
        let e = NotesEditor::new("a\tb\u{1b}c");
        assert_eq!(draw(&e, 10, 1)[0], "a b c");
        assert_eq!(e.rendered_cursor_position(), Some(Position::new(5, 0)));
    }

    #[test]
    fn only_edited_lines_are_rewrapped() {
        let text: Vec<String> = (0..100).map(|i| format!("line {i} with words")).collect();
        let mut e = NotesEditor::new(&text.join("\n"));
        draw(&e, 8, 4);
        let wrapped = |e: &NotesEditor| e.wraps.borrow().iter().filter(|w| w.width != 0).count();
        assert!(
            wrapped(&e) <= 4,
            "only the lines on screen: {}",
            wrapped(&e)
        );
        typed(&mut e, "!");
        draw(&e, 8, 4);
        assert!(wrapped(&e) <= 4);
    }
}
