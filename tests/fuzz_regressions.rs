//! Replays every input kept under `tests/fuzz_regressions/<target>/`: what the fuzz
//! targets in `fuzz/` found (crashes, timeouts) and hand-written nasty inputs (alias
//! bombs, deep nesting, huge numbers, invalid UTF-8, hostile session values). Each goes
//! through exactly what the fuzz target does (`tests/fuzz_regressions/exercise.rs`) and
//! must not panic. Needs no fuzzer: `cargo test` runs it. (How fast the guards refuse
//! hostile input is measured by `cargo bench`, not here.)

#[path = "fuzz_regressions/exercise.rs"]
mod exercise;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use kickoff::core::agenda;
use kickoff::core::store::{Store, StoreError};

/// The kept inputs of one fuzz target, sorted by name.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// Runs `run` on every input of `target`; fails listing every input that panicked.
fn replay(target: &str, mut run: impl FnMut(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for {target}");
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("a readable input");
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{name}: panicked: {message}"));
        }
    }
    println!("{target}: replayed {} inputs", files.len());
    assert!(failures.is_empty(), "{target}:\n{}", failures.join("\n"));
}

#[test]
fn agenda_inputs_are_refused_or_round_trip() {
    replay("agenda_parse", exercise::agenda_parse);
}

#[test]
fn session_inputs_are_refused_or_round_trip() {
    let sessions = exercise::Sessions::new();
    replay("session_load", |data| sessions.load(data));
}

/// Inputs too big to keep as files, made here: each is refused by the YAML guard (its
/// message names the limit, which the parser's own errors never do), as an agenda and as
/// a session file, and goes through the fuzz targets without a panic.
#[test]
fn generated_huge_inputs_are_refused_by_the_guard() {
    let sessions = exercise::Sessions::new();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    let file = dir.path().join("huge.yaml");
    // (what, input, the agenda's refusal, the session file's refusal if it is the guard's)
    let cases: Vec<(&str, Vec<u8>, &str, Option<&str>)> = vec![
        (
            "100,000-deep flow nesting",
            {
                let mut v = vec![b'['; 100_000];
                v.extend(vec![b']'; 100_000]);
                v
            },
            "nested more than 64 levels",
            Some("nested more than 64 levels"),
        ),
        (
            // Cut to 1 MB (about 1,400 levels): under every size limit.
            "10,000-deep block nesting",
            (0..10_000)
                .flat_map(|i| {
                    let mut line = vec![b' '; i];
                    line.extend_from_slice(b"- \n");
                    line
                })
                .take(1_000_000)
                .collect(),
            "nested more than 64 levels",
            Some("nested more than 64 levels"),
        ),
        (
            // Within the 16 MiB of a session file: refused there as not a meeting.
            "a 2 MiB agenda",
            {
                let mut v = b"name: big\ntitle: Big\nminutes: 10\ndescription: ".to_vec();
                v.extend(vec![b'x'; 2 * 1024 * 1024]);
                v
            },
            "over the 1 MiB limit",
            None,
        ),
        (
            "a wide alias bomb",
            {
                let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
                let mut previous = 'a';
                for name in 'b'..='z' {
                    s.push_str(&format!(
                        "{name}: &{name} [{}]\n",
                        vec![format!("*{previous}"); 10].join(", ")
                    ));
                    previous = name;
                }
                s.into_bytes()
            },
            "more than 16 aliases",
            Some("never uses aliases"),
        ),
    ];
    for (name, data, agenda_refusal, session_refusal) in cases {
        exercise::agenda_parse(&data);
        sessions.load(&data);

        let source = String::from_utf8_lossy(&data);
        let errors = agenda::parse(&source, "huge.yaml").expect_err(name);
        assert!(
            errors.len() == 1 && errors[0].message.contains(agenda_refusal),
            "{name}: {errors:?}"
        );
        std::fs::write(&file, &data).expect("the session file");
        let error = store
            .load(&file.display().to_string())
            .expect_err("refused");
        match (session_refusal, &error) {
            (Some(what), StoreError::Parse { message, .. }) => {
                assert!(message.contains(what), "{name}: {error}");
            }
            (None, StoreError::Parse { .. }) => {}
            _ => panic!("{name}: {error}"),
        }
    }
}
