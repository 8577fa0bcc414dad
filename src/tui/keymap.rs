//! The keymap: one table from keys to actions. The footer and the help overlay are drawn
//! from the same table, so they always tell the truth. Keys that are not in the table fall
//! through to whatever has the focus (typed text goes into the notes or a form field).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// A key binding: the key, what it does, and how the footer and help name it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The key code.
    pub code: KeyCode,
    /// Modifiers that must be held.
    pub modifiers: KeyModifiers,
    /// What the key does.
    pub action: Action,
    /// The key as shown on screen, e.g. `^N`.
    pub key: &'static str,
    /// A one- or two-word label for the footer.
    pub label: &'static str,
    /// A sentence for the help overlay.
    pub help: &'static str,
}

const fn ctrl(
    c: char,
    action: Action,
    key: &'static str,
    label: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        action,
        key,
        label,
        help,
    }
}

/// Every binding, in the order the footer and help show them.
pub const BINDINGS: &[Binding] = &[
    ctrl(
        'n',
        Action::NextSection,
        "^N",
        "next",
        "Start, or go to the next section",
    ),
    ctrl(
        'p',
        Action::PreviousSection,
        "^P",
        "back",
        "Go back a section",
    ),
    ctrl(
        't',
        Action::TickNextPrompt,
        "^T",
        "tick",
        "Tick the next prompt",
    ),
    ctrl(
        'a',
        Action::AddAttendee,
        "^A",
        "attendee",
        "Add an attendee",
    ),
    ctrl(
        'o',
        Action::AddActionItem,
        "^O",
        "action",
        "Add an action item",
    ),
    ctrl(
        'k',
        Action::Park,
        "^K",
        "park",
        "Park the flagged note, or a topic",
    ),
    ctrl(
        'e',
        Action::Export,
        "^E",
        "export",
        "Export Markdown and copy it",
    ),
    ctrl(
        ' ',
        Action::TogglePause,
        "^Space",
        "pause",
        "Pause or resume the timer",
    ),
    ctrl(
        'd',
        Action::AddDecision,
        "^D",
        "decision",
        "Record a decision",
    ),
    ctrl('l', Action::AddGoal, "^L", "goal", "Record a customer goal"),
    ctrl(
        'r',
        Action::EditRegularMeeting,
        "^R",
        "regular mtg",
        "Record the agreed regular meeting",
    ),
    ctrl(
        'g',
        Action::ToggleHelp,
        "^G",
        "help",
        "Show or hide this help",
    ),
    ctrl(
        'q',
        Action::Quit,
        "^Q",
        "quit",
        "Save and quit (resume any time)",
    ),
    ctrl(
        'z',
        Action::Suspend,
        "^Z",
        "",
        "Save and suspend; fg continues",
    ),
    Binding {
        code: KeyCode::Tab,
        modifiers: KeyModifiers::NONE,
        action: Action::FocusNext,
        key: "Tab",
        label: "panes",
        help: "Next pane: notes, prompts, lists",
    },
    Binding {
        code: KeyCode::BackTab,
        modifiers: KeyModifiers::SHIFT,
        action: Action::FocusPrevious,
        key: "S-Tab",
        label: "",
        help: "Previous pane",
    },
    Binding {
        code: KeyCode::Esc,
        modifiers: KeyModifiers::NONE,
        action: Action::Dismiss,
        key: "Esc",
        label: "",
        help: "Close a banner or form; to notes",
    },
];

/// Keys that work inside a focused list (shown in the help overlay).
pub const LIST_KEYS: &[(&str, &str)] = &[
    ("↑ ↓", "select"),
    ("Enter", "edit"),
    ("Space", "tick"),
    ("Del Del", "remove"),
];

/// Keys inside a form (shown in the help overlay and the form itself).
pub const FORM_KEYS: &[(&str, &str)] = &[
    ("Tab ↓", "next field"),
    ("S-Tab ↑", "previous field"),
    ("Space", "toggle"),
    ("Enter", "save"),
    ("Esc", "cancel"),
];

/// The action bound to `key`, if any. Typed characters are not bound and fall through.
pub fn action_for(key: KeyEvent) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::ALT)
        && let KeyCode::Char(c @ '1'..='9') = key.code
    {
        return Some(Action::TogglePrompt(c as usize - '1' as usize));
    }
    // Ctrl-C quits like everywhere else in a terminal; Ctrl-@ is what some terminals send
    // for Ctrl-Space.
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        match key.code {
            KeyCode::Char('c') => return Some(Action::Quit),
            KeyCode::Char('@') => return Some(Action::TogglePause),
            _ => {}
        }
    }
    let code = match key.code {
        KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
        other => other,
    };
    BINDINGS
        .iter()
        .find(|b| {
            b.code == code
                && key.modifiers.contains(b.modifiers)
                && (b.modifiers != KeyModifiers::NONE || key.modifiers.is_empty())
        })
        .map(|b| b.action)
}

/// The key shown for an action in the footer and banners.
pub fn key_for(action: Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .map_or("", |b| b.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        action_for(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn typed_characters_fall_through() {
        for c in ['a', 'n', 'Q', ' ', '?', 'é', '日'] {
            assert_eq!(press(KeyCode::Char(c), KeyModifiers::NONE), None, "{c}");
            assert_eq!(press(KeyCode::Char(c), KeyModifiers::SHIFT), None, "{c}");
        }
        assert_eq!(press(KeyCode::Enter, KeyModifiers::NONE), None);
        assert_eq!(press(KeyCode::Backspace, KeyModifiers::NONE), None);
    }

    #[test]
    fn control_keys_are_actions() {
        assert_eq!(
            press(KeyCode::Char('n'), KeyModifiers::CONTROL),
            Some(Action::NextSection)
        );
        assert_eq!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
        assert_eq!(
            press(KeyCode::Char(' '), KeyModifiers::CONTROL),
            Some(Action::TogglePause)
        );
        assert_eq!(
            press(KeyCode::Char('3'), KeyModifiers::ALT),
            Some(Action::TogglePrompt(2))
        );
        assert_eq!(
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Action::FocusPrevious)
        );
        assert_eq!(
            press(KeyCode::Tab, KeyModifiers::NONE),
            Some(Action::FocusNext)
        );
    }

    #[test]
    fn every_action_key_is_unique() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.code == b.code && a.modifiers == b.modifiers),
                    "{} twice",
                    a.key
                );
            }
        }
    }
}
