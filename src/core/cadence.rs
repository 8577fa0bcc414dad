//! The agreed regular meeting as data: weekly or every other week, the weekday, the time
//! and time zone it is agreed in, its length and its first date. From it come the next
//! dates, who it falls outside working hours for, its time in every attendee's zone and
//! the calendar file.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::slots::{self, Cadence, Person, Slot, SlotFit, SlotSearch};
use super::zone::{self, Zone, ZoneError};

/// The longest regular meeting accepted, in minutes.
pub const MAX_DURATION_MINUTES: u32 = 8 * 60;

/// When the regular meeting takes place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recurrence {
    /// Weekly or every other week.
    pub cadence: Cadence,
    /// The day, on the clock of `time_zone`.
    pub weekday: Weekday,
    /// The start time, on the clock of `time_zone`.
    #[serde(with = "hh_mm")]
    pub time: NaiveTime,
    /// The zone the time is agreed in, normalised (`Europe/Berlin`, `UTC+05:30`).
    pub time_zone: String,
    /// The length in minutes.
    pub duration_minutes: u32,
    /// The first meeting is on the first `weekday` on or after this date.
    pub first_date: NaiveDate,
}

/// `16:00` in the session file; `16:00:00` is read too.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&time.format("%H:%M"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M:%S"))
            .map_err(|_| D::Error::custom(format!("expected a time as HH:MM, found \"{text}\"")))
    }
}

/// A problem with a recurrence, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RecurrenceError {
    /// The field (`time_zone`, `duration_minutes`).
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// One date of the regular meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The date, on the clock of the recurrence's zone.
    pub date: NaiveDate,
    /// When it starts.
    pub start: DateTime<Utc>,
    /// When it ends.
    pub end: DateTime<Utc>,
}

/// The meeting's time on one zone's clock, with the people who live by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneTime {
    /// The zone.
    pub zone: Zone,
    /// The people in it, in the order given.
    pub names: Vec<String>,
    /// "Tue 16:00–16:30 CET".
    pub span: String,
}

impl Recurrence {
    /// A recurrence agreed in `zone`.
    pub fn new(
        cadence: Cadence,
        slot: Slot,
        zone: &Zone,
        duration_minutes: u32,
        first_date: NaiveDate,
    ) -> Self {
        Recurrence {
            cadence,
            weekday: slot.weekday,
            time: slot.time,
            time_zone: zone.name(),
            duration_minutes,
            first_date,
        }
    }

    /// The recurrence a suggested slot describes, starting on its first date.
    pub fn from_suggestion(fit: &SlotFit, search: &SlotSearch) -> Self {
        Recurrence::new(
            search.cadence,
            fit.slot,
            &search.reference,
            fit.duration_minutes,
            fit.first_date().unwrap_or(search.from),
        )
    }

    /// The slot: weekday and time.
    pub fn slot(&self) -> Slot {
        Slot {
            weekday: self.weekday,
            time: self.time,
        }
    }

    /// The zone, read from its normalised name (or, for a hand-edited file, as typed).
    pub fn zone(&self) -> Result<Zone, ZoneError> {
        match Zone::from_name(&self.time_zone) {
            Some(zone) => Ok(zone),
            None => zone::parse(&self.time_zone).map(|p| p.zone),
        }
    }

    /// Checks what a form or a hand-edited file may get wrong.
    pub fn validate(&self) -> Result<Zone, RecurrenceError> {
        if !(1..=MAX_DURATION_MINUTES).contains(&self.duration_minutes) {
            return Err(RecurrenceError {
                field: "duration_minutes",
                message: format!(
                    "a regular meeting lasts 1 to {MAX_DURATION_MINUTES} minutes, not {}",
                    self.duration_minutes
                ),
            });
        }
        self.zone().map_err(|e| RecurrenceError {
            field: "time_zone",
            message: e.to_string(),
        })
    }

    /// The first meeting's date.
    pub fn first_occurrence(&self) -> NaiveDate {
        let ahead = (7 + i64::from(self.weekday.num_days_from_monday())
            - i64::from(self.first_date.weekday().num_days_from_monday()))
            % 7;
        self.first_date
            .checked_add_signed(Duration::days(ahead))
            .unwrap_or(self.first_date)
    }

    /// The first meeting date on or after `from`, keeping the every-other-week rhythm.
    pub fn first_on_or_after(&self, from: NaiveDate) -> NaiveDate {
        let first = self.first_occurrence();
        if from <= first {
            return first;
        }
        let step = slots::interval_days(self.cadence);
        let behind = (from - first).num_days();
        let steps = (behind + step - 1) / step;
        first
            .checked_add_signed(Duration::days(steps * step))
            .unwrap_or(first)
    }

    /// `count` meeting dates from `from` on.
    pub fn dates_from(&self, from: NaiveDate, count: usize) -> Vec<NaiveDate> {
        let step = Duration::days(slots::interval_days(self.cadence));
        std::iter::successors(Some(self.first_on_or_after(from)), |d| {
            d.checked_add_signed(step)
        })
        .take(count)
        .collect()
    }

    /// The next `count` meetings not yet over at `now` (one running now counts).
    pub fn next(
        &self,
        now: DateTime<FixedOffset>,
        count: usize,
    ) -> Result<Vec<Occurrence>, ZoneError> {
        let zone = self.zone()?;
        let now = now.with_timezone(&Utc);
        let duration = Duration::minutes(i64::from(self.duration_minutes));
        // A day back: the meeting's date on its own clock can be behind now's UTC date.
        let from = now.date_naive() - Duration::days(1);
        Ok(self
            .dates_from(from, count + 1)
            .into_iter()
            .map(|date| {
                let start = zone.instant(date.and_time(self.time));
                Occurrence {
                    date,
                    start,
                    end: start + duration,
                }
            })
            .filter(|o| o.end > now)
            .take(count)
            .collect())
    }

    /// The search that checks this recurrence on its dates from `from` for `weeks` weeks.
    pub fn search(&self, from: NaiveDate, weeks: u32) -> Result<SlotSearch, ZoneError> {
        Ok(SlotSearch {
            reference: self.zone()?,
            duration_minutes: self.duration_minutes,
            cadence: self.cadence,
            from: self.first_on_or_after(from),
            weeks,
            step_minutes: 30,
        })
    }

    /// How the recurrence fits `people` on its dates from `from` for `weeks` weeks.
    pub fn check(
        &self,
        people: &[Person],
        from: NaiveDate,
        weeks: u32,
    ) -> Result<SlotFit, ZoneError> {
        Ok(slots::check(
            people,
            &self.search(from, weeks)?,
            self.slot(),
        ))
    }

    /// One warning per person the meeting falls outside working hours for, for a form:
    /// "Sam: Tue 08:00–08:30 AEDT, 1 h before working hours (34 of 52 dates, from
    /// 2027-03-15)". Empty when it fits everyone.
    pub fn warnings(
        &self,
        people: &[Person],
        from: NaiveDate,
        weeks: u32,
    ) -> Result<Vec<String>, ZoneError> {
        let fit = self.check(people, from, weeks)?;
        Ok(fit
            .people
            .iter()
            .filter(|p| p.dates_outside > 0)
            .map(|p| {
                let (shown, since) = if p.first.placing == slots::Placing::Inside {
                    let since = fit
                        .changes
                        .iter()
                        .find(|c| c.now_outside.iter().any(|(n, _)| *n == p.name))
                        .map(|c| format!(", from {}", c.date))
                        .unwrap_or_default();
                    (&p.worst, since)
                } else {
                    (&p.first, String::new())
                };
                let dates = if p.dates_outside == fit.dates.len() {
                    "every date".to_owned()
                } else {
                    format!("{} of {} dates", p.dates_outside, fit.dates.len())
                };
                format!(
                    "{}: {}, {} ({dates}{since})",
                    p.name,
                    slots::local_span(shown),
                    slots::describe_placement(shown)
                )
            })
            .collect())
    }

    /// The meeting on each zone's clock on `date` (a meeting date, see
    /// [`Recurrence::first_on_or_after`]): the recurrence's own zone first, then the others
    /// in the order their people are given, one entry per zone.
    pub fn in_each_zone(
        &self,
        people: &[(String, Zone)],
        date: NaiveDate,
    ) -> Result<Vec<ZoneTime>, ZoneError> {
        let own = self.zone()?;
        let start = own.instant(date.and_time(self.time));
        let end = start + Duration::minutes(i64::from(self.duration_minutes));
        let span = |zone: &Zone| {
            let (a, b) = (zone.local(start), zone.local(end));
            format!(
                "{} {}–{} {}",
                a.format("%a"),
                a.format("%H:%M"),
                b.format("%H:%M"),
                zone.abbreviation_at(start)
            )
        };
        let mut out = vec![ZoneTime {
            zone: own,
            names: Vec::new(),
            span: span(&own),
        }];
        for (name, zone) in people {
            match out.iter_mut().find(|z| z.zone == *zone) {
                Some(entry) => entry.names.push(name.clone()),
                None => out.push(ZoneTime {
                    zone: *zone,
                    names: vec![name.clone()],
                    span: span(zone),
                }),
            }
        }
        Ok(out)
    }

    /// One line: "Every other week on Tuesday, 16:00–16:30 Europe/Berlin (30 minutes),
    /// from Tue 2026-12-01".
    pub fn summary(&self) -> String {
        let end = self.time + Duration::minutes(i64::from(self.duration_minutes));
        let cadence = match self.cadence {
            Cadence::Weekly => "Every week",
            Cadence::EveryOtherWeek => "Every other week",
        };
        format!(
            "{cadence} on {}, {}–{} {} ({} minutes), from {}",
            day_name(self.weekday),
            self.time.format("%H:%M"),
            end.format("%H:%M"),
            self.time_zone,
            self.duration_minutes,
            self.first_occurrence().format("%a %Y-%m-%d")
        )
    }
}

/// "Tuesday".
pub fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The text `kickoff slots ID` adds for a meeting that already has an agreed recurrence:
/// the recurrence, its next dates and who it leaves outside working hours.
pub fn describe_agreed(
    recurrence: &Recurrence,
    people: &[Person],
    now: DateTime<FixedOffset>,
    weeks: u32,
) -> Result<String, ZoneError> {
    let mut out = String::new();
    let _ = writeln!(out, "Agreed: {}", recurrence.summary());
    let next: Vec<String> = recurrence
        .next(now, 3)?
        .iter()
        .map(|o| o.date.format("%a %Y-%m-%d").to_string())
        .collect();
    let _ = writeln!(out, "Next: {}", next.join(", "));
    let warnings = recurrence.warnings(people, now.date_naive(), weeks)?;
    if warnings.is_empty() {
        let _ = writeln!(
            out,
            "Inside everyone's working hours on every date of the next {weeks} weeks."
        );
    } else {
        let _ = writeln!(out, "Outside working hours for:");
        for w in warnings {
            let _ = writeln!(out, "  {w}");
        }
        let fit = recurrence.check(people, now.date_naive(), weeks)?;
        slots::describe_changes(&fit, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::zone::iana;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn berlin_tuesdays(cadence: Cadence) -> Recurrence {
        Recurrence::new(
            cadence,
            Slot {
                weekday: Weekday::Tue,
                time: t("16:00"),
            },
            &iana("Europe/Berlin"),
            30,
            d("2026-11-25"),
        )
    }

    #[test]
    fn dates_keep_the_weekday_and_the_every_other_week_rhythm() {
        let weekly = berlin_tuesdays(Cadence::Weekly);
        // 2026-11-25 is a Wednesday: the first Tuesday after is 12-01.
        assert_eq!(weekly.first_occurrence(), d("2026-12-01"));
        assert_eq!(
            weekly.dates_from(d("2026-01-01"), 3),
            [d("2026-12-01"), d("2026-12-08"), d("2026-12-15")]
        );
        let other = berlin_tuesdays(Cadence::EveryOtherWeek);
        assert_eq!(
            other.dates_from(d("2026-12-02"), 3),
            [d("2026-12-15"), d("2026-12-29"), d("2027-01-12")]
        );
        assert_eq!(other.first_on_or_after(d("2026-12-15")), d("2026-12-15"));
        assert_eq!(other.first_on_or_after(d("2026-12-16")), d("2026-12-29"));
        let end = Recurrence {
            first_date: NaiveDate::MAX,
            ..weekly
        };
        assert!(end.dates_from(NaiveDate::MAX, 3).len() <= 1);
    }

    #[test]
    fn next_meetings_follow_the_zone_through_daylight_saving() {
        let weekly = berlin_tuesdays(Cadence::Weekly);
        let next = weekly.next(at("2027-03-23T15:10:00+00:00"), 3).unwrap();
        // 16:00 CET on 03-23 is 15:00 UTC and runs until 15:30: still running, so it counts.
        assert_eq!(next[0].date, d("2027-03-23"));
        assert_eq!(next[0].start, at("2027-03-23T15:00:00+00:00"));
        assert_eq!(next[0].end, at("2027-03-23T15:30:00+00:00"));
        // Europe springs forward on 03-28: 16:00 CEST is 14:00 UTC.
        assert_eq!(next[1].start, at("2027-03-30T14:00:00+00:00"));
        assert_eq!(next.len(), 3);
        let later = weekly.next(at("2027-03-23T15:30:00+00:00"), 1).unwrap();
        assert_eq!(later[0].date, d("2027-03-30"));
        // Before the first date: the first date.
        assert_eq!(
            weekly.next(at("2026-01-01T00:00:00Z"), 1).unwrap()[0].date,
            d("2026-12-01")
        );
    }

    #[test]
    fn the_check_warns_who_it_falls_outside_working_hours_for() {
        let people = [
            Person::new("Ben", iana("Europe/Berlin")),
            Person::new("Nat", iana("America/New_York")),
            Person::new("Sam", iana("Australia/Sydney")),
        ];
        let r = berlin_tuesdays(Cadence::Weekly);
        let warnings = r.warnings(&people, d("2027-01-04"), 52).unwrap();
        assert_eq!(
            warnings,
            ["Sam: Wed 02:00–02:30 AEDT, 7 h before working hours (every date)"]
        );
        let fit = r.check(&people, d("2027-01-04"), 52).unwrap();
        assert_eq!(fit.dates.first(), Some(&d("2027-01-05")));
        // Inside for Nat (10:00 in New York): no warning.
        assert_eq!(fit.people[1].dates_outside, 0);
        // A slot that only stops fitting after a change says from when.
        let lee = [Person::new("Sam", iana("Australia/Sydney"))];
        let la = Recurrence::new(
            Cadence::Weekly,
            Slot {
                weekday: Weekday::Mon,
                time: t("14:00"),
            },
            &iana("America/Los_Angeles"),
            60,
            d("2027-01-04"),
        );
        assert_eq!(
            la.warnings(&lee, d("2027-01-04"), 52).unwrap(),
            [
                "Sam: Tue 07:00–08:00 AEST, 2 h before working hours (34 of 52 dates, from 2027-03-15)"
            ]
        );
        assert!(
            Recurrence::new(
                Cadence::Weekly,
                Slot {
                    weekday: Weekday::Tue,
                    time: t("10:00")
                },
                &iana("Europe/Berlin"),
                30,
                d("2027-01-04"),
            )
            .warnings(&people[..1], d("2027-01-04"), 52)
            .unwrap()
            .is_empty()
        );
    }

    #[test]
    fn the_meeting_in_each_attendee_zone() {
        let r = berlin_tuesdays(Cadence::EveryOtherWeek);
        let people = [
            ("Ben".to_owned(), iana("Europe/Berlin")),
            ("Ira".to_owned(), iana("Asia/Kolkata")),
            ("Nat".to_owned(), iana("America/New_York")),
            ("Raj".to_owned(), iana("Asia/Kolkata")),
        ];
        let zones = r.in_each_zone(&people, d("2026-12-01")).unwrap();
        let rows: Vec<(String, Vec<String>, String)> = zones
            .into_iter()
            .map(|z| (z.zone.name(), z.names, z.span))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Europe/Berlin".to_owned(),
                    vec!["Ben".to_owned()],
                    "Tue 16:00–16:30 CET".to_owned()
                ),
                (
                    "Asia/Kolkata".to_owned(),
                    vec!["Ira".to_owned(), "Raj".to_owned()],
                    "Tue 20:30–21:00 IST".to_owned()
                ),
                (
                    "America/New_York".to_owned(),
                    vec!["Nat".to_owned()],
                    "Tue 10:00–10:30 EST".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_suggestion_becomes_a_recurrence() {
        let people = [Person::new("Ben", iana("Europe/Berlin"))];
        let search = SlotSearch {
            cadence: Cadence::EveryOtherWeek,
            duration_minutes: 45,
            ..SlotSearch::new(iana("Europe/Berlin"), d("2027-01-04"))
        };
        let found = slots::suggest(&people, &search, 1);
        let r = Recurrence::from_suggestion(&found.slots[0], &search);
        assert_eq!(r.cadence, Cadence::EveryOtherWeek);
        assert_eq!(r.duration_minutes, 45);
        assert_eq!(r.time_zone, "Europe/Berlin");
        assert_eq!(r.weekday, found.slots[0].slot.weekday);
        assert_eq!(r.first_occurrence(), found.slots[0].dates[0]);
        assert_eq!(
            r.summary(),
            format!(
                "Every other week on Tuesday, {}–{} Europe/Berlin (45 minutes), from Tue 2027-01-05",
                r.time.format("%H:%M"),
                (r.time + Duration::minutes(45)).format("%H:%M")
            )
        );
    }

    #[test]
    fn session_file_form_and_validation() {
        let r = berlin_tuesdays(Cadence::EveryOtherWeek);
        let yaml = serde_yaml::to_string(&r).unwrap();
        assert_eq!(
            yaml,
            "cadence: every_other_week\nweekday: Tue\ntime: 16:00\ntime_zone: Europe/Berlin\n\
             duration_minutes: 30\nfirst_date: 2026-11-25\n"
        );
        assert_eq!(serde_yaml::from_str::<Recurrence>(&yaml).unwrap(), r);
        let hand = "cadence: weekly\nweekday: tuesday\ntime: '09:30:00'\ntime_zone: IST\n\
                    duration_minutes: 30\nfirst_date: 2026-11-25\n";
        let read: Recurrence = serde_yaml::from_str(hand).unwrap();
        assert_eq!(read.time, t("09:30"));
        assert_eq!(read.validate(), Ok(iana("Asia/Kolkata")));
        let bad_time = hand.replace("'09:30:00'", "'9h30'");
        let e = serde_yaml::from_str::<Recurrence>(&bad_time).unwrap_err();
        assert!(
            e.to_string()
                .contains("expected a time as HH:MM, found \"9h30\""),
            "{e}"
        );
        let junk = Recurrence {
            time_zone: "Mars".into(),
            ..r.clone()
        };
        assert_eq!(junk.validate().unwrap_err().field, "time_zone");
        let long = Recurrence {
            duration_minutes: 0,
            ..r
        };
        assert_eq!(
            long.validate().unwrap_err().to_string(),
            "duration_minutes: a regular meeting lasts 1 to 480 minutes, not 0"
        );
    }

    #[test]
    fn the_agreed_text_for_the_slots_command() {
        let people = [
            Person::new("Ben", iana("Europe/Berlin")),
            Person::new("Sam", iana("Australia/Sydney")),
        ];
        let r = berlin_tuesdays(Cadence::Weekly);
        let text = describe_agreed(&r, &people, at("2027-01-04T09:00:00+01:00"), 52).unwrap();
        assert_eq!(
            text,
            "Agreed: Every week on Tuesday, 16:00–16:30 Europe/Berlin (30 minutes), from Tue 2026-12-01\n\
             Next: Tue 2027-01-05, Tue 2027-01-12, Tue 2027-01-19\n\
             Outside working hours for:\n\
             \x20 Sam: Wed 02:00–02:30 AEDT, 7 h before working hours (every date)\n"
        );
        let fine = describe_agreed(&r, &people[..1], at("2027-01-04T09:00:00+01:00"), 4).unwrap();
        assert!(
            fine.ends_with("Inside everyone's working hours on every date of the next 4 weeks.\n")
        );
    }

    #[test]
    fn the_meeting_keeps_the_sow_date_and_the_schedule_and_old_files_still_load() {
        let mut m = crate::core::sample::typical_meeting(at("2026-11-23T14:00:00+01:00"));
        let old = serde_yaml::to_string(&m).unwrap();
        assert!(!old.contains("sow_start") && !old.contains("regular_schedule"));
        let back: crate::core::meeting::Meeting = serde_yaml::from_str(&old).unwrap();
        assert_eq!(back.sow_start, None);
        assert_eq!(back.regular_schedule, None);
        m.sow_start = Some(d("2026-11-23"));
        m.regular_schedule = Some(berlin_tuesdays(Cadence::EveryOtherWeek));
        let new = serde_yaml::to_string(&m).unwrap();
        let back: crate::core::meeting::Meeting = serde_yaml::from_str(&new).unwrap();
        assert_eq!(back, m);
    }
}
