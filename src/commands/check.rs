//! `kickoff check`: validates agenda files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use kickoff::core::{agenda, text};

/// Prints `FILE: ok (...)` for each good file and every problem of the others as
/// `file:line:column: message` on standard error; fails when any file is bad. The
/// verdict is the exit code, so every file is checked even when nobody reads the output.
pub fn run(files: &[PathBuf]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for file in files {
        match agenda::load_file(file) {
            Ok(a) => {
                let line = format!(
                    "{}: ok ({}, {} sections, {} min)",
                    file.display(),
                    a.name,
                    a.sections.len(),
                    a.minutes
                );
                let _ = writeln!(out, "{}", text::for_terminal(&line));
            }
            Err(errors) => {
                failed = true;
                for e in errors {
                    eprintln!("{}", text::for_terminal(&e.to_string()));
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
