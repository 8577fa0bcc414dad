//! The start screen's model: type the account, pick an agenda, or resume an unfinished
//! meeting. Keys become [`StartAction`]s through `keymap::START`; [`StartScreen::update`]
//! is the only place that changes it. It is drawn by `view::start`.

use crossterm::event::{Event, KeyEventKind};

use super::action::StartAction;
use super::keymap;
use super::theme::Theme;
use super::widgets::input::TextInput;
use crate::core::agenda::{Agenda, CatalogEntry, Origin};
use crate::core::store::SessionSummary;

/// One line of the start screen's list.
#[derive(Debug, Clone)]
pub enum Choice {
    /// Start a new meeting on this agenda.
    New(Agenda, String),
    /// Resume this saved meeting.
    Resume(SessionSummary),
}

/// What the start screen ended with.
#[derive(Debug, Clone)]
pub enum Picked {
    /// A new meeting: the agenda and the account.
    New {
        /// The agenda.
        agenda: Agenda,
        /// The customer account.
        account: String,
    },
    /// Resume a saved meeting.
    Resume(String),
    /// The user quit.
    Quit,
}

/// The start screen's state.
pub struct StartScreen {
    account: TextInput,
    choices: Vec<Choice>,
    selected: usize,
    error: Option<String>,
    theme: Theme,
}

impl StartScreen {
    /// A start screen over the agenda catalog and the unfinished sessions; `preselect`
    /// highlights an agenda by name.
    pub fn new(
        agendas: &[CatalogEntry],
        unfinished: Vec<SessionSummary>,
        preselect: Option<&str>,
        theme: Theme,
    ) -> Self {
        let account = TextInput::default().with_placeholder("the customer's name, e.g. Acme Corp");
        let mut choices: Vec<Choice> = agendas
            .iter()
            .map(|e| {
                let origin = match &e.origin {
                    Origin::Builtin => String::new(),
                    Origin::User(path) => format!(" (from {})", path.display()),
                };
                Choice::New(e.agenda.clone(), origin)
            })
            .collect();
        let selected = preselect
            .and_then(|name| {
                choices
                    .iter()
                    .position(|c| matches!(c, Choice::New(a, _) if a.name == name))
            })
            .unwrap_or(0);
        choices.extend(unfinished.into_iter().map(Choice::Resume));
        Self {
            account,
            choices,
            selected,
            error: None,
            theme,
        }
    }

    /// The customer account being typed.
    pub fn account(&self) -> &TextInput {
        &self.account
    }

    /// New agendas first, then unfinished meetings.
    pub fn choices(&self) -> &[Choice] {
        &self.choices
    }

    /// The highlighted choice.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Why the last Enter was refused.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The styles to draw with.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// The action a terminal event asks for, if any.
    pub fn action_for(&self, event: &Event) -> Option<StartAction> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => keymap::start(*key),
            Event::Paste(text) => Some(StartAction::Paste(text.clone())),
            _ => None,
        }
    }

    /// Applies one action; returns what the user picked once they did.
    pub fn update(&mut self, action: StartAction) -> Option<Picked> {
        match action {
            StartAction::Quit => return Some(Picked::Quit),
            StartAction::Up => self.selected = self.selected.saturating_sub(1),
            StartAction::Down => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1));
            }
            StartAction::Open => return self.pick(),
            StartAction::Input(command) => {
                self.account.apply(command);
                self.error = None;
            }
            StartAction::Paste(text) => self.account.insert_str(&text),
        }
        None
    }

    fn pick(&mut self) -> Option<Picked> {
        let account = self.account.text().trim().to_owned();
        match self.choices.get(self.selected) {
            Some(Choice::New(..)) if account.is_empty() => {
                self.error = Some("Type the customer account first.".into());
                None
            }
            Some(Choice::New(agenda, _)) => Some(Picked::New {
                agenda: agenda.clone(),
                account,
            }),
            Some(Choice::Resume(s)) => Some(Picked::Resume(s.id.clone())),
            None => None,
        }
    }
}
