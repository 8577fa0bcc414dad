//! The rule table: families, reasons, phrase lists, and how candidates become findings.

use std::ops::Range;

use super::shapes::{
    command_with_arguments, flagged_command, git_server_output, http_request_line,
    http_status_in_context, indented_at_frame, key_value_log, scoped_constant, sql_query,
    status_table_row, timestamped_log_line, tool_error_about_a_file,
};
use super::tokens::Line;
use super::{FindingKind, Signal};

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
    Pasted,
    NotWorking,
    Symptom,
    FixRequest,
    Live,
    UserTroubleshooting,
    Weak,
    Labeling,
    UserLabeling,
}

impl Family {
    /// Every family, strongest first.
    pub(super) const ALL: [Family; 15] = [
        Family::StackTrace,
        Family::LogLine,
        Family::ErrorMessage,
        Family::Http5xx,
        Family::FailingJob,
        Family::UpgradeBreakage,
        Family::Pasted,
        Family::NotWorking,
        Family::Symptom,
        Family::FixRequest,
        Family::Live,
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
            | Family::Pasted
            | Family::Live
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

/// What else a [`Matcher::PhrasesIf`] rule needs in the same line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Requires {
    /// A technical noun or a code-like word (see the tokenizer).
    Tech,
    /// Words that say something broke ([`BREAKAGE`]).
    Breakage,
}

/// How a rule finds its matches.
pub(super) enum Matcher {
    /// Any of these phrase patterns.
    Phrases(&'static [&'static str]),
    /// Any of `phrases`, but only when one of `requires` also occurs elsewhere in the
    /// line; the finding then spans both.
    PhrasesIf {
        phrases: &'static [&'static str],
        requires: Requires,
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
pub(super) const BASELINE: &str = "a measure far from its usual value";
pub(super) const QUOTED_OUTPUT: &str = "output quoted from a tool";
pub(super) const HTTP_ERROR: &str = "an HTTP error status";
pub(super) const WEAK: &str = "a hint of a technical problem";
pub(super) const FIX_REQUEST: &str = "asking how to fix something";
pub(super) const LABEL_EXPERT: &str = "labels a person as the expert";
pub(super) const LABEL_STRENGTH: &str = "labels what a person is good at";
pub(super) const LIVE: &str = "a technical problem worked on in the meeting";
pub(super) const COMMAND: &str = "a command pasted with its arguments";
pub(super) const CODE_NAME: &str = "a class name from code or a log";
pub(super) const STATUS_TABLE: &str = "a status table showing a failure";
pub(super) const GIT_OUTPUT: &str = "output from a git server";
pub(super) const SHARED_OUTPUT: &str = "a command's output shared in the meeting";
pub(super) const HTTP_REQUEST: &str = "an HTTP request pasted from a tool or a log";
pub(super) const LABEL_SELF: &str = "labels oneself as the expert";
pub(super) const LABEL_REPORTED: &str = "passes on a label someone gave";
pub(super) const LABEL_KNOWS: &str = "labels what a person knows best";
pub(super) const TROUBLE_MODEL: &str = "the word model reads it as troubleshooting";
pub(crate) const TROUBLE_THREAD: &str =
    "goes on with the troubleshooting of the note before, as the word model reads it";
pub(super) const LABEL_MODEL: &str =
    "reads like a label on a person to the word model trained on labelled notes";

/// Every phrase of the built-in tables, for the vocabulary.
pub(super) fn builtin_sources() -> impl Iterator<Item = &'static str> {
    let rules = RULES.iter().flat_map(|r| match &r.matcher {
        Matcher::Phrases(p) | Matcher::PhrasesIf { phrases: p, .. } => p.iter(),
        Matcher::Custom(_) => [].iter(),
    });
    let frames = super::frames::MARKERS.iter().flat_map(|(_, p)| p.iter());
    rules
        .chain(EXEMPT.iter())
        .chain(BREAKAGE.iter())
        .chain(frames)
        .copied()
}

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

/// Idioms that look like drift but are talk *about* it, or harmless: any candidate that
/// overlaps one of these is dropped.
pub(super) const EXEMPT: &[&str] = &[
    "troubleshooting|debugging session*|call|calls|meeting*|mode",
    "not|never|don't|no|avoid|without|won't|can't|shouldn't|wouldn't|didn't|doesn't ~2 \
     troubleshoot*|debug*",
    "debug log*|logging|level|levels|mode|flag*|output|symbols|build*|info",
    "debug|debugging|troubleshoot|troubleshooting|fix|fixing ~2 process*|planning|culture|\
     workflow*|onboarding|communication|way|ways|habits",
    "human error*",
    // Things of the office, not of a system: "walks us through the org chart", "the
    // team's Confluence page".
    "org|organisation|organization|organizational|gantt|pie|burndown|burn-down chart|charts",
    // Not "wiki pages 404": GitLab's own pages are a system.
    "confluence|intranet|sharepoint|notion page|pages",
    "normally up|down",
    "grep|egrep|rg|findstr ~2 error|errors|err|fail|failed|failure|failures",
    "book|booked|booking|schedule|scheduled|scheduling|plan|planned|planning|arrange|arranged|\
     propose|proposed|set ~3 deep dive|deep-dive|deepdive|session|workshop",
    "be|is|are|was|were|being|been|get|gets|got used to",
    "default|max|maximum|configured ~2 timeout|timeouts",
    "brain|brains|person|one|force|mind|minds|people|team|guy|guys|genius|mastermind|wizard|\
     guru|expert|hero|architect|architects|magic behind",
    "not|n't|never|without ~1 dig|dig into|debug|debugging|troubleshoot|troubleshooting|go|\
     get|dive",
    // "let's not go down the rabbit hole": a warning, not time sunk.
    "not|n't|never|avoid|without ~4 rabbit hole|holes",
    "not|n't|never|avoid|without ~4 rabbit-hole|rabbithole|rabbit-holes|weeds",
    "timeout|timeouts ~3 set|configured|default|defaults|setting|settings|value|values|limit|\
     limits|policy",
    "root cause* analysis|analyses|process*|culture|training",
    "stuck|blocked|waiting|held on|in|at|with|by ~1 legal|approval|procurement|budget|\
     signature|signoff|sign-off|contract|paperwork|management|finance",
    "rca process*|culture|training",
    "go|goes|went|going|gone live",
    "not|never|no in|during|on the|this call|meeting|session",
    "no|zero|without|nothing|none|0 ~1 error|errors|failures|failed|issues|problems|outage|\
     outages|downtime|incidents|crash|crashes|timeouts",
    "no|zero|0 ~1 @problem",
    "no|zero|0 ~1 5xx|5xxs|4xx|4xxs",
    "not|never any|a|one|single ~1 error|errors|failure|failures|outage|outages|incident|\
     incidents|crash|crashes|problem|problems|issue|issues",
    "nothing|none|no ~2 is|are|was|were|seems|got|gets stuck|broken|failing|down|wrong|\
     crashing|hanging",
    "nothing|none|no ~1 broken|failing|down|wrong|crashing|hanging|stuck",
    "no|not|without|never|avoid ~2 screen-sharing|screen-share|screensharing|screenshare|\
     screen|sharing|live",
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
            "\" error|err \" :",
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
            phrases: &[
                "says|said|get|gets|getting|got|see|seeing|saw|with|message ~2 \"",
                "- > \"",
                "→ \"",
            ],
            requires: Requires::Tech,
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
            "still ~1 @5xxs",
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
            "receive|receives|received|receiving ~2 @http",
            "fail|fails|failed|failing|errors|errored ~1 with ~2 @http",
            "@http request|entity|unauthorized|forbidden|unprocessable|conflict|gone",
            "@http not found",
            "still|same|again ~1 @http",
            "@http too many",
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
            requires: Requires::Breakage,
        },
    ),
    rule(
        Family::UpgradeBreakage,
        UPGRADE,
        Matcher::Phrases(&[
            // `!set`: not a pasted `UPDATE table SET ...`.
            "upgrade|update|upgrading|updating !set ~5 broke|breaks",
            "upgrade|update !set ~6 failed|fails|failing !to",
            "upgrade|update !set ~5 has|have broken",
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
            "@technoun ~3 not|never|isn't|aren't|wasn't|weren't able to",
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
            "% cpu|memory|mem|ram|disk|heap",
            "consuming|consumes|eating|eats|using|uses|takes|taking ~1 all|100 ~2 the|% ~1 \
             memory|cpu|ram|disk|heap",
            "stay|stays|stayed|staying|remain|remains|remained ~2 pending|queued|stuck|offline|\
             locked|red",
            "cluster|clusters|status|health|index|indices|shards ~2 is|went|turned|goes|=|: ~1 \
             red",
            "cluster|clusters|status|health ~1 red",
            "deleting|deletes|deleted|removing|removes|removed|overwriting|overwrites|overwrote \
             ~2 the wrong",
            "@technoun ~3 still|keeps|keep growing|climbing|increasing|rising|filling",
            "out of disk|space|inodes",
            "reached|hit|hitting|exceeded|exceeds|exceeding ~4 limit|limits|quota|rate-limit",
            "logged out",
            "loops|looping back",
            "redirect|redirects|redirecting|login loop|loops|looping",
            "something|stuff ~1 is|went|seems|goes wrong",
            // Read off a graph as they watch: "CPU 95% since 09:30", "count decreased to
            // ~3,000".
            "cpu|memory|mem|ram|load|heap|latency|iowait ~4 since ~2 @num",
            "count|queue|backlog|cpu|memory|load|latency ~3 decreased|dropped|increased|went|\
             fell|rose|climbed|spiked ~2 to ~1 @num",
        ]),
    ),
    rule(
        Family::Symptom,
        BASELINE,
        Matcher::Phrases(&[
            // "40 min today vs ~6", "45s rn vs ~5s": now against before.
            "@measure ~3 today|rn|currently|atm vs|versus ~1 @num",
            // "2.8s, normally 0.05".
            "@measure , normally|usually|typically ~1 @num",
            // "normally 5s, now 45s".
            "normally|usually|typically ~1 @num , ~1 now|today|rn|currently ~2 @measure",
        ]),
    ),
    rule(
        Family::Symptom,
        BASELINE,
        Matcher::PhrasesIf {
            // "running 3h longer than usual", "pages slower than normal today".
            phrases: &[
                "longer|slower|bigger|larger|higher|heavier|quicker|faster|shorter|smaller than \
                 usual|normal|normally|expected",
            ],
            requires: Requires::Tech,
        },
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
                 looping|dying|crash-looping|rejecting|refusing|denying|dropping|ignoring",
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
                "still ~1 returns|returning|shows|showing|points|pointing|serves|serving|uses|\
                 using ~1 the|an|a ~1 old|stale|previous|wrong",
                "not|doesn't|don't|didn't|won't|isn't|aren't|wasn't ~1 take|taking|accept|\
                 accepting ~1 any|new|the ~1 jobs|job|builds|build",
                "not|doesn't|don't|didn't|won't|isn't|aren't|wasn't ~1 pick|picking up ~1 any|\
                 new|the ~1 jobs|job|builds|build",
                "isn't|isnt|aren't|arent|wasn't|not ~1 reflected|propagated|resolving|responding|\
                 following|replicating",
                "but nothing|no ~1 appears|appear|shows|show|happens|arrives|arrive|lands|comes",
                "answering|responding|loading|cloning|pulling|pushing|syncing|starting slowly",
                "saturated|exhausted|saturation",
                "shows|showing|reports|reporting|lists ~4 outdated|unhealthy|stale|corrupted|corrupt|\
                 out-of-sync",
                "isn't|isnt|aren't|arent|wasn't|not ~1 showing|turning up",
                "shows|showing|shown|marked|listed as ~1 never contacted|connected",
                "queued|pending|waiting|stuck ~1 for # minutes|hours|mins|min|seconds|days",
                "backing|backed|piling|pile|piled up",
                "not|never|isn't|aren't|wasn't|weren't ~1 being|getting|get|gets|got \
                 delivered|sent|received|processed|triggered|created|synced|updated|indexed|\
                 picked|cleaned|deleted|restored|applied|saved|replicated",
                "show|shows|showing|shown|appear|appears|appeared|marked|listed|reported as ~1 \
                 offline|down|unhealthy|stale|failed|stuck|invalid|unknown|red|dead|stopped",
                "remain|remains|remained|stay|stays|stayed|sit|sits|sat ~10 indefinitely|forever",
                "being|randomly|silently|keep|keeps|kept ~1 dropped|skipped|ignored|lost|\
                 truncated|duplicated",
                "mem|memory|cpu|heap|queue|queues|lag|latency|load ~3 climbing|growing|rising|\
                 spiking|spiked|ballooning|ballooned|skyrocketing",
                "exits|exited|exiting ~1 with|code|status ~1 #",
                "lag|lagging|delay|delayed|behind ~3 # min|mins|minute|minutes|hour|hours|h|sec|\
                 secs|seconds",
                "lag|delay :|= ~1 # min|mins|minute|minutes|hour|hours|h|sec|secs|seconds",
                "exits|exited #",
                "not|never|isn't|aren't|wasn't|weren't ~2 added|assigned|provisioned|mapped|\
                 imported|migrated|copied|applied|created|\
                 triggered|triggering|synchronised|synchronized|synced|syncing|updating|\
                 firing|running|loading|showing|appearing|starting|sent|delivered",
            ],
            requires: Requires::Tech,
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
            "does|do|did it|they fail|crash|error|hang on|for|with|every|only|always|when",
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
            requires: Requires::Tech,
        },
    ),
    // --- pasted commands, tables, code ---------------------------------------------------
    rule(
        Family::Pasted,
        COMMAND,
        Matcher::Custom(command_with_arguments),
    ),
    rule(Family::Pasted, COMMAND, Matcher::Custom(flagged_command)),
    rule(
        Family::Pasted,
        HTTP_REQUEST,
        Matcher::Custom(http_request_line),
    ),
    rule(
        Family::ErrorMessage,
        ERROR_MESSAGE,
        Matcher::Custom(tool_error_about_a_file),
    ),
    rule(Family::Pasted, CODE_NAME, Matcher::Custom(scoped_constant)),
    rule(Family::Pasted, COMMAND, Matcher::Custom(sql_query)),
    rule(
        Family::Pasted,
        SHARED_OUTPUT,
        Matcher::Phrases(&["output|outputs of|from ~2 @technoun"]),
    ),
    rule(
        Family::Pasted,
        STATUS_TABLE,
        Matcher::Custom(status_table_row),
    ),
    rule(
        Family::Pasted,
        GIT_OUTPUT,
        Matcher::Custom(git_server_output),
    ),
    rule(Family::LogLine, LOG_LINE, Matcher::Custom(key_value_log)),
    rule(
        Family::Http5xx,
        HTTP_ERROR,
        Matcher::Custom(http_status_in_context),
    ),
    rule(
        Family::ErrorMessage,
        ERROR_MESSAGE,
        Matcher::Phrases(&[
            "rake|task|build|installation|command|script aborted",
            "aborted !",
            "is|was|are not recognized|recognised as",
            "not recognized|recognised as the|a|an|internal|command",
            "you are not allowed to",
            "error|errors acquiring|creating|reading|writing|loading|parsing|running|executing|\
             fetching|pulling|pushing|connecting|validating|resolving|uploading|downloading",
            "down : ? : #|0s|1s|2s|3s|4s|5s",
            "command|operation|request|method|action not allowed|permitted",
            "not allowed to push|pull|access|merge|create|delete|read|write|clone|run|deploy",
            "cannot|can't|couldn't patch|resolve|parse|allocate|bind|execute",
            "could|can not patch|find|resolve|open|read|write|create|locate|load|parse|\
             allocate|bind|verify|validate|execute",
            "unable to patch|find|resolve|open|read|write|create|locate|load|parse|allocate|\
             bind|verify|validate|execute",
            "no such ~1 file|host|directory|key|table|column|image|container|object|bucket",
            "does not exist|exists",
            "doesn't exist",
            "not found !yet",
            "=FAILED",
            "=WARNING : ~8 fail*|error*|unable|cannot|could|didn't|not",
            "remote rejected",
            "hook declined",
            "unable|failed to get|verify|load ~3 certificate|issuer|certificates",
            "i / o timeout",
            "self signed certificate",
            "self-signed certificate",
            "certificate problem|error|expired",
            "ssl|tls certificate|handshake problem|error",
        ]),
    ),
    // --- terse symptoms: a technical noun and a problem, in any order ---------------------
    rule(
        Family::Symptom,
        SYMPTOM,
        Matcher::Phrases(&[
            "@technoun ~3 failed|failing|fails|fail|broken|broke|crashing|crashed|crashes|\
             hanging|hangs|hang|hung|stuck|dead|died|dies|die|erroring|errored|errors|\
             unhealthy|degraded|unreachable|unresponsive|timing|expired|expire|expires|\
             expiring|evicted|killed|oomkilled|leaking|leaks|flapping|looping|loops|corrupt|\
             corrupted|refused|rejected|denied|throttled|blew|blowing|blows|exploded|choked|\
             choking|chokes|panics|panicked|segfaults|timeouts|timeout|lagging|lags|oom|\
             pegged|maxed|saturated|truncated|crashloop|crashlooping|offline|missing|inactive|\
             notready|invalid|busy|blocked|locked|failure|failures|spike|spikes|spiking",
            "@technoun ~1 error !budget*|rate*|handling|tracking|page|pages|message*",
            "@technoun down",
            "@technoun ~2 : ~2 @problem",
            "no @technoun picking|taking|accepting|running",
            "@technoun ~3 not|never|isn't|aren't|doesn't|don't|didn't|won't|wasn't|weren't \
             ~1 fire|firing|fired|run|running|ran|start|starting|started|load|loading|loaded|\
             sync|syncing|synced|match|matching|matches|matched|connect|connecting|respond|\
             responding|spin|spinning|pick|picking|bind|binding|arrive|arriving|update|\
             updating|trigger|triggering|triggered|scale|scaling|show|showing|appear|\
             appearing|work|working|going|sent|delivered|created|deployed|applied|torn|\
             cleaned|deleted|removed|restored|replicated|indexed|mounted|pulled|pushed|\
             accepted|recognized|recognised|found|resolving|resolve|reachable|ready|healthy|\
             valid|allowed|available|up|kicking|picked|building|compiling|passing|apply|\
             applies|applied|attached|registered|visible|listed|propagated|scheduled|renewed",
            "@technoun ~3 running|run|runs|ran|triggered|triggering|firing|fired|created|\
             deployed twice",
            "no healthy|available|ready|online|active ~2 @technoun",
            "not|never in sync",
            "out of sync",
            "out-of-sync",
            "no @technoun ~1 going|getting|being|coming ~1 out|sent|through|delivered|created",
            "failed|failing|failure|failures|errors|erroring|crashing|crashed|timeouts|stuck|\
             broken|unhealthy ~2 @technoun",
            "@problem in|on|from|for ~3 @technoun",
            "still ~2 @problem",
            // A symptom read out as it is now: "MR pages slow now for wallet-core".
            "slow|slower|sluggish now|again",
            "very|really|super|extremely|painfully slow",
            "restarting|crashing|failing|dying|hanging|disconnecting|erroring|flapping ~4 \
             every|each|constantly|randomly|repeatedly|intermittently",
            "restarting|crashing|failing|dying|hanging|looping|erroring|flapping|rebooting ~1 \
             over and over",
            // Watching a job: "still running at 9 mins"; a retry's outcome: "register job
            // ran this time".
            "still running|building|pending|deploying|compiling|syncing|cloning|queued|stuck at|\
             after ~1 @num",
            "ran|passed|passes|worked|works|succeeded|failed|fails|built|deployed|connected|\
             connects ~1 this time",
            // A thread moving on: "gets past install now - hangs on cypress verify instead".
            "hangs|hanging|hung|stuck|sat|sits|sitting|fails|failing|failed|stops|stopped|dies|\
             died|errors|erroring|errored at|on|in ~4 instead",
            // A queue read out: "~40 jobs pending", "about 8k sat in the default queue".
            "@num jobs|builds|pipelines|pods ~2 pending|queued|stuck|waiting|enqueued",
            "@num ~2 sat|sitting|stuck|waiting|queued|enqueued in ~3 queue",
        ]),
    ),
    // --- asking to look at something now -----------------------------------------------
    rule(
        Family::FixRequest,
        FIX_REQUEST,
        Matcher::Phrases(&[
            "can|could|would|should we|you|i|someone|somebody|they ~2 look|check|see|dig|\
             figure|find|investigate|debug|sort|eyeball|poke|work ~3 why|what's|whats|how|where",
            "look|looking|looks|check|checking ~2 into|at ~1 why",
            "why do|does|did|is|are|would|doesn't|isn't|won't|can't|don't|didn't ~6 \
             @problem",
            "why do|does|did|is|are|doesn't|isn't|won't|can't|don't|didn't ~6 @technoun ~4 \
             never|not|no|always|keep|keeps|still|early|late|twice|empty|wrong|slow",
        ]),
    ),
    rule(
        Family::FixRequest,
        FIX_REQUEST,
        Matcher::PhrasesIf {
            phrases: &[
                "let's check|look|try|test|run|debug|dig|see|inspect|open|pull|grep|tail|curl|\
                 diff|compare|restart|reproduce|trace",
                "asked|asking|asks|ask|wants|wanted|want|need|needs|needed me|us|them|him|her|\
                 ase ~2 to ~1 look|check|eyeball|review|debug|fix|help|investigate|figure|sort|\
                 dig|go|see|troubleshoot|explain|inspect",
                "asked|asking|asks|requested|requesting|requests|request ~3 that|to ~2 \
                 examine|look|check|review|debug|fix|investigate|determine|troubleshoot|\
                 diagnose|inspect|resolve",
                "to debug|troubleshoot|diagnose|investigate|examine ~3 @technoun",
                "sort|sorting out ~3 now|today|immediately|asap",
                "fix|fixing|solve|solving ~3 now|today|immediately|asap",
                "eyeball|eyeballing",
                "help|helping ~2 with|on ~1 the|their|our|this|a ~3 @problem",
            ],
            requires: Requires::Tech,
        },
    ),
    // --- labeling a colleague -----------------------------------------------------------
    rule(
        Family::Labeling,
        LABEL_EXPERT,
        Matcher::Phrases(&[
            "@whois our|the|a|an|my|their|your|his|her|real|true|team's|company's ~4 @label",
            "@whois ~1 @label",
            // "Brennan remains the de facto image guru", "seems to be our upgrade master".
            "@who remains|remained|became|becomes|stays|stayed ~2 the|our|their|a|an|team's ~4 \
             @label",
            "@who seems|seem|seemed|appears|appear|appeared to be ~2 the|our|their|a|an|team's \
             ~4 @label",
            // "Dominguez (DBA, not present) is the team's Postgres whisperer", "Amira in
            // pathology is obviously the git person".
            "@name ( ~6 ) is|was ~2 the|our|their|a|an|team's ~4 @label",
            "@name in|from|on|at ~3 is|was ~2 the|our|their|a|an|team's ~4 @label",
            // A word or a quote between: "Laura is \"our GitLab guru\"".
            "@whois ~1 the|our|their|team's ~4 @label",
            // Spanish, German, French: "Lupita es la bruja del T-SQL", "Dirk ist der
            // Gerrit-Experte".
            "@name es|ist|est|era|war ~1 el|la|los|las|un|una|der|die|das|ein|eine|le|les|the|our \
             ~4 @label",
            "resident ~3 @label",
            // An adverb, maybe after a quote: "she's \"kinda the CI person\"", "he is only
            // 'the Docker guy'".
            "@whois ~1 kinda|kind|sort|basically|essentially|like|pretty|really|probably|only|\
             definitely|apparently|honestly|totally|literally|practically|unofficially|\
             effectively|just|simply|always|already|also|now|clearly|obviously|officially|\
             certainly|absolutely|truly|actually|undoubtedly|easily|still ~2 the|our|a|an|their|his|her|team's|company's ~4 \
             @label",
            "@whois , ~4 , the|our|a|an|their|his|her|team's|company's ~4 @label",
            "@name kinda|basically|sort|kind|like|pretty|literally|totally|practically|\
             essentially ~2 the|our|a|their ~4 @label",
            "@name the|our|their|resident ~4 @label",
            "@name -|=|–|—|:|, ~1 the|our|a|an|their|his|her|resident|team's ~5 @label",
            "@name -|=|–|—|:|→|, ~4 @label",
            "@name @label",
            "@name ? @label",
            "go-to|goto person|guy|gal for ~4 :|=|-|is @who",
            "the|our|their ~3 @label for|on|of|in ~4 is|= @who",
            "for ~3 , ~1 the|our|their @label is|= @who",
            "for ~3 the|our|their @label is|= @who",
            "@whois ~1 the|our|their master|king|queen|guru of",
            "@who ~2 the best|smartest|strongest|sharpest|brightest at|with",
            "@whois ~2 the|our|their|a ~3 smartest|best|strongest|sharpest|brightest ~3 \
             person|one|engineer|dev|developer|admin|we|they|on|at|in|for",
            "@name ( the|their|our|his|her|a|an|resident|team's ~4 @label",
            "@name ( ~3 @label ,|)",
            // A nickname quoted in brackets: "Hannah Cole in Risk (\"the compliance-as-code
            // person\")".
            "( ~1 the|our|their|resident ~4 @label",
            "@who has|had|have been ~1 the|our|their|a|an|resident ~4 @label",
            "me|myself -|=|–|—|: ~5 @label",
            "closest thing|one ~4 to a|an|the|their|our ~3 @label",
            "the|our|their ~3 @label -|=|→|:|–|— ~1 @who",
            // "Their pipelines rockstar, Diego, will join".
            "the|our|their ~3 @label , @name",
            "the|our|their ~3 @label @name could|can|will|should|might|is|was|joins|joined|\
             said|says",
            // Said to the customer's team: "you guys are clearly the runner experts".
            "you|y'all|you're ~2 are|re ~2 the|our|real|true ~4 @label",
            // "you're clearly the runner expert" (not "you're the expert on your own
            // setup": a label names what the person is the expert in).
            "you're ~2 the|our|a|their|officially ? ~3 @label",
            // "if Dana can't fix a runner, nobody can"; "could do upgrades in his sleep";
            // "our secret weapon when stuff's on fire".
            "if @who can't|cannot|couldn't ~5 , ~1 nobody can|could",
            "if @who can't|cannot|couldn't ~5 , ~1 no one can|could",
            "@who ~2 could|can do ~4 in his|her|their sleep",
            "our|their|the secret weapon",
            // "Suresh is our SonarQube man"; "Kez from Mick's team = absolute legend";
            // "Tash and Dave = the Packer dream team".
            "@whois our|the|their|resident ~3 man|woman|lady|dude",
            "@name ~4 = ~3 @label",
            "dream team",
            // A nickname: "Mr. Terraform", "we call her \"Ms. Vault\"" (with its full stop:
            // "MR diffs" is a merge request's).
            "mr|mrs|ms . @technoun",
            // A label passed on: "not the storage person, that's KB"; "I'm not the runner
            // expert, Marisol is".
            "not the|a|an|our ~3 person|guy|gal|expert|guru|wizard|ninja|one , ~1 that's|thats|\
             it's|its|that|ask @name",
            "not the|a|an|our ~3 person|guy|gal|expert|guru|wizard|ninja ~1 , @name is|does|\
             knows",
            "@whois ~2 mr|mrs|ms .",
            "call|calls|called|calling|dubbed|nicknamed ~3 mr|mrs|ms .",
            "the only one|person who|that really|truly|actually ~1 knows|know|knew|gets|get|\
             got|understands|understand|understood",
        ]),
    ),
    rule(
        Family::Labeling,
        LABEL_SELF,
        Matcher::Phrases(&[
            "i'm ~3 the|our|a|an|their|team's|company's ~4 @label",
            "i am ~3 the|our|a|an|their|team's|company's ~4 @label",
            "calls|called|call|calling himself|herself|themselves|themself ~1 the|a|an|our|\
             their|team's ~4 @label",
            "calls|called|call|calling himself|herself|themselves|themself @label",
            "self-described|self-identified|self-declared|self-proclaimed|self-styled|\
             self-titled ~5 @label",
        ]),
    ),
    rule(
        Family::Labeling,
        LABEL_REPORTED,
        Matcher::Phrases(&[
            "described|describes|describing|introduced|introduces|introducing|intro'd|\
             intros|presented|presents|presenting|referred|refers|known|pitched|announced|\
             characterised|characterized|characterises|characterizes|acknowledged|recognised|\
             recognized|regarded|seen|viewed|hailed|touted|billed|dubbed|nicknamed|labelled|\
             labeled|praised|credited|famous|infamous|notorious|renowned|legendary|remembered \
             ~5 as ~6 @label",
            "described|describes|introduced|introduces|intro'd|presented|referred|known|\
             acknowledged|recognised|recognized|regarded|seen|viewed|hailed|touted|billed ~5 as \
             ~2 the|our|their|a|an ~3 master|king|queen of",
            "considered|deemed|dubbed|nicknamed|crowned|named|voted ~2 the|our|a|an|their|\
             team's|company's ~4 @label",
            // Not "call me for the expert session": a time to call, not a name.
            "calls|called|call|calling him|her|them|me|us !for|after|before|about|when|if|at|on|\
             in|to|with ~1 the|a|an|our|their ~4 @label",
            "calls|called|call|calling @who !for|after|before|about|when|if|at|on|in|to|with ~2 \
             the|a|an|our|their ~4 @label",
            // "declared Marcus \"our SAML expert\"".
            "declared|declares|declaring|crowned|crowns|anointed|proclaimed|proclaims @who ~2 \
             the|a|an|our|their ~4 @label",
            "is|are|was|were|gets|get|got called|dubbed|nicknamed ~2 the|a|an|our|their ~4 \
             @label",
        ]),
    ),
    rule(
        Family::Labeling,
        LABEL_KNOWS,
        Matcher::Phrases(&[
            "@who knows|know|knew ~4 inside|inside-out|backwards|backward",
            "@who knows|know ~4 in and out",
            "who|that knows|know|understands|understand ~4 inside|inside-out|backwards",
            "@who knows|know ~5 better than anyone|anybody|everyone|everybody|most|half",
            "@who knows|know ~5 better than the docs|documentation|manual|vendor",
            // "Lucie is faster in oc than anybody on his side".
            "@whois ~1 faster|quicker|better|sharper ~4 than anyone|anybody|everyone|everybody|\
             most|half",
            "@who knows|know ~1 more ~4 than anyone|anybody|everyone|everybody",
            "go|turn|talk to|with @name for|about anything|everything|all",
            "ask|ping @name for|about anything|everything|all",
            "@who knows|know ~4 like the back",
            "@who knows|know everything|all about",
            "@who lives|live|lived and breathes|breathe|breathed",
            "nobody|noone knows|know|understands|understand ~5 better than @who",
            "no one knows|know|understands|understand ~5 better than @who",
            "nobody|noone knows|know|understands|understand ~5 better than him|her|them",
            "no one knows|know|understands|understand ~5 better than him|her|them",
            "knows ~4 inside out",
            "@whois ~1 who|whom you|u|we|they|everyone|everybody|people|to ~1 call|ask|ping|go|\
             turn|calls|asks|pings|goes|turns|ring|rings|want|need",
            // "Marcus in network is who you call".
            "is ~1 who|whom you|u|we|they|everyone|everybody|people ~1 call|ask|ping|go|turn|\
             calls|asks|pings|goes|turns|ring|rings|want|need",
            // "Aisha, the one you call when Vault misbehaves" (not "the person you call for
            // outages is the on-call SRE": a role).
            "@name ,|-|–|—|: ~1 the one|person|guy|gal you|u|we|everyone|everybody|people ~1 \
             call|ask|ping|ring|calls|asks|pings|rings",
            "like nobody|noone else",
            "like no one else",
            "@who knows|know ~4 best of all",
            "@who knows|know ~4 best among|here",
            "@whois ~1 the one|person you|we|they|everyone|everybody|people|to ~1 call|ask|ping|\
             go|turn|ring|want|need",
            // "if it's SAML, you call Ingrid"; "if jenkins breaks, call tom"; "if helm
            // chart break, who you call is ifeoma" (not "if a ticket stalls, ping ASE": a
            // process).
            "if ~6 you|u|we|they call|ring @name",
            "if ~6 , call|ring @name",
            "if ~6 who|whom you|u|we|they call|ring is|= @name",
            "@whois ~2 the only one|person|people who|that ~2 knows|know|knew|understands|\
             understand|understood|gets|get|got",
            "@who understands|understand|understood ~4 inside|inside-out|backwards|backward",
            "@who understands|understand|understood ~4 in and out",
            "@who understands|understand|understood ~5 better than anyone|anybody|everyone|\
             everybody|most",
            "go|turn|talk to|with him|her|them for anything|everything|all",
            "ask|ping him|her|them for|about anything|everything|all",
            "everyone|everybody|people|everything asks|ask|goes|go|turns ~1 her|him|them|to",
            "nobody|noone knows|know|understands|understand ~4 like",
            "nobody|noone does|do|handles|writes|debugs|fixes|reads|tunes ~4 like @who",
            "no one does|do|handles|writes|debugs|fixes|reads|tunes ~4 like @who",
            "@who knows|know|understands|understand ~4 like nobody|noone|no",
            "forgotten more ~4 than",
            "no one knows|know|understands|understand ~4 like",
            "@who gets|get|got pinged|pulled|called|looped|tagged ~2 for|on|about|with \
             anything|everything|all",
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
            "@whois the one|person|guy who ~1 knows|understands|gets",
            "@whois ~2 best for|at",
            "@whois ~2 better than anyone|anybody|everyone|everybody|most at|with|on|when",
            "@name -|=|–|—|:|, ~1 really|truly|super|very|incredibly|crazy ~1 good|great|strong|\
             amazing at|with",
            "@name really|truly|super|incredibly good|great|strong|amazing at|with",
            "@name -|=|–|—|:|, ~1 best at|on",
            "@name -|=|–|—|:|, ~1 who|whom you|u|we|everyone|everybody|people ~1 call|ask|ping|go|\
             turn",
            "who|whom you|u|we|everyone|everybody ~1 call|ask|ping ~1 for ~4 -|=|:|→ ~1 @who",
            "go-to|goto for|on ~4 :|=|-|is @who",
            "best on|in the|their|our|his|her team|side|crew",
            "@name -|=|–|—|:|, ~1 best person|one|guy|gal for|at|with|on",
            "@name ~1 best at",
            "most knowledgeable ~6 :|=|–|—|-|is @who",
            "@whois ~2 the most knowledgeable",
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
            requires: Requires::Tech,
        },
    ),
];

// Compiling rules, collecting candidates, selecting findings

#[cfg(test)]
mod tests {
    use super::super::pattern::{Elem, Pattern};
    use super::*;

    #[test]
    fn every_pattern_element_is_known() {
        {
            for src in builtin_sources() {
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
