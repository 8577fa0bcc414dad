//! Business days and the SOW window: the handbook schedules the introductory meeting on the
//! SOW's first business day, or no more than five business days later. Saturdays, Sundays
//! and the days of an optional holiday list are not business days.
//!
//! A holiday file has one ISO date per line, optionally followed by the holiday's name; `#`
//! starts a comment:
//!
//! ```text
//! # Germany, 2026
//! 2026-12-25 Christmas Day
//! 2026-12-26 Second day of Christmas   # a Saturday this year
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

use super::text_file::{ReadError, read_limited};

/// How many business days after the first one the introductory meeting may still take place.
pub const BUSINESS_DAYS_LATER: usize = 5;

/// The largest holiday file read; a long list of dates is far smaller.
pub const MAX_HOLIDAY_FILE_BYTES: u64 = 1024 * 1024;

/// Days that are not business days although they fall on a weekday (or a weekend).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeMap<NaiveDate, String>,
}

impl Holidays {
    /// No holidays.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a holiday; the name may be empty. A date listed twice keeps its first name.
    pub fn insert(&mut self, date: NaiveDate, name: impl Into<String>) {
        self.days.entry(date).or_insert_with(|| name.into());
    }

    /// Whether `date` is a holiday.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.days.contains_key(&date)
    }

    /// The holiday's name (empty when the list gave none), or `None` when `date` is not one.
    pub fn name(&self, date: NaiveDate) -> Option<&str> {
        self.days.get(&date).map(String::as_str)
    }

    /// How many holidays are listed.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether none are listed.
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Reads a holiday file's text; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Self, HolidayError> {
        let mut holidays = Holidays::new();
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        for (index, raw) in source.split('\n').enumerate() {
            let line = index + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let content = raw.split('#').next().unwrap_or_default();
            let Some(start) = content.find(|c: char| !c.is_whitespace()) else {
                continue;
            };
            let column = |byte: usize| raw[..byte].chars().count() + 1;
            let token_end = content[start..]
                .find(char::is_whitespace)
                .map_or(content.len(), |n| start + n);
            let token = &content[start..token_end];
            let date = parse_date(token)
                .map_err(|message| HolidayError::at(file, line, column(start), message))?;
            let name_part = &content[token_end..];
            if let Some((offset, c)) = name_part
                .char_indices()
                .find(|(_, c)| c.is_control() && !c.is_whitespace())
            {
                return Err(HolidayError::at(
                    file,
                    line,
                    column(token_end + offset),
                    format!(
                        "the name holds the control character U+{:04X}",
                        u32::from(c)
                    ),
                ));
            }
            let name = name_part.split_whitespace().collect::<Vec<_>>().join(" ");
            holidays.insert(date, name);
        }
        Ok(holidays)
    }

    /// Reads and parses the holiday file at `path`.
    pub fn load(path: &Path) -> Result<Self, HolidayError> {
        let file = path.display().to_string();
        let source = read_limited(path, MAX_HOLIDAY_FILE_BYTES).map_err(|error| match error {
            ReadError::Io { source, .. } => {
                HolidayError::at(&file, 1, 1, format!("cannot read the file: {source}"))
            }
            ReadError::Directory => {
                HolidayError::at(&file, 1, 1, "this is a directory, not a holiday file")
            }
            ReadError::TooLarge(_) => HolidayError::at(
                &file,
                1,
                1,
                format!(
                    "the file is over the {MAX_HOLIDAY_FILE_BYTES}-byte limit for a holiday list: is this the right file?"
                ),
            ),
            ReadError::NotUtf8(line, column) => HolidayError::at(
                &file,
                line,
                column,
                "the file is not UTF-8 text: save it as UTF-8",
            ),
        })?;
        Self::parse(&source, &file)
    }
}

/// Reads `YYYY-MM-DD`, saying what is wrong otherwise ("2026-02-30: February 2026 has no
/// day 30").
pub fn parse_date(token: &str) -> Result<NaiveDate, String> {
    let shape_ok = token.len() == 10
        && token.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!(
            "expected a date as YYYY-MM-DD, found \"{}\"",
            token.chars().take(40).collect::<String>()
        ));
    }
    let number = |range: std::ops::Range<usize>| token[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!("{token}: there is no month {month}"));
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        let month_name = NaiveDate::from_ymd_opt(year as i32, month, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        format!("{token}: {month_name} has no day {day}")
    })
}

/// A problem in a holiday file, located at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct HolidayError {
    /// The file as named to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl HolidayError {
    fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        HolidayError {
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Whether `date` is a business day: a weekday that is not a holiday.
pub fn is_business_day(date: NaiveDate, holidays: &Holidays) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(date)
}

/// The first business day on or after `date`; `None` only at the end of the calendar.
pub fn first_business_day_on_or_after(date: NaiveDate, holidays: &Holidays) -> Option<NaiveDate> {
    let mut day = date;
    // Ends: at most every listed holiday plus the weekends among them is skipped.
    while !is_business_day(day, holidays) {
        day = day.succ_opt()?;
    }
    Some(day)
}

/// The business day `n` business days after `date` (which need not be one itself).
pub fn add_business_days(date: NaiveDate, n: usize, holidays: &Holidays) -> Option<NaiveDate> {
    let mut day = date;
    for _ in 0..n {
        day = first_business_day_on_or_after(day.succ_opt()?, holidays)?;
    }
    Some(day)
}

/// When the introductory meeting should take place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SowWindow {
    /// The SOW's start date.
    pub sow_start: NaiveDate,
    /// The first business day on or after it: the day the handbook asks for.
    pub first_day: NaiveDate,
    /// The last acceptable day, [`BUSINESS_DAYS_LATER`] business days after the first.
    pub last_day: NaiveDate,
    /// The acceptable days, first to last.
    pub business_days: Vec<NaiveDate>,
    /// Holidays skipped between the SOW start and the last day, with their names (weekend
    /// days are not listed).
    pub holidays_skipped: Vec<(NaiveDate, String)>,
}

/// Where a day stands against the SOW window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowPosition {
    /// Before the first day, by this many calendar days.
    Before(i64),
    /// One of the acceptable days: 1 for the first day, up to 1 + [`BUSINESS_DAYS_LATER`].
    BusinessDay(usize),
    /// Between the first and the last day, but a weekend day or a holiday.
    NotABusinessDay,
    /// After the last day, by this many calendar days.
    After(i64),
}

/// Why the window could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no business days follow {0} in the calendar")]
pub struct WindowError(pub NaiveDate);

/// The SOW window for a SOW starting on `sow_start`.
pub fn sow_window(sow_start: NaiveDate, holidays: &Holidays) -> Result<SowWindow, WindowError> {
    let err = || WindowError(sow_start);
    let first_day = first_business_day_on_or_after(sow_start, holidays).ok_or_else(err)?;
    let mut business_days = vec![first_day];
    for _ in 0..BUSINESS_DAYS_LATER {
        let last = business_days.last().copied().unwrap_or(first_day);
        business_days.push(add_business_days(last, 1, holidays).ok_or_else(err)?);
    }
    let last_day = business_days.last().copied().unwrap_or(first_day);
    let holidays_skipped = sow_start
        .iter_days()
        .take_while(|d| *d <= last_day)
        .filter_map(|d| {
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            match holidays.name(d) {
                Some(name) if !weekend => Some((d, name.to_owned())),
                _ => None,
            }
        })
        .collect();
    Ok(SowWindow {
        sow_start,
        first_day,
        last_day,
        business_days,
        holidays_skipped,
    })
}

impl SowWindow {
    /// Where `day` stands against the window.
    pub fn position(&self, day: NaiveDate) -> WindowPosition {
        if day < self.first_day {
            WindowPosition::Before((self.first_day - day).num_days())
        } else if day > self.last_day {
            WindowPosition::After((day - self.last_day).num_days())
        } else {
            match self.business_days.iter().position(|d| *d == day) {
                Some(i) => WindowPosition::BusinessDay(i + 1),
                None => WindowPosition::NotABusinessDay,
            }
        }
    }

    /// Whether the meeting can take place on `day`: one of the window's business days.
    pub fn allows(&self, day: NaiveDate) -> bool {
        matches!(self.position(day), WindowPosition::BusinessDay(_))
    }

    /// One line for the lobby: the window and, when `today` is outside it, a warning.
    /// E.g. "SOW starts Fri 2026-12-25: meet on Mon 2026-12-28, at the latest Mon 2027-01-04"
    /// followed by " — today is 3 days after the last day" when late.
    pub fn summary(&self, today: NaiveDate) -> String {
        let mut line = format!(
            "SOW starts {}: meet on {}, at the latest {}",
            day(self.sow_start),
            day(self.first_day),
            day(self.last_day)
        );
        match self.position(today) {
            WindowPosition::Before(n) => {
                let _ = write!(line, "; today is {} before the first day", days(n));
            }
            WindowPosition::BusinessDay(1) => line.push_str("; today is the first day"),
            WindowPosition::BusinessDay(n) => {
                let _ = write!(
                    line,
                    "; today is business day {n} of {}",
                    self.business_days.len()
                );
            }
            WindowPosition::NotABusinessDay => line.push_str("; today is not a business day"),
            WindowPosition::After(n) => {
                let _ = write!(line, "; today is {} after the last day", days(n));
            }
        }
        line
    }
}

/// "Mon 2026-12-28".
fn day(date: NaiveDate) -> String {
    date.format("%a %Y-%m-%d").to_string()
}

/// "1 day", "3 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// What `kickoff schedule --sow-start DATE [--holidays FILE]` prints: the window, the
/// acceptable days, the holidays skipped and, given `today`, where today stands.
pub fn describe_window(
    window: &SowWindow,
    holidays: &Holidays,
    today: Option<NaiveDate>,
) -> String {
    let mut out = String::new();
    let mut row = |label: &str, value: &str| {
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("{label}:")
        };
        let _ = writeln!(out, "{label:<21}{value}");
    };
    row("SOW start", &day(window.sow_start));
    row(
        "First business day",
        &format!(
            "{}  (hold the introductory meeting then)",
            day(window.first_day)
        ),
    );
    row(
        "Last acceptable day",
        &format!(
            "{}  ({BUSINESS_DAYS_LATER} business days later)",
            day(window.last_day)
        ),
    );
    let acceptable: Vec<String> = window
        .business_days
        .iter()
        .map(|d| d.format("%a %m-%d").to_string())
        .collect();
    row("Acceptable days", &acceptable.join(", "));
    if window.holidays_skipped.is_empty() {
        let listed = if holidays.is_empty() {
            "none (no holiday list given)".to_owned()
        } else {
            format!(
                "none ({} listed, none on a weekday in the window)",
                holidays.len()
            )
        };
        row("Holidays skipped", &listed);
    } else {
        for (i, (date, name)) in window.holidays_skipped.iter().enumerate() {
            let name = if name.is_empty() { "(no name)" } else { name };
            let label = if i == 0 { "Holidays skipped" } else { "" };
            row(label, &format!("{}  {name}", day(*date)));
        }
    }
    if let Some(today) = today {
        let status = match window.position(today) {
            WindowPosition::Before(n) => format!("{} before the first day", days(n)),
            WindowPosition::BusinessDay(n) => {
                format!(
                    "inside the window (business day {n} of {})",
                    window.business_days.len()
                )
            }
            WindowPosition::NotABusinessDay => {
                "inside the window, but not a business day".to_owned()
            }
            WindowPosition::After(n) => {
                format!(
                    "OUTSIDE the window: {} after the last acceptable day",
                    days(n)
                )
            }
        };
        row("Today", &format!("{} — {status}", day(today)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn holidays(lines: &str) -> Holidays {
        Holidays::parse(lines, "holidays.txt").unwrap()
    }

    fn window(start: &str, hol: &Holidays) -> (NaiveDate, NaiveDate) {
        let w = sow_window(d(start), hol).unwrap();
        (w.first_day, w.last_day)
    }

    #[test]
    fn a_monday_start_runs_to_the_next_monday() {
        // 2026-11-23 is a Monday.
        let w = sow_window(d("2026-11-23"), &Holidays::new()).unwrap();
        assert_eq!(w.first_day, d("2026-11-23"));
        assert_eq!(w.last_day, d("2026-11-30"));
        assert_eq!(
            w.business_days,
            [
                "2026-11-23",
                "2026-11-24",
                "2026-11-25",
                "2026-11-26",
                "2026-11-27",
                "2026-11-30"
            ]
            .map(d)
        );
    }

    #[test]
    fn weekend_starts_move_to_monday() {
        let none = Holidays::new();
        // Saturday and Sunday 2026-11-28/29.
        assert_eq!(
            window("2026-11-28", &none),
            (d("2026-11-30"), d("2026-12-07"))
        );
        assert_eq!(
            window("2026-11-29", &none),
            (d("2026-11-30"), d("2026-12-07"))
        );
        // A Friday start crosses one weekend: Fri + 5 business days is the next Friday.
        assert_eq!(
            window("2026-11-27", &none),
            (d("2026-11-27"), d("2026-12-04"))
        );
        // A Wednesday start: Wed, Thu, Fri, Mon, Tue, Wed.
        assert_eq!(
            window("2026-11-25", &none),
            (d("2026-11-25"), d("2026-12-02"))
        );
    }

    #[test]
    fn month_and_year_ends() {
        let none = Holidays::new();
        // Thu 2026-12-31: Thu, Fri 01-01, Mon 01-04 ... Thu 01-07.
        assert_eq!(
            window("2026-12-31", &none),
            (d("2026-12-31"), d("2027-01-07"))
        );
        // Sat 2027-01-30 (January's last weekend) -> Mon 02-01 .. Mon 02-08.
        assert_eq!(
            window("2027-01-30", &none),
            (d("2027-02-01"), d("2027-02-08"))
        );
        // Leap day: Thu 2028-02-24 .. Thu 2028-03-02 passes 02-29 (a Tuesday).
        assert_eq!(
            window("2028-02-24", &none),
            (d("2028-02-24"), d("2028-03-02"))
        );
    }

    #[test]
    fn holidays_are_skipped_and_listed() {
        let hol = holidays(
            "# Germany\n2026-12-24 Christmas Eve\n2026-12-25 Christmas Day\n2026-12-26 Boxing Day\n\
             2026-12-31 New Year's Eve\n2027-01-01 New Year's Day\n",
        );
        // SOW starts on a holiday (Thu 12-24): next business day is Mon 12-28 (12-25 holiday,
        // then the weekend); five later skips 12-31 and 01-01: Tue, Wed, Mon, Tue, Wed.
        let w = sow_window(d("2026-12-24"), &hol).unwrap();
        assert_eq!(w.first_day, d("2026-12-28"));
        assert_eq!(
            w.business_days,
            [
                "2026-12-28",
                "2026-12-29",
                "2026-12-30",
                "2027-01-04",
                "2027-01-05",
                "2027-01-06"
            ]
            .map(d)
        );
        // Boxing Day is a Saturday: not listed as skipped.
        let skipped: Vec<(NaiveDate, &str)> = w
            .holidays_skipped
            .iter()
            .map(|(d, n)| (*d, n.as_str()))
            .collect();
        assert_eq!(
            skipped,
            [
                (d("2026-12-24"), "Christmas Eve"),
                (d("2026-12-25"), "Christmas Day"),
                (d("2026-12-31"), "New Year's Eve"),
                (d("2027-01-01"), "New Year's Day"),
            ]
        );
    }

    #[test]
    fn a_run_of_holidays_is_skipped_whole() {
        // A company shutdown: every weekday of two weeks.
        let mut hol = Holidays::new();
        for day in d("2026-12-21").iter_days().take(14) {
            hol.insert(day, "Shutdown");
        }
        assert_eq!(
            window("2026-12-21", &hol),
            (d("2027-01-04"), d("2027-01-11"))
        );
        // A holiday on the last day pushes the end out.
        hol.insert(d("2027-01-11"), "Extra");
        assert_eq!(
            window("2026-12-21", &hol),
            (d("2027-01-04"), d("2027-01-12"))
        );
    }

    #[test]
    fn the_end_of_the_calendar_is_an_error_not_a_panic() {
        let e = sow_window(NaiveDate::MAX, &Holidays::new());
        assert_eq!(e, Err(WindowError(NaiveDate::MAX)));
        assert!(add_business_days(NaiveDate::MAX, 1, &Holidays::new()).is_none());
    }

    #[test]
    fn position_of_a_day_against_the_window() {
        let hol = holidays("2026-11-26 Thanksgiving\n");
        let w = sow_window(d("2026-11-23"), &hol).unwrap();
        assert_eq!(w.last_day, d("2026-12-01"));
        assert_eq!(w.position(d("2026-11-20")), WindowPosition::Before(3));
        assert_eq!(w.position(d("2026-11-23")), WindowPosition::BusinessDay(1));
        assert_eq!(w.position(d("2026-11-25")), WindowPosition::BusinessDay(3));
        assert_eq!(w.position(d("2026-11-26")), WindowPosition::NotABusinessDay);
        assert_eq!(w.position(d("2026-11-28")), WindowPosition::NotABusinessDay);
        assert_eq!(w.position(d("2026-12-01")), WindowPosition::BusinessDay(6));
        assert_eq!(w.position(d("2026-12-04")), WindowPosition::After(3));
        assert!(w.allows(d("2026-11-27")));
        assert!(!w.allows(d("2026-11-26")));
        assert!(!w.allows(d("2026-12-02")));
        assert_eq!(
            w.summary(d("2026-12-04")),
            "SOW starts Mon 2026-11-23: meet on Mon 2026-11-23, at the latest Tue 2026-12-01; \
             today is 3 days after the last day"
        );
        assert_eq!(
            w.summary(d("2026-11-22")),
            "SOW starts Mon 2026-11-23: meet on Mon 2026-11-23, at the latest Tue 2026-12-01; \
             today is 1 day before the first day"
        );
        assert!(
            w.summary(d("2026-11-24"))
                .ends_with("; today is business day 2 of 6")
        );
    }

    #[test]
    fn holiday_file_syntax() {
        let hol = holidays(
            "\u{feff}# comment\r\n\r\n  2026-05-01\tLabour   Day  # May Day\r\n2026-05-14\n   # indented comment\n\
             2026-05-01 Again\n2026-05-25#no space before the comment",
        );
        assert_eq!(hol.len(), 3);
        assert_eq!(hol.name(d("2026-05-01")), Some("Labour Day"));
        assert_eq!(hol.name(d("2026-05-14")), Some(""));
        assert_eq!(hol.name(d("2026-05-25")), Some(""));
        assert!(holidays("").is_empty());
        assert!(holidays("# only comments\n\n").is_empty());
    }

    #[test]
    fn holiday_file_errors_are_located() {
        let err = |src: &str| Holidays::parse(src, "h.txt").unwrap_err();
        let e = err("2026-05-01 ok\n  2026-13-01 bad month\n");
        assert_eq!((e.line, e.column), (2, 3));
        assert_eq!(e.to_string(), "h.txt:2:3: 2026-13-01: there is no month 13");
        let e = err("2027-02-29 not a leap year");
        assert_eq!(
            e.to_string(),
            "h.txt:1:1: 2027-02-29: February 2027 has no day 29"
        );
        let e = err("# header\n\t25.12.2026 Christmas");
        assert_eq!(
            e.to_string(),
            "h.txt:2:2: expected a date as YYYY-MM-DD, found \"25.12.2026\""
        );
        let e = err("2026-1-5 short");
        assert_eq!((e.line, e.column), (1, 1));
        let e = err("2026-12-25x");
        assert!(e.message.contains("\"2026-12-25x\""), "{e}");
        // Columns count characters, not bytes.
        let e = err("# ü\nüü 2026-01-01");
        assert_eq!((e.line, e.column), (2, 1));
        let e = err("2026-01-01 New\u{7}Year");
        assert_eq!(
            e.to_string(),
            "h.txt:1:15: the name holds the control character U+0007"
        );
    }

    #[test]
    fn holiday_files_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("holidays.txt");
        std::fs::write(&path, "2026-12-25 Christmas Day\n").unwrap();
        let hol = Holidays::load(&path).unwrap();
        assert_eq!(hol.name(d("2026-12-25")), Some("Christmas Day"));
        let missing = Holidays::load(&dir.path().join("nope.txt")).unwrap_err();
        assert!(
            missing.message.starts_with("cannot read the file"),
            "{missing}"
        );
        let e = Holidays::load(dir.path()).unwrap_err();
        assert_eq!(e.message, "this is a directory, not a holiday file");
        std::fs::write(&path, b"2026-12-25 ok\n2026-12-26 \xff\n").unwrap();
        let e = Holidays::load(&path).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("UTF-8"));
    }

    #[test]
    fn the_schedule_command_text() {
        let hol =
            holidays("2026-12-25 Christmas Day\n2026-12-26 Boxing Day\n2027-01-01 New Year\n");
        let w = sow_window(d("2026-12-24"), &hol).unwrap();
        let text = describe_window(&w, &hol, Some(d("2027-01-05")));
        let expected = [
            "SOW start:           Thu 2026-12-24",
            "First business day:  Thu 2026-12-24  (hold the introductory meeting then)",
            "Last acceptable day: Mon 2027-01-04  (5 business days later)",
            "Acceptable days:     Thu 12-24, Mon 12-28, Tue 12-29, Wed 12-30, Thu 12-31, Mon 01-04",
            "Holidays skipped:    Fri 2026-12-25  Christmas Day",
            "                     Fri 2027-01-01  New Year",
            "Today:               Tue 2027-01-05 — OUTSIDE the window: 1 day after the last acceptable day",
        ];
        assert_eq!(text, expected.join("\n") + "\n");
        let none = Holidays::new();
        let quiet = describe_window(&sow_window(d("2026-12-24"), &none).unwrap(), &none, None);
        assert!(quiet.contains("Holidays skipped:    none (no holiday list given)"));
        assert!(!quiet.contains("Today"));
        let far = holidays("2030-01-01 Elsewhere\n");
        let other = describe_window(&sow_window(d("2026-12-24"), &far).unwrap(), &far, None);
        assert!(other.contains("none (1 listed, none on a weekday in the window)"));
    }
}
