//! Everything a user can do in the meeting screen: the closed vocabulary that key events
//! are turned into. Only `App::update` acts on them.

/// One thing the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Write the Markdown export and copy it to the clipboard.
    Export,
    /// Show or hide the list of keys.
    ToggleHelp,
    /// Save and quit.
    Quit,
    /// Save, give the terminal back and stop the process (Ctrl-Z); `fg` continues.
    Suspend,
}
