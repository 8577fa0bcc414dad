//! The start screen: the account field, the agendas and the unfinished meetings.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::core::text::for_screen;
use crate::tui::keymap::START;
use crate::tui::start::{Choice, StartScreen};

/// The account field's area when the screen is `area`.
fn account_area(area: Rect) -> Rect {
    let [_, account, _, _, _] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    Block::bordered().inner(account)
}

/// Where the terminal cursor goes when the start screen is drawn in `area`.
pub fn cursor_position(screen: &StartScreen, area: Rect) -> Option<Position> {
    screen
        .account()
        .cursor_position(account_area(area))
        .filter(|p| area.contains(*p))
}

impl Widget for &StartScreen {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme();
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
        self.account().render(inner, buf);
        if let Some(e) = self.error() {
            Line::styled(format!(" {e}"), theme.alarm()).render(error, buf);
        }
        let mut lines = vec![Line::styled("New meeting", theme.title())];
        let mut resume_heading = false;
        for (i, choice) in self.choices().iter().enumerate() {
            let text = match choice {
                Choice::New(agenda, origin) => format!(
                    "  {} · {} min · {} sections{}",
                    for_screen(&agenda.title),
                    agenda.minutes,
                    agenda.sections.len(),
                    for_screen(origin)
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
                        for_screen(&s.account),
                        for_screen(&s.agenda_title),
                        s.id
                    )
                }
            };
            let style = if i == self.selected() {
                theme.selected()
            } else {
                Style::new()
            };
            let marker = if i == self.selected() { "›" } else { " " };
            lines.push(Line::styled(format!("{marker}{text}"), style));
            if let (true, Choice::New(agenda, _)) = (i == self.selected(), choice)
                && !agenda.description.is_empty()
            {
                lines.push(Line::styled(
                    format!("    {}", for_screen(agenda.description.trim())),
                    theme.dim(),
                ));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(list.inner(Margin::new(1, 1)), buf);
        // The keys from the start key table, then what any other key does.
        let mut spans = vec![Span::raw(" ")];
        for binding in START.iter().filter(|b| !b.label.is_empty()) {
            spans.push(Span::styled(binding.key, theme.key()));
            spans.push(Span::raw(format!(" {}  ", binding.label)));
        }
        spans.push(Span::styled("type", theme.key()));
        spans.push(Span::raw(" the account name"));
        Line::from(spans).render(footer, buf);
    }
}
