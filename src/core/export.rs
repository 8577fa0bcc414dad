//! Meeting -> GitLab Flavored Markdown (pure and deterministic).
//!
//! The export is pasted into the customer's collaboration project, so it is written for
//! the customer: facts first, then who attended, what was said per agenda section, what
//! was agreed, and the timing at the end.
//!
//! Nothing here reads a clock: [`to_markdown_at`] takes the time at which running
//! figures are computed and [`to_markdown`] uses the last time the meeting knows.
//!
//! All user text (and agenda text) goes through [`escape_inline`] or [`escape_cell`], so it
//! cannot add structure (headings, lists, tables, HTML, links, images), cannot trigger
//! GitLab references or mentions (`@all`, `#12`, `!34`, `~bug`, `&5`, `%milestone`,
//! `$snippet`) and cannot start a line with a quick action (`/assign`).

use chrono::{DateTime, FixedOffset};

use super::drift::FindingKind;
use super::meeting::{
    ActionItem, Attendee, DriftEvent, DriftOutcome, Meeting, ParkedItem, Phase, RegularMeeting,
    Side, Stakeholder, round_minutes,
};
use super::text;

/// Renders the meeting as GitLab Flavored Markdown, with running figures taken at the
/// last time the meeting knows (its end, else the start of the running interval, else its
/// start, else its creation).
pub fn to_markdown(meeting: &Meeting) -> String {
    let now = meeting
        .ended_at
        .or(meeting.running_since)
        .or(meeting.started_at)
        .unwrap_or(meeting.created_at);
    to_markdown_at(meeting, now)
}

/// Renders the meeting as GitLab Flavored Markdown, computing the time of a section still
/// running at `now`. A finished meeting renders the same whatever `now` is.
pub fn to_markdown_at(meeting: &Meeting, now: DateTime<FixedOffset>) -> String {
    // The notes are most of the text: size the output for them once.
    let notes: usize = meeting.sections.iter().map(|r| r.notes.len()).sum();
    let mut out = Out {
        text: String::with_capacity(notes + notes / 8 + 64 * 1024),
    };
    header(&mut out, meeting, now);
    attendees(&mut out, meeting);
    agenda(&mut out, meeting, now);
    list_section(&mut out, "Customer goals", &meeting.goals);
    list_section(&mut out, "Decisions", &meeting.decisions);
    actions(&mut out, &meeting.actions);
    parking_lot(&mut out, meeting, &meeting.parking_lot);
    if let Some(regular) = &meeting.regular_meeting {
        regular_meeting(&mut out, regular);
    }
    timing(&mut out, meeting, now);
    // Labeling flags are coaching for the facilitator, not news for the customer: only the
    // drift into troubleshooting goes into the notes.
    let drift: Vec<DriftEvent> = meeting
        .drift_log
        .iter()
        .filter(|e| e.kind == FindingKind::Troubleshooting)
        .cloned()
        .collect();
    drift_log(&mut out, meeting, &drift);
    out.line("_Notes taken with kickoff._");
    out.finish()
}

/// Escapes text for a paragraph, list item or heading: one line, no Markdown structure,
/// no HTML, no GitLab references or mentions, no quick action.
///
/// Control characters and terminal escape sequences are removed, line breaks and tabs
/// become spaces, runs of spaces collapse and the ends are trimmed. Markdown and GitLab
/// reference characters are backslash-escaped (GitLab honours a backslash before `@`,
/// `#`, `!`, `~`, `&`, `%`, `$` and `^` and then does not create a reference; an HTML
/// entity such as `&#64;` would not stop it). A leading list marker, ordered-list number,
/// `+`, `-`, `=` or `/` is escaped too.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    escape_inline_into(text, &mut out);
    out
}

/// [`escape_inline`], appending to `out`. Nothing is appended when the text is empty
/// once cleaned.
fn escape_inline_into(text: &str, out: &mut String) {
    let clean = text::for_markdown(text);
    let clean = clean.as_ref();
    out.reserve(clean.len() + 8);
    let ordered_marker = ordered_marker_at(clean);
    // Every character escaped is ASCII, so a byte index where one is found is a char
    // boundary: copy the runs between them whole.
    let mut start = 0;
    for (i, &b) in clean.as_bytes().iter().enumerate() {
        let leading = i == 0 && matches!(b, b'-' | b'+' | b'=' | b'/');
        if META[usize::from(b)] || leading || Some(i) == ordered_marker {
            out.push_str(&clean[start..i]);
            out.push('\\');
            start = i;
        }
    }
    out.push_str(&clean[start..]);
}

/// Escapes text for a table cell: everything [`escape_inline`] does, and every `|` is
/// escaped so a row always keeps its header's number of cells. Empty text stays empty.
pub fn escape_cell(text: &str) -> String {
    // `escape_inline` escapes `|` already; the pipe is checked again here because a table
    // depends on it, whatever becomes of the inline rules.
    let escaped = escape_inline(text);
    if !escaped.contains('|') {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len());
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

/// Splits notes into lines on any line break.
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
}

/// Notes as list items: one bullet per non-empty line. A bullet the note-taker typed
/// (`-`, `*`, `+`, `•`) is dropped as the line becomes a bullet anyway; an indented line
/// after another becomes a nested bullet. Each bullet is appended to `out` as a line;
/// returns whether there was any.
fn write_note_bullets(text: &str, out: &mut String) -> bool {
    out.reserve(text.len() + text.len() / 8);
    let mut any = false;
    for raw in raw_lines(text) {
        let indented = raw.starts_with([' ', '\t']);
        let trimmed = raw.trim_start();
        let body = ["- ", "* ", "+ ", "• ", "\u{2022}"]
            .iter()
            .find_map(|marker| trimmed.strip_prefix(marker))
            .unwrap_or(trimmed);
        let before = out.len();
        out.push_str(if indented && any { "  - " } else { "- " });
        let prefixed = out.len();
        escape_inline_into(body, out);
        if out.len() == prefixed {
            out.truncate(before);
            continue;
        }
        out.push('\n');
        any = true;
    }
    any
}

/// The bullets of [`write_note_bullets`], one string each.
#[cfg(test)]
fn note_bullets(text: &str) -> Vec<String> {
    let mut out = String::new();
    write_note_bullets(text, &mut out);
    out.lines().map(str::to_owned).collect()
}

/// The output being built, with blank lines between blocks.
#[derive(Default)]
struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, line: impl AsRef<str>) {
        self.text.push_str(line.as_ref());
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn heading(&mut self, level: usize, title: &str) {
        self.line(format!("{} {title}", "#".repeat(level)));
        self.blank();
    }

    fn row(&mut self, cells: &[String]) {
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

    fn finish(self) -> String {
        self.text
    }
}

fn time_of_day(at: DateTime<FixedOffset>) -> String {
    format!("{} (UTC{})", at.format("%H:%M"), at.format("%:z"))
}

fn minutes(n: i64) -> String {
    format!("{n} min")
}

/// "3 min over", "2 min under", "on time".
fn difference(actual: i64, planned: i64) -> String {
    match actual - planned {
        0 => "on time".to_owned(),
        d if d > 0 => format!("{d} min over"),
        d => format!("{} min under", -d),
    }
}

/// "+3 min", "-2 min", "0 min".
fn signed_minutes(d: i64) -> String {
    if d > 0 {
        format!("+{d} min")
    } else {
        format!("{d} min")
    }
}

/// "a", "a and b", "a, b and c" (or with another conjunction).
fn join_words(words: &[&str], conjunction: &str) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

fn header(out: &mut Out, meeting: &Meeting, now: DateTime<FixedOffset>) {
    let title = escape_inline(&meeting.agenda.title);
    let title = if title.is_empty() {
        "Meeting".to_owned()
    } else {
        title
    };
    let account = escape_inline(&meeting.account);
    if account.is_empty() {
        out.heading(1, &title);
    } else {
        out.heading(1, &format!("{title}: {account}"));
    }

    let planned = i64::from(meeting.agenda.minutes);
    let date = meeting.started_at.unwrap_or(meeting.created_at);
    out.line(format!("- **Date:** {}", date.format("%Y-%m-%d")));
    let phase = meeting.phase();
    match (meeting.started_at, meeting.ended_at) {
        (Some(start), Some(end)) => {
            out.line(format!("- **Started:** {}", time_of_day(start)));
            out.line(format!("- **Ended:** {}", time_of_day(end)));
            let wall = round_minutes(end - start);
            let paused = round_minutes((end - start) - meeting.meeting_elapsed(now));
            let paused = if paused > 0 {
                format!("; includes {} paused", minutes(paused))
            } else {
                String::new()
            };
            out.line(format!(
                "- **Duration:** {} (planned {}, {}{paused})",
                minutes(wall),
                minutes(planned),
                difference(wall, planned),
            ));
        }
        (Some(start), None) => {
            out.line(format!("- **Started:** {}", time_of_day(start)));
            out.line("- **Ended:** in progress");
            let so_far = round_minutes(meeting.meeting_elapsed(now));
            out.line(format!(
                "- **Duration:** {} so far (planned {})",
                minutes(so_far),
                minutes(planned)
            ));
        }
        (None, _) => {
            out.line("- **Started:** not started");
            out.line(format!("- **Duration:** planned {}", minutes(planned)));
        }
    }
    out.blank();
    match phase {
        Phase::Lobby => {
            out.line("> **Status:** the meeting has not started yet; these notes are a draft.");
            out.blank();
        }
        Phase::Running | Phase::Paused => {
            out.line("> **Status:** the meeting is still in progress; these notes are a draft.");
            out.blank();
        }
        Phase::Ended => {}
    }
}

fn side_order(side: Side) -> u8 {
    match side {
        Side::Customer => 0,
        Side::Partner => 1,
        Side::Gitlab => 2,
    }
}

fn attendee_notes(attendee: &Attendee) -> String {
    let mut notes: Vec<String> = Vec::new();
    if attendee.dri {
        notes.push("DRI".to_owned());
    }
    if attendee.primary_contact {
        notes.push("primary contact".to_owned());
    }
    if attendee.technical {
        notes.push("technical".to_owned());
    }
    if let Some(joined) = attendee.joined_at {
        notes.push(format!("joined {}", joined.format("%H:%M")));
    }
    notes.join(", ")
}

fn attendees(out: &mut Out, meeting: &Meeting) {
    out.heading(2, "Attendees");
    if meeting.attendees.is_empty() {
        out.line("_No attendees recorded._");
        out.blank();
        return;
    }
    let mut people: Vec<&Attendee> = meeting.attendees.iter().collect();
    people.sort_by_key(|a| side_order(a.side));
    out.row(
        &[
            "Name",
            "Side",
            "Role",
            "Time zone",
            "GitLab expertise",
            "Notes",
        ]
        .map(str::to_owned),
    );
    out.line("|---|---|---|---|---|---|");
    for a in people {
        out.row(&[
            escape_cell(&a.name),
            a.side.label().to_owned(),
            escape_cell(&a.role),
            escape_cell(&a.time_zone),
            escape_cell(&a.expertise),
            attendee_notes(a),
        ]);
    }
    out.blank();
    let missing = meeting.missing_stakeholders();
    if !missing.is_empty() {
        let words: Vec<&str> = missing.iter().map(|s: &Stakeholder| s.label()).collect();
        out.line(format!(
            "> **Note:** the attendee list has no {}.",
            join_words(&words, "or")
        ));
        out.blank();
    }
}

/// Whether anything happened in section `index`.
fn in_progress(meeting: &Meeting, index: usize) -> bool {
    matches!(meeting.phase(), Phase::Running | Phase::Paused) && meeting.current == index
}

fn section_title(meeting: &Meeting, index: usize) -> String {
    match meeting.agenda.sections.get(index) {
        Some(section) => format!("{}. {}", index + 1, escape_inline(&section.title)),
        None => format!("section {}", index + 1),
    }
}

fn agenda(out: &mut Out, meeting: &Meeting, now: DateTime<FixedOffset>) {
    out.heading(2, "Agenda");
    for (index, section) in meeting.agenda.sections.iter().enumerate() {
        out.heading(3, &section_title(meeting, index));
        let planned = i64::from(section.minutes);
        let was_visited = meeting.reached(index, now);
        let actual = round_minutes(meeting.section_elapsed(index, now));
        if in_progress(meeting, index) {
            out.line(format!(
                "_Time: {} so far (planned {}), in progress_",
                minutes(actual),
                minutes(planned)
            ));
        } else if was_visited {
            out.line(format!(
                "_Time: {} (planned {}, {})_",
                minutes(actual),
                minutes(planned),
                difference(actual, planned)
            ));
        } else if meeting.phase() == Phase::Lobby {
            out.line(format!("_Time: planned {}_", minutes(planned)));
        } else if meeting.phase() == Phase::Ended {
            out.line(format!(
                "_Not reached in this meeting (planned {})._",
                minutes(planned)
            ));
        } else {
            out.line(format!("_Not reached yet (planned {})._", minutes(planned)));
        }
        out.blank();
        let goal = escape_inline(&section.goal);
        if !goal.is_empty() {
            out.line(format!("**Goal:** {goal}"));
            out.blank();
        }
        let record = meeting.sections.get(index);
        let prompts: Vec<String> = section
            .prompts
            .iter()
            .enumerate()
            .filter_map(|(i, prompt)| {
                let text = escape_inline(prompt);
                if text.is_empty() {
                    return None;
                }
                let ticked = record.and_then(|r| r.ticked.get(i)).copied() == Some(true);
                Some(format!("- [{}] {text}", if ticked { "x" } else { " " }))
            })
            .collect();
        if !prompts.is_empty() {
            out.line("**Topics**");
            out.blank();
            for prompt in prompts {
                out.line(prompt);
            }
            out.blank();
        }
        if was_visited {
            out.line("**Notes**");
            out.blank();
            let notes = record.map_or("", |r| r.notes.as_str());
            if !write_note_bullets(notes, &mut out.text) {
                out.line("_No notes._");
            }
            out.blank();
        }
    }
}

fn list_section(out: &mut Out, title: &str, items: &[String]) {
    let items: Vec<String> = items
        .iter()
        .map(|item| escape_inline(item))
        .filter(|item| !item.is_empty())
        .collect();
    if items.is_empty() {
        return;
    }
    out.heading(2, title);
    for item in items {
        out.line(format!("- {item}"));
    }
    out.blank();
}

fn actions(out: &mut Out, actions: &[ActionItem]) {
    out.heading(2, "Action items");
    let mut any = false;
    for action in actions {
        let text = escape_inline(&action.text);
        if text.is_empty() {
            continue;
        }
        any = true;
        let mut line = format!("- [{}] {text}", if action.done { "x" } else { " " });
        let owner = escape_inline(&action.owner);
        if !owner.is_empty() {
            line.push_str(&format!(" — **{owner}**"));
        }
        if let Some(due) = action.due {
            line.push_str(&format!(" (due {})", due.format("%Y-%m-%d")));
        }
        out.line(line);
    }
    if !any {
        out.line("_No action items recorded._");
    }
    out.blank();
}

fn parking_lot(out: &mut Out, meeting: &Meeting, items: &[ParkedItem]) {
    let items: Vec<(String, &ParkedItem)> = items
        .iter()
        .map(|item| (escape_inline(&item.text), item))
        .filter(|(text, _)| !text.is_empty())
        .collect();
    if items.is_empty() {
        return;
    }
    out.heading(2, "Follow-ups (parking lot)");
    out.line("Topics raised during the meeting and kept for a separate follow-up:");
    out.blank();
    for (text, item) in items {
        let reason = escape_inline(&item.reason);
        let from = match meeting.agenda.sections.get(item.section) {
            Some(section) => format!(
                "section {}, “{}”",
                item.section + 1,
                escape_inline(&section.title)
            ),
            None => format!("section {}", item.section + 1),
        };
        if reason.is_empty() {
            out.line(format!("- {text} (raised in {from})"));
        } else {
            out.line(format!("- {text} (raised in {from}; reason: {reason})"));
        }
    }
    out.blank();
}

fn regular_meeting(out: &mut Out, regular: &RegularMeeting) {
    out.heading(2, "Regular meeting");
    out.line(format!("- **Cadence:** {}", regular.cadence.label()));
    let slot = escape_inline(&regular.slot);
    if slot.is_empty() {
        out.line("- **Slot:** to be agreed");
    } else {
        out.line(format!("- **Slot:** {slot}"));
    }
    let notes: Vec<String> = raw_lines(&regular.notes)
        .map(escape_inline)
        .filter(|line| !line.is_empty())
        .collect();
    match notes.as_slice() {
        [] => {}
        [one] => out.line(format!("- **Notes:** {one}")),
        many => {
            out.line("- **Notes:**");
            for line in many {
                out.line(format!("  - {line}"));
            }
        }
    }
    out.blank();
}

fn timing(out: &mut Out, meeting: &Meeting, now: DateTime<FixedOffset>) {
    out.heading(2, "Timing summary");
    out.row(&["Section", "Planned", "Actual", "Difference"].map(str::to_owned));
    out.line("|---|--:|--:|--:|");
    let lobby = meeting.phase() == Phase::Lobby;
    let mut planned_total = 0i64;
    for (index, section) in meeting.agenda.sections.iter().enumerate() {
        let planned = i64::from(section.minutes);
        planned_total += planned;
        let actual = round_minutes(meeting.section_elapsed(index, now));
        let (actual_cell, diff_cell) = if lobby {
            (String::new(), String::new())
        } else if in_progress(meeting, index) {
            (minutes(actual), "in progress".to_owned())
        } else if meeting.reached(index, now) {
            (minutes(actual), signed_minutes(actual - planned))
        } else if meeting.phase() == Phase::Ended {
            (String::new(), "not reached".to_owned())
        } else {
            (String::new(), "not yet".to_owned())
        };
        out.row(&[
            section_title(meeting, index),
            minutes(planned),
            actual_cell,
            diff_cell,
        ]);
    }
    let actual = round_minutes(meeting.meeting_elapsed(now));
    let (actual_total, diff_total) = match meeting.phase() {
        Phase::Lobby => (String::new(), String::new()),
        Phase::Running | Phase::Paused => {
            (format!("**{}**", minutes(actual)), "in progress".to_owned())
        }
        Phase::Ended => (
            format!("**{}**", minutes(actual)),
            format!("**{}**", signed_minutes(actual - planned_total)),
        ),
    };
    out.row(&[
        "**Total**".to_owned(),
        format!("**{}**", minutes(planned_total)),
        actual_total,
        diff_total,
    ]);
    out.blank();
    if meeting.phase() == Phase::Ended {
        out.line("_Times are the time spent in each section; pauses are not counted._");
        out.blank();
    }
}

fn kind_label(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::Troubleshooting => "Troubleshooting",
        FindingKind::Labeling => "Labeling a colleague",
    }
}

fn outcome_label(outcome: DriftOutcome) -> &'static str {
    match outcome {
        DriftOutcome::Parked => "Parked as a follow-up",
        DriftOutcome::Dismissed => "Dismissed",
        DriftOutcome::Noted => "Left in the notes",
    }
}

fn drift_log(out: &mut Out, meeting: &Meeting, events: &[DriftEvent]) {
    if events.is_empty() {
        return;
    }
    // A one-line summary first: how often, where, and what became of it.
    let mut sections: Vec<(usize, usize)> = Vec::new();
    for event in events {
        match sections.iter_mut().find(|(s, _)| *s == event.section) {
            Some((_, n)) => *n += 1,
            None => sections.push((event.section, 1)),
        }
    }
    let places: Vec<String> = sections
        .iter()
        .map(|(s, n)| format!("{} ({n})", section_title(meeting, *s)))
        .collect();
    let parked = events
        .iter()
        .filter(|e| e.outcome == DriftOutcome::Parked)
        .count();
    let places = join_words(
        &places.iter().map(String::as_str).collect::<Vec<_>>(),
        "and",
    );
    let summary = match (events.len(), parked) {
        (1, 1) => format!(
            "The conversation drifted into troubleshooting once, in {places}; it was parked as a follow-up."
        ),
        (1, _) => format!("The conversation drifted into troubleshooting once, in {places}."),
        (n, p) => format!(
            "The conversation drifted into troubleshooting {n} times, in {places}; {}.",
            match p {
                0 => "none of these was parked as a follow-up".to_owned(),
                1 => "one of these was parked as a follow-up".to_owned(),
                p => format!("{p} of these were parked as follow-ups"),
            }
        ),
    };
    out.line(summary);
    out.blank();
    out.line(
        "<details><summary>Drift log (facilitation flags raised during the meeting)</summary>",
    );
    out.blank();
    out.row(&["Time", "Section", "Flag", "Matched words", "Outcome"].map(str::to_owned));
    out.line("|---|---|---|---|---|");
    for event in events {
        out.row(&[
            event.at.format("%H:%M").to_string(),
            section_title(meeting, event.section),
            kind_label(event.kind).to_owned(),
            escape_cell(&event.matched),
            outcome_label(event.outcome).to_owned(),
        ]);
    }
    out.blank();
    out.line("</details>");
    out.blank();
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn notes_become_one_bullet_per_line() {
        assert_eq!(
            note_bullets("first\n\n- second\n  detail\n# third\n\r\n"),
            vec![
                "- first".to_owned(),
                "- second".to_owned(),
                "  - detail".to_owned(),
                "- \\# third".to_owned(),
            ]
        );
        assert!(note_bullets(" \n\t\n").is_empty());
        assert_eq!(note_bullets("  indented first"), vec!["- indented first"]);
    }

    #[test]
    fn differences_read_naturally() {
        assert_eq!(difference(63, 60), "3 min over");
        assert_eq!(difference(55, 60), "5 min under");
        assert_eq!(difference(60, 60), "on time");
        assert_eq!(signed_minutes(3), "+3 min");
        assert_eq!(signed_minutes(-2), "-2 min");
        assert_eq!(signed_minutes(0), "0 min");
        assert_eq!(join_words(&["a", "b", "c"], "and"), "a, b and c");
        assert_eq!(join_words(&["a", "b"], "or"), "a or b");
    }
}
