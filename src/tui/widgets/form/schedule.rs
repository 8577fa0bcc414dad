//! What the scheduling fields of the forms say as they are typed: the time zone read (and
//! the other meanings of an ambiguous one), the working hours, how the regular meeting fits
//! everyone's working hours, and the suggested slots to pick from. The notes are worked out
//! in `App::update` (which knows the time and the people), never while drawing.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Weekday};

use super::{Form, FormKind, Refused, TextInput, Value};
use crate::core::business_days::parse_date;
use crate::core::cadence::{Recurrence, day_name};
use crate::core::meeting::Cadence;
use crate::core::slots::{
    self, Overlap, Person, SlotFit, SlotSearch, Suggestions, WorkingHours, format_minutes,
};
use crate::core::zone::{self, Zone, ZoneError};

/// How a note under a field looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// What was understood.
    Info,
    /// Something to check (an ambiguous zone, a slot outside someone's working hours).
    Warning,
    /// Not understood.
    Error,
}

/// A line shown under a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The line.
    pub text: String,
    /// How it looks.
    pub tone: Tone,
}

impl Note {
    fn new(tone: Tone, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            tone,
        }
    }
}

/// Suggested slots for the regular meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// What was searched.
    pub search: SlotSearch,
    /// What was found.
    pub found: Suggestions,
    /// The suggestion last picked into the form, if any.
    pub picked: Option<usize>,
}

/// Where the suggested slots stand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Offering {
    /// Not asked for (not the regular-meeting form).
    #[default]
    None,
    /// Nobody's time zone is known: there is nothing to fit.
    NoPeople,
    /// Asked for; the answer has not come back yet.
    Pending,
    /// Found.
    Ready(Offer),
}

/// What a scheduling form knows beyond its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aid {
    /// Lines shown under fields: after the field with the index (after the last field for
    /// the form as a whole).
    pub notes: Vec<(usize, Note)>,
    /// The meaning picked for an ambiguous time zone (a normalised zone name); `None` is
    /// the most common meaning.
    pub zone_choice: Option<String>,
    /// The time zone text the choice was made for: typing something else drops it.
    pub zone_typed: String,
    /// The suggested slots (regular-meeting form).
    pub offering: Offering,
    /// People whose time zone is unknown, left out of the suggestions.
    pub left_out: Vec<String>,
}

/// What the notes are worked out from.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The time now.
    pub now: DateTime<FixedOffset>,
    /// Today on the ASE's clock.
    pub today: NaiveDate,
    /// The meeting's people whose zone is known (the ASE first when known).
    pub people: &'a [Person],
}

/// Field labels the scheduling code finds its fields by.
pub const TIME_ZONE: &str = "Time zone";
/// The attendee's working hours.
pub const WORKING_HOURS: &str = "Working hours";
/// The regular meeting's weekday.
pub const DAY: &str = "Day";
/// The regular meeting's start time.
pub const TIME: &str = "Time";
/// The regular meeting's length in minutes.
pub const DURATION: &str = "Duration (min)";
/// The regular meeting's first date.
pub const FIRST_DATE: &str = "First date";

/// The meanings of typed text: the one read first, then the other ones.
fn meanings(typed: &str) -> Vec<(Zone, Option<&'static str>)> {
    match zone::parse(typed) {
        Ok(parsed) => std::iter::once((parsed.zone, parsed.meaning))
            .chain(
                parsed
                    .alternatives
                    .iter()
                    .map(|a| (a.zone, Some(a.meaning))),
            )
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The zone typed text stands for with `choice` picked among its meanings.
pub fn chosen_zone(typed: &str, choice: Option<&str>) -> Result<Zone, ZoneError> {
    let parsed = zone::parse(typed)?;
    let picked = choice
        .and_then(Zone::from_name)
        .filter(|z| parsed.alternatives.iter().any(|a| a.zone == *z));
    Ok(picked.unwrap_or(parsed.zone))
}

/// The lines under a time-zone field: what `typed` was read as and the time there now, the
/// other meanings of an ambiguous one (`choose`: ^O picks another), or why it is unknown.
pub fn zone_notes(
    typed: &str,
    choice: Option<&str>,
    now: DateTime<FixedOffset>,
    choose: bool,
) -> Vec<Note> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    let parsed = match zone::parse(typed) {
        Ok(parsed) => parsed,
        Err(ZoneError::Unknown { suggestions, .. }) => {
            let mut notes = vec![Note::new(Tone::Error, "▲ Unknown time zone.")];
            notes.push(Note::new(
                Tone::Error,
                if suggestions.is_empty() {
                    "Try a city (Berlin), CET, UTC+2 or Europe/Berlin.".to_owned()
                } else {
                    format!("Did you mean {}?", join_or(&suggestions))
                },
            ));
            return notes;
        }
        Err(e) => return vec![Note::new(Tone::Error, format!("▲ {e}"))],
    };
    let all = meanings(typed);
    let zone = chosen_zone(typed, choice).unwrap_or(parsed.zone);
    let meaning = all
        .iter()
        .find(|(z, _)| *z == zone)
        .and_then(|(_, m)| *m)
        .map(|m| format!("{m} ({zone})"))
        .unwrap_or_else(|| zone.name());
    let now_there = zone::local_time(&zone, now);
    let read = if typed == zone.name() {
        format!("{typed}, now {now_there}")
    } else {
        format!("{typed} → {meaning}, now {now_there}")
    };
    let mut notes = vec![Note::new(Tone::Info, read)];
    if matches!(zone, Zone::Fixed(_)) {
        notes.push(Note::new(Tone::Info, "A fixed offset: no daylight saving."));
    }
    if parsed.is_ambiguous() {
        let others: Vec<String> = all
            .iter()
            .filter(|(z, _)| *z != zone)
            .map(|(z, m)| m.map_or_else(|| z.name(), str::to_owned))
            .collect();
        let how = if choose {
            "^O for"
        } else {
            "type the IANA name for"
        };
        notes.push(Note::new(
            Tone::Warning,
            format!("{how} {}", join_or(&others)),
        ));
    }
    notes
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The line under a working-hours field.
pub fn hours_note(typed: &str) -> Option<Note> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    Some(match WorkingHours::parse(typed) {
        Ok(hours) => Note::new(Tone::Info, format!("{hours} on their own clock")),
        Err(e) => Note::new(
            Tone::Error,
            format!("▲ {}; e.g. 9-17, 8:30-16:30, Sun-Thu 8-16", e.reason),
        ),
    })
}

/// Working hours as typed: `None` when empty (the default), an error naming the problem.
pub fn parse_hours(typed: &str) -> Result<Option<WorkingHours>, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    WorkingHours::parse(typed).map(Some).map_err(|e| {
        format!(
            "Working hours: {}; write e.g. 9-17 or Sun-Thu 8-16, or leave them empty.",
            e.reason
        )
    })
}

/// `16:00`, `9:30`, `16`.
fn parse_time(typed: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(typed, "%H:%M").ok().or_else(|| {
        let hour: u32 = typed.parse().ok()?;
        NaiveTime::from_hms_opt(hour, 0, 0)
    })
}

/// "Tuesday".
pub fn day_label(day: Weekday) -> &'static str {
    day_name(day)
}

impl Form {
    /// The index of the field labelled `label`.
    pub fn index_of(&self, label: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.label == label)
    }

    fn text_at(&self, label: &str) -> String {
        match self.index_of(label).and_then(|i| self.fields.get(i)) {
            Some(field) => match &field.value {
                Value::Text(input) => input.text().trim().to_owned(),
                _ => String::new(),
            },
            None => String::new(),
        }
    }

    fn set_text(&mut self, label: &str, text: &str) {
        if let Some(Value::Text(input)) = self
            .index_of(label)
            .and_then(|i| self.fields.get_mut(i))
            .map(|f| &mut f.value)
        {
            *input = TextInput::new(text);
        }
    }

    /// Works out the notes under the fields from what they hold now.
    pub fn refresh(&mut self, context: Context<'_>) {
        let typed = self.text_at(TIME_ZONE);
        if typed != self.aid.zone_typed {
            self.aid.zone_choice = None;
            self.aid.zone_typed = typed.clone();
        }
        let mut notes = Vec::new();
        let attendee = matches!(self.kind, FormKind::Attendee(_));
        if let Some(i) = self.index_of(TIME_ZONE) {
            let choice = self.aid.zone_choice.as_deref();
            for note in zone_notes(&typed, choice, context.now, attendee) {
                notes.push((i, note));
            }
        }
        if let Some(i) = self.index_of(WORKING_HOURS)
            && let Some(note) = hours_note(&self.text_at(WORKING_HOURS))
        {
            notes.push((i, note));
        }
        if self.kind == FormKind::RegularMeeting {
            let end = self.fields.len();
            for note in self.fit_notes(context) {
                notes.push((end, note));
            }
            for note in self.offer_notes() {
                notes.push((end, note));
            }
        }
        self.aid.notes = notes;
    }

    /// How the regular meeting in the form fits everyone's working hours.
    fn fit_notes(&self, context: Context<'_>) -> Vec<Note> {
        let Ok(Some(recurrence)) = self.recurrence() else {
            return Vec::new();
        };
        if context.people.is_empty() {
            return Vec::new();
        }
        match recurrence.warnings(context.people, context.today, 52) {
            Ok(warnings) if warnings.is_empty() => vec![Note::new(
                Tone::Info,
                "✓ Inside everyone's working hours on every date for a year.",
            )],
            Ok(warnings) => std::iter::once(Note::new(
                Tone::Warning,
                "▲ Outside someone's working hours:",
            ))
            .chain(
                warnings
                    .into_iter()
                    .map(|w| Note::new(Tone::Warning, format!("  {w}"))),
            )
            .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The suggested slots, one line each, and what they say about the zones.
    fn offer_notes(&self) -> Vec<Note> {
        let mut notes = Vec::new();
        if !self.aid.left_out.is_empty() {
            notes.push(Note::new(
                Tone::Warning,
                format!(
                    "Left out, time zone unknown: {}",
                    self.aid.left_out.join(", ")
                ),
            ));
        }
        let offer = match &self.aid.offering {
            Offering::None => return notes,
            Offering::NoPeople => {
                notes.push(Note::new(
                    Tone::Info,
                    "No slots to suggest: nobody's time zone is known yet.",
                ));
                return notes;
            }
            Offering::Pending => {
                notes.push(Note::new(Tone::Info, "Finding slots…"));
                return notes;
            }
            Offering::Ready(offer) => offer,
        };
        let head = match offer.found.overlap {
            Overlap::Always => "Suggested slots, ^O picks one:",
            Overlap::Sometimes => {
                "No slot fits everyone all year (daylight saving); best ones, ^O picks:"
            }
            Overlap::Never => {
                "These time zones share no working hours. Best compromises, ^O picks:"
            }
        };
        let tone = match offer.found.overlap {
            Overlap::Always => Tone::Info,
            _ => Tone::Warning,
        };
        notes.push(Note::new(tone, head));
        for (i, fit) in offer.found.slots.iter().enumerate() {
            let marker = if offer.picked == Some(i) { "›" } else { " " };
            notes.push(Note::new(
                if fit.fits_everyone() {
                    Tone::Info
                } else {
                    Tone::Warning
                },
                format!(
                    "{marker}{}. {} {}",
                    i + 1,
                    slots::slot_label(fit),
                    verdict(fit)
                ),
            ));
        }
        notes
    }

    /// ^O: picks another meaning of an ambiguous time zone (attendee form) or the next
    /// suggested slot (regular-meeting form).
    pub fn choose(&mut self) {
        self.error = None;
        if self.kind == FormKind::RegularMeeting {
            self.pick_next_slot();
            return;
        }
        let typed = self.text_at(TIME_ZONE);
        let all = meanings(&typed);
        if all.len() < 2 {
            self.error = Some("^O picks another meaning of an ambiguous time zone (IST, CST, BST); this one has one meaning.".to_owned());
            return;
        }
        let current = chosen_zone(&typed, self.aid.zone_choice.as_deref()).ok();
        let at = all
            .iter()
            .position(|(z, _)| Some(*z) == current)
            .unwrap_or(0);
        let next = (at + 1) % all.len();
        self.aid.zone_typed = typed;
        self.aid.zone_choice = (next > 0).then(|| all[next].0.name());
    }

    fn pick_next_slot(&mut self) {
        let Offering::Ready(offer) = &mut self.aid.offering else {
            self.error = Some(match self.aid.offering {
                Offering::Pending => "Still finding slots.".to_owned(),
                _ => "No slots to suggest: add attendees with a time zone (^A), or set time_zone in config.yaml.".to_owned(),
            });
            return;
        };
        if offer.found.slots.is_empty() {
            self.error = Some("No slots were found.".to_owned());
            return;
        }
        let next = offer
            .picked
            .map_or(0, |i| (i + 1) % offer.found.slots.len());
        offer.picked = Some(next);
        let Some(fit) = offer.found.slots.get(next).cloned() else {
            return;
        };
        let recurrence = Recurrence::from_suggestion(&fit, &offer.search);
        if let Some(Value::Day(day)) = self
            .index_of(DAY)
            .and_then(|i| self.fields.get_mut(i))
            .map(|f| &mut f.value)
        {
            *day = recurrence.weekday;
        }
        self.set_text(TIME, &recurrence.time.format("%H:%M").to_string());
        self.set_text(TIME_ZONE, &recurrence.time_zone);
        self.set_text(
            FIRST_DATE,
            &recurrence.first_date.format("%Y-%m-%d").to_string(),
        );
    }

    /// The structured regular meeting the form describes: `None` when no time is given (the
    /// free text alone is kept); an error naming the field otherwise.
    pub fn recurrence(&self) -> Result<Option<Recurrence>, (&'static str, String)> {
        let time = self.text_at(TIME);
        if time.is_empty() {
            return Ok(None);
        }
        let time = parse_time(&time).ok_or((
            TIME,
            "Time: write it as HH:MM, e.g. 16:00, or leave it empty.".to_owned(),
        ))?;
        let cadence = match self.fields.first().map(|f| &f.value) {
            Some(Value::Cadence(c)) => *c,
            _ => Cadence::Weekly,
        };
        let weekday = match self.index_of(DAY).and_then(|i| self.fields.get(i)) {
            Some(field) => match field.value {
                Value::Day(day) => day,
                _ => Weekday::Tue,
            },
            None => Weekday::Tue,
        };
        let zone_text = self.text_at(TIME_ZONE);
        if zone_text.is_empty() {
            return Err((
                TIME_ZONE,
                "Time zone: say which clock the time is on, e.g. Europe/Berlin.".to_owned(),
            ));
        }
        let zone = chosen_zone(&zone_text, self.aid.zone_choice.as_deref())
            .map_err(|e| (TIME_ZONE, format!("Time zone: {e}")))?;
        let duration_text = self.text_at(DURATION);
        let duration_minutes: u32 = duration_text.parse().map_err(|_| {
            (
                DURATION,
                format!(
                    "Duration (min): write the length in minutes, e.g. 30, not \"{duration_text}\"."
                ),
            )
        })?;
        let first_date = parse_date(&self.text_at(FIRST_DATE))
            .map_err(|e| (FIRST_DATE, format!("First date: {e}.")))?;
        let recurrence = Recurrence {
            cadence,
            weekday,
            time,
            time_zone: zone.name(),
            duration_minutes,
            first_date,
        };
        recurrence.validate().map_err(|e| {
            let label = match e.field {
                "duration_minutes" => DURATION,
                _ => TIME_ZONE,
            };
            (label, format!("{label}: {}.", e.message))
        })?;
        Ok(Some(recurrence))
    }

    /// [`Form::recurrence`], refusing with the error on its field.
    pub fn to_recurrence(&mut self) -> Result<Option<Recurrence>, Refused> {
        match self.recurrence() {
            Ok(r) => Ok(r),
            Err((label, why)) => {
                self.focus = self.index_of(label).unwrap_or(0);
                self.error = Some(why);
                Err(Refused)
            }
        }
    }
}

/// How a suggested slot fits, in a few words.
fn verdict(fit: &SlotFit) -> String {
    if fit.fits_everyone() {
        let also = if fit.also_on.is_empty() {
            String::new()
        } else {
            let days: Vec<String> = fit.also_on.iter().map(Weekday::to_string).collect();
            format!(" (also {})", days.join(", "))
        };
        return format!("fits everyone{also}");
    }
    if let Some(change) = fit.stops_fitting() {
        let who: Vec<&str> = change.now_outside.iter().map(|(n, _)| n.as_str()).collect();
        let zones: Vec<String> = change.zones_changed.iter().map(Zone::name).collect();
        let cause = if zones.is_empty() {
            String::new()
        } else {
            format!(", clocks change in {}", zones.join(", "))
        };
        return format!(
            "stops fitting {}: {} outside{cause}",
            change.date.format("%a %Y-%m-%d"),
            who.join(", ")
        );
    }
    let outside: Vec<String> = fit
        .people
        .iter()
        .filter(|p| p.dates_outside > 0)
        .map(|p| {
            let shown = if p.first.placing == slots::Placing::Inside {
                &p.worst
            } else {
                &p.first
            };
            let how = match shown.placing {
                slots::Placing::DayOff => "day off".to_owned(),
                slots::Placing::Early => {
                    format!("{} early", format_minutes(shown.distance_minutes))
                }
                _ => format!("{} late", format_minutes(shown.distance_minutes)),
            };
            format!("{} {} ({how})", p.name, shown.local_start.format("%H:%M"))
        })
        .collect();
    format!("outside for {}", outside.join(", "))
}

/// Today on `zone`'s clock (the clock's own date when no zone is known).
pub fn today(zone: Option<&Zone>, now: DateTime<FixedOffset>) -> NaiveDate {
    match zone {
        Some(zone) => zone::local_time(zone, now).time.date(),
        None => now.date_naive(),
    }
}

/// The search for slots for `people` like the regular meeting in `cadence` and
/// `duration_minutes`, in `reference`'s clock, from the day after `today`.
pub fn slot_search(
    reference: Zone,
    today: NaiveDate,
    cadence: Cadence,
    duration_minutes: u32,
) -> SlotSearch {
    let from = today.succ_opt().unwrap_or(today);
    SlotSearch {
        cadence,
        duration_minutes: duration_minutes.clamp(5, 8 * 60),
        ..SlotSearch::new(reference, from)
    }
}
