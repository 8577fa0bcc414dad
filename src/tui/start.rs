//! The start screen: type the account, pick an agenda, or resume an unfinished meeting.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::editor::NotesEditor;
use super::theme::Theme;
use super::view::printable;
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
    /// The customer account being typed.
    pub account: NotesEditor,
    /// New agendas first, then unfinished meetings.
    pub choices: Vec<Choice>,
    /// The highlighted choice.
    pub selected: usize,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// Set once the user picked or quit.
    pub picked: Option<Picked>,
    /// The styles to draw with.
    pub theme: Theme,
}

impl StartScreen {
    /// A start screen over the agenda catalog and the unfinished sessions; `preselect`
    /// highlights an agenda by name.
    pub fn new(
        agendas: &[CatalogEntry],
        unfinished: Vec<SessionSummary>,
        preselect: Option<&str>,
    ) -> Self {
        let mut account = NotesEditor::default();
        account.set_placeholder("the customer's name, e.g. Acme Corp");
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
            picked: None,
            theme: Theme::from_env(),
        }
    }

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Paste(text) => {
                self.account.insert_str(printable(text));
            }
            _ => {}
        }
    }

    fn handle_key(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('q' | 'c') if ctrl => self.picked = Some(Picked::Quit),
            KeyCode::Esc => self.picked = Some(Picked::Quit),
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                self.selected = (self.selected + 1).min(self.choices.len().saturating_sub(1));
            }
            KeyCode::BackTab => self.selected = self.selected.saturating_sub(1),
            KeyCode::Enter => self.pick(),
            KeyCode::Char('m' | 'j') if ctrl => self.pick(),
            _ => {
                self.account.input(key);
                self.error = None;
            }
        }
    }

    fn pick(&mut self) {
        let account = self.account.lines().join(" ").trim().to_owned();
        match self.choices.get(self.selected) {
            Some(Choice::New(..)) if account.is_empty() => {
                self.error = Some("Type the customer account first.".into());
            }
            Some(Choice::New(agenda, _)) => {
                self.picked = Some(Picked::New {
                    agenda: agenda.clone(),
                    account,
                });
            }
            Some(Choice::Resume(s)) => self.picked = Some(Picked::Resume(s.id.clone())),
            None => {}
        }
    }

    /// Where the terminal cursor goes.
    pub fn cursor_position(&self) -> Option<Position> {
        self.account.rendered_cursor_position()
    }
}

impl Widget for &StartScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [header, account, error, list, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(3),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        Line::styled(" kickoff │ start a customer meeting", theme.header()).render(header, buf);
        let block = Block::bordered()
            .border_style(theme.focused())
            .title(Line::styled(" Customer account ", theme.title()));
        let inner = block.inner(account);
        block.render(account, buf);
        (&self.account).render(inner, buf);
        if let Some(e) = &self.error {
            Line::styled(format!(" {e}"), theme.alarm()).render(error, buf);
        }
        let mut lines = vec![Line::styled("New meeting", theme.title())];
        let mut resume_heading = false;
        for (i, choice) in self.choices.iter().enumerate() {
            let text = match choice {
                Choice::New(agenda, origin) => format!(
                    "  {} · {} min · {} sections{}",
                    printable(&agenda.title),
                    agenda.minutes,
                    agenda.sections.len(),
                    printable(origin)
                ),
                Choice::Resume(s) => {
                    if !resume_heading {
                        resume_heading = true;
                        lines.push(Line::raw(""));
                        lines.push(Line::styled("Resume an unfinished meeting", theme.title()));
                    }
                    let when = s
                        .started_at
                        .unwrap_or(s.created_at)
                        .format("%Y-%m-%d %H:%M");
                    format!(
                        "  {} · {} · {when} · {}",
                        printable(&s.account),
                        printable(&s.agenda_title),
                        s.id
                    )
                }
            };
            let style = if i == self.selected {
                theme.selected()
            } else {
                Style::new()
            };
            let marker = if i == self.selected { "›" } else { " " };
            lines.push(Line::styled(format!("{marker}{text}"), style));
            if let (true, Choice::New(agenda, _)) = (i == self.selected, choice)
                && !agenda.description.is_empty()
            {
                lines.push(Line::styled(
                    format!("    {}", printable(agenda.description.trim())),
                    theme.dim(),
                ));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(list.inner(ratatui::layout::Margin::new(1, 1)), buf);
        Line::from(vec![
            Span::styled(" ↑↓", theme.key()),
            Span::raw(" choose  "),
            Span::styled("Enter", theme.key()),
            Span::raw(" open  "),
            Span::styled("Esc/^Q", theme.key()),
            Span::raw(" quit  "),
            Span::styled("type", theme.key()),
            Span::raw(" the account name"),
        ])
        .render(footer, buf);
    }
}
