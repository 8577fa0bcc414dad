//! Session files: any bytes written to a session file must load or be refused with a
//! clear error, never panic or hang; a loaded session survives a serialize/load round trip
//! and runs (timers, export, the meeting screen). See `tests/fuzz_regressions/exercise.rs`.

#![no_main]

use std::sync::OnceLock;

#[path = "../../tests/fuzz_regressions/exercise.rs"]
mod exercise;

use libfuzzer_sys::fuzz_target;

/// One scratch directory for the whole run (libFuzzer runs inputs one at a time).
static SESSIONS: OnceLock<exercise::Sessions> = OnceLock::new();

fuzz_target!(|data: &[u8]| SESSIONS.get_or_init(exercise::Sessions::new).load(data));
