//! Drawing: `impl Widget for &App`. Nothing here changes state.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Table, Widget, Wrap};

use super::action::Action;
use super::app::{App, Focus, Tone};
use super::form::{Form, Value};
use super::keymap::{self, BINDINGS, FORM_KEYS, LIST_KEYS};
use super::theme::{self, Theme};
use crate::core::agenda::Capture;
use crate::core::drift::FindingKind;
use crate::core::meeting::{
    Attendee, Meeting, Phase, Side, TimeStatus, format_duration, round_minutes,
};

/// The smallest terminal the meeting screen is drawn in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the meeting screen is drawn in.
pub const MIN_HEIGHT: u16 = 24;

fn hm(t: DateTime<FixedOffset>) -> String {
    t.format("%H:%M").to_string()
}

/// Removes characters that would reach the terminal as control sequences.
pub fn printable(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        text.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

impl App {
    /// Where the terminal cursor goes after drawing: in the focused text field, if any.
    pub fn cursor_position(&self) -> Option<Position> {
        // Nothing with a cursor is on a "too small" screen, and a position from an earlier,
        // larger frame must not land outside this one.
        let area = self.drawn_area.get();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        self.cursor_in_drawn_widgets().filter(|p| area.contains(*p))
    }

    fn cursor_in_drawn_widgets(&self) -> Option<Position> {
        if let Some(form) = &self.form {
            return match form.fields.get(form.focus).map(|f| &f.value) {
                Some(Value::Text(input)) => input.rendered_cursor_position(),
                _ => None,
            };
        }
        if self.help || self.focus != Focus::Notes || self.meeting.phase() == Phase::Lobby {
            return None;
        }
        self.notes.rendered_cursor_position()
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.drawn_area.set(area);
        let theme = self.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf, theme);
            return;
        }
        let banner_height = if self.drift.is_some() { 2 } else { 0 };
        let [header, clock, body, banner, status, footer] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(banner_height),
            Constraint::Length(1),
            Constraint::Length(1),
        ]));
        let now = self.now();
        render_header(&self.meeting, now, header, buf, theme);
        render_clock(&self.meeting, now, clock, buf, theme);
        if self.meeting.phase() == Phase::Lobby {
            render_lobby(self, body, buf, theme);
        } else {
            render_meeting(self, now, body, buf, theme);
        }
        render_banner(self, banner, buf, theme);
        render_status(self, status, buf, theme);
        render_footer(self, footer, buf, theme);
        if let Some(form) = &self.form {
            render_form(form, area, buf, theme);
        } else if self.help {
            render_help(area, buf, theme);
        }
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer, theme: Theme) {
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

fn render_header(
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
        format!(" · {}", printable(&m.account))
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
    let title = super::app::shorten(&printable(&m.agenda.title), room);
    Line::from(format!("{prefix}{title}{account}")).render(left_area, buf);
    right.render(right_area, buf);
}

/// A meeting-length duration as minutes and seconds, e.g. `63:05`.
fn minutes_clock(d: chrono::Duration) -> String {
    let secs = d.num_seconds().max(0);
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn render_clock(
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

fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: Theme) -> Block<'a> {
    let style = if focused {
        theme.focused()
    } else {
        theme.border()
    };
    Block::bordered().border_style(style).title(title.into())
}

fn render_lobby(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = &app.meeting;
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
            lines.push(Line::raw(format!("☐ {}", printable(item))));
        }
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled("Agenda", theme.title()));
    for (i, s) in m.agenda.sections.iter().enumerate() {
        lines.push(Line::raw(format!(
            "{}. {} ({} min)",
            i + 1,
            printable(&s.title),
            s.minutes
        )));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(pane(" Lobby ", false, theme))
        .render(left, buf);
    render_attendees(app, right, buf, theme);
}

fn render_meeting(
    app: &App,
    now: DateTime<FixedOffset>,
    area: Rect,
    buf: &mut Buffer,
    theme: Theme,
) {
    let right_width = (area.width * 9 / 20).clamp(34, 64);
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_width),
    ]));
    render_strip(&app.meeting, now, Rect { height: 1, ..left }, buf, theme);
    let left = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let needed = section_lines(app, left.width.saturating_sub(2));
    let section_height = needed.min(left.height * 3 / 5).max(5);
    let [section, notes] = left.layout(&Layout::vertical([
        Constraint::Length(section_height),
        Constraint::Fill(1),
    ]));
    // When the box is short, the prompts matter more than the spacing.
    let roomy = needed <= section_height;
    render_section(app, now, section, roomy, buf, theme);
    render_notes(app, notes, buf, theme);

    let m = &app.meeting;
    let attendee_rows = u16::try_from(m.attendees.len())
        .unwrap_or(u16::MAX)
        .clamp(1, 8)
        + 4;
    let list_rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).clamp(1, 6) + 2;
    let outcome_items =
        m.goals.len() + m.decisions.len() + usize::from(m.regular_meeting.is_some());
    let [attendees, actions, parking, outcomes] = right.layout(&Layout::vertical([
        Constraint::Length(attendee_rows),
        Constraint::Min(list_rows(m.actions.len())),
        Constraint::Min(list_rows(m.parking_lot.len())),
        Constraint::Length(list_rows(outcome_items)),
    ]));
    render_attendees(app, attendees, buf, theme);
    render_actions(app, actions, buf);
    render_parking(app, parking, buf);
    render_outcomes(app, outcomes, buf, theme);
}

fn render_strip(
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
            format!("{mark}{} {}", i + 1, printable(&s.title))
        };
        let label = super::app::shorten(&text, room.saturating_sub(1).max(3));
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

fn section_lines(app: &App, width: u16) -> u16 {
    let m = &app.meeting;
    let Some(section) = m.agenda.sections.get(m.current) else {
        return 5;
    };
    let width = usize::from(width.max(1));
    // Rows a text of `chars` characters takes, after a prefix of `lead` columns.
    let rows = |lead: usize, s: &str| {
        u16::try_from((lead + s.chars().count()) / width + 1).unwrap_or(u16::MAX)
    };
    let wrapped = |s: &str| rows(0, s);
    let goal = if section.goal.is_empty() {
        0
    } else {
        wrapped(&section.goal) + 2
    };
    let prompts: u16 = section
        .prompts
        .iter()
        .map(|p| rows("[ ] 1 ".len(), p))
        .sum();
    let tips: u16 = if section.tips.is_empty() {
        0
    } else {
        1 + section.tips.iter().map(|t| wrapped(t)).sum::<u16>()
    };
    (2 + 1 + goal + prompts + tips).min(200)
}

fn timer_line(m: &Meeting, now: DateTime<FixedOffset>, width: u16, theme: Theme) -> Line<'static> {
    if let (Phase::Ended, Some(ended)) = (m.phase(), m.ended_at) {
        return Line::styled(
            format!(
                " ■ Meeting ended at {} after {} min · ^E exports the notes · ^P reopens",
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

fn render_section(
    app: &App,
    now: DateTime<FixedOffset>,
    area: Rect,
    roomy: bool,
    buf: &mut Buffer,
    theme: Theme,
) {
    let m = &app.meeting;
    let Some(section) = m.agenda.sections.get(m.current) else {
        return;
    };
    let title = format!(
        " {}/{} {} ",
        m.current + 1,
        m.agenda.sections.len(),
        printable(&section.title)
    );
    let block = pane(
        Line::styled(title, theme.title()),
        app.focus == Focus::Prompts,
        theme,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let [timer, rest] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    timer_line(m, now, timer.width, theme).render(timer, buf);
    let mut lines = Vec::new();
    if !section.goal.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Goal: ", theme.title()),
            Span::raw(printable(&section.goal)),
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
        if app.focus == Focus::Prompts && app.selected[Focus::Prompts.index()] == i {
            style = style.patch(theme.selected());
        }
        lines.push(Line::styled(
            format!("{mark} {number} {}", printable(prompt)),
            style,
        ));
    }
    if !section.tips.is_empty() {
        lines.push(Line::styled("Tips", theme.dim()));
        for tip in &section.tips {
            lines.push(Line::styled(format!("  › {}", printable(tip)), theme.dim()));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(rest, buf);
}

fn render_notes(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = &app.meeting;
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
    let block = pane(Line::from(title), app.focus == Focus::Notes, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    (&app.notes).render(inner, buf);
}

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
        printable(&a.name),
        side.into(),
        printable(&a.role),
        printable(&a.time_zone),
        flags.join(" ").into(),
    ]
}

impl<'a> From<&'a Attendee> for Row<'a> {
    fn from(a: &'a Attendee) -> Self {
        Row::new(attendee_cells(a))
    }
}

fn render_attendees(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = &app.meeting;
    let focused = app.focus == Focus::Attendees;
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
                Row::from(a)
            } else {
                let [name, side, _, _, flags] = attendee_cells(a);
                Row::new([name, side, flags])
            };
            if focused && app.selected[Focus::Attendees.index()] == i {
                row.style(theme.selected())
            } else {
                row
            }
        });
        let skip = scroll_offset(
            app.selected[Focus::Attendees.index()],
            usize::from(table_area.height.saturating_sub(1)),
            focused,
        );
        let (widths, header) = if wide {
            (
                vec![
                    Constraint::Fill(3),
                    Constraint::Length(7),
                    Constraint::Fill(2),
                    Constraint::Fill(2),
                    Constraint::Length(11),
                ],
                vec!["Name", "Side", "Role", "Time zone", "Flags"],
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
fn render_list(
    app: &App,
    focus: Focus,
    title: String,
    (len, line): (usize, &dyn Fn(usize) -> Line<'static>),
    empty: &str,
    area: Rect,
    buf: &mut Buffer,
) {
    let theme = app.theme;
    let focused = app.focus == focus;
    let index = focus.index();
    let block = pane(Line::styled(title, theme.title()), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    if len == 0 {
        Paragraph::new(Line::styled(empty.to_owned(), theme.dim())).render(inner, buf);
        return;
    }
    let visible = usize::from(inner.height);
    let skip = scroll_offset(app.selected[index], visible, focused);
    let lines: Vec<Line> = (skip..len.min(skip + visible))
        .map(|i| {
            if focused && app.selected[index] == i {
                line(i).style(theme.selected())
            } else {
                line(i)
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn render_actions(app: &App, area: Rect, buf: &mut Buffer) {
    let actions = &app.meeting.actions;
    let line = |i: usize| {
        let a = &actions[i];
        let mark = if a.done { "[x]" } else { "[ ]" };
        let owner = if a.owner.is_empty() {
            String::new()
        } else {
            format!(" — {}", printable(&a.owner))
        };
        let due = a.due.map(|d| format!(" (due {d})")).unwrap_or_default();
        Line::raw(format!("{mark} {}{owner}{due}", printable(&a.text)))
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

fn render_parking(app: &App, area: Rect, buf: &mut Buffer) {
    let parked = &app.meeting.parking_lot;
    let line = |i: usize| Line::raw(format!("• {}", printable(&parked[i].text)));
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

fn render_outcomes(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let m = &app.meeting;
    let mut lines = Vec::new();
    for goal in &m.goals {
        lines.push(Line::raw(format!("◎ Goal: {}", printable(goal))));
    }
    for decision in &m.decisions {
        lines.push(Line::raw(format!("✔ Decision: {}", printable(decision))));
    }
    if let Some(r) = &m.regular_meeting {
        lines.push(Line::raw(format!(
            "↻ {}: {}",
            r.cadence.label(),
            printable(&r.slot)
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

fn render_banner(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let Some(flag) = &app.drift else { return };
    let (what, advice) = match flag.finding.kind {
        FindingKind::Troubleshooting => (
            "Drifting into troubleshooting?",
            "Keep the meeting on its agenda: park it as a follow-up.",
        ),
        FindingKind::Labeling => (
            "Labeling a person?",
            "The handbook advises against labeling colleagues in front of the customer.",
        ),
    };
    let finding = &flag.finding;
    let first = Line::from(vec![
        Span::raw(format!(" ▲ {}: {what} ", finding.level.label())),
        Span::raw(format!(
            "Matched \"{}\": {}.",
            printable(&finding.matched),
            printable(&finding.reason)
        )),
    ]);
    // The reason for the level, when there is one, says more than the general advice.
    let explanation = if finding.why.is_empty() {
        advice.into()
    } else {
        printable(&finding.why)
    };
    // The keys come first, so a narrow terminal cuts the explanation, not them.
    let keys = match finding.kind {
        FindingKind::Troubleshooting => {
            format!(" {} park it · Esc dismiss", keymap::key_for(Action::Park))
        }
        // A label is reworded in place; parking it would make a follow-up of it.
        FindingKind::Labeling => " Reword the note, or Esc dismiss".to_owned(),
    };
    let second = Line::from(vec![
        Span::raw(keys),
        Span::raw(format!(" · {explanation}")),
    ]);
    Paragraph::new(vec![first, second])
        .style(theme.banner())
        .render(area, buf);
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    if let Some(error) = &app.save_error {
        Line::styled(
            format!(
                " ■ NOT SAVED: {} (kept in memory; retrying)",
                printable(error)
            ),
            theme.alarm(),
        )
        .render(area, buf);
        return;
    }
    if let Some(status) = &app.status {
        let style = if status.tone == Tone::Warning {
            theme.warning()
        } else {
            Style::new()
        };
        Line::styled(format!(" {}", printable(&status.text)), style).render(area, buf);
        return;
    }
    let hint = match app.focus {
        Focus::Notes => "",
        Focus::Prompts => " Prompts: ↑↓ select · Space tick · Esc back to notes",
        _ => " ↑↓ select · Enter edit · Del remove · Esc back to notes",
    };
    Line::styled(hint, theme.dim()).render(area, buf);
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let lobby = app.meeting.phase() == Phase::Lobby;
    let entries: Vec<(&str, &str, bool)> = BINDINGS
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| {
            let label = if lobby && b.action == Action::NextSection {
                "start"
            } else {
                b.label
            };
            // Help and quit are always shown; the others in table order while they fit.
            let always = matches!(b.action, Action::ToggleHelp | Action::Quit);
            (b.key, label, always)
        })
        .collect();
    let width =
        |(key, label, _): &(&str, &str, bool)| key.chars().count() + label.chars().count() + 2;
    let mut room = usize::from(area.width)
        .saturating_sub(entries.iter().filter(|e| e.2).map(width).sum::<usize>());
    let mut spans = Vec::new();
    for entry in &entries {
        if !entry.2 {
            if width(entry) > room {
                continue;
            }
            room -= width(entry);
        }
        spans.push(Span::styled(format!(" {}", entry.0), theme.key()));
        spans.push(Span::raw(format!(" {}", entry.1)));
    }
    Line::from(spans).render(area, buf);
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn render_form(form: &Form, area: Rect, buf: &mut Buffer, theme: Theme) {
    let height = u16::try_from(form.fields.len()).unwrap_or(20) + 5;
    let rect = popup(area, 84, height);
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_style(theme.focused())
        .title(Line::styled(
            format!(" {} ", form.kind.title()),
            theme.title(),
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let label_width = 18;
    for (i, field) in form.fields.iter().enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        if y >= inner.bottom() {
            break;
        }
        let focused = i == form.focus;
        let row = Rect {
            y,
            height: 1,
            ..inner
        };
        let [label, value] = row.layout(&Layout::horizontal([
            Constraint::Length(label_width),
            Constraint::Fill(1),
        ]));
        let marker = if focused { "›" } else { " " };
        Line::styled(
            format!("{marker}{}", field.label),
            if focused {
                theme.focused()
            } else {
                Style::new()
            },
        )
        .render(label, buf);
        match &field.value {
            Value::Text(input) => {
                let empty = input.lines().iter().all(|l| l.is_empty());
                if empty && !focused {
                    Line::styled(field.hint, theme.dim()).render(value, buf);
                } else {
                    input.as_ref().render(value, buf);
                    if empty {
                        let hint_area = Rect {
                            x: value.x + 1,
                            width: value.width.saturating_sub(1),
                            ..value
                        };
                        Line::styled(field.hint, theme.dim()).render(hint_area, buf);
                    }
                }
            }
            Value::Side(side) => {
                let choices: Vec<Span> = Side::ALL
                    .iter()
                    .map(|s| {
                        if s == side {
                            Span::styled(format!("(•) {}  ", s.label()), theme.focused())
                        } else {
                            Span::raw(format!("( ) {}  ", s.label()))
                        }
                    })
                    .collect();
                Line::from(choices).render(value, buf);
            }
            Value::Cadence(cadence) => {
                Line::raw(format!(
                    "‹ {} ›  {}",
                    cadence.label(),
                    if focused { field.hint } else { "" }
                ))
                .render(value, buf);
            }
            Value::Flag(on) => {
                let mark = if *on { "[x]" } else { "[ ]" };
                Line::raw(format!("{mark}  {}", if focused { field.hint } else { "" }))
                    .render(value, buf);
            }
        }
    }
    let bottom = Rect {
        y: inner.bottom().saturating_sub(2),
        height: 2,
        ..inner
    };
    let mut lines = Vec::new();
    lines.push(match &form.error {
        Some(error) => Line::styled(error.clone(), theme.alarm()),
        None => Line::raw(""),
    });
    let keys: Vec<Span> = FORM_KEYS
        .iter()
        .flat_map(|(k, what)| {
            [
                Span::styled(format!("{k} "), theme.key()),
                Span::raw(format!("{what}  ")),
            ]
        })
        .collect();
    lines.push(Line::from(keys));
    Paragraph::new(lines).render(bottom, buf);
}

fn render_help(area: Rect, buf: &mut Buffer, theme: Theme) {
    let key = |k: &str, width: usize| Span::styled(format!("{k:<width$}"), theme.key());
    let mut global = vec![Line::styled("Everywhere, even while typing", theme.title())];
    for b in BINDINGS {
        global.push(Line::from(vec![key(b.key, 9), Span::raw(b.help)]));
    }
    global.push(Line::from(vec![
        key("Alt-1..9", 9),
        Span::raw("Tick or untick prompt 1..9"),
    ]));
    let mut local = vec![
        Line::styled("In the notes", theme.title()),
        Line::from(vec![
            key("^U", 4),
            Span::raw("undo "),
            key("^Y", 4),
            Span::raw("redo "),
            key("^W", 4),
            Span::raw("word"),
        ]),
        Line::raw(""),
        Line::styled("In a list (Tab to reach it)", theme.title()),
    ];
    for (k, what) in LIST_KEYS {
        local.push(Line::from(vec![key(k, 9), Span::raw(*what)]));
    }
    local.push(Line::raw(""));
    local.push(Line::styled("In a form", theme.title()));
    for (k, what) in FORM_KEYS {
        local.push(Line::from(vec![key(k, 9), Span::raw(*what)]));
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
