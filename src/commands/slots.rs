//! `kickoff slots`: weekly slots for a saved meeting's regular meeting.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::{config, slots};

use super::{open_store, print_clean};

/// How many slots are suggested.
const SUGGESTIONS: usize = 5;

/// The name the ASE goes by in the suggestions.
const ASE: &str = "You";

/// Prints the best slots for the attendees of `session` and the ASE (zone and working hours
/// from the config, the zone detected when not configured), and how the agreed regular
/// meeting fits, if one was agreed.
pub fn run(
    data_dir: Option<&Path>,
    config_dir: &Path,
    session: &str,
    from: Option<NaiveDate>,
) -> Result<ExitCode> {
    let config = config::load(config_dir)?;
    let ase = config.ase(ASE);
    let store = open_store(data_dir)?;
    let meeting = store.load(session)?;
    if ase.is_none() {
        eprintln!(
            "kickoff: your time zone is not set and could not be detected, so you are left out; \
             set time_zone in {}",
            config::path_in(config_dir).display()
        );
    }
    let report =
        slots::report_for_meeting(&meeting, ase.as_ref(), SystemClock.now(), from, SUGGESTIONS);
    print_clean(&report)?;
    Ok(ExitCode::SUCCESS)
}
