//! Carry-forward: a new meeting of an account starts with what is still open from its
//! earlier meetings (action items and parked follow-ups, first in their lists, each
//! saying where it came from), the attendees met before (to pick instead of retype) and
//! the agreed regular meeting.
//!
//! Meetings belong to the same account when their names match once normalised
//! ([`account_key`]): case, punctuation and spacing are ignored, and a
//! legal-form suffix such as Inc, Corp, GmbH or Ltd is dropped, so "ACME Corp",
//! "Acme Corporation" and "acme, inc." are one account.
//!
//! The state of an account is read from its meetings in the order they took place. A
//! meeting that carried items forward is the record for the meetings it carried from:
//! what it closed is closed, what it left open is still open (once, however often it was
//! carried), and what was deleted there is gone. A meeting that carried nothing (an
//! older session) adds its own open items.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::agenda::Agenda;
use super::meeting::{ActionItem, Attendee, Carried, Meeting, ParkedItem, RegularMeeting};
use super::store::{Store, StoreError};

/// Legal-form words dropped from the end of an account name.
const SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "se",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "asa",
    "kk",
    "pty",
    "pte",
];

/// The account name reduced to what identifies the account: lower case, letters and
/// digits only, words separated by one space, legal-form suffixes dropped (unless
/// nothing else is left).
pub fn account_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// Whether two account names name the same account.
pub fn same_account(a: &str, b: &str) -> bool {
    let key = account_key(a);
    !key.is_empty() && key == account_key(b)
}

/// An earlier meeting of the account that was looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its session id.
    pub id: String,
    /// The day it took place.
    pub date: NaiveDate,
    /// Its agenda title.
    pub title: String,
    /// The account name as written there.
    pub account: String,
}

/// What a new meeting brings forward from the account's earlier meetings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarryForward {
    /// The earlier meetings of the account, oldest first.
    pub meetings: Vec<Found>,
    /// Open action items, oldest first, marked with where they came from.
    pub actions: Vec<ActionItem>,
    /// Open parked follow-ups, oldest first, marked with where they came from.
    pub parked: Vec<ParkedItem>,
    /// Everyone who attended before, once each (by name), with their latest details and
    /// no join time, in the order they first attended.
    pub attendees: Vec<Attendee>,
    /// The latest agreed regular meeting.
    pub regular_meeting: Option<RegularMeeting>,
}

/// When a meeting took place, for ordering.
fn held_at(meeting: &Meeting) -> DateTime<FixedOffset> {
    meeting.started_at.unwrap_or(meeting.created_at)
}

fn origin(meeting: &Meeting) -> Carried {
    Carried {
        meeting_id: meeting.id.clone(),
        date: held_at(meeting).date_naive(),
        title: meeting.agenda.title.clone(),
    }
}

/// Lower case, single spaces: how attendee names are compared.
fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What `meeting` brings forward from `sessions` (any sessions; those of other
/// accounts and the meeting itself are skipped).
pub fn forward<'a>(
    meeting: &Meeting,
    sessions: impl IntoIterator<Item = &'a Meeting>,
) -> CarryForward {
    let mut earlier: Vec<&Meeting> = sessions
        .into_iter()
        .filter(|m| m.id != meeting.id && same_account(&m.account, &meeting.account))
        .collect();
    earlier.sort_by(|a, b| held_at(a).cmp(&held_at(b)).then_with(|| a.id.cmp(&b.id)));

    // The open items, with the id of the meeting whose copy is the latest word on them.
    let mut actions: Vec<(&str, ActionItem)> = Vec::new();
    let mut parked: Vec<(&str, ParkedItem)> = Vec::new();
    let mut attendees: Vec<Attendee> = Vec::new();
    let mut regular_meeting = None;
    for m in &earlier {
        if !m.carried_from.is_empty() {
            actions.retain(|(source, _)| !m.carried_from.iter().any(|id| id == source));
            parked.retain(|(source, _)| !m.carried_from.iter().any(|id| id == source));
        }
        for a in &m.actions {
            let mut a = a.clone();
            a.carried.get_or_insert_with(|| origin(m));
            actions.push((m.id.as_str(), a));
        }
        for p in &m.parking_lot {
            let mut p = p.clone();
            p.carried.get_or_insert_with(|| origin(m));
            parked.push((m.id.as_str(), p));
        }
        for a in &m.attendees {
            let mut a = a.clone();
            a.joined_at = None;
            match attendees
                .iter_mut()
                .find(|known| name_key(&known.name) == name_key(&a.name))
            {
                Some(known) => *known = a,
                None if !name_key(&a.name).is_empty() => attendees.push(a),
                None => {}
            }
        }
        if m.regular_meeting.is_some() {
            regular_meeting.clone_from(&m.regular_meeting);
        }
    }
    CarryForward {
        meetings: earlier
            .iter()
            .map(|m| Found {
                id: m.id.clone(),
                date: held_at(m).date_naive(),
                title: m.agenda.title.clone(),
                account: m.account.clone(),
            })
            .collect(),
        actions: actions
            .into_iter()
            .map(|(_, a)| a)
            .filter(super::export::is_open_action)
            .map(|a| ActionItem { section: 0, ..a })
            .collect(),
        parked: parked
            .into_iter()
            .map(|(_, p)| p)
            .filter(|p| !p.done)
            .map(|p| ParkedItem { section: 0, ..p })
            .collect(),
        attendees,
        regular_meeting,
    }
}

impl CarryForward {
    /// Whether there is nothing to bring forward (no earlier meeting was found).
    pub fn is_empty(&self) -> bool {
        self.meetings.is_empty()
    }

    /// Puts the open items first in `meeting`'s lists (those already there are not added
    /// twice), records which meetings were looked at, and takes over the regular meeting
    /// when none is agreed yet. Attendees are offered, not added: see
    /// [`CarryForward::attendees`].
    pub fn apply(&self, meeting: &mut Meeting) {
        let new_actions: Vec<ActionItem> = self
            .actions
            .iter()
            .filter(|a| {
                !meeting
                    .actions
                    .iter()
                    .any(|b| b.carried == a.carried && b.text == a.text)
            })
            .cloned()
            .collect();
        meeting.actions.splice(0..0, new_actions);
        let new_parked: Vec<ParkedItem> = self
            .parked
            .iter()
            .filter(|p| {
                !meeting
                    .parking_lot
                    .iter()
                    .any(|q| q.carried == p.carried && q.text == p.text)
            })
            .cloned()
            .collect();
        meeting.parking_lot.splice(0..0, new_parked);
        for found in &self.meetings {
            if !meeting.carried_from.contains(&found.id) {
                meeting.carried_from.push(found.id.clone());
            }
        }
        if meeting.regular_meeting.is_none() {
            meeting.regular_meeting.clone_from(&self.regular_meeting);
        }
    }
}

/// What `meeting` brings forward from the saved meetings of its account in `store`
/// (see [`Store::account_meetings`]), and the session files that might be the account's
/// but could not be read. Also what a resumed meeting's attendee form offers
/// ([`CarryForward::attendees`]).
pub fn from_store(store: &Store, meeting: &Meeting) -> (CarryForward, Vec<StoreError>) {
    let (earlier, unreadable) = store.account_meetings_but(&meeting.account, Some(&meeting.id));
    (forward(meeting, &earlier), unreadable)
}

/// A new meeting, with what its account's earlier meetings bring forward applied.
#[derive(Debug)]
pub struct NewMeeting {
    /// The meeting, not saved yet.
    pub meeting: Meeting,
    /// What was brought forward: the meetings found ([`CarryForward::summary`] says so)
    /// and the known attendees to offer in the attendee form.
    pub carried: CarryForward,
    /// Session files that might be the account's but could not be read.
    pub unreadable: Vec<StoreError>,
}

/// Starts a new meeting of `account` on `agenda` at `now` with a fresh id from `store`,
/// and brings forward what the account's saved meetings left open (see
/// [`CarryForward::apply`]). Every way of starting a new meeting goes through here.
pub fn prepare_new_meeting(
    store: &Store,
    agenda: Agenda,
    account: String,
    now: DateTime<FixedOffset>,
) -> NewMeeting {
    let id = store.new_id(&account, &agenda.name, now);
    let mut meeting = Meeting::new(id, account, agenda, now);
    let (carried, unreadable) = from_store(store, &meeting);
    carried.apply(&mut meeting);
    NewMeeting {
        meeting,
        carried,
        unreadable,
    }
}

/// `1 action item`, `2 action items`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

impl CarryForward {
    /// One short line (for the status bar) saying what was brought forward and from
    /// which earlier meetings (the latest two, newest first, and how many more); `None`
    /// when none was found.
    pub fn summary(&self) -> Option<String> {
        let found = self.meetings.len();
        if found == 0 {
            return None;
        }
        let mut brought = Vec::new();
        if !self.actions.is_empty() {
            brought.push(count(self.actions.len(), "action item"));
        }
        if !self.parked.is_empty() {
            brought.push(count(self.parked.len(), "follow-up"));
        }
        if self.regular_meeting.is_some() {
            brought.push("the regular meeting".to_owned());
        }
        let what = match brought.as_slice() {
            [] => "Nothing open".to_owned(),
            [one] => format!("Carried forward {one}"),
            [init @ .., last] => format!("Carried forward {} and {last}", init.join(", ")),
        };
        let mut names: Vec<String> = self
            .meetings
            .iter()
            .rev()
            .take(2)
            .map(|m| format!("{} {}", m.title, m.date.format("%Y-%m-%d")))
            .collect();
        if found > 2 {
            names.push(format!("{} older", found - 2));
        }
        Some(format!("{what} from {}.", names.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_match_across_case_punctuation_and_legal_form() {
        for name in [
            "ACME Corp",
            "Acme Corporation",
            "acme, inc.",
            "  Acme   GmbH ",
            "ACME",
            "Acme Co., Ltd.",
        ] {
            assert_eq!(account_key(name), "acme", "{name}");
        }
        assert_eq!(account_key("Müller AG"), "müller");
        assert_eq!(account_key("Acme Rockets Inc"), "acme rockets");
        assert!(!same_account("Acme Rockets", "Acme"));
        // A name made only of a legal form keeps it; an empty name matches nothing.
        assert_eq!(account_key("Ltd"), "ltd");
        assert!(!same_account("", ""));
        assert!(!same_account("...", "!!!"));
    }

    #[test]
    fn the_summary_names_the_meetings_found_and_what_came_forward() {
        let found = |n: u32| Found {
            id: format!("m{n}"),
            date: NaiveDate::from_ymd_opt(2026, 11, n).unwrap_or_default(),
            title: format!("Meeting {n}"),
            account: "Acme".into(),
        };
        assert_eq!(CarryForward::default().summary(), None);
        let one = CarryForward {
            meetings: vec![found(2)],
            ..CarryForward::default()
        };
        assert_eq!(
            one.summary().as_deref(),
            Some("Nothing open from Meeting 2 2026-11-02.")
        );
        let many = CarryForward {
            meetings: (1..=5).map(found).collect(),
            actions: vec![ActionItem::default(); 2],
            parked: vec![ParkedItem {
                text: "SSO".into(),
                section: 0,
                reason: String::new(),
                parked_at: DateTime::default(),
                internal: false,
                done: false,
                carried: None,
            }],
            regular_meeting: Some(RegularMeeting::default()),
            ..CarryForward::default()
        };
        assert_eq!(
            many.summary().as_deref(),
            Some(
                "Carried forward 2 action items, 1 follow-up and the regular meeting from \
                 Meeting 5 2026-11-05, Meeting 4 2026-11-04, 3 older."
            )
        );
    }
}
