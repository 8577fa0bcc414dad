//! `kickoff slots`: weekly slots for a saved meeting's regular meeting.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::{config, slot_report, zone};

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
    let mut report = slot_report::report_for_meeting(
        &meeting,
        ase.as_ref(),
        SystemClock::default().now(),
        from,
        SUGGESTIONS,
    );
    let typed = config
        .time_zone
        .iter()
        .map(|zone| ("Your time_zone", zone.as_str()))
        .chain(
            meeting
                .attendees
                .iter()
                // A meaning picked in the app is not a question any more.
                .filter(|a| a.time_zone_choice.is_none())
                .map(|a| (a.name.as_str(), a.time_zone.as_str())),
        );
    let ambiguous: Vec<String> = typed
        .filter_map(|(who, typed)| {
            let parsed = zone::parse(typed).ok()?;
            parsed
                .is_ambiguous()
                .then(|| format!("  {who}: {}.", parsed.describe()))
        })
        .collect();
    if !ambiguous.is_empty() {
        report.push_str(
            "\nTime zones with more than one meaning (type the IANA name to pick another):\n",
        );
        report.push_str(&ambiguous.join("\n"));
        report.push('\n');
    }
    print_clean(&report)?;
    Ok(ExitCode::SUCCESS)
}
