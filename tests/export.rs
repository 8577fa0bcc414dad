//! Markdown export: golden files for the customer-facing output, determinism, and hostile
//! text that must not break the document's structure.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden files in `tests/golden/` after an
//! intended change, then review the diff as the customer would read it.

use std::path::PathBuf;

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use kickoff::core::agenda::{Agenda, Capture, Section};
use kickoff::core::cadence::Recurrence;
use kickoff::core::clock::{Clock, FakeClock};
use kickoff::core::drift::FindingKind;
use kickoff::core::export::{self, to_markdown, to_markdown_at};
use kickoff::core::meeting::{
    ActionItem, Attendee, Cadence, DriftOutcome, Meeting, RegularMeeting, Side,
};
use kickoff::core::slots::Slot;
use kickoff::core::zone::iana;

fn section(title: &str, minutes: u32, goal: &str, prompts: &[&str]) -> Section {
    Section {
        title: title.into(),
        minutes,
        goal: goal.into(),
        prompts: prompts.iter().map(|p| (*p).into()).collect(),
        tips: vec!["A tip for the ASE, never exported.".into()],
        captures: vec![Capture::Notes],
    }
}

/// The introductory meeting, written out by hand.
fn introductory() -> Agenda {
    Agenda {
        name: "introductory".into(),
        title: "Introductory meeting".into(),
        description: "The first meeting with a new ASE customer.".into(),
        minutes: 60,
        checklist: vec!["Join a few minutes early".into()],
        sections: vec![
            section(
                "Introduce yourself",
                8,
                "The customers know who their ASE is and how to reach them.",
                &[
                    "Your name, said clearly and slowly",
                    "Time at GitLab and as a support engineer",
                    "How long you have used GitLab; your biggest strengths",
                    "Why this engagement excites you",
                    "How you like to work",
                    "Your time zone",
                ],
            ),
            section(
                "Attendees introduce themselves",
                12,
                "You know who is in the room, what they do and where they are.",
                &["Name", "Role", "Time zone", "GitLab expertise"],
            ),
            section(
                "The ASE role, constraints and SOW",
                15,
                "A shared view of how the ASE will and will not work with them.",
                &[
                    "How you will work with them",
                    "How you will work with the account team",
                    "Their questions about the service",
                    "Who the primary contact(s) will be",
                    "Their goals for working with an ASE",
                ],
            ),
            section(
                "Their GitLab plans",
                15,
                "You understand why they chose GitLab and where they want to go.",
                &[
                    "Why they became GitLab customers",
                    "How they use GitLab today",
                    "What is going well, and what is not",
                    "Their goals for using GitLab",
                    "Is a collaboration project worth it for long-term plans?",
                ],
            ),
            section(
                "Agree a regular meeting",
                10,
                "A weekly or every-other-week meeting is on everyone's calendar.",
                &[
                    "Weekly or every other week?",
                    "A day and time that suits every time zone",
                    "Who attends, and who sends the invite",
                    "Purpose: review work, set priorities, agree what won't be done",
                    "Upcoming projects, changes and time off come up here too",
                ],
            ),
        ],
    }
}

#[allow(clippy::too_many_arguments)]
fn person(
    name: &str,
    side: Side,
    role: &str,
    time_zone: &str,
    expertise: &str,
    dri: bool,
    primary_contact: bool,
    technical: bool,
) -> Attendee {
    Attendee {
        name: name.into(),
        role: role.into(),
        time_zone: time_zone.into(),
        expertise: expertise.into(),
        side,
        dri,
        primary_contact,
        technical,
        joined_at: None,
        gitlab_username: String::new(),
        working_hours: None,
        time_zone_choice: None,
    }
}

fn tick(meeting: &mut Meeting, prompts: &[usize]) {
    for &p in prompts {
        assert!(meeting.toggle_prompt(p), "prompt {p} exists");
    }
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The meeting up to the start of the agenda: two customers joined in the lobby.
fn lobby(clock: &FakeClock) -> Meeting {
    let mut m = Meeting::new(
        "2026-11-23-1358-acme".into(),
        "ACME Corp".into(),
        introductory(),
        clock.now(),
    );
    m.add_attendee(
        person(
            "Dana Whitfield",
            Side::Customer,
            "Director of Platform Engineering",
            "Europe/Berlin",
            "Admin of our self-managed instance since 2019",
            true,
            true,
            false,
        ),
        clock.now(),
    );
    clock.advance_secs(60);
    m.add_attendee(
        person(
            "Alex Moreau",
            Side::Gitlab,
            "Assigned Support Engineer",
            "UTC+1",
            "",
            false,
            false,
            false,
        ),
        clock.now(),
    );
    clock.advance_secs(2 * 60);
    m
}

/// A realistic introductory meeting, run through to the end.
fn finished(clock: &FakeClock) -> Meeting {
    let mut m = lobby(clock);

    // 1. Introduce yourself: 9 minutes of 8.
    m.start(clock.now());
    tick(&mut m, &[0, 1, 2, 3, 5]);
    m.set_current_notes(
        "Alex: 4 years at GitLab, 3 as a support engineer\n\
         Strengths: CI/CD pipelines, runners, upgrades\n\
         Works async first; reachable in the collaboration project and Slack\n\
         Based in Lyon (CET)",
    );
    clock.advance_secs(9 * 60);
    m.next(clock.now());

    // 2. Attendees introduce themselves: 11 minutes of 12.
    m.add_attendee(
        person(
            "Raj Patel",
            Side::Customer,
            "Senior DevOps engineer",
            "Asia/Kolkata",
            "Maintains our runners and CI templates",
            false,
            true,
            true,
        ),
        clock.now(),
    );
    m.add_attendee(
        person(
            "Sofia Lindqvist",
            Side::Partner,
            "Consultant, Nordic Cloud Partners",
            "Europe/Stockholm",
            "Ran our migration from Jenkins",
            false,
            false,
            true,
        ),
        clock.now(),
    );
    m.add_attendee(
        person(
            "Sam O'Neill",
            Side::Gitlab,
            "Customer Success Architect",
            "America/New_York",
            "",
            false,
            false,
            false,
        ),
        clock.now(),
    );
    tick(&mut m, &[0, 1, 2, 3]);
    m.set_current_notes(
        "Raj joined a few minutes late from another call\n\
         Sofia's team supports the Kubernetes clusters the runners use",
    );
    clock.advance_secs(11 * 60);
    m.next(clock.now());

    // 3. The ASE role: 17 minutes of 15, with a two-minute pause.
    tick(&mut m, &[0, 1, 2, 3, 4]);
    m.set_current_notes(
        "Tickets still go through the support portal; Alex picks them up\n\
         Raj is the day-to-day contact; Dana for priorities and escalations\n\
         Question: can the ASE review our upgrade plan? Yes, that is in scope\n\
         (internal) Dana sounded unhappy about last year's support experience\n\
         The upgrade plan: https://gitlab.example.com/acme/app/-/issues/123#note_456\n\
         Our deploy job 42 fails with exit code 137 since Friday",
    );
    clock.advance_secs(8 * 60);
    let parked = m.park_note_line(
        5,
        FindingKind::Troubleshooting,
        "fails with exit code 137",
        "troubleshooting; to be handled in a support ticket",
        clock.now(),
    );
    assert!(parked.is_some());
    m.goals
        .push("Upgrade to the latest GitLab version every quarter without downtime".into());
    m.goals
        .push("Cut the average pipeline duration from 40 to 15 minutes".into());
    m.park(
        "Licence true-up questions for the account team".into(),
        String::new(),
        clock.now(),
    );
    if let Some(item) = m.parking_lot.last_mut() {
        item.internal = true;
    }
    m.pause(clock.now());
    clock.advance_secs(2 * 60);
    m.resume(clock.now());
    clock.advance_secs(9 * 60);
    m.next(clock.now());

    // 4. Their GitLab plans: 14 minutes of 15.
    tick(&mut m, &[0, 1, 2, 3]);
    m.set_current_notes(
        "Chose GitLab in 2019 to replace Jenkins, Gerrit and Jira\n\
         About 800 developers, 3,000 projects, self-managed on Kubernetes\n\
         Going well: merge request workflow, CI templates\n\
         Not going well: flaky runners under load, slow upgrades\n\
         \x20 Upgrades take a full weekend today\n\
         Sofia is our Kubernetes expert",
    );
    clock.advance_secs(6 * 60);
    m.log_drift(
        FindingKind::Labeling,
        "is our Kubernetes expert",
        DriftOutcome::Dismissed,
        clock.now(),
    );
    m.decisions
        .push("Create a collaboration project to track the upgrade plan".into());
    clock.advance_secs(8 * 60);
    m.next(clock.now());

    // 5. Agree a regular meeting: 10 minutes of 10.
    tick(&mut m, &[0, 1, 2, 3]);
    m.set_current_notes("Tuesday works for every time zone on the call");
    m.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::EveryOtherWeek,
        slot: "Tuesdays 10:00 CET (14:30 IST, 04:00 EST)".into(),
        notes: "30 minutes\nAlex sends the invite; Dana adds the team leads".into(),
    });
    m.actions.push(ActionItem {
        text: "Send the invite for the every-other-week sync".into(),
        owner: "Alex Moreau".into(),
        due: date(2026, 11, 24),
        done: true,
        section: 4,
        ..ActionItem::default()
    });
    m.actions.push(ActionItem {
        text: "Share the current upgrade runbook in the collaboration project".into(),
        owner: "Raj Patel".into(),
        due: date(2026, 11, 30),
        ..ActionItem::default()
    });
    m.actions.push(ActionItem {
        text: "Open a support ticket for the failing deploy job".into(),
        owner: "Raj Patel".into(),
        ..ActionItem::default()
    });
    m.actions.push(ActionItem {
        text: "Set up the collaboration project".into(),
        ..ActionItem::default()
    });
    m.actions.push(ActionItem {
        text: "Migrate the remaining Jenkins jobs before the upgrade".into(),
        owner: "Raj Patel".into(),
        not_applicable: true,
        section: 4,
        ..ActionItem::default()
    });
    m.actions.push(ActionItem {
        text: "Ask the CSA about the renewal timeline".into(),
        owner: "Alex Moreau".into(),
        internal: true,
        section: 4,
        ..ActionItem::default()
    });
    for a in &mut m.attendees {
        a.gitlab_username = match a.name.as_str() {
            "Alex Moreau" => "amoreau".into(),
            "Raj Patel" => "rpatel".into(),
            _ => String::new(),
        };
    }
    clock.advance_secs(10 * 60);
    m.next(clock.now());
    m
}

/// A meeting still running in its second section.
fn in_progress(clock: &FakeClock) -> Meeting {
    let mut m = lobby(clock);
    m.start(clock.now());
    tick(&mut m, &[0, 5]);
    m.set_current_notes("Alex: 4 years at GitLab");
    clock.advance_secs(7 * 60 + 40);
    m.next(clock.now());
    m.set_current_notes("Raj is on his way");
    clock.advance_secs(3 * 60 + 10);
    m
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the golden file, or rewrites it with `UPDATE_GOLDEN=1`.
fn check_golden(name: &str, actual: &str) {
    let path = golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap_or(&path)).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nrun with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let expected_lines: Vec<&str> = expected.split('\n').collect();
    let actual_lines: Vec<&str> = actual.split('\n').collect();
    let mut report = String::new();
    let mut shown = 0;
    for i in 0..expected_lines.len().max(actual_lines.len()) {
        let (e, a) = (expected_lines.get(i), actual_lines.get(i));
        if e != a {
            report.push_str(&format!("line {}:\n", i + 1));
            if let Some(e) = e {
                report.push_str(&format!("  - {e}\n"));
            }
            if let Some(a) = a {
                report.push_str(&format!("  + {a}\n"));
            }
            shown += 1;
            if shown == 20 {
                report.push_str("  (more differences left out)\n");
                break;
            }
        }
    }
    panic!(
        "the export differs from {} (- golden, + actual):\n{report}\n\
         If the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff.",
        path.display()
    );
}

#[test]
fn finished_introductory_meeting_matches_the_golden_files_of_both_versions() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = finished(&clock);
    let now = export::last_known_time(&m);
    check_golden("introductory-customer.md", &export::customer(&m, now));
    check_golden("introductory-internal.md", &export::internal(&m, now));
    assert_eq!(to_markdown(&m), export::internal(&m, now));
}

/// The finished meeting with a SOW start and an agreed regular meeting.
fn scheduled(clock: &FakeClock) -> Meeting {
    let mut m = finished(clock);
    // A Friday: the meeting on Monday 2026-11-23 is on the window's second business day.
    m.sow_start = date(2026, 11, 20);
    m.regular_schedule = Some(Recurrence::new(
        Cadence::EveryOtherWeek,
        Slot {
            weekday: Weekday::Tue,
            time: NaiveTime::from_hms_opt(10, 0, 0).expect("a time"),
        },
        &iana("Europe/Berlin"),
        30,
        date(2026, 11, 24).expect("a date"),
    ));
    m
}

#[test]
fn the_agreed_cadence_shows_on_every_clock_and_the_internal_version_notes_the_sow_window() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = scheduled(&clock);
    let now = export::last_known_time(&m);
    let options = export::Options {
        ase_zone: Some(iana("Europe/Paris")),
        ..export::Options::default()
    };
    let customer = export::render(&m, now, export::Version::Customer, &options);
    let internal = export::render(&m, now, export::Version::Internal, &options);
    check_golden("scheduled-customer.md", &customer);
    check_golden("scheduled-internal.md", &internal);
    for version in [&customer, &internal] {
        // 10:00 in Berlin is 14:30 in India and 04:00 in New York (EST) on 2026-11-24.
        assert!(
            version.contains("  - Europe/Berlin: Tue 10:00–10:30 CET — Dana Whitfield\n"),
            "{version}"
        );
        assert!(
            version.contains("  - Europe/Paris: Tue 10:00–10:30 CET — ASE\n"),
            "{version}"
        );
        assert!(
            version.contains("  - Asia/Kolkata: Tue 14:30–15:00 IST — Raj Patel\n"),
            "{version}"
        );
        assert!(
            version.contains("  - America/New_York: Tue 04:00–04:30 EST — Sam O'Neill\n"),
            "{version}"
        );
        assert!(
            version.contains("- **Next meeting:** Tuesday, 24 November 2026"),
            "{version}"
        );
    }
    assert!(
        internal.contains(
            "- **SOW window:** SOW starts Fri 2026-11-20; meet on Fri 2026-11-20, at the latest \
         Fri 2026-11-27 (weekends skipped); this meeting, Mon 2026-11-23, was inside it \
         (business day 2 of 6)"
        ),
        "{internal}"
    );
    assert!(!customer.contains("SOW"), "{customer}");

    // A meeting held after the window says so.
    let mut late = m.clone();
    late.sow_start = date(2026, 11, 9);
    let internal = export::render(&late, now, export::Version::Internal, &options);
    assert!(
        internal.contains(
            "this meeting, Mon 2026-11-23, was **outside it**, 7 days after the last acceptable day"
        ),
        "{internal}"
    );
}

#[test]
fn meeting_in_the_lobby_matches_the_golden_file() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = lobby(&clock);
    check_golden("lobby.md", &to_markdown_at(&m, clock.now()));
}

#[test]
fn meeting_in_progress_matches_the_golden_file() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = in_progress(&clock);
    check_golden("in-progress.md", &to_markdown_at(&m, clock.now()));
}

#[test]
fn export_is_deterministic() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = finished(&clock);
    let first = to_markdown(&m);
    assert_eq!(first, to_markdown(&m));
    assert_eq!(first, to_markdown(&m.clone()));
    // A finished meeting does not depend on when it is exported.
    assert_eq!(first, to_markdown_at(&m, clock.now() + Duration::days(3)));
}

#[test]
fn export_of_a_running_meeting_uses_its_last_known_time() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = in_progress(&clock);
    let since = m.running_since.unwrap();
    assert_eq!(to_markdown(&m), to_markdown_at(&m, since));
    // Later exports count the running section up to `now`.
    assert_ne!(to_markdown(&m), to_markdown_at(&m, clock.now()));
}

const HOSTILE: &[&str] = &[
    "a | b || c |",
    "back\\slash\\",
    "trailing\\",
    "\\|",
    "`code` and ``double``",
    "line one\nline two\r\nline three",
    "tab\there",
    "<script>alert(1)</script>",
    "<details><summary>x</summary>",
    "[x](javascript:alert(1))",
    "![img](http://x)",
    "# heading",
    "## heading",
    "- list",
    "> quote",
    "1. ordered",
    "1) ordered",
    "/assign @me",
    "\n/close",
    "@all",
    "cc @all please",
    "#12",
    "!34",
    "~bug",
    "&5 %milestone $snippet",
    "```\nfenced\n```",
    "~~~",
    "---",
    "===",
    "| --- | --- |",
    "山田太郎 (東京)",
    "🚀👩‍💻",
    "e\u{301}\u{301}",
    "\u{301}",
    "שלום עולם",
    "abc\u{202E}fed",
    "\u{1b}[31mred\u{1b}[0m",
    "ESC[31m",
    "",
    "   ",
];

/// A meeting with hostile text in every field a user or an agenda author can fill.
fn hostile_meeting() -> Meeting {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let all = HOSTILE.join("\n");
    let sections = HOSTILE
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, text)| Section {
            title: (*text).into(),
            minutes: 5,
            goal: HOSTILE[HOSTILE.len() - 1 - i].into(),
            prompts: HOSTILE.iter().map(|p| (*p).into()).collect(),
            tips: Vec::new(),
            captures: Vec::new(),
        })
        .collect();
    let agenda = Agenda {
        name: "hostile".into(),
        title: "# /close @all | x".into(),
        description: all.clone(),
        minutes: 25,
        checklist: Vec::new(),
        sections,
    };
    let mut m = Meeting::new(
        "hostile".into(),
        "@all | #1 /close".into(),
        agenda,
        clock.now(),
    );
    for (i, text) in HOSTILE.iter().enumerate() {
        m.add_attendee(
            Attendee {
                name: (*text).into(),
                role: HOSTILE[(i + 1) % HOSTILE.len()].into(),
                time_zone: HOSTILE[(i + 2) % HOSTILE.len()].into(),
                expertise: HOSTILE[(i + 3) % HOSTILE.len()].into(),
                side: Side::ALL[i % 3],
                dri: i % 2 == 0,
                primary_contact: i % 3 == 0,
                technical: i % 5 == 0,
                joined_at: None,
                gitlab_username: String::new(),
                working_hours: None,
                time_zone_choice: None,
            },
            clock.now(),
        );
        m.actions.push(ActionItem {
            text: (*text).into(),
            owner: HOSTILE[(i + 1) % HOSTILE.len()].into(),
            due: (i % 2 == 0)
                .then(|| NaiveDate::from_ymd_opt(2026, 12, 1))
                .flatten(),
            done: i % 3 == 0,
            section: i,
            ..ActionItem::default()
        });
        m.goals.push((*text).into());
        m.decisions.push((*text).into());
    }
    m.start(clock.now());
    for i in 0..5 {
        m.set_current_notes(all.clone());
        for (p, text) in HOSTILE.iter().enumerate() {
            m.park(
                (*text).into(),
                HOSTILE[(p + 1) % HOSTILE.len()].into(),
                clock.now(),
            );
            let outcome = if p % 2 == 0 {
                DriftOutcome::Parked
            } else {
                DriftOutcome::Dismissed
            };
            m.log_drift(FindingKind::Troubleshooting, text, outcome, clock.now());
        }
        clock.advance_secs(60 * (i + 3));
        m.next(clock.now());
    }
    m.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::Weekly,
        slot: all.clone(),
        notes: all,
    });
    m
}

/// `|` characters that separate cells: those not preceded by a backslash (GFM treats any
/// `\|` in a table row as an escaped pipe).
fn separators(line: &str) -> usize {
    let mut count = 0;
    let mut previous = None;
    for c in line.chars() {
        if c == '|' && previous != Some('\\') {
            count += 1;
        }
        previous = Some(c);
    }
    count
}

/// Whether every occurrence of `c` in `line` is preceded by a backslash.
fn always_escaped(line: &str, c: char) -> bool {
    let mut previous = None;
    for ch in line.chars() {
        if ch == c && previous != Some('\\') {
            return false;
        }
        previous = Some(ch);
    }
    true
}

const OUR_H2: &[&str] = &[
    "## Attendees",
    "## Agenda",
    "## Customer goals",
    "## Decisions",
    "## Action items",
    "## Follow-ups (parking lot)",
    "## Regular meeting",
    "## Timing summary",
    // The customer version's.
    "## Summary",
    "## Notes",
    "## Follow-ups",
];

/// The one link the hostile strings hold, `![img](http://x)`, as the export writes it
/// (a plain link to exactly that URL), and the link removed; other lines unchanged.
fn without_the_typed_link(line: &str) -> String {
    line.replace("[img](<http://x>)", "")
}

#[test]
fn hostile_text_cannot_break_the_structure_of_either_version() {
    let m = hostile_meeting();
    let now = export::last_known_time(&m);
    let customer = export::customer(&m, now);
    let internal = to_markdown(&m);
    for (name, md, expected_tables) in [("customer", &customer, 1), ("internal", &internal, 3)] {
        check_structure(name, md, expected_tables);
    }
    // Kept as files so the escaping can be reviewed as the customer would see it.
    check_golden("hostile-customer.md", &customer);
    check_golden("hostile.md", &internal);
}

fn check_structure(name: &str, md: &str, expected_tables: usize) {
    let lines: Vec<&str> = md.lines().collect();

    // Every table row has as many cells as its header.
    let mut header: Option<usize> = None;
    let mut tables = 0;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with('|') {
            let cells = separators(line);
            match header {
                None => {
                    header = Some(cells);
                    tables += 1;
                }
                Some(expected) => assert_eq!(
                    cells,
                    expected,
                    "{name} line {}: a table row with {cells} separators under a header with \
                     {expected}:\n{line}",
                    n + 1
                ),
            }
        } else {
            header = None;
        }
    }
    assert_eq!(tables, expected_tables, "{name}: tables");

    for (n, line) in lines.iter().enumerate() {
        let at = n + 1;
        let line = without_the_typed_link(line);
        let line = line.as_str();
        // Only our headings start with `#`: the title, our H2s, and H3s for sections
        // (numbered in the internal version, escaped titles in the customer's).
        if line.starts_with('#') {
            let ours = (n == 0 && line.starts_with("# "))
                || OUR_H2.contains(&line)
                || line.strip_prefix("### ").is_some_and(|rest| {
                    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                    (digits > 0 && rest[digits..].starts_with(". "))
                        || (name == "customer" && !rest.starts_with('#'))
                });
            assert!(
                ours,
                "{name} line {at} starts with `#` but is not our heading: {line}"
            );
        }
        // No quick actions, no raw HTML or quotes except ours.
        let trimmed = line.trim_start();
        assert!(
            !trimmed.starts_with('/'),
            "{name} line {at} starts with `/`: {line}"
        );
        if trimmed.starts_with('<') {
            assert!(
                line.starts_with("<details><summary>Drift log") || line == "</details>",
                "{name} line {at} starts with HTML: {line}"
            );
        } else {
            assert!(
                always_escaped(line, '<'),
                "{name} line {at} has raw `<`: {line}"
            );
        }
        if trimmed.starts_with('>') {
            assert!(
                line.starts_with("> **"),
                "{name} line {at} is a stray quote: {line}"
            );
        }
        // No mentions, references, code spans or links from user text.
        for c in ['@', '`', '[', '!', '~', '&'] {
            let checked = if c == '[' || c == '~' {
                ["- [x] ", "- [ ] ", "- [~] "]
                    .iter()
                    .find_map(|task| line.strip_prefix(task))
                    .unwrap_or(line)
            } else {
                line
            };
            assert!(
                always_escaped(checked, c),
                "{name} line {at} has an unescaped `{c}`: {line}"
            );
        }
        assert!(
            !line.contains('\u{1b}'),
            "{name} line {at} has an ESC: {line}"
        );
        assert!(
            !line.contains('\u{202E}'),
            "{name} line {at} has a bidi override"
        );
        // User text never starts its own list or block inside a list item.
        for prefix in ["- ", "  - ", "- [ ] ", "- [x] ", "- [~] "] {
            if let Some(rest) = line.strip_prefix(prefix) {
                assert!(
                    !rest.starts_with(['#', '-', '+', '>', '/', '='])
                        && !rest.starts_with("1.")
                        && !rest.starts_with("1)"),
                    "{name} line {at} starts a block inside a list item: {line}"
                );
            }
        }
    }
    assert!(!md.contains("\n\n\n"), "{name}: no runs of blank lines");
    assert!(md.ends_with("_Notes taken with kickoff._\n"));
}

#[test]
fn empty_meeting_exports_without_empty_sections() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let mut agenda = introductory();
    agenda.sections.truncate(1);
    agenda.minutes = 8;
    let m = Meeting::new("empty".into(), String::new(), agenda, clock.now());
    let md = to_markdown(&m);
    assert!(md.starts_with("# Introductory meeting\n"));
    assert!(md.contains("_No attendees recorded._"));
    assert!(md.contains("_No action items recorded._"));
    for absent in [
        "## Customer goals",
        "## Decisions",
        "## Follow-ups",
        "## Regular meeting",
        "<details>",
    ] {
        assert!(!md.contains(absent), "{absent} should be left out:\n{md}");
    }
}

// ---------------------------------------------------------------------------------------
// The customer version: nothing internal leaks, links work, references only on request
// ---------------------------------------------------------------------------------------

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, parse_document};
use kickoff::core::meeting::{DriftEvent, ParkedItem};

/// GitLab's reading of Markdown, as far as comrak goes: GFM with tables, task lists
/// (any symbol, as GitLab's `[~]`), strikethrough and bare-URL autolinks.
fn gfm() -> comrak::Options<'static> {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.parse.relaxed_tasklist_matching = true;
    options
}

/// Everything a reader can see or follow in the parsed document: text, code, HTML, and
/// link and image destinations and titles.
fn readable<'a>(root: &'a AstNode<'a>) -> Vec<String> {
    root.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(c) => Some(c.literal.clone()),
            NodeValue::CodeBlock(c) => Some(c.literal.clone()),
            NodeValue::HtmlInline(h) => Some(h.clone()),
            NodeValue::HtmlBlock(h) => Some(h.literal.clone()),
            NodeValue::Link(l) | NodeValue::Image(l) => Some(format!("{} {}", l.url, l.title)),
            _ => None,
        })
        .collect()
}

/// Every link in the document: (destination, visible text).
fn links(md: &str) -> Vec<(String, String)> {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &gfm());
    root.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Link(l) => Some((
                l.url.clone(),
                n.descendants()
                    .filter_map(|d| match &d.data().value {
                        NodeValue::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn count_images(md: &str) -> usize {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &gfm());
    root.descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Image(_)))
        .count()
}

/// The finished meeting with a unique marker in every kind of content that is not for
/// the customer.
fn meeting_with_internal_markers(clock: &FakeClock) -> (Meeting, Vec<&'static str>) {
    let mut m = finished(clock);
    let markers = vec![
        "LEAKNOTE",
        "LEAKCHILD",
        "LEAKACTION",
        "LEAKOWNER",
        "LEAKPARKED",
        "LEAKPREASON",
        "LEAKREASON",
        "LEAKDRIFT",
        "LEAKLABEL",
        "LEAKSCAN",
        "LEAKCODE",
        "LEAKGOAL",
        "LEAKPROMPT",
        "LEAKTIP",
        "LEAKCHECK",
        "LEAKDESC",
    ];
    // Internal notes, with a detail under one, and lines that label colleagues: one
    // flagged during the call, one only the rules find now.
    m.sections[1].notes.push_str(
        "\n(internal) LEAKNOTE the renewal is at risk\n  LEAKCHILD detail under it\n\
         Priya is our LEAKSCAN expert\nMarta is our LEAKLABEL person for everything\n\
         Dana is our LEAKCODE Kubernetes guru (406)",
    );
    m.drift_log.push(DriftEvent {
        section: 1,
        kind: FindingKind::Labeling,
        matched: "is our LEAKLABEL person".into(),
        outcome: DriftOutcome::Noted,
        at: clock.now(),
    });
    // Internal action items and parked topics; a public parked topic's reason; a drift
    // flag's matched words.
    m.actions.push(ActionItem {
        text: "LEAKACTION check the discount".into(),
        owner: "LEAKOWNER".into(),
        internal: true,
        ..ActionItem::default()
    });
    m.parking_lot.push(ParkedItem {
        text: "LEAKPARKED budget worries".into(),
        section: 2,
        reason: "LEAKPREASON".into(),
        parked_at: clock.now(),
        internal: true,
        done: false,
        carried: None,
    });
    if let Some(public) = m.parking_lot.first_mut() {
        public.reason = "LEAKREASON troubleshooting".into();
    }
    m.drift_log.push(DriftEvent {
        section: 2,
        kind: FindingKind::Troubleshooting,
        matched: "LEAKDRIFT 502".into(),
        outcome: DriftOutcome::Dismissed,
        at: clock.now(),
    });
    // Coaching for the ASE in the agenda: goals, prompts, tips, checklist, description.
    m.agenda.description = "LEAKDESC".into();
    m.agenda.checklist.push("LEAKCHECK".into());
    for section in &mut m.agenda.sections {
        section.goal = format!("LEAKGOAL {}", section.goal);
        section.prompts.push("LEAKPROMPT".into());
        section.tips.push("LEAKTIP".into());
    }
    // A coverage warning: nobody on the customer's side is technical.
    for a in &mut m.attendees {
        a.technical = false;
    }
    // Timing: a planned length no other figure has.
    m.agenda.sections[0].minutes = 37;
    for record in &mut m.sections {
        record.ticked.resize(record.ticked.len() + 1, true);
    }
    (m, markers)
}

#[test]
fn nothing_internal_reaches_the_customer_version() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let (m, markers) = meeting_with_internal_markers(&clock);
    let now = export::last_known_time(&m);
    let customer = export::customer(&m, now);
    let internal = export::internal(&m, now);
    // The internal version has the agenda's own coaching only where it shows the
    // agenda: tips, the checklist and the description are in neither version.
    let never_exported = ["LEAKTIP", "LEAKCHECK", "LEAKDESC"];
    for marker in &markers {
        if !never_exported.contains(marker) {
            assert!(
                internal.contains(marker),
                "{marker} is missing from the internal version, so the test proves nothing"
            );
        }
    }

    let arena = Arena::new();
    let root = parse_document(&arena, &customer, &gfm());
    let seen = readable(root);
    for marker in &markers {
        let leaks: Vec<&String> = seen.iter().filter(|t| t.contains(marker)).collect();
        assert!(leaks.is_empty(), "{marker} reached the customer: {leaks:?}");
        assert!(
            !customer.contains(marker),
            "{marker} is in the customer source"
        );
    }
    let text = seen.join("\n");
    // Timing, drift counts, coverage warnings, join times, internal labels.
    for absent in [
        "37 min",
        "planned",
        "Timing",
        "drifted",
        "Drift",
        "has no",
        "joined 1",
        "technical",
        "reason",
        "Internal",
        "internal",
        "Not in the customer version",
    ] {
        assert!(
            !text.contains(absent),
            "{absent:?} reached the customer:\n{customer}"
        );
        assert!(
            internal.contains(absent),
            "{absent:?} is not in the internal version either, so the check proves nothing"
        );
    }
    // No task item but the action items and follow-ups: no coaching prompt is a task.
    let tasks = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::TaskItem(_)))
        .count();
    let public_actions = m.actions.iter().filter(|a| !a.internal).count();
    let public_parked = m.parking_lot.iter().filter(|p| !p.internal).count();
    assert_eq!(tasks, public_actions + public_parked, "{customer}");
}

/// A finished one-section meeting whose notes are `notes`.
fn with_notes(notes: &str) -> Meeting {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let mut agenda = introductory();
    agenda.sections.truncate(1);
    let mut m = Meeting::new("links".into(), "ACME".into(), agenda, clock.now());
    m.start(clock.now());
    m.set_current_notes(notes);
    clock.advance_secs(60);
    m.end(clock.now());
    m
}

#[test]
fn urls_in_notes_link_to_exactly_what_was_typed() {
    let urls = [
        "https://gitlab.example.com/acme/app/-/issues/123#note_456",
        "https://x.example/search?tab=a&b=c",
        "https://x.example/wiki/Foo_(bar)",
        "http://x.example/a*b*_c_~d~",
        "https://x.example/?q=&amp;x=1",
        "HTTPS://X.EXAMPLE/Up",
    ];
    let notes = [
        format!("Bare: {}", urls[0]),
        format!("In a sentence, see {}.", urls[1]),
        format!("({})", urls[2]),
        format!("<{}>", urls[3]),
        format!("[the plan, *v2*](<{}>)", urls[4]),
        format!("[shouting]({})", urls[5]),
    ]
    .join("\n");
    let m = with_notes(&notes);
    let now = export::last_known_time(&m);
    for md in [export::customer(&m, now), export::internal(&m, now)] {
        let found = links(&md);
        for url in urls {
            assert!(
                found.iter().any(|(dest, _)| dest == url),
                "no link to exactly {url}: {found:#?}\n{md}"
            );
        }
        // A bare or angle-bracketed URL shows itself, exactly.
        for url in &urls[..4] {
            assert!(
                found.contains(&(url.to_string(), url.to_string())),
                "{found:#?}"
            );
        }
        assert!(found.contains(&(urls[4].to_owned(), "the plan, *v2*".to_owned())));
        // No backslash in any destination, and nothing but these links.
        assert!(found.iter().all(|(dest, _)| !dest.contains('\\')));
        assert_eq!(found.len(), urls.len(), "{found:#?}");
    }
}

#[test]
fn images_never_render_from_notes() {
    let m = with_notes("![img](http://host/x.png)\n![](https://host/y.png) and ![z](javascript:x)");
    let now = export::last_known_time(&m);
    for md in [export::customer(&m, now), export::internal(&m, now)] {
        assert_eq!(count_images(&md), 0, "{md}");
        let found = links(&md);
        assert_eq!(
            found,
            vec![
                ("http://host/x.png".to_owned(), "img".to_owned()),
                (
                    "https://host/y.png".to_owned(),
                    "https://host/y.png".to_owned()
                ),
            ],
            "{md}"
        );
    }
}

#[test]
fn references_and_mentions_in_notes_stay_literal_unless_turned_on() {
    let m = with_notes("Ask @dana about #123, !45 and group/project#7\n/assign @all");
    let now = export::last_known_time(&m);
    let off = export::customer(&m, now);
    assert!(
        off.contains(
            "- Ask \\@dana about \\#123, \\!45 and group/project\\#7\n- \\/assign \\@all\n"
        ),
        "{off}"
    );
    assert!(links(&off).is_empty());
    let on = export::render(
        &m,
        now,
        export::Version::Customer,
        &export::Options {
            references: true,
            ..export::Options::default()
        },
    );
    assert!(
        on.contains("- Ask \\@dana about #123, !45 and group/project#7\n- \\/assign \\@all\n"),
        "{on}"
    );
}

#[test]
fn owners_with_a_gitlab_username_are_mentioned_in_the_customer_version_only() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = finished(&clock);
    let now = export::last_known_time(&m);
    let customer = export::customer(&m, now);
    let internal = export::internal(&m, now);
    assert!(customer.contains(
        "- [ ] Share the current upgrade runbook in the collaboration project — @rpatel (due 2026-11-30)\n"
    ));
    // Not an attendee with a username: the name, in bold.
    let mut other = m.clone();
    other.actions[1].owner = "Priya (new hire)".into();
    assert!(
        export::customer(&other, now).contains("project — **Priya (new hire)** (due 2026-11-30)")
    );
    // The internal version names people and mentions nobody.
    assert!(internal.contains("project — **Raj Patel** (due 2026-11-30)"));
    assert!(!internal.contains(" @"), "{internal}");
    assert!(internal.contains("GitLab \\@rpatel"));
}

#[test]
fn task_lists_use_done_open_and_not_applicable() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = finished(&clock);
    let customer = export::customer(&m, export::last_known_time(&m));
    let arena = Arena::new();
    let root = parse_document(&arena, &customer, &gfm());
    let symbols: Vec<Option<char>> = root
        .descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::TaskItem(t) => Some(t.symbol),
            _ => None,
        })
        .collect();
    // Five public action items (done, open, open, open, not applicable), one follow-up.
    assert_eq!(
        symbols,
        vec![Some('x'), None, None, None, Some('~'), None],
        "{customer}"
    );
}

// ---------------------------------------------------------------------------------------
// The follow-up message
// ---------------------------------------------------------------------------------------

#[test]
fn the_follow_up_recaps_the_meeting_and_is_due_the_next_business_day() {
    let clock = FakeClock::at("2026-11-23T13:59:00+01:00");
    let m = finished(&clock);
    let message = export::followup::text(&m, clock.now());
    // Monday's meeting: send by Tuesday.
    assert_eq!(message.send_by, date(2026, 11, 24).unwrap());
    check_golden("followup.txt", &message.plain);
    check_golden("followup.md", &message.markdown);
    for text in [&message.plain, &message.markdown] {
        assert!(text.contains(
            "Thank you for taking the time to meet with us on Monday, 23 November 2026."
        ));
        assert!(text.contains("Create a collaboration project to track the upgrade plan"));
        assert!(text.contains("Share the current upgrade runbook in the collaboration project"));
        assert!(text.contains("2026-11-30"));
        assert!(text.contains("Every other week, Tuesdays 10:00 CET"));
        assert!(text.contains("The next one is on Tuesday, 24 November 2026."));
        // Nothing internal: not the internal action item, parked topic or reasons.
        assert!(!text.contains("renewal"), "{text}");
        assert!(!text.contains("Licence"), "{text}");
        assert!(!text.contains("reason"), "{text}");
    }
    assert!(
        message
            .plain
            .contains("Raj Patel: Share the current upgrade runbook")
    );
    assert!(message.markdown.contains("— @rpatel (due 2026-11-30)"));
    // The send-by date does not show once the Markdown is pasted.
    let arena = Arena::new();
    let root = parse_document(&arena, &message.markdown, &gfm());
    let seen = readable(root).join(" ");
    assert!(seen.contains("<!-- Send by"), "kept as a comment: {seen}");
}

#[test]
fn a_friday_meeting_is_followed_up_on_monday() {
    let clock = FakeClock::at("2026-11-27T16:00:00-05:00");
    let mut agenda = introductory();
    agenda.sections.truncate(1);
    let mut m = Meeting::new("fri".into(), "ACME".into(), agenda, clock.now());
    m.start(clock.now());
    let message = export::followup::text(&m, clock.now());
    assert_eq!(message.send_by, date(2026, 11, 30).unwrap());
    assert!(
        message
            .plain
            .starts_with("Send by: Monday, 30 November 2026\n")
    );
    assert!(message.plain.contains("No action items were agreed."));
    assert!(!message.plain.contains("Regular meeting"));
}
