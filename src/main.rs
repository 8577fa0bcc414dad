//! The `kickoff` command line: dispatches to the app or to a one-shot command, and prints
//! results only after the terminal is restored.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use kickoff::core::agenda::{self, Agenda, Catalog, DEFAULT_AGENDA};
use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::config;
use kickoff::core::drift::{self, Detector};
use kickoff::core::export;
use kickoff::core::meeting::{Meeting, Phase};
use kickoff::core::store::{self, Store};
use kickoff::tui::saver::{SaveStatus, Saver, SaverHandle};
use kickoff::tui::{self, app::App, start::Picked, start::StartScreen};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

/// Facilitate a live customer meeting: agenda, timers, notes, drift warnings, and
/// GitLab-ready Markdown.
#[derive(Debug, Parser)]
#[command(name = "kickoff", version, about)]
struct Cli {
    /// Where sessions and exports are kept (default: the user data directory; also
    /// KICKOFF_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Where user agendas are found, in its `agendas` folder (default: the user config
    /// directory; also KICKOFF_CONFIG_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    config_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a meeting straight away (AGENDA is a built-in or user agenda name, or a path).
    Run {
        /// Agenda name or YAML file.
        agenda: Option<String>,
        /// The customer account.
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
    },
    /// Reopen a saved meeting (default: the latest unfinished one).
    Resume {
        /// Session id, as listed by `kickoff sessions`.
        id: Option<String>,
    },
    /// List the built-in and user agendas.
    Agendas,
    /// Validate agenda files; prints every problem as file:line:column: message.
    Check {
        /// Agenda YAML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List saved meetings.
    Sessions,
    /// Check notes for drift before pasting them: one note per line, from FILE or standard
    /// input (`-` or nothing). Prints each flagged line as line:column: kind: "matched
    /// words" (reason). Exits 0 whether or not lines are flagged; 1 when the input cannot
    /// be read or the config file is broken.
    Scan {
        /// Notes file, or `-` for standard input.
        file: Option<PathBuf>,
        /// `text`, or `json` for one JSON object per flagged line (JSON Lines).
        #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
        format: ScanFormat,
    },
    /// Write a meeting's GitLab Flavored Markdown.
    Export {
        /// Session id or session file.
        session: String,
        /// Output file (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Output of `kickoff scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ScanFormat {
    /// line:column: kind: "matched words" (reason)
    Text,
    /// One JSON object per flagged line.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kickoff: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config_dir = store::config_dir(cli.config_dir.as_deref())?;
    let agendas_dir = config_dir.join("agendas");
    match cli.command {
        Some(Command::Agendas) => list_agendas(&agendas_dir),
        Some(Command::Check { files }) => Ok(check(&files)),
        Some(Command::Sessions) => list_sessions(&open_store(cli.data_dir.as_deref())?),
        Some(Command::Scan { file, format }) => scan(&load_detector(&config_dir)?, file, format),
        Some(Command::Export { session, output }) => export_session(
            &open_store(cli.data_dir.as_deref())?,
            &session,
            output.as_deref(),
        ),
        Some(Command::Resume { id }) => {
            let store = open_store(cli.data_dir.as_deref())?;
            let meeting = resume_meeting(&store, id)?;
            run_app(AppStart::Meeting(Box::new(meeting)), store, &config_dir)
        }
        Some(Command::Run { agenda, account }) => {
            let store = open_store(cli.data_dir.as_deref())?;
            let catalog = load_catalog(&agendas_dir);
            let name = agenda.unwrap_or_else(|| DEFAULT_AGENDA.to_owned());
            let agenda = agenda::resolve(&catalog, &name).map_err(agenda_errors)?;
            match account {
                Some(account) => run_app(AppStart::New { agenda, account }, store, &config_dir),
                None => run_app(
                    AppStart::Pick {
                        catalog,
                        preselect: Some(agenda.name),
                    },
                    store,
                    &config_dir,
                ),
            }
        }
        None => {
            let store = open_store(cli.data_dir.as_deref())?;
            let catalog = load_catalog(&agendas_dir);
            run_app(
                AppStart::Pick {
                    catalog,
                    preselect: None,
                },
                store,
                &config_dir,
            )
        }
    }
}

/// The meeting `kickoff resume [ID]` opens: the given one, else the newest unfinished
/// one. Broken session files are moved aside (never overwritten, never deleted), so
/// they are not reported again on every run.
fn resume_meeting(store: &Store, id: Option<String>) -> Result<Meeting> {
    let id = match id {
        Some(id) => id,
        None => {
            let (sessions, moved) = store.quarantine_broken();
            for (error, moved) in moved {
                eprintln!("kickoff: {error}");
                let from = error.broken_file().unwrap_or(Path::new("")).display();
                match moved {
                    Ok(to) => eprintln!(
                        "kickoff: moved the broken session file {from} to {}; repair it there and move it back to resume it",
                        to.display()
                    ),
                    Err(e) => eprintln!("kickoff: could not move {from} aside: {e}"),
                }
            }
            match sessions.into_iter().find(|s| !s.finished) {
                Some(s) => s.id,
                None => {
                    bail!("no unfinished meeting to resume; run `kickoff sessions` to list all")
                }
            }
        }
    };
    store.load(&id).or_else(|error| {
        let broken = error.broken_file().map(Path::to_path_buf);
        match broken.map(|from| (store.quarantine(&from), from)) {
            Some((Ok(to), from)) => bail!(
                "{error}\nmoved the broken session file {} to {} so it is never overwritten; repair it there and move it back to resume it",
                from.display(),
                to.display()
            ),
            _ => Err(error.into()),
        }
    })
}

/// The drift detector the user's `config.yaml` describes (the default one when there is
/// no such file); a broken file is an error that names the file, line and column.
fn load_detector(config_dir: &Path) -> Result<Detector> {
    let config = config::load(config_dir)?;
    Ok(config.drift.detector()?)
}

/// `kickoff scan`: flags drift in notes, one note per line.
fn scan(detector: &Detector, file: Option<PathBuf>, format: ScanFormat) -> Result<ExitCode> {
    use std::io::BufRead;
    let (name, reader): (String, Box<dyn BufRead>) = match file {
        Some(path) if path.as_os_str() != "-" => {
            let handle = std::fs::File::open(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if handle.metadata().is_ok_and(|m| m.is_dir()) {
                bail!("cannot read {}: it is a directory", path.display());
            }
            (
                path.display().to_string(),
                Box::new(std::io::BufReader::new(handle)),
            )
        }
        _ => (
            "standard input".to_owned(),
            Box::new(std::io::stdin().lock()),
        ),
    };
    let mut out = std::io::stdout().lock();
    let mut reader = reader;
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        let read = reader
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("cannot read {name}"))?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(finding) = detector.strongest(line) {
            let record = match format {
                ScanFormat::Text => drift::format_text(number, line, &finding),
                ScanFormat::Json => drift::format_json(number, line, &finding),
            };
            if let Err(e) = writeln!(out, "{record}") {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(e.into());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn open_store(flag: Option<&Path>) -> Result<Store> {
    let dir = store::data_dir(flag)?;
    Ok(Store::open(&dir)?)
}

fn load_catalog(dir: &Path) -> Catalog {
    let catalog = Catalog::load(Some(dir));
    for problem in &catalog.problems {
        eprintln!("kickoff: skipping a broken agenda: {problem}");
    }
    catalog
}

fn agenda_errors(errors: Vec<agenda::AgendaError>) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("{}", lines.join("\n"))
}

fn list_agendas(dir: &Path) -> Result<ExitCode> {
    let catalog = Catalog::load(Some(dir));
    let mut out = std::io::stdout().lock();
    for entry in &catalog.entries {
        let a = &entry.agenda;
        writeln!(
            out,
            "{:<20} {:>3} min  {:<34} {}",
            a.name, a.minutes, a.title, entry.origin
        )?;
    }
    writeln!(out, "\nUser agendas are read from {}", dir.display())?;
    for problem in &catalog.problems {
        eprintln!("{problem}");
    }
    Ok(if catalog.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        match agenda::load_file(file) {
            Ok(a) => println!(
                "{}: ok ({}, {} sections, {} min)",
                file.display(),
                a.name,
                a.sections.len(),
                a.minutes
            ),
            Err(errors) => {
                failed = true;
                for e in errors {
                    eprintln!("{e}");
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

fn list_sessions(store: &Store) -> Result<ExitCode> {
    let (sessions, errors) = store.list();
    let mut out = std::io::stdout().lock();
    if sessions.is_empty() {
        writeln!(
            out,
            "No saved meetings in {}",
            store.sessions_dir().display()
        )?;
    }
    for s in &sessions {
        let state = if s.finished {
            "finished"
        } else if s.started_at.is_some() {
            "unfinished"
        } else {
            "in the lobby"
        };
        writeln!(
            out,
            "{:<48} {}  {:<12} {} · {}",
            s.id,
            s.created_at.format("%Y-%m-%d %H:%M"),
            state,
            s.account,
            s.agenda_title
        )?;
    }
    for e in &errors {
        eprintln!("kickoff: {e}");
        // Listing changes nothing; resuming moves broken files out of the way.
        if let Some(path) = e.broken_file() {
            eprintln!(
                "kickoff: {} is not a usable session file; `kickoff resume` moves broken files to {} (nothing is deleted)",
                path.display(),
                store.corrupt_dir().display()
            );
        }
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn export_session(store: &Store, session: &str, output: Option<&Path>) -> Result<ExitCode> {
    let meeting = store.load(session)?;
    let markdown = export::to_markdown(&meeting);
    match output {
        Some(path) => {
            store::write_atomic(path, markdown.as_bytes())?;
            eprintln!("Wrote {}", path.display());
        }
        None => std::io::stdout().lock().write_all(markdown.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the meeting when the process is told to stop (terminal closed, `kill`, a
/// panic), from a thread of its own: the event loop may be stuck on a dead terminal.
fn install_emergency_save(handle: SaverHandle, id: String) -> Result<()> {
    let panic_handle = handle.clone();
    let panic_id = id.clone();
    let default_hook = std::panic::take_hook();
    // ratatui's own hook, installed later, restores the terminal first and then calls this.
    std::panic::set_hook(Box::new(move |info| {
        let status = panic_handle.flush();
        default_hook(info);
        report_emergency(
            &status,
            &panic_handle,
            &panic_id,
            "kickoff stopped on an internal error",
        );
    }));
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])
        .context("listening for termination signals")?;
    std::thread::Builder::new()
        .name("kickoff-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let status = handle.flush();
                // After a hang-up there is no terminal left to restore or write to.
                if signal != SIGHUP {
                    ratatui::restore();
                    report_emergency(&status, &handle, &id, "kickoff was asked to stop");
                }
                std::process::exit(128 + signal);
            }
        })
        .context("starting the signal thread")?;
    Ok(())
}

fn report_emergency(status: &SaveStatus, handle: &SaverHandle, id: &str, what: &str) {
    let mut err = std::io::stderr().lock();
    let path = status.path.clone().unwrap_or_else(|| handle.path_of(id));
    let _ = match &status.error {
        None => writeln!(
            err,
            "{what}. The meeting is saved in {}\nResume with: kickoff resume {id}",
            path.display()
        ),
        Some(error) => writeln!(
            err,
            "{what}. The last save FAILED: {error}\nThe last good copy is {}; resume with: kickoff resume {id}",
            path.display()
        ),
    };
}

enum AppStart {
    Pick {
        catalog: Catalog,
        preselect: Option<String>,
    },
    New {
        agenda: Agenda,
        account: String,
    },
    Meeting(Box<Meeting>),
}

fn new_meeting(store: &Store, agenda: Agenda, account: String) -> Meeting {
    let now = SystemClock.now();
    let id = store.new_id(&account, &agenda.name, now);
    Meeting::new(id, account, agenda, now)
}

fn run_app(start: AppStart, store: Store, config_dir: &Path) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        bail!(
            "the meeting screen needs a terminal; use `kickoff export` or `kickoff sessions` in scripts"
        );
    }
    let detector = load_detector(config_dir)?;
    let meeting = match start {
        AppStart::Meeting(m) => *m,
        AppStart::New { agenda, account } => new_meeting(&store, agenda, account),
        AppStart::Pick { catalog, preselect } => {
            let (sessions, _) = store.list();
            let unfinished = sessions.into_iter().filter(|s| !s.finished).collect();
            let mut screen = StartScreen::new(&catalog.entries, unfinished, preselect.as_deref());
            let picked = ratatui::run(|terminal| tui::run_start(terminal, &mut screen))
                .context("drawing the start screen")?;
            match picked {
                Picked::Quit => return Ok(ExitCode::SUCCESS),
                Picked::New { agenda, account } => new_meeting(&store, agenda, account),
                Picked::Resume(id) => store.load(&id)?,
            }
        }
    };
    // One kickoff per meeting: a second one would overwrite the first one's notes.
    let _lock = store.lock(&meeting.id)?;
    let saver = Saver::start(store.clone()).context("starting the background saver")?;
    install_emergency_save(saver.handle(), meeting.id.clone())?;
    let is_new = !store.path_of(&meeting.id).exists();
    let mut app = App::new(meeting, Box::new(SystemClock), Some(store));
    app.set_detector(detector);
    app.welcome_back();
    app.attach_saver(saver);
    if is_new {
        app.mark_dirty();
        app.save();
    }
    let result = ratatui::run(|terminal| tui::run_meeting(terminal, &mut app));
    // Whatever happened to the terminal, the meeting is saved before reporting.
    app.mark_dirty();
    app.save();
    if let Some(status) = app.detach_saver().map(Saver::finish) {
        app.save_error = status.error;
        app.saved_to = status.path.or(app.saved_to.take());
    }
    let outcome = app.outcome();
    let phase = app.meeting.phase();
    match (&outcome.saved_to, &outcome.save_error) {
        (Some(path), None) => println!("Meeting saved to {}", path.display()),
        (_, Some(error)) => eprintln!("kickoff: the meeting could NOT be saved: {error}"),
        (None, None) => {}
    }
    if let Some(path) = &outcome.exported_to {
        println!("Markdown exported to {}", path.display());
    }
    if phase != Phase::Ended {
        println!("Resume with: kickoff resume {}", outcome.id);
    }
    println!("Export with: kickoff export {} -o notes.md", outcome.id);
    result.context("running the meeting screen")?;
    Ok(if outcome.save_error.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
