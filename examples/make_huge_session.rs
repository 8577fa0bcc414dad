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
//! pty benchmark, `benches/pty_bench.py`). With `--lines N` the huge meeting's section on
//! screen holds N sample note lines instead (`--lines 100000`: the size the export's
//! target is set for, as in `cargo bench --bench perf -- export_markdown`).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use kickoff::core::sample;
use kickoff::core::store::Store;

fn main() -> ExitCode {
    let mut typical = false;
    let mut notes = None;
    let mut lines: Option<usize> = None;
    let mut dir = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--typical" {
            typical = true;
        } else if arg == "--notes" {
            notes = args.next().map(PathBuf::from);
        } else if arg == "--lines" {
            match args.next().and_then(|n| n.to_str()?.parse().ok()) {
                Some(n) => lines = Some(n),
                None => {
                    eprintln!("make_huge_session: --lines needs a number of lines");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            dir = Some(PathBuf::from(arg));
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: make_huge_session [--typical | --notes FILE | --lines N] DIR");
        return ExitCode::FAILURE;
    };
    let now = Local::now().fixed_offset();
    let mut meeting = if typical || notes.is_some() {
        sample::typical_meeting(now)
    } else {
        sample::huge_meeting(now)
    };
    if let Some(n) = lines {
        let current = meeting.current;
        if let Some(section) = meeting.sections.get_mut(current) {
            section.notes = kickoff::core::notes::Notes::from_lines(sample::note_lines(n, 7));
        }
    }
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
