//! End-to-end: nothing typed is lost when the terminal goes away, the process is told to
//! stop, it panics, or it is killed outright after the autosave window. Each case types
//! Unicode notes into the real binary in tmux, ends it the hard way, then checks the
//! session file and resumes it.

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Dirs, Tmux, kickoff_pid, signal, wait_until_gone};
use kickoff::core::store::Store;
use kickoff::core::store::journal::journal_path;

const NOTES: &str = "Zoë from München — 東京 team ✓ ǅ e\u{301} 👩‍💻 שלום";

/// Starts a meeting, types the notes into its first section and waits until they show.
fn meeting_with_notes(dirs: &Dirs, extra_env: &[&str]) -> Tmux {
    let tmux = Tmux::start_with_env(dirs, 120, 40, extra_env, &["run", "--account", "Initech"]);
    tmux.wait_for(&["LOBBY"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["RUNNING"]);
    tmux.text(NOTES);
    tmux.wait_for(&["team ✓"]);
    tmux
}

/// Every character typed is in the saved session, and resuming shows it.
fn assert_everything_is_there(dirs: &Dirs) {
    let store = Store::open(&dirs.data).expect("the data directory");
    let (sessions, errors) = store.list();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sessions.len(), 1);
    let meeting = store.load(&sessions[0].id).expect("the saved session");
    assert_eq!(meeting.sections[0].notes, NOTES);
    let tmux = Tmux::start(dirs, 120, 40, &["resume"]);
    tmux.wait_for(&["Initech", "team ✓"]);
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), 0);
}

/// After the process ended, the shell around it found the terminal in a sane state.
fn assert_sane_terminal(tmux: &Tmux) {
    // The shell prints the settings just after the exit status: wait for them.
    let start = Instant::now();
    let mut printed = tmux.history().replace('\n', "");
    while !printed.contains("[stty ") && start.elapsed() < Duration::from_secs(10) {
        sleep(Duration::from_millis(50));
        printed = tmux.history().replace('\n', "");
    }
    let stty = printed
        .split("[stty ")
        .nth(1)
        .expect("the shell printed the terminal settings");
    for setting in [" icanon ", " echo ", " isig ", " icrnl ", " opost "] {
        assert!(stty.contains(setting), "stty lacks{setting}: {stty}");
    }
}

#[test]
fn closing_the_terminal_keeps_every_character() {
    let dirs = Dirs::new();
    let tmux = meeting_with_notes(&dirs, &[]);
    let pid = kickoff_pid(&tmux);
    // Killing the tmux server hangs up the terminal: SIGHUP, and no terminal to restore.
    drop(tmux);
    wait_until_gone(&pid);
    assert_everything_is_there(&dirs);
}

#[test]
fn sigterm_saves_everything_and_restores_the_terminal() {
    let dirs = Dirs::new();
    let tmux = meeting_with_notes(&dirs, &[]);
    signal(&kickoff_pid(&tmux), "TERM");
    assert_eq!(tmux.wait_exit(), 128 + 15);
    let printed = tmux.history();
    assert!(printed.contains("kickoff was asked to stop"), "{printed}");
    assert!(printed.contains("Resume with: kickoff resume"), "{printed}");
    assert_sane_terminal(&tmux);
    assert_everything_is_there(&dirs);
}

#[test]
fn a_panic_saves_the_last_good_state_and_restores_the_terminal() {
    let dirs = Dirs::new();
    let tmux = meeting_with_notes(&dirs, &["KICKOFF_DEBUG_PANIC=1"]);
    tmux.keys(&["F12"]);
    assert_eq!(tmux.wait_exit(), 101);
    let printed = tmux.history();
    assert!(
        printed.contains("kickoff stopped on an internal error"),
        "{printed}"
    );
    assert!(printed.contains("Resume with: kickoff resume"), "{printed}");
    assert_sane_terminal(&tmux);
    assert_everything_is_there(&dirs);
}

/// Types the notes, waits past the autosave window and kills kickoff outright.
fn killed_after_the_autosave_window(dirs: &Dirs) {
    let tmux = meeting_with_notes(dirs, &[]);
    sleep(Duration::from_millis(1500));
    let pid = kickoff_pid(&tmux);
    signal(&pid, "KILL");
    wait_until_gone(&pid);
}

#[test]
fn sigkill_after_the_autosave_window_loses_nothing() {
    let dirs = Dirs::new();
    killed_after_the_autosave_window(&dirs);
    assert_everything_is_there(&dirs);
}

#[test]
fn a_record_torn_by_a_crash_is_dropped_and_resuming_says_so() {
    let dirs = Dirs::new();
    killed_after_the_autosave_window(&dirs);
    // What a write cut off by the crash leaves: the start of a record.
    let store = Store::open(&dirs.data).expect("the data directory");
    let (sessions, _) = store.list();
    let journal = journal_path(&store.path_of(&sessions[0].id));
    let mut bytes = std::fs::read(&journal).expect("the journal");
    let whole = bytes.len();
    bytes.extend_from_slice(b"\x07\x00\x00ga");
    std::fs::write(&journal, bytes).expect("the torn journal");

    let tmux = Tmux::start(&dirs, 120, 40, &["resume"]);
    tmux.wait_for(&["team ✓", "Dropped a record cut short"]);
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), 0);
    let printed = tmux.history().replace('\n', "");
    assert!(
        printed.contains(&format!(
            "kickoff: dropped a record cut short at byte {whole}"
        )),
        "{printed}"
    );
    assert_everything_is_there(&dirs);
}

#[test]
fn a_second_kickoff_on_the_same_meeting_is_refused() {
    let dirs = Dirs::new();
    let first = meeting_with_notes(&dirs, &[]);
    let second = Tmux::start(&dirs, 120, 40, &["resume"]);
    assert_eq!(second.wait_exit(), 1);
    let printed = second.history().replace('\n', "");
    assert!(
        printed.contains("already open in another kickoff"),
        "{printed}"
    );
    first.keys(&["C-q"]);
    assert_eq!(first.wait_exit(), 0);
}

#[test]
fn ctrl_z_saves_gives_the_terminal_back_and_fg_continues() {
    let dirs = Dirs::new();
    let tmux = Tmux::start_shell(&dirs, 120, 40);
    tmux.text("\"$KICKOFF\" run --account Initech");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["LOBBY"]);
    tmux.keys(&["C-n"]);
    tmux.text(NOTES);
    tmux.wait_for(&["team ✓"]);
    tmux.keys(&["C-z"]);
    tmux.wait_for(&["Stopped"]);
    // Saved before stopping, and the shell has a sane terminal.
    let store = Store::open(&dirs.data).expect("the data directory");
    let (sessions, _) = store.list();
    let meeting = store.load(&sessions[0].id).expect("the saved session");
    assert_eq!(meeting.sections[0].notes, NOTES);
    tmux.text("stty -a | tr '\\n' ' '; echo");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(&["icanon"]);
    assert!(
        !screen.contains("-icanon") && !screen.contains("-echo "),
        "{screen}"
    );
    tmux.keys(&["C-l"]);
    tmux.text("fg");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["RUNNING", "team ✓"]);
    tmux.text(" and more");
    tmux.wait_for(&["and more"]);
    tmux.keys(&["C-q"]);
    tmux.wait_for(&["Resume with"]);
    let meeting = store.load(&sessions[0].id).expect("the saved session");
    assert_eq!(meeting.sections[0].notes, format!("{NOTES} and more"));
}
