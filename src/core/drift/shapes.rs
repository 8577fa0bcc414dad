//! Hand-written matchers for shapes the notation cannot express: stack frames and
//! timestamped log lines.

use std::ops::Range;

use super::tokens::Line;
use super::words::LOG_LEVELS;

// Hand-written matchers

/// An indented `at ...` stack frame line: `    at com.foo.Bar.baz(Bar.java:12)`,
/// `  at Object.<anonymous> (/app/x.js:3:5)`.
pub(super) fn indented_at_frame(line: &Line<'_>) -> Option<Range<usize>> {
    let text = line.text;
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    if lead == 0 {
        return None;
    }
    let rest = trimmed.strip_prefix("at ")?;
    let first = rest.split_whitespace().next()?;
    let starts_like_code = first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '$' | '/' | '<'));
    let code_like = first.contains('.') || first.contains('(');
    let has_location = rest
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b':' && w[1].is_ascii_digit())
        || rest.contains("(Native Method)")
        || rest.contains("(Unknown Source)");
    if !(starts_like_code && code_like && has_location) {
        return None;
    }
    let end = text.trim_end().len();
    (end > lead).then_some(lead..end)
}

/// A timestamp (`2024-05-01 12:00:01`, `2024-05-01T12:00:01Z`, `12:00:01.123`) followed
/// within a few tokens by a log level (`ERROR`, `warn:`, `[info]`).
pub(super) fn timestamped_log_line(line: &Line<'_>) -> Option<Range<usize>> {
    let bytes = line.text.as_bytes();
    for t in &line.toks {
        if !t.word || !bytes.get(t.start).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let Some(ts_end) = parse_timestamp(bytes, t.start) else {
            continue;
        };
        let first_after = line.toks.partition_point(|u| u.start < ts_end);
        for k in first_after..line.toks.len().min(first_after + 4) {
            let Some(level) = line.tok(k) else { break };
            if !level.word || !LOG_LEVELS.contains(&level.norm.as_str()) {
                continue;
            }
            let original = line.original(level);
            let shouting = original.len() > 1 && !original.bytes().any(|b| b.is_ascii_lowercase());
            let bracketed = k
                .checked_sub(1)
                .and_then(|p| line.tok(p))
                .is_some_and(|p| p.norm == "[")
                || line
                    .tok(k + 1)
                    .is_some_and(|n| matches!(n.norm.as_str(), ":" | "]" | "|"));
            if shouting || bracketed {
                return Some(t.start..level.end);
            }
        }
    }
    None
}

/// Counts ASCII digits from `i`, returning the end if there are between `min` and `max`.
pub(super) fn digits(b: &[u8], i: usize, min: usize, max: usize) -> Option<usize> {
    let n = b
        .iter()
        .skip(i)
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (min..=max).contains(&n).then_some(i + n)
}

/// Exactly `n` ASCII digits at `i` (more may follow); returns the end.
pub(super) fn fixed_digits(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let all = b.get(i..i.checked_add(n)?)?.iter().all(u8::is_ascii_digit);
    all.then_some(i + n)
}

pub(super) fn byte_is(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> bool {
    b.get(i).is_some_and(|&c| f(c))
}

/// `hh:mm:ss` with optional fraction and zone; returns the end.
pub(super) fn parse_time(b: &[u8], i: usize) -> Option<usize> {
    let p = digits(b, i, 1, 2)?;
    if !byte_is(b, p, |c| c == b':') {
        return None;
    }
    let p = digits(b, p + 1, 2, 2)?;
    if !byte_is(b, p, |c| c == b':') {
        return None;
    }
    let mut p = digits(b, p + 1, 2, 2)?;
    if byte_is(b, p, |c| c == b'.' || c == b',')
        && let Some(q) = digits(b, p + 1, 1, 9)
    {
        p = q;
    }
    if byte_is(b, p, |c| c == b'Z') {
        p += 1;
    } else if byte_is(b, p, |c| c == b'+' || c == b'-')
        && let Some(q) = fixed_digits(b, p + 1, 2)
    {
        p = q;
        let minutes_from = if byte_is(b, p, |c| c == b':') {
            p + 1
        } else {
            p
        };
        if let Some(r) = digits(b, minutes_from, 2, 2) {
            p = r;
        }
    }
    Some(p)
}

/// A date (`yyyy-mm-dd`, optionally with a time) or a bare time; returns the end, which
/// must not be followed by a letter or digit.
pub(super) fn parse_timestamp(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && byte_is(b, i - 1, |c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let end = match digits(b, i, 4, 4) {
        Some(p) if byte_is(b, p, |c| c == b'-' || c == b'/') => {
            let sep = b.get(p).copied()?;
            let p = digits(b, p + 1, 2, 2)?;
            if !byte_is(b, p, |c| c == sep) {
                return None;
            }
            let p = digits(b, p + 1, 2, 2)?;
            if byte_is(b, p, |c| c == b'T' || c == b' ') {
                parse_time(b, p + 1).unwrap_or(p)
            } else {
                p
            }
        }
        _ => parse_time(b, i)?,
    };
    (!byte_is(b, end, |c| c.is_ascii_alphanumeric())).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let b = |s: &str| s.as_bytes().to_vec();
        assert_eq!(parse_timestamp(&b("2024-05-01 12:00:01 x"), 0), Some(19));
        assert_eq!(parse_timestamp(&b("2024-05-01T12:00:01.5Z"), 0), Some(22));
        assert_eq!(parse_timestamp(&b("12:00:01.123 WARN"), 0), Some(12));
        assert_eq!(parse_timestamp(&b("12:00 CET"), 0), None);
        assert_eq!(
            parse_timestamp(&b("2024-05-01T12:00:01+02:00 x"), 0),
            Some(25)
        );
        assert_eq!(parse_timestamp(&b("12:00:01+0200 x"), 0), Some(13));
        assert_eq!(parse_timestamp(&b("2024-05-01x"), 0), None);
    }
}
