//! Fixtures shared by the unit tests, `tests/`, the benches and the fuzz targets (with
//! the `testkit` feature; never in a release build).

use super::agenda::{self, Agenda};

/// A small valid agenda, as its file: three sections of 10, 15 and 5 minutes (30 in
/// all), with prompts `a` and `b` in the first and `c` in the last. Tests break it in
/// small ways, so its layout is part of the fixture: the first section's `minutes` is on
/// line 6, the second's on line 9, and the file has 12 lines.
pub const AGENDA_YAML: &str = "\
name: demo
title: Demo meeting
minutes: 30
sections:
  - title: One
    minutes: 10
    prompts: [a, b]
  - title: Two
    minutes: 15
  - title: Three
    minutes: 5
    prompts: [c]
";

/// [`AGENDA_YAML`], parsed.
///
/// # Panics
/// Never in practice: a unit test parses the same text.
#[allow(clippy::expect_used)]
pub fn agenda() -> Agenda {
    agenda::parse(AGENDA_YAML, "test.yaml").expect("the test agenda is valid")
}

/// The styles of `tests/corpus` the shipped drift word model is trained on, for the
/// corpus test that checks none of them is held out.
pub fn drift_trained_styles() -> Vec<&'static str> {
    super::drift::trained_styles()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_agenda_is_valid_and_laid_out_as_documented() {
        let agenda = agenda();
        let minutes: Vec<u32> = agenda.sections.iter().map(|s| s.minutes).collect();
        assert_eq!(minutes, [10, 15, 5]);
        assert_eq!(agenda.sections[0].prompts, ["a", "b"]);
        assert_eq!(agenda.sections[2].prompts, ["c"]);
        let lines: Vec<&str> = AGENDA_YAML.lines().collect();
        assert_eq!(lines.len(), 12);
        assert_eq!(lines[5], "    minutes: 10");
        assert_eq!(lines[8], "    minutes: 15");
    }
}
