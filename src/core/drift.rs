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
//! The text is split into [`Tok`]ens that keep their byte offsets: words (letters,
//! digits, `_`, with inner apostrophes and hyphens, so `can't`, `go-to` and
//! `oom-killed` are one word) and single punctuation characters. Case folding is ASCII
//! only, so every offset is an offset into the original text and always falls on a
//! char boundary.
//!
//! The rules are a table ([`RULES`]): each names a [`Family`], the banner reason and a
//! matcher, most often a list of phrase patterns in a tiny notation (see [`Elem`]):
//!
//! | notation      | matches                                                        |
//! |---------------|----------------------------------------------------------------|
//! | `fix`         | the word `fix` (any case)                                      |
//! | `fail*`       | a word starting with `fail`                                    |
//! | `a\|b`        | `a` or `b`                                                     |
//! | `:` `(` `"`   | that punctuation character                                     |
//! | `=ERROR`      | the word exactly as written (case-sensitive)                   |
//! | `#`           | a number                                                       |
//! | `?`           | any word                                                       |
//! | `~3`          | up to 3 tokens, never across a sentence or clause break        |
//! | `!a\|b`       | neither of the next two tokens is `a` or `b` (consumes nothing) |
//! | `@name`       | a hand-written element (see [`Special`])                       |
//!
//! A few structural shapes (indented stack frames, timestamped log lines) are small
//! hand-written functions instead.
//!
//! # Choices
//!
//! * Specific phrases with context beat bare words: `error budget`, `error rates`,
//!   `with the exception of` and `regression testing` stay quiet; `Error:`, `ERROR`,
//!   `TypeError` and `exception in thread` do not.
//! * Planning an upgrade is benign; breakage after one is not: an "after/since the
//!   upgrade" phrase only counts when the same line also says something broke.
//! * "We debugged our process" is *not* flagged: the past tense `debugged` is left out on
//!   purpose (it is mostly history or a process metaphor); `debug`, `debugging the ...`
//!   and `troubleshoot` are flagged, except "troubleshooting session/call/meeting",
//!   which is how people talk *about* the rule.
//! * `can't` / `unable to` / `failed to` need a technical verb (`register`, `connect`,
//!   `pull`, ...). Everyday verbs (`start`, `run`, `access`, ...) only count when the
//!   subject is not a person: "the runner can't start" is flagged, "we can't start
//!   until the SOW is signed" is not.
//! * Labeling is about *other* people: a third-person pronoun or a capitalised name
//!   followed by "is our X expert", "'s the X person", "is really good at", "knows
//!   everything about". "I'm good at Ruby" (the ASE's own strengths) and roles ("she is
//!   our DRI", "he is our primary contact") are not labels.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

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

/// Scans one note (a line of text) with the default [`Detector`] and returns its
/// findings, strongest first.
///
/// At most one finding per rule family; findings never overlap. A clean line returns an
/// empty `Vec`. Never panics, whatever the input.
pub fn scan(text: &str) -> Vec<Finding> {
    DEFAULT.scan(text)
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
                | Family::UpgradeBreakage => true,
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
        if !self.enabled || text.trim().is_empty() {
            return Vec::new();
        }
        let line = Line::new(text);
        let mut candidates = Vec::new();
        for rule in COMPILED.iter() {
            if self.sensitivity.includes(rule.family, rule.reason) {
                rule.collect(&line, &mut candidates);
            }
        }
        let mut exempt = Vec::new();
        for p in EXEMPT_COMPILED.iter() {
            p.find_all(&line, &mut exempt);
        }
        candidates.retain(|c| !exempt.iter().any(|e| overlaps(e, &c.range)));
        for (kind, phrase, pattern) in &self.extra {
            let mut ranges = Vec::new();
            pattern.find_all(&line, &mut ranges);
            let family = match kind {
                FindingKind::Troubleshooting => Family::UserTroubleshooting,
                FindingKind::Labeling => Family::UserLabeling,
            };
            candidates.extend(ranges.into_iter().map(|range| Candidate {
                family,
                reason: format!("matches your phrase \"{phrase}\""),
                range,
            }));
        }
        let mut ignored = Vec::new();
        for p in &self.ignore {
            p.find_all(&line, &mut ignored);
        }
        candidates.retain(|c| !ignored.iter().any(|e| overlaps(e, &c.range)));
        select(text, candidates)
    }

    /// The strongest finding in one note, if any.
    pub fn strongest(&self, text: &str) -> Option<Finding> {
        self.scan(text).into_iter().next()
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

/// One line of `kickoff scan` text output for the finding on line `line` (1-based) of
/// `text`: `12:5: troubleshooting: "exit code 137" (a failing job)`. Control
/// characters in the matched words are escaped so hostile text cannot drive the
/// terminal.
pub fn format_text(line: usize, text: &str, finding: &Finding) -> String {
    format!(
        "{line}:{}: {}: \"{}\" ({})",
        column_of(text, finding),
        finding.kind.label(),
        escape_controls(&finding.matched),
        escape_controls(&finding.reason)
    )
}

/// One JSON object (a JSON Lines record) for the finding on line `line` of `text`:
/// `{"line":12,"column":5,"kind":"troubleshooting","matched":"...","reason":"...",
/// "text":"..."}`.
pub fn format_json(line: usize, text: &str, finding: &Finding) -> String {
    format!(
        "{{\"line\":{line},\"column\":{},\"kind\":\"{}\",\"matched\":{},\"reason\":{},\"text\":{}}}",
        column_of(text, finding),
        finding.kind.label(),
        json_string(&finding.matched),
        json_string(&finding.reason),
        json_string(text)
    )
}

/// 1-based column, in characters, where the finding starts.
fn column_of(text: &str, finding: &Finding) -> usize {
    text.get(..finding.range.start)
        .map_or(0, |s| s.chars().count())
        + 1
}

fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Compiles a user's phrase, refusing what could never match or would match anything.
fn user_pattern(phrase: &str) -> Result<Pattern, PhraseError> {
    let fail = |why: &str| {
        Err(PhraseError {
            message: format!("phrase {phrase:?}: {why}"),
        })
    };
    if phrase.trim().is_empty() {
        return fail("is empty");
    }
    if phrase.len() > 200 {
        return fail("is longer than 200 characters");
    }
    let pattern = Pattern::compile(phrase);
    if pattern.elems.contains(&Elem::Never) {
        return fail("uses an unknown @name (known: @5xx, @http, @tech, @who, @label, ...)");
    }
    if !matches!(
        pattern.elems.first(),
        Some(Elem::Words(_) | Elem::Case(_) | Elem::Special(_))
    ) {
        return fail("must start with a word");
    }
    Ok(pattern)
}

/// The strongest finding in one note, if any (the first of [`scan`]).
pub fn strongest(text: &str) -> Option<Finding> {
    scan(text).into_iter().next()
}

// ---------------------------------------------------------------------------------------
// Rule families and the rule table
// ---------------------------------------------------------------------------------------

/// A group of rules; at most one finding per family. Declared strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Family {
    StackTrace,
    LogLine,
    ErrorMessage,
    Http5xx,
    FailingJob,
    UpgradeBreakage,
    NotWorking,
    Symptom,
    FixRequest,
    UserTroubleshooting,
    Weak,
    Labeling,
    UserLabeling,
}

impl Family {
    /// Every family, strongest first.
    const ALL: [Family; 13] = [
        Family::StackTrace,
        Family::LogLine,
        Family::ErrorMessage,
        Family::Http5xx,
        Family::FailingJob,
        Family::UpgradeBreakage,
        Family::NotWorking,
        Family::Symptom,
        Family::FixRequest,
        Family::UserTroubleshooting,
        Family::Weak,
        Family::Labeling,
        Family::UserLabeling,
    ];

    fn signal(self) -> Signal {
        match self {
            Family::StackTrace
            | Family::LogLine
            | Family::ErrorMessage
            | Family::Http5xx
            | Family::FailingJob
            | Family::UpgradeBreakage
            | Family::UserTroubleshooting => Signal::Evidence,
            Family::NotWorking | Family::Symptom | Family::Weak => Signal::Symptom,
            Family::FixRequest => Signal::Request,
            Family::Labeling | Family::UserLabeling => Signal::Label,
        }
    }

    fn kind(self) -> FindingKind {
        match self {
            Family::Labeling | Family::UserLabeling => FindingKind::Labeling,
            _ => FindingKind::Troubleshooting,
        }
    }
}

/// How a rule finds its matches.
enum Matcher {
    /// Any of these phrase patterns.
    Phrases(&'static [&'static str]),
    /// Any of `phrases`, but only when one of `requires` also occurs elsewhere in the
    /// line; the finding then spans both.
    PhrasesIf {
        phrases: &'static [&'static str],
        requires: &'static [&'static str],
    },
    /// A hand-written matcher for shapes the notation cannot express.
    Custom(fn(&Line<'_>) -> Option<Range<usize>>),
}

/// One row of the rule table.
struct Rule {
    family: Family,
    reason: &'static str,
    matcher: Matcher,
}

const fn rule(family: Family, reason: &'static str, matcher: Matcher) -> Rule {
    Rule {
        family,
        reason,
        matcher,
    }
}

const STACK_TRACE: &str = "a stack trace";
const LOG_LINE: &str = "a log line";
const ERROR_MESSAGE: &str = "an error message";
const HTTP_5XX: &str = "an HTTP 5xx error";
const FAILING_JOB: &str = "a failing job";
const UPGRADE: &str = "breakage after an upgrade";
const NOT_WORKING: &str = "something not working";
const SYMPTOM: &str = "a system misbehaving";
const QUOTED_OUTPUT: &str = "output quoted from a tool";
const HTTP_ERROR: &str = "an HTTP error status";
const WEAK: &str = "a hint of a technical problem";
const FIX_REQUEST: &str = "asking how to fix something";
const LABEL_EXPERT: &str = "labels a person as the expert";
const LABEL_STRENGTH: &str = "labels what a person is good at";

/// Words that say something broke, used by the upgrade rule.
const BREAKAGE: &[&str] = &[
    "broke|broken|breaks|breaking",
    "fail|fails|failed|failing|failure|failures",
    "can't|cannot|couldn't|unable",
    "stopped|stops working",
    "not working",
    "no longer work*",
    "doesn't|don't|didn't|won't work|works|working",
    "error|errors !budget*",
    "crash*",
    "hang|hangs|hanging",
    "timeout*",
    "timed out",
    "regression*",
    "doesn't|don't|didn't|won't run|trigger|start|load|show|sync|connect",
    "stopped|stops ~1 working|triggering|running|syncing|updating|responding|loading",
    "errored|erroring",
];

/// Technical nouns: a symptom phrase ("is stuck", "keeps restarting") only counts when
/// the same line names one of these, so "the team is behind" stays quiet.
const TECH_NOUNS: &[&str] = &[
    "runner|runners|job|jobs|pipeline*|build|builds|deploy*|stage|stages|registry|\
     gitaly|praefect|sidekiq|puma|redis|postgres*|database|db|geo|replication|ldap|saml|\
     sso|login|logins|webhook*|api|mirror*|clone|push|pushes|cache|artifact*|image|images|\
     pod|pods|container*|node|nodes|cluster*|helm|chart|token|tokens|certificate*|cert|\
     certs|search|elasticsearch|indexing|index|backup*|integration*|widget|editor|schedule|schedules|variable*|approvals|badge|import|\
     repo|repos|repository|repositories|disk|memory|cpu|balancer|agent|lock|queue|\
     queues|worker|workers|server|servers|instance|daemon|site|ui|mr|mrs|diff|diffs|\
     tags|branch|commit|commits|ssh|dns|proxy|email*|notification*|smtp|package|\
     packages|config|yaml|cleanup|autoscaler|kubectl|endpoint|endpoints|secondary|\
     primary|checks|upload|uploads|download|downloads|apps|environment*|sync|\
     omnibus|gitlab-ctl|gitlab-rake|git|npm|docker|terraform|jenkins|jira|slack|\
     report|reports|scan|scans|scanner|button|setting|settings|page",
];

/// Idioms that look like drift but are talk *about* it, or harmless: any candidate that
/// overlaps one of these is dropped.
const EXEMPT: &[&str] = &[
    "troubleshooting|debugging session*|call|calls|meeting*|mode",
    "not|never|don't|no|avoid|without ~2 troubleshoot*|debug*",
    "debug log*|logging|level|levels|mode|flag*|output|symbols|build*|info",
    "debug|debugging|troubleshoot|troubleshooting|fix|fixing ~2 process*|planning|culture|\
     workflow*|onboarding|communication|way|ways|habits",
    "human error*",
    "nothing|none|no ~2 is|are|was|were|seems|got|gets stuck|broken|failing|down|wrong|\
     crashing|hanging",
];

/// The rule table, grouped by family.
const RULES: &[Rule] = &[
    // --- stack traces -------------------------------------------------------------------
    rule(
        Family::StackTrace,
        STACK_TRACE,
        Matcher::Phrases(&[
            // at com.foo.Bar.baz(Bar.java:12)   at Object.<anonymous> (/app/x.js:3:5)
            "at ? ~16 ( ~20 . ? : # )",
            "at ? ~16 ( ~20 . ? : # : # )",
            "at ~20 . js|mjs|cjs|ts : # : #",
            // File "x.py", line 3
            "file \" ~20 \" , line #",
            // from /app/foo.rb:12:in `bar'
            "from ~20 . rb : # : in",
            "goroutine # [ ? ~2 ]",
            "traceback ( most recent call last )",
        ]),
    ),
    rule(
        Family::StackTrace,
        STACK_TRACE,
        Matcher::Custom(indented_at_frame),
    ),
    // --- log lines ------------------------------------------------------------------------
    rule(
        Family::LogLine,
        LOG_LINE,
        Matcher::Custom(timestamped_log_line),
    ),
    rule(
        Family::LogLine,
        LOG_LINE,
        Matcher::Phrases(&[
            "[ error|err|fatal|crit|critical|emerg|alert|panic|warn|warning ]",
            "level|lvl|severity|loglevel = error|err|fatal|panic|crit|critical|warn|warning",
            "\" level|severity \" : \" error|err|fatal|panic|warn|warning",
        ]),
    ),
    // --- error messages -------------------------------------------------------------------
    rule(
        Family::ErrorMessage,
        ERROR_MESSAGE,
        Matcher::Phrases(&[
            "error :",
            "=ERROR !budget*|rate*|handling|tracking|message*",
            "=FATAL",
            "@camelerr",
            "fatal :",
            "fatal error*",
            "panic :",
            "panicked at",
            "kernel panic",
            "traceback",
            "exception* :",
            "unhandled|uncaught|runtime|fatal exception*",
            "exception* in ~1 thread|logs|log|job|pipeline|runner|production|prod",
            "exception* when|while|during|thrown|raised|occurred|occurs|occurring",
            "exception* was|is|gets|got|being thrown|raised",
            "throws|threw|thrown|throwing|raises|raised|raising ~2 exception*",
            "segfault*",
            "segmentation fault",
            "core dumped",
            "sigsegv|sigkill|sigabrt",
            "permission|access denied",
            "connection refused|reset",
            "no such file or directory",
            "no such host",
            "command not found",
            "out of memory",
            "oomkilled|oom-killed",
            "oom killed",
            "crashloopbackoff|imagepullbackoff|errimagepull",
            "enoent|eacces|econnrefused|econnreset|etimedout|eaddrinuse|enospc",
            "x509 :",
            "certificate signed by unknown authority",
            "certificate verify failed",
            "handshake fail*",
            "401 unauthorized",
            "403 forbidden",
            "404 not found",
            "unexpected eof",
            "broken pipe",
            "undefined method",
            "syntax error",
            "timed out",
            "times out",
            "timing out",
            "deadline exceeded",
            "timeout* error*|exceeded|expired|while|when|after|on|waiting",
            "hit|hits|hitting|getting|got|get|seeing|see|receive|received ~2 timeout*",
            "exit code|status #",
            "exit code|status non-zero|nonzero",
            "exited with ~2 #",
            "non-zero|nonzero exit",
            "exits|exiting with ~2 code|status|#",
            "=ERR",
            "error response*",
            "rpc|grpc|ssl|tls|ssh|git|api|runtime|system|server|migration|connection|network|\
             dns|auth|authentication|validation|type|name|import|key ~1 error|errors|failure",
            "a|an|the|same|weird|strange|odd|cryptic|generic|random|this|that|some ~1 \
             error|errors !budget*|rate*|handling|tracking|message*|log*",
            "error|errors while|when|during|saying|says|from|like",
            "error|errors|exception|exceptions|warning|warnings ~2 in ~2 log|logs|console|\
             output|browser",
            "no space left",
            "too many connections|requests|open",
            "toomanyrequests",
            "early eof",
        ]),
    ),
    rule(
        Family::ErrorMessage,
        QUOTED_OUTPUT,
        Matcher::Phrases(&[
            "shows|showed|showing|prints|printed|printing|logs|logged|outputs|returns|returned|\
             returning|throws|threw|reports|reported|reporting|gives|gave ~2 \"",
        ]),
    ),
    rule(
        Family::ErrorMessage,
        QUOTED_OUTPUT,
        Matcher::PhrasesIf {
            phrases: &["says|said|get|gets|getting|got|see|seeing|saw|with|message ~2 \""],
            requires: TECH_NOUNS,
        },
    ),
    // --- HTTP 5xx ---------------------------------------------------------------------------
    rule(
        Family::Http5xx,
        HTTP_5XX,
        Matcher::Phrases(&[
            "http|https ~4 @5xx",
            "error|status|code|response ~1 @5xx",
            "@5xx bad gateway",
            "@5xx internal server",
            "@5xx service unavailable",
            "@5xx gateway timeout",
            "@5xx error*|response*|status !budget*",
            "bad gateway",
            "internal server error",
            "service unavailable",
            "gateway timeout",
            "5xx|5xxs|50x error*|response*",
            "5xx|5xxs|50x",
            "returns|returned|returning|responds|responded|responding|throws|throwing ~2 @5xx",
            "getting|got|seeing|see|hitting|hit ~2 @5xxs",
            "@5xx ~1 gateway",
            "gateway time-out",
        ]),
    ),
    rule(
        Family::Http5xx,
        HTTP_ERROR,
        Matcher::Phrases(&[
            "error|status|code|response ~1 @http",
            "returns|returned|returning|responds|responded|gives|gave|throws|answers ~2 @http",
            "fail|fails|failed|failing|errors|errored ~1 with ~2 @http",
            "@http request|entity|unauthorized|forbidden|unprocessable|conflict|gone|\
             not found|too many",
        ]),
    ),
    // --- failing pipelines and jobs -----------------------------------------------------
    rule(
        Family::FailingJob,
        FAILING_JOB,
        Matcher::Phrases(&[
            "pipeline|pipelines|job|jobs|build|builds|deploy|deployment|deployments ~3 \
             fail|fails|failed|failing|breaks|broke|broken !fast",
            "pipeline|pipelines|job|jobs|build|builds|runner|runners|deploy|deployment|\
             deployments ~3 stuck|hanging|hangs|hung",
            "stuck in|at ~1 pending|queue|queued|created|running|preparing",
            "stuck pending",
            "pending forever",
            "failing|broken pipeline*|job*|build*",
            "failed job*|pipeline*|build* ~2 #",
        ]),
    ),
    // --- breakage after an upgrade ------------------------------------------------------
    rule(
        Family::UpgradeBreakage,
        UPGRADE,
        Matcher::PhrasesIf {
            phrases: &["after|since ~3 upgrad*|updat*|patch*"],
            requires: BREAKAGE,
        },
    ),
    rule(
        Family::UpgradeBreakage,
        UPGRADE,
        Matcher::Phrases(&[
            "upgrade|update|upgrading|updating ~5 broke|breaks",
            "upgrade|update ~6 failed|fails|failing !to",
            "upgrade|update ~5 has|have broken",
            "regression|regressions in|since|after|with|from|on|between",
            "a|the|this|that regression !test*|suite*|analysis|model*",
        ]),
    ),
    // --- something not working ----------------------------------------------------------
    rule(
        Family::NotWorking,
        NOT_WORKING,
        Matcher::Phrases(&[
            "can't|cannot|couldn't @tech",
            "can|could not @tech",
            "@thing won't|will not @tech",
            "can't|cannot|couldn't sign|log in|on|into",
            "unable|fail|fails|failed to sign|log in|on|into",
            "@thing can't|cannot|couldn't be ?",
            "unable|fails|failed|failing|fail to @tech",
            "@thing can't|cannot|couldn't|won't @everyday",
            "@thing can|could not @everyday",
            "@thing is|was|are|were unable to @everyday",
            "@thing fails|failed to @everyday",
            "stopped|stops working|triggering|running|syncing|updating|responding|loading \
             !at",
            "not working !on|together|weekends|today|tomorrow|hours|days|week|for",
            "no longer work|works|working",
            "doesn't|don't|didn't|won't|isn't|aren't work|works|working !for",
            "keeps|keep|kept crashing|failing|hanging|restarting|dying",
            "crashes|crashed|crashing|crash-looping",
            "runner|runners|registry|cache|login|ldap|sso|saml|webhook*|api|integration|\
             mirror*|mirroring|ui|page|instance|server ~2 is|are|was|were|got|seems \
             broken|down",
        ]),
    ),
    // --- a system misbehaving -------------------------------------------------------------
    rule(
        Family::Symptom,
        SYMPTOM,
        Matcher::Phrases(&[
            "disk|disks|memory|cpu|heap|storage|inode|inodes ~8 at|reached|hits|hitting|hit|\
             above|over # %",
            "disk|disks|volume|partition ~2 full",
            "out of disk|space|inodes",
            "reached|hit|hitting|exceeded|exceeds|exceeding ~4 limit|limits|quota|rate-limit",
            "logged out",
            "loops|looping back",
            "redirect|login loop|loops",
            "something|stuff ~1 is|went|seems|goes wrong",
        ]),
    ),
    rule(
        Family::Symptom,
        SYMPTOM,
        Matcher::PhrasesIf {
            phrases: &[
                "fails|crashes|dies|hangs|restarts|disconnects|loops|flaps|flapping|\
                 crash-loops !to|fast",
                "failed|fails|failing|errors|errored|erroring|crashed|died|hangs|hung|stuck|\
                 dies with|at|on|during|when|while|because|halfway|again|out",
                "never|rarely start|starts|load|loads|finish|finishes|complete|completes|get|\
                 gets|show|shows|run|runs|trigger|triggers|arrive|arrives|reach|reaches|stop|\
                 stops|pick|picks|succeed|succeeds|appear|appears|sync|syncs",
                "@thing doesn't|don't|won't|isn't|aren't ~1 run|trigger|scale|start|load|show|\
                 sync|appear|respond|finish|complete|restore|update|connect|register|pick",
                "is|are|was|were|seems|seem|looks|look|gets|get|got|keeps|been|stays|remains \
                 ~2 stuck|offline|unreachable|unresponsive|unhealthy|empty|missing|ignored|\
                 invalid|rejected|declined|corrupted|corrupt|frozen|red|behind|disconnected|\
                 degraded",
                "rejected|declined|denied|refused|killed|evicted|throttled|rate-limited",
                "keeps|keep|kept|started|starts|constantly|always ~1 growing|spinning|\
                 restarting|looping|dropping|disconnecting|flapping|timing|failing|crashing|\
                 hanging|erroring|retrying|dying",
                "is|are|was|were ~1 failing|crashing|hanging|erroring|flapping|restarting|\
                 looping|dying|crash-looping",
                "restart|restarts|crash|crashes|fail|fails|disconnect|disconnects|die|dies|\
                 drop|drops|hang|hangs|reconnect|reconnects ~1 every|each|randomly|\
                 intermittently|constantly|repeatedly|sporadically|occasionally|sometimes|\
                 daily|nightly|hourly",
                "randomly|intermittently|sporadically|occasionally|constantly|repeatedly ~2 \
                 fail*|crash*|restart*|disconnect*|error*|time|times|hang*|drop*|die|dies",
                "loses|lost|losing|drops|dropped|dropping ~2 connection|connections|\
                 connectivity",
                "something|stuff ~1 is|seems wrong|off|broken with",
                "shows|serves|showing|serving|returns|deploys ~2 old|stale|wrong|outdated|\
                 previous version|page|content|data|results|commit",
                "shows|showing|says|reports|returns|returning|gives ~1 unknown|nothing|empty|\
                 null|nil|0|zero",
                "queued|pending|waiting|stuck ~1 for # minutes|hours|mins|min|seconds|days",
                "backing|backed|piling|pile|piled up",
                "not|never|isn't|aren't|wasn't|weren't ~1 being|getting|get|gets|got \
                 delivered|sent|received|processed|triggered|created|synced|updated|indexed|\
                 picked|cleaned|deleted|restored|applied|saved|replicated",
                "show|shows|showing|appear|appears|marked|listed as ~1 offline|down|unhealthy|\
                 stale|failed|stuck|invalid|unknown|red",
            ],
            requires: TECH_NOUNS,
        },
    ),
    // --- asking how to fix something ----------------------------------------------------
    rule(
        Family::FixRequest,
        FIX_REQUEST,
        Matcher::Phrases(&[
            "how do|does|can|could|would|should|to|might ~2 fix|debug|troubleshoot|repair \
             !process*|onboarding|workflow*|communication|culture|meeting*|way|ways",
            "what's|whats the|a fix|workaround|solution|remedy for|to",
            "what is|was the|a fix|workaround|solution|remedy for|to",
            "why does|do|did|is|are|would|doesn't|isn't|won't|can't ~5 fail|fails|failing|\
             failed|break|breaks|breaking|broken|crash*|error|errors|erroring|hang|hangs|\
             hanging|timeout*|timing|stuck",
            "can|could|would you|someone|somebody ~3 look|peek at|into !agenda|sow|slides|\
             calendar|roadmap|contract|plan|plans|doc|docs|document|deck|proposal|list|notes|\
             timeline|renewal|schedule|invite|pricing|licensing|licenses|seats|budget|\
             onboarding|training|options",
            "debug|troubleshoot !session*|call|calls|meeting*|mode",
            "debugging|troubleshooting this|that|it|the|our|my|your|their|why|these|those|a|an \
             !session*|call|calls|meeting*|ticket*",
            "help ~2 fix|debug|troubleshoot",
            "fix|fixing this|that|it|these|those !meeting*|time|slot|date",
            "workaround|workarounds|work-around for|to",
            "any workaround*",
            "root cause* !analysis|analyses|process*|culture",
        ]),
    ),
    rule(
        Family::FixRequest,
        FIX_REQUEST,
        Matcher::PhrasesIf {
            phrases: &[
                "any|no idea|ideas|clue why|what|how",
                "figure|figuring|find|finding out ~1 why|what|how",
                "check|checking|investigate|investigating|dig|digging ~2 why",
            ],
            requires: TECH_NOUNS,
        },
    ),
    // --- labeling a colleague -----------------------------------------------------------
    rule(
        Family::Labeling,
        LABEL_EXPERT,
        Matcher::Phrases(&[
            "@whois our|the|a|an|my|their|your|his|her|real|true ~4 @label",
            "@whois ~1 @label",
            "resident ~3 @label",
        ]),
    ),
    rule(
        Family::Labeling,
        LABEL_STRENGTH,
        Matcher::Phrases(&[
            "@whois ~2 good|great|amazing|excellent|brilliant|strong|fantastic|awesome|\
             skilled|talented|incredible|best at|with|in|on",
            "@whois a|an ~1 good|great|amazing|excellent|brilliant|strong|fantastic|awesome|\
             skilled|talented|incredible ~2 developer*|engineer*|admin*|coder*|programmer*|\
             architect*|dba",
            "@who knows ~1 everything|all|lot",
            "@whois the one|person|guy who knows",
        ]),
    ),
    // --- weak hints (high sensitivity only) ---------------------------------------------
    rule(
        Family::Weak,
        WEAK,
        Matcher::PhrasesIf {
            phrases: &[
                "problem|problems|issue|issues|trouble with|in|on",
                "bug|bugs in|with",
                "broken",
                "error|errors !budget*|rate*|handling|tracking",
                "slow|slowness|sluggish",
                "weird|strange|odd behaviou*",
                "not sure why",
            ],
            requires: TECH_NOUNS,
        },
    ),
];

// ---------------------------------------------------------------------------------------
// Word lists used by the hand-written elements
// ---------------------------------------------------------------------------------------

/// Verbs that, after "can't" / "unable to" / "failed to", are about a system whoever the
/// subject is ("we can't push to the registry").
const TECH_VERBS: &[&str] = &[
    "connect",
    "register",
    "pull",
    "push",
    "clone",
    "fetch",
    "authenticate",
    "mount",
    "resolve",
    "allocate",
    "compile",
    "deploy",
    "login",
    "log",
    "checkout",
    "spawn",
    "bind",
    "parse",
    "decrypt",
    "encrypt",
    "provision",
    "mirror",
    "sync",
    "attach",
    "upload",
    "download",
    "install",
    "reach",
    "execute",
    "load",
    "read",
    "write",
    "locate",
    "rebase",
    "lint",
    "import",
    "retrieve",
    "boot",
    "restart",
    "launch",
    "trigger",
    "authorize",
];

/// Everyday verbs that only count when the subject is not a person ("the runner can't
/// start" but not "we can't start until the SOW is signed").
const EVERYDAY_VERBS: &[&str] = &[
    "start", "run", "find", "access", "open", "create", "build", "save", "send", "receive",
    "delete", "remove", "update", "upgrade", "merge", "scale", "apply", "export", "publish",
    "sign", "verify", "validate", "see", "handle", "process", "complete", "finish",
];

/// Subjects (and words just before a modal) that are people, not systems.
const PEOPLE: &[&str] = &[
    "i",
    "i'm",
    "we",
    "we're",
    "you",
    "you're",
    "they",
    "they're",
    "he",
    "she",
    "us",
    "them",
    "people",
    "team",
    "teams",
    "folks",
    "developers",
    "devs",
    "engineers",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "nobody",
    "customers",
    "users",
    "staff",
    "management",
    "managers",
    "still",
    "just",
    "really",
    "also",
    "even",
    "simply",
    "currently",
    "sometimes",
    "often",
    "definitely",
    "probably",
    "honestly",
    "unfortunately",
    "then",
    "so",
    "but",
    "and",
    "yet",
    "now",
    "which",
    "who",
    "if",
    "because",
    "that",
    "it",
];

/// Capitalised words that are not names of people (so not labeling subjects).
const NOT_NAMES: &[&str] = &[
    "i",
    "i'm",
    "i've",
    "we",
    "we're",
    "you",
    "you're",
    "it",
    "it's",
    "this",
    "that",
    "that's",
    "there",
    "there's",
    "here",
    "here's",
    "what",
    "what's",
    "who",
    "who's",
    "which",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "our",
    "the",
    "my",
    "your",
    "their",
    "his",
    "her",
    "its",
    "team",
    "goal",
    "gitlab",
    "github",
    "jenkins",
    "kubernetes",
    "k8s",
    "docker",
    "terraform",
    "ansible",
    "aws",
    "azure",
    "gcp",
    "ci",
    "cd",
    "ruby",
    "python",
    "go",
    "java",
    "rust",
    "linux",
    "sow",
    "today",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Nouns that label a person's expertise.
const LABEL_NOUNS: &[&str] = &[
    "expert",
    "experts",
    "guru",
    "gurus",
    "wizard",
    "wizards",
    "ninja",
    "ninjas",
    "rockstar",
    "rockstars",
    "rock-star",
    "whiz",
    "whizz",
    "genius",
    "superstar",
    "maven",
    "whisperer",
    "go-to",
    "person",
    "guy",
    "gal",
];

/// Words before "person"/"guy" that make it a role, not a label ("contact person").
const ROLE_BEFORE_PERSON: &[&str] = &[
    "contact",
    "point",
    "right",
    "only",
    "main",
    "primary",
    "first",
    "same",
    "key",
    "responsible",
    "other",
    "technical",
    "business",
    "one",
];

/// Words after "go-to" that make it about a thing, not a person.
const GO_TO_THINGS: &[&str] = &[
    "tool", "tools", "platform", "solution", "choice", "product", "vendor", "approach", "method",
    "option",
];

/// Log levels recognised after a timestamp.
const LOG_LEVELS: &[&str] = &[
    "info", "warn", "warning", "error", "err", "debug", "trace", "fatal", "critical", "crit",
    "notice", "severe",
];

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

/// A word or a punctuation character, with its byte range in the original text.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    /// ASCII-lowercased, curly quotes folded to straight ones.
    norm: String,
    /// A word (letters/digits), not punctuation.
    word: bool,
    /// Punctuation that ends a clause (`.`, `,`, `;`, `:`, `!`, `?` before a space or
    /// the end), which gaps never cross.
    brk: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Combining marks and joiners that belong to the preceding word.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{200C}'..='\u{200D}')
}

/// Characters that join two word parts into one word (`can't`, `go-to`).
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '-')
}

fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) || is_mark(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if is_joiner(d) {
                    let after = text
                        .get(j + d.len_utf8()..)
                        .and_then(|rest| rest.chars().next());
                    if after.is_some_and(is_word_char) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let slice = text.get(i..end).unwrap_or_default();
            toks.push(Tok {
                start: i,
                end,
                norm: normalize(slice),
                word: true,
                brk: false,
            });
        } else if c.is_whitespace() || c.is_control() || is_mark(c) {
            continue;
        } else {
            let end = i + c.len_utf8();
            let next = text.get(end..).and_then(|rest| rest.chars().next());
            let brk = matches!(
                c,
                '.' | ',' | ';' | ':' | '!' | '?' | '\u{3002}' | '\u{FF0C}'
            ) && next.is_none_or(char::is_whitespace);
            toks.push(Tok {
                start: i,
                end,
                norm: normalize(text.get(i..end).unwrap_or_default()),
                word: false,
                brk,
            });
        }
    }
    toks
}

/// A tokenized note, with an index from normalized word to token positions.
struct Line<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    index: HashMap<String, Vec<usize>>,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Self {
        let toks = tokenize(text);
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in toks.iter().enumerate() {
            index.entry(t.norm.clone()).or_default().push(i);
        }
        Line { text, toks, index }
    }

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The token as typed.
    fn original(&self, t: &Tok) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or_default()
    }

    /// Byte range covering tokens `from..to` (exclusive end), if non-empty.
    fn span(&self, from: usize, to: usize) -> Option<Range<usize>> {
        let first = self.tok(from)?;
        let last = self.tok(to.checked_sub(1)?)?;
        (to > from).then_some(first.start..last.end)
    }
}

// ---------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------

/// One alternative of a word element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Alt {
    Exact(String),
    Prefix(String),
}

impl Alt {
    fn parse(s: &str) -> Alt {
        let s = normalize(s);
        match s.strip_suffix('*') {
            Some(stem) if !stem.is_empty() => Alt::Prefix(stem.to_string()),
            _ => Alt::Exact(s),
        }
    }

    fn matches(&self, t: &Tok) -> bool {
        match self {
            Alt::Exact(s) => t.norm == *s,
            Alt::Prefix(stem) => t.word && t.norm.starts_with(stem.as_str()),
        }
    }
}

/// Hand-written elements, written `@name` in patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    /// `@5xx`: a number from 500 to 599.
    Status5xx,
    /// `@http`: an HTTP error status from 400 to 599.
    HttpError,
    /// `@5xxs`: a plural status like `502s`.
    Status5xxPlural,
    /// `@camelerr`: an exception class name like `TypeError`, `IOException`.
    CamelError,
    /// `@tech`: a technical verb ([`TECH_VERBS`]).
    TechVerb,
    /// `@everyday`: an everyday verb ([`EVERYDAY_VERBS`]).
    EverydayVerb,
    /// `@thing`: a word that is not a person or adverb ([`PEOPLE`]).
    Thing,
    /// `@who`: he/she/they or a capitalised name.
    Who,
    /// `@whois`: "she's", "Alice's", "he is", "Alice is", "they are".
    WhoIs,
    /// `@label`: an expertise label ([`LABEL_NOUNS`]) in a labeling position.
    Label,
}

impl Special {
    fn parse(name: &str) -> Option<Special> {
        Some(match name {
            "5xx" => Special::Status5xx,
            "http" => Special::HttpError,
            "5xxs" => Special::Status5xxPlural,
            "camelerr" => Special::CamelError,
            "tech" => Special::TechVerb,
            "everyday" => Special::EverydayVerb,
            "thing" => Special::Thing,
            "who" => Special::Who,
            "whois" => Special::WhoIs,
            "label" => Special::Label,
            _ => return None,
        })
    }

    /// How many tokens this element consumes at `ti`, if it matches.
    fn consume(self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let one = |ok: bool| ok.then_some(1);
        match self {
            Special::Status5xx => one(is_5xx(&t.norm)),
            Special::HttpError => one(is_http_error(&t.norm)),
            Special::Status5xxPlural => {
                one(t.norm == "5xxs" || t.norm.strip_suffix('s').is_some_and(is_5xx))
            }
            Special::CamelError => one(t.word && is_camel_error(line.original(t))),
            Special::TechVerb => one(TECH_VERBS.contains(&t.norm.as_str())),
            Special::EverydayVerb => one(EVERYDAY_VERBS.contains(&t.norm.as_str())),
            Special::Thing => one(t.word
                && !t.norm.bytes().all(|b| b.is_ascii_digit())
                && !PEOPLE.contains(&t.norm.as_str())),
            Special::Who => one(is_third_person(line, t)),
            Special::WhoIs => who_is(line, ti),
            Special::Label => label(line, ti),
        }
    }
}

fn is_http_error(n: &str) -> bool {
    n.len() == 3
        && (n.starts_with('4') || n.starts_with('5'))
        && n.bytes().all(|b| b.is_ascii_digit())
}

fn is_5xx(n: &str) -> bool {
    n.len() == 3 && n.starts_with('5') && n.bytes().all(|b| b.is_ascii_digit())
}

/// `TypeError`, `NoMethodError`, `NullPointerException`: a class-like name ending in
/// `Error` or `Exception` with something before it.
fn is_camel_error(original: &str) -> bool {
    ["Error", "Exception"].iter().any(|suffix| {
        original
            .strip_suffix(suffix)
            .and_then(|head| head.chars().last())
            .is_some_and(|c| c.is_alphanumeric())
    })
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// He, she, they, or a capitalised word that is plausibly a person's name.
fn is_third_person(line: &Line<'_>, t: &Tok) -> bool {
    if !t.word {
        return false;
    }
    matches!(t.norm.as_str(), "he" | "she" | "they")
        || (is_capitalised(line.original(t)) && !NOT_NAMES.contains(&t.norm.as_str()))
}

/// "she's", "they're", "Alice's" (one token) or "she is", "Alice was" (two tokens).
fn who_is(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !t.word {
        return None;
    }
    if matches!(t.norm.as_str(), "he's" | "she's" | "they're") {
        return Some(1);
    }
    if let Some(base) = t.norm.strip_suffix("'s") {
        let name_like = is_capitalised(line.original(t)) && !NOT_NAMES.contains(&base);
        return name_like.then_some(1);
    }
    let verb = line.tok(ti + 1)?;
    let is_verb = matches!(verb.norm.as_str(), "is" | "are" | "was" | "were");
    (is_third_person(line, t) && is_verb).then_some(2)
}

/// An expertise label, excluding roles ("contact person") and things ("go-to tool");
/// returns the tokens it covers ("go-to person" is two).
fn label(line: &Line<'_>, ti: usize) -> Option<usize> {
    let t = line.tok(ti)?;
    if !LABEL_NOUNS.contains(&t.norm.as_str()) {
        return None;
    }
    if t.norm == "go-to" {
        let next = line.tok(ti + 1).map(|n| n.norm.as_str());
        return match next {
            Some(n) if GO_TO_THINGS.contains(&n) => None,
            Some("person" | "guy" | "gal" | "expert" | "contact" | "resource") => Some(2),
            _ => Some(1),
        };
    }
    let ok = match t.norm.as_str() {
        "person" | "guy" | "gal" => !ti
            .checked_sub(1)
            .and_then(|p| line.tok(p))
            .is_some_and(|p| ROLE_BEFORE_PERSON.contains(&p.norm.as_str())),
        _ => true,
    };
    ok.then_some(1)
}

/// One element of a phrase pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Elem {
    /// One token matching any alternative (`a|b|fail*|:`).
    Words(Vec<Alt>),
    /// One word exactly as written, case-sensitive (`=ERROR`).
    Case(String),
    /// A number (`#`).
    Number,
    /// Any word (`?`).
    AnyWord,
    /// Up to n tokens, never across a clause break (`~n`).
    Gap(usize),
    /// Neither of the next two tokens matches (`!a|b`); consumes nothing.
    NotNext(Vec<Alt>),
    /// A hand-written element (`@name`).
    Special(Special),
    /// An unknown `@name`: never matches (caught by a test).
    Never,
}

impl Elem {
    fn parse(s: &str) -> Elem {
        if s == "#" {
            Elem::Number
        } else if s == "?" {
            Elem::AnyWord
        } else if let Some(n) = s.strip_prefix('~').and_then(|n| n.parse().ok()) {
            Elem::Gap(n)
        } else if let Some(name) = s.strip_prefix('@') {
            Special::parse(name).map_or(Elem::Never, Elem::Special)
        } else if let Some(word) = s.strip_prefix('=').filter(|w| !w.is_empty()) {
            Elem::Case(word.to_string())
        } else if let Some(alts) = s.strip_prefix('!').filter(|a| !a.is_empty()) {
            Elem::NotNext(alts.split('|').map(Alt::parse).collect())
        } else {
            Elem::Words(s.split('|').map(Alt::parse).collect())
        }
    }

    /// Tokens consumed at `ti` by a non-gap, non-lookahead element.
    fn consume(&self, line: &Line<'_>, ti: usize) -> Option<usize> {
        let t = line.tok(ti)?;
        let one = |ok: bool| ok.then_some(1);
        match self {
            Elem::Words(alts) => one(alts.iter().any(|a| a.matches(t))),
            Elem::Case(word) => one(line.original(t) == word),
            Elem::Number => one(t.word && t.norm.bytes().all(|b| b.is_ascii_digit())),
            Elem::AnyWord => one(t.word),
            Elem::Special(s) => s.consume(line, ti),
            Elem::Gap(_) | Elem::NotNext(_) | Elem::Never => None,
        }
    }
}

/// A compiled phrase pattern.
#[derive(Debug, Clone)]
struct Pattern {
    elems: Vec<Elem>,
    /// The normalized words the first token must be, when known (for the index).
    first: Option<Vec<String>>,
}

impl Pattern {
    fn compile(src: &str) -> Pattern {
        let elems: Vec<Elem> = src.split_whitespace().map(Elem::parse).collect();
        let first = match elems.first() {
            Some(Elem::Words(alts)) => alts
                .iter()
                .map(|a| match a {
                    Alt::Exact(s) => Some(s.clone()),
                    Alt::Prefix(_) => None,
                })
                .collect(),
            Some(Elem::Case(word)) => Some(vec![word.to_ascii_lowercase()]),
            _ => None,
        };
        Pattern { elems, first }
    }

    /// Every match in the line, as byte ranges.
    fn find_all(&self, line: &Line<'_>, out: &mut Vec<Range<usize>>) {
        let mut try_at = |ti: usize| {
            if let Some(end) = match_from(&self.elems, line, ti)
                && let Some(range) = line.span(ti, end)
            {
                out.push(range);
            }
        };
        match &self.first {
            Some(words) => {
                for word in words {
                    for &ti in line.index.get(word).map_or(&[][..], Vec::as_slice) {
                        try_at(ti);
                    }
                }
            }
            None => (0..line.toks.len()).for_each(try_at),
        }
    }
}

/// Matches `elems` from token `ti`; returns the index after the last consumed token.
/// Gaps are non-greedy and bounded, so the work per start position is bounded too.
fn match_from(elems: &[Elem], line: &Line<'_>, ti: usize) -> Option<usize> {
    let Some((head, rest)) = elems.split_first() else {
        return Some(ti);
    };
    match head {
        Elem::Gap(n) => {
            for skip in 0..=*n {
                if skip > 0 && line.tok(ti + skip - 1)?.brk {
                    return None;
                }
                if let Some(end) = match_from(rest, line, ti + skip) {
                    return Some(end);
                }
            }
            None
        }
        Elem::NotNext(alts) => {
            let blocked = line
                .toks
                .iter()
                .skip(ti)
                .take(2)
                .any(|t| alts.iter().any(|a| a.matches(t)));
            if blocked {
                None
            } else {
                match_from(rest, line, ti)
            }
        }
        elem => {
            let n = elem.consume(line, ti)?;
            match_from(rest, line, ti + n)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hand-written matchers
// ---------------------------------------------------------------------------------------

/// An indented `at ...` stack frame line: `    at com.foo.Bar.baz(Bar.java:12)`,
/// `  at Object.<anonymous> (/app/x.js:3:5)`.
fn indented_at_frame(line: &Line<'_>) -> Option<Range<usize>> {
    let text = line.text;
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    if lead == 0 {
        return None;
    }
    let rest = trimmed.strip_prefix("at ")?;
    let first = rest.split_whitespace().next()?;
    let starts_like_code = first
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '$' | '/' | '<'));
    let code_like = first.contains('.') || first.contains('(');
    let has_location = rest
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b':' && w[1].is_ascii_digit())
        || rest.contains("(Native Method)")
        || rest.contains("(Unknown Source)");
    if !(starts_like_code && code_like && has_location) {
        return None;
    }
    let end = text.trim_end().len();
    (end > lead).then_some(lead..end)
}

/// A timestamp (`2024-05-01 12:00:01`, `2024-05-01T12:00:01Z`, `12:00:01.123`) followed
/// within a few tokens by a log level (`ERROR`, `warn:`, `[info]`).
fn timestamped_log_line(line: &Line<'_>) -> Option<Range<usize>> {
    let bytes = line.text.as_bytes();
    for t in &line.toks {
        if !t.word || !bytes.get(t.start).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let Some(ts_end) = parse_timestamp(bytes, t.start) else {
            continue;
        };
        let first_after = line.toks.partition_point(|u| u.start < ts_end);
        for k in first_after..line.toks.len().min(first_after + 4) {
            let Some(level) = line.tok(k) else { break };
            if !level.word || !LOG_LEVELS.contains(&level.norm.as_str()) {
                continue;
            }
            let original = line.original(level);
            let shouting = original.len() > 1 && !original.bytes().any(|b| b.is_ascii_lowercase());
            let bracketed = k
                .checked_sub(1)
                .and_then(|p| line.tok(p))
                .is_some_and(|p| p.norm == "[")
                || line
                    .tok(k + 1)
                    .is_some_and(|n| matches!(n.norm.as_str(), ":" | "]" | "|"));
            if shouting || bracketed {
                return Some(t.start..level.end);
            }
        }
    }
    None
}

/// Counts ASCII digits from `i`, returning the end if there are between `min` and `max`.
fn digits(b: &[u8], i: usize, min: usize, max: usize) -> Option<usize> {
    let n = b
        .iter()
        .skip(i)
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    (min..=max).contains(&n).then_some(i + n)
}

/// Exactly `n` ASCII digits at `i` (more may follow); returns the end.
fn fixed_digits(b: &[u8], i: usize, n: usize) -> Option<usize> {
    let all = b.get(i..i.checked_add(n)?)?.iter().all(u8::is_ascii_digit);
    all.then_some(i + n)
}

fn byte_is(b: &[u8], i: usize, f: impl Fn(u8) -> bool) -> bool {
    b.get(i).is_some_and(|&c| f(c))
}

/// `hh:mm:ss` with optional fraction and zone; returns the end.
fn parse_time(b: &[u8], i: usize) -> Option<usize> {
    let p = digits(b, i, 1, 2)?;
    if !byte_is(b, p, |c| c == b':') {
        return None;
    }
    let p = digits(b, p + 1, 2, 2)?;
    if !byte_is(b, p, |c| c == b':') {
        return None;
    }
    let mut p = digits(b, p + 1, 2, 2)?;
    if byte_is(b, p, |c| c == b'.' || c == b',')
        && let Some(q) = digits(b, p + 1, 1, 9)
    {
        p = q;
    }
    if byte_is(b, p, |c| c == b'Z') {
        p += 1;
    } else if byte_is(b, p, |c| c == b'+' || c == b'-')
        && let Some(q) = fixed_digits(b, p + 1, 2)
    {
        p = q;
        let minutes_from = if byte_is(b, p, |c| c == b':') {
            p + 1
        } else {
            p
        };
        if let Some(r) = digits(b, minutes_from, 2, 2) {
            p = r;
        }
    }
    Some(p)
}

/// A date (`yyyy-mm-dd`, optionally with a time) or a bare time; returns the end, which
/// must not be followed by a letter or digit.
fn parse_timestamp(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && byte_is(b, i - 1, |c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let end = match digits(b, i, 4, 4) {
        Some(p) if byte_is(b, p, |c| c == b'-' || c == b'/') => {
            let sep = b.get(p).copied()?;
            let p = digits(b, p + 1, 2, 2)?;
            if !byte_is(b, p, |c| c == sep) {
                return None;
            }
            let p = digits(b, p + 1, 2, 2)?;
            if byte_is(b, p, |c| c == b'T' || c == b' ') {
                parse_time(b, p + 1).unwrap_or(p)
            } else {
                p
            }
        }
        _ => parse_time(b, i)?,
    };
    (!byte_is(b, end, |c| c.is_ascii_alphanumeric())).then_some(end)
}

// ---------------------------------------------------------------------------------------
// Compiling rules, collecting candidates, selecting findings
// ---------------------------------------------------------------------------------------

enum CompiledMatcher {
    Phrases(Vec<Pattern>),
    PhrasesIf(Vec<Pattern>, Vec<Pattern>),
    Custom(fn(&Line<'_>) -> Option<Range<usize>>),
}

struct CompiledRule {
    family: Family,
    reason: &'static str,
    matcher: CompiledMatcher,
}

struct Candidate {
    family: Family,
    reason: String,
    range: Range<usize>,
}

fn compile_all(srcs: &[&str]) -> Vec<Pattern> {
    srcs.iter().map(|s| Pattern::compile(s)).collect()
}

static EXEMPT_COMPILED: LazyLock<Vec<Pattern>> = LazyLock::new(|| compile_all(EXEMPT));

static COMPILED: LazyLock<Vec<CompiledRule>> = LazyLock::new(|| {
    RULES
        .iter()
        .map(|r| CompiledRule {
            family: r.family,
            reason: r.reason,
            matcher: match &r.matcher {
                Matcher::Phrases(p) => CompiledMatcher::Phrases(compile_all(p)),
                Matcher::PhrasesIf { phrases, requires } => {
                    CompiledMatcher::PhrasesIf(compile_all(phrases), compile_all(requires))
                }
                Matcher::Custom(f) => CompiledMatcher::Custom(*f),
            },
        })
        .collect()
});

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

impl CompiledRule {
    fn collect(&self, line: &Line<'_>, out: &mut Vec<Candidate>) {
        let mut ranges = Vec::new();
        match &self.matcher {
            CompiledMatcher::Phrases(patterns) => {
                for p in patterns {
                    p.find_all(line, &mut ranges);
                }
            }
            CompiledMatcher::PhrasesIf(patterns, requires) => {
                let mut found = Vec::new();
                for p in patterns {
                    p.find_all(line, &mut found);
                }
                if found.is_empty() {
                    return;
                }
                let mut evidence = Vec::new();
                for p in requires {
                    p.find_all(line, &mut evidence);
                }
                for m in found {
                    let after = evidence
                        .iter()
                        .filter(|e| e.start >= m.end)
                        .min_by_key(|e| e.start);
                    let before = evidence
                        .iter()
                        .filter(|e| e.end <= m.start)
                        .max_by_key(|e| e.end);
                    if let Some(e) = after.or(before) {
                        ranges.push(m.start.min(e.start)..m.end.max(e.end));
                    }
                }
            }
            CompiledMatcher::Custom(f) => ranges.extend(f(line)),
        }
        out.extend(ranges.into_iter().map(|range| Candidate {
            family: self.family,
            reason: self.reason.to_owned(),
            range,
        }));
    }
}

/// Keeps, family by family (strongest first), the earliest (then longest) candidate that
/// does not overlap a finding already kept.
fn select(text: &str, mut candidates: Vec<Candidate>) -> Vec<Finding> {
    candidates.sort_by_key(|c| (c.family, c.range.start, std::cmp::Reverse(c.range.end)));
    let mut kept: Vec<Finding> = Vec::new();
    for family in Family::ALL {
        let pick = candidates
            .iter()
            .filter(|c| c.family == family)
            .find(|c| !kept.iter().any(|k| overlaps(&k.range, &c.range)));
        if let Some(c) = pick
            && let Some(matched) = text.get(c.range.clone())
        {
            kept.push(Finding {
                kind: family.kind(),
                matched: matched.to_string(),
                reason: c.reason.clone(),
                range: c.range.clone(),
                signal: family.signal(),
                level: Level::Notice,
                why: String::new(),
            });
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences that drift into troubleshooting.
    const TROUBLESHOOTING: &[&str] = &[
        "Error: unable to access 'https://gitlab.example.com/foo.git'",
        "ERROR: Job failed: exit code 1",
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

    #[test]
    fn every_pattern_element_is_known() {
        for rule in RULES {
            let srcs: Vec<&str> = match &rule.matcher {
                Matcher::Phrases(p) => p.to_vec(),
                Matcher::PhrasesIf { phrases, requires } => {
                    phrases.iter().chain(requires.iter()).copied().collect()
                }
                Matcher::Custom(_) => Vec::new(),
            };
            for src in srcs {
                let p = Pattern::compile(src);
                assert!(!p.elems.is_empty(), "empty pattern {src:?}");
                assert!(!p.elems.contains(&Elem::Never), "unknown @name in {src:?}");
                assert!(
                    matches!(
                        p.elems.first(),
                        Some(Elem::Words(_) | Elem::Case(_) | Elem::Special(_))
                    ),
                    "pattern must start with a word: {src:?}"
                );
            }
        }
    }

    #[test]
    fn tokens_keep_offsets_and_join_words() {
        let text = "Can’t — go-to naïve 😀 x.py:3";
        let toks = tokenize(text);
        for t in &toks {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let norms: Vec<_> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "can't", "—", "go-to", "naïve", "😀", "x", ".", "py", ":", "3"
            ]
        );
    }

    #[test]
    fn timestamps() {
        let b = |s: &str| s.as_bytes().to_vec();
        assert_eq!(parse_timestamp(&b("2024-05-01 12:00:01 x"), 0), Some(19));
        assert_eq!(parse_timestamp(&b("2024-05-01T12:00:01.5Z"), 0), Some(22));
        assert_eq!(parse_timestamp(&b("12:00:01.123 WARN"), 0), Some(12));
        assert_eq!(parse_timestamp(&b("12:00 CET"), 0), None);
        assert_eq!(
            parse_timestamp(&b("2024-05-01T12:00:01+02:00 x"), 0),
            Some(25)
        );
        assert_eq!(parse_timestamp(&b("12:00:01+0200 x"), 0), Some(13));
        assert_eq!(parse_timestamp(&b("2024-05-01x"), 0), None);
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
