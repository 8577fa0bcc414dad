//! `kickoff schedule`: the SOW window the introductory meeting belongs in.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use kickoff::core::business_days::{self, Holidays};
use kickoff::core::clock::{Clock, SystemClock};

use super::print_clean;

/// Prints the window for a SOW starting on `sow_start`, skipping weekends and the days of
/// the `holidays` file; a bad holiday file is an error naming its file, line and column.
pub fn run(sow_start: NaiveDate, holidays: Option<&Path>) -> Result<ExitCode> {
    let holidays = match holidays {
        Some(path) => Holidays::load(path)?,
        None => Holidays::new(),
    };
    let window = business_days::sow_window(sow_start, &holidays)?;
    let today = SystemClock::default().now().date_naive();
    print_clean(&business_days::describe_window(
        &window,
        &holidays,
        Some(today),
    ))?;
    Ok(ExitCode::SUCCESS)
}
