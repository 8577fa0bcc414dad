//! One text-cleaning policy, with a function per destination.
//!
//! Text from agendas, session files, pastes and typing can hold control characters,
//! terminal escape sequences and bidirectional overrides. What is removed depends on
//! where the text goes:
//!
//! | destination | function | controls | escape sequences | bidi controls, BOM | line breaks, tabs |
//! |---|---|---|---|---|---|
//! | a cell of the meeting screen | [`for_screen`] | become a space | ESC becomes a space | removed | become a space |
//! | the notes (typing, paste) | [`for_insert`] | removed | ESC removed | kept | `\n` (CR, CRLF, U+2028/9 too) and tab kept |
//! | one line of Markdown | [`for_markdown`] | removed | removed whole | removed | one space; runs collapse, ends trimmed |
//! | one line on the terminal (CLI output) | [`for_terminal`] | removed | removed whole | removed | one space |
//!
//! "Controls" are C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F). "Bidi controls" are the
//! embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text read
//! differently from what it is, so nothing shows them. Right-to-left text itself and the
//! direction marks (U+200E, U+200F) are kept everywhere.

use std::borrow::Cow;
use std::iter::Peekable;
use std::str::Chars;

/// Whether `c` is a bidirectional embedding, override or isolate (U+202A–U+202E,
/// U+2066–U+2069) or a byte order mark (U+FEFF): invisible characters that change how the
/// text around them reads, or are left over from a file's encoding.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Text for a cell of the meeting screen: every control character (tab and line breaks
/// included) becomes one space, so each character keeps its cell and a cursor computed
/// on the raw text stays right; bidi controls and the BOM, which take no cell, are
/// removed. Nothing else changes, so this borrows when there is nothing to clean.
pub fn for_screen(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return text.into();
    }
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .into()
}

/// Text as it may be inserted into the notes: `\r\n`, `\r`, U+2028 and U+2029 become
/// `\n` (the only line break the notes know), `\n` and tabs are kept, every other
/// control character is removed (an ESC alone, so the rest of a sequence stays as typed
/// text). Bidi controls are kept: the notes are the user's data, and every destination
/// that shows them removes them.
pub fn for_insert(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One line of text for a Markdown export: terminal escape sequences (CSI, OSC and
/// other string sequences, short ESC sequences) are removed whole, control characters,
/// bidi controls and the BOM are removed, line breaks and tabs become spaces, runs of
/// spaces collapse to one and the ends are trimmed. Markdown escaping is the export's
/// job; this only cleans. Borrows when there is nothing to clean.
pub fn for_markdown(text: &str) -> Cow<'_, str> {
    // Spaces at the ends (a note typed with a space before Enter) are all the cleaning
    // most lines need: trimmed, the rest is borrowed when nothing else changes.
    let trimmed = text.trim_matches(' ');
    if !needs_collapsing(trimmed) {
        return trimmed.into();
    }
    clean_line(trimmed, Spaces::Collapse).into()
}

/// Whether [`for_markdown`] leaves nothing of `text`: it holds only spaces, controls,
/// bidi controls and escape sequences. A visible ASCII character outside an escape
/// sequence answers at once (nearly every line).
pub fn is_blank(text: &str) -> bool {
    // ESC, or the last byte of U+009B (also of other characters: then the long way).
    let escapes = memchr::memchr2(0x1b, 0x9b, text.as_bytes()).is_some();
    if !escapes && text.bytes().any(|b| b.is_ascii_graphic()) {
        return false;
    }
    for_markdown(text).is_empty()
}

/// One line of text for the terminal (what a command prints from user data: agenda
/// titles, account names, slugs): terminal escape sequences are removed whole, control
/// characters, bidi controls and the BOM are removed, line breaks and tabs become a
/// space each. Spaces are otherwise kept as they are. Borrows when there is nothing to
/// clean.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let printable_ascii = text.bytes().all(|b| (b' '..=b'~').contains(&b));
    if printable_ascii
        || !text
            .chars()
            .any(|c| c.is_control() || is_break(c) || is_bidi_control(c))
    {
        return text.into();
    }
    clean_line(text, Spaces::Keep).into()
}

/// Whether `c` breaks a line or is a tab: becomes a space in one line of text.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether [`for_markdown`] would change `text`: it starts or ends with a space, has two
/// spaces in a row, or has a character that is removed or becomes a space. Eight bytes
/// at a time; beyond ASCII, only the three bytes that start such a character are looked
/// at closer.
fn needs_collapsing(text: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    /// The high bit of each byte of `x` that equals `b`.
    fn equal(x: u64, b: u8) -> u64 {
        let t = x ^ (ONES * u64::from(b));
        !(((t & !HIGH) + !HIGH) | t) & HIGH
    }
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return true;
    }
    // Whether the character at byte `at`, beyond ASCII, is removed or becomes a space: a
    // C1 control (the CSI introducer among them), a line or paragraph separator, a bidi
    // control or the BOM (see `is_break` and `is_bidi_control`).
    let removed_at = |at: usize| {
        matches!(
            bytes.get(at..).unwrap_or_default(),
            [0xC2, 0x80..=0x9F, ..]
                | [0xE2, 0x80, 0xA8..=0xAE, ..]
                | [0xE2, 0x81, 0xA6..=0xA9, ..]
                | [0xEF, 0xBB, 0xBF, ..]
        )
    };
    let mut prev_space = false;
    for (n, chunk) in bytes.chunks(8).enumerate() {
        if let Ok(word) = <[u8; 8]>::try_from(chunk) {
            let x = u64::from_le_bytes(word);
            // Some byte below a space or DEL (exact for whether any byte is, not for
            // which; bytes beyond ASCII never count).
            let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
            let spaces = equal(x, b' ');
            if below_space | equal(x, 0x7F) != 0
                || spaces & (spaces >> 8) != 0
                || prev_space && spaces & 0x80 != 0
            {
                return true;
            }
            prev_space = spaces >> 63 != 0;
            if x & HIGH != 0 {
                let mut starts = equal(x, 0xC2) | equal(x, 0xE2) | equal(x, 0xEF);
                while starts != 0 {
                    if removed_at(n * 8 + starts.trailing_zeros() as usize / 8) {
                        return true;
                    }
                    starts &= starts - 1;
                }
            }
            continue;
        }
        for (j, &b) in chunk.iter().enumerate() {
            if b == b' ' {
                if prev_space {
                    return true;
                }
                prev_space = true;
                continue;
            }
            prev_space = false;
            // Controls include ESC, the tab and every ASCII line break.
            if b.is_ascii_control() || removed_at(n * 8 + j) {
                return true;
            }
        }
    }
    false
}

/// What happens to spaces in [`clean_line`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spaces {
    /// Runs of spaces become one, the ends are trimmed.
    Collapse,
    /// Every space and break stays one space.
    Keep,
}

/// One line: escape sequences and controls removed, breaks and tabs as spaces.
fn clean_line(text: &str, spaces: Spaces) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '\u{1B}' {
            skip_escape_sequence(&mut chars);
            continue;
        }
        if c == '\u{9B}' {
            skip_csi(&mut chars);
            continue;
        }
        if c == ' ' || is_break(c) {
            if spaces == Spaces::Keep {
                out.push(' ');
            } else {
                pending_space = true;
            }
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Skips what follows an ESC: a CSI sequence (`ESC [ … final`), an OSC/DCS/APC/PM/SOS
/// string (up to BEL or `ESC \`), or the single character of a short sequence.
fn skip_escape_sequence(chars: &mut Peekable<Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '_' | '^' | 'X') => skip_string(chars),
        Some(' '..='/') => {
            // nF sequences: intermediate bytes, then one final byte.
            while chars.peek().is_some_and(|c| (' '..='/').contains(c)) {
                chars.next();
            }
            chars.next();
        }
        _ => {}
    }
}

/// Skips a control string up to and including its terminator: BEL, ST (U+009C) or
/// `ESC \`.
fn skip_string(chars: &mut Peekable<Chars<'_>>) {
    while let Some(c) = chars.next() {
        if c == '\u{07}' || c == '\u{9C}' {
            break;
        }
        if c == '\u{1B}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            break;
        }
    }
}

/// Skips the parameters, intermediates and final byte of a CSI sequence.
fn skip_csi(chars: &mut Peekable<Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        if ('0'..='?').contains(&c) || (' '..='/').contains(&c) {
            chars.next();
        } else {
            break;
        }
    }
    if chars.peek().is_some_and(|c| ('@'..='~').contains(c)) {
        chars.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every kind of hazard in one string, with visible words between them.
    const HOSTILE: &str = "a\u{1b}[2Jb\u{1b}]52;c;aGVsbG8=\u{07}c\u{1b}]8;;http://x\u{1b}\\d\
                           \u{9b}31me\u{9d}f\u{7}g\u{7f}h\u{0}i\u{202E}j\u{2067}k\
                           \u{2069}l\u{feff}m";

    #[test]
    fn the_screen_keeps_one_cell_per_character() {
        assert_eq!(for_screen("a\tb\nc\u{1b}[31md"), "a b c [31md");
        assert_eq!(for_screen("\u{9b}x\u{7f}"), " x ");
        // Bidi controls take no cell and are removed; right-to-left text and marks stay.
        assert_eq!(
            for_screen("שלום \u{202E}gnp.exe \u{2067}x\u{2069}\u{200F}"),
            "שלום gnp.exe x\u{200F}"
        );
        assert!(matches!(for_screen("plain · text ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn inserted_text_keeps_lines_and_tabs_and_loses_controls() {
        assert_eq!(
            for_insert(" one\r\ntwo\rthree\tend\u{1b}[31m\u{7}"),
            " one\ntwo\nthree\tend[31m"
        );
        assert_eq!(for_insert("a\u{2028}b\u{2029}c\u{85}d"), "a\nb\ncd");
        assert_eq!(for_insert("\r\r\n"), "\n\n");
        // The user's right-to-left text, with its controls, is data.
        assert_eq!(for_insert("x\u{202E}y"), "x\u{202E}y");
        assert_eq!(for_insert("\u{1b}"), "");
    }

    #[test]
    fn markdown_lines_lose_whole_sequences_and_collapse_spaces() {
        assert_eq!(for_markdown(HOSTILE), "abcdefghijklm");
        assert_eq!(
            for_markdown("  two\n\nlines\t and\u{2028}more  "),
            "two lines and more"
        );
        assert_eq!(for_markdown("\u{1b}[31m \u{202E} "), "");
        assert!(matches!(for_markdown("fine text"), Cow::Borrowed(_)));
    }

    #[test]
    fn terminal_lines_lose_sequences_and_keep_spacing() {
        assert_eq!(for_terminal(HOSTILE), "abcdefghijklm");
        assert_eq!(for_terminal(" a  b\nc\td "), " a  b c d ");
        assert_eq!(for_terminal("Acme\u{1b}]0;pwned\u{7} GmbH"), "Acme GmbH");
        assert!(matches!(for_terminal("acme-gmbh"), Cow::Borrowed(_)));
    }

    #[test]
    fn an_unterminated_sequence_swallows_only_what_follows_it() {
        assert_eq!(for_terminal("keep\u{1b}]0;never ends"), "keep");
        assert_eq!(for_markdown("keep \u{1b}["), "keep");
        assert_eq!(for_terminal("end\u{1b}"), "end");
    }

    #[test]
    fn two_spaces_are_found_wherever_eight_byte_chunks_split_them() {
        for at in 0..24 {
            let line = format!("{}  {}", "a".repeat(at + 1), "b".repeat(24));
            assert!(needs_collapsing(&line), "{line:?}");
            assert_eq!(for_markdown(&line), line.replace("  ", " "));
        }
        assert!(!needs_collapsing("a line of words, all of them alone"));
    }

    /// Each character beyond ASCII that cleaning removes or makes a space, and its
    /// neighbours sharing its first bytes, at every place in and across 8-byte chunks.
    #[test]
    fn characters_beyond_ascii_are_judged_wherever_they_sit() {
        let characters = [
            '\u{80}', '\u{85}', '\u{9b}', '\u{9f}', '\u{a0}', '\u{a9}', '\u{2027}', '\u{2028}',
            '\u{2029}', '\u{202a}', '\u{202e}', '\u{202f}', '\u{2065}', '\u{2066}', '\u{2069}',
            '\u{206a}', '\u{fefe}', '\u{feff}', '\u{ff01}', '’', '—', 'é',
        ];
        for c in characters {
            for at in 0..17 {
                let line = format!("{}{c}{}", "a".repeat(at + 1), "b".repeat(9));
                let changed = clean_line(&line, Spaces::Collapse) != line;
                assert_eq!(needs_collapsing(&line), changed, "{line:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn nothing_hazardous_reaches_a_line_destination(text in "\\PC*|[\\x00-\\x20\\u{80}-\\u{a0}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z\\[\\]]*") {
            for clean in [for_markdown(&text), for_terminal(&text)] {
                prop_assert!(!clean.chars().any(|c| c.is_control() || is_break(c) || is_bidi_control(c)), "{clean:?}");
            }
            prop_assert!(!for_screen(&text).chars().any(|c| c.is_control() || is_bidi_control(c)));
            prop_assert_eq!(for_screen(&text).chars().count(),
                text.chars().filter(|&c| !is_bidi_control(c)).count());
            let inserted = for_insert(&text);
            prop_assert!(!inserted.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            prop_assert!(!inserted.contains(['\r', '\u{2028}', '\u{2029}']), "{:?}", inserted);
        }

        #[test]
        fn markdown_cleaning_borrows_exactly_the_lines_it_would_not_change(
            text in "\\PC*|[ a-z\\x00-\\x1f\\x7f\\u{80}-\\u{a0}\\u{a9}\\u{2028}\\u{2029}\\u{202a}\\u{2069}\\u{feff}é東👩’—\\u{2027}\\u{202f}\\u{2065}\\u{206a}\\u{fefe}\\u{ff01}]*|[a-z][ a-z]{0,40}(\\x01|\\x7f|\\u{85}|\\u{9b}|é|  |\\u{feff}|\\u{202e}|\\u{2069}|\\u{2028}|\\u{a9}|’|—|\\u{2027}|\\u{202f}|\\u{2065}|\\u{206a}|\\u{fefe}|\\u{ff01})?[ a-z]{0,40}[a-z]|([a-z]{1,9} {1,2}){4,16}[a-z]"
        ) {
            prop_assert_eq!(needs_collapsing(&text), clean_line(&text, Spaces::Collapse) != text);
        }

        #[test]
        fn markdown_cleaning_is_the_character_by_character_cleaning(
            text in "\\PC*|[ \\x00-\\x1f\\u{85}\\u{9b}\\u{2028}\\u{202e}\\u{feff}\\[a-z1;]{0,24}|( {0,3}[a-z]{1,5}){1,6} {0,3}"
        ) {
            prop_assert_eq!(for_markdown(&text), clean_line(&text, Spaces::Collapse), "{:?}", text);
        }

        #[test]
        fn a_line_is_blank_when_nothing_of_it_reaches_markdown(
            text in "\\PC{0,3}|[ \\x00-\\x1f\\x7f\\u{80}-\\u{a0}\\u{202a}\\u{feff}\\[a1;]{0,12}"
        ) {
            prop_assert_eq!(is_blank(&text), for_markdown(&text).is_empty(), "{:?}", text);
        }

        #[test]
        fn markdown_cleaning_is_idempotent_and_borrows_clean_text(text in "\\PC*") {
            let once = for_markdown(&text).into_owned();
            prop_assert!(matches!(for_markdown(&once), Cow::Borrowed(_)), "{once:?}");
        }
    }
}
