//! Carry-forward across three meetings of one account, whose name is written three ways.

use chrono::NaiveDate;
use kickoff::core::agenda::{Agenda, Section};
use kickoff::core::carry;
use kickoff::core::clock::{Clock, FakeClock};
use kickoff::core::export;
use kickoff::core::meeting::{ActionItem, Attendee, Cadence, Meeting, RegularMeeting, Side};

fn agenda(title: &str) -> Agenda {
    Agenda {
        name: title.to_lowercase().replace(' ', "-"),
        title: title.into(),
        description: String::new(),
        minutes: 30,
        checklist: Vec::new(),
        sections: vec![Section {
            title: "Work done since last time".into(),
            minutes: 30,
            goal: String::new(),
            prompts: vec!["Action items from last time".into()],
            tips: Vec::new(),
            captures: Vec::new(),
        }],
    }
}

fn action(text: &str, owner: &str) -> ActionItem {
    ActionItem {
        text: text.into(),
        owner: owner.into(),
        due: NaiveDate::from_ymd_opt(2026, 12, 4),
        ..ActionItem::default()
    }
}

fn person(name: &str, role: &str, side: Side) -> Attendee {
    Attendee {
        name: name.into(),
        role: role.into(),
        side,
        ..Attendee::default()
    }
}

/// Starts a meeting of `account` at the clock's time with what `sessions` carry, as the
/// app does at the start of a meeting.
fn start(
    id: &str,
    account: &str,
    title: &str,
    clock: &FakeClock,
    sessions: &[&Meeting],
) -> (Meeting, carry::CarryForward) {
    let mut m = Meeting::new(id.into(), account.into(), agenda(title), clock.now());
    let carried = carry::forward(&m, sessions.iter().copied());
    carried.apply(&mut m);
    m.start(clock.now());
    (m, carried)
}

fn texts(actions: &[ActionItem]) -> Vec<&str> {
    actions.iter().map(|a| a.text.as_str()).collect()
}

#[test]
fn open_items_attendees_and_the_regular_meeting_carry_across_three_meetings() {
    let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
    let other = Meeting::new(
        "other".into(),
        "Globex".into(),
        agenda("Regular sync"),
        clock.now(),
    );

    // 1. The introductory meeting of "ACME Corp".
    let (mut first, carried) = start("m1", "ACME Corp", "Introductory meeting", &clock, &[&other]);
    assert!(carried.is_empty(), "no earlier meeting of the account");
    first.add_attendee(
        person("Dana Whitfield", "Director", Side::Customer),
        clock.now(),
    );
    first.add_attendee(person("Alex Moreau", "ASE", Side::Gitlab), clock.now());
    first
        .actions
        .push(action("Share the upgrade runbook", "Dana Whitfield"));
    first.actions.push(action("Send the invite", "Alex Moreau"));
    first.actions.push(ActionItem {
        internal: true,
        ..action("Ask the CSA about the renewal", "Alex Moreau")
    });
    first.actions.push(ActionItem {
        not_applicable: true,
        ..action("Migrate the Jenkins jobs", "Dana Whitfield")
    });
    first.actions[1].done = true;
    first.park(
        "Runner autoscaling questions".into(),
        "troubleshooting".into(),
        clock.now(),
    );
    first.park("SSO set-up".into(), String::new(), clock.now());
    first.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::Weekly,
        slot: "Tuesdays 10:00 CET".into(),
        notes: String::new(),
    });
    clock.advance_secs(3600);
    first.end(clock.now());

    // 2. A week later, the regular sync of "acme corporation": it starts with the open
    // items of the first meeting, marked with where they came from.
    clock.advance_secs(7 * 24 * 3600 - 3600 + 24 * 3600);
    let (mut second, carried) = start(
        "m2",
        "acme corporation",
        "Regular sync",
        &clock,
        &[&first, &other],
    );
    assert_eq!(
        carried
            .meetings
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>(),
        vec!["m1"]
    );
    assert_eq!(
        texts(&second.actions),
        vec!["Share the upgrade runbook", "Ask the CSA about the renewal"]
    );
    let from = second.actions[0]
        .carried
        .clone()
        .expect("marked as carried");
    assert_eq!(from.meeting_id, "m1");
    assert_eq!(from.date, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    assert_eq!(from.title, "Introductory meeting");
    assert!(
        second.actions[1].internal,
        "an internal item stays internal"
    );
    assert_eq!(second.parking_lot.len(), 2);
    assert!(
        second
            .parking_lot
            .iter()
            .all(|p| p.carried.is_some() && p.section == 0)
    );
    assert_eq!(second.carried_from, vec!["m1".to_owned()]);
    assert_eq!(second.regular_meeting, first.regular_meeting);
    // Known attendees are offered, not added.
    assert!(second.attendees.is_empty());
    assert_eq!(
        carried
            .attendees
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Dana Whitfield", "Alex Moreau"]
    );
    assert!(carried.attendees.iter().all(|a| a.joined_at.is_none()));
    // Applying twice adds nothing twice.
    carried.apply(&mut second);
    assert_eq!(second.actions.len(), 2);
    assert_eq!(second.parking_lot.len(), 2);

    // In the sync: the runbook is shared, SSO is followed up, a new item is agreed, the
    // internal one stays open, and the runner question is deleted.
    second.actions[0].done = true;
    second
        .actions
        .push(action("Review the upgrade plan", "Alex Moreau"));
    second
        .parking_lot
        .retain(|p| p.text != "Runner autoscaling questions");
    second.parking_lot[0].done = true;
    let now = export::last_known_time(&second);
    let md = export::customer(&second, now);
    assert!(
        md.contains(
            "- [x] Share the upgrade runbook — **Dana Whitfield** (due 2026-12-04) _(carried over from the Introductory meeting of 2026-11-23)_\n"
        ),
        "closing a carried item marks it done in this meeting's export:\n{md}"
    );
    assert!(
        md.contains(
            "- [x] SSO set-up _(carried over from the Introductory meeting of 2026-11-23)_\n"
        ),
        "{md}"
    );
    assert!(!md.contains("renewal"), "{md}");
    clock.advance_secs(1800);
    second.end(clock.now());

    // 3. The next sync, under yet another spelling: what the second meeting closed or
    // deleted stays closed; what it left open carries again, once, from where it began.
    clock.advance_secs(7 * 24 * 3600);
    let (third, carried) = start(
        "m3",
        "  Acme, Inc. ",
        "Regular sync",
        &clock,
        &[&second, &other, &first],
    );
    assert_eq!(
        carried
            .meetings
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>(),
        vec!["m1", "m2"]
    );
    assert_eq!(
        texts(&third.actions),
        vec!["Ask the CSA about the renewal", "Review the upgrade plan"]
    );
    assert_eq!(
        third.actions[0]
            .carried
            .as_ref()
            .map(|c| c.meeting_id.as_str()),
        Some("m1")
    );
    assert_eq!(
        third.actions[1]
            .carried
            .as_ref()
            .map(|c| c.meeting_id.as_str()),
        Some("m2")
    );
    assert!(third.parking_lot.is_empty(), "{:?}", third.parking_lot);
    assert_eq!(third.carried_from, vec!["m1".to_owned(), "m2".to_owned()]);
}

#[test]
fn a_meeting_that_carried_nothing_adds_its_own_open_items() {
    // Two older sessions, neither of which carried anything: both add what they left open.
    let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
    let mut a = Meeting::new(
        "a".into(),
        "ACME".into(),
        agenda("Introductory meeting"),
        clock.now(),
    );
    a.actions.push(action("One", ""));
    clock.advance_secs(7 * 24 * 3600);
    let mut b = Meeting::new(
        "b".into(),
        "acme".into(),
        agenda("Regular sync"),
        clock.now(),
    );
    b.actions.push(action("Two", ""));
    clock.advance_secs(7 * 24 * 3600);
    let (c, _) = start("c", "ACME GmbH", "Regular sync", &clock, &[&b, &a]);
    assert_eq!(texts(&c.actions), vec!["One", "Two"]);
}
