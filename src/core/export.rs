//! Meeting -> GitLab Flavored Markdown, in two versions (pure and deterministic).
//!
//! The notes are pasted into the customer's collaboration project, which the customer
//! reads; what the ASE needs during the call is not for them. So every export exists
//! twice (see `docs/export.md`):
//!
//! - [`customer`], the default: a summary (goals, decisions, action items, the next
//!   meeting), the attendees, the notes per section under customer-facing headings, and
//!   the follow-ups. Nothing marked internal, no drift flags or their reasons, no timing,
//!   no coverage warnings, no coaching prompts, no line that labels a colleague.
//! - [`internal`]: everything, headed as internal.
//!
//! Nothing here reads a clock: both take the time at which running figures are computed
//! ([`last_known_time`] is the meeting's own last time).
//!
//! All user text (and agenda text) goes through [`markdown`], so it cannot add structure
//! (headings, lists, tables, HTML, images), cannot trigger GitLab references or mentions
//! (`@all`, `#12`, `!34`, `~bug`, `&5`, `%milestone`, `$snippet`) and cannot start a
//! line with a quick action (`/assign`). Links typed with an http(s) target work as
//! typed; references work only when [`Options::references`] is on; an action item's
//! owner who is an attendee with a GitLab username is mentioned in the customer version.

mod customer;
pub mod followup;
mod internal;
pub mod markdown;
mod notes;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Weekday};

use super::business_days::{self, Holidays, WindowPosition};
use super::cadence::Recurrence;
use super::meeting::{ActionItem, Attendee, Cadence, Carried, Meeting, ParkedItem};
use super::zone::Zone;

pub use markdown::{escape_cell, escape_inline};
pub use notes::{INTERNAL_MARKER, is_internal_line, toggle_internal_line};

/// Choices the user makes in the config.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Let `#12`, `!34` and `group/project#56` in the notes through as GitLab
    /// references; off, they stay literal text.
    pub references: bool,
    /// The ASE's own time zone: the agreed regular meeting is shown on their clock too.
    pub ase_zone: Option<Zone>,
}

/// Which version of the export is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// For the customer: the default.
    Customer,
    /// For the ASE and the account team: everything.
    Internal,
}

impl Version {
    /// The word used on screen and in file names: `customer` or `internal`.
    pub fn label(self) -> &'static str {
        match self {
            Version::Customer => "customer",
            Version::Internal => "internal",
        }
    }
}

/// Renders `version` of the export with `options`.
pub fn render(
    meeting: &Meeting,
    now: DateTime<FixedOffset>,
    version: Version,
    options: &Options,
) -> String {
    match version {
        Version::Customer => customer::render(meeting, now, options),
        Version::Internal => internal::render(meeting, now, options),
    }
}

/// The customer version, the default export: only what the customer should read.
pub fn customer(meeting: &Meeting, now: DateTime<FixedOffset>) -> String {
    customer::render(meeting, now, &Options::default())
}

/// The internal version: everything, headed as internal.
pub fn internal(meeting: &Meeting, now: DateTime<FixedOffset>) -> String {
    internal::render(meeting, now, &Options::default())
}

/// The internal version at the last time the meeting knows (see [`last_known_time`]).
/// Kept for existing callers; the app and `kickoff export` should write [`customer`]
/// unless the internal version is asked for.
pub fn to_markdown(meeting: &Meeting) -> String {
    internal(meeting, last_known_time(meeting))
}

/// The internal version, computing the time of a section still running at `now`. Kept
/// for existing callers (see [`to_markdown`]).
pub fn to_markdown_at(meeting: &Meeting, now: DateTime<FixedOffset>) -> String {
    internal(meeting, now)
}

/// The last time the meeting knows: its end, else the start of the running interval,
/// else its start, else its creation. A saved meeting exports the same whenever.
pub fn last_known_time(meeting: &Meeting) -> DateTime<FixedOffset> {
    meeting
        .ended_at
        .or(meeting.running_since)
        .or(meeting.started_at)
        .unwrap_or(meeting.created_at)
}

/// The day the meeting took place (or was opened, when it has not started).
pub fn meeting_date(meeting: &Meeting) -> NaiveDate {
    meeting
        .started_at
        .unwrap_or(meeting.created_at)
        .date_naive()
}

/// The date of the next regular meeting, when one is agreed and a date can be told: the
/// agreed schedule's first date after this meeting; else a date written in its slot or notes (`YYYY-MM-DD`) after this meeting; else the first
/// day after this meeting that falls on the weekday its slot names ("Tuesdays 10:00");
/// when this meeting is itself on that weekday, one cadence (a week or two) later.
pub fn next_meeting_date(meeting: &Meeting) -> Option<NaiveDate> {
    let date = meeting_date(meeting);
    // An agreed schedule says exactly when.
    if let Some(schedule) = &meeting.regular_schedule {
        return Some(schedule.first_on_or_after(date.succ_opt()?));
    }
    let regular = meeting.regular_meeting.as_ref()?;
    let words = || {
        regular
            .slot
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .chain(
                regular
                    .notes
                    .split(|c: char| !c.is_alphanumeric() && c != '-'),
            )
    };
    if let Some(written) = words()
        .filter_map(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        .find(|d| *d > date)
    {
        return Some(written);
    }
    let weekday = regular
        .slot
        .split(|c: char| !c.is_alphabetic())
        .find_map(weekday_named)?;
    let interval = match regular.cadence {
        Cadence::Weekly => 7,
        Cadence::EveryOtherWeek => 14,
    };
    if date.weekday() == weekday {
        return date.checked_add_signed(Duration::days(interval));
    }
    (1..=7)
        .filter_map(|d| date.checked_add_signed(Duration::days(d)))
        .find(|d| d.weekday() == weekday)
}

/// The weekday an English word names ("tue", "Tuesday", "tuesdays").
fn weekday_named(word: &str) -> Option<Weekday> {
    let word = word.to_lowercase();
    let word = word
        .strip_suffix('s')
        .filter(|w| w.ends_with("day"))
        .unwrap_or(&word);
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// "Tuesday, 1 December 2026".
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%A, %-d %B %Y").to_string()
}

/// The heading a section gets in the customer version. The built-in agendas' titles
/// speak to the ASE ("Introduce yourself", "Their GitLab plans"); they are given the
/// customer's point of view here. A title starting with "Their " reads "Your "; any
/// other title is used as written.
pub fn customer_heading(title: &str) -> String {
    const HEADINGS: &[(&str, &str)] = &[
        ("Introduce yourself", "Meet your Assigned Support Engineer"),
        ("Attendees introduce themselves", "Introductions"),
        (
            "The ASE role, constraints and SOW",
            "How we will work together",
        ),
        ("Agree a regular meeting", "Our regular meeting"),
        ("Hand-over with the CSA", "Hand-over"),
        (
            "Announce the introductory meeting",
            "The introductory meeting to come",
        ),
    ];
    let trimmed = title.trim();
    if let Some((_, heading)) = HEADINGS
        .iter()
        .find(|(agenda, _)| agenda.eq_ignore_ascii_case(trimmed))
    {
        return (*heading).to_owned();
    }
    match trimmed.strip_prefix("Their ") {
        Some(rest) => format!("Your {rest}"),
        None => trimmed.to_owned(),
    }
}

/// Whether an action item is still to be done: not done, not set aside.
pub fn is_open_action(action: &ActionItem) -> bool {
    !action.done && !action.not_applicable
}

/// The task box of an action item: `[x]` done, `[~]` not applicable, `[ ]` open.
fn action_box(action: &ActionItem) -> &'static str {
    if action.done {
        "[x]"
    } else if action.not_applicable {
        "[~]"
    } else {
        "[ ]"
    }
}

/// The task box of a parked topic.
fn parked_box(item: &ParkedItem) -> &'static str {
    if item.done { "[x]" } else { "[ ]" }
}

/// "from the Introductory meeting of 2026-11-23", escaped.
fn carried_note(carried: &Carried) -> String {
    let title = escape_inline(&carried.title);
    let date = carried.date.format("%Y-%m-%d");
    if title.is_empty() {
        format!("carried over from the meeting of {date}")
    } else {
        format!("carried over from the {title} of {date}")
    }
}

/// A GitLab username as it may be mentioned: letters, digits, `_`, `.` and `-`, not
/// starting with `.` or `-`; a leading `@` typed with it is dropped.
pub fn valid_username(name: &str) -> Option<&str> {
    let name = name.trim();
    let name = name.strip_prefix('@').unwrap_or(name);
    let ok = !name.is_empty()
        && name.len() <= 255
        && !name.starts_with(['.', '-'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    ok.then_some(name)
}

/// The attendee an action item's owner names (same name, ignoring case and spacing).
fn owner_attendee<'a>(meeting: &'a Meeting, owner: &str) -> Option<&'a Attendee> {
    let key = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let owner = key(owner);
    if owner.is_empty() {
        return None;
    }
    meeting.attendees.iter().find(|a| key(&a.name) == owner)
}

/// The owner of an action item as written in `version`: a mention of the attendee's
/// GitLab username in the customer version when they have one, else their name in bold.
fn owner_text(meeting: &Meeting, action: &ActionItem, version: Version) -> Option<String> {
    if version == Version::Customer
        && let Some(username) =
            owner_attendee(meeting, &action.owner).and_then(|a| valid_username(&a.gitlab_username))
    {
        return Some(format!("@{username}"));
    }
    let name = escape_inline(&action.owner);
    (!name.is_empty()).then(|| format!("**{name}**"))
}

/// One action item as a task list item, or `None` when its text is empty.
fn action_line(
    meeting: &Meeting,
    action: &ActionItem,
    version: Version,
    options: &Options,
) -> Option<String> {
    let text = markdown::inline(&action.text, options);
    if text.is_empty() {
        return None;
    }
    let mut line = format!("- {} ", action_box(action));
    if version == Version::Internal && action.internal {
        line.push_str("**Internal:** ");
    }
    line.push_str(&text);
    if let Some(owner) = owner_text(meeting, action, version) {
        line.push_str(" — ");
        line.push_str(&owner);
    }
    if let Some(due) = action.due {
        line.push_str(&format!(" (due {})", due.format("%Y-%m-%d")));
    }
    if let Some(carried) = &action.carried {
        line.push_str(&format!(" _({})_", carried_note(carried)));
    }
    Some(line)
}

/// The regular meeting in a few list items: the agreed schedule with its time on everyone's
/// clock (else the cadence and slot as said), its notes, the next date.
fn regular_meeting_lines(meeting: &Meeting, options: &Options) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(schedule) = &meeting.regular_schedule {
        schedule_lines(meeting, schedule, options, &mut lines);
    }
    let Some(regular) = &meeting.regular_meeting else {
        if !lines.is_empty()
            && let Some(next) = next_meeting_date(meeting)
        {
            lines.push(format!("- **Next meeting:** {}", long_date(next)));
        }
        return lines;
    };
    let slot = markdown::inline(&regular.slot, options);
    if meeting.regular_schedule.is_none() {
        lines.push(format!("- **Cadence:** {}", regular.cadence.label()));
        if slot.is_empty() {
            lines.push("- **Slot:** to be agreed".to_owned());
        }
    }
    if !slot.is_empty() {
        lines.push(format!("- **Slot:** {slot}"));
    }
    let notes: Vec<String> = notes::raw_lines(&regular.notes)
        .map(|line| markdown::inline(line, options))
        .filter(|line| !line.is_empty())
        .collect();
    match notes.as_slice() {
        [] => {}
        [one] => lines.push(format!("- **Notes:** {one}")),
        many => {
            lines.push("- **Notes:**".to_owned());
            for line in many {
                lines.push(format!("  - {line}"));
            }
        }
    }
    if let Some(next) = next_meeting_date(meeting) {
        lines.push(format!("- **Next meeting:** {}", long_date(next)));
    }
    lines
}

/// The agreed schedule and the first meeting after this one on the clock of the ASE and of
/// each attendee, one line per zone.
fn schedule_lines(
    meeting: &Meeting,
    schedule: &Recurrence,
    options: &Options,
    lines: &mut Vec<String>,
) {
    lines.push(format!(
        "- **Agreed:** {}",
        markdown::inline(&schedule.summary(), options)
    ));
    let mut people: Vec<(String, Zone)> = Vec::new();
    if let Some(ase) = options.ase_zone {
        people.push(("ASE".to_owned(), ase));
    }
    let mut unknown = Vec::new();
    for a in &meeting.attendees {
        match a.known_zone() {
            Some(z) => people.push((markdown::inline(&a.name, options), z)),
            None => unknown.push(a),
        }
    }
    let day = meeting_date(meeting);
    let date = schedule.first_on_or_after(day.succ_opt().unwrap_or(day));
    match schedule.in_each_zone(&people, date) {
        Ok(zones) => {
            lines.push(format!("- **Local times** on {}:", long_date(date)));
            for z in zones {
                let names = if z.names.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", z.names.join(", "))
                };
                lines.push(format!("  - {}: {}{names}", z.zone, z.span));
            }
            for a in unknown {
                let typed = markdown::inline(&a.time_zone, options);
                let typed = if typed.is_empty() {
                    "no time zone given".to_owned()
                } else {
                    format!("time zone \"{typed}\" not recognised")
                };
                lines.push(format!(
                    "  - {}: {typed}",
                    markdown::inline(&a.name, options)
                ));
            }
        }
        Err(e) => lines.push(format!(
            "- **Local times:** unknown ({})",
            markdown::inline(&e.to_string(), options)
        )),
    }
}

/// The SOW window (weekends skipped; no holiday list is known here) and where the meeting's
/// date falls in it, for the internal version.
fn sow_window_line(meeting: &Meeting) -> Option<String> {
    let start = meeting.sow_start?;
    let Ok(window) = business_days::sow_window(start, &Holidays::new()) else {
        return Some(format!(
            "- **SOW window:** SOW starts {}; no business day follows it",
            start.format("%Y-%m-%d")
        ));
    };
    let date = meeting_date(meeting);
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_owned()
        } else {
            format!("{n} days")
        }
    };
    let position = match window.position(date) {
        WindowPosition::BusinessDay(n) => format!(
            "inside it (business day {n} of {})",
            window.business_days.len()
        ),
        WindowPosition::NotABusinessDay => "inside it, but not on a business day".to_owned(),
        WindowPosition::Before(n) => format!("{} before it", days(n)),
        WindowPosition::After(n) => {
            format!("**outside it**, {} after the last acceptable day", days(n))
        }
    };
    Some(format!(
        "- **SOW window:** SOW starts {}; meet on {}, at the latest {} (weekends skipped); this meeting, {}, was {position}",
        day_label(start),
        day_label(window.first_day),
        day_label(window.last_day),
        day_label(date),
    ))
}

/// "Mon 2026-12-28".
fn day_label(date: NaiveDate) -> String {
    date.format("%a %Y-%m-%d").to_string()
}

/// Customer, partner, GitLab: the customer reads about their own people first.
fn side_order(side: super::meeting::Side) -> u8 {
    use super::meeting::Side;
    match side {
        Side::Customer => 0,
        Side::Partner => 1,
        Side::Gitlab => 2,
    }
}

/// "Title: Account", escaped; "Meeting" when the agenda has no title.
fn document_title(meeting: &Meeting) -> String {
    let title = escape_inline(&meeting.agenda.title);
    let title = if title.is_empty() {
        "Meeting".to_owned()
    } else {
        title
    };
    let account = escape_inline(&meeting.account);
    if account.is_empty() {
        title
    } else {
        format!("{title}: {account}")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::meeting::RegularMeeting;

    fn with_regular(date: &str, cadence: Cadence, slot: &str, notes: &str) -> Meeting {
        let at = DateTime::parse_from_rfc3339(&format!("{date}T14:00:00+01:00")).unwrap();
        let mut m = Meeting::new(
            "m".into(),
            "ACME".into(),
            crate::core::agenda::Agenda {
                name: "a".into(),
                title: "A".into(),
                description: String::new(),
                minutes: 30,
                checklist: Vec::new(),
                sections: Vec::new(),
            },
            at,
        );
        m.regular_meeting = Some(RegularMeeting {
            cadence,
            slot: slot.into(),
            notes: notes.into(),
        });
        m
    }

    fn day(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn the_next_meeting_falls_on_the_weekday_of_the_slot() {
        // 2026-11-23 is a Monday.
        let m = with_regular(
            "2026-11-23",
            Cadence::EveryOtherWeek,
            "Tuesdays 10:00 CET",
            "",
        );
        assert_eq!(next_meeting_date(&m), day("2026-11-24"));
        let m = with_regular("2026-11-23", Cadence::Weekly, "fri 9am", "");
        assert_eq!(next_meeting_date(&m), day("2026-11-27"));
        // A regular meeting on its own weekday: one cadence later.
        let m = with_regular("2026-11-24", Cadence::EveryOtherWeek, "Tuesday 10:00", "");
        assert_eq!(next_meeting_date(&m), day("2026-12-08"));
        let m = with_regular("2026-11-24", Cadence::Weekly, "Tuesday 10:00", "");
        assert_eq!(next_meeting_date(&m), day("2026-12-01"));
    }

    #[test]
    fn a_written_date_wins_and_no_weekday_means_no_date() {
        let m = with_regular(
            "2026-11-23",
            Cadence::EveryOtherWeek,
            "Tuesdays 10:00",
            "first one on 2026-12-01",
        );
        assert_eq!(next_meeting_date(&m), day("2026-12-01"));
        let m = with_regular("2026-11-23", Cadence::Weekly, "to be agreed by mail", "");
        assert_eq!(next_meeting_date(&m), None);
        // "Sundays" in a word like "Mondayish" is not a weekday.
        let m = with_regular("2026-11-23", Cadence::Weekly, "Mondayish", "");
        assert_eq!(next_meeting_date(&m), None);
    }

    #[test]
    fn customer_headings_speak_to_the_customer() {
        assert_eq!(customer_heading("Their GitLab plans"), "Your GitLab plans");
        assert_eq!(
            customer_heading("introduce yourself"),
            "Meet your Assigned Support Engineer"
        );
        assert_eq!(customer_heading("Looking ahead"), "Looking ahead");
    }

    #[test]
    fn usernames_are_checked_before_they_are_mentioned() {
        assert_eq!(valid_username("@rpatel"), Some("rpatel"));
        assert_eq!(valid_username(" dana.w-1 "), Some("dana.w-1"));
        assert_eq!(valid_username("all everyone"), None);
        assert_eq!(valid_username("-x"), None);
        assert_eq!(valid_username("a/b"), None);
        assert_eq!(valid_username(""), None);
    }
}
