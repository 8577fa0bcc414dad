//! `kickoff scan` through the real binary, with private data and config directories.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

struct Env {
    data: tempfile::TempDir,
    config: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Env {
            data: tempfile::tempdir().expect("temp dir"),
            config: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn config_file(&self, text: &str) {
        std::fs::write(self.config.path().join("config.yaml"), text).expect("write config");
    }

    fn notes(&self, text: &str) -> std::path::PathBuf {
        let path = self.data.path().join("notes.txt");
        std::fs::write(&path, text).expect("write notes");
        path
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kickoff"))
            .args(args)
            .env("KICKOFF_DATA_DIR", self.data.path())
            .env("KICKOFF_CONFIG_DIR", self.config.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run kickoff");
        if let Some(mut pipe) = child.stdin.take() {
            // The binary may exit before reading (a broken config): that is not a failure.
            let _ = pipe.write_all(stdin.unwrap_or("").as_bytes());
        }
        child.wait_with_output().expect("wait for kickoff")
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NOTES: &str = "Marcus, platform lead, Berlin (CET)\n\
job 1234 fails with exit code 137\n\
Our pipelines are slow and we want to improve them\n\
\n\
She is our Kubernetes expert\n\
after upgrading to 17.2 the runner can't register\r\n";

#[test]
fn text_output_names_line_column_kind_words_and_reason() {
    let env = Env::new();
    let path = env.notes(NOTES);
    let out = env.run(&["scan", path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with("2:21: troubleshooting: \"exit code 137\""),
        "{text}"
    );
    assert!(lines[0].ends_with("(an error message)"), "{text}");
    assert!(
        lines[1].starts_with("5:1: labeling: \"She is our Kubernetes expert\""),
        "{text}"
    );
    assert!(lines[2].starts_with("6:1: troubleshooting: "), "{text}");
    assert!(!text.contains('\r'), "{text:?}");
}

#[test]
fn json_lines_one_object_per_flagged_line() {
    let env = Env::new();
    let out = env.run(&["scan", "--format", "json", "-"], Some(NOTES));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(
        lines[0],
        "{\"line\":2,\"column\":21,\"kind\":\"troubleshooting\",\"matched\":\"exit code 137\",\
         \"reason\":\"an error message\",\"text\":\"job 1234 fails with exit code 137\"}"
    );
    assert!(lines[1].contains("\"kind\":\"labeling\""), "{text}");
    for line in lines {
        assert!(
            line.starts_with("{\"line\":") && line.ends_with('}'),
            "{line}"
        );
    }
}

#[test]
fn standard_input_is_the_default_and_json_escapes_hostile_text() {
    let env = Env::new();
    let hostile = "ERROR: \"quoted\" \\ back\tslash\u{7} \u{1b}[31m\n";
    let out = env.run(&["scan", "--format", "json"], Some(hostile));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(
        text.contains("ERROR: \\\"quoted\\\" \\\\ back\\tslash\\u0007 \\u001b[31m"),
        "{text}"
    );

    let out = env.run(&["scan"], Some(hostile));
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.starts_with("1:"), "{text}");
}

#[test]
fn clean_notes_print_nothing_and_exit_zero() {
    let env = Env::new();
    let out = env.run(
        &["scan", "-"],
        Some("We chose GitLab to consolidate tools\nWeekly on Tuesdays\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
}

#[test]
fn unreadable_input_exits_one_naming_the_path() {
    let env = Env::new();
    let missing = env.data.path().join("no-such-notes.txt");
    let out = env.run(&["scan", missing.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read") && err.contains("no-such-notes.txt"),
        "{err}"
    );

    let out = env.run(
        &["scan", env.data.path().to_str().expect("utf-8 path")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("directory"), "{}", stderr(&out));
}

#[test]
fn not_utf8_input_is_scanned_lossily() {
    let env = Env::new();
    let path = env.data.path().join("latin1.txt");
    std::fs::write(&path, b"caf\xe9 talk\nERROR: boom\n").expect("write");
    let out = env.run(&["scan", path.to_str().expect("utf-8 path")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("2:1: troubleshooting"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_config_file_tunes_the_scan() {
    let env = Env::new();
    env.config_file(
        "drift:\n  extra_phrases:\n    troubleshooting: [\"canary flip\"]\n  \
         ignore_phrases: [\"exit code\", \"job ? fails\"]\n",
    );
    let notes = "we did a canary flip twice\njob 1234 fails with exit code 137\n";
    let out = env.run(&["scan", "-"], Some(notes));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("1:10: troubleshooting: \"canary flip\""),
        "{text}"
    );
    assert_eq!(text.lines().count(), 1, "{text}");

    env.config_file("drift:\n  enabled: false\n");
    let out = env.run(&["scan", "-"], Some(notes));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_broken_config_is_a_located_error_not_a_panic() {
    let env = Env::new();
    env.config_file("drift:\n  sensitivity: loud\n");
    let out = env.run(&["scan", "-"], Some("ERROR: boom\n"));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let file = Path::new(&env.config.path().join("config.yaml"))
        .display()
        .to_string();
    assert!(err.contains(&format!("{file}:2:")), "{err}");
    assert!(err.contains("loud"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn json_escapes_what_a_terminal_acts_on_and_reads_back_as_the_same_text() {
    let env = Env::new();
    let line = "ERROR: boom \u{9b}31m \u{202e}ti\u{202c}\u{2028}next\u{7f} \u{1b}]0;pwned\u{7}";
    let out = env.run(&["scan", "--format", "json"], Some(&format!("{line}\n")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text:?}");
    for raw in [
        '\u{9b}', '\u{202e}', '\u{202c}', '\u{2028}', '\u{7f}', '\u{1b}', '\u{7}',
    ] {
        assert!(!text.contains(raw), "{raw:?} unescaped in {text:?}");
    }
    for escaped in [
        "\\u009b", "\\u202e", "\\u2028", "\\u007f", "\\u001b", "\\u0007",
    ] {
        assert!(text.contains(escaped), "no {escaped} in {text}");
    }
    let record: serde_json::Value = serde_json::from_str(text.trim_end()).expect("valid JSON");
    assert_eq!(record["text"], line);
    assert_eq!(record["line"], 1);
    assert_eq!(record["column"], 1);
    assert_eq!(record["kind"], "troubleshooting");

    let out = env.run(&["scan"], Some(&format!("{line}\n")));
    let text = stdout(&out);
    for raw in ['\u{9b}', '\u{202e}', '\u{7f}', '\u{1b}', '\u{7}'] {
        assert!(
            !text.contains(raw),
            "{raw:?} reached the terminal: {text:?}"
        );
    }
    assert!(text.starts_with("1:1: troubleshooting: \"ERROR"), "{text}");
}

/// A long input is read in batches and each batch split between threads: its records
/// are those of its notes scanned alone, in line order, numbered from the input's start,
/// from a file and from standard input alike.
#[test]
fn a_long_input_gives_every_record_in_line_order() {
    let env = Env::new();
    let block = format!("{NOTES}a quiet line about the agenda\n");
    let lines_per_block = block.lines().count();
    let alone = stdout(&env.run(&["scan", env.notes(&block).to_str().expect("utf-8")], None));
    assert!(alone.lines().count() >= 3, "{alone}");
    let blocks = 17_000 / lines_per_block + 1;
    let mut expected = String::new();
    for b in 0..blocks {
        for record in alone.lines() {
            let (number, rest) = record.split_once(':').expect("line:column: ...");
            let number: usize = number.parse().expect("a line number");
            expected.push_str(&format!("{}:{rest}\n", number + b * lines_per_block));
        }
    }
    let long = block.repeat(blocks);
    let file = env.notes(&long);
    let from_file = env.run(&["scan", file.to_str().expect("utf-8")], None);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    assert!(
        stdout(&from_file) == expected,
        "records differ from the file"
    );
    let from_stdin = env.run(&["scan"], Some(&long));
    assert!(
        stdout(&from_stdin) == expected,
        "records differ from standard input"
    );
}

#[test]
fn a_troubleshooting_line_that_labels_someone_gives_the_label_a_second_record() {
    let env = Env::new();
    let notes = "agenda: intros\nDana = Vault guru, still 403 on the unseal call\n";
    let out = env.run(&["scan", "-"], Some(notes));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "2:20: troubleshooting: \"still 403\" (an HTTP error status)",
            "2:1: labeling: \"Dana = Vault guru\" (labels a person as the expert)",
        ],
        "{text}"
    );
    let out = env.run(&["scan", "--format", "json", "-"], Some(notes));
    let kinds: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let record: serde_json::Value = serde_json::from_str(l).expect("a JSON record");
            assert_eq!(record["line"], 2, "{l}");
            record["kind"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(kinds, ["troubleshooting", "labeling"]);
}

/// A plain step of a troubleshooting thread is flagged after the note that opened it,
/// wherever the file is split between cores or read in batches, and blank lines between
/// them do not break the thread; the same step after a benign note is quiet.
#[test]
fn a_thread_of_troubleshooting_runs_across_chunks_and_batches() {
    let env = Env::new();
    let opener = "runner-03 job 4411 fails with exit code 137";
    let step = "same picture after the restart";
    let mut lines: Vec<String> = (1..=17_000)
        .map(|i| format!("agenda item {i}: the upgrade plan"))
        .collect();
    // 1-based line numbers: a step after a benign note, then openers just before the
    // chunk (256 notes) and batch (16,384 notes) boundaries, the second with a blank
    // line before its step.
    lines[99] = step.to_owned();
    lines[255] = opener.to_owned();
    lines[256] = step.to_owned();
    lines[16_382] = opener.to_owned();
    lines[16_383] = String::new();
    lines[16_384] = step.to_owned();
    let path = env.notes(&(lines.join("\n") + "\n"));
    let path = path.to_str().expect("utf-8 path");
    let out = env.run(&["scan", path], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let flagged: Vec<&str> = text
        .lines()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(flagged, ["256", "257", "16383", "16385"], "{text}");
    for step_line in ["257:", "16385:"] {
        let record = text
            .lines()
            .find(|l| l.starts_with(step_line))
            .unwrap_or_default();
        assert!(record.contains("note before"), "{record}");
    }
    // Read from a pipe, in batches as they come, the same records.
    let piped = env.run(&["scan", "-"], Some(&(lines.join("\n") + "\n")));
    assert_eq!(stdout(&piped), text);
}
