//! The panes on the right: attendees, action items, the parking lot and the outcomes.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Table, Widget, Wrap};

use super::pane;
use crate::core::meeting::{Attendee, Side};
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

impl<'a> From<&'a Attendee> for Row<'a> {
    fn from(a: &'a Attendee) -> Self {
        Row::new(attendee_cells(a))
    }
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
    let missing = m.missing_stakeholders();
    let missing_text = if missing.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = missing.iter().map(|s| s.short_label()).collect();
        format!("▲ Missing: {}", names.join(", "))
    };
    let missing_rows = missing_text
        .chars()
        .count()
        .div_ceil(usize::from(inner.width.max(1)));
    let [table_area, missing_area] = inner.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(missing_rows).unwrap_or(1)),
    ]));
    if m.attendees.is_empty() {
        Paragraph::new(Line::styled(
            "No one yet: ^A adds an attendee.",
            theme.dim(),
        ))
        .render(table_area, buf);
    } else {
        // Narrow panes keep what the meeting needs most: who, which side, which flags.
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
        let skip = scroll_offset(
            app.selected(Focus::Attendees),
            usize::from(table_area.height.saturating_sub(1)),
            focused,
        );
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
        let visible = usize::from(table_area.height.saturating_sub(1));
        Table::new(rows.skip(skip).take(visible), widths)
            .header(Row::new(header).style(theme.dim()))
            .column_spacing(1)
            .render(table_area, buf);
    }
    Paragraph::new(Line::styled(missing_text, theme.warning()))
        .wrap(Wrap { trim: true })
        .render(missing_area, buf);
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

pub(super) fn render_actions(app: &App, area: Rect, buf: &mut Buffer) {
    let actions = &app.meeting().actions;
    let line = |i: usize| {
        let a = &actions[i];
        let mark = if a.done { "[x]" } else { "[ ]" };
        let owner = if a.owner.is_empty() {
            String::new()
        } else {
            format!(" — {}", for_screen(&a.owner))
        };
        let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        Line::raw(format!("{mark} {}{owner}{due}", for_screen(&a.text)))
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
    let line = |i: usize| Line::raw(format!("• {}", for_screen(&parked[i].text)));
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
