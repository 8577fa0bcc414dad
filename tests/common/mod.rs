//! Shared test fixtures: an app over the built-in introductory agenda at a fixed time.

#![allow(dead_code)]

use std::ops::Deref;
use std::rc::Rc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kickoff::core::agenda::{self, Agenda};
use kickoff::core::clock::{Clock, FakeClock};
use kickoff::core::meeting::Meeting;
use kickoff::core::store::Store;
use kickoff::tui::action::Effect;
use kickoff::tui::app::{App, Settings};
use kickoff::tui::{Disk, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The built-in introductory agenda.
pub fn introductory() -> Agenda {
    agenda::builtin()
        .into_iter()
        .find(|a| a.name == "introductory")
        .expect("the introductory agenda is built in")
}

/// The meeting screen as the terminal loop drives it, recording what the loop would do
/// with the effects meant for the terminal.
pub struct TestApp {
    /// The app with its disk and clock.
    pub shell: Shell,
    /// What the last export put on the clipboard.
    pub copied: Option<String>,
    /// Whether the app asked to quit.
    pub quit: bool,
    /// Whether the app asked to suspend.
    pub suspended: bool,
}

impl Deref for TestApp {
    type Target = App;

    fn deref(&self) -> &App {
        &self.shell.app
    }
}

impl TestApp {
    fn record(&mut self, effects: Vec<Effect>) -> bool {
        let mut redraw = false;
        for effect in effects {
            match effect {
                Effect::Copy(text) => self.copied = Some(text),
                Effect::Quit => self.quit = true,
                Effect::Suspend => self.suspended = true,
                Effect::Redraw => redraw = true,
                _ => {}
            }
        }
        redraw
    }

    /// Sends one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        let effects = self.shell.handle_event(event);
        self.record(effects);
    }

    /// Takes in what the link to other seats has to say; returns whether anything came.
    pub fn pump(&mut self) -> bool {
        let effects = self.shell.pump();
        let any = !effects.is_empty();
        self.record(effects);
        any
    }

    /// One second passed; returns whether the screen asked to be redrawn.
    pub fn tick(&mut self) -> bool {
        let effects = self.shell.tick();
        self.record(effects)
    }
}

/// An app over `meeting` at the clock's time, saving into `store` in place (if any).
pub fn app_over(meeting: Meeting, clock: Rc<FakeClock>, store: Option<Store>) -> TestApp {
    app_with(meeting, clock, store, Settings::default())
}

/// An app over `meeting` with `settings` (e.g. the ASE's zone), like [`app_over`].
pub fn app_with(
    meeting: Meeting,
    clock: Rc<FakeClock>,
    store: Option<Store>,
    settings: Settings,
) -> TestApp {
    let app = App::new(meeting, settings, clock.now());
    let disk = match store {
        Some(store) => Disk::in_place(store),
        None => Disk::none(),
    };
    TestApp {
        shell: Shell::new(app, disk, Box::new(clock)),
        copied: None,
        quit: false,
        suspended: false,
    }
}

/// An app in the lobby of an introductory meeting with Acme Corp at 14:00 (+01:00), and
/// the clock that drives it.
pub fn app(store: Option<Store>) -> (TestApp, Rc<FakeClock>) {
    let (meeting, clock) = meeting();
    (app_over(meeting, clock.clone(), store), clock)
}

/// The meeting [`app`] opens, not yet in an app, and a clock at its start.
pub fn meeting() -> (Meeting, Rc<FakeClock>) {
    let clock = Rc::new(FakeClock::at("2026-11-23T14:00:00+01:00"));
    let meeting = Meeting::new(
        "2026-11-23-1400-acme-corp-introductory".into(),
        "Acme Corp".into(),
        introductory(),
        clock.now(),
    );
    (meeting, clock)
}

/// The screen as [`draw`] leaves it, as text: one line a row.
pub fn screen_text(app: &mut TestApp, width: u16, height: u16) -> String {
    let terminal = draw(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draws `app` once on a `width` x `height` test terminal the way the loop does (the
/// notes view fitted first), cursor included.
pub fn draw(app: &mut TestApp, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    app.shell.draw(&mut terminal).expect("drawing never fails");
    terminal
}

/// Sends one key press.
pub fn press(app: &mut TestApp, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_event(&Event::Key(KeyEvent::new(code, modifiers)));
}

/// Sends Ctrl + `c`.
pub fn ctrl(app: &mut TestApp, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Sends a plain key.
pub fn key(app: &mut TestApp, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

/// Types text key by key, Enter for each newline.
pub fn type_text(app: &mut TestApp, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            key(app, KeyCode::Enter);
        } else {
            key(app, KeyCode::Char(c));
        }
    }
}

/// Adds an attendee through the form: name, role, time zone, expertise, then the side
/// (number of Space presses from Customer) and flags (DRI, primary contact, technical).
pub fn add_attendee(app: &mut TestApp, fields: [&str; 4], side_steps: usize, flags: [bool; 3]) {
    ctrl(app, 'a');
    for (i, field) in fields.iter().enumerate() {
        type_text(app, field);
        if i < 3 {
            key(app, KeyCode::Tab);
        }
    }
    key(app, KeyCode::Tab);
    for _ in 0..side_steps {
        key(app, KeyCode::Char(' '));
    }
    for flag in flags {
        key(app, KeyCode::Tab);
        if flag {
            key(app, KeyCode::Char(' '));
        }
    }
    key(app, KeyCode::Enter);
}
pub mod tmux;
