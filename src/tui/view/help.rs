//! The help overlay: every key, from the key tables.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::tui::keymap::{FORM, GLOBAL, LIST, NOTES};
use crate::tui::theme::Theme;
use crate::tui::widgets::popup;

/// Draws the help over `area`.
pub(super) fn render_help(area: Rect, buf: &mut Buffer, theme: Theme) {
    let key = |k: &str, width: usize| Span::styled(format!("{k:<width$}"), theme.key());
    let mut global = vec![Line::styled("Everywhere, even while typing", theme.title())];
    for b in GLOBAL {
        global.push(Line::from(vec![key(b.key, 9), Span::raw(b.help)]));
    }
    let mut notes = Vec::new();
    for b in NOTES.iter().filter(|b| !b.label.is_empty()) {
        notes.push(key(b.key, 4));
        notes.push(Span::raw(format!("{} ", b.label)));
    }
    let mut local = vec![
        Line::styled("In the notes", theme.title()),
        Line::from(notes),
        Line::raw(""),
        Line::styled("In a list (Tab to reach it)", theme.title()),
    ];
    for b in LIST.iter().filter(|b| !b.label.is_empty()) {
        local.push(Line::from(vec![key(b.key, 9), Span::raw(b.label)]));
    }
    local.push(Line::raw(""));
    local.push(Line::styled("In a form", theme.title()));
    for b in FORM {
        local.push(Line::from(vec![key(b.key, 9), Span::raw(b.label)]));
    }
    local.push(Line::raw(""));
    local.push(Line::styled(
        "Everything is saved as you type.",
        theme.dim(),
    ));
    local.push(Line::raw(""));
    local.push(Line::styled("Any key closes this help.", theme.dim()));
    let height = u16::try_from(global.len().max(local.len())).unwrap_or(40) + 2;
    let rect = popup(area, area.width.min(120), height);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_style(theme.focused())
        .title(Line::styled(" Keys ", theme.title()));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let [left, right] =
        inner.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Length(34)]).spacing(2));
    Paragraph::new(global)
        .wrap(Wrap { trim: false })
        .render(left, buf);
    Paragraph::new(local)
        .wrap(Wrap { trim: false })
        .render(right, buf);
}
