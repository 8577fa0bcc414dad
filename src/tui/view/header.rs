//! The top two lines: the title bar and the meeting clock; and the note shown instead of
//! the screen when the terminal is too small.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{MIN_HEIGHT, MIN_WIDTH, hm};
use crate::core::meeting::{Meeting, Phase, round_minutes};
use crate::core::text::for_screen;
use crate::tui::text::shorten;
use crate::tui::theme::Theme;

pub(super) fn render_too_small(area: Rect, buf: &mut Buffer, theme: Theme) {
    let text = Text::from(vec![
        Line::styled("Terminal too small", theme.warning()),
        Line::raw(format!(
            "{}x{}: kickoff needs at least {MIN_WIDTH}x{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window. Typing still goes into the notes; ^Q saves and quits."),
    ]);
    Paragraph::new(text)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

pub(super) fn render_header(
    m: &Meeting,
    now: DateTime<FixedOffset>,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let state = match m.phase() {
        Phase::Lobby => "LOBBY".to_owned(),
        Phase::Running => "▶ RUNNING".to_owned(),
        Phase::Paused => "⏸ PAUSED".to_owned(),
        Phase::Ended => "■ ENDED".to_owned(),
    };
    let account = if m.account.is_empty() {
        String::new()
    } else {
        format!(" · {}", for_screen(&m.account))
    };
    // The state and the time keep their place however long the account name is.
    let right = Line::from(format!("{state}  {} ", hm(now)));
    let right_width = u16::try_from(right.width()).unwrap_or(u16::MAX);
    let [left_area, right_area] = area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_width),
    ]));
    buf.set_style(area, theme.header());
    // A long agenda title gives way before the account does.
    let prefix = " kickoff │ ";
    let room = usize::from(left_area.width)
        .saturating_sub(prefix.chars().count() + account.chars().count())
        .max(8);
    let title = shorten(&for_screen(&m.agenda.title), room);
    Line::from(format!("{prefix}{title}{account}")).render(left_area, buf);
    right.render(right_area, buf);
}

/// A meeting-length duration as minutes and seconds, e.g. `63:05`.
fn minutes_clock(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

pub(super) fn render_clock(
    m: &Meeting,
    now: DateTime<FixedOffset>,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let Some(started) = m.started_at.filter(|_| m.phase() != Phase::Lobby) else {
        Line::raw(format!(
            " Planned {} min in {} sections · opened {}",
            m.agenda.minutes,
            m.agenda.sections.len(),
            hm(m.created_at)
        ))
        .render(area, buf);
        return;
    };
    let mut parts = vec![format!(
        " Meeting {} / {}",
        minutes_clock(m.meeting_elapsed(now)),
        minutes_clock(m.meeting_planned())
    )];
    let started = format!("started {}", hm(started));
    if let Some(end) = m.scheduled_end() {
        parts.push(format!("scheduled end {}", hm(end)));
    }
    match (m.phase(), m.ended_at) {
        (Phase::Ended, Some(ended)) => parts.push(format!("ended {}", hm(ended))),
        _ => parts.extend(m.projected_end(now).map(|p| format!("projected {}", hm(p)))),
    }
    let behind = m
        .behind(now)
        .map(round_minutes)
        .filter(|minutes| *minutes >= 1)
        .map(|minutes| format!(" · behind by {minutes} min"))
        .unwrap_or_default();
    let length = |parts: &[String]| parts.iter().map(|p| p.chars().count() + 3).sum::<usize>();
    if length(&parts) + started.len() + behind.chars().count() <= usize::from(area.width) {
        parts.insert(1, started);
    }
    Line::from(vec![
        Span::raw(parts.join(" · ")),
        Span::styled(behind, theme.alarm()),
    ])
    .render(area, buf);
}
