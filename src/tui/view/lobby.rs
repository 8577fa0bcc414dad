//! The lobby: what to do before the agenda starts, the checklist and the agenda.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::lists::render_attendees;
use super::pane;
use crate::core::text::for_screen;
use crate::tui::app::App;
use crate::tui::theme::Theme;

pub(super) fn render_lobby(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = app.meeting();
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    let mut lines = vec![
        Line::styled("The agenda has not started.", theme.title()),
        Line::raw("Welcome each person as they join: ^A records them with the time they joined."),
        Line::from(vec![
            Span::styled("^N", theme.key()),
            Span::raw(" starts the meeting and its first section timer."),
        ]),
        Line::raw(""),
    ];
    if !m.agenda.checklist.is_empty() {
        lines.push(Line::styled("Before you start", theme.title()));
        for item in &m.agenda.checklist {
            lines.push(Line::raw(format!("☐ {}", for_screen(item))));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Agenda", theme.title()));
    for (i, s) in m.agenda.sections.iter().enumerate() {
        lines.push(Line::raw(format!(
            "{}. {} ({} min)",
            i + 1,
            for_screen(&s.title),
            s.minutes
        )));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(pane(" Lobby ", false, theme))
        .render(left, buf);
    render_attendees(app, right, buf, theme);
}
