//! The shell's own widgets: the notes editor, a single-line text input and the forms
//! built from it. They know keys only as commands (`action`), styles only from `theme`.

pub mod editor;
pub mod form;
pub mod input;

pub use form::schedule;

use ratatui::layout::Rect;

/// A `width` x `height` rectangle centred in `area` (clipped to it).
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
