//! User text as GitLab Flavored Markdown: one line, no structure of its own, no
//! mentions or quick actions; links typed with an http(s) target kept exactly as typed.
//!
//! Two ways in: [`escape_inline`] / [`escape_cell`] escape everything (for titles and
//! names), [`inline`] / [`cell`] also turn the links of the text into real links and,
//! when [`Options::references`] is on, let GitLab references (`#12`, `!34`,
//! `group/project#56`) through.

use super::Options;
use crate::core::text;

/// Escapes text for a paragraph, list item or heading: one line, no Markdown structure,
/// no HTML, no links, no GitLab references or mentions, no quick action.
///
/// Control characters and terminal escape sequences are removed, line breaks and tabs
/// become spaces, runs of spaces collapse and the ends are trimmed. Markdown and GitLab
/// reference characters are backslash-escaped (GitLab honours a backslash before `@`,
/// `#`, `!`, `~`, `&`, `%`, `$` and `^` and then does not create a reference; an HTML
/// entity such as `&#64;` would not stop it). A leading list marker, ordered-list number,
/// `+`, `-`, `=` or `/` is escaped too.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let clean = one_line(text);
    escape_run(&clean, true, &mut out);
    out
}

/// Escapes text for a table cell: everything [`escape_inline`] does, and every `|` is
/// escaped so a row always keeps its header's number of cells. Empty text stays empty.
pub fn escape_cell(text: &str) -> String {
    // `escape_inline` escapes `|` already; the pipe is checked again here because a table
    // depends on it, whatever becomes of the inline rules.
    escape_pipes(escape_inline(text))
}

/// Like [`escape_inline`], but the links of the text work: a bare `http(s)://` URL, one
/// in `<…>`, and `[text](url)` with an http(s) target link to exactly the URL typed;
/// `![alt](url)` becomes a plain link (never an image). With `options.references`,
/// `#12`, `!34` and `group/project#56` stay GitLab references.
pub fn inline(text: &str, options: &Options) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    inline_into(text, options, false, &mut out);
    out
}

/// [`inline`] for a table cell: pipes are escaped, inside links too.
pub fn cell(text: &str, options: &Options) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    inline_into(text, options, true, &mut out);
    escape_pipes(out)
}

/// [`inline`], appending to `out`. Nothing is appended when the text is empty once
/// cleaned.
pub(super) fn inline_into(text: &str, options: &Options, in_cell: bool, out: &mut String) {
    let clean = one_line(text);
    let clean = clean.as_ref();
    out.reserve(clean.len() + 8);
    let bytes = clean.as_bytes();
    // A reference (`#12`, `group/project!3`) needs a `#` or a `!`: most lines have none.
    let references = options.references && bytes.iter().any(|b| matches!(b, b'#' | b'!'));
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !references {
            // Only these bytes can start a link or a URL (a bare one starts with
            // `http`); all are ASCII, so the byte found is a char boundary.
            let next = bytes.get(i..).and_then(|rest| {
                rest.iter().enumerate().position(|(j, b)| match b {
                    b'!' | b'[' | b'<' => true,
                    b'h' | b'H' => rest
                        .get(j + 1..j + 4)
                        .is_some_and(|t| t.eq_ignore_ascii_case(b"ttp")),
                    _ => false,
                })
            });
            match next {
                Some(n) => i += n,
                None => break,
            }
        }
        // `i` is a char boundary: an ASCII byte before it is the previous character.
        let boundary = match i.checked_sub(1).and_then(|p| bytes.get(p)) {
            None => true,
            Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
            Some(_) => clean[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric()),
        };
        let found = match bytes[i] {
            b'!' => link_at(clean, i + 1).map(|(end, link)| (end, Span::Link(link))),
            b'[' => link_at(clean, i).map(|(end, link)| (end, Span::Link(link))),
            b'<' => angle_url_at(clean, i).map(|(end, url)| (end, Span::Url(url))),
            b'h' | b'H' if boundary => {
                bare_url_at(clean, i).map(|(end, url)| (end, Span::Url(url)))
            }
            _ => None,
        }
        .or_else(|| {
            (boundary && references)
                .then(|| reference_at(clean, i))
                .flatten()
                .map(|end| (end, Span::Reference(&clean[i..end])))
        });
        let Some((end, span)) = found.filter(|(_, span)| !(in_cell && span.has_backslash())) else {
            i += clean[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        escape_run(&clean[text_start..i], text_start == 0, out);
        match span {
            Span::Url(url) => {
                out.push('<');
                push_url(url, false, out);
                out.push('>');
            }
            Span::Link(Link { text, url }) => {
                let before = out.len();
                out.push('[');
                escape_run(text, false, out);
                if out.len() == before + 1 {
                    // No visible text: show the URL itself.
                    out.truncate(before);
                    out.push('<');
                    push_url(url, false, out);
                    out.push('>');
                } else {
                    out.push_str("](<");
                    push_url(url, true, out);
                    out.push_str(">)");
                }
            }
            Span::Reference(reference) => {
                let (path, number) = reference.split_at(reference.rfind(['#', '!']).unwrap_or(0));
                escape_run(path, false, out);
                out.push_str(number);
            }
        }
        i = end;
        text_start = end;
    }
    escape_run(&clean[text_start..], text_start == 0, out);
}

/// A piece of a line that is not escaped as plain text.
enum Span<'a> {
    /// A URL to show and link as it is.
    Url(&'a str),
    /// `[text](url)` (or an image, which becomes a link).
    Link(Link<'a>),
    /// A GitLab reference, when references are on.
    Reference(&'a str),
}

impl Span<'_> {
    /// Whether a backslash is in a URL: GFM reads `\|` in a table cell as a pipe before
    /// anything else, so such a URL cannot be kept exact in a cell.
    fn has_backslash(&self) -> bool {
        match self {
            Span::Url(url) | Span::Link(Link { url, .. }) => url.contains('\\'),
            Span::Reference(_) => false,
        }
    }
}

struct Link<'a> {
    text: &'a str,
    url: &'a str,
}

/// Appends `url` for a `<…>` autolink (`in_destination` false) or a `(<…>)` link
/// destination. An `&` that would start an HTML entity becomes `&amp;` (GFM decodes
/// entities in both), a backslash in a destination is doubled (it escapes there).
fn push_url(url: &str, in_destination: bool, out: &mut String) {
    for (i, c) in url.char_indices() {
        match c {
            '&' if looks_like_entity(&url[i..]) => out.push_str("&amp;"),
            '\\' if in_destination => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
}

/// Whether `text` (starting with `&`) starts with an HTML entity or character reference.
fn looks_like_entity(text: &str) -> bool {
    let rest = &text[1..];
    let body = rest.strip_prefix('#').map_or(rest, |numeric| {
        numeric.strip_prefix(['x', 'X']).unwrap_or(numeric)
    });
    let len = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
    len > 0 && body.as_bytes().get(len) == Some(&b';')
}

/// The length of `http://` or `https://` (any case) at the start of `text`.
fn scheme_len(text: &str) -> Option<usize> {
    ["https://", "http://"].iter().find_map(|scheme| {
        text.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| scheme.len())
    })
}

/// Whether `url` is an http(s) URL with a host, and nothing that cannot be in a link.
fn is_web_url(url: &str) -> bool {
    let Some(scheme) = scheme_len(url) else {
        return false;
    };
    let host = url[scheme..].split(['/', '?', '#']).next().unwrap_or("");
    host.chars().any(char::is_alphanumeric)
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// A bare URL at byte `at`: up to a space or `<`/`>`, without the punctuation that
/// usually ends a sentence after it (and a `)` that closes a parenthesis opened before).
fn bare_url_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = &text[at..];
    scheme_len(rest)?;
    let mut end = rest
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(rest.len());
    loop {
        let url = &rest[..end];
        match url.chars().next_back() {
            Some('?' | '!' | '.' | ',' | ':' | ';' | '*' | '_' | '~' | '\'' | '"') => end -= 1,
            Some(')') if url.matches('(').count() < url.matches(')').count() => end -= 1,
            _ => break,
        }
    }
    let url = &rest[..end];
    is_web_url(url).then_some((at + end, url))
}

/// `<url>` at byte `at`, with an http(s) URL inside.
fn angle_url_at(text: &str, at: usize) -> Option<(usize, &str)> {
    let rest = &text[at + 1..];
    let close = rest.find('>')?;
    let url = &rest[..close];
    (scheme_len(url).is_some() && is_web_url(url)).then_some((at + 1 + close + 1, url))
}

/// `[text](url)` at byte `at` (which holds the `[`), with an http(s) URL and no title.
fn link_at(text: &str, at: usize) -> Option<(usize, Link<'_>)> {
    let rest = text.get(at..)?.strip_prefix('[')?;
    let close = rest.find(['[', ']'])?;
    if rest.as_bytes()[close] != b']' {
        return None;
    }
    let label = &rest[..close];
    let after = rest[close + 1..].strip_prefix('(')?;
    let mut depth = 0usize;
    let mut url_end = None;
    for (i, c) in after.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                url_end = Some(i);
                break;
            }
            ')' => depth -= 1,
            _ => {}
        }
    }
    let url_end = url_end?;
    let mut url = &after[..url_end];
    if let Some(inner) = url.strip_prefix('<').and_then(|u| u.strip_suffix('>')) {
        url = inner;
    }
    if !is_web_url(url) {
        return None;
    }
    // `[` + label + `](` + url part + `)`.
    let end = at + 1 + close + 2 + url_end + 1;
    Some((end, Link { text: label, url }))
}

/// A GitLab issue or merge request reference at byte `at`: `#12`, `!34`,
/// `project#56`, `group/sub/project!78`. Returns its end.
fn reference_at(text: &str, at: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[at..];
    let path_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'/');
    let path = bytes.iter().take_while(|b| path_char(b)).count();
    if path > 0 && (bytes[0] == b'/' || bytes[path - 1] == b'/') {
        return None;
    }
    if !matches!(bytes.get(path), Some(b'#' | b'!')) {
        return None;
    }
    let digits = bytes[path + 1..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if digits == 0 {
        return None;
    }
    let end = path + 1 + digits;
    let next_is_word = text[at + end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    (!next_is_word).then_some(at + end)
}

/// Escapes plain text, appending it to `out`; `line_start` when it begins the line (a
/// leading block marker is escaped then).
fn escape_run(text: &str, line_start: bool, out: &mut String) {
    let bytes = text.as_bytes();
    // Escaped only where the line starts: a leading block marker, and the `.` or `)`
    // of an ordered list marker (never both: one starts with a digit).
    let leading = line_start && matches!(bytes.first(), Some(b'-' | b'+' | b'=' | b'/'));
    let ordered = if line_start {
        ordered_marker_at(text)
    } else {
        None
    };
    let mut marks = [leading.then_some(0), ordered].into_iter().flatten();
    let mut mark = marks.next();
    // Every character escaped is ASCII, so a byte index where one is found is a char
    // boundary: copy the runs between them whole.
    let mut start = 0;
    let mut from = 0;
    loop {
        let meta = bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| META[usize::from(b)]))
            .map(|n| from + n);
        let at = match (meta, mark) {
            (Some(m), Some(k)) => m.min(k),
            (found, other) => match found.or(other) {
                Some(at) => at,
                None => break,
            },
        };
        if mark == Some(at) {
            mark = marks.next();
        }
        out.push_str(&text[start..at]);
        out.push('\\');
        start = at;
        from = at + 1;
    }
    out.push_str(&text[start..]);
}

/// Escapes every `|` not already escaped by an odd run of backslashes.
fn escape_pipes(escaped: String) -> String {
    if !escaped.contains('|') {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 8);
    // Whether the characters before are an odd run of backslashes (escaping this one).
    let mut escaping = false;
    for c in escaped.chars() {
        if c == '|' && !escaping {
            out.push('\\');
        }
        escaping = c == '\\' && !escaping;
        out.push(c);
    }
    out
}

/// [`is_meta`] for each byte value (all the characters it matches are ASCII).
static META: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = is_meta(b as u8 as char);
        b += 1;
    }
    table
};

/// Characters escaped wherever they appear: CommonMark/GFM structure and inline syntax,
/// HTML, GitLab references, inline diffs and math.
const fn is_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '`'
            | '*'
            | '_'
            | '['
            | ']'
            | '<'
            | '>'
            | '#'
            | '|'
            | '~'
            | '!'
            | '&'
            | '@'
            | '$'
            | '%'
            | '^'
            | '{'
            | '}'
    )
}

/// Byte index of the `.` or `)` of a leading ordered-list marker (`1.`, `12)`), if any.
fn ordered_marker_at(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    matches!(text.as_bytes().get(digits), Some(b'.' | b')')).then_some(digits)
}

/// The text as one clean line for Markdown (see [`text::for_markdown`]): controls and
/// escape sequences removed, breaks as spaces, spaces collapsed, ends trimmed.
pub(super) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    text::for_markdown(text)
}

/// The output being built, with blank lines between blocks.
#[derive(Default)]
pub(super) struct Out {
    pub(super) text: String,
}

impl Out {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Out {
            text: String::with_capacity(capacity),
        }
    }

    pub(super) fn line(&mut self, line: impl AsRef<str>) {
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    pub(super) fn blank(&mut self) {
        self.text.push('\n');
    }

    pub(super) fn heading(&mut self, level: usize, title: &str) {
        self.line(format!("{} {title}", "#".repeat(level)));
        self.blank();
    }

    pub(super) fn row(&mut self, cells: &[String]) {
        let mut line = String::from("|");
        for cell in cells {
            line.push(' ');
            line.push_str(cell);
            if !cell.is_empty() {
                line.push(' ');
            }
            line.push('|');
        }
        self.line(line);
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Escaping finds the next character to escape a run at a time: it escapes what a
        /// look at every byte escapes.
        #[test]
        fn runs_are_escaped_as_byte_by_byte(
            text in "[0-9a-z .)\\-+=/*_\\[\\]<>|#!`~é東]{0,24}",
            line_start: bool,
        ) {
            let ordered = if line_start { ordered_marker_at(&text) } else { None };
            let mut expected = String::new();
            for (i, c) in text.char_indices() {
                let leading = line_start && i == 0 && matches!(c, '-' | '+' | '=' | '/');
                if c.is_ascii() && META[c as usize] || leading || Some(i) == ordered {
                    expected.push('\\');
                }
                expected.push(c);
            }
            let mut out = String::new();
            escape_run(&text, line_start, &mut out);
            proptest::prop_assert_eq!(out, expected);
        }
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(escape_inline("Dana Smith"), "Dana Smith");
        assert_eq!(escape_inline("  spaced   out  "), "spaced out");
        assert_eq!(escape_inline(""), "");
    }

    #[test]
    fn pipes_and_backslashes_are_escaped() {
        assert_eq!(escape_inline("a|b"), "a\\|b");
        assert_eq!(escape_inline("a\\b"), "a\\\\b");
        assert_eq!(escape_inline("a\\|b"), "a\\\\\\|b");
        assert_eq!(escape_cell("a|b"), "a\\|b");
        assert_eq!(escape_cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(escape_cell("trailing\\"), "trailing\\\\");
        assert_eq!(escape_cell(""), "");
    }

    #[test]
    fn code_and_fences_are_escaped() {
        assert_eq!(escape_inline("`code`"), "\\`code\\`");
        assert_eq!(escape_inline("```rust"), "\\`\\`\\`rust");
        assert_eq!(escape_inline("~~~"), "\\~\\~\\~");
    }

    #[test]
    fn newlines_and_tabs_become_single_spaces() {
        assert_eq!(
            escape_inline("one\ntwo\r\nthree\tfour"),
            "one two three four"
        );
        assert_eq!(escape_inline("a\u{2028}b\u{85}c"), "a b c");
        assert_eq!(escape_inline("\n# heading"), "\\# heading");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_inline("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(escape_inline("a & b"), "a \\& b");
        assert_eq!(escape_inline("&lt;"), "\\&lt;");
    }

    #[test]
    fn links_and_images_are_escaped() {
        assert_eq!(
            escape_inline("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(escape_inline("![img](http://x)"), "\\!\\[img\\](http://x)");
        assert_eq!(escape_inline("[[_TOC_]]"), "\\[\\[\\_TOC\\_\\]\\]");
    }

    #[test]
    fn leading_block_markers_are_neutralised() {
        assert_eq!(escape_inline("# Title"), "\\# Title");
        assert_eq!(escape_inline("- item"), "\\- item");
        assert_eq!(escape_inline("+ item"), "\\+ item");
        assert_eq!(escape_inline("> quote"), "\\> quote");
        assert_eq!(escape_inline("1. first"), "1\\. first");
        assert_eq!(escape_inline("12) twelfth"), "12\\) twelfth");
        assert_eq!(escape_inline("==="), "\\===");
        assert_eq!(escape_inline("---"), "\\---");
        assert_eq!(escape_inline("* * *"), "\\* \\* \\*");
        // Only at the start: mid-text they are ordinary.
        assert_eq!(escape_inline("a - b + c = d 1. e"), "a - b + c = d 1. e");
    }

    #[test]
    fn quick_actions_are_neutralised() {
        assert_eq!(escape_inline("/assign @me"), "\\/assign \\@me");
        assert_eq!(escape_inline("\n/close"), "\\/close");
        assert_eq!(escape_inline("and/or"), "and/or");
    }

    #[test]
    fn mentions_and_references_are_escaped() {
        assert_eq!(escape_inline("@all"), "\\@all");
        assert_eq!(escape_inline("ping @dana"), "ping \\@dana");
        assert_eq!(escape_inline("see #12"), "see \\#12");
        assert_eq!(escape_inline("!34"), "\\!34");
        assert_eq!(escape_inline("~bug"), "\\~bug");
        assert_eq!(escape_inline("&5 %v1 $7 ^x"), "\\&5 \\%v1 \\$7 \\^x");
        assert_eq!(escape_inline("mail@example.com"), "mail\\@example.com");
    }

    #[test]
    fn emphasis_and_gitlab_inline_syntax_are_escaped() {
        assert_eq!(escape_inline("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(escape_inline("{+ added +}"), "\\{+ added +\\}");
        assert_eq!(escape_inline("$`x`$"), "\\$\\`x\\`\\$");
    }

    #[test]
    fn unicode_text_is_kept() {
        assert_eq!(escape_inline("山田 太郎"), "山田 太郎");
        assert_eq!(escape_inline("🚀 launch 👩‍💻"), "🚀 launch 👩‍💻");
        assert_eq!(escape_inline("e\u{301}te\u{301}"), "e\u{301}te\u{301}");
        assert_eq!(escape_inline("\u{301}leading"), "\u{301}leading");
        assert_eq!(escape_inline("שלום עולם"), "שלום עולם");
        assert_eq!(escape_inline("مرحبا"), "مرحبا");
        assert_eq!(escape_inline("Zoë Ångström"), "Zoë Ångström");
    }

    #[test]
    fn terminal_escapes_and_controls_are_removed() {
        assert_eq!(escape_inline("\u{1b}[31mred\u{1b}[0m"), "red");
        assert_eq!(escape_inline("ESC[31m"), "ESC\\[31m");
        assert_eq!(escape_inline("\u{1b}]0;title\u{7}text"), "text");
        assert_eq!(escape_inline("\u{1b}]8;;http://x\u{1b}\\link"), "link");
        assert_eq!(escape_inline("\u{1b}(Bx"), "x");
        assert_eq!(escape_inline("\u{9b}1mx"), "x");
        assert_eq!(escape_inline("a\u{0}b\u{7}c\u{7f}d\u{90}e"), "abcde");
        assert_eq!(escape_inline("bell\u{7} at end\u{1b}"), "bell at end");
    }

    #[test]
    fn bidi_overrides_are_removed_but_rtl_text_stays() {
        assert_eq!(escape_inline("abc\u{202E}fed\u{202C}"), "abcfed");
        assert_eq!(escape_inline("\u{2067}x\u{2069}"), "x");
    }

    fn rich(text: &str) -> String {
        inline(text, &Options::default())
    }

    fn with_references(text: &str) -> String {
        inline(
            text,
            &Options {
                references: true,
                ..Options::default()
            },
        )
    }

    #[test]
    fn bare_urls_become_autolinks_without_backslashes() {
        assert_eq!(
            rich("see https://gitlab.example.com/acme/app/-/issues/123#note_456."),
            "see <https://gitlab.example.com/acme/app/-/issues/123#note_456>."
        );
        assert_eq!(
            rich("https://x.example/?tab=a&b=c"),
            "<https://x.example/?tab=a&b=c>"
        );
        assert_eq!(
            rich("(https://x.example/a_(b))"),
            "(<https://x.example/a_(b)>)"
        );
        assert_eq!(rich("<https://x.example>"), "<https://x.example>");
        // Not a URL: no host, another scheme, glued to a word.
        assert_eq!(rich("https:// nothing"), "https:// nothing");
        assert_eq!(rich("ftp://x.example"), "ftp://x.example");
        assert_eq!(rich("xhttps://x.example"), "xhttps://x.example");
    }

    #[test]
    fn written_links_keep_their_target_and_images_become_links() {
        assert_eq!(
            rich("[the runbook](https://x.example/run_book?a=1&b=2)"),
            "[the runbook](<https://x.example/run_book?a=1&b=2>)"
        );
        assert_eq!(
            rich("![img](http://host/x.png)"),
            "[img](<http://host/x.png>)"
        );
        assert_eq!(rich("[](https://x.example)"), "<https://x.example>");
        assert_eq!(
            rich("[*bold* @dana](https://x.example)"),
            "[\\*bold\\* \\@dana](<https://x.example>)"
        );
        // Other targets stay text.
        assert_eq!(
            rich("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        // A space ends the URL: what follows it is text.
        assert_eq!(rich("[x](https://a b)"), "\\[x\\](<https://a> b)");
        // An entity-like `&` stays literal in the link.
        assert_eq!(
            rich("<https://x.example/?q=&amp;>"),
            "<https://x.example/?q=&amp;amp;>"
        );
        assert_eq!(
            rich("https://x.example/?q=&amp;x=1"),
            "<https://x.example/?q=&amp;amp;x=1>"
        );
    }

    #[test]
    fn references_pass_only_when_turned_on() {
        assert_eq!(rich("see #123 and !45"), "see \\#123 and \\!45");
        assert_eq!(with_references("see #123 and !45"), "see #123 and !45");
        assert_eq!(
            with_references("group/my_project#123, ok"),
            "group/my\\_project#123, ok"
        );
        assert_eq!(with_references("#123abc @dana"), "\\#123abc \\@dana");
        // The leading slash is still escaped (no quick action); the rest is a reference.
        assert_eq!(with_references("/group#1"), "\\/group#1");
        assert_eq!(with_references("#12 first"), "#12 first");
    }

    #[test]
    fn cells_escape_pipes_in_links_too() {
        assert_eq!(
            cell("a|b https://x.example/a|b", &Options::default()),
            "a\\|b <https://x.example/a\\|b>"
        );
    }
}
