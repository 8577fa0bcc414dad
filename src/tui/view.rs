//! Drawing the meeting screen: the app at one moment, read and never changed by drawing
//! ([`draw`], or [`paint`] over the last frame). One module per screen area; [`layout`]
//! is the one place that says where each area goes, so the loop can size the notes view
//! and place the cursor from the same rectangles the frame is drawn in.

mod header;
mod help;
mod lists;
mod lobby;
mod paint;
mod seats;
mod section;
pub mod start;
mod status;

use chrono::{DateTime, FixedOffset};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, StatefulWidget};

use super::app::{App, Focus};
use super::theme::Theme;
use crate::core::meeting::Phase;

pub use paint::{Painter, paint};

/// The smallest terminal the meeting screen is drawn in.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the meeting screen is drawn in.
pub const MIN_HEIGHT: u16 = 24;

fn hm(t: DateTime<FixedOffset>) -> String {
    t.format("%H:%M").to_string()
}

fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: Theme) -> Block<'a> {
    let style = if focused {
        theme.focused()
    } else {
        theme.border()
    };
    Block::bordered().border_style(style).title(title.into())
}

/// Where each part of the meeting screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The title bar.
    pub header: Rect,
    /// The meeting clock line.
    pub clock: Rect,
    /// Who else is connected (empty unless the meeting is shared).
    pub seats: Rect,
    /// The lobby or the section with the lists.
    pub body: Rect,
    /// The drift banner (empty without one).
    pub banner: Rect,
    /// The status line (up to three rows while a long message shows).
    pub status: Rect,
    /// The footer of keys.
    pub footer: Rect,
}

/// Where the parts of a running meeting's body go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MeetingAreas {
    strip: Rect,
    section: Rect,
    /// Whether the section box has room for its spacing.
    roomy: bool,
    notes: Rect,
    attendees: Rect,
    actions: Rect,
    parking: Rect,
    outcomes: Rect,
}

/// The areas of the screen in `area`, or `None` when it is too small to draw.
pub fn layout(app: &App, area: Rect) -> Option<Areas> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let banner_height = status::banner_height(app, area.width);
    let seats_height = u16::from(seats::shown(app));
    let [header, clock, seats, body, banner, status, footer] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(seats_height),
        Constraint::Fill(1),
        Constraint::Length(banner_height),
        Constraint::Length(status::height(app, area.width)),
        Constraint::Length(1),
    ]));
    Some(Areas {
        header,
        clock,
        seats,
        body,
        banner,
        status,
        footer,
    })
}

/// `section_height` gives the height the section box wants at a width.
fn meeting_layout(app: &App, area: Rect, section_height: impl FnOnce(u16) -> u16) -> MeetingAreas {
    let right_width = (area.width * 9 / 20).clamp(34, 64);
    let [left, right] = area.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_width),
    ]));
    let strip = Rect { height: 1, ..left };
    let left = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    let needed = section_height(left.width);
    let section_height = needed.min(left.height * 3 / 5).max(5);
    let [section, notes] = left.layout(&Layout::vertical([
        Constraint::Length(section_height),
        Constraint::Fill(1),
    ]));
    let m = app.meeting();
    let attendee_rows = lists::attendee_pane_height(app, right.width);
    let list_rows = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).clamp(1, 6) + 2;
    let outcome_items =
        m.goals.len() + m.decisions.len() + usize::from(m.regular_meeting.is_some());
    let [attendees, actions, parking, outcomes] = right.layout(&Layout::vertical([
        Constraint::Length(attendee_rows),
        Constraint::Min(list_rows(m.actions.len())),
        Constraint::Min(list_rows(m.parking_lot.len())),
        Constraint::Length(list_rows(outcome_items)),
    ]));
    MeetingAreas {
        strip,
        section,
        // When the box is short, the prompts matter more than the spacing.
        roomy: needed <= section_height,
        notes,
        attendees,
        actions,
        parking,
        outcomes,
    }
}

/// Where everything on a screen goes: worked out once a frame, then used to size the
/// notes view, to draw and to place the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    areas: Areas,
    body: Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    Lobby([Rect; 3]),
    Meeting(MeetingAreas),
}

impl Plan {
    /// The text area of the notes.
    pub fn notes(&self) -> Rect {
        let notes = match self.body {
            Body::Lobby(parts) => parts[1],
            Body::Meeting(parts) => parts.notes,
        };
        Block::bordered().inner(notes)
    }
}

impl Plan {
    /// The areas [`render_typed`] draws: the notes' text, and the rows of the banner and
    /// the status line.
    fn typed(&self) -> [Rect; 2] {
        let Areas { banner, status, .. } = self.areas;
        let below = Rect {
            height: status.bottom().saturating_sub(banner.y),
            ..banner
        };
        [self.notes(), below]
    }
}

/// Makes `to` a copy of `from`, in the memory `to` already has (`Buffer::clone_from`
/// makes a new copy first and only then frees the old one: a whole screen more at peak).
fn copy_buffer(from: &Buffer, to: &mut Buffer) {
    to.area = from.area;
    to.content.clone_from(&from.content);
}

/// Where everything goes on a screen of `area`, or `None` when it is too small to draw.
pub fn plan(app: &App, area: Rect) -> Option<Plan> {
    plan_with(app, area, |width| section::section_height(app, width))
}

/// Like [`plan`], with the section box's height kept in `kept` while the meeting and the
/// width stay the same.
pub fn plan_kept(app: &App, area: Rect, kept: &mut Kept) -> Option<Plan> {
    plan_with(app, area, |width| {
        let key = (app.revision(), width);
        match kept.section_height {
            Some((same, height)) if same == key => height,
            _ => {
                let height = section::section_height(app, width);
                kept.section_height = Some((key, height));
                height
            }
        }
    })
}

fn plan_with(app: &App, area: Rect, section_height: impl FnOnce(u16) -> u16) -> Option<Plan> {
    let areas = layout(app, area)?;
    let body = if app.meeting().phase() == Phase::Lobby {
        Body::Lobby(lobby::layout(app, areas.body))
    } else {
        Body::Meeting(meeting_layout(app, areas.body, section_height))
    };
    Some(Plan { areas, body })
}

/// The text area of the notes when the screen is `area`, if the notes are on screen.
pub fn notes_area(app: &App, area: Rect) -> Option<Rect> {
    plan(app, area).map(|p| p.notes())
}

/// Where the terminal cursor goes when the screen is `area`: in the focused text field,
/// if any is on screen.
pub fn cursor_position(app: &App, area: Rect) -> Option<Position> {
    cursor_in(app, area, plan(app, area).as_ref())
}

fn cursor_in(app: &App, area: Rect, plan: Option<&Plan>) -> Option<Position> {
    let plan = plan?;
    if let Some(form) = app.form() {
        return form.cursor_position(area).filter(|p| area.contains(*p));
    }
    if app.help_open() || app.focus() != Focus::Notes {
        return None;
    }
    app.notes_view().cursor_in(plan.notes())
}

/// Draws the app at `now` into the whole frame, cursor included.
pub fn draw(frame: &mut Frame, app: &App, now: DateTime<FixedOffset>) {
    let plan = plan(app, frame.area());
    let area = frame.area();
    render(app, now, plan.as_ref(), area, frame.buffer_mut());
    if let Some(position) = cursor_in(app, area, plan.as_ref()) {
        frame.set_cursor_position(position);
    }
}

/// What one frame keeps for the next: the section box's height for a revision of the
/// meeting and a width (it is worked out by wrapping the box's text).
#[derive(Debug, Default)]
pub struct Kept {
    section_height: Option<((u64, u16), u16)>,
}

/// Everything the parts around the notes are drawn from, but the meeting itself, which
/// [`App::revision`] stands for: while it stays the same, typing changes only the notes
/// and the rows below them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FrameKey {
    revision: u64,
    focus: Focus,
    selected: [usize; 5],
    second: i64,
    app_second: i64,
    area: Rect,
    plan: Plan,
}

/// What typing changes when nothing lies over the screen (see [`Plan::typed`]): the text
/// of the notes (their pane's border and title stay), the banner and the status line.
fn render_typed(app: &App, plan: &Plan, buf: &mut Buffer) {
    let theme = app.theme();
    // Drawing reads the view; a copy satisfies `StatefulWidget`'s signature.
    let mut view = app.notes_view();
    app.notes().render(plan.notes(), buf, &mut view);
    status::render_banner(app, plan.areas.banner, buf, theme);
    status::render_status(app, plan.areas.status, buf, theme);
}

/// The key of a frame drawn at `now` for `plan` on a screen of `area`.
fn frame_key(app: &App, now: DateTime<FixedOffset>, area: Rect, plan: &Plan) -> FrameKey {
    FrameKey {
        revision: app.revision(),
        focus: app.focus(),
        selected: Focus::ORDER.map(|f| app.selected(f)),
        second: now.timestamp(),
        app_second: app.now().timestamp(),
        area,
        plan: *plan,
    }
}

/// Draws the app at `now` into `buf` (blank, of the frame's `area`) as `plan` places it.
pub(super) fn render(
    app: &App,
    now: DateTime<FixedOffset>,
    plan: Option<&Plan>,
    area: Rect,
    buf: &mut Buffer,
) {
    let Some(plan) = plan else {
        header::render_too_small(area, buf, app.theme());
        return;
    };
    render_around_notes(app, now, plan, buf);
    render_notes_and_below(app, plan, area, buf);
}

/// All but the notes, the banner, the status line and what lies over them. They never
/// draw into those areas.
fn render_around_notes(app: &App, now: DateTime<FixedOffset>, plan: &Plan, buf: &mut Buffer) {
    let theme = app.theme();
    let Plan { areas, body } = *plan;
    header::render_header(app.meeting(), now, areas.header, buf, theme);
    header::render_clock(app.meeting(), now, areas.clock, buf, theme);
    status::render_footer(app, areas.footer, buf, theme);
    if seats::shown(app) {
        seats::render_seats(app, areas.seats, buf, theme);
    }
    match body {
        Body::Lobby(parts) => lobby::render_lobby(app, now, parts, buf, theme),
        Body::Meeting(parts) => {
            section::render_strip(app.meeting(), now, parts.strip, buf, theme);
            section::render_section(app, now, parts.section, parts.roomy, buf, theme);
            lists::render_attendees(app, now, parts.attendees, buf, theme);
            lists::render_actions(app, parts.actions, buf);
            lists::render_parking(app, parts.parking, buf);
            lists::render_outcomes(app, parts.outcomes, buf, theme);
        }
    }
}

/// The notes, the banner, the status line and what lies over the screen.
fn render_notes_and_below(app: &App, plan: &Plan, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let Plan { areas, body } = *plan;
    match body {
        Body::Lobby(parts) => lobby::render_notes(app, parts[1], buf, theme),
        Body::Meeting(parts) => section::render_notes(app, parts.notes, buf, theme),
    }
    status::render_banner(app, areas.banner, buf, theme);
    status::render_status(app, areas.status, buf, theme);
    if let Some(form) = app.form() {
        form.render(area, buf, theme);
    } else if app.help_open() {
        help::render_help(area, buf, theme);
    }
}
