//! End-to-end tests: the real `kickoff` binary in a real terminal (tmux), driven by keys
//! the way a note-taker drives it during a call, checked on screen and on disk.

mod common;

use std::fs;
use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

use common::tmux::*;

const NOTE: &str = "Zoë from München — 東京 team ✓";

#[test]
fn a_full_introductory_meeting_from_the_start_screen_to_the_exported_markdown() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 120, 40, &[]);

    // The start screen: type the account; the introductory meeting is preselected.
    let start = t.wait_for(&["Customer account", "Introductory meeting"]);
    assert_contains(&start, "›  Introductory meeting");
    t.text("Acme Corp");
    t.wait_for(&["Acme Corp"]);
    t.keys(&["Enter"]);

    // The lobby: record two attendees as they join.
    t.wait_for(&["LOBBY", "Introductory meeting · Acme Corp", "Attendees (0)"]);
    t.wait_for(&["Missing: DRI"]);
    t.add_attendee(
        [
            "Zoë Müller",
            "Platform lead",
            "Europe/Berlin",
            "runs our CI",
        ],
        0,
        [true, true, true],
    );
    t.add_attendee(["Sam Lee", "ASE", "UTC-5", ""], 1, [false, false, false]);
    let lobby = t.wait_for(&["Attendees (2)", "Zoë Müller", "Sam Lee"]);
    assert!(
        !lobby.contains("Missing: DRI"),
        "a DRI was added, yet the lobby still flags one missing:\n{lobby}"
    );
    assert_contains(&lobby, "DRI PC Tech");
    assert_contains(footer(&lobby), "^N start");

    // Section 1: notes with Unicode, prompts ticked with ^T and Alt-3.
    t.keys(&["C-n"]);
    t.wait_for(&["RUNNING", "1/5 Introduce yourself"]);
    t.text(NOTE);
    t.keys(&["Enter"]);
    t.text("Second line of notes");
    t.keys(&["C-t", "C-t", "M-3"]);
    let s1 = t.wait_for(&[NOTE, "Second line of notes", "[x] 3 "]);
    assert_contains(&s1, "[x] 1 Your name, said clearly and slowly");
    assert_contains(&s1, "[x] 2 Time at GitLab");
    assert_contains(&s1, "[ ] 4 ");

    // An action item with an owner and a due date.
    t.keys(&["C-o"]);
    t.wait_for(&["Add action item"]);
    t.text("Send the SOW summary");
    t.keys(&["Tab"]);
    t.text("Sam Lee");
    t.keys(&["Tab"]);
    t.text("2026-12-04");
    t.keys(&["Enter"]);
    t.wait_for(&["Action items (1)", "Send the SOW summary"]);

    // Section 2: a customer goal.
    t.keys(&["C-n"]);
    t.wait_for(&["2/5 Attendees introduce themselves"]);
    t.text("Zoë runs the platform team");
    t.keys(&["C-l"]);
    t.wait_for(&["Customer goal"]);
    t.text("Faster pipelines for the monorepo");
    t.keys(&["Enter"]);
    t.wait_for(&["Goal: Faster pipelines"]);

    // Section 3: a decision.
    t.keys(&["C-n"]);
    t.wait_for(&["3/5 The ASE role"]);
    t.keys(&["C-d"]);
    t.wait_for(&["Decision"]);
    t.text("Zoë is the primary contact");
    t.keys(&["Enter"]);
    t.wait_for(&["Decision: Zoë is the primary contact"]);

    // Section 4, then 5: the regular meeting.
    t.keys(&["C-n"]);
    t.wait_for(&["4/5 Their GitLab plans"]);
    t.keys(&["C-n"]);
    t.wait_for(&["5/5 Agree a regular meeting"]);
    t.keys(&["C-r"]);
    t.wait_for(&["Agreed regular meeting"]);
    // Past the day, time, zone, length and first date to what was said.
    t.keys(&["Space", "Tab", "Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.text("Tuesdays 16:00 CET");
    t.keys(&["Tab"]);
    t.text("30 min, Sam sends the invite");
    t.keys(&["Enter"]);
    t.wait_for(&["Every other week: Tuesdays 16:00 CET"]);

    // ^N on the last section ends the meeting; ^E exports; ^Q quits.
    t.keys(&["C-n"]);
    t.wait_for(&["ENDED", "Meeting ended."]);
    t.keys(&["C-e"]);
    t.wait_for(&["Customer version exported and sent"]);
    let exports = dirs.exports();
    assert_eq!(exports.len(), 1, "one export expected: {exports:?}");
    let in_app = fs::read_to_string(&exports[0]).expect("the export is readable");
    assert_eq!(
        t.clipboard(),
        in_app,
        "the clipboard (OSC 52) should hold the exported Markdown"
    );
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "kickoff should exit 0:\n{}", t.history());
    let printed = t.history();
    assert_contains(&printed, "Meeting saved to ");
    assert_contains(
        &printed,
        &format!("Exported the customer version to {}", exports[0].display()),
    );
    assert!(
        !printed.contains("Resume with"),
        "an ended meeting needs no resume hint:\n{printed}"
    );

    // The exported Markdown: the customer version.
    let md = &in_app;
    assert!(
        md.starts_with("# Introductory meeting: Acme Corp\n"),
        "{md}"
    );
    assert_contains(
        md,
        "**Your goals**\n\n- Faster pipelines for the monorepo\n\n**Decisions**\n\n- Zoë is the primary contact\n\n**Action items**\n\n- [ ] Send the SOW summary — **Sam Lee** (due 2026-12-04)\n",
    );
    assert_contains(
        md,
        "**Regular meeting**\n\n- **Cadence:** Every other week\n- **Slot:** Tuesdays 16:00 CET\n- **Notes:** 30 min, Sam sends the invite\n",
    );
    assert_contains(
        md,
        "| Zoë Müller | Customer | Platform lead | Europe/Berlin | runs our CI | DRI, primary contact |",
    );
    assert_contains(md, "| Sam Lee | GitLab | ASE | UTC-5 | | |");
    assert_contains(md, &format!("- {NOTE}\n- Second line of notes\n"));
    assert_contains(md, "- Zoë runs the platform team");
    // The facilitator's material stays in the internal version.
    for internal in [
        "Timing summary",
        "Your name, said clearly and slowly",
        "Why this engagement excites you",
        "joined ",
        "has not started",
        "Draft",
    ] {
        assert!(
            !md.contains(internal),
            "{internal:?} in the customer version:\n{md}"
        );
    }

    // The command line sees the same meeting.
    let sessions = dirs.kickoff(&["sessions"]);
    assert!(sessions.status.success());
    let listed = stdout(&sessions);
    let id = exports[0]
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("an export named after the session id")
        .to_owned();
    let line = listed
        .lines()
        .find(|l| l.starts_with(&id))
        .unwrap_or_else(|| panic!("`kickoff sessions` should list {id}:\n{listed}"));
    assert_contains(line, "finished");
    assert_contains(line, "Acme Corp · Introductory meeting");

    let out_file = dirs.data.join("cli-export.md");
    // ^E and `kickoff export` both write the customer version by default.
    let export = dirs.kickoff(&["export", &id, "-o", out_file.to_str().expect("utf-8 path")]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let cli = fs::read_to_string(&out_file).expect("the CLI export is readable");
    assert_eq!(
        cli, in_app,
        "the CLI export of the saved, ended meeting should match the in-app export byte for byte"
    );
    // The same by session file, to standard output.
    let session_file = dirs.data.join("sessions").join(format!("{id}.yaml"));
    let by_file = dirs.kickoff(&["export", session_file.to_str().expect("utf-8 path")]);
    assert!(by_file.status.success());
    assert_eq!(stdout(&by_file), in_app);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(&session_file), 0o600, "the session file is private");
        assert_eq!(mode(&exports[0]), 0o600, "the export is private");
        assert_eq!(mode(&dirs.data.join("sessions")), 0o700);
    }
}

#[test]
fn quitting_mid_meeting_saves_and_resume_reopens_the_same_section_with_its_notes() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 120, 40, &["run", "--account", "Globex"]);
    t.wait_for(&["LOBBY", "Globex"]);
    t.keys(&["C-n"]);
    t.wait_for(&["1/5 Introduce yourself"]);
    t.text("Intro notes");
    t.keys(&["C-n"]);
    t.wait_for(&["2/5 Attendees introduce themselves"]);
    t.text("Priya, SRE, Asia/Kolkata, ");
    t.text("déjà vu ✓");
    t.keys(&["Enter"]);
    t.text("Second line");
    t.wait_for(&["déjà vu ✓", "Second line"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "kickoff should exit 0:\n{}", t.history());
    let printed = t.history();
    assert_contains(&printed, "Meeting saved to ");
    assert_contains(&printed, "Resume with: kickoff resume ");
    let id = printed
        .lines()
        .find_map(|l| l.strip_prefix("Resume with: kickoff resume "))
        .expect("a resume hint")
        .trim()
        .to_owned();
    assert_eq!(dirs.sessions().len(), 1);
    drop(t);

    let listed = stdout(&dirs.kickoff(&["sessions"]));
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with(&id) && l.contains("unfinished")),
        "{listed}"
    );

    // `kickoff resume` with no id picks the latest unfinished meeting.
    let t = Tmux::start(&dirs, 120, 40, &["resume"]);
    let screen = t.wait_for(&[
        "2/5 Attendees introduce themselves",
        "Priya, SRE, Asia/Kolkata, déjà vu ✓",
        "Second line",
    ]);
    assert_contains(&screen, "Globex");
    assert_contains(&screen, "PAUSED");
    assert_contains(&screen, "^Space starts it again");
    // Typing carries on where the notes left off.
    t.keys(&["C-Space"]);
    t.wait_for(&["RUNNING"]);
    t.keys(&["Enter"]);
    t.text("Third line after resuming");
    t.wait_for(&["Third line after resuming"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
    let md = stdout(&dirs.kickoff(&["export", &id]));
    assert_contains(
        &md,
        "- Priya, SRE, Asia/Kolkata, déjà vu ✓\n- Second line\n- Third line after resuming\n",
    );
    assert_contains(&md, "- Intro notes\n");
}

#[test]
fn a_small_terminal_says_so_and_the_meeting_screen_appears_once_it_is_enlarged() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 60, 20, &["run", "--account", "Initech"]);
    let small = t.wait_for(&["Terminal too small", "60x20", "80x24"]);
    assert!(!small.contains("LOBBY"), "{small}");
    // Keys still work while the terminal is too small.
    t.keys(&["C-n"]);
    t.text("typed while small");
    sleep(Duration::from_millis(200));
    t.resize(80, 24);
    t.wait_for(&["RUNNING", "Initech", "1/5 Introduce yourself"]);
    t.wait_gone(&["Terminal too small"]);
    let screen = t.wait_for(&["typed while small"]);
    let foot = footer(&screen);
    for key in ["^N next", "^T tick", "^A attendee", "^G help", "^Q quit"] {
        assert_contains(foot, key);
    }
    assert_eq!(screen.lines().count(), 24, "{screen}");
    // And back down again.
    t.resize(70, 22);
    t.wait_for(&["Terminal too small", "70x22"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
}

#[test]
fn a_multi_line_paste_lands_in_the_notes_without_control_characters() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 120, 40, &["run", "--account", "Umbrella"]);
    t.wait_for(&["LOBBY"]);
    t.keys(&["C-n"]);
    t.wait_for(&["1/5 Introduce yourself"]);
    // A bracketed paste (`paste-buffer -p`), as from a chat window, with an escape
    // sequence that must not reach the screen or the export.
    t.run(&[
        "set-buffer",
        "pasted line one\npasted line two — ✓ \u{1b}[31mred\u{7}",
    ]);
    t.run(&["paste-buffer", "-p", "-t", "s"]);
    t.wait_for(&["pasted line one", "pasted line two — ✓ [31mred"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
    let sessions = dirs.sessions();
    let id = sessions[0]
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a session id");
    let md = stdout(&dirs.kickoff(&["export", id]));
    assert_contains(&md, "- pasted line one\n- pasted line two — ✓ \\[31mred\n");
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'), "{md:?}");
}

#[test]
fn the_export_named_on_quit_holds_what_was_typed_after_control_e() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 120, 40, &["run", "--account", "Hooli"]);
    t.wait_for(&["LOBBY", "Hooli"]);
    t.keys(&["C-n"]);
    t.wait_for(&["1/5 Introduce yourself"]);
    t.text("Typed before the export");
    t.wait_for(&["Typed before the export"]);
    t.keys(&["C-e"]);
    t.wait_for(&["Customer version exported and sent"]);
    t.keys(&["Enter"]);
    t.text("Typed after the export");
    t.keys(&["C-o"]);
    t.wait_for(&["Add action item"]);
    t.text("Share the runbook after the export");
    t.keys(&["Enter"]);
    t.wait_for(&["Action items (1)", "Typed after the export"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0, "kickoff should exit 0:\n{}", t.history());
    let printed = t.history();
    let exports = dirs.exports();
    assert_eq!(exports.len(), 1, "{exports:?}");
    let named = format!("Exported the customer version to {}", exports[0].display());
    assert_contains(&printed, &named);
    assert!(
        exports[0].extension().is_some_and(|e| e == "md")
            && !exports[0].to_string_lossy().ends_with(".internal.md")
    );
    let md = fs::read_to_string(&exports[0]).expect("the named export");
    assert_contains(&md, "- Typed before the export\n- Typed after the export\n");
    assert_contains(&md, "- [ ] Share the runbook after the export");
}

/// The session files (not the lock files) in the data directory.
fn session_files(dirs: &Dirs) -> Vec<std::path::PathBuf> {
    dirs.sessions()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

#[test]
fn a_meeting_left_in_the_lobby_with_nothing_recorded_is_not_kept() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 120, 40, &["run", "--account", "Initech"]);
    t.wait_for(&["LOBBY"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
    let printed = t.history();
    assert_contains(&printed, "Nothing was recorded");
    assert!(!printed.contains("Resume with"), "{printed}");
    assert_eq!(session_files(&dirs), Vec::<std::path::PathBuf>::new());
    let resume = dirs.kickoff(&["resume"]);
    assert!(!resume.status.success());
    assert_contains(
        &String::from_utf8_lossy(&resume.stderr),
        "no unfinished meeting",
    );
    // An attendee recorded in the lobby is something: that meeting is kept.
    let t = Tmux::start(&dirs, 120, 40, &["run", "--account", "Initech"]);
    t.wait_for(&["LOBBY"]);
    t.add_attendee(["Sam Lee", "ASE", "UTC-5", ""], 0, [false, false, false]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
    assert_contains(&t.history(), "Resume with");
    assert_eq!(session_files(&dirs).len(), 1);
}

#[test]
fn two_kickoffs_for_the_same_account_and_agenda_in_one_minute_get_their_own_meetings() {
    let dirs = Dirs::new();
    // Started together: neither has written its session file when the other picks an id.
    let first = Tmux::start(&dirs, 120, 40, &["run", "--account", "Initech"]);
    let second = Tmux::start(&dirs, 120, 40, &["run", "--account", "Initech"]);
    first.wait_for(&["LOBBY"]);
    second.wait_for(&["LOBBY"]);
    for t in [&first, &second] {
        t.add_attendee(["Sam Lee", "ASE", "UTC-5", ""], 0, [false, false, false]);
        t.keys(&["C-q"]);
        assert_eq!(t.wait_exit(), 0, "{}", t.history());
    }
    assert_eq!(session_files(&dirs).len(), 2, "{:?}", dirs.sessions());
}

#[test]
fn typing_and_pasting_in_the_lobby_are_kept_and_exported_as_before_the_meeting() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 80, 24, &["run", "--account", "Initech"]);
    t.wait_for(&["LOBBY", "Before the meeting"]);
    t.text("Dana joins late");
    t.wait_for(&["Dana joins late"]);
    t.keys(&["Enter"]);
    t.run(&["set-buffer", "-b", "lobby", "pasted in the lobby"]);
    t.run(&["paste-buffer", "-p", "-b", "lobby", "-t", "s"]);
    t.wait_for(&["pasted in the lobby"]);
    t.keys(&["C-n"]);
    t.wait_for(&["RUNNING"]);
    t.text("intro");
    t.wait_for(&["intro"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
    let files = session_files(&dirs);
    assert_eq!(files.len(), 1);
    let id = files[0]
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("a session id");
    let customer = stdout(&dirs.kickoff(&["export", id]));
    let internal = stdout(&dirs.kickoff(&["export", id, "--internal"]));
    for markdown in [customer, internal] {
        assert_contains(&markdown, "Before the meeting");
        assert_contains(&markdown, "- Dana joins late\n- pasted in the lobby\n");
    }
}

#[test]
fn on_small_screens_attendees_and_prompts_stay_reachable() {
    let dirs = Dirs::new();
    let t = Tmux::start(&dirs, 100, 30, &["run", "--account", "Initech"]);
    t.wait_for(&["LOBBY"]);
    t.add_attendee(
        ["Dana Ng", "VP Engineering", "Europe/Berlin", "admin"],
        0,
        [true, false, false],
    );
    t.keys(&["C-n"]);
    // The attendee row shows, not only "Attendees (1)".
    t.wait_for(&["RUNNING", "Dana Ng"]);
    t.resize(80, 24);
    // What the section box cannot show is marked; ^T ticks what is on screen.
    t.wait_for(&["more"]);
    for _ in 0..4 {
        t.keys(&["C-t"]);
    }
    t.wait_for(&["5 How you like to work"]);
    // The selected attendee's details show in the attendee pane at 80x24.
    t.keys(&["Tab", "Tab"]);
    t.wait_for(&["VP Engineering", "Europe/Berlin", "GitLab: admin"]);
    t.keys(&["C-q"]);
    assert_eq!(t.wait_exit(), 0);
}
