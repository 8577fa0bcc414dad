//! End-to-end: every byte that reaches the terminal is handled promptly, however it is
//! chunked, and a signal right after fast typing still saves what was typed. The real
//! binary runs in tmux (see `common::tmux`).

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::tmux::{Dirs, Tmux, kickoff_pid, signal, wait_until_gone};
use kickoff::core::meeting::Meeting;
use kickoff::core::store::Store;

/// About `n` characters of plain words in lines of about 60 (as typed: Enter is `\r`),
/// ending in a marker that shows the end arrived.
fn burst(n: usize) -> String {
    let words = [
        "alpha ", "bravo ", "charlie ", "delta ", "echo ", "foxtrot ",
    ];
    let mut text = String::new();
    let mut line = 0;
    let mut i = 0;
    while text.len() + 8 < n {
        let word = words[i % words.len()];
        text.push_str(word);
        line += word.len();
        if line > 60 {
            text.push('\r');
            line = 0;
        }
        i += 1;
    }
    text.push_str("THE-END");
    text
}

/// What the notes hold after typing `text` (Enter starts a new line).
fn as_notes(text: &str) -> String {
    text.replace('\r', "\n")
}

fn running_meeting(dirs: &Dirs, width: u16, height: u16) -> Tmux {
    let tmux = Tmux::start(dirs, width, height, &["run", "--account", "Initech"]);
    tmux.wait_for(&["LOBBY"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["RUNNING"]);
    tmux
}

fn saved_meeting(dirs: &Dirs) -> Meeting {
    let store = Store::open(&dirs.data).expect("the data directory");
    let (sessions, errors) = store.list();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    store.load(&sessions[0].id).expect("the saved session")
}

#[test]
fn kilobytes_typed_as_keys_are_all_handled_without_another_key() {
    // Plain keystrokes, no bracketed paste: what a remote desktop "type clipboard" or a
    // terminal without paste mode sends. Sizes around the 1 KiB reads of the terminal.
    for size in [2_300, 4_500] {
        let dirs = Dirs::new();
        let tmux = running_meeting(&dirs, 120, 40);
        let text = burst(size);
        tmux.text(&text);
        // The end of the burst shows without any further key (a debug build on a busy
        // machine takes a while over thousands of keys; before, it never showed).
        tmux.wait_until_within(Duration::from_secs(90), "the end of the burst", |screen| {
            screen.contains("THE-END")
        });
        // And a ^Q right behind a burst is not held up either.
        tmux.text(" and then quit");
        tmux.keys(&["C-q"]);
        assert_eq!(tmux.wait_exit(), 0, "{}", tmux.history());
        let meeting = saved_meeting(&dirs);
        assert_eq!(
            meeting.sections[0].notes,
            as_notes(&format!("{text} and then quit")),
            "{size} characters"
        );
    }
}

/// The numbers of the `line NNNNN` rows on screen, top to bottom.
fn visible_lines(screen: &str) -> Vec<usize> {
    screen
        .split("line ")
        .skip(1)
        .filter_map(|rest| rest.get(..5)?.parse().ok())
        .collect()
}

#[test]
fn a_burst_of_page_up_moves_one_page_per_key() {
    let dirs = Dirs::new();
    let tmux = running_meeting(&dirs, 100, 30);
    let lines: Vec<String> = (0..5_000).map(|i| format!("line {i:05}")).collect();
    let file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(file.path(), lines.join("\n")).expect("the lines are written");
    let path = file.path().to_str().expect("a UTF-8 temporary path");
    tmux.run(&["load-buffer", "-b", "notes", path]);
    // Bracketed paste: one event however long.
    tmux.run(&["paste-buffer", "-p", "-b", "notes", "-t", "s"]);
    let before = tmux.wait_for(&["line 04999"]);
    let shown = visible_lines(&before);
    // The notes pane shows `page + 1` rows; PageUp moves by `page` (one row of context).
    let page = shown.len() - 1;
    assert!(page >= 2, "the notes show a few lines at 100x30:\n{before}");
    let top = shown[0];
    // 560 presses are 2,240 bytes: more than two of the terminal's 1 KiB reads.
    let presses = 560;
    let mut args = vec!["send-keys", "-t", "s"];
    args.extend(std::iter::repeat_n("PPage", presses));
    tmux.run(&args);
    assert!(
        presses * page < top,
        "{page} rows a page: too many to test with"
    );
    let expected_top = top - presses * page;
    let screen = tmux.wait_until_within(
        Duration::from_secs(60),
        &format!("the top notes line to be {expected_top} after {presses} PageUps"),
        |screen| visible_lines(screen).first() == Some(&expected_top),
    );
    assert_eq!(visible_lines(&screen).len(), shown.len(), "{screen}");
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), 0);
}

/// Types a burst while kickoff is stopped (so it waits in the terminal's input queue),
/// then sends `name` and lets kickoff continue: the signal and the unread input arrive
/// together, the worst case of a signal right after fast typing.
fn signal_right_after_a_burst(name: &str) -> (Dirs, Tmux, String, String) {
    let dirs = Dirs::new();
    let tmux = running_meeting(&dirs, 120, 40);
    tmux.text("typed before ");
    tmux.wait_for(&["typed before"]);
    let pid = kickoff_pid(&tmux);
    signal(&pid, "STOP");
    let text = burst(300);
    tmux.text(&text);
    // tmux writes to the terminal from its own event loop: give it a moment to do so.
    sleep(Duration::from_millis(300));
    signal(&pid, name);
    signal(&pid, "CONT");
    (dirs, tmux, as_notes(&format!("typed before {text}")), pid)
}

#[test]
fn sigterm_right_after_a_burst_keeps_the_unread_characters() {
    let (dirs, tmux, typed, _) = signal_right_after_a_burst("TERM");
    assert_eq!(tmux.wait_exit(), 128 + 15);
    let printed = tmux.history();
    assert!(printed.contains("kickoff was asked to stop"), "{printed}");
    assert_eq!(saved_meeting(&dirs).sections[0].notes, typed);
}

#[test]
fn sigint_right_after_a_burst_keeps_the_unread_characters() {
    let (dirs, tmux, typed, _) = signal_right_after_a_burst("INT");
    assert_eq!(tmux.wait_exit(), 128 + 2);
    assert_eq!(saved_meeting(&dirs).sections[0].notes, typed);
}

#[test]
fn sighup_right_after_a_burst_keeps_the_unread_characters() {
    let (dirs, tmux, typed, pid) = signal_right_after_a_burst("HUP");
    wait_until_gone(&pid);
    drop(tmux);
    assert_eq!(saved_meeting(&dirs).sections[0].notes, typed);
}
