//! What kickoff says about a saved meeting's regular meeting: whose working hours to fit
//! (the attendees whose time zone can be read), the best weekly slots for them, and whom
//! the agreed slot leaves outside. Built on `slots` and `cadence`, which know nothing of
//! meetings.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Utc};

use super::cadence;
use super::meeting::{Attendee, Meeting};
use super::slots::{Person, SlotSearch, describe_suggestions, suggest};
use super::zone::{Zone, ZoneError};

/// The attendee as a person for slot finding, when their time zone can be read, with
/// their own working hours or the default ones.
pub fn person_of(attendee: &Attendee) -> Result<Person, ZoneError> {
    Ok(Person {
        name: attendee.name.clone(),
        zone: attendee.zone()?,
        hours: attendee.working_hours.unwrap_or_default(),
    })
}

/// The people of a meeting whose time zone can be read, and the others with the reason.
pub fn people_of(attendees: &[Attendee]) -> (Vec<Person>, Vec<(String, ZoneError)>) {
    let mut people = Vec::new();
    let mut unplaced = Vec::new();
    for a in attendees {
        match person_of(a) {
            Ok(p) => people.push(p),
            Err(e) => unplaced.push((a.name.clone(), e)),
        }
    }
    (people, unplaced)
}

/// What `kickoff slots ID` prints for a saved meeting: the best slots for its attendees
/// (and the ASE, when given and not already among them), times in the ASE's zone (else the
/// agreed zone, else the first attendee's, else UTC), then the agreed regular meeting and
/// whom it leaves outside working hours, if one was agreed. Dates are checked from `from`
/// (the day after `now` when `None`).
pub fn report_for_meeting(
    meeting: &Meeting,
    ase: Option<&Person>,
    now: DateTime<FixedOffset>,
    from: Option<NaiveDate>,
    limit: usize,
) -> String {
    let (mut people, left_out) = people_of(&meeting.attendees);
    if let Some(ase) = ase
        && !people.iter().any(|p| p.name == ase.name)
    {
        people.insert(0, ase.clone());
    }
    let agreed = meeting.regular_schedule.as_ref();
    let reference = ase
        .map(|p| p.zone)
        .or_else(|| agreed.and_then(|r| r.zone().ok()))
        .or_else(|| people.first().map(|p| p.zone))
        .unwrap_or(Zone::UTC);
    let today = reference.local(now.with_timezone(&Utc)).date();
    let mut search = SlotSearch::new(reference, from.unwrap_or(today + Duration::days(1)));
    // Given a start date, the agreed meeting's next dates are counted from it too.
    let since = match from {
        Some(day) => reference
            .instant(day.and_time(NaiveTime::MIN))
            .fixed_offset(),
        None => now,
    };
    if let Some(r) = agreed {
        search.duration_minutes = r.duration_minutes;
        search.cadence = r.cadence;
    } else if let Some(regular) = &meeting.regular_meeting {
        search.cadence = regular.cadence;
    }
    let found = suggest(&people, &search, limit);
    let mut out = describe_suggestions(&found, &search, &people, &left_out);
    if let Some(r) = agreed {
        out.push('\n');
        match cadence::describe_agreed(r, &people, since, search.weeks) {
            Ok(text) => out.push_str(&text),
            Err(e) => {
                let _ = writeln!(
                    out,
                    "The agreed regular meeting's time zone is not usable: {e}."
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::meeting::Cadence;
    use crate::core::slots::tests::{d, person, search, t};
    use crate::core::slots::{Slot, WorkingHours};
    use crate::core::zone::iana;
    use chrono::Weekday;

    #[test]
    fn people_from_attendees() {
        let a = |name: &str, tz: &str| Attendee {
            name: name.into(),
            time_zone: tz.into(),
            ..Attendee::default()
        };
        let (people, left) = people_of(&[a("Ana", "Berlin"), a("Bo", ""), a("Cy", "Mars")]);
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].zone, iana("Europe/Berlin"));
        assert_eq!(people[0].hours, WorkingHours::default());
        assert_eq!(left.len(), 2);
        assert_eq!(left[0], ("Bo".to_owned(), ZoneError::Empty));
        let s = search("Europe/Berlin", "2027-01-04", 30);
        let text = describe_suggestions(&suggest(&people, &s, 2), &s, &people, &left);
        assert!(text.starts_with(
            "30-minute meeting, weekly, for 1 person; times in Europe/Berlin; every date checked \
             for 52 weeks from 2027-01-04.\nLeft out: Bo: no time zone given.\nLeft out: Cy: unknown time zone \"Mars\""
        ), "{text}");
        assert!(text.contains("1. Tue 12:30 CET (also Wed, Thu, Mon, Fri): inside everyone's working hours on every date"), "{text}");
        let empty = describe_suggestions(&suggest(&[], &s, 2), &s, &[], &left);
        assert!(empty.ends_with("Nobody has a time zone recorded, so there is nothing to fit.\n"));
    }

    #[test]
    fn an_attendee_keeps_their_own_working_hours() {
        let early = WorkingHours::parse("Sun-Thu 07:00-15:00").unwrap();
        let attendee = Attendee {
            name: "Noa".into(),
            time_zone: "Jerusalem".into(),
            working_hours: Some(early),
            ..Attendee::default()
        };
        let person = person_of(&attendee).unwrap();
        assert_eq!(person.zone, iana("Asia/Jerusalem"));
        assert_eq!(person.hours, early);
        assert!(!person.hours.works_on(Weekday::Fri));
        // The session file keeps them as written, and leaves them out when not set.
        let yaml = serde_yaml::to_string(&attendee).unwrap();
        assert!(
            yaml.contains("working_hours: Sun-Thu 07:00-15:00"),
            "{yaml}"
        );
        let back: Attendee = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, attendee);
        let plain = serde_yaml::to_string(&Attendee::default()).unwrap();
        assert!(!plain.contains("working_hours"), "{plain}");
        let bad = serde_yaml::from_str::<Attendee>("name: Noa\nworking_hours: lunchtime\n");
        assert!(bad.is_err());
    }

    #[test]
    fn the_slots_report_checks_dates_from_the_day_given() {
        let now = DateTime::parse_from_rfc3339("2027-01-04T10:00:00+01:00").unwrap();
        let mut m = crate::core::sample::typical_meeting(now);
        m.regular_schedule = None;
        m.regular_meeting = None;
        m.attendees = vec![Attendee {
            name: "Ira".into(),
            time_zone: "Kolkata".into(),
            ..Attendee::default()
        }];
        let ase = person("Ben", "Europe/Berlin");
        let text = report_for_meeting(&m, Some(&ase), now, Some(d("2027-03-01")), 1);
        assert!(
            text.contains("every date checked for 52 weeks from 2027-03-01."),
            "{text}"
        );
    }

    #[test]
    fn the_slots_command_for_a_saved_meeting() {
        use crate::core::cadence::Recurrence;
        let now = DateTime::parse_from_rfc3339("2027-01-04T10:00:00+01:00").unwrap();
        let mut m = crate::core::sample::typical_meeting(now);
        m.attendees = vec![
            Attendee {
                name: "Nat".into(),
                time_zone: "New York".into(),
                ..Attendee::default()
            },
            Attendee {
                name: "Cy".into(),
                time_zone: "Mars".into(),
                ..Attendee::default()
            },
        ];
        m.regular_schedule = None;
        m.regular_meeting = Some(crate::core::meeting::RegularMeeting {
            cadence: Cadence::EveryOtherWeek,
            ..Default::default()
        });
        let ase = person("Ben", "Europe/Berlin");
        let text = report_for_meeting(&m, Some(&ase), now, None, 3);
        assert!(
            text.starts_with(
                "30-minute meeting, every other week, for 2 people; times in Europe/Berlin; \
                 every date checked for 52 weeks from 2027-01-05.\nLeft out: Cy: unknown time zone"
            ),
            "{text}"
        );
        assert!(text.contains("\n1. Tue 15:00 CET"), "{text}");
        assert!(!text.contains("Agreed:"));
        m.regular_schedule = Some(Recurrence::new(
            Cadence::Weekly,
            Slot {
                weekday: Weekday::Thu,
                time: t("14:00"),
            },
            &iana("Europe/Berlin"),
            60,
            d("2027-01-07"),
        ));
        let text = report_for_meeting(&m, Some(&ase), now, None, 3);
        assert!(
            text.starts_with("60-minute meeting, weekly, for 2 people"),
            "{text}"
        );
        assert!(
            text.ends_with(
                "Agreed: Every week on Thursday, 14:00–15:00 Europe/Berlin (60 minutes), from Thu 2027-01-07\n\
                 Next: Thu 2027-01-07, Thu 2027-01-14, Thu 2027-01-21\n\
                 Outside working hours for:\n\
                 \x20 Nat: Thu 08:00–09:00 EST, 1 h before working hours (49 of 52 dates)\n\
                 \x20   From Thu 2027-03-18 (clocks changed in America/New_York): Nat is inside again\n\
                 \x20   From Thu 2027-04-01 (clocks changed in Europe/Berlin): Nat is outside: Thu 08:00–09:00 EDT, 1 h before working hours\n\
                 \x20   From Thu 2027-11-04 (clocks changed in Europe/Berlin): Nat is inside again\n\
                 \x20   From Thu 2027-11-11 (clocks changed in America/New_York): Nat is outside: Thu 08:00–09:00 EST, 1 h before working hours\n"
            ),
            "{text}"
        );
        // Without an ASE the agreed zone is the reference.
        let text = report_for_meeting(&m, None, now, None, 1);
        assert!(
            text.contains("for 1 person; times in Europe/Berlin"),
            "{text}"
        );
    }
}
