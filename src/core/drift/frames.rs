//! The frame a note puts its problem words in, read once per note; every built-in
//! troubleshooting rule passes through it.
//!
//! "The pipeline fails" is drift; "goal: no failed pipelines in 2025", "they had
//! pipeline failures last year, fixed since", "what if a pipeline fails at night?",
//! "pipeline failures -> parked, ticket to follow" are not. And "Ana walked us through
//! the deploy script on screen" is drift without any error word, because the meeting
//! is doing the debugging.
//!
//! * **Benign frames** — deferred or parked (`parked`, `-> ticket`, `next session`,
//!   `instead`), history (`last year`, `already resolved`, `had an outage`, `one reason
//!   they moved`), hypothetical (`what if`, `in case`, an `if` clause asking who to
//!   call), context (`just background`, `not GitLab`), goal or pain point (`goal:`,
//!   `want to reduce`, `pain point`, `target`, `metrics`), habit or policy (`usually`,
//!   `per policy`, `advises`).
//! * **Live frames** — *strong*: the meeting's own time and place (`together`, `on
//!   screen`, `live`, `during the call`, `while we watch`, `right now`), time sunk
//!   (`spent 15 min on`, `half the meeting`, `rabbit hole`, `in the weeds`); *activity*:
//!   someone working a problem (`walked us through`, `dug into`, `looked at`, `tried`,
//!   `diffing`, `reproducing`).
//!
//! How they combine (see [`Frames::allows`]): a deferral, history, a hypothetical,
//! context or a habit silences a finding unless the line has a strong live frame
//! ("parked it after 20 min on screen" is still drift; "the team usually debugs runner
//! problems by checking the job log first" is not); a goal or a pain point silences it
//! unless the line has a strong live frame or a verb of diagnosing.

use std::ops::Range;

use super::pattern::is_http_error;
use super::tokens::{Line, Tok};
use super::words::{VOCAB, WordId, class};

/// The vocabulary id of `if`, when the vocabulary has it.
static IF: std::sync::LazyLock<Option<WordId>> =
    std::sync::LazyLock::new(|| VOCAB.get("if").map(|(id, _)| id));

/// One frame, as a bit in [`Frames`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Frame {
    Deferred,
    History,
    Hypothetical,
    Context,
    Goal,
    Habit,
    /// The meeting's own time and place, or time sunk into a problem.
    Strong,
    /// Someone working a problem (a verb of doing).
    Activity,
    /// A verb of diagnosing (digging, reproducing, diffing): counts on a technical noun
    /// alone.
    Diagnose,
}

impl Frame {
    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// Markers, in the phrase notation, for each frame.
pub(super) const MARKERS: &[(Frame, &[&str])] = &[
    (
        Frame::Deferred,
        &[
            "park|parked|parking|parks",
            "- > ~2 ticket|tickets|follow-up|followup|issue|email|later",
            "→ ~2 ticket|tickets|follow-up|followup|issue|email|later",
            "open|opened|opening|opens|raise|raised|raising|file|filed|filing|log|logged|\
             create|created|creating|submit|submitted ~2 a|an|the|their|new ~2 ticket|tickets|\
             case|issue",
            "via|in|through|per|by|into|to|on a|the|their ~1 ticket|tickets|case|support",
            "via|through ticket|tickets|tkt",
            "ticket|tickets|case to open|file|raise|log",
            // "Suresh to log ticket for the 401s", "will be logged as separate ticket",
            // "not investigated today".
            "to|be open|file|raise|log|logged|raised|filed|opened ~3 ticket|tickets|case",
            "not|wasn't|weren't investigated|discussed|debugged|troubleshot|covered",
            // "not solving today", "mehmet opens issue", "PFB action items".
            "not|won't|wont solving|solve|fixing|fix|debugging|debug|investigating today|now|\
             here",
            "open|opens|opened|opening|raise|raises|file|files|log|logs issue|ticket|case|tkt",
            "action item|items",
            // "call not really meant for debugging".
            "not ~2 meant|intended for debugging|troubleshooting|fixing|firefighting",
            "follow-up|follow-ups|followup|followups",
            "follow up",
            "next|another|separate|dedicated|later|own|future|follow-on ~1 time|week|meeting|\
             session|call|sync|mtg|slot",
            "after the|this call|meeting|session",
            "take|took|taking|taken ~1 it|this|that offline",
            // Not "hangs on cypress verify instead": a thread moving on.
            "instead of",
            "ticket|tickets|tkt|case|issue open|opened|raised|filed|logged|created",
            // "Iryna — ticket about MR 500 error".
            "ticket|tickets|tkt about|re|regarding",
            "for later",
            "for another day",
            "out of scope",
            "added|add|adding|moved|move|put|parked ~3 agenda|backlog|list|checklist|runbook",
            "will|'ll send|share ~2 logs|details",
            "i'll|ase ~1 follow|check|look|investigate|dig|reply|get ~2 up|back|later|async",
            "i|ase will ~1 follow|check|look|investigate|dig|reply|get ~2 up|back|later|async",
        ],
    ),
    (
        Frame::History,
        &[
            "already|since ~1 resolved|fixed|solved|closed|sorted",
            // "the support already fix it", "root cause was missing index".
            "already fix|solve|resolve",
            "root cause was|were",
            "root cause|cause|rca ~1 fixed|found|known|identified|addressed",
            "was|were|been|got ~1 resolved|fixed|solved|sorted",
            "resolved|fixed|solved|closed via|by|with|in|through|after|last",
            "not|never|hasn't|haven't|didn't ~1 recurred|recur|reoccurred|reoccur|returned",
            "no recurrence",
            "was|were|been traced|tracked ~1 to",
            "in|during|over the spring|summer|autumn|fall|winter|holidays",
            "had|experienced|suffered|saw ~3 outage|outages|incident|incidents|problems|issues|\
             timeouts|errors|failures|downtime|trouble|crashes|error|failure",
            "last year|quarter|spring|summer|autumn|fall|winter",
            "last|previous upgrade|migration|release|rollout|outage|incident",
            "years|months ago",
            "in the past",
            "used to",
            "previously",
            "prev|previous ~2 migration|upgrade|incident|outage|release",
            "back in|then",
            "historically",
            "past|previous|prior|earlier incident|incidents|outage|outages",
            "incident|outage|postmortem review|reviews|recap|report|reports|retro",
            "recap of",
            "one|main|the|a ~1 reason|reasons why|they|we|for|being|was|is",
            "is|was why we|they|their|our|everyone|people",
            "in|during|since 199*|200*|201*|2020|2021|2022|2023|2024|2025",
            "why they|we moved|bought|switched|chose|signed|left|migrated",
            "has|have been stable|fine|solid|good|quiet",
            "stable since",
            // "works since the allowlist change" (not "not working since the upgrade").
            "works|fine|ok|okay since the|it|we|they",
            "no|zero|never ~3 since|anymore",
            // "hasn't come back since the cert renewal", "has not gone over a minute since".
            "hasn't|hasnt|haven't|havent come|came back",
            "hasn't|hasnt|haven't|havent|not gone|gotten|got over|above|past",
            "in|during jan|january|feb|february|march|april|june|july|august|sept|september|\
             oct|october|nov|november|dec|december",
        ],
    ),
    (
        Frame::Hypothetical,
        &[
            "what if",
            "in case",
            "what|who happens|would|should|do|does ~3 if",
            "suppose|supposing|hypothetically|imagine",
            "would|could ~1 happen",
            "were|was to",
            // "anything that'll error after the upgrade".
            "that'll|it'll|they'll|might|may|could ~1 error|break|fail|crash|stop",
        ],
    ),
    (
        Frame::Context,
        &[
            "just|only|purely|for|some ~1 background|context|info|fyi",
            "fyi",
            "not gitlab|gitlab-related",
            "unrelated to gitlab",
            "not related to gitlab",
            "known ~1 constraint|limitation|limitations",
            "known issue|issues|bug|bugs|problem|problems",
            "= known",
            "for reference|illustration",
            "fine|ok|okay|healthy|good for now",
            "to explain|illustrate the|their|our|how",
            "just explaining|illustrating",
        ],
    ),
    (
        Frame::Goal,
        &[
            "goal|goals|objective|objectives|okr|okrs|kpi|kpis|wish|wishlist|priority|\
             priorities|ambition|aim|risk|risks|workshop|workshops",
            "failure modes",
            "target|targets :|is|are|was|of|for|=|-|by",
            "want|wants|wanted|aim|aiming|keep ~4 <|under|below|less|fewer|max|maximum",
            "want|wants|wanted|like|hope|hoping|hopes|plan|plans|planning|planned|aim|aiming|\
             aims|need|needs|intend|intends|expect|expects to ~1 reduce|improve|lower|cut|\
             minimi*|eliminate|avoid|prevent|stop|have|get|move|migrate|adopt|use|learn|\
             measure|track|speed|standardi*|consolidate|automate|scale|go|be|become|start|\
             make|build|set|roll|test|try|evaluate|upgrade|redesign|rethink|rework|replace|\
             moderni*|overhaul|revamp|simplify|streamline|retire|decommission",
            "reduce|reducing|lower|lowering|minimi*|eliminate|eliminating|fewer|less|zero ~3 \
             fail*|error*|incident*|outage*|downtime|flaky|timeout*|time|times|mttr|problem*|\
             issue*",
            "pain point|points|pt|pts",
            // "Cache for Gradle not work good, is main pain".
            "main|biggest|top|primary|major ~1 pain|pains|headache|headaches",
            "pain-point|pain-points|painpoint|painpoints",
            "not going well|great|smoothly",
            "what's not|isn't working",
            "challenge|challenges|struggle|struggles|frustration|frustrations",
            "complaint|complaints|complain|complains|complaining|grievance|grievances",
            "mttr|mttd|dora|sla|slo|slos|slas|sli|kpi|uptime|budget",
            "next year|quarter|fiscal|release|version|month",
            "eventually|someday|long-term|roadmap",
            "by eoy|eoq|q1|q2|q3|q4|h1|h2|202*|203*",
            "would|'d|we'd|they'd|wd like",
            "evaluating|evaluate|considering|consider|exploring|explore",
            "training|workshop|workshops|enablement|course",
        ],
    ),
    (
        Frame::Habit,
        &[
            // Not "2.8s, normally 0.05": a baseline, not a habit.
            "usually|typically|generally|routinely|traditionally !~|0*|1*|2*|3*|4*|5*|6*|7*|8*|\
             9*",
            // Not "jobs picking up normally again": a state.
            "normally !~|0*|1*|2*|3*|4*|5*|6*|7*|8*|9*|.|,|;|again|now|-|)",
            "per|by|company|security|internal|corporate|their|our policy|policies",
            "advise|advises|advised",
            "only via|through|by|in|with",
            "whenever",
            "process :",
            "routine :",
            "as a habit|routine",
            "monthly|quarterly|annually|yearly",
            "every monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|\
             sprint|release",
            "each time",
            "restricted|limited to",
            "review|incident|release|approval|change|escalation|deployment|onboarding \
             process|processes|procedure|procedures",
            "runbook|runbooks|postmortem|postmortems|post-mortem|post-mortems|retrospective|\
             retrospectives",
        ],
    ),
    (
        Frame::Strong,
        &[
            "together",
            "since the|this call|meeting started|began",
            "time|times this call|meeting",
            "time|times during the call|meeting",
            "on|onto the|their|his|her|my ~1 screen|screens|spot",
            "on|onto screen|screens",
            "on-screen|onscreen|screen-share|screen-shared|screen-sharing|screenshare|\
             screenshared|screensharing",
            "shared|sharing|share|shares|showed|showing|shows|put ~1 his|her|their|the|a|my ~1 \
             screen",
            "sharing|shared screen",
            "shares|sharing|shared|showing|shows|showed ~2 grafana|kibana|dashboard|dashboards|\
             terminal|console",
            "share|sharing|shared|show|showed|showing ~2 screen",
            "pulled|pulling|put|putting|brought up ~2 screen",
            "live !site|sites|traffic|data|system|systems|environment|environments|instance|\
             prod|production|demo|demos|date|cutover|stream",
            "during|throughout the|this|our call|meeting|session|mtg",
            "in|on the|this call",
            "while on ~1 the|this call",
            "as we speak",
            "mid-call|mid-meeting|mid-session|midcall",
            "vs|versus ~1 @num normally|usually|typically",
            "real time|real-time|realtime",
            "while|as we|i|they|everyone watch|watched|watching|wait|waited|waiting",
            "while|as the|everyone|all ~1 group|attendees|team|participants|others ~1 \
             watched|watching|observed|observing|waited|waiting|looked",
            "time|minutes|hour|hours|half was|were ~1 lost|spent|sunk|burned|consumed|\
             devoted|dedicated on|to|into|by",
            "spent|spend|spending|lost|burned|burnt|wasted|sank|sunk|ate ~3 # min|mins|minute|\
             minutes|hour|hours|h|m",
            "spent|spend|spending|lost|burned|burnt|wasted|sank|sunk|ate ~3 min|mins|minute|\
             minutes|hour|hours|half|most|chunk|bulk|rest",
            "min|mins|minute|minutes|hour|hours ~2 gone|lost|spent|went|go|goes ~1 on|into|for|in|\
             to|with",
            "half|most|bulk|chunk|rest|part|much ~2 the|of ~2 meeting|call|session|hour ~2 \
             went|was|spent|gone|lost|into|on",
            "meeting|call|session|time went|gone ~1 into|on",
            "rabbit hole|holed",
            "rabbit-hole|rabbithole|rabbit-holed",
            "in|into the weeds",
            "deep dive|dived|dove",
            "deep-dive|deep-dived|deepdive",
            "sidetracked|side-tracked|derailed|detour",
            "scroll|scrolled|scrolling|scrolls up|down|back",
            "got|get|getting ~1 stuck|sucked|dragged|pulled into|on",
        ],
    ),
    (
        Frame::Activity,
        &[
            "walked|walking|walks|walk ~3 through|thru",
            "demonstrated|demonstrating|demonstrates|demoed|displayed|displaying|examined|\
             examining|examine|examines|investigated|investigating|\
             analysed|analyzed|analysing|analyzing|observed",
            "identify|identifying|determine|determining|establish|establishing|pinpoint|\
             pinpointing|isolate|isolating|explain ~1 why|what|where|whether|the|a",
            "went|go|going|goes|gone ~1 through|thru|over|stage|step|line|file|job|node|pod",
            "step|stage|line|minute|file|job|node|pod by step|stage|line|minute|file|job|node|\
             pod",
            "looked|looking|look|looks at|into|over",
            "checked|checking|check|checks",
            "looking|looked|look|looks ~1 it|them|that|this up",
            "ssh|ssh'd|sshed|sshing|ssh-ing|rdp|rdp'd|rdp-ing|rdping|remoting|remoted into|onto|\
             in",
            "remounting|remounted|remount",
            "tried|trying|try|tries|attempted|attempting",
            "retried|retry|retrying|re-triggered|retriggered|redeployed|redeploying|\
             rebooted|rebooting|restarted|restarting",
            "tested|testing",
            "ran|running|re-ran|reran|re-run|rerun|executed|executing",
            "clicking|clicked|click|clicks into|through|thru",
            "opened|opening|opens|open",
            "pulled|brought|put|putting|pulling up",
            "pasted|pasting|pastes|dropped|posted",
            "showed|showing|shows|demoed|demoing",
            "show|shows us|them|me|everyone",
            "go|goes|going|went trough",
            "read|reading|reads ~2 log|logs|output|trace|config|yaml|toml|source|code|message",
            "still ~2 @problem",
            "still ~2 slow|same|failing|there|happening|broken|stuck",
            "figure|figuring|figured|work|working|worked|find|finding|found out ~1 why|what|how",
            "figure|figuring|find|finding|understand|understanding|see|know ~1 why|what's|whats",
            "to see why|what|where|if|whether",
        ],
    ),
    (
        Frame::Diagnose,
        &[
            "dug|digging|dig|digs into|through|in|around",
            "drilled|drilling|drill into|down",
            "poked|poking|poke around|at|the|their|into",
            "debugged|debugging|troubleshot|troubleshooting|troubleshoots|diagnosed|diagnosing",
            "reproduc*|repro|repro'd|repros|reproing",
            "diffing|diffed|diff|compared|comparing|compare",
            "tcpdump|strace|wireshark|pcap|tcpdumps|pcaps",
            "we|i try|tried|trying|tries to ~1 understand|figure|find|see|know why|what|where",
            "we|i ~1 check|checking|look|looking|try|trying|test|testing|open|run|restart|\
             trigger|grep|tail|watch|go|going|walk|step ~6 now|again|rn|live",
            "eyeball|eyeballed|eyeballing",
            "inspected|inspecting|inspect",
            "traced|tracing",
            "tailing|tailed|grepped|grepping|curled|curl'd|curling",
            "root-caus*|rca",
            // Undoing a change live: "otieno doing manual helm rollback from his terminal".
            "rollback|rollbacks|roll-back",
            "rolling|rolled|roll back",
            "power-cycl*|powercycl*",
            "power cycl*",
            // A reading watched as it moves: "the enqueued job count began to fall".
            "began|begun|started|starting to fall|drop|climb|rise|drain|recover",
            // "asked to see the runner's config.toml", "asked Mr. Mehta to print the
            // environment from within a job".
            "asked|asks|asking ~3 to see|print|dump|paste|tail|share ~3 config|logs|log|\
             output|environment|env|yaml|toml|rb|trace|stacktrace",
            "root caus*",
            "bisect|bisected|bisecting",
            "cleared|clearing|restarted|restarting|bumped|bumping|changed|changing|increased|\
             increasing|tweaked|tweaking|toggled|disabled|enabled|rotated|reverted|rolled ~4 \
             still|same|nothing|didn't|unchanged",
            "no change|luck|difference|improvement|progress",
            "didn't|don't get anywhere",
            "did not get anywhere",
            "got|getting|get nowhere",
            "checking|checked|tailing|tailed|reading|grepping|pulling|pulled ~4 logs|log|trace|\
             traces|journal|output|events|records|audit",
            "going|went|go|goes through|thru|over ~4 output|log|logs|failures|errors|reasons|\
             trace|traces",
            "looking|looked|watching|watched|staring at|into ~4 dashboard|dashboards|panel|\
             panels|graph|graphs|metrics|log|logs|trace|traces|output|console",
            "watching|watched|watch ~4 grow|growing|climb|climbing|spike|spiking|fill|filling|\
             drain|draining",
            "opened|opening ~4 dashboard|dashboards|board|grafana|kibana|logs|log|console|panel",
            "pulled|pulling|brought|bringing up ~4 dashboard|dashboards|board|grafana|kibana|\
             logs|log|console|panel",
            "let me|lemme ~1 try|check|look|see|test|run|pull|grep|open",
            // Work done now: "describing the pod now", "tries lax now", "unsealing vault now".
            "describing|describe|retrying|retry|re-running|rerunning|re-registering|\
             registering|register|triggering|re-triggering|retriggering|recreating|replaying|\
             swapping|restarting|tailing|grepping|checking|testing|trying|tries|try|tried|\
             fixing|changing|bumping|editing|removing|deleting|rotating|reinstalling|\
             redeploying|rebuilding|bouncing|unlocking|force-unlocking|disabling|enabling|\
             toggling|patching|scaling|draining|cordoning|collecting|reproducing|rechecking|\
             looking|flipping|unsealing|repro|running|clearing|refreshing|timing|pressing|\
             rolling|pulling|scrolling|killing|querying|reloading|purging|resyncing ~8 now|rn|\
             live",
            "restarting|bouncing|rebooting|recycling|killing|draining|cordoning|unsealing ~2 \
             @technoun",
            "rerun|re-run|rerunning|retry|retrying job|pipeline|jobs|pipelines|build",
            "checking|checked|looking ~3 latency|queue|queues|lag|metrics|load",
            "adding|add|fixing|fix|changing|change|setting|set it|them|that|this ~2 now|rn|live",
            "rerunning|re-running|retesting|re-testing|retest|re-test",
            "watching|monitoring|watch ~2 lag|it|logs|log|queue|timing|timings|output|dashboard|\
             progress|rollout|pods|events",
            "and watching|monitoring",
            "watching|watched|watch|tailing|tailed ~4 logs|log|dashboard|output|panel|graph",
            "narrowed|narrowing|narrow ~4 down",
            "isolated|isolating",
            "line by line",
            "cause|culprit :|=",
            "that's|thats why",
            "this|that|which is why",
            "found it",
            "even though ~3 config|configuration|settings|values|gitlab.rb|file says|say|shows|\
             sets|has",
            "found the cause|culprit",
            "to look|open|check|pull|share ~6 now|rn|live",
            "we|i|they try|tried|trying|tries ~2 workaround|workarounds",
            "after|some ~1 digging",
            "looking|look|looked at|into which|why|where|whether|what",
            "to test|verify",
            "to rule out",
            "going|went|go|goes over|through|thru which|why|where|whether",
            "ran|run|running|tried|trying|re-ran|reran the same ~4 from|on|with|against|again",
            "tried|retried|re-ran|reran|re-tried|pressing|pressed|clicking|clicked|hitting|\
             running ~6 again",
            "checking|checked ~3 dashboard|dashboards|panel|panels|graph|graphs|grafana|kibana",
            "scrolling|scrolled|scrolls ~3 log|logs|output|trace|traces",
            "rolling back",
            // The same symptom once more, now: "redis restarted again", "paged again".
            "restarted|paged|alerted|crashed|fired|spiked|rebooted|died|flapped|flapping ~1 \
             again",
            "timing|timed both|each",
            "same behaviour|behavior|error|result|results|problem|issue|symptom",
            "step|stepping|stepped|steps through|thru",
            "to|and find|see|check|confirm|determine|understand|learn|know|tell ~2 where|\
             why|which|whether",
            "work|working|figure|figuring|sort|sorting out ~1 where|which|whether|why",
            "traceroute|traceroutes|nslookup|mtr",
            "didn't help|change",
            "did not help|change",
        ],
    ),
];

/// The frames found in one note, with where the live markers are.
#[derive(Debug, Default)]
pub(super) struct Frames {
    bits: u16,
    /// The first live marker (strong, activity or diagnose), for the finding's span.
    pub(super) live_at: Option<Range<usize>>,
}

impl Frames {
    pub(super) fn add(&mut self, frame: Frame, range: &Range<usize>) {
        self.bits |= frame.bit();
        if matches!(frame, Frame::Strong | Frame::Activity | Frame::Diagnose)
            && self.live_at.as_ref().is_none_or(|r| range.start < r.start)
        {
            self.live_at = Some(range.clone());
        }
    }

    pub(super) fn has(&self, frame: Frame) -> bool {
        self.bits & frame.bit() != 0
    }

    fn any(&self, frames: &[Frame]) -> bool {
        frames.iter().any(|f| self.has(*f))
    }

    /// Frames the notation cannot express: an `if` clause about something going wrong
    /// that asks what to do ("if a deploy fails on a weekend, who do they call?") or
    /// says what happens then ("if the backup job fails, an alert goes to #ops").
    pub(super) fn add_shapes(&mut self, line: &Line<'_>) {
        // "Should the sync fail after renewal, ...": a condition, not a question to
        // someone in the room.
        if let Some(first) = line.toks.iter().position(|t| t.word)
            && line.norm_at(first) == "should"
            && !matches!(line.norm_at(first + 1), "we" | "i" | "you" | "u")
            && let Some(t) = line.tok(first)
        {
            self.add(Frame::Hypothetical, &(t.start..t.end));
        }
        let is_if = |t: &Tok| match *IF {
            Some(id) => t.id == id,
            None => line.norm(t) == "if",
        };
        let Some(at) = line.toks.iter().position(is_if) else {
            return;
        };
        let problem = line.toks.iter().skip(at).any(|t| {
            t.is(class::PROBLEM) || matches!(line.norm(t), "stops" | "stop" | "goes" | "down")
        });
        let asks = line.toks.iter().skip(at).any(|t| {
            // "they'll pause replication", "we'll roll back": what happens then.
            line.norm(t).ends_with("'ll")
                || matches!(
                    line.norm(t),
                    "?" | "who"
                        | "whom"
                        | "escalate"
                        | "escalation"
                        | "ping"
                        | "call"
                        | "contact"
                        | "should"
                        | "open"
                        | "process"
                        | "will"
                        | "would"
                        | "runbook"
                        | "fallback"
                        | "alert"
                        | "alerts"
                        | "alerting"
                        | "page"
                        | "pages"
                        | "paged"
                        | "notify"
                        | "notifies"
                        | "notified"
                        | "roll"
                        | "rollback"
                        | "revert"
                        | "restore"
                        | "pause"
                        | "failover"
                )
        });
        if problem
            && asks
            && let Some(t) = line.tok(at)
        {
            self.add(Frame::Hypothetical, &(t.start..t.end));
        }
    }

    fn strong(&self) -> bool {
        self.has(Frame::Strong)
    }

    /// Whether a troubleshooting finding survives the note's frames.
    pub(super) fn allows(&self) -> bool {
        let parked = self.any(&[
            Frame::Deferred,
            Frame::History,
            Frame::Hypothetical,
            Frame::Context,
            Frame::Habit,
        ]);
        let planned = self.has(Frame::Goal);
        !(parked && !self.strong() || planned && !self.strong() && !self.has(Frame::Diagnose))
    }

    /// Whether the meeting itself is working on something technical: a live frame
    /// with evidence that what it works on is a technical problem. Returns why, for the
    /// banner.
    /// `exempt` holds the spans of negations and idioms ("nothing broken"): a problem
    /// word inside one does not count.
    pub(super) fn live_reason(
        &self,
        line: &Line<'_>,
        exempt: &[Range<usize>],
    ) -> Option<&'static str> {
        self.live_at.as_ref()?;
        if !self.allows() {
            return None;
        }
        let counts = |t: &&Tok| !exempt.iter().any(|e| e.start < t.end && t.start < e.end);
        let problem = line
            .toks
            .iter()
            .enumerate()
            .filter(|(_, t)| counts(t))
            .any(|(i, t)| {
                t.word
                    && (t.is(class::PROBLEM | class::BAD_STATUS)
                        || is_http_error(line.norm(t).trim_end_matches('s'))
                            && !line.number_tail(i))
            });
        let code = line.has(class::CODE);
        let tech = code || line.toks.iter().filter(counts).any(|t| t.is(class::TECH));
        let problem = problem || tech && line.has(class::WEAK_PROBLEM);
        let quiet = self.any(&[
            Frame::Goal,
            Frame::Habit,
            Frame::History,
            Frame::Context,
            Frame::Hypothetical,
            Frame::Deferred,
        ]);
        if self.strong() {
            (problem || tech && !quiet).then_some("a technical problem worked on in the meeting")
        } else if problem {
            Some("someone working through a technical problem")
        } else if (code || tech && self.has(Frame::Diagnose)) && !quiet {
            Some("digging into a system's details")
        } else {
            None
        }
    }
}
