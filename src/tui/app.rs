//! The meeting screen's model: the meeting, the notes editor and its view, focus, forms,
//! banners. [`App::action_for`] turns a terminal event into an [`Action`] (reading the
//! state, changing nothing); [`App::update`] is the only place that changes state, and
//! it returns the [`Effect`]s (saves, the export, the clipboard, quit) for the loop to
//! carry out. No I/O happens here.

mod seat;

use std::path::PathBuf;

use chrono::{DateTime, Duration, FixedOffset};
use crossterm::event::{Event, KeyEventKind};

use super::action::{
    Action, EditorCommand, Effect, ExportReport, FormCommand, SaveReport, SlotRequest,
};
use super::keymap;
use super::text::shorten;
use super::theme::Theme;
use super::widgets::editor::{NotesEditor, NotesView, Within};
use super::widgets::form::{Form, FormKind, FormOutcome, Refused};
use super::widgets::schedule::{self, Context, Offer, Offering};
use crate::core::drift::{self, Detector, DriftContext, Finding};
use crate::core::export::{self, Options, Version, followup};
use crate::core::meeting::{
    Attendee, DriftOutcome, Line, ListKind, Meeting, Moved, NoteChange, NoteEdit, Phase,
    TimeStatus, format_duration,
};
use crate::core::slot_report;
use crate::core::slots::{Person, Suggestions};
use crate::core::zone::Zone;

pub use self::seat::{Knock, Peer, Seats, place};

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
    /// The panes in Tab order.
    pub const ORDER: [Focus; 5] = [
        Focus::Notes,
        Focus::Prompts,
        Focus::Attendees,
        Focus::Actions,
        Focus::ParkingLot,
    ];

    /// The pane's place in the Tab order, and in the selected rows.
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
    /// A label on the same line under a troubleshooting finding: the customer version
    /// leaves a note that labels a person out, whatever else it says.
    pub label: Option<Finding>,
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
    /// Where each version of the export went, as last written (on the way out, every
    /// version written or found during the session is written again: none is stale).
    pub exports: Vec<(Version, PathBuf)>,
    /// Where the follow-up message went (its plain text), if it was written.
    pub followup_to: Option<PathBuf>,
    /// Where the meeting stands.
    pub phase: Phase,
}

/// What the app is configured with (read by the caller: the app reads no environment).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The styles the screen is drawn with.
    pub theme: Theme,
    /// Checks notes for drift (from the user's config file).
    pub detector: Detector,
    /// How exports and the follow-up are written (from the user's config file).
    pub export: Options,
    /// The ASE: zone and working hours (from the config file, the zone detected when not
    /// configured); `None` when the zone is not known.
    pub ase: Option<Person>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme { color: true },
            detector: Detector::default(),
            export: Options::default(),
            ase: None,
        }
    }
}

/// The meeting screen.
pub struct App {
    meeting: Meeting,
    notes: NotesEditor,
    notes_view: NotesView,
    focus: Focus,
    /// Selected row in each list pane, by [`Focus::index`].
    selected: [usize; 5],
    form: Option<Form>,
    help: bool,
    drift: Option<DriftFlag>,
    detector: Detector,
    dismissed: Vec<(usize, String)>,
    /// A pending removal waiting for a second Del.
    confirm_remove: Option<(Focus, usize)>,
    status: Option<Status>,
    /// The meeting changed beyond the notes since the last save.
    dirty: bool,
    /// Changes to the notes not yet handed to the disk.
    edits: Vec<NoteEdit>,
    /// The session file should take in its journal now (section change, pause, quit).
    fold: bool,
    /// The section and time status last announced in the status line.
    announced: Option<(usize, TimeStatus)>,
    saved_to: Option<PathBuf>,
    save_error: Option<String>,
    /// Where each version of the export was last written.
    exports: Vec<(Version, PathBuf)>,
    /// The versions of the export to write again on the way out: those written or
    /// found on disk during the session.
    refresh: Vec<Version>,
    followup_to: Option<PathBuf>,
    export_options: Options,
    /// The account's attendees from earlier meetings, offered by the attendee form.
    known: Vec<Attendee>,
    /// A quit is waiting for the report of its save.
    quitting: bool,
    /// Set after a quit was refused because the meeting is not saved.
    confirm_quit: bool,
    theme: Theme,
    /// The ASE, for slot suggestions and today's date.
    ase: Option<Person>,
    /// The last slot search and what it found, so reopening the form does not search again.
    slot_cache: Option<(SlotRequest, Suggestions)>,
    /// The time of the last action.
    now: DateTime<FixedOffset>,
    /// The minute of the clock in the header at the last tick.
    drawn_minute: i64,
    /// The other seats of the meeting, when it is shared.
    seats: Seats,
    /// Counts the updates that may have changed the meeting beyond its notes.
    revision: u64,
}

/// An editor over the current section's notes (in the lobby: the lobby notes). The model takes the editor's lines back
/// when the editor read line breaks differently (a `\r` in a hand-edited file), so both
/// always hold the same lines.
fn notes_editor(meeting: &mut Meeting, theme: Theme) -> NotesEditor {
    let notes = meeting.current_notes().cloned().unwrap_or_default();
    let count = notes.line_count();
    let mut editor = NotesEditor::from_notes(notes);
    // A `\r` breaks the line it is in: the editor then holds more lines than the model.
    if editor.notes().line_count() > count {
        meeting.set_current_notes(editor.notes().clone());
    }
    editor.set_placeholder("Type notes here: one note per line. Everything is saved as you type.");
    editor.set_marked(export::is_internal_line, theme.internal());
    editor
}

impl App {
    /// An app over `meeting` at `now`. A resumed meeting whose timer is paused says so, and
    /// the last line of its notes is checked for drift.
    pub fn new(mut meeting: Meeting, settings: Settings, now: DateTime<FixedOffset>) -> Self {
        let notes = notes_editor(&mut meeting, settings.theme);
        let mut app = Self {
            meeting,
            notes,
            notes_view: NotesView::default(),
            focus: Focus::Notes,
            selected: [0; 5],
            form: None,
            help: false,
            drift: None,
            detector: settings.detector,
            dismissed: Vec::new(),
            confirm_remove: None,
            status: None,
            dirty: false,
            edits: Vec::new(),
            fold: false,
            announced: None,
            saved_to: None,
            save_error: None,
            exports: Vec::new(),
            refresh: Vec::new(),
            followup_to: None,
            export_options: settings.export,
            known: Vec::new(),
            quitting: false,
            confirm_quit: false,
            theme: settings.theme,
            ase: settings.ase,
            slot_cache: None,
            now,
            drawn_minute: 0,
            seats: Seats::host(String::new()),
            revision: 0,
        };
        app.check_drift();
        if app.meeting.phase() == Phase::Paused {
            app.say(
                Tone::Warning,
                "Resumed with the timer paused where it was: ^Space starts it again.",
            );
        }
        app
    }

    // ---- reading the model ------------------------------------------------------------

    /// The meeting being run.
    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }

    /// The notes editor for the current section.
    pub fn notes(&self) -> &NotesEditor {
        &self.notes
    }

    /// How the notes are shown (size, scroll, cursor cell).
    pub fn notes_view(&self) -> NotesView {
        self.notes_view
    }

    /// Which pane has the keyboard.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The selected row of a list pane.
    pub fn selected(&self, pane: Focus) -> usize {
        self.selected[pane.index()]
    }

    /// Changes whenever an update may have changed the meeting beyond its notes (not
    /// while only the notes are typed in), so a view may keep what it drew from the rest.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The open form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.help
    }

    /// The drift banner, if any.
    pub fn drift(&self) -> Option<&DriftFlag> {
        self.drift.as_ref()
    }

    /// The status line message, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Why the last save failed, if it did.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// The styles the screen is drawn with.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// The time of the last action.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    /// The ASE's time zone, when known.
    pub fn ase_zone(&self) -> Option<Zone> {
        self.ase.as_ref().map(|p| p.zone)
    }

    /// Whether changes are waiting to be handed to the disk.
    pub fn is_dirty(&self) -> bool {
        self.dirty || !self.edits.is_empty()
    }

    /// What to report once the terminal is restored.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            id: self.meeting.id.clone(),
            saved_to: self.saved_to.clone(),
            save_error: self.save_error.clone(),
            exports: self.exports.clone(),
            followup_to: self.followup_to.clone(),
            phase: self.meeting.phase(),
        }
    }

    // ---- events to actions --------------------------------------------------------------

    /// The action a terminal event asks for in the app's current state, if any. Reads
    /// the state; changes nothing.
    pub fn action_for(&self, event: &Event) -> Option<Action> {
        let key = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => *key,
            Event::Paste(text) => return Some(Action::Paste(text.clone())),
            _ => return None,
        };
        let global = keymap::global(key);
        if let Some(form) = &self.form {
            // In a form only the quit keys stay global: everything else edits the form.
            if global == Some(Action::Quit) {
                return global;
            }
            return keymap::form(key, form.on_text()).map(Action::Form);
        }
        if global.is_some() {
            return global;
        }
        if self.help {
            return Some(Action::CloseHelp);
        }
        match self.focus {
            Focus::Notes => keymap::notes(key).map(Action::Edit),
            _ => keymap::list(key),
        }
    }

    // ---- the update -------------------------------------------------------------------

    /// Applies one action at `now`; returns what the loop should do outside the model.
    pub fn update(&mut self, action: Action, now: DateTime<FixedOffset>) -> Vec<Effect> {
        self.now = now;
        // Typing, pasting into the notes and the disk's reports leave the rest as it is.
        if !matches!(
            action,
            Action::Edit(_) | Action::Paste(_) | Action::NotesResized { .. } | Action::Saved(_)
        ) {
            self.revision += 1;
        }
        let mut effects = Vec::new();
        if is_command(&action) {
            if action != Action::Quit {
                self.confirm_quit = false;
            }
            if self.help && !matches!(action, Action::ToggleHelp | Action::Quit) {
                self.help = false;
            }
        }
        let report = is_report(&action);
        if !report && !matches!(action, Action::Tick | Action::RemoveSelected) {
            self.confirm_remove = None;
        }
        if self.joined_seat_asks(&action, &mut effects) {
            return effects;
        }
        match action {
            Action::Link(event) => self.on_link(event, &mut effects),
            Action::Invite => effects.push(Effect::MakeInvite),
            Action::AdmitSeat => self.admit(true, &mut effects),
            Action::RefuseSeat => self.admit(false, &mut effects),
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
                    Phase::Paused => {
                        self.fold = true;
                        self.say(Tone::Info, "Timer paused: ^Space resumes.");
                    }
                    Phase::Running => self.say(Tone::Info, "Timer running."),
                    Phase::Lobby => self.say(Tone::Info, "The timer starts with the agenda: ^N."),
                    Phase::Ended => {}
                }
                self.dirty = true;
            }
            Action::AddAttendee => {
                self.form = Some(Form::attendee(None, None).offering(self.known_absent()));
                self.refresh_form();
            }
            Action::AddActionItem => self.form = Some(Form::action_item(None, None)),
            Action::AddDecision => self.form = Some(Form::line(FormKind::Decision(None), "")),
            Action::AddGoal => self.form = Some(Form::line(FormKind::Goal(None), "")),
            Action::EditRegularMeeting => self.open_regular_meeting(&mut effects),
            Action::SlotsSuggested { request, found } => self.slots_suggested(*request, *found),
            Action::Park => self.park(),
            Action::Dismiss => self.dismiss(),
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
            Action::Export => {
                let markdown = self.write_export(Version::Customer, &mut effects);
                // Only the customer version ever goes to the clipboard: what is pasted
                // into the customer's project is what the customer may read.
                effects.push(Effect::Copy(markdown));
            }
            Action::ExportInternal => {
                self.write_export(Version::Internal, &mut effects);
            }
            Action::ToggleInternal => self.toggle_internal(),
            Action::FollowUp => {
                let message = followup::text_with(&self.meeting, now, &self.export_options);
                effects.push(Effect::Copy(message.plain.clone()));
                effects.push(Effect::WriteFollowUp {
                    id: self.meeting.id.clone(),
                    followup: Box::new(message),
                });
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::CloseHelp => self.help = false,
            Action::Quit => {
                // The clock stops while kickoff is closed; resuming says so.
                if self.meeting.phase() == Phase::Running {
                    self.meeting.pause(now);
                    self.dirty = true;
                }
                self.fold = true;
                if self.save_into(&mut effects) {
                    // Decided when the disk reports on this save.
                    self.quitting = true;
                } else {
                    self.decide_quit(&mut effects);
                }
            }
            Action::Suspend => {
                self.fold = true;
                self.save_into(&mut effects);
                effects.push(Effect::Suspend);
            }
            Action::SelectPrevious => {
                let index = self.focus.index();
                self.selected[index] = self.clamped_selection().saturating_sub(1);
            }
            Action::SelectNext => {
                let last = self.focus_len().saturating_sub(1);
                let index = self.focus.index();
                self.selected[index] = (self.clamped_selection() + 1).min(last);
            }
            Action::ToggleSelected => {
                let selected = self.clamped_selection();
                match self.focus {
                    Focus::Prompts => effects = self.update(Action::TogglePrompt(selected), now),
                    Focus::Actions => self.dirty |= self.meeting.toggle_action_done(selected),
                    Focus::ParkingLot => {
                        if let Some(item) = self.meeting.parking_lot.get_mut(selected) {
                            item.done = !item.done;
                            self.dirty = true;
                        }
                    }
                    // Elsewhere Space is typing, and typing goes to the notes.
                    _ => self.edit_notes(EditorCommand::Insert(' ')),
                }
            }
            Action::EditSelected => {
                let selected = self.clamped_selection();
                if self.focus == Focus::Prompts {
                    effects = self.update(Action::TogglePrompt(selected), now);
                } else {
                    self.edit_selected(selected);
                }
            }
            Action::RemoveSelected => {
                let selected = self.clamped_selection();
                self.remove_selected(selected);
            }
            Action::Edit(command) => self.edit_notes(command),
            Action::Paste(text) => self.paste(&text),
            Action::Form(command) => self.form_command(command),
            Action::Tick => {
                if self.tick() {
                    effects.push(Effect::Redraw);
                }
            }
            Action::NotesResized { width, height } => {
                self.notes.fit(&mut self.notes_view, width, height);
            }
            Action::Saved(report) => {
                if self.saved(report) {
                    effects.push(Effect::Redraw);
                }
                if self.quitting {
                    self.decide_quit(&mut effects);
                }
            }
            Action::Exported(version, report) => self.exported(version, report),
            Action::FollowUpWritten(report) => self.followup_written(report),
            Action::Announce(text) => self.say(Tone::Info, text),
            Action::Warn(text) => self.say(Tone::Warning, text),
            Action::KnownAttendees(known) => self.known = known,
            Action::ExportsFound(versions) => {
                for version in versions {
                    if !self.refresh.contains(&version) {
                        self.refresh.push(version);
                    }
                }
            }
            Action::RefreshExports => {
                if self.followup_to.is_some() {
                    effects.push(Effect::WriteFollowUp {
                        id: self.meeting.id.clone(),
                        followup: Box::new(followup::text_with(
                            &self.meeting,
                            now,
                            &self.export_options,
                        )),
                    });
                }
                for version in self.refresh.clone() {
                    effects.push(Effect::WriteExport {
                        id: self.meeting.id.clone(),
                        version,
                        markdown: export::render(&self.meeting, now, version, &self.export_options),
                    });
                }
            }
        }
        if self.dirty {
            self.revision += 1;
        }
        let counted = self.seats.counted();
        if !report {
            self.save_into(&mut effects);
        }
        self.share_presence();
        effects.extend(self.seats.drain());
        // Typing while a link is down changes the seats line's count of pending changes.
        if self.seats.counted() != counted {
            self.revision += 1;
        }
        effects
    }

    // ---- the parts of the update --------------------------------------------------------

    fn say(&mut self, tone: Tone, text: impl Into<String>) {
        let seconds = if tone == Tone::Warning { 8 } else { 5 };
        self.status = Some(Status {
            text: text.into(),
            tone,
            until: self.now + Duration::seconds(seconds),
        });
    }

    /// Hands what changed to the disk: the notes' changes line by line, the rest of the
    /// meeting without its notes, and a request to fold; returns whether there was
    /// anything.
    fn save_into(&mut self, effects: &mut Vec<Effect>) -> bool {
        let any = self.dirty || self.fold || !self.edits.is_empty();
        effects.extend(self.edits.drain(..).map(Effect::SaveEdit));
        if self.dirty {
            self.share_state();
        }
        if std::mem::take(&mut self.dirty) {
            effects.push(Effect::SaveState(Box::new(self.meeting.without_notes())));
        }
        if std::mem::take(&mut self.fold) {
            effects.push(Effect::Fold(Box::new(self.meeting.clone())));
            effects.extend(self.shared_to_save());
        }
        any
    }

    /// Records what the disk reported; returns whether the status line changes.
    fn saved(&mut self, report: SaveReport) -> bool {
        let before = self.save_error.clone();
        // News from the disk is drawn at once, even on a paused, idle screen.
        let news = report.notice.is_some();
        // A failed save stays with the disk, which tries again.
        if let Some(notice) = report.notice {
            self.say(Tone::Warning, notice);
        }
        self.save_error = report.error;
        if report.path.is_some() {
            self.saved_to = report.path;
        }
        news || before != self.save_error
    }

    /// Quits, unless the meeting is not saved and the user has not been told yet.
    fn decide_quit(&mut self, effects: &mut Vec<Effect>) {
        self.quitting = false;
        if self.save_error.is_some() && !self.confirm_quit {
            self.confirm_quit = true;
            self.say(
                Tone::Warning,
                "The meeting is NOT saved. ^E exports it; ^Q again quits and loses the unsaved changes.",
            );
        } else {
            effects.push(Effect::Quit);
        }
    }

    /// Asks for `version` of the export to be written, and kept current from now on;
    /// returns the Markdown.
    fn write_export(&mut self, version: Version, effects: &mut Vec<Effect>) -> String {
        let markdown = export::render(&self.meeting, self.now, version, &self.export_options);
        if !self.refresh.contains(&version) {
            self.refresh.push(version);
        }
        effects.push(Effect::WriteExport {
            id: self.meeting.id.clone(),
            version,
            markdown: markdown.clone(),
        });
        markdown
    }

    /// Says which version was written where.
    fn exported(&mut self, version: Version, report: ExportReport) {
        // What was written comes first: a narrow status line cuts the path, not that.
        let what = match version {
            Version::Customer => {
                "Customer version exported and sent to the terminal's clipboard (OSC 52)"
            }
            Version::Internal => "Internal version (not for the customer) exported",
        };
        let written = match report {
            ExportReport::Written(path) => {
                self.say(Tone::Info, format!("{what}: {}", path.display()));
                Some(path)
            }
            ExportReport::Refused { error, fallback } => {
                let text = match (&fallback, version) {
                    (Some(path), _) => format!(
                        "{what}: {} (the data directory refused it: {error})",
                        path.display()
                    ),
                    (None, Version::Customer) => format!(
                        "Export failed ({error}); the customer version was only sent to the terminal's clipboard (OSC 52), which some terminals ignore."
                    ),
                    (None, Version::Internal) => {
                        format!("Could not write the internal version ({error}).")
                    }
                };
                self.say(Tone::Warning, text);
                fallback
            }
            ExportReport::NoStore => {
                self.say(
                    Tone::Info,
                    match version {
                        Version::Customer => "Sent the customer version to the terminal's clipboard (OSC 52); no file was written.",
                        Version::Internal => {
                            "There is no data directory to write the internal version to."
                        }
                    },
                );
                None
            }
        };
        if let Some(path) = written {
            self.exports.retain(|(v, _)| *v != version);
            self.exports.push((version, path));
        }
    }

    /// Says where the follow-up went and by when to send it.
    fn followup_written(&mut self, report: ExportReport) {
        let send_by = export::long_date(followup::next_business_day(export::meeting_date(
            &self.meeting,
        )));
        let (tone, text) = match report {
            ExportReport::Written(path)
            | ExportReport::Refused {
                fallback: Some(path),
                ..
            } => {
                let text = format!(
                    "Follow-up written, send it by {send_by}; plain text sent to the terminal's clipboard: {} (and .md)",
                    path.display()
                );
                self.followup_to = Some(path);
                (Tone::Info, text)
            }
            ExportReport::Refused {
                error,
                fallback: None,
            } => (
                Tone::Warning,
                format!(
                    "Could not write the follow-up ({error}); it was sent to the terminal's clipboard (OSC 52): send it by {send_by}."
                ),
            ),
            ExportReport::NoStore => (
                Tone::Info,
                format!(
                    "Follow-up sent to the terminal's clipboard (OSC 52): send it by {send_by}."
                ),
            ),
        };
        self.say(tone, text);
    }

    /// The known attendees who are not in this meeting yet.
    fn known_absent(&self) -> Vec<Attendee> {
        let key = |name: &str| {
            name.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        self.known
            .iter()
            .filter(|k| {
                !self
                    .meeting
                    .attendees
                    .iter()
                    .any(|a| key(&a.name) == key(&k.name))
            })
            .cloned()
            .collect()
    }

    /// Marks the note line under the cursor, or the selected action item or parked
    /// topic, internal, or public again.
    fn toggle_internal(&mut self) {
        let key = keymap::key_for(&Action::ToggleInternal);
        let index = self.clamped_selection();
        let internal = match self.focus {
            Focus::Notes => {
                if self.meeting.phase() == Phase::Lobby {
                    self.say(
                        Tone::Info,
                        "The agenda has not started: ^N starts it, ^A adds an attendee.",
                    );
                    return;
                }
                let row = self.notes.cursor_byte().0;
                let Some(line) = self.notes.notes().get(row) else {
                    return;
                };
                let Some(toggled) = export::toggle_internal_line(line, 0) else {
                    return;
                };
                self.notes.replace_line(row, &toggled, &mut self.notes_view);
                self.notes_changed();
                export::is_internal_line(&toggled)
            }
            Focus::Actions => match self.meeting.actions.get_mut(index) {
                Some(item) => {
                    item.internal = !item.internal;
                    self.dirty = true;
                    item.internal
                }
                None => return,
            },
            Focus::ParkingLot => match self.meeting.parking_lot.get_mut(index) {
                Some(item) => {
                    item.internal = !item.internal;
                    self.dirty = true;
                    item.internal
                }
                None => return,
            },
            Focus::Prompts | Focus::Attendees => {
                self.say(
                    Tone::Info,
                    format!("{key} marks a note line, an action item or a parked topic internal: Esc goes back to the notes."),
                );
                return;
            }
        };
        if internal {
            self.say(
                Tone::Info,
                format!("Marked internal: it stays out of the customer version ({key} again makes it public)."),
            );
        } else {
            self.say(
                Tone::Info,
                "Public again: it goes into the customer version.",
            );
        }
    }

    fn dismiss(&mut self) {
        if self.form.take().is_some() {
        } else if let Some(flag) = self.drift.take() {
            let line = self
                .notes
                .notes()
                .get(flag.line)
                .map(|l| l.trim().to_owned());
            self.dismissed
                .push((self.meeting.current, line.unwrap_or_default()));
            self.meeting.log_drift(
                flag.finding.kind,
                &flag.finding.matched,
                DriftOutcome::Dismissed,
                self.now,
            );
            self.dirty = true;
        } else {
            self.focus = Focus::Notes;
        }
    }

    fn edit_notes(&mut self, command: EditorCommand) {
        // Typing always goes to the notes (in the lobby: the notes before the meeting),
        // no mode to remember.
        self.focus = Focus::Notes;
        if self.notes.apply(command, &mut self.notes_view) {
            self.notes_changed();
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some(form) = self.form.as_mut() {
            form.paste(text);
            self.refresh_form();
            return;
        }
        // The editor normalizes line breaks and drops control characters.
        self.focus = Focus::Notes;
        self.notes.insert_str(text, &mut self.notes_view);
        self.notes_changed();
    }

    /// Hands the editor's changed lines to the model and the disk: never the whole text,
    /// and of a line changed in place only the bytes that changed.
    fn notes_changed(&mut self) {
        // In the lobby: the notes typed before the meeting.
        let section = (self.meeting.phase() != Phase::Lobby).then_some(self.meeting.current);
        let changes = self.notes.take_changes();
        let alone = changes.len() == 1;
        let mut typing = false;
        for change in changes {
            let lines = self.notes.notes();
            let old = self
                .meeting
                .notes_of(section)
                .and_then(|n| n.get(change.start));
            let new = lines.get(change.start);
            // What the journal and the other seat get of a change within one line is only
            // its bytes: as the editor made it when it is the only change, else found
            // between the line's first and last differing bytes.
            let change = match (change.removed, change.inserted, old, new) {
                (1, 1, Some(old), Some(new)) => change
                    .within
                    .filter(|_| alone)
                    .and_then(|w| splice_of(change.start, w, old, new))
                    .unwrap_or_else(|| NoteChange::within_line(change.start, old, new)),
                _ => NoteChange::Lines {
                    start: change.start,
                    removed: change.removed,
                    lines: lines
                        .lines_in(change.start..change.start + change.inserted)
                        .map(Line::from)
                        .collect(),
                },
            };
            let edit = NoteEdit { section, change };
            self.share_edit(&edit);
            // Typing within a line: the meeting edits its own copy of the line's chunk
            // in place, as the editor does (sharing it would make both copy the whole
            // chunk at every key). Of several changes, each next one is read against the
            // meeting's lines as this one leaves them.
            typing = match edit.change {
                NoteChange::Splice { line, .. } if alone => {
                    self.meeting.apply_note_edit(&edit)
                        && self.meeting.notes_of(section).and_then(|n| n.get(line))
                            == self.notes.notes().get(line)
                }
                _ => false,
            };
            if !alone {
                self.meeting.apply_note_edit(&edit);
            }
            self.edits.push(edit);
        }
        // Otherwise the meeting takes the editor's chunks themselves: shared, not made
        // again.
        if !typing {
            self.meeting.adopt_notes(section, self.notes.notes());
        }
        self.check_drift();
    }

    /// Rescans the lines the last edit wrote and keeps the banner in step with the notes.
    fn check_drift(&mut self) {
        // Drift is about the agenda, which starts after the lobby.
        if self.meeting.phase() == Phase::Lobby {
            return;
        }
        let section = self.meeting.current;
        let lines = self.notes.notes();
        // A banner whose line no longer matches goes away.
        let cursor = self.notes.cursor_byte();
        if let Some(flag) = &self.drift {
            let still = lines
                .get(flag.line)
                .and_then(|l| {
                    self.detector.strongest_and_label_after(
                        drift::window(l, (cursor.0 == flag.line).then_some(cursor.1)),
                        self.troubleshooting_above(flag.line)
                            .next()
                            .unwrap_or(false),
                    )
                })
                .is_some_and(|(f, _)| f.kind == flag.finding.kind);
            if !still {
                self.drift = None;
            }
        }
        // The lines the last edit wrote: one when typing, all of them after a paste.
        let row = cursor.0;
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
            self.assess_line(r, cursor)
                .map(|(finding, label)| (r, finding, label))
        });
        if let Some((row, finding, label)) = found {
            // The talk moved on to another line without parking or dismissing the flag.
            if self.drift.as_ref().is_some_and(|old| old.line != row) {
                self.note_unresolved_drift();
            }
            self.drift = Some(DriftFlag {
                line: row,
                finding,
                label,
            });
        }
    }

    /// The drift finding for notes line `row` (of a long line, the words around `cursor`,
    /// the editor's (row, byte), or its end: see [`drift::window`]) in its context: the section, a streak of
    /// troubleshooting notes just above it (blank lines skipped, at most a few looked
    /// at), and the section's time; with the label the line also holds under a
    /// troubleshooting finding.
    fn assess_line(
        &self,
        row: usize,
        cursor: (usize, usize),
    ) -> Option<(Finding, Option<Finding>)> {
        let lines = self.notes.notes();
        let line = drift::window(lines.get(row)?, (cursor.0 == row).then_some(cursor.1));
        // The line above is read at every key (the line may go on with its thread); the
        // rest of the streak only for a line with a finding.
        let mut above = self.troubleshooting_above(row);
        let after = above.next().unwrap_or(false);
        let (finding, label) = self.detector.strongest_and_label_after(line, after)?;
        let section = self.meeting.current;
        let consecutive_flagged_notes = std::iter::once(after)
            .chain(above)
            .take(drift::STREAK + 2)
            .take_while(|&t| t)
            .count();
        let context = DriftContext {
            section_title: self
                .meeting
                .agenda
                .sections
                .get(section)
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            consecutive_flagged_notes,
            section_elapsed_secs: self
                .meeting
                .section_elapsed(section, self.now)
                .num_seconds(),
            section_planned_secs: self.meeting.section_planned(section).num_seconds(),
        };
        Some((drift::assess(finding, &context), label))
    }

    /// For each notes line above `row` that is not blank, nearest first, whether it is
    /// troubleshooting on its own: the first says whether the line at `row` may go on
    /// with its thread (see [`drift::Detector::strongest_and_label_after`]), the run of
    /// them makes a streak. Each line is scanned only when asked for.
    fn troubleshooting_above(&self, row: usize) -> impl Iterator<Item = bool> + '_ {
        self.notes
            .notes()
            .lines_in(0..row)
            .rev()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                self.detector
                    .strongest(drift::window(l, None))
                    .is_some_and(|f| f.troubleshooting_on_its_own())
            })
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

    /// The focused list's selection, within the list.
    fn clamped_selection(&self) -> usize {
        self.selected[self.focus.index()].min(self.focus_len().saturating_sub(1))
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
            Focus::Prompts | Focus::Notes => None,
        };
        self.refresh_form();
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

    fn form_command(&mut self, command: FormCommand) {
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match form.update(command) {
            FormOutcome::Editing => self.refresh_form(),
            FormOutcome::Cancel => self.form = None,
            FormOutcome::Submit => self.submit_form(),
        }
    }

    fn submit_form(&mut self) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        let now = self.now;
        let m = &mut self.meeting;
        let saved = match form.kind {
            FormKind::Attendee(index) => {
                let previous = index.and_then(|i| m.attendees.get(i));
                form.to_attendee(previous)
                    .map(|a| m.upsert_attendee(index, a, now))
            }
            FormKind::ActionItem(index) => {
                let previous = index.and_then(|i| m.actions.get(i));
                form.to_action_item(previous)
                    .map(|a| m.upsert_action(index, a))
            }
            FormKind::Decision(index) => form.to_line().map(|t| m.upsert_decision(index, t)),
            FormKind::Goal(index) => form.to_line().map(|t| m.upsert_goal(index, t)),
            FormKind::Park(index) => form.to_line().map(|t| m.upsert_parked(index, t, now)),
            FormKind::RegularMeeting => form.to_regular_meeting().map(|(r, schedule)| {
                m.set_regular_meeting(r);
                m.regular_schedule = schedule;
            }),
        };
        match saved {
            Ok(()) => self.dirty = true,
            Err(Refused) => self.form = Some(form),
        }
    }

    /// The meeting's people whose time zone is known (the ASE first), and the names of
    /// the others.
    fn people(&self) -> (Vec<Person>, Vec<String>) {
        let (mut people, unknown) = slot_report::people_of(&self.meeting.attendees);
        if let Some(ase) = &self.ase
            && !people.iter().any(|p| p.name == ase.name)
        {
            people.insert(0, ase.clone());
        }
        (people, unknown.into_iter().map(|(name, _)| name).collect())
    }

    /// Today on the ASE's clock.
    fn today(&self) -> chrono::NaiveDate {
        schedule::today(self.ase_zone().as_ref(), self.now)
    }

    /// Works out what the open form's scheduling fields say.
    fn refresh_form(&mut self) {
        if self.form.is_none() {
            return;
        }
        let (people, _) = self.people();
        let context = Context {
            now: self.now,
            today: self.today(),
            people: &people,
        };
        if let Some(form) = self.form.as_mut() {
            form.refresh(context);
        }
    }

    /// Opens the regular-meeting form and asks for slot suggestions for everyone whose
    /// time zone is known (once for the same people and meeting length).
    fn open_regular_meeting(&mut self, effects: &mut Vec<Effect>) {
        let today = self.today();
        let ase_zone = self.ase_zone();
        let schedule = self.meeting.regular_schedule.as_ref();
        let mut form = Form::regular_meeting(
            self.meeting.regular_meeting.as_ref(),
            schedule,
            ase_zone.map(|z| z.name()).as_deref(),
            today.succ_opt().unwrap_or(today),
        );
        let (people, left_out) = self.people();
        form.aid.left_out = left_out;
        let reference = ase_zone
            .or_else(|| schedule.and_then(|s| s.zone().ok()))
            .or_else(|| people.first().map(|p| p.zone));
        form.aid.offering = match reference {
            Some(reference) if !people.is_empty() => {
                let cadence = schedule.map(|s| s.cadence).unwrap_or_else(|| {
                    self.meeting
                        .regular_meeting
                        .as_ref()
                        .map(|r| r.cadence)
                        .unwrap_or_default()
                });
                let duration = schedule.map_or(30, |s| s.duration_minutes);
                let request = SlotRequest {
                    people,
                    search: schedule::slot_search(reference, today, cadence, duration),
                    limit: 3,
                };
                match &self.slot_cache {
                    Some((asked, found)) if *asked == request => Offering::Ready(Offer {
                        search: request.search,
                        found: found.clone(),
                        picked: None,
                    }),
                    _ => {
                        effects.push(Effect::SuggestSlots(Box::new(request)));
                        Offering::Pending
                    }
                }
            }
            _ => Offering::NoPeople,
        };
        self.form = Some(form);
        self.refresh_form();
    }

    /// The slots asked for came back: the open regular-meeting form offers them.
    fn slots_suggested(&mut self, request: SlotRequest, found: Suggestions) {
        if let Some(form) = self.form.as_mut()
            && form.kind == FormKind::RegularMeeting
            && form.aid.offering == Offering::Pending
        {
            form.aid.offering = Offering::Ready(Offer {
                search: request.search.clone(),
                found: found.clone(),
                picked: None,
            });
        }
        self.slot_cache = Some((request, found));
        self.refresh_form();
    }

    /// Logs the banner on screen as drift that stayed in the notes, and clears it.
    fn note_unresolved_drift(&mut self) {
        if let Some(flag) = self.drift.take() {
            self.meeting.log_drift(
                flag.finding.kind,
                &flag.finding.matched,
                DriftOutcome::Noted,
                self.now,
            );
            self.dirty = true;
        }
    }

    fn after_move(&mut self, moved: Moved) {
        self.notes = notes_editor(&mut self.meeting, self.theme);
        self.fold = true;
        self.notes_view = self.notes_view.reset();
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
                        "Meeting ended.{extra} ^E exports the notes, ^F writes the follow-up; ^P reopens the last section."
                    ),
                );
            }
            Moved::To { .. } | Moved::Stayed => {}
        }
    }

    fn park(&mut self) {
        let Some(flag) = self.drift.take() else {
            self.form = Some(Form::line(FormKind::Park(None), ""));
            return;
        };
        let reason = format!("{}: \"{}\"", flag.finding.reason, flag.finding.matched);
        let edit = NoteEdit {
            section: Some(self.meeting.current),
            change: NoteChange::Lines {
                start: flag.line,
                removed: 1,
                lines: Vec::new(),
            },
        };
        if self
            .meeting
            .current_notes()
            .is_some_and(|n| flag.line < n.lines().len())
        {
            self.share_edit(&edit);
        }
        let parked = self.meeting.park_note_line(
            flag.line,
            flag.finding.kind,
            &flag.finding.matched,
            &reason,
            self.now,
        );
        if let Some(text) = parked {
            self.edits.push(edit);
            let (row, col) = self.notes.cursor();
            self.notes = notes_editor(&mut self.meeting, self.theme);
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
        }
    }

    /// A second passed: announces the section's time and expires the status line.
    ///
    /// Returns whether the screen may look different from the last frame: the timers
    /// move every second while the meeting runs, the header clock every minute, and the
    /// status line when a message expires.
    fn tick(&mut self) -> bool {
        self.announce_time();
        let had_status = self.status.is_some();
        if self.status.as_ref().is_some_and(|s| s.until <= self.now) {
            self.status = None;
        }
        let minute = self.now.timestamp().div_euclid(60);
        let new_minute = std::mem::replace(&mut self.drawn_minute, minute) != minute;
        self.meeting.phase() == Phase::Running || new_minute || had_status != self.status.is_some()
    }

    /// Says once when the section on screen nears its planned end, and once when it
    /// passes it, so a glance at the status line is enough.
    fn announce_time(&mut self) {
        if self.meeting.phase() != Phase::Running {
            return;
        }
        let now = self.now;
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
}

/// Whether an action is a command of the global key table (they close the help and
/// cancel a pending quit confirmation).
fn is_command(action: &Action) -> bool {
    keymap::GLOBAL
        .iter()
        .any(|b| std::mem::discriminant(&b.action) == std::mem::discriminant(action))
        || *action == Action::CloseHelp
}

/// Whether an action reports on the outside world rather than asking for something.
fn is_report(action: &Action) -> bool {
    matches!(
        action,
        Action::Saved(_)
            | Action::Exported(..)
            | Action::FollowUpWritten(_)
            | Action::NotesResized { .. }
            | Action::Announce(_)
            | Action::Warn(_)
            | Action::KnownAttendees(_)
            | Action::ExportsFound(_)
            | Action::RefreshExports
            | Action::SlotsSuggested { .. }
    )
}

/// The splice the editor reports ([`Within`]) that turned line `line` from `old` into
/// `new`, if it does.
fn splice_of(line: usize, w: Within, old: &str, new: &str) -> Option<NoteChange> {
    let fits = old.len().checked_sub(w.cut).map(|n| n + w.len) == Some(new.len());
    let text = new.get(w.at..w.at + w.len).filter(|_| fits)?;
    Some(NoteChange::Splice {
        line,
        at: w.at,
        cut: w.cut,
        text: text.to_owned(),
    })
}
