//! The bottom lines: the drift banner, the status line and the footer of keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::core::drift::FindingKind;
use crate::core::meeting::Phase;
use crate::core::shared::Role;
use crate::core::text::for_screen;
use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Tone};
use crate::tui::keymap::{self, GLOBAL, LIST};
use crate::tui::theme::Theme;

/// The most rows the drift banner takes from the screen.
const MAX_BANNER_ROWS: u16 = 4;

/// The rows the drift banner needs at `width` (none without one): its second line, the
/// keys and the explanation, wraps instead of being cut at the window's edge.
pub(super) fn banner_height(app: &App, width: u16) -> u16 {
    banner(app, app.theme()).map_or(0, |banner| {
        banner
            .line_count(width)
            .try_into()
            .unwrap_or(MAX_BANNER_ROWS)
            .clamp(2, MAX_BANNER_ROWS)
    })
}

pub(super) fn render_banner(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    if let Some(banner) = banner(app, theme) {
        banner.render(area, buf);
    }
}

/// The drift banner: what was matched and why, then the keys and what to do.
fn banner(app: &App, theme: Theme) -> Option<Paragraph<'static>> {
    let flag = app.drift()?;
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
            for_screen(&finding.matched),
            for_screen(&finding.reason)
        )),
    ]);
    // The reason for the level, when there is one, says more than the general advice.
    let mut explanation = if finding.why.is_empty() {
        advice.into()
    } else {
        for_screen(&finding.why)
    };
    // A label under the finding keeps the note from the customer: that comes first.
    if let Some(label) = &flag.label {
        explanation = format!(
            "Also labels a person, \"{}\": not in the customer version. {explanation}",
            for_screen(&label.matched)
        )
        .into();
    }
    // The keys come first, so a narrow terminal cuts the explanation, not them.
    let keys = match finding.kind {
        FindingKind::Troubleshooting => {
            format!(" {} park it · Esc dismiss", keymap::key_for(&Action::Park))
        }
        // A label is reworded in place; parking it would make a follow-up of it.
        FindingKind::Labeling => " Reword the note, or Esc dismiss".to_owned(),
    };
    let second = Line::from(vec![
        Span::raw(keys),
        Span::raw(format!(" · {explanation}")),
    ]);
    Some(
        Paragraph::new(vec![first, second])
            .style(theme.banner())
            .wrap(Wrap { trim: false }),
    )
}

/// What the status line says besides the list keys: a save error, or news.
fn message(app: &App, theme: Theme) -> Option<Line<'static>> {
    if let Some(error) = app.save_error() {
        return Some(Line::styled(
            format!(
                " ■ NOT SAVED: {} (kept in memory; retrying)",
                for_screen(error)
            ),
            theme.alarm(),
        ));
    }
    app.status().map(|status| {
        let style = if status.tone == Tone::Warning {
            theme.warning()
        } else {
            Style::new()
        };
        Line::styled(format!(" {}", for_screen(&status.text)), style)
    })
}

/// The most rows a long message takes from the screen.
const MAX_MESSAGE_ROWS: u16 = 3;

/// The rows the status line needs at `width`: a message too long for one row (a path,
/// most often at its end) wraps onto up to [`MAX_MESSAGE_ROWS`] rows instead of being cut.
pub(super) fn height(app: &App, width: u16) -> u16 {
    let Some(line) = message(app, app.theme()) else {
        return 1;
    };
    Paragraph::new(line)
        .wrap(Wrap { trim: false })
        .line_count(width)
        .try_into()
        .unwrap_or(MAX_MESSAGE_ROWS)
        .clamp(1, MAX_MESSAGE_ROWS)
}

pub(super) fn render_status(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    if let Some(line) = message(app, theme) {
        Paragraph::new(line)
            .wrap(Wrap { trim: false })
            .render(area, buf);
        return;
    }
    let focus = app.focus();
    if focus == Focus::Notes {
        return;
    }
    // The list's own keys, from the list key table.
    let applies = |action: &Action| match action {
        Action::ToggleSelected => {
            matches!(focus, Focus::Prompts | Focus::Actions | Focus::ParkingLot)
        }
        Action::EditSelected | Action::RemoveSelected => focus != Focus::Prompts,
        _ => true,
    };
    let mut keys: Vec<String> = LIST
        .iter()
        .filter(|b| !b.label.is_empty() && applies(&b.action))
        .map(|b| format!("{} {}", b.key, b.label))
        .collect();
    if matches!(focus, Focus::Actions | Focus::ParkingLot) {
        keys.push(format!(
            "{} internal",
            keymap::key_for(&Action::ToggleInternal)
        ));
    }
    keys.push(format!(
        "{} back to notes",
        keymap::key_for(&Action::Dismiss)
    ));
    let lead = if focus == Focus::Prompts {
        " Prompts: "
    } else {
        " "
    };
    Line::styled(format!("{lead}{}", keys.join(" · ")), theme.dim()).render(area, buf);
}

pub(super) fn render_footer(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let lobby = app.meeting().phase() == Phase::Lobby;
    // A joined seat does not run the agenda or the timer: its ^N asks the host.
    let joined = app.seats().role() == Role::Joined;
    let entries: Vec<(&str, &str, bool)> = GLOBAL
        .iter()
        .filter(|b| !b.label.is_empty())
        .filter(|b| !(joined && App::host_only(&b.action)))
        .map(|b| {
            let label = match b.action {
                Action::NextSection if joined => "ask to move on",
                Action::NextSection if lobby => "start",
                _ => b.label,
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
