//! The regular meeting as an iCalendar file (RFC 5545) that calendar apps import: one
//! VEVENT repeating weekly or every other week (RRULE), its start given on the clock of its
//! zone (DTSTART;TZID=...) and that zone defined in a VTIMEZONE built from the transitions
//! of the bundled time zone database, so the meeting stays at the agreed local time through
//! daylight-saving changes.
//!
//! Lines end in CRLF and are folded at 75 octets; text values are escaped.
//!
//! The VTIMEZONE holds the zone's transitions from the year before the first meeting to ten
//! years after it. Transitions that follow a "n-th (or last) weekday of the month" rule in
//! consecutive years become one yearly RRULE; a rule still in force at the end stays open,
//! so calendar apps carry it on. Zones with other rules (Israel's "Friday before the last
//! Sunday") are written as shorter runs, exact for the years written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc, Weekday};

use super::cadence::{Recurrence, RecurrenceError};
use super::meeting::{Cadence, Meeting};
use super::zone::{Transition, Tz, Zone};

/// The product identifier written into every calendar.
pub const PRODID: &str = concat!(
    "-//GitLab ASE kickoff//kickoff ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// Years of daylight-saving rules written into the VTIMEZONE after the first meeting's; rules
/// still in force then are written as yearly rules that go on.
const VTIMEZONE_YEARS_AHEAD: i32 = 10;

/// What the calendar event says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// A unique, stable identifier, so importing again updates rather than duplicates.
    pub uid: &'a str,
    /// The title.
    pub summary: &'a str,
    /// The details; may be empty.
    pub description: &'a str,
    /// When the file is written.
    pub stamp: DateTime<Utc>,
}

/// Why no calendar could be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcsError {
    /// The meeting has no agreed schedule yet.
    #[error(
        "no regular meeting has been scheduled in this session yet: agree a day and time first"
    )]
    NoSchedule,
    /// The schedule in the session is not usable.
    #[error("the regular meeting's schedule is not usable: {0}")]
    Invalid(#[from] RecurrenceError),
}

/// The stable UID of a session's regular meeting.
pub fn uid_for(meeting_id: &str) -> String {
    format!("{meeting_id}-regular@kickoff")
}

/// The calendar file of a meeting's agreed regular meeting, written at `stamp`.
pub fn for_meeting(meeting: &Meeting, stamp: DateTime<Utc>) -> Result<String, IcsError> {
    let recurrence = meeting
        .regular_schedule
        .as_ref()
        .ok_or(IcsError::NoSchedule)?;
    let summary = format!("{}: regular meeting with your GitLab ASE", meeting.account);
    let mut description = recurrence.summary();
    if let Some(regular) = &meeting.regular_meeting
        && !regular.notes.trim().is_empty()
    {
        description.push_str("\n\n");
        description.push_str(regular.notes.trim());
    }
    let uid = uid_for(&meeting.id);
    calendar(
        recurrence,
        &Event {
            uid: &uid,
            summary: &summary,
            description: &description,
            stamp,
        },
    )
}

/// The calendar file for `recurrence`.
pub fn calendar(recurrence: &Recurrence, event: &Event<'_>) -> Result<String, IcsError> {
    let zone = recurrence.validate()?;
    let first = recurrence.first_occurrence();
    let tzid = tzid(&zone);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{}", text(PRODID)),
        "CALSCALE:GREGORIAN".into(),
    ];
    vtimezone(&mut lines, &zone, &tzid, first.year());
    let interval = match recurrence.cadence {
        Cadence::Weekly => 1,
        Cadence::EveryOtherWeek => 2,
    };
    lines.extend([
        "BEGIN:VEVENT".into(),
        format!("UID:{}", text(event.uid)),
        format!("DTSTAMP:{}", event.stamp.format("%Y%m%dT%H%M%SZ")),
        format!(
            "DTSTART;TZID={tzid}:{}",
            first.and_time(recurrence.time).format("%Y%m%dT%H%M%S")
        ),
        format!("DURATION:PT{}M", recurrence.duration_minutes),
        format!(
            "RRULE:FREQ=WEEKLY;INTERVAL={interval};BYDAY={};WKST=MO",
            byday(recurrence.weekday)
        ),
        format!("SUMMARY:{}", text(event.summary)),
    ]);
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(event.description)));
    }
    lines.extend(["END:VEVENT".into(), "END:VCALENDAR".into()]);
    let mut out = String::new();
    for line in &lines {
        fold_into(&mut out, line);
    }
    Ok(out)
}

/// The TZID: the IANA name, or `UTC+0530` for a fixed offset (a colon would need quoting).
fn tzid(zone: &Zone) -> String {
    match zone {
        Zone::Iana(tz) => tz.name().to_owned(),
        Zone::Fixed(offset) => format!("UTC{}", ics_offset(*offset)),
    }
}

/// `+0100`, `-0330`, `+054500` when seconds are needed.
fn ics_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// `MO`, `TU`, ...
fn byday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The start of January 1 of `year`, UTC.
fn new_year(year: i32) -> Option<DateTime<Utc>> {
    NaiveDate::from_ymd_opt(year, 1, 1).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// The transitions of `tz` in the years `from..=to`.
fn transitions(tz: Tz, from: i32, to: i32) -> Vec<Transition> {
    let (Some(start), Some(end)) = (new_year(from), new_year(to + 1)) else {
        return Vec::new();
    };
    tz.transitions(start, end)
}

/// Which weekday of the month a date is: its number from the start, and whether it is the last.
fn nth_in_month(date: NaiveDate) -> (i32, bool) {
    let nth = (date.day() as i32 - 1) / 7 + 1;
    let last = date
        .checked_add_signed(Duration::days(7))
        .is_none_or(|later| later.month() != date.month());
    (nth, last)
}

/// Writes the VTIMEZONE for `zone`, with the rules around `year`.
fn vtimezone(lines: &mut Vec<String>, zone: &Zone, tzid: &str, year: i32) {
    lines.push("BEGIN:VTIMEZONE".into());
    lines.push(format!("TZID:{tzid}"));
    let tz = match zone {
        Zone::Iana(tz) => *tz,
        Zone::Fixed(offset) => {
            observance(
                lines,
                "STANDARD",
                "19700101T000000",
                *offset,
                *offset,
                tzid,
                None,
            );
            lines.push("END:VTIMEZONE".into());
            return;
        }
    };
    let (first_year, last_year) = (year - 1, year + VTIMEZONE_YEARS_AHEAD);
    let found = transitions(tz, first_year, last_year);
    if found.is_empty() {
        let s = tz.state_at(new_year(year).unwrap_or_default());
        let kind = if s.daylight { "DAYLIGHT" } else { "STANDARD" };
        observance(
            lines,
            kind,
            "19700101T000000",
            s.offset,
            s.offset,
            &s.abbreviation,
            None,
        );
        lines.push("END:VTIMEZONE".into());
        return;
    }
    // Transitions that repeat a yearly rule (same kind, offsets, name, month, weekday and
    // time) in consecutive years become one observance with an RRULE.
    type Key = (bool, i32, i32, String, u32, u32, chrono::NaiveTime);
    let mut groups: BTreeMap<Key, Vec<&Transition>> = BTreeMap::new();
    for tr in &found {
        let local = tr.local();
        let key = (
            tr.to.daylight,
            tr.from.local_minus_utc(),
            tr.to.offset.local_minus_utc(),
            tr.to.abbreviation.clone(),
            local.month(),
            local.weekday().num_days_from_monday(),
            local.time(),
        );
        groups.entry(key).or_default().push(tr);
    }
    let mut components: Vec<(DateTime<Utc>, Vec<String>)> = Vec::new();
    for run in groups.values().flat_map(|list| yearly_runs(list)) {
        let Some(first) = run.first() else { continue };
        let mut component = Vec::new();
        let rule = yearly_rule(&run, last_year);
        observance(
            &mut component,
            if first.to.daylight {
                "DAYLIGHT"
            } else {
                "STANDARD"
            },
            &first.local().format("%Y%m%dT%H%M%S").to_string(),
            first.from,
            first.to.offset,
            &first.to.abbreviation,
            rule,
        );
        components.push((first.at, component));
    }
    components.sort_by_key(|(at, _)| *at);
    for (_, component) in components {
        lines.extend(component);
    }
    lines.push("END:VTIMEZONE".into());
}

/// Splits transitions of one key into runs of consecutive years that share a BYDAY rule.
fn yearly_runs<'a>(list: &[&'a Transition]) -> Vec<Vec<&'a Transition>> {
    let mut runs: Vec<Vec<&Transition>> = Vec::new();
    for tr in list {
        let extends = runs.last().is_some_and(|run| {
            run.last().is_some_and(|prev| {
                prev.local().year() + 1 == tr.local().year() && rule_of(run, Some(tr)).is_some()
            })
        });
        match runs.last_mut() {
            Some(run) if extends => run.push(tr),
            _ => runs.push(vec![tr]),
        }
    }
    runs
}

/// The BYDAY position shared by `run` (and `extra`): -1 for "the last" when all are the last
/// of their month, else the common number from the start of the month.
fn rule_of(run: &[&Transition], extra: Option<&Transition>) -> Option<i32> {
    let all: Vec<(i32, bool)> = run
        .iter()
        .copied()
        .chain(extra)
        .map(|t| nth_in_month(t.local().date()))
        .collect();
    let (n0, _) = *all.first()?;
    if all.iter().all(|(_, last)| *last) {
        Some(-1)
    } else if all.iter().all(|(n, _)| *n == n0) {
        Some(n0)
    } else {
        None
    }
}

/// The RRULE for a run of two or more years; it ends (UNTIL) unless it lasts to `last_year`.
fn yearly_rule(run: &[&Transition], last_year: i32) -> Option<String> {
    let (first, last) = (run.first()?, run.last()?);
    if run.len() < 2 {
        return None;
    }
    let n = rule_of(run, None)?;
    let local = first.local();
    let mut rule = format!(
        "RRULE:FREQ=YEARLY;BYMONTH={};BYDAY={n}{}",
        local.month(),
        byday(local.weekday())
    );
    if last.local().year() < last_year {
        let _ = write!(rule, ";UNTIL={}", last.at.format("%Y%m%dT%H%M%SZ"));
    }
    Some(rule)
}

fn observance(
    lines: &mut Vec<String>,
    kind: &str,
    dtstart: &str,
    from: FixedOffset,
    to: FixedOffset,
    name: &str,
    rule: Option<String>,
) {
    lines.push(format!("BEGIN:{kind}"));
    lines.push(format!("DTSTART:{dtstart}"));
    lines.push(format!("TZOFFSETFROM:{}", ics_offset(from)));
    lines.push(format!("TZOFFSETTO:{}", ics_offset(to)));
    if !name.is_empty() {
        lines.push(format!("TZNAME:{}", text(name)));
    }
    lines.extend(rule);
    lines.push(format!("END:{kind}"));
}

/// Escapes a TEXT value: backslash, semicolon, comma, line breaks (as `\n`); other control
/// characters become spaces.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a UTF-8 character), each piece ended by
/// CRLF and continued after a space.
fn fold_into(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut piece = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if piece + len > budget {
            out.push_str("\r\n ");
            // The leading space counts towards the next piece's 75 octets.
            budget = 74;
            piece = 0;
        }
        out.push(c);
        piece += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::slots::Slot;
    use crate::core::zone::iana;
    use chrono::NaiveDateTime;
    use chrono::NaiveTime;
    use icalendar::parser::{Component, read_calendar, unfold};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn recurrence(zone: Zone, cadence: Cadence, weekday: Weekday, time: &str) -> Recurrence {
        Recurrence::new(
            cadence,
            Slot {
                weekday,
                time: NaiveTime::parse_from_str(time, "%H:%M").unwrap(),
            },
            &zone,
            30,
            d("2026-11-25"),
        )
    }

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T13:05:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn ics(r: &Recurrence, summary: &str, description: &str) -> String {
        calendar(
            r,
            &Event {
                uid: "2026-11-23-1402-acme-regular@kickoff",
                summary,
                description,
                stamp: stamp(),
            },
        )
        .unwrap()
    }

    /// Checks the file's form: CRLF only, every line at most 75 octets, folds start with a
    /// space.
    fn assert_wire_form(file: &str) {
        assert!(file.ends_with("\r\n"));
        assert!(!file.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(!file.replace("\r\n", "").contains('\r'), "bare CR");
        for line in file.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
    }

    fn prop<'a>(c: &'a Component<'a>, name: &str) -> String {
        c.find_prop(name)
            .unwrap_or_else(|| panic!("{} has no {name}", c.name.as_str()))
            .val
            .as_str()
            .to_owned()
    }

    fn param(c: &Component<'_>, prop: &str, key: &str) -> Option<String> {
        c.find_prop(prop)?
            .params
            .iter()
            .find(|p| p.key.as_str() == key)
            .and_then(|p| p.val.as_ref().map(|v| v.as_str().to_owned()))
    }

    /// A component's properties, name and value, in order.
    type Props = Vec<(String, String)>;

    /// Parses the file with the independent parser and checks RFC 5545's required
    /// properties; returns the event's properties and the time zone's observances.
    fn parse_and_check(file: &str) -> (Props, Vec<(String, Props)>) {
        assert_wire_form(file);
        let unfolded = unfold(file);
        let cal = read_calendar(&unfolded).unwrap();
        // VCALENDAR: VERSION and PRODID, each once.
        let names: Vec<&str> = cal.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.iter().filter(|n| **n == "VERSION").count(), 1);
        assert_eq!(names.iter().filter(|n| **n == "PRODID").count(), 1);
        assert!(
            cal.properties
                .iter()
                .any(|p| p.name.as_str() == "VERSION" && p.val.as_str() == "2.0")
        );
        let events: Vec<&Component> = cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .collect();
        let zones: Vec<&Component> = cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VTIMEZONE")
            .collect();
        assert_eq!((events.len(), zones.len()), (1, 1));
        let (event, zone) = (events[0], zones[0]);
        // VEVENT: UID and DTSTAMP required; DTSTART required without a METHOD; DTEND and
        // DURATION never both.
        for required in ["UID", "DTSTAMP", "DTSTART", "RRULE", "SUMMARY"] {
            assert_eq!(
                event
                    .properties
                    .iter()
                    .filter(|p| p.name.as_str() == required)
                    .count(),
                1,
                "{required}"
            );
        }
        assert!(event.find_prop("DURATION").is_some() != event.find_prop("DTEND").is_some());
        // DTSTART's TZID names the VTIMEZONE.
        let tzid = param(event, "DTSTART", "TZID").expect("DTSTART has a TZID");
        assert_eq!(prop(zone, "TZID"), tzid);
        // VTIMEZONE: at least one observance, each with DTSTART, TZOFFSETFROM, TZOFFSETTO.
        assert!(!zone.components.is_empty());
        let mut observances = Vec::new();
        for o in &zone.components {
            assert!(
                matches!(o.name.as_str(), "STANDARD" | "DAYLIGHT"),
                "{}",
                o.name.as_str()
            );
            for required in ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"] {
                assert!(
                    o.find_prop(required).is_some(),
                    "{required} in {}",
                    o.name.as_str()
                );
            }
            let props = o
                .properties
                .iter()
                .map(|p| (p.name.as_str().to_owned(), p.val.as_str().to_owned()))
                .collect();
            observances.push((o.name.as_str().to_owned(), props));
        }
        let props = event
            .properties
            .iter()
            .map(|p| (p.name.as_str().to_owned(), p.val.as_str().to_owned()))
            .collect();
        (props, observances)
    }

    fn value(props: &[(String, String)], name: &str) -> String {
        props
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_berlin_meeting_every_other_tuesday() {
        let r = recurrence(
            iana("Europe/Berlin"),
            Cadence::EveryOtherWeek,
            Weekday::Tue,
            "16:00",
        );
        let file = ics(&r, "Acme: regular meeting", "Every other week");
        let (event, observances) = parse_and_check(&file);
        assert_eq!(value(&event, "DTSTART"), "20261201T160000");
        assert_eq!(
            value(&event, "RRULE"),
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=MO"
        );
        assert_eq!(value(&event, "DURATION"), "PT30M");
        assert_eq!(value(&event, "DTSTAMP"), "20261123T130500Z");
        assert_eq!(value(&event, "UID"), "2026-11-23-1402-acme-regular@kickoff");
        assert!(file.contains("\r\nDTSTART;TZID=Europe/Berlin:20261201T160000\r\n"));
        // The EU rules from the year before the first meeting: summer time from the last
        // Sunday of March at 02:00 (+0100 -> +0200), back on the last Sunday of October at
        // 03:00, both still in force.
        let rows: Vec<[String; 6]> = observances
            .iter()
            .map(|(kind, p)| {
                [
                    kind.clone(),
                    value(p, "DTSTART"),
                    value(p, "TZOFFSETFROM"),
                    value(p, "TZOFFSETTO"),
                    value(p, "TZNAME"),
                    value(p, "RRULE"),
                ]
            })
            .collect();
        assert_eq!(
            rows,
            [
                [
                    "DAYLIGHT",
                    "20250330T020000",
                    "+0100",
                    "+0200",
                    "CEST",
                    "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
                ]
                .map(String::from),
                [
                    "STANDARD",
                    "20251026T030000",
                    "+0200",
                    "+0100",
                    "CET",
                    "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
                ]
                .map(String::from),
            ]
        );
    }

    #[test]
    fn us_and_southern_hemisphere_rules() {
        let ny = recurrence(
            iana("America/New_York"),
            Cadence::Weekly,
            Weekday::Wed,
            "10:00",
        );
        let (event, observances) = parse_and_check(&ics(&ny, "Sync", ""));
        assert_eq!(
            value(&event, "RRULE"),
            "FREQ=WEEKLY;INTERVAL=1;BYDAY=WE;WKST=MO"
        );
        assert_eq!(value(&event, "DTSTART"), "20261125T100000");
        assert!(event.iter().all(|(n, _)| n != "DESCRIPTION"));
        let rules: Vec<(String, String)> = observances
            .iter()
            .map(|(kind, props)| (kind.clone(), value(props, "RRULE")))
            .collect();
        // Second Sunday of March, first Sunday of November.
        assert_eq!(
            rules,
            [
                (
                    "DAYLIGHT".to_owned(),
                    "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU".to_owned()
                ),
                (
                    "STANDARD".to_owned(),
                    "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU".to_owned()
                ),
            ]
        );
        // Sydney: standard time from the first Sunday of April at 03:00, summer time from
        // the first Sunday of October at 02:00.
        let syd = recurrence(
            iana("Australia/Sydney"),
            Cadence::Weekly,
            Weekday::Thu,
            "09:00",
        );
        let (_, observances) = parse_and_check(&ics(&syd, "Sync", ""));
        let rules: Vec<(String, String, String, String)> = observances
            .iter()
            .map(|(kind, p)| {
                (
                    kind.clone(),
                    value(p, "TZOFFSETFROM"),
                    value(p, "TZOFFSETTO"),
                    value(p, "RRULE"),
                )
            })
            .collect();
        assert_eq!(
            rules,
            [
                (
                    "STANDARD".into(),
                    "+1100".into(),
                    "+1000".into(),
                    "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU".into()
                ),
                (
                    "DAYLIGHT".into(),
                    "+1000".into(),
                    "+1100".into(),
                    "FREQ=YEARLY;BYMONTH=10;BYDAY=1SU".into()
                ),
            ]
        );
        assert!(
            observances
                .iter()
                .any(|(_, p)| value(p, "DTSTART").ends_with("T030000"))
        );
    }

    #[test]
    fn zones_without_daylight_saving_and_fixed_offsets() {
        let ist = recurrence(iana("Asia/Kolkata"), Cadence::Weekly, Weekday::Mon, "15:30");
        let (_, observances) = parse_and_check(&ics(&ist, "Sync", ""));
        assert_eq!(
            observances,
            [(
                "STANDARD".to_owned(),
                vec![
                    ("DTSTART".to_owned(), "19700101T000000".to_owned()),
                    ("TZOFFSETFROM".to_owned(), "+0530".to_owned()),
                    ("TZOFFSETTO".to_owned(), "+0530".to_owned()),
                    ("TZNAME".to_owned(), "IST".to_owned()),
                ]
            )]
        );
        let fixed = Zone::Fixed(FixedOffset::west_opt(3 * 3600 + 1800).unwrap());
        let r = recurrence(fixed, Cadence::Weekly, Weekday::Fri, "08:00");
        let file = ics(&r, "Sync", "");
        parse_and_check(&file);
        assert!(file.contains("\r\nTZID:UTC-0330\r\n"));
        assert!(file.contains("\r\nDTSTART;TZID=UTC-0330:20261127T080000\r\n"));
        assert!(file.contains("\r\nTZOFFSETTO:-0330\r\n"));
    }

    #[test]
    fn the_rules_match_the_database_for_every_transition_in_the_years_written() {
        // Expands each observance's yearly rule and compares with the transitions found
        // directly, for zones with northern, southern and irregular rules.
        for tz in [
            "Europe/Berlin",
            "America/New_York",
            "Australia/Sydney",
            "Australia/Lord_Howe",
            "Asia/Jerusalem",
            "America/Santiago",
        ] {
            let r = recurrence(iana(tz), Cadence::Weekly, Weekday::Tue, "10:00");
            let (_, observances) = parse_and_check(&ics(&r, "Sync", ""));
            let mut onsets: Vec<NaiveDateTime> = Vec::new();
            for (_, props) in &observances {
                let start =
                    NaiveDateTime::parse_from_str(&value(props, "DTSTART"), "%Y%m%dT%H%M%S")
                        .unwrap();
                let rule = value(props, "RRULE");
                if rule.is_empty() {
                    onsets.push(start);
                    continue;
                }
                let part = |key: &str| {
                    rule.split(';')
                        .find_map(|p| p.strip_prefix(key))
                        .map(str::to_owned)
                };
                let month: u32 = part("BYMONTH=").unwrap().parse().unwrap();
                let by = part("BYDAY=").unwrap();
                let (n, day) = by.split_at(by.len() - 2);
                let n: i32 = n.parse().unwrap();
                let until = part("UNTIL=")
                    .map(|u| NaiveDateTime::parse_from_str(&u, "%Y%m%dT%H%M%SZ").unwrap());
                for year in start.year()..=2026 + VTIMEZONE_YEARS_AHEAD {
                    let days: Vec<NaiveDate> = NaiveDate::from_ymd_opt(year, month, 1)
                        .unwrap()
                        .iter_days()
                        .take_while(|d| d.month() == month)
                        .filter(|d| byday(d.weekday()) == day)
                        .collect();
                    let date = if n == -1 {
                        *days.last().unwrap()
                    } else {
                        days[n as usize - 1]
                    };
                    let onset = date.and_time(start.time());
                    // UNTIL is in UTC; the onset's local time is within a day of it.
                    if until.is_some_and(|u| onset > u + Duration::days(1)) {
                        break;
                    }
                    onsets.push(onset);
                }
            }
            onsets.sort();
            let expected: Vec<NaiveDateTime> =
                transitions(Tz::get(tz).unwrap(), 2025, 2026 + VTIMEZONE_YEARS_AHEAD)
                    .iter()
                    .map(Transition::local)
                    .collect();
            assert_eq!(onsets, expected, "{tz}");
        }
    }

    #[test]
    fn hostile_summaries_are_escaped_and_folded() {
        let r = recurrence(
            iana("Europe/Berlin"),
            Cadence::Weekly,
            Weekday::Tue,
            "16:00",
        );
        let hostile =
            "Acme; Inc, \\ \"quoted\"\r\nEND:VEVENT\nBEGIN:VEVENT\rUID:evil\u{7}\u{2028}tab\tend";
        let long = format!("{} {}", "ünïcödé 漢字 🙂".repeat(12), hostile);
        let file = ics(&r, &long, &format!("line one\nline two; {hostile}"));
        let (event, _) = parse_and_check(&file);
        // Nothing in the text made a line of its own.
        assert_eq!(file.matches("\r\nBEGIN:VEVENT\r\n").count(), 1);
        assert_eq!(file.matches("\r\nUID:").count(), 1);
        // Unfolded and unescaped by the parser, the texts read back as written, control
        // characters turned into spaces and every line break into one \n.
        let clean = |s: &str| {
            s.replace("\r\n", "\n")
                .replace(['\r', '\u{2028}'], "\n")
                .replace('\u{7}', " ")
        };
        assert_eq!(value(&event, "SUMMARY"), clean(&long));
        assert_eq!(
            value(&event, "DESCRIPTION"),
            clean(&format!("line one\nline two; {hostile}"))
        );
        assert!(
            unfold(&file)
                .contains("Acme\\; Inc\\, \\\\ \"quoted\"\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:evil ")
        );
        // Folding never splits a character: every physical line is valid UTF-8 by
        // construction of `str`, and the long summary needed folding.
        assert!(file.split("\r\n").any(|l| l.starts_with(' ')));
        for line in file.split("\r\n") {
            assert!(line.len() <= 75);
        }
    }

    #[test]
    fn folding_at_exactly_75_octets() {
        let mut out = String::new();
        fold_into(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        out.clear();
        fold_into(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
        out.clear();
        // 74 ASCII octets then a 4-octet character: it moves whole to the next line.
        fold_into(&mut out, &format!("{}🙂b", "a".repeat(74)));
        assert_eq!(out, format!("{}\r\n 🙂b\r\n", "a".repeat(74)));
        out.clear();
        fold_into(&mut out, &"é".repeat(100));
        let lines: Vec<&str> = out.trim_end().split("\r\n").collect();
        assert_eq!(lines[0].len(), 74);
        assert!(
            lines[1..]
                .iter()
                .all(|l| l.len() <= 75 && l.starts_with(' '))
        );
        assert_eq!(unfold(&out).trim_end(), "é".repeat(100));
    }

    #[test]
    fn a_meeting_without_a_schedule_says_so() {
        let mut m = crate::core::sample::typical_meeting(
            DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").unwrap(),
        );
        m.regular_schedule = None;
        assert_eq!(for_meeting(&m, stamp()), Err(IcsError::NoSchedule));
        let mut r = recurrence(
            iana("Europe/Berlin"),
            Cadence::Weekly,
            Weekday::Tue,
            "16:00",
        );
        r.time_zone = "Atlantis".into();
        m.regular_schedule = Some(r.clone());
        let e = for_meeting(&m, stamp()).unwrap_err();
        assert!(e.to_string().starts_with("the regular meeting's schedule is not usable: time_zone: unknown time zone \"Atlantis\""), "{e}");
        r.time_zone = "Europe/Berlin".into();
        m.regular_schedule = Some(r);
        let file = for_meeting(&m, stamp()).unwrap();
        let (event, _) = parse_and_check(&file);
        assert_eq!(value(&event, "UID"), uid_for(&m.id));
        assert!(value(&event, "SUMMARY").ends_with(": regular meeting with your GitLab ASE"));
        let description = value(&event, "DESCRIPTION");
        assert!(
            description.starts_with("Every week on Tuesday, 16:00–16:30 Europe/Berlin"),
            "{description}"
        );
    }
}
