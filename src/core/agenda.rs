//! Agendas: the YAML format, loading and validation with located errors.
//!
//! The format is documented in `docs/agenda-format.md`.

use serde::{Deserialize, Serialize};

/// A meeting agenda: an ordered list of timed sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    /// Short name used on the command line, e.g. `introductory`.
    pub name: String,
    /// Human title, e.g. "Introductory meeting".
    pub title: String,
    /// What the meeting is for, in a few sentences.
    #[serde(default)]
    pub description: String,
    /// Planned length of the whole meeting in minutes; the sections add up to it.
    pub minutes: u32,
    /// Things to check before the meeting starts (shown in the lobby).
    #[serde(default)]
    pub checklist: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One part of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Title shown on screen and in the export.
    pub title: String,
    /// Planned minutes.
    pub minutes: u32,
    /// What the section should achieve, in one sentence.
    #[serde(default)]
    pub goal: String,
    /// Things to cover; ticked off during the call.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// Facilitation tips for the ASE.
    #[serde(default)]
    pub tips: Vec<String>,
    /// What the section captures besides free notes.
    #[serde(default)]
    pub captures: Vec<Capture>,
}

/// A kind of information a section captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// Free-form notes (every section has them; listing it is allowed).
    Notes,
    /// Attendee introductions: name, role, time zone, GitLab expertise.
    Attendees,
    /// Who the customer's primary contacts are.
    PrimaryContacts,
    /// The customer's goals.
    Goals,
    /// The agreed regular meeting (cadence and slot).
    RegularMeeting,
}

impl Agenda {
    /// Planned minutes of all sections added up.
    pub fn planned_minutes(&self) -> u32 {
        self.sections.iter().map(|s| s.minutes).sum()
    }
}

impl Section {
    /// Whether the section captures `what`.
    pub fn captures(&self, what: Capture) -> bool {
        self.captures.contains(&what)
    }
}
