//! Text from user data (agenda titles, account names, file names, error messages that
//! quote them) made safe to print on a terminal.

use std::borrow::Cow;

/// `text` without the characters a terminal acts on instead of printing (see
/// [`is_terminal_control`]), so that an agenda title or an account name cannot move the
/// cursor, recolour the screen, set the window title or reorder what is shown. What is
/// left of an escape sequence stays visible (`ESC [31m` prints as `[31m`); line breaks
/// and tabs are kept, so a message of several lines keeps its lines.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let removed = |c: char| is_terminal_control(c) && c != '\n' && c != '\t';
    if text.chars().any(removed) {
        Cow::Owned(text.chars().filter(|&c| !removed(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a terminal acts on `c` rather than printing it: C0 and C1 controls (ESC and
/// the CSI introducer among them), DEL, bidirectional overrides and isolates (they make
/// text read differently from what it is) and the byte order mark.
pub fn is_terminal_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::terminal;

    #[test]
    fn escape_sequences_lose_their_escape_and_the_words_stay() {
        assert_eq!(terminal("\u{1b}[31mAcme\u{1b}[0m"), "[31mAcme[0m");
        assert_eq!(terminal("\u{1b}]0;pwned\u{7}Acme"), "]0;pwnedAcme");
        assert_eq!(terminal("\u{9b}2JAcme"), "2JAcme");
        assert_eq!(terminal("Acme\rEvil\u{8}\u{7f}"), "AcmeEvil");
    }

    #[test]
    fn bidi_overrides_go_and_right_to_left_text_stays() {
        assert_eq!(terminal("abc\u{202e}fed\u{202c} שלום"), "abcfed שלום");
    }

    #[test]
    fn line_breaks_and_tabs_stay_and_clean_text_is_not_copied() {
        assert_eq!(terminal("one\n\ttwo"), "one\n\ttwo");
        assert!(matches!(
            terminal("Zoë from München — 東京"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
