//! The meeting screen's model: the meeting, the notes editor, focus, forms and banners.
//! `handle_event` turns terminal events into actions and edits; `update` is the only place
//! that changes the meeting.

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::editor::NotesEditor;
use super::form::{Form, FormKind, FormOutcome, Refused};
use super::keymap;
use super::saver::Saver;
use super::theme::Theme;
use crate::core::clock::Clock;
use crate::core::drift::{self, Detector, DriftContext, Finding, FindingKind};
use crate::core::export;
use crate::core::meeting::{
    DriftOutcome, ListKind, Meeting, Moved, Phase, TimeStatus, format_duration,
};
use crate::core::store::{Store, write_atomic};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The notes editor (the default: typing always lands here).
    Notes,
    /// The section's prompts.
    Prompts,
    /// The attendee table.
    Attendees,
    /// The action items.
    Actions,
    /// The parking lot.
    ParkingLot,
}

impl Focus {
    const ORDER: [Focus; 5] = [
        Focus::Notes,
        Focus::Prompts,
        Focus::Attendees,
        Focus::Actions,
        Focus::ParkingLot,
    ];

    /// The pane's place in the Tab order, and in `App::selected`.
    pub fn index(self) -> usize {
        self as usize
    }

    fn list(self) -> Option<ListKind> {
        match self {
            Focus::Attendees => Some(ListKind::Attendees),
            Focus::Actions => Some(ListKind::Actions),
            Focus::ParkingLot => Some(ListKind::ParkingLot),
            Focus::Notes | Focus::Prompts => None,
        }
    }
}

/// A drift flag on one line of the current section's notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftFlag {
    /// Line of the notes it was found on.
    pub line: usize,
    /// What matched and why.
    pub finding: Finding,
}

/// How a status message should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something the user should notice.
    Warning,
}

/// A short message in the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// How it looks.
    pub tone: Tone,
    /// When it goes away.
    pub until: DateTime<FixedOffset>,
}

/// What the app leaves behind when it quits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The session id.
    pub id: String,
    /// Where the session was saved, if it was.
    pub saved_to: Option<PathBuf>,
    /// Why the last save failed, if it did.
    pub save_error: Option<String>,
    /// Where the last export went, if any.
    pub exported_to: Option<PathBuf>,
}

/// The meeting screen.
pub struct App {
    /// The meeting being run.
    pub meeting: Meeting,
    clock: Box<dyn Clock>,
    store: Option<Store>,
    /// The notes editor for the current section.
    pub notes: NotesEditor,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Selected row in each list pane, by [`Focus::index`].
    pub selected: [usize; 5],
    /// The open form, if any.
    pub form: Option<Form>,
    /// Whether the help overlay is open.
    pub help: bool,
    /// The drift banner, if any.
    pub drift: Option<DriftFlag>,
    /// Checks notes for drift (the user's config; the defaults until `set_detector`).
    detector: Detector,
    dismissed: Vec<(usize, String)>,
    /// A pending removal waiting for a second Del.
    pub confirm_remove: Option<(Focus, usize)>,
    /// The status line message.
    pub status: Option<Status>,
    /// Text waiting to be copied to the clipboard by the terminal shell.
    pub clipboard: Option<String>,
    dirty: bool,
    /// Only the current section's notes changed since the last save.
    notes_dirty: bool,
    /// The section and time status last announced in the status line.
    announced: Option<(usize, TimeStatus)>,
    /// Where the session was last saved.
    pub saved_to: Option<PathBuf>,
    /// Why the last save failed.
    pub save_error: Option<String>,
    exported_to: Option<PathBuf>,
    /// Set when the user asked to quit.
    pub quit: bool,
    /// Set when the user asked to suspend (Ctrl-Z); the terminal shell clears it.
    pub suspend: bool,
    /// Set after a quit was refused because the meeting is not saved.
    pub confirm_quit: bool,
    saver: Option<Saver>,
    /// The styles the screen is drawn with.
    pub theme: Theme,
    /// Where an export goes when the data directory refuses writes, in order.
    pub fallback_dirs: Vec<PathBuf>,
    /// The area of the last draw: the cursor is only placed inside what was drawn.
    pub drawn_area: std::cell::Cell<ratatui::layout::Rect>,
    /// The minute of the clock in the header at the last tick.
    drawn_minute: i64,
}

fn notes_editor(notes: &str) -> NotesEditor {
    let mut editor = NotesEditor::new(notes);
    editor.set_placeholder("Type notes here: one note per line. Everything is saved as you type.");
    editor
}

impl App {
    /// An app over `meeting`, saving into `store` (none in some tests).
    pub fn new(meeting: Meeting, clock: Box<dyn Clock>, store: Option<Store>) -> Self {
        let notes = notes_editor(meeting.current_notes());
        Self {
            meeting,
            clock,
            store,
            notes,
            focus: Focus::Notes,
            selected: [0; 5],
            form: None,
            help: false,
            drift: None,
            detector: Detector::default(),
            dismissed: Vec::new(),
            confirm_remove: None,
            status: None,
            clipboard: None,
            dirty: false,
            notes_dirty: false,
            announced: None,
            saved_to: None,
            save_error: None,
            exported_to: None,
            quit: false,
            suspend: false,
            confirm_quit: false,
            saver: None,
            theme: Theme::from_env(),
            drawn_area: std::cell::Cell::default(),
            drawn_minute: 0,
            fallback_dirs: std::env::current_dir()
                .into_iter()
                .chain(std::env::home_dir())
                .collect(),
        }
    }

    /// Replaces the drift detector (built from the user's config file); the banner is
    /// re-checked against the new settings.
    pub fn set_detector(&mut self, detector: Detector) {
        self.detector = detector;
        self.drift = None;
        self.check_drift();
    }

    /// Tells a resumed meeting's user where the timer stands.
    pub fn welcome_back(&mut self) {
        if self.meeting.phase() == Phase::Paused {
            self.say(
                Tone::Warning,
                "Resumed with the timer paused where it was: ^Space starts it again.",
            );
        }
    }

    /// The current time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    /// What to report once the terminal is restored.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            id: self.meeting.id.clone(),
            saved_to: self.saved_to.clone(),
            save_error: self.save_error.clone(),
            exported_to: self.exported_to.clone(),
        }
    }

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let seconds = if tone == Tone::Warning { 8 } else { 5 };
        self.status = Some(Status {
            text: text.into(),
            tone,
            until: self.now() + Duration::seconds(seconds),
        });
    }

    /// Saves through a background thread from now on: typing never waits for the disk,
    /// and every change is handed over at once, so an emergency save has all of it.
    pub fn attach_saver(&mut self, saver: Saver) {
        saver.seed(self.meeting.clone());
        self.saver = Some(saver);
        self.save();
    }

    /// Stops the background saver after writing what it holds; returns to saving in place.
    pub fn detach_saver(&mut self) -> Option<Saver> {
        self.saver.take()
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
        if self.saver.is_some() {
            self.save();
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        // A way to test the crash path end to end; debug builds only.
        #[cfg(debug_assertions)]
        if key.code == KeyCode::F(12) && std::env::var_os("KICKOFF_DEBUG_PANIC").is_some() {
            panic!("panic requested with F12 (KICKOFF_DEBUG_PANIC is set)");
        }
        if let Some(form) = self.form.as_mut() {
            // In a form only the quit keys stay global: everything else edits the form.
            if keymap::action_for(key) == Some(Action::Quit) {
                self.update(Action::Quit);
                return;
            }
            match form.handle_key(key) {
                FormOutcome::Editing => {}
                FormOutcome::Cancel => self.form = None,
                FormOutcome::Submit => self.submit_form(),
            }
            return;
        }
        if let Some(action) = keymap::action_for(key) {
            self.update(action);
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        match self.focus {
            Focus::Notes => self.edit_notes(key),
            _ => self.list_key(key),
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(form) = self.form.as_mut() {
            form.paste(text);
            return;
        }
        // The editor normalizes line breaks and drops control characters.
        self.focus = Focus::Notes;
        self.notes.insert_str(text);
        self.notes_changed();
    }

    fn edit_notes(&mut self, key: KeyEvent) {
        if self.meeting.phase() == Phase::Lobby {
            self.say(
                Tone::Info,
                "The agenda has not started: ^N starts it, ^A adds an attendee.",
            );
            return;
        }
        if self.notes.input(key) {
            self.notes_changed();
        }
    }

    fn notes_changed(&mut self) {
        self.meeting.set_current_notes(self.notes.text());
        self.notes_dirty = true;
        self.check_drift();
    }

    /// Rescans the line being edited and keeps the banner in step with the notes.
    fn check_drift(&mut self) {
        let section = self.meeting.current;
        let lines = self.notes.lines();
        // A banner whose line no longer matches goes away.
        if let Some(flag) = &self.drift {
            let still = lines
                .get(flag.line)
                .and_then(|l| self.detector.strongest(l))
                .is_some_and(|f| f.kind == flag.finding.kind);
            if !still {
                self.drift = None;
            }
        }
        // The lines the last edit wrote: one when typing, all of them after a paste.
        let row = self.notes.cursor().0;
        let edited = self.notes.changed_lines().unwrap_or(row..row + 1);
        let found = edited.rev().find_map(|r| {
            let line = lines.get(r)?;
            let dismissed = self
                .dismissed
                .iter()
                .any(|(s, l)| *s == section && l == line.trim());
            if dismissed {
                return None;
            }
            self.assess_line(r).map(|finding| (r, finding))
        });
        if let Some((row, finding)) = found {
            // The talk moved on to another line without parking or dismissing the flag.
            if self.drift.as_ref().is_some_and(|old| old.line != row) {
                self.note_unresolved_drift();
            }
            self.drift = Some(DriftFlag { line: row, finding });
        }
    }

    /// The drift finding for notes line `row` in its context: the section, a streak of
    /// troubleshooting notes just above it (blank lines skipped, at most a few looked
    /// at), and the section's time.
    fn assess_line(&self, row: usize) -> Option<Finding> {
        let lines = self.notes.lines();
        let line = lines.get(row)?;
        let section = self.meeting.current;
        let consecutive_flagged_notes = lines
            .iter()
            .take(row)
            .rev()
            .filter(|l| !l.trim().is_empty())
            .take(drift::STREAK + 2)
            .take_while(|l| {
                self.detector
                    .strongest(l)
                    .is_some_and(|f| f.kind == FindingKind::Troubleshooting)
            })
            .count();
        let now = self.clock.now();
        let context = DriftContext {
            section_title: self
                .meeting
                .agenda
                .sections
                .get(section)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            consecutive_flagged_notes,
            section_elapsed_secs: self.meeting.section_elapsed(section, now).num_seconds(),
            section_planned_secs: self.meeting.section_planned(section).num_seconds(),
        };
        self.detector.assess(line, &context)
    }

    fn list_key(&mut self, key: KeyEvent) {
        let len = self.focus_len();
        let index = self.focus.index();
        let selected = self.selected[index].min(len.saturating_sub(1));
        match key.code {
            KeyCode::Up => self.selected[index] = selected.saturating_sub(1),
            KeyCode::Down => self.selected[index] = (selected + 1).min(len.saturating_sub(1)),
            KeyCode::Char(' ') if self.focus == Focus::Prompts => {
                self.update(Action::TogglePrompt(selected));
            }
            KeyCode::Char(' ') if self.focus == Focus::Actions => {
                if let Some(item) = self.meeting.actions.get_mut(selected) {
                    item.done = !item.done;
                    self.dirty = true;
                }
            }
            KeyCode::Enter => self.edit_selected(selected),
            KeyCode::Delete | KeyCode::Backspace => self.remove_selected(selected),
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
            {
                // Typing always goes to the notes: no mode to remember.
                self.focus = Focus::Notes;
                self.edit_notes(key);
            }
            _ => {}
        }
        if !matches!(key.code, KeyCode::Delete | KeyCode::Backspace) {
            self.confirm_remove = None;
        }
    }

    fn focus_len(&self) -> usize {
        match self.focus {
            Focus::Notes => 0,
            Focus::Prompts => self
                .meeting
                .agenda
                .sections
                .get(self.meeting.current)
                .map_or(0, |s| s.prompts.len()),
            other => other.list().map_or(0, |l| self.meeting.len_of(l)),
        }
    }

    fn edit_selected(&mut self, index: usize) {
        let m = &self.meeting;
        self.form = match self.focus {
            Focus::Attendees => m
                .attendees
                .get(index)
                .map(|a| Form::attendee(Some(index), Some(a))),
            Focus::Actions => m
                .actions
                .get(index)
                .map(|a| Form::action_item(Some(index), Some(a))),
            Focus::ParkingLot => m
                .parking_lot
                .get(index)
                .map(|p| Form::line(FormKind::Park(Some(index)), &p.text)),
            Focus::Prompts => {
                self.update(Action::TogglePrompt(index));
                None
            }
            Focus::Notes => None,
        };
    }

    fn remove_selected(&mut self, index: usize) {
        let Some(list) = self.focus.list() else {
            return;
        };
        if index >= self.meeting.len_of(list) {
            return;
        }
        if self.confirm_remove == Some((self.focus, index)) {
            self.meeting.remove(list, index);
            self.confirm_remove = None;
            self.dirty = true;
            self.say(Tone::Info, "Removed.");
        } else {
            self.confirm_remove = Some((self.focus, index));
            self.say(Tone::Warning, "Press Del again to remove it.");
        }
    }

    fn submit_form(&mut self) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        let now = self.now();
        let m = &mut self.meeting;
        let saved = match form.kind {
            FormKind::Attendee(index) => {
                let previous = index.and_then(|i| m.attendees.get(i));
                form.to_attendee(previous).map(|a| match index {
                    Some(i) if i < m.attendees.len() => m.attendees[i] = a,
                    _ => m.add_attendee(a, now),
                })
            }
            FormKind::ActionItem(index) => {
                let previous = index.and_then(|i| m.actions.get(i));
                form.to_action_item(previous).map(|mut a| match index {
                    Some(i) if i < m.actions.len() => m.actions[i] = a,
                    _ => {
                        a.section = m.current;
                        m.actions.push(a);
                    }
                })
            }
            FormKind::Decision(index) => form.to_line().map(|t| upsert(&mut m.decisions, index, t)),
            FormKind::Goal(index) => form.to_line().map(|t| upsert(&mut m.goals, index, t)),
            FormKind::Park(index) => form.to_line().map(|t| match index {
                Some(i) if i < m.parking_lot.len() => m.parking_lot[i].text = t,
                _ => m.park(t, String::new(), now),
            }),
            FormKind::RegularMeeting => form
                .to_regular_meeting()
                .map(|r| m.regular_meeting = Some(r)),
        };
        match saved {
            Ok(()) => {
                self.dirty = true;
                self.save();
            }
            Err(Refused) => self.form = Some(form),
        }
    }

    /// Applies one action.
    pub fn update(&mut self, action: Action) {
        let now = self.now();
        if action != Action::Quit {
            self.confirm_quit = false;
        }
        if self.help && !matches!(action, Action::ToggleHelp | Action::Quit) {
            self.help = false;
        }
        match action {
            Action::NextSection => {
                self.note_unresolved_drift();
                let moved = self.meeting.next(now);
                self.after_move(moved);
            }
            Action::PreviousSection => {
                self.note_unresolved_drift();
                let moved = self.meeting.previous(now);
                self.after_move(moved);
            }
            Action::TickNextPrompt => {
                if self.meeting.phase() == Phase::Lobby {
                    self.say(Tone::Info, "Start the meeting with ^N first.");
                } else if self.meeting.tick_next_prompt().is_some() {
                    self.dirty = true;
                } else {
                    self.say(Tone::Info, "Every prompt of this section is ticked.");
                }
            }
            Action::TogglePrompt(index) => {
                if self.meeting.phase() != Phase::Lobby && self.meeting.toggle_prompt(index) {
                    self.dirty = true;
                }
            }
            Action::TogglePause => {
                self.meeting.toggle_pause(now);
                match self.meeting.phase() {
                    Phase::Paused => self.say(Tone::Info, "Timer paused: ^Space resumes."),
                    Phase::Running => self.say(Tone::Info, "Timer running."),
                    Phase::Lobby => self.say(Tone::Info, "The timer starts with the agenda: ^N."),
                    Phase::Ended => {}
                }
                self.dirty = true;
            }
            Action::AddAttendee => self.form = Some(Form::attendee(None, None)),
            Action::AddActionItem => self.form = Some(Form::action_item(None, None)),
            Action::AddDecision => self.form = Some(Form::line(FormKind::Decision(None), "")),
            Action::AddGoal => self.form = Some(Form::line(FormKind::Goal(None), "")),
            Action::EditRegularMeeting => {
                self.form = Some(Form::regular_meeting(self.meeting.regular_meeting.as_ref()));
            }
            Action::Park => self.park(),
            Action::Dismiss => {
                if self.form.take().is_some() {
                } else if let Some(flag) = self.drift.take() {
                    let line = self
                        .notes
                        .lines()
                        .get(flag.line)
                        .map(|l| l.trim().to_owned());
                    self.dismissed
                        .push((self.meeting.current, line.unwrap_or_default()));
                    self.meeting.log_drift(
                        flag.finding.kind,
                        &flag.finding.matched,
                        DriftOutcome::Dismissed,
                        now,
                    );
                    self.dirty = true;
                } else {
                    self.focus = Focus::Notes;
                }
            }
            Action::FocusNext | Action::FocusPrevious => {
                let i = self.focus.index();
                let n = Focus::ORDER.len();
                let step = if action == Action::FocusNext {
                    1
                } else {
                    n - 1
                };
                self.focus = Focus::ORDER[(i + step) % n];
            }
            Action::Export => self.export(),
            Action::ToggleHelp => self.help = !self.help,
            Action::Quit => {
                // The clock stops while kickoff is closed; resuming says so.
                if self.meeting.phase() == Phase::Running {
                    self.meeting.pause(now);
                    self.dirty = true;
                }
                self.save();
                if self.save_error.is_some() && !self.confirm_quit {
                    self.confirm_quit = true;
                    self.say(
                        Tone::Warning,
                        "The meeting is NOT saved. ^E exports it; ^Q again quits and loses the unsaved changes.",
                    );
                } else {
                    self.quit = true;
                }
            }
            Action::Suspend => {
                self.save();
                self.suspend = true;
            }
        }
    }

    /// Logs the banner on screen as drift that stayed in the notes, and clears it.
    fn note_unresolved_drift(&mut self) {
        if let Some(flag) = self.drift.take() {
            let now = self.now();
            self.meeting.log_drift(
                flag.finding.kind,
                &flag.finding.matched,
                DriftOutcome::Noted,
                now,
            );
            self.dirty = true;
        }
    }

    fn after_move(&mut self, moved: Moved) {
        self.notes = notes_editor(self.meeting.current_notes());
        self.drift = None;
        self.selected[Focus::Prompts.index()] = 0;
        self.dirty = true;
        match moved {
            Moved::To { unticked_left, .. } if unticked_left > 0 => {
                let s = if unticked_left == 1 { "" } else { "s" };
                self.say(
                    Tone::Warning,
                    format!("{unticked_left} prompt{s} left unticked in the previous section (^P goes back)."),
                );
            }
            Moved::Ended { unticked_left } => {
                let extra = if unticked_left > 0 {
                    format!(" {unticked_left} prompt(s) left unticked.")
                } else {
                    String::new()
                };
                self.say(
                    Tone::Info,
                    format!(
                        "Meeting ended.{extra} ^E exports the notes; ^P reopens the last section."
                    ),
                );
            }
            Moved::To { .. } | Moved::Stayed => {}
        }
        self.save();
    }

    fn park(&mut self) {
        let now = self.now();
        let Some(flag) = self.drift.take() else {
            self.form = Some(Form::line(FormKind::Park(None), ""));
            return;
        };
        let reason = format!("{}: \"{}\"", flag.finding.reason, flag.finding.matched);
        let parked = self.meeting.park_note_line(
            flag.line,
            flag.finding.kind,
            &flag.finding.matched,
            &reason,
            now,
        );
        if let Some(text) = parked {
            let (row, col) = self.notes.cursor();
            self.notes = notes_editor(self.meeting.current_notes());
            let row = if row > flag.line {
                row - 1
            } else {
                row.min(flag.line)
            };
            self.notes.set_cursor(row, col);
            self.dirty = true;
            self.say(
                Tone::Info,
                format!("Parked as a follow-up: {}", shorten(&text, 60)),
            );
            self.save();
        }
    }

    fn export(&mut self) {
        let markdown = export::to_markdown_at(&self.meeting, self.now());
        match &self.store {
            Some(store) => match store.write_export(&self.meeting.id, &markdown) {
                Ok(path) => {
                    self.say(
                        Tone::Info,
                        format!(
                            "Exported to {} and copied to the clipboard.",
                            path.display()
                        ),
                    );
                    self.exported_to = Some(path);
                }
                Err(e) => {
                    // The data directory refuses writes: put the notes somewhere that works.
                    let name = format!("{}.md", self.meeting.id);
                    let fallback = self.fallback_dirs.iter().find_map(|dir| {
                        let path = dir.join(&name);
                        write_atomic(&path, markdown.as_bytes()).ok().map(|()| path)
                    });
                    let text = match &fallback {
                        Some(path) => format!(
                            "Could not export into the data directory ({e}); wrote {} instead and copied it to the clipboard.",
                            path.display()
                        ),
                        None => format!("Export failed ({e}); the Markdown is on the clipboard."),
                    };
                    self.say(Tone::Warning, text);
                    self.exported_to = fallback.or(self.exported_to.take());
                }
            },
            None => self.say(Tone::Info, "Copied the Markdown to the clipboard."),
        }
        self.clipboard = Some(markdown);
        self.save();
    }

    /// Called once a second: autosaves and expires the status line.
    ///
    /// Returns whether the screen may look different from the last frame: the timers
    /// move every second while the meeting runs, the header clock every minute, and the
    /// status line when a message expires or the save state changes.
    pub fn tick(&mut self) -> bool {
        self.announce_time();
        let before = (self.save_error.clone(), self.status.is_some());
        if let Some(saver) = &self.saver {
            let status = saver.status();
            self.save_error = status.error;
            if status.path.is_some() {
                self.saved_to = status.path;
            }
        }
        if self.status.as_ref().is_some_and(|s| s.until <= self.now()) {
            self.status = None;
        }
        self.save();
        let minute = self.now().timestamp().div_euclid(60);
        let new_minute = std::mem::replace(&mut self.drawn_minute, minute) != minute;
        self.meeting.phase() == Phase::Running
            || new_minute
            || before != (self.save_error.clone(), self.status.is_some())
    }

    /// Says once when the section on screen nears its planned end, and once when it
    /// passes it, so a glance at the status line is enough.
    fn announce_time(&mut self) {
        if self.meeting.phase() != Phase::Running {
            return;
        }
        let now = self.now();
        let index = self.meeting.current;
        let status = self.meeting.section_status(index, now);
        if self.announced == Some((index, status)) {
            return;
        }
        let previous = self.announced.replace((index, status));
        // Only changes within a section are news; arriving in a section is not.
        if previous.is_none_or(|(i, _)| i != index) {
            return;
        }
        match status {
            TimeStatus::NearEnd => {
                let left = format_duration(self.meeting.section_remaining(index, now));
                self.say(Tone::Warning, format!("▲ {left} left in this section."));
            }
            TimeStatus::Over => self.say(
                Tone::Warning,
                "■ This section is over its planned time: ^N moves on, ^K parks a topic.",
            ),
            TimeStatus::OnTime => {}
        }
    }

    /// Saves the session now if anything changed.
    pub fn save(&mut self) {
        if !self.dirty && !self.notes_dirty {
            return;
        }
        if let Some(saver) = &self.saver {
            if self.dirty {
                saver.submit(self.meeting.clone());
            } else {
                saver.submit_notes(
                    self.meeting.current,
                    self.meeting.current_notes().to_owned(),
                );
            }
            self.notes_dirty = false;
            let status = saver.status();
            self.save_error = status.error;
            if status.path.is_some() {
                self.saved_to = status.path;
            }
            self.dirty = false;
            return;
        }
        let Some(store) = &self.store else {
            self.dirty = false;
            self.notes_dirty = false;
            return;
        };
        match store.save(&self.meeting) {
            Ok(path) => {
                self.saved_to = Some(path);
                self.save_error = None;
                self.dirty = false;
                self.notes_dirty = false;
            }
            Err(e) => self.save_error = Some(e.to_string()),
        }
    }

    /// Marks the meeting as changed, so the next save writes it.
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Whether changes are waiting to be saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty || self.notes_dirty
    }
}

fn upsert(items: &mut Vec<String>, index: Option<usize>, text: String) {
    match index {
        Some(i) if i < items.len() => items[i] = text,
        _ => items.push(text),
    }
}

/// `text` cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
