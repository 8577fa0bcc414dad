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
    t.wait_for(&["Exported to"]);
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
    assert_contains(&printed, "Markdown exported to ");
    assert!(
        !printed.contains("Resume with"),
        "an ended meeting needs no resume hint:\n{printed}"
    );

    // The exported Markdown.
    let md = &in_app;
    assert!(
        md.starts_with("# Introductory meeting: Acme Corp\n"),
        "{md}"
    );
    assert_contains(
        md,
        "| Zoë Müller | Customer | Platform lead | Europe/Berlin | runs our CI | DRI, primary contact, technical, joined ",
    );
    assert_contains(md, "| Sam Lee | GitLab | ASE | UTC-5 | | joined ");
    assert_contains(md, &format!("- {NOTE}\n- Second line of notes\n"));
    assert_contains(md, "- Zoë runs the platform team");
    assert_contains(md, "- [x] Your name, said clearly and slowly");
    assert_contains(md, "- [x] Time at GitLab and as a support engineer");
    assert_contains(
        md,
        "- [x] How long you have used GitLab; your biggest strengths",
    );
    assert_contains(md, "- [ ] Why this engagement excites you");
    assert_contains(
        md,
        "## Customer goals\n\n- Faster pipelines for the monorepo\n",
    );
    assert_contains(md, "## Decisions\n\n- Zoë is the primary contact\n");
    assert_contains(
        md,
        "## Action items\n\n- [ ] Send the SOW summary — **Sam Lee** (due 2026-12-04)\n",
    );
    assert_contains(
        md,
        "## Regular meeting\n\n- **Cadence:** Every other week\n- **Slot:** Tuesdays 16:00 CET\n- **Notes:** 30 min, Sam sends the invite\n",
    );
    assert_contains(md, "## Timing summary");
    assert_contains(md, "| 1. Introduce yourself | 8 min |");
    assert_contains(md, "| **Total** | **60 min** |");
    assert!(!md.contains("has not started"), "{md}");
    assert!(!md.contains("in progress"), "an ended meeting: {md}");

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
    // ^E writes the internal version here; `kickoff export` writes the customer version
    // unless asked for the internal one.
    let export = dirs.kickoff(&[
        "export",
        "--internal",
        &id,
        "-o",
        out_file.to_str().expect("utf-8 path"),
    ]);
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
    let by_file = dirs.kickoff(&[
        "export",
        "--internal",
        session_file.to_str().expect("utf-8 path"),
    ]);
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
