//! Shared test fixtures: an app over the built-in introductory agenda at a fixed time.

#![allow(dead_code)]

use std::rc::Rc;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kickoff::core::agenda::{self, Agenda};
use kickoff::core::clock::{Clock, FakeClock};
use kickoff::core::meeting::Meeting;
use kickoff::core::store::Store;
use kickoff::tui::app::App;
use kickoff::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The built-in introductory agenda.
pub fn introductory() -> Agenda {
    agenda::builtin()
        .into_iter()
        .find(|a| a.name == "introductory")
        .expect("the introductory agenda is built in")
}

/// An app in the lobby of an introductory meeting with Acme Corp at 14:00 (+01:00), and
/// the clock that drives it.
pub fn app(store: Option<Store>) -> (App, Rc<FakeClock>) {
    let clock = Rc::new(FakeClock::at("2026-11-23T14:00:00+01:00"));
    let meeting = Meeting::new(
        "2026-11-23-1400-acme-corp-introductory".into(),
        "Acme Corp".into(),
        introductory(),
        clock.now(),
    );
    let mut app = App::new(meeting, Box::new(clock.clone()), store);
    app.theme = Theme { color: true };
    (app, clock)
}

/// Draws `app` once on a `width` x `height` test terminal, cursor included.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|frame| {
            frame.render_widget(app, frame.area());
            if let Some(position) = app.cursor_position() {
                frame.set_cursor_position(position);
            }
        })
        .expect("drawing never fails");
    terminal
}

/// Sends one key press.
pub fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_event(&Event::Key(KeyEvent::new(code, modifiers)));
}

/// Sends Ctrl + `c`.
pub fn ctrl(app: &mut App, c: char) {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// Sends a plain key.
pub fn key(app: &mut App, code: KeyCode) {
    press(app, code, KeyModifiers::NONE);
}

/// Types text key by key, Enter for each newline.
pub fn type_text(app: &mut App, text: &str) {
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
pub fn add_attendee(app: &mut App, fields: [&str; 4], side_steps: usize, flags: [bool; 3]) {
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
