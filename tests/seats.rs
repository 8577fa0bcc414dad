//! Two seats of one meeting, each a whole meeting screen (app, shell, keys), joined by a
//! link in memory: what each seat sees and may do.

mod common;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use common::{TestApp, app, ctrl, draw, key, press, type_text};
use crossterm::event::{KeyCode, KeyModifiers};
use kickoff::core::clock::Clock;
use kickoff::core::shared::{Note, Shared};
use kickoff::tui::Link;
use kickoff::tui::action::{LinkEvent, Recipients};
use kickoff::tui::app::{App, Seats, Settings};
use kickoff::tui::{Disk, Shell};

/// One end of a link in memory: what it sends lands in the other end's inbox.
struct MemLink {
    inbox: Rc<RefCell<VecDeque<LinkEvent>>>,
    other: Rc<RefCell<VecDeque<LinkEvent>>>,
    /// The number the other end knows this end by.
    me: u64,
    /// Whether messages get through.
    up: Rc<RefCell<bool>>,
    admitted: Rc<RefCell<Vec<(u64, bool)>>>,
}

impl Link for MemLink {
    fn send(&mut self, _to: Recipients, bytes: Vec<u8>) {
        if *self.up.borrow() {
            self.other.borrow_mut().push_back(LinkEvent::Data {
                peer: self.me,
                bytes,
            });
        }
    }
    fn admit(&mut self, peer: u64, accept: bool) {
        self.admitted.borrow_mut().push((peer, accept));
    }
    fn invite(&mut self) {
        self.inbox
            .borrow_mut()
            .push_back(LinkEvent::Ticket("kickoff1-test-ticket".into()));
    }
    fn poll(&mut self) -> Option<LinkEvent> {
        self.inbox.borrow_mut().pop_front()
    }
}

/// The two ends' shared state: each end's inbox, whether messages get through, and
/// what the host let in or turned away.
#[derive(Clone, Default)]
struct Wire {
    host_inbox: Rc<RefCell<VecDeque<LinkEvent>>>,
    joined_inbox: Rc<RefCell<VecDeque<LinkEvent>>>,
    up: Rc<RefCell<bool>>,
    admitted: Rc<RefCell<Vec<(u64, bool)>>>,
}

impl Wire {
    /// The host's end (the joined seat knows it as seat 0).
    fn host_end(&self) -> MemLink {
        self.end(&self.host_inbox, &self.joined_inbox, 0)
    }

    /// The joined seat's end (the host knows it as seat 1).
    fn joined_end(&self) -> MemLink {
        self.end(&self.joined_inbox, &self.host_inbox, 1)
    }

    fn end(
        &self,
        inbox: &Rc<RefCell<VecDeque<LinkEvent>>>,
        other: &Rc<RefCell<VecDeque<LinkEvent>>>,
        me: u64,
    ) -> MemLink {
        MemLink {
            inbox: inbox.clone(),
            other: other.clone(),
            me,
            up: self.up.clone(),
            admitted: self.admitted.clone(),
        }
    }
}

struct Pair {
    host: TestApp,
    joined: TestApp,
    wire: Wire,
}

impl Pair {
    /// Carries messages both ways until neither side has anything more to say.
    fn settle(&mut self) {
        for _ in 0..20 {
            let a = self.host.pump();
            let b = self.joined.pump();
            if !a && !b {
                return;
            }
        }
        panic!("the seats kept talking");
    }

    /// The joined seat's link is back: it goes online, and the host sees it join again
    /// under a new number, as a reconnecting link reports it.
    fn reconnect(&mut self) {
        self.wire
            .joined_inbox
            .borrow_mut()
            .push_back(LinkEvent::Online);
        self.wire
            .host_inbox
            .borrow_mut()
            .push_back(LinkEvent::Joined {
                peer: 2,
                name: "Dana".into(),
                remote: false,
            });
    }
}

/// A host in a started meeting and a seat joined to it the way `kickoff join` does it.
fn pair() -> Pair {
    let (mut host, clock) = app(None);
    ctrl(&mut host, 'n');
    type_text(&mut host, "Welcome, everyone");
    let wire = Wire::default();
    *wire.up.borrow_mut() = true;
    let host = TestApp {
        shell: Shell::new(
            App::new(host.meeting().clone(), Settings::default(), clock.now())
                .with_seats(Seats::host("Asha".into())),
            Disk::none(),
            Box::new(clock.clone()),
        )
        .with_link(Box::new(wire.host_end())),
        copied: None,
        quit: false,
        suspended: false,
    };
    // The joining side: connect, say what it has, take the host's document.
    wire.host_inbox.borrow_mut().push_back(LinkEvent::Joined {
        peer: 1,
        name: "Dana".into(),
        remote: false,
    });
    let mut shared = Shared::joined();
    wire.host_inbox.borrow_mut().push_back(LinkEvent::Data {
        peer: 1,
        bytes: shared.hello(),
    });
    let mut host = host;
    let mut host_name = "the host".to_owned();
    let mut host_at = None;
    for _ in 0..10 {
        host.shell.pump();
        let waiting: Vec<LinkEvent> = wire.joined_inbox.borrow_mut().drain(..).collect();
        for event in waiting {
            if let LinkEvent::Data { bytes, .. } = event {
                let (replies, notes) = shared.absorb(&bytes).unwrap();
                for bytes in replies {
                    wire.host_inbox
                        .borrow_mut()
                        .push_back(LinkEvent::Data { peer: 1, bytes });
                }
                for note in notes {
                    if let Note::Presence(p) = note {
                        host_name.clone_from(&p.name);
                        host_at = Some(p);
                    }
                }
            }
        }
        if shared.meeting().is_ok() {
            break;
        }
    }
    let meeting = shared.meeting().unwrap();
    let joined = TestApp {
        shell: Shell::new(
            App::new(meeting, Settings::default(), clock.now()).with_seats(Seats::joined(
                "Dana".into(),
                shared,
                host_name,
                host_at,
            )),
            Disk::none(),
            Box::new(clock.clone()),
        )
        .with_link(Box::new(wire.joined_end())),
        copied: None,
        quit: false,
        suspended: false,
    };
    let mut pair = Pair { host, joined, wire };
    pair.settle();
    pair
}

/// Replaces the host with a new process of the same meeting (`meeting`, saving to `disk`),
/// linked to the joined seat again, with `seats` as its part.
fn restart_host(p: &mut Pair, meeting: kickoff::core::meeting::Meeting, seats: Seats, disk: Disk) {
    let clock = Rc::new(kickoff::core::clock::FakeClock::at(
        "2026-11-23T14:05:00+01:00",
    ));
    p.host.shell = Shell::new(
        App::new(meeting, Settings::default(), clock.now()).with_seats(seats),
        disk,
        Box::new(clock),
    )
    .with_link(Box::new(p.wire.host_end()));
}

fn notes(app: &TestApp) -> Vec<String> {
    app.notes().notes().lines().map(str::to_owned).collect()
}

fn screen(app: &mut TestApp) -> String {
    let terminal = draw(app, 120, 40);
    let buffer = terminal.backend().buffer().clone();
    (0..40)
        .map(|y| {
            (0..120)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draws `app` and checks the screen shows every one of `needles`; returns the screen.
fn shows(app: &mut TestApp, needles: &[&str]) -> String {
    let screen = screen(app);
    for needle in needles {
        assert!(
            screen.contains(needle),
            "{needle:?} is not on screen:\n{screen}"
        );
    }
    screen
}

#[test]
fn the_joined_seat_sees_the_hosts_meeting_and_who_is_connected() {
    let mut p = pair();
    assert_eq!(p.joined.meeting(), p.host.meeting());
    assert_eq!(notes(&p.joined), ["Welcome, everyone"]);
    shows(&mut p.host, &["Seats you (host) · Dana (this machine)"]);
    // The host's place is known from the first sync; its footer offers what a joined
    // seat does: ^N asks the host, and no pause key.
    let joined_screen = shows(
        &mut p.joined,
        &[
            "you (joined) · Asha (host): \"Introduce yourself\", line 1",
            "online",
            "^N ask to move on",
        ],
    );
    assert!(!joined_screen.contains("^Space"), "{joined_screen}");
}

#[test]
fn notes_typed_on_either_seat_appear_on_the_other() {
    let mut p = pair();
    key(&mut p.joined, KeyCode::Enter);
    type_text(&mut p.joined, "Priya: DRI for the rollout");
    p.settle();
    assert_eq!(
        notes(&p.host),
        ["Welcome, everyone", "Priya: DRI for the rollout"]
    );
    type_text(&mut p.host, " (confirmed)");
    p.settle();
    assert_eq!(notes(&p.joined), notes(&p.host));
    // The host's cursor stayed at the end of its own line, so its typing landed there.
    assert_eq!(notes(&p.host)[0], "Welcome, everyone (confirmed)");
    shows(
        &mut p.host,
        &["Dana (this machine): \"Introduce yourself\", line 2"],
    );
}

#[test]
fn typing_at_the_same_time_keeps_both_peoples_characters() {
    let mut p = pair();
    // Neither hears of the other until both have typed.
    for (a, b) in "runner".chars().zip("GITALY".chars()) {
        key(&mut p.host, KeyCode::Char(a));
        key(&mut p.joined, KeyCode::Char(b));
    }
    p.settle();
    let line = notes(&p.host)[0].clone();
    assert_eq!(notes(&p.joined), notes(&p.host));
    assert!(line.contains("runner") && line.contains("GITALY"), "{line}");
    // Each cursor is still after its owner's own text.
    key(&mut p.host, KeyCode::Char('s'));
    key(&mut p.joined, KeyCode::Char('!'));
    p.settle();
    let line = notes(&p.host)[0].clone();
    assert!(
        line.contains("runners") && line.contains("GITALY!"),
        "{line}"
    );
}

#[test]
fn the_agenda_belongs_to_the_host_and_a_joined_seat_asks_to_move_on() {
    let mut p = pair();
    let section = p.host.meeting().current;
    ctrl(&mut p.joined, 'n');
    p.settle();
    assert_eq!(
        p.host.meeting().current,
        section,
        "only the host moves the agenda"
    );
    let status = p.host.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("Dana asks to move on"), "{status}");
    ctrl(&mut p.host, 'n');
    p.settle();
    assert_eq!(p.joined.meeting().current, section + 1);
    // The joined seat follows, with the new section's (empty) notes.
    assert_eq!(notes(&p.joined), [""]);
    // The timer, the prompts and the regular meeting too belong to the host.
    press(&mut p.joined, KeyCode::Char(' '), KeyModifiers::CONTROL);
    press(&mut p.joined, KeyCode::Char('1'), KeyModifiers::ALT);
    key(&mut p.joined, KeyCode::Tab);
    key(&mut p.joined, KeyCode::Char(' '));
    key(&mut p.joined, KeyCode::Esc);
    ctrl(&mut p.joined, 'r');
    assert!(
        p.joined.form().is_none(),
        "no regular meeting form on a joined seat"
    );
    p.settle();
    assert_eq!(p.joined.meeting().phase(), p.host.meeting().phase());
    assert_eq!(p.joined.meeting(), p.host.meeting());
    assert!(
        p.joined.meeting().sections[section + 1]
            .ticked
            .iter()
            .all(|t| !t),
        "no prompt was ticked from the joined seat"
    );
}

#[test]
fn action_items_and_attendees_from_both_seats_are_kept() {
    let mut p = pair();
    common::add_attendee(
        &mut p.joined,
        ["Priya Raman", "SRE lead", "Europe/Berlin", "runners"],
        0,
        [true, false, true],
    );
    ctrl(&mut p.host, 'o');
    type_text(&mut p.host, "Share the onboarding deck");
    key(&mut p.host, KeyCode::Enter);
    p.settle();
    assert_eq!(p.host.meeting().attendees, p.joined.meeting().attendees);
    assert_eq!(p.host.meeting().actions, p.joined.meeting().actions);
    assert!(
        p.host
            .meeting()
            .attendees
            .iter()
            .any(|a| a.name == "Priya Raman")
    );
    assert!(
        p.joined
            .meeting()
            .actions
            .iter()
            .any(|a| a.text == "Share the onboarding deck")
    );
}

#[test]
fn offline_work_is_counted_and_sent_when_the_host_is_back() {
    let mut p = pair();
    *p.wire.up.borrow_mut() = false;
    p.wire
        .joined_inbox
        .borrow_mut()
        .push_back(LinkEvent::Offline("the host's laptop went to sleep".into()));
    p.settle();
    p.wire.host_inbox.borrow_mut().push_back(LinkEvent::Left {
        peer: 1,
        reason: "connection lost: timed out".into(),
        lost: true,
    });
    p.settle();
    key(&mut p.joined, KeyCode::Enter);
    type_text(&mut p.joined, "typed offline");
    type_text(&mut p.host, " and more");
    shows(&mut p.joined, &["offline, 14 changes pending"]);
    shows(
        &mut p.host,
        &["Dana (this machine): offline, 9 changes pending"],
    );
    *p.wire.up.borrow_mut() = true;
    p.reconnect();
    p.settle();
    // Both typed at the end of the first line: which run comes first there is the
    // document's choice (the same on both seats), and every character is kept.
    assert_eq!(notes(&p.joined), notes(&p.host));
    let text = notes(&p.host).join("\n");
    assert!(text.starts_with("Welcome, everyone"), "{text}");
    assert!(
        text.contains(" and more") && text.contains("typed offline"),
        "{text}"
    );
    assert_eq!(
        text.len(),
        "Welcome, everyone and more\ntyped offline".len(),
        "{text}"
    );
    assert!(!screen(&mut p.joined).contains("pending"));
    let host_screen = screen(&mut p.host);
    assert!(!host_screen.contains("pending"), "{host_screen}");
    assert_eq!(p.host.seats().peers().len(), 1, "the seat is listed once");
}

#[test]
fn the_host_lets_in_or_turns_away_someone_with_a_ticket() {
    let mut p = pair();
    ctrl(&mut p.host, 'b');
    p.settle();
    assert_eq!(p.host.copied.as_deref(), Some("kickoff1-test-ticket"));
    let status = p.host.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(
        status.contains("never in a chat the customer can read"),
        "{status}"
    );
    p.wire.host_inbox.borrow_mut().push_back(LinkEvent::Knock {
        peer: 7,
        name: "Lee".into(),
        fingerprint: "3f9a2c".into(),
    });
    p.settle();
    assert!(screen(&mut p.host).contains("Lee (key 3f9a2c) asks to join"));
    press(&mut p.host, KeyCode::Char('n'), KeyModifiers::ALT);
    assert_eq!(*p.wire.admitted.borrow(), [(7, false)]);
    assert!(!screen(&mut p.host).contains("asks to join"));
    // A joined seat makes no tickets.
    ctrl(&mut p.joined, 'b');
    p.settle();
    assert_eq!(p.joined.copied, None);
}

#[test]
fn a_restarted_host_without_the_shared_history_is_not_merged_into_the_joined_seat() {
    let mut p = pair();
    key(&mut p.joined, KeyCode::Enter);
    type_text(&mut p.joined, "kept on the joined seat");
    p.settle();
    let before = notes(&p.joined);
    // The host's process ends and a new one opens the same meeting with a new document.
    let meeting = p.host.meeting().clone();
    restart_host(&mut p, meeting, Seats::host("Asha".into()), Disk::none());
    p.reconnect();
    p.settle();
    assert_eq!(notes(&p.joined), before, "nothing was doubled");
    assert_eq!(
        notes(&p.host),
        before,
        "nothing was doubled on the host either"
    );
    let status = p
        .joined
        .status()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("not the one this seat holds"), "{status}");
}

#[test]
fn a_restarted_host_keeps_the_shared_history_and_takes_the_offline_work() {
    let mut p = pair();
    let dir = tempfile::tempdir().unwrap();
    let store = kickoff::core::store::Store::open(dir.path()).unwrap();
    p.host.shell.disk = Disk::in_place(store.clone());
    p.host.shell.save_now();
    // A pause folds the journal, and with it the shared document.
    press(&mut p.host, KeyCode::Char(' '), KeyModifiers::CONTROL);
    p.settle();
    let id = p.host.meeting().id.clone();
    let saved = store
        .load_shared(&id)
        .expect("the fold saved the shared document");
    // The host's process ends; the joined seat works on offline.
    *p.wire.up.borrow_mut() = false;
    p.wire
        .joined_inbox
        .borrow_mut()
        .push_back(LinkEvent::Offline("the host is gone".into()));
    p.settle();
    key(&mut p.joined, KeyCode::Enter);
    type_text(&mut p.joined, "written while the host was away");
    let meeting = store.load(&id).unwrap();
    let seats = Seats::host("Asha".into()).with_saved(Some(saved));
    restart_host(&mut p, meeting, seats, Disk::in_place(store));
    *p.wire.up.borrow_mut() = true;
    p.reconnect();
    p.settle();
    assert_eq!(
        notes(&p.host),
        ["Welcome, everyone", "written while the host was away"]
    );
    assert_eq!(notes(&p.joined), notes(&p.host));
}

#[test]
fn a_note_the_other_seat_types_where_this_seat_waits_comes_before_this_seats_next_note() {
    let mut p = pair();
    ctrl(&mut p.host, 'n');
    p.settle();
    // Both seats stand at the start of the new section's empty notes.
    type_text(&mut p.host, "Asha: ASE, four years at GitLab");
    p.settle();
    key(&mut p.joined, KeyCode::Enter);
    type_text(&mut p.joined, "Priya: SRE lead");
    p.settle();
    assert_eq!(
        notes(&p.host),
        ["Asha: ASE, four years at GitLab", "Priya: SRE lead"]
    );
    assert_eq!(notes(&p.joined), notes(&p.host));
}
