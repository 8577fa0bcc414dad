//! The customer version: what the customer reads in their collaboration project.

use chrono::{DateTime, FixedOffset};

use crate::core::meeting::{Attendee, Meeting, Phase};

use super::markdown::{self, Out, escape_inline};
use super::notes::{self, Reader};
use super::{
    Options, Version, action_line, carried_note, customer_heading, document_title, parked_box,
    regular_meeting_lines, side_order,
};

/// Renders the customer version (see the module documentation of `export`).
pub(super) fn render(meeting: &Meeting, _now: DateTime<FixedOffset>, options: &Options) -> String {
    let notes: usize = meeting.sections.iter().map(|r| r.notes.text_len()).sum();
    let mut out = Out::with_capacity(notes + notes / 8 + 16 * 1024);
    out.heading(1, &document_title(meeting));
    out.line(format!(
        "**Date:** {}",
        super::long_date(super::meeting_date(meeting))
    ));
    out.blank();
    match meeting.phase() {
        Phase::Lobby | Phase::Running | Phase::Paused => {
            out.line("> **Draft:** the meeting has not finished yet; these notes may change.");
            out.blank();
        }
        Phase::Ended => {}
    }
    summary(&mut out, meeting, options);
    attendees(&mut out, meeting, options);
    section_notes(&mut out, meeting, options);
    follow_ups(&mut out, meeting, options);
    out.line("_Notes taken with kickoff._");
    out.finish()
}

/// Goals, decisions, action items and the next meeting: what to read if nothing else.
fn summary(out: &mut Out, meeting: &Meeting, options: &Options) {
    out.heading(2, "Summary");
    let list = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|item| markdown::inline(item, options))
            .filter(|item| !item.is_empty())
            .map(|item| format!("- {item}"))
            .collect()
    };
    let goals = list(&meeting.goals);
    if !goals.is_empty() {
        out.line("**Your goals**");
        out.blank();
        goals.iter().for_each(|line| out.line(line));
        out.blank();
    }
    let decisions = list(&meeting.decisions);
    if !decisions.is_empty() {
        out.line("**Decisions**");
        out.blank();
        decisions.iter().for_each(|line| out.line(line));
        out.blank();
    }
    let actions: Vec<String> = meeting
        .actions
        .iter()
        .filter(|a| !a.internal)
        .filter_map(|a| action_line(meeting, a, Version::Customer, options))
        .collect();
    out.line("**Action items**");
    out.blank();
    if actions.is_empty() {
        out.line("_No action items were agreed._");
    }
    actions.iter().for_each(|line| out.line(line));
    out.blank();
    let regular = regular_meeting_lines(meeting, options);
    if !regular.is_empty() {
        out.line("**Regular meeting**");
        out.blank();
        regular.iter().for_each(|line| out.line(line));
        out.blank();
    }
}

/// "DRI, primary contact": what the customer agreed about each person.
fn contact(attendee: &Attendee) -> String {
    let mut words = Vec::new();
    if attendee.dri {
        words.push("DRI");
    }
    if attendee.primary_contact {
        words.push("primary contact");
    }
    words.join(", ")
}

fn attendees(out: &mut Out, meeting: &Meeting, options: &Options) {
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
            "Team",
            "Role",
            "Time zone",
            "GitLab expertise",
            "Contact",
        ]
        .map(str::to_owned),
    );
    out.line("|---|---|---|---|---|---|");
    for a in people {
        out.row(&[
            markdown::cell(&a.name, options),
            a.side.label().to_owned(),
            markdown::cell(&a.role, options),
            markdown::cell(&a.time_zone, options),
            markdown::cell(&a.expertise, options),
            contact(a),
        ]);
    }
    out.blank();
}

/// The notes of each section the customer may read, under customer-facing headings;
/// sections with nothing for the customer are left out.
fn section_notes(out: &mut Out, meeting: &Meeting, options: &Options) {
    let mut any = false;
    let lobby = notes::lobby_lines(meeting);
    let public: Vec<_> = lobby
        .iter()
        .filter(|line| line.reader == Reader::Everyone)
        .collect();
    if !public.is_empty() {
        out.heading(2, "Notes");
        any = true;
        out.heading(3, "Before the meeting");
        notes::write_bullets(&public, options, |_, _| {}, &mut out.text);
        out.blank();
    }
    for (index, section) in meeting.agenda.sections.iter().enumerate() {
        let lines = notes::note_lines(meeting, index);
        let public: Vec<_> = lines
            .iter()
            .filter(|line| line.reader == Reader::Everyone)
            .collect();
        if public.is_empty() {
            continue;
        }
        if !any {
            out.heading(2, "Notes");
            any = true;
        }
        let heading = escape_inline(&customer_heading(&section.title));
        let heading = if heading.is_empty() {
            format!("Part {}", index + 1)
        } else {
            heading
        };
        out.heading(3, &heading);
        notes::write_bullets(&public, options, |_, _| {}, &mut out.text);
        out.blank();
    }
}

/// Topics kept for a separate follow-up, without the reasons they were parked for.
fn follow_ups(out: &mut Out, meeting: &Meeting, options: &Options) {
    let lines: Vec<String> = meeting
        .parking_lot
        .iter()
        .filter(|item| !item.internal)
        .filter_map(|item| {
            let text = markdown::inline(&item.text, options);
            if text.is_empty() {
                return None;
            }
            let from = match (&item.carried, meeting.agenda.sections.get(item.section)) {
                (Some(carried), _) => format!(" _({})_", carried_note(carried)),
                (None, Some(section)) => {
                    let heading = escape_inline(&customer_heading(&section.title));
                    if heading.is_empty() {
                        String::new()
                    } else {
                        format!(" (raised in “{heading}”)")
                    }
                }
                (None, None) => String::new(),
            };
            Some(format!("- {} {text}{from}", parked_box(item)))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    out.heading(2, "Follow-ups");
    out.line("Topics raised during the meeting and kept for a separate follow-up:");
    out.blank();
    lines.iter().for_each(|line| out.line(line));
    out.blank();
}
