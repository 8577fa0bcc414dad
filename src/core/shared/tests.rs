//! Two seats in one process, their messages carried by hand: what each seat sees, how
//! concurrent typing merges, and what happens across a disconnect.

use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;

use super::splice::{LineSplice, Span};
use super::*;
use crate::core::meeting::ActionItem;
use crate::core::notes::NoteChange;
use crate::core::sample;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T14:20:00+01:00").unwrap()
}

/// One seat: its document, its meeting and what it has still to send.
struct Seat {
    shared: Shared,
    meeting: Meeting,
    outbox: Vec<Vec<u8>>,
    /// Line edits that arrived from the other seat, as the editor would be told.
    arrived: Vec<(Target, LineSplice)>,
}

impl Seat {
    fn host(meeting: Meeting) -> Self {
        Self {
            shared: Shared::host(&meeting),
            meeting,
            outbox: Vec::new(),
            arrived: Vec::new(),
        }
    }

    /// A seat joined to `host`: the hello exchange, then the meeting read from the document.
    fn join(host: &mut Seat) -> Self {
        let mut shared = Shared::joined();
        let mut scratch = host.meeting.clone();
        let hello = shared.hello();
        let answer = host.shared.receive(&hello, &mut scratch).unwrap();
        for reply in answer.reply {
            let mut empty = host.meeting.clone();
            shared.receive(&reply, &mut empty).unwrap();
        }
        let meeting = shared.meeting().unwrap();
        Self {
            shared,
            meeting,
            outbox: Vec::new(),
            arrived: Vec::new(),
        }
    }

    fn section(&self) -> Target {
        Target::Section(self.meeting.current)
    }

    fn lines(&self, target: Target) -> Vec<Line> {
        self.notes(target).lines().map(Line::from).collect()
    }

    fn notes(&self, target: Target) -> Notes {
        target.notes(&self.meeting).unwrap().clone()
    }

    /// Replaces line `row` of `target` as the editor would after a key.
    fn set_line(&mut self, target: Target, row: usize, line: &str) {
        let old = self.notes(target);
        let new = vec![Line::from(line)];
        if let Some(msg) = self.shared.local_edit(target, &old, row, 1, &new) {
            self.outbox.push(msg);
        }
        target
            .notes_mut(&mut self.meeting)
            .unwrap()
            .splice(row, 1, &new);
    }

    /// Inserts `c` at byte `col` of line `row`.
    fn type_char(&mut self, target: Target, row: usize, col: usize, c: char) {
        let mut line = self.lines(target)[row].to_string();
        line.insert(col, c);
        self.set_line(target, row, &line);
    }

    /// Appends new lines at the end of `target`'s notes.
    fn add_lines(&mut self, target: Target, new: &[&str]) {
        let old = self.notes(target);
        let new: Vec<Line> = new.iter().map(|s| Line::from(*s)).collect();
        let end = old.line_count();
        if let Some(msg) = self.shared.local_edit(target, &old, end, 0, &new) {
            self.outbox.push(msg);
        }
        target
            .notes_mut(&mut self.meeting)
            .unwrap()
            .splice(end, 0, &new);
    }

    fn state_changed(&mut self) {
        if let Some(msg) = self.shared.local_state(&self.meeting) {
            self.outbox.push(msg);
        }
    }
}

/// The arrived edits as the lines each replaced, worked out from the notes `before` them,
/// for following a cursor through them.
fn line_edits(mut before: Meeting, edits: &[(NoteEdit, Span)]) -> Vec<(Target, LineSplice)> {
    edits
        .iter()
        .map(|(edit, _)| {
            let target = Target::of(edit.section);
            let line = match &edit.change {
                NoteChange::Splice { line, .. } => {
                    let mut after = target.notes(&before).unwrap().clone();
                    after.apply(&edit.change);
                    LineSplice {
                        start: *line,
                        removed: 1,
                        lines: vec![Line::from(&after[*line])],
                    }
                }
                NoteChange::Lines {
                    start,
                    removed,
                    lines,
                } => LineSplice {
                    start: *start,
                    removed: *removed,
                    lines: lines.clone(),
                },
            };
            before.apply_note_edit(edit);
            (target, line)
        })
        .collect()
}

/// Delivers everything `from` has to send to `to`, and `to`'s replies back.
fn deliver(from: &mut Seat, to: &mut Seat) {
    for msg in std::mem::take(&mut from.outbox) {
        let before = to.meeting.clone();
        let received = to.shared.receive(&msg, &mut to.meeting).unwrap();
        to.arrived.extend(line_edits(before, &received.edits));
        for reply in received.reply {
            let before = from.meeting.clone();
            let back = from.shared.receive(&reply, &mut from.meeting).unwrap();
            from.arrived.extend(line_edits(before, &back.edits));
        }
    }
}

/// Both seats say what they have and answer with what the other lacks (a reconnect).
fn resync(a: &mut Seat, b: &mut Seat) {
    a.outbox.push(a.shared.hello());
    b.outbox.push(b.shared.hello());
    deliver(a, b);
    deliver(b, a);
}

fn started() -> Meeting {
    let mut m = sample::typical_meeting(now());
    m.current = 1;
    m
}

#[test]
fn a_joined_seat_sees_the_hosts_meeting() {
    let mut host = Seat::host(started());
    let joined = Seat::join(&mut host);
    assert_eq!(joined.meeting, host.meeting);
    assert_eq!(joined.shared.role(), Role::Joined);
}

#[test]
fn a_note_typed_on_one_seat_appears_on_the_other_as_the_same_line_edit() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    let target = joined.section();
    joined.add_lines(target, &["Priya = DRI for the rollout"]);
    deliver(&mut joined, &mut host);
    assert_eq!(host.lines(target), joined.lines(target));
    assert_eq!(host.arrived.len(), 1, "{:?}", host.arrived);
    assert_eq!(
        host.arrived[0].1.lines.last().unwrap(),
        "Priya = DRI for the rollout"
    );
}

#[test]
fn two_people_typing_on_one_line_keep_every_character() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    let target = host.section();
    host.add_lines(target, &["runners: "]);
    deliver(&mut host, &mut joined);
    let row = host.lines(target).len() - 1;
    // Both type at the end of the same line before either hears of the other.
    for (i, (a, b)) in "shared".chars().zip("FLEET!".chars()).enumerate() {
        host.type_char(target, row, 9 + i, a);
        joined.type_char(target, row, 9 + i, b);
    }
    deliver(&mut host, &mut joined);
    deliver(&mut joined, &mut host);
    let line = &host.lines(target)[row];
    assert_eq!(host.lines(target), joined.lines(target));
    // Each person's run of characters stays together.
    assert!(line.contains("shared") && line.contains("FLEET!"), "{line}");
    assert_eq!(line.len(), "runners: ".len() + 12);
}

#[test]
fn edits_on_both_sides_of_a_disconnect_meet_on_reconnect() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    let target = host.section();
    // The link is down: messages are lost, both keep working.
    host.add_lines(target, &["host while offline"]);
    joined.add_lines(target, &["note-taker while offline"]);
    joined.meeting.actions.push(ActionItem {
        text: "Send the runbook".into(),
        ..Default::default()
    });
    joined.state_changed();
    host.outbox.clear();
    joined.outbox.clear();
    resync(&mut host, &mut joined);
    assert_eq!(host.lines(target), joined.lines(target));
    let lines = host.lines(target);
    assert!(
        lines.contains(&Line::from("host while offline")),
        "{lines:?}"
    );
    assert!(
        lines.contains(&Line::from("note-taker while offline")),
        "{lines:?}"
    );
    assert_eq!(host.meeting.actions, joined.meeting.actions);
    assert!(
        host.meeting
            .actions
            .iter()
            .any(|a| a.text == "Send the runbook")
    );
}

#[test]
fn action_items_added_on_both_seats_are_all_kept() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    let before = host.meeting.actions.len();
    host.meeting.actions.push(ActionItem {
        text: "ASE: share the onboarding deck".into(),
        ..Default::default()
    });
    joined.meeting.actions.push(ActionItem {
        text: "Customer: list the runner hosts".into(),
        ..Default::default()
    });
    host.state_changed();
    joined.state_changed();
    deliver(&mut host, &mut joined);
    deliver(&mut joined, &mut host);
    assert_eq!(host.meeting.actions, joined.meeting.actions);
    assert_eq!(host.meeting.actions.len(), before + 2);
}

#[test]
fn the_agenda_position_belongs_to_the_host() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    host.meeting.current = 2;
    host.state_changed();
    deliver(&mut host, &mut joined);
    assert_eq!(joined.meeting.current, 2);
    // A joined seat does not write the host's state; a forged one is written over.
    joined.meeting.current = 4;
    joined.state_changed();
    assert!(joined.outbox.is_empty(), "a joined seat sent host state");
    let mut other = joined.meeting.clone();
    other.current = 4;
    let msg = {
        let mut seat = Seat {
            shared: Seat::join(&mut host).shared,
            meeting: other,
            outbox: Vec::new(),
            arrived: Vec::new(),
        };
        seat.shared.role = Role::Host;
        seat.state_changed();
        seat.outbox.pop().unwrap()
    };
    let received = host.shared.receive(&msg, &mut host.meeting).unwrap();
    assert_eq!(host.meeting.current, 2);
    assert_eq!(
        received.reply.len(),
        1,
        "the host writes its own state back"
    );
    let mut joined_copy = joined.meeting.clone();
    joined.shared.receive(&msg, &mut joined_copy).unwrap();
    joined
        .shared
        .receive(&received.reply[0], &mut joined_copy)
        .unwrap();
    assert_eq!(joined_copy.current, 2);
}

#[test]
fn a_saved_document_keeps_its_history_and_takes_later_changes() {
    let mut host = Seat::host(started());
    let mut joined = Seat::join(&mut host);
    let target = host.section();
    let saved = host.shared.encode_state();
    // Typed after the fold, journaled, then the host restarts.
    host.add_lines(target, &["after the fold"]);
    host.outbox.clear();
    let restarted = Shared::host_from_state(&saved, &host.meeting).unwrap();
    let mut host = Seat {
        shared: restarted,
        meeting: host.meeting,
        outbox: Vec::new(),
        arrived: Vec::new(),
    };
    joined.add_lines(target, &["meanwhile on the second seat"]);
    resync(&mut host, &mut joined);
    let lines = joined.lines(target);
    assert_eq!(host.lines(target), lines);
    assert_eq!(
        lines.iter().filter(|l| *l == "after the fold").count(),
        1,
        "{lines:?}"
    );
    assert!(lines.contains(&Line::from("meanwhile on the second seat")));
    // The text the seats shared before the restart is there once, not twice.
    assert_eq!(
        lines.len(),
        started().sections[1].notes.lines().len() + 2,
        "{lines:?}"
    );
}

#[test]
fn garbage_from_the_other_seat_is_an_error_not_a_panic() {
    let mut host = Seat::host(started());
    let mut meeting = host.meeting.clone();
    assert!(
        host.shared
            .receive(&[0xff, 0x13, 0x02], &mut meeting)
            .is_err()
    );
    assert!(host.shared.receive(&[], &mut meeting).is_err());
}

#[test]
fn presence_and_requests_travel_as_notes() {
    let mut host = Seat::host(started());
    let mut meeting = host.meeting.clone();
    let note = Note::MoveOn {
        name: "Dana".into(),
    };
    let received = host
        .shared
        .receive(&Shared::note(&note), &mut meeting)
        .unwrap();
    assert_eq!(received.notes, vec![note]);
    assert!(received.edits.is_empty() && !received.relay);
}

/// One step of a randomised session: who types what, and when messages get through.
#[derive(Debug, Clone)]
enum Step {
    Type { host: bool, c: char },
    Enter { host: bool },
    Deliver { to_host: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (any::<bool>(), prop_oneof![Just('a'), Just('é'), Just('z'), Just(' '), Just('漢')])
            .prop_map(|(host, c)| Step::Type { host, c }),
        1 => any::<bool>().prop_map(|host| Step::Enter { host }),
        3 => any::<bool>().prop_map(|to_host| Step::Deliver { to_host }),
    ]
}

/// A seat's cursor in `target`, moved the way an editor moves it when the other seat's
/// edits arrive: kept on the same character.
fn follow(
    cursor: &mut (usize, usize),
    arrived: &[(Target, LineSplice)],
    old_lines: &mut Vec<Line>,
) {
    for (_, edit) in arrived {
        let (row, col) = *cursor;
        let end = edit.start + edit.removed;
        if row >= end {
            *cursor = (row + edit.lines.len() - edit.removed, col);
        } else if row >= edit.start {
            // The cursor's line was rewritten: keep its distance from the line's end.
            let from_end = old_lines[row].len() - col;
            let new_row = (edit.start + edit.lines.len() - 1).min(edit.start + (row - edit.start));
            let line = &edit.lines[new_row - edit.start];
            let mut c = line.len().saturating_sub(from_end);
            while !line.is_char_boundary(c) {
                c -= 1;
            }
            *cursor = (new_row, c);
        }
        old_lines.splice(edit.start..end, edit.lines.iter().cloned());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two people type into one section in any interleaving of keys and deliveries: both
    /// end with the same text, and it holds every character either of them kept.
    #[test]
    fn concurrent_typing_converges_and_keeps_every_character(steps in proptest::collection::vec(step(), 1..120)) {
        let mut base = started();
        base.sections[1].notes = Notes::from("shared line");
        let mut host = Seat::host(base);
        let mut joined = Seat::join(&mut host);
        let target = Target::Section(1);
        let mut cursors = [(0usize, 11usize), (0usize, 11usize)];
        let mut typed = [0usize, 0usize];
        for step in steps {
            match step {
                Step::Type { host: h, c } => {
                    let (seat, cur) = if h { (&mut host, &mut cursors[0]) } else { (&mut joined, &mut cursors[1]) };
                    seat.type_char(target, cur.0, cur.1, c);
                    cur.1 += c.len_utf8();
                    typed[usize::from(!h)] += 1;
                }
                Step::Enter { host: h } => {
                    let (seat, cur) = if h { (&mut host, &mut cursors[0]) } else { (&mut joined, &mut cursors[1]) };
                    let old = seat.notes(target);
                    let line = &old[cur.0];
                    let new = vec![Line::from(&line[..cur.1]), Line::from(&line[cur.1..])];
                    if let Some(msg) = seat.shared.local_edit(target, &old, cur.0, 1, &new) {
                        seat.outbox.push(msg);
                    }
                    target.notes_mut(&mut seat.meeting).unwrap().splice(cur.0, 1, &new);
                    *cur = (cur.0 + 1, 0);
                }
                Step::Deliver { to_host } => {
                    let (from, to, i) = if to_host { (&mut joined, &mut host, 0) } else { (&mut host, &mut joined, 1) };
                    let mut old = to.lines(target);
                    deliver(from, to);
                    let arrived = std::mem::take(&mut to.arrived);
                    follow(&mut cursors[i], &arrived, &mut old);
                    prop_assert_eq!(&old, &to.lines(target));
                }
            }
        }
        deliver(&mut host, &mut joined);
        deliver(&mut joined, &mut host);
        let text = host.lines(target).join("\n");
        prop_assert_eq!(&text, &joined.lines(target).join("\n"));
        prop_assert_eq!(host.meeting.clone(), joined.meeting.clone());
        // Nothing was lost or doubled.
        let count = text.chars().filter(|c| *c != '\n').count();
        prop_assert_eq!(count, "shared line".chars().count() + typed[0] + typed[1]);
    }
}

#[test]
fn a_seat_knows_which_document_it_holds() {
    let mut host = Seat::host(started());
    let joined = Seat::join(&mut host);
    let id = host.shared.doc_id().unwrap();
    assert_eq!(joined.shared.doc_id(), Some(id.clone()));
    assert_eq!(
        note_of(&joined.shared.greeting()),
        Some(Note::Hello {
            doc: Some(id.clone())
        })
    );
    // Another host's document of the same meeting is another document.
    let other = Shared::host(&host.meeting);
    assert_ne!(other.doc_id(), Some(id));
    assert_eq!(Shared::joined().doc_id(), None);
    assert_eq!(note_of(&host.shared.hello()), None);
}

#[test]
fn a_character_typed_in_a_long_line_arrives_as_a_splice_of_that_line() {
    let mut base = started();
    base.sections[1].notes = Notes::from("x".repeat(100_000));
    let mut host = Seat::host(base);
    let mut joined = Seat::join(&mut host);
    let target = Target::Section(1);
    joined.type_char(target, 0, 50_000, 'é');
    let msg = joined.outbox.pop().unwrap();
    let received = host.shared.receive(&msg, &mut host.meeting).unwrap();
    let [(edit, _)] = received.edits.as_slice() else {
        panic!("one edit: {:?}", received.edits.len());
    };
    assert_eq!(
        edit.change,
        NoteChange::Splice {
            line: 0,
            at: 50_000,
            cut: 0,
            text: "é".into()
        }
    );
    assert_eq!(host.lines(target), joined.lines(target));
}
