//! The rule table: families, reasons, phrase lists, and how candidates become findings.

use std::ops::Range;
use std::sync::LazyLock;

use super::pattern::Pattern;
use super::shapes::{indented_at_frame, timestamped_log_line};
use super::tokens::Line;
use super::{Finding, FindingKind, Level, Signal};

// Rule families and the rule table

/// A group of rules; at most one finding per family. Declared strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Family {
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

    pub(super) fn signal(self) -> Signal {
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

    pub(super) fn kind(self) -> FindingKind {
        match self {
            Family::Labeling | Family::UserLabeling => FindingKind::Labeling,
            _ => FindingKind::Troubleshooting,
        }
    }
}

/// How a rule finds its matches.
pub(super) enum Matcher {
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
pub(super) struct Rule {
    pub(super) family: Family,
    pub(super) reason: &'static str,
    pub(super) matcher: Matcher,
}

pub(super) const fn rule(family: Family, reason: &'static str, matcher: Matcher) -> Rule {
    Rule {
        family,
        reason,
        matcher,
    }
}

pub(super) const STACK_TRACE: &str = "a stack trace";
pub(super) const LOG_LINE: &str = "a log line";
pub(super) const ERROR_MESSAGE: &str = "an error message";
pub(super) const HTTP_5XX: &str = "an HTTP 5xx error";
pub(super) const FAILING_JOB: &str = "a failing job";
pub(super) const UPGRADE: &str = "breakage after an upgrade";
pub(super) const NOT_WORKING: &str = "something not working";
pub(super) const SYMPTOM: &str = "a system misbehaving";
pub(super) const QUOTED_OUTPUT: &str = "output quoted from a tool";
pub(super) const HTTP_ERROR: &str = "an HTTP error status";
pub(super) const WEAK: &str = "a hint of a technical problem";
pub(super) const FIX_REQUEST: &str = "asking how to fix something";
pub(super) const LABEL_EXPERT: &str = "labels a person as the expert";
pub(super) const LABEL_STRENGTH: &str = "labels what a person is good at";

/// Words that say something broke, used by the upgrade rule.
pub(super) const BREAKAGE: &[&str] = &[
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
pub(super) const TECH_NOUNS: &[&str] = &[
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
pub(super) const EXEMPT: &[&str] = &[
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
pub(super) const RULES: &[Rule] = &[
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

// Compiling rules, collecting candidates, selecting findings

pub(super) enum CompiledMatcher {
    Phrases(Vec<Pattern>),
    PhrasesIf(Vec<Pattern>, Vec<Pattern>),
    Custom(fn(&Line<'_>) -> Option<Range<usize>>),
}

pub(super) struct CompiledRule {
    pub(super) family: Family,
    pub(super) reason: &'static str,
    pub(super) matcher: CompiledMatcher,
}

pub(super) struct Candidate {
    pub(super) family: Family,
    pub(super) reason: String,
    pub(super) range: Range<usize>,
}

pub(super) fn compile_all(srcs: &[&str]) -> Vec<Pattern> {
    srcs.iter().map(|s| Pattern::compile(s)).collect()
}

pub(super) static EXEMPT_COMPILED: LazyLock<Vec<Pattern>> = LazyLock::new(|| compile_all(EXEMPT));

pub(super) static COMPILED: LazyLock<Vec<CompiledRule>> = LazyLock::new(|| {
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

pub(super) fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

impl CompiledRule {
    pub(super) fn collect(&self, line: &Line<'_>, out: &mut Vec<Candidate>) {
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
pub(super) fn select(text: &str, mut candidates: Vec<Candidate>) -> Vec<Finding> {
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
    use super::super::pattern::Elem;
    use super::*;

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
}
