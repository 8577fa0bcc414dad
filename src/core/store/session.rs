//! A session file with its journal: opening one replays the journal on top of the file;
//! folding writes the file anew (with a fresh generation) and starts an empty journal.

use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use super::format::{encode_bound, load_bound};
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
        let text = encode_bound(meeting, generation, previous)
            .map_err(|e| StoreError::io(&target, "encode", io::Error::other(e)))?;
        super::write_atomic(&target, text.as_bytes())?;
        self.index_saved(meeting, &target);
        let binding = Binding {
            generation,
            previous,
            length: text.len() as u64,
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
        let text = match super::encode(meeting) {
            Ok(text) => text,
            Err(e) => {
                errors.push(StoreError::io(
                    Path::new(&name),
                    "encode",
                    io::Error::other(e),
                ));
                return Err(errors);
            }
        };
        for dir in dirs {
            if *dir == self.rescue_dir()
                && let Err(e) = super::atomic::create_private_dir(dir)
            {
                errors.push(e);
                continue;
            }
            let path = dir.join(&name);
            match super::write_atomic(&path, text.as_bytes()) {
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
        found.sort_by(|a, b| b.0.cmp(&a.0));
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
