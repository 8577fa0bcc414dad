//! One module per subcommand, and what several of them share: opening the session store,
//! loading the agenda catalog and the drift detector.

pub mod agendas;
pub mod calendar;
pub mod check;
pub mod config;
pub mod export;
pub mod followup;
pub mod join;
pub mod manual;
pub mod resume;
pub mod run;
pub mod scan;
pub mod schedule;
pub mod sessions;
pub mod slots;

use std::path::{Path, PathBuf};

use anyhow::Result;

use kickoff::core::agenda::{AgendaError, Catalog};
use kickoff::core::drift::Detector;
use kickoff::core::export::Options;
use kickoff::core::store::{self, Store};
use kickoff::core::text;

/// The session store in the `--data-dir` directory, else KICKOFF_DATA_DIR, else the user
/// data directory.
pub fn open_store(flag: Option<&Path>) -> Result<Store> {
    let dir = store::data_dir(flag)?;
    Ok(Store::open(&dir)?)
}

/// The folder user agendas are read from.
pub fn agendas_dir(config_dir: &Path) -> PathBuf {
    config_dir.join("agendas")
}

/// The built-in and user agendas; broken user agendas are reported and skipped.
pub fn load_catalog(dir: &Path) -> Catalog {
    let catalog = Catalog::load(Some(dir));
    for problem in &catalog.problems {
        eprintln!(
            "kickoff: skipping a broken agenda: {}",
            text::for_terminal(&problem.to_string())
        );
    }
    catalog
}

/// The export options the user's `config.yaml` describes (the defaults when there is no
/// such file); a broken file is an error that names the file, line and column.
pub fn load_export_options(config_dir: &Path) -> Result<Options> {
    Ok(kickoff::core::config::load(config_dir)?.export_options())
}

/// The drift detector the user's `config.yaml` describes (the default one when there is
/// no such file); a broken file is an error that names the file, line and column.
pub fn load_detector(config_dir: &Path) -> Result<Detector> {
    let config = kickoff::core::config::load(config_dir)?;
    Ok(config.drift.detector()?)
}

/// Every problem of an agenda as one error, a problem a line.
pub fn agenda_errors(errors: Vec<AgendaError>) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("{}", lines.join("\n"))
}

/// Prints `report` line by line, each cleaned of terminal controls (it quotes user data).
pub fn print_clean(report: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for line in report.lines() {
        writeln!(out, "{}", text::for_terminal(line))?;
    }
    Ok(())
}
