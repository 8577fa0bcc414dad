//! Screen rows: where each line wraps at the view's width, and the moves that go by
//! screen row (Up/Down, PageUp/PageDown, Home/End of a row).

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{NotesEditor, NotesView, Pos};
use crate::tui::text::{display_width, grapheme_width};

/// A screen row of the text: logical line and wrapped row within it.
pub(super) type VRow = (usize, usize);

/// Where one line's wrapped rows start, for one width.
#[derive(Debug, Clone, Default)]
pub(super) struct Wrap {
    /// The width this was computed for; 0 when not computed.
    width: u16,
    /// Byte offsets where rows 1.. start (row 0 starts at 0). Empty for a one-row line.
    breaks: Vec<usize>,
}

impl Wrap {
    /// The wrap of a line edited at byte `at` (the text before `at` unchanged), reusing
    /// the rows that cannot have changed: a row's end is decided by the first grapheme
    /// that overflows it, which lies at most at the start of the row after next. So
    /// the wrap restarts two rows before the edited one, and typing at the end of a
    /// 100 KB line rewraps three rows, not the line. Not yet wrapped: stays so.
    pub(super) fn rewrap_after(&self, line: &str, at: usize) -> Self {
        if self.width == 0 {
            return Self::default();
        }
        let edited_row = self.breaks.partition_point(|&b| b <= at);
        let restart_row = edited_row.saturating_sub(2);
        let from = match restart_row {
            0 => 0,
            r => self.breaks[r - 1],
        };
        let mut breaks = self.breaks[..restart_row].to_vec();
        breaks.extend(
            wrap_line(&line[from..], usize::from(self.width))
                .into_iter()
                .map(|b| b + from),
        );
        Self {
            width: self.width,
            breaks,
        }
    }

    /// Whether this line has been wrapped (for any width).
    #[cfg(test)]
    pub fn is_computed(&self) -> bool {
        self.width != 0
    }
}

impl NotesEditor {
    /// The wrap width: the view's, or unbounded before the first fit.
    fn wrap_width(&self) -> u16 {
        match self.width {
            0 => u16::MAX,
            w => w,
        }
    }

    /// Line `row`'s row breaks at `width`, from the cache when it holds that width. Reads
    /// only: used while drawing.
    pub(super) fn breaks(&self, row: usize, width: u16) -> Cow<'_, [usize]> {
        match self.wraps.get(row) {
            Some(Some(wrap)) if wrap.width == width => Cow::Borrowed(&wrap.breaks),
            _ => Cow::Owned(wrap_line(&self.lines[row], usize::from(width))),
        }
    }

    /// Runs `f` on line `row`'s row breaks at the current width, wrapping it if needed.
    fn with_breaks<T>(&mut self, row: usize, f: impl FnOnce(&[usize]) -> T) -> T {
        let width = self.wrap_width();
        let wrap = self.wraps[row].get_or_insert_with(Box::default);
        if wrap.width != width {
            wrap.breaks = wrap_line(&self.lines[row], usize::from(width));
            wrap.width = width;
        }
        f(&wrap.breaks)
    }

    pub(super) fn rows_of(&mut self, row: usize) -> usize {
        self.with_breaks(row, |b| b.len() + 1)
    }

    /// Byte range of wrapped row `wrow` of line `row`.
    pub(super) fn row_range(&mut self, row: usize, wrow: usize) -> Range<usize> {
        let len = self.lines[row].len();
        self.with_breaks(row, |b| {
            let start = if wrow == 0 { 0 } else { b[wrow - 1] };
            start..b.get(wrow).copied().unwrap_or(len)
        })
    }

    /// The screen row holding `p`.
    pub(super) fn vrow_of(&mut self, p: Pos) -> VRow {
        (
            p.row,
            self.with_breaks(p.row, |b| b.partition_point(|&s| s <= p.col)),
        )
    }

    pub(super) fn next_vrow(&mut self, (row, wrow): VRow) -> Option<VRow> {
        if wrow + 1 < self.rows_of(row) {
            Some((row, wrow + 1))
        } else if row + 1 < self.lines.line_count() {
            Some((row + 1, 0))
        } else {
            None
        }
    }

    fn prev_vrow(&mut self, (row, wrow): VRow) -> Option<VRow> {
        if wrow > 0 {
            Some((row, wrow - 1))
        } else if row > 0 {
            Some((row - 1, self.rows_of(row - 1) - 1))
        } else {
            None
        }
    }

    /// Moves `from` by `n` screen rows (negative: up), stopping at either end.
    pub(super) fn walk(&mut self, mut from: VRow, n: isize) -> VRow {
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
    pub(super) fn x_of(&mut self, p: Pos) -> usize {
        let (row, wrow) = self.vrow_of(p);
        let start = self.row_range(row, wrow).start;
        display_width(&self.lines[row][start..p.col])
    }

    /// The position in screen row `v` nearest display column `x`, never inside a wide
    /// character and never past the row (a row that is not the line's last ends before
    /// its last grapheme, which belongs to it).
    fn pos_at(&mut self, (row, wrow): VRow, x: usize) -> Pos {
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

    pub(super) fn vertical(&mut self, dir: isize) -> bool {
        let goal = match self.goal {
            Some(goal) => goal,
            None => self.x_of(self.cursor),
        };
        let from = self.vrow_of(self.cursor);
        let to = self.walk(from, dir);
        if to == from {
            // Up on the first row goes to the start, Down on the last to the end.
            self.cursor = if dir < 0 {
                Pos::default()
            } else {
                let row = self.lines.line_count() - 1;
                Pos {
                    row,
                    col: self.lines[row].len(),
                }
            };
        } else {
            self.cursor = self.pos_at(to, goal);
        }
        self.goal = Some(goal);
        self.history.seal();
        false
    }

    pub(super) fn page(&mut self, dir: isize, view: &mut NotesView) -> bool {
        let rows = isize::try_from(view.height.saturating_sub(1).max(1)).unwrap_or(1);
        let goal = match self.goal {
            Some(goal) => goal,
            None => self.x_of(self.cursor),
        };
        let from = self.vrow_of(self.cursor);
        let to = self.walk(from, dir * rows);
        self.cursor = self.pos_at(to, goal);
        view.top = self.walk(view.top, dir * rows);
        self.goal = Some(goal);
        self.history.seal();
        false
    }

    pub(super) fn row_home(&mut self) {
        let (row, wrow) = self.vrow_of(self.cursor);
        self.cursor.col = self.row_range(row, wrow).start;
    }

    /// The end of the wrapped row; on a line's last text row, the end of the line (even
    /// when that is the empty row after a full one).
    pub(super) fn row_end(&mut self) {
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
}

fn is_blank(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

/// Where the rows of `line` wrapped at `width` columns start, after the first: at word
/// boundaries (blanks that do not fit hang past the edge), a word wider than the row is
/// split between graphemes, a wide character is never split. A line whose last row is
/// full gets an empty row after it for the cursor.
pub(super) fn wrap_line(line: &str, width: usize) -> Vec<usize> {
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
pub(super) fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let breaks = wrap_line(text, width);
    let mut starts = vec![0];
    starts.extend(&breaks);
    let mut ends = breaks;
    ends.push(text.len());
    starts.into_iter().zip(ends).map(|(s, e)| s..e).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Wrap, wrap_line};

    /// Words and blanks of mixed widths: ASCII, accents, combining marks, CJK, emoji.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(" "),
                Just("  "),
                Just("word"),
                Just("a"),
                Just("München"),
                Just("e\u{301}"),
                Just("東京"),
                Just("👩\u{200d}💻"),
                Just("averyveryverylongwordthatneedssplitting"),
            ],
            0..40,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// The nearest character boundary at or before `at`.
    fn boundary(text: &str, at: usize) -> usize {
        (0..=at.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0)
    }

    proptest! {
        #[test]
        fn rewrapping_after_an_edit_equals_wrapping_the_new_line(
            before in text(),
            inserted in text(),
            at in 0usize..400,
            removed in 0usize..12,
            width in 3u16..30,
        ) {
            let at = boundary(&before, at);
            let end = boundary(&before, at + removed).max(at);
            let after = format!("{}{}{}", &before[..at], inserted, &before[end..]);
            let old = Wrap { width, breaks: wrap_line(&before, usize::from(width)) };
            let new = old.rewrap_after(&after, at);
            prop_assert_eq!(new.breaks, wrap_line(&after, usize::from(width)));
        }
    }
}
