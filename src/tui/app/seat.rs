//! The app's part in a meeting shared by two seats (see `core::shared`): who else is
//! connected and where they type, sharing this seat's changes, taking in theirs, and the
//! host's control of the agenda.

use std::collections::VecDeque;

use super::{App, Tone};
use crate::core::meeting::Phase;
use crate::core::notes::{NoteChange, NoteEdit};
use crate::core::shared::{self, Note, Presence, Role, Shared, Target};
use crate::tui::action::{Action, Effect, LinkEvent, Recipients};
use crate::tui::text::shorten;

/// Another seat of the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    /// The link's number for it.
    pub id: u64,
    /// Who sits there.
    pub name: String,
    /// Joined from another machine.
    pub remote: bool,
    /// Where they are, once they said.
    pub presence: Option<Presence>,
    /// They hold another document (another meeting, or the host restarted without its
    /// shared history): nothing of theirs is merged.
    pub foreign: bool,
    /// Their link broke: the changes made here since, which they get when they are back.
    pub pending: Option<usize>,
}

/// Someone with a ticket waiting for the host to let them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Knock {
    /// The link's number for the seat.
    pub peer: u64,
    /// Who they say they are.
    pub name: String,
    /// The short fingerprint of their key.
    pub fingerprint: String,
}

/// This seat's part in a shared meeting.
#[derive(Debug)]
pub struct Seats {
    role: Role,
    /// The person at this seat.
    me: String,
    /// The shared document; the host makes it when the first seat joins.
    shared: Option<Shared>,
    peers: Vec<Peer>,
    knocks: VecDeque<Knock>,
    /// (A joined seat) whether the host is reachable.
    online: bool,
    /// Changes made here while the host was not reachable.
    pending: usize,
    /// The last ticket made, to show.
    ticket: Option<String>,
    /// Where this seat last said it was.
    said: Option<(Option<usize>, usize)>,
    /// The host's document as saved at its last fold, taken up when a seat joins.
    saved: Option<Vec<u8>>,
    /// Messages for the other seats, handed to the loop with the update's effects.
    outbox: Vec<(Recipients, Vec<u8>)>,
}

impl Seats {
    /// The host's part: nobody joined yet.
    pub fn host(me: String) -> Self {
        Self {
            role: Role::Host,
            me,
            shared: None,
            peers: Vec::new(),
            knocks: VecDeque::new(),
            online: true,
            pending: 0,
            ticket: None,
            said: None,
            saved: None,
            outbox: Vec::new(),
        }
    }

    /// A joined seat's part, over the document the host's first sync filled, with the
    /// host's name and, if it said already, where it is.
    pub fn joined(me: String, shared: Shared, host: String, at: Option<Presence>) -> Self {
        Self {
            role: Role::Joined,
            shared: Some(shared),
            peers: vec![Peer {
                id: 0,
                name: host,
                remote: false,
                presence: at,
                foreign: false,
                pending: None,
            }],
            ..Self::host(me)
        }
    }

    /// The host's part, with the document saved when the meeting was last shared: a seat
    /// that joins again finds the history it shares with this host.
    pub fn with_saved(mut self, saved: Option<Vec<u8>>) -> Self {
        self.saved = saved;
        self
    }

    /// This seat's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The other seats.
    pub fn peers(&self) -> &[Peer] {
        &self.peers
    }

    /// The first seat waiting to be let in, if any.
    pub fn knock(&self) -> Option<&Knock> {
        self.knocks.front()
    }

    /// Whether the host is reachable (always true on the host).
    pub fn online(&self) -> bool {
        self.online
    }

    /// Changes made here while the host was not reachable.
    pub fn pending(&self) -> usize {
        self.pending
    }

    /// Every count of pending changes the seats line shows, summed (it changes with them).
    pub(super) fn counted(&self) -> usize {
        self.pending + self.peers.iter().filter_map(|p| p.pending).sum::<usize>()
    }

    /// The last ticket made for another laptop.
    pub fn ticket(&self) -> Option<&str> {
        self.ticket.as_deref()
    }

    /// Whether anything about other seats is worth a line on screen.
    pub fn in_use(&self) -> bool {
        self.role == Role::Joined
            || !self.peers.is_empty()
            || !self.knocks.is_empty()
            || self.ticket.is_some()
    }

    /// The document, when this seat shares the meeting with someone.
    pub fn shared(&self) -> Option<&Shared> {
        self.shared.as_ref()
    }

    fn sharing(&self) -> bool {
        self.shared.is_some() && (self.role == Role::Joined || !self.peers.is_empty())
    }

    /// Queues a change of this seat's for the other seats, counting it while the host is
    /// not reachable.
    fn send_change(&mut self, bytes: Vec<u8>) {
        if !self.online {
            self.pending += 1;
        }
        for peer in &mut self.peers {
            if let Some(n) = &mut peer.pending {
                *n += 1;
            }
        }
        self.outbox.push((Recipients::All, bytes));
    }

    /// The messages queued for the other seats, as effects.
    pub(super) fn drain(&mut self) -> impl Iterator<Item = Effect> + '_ {
        self.outbox
            .drain(..)
            .map(|(to, bytes)| Effect::Send { to, bytes })
    }
}

/// The other seats' name for a seat's place: the section's title, or the lobby.
pub fn place(app: &App, presence: &Presence) -> String {
    match presence.section {
        None => format!("the lobby, line {}", presence.line + 1),
        Some(i) => {
            let title = app
                .meeting
                .agenda
                .sections
                .get(i)
                .map_or_else(|| format!("section {}", i + 1), |s| s.title.clone());
            format!("\"{}\", line {}", shorten(&title, 24), presence.line + 1)
        }
    }
}

impl App {
    /// The seats of the meeting.
    pub fn seats(&self) -> &Seats {
        &self.seats
    }

    /// Makes this app a seat: the host's part, or a joined seat's.
    pub fn with_seats(mut self, seats: Seats) -> Self {
        self.seats = seats;
        self
    }

    /// Whether only the host does `action` (a joined seat's keys for it are not shown).
    pub fn host_only(action: &Action) -> bool {
        matches!(
            action,
            Action::PreviousSection
                | Action::TogglePause
                | Action::TickNextPrompt
                | Action::TogglePrompt(_)
                | Action::EditRegularMeeting
                | Action::Invite
                | Action::AdmitSeat
                | Action::RefuseSeat
        )
    }

    /// What this seat does not decide when it is a joined seat: the agenda's position, the
    /// timer, the prompts. Returns whether `action` was taken care of here.
    pub(super) fn joined_seat_asks(&mut self, action: &Action, effects: &mut Vec<Effect>) -> bool {
        if self.seats.role != Role::Joined {
            return false;
        }
        let host = self
            .seats
            .peers
            .first()
            .map_or_else(|| "the host".to_owned(), |p| p.name.clone());
        match action {
            Action::NextSection => {
                let note = Note::MoveOn {
                    name: self.seats.me.clone(),
                };
                effects.push(Effect::Send {
                    to: Recipients::All,
                    bytes: Shared::note(&note),
                });
                self.say(Tone::Info, format!("Asked {host} to move on."));
                true
            }
            // Ticking a prompt from the prompts pane is the host's too.
            Action::ToggleSelected | Action::EditSelected
                if self.focus == super::Focus::Prompts =>
            {
                self.say(
                    Tone::Info,
                    format!("{host} ticks the prompts here; ^N asks them to move on."),
                );
                true
            }
            action if Self::host_only(action) => {
                self.say(
                    Tone::Info,
                    format!("{host} runs the agenda and the timer here; ^N asks them to move on."),
                );
                true
            }
            _ => false,
        }
    }

    /// Shares a change this seat made to the notes: `edit` changes the notes the model
    /// holds now (call before the model takes the edit).
    pub(super) fn share_edit(&mut self, edit: &NoteEdit) {
        if !self.seats.sharing() {
            return;
        }
        let target = Target::of(edit.section);
        let Some(old) = target.notes(&self.meeting) else {
            return;
        };
        let Some(shared) = self.seats.shared.as_mut() else {
            return;
        };
        let message = match &edit.change {
            NoteChange::Lines {
                start,
                removed,
                lines,
            } => shared.local_edit(target, old, *start, *removed, lines),
            NoteChange::Splice {
                line,
                at,
                cut,
                text,
            } => shared.local_splice(target, old, *line, *at, *cut, text),
        };
        if let Some(bytes) = message {
            self.seats.send_change(bytes);
        }
    }

    /// Shares this seat's changes to everything but the notes.
    pub(super) fn share_state(&mut self) {
        if !self.seats.sharing() {
            return;
        }
        let Some(shared) = self.seats.shared.as_mut() else {
            return;
        };
        if let Some(bytes) = shared.local_state(&self.meeting) {
            self.seats.send_change(bytes);
        }
    }

    /// The shared document to save with a fold (the host's, while shared).
    pub(super) fn shared_to_save(&self) -> Option<Effect> {
        if self.seats.role != Role::Host {
            return None;
        }
        let shared = self.seats.shared.as_ref()?;
        Some(Effect::SaveShared {
            id: self.meeting.id.clone(),
            bytes: shared.encode_state(),
        })
    }

    /// Tells the other seats where this seat is, when that changed.
    pub(super) fn share_presence(&mut self) {
        if !self.seats.sharing() || !self.seats.online {
            return;
        }
        let section = (self.meeting.phase() != Phase::Lobby).then_some(self.meeting.current);
        let here = (section, self.notes.cursor_byte().0);
        if self.seats.said == Some(here) {
            return;
        }
        self.seats.said = Some(here);
        let note = Note::Presence(Presence {
            name: self.seats.me.clone(),
            role: self.seats.role,
            section: here.0,
            line: here.1,
        });
        self.seats
            .outbox
            .push((Recipients::All, Shared::note(&note)));
    }

    /// Takes in news from the link.
    pub(super) fn on_link(&mut self, event: LinkEvent, effects: &mut Vec<Effect>) {
        match event {
            LinkEvent::Joined { peer, name, remote } => {
                if self.seats.shared.is_none() {
                    let saved = self.seats.saved.take();
                    let shared = saved
                        .and_then(|bytes| Shared::host_from_state(&bytes, &self.meeting))
                        .unwrap_or_else(|| Shared::host(&self.meeting));
                    self.seats.shared = Some(shared);
                    // Kept from the start: a restart finds the history the seats share.
                    self.fold = true;
                }
                // A seat whose link broke comes back under a new number.
                self.seats
                    .peers
                    .retain(|p| p.id != peer && !(p.pending.is_some() && p.name == name));
                self.seats.knocks.retain(|k| k.peer != peer);
                let from = if remote {
                    "another machine"
                } else {
                    "this machine"
                };
                self.say(
                    Tone::Info,
                    format!("{} joined from {from}.", shorten(&name, 30)),
                );
                self.seats.peers.push(Peer {
                    id: peer,
                    name,
                    remote,
                    presence: None,
                    foreign: false,
                    pending: None,
                });
                self.greet(Recipients::One(peer), effects);
            }
            LinkEvent::Knock {
                peer,
                name,
                fingerprint,
            } => {
                self.say(
                    Tone::Warning,
                    format!(
                        "{} (key {fingerprint}) asks to join from another machine: Alt-y lets them in, Alt-n turns them away.",
                        shorten(&name, 30)
                    ),
                );
                self.seats.knocks.push_back(Knock {
                    peer,
                    name,
                    fingerprint,
                });
            }
            LinkEvent::Data { peer, bytes } => self.take_in(peer, &bytes, effects),
            LinkEvent::Left { peer, reason, lost } => {
                self.seats.knocks.retain(|k| k.peer != peer);
                if self.seats.role == Role::Joined {
                    return;
                }
                let Some(i) = self.seats.peers.iter().position(|p| p.id == peer) else {
                    return;
                };
                let name = shorten(&self.seats.peers[i].name, 30);
                if lost {
                    // They keep working on their copy; both sides catch up when they are back.
                    self.seats.peers[i].pending = Some(0);
                    self.say(
                        Tone::Warning,
                        format!("Lost the link to {name} ({reason}): keep going, they catch up when they are back."),
                    );
                } else {
                    self.seats.peers.remove(i);
                    self.say(
                        Tone::Warning,
                        format!("{name} left the meeting ({reason})."),
                    );
                }
            }
            LinkEvent::Offline(reason) => {
                self.seats.online = false;
                self.say(
                    Tone::Warning,
                    format!("Offline ({reason}): keep typing, your changes are kept here and sent when the host is back."),
                );
            }
            LinkEvent::Online => {
                self.seats.online = true;
                self.seats.said = None;
                self.greet(Recipients::All, effects);
            }
            LinkEvent::Refused(reason) => {
                self.seats.online = false;
                self.say(Tone::Warning, reason);
            }
            LinkEvent::Ticket(ticket) => {
                self.say(
                    Tone::Warning,
                    format!(
                        "Ticket (copied): {ticket} · On the other laptop: kickoff join TICKET. Send it privately, never in a chat the customer can read; it works once, within the hour."
                    ),
                );
                // Long enough to copy by hand where the terminal has no clipboard.
                if let Some(status) = &mut self.status {
                    status.until = self.now + chrono::Duration::seconds(60);
                }
                effects.push(Effect::Copy(ticket.clone()));
                self.seats.ticket = Some(ticket);
            }
            LinkEvent::TicketFailed(reason) => {
                self.say(Tone::Warning, format!("No ticket: {reason}"));
            }
        }
    }

    /// The first messages to a seat just connected: who this seat is, and what this
    /// document holds (so the other answers with what it lacks).
    fn greet(&mut self, to: Recipients, effects: &mut Vec<Effect>) {
        let Some(shared) = &self.seats.shared else {
            return;
        };
        for bytes in [shared.greeting(), shared.hello()] {
            effects.push(Effect::Send { to, bytes });
        }
        self.seats.said = None;
    }

    /// Lets in, or turns away, the first seat waiting.
    pub(super) fn admit(&mut self, accept: bool, effects: &mut Vec<Effect>) {
        let Some(knock) = self.seats.knocks.pop_front() else {
            self.say(Tone::Info, "Nobody is waiting to join.");
            return;
        };
        effects.push(Effect::Admit {
            peer: knock.peer,
            accept,
        });
        if !accept {
            self.say(
                Tone::Info,
                format!("Turned away {}.", shorten(&knock.name, 30)),
            );
        }
    }

    /// Applies a message from seat `peer`.
    fn take_in(&mut self, peer: u64, bytes: &[u8], effects: &mut Vec<Effect>) {
        if let Some(note) = shared::note_of(bytes) {
            self.take_note(peer, note);
            return;
        }
        if self.seats.peers.iter().any(|p| p.id == peer && p.foreign) {
            return;
        }
        let Some(shared) = self.seats.shared.as_mut() else {
            return;
        };
        let before = (self.meeting.current, self.meeting.phase());
        let received = match shared.receive(bytes, &mut self.meeting) {
            Ok(received) => received,
            Err(error) => {
                self.say(Tone::Warning, error.to_string());
                return;
            }
        };
        if self.seats.role == Role::Joined && !received.reply.is_empty() {
            // The host asked what this seat has: whatever was pending is on its way.
            self.seats.pending = 0;
        }
        for reply in received.reply {
            effects.push(Effect::Send {
                to: Recipients::One(peer),
                bytes: reply,
            });
        }
        if received.relay && self.seats.role == Role::Host && self.seats.peers.len() > 1 {
            effects.push(Effect::Send {
                to: Recipients::AllBut(peer),
                bytes: bytes.to_vec(),
            });
        }
        let on_screen = if before.1 == Phase::Lobby {
            Target::Lobby
        } else {
            Target::Section(before.0)
        };
        let mut touched = false;
        for (edit, span) in received.edits {
            let target = Target::of(edit.section);
            self.edits.push(edit);
            if target == on_screen {
                touched = true;
                if !self.notes.apply_remote(
                    span.from,
                    span.to,
                    &span.inserted,
                    &mut self.notes_view,
                ) {
                    self.reload_notes();
                }
            }
        }
        if received.lists {
            self.dirty = true;
        }
        if received.host {
            self.dirty = true;
            if (self.meeting.current, self.meeting.phase()) != before {
                // The host moved on: this seat follows, with the new section's notes.
                self.fold = true;
                self.notes = super::notes_editor(&mut self.meeting, self.theme);
                self.notes_view = self.notes_view.reset();
                self.drift = None;
                touched = true;
            }
        }
        if touched {
            self.check_drift();
        }
        for note in received.notes {
            self.take_note(peer, note);
        }
    }

    /// Takes in one of the app's own messages from seat `peer`.
    fn take_note(&mut self, peer: u64, note: Note) {
        match note {
            Note::Hello { doc } => {
                let mine = self.seats.shared.as_ref().and_then(Shared::doc_id);
                let foreign = matches!((&mine, &doc), (Some(a), Some(b)) if a != b);
                let Some(p) = self.seats.peers.iter_mut().find(|p| p.id == peer) else {
                    return;
                };
                p.foreign = foreign;
                if foreign {
                    let text = match self.seats.role {
                        Role::Joined => "The host's meeting is not the one this seat holds (the host restarted it without its shared history): nothing is merged. Your copy is kept: quit, then join again.".to_owned(),
                        Role::Host => format!(
                            "{} holds another copy of this meeting: nothing of theirs is merged. Ask them to join again.",
                            shorten(&p.name, 30)
                        ),
                    };
                    self.say(Tone::Warning, text);
                }
            }
            Note::Presence(presence) => {
                if let Some(p) = self.seats.peers.iter_mut().find(|p| p.id == peer) {
                    if self.seats.role == Role::Joined {
                        p.name.clone_from(&presence.name);
                    }
                    p.presence = Some(presence);
                }
            }
            Note::MoveOn { name } if self.seats.role == Role::Host => {
                self.say(
                    Tone::Warning,
                    format!(
                        "{} asks to move on: ^N goes to the next section.",
                        shorten(&name, 30)
                    ),
                );
            }
            Note::MoveOn { .. } => {}
        }
    }

    /// Rebuilds the editor from the model, keeping the cursor's place as far as it goes.
    fn reload_notes(&mut self) {
        let (row, col) = self.notes.cursor();
        self.notes = super::notes_editor(&mut self.meeting, self.theme);
        self.notes.set_cursor(row, col);
    }
}
