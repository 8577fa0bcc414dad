//! Writes the huge sample meeting (10,000 note lines, 200 attendees, 500 action items) as a
//! session file into the data directory given, for `benches/real.sh` and by-hand checks:
//!
//! ```sh
//! cargo run --release --example make_huge_session -- DIR
//! kickoff --data-dir DIR resume 2026-11-23-1400-acme-corp-huge
//! ```
//!
//! With `--typical` it writes the mid-meeting sample instead; with `--notes FILE` the
//! mid-meeting sample with FILE's text as the notes of the section on screen (for the
//! pty benchmark, `benches/pty_bench.py`).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use kickoff::core::sample;
use kickoff::core::store::Store;

fn main() -> ExitCode {
    let mut typical = false;
    let mut notes = None;
    let mut dir = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--typical" {
            typical = true;
        } else if arg == "--notes" {
            notes = args.next().map(PathBuf::from);
        } else {
            dir = Some(PathBuf::from(arg));
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: make_huge_session [--typical] DIR");
        return ExitCode::FAILURE;
    };
    let now = Local::now().fixed_offset();
    let mut meeting = if typical || notes.is_some() {
        sample::typical_meeting(now)
    } else {
        sample::huge_meeting(now)
    };
    if let Some(file) = notes {
        match std::fs::read_to_string(&file) {
            Ok(text) => meeting.set_current_notes(text),
            Err(e) => {
                eprintln!("make_huge_session: {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        }
    }
    // As kickoff leaves a session file when it quits: folded (its header binds it to the
    // journal a resumed kickoff starts), the empty journal removed.
    let saved = Store::open(&dir)
        .and_then(|store| store.fold(&meeting, 0))
        .map(|(path, _, journal)| {
            if let Some(journal) = journal {
                let _ = std::fs::remove_file(journal.path());
            }
            path
        });
    match saved {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("make_huge_session: {e}");
            ExitCode::FAILURE
        }
    }
}
