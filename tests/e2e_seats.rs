//! End to end: one meeting in two terminals of the same user. The host runs the meeting,
//! a second terminal joins it with `kickoff join`, and both type into it.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use common::tmux::*;

/// A host running a new meeting with Acme Corp in `dirs`, as `USER=asha` with `env`.
fn host(dirs: &Dirs, env: &[&str]) -> Tmux {
    let mut vars = vec!["USER=asha"];
    vars.extend_from_slice(env);
    let host = Tmux::start_with_env(dirs, 120, 40, &vars, &["run", "--account", "Acme Corp"]);
    host.wait_for(&["LOBBY"]);
    host
}

fn mode(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_second_terminal_joins_the_meeting_and_both_type_into_it() {
    let dirs = Dirs::new();
    let run_dir = dirs.runtime.clone();
    let host = host(&dirs, &[]);
    host.keys(&["C-n"]);
    host.wait_for(&["RUNNING"]);
    host.text("Agenda agreed with Acme");
    host.wait_for(&["Agenda agreed with Acme"]);

    // The meeting's socket is private to this user.
    let sockets: Vec<_> = list(&run_dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "sock"))
        .collect();
    assert_eq!(sockets.len(), 1, "{sockets:?}");
    assert_eq!(mode(&run_dir), 0o700);
    assert_eq!(mode(&sockets[0]), 0o600);

    let joined = Tmux::start_with_env(&dirs, 120, 40, &["USER=dana"], &["join"]);
    // The status line can come a frame after the seats row on a busy machine.
    joined.wait_for(&[
        "you (joined)",
        "asha (host)",
        "Agenda agreed with Acme",
        "online",
        "private copy",
    ]);
    host.wait_for(&["dana (this machine)"]);

    // The note-taker types; the host sees it, and the other way round.
    joined.keys(&["Enter"]);
    joined.text("Priya runs the runners fleet");
    host.wait_for(&["Priya runs the runners fleet"]);
    host.text(" (30 min)");
    joined.wait_for(&["Agenda agreed with Acme (30 min)"]);
    host.wait_for(&["dana (this machine): \"Introduce yourself\", line 2"]);

    // The agenda is the host's: the joined seat asks to move on.
    joined.keys(&["C-n"]);
    host.wait_for(&["dana asks to move on"]);
    host.keys(&["C-n"]);
    joined.wait_for(&["2/5 "]);

    joined.keys(&["C-q"]);
    assert_eq!(joined.wait_exit(), 0);
    let printed = joined.history();
    assert_contains(&printed, "Your private copy of the meeting");
    host.wait_for(&["dana left the meeting"]);
    host.keys(&["C-q"]);
    assert_eq!(host.wait_exit(), 0);

    // Both people's notes are in the host's meeting, and in the joined seat's copy.
    let sessions = dirs.sessions();
    let session = fs::read_to_string(&sessions[0]).unwrap();
    assert!(
        session.contains("Priya runs the runners fleet"),
        "{session}"
    );
    assert!(
        session.contains("Agenda agreed with Acme (30 min)"),
        "{session}"
    );
    let copies: Vec<_> = list(&dirs.data.join("joined").join("sessions"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(mode(&copies[0]), 0o600);
    let copy = fs::read_to_string(&copies[0]).unwrap();
    assert!(copy.contains("Priya runs the runners fleet"), "{copy}");
    assert!(copy.contains("Agenda agreed with Acme (30 min)"), "{copy}");
}

#[test]
fn joining_with_no_meeting_running_says_so() {
    let dirs = Dirs::new();
    let joined = Tmux::start_with_env(&dirs, 100, 30, &[], &["join"]);
    assert_ne!(joined.wait_exit(), 0);
    let printed = joined.history();
    assert_contains(&printed, "kickoff:");
    assert!(printed.to_lowercase().contains("no meeting"), "{printed}");
}

/// `kickoff invite` for the meeting running in `dirs`: the ticket it prints.
fn invite(dirs: &Dirs) -> String {
    let out = dirs.kickoff(&["invite"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("never in a chat the customer can read"),
        "{err}"
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn another_laptop_joins_with_a_ticket_once_the_host_lets_it_in() {
    let host_dirs = Dirs::new();
    let host = host(&host_dirs, &["KICKOFF_RELAY=off"]);
    host.text("Small talk about the weather");
    let ticket = invite(&host_dirs);
    assert!(ticket.starts_with("kickoff1"), "{ticket}");

    // The other laptop: its own directories, no relay (loopback).
    let laptop = Dirs::new();
    let env = ["KICKOFF_RELAY=off", "USER=lee"];
    let joined = Tmux::start_with_env(&laptop, 120, 40, &env, &["join", &ticket]);
    let knock = host.wait_for(&["lee (key ", "asks to join"]);
    assert_contains(&knock, "Alt-y");
    host.keys(&["M-y"]);
    joined.wait_for(&["you (joined)", "Small talk about the weather"]);
    host.wait_for(&["lee (other machine)"]);
    joined.text(" and the snow");
    host.wait_for(&["Small talk about the weather and the snow"]);

    // The ticket worked once.
    let again = Tmux::start_with_env(&laptop, 100, 30, &env, &["join", &ticket]);
    assert_ne!(again.wait_exit(), 0);
    assert_contains(&again.history(), "expired or was already used");

    joined.keys(&["C-q"]);
    assert_eq!(joined.wait_exit(), 0);
    host.keys(&["C-q"]);
    assert_eq!(host.wait_exit(), 0);
    // The meeting is over: a ticket made for it no longer opens anything.
    let late = Tmux::start_with_env(&laptop, 100, 30, &env, &["join", &ticket]);
    // Nothing answers at the ticket's address: the attempt times out.
    assert_ne!(late.wait_exit_within(std::time::Duration::from_secs(60)), 0);
    assert_contains(&late.history(), "kickoff:");
}

#[test]
fn a_knock_the_host_turns_away_is_told_so() {
    let host_dirs = Dirs::new();
    let host = host(&host_dirs, &["KICKOFF_RELAY=off"]);
    // The key in the app makes the ticket, shows it and copies it.
    host.keys(&["C-b"]);
    host.wait_for(&[
        "Ticket (copied): kickoff1",
        "never in a chat the customer can read",
    ]);
    let ticket = host.clipboard().trim().to_owned();
    assert!(ticket.starts_with("kickoff1"), "{ticket}");
    let laptop = Dirs::new();
    let stranger = Tmux::start_with_env(
        &laptop,
        100,
        30,
        &["KICKOFF_RELAY=off", "USER=mallory"],
        &["join", &ticket],
    );
    host.wait_for(&["mallory (key "]);
    host.keys(&["M-n"]);
    assert_ne!(stranger.wait_exit(), 0);
    assert_contains(&stranger.history(), "the host did not let you in");
    let screen = host.wait_for(&["Turned away mallory"]);
    assert!(!screen.contains("mallory (other machine)"), "{screen}");
    host.keys(&["C-q"]);
    host.wait_exit();
}

#[test]
fn the_joined_copy_goes_once_the_meeting_is_exported() {
    let dirs = Dirs::new();
    let host = host(&dirs, &[]);
    let joined = Tmux::start_with_env(&dirs, 120, 40, &["USER=dana"], &["join"]);
    joined.wait_for(&["you (joined)"]);
    joined.text("Dana takes the notes today");
    host.wait_for(&["Dana takes the notes today"]);
    joined.keys(&["C-e"]);
    joined.wait_for(&["Customer version exported"]);
    joined.keys(&["C-q"]);
    assert_eq!(joined.wait_exit(), 0);
    assert_contains(&joined.history(), "your private copy of it was removed");
    let copies = dirs.data.join("joined");
    let left: Vec<_> = list(&copies.join("sessions"))
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "journal" || e == "ydoc")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let exports = list(&copies.join("exports"));
    assert_eq!(exports.len(), 1, "{exports:?}");
    let markdown = fs::read_to_string(&exports[0]).unwrap();
    assert!(
        markdown.contains("Dana takes the notes today"),
        "{markdown}"
    );
    host.keys(&["C-q"]);
    host.wait_exit();
}

#[test]
fn when_the_hosts_laptop_dies_the_joined_seat_exports_and_carries_on_as_host() {
    let dirs = Dirs::new();
    let host = host(&dirs, &[]);
    host.keys(&["C-n"]);
    host.text("Before the crash");
    host.wait_for(&["Before the crash"]);
    let joined = Tmux::start_with_env(&dirs, 120, 40, &["USER=dana"], &["join"]);
    joined.wait_for(&["you (joined)", "Before the crash"]);

    // The host's process dies without a word.
    let pid = kickoff_pid(&host);
    signal(&pid, "KILL");
    wait_until_gone(&pid);
    joined.wait_for(&["offline"]);
    joined.keys(&["Enter"]);
    joined.text("After the crash");
    joined.wait_for(&["offline, ", "changes pending", "After the crash"]);
    joined.keys(&["C-q"]);
    assert_eq!(joined.wait_exit(), 0);
    let printed = joined.history();
    assert_contains(&printed, "carry on as host with: kickoff --data-dir");

    // The copy exports, and resumes as a meeting of this seat's own.
    let copies = dirs.data.join("joined");
    let id = list(&copies.join("sessions"))
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .expect("the joined seat's copy");
    let out = dirs.kickoff(&["--data-dir", copies.to_str().unwrap(), "export", &id]);
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        markdown.contains("Before the crash") && markdown.contains("After the crash"),
        "{markdown}"
    );
    let resumed = Tmux::start_with_env(
        &dirs,
        120,
        40,
        &[],
        &["--data-dir", copies.to_str().unwrap(), "resume", &id],
    );
    let screen = resumed.wait_for(&["After the crash", "Before the crash"]);
    assert!(!screen.contains("you (joined)"), "{screen}");
    resumed.keys(&["C-q"]);
    assert_eq!(resumed.wait_exit(), 0);
}
