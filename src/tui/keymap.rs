//! The keymap: one table per focus (everywhere, the notes, a list, a form, a text field,
//! the start screen). Each table both dispatches keys and names them: the footer, the
//! help overlay and the README's key tables are drawn from the same rows, so they always
//! tell the truth. Characters that no row binds fall through as typed text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, EditorCommand, FormCommand, InputCommand, StartAction};

/// A key a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// The key with at least these modifiers (in the global table: exactly none, if none).
    Key(KeyCode, KeyModifiers),
    /// Alt and a digit 1 to 9: the digit picks the prompt.
    AltDigit,
}

/// One row of a key table.
#[derive(Debug, Clone)]
pub struct Binding<A: 'static> {
    /// The keys, the first one the main one.
    pub keys: &'static [Pattern],
    /// What they do.
    pub action: A,
    /// The keys as the footer and help show them, e.g. `^N` (short names of `keys`).
    pub key: &'static str,
    /// A one- or two-word label for the footer; empty when not in the footer.
    pub label: &'static str,
    /// A sentence for the help overlay and the README.
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn plain(code: KeyCode) -> Pattern {
    Pattern::Key(code, NONE)
}

const fn ctrl(c: char) -> Pattern {
    Pattern::Key(KeyCode::Char(c), CTRL)
}

const fn with(code: KeyCode, modifiers: KeyModifiers) -> Pattern {
    Pattern::Key(code, modifiers)
}

const fn bind<A>(
    keys: &'static [Pattern],
    action: A,
    key: &'static str,
    label: &'static str,
    help: &'static str,
) -> Binding<A> {
    Binding {
        keys,
        action,
        key,
        label,
        help,
    }
}

/// Keys that work everywhere, even while typing, in the order the footer and help show
/// them.
pub const GLOBAL: &[Binding<Action>] = &[
    bind(
        &[ctrl('n')],
        Action::NextSection,
        "^N",
        "next",
        "Start, or go to the next section",
    ),
    bind(
        &[ctrl('p')],
        Action::PreviousSection,
        "^P",
        "back",
        "Go back a section",
    ),
    bind(
        &[ctrl('t')],
        Action::TickNextPrompt,
        "^T",
        "tick",
        "Tick the next prompt",
    ),
    bind(
        &[ctrl('a')],
        Action::AddAttendee,
        "^A",
        "attendee",
        "Add an attendee",
    ),
    bind(
        &[ctrl('o')],
        Action::AddActionItem,
        "^O",
        "action",
        "Add an action item",
    ),
    bind(
        &[ctrl('k')],
        Action::Park,
        "^K",
        "park",
        "Park the flagged note, or a topic",
    ),
    bind(
        &[ctrl('e')],
        Action::Export,
        "^E",
        "export",
        "Export for the customer, send to clipboard",
    ),
    // Some terminals send Ctrl-@ for Ctrl-Space.
    bind(
        &[ctrl(' '), ctrl('@')],
        Action::TogglePause,
        "^Space",
        "pause",
        "Pause or resume the timer",
    ),
    bind(
        &[ctrl('d')],
        Action::AddDecision,
        "^D",
        "decision",
        "Record a decision",
    ),
    bind(
        &[ctrl('l')],
        Action::AddGoal,
        "^L",
        "goal",
        "Record a customer goal",
    ),
    bind(
        &[ctrl('r')],
        Action::EditRegularMeeting,
        "^R",
        "regular mtg",
        "Record the agreed regular meeting",
    ),
    bind(
        &[ctrl('x')],
        Action::ToggleInternal,
        "^X",
        "internal",
        "Mark internal (line, item, topic)",
    ),
    bind(
        &[ctrl('s')],
        Action::ExportInternal,
        "^S",
        "internal export",
        "Export the internal version",
    ),
    bind(
        &[ctrl('f')],
        Action::FollowUp,
        "^F",
        "follow-up",
        "Write the follow-up, send to clipboard",
    ),
    bind(
        &[ctrl('b')],
        Action::Invite,
        "^B",
        "",
        "Invite a second seat: a one-time ticket for another laptop",
    ),
    bind(
        &[with(KeyCode::Char('y'), ALT)],
        Action::AdmitSeat,
        "Alt-y",
        "",
        "Let in the seat asking to join",
    ),
    bind(
        &[with(KeyCode::Char('n'), ALT)],
        Action::RefuseSeat,
        "Alt-n",
        "",
        "Turn away the seat asking to join",
    ),
    bind(
        &[ctrl('g')],
        Action::ToggleHelp,
        "^G",
        "help",
        "Show or hide this help",
    ),
    // Ctrl-C quits like everywhere else in a terminal.
    bind(
        &[ctrl('q'), ctrl('c')],
        Action::Quit,
        "^Q",
        "quit",
        "Save and quit (resume any time)",
    ),
    bind(
        &[ctrl('z')],
        Action::Suspend,
        "^Z",
        "",
        "Save and suspend; fg continues",
    ),
    bind(
        &[plain(KeyCode::Tab)],
        Action::FocusNext,
        "Tab",
        "panes",
        "Next pane: notes, prompts, lists",
    ),
    bind(
        &[with(KeyCode::BackTab, KeyModifiers::SHIFT)],
        Action::FocusPrevious,
        "S-Tab",
        "",
        "Previous pane",
    ),
    bind(
        &[plain(KeyCode::Esc)],
        Action::Dismiss,
        "Esc",
        "",
        "Close a banner or form; to notes",
    ),
    bind(
        &[Pattern::AltDigit],
        Action::TogglePrompt(0),
        "Alt-1..9",
        "",
        "Tick or untick prompt 1..9",
    ),
];

/// Keys in the notes (characters not listed here are typed).
pub const NOTES: &[Binding<EditorCommand>] = &[
    bind(
        &[ctrl('u')],
        EditorCommand::Undo,
        "^U",
        "undo",
        "Undo (a typed run is one step)",
    ),
    bind(&[ctrl('y')], EditorCommand::Redo, "^Y", "redo", "Redo"),
    bind(
        &[
            ctrl('w'),
            with(KeyCode::Backspace, ALT),
            with(KeyCode::Backspace, CTRL),
        ],
        EditorCommand::DeleteWordBack,
        "^W",
        "word",
        "Delete the word before the cursor",
    ),
    bind(
        &[plain(KeyCode::Enter)],
        EditorCommand::Newline,
        "Enter",
        "",
        "New line (one note per line)",
    ),
    bind(
        &[plain(KeyCode::Backspace)],
        EditorCommand::Backspace,
        "Backspace",
        "",
        "Delete the character before the cursor",
    ),
    bind(
        &[plain(KeyCode::Delete)],
        EditorCommand::Delete,
        "Del",
        "",
        "Delete the character after the cursor",
    ),
    bind(
        &[
            with(KeyCode::Left, CTRL),
            with(KeyCode::Left, ALT),
            with(KeyCode::Char('b'), ALT),
        ],
        EditorCommand::WordLeft,
        "^←",
        "",
        "One word left",
    ),
    bind(
        &[
            with(KeyCode::Right, CTRL),
            with(KeyCode::Right, ALT),
            with(KeyCode::Char('f'), ALT),
        ],
        EditorCommand::WordRight,
        "^→",
        "",
        "One word right",
    ),
    bind(
        &[plain(KeyCode::Left)],
        EditorCommand::Left,
        "←",
        "",
        "One character left",
    ),
    bind(
        &[plain(KeyCode::Right)],
        EditorCommand::Right,
        "→",
        "",
        "One character right",
    ),
    bind(
        &[plain(KeyCode::Up)],
        EditorCommand::Up,
        "↑",
        "",
        "One screen row up",
    ),
    bind(
        &[plain(KeyCode::Down)],
        EditorCommand::Down,
        "↓",
        "",
        "One screen row down",
    ),
    bind(
        &[plain(KeyCode::PageUp)],
        EditorCommand::PageUp,
        "PgUp",
        "",
        "One screen up",
    ),
    bind(
        &[plain(KeyCode::PageDown)],
        EditorCommand::PageDown,
        "PgDn",
        "",
        "One screen down",
    ),
    bind(
        &[with(KeyCode::Home, CTRL)],
        EditorCommand::Top,
        "^Home",
        "",
        "Top of the notes",
    ),
    bind(
        &[with(KeyCode::End, CTRL)],
        EditorCommand::Bottom,
        "^End",
        "",
        "Bottom of the notes",
    ),
    bind(
        &[plain(KeyCode::Home)],
        EditorCommand::RowStart,
        "Home",
        "",
        "Start of the screen row",
    ),
    bind(
        &[plain(KeyCode::End)],
        EditorCommand::RowEnd,
        "End",
        "",
        "End of the screen row",
    ),
];

/// Keys in a focused list (prompts, attendees, action items, parking lot).
pub const LIST: &[Binding<Action>] = &[
    bind(
        &[plain(KeyCode::Up)],
        Action::SelectPrevious,
        "↑",
        "",
        "Select the row above",
    ),
    bind(
        &[plain(KeyCode::Down)],
        Action::SelectNext,
        "↑↓",
        "select",
        "Select the row below",
    ),
    bind(
        &[plain(KeyCode::Enter)],
        Action::EditSelected,
        "Enter",
        "edit",
        "Edit the selected row (on a prompt: tick it)",
    ),
    bind(
        &[plain(KeyCode::Char(' '))],
        Action::ToggleSelected,
        "Space",
        "tick",
        "Tick the selected prompt, action item or follow-up",
    ),
    bind(
        &[plain(KeyCode::Delete), plain(KeyCode::Backspace)],
        Action::RemoveSelected,
        "Del Del",
        "remove",
        "Remove the selected row (press twice)",
    ),
];

/// Keys in a form.
pub const FORM: &[Binding<FormCommand>] = &[
    bind(
        &[plain(KeyCode::Tab), plain(KeyCode::Down)],
        FormCommand::NextField,
        "Tab ↓",
        "next field",
        "Next field",
    ),
    bind(
        &[plain(KeyCode::BackTab), plain(KeyCode::Up)],
        FormCommand::PreviousField,
        "S-Tab ↑",
        "previous field",
        "Previous field",
    ),
    bind(
        &[
            plain(KeyCode::Char(' ')),
            plain(KeyCode::Left),
            plain(KeyCode::Right),
        ],
        FormCommand::Toggle,
        "Space",
        "toggle",
        "Change a choice (side, flags, cadence, day)",
    ),
    bind(
        &[ctrl('o')],
        FormCommand::Choose,
        "^O",
        "other choice",
        "Another meaning of the time zone (IST, CST), or the next suggested slot",
    ),
    bind(
        &[plain(KeyCode::Enter), ctrl('m'), ctrl('j')],
        FormCommand::Submit,
        "Enter",
        "save",
        "Save",
    ),
    bind(
        &[plain(KeyCode::Esc)],
        FormCommand::Cancel,
        "Esc",
        "cancel",
        "Cancel",
    ),
];

/// Keys on the start screen; other keys edit the account name.
pub const START: &[Binding<StartAction>] = &[
    bind(
        &[plain(KeyCode::Up), plain(KeyCode::BackTab)],
        StartAction::Up,
        "↑",
        "",
        "Highlight the choice above",
    ),
    bind(
        &[plain(KeyCode::Down), plain(KeyCode::Tab)],
        StartAction::Down,
        "↑↓",
        "choose",
        "Highlight the choice below",
    ),
    bind(
        &[plain(KeyCode::Enter), ctrl('m'), ctrl('j')],
        StartAction::Open,
        "Enter",
        "open",
        "Open the highlighted agenda or meeting",
    ),
    bind(
        &[plain(KeyCode::Esc), ctrl('q'), ctrl('c')],
        StartAction::Quit,
        "Esc/^Q",
        "quit",
        "Quit",
    ),
];

/// Whether `pattern` matches `key`. `strict`: a pattern without modifiers wants none.
fn matches(pattern: Pattern, key: KeyEvent, strict: bool) -> bool {
    match pattern {
        Pattern::Key(code, modifiers) => {
            code == key.code
                && key.modifiers.contains(modifiers)
                && (!strict || modifiers != NONE || key.modifiers.is_empty())
        }
        Pattern::AltDigit => {
            key.modifiers.contains(ALT) && matches!(key.code, KeyCode::Char('1'..='9'))
        }
    }
}

fn lookup<A: Clone>(table: &[Binding<A>], key: KeyEvent, strict: bool) -> Option<&Binding<A>> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|p| matches(*p, key, strict)))
}

/// A typed character: no modifiers, Shift, or Ctrl+Alt (AltGr on some terminals).
fn typed(key: KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if key.modifiers.contains(CTRL) == key.modifiers.contains(ALT) && !c.is_control() =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// The action a key has everywhere, if any. Typed characters are not bound.
pub fn global(key: KeyEvent) -> Option<Action> {
    let key = KeyEvent {
        code: match key.code {
            KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        },
        ..key
    };
    let binding = lookup(GLOBAL, key, true)?;
    match (binding.action.clone(), key.code) {
        (Action::TogglePrompt(_), KeyCode::Char(c)) => c
            .to_digit(10)
            .and_then(|d| usize::try_from(d).ok())
            .map(|d| Action::TogglePrompt(d - 1)),
        (action, _) => Some(action),
    }
}

/// What a key does in the notes.
pub fn notes(key: KeyEvent) -> Option<EditorCommand> {
    if let KeyCode::Char(c) = key.code
        && key.modifiers.contains(CTRL) == key.modifiers.contains(ALT)
    {
        return typed(key).map(|_| EditorCommand::Insert(c));
    }
    lookup(NOTES, key, false).map(|b| b.action)
}

/// What a key does in a focused list: typing goes back to the notes.
pub fn list(key: KeyEvent) -> Option<Action> {
    if let Some(binding) = lookup(LIST, key, false) {
        return Some(binding.action.clone());
    }
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(CTRL) && !c.is_control() => {
            notes(key).map(Action::Edit)
        }
        _ => None,
    }
}

/// What a key does in a form whose focused field is text (`on_text`) or a choice.
pub fn form(key: KeyEvent, on_text: bool) -> Option<FormCommand> {
    let bound = FORM.iter().find(|b| {
        (!on_text || b.action != FormCommand::Toggle)
            && b.keys.iter().any(|p| matches(*p, key, false))
    });
    match bound {
        Some(binding) => Some(binding.action),
        None if on_text => input(key).map(FormCommand::Input),
        None => None,
    }
}

/// What a key does in a single-line text field (a form field, the account name): the
/// notes' keys that make sense on one line, so both edit text the same way.
pub fn input(key: KeyEvent) -> Option<InputCommand> {
    Some(match notes(key)? {
        EditorCommand::Insert(c) => InputCommand::Insert(c),
        EditorCommand::Backspace => InputCommand::Backspace,
        EditorCommand::Delete => InputCommand::Delete,
        EditorCommand::DeleteWordBack => InputCommand::DeleteWordBack,
        EditorCommand::Left => InputCommand::Left,
        EditorCommand::Right => InputCommand::Right,
        EditorCommand::WordLeft => InputCommand::WordLeft,
        EditorCommand::WordRight => InputCommand::WordRight,
        EditorCommand::RowStart => InputCommand::Home,
        EditorCommand::RowEnd => InputCommand::End,
        EditorCommand::Newline
        | EditorCommand::Up
        | EditorCommand::Down
        | EditorCommand::PageUp
        | EditorCommand::PageDown
        | EditorCommand::Top
        | EditorCommand::Bottom
        | EditorCommand::Undo
        | EditorCommand::Redo => return None,
    })
}

/// What a key does on the start screen.
pub fn start(key: KeyEvent) -> Option<StartAction> {
    match lookup(START, key, false) {
        Some(binding) => Some(binding.action.clone()),
        None => input(key).map(StartAction::Input),
    }
}

/// The key shown for a global action in the footer and banners.
pub fn key_for(action: &Action) -> &'static str {
    GLOBAL
        .iter()
        .find(|b| &b.action == action)
        .map_or("", |b| b.key)
}

/// The short name of a key, as the footer and help write it (`^N`, `S-Tab`, `↑`).
pub fn short_name(pattern: Pattern) -> String {
    let Pattern::Key(code, modifiers) = pattern else {
        return "Alt-1..9".into();
    };
    let base = match code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(c) => c.to_uppercase().collect(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => other.to_string(),
    };
    if modifiers.contains(CTRL) {
        format!("^{base}")
    } else if modifiers.contains(ALT) {
        match code {
            KeyCode::Char(c) => format!("Alt-{c}"),
            _ => format!("Alt-{base}"),
        }
    } else {
        base
    }
}

/// A Markdown table of `table`'s keys (every key of a row, joined with "or").
pub fn markdown_table<A>(table: &[Binding<A>]) -> String {
    let mut out = String::from("| Key | What it does |\n|---|---|\n");
    for binding in table {
        let keys: Vec<String> = binding.keys.iter().map(|p| short_name(*p)).collect();
        out.push_str(&format!("| {} | {} |\n", keys.join(" or "), binding.help));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        global(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn typed_characters_fall_through() {
        for c in ['a', 'n', 'Q', ' ', '?', 'é', '日'] {
            assert_eq!(press(KeyCode::Char(c), KeyModifiers::NONE), None, "{c}");
            assert_eq!(press(KeyCode::Char(c), KeyModifiers::SHIFT), None, "{c}");
            let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(notes(key), Some(EditorCommand::Insert(c)));
            assert_eq!(input(key), Some(InputCommand::Insert(c)));
        }
        assert_eq!(press(KeyCode::Enter, KeyModifiers::NONE), None);
        assert_eq!(press(KeyCode::Backspace, KeyModifiers::NONE), None);
        let altgr = KeyEvent::new(KeyCode::Char('@'), CTRL | ALT);
        assert_eq!(notes(altgr), Some(EditorCommand::Insert('@')));
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
            press(KeyCode::Char('@'), KeyModifiers::CONTROL),
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
    fn lists_forms_and_the_start_screen_have_their_own_keys() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(list(key(KeyCode::Backspace)), Some(Action::RemoveSelected));
        assert_eq!(
            list(key(KeyCode::Char('x'))),
            Some(Action::Edit(EditorCommand::Insert('x')))
        );
        assert_eq!(
            form(key(KeyCode::Char(' ')), false),
            Some(FormCommand::Toggle)
        );
        assert_eq!(
            form(key(KeyCode::Char(' ')), true),
            Some(FormCommand::Input(InputCommand::Insert(' ')))
        );
        assert_eq!(
            form(KeyEvent::new(KeyCode::Char('j'), CTRL), true),
            Some(FormCommand::Submit)
        );
        assert_eq!(start(key(KeyCode::Tab)), Some(StartAction::Down));
        assert_eq!(
            start(KeyEvent::new(KeyCode::Char('c'), CTRL)),
            Some(StartAction::Quit)
        );
    }

    fn unique<A>(name: &str, table: &[Binding<A>]) {
        let keys: Vec<Pattern> = table.iter().flat_map(|b| b.keys.iter().copied()).collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(a), "{name}: {a:?} twice");
        }
    }

    #[test]
    fn every_key_is_bound_once_per_table() {
        unique("global", GLOBAL);
        unique("notes", NOTES);
        unique("list", LIST);
        unique("form", FORM);
        unique("start", START);
    }

    /// Every name the footer and help show is the name of a key bound in the same table.
    fn honest<A>(name: &str, table: &[Binding<A>]) {
        let names: Vec<String> = table
            .iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p)))
            .collect();
        for binding in table {
            for token in binding.key.split([' ', '/']) {
                let arrows = token.chars().all(|c| "←→↑↓".contains(c));
                let parts: Vec<String> = if arrows {
                    token.chars().map(String::from).collect()
                } else {
                    vec![token.to_owned()]
                };
                for part in parts {
                    assert!(
                        names.contains(&part),
                        "{name}: {:?} shows {part:?}, which the table does not bind",
                        binding.key
                    );
                }
            }
        }
    }

    #[test]
    fn the_footer_and_help_name_only_keys_that_are_bound() {
        honest("global", GLOBAL);
        honest("notes", NOTES);
        honest("list", LIST);
        honest("form", FORM);
        honest("start", START);
    }

    #[test]
    fn the_readme_key_tables_are_the_keymap() {
        let readme = include_str!("../../README.md");
        for (name, table) in [
            ("everywhere", markdown_table(GLOBAL)),
            ("notes", markdown_table(NOTES)),
            ("list", markdown_table(LIST)),
            ("form", markdown_table(FORM)),
            ("start", markdown_table(START)),
        ] {
            assert!(
                readme.contains(&table),
                "README.md's {name} key table differs from src/tui/keymap.rs; it should read:\n{table}"
            );
        }
    }
}
