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
use kickoff::core::export::Version;
use kickoff::core::meeting::{Attendee, Meeting, Phase};
use kickoff::core::store::{OnDisk, Store, StoreError};
use kickoff::core::text;
use kickoff::tui::action::Action;
use kickoff::tui::app::{App, Seats, Settings};
use kickoff::tui::links;
use kickoff::tui::saver::Saver;
use kickoff::tui::theme::Theme;
use kickoff::tui::{self, Disk, Link, Shell, start::Picked, start::StartScreen};

use super::{agenda_errors, agendas_dir, load_catalog, open_store};
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
    /// In a saved meeting, with what its session file holds when that is the meeting
    /// exactly (the first change is then journaled, not a rewrite of the file), and what
    /// opening it has to tell (a journal cut short at a crash).
    Meeting(Box<Meeting>, Option<OnDisk>, Vec<String>),
}

/// `text` with its first letter in upper case: a message printed after `kickoff: ` as a
/// sentence of its own on the status line.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A new meeting of `account`, with what the account's earlier meetings left open
/// brought forward ([`carry::prepare_new_meeting`]), the line that says so and the
/// attendees met before.
fn new_meeting(
    store: &Store,
    agenda: Agenda,
    account: String,
) -> (Meeting, Option<String>, Vec<Attendee>) {
    let new = carry::prepare_new_meeting(store, agenda, account, SystemClock::default().now());
    let mut summary = new.carried.summary();
    if !new.unreadable.is_empty() {
        let note = format!(
            "{} session file(s) of this account could not be read (`kickoff sessions` names them).",
            new.unreadable.len()
        );
        summary = Some(summary.map_or(note.clone(), |s| format!("{s} {note}")));
    }
    (new.meeting, summary, new.carried.attendees)
}

/// A saved meeting, and the attendees its account's other meetings know (the form
/// offers them).
fn saved_meeting(store: &Store, meeting: Meeting) -> (Meeting, Option<String>, Vec<Attendee>) {
    let (carried, _) = carry::from_store(store, &meeting);
    (meeting, None, carried.attendees)
}

/// Locks `meeting` for this kickoff. A new meeting whose id another kickoff took in the
/// same instant (both started within the minute) moves to the next free id.
fn lock_meeting(
    store: &Store,
    meeting: &mut Meeting,
    new: bool,
) -> Result<kickoff::core::store::SessionLock> {
    for _ in 0..8 {
        match store.lock(&meeting.id) {
            Err(StoreError::Locked { .. }) if new => {
                meeting.id =
                    store.new_id(&meeting.account, &meeting.agenda.name, meeting.created_at);
            }
            locked => return Ok(locked?),
        }
    }
    Ok(store.lock(&meeting.id)?)
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
    // config.yaml is read once: the detector, the ASE's hours, the export, the seat's name.
    let config = config::load(config_dir)?;
    let detector = config.drift.detector()?;
    // The ASE's zone and working hours: the suggested slots fit them too.
    let ase = config.ase(ASE);
    let export = config.export_options();
    let mut on_disk = None;
    let mut notices = Vec::new();
    let (meeting, carried, known) = match start {
        AppStart::Meeting(m, disk, told) => {
            on_disk = disk;
            notices = told;
            saved_meeting(&store, *m)
        }
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
                Picked::Resume(id) => {
                    let opened = store.open_session(&id)?;
                    on_disk = opened.on_disk();
                    notices = opened.journal.notes;
                    saved_meeting(&store, opened.meeting)
                }
            }
        }
    };
    let mut meeting = meeting;
    // Resumed from its file, whichever way it was picked: never discarded below.
    let resumed = store.path_of(&meeting.id).exists();
    if sow_start.is_some() && !store.path_of(&meeting.id).exists() {
        meeting.sow_start = sow_start;
    }
    // One kickoff per meeting: a second one would overwrite the first one's notes.
    let _lock = lock_meeting(&store, &mut meeting, !resumed)?;
    // A new meeting closed without a change is not kept (nothing to resume).
    let opened = (!resumed).then(|| meeting.clone());
    let is_new = !store.path_of(&meeting.id).exists();
    let settings = Settings {
        theme: Theme::from_env(),
        detector,
        export,
        ase,
    };
    // Other seats may join: the same user with `kickoff join`, or a laptop with a ticket.
    let me = config.name.unwrap_or_else(login_name);
    let saved = store.load_shared(&meeting.id);
    let (link, link_error) = match links::host(&meeting.id, &me) {
        Ok(link) => (Some(link), None),
        Err(error) => (None, Some(error)),
    };
    let app = App::new(meeting, settings, SystemClock::default().now())
        .with_seats(Seats::host(me).with_saved(saved));
    let mut announce: Vec<Action> = carried.into_iter().map(Action::Announce).collect();
    if let Some(error) = link_error {
        announce.push(Action::Announce(format!(
            "No second seat can join this meeting: {error:#}"
        )));
    }
    if !known.is_empty() {
        announce.push(Action::KnownAttendees(known));
    }
    // Last, so the status line shows it.
    announce.extend(notices.iter().map(|note| Action::Warn(upper_first(note))));
    let (mut shell, result) = run_screen(app, &store, is_new, announce, link, on_disk)?;
    let outcome = shell.finish();
    for note in &notices {
        eprintln!("kickoff: {}", text::for_terminal(note));
    }
    let phase = outcome.phase;
    let id = text::for_terminal(&outcome.id);
    if outcome.save_error.is_none()
        && opened.as_ref() == Some(shell.app.meeting())
        && std::fs::remove_file(store.path_of(&outcome.id)).is_ok()
    {
        println!("Nothing was recorded, so the meeting was not kept.");
        result.context("running the meeting screen")?;
        return Ok(ExitCode::SUCCESS);
    }
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
    // Every export kickoff names is current: they were all written again on the way out.
    for (version, path) in &outcome.exports {
        let note = match version {
            Version::Customer => "",
            Version::Internal => " (not for the customer)",
        };
        println!(
            "Exported the {} version{note} to {}",
            version.label(),
            text::for_terminal(&path.display().to_string())
        );
    }
    if let Some(path) = &outcome.followup_to {
        println!(
            "Follow-up message written to {}",
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

/// Runs the meeting screen over `app` (saving into `store`, linked to other seats through
/// `link`) until the user leaves it; returns the shell, to finish and report on, and what
/// the terminal said. `announce` goes to the app first; a new meeting is saved at once.
/// `on_disk`: what the session file holds, for the saver (see `Saver::bind`).
pub fn run_screen(
    app: App,
    store: &Store,
    is_new: bool,
    announce: Vec<Action>,
    link: Option<Box<dyn Link>>,
    on_disk: Option<OnDisk>,
) -> Result<(Shell, std::io::Result<()>)> {
    let saver = Saver::start(store.clone()).context("starting the background saver")?;
    if let Some(on_disk) = on_disk {
        saver.bind(on_disk);
    }
    let handle = saver.handle();
    let id = app.meeting().id.clone();
    let stop = tui::StopRequest::new();
    emergency::install(
        Arc::new(move || {
            let status = handle.flush();
            Saved {
                path: status.path.unwrap_or_else(|| handle.path_of(&id)),
                error: status.error,
            }
        }),
        app.meeting().id.clone(),
        stop.clone(),
    )?;
    let mut shell = Shell::new(
        app,
        Disk::with_saver(store.clone(), saver),
        Box::new(SystemClock::default()),
    );
    if let Some(link) = link {
        shell = shell.with_link(link);
    }
    for action in announce {
        shell.dispatch(action);
    }
    if is_new {
        shell.save_now();
    }
    let result = tui::MeetingTerminal::init().and_then(|mut terminal| {
        let result = tui::run_meeting(&mut terminal, &mut shell, &stop);
        ratatui::restore();
        result
    });
    // Whatever happened to the terminal, the meeting is saved before reporting.
    Ok((shell, result))
}

/// The user's login name, for the other seats when `name` is not configured.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "host".to_owned())
}
