//! Sample meetings for benchmarks, tests and the performance figures: a realistic
//! mid-meeting state and a huge one (10,000 note lines, 200 attendees, 500 action items).
//!
//! Everything is deterministic: the text comes from fixed phrase lists picked by a
//! fixed-seed linear congruential generator, so every run measures the same meeting.
//!
//! A test helper: only built for the crate's own tests and with the `testkit` feature
//! (which tests, benches, the example and the fuzz targets turn on).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::agenda::{self, Agenda, Capture, Section};
use super::drift::FindingKind;
use super::meeting::{
    ActionItem, Attendee, Cadence, DriftEvent, DriftOutcome, Meeting, Notes, ParkedItem,
    RegularMeeting, Side,
};

/// Note lines in the huge meeting, all sections together.
pub const HUGE_NOTE_LINES: usize = 10_000;
/// Of which in the current section (the one on screen).
pub const HUGE_CURRENT_LINES: usize = 9_400;
/// Attendees in the huge meeting.
pub const HUGE_ATTENDEES: usize = 200;
/// Action items in the huge meeting.
pub const HUGE_ACTIONS: usize = 500;
/// Parked items in the huge meeting.
pub const HUGE_PARKED: usize = 40;
/// Goals in the huge meeting.
pub const HUGE_GOALS: usize = 12;
/// Decisions in the huge meeting.
pub const HUGE_DECISIONS: usize = 25;

/// The section on screen in both samples: "Their GitLab plans" in the introductory agenda.
const CURRENT: usize = 3;

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
#[derive(Debug, Clone)]
pub struct Lcg(u64);

impl Lcg {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next number, from the high bits (the low bits of an LCG are weak).
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.next_u32() as usize % n.max(1)
    }

    /// One item of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

const SUBJECTS: &[&str] = &[
    "Dana",
    "Sam",
    "Zoë",
    "the platform team",
    "their security lead",
    "Jürgen",
    "Priya",
    "the CSA",
    "Łukasz",
    "the DRI",
    "佐藤さん",
    "Ana-María",
    "the account team",
    "René",
    "they",
];

const VERBS: &[&str] = &[
    "wants to move",
    "plans to migrate",
    "asked about",
    "is evaluating",
    "needs help with",
    "would like a review of",
    "is rolling out",
    "has concerns about",
    "mentioned",
    "is happy with",
];

const OBJECTS: &[&str] = &[
    "Geo for the DR site",
    "the Kubernetes agent",
    "merge request approvals",
    "CI/CD component catalog",
    "runner autoscaling on AWS",
    "the 17.x upgrade path",
    "SAML group sync",
    "Gitaly Cluster",
    "Dependency scanning",
    "compliance frameworks",
    "their monorepo (≈40 GB)",
    "package registry quotas",
    "the Jenkins → GitLab CI move",
    "東京 and Berlin runners",
    "audit events streaming",
    "value stream analytics",
];

const TAILS: &[&str] = &[
    "",
    " next quarter",
    " before the end of Q3",
    " — wants a plan by Friday",
    " 👍",
    " (Zoë to confirm)",
    " · see their roadmap deck",
    " as a first step",
    " in the staging instance first",
    " 🚀 high priority",
    " after the freeze",
    " for ~1,200 developers",
];

const LONG_TAIL: &str = " They walked through the current setup in some detail: three self-managed \
instances behind a load balancer, a shared NFS mount that they know they must retire, and a \
handful of group runners per business unit. The main pain points are upgrade windows, the time \
pipelines spend queued in the morning peak, and not knowing which projects still depend on the \
old Jenkins jobs; they would like the ASE to help them prioritise rather than fix things live.";

/// One realistic note line; about one in eighteen is longer than a 120-column screen.
fn note_line(rng: &mut Lcg, index: usize) -> String {
    let shape = rng.below(18);
    let mut line = match shape {
        0 => String::new(),
        1 => format!("- {} {}", rng.pick(SUBJECTS), rng.pick(VERBS)),
        2 => format!("Q: {}?", rng.pick(OBJECTS)),
        _ => format!(
            "{} {} {}{}",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(TAILS)
        ),
    };
    if shape == 17 {
        line.push_str(LONG_TAIL);
    }
    if index % 97 == 3 {
        // Combining marks and a ZWJ family, the hard cases for an editor.
        line.push_str(" — cafe\u{301} with the e\u{301}quipe 👩‍👩‍👧");
    }
    line
}

/// `count` deterministic note lines from `seed`.
pub fn note_lines(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Lcg::new(seed);
    (0..count).map(|i| note_line(&mut rng, i)).collect()
}

/// The built-in introductory agenda (a minimal stand-in if it were ever missing).
fn introductory() -> Agenda {
    agenda::builtin()
        .into_iter()
        .find(|a| a.name == "introductory")
        .unwrap_or_else(|| Agenda {
            name: "introductory".into(),
            title: "Introductory meeting".into(),
            description: String::new(),
            minutes: 60,
            checklist: Vec::new(),
            sections: (0..5)
                .map(|i| Section {
                    title: format!("Section {}", i + 1),
                    minutes: 12,
                    goal: String::new(),
                    prompts: vec!["A prompt".into()],
                    tips: Vec::new(),
                    captures: vec![Capture::Notes],
                })
                .collect(),
        })
}

const NAMES: &[&str] = &[
    "Dana Ng",
    "Sam Lee",
    "Zoë Martin",
    "Jürgen Vogel",
    "Priya Raman",
    "Łukasz Nowak",
    "佐藤 花子",
    "Ana-María López",
    "René Dubois",
    "Kwame Mensah",
    "Olivia Brown",
    "Mateus Silva",
];

const ROLES: &[&str] = &[
    "VP Engineering",
    "Platform engineer",
    "GitLab administrator",
    "Security lead",
    "Assigned Support Engineer",
    "Customer Success Architect",
    "DevOps architect",
    "Engineering manager",
];

const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "UTC",
    "Europe/Warsaw",
    "America/Sao_Paulo",
];

fn attendee(rng: &mut Lcg, i: usize, now: DateTime<FixedOffset>) -> Attendee {
    let side = match i % 5 {
        1 => Side::Gitlab,
        4 => Side::Partner,
        _ => Side::Customer,
    };
    let name = NAMES.get(i % NAMES.len()).copied().unwrap_or("Someone");
    Attendee {
        name: if i < NAMES.len() {
            name.to_owned()
        } else {
            format!("{name} {}", i / NAMES.len() + 1)
        },
        role: rng.pick(ROLES).to_owned(),
        time_zone: rng.pick(ZONES).to_owned(),
        expertise: format!("{} years of GitLab", 1 + rng.below(9)),
        side,
        dri: i == 0,
        primary_contact: i == 0 || i == 2,
        technical: side == Side::Customer && i % 3 == 2,
        joined_at: Some(now - Duration::minutes(25) + Duration::seconds(i as i64 % 300)),
        gitlab_username: String::new(),
        working_hours: None,
        time_zone_choice: None,
    }
}

fn action(rng: &mut Lcg, i: usize, sections: usize) -> ActionItem {
    ActionItem {
        text: format!("Send {} notes on {}", rng.pick(SUBJECTS), rng.pick(OBJECTS)),
        owner: NAMES.get(i % NAMES.len()).copied().unwrap_or("").to_owned(),
        due: NaiveDate::from_ymd_opt(2026, 12, 1 + (i % 28) as u32),
        done: i.is_multiple_of(4),
        section: i % sections.max(1),
        ..ActionItem::default()
    }
}

/// A started meeting on the introductory agenda, in section 4 of 5, with the timer running.
fn started(id: &str, now: DateTime<FixedOffset>) -> Meeting {
    let agenda = introductory();
    let current = CURRENT.min(agenda.sections.len().saturating_sub(1));
    let mut m = Meeting::new(
        id.into(),
        "Acme Corp".into(),
        agenda,
        now - Duration::minutes(32),
    );
    m.started_at = Some(now - Duration::minutes(30));
    m.current = current;
    for (i, record) in m.sections.iter_mut().enumerate().take(current) {
        record.spent_secs = 7 * 60 + 13 * i as i64;
        record.ticked.iter_mut().for_each(|t| *t = true);
    }
    if let Some(record) = m.sections.get_mut(current) {
        record.ticked.iter_mut().take(2).for_each(|t| *t = true);
    }
    m.running_since = Some(now - Duration::minutes(4));
    m
}

/// The huge meeting: 10,000 note lines (9,400 in the current section), 200 attendees,
/// 500 action items, parked items, goals and decisions, with the timer running at `now`.
pub fn huge_meeting(now: DateTime<FixedOffset>) -> Meeting {
    let mut m = started("2026-11-23-1400-acme-corp-huge", now);
    let mut rng = Lcg::new(0x006b_6963_6b6f_6666);
    let current = m.current;
    let others = HUGE_NOTE_LINES - HUGE_CURRENT_LINES;
    let earlier = current.max(1);
    for (i, record) in m.sections.iter_mut().enumerate() {
        let count = if i == current {
            HUGE_CURRENT_LINES
        } else if i < current {
            others / earlier + usize::from(i < others % earlier)
        } else {
            0
        };
        record.notes = Notes::from_lines(note_lines(count, 1 + i as u64));
    }
    m.attendees = (0..HUGE_ATTENDEES)
        .map(|i| attendee(&mut rng, i, now))
        .collect();
    let sections = m.sections.len();
    m.actions = (0..HUGE_ACTIONS)
        .map(|i| action(&mut rng, i, sections))
        .collect();
    m.parking_lot = (0..HUGE_PARKED)
        .map(|i| ParkedItem {
            text: format!("{} {}", rng.pick(SUBJECTS), rng.pick(OBJECTS)),
            section: i % sections.max(1),
            reason: if i.is_multiple_of(2) {
                "troubleshooting: \"error 502\"".into()
            } else {
                String::new()
            },
            parked_at: now - Duration::seconds(40 * i as i64),
            internal: false,
            done: false,
            carried: None,
        })
        .collect();
    m.goals = (0..HUGE_GOALS)
        .map(|_| format!("Adopt {}", rng.pick(OBJECTS)))
        .collect();
    m.decisions = (0..HUGE_DECISIONS)
        .map(|_| format!("{} owns {}", rng.pick(SUBJECTS), rng.pick(OBJECTS)))
        .collect();
    m.drift_log = (0..HUGE_PARKED)
        .map(|i| DriftEvent {
            section: i % sections.max(1),
            kind: FindingKind::Troubleshooting,
            matched: "error 502".into(),
            outcome: if i.is_multiple_of(2) {
                DriftOutcome::Parked
            } else {
                DriftOutcome::Dismissed
            },
            at: now - Duration::seconds(40 * i as i64),
        })
        .collect();
    m.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::EveryOtherWeek,
        slot: "Tuesdays 16:00 CET".into(),
        notes: "ASE sends the invite".into(),
    });
    m
}

/// A realistic meeting half-way through: six attendees, a few dozen notes, some action
/// items, a parked topic, goals and a decision; section 4 of 5 with the timer running.
pub fn typical_meeting(now: DateTime<FixedOffset>) -> Meeting {
    let mut m = started("2026-11-23-1400-acme-corp-introductory", now);
    let notes: [&[&str]; 4] = [
        &[
            "I'm Sam, ASE, in Berlin 🇩🇪, four years at GitLab",
            "Strengths: CI/CD, runners, upgrades",
            "Prefer async first, a call when it helps",
        ],
        &[
            "Dana: VP Eng, owns the engagement, Europe/Berlin",
            "Zoë: platform team lead, runs the self-managed instances",
            "Jürgen: security, wants audit events streaming",
            "佐藤さん: Tokyo office, runners team",
            "Missing today: their Jenkins vendor",
        ],
        &[
            "Explained what the ASE does and does not do (no 24/7, tickets still go to Support)",
            "Primary contacts: Dana and Zoë",
            "They asked about response times: pointed at the support handbook",
            "Account team sync every other week, the CSA joins",
        ],
        &[
            "Plan: move off Jenkins by Q3, ~400 pipelines",
            "Geo for DR next year; wants an architecture review first",
            "Upgrade 16.11 → 17.x: staging first, they fear the background migrations",
            "Runner autoscaling on AWS: cost is the worry, not speed",
            "They want a monorepo strategy (≈40 GB repo today); the main pain is clone time in \
             CI, and they are not sure whether partial clone or a split is the better path",
            "",
            "Next: compliance frameworks for the audited projects",
        ],
    ];
    for (record, lines) in m.sections.iter_mut().zip(notes) {
        record.notes = lines.join("\n").into();
    }
    let mut rng = Lcg::new(7);
    m.attendees = (0..6).map(|i| attendee(&mut rng, i, now)).collect();
    let sections = m.sections.len();
    m.actions = (0..4).map(|i| action(&mut rng, i, sections)).collect();
    m.parking_lot = vec![ParkedItem {
        text: "Pipelines fail with error 502 on the artifacts upload".into(),
        section: 2,
        reason: "troubleshooting: \"error 502\"".into(),
        parked_at: now - Duration::minutes(9),
        internal: false,
        done: false,
        carried: None,
    }];
    m.drift_log = vec![DriftEvent {
        section: 2,
        kind: FindingKind::Troubleshooting,
        matched: "error 502".into(),
        outcome: DriftOutcome::Parked,
        at: now - Duration::minutes(9),
    }];
    m.goals = vec![
        "Leave Jenkins by the end of Q3".into(),
        "Upgrade to 17.x without downtime".into(),
    ];
    m.decisions = vec!["Dana and Zoë are the primary contacts".into()];
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T14:32:00+01:00").unwrap()
    }

    fn lines(notes: Option<&Notes>) -> usize {
        match notes {
            Some(notes) if !notes.is_empty() => notes.lines().len(),
            _ => 0,
        }
    }

    #[test]
    fn the_huge_meeting_has_the_advertised_counts() {
        let m = huge_meeting(now());
        let total: usize = m.sections.iter().map(|r| lines(Some(&r.notes))).sum();
        assert_eq!(total, HUGE_NOTE_LINES);
        assert_eq!(lines(m.current_notes()), HUGE_CURRENT_LINES);
        assert_eq!(m.attendees.len(), HUGE_ATTENDEES);
        assert_eq!(m.actions.len(), HUGE_ACTIONS);
        assert_eq!(m.parking_lot.len(), HUGE_PARKED);
        assert_eq!(m.goals.len(), HUGE_GOALS);
        assert_eq!(m.decisions.len(), HUGE_DECISIONS);
        assert_eq!(m.phase(), crate::core::meeting::Phase::Running);
        assert_eq!(m.current, CURRENT);
    }

    #[test]
    fn the_huge_notes_are_varied_and_some_wrap_at_120_columns() {
        let m = huge_meeting(now());
        let notes = m.current_notes().unwrap().text();
        let lines: Vec<&str> = notes.split('\n').collect();
        let long = lines.iter().filter(|l| l.chars().count() > 120).count();
        assert!(long > 100, "{long} lines wider than the screen");
        assert!(lines.iter().any(|l| l.is_empty()));
        assert!(lines.iter().any(|l| l.contains('東')));
        assert!(lines.iter().any(|l| l.contains('\u{301}')));
        assert!(lines.iter().any(|l| l.contains('\u{200d}')));
        assert!(!notes.chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn samples_are_deterministic() {
        assert_eq!(huge_meeting(now()), huge_meeting(now()));
        assert_eq!(typical_meeting(now()), typical_meeting(now()));
        assert_eq!(note_lines(50, 3), note_lines(50, 3));
        assert_ne!(note_lines(50, 3), note_lines(50, 4));
    }

    #[test]
    fn the_typical_meeting_is_mid_meeting() {
        let m = typical_meeting(now());
        assert_eq!(m.phase(), crate::core::meeting::Phase::Running);
        assert_eq!(m.current, CURRENT);
        assert_eq!(m.attendees.len(), 6);
        assert_eq!(m.actions.len(), 4);
        assert_eq!(m.parking_lot.len(), 1);
        assert_eq!(lines(m.current_notes()), 7);
        assert!(m.sections.iter().take(CURRENT).all(|r| r.spent_secs > 0));
    }
}
