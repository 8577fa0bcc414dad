//! The lobby: what to do before the agenda starts, the checklist and the agenda.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget, Wrap};

use super::lists::render_attendees;
use super::pane;
use crate::core::business_days::{Holidays, sow_window};
use crate::core::text::for_screen;
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;
use crate::tui::widgets::schedule;

/// Where the lobby's parts go: what to do and the agenda, the notes typed before the
/// meeting, and the attendees (above those notes, as many rows as there are people, up
/// to 8).
pub(super) fn layout(app: &App, area: Rect) -> [Rect; 3] {
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Percentage(50),
    ]));
    let attendee_rows = super::lists::attendee_pane_height(app, right.width);
    let [attendees, notes] = right.layout(&Layout::vertical([
        Constraint::Length(attendee_rows),
        Constraint::Min(5),
    ]));
    [left, notes, attendees]
}

pub(super) fn render_lobby(
    app: &App,
    now: DateTime<FixedOffset>,
    [left, _notes, right]: [Rect; 3],
    buf: &mut Buffer,
    theme: Theme,
) {
    let m = app.meeting();
    let mut lines = vec![
        Line::styled("The agenda has not started.", theme.title()),
        Line::raw("Welcome each person as they join: ^A records them with the time they joined."),
        Line::raw("Typing goes to \"Before the meeting\": notes kept from before the agenda."),
        Line::from(vec![
            Span::styled("^N", theme.key()),
            Span::raw(" starts the meeting and its first section timer."),
        ]),
        Line::raw(""),
    ];
    lines.extend(sow_lines(app, now, theme));
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
    let info = Paragraph::new(lines).wrap(Wrap { trim: false });
    let block = pane(" Lobby ", false, theme);
    let inner = block.inner(left);
    let hidden = info
        .line_count(inner.width.max(1))
        .saturating_sub(usize::from(inner.height));
    info.block(block).render(left, buf);
    // A short terminal cuts the checklist or the agenda: say so (the strip shows the
    // agenda once it starts).
    super::lists::overflow_mark(left, 0, hidden, buf, theme);
    render_attendees(app, now, right, buf, theme);
}

/// The notes typed before the meeting, in `area`.
pub(super) fn render_notes(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let block = pane(
        Line::styled(" Before the meeting ", theme.title()),
        app.focus() == Focus::Notes,
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    // Drawing reads the view; a copy satisfies `StatefulWidget`'s signature.
    let mut view = app.notes_view();
    app.notes().render(inner, buf, &mut view);
}

/// The SOW window when the meeting has a SOW date, with a warning when today (on the
/// ASE's clock) is not one of its business days.
fn sow_lines(app: &App, now: DateTime<FixedOffset>, theme: Theme) -> Vec<Line<'static>> {
    let Some(start) = app.meeting().sow_start else {
        return Vec::new();
    };
    let Ok(window) = sow_window(start, &Holidays::new()) else {
        return Vec::new();
    };
    let today = schedule::today(app.ase_zone().as_ref(), now);
    let inside = window.allows(today);
    let summary = window.summary(today);
    let (mark, style) = if inside {
        ("✓ ", theme.good())
    } else {
        ("▲ ", theme.warning())
    };
    let mut lines = vec![
        Line::styled("SOW window", theme.title()),
        Line::styled(format!("{mark}{summary}."), style),
    ];
    lines.push(Line::raw(""));
    lines
}
