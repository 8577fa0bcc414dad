//! `kickoff sessions`: lists saved meetings.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use kickoff::core::text;

use super::open_store;

/// Prints one saved meeting a line, newest first; fails when a session file cannot be
/// read (it is named on standard error and left where it is).
pub fn run(data_dir: Option<&Path>) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let (sessions, errors) = store.list();
    let mut out = std::io::stdout().lock();
    if sessions.is_empty() {
        writeln!(
            out,
            "No saved meetings in {}",
            text::for_terminal(&store.sessions_dir().display().to_string())
        )?;
    }
    for s in &sessions {
        let state = if s.finished {
            "finished"
        } else if s.started_at.is_some() {
            "unfinished"
        } else {
            "in the lobby"
        };
        writeln!(
            out,
            "{:<48} {}  {:<12} {} · {}",
            text::for_terminal(&s.id),
            s.created_at.format("%Y-%m-%d %H:%M"),
            state,
            text::for_terminal(&s.account),
            text::for_terminal(&s.agenda_title)
        )?;
    }
    for e in &errors {
        eprintln!("kickoff: {}", text::for_terminal(&e.to_string()));
        // Listing changes nothing; resuming moves broken files out of the way.
        if let Some(path) = e.broken_file() {
            let message = format!(
                "kickoff: {} is not a usable session file; `kickoff resume` moves broken files to {} (nothing is deleted)",
                path.display(),
                store.corrupt_dir().display()
            );
            eprintln!("{}", text::for_terminal(&message));
        }
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
