//! Text as the screen shows it: widths measured the way ratatui draws them, long text
//! shortened. Cleaning text for the screen is `core::text::for_screen`.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `text` cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Display width of one grapheme cluster, as ratatui draws it; a control character takes
/// one cell (it is drawn as a space).
pub fn grapheme_width(g: &str) -> usize {
    if g.starts_with(char::is_control) {
        1
    } else {
        g.width()
    }
}

/// Display width of `text`, grapheme by grapheme.
pub fn display_width(text: &str) -> usize {
    text.graphemes(true).map(grapheme_width).sum()
}

/// Whether a grapheme is part of a word (for word moves and deletes).
pub fn is_word(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_shortened_and_widths_are_display_columns() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
        assert_eq!(display_width("東京 a"), 6);
    }
}
