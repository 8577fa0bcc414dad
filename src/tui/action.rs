//! The shell's vocabulary. Everything a user (or the clock, or the disk) can tell the
//! meeting screen is an [`Action`]; everything the screen asks the outside world to do is
//! an [`Effect`]. Key events become actions in `keymap`; only `App::update` acts on them,
//! and only the loop in `tui.rs` carries out effects.

use std::path::PathBuf;

use crate::core::export::Version;
use crate::core::export::followup::FollowUp;
use crate::core::meeting::{Attendee, Meeting, NoteEdit};
use crate::core::slots::{self, Person, SlotSearch, Suggestions};

/// One thing that happened to the meeting screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start the meeting from the lobby, or move to the next section (ends after the last).
    NextSection,
    /// Move back a section (reopens an ended meeting).
    PreviousSection,
    /// Tick the first unticked prompt of the section.
    TickNextPrompt,
    /// Tick or untick prompt N (0-based) of the section.
    TogglePrompt(usize),
    /// Pause or resume the section timer.
    TogglePause,
    /// Open the form to add an attendee.
    AddAttendee,
    /// Open the form to add an action item.
    AddActionItem,
    /// Open the form to record a decision.
    AddDecision,
    /// Open the form to record a customer goal.
    AddGoal,
    /// Park the flagged note, or open the form to park a topic.
    Park,
    /// Open the form for the agreed regular meeting.
    EditRegularMeeting,
    /// Dismiss the drift banner, close an overlay, or go back to the notes.
    Dismiss,
    /// Move the focus to the next pane.
    FocusNext,
    /// Move the focus to the previous pane.
    FocusPrevious,
    /// Write the customer version of the export and send it to the terminal's clipboard
    /// (OSC 52).
    Export,
    /// Write the internal version of the export (not copied: the clipboard only ever
    /// gets what the customer may read).
    ExportInternal,
    /// Mark the note line under the cursor, or the selected action item or parked topic,
    /// internal; or public again.
    ToggleInternal,
    /// Write the follow-up message next to the exports and copy its plain text.
    FollowUp,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Close the help overlay (any key that is not bound does this while it is open).
    CloseHelp,
    /// Save and quit.
    Quit,
    /// Save, give the terminal back and stop the process (Ctrl-Z); `fg` continues.
    Suspend,
    /// Select the row above in the focused list.
    SelectPrevious,
    /// Select the row below in the focused list.
    SelectNext,
    /// Open the selected row in a form (on a prompt: tick it).
    EditSelected,
    /// Tick the selected prompt or action item.
    ToggleSelected,
    /// Remove the selected row (the first press asks, the second removes).
    RemoveSelected,
    /// Edit the notes (typing from a list goes back to the notes too).
    Edit(EditorCommand),
    /// Insert pasted text into the notes, or into the focused form field.
    Paste(String),
    /// A key inside the open form.
    Form(FormCommand),
    /// A second passed: expire messages, announce the section's time, save.
    Tick,
    /// The notes pane will be drawn `width` x `height` cells: wrap and scroll for that.
    NotesResized {
        /// Columns of text.
        width: u16,
        /// Rows of text.
        height: u16,
    },
    /// The disk reported on the saves handed to it so far.
    Saved(SaveReport),
    /// The export asked for by [`Effect::WriteExport`] was written, or was not.
    Exported(Version, ExportReport),
    /// The follow-up asked for by [`Effect::WriteFollowUp`] was written, or was not.
    FollowUpWritten(ExportReport),
    /// The launcher has news for the status line (e.g. what was carried forward).
    Announce(String),
    /// The launcher has something the user must notice, shown as a warning (e.g. the
    /// last moments before a crash that the journal could not give back).
    Warn(String),
    /// The account's attendees from earlier meetings, for the attendee form to offer.
    KnownAttendees(Vec<Attendee>),
    /// These versions of the meeting's export are on disk already: they are kept
    /// current from now on.
    ExportsFound(Vec<Version>),
    /// Write again every version of the export written or found during the session, so
    /// no file kickoff names is stale (on the way out).
    RefreshExports,
    /// The slots asked for by [`Effect::SuggestSlots`] were found.
    SlotsSuggested {
        /// What was asked.
        request: Box<SlotRequest>,
        /// What was found.
        found: Box<Suggestions>,
    },
    /// News from the link to the other seats of the meeting.
    Link(LinkEvent),
    /// Make a one-time ticket another laptop joins the meeting with (the host).
    Invite,
    /// Let in the seat asking to join (the host).
    AdmitSeat,
    /// Turn away the seat asking to join (the host).
    RefuseSeat,
}

/// What the link to the other seats reports. A seat is numbered by the link; to a joined
/// seat, the host is the only other seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkEvent {
    /// A seat joined: the same user on this machine, or one the host let in.
    Joined {
        /// The seat's number.
        peer: u64,
        /// Who sits there, as they said.
        name: String,
        /// Whether it joined from another machine.
        remote: bool,
    },
    /// Someone with a ticket asks to join from another machine: the host lets them in or not.
    Knock {
        /// The seat's number.
        peer: u64,
        /// Who they say they are.
        name: String,
        /// The short fingerprint of their key.
        fingerprint: String,
    },
    /// A message from a seat.
    Data {
        /// The seat's number.
        peer: u64,
        /// The message.
        bytes: Vec<u8>,
    },
    /// A seat left or its link broke.
    Left {
        /// The seat's number.
        peer: u64,
        /// Why, as the link knows it.
        reason: String,
        /// The link broke (the seat may come back) rather than the seat leaving.
        lost: bool,
    },
    /// (A joined seat) the host cannot be reached: work goes on here meanwhile.
    Offline(String),
    /// (A joined seat) the host is reachable again.
    Online,
    /// (A joined seat) the host refused, or the meeting is over.
    Refused(String),
    /// A ticket was made for another laptop.
    Ticket(String),
    /// A ticket could not be made.
    TicketFailed(String),
}

/// Which seats a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// Every other seat.
    All,
    /// One seat.
    One(u64),
    /// Every other seat but one (the one a relayed message came from).
    AllBut(u64),
}

/// A search for the best weekly slots for some people (a year of dates: too slow to run
/// while drawing, so the loop runs it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotRequest {
    /// Whose working hours to fit.
    pub people: Vec<Person>,
    /// What to search.
    pub search: SlotSearch,
    /// How many slots at most.
    pub limit: usize,
}

impl SlotRequest {
    /// Runs the search.
    pub fn run(&self) -> Suggestions {
        slots::suggest(&self.people, &self.search, self.limit)
    }
}

/// An edit or a cursor move in the notes editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorCommand {
    /// Type one character.
    Insert(char),
    /// Start a new line.
    Newline,
    /// Delete the grapheme before the cursor (joining lines at the start of one).
    Backspace,
    /// Delete the grapheme after the cursor (joining lines at the end of one).
    Delete,
    /// Delete the word before the cursor.
    DeleteWordBack,
    /// Move one grapheme left.
    Left,
    /// Move one grapheme right.
    Right,
    /// Move one word left.
    WordLeft,
    /// Move one word right.
    WordRight,
    /// Move one screen row up, keeping the column.
    Up,
    /// Move one screen row down, keeping the column.
    Down,
    /// Move to the start of the screen row.
    RowStart,
    /// Move to the end of the screen row.
    RowEnd,
    /// Move a screen up.
    PageUp,
    /// Move a screen down.
    PageDown,
    /// Move to the top of the notes.
    Top,
    /// Move to the bottom of the notes.
    Bottom,
    /// Undo the last step.
    Undo,
    /// Redo the last undone step.
    Redo,
}

/// An edit or a cursor move in a single-line text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputCommand {
    /// Type one character.
    Insert(char),
    /// Delete the grapheme before the cursor.
    Backspace,
    /// Delete the grapheme after the cursor.
    Delete,
    /// Delete the word before the cursor.
    DeleteWordBack,
    /// Move one grapheme left.
    Left,
    /// Move one grapheme right.
    Right,
    /// Move one word left.
    WordLeft,
    /// Move one word right.
    WordRight,
    /// Move to the start of the field.
    Home,
    /// Move to the end of the field.
    End,
}

/// A key inside a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormCommand {
    /// Focus the next field.
    NextField,
    /// Focus the previous field.
    PreviousField,
    /// Change a choice or a flag (on a text field the key types instead).
    Toggle,
    /// Pick another meaning of an ambiguous time zone, or the next suggested slot.
    Choose,
    /// Save the form.
    Submit,
    /// Throw the form away.
    Cancel,
    /// Edit the focused text field.
    Input(InputCommand),
}

/// A key on the start screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAction {
    /// Highlight the choice above.
    Up,
    /// Highlight the choice below.
    Down,
    /// Open the highlighted choice.
    Open,
    /// Leave without a meeting.
    Quit,
    /// Edit the account name.
    Input(InputCommand),
    /// Insert pasted text into the account name.
    Paste(String),
}

/// What the disk last managed to do with the session file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveReport {
    /// Where the last successful save went.
    pub path: Option<PathBuf>,
    /// Why the last save failed, until one succeeds.
    pub error: Option<String>,
    /// News for the status line, once (e.g. the session file was changed by another
    /// program and moved aside).
    pub notice: Option<String>,
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportReport {
    /// Written into the data directory.
    Written(PathBuf),
    /// The data directory refused it (`error`); written to `fallback` if any place took it.
    Refused {
        /// Why the data directory refused it.
        error: String,
        /// Where it went instead.
        fallback: Option<PathBuf>,
    },
    /// There is no data directory (only the clipboard has it).
    NoStore,
}

/// Something `update` asks the outside world to do; the loop carries it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save the whole meeting now (a new meeting's first save).
    SaveMeeting(Box<Meeting>),
    /// Save one change to the notes (the cheap save while typing: it is journaled).
    SaveEdit(NoteEdit),
    /// Save everything but the notes (see `Meeting::without_notes`).
    SaveState(Box<Meeting>),
    /// Fold what was journaled into the session file (section change, pause, quit). It
    /// carries the meeting as the app holds it (a copy that shares the notes' chunks):
    /// the saver's copy takes it whole, so edits since the last fold stop costing their
    /// chunks twice.
    Fold(Box<Meeting>),
    /// Write `version` of the Markdown export of meeting `id`.
    WriteExport {
        /// The meeting id (the file name).
        id: String,
        /// Which version (the file name too).
        version: Version,
        /// The Markdown.
        markdown: String,
    },
    /// Write the follow-up message of meeting `id` next to its exports.
    WriteFollowUp {
        /// The meeting id (the file names).
        id: String,
        /// The message, plain and Markdown.
        followup: Box<FollowUp>,
    },
    /// Find the best slots for the regular meeting; report with [`Action::SlotsSuggested`].
    SuggestSlots(Box<SlotRequest>),
    /// Put text on the system clipboard.
    Copy(String),
    /// Something on screen may look different from the last frame.
    Redraw,
    /// Give the terminal back and stop the process until `fg`.
    Suspend,
    /// Leave the meeting screen.
    Quit,
    /// Send a message to other seats of the meeting.
    Send {
        /// Which seats.
        to: Recipients,
        /// The message.
        bytes: Vec<u8>,
    },
    /// Let a seat asking to join in, or turn it away.
    Admit {
        /// The seat's number.
        peer: u64,
        /// Whether it is let in.
        accept: bool,
    },
    /// Make a one-time ticket for another laptop; reported with [`LinkEvent::Ticket`].
    MakeInvite,
    /// Save the shared document of meeting `id` beside its session file (a fold of a
    /// shared meeting, on the host).
    SaveShared {
        /// The meeting id.
        id: String,
        /// The whole document.
        bytes: Vec<u8>,
    },
}
