//! The summary index: `<sessions>/.index.json` keeps what `kickoff sessions` and the
//! start screen show of each session file, with the file's length and modification
//! time, so listing 200 meetings reads one small file instead of parsing 200. An entry
//! whose file changed (or a missing or unreadable index) is rebuilt from the file; the
//! index is only ever a cache.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{SessionSummary, Store};
use crate::core::meeting::Meeting;

/// Name of the index file in the sessions directory.
pub const INDEX_FILE: &str = ".index.json";
const INDEX_VERSION: u32 = 1;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Index {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Entry {
    len: u64,
    modified_ns: u128,
    id: String,
    account: String,
    agenda_title: String,
    created_at: DateTime<FixedOffset>,
    started_at: Option<DateTime<FixedOffset>>,
    ended_at: Option<DateTime<FixedOffset>>,
}

/// The (length, modification time) an entry is valid for.
pub(super) fn stamp(meta: &fs::Metadata) -> (u64, u128) {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (meta.len(), modified)
}

impl Entry {
    pub(super) fn of(meeting: &Meeting, (len, modified_ns): (u64, u128)) -> Entry {
        Entry {
            len,
            modified_ns,
            id: meeting.id.clone(),
            account: meeting.account.clone(),
            agenda_title: meeting.agenda.title.clone(),
            created_at: meeting.created_at,
            started_at: meeting.started_at,
            ended_at: meeting.ended_at,
        }
    }

    pub(super) fn fits(&self, stamp: (u64, u128)) -> bool {
        (self.len, self.modified_ns) == stamp
    }

    pub(super) fn summary(&self, path: PathBuf) -> SessionSummary {
        SessionSummary {
            id: self.id.clone(),
            account: self.account.clone(),
            agenda_title: self.agenda_title.clone(),
            created_at: self.created_at,
            started_at: self.started_at,
            ended_at: self.ended_at,
            finished: self.ended_at.is_some(),
            path,
        }
    }
}

impl Index {
    pub(super) fn get(&self, name: &str) -> Option<&Entry> {
        self.entries.get(name)
    }

    pub(super) fn set(&mut self, name: String, entry: Entry) -> bool {
        self.entries.insert(name, entry.clone()).as_ref() != Some(&entry)
    }

    /// Forgets the files not in `names`; returns whether any were forgotten.
    pub(super) fn keep_only(&mut self, names: &[String]) -> bool {
        let before = self.entries.len();
        self.entries.retain(|name, _| names.contains(name));
        before != self.entries.len()
    }
}

impl Store {
    fn index_path(&self) -> PathBuf {
        self.sessions_dir().join(INDEX_FILE)
    }

    /// The index as stored; empty when missing, unreadable or of another version.
    pub(super) fn read_index(&self) -> Index {
        fs::read(self.index_path())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Index>(&bytes).ok())
            .filter(|index| index.version == INDEX_VERSION)
            .unwrap_or_default()
    }

    /// Stores the index; a failure only costs a slower next listing.
    pub(super) fn write_index(&self, index: &mut Index) {
        index.version = INDEX_VERSION;
        if let Ok(bytes) = serde_json::to_vec(index) {
            let _ = super::write_atomic(&self.index_path(), &bytes);
        }
    }

    /// Records the file just written for `meeting` in the index.
    pub(super) fn index_saved(&self, meeting: &Meeting, path: &Path) {
        let (Some(name), Ok(meta)) = (path.file_name(), fs::metadata(path)) else {
            return;
        };
        let mut index = self.read_index();
        if index.set(
            name.to_string_lossy().into_owned(),
            Entry::of(meeting, stamp(&meta)),
        ) {
            self.write_index(&mut index);
        }
    }
}
