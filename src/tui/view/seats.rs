//! The seats line, while the meeting is shared: who else is connected, where they are
//! typing, whether this seat is online, and who is waiting to be let in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::core::shared::Role;
use crate::core::text::for_screen;
use crate::tui::app::{App, place};
use crate::tui::text::shorten;
use crate::tui::theme::Theme;

/// Whether the screen has a seats line.
pub(super) fn shown(app: &App) -> bool {
    app.seats().in_use()
}

pub(super) fn render_seats(app: &App, area: Rect, buf: &mut Buffer, theme: Theme) {
    let seats = app.seats();
    let mut spans = vec![Span::styled(" Seats ", theme.title())];
    let me = match seats.role() {
        Role::Host => "you (host)",
        Role::Joined => "you (joined)",
    };
    spans.push(Span::raw(me));
    for peer in seats.peers() {
        let role = match seats.role() {
            Role::Host if peer.remote => "other machine",
            Role::Host => "this machine",
            Role::Joined => "host",
        };
        let name = shorten(&for_screen(&peer.name), 24);
        if let Some(n) = peer.pending {
            let s = if n == 1 { "" } else { "s" };
            spans.push(Span::raw(format!(" · {name} ({role})")));
            spans.push(Span::styled(
                format!(": offline, {n} change{s} pending"),
                theme.warning(),
            ));
            continue;
        }
        let at = peer
            .presence
            .as_ref()
            .map(|p| format!(": {}", for_screen(&place(app, p))))
            .unwrap_or_default();
        spans.push(Span::raw(format!(" · {name} ({role}){at}")));
    }
    if seats.role() == Role::Joined {
        if seats.online() {
            spans.push(Span::styled(" · online", theme.good()));
        } else {
            let n = seats.pending();
            let s = if n == 1 { "" } else { "s" };
            spans.push(Span::styled(
                format!(" · offline, {n} change{s} pending"),
                theme.warning(),
            ));
        }
    } else if seats.peers().is_empty() {
        spans.push(Span::raw(" · nobody joined yet"));
    }
    if let Some(knock) = seats.knock() {
        spans.push(Span::styled(
            format!(
                " · {} (key {}) asks to join: Alt-y let in, Alt-n turn away",
                shorten(&for_screen(&knock.name), 20),
                knock.fingerprint
            ),
            theme.warning(),
        ));
    }
    Line::from(spans).render(area, buf);
}
