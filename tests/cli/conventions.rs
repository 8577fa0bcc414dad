//! The conventions people expect from a command-line tool: help and version, shell
//! completions, a manual page, `kickoff config`, NO_COLOR, exit codes with errors on
//! standard error, README command lines that parse and run, and keys named in the README
//! and the guides that the key tables bind.
//!
//! The list of commands comes from the clap definition itself (`src/cli.rs`, compiled into
//! this test too), so a new command is covered without touching these tests.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use clap::FromArgMatches;

use super::{BIN, Env, Run, path_str};

#[allow(dead_code)]
#[path = "../../src/cli.rs"]
mod cli;

/// The name and one-line summary of every command, from the clap definition.
fn commands() -> Vec<(String, String)> {
    let commands: Vec<_> = cli::command(true)
        .get_subcommands()
        .map(|c| {
            let about = c.get_about().map(ToString::to_string).unwrap_or_default();
            (c.get_name().to_owned(), about)
        })
        .collect();
    assert!(commands.len() >= 11, "{commands:?}");
    commands
}

impl Env {
    /// Runs `kickoff ARGS` in this environment with `vars` set and every colour variable
    /// of the test's own environment removed.
    fn kickoff_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Run {
        let mut command = Command::new(BIN);
        command
            .args(args)
            .env("KICKOFF_DATA_DIR", self.data())
            .env("KICKOFF_CONFIG_DIR", self.config())
            .stdin(Stdio::null());
        for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
            command.env_remove(var);
        }
        command.envs(vars.iter().copied());
        Run::from(args, command.output().expect("kickoff runs"))
    }
}

// ---------------------------------------------------------------------------------------
// --help and --version
// ---------------------------------------------------------------------------------------

#[test]
fn every_command_has_a_one_line_summary_and_a_help_of_its_own() {
    let env = Env::new();
    for (name, about) in commands() {
        assert!(
            !about.is_empty() && !about.contains('\n') && about.chars().count() <= 72,
            "`kickoff {name}` needs a one-line summary of at most 72 characters: {about:?}"
        );
        let run = env.kickoff(&[&name, "--help"]);
        run.assert_code(0);
        assert!(
            run.stdout.contains(&format!("Usage: kickoff {name}"))
                && run.stdout.contains(about.trim_end_matches('.')),
            "{}",
            run.describe()
        );
        assert!(run.stderr.is_empty(), "{}", run.describe());
    }
}

#[test]
fn help_ends_with_examples_exit_status_and_environment() {
    let run = Env::new().kickoff(&["--help"]);
    run.assert_code(0);
    for text in [
        "Examples:",
        "kickoff completions bash",
        "Exit status:",
        "  0      the command did what was asked",
        "  1      it failed; the reason is on standard error",
        "  2      a usage error",
        "Environment:",
        "NO_COLOR",
    ] {
        assert!(run.stdout.contains(text), "{text:?}\n{}", run.describe());
    }
    for (name, _) in commands() {
        assert!(
            run.stdout.contains(&format!("\n  {name} ")),
            "{name}\n{}",
            run.describe()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Completions and the manual page
// ---------------------------------------------------------------------------------------

#[test]
fn completions_for_bash_zsh_and_fish_name_every_command() {
    let env = Env::new();
    // What marks each shell's script, and how it offers a command name.
    type Offer = fn(&str) -> String;
    let shells: [(&str, &str, Offer); 3] = [
        ("bash", "complete -F _kickoff", |name| {
            format!("kickoff,{name})")
        }),
        ("zsh", "#compdef kickoff", |name| format!("'{name}:")),
        ("fish", "complete -c kickoff", |name| {
            format!("-a \"{name}\"")
        }),
    ];
    for (shell, marker, offer) in shells {
        let run = env.kickoff(&["completions", shell]);
        run.assert_code(0);
        assert!(run.stderr.is_empty(), "{}", run.describe());
        assert!(run.stdout.contains(marker), "{}", run.describe());
        for (name, _) in commands() {
            assert!(
                run.stdout.contains(&offer(&name)),
                "{shell} completions do not offer {name}"
            );
        }
    }
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let env = Env::new();
    let run = env.kickoff(&["completions", "bash"]);
    run.assert_code(0);
    let script = env.file("kickoff.bash", &run.stdout);
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs (the test needs bash)");
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    // The check can fail: a script cut short is refused.
    let broken = env.file("broken.bash", &run.stdout[..run.stdout.len() / 2]);
    let check = Command::new("bash")
        .arg("-n")
        .arg(&broken)
        .output()
        .expect("bash runs");
    assert!(!check.status.success(), "half a script passed bash -n");
}

#[test]
fn the_manual_page_is_roff_naming_every_command_and_the_exit_status() {
    let run = Env::new().kickoff(&["man"]);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.describe());
    let page = &run.stdout;
    assert!(page.contains(".TH kickoff 1"), "{page}");
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS", "EXAMPLES"] {
        assert!(
            page.contains(&format!(".SH {section}\n")),
            "{section}: {page}"
        );
    }
    assert!(page.contains(".SH \"EXIT STATUS\"\n.nf\n0 "), "{page}");
    for (name, _) in commands() {
        // roff escapes the hyphen.
        assert!(
            page.contains(&format!("kickoff\\-{name}(1)")),
            "{name}: {page}"
        );
    }
}

#[test]
fn man_with_a_directory_writes_a_page_per_command() {
    let env = Env::new();
    let dir = env.root.path().join("man/man1");
    let run = env.kickoff(&["man", "-o", path_str(&dir)]);
    run.assert_code(0);
    let mut expected = vec!["kickoff.1".to_owned()];
    expected.extend(
        commands()
            .into_iter()
            .map(|(n, _)| format!("kickoff-{n}.1")),
    );
    for file in &expected {
        let page = fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(page.contains(".TH kickoff"), "{file}: {page}");
        assert!(run.stdout.contains(file.as_str()), "{}", run.describe());
    }
    let written = fs::read_dir(&dir).expect("the man directory").count();
    assert_eq!(written, expected.len(), "{}", run.describe());
    let config = fs::read_to_string(dir.join("kickoff-config.1")).expect("the config page");
    assert!(config.contains("\\-\\-init"), "{config}");
}

// ---------------------------------------------------------------------------------------
// kickoff config
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .expect("the file exists")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn config_shows_the_path_and_whether_the_file_exists() {
    let env = Env::new();
    let path = env.config().join("config.yaml");
    let run = env.kickoff(&["config"]);
    run.assert_code(0);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some(path_str(&path)), "{}", run.describe());
    assert!(
        lines
            .next()
            .is_some_and(|l| l.contains("does not exist") && l.contains("kickoff config --init")),
        "{}",
        run.describe()
    );
    assert!(!path.exists(), "only --init writes the file");

    let other = env.root.path().join("elsewhere");
    let run = env.kickoff(&["config", "--config-dir", path_str(&other)]);
    run.assert_code(0);
    assert!(
        run.stdout.starts_with(path_str(&other.join("config.yaml"))),
        "the flag wins: {}",
        run.describe()
    );
}

#[test]
fn config_init_writes_the_commented_defaults_privately_and_the_app_reads_them_back() {
    use kickoff::core::config::{self, Config};
    let env = Env::new();
    let path = env.config().join("config.yaml");
    let run = env.kickoff(&["config", "--init"]);
    run.assert_code(0);
    assert!(run.stdout.contains(path_str(&path)), "{}", run.describe());
    let text = fs::read_to_string(&path).expect("the config file");
    assert_eq!(config::load_file(&path), Ok(Config::default()));
    for setting in [
        "enabled:",
        "sensitivity:",
        "extra_phrases:",
        "troubleshooting:",
        "labeling:",
        "ignore_phrases:",
        "references:",
    ] {
        assert!(text.contains(setting), "{setting}\n{text}");
    }
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);

    let run = env.kickoff(&["config"]);
    run.assert_code(0);
    assert!(run.stdout.contains("exists"), "{}", run.describe());

    // The app itself starts from it: a command that loads the config succeeds.
    let notes = env.file("notes.txt", "ERROR: Job failed: exit code 1\n");
    env.kickoff(&["scan", path_str(&notes)]).assert_code(0);
}

#[test]
fn config_init_never_replaces_a_file_without_force() {
    let env = Env::new();
    let mine = "references: true\n";
    let path = env.file("config/config.yaml", mine);
    let run = env.kickoff(&["config", "--init"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("already exists") && run.stderr.contains("--force"),
        "{}",
        run.describe()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());
    assert_eq!(fs::read_to_string(&path).expect("the file"), mine);

    let run = env.kickoff(&["config", "--force"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--init"), "{}", run.describe());
    assert_eq!(fs::read_to_string(&path).expect("the file"), mine);

    let run = env.kickoff(&["config", "--init", "--force"]);
    run.assert_code(0);
    assert_eq!(
        fs::read_to_string(&path).expect("the file"),
        kickoff::core::config::DEFAULT_FILE
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn config_reports_a_broken_file_with_its_line_and_column() {
    let env = Env::new();
    env.file("config/config.yaml", "drift:\n  sensitivty: high\n");
    let run = env.kickoff(&["config"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("config.yaml:2:3:") && run.stderr.contains("sensitivty"),
        "{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------
// NO_COLOR
// ---------------------------------------------------------------------------------------

fn coloured(run: &Run) -> bool {
    run.stdout.contains('\u{1b}') || run.stderr.contains('\u{1b}')
}

#[test]
fn no_color_turns_off_every_colour_even_when_colour_is_forced() {
    let env = Env::new();
    let force = ("CLICOLOR_FORCE", "1");
    // Without NO_COLOR, forced colour shows: the check below can see colours.
    for args in [&["--help"][..], &["--no-such-option"]] {
        let run = env.kickoff_with(args, &[force]);
        assert!(coloured(&run), "{}", run.describe());
    }
    // An empty NO_COLOR is as if it were not set.
    let run = env.kickoff_with(&["--help"], &[force, ("NO_COLOR", "")]);
    assert!(coloured(&run), "{}", run.describe());

    let good = env.file("good.yaml", super::GOOD);
    let bad = env.file("misspelt.yaml", super::MISSPELT);
    let notes = env.file("notes.txt", "ERROR: Job failed: exit code 1\n");
    let runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["-h"],
        vec!["--version"],
        vec!["run", "--help"],
        vec!["--no-such-option"],
        vec!["export"],
        vec!["agendas"],
        vec!["sessions"],
        vec!["config"],
        vec!["check", path_str(&good), path_str(&bad)],
        vec!["scan", path_str(&notes)],
        vec!["export", "no-such-session"],
        vec!["completions", "bash"],
        vec!["man"],
    ];
    for args in runs {
        for value in ["1", "0"] {
            let run = env.kickoff_with(&args, &[force, ("NO_COLOR", value)]);
            run.assert_no_panic();
            assert!(!coloured(&run), "NO_COLOR={value}: {}", run.describe());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Exit codes, standard error and standard output
// ---------------------------------------------------------------------------------------

/// Asserts a run failed with `code`, said why on standard error and printed nothing on
/// standard output.
fn assert_failed(run: &Run, code: i32) {
    run.assert_code(code);
    assert!(
        run.stdout.is_empty() && !run.stderr.trim().is_empty(),
        "errors go to standard error, nothing to standard output: {}",
        run.describe()
    );
}

#[test]
fn a_usage_error_in_any_command_exits_2_with_the_message_on_stderr() {
    let env = Env::new();
    for (name, _) in commands() {
        let run = env.kickoff(&[&name, "--no-such-option"]);
        assert_failed(&run, 2);
        assert!(
            run.stderr.contains("--no-such-option") && run.stderr.contains("Usage:"),
            "{}",
            run.describe()
        );
    }
    assert_failed(&env.kickoff(&["no-such-command"]), 2);
    assert_failed(&env.kickoff(&["--data-dir"]), 2);
}

#[test]
fn a_bad_argument_value_fails_with_the_reason_on_stderr() {
    let env = Env::new();
    let missing = env.root.path().join("missing.yaml");
    let missing = path_str(&missing);
    let a_file = env.file("a-file", "not a directory\n");
    let cases: [(&[&str], i32); 16] = [
        (&["run", "no-such-agenda", "--account", "Acme"], 1),
        (&["run", "--account"], 2),
        (&["resume", "no-such-session"], 1),
        (&["resume", "a", "b"], 2),
        (&["agendas", "extra"], 2),
        (&["check", missing], 1),
        (&["check"], 2),
        (&["sessions", "extra"], 2),
        (&["scan", missing], 1),
        (&["scan", "--format", "yaml"], 2),
        (&["export", "no-such-session"], 1),
        (&["followup", "no-such-session"], 1),
        (&["completions", "no-such-shell"], 2),
        (&["man", "-o", path_str(&a_file)], 1),
        (&["config", "--force"], 2),
        (&["config", "--config-dir", path_str(&a_file), "--init"], 1),
    ];
    for (args, code) in cases {
        assert_failed(&env.kickoff(args), code);
    }
}

// ---------------------------------------------------------------------------------------
// README command lines
// ---------------------------------------------------------------------------------------

fn readme() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md")
}

/// The words of a shell command line up to a comment, pipe or redirection, with quotes
/// removed (enough for the command lines a README shows).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, '#') if word.is_none() => break,
            (None, '|' | '>' | '<' | ';' | '&') => break,
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line:?}");
    words.extend(word);
    words
}

/// The arguments of every `$ kickoff …` and `$ cargo run --release [-- …]` line in the
/// README's console blocks, with the line they come from.
fn readme_command_lines() -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let mut in_console = false;
    for line in readme().lines() {
        if line.starts_with("```") {
            in_console = line.trim() == "```console";
            continue;
        }
        let Some(command) = line.strip_prefix("$ ").filter(|_| in_console) else {
            continue;
        };
        let words = shell_words(command);
        let args = match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["kickoff", ..] => words[1..].to_vec(),
            ["cargo", "run", "--release"] => Vec::new(),
            ["cargo", "run", "--release", "--", ..] => words[4..].to_vec(),
            _ => continue,
        };
        found.push((line.to_owned(), args));
    }
    found
}

#[test]
fn every_command_line_in_the_readme_parses() {
    let lines = readme_command_lines();
    assert!(lines.len() >= 8, "{lines:?}");
    for (line, args) in &lines {
        let parsed = cli::command(true)
            .try_get_matches_from(std::iter::once("kickoff").chain(args.iter().map(String::as_str)))
            .and_then(|m| cli::Cli::from_arg_matches(&m));
        if let Err(e) = parsed {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            assert!(
                matches!(e.kind(), DisplayHelp | DisplayVersion),
                "README: {line}\n{e}"
            );
        }
    }
    // The check can fail.
    let bad = shell_words("kickoff export --no-such-option x # comment");
    assert_eq!(bad, ["kickoff", "export", "--no-such-option", "x"]);
    assert!(cli::command(true).try_get_matches_from(&bad).is_err());
}

#[test]
fn shell_words_stop_at_comments_pipes_and_redirections() {
    assert_eq!(
        shell_words(r#"kickoff run --account "Acme Corp"   # a comment"#),
        ["kickoff", "run", "--account", "Acme Corp"]
    );
    assert_eq!(
        shell_words("kickoff completions bash > ~/.bash_completion"),
        ["kickoff", "completions", "bash"]
    );
    assert_eq!(shell_words("kickoff man | man -l -"), ["kickoff", "man"]);
    assert_eq!(shell_words("kickoff scan ''"), ["kickoff", "scan", ""]);
    assert_eq!(shell_words("kickoff scan a#b"), ["kickoff", "scan", "a#b"]);
}

#[test]
fn the_readme_command_line_section_names_every_command() {
    let readme = readme();
    let section = readme
        .split("\n## Command line\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Command line section");
    for (name, _) in commands() {
        assert!(
            section.contains(&format!("\n  {name} ")) || section.contains(&format!("\n  {name}\n")),
            "README's command-line section does not list `{name}`"
        );
    }
}

#[test]
fn every_command_in_the_readme_that_needs_no_terminal_runs() {
    use kickoff::core::{sample, store::Store};
    let env = Env::new();
    // The meeting the README's examples name, and the agenda file it checks.
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:40:00+01:00").expect("a time");
    let meeting = sample::typical_meeting(now);
    assert_eq!(meeting.id, "2026-11-23-1400-acme-corp-introductory");
    Store::open(&env.data())
        .and_then(|store| store.save(&meeting))
        .expect("the README's meeting is saved");
    let agenda =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("agendas/regular-sync.yaml"))
            .expect("a built-in agenda")
            .replace("name: regular-sync", "name: my-agenda");
    let dir = env.file("cwd/my-agenda.yaml", &agenda);
    let dir = dir.parent().expect("the working directory");
    fs::create_dir_all(dir.join("exports")).expect("the exports folder the README names");

    let mut ran = Vec::new();
    for (line, args) in readme_command_lines() {
        // The meeting screen needs a terminal, and a seat a running meeting: the
        // end-to-end tests run them.
        if matches!(
            args.first().map(String::as_str),
            None | Some("run" | "resume" | "join" | "invite")
        ) {
            continue;
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = env.kickoff_in(dir, "Europe/Berlin", &args);
        assert_eq!(run.code, Some(0), "README: {line}\n{}", run.describe());
        run.assert_no_panic();
        ran.push(args[0].to_owned());
    }
    for command in [
        "export",
        "followup",
        "scan",
        "check",
        "config",
        "completions",
        "man",
    ] {
        assert!(
            ran.iter().any(|c| c == command),
            "the README shows no `kickoff {command}`: {ran:?}"
        );
    }
    assert!(
        dir.join("notes.md").is_file(),
        "`kickoff export … -o notes.md` wrote nothing"
    );
}

/// Every key the README and the guides name (`^N`, `^Space`, `Alt-1..9`, ...) as the
/// footer and help write them.
fn key_mentions(text: &str) -> Vec<String> {
    const NAMED: [&str; 9] = [
        "Space",
        "Home",
        "End",
        "Backspace",
        "1..9",
        "←",
        "→",
        "↑",
        "↓",
    ];
    let mut found = Vec::new();
    for (i, _) in text.match_indices(['^', 'A']) {
        let (prefix, rest) = if text[i..].starts_with('^') {
            ("^", &text[i + 1..])
        } else if let Some(rest) = text[i..].strip_prefix("Alt-") {
            ("Alt-", rest)
        } else {
            continue;
        };
        let name = NAMED
            .iter()
            .find(|n| rest.starts_with(**n))
            .map(|n| (*n).to_owned())
            .or_else(|| {
                let c = rest.chars().next()?;
                let next = rest.chars().nth(1);
                let alone = next.is_none_or(|n| !n.is_alphanumeric());
                let key = if prefix == "^" {
                    c.is_ascii_uppercase() || c == '@'
                } else {
                    c.is_ascii_alphanumeric()
                };
                (key && alone).then(|| c.to_string())
            });
        found.extend(name.map(|name| format!("{prefix}{name}")));
    }
    found
}

#[test]
fn every_key_the_readme_and_the_guides_name_is_in_the_key_tables() {
    use kickoff::tui::keymap::{FORM, GLOBAL, LIST, NOTES, START, short_name};
    let mut bound: Vec<String> = Vec::new();
    bound.extend(
        GLOBAL
            .iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p))),
    );
    bound.extend(
        NOTES
            .iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p))),
    );
    bound.extend(
        LIST.iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p))),
    );
    bound.extend(
        FORM.iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p))),
    );
    bound.extend(
        START
            .iter()
            .flat_map(|b| b.keys.iter().map(|p| short_name(*p))),
    );
    // `Alt-1..9` binds each of Alt-1 to Alt-9.
    if bound.iter().any(|k| k == "Alt-1..9") {
        bound.extend((1..=9).map(|d| format!("Alt-{d}")));
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "README.md",
        "docs/guide-ase.md",
        "docs/guide-note-taker.md",
        "docs/agenda-format.md",
    ] {
        let text = fs::read_to_string(root.join(file)).expect("the page");
        let keys = key_mentions(&text);
        assert!(
            !keys.is_empty() || file.ends_with("agenda-format.md"),
            "{file} names no key"
        );
        for key in keys {
            assert!(
                bound.contains(&key),
                "{file} names {key}, which no key table binds"
            );
        }
    }
    // The check can fail, and reads what the pages write.
    assert_eq!(
        key_mentions("^N next, ^Space or ^@, Alt-1..9, ^← and Alt-b; not ^name or x^2"),
        ["^N", "^Space", "^@", "Alt-1..9", "^←", "Alt-b"]
    );
    assert!(!bound.contains(&"^V".to_owned()));
}
