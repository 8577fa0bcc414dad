//! The terminal shell. Layers, each using only those before it:
//! `action`, `keymap`, `theme`, `text` ← `widgets` ← `app` (and `start`) ← `view` ← this
//! loop. The loop reads events, turns them into actions (`App::action_for`), applies
//! them (`App::update`) and carries out the effects that come back: it is the only
//! place with I/O (the disk, the clipboard, the terminal, the environment).

pub mod action;
pub mod app;
pub mod keymap;
pub mod saver;
pub mod start;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

use std::collections::VecDeque;
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use crossterm::clipboard::CopyToClipboard;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode};
use crossterm::execute;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use ratatui::{DefaultTerminal, Terminal};

use self::action::{Action, Effect, ExportReport, SaveReport};
use self::app::{App, Outcome};
use self::saver::Saver;
use self::start::{Picked, StartScreen};
use crate::core::clock::Clock;
use crate::core::meeting::Meeting;
use crate::core::store::{Store, write_atomic};

/// How often the screen is redrawn without input: the timers show seconds.
const TICK: Duration = Duration::from_secs(1);

/// Turns bracketed paste on for as long as it lives, so pasted text arrives as one event.
struct BracketedPaste;

impl BracketedPaste {
    fn enable() -> Self {
        // Terminals without bracketed paste deliver pasted text as keys, which also works.
        let _ = execute!(io::stdout(), EnableBracketedPaste);
        Self
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
    }
}

/// Where the session file and the exports go.
pub struct Disk {
    store: Option<Store>,
    saver: Option<Saver>,
    /// The meeting as last handed over, for note-only saves written in place.
    latest: Option<Meeting>,
    /// Where an export goes when the data directory refuses writes, in order.
    pub fallback_dirs: Vec<PathBuf>,
}

impl Disk {
    /// Nowhere: saves and exports are dropped (the clipboard still gets the export).
    pub fn none() -> Self {
        Self {
            store: None,
            saver: None,
            latest: None,
            fallback_dirs: Vec::new(),
        }
    }

    /// Saves written into `store` on the calling thread.
    pub fn in_place(store: Store) -> Self {
        Self {
            store: Some(store),
            ..Self::none()
        }
    }

    /// Saves handed to `saver`'s thread (typing never waits for the disk); exports written
    /// into `store`, else into the working directory or the home directory.
    pub fn with_saver(store: Store, saver: Saver) -> Self {
        Self {
            store: Some(store),
            saver: Some(saver),
            latest: None,
            fallback_dirs: std::env::current_dir()
                .into_iter()
                .chain(std::env::home_dir())
                .collect(),
        }
    }

    /// Hands over the meeting as it is on disk already, for later note-only saves.
    fn seed(&mut self, meeting: &Meeting) {
        match &self.saver {
            Some(saver) => saver.seed(meeting.clone()),
            None if self.store.is_some() => self.latest = Some(meeting.clone()),
            None => {}
        }
    }

    /// Saves the whole meeting, or new notes for one section; reports the outcome.
    fn save(&mut self, effect: Effect) -> Option<SaveReport> {
        if let Some(saver) = &self.saver {
            match effect {
                Effect::SaveMeeting(meeting) => saver.submit(*meeting),
                Effect::SaveNotes { section, notes } => saver.submit_notes(section, notes),
                _ => return None,
            }
            let status = saver.status();
            return Some(SaveReport {
                path: status.path,
                error: status.error,
            });
        }
        let store = self.store.as_ref()?;
        match effect {
            Effect::SaveMeeting(meeting) => self.latest = Some(*meeting),
            Effect::SaveNotes { section, notes } => {
                let record = self
                    .latest
                    .as_mut()
                    .and_then(|m| m.sections.get_mut(section))?;
                record.notes = notes;
            }
            _ => return None,
        }
        let meeting = self.latest.as_ref()?;
        Some(match store.save(meeting) {
            Ok(path) => SaveReport {
                path: Some(path),
                error: None,
            },
            Err(e) => SaveReport {
                path: None,
                error: Some(e.to_string()),
            },
        })
    }

    /// What the background saver last managed to do, if there is one.
    fn status(&self) -> Option<SaveReport> {
        self.saver.as_ref().map(|saver| {
            let status = saver.status();
            SaveReport {
                path: status.path,
                error: status.error,
            }
        })
    }

    /// Writes the export into the data directory, or the first fallback that takes it.
    fn write_export(&self, id: &str, markdown: &str) -> ExportReport {
        let Some(store) = &self.store else {
            return ExportReport::NoStore;
        };
        match store.write_export(id, markdown) {
            Ok(path) => ExportReport::Written(path),
            Err(e) => {
                let name = format!("{id}.md");
                let fallback = self.fallback_dirs.iter().find_map(|dir| {
                    let path = dir.join(&name);
                    write_atomic(&path, markdown.as_bytes()).ok().map(|()| path)
                });
                ExportReport::Refused {
                    error: e.to_string(),
                    fallback,
                }
            }
        }
    }
}

/// The meeting screen without the terminal: the app, the disk it saves to and the clock.
/// The loop drives it, and tests drive it the same way.
pub struct Shell {
    /// The model.
    pub app: App,
    /// Where saves and exports go.
    pub disk: Disk,
    clock: Box<dyn Clock>,
}

impl Shell {
    /// A shell over `app`; the disk learns the meeting as it is.
    pub fn new(app: App, mut disk: Disk, clock: Box<dyn Clock>) -> Self {
        disk.seed(app.meeting());
        Self { app, disk, clock }
    }

    /// The current time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// Handles one terminal event; returns the effects left for the terminal (copy,
    /// suspend, quit, redraw).
    pub fn handle_event(&mut self, event: &Event) -> Vec<Effect> {
        match self.app.action_for(event) {
            Some(action) => self.dispatch(action),
            None => Vec::new(),
        }
    }

    /// A second passed: collects the saver's news and ticks the app. Returns the effects
    /// left for the terminal; [`Effect::Redraw`] among them when the screen changed.
    pub fn tick(&mut self) -> Vec<Effect> {
        let mut effects = match self.disk.status() {
            Some(report) => self.dispatch(Action::Saved(report)),
            None => Vec::new(),
        };
        effects.extend(self.dispatch(Action::Tick));
        effects
    }

    /// Applies `action` and carries out the disk effects it leads to, feeding their
    /// reports back to the app; returns the effects left for the terminal.
    pub fn dispatch(&mut self, action: Action) -> Vec<Effect> {
        let now = self.now();
        let mut queue: VecDeque<Effect> = self.app.update(action, now).into();
        let mut left = Vec::new();
        while let Some(effect) = queue.pop_front() {
            let report = match effect {
                Effect::SaveMeeting(_) | Effect::SaveNotes { .. } => {
                    self.disk.save(effect).map(Action::Saved)
                }
                Effect::WriteExport { id, markdown } => {
                    Some(Action::Exported(self.disk.write_export(&id, &markdown)))
                }
                Effect::SuggestSlots(request) => {
                    let found = Box::new(request.run());
                    Some(Action::SlotsSuggested { request, found })
                }
                other => {
                    left.push(other);
                    None
                }
            };
            if let Some(report) = report {
                queue.extend(self.app.update(report, now));
            }
        }
        left
    }

    /// Sizes the notes view for a screen of `area` (before drawing it).
    pub fn fit(&mut self, area: Rect) {
        if let Some(notes) = view::notes_area(&self.app, area) {
            self.dispatch(Action::NotesResized {
                width: notes.width,
                height: notes.height,
            });
        }
    }

    /// Fits the notes view to the terminal and draws the screen.
    pub fn draw<B: Backend>(&mut self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        let size = terminal.size()?;
        self.fit(Rect::new(0, 0, size.width, size.height));
        let now = self.now();
        terminal.draw(|frame| view::draw(frame, &self.app, now))?;
        Ok(())
    }

    /// Saves the whole meeting now (a new meeting's first save, the last one).
    pub fn save_now(&mut self) {
        let meeting = Box::new(self.app.meeting().clone());
        if let Some(report) = self.disk.save(Effect::SaveMeeting(meeting)) {
            self.app.update(Action::Saved(report), self.now());
        }
    }

    /// Saves everything, stops the background saver after it wrote what it holds, and
    /// says what to report.
    pub fn finish(&mut self) -> Outcome {
        self.save_now();
        if let Some(saver) = self.disk.saver.take() {
            let status = saver.finish();
            let report = SaveReport {
                path: status.path,
                error: status.error,
            };
            self.app.update(Action::Saved(report), self.now());
        }
        self.app.outcome()
    }
}

/// Runs the start screen until the user picks something.
pub fn run_start(terminal: &mut DefaultTerminal, screen: &mut StartScreen) -> io::Result<Picked> {
    let _paste = BracketedPaste::enable();
    loop {
        terminal.draw(|frame| {
            let area = frame.area();
            frame.render_widget(&*screen, area);
            if let Some(position) = view::start::cursor_position(screen, area) {
                frame.set_cursor_position(position);
            }
        })?;
        let event = event::read()?;
        if let Some(picked) = screen
            .action_for(&event)
            .and_then(|action| screen.update(action))
        {
            return Ok(picked);
        }
    }
}

/// What the loop does after an effect meant for the terminal.
enum Next {
    Continue,
    Redraw,
    Quit,
}

/// Runs the meeting screen until the user quits.
pub fn run_meeting(terminal: &mut DefaultTerminal, shell: &mut Shell) -> io::Result<()> {
    let _paste = BracketedPaste::enable();
    // A way to test the crash path end to end; debug builds only.
    let debug_panic = cfg!(debug_assertions) && std::env::var_os("KICKOFF_DEBUG_PANIC").is_some();
    let mut last_tick = Instant::now();
    // Drawing only when something may have changed: an idle, paused meeting writes
    // nothing to the terminal between the header clock's minutes.
    let mut redraw = true;
    loop {
        if redraw {
            shell.draw(terminal)?;
            redraw = false;
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout)? {
            // Handle everything already waiting before drawing again, so a paste or fast
            // typing never queues up behind redraws.
            loop {
                let event = event::read()?;
                if debug_panic
                    && let Event::Key(key) = &event
                    && key.code == KeyCode::F(12)
                {
                    panic!("panic requested with F12 (KICKOFF_DEBUG_PANIC is set)");
                }
                for effect in shell.handle_event(&event) {
                    if let Next::Quit = carry_out(terminal, effect)? {
                        return Ok(());
                    }
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            redraw = true;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            for effect in shell.tick() {
                match carry_out(terminal, effect)? {
                    Next::Quit => return Ok(()),
                    Next::Redraw => redraw = true,
                    Next::Continue => {}
                }
            }
        }
    }
}

/// Carries out an effect meant for the terminal.
fn carry_out(terminal: &mut DefaultTerminal, effect: Effect) -> io::Result<Next> {
    Ok(match effect {
        Effect::Copy(text) => {
            // OSC 52: the terminal puts it on the system clipboard (over SSH too).
            let _ = execute!(io::stdout(), CopyToClipboard::to_clipboard_from(text));
            Next::Continue
        }
        Effect::Suspend => {
            suspend(terminal)?;
            Next::Redraw
        }
        Effect::Quit => Next::Quit,
        Effect::Redraw => Next::Redraw,
        Effect::SaveMeeting(_)
        | Effect::SaveNotes { .. }
        | Effect::WriteExport { .. }
        | Effect::SuggestSlots(_) => Next::Continue,
    })
}

/// Gives the terminal back and stops the process like any shell job; `fg` continues here
/// with a full redraw. The meeting clock keeps running meanwhile: the call goes on.
#[cfg(unix)]
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Execution continues here after SIGCONT.
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    terminal.clear()
}

/// Suspending is a Unix job-control feature; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
fn suspend(_terminal: &mut DefaultTerminal) -> io::Result<()> {
    Ok(())
}
