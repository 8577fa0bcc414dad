//! The terminal shell: turns key events into actions and draws the meeting.

pub mod action;
pub mod app;
pub mod editor;
pub mod form;
pub mod keymap;
pub mod saver;
pub mod start;
pub mod theme;
pub mod view;

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;

use self::app::App;
use self::start::{Picked, StartScreen};

/// How often the screen is redrawn without input: the timers show seconds.
const TICK: Duration = Duration::from_secs(1);

/// Turns bracketed paste on for as long as it lives, so pasted text arrives as one event.
struct BracketedPaste;

impl BracketedPaste {
    fn enable() -> Self {
        // Terminals without bracketed paste deliver pasted text as keys, which also works.
        let _ = execute!(io::stdout(), EnableBracketedPaste);
        Self
    }
}

impl Drop for BracketedPaste {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableBracketedPaste);
    }
}

/// Runs the start screen until the user picks something.
pub fn run_start(terminal: &mut DefaultTerminal, screen: &mut StartScreen) -> io::Result<Picked> {
    let _paste = BracketedPaste::enable();
    loop {
        terminal.draw(|frame| {
            frame.render_widget(&*screen, frame.area());
            if let Some(position) = screen.cursor_position() {
                frame.set_cursor_position(position);
            }
        })?;
        if let Some(picked) = screen.picked.take() {
            return Ok(picked);
        }
        let event = event::read()?;
        screen.handle_event(&event);
    }
}

/// Runs the meeting screen until the user quits. The session is saved on the way out.
pub fn run_meeting(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let _paste = BracketedPaste::enable();
    let mut last_tick = Instant::now();
    // Drawing only when something may have changed: an idle, paused meeting writes
    // nothing to the terminal between the header clock's minutes.
    let mut redraw = true;
    loop {
        if redraw {
            terminal.draw(|frame| {
                frame.render_widget(&*app, frame.area());
                if let Some(position) = app.cursor_position() {
                    frame.set_cursor_position(position);
                }
            })?;
            redraw = false;
        }
        if let Some(text) = app.clipboard.take() {
            copy_to_clipboard(&text);
        }
        if app.quit {
            return Ok(());
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            redraw = true;
            continue;
        }
        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout)? {
            // Handle everything already waiting before drawing again, so a paste or fast
            // typing never queues up behind redraws.
            loop {
                let event = event::read()?;
                app.handle_event(&event);
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            redraw = true;
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            redraw |= app.tick();
        }
    }
}

/// Gives the terminal back and stops the process like any shell job; `fg` continues here
/// with a full redraw. The meeting clock keeps running meanwhile: the call goes on.
#[cfg(unix)]
fn suspend(terminal: &mut DefaultTerminal) -> io::Result<()> {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Execution continues here after SIGCONT.
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    terminal.clear()
}

/// Suspending is a Unix job-control feature; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
fn suspend(_terminal: &mut DefaultTerminal) -> io::Result<()> {
    Ok(())
}

/// Asks the terminal to put `text` on the system clipboard (OSC 52).
fn copy_to_clipboard(text: &str) {
    let mut out = io::stdout();
    let _ = write!(out, "\x1b]52;c;{}\x07", base64(text.as_bytes()));
    let _ = out.flush();
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("| é".as_bytes()), "fCDDqQ==");
    }
}
