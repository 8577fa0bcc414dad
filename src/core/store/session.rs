//! A session file with its journal: opening one replays the journal on top of the file;
//! folding writes the file anew (with a fresh generation) and starts an empty journal.

use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use super::format::{encode_bound_to, load_bound};
use super::journal::{self, Binding, Fit, Journal, Record};
use super::{Store, StoreError, is_valid_id, looks_like_path};
use crate::core::meeting::Meeting;

/// A session as opened: the meeting with its journal replayed, and what the replay did.
#[derive(Debug)]
pub struct Opened {
    /// The meeting.
    pub meeting: Meeting,
    /// The session file.
    pub path: PathBuf,
    /// What happened to the journal.
    pub journal: JournalReport,
    /// The session file's binding (generation 0: a file without a journal line).
    pub binding: Binding,
}

impl Opened {
    /// The meeting exactly as its session file holds it, when it does (a bound file, no
    /// journal record applied, nothing to report): a saver seeded with it can journal
    /// the first change on top of the file instead of writing the whole file again.
    pub fn on_disk(&self) -> Option<OnDisk> {
        let exact = self.binding.generation != 0 && !self.journal.needs_fold();
        exact.then(|| OnDisk {
            binding: self.binding,
            meeting: Box::new(self.meeting.clone()),
        })
    }
}

/// A meeting as its session file holds it, and that file's binding (see
/// [`Opened::on_disk`]). The copy of the meeting shares its notes' lines.
#[derive(Debug, Clone)]
pub struct OnDisk {
    /// The session file's binding.
    pub binding: Binding,
    /// The meeting the file holds.
    pub meeting: Box<Meeting>,
}

/// What opening a session did with its journal.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JournalReport {
    /// How many journal records were applied.
    pub applied: usize,
    /// Things the user should hear about: a torn last record dropped, a journal that
    /// did not match its session file moved aside.
    pub notes: Vec<String>,
}

impl JournalReport {
    /// Whether the session file does not hold everything yet (a fold should follow).
    pub fn needs_fold(&self) -> bool {
        self.applied > 0 || !self.notes.is_empty()
    }
}

/// What a file looked like when we last wrote or read it: its length, modification
/// time and (on Unix) inode. Another program's write changes at least one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl FileStamp {
    /// The stamp of `path` now; `None` when it does not exist or cannot be read.
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        })
    }
}

/// A fresh, practically unique journal generation (never 0).
pub fn new_generation() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    if let Ok(since) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(since.as_nanos());
    }
    hasher.finish().max(1)
}

impl Store {
    /// Opens a session like [`Store::load`] and replays its journal (see
    /// `store::journal`). A torn last record is dropped; a journal that does not match
    /// the session file, or comes from a newer kickoff, is moved to the `corrupt` folder
    /// and not applied. Both are reported in [`Opened::journal`], never an error.
    pub fn open_session(&self, id_or_path: &str) -> Result<Opened, StoreError> {
        let path = self.resolve(id_or_path)?;
        let (mut meeting, binding) = load_bound(&path)?;
        let journal = self.replay(&path, &mut meeting, binding);
        Ok(Opened {
            meeting,
            path,
            journal,
            binding,
        })
    }

    /// The session file `id_or_path` names.
    fn resolve(&self, id_or_path: &str) -> Result<PathBuf, StoreError> {
        if is_valid_id(id_or_path) {
            let path = self.path_of(id_or_path);
            if path.is_file() {
                return Ok(path);
            }
        }
        let as_path = Path::new(id_or_path);
        if looks_like_path(id_or_path) || as_path.is_file() {
            return Ok(as_path.to_path_buf());
        }
        Err(StoreError::NotFound {
            id: id_or_path.to_string(),
            dir: self.sessions_dir(),
        })
    }

    fn replay(&self, path: &Path, meeting: &mut Meeting, binding: Binding) -> JournalReport {
        let mut report = JournalReport::default();
        let journal_path = journal::journal_path(path);
        let replay = match journal::read(&journal_path) {
            Ok(Some(replay)) => replay,
            Ok(None) => return report,
            Err(e) => {
                report
                    .notes
                    .push(format!("the journal could not be read: {e}"));
                return report;
            }
        };
        let fit = match replay.head {
            Some((generation, length)) if !replay.newer => binding.accepts(generation, length),
            _ => Fit::Mismatch,
        };
        match fit {
            Fit::AlreadyFolded => {
                // The session file holds it already; it is of no further use.
                let _ = fs::remove_file(&journal_path);
                return report;
            }
            Fit::Mismatch => {
                let why = if replay.newer {
                    "was written by a newer kickoff"
                } else {
                    "does not belong to this version of the session file"
                };
                let moved = self.quarantine(&journal_path);
                report.notes.push(match moved {
                    Ok(to) => format!(
                        "the journal {} {why}: moved it to {} without applying it",
                        journal_path.display(),
                        to.display()
                    ),
                    Err(e) => format!(
                        "the journal {} {why} and was not applied ({e})",
                        journal_path.display()
                    ),
                });
                return report;
            }
            Fit::Applies => {}
        }
        for record in replay.records {
            let fits = match record {
                Record::Edit(edit) => meeting.apply_note_edit(&edit),
                Record::State { meeting: state } => {
                    meeting.take_state(*state);
                    meeting.normalize();
                    true
                }
                Record::Head { .. } => false,
            };
            if !fits {
                report.notes.push(format!(
                    "the journal {} holds a change that does not fit the notes; the changes from there on were not applied",
                    journal_path.display()
                ));
                return report;
            }
            report.applied += 1;
        }
        if let Some((at, why)) = replay.stopped {
            report.notes.push(format!(
                "dropped {why} at byte {at} of the journal {} (the last moments before a crash may be missing)",
                journal_path.display()
            ));
        }
        report
    }

    /// Writes `meeting` to its session file with a fresh generation (replacing
    /// `previous`) and starts its empty journal. Returns the file's path, its binding
    /// and the journal (`None` when the journal could not be started: the next save
    /// folds again).
    pub fn fold(
        &self,
        meeting: &Meeting,
        previous: u64,
    ) -> Result<(PathBuf, Binding, Option<Journal>), StoreError> {
        if !is_valid_id(&meeting.id) {
            return Err(StoreError::InvalidId {
                id: meeting.id.clone(),
            });
        }
        let target = self.path_of(&meeting.id);
        let generation = new_generation();
        // Written as it is encoded: a long meeting's file is never one string in memory.
        let mut length = 0;
        super::atomic::write_atomic_with(&target, |out| {
            length = encode_bound_to(out, meeting, generation, previous)?;
            Ok(())
        })?;
        self.index_saved(meeting, &target);
        let binding = Binding {
            generation,
            previous,
            length,
        };
        let journal = Journal::create(&target, &meeting.id, binding).ok();
        Ok((target, binding, journal))
    }
}

/// Prefix of the copies written by the emergency save when the session file cannot be.
pub const RESCUE_PREFIX: &str = "kickoff-";
/// Suffix of those copies (like nano's `.save`).
pub const RESCUE_SUFFIX: &str = ".save.yaml";

impl Store {
    /// The data directory's own place for emergency copies: `<data dir>/rescue`.
    pub fn rescue_dir(&self) -> PathBuf {
        self.root().join("rescue")
    }

    /// Where the emergency save tries, in order, when the session file cannot be
    /// written: the data directory's rescue folder, the working directory, the home
    /// directory and the temporary directory.
    pub fn rescue_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.rescue_dir()];
        dirs.extend(std::env::current_dir().ok());
        dirs.extend(std::env::home_dir());
        dirs.push(std::env::temp_dir());
        dirs
    }

    /// The name of meeting `id`'s emergency copy.
    pub fn rescue_name(id: &str) -> String {
        format!("{RESCUE_PREFIX}{id}{RESCUE_SUFFIX}")
    }

    /// Writes `meeting` (private, 0600 on Unix, atomically) to the first of `dirs` that
    /// takes it and returns the path, or every place's error.
    pub fn rescue(&self, meeting: &Meeting, dirs: &[PathBuf]) -> Result<PathBuf, Vec<StoreError>> {
        let name = Self::rescue_name(&meeting.id);
        let mut errors = Vec::new();
        for dir in dirs {
            if *dir == self.rescue_dir()
                && let Err(e) = super::atomic::create_private_dir(dir)
            {
                errors.push(e);
                continue;
            }
            let path = dir.join(&name);
            // Written as it is encoded, as a fold is: a long meeting is never one string.
            let written = super::atomic::write_atomic_with(&path, |out| {
                encode_bound_to(out, meeting, 0, 0).map(drop)
            });
            match written {
                Ok(()) => return Ok(path),
                Err(e) => errors.push(e),
            }
        }
        Err(errors)
    }

    /// Emergency copies of meeting `id` in `dirs` that are newer than its session file
    /// (or whose session file is gone), newest first.
    pub fn rescued(&self, id: &str, dirs: &[PathBuf]) -> Vec<PathBuf> {
        let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
        let session = modified(&self.path_of(id));
        let name = Self::rescue_name(id);
        let mut found: Vec<(std::time::SystemTime, PathBuf)> = dirs
            .iter()
            .map(|d| d.join(&name))
            .filter_map(|p| Some((modified(&p)?, p)))
            .filter(|(t, _)| session.is_none_or(|s| *t > s))
            .collect();
        found.sort_by_key(|f| std::cmp::Reverse(f.0));
        found.dedup_by(|a, b| a.1 == b.1);
        found.into_iter().map(|(_, p)| p).collect()
    }

    /// Every emergency copy in `dirs` newer than its session file, newest first.
    pub fn all_rescued(&self, dirs: &[PathBuf]) -> Vec<(String, PathBuf)> {
        let mut ids: Vec<String> = dirs
            .iter()
            .filter_map(|d| fs::read_dir(d).ok())
            .flatten()
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                let id = name
                    .strip_prefix(RESCUE_PREFIX)?
                    .strip_suffix(RESCUE_SUFFIX)?;
                is_valid_id(id).then(|| id.to_owned())
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids.into_iter()
            .flat_map(|id| {
                self.rescued(&id, dirs)
                    .into_iter()
                    .take(1)
                    .map(move |p| (id.clone(), p))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::meeting::{NoteChange, NoteEdit};
    use crate::core::store::journal::frame;
    use crate::core::testkit;

    fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn setup() -> (tempfile::TempDir, Store, Meeting) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut m = Meeting::new(
            "m".into(),
            "ACME".into(),
            testkit::agenda(),
            at("2026-11-23T14:02:00+01:00"),
        );
        m.start(at("2026-11-23T14:03:00+01:00"));
        m.set_current_notes("first\nsecond");
        (dir, store, m)
    }

    fn edit(start: usize, removed: usize, lines: &[&str]) -> Record {
        Record::Edit(NoteEdit::lines(Some(0), start, removed, lines))
    }

    fn append(journal: &mut Journal, records: &[Record]) {
        let mut bytes = Vec::new();
        for r in records {
            frame(r, &mut bytes).unwrap();
        }
        journal.append(&bytes).unwrap();
    }

    #[test]
    fn open_replays_the_journal_and_load_and_export_see_it() {
        let (_dir, store, m) = setup();
        let (_, _, journal) = store.fold(&m, 0).unwrap();
        let mut journal = journal.unwrap();
        let mut state = m.clone();
        state.goals.push("faster CI".into());
        append(
            &mut journal,
            &[
                edit(1, 1, &["second, typed on", "third"]),
                Record::State {
                    meeting: Box::new(state.without_notes()),
                },
            ],
        );
        let opened = store.open_session("m").unwrap();
        assert_eq!(opened.journal.applied, 2);
        assert!(opened.journal.notes.is_empty());
        assert_eq!(
            opened.meeting.sections[0].notes,
            "first\nsecond, typed on\nthird"
        );
        assert_eq!(opened.meeting.goals, ["faster CI"]);
        // `load` (used by export, follow-up and carry) replays it too.
        assert_eq!(store.load("m").unwrap(), opened.meeting);
    }

    #[test]
    fn a_torn_last_record_is_dropped_and_reported() {
        let (_dir, store, m) = setup();
        let (_, _, journal) = store.fold(&m, 0).unwrap();
        let mut journal = journal.unwrap();
        append(&mut journal, &[edit(0, 1, &["kept"])]);
        let mut torn = Vec::new();
        frame(&edit(0, 1, &["lost in the crash"]), &mut torn).unwrap();
        journal.append(&torn[..torn.len() / 2]).unwrap();
        let opened = store.open_session("m").unwrap();
        assert_eq!(opened.journal.applied, 1);
        assert_eq!(opened.meeting.sections[0].notes, "kept\nsecond");
        assert_eq!(opened.journal.notes.len(), 1);
        assert!(
            opened.journal.notes[0].contains("dropped"),
            "{:?}",
            opened.journal
        );
        assert!(opened.journal.needs_fold());
    }

    #[test]
    fn a_journal_that_does_not_match_its_session_file_is_moved_aside() {
        let (_dir, store, m) = setup();
        let (_, _, journal) = store.fold(&m, 0).unwrap();
        let mut journal = journal.unwrap();
        append(&mut journal, &[edit(0, 1, &["for another file"])]);
        let journal_path = journal.path().to_path_buf();
        drop(journal);
        // The session file is replaced behind the journal's back (no journal line).
        store.save(&m).unwrap();
        assert!(!journal_path.exists(), "a whole save drops the old journal");
        // A journal bound to another generation turns up next to the file.
        let other = Binding {
            generation: 99,
            previous: 98,
            length: 5,
        };
        let mut stray = Journal::create(&store.path_of("m"), "m", other).unwrap();
        append(&mut stray, &[edit(0, 1, &["for another file"])]);
        let opened = store.open_session("m").unwrap();
        assert_eq!(opened.journal.applied, 0);
        assert_eq!(opened.meeting.sections[0].notes, "first\nsecond");
        let note = opened.journal.notes.join(" ");
        assert!(note.contains("does not belong"), "{note}");
        assert!(!journal_path.exists());
        let moved: Vec<_> = std::fs::read_dir(store.corrupt_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            moved.iter().all(|n| n.starts_with("m.journal.")),
            "{moved:?}"
        );
        assert_eq!(moved.len(), 1);
    }

    #[test]
    fn a_journal_the_file_already_holds_is_removed_silently() {
        let (_dir, store, m) = setup();
        let (path, binding, journal) = store.fold(&m, 0).unwrap();
        let mut journal = journal.unwrap();
        append(&mut journal, &[edit(0, 1, &["typed"])]);
        let journal_path = journal.path().to_path_buf();
        let kept = std::fs::read(&journal_path).unwrap();
        let mut folded = m.clone();
        folded.set_current_notes("typed\nsecond");
        store.fold(&folded, binding.generation).unwrap();
        // A crash between writing the file and starting the new journal.
        std::fs::write(&journal_path, kept).unwrap();
        let opened = store.open_session(path.to_str().unwrap()).unwrap();
        assert_eq!(opened.journal, JournalReport::default());
        assert_eq!(opened.meeting.sections[0].notes, "typed\nsecond");
        assert!(!journal_path.exists());
    }

    #[test]
    fn the_index_is_rebuilt_when_missing_or_stale() {
        let (_dir, store, m) = setup();
        store.save(&m).unwrap();
        let index = store.sessions_dir().join(super::super::INDEX_FILE);
        assert!(index.exists(), "saving keeps the index up to date");
        std::fs::remove_file(&index).unwrap();
        let (sessions, errors) = store.list();
        assert!(errors.is_empty());
        assert_eq!(sessions[0].account, "ACME");
        assert!(index.exists(), "listing rebuilds a missing index");
        // Another program changes the file: the stale entry is read again.
        let text = std::fs::read_to_string(store.path_of("m")).unwrap();
        std::fs::write(
            store.path_of("m"),
            text.replace("account: ACME", "account: Globex Corp"),
        )
        .unwrap();
        assert_eq!(store.list().0[0].account, "Globex Corp");
        // A garbage index is ignored and replaced.
        std::fs::write(&index, "{ not json").unwrap();
        assert_eq!(store.list().0[0].account, "Globex Corp");
        assert!(
            std::fs::read_to_string(&index)
                .unwrap()
                .contains("Globex Corp")
        );
    }

    #[test]
    fn rescued_copies_newer_than_the_session_file_are_found() {
        let (dir, store, m) = setup();
        store.save(&m).unwrap();
        let old = filetime_past(&store.path_of("m"));
        let dirs = vec![dir.path().join("a"), dir.path().join("b")];
        std::fs::create_dir(&dirs[1]).unwrap();
        let path = store.rescue(&m, &dirs).unwrap();
        assert_eq!(path, dirs[1].join("kickoff-m.save.yaml"));
        assert!(old);
        assert_eq!(store.rescued("m", &dirs), std::slice::from_ref(&path));
        assert_eq!(store.all_rescued(&dirs), [("m".to_owned(), path)]);
        // Once the session file is newer, the copy is no longer offered.
        store.save(&m).unwrap();
        assert!(store.rescued("m", &dirs).is_empty());
    }

    /// Moves `path`'s modification time an hour back; returns whether it could.
    fn filetime_past(path: &Path) -> bool {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        file.set_modified(past).is_ok()
    }

    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Splice(usize, usize, Vec<String>),
        Fold,
    }

    fn op() -> impl Strategy<Value = Op> {
        let line = proptest::sample::select(vec!["", "a", "b c", "会議 📝", "x: y", "\t", "- z"])
            .prop_map(str::to_owned);
        prop_oneof![
            8 => (0usize..12, 0usize..4, proptest::collection::vec(line, 0..4))
                .prop_map(|(s, r, l)| Op::Splice(s, r, l)),
            1 => Just(Op::Fold),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any sequence of edits, journaled (with folds in between) and replayed,
        /// gives the notes the model holds in memory.
        #[test]
        fn journaled_edits_replay_to_the_notes_in_memory(ops in proptest::collection::vec(op(), 0..40)) {
            let (_dir, store, mut m) = setup();
            let (_, mut binding, journal) = store.fold(&m, 0).unwrap();
            let mut journal = journal.unwrap();
            for op in ops {
                match op {
                    Op::Splice(start, removed, lines) => {
                        let len = m.sections[0].notes.lines().len();
                        let start = start.min(len);
                        let removed = removed.min(len - start);
                        let edit = NoteEdit { section: Some(0), change: NoteChange::Lines { start, removed, lines: lines.into_iter().map(Into::into).collect() } };
                        prop_assert!(m.apply_note_edit(&edit));
                        append(&mut journal, &[Record::Edit(edit)]);
                    }
                    Op::Fold => {
                        let (_, b, j) = store.fold(&m, binding.generation).unwrap();
                        binding = b;
                        journal = j.unwrap();
                    }
                }
            }
            let opened = store.open_session("m").unwrap();
            prop_assert!(opened.journal.notes.is_empty(), "{:?}", opened.journal);
            prop_assert_eq!(&opened.meeting.sections[0].notes, &m.sections[0].notes);
            prop_assert_eq!(opened.meeting, m);
        }
    }
}
