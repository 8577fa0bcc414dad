//! `kickoff resume`: reopens a saved meeting on the meeting screen.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use kickoff::core::meeting::Meeting;
use kickoff::core::store::{OnDisk, Store};
use kickoff::core::text;

use super::open_store;
use super::run::{AppStart, run_app};

/// Opens the meeting `id`, else the newest unfinished one, on the meeting screen.
pub fn run(data_dir: Option<&Path>, config_dir: &Path, id: Option<String>) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let (meeting, on_disk, notices) = resume_meeting(&store, id)?;
    run_app(
        AppStart::Meeting(Box::new(meeting), on_disk, notices),
        store,
        config_dir,
        None,
    )
}

/// The meeting `kickoff resume [ID]` opens: the given one, else the newest unfinished
/// one, what its session file holds when that is the meeting exactly, and what replaying
/// its journal has to tell (shown on the meeting screen and printed on quitting). Broken
/// session files are moved aside (never overwritten, never deleted), so they are not
/// reported again on every run.
fn resume_meeting(
    store: &Store,
    id: Option<String>,
) -> Result<(Meeting, Option<OnDisk>, Vec<String>)> {
    let rescue_dirs = store.rescue_dirs();
    // An emergency copy newer than its session file holds the last words typed before
    // the session file could no longer be written: offer it first.
    let id = match id.or_else(|| {
        store
            .all_rescued(&rescue_dirs)
            .into_iter()
            .next()
            .map(|(id, _)| id)
    }) {
        Some(id) => id,
        None => {
            let (sessions, moved) = store.quarantine_broken();
            for (error, moved) in moved {
                eprintln!("kickoff: {}", text::for_terminal(&error.to_string()));
                let from = error.broken_file().unwrap_or(Path::new("")).display();
                let message = match moved {
                    Ok(to) => format!(
                        "kickoff: moved the broken session file {from} to {}; repair it there and move it back to resume it",
                        to.display()
                    ),
                    Err(e) => format!("kickoff: could not move {from} aside: {e}"),
                };
                eprintln!("{}", text::for_terminal(&message));
            }
            match sessions.into_iter().find(|s| !s.finished) {
                Some(s) => s.id,
                None => {
                    bail!("no unfinished meeting to resume; run `kickoff sessions` to list all")
                }
            }
        }
    };
    if let Some(copy) = store.rescued(&id, &rescue_dirs).into_iter().next() {
        eprintln!(
            "{}",
            text::for_terminal(&format!(
                "kickoff: found an emergency copy of meeting {id} at {}, newer than its session file: opening it (the next save writes it to the session file; delete the copy afterwards)",
                copy.display()
            ))
        );
        let mut meeting = store.load(&copy.to_string_lossy())?;
        meeting.id = id;
        // Not what the session file holds: the first change writes the whole meeting.
        return Ok((meeting, None, Vec::new()));
    }
    let opened = store.open_session(&id).map(|o| {
        let on_disk = o.on_disk();
        (o.meeting, on_disk, o.journal.notes)
    });
    opened.or_else(|error| {
        let broken = error.broken_file().map(Path::to_path_buf);
        match broken.map(|from| (store.quarantine(&from), from)) {
            Some((Ok(to), from)) => bail!(
                "{error}\nmoved the broken session file {} to {} so it is never overwritten; repair it there and move it back to resume it",
                from.display(),
                to.display()
            ),
            _ => Err(error.into()),
        }
    })
}
