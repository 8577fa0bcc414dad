//! Bad agenda and session files: alias bombs, 10,000-deep nesting, oversized files,
//! text that is not UTF-8, huge lines, bad minutes, wrong types and empty sections.
//!
//! Each must be refused with `file:line:column: message` naming the limit it breaks (so
//! the guard, not the YAML parser, caught it), and never panic or blow up memory: the
//! memory bound comes from running the binary under `ulimit -v`. How fast the guard is,
//! is measured by `cargo bench --bench perf -- load_scan_limits`, not here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kickoff::core::agenda::{self, AgendaError};
use kickoff::core::store::{Store, StoreError};
use kickoff::core::testkit::AGENDA_YAML as VALID;
use kickoff::core::yaml_guard::{AGENDA, MAX_NESTING};

const BIN: &str = env!("CARGO_BIN_EXE_kickoff");

/// Address space the binary may use for a bad file (KiB): far below what an expanded
/// alias bomb needs, well above what kickoff needs.
const MEMORY_KIB: u64 = 512 * 1024;

/// The classic "billion laughs": nine levels of nine aliases each.
fn billion_laughs(prefix: &str) -> String {
    let mut s = String::from(prefix);
    s.push_str("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for pair in names.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let refs = vec![format!("*{from}"); 9].join(",");
        s.push_str(&format!("{to}: &{to} [{refs}]\n"));
    }
    s
}

/// Many aliases to one large value, where the agenda accepts strings: every alias is a
/// full copy (here 1,000 copies of 100 kB, 100 MB, from a 100 kB file).
fn wide_alias_bomb() -> String {
    wide_alias_bomb_of(100_000, 1_000)
}

/// `count` aliases to a value of `size` bytes.
fn wide_alias_bomb_of(size: usize, count: usize) -> String {
    let big = "x".repeat(size);
    let mut s = format!("name: demo\ntitle: Demo\nminutes: 30\nchecklist:\n  - &big {big}\n");
    for _ in 0..count {
        s.push_str("  - *big\n");
    }
    s.push_str("sections:\n  - title: One\n    minutes: 30\n");
    s
}

fn flow_seqs(depth: usize) -> String {
    format!("{}{}\n", "[".repeat(depth), "]".repeat(depth))
}

fn flow_maps(depth: usize) -> String {
    format!("{}x{}\n", "{a: ".repeat(depth), "}".repeat(depth))
}

fn compact_dashes(depth: usize) -> String {
    format!("{}x\n", "- ".repeat(depth))
}

fn indented_dashes(depth: usize) -> String {
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&" ".repeat(i));
        s.push_str("-\n");
    }
    s
}

/// Parses `source` as an agenda, checks that it fails with located errors, and returns
/// them.
fn agenda_errors(source: &str) -> Vec<AgendaError> {
    let errors = match agenda::parse(source, "bad.yaml") {
        Ok(agenda) => panic!("expected errors, parsed {}", agenda.name),
        Err(errors) => errors,
    };
    assert!(!errors.is_empty());
    for e in &errors {
        assert_located(&e.to_string(), "bad.yaml");
    }
    errors
}

/// Checks that `shown` reads `file:line:column: message` with line and column from 1.
fn assert_located(shown: &str, file: &str) {
    let rest = shown
        .strip_prefix(&format!("{file}:"))
        .unwrap_or_else(|| panic!("{shown:?} does not start with {file}:"));
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts
        .next()
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("no line in {shown:?}"));
    let column: usize = parts
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no column in {shown:?}"));
    let message = parts.next().unwrap_or_default();
    assert!(line >= 1 && column >= 1, "{shown}");
    assert!(
        message.starts_with(' ') && message.trim().len() > 10,
        "{shown}"
    );
}

fn one(errors: &[AgendaError]) -> &AgendaError {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    &errors[0]
}

/// Runs the binary with `args` under an address-space limit, no terminal and a private
/// data directory, and checks it ends with exit code 1 (not a panic's 101 or a signal).
fn kickoff_fails(data: &Path, args: &[&str]) -> Output {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .env("KICKOFF_DATA_DIR", data.join("data"))
        .env("KICKOFF_CONFIG_DIR", data.join("config"))
        .stdin(Stdio::null())
        .output()
        .expect("kickoff runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    output
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, contents).expect("a test file");
    path
}

// ---------------------------------------------------------------------------------------
// Agendas, through the library

#[test]
fn alias_bombs_are_refused_at_the_alias_that_goes_too_far() {
    let error = one(&agenda_errors(&billion_laughs(""))).clone();
    // Nine aliases on line 2, the 17th on line 3.
    assert_eq!(error.line, 3, "{error}");
    assert!(error.message.contains("aliases"), "{error}");

    let error = one(&agenda_errors(&wide_alias_bomb())).clone();
    // The 17th alias, on line 6 + 16 (lines 1-5 are the header and the anchor).
    assert_eq!(
        (error.line, error.column),
        (5 + AGENDA.max_aliases + 1, 5),
        "{error}"
    );
    assert!(
        error
            .message
            .contains(&format!("more than {} aliases", AGENDA.max_aliases)),
        "{error}"
    );

    // Hidden in a flow list, and after a valid head.
    let mut flow = String::from(VALID);
    flow.push_str("checklist: [&x lol, ");
    flow.push_str(&vec!["*x"; 100].join(", "));
    flow.push_str("]\n");
    let error = one(&agenda_errors(&flow)).clone();
    assert_eq!(error.line, 13);
    assert!(error.message.contains("aliases"), "{error}");
}

#[test]
fn a_few_aliases_are_still_fine() {
    let source = format!(
        "{VALID}checklist:\n  - &check Test the screen share\n{}",
        "  - *check\n".repeat(AGENDA.max_aliases)
    );
    let agenda = agenda::parse(&source, "ok.yaml").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(agenda.checklist.len(), AGENDA.max_aliases + 1);
}

#[test]
fn ten_thousand_deep_nesting_is_refused_where_it_gets_too_deep() {
    let limit = MAX_NESTING;
    let cases = [
        ("[[[[", flow_seqs(10_000), (1, limit + 1)),
        ("{a: {a:", flow_maps(10_000), (1, 4 * limit + 1)),
        ("- - - -", compact_dashes(10_000), (1, 2 * limit + 1)),
        (
            "indented dashes",
            indented_dashes(1_000),
            (limit + 1, limit + 1),
        ),
        (
            "under a key",
            format!(
                "name: demo\ntitle: Demo\nminutes: 30\nsections: {}",
                flow_seqs(10_000)
            ),
            // `sections` is one level: the 64th `[` (column 11 + 63) is one too many.
            (4, 10 + limit),
        ),
        (
            "inside a section",
            format!("{VALID}    prompts: {}", flow_maps(10_000)),
            // `sections` (1) > item (2) > `prompts` key (3) > flow maps from 4.
            (13, 14 + 4 * (limit - 3)),
        ),
    ];
    for (name, source, at) in cases {
        let error = one(&agenda_errors(&source)).clone();
        assert_eq!((error.line, error.column), at, "{name}: {error}");
        assert!(
            error
                .message
                .contains(&format!("nested more than {limit} levels")),
            "{name}: {error}"
        );
    }
}

#[test]
fn brackets_and_stars_in_text_are_not_nesting_or_aliases() {
    let deep = "[".repeat(200);
    let stars = "*".repeat(200);
    let source = format!(
        "\
name: demo
title: A {deep} plain title with {stars}
description: |
  {deep}
  *not an alias
  - [[[[ not a list
minutes: 30
checklist:
  - '{deep} quoted'
  - \"{deep} \\\" {stars} double\"
  - plain {stars} * [{{
  # {deep} comment
sections:
  - title: One
    minutes: 10
    prompts: ['{deep}', \"*x\", plain]
  - title: Two
    minutes: 20
    goal: >-
      {deep}
      {stars}
"
    );
    let agenda = agenda::parse(&source, "ok.yaml").unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(agenda.description.starts_with(&deep));
    assert_eq!(agenda.sections[0].prompts[0], deep);
    assert_eq!(agenda.checklist.len(), 3);
}

#[test]
fn a_two_mebibyte_file_is_refused_before_reading_it_all() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = write(
        dir.path(),
        "big.yaml",
        format!("{VALID}description: {}\n", "x".repeat(2 * 1024 * 1024)),
    );
    let errors = agenda::load_file(&path).expect_err("too large");
    let error = one(&errors);
    assert_eq!((error.line, error.column), (1, 1));
    assert!(error.message.contains("over the 1 MiB limit"), "{error}");
    assert_located(&error.to_string(), &path.display().to_string());
    // Text handed over directly is held to the same limit.
    let text = fs::read_to_string(&path).expect("the file");
    assert!(one(&agenda_errors(&text)).message.contains("1 MiB"));
}

#[test]
fn text_that_is_not_utf8_is_located_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut bytes = b"name: demo\ntitle: Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" meeting\nminutes: 30\n");
    let path = write(dir.path(), "latin1.yaml", bytes);
    let errors = agenda::load_file(&path).expect_err("not UTF-8");
    let error = one(&errors);
    assert_eq!((error.line, error.column), (2, 11));
    assert!(error.message.contains("not UTF-8"), "{error}");
    // UTF-16 with a byte order mark: an editor's "Unicode" save.
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain(VALID.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let path = write(dir.path(), "utf16.yaml", utf16);
    let error = agenda::load_file(&path).expect_err("not UTF-8");
    assert_eq!((error[0].line, error[0].column), (1, 1), "{}", error[0]);
}

#[test]
fn a_huge_single_line_is_parsed_or_refused_with_a_located_error() {
    let long = "word ".repeat(180_000); // 900 kB on one line
    let errors = agenda_errors(&VALID.replace("Demo meeting", &long).replace("30", "31"));
    assert!(errors[0].message.contains("add up to 30"), "{}", errors[0]);
    // A huge flow list on one line.
    let list = vec!["item"; 150_000].join(", ");
    let agenda = agenda::parse(&format!("{VALID}checklist: [{list}]\n"), "ok.yaml")
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(agenda.checklist.len(), 150_000);
    // A huge line of nothing but a key that never ends.
    let errors = agenda_errors(&"k".repeat(AGENDA.max_bytes as usize - 10));
    assert_eq!(errors[0].line, 1);
}

#[test]
fn zero_and_negative_minutes_say_what_is_expected() {
    let errors = agenda_errors(&VALID.replace("    minutes: 10", "    minutes: -5"));
    let error = one(&errors);
    assert_eq!((error.line, error.column), (6, 14), "{error}");
    assert_eq!(
        error.to_string(),
        "bad.yaml:6:14: sections[0].minutes: must be a positive whole number of minutes, not -5"
    );

    let error = one(&agenda_errors(
        &VALID.replace("minutes: 30", "minutes: -30"),
    ))
    .clone();
    assert_eq!((error.line, error.column), (3, 10));
    assert!(error.message.contains("positive whole number"), "{error}");

    let error = one(&agenda_errors(
        &VALID.replace("minutes: 30", "minutes: 7.5"),
    ))
    .clone();
    assert!(error.message.contains("positive whole number"), "{error}");
    assert!(error.message.contains("7.5"), "{error}");

    let error = one(&agenda_errors(
        &VALID.replace("    minutes: 15", "    minutes: 99999999999"),
    ))
    .clone();
    assert_eq!(error.line, 9);
    assert!(error.message.contains("far too large"), "{error}");

    let errors = agenda_errors(
        &VALID
            .replace("minutes: 30", "minutes: 20")
            .replace("    minutes: 10", "    minutes: 0"),
    );
    assert_eq!((errors[0].line, errors[0].column), (6, 5));
    assert!(errors[0].message.contains("has 0 `minutes`"));

    let errors = agenda_errors(&VALID.replace("minutes: 30", "minutes: 0"));
    assert_eq!((errors[0].line, errors[0].column), (3, 1));
}

#[test]
fn wrong_types_are_located() {
    let cases = [
        (VALID.replace("title: Demo meeting", "title: [a, b]"), 2),
        (VALID.replace("minutes: 30", "minutes: half an hour"), 3),
        (VALID.replace("minutes: 30", "minutes: ~"), 3),
        (format!("{VALID}checklist: {{a: b}}\n"), 13),
        (
            VALID.replace("    minutes: 15", "    minutes: 15\n    prompts: 5"),
            10,
        ),
        (
            "name: demo\ntitle: Demo\nminutes: 30\nsections: five\n".to_owned(),
            4,
        ),
        ("- just\n- a list\n".to_owned(), 1),
        ("just a string\n".to_owned(), 1),
    ];
    for (source, line) in cases {
        let error = one(&agenda_errors(&source)).clone();
        assert_eq!(error.line, line, "{error}\n{source}");
    }
}

#[test]
fn an_empty_sections_list_is_located() {
    let errors = agenda_errors("name: demo\ntitle: Demo\nminutes: 30\nsections: []\n");
    let error = one(&errors);
    assert_eq!((error.line, error.column), (4, 1));
    assert!(error.message.contains("no sections"), "{error}");
    let errors = agenda_errors("name: demo\ntitle: Demo\nminutes: 30\nsections:\n");
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
}

// ---------------------------------------------------------------------------------------
// Agendas, through `kickoff check`, under a memory limit

#[test]
fn kickoff_check_refuses_every_bad_agenda_within_bounded_memory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut bad_utf8 = VALID.as_bytes().to_vec();
    bad_utf8.extend_from_slice(b"description: \xff\xfe\n");
    let files = [
        write(dir.path(), "laughs.yaml", billion_laughs("")),
        write(dir.path(), "wide.yaml", wide_alias_bomb()),
        // Just under 1 MiB asking for 400 kB x 60,000 = 24 GB: without the alias limit
        // the process dies at the address-space limit instead of exiting with 1.
        write(
            dir.path(),
            "widest.yaml",
            wide_alias_bomb_of(400_000, 60_000),
        ),
        write(dir.path(), "flow.yaml", flow_seqs(10_000)),
        write(dir.path(), "maps.yaml", flow_maps(10_000)),
        write(dir.path(), "dashes.yaml", compact_dashes(10_000)),
        write(
            dir.path(),
            "big.yaml",
            format!("{VALID}description: {}\n", "x".repeat(2 * 1024 * 1024)),
        ),
        write(dir.path(), "latin1.yaml", bad_utf8),
        write(
            dir.path(),
            "negative.yaml",
            VALID.replace("    minutes: 10", "    minutes: -5"),
        ),
        write(dir.path(), "empty.yaml", ""),
        write(
            dir.path(),
            "nosections.yaml",
            "name: demo\ntitle: Demo\nminutes: 30\nsections: []\n",
        ),
    ];
    for file in &files {
        let shown = file.display().to_string();
        let out = kickoff_fails(dir.path(), &["check", &shown]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert_located(first, &shown);
    }
    // All at once: every file gets its own located error.
    let all: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let mut args = vec!["check"];
    args.extend(all.iter().map(String::as_str));
    let out = kickoff_fails(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for file in &all {
        assert!(stderr.contains(&format!("{file}:")), "{file}: {stderr}");
    }
    let negative = dir.path().join("negative.yaml").display().to_string();
    assert!(
        stderr.contains(&format!(
            "{negative}:6:14: sections[0].minutes: must be a positive whole number of minutes, not -5"
        )),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------
// Session files, through the store and `kickoff export`

/// The start of a real session file, to prepend hostile parts to.
fn session_head() -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    let meeting = kickoff::core::meeting::Meeting::new(
        "real".into(),
        "Acme".into(),
        agenda::builtin().into_iter().next().expect("built-in"),
        chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").expect("time"),
    );
    let path = store.save(&meeting).expect("save");
    fs::read_to_string(path).expect("the file")
}

#[test]
fn bad_session_files_fail_cleanly_in_the_store_and_in_kickoff_export() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("data")).expect("a store");
    let head = session_head();
    let big_notes = format!(
        "{}decisions:\n  - &d {}\n{}",
        head.replace("decisions: []\n", ""),
        "x".repeat(100_000),
        "  - *d\n".repeat(1_000)
    );
    let cases: [(&str, String, &str); 6] = [
        ("laughs", billion_laughs("version: 1\n"), "alias"),
        ("wide", big_notes, "alias"),
        (
            "flow",
            format!("version: 1\nid: {}", flow_seqs(10_000)),
            "nested",
        ),
        ("maps", format!("{head}x: {}", flow_maps(10_000)), "nested"),
        ("dashes", compact_dashes(10_000), "nested"),
        (
            "indented",
            format!("version: 1\ndecisions:\n{}", indented_dashes(1_000)),
            "nested",
        ),
    ];
    for (id, text, what) in &cases {
        let path = write(&store.sessions_dir(), &format!("{id}.yaml"), text);
        let err = store.load(id).expect_err("a bad session");
        match &err {
            StoreError::Parse { message, .. } => assert!(message.contains(what), "{id}: {err}"),
            other => panic!("{id}: expected a parse error, got {other}"),
        }
        assert_located(&err.to_string(), &path.display().to_string());
        assert_eq!(err.broken_file(), Some(path.as_path()), "{id}");

        let out = kickoff_fails(dir.path(), &["export", id]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("kickoff: {}:", path.display())),
            "{id}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{id}");
        // By path too.
        let shown = path.display().to_string();
        kickoff_fails(dir.path(), &["export", &shown]);
    }
    // The listing reports each one and goes on.
    let (sessions, errors) = store.list();
    assert!(sessions.is_empty());
    assert_eq!(errors.len(), cases.len(), "{errors:?}");
}

#[test]
fn session_text_that_looks_like_structure_still_round_trips() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    let mut meeting = kickoff::core::meeting::Meeting::new(
        "looks".into(),
        "*acme [[[[".into(),
        agenda::builtin().into_iter().next().expect("built-in"),
        chrono::DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").expect("time"),
    );
    let deep = "[".repeat(300);
    let stars = "*a ".repeat(300);
    meeting.sections[0].notes =
        format!("{deep}\n{stars}\n  {deep}\n- {deep}\n&x *x\n{{{{{{{{").into();
    meeting.sections[1].notes = format!("*{deep}").into();
    meeting.decisions = vec![deep.clone(), stars.clone(), format!("- {deep}"), "*".into()];
    meeting.goals = vec![
        format!("{{a: {deep}"),
        format!("'{deep}"),
        format!("\"{deep}"),
    ];
    store.save(&meeting).expect("save");
    let loaded = store.load("looks").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, meeting);
}

// ---------------------------------------------------------------------------------------
// The config file, through `kickoff scan`

#[test]
fn a_deeply_nested_or_aliased_config_is_refused_with_its_file_and_position() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config_dir = dir.path().join("config");
    fs::create_dir_all(&config_dir).expect("a config directory");
    let notes = write(dir.path(), "notes.txt", "we checked the logs\n");
    let notes = notes.display().to_string();
    let config = config_dir.join("config.yaml");
    let shown = config.display().to_string();
    let cases = [
        // 200 KB of `[`: the parser alone spends tens of seconds on it.
        (
            flow_seqs(100 * 1024),
            (1, MAX_NESTING + 1),
            "nested more than",
        ),
        (
            format!("drift:\n  ignore_phrases: {}", flow_maps(10_000)),
            (2, 19 + 4 * (MAX_NESTING - 2)),
            "nested more than",
        ),
        // Nine aliases on line 2; the 17th is the eighth `*b` on line 3.
        (billion_laughs(""), (3, 7 + 7 * 3 + 1), "aliases"),
    ];
    for (source, (line, column), what) in cases {
        fs::write(&config, source).expect("the config");
        let out = kickoff_fails(dir.path(), &["scan", &notes]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("kickoff: {shown}:{line}:{column}: ")),
            "{first}"
        );
        assert!(first.contains(what), "{first}");
        assert!(
            first.contains("fix the file, or move it away to use the defaults")
                || what == "aliases",
            "{first}"
        );
    }
    // Over the size limit.
    fs::write(&config, "#".repeat(256 * 1024 + 1)).expect("the config");
    let out = kickoff_fails(dir.path(), &["scan", &notes]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("over the 256 KiB limit for the config file"),
        "{stderr}"
    );
}
