//! `kickoff run` and `kickoff` alone: the start screen and the meeting screen. This is
//! the one place the command line calls into the terminal shell.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use kickoff::core::agenda::{self, Agenda, Catalog, DEFAULT_AGENDA};
use kickoff::core::carry;
use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::config;
use kickoff::core::meeting::{Meeting, Phase};
use kickoff::core::store::Store;
use kickoff::core::text;
use kickoff::tui::action::Action;
use kickoff::tui::app::{App, Settings};
use kickoff::tui::saver::Saver;
use kickoff::tui::theme::Theme;
use kickoff::tui::{self, Disk, Shell, start::Picked, start::StartScreen};

use super::{agenda_errors, agendas_dir, load_catalog, load_detector, open_store};
use crate::emergency::{self, Saved};

/// The name the ASE goes by in the suggested slots.
const ASE: &str = "You";

/// `kickoff run [AGENDA] [--account NAME] [--sow-start DATE]`: with an account the meeting
/// starts straight away; without one the start screen opens with the agenda selected. A new
/// meeting gets the SOW start date.
pub fn run(
    data_dir: Option<&Path>,
    config_dir: &Path,
    agenda: Option<String>,
    account: Option<String>,
    sow_start: Option<NaiveDate>,
) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let catalog = load_catalog(&agendas_dir(config_dir));
    let name = agenda.unwrap_or_else(|| DEFAULT_AGENDA.to_owned());
    let agenda = agenda::resolve(&catalog, &name).map_err(agenda_errors)?;
    let start = match account {
        Some(account) => AppStart::New { agenda, account },
        None => AppStart::Pick {
            catalog,
            preselect: Some(agenda.name),
        },
    };
    run_app(start, store, config_dir, sow_start)
}

/// `kickoff` alone: the start screen, to pick an agenda or a meeting to resume.
pub fn start_screen(data_dir: Option<&Path>, config_dir: &Path) -> Result<ExitCode> {
    let store = open_store(data_dir)?;
    let catalog = load_catalog(&agendas_dir(config_dir));
    run_app(
        AppStart::Pick {
            catalog,
            preselect: None,
        },
        store,
        config_dir,
        None,
    )
}

/// Where the meeting screen starts.
pub enum AppStart {
    /// On the start screen, with an agenda selected or not.
    Pick {
        catalog: Catalog,
        preselect: Option<String>,
    },
    /// In a new meeting.
    New { agenda: Agenda, account: String },
    /// In a saved meeting.
    Meeting(Box<Meeting>),
}

/// A new meeting of `account`, with what the account's earlier meetings left open
/// brought forward ([`carry::prepare_new_meeting`]), and the line that says so.
fn new_meeting(store: &Store, agenda: Agenda, account: String) -> (Meeting, Option<String>) {
    let new = carry::prepare_new_meeting(store, agenda, account, SystemClock.now());
    let mut summary = new.carried.summary();
    if !new.unreadable.is_empty() {
        let note = format!(
            "{} session file(s) of this account could not be read (`kickoff sessions` names them).",
            new.unreadable.len()
        );
        summary = Some(summary.map_or(note.clone(), |s| format!("{s} {note}")));
    }
    (new.meeting, summary)
}

/// Runs the meeting screen until the user leaves it, then says where the meeting is
/// saved; fails when the last save failed. A new meeting gets `sow_start`.
pub fn run_app(
    start: AppStart,
    store: Store,
    config_dir: &Path,
    sow_start: Option<NaiveDate>,
) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() {
        bail!(
            "the meeting screen needs a terminal; use `kickoff export` or `kickoff sessions` in scripts"
        );
    }
    let detector = load_detector(config_dir)?;
    // The ASE's zone and working hours: the suggested slots fit them too.
    let ase = config::load(config_dir)?.ase(ASE);
    let (meeting, carried) = match start {
        AppStart::Meeting(m) => (*m, None),
        AppStart::New { agenda, account } => new_meeting(&store, agenda, account),
        AppStart::Pick { catalog, preselect } => {
            let (sessions, _) = store.list();
            let unfinished = sessions.into_iter().filter(|s| !s.finished).collect();
            let mut screen = StartScreen::new(
                &catalog.entries,
                unfinished,
                preselect.as_deref(),
                Theme::from_env(),
            );
            let picked = ratatui::run(|terminal| tui::run_start(terminal, &mut screen))
                .context("drawing the start screen")?;
            match picked {
                Picked::Quit => return Ok(ExitCode::SUCCESS),
                Picked::New { agenda, account } => new_meeting(&store, agenda, account),
                Picked::Resume(id) => (store.load(&id)?, None),
            }
        }
    };
    let mut meeting = meeting;
    if sow_start.is_some() && !store.path_of(&meeting.id).exists() {
        meeting.sow_start = sow_start;
    }
    // One kickoff per meeting: a second one would overwrite the first one's notes.
    let _lock = store.lock(&meeting.id)?;
    let saver = Saver::start(store.clone()).context("starting the background saver")?;
    let handle = saver.handle();
    let id = meeting.id.clone();
    emergency::install(
        Arc::new(move || {
            let status = handle.flush();
            Saved {
                path: status.path.unwrap_or_else(|| handle.path_of(&id)),
                error: status.error,
            }
        }),
        meeting.id.clone(),
    )?;
    let is_new = !store.path_of(&meeting.id).exists();
    let settings = Settings {
        theme: Theme::from_env(),
        detector,
        ase,
    };
    let app = App::new(meeting, settings, SystemClock.now());
    let mut shell = Shell::new(app, Disk::with_saver(store, saver), Box::new(SystemClock));
    if let Some(text) = carried {
        shell.dispatch(Action::Announce(text));
    }
    if is_new {
        shell.save_now();
    }
    let result = ratatui::run(|terminal| tui::run_meeting(terminal, &mut shell));
    // Whatever happened to the terminal, the meeting is saved before reporting.
    let outcome = shell.finish();
    let phase = outcome.phase;
    let id = text::for_terminal(&outcome.id);
    match (&outcome.saved_to, &outcome.save_error) {
        (Some(path), None) => println!(
            "Meeting saved to {}",
            text::for_terminal(&path.display().to_string())
        ),
        (_, Some(error)) => eprintln!(
            "kickoff: the meeting could NOT be saved: {}",
            text::for_terminal(error)
        ),
        (None, None) => {}
    }
    if let Some(path) = &outcome.exported_to {
        println!(
            "Markdown exported to {}",
            text::for_terminal(&path.display().to_string())
        );
    }
    if phase != Phase::Ended {
        println!("Resume with: kickoff resume {id}");
    }
    println!("Export with: kickoff export {id} -o notes.md (--internal for the internal version)");
    result.context("running the meeting screen")?;
    Ok(if outcome.save_error.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
