//! Drift detection: troubleshooting talk and labeling phrases in notes (pure text in,
//! findings out).
//!
//! The handbook's sharpest rule for the introductory meeting is that it must not turn
//! into a troubleshooting session; it also advises against labeling colleagues ("X is
//! our database expert"). [`scan`] looks at one note (one line of text) and reports what
//! it found, strongest first, so the screen can raise a banner.
//!
//! # How it works
//!
//! `docs/drift.md` is the full description, with the figures. In short:
//!
//! * `tokens`: the note is split into tokens that keep their byte offsets (words with
//!   inner apostrophes and hyphens, single punctuation characters); each carries its
//!   normalized form, its id in the vocabulary and class bits (technical noun, problem
//!   word, label noun, capitalised, code-like, ...).
//! * `rules`: a table of rule families, each with a banner reason and phrase patterns in
//!   a small notation (`pattern`) or a hand-written shape (`shapes`: stack frames, log
//!   lines, commands with arguments, status tables, HTTP statuses next to what returned
//!   them).
//! * `frames`: every troubleshooting finding passes through the note's frame: deferred,
//!   history, hypothetical or context silence it unless the meeting works on it live; a
//!   goal, pain point or habit silences it unless someone does the work; live work
//!   ("walked us through", "on screen", "spent 20 min on") is drift without an error
//!   word.
//! * `engine`: one pass over the tokens tries each pattern only where its first (or
//!   second) word occurs, then the frames decide, then one finding per family is kept.
//!   A labeling-only pass ([`labeling`]) rules out most notes before tokenizing them.
//! * `model`: a word model (naive Bayes over words and word pairs, trained on the
//!   corpus's tuning styles and shipped trained) gives a second opinion: it silences
//!   soft troubleshooting findings in notes it is sure are benign, and in notes nothing
//!   else flags it adds troubleshooting (where the frames allow it) or a label it is
//!   sure of, quoting the words they rest on.
//!
//! # Choices
//!
//! * Specific phrases with context beat bare words: `error budget`, `error rates`,
//!   `with the exception of` and `regression testing` stay quiet; `Error:`, `ERROR`,
//!   `TypeError` and `exception in thread` do not.
//! * A problem word needs a system: symptoms count next to a technical noun or a
//!   code-like word, so "the team is behind" stays quiet.
//! * People are not systems: "we can't start until the SOW is signed" is quiet, "the
//!   runner can't start" is not.
//! * Labels pin an expertise on a person, oneself included ("I'm basically the Helm
//!   guy"); self-reported strengths ("I'm good at Ruby") and roles ("she is our DRI",
//!   "the person on call") are not labels.

mod engine;
mod frames;
mod model;
mod pattern;
mod rules;
mod shapes;
mod tokens;
mod words;

#[cfg(any(test, feature = "testkit"))]
pub(crate) use model::trained_styles;

use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use engine::{Candidate, Reason, overlaps, select};
use pattern::{Pattern, user_pattern};
use rules::{Family, LABEL_EXPERT};
use tokens::Line;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The meeting is drifting into a troubleshooting session.
    Troubleshooting,
    /// A person is being labeled ("X is our database expert").
    Labeling,
}

/// One match in a piece of text, with the words it matched and why they matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Troubleshooting or labeling.
    pub kind: FindingKind,
    /// The words of the text that matched, as typed.
    pub matched: String,
    /// Why this counts, in a short phrase for the banner.
    pub reason: String,
    /// Byte range of the match in the scanned text.
    pub range: Range<usize>,
    /// What sort of evidence it is (hard evidence, a symptom, a request, a label).
    pub signal: Signal,
    /// How loudly to warn: [`Level::Notice`] from [`scan`]; [`Detector::assess`] raises
    /// it from the meeting's context.
    pub level: Level,
    /// Why the level is what it is, in a short sentence for the banner; empty at
    /// [`Level::Notice`] without context.
    pub why: String,
}

impl Finding {
    /// Whether the finding is troubleshooting whatever note came before: what makes the
    /// next note a step of the same thread ([`Detector::strongest_and_label_after`]).
    pub fn troubleshooting_on_its_own(&self) -> bool {
        self.kind == FindingKind::Troubleshooting && self.reason != rules::TROUBLE_THREAD
    }

    /// The whole banner text: the matched words, the reason and why the level.
    pub fn banner(&self) -> String {
        let mut text = format!("Matched \"{}\": {}.", self.matched, self.reason);
        if !self.why.is_empty() {
            text.push_str(&format!(" {}: {}", self.level.label(), self.why));
        }
        text
    }
}

/// What sort of evidence a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Text pasted from a system: a stack trace, a log line, error text, an HTTP status,
    /// a failing job, breakage after an upgrade.
    Evidence,
    /// Someone describing a system misbehaving ("the runner keeps restarting").
    Symptom,
    /// Someone asking to debug or fix something now.
    Request,
    /// A label on a person.
    Label,
}

/// How loudly a finding should be shown, lowest first.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// One note looks like drift: worth a glance.
    #[default]
    Notice,
    /// The context makes it likelier the meeting is drifting.
    Warning,
    /// The meeting has drifted: several signals at once.
    Alert,
}

impl Level {
    /// `notice`, `warning` or `alert`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Notice => "Notice",
            Level::Warning => "Warning",
            Level::Alert => "Alert",
        }
    }

    fn raised(self) -> Level {
        match self {
            Level::Notice => Level::Warning,
            Level::Warning | Level::Alert => Level::Alert,
        }
    }
}

/// Where in the meeting a note was typed: the signals beyond its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriftContext {
    /// The current section's title.
    pub section_title: String,
    /// Troubleshooting notes directly before this one in the section (blank lines
    /// skipped), not counting this one.
    pub consecutive_flagged_notes: usize,
    /// Seconds spent in the section so far.
    pub section_elapsed_secs: i64,
    /// Seconds planned for the section (0 when unknown).
    pub section_planned_secs: i64,
}

/// Consecutive troubleshooting notes (this one included) from which the level rises.
pub const STREAK: usize = 3;

/// How far over its plan (in percent of the plan) a section must be before time drift
/// raises the level.
pub const OVERRUN_PERCENT: i64 = 25;

impl DriftContext {
    /// Whether this is the "their GitLab plans" part of the agenda, where pain points
    /// come up and easily turn into debugging.
    pub fn in_plans_section(&self) -> bool {
        let title = self.section_title.to_lowercase();
        title.contains("plans") || title.contains("how they use")
    }

    /// Minutes over plan, when the section is more than [`OVERRUN_PERCENT`] over it.
    pub fn overrun_minutes(&self) -> Option<i64> {
        let over = self.section_elapsed_secs - self.section_planned_secs;
        (self.section_planned_secs > 0
            && over > 0
            && over.saturating_mul(100) > self.section_planned_secs.saturating_mul(OVERRUN_PERCENT))
        .then_some((over + 59) / 60)
    }
}

/// Sets a finding's level and explanation from its context. Pure.
///
/// * Labels stay a [`Level::Notice`]: a gentle reminder.
/// * In the plans section, hard evidence or a request to fix something raises the level
///   (a pain point turning into debugging); describing what is not going well does not.
/// * The [`STREAK`]th troubleshooting note in a row raises it.
/// * A section more than [`OVERRUN_PERCENT`] over its plan raises it while
///   troubleshooting notes pile up (this one and at least one before it).
pub fn assess(mut finding: Finding, context: &DriftContext) -> Finding {
    finding.level = Level::Notice;
    finding.why.clear();
    if finding.kind == FindingKind::Labeling {
        return finding;
    }
    let mut reasons = Vec::new();
    let mut level = Level::Notice;
    if context.in_plans_section() {
        match finding.signal {
            Signal::Evidence | Signal::Request => {
                level = level.raised();
                reasons.push(format!(
                    "in \"{}\" a pain point is turning into debugging",
                    context.section_title
                ));
            }
            Signal::Symptom | Signal::Label => reasons.push(
                "what is not going well belongs here; park it if it turns into debugging"
                    .to_owned(),
            ),
        }
    }
    let streak = context.consecutive_flagged_notes + 1;
    if streak >= STREAK {
        level = level.raised();
        reasons.push(format!("{streak} troubleshooting notes in a row"));
    }
    if let Some(minutes) = context.overrun_minutes()
        && streak >= 2
    {
        level = level.raised();
        reasons.push(format!(
            "the section is {minutes} min over its plan while troubleshooting notes pile up"
        ));
    }
    finding.level = level;
    if !reasons.is_empty() {
        finding.why = format!("{}.", reasons.join("; "));
    }
    finding
}

/// Builds the detector's shared tables (the vocabulary, the rule index, the label
/// filter, the word model) now instead of at the first note. Called on a spare thread
/// while a meeting loads, so that the first frame does not wait for them; a scan that
/// starts meanwhile waits for the tables being built, and they are built once.
pub fn prepare() {
    engine::prepare();
}

/// Scans one note (a line of text) with the default [`Detector`] and returns its
/// findings, strongest first.
///
/// At most one finding per rule family; findings never overlap. A clean line returns an
/// empty `Vec`. Never panics, whatever the input.
pub fn scan(text: &str) -> Vec<Finding> {
    DEFAULT.scan(text)
}

/// [`scan`] for a note that follows another in a thread of notes (see
/// [`Detector::strongest_and_label_after`]).
pub fn scan_after(text: &str, after_troubleshooting: bool) -> Vec<Finding> {
    DEFAULT.scan_after(text, after_troubleshooting)
}

static DEFAULT: LazyLock<Detector> = LazyLock::new(Detector::default);

/// How eager the detector is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    /// Only hard evidence: stack traces, log lines, error text, HTTP errors, failing
    /// jobs, breakage after upgrades, and "X is our expert" labels.
    Low,
    /// Every built-in rule (the default, the one the corpus figures are for).
    #[default]
    Normal,
    /// Also weak hints: "an issue with the runner", "a bug in", "slow" with a technical
    /// noun. Catches more, and more false alarms.
    High,
}

impl Sensitivity {
    fn includes(self, family: Family, reason: &str) -> bool {
        match self {
            Sensitivity::Normal | Sensitivity::High => {
                family != Family::Weak || self == Sensitivity::High
            }
            Sensitivity::Low => match family {
                Family::StackTrace
                | Family::LogLine
                | Family::ErrorMessage
                | Family::Http5xx
                | Family::FailingJob
                | Family::UpgradeBreakage
                | Family::Pasted => true,
                Family::Labeling => reason == LABEL_EXPERT,
                _ => false,
            },
        }
    }
}

/// A problem with a user's phrase (from the config file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PhraseError {
    /// What is wrong, naming the phrase.
    pub message: String,
}

/// The detector with its settings: sensitivity, the user's extra phrases and the
/// phrases to ignore. [`Detector::default`] is what [`scan`] uses.
#[derive(Debug, Clone)]
pub struct Detector {
    enabled: bool,
    sensitivity: Sensitivity,
    extra: Vec<(FindingKind, String, Pattern)>,
    ignore: Vec<Pattern>,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new(Sensitivity::Normal)
    }
}

impl Detector {
    /// A detector with the built-in rules at `sensitivity`.
    pub fn new(sensitivity: Sensitivity) -> Self {
        Detector {
            enabled: true,
            sensitivity,
            extra: Vec::new(),
            ignore: Vec::new(),
        }
    }

    /// A detector that never flags anything (drift detection switched off).
    pub fn disabled() -> Self {
        Detector {
            enabled: false,
            ..Detector::default()
        }
    }

    /// Whether it flags anything at all.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Its sensitivity.
    pub fn sensitivity(&self) -> Sensitivity {
        self.sensitivity
    }

    /// Adds a phrase (in the rule notation, see the module docs) that flags `kind`.
    pub fn add_phrase(&mut self, kind: FindingKind, phrase: &str) -> Result<(), PhraseError> {
        let pattern = user_pattern(phrase)?;
        self.extra.push((kind, phrase.trim().to_owned(), pattern));
        Ok(())
    }

    /// Adds a phrase whose matches silence every finding that overlaps them.
    pub fn add_ignore(&mut self, phrase: &str) -> Result<(), PhraseError> {
        self.ignore.push(user_pattern(phrase)?);
        Ok(())
    }

    /// Scans one note (a line of text); see [`scan`].
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        self.scan_after(text, false)
    }

    /// [`Detector::scan`] for a note that follows another in a thread of notes (see
    /// [`Detector::strongest_and_label_after`]).
    pub fn scan_after(&self, text: &str, after_troubleshooting: bool) -> Vec<Finding> {
        let candidates = self.candidates(text, after_troubleshooting);
        self.select(text, candidates)
    }

    /// What every rule (built-in and the user's) finds in one note, before the strongest
    /// of overlapping findings are chosen; `after_troubleshooting`: the note follows one
    /// that is troubleshooting on its own (see [`Detector::strongest_and_label_after`]).
    fn candidates(&self, text: &str, after_troubleshooting: bool) -> Vec<Candidate> {
        if !self.enabled || text.trim().is_empty() {
            return Vec::new();
        }
        let line = Line::new(text);
        let mut candidates = Vec::new();
        engine::builtin(
            &line,
            self.sensitivity,
            after_troubleshooting,
            &mut candidates,
        );
        for (n, (kind, _, pattern)) in self.extra.iter().enumerate() {
            if !pattern.may_match(&line) {
                continue;
            }
            let family = match kind {
                FindingKind::Troubleshooting => Family::UserTroubleshooting,
                FindingKind::Labeling => Family::UserLabeling,
            };
            candidates.extend(
                (0..line.toks.len())
                    .filter_map(|ti| pattern.match_at(&line, ti))
                    .map(|range| Candidate {
                        family,
                        reason: Reason::User(n),
                        range,
                    }),
            );
        }
        if !self.ignore.is_empty() {
            let mut ignored = Vec::new();
            for p in &self.ignore {
                p.find_all(&line, &mut ignored);
            }
            candidates.retain(|c| !ignored.iter().any(|e| overlaps(e, &c.range)));
        }
        candidates
    }

    /// The findings kept of `candidates` (see [`engine::select`]).
    fn select(&self, text: &str, candidates: Vec<Candidate>) -> Vec<Finding> {
        select(text, candidates, |n| match self.extra.get(n) {
            Some((_, phrase, _)) => format!("matches your phrase \"{phrase}\""),
            None => String::new(),
        })
    }

    /// The first label in one note, if any: what [`Detector::scan`] finds as labeling,
    /// and also a label that a troubleshooting finding over the same words outranks
    /// there ("Dana is our Kubernetes guru (406)"), since what keeps a line from the
    /// customer is the label, whatever else the line holds. Notes without a word some
    /// labeling rule needs (most of them) are ruled out without running the rules: what
    /// an export calls on every line.
    pub fn labeling(&self, text: &str) -> Option<Finding> {
        let user_labels = self
            .extra
            .iter()
            .any(|(kind, ..)| *kind == FindingKind::Labeling);
        if !self.enabled || !user_labels && !engine::may_label(text) {
            return None;
        }
        self.first_label(text, self.candidates(text, false))
    }

    /// The first label among `candidates` of `text`, whatever else outranks it.
    fn first_label(&self, text: &str, mut candidates: Vec<Candidate>) -> Option<Finding> {
        candidates.retain(|c| c.family.kind() == FindingKind::Labeling);
        self.select(text, candidates).into_iter().next()
    }

    /// The strongest finding in one note, if any.
    pub fn strongest(&self, text: &str) -> Option<Finding> {
        self.scan(text).into_iter().next()
    }

    /// [`Detector::strongest`] and, when it is troubleshooting, the label the note also
    /// holds ([`Detector::labeling`]), from one pass of the rules: what the meeting
    /// screen shows for the line being typed.
    pub fn strongest_and_label(&self, text: &str) -> Option<(Finding, Option<Finding>)> {
        self.strongest_and_label_after(text, false)
    }

    /// [`Detector::strongest_and_label`] for a note in a thread of notes: after a note
    /// that is troubleshooting on its own (`after_troubleshooting`, see
    /// [`Finding::troubleshooting_on_its_own`]), the word model reads a note as a step of
    /// the same troubleshooting at a lower bar ("restarted it, same thing", "now it hangs
    /// on the helper image"). `kickoff scan` and the meeting screen read each note after
    /// the one before it (blank lines skipped).
    pub fn strongest_and_label_after(
        &self,
        text: &str,
        after_troubleshooting: bool,
    ) -> Option<(Finding, Option<Finding>)> {
        let candidates = self.candidates(text, after_troubleshooting);
        let strongest = self.select(text, candidates.clone()).into_iter().next()?;
        let label = (strongest.kind == FindingKind::Troubleshooting)
            .then(|| self.first_label(text, candidates))
            .flatten();
        Some((strongest, label))
    }

    /// The strongest finding in one note with its level and explanation set from the
    /// meeting's context (see [`assess`]). This is what the meeting screen shows.
    pub fn assess(&self, text: &str, context: &DriftContext) -> Option<Finding> {
        self.strongest(text).map(|f| assess(f, context))
    }
}

impl FindingKind {
    /// `troubleshooting` or `labeling`, as `kickoff scan` prints it.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Troubleshooting => "troubleshooting",
            FindingKind::Labeling => "labeling",
        }
    }
}

/// The first label in one note with the default [`Detector`], if any (see
/// [`Detector::labeling`]): every label [`scan`] finds and those it ranks below
/// troubleshooting, cheaper on notes without one.
pub fn labeling(text: &str) -> Option<Finding> {
    DEFAULT.labeling(text)
}

/// The strongest finding in one note, if any (the first of [`scan`]).
pub fn strongest(text: &str) -> Option<Finding> {
    scan(text).into_iter().next()
}

/// The longest notes line the drift check reads whole.
const WHOLE_LINE: usize = 2048;
/// How many bytes of a longer line the drift check reads around the cursor: a few
/// sentences, about what an ordinary line holds.
const WINDOW_BYTES: usize = 256;

/// The part of a notes line the drift check reads: all of a line up to
/// [`WHOLE_LINE`] bytes; of a longer one, the whole words within [`WINDOW_BYTES`]
/// bytes around `cursor` (a byte in the line) when there is one, else at the line's end.
/// A keystroke in a 100 KB line then costs the drift check what it costs in an ordinary
/// one.
pub fn window(line: &str, cursor: Option<usize>) -> &str {
    if line.len() <= WHOLE_LINE {
        return line;
    }
    let around = cursor.map_or(line.len(), |at| at.min(line.len()));
    let boundary = |at: usize| {
        (0..=at)
            .rev()
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(0)
    };
    let end = boundary((around + WINDOW_BYTES / 4).min(line.len()));
    let start = boundary(end.saturating_sub(WINDOW_BYTES));
    let mut window = &line[start..end];
    // No word cut in half at either edge.
    if start > 0
        && let Some(i) = window.find(char::is_whitespace)
    {
        window = &window[i..];
    }
    if end < line.len()
        && let Some(i) = window.rfind(char::is_whitespace)
    {
        window = &window[..i];
    }
    window
}

#[cfg(test)]
mod tests {
    use super::rules::*;
    use super::*;

    #[test]
    fn the_drift_check_reads_a_line_up_to_the_limit_whole() {
        let line = "word ".repeat(WHOLE_LINE / 5);
        assert!(line.len() <= WHOLE_LINE);
        assert_eq!(window(&line, Some(3)), line);
        assert_eq!(window(&line, None), line);
    }

    #[test]
    fn the_drift_check_reads_whole_words_around_the_cursor_in_a_long_line() {
        let line: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        let words = |window: &str| -> Vec<u32> {
            window
                .split_whitespace()
                .map(|w| w.trim_start_matches('w').parse().expect("a whole word"))
                .collect()
        };
        let cursor = line.find("w10000 ").expect("the word is there");
        let read = window(&line, Some(cursor));
        assert!(read.len() <= WINDOW_BYTES, "{} bytes", read.len());
        let numbers = words(read);
        assert!(numbers.contains(&10_000), "{read}");
        // Consecutive whole words, more of them before the cursor than after.
        assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{read}");
        assert!(numbers[0] < 10_000 - 20 && *numbers.last().expect("words") < 10_000 + 20);
        // No cursor in the line: its end.
        let end = window(&line, None);
        assert!(end.len() <= WINDOW_BYTES);
        assert_eq!(words(end).last(), Some(&19_999));
    }

    #[test]
    fn notes_without_a_word_labels_need_are_ruled_out_before_the_rules() {
        for note in [
            "Dana wants to move Geo for the DR site",
            "the platform team is evaluating runner autoscaling on AWS",
            "佐藤さん asked about the 17.x upgrade path",
            "Our pipelines fail on the test stage",
        ] {
            assert!(!engine::may_label(note), "{note}");
        }
        for note in [
            "Alice is our database expert",
            "luis = go-to for runners",
            "she knows Gitaly inside out",
            "he's really good at CI/CD",
            "Zoë’s the Helm GURU",
            "René = our go-to→runners",
            "she’s kinda the Terraform person",
            "Łukasz is our Kubernetes expert 👍",
            "Ana-María knows Gitaly inside-out",
            // A closing quote is no joiner when no word follows.
            "Dana is our Kubernetes guru’",
            "“Dana is our Kubernetes guru’ (she said)",
        ] {
            assert!(engine::may_label(note), "{note}");
            assert!(labeling(note).is_some(), "{note}");
            let full = scan(note)
                .into_iter()
                .find(|f| f.kind == FindingKind::Labeling);
            assert_eq!(labeling(note), full, "{note}");
        }
    }

    /// The words a banner quotes close the bracket they open.
    #[test]
    fn a_quoted_match_closes_the_bracket_it_opens() {
        let finding = strongest("Dana is our Kubernetes guru (406)").expect("a finding");
        assert_eq!(finding.matched, "Kubernetes guru (406)");
        assert_eq!(
            finding.banner().matches('(').count(),
            finding.banner().matches(')').count()
        );
    }

    /// A label that a troubleshooting finding outranks on the screen is still a label
    /// for whoever must not see it.
    #[test]
    fn a_label_beside_an_error_code_is_still_a_label() {
        for note in [
            "Dana is our Kubernetes guru (406)",
            "Dana is our Kubernetes guru, 502 on /users/sign_in",
        ] {
            let label = labeling(note).expect(note);
            assert!(label.matched.contains("guru"), "{note}: {label:?}");
        }
        assert_eq!(labeling("we got a 406 from the registry"), None);
    }

    /// One pass gives what the two look-ups give: a label only under troubleshooting.
    #[test]
    fn the_strongest_finding_comes_with_the_label_under_it() {
        for note in [
            "Dana is our Kubernetes guru (406)",
            "Dana is our Kubernetes guru, 502 on /users/sign_in",
            "job 1234 fails with exit code 137",
            "Marta is our CI/CD wizard",
            "we agreed on the upgrade plan",
        ] {
            let strongest = strongest(note);
            let label = strongest
                .as_ref()
                .filter(|f| f.kind == FindingKind::Troubleshooting)
                .and_then(|_| labeling(note));
            let together = DEFAULT.strongest_and_label(note);
            assert_eq!(together, strongest.map(|s| (s, label)), "{note}");
        }
        let (_, label) = DEFAULT
            .strongest_and_label("Dana is our Kubernetes guru (406)")
            .expect("a finding");
        assert!(label.is_some_and(|l| l.matched.contains("guru")));
    }

    proptest::proptest! {
        /// Quotes, dashes, marks, accents and HTTP codes anywhere in a label: the
        /// labeling pass finds a label wherever the full scan finds one.
        #[test]
        fn the_labeling_pass_finds_what_the_scan_finds(
            base in proptest::sample::select(vec![
                "Dana is our Kubernetes guru",
                "luis = go-to for runners",
                "she knows Gitaly inside out",
                "Marcus is the Helm guy",
                "I'm basically the Terraform person",
                "Amara, our ML pipelines maven",
                "Arjun – pipeline optimisation guru",
                "Luis = go-to person for runners",
                "the CSA intro'd me as \"our CI/CD expert\"",
            ]),
            extra in proptest::collection::vec((0usize..64, proptest::sample::select(vec![
                "’", "ʼ", "‘", "“", "”", "-", "'", "\u{301}", "é", " ", ".", ",", "—",
                "\u{200d}", "…", "s", "’s", "–", "=", ":", "Zoë", "_", " (406)", " 502 ",
            ])), 0..4),
        ) {
            let mut note = base.to_owned();
            for (at, piece) in extra {
                let mut at = at % (note.len() + 1);
                while !note.is_char_boundary(at) {
                    at -= 1;
                }
                note.insert_str(at, piece);
            }
            let full = scan(&note).into_iter().find(|f| f.kind == FindingKind::Labeling);
            let found = labeling(&note);
            if let Some(full) = full {
                let found = found.ok_or_else(|| proptest::test_runner::TestCaseError::fail(note.clone()))?;
                proptest::prop_assert!(found.range.start <= full.range.start, "{}", note);
            }
        }
    }

    /// Sentences that drift into troubleshooting.
    const TROUBLESHOOTING: &[&str] = &[
        "Error: unable to access 'https://gitlab.example.com/foo.git'",
        "ERROR: Job failed: exit code 1",
        "wiki pages 404 after the migration",
        "the org chart helm chart fails to install",
        "we get a NullPointerException in the webhook handler",
        "Traceback (most recent call last):",
        "panic: runtime error: invalid memory address",
        "fatal: repository not found",
        "the runner segfaults on ARM",
        "git clone says Permission denied (publickey)",
        "connection refused when the runner talks to gitlab.example.com",
        "the deploy step timed out after 1h",
        "we keep getting timeouts on the registry",
        "No such file or directory: /builds/app/config.yml",
        "our runner can't register with the instance",
        "the runner cannot connect to the Docker daemon",
        "we are unable to pull images from the registry",
        "failed to authenticate against LDAP",
        "users see 502 Bad Gateway on the login page",
        "HTTP 503 from the API since Monday",
        "lots of 5xx errors on the web nodes",
        "the sidekiq pod was OOMKilled twice",
        "the container ends with exit code 137",
        "the script exited with exit status 2",
        "at com.example.Foo.bar(Foo.java:42)",
        "File \"/app/main.py\", line 3, in <module>",
        "    at Object.<anonymous> (/app/index.js:10:5)",
        "goroutine 1 [running]:",
        "our pipeline fails on the test stage",
        "job 1234 fails with a weird message",
        "the build is broken on main",
        "the deploy job is stuck",
        "jobs are stuck in pending for hours",
        "how do I fix this merge conflict",
        "how can we fix the flaky runner",
        "why does the release fail on tags",
        "can you look at our runner config?",
        "could you help us debug the LDAP sync",
        "we need to troubleshoot the Geo replication",
        "is there a workaround for the cache bug",
        "what was the root cause of that",
        "2024-05-01 12:00:01 ERROR Sidekiq job failed",
        "12:00:01.123 WARN slow query detected",
        "[error] upstream prematurely closed connection",
        "time=\"2024-05-01T12:00:01Z\" level=error msg=\"boom\"",
        "after upgrading to 17.2 the runners stopped working",
        "since the upgrade, merge requests fail to load",
        "there is a regression in 16.11 with the package registry",
        "the upgrade broke our LDAP login",
        "the runner keeps crashing",
        "x509: certificate signed by unknown authority",
        "the pod is in CrashLoopBackOff",
        "the API returns 500 for that endpoint",
        "the runner can't start after the reboot",
        "Geo replication is not working",
        "we keep hitting 502s on the registry",
        "TypeError: undefined is not a function",
        "the webhook times out",
        "why is the job stuck",
        "SSO is broken since Monday",
    ];

    /// Sentences typical of an introductory meeting that must stay quiet.
    const BENIGN: &[&str] = &[
        "I've been a support engineer for 3 years",
        "I'm in CET, UTC+1",
        "I've worked at GitLab since 2021, mostly on CI",
        "My biggest strengths are Kubernetes and Ruby",
        "Our pipelines are slow and we want to improve them",
        "We want to migrate from Jenkins",
        "Goal: reduce build times by 30%",
        "We had an outage last year and that is why we bought the service",
        "What's not going well: onboarding new teams is hard",
        "We use GitLab CI for 200 projects",
        "Error budgets are one of our SRE goals",
        "The upgrade to 17.0 is planned for Q3",
        "We'd like help planning the upgrade",
        "Pipeline efficiency is our top priority",
        "We debugged our process last quarter and it works well now",
        "With the exception of the mobile team, everyone uses GitLab",
        "We have 500 developers and 502 projects",
        "Weekly meeting on Tuesdays at 15:00 CET",
        "The ASE does not do emergency troubleshooting; open a ticket for that",
        "We don't want this to become a troubleshooting session",
        "Primary contacts: Alice (DRI) and Bob",
        "They chose GitLab to consolidate tools",
        "We want to improve deployment frequency",
        "Our goal is to fail fast and learn",
        "Security scanning is a must for us",
        "We'd like a collaboration project to track long-term plans",
        "Let's meet every other week on Thursdays",
        "Upcoming: time off in August, the upgrade to 17.3 after that",
        "We can't wait to get started",
        "We cannot start until the SOW is signed",
        "I'm unable to attend next week's call",
        "Can you look at the agenda for next week?",
        "We have 3 Kubernetes clusters and 40 runners",
        "Our SRE team tracks error rates and latency",
        "The team is moving to a monorepo next year",
        "We upgraded to 16.0 last year and it went smoothly",
        "Since the upgrade last month everything is faster",
        "What's going well: merge requests and code review",
        "Our main pain point is onboarding, not tooling",
        "Cache for Gradle not work good, is main pain",
        "Iryna — ticket about MR 500 error",
        "Jen: \"let's not go down the rabbit hole.\" Priya: \"two minutes\"",
        "let's not get into the weeds on the 502s",
        "Priya shares her screen to walk us through the org chart",
        "Lena showed the team's Confluence page on screen",
        "We use the Docker executor on AWS",
        "Time zone: PST (UTC-8), working hours 9-17",
        "Meeting started at 10:00:00 sharp",
        "Their CI/CD maturity is high",
        "Build times went from 40 to 12 minutes after the move",
        "A failed migration attempt in 2019 is why we are cautious",
        "We do regression testing before each release",
        "I'm not working on Fridays",
        "Alice is our DRI and Bob is the primary contact",
        "We want to reduce flaky tests and speed up reviews",
        "Our error handling guidelines are in the handbook",
        "We would like the ASE to help with upgrade planning",
        "The previous vendor's approach didn't work for us",
        "We run 1200 jobs per day",
        "I'm excited to learn how you use GitLab",
        "Decide what will not be done and what can wait",
        "Can you look into the timeline for the renewal?",
        "How do we fix our onboarding process?",
        "We'd love to get a root cause analysis process in place",
        "Our CI timeout settings are 1h",
        "We'd like to see fewer pipeline failures",
        "We had a failed audit last year",
        "We can't run that many meetings",
        "We failed to get buy-in from management",
        "After the upgrade we saw fewer issues",
        "We serve 503 customers and got 500 seats",
        "Exit interviews are part of our process",
        "Kubernetes is great at scaling",
    ];

    const LABELING: &[&str] = &[
        "Alice is our database expert",
        "Bob is the CI/CD go-to person",
        "she's the Kubernetes person",
        "He's really good at CI/CD",
        "This ASE is really good at CI/CD",
        "Ask Carol, she knows everything about Geo",
        "our resident security expert will join",
        "They're the pipeline wizards",
        "Erin is a real Ansible ninja",
        "Frank's the go-to for anything LDAP",
        "The CSA is a Terraform guru",
    ];

    const NOT_LABELING: &[&str] = &[
        "We need a Kubernetes expert",
        "I'm the DRI for this account",
        "Our goal is to become CI/CD experts",
        "Expert mode is enabled in the web IDE",
        "She is our DRI",
        "He is our primary contact",
        "I'm good at Ruby",
        "We are experts in Terraform",
        "She is the contact person for billing",
        "GitLab is our go-to tool for CI",
        "Nobody is an expert in everything",
        "I'm really good at pairing on Ruby",
        "You're the expert on your own setup",
    ];

    fn assert_slices(text: &str, findings: &[Finding]) {
        for f in findings {
            assert_eq!(
                text.get(f.range.clone()),
                Some(f.matched.as_str()),
                "{text}"
            );
        }
    }

    #[test]
    fn tables_are_big_enough() {
        assert!(TROUBLESHOOTING.len() >= 40);
        assert!(BENIGN.len() >= 40);
    }

    #[test]
    fn every_troubleshooting_sentence_is_flagged() {
        let mut missed = Vec::new();
        for text in TROUBLESHOOTING {
            let findings = scan(text);
            assert_slices(text, &findings);
            if findings.first().map(|f| f.kind) != Some(FindingKind::Troubleshooting) {
                missed.push(*text);
            }
        }
        assert!(missed.is_empty(), "not flagged: {missed:#?}");
    }

    #[test]
    fn no_benign_sentence_is_flagged() {
        let flagged: Vec<_> = BENIGN
            .iter()
            .filter_map(|text| strongest(text).map(|f| (*text, f.matched, f.reason)))
            .collect();
        assert!(flagged.is_empty(), "falsely flagged: {flagged:#?}");
    }

    #[test]
    fn labeling_is_flagged() {
        let mut missed = Vec::new();
        for text in LABELING {
            let findings = scan(text);
            assert_slices(text, &findings);
            if !findings.iter().any(|f| f.kind == FindingKind::Labeling) {
                missed.push(*text);
            }
        }
        assert!(missed.is_empty(), "not flagged: {missed:#?}");
    }

    #[test]
    fn roles_and_self_descriptions_are_not_labeling() {
        let flagged: Vec<_> = NOT_LABELING
            .iter()
            .filter_map(|text| strongest(text).map(|f| (*text, f.matched)))
            .collect();
        assert!(flagged.is_empty(), "falsely flagged: {flagged:#?}");
    }

    fn only(text: &str) -> Finding {
        let findings = scan(text);
        assert_slices(text, &findings);
        match findings.into_iter().next() {
            Some(f) => f,
            None => unreachable!("no finding in {text:?}"),
        }
    }

    #[test]
    fn matched_names_the_right_words() {
        let f = only("our runner can't register with the instance");
        assert_eq!(f.matched, "can't register");
        assert_eq!(f.reason, NOT_WORKING);

        let f = only("Alice is our database expert.");
        assert_eq!(f.matched, "Alice is our database expert");
        assert_eq!(f.kind, FindingKind::Labeling);
        assert_eq!(f.reason, "labels a person as the expert");

        let f = only("After upgrading to 17.2 the runners stopped working");
        assert_eq!(
            f.matched,
            "After upgrading to 17.2 the runners stopped working"
        );
        assert_eq!(f.reason, "breakage after an upgrade");

        let f = only("runners fail since the upgrade");
        assert_eq!(f.reason, "breakage after an upgrade");
        assert_eq!(f.matched, "fail since the upgrade");

        let f = only("so job 1234 fails again");
        assert_eq!(f.matched, "job 1234 fails");
        assert_eq!(f.reason, "a failing job");

        let f = only("2024-05-01 12:00:01 ERROR Sidekiq died");
        assert_eq!(f.matched, "2024-05-01 12:00:01 ERROR");
        assert_eq!(f.reason, "a log line");

        let f = only("users see 502 Bad Gateway");
        assert_eq!(f.matched, "502 Bad Gateway");
        assert_eq!(f.reason, "an HTTP 5xx error");

        let f = only("How do we fix it?");
        assert_eq!(f.matched, "How do we fix");
        assert_eq!(f.reason, "asking how to fix something");

        let f = only("  at com.foo.Bar.baz(Bar.java:12)  ");
        assert_eq!(f.matched, "at com.foo.Bar.baz(Bar.java:12)");
        assert_eq!(f.reason, "a stack trace");

        let f = only("Bob is the CI/CD go-to person");
        assert_eq!(f.matched, "Bob is the CI/CD go-to person");

        let f = only("lots of 5xx errors");
        assert_eq!(f.matched, "5xx errors");

        let f = only("the runner can’t connect");
        assert_eq!(f.matched, "can’t connect");
    }

    #[test]
    fn findings_are_strongest_first_one_per_family_and_disjoint() {
        let text = "ERROR: Job failed: exit code 1, how do I fix this? Alice is our CI expert";
        let findings = scan(text);
        assert_slices(text, &findings);
        let reasons: Vec<_> = findings.iter().map(|f| f.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [ERROR_MESSAGE, FAILING_JOB, FIX_REQUEST, LABEL_EXPERT]
        );
        assert_eq!(findings.first().map(|f| f.matched.as_str()), Some("ERROR:"));
        for (i, a) in findings.iter().enumerate() {
            for b in findings.iter().skip(i + 1) {
                assert!(!overlaps(&a.range, &b.range), "{a:?} overlaps {b:?}");
            }
        }
        assert_eq!(strongest(text), findings.first().cloned());
    }

    fn context(title: &str, before: usize, elapsed_min: i64, planned_min: i64) -> DriftContext {
        DriftContext {
            section_title: title.to_owned(),
            consecutive_flagged_notes: before,
            section_elapsed_secs: elapsed_min * 60,
            section_planned_secs: planned_min * 60,
        }
    }

    fn level_of(text: &str, ctx: &DriftContext) -> (Level, String) {
        match Detector::default().assess(text, ctx) {
            Some(f) => (f.level, f.why),
            None => unreachable!("no finding in {text:?}"),
        }
    }

    #[test]
    fn a_lone_note_outside_the_plans_section_is_a_notice_without_excuses() {
        let ctx = context("Introduce yourself", 0, 2, 5);
        let (level, why) = level_of("ERROR: Job failed: exit code 1", &ctx);
        assert_eq!(level, Level::Notice);
        assert_eq!(why, "");
        assert_eq!(
            strongest("ERROR: boom").map(|f| f.level),
            Some(Level::Notice)
        );
    }

    #[test]
    fn debugging_in_the_plans_section_is_a_warning_but_pain_points_are_not() {
        let ctx = context("Their GitLab plans", 0, 5, 15);
        let (level, why) = level_of("Traceback (most recent call last):", &ctx);
        assert_eq!(level, Level::Warning);
        assert!(why.contains("Their GitLab plans"), "{why}");
        let (level, _) = level_of("how do we fix the flaky runner?", &ctx);
        assert_eq!(level, Level::Warning);
        // Describing what is not going well is what the section is for.
        let (level, why) = level_of("the runners keep restarting every hour", &ctx);
        assert_eq!(level, Level::Notice);
        assert!(why.contains("not going well"), "{why}");
        assert!(
            Detector::default()
                .assess("What's not going well: pipelines are slow", &ctx)
                .is_none()
        );
    }

    #[test]
    fn a_streak_of_troubleshooting_notes_raises_the_level() {
        let ctx = context("The ASE role", 1, 3, 10);
        assert_eq!(level_of("ERROR: boom", &ctx).0, Level::Notice);
        let ctx = context("The ASE role", STREAK - 1, 3, 10);
        let (level, why) = level_of("ERROR: boom", &ctx);
        assert_eq!(level, Level::Warning);
        assert!(why.contains("3 troubleshooting notes in a row"), "{why}");
    }

    #[test]
    fn overrun_while_flags_pile_up_raises_the_level_and_everything_together_alerts() {
        // Over plan, but a single flag: time alone is the timer's business.
        let ctx = context("The ASE role", 0, 20, 10);
        assert_eq!(level_of("ERROR: boom", &ctx).0, Level::Notice);
        // Slightly over plan: not yet.
        let ctx = context("The ASE role", 1, 12, 10);
        assert_eq!(level_of("ERROR: boom", &ctx).0, Level::Notice);
        let ctx = context("The ASE role", 1, 14, 10);
        let (level, why) = level_of("ERROR: boom", &ctx);
        assert_eq!(level, Level::Warning);
        assert!(why.contains("4 min over its plan"), "{why}");
        let ctx = context("Their GitLab plans", 4, 30, 15);
        let f = Detector::default()
            .assess("ERROR: boom", &ctx)
            .unwrap_or_else(|| unreachable!());
        assert_eq!(f.level, Level::Alert);
        let banner = f.banner();
        assert!(
            banner.starts_with("Matched \"ERROR:\": an error message. Alert: "),
            "{banner}"
        );
        assert!(
            banner.contains("5 troubleshooting notes in a row"),
            "{banner}"
        );
    }

    #[test]
    fn labels_stay_gentle_whatever_the_context() {
        let ctx = context("Their GitLab plans", 5, 40, 15);
        let f = Detector::default()
            .assess("Alice is our database expert", &ctx)
            .unwrap_or_else(|| unreachable!());
        assert_eq!(
            (f.kind, f.level, f.why.as_str()),
            (FindingKind::Labeling, Level::Notice, "")
        );
        assert_eq!(f.signal, Signal::Label);
    }

    #[test]
    fn overrun_needs_a_plan() {
        assert_eq!(context("x", 0, 10, 0).overrun_minutes(), None);
        assert_eq!(context("x", 0, 10, 10).overrun_minutes(), None);
        assert_eq!(context("x", 0, 13, 10).overrun_minutes(), Some(3));
    }

    /// The word model finds a step of a live thread that no rule names, quoting the
    /// words it rests on, where the note's frames allow troubleshooting; `low` keeps to
    /// the rules.
    #[test]
    fn the_word_model_finds_plain_steps_of_a_live_thread() {
        let note = "restarted gitlab-runner svc on 03, same thing";
        let f = strongest(note).unwrap_or_else(|| unreachable!("no finding in {note:?}"));
        assert_eq!(f.kind, FindingKind::Troubleshooting);
        assert_eq!(f.reason, TROUBLE_MODEL);
        assert_eq!(note.get(f.range.clone()), Some(f.matched.as_str()));
        assert!(
            f.banner()
                .contains("the word model reads it as troubleshooting")
        );
        for quiet in [
            "restarted gitlab-runner svc on 03 last week, same thing, already resolved via ticket",
            "next quarter: restart gitlab-runner svc on 03 in the change window",
        ] {
            assert!(strongest(quiet).is_none(), "{quiet}");
        }
        assert!(Detector::new(Sensitivity::Low).strongest(note).is_none());
    }

    #[test]
    fn terse_steps_of_a_live_thread() {
        for text in [
            "re-pushed with the new token: still 403",
            "retried, same 422",
            "data volume not attached to the new VM",
            "MR pipelines running twice since the template change",
            "re-ran the plan... still forbidden",
            "checksum mismatch on the cached artifact",
            "terraform workspace still locked after the cancel",
        ] {
            let found = kinds(text);
            assert!(
                !found.is_empty() && found.iter().all(|&k| k == FindingKind::Troubleshooting),
                "{text}: {found:?}"
            );
        }
        for text in [
            "Anil to log ticket for the 403s on the mirror, not investigated today",
            "Geo idea came from the 2h outage in spring, root cause fixed since",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn sensitivity_and_user_phrases() {
        let low = Detector::new(Sensitivity::Low);
        assert!(low.strongest("the runner keeps restarting").is_none());
        assert!(low.strongest("ERROR: boom").is_some());
        assert!(low.strongest("Alice is our database expert").is_some());
        assert!(low.strongest("He's really good at CI/CD").is_none());
        let high = Detector::new(Sensitivity::High);
        assert!(strongest("we have an issue with the runner cache").is_none());
        let f = high
            .strongest("we have an issue with the runner cache")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(f.reason, WEAK);
        let mut d = Detector::default();
        assert!(
            d.add_phrase(FindingKind::Troubleshooting, "@nosuch")
                .is_err()
        );
        assert!(d.add_ignore("~2 x").is_err());
        assert!(d.add_ignore("").is_err());
        assert!(d.add_ignore("exit code").is_ok());
        assert!(d.scan("the script ended with exit code 3").is_empty());
        assert!(Detector::disabled().scan("ERROR: boom").is_empty());
    }

    #[test]
    fn clean_and_empty_lines_return_nothing() {
        assert!(scan("").is_empty());
        assert!(scan("   \t ").is_empty());
        assert!(scan("Introductions went well").is_empty());
        assert_eq!(strongest("Introductions went well"), None);
    }

    #[test]
    fn case_insensitive() {
        assert!(strongest("PERMISSION DENIED").is_some());
        assert!(strongest("How To Fix The Runner").is_some());
        assert!(strongest("ALICE IS OUR DATABASE EXPERT").is_some());
    }

    fn kinds(text: &str) -> Vec<FindingKind> {
        let findings = scan(text);
        assert_slices(text, &findings);
        findings.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn frames_silence_problems_that_are_goals_history_hypotheticals_or_parked() {
        for text in [
            "goal for next year: no failed nightly deploys",
            "they had registry outages in 2022, all resolved through support",
            "what if the Geo secondary fails during a holiday?",
            "runner crash question -> parked, ticket to follow",
            "background only: their API gateway returns 503s at peak, not GitLab",
            "usually the deploy job fails when someone forgets the tag",
            "no errors on the runners since the move to 17.x",
            "they want to reduce failed pipelines on main",
            "the webhook timeouts from spring havent come back since the proxy change",
            "any broken pipeline still goes via ticket with the right severity",
            "Geo lag has not gone over 20s since the NIC swap, per Femi",
            "slow MR diffs in May, root cause was a missing index on merge_request_diffs",
            "the upgrade in spring was with errors on migrations but support already fix it",
        ] {
            assert!(
                !kinds(text).contains(&FindingKind::Troubleshooting),
                "{text}: {:?}",
                scan(text)
            );
        }
    }

    #[test]
    fn incident_history_checklists_routines_and_zero_counts_are_not_drift() {
        for text in [
            "past incident in June: the registry disk filled up, cleanup policy added since",
            "incident review of the SAML outage, nothing open",
            "routine: the on-call engineer checks the Geo lag panel every morning",
            "gitlab-rake gitlab:check added to the upgrade runbook",
            "workshop ideas: why jobs fail on merge trains",
            "0 stuck jobs on the new runners this week",
            "no 5xx after the LB change",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn work_redone_now_and_the_meetings_own_time_are_drift() {
        for text in [
            "Zara restarting the sidekiq pods now",
            "redis restarted again, second time today",
            "Omar checking the grafana dashboard for the registry",
            "disk usage on gitaly-2 up 4% since the call started",
            "grep timeout /etc/gitlab/gitlab.rb",
        ] {
            assert_eq!(kinds(text), [FindingKind::Troubleshooting], "{text}");
        }
    }

    #[test]
    fn a_measure_against_its_usual_value_is_drift_and_no_habit() {
        for text in [
            "merge request page load 9.5s, normally 0.8",
            "backup job 3 hours today vs ~40 min",
            "registry push 120s atm versus 10s last week",
            "API call usually 2s, today 30s",
            "webhook delivery ~8 min currently vs ~5s normally",
            "sidekiq queue latency higher than normal this morning",
            "CI jobs slower than usual on the shared runners",
        ] {
            assert_eq!(kinds(text), [FindingKind::Troubleshooting], "{text}");
            assert!(
                scan(text).iter().any(|f| f.reason == rules::BASELINE),
                "{text}: {:?}",
                scan(text)
            );
        }
        for text in [
            // Counts, targets, history and habits stay benign.
            "team of 14, usually 4 of them in the meeting",
            "pipeline 40 min today vs 15 min target by Q3",
            "clone times ~3s vs ~30s before the move to Geo",
            "they usually upgrade monthly",
            "normally the nightly backup takes 40 min",
            "release reviews take longer than usual in December",
            "the migration took longer than expected last year",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn labels_reported_passive_compound_and_with_lowercase_names() {
        for text in [
            "the team calls Ravi the Gitaly oracle",
            "Ines is called the pipeline whisperer",
            "nobody knows Sidekiq like Bo",
            "Kai gets pinged for anything Kubernetes",
            "Mo is the closest thing we have to a Geo expert",
            "ask ravi for anything helm",
            "our registry hero = lin",
            "Most knowledgeable on Vault: Dara",
            "amir is our k8s-ninja",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
        }
        for text in [
            "Priya is the contact-person for billing",
            "we called the vendor about the licence",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn a_strong_live_frame_outweighs_a_parked_or_past_frame() {
        let text = "their backup job failures: we spent 25 min on it, then parked it";
        assert_eq!(kinds(text).first(), Some(&FindingKind::Troubleshooting));
    }

    #[test]
    fn live_work_on_a_system_is_drift_without_an_error_word() {
        for text in [
            "Marta shared her screen with the helm values and we went through them",
            "we spent 20 minutes on their runner autoscaler",
            "Kwame dug into the sidekiq dashboard with the team",
            "half the session went into the Vault integration",
            "Pia diffing their nginx.conf against ours",
            "Tommo changed the runner tags mid-call",
            "Gareth looking it up in AD, the runner is slow",
            "Chuy RDP-ing into win-build-02, the runner is slow",
            "Tomasz remounting the NFS share, the runner is slow",
            "Imre doing a helm rollback from his laptop",
            "Rui power-cycled the build box from the iDRAC, the runner is slow",
            "the sidekiq backlog started to drain once Lea paused the import",
            "Dev asked Omar to paste the runner config.toml",
        ] {
            let f = only(text);
            assert_eq!(f.kind, FindingKind::Troubleshooting, "{text}");
            assert!(
                ["meeting", "working", "digging"]
                    .iter()
                    .any(|w| f.reason.contains(w)),
                "{text}: {}",
                f.reason
            );
        }
    }

    /// After a note that is troubleshooting on its own, a plain step of the same thread is
    /// troubleshooting too, and says why; alone, or after a benign note, it is quiet, and
    /// it makes no thread of its own.
    #[test]
    fn a_step_of_a_troubleshooting_thread_goes_on_with_it() {
        let d = Detector::default();
        let opener = "runner-03 job 4411 fails with exit code 137";
        let opened = d.strongest(opener).expect("troubleshooting");
        assert!(opened.troubleshooting_on_its_own());
        for step in [
            "Lena says she already tried 2g, same picture",
            "same picture after the restart",
        ] {
            assert!(d.strongest(step).is_none(), "{step}");
            assert!(d.strongest_and_label_after(step, false).is_none(), "{step}");
            let (f, _) = d
                .strongest_and_label_after(step, true)
                .expect("a step of the thread");
            assert_eq!(f.kind, FindingKind::Troubleshooting, "{step}");
            assert!(f.reason.contains("note before"), "{}", f.reason);
            assert!(!f.troubleshooting_on_its_own(), "{step}");
        }
        for moved_on in [
            "ok, moving on to the upgrade plan",
            "Priya is our Kubernetes admin, based in Pune",
        ] {
            assert!(
                d.strongest_and_label_after(moved_on, true).is_none(),
                "{moved_on}"
            );
        }
    }

    /// A quote typed against the word before it closes a quote: what follows a verb of
    /// showing is then no tool's output.
    #[test]
    fn a_closing_quote_quotes_no_output() {
        let text =
            "Ola GitLab exp in her words: \"I push, pipeline goes red, I read logs\" ~2y user";
        assert!(
            !kinds(text).contains(&FindingKind::Troubleshooting),
            "{text}: {:?}",
            scan(text)
        );
        let text = "the runner logs \"ERROR: Job failed: exit code 137\" every time";
        assert_eq!(kinds(text).first(), Some(&FindingKind::Troubleshooting));
    }

    #[test]
    fn a_symptom_read_out_as_it_is_now_is_drift() {
        for text in [
            "the package registry slow again",
            "MR pages slow now for wallet-core",
            "clone is slow again for the Android team",
        ] {
            assert_eq!(kinds(text), [FindingKind::Troubleshooting], "{text}");
        }
    }

    #[test]
    fn a_live_frame_without_anything_technical_is_quiet() {
        for text in [
            "we went through the agenda together",
            "Ana shared her screen with the slide deck",
            "we spent 10 minutes on introductions",
            "they walked us through their org chart",
            "happy to help on the runner side, call not really meant for debugging",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn pasted_shapes_are_evidence() {
        for (text, reason) in [
            ("kubectl logs deploy/web --tail=50 | grep error", COMMAND),
            ("sudo gitlab-ctl status", COMMAND),
            ("Gitlab::Geo::LogCursor::Daemon in the geo log", CODE_NAME),
            ("| node-2 | 10.0.0.2 | NotReady |", STATUS_TABLE),
            ("remote: Resolving deltas, then nothing", GIT_OUTPUT),
            ("svc=api status=error latency=30s", LOG_LINE),
            ("404 on /api/v4/groups/12/packages", HTTP_ERROR),
            (
                "seqtool align ref.fa --threads 8 --out s3://runs/12",
                COMMAND,
            ),
            (
                "unzip: bundle/site.zip: cannot find zipfile directory",
                ERROR_MESSAGE,
            ),
            (
                "PUT /api/v4/projects/7/variables/TOKEN -> 404",
                HTTP_REQUEST,
            ),
        ] {
            let findings = scan(text);
            assert_slices(text, &findings);
            assert!(
                findings.iter().any(|f| f.reason == reason),
                "{text}: {findings:?}"
            );
            assert!(
                findings.iter().all(|f| f.signal == Signal::Evidence),
                "{text}"
            );
        }
    }

    #[test]
    fn counts_and_plain_setups_are_not_evidence() {
        for text in [
            "we have 500 users and 404 projects",
            "~400 devs on 3 runners",
            "prod: gitlab.acme.io, staging: gitlab-stg.acme.io",
            "kubectl access only for the platform team",
            "backups: gitlab-backup create nightly at 02:00",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn note_taker_spellings_count() {
        for text in [
            "runner cant connect to the registry",
            "pipeline doesnt trigger on tags",
            "lets check the runner config.toml now",
        ] {
            assert_eq!(
                kinds(text).first(),
                Some(&FindingKind::Troubleshooting),
                "{text}"
            );
        }
    }

    #[test]
    fn self_labels_with_an_identity_noun_flag_but_strengths_do_not() {
        for text in [
            "I'm basically the Terraform guy here",
            "I am kind of the go-to for observability",
            "Rob calls himself the Gradle wizard",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
            assert_ne!(only(text).reason, LABEL_STRENGTH);
        }
        for text in [
            "I'm good at Ruby",
            "My strengths are CI and Geo",
            "I'm the contact person for billing",
            "I have six years with GitLab",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn labels_as_apposition_hedges_reports_and_verb_phrases() {
        for text in [
            "Rin = our Kafka guru",
            "Tobi - resident Argo wizard",
            "Lea: the CI go-to",
            "Sven, our Nexus maven",
            "Ola is sort of the Helm person",
            "the CSM introduced her as our Grafana expert",
            "Ade knows Consul inside out",
            "Yuki is who you call for anything Vault",
            "Noor's our Jenkins queen",
            "at the Lyon site everyone calls Bea \"Mrs. Kubernetes\"",
            "Ravi is the Terraform heavyweight on their side",
            "Omar is the only one who really understands the cache keys",
            "you are clearly the Helm experts here, not me",
            "Dana you're the gitaly expert, what's your gut",
            "if DP can't fix a runner, nobody can",
            "Tomasz could do upgrades in his sleep",
            "Priya's our secret weapon when the pipelines are on fire",
            "Raj is a beast with the Jenkins shared libraries",
            "Wanjiru is already a rockstar with the Helm chart",
            "Tomás is clearly the Ansible expert",
            "Yusuf is our Artifactory man",
            "Grete from the infra team = absolute legend with Terraform",
            "Ines and Bo = the runner dream team",
            "both of you are the heroes of this migration",
            "nobody debugs Sidekiq like Oskar",
            "Hana is better than anybody at reading Gitaly logs",
            "the old Jenkins box was built by Pim, and is still who you call for it",
            "Femi has forgotten more about Postgres than we will ever know",
            "Ravi, the one you call when the registry acts up",
            "the platform team's Helm guru, Oksana, joins next week",
            "Bogdan from QA is who you ring for flaky tests",
            "Mara knows Sidekiq best of all of us",
            "Li tunes Postgres like nobody else",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
        }
        for text in [
            "Mr. Ito (CTO) joined late",
            "MR pipeline slow on the big repo, parked",
            "Omar is the only one who has admin on the runners",
            "Rin - platform engineer, Osaka",
            "Sven, SRE, owns the Nexus cleanup jobs",
            "Lea: DRI for the engagement",
            "the person on call this week is Ade",
            "the monorepo is a beast, 40 GB of history",
            "You're the expert on your own setup",
            "Dawid - his strengths are Maven and Groovy scripting",
            "Piotr - Oracle DBA, responsible for Liquibase changesets",
            "Yusuf is our Artifactory admin",
            "nobody deploys on Fridays like that anymore",
            "the person you call for outages is the on-call SRE",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn labels_through_other_verbs_quotes_languages_and_lowercase_names() {
        for text in [
            "Okoro remains the de facto Ansible guru for the plant",
            "Hiroshi-san seems to be our release master",
            "Ilse (QA, part time) is the team's Selenium whisperer",
            "Bruno in finance IT is clearly the SAP person",
            "Kemal said he's \"basically the Nginx guy\" on their side",
            "Marta es la experta en Kubernetes",
            "Dani = la experta de Playwright",
            "Jonas ist der Jenkins-Experte",
            "if Keycloak acts up, you call Ayodele",
            "lior is who they ring for anything postgres",
            "Agnes's the one you want for query plans",
            "our tableau wizard anneke could join next time",
            "their colleague radoslaw is the helm person",
            "their colleague aleksandra is the geo guru",
            "wen jie knows the registry inside out",
            "mei ling knows the registry inside out",
            "Priya calls Tomek our Grafana prodigy",
            "wanjiru knows the helm values better than half of their SREs",
            "Radka is quicker with kubectl than anybody in ops",
            "honestly not the ceph guy, that's Ingvar",
            "i'm not the Ansible expert, Berit is",
            "I am not the Terraform person though, Nadia is",
            "Marek knows the helm chart better than the docs do",
            "Lotte is our walking encyclopaedia on the billing integration",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
        }
        for text in [
            "if a pipeline stalls, ping ASE; ASE escalates",
            "Okoro remains the DRI for the plant",
            "Ilse (QA, part time) is the team's release manager",
            "the default branch is still master",
            "our MVP scope for the pilot is three teams",
            "he said \"the proxy is the problem\" but nobody looked",
            "not the right person, that's a question for support",
            "I'm not the Ansible expert, so bear with me",
        ] {
            assert!(
                kinds(text).iter().all(|k| *k != FindingKind::Labeling),
                "{text}: {:?}",
                scan(text)
            );
        }
    }

    #[test]
    fn a_thread_moving_on_and_readings_taken_as_they_watch() {
        for text in [
            "past the clone now - hangs on npm ci instead",
            "about 12k jobs sat in the mailers queue",
            "~60 jobs pending on the arm runners",
            "node-3 cpu 97% since 14:10",
            "queue count dropped to ~900 after the restart",
            "postgres keeps restarting over and over",
            "test stage took 2 min, faster than normal, cache skipped?",
            "still building after 14 mins, nobody cancels yet",
            "deploy job passed this time, smoke tests next",
            "~40 jobs pending, shell runner jobs picking up normally again",
        ] {
            assert_eq!(kinds(text), [FindingKind::Troubleshooting], "{text}");
        }
        for text in [
            "instead of debugging it now, Kai opens a ticket",
            "they restart the build agents every Monday morning",
            "check the deprecations: anything that'll break after 17.0 gets a ticket",
            "action items: Jo to chase the root cause of the runner outage",
            "SAML group sync: not solving today, Lars opens issue",
            "LFS over SSH works since the gitlab-shell bump",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn labels_in_brackets_self_descriptions_and_strengths() {
        for text in [
            "Omar (the Consul wizard) is out Friday",
            "Ines, self-described Terraform nerd",
            "Piotr has been the Jenkins guru for years",
            "Lina lives and breathes Kubernetes",
            "Tomo really good at Helm charts",
            "ask Dara, best person for registry cleanup",
            "me = the de facto runner person",
            "nobody understands their Helm charts better than Arjun",
            "Leilani - who you ask for anything backup",
            "go-to for Terraform on their side: Oluwaseun",
            "Mikael is the one who really understands Praefect",
            "Akira → genius w/ terraform modules",
            "if Vault breaks, call Nikolai, he is best for this",
            "Fatima is the person who know Geo inside out",
            "Mateo, sidekiq whisperer",
            "Nkechi grafana genius",
            "go-to person for registry: Björn",
            "Hannah Cole in Risk (\"the compliance-as-code person\")",
            "Tomasz declared Marcus \"our SAML expert\"",
            "Kevin, famous in our Slack as \"the GitLab guy\"",
            "Dmitri was the only one who really understood the old Ansible role",
            "they call him the Helm expert",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
        }
        for text in [
            "call me for the expert session next week",
            "we will call Dana after the expert review",
            "Ravi: not a Kafka expert, mostly networking",
            "we are 4 person in the infra team",
            "Q: who is the Geo expert on their team?",
            "Q: who's the go-to on their side for Geo questions? -> ticket",
            "Zanele's job title is literally \"DevOps Expert II\"",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn a_pasted_update_statement_is_a_query_not_an_upgrade() {
        let found = scan("UPDATE ci_builds SET status = 'failed' WHERE id = 9");
        assert_eq!(
            found.first().map(|f| f.reason.as_str()),
            Some("a command pasted with its arguments"),
            "{found:?}"
        );
        assert!(
            scan("the upgrade to 17.2 failed on the geo node")
                .iter()
                .any(|f| f.reason == "breakage after an upgrade")
        );
    }

    #[test]
    fn an_arrow_to_a_session_cookie_parks_nothing() {
        let text = "saml login loop -> session cookie dropped";
        assert!(!kinds(text).is_empty(), "{text}");
        assert!(
            kinds(text)
                .iter()
                .all(|k| *k == FindingKind::Troubleshooting),
            "{text}"
        );
        assert!(scan("saml login loop -> next session").is_empty());
    }

    #[test]
    fn working_something_out_in_the_meeting_is_drift() {
        for text in [
            "reviewing the nginx config with Ana to find which upstream gets the traffic",
            "recreating the webhook on a test project to see whether the event arrives",
            "describing the runner pod now",
            "curl --head https://gitlab.example.com/api/v4/version",
            "replication lag: 35 minutes on the secondary",
            "Could not resolve host for the package registry",
            "can you scroll down to the step that hangs",
            "tried the clone again with a new token, same behaviour",
            "restarted the webservice pods, watching the rollout",
            "narrowed it down to the one large monorepo",
            "Terraform: Error acquiring the state lock",
            "she receive 500 from the API with curl",
            "down: sidekiq: 0s, normally up, want up",
            "cleared the cache, didnt get anywhere with the runner",
            "SELECT pid, state FROM pg_stat_activity WHERE state = 'active';",
            "found it: the Helm values override sets webservice replicas to 1",
            "Kaveh sharing the Patroni dashboard, leader changed 3 times",
            "background migrations page: 2 failed, Ingrid clicking into the first one",
            "did a deep dive on the Gitaly latency graphs, p99 at 4s",
            "gitaly-2 unreachable",
            "runner-07 offline again",
            "LDAP bind: invalid credentials",
            "restarting puma on web-03",
            "rerun job 4411",
        ] {
            let found = kinds(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|k| *k == FindingKind::Troubleshooting),
                "{text}: {found:?}"
            );
        }
        for text in [
            "plan: if the nightly backup fails, an alert goes to the on-call channel",
            "no 502s since the load balancer change",
            "showed their gitlab.rb for reference, no changes needed",
            "processed 14,502 jobs last week",
            "Piotr is the genius behind their Vault setup",
            "disk on gitaly-2 at 78%, fine for now",
            "process: on-call usually checks the Sidekiq dashboard for dead jobs",
            "want p95 under 2s on the API",
            "unrelated to gitlab: their jenkins agents keep crashing",
            "please select the runners from the list",
            "If the Geo secondary falls behind, they'll pause replication rather than fail over",
            "decided: if the upgrade fails we roll back from the VM snapshot",
            "no Helm chart errors since pinning chart 8.2.1",
            "risk of Sidekiq OOM after the upgrade noted",
            "AI: book a deep dive on runner autoscaling for January",
        ] {
            assert!(
                scan(text)
                    .iter()
                    .all(|f| f.kind != FindingKind::Troubleshooting),
                "{text}: {:?}",
                scan(text)
            );
        }
    }

    #[test]
    fn reads_names_in_notes_typed_in_lowercase() {
        for text in [
            "rin = our kafka guru",
            "tobi - argo wizard",
            "lea's kinda the ci person",
            "for terraform the guru is ade",
            "sven knows everything about nexus",
            "ola is who u ping for anything helm",
        ] {
            assert_eq!(kinds(text), [FindingKind::Labeling], "{text}");
        }
        for text in [
            "rin = platform lead, osaka",
            "sven - sre, owns the nexus cleanup",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn present_tense_work_and_plain_symptoms_are_drift() {
        for text in [
            "the runner is not able to connect since monday",
            "we check the sidekiq logs now",
            "we spend maybe 20 minutes on the registry login",
            "half hour was gone for the slow merge requests",
            "pipeline stay in pending, no runner take it",
            "the gitaly node is using 100% CPU",
            "we try to understand why the scanning job takes 2 hours",
            "opensearch cluster red",
        ] {
            assert_eq!(kinds(text), [FindingKind::Troubleshooting], "{text}");
        }
        for text in [
            "nothing broken rn, they just want a health check plan",
            "agreed: no screen-sharing of prod logs today",
            "failing builds are the biggest complaint from devs",
            "ASE is not able to log into their servers",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn never_panics_on_awkward_input() {
        let long_words = "error budget ".repeat(100_000 / 13);
        let long_trace = "at x ( ( ( : : ".repeat(7_000);
        let long_cjk = "ランナーが登録できません。".repeat(3_000);
        let inputs = [
            "",
            "\0\u{1}\u{7f}\u{1b}[31mERROR\u{1b}[0m",
            "e\u{301}rror: ca\u{301}n't re\u{301}gister",
            "👩\u{200d}💻 is our 🦀 expert",
            "🏳️‍🌈🏳️‍🌈 at 🎉(🎉.java:1)",
            "ランナーが登録できません error: 接続が拒否されました",
            "错误：无法连接 panic: 恐慌",
            "\u{202e}deifitrec\u{202c} 2024-05-01 12:00:0",
            "12:00:01.",
            "2024-05-",
            "'-'-'-'-",
            "@5xx ~3 !x =ERROR # ?",
            "\"\"\"\"\"",
            "   at",
            "   at ",
            "\t\tat x.y(",
            long_words.as_str(),
            long_trace.as_str(),
            long_cjk.as_str(),
        ];
        for text in inputs {
            let findings = scan(text);
            assert_slices(text, &findings);
            for f in &findings {
                assert!(text.is_char_boundary(f.range.start));
                assert!(text.is_char_boundary(f.range.end));
            }
        }
        assert!(scan(&long_words).is_empty());
        let mut long_error = "a ".repeat(50_000);
        long_error.push_str("error: boom");
        let found = strongest(&long_error).map(|f| f.matched);
        assert!(
            found.as_deref().is_some_and(|m| m.ends_with("error")),
            "{found:?}"
        );
    }
}
