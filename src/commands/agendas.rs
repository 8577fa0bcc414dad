//! `kickoff agendas`: lists the built-in and user agendas.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use kickoff::core::agenda::Catalog;

use super::agendas_dir;
use crate::clean;

/// Prints one agenda a line and where user agendas are read from; fails when a user
/// agenda is broken (each problem goes to standard error).
pub fn run(config_dir: &Path) -> Result<ExitCode> {
    let dir = agendas_dir(config_dir);
    let catalog = Catalog::load(Some(&dir));
    let mut out = std::io::stdout().lock();
    for entry in &catalog.entries {
        let a = &entry.agenda;
        writeln!(
            out,
            "{:<20} {:>3} min  {:<34} {}",
            clean::terminal(&a.name),
            a.minutes,
            clean::terminal(&a.title),
            clean::terminal(&entry.origin.to_string())
        )?;
    }
    writeln!(
        out,
        "\nUser agendas are read from {}",
        clean::terminal(&dir.display().to_string())
    )?;
    for problem in &catalog.problems {
        eprintln!("{}", clean::terminal(&problem.to_string()));
    }
    Ok(if catalog.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
