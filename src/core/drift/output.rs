//! `kickoff scan` output: one text line or one JSON object per finding.

use super::Finding;

/// One line of `kickoff scan` text output for the finding on line `line` (1-based) of
/// `text`: `12:5: troubleshooting: "exit code 137" (a failing job)`. Control
/// characters in the matched words are escaped so hostile text cannot drive the
/// terminal.
pub fn format_text(line: usize, text: &str, finding: &Finding) -> String {
    format!(
        "{line}:{}: {}: \"{}\" ({})",
        column_of(text, finding),
        finding.kind.label(),
        escape_controls(&finding.matched),
        escape_controls(&finding.reason)
    )
}

/// One JSON object (a JSON Lines record) for the finding on line `line` of `text`:
/// `{"line":12,"column":5,"kind":"troubleshooting","matched":"...","reason":"...",
/// "text":"..."}`.
pub fn format_json(line: usize, text: &str, finding: &Finding) -> String {
    format!(
        "{{\"line\":{line},\"column\":{},\"kind\":\"{}\",\"matched\":{},\"reason\":{},\"text\":{}}}",
        column_of(text, finding),
        finding.kind.label(),
        json_string(&finding.matched),
        json_string(&finding.reason),
        json_string(text)
    )
}

/// 1-based column, in characters, where the finding starts.
pub(super) fn column_of(text: &str, finding: &Finding) -> usize {
    text.get(..finding.range.start)
        .map_or(0, |s| s.chars().count())
        + 1
}

pub(super) fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
