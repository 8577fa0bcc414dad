//! `kickoff followup`: prints the follow-up message the account team sends after the
//! meeting.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use kickoff::core::export::{self, followup};

use super::{load_export_options, open_store};

/// Prints the follow-up message of `session` (an id or a session file), as plain text or
/// as Markdown; both carry the date by which to send it.
pub fn run(
    data_dir: Option<&Path>,
    config_dir: &Path,
    session: &str,
    markdown: bool,
) -> Result<ExitCode> {
    let options = load_export_options(config_dir)?;
    let store = open_store(data_dir)?;
    let meeting = store.load(session)?;
    let message = followup::text_with(&meeting, export::last_known_time(&meeting), &options);
    let text = if markdown {
        message.markdown
    } else {
        message.plain
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
