//! `kickoff join [SESSION | TICKET]` and `kickoff invite [SESSION]`: the second seat of a
//! live meeting. See docs/second-seat.md.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};

use kickoff::core::clock::{Clock, SystemClock};
use kickoff::core::config::{self, JOINED_COPY_DAYS};
use kickoff::core::meeting::Meeting;
use kickoff::core::shared::{Note, Presence, Shared};
use kickoff::core::store::{self, Store, journal};
use kickoff::core::text;
use kickoff::net::{self, Client, ClientEvent};
use kickoff::tui::action::Action;
use kickoff::tui::app::{App, Seats, Settings};
use kickoff::tui::links::{self, JoinedLink};
use kickoff::tui::theme::Theme;

use super::run::{login_name, run_screen};

/// The folder of the data directory where a joined seat keeps its copies of meetings.
pub const JOINED_DIR: &str = "joined";

/// How long a ticket holder waits for the host to let them in.
const KNOCK_PATIENCE: Duration = Duration::from_secs(300);
/// How long the first sync may take once let in.
const SYNC_PATIENCE: Duration = Duration::from_secs(60);

/// `kickoff join`: attaches this terminal to a running meeting, as its second seat.
pub fn run(
    data_dir: Option<&Path>,
    config_dir: &Path,
    target: Option<String>,
    name: Option<String>,
) -> Result<ExitCode> {
    let config = config::load(config_dir)?;
    let me = name.or(config.name.clone()).unwrap_or_else(login_name);
    let days = config.joined_copy_days.unwrap_or(JOINED_COPY_DAYS);
    let root = store::data_dir(data_dir)?;
    let copies = Store::open(&root.join(JOINED_DIR))?;
    // Old copies of customers' meetings go first, whatever happens next.
    for gone in sweep(&copies, days, Utc::now()) {
        println!(
            "Removed your copy of {}, kept for more than {days} days.",
            text::for_terminal(&gone)
        );
    }
    if !std::io::stdout().is_terminal() {
        bail!("joining a meeting needs a terminal");
    }
    let client = connect(target.as_deref(), &me)?;
    let (shared, meeting, host, at) = first_sync(&client)?;
    let _lock = copies.lock(&meeting.id)?;
    let settings = Settings {
        theme: Theme::from_env(),
        detector: config.drift.detector()?,
        export: config.export_options(),
        ase: config.ase(&me),
    };
    let id = meeting.id.clone();
    let copy = copies.path_of(&id);
    let app = App::new(meeting, settings, SystemClock::default().now()).with_seats(Seats::joined(
        me,
        shared,
        host.clone(),
        at,
    ));
    let announce = vec![Action::Announce(format!(
        "Joined {host}'s meeting. Your private copy is kept at {} until you quit after exporting it, or for {days} days.",
        copy.display()
    ))];
    let link = Box::new(JoinedLink::new(client));
    let (mut shell, result) = run_screen(app, &copies, true, announce, Some(link), None)?;
    let outcome = shell.finish();
    let shown_id = text::for_terminal(&id);
    for (version, path) in &outcome.exports {
        println!(
            "Exported the {} version to {}",
            version.label(),
            text::for_terminal(&path.display().to_string())
        );
    }
    if !outcome.exports.is_empty() && outcome.save_error.is_none() {
        remove_copy(&copies, &id);
        println!("The meeting is exported, so your private copy of it was removed.");
    } else {
        let root = copies.root().display().to_string();
        let dir = text::for_terminal(&root);
        println!(
            "Your private copy of the meeting: {} (removed after {days} days, or when you quit after exporting it).",
            text::for_terminal(&copy.display().to_string())
        );
        println!("Export it with: kickoff --data-dir {dir} export {shown_id} -o notes.md");
        println!(
            "If the host's laptop is gone, carry on as host with: kickoff --data-dir {dir} resume {shown_id}"
        );
    }
    result.context("running the meeting screen")?;
    Ok(ExitCode::SUCCESS)
}

/// `kickoff invite`: prints a one-time ticket for the running meeting of this user.
pub fn invite(session: Option<String>) -> Result<ExitCode> {
    let dir = net::runtime_dir::resolve()?;
    let ticket = net::request_invite(&dir, session.as_deref())?;
    println!("{ticket}");
    eprintln!("{}", net::TICKET_WARNING);
    eprintln!("On the other laptop: kickoff join {ticket}");
    Ok(ExitCode::SUCCESS)
}

/// Connects to the meeting named by `target` (a session id on this machine, or a ticket)
/// and waits until the host lets this seat in.
fn connect(target: Option<&str>, me: &str) -> Result<Client> {
    let waker = links::waker();
    let remote = target.is_some_and(|t| t.starts_with("kickoff1"));
    let client = match target {
        Some(ticket) if remote => {
            let client = Client::connect_ticket(ticket, me, waker)?;
            eprintln!("Asking the host to let you in…");
            client
        }
        session => {
            let dir = net::runtime_dir::resolve()?;
            Client::connect_local(&dir, session, me, waker)?
        }
    };
    let started = Instant::now();
    while started.elapsed() < KNOCK_PATIENCE {
        match client.recv_timeout(Duration::from_secs(1)) {
            Some(ClientEvent::Welcomed { .. }) => return Ok(client),
            Some(ClientEvent::Refused(reason)) => bail!("the host did not let you in: {reason}"),
            Some(ClientEvent::Offline(reason)) if !remote => {
                bail!("the meeting cannot be reached: {reason}")
            }
            _ => {}
        }
    }
    bail!(
        "the host did not answer within {} minutes: ask them to look at their screen, or for a new ticket",
        KNOCK_PATIENCE.as_secs() / 60
    )
}

/// Takes the host's document: this seat says what it holds (nothing), the host answers
/// with the meeting. Returns the document, the meeting it holds, the host's name and
/// where the host is.
fn first_sync(client: &Client) -> Result<(Shared, Meeting, String, Option<Presence>)> {
    let mut shared = Shared::joined();
    client.send(shared.greeting())?;
    client.send(shared.hello())?;
    let mut host = "the host".to_owned();
    let mut at = None;
    let started = Instant::now();
    while started.elapsed() < SYNC_PATIENCE {
        match client.recv_timeout(Duration::from_millis(200)) {
            Some(ClientEvent::Data(bytes)) => {
                let (replies, notes) = shared
                    .absorb(&bytes)
                    .context("reading the host's meeting")?;
                for reply in replies {
                    client.send(reply)?;
                }
                for note in notes {
                    if let Note::Presence(p) = note {
                        host.clone_from(&p.name);
                        at = Some(p);
                    }
                }
                // Read only once the host's state has arrived: building it reads the
                // whole document.
                if shared.doc_id().is_some()
                    && let Ok(meeting) = shared.meeting()
                {
                    return Ok((shared, meeting, host, at));
                }
            }
            Some(ClientEvent::Refused(reason)) => bail!("the host ended the link: {reason}"),
            _ => {}
        }
    }
    bail!("the host's meeting did not arrive within a minute")
}

/// Removes the copies of meetings last saved more than `days` days before `now`; returns
/// their ids.
fn sweep(copies: &Store, days: u32, now: DateTime<Utc>) -> Vec<String> {
    let (sessions, _) = copies.list();
    let limit = std::time::SystemTime::from(now) - Duration::from_secs(u64::from(days) * 86_400);
    let mut gone = Vec::new();
    for session in sessions {
        let path = copies.path_of(&session.id);
        let old = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < limit);
        if old && copies.lock(&session.id).is_ok() {
            remove_copy(copies, &session.id);
            gone.push(session.id);
        }
    }
    gone
}

/// Removes a joined seat's copy of meeting `id`: its session file, journal and document.
fn remove_copy(copies: &Store, id: &str) {
    let session = copies.path_of(id);
    for path in [
        journal::journal_path(&session),
        copies.shared_path(id),
        session,
    ] {
        let _ = std::fs::remove_file(path);
    }
}
