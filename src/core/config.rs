//! The user's settings: `<config dir>/config.yaml` (see [`crate::core::store::config_dir`];
//! `KICKOFF_CONFIG_DIR` overrides the directory). A missing file means the defaults.
//!
//! ```yaml
//! time_zone: Europe/Berlin   # the ASE's own zone, as people type it; detected when absent
//! working_hours: 08:00-16:00 # the ASE's, on their own clock; 09:00-17:00 Mon-Fri when absent
//! drift:
//!   enabled: true            # false switches drift detection off
//!   sensitivity: normal      # low | normal | high
//!   extra_phrases:
//!     troubleshooting: ["sidekiq retries", "helm rollback"]
//!     labeling: ["@who is our ~2 champion"]
//!   ignore_phrases: ["error budget review"]
//! references: false          # true lets #123, !45 and group/project#123 in the notes
//!                            # through as GitLab references (see docs/export.md)
//! ```
//!
//! Phrases use the detector's notation (see [`crate::core::drift`] and `docs/drift.md`).
//! Unknown keys, wrong types, bad phrases, non-UTF-8 text and files over
//! [`MAX_FILE_BYTES`] are refused with a `file:line:column: message` error.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::drift::{Detector, FindingKind, Sensitivity};
use super::export::Options;
use super::slots::{Person, WorkingHours};
use super::text_file::{ReadError, read_limited};
use super::yaml_guard::{self, Breach, CONFIG, located_yaml_message};
use super::zone::{self, Zone};

/// The config file's name inside the config directory.
pub const FILE_NAME: &str = "config.yaml";

/// Config files larger than this are refused (it is a few lines of settings).
pub const MAX_FILE_BYTES: u64 = CONFIG.max_bytes;

/// What `kickoff config --init` writes: every setting at its default value, each with a
/// comment saying what it does. It parses to [`Config::default`] (a test checks that, and
/// that every setting is in it).
pub const DEFAULT_FILE: &str = "\
# kickoff settings. Every value below is the default: change what you need, or
# delete a line to go back to its default. Unknown keys are refused with their line
# and column; `kickoff config` checks this file.

# Drift detection: while notes are typed, kickoff flags notes that drift into
# troubleshooting or label colleagues, and `kickoff scan` checks a file the same
# way. How it works and the phrase notation: docs/drift.md.
drift:
  # false switches drift detection off: no banner and no flagged notes.
  enabled: true
  # How eager the detector is:
  #   low     only hard evidence: stack traces, log lines, error text, HTTP 5xx,
  #           failing jobs, breakage after upgrades, and \"X is our expert\" labels
  #   normal  every built-in rule
  #   high    also weak hints (\"an issue with the runner\", \"a bug in\"): catches
  #           more, and more false alarms
  sensitivity: normal
  # Your own phrases that flag drift on top of the built-in rules, by kind, for
  # example:
  #   troubleshooting: [\"helm rollback\", \"sidekiq ~2 retr*\"]
  #   labeling: [\"@whois our ~3 champion\"]
  extra_phrases:
    # Phrases that flag a note as troubleshooting (park it as a follow-up).
    troubleshooting: []
    # Phrases that flag a note as labeling a colleague (reword it).
    labeling: []
  # Phrases that silence any finding overlapping them, e.g. [\"error budget review\"].
  ignore_phrases: []

# true exports #123, !45 and group/project#123 in the notes as GitLab references
# (links to issues and merge requests) in both export versions and the follow-up;
# false keeps them literal text, so numbers in the notes never link to unrelated
# issues. See docs/export.md.
references: false

# Your own time zone, typed as you would say it (Berlin, Europe/Berlin, CET,
# UTC+1). Without it kickoff uses the system's. It sets the times of suggested slots
# and the ASE line of the export's local times. See docs/scheduling.md.
# time_zone: Europe/Berlin

# Your working hours on your own clock, for slot suggestions; without it
# 09:00-17:00 Monday to Friday. Days and times as people write them, e.g.
# working_hours: Sun-Thu 08:00-16:00

# Your name as the other seat of a shared meeting sees it (kickoff join, ^B);
# without it, your login name.
# name: Dana Kim

# Days a joined seat keeps its private copy of the host's meeting; the copy is
# removed sooner, when you quit after exporting it. See docs/second-seat.md.
# joined_copy_days: 7
";

/// How many days a joined seat keeps its copy of a meeting unless configured.
pub const JOINED_COPY_DAYS: u32 = 7;

/// Everything in `config.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The ASE's own time zone as typed (`Europe/Berlin`, `Berlin`, `CET`, `UTC+1`); checked
    /// when the file is read. When absent the zone is detected from the system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The ASE's working hours on their own clock; 09:00-17:00 Monday to Friday when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_hours: Option<WorkingHours>,
    /// Drift detection settings.
    pub drift: DriftConfig,
    /// Whether `#123`, `!45` and `group/project#123` in the notes are exported as GitLab
    /// references (off: they stay literal text).
    pub references: bool,
    /// The user's name as the other seat of a shared meeting sees it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Days a joined seat keeps its copy of a meeting; [`JOINED_COPY_DAYS`] when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_copy_days: Option<u32>,
}

impl Config {
    /// The export options these settings describe.
    pub fn export_options(&self) -> Options {
        Options {
            references: self.references,
            ase_zone: self.ase_zone(),
        }
    }
}

impl Config {
    /// The ASE's zone: the configured one, else the detected one; `None` when neither is
    /// known (a configured zone was checked when the file was read).
    pub fn ase_zone(&self) -> Option<Zone> {
        zone::configured_or_detected(self.time_zone.as_deref())
            .ok()
            .flatten()
    }

    /// The ASE as a person for slot finding, named `name`: in [`Config::ase_zone`] (`None`
    /// when it is not known), with the configured working hours.
    pub fn ase(&self, name: &str) -> Option<Person> {
        self.ase_zone().map(|zone| Person {
            name: name.to_owned(),
            zone,
            hours: self.working_hours.unwrap_or_default(),
        })
    }
}

/// The `drift:` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DriftConfig {
    /// Whether notes are checked for drift at all.
    pub enabled: bool,
    /// How eager the detector is.
    pub sensitivity: Sensitivity,
    /// Phrases that flag drift in addition to the built-in rules.
    pub extra_phrases: ExtraPhrases,
    /// Phrases that silence any finding overlapping them.
    pub ignore_phrases: Vec<String>,
}

impl Default for DriftConfig {
    fn default() -> Self {
        DriftConfig {
            enabled: true,
            sensitivity: Sensitivity::Normal,
            extra_phrases: ExtraPhrases::default(),
            ignore_phrases: Vec::new(),
        }
    }
}

/// The user's extra phrases, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtraPhrases {
    /// Extra troubleshooting phrases.
    pub troubleshooting: Vec<String>,
    /// Extra labeling phrases.
    pub labeling: Vec<String>,
}

impl DriftConfig {
    /// The detector these settings describe. The phrases were checked when the file was
    /// parsed; a phrase that is still refused here is reported as the error.
    pub fn detector(&self) -> Result<Detector, super::drift::PhraseError> {
        if !self.enabled {
            return Ok(Detector::disabled());
        }
        let mut detector = Detector::new(self.sensitivity);
        for (kind, phrases) in [
            (
                FindingKind::Troubleshooting,
                &self.extra_phrases.troubleshooting,
            ),
            (FindingKind::Labeling, &self.extra_phrases.labeling),
        ] {
            for phrase in phrases {
                detector.add_phrase(kind, phrase)?;
            }
        }
        for phrase in &self.ignore_phrases {
            detector.add_ignore(phrase)?;
        }
        Ok(detector)
    }
}

/// A problem in the config file, located at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct ConfigError {
    /// The file as named to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl ConfigError {
    fn at(file: &str, (line, column): (usize, usize), message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// The config file's path in `config_dir`.
pub fn path_in(config_dir: &Path) -> PathBuf {
    config_dir.join(FILE_NAME)
}

/// Loads `<config_dir>/config.yaml`; a missing file gives the defaults.
pub fn load(config_dir: &Path) -> Result<Config, ConfigError> {
    let path = path_in(config_dir);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        _ => load_file(&path),
    }
}

/// Reads and parses the config file at `path`.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let file = path.display().to_string();
    let source = read_limited(path, MAX_FILE_BYTES).map_err(|error| match error {
        ReadError::Io { source, .. } => {
            ConfigError::at(&file, (1, 1), format!("cannot read the file: {source}"))
        }
        ReadError::Directory => {
            ConfigError::at(&file, (1, 1), "this is a directory, not a config file")
        }
        ReadError::TooLarge(bytes) => {
            refused(&file, CONFIG.refusal((1, 1), Breach::TooLarge(bytes)))
        }
        ReadError::NotUtf8(line, column) => ConfigError::at(
            &file,
            (line, column),
            "the file is not UTF-8 text: save it as UTF-8",
        ),
    })?;
    parse(&source, &file)
}

/// The error for a text the YAML guard refused.
fn refused(file: &str, refusal: yaml_guard::Refusal) -> ConfigError {
    ConfigError::at(file, (refusal.line, refusal.column), refusal.message)
}

/// Parses config text; `file` names it in errors.
pub fn parse(source: &str, file: &str) -> Result<Config, ConfigError> {
    yaml_guard::check(source, &CONFIG).map_err(|refusal| refused(file, refusal))?;
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    if source
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Config::default());
    }
    let config: Config = serde_yaml::from_str(source).map_err(|e| {
        let mut error = yaml_error(file, &e);
        // The YAML library places a value it read but could not convert at the start of
        // the document, not at the value.
        if error.message.starts_with("working hours") {
            (error.line, error.column) = locate_key(source, "working_hours");
            error.message = format!("working_hours: {}", error.message);
        }
        error
    })?;
    if let Some(typed) = &config.time_zone
        && let Err(e) = zone::parse(typed)
    {
        return Err(ConfigError::at(
            file,
            locate_key(source, "time_zone"),
            format!("time_zone: {e}"),
        ));
    }
    if let Err(e) = config.drift.detector() {
        let position = locate_phrase(source, &e.message);
        return Err(ConfigError::at(file, position, format!("drift: {e}")));
    }
    Ok(config)
}

/// The position of the value of the top-level `key` in `source`, or 1:1.
fn locate_key(source: &str, key: &str) -> (usize, usize) {
    for (i, line) in source.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let value = rest.len() - rest.trim_start().len();
            return (i + 1, key.chars().count() + 2 + value);
        }
    }
    (1, 1)
}

/// The position of the quoted phrase named in `message` in `source`, or 1:1.
fn locate_phrase(source: &str, message: &str) -> (usize, usize) {
    let phrase = message
        .split_once('"')
        .and_then(|(_, rest)| rest.rsplit_once("\": ").map(|(p, _)| p))
        .unwrap_or_default();
    let needle = phrase.trim();
    if needle.is_empty() {
        return (1, 1);
    }
    for (i, line) in source.lines().enumerate() {
        if let Some(byte) = line.find(needle) {
            let column = line.get(..byte).map_or(0, |s| s.chars().count()) + 1;
            return (i + 1, column);
        }
    }
    (1, 1)
}

/// A located YAML error, keeping serde's message without its own position suffix.
fn yaml_error(file: &str, error: &serde_yaml::Error) -> ConfigError {
    let (position, mut message) = located_yaml_message(error);
    if message.contains("unknown field") {
        message.push_str(" (check the spelling)");
    }
    ConfigError::at(file, position, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::zone::iana;

    fn err(source: &str) -> ConfigError {
        match parse(source, "config.yaml") {
            Err(e) => e,
            Ok(c) => unreachable!("parsed: {c:?}"),
        }
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        assert_eq!(parse(DEFAULT_FILE, "config.yaml"), Ok(Config::default()));
    }

    /// Every key of `value` as a path of names, parents first.
    fn key_paths(value: &serde_yaml::Value, prefix: &[String], into: &mut Vec<Vec<String>>) {
        if let serde_yaml::Value::Mapping(map) = value {
            for (key, child) in map {
                let mut path = prefix.to_vec();
                path.push(key.as_str().unwrap().to_owned());
                into.push(path.clone());
                key_paths(child, &path, into);
            }
        }
    }

    #[test]
    fn every_setting_is_in_the_default_file_with_a_comment_above_it() {
        let mut settings = Vec::new();
        key_paths(
            &serde_yaml::to_value(Config::default()).unwrap(),
            &[],
            &mut settings,
        );
        assert!(settings.len() >= 7, "{settings:?}");
        let lines: Vec<&str> = DEFAULT_FILE.lines().collect();
        for path in settings {
            let depth = path.len() - 1;
            let key = format!("{}{}:", "  ".repeat(depth), path[depth]);
            let at = lines
                .iter()
                .position(|l| l.starts_with(&key))
                .unwrap_or_else(|| panic!("{path:?} is not in the default file"));
            let above = lines[..at].iter().rev().find(|l| !l.trim().is_empty());
            assert!(
                above.is_some_and(|l| l.trim_start().starts_with('#')),
                "{path:?} has no comment above it"
            );
        }
        // Settings without a default are shown commented out, and read back as written.
        for (key, example) in [
            ("time_zone", "Europe/Berlin"),
            ("working_hours", "Sun-Thu 08:00-16:00"),
            ("name", "Dana Kim"),
            ("joined_copy_days", "7"),
        ] {
            let line = format!("# {key}: {example}");
            assert!(
                DEFAULT_FILE.contains(&line),
                "{key} is not in the default file"
            );
            let set = DEFAULT_FILE.replace(&line, &format!("{key}: {example}"));
            let config = parse(&set, "config.yaml").unwrap();
            assert_ne!(config, Config::default(), "{key} was not read");
        }
    }

    #[test]
    fn empty_and_comment_only_files_are_the_defaults() {
        assert_eq!(parse("", "c"), Ok(Config::default()));
        assert_eq!(parse("# nothing yet\n\n", "c"), Ok(Config::default()));
        assert!(Config::default().drift.enabled);
    }

    #[test]
    fn a_full_drift_block_parses_and_builds_its_detector() {
        let source = "drift:\n  enabled: true\n  sensitivity: high\n  extra_phrases:\n    \
                      troubleshooting: [\"sidekiq retries\"]\n    labeling: [\"@who is our ~2 champion\"]\n  \
                      ignore_phrases: [\"error budget review\"]\n";
        let config = parse(source, "c").unwrap();
        assert_eq!(config.drift.sensitivity, Sensitivity::High);
        let detector = config.drift.detector().unwrap();
        let f = detector
            .strongest("we saw sidekiq retries this week")
            .unwrap();
        assert_eq!(f.kind, FindingKind::Troubleshooting);
        assert_eq!(f.matched, "sidekiq retries");
        assert!(f.reason.contains("sidekiq retries"), "{}", f.reason);
        let f = detector
            .strongest("Dana is our automation champion")
            .unwrap();
        assert_eq!(f.kind, FindingKind::Labeling);
        assert!(
            detector
                .scan("the error budget review is monthly")
                .is_empty()
        );
    }

    #[test]
    fn switched_off_means_no_findings() {
        let config = parse("drift:\n  enabled: false\n", "c").unwrap();
        let detector = config.drift.detector().unwrap();
        assert!(!detector.is_enabled());
        assert!(detector.scan("ERROR: Job failed: exit code 1").is_empty());
    }

    #[test]
    fn references_are_off_unless_switched_on() {
        assert!(!Config::default().export_options().references);
        let config = parse("drift:\n  enabled: false\n", "c").unwrap();
        assert!(!config.export_options().references);
        let config = parse("references: true\n", "c").unwrap();
        assert!(config.export_options().references);
        assert!(config.drift.enabled, "the drift block keeps its defaults");
        let config = parse("references: false\ndrift:\n  sensitivity: low\n", "c").unwrap();
        assert!(!config.export_options().references);
        assert_eq!(config.drift.sensitivity, Sensitivity::Low);

        let e = err("drift:\n  enabled: true\nreferences: sometimes\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("sometimes"), "{e}");
        let e = err("drift:\n  references: true\n");
        assert_eq!((e.line, e.column), (2, 3), "belongs at the top level: {e}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located() {
        let e = err("drift:\n  sensitivty: high\n");
        assert_eq!((e.line, e.column), (2, 3), "{e}");
        assert!(e.message.contains("unknown field `sensitivty`"), "{e}");
        assert!(e.to_string().starts_with("config.yaml:2:3: "), "{e}");

        let e = err("drift:\n  sensitivity: extreme\n");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("extreme"), "{e}");

        let e = err("drift:\n  enabled: maybe\n");
        assert_eq!(e.line, 2, "{e}");

        let e = err("colours: dark\n");
        assert!(e.message.contains("unknown field `colours`"), "{e}");

        let e = err("drift: [\n");
        assert!(e.line >= 1, "{e}");
    }

    #[test]
    fn bad_phrases_are_located() {
        let e = err(
            "drift:\n  extra_phrases:\n    troubleshooting:\n      - \"ok phrase\"\n      - \"@nosuch thing\"\n",
        );
        assert_eq!((e.line, e.column), (5, 10), "{e}");
        assert!(e.message.contains("unknown @name"), "{e}");

        let e = err("drift:\n  ignore_phrases: [\"~3 error\"]\n");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("must start with a word"), "{e}");

        let e = err("drift:\n  ignore_phrases: [\"  \"]\n");
        assert!(e.message.contains("is empty"), "{e}");
    }

    #[test]
    fn deep_nesting_and_alias_bombs_are_refused_before_parsing() {
        // 200 KB of `[`: the YAML parser would take tens of seconds over it.
        let e = err(&"[".repeat(200 * 1024));
        assert_eq!((e.line, e.column), (1, 65), "{e}");
        assert!(e.message.contains("nested more than 64 levels"), "{e}");
        assert!(
            e.message.contains("move it away to use the defaults"),
            "{e}"
        );
        let e = err(&format!(
            "drift:\n  ignore_phrases: {}\n",
            "{a: ".repeat(10_000)
        ));
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("nested"), "{e}");
        let bomb = format!(
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [{}]\nc: [{}]\n",
            ["*a"; 9].join(", "),
            ["*b"; 9].join(", ")
        );
        let e = err(&bomb);
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("aliases"), "{e}");
    }

    #[test]
    fn the_ases_zone_and_working_hours() {
        let config = parse(
            "# mine\ntime_zone: Bangalore\nworking_hours: Sun-Thu 08:00-16:00\n",
            "c",
        )
        .unwrap();
        let ase = config.ase("You").unwrap();
        assert_eq!(ase.zone, iana("Asia/Kolkata"));
        assert_eq!(ase.hours.to_string(), "Sun-Thu 08:00-16:00");
        assert_eq!(ase.name, "You");

        let e = err("drift:\n  enabled: true\ntime_zone:   Atlantis\n");
        assert_eq!((e.line, e.column), (3, 14), "{e}");
        assert!(
            e.message
                .starts_with("time_zone: unknown time zone \"Atlantis\""),
            "{e}"
        );
        let e = err("time_zone: UTC+15\n");
        assert_eq!((e.line, e.column), (1, 12), "{e}");
        assert!(e.message.contains("not a valid offset"), "{e}");

        let e = err("\nworking_hours: all day\n");
        assert_eq!((e.line, e.column), (2, 16), "{e}");
        assert!(e.message.starts_with("working_hours: "), "{e}");
        assert!(e.message.contains("working hours \"all day\""), "{e}");
    }

    #[test]
    fn files_missing_big_or_not_utf8() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Ok(Config::default()));

        let path = path_in(dir.path());
        fs::write(&path, b"drift:\n  enabled: \xff\n").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert_eq!((e.line, e.column), (2, 12), "{e}");
        assert!(e.file.ends_with(FILE_NAME));

        fs::write(&path, vec![b'#'; MAX_FILE_BYTES as usize + 10]).unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.message.contains("over the 256 KiB limit"), "{e}");
        fs::write(&path, vec![b'#'; MAX_FILE_BYTES as usize]).unwrap();
        assert_eq!(load(dir.path()), Ok(Config::default()));

        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert!(load(dir.path()).unwrap_err().message.contains("directory"));
    }
}
