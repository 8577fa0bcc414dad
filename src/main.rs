//! The `kickoff` command line: parses the arguments and hands them to one command. The
//! meeting screen prints its results only after the terminal is restored.

mod cli;
mod commands;
mod emergency;

use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use kickoff::core::store;

use crate::cli::{Cli, Command};
use crate::commands::{agendas, check, export, resume, run, scan, sessions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kickoff: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    let config_dir = store::config_dir(cli.config_dir.as_deref())?;
    let data_dir = cli.data_dir.as_deref();
    match cli.command {
        Some(Command::Agendas) => agendas::run(&config_dir),
        Some(Command::Check { files }) => Ok(check::run(&files)),
        Some(Command::Sessions) => sessions::run(data_dir),
        Some(Command::Scan { file, format }) => scan::run(&config_dir, file, format),
        Some(Command::Export { session, output }) => {
            export::run(data_dir, &session, output.as_deref())
        }
        Some(Command::Resume { id }) => resume::run(data_dir, &config_dir, id),
        Some(Command::Run { agenda, account }) => run::run(data_dir, &config_dir, agenda, account),
        None => run::start_screen(data_dir, &config_dir),
    }
}
