//! What is done with one input, shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`)
//! and the regression test (`tests/fuzz_regressions.rs`), so a kept input is replayed
//! exactly as the fuzzer ran it.
//!
//! - [`agenda_parse`]: the bytes, read as UTF-8 lossily, go through `agenda::parse`. A
//!   refused agenda has located errors; an accepted one survives a serialize/parse round
//!   trip and runs as a meeting.
//! - [`Sessions::load`]: the bytes are written to a session file and loaded with
//!   `Store::load`. A loaded meeting survives a serialize/load round trip and runs: timers,
//!   export, and the meeting screen drawn and driven by a few keys.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kickoff::core::agenda;
use kickoff::core::clock::FakeClock;
use kickoff::core::export;
use kickoff::core::meeting::Meeting;
use kickoff::core::store::Store;
use kickoff::tui::app::{App, Settings};
use kickoff::tui::{Disk, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Parses `data` as an agenda file.
pub fn agenda_parse(data: &[u8]) {
    let source = String::from_utf8_lossy(data);
    match agenda::parse(&source, "fuzz.yaml") {
        Ok(parsed) => {
            let yaml = serde_yaml::to_string(&parsed).expect("a parsed agenda serializes");
            let again = agenda::parse(&yaml, "round-trip.yaml")
                .unwrap_or_else(|e| panic!("the serialized agenda does not parse: {e:?}\n{yaml}"));
            assert_eq!(parsed, again, "the round trip changed the agenda");
            let meeting = Meeting::new("fuzz".into(), "Fuzz".into(), parsed, now());
            run_meeting(meeting);
        }
        Err(errors) => {
            assert!(!errors.is_empty(), "a refused agenda says why");
            for e in &errors {
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "errors are located from 1:1: {e}"
                );
            }
        }
    }
}

/// A scratch store and session file that inputs are written to.
pub struct Sessions {
    _dir: tempfile::TempDir,
    store: Store,
    file: PathBuf,
}

impl Sessions {
    /// A fresh scratch directory.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = Store::open(dir.path()).expect("a store");
        let file = dir.path().join("fuzz-session.yaml");
        Sessions {
            _dir: dir,
            store,
            file,
        }
    }

    /// Writes `data` as a session file and loads it.
    pub fn load(&self, data: &[u8]) {
        std::fs::write(&self.file, data).expect("the scratch file is writable");
        let path = self.file.display().to_string();
        let Ok(meeting) = self.store.load(&path) else {
            return;
        };
        let yaml = serde_yaml::to_string(&meeting).expect("a loaded meeting serializes");
        std::fs::write(&self.file, &yaml).expect("the scratch file is writable");
        let again = self
            .store
            .load(&path)
            .unwrap_or_else(|e| panic!("the saved session does not load: {e}\n{yaml}"));
        assert_eq!(meeting, again, "the round trip changed the session");
        run_meeting(meeting);
    }
}

impl Default for Sessions {
    fn default() -> Self {
        Self::new()
    }
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T15:00:00+01:00").expect("a valid time")
}

/// Everything the app computes from a meeting: timers, the export, the screen.
fn run_meeting(meeting: Meeting) {
    let now = now();
    for i in 0..meeting.agenda.sections.len() + 1 {
        let _ = meeting.section_elapsed(i, now);
        let _ = meeting.section_planned(i);
        let _ = meeting.section_remaining(i, now);
        let _ = meeting.section_status(i, now);
        let _ = meeting.unticked(i);
    }
    let _ = meeting.phase();
    let _ = meeting.meeting_elapsed(now);
    let _ = meeting.meeting_planned();
    let _ = meeting.scheduled_end();
    let _ = meeting.projected_end(now);
    let _ = meeting.behind(now);
    let _ = meeting.missing_stakeholders();
    let _ = export::to_markdown_at(&meeting, now);

    // A resumed, paused meeting says so as it opens.
    let app = App::new(meeting, Settings::default(), now);
    let mut shell = Shell::new(app, Disk::none(), Box::new(FakeClock::new(now)));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a test terminal");
    let press = |code, modifiers| Event::Key(KeyEvent::new(code, modifiers));
    let keys = [
        press(KeyCode::Char('x'), KeyModifiers::NONE),
        press(KeyCode::Char('n'), KeyModifiers::CONTROL),
        press(KeyCode::Char('é'), KeyModifiers::NONE),
        press(KeyCode::Enter, KeyModifiers::NONE),
        press(KeyCode::Backspace, KeyModifiers::NONE),
        press(KeyCode::Char('t'), KeyModifiers::CONTROL),
        press(KeyCode::Char('1'), KeyModifiers::ALT),
        press(KeyCode::Tab, KeyModifiers::NONE),
        press(KeyCode::Down, KeyModifiers::NONE),
        press(KeyCode::Enter, KeyModifiers::NONE),
        press(KeyCode::Esc, KeyModifiers::NONE),
        press(KeyCode::Tab, KeyModifiers::NONE),
        press(KeyCode::Enter, KeyModifiers::NONE),
        press(KeyCode::Esc, KeyModifiers::NONE),
        press(KeyCode::Char(' '), KeyModifiers::CONTROL),
        press(KeyCode::Char('p'), KeyModifiers::CONTROL),
        press(KeyCode::Char('g'), KeyModifiers::CONTROL),
        press(KeyCode::Char('e'), KeyModifiers::CONTROL),
        press(KeyCode::Char('n'), KeyModifiers::CONTROL),
    ];
    let sizes = [(100, 30), (80, 24), (0, 0), (200, 50), (3, 2)];
    draw(&mut terminal, &mut shell, (100, 30));
    for (i, event) in keys.iter().enumerate() {
        shell.handle_event(event);
        shell.tick();
        draw(&mut terminal, &mut shell, sizes[i % sizes.len()]);
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, shell: &mut Shell, (width, height): (u16, u16)) {
    terminal.backend_mut().resize(width, height);
    shell.draw(terminal).expect("drawing never fails");
}
