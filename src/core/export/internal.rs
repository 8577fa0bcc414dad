//! The internal version: everything the meeting recorded, headed as internal.

use chrono::{DateTime, FixedOffset};

use crate::core::drift::FindingKind;
use crate::core::meeting::{
    Attendee, DriftEvent, DriftOutcome, Meeting, ParkedItem, Phase, Stakeholder, round_minutes,
};

use super::markdown::{self, Out, escape_cell, escape_inline};
use super::notes::{self, Reader};
use super::{
    Options, Version, action_line, carried_note, document_title, join_words, parked_box,
    regular_meeting_lines, side_order, sow_window_line, valid_username,
};

/// The line under the title that says what this version is.
pub(super) const BANNER: &str = "> **Internal version: not for the customer.** It holds the facilitation notes (agenda prompts, timing, drift flags, attendee coverage) and everything marked internal. Share the customer version with the customer.";

/// Renders the internal version (see the module documentation of `export`).
pub(super) fn render(meeting: &Meeting, now: DateTime<FixedOffset>, options: &Options) -> String {
    // The notes are most of the text: size the output for them once.
    let notes: usize = meeting.sections.iter().map(|r| r.notes.text_len()).sum();
    let mut out = Out::with_capacity(notes + notes / 8 + 64 * 1024);
    header(&mut out, meeting, now);
    attendees(&mut out, meeting);
    before_the_meeting(&mut out, meeting, options);
    agenda(&mut out, meeting, now, options);
    list_section(&mut out, "Customer goals", &meeting.goals, options);
    list_section(&mut out, "Decisions", &meeting.decisions, options);
    actions(&mut out, meeting, options);
    parking_lot(&mut out, meeting, options);
    let regular = regular_meeting_lines(meeting, options);
    if !regular.is_empty() {
        out.heading(2, "Regular meeting");
        regular.iter().for_each(|line| out.line(line));
        out.blank();
    }
    timing(&mut out, meeting, now);
    drift_log(&mut out, meeting);
    out.line("_Notes taken with kickoff._");
    out.finish()
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

fn header(out: &mut Out, meeting: &Meeting, now: DateTime<FixedOffset>) {
    out.heading(1, &document_title(meeting));
    out.line(BANNER);
    out.blank();
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
    let from: Vec<String> = meeting
        .carried_from
        .iter()
        .map(|id| escape_inline(id))
        .filter(|id| !id.is_empty())
        .collect();
    if !from.is_empty() {
        out.line(format!("- **Carried over from:** {}", from.join(", ")));
    }
    if let Some(line) = sow_window_line(meeting) {
        out.line(line);
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
    if let Some(username) = valid_username(&attendee.gitlab_username) {
        // Escaped: the internal version mentions nobody.
        notes.push(format!("GitLab {}", escape_inline(&format!("@{username}"))));
    }
    notes.join(", ")
}

fn attendees(out: &mut Out, meeting: &Meeting) {
    out.heading(2, "Attendees");
    if meeting.attendees.is_empty() {
        out.line("_No attendees recorded._");
        out.blank();
    } else {
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
    }
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

/// Whether section `index` is the one running (or paused) now.
fn in_progress(meeting: &Meeting, index: usize) -> bool {
    matches!(meeting.phase(), Phase::Running | Phase::Paused) && meeting.current == index
}

fn section_title(meeting: &Meeting, index: usize) -> String {
    match meeting.agenda.sections.get(index) {
        Some(section) => format!("{}. {}", index + 1, escape_inline(&section.title)),
        None => format!("section {}", index + 1),
    }
}

/// What was typed in the lobby, if anything.
fn before_the_meeting(out: &mut Out, meeting: &Meeting, options: &Options) {
    let lines = notes::lobby_lines(meeting);
    if lines.is_empty() {
        return;
    }
    out.heading(2, "Before the meeting");
    let all: Vec<_> = lines.iter().collect();
    notes::write_bullets(&all, options, reader_prefix, &mut out.text);
    out.blank();
}

/// What goes before a note line that the customer version leaves out.
fn reader_prefix(line: &notes::NoteLine<'_>, out: &mut String) {
    match &line.reader {
        Reader::Everyone => {}
        Reader::Internal => out.push_str("**Internal:** "),
        Reader::Labeling(words) => {
            out.push_str("**Not in the customer version, labels a colleague (“");
            out.push_str(&escape_inline(words));
            out.push_str("”):** ");
        }
    }
}

fn agenda(out: &mut Out, meeting: &Meeting, now: DateTime<FixedOffset>, options: &Options) {
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
            let lines = notes::note_lines(meeting, index);
            let all: Vec<_> = lines.iter().collect();
            let wrote = notes::write_bullets(&all, options, reader_prefix, &mut out.text);
            if !wrote {
                out.line("_No notes._");
            }
            out.blank();
        }
    }
}

fn list_section(out: &mut Out, title: &str, items: &[String], options: &Options) {
    let items: Vec<String> = items
        .iter()
        .map(|item| markdown::inline(item, options))
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

fn actions(out: &mut Out, meeting: &Meeting, options: &Options) {
    out.heading(2, "Action items");
    let lines: Vec<String> = meeting
        .actions
        .iter()
        .filter_map(|a| action_line(meeting, a, Version::Internal, options))
        .collect();
    if lines.is_empty() {
        out.line("_No action items recorded._");
    }
    lines.iter().for_each(|line| out.line(line));
    out.blank();
}

fn parked_line(meeting: &Meeting, item: &ParkedItem, options: &Options) -> Option<String> {
    let text = markdown::inline(&item.text, options);
    if text.is_empty() {
        return None;
    }
    let internal = if item.internal { "**Internal:** " } else { "" };
    let from = match &item.carried {
        Some(carried) => carried_note(carried),
        None => match meeting.agenda.sections.get(item.section) {
            Some(section) => format!(
                "raised in section {}, “{}”",
                item.section + 1,
                escape_inline(&section.title)
            ),
            None => format!("raised in section {}", item.section + 1),
        },
    };
    let reason = escape_inline(&item.reason);
    let reason = if reason.is_empty() {
        String::new()
    } else {
        format!("; reason: {reason}")
    };
    Some(format!(
        "- {} {internal}{text} ({from}{reason})",
        parked_box(item)
    ))
}

fn parking_lot(out: &mut Out, meeting: &Meeting, options: &Options) {
    let lines: Vec<String> = meeting
        .parking_lot
        .iter()
        .filter_map(|item| parked_line(meeting, item, options))
        .collect();
    if lines.is_empty() {
        return;
    }
    out.heading(2, "Follow-ups (parking lot)");
    out.line("Topics raised during the meeting and kept for a separate follow-up:");
    out.blank();
    lines.iter().for_each(|line| out.line(line));
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

/// A summary of the drift into troubleshooting, then every flag in a table.
fn drift_log(out: &mut Out, meeting: &Meeting) {
    let events: &[DriftEvent] = &meeting.drift_log;
    if events.is_empty() {
        return;
    }
    let troubleshooting: Vec<&DriftEvent> = events
        .iter()
        .filter(|e| e.kind == FindingKind::Troubleshooting)
        .collect();
    if !troubleshooting.is_empty() {
        out.line(troubleshooting_summary(meeting, &troubleshooting));
        out.blank();
    }
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

/// How often the talk drifted into troubleshooting, where, and what became of it.
fn troubleshooting_summary(meeting: &Meeting, events: &[&DriftEvent]) -> String {
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
    match (events.len(), parked) {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
