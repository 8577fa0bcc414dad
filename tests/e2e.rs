//! End-to-end tests: the real `kickoff` binary in a real terminal (tmux), driven by keys
//! the way a note-taker drives it during a call, checked on screen and on disk.
//!
//! Every test runs its own tmux server (`tmux -L <unique name>`, killed on drop) and its
//! own data and config directories, so the user's tmux and home directory are never
//! touched. tmux is required: without it these tests fail with a message saying so.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_kickoff");
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// What the shell around kickoff prints once it exits, before the status and a `]`.
const EXIT_MARKER: &str = "[kickoff exited with status ";
/// Runs kickoff (`"$@"`) and reports its exit status on screen.
const SHELL: &str = "\"$@\"; echo \"[kickoff exited with status $?]\"";

static SERVERS: AtomicUsize = AtomicUsize::new(0);

/// A private data and config directory for one test.
struct Dirs {
    _root: TempDir,
    data: PathBuf,
    config: PathBuf,
}

impl Dirs {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("a temporary directory");
        let data = root.path().join("data");
        let config = root.path().join("config");
        Self {
            _root: root,
            data,
            config,
        }
    }

    /// `kickoff ARGS` without a terminal, in these directories.
    fn kickoff(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", &self.data)
            .env("KICKOFF_CONFIG_DIR", &self.config)
            .output()
            .expect("kickoff runs")
    }

    fn exports(&self) -> Vec<PathBuf> {
        list(&self.data.join("exports"))
    }

    fn sessions(&self) -> Vec<PathBuf> {
        list(&self.data.join("sessions"))
    }
}

fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn require_tmux() {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "tmux is not installed, and the end-to-end tests need it: install tmux; .ci/run does"
    );
}

/// One tmux server running `kickoff` in session `s`; killed when dropped, even when the
/// test fails.
struct Tmux {
    socket: String,
    /// The server's socket file, removed on drop (`kill-server` leaves it behind).
    socket_path: Option<PathBuf>,
}

impl Tmux {
    /// Starts `kickoff ARGS` in a `width`x`height` terminal over `dirs`.
    fn start(dirs: &Dirs, width: u16, height: u16, args: &[&str]) -> Self {
        require_tmux();
        let socket = format!(
            "kickoff-e2e-{}-{}",
            std::process::id(),
            SERVERS.fetch_add(1, Ordering::SeqCst)
        );
        let mut tmux = Self {
            socket,
            socket_path: None,
        };
        let data = format!("KICKOFF_DATA_DIR={}", dirs.data.display());
        let config = format!("KICKOFF_CONFIG_DIR={}", dirs.config.display());
        let (w, h) = (width.to_string(), height.to_string());
        let mut command = vec![
            "new-session",
            "-d",
            "-s",
            "s",
            "-x",
            &w,
            "-y",
            &h,
            "-e",
            &data,
            "-e",
            &config,
            "-e",
            "TERM=xterm-256color",
            "sh",
            "-c",
            SHELL,
            "sh",
            BIN,
        ];
        command.extend_from_slice(args);
        // Keep the pane after kickoff exits, to read what it printed and its exit status;
        // keep the window at the size asked for; let OSC 52 fill a tmux paste buffer.
        command.extend_from_slice(&[
            ";",
            "set-option",
            "-g",
            "remain-on-exit",
            "on",
            ";",
            "set-option",
            "-g",
            "window-size",
            "manual",
            ";",
            "set-option",
            "-s",
            "set-clipboard",
            "on",
        ]);
        tmux.run(&command);
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        tmux.socket_path = Some(PathBuf::from(path.trim()));
        tmux
    }

    /// Runs a tmux command on this server; panics with tmux's message if it fails.
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-u", "-f", "/dev/null", "-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types `text` literally.
    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "s", "-l", text]);
    }

    /// Presses keys by tmux name: `C-n`, `Enter`, `Tab`, `BTab`, `Space`, `M-3`.
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "s", key]);
        }
    }

    /// What the screen shows now.
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "s"])
    }

    /// Everything the pane shows, scrollback included (what kickoff printed on exit).
    fn history(&self) -> String {
        self.run(&["capture-pane", "-p", "-S", "-", "-t", "s"])
    }

    /// Waits until the screen shows every one of `needles`; fails showing the screen.
    fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("the screen to show {needles:?}"), |screen| {
            needles.iter().all(|n| screen.contains(n))
        })
    }

    /// Waits until the screen shows none of `needles`.
    fn wait_gone(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?} to go away"), |screen| {
            !needles.iter().any(|n| screen.contains(n))
        })
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out after {TIMEOUT:?} waiting for {what}; the screen shows:\n{screen}"
            );
            sleep(POLL);
        }
    }

    /// Waits for kickoff to exit and returns its exit status, as reported by the shell
    /// that started it (tmux's own `pane_dead_status` is not reliably filled in).
    fn wait_exit(&self) -> i32 {
        let start = Instant::now();
        loop {
            let printed = self.history();
            if let Some(status) = printed
                .lines()
                .find_map(|l| l.strip_prefix(EXIT_MARKER))
                .and_then(|rest| rest.strip_suffix(']'))
            {
                return status.parse().unwrap_or(-1);
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "kickoff did not exit within {TIMEOUT:?}; the screen shows:\n{}",
                self.screen()
            );
            sleep(POLL);
        }
    }

    /// The newest tmux paste buffer: what kickoff last copied with OSC 52 (kickoff copies
    /// right after drawing the frame that says so, so this waits for it).
    fn clipboard(&self) -> String {
        let start = Instant::now();
        while self.run(&["list-buffers"]).trim().is_empty() {
            assert!(
                start.elapsed() < TIMEOUT,
                "nothing was copied to the clipboard (OSC 52) within {TIMEOUT:?}"
            );
            sleep(POLL);
        }
        self.run(&["show-buffer"])
    }

    /// Resizes the window.
    fn resize(&self, width: u16, height: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "s",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        if let Some(path) = &self.socket_path {
            let _ = fs::remove_file(path);
        }
    }
}

/// The last non-blank line of a screen: the footer.
fn footer(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n  {needle}\nin:\n{haystack}"
    );
}

const NOTE: &str = "Zoë from München — 東京 team ✓";

/// Fills the attendee form that ^A opened (field order: name, role, time zone,
/// expertise, side, DRI, primary contact, technical).
fn add_attendee(
    t: &Tmux,
    name: &str,
    role: &str,
    zone: &str,
    expertise: &str,
    side_presses: usize,
    flags: [bool; 3],
) {
    t.keys(&["C-a"]);
    t.wait_for(&["Add attendee"]);
    t.text(name);
    t.keys(&["Tab"]);
    t.text(role);
    t.keys(&["Tab"]);
    t.text(zone);
    t.keys(&["Tab"]);
    t.text(expertise);
    t.keys(&["Tab"]);
    for _ in 0..side_presses {
        t.keys(&["Space"]);
    }
    for on in flags {
        t.keys(&["Tab"]);
        if on {
            t.keys(&["Space"]);
        }
    }
    t.keys(&["Enter"]);
    t.wait_gone(&["Add attendee"]);
}

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
    add_attendee(
        &t,
        "Zoë Müller",
        "Platform lead",
        "Europe/Berlin",
        "runs our CI",
        0,
        [true, true, true],
    );
    add_attendee(&t, "Sam Lee", "ASE", "UTC-5", "", 1, [false, false, false]);
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
    t.keys(&["Space", "Tab"]);
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
