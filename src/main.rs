//! The `kickoff` command line: parses the arguments and hands them to one command. The
//! meeting screen prints its results only after the terminal is restored.

mod cli;
mod commands;
mod emergency;

use std::process::ExitCode;

use anyhow::Result;
use clap::FromArgMatches;

use kickoff::core::{store, text};
use kickoff::tui::theme;

use crate::cli::{Cli, Command, ExportFormat};
use crate::commands::{
    agendas, calendar, check, config, export, followup, join, manual, resume, run, scan, schedule,
    sessions, slots,
};

fn main() -> ExitCode {
    let no_color = theme::no_color(std::env::var_os("NO_COLOR").as_deref());
    let parsed = cli::command(no_color)
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match dispatch(cli) {
        Ok(code) => code,
        // A reader that stops early (`kickoff sessions | head -1`) ends the output quietly.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kickoff: {}", for_terminal_lines(&format!("{e:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Prints clap's message (help, version or a usage error). clap colours its messages on
/// a terminal and passes the arguments it quotes through as they are, so when an argument
/// holds terminal controls the message is printed without colours and cleaned.
fn usage_error(e: &clap::Error) -> ExitCode {
    let hostile = std::env::args_os().any(|arg| {
        let arg = arg.to_string_lossy();
        text::for_terminal(&arg) != arg
    });
    if !hostile || !e.use_stderr() {
        e.exit();
    }
    eprint!("{}", for_terminal_lines(&e.render().to_string()));
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// A message of several lines cleaned for the terminal line by line, so its lines stay.
fn for_terminal_lines(message: &str) -> String {
    let mut lines: Vec<_> = message.lines().map(text::for_terminal).collect();
    if message.ends_with('\n') {
        lines.push("".into());
    }
    lines.join("\n")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    // These describe the command line itself: they need no directory (and so no home).
    match &cli.command {
        Some(Command::Completions { shell }) => return manual::completions(*shell),
        Some(Command::Man { output }) => return manual::man(output.as_deref()),
        _ => {}
    }
    let screen = matches!(
        cli.command,
        None | Some(Command::Run { .. } | Command::Resume { .. } | Command::Join { .. })
    );
    let markdown = matches!(
        cli.command,
        Some(Command::Export {
            format: ExportFormat::Markdown,
            ..
        })
    );
    if screen || markdown {
        // The drift detector's tables are built on a spare core while the meeting loads
        // (a calendar file never reads the notes), then for the meeting screen the time
        // zone names its attendee list looks up.
        std::thread::spawn(move || {
            kickoff::core::drift::prepare();
            if screen {
                kickoff::core::zone::prepare();
            }
        });
    }
    let config_dir = store::config_dir(cli.config_dir.as_deref())?;
    let data_dir = cli.data_dir.as_deref();
    match cli.command {
        Some(Command::Agendas) => agendas::run(&config_dir),
        Some(Command::Check { files }) => Ok(check::run(&files)),
        Some(Command::Sessions) => sessions::run(data_dir),
        Some(Command::Scan { file, format }) => scan::run(&config_dir, file, format),
        Some(Command::Export {
            session,
            output,
            format: ExportFormat::Ics,
            ..
        }) => calendar::run(data_dir, &session, output.as_deref()),
        Some(Command::Export {
            session,
            internal,
            output,
            ..
        }) => export::run(data_dir, &config_dir, &session, internal, output.as_deref()),
        Some(Command::Followup { session, markdown }) => {
            followup::run(data_dir, &config_dir, &session, markdown)
        }
        Some(Command::Resume { id }) => resume::run(data_dir, &config_dir, id),
        Some(Command::Join { target, name }) => join::run(data_dir, &config_dir, target, name),
        Some(Command::Invite { session }) => join::invite(session),
        Some(Command::Schedule {
            sow_start,
            holidays,
        }) => schedule::run(sow_start, holidays.as_deref()),
        Some(Command::Slots { session, from }) => slots::run(data_dir, &config_dir, &session, from),
        Some(Command::Run {
            agenda,
            account,
            sow_start,
        }) => run::run(data_dir, &config_dir, agenda, account, sow_start),
        Some(Command::Config { init, force }) => config::run(&config_dir, init, force),
        // Handled above.
        Some(Command::Completions { .. } | Command::Man { .. }) => Ok(ExitCode::SUCCESS),
        None => run::start_screen(data_dir, &config_dir),
    }
}
