//! The emergency save: when the process is told to stop (the terminal closed, `kill`,
//! an internal error) the newest snapshot of the meeting is written from a thread of its
//! own, and the user is told where it is. On a signal the event loop first applies the
//! input already waiting in the terminal (typing just before `kill` is kept); the
//! thread waits for that at most [`PATIENCE`], because the loop may be stuck on a dead
//! terminal.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use kickoff::core::text;
use kickoff::tui::StopRequest;

/// How long a signal waits for the event loop to apply the input already waiting before
/// saving the newest snapshot regardless.
pub const PATIENCE: Duration = Duration::from_secs(2);

/// What writing the newest snapshot did.
pub struct Saved {
    /// The session file holding the newest good copy.
    pub path: PathBuf,
    /// Why the last save failed, if it did.
    pub error: Option<String>,
}

/// Writes the newest snapshot of the meeting and says how it went.
pub type Flush = Arc<dyn Fn() -> Saved + Send + Sync>;

/// Runs `flush` on a panic (after the terminal is restored) and on SIGHUP, SIGTERM,
/// SIGINT or SIGQUIT, then says where meeting `id` is saved and how to resume it. On a
/// signal the event loop is first asked through `stop` to apply the input waiting in the
/// terminal; after it the process exits with 128 + the signal's number.
pub fn install(flush: Flush, id: String, stop: StopRequest) -> Result<()> {
    let panic_flush = Arc::clone(&flush);
    let panic_id = id.clone();
    let default_hook = std::panic::take_hook();
    // ratatui's own hook, installed later, restores the terminal first and then calls this.
    std::panic::set_hook(Box::new(move |info| {
        let saved = panic_flush();
        default_hook(info);
        report(&saved, &panic_id, "kickoff stopped on an internal error");
    }));
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])
        .context("listening for termination signals")?;
    std::thread::Builder::new()
        .name("kickoff-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // A loop that does not answer in time is stuck: save what it handed over.
                stop.ask_and_wait(PATIENCE);
                let saved = flush();
                // After a hang-up there is no terminal left to restore; standard error
                // may still reach a log, so the report goes there all the same.
                if signal != SIGHUP {
                    ratatui::restore();
                }
                report(&saved, &id, "kickoff was asked to stop");
                std::process::exit(128 + signal);
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

fn report(saved: &Saved, id: &str, what: &str) {
    let path = saved.path.display().to_string();
    let path = text::for_terminal(&path);
    let id = text::for_terminal(id);
    let mut err = std::io::stderr().lock();
    let _ = match &saved.error {
        None => writeln!(
            err,
            "{what}. The meeting is saved in {path}\nResume with: kickoff resume {id}"
        ),
        Some(error) => writeln!(
            err,
            "{what}. The last save FAILED: {}\nThe last good copy is {path}; resume with: kickoff resume {id}",
            text::for_terminal(error)
        ),
    };
}
