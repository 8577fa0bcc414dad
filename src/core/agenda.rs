//! Agendas: the YAML format, loading and validation with located errors.
//!
//! The format is documented in `docs/agenda-format.md`. This file has the types and the
//! parser; `validate` checks a parsed agenda and locates each problem in its source;
//! `catalog` has the built-in agendas and the user's own.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::text_file::{ReadError, read_limited};
use super::yaml_guard::{self, AGENDA, located_yaml_message};

mod catalog;
mod validate;

pub use catalog::{Catalog, CatalogEntry, Origin, builtin, resolve};

use validate::validate;

/// A 1-based (line, column).
type Pos = (usize, usize);

/// Longest meeting an agenda may plan, in minutes (a day); more is surely a typo.
pub const MAX_MINUTES: u32 = 24 * 60;

/// Name of the agenda used when none is given.
pub const DEFAULT_AGENDA: &str = "introductory";

/// The file name shown for names given on the command line.
pub const COMMAND_LINE: &str = "<command line>";

/// A meeting agenda: an ordered list of timed sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    /// Short name used on the command line, e.g. `introductory`.
    pub name: String,
    /// Human title, e.g. "Introductory meeting".
    pub title: String,
    /// What the meeting is for, in a few sentences.
    #[serde(default)]
    pub description: String,
    /// Planned length of the whole meeting in minutes; the sections add up to it.
    #[serde(deserialize_with = "whole_minutes")]
    pub minutes: u32,
    /// Things to check before the meeting starts (shown in the lobby).
    #[serde(default)]
    pub checklist: Vec<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// One part of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Title shown on screen and in the export.
    pub title: String,
    /// Planned minutes.
    #[serde(deserialize_with = "whole_minutes")]
    pub minutes: u32,
    /// What the section should achieve, in one sentence.
    #[serde(default)]
    pub goal: String,
    /// Things to cover; ticked off during the call.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// Facilitation tips for the ASE.
    #[serde(default)]
    pub tips: Vec<String>,
    /// What the section captures besides free notes.
    #[serde(default)]
    pub captures: Vec<Capture>,
}

/// A kind of information a section captures; the shell shows the key that records it
/// while the section is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// Free-form notes (every section has them; listing it is allowed).
    Notes,
    /// Attendee introductions: name, role, time zone, GitLab expertise.
    Attendees,
    /// Who the customer's primary contacts are. Accepted, but nothing uses it yet: the
    /// attendee form's primary-contact flag records them.
    PrimaryContacts,
    /// The customer's goals.
    Goals,
    /// The agreed regular meeting (cadence and slot).
    RegularMeeting,
}

/// Reads `minutes`: a whole number of minutes. Negative numbers and fractions get a
/// message saying what is expected rather than serde's "expected u32".
fn whole_minutes<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    struct Minutes;
    impl serde::de::Visitor<'_> for Minutes {
        type Value = u32;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a positive whole number of minutes")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| {
                E::custom(format!(
                    "must be a positive whole number of minutes, and {v} is far too large"
                ))
            })
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            match u64::try_from(v) {
                Ok(v) => self.visit_u64(v),
                Err(_) => Err(E::custom(format!(
                    "must be a positive whole number of minutes, not {v}"
                ))),
            }
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
            Err(E::custom(format!(
                "must be a positive whole number of minutes, not {v}"
            )))
        }
    }
    deserializer.deserialize_any(Minutes)
}

impl Agenda {
    /// Planned minutes of all sections added up.
    pub fn planned_minutes(&self) -> u32 {
        // Saturating: a hostile file must not overflow (validation rejects it anyway).
        self.sections
            .iter()
            .fold(0u32, |sum, s| sum.saturating_add(s.minutes))
    }
}

impl Section {
    /// Whether the section captures `what`.
    pub fn captures(&self, what: Capture) -> bool {
        self.captures.contains(&what)
    }
}

/// A problem in an agenda file, located at a line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct AgendaError {
    /// The file as the user named it (or `<command line>`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl AgendaError {
    fn at(file: &str, (line, column): Pos, message: impl Into<String>) -> Self {
        AgendaError {
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Parses and validates an agenda from YAML `source`; `file` names it in errors.
///
/// Syntax and type errors stop at the first one (the YAML parser cannot go on);
/// after a successful parse every validation problem is reported.
pub fn parse(source: &str, file: &str) -> Result<Agenda, Vec<AgendaError>> {
    if let Err(refusal) = yaml_guard::check(source, &AGENDA) {
        return Err(vec![refused(file, refusal)]);
    }
    if source
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(vec![AgendaError::at(
            file,
            (1, 1),
            "the file is empty: an agenda needs `name`, `title`, `minutes` and `sections`",
        )]);
    }
    let agenda: Agenda = serde_yaml::from_str(source).map_err(|e| vec![yaml_error(file, &e)])?;
    let problems = validate(&agenda, source, file);
    if problems.is_empty() {
        Ok(agenda)
    } else {
        Err(problems)
    }
}

/// Reads, parses and validates the agenda at `path` (named in errors as given).
///
/// Files over the [`AGENDA`] size limit and text that is not UTF-8 are rejected before parsing.
pub fn load_file(path: &Path) -> Result<Agenda, Vec<AgendaError>> {
    let file = path.display().to_string();
    let source = read_limited(path, AGENDA.max_bytes).map_err(|error| {
        vec![match error {
            ReadError::Io { source, .. } => {
                AgendaError::at(&file, (1, 1), format!("cannot read the file: {source}"))
            }
            ReadError::Directory => AgendaError::at(
                &file,
                (1, 1),
                "this is a directory, not an agenda file: give the path of a .yaml file",
            ),
            ReadError::TooLarge(bytes) => refused(
                &file,
                AGENDA.refusal((1, 1), yaml_guard::Breach::TooLarge(bytes)),
            ),
            ReadError::NotUtf8(line, column) => AgendaError::at(
                &file,
                (line, column),
                "the file is not UTF-8 text: save it as UTF-8",
            ),
        }]
    })?;
    parse(&source, &file)
}

/// The error for a text the YAML guard refused.
fn refused(file: &str, refusal: yaml_guard::Refusal) -> AgendaError {
    AgendaError::at(file, (refusal.line, refusal.column), refusal.message)
}

/// Turns a YAML error into a located one, keeping serde's message (it names the
/// expected fields) without its own "at line N column M" suffix.
fn yaml_error(file: &str, error: &serde_yaml::Error) -> AgendaError {
    let (position, mut message) = located_yaml_message(error);
    if message.contains("missing field") {
        message.push_str(": add it");
    } else if message.contains("unknown field") {
        message.push_str(" (check the spelling)");
    }
    AgendaError::at(file, position, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    use crate::core::testkit::AGENDA_YAML as VALID;

    fn errors(source: &str) -> Vec<AgendaError> {
        match parse(source, "demo.yaml") {
            Ok(agenda) => panic!("expected errors, parsed {agenda:?}"),
            Err(errors) => errors,
        }
    }

    fn located(errors: &[AgendaError]) -> Vec<(usize, usize)> {
        errors.iter().map(|e| (e.line, e.column)).collect()
    }

    #[test]
    fn a_valid_agenda_parses() {
        let agenda = parse(VALID, "demo.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(agenda.name, "demo");
        assert_eq!(agenda.sections[0].prompts, ["a", "b"]);
    }

    #[test]
    fn a_misspelt_field_is_located_and_names_the_expected_ones() {
        let source = VALID.replace("    minutes: 15", "    minuts: 15");
        let errors = errors(&source);
        assert_eq!(located(&errors), [(9, 5)]);
        assert!(errors[0].message.contains("unknown field `minuts`"));
        assert!(errors[0].message.contains("`minutes`"));
        assert!(!errors[0].message.contains(" at line "));
        assert!(
            errors[0]
                .to_string()
                .starts_with("demo.yaml:9:5: sections[1]: unknown field")
        );
    }

    #[test]
    fn a_wrong_type_is_located() {
        let source = VALID.replace("minutes: 30", "minutes: half an hour");
        let errors = errors(&source);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.contains("invalid type"), "{}", errors[0]);
    }

    #[test]
    fn a_syntax_error_is_located() {
        let errors = errors("name: demo\ntitle: [unclosed\nminutes: 3\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].line >= 2, "{}", errors[0]);
    }

    #[test]
    fn a_missing_field_says_to_add_it() {
        let errors = errors("name: demo\ntitle: Demo\nsections: []\n");
        assert!(
            errors[0]
                .message
                .contains("missing field `minutes`: add it")
        );
    }

    #[test]
    fn minutes_not_adding_up_point_at_the_total() {
        let source = VALID.replace("minutes: 30", "minutes: 60");
        let errors = errors(&source);
        assert_eq!(located(&errors), [(3, 1)]);
        assert_eq!(
            errors[0].message,
            "sections add up to 30 minutes but `minutes` is 60: make them match"
        );
    }

    #[test]
    fn zero_minutes_in_a_section_point_at_its_minutes_line() {
        let source = VALID
            .replace("minutes: 30", "minutes: 15")
            .replace("    minutes: 15", "    minutes: 0");
        let errors = errors(&source);
        assert_eq!(located(&errors), [(9, 5)]);
        assert!(errors[0].message.starts_with("section 2 has 0 `minutes`"));
    }

    #[test]
    fn every_problem_is_reported_together() {
        let source = "\
name: My Demo
title: ''
minutes: 20
sections:
- title: One
  minutes: 10
-   minutes: 0
    title: One
- title: '  '
  prompts: [x]
  minutes: 5
";
        let errors = errors(source);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(errors.len(), 6, "{messages:#?}");
        assert_eq!(
            located(&errors),
            [(1, 1), (2, 1), (3, 1), (8, 5), (7, 5), (9, 3)]
        );
        assert!(messages[0].contains("e.g. `my-demo`"));
        assert!(messages[2].contains("add up to 15"));
        assert!(messages[3].contains("same title as section 1"));
        assert!(messages[5].contains("section 3 has an empty `title`"));
    }

    #[test]
    fn no_sections_and_zero_total_are_reported() {
        let errors = errors("name: x\ntitle: X\nminutes: 0\nsections: []\n");
        assert_eq!(located(&errors), [(3, 1), (4, 1)]);
    }

    #[test]
    fn flow_style_sections_fall_back_to_the_sections_line() {
        let source = "name: x\ntitle: X\nminutes: 5\nsections: [{title: A, minutes: 5}, {title: A, minutes: 0}]\n";
        let errors = errors(source);
        assert_eq!(located(&errors), [(4, 1), (4, 1)]);
    }

    #[test]
    fn an_empty_file_is_explained() {
        let errors = errors("# nothing here\n\n");
        assert!(errors[0].message.starts_with("the file is empty"));
    }

    #[test]
    fn text_that_is_not_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.yaml");
        fs::write(&path, b"name: x\ntitle: Caf\xe9\n").unwrap();
        let errors = load_file(&path).unwrap_err();
        assert_eq!(located(&errors), [(2, 11)]);
        assert!(errors[0].message.contains("not UTF-8"));
        assert_eq!(errors[0].file, path.display().to_string());
    }

    #[test]
    fn a_file_over_one_mebibyte_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.yaml");
        fs::write(&path, "#".repeat(yaml_guard::AGENDA.max_bytes as usize + 1)).unwrap();
        let errors = load_file(&path).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("1 MiB"));
    }

    #[test]
    fn a_missing_file_is_an_error_not_a_panic() {
        let errors = load_file(Path::new("/nonexistent/agenda.yaml")).unwrap_err();
        assert!(errors[0].message.starts_with("cannot read the file"));
    }

    #[test]
    fn huge_minutes_do_not_overflow() {
        let source = VALID
            .replace("minutes: 10", "minutes: 4294967295")
            .replace("minutes: 5", "minutes: 4294967295");
        let errors = errors(&source);
        assert!(errors[0].message.contains("sections add up to 4294967295"));
    }
}
