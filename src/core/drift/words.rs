//! Word lists used by the hand-written pattern elements.

use std::borrow::Cow;

// Word lists used by the hand-written elements

/// Verbs that, after "can't" / "unable to" / "failed to", are about a system whoever the
/// subject is ("we can't push to the registry").
pub(super) const TECH_VERBS: &[&str] = &[
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
pub(super) const EVERYDAY_VERBS: &[&str] = &[
    "start", "run", "find", "access", "open", "create", "build", "save", "send", "receive",
    "delete", "remove", "update", "upgrade", "merge", "scale", "apply", "export", "publish",
    "sign", "verify", "validate", "see", "handle", "process", "complete", "finish",
];

/// Subjects (and words just before a modal) that are people, not systems.
pub(super) const PEOPLE: &[&str] = &[
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
pub(super) const NOT_NAMES: &[&str] = &[
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
pub(super) const LABEL_NOUNS: &[&str] = &[
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
    "wiz",
    "whizkid",
    "genius",
    "superstar",
    "beast",
    "beasts",
    "maven",
    "mavens",
    "whisperer",
    "whisperers",
    "mastermind",
    "authority",
    "virtuoso",
    "aficionado",
    "hotshot",
    "boffin",
    "go-to",
    "goto",
    "person",
    "guy",
    "gal",
    "queen",
    "king",
    "brain",
    "brains",
    "nerd",
    "nerds",
    "hero",
    "heroes",
    "superhero",
    "superheroes",
    "legend",
    "legends",
    "jedi",
    "geek",
    "buff",
    "oracle",
    "oracles",
    "magician",
    "sensei",
    "czar",
    "tsar",
    "savant",
    "aficionado",
    "fiend",
    "junkie",
    "god",
    "goddess",
    "unicorn",
    "powerhouse",
    "encyclopedia",
    "encyclopaedia",
    "heavyweight",
    "heavyweights",
    "sage",
    "doyen",
    "connoisseur",
    "prodigy",
    "detective",
    "sheriff",
    "hunter",
    "master",
    "mvp",
    // Spanish and German.
    "experto",
    "experta",
    "expertos",
    "expertas",
    "maestro",
    "maestra",
    "crack",
    "cracks",
    "leyenda",
    "experte",
    "expertin",
    "profi",
];

/// Words before "person"/"guy" that make it a role, not a label ("contact person").
pub(super) const ROLE_BEFORE_PERSON: &[&str] = &[
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
pub(super) const GO_TO_THINGS: &[&str] = &[
    "tool", "tools", "platform", "solution", "choice", "product", "vendor", "approach", "method",
    "option",
];

/// Log levels recognised after a timestamp.
pub(super) const LOG_LEVELS: &[&str] = &[
    "info", "warn", "warning", "error", "err", "debug", "trace", "fatal", "critical", "crit",
    "notice", "severe",
];

/// Technical nouns: a symptom ("is stuck", "keeps restarting") or work done in the
/// meeting ("we looked at ...") only counts when the line names one of these or has a
/// code-like word (a file name, a path, a `snake_case` setting; see the tokenizer).
/// Products and components of many kinds, not only GitLab's, so notes about other
/// stacks are read the same way.
pub(super) const TECH_NOUNS: &str = "\
    runner runners executor executors job jobs pipeline pipelines build builds stage stages \
    deploy deploys deployment deployments release releases registry registries gitaly \
    praefect sidekiq puma workhorse nginx haproxy apache redis postgres postgresql pg psql \
    mysql mariadb mongodb mongo kafka rabbitmq database databases db dbs replica replicas \
    sentinel patroni pgbouncer envoy vpc route53 privatelink agentk kas scim entra servicenow tf traefik istio linkerd f5 tekton spinnaker nomad minio \
    ceph fargate bamboo snyk checkmarx coverity puppet harbor quay jfrog datadog splunk \
    kibana webservice \
    replication geo ldap saml sso oauth oidc idp okta keycloak login logins signin sign-in \
    webhook webhooks api apis endpoint endpoints mirror mirrors mirroring clone clones push \
    pushes fetch cache caches caching artifact artifacts image images pod pods container \
    containers node nodes cluster clusters helm chart charts kubectl k8s kubernetes eks gke \
    aks openshift namespace ingress pvc pv volume volumes token tokens certificate \
    certificates cert certs ssl tls x509 elasticsearch opensearch indexing index backup \
    backups restore integration integrations widget repo repos repository repositories disk \
    disks memory cpu heap balancer lb agent lock queue queues worker workers server servers \
    instance vm vms ec2 s3 bucket buckets daemon ssh dns proxy proxies vpn firewall smtp \
    email emails mailer notification notifications package packages config configs \
    configuration yaml toml json autoscaler autoscaling kubectl gitlab-ctl gitlab-rake \
    gitlab-runner git npm yarn maven gradle oracle pip docker dind podman buildkit terraform \
    ansible vault consul jenkins jira slack teams-webhook sonarqube artifactory nexus \
    argocd argo flux prometheus grafana alertmanager exporter metrics logs log trace traces \
    stacktrace cron cronjob schedule schedules variable variables secret secrets env \
    environment environments envs workspace workspaces branch branches commit commits tag tags merge mr mrs diff diffs \
    rebase checkout submodule submodules lfs upload uploads download downloads script scripts \
    manifest manifests dockerfile makefile plugin plugins addon extension webide \
    letsencrypt acme ci cd omnibus linux systemd socket port ports tcp udp http https url urls host hosts hostname network \
    latency timeout timeouts migration migrations sql query queries scanner sast dast \
    fleeting fleet shell powershell pwsh bash runtime jvm java node.js ruby rails python \
    golang go dotnet msbuild xcode cocoapods gradlew pages wiki snippet snippets \
    gitlab-workhorse gitlab-shell gitlab-pages gitlab-exporter approvals approval merge-train pipeline-editor editor ide badge button checks \
    cleanup import report reports scan scans setting settings site ui sync primary \
    secondary apps page search indexer";

/// Words that name something going wrong.
pub(super) const PROBLEM_WORDS: &str = "\
    fail fails failed failing failure failures error errors errored erroring broken broke \
    breaks breaking crash crashes crashed crashing hang hangs hung hanging stuck timeout \
    timeouts timed outage unhealthy offline unreachable \
    unresponsive degraded corrupt corrupted rejected denied refused killed oom \
    oomkilled leak leaking flapping exception exceptions panic \
    segfault dies died dying blew invalid expired expire expires pegged maxed saturated \
    truncated crashloop crash-loop crashlooping \
    evicted throttled throttling 5xx 4xx forbidden unauthorized unauthorised \
    mismatch mismatched";

/// Command-line tools: a note that shows one of these with arguments is a pasted
/// command.
pub(super) const CLI_NAMES: &str = "\
    kubectl k helm git gitlab-rake gitlab-ctl gitlab-runner gitlab-backup docker podman \
    curl wget terraform psql rake npm yarn pnpm mvn gradle pip go cargo ssh scp openssl dig \
    nslookup systemctl journalctl tail grep sudo aws az gcloud ansible ansible-playbook \
    vault redis-cli ping traceroute tcpdump strace top htop df du free netstat ss lsof \
    crictl ctr nerdctl oc eksctl sidekiqctl bundle bin/rails rails gitaly-backup praefect \
    glab";

/// Status words a status table or a pod listing shows when something is wrong.
pub(super) const BAD_STATUS: &str = "\
    stopped failed failing unknown unhealthy down offline error errored pending degraded \
    crashloopbackoff imagepullbackoff errimagepull containercreating evicted terminating \
    oomkilled notready unreachable dead inactive";

/// Declares [`contraction`] and the list [`CONTRACTIONS`] it reads, from one table.
macro_rules! contractions {
    ($($($short:literal)|+ => $full:literal,)*) => {
        /// Note-taker spellings without the apostrophe (and a few shorthands), read as
        /// what they stand for.
        pub(super) fn contraction(word: &str) -> Option<&'static str> {
            Some(match word {
                $($($short)|+ => $full,)*
                _ => return None,
            })
        }

        /// Every spelling [`contraction`] reads, with what it reads it as.
        pub(super) const CONTRACTIONS: &[(&[&str], &str)] = &[$((&[$($short),+], $full),)*];
    };
}

contractions! {
    "dont" => "don't",
    "doesnt" => "doesn't",
    "didnt" => "didn't",
    "cant" => "can't",
    "couldnt" => "couldn't",
    "wont" => "won't",
    "wouldnt" => "wouldn't",
    "isnt" => "isn't",
    "arent" => "aren't",
    "wasnt" => "wasn't",
    "werent" => "weren't",
    "havent" => "haven't",
    "hasnt" => "hasn't",
    "shouldnt" => "shouldn't",
    "whats" => "what's",
    "lets" => "let's",
    "thats" => "that's",
    "theres" => "there's",
    "im" => "i'm",
    "ive" => "i've",
    "hes" => "he's",
    "shes" => "she's",
    "theyre" => "they're",
    "thru" => "through",
    "w" => "with",
    "togthr" | "togther" | "tgthr" | "2gether" => "together",
    "hr" => "hour",
    "hrs" => "hours",
    "tkt" | "tix" => "ticket",
    "tkts" => "tickets",
    "mem" => "memory",
    "grp" => "group",
    "prob" | "prolly" | "probs" => "probably",
    "frm" => "from",
    "cfg" => "config",
    "msg" => "message",
    "scrn" => "screen",
    "pls" | "plz" => "please",
}

/// Words that name a problem only weakly ("an issue", "slow"): enough for work done in
/// the meeting, not for a symptom on their own.
pub(super) const WEAK_PROBLEM_WORDS: &str = "\
    problem problems issue issues trouble bug bugs slow slowness sluggish wrong missing lag \
    lagging behind flaky glitch weird strange odd loop loops looping blocked slowly";

/// What a word is, as bits: a token carries the bits of its word.
pub(super) mod class {
    pub(in crate::core::drift) const TECH_VERB: u32 = 1;
    pub(in crate::core::drift) const EVERYDAY_VERB: u32 = 1 << 1;
    pub(in crate::core::drift) const PEOPLE: u32 = 1 << 2;
    pub(in crate::core::drift) const NOT_NAME: u32 = 1 << 3;
    pub(in crate::core::drift) const LABEL: u32 = 1 << 4;
    pub(in crate::core::drift) const ROLE_BEFORE_PERSON: u32 = 1 << 5;
    pub(in crate::core::drift) const GO_TO_THING: u32 = 1 << 6;
    pub(in crate::core::drift) const LOG_LEVEL: u32 = 1 << 7;
    pub(in crate::core::drift) const TECH: u32 = 1 << 8;
    pub(in crate::core::drift) const PROBLEM: u32 = 1 << 9;
    pub(in crate::core::drift) const CLI: u32 = 1 << 10;
    pub(in crate::core::drift) const BAD_STATUS: u32 = 1 << 11;
    /// Set by the tokenizer, not the vocabulary: the word is part of something
    /// code-like (a file name, a path, a `snake_case` key, a `--flag`, `a::B`).
    pub(in crate::core::drift) const CODE: u32 = 1 << 12;
    pub(in crate::core::drift) const WEAK_PROBLEM: u32 = 1 << 13;
    /// Set by the tokenizer: the word starts with an uppercase letter.
    pub(in crate::core::drift) const CAPITAL: u32 = 1 << 14;
    /// Set by the tokenizer: the word starts with a digit.
    pub(in crate::core::drift) const DIGIT: u32 = 1 << 15;
    /// He, she, they and their contractions with "is".
    pub(in crate::core::drift) const PRONOUN: u32 = 1 << 16;
}

/// A word's number in the vocabulary; tokens outside it get [`NO_ID`].
pub(super) type WordId = u32;

/// The id of a word the vocabulary does not know.
pub(super) const NO_ID: WordId = u32::MAX;

/// A small, fast hash for short words (FxHash's mixing step).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds an [`FxHasher`] for each hash map keyed by words or word hashes.
pub(super) type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// The hash of a word, as the vocabulary and the word model take it.
pub(super) fn hash_word(word: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut h = FxHasher::default();
    h.write(word);
    h.finish()
}

/// The hash that places a word in the vocabulary's slots: [`FxHasher`]'s mixing step
/// over the word eight bytes at a time, the last bytes zero-padded, then its length.
fn slot_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mix = |h: u64, v: u64| (h.rotate_left(5) ^ v).wrapping_mul(K);
    let mut chunks = word.chunks_exact(8);
    let mut h = 0;
    for chunk in &mut chunks {
        let mut v = [0u8; 8];
        v.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(v));
    }
    let last = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |v, &b| v << 8 | u64::from(b));
    mix(mix(h, last), word.len() as u64)
}

/// Every word the built-in rules and word lists name, with its id and class bits, and
/// every spelling [`contraction`] reads: one hash look-up tells the tokenizer both.
pub(super) struct Vocab {
    /// The words in id order, then the spellings.
    entries: Vec<Entry>,
    /// Open addressing on the top bits of [`slot_hash`], at most a quarter full (most
    /// look-ups are of words it does not know, and stop at the first empty slot): the
    /// hash's low 32 bits and the entry's index plus one (0 for an empty slot).
    slots: Vec<(u32, u32)>,
    /// 64 minus the number of bits that pick a slot.
    shift: u32,
    /// How many words have ids (the entries before the spellings).
    words: usize,
    /// The words' entries in byte order (for prefix look-ups).
    sorted: Vec<u32>,
}

/// A word of the vocabulary, or a spelling that reads as one.
pub(super) struct Entry {
    word: Cow<'static, str>,
    /// The word's id and class bits; a spelling's are those of what it reads as.
    pub(super) id: WordId,
    pub(super) bits: u32,
    /// For a spelling [`contraction`] reads, what it reads as.
    pub(super) reads_as: Option<&'static str>,
}

impl Vocab {
    fn empty() -> Vocab {
        Vocab {
            entries: Vec::new(),
            slots: vec![(0, 0); 1 << 13],
            shift: 64 - 13,
            words: 0,
            sorted: Vec::new(),
        }
    }

    /// The slot of `word`: the one holding it, or the empty one it would go in.
    fn slot(&self, word: &str) -> (usize, u32) {
        let hash = slot_hash(word.as_bytes());
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = (hash >> self.shift) as usize & mask;
        while let Some(&(tag, at)) = self.slots.get(i) {
            let held = at.checked_sub(1).and_then(|n| self.entries.get(n as usize));
            match held {
                Some(entry) if tag == hash as u32 && *entry.word == *word => break,
                Some(_) => i = (i + 1) & mask,
                None => break,
            }
        }
        (i, hash as u32)
    }

    /// The entry for a normalized word or a spelling, if there is one.
    pub(super) fn find(&self, word: &str) -> Option<&Entry> {
        let (i, _) = self.slot(word);
        let &(_, at) = self.slots.get(i)?;
        self.entries.get(at.checked_sub(1)? as usize)
    }

    /// Adds `entry` unless its word is there; the index of the entry holding the word.
    fn insert(&mut self, entry: Entry) -> usize {
        let (i, _) = self.slot(&entry.word);
        if let Some(&(_, at)) = self.slots.get(i)
            && at != 0
        {
            return at as usize - 1;
        }
        self.entries.push(entry);
        let n = self.entries.len() - 1;
        if self.entries.len() * 4 > self.slots.len() {
            self.slots = vec![(0, 0); self.slots.len() * 2];
            self.shift -= 1;
            (0..self.entries.len()).for_each(|m| self.place(m));
        } else {
            self.place(n);
        }
        n
    }

    /// Puts entry `n` in its slot.
    fn place(&mut self, n: usize) {
        let Some(word) = self.entries.get(n).map(|e| &*e.word) else {
            return;
        };
        let (i, tag) = self.slot(word);
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = (tag, u32::try_from(n + 1).unwrap_or(u32::MAX));
        }
    }

    /// Adds a word with class bits (or the bits to a word it has).
    fn add(&mut self, word: Cow<'static, str>, bits: u32) {
        let id = WordId::try_from(self.words).unwrap_or(NO_ID - 1);
        let n = self.insert(Entry {
            word,
            id,
            bits: 0,
            reads_as: None,
        });
        if n == self.words {
            self.words += 1;
        }
        if let Some(entry) = self.entries.get_mut(n) {
            entry.bits |= bits;
        }
    }

    /// Adds the spellings of [`CONTRACTIONS`] (after every word) and the sorted list.
    fn finish(mut self) -> Vocab {
        for (shorts, full) in CONTRACTIONS {
            let Some((id, bits)) = self.get(full) else {
                continue;
            };
            for short in *shorts {
                self.insert(Entry {
                    word: Cow::Borrowed(short),
                    id,
                    bits,
                    reads_as: Some(full),
                });
            }
        }
        let mut sorted: Vec<u32> = (0..).take(self.words).collect();
        sorted.sort_unstable_by_key(|&n| self.entries.get(n as usize).map(|e| &*e.word));
        self.sorted = sorted;
        // Grown by doubling: about 2,300 entries of 48 bytes held 4,096 places.
        self.entries.shrink_to_fit();
        self
    }

    /// The id and class bits of a normalized word.
    pub(super) fn get(&self, word: &str) -> Option<(WordId, u32)> {
        self.find(word)
            .filter(|e| e.reads_as.is_none())
            .map(|e| (e.id, e.bits))
    }

    /// Every word with its id.
    pub(super) fn words(&self) -> impl Iterator<Item = (&str, WordId)> {
        self.entries
            .iter()
            .take(self.words)
            .map(|e| (&*e.word, e.id))
    }

    /// The ids of the words starting with `prefix`.
    pub(super) fn with_prefix<'v>(&'v self, prefix: &'v str) -> impl Iterator<Item = WordId> + 'v {
        let word = |n: &u32| self.entries.get(*n as usize).map_or("", |e| &*e.word);
        let from = self.sorted.partition_point(|n| word(n) < prefix);
        self.sorted
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |n| word(n).starts_with(prefix))
            .filter_map(|n| self.entries.get(*n as usize).map(|e| e.id))
    }

    /// How many words it knows (ids are below this).
    pub(super) fn len(&self) -> usize {
        self.words
    }
}

/// The vocabulary: the word lists with their classes, then every plain word of the
/// built-in patterns.
pub(super) static VOCAB: std::sync::LazyLock<Vocab> = std::sync::LazyLock::new(|| {
    let mut v = Vocab::empty();
    let lists: [(&[&str], u32); 8] = [
        (TECH_VERBS, class::TECH_VERB),
        (EVERYDAY_VERBS, class::EVERYDAY_VERB),
        (PEOPLE, class::PEOPLE),
        (NOT_NAMES, class::NOT_NAME),
        (LABEL_NOUNS, class::LABEL),
        (ROLE_BEFORE_PERSON, class::ROLE_BEFORE_PERSON),
        (GO_TO_THINGS, class::GO_TO_THING),
        (LOG_LEVELS, class::LOG_LEVEL),
    ];
    for (list, bits) in lists {
        for w in list {
            v.add(Cow::Borrowed(w), bits);
        }
    }
    for (list, bits) in [
        (TECH_NOUNS, class::TECH),
        (PROBLEM_WORDS, class::PROBLEM),
        (CLI_NAMES, class::CLI),
        (BAD_STATUS, class::BAD_STATUS),
        (WEAK_PROBLEM_WORDS, class::WEAK_PROBLEM),
    ] {
        for w in list.split_whitespace() {
            v.add(Cow::Borrowed(w), bits);
        }
    }
    for w in ["he", "she", "they", "he's", "she's", "they're"] {
        v.add(Cow::Borrowed(w), class::PRONOUN);
    }
    for (_, full) in CONTRACTIONS {
        v.add(Cow::Borrowed(full), 0);
    }
    for src in super::rules::builtin_sources() {
        for piece in src.split_whitespace() {
            let piece = piece
                .strip_prefix('!')
                .or_else(|| piece.strip_prefix('='))
                .unwrap_or(piece);
            if piece.starts_with(['~', '@', '#', '?']) {
                continue;
            }
            for alt in piece.split('|') {
                if !alt.is_empty() && !alt.ends_with('*') {
                    v.add(super::tokens::normalize_word(alt), 0);
                }
            }
        }
    }
    v.finish()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_finds_each_word_and_reads_each_spelling() {
        for (word, id) in VOCAB.words() {
            assert_eq!(VOCAB.get(word).map(|(found, _)| found), Some(id), "{word}");
        }
        assert!(VOCAB.get("a-word-no-rule-names").is_none());
        for (shorts, full) in CONTRACTIONS {
            for short in *shorts {
                assert_eq!(contraction(short), Some(*full));
                // A spelling is no word of its own, but the tokenizer learns from it
                // what it reads as, with that word's id and classes.
                assert!(VOCAB.get(short).is_none(), "{short}");
                let entry = VOCAB.find(short).expect("a spelling is found");
                assert_eq!(entry.reads_as, Some(*full));
                assert_eq!(VOCAB.get(full), Some((entry.id, entry.bits)));
            }
        }
    }
}
