//! `kickoff check`: validates agenda files.

use std::path::PathBuf;
use std::process::ExitCode;

use kickoff::core::agenda;

use crate::clean;

/// Prints `FILE: ok (...)` for each good file and every problem of the others as
/// `file:line:column: message` on standard error; fails when any file is bad.
pub fn run(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        match agenda::load_file(file) {
            Ok(a) => println!(
                "{}",
                clean::terminal(&format!(
                    "{}: ok ({}, {} sections, {} min)",
                    file.display(),
                    a.name,
                    a.sections.len(),
                    a.minutes
                ))
            ),
            Err(errors) => {
                failed = true;
                for e in errors {
                    eprintln!("{}", clean::terminal(&e.to_string()));
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
