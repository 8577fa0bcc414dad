//! The session journal: `<id>.journal` next to `<id>.yaml`, an append-only list of what
//! changed since the session file was last written, so saving a keystroke costs the
//! keystroke and not the meeting.
//!
//! Each record is one line: `<length> <crc32> <json>\n`, the length (decimal) and the
//! CRC-32 (8 hex digits) of the JSON text. A last record cut short by a crash or a full
//! disk is detected (no newline, wrong length or wrong checksum), dropped and reported;
//! everything after it is ignored. The JSON carries a `kind` tag: a build that meets a
//! kind it does not know stops there and keeps the journal for a newer build.
//!
//! The first record ([`Record::Head`]) binds the journal to one version of the session
//! file: the generation written in that file's header and its length. A journal that
//! does not match its session file is never applied (see [`Binding::accepts`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::atomic::write_atomic;
use crate::core::meeting::Meeting;
use crate::core::notes::NoteEdit;

/// Extension of journal files.
pub const JOURNAL_EXT: &str = "journal";
/// Version of the journal format written by this build.
pub const JOURNAL_FORMAT: u32 = 1;

/// One journal record. The `kind` tag names the variant in the file; a later format may
/// add kinds (e.g. a stream of collaborative-editing updates) without changing these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// The first record: the journal applies on top of the session file whose header
    /// carries `generation` and which is `length` bytes long.
    Head {
        /// Journal format version.
        format: u32,
        /// The meeting id.
        id: String,
        /// The session file's generation.
        generation: u64,
        /// The session file's length in bytes.
        length: u64,
    },
    /// A change to a section's notes.
    Edit(NoteEdit),
    /// Everything but the notes (see [`Meeting::without_notes`]).
    State {
        /// The meeting with empty notes.
        meeting: Box<Meeting>,
    },
}

/// What a session file's header says about the journal that may follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Binding {
    /// The generation of this version of the file.
    pub generation: u64,
    /// The generation of the version it replaced (whose journal it already holds).
    pub previous: u64,
    /// The file's length in bytes.
    pub length: u64,
}

/// Whether a journal applies to a session file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// It was written on top of this file: replay it.
    Applies,
    /// It was written on top of the version this file replaced, and the file already
    /// holds it (a crash between writing the file and starting a new journal).
    AlreadyFolded,
    /// It belongs to another file: move it aside, never apply it.
    Mismatch,
}

impl Binding {
    /// Whether a journal with head `generation`/`length` fits this file.
    pub fn accepts(&self, generation: u64, length: u64) -> Fit {
        if generation == self.generation && length == self.length && generation != 0 {
            Fit::Applies
        } else if generation == self.previous && generation != 0 {
            Fit::AlreadyFolded
        } else {
            Fit::Mismatch
        }
    }
}

/// A journal read back.
#[derive(Debug, Default)]
pub struct Replay {
    /// The records after the head, in order.
    pub records: Vec<Record>,
    /// The head's generation and session file length (`None`: no valid head).
    pub head: Option<(u64, u64)>,
    /// Why reading stopped before the end of the file, if it did, and at which byte.
    pub stopped: Option<(u64, String)>,
    /// A record of a kind this build does not know was met: the journal is for a newer
    /// kickoff and must be kept.
    pub newer: bool,
}

/// The journal of session file `session` (`<id>.yaml` -> `<id>.journal`).
pub fn journal_path(session: &Path) -> PathBuf {
    session.with_extension(JOURNAL_EXT)
}

/// Encodes `record` as one framed line.
pub fn frame(record: &Record, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
    let json = serde_json::to_string(record)?;
    let _ = write!(out, "{} {:08x} ", json.len(), crc32(json.as_bytes()));
    out.extend_from_slice(json.as_bytes());
    out.push(b'\n');
    Ok(())
}

/// Reads the journal at `path`; `Ok(None)` when there is none. A torn or unreadable
/// record ends the replay (reported in [`Replay::stopped`]); it is never an error.
pub fn read(path: &Path) -> Result<Option<Replay>, StoreError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, "read", e)),
    };
    Ok(Some(parse(&bytes)))
}

/// Parses journal bytes (see the module documentation).
pub fn parse(bytes: &[u8]) -> Replay {
    let mut replay = Replay::default();
    let mut at = 0usize;
    while at < bytes.len() {
        let record = match next_record(&bytes[at..]) {
            Ok((record, used)) => {
                at += used;
                record
            }
            Err(Stop::Unknown) => {
                replay.newer = true;
                replay.stopped = Some((at as u64, "a record from a newer kickoff".into()));
                break;
            }
            Err(Stop::Torn(why)) => {
                replay.stopped = Some((at as u64, why));
                break;
            }
        };
        match (record, replay.head) {
            (
                Record::Head {
                    format,
                    generation,
                    length,
                    ..
                },
                None,
            ) => {
                if format > JOURNAL_FORMAT {
                    replay.newer = true;
                    replay.stopped = Some((0, format!("journal format {format} is newer")));
                    break;
                }
                replay.head = Some((generation, length));
            }
            (_, None) => {
                replay.stopped = Some((0, "the journal does not start with its head".into()));
                break;
            }
            (record, Some(_)) => replay.records.push(record),
        }
    }
    replay
}

enum Stop {
    Torn(String),
    Unknown,
}

/// The record at the start of `bytes` and the bytes it used.
fn next_record(bytes: &[u8]) -> Result<(Record, usize), Stop> {
    let torn = |why: &str| Stop::Torn(why.to_owned());
    let space = bytes
        .iter()
        .take(24)
        .position(|&b| b == b' ')
        .ok_or_else(|| torn("a record cut short"))?;
    let length: usize = std::str::from_utf8(&bytes[..space])
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| torn("a record with a broken length"))?;
    let crc_start = space + 1;
    let json_start = crc_start + 9;
    let end = json_start
        .checked_add(length)
        .filter(|&end| end < bytes.len())
        .ok_or_else(|| torn("a record cut short"))?;
    if bytes[json_start - 1] != b' ' || bytes[end] != b'\n' {
        return Err(torn("a record with a broken frame"));
    }
    let crc = std::str::from_utf8(&bytes[crc_start..json_start - 1])
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
        .ok_or_else(|| torn("a record with a broken checksum"))?;
    let json = &bytes[json_start..end];
    if crc32(json) != crc {
        return Err(torn("a record whose checksum does not match"));
    }
    match serde_json::from_slice::<Record>(json) {
        Ok(record) => Ok((record, end + 1)),
        Err(_) => {
            // A well-framed record this build cannot read: a kind from a newer kickoff.
            Err(Stop::Unknown)
        }
    }
}

/// An open journal, appended to by the saver.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
    /// Bytes in the file that hold whole records.
    length: u64,
    /// Bytes of the records that were there when it was opened (the head, after a fold).
    opened_at: u64,
}

impl Journal {
    /// Starts a new journal for session file `session` (replacing any old one
    /// atomically) with its head record.
    pub fn create(session: &Path, id: &str, binding: Binding) -> Result<Journal, StoreError> {
        let path = journal_path(session);
        let mut head = Vec::new();
        frame(
            &Record::Head {
                format: JOURNAL_FORMAT,
                id: id.to_owned(),
                generation: binding.generation,
                length: binding.length,
            },
            &mut head,
        )
        .map_err(|e| StoreError::io(&path, "encode", io::Error::other(e)))?;
        write_atomic(&path, &head)?;
        Self::open_append(path, head.len() as u64)
    }

    /// Opens the existing journal at `path`, whose first `length` bytes are whole
    /// records, for appending (anything after them is cut off).
    pub fn open_append(path: PathBuf, length: u64) -> Result<Journal, StoreError> {
        let file = OpenOptions::new()
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::io(&path, "open", e))?;
        file.set_len(length)
            .map_err(|e| StoreError::io(&path, "truncate", e))?;
        let mut journal = Journal {
            path,
            file,
            length,
            opened_at: length,
        };
        journal.seek_end()?;
        Ok(journal)
    }

    fn seek_end(&mut self) -> Result<(), StoreError> {
        use std::io::Seek;
        self.file
            .seek(io::SeekFrom::Start(self.length))
            .map(drop)
            .map_err(|e| StoreError::io(&self.path, "seek in", e))
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes of whole records in the file.
    pub fn len(&self) -> u64 {
        self.length
    }

    /// Whether nothing was appended since it was opened (right after a fold: it holds
    /// only its head).
    pub fn is_empty(&self) -> bool {
        self.length == self.opened_at
    }

    /// Appends framed records (see [`frame`]) in one write. On failure the file is cut
    /// back to its whole records, so a later append never follows half a record.
    pub fn append(&mut self, bytes: &[u8]) -> Result<(), StoreError> {
        if bytes.is_empty() {
            return Ok(());
        }
        match self.file.write_all(bytes) {
            Ok(()) => {
                self.length += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                let error = StoreError::io(&self.path, "append to", e);
                // Best effort: if this fails too the next fold replaces the journal.
                if self.file.set_len(self.length).is_ok() {
                    let _ = self.seek_end();
                }
                Err(error)
            }
        }
    }

    /// Makes what was appended durable.
    pub fn sync(&mut self) -> Result<(), StoreError> {
        self.file
            .sync_data()
            .map_err(|e| StoreError::io(&self.path, "sync", e))
    }
}

/// CRC-32 (IEEE 802.3, as in zip and PNG).
pub fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[i] = c;
            i += 1;
        }
        table
    };
    let mut crc = !0u32;
    for &b in bytes {
        crc = TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::notes::NoteChange;

    fn edit(section: usize, start: usize, removed: usize, lines: &[&str]) -> Record {
        Record::Edit(NoteEdit::lines(Some(section), start, removed, lines))
    }

    #[test]
    fn changes_within_a_line_and_to_the_lobby_read_back() {
        let records = [
            head(),
            Record::Edit(NoteEdit {
                section: None,
                change: NoteChange::Lines {
                    start: 0,
                    removed: 1,
                    lines: vec!["before the meeting".into()],
                },
            }),
            Record::Edit(NoteEdit {
                section: Some(3),
                change: NoteChange::Splice {
                    line: 9,
                    at: 4,
                    cut: 2,
                    text: "東".into(),
                },
            }),
            edit(1, 0, 0, &["a"]),
        ];
        let replay = parse(&bytes_of(&records));
        assert_eq!(replay.stopped, None);
        assert_eq!(replay.records, records[1..]);
    }

    fn head() -> Record {
        Record::Head {
            format: JOURNAL_FORMAT,
            id: "m".into(),
            generation: 7,
            length: 100,
        }
    }

    fn bytes_of(records: &[Record]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in records {
            frame(r, &mut out).unwrap();
        }
        out
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn records_round_trip() {
        let records = [
            head(),
            edit(0, 0, 1, &["a \"quoted\" line", "会議 \u{2028} \t"]),
            edit(2, 5, 0, &[]),
        ];
        let replay = parse(&bytes_of(&records));
        assert_eq!(replay.head, Some((7, 100)));
        assert_eq!(replay.records, records[1..]);
        assert!(replay.stopped.is_none() && !replay.newer);
    }

    #[test]
    fn a_torn_last_record_is_dropped_and_reported() {
        let whole = bytes_of(&[head(), edit(0, 0, 1, &["kept"])]);
        let last = bytes_of(&[edit(0, 0, 1, &["torn away"])]);
        for cut in 1..last.len() {
            let mut bytes = whole.clone();
            bytes.extend_from_slice(&last[..cut]);
            let replay = parse(&bytes);
            assert_eq!(replay.records, [edit(0, 0, 1, &["kept"])], "cut at {cut}");
            assert_eq!(replay.stopped.map(|(at, _)| at), Some(whole.len() as u64));
            assert!(!replay.newer);
        }
        // A flipped byte inside a record is caught by the checksum.
        let mut bytes = whole.clone();
        bytes.extend_from_slice(&last);
        let n = bytes.len();
        bytes[n - 4] ^= 1;
        let replay = parse(&bytes);
        assert_eq!(replay.records.len(), 1);
        assert!(replay.stopped.unwrap().1.contains("checksum"));
    }

    #[test]
    fn an_unknown_kind_stops_the_replay_as_newer() {
        let mut bytes = bytes_of(&[head(), edit(0, 0, 1, &["x"])]);
        let json = r#"{"kind":"crdt_update","bytes":[1,2,3]}"#;
        bytes.extend_from_slice(
            format!("{} {:08x} {json}\n", json.len(), crc32(json.as_bytes())).as_bytes(),
        );
        bytes.extend_from_slice(&bytes_of(&[edit(0, 0, 1, &["after"])]));
        let replay = parse(&bytes);
        assert!(replay.newer);
        assert_eq!(replay.records, [edit(0, 0, 1, &["x"])]);
    }

    #[test]
    fn a_journal_without_a_head_applies_nothing() {
        let replay = parse(&bytes_of(&[edit(0, 0, 1, &["x"])]));
        assert_eq!(replay.head, None);
        assert!(replay.records.is_empty());
        assert!(replay.stopped.is_some());
    }

    #[test]
    fn binding_tells_applies_folded_and_mismatch() {
        let b = Binding {
            generation: 5,
            previous: 4,
            length: 10,
        };
        assert_eq!(b.accepts(5, 10), Fit::Applies);
        assert_eq!(b.accepts(5, 11), Fit::Mismatch);
        assert_eq!(b.accepts(4, 3), Fit::AlreadyFolded);
        assert_eq!(b.accepts(9, 10), Fit::Mismatch);
        assert_eq!(Binding::default().accepts(0, 0), Fit::Mismatch);
    }

    #[test]
    fn a_failed_append_leaves_whole_records_only() {
        let dir = tempfile::tempdir().unwrap();
        let session = dir.path().join("m.yaml");
        let binding = Binding {
            generation: 3,
            previous: 0,
            length: 9,
        };
        let mut journal = Journal::create(&session, "m", binding).unwrap();
        journal
            .append(&bytes_of(&[edit(0, 0, 1, &["one"])]))
            .unwrap();
        journal.sync().unwrap();
        // Reopening after a torn tail cuts it off before appending.
        let good = journal.len();
        drop(journal);
        let mut f = OpenOptions::new()
            .append(true)
            .open(journal_path(&session))
            .unwrap();
        f.write_all(b"12 0000").unwrap();
        drop(f);
        let mut journal = Journal::open_append(journal_path(&session), good).unwrap();
        journal
            .append(&bytes_of(&[edit(0, 0, 1, &["two"])]))
            .unwrap();
        let replay = read(&journal_path(&session)).unwrap().unwrap();
        assert_eq!(replay.head, Some((3, 9)));
        assert_eq!(
            replay.records,
            [edit(0, 0, 1, &["one"]), edit(0, 0, 1, &["two"])]
        );
        assert!(replay.stopped.is_none());
    }
}
