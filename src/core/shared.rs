//! One meeting, two seats: the meeting as a shared document that each seat's [`Meeting`]
//! mirrors, so the ASE and a note-taker can type into the same meeting at once.
//!
//! The merging is not ours: the document is a [`yrs`] document (the Rust port of Yjs), and
//! its sync protocol carries the changes. Its layout:
//!
//! - one shared text per notes target (`lobby`, `section-0`, `section-1`, ...), the notes'
//!   lines joined with `\n`: concurrent typing merges character by character;
//! - one shared list per meeting list (`attendees`, `actions`, `decisions`, `goals`,
//!   `parked`), each record one element (its JSON): records added on both seats are all
//!   kept, and a record changed on both seats keeps the last change;
//! - one map (`host`) whose `state` is everything the host owns: the agenda, its position,
//!   the timers, the ticked prompts, the drift log. Only the host writes it; a joined seat
//!   takes it as it comes, and the host writes its own back over anything else.
//!
//! Each seat keeps its `Meeting` equal to the document: a local change goes to the
//! document as the smallest splice (see [`splice`]) and comes back as a sync message to
//! send; a remote change arrives as a message, changes the document and is applied to the
//! `Meeting` as the same line edits the editor makes, which the caller journals like its
//! own. The document itself is saved at each fold ([`Shared::encode_state`]) so a seat
//! that restarts keeps the history its peers share.

pub mod splice;

use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use yrs::sync::{Message, SyncMessage};
use yrs::types::Delta;
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{
    Any, Array, ArrayRef, Doc, GetString, Map, MapRef, Observable, Out, ReadTxn, StateVector, Text,
    TextRef, Transact, TransactionMut, Update,
};

use self::splice::{Span, Splice};
use crate::core::meeting::{Meeting, SectionRecord};
use crate::core::notes::{Line, NoteEdit, Notes};

/// The origin of transactions that apply another seat's changes.
const REMOTE: &str = "remote";
/// The origin of this seat's own changes.
const LOCAL: &str = "local";
/// Key of the host's state in the `host` map.
const STATE: &str = "state";
/// Key of the document's id in the `host` map.
const DOC: &str = "doc";

/// Which seat this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The ASE who started the meeting: owns the agenda, its position and the timers.
    Host,
    /// A seat joined to the host's meeting: notes, attendees and lists, not the agenda.
    Joined,
}

/// Whose notes: the lobby's or a section's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// What was typed before the agenda started.
    Lobby,
    /// Section `n` of the agenda.
    Section(usize),
}

impl Target {
    /// The target of a section index, `None` being the lobby (as a `NoteEdit` names it).
    pub fn of(section: Option<usize>) -> Self {
        section.map_or(Target::Lobby, Target::Section)
    }

    /// The section index, `None` for the lobby (as a `NoteEdit` names it).
    pub fn section(self) -> Option<usize> {
        match self {
            Target::Lobby => None,
            Target::Section(i) => Some(i),
        }
    }

    fn name(self) -> String {
        match self {
            Target::Lobby => "lobby".to_owned(),
            Target::Section(i) => format!("section-{i}"),
        }
    }

    /// The notes of this target in `meeting`.
    pub fn notes(self, meeting: &Meeting) -> Option<&Notes> {
        match self {
            Target::Lobby => Some(&meeting.lobby_notes),
            Target::Section(i) => meeting.sections.get(i).map(|r| &r.notes),
        }
    }

    fn notes_mut(self, meeting: &mut Meeting) -> Option<&mut Notes> {
        match self {
            Target::Lobby => Some(&mut meeting.lobby_notes),
            Target::Section(i) => meeting.sections.get_mut(i).map(|r| &mut r.notes),
        }
    }
}

/// A message of the app's own, carried beside the document's sync messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Note {
    /// The first message on a connection: which document the seat holds, so a seat never
    /// merges a different meeting's document (or a restarted host's new one) into its own.
    Hello {
        /// The document's id ([`Shared::doc_id`]); `None` before the first sync.
        doc: Option<String>,
    },
    /// Where a seat is: who, and where they are typing.
    Presence(Presence),
    /// A joined seat asks the host to move on to the next section.
    MoveOn {
        /// Who asks.
        name: String,
    },
}

/// Who a seat is and where its cursor is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// The person at the seat.
    pub name: String,
    /// Host or joined.
    pub role: Role,
    /// The section on the seat's screen; `None` in the lobby.
    pub section: Option<usize>,
    /// The line of the cursor, from 0.
    pub line: usize,
}

/// The tag of [`Note`] messages in the sync protocol's custom message kind.
const NOTE_TAG: u8 = 100;

/// Why a message from another seat could not be used.
#[derive(Debug, Error)]
pub enum SharedError {
    /// The bytes are not a message of the sync protocol.
    #[error("a message from the other seat could not be read: {0}")]
    Decode(String),
    /// The document refused a change.
    #[error("a change from the other seat could not be applied: {0}")]
    Apply(String),
    /// The host's state in the document is missing or unreadable.
    #[error("the shared meeting has no readable host state yet{0}")]
    NoState(String),
}

/// What one message from another seat did.
#[derive(Debug, Default)]
pub struct Received {
    /// Notes changed, in the order they were applied to the meeting: the edit as the
    /// journal records it, and the text replaced (for an editor showing those notes).
    pub edits: Vec<(NoteEdit, Span)>,
    /// A list (attendees, actions, decisions, goals, parked) changed.
    pub lists: bool,
    /// The host's state changed (a joined seat only).
    pub host: bool,
    /// Messages to send back to the seat this one came from.
    pub reply: Vec<Vec<u8>>,
    /// The message carried changes the other seats should see too (the host relays it).
    pub relay: bool,
    /// The app's own messages.
    pub notes: Vec<Note>,
}

/// One text change as the document reports it.
#[derive(Debug)]
enum Op {
    Retain(usize),
    Insert(String),
    Delete(usize),
}

type Inbox = Arc<Mutex<Vec<(Target, Vec<Op>)>>>;

/// The shared document of one meeting, as one seat holds it. See the module docs.
pub struct Shared {
    doc: Doc,
    role: Role,
    lists: [ArrayRef; 5],
    host: MapRef,
    texts: Vec<(Target, TextRef)>,
    inbox: Inbox,
    /// The host state last written or read, as JSON.
    state: String,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

const LIST_NAMES: [&str; 5] = ["attendees", "actions", "decisions", "goals", "parked"];

impl Shared {
    fn empty(doc: Doc, role: Role) -> Self {
        let lists = LIST_NAMES.map(|name| doc.get_or_insert_array(name));
        let host = doc.get_or_insert_map("host");
        Self {
            doc,
            role,
            lists,
            host,
            texts: Vec::new(),
            inbox: Inbox::default(),
            state: String::new(),
        }
    }

    /// The host's document of `meeting`: everything in it, as this seat's first change.
    pub fn host(meeting: &Meeting) -> Self {
        let mut shared = Self::empty(Doc::new(), Role::Host);
        shared.watch(meeting.sections.len());
        {
            let mut txn = shared.doc.transact_mut_with(LOCAL);
            let id = shared.doc.client_id().to_string();
            shared.host.insert(&mut txn, DOC, Any::from(id.as_str()));
            for (target, text) in &shared.texts {
                if let Some(notes) = target.notes(meeting) {
                    let joined = notes.text();
                    if !joined.is_empty() {
                        text.insert(&mut txn, 0, &joined);
                    }
                }
            }
        }
        shared.local_state(meeting);
        shared
    }

    /// The host's document saved at the last fold (see [`Shared::encode_state`]), brought
    /// up to `meeting` (which may hold changes journaled since); `None` when the bytes
    /// are not a saved document of this meeting's shape.
    pub fn host_from_state(bytes: &[u8], meeting: &Meeting) -> Option<Self> {
        let doc = Doc::new();
        {
            let update = Update::decode_v1(bytes).ok()?;
            doc.transact_mut_with(LOCAL).apply_update(update).ok()?;
        }
        let mut shared = Self::empty(doc, Role::Host);
        shared.watch(meeting.sections.len());
        // Whatever changed since the fold goes in as this seat's own change.
        {
            let mut txn = shared.doc.transact_mut_with(LOCAL);
            for (target, text) in &shared.texts {
                let old = text.get_string(&txn);
                let new = target.notes(meeting).map(Notes::text).unwrap_or_default();
                let old_lines = Notes::from_lines([old]);
                if let Some(s) = splice::text_splice(&old_lines, 0, 1, &[Line::from(new)]) {
                    splice_text(text, &mut txn, &s);
                }
            }
        }
        shared.local_state(meeting);
        Some(shared)
    }

    /// A joined seat's empty document, filled by the host's first sync; see
    /// [`Shared::meeting`].
    pub fn joined() -> Self {
        Self::empty(Doc::new(), Role::Joined)
    }

    /// This seat's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The document's id, set by the host that made it; `None` on a joined seat before the
    /// first sync.
    pub fn doc_id(&self) -> Option<String> {
        match self.host.get(&self.doc.transact(), DOC) {
            Some(Out::Any(Any::String(s))) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The message that opens a connection: [`Note::Hello`] with this document's id.
    pub fn greeting(&self) -> Vec<u8> {
        Self::note(&Note::Hello { doc: self.doc_id() })
    }

    /// Follows the notes texts of a meeting with `sections` sections.
    fn watch(&mut self, sections: usize) {
        if !self.texts.is_empty() {
            return;
        }
        let targets = std::iter::once(Target::Lobby).chain((0..sections).map(Target::Section));
        for target in targets {
            let text = self.doc.get_or_insert_text(target.name().as_str());
            let inbox = Arc::clone(&self.inbox);
            text.observe(LOCAL, move |txn, event| {
                if txn.origin().is_none_or(|o| o.as_ref() != REMOTE.as_bytes()) {
                    return;
                }
                let ops = event.delta(txn).iter().filter_map(op_of).collect();
                inbox
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((target, ops));
            });
            self.texts.push((target, text));
        }
    }

    /// The meeting the document holds (a joined seat, after the host's first sync); from
    /// then on, messages change it through [`Shared::receive`].
    pub fn meeting(&mut self) -> Result<Meeting, SharedError> {
        let txn = self.doc.transact();
        let json = match self.host.get(&txn, STATE) {
            Some(Out::Any(Any::String(s))) => s.to_string(),
            _ => return Err(SharedError::NoState(String::new())),
        };
        let mut meeting: Meeting =
            serde_json::from_str(&json).map_err(|e| SharedError::NoState(format!(": {e}")))?;
        drop(txn);
        self.state = json;
        self.watch(meeting.sections.len());
        let txn = self.doc.transact();
        for (target, text) in &self.texts {
            if let Some(notes) = target.notes_mut(&mut meeting) {
                *notes = Notes::from(text.get_string(&txn));
            }
        }
        drop(txn);
        self.read_lists(&mut meeting);
        Ok(meeting)
    }

    /// Applies a message that arrives before this seat has its meeting (a joined seat's
    /// first sync, see [`Shared::meeting`]): returns the replies to send back and the
    /// app's own messages.
    pub fn absorb(&mut self, bytes: &[u8]) -> Result<(Vec<Vec<u8>>, Vec<Note>), SharedError> {
        let received = self.apply(bytes, None)?;
        Ok((received.reply, received.notes))
    }

    /// The first message to a seat just connected: what this seat has, so the other
    /// answers with what it lacks.
    pub fn hello(&self) -> Vec<u8> {
        let sv = self.doc.transact().state_vector();
        Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1()
    }

    /// The app's own message `note`, for the other seats.
    pub fn note(note: &Note) -> Vec<u8> {
        let data = serde_json::to_vec(note).unwrap_or_default();
        Message::Custom(NOTE_TAG, data).encode_v1()
    }

    /// The whole document, to save beside the session file at a fold.
    pub fn encode_state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&StateVector::default())
    }

    /// Records this seat's change of `target`'s notes: `removed` lines from `start` of
    /// `old` (the notes before the change) replaced by `new`. Returns the message for the
    /// other seats, `None` when nothing changed.
    pub fn local_edit(
        &mut self,
        target: Target,
        old: &Notes,
        start: usize,
        removed: usize,
        new: &[Line],
    ) -> Option<Vec<u8>> {
        let s = splice::text_splice(old, start, removed, new)?;
        let text = self.texts.iter().find(|(t, _)| *t == target)?.1.clone();
        let mut txn = self.doc.transact_mut_with(LOCAL);
        splice_text(&text, &mut txn, &s);
        Some(update_message(&txn))
    }

    /// Records this seat's change within line `line` of `target`'s notes (`old` being the
    /// notes before it): `cut` bytes from byte `at` replaced by `text`. Returns the message
    /// for the other seats, `None` when it does not fit the notes or changes nothing.
    pub fn local_splice(
        &mut self,
        target: Target,
        old: &Notes,
        line: usize,
        at: usize,
        cut: usize,
        text: &str,
    ) -> Option<Vec<u8>> {
        let current = old.get(line)?;
        let end = at.checked_add(cut)?;
        if end > current.len() || !current.is_char_boundary(at) || !current.is_char_boundary(end) {
            return None;
        }
        if cut == 0 && text.is_empty() {
            return None;
        }
        let start = old.offset_of(line);
        let s = Splice {
            at: start + at,
            removed: cut,
            inserted: text.to_owned(),
        };
        let shared_text = self.texts.iter().find(|(t, _)| *t == target)?.1.clone();
        let mut txn = self.doc.transact_mut_with(LOCAL);
        splice_text(&shared_text, &mut txn, &s);
        Some(update_message(&txn))
    }

    /// Records this seat's changes to everything but the notes: the lists, and the host's
    /// state when this is the host. Returns the message for the other seats, `None` when
    /// nothing changed.
    pub fn local_state(&mut self, meeting: &Meeting) -> Option<Vec<u8>> {
        let state = (self.role == Role::Host)
            .then(|| serde_json::to_string(&host_part(meeting)).ok())
            .flatten()
            .filter(|s| *s != self.state);
        let lists = list_records(meeting);
        let mut txn = self.doc.transact_mut_with(LOCAL);
        let mut changed = false;
        for (array, records) in self.lists.iter().zip(lists) {
            changed |= sync_list(array, &mut txn, &records);
        }
        if let Some(state) = state {
            self.host.insert(&mut txn, STATE, Any::from(state.as_str()));
            self.state = state;
            changed = true;
        }
        changed.then(|| update_message(&txn))
    }

    /// Applies one message from another seat to the document and to `meeting`.
    pub fn receive(
        &mut self,
        bytes: &[u8],
        meeting: &mut Meeting,
    ) -> Result<Received, SharedError> {
        self.apply(bytes, Some(meeting))
    }

    fn apply(
        &mut self,
        bytes: &[u8],
        meeting: Option<&mut Meeting>,
    ) -> Result<Received, SharedError> {
        let message = Message::decode_v1(bytes).map_err(|e| SharedError::Decode(e.to_string()))?;
        let mut received = Received::default();
        let update = match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let diff = self.doc.transact().encode_state_as_update_v1(&sv);
                received
                    .reply
                    .push(Message::Sync(SyncMessage::SyncStep2(diff)).encode_v1());
                return Ok(received);
            }
            Message::Sync(SyncMessage::SyncStep2(u) | SyncMessage::Update(u)) => u,
            Message::Custom(NOTE_TAG, data) => {
                if let Ok(note) = serde_json::from_slice(&data) {
                    received.notes.push(note);
                }
                return Ok(received);
            }
            _ => return Ok(received),
        };
        let update = Update::decode_v1(&update).map_err(|e| SharedError::Decode(e.to_string()))?;
        {
            let mut txn = self.doc.transact_mut_with(REMOTE);
            txn.apply_update(update)
                .map_err(|e| SharedError::Apply(e.to_string()))?;
        }
        received.relay = true;
        let pending =
            std::mem::take(&mut *self.inbox.lock().unwrap_or_else(PoisonError::into_inner));
        let Some(meeting) = meeting else {
            return Ok(received);
        };
        for (target, ops) in pending {
            apply_ops(target, ops, meeting, &mut received.edits);
        }
        received.lists = self.read_lists(meeting);
        received.host = self.read_state(meeting, &mut received.reply);
        Ok(received)
    }

    /// Makes `meeting`'s lists those of the document; returns whether any changed.
    fn read_lists(&self, meeting: &mut Meeting) -> bool {
        let txn = self.doc.transact();
        let read = |i: usize| -> Vec<String> {
            self.lists[i]
                .iter(&txn)
                .filter_map(|v| match v {
                    Out::Any(Any::String(s)) => Some(s.to_string()),
                    _ => None,
                })
                .collect()
        };
        let mut changed = false;
        changed |= replace_list(&mut meeting.attendees, &read(0));
        changed |= replace_list(&mut meeting.actions, &read(1));
        changed |= replace_list(&mut meeting.decisions, &read(2));
        changed |= replace_list(&mut meeting.goals, &read(3));
        changed |= replace_list(&mut meeting.parking_lot, &read(4));
        changed
    }

    /// Takes the host's state into a joined seat's `meeting`; on the host, writes its own
    /// back over a change from elsewhere. Returns whether `meeting` changed.
    fn read_state(&mut self, meeting: &mut Meeting, reply: &mut Vec<Vec<u8>>) -> bool {
        let json = {
            let txn = self.doc.transact();
            match self.host.get(&txn, STATE) {
                Some(Out::Any(Any::String(s))) => s.to_string(),
                _ => return false,
            }
        };
        if json == self.state {
            return false;
        }
        if self.role == Role::Host {
            let mine = std::mem::take(&mut self.state);
            let mut txn = self.doc.transact_mut_with(LOCAL);
            self.host.insert(&mut txn, STATE, Any::from(mine.as_str()));
            self.state = mine;
            reply.push(update_message(&txn));
            return false;
        }
        let Ok(state) = serde_json::from_str::<Meeting>(&json) else {
            return false;
        };
        self.state = json;
        take_host_part(meeting, state);
        true
    }
}

/// The app's own message in `bytes`, if it is one (read without applying anything).
pub fn note_of(bytes: &[u8]) -> Option<Note> {
    match Message::decode_v1(bytes) {
        Ok(Message::Custom(NOTE_TAG, data)) => serde_json::from_slice(&data).ok(),
        _ => None,
    }
}

/// The sync message of what `txn` changed.
fn update_message(txn: &TransactionMut) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(txn.encode_update_v1())).encode_v1()
}

/// Applies `s` to a shared text (offsets in bytes, the document's unit).
fn splice_text(text: &TextRef, txn: &mut TransactionMut, s: &Splice) {
    let (Ok(at), Ok(removed)) = (u32::try_from(s.at), u32::try_from(s.removed)) else {
        return;
    };
    if removed > 0 {
        text.remove_range(txn, at, removed);
    }
    if !s.inserted.is_empty() {
        text.insert(txn, at, &s.inserted);
    }
}

fn op_of(delta: &Delta) -> Option<Op> {
    match delta {
        Delta::Retain(n, _) => Some(Op::Retain(*n as usize)),
        Delta::Deleted(n) => Some(Op::Delete(*n as usize)),
        Delta::Inserted(Out::Any(Any::String(s)), _) => Some(Op::Insert(s.to_string())),
        Delta::Inserted(..) => None,
    }
}

/// Applies a text's changes, in order, to `meeting`'s notes as line edits.
fn apply_ops(
    target: Target,
    ops: Vec<Op>,
    meeting: &mut Meeting,
    edits: &mut Vec<(NoteEdit, Span)>,
) {
    let Some(notes) = target.notes_mut(meeting) else {
        return;
    };
    let mut at = 0;
    for op in ops {
        let s = match op {
            Op::Retain(n) => {
                at += n;
                continue;
            }
            Op::Insert(inserted) => {
                let len = inserted.len();
                let s = Splice {
                    at,
                    removed: 0,
                    inserted,
                };
                at += len;
                s
            }
            Op::Delete(removed) => Splice {
                at,
                removed,
                inserted: String::new(),
            },
        };
        let Some(span) = splice::span(notes, &s) else {
            continue;
        };
        let edit = NoteEdit {
            section: target.section(),
            change: splice::change(notes, &span),
        };
        if notes.apply(&edit.change) {
            edits.push((edit, span));
        }
    }
}

/// Each list of `meeting` as the JSON of its records, in `LIST_NAMES` order.
fn list_records(meeting: &Meeting) -> [Vec<String>; 5] {
    fn json<T: Serialize>(items: &[T]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| serde_json::to_string(i).ok())
            .collect()
    }
    [
        json(&meeting.attendees),
        json(&meeting.actions),
        json(&meeting.decisions),
        json(&meeting.goals),
        json(&meeting.parking_lot),
    ]
}

/// Makes a shared list hold `records`, changing only the records that differ; returns
/// whether it changed.
fn sync_list(array: &ArrayRef, txn: &mut TransactionMut, records: &[String]) -> bool {
    let current: Vec<String> = array
        .iter(txn)
        .map(|v| match v {
            Out::Any(Any::String(s)) => s.to_string(),
            _ => String::new(),
        })
        .collect();
    if current == records {
        return false;
    }
    let prefix = current
        .iter()
        .zip(records)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = current[prefix..]
        .iter()
        .rev()
        .zip(records[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = current.len() - prefix - suffix;
    let (Ok(at), Ok(len)) = (u32::try_from(prefix), u32::try_from(removed)) else {
        return false;
    };
    if len > 0 {
        array.remove_range(txn, at, len);
    }
    for (i, record) in records[prefix..records.len() - suffix].iter().enumerate() {
        let Ok(i) = u32::try_from(i) else {
            break;
        };
        array.insert(txn, at + i, Any::from(record.as_str()));
    }
    true
}

/// Replaces `list` with the records of `json` that read; returns whether it changed.
fn replace_list<T: DeserializeOwned + PartialEq>(list: &mut Vec<T>, json: &[String]) -> bool {
    let items: Vec<T> = json
        .iter()
        .filter_map(|j| serde_json::from_str(j).ok())
        .collect();
    if *list == items {
        return false;
    }
    *list = items;
    true
}

/// What the host owns of `meeting`: everything but the notes and the lists, without
/// copying the notes.
fn host_part(meeting: &Meeting) -> Meeting {
    Meeting {
        version: meeting.version,
        id: meeting.id.clone(),
        account: meeting.account.clone(),
        agenda: meeting.agenda.clone(),
        created_at: meeting.created_at,
        started_at: meeting.started_at,
        ended_at: meeting.ended_at,
        current: meeting.current,
        running_since: meeting.running_since,
        sections: meeting
            .sections
            .iter()
            .map(|r| SectionRecord {
                notes: Notes::default(),
                ticked: r.ticked.clone(),
                spent_secs: r.spent_secs,
            })
            .collect(),
        attendees: Vec::new(),
        actions: Vec::new(),
        decisions: Vec::new(),
        goals: Vec::new(),
        parking_lot: Vec::new(),
        regular_meeting: meeting.regular_meeting.clone(),
        drift_log: meeting.drift_log.clone(),
        carried_from: meeting.carried_from.clone(),
        sow_start: meeting.sow_start,
        regular_schedule: meeting.regular_schedule.clone(),
        lobby_notes: Notes::default(),
    }
}

/// Takes the host's part from `state` into `meeting`, keeping `meeting`'s notes and lists.
fn take_host_part(meeting: &mut Meeting, mut state: Meeting) {
    for (i, record) in state.sections.iter_mut().enumerate() {
        if let Some(mine) = meeting.sections.get_mut(i) {
            record.notes = std::mem::take(&mut mine.notes);
        }
    }
    state.lobby_notes = std::mem::take(&mut meeting.lobby_notes);
    state.attendees = std::mem::take(&mut meeting.attendees);
    state.actions = std::mem::take(&mut meeting.actions);
    state.decisions = std::mem::take(&mut meeting.decisions);
    state.goals = std::mem::take(&mut meeting.goals);
    state.parking_lot = std::mem::take(&mut meeting.parking_lot);
    *meeting = state;
}

#[cfg(test)]
mod tests;
