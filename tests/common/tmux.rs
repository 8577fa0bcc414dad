//! A harness for end-to-end tests: the real `kickoff` binary in a real terminal (tmux).
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

pub const BIN: &str = env!("CARGO_BIN_EXE_kickoff");
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const POLL: Duration = Duration::from_millis(50);

/// What the shell around kickoff prints once it exits, before the status and a `]`.
pub const EXIT_MARKER: &str = "[kickoff exited with status ";
/// Runs kickoff (`"$@"`) and reports its exit status on screen.
pub const SHELL: &str =
    "\"$@\"; echo \"[kickoff exited with status $?]\"; echo \"[stty $(stty -a | tr '\\n' ' ')]\"";

static SERVERS: AtomicUsize = AtomicUsize::new(0);

/// A private data and config directory for one test.
pub struct Dirs {
    _root: TempDir,
    /// The data directory.
    pub data: PathBuf,
    /// The config directory.
    pub config: PathBuf,
    /// The runtime directory meetings serve their second seats from: one per test, so
    /// tests running at once never share a meeting's socket.
    pub runtime: PathBuf,
}

impl Dirs {
    pub fn new() -> Self {
        let root = tempfile::tempdir().expect("a temporary directory");
        let data = root.path().join("data");
        let config = root.path().join("config");
        let runtime = root.path().join("run");
        Self {
            _root: root,
            data,
            config,
            runtime,
        }
    }

    /// `kickoff ARGS` without a terminal, in these directories.
    pub fn kickoff(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", &self.data)
            .env("KICKOFF_CONFIG_DIR", &self.config)
            .env("KICKOFF_RUNTIME_DIR", &self.runtime)
            .output()
            .expect("kickoff runs")
    }

    pub fn exports(&self) -> Vec<PathBuf> {
        list(&self.data.join("exports"))
    }

    /// The session files (not the journals or the summary index next to them).
    pub fn sessions(&self) -> Vec<PathBuf> {
        let mut files = list(&self.data.join("sessions"));
        files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
        files
    }
}

pub fn list(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

pub fn require_tmux() {
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
pub struct Tmux {
    socket: String,
    /// The server's socket file, removed on drop (`kill-server` leaves it behind).
    socket_path: Option<PathBuf>,
}

impl Tmux {
    /// Starts `kickoff ARGS` in a `width`x`height` terminal over `dirs`.
    pub fn start(dirs: &Dirs, width: u16, height: u16, args: &[&str]) -> Self {
        Self::start_with_env(dirs, width, height, &[], args)
    }

    /// Like [`Tmux::start`], with extra `NAME=value` environment variables.
    pub fn start_with_env(
        dirs: &Dirs,
        width: u16,
        height: u16,
        env: &[&str],
        args: &[&str],
    ) -> Self {
        let mut program = vec!["sh", "-c", SHELL, "sh", BIN];
        program.extend_from_slice(args);
        Self::launch(dirs, width, height, env, None, &program)
    }

    /// Like [`Tmux::start_with_env`], in working directory `cwd`, with kickoff's standard
    /// error appended to `log` if given (what a hang-up leaves no terminal to show).
    pub fn start_in(
        dirs: &Dirs,
        (width, height): (u16, u16),
        env: &[&str],
        cwd: &Path,
        log: Option<&Path>,
        args: &[&str],
    ) -> Self {
        let mut env = env.to_vec();
        let (shell, log) = match log {
            Some(log) => (
                SHELL.replacen("\"$@\"", "\"$@\" 2>>\"$KICKOFF_LOG\"", 1),
                format!("KICKOFF_LOG={}", log.display()),
            ),
            None => (SHELL.to_owned(), String::new()),
        };
        if !log.is_empty() {
            env.push(&log);
        }
        let mut program = vec!["sh", "-c", &shell, "sh", BIN];
        program.extend_from_slice(args);
        Self::launch(dirs, width, height, &env, Some(cwd), &program)
    }

    /// An interactive bash with job control, kickoff's directories in its environment and
    /// the binary as `$KICKOFF`, for tests of suspend and resume from a shell.
    pub fn start_shell(dirs: &Dirs, width: u16, height: u16) -> Self {
        let kickoff = format!("KICKOFF={BIN}");
        Self::launch(
            dirs,
            width,
            height,
            &[&kickoff, "PS1=$ "],
            None,
            &["bash", "--norc", "--noprofile", "-i"],
        )
    }

    fn launch(
        dirs: &Dirs,
        width: u16,
        height: u16,
        env: &[&str],
        cwd: Option<&Path>,
        program: &[&str],
    ) -> Self {
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
        let runtime = format!("KICKOFF_RUNTIME_DIR={}", dirs.runtime.display());
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
            &runtime,
            "-e",
            "TERM=xterm-256color",
        ];
        for var in env {
            command.extend_from_slice(&["-e", var]);
        }
        let cwd = cwd.map(|c| c.display().to_string());
        if let Some(cwd) = &cwd {
            command.extend_from_slice(&["-c", cwd]);
        }
        command.extend_from_slice(program);
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
    pub fn run(&self, args: &[&str]) -> String {
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

    /// Adds an attendee through the form, like `common::add_attendee`: name, role, time
    /// zone, expertise, then the side (Space presses from Customer) and the flags (DRI,
    /// primary contact, technical).
    pub fn add_attendee(&self, fields: [&str; 4], side_steps: usize, flags: [bool; 3]) {
        self.keys(&["C-a"]);
        self.wait_for(&["Add attendee"]);
        for (i, field) in fields.iter().enumerate() {
            self.text(field);
            if i < 3 {
                self.keys(&["Tab"]);
            }
        }
        self.keys(&["Tab"]);
        for _ in 0..side_steps {
            self.keys(&["Space"]);
        }
        for on in flags {
            self.keys(&["Tab"]);
            if on {
                self.keys(&["Space"]);
            }
        }
        self.keys(&["Enter"]);
        self.wait_gone(&["Add attendee"]);
    }

    /// Types `text` literally.
    pub fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "s", "-l", text]);
    }

    /// Presses keys by tmux name: `C-n`, `Enter`, `Tab`, `BTab`, `Space`, `M-3`.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "s", key]);
        }
    }

    /// What the screen shows now.
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "s"])
    }

    /// Everything the pane shows, scrollback included (what kickoff printed on exit).
    pub fn history(&self) -> String {
        self.run(&["capture-pane", "-p", "-S", "-", "-t", "s"])
    }

    /// Waits until the screen shows every one of `needles`; fails showing the screen.
    pub fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("the screen to show {needles:?}"), |screen| {
            needles.iter().all(|n| screen.contains(n))
        })
    }

    /// Waits until the screen shows none of `needles`.
    pub fn wait_gone(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?} to go away"), |screen| {
            !needles.iter().any(|n| screen.contains(n))
        })
    }

    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.wait_until_within(TIMEOUT, what, ok)
    }

    /// Like [`Tmux::wait_until`] with a longer patience, for work a debug build on a busy
    /// machine may take a while over (it fails only when nothing shows at all).
    pub fn wait_until_within(
        &self,
        timeout: Duration,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out after {timeout:?} waiting for {what}; the screen shows:\n{screen}"
            );
            sleep(POLL);
        }
    }

    /// Waits for kickoff to exit and returns its exit status, as reported by the shell
    /// that started it (tmux's own `pane_dead_status` is not reliably filled in).
    pub fn wait_exit(&self) -> i32 {
        self.wait_exit_within(TIMEOUT)
    }

    /// Like [`Tmux::wait_exit`] with a longer patience (e.g. a connection timing out).
    pub fn wait_exit_within(&self, timeout: Duration) -> i32 {
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
                start.elapsed() < timeout,
                "kickoff did not exit within {timeout:?}; the screen shows:\n{}",
                self.screen()
            );
            sleep(POLL);
        }
    }

    /// The newest tmux paste buffer: what kickoff last copied with OSC 52 (kickoff copies
    /// right after drawing the frame that says so, so this waits for it).
    pub fn clipboard(&self) -> String {
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
    pub fn resize(&self, width: u16, height: u16) {
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
pub fn footer(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n  {needle}\nin:\n{haystack}"
    );
}

/// The pid of kickoff: the child of the shell in the pane.
pub fn kickoff_pid(tmux: &Tmux) -> String {
    let shell = tmux.run(&["display-message", "-p", "-t", "s", "#{pane_pid}"]);
    let out = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .expect("pgrep runs");
    let pid = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(!pid.is_empty(), "kickoff is running under the pane's shell");
    pid
}

/// Sends signal `name` (e.g. `TERM`) to `pid`.
pub fn signal(pid: &str, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), pid])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Waits (up to 10 s) for process `pid` to exit.
pub fn wait_until_gone(pid: &str) {
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "kickoff (pid {pid}) did not exit"
        );
        sleep(Duration::from_millis(50));
    }
}
