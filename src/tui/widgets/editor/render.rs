//! The view of the notes: [`NotesView`] holds what drawing needs to know (the size, the
//! first row shown and where the cursor is), [`NotesEditor::fit`] updates it before a
//! frame, and the `StatefulWidget` draws from it without changing anything.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::StatefulWidget;
use unicode_segmentation::UnicodeSegmentation;

use super::NotesEditor;
use super::wrapping::{VRow, wrap_ranges};
use crate::core::text::for_screen;
use crate::tui::text::display_width;

/// How the notes are shown: the size of the text area, the first screen row drawn and
/// the cursor's cell. Changed by [`NotesEditor::fit`] (before drawing) and by edits that
/// scroll (PageUp/PageDown, lines coming or going above the view); drawing only reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotesView {
    /// Columns of text (0 before the first fit).
    pub(super) width: u16,
    /// Rows of text (0 before the first fit).
    pub(super) height: u16,
    /// First screen row drawn.
    pub(super) top: VRow,
    /// The cursor's cell, relative to the text area, when it is on screen.
    cursor: Option<Position>,
}

impl NotesView {
    /// A view of `width` x `height` cells showing the top of the text.
    pub fn sized(width: u16, height: u16) -> Self {
        Self {
            width,
            height,
            ..Self::default()
        }
    }

    /// The same size, scrolled to the top: for another text.
    pub fn reset(self) -> Self {
        Self::sized(self.width, self.height)
    }

    /// Where the cursor is drawn when the text area is `area`.
    pub fn cursor_in(&self, area: Rect) -> Option<Position> {
        let c = self.cursor?;
        let p = Position::new(area.x.saturating_add(c.x), area.y.saturating_add(c.y));
        area.contains(p).then_some(p)
    }
}

impl NotesEditor {
    /// Fits `view` to a text area of `width` x `height` cells: re-wraps for a new width,
    /// scrolls so the cursor's row is on screen and places the cursor. Walks at most
    /// `height` rows.
    pub fn fit(&mut self, view: &mut NotesView, width: u16, height: u16) {
        view.cursor = None;
        if width == 0 || height == 0 {
            return;
        }
        view.width = width;
        view.height = height;
        self.width = width;
        if self.is_empty() && !self.placeholder.is_empty() {
            view.top = (0, 0);
            view.cursor = Some(Position::new(0, 0));
            return;
        }
        let height = usize::from(height);
        let top = self.scroll_to_cursor(view.top, height);
        view.top = top;
        let cursor = self.vrow_of(self.cursor);
        let mut v = top;
        let mut y = 0;
        while v != cursor && y < height {
            match self.next_vrow(v) {
                Some(next) => v = next,
                None => break,
            }
            y += 1;
        }
        if v == cursor && y < height {
            let start = self.row_range(cursor.0, cursor.1).start;
            let x = display_width(&self.lines[cursor.0][start..self.cursor.col]);
            let x = x.min(usize::from(width) - 1);
            view.cursor = Some(Position::new(
                u16::try_from(x).unwrap_or(0),
                u16::try_from(y).unwrap_or(0),
            ));
        }
    }

    /// The first row to draw so the cursor's row is among the `height` rows drawn,
    /// starting from `top`. Walks at most `height` rows.
    fn scroll_to_cursor(&mut self, top: VRow, height: usize) -> VRow {
        let cursor = self.vrow_of(self.cursor);
        let (line, wrow) = top;
        let line = line.min(self.lines.line_count() - 1);
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
        top
    }
}

impl StatefulWidget for &NotesEditor {
    type State = NotesView;

    /// Draws the rows `view` says are on screen. Changes nothing: a view that was not
    /// fitted to this area still draws (lines are wrapped for the area on the fly).
    fn render(self, area: Rect, buf: &mut Buffer, view: &mut NotesView) {
        let area = area.intersection(buf.area);
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        if self.is_empty() && !self.placeholder.is_empty() {
            let style = Style::default().add_modifier(Modifier::DIM);
            let text = for_screen(&self.placeholder);
            for (y, range) in (area.y..area.bottom()).zip(wrap_ranges(&text, width)) {
                buf.set_stringn(area.x, y, &text[range], width, style);
            }
            return;
        }
        let row = view.top.0.min(self.lines.line_count() - 1);
        let mut breaks = self.breaks(row, area.width);
        let mut at = (row, view.top.1.min(breaks.len()));
        let style_of = |row: usize| match self.marked {
            Some((_, style)) if self.is_marked(row) => style,
            _ => Style::default(),
        };
        let mut style = style_of(row);
        for y in area.y..area.bottom() {
            let (row, wrow) = at;
            let line = &self.lines[row];
            let start = if wrow == 0 { 0 } else { breaks[wrow - 1] };
            let end = breaks.get(wrow).copied().unwrap_or(line.len());
            set_row(buf, area.x, y, &for_screen(&line[start..end]), width, style);
            if wrow < breaks.len() {
                at = (row, wrow + 1);
            } else if row + 1 < self.lines.line_count() {
                at = (row + 1, 0);
                breaks = self.breaks(row + 1, area.width);
                style = style_of(row + 1);
            } else {
                break;
            }
        }
    }
}

/// Writes `text` from (`x`, `y`) in at most `width` cells, as `Buffer::set_stringn` does:
/// grapheme by grapheme, control characters and zero-width graphemes left out, a wide
/// one clearing the cells it covers, stopping at the first that does not fit. A
/// printable ASCII character followed by another (or by nothing) is a grapheme of its
/// own and a cell wide, so it is written without splitting the text into graphemes:
/// most of a row, even in a note with accents or emoji.
fn set_row(buf: &mut Buffer, x: u16, y: u16, text: &str, width: usize, style: Style) {
    let printable = |b: u8| (0x20..0x7f).contains(&b);
    let max = u16::try_from(width).unwrap_or(u16::MAX);
    let mut room = buf.area.right().saturating_sub(x).min(max);
    let mut x = x;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if printable(b) && bytes.get(i + 1).is_none_or(|&n| printable(n)) {
            i += 1;
            if room == 0 {
                return;
            }
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_char(char::from(b)).set_style(style);
            }
            x += 1;
            room -= 1;
            continue;
        }
        let Some(symbol) = text.get(i..).and_then(|rest| rest.graphemes(true).next()) else {
            return;
        };
        i += symbol.len();
        if symbol.contains(char::is_control) {
            continue;
        }
        let cells = symbol.cell_width();
        if cells == 0 {
            continue;
        }
        let Some(left) = room.checked_sub(cells) else {
            return;
        };
        room = left;
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(symbol).set_style(style);
        }
        let next = x.saturating_add(cells);
        x += 1;
        while x < next {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.reset();
            }
            x += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::*;

    proptest::proptest! {
        /// A row is drawn as `Buffer::set_stringn` draws it, whatever it holds.
        #[test]
        fn a_row_is_drawn_as_the_library_draws_it(
            text in "[ -~]{0,30}|[a é東👩‍💻]{0,12}|[ab \t\u{301}\u{200d}\u{600}\u{1F1E6}\u{1F1E7}\u{FF9E}\u{200B}東é]{0,16}",
            x in 0u16..12,
            width in 0usize..40,
        ) {
            let area = Rect::new(0, 0, 24, 1);
            let style = Style::default().fg(Color::Yellow);
            let (mut ours, mut theirs) = (Buffer::empty(area), Buffer::empty(area));
            set_row(&mut ours, x, 0, &text, width, style);
            theirs.set_stringn(x, 0, &text, width, style);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
