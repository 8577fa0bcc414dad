//! A single-line text field: form fields and the account name. It scrolls sideways to
//! keep the cursor in view; the scroll follows from the text, the cursor and the width,
//! so drawing needs no state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_segmentation::UnicodeSegmentation;

use crate::core::text::for_screen;
use crate::tui::action::InputCommand;
use crate::tui::text::{display_width, grapheme_width, is_word};

/// A single line of text with a cursor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    cursor: usize,
    placeholder: &'static str,
}

impl TextInput {
    /// A field holding `text` (control characters shown as blanks), cursor at the end.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.len(),
            placeholder: "",
        }
    }

    /// The same field showing `placeholder` dim while it is empty.
    pub fn with_placeholder(mut self, placeholder: &'static str) -> Self {
        self.placeholder = placeholder;
        self
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the field is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Inserts `text` at the cursor, every control character (line breaks too) as a blank.
    pub fn insert_str(&mut self, text: &str) {
        let clean = for_screen(text);
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    /// Applies one edit or move; returns whether the text changed.
    pub fn apply(&mut self, command: InputCommand) -> bool {
        let before = self.text.len();
        match command {
            InputCommand::Insert(c) if !c.is_control() => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            InputCommand::Insert(_) => {}
            InputCommand::Backspace => {
                let start = self.left_of(self.cursor);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            InputCommand::Delete => {
                let end = self.right_of(self.cursor);
                self.text.replace_range(self.cursor..end, "");
            }
            InputCommand::DeleteWordBack => {
                let start = self.word_left();
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            InputCommand::Left => self.cursor = self.left_of(self.cursor),
            InputCommand::Right => self.cursor = self.right_of(self.cursor),
            InputCommand::WordLeft => self.cursor = self.word_left(),
            InputCommand::WordRight => self.cursor = self.word_right(),
            InputCommand::Home => self.cursor = 0,
            InputCommand::End => self.cursor = self.text.len(),
        }
        before != self.text.len()
    }

    fn left_of(&self, at: usize) -> usize {
        self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn right_of(&self, at: usize) -> usize {
        at + self.text[at..].graphemes(true).next().map_or(0, str::len)
    }

    fn word_left(&self) -> usize {
        let mut at = self.cursor;
        let mut seen_word = false;
        for (i, g) in self.text[..self.cursor].grapheme_indices(true).rev() {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            at = i;
        }
        at
    }

    fn word_right(&self) -> usize {
        let mut at = self.cursor;
        let mut seen_word = false;
        for (i, g) in self.text[self.cursor..].grapheme_indices(true) {
            let word = is_word(g);
            if seen_word && !word {
                break;
            }
            seen_word |= word;
            at = self.cursor + i + g.len();
        }
        at
    }

    /// Columns scrolled off the left edge in a field `width` cells wide.
    fn scroll(&self, width: u16) -> usize {
        let x = display_width(&self.text[..self.cursor]);
        (x + 1).saturating_sub(usize::from(width))
    }

    /// Where the cursor is when the field is drawn in `area`.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        if area.width == 0 || area.height == 0 {
            return None;
        }
        let x = display_width(&self.text[..self.cursor]) - self.scroll(area.width);
        let x = u16::try_from(x).unwrap_or(u16::MAX).min(area.width - 1);
        Some(Position::new(area.x + x, area.y))
    }
}

impl Widget for &TextInput {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width == 0 || area.height == 0 {
            return;
        }
        let width = usize::from(area.width);
        if self.text.is_empty() {
            let style = Style::default().add_modifier(Modifier::DIM);
            buf.set_stringn(area.x, area.y, self.placeholder, width, style);
            return;
        }
        let scroll = self.scroll(area.width);
        let mut at = 0;
        let mut x = area.x;
        for g in self.text.graphemes(true) {
            let w = grapheme_width(g);
            if at >= scroll {
                if at + w > scroll + width {
                    break;
                }
                buf.set_stringn(x, area.y, for_screen(g), w, Style::default());
                x += u16::try_from(w).unwrap_or(0);
            }
            at += w;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextInput {
        let mut input = TextInput::default();
        for c in text.chars() {
            input.apply(InputCommand::Insert(c));
        }
        input
    }

    fn draw(input: &TextInput, width: u16) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        input.render(area, &mut buf);
        (0..width).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn typing_and_deleting_work_on_graphemes() {
        let mut input = typed("ok 👍🏽 e\u{301}");
        input.apply(InputCommand::Backspace);
        assert_eq!(input.text(), "ok 👍🏽 ");
        input.apply(InputCommand::Left);
        input.apply(InputCommand::Left);
        input.apply(InputCommand::Delete);
        assert_eq!(input.text(), "ok  ");
        input.apply(InputCommand::Home);
        input.apply(InputCommand::Insert('-'));
        assert_eq!(input.text(), "-ok  ");
        input.apply(InputCommand::End);
        input.apply(InputCommand::DeleteWordBack);
        assert_eq!(input.text(), "-");
    }

    #[test]
    fn pasted_line_breaks_become_blanks() {
        let mut input = TextInput::new("a");
        input.insert_str("b\nc\u{1b}d");
        assert_eq!(input.text(), "ab c d");
    }

    #[test]
    fn a_long_text_scrolls_to_keep_the_cursor_in_view() {
        let mut input = typed("abcdefghij");
        assert_eq!(draw(&input, 5), "ghij ");
        assert_eq!(
            input.cursor_position(Rect::new(0, 0, 5, 1)),
            Some(Position::new(4, 0))
        );
        input.apply(InputCommand::Home);
        assert_eq!(draw(&input, 5), "abcde");
        assert_eq!(
            input.cursor_position(Rect::new(0, 0, 5, 1)),
            Some(Position::new(0, 0))
        );
        let wide = typed("東京");
        let area = Rect::new(0, 0, 8, 1);
        let mut buf = Buffer::empty(area);
        wide.render(area, &mut buf);
        assert_eq!((buf[(0, 0)].symbol(), buf[(2, 0)].symbol()), ("東", "京"));
        assert_eq!(
            wide.cursor_position(Rect::new(2, 3, 8, 1)),
            Some(Position::new(6, 3))
        );
    }

    #[test]
    fn the_placeholder_shows_while_empty() {
        let input = TextInput::default().with_placeholder("the customer");
        assert_eq!(draw(&input, 12), "the customer");
    }
}
