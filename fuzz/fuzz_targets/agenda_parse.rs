//! Agenda files: any bytes, read as UTF-8 lossily, must parse or be refused with located
//! errors, never panic or hang; a valid agenda survives a serialize/parse round trip and
//! runs as a meeting. See `tests/fuzz_regressions/exercise.rs`.

#![no_main]

#[path = "../../tests/fuzz_regressions/exercise.rs"]
mod exercise;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| exercise::agenda_parse(data));
