//! Drawing frames straight to the terminal's backend, keeping what it shows between
//! frames: while only the notes and the lines below them can have changed (typing), only
//! they are drawn again, and only the rows that changed are compared cell by cell.
//!
//! `Terminal::draw` hands each frame a cleared buffer and compares every cell of the
//! screen with the last frame (working out each cell's width); at a keystroke that was
//! most of what a frame cost.

use std::mem;

use chrono::{DateTime, FixedOffset};
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::{FrameKey, Plan, copy_buffer, cursor_in, frame_key, render, render_typed};
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
    /// The key of the last frame when nothing lay over the screen: the parts around the
    /// notes on screen are the ones it stands for.
    last: Option<FrameKey>,
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
    /// and taken again): the next frame clears it and is drawn whole.
    pub fn forget(&mut self) {
        self.valid = false;
    }

    /// How many frames drew only the notes and the rows below them over the last frame.
    pub fn partial_frames(&self) -> u64 {
        self.partial_frames
    }
}

/// Draws the app at `now` through `backend` on a screen of `area` as `plan` (made for
/// that area and this app) places it, cursor included, writing only the cells that
/// differ from what `painter` says the terminal shows. When the parts around the notes
/// are the ones on screen already, only the notes pane and the rows below it are drawn.
pub fn paint<B: Backend>(
    backend: &mut B,
    area: Rect,
    app: &App,
    now: DateTime<FixedOffset>,
    plan: Option<&Plan>,
    painter: &mut Painter,
) -> Result<(), B::Error> {
    if !painter.valid || painter.shown.area != area {
        // Whatever the terminal shows now, from here on it is known: cleared. Through the
        // backend: `Terminal::clear` asks the terminal where its cursor is first, and a
        // terminal that does not answer would end the meeting screen.
        backend.clear()?;
        painter.shown.resize(area);
        painter.shown.reset();
        painter.last = None;
        painter.back_synced = false;
    }
    // Until this frame is on screen, nothing is known of what the terminal shows.
    painter.valid = false;
    let overlay = app.form().is_some() || app.help_open();
    let key = plan.map(|plan| frame_key(app, now, area, plan));
    let partial = !overlay && key.is_some() && painter.last == key;
    let Painter {
        shown, back, band, ..
    } = painter;
    let regions = match plan {
        Some(plan) if partial => {
            if !painter.back_synced {
                copy_buffer(shown, back);
            }
            let regions = plan.typed();
            for rect in regions {
                reset_rect(back, rect);
            }
            render_typed(app, plan, back);
            painter.partial_frames += 1;
            regions
        }
        _ => {
            back.resize(area);
            back.reset();
            render(app, now, plan, area, back);
            [area, Rect::default()]
        }
    };
    draw_changes(shown, back, &regions, band, backend)?;
    match cursor_in(app, area, plan) {
        Some(position) => {
            backend.show_cursor()?;
            backend.set_cursor_position(position)?;
        }
        None => backend.hide_cursor()?,
    }
    mem::swap(&mut painter.shown, &mut painter.back);
    painter.back_synced = partial;
    painter.last = if overlay { None } else { key };
    backend.flush()?;
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
            row.iter_mut().for_each(Cell::reset);
        }
    }
}

/// Writes to `backend` the cells of `next` that differ from `prev` (two buffers of the
/// same area, equal outside `regions`), as ratatui's own diff finds them, but compared
/// only over the rows from the first to the last that changed.
fn draw_changes<B: Backend>(
    prev: &Buffer,
    next: &Buffer,
    regions: &[Rect],
    band: &mut [Buffer; 2],
    backend: &mut B,
) -> Result<(), B::Error> {
    let area = next.area;
    if prev.area != area {
        return backend.draw(prev.diff_iter(next));
    }
    let Some((first, last)) = changed_rows(prev, next, regions) else {
        return Ok(());
    };
    let height = last - first + 1;
    // A band of more than half the screen costs more to copy than to compare in place.
    if height * 2 > usize::from(area.height) {
        return backend.draw(prev.diff_iter(next));
    }
    let width = usize::from(area.width);
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

/// The first and the last row (counted from the top of the buffers' area) where `prev`
/// and `next` differ within `regions`.
fn changed_rows(prev: &Buffer, next: &Buffer, regions: &[Rect]) -> Option<(usize, usize)> {
    let area = next.area;
    let width = usize::from(area.width);
    let mut found: Option<(usize, usize)> = None;
    for rect in regions {
        let rect = rect.intersection(area);
        let x = usize::from(rect.x - area.x);
        for y in rect.top()..rect.bottom() {
            let row = usize::from(y - area.y);
            let cells = row * width + x..row * width + x + usize::from(rect.width);
            let same = match (prev.content.get(cells.clone()), next.content.get(cells)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if !same {
                found = Some(found.map_or((row, row), |(a, b)| (a.min(row), b.max(row))));
            }
        }
    }
    found
}
