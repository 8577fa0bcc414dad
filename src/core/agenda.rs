//! Agendas: the YAML format, loading and validation with located errors.
//!
//! The format is documented in `docs/agenda-format.md`.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::store::{is_slug, slug};
use super::text_file::{ReadError, read_limited};
use super::yaml_guard::{self, AGENDA, located_yaml_message};

/// Longest meeting an agenda may plan, in minutes (a day); more is surely a typo.
pub const MAX_MINUTES: u32 = 24 * 60;

/// Name of the agenda used when none is given.
pub const DEFAULT_AGENDA: &str = "introductory";

/// The file name shown for names given on the command line.
pub const COMMAND_LINE: &str = "<command line>";

/// The built-in agendas, in the order they are listed: (file name, YAML source).
const BUILTIN_SOURCES: [(&str, &str); 5] = [
    (
        "agendas/introductory.yaml",
        include_str!("../../agendas/introductory.yaml"),
    ),
    (
        "agendas/new-ase.yaml",
        include_str!("../../agendas/new-ase.yaml"),
    ),
    (
        "agendas/bundled-kickoff.yaml",
        include_str!("../../agendas/bundled-kickoff.yaml"),
    ),
    (
        "agendas/ase-csa-alignment.yaml",
        include_str!("../../agendas/ase-csa-alignment.yaml"),
    ),
    (
        "agendas/regular-sync.yaml",
        include_str!("../../agendas/regular-sync.yaml"),
    ),
];

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

/// A kind of information a section captures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capture {
    /// Free-form notes (every section has them; listing it is allowed).
    Notes,
    /// Attendee introductions: name, role, time zone, GitLab expertise.
    Attendees,
    /// Who the customer's primary contacts are.
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

/// Every semantic problem of a parsed agenda, each located in `source`.
fn validate(agenda: &Agenda, source: &str, file: &str) -> Vec<AgendaError> {
    let find = Locator::new(source);
    let mut problems = Vec::new();
    let mut top = |key: &str, message: String| {
        problems.push(AgendaError::at(file, find.top_level(key), message));
    };

    if agenda.name.trim().is_empty() {
        top(
            "name",
            "`name` is empty: give a short lowercase name such as `my-kickoff`".into(),
        );
    } else if !is_slug(&agenda.name) {
        top(
            "name",
            format!(
                "name `{}` is not a lowercase slug: use only a-z, 0-9 and '-', e.g. `{}`",
                agenda.name,
                slug(&agenda.name, "my-agenda")
            ),
        );
    }
    if agenda.title.trim().is_empty() {
        top("title", "`title` is empty: give the meeting a title".into());
    }
    if agenda.minutes == 0 {
        top(
            "minutes",
            "`minutes` is 0: give the planned length of the meeting".into(),
        );
    } else if agenda.minutes > MAX_MINUTES {
        top(
            "minutes",
            format!(
                "`minutes` is {}, more than a day ({MAX_MINUTES}): give the planned length in minutes",
                agenda.minutes
            ),
        );
    }
    if agenda.sections.is_empty() {
        top(
            "sections",
            "there are no sections: add at least one under `sections`".into(),
        );
    } else if agenda.minutes > 0 && agenda.planned_minutes() != agenda.minutes {
        top(
            "minutes",
            format!(
                "sections add up to {} minutes but `minutes` is {}: make them match",
                agenda.planned_minutes(),
                agenda.minutes
            ),
        );
    }

    for (i, section) in agenda.sections.iter().enumerate() {
        let n = i + 1;
        let mut at = |key: &str, message: String| {
            problems.push(AgendaError::at(file, find.section_key(i, key), message));
        };
        if section.title.trim().is_empty() {
            at(
                "title",
                format!("section {n} has an empty `title`: give it a title"),
            );
        } else if let Some(first) = agenda.sections[..i]
            .iter()
            .position(|s| s.title.trim() == section.title.trim())
        {
            at(
                "title",
                format!(
                    "section {n} has the same title as section {}, `{}`: give each section its own title",
                    first + 1,
                    section.title.trim()
                ),
            );
        }
        if section.minutes == 0 {
            at(
                "minutes",
                format!("section {n} has 0 `minutes`: plan at least one minute or remove it"),
            );
        }
    }
    problems
}

/// A 1-based (line, column).
type Pos = (usize, usize);

/// Finds where keys are written in block-style YAML, since the parser gives no
/// spans for values. Falls back to the enclosing item, then to 1:1.
struct Locator<'a> {
    lines: Vec<&'a str>,
    sections: Vec<SectionItem>,
}

/// Where one item of `sections:` is written.
struct SectionItem {
    /// 0-based index of the line holding its `-`.
    first: usize,
    /// 0-based index one past its last line.
    end: usize,
    /// 0-based column where its keys start (just after `- `).
    key_column: usize,
    /// 0-based column of its `-`.
    dash_column: usize,
}

impl<'a> Locator<'a> {
    fn new(source: &'a str) -> Self {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let mut locator = Locator {
            lines: source.lines().collect(),
            sections: Vec::new(),
        };
        locator.sections = locator.find_sections();
        locator
    }

    /// 0-based line of a top-level `key:`.
    fn top_level_line(&self, key: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|line| starts_with_key(line, key))
    }

    /// Position of a top-level `key:`, or 1:1.
    fn top_level(&self, key: &str) -> Pos {
        self.top_level_line(key).map_or((1, 1), |i| (i + 1, 1))
    }

    /// Position of `key:` in the `index`-th (0-based) section, or of the section's
    /// `-`, or of `sections:`, or 1:1.
    fn section_key(&self, index: usize, key: &str) -> Pos {
        let Some(item) = self.sections.get(index) else {
            return self.top_level("sections");
        };
        for i in item.first..item.end {
            let line = self.lines[i];
            let at_key_column = i == item.first || indent(line) == item.key_column;
            if at_key_column
                && line
                    .get(item.key_column..)
                    .is_some_and(|rest| starts_with_key(rest, key))
            {
                return (i + 1, item.key_column + 1);
            }
        }
        (item.first + 1, item.dash_column + 1)
    }

    /// The items of the top-level `sections:` block sequence.
    fn find_sections(&self) -> Vec<SectionItem> {
        let Some(start) = self.top_level_line("sections") else {
            return Vec::new();
        };
        let mut items: Vec<SectionItem> = Vec::new();
        let mut end = self.lines.len();
        for (i, line) in self.lines.iter().enumerate().skip(start + 1) {
            let text = line.trim_start();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let column = indent(line);
            let dash = text == "-" || text.starts_with("- ");
            if column == 0 && !dash {
                end = i; // the next top-level key
                break;
            }
            if !dash || items.first().is_some_and(|f| column > f.dash_column) {
                continue; // inside an item (its keys, values or nested lists)
            }
            if items.first().is_some_and(|f| column < f.dash_column) {
                end = i;
                break;
            }
            let after = &text[1..];
            let key_column = column + 1 + (after.len() - after.trim_start().len());
            if let Some(previous) = items.last_mut() {
                previous.end = i;
            }
            items.push(SectionItem {
                first: i,
                end: self.lines.len(),
                key_column,
                dash_column: column,
            });
        }
        if let Some(last) = items.last_mut() {
            last.end = end;
        }
        items
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether `text` starts with `key:` (the key plain or quoted).
fn starts_with_key(text: &str, key: &str) -> bool {
    let rest = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .find_map(|k| text.strip_prefix(k.as_str()))
        .map(|r| r.trim_start_matches(' '));
    rest.and_then(|r| r.strip_prefix(':'))
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '#']))
}

/// The built-in agendas, introductory first.
///
/// A unit test checks that every one of them is valid, so none is ever skipped.
pub fn builtin() -> Vec<Agenda> {
    BUILTIN_SOURCES
        .iter()
        .filter_map(|(file, source)| parse(source, file).ok())
        .collect()
}

/// Where an agenda in the catalog comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary.
    Builtin,
    /// A file in the user's agendas directory.
    User(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::User(path) => write!(f, "{}", path.display()),
        }
    }
}

/// One agenda of the catalog and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The agenda.
    pub agenda: Agenda,
    /// Built in or a user file.
    pub origin: Origin,
}

/// Every agenda the user can pick by name: the built-ins, then the user's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    /// Agendas in listing order; a user agenda named like a built-in replaces it in place.
    pub entries: Vec<CatalogEntry>,
    /// Problems with user files, which are left out of `entries`.
    pub problems: Vec<AgendaError>,
}

impl Catalog {
    /// The built-ins plus every `*.yaml`/`*.yml` file in `user_dir`, sorted by file
    /// name. Broken user files go to `problems`; a missing directory is no problem.
    pub fn load(user_dir: Option<&Path>) -> Catalog {
        let mut catalog = Catalog {
            entries: builtin()
                .into_iter()
                .map(|agenda| CatalogEntry {
                    agenda,
                    origin: Origin::Builtin,
                })
                .collect(),
            problems: Vec::new(),
        };
        if let Some(dir) = user_dir {
            catalog.add_user_dir(dir);
        }
        catalog
    }

    /// The entry named `name`, if any.
    pub fn find(&self, name: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.agenda.name == name)
    }

    fn add_user_dir(&mut self, dir: &Path) {
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.problems.push(AgendaError::at(
                    &dir.display().to_string(),
                    (1, 1),
                    format!("cannot list the agendas directory: {e}"),
                ));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = listing
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
            })
            .collect();
        paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        let mut user_names: Vec<(String, PathBuf)> = Vec::new();
        for path in paths {
            let agenda = match load_file(&path) {
                Ok(agenda) => agenda,
                Err(mut problems) => {
                    self.problems.append(&mut problems);
                    continue;
                }
            };
            if let Some((_, first)) = user_names.iter().find(|(n, _)| *n == agenda.name) {
                let source = fs::read_to_string(&path).unwrap_or_default();
                self.problems.push(AgendaError::at(
                    &path.display().to_string(),
                    Locator::new(&source).top_level("name"),
                    format!(
                        "the name `{}` is already used by {}: rename one of them",
                        agenda.name,
                        first.display()
                    ),
                ));
                continue;
            }
            user_names.push((agenda.name.clone(), path.clone()));
            let entry = CatalogEntry {
                agenda,
                origin: Origin::User(path),
            };
            match self
                .entries
                .iter_mut()
                .find(|e| e.agenda.name == entry.agenda.name)
            {
                Some(builtin) => *builtin = entry,
                None => self.entries.push(entry),
            }
        }
    }
}

/// The agenda a user asked for: a catalog name first, else a path to a file.
pub fn resolve(catalog: &Catalog, name_or_path: &str) -> Result<Agenda, Vec<AgendaError>> {
    if let Some(entry) = catalog.find(name_or_path) {
        return Ok(entry.agenda.clone());
    }
    let path = Path::new(name_or_path);
    let looks_like_path = name_or_path.contains('/')
        || name_or_path.contains(std::path::MAIN_SEPARATOR)
        || name_or_path.ends_with(".yaml")
        || name_or_path.ends_with(".yml")
        || path.exists();
    if looks_like_path {
        return load_file(path);
    }
    Err(vec![AgendaError::at(
        COMMAND_LINE,
        (1, 1),
        format!("no agenda named `{name_or_path}`; run `kickoff agendas` to list them"),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = "\
name: demo
title: Demo meeting
minutes: 30
sections:
  - title: One
    minutes: 10
  - title: Two
    minutes: 15
    prompts:
      - a prompt
  - title: Three
    minutes: 5
";

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
    fn every_builtin_parses_and_adds_up() {
        for (file, source) in BUILTIN_SOURCES {
            let agenda = parse(source, file).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(agenda.planned_minutes(), agenda.minutes, "{file}");
            assert!(!agenda.checklist.is_empty(), "{file} has no checklist");
            for section in &agenda.sections {
                assert!(!section.goal.is_empty(), "{file}: {}", section.title);
                assert!(!section.prompts.is_empty(), "{file}: {}", section.title);
                for prompt in &section.prompts {
                    assert!(prompt.chars().count() <= 70, "{file}: {prompt}");
                }
            }
        }
        let names: Vec<String> = builtin().into_iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "introductory",
                "new-ase",
                "bundled-kickoff",
                "ase-csa-alignment",
                "regular-sync"
            ]
        );
        assert_eq!(names[0], DEFAULT_AGENDA);
    }

    #[test]
    fn the_introductory_meeting_follows_the_handbook() {
        let agenda = &builtin()[0];
        assert_eq!(agenda.minutes, 60);
        assert_eq!(agenda.sections.len(), 5);
        let s = &agenda.sections;
        assert!(s[1].captures(Capture::Attendees));
        assert!(s[2].captures(Capture::PrimaryContacts) && s[2].captures(Capture::Goals));
        assert!(s[3].captures(Capture::Goals));
        assert!(s[4].captures(Capture::RegularMeeting));
    }

    #[test]
    fn a_valid_agenda_parses() {
        let agenda = parse(VALID, "demo.yaml").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(agenda.name, "demo");
        assert_eq!(agenda.sections[1].prompts, ["a prompt"]);
    }

    #[test]
    fn a_misspelt_field_is_located_and_names_the_expected_ones() {
        let source = VALID.replace("    minutes: 15", "    minuts: 15");
        let errors = errors(&source);
        assert_eq!(located(&errors), [(8, 5)]);
        assert!(errors[0].message.contains("unknown field `minuts`"));
        assert!(errors[0].message.contains("`minutes`"));
        assert!(!errors[0].message.contains(" at line "));
        assert!(
            errors[0]
                .to_string()
                .starts_with("demo.yaml:8:5: sections[1]: unknown field")
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
        assert_eq!(located(&errors), [(8, 5)]);
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
    fn a_user_agenda_overrides_a_builtin_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let mine = VALID.replace("name: demo", "name: regular-sync");
        fs::write(dir.path().join("b-sync.yaml"), mine).unwrap();
        fs::write(dir.path().join("a-demo.yml"), VALID).unwrap();
        fs::write(dir.path().join("ignored.txt"), "not an agenda").unwrap();
        let catalog = Catalog::load(Some(dir.path()));
        assert!(catalog.problems.is_empty(), "{:?}", catalog.problems);
        let names: Vec<&str> = catalog
            .entries
            .iter()
            .map(|e| e.agenda.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "introductory",
                "new-ase",
                "bundled-kickoff",
                "ase-csa-alignment",
                "regular-sync",
                "demo"
            ]
        );
        let sync = catalog.find("regular-sync").unwrap();
        assert_eq!(sync.origin, Origin::User(dir.path().join("b-sync.yaml")));
        assert_eq!(sync.agenda.title, "Demo meeting");
        assert_eq!(
            catalog.find("introductory").unwrap().origin,
            Origin::Builtin
        );
    }

    #[test]
    fn a_broken_user_file_lands_in_problems() {
        let dir = tempfile::tempdir().unwrap();
        let broken = dir.path().join("broken.yaml");
        fs::write(&broken, VALID.replace("minutes: 30", "minutes: 31")).unwrap();
        fs::write(dir.path().join("copy.yaml"), VALID).unwrap();
        fs::write(dir.path().join("same-name.yaml"), VALID).unwrap();
        let catalog = Catalog::load(Some(dir.path()));
        assert_eq!(catalog.entries.len(), 6);
        let problems: Vec<String> = catalog.problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with(&format!("{}:3:1: sections add up", broken.display())));
        assert!(problems[1].contains("already used by"));
    }

    #[test]
    fn a_missing_user_dir_is_no_problem() {
        let catalog = Catalog::load(Some(Path::new("/nonexistent/kickoff/agendas")));
        assert!(catalog.problems.is_empty());
        assert_eq!(catalog.entries.len(), 5);
    }

    #[test]
    fn resolve_takes_a_name_then_a_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.yaml");
        fs::write(&path, VALID).unwrap();
        let catalog = Catalog::load(None);
        assert_eq!(resolve(&catalog, "new-ase").unwrap().name, "new-ase");
        assert_eq!(
            resolve(&catalog, path.to_str().unwrap()).unwrap().name,
            "demo"
        );
        let errors = resolve(&catalog, "nope.yaml").unwrap_err();
        assert_eq!(errors[0].file, "nope.yaml");
    }

    #[test]
    fn resolve_of_an_unknown_name_says_how_to_list_them() {
        let errors = resolve(&Catalog::load(None), "weekly").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "<command line>:1:1: no agenda named `weekly`; run `kickoff agendas` to list them"
        );
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
