//! The meeting: where the call is in its agenda, how long each part took, and everything
//! captured on the way (notes, attendees, action items, decisions, goals, parked topics).
//!
//! Every function that depends on time takes `now`; nothing here reads a clock.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::agenda::Agenda;
use super::cadence::Recurrence;
use super::drift::FindingKind;
pub use super::notes::{Line, NoteChange, NoteEdit, Notes};
pub use super::slots::Cadence;
use super::slots::WorkingHours;
use super::zone::{self, Zone, ZoneError};

/// The longest time a section can count: a year, far beyond any meeting.
pub const MAX_SECTION_SECS: i64 = 366 * 24 * 3600;

/// Version of the session file layout written by this build.
pub const SESSION_VERSION: u32 = 1;

/// A meeting from the lobby to the end, as saved in a session file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Session file layout version.
    pub version: u32,
    /// Session id, unique within the data directory, e.g. `2026-11-23-1402-acme`.
    pub id: String,
    /// The customer account the meeting is with.
    pub account: String,
    /// A copy of the agenda, so a session never depends on the agenda file again.
    pub agenda: Agenda,
    /// When the session was created (the lobby opened).
    pub created_at: DateTime<FixedOffset>,
    /// When the agenda was started; `None` while in the lobby.
    #[serde(default)]
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When the meeting was ended; `None` while it runs.
    #[serde(default)]
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Index of the section on screen.
    #[serde(default)]
    pub current: usize,
    /// Start of the open timing interval of the current section; `None` when paused.
    #[serde(default)]
    pub running_since: Option<DateTime<FixedOffset>>,
    /// What happened in each section, parallel to `agenda.sections`.
    pub sections: Vec<SectionRecord>,
    /// Who attended.
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    /// Action items agreed during the call.
    #[serde(default)]
    pub actions: Vec<ActionItem>,
    /// Decisions taken during the call.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// The customer's goals.
    #[serde(default)]
    pub goals: Vec<String>,
    /// Topics parked for a follow-up instead of being discussed now.
    #[serde(default)]
    pub parking_lot: Vec<ParkedItem>,
    /// The agreed regular meeting, once agreed.
    #[serde(default)]
    pub regular_meeting: Option<RegularMeeting>,
    /// Every drift flag raised and what was done about it.
    #[serde(default)]
    pub drift_log: Vec<DriftEvent>,
    /// Ids of the earlier meetings of the account whose open items were carried into
    /// this one (see `core::carry`); empty when nothing was carried.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_from: Vec<String>,
    /// The SOW's start date, when known: the introductory meeting belongs in its window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sow_start: Option<NaiveDate>,
    /// The agreed regular meeting's cadence, day, time, zone, length and first date, as data
    /// (`regular_meeting` keeps what was said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regular_schedule: Option<Recurrence>,
    /// What was typed in the lobby, before the agenda started (small talk, who said
    /// what while people joined): exported as "Before the meeting".
    #[serde(default, skip_serializing_if = "Notes::is_empty")]
    pub lobby_notes: Notes,
}

/// What happened in one section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRecord {
    /// Free notes, one note per line.
    #[serde(default)]
    pub notes: Notes,
    /// Which prompts were covered, parallel to the section's prompts.
    #[serde(default)]
    pub ticked: Vec<bool>,
    /// Seconds spent in the section in closed intervals (the open one is in
    /// `Meeting::running_since`).
    #[serde(default)]
    pub spent_secs: i64,
}

/// Which side of the relationship an attendee is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The customer.
    #[default]
    Customer,
    /// GitLab (the ASE, the CSA, the account team).
    Gitlab,
    /// A partner or close external vendor of the customer.
    Partner,
}

impl Side {
    /// All sides, in the order a form cycles through them.
    pub const ALL: [Side; 3] = [Side::Customer, Side::Gitlab, Side::Partner];

    /// The label shown on screen and in the export.
    pub fn label(self) -> &'static str {
        match self {
            Side::Customer => "Customer",
            Side::Gitlab => "GitLab",
            Side::Partner => "Partner/vendor",
        }
    }

    /// The next side, wrapping around.
    pub fn next(self) -> Side {
        match self {
            Side::Customer => Side::Gitlab,
            Side::Gitlab => Side::Partner,
            Side::Partner => Side::Customer,
        }
    }
}

/// A person in the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    /// Full name.
    pub name: String,
    /// Job role or title.
    #[serde(default)]
    pub role: String,
    /// Time zone as they said it (`Europe/Berlin`, `UTC+2`, `PST`).
    #[serde(default)]
    pub time_zone: String,
    /// Their GitLab expertise, in their words.
    #[serde(default)]
    pub expertise: String,
    /// Customer, GitLab or partner.
    #[serde(default)]
    pub side: Side,
    /// The customer's directly responsible individual for the engagement.
    #[serde(default)]
    pub dri: bool,
    /// A primary contact for the ASE.
    #[serde(default)]
    pub primary_contact: bool,
    /// A technical person (engineer, administrator, architect).
    #[serde(default)]
    pub technical: bool,
    /// When they joined the call, if recorded.
    #[serde(default)]
    pub joined_at: Option<DateTime<FixedOffset>>,
    /// Their GitLab username without the `@`, if they want action items assigned to
    /// them as a mention; empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gitlab_username: String,
    /// When they work, on their own clock (`09:00-17:00`, `Sun-Thu 08:00-16:00`); `None`
    /// means the default, 09:00-17:00 Monday to Friday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
    /// The zone picked for an ambiguous `time_zone` (`IST` as `Europe/Dublin`), normalised;
    /// `None` reads `time_zone` with its most common meaning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone_choice: Option<String>,
}

impl Attendee {
    /// Their zone: the meaning picked for what was typed, else what was typed as read by
    /// [`zone::parse`]; the error says why it cannot be read.
    pub fn zone(&self) -> Result<Zone, ZoneError> {
        match self.time_zone_choice.as_deref().and_then(Zone::from_name) {
            Some(zone) => Ok(zone),
            None => zone::parse(&self.time_zone).map(|p| p.zone),
        }
    }

    /// Their zone when it can be read, cheaply enough for every redraw.
    pub fn known_zone(&self) -> Option<Zone> {
        self.time_zone_choice
            .as_deref()
            .and_then(Zone::from_name)
            .or_else(|| zone::lookup(&self.time_zone))
    }
}

/// Something someone agreed to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// What is to be done.
    pub text: String,
    /// Who does it.
    #[serde(default)]
    pub owner: String,
    /// By when, if agreed.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Ticked off.
    #[serde(default)]
    pub done: bool,
    /// Index of the section it came up in.
    #[serde(default)]
    pub section: usize,
    /// For the facilitator only: left out of the customer version of the export.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    /// Agreed not to be done, or no longer applicable (GitLab's `- [~]`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
    /// The earlier meeting it was first agreed in, when carried forward from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Carried>,
}

/// A topic moved out of the meeting into a follow-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParkedItem {
    /// The topic, usually the note that was parked.
    pub text: String,
    /// Index of the section it came up in.
    pub section: usize,
    /// Why it was parked, e.g. the drift flag that caught it; empty when parked by hand.
    #[serde(default)]
    pub reason: String,
    /// When it was parked.
    pub parked_at: DateTime<FixedOffset>,
    /// For the facilitator only: left out of the customer version of the export.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub internal: bool,
    /// Followed up: closed, and not carried into the account's next meeting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// The earlier meeting it was first parked in, when carried forward from there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried: Option<Carried>,
}

/// Where a carried-forward item first came up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carried {
    /// Session id of the meeting it first came up in.
    pub meeting_id: String,
    /// The date of that meeting.
    pub date: NaiveDate,
    /// The title of that meeting's agenda, e.g. "Introductory meeting".
    #[serde(default)]
    pub title: String,
}

/// The regular meeting agreed at the end of the introductory meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegularMeeting {
    /// Weekly or every other week.
    pub cadence: Cadence,
    /// Day and time, as agreed, e.g. "Tuesdays 16:00 CET".
    #[serde(default)]
    pub slot: String,
    /// Anything else agreed (length, who sends the invite, the agenda).
    #[serde(default)]
    pub notes: String,
}

/// What the facilitator did about a drift flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftOutcome {
    /// The note was moved to the parking lot.
    Parked,
    /// The flag was dismissed.
    Dismissed,
    /// The flag was neither parked nor dismissed: the talk went on and stayed in the notes.
    Noted,
}

/// A drift flag raised during the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriftEvent {
    /// Index of the section.
    pub section: usize,
    /// Troubleshooting or labeling.
    pub kind: FindingKind,
    /// The words that matched.
    pub matched: String,
    /// Parked or dismissed.
    pub outcome: DriftOutcome,
    /// When it was handled.
    pub at: DateTime<FixedOffset>,
}

/// Where the meeting is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the agenda starts: people are joining.
    Lobby,
    /// A section's timer is running.
    Running,
    /// The timer is paused.
    Paused,
    /// The meeting has ended.
    Ended,
}

/// How a section's time stands against its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeStatus {
    /// Comfortably within the plan.
    OnTime,
    /// Close to the planned end.
    NearEnd,
    /// Past the planned end.
    Over,
}

/// What happened when the meeting moved to another section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// Moved; the section left behind still has this many unticked prompts.
    To {
        /// Index of the new section.
        section: usize,
        /// Unticked prompts left behind in the previous section.
        unticked_left: usize,
    },
    /// The meeting was in its last section and has now ended.
    Ended {
        /// Unticked prompts left behind in the last section.
        unticked_left: usize,
    },
    /// Nowhere to go (first section and moving back, or already ended).
    Stayed,
}

/// Identifiers for the things a meeting has lists of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `Meeting::attendees`.
    Attendees,
    /// `Meeting::actions`.
    Actions,
    /// `Meeting::decisions`.
    Decisions,
    /// `Meeting::goals`.
    Goals,
    /// `Meeting::parking_lot`.
    ParkingLot,
}

impl Meeting {
    /// A new meeting in the lobby.
    pub fn new(id: String, account: String, agenda: Agenda, now: DateTime<FixedOffset>) -> Self {
        let sections = agenda
            .sections
            .iter()
            .map(|s| SectionRecord {
                ticked: vec![false; s.prompts.len()],
                ..SectionRecord::default()
            })
            .collect();
        Self {
            version: SESSION_VERSION,
            id,
            account,
            agenda,
            created_at: now,
            started_at: None,
            ended_at: None,
            current: 0,
            running_since: None,
            sections,
            attendees: Vec::new(),
            actions: Vec::new(),
            decisions: Vec::new(),
            goals: Vec::new(),
            parking_lot: Vec::new(),
            regular_meeting: None,
            drift_log: Vec::new(),
            carried_from: Vec::new(),
            sow_start: None,
            regular_schedule: None,
            lobby_notes: Notes::default(),
        }
    }

    /// Repairs what a hand-edited session file may have left inconsistent: section records
    /// and prompt ticks are made to match the agenda, the current section to exist.
    pub fn normalize(&mut self) {
        self.sections
            .resize_with(self.agenda.sections.len(), SectionRecord::default);
        for (record, section) in self.sections.iter_mut().zip(&self.agenda.sections) {
            record.ticked.resize(section.prompts.len(), false);
            record.spent_secs = record.spent_secs.clamp(0, MAX_SECTION_SECS);
        }
        self.current = self
            .current
            .min(self.agenda.sections.len().saturating_sub(1));
    }

    /// Where the meeting is.
    pub fn phase(&self) -> Phase {
        if self.started_at.is_none() {
            Phase::Lobby
        } else if self.ended_at.is_some() {
            Phase::Ended
        } else if self.running_since.is_some() {
            Phase::Running
        } else {
            Phase::Paused
        }
    }

    /// Starts the agenda at its first section.
    pub fn start(&mut self, now: DateTime<FixedOffset>) {
        if self.started_at.is_some() {
            return;
        }
        self.started_at = Some(now);
        self.current = 0;
        self.running_since = Some(now);
    }

    /// Closes the open timing interval into the current section's record.
    fn close_interval(&mut self, now: DateTime<FixedOffset>) {
        if let Some(since) = self.running_since.take() {
            let secs = (now - since).num_seconds().max(0);
            if let Some(record) = self.sections.get_mut(self.current) {
                record.spent_secs = record
                    .spent_secs
                    .saturating_add(secs)
                    .clamp(0, MAX_SECTION_SECS);
            }
        }
    }

    /// Pauses the timer; nothing happens when it is not running.
    pub fn pause(&mut self, now: DateTime<FixedOffset>) {
        if self.phase() == Phase::Running {
            self.close_interval(now);
        }
    }

    /// Resumes the timer; nothing happens when it is not paused.
    pub fn resume(&mut self, now: DateTime<FixedOffset>) {
        if self.phase() == Phase::Paused {
            self.running_since = Some(now);
        }
    }

    /// Pauses a running timer or resumes a paused one.
    pub fn toggle_pause(&mut self, now: DateTime<FixedOffset>) {
        match self.phase() {
            Phase::Running => self.pause(now),
            Phase::Paused => self.resume(now),
            Phase::Lobby | Phase::Ended => {}
        }
    }

    /// Unticked prompts of section `index`.
    pub fn unticked(&self, index: usize) -> usize {
        self.sections
            .get(index)
            .map_or(0, |r| r.ticked.iter().filter(|t| !**t).count())
    }

    /// Moves to section `index`, keeping the time already spent in each section. In the
    /// lobby this starts the meeting; after the end it reopens the meeting.
    pub fn go_to(&mut self, index: usize, now: DateTime<FixedOffset>) -> Moved {
        if index >= self.agenda.sections.len() {
            return Moved::Stayed;
        }
        let unticked_left = self.unticked(self.current);
        match self.phase() {
            Phase::Lobby => {
                self.start(now);
                self.current = index;
                return Moved::To {
                    section: index,
                    unticked_left: 0,
                };
            }
            Phase::Ended => {
                self.ended_at = None;
                self.current = index;
                self.running_since = Some(now);
                return Moved::To {
                    section: index,
                    unticked_left: 0,
                };
            }
            Phase::Running | Phase::Paused => {}
        }
        if index == self.current {
            return Moved::Stayed;
        }
        let was_running = self.phase() == Phase::Running;
        self.close_interval(now);
        self.current = index;
        if was_running {
            self.running_since = Some(now);
        }
        Moved::To {
            section: index,
            unticked_left,
        }
    }

    /// Moves to the next section; from the last one, ends the meeting. In the lobby,
    /// starts the meeting.
    pub fn next(&mut self, now: DateTime<FixedOffset>) -> Moved {
        match self.phase() {
            Phase::Lobby => {
                self.start(now);
                Moved::To {
                    section: 0,
                    unticked_left: 0,
                }
            }
            Phase::Ended => Moved::Stayed,
            Phase::Running | Phase::Paused => {
                if self.current + 1 < self.agenda.sections.len() {
                    self.go_to(self.current + 1, now)
                } else {
                    let unticked_left = self.unticked(self.current);
                    self.end(now);
                    Moved::Ended { unticked_left }
                }
            }
        }
    }

    /// Moves to the previous section; after the end, reopens the last section.
    pub fn previous(&mut self, now: DateTime<FixedOffset>) -> Moved {
        match self.phase() {
            Phase::Lobby => Moved::Stayed,
            Phase::Ended => self.go_to(self.current, now),
            Phase::Running | Phase::Paused => match self.current.checked_sub(1) {
                Some(index) => self.go_to(index, now),
                None => Moved::Stayed,
            },
        }
    }

    /// Ends the meeting.
    pub fn end(&mut self, now: DateTime<FixedOffset>) {
        if matches!(self.phase(), Phase::Running | Phase::Paused) {
            self.close_interval(now);
            self.ended_at = Some(now);
        }
    }

    /// Time spent in section `index` so far, including the open interval.
    pub fn section_elapsed(&self, index: usize, now: DateTime<FixedOffset>) -> Duration {
        let closed = self.sections.get(index).map_or(0, |r| r.spent_secs);
        let open = match self.running_since {
            Some(since) if index == self.current => (now - since).num_seconds().max(0),
            _ => 0,
        };
        // A hand-edited or damaged session can hold any number: keep it in range.
        let secs = closed.saturating_add(open).clamp(0, MAX_SECTION_SECS);
        Duration::try_seconds(secs).unwrap_or_else(Duration::zero)
    }

    /// Whether the meeting reached section `index`: it is on screen, time was spent in
    /// it, or anything was recorded there (notes, ticks, action items, parked topics,
    /// drift flags).
    pub fn reached(&self, index: usize, now: DateTime<FixedOffset>) -> bool {
        (self.phase() != Phase::Lobby && self.current == index)
            || self.section_elapsed(index, now) > Duration::zero()
            || self
                .sections
                .get(index)
                .is_some_and(|r| !r.notes.is_blank() || r.ticked.contains(&true))
            || self.actions.iter().any(|a| a.section == index)
            || self.parking_lot.iter().any(|p| p.section == index)
            || self.drift_log.iter().any(|e| e.section == index)
    }

    /// Planned length of section `index`.
    pub fn section_planned(&self, index: usize) -> Duration {
        self.agenda
            .sections
            .get(index)
            .map_or(Duration::zero(), |s| {
                Duration::minutes(i64::from(s.minutes))
            })
    }

    /// Planned minus elapsed time of section `index`; negative when over.
    pub fn section_remaining(&self, index: usize, now: DateTime<FixedOffset>) -> Duration {
        self.section_planned(index) - self.section_elapsed(index, now)
    }

    /// How section `index` stands against its plan. The warning starts in the last
    /// quarter of the plan, at most two minutes and at least thirty seconds before its end.
    pub fn section_status(&self, index: usize, now: DateTime<FixedOffset>) -> TimeStatus {
        let planned = self.section_planned(index);
        let remaining = self.section_remaining(index, now);
        let warn = (planned / 4)
            .min(Duration::minutes(2))
            .max(Duration::seconds(30));
        if remaining < Duration::zero() || (planned.is_zero() && remaining.is_zero()) {
            TimeStatus::Over
        } else if remaining <= warn {
            TimeStatus::NearEnd
        } else {
            TimeStatus::OnTime
        }
    }

    /// Time spent in all sections (timer time: pauses excluded).
    pub fn meeting_elapsed(&self, now: DateTime<FixedOffset>) -> Duration {
        (0..self.sections.len())
            .map(|i| self.section_elapsed(i, now))
            .fold(Duration::zero(), |a, b| a + b)
    }

    /// Planned length of the meeting.
    pub fn meeting_planned(&self) -> Duration {
        Duration::minutes(i64::from(self.agenda.minutes))
    }

    /// When the meeting should end: start plus the planned length.
    pub fn scheduled_end(&self) -> Option<DateTime<FixedOffset>> {
        self.started_at
            .and_then(|s| s.checked_add_signed(self.meeting_planned()))
    }

    /// When the meeting will end at this pace: now, plus what is left of the current
    /// section, plus the unspent plan of the sections after it.
    pub fn projected_end(&self, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
        match self.phase() {
            Phase::Lobby => None,
            Phase::Ended => self.ended_at,
            Phase::Running | Phase::Paused => {
                let current = self
                    .section_remaining(self.current, now)
                    .max(Duration::zero());
                let later = (self.current + 1..self.sections.len())
                    .map(|i| self.section_remaining(i, now).max(Duration::zero()))
                    .fold(Duration::zero(), |a, b| a + b);
                now.checked_add_signed(current + later)
            }
        }
    }

    /// How far the projected end is past the scheduled end, when it is.
    pub fn behind(&self, now: DateTime<FixedOffset>) -> Option<Duration> {
        let late = self.projected_end(now)? - self.scheduled_end()?;
        (late > Duration::zero()).then_some(late)
    }

    /// Ticks or unticks prompt `prompt` of the current section; returns whether it exists.
    pub fn toggle_prompt(&mut self, prompt: usize) -> bool {
        let Some(tick) = self
            .sections
            .get_mut(self.current)
            .and_then(|r| r.ticked.get_mut(prompt))
        else {
            return false;
        };
        *tick = !*tick;
        true
    }

    /// Ticks the first unticked prompt of the current section; returns its index.
    pub fn tick_next_prompt(&mut self) -> Option<usize> {
        let record = self.sections.get_mut(self.current)?;
        let index = record.ticked.iter().position(|t| !t)?;
        record.ticked[index] = true;
        Some(index)
    }

    /// The notes of the current section (in the lobby: the lobby notes; none before the
    /// sections exist).
    pub fn current_notes(&self) -> Option<&Notes> {
        if self.phase() == Phase::Lobby {
            return Some(&self.lobby_notes);
        }
        self.sections.get(self.current).map(|r| &r.notes)
    }

    /// Replaces the notes of the current section (in the lobby: the lobby notes).
    pub fn set_current_notes(&mut self, notes: impl Into<Notes>) {
        if self.phase() == Phase::Lobby {
            self.lobby_notes = notes.into();
        } else if let Some(record) = self.sections.get_mut(self.current) {
            record.notes = notes.into();
        }
    }

    /// The notes an edit names: a section's, or the lobby's (`None`).
    pub fn notes_of(&self, section: Option<usize>) -> Option<&Notes> {
        match section {
            Some(index) => self.sections.get(index).map(|r| &r.notes),
            None => Some(&self.lobby_notes),
        }
    }

    /// Makes a section's or the lobby's notes `notes`, sharing their chunks (see
    /// [`Notes::adopt`]): for notes that already hold the same text as `notes`.
    pub fn adopt_notes(&mut self, section: Option<usize>, notes: &Notes) {
        let ours = match section {
            Some(index) => self.sections.get_mut(index).map(|r| &mut r.notes),
            None => Some(&mut self.lobby_notes),
        };
        if let Some(ours) = ours {
            ours.adopt(notes);
        }
    }

    /// Applies one change to a section's or the lobby's notes; returns whether it fit.
    pub fn apply_note_edit(&mut self, edit: &NoteEdit) -> bool {
        let notes = match edit.section {
            Some(index) => self.sections.get_mut(index).map(|r| &mut r.notes),
            None => Some(&mut self.lobby_notes),
        };
        notes.is_some_and(|n| n.apply(&edit.change))
    }

    /// A copy of everything but the notes (each section's notes and the lobby's left
    /// empty): what the session journal records when something other than the notes
    /// changes.
    pub fn without_notes(&mut self) -> Meeting {
        let notes: Vec<Notes> = self
            .sections
            .iter_mut()
            .map(|r| std::mem::take(&mut r.notes))
            .collect();
        let lobby = std::mem::take(&mut self.lobby_notes);
        let copy = self.clone();
        for (record, notes) in self.sections.iter_mut().zip(notes) {
            record.notes = notes;
        }
        self.lobby_notes = lobby;
        copy
    }

    /// Takes everything but the notes from `state` (see [`Meeting::without_notes`]),
    /// keeping this meeting's notes. Lobby notes in `state` are taken (journals written
    /// before the lobby's notes were journaled carry them there).
    pub fn take_state(&mut self, mut state: Meeting) {
        for (i, record) in state.sections.iter_mut().enumerate() {
            if let Some(mine) = self.sections.get_mut(i) {
                record.notes = std::mem::take(&mut mine.notes);
            }
        }
        if state.lobby_notes.is_empty() {
            state.lobby_notes = std::mem::take(&mut self.lobby_notes);
        }
        *self = state;
    }

    /// Adds an attendee, stamping the join time in the lobby or when none was given.
    pub fn add_attendee(&mut self, mut attendee: Attendee, now: DateTime<FixedOffset>) {
        if attendee.joined_at.is_none() {
            attendee.joined_at = Some(now);
        }
        self.attendees.push(attendee);
    }

    /// Replaces attendee `index` (keeping when they joined), or adds one when `index` is
    /// `None` or past the end (stamping the join time).
    pub fn upsert_attendee(
        &mut self,
        index: Option<usize>,
        mut attendee: Attendee,
        now: DateTime<FixedOffset>,
    ) {
        match index.and_then(|i| self.attendees.get_mut(i)) {
            Some(existing) => {
                attendee.joined_at = existing.joined_at;
                *existing = attendee;
            }
            None => self.add_attendee(attendee, now),
        }
    }

    /// Replaces action item `index` (keeping whether it is done and where it was agreed),
    /// or adds one to the current section when `index` is `None` or past the end.
    pub fn upsert_action(&mut self, index: Option<usize>, mut item: ActionItem) {
        match index.and_then(|i| self.actions.get_mut(i)) {
            Some(existing) => {
                item.done = existing.done;
                item.section = existing.section;
                *existing = item;
            }
            None => {
                item.section = self.current;
                self.actions.push(item);
            }
        }
    }

    /// Ticks or unticks action item `index`; returns whether it exists.
    pub fn toggle_action_done(&mut self, index: usize) -> bool {
        match self.actions.get_mut(index) {
            Some(item) => {
                item.done = !item.done;
                true
            }
            None => false,
        }
    }

    /// Replaces decision `index`, or records a new one.
    pub fn upsert_decision(&mut self, index: Option<usize>, text: String) {
        upsert(&mut self.decisions, index, text);
    }

    /// Replaces goal `index`, or records a new one.
    pub fn upsert_goal(&mut self, index: Option<usize>, text: String) {
        upsert(&mut self.goals, index, text);
    }

    /// Rewords parked topic `index`, or parks a new topic by hand.
    pub fn upsert_parked(
        &mut self,
        index: Option<usize>,
        text: String,
        now: DateTime<FixedOffset>,
    ) {
        match index.and_then(|i| self.parking_lot.get_mut(i)) {
            Some(existing) => existing.text = text,
            None => self.park(text, String::new(), now),
        }
    }

    /// Records the agreed regular meeting.
    pub fn set_regular_meeting(&mut self, regular: RegularMeeting) {
        self.regular_meeting = Some(regular);
    }

    /// Removes item `index` from a list; returns whether it existed.
    pub fn remove(&mut self, list: ListKind, index: usize) -> bool {
        fn take<T>(items: &mut Vec<T>, index: usize) -> bool {
            (index < items.len()).then(|| items.remove(index)).is_some()
        }
        match list {
            ListKind::Attendees => take(&mut self.attendees, index),
            ListKind::Actions => take(&mut self.actions, index),
            ListKind::Decisions => take(&mut self.decisions, index),
            ListKind::Goals => take(&mut self.goals, index),
            ListKind::ParkingLot => take(&mut self.parking_lot, index),
        }
    }

    /// Number of items in a list.
    pub fn len_of(&self, list: ListKind) -> usize {
        match list {
            ListKind::Attendees => self.attendees.len(),
            ListKind::Actions => self.actions.len(),
            ListKind::Decisions => self.decisions.len(),
            ListKind::Goals => self.goals.len(),
            ListKind::ParkingLot => self.parking_lot.len(),
        }
    }

    /// Parks a topic by hand.
    pub fn park(&mut self, text: String, reason: String, now: DateTime<FixedOffset>) {
        self.parking_lot.push(ParkedItem {
            text,
            section: self.current,
            reason,
            parked_at: now,
            internal: false,
            done: false,
            carried: None,
        });
    }

    /// Moves line `line` of the current section's notes into the parking lot, logging the
    /// drift flag that caught it. Returns the parked text, or `None` when there is no such
    /// line.
    pub fn park_note_line(
        &mut self,
        line: usize,
        kind: FindingKind,
        matched: &str,
        reason: &str,
        now: DateTime<FixedOffset>,
    ) -> Option<String> {
        let record = self.sections.get_mut(self.current)?;
        let text = record.notes.remove_line(line)?.trim().to_owned();
        self.park(text.clone(), reason.to_owned(), now);
        self.log_drift(kind, matched, DriftOutcome::Parked, now);
        Some(text)
    }

    /// Records what was done about a drift flag in the current section.
    pub fn log_drift(
        &mut self,
        kind: FindingKind,
        matched: &str,
        outcome: DriftOutcome,
        now: DateTime<FixedOffset>,
    ) {
        self.drift_log.push(DriftEvent {
            section: self.current,
            kind,
            matched: matched.to_owned(),
            outcome,
            at: now,
        });
    }

    /// Stakeholders the handbook asks for who are not in the attendee list.
    pub fn missing_stakeholders(&self) -> Vec<Stakeholder> {
        let customer = || self.attendees.iter().filter(|a| a.side == Side::Customer);
        let mut missing = Vec::new();
        if !customer().any(|a| a.dri) {
            missing.push(Stakeholder::CustomerDri);
        }
        if !customer().any(|a| a.technical) {
            missing.push(Stakeholder::Technical);
        }
        if !self.attendees.iter().any(|a| a.primary_contact) {
            missing.push(Stakeholder::PrimaryContact);
        }
        missing
    }
}

/// A stakeholder the handbook wants in the introductory meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stakeholder {
    /// The customer's directly responsible individual.
    CustomerDri,
    /// Technical people on the customer's side.
    Technical,
    /// A primary contact for the ASE.
    PrimaryContact,
}

impl Stakeholder {
    /// What is missing, in words.
    pub fn label(self) -> &'static str {
        match self {
            Stakeholder::CustomerDri => "customer DRI",
            Stakeholder::Technical => "customer technical people",
            Stakeholder::PrimaryContact => "primary contact",
        }
    }

    /// What is missing, in a word or two for a narrow screen.
    pub fn short_label(self) -> &'static str {
        match self {
            Stakeholder::CustomerDri => "DRI",
            Stakeholder::Technical => "technical people",
            Stakeholder::PrimaryContact => "primary contact",
        }
    }
}

/// Formats a duration as `m:ss`, or `h:mm:ss` from an hour, with a minus sign when negative.
pub fn format_duration(d: Duration) -> String {
    let secs = d.num_seconds();
    let sign = if secs < 0 { "-" } else { "" };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{m}:{s:02}")
    }
}

/// Whole minutes of a duration, rounded to the nearest minute.
pub fn round_minutes(d: Duration) -> i64 {
    (d.num_seconds() as f64 / 60.0).round() as i64
}

/// Replaces `items[index]`, or appends when `index` is `None` or past the end.
fn upsert(items: &mut Vec<String>, index: Option<usize>, text: String) {
    match index.and_then(|i| items.get_mut(i)) {
        Some(existing) => *existing = text,
        None => items.push(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::{Clock, FakeClock};
    use crate::core::testkit;

    fn meeting(clock: &FakeClock) -> Meeting {
        Meeting::new("id".into(), "ACME".into(), testkit::agenda(), clock.now())
    }

    #[test]
    fn a_new_meeting_waits_in_the_lobby() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let m = meeting(&clock);
        assert_eq!(m.phase(), Phase::Lobby);
        assert_eq!(m.projected_end(clock.now()), None);
        assert_eq!(m.meeting_elapsed(clock.now()), Duration::zero());
    }

    #[test]
    fn time_in_each_section_is_kept_when_going_back_and_forth() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.start(clock.now());
        clock.advance_secs(300);
        m.next(clock.now());
        clock.advance_secs(120);
        m.previous(clock.now());
        clock.advance_secs(60);
        m.next(clock.now());
        clock.advance_secs(30);
        assert_eq!(m.section_elapsed(0, clock.now()), Duration::seconds(360));
        assert_eq!(m.section_elapsed(1, clock.now()), Duration::seconds(150));
        assert_eq!(m.meeting_elapsed(clock.now()), Duration::seconds(510));
    }

    #[test]
    fn pause_stops_the_section_timer() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.start(clock.now());
        clock.advance_secs(100);
        m.toggle_pause(clock.now());
        assert_eq!(m.phase(), Phase::Paused);
        clock.advance_secs(1000);
        assert_eq!(m.section_elapsed(0, clock.now()), Duration::seconds(100));
        m.toggle_pause(clock.now());
        clock.advance_secs(5);
        assert_eq!(m.section_elapsed(0, clock.now()), Duration::seconds(105));
    }

    #[test]
    fn status_warns_near_the_end_and_flags_overrun() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.start(clock.now());
        assert_eq!(m.section_status(0, clock.now()), TimeStatus::OnTime);
        clock.advance_secs(8 * 60 + 1);
        assert_eq!(m.section_status(0, clock.now()), TimeStatus::NearEnd);
        clock.advance_secs(2 * 60);
        assert_eq!(m.section_status(0, clock.now()), TimeStatus::Over);
        assert_eq!(m.section_remaining(0, clock.now()), Duration::seconds(-1));
    }

    #[test]
    fn projected_end_moves_with_overrun_and_reports_behind() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.start(clock.now());
        let scheduled = m.scheduled_end();
        assert_eq!(m.projected_end(clock.now()), scheduled);
        assert_eq!(m.behind(clock.now()), None);
        clock.advance_secs(14 * 60);
        assert_eq!(m.behind(clock.now()), Some(Duration::minutes(4)));
        m.next(clock.now());
        clock.advance_secs(60);
        // Section two is on plan; the four minutes lost in section one stay lost.
        assert_eq!(m.behind(clock.now()), Some(Duration::minutes(4)));
    }

    #[test]
    fn moving_on_reports_unticked_prompts_and_the_last_next_ends() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.next(clock.now());
        assert!(m.toggle_prompt(1));
        assert_eq!(
            m.next(clock.now()),
            Moved::To {
                section: 1,
                unticked_left: 1
            }
        );
        m.next(clock.now());
        assert_eq!(m.next(clock.now()), Moved::Ended { unticked_left: 1 });
        assert_eq!(m.phase(), Phase::Ended);
        assert_eq!(m.next(clock.now()), Moved::Stayed);
        m.previous(clock.now());
        assert_eq!(m.phase(), Phase::Running);
        assert_eq!(m.current, 2);
    }

    #[test]
    fn editing_a_record_keeps_what_the_form_does_not_show() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        let dana = Attendee {
            name: "Dana".into(),
            ..Attendee::default()
        };
        m.upsert_attendee(None, dana.clone(), clock.now());
        clock.advance_secs(60);
        let renamed = Attendee {
            name: "Dana Ng".into(),
            ..dana
        };
        m.upsert_attendee(Some(0), renamed, clock.now());
        assert_eq!(m.attendees.len(), 1);
        assert_eq!(m.attendees[0].name, "Dana Ng");
        assert_eq!(
            m.attendees[0].joined_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-23T14:00:00+01:00"),
            "the join time stays"
        );
        m.start(clock.now());
        m.next(clock.now());
        let item = ActionItem {
            text: "Send the summary".into(),
            ..ActionItem::default()
        };
        m.upsert_action(None, item.clone());
        assert_eq!(m.actions[0].section, 1, "agreed in the current section");
        assert!(m.toggle_action_done(0));
        assert!(!m.toggle_action_done(5));
        m.upsert_action(
            Some(0),
            ActionItem {
                owner: "Sam".into(),
                ..item
            },
        );
        assert!(m.actions[0].done && m.actions[0].section == 1);
        assert_eq!(m.actions[0].owner, "Sam");
        m.upsert_goal(None, "faster builds".into());
        m.upsert_goal(Some(0), "halve build times".into());
        m.upsert_decision(Some(7), "use a collaboration project".into());
        assert_eq!(m.goals, ["halve build times"]);
        assert_eq!(m.decisions, ["use a collaboration project"]);
        m.upsert_parked(None, "SSO".into(), clock.now());
        m.upsert_parked(Some(0), "SSO setup".into(), clock.now());
        assert_eq!(m.parking_lot.len(), 1);
        assert_eq!(m.parking_lot[0].text, "SSO setup");
        assert_eq!(m.parking_lot[0].section, 1);
    }

    #[test]
    fn parking_a_note_line_moves_it_and_logs_the_drift() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        m.start(clock.now());
        m.set_current_notes("goals: faster CI\njob 42 fails with exit code 137\nnext");
        let parked = m.park_note_line(
            1,
            FindingKind::Troubleshooting,
            "exit code 137",
            "a failing job",
            clock.now(),
        );
        assert_eq!(parked.as_deref(), Some("job 42 fails with exit code 137"));
        assert_eq!(m.current_notes().unwrap(), "goals: faster CI\nnext");
        assert_eq!(m.parking_lot.len(), 1);
        assert_eq!(m.drift_log[0].outcome, DriftOutcome::Parked);
    }

    #[test]
    fn missing_stakeholders_are_named_until_present() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        assert_eq!(m.missing_stakeholders().len(), 3);
        m.add_attendee(
            Attendee {
                name: "Dana".into(),
                dri: true,
                primary_contact: true,
                technical: true,
                ..Attendee::default()
            },
            clock.now(),
        );
        assert!(m.missing_stakeholders().is_empty());
        assert_eq!(m.attendees[0].joined_at, Some(clock.now()));
    }

    #[test]
    fn a_section_counts_as_reached_when_anything_was_recorded_there() {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let mut m = meeting(&clock);
        assert!(
            !m.reached(0, clock.now()),
            "nothing is reached in the lobby"
        );
        m.start(clock.now());
        assert!(m.reached(0, clock.now()), "the section on screen");
        m.go_to(2, clock.now());
        m.park("SSO questions".into(), String::new(), clock.now());
        m.go_to(0, clock.now());
        assert!(
            !m.reached(1, clock.now()),
            "skipped within a second, nothing recorded"
        );
        assert!(m.reached(2, clock.now()), "a topic was parked there");
    }

    #[test]
    fn durations_format_as_clock_readings() {
        assert_eq!(format_duration(Duration::seconds(65)), "1:05");
        assert_eq!(format_duration(Duration::seconds(-5)), "-0:05");
        assert_eq!(format_duration(Duration::seconds(3725)), "1:02:05");
    }
}
