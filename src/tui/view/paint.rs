//! Drawing frames straight to the terminal's backend, keeping what it shows between
//! frames: while only the notes and the lines below them can have changed (typing), only
//! they are drawn again, and only the rows that changed are compared cell by cell.
//!
//! `Terminal::draw` hands each frame a cleared buffer and compares every cell of the
//! screen with the last frame (working out each cell's width); at a keystroke that was
//! most of what a frame cost.

use std::mem;

use chrono::{DateTime, FixedOffset};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Canvas, CanvasKey, Plan, canvas_key, cursor_in, render_notes_and_below, render_planned};
use crate::tui::app::App;

/// What the terminal shows, kept between the frames [`paint`] draws on it. One painter
/// goes with one terminal; [`Painter::forget`] after anything else drew on it or
/// cleared it.
#[derive(Debug, Default)]
pub struct Painter {
    /// The last frame drawn, as the terminal shows it.
    shown: Buffer,
    /// The frame before it, drawn over for the next one.
    back: Buffer,
    /// Whether `shown` is what the terminal shows.
    valid: bool,
    /// The canvas key of the last frame when nothing lay over the screen: the parts
    /// around the notes on screen are the ones it stands for.
    last: Option<CanvasKey>,
    /// Whether `back` holds the same cells as `shown` but in the notes pane and the rows
    /// below it (the last frame drew nothing else).
    back_synced: bool,
    /// The changed rows of the two frames, compared by ratatui (kept for their memory).
    band: [Buffer; 2],
    /// How many frames were painted over the last one.
    partial_frames: u64,
}

impl Painter {
    /// A painter for a terminal that shows nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The terminal was cleared or drawn on otherwise (resized, handed back to the shell
    /// and taken again): the next frame is drawn whole.
    pub fn forget(&mut self) {
        self.valid = false;
    }

    /// How many frames drew only the notes and the rows below them over the last frame.
    pub fn partial_frames(&self) -> u64 {
        self.partial_frames
    }
}

/// Draws the app at `now` on `terminal` as `plan` (made for the terminal's area and this
/// app) places it, cursor included, writing only the cells that differ from what
/// `painter` says the terminal shows. When the parts around the notes are the ones on
/// screen already, only the notes pane and the rows below it are drawn.
pub fn paint<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &App,
    now: DateTime<FixedOffset>,
    plan: Option<&Plan>,
    canvas: &mut Canvas,
    painter: &mut Painter,
) -> Result<(), B::Error> {
    let area = terminal.get_frame().area();
    if !painter.valid || painter.shown.area != area {
        // What a cleared terminal shows.
        painter.shown.resize(area);
        painter.shown.reset();
        painter.last = None;
        painter.back_synced = false;
    }
    // Until this frame is on screen, nothing is known of what the terminal shows.
    painter.valid = false;
    let overlay = app.form().is_some() || app.help_open();
    let key = plan.map(|plan| canvas_key(app, now, area, plan));
    let partial = !overlay && key.is_some() && painter.last == key;
    let Painter {
        shown, back, band, ..
    } = painter;
    let from_row = match plan {
        Some(plan) if partial => {
            if !painter.back_synced {
                back.clone_from(shown);
            }
            let regions = plan.notes_and_below();
            for rect in regions {
                reset_rect(back, rect);
            }
            render_notes_and_below(app, plan, area, back);
            painter.partial_frames += 1;
            regions[0].top().min(regions[1].top())
        }
        _ => {
            back.resize(area);
            back.reset();
            render_planned(app, now, plan, area, back, canvas);
            area.top()
        }
    };
    draw_changes(shown, back, from_row, band, terminal.backend_mut())?;
    match cursor_in(app, area, plan) {
        Some(position) => {
            terminal.show_cursor()?;
            terminal.set_cursor_position(position)?;
        }
        None => terminal.hide_cursor()?,
    }
    mem::swap(&mut painter.shown, &mut painter.back);
    painter.back_synced = partial;
    painter.last = if overlay { None } else { key };
    terminal.backend_mut().flush()?;
    painter.valid = true;
    Ok(())
}

/// Resets the cells of `rect` in `buf`.
fn reset_rect(buf: &mut Buffer, rect: Rect) {
    let rect = rect.intersection(buf.area);
    let width = usize::from(buf.area.width);
    let x = usize::from(rect.x - buf.area.x);
    for y in rect.top()..rect.bottom() {
        let start = usize::from(y - buf.area.y) * width + x;
        if let Some(row) = buf.content.get_mut(start..start + usize::from(rect.width)) {
            row.iter_mut().for_each(ratatui::buffer::Cell::reset);
        }
    }
}

/// Writes to `backend` the cells of `next` that differ from `prev` (two buffers of the
/// same area, equal above row `from`), as ratatui's own diff finds them, but compared
/// only over the rows from the first to the last that changed.
fn draw_changes<B: Backend>(
    prev: &Buffer,
    next: &Buffer,
    from: u16,
    band: &mut [Buffer; 2],
    backend: &mut B,
) -> Result<(), B::Error> {
    let area = next.area;
    let width = usize::from(area.width);
    if width == 0 || prev.area != area {
        return backend.draw(prev.diff_iter(next));
    }
    let start = usize::from(from.saturating_sub(area.y));
    let rows = prev.content.chunks_exact(width).zip(next.content.chunks_exact(width));
    let mut first = None;
    let mut last = 0;
    for (i, (a, b)) in rows.enumerate().skip(start) {
        if a != b {
            first.get_or_insert(i);
            last = i;
        }
    }
    let Some(first) = first else {
        return Ok(());
    };
    let height = last - first + 1;
    // A band of more than half the screen costs more to copy than to compare in place.
    if height * 2 > usize::from(area.height) {
        return backend.draw(prev.diff_iter(next));
    }
    let cells = first * width..(last + 1) * width;
    let rect = Rect {
        y: area.y + u16::try_from(first).unwrap_or(u16::MAX),
        height: u16::try_from(height).unwrap_or(u16::MAX),
        ..area
    };
    let [before, after] = band;
    for (band, whole) in [(&mut *before, prev), (&mut *after, next)] {
        band.area = rect;
        band.content.clear();
        band.content
            .extend_from_slice(whole.content.get(cells.clone()).unwrap_or_default());
    }
    backend.draw(before.diff_iter(after))
}
