//! `kickoff export`: writes a meeting's GitLab Flavored Markdown.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use kickoff::core::{export, store, text};

use super::open_store;

/// Writes the Markdown of `session` (an id or a session file) to `output`, or to
/// standard output.
pub fn run(data_dir: Option<&Path>, session: &str, output: Option<&Path>) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let meeting = store.load(session)?;
    let markdown = export::to_markdown(&meeting);
    match output {
        Some(path) => {
            store::write_atomic(path, markdown.as_bytes())?;
            eprintln!("Wrote {}", text::for_terminal(&path.display().to_string()));
        }
        None => std::io::stdout().lock().write_all(markdown.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
