//! The panes on the right: attendees, action items, the parking lot and the outcomes.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::pane;
use crate::core::meeting::{Attendee, Carried, Side};
use crate::core::text::for_screen;
use crate::core::zone;
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;

/// An attendee's cells: name, side, role, time zone, flags.
fn attendee_cells(a: &Attendee) -> [Cow<'_, str>; 5] {
    let side = match a.side {
        Side::Customer => "Cust",
        Side::Gitlab => "GitLab",
        Side::Partner => "Partner",
    };
    let flags: Vec<&str> = [
        (a.dri, "DRI"),
        (a.primary_contact, "PC"),
        (a.technical, "Tech"),
    ]
    .into_iter()
    .filter_map(|(on, flag)| on.then_some(flag))
    .collect();
    [
        for_screen(&a.name),
        side.into(),
        for_screen(&a.role),
        for_screen(&a.time_zone),
        flags.join(" ").into(),
    ]
}

/// What the attendee pane shows about the selected person below the table: every field,
/// so nothing the table's columns cut is out of reach.
fn attendee_details(a: &Attendee, now: DateTime<FixedOffset>) -> String {
    let [name, side, role, zone, flags] = attendee_cells(a);
    let mut parts = vec![name, side, role, zone];
    let local = local_time_cell(a, now);
    if a.known_zone().is_some() {
        parts.push(format!("now {local}").into());
    }
    if !a.expertise.is_empty() {
        parts.push(format!("GitLab: {}", for_screen(&a.expertise)).into());
    }
    parts.push(flags);
    if let Some(joined) = a.joined_at {
        parts.push(format!("joined {}", joined.format("%H:%M")).into());
    }
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.as_ref())
        .collect::<Vec<&str>>()
        .join(" · ")
}

/// The rows the attendee pane needs below the table at `width` columns: the selected
/// person's details while the pane has the focus, else who is missing.
pub(super) fn attendee_footer(app: &App, now: DateTime<FixedOffset>) -> Option<String> {
    let m = app.meeting();
    if app.focus() == Focus::Attendees {
        let selected = app
            .selected(Focus::Attendees)
            .min(m.attendees.len().saturating_sub(1));
        return m.attendees.get(selected).map(|a| attendee_details(a, now));
    }
    let missing = m.missing_stakeholders();
    if missing.is_empty() {
        return None;
    }
    let names: Vec<&str> = missing.iter().map(|s| s.short_label()).collect();
    Some(format!("▲ Missing: {}", names.join(", ")))
}

/// The height the attendee pane asks for at `width` columns: borders, a header, up to
/// 8 rows, and below them who is missing or, while the pane has the focus, the selected
/// person's details (wrapped, up to 3 rows).
pub(super) fn attendee_pane_height(app: &App, width: u16) -> u16 {
    let rows = u16::try_from(app.meeting().attendees.len())
        .unwrap_or(u16::MAX)
        .clamp(1, 8);
    // The details' local time is as long at any minute: the last action's time will do.
    let footer = attendee_footer(app, app.now()).map_or(0, |text| {
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .line_count(width.saturating_sub(2).max(1))
            .min(3)
    });
    rows + 3 + u16::try_from(footer).unwrap_or(3)
}

/// Draws "↑ N more" / "↓ N more" on the bottom border of a pane when rows are hidden.
pub(super) fn overflow_mark(
    area: Rect,
    above: usize,
    below: usize,
    buf: &mut Buffer,
    theme: Theme,
) {
    let mark = match (above, below) {
        (0, 0) => return,
        (0, below) => format!(" ↓ {below} more "),
        (above, 0) => format!(" ↑ {above} more "),
        (above, below) => format!(" ↑ {above} · ↓ {below} more "),
    };
    let bottom = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    Line::styled(mark, theme.warning())
        .right_aligned()
        .render(bottom.inner(Margin::new(1, 0)), buf);
}

/// An attendee's time now on their own clock ("Tue 14:05 CET"), or what was typed with a
/// question mark when it cannot be read.
fn local_time_cell(a: &Attendee, now: DateTime<FixedOffset>) -> Cow<'_, str> {
    match a.known_zone() {
        Some(zone) => {
            let local = zone::local_time(&zone, now);
            format!(
                "{} {}",
                local.time.format("%a %H:%M"),
                short_offset(&local.abbreviation)
            )
            .into()
        }
        None if a.time_zone.trim().is_empty() => "".into(),
        None => format!("{}?", for_screen(&a.time_zone)).into(),
    }
}

/// `UTC-05:00` as `UTC-5`, `UTC+05:30` as `UTC+5:30`; abbreviations as they are.
fn short_offset(abbreviation: &str) -> String {
    match abbreviation.strip_prefix("UTC") {
        Some(offset) if offset.len() == 6 => {
            let (sign, rest) = offset.split_at(1);
            let rest = rest.strip_suffix(":00").unwrap_or(rest);
            format!("UTC{sign}{}", rest.strip_prefix('0').unwrap_or(rest))
        }
        _ => abbreviation.to_owned(),
    }
}

pub(super) fn render_attendees(
    app: &App,
    now: DateTime<FixedOffset>,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let m = app.meeting();
    let focused = app.focus() == Focus::Attendees;
    let title = format!(" Attendees ({}) ", m.attendees.len());
    let block = pane(Line::styled(title, theme.title()), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let footer = attendee_footer(app, now).unwrap_or_default();
    let footer_style = if focused {
        theme.dim()
    } else {
        theme.warning()
    };
    let wanted = Paragraph::new(footer.as_str())
        .wrap(Wrap { trim: true })
        .line_count(inner.width.max(1));
    let wanted = if footer.is_empty() { 0 } else { wanted };
    // The table keeps its header and one row; the footer gets what is left.
    let table_min = if m.attendees.is_empty() { 1 } else { 2 };
    let footer_rows = u16::try_from(wanted)
        .unwrap_or(u16::MAX)
        .min(inner.height.saturating_sub(table_min));
    let [table_area, footer_area] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(footer_rows),
    ]));
    if m.attendees.is_empty() {
        Paragraph::new(Line::styled(
            "No one yet: ^A adds an attendee.",
            theme.dim(),
        ))
        .render(table_area, buf);
    } else {
        // Narrow panes keep what the meeting needs most: who, which side, which flags;
        // the selected person's details show below while the pane has the focus.
        let wide = table_area.width >= 50;
        let rows = m.attendees.iter().enumerate().map(|(i, a)| {
            let row = if wide {
                let [name, side, role, _, flags] = attendee_cells(a);
                Row::new([name, side, role, local_time_cell(a, now), flags])
            } else {
                let [name, side, _, _, flags] = attendee_cells(a);
                Row::new([name, side, flags])
            };
            if focused && app.selected(Focus::Attendees) == i {
                row.style(theme.selected())
            } else {
                row
            }
        });
        let visible = usize::from(table_area.height.saturating_sub(1));
        let skip = scroll_offset(app.selected(Focus::Attendees), visible, focused);
        let (widths, header) = if wide {
            (
                vec![
                    Constraint::Fill(3),
                    Constraint::Length(7),
                    Constraint::Fill(2),
                    // "Tue 14:05 CEST"
                    Constraint::Length(14),
                    Constraint::Length(11),
                ],
                vec!["Name", "Side", "Role", "Local time", "Flags"],
            )
        } else {
            (
                vec![
                    Constraint::Fill(1),
                    Constraint::Length(7),
                    Constraint::Length(11),
                ],
                vec!["Name", "Side", "Flags"],
            )
        };
        Table::new(rows.skip(skip).take(visible), widths)
            .header(Row::new(header).style(theme.dim()))
            .column_spacing(1)
            .render(table_area, buf);
        let below = m.attendees.len().saturating_sub(skip + visible);
        overflow_mark(area, skip, below, buf, theme);
    }
    Paragraph::new(Line::styled(footer, footer_style))
        .wrap(Wrap { trim: true })
        .render(footer_area, buf);
}

fn scroll_offset(selected: usize, visible: usize, focused: bool) -> usize {
    if focused && visible > 0 && selected >= visible {
        selected + 1 - visible
    } else {
        0
    }
}

/// A bordered list that draws only the rows that fit: its cost does not grow with the
/// number of items.
pub(super) fn render_list(
    app: &App,
    focus: Focus,
    title: String,
    (len, line): (usize, &dyn Fn(usize) -> Line<'static>),
    empty: &str,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme();
    let focused = app.focus() == focus;
    let block = pane(Line::styled(title, theme.title()), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if len == 0 {
        Paragraph::new(Line::styled(empty.to_owned(), theme.dim())).render(inner, buf);
        return;
    }
    let visible = usize::from(inner.height);
    let skip = scroll_offset(app.selected(focus), visible, focused);
    overflow_mark(area, skip, len.saturating_sub(skip + visible), buf, theme);
    let lines: Vec<Line> = (skip..len.min(skip + visible))
        .map(|i| {
            if focused && app.selected(focus) == i {
                line(i).style(theme.selected())
            } else {
                line(i)
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The marks after a list row's checkbox: `[internal]` for what the customer version
/// leaves out, and where a carried-forward item first came up.
fn tags(internal: bool, carried: Option<&Carried>, theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if internal {
        spans.push(Span::styled("[internal] ", theme.internal()));
    }
    if let Some(c) = carried {
        spans.push(Span::styled(
            format!("↻{} ", c.date.format("%m-%d")),
            theme.dim(),
        ));
    }
    spans
}

pub(super) fn render_actions(app: &App, area: Rect, buf: &mut Buffer) {
    let actions = &app.meeting().actions;
    let theme = app.theme();
    let line = |i: usize| {
        let a = &actions[i];
        let mark = if a.not_applicable {
            "[~]"
        } else if a.done {
            "[x]"
        } else {
            "[ ]"
        };
        let owner = if a.owner.is_empty() {
            String::new()
        } else {
            format!(" — {}", for_screen(&a.owner))
        };
        let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        let mut spans = vec![Span::raw(format!("{mark} "))];
        spans.extend(tags(a.internal, a.carried.as_ref(), theme));
        spans.push(Span::raw(format!("{}{owner}{due}", for_screen(&a.text))));
        Line::from(spans)
    };
    let title = format!(" Action items ({}) ", actions.len());
    render_list(
        app,
        Focus::Actions,
        title,
        (actions.len(), &line),
        "^O adds an action item.",
        area,
        buf,
    );
}

pub(super) fn render_parking(app: &App, area: Rect, buf: &mut Buffer) {
    let parked = &app.meeting().parking_lot;
    let theme = app.theme();
    let line = |i: usize| {
        let p = &parked[i];
        // A topic followed up (Space in the list) is ticked off like an action item.
        let mark = if p.done { "✓ " } else { "• " };
        let mut spans = vec![Span::raw(mark)];
        spans.extend(tags(p.internal, p.carried.as_ref(), theme));
        spans.push(Span::raw(for_screen(&p.text).into_owned()));
        Line::from(spans)
    };
    let title = format!(" Parking lot ({}) ", parked.len());
    render_list(
        app,
        Focus::ParkingLot,
        title,
        (parked.len(), &line),
        "^K parks a topic for a follow-up.",
        area,
        buf,
    );
}

pub(super) fn render_outcomes(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = app.meeting();
    let mut lines = Vec::new();
    for goal in &m.goals {
        lines.push(Line::raw(format!("◎ Goal: {}", for_screen(goal))));
    }
    for decision in &m.decisions {
        lines.push(Line::raw(format!("✔ Decision: {}", for_screen(decision))));
    }
    if let Some(schedule) = &m.regular_schedule {
        let end = schedule.time + chrono::Duration::minutes(i64::from(schedule.duration_minutes));
        lines.push(Line::raw(format!(
            "↻ {}, {} {}–{} {}, from {}",
            schedule.cadence.label(),
            schedule.weekday,
            schedule.time.format("%H:%M"),
            end.format("%H:%M"),
            for_screen(&schedule.time_zone),
            schedule.first_occurrence().format("%Y-%m-%d")
        )));
    } else if let Some(r) = &m.regular_meeting {
        lines.push(Line::raw(format!(
            "↻ {}: {}",
            r.cadence.label(),
            for_screen(&r.slot)
        )));
    }
    let block = pane(
        Line::styled(" Goals · decisions · regular meeting ", theme.title()),
        false,
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    if lines.is_empty() {
        lines.push(Line::styled(
            "^L goal · ^D decision · ^R regular meeting",
            theme.dim(),
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}
