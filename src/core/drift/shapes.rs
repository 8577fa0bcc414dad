//! Hand-written matchers for shapes the notation cannot express: stack frames and
//! timestamped log lines, commands, status tables, class names, HTTP statuses next to
//! what returned them.

use std::ops::Range;

use super::pattern::is_http_error;
use super::tokens::Line;
use super::words::class;

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
    if line.classes & class::DIGIT == 0 || line.classes & class::LOG_LEVEL == 0 {
        return None;
    }
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
            if !level.word || !level.is(class::LOG_LEVEL) {
                continue;
            }
            let original = line.original(level);
            let shouting = original.len() > 1 && !original.bytes().any(|b| b.is_ascii_lowercase());
            let bracketed = k
                .checked_sub(1)
                .and_then(|p| line.tok(p))
                .is_some_and(|p| line.norm(p) == "[")
                || line
                    .tok(k + 1)
                    .is_some_and(|n| matches!(line.norm(n), ":" | "]" | "|"));
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

/// A command with its arguments: a command-line tool followed, on the same line, by a
/// flag (`-n`, `--tail=200`), a pipe, or a `task:name` (`kubectl logs x | grep error`,
/// `gitlab-rake gitlab:geo:check`). "kubectl access is limited" is not one.
pub(super) fn command_with_arguments(line: &Line<'_>) -> Option<Range<usize>> {
    let toks = &line.toks;
    if line.classes & class::CLI == 0 && toks.first().is_none_or(|t| line.norm(t) != "sudo") {
        return None;
    }
    if let (Some(first), Some(second)) = (toks.first(), toks.get(1))
        && line.norm(first) == "sudo"
        && second.word
    {
        return Some(first.start..line.text.trim_end().len());
    }
    for (i, t) in toks.iter().enumerate() {
        if !t.word || !t.is(class::CLI) {
            continue;
        }
        // The tool must start the line, a clause or a quote, or follow a verb of running.
        let lead = i == 0
            || toks.get(i - 1).is_some_and(|p| {
                !p.word
                    || matches!(
                        line.norm(p),
                        "ran"
                            | "run"
                            | "running"
                            | "runs"
                            | "typed"
                            | "tried"
                            | "executed"
                            | "sudo"
                            | "via"
                            | "with"
                            | "then"
                            | "and"
                    )
            });
        if !lead {
            continue;
        }
        let mut end = None;
        for j in i + 1..toks.len().min(i + 12) {
            let Some(u) = toks.get(j) else { break };
            let text = line.original(u);
            // A flag, `-n` or `--tail`: a dash after a space, the word right after it
            // (or after a second dash).
            let mut flag = None;
            if !u.word && text == "-" && toks.get(j - 1).is_some_and(|p| p.end < u.start) {
                let mut k = j + 1;
                let mut at = u.end;
                if let Some(d) = toks.get(k)
                    && !d.word
                    && d.start == at
                    && line.original(d) == "-"
                {
                    k += 1;
                    at = d.end;
                }
                flag = toks
                    .get(k)
                    .filter(|n| n.word && n.start == at)
                    .map(|n| n.end);
            }
            let pipe = text == "|" && toks.get(j + 1).is_some_and(|n| n.word);
            // An absolute path after a space: `grep concurrent /etc/gitlab-runner/config.toml`.
            let path = text == "/"
                && toks.get(j - 1).is_some_and(|p| p.end < u.start)
                && toks.get(j + 1).is_some_and(|n| n.word && n.start == u.end);
            let alpha = |t: &super::tokens::Tok| {
                t.word
                    && line
                        .original(t)
                        .starts_with(|c: char| c.is_ascii_alphabetic())
            };
            let task = text == ":"
                && toks
                    .get(j - 1)
                    .is_some_and(|p| alpha(p) && p.end == u.start)
                && toks
                    .get(j + 1)
                    .is_some_and(|n| alpha(n) && n.start == u.end);
            if flag.is_some() {
                end = flag;
                break;
            }
            if pipe || task || path {
                end = toks.get(j + 1).map(|n| n.end);
                break;
            }
            if u.brk {
                break;
            }
        }
        if let Some(end) = end {
            return Some(t.start..end);
        }
    }
    None
}

/// A command pasted with its flags, whatever the tool: a program's name starts the line
/// (after a `$ ` prompt), and at least two of the next dozen fields are flags (`-x`,
/// `--long`, `-profile`): `nextflow run main.nf -profile ci -resume`. Tools the
/// vocabulary knows are [`command_with_arguments`]'s.
pub(super) fn flagged_command(line: &Line<'_>) -> Option<Range<usize>> {
    flagged_command_in(line.text)
}

/// `text` after its indent, and where that starts.
fn after_indent(text: &str) -> (usize, &str) {
    let body = text.trim_start();
    (text.len() - body.len(), body)
}

fn flagged_command_in(text: &str) -> Option<Range<usize>> {
    let (start, body) = after_indent(text);
    let body = body.strip_prefix("$ ").unwrap_or(body);
    // Most notes start with a capital or a name: not a program's.
    if !body
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'.' || b == b'/')
    {
        return None;
    }
    let mut fields = body.split_ascii_whitespace();
    let program = fields.next()?;
    let mut name = program;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    let name = name.trim_start_matches('/');
    let named = name.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && program
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-./".contains(&b));
    (named && fields.take(12).filter(|f| is_flag(f)).count() >= 2)
        .then(|| start..text.trim_end().len())
}

/// `-x`, `--long`, `-profile`, `--name=value`: not `->`, `-` or `-5`.
fn is_flag(field: &str) -> bool {
    let Some(rest) = field.strip_prefix("--").or_else(|| field.strip_prefix('-')) else {
        return false;
    };
    let name = rest.split('=').next().unwrap_or_default();
    name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A tool's error about a file, as Unix tools print it: `program: path: message`, the
/// path with a `/` or a file's extension, the message a complaint (`gzip:
/// tests/hg38.fa.gz: not in gzip format`, `cp: /etc/gitlab: Permission denied`).
pub(super) fn tool_error_about_a_file(line: &Line<'_>) -> Option<Range<usize>> {
    tool_error_in(line.text)
}

fn tool_error_in(text: &str) -> Option<Range<usize>> {
    let (start, body) = after_indent(text);
    // The program's name is short and of its own bytes: the first byte outside them
    // must be the `:` after it.
    let program_byte = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(b);
    let name_len = body.bytes().take(25).take_while(program_byte).count();
    let (program, rest) = body.split_at_checked(name_len)?;
    let rest = rest.strip_prefix(": ")?;
    let (path, message) = rest.split_once(": ")?;
    let program_like = (2..=24).contains(&program.len())
        && program
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_lowercase);
    let path_like = path.len() >= 3
        && !path.contains(char::is_whitespace)
        && (path.contains('/')
            || path
                .rsplit_once('.')
                .is_some_and(|(name, ext)| !name.is_empty() && (1..=4).contains(&ext.len())));
    let first = message.split_ascii_whitespace().next().unwrap_or_default();
    let complaint = first.chars().next().is_some_and(char::is_uppercase)
        || message.split_ascii_whitespace().any(|w| {
            matches!(
                w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\''),
                "not"
                    | "no"
                    | "cannot"
                    | "can't"
                    | "unable"
                    | "invalid"
                    | "failed"
                    | "denied"
                    | "unknown"
                    | "unexpected"
                    | "missing"
                    | "refused"
                    | "bad"
                    | "too"
            )
        });
    (program_like && path_like && complaint).then(|| start..text.trim_end().len())
}

/// An HTTP request pasted as a tool or a log shows it: a method in capitals at the start
/// of the line, then a path (`GET /api/v4/projects/12/jobs -> 200 {...}`).
pub(super) fn http_request_line(line: &Line<'_>) -> Option<Range<usize>> {
    let (start, body) = after_indent(line.text);
    let method_len = body
        .bytes()
        .take(8)
        .take_while(u8::is_ascii_uppercase)
        .count();
    let (method, rest) = body.split_at_checked(method_len)?;
    let rest = rest.strip_prefix(' ')?;
    let known = matches!(
        method,
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
    );
    (known && rest.starts_with('/') && rest.len() > 1).then(|| start..line.text.trim_end().len())
}

/// A database query pasted as typed: `SELECT ... FROM`, `UPDATE ... SET`, `DELETE FROM`,
/// the keywords in capitals (prose says "select the runners from the list").
pub(super) fn sql_query(line: &Line<'_>) -> Option<Range<usize>> {
    let toks = &line.toks;
    let word = |i: usize| toks.get(i).map_or("", |t| line.original(t));
    let (at, then) = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.word && t.is(class::CAPITAL))
        .find_map(|(i, t)| match line.original(t) {
            "SELECT" => Some((i, "FROM")),
            "UPDATE" => Some((i, "SET")),
            "DELETE" if word(i + 1) == "FROM" => Some((i, "")),
            _ => None,
        })?;
    let ends = then.is_empty() || (at + 2..toks.len()).any(|i| word(i) == then);
    let start = toks.get(at)?.start;
    ends.then(|| start..line.text.trim_end().len())
}

/// A scoped constant from code or a log: `Net::ReadTimeout`,
/// `Projects::MergeRequestsController`.
pub(super) fn scoped_constant(line: &Line<'_>) -> Option<Range<usize>> {
    let text = line.text;
    let bytes = text.as_bytes();
    if !line.has_punct(b':') {
        return None;
    }
    let at = text.find("::")?;
    let mut pos = at;
    loop {
        let head_upper = text
            .get(..pos)
            .and_then(|h| {
                let word_start = h
                    .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(0, |k| k + 1);
                h.get(word_start..).map(|w| (word_start, w))
            })
            .filter(|(_, w)| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()));
        let tail_upper = bytes.get(pos + 2).is_some_and(u8::is_ascii_uppercase);
        if let Some((start, _)) = head_upper
            && tail_upper
        {
            let end = text
                .get(pos + 2..)
                .and_then(|t| {
                    t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                })
                .map_or(text.len(), |k| pos + 2 + k);
            return Some(start..end);
        }
        pos = pos + 2 + text.get(pos + 2..)?.find("::")?;
    }
}

/// A row of a status table (`| pg-02 | 10.1.4.22 | Replica | stopped |`) that shows a
/// bad status.
pub(super) fn status_table_row(line: &Line<'_>) -> Option<Range<usize>> {
    let trimmed = line.text.trim();
    if !trimmed.starts_with('|') || trimmed.matches('|').count() < 4 {
        return None;
    }
    let bad = line.has(class::BAD_STATUS);
    let status = line.toks.iter().any(|t| {
        t.word
            && matches!(
                line.norm(t),
                "healthy" | "running" | "ready" | "online" | "up" | "active" | "synced" | "ok"
            )
    });
    let machine = line.toks.iter().any(|t| t.is(class::CODE | class::DIGIT));
    if !(bad || status && machine) {
        return None;
    }
    let (start, _) = after_indent(line.text);
    Some(start..start + trimmed.len())
}

/// Output of a git server: a line starting `remote:`.
pub(super) fn git_server_output(line: &Line<'_>) -> Option<Range<usize>> {
    let (first, second) = (line.tok(0)?, line.tok(1)?);
    (line.norm(first) == "remote" && line.norm(second) == ":" && line.toks.len() > 3)
        .then(|| first.start..line.text.trim_end().len())
}

/// Two or more `key=value` pairs with no spaces, as structured logs print them
/// (`runner=xK3f status=failed`), when one of them names a problem or a status.
pub(super) fn key_value_log(line: &Line<'_>) -> Option<Range<usize>> {
    let toks = &line.toks;
    if !line.has_punct(b'=') {
        return None;
    }
    let mut pairs = 0;
    let mut first = None;
    let mut telling = false;
    for (j, u) in toks.iter().enumerate() {
        if line.original(u) != "=" {
            continue;
        }
        let key = j.checked_sub(1).and_then(|k| toks.get(k));
        let value = toks.get(j + 1);
        if let (Some(k), Some(v)) = (key, value)
            && k.word
            && k.end == u.start
            && v.start == u.end
        {
            pairs += 1;
            first.get_or_insert(k.start);
            telling |= matches!(
                line.norm(k),
                "status" | "error" | "err" | "msg" | "level" | "reason" | "exit_code" | "code"
            ) || v.is(class::PROBLEM | class::BAD_STATUS);
        }
    }
    let start = first?;
    (pairs >= 2 && telling).then(|| start..line.text.trim_end().len())
}

/// An HTTP error status (400–599) next to what returned it: a path (`502 on
/// /users/sign_in`), a technical noun (`dependency proxy 403`), or a verb of returning
/// in any form (`return 404`). Counts ("500 users", "~400 devs") are not statuses.
pub(super) fn http_status_in_context(line: &Line<'_>) -> Option<Range<usize>> {
    let toks = &line.toks;
    if line.classes & class::DIGIT == 0 {
        return None;
    }
    for (i, t) in toks.iter().enumerate() {
        if !t.is(class::DIGIT) || !is_http_error(line.norm(t)) || line.number_tail(i) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(i + 1);
        // A pasted status line: `422 The change you requested was rejected`.
        if i == 0 && next.is_some_and(|n| n.is(class::CAPITAL)) && toks.len() > 3 {
            return Some(t.start..line.text.trim_end().len());
        }
        let counted = prev.is_some_and(|p| {
            matches!(
                line.norm(p),
                "~" | "about"
                    | "around"
                    | "over"
                    | "under"
                    | "approx"
                    | ">"
                    | "<"
                    | "#"
                    | "of"
                    | "and"
                    | "to"
                    | "than"
                    | "$"
                    | "€"
                    | "£"
                    | "top"
                    | "first"
                    | "last"
            )
        }) || next
            .is_some_and(|n| n.word && !n.is(class::PROBLEM) && is_count_noun(line.norm(n)));
        if counted {
            continue;
        }
        let window = i.saturating_sub(3)..(i + 4).min(toks.len());
        let context = window.clone().filter(|&k| k != i).find(|&k| {
            toks.get(k).is_some_and(|u| {
                u.word && u.is(class::TECH | class::CODE | class::PROBLEM)
                    || matches!(
                        line.norm(u),
                        "return"
                            | "returns"
                            | "returned"
                            | "returning"
                            | "give"
                            | "gives"
                            | "gave"
                            | "get"
                            | "gets"
                            | "got"
                            | "getting"
                            | "throw"
                            | "throws"
                            | "http"
                            | "https"
                            | "status"
                            | "code"
                            | "response"
                            | "on"
                            | "for"
                    ) && k + 1 == i
                    || k == i + 1
                        && matches!(
                            line.norm(u),
                            "response" | "responses" | "error" | "errors" | "status" | "code"
                        )
                    || line.original(u) == "/" && k == i + 2
            })
        });
        if let Some(k) = context
            && let Some(u) = toks.get(k)
        {
            return Some(t.start.min(u.start)..t.end.max(u.end));
        }
    }
    None
}

fn is_count_noun(word: &str) -> bool {
    matches!(
        word,
        "users"
            | "user"
            | "devs"
            | "developers"
            | "people"
            | "seats"
            | "licenses"
            | "licences"
            | "projects"
            | "repos"
            | "repositories"
            | "engineers"
            | "employees"
            | "teams"
            | "groups"
            | "members"
            | "customers"
            | "ms"
            | "gb"
            | "mb"
            | "kb"
            | "tb"
            | "minutes"
            | "min"
            | "mins"
            | "hours"
            | "days"
            | "seconds"
            | "s"
            | "k"
            | "m"
            | "people's"
            | "accounts"
            | "apps"
            | "services"
            | "microservices"
            | "tests"
            | "jobs"
            | "pipelines"
            | "runners"
            | "nodes"
            | "servers"
            | "vms"
            | "builds"
            | "mrs"
            | "commits"
            | "branches"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_with_flags_whatever_the_tool() {
        let found = |t: &str| flagged_command_in(t).is_some();
        assert!(found("nextflow run main.nf -profile awsbatch,ci -resume"));
        assert!(found("$ mytool sync --dry-run --verbose"));
        assert!(found("./deploy.sh -e stg -v"));
        assert!(!found("plan -> review -> merge"), "arrows are not flags");
        assert!(
            !found("Ana ran it with -v and -x"),
            "a sentence, not a command"
        );
        assert!(!found("runner -v only"), "one flag");
        assert!(!found("costs -5 and -10 percent"), "numbers are not flags");
    }

    #[test]
    fn a_tools_error_about_a_file() {
        let found = |t: &str| tool_error_in(t).is_some();
        assert!(found("gzip: tests/fixtures/hg38.fa.gz: not in gzip format"));
        assert!(found("cp: /etc/gitlab/gitlab.rb: Permission denied"));
        assert!(found("tar: backup.tar: Cannot open"));
        assert!(
            !found("todo: README.md: add a section on runners"),
            "not a complaint"
        );
        assert!(
            !found("Note: docs/setup.md: Permission page"),
            "not a tool's name"
        );
        assert!(!found("agenda: intro: No slides"), "not a path");
    }

    #[test]
    fn http_requests() {
        let line = |t: &'static str| Line::new(t);
        assert!(http_request_line(&line("GET /api/v4/projects/4412 -> 200")).is_some());
        assert!(http_request_line(&line("  POST /users/sign_in 422")).is_some());
        assert!(http_request_line(&line("GET them the slides")).is_none());
        assert!(http_request_line(&line("get /api later")).is_none());
    }

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
