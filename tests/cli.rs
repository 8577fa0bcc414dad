//! The command line without a terminal: listing and checking agendas, listing and
//! exporting sessions, and the clear refusals when something is missing or wrong.
//!
//! Every command runs with its own data and config directories (KICKOFF_DATA_DIR and
//! KICKOFF_CONFIG_DIR), never the user's, and with standard input and output that are
//! not a terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_kickoff");

#[path = "cli/conventions.rs"]
mod conventions;

const BUILTINS: [&str; 5] = [
    "introductory",
    "new-ase",
    "bundled-kickoff",
    "ase-csa-alignment",
    "regular-sync",
];

/// Private data and config directories for one test.
struct Env {
    root: TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            root: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn config(&self) -> PathBuf {
        self.root.path().join("config")
    }

    /// Writes `text` to `name` under the temporary root and returns its path.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("a parent directory");
        }
        fs::write(&path, text).expect("a test file");
        path
    }

    /// Writes a user agenda into the config directory's `agendas` folder.
    fn user_agenda(&self, file: &str, text: &str) -> PathBuf {
        self.file(&format!("config/agendas/{file}"), text)
    }

    /// Runs `kickoff ARGS` with no terminal, in this environment's directories.
    fn kickoff(&self, args: &[&str]) -> Run {
        let output = Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", self.data())
            .env("KICKOFF_CONFIG_DIR", self.config())
            .stdin(Stdio::null())
            .output()
            .expect("kickoff runs");
        Run::from(args, output)
    }
}

/// What a run printed and how it ended.
struct Run {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn from(args: &[&str], output: Output) -> Self {
        Self {
            what: format!("kickoff {}", args.join(" ")),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} exited with {:?}\n--- stdout\n{}--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        )
    }

    fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{}", self.describe());
        self.assert_no_panic()
    }

    fn assert_no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "{}",
            self.describe()
        );
        self
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

const GOOD: &str = "\
name: quarterly-review
title: Quarterly review
description: Look back at the quarter and agree the next one.
minutes: 45
checklist:
  - Ticket statistics for the quarter at hand
sections:
  - title: The quarter in review
    minutes: 20
    prompts: [Tickets and projects completed]
    captures: [notes]
  - title: Next quarter
    minutes: 25
    captures: [goals, regular_meeting]
";

/// A misspelt field on line 9 (`minuts`).
const MISSPELT: &str = "\
name: misspelt
title: Misspelt
minutes: 30
sections:
  - title: One
    minutes: 10
    goal: fine
  - title: Two
    minuts: 20
";

/// Sections add up to 55 (reported at `minutes:` on line 3), a 0-minute section on
/// line 8 and a repeated title on line 9.
const BAD_SUMS: &str = "\
name: bad-sums
title: Bad sums
minutes: 60
sections:
  - title: One
    minutes: 30
  - title: Two
    minutes: 0
  - title: One
    minutes: 25
";

#[test]
fn agendas_lists_the_five_built_ins() {
    let env = Env::new();
    let run = env.kickoff(&["agendas"]);
    run.assert_code(0);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(&names[..5], &BUILTINS, "{}", run.describe());
    for name in BUILTINS {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .expect("listed");
        assert!(line.trim_end().ends_with("built-in"), "{line}");
    }
    assert!(
        run.stdout.contains("Introductory meeting"),
        "{}",
        run.describe()
    );
    assert!(
        run.stdout.contains(path_str(&env.config().join("agendas"))),
        "says where user agendas are read from:\n{}",
        run.describe()
    );
}

#[test]
fn a_user_agenda_is_listed_and_overrides_a_built_in_of_the_same_name() {
    let env = Env::new();
    let own = env.user_agenda("quarterly.yaml", GOOD);
    let regular =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/regular-sync.yaml"))
            .expect("the built-in regular-sync agenda")
            .replace("title: Regular sync", "title: Our own weekly sync");
    let override_path = env.user_agenda("regular-sync.yml", &regular);
    let run = env.kickoff(&["agendas"]);
    run.assert_code(0);
    let line = |name: &str| {
        let found: Vec<&str> = run
            .stdout
            .lines()
            .filter(|l| l.starts_with(&format!("{name} ")))
            .collect();
        assert_eq!(found.len(), 1, "{name} once:\n{}", run.describe());
        found[0].to_owned()
    };
    let regular_line = line("regular-sync");
    assert!(
        regular_line.contains("Our own weekly sync")
            && regular_line.contains(path_str(&override_path)),
        "{regular_line}"
    );
    assert!(!run.stdout.contains("Regular sync "), "{}", run.describe());
    let own_line = line("quarterly-review");
    assert!(
        own_line.contains("45 min")
            && own_line.contains("Quarterly review")
            && own_line.contains(path_str(&own)),
        "{own_line}"
    );
    for name in &BUILTINS[..4] {
        assert!(line(name).trim_end().ends_with("built-in"));
    }
}

#[test]
fn a_broken_user_agenda_is_reported_with_its_location_and_the_rest_still_listed() {
    let env = Env::new();
    let broken = env.user_agenda("broken.yaml", MISSPELT);
    let run = env.kickoff(&["agendas"]);
    run.assert_no_panic();
    for name in BUILTINS {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(name)),
            "{}",
            run.describe()
        );
    }
    assert!(!run.stdout.contains("misspelt"), "{}", run.describe());
    assert!(
        run.stderr.contains(&format!("{}:9:5:", path_str(&broken))),
        "{}",
        run.describe()
    );
}

#[test]
fn check_accepts_a_good_agenda_and_the_built_ins() {
    let env = Env::new();
    let good = env.file("good.yaml", GOOD);
    let run = env.kickoff(&["check", path_str(&good)]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("good.yaml: ok (quarterly-review, 2 sections, 45 min)"),
        "{}",
        run.describe()
    );
    let builtins: Vec<PathBuf> = BUILTINS
        .iter()
        .map(|n| Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("agendas/{n}.yaml")))
        .collect();
    let args: Vec<&str> = std::iter::once("check")
        .chain(builtins.iter().map(|p| path_str(p)))
        .collect();
    let run = env.kickoff(&args);
    run.assert_code(0);
    assert_eq!(run.stdout.lines().count(), 5, "{}", run.describe());
}

#[test]
fn check_reports_a_misspelt_field_at_its_line_and_column() {
    let env = Env::new();
    let file = env.file("misspelt.yaml", MISSPELT);
    let run = env.kickoff(&["check", path_str(&file)]);
    run.assert_code(1);
    let expected = format!("{}:9:5: ", path_str(&file));
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&expected))
        .unwrap_or_else(|| panic!("no line starting {expected}\n{}", run.describe()));
    assert!(line.contains("minuts"), "{line}");
    assert!(
        line.contains("`minutes`"),
        "suggests the allowed fields: {line}"
    );
    assert!(!run.stdout.contains(": ok"), "{}", run.describe());
}

#[test]
fn check_reports_every_problem_of_an_agenda_whose_minutes_do_not_add_up() {
    let env = Env::new();
    let file = env.file("sums.yaml", BAD_SUMS);
    let run = env.kickoff(&["check", path_str(&file)]);
    run.assert_code(1);
    let f = path_str(&file);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let find = |prefix: String, words: &[&str]| {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line starting {prefix}\n{}", run.describe()));
        for w in words {
            assert!(line.contains(w), "{line} should mention {w}");
        }
    };
    find(format!("{f}:3:1: "), &["55", "60"]);
    find(format!("{f}:8:5: "), &["0 `minutes`"]);
    find(format!("{f}:9:5: "), &["same title"]);
    // Every problem line is `file:line:column: message`.
    for line in &lines {
        let rest = line
            .strip_prefix(&format!("{f}:"))
            .unwrap_or_else(|| panic!("not file:line:column: {line}"));
        let mut parts = rest.splitn(3, ':');
        let line_no = parts.next().unwrap_or_default();
        let column = parts.next().unwrap_or_default();
        assert!(
            line_no.parse::<u32>().is_ok() && column.parse::<u32>().is_ok(),
            "not file:line:column: {line}"
        );
    }
}

#[test]
fn check_goes_through_every_file_and_fails_if_any_is_bad() {
    let env = Env::new();
    let good = env.file("good.yaml", GOOD);
    let bad = env.file("misspelt.yaml", MISSPELT);
    let run = env.kickoff(&["check", path_str(&bad), path_str(&good)]);
    run.assert_code(1);
    assert!(run.stdout.contains("good.yaml: ok"), "{}", run.describe());
    assert!(
        run.stderr.contains("misspelt.yaml:9:5:"),
        "{}",
        run.describe()
    );
}

#[test]
fn check_on_a_missing_file_fails_with_a_clear_message() {
    let env = Env::new();
    let missing = env.root.path().join("no-such-agenda.yaml");
    let run = env.kickoff(&["check", path_str(&missing)]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(path_str(&missing)) && run.stderr.contains("cannot read"),
        "{}",
        run.describe()
    );
}

#[test]
fn check_needs_at_least_one_file() {
    let run = Env::new().kickoff(&["check"]);
    run.assert_no_panic();
    assert_eq!(run.code, Some(2), "a usage error: {}", run.describe());
    assert!(run.stderr.contains("FILE"), "{}", run.describe());
}

#[test]
fn sessions_on_an_empty_data_dir_says_there_are_none() {
    let env = Env::new();
    let run = env.kickoff(&["sessions"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("No saved meetings in")
            && run.stdout.contains(path_str(&env.data().join("sessions"))),
        "{}",
        run.describe()
    );
    assert!(run.stderr.is_empty(), "{}", run.describe());
}

#[cfg(unix)]
#[test]
fn the_data_directory_is_created_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.kickoff(&["sessions"]).assert_code(0);
    let mode = |p: PathBuf| fs::metadata(p).expect("created").permissions().mode() & 0o777;
    assert_eq!(mode(env.data().join("sessions")), 0o700);
}

#[test]
fn the_data_dir_flag_wins_over_the_environment() {
    let env = Env::new();
    let elsewhere = env.root.path().join("elsewhere");
    let run = env.kickoff(&["--data-dir", path_str(&elsewhere), "sessions"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains(path_str(&elsewhere.join("sessions"))),
        "{}",
        run.describe()
    );
    assert!(
        !env.data().exists(),
        "the environment's directory is untouched"
    );
}

#[test]
fn a_corrupt_session_file_is_reported_not_fatal() {
    let env = Env::new();
    let corrupt = env.file("data/sessions/broken.yaml", "id: [not, a, string]\n");
    let run = env.kickoff(&["sessions"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(path_str(&corrupt)) && run.stderr.contains(":1:"),
        "{}",
        run.describe()
    );
    let run = env.kickoff(&["export", "broken"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(path_str(&corrupt)),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());
    assert_eq!(
        fs::read_to_string(&corrupt).expect("still there"),
        "id: [not, a, string]\n",
        "the file is left as it was"
    );
}

#[test]
fn export_of_an_unknown_session_fails_with_a_message() {
    let env = Env::new();
    let out = env.root.path().join("out.md");
    let run = env.kickoff(&[
        "export",
        "2020-01-01-0900-nobody-introductory",
        "-o",
        path_str(&out),
    ]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("2020-01-01-0900-nobody-introductory")
            && run.stderr.contains("kickoff sessions"),
        "{}",
        run.describe()
    );
    assert!(!out.exists(), "no output file for a failed export");
    assert!(run.stdout.is_empty(), "{}", run.describe());
}

#[test]
fn run_without_a_terminal_fails_with_a_clear_message() {
    let env = Env::new();
    for args in [
        &["run"][..],
        &["run", "--account", "Acme Corp"],
        &["run", "regular-sync", "--account", "Acme Corp"],
        &[],
    ] {
        let run = env.kickoff(args);
        run.assert_code(1);
        assert!(
            run.stderr.contains("needs a terminal"),
            "{}",
            run.describe()
        );
    }
    // Nothing was started, so nothing was saved.
    let listed = env.kickoff(&["sessions"]);
    assert!(
        listed.stdout.contains("No saved meetings"),
        "{}",
        listed.describe()
    );
}

#[test]
fn run_with_an_unknown_or_broken_agenda_says_what_is_wrong() {
    let env = Env::new();
    let run = env.kickoff(&["run", "no-such-agenda", "--account", "Acme"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("no-such-agenda") && run.stderr.contains("kickoff agendas"),
        "{}",
        run.describe()
    );
    let bad = env.file("sums.yaml", BAD_SUMS);
    let run = env.kickoff(&["run", path_str(&bad), "--account", "Acme"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!("{}:3:1:", path_str(&bad))),
        "{}",
        run.describe()
    );
    // One problem a line, each starting with its location.
    for at in ["3:1:", "8:5:", "9:5:"] {
        let location = format!("{}:{at}", path_str(&bad));
        assert!(
            run.stderr.lines().any(|l| l.contains(&location)
                && (l.starts_with(&location) || l.starts_with("kickoff: "))),
            "{location}: {}",
            run.describe()
        );
    }
}

#[test]
fn resume_with_nothing_to_resume_says_so() {
    let env = Env::new();
    let run = env.kickoff(&["resume"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("no unfinished meeting"),
        "{}",
        run.describe()
    );
    let run = env.kickoff(&["resume", "2020-01-01-0900-nobody-introductory"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("2020-01-01-0900-nobody-introductory"),
        "{}",
        run.describe()
    );
}

#[test]
fn help_and_version_describe_the_tool() {
    let env = Env::new();
    let run = env.kickoff(&["--help"]);
    run.assert_code(0);
    for word in [
        "run",
        "resume",
        "agendas",
        "check",
        "sessions",
        "export",
        "KICKOFF_DATA_DIR",
    ] {
        assert!(run.stdout.contains(word), "{word}: {}", run.describe());
    }
    let run = env.kickoff(&["--version"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .starts_with(&format!("kickoff {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        run.describe()
    );
}

/// Text with a colour (CSI), a window-title (OSC) and a screen-clearing sequence, as a
/// YAML double-quoted string would deliver it.
const ESCAPES_YAML: &str = r#"\e[31mRed\e[0m review\e]0;pwned\a\e[2J"#;

/// Asserts `output` has no ESC, BEL or CSI character (nothing a terminal would act on)
/// and still shows every `visible` piece of text.
fn assert_clean(run: &Run, output: &str, visible: &[&str]) {
    assert!(
        !output.contains('\u{1b}') && !output.contains('\u{7}') && !output.contains('\u{9b}'),
        "terminal controls reached the output: {output:?}\n{}",
        run.describe()
    );
    for text in visible {
        assert!(output.contains(text), "{text:?} is missing: {output:?}");
    }
}

#[test]
fn agendas_prints_a_hostile_agenda_title_without_its_terminal_controls() {
    let env = Env::new();
    env.user_agenda(
        "hostile.yaml",
        &format!(
            "name: hostile\ntitle: \"{ESCAPES_YAML}\"\nminutes: 30\n\
             sections:\n  - title: One\n    minutes: 30\n"
        ),
    );
    let run = env.kickoff(&["agendas"]);
    run.assert_code(0);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("hostile "))
        .unwrap_or_else(|| panic!("the agenda is listed\n{}", run.describe()));
    assert_clean(&run, line, &["Red", "review", "30 min"]);
}

#[test]
fn check_quotes_a_hostile_name_without_its_terminal_controls() {
    let env = Env::new();
    let file = env.file(
        "hostile.yaml",
        &format!(
            "name: \"Acme{ESCAPES_YAML}\"\ntitle: Fine\nminutes: 30\n\
             sections:\n  - title: One\n    minutes: 30\n"
        ),
    );
    let run = env.kickoff(&["check", path_str(&file)]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("not a lowercase slug"),
        "{}",
        run.describe()
    );
    assert_clean(&run, &run.stderr, &["Acme", "Red", "review", ":1:1: name"]);
    assert_clean(&run, &run.stdout, &[]);
}

#[test]
fn sessions_lists_a_hostile_account_name_without_its_terminal_controls() {
    use kickoff::core::{agenda, meeting::Meeting, store::Store};
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a session store");
    let account = "\u{1b}[2J\u{1b}]0;pwned\u{7}Acme \u{9b}31mCorp\u{202e}";
    let now = chrono::DateTime::parse_from_rfc3339("2026-01-05T09:00:00+01:00").expect("a time");
    let agenda = agenda::builtin()
        .into_iter()
        .next()
        .expect("a built-in agenda");
    let id = store.new_id(account, &agenda.name, now);
    store
        .save(&Meeting::new(id, account.to_owned(), agenda, now))
        .expect("the meeting is saved");
    let run = env.kickoff(&["sessions"]);
    run.assert_code(0);
    assert_clean(&run, &run.stdout, &["Acme", "Corp", "in the lobby"]);
    assert!(!run.stdout.contains('\u{202e}'), "{}", run.describe());
}

#[test]
fn an_error_quoting_a_hostile_argument_has_no_terminal_controls() {
    let env = Env::new();
    let run = env.kickoff(&[
        "run",
        "\u{1b}]0;pwned\u{7}no-such-agenda",
        "--account",
        "Acme",
    ]);
    run.assert_code(1);
    assert_clean(&run, &run.stderr, &["no-such-agenda", "kickoff agendas"]);

    let run = env.kickoff(&["\u{1b}[31mnot-a-command"]);
    run.assert_code(2);
    assert_clean(&run, &run.stderr, &["not-a-command"]);
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let env = Env::new();
    let good = env.file("good.yaml", GOOD);
    let bad = env.file("misspelt.yaml", MISSPELT);
    let closed = |args: &[&str]| {
        // The reading end is gone before kickoff starts: every write to stdout fails.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", env.data())
            .env("KICKOFF_CONFIG_DIR", env.config())
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("kickoff runs");
        Run::from(args, output)
    };
    for args in [&["agendas"][..], &["sessions"], &["check", path_str(&good)]] {
        let run = closed(args);
        run.assert_code(0);
        assert!(run.stderr.is_empty(), "{}", run.describe());
    }
    let run = closed(&["check", path_str(&good), path_str(&bad)]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("misspelt.yaml:9:5:"),
        "{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------
// Export versions, the references setting, the follow-up and carry-forward: meetings
// saved through the library, read back by the binary.
// ---------------------------------------------------------------------------------------

mod meetings {
    use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
    use kickoff::core::agenda::{self, Agenda};
    use kickoff::core::meeting::{ActionItem, Attendee, Meeting, Side};
    use kickoff::core::store::Store;

    pub fn at(time: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(time).expect("a time")
    }

    pub fn builtin(name: &str) -> Agenda {
        agenda::builtin()
            .into_iter()
            .find(|a| a.name == name)
            .expect("a built-in agenda")
    }

    pub fn action(text: &str, owner: &str) -> ActionItem {
        ActionItem {
            text: text.into(),
            owner: owner.into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 4),
            ..ActionItem::default()
        }
    }

    /// A finished introductory meeting of ACME Corp on Friday 2026-11-27, with public
    /// and internal notes, action items and a parked topic, saved in `store`.
    pub fn introductory(store: &Store) -> Meeting {
        let start = at("2026-11-27T14:00:00+01:00");
        let agenda = builtin("introductory");
        let id = store.new_id("ACME Corp", &agenda.name, start);
        let mut m = Meeting::new(id, "ACME Corp".into(), agenda, start);
        m.start(start);
        m.add_attendee(
            Attendee {
                name: "Dana Whitfield".into(),
                role: "Director of Platform Engineering".into(),
                side: Side::Customer,
                dri: true,
                gitlab_username: "dwhitfield".into(),
                ..Attendee::default()
            },
            start,
        );
        m.sections[0].notes = "Shared the upgrade plan: see #123 and !45\n\
                               (internal) SECRET-NOTE-7 Dana sounded unhappy\n"
            .into();
        m.decisions
            .push("Create a collaboration project for the upgrade".into());
        m.actions
            .push(action("Share the upgrade runbook", "Dana Whitfield"));
        m.actions.push(ActionItem {
            internal: true,
            ..action("SECRET-ACTION-7 ask the CSA about the renewal", "Alex")
        });
        m.park(
            "Runner autoscaling questions".into(),
            "SECRET-REASON-7 troubleshooting".into(),
            start,
        );
        m.end(start + Duration::minutes(60));
        store.save(&m).expect("saved");
        m
    }
}

#[test]
fn export_writes_the_customer_version_by_default_and_the_internal_one_on_request() {
    use kickoff::core::{export, store::Store};
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a store");
    let meeting = meetings::introductory(&store);
    let id = meeting.id.as_str();

    let run = env.kickoff(&["export", id]);
    run.assert_code(0);
    let customer = &run.stdout;
    assert!(
        customer.contains("Shared the upgrade plan")
            && customer.contains("Share the upgrade runbook")
            && customer.contains("Runner autoscaling questions"),
        "{}",
        run.describe()
    );
    assert!(
        !customer.contains("SECRET") && !customer.contains("Internal version"),
        "{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("customer version") && run.stderr.contains("standard output"),
        "the command says which version it wrote and where\n{}",
        run.describe()
    );
    assert_eq!(
        customer,
        &export::customer(&meeting, export::last_known_time(&meeting)),
        "the same customer version as the library writes"
    );

    let run = env.kickoff(&["export", "--internal", id]);
    run.assert_code(0);
    for part in [
        "Internal version: not for the customer",
        "SECRET-NOTE-7",
        "SECRET-ACTION-7",
        "SECRET-REASON-7",
        "Shared the upgrade plan",
    ] {
        assert!(run.stdout.contains(part), "{part}\n{}", run.describe());
    }
    assert!(
        run.stderr.contains("internal version") && run.stderr.contains("standard output"),
        "{}",
        run.describe()
    );
}

#[test]
fn export_to_a_directory_names_the_two_versions_distinctly_and_to_a_file_as_given() {
    use kickoff::core::store::Store;
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a store");
    let id = meetings::introductory(&store).id;
    let dir = env.root.path().join("out");
    fs::create_dir(&dir).expect("an output directory");

    let run = env.kickoff(&["export", &id, "-o", path_str(&dir)]);
    run.assert_code(0);
    let customer = dir.join(format!("{id}.md"));
    assert_eq!(
        run.stdout,
        format!("Wrote the customer version to {}\n", customer.display()),
        "{}",
        run.describe()
    );
    let run = env.kickoff(&["export", &id, "--internal", "--output", path_str(&dir)]);
    run.assert_code(0);
    let internal = dir.join(format!("{id}.internal.md"));
    assert_eq!(
        run.stdout,
        format!("Wrote the internal version to {}\n", internal.display()),
        "{}",
        run.describe()
    );
    let customer = fs::read_to_string(&customer).expect("the customer file");
    let internal = fs::read_to_string(&internal).expect("the internal file");
    assert!(!customer.contains("SECRET"), "{customer}");
    assert!(internal.contains("SECRET-NOTE-7"), "{internal}");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .expect("listed")
        .map(|e| e.expect("an entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2, "{names:?}");

    let file = env.root.path().join("notes.md");
    let run = env.kickoff(&["export", &id, "-o", path_str(&file)]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("customer version") && run.stdout.contains(path_str(&file)),
        "{}",
        run.describe()
    );
    assert_eq!(fs::read_to_string(&file).expect("written"), customer);
}

#[test]
fn references_in_the_notes_stay_literal_unless_the_config_turns_them_on() {
    use kickoff::core::store::Store;
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a store");
    let id = meetings::introductory(&store).id;
    let literal = "see \\#123 and \\!45";
    let linked = "see #123 and !45";

    let run = env.kickoff(&["export", &id]);
    run.assert_code(0);
    assert!(run.stdout.contains(literal), "{}", run.describe());
    assert!(!run.stdout.contains(linked), "{}", run.describe());

    env.file("config/config.yaml", "references: false\n");
    let run = env.kickoff(&["export", &id]);
    run.assert_code(0);
    assert!(run.stdout.contains(literal), "{}", run.describe());

    env.file(
        "config/config.yaml",
        "drift:\n  enabled: true\nreferences: true\n",
    );
    for args in [&["export", &id][..], &["export", "--internal", &id]] {
        let run = env.kickoff(args);
        run.assert_code(0);
        assert!(run.stdout.contains(linked), "{}", run.describe());
        assert!(!run.stdout.contains(literal), "{}", run.describe());
    }
    // The follow-up takes the setting too; its notes are not in it, so check the mention.
    let run = env.kickoff(&["followup", "--markdown", &id]);
    run.assert_code(0);
    assert!(run.stdout.contains("@dwhitfield"), "{}", run.describe());

    let config = env.file("config/config.yaml", "references: sometimes\n");
    let run = env.kickoff(&["export", &id]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!("{}:1:", path_str(&config)))
            && run.stderr.contains("sometimes"),
        "a broken setting is located\n{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());
}

#[test]
fn followup_prints_the_message_with_its_send_by_date_in_text_or_markdown() {
    use kickoff::core::store::Store;
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a store");
    let id = meetings::introductory(&store).id;

    // The meeting was on a Friday: the message goes out by Monday.
    let run = env.kickoff(&["followup", &id]);
    run.assert_code(0);
    let plain = &run.stdout;
    assert!(plain.starts_with("Send by:"), "{}", run.describe());
    assert_eq!(
        plain.lines().next(),
        Some("Send by: Monday, 30 November 2026"),
        "{}",
        run.describe()
    );
    for part in [
        "Create a collaboration project for the upgrade",
        "Share the upgrade runbook",
        "Runner autoscaling questions",
    ] {
        assert!(plain.contains(part), "{part}\n{}", run.describe());
    }
    assert!(!plain.contains("SECRET"), "{}", run.describe());
    assert!(
        !plain.contains("**") && !plain.contains("<!--"),
        "{}",
        run.describe()
    );

    let run = env.kickoff(&["followup", &id, "--markdown"]);
    run.assert_code(0);
    let markdown = &run.stdout;
    assert!(markdown.contains("<!--"), "{}", run.describe());
    let comment = markdown
        .split_once("<!--")
        .and_then(|(_, rest)| rest.split_once("-->"))
        .map(|(c, _)| c)
        .unwrap_or_default();
    assert!(
        comment.contains("Monday, 30 November 2026"),
        "{}",
        run.describe()
    );
    assert!(
        markdown.contains("Share the upgrade runbook"),
        "{}",
        run.describe()
    );
    assert!(!markdown.contains("SECRET"), "{}", run.describe());
    assert_ne!(plain, markdown);

    let run = env.kickoff(&["followup", "2020-01-01-0900-nobody-introductory"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("2020-01-01-0900-nobody-introductory")
            && run.stderr.contains("kickoff sessions"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());
}

#[test]
fn followup_prints_a_hostile_account_name_without_its_terminal_controls() {
    use kickoff::core::{meeting::Meeting, store::Store};
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a session store");
    let account = "\u{1b}[2J\u{1b}]0;pwned\u{7}Acme \u{9b}31mCorp";
    let now = meetings::at("2026-11-27T14:00:00+01:00");
    let agenda = meetings::builtin("regular-sync");
    let id = store.new_id(account, &agenda.name, now);
    let mut meeting = Meeting::new(id.clone(), account.to_owned(), agenda, now);
    meeting.decisions.push("Ship it\u{1b}[31m today".into());
    store.save(&meeting).expect("the meeting is saved");
    let run = env.kickoff(&["followup", &id]);
    run.assert_code(0);
    assert_clean(&run, &run.stdout, &["Acme", "Corp", "Ship it", "today"]);
    // The Markdown has no subject line, so no account name.
    let run = env.kickoff(&["followup", "--markdown", &id]);
    run.assert_code(0);
    assert_clean(&run, &run.stdout, &["Ship it", "today"]);
}

#[test]
fn a_new_meeting_brings_forward_what_the_accounts_earlier_meetings_left_open() {
    use kickoff::core::carry;
    use kickoff::core::meeting::{Cadence, Meeting, RegularMeeting};
    use kickoff::core::store::Store;
    use meetings::{action, at, builtin};
    let env = Env::new();
    let store = Store::open(&env.data()).expect("a store");

    // Other accounts, one whose name starts the same.
    for (account, time) in [
        ("Globex", "2026-11-20T09:00:00+01:00"),
        ("Acme Rockets", "2026-11-21T09:00:00+01:00"),
    ] {
        let agenda = builtin("regular-sync");
        let mut m = Meeting::new(
            store.new_id(account, &agenda.name, at(time)),
            account.into(),
            agenda,
            at(time),
        );
        m.actions.push(action("SOMEONE-ELSES item", ""));
        store.save(&m).expect("saved");
    }

    // 1. The introductory meeting of "ACME Corp": the runbook and an internal item stay
    // open, the invite is sent; two topics are parked; a weekly sync is agreed.
    let first = carry::prepare_new_meeting(
        &store,
        builtin("introductory"),
        "ACME Corp".into(),
        at("2026-11-23T14:00:00+01:00"),
    );
    assert!(first.carried.is_empty() && first.carried.summary().is_none());
    let mut first = first.meeting;
    first.start(at("2026-11-23T14:00:00+01:00"));
    first
        .actions
        .push(action("Share the upgrade runbook", "Dana"));
    first.actions.push(action("Send the invite", "Alex"));
    first.actions[1].done = true;
    first.actions.push(kickoff::core::meeting::ActionItem {
        internal: true,
        ..action("Ask the CSA about the renewal", "Alex")
    });
    first.park(
        "Runner autoscaling".into(),
        String::new(),
        at("2026-11-23T14:30:00+01:00"),
    );
    first.park(
        "SSO set-up".into(),
        String::new(),
        at("2026-11-23T14:40:00+01:00"),
    );
    first.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::Weekly,
        slot: "Tuesdays 10:00 CET".into(),
        notes: String::new(),
    });
    first.attendees.push(kickoff::core::meeting::Attendee {
        name: "Dana Whitfield".into(),
        ..Default::default()
    });
    first.end(at("2026-11-23T15:00:00+01:00"));
    store.save(&first).expect("saved");

    // 2. "acme corporation" a week later starts with what is open.
    let second = carry::prepare_new_meeting(
        &store,
        builtin("regular-sync"),
        "acme corporation".into(),
        at("2026-12-01T10:00:00+01:00"),
    );
    let summary = second
        .carried
        .summary()
        .expect("the earlier meeting is named");
    assert!(
        summary.contains("Introductory meeting 2026-11-23")
            && summary.contains("2 action items")
            && summary.contains("2 follow-ups"),
        "{summary}"
    );
    assert_eq!(
        second
            .carried
            .attendees
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        vec!["Dana Whitfield"],
        "known attendees are offered"
    );
    let mut second = second.meeting;
    let texts = |m: &Meeting| m.actions.iter().map(|a| a.text.clone()).collect::<Vec<_>>();
    assert_eq!(
        texts(&second),
        vec!["Share the upgrade runbook", "Ask the CSA about the renewal"]
    );
    assert_eq!(second.carried_from, vec![first.id.clone()]);
    assert_eq!(second.regular_meeting, first.regular_meeting);
    assert!(second.attendees.is_empty(), "offered, not added");
    // The runbook is shared, the runner question dropped, SSO followed up, one new item.
    second.start(at("2026-12-01T10:00:00+01:00"));
    second.actions[0].done = true;
    second
        .actions
        .push(action("Review the upgrade plan", "Alex"));
    second
        .parking_lot
        .retain(|p| p.text != "Runner autoscaling");
    second.parking_lot[0].done = true;
    second.end(at("2026-12-01T10:30:00+01:00"));
    store.save(&second).expect("saved");

    // 3. "  Acme, Inc. " brings forward only what is still open, once.
    let third = carry::prepare_new_meeting(
        &store,
        builtin("regular-sync"),
        "  Acme, Inc. ".into(),
        at("2026-12-08T10:00:00+01:00"),
    );
    assert!(third.unreadable.is_empty());
    assert_eq!(
        third
            .carried
            .meetings
            .iter()
            .map(|f| f.id.as_str())
            .collect::<Vec<_>>(),
        vec![first.id.as_str(), second.id.as_str()]
    );
    let third = third.meeting;
    assert_eq!(
        texts(&third),
        vec!["Ask the CSA about the renewal", "Review the upgrade plan"]
    );
    assert!(third.parking_lot.is_empty(), "{:?}", third.parking_lot);
    store.save(&third).expect("saved");

    // The binary's exports show it: the second meeting ticks off what it closed; the
    // third lists what is open, marked with where it came from, and nothing closed.
    let run = env.kickoff(&["export", &second.id]);
    run.assert_code(0);
    assert!(
        run.stdout.contains(
            "- [x] Share the upgrade runbook — **Dana** (due 2026-12-04) _(carried over from the Introductory meeting of 2026-11-23)_"
        ),
        "{}",
        run.describe()
    );
    let run = env.kickoff(&["export", &third.id]);
    run.assert_code(0);
    assert!(
        run.stdout.contains(
            "- [ ] Review the upgrade plan — **Alex** (due 2026-12-04) _(carried over from the Regular sync of 2026-12-01)_"
        ),
        "{}",
        run.describe()
    );
    for gone in [
        "Share the upgrade runbook",
        "Send the invite",
        "Runner autoscaling",
        "SSO set-up",
        "SOMEONE-ELSES",
        "renewal",
    ] {
        assert!(!run.stdout.contains(gone), "{gone}\n{}", run.describe());
    }
    let run = env.kickoff(&["export", "--internal", &third.id]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("Ask the CSA about the renewal"),
        "{}",
        run.describe()
    );
}

// Scheduling: the SOW window, slots for the regular meeting and its calendar file.

#[path = "common/tmux.rs"]
#[allow(dead_code)]
mod tmux;

use chrono::{NaiveDate, NaiveTime, Weekday};
use kickoff::core::cadence::Recurrence;
use kickoff::core::meeting::{Attendee, Cadence, Meeting};
use kickoff::core::slots::{Slot, WorkingHours};
use kickoff::core::zone::iana;

impl Env {
    /// Runs `kickoff ARGS` like [`Env::kickoff`], in `dir`, with `TZ` set to `tz`.
    fn kickoff_in(&self, dir: &Path, tz: &str, args: &[&str]) -> Run {
        let output = Command::new(BIN)
            .args(args)
            .current_dir(dir)
            .env("KICKOFF_DATA_DIR", self.data())
            .env("KICKOFF_CONFIG_DIR", self.config())
            .env("TZ", tz)
            .stdin(Stdio::null())
            .output()
            .expect("kickoff runs");
        Run::from(args, output)
    }

    /// Saves an introductory meeting with `account`, changed by `change`; returns its id.
    fn meeting(&self, account: &str, change: impl FnOnce(&mut Meeting)) -> String {
        use kickoff::core::{agenda, store::Store};
        let store = Store::open(&self.data()).expect("a session store");
        let now =
            chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").expect("a time");
        let agenda = agenda::builtin()
            .into_iter()
            .next()
            .expect("a built-in agenda");
        let id = store.new_id(account, &agenda.name, now);
        let mut meeting = Meeting::new(id.clone(), account.to_owned(), agenda, now);
        change(&mut meeting);
        store.save(&meeting).expect("the meeting is saved");
        id
    }

    /// Writes `config.yaml`.
    fn config_file(&self, text: &str) -> PathBuf {
        self.file("config/config.yaml", text)
    }
}

fn attendee(name: &str, time_zone: &str) -> Attendee {
    Attendee {
        name: name.into(),
        time_zone: time_zone.into(),
        ..Attendee::default()
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

#[test]
fn schedule_prints_the_sow_window_across_weekends_holidays_and_the_year_end() {
    let env = Env::new();
    // Thursday 24 December: the window runs over Christmas and New Year into January.
    let holidays = env.file(
        "holidays.txt",
        "# Germany\n2026-12-25 Christmas Day\n2026-12-26 Second day of Christmas # a Saturday\n\n2027-01-01 New Year's Day\n",
    );
    let run = env.kickoff(&[
        "schedule",
        "--sow-start",
        "2026-12-24",
        "--holidays",
        path_str(&holidays),
    ]);
    run.assert_code(0);
    for line in [
        "SOW start:           Thu 2026-12-24\n",
        "First business day:  Thu 2026-12-24  (hold the introductory meeting then)\n",
        "Last acceptable day: Mon 2027-01-04  (5 business days later)\n",
        "Acceptable days:     Thu 12-24, Mon 12-28, Tue 12-29, Wed 12-30, Thu 12-31, Mon 01-04\n",
        "Holidays skipped:    Fri 2026-12-25  Christmas Day\n",
        "                     Fri 2027-01-01  New Year's Day\n",
    ] {
        assert!(run.stdout.contains(line), "{line:?}\n{}", run.describe());
    }
    // The Saturday holiday is a weekend day anyway: not listed as skipped.
    assert!(!run.stdout.contains("Second day"), "{}", run.describe());
    assert!(run.stdout.contains("\nToday:  "), "{}", run.describe());

    // Without holidays, a SOW starting on a Saturday is met on Monday, and the last day is
    // the next Monday; the end of February is crossed.
    let run = env.kickoff(&["schedule", "--sow-start", "2027-02-27"]);
    run.assert_code(0);
    for line in [
        "First business day:  Mon 2027-03-01",
        "Last acceptable day: Mon 2027-03-08",
        "Holidays skipped:    none (no holiday list given)",
    ] {
        assert!(run.stdout.contains(line), "{line:?}\n{}", run.describe());
    }
}

#[test]
fn schedule_refuses_a_bad_date_or_holiday_file_saying_where() {
    let env = Env::new();
    for (date, says) in [
        ("2026-02-30", "February 2026 has no day 30"),
        ("2026-13-01", "there is no month 13"),
        ("24/12/2026", "expected a date as YYYY-MM-DD"),
        ("tomorrow", "expected a date as YYYY-MM-DD"),
    ] {
        let run = env.kickoff(&["schedule", "--sow-start", date]);
        run.assert_code(2);
        assert!(
            run.stderr.contains("--sow-start") && run.stderr.contains(says),
            "{}",
            run.describe()
        );
        assert!(run.stdout.is_empty(), "{}", run.describe());
    }
    let run = env.kickoff(&["schedule"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--sow-start"), "{}", run.describe());

    let bad = env.file("bad.txt", "2026-12-25 Christmas\n  2026-12-32 Nope\n");
    let run = env.kickoff(&[
        "schedule",
        "--sow-start",
        "2026-12-24",
        "--holidays",
        path_str(&bad),
    ]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!(
            "{}:2:3: 2026-12-32: December 2026 has no day 32",
            path_str(&bad)
        )),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());

    let missing = env.root.path().join("missing.txt");
    let run = env.kickoff(&[
        "schedule",
        "--sow-start",
        "2026-12-24",
        "--holidays",
        path_str(&missing),
    ]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains(&format!("{}:1:1: cannot read the file", path_str(&missing))),
        "{}",
        run.describe()
    );
}

#[test]
fn slots_say_plainly_when_the_zones_share_no_working_hours() {
    let env = Env::new();
    env.config_file("time_zone: Berlin\n");
    let id = env.meeting("Globex", |m| {
        m.attendees = vec![
            attendee("Kim", "Sydney"),
            attendee("Cy", "Chicago"),
            attendee("Mo", "Mars"),
        ];
    });
    let run = env.kickoff(&["slots", &id]);
    run.assert_code(0);
    for text in [
        "30-minute meeting, weekly, for 3 people; times in Europe/Berlin",
        "Left out: Mo: unknown time zone \"Mars\"",
        "These time zones share no working hours (You 09:00-17:00 in Europe/Berlin, \
         Kim 09:00-17:00 in Australia/Sydney, Cy 09:00-17:00 in America/Chicago).",
        "The best compromises, and who they leave outside:",
        "\n1. ",
        "\n5. ",
    ] {
        assert!(run.stdout.contains(text), "{text:?}\n{}", run.describe());
    }
    assert!(
        !run.stdout.contains("inside everyone's"),
        "{}",
        run.describe()
    );
    assert!(
        !run.stdout.contains("\n6. "),
        "five suggestions: {}",
        run.describe()
    );
}

#[test]
fn slots_keep_each_persons_working_hours_and_say_when_a_clock_change_ends_the_fit() {
    let env = Env::new();
    // CET is read as Berlin's time, daylight saving included.
    env.config_file("time_zone: CET\n");
    let id = env.meeting("Acme", |m| {
        let mut kim = attendee("Kim", "Sydney");
        kim.working_hours = Some(WorkingHours::parse("08:00-18:00").expect("hours"));
        m.attendees = vec![kim];
        m.regular_schedule = Some(Recurrence::new(
            Cadence::Weekly,
            Slot {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
            },
            &iana("Europe/Berlin"),
            30,
            day("2027-04-06"),
        ));
    });
    // From April, when Sydney has left daylight saving and Berlin has started it, to the
    // next April: every date is checked.
    let run = env.kickoff(&["slots", &id, "--from", "2027-04-05"]);
    run.assert_code(0);
    for text in [
        "times in Europe/Berlin; every date checked for 52 weeks from 2027-04-05.",
        "No slot fits everyone's working hours all year: the best ones fit only between \
         daylight-saving changes.",
        // 09:00 in Berlin is 17:00 in Sydney: inside Kim's hours (to 18:00), not the default.
        "Kim  Tue 17:00–17:30 AEST       inside working hours; outside on 26 of 52 dates",
        // Sydney starts daylight saving on Sunday 2027-10-03: the next Tuesday is outside.
        "From Tue 2027-10-05 (clocks changed in Australia/Sydney): Kim is outside: \
         Tue 18:00–18:30 AEDT, 30 min after working hours",
        "Agreed: Every week on Tuesday, 09:00–09:30 Europe/Berlin (30 minutes), from Tue 2027-04-06\n\
         Next: Tue 2027-04-06, Tue 2027-04-13, Tue 2027-04-20\n\
         Outside working hours for:\n\
         \x20 Kim: Tue 19:00–19:30 AEDT, 1 h 30 min after working hours (26 of 52 dates, from 2027-10-05)\n",
    ] {
        assert!(run.stdout.contains(text), "{text:?}\n{}", run.describe());
    }
}

#[test]
fn slots_name_the_meaning_picked_for_an_ambiguous_abbreviation() {
    let env = Env::new();
    env.config_file("time_zone: IST\n");
    let id = env.meeting("Acme", |m| m.attendees = vec![attendee("Cy", "CST")]);
    let run = env.kickoff(&["slots", &id]);
    run.assert_code(0);
    for text in [
        "times in Asia/Kolkata",
        "Your time_zone: IST read as India Standard Time (Asia/Kolkata); it can also mean \
         Irish Standard Time (Europe/Dublin) or Israel Standard Time (Asia/Jerusalem)",
        "Cy: CST read as",
        "(America/Chicago)",
    ] {
        assert!(run.stdout.contains(text), "{text:?}\n{}", run.describe());
    }
}

#[test]
fn slots_use_the_detected_zone_when_none_is_configured() {
    let env = Env::new();
    let id = env.meeting("Acme", |m| m.attendees = vec![attendee("Aki", "Osaka")]);
    let run = env.kickoff_in(env.root.path(), "Asia/Tokyo", &["slots", &id]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("for 2 people; times in Asia/Tokyo"),
        "{}",
        run.describe()
    );
}

#[test]
fn slots_refuse_an_unknown_session_and_a_bad_configured_zone() {
    let env = Env::new();
    let run = env.kickoff(&["slots", "2020-01-01-0900-nobody-introductory"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("no session `2020-01-01-0900-nobody-introductory`")
            && run.stderr.contains("kickoff sessions"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());

    let config = env.config_file("time_zone: Atlantis\n");
    let id = env.meeting("Acme", |m| m.attendees = vec![attendee("Aki", "Tokyo")]);
    let run = env.kickoff(&["slots", &id]);
    run.assert_code(1);
    assert!(
        run.stderr.contains(&format!(
            "{}:1:12: time_zone: unknown time zone \"Atlantis\"",
            path_str(&config)
        )),
        "{}",
        run.describe()
    );
}

/// Parses `file` with the independent iCalendar parser and returns the calendar.
fn read_ics(file: &str) -> icalendar::parser::Calendar<'static> {
    let unfolded = icalendar::parser::unfold(file);
    let leaked: &'static str = Box::leak(unfolded.into_boxed_str());
    icalendar::parser::read_calendar(leaked).expect("an iCalendar file")
}

#[test]
fn export_ics_writes_a_calendar_file_that_an_independent_parser_reads() {
    let env = Env::new();
    let id = env.meeting("Acme", |m| {
        m.attendees = vec![attendee("Dana", "Berlin")];
        m.regular_schedule = Some(Recurrence::new(
            Cadence::EveryOtherWeek,
            Slot {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(10, 0, 0).expect("a time"),
            },
            &iana("America/New_York"),
            45,
            day("2026-11-25"),
        ));
    });
    let cwd = env.root.path().join("work");
    fs::create_dir_all(&cwd).expect("a working directory");
    let run = env.kickoff_in(&cwd, "UTC", &["export", &id, "--format", "ics"]);
    run.assert_code(0);
    let path = cwd.join(format!("{id}.ics"));
    assert!(
        run.stderr.contains(&format!("{id}.ics")),
        "{}",
        run.describe()
    );
    let text = fs::read_to_string(&path).expect("the calendar file is written");
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let calendar = read_ics(&text);
    let component = |name: &str| {
        calendar
            .components
            .iter()
            .find(|c| c.name.as_str() == name)
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
    };
    let event = component("VEVENT");
    let zone = component("VTIMEZONE");
    let value = |c: &icalendar::parser::Component<'_>, name: &str| {
        c.find_prop(name)
            .map(|p| p.val.as_str().to_owned())
            .unwrap_or_else(|| panic!("no {name} in\n{text}"))
    };
    assert_eq!(value(event, "UID"), format!("{id}-regular@kickoff"));
    assert!(value(event, "DTSTAMP").ends_with('Z'), "{text}");
    let rrule = value(event, "RRULE");
    for part in ["FREQ=WEEKLY", "INTERVAL=2", "BYDAY=TU"] {
        assert!(rrule.contains(part), "{rrule}");
    }
    // The first Tuesday on or after 2026-11-25, at 10:00 in New York.
    assert_eq!(value(event, "DTSTART"), "20261201T100000");
    let tzid = event
        .find_prop("DTSTART")
        .and_then(|p| p.params.iter().find(|p| p.key.as_str() == "TZID"))
        .and_then(|p| p.val.as_ref().map(|v| v.as_str().to_owned()));
    assert_eq!(tzid.as_deref(), Some("America/New_York"));
    assert_eq!(value(zone, "TZID"), "America/New_York");
    assert!(
        zone.components
            .iter()
            .any(|c| c.name.as_str() == "DAYLIGHT")
            && zone
                .components
                .iter()
                .any(|c| c.name.as_str() == "STANDARD"),
        "{text}"
    );

    // -o names the file.
    let named = env.root.path().join("acme-sync.ics");
    let run = env.kickoff(&["export", &id, "--format", "ics", "-o", path_str(&named)]);
    run.assert_code(0);
    assert_eq!(
        read_ics(&fs::read_to_string(&named).expect("written"))
            .components
            .len(),
        2
    );
}

#[test]
fn export_ics_without_an_agreed_cadence_says_so_and_writes_nothing() {
    let env = Env::new();
    let id = env.meeting("Acme", |_| {});
    let cwd = env.root.path().join("work");
    fs::create_dir_all(&cwd).expect("a working directory");
    let run = env.kickoff_in(&cwd, "UTC", &["export", &id, "--format", "ics"]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("no regular meeting has been scheduled in this session yet"),
        "{}",
        run.describe()
    );
    assert_eq!(fs::read_dir(&cwd).expect("listed").count(), 0);
    let run = env.kickoff(&["export", &id, "--format", "pdf"]);
    run.assert_code(2);
    assert!(run.stderr.contains("ics"), "{}", run.describe());
}

#[test]
fn run_records_the_sow_start_on_the_new_meeting() {
    let env = Env::new();
    let run = env.kickoff(&["run", "--account", "Acme", "--sow-start", "2026-02-30"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("February 2026 has no day 30"),
        "{}",
        run.describe()
    );

    let dirs = tmux::Dirs::new();
    let screen = tmux::Tmux::start(
        &dirs,
        100,
        30,
        &["run", "--account", "Acme", "--sow-start", "2026-12-24"],
    );
    let start = std::time::Instant::now();
    let saved = loop {
        if let Some(text) = dirs
            .sessions()
            .iter()
            .filter_map(|file| fs::read_to_string(file).ok())
            .find(|text| text.contains("account:"))
        {
            break text;
        }
        assert!(
            start.elapsed() < tmux::TIMEOUT,
            "no session file was saved within {:?}; the screen shows:\n{}",
            tmux::TIMEOUT,
            screen.screen()
        );
        std::thread::sleep(tmux::POLL);
    };
    assert!(saved.contains("sow_start: 2026-12-24"), "{saved}");
}

#[test]
fn resume_offers_an_emergency_copy_newer_than_its_session_file() {
    let env = Env::new();
    let store = kickoff::core::store::Store::open(&env.data()).expect("a store");
    let mut m = kickoff::core::sample::typical_meeting(
        chrono::DateTime::parse_from_rfc3339("2026-11-23T14:32:00+01:00").expect("a time"),
    );
    m.id = "2026-11-23-1400-acme-introductory".into();
    store.save(&m).expect("the session file");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(store.path_of(&m.id))
        .and_then(|f| f.set_modified(old))
        .expect("an older session file");
    // The emergency save put the newest words into the working directory.
    let cwd = env.data().join("cwd");
    fs::create_dir(&cwd).expect("a working directory");
    m.set_current_notes("typed after the disk filled");
    let copy = store
        .rescue(&m, std::slice::from_ref(&cwd))
        .expect("a rescue copy");
    let run = |args: &[&str]| {
        let output = Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", env.data())
            .env("KICKOFF_CONFIG_DIR", env.config())
            .env("HOME", env.data().join("home"))
            .env("TMPDIR", env.data().join("tmp"))
            .current_dir(&cwd)
            .stdin(Stdio::null())
            .output()
            .expect("kickoff runs");
        Run::from(args, output)
    };
    for args in [&["resume"][..], &["resume", m.id.as_str()]] {
        let resumed = run(args);
        // No terminal here: it stops after choosing what to open.
        resumed.assert_code(1);
        assert!(
            resumed.stderr.contains("found an emergency copy")
                && resumed.stderr.contains(&copy.display().to_string()),
            "{}",
            resumed.describe()
        );
    }
}

#[test]
fn joining_removes_copies_of_meetings_kept_longer_than_the_configured_days() {
    use kickoff::core::{sample, store::Store};
    let env = Env::new();
    let copies = Store::open(&env.data().join("joined")).expect("the copies' folder");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:40:00+01:00").expect("a time");
    let mut old = sample::typical_meeting(now);
    old.id = "2026-11-02-1400-acme-corp-introductory".into();
    let mut recent = sample::typical_meeting(now);
    recent.id = "2026-11-23-1400-globex-introductory".into();
    let old_path = copies.save(&old).expect("saved");
    let recent_path = copies.save(&recent).expect("saved");
    let ten_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(10 * 86_400);
    fs::File::options()
        .write(true)
        .open(&old_path)
        .and_then(|f| f.set_modified(ten_days_ago))
        .expect("an old copy");
    env.file("config/config.yaml", "joined_copy_days: 7\n");
    // Without a terminal the join itself fails, after the old copy is gone.
    let run = env.kickoff(&["join"]);
    assert_ne!(run.code, Some(0), "{}", run.describe());
    assert!(
        run.stdout
            .contains("Removed your copy of 2026-11-02-1400-acme-corp-introductory"),
        "{}",
        run.describe()
    );
    assert!(!old_path.exists());
    assert!(recent_path.exists(), "a copy within its days is kept");
    // With more days configured, nothing goes.
    fs::File::options()
        .write(true)
        .open(&recent_path)
        .and_then(|f| f.set_modified(ten_days_ago))
        .expect("an older copy");
    env.file("config/config.yaml", "joined_copy_days: 30\n");
    let run = env.kickoff(&["join"]);
    assert!(!run.stdout.contains("Removed"), "{}", run.describe());
    assert!(recent_path.exists());
}
