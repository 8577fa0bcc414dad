//! Replays every input kept under `tests/fuzz_regressions/<target>/`: what the fuzz
//! targets in `fuzz/` found (crashes, timeouts) and hand-written nasty inputs (alias
//! bombs, deep nesting, huge numbers, invalid UTF-8, hostile session values). Each goes
//! through exactly what the fuzz target does (`tests/fuzz_regressions/exercise.rs`) and
//! must not panic, nor take long. Needs no fuzzer: `cargo test` runs it.

#[path = "fuzz_regressions/exercise.rs"]
mod exercise;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Longest one input may take in a debug build; the fuzzer's timeout is 10 s optimized.
const SLOW: Duration = Duration::from_secs(5);

/// Kept inputs that still fail, as (target, file name, why). `replay` skips them and
/// `known_bugs_are_fixed` (ignored until they are) replays only them. Empty this list as
/// the bugs are fixed.
const KNOWN_BUGS: &[(&str, &str, &str)] = &[];

fn is_known_bug(target: &str, file: &Path) -> bool {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    KNOWN_BUGS
        .iter()
        .any(|(t, n, _)| *t == target && *n == name)
}

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

/// Runs `run` on every input of `target` but the known bugs (or only on those); fails
/// listing every input that panicked or was slow.
fn replay(target: &str, known_bugs: bool, mut run: impl FnMut(&[u8])) {
    let files: Vec<PathBuf> = inputs(target)
        .into_iter()
        .filter(|f| is_known_bug(target, f) == known_bugs)
        .collect();
    assert!(!files.is_empty(), "no inputs for {target}");
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("a readable input");
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let took = started.elapsed();
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        match outcome {
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{name}: panicked: {message}"));
            }
            Ok(()) if took > SLOW => failures.push(format!("{name}: took {took:?}")),
            Ok(()) => {}
        }
    }
    println!("{target}: replayed {} inputs", files.len());
    assert!(failures.is_empty(), "{target}:\n{}", failures.join("\n"));
}

#[test]
fn agenda_inputs_are_refused_or_round_trip() {
    replay("agenda_parse", false, exercise::agenda_parse);
}

#[test]
fn session_inputs_are_refused_or_round_trip() {
    let sessions = exercise::Sessions::new();
    replay("session_load", false, |data| sessions.load(data));
}

#[test]
fn known_bugs_are_fixed() {
    let sessions = exercise::Sessions::new();
    for target in ["agenda_parse", "session_load"] {
        if KNOWN_BUGS.iter().any(|(t, _, _)| *t == target) {
            replay(target, true, |data| match target {
                "agenda_parse" => exercise::agenda_parse(data),
                _ => sessions.load(data),
            });
        }
    }
}

/// Inputs too big to keep as files, made here.
#[test]
fn generated_huge_inputs_are_refused_quickly() {
    let sessions = exercise::Sessions::new();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("100,000-deep flow nesting", {
            let mut v = vec![b'['; 100_000];
            v.extend(vec![b']'; 100_000]);
            v
        }),
        ("10,000-deep block nesting", {
            (0..10_000)
                .flat_map(|i| {
                    let mut line = vec![b' '; i];
                    line.extend_from_slice(b"- \n");
                    line
                })
                .take(2_000_000)
                .collect()
        }),
        ("a 2 MiB agenda", {
            let mut v = b"name: big\ntitle: Big\nminutes: 10\ndescription: ".to_vec();
            v.extend(vec![b'x'; 2 * 1024 * 1024]);
            v
        }),
        ("a wide alias bomb", {
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
        }),
    ];
    for (name, data) in cases {
        for (target, run) in [
            (
                "agenda_parse",
                &(|d: &[u8]| exercise::agenda_parse(d)) as &dyn Fn(&[u8]),
            ),
            ("session_load", &|d: &[u8]| sessions.load(d)),
        ] {
            let started = Instant::now();
            run(&data);
            let took = started.elapsed();
            assert!(took < SLOW, "{target}: {name} took {took:?}");
        }
    }
}
