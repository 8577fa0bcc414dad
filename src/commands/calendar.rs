//! `kickoff export ID --format ics`: the agreed regular meeting as a calendar file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::Utc;

use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::{ics, store, text};

use super::open_store;

/// Writes the regular meeting of `session` to `output`, else to `<id>.ics` in the current
/// directory; fails when no regular meeting was agreed yet.
pub fn run(data_dir: Option<&Path>, session: &str, output: Option<&Path>) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let meeting = store.load(session)?;
    let calendar = ics::for_meeting(&meeting, SystemClock::default().now().with_timezone(&Utc))?;
    let path = match output {
        Some(path) => path.to_owned(),
        None => PathBuf::from(file_name(&meeting.id)),
    };
    store::write_atomic(&path, calendar.as_bytes())?;
    eprintln!("Wrote {}", text::for_terminal(&path.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

/// `<id>.ics`; a hand-edited id that is not a plain file name gives `regular-meeting.ics`.
fn file_name(id: &str) -> String {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        format!("{id}.ics")
    } else {
        "regular-meeting.ics".to_owned()
    }
}
