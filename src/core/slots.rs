//! Finding a slot for the regular meeting: a weekday and a time in a reference zone (the
//! ASE's), checked on every date it falls on over the coming months against each person's
//! working hours in their own zone, so daylight-saving changes in any zone are seen.
//!
//! Slots are ranked:
//! 1. fitting everyone on every date first;
//! 2. then by how far outside people are, squared and averaged over the dates, so two people
//!    an hour off beat one person at 2 am;
//! 3. then fewest people outside, least meeting time outside;
//! 4. then closeness to the middle of everyone's working day;
//! 5. then Tuesday, Wednesday, Thursday, Monday, Friday, the weekend, and the earlier time.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

use super::zone::{Zone, ZoneError};

/// How often the regular meeting takes place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every week.
    #[default]
    Weekly,
    /// Every other week.
    EveryOtherWeek,
}

impl Cadence {
    /// The label shown on screen and in the export.
    pub fn label(self) -> &'static str {
        match self {
            Cadence::Weekly => "Weekly",
            Cadence::EveryOtherWeek => "Every other week",
        }
    }

    /// The other cadence.
    pub fn toggled(self) -> Cadence {
        match self {
            Cadence::Weekly => Cadence::EveryOtherWeek,
            Cadence::EveryOtherWeek => Cadence::Weekly,
        }
    }
}

/// Days between two dates of a cadence.
pub fn interval_days(cadence: Cadence) -> i64 {
    match cadence {
        Cadence::Weekly => 7,
        Cadence::EveryOtherWeek => 14,
    }
}

/// When a person works, on their own clock: a daily time range on some weekdays. A range
/// that ends at or before its start runs past midnight (`22:00-06:00`).
///
/// Written as `09:00-17:00` (Monday to Friday) or with the days first: `Sun-Thu 08:00-16:00`,
/// `Mon,Wed,Fri 9-13`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkingHours {
    /// When the working day starts.
    pub start: NaiveTime,
    /// When it ends (the next day when not after `start`).
    pub end: NaiveTime,
    /// The working days, Monday first.
    pub days: [bool; 7],
}

/// Monday to Friday.
const WEEKDAYS: [bool; 7] = [true, true, true, true, true, false, false];

impl Default for WorkingHours {
    /// 09:00-17:00, Monday to Friday.
    fn default() -> Self {
        WorkingHours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            days: WEEKDAYS,
        }
    }
}

/// Why a working-hours text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("working hours \"{typed}\": {reason}; write them as 09:00-17:00 or Sun-Thu 8-16")]
pub struct HoursError {
    /// What was typed.
    pub typed: String,
    /// What is wrong.
    pub reason: &'static str,
}

impl WorkingHours {
    /// Whether `day` is a working day.
    pub fn works_on(&self, day: Weekday) -> bool {
        self.days[day.num_days_from_monday() as usize]
    }

    /// Minutes from start to end.
    pub fn minutes(&self) -> i64 {
        let len = (self.end - self.start).num_minutes();
        if len <= 0 { len + 24 * 60 } else { len }
    }

    /// Reads working hours as people write them: `9-17`, `09:00-17:00`, `8:30–16:30`,
    /// `9am-5pm`, `22:00-06:00`, `Sun-Thu 08:00-16:00`, `Mon,Wed,Fri 9-13`.
    pub fn parse(input: &str) -> Result<Self, HoursError> {
        let typed = input.trim();
        let bad = |reason| HoursError {
            typed: typed.chars().take(40).collect(),
            reason,
        };
        let split = typed
            .find(|c: char| c.is_ascii_digit())
            .ok_or_else(|| bad("no times given"))?;
        let (days_part, times_part) = typed.split_at(split);
        let days = match days_part.trim() {
            "" => WEEKDAYS,
            text => {
                parse_days(text).ok_or_else(|| bad("the days are not like Mon-Fri or Sun,Tue"))?
            }
        };
        let times = times_part
            .to_ascii_lowercase()
            .replace(['\u{2013}', '\u{2014}'], "-")
            .replace(" to ", "-");
        let times: String = times.chars().filter(|c| !c.is_whitespace()).collect();
        let (from, to) = times
            .split_once('-')
            .ok_or_else(|| bad("give a start and an end"))?;
        let start = parse_clock(from).ok_or_else(|| bad("the start is not a time"))?;
        let end = parse_clock(to).ok_or_else(|| bad("the end is not a time"))?;
        if start == end {
            return Err(bad("the start and the end are the same"));
        }
        Ok(WorkingHours { start, end, days })
    }
}

/// `9`, `09`, `9:30`, `09:30`, `9am`, `5:30pm`, `12pm`, `24:00` (midnight at the end).
fn parse_clock(text: &str) -> Option<NaiveTime> {
    let (text, meridiem) = if let Some(t) = text.strip_suffix("am") {
        (t, Some(0))
    } else if let Some(t) = text.strip_suffix("pm") {
        (t, Some(12))
    } else {
        (text, None)
    };
    let (h, m) = text.split_once(':').unwrap_or((text, "00"));
    let digits = |s: &str, max: usize| {
        if (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u32>().ok()
        } else {
            None
        }
    };
    let (mut h, m) = (digits(h, 2)?, digits(m, 2).filter(|_| m.len() == 2)?);
    if let Some(add) = meridiem {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = h % 12 + add;
    }
    if h == 24 && m == 0 {
        return Some(NaiveTime::MIN);
    }
    NaiveTime::from_hms_opt(h, m, 0)
}

/// `Mon-Fri`, `Sun-Thu` (wrapping), `Mon,Wed,Fri`, `Monday - Thursday`.
fn parse_days(text: &str) -> Option<[bool; 7]> {
    let mut days = [false; 7];
    let text = text.replace(['\u{2013}', '\u{2014}'], "-");
    for part in text.split(',') {
        let index = |s: &str| {
            Weekday::from_str(s.trim())
                .ok()
                .map(|d| d.num_days_from_monday())
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (index(a)?, index(b)?);
                let mut d = a;
                loop {
                    days[d as usize] = true;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => days[index(part)? as usize] = true,
        }
    }
    days.contains(&true).then_some(days)
}

impl fmt::Display for WorkingHours {
    /// `09:00-17:00` for Monday to Friday, else `Sun-Thu 08:00-16:00` or `Mon,Wed 09:00-13:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.days != WEEKDAYS {
            f.write_str(&days_text(&self.days))?;
            f.write_str(" ")?;
        }
        write!(
            f,
            "{}-{}",
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        )
    }
}

/// The days as one wrapping range (`Sun-Thu`) when they form one, else a list.
fn days_text(days: &[bool; 7]) -> String {
    let name = |i: usize| Weekday::try_from(i as u8).map_or(String::new(), |d| d.to_string());
    let count = days.iter().filter(|d| **d).count();
    if count == 7 {
        return "Mon-Sun".to_owned();
    }
    // A range starts on a working day that follows a day off.
    let starts: Vec<usize> = (0..7).filter(|&i| days[i] && !days[(i + 6) % 7]).collect();
    if let [start] = starts[..] {
        if count == 1 {
            return name(start);
        }
        return format!("{}-{}", name(start), name((start + count - 1) % 7));
    }
    (0..7)
        .filter(|&i| days[i])
        .map(name)
        .collect::<Vec<_>>()
        .join(",")
}

impl From<WorkingHours> for String {
    fn from(hours: WorkingHours) -> String {
        hours.to_string()
    }
}

impl TryFrom<String> for WorkingHours {
    type Error = HoursError;

    fn try_from(text: String) -> Result<Self, HoursError> {
        WorkingHours::parse(&text)
    }
}

/// Someone whose working hours a slot should respect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Their name, as shown.
    pub name: String,
    /// Their time zone.
    pub zone: Zone,
    /// Their working hours on their own clock.
    pub hours: WorkingHours,
}

impl Person {
    /// A person with the default working hours.
    pub fn new(name: impl Into<String>, zone: Zone) -> Self {
        Person {
            name: name.into(),
            zone,
            hours: WorkingHours::default(),
        }
    }
}

/// A weekly slot: a weekday and a time on the reference zone's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    /// The day, in the reference zone.
    pub weekday: Weekday,
    /// The start time, in the reference zone.
    pub time: NaiveTime,
}

/// What to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSearch {
    /// The zone slots are given in, usually the ASE's.
    pub reference: Zone,
    /// The meeting's length in minutes.
    pub duration_minutes: u32,
    /// Weekly or every other week.
    pub cadence: Cadence,
    /// The first date a meeting may take place, in the reference zone.
    pub from: NaiveDate,
    /// How many weeks ahead every date is checked.
    pub weeks: u32,
    /// The distance between candidate start times, in minutes.
    pub step_minutes: u32,
}

impl SlotSearch {
    /// Thirty-minute weekly meetings from `from`, checked for a year (so every zone's
    /// daylight-saving changes are seen), starting on the hour or half hour.
    pub fn new(reference: Zone, from: NaiveDate) -> Self {
        SlotSearch {
            reference,
            duration_minutes: 30,
            cadence: Cadence::Weekly,
            from,
            weeks: 52,
            step_minutes: 30,
        }
    }

    /// The reference-zone dates `weekday` falls on within the search.
    pub fn dates(&self, weekday: Weekday) -> Vec<NaiveDate> {
        let ahead = (7 + i64::from(weekday.num_days_from_monday())
            - i64::from(self.from.weekday().num_days_from_monday()))
            % 7;
        let end = self.from + Duration::days(7 * i64::from(self.weeks.max(1)));
        let step = interval_days(self.cadence);
        let mut dates = Vec::new();
        let mut date = self.from + Duration::days(ahead);
        while date < end {
            dates.push(date);
            date += Duration::days(step);
        }
        dates
    }
}

/// How a meeting sits in someone's working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placing {
    /// Entirely inside their working hours.
    Inside,
    /// Before (or starting before) their working day.
    Early,
    /// After (or running past) the end of their working day.
    Late,
    /// On a day they do not work.
    DayOff,
}

/// One meeting date as one person lives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The meeting's date in the reference zone.
    pub date: NaiveDate,
    /// When it starts on their clock.
    pub local_start: NaiveDateTime,
    /// When it ends on their clock.
    pub local_end: NaiveDateTime,
    /// Their zone's abbreviation then (`CET`, or `UTC+05:30` for a zone without one).
    pub abbreviation: String,
    /// How it sits in their working hours.
    pub placing: Placing,
    /// Minutes of the meeting outside their working hours.
    pub minutes_outside: u32,
    /// How far the meeting would have to move to fit their working hours, in minutes.
    pub distance_minutes: u32,
}

/// How a slot fits one person over all its dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFit {
    /// The person's name.
    pub name: String,
    /// Their zone.
    pub zone: Zone,
    /// Their working hours.
    pub hours: WorkingHours,
    /// The first date.
    pub first: Placement,
    /// The date furthest outside their hours (the first date when it always fits).
    pub worst: Placement,
    /// On how many dates the meeting is outside their hours.
    pub dates_outside: usize,
}

/// A change in who a slot fits, from one date to the next, usually a daylight-saving change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FitChange {
    /// The first date with the new fit (reference zone).
    pub date: NaiveDate,
    /// The zones whose offset changed since the date before.
    pub zones_changed: Vec<Zone>,
    /// People outside their hours from this date on who were inside before, with the placement.
    pub now_outside: Vec<(String, Placement)>,
    /// People inside again from this date on.
    pub back_inside: Vec<String>,
}

/// How a slot fits everyone over all its dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotFit {
    /// The slot.
    pub slot: Slot,
    /// The meeting's length in minutes.
    pub duration_minutes: u32,
    /// The dates checked (reference zone).
    pub dates: Vec<NaiveDate>,
    /// Each person, in the order given.
    pub people: Vec<PersonFit>,
    /// Where the fit changes from one date to the next.
    pub changes: Vec<FitChange>,
    /// Other weekdays at the same time that fit as well (filled in by [`suggest`]).
    pub also_on: Vec<Weekday>,
    /// The reference zone's abbreviation on the first date.
    pub abbreviation: String,
    rank: Rank,
}

impl SlotFit {
    /// Whether the slot is inside everyone's hours on every date.
    pub fn fits_everyone(&self) -> bool {
        self.people.iter().all(|p| p.dates_outside == 0)
    }

    /// Whether the slot fits everyone on at least one date.
    pub fn fits_everyone_sometimes(&self) -> bool {
        self.rank.dates_all_inside > 0
    }

    /// How many people it is outside the hours of on at least one date.
    pub fn people_outside(&self) -> usize {
        self.people.iter().filter(|p| p.dates_outside > 0).count()
    }

    /// The first change that puts someone outside their hours.
    pub fn stops_fitting(&self) -> Option<&FitChange> {
        self.changes.iter().find(|c| !c.now_outside.is_empty())
    }

    /// The first date, e.g. for a recurrence's first date.
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.dates.first().copied()
    }
}

/// Whether the people's working hours meet at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// Some slot fits everyone on every date.
    Always,
    /// No slot fits everyone on every date, but some fit on some dates (between
    /// daylight-saving changes).
    Sometimes,
    /// The zones share no working hours: every slot leaves someone outside.
    Never,
}

/// The best slots found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    /// Whether the working hours meet at all.
    pub overlap: Overlap,
    /// The best slots, best first, one per start time (see [`SlotFit::also_on`]).
    pub slots: Vec<SlotFit>,
}

/// The ranking key; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Rank {
    dates: u64,
    all_fit: bool,
    /// Sum over dates and people of the squared distance in minutes.
    squared_distance: u128,
    people_outside: usize,
    minutes_outside: u64,
    midday: i64,
    dates_all_inside: usize,
}

impl Rank {
    /// Compares everything but the weekday and time.
    fn cmp_fit(&self, other: &Rank) -> Ordering {
        // Totals are compared per date: a.total / a.dates against b.total / b.dates.
        let per_date = |total: u128, other_dates: u64| total * u128::from(other_dates.max(1));
        other
            .all_fit
            .cmp(&self.all_fit)
            .then_with(|| {
                per_date(self.squared_distance, other.dates)
                    .cmp(&per_date(other.squared_distance, self.dates))
            })
            .then_with(|| self.people_outside.cmp(&other.people_outside))
            .then_with(|| {
                per_date(u128::from(self.minutes_outside), other.dates)
                    .cmp(&per_date(u128::from(other.minutes_outside), self.dates))
            })
            .then_with(|| self.midday.cmp(&other.midday))
    }
}

/// Tuesday first, the weekend last.
fn weekday_preference(day: Weekday) -> u8 {
    match day {
        Weekday::Tue => 0,
        Weekday::Wed => 1,
        Weekday::Thu => 2,
        Weekday::Mon => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

/// A person's working time as UTC intervals (seconds), one per working day, in order.
struct Calendar {
    windows: Vec<(i64, i64)>,
}

impl Calendar {
    fn new(person: &Person, first: NaiveDate, last: NaiveDate) -> Self {
        let hours = &person.hours;
        let windows = first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| hours.works_on(d.weekday()))
            .map(|d| {
                let end_day = if hours.end > hours.start {
                    d
                } else {
                    d + Duration::days(1)
                };
                let start = person.zone.instant(d.and_time(hours.start)).timestamp();
                let end = person.zone.instant(end_day.and_time(hours.end)).timestamp();
                (start, end.max(start))
            })
            .collect();
        Calendar { windows }
    }

    /// Seconds of `[s, e)` inside working time, and the seconds the meeting would have to
    /// move to fit a working window, with whether that window is later (the meeting is early).
    fn place(&self, s: i64, e: i64) -> (i64, i64, bool) {
        let p = self.windows.partition_point(|w| w.1 <= s);
        let inside: i64 = self.windows[p..]
            .iter()
            .take_while(|w| w.0 < e)
            .map(|w| (w.1.min(e) - w.0.max(s)).max(0))
            .sum();
        let mut best = (i64::MAX, false);
        for w in self.windows.iter().skip(p.saturating_sub(1)).take(3) {
            let distance = (w.0 - s).max(0) + (e - w.1).max(0);
            if distance < best.0 {
                best = (distance, w.0 > s);
            }
        }
        (inside.min(e - s), best.0, best.1)
    }
}

/// Evaluates slots against precomputed calendars.
struct Evaluator<'a> {
    people: &'a [Person],
    search: &'a SlotSearch,
    calendars: Vec<Calendar>,
}

impl<'a> Evaluator<'a> {
    fn new(people: &'a [Person], search: &'a SlotSearch) -> Self {
        // A margin of a week on both sides finds the nearest working day across any weekend
        // and any date-line shift.
        let first = search.from - Duration::days(8);
        let last = search.from + Duration::days(7 * i64::from(search.weeks.max(1)) + 8);
        let calendars = people
            .iter()
            .map(|p| Calendar::new(p, first, last))
            .collect();
        Evaluator {
            people,
            search,
            calendars,
        }
    }

    fn fit(&self, slot: Slot) -> SlotFit {
        let search = self.search;
        let dates = search.dates(slot.weekday);
        let duration = i64::from(search.duration_minutes) * 60;
        let mut rank = Rank {
            dates: dates.len() as u64,
            ..Rank::default()
        };
        let mut people: Vec<Option<PersonFit>> = vec![None; self.people.len()];
        let mut changes = Vec::new();
        let mut was_inside: Vec<bool> = Vec::new();
        let mut previous_start: Option<DateTime<Utc>> = None;
        for &date in &dates {
            let start = search.reference.instant(date.and_time(slot.time));
            let (s, e) = (start.timestamp(), start.timestamp() + duration);
            let end = start + Duration::seconds(duration);
            let mut all_inside = true;
            let mut now_inside = Vec::with_capacity(self.people.len());
            for (i, (person, calendar)) in self.people.iter().zip(&self.calendars).enumerate() {
                let (inside, distance, early) = calendar.place(s, e);
                let local_start = person.zone.local(start);
                let outside = duration - inside;
                let placing = if outside == 0 {
                    Placing::Inside
                } else if inside == 0 && !person.hours.works_on(local_start.weekday()) {
                    Placing::DayOff
                } else if early {
                    Placing::Early
                } else {
                    Placing::Late
                };
                let placement = Placement {
                    date,
                    local_start,
                    local_end: person.zone.local(end),
                    // Filled in only for the placements kept: it costs a string.
                    abbreviation: String::new(),
                    placing,
                    minutes_outside: (outside / 60) as u32,
                    distance_minutes: (distance.max(0) / 60).min(i64::from(u32::MAX)) as u32,
                };
                let d = u128::from(placement.distance_minutes);
                rank.squared_distance += d * d;
                rank.minutes_outside += u64::from(placement.minutes_outside);
                now_inside.push(outside == 0);
                all_inside &= outside == 0;
                let named = |mut p: Placement| {
                    p.abbreviation = person.zone.abbreviation_at(start);
                    p
                };
                match &mut people[i] {
                    None => {
                        let first = named(placement);
                        people[i] = Some(PersonFit {
                            name: person.name.clone(),
                            zone: person.zone,
                            hours: person.hours,
                            worst: first.clone(),
                            first,
                            dates_outside: usize::from(outside > 0),
                        });
                    }
                    Some(fit) => {
                        fit.dates_outside += usize::from(outside > 0);
                        if placement.distance_minutes > fit.worst.distance_minutes {
                            fit.worst = named(placement);
                        }
                    }
                }
            }
            if all_inside {
                rank.dates_all_inside += 1;
            }
            if let Some(before) = previous_start
                && now_inside != was_inside
            {
                changes.push(self.change(date, before, start, &was_inside, &now_inside));
            }
            was_inside = now_inside;
            previous_start = Some(start);
        }
        let people: Vec<PersonFit> = people.into_iter().flatten().collect();
        rank.people_outside = people.iter().filter(|p| p.dates_outside > 0).count();
        rank.all_fit = rank.people_outside == 0;
        rank.midday = people
            .iter()
            .map(|p| midday_distance(&p.hours, p.first.local_start, search.duration_minutes))
            .sum();
        let abbreviation = dates.first().map_or_else(String::new, |d| {
            let reference = &search.reference;
            reference.abbreviation_at(reference.instant(d.and_time(slot.time)))
        });
        SlotFit {
            slot,
            duration_minutes: search.duration_minutes,
            dates,
            people,
            changes,
            also_on: Vec::new(),
            abbreviation,
            rank,
        }
    }

    fn change(
        &self,
        date: NaiveDate,
        before: DateTime<Utc>,
        now: DateTime<Utc>,
        was_inside: &[bool],
        now_inside: &[bool],
    ) -> FitChange {
        let mut zones_changed: Vec<Zone> = Vec::new();
        for zone in
            std::iter::once(&self.search.reference).chain(self.people.iter().map(|p| &p.zone))
        {
            if zone.offset_at(before) != zone.offset_at(now) && !zones_changed.contains(zone) {
                zones_changed.push(*zone);
            }
        }
        let mut now_outside = Vec::new();
        let mut back_inside = Vec::new();
        for (i, person) in self.people.iter().enumerate() {
            match (was_inside.get(i), now_inside.get(i)) {
                (Some(true), Some(false)) => {
                    let duration = Duration::minutes(i64::from(self.search.duration_minutes));
                    let local_start = person.zone.local(now);
                    let calendar = &self.calendars[i];
                    let (inside, distance, early) =
                        calendar.place(now.timestamp(), (now + duration).timestamp());
                    let placing = if inside == 0 && !person.hours.works_on(local_start.weekday()) {
                        Placing::DayOff
                    } else if early {
                        Placing::Early
                    } else {
                        Placing::Late
                    };
                    now_outside.push((
                        person.name.clone(),
                        Placement {
                            date,
                            local_start,
                            local_end: person.zone.local(now + duration),
                            abbreviation: person.zone.abbreviation_at(now),
                            placing,
                            minutes_outside: ((duration.num_seconds() - inside) / 60) as u32,
                            distance_minutes: (distance / 60) as u32,
                        },
                    ));
                }
                (Some(false), Some(true)) => back_inside.push(person.name.clone()),
                _ => {}
            }
        }
        FitChange {
            date,
            zones_changed,
            now_outside,
            back_inside,
        }
    }
}

/// Minutes between the middle of the meeting and the middle of the working day, on a
/// 24-hour circle.
fn midday_distance(hours: &WorkingHours, local_start: NaiveDateTime, duration_minutes: u32) -> i64 {
    let minute_of_day = |t: NaiveTime| i64::from(t.num_seconds_from_midnight() / 60);
    let meeting_mid = (minute_of_day(local_start.time()) + i64::from(duration_minutes) / 2) % 1440;
    let work_mid = (minute_of_day(hours.start) + hours.minutes() / 2) % 1440;
    let d = (meeting_mid - work_mid).abs();
    d.min(1440 - d)
}

/// How `slot` fits `people` on every date of the search.
pub fn check(people: &[Person], search: &SlotSearch, slot: Slot) -> SlotFit {
    Evaluator::new(people, search).fit(slot)
}

/// The best `limit` slots for `people`, one per start time, each with the other weekdays
/// that fit as well at that time.
pub fn suggest(people: &[Person], search: &SlotSearch, limit: usize) -> Suggestions {
    let evaluator = Evaluator::new(people, search);
    let step = search.step_minutes.clamp(5, 24 * 60);
    let times: Vec<NaiveTime> = (0..24 * 60)
        .step_by(step as usize)
        .filter_map(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0))
        .collect();
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let mut best_per_time: Vec<SlotFit> = Vec::with_capacity(times.len());
    let mut any_always = false;
    let mut any_sometimes = false;
    for &time in &times {
        let mut fits: Vec<SlotFit> = days
            .iter()
            .map(|&weekday| evaluator.fit(Slot { weekday, time }))
            .collect();
        any_always |= fits.iter().any(SlotFit::fits_everyone);
        any_sometimes |= fits.iter().any(SlotFit::fits_everyone_sometimes);
        fits.sort_by(|a, b| {
            a.rank.cmp_fit(&b.rank).then_with(|| {
                weekday_preference(a.slot.weekday).cmp(&weekday_preference(b.slot.weekday))
            })
        });
        let mut fits = fits.into_iter();
        let Some(mut best) = fits.next() else {
            continue;
        };
        best.also_on = fits
            .filter(|f| {
                (best.fits_everyone() && f.fits_everyone())
                    || f.rank.cmp_fit(&best.rank) == Ordering::Equal
            })
            .map(|f| f.slot.weekday)
            .collect();
        best_per_time.push(best);
    }
    best_per_time.sort_by(|a, b| {
        a.rank
            .cmp_fit(&b.rank)
            .then_with(|| {
                weekday_preference(a.slot.weekday).cmp(&weekday_preference(b.slot.weekday))
            })
            .then_with(|| a.slot.time.cmp(&b.slot.time))
    });
    best_per_time.truncate(limit);
    let overlap = if any_always {
        Overlap::Always
    } else if any_sometimes {
        Overlap::Sometimes
    } else {
        Overlap::Never
    };
    Suggestions {
        overlap,
        slots: best_per_time,
    }
}

/// "7 h 30 min", "45 min", "2 h".
pub fn format_minutes(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// How a placement reads: "inside working hours", "1 h before working hours",
/// "30 min after working hours", "on a day off (Sun)".
pub fn describe_placement(p: &Placement) -> String {
    match p.placing {
        Placing::Inside => "inside working hours".to_owned(),
        Placing::Early => format!(
            "{} before working hours",
            format_minutes(p.distance_minutes)
        ),
        Placing::Late => format!("{} after working hours", format_minutes(p.distance_minutes)),
        Placing::DayOff => format!("on a day off ({})", p.local_start.format("%a")),
    }
}

/// "Tue 16:00–16:30 CET" on someone's clock.
pub fn local_span(p: &Placement) -> String {
    format!(
        "{} {}–{} {}",
        p.local_start.format("%a"),
        p.local_start.format("%H:%M"),
        p.local_end.format("%H:%M"),
        p.abbreviation
    )
}

/// "Tue 16:00 CET".
pub fn slot_label(fit: &SlotFit) -> String {
    format!(
        "{} {} {}",
        fit.slot.weekday,
        fit.slot.time.format("%H:%M"),
        fit.abbreviation
    )
}

/// The lines describing how one slot fits: who is where, and when the fit changes.
pub fn describe_fit(fit: &SlotFit, out: &mut String) {
    let verdict = if fit.fits_everyone() {
        "inside everyone's working hours on every date".to_owned()
    } else if fit.people_outside() == 1 {
        "outside working hours for 1 person".to_owned()
    } else {
        format!("outside working hours for {} people", fit.people_outside())
    };
    let also = if fit.also_on.is_empty() {
        String::new()
    } else {
        let days: Vec<String> = fit.also_on.iter().map(Weekday::to_string).collect();
        format!(" (also {})", days.join(", "))
    };
    let _ = writeln!(out, "{}{also}: {verdict}", slot_label(fit));
    let width = fit
        .people
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for p in &fit.people {
        let mut line = format!(
            "    {:<width$}  {:<26} {}",
            p.name,
            local_span(&p.first),
            describe_placement(&p.first)
        );
        if p.first.placing == Placing::Inside && p.dates_outside > 0 {
            let _ = write!(
                line,
                "; outside on {} of {} dates",
                p.dates_outside,
                fit.dates.len()
            );
        }
        if p.worst.distance_minutes > p.first.distance_minutes {
            let _ = write!(
                line,
                "; worst from {}: {}, {}",
                p.worst.date,
                local_span(&p.worst),
                describe_placement(&p.worst)
            );
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    describe_changes(fit, out);
}

/// One line per change in who `fit` suits, naming the zones whose clocks changed: "From Sun
/// 2027-10-31 (clocks changed in Europe/Berlin): Ira is outside: Sun 08:30–09:00 CET, 30 min
/// before working hours".
pub fn describe_changes(fit: &SlotFit, out: &mut String) {
    for change in &fit.changes {
        let cause = if change.zones_changed.is_empty() {
            String::new()
        } else {
            let zones: Vec<String> = change.zones_changed.iter().map(Zone::name).collect();
            format!(" (clocks changed in {})", zones.join(", "))
        };
        let mut what: Vec<String> = change
            .now_outside
            .iter()
            .map(|(name, p)| {
                format!(
                    "{name} is outside: {}, {}",
                    local_span(p),
                    describe_placement(p)
                )
            })
            .collect();
        what.extend(
            change
                .back_inside
                .iter()
                .map(|name| format!("{name} is inside again")),
        );
        let _ = writeln!(
            out,
            "    From {}{cause}: {}",
            change.date.format("%a %Y-%m-%d"),
            what.join("; ")
        );
    }
}

/// What `kickoff slots ID` prints: the search, whether the zones share working hours, and
/// the best slots with each person's local time; `left_out` names people whose time zone
/// could not be read.
pub fn describe_suggestions(
    suggestions: &Suggestions,
    search: &SlotSearch,
    people: &[Person],
    left_out: &[(String, ZoneError)],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}-minute meeting, {}, for {} {}; times in {}; every date checked for {} weeks from {}.",
        search.duration_minutes,
        search.cadence.label().to_lowercase(),
        people.len(),
        if people.len() == 1 {
            "person"
        } else {
            "people"
        },
        search.reference,
        search.weeks,
        search.from
    );
    for (name, error) in left_out {
        let _ = writeln!(out, "Left out: {name}: {error}.");
    }
    if people.is_empty() {
        out.push_str("Nobody has a time zone recorded, so there is nothing to fit.\n");
        return out;
    }
    match suggestions.overlap {
        Overlap::Always => {}
        Overlap::Sometimes => out.push_str(
            "No slot fits everyone's working hours all year: the best ones fit only between \
             daylight-saving changes.\n",
        ),
        Overlap::Never => {
            out.push_str("These time zones share no working hours");
            let hours: Vec<String> = people
                .iter()
                .map(|p| format!("{} {} in {}", p.name, p.hours, p.zone))
                .collect();
            let _ = writeln!(out, " ({}).", hours.join(", "));
            out.push_str("The best compromises, and who they leave outside:\n");
        }
    }
    out.push('\n');
    for (i, fit) in suggestions.slots.iter().enumerate() {
        let _ = write!(out, "{}. ", i + 1);
        describe_fit(fit, &mut out);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::core::zone::iana;

    pub(crate) fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub(crate) fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    pub(crate) fn person(name: &str, tz: &str) -> Person {
        Person::new(name, iana(tz))
    }

    pub(crate) fn search(reference: &str, from: &str, minutes: u32) -> SlotSearch {
        SlotSearch {
            duration_minutes: minutes,
            ..SlotSearch::new(iana(reference), d(from))
        }
    }

    #[test]
    fn working_hours_in_the_forms_people_write() {
        let h = |s: &str| WorkingHours::parse(s).unwrap();
        assert_eq!(h("9-17"), WorkingHours::default());
        assert_eq!(h("09:00-17:00"), WorkingHours::default());
        assert_eq!(h(" 9am – 5pm "), WorkingHours::default());
        assert_eq!(h("9 to 17"), WorkingHours::default());
        let half = h("8:30-16:30");
        assert_eq!((half.start, half.end), (t("08:30"), t("16:30")));
        assert_eq!(half.minutes(), 480);
        let night = h("22:00-06:00");
        assert_eq!(night.minutes(), 480);
        assert_eq!(h("17:00-24:00").minutes(), 420);
        assert_eq!(h("12am-12pm").minutes(), 720);
        let gulf = h("Sun-Thu 08:00-16:00");
        assert_eq!(gulf.days, [true, true, true, true, false, false, true]);
        assert!(gulf.works_on(Weekday::Sun) && !gulf.works_on(Weekday::Fri));
        assert_eq!(
            h("Mon,Wed,Fri 9-13").days,
            [true, false, true, false, true, false, false]
        );
        assert_eq!(
            h("monday-thursday 9-17").days,
            [true, true, true, true, false, false, false]
        );
        // Display and serde read back.
        for text in [
            "09:00-17:00",
            "Sun-Thu 08:00-16:00",
            "Mon,Wed,Fri 09:00-13:00",
            "Sat 10:00-14:00",
            "22:00-06:00",
        ] {
            assert_eq!(h(text).to_string(), text);
            let yaml = serde_yaml::to_string(&h(text)).unwrap();
            assert_eq!(
                serde_yaml::from_str::<WorkingHours>(&yaml).unwrap(),
                h(text)
            );
        }
        for (bad, reason) in [
            ("", "no times given"),
            ("nine to five", "no times given"),
            ("9", "give a start and an end"),
            ("9-9", "the start and the end are the same"),
            ("25-17", "the start is not a time"),
            ("9-17:5", "the end is not a time"),
            ("13pm-5pm", "the start is not a time"),
            ("Funday 9-17", "the days are not like Mon-Fri or Sun,Tue"),
        ] {
            assert_eq!(
                WorkingHours::parse(bad).unwrap_err().reason,
                reason,
                "{bad:?}"
            );
        }
        let err = serde_yaml::from_str::<WorkingHours>("\"9-9\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("the start and the end are the same"),
            "{err}"
        );
    }

    #[test]
    fn dates_of_a_weekly_and_an_every_other_week_slot() {
        // 2027-01-06 is a Wednesday.
        let mut s = search("Europe/Berlin", "2027-01-06", 30);
        s.weeks = 3;
        assert_eq!(
            s.dates(Weekday::Wed),
            [d("2027-01-06"), d("2027-01-13"), d("2027-01-20")]
        );
        assert_eq!(
            s.dates(Weekday::Tue),
            [d("2027-01-12"), d("2027-01-19"), d("2027-01-26")]
        );
        s.cadence = Cadence::EveryOtherWeek;
        s.weeks = 6;
        assert_eq!(
            s.dates(Weekday::Mon),
            [d("2027-01-11"), d("2027-01-25"), d("2027-02-08")]
        );
    }

    #[test]
    fn berlin_london_new_york_meet_in_the_european_afternoon() {
        let people = [
            person("Ben", "Europe/Berlin"),
            person("Lia", "Europe/London"),
            person("Nat", "America/New_York"),
        ];
        let s = search("Europe/Berlin", "2027-01-04", 60);
        let found = suggest(&people, &s, 5);
        assert_eq!(found.overlap, Overlap::Always);
        let best = &found.slots[0];
        // New York's 09:00 is Berlin's 15:00; 15:00-16:00 Berlin is the slot closest to
        // everyone's mid-day that fits all year.
        assert_eq!(
            best.slot,
            Slot {
                weekday: Weekday::Tue,
                time: t("15:00")
            }
        );
        assert!(best.fits_everyone());
        assert_eq!(
            best.also_on,
            [Weekday::Wed, Weekday::Thu, Weekday::Mon, Weekday::Fri]
        );
        assert_eq!(best.dates.len(), 52);
        let times: Vec<NaiveTime> = found.slots.iter().take(3).map(|f| f.slot.time).collect();
        assert_eq!(times, [t("15:00"), t("15:30"), t("16:00")]);
        assert!(found.slots[..3].iter().all(SlotFit::fits_everyone));
        assert!(!found.slots[3].fits_everyone());
        let nat = &best.people[2];
        assert_eq!(nat.first.local_start, d("2027-01-05").and_time(t("09:00")));
        assert_eq!(nat.first.abbreviation, "EST");
        // The US changes its clocks two weeks before Europe: New York then starts at 14:00
        // Berlin time, so for those weeks 15:00 is 10:00 there, still inside.
        assert!(best.changes.is_empty());
    }

    #[test]
    fn sydney_chicago_berlin_share_no_working_hours() {
        let people = [
            person("Sam", "Australia/Sydney"),
            person("Cai", "America/Chicago"),
            person("Ben", "Europe/Berlin"),
        ];
        let s = search("Europe/Berlin", "2027-01-04", 60);
        let found = suggest(&people, &s, 5);
        assert_eq!(found.overlap, Overlap::Never);
        for fit in &found.slots {
            assert!(!fit.fits_everyone());
            assert!(!fit.fits_everyone_sometimes());
            assert!(fit.people_outside() >= 1);
        }
        // The best compromise spreads the pain: nobody at 2 am. In January Berlin 21:00 is
        // Sydney 07:00 (next day) and Chicago 14:00.
        let best = &found.slots[0];
        for p in &best.people {
            let hour = p.first.local_start.hour();
            assert!(
                (6..=22).contains(&hour),
                "{} at {}",
                p.name,
                p.first.local_start
            );
            assert!(
                p.worst.distance_minutes <= 5 * 60,
                "{}: {:?}",
                p.name,
                p.worst
            );
        }
        let text = describe_suggestions(&found, &s, &people, &[]);
        assert!(
            text.contains(
                "These time zones share no working hours (Sam 09:00-17:00 in Australia/Sydney, \
                 Cai 09:00-17:00 in America/Chicago, Ben 09:00-17:00 in Europe/Berlin)."
            ),
            "{text}"
        );
        assert!(text.contains("The best compromises, and who they leave outside:"));
    }

    #[test]
    fn a_slot_stops_fitting_when_the_clocks_change_in_march() {
        // Los Angeles Monday 14:00 is Sydney Tuesday 09:00 in January (PST, AEDT). The US
        // springs forward on 2027-03-14: LA 14:00 becomes Sydney 08:00. Sydney falls back on
        // 2027-04-04: 07:00. In October and November the other way round.
        let people = [
            person("Sam", "Australia/Sydney"),
            person("Lee", "America/Los_Angeles"),
        ];
        let s = search("America/Los_Angeles", "2027-01-04", 60);
        let fit = check(
            &people,
            &s,
            Slot {
                weekday: Weekday::Mon,
                time: t("14:00"),
            },
        );
        assert!(!fit.fits_everyone());
        assert!(fit.fits_everyone_sometimes());
        let stop = fit.stops_fitting().unwrap();
        assert_eq!(stop.date, d("2027-03-15"));
        assert_eq!(stop.zones_changed, [iana("America/Los_Angeles")]);
        let (name, placement) = &stop.now_outside[0];
        assert_eq!(name, "Sam");
        assert_eq!(placement.local_start, d("2027-03-16").and_time(t("08:00")));
        assert_eq!(placement.placing, Placing::Early);
        assert_eq!(placement.distance_minutes, 60);
        assert_eq!(placement.abbreviation, "AEDT");
        // Sydney's own change in April makes it worse but is no new change of who is out.
        assert_eq!(fit.changes.len(), 2);
        let back = &fit.changes[1];
        // Back inside once the US falls back (2027-11-07) and Sydney is on summer time
        // again (since 2027-10-03).
        assert_eq!(back.date, d("2027-11-08"));
        assert_eq!(back.back_inside, ["Sam"]);
        assert_eq!(back.zones_changed, [iana("America/Los_Angeles")]);
        let sam = &fit.people[0];
        assert_eq!(sam.worst.distance_minutes, 120);
        assert_eq!(sam.worst.local_start.time(), t("07:00"));
        assert_eq!(sam.dates_outside, 34);
        // The described change names the date, the cause and the person.
        let mut text = String::new();
        describe_fit(&fit, &mut text);
        assert!(
            text.contains(
                "From Mon 2027-03-15 (clocks changed in America/Los_Angeles): Sam is outside: \
                 Tue 08:00–09:00 AEDT, 1 h before working hours"
            ),
            "{text}"
        );
        assert!(text.contains(
            "From Mon 2027-11-08 (clocks changed in America/Los_Angeles): Sam is inside again"
        ));
    }

    #[test]
    fn the_two_european_changes_in_october_show_for_a_slot_on_the_edge() {
        // London and New York: New York 09:00 is London 14:00, except between the European
        // and the US autumn changes (2027-10-31 to 2027-11-07) when it is 13:00; and in
        // spring between 2027-03-14 and 2027-03-28. A London 13:00 slot fits New York only
        // in those weeks.
        let people = [
            person("Lia", "Europe/London"),
            person("Nat", "America/New_York"),
        ];
        let s = search("Europe/London", "2027-01-04", 60);
        let fit = check(
            &people,
            &s,
            Slot {
                weekday: Weekday::Wed,
                time: t("13:00"),
            },
        );
        let inside_dates: Vec<NaiveDate> = fit
            .dates
            .iter()
            .copied()
            .filter(|date| {
                let one = SlotSearch {
                    from: *date,
                    weeks: 1,
                    ..s.clone()
                };
                check(&people, &one, fit.slot).fits_everyone()
            })
            .collect();
        assert_eq!(
            inside_dates,
            [d("2027-03-17"), d("2027-03-24"), d("2027-11-03")]
        );
        assert_eq!(fit.people[1].dates_outside, 49);
        let starts: Vec<NaiveDate> = fit.changes.iter().map(|c| c.date).collect();
        assert_eq!(
            starts,
            [
                d("2027-03-17"),
                d("2027-03-31"),
                d("2027-11-03"),
                d("2027-11-10")
            ]
        );
        assert_eq!(fit.changes[0].zones_changed, [iana("America/New_York")]);
        assert_eq!(fit.changes[1].zones_changed, [iana("Europe/London")]);
        assert_eq!(fit.changes[1].now_outside[0].0, "Nat");
    }

    #[test]
    fn weekends_in_the_person_zone_are_days_off() {
        // Friday 17:00 in Los Angeles is Saturday 12:00 in Sydney.
        let people = [person("Sam", "Australia/Sydney")];
        let s = search("America/Los_Angeles", "2027-01-04", 30);
        let fit = check(
            &people,
            &s,
            Slot {
                weekday: Weekday::Fri,
                time: t("17:00"),
            },
        );
        let p = &fit.people[0].first;
        assert_eq!(p.placing, Placing::DayOff);
        assert_eq!(p.local_start.weekday(), Weekday::Sat);
        assert_eq!(describe_placement(p), "on a day off (Sat)");
        // Custom days: Sunday is a working day in Tel Aviv.
        let mut il = person("Noa", "Asia/Jerusalem");
        il.hours = WorkingHours::parse("Sun-Thu 9-17").unwrap();
        let s = search("Asia/Jerusalem", "2027-01-04", 30);
        assert!(
            check(
                &[il.clone()],
                &s,
                Slot {
                    weekday: Weekday::Sun,
                    time: t("10:00")
                }
            )
            .fits_everyone()
        );
        let fri = check(
            &[il],
            &s,
            Slot {
                weekday: Weekday::Fri,
                time: t("10:00"),
            },
        );
        assert_eq!(fri.people[0].first.placing, Placing::DayOff);
    }

    #[test]
    fn overnight_working_hours_and_fixed_offsets() {
        let mut night = Person::new("Owl", crate::core::zone::parse("UTC+5:30").unwrap().zone);
        night.hours = WorkingHours::parse("22:00-06:00").unwrap();
        let s = SlotSearch {
            weeks: 4,
            ..SlotSearch::new(Zone::UTC, d("2027-01-04"))
        };
        // 20:00 UTC is 01:30 the next day at UTC+5:30: inside Monday night's shift.
        let fit = check(
            &[night.clone()],
            &s,
            Slot {
                weekday: Weekday::Mon,
                time: t("20:00"),
            },
        );
        assert!(fit.fits_everyone());
        let fit = check(
            &[night],
            &s,
            Slot {
                weekday: Weekday::Mon,
                time: t("12:00"),
            },
        );
        let p = &fit.people[0].first;
        assert_eq!(p.local_start.time(), t("17:30"));
        assert_eq!(p.placing, Placing::Early);
        assert_eq!(p.distance_minutes, 270);
        assert_eq!(p.minutes_outside, 30);
    }

    #[test]
    fn a_half_hour_zone_with_a_partial_overlap_counts_the_minutes_outside() {
        // Bangalore 09:00-17:00 is Berlin 04:30-12:30 in winter. A Berlin 12:00 hour-long
        // meeting ends 30 minutes after Bangalore's day.
        let people = [
            person("Ben", "Europe/Berlin"),
            person("Ira", "Asia/Kolkata"),
        ];
        let s = search("Europe/Berlin", "2027-01-04", 60);
        let fit = check(
            &people,
            &s,
            Slot {
                weekday: Weekday::Tue,
                time: t("12:00"),
            },
        );
        let ira = &fit.people[1].first;
        assert_eq!(ira.local_start.time(), t("16:30"));
        assert_eq!(ira.placing, Placing::Late);
        assert_eq!((ira.minutes_outside, ira.distance_minutes), (30, 30));
        // In summer Berlin is an hour closer: 12:00 is 15:30 there, inside.
        assert!(fit.changes.iter().any(|c| c.back_inside == ["Ira"]));
        let found = suggest(&people, &s, 3);
        assert_eq!(found.overlap, Overlap::Always);
        assert!(found.slots[0].fits_everyone());
        assert!(found.slots[0].slot.time <= t("11:30"));
    }

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        assert_eq!(format_minutes(45), "45 min");
        assert_eq!(format_minutes(120), "2 h");
        assert_eq!(format_minutes(450), "7 h 30 min");
    }
}
