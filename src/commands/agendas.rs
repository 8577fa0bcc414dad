//! `kickoff agendas`: lists the built-in and user agendas.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use kickoff::core::agenda::Catalog;
use kickoff::core::text;

use super::agendas_dir;

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
            text::for_terminal(&a.name),
            a.minutes,
            text::for_terminal(&a.title),
            text::for_terminal(&entry.origin.to_string())
        )?;
    }
    writeln!(
        out,
        "\nUser agendas are read from {}",
        text::for_terminal(&dir.display().to_string())
    )?;
    for problem in &catalog.problems {
        eprintln!("{}", text::for_terminal(&problem.to_string()));
    }
    Ok(if catalog.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
