//! Session files: one human-readable YAML file per meeting in the data directory.
//!
//! Layout: `<data dir>/sessions/<id>.yaml`, the [`Meeting`] serialized as YAML. Files are
//! written atomically (temporary file in the same directory, `fsync`, rename, `fsync` of
//! the directory) so a crash or a full disk never leaves a half-written session behind.
//! On Unix the sessions directory is `0700` and every session file `0600`: notes taken
//! during a customer call are confidential.
//!
//! - `dirs`: where the data and config directories are (flag, environment, platform).
//! - `atomic`: private files written atomically.
//! - `format`: the session file format, read through the YAML guard.
//! - `lock`: one kickoff per meeting.
//! - `quarantine`: broken session files moved aside, never overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::meeting::{Meeting, SESSION_VERSION};
use super::yaml_guard::SESSION;

mod atomic;
mod blocks;
mod dirs;
mod format;
mod index;
pub mod journal;
mod lock;
mod quarantine;
mod session;

pub use super::slug::{is_slug, slug};
pub use atomic::write_atomic;
pub use dirs::{CONFIG_DIR_ENV, DATA_DIR_ENV, config_dir, data_dir, resolve_dir};
pub use format::{encode, encode_bound};
pub use index::INDEX_FILE;
pub use lock::SessionLock;
pub use quarantine::QuarantineReport;
pub use session::{
    FileStamp, JournalReport, OnDisk, Opened, RESCUE_PREFIX, RESCUE_SUFFIX, new_generation,
};

use super::slug::is_valid_id;
use atomic::create_private_dir;
use format::load_file;

mod account;
mod export_file;

pub use export_file::{export_file_name, followup_file_names};

/// Name of the directory holding session files inside the data directory.
pub const SESSIONS_DIR: &str = "sessions";
/// Folder of the data directory that holds Markdown exports.
pub const EXPORTS_DIR: &str = "exports";
/// Extension of session files.
pub const SESSION_EXT: &str = "yaml";
/// Extension of the lock file next to a session file while a kickoff has it open.
pub const LOCK_EXT: &str = "lock";
/// Folder of the sessions directory where broken session files are moved aside.
pub const CORRUPT_DIR: &str = "corrupt";
/// Largest session file `load` accepts, in bytes (16 MiB).
pub const MAX_SESSION_BYTES: u64 = SESSION.max_bytes;

/// What to do when a session file does not parse.
const PARSE_HINT: &str = "the file may be truncated or badly hand-edited: fix the YAML there, or move the file out of the sessions directory";

/// Something went wrong reading or writing session files. Every variant names the file or
/// directory and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file system operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What was being done: "create", "write", "read", "rename", ...
        action: &'static str,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A session file is not valid YAML or does not describe a meeting.
    #[error("{}:{line}:{column}: {message} (hint: {PARSE_HINT})", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A session file is larger than any session kickoff writes.
    #[error(
        "{} is {size} bytes, more than the {limit} bytes a session file may have; is it really a kickoff session?",
        path.display()
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A session file was written by a newer kickoff.
    #[error(
        "{} has session format version {version}, newer than this kickoff understands ({SESSION_VERSION}); upgrade kickoff to open it",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        version: u64,
    },
    /// No session with that id.
    #[error("no session `{id}` in {}; run `kickoff sessions` to list them", dir.display())]
    NotFound {
        /// The id asked for.
        id: String,
        /// The sessions directory searched.
        dir: PathBuf,
    },
    /// Another kickoff holds the lock of this meeting.
    #[error(
        "meeting {id} is already open in another kickoff{}; close it there first (lock file: {})",
        pid.map_or_else(String::new, |pid| format!(" (pid {pid})")),
        path.display()
    )]
    Locked {
        /// The meeting id.
        id: String,
        /// The process holding the lock, when its lock file says.
        pid: Option<u32>,
        /// The lock file.
        path: PathBuf,
    },
    /// A meeting id that cannot be used as a file name.
    #[error(
        "`{id}` is not a valid session id: use letters, digits, '-', '_' and '.', not starting with '.'"
    )]
    InvalidId {
        /// The id.
        id: String,
    },
}

impl StoreError {
    /// The file or directory the error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Parse { path, .. }
            | StoreError::TooLarge { path, .. }
            | StoreError::TooNew { path, .. }
            | StoreError::Locked { path, .. } => Some(path),
            StoreError::NotFound { dir, .. } => Some(dir),
            StoreError::InvalidId { .. } => None,
        }
    }

    /// The session file this error shows to be broken (not YAML, not a meeting, too
    /// deep or too large), which [`Store::quarantine`] may move aside. A file written by
    /// a newer kickoff is not broken: moving it would hide it from that kickoff too.
    pub fn broken_file(&self) -> Option<&Path> {
        match self {
            StoreError::Parse { path, .. } | StoreError::TooLarge { path, .. } => Some(path),
            _ => None,
        }
    }

    fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

/// One line of `kickoff sessions`: what a session file holds, without the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// Session id.
    pub id: String,
    /// Customer account.
    pub account: String,
    /// Title of the agenda, e.g. "Introductory meeting".
    pub agenda_title: String,
    /// When the session was created.
    pub created_at: DateTime<FixedOffset>,
    /// When the agenda was started.
    pub started_at: Option<DateTime<FixedOffset>>,
    /// When the meeting was ended.
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Whether the meeting has ended.
    pub finished: bool,
    /// The session file.
    pub path: PathBuf,
}

impl SessionSummary {
    fn of(meeting: &Meeting, path: PathBuf) -> Self {
        Self {
            id: meeting.id.clone(),
            account: meeting.account.clone(),
            agenda_title: meeting.agenda.title.clone(),
            created_at: meeting.created_at,
            started_at: meeting.started_at,
            ended_at: meeting.ended_at,
            finished: meeting.ended_at.is_some(),
            path,
        }
    }
}

/// The session files in one data directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// Opens the store in the data directory `root`, creating `root/sessions` (mode 0700
    /// on Unix; an existing directory is tightened to 0700 as well).
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        let store = Store {
            root: root.to_path_buf(),
        };
        create_private_dir(&store.sessions_dir())?;
        Ok(store)
    }

    /// The data directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory holding the session files.
    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join(SESSIONS_DIR)
    }

    /// The file of session `id` (whether or not it exists).
    pub fn path_of(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.{SESSION_EXT}"))
    }

    /// Writes `meeting` to its session file atomically and returns the file's path.
    ///
    /// The file is written to a temporary file (mode 0600 on Unix) in the same directory,
    /// synced, renamed over the session file, and the directory is synced. On failure the
    /// previous version of the file is untouched and no temporary file is left behind.
    pub fn save(&self, meeting: &Meeting) -> Result<PathBuf, StoreError> {
        if !is_valid_id(&meeting.id) {
            return Err(StoreError::InvalidId {
                id: meeting.id.clone(),
            });
        }
        let target = self.path_of(&meeting.id);
        // Written as it is encoded, as a fold is: a long meeting is never one string.
        atomic::write_atomic_with(&target, |out| {
            format::encode_bound_to(out, meeting, 0, 0).map(drop)
        })?;
        // A whole file without a journal line: an old journal can no longer apply.
        let _ = fs::remove_file(journal::journal_path(&target));
        self.index_saved(meeting, &target);
        Ok(target)
    }

    /// The directory holding Markdown exports.
    pub fn exports_dir(&self) -> PathBuf {
        self.root.join(EXPORTS_DIR)
    }

    /// Writes the Markdown export of session `id` to `exports/<id>.md` (private, atomic)
    /// and returns its path.
    pub fn write_export(&self, id: &str, markdown: &str) -> Result<PathBuf, StoreError> {
        if !is_valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_owned() });
        }
        let dir = self.exports_dir();
        create_private_dir(&dir)?;
        let target = dir.join(format!("{id}.md"));
        write_atomic(&target, markdown.as_bytes())?;
        Ok(target)
    }

    /// Where the shared document of session `id` is kept while the meeting is shared by
    /// two seats (see `core::shared`): beside its session file, written at each fold, so a
    /// host that restarts keeps the history its seats share.
    pub fn shared_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.ydoc"))
    }

    /// Writes the shared document of session `id` (private, atomic).
    pub fn save_shared(&self, id: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        if !is_valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_owned() });
        }
        let target = self.shared_path(id);
        write_atomic(&target, bytes)?;
        Ok(target)
    }

    /// The shared document of session `id`, if one was saved.
    pub fn load_shared(&self, id: &str) -> Option<Vec<u8>> {
        if !is_valid_id(id) {
            return None;
        }
        fs::read(self.shared_path(id)).ok()
    }

    /// Loads a session: `id_or_path` is the id of a session in this store, or the path of
    /// a session file anywhere.
    ///
    /// The meeting is normalized (see [`Meeting::normalize`]) after loading.
    /// Its journal is replayed (see [`Store::open_session`], which also says what the
    /// replay did).
    pub fn load(&self, id_or_path: &str) -> Result<Meeting, StoreError> {
        self.open_session(id_or_path).map(|opened| opened.meeting)
    }

    /// Every session in the store, newest `created_at` first, and the errors of the files
    /// that could not be read. One bad file never hides the others. Files unchanged since
    /// the summary index last saw them are not read (see `store::index`).
    pub fn list(&self) -> (Vec<SessionSummary>, Vec<StoreError>) {
        let mut index = self.read_index();
        let mut changed = false;
        let mut names = Vec::new();
        let mut sessions = Vec::new();
        let (files, mut errors) = self.session_files();
        for (path, meta) in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stamp = index::stamp(&meta);
            if let Some(entry) = index.get(&name).filter(|e| e.fits(stamp)) {
                sessions.push(entry.summary(path));
                names.push(name);
                continue;
            }
            match load_file(&path) {
                Ok(meeting) => {
                    changed |= index.set(name.clone(), index::Entry::of(&meeting, stamp));
                    names.push(name);
                    sessions.push(SessionSummary::of(&meeting, path));
                }
                Err(e) => errors.push(e),
            }
        }
        changed |= index.keep_only(&names);
        if changed {
            self.write_index(&mut index);
        }
        sessions.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        errors.sort_by(|a, b| a.path().cmp(&b.path()));
        (sessions, errors)
    }

    /// The session files in the store (`*.yaml`, not hidden, symlinks followed, no
    /// directories) with their metadata, and the errors met listing them.
    fn session_files(&self) -> (Vec<(PathBuf, fs::Metadata)>, Vec<StoreError>) {
        let dir = self.sessions_dir();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (files, errors),
            Err(e) => {
                errors.push(StoreError::io(&dir, "list", e));
                return (files, errors);
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    errors.push(StoreError::io(&dir, "list", e));
                    continue;
                }
            };
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden || path.extension().is_none_or(|ext| ext != SESSION_EXT) {
                continue;
            }
            // Follows symlinks: a linked session file is listed, a directory is not.
            if let Ok(meta) = fs::metadata(&path)
                && meta.is_file()
            {
                files.push((path, meta));
            }
        }
        (files, errors)
    }

    /// The newest session that has not ended, if any (the one `kickoff resume` picks).
    pub fn latest_unfinished(&self) -> Option<SessionSummary> {
        self.list().0.into_iter().find(|s| !s.finished)
    }

    /// A fresh id for a meeting with `account` on agenda `agenda_name` created at `now`:
    /// `YYYY-MM-DD-HHMM-<account-slug>-<agenda-slug>`, with `-2`, `-3`, ... appended when a
    /// session with that id already exists or is locked (open in a kickoff that has not
    /// saved it yet).
    pub fn new_id(&self, account: &str, agenda_name: &str, now: DateTime<FixedOffset>) -> String {
        let base = format!(
            "{}-{}-{}",
            now.format("%Y-%m-%d-%H%M"),
            slug(account, "meeting"),
            slug(agenda_name, "meeting")
        );
        // A meeting just opened by another kickoff is locked before it is first saved.
        let taken = |id: &str| self.path_of(id).exists() || self.lock_path(id).exists();
        if !taken(&base) {
            return base;
        }
        let mut n: u64 = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if !taken(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Whether the user clearly meant a path rather than an id.
fn looks_like_path(s: &str) -> bool {
    s.contains('/')
        || s.contains(std::path::MAIN_SEPARATOR)
        || s.ends_with(".yaml")
        || s.ends_with(".yml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::meeting::{ActionItem, Attendee, Side};
    use crate::core::testkit;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn meeting(id: &str, created: &str) -> Meeting {
        Meeting::new(
            id.into(),
            "ACME Corp.".into(),
            testkit::agenda(),
            at(created),
        )
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    const TRICKY: &str = "first line\n| a | table |\n|---|---|\n<script>alert(1)</script>\n# not a heading\n\tindented with a tab\n会議のメモ 📝 👩‍💻\nשלום עולם مرحبا\ne\u{301}\u{301} combining\ntrailing spaces   \n\n\nafter empty lines\n  leading spaces\n- looks: like yaml\n'quoted' \"double\" \\ backslash\nlast";

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Notes read back exactly, whatever they hold: YAML syntax, line and paragraph
        /// separators, tabs, trailing spaces, carriage returns, byte order marks.
        #[test]
        fn encoded_notes_read_back_exactly(
            notes in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", " ", "  ", "\n", "\n\n", "#", ": ", "- ", "---", "...", "|", ">",
                    "'", "\"", "\\", "\t", "é", "e\u{301}", "東京", "👩‍💻", "\u{2028}", "\u{85}",
                    "\u{feff}", "%", "@", "&a", "*a", "!tag", "{", "[", "?", "~", "null", "0x1",
                    "\n  indented", "\n---\n", "\n...\n", "\n# c", "\r", "\u{a0}", "\u{3000}",
                ]),
                0..40,
            ).prop_map(|parts: Vec<&str>| parts.concat()),
            other in "[a-z \n]{0,20}",
        ) {
            let (_dir, store) = store();
            let mut m = meeting("prop", "2026-11-23T14:00:00+01:00");
            m.sections[0].notes = notes.clone().into();
            m.sections[1].notes = other.clone().into();
            store.save(&m).unwrap();
            let back = store.load("prop").unwrap();
            proptest::prop_assert_eq!(&back.sections[0].notes, &notes);
            proptest::prop_assert_eq!(&back.sections[1].notes, &other);
            proptest::prop_assert_eq!(back, m);
        }
    }

    #[test]
    fn notes_with_unicode_line_separators_load_again() {
        // The library may write U+2028 raw inside a block scalar; the parser (and so the
        // YAML guard) breaks the line there. The guard once read `*a` as an alias.
        let (_dir, store) = store();
        let mut m = meeting("separators", "2026-11-23T14:00:00+01:00");
        m.sections[0].notes = "\u{2028}: *a\n  indented".into();
        m.sections[1].notes = "x\u{2029}*b\u{85}  &c".into();
        // A block's indentation is read from its first line.
        m.sections[2].notes = "\n ".into();
        store.save(&m).unwrap();
        assert_eq!(store.load("separators").unwrap(), m);
    }

    #[test]
    fn multi_line_notes_are_literal_blocks_where_yaml_can_hold_them() {
        let mut m = meeting("blocks", "2026-11-23T14:00:00+01:00");
        m.sections[0].notes = "one: #1\n\ntwo\n".into();
        m.sections[1].notes = "kept\n\n\n".into();
        // Trailing spaces and tabs do not fit a literal block: one quoted line instead.
        m.sections[2].notes = "two   \n\tthree\r\n".into();
        let yaml = encode(&m).unwrap();
        assert!(
            yaml.contains("- notes: |\n    one: #1\n\n    two\n"),
            "{yaml}"
        );
        assert!(yaml.contains("- notes: |+\n    kept\n\n\n"), "{yaml}");
        assert!(
            yaml.contains("- notes: \"two   \\n\\tthree\\r\\n\"\n"),
            "{yaml}"
        );
        let back: Meeting = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn save_and_load_round_trip_with_tricky_notes() {
        let (_dir, store) = store();
        let mut m = meeting(
            "2026-11-23-1402-acme-introductory",
            "2026-11-23T14:02:00+01:00",
        );
        m.start(at("2026-11-23T14:05:00+01:00"));
        m.sections[0].notes = TRICKY.into();
        m.sections[1].notes = "  leading spaces first\ntrailing newline\n".into();
        m.sections[2].notes = "one line with trailing space ".into();
        m.sections[0].ticked[1] = true;
        m.attendees.push(Attendee {
            name: "Zoë O'Brien — 王".into(),
            side: Side::Partner,
            dri: true,
            joined_at: Some(at("2026-11-23T14:01:00+01:00")),
            ..Attendee::default()
        });
        m.actions.push(ActionItem {
            text: "yes".into(),
            owner: "null".into(),
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            ..ActionItem::default()
        });
        m.decisions.push("123".into());
        m.goals.push("true".into());
        m.goals.push(String::new());
        let path = store.save(&m).unwrap();
        assert_eq!(path, store.path_of(&m.id));
        assert_eq!(store.load(&m.id).unwrap(), m);
        assert_eq!(store.load(path.to_str().unwrap()).unwrap(), m);

        // Saving again replaces the file.
        m.end(at("2026-11-23T15:00:00+01:00"));
        store.save(&m).unwrap();
        assert_eq!(store.load(&m.id).unwrap(), m);
    }

    #[test]
    fn notes_are_readable_multi_line_text_in_the_file() {
        let (_dir, store) = store();
        let mut m = meeting("readable", "2026-11-23T14:02:00+01:00");
        m.sections[0].notes =
            "Uses GitLab since 2019\n<script>x</script>\n# runners on k8s\n会議 📝".into();
        let path = store.save(&m).unwrap();
        let text = fs::read_to_string(path).unwrap();
        assert!(text.starts_with("# kickoff session file"));
        assert!(text.contains("notes: |"), "{text}");
        for line in [
            "Uses GitLab since 2019",
            "<script>x</script>",
            "# runners on k8s",
            "会議 📝",
        ] {
            assert!(
                text.lines().any(|l| l.trim() == line),
                "{line:?} is not on a line of its own:\n{text}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join(SESSIONS_DIR);
        fs::create_dir(&sessions).unwrap();
        fs::set_permissions(&sessions, fs::Permissions::from_mode(0o755)).unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.sessions_dir()), 0o700);
        let path = store
            .save(&meeting("private", "2026-11-23T14:02:00+01:00"))
            .unwrap();
        assert_eq!(mode(&path), 0o600);

        // A fresh store gets a 0700 directory too.
        let (_dir2, fresh) = self::store();
        assert_eq!(mode(&fresh.sessions_dir()), 0o700);
    }

    #[test]
    fn save_leaves_no_temporary_files() {
        let (_dir, store) = store();
        for _ in 0..3 {
            store
                .save(&meeting("one", "2026-11-23T14:02:00+01:00"))
                .unwrap();
        }
        let names: Vec<_> = fs::read_dir(store.sessions_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != INDEX_FILE)
            .collect();
        assert_eq!(names, vec!["one.yaml".to_string()]);
    }

    #[test]
    fn save_rejects_ids_that_are_not_file_names() {
        let (_dir, store) = store();
        for id in ["", "../escape", ".hidden", "a/b", "a b"] {
            let err = store
                .save(&meeting(id, "2026-11-23T14:02:00+01:00"))
                .unwrap_err();
            assert!(matches!(err, StoreError::InvalidId { .. }), "{id}: {err}");
        }
    }

    #[test]
    fn save_failure_is_reported_with_the_path_and_leaves_nothing_behind() {
        let (_dir, store) = store();
        // A directory where the session file should go makes the rename fail.
        let m = meeting("blocked", "2026-11-23T14:02:00+01:00");
        fs::create_dir(store.path_of(&m.id)).unwrap();
        fs::write(store.path_of(&m.id).join("x"), "x").unwrap();
        let err = store.save(&m).unwrap_err();
        assert!(
            matches!(&err, StoreError::Io { action: "rename", path, .. } if *path == store.path_of("blocked")),
            "{err}"
        );
        let names: Vec<_> = fs::read_dir(store.sessions_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["blocked.yaml".to_string()]);
    }

    #[test]
    fn corrupt_files_give_located_errors_and_do_not_hide_other_sessions() {
        let (_dir, store) = store();
        let good = meeting("good", "2026-11-23T14:02:00+01:00");
        let path = store.save(&good).unwrap();
        let text = fs::read_to_string(&path).unwrap();

        // Truncated in the middle of the file.
        fs::write(store.path_of("truncated"), &text[..text.len() / 2]).unwrap();
        // Not YAML at all.
        fs::write(store.path_of("garbage"), "id: [unclosed\naccount: x\n").unwrap();
        // Empty.
        fs::write(store.path_of("empty"), "").unwrap();

        let err = store.load("garbage").unwrap_err();
        match &err {
            StoreError::Parse {
                path, line, column, ..
            } => {
                assert_eq!(*path, store.path_of("garbage"));
                assert!(*line >= 1 && *column >= 1);
            }
            other => panic!("expected a parse error, got {other}"),
        }
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{}:", store.path_of("garbage").display())),
            "{shown}"
        );
        assert!(shown.contains("hint:"), "{shown}");

        for id in ["truncated", "empty"] {
            let err = store.load(id).unwrap_err();
            assert!(matches!(err, StoreError::Parse { .. }), "{id}: {err}");
        }
        assert!(
            store
                .load("empty")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );

        let (sessions, errors) = store.list();
        assert_eq!(
            sessions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["good"]
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.iter().all(|e| matches!(e, StoreError::Parse { .. })));
    }

    #[test]
    fn parse_errors_do_not_spill_the_file_onto_the_terminal() {
        let (dir, store) = store();
        let path = dir.path().join("notes.yaml");
        let secret = "customer secret ".repeat(20);
        fs::write(&path, format!("{secret}\n")).unwrap();
        let err = store.load(path.to_str().unwrap()).unwrap_err().to_string();
        assert!(!err.contains(&secret), "{err}");
        assert!(err.contains("customer secret"), "{err}");
    }

    #[test]
    fn parse_errors_point_at_the_bad_line() {
        let (_dir, store) = store();
        let path = store
            .save(&meeting("typo", "2026-11-23T14:02:00+01:00"))
            .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let bad = text.replace("account: ACME Corp.", "acount: ACME Corp.");
        let bad_line = bad.lines().position(|l| l.starts_with("acount")).unwrap() + 1;
        fs::write(&path, bad).unwrap();
        match store.load("typo").unwrap_err() {
            StoreError::Parse {
                line,
                column,
                message,
                ..
            } => {
                assert_eq!(line, bad_line);
                assert_eq!(column, 1);
                assert!(message.contains("acount"), "{message}");
                assert!(!message.contains(" at line "), "{message}");
            }
            other => panic!("expected a parse error, got {other}"),
        }
    }

    #[test]
    fn invalid_utf8_is_a_located_parse_error() {
        let (_dir, store) = store();
        fs::write(store.path_of("latin1"), b"id: x\naccount: M\xfcller\n").unwrap();
        match store.load("latin1").unwrap_err() {
            StoreError::Parse { line, column, .. } => assert_eq!((line, column), (2, 11)),
            other => panic!("expected a parse error, got {other}"),
        }
    }

    #[test]
    fn newer_versions_ask_for_an_upgrade() {
        let (_dir, store) = store();
        let mut m = meeting("future", "2026-11-23T14:02:00+01:00");
        m.version = SESSION_VERSION + 1;
        let path = store.save(&m).unwrap();
        // A newer file may also have fields this build does not know.
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("new_field: 1\n");
        fs::write(&path, text).unwrap();
        let err = store.load("future").unwrap_err();
        assert!(
            matches!(err, StoreError::TooNew { version: 2, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("upgrade kickoff"), "{err}");
    }

    #[test]
    fn oversized_files_are_rejected() {
        let (_dir, store) = store();
        let path = store.path_of("huge");
        let file = fs::File::create(&path).unwrap();
        file.set_len(MAX_SESSION_BYTES + 1).unwrap();
        let err = store.load("huge").unwrap_err();
        assert!(
            matches!(err, StoreError::TooLarge { size, limit, .. } if size == MAX_SESSION_BYTES + 1 && limit == MAX_SESSION_BYTES),
            "{err}"
        );
        let (sessions, errors) = store.list();
        assert!(sessions.is_empty());
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn load_normalizes_hand_edited_files() {
        let (_dir, store) = store();
        let mut m = meeting("edited", "2026-11-23T14:02:00+01:00");
        m.sections.truncate(1);
        m.sections[0].ticked.clear();
        m.current = 7;
        store.save(&m).unwrap();
        let loaded = store.load("edited").unwrap();
        assert_eq!(loaded.sections.len(), 3);
        assert_eq!(loaded.sections[0].ticked.len(), 2);
        assert_eq!(loaded.current, 2);
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let (_dir, store) = store();
        let err = store.load("nope").unwrap_err();
        assert!(matches!(err, StoreError::NotFound { ref id, .. } if id == "nope"));
        let shown = err.to_string();
        assert!(shown.contains("no session `nope` in "), "{shown}");
        assert!(shown.contains("kickoff sessions"), "{shown}");

        // Something that is clearly a path is reported as a file that cannot be opened.
        let err = store.load("/no/such/file.yaml").unwrap_err();
        assert!(
            matches!(err, StoreError::Io { action: "open", .. }),
            "{err}"
        );
    }

    #[test]
    fn load_accepts_a_path_outside_the_store() {
        let (_dir, store) = store();
        let (_other_dir, other) = self::store();
        let m = meeting("elsewhere", "2026-11-23T14:02:00+01:00");
        let path = other.save(&m).unwrap();
        assert_eq!(store.load(path.to_str().unwrap()).unwrap(), m);
    }

    #[test]
    fn new_ids_are_readable_and_unique() {
        let (_dir, store) = store();
        let now = at("2026-11-23T14:02:59+01:00");
        let id = store.new_id("ACME Corp.", "introductory", now);
        assert_eq!(id, "2026-11-23-1402-acme-corp-introductory");
        store
            .save(&meeting(&id, "2026-11-23T14:02:00+01:00"))
            .unwrap();
        let second = store.new_id("ACME Corp.", "introductory", now);
        assert_eq!(second, "2026-11-23-1402-acme-corp-introductory-2");
        store
            .save(&meeting(&second, "2026-11-23T14:02:00+01:00"))
            .unwrap();
        assert_eq!(
            store.new_id("ACME Corp.", "introductory", now),
            "2026-11-23-1402-acme-corp-introductory-3"
        );
        assert_eq!(
            store.new_id("会議", "", now),
            "2026-11-23-1402-meeting-meeting"
        );
    }

    #[test]
    fn list_is_newest_first_and_skips_other_files() {
        let (_dir, store) = store();
        let mut old = meeting("old", "2026-11-20T09:00:00+00:00");
        old.start(at("2026-11-20T09:01:00+00:00"));
        old.end(at("2026-11-20T10:00:00+00:00"));
        store.save(&old).unwrap();
        // Later in absolute time although the wall clock reads earlier.
        store
            .save(&meeting("newest", "2026-11-23T08:00:00-08:00"))
            .unwrap();
        store
            .save(&meeting("middle", "2026-11-23T14:00:00+01:00"))
            .unwrap();
        fs::write(store.sessions_dir().join(".hidden.yaml"), "garbage: [").unwrap();
        fs::write(store.sessions_dir().join("notes.txt"), "not a session").unwrap();
        fs::create_dir(store.sessions_dir().join("dir.yaml")).unwrap();

        let (sessions, errors) = store.list();
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<_> = sessions.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["newest", "middle", "old"]);
        let old = &sessions[2];
        assert!(old.finished);
        assert_eq!(old.account, "ACME Corp.");
        assert_eq!(old.agenda_title, "Demo meeting");
        assert_eq!(old.path, store.path_of("old"));
        assert_eq!(old.ended_at, Some(at("2026-11-20T10:00:00+00:00")));

        assert_eq!(
            store.latest_unfinished().map(|s| s.id),
            Some("newest".into())
        );
    }

    #[test]
    fn latest_unfinished_skips_ended_meetings() {
        let (_dir, store) = store();
        assert_eq!(store.latest_unfinished(), None);
        store
            .save(&meeting("running", "2026-11-20T09:00:00+00:00"))
            .unwrap();
        let mut done = meeting("done", "2026-11-23T09:00:00+00:00");
        done.start(at("2026-11-23T09:00:00+00:00"));
        done.end(at("2026-11-23T10:00:00+00:00"));
        store.save(&done).unwrap();
        assert_eq!(
            store.latest_unfinished().map(|s| s.id),
            Some("running".into())
        );
    }

    #[test]
    fn list_of_a_missing_directory_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store {
            root: dir.path().join("missing"),
        };
        let (sessions, errors) = store.list();
        assert!(sessions.is_empty() && errors.is_empty());
    }

    #[test]
    fn open_creates_missing_parents() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("a").join("b");
        let store = Store::open(&root).unwrap();
        assert!(store.sessions_dir().is_dir());
        assert_eq!(store.root(), root);
    }
}
