//! The current section: the strip of sections, the section box (timer, goal, prompts,
//! tips) and the notes.

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, StatefulWidget, Widget, Wrap};

use super::{hm, pane};
use crate::core::agenda::Capture;
use crate::core::meeting::{Meeting, Phase, TimeStatus, format_duration, round_minutes};
use crate::core::text::for_screen;
use crate::tui::app::{App, Focus};
use crate::tui::text::shorten;
use crate::tui::theme::{self, Theme};

pub(super) fn render_strip(
    m: &Meeting,
    now: DateTime<FixedOffset>,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let n = m.agenda.sections.len();
    let room = usize::from(area.width) / n.max(1);
    // One equal slot a section: ratatui measures display width, so wide titles line up.
    let slots = Layout::horizontal(vec![Constraint::Ratio(1, n.max(1) as u32); n]).split(area);
    for (i, s) in m.agenda.sections.iter().enumerate() {
        let visited = m.reached(i, now);
        let mark = if i == m.current {
            "▶"
        } else if visited && m.unticked(i) == 0 {
            "✓"
        } else if visited {
            "•"
        } else {
            " "
        };
        let over = visited && m.section_status(i, now) == TimeStatus::Over;
        // Narrow screens show each section's minutes instead of its title.
        let text = if room < 16 {
            let spent = round_minutes(m.section_elapsed(i, now));
            if visited {
                format!("{mark}{} {spent}/{}m", i + 1, s.minutes)
            } else {
                format!("{mark}{} {}m", i + 1, s.minutes)
            }
        } else {
            format!("{mark}{} {}", i + 1, for_screen(&s.title))
        };
        let label = shorten(&text, room.saturating_sub(1).max(3));
        let style = if i == m.current {
            theme.title()
        } else if over {
            theme.alarm()
        } else if visited {
            Style::new()
        } else {
            theme.dim()
        };
        Line::styled(label, style).render(slots[i], buf);
    }
}

/// The height the section box wants at `width` columns: its borders, the timer and its
/// text, measured the way the paragraph draws it (word wrap, display width).
pub(super) fn section_height(app: &App, width: u16) -> u16 {
    let Some(lines) = section_text(app, true, app.theme()) else {
        return 5;
    };
    let rows = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .line_count(width.saturating_sub(2).max(1));
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(3)
        .min(200)
}

fn timer_line(m: &Meeting, now: DateTime<FixedOffset>, width: u16, theme: Theme) -> Line<'static> {
    if let (Phase::Ended, Some(ended)) = (m.phase(), m.ended_at) {
        return Line::styled(
            format!(
                " ■ Ended at {} after {} min · ^E export · ^F follow-up · ^P reopens",
                hm(ended),
                round_minutes(m.meeting_elapsed(now))
            ),
            theme.title(),
        );
    }
    let index = m.current;
    let status = m.section_status(index, now);
    let elapsed = m.section_elapsed(index, now);
    let planned = m.section_planned(index);
    let remaining = m.section_remaining(index, now);
    let label = if status == TimeStatus::Over {
        format!(
            " {} OVER by {} (planned {}) ",
            theme::timer_symbol(status),
            format_duration(-remaining),
            format_duration(planned)
        )
    } else {
        format!(
            " {} {} left of {} · {} ",
            theme::timer_symbol(status),
            format_duration(remaining),
            format_duration(planned),
            theme::timer_word(status)
        )
    };
    let paused = if m.phase() == Phase::Paused {
        " ⏸ paused "
    } else {
        ""
    };
    let bar_width =
        usize::from(width).saturating_sub(label.chars().count() + paused.chars().count() + 1);
    let ratio = if planned.num_seconds() > 0 {
        (elapsed.num_seconds() as f64 / planned.num_seconds() as f64).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let filled = ((bar_width as f64) * ratio).round() as usize;
    let fill = match status {
        TimeStatus::OnTime => "█",
        TimeStatus::NearEnd => "▓",
        TimeStatus::Over => "▒",
    };
    Line::from(vec![
        Span::styled(label, theme.timer(status)),
        Span::styled(fill.repeat(filled), theme.timer(status)),
        Span::styled("░".repeat(bar_width - filled), theme.dim()),
        Span::styled(paused, theme.warning()),
    ])
}

pub(super) fn render_section(
    app: &App,
    now: DateTime<FixedOffset>,
    area: Rect,
    roomy: bool,
    buf: &mut Buffer,
    theme: Theme,
) {
    let m = app.meeting();
    let Some(section) = m.agenda.sections.get(m.current) else {
        return;
    };
    let title = format!(
        " {}/{} {} ",
        m.current + 1,
        m.agenda.sections.len(),
        for_screen(&section.title)
    );
    let block = pane(
        Line::styled(title, theme.title()),
        app.focus() == Focus::Prompts,
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let [timer, rest] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    timer_line(m, now, timer.width, theme).render(timer, buf);
    let lines = section_text(app, roomy, theme).unwrap_or_default();
    let width = rest.width.max(1);
    let rows_of = |lines: &[Line<'_>]| {
        Paragraph::new(lines.to_vec())
            .wrap(Wrap { trim: false })
            .line_count(width)
    };
    let total = rows_of(&lines);
    let height = usize::from(rest.height);
    // What does not fit scrolls so the prompt that matters is on screen: the selected
    // one while the prompts have the focus, else the one ^T ticks next.
    let target = if app.focus() == Focus::Prompts {
        Some(app.selected(Focus::Prompts))
    } else {
        m.sections
            .get(m.current)
            .and_then(|r| r.ticked.iter().position(|t| !t))
    };
    let skip = match target.and_then(|i| prompt_line(app, roomy, i)) {
        Some(line) if total > height => {
            let end = rows_of(&lines[..=line.min(lines.len().saturating_sub(1))]);
            end.saturating_sub(height).min(total - height)
        }
        _ => 0,
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(skip).unwrap_or(u16::MAX), 0))
        .render(rest, buf);
    super::lists::overflow_mark(area, skip, total.saturating_sub(skip + height), buf, theme);
}

/// The index of prompt `index`'s line in the section box's text.
fn prompt_line(app: &App, roomy: bool, index: usize) -> Option<usize> {
    let m = app.meeting();
    let section = m.agenda.sections.get(m.current)?;
    if index >= section.prompts.len() {
        return None;
    }
    let goal = if section.goal.is_empty() {
        0
    } else {
        1 + usize::from(roomy)
    };
    Some(goal + index)
}

/// The section box's text under the timer: goal, prompts, tips. `roomy`: a blank line
/// after the goal.
fn section_text(app: &App, roomy: bool, theme: Theme) -> Option<Vec<Line<'_>>> {
    let m = app.meeting();
    let section = m.agenda.sections.get(m.current)?;
    let mut lines = Vec::new();
    if !section.goal.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Goal: ", theme.title()),
            Span::raw(for_screen(&section.goal)),
        ]));
        if roomy {
            lines.push(Line::raw(""));
        }
    }
    let ticked = m
        .sections
        .get(m.current)
        .map(|r| r.ticked.as_slice())
        .unwrap_or_default();
    for (i, prompt) in section.prompts.iter().enumerate() {
        let done = ticked.get(i).copied().unwrap_or(false);
        let mark = if done { "[x]" } else { "[ ]" };
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let mut style = if done { theme.good() } else { Style::new() };
        if app.focus() == Focus::Prompts && app.selected(Focus::Prompts) == i {
            style = style.patch(theme.selected());
        }
        lines.push(Line::styled(
            format!("{mark} {number} {}", for_screen(prompt)),
            style,
        ));
    }
    if !section.tips.is_empty() {
        lines.push(Line::styled("Tips", theme.dim()));
        for tip in &section.tips {
            lines.push(Line::styled(
                format!("  › {}", for_screen(tip)),
                theme.dim(),
            ));
        }
    }
    Some(lines)
}

pub(super) fn render_notes(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = app.meeting();
    let mut title = vec![Span::styled(" Notes ", theme.title())];
    if m.agenda
        .sections
        .get(m.current)
        .is_some_and(|s| s.captures(Capture::Attendees))
    {
        title.push(Span::styled("· ^A adds each attendee ", theme.dim()));
    }
    if m.agenda
        .sections
        .get(m.current)
        .is_some_and(|s| s.captures(Capture::Goals))
    {
        title.push(Span::styled("· ^L records a goal ", theme.dim()));
    }
    if m.agenda
        .sections
        .get(m.current)
        .is_some_and(|s| s.captures(Capture::RegularMeeting))
    {
        title.push(Span::styled(
            "· ^R records the regular meeting ",
            theme.dim(),
        ));
    }
    let block = pane(Line::from(title), app.focus() == Focus::Notes, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    // Drawing reads the view; a copy satisfies `StatefulWidget`'s signature.
    let mut view = app.notes_view();
    app.notes().render(inner, buf, &mut view);
}
