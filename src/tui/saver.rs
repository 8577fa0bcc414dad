//! Saving off the typing path. The app hands over each change (a notes edit, the rest
//! of the meeting without its notes, or a whole meeting); a background thread keeps the
//! meeting as the disk should have it, appends the changes to the session journal and
//! syncs it at most once a second (so at most about a second of typing is at risk on a
//! power loss), and folds the journal into the session file when asked (section change,
//! pause, quit), when the journal passes [`JOURNAL_BOUND`], and after [`IDLE`] without
//! changes. Nothing is written when nothing changed. A meeting resumed exactly as its
//! session file holds it ([`Saver::bind`]) gets a journal on top of that file at its
//! first change, instead of a fold. The saver's copy shares the notes' chunks with the
//! app's meeting (see `core::notes::Notes`): it costs pointers, not the text, except
//! for the chunks the edits since the last fold reached, which it makes anew; a fold
//! asked by the app hands over the app's meeting, which it takes whole.
//!
//! Before folding it checks that the session file is still the one it last wrote: a
//! file changed by another program is moved aside (as `kickoff resume` does with a broken
//! one) and the status line says so. A [`SaverHandle`] lets the signal thread and the
//! panic hook write what is pending synchronously; when the session file cannot be
//! written, that emergency save puts a private copy in the first rescue folder that
//! takes it (see `Store::rescue_dirs`).

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::core::meeting::{Meeting, NoteEdit};
use crate::core::store::journal::{self, Binding, Journal, Record};
use crate::core::store::{FileStamp, OnDisk, Store, StoreError};

/// How long the thread waits before trying a failed save again.
const RETRY: Duration = Duration::from_secs(1);
/// How long changes gather before they are written and synced together.
pub const BATCH: Duration = Duration::from_secs(1);
/// How long without changes before the journal is folded into the session file.
pub const IDLE: Duration = Duration::from_secs(10);
/// Journal size past which it is folded into the session file.
pub const JOURNAL_BOUND: u64 = 1 << 20;

/// What the saver last managed to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveStatus {
    /// Where the last successful save went.
    pub path: Option<PathBuf>,
    /// Why the last save failed, until one succeeds.
    pub error: Option<String>,
    /// Whether changes are waiting to be written.
    pub pending: bool,
    /// News for the status line, handed out once by [`Saver::status`].
    pub notice: Option<String>,
}

/// A change waiting for the thread.
enum Pending {
    Edit(NoteEdit),
    State(Box<Meeting>),
    Whole(Box<Meeting>),
}

#[derive(Default)]
struct State {
    queue: Vec<Pending>,
    /// A fold was asked for.
    fold: bool,
    /// The journal holds changes the session file does not (an idle fold is due).
    unfolded: bool,
    /// When the last change arrived.
    last_change: Option<Instant>,
    status: SaveStatus,
    shutdown: bool,
}

/// What only the writing side touches (one writer at a time).
#[derive(Default)]
struct Writer {
    /// The meeting as the disk should have it.
    shadow: Option<Meeting>,
    /// The open journal; `None` until the first fold, and after a failed append.
    journal: Option<Journal>,
    /// The generation of the session file we last wrote.
    generation: u64,
    /// The session file as we last wrote or read it.
    stamp: Option<FileStamp>,
    /// The shadow has changes neither the journal nor the session file holds.
    must_fold: bool,
    /// The meeting as its session file holds it, handed over by [`Saver::bind`] until
    /// [`Saver::seed`] compares it with the seeded meeting.
    on_disk: Option<OnDisk>,
    /// The shadow is exactly the session file with this binding, which no journal of
    /// ours extends yet: the first change starts a journal on top of it instead of
    /// writing the whole file again (a resumed meeting's first key).
    adopt: Option<Binding>,
}

struct Shared {
    store: Store,
    rescue_dirs: Vec<PathBuf>,
    state: Mutex<State>,
    wake: Condvar,
    writer: Mutex<Writer>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not stop the emergency save: take the data regardless.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn writer(&self) -> MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes what is pending: the queued changes into the journal (synced), or a fold
    /// when one is due. On failure the changes stay in the shadow and the next call folds.
    fn write_pending(&self) -> SaveStatus {
        let mut writer = self.writer();
        let (queue, mut fold) = {
            let mut state = self.state();
            (
                std::mem::take(&mut state.queue),
                std::mem::take(&mut state.fold),
            )
        };
        let mut bytes = Vec::new();
        for pending in queue {
            let record = match pending {
                Pending::Whole(meeting) => {
                    writer.shadow = Some(*meeting);
                    writer.adopt = None;
                    fold = true;
                    continue;
                }
                Pending::Edit(edit) => {
                    if let Some(shadow) = writer.shadow.as_mut() {
                        shadow.apply_note_edit(&edit);
                    }
                    Record::Edit(edit)
                }
                Pending::State(state) => {
                    if let Some(shadow) = writer.shadow.as_mut() {
                        shadow.take_state((*state).clone());
                    }
                    Record::State { meeting: state }
                }
            };
            if journal::frame(&record, &mut bytes).is_err() {
                writer.must_fold = true;
            }
        }
        let id = writer.shadow.as_ref().map(|m| m.id.clone());
        let Some(id) = id else {
            return self.state().status.clone();
        };
        let mut result: Result<Option<PathBuf>, StoreError> = Ok(None);
        if !bytes.is_empty() && !fold && !writer.must_fold {
            if writer.journal.is_none() {
                self.adopt(&mut writer, &id);
            }
            match writer.journal.as_mut() {
                Some(journal) => {
                    result = journal
                        .append(&bytes)
                        .and_then(|()| journal.sync())
                        .map(|()| Some(self.store.path_of(&id)));
                    if result.is_err() {
                        // The journal misses these records now: only a fold can follow.
                        writer.journal = None;
                        writer.must_fold = true;
                    } else if journal.len() > JOURNAL_BOUND {
                        fold = true;
                    }
                }
                None => fold = true,
            }
        }
        let mut notice = None;
        if fold || writer.must_fold {
            result = self.fold(&mut writer, &mut notice).map(Some);
        }
        let unfolded = writer.journal.as_ref().is_some_and(|j| !j.is_empty());
        let mut state = self.state();
        state.unfolded = unfolded;
        match result {
            Ok(Some(path)) => {
                state.status.path = Some(path);
                state.status.error = None;
            }
            Ok(None) => {}
            Err(e) => state.status.error = Some(e.to_string()),
        }
        if notice.is_some() {
            state.status.notice = notice;
        }
        state.status.pending = !state.queue.is_empty() || writer.must_fold;
        state.status.clone()
    }

    /// Starts a journal on top of the session file when the shadow is that file as it is
    /// (see [`Writer::adopt`]) and no other program changed it since.
    fn adopt(&self, writer: &mut Writer, id: &str) {
        let Some(binding) = writer.adopt.take() else {
            return;
        };
        let path = self.store.path_of(id);
        let stamp = FileStamp::of(&path);
        if stamp.is_none() || stamp != writer.stamp {
            return;
        }
        if let Ok(journal) = Journal::create(&path, id, binding) {
            writer.generation = binding.generation;
            writer.journal = Some(journal);
        }
    }

    /// Writes the shadow as the session file and starts a new journal, first moving
    /// aside a session file another program changed since we last wrote it.
    fn fold(
        &self,
        writer: &mut Writer,
        notice: &mut Option<String>,
    ) -> Result<PathBuf, StoreError> {
        let Some(meeting) = writer.shadow.as_ref() else {
            return Err(StoreError::InvalidId { id: String::new() });
        };
        let path = self.store.path_of(&meeting.id);
        if let Some(now) = FileStamp::of(&path)
            && Some(now) != writer.stamp
        {
            *notice = Some(match self.store.quarantine(&path) {
                Ok(to) => format!(
                    "The session file was changed by another program: moved it to {} and saved this meeting.",
                    to.display()
                ),
                Err(e) => format!(
                    "The session file was changed by another program and could not be moved aside ({e}); saving over it."
                ),
            });
        }
        writer.must_fold = true;
        writer.adopt = None;
        let (path, binding, journal) = self.store.fold(meeting, writer.generation)?;
        writer.generation = binding.generation;
        writer.stamp = FileStamp::of(&path);
        writer.journal = journal;
        writer.must_fold = false;
        Ok(path)
    }

    /// Writes what is pending; when the session file cannot take it, writes a copy to
    /// the first rescue folder that does and says where.
    fn emergency(&self) -> SaveStatus {
        let mut status = self.write_pending();
        if status.error.is_none() {
            return status;
        }
        let writer = self.writer();
        let Some(meeting) = writer.shadow.as_ref() else {
            return status;
        };
        match self.store.rescue(meeting, &self.rescue_dirs) {
            Ok(path) => {
                status.error = Some(format!(
                    "{}; a copy of the meeting was saved to {} instead",
                    status.error.unwrap_or_default(),
                    path.display()
                ));
                status.path = Some(path);
            }
            Err(errors) => {
                let tried: Vec<String> = errors.iter().map(ToString::to_string).collect();
                status.error = Some(format!(
                    "{}; no rescue copy could be written either ({})",
                    status.error.unwrap_or_default(),
                    tried.join("; ")
                ));
            }
        }
        status
    }
}

/// A cheap handle for writing what is pending from another thread.
#[derive(Clone)]
pub struct SaverHandle {
    shared: Arc<Shared>,
}

impl SaverHandle {
    /// Writes what is pending now, on the calling thread, and reports the outcome; when
    /// the session file cannot be written, a rescue copy is written instead (the status
    /// names it as the path).
    pub fn flush(&self) -> SaveStatus {
        self.shared.emergency()
    }

    /// Where the session file is (or will be) for a meeting id.
    pub fn path_of(&self, id: &str) -> PathBuf {
        self.shared.store.path_of(id)
    }
}

/// The background saver, owned by the app.
pub struct Saver {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// Starts the saving thread for `store`, with the store's rescue folders.
    pub fn start(store: Store) -> std::io::Result<Self> {
        let dirs = store.rescue_dirs();
        Self::start_with_rescue(store, dirs)
    }

    /// Starts the saving thread for `store`; the emergency save tries `rescue_dirs`.
    pub fn start_with_rescue(store: Store, rescue_dirs: Vec<PathBuf>) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            store,
            rescue_dirs,
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            writer: Mutex::new(Writer::default()),
        });
        let worker = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("kickoff-saver".into())
            .spawn(move || run(&worker))?;
        Ok(Self {
            shared,
            thread: Some(thread),
        })
    }

    /// A handle for the signal thread and the panic hook.
    pub fn handle(&self) -> SaverHandle {
        SaverHandle {
            shared: Arc::clone(&self.shared),
        }
    }

    /// Says what the session file holds, before [`Saver::seed`]: when the seeded
    /// meeting is that, the first change is journaled on top of the file rather than
    /// written with the whole meeting (resuming a long meeting costs no rewrite).
    pub fn bind(&self, on_disk: OnDisk) {
        self.shared.writer().on_disk = Some(on_disk);
    }

    /// Hands over the meeting as it is on disk already (its session file as it is now
    /// is taken to be ours), for later changes.
    pub fn seed(&self, meeting: Meeting) {
        let mut writer = self.shared.writer();
        writer.stamp = FileStamp::of(&self.shared.store.path_of(&meeting.id));
        // Lines are shared, so this compares pointers for the notes.
        writer.adopt = writer
            .on_disk
            .take()
            .filter(|d| *d.meeting == meeting)
            .map(|d| d.binding);
        writer.shadow = Some(meeting);
    }

    /// Queues a whole meeting, written as the session file.
    pub fn submit(&self, meeting: Meeting) {
        self.queue(Pending::Whole(Box::new(meeting)));
    }

    /// Queues one change to the notes (journaled).
    pub fn submit_edit(&self, edit: NoteEdit) {
        self.queue(Pending::Edit(edit));
    }

    /// Queues everything but the notes (journaled).
    pub fn submit_state(&self, state: Meeting) {
        self.queue(Pending::State(Box::new(state)));
    }

    /// Asks for a fold, handing over `meeting`, the app's meeting as it is now: it
    /// replaces the saver's copy (which then shares its notes' chunks again) after the
    /// changes queued before it, and is folded at once.
    pub fn fold_with(&self, meeting: Meeting) {
        let mut state = self.shared.state();
        state.queue.push(Pending::Whole(Box::new(meeting)));
        state.fold = true;
        state.status.pending = true;
        self.shared.wake.notify_one();
    }

    fn queue(&self, pending: Pending) {
        let mut state = self.shared.state();
        state.queue.push(pending);
        state.last_change = Some(Instant::now());
        state.status.pending = true;
        // The thread is woken only when it sleeps on an empty queue; while it batches,
        // the change waits for the batch.
        if state.queue.len() == 1 {
            self.shared.wake.notify_one();
        }
    }

    /// Writes what is pending now, on the calling thread (before the process stops).
    pub fn write_now(&self) -> SaveStatus {
        self.shared.write_pending()
    }

    /// What the saver last managed to do; a notice is handed out once.
    pub fn status(&self) -> SaveStatus {
        let mut state = self.shared.state();
        let status = state.status.clone();
        state.status.notice = None;
        status
    }

    /// Folds whatever is pending on this thread, stops the worker and reports. The
    /// journal, empty after the fold, is removed: a closed meeting is one file.
    pub fn finish(mut self) -> SaveStatus {
        self.shared.state().fold = true;
        let status = self.shared.write_pending();
        self.stop();
        let mut writer = self.shared.writer();
        if status.error.is_none()
            && let Some(journal) = writer.journal.take_if(|j| j.is_empty())
        {
            let _ = std::fs::remove_file(journal.path());
        }
        status
    }

    fn stop(&mut self) {
        self.shared.state().shutdown = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.shared.state().fold = true;
            self.shared.write_pending();
            self.stop();
        }
    }
}

fn run(shared: &Shared) {
    loop {
        {
            let mut state = shared.state();
            loop {
                if state.shutdown {
                    return;
                }
                if !state.queue.is_empty() || state.fold {
                    break;
                }
                if state.unfolded {
                    let idle = state.last_change.map_or(IDLE, |t| t.elapsed());
                    if idle >= IDLE {
                        state.fold = true;
                        break;
                    }
                    state = shared
                        .wake
                        .wait_timeout(state, IDLE - idle)
                        .map_or_else(|e| e.into_inner().0, |(s, _)| s);
                } else {
                    state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
        let status = shared.write_pending();
        let pause = if status.error.is_some() {
            // Keep the changes and try again shortly, folding.
            shared.state().fold = true;
            RETRY
        } else {
            BATCH
        };
        // Let changes gather for a batch, unless a fold or the end is asked for.
        let state = shared.state();
        let _ = shared
            .wake
            .wait_timeout_while(state, pause, |s| {
                !(s.shutdown || s.fold && status.error.is_none())
            })
            .map_err(|e| e.into_inner());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::agenda::builtin;
    use crate::core::clock::{Clock, FakeClock};

    fn meeting(notes: &str) -> Meeting {
        let clock = FakeClock::at("2026-11-23T14:00:00+01:00");
        let agenda = builtin()
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!());
        let mut m = Meeting::new("saver-test".into(), "Acme".into(), agenda, clock.now());
        m.start(clock.now());
        m.set_current_notes(notes);
        m
    }

    #[test]
    fn the_newest_snapshot_reaches_the_disk() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let saver = Saver::start(store.clone()).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..50 {
            saver.submit(meeting(&format!("note {i}")));
        }
        let status = saver.finish();
        assert_eq!(status.error, None);
        let saved = store.load("saver-test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved.sections[0].notes, "note 49");
    }

    fn edit(start: usize, removed: usize, lines: &[&str]) -> NoteEdit {
        NoteEdit::lines(Some(0), start, removed, lines)
    }

    fn setup() -> (tempfile::TempDir, Store, Saver) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(&dir.path().join("data")).unwrap_or_else(|e| panic!("{e}"));
        let rescue = vec![dir.path().join("rescue-a"), dir.path().join("rescue-b")];
        for d in &rescue {
            std::fs::create_dir(d).unwrap_or_else(|e| panic!("{e}"));
        }
        let saver =
            Saver::start_with_rescue(store.clone(), rescue).unwrap_or_else(|e| panic!("{e}"));
        (dir, store, saver)
    }

    #[test]
    fn typing_is_journaled_and_folded_with_the_rest_of_the_meeting() {
        let (_dir, store, saver) = setup();
        let mut seeded = meeting("seeded");
        seeded.goals.push("halve build times".into());
        saver.submit(seeded.clone());
        let first = saver.handle().flush();
        assert_eq!(first.error, None);
        let file = std::fs::read(store.path_of("saver-test")).unwrap_or_else(|e| panic!("{e}"));

        saver.submit_edit(edit(0, 1, &["typed later", "second line"]));
        seeded.goals.push("fewer flaky tests".into());
        saver.submit_state(seeded.without_notes());
        assert_eq!(saver.handle().flush().error, None);
        // The session file is untouched; the journal holds the change and replays.
        let after = std::fs::read(store.path_of("saver-test")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after, file);
        let opened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.journal.applied, 2);
        assert_eq!(opened.meeting.sections[0].notes, "typed later\nsecond line");
        assert_eq!(
            opened.meeting.goals,
            ["halve build times", "fewer flaky tests"]
        );

        // Folding writes it into the session file and empties the journal.
        let status = saver.finish();
        assert_eq!(status.error, None);
        let opened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.journal.applied, 0);
        assert_eq!(opened.meeting.sections[0].notes, "typed later\nsecond line");
        assert_eq!(
            opened.meeting.goals,
            ["halve build times", "fewer flaky tests"]
        );
    }

    #[test]
    fn a_fold_with_the_meeting_folds_at_once_and_shares_its_notes() {
        let (_dir, store, saver) = setup();
        let mut model = meeting("seeded");
        saver.submit(model.clone());
        assert_eq!(saver.handle().flush().error, None);
        let change = edit(0, 1, &["typed", "then more"]);
        assert!(model.apply_note_edit(&change));
        saver.submit_edit(change);
        assert_eq!(saver.handle().flush().error, None);
        // The saver's copy made its own chunks for the edit.
        let shares = |saver: &Saver, model: &Meeting| {
            let writer = saver.shared.writer();
            writer.shadow.as_ref().is_some_and(|shadow| {
                shadow.sections[0]
                    .notes
                    .shares_storage_with(&model.sections[0].notes)
            })
        };
        assert!(!shares(&saver, &model));
        saver.fold_with(model.clone());
        assert_eq!(saver.handle().flush().error, None);
        assert!(shares(&saver, &model));
        let opened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            opened.journal.applied, 0,
            "folded: nothing left in the journal"
        );
        assert_eq!(opened.meeting.sections[0].notes, "typed\nthen more");
    }

    /// A meeting saved and closed, as `kickoff resume` finds it: its file bound, no
    /// journal.
    fn closed(store: &Store, notes: &str) -> Vec<u8> {
        let (path, _, journal) = store
            .fold(&meeting(notes), 0)
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(journal) = journal {
            std::fs::remove_file(journal.path()).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::read(path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Opens the session as `kickoff resume` does and binds `saver` to its file;
    /// returns the meeting opened.
    fn bound(store: &Store, saver: &Saver) -> Meeting {
        let opened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        saver.bind(opened.on_disk().unwrap_or_else(|| panic!("a bound file")));
        opened.meeting
    }

    #[test]
    fn a_resumed_meeting_journals_its_first_change_without_rewriting_the_file() {
        let (_dir, store, saver) = setup();
        let file = closed(&store, "one\ntwo");
        saver.seed(bound(&store, &saver));
        saver.submit_edit(edit(1, 1, &["two, typed after the resume"]));
        assert_eq!(saver.handle().flush().error, None);
        let path = store.path_of("saver-test");
        assert_eq!(std::fs::read(&path).unwrap_or_default(), file);
        let reopened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reopened.journal.applied, 1);
        assert_eq!(
            reopened.meeting.sections[0].notes,
            "one\ntwo, typed after the resume"
        );
        assert_eq!(saver.finish().error, None);
        let folded = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(folded.journal.applied, 0);
        assert_eq!(folded.meeting, reopened.meeting);
    }

    #[test]
    fn a_seeded_meeting_other_than_the_file_is_written_whole_at_the_first_change() {
        let (_dir, store, saver) = setup();
        let file = closed(&store, "on disk");
        bound(&store, &saver);
        // E.g. an emergency copy opened instead of the session file.
        saver.seed(meeting("from the emergency copy"));
        saver.submit_edit(edit(0, 0, &["typed"]));
        assert_eq!(saver.handle().flush().error, None);
        let path = store.path_of("saver-test");
        assert_ne!(std::fs::read(&path).unwrap_or_default(), file);
        let reopened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            reopened.meeting.sections[0].notes,
            "typed\nfrom the emergency copy"
        );
        drop(saver);
    }

    #[test]
    fn a_session_file_changed_since_the_resume_is_not_extended_by_a_journal() {
        let (_dir, store, saver) = setup();
        closed(&store, "on disk");
        saver.seed(bound(&store, &saver));
        let path = store.path_of("saver-test");
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str("# changed by hand\n");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        saver.submit_edit(edit(0, 1, &["ours"]));
        assert_eq!(saver.handle().flush().error, None);
        let notice = saver.status().notice.unwrap_or_default();
        assert!(notice.contains("changed by another program"), "{notice}");
        let reopened = store
            .open_session("saver-test")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reopened.journal.applied, 0);
        assert_eq!(reopened.meeting.sections[0].notes, "ours");
        drop(saver);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// Whatever is typed after a resume, the saver's copy, the journal's replay and
        /// the file folded at the end all equal the meeting the app holds.
        #[test]
        fn after_a_resume_the_journal_and_the_fold_equal_the_model(
            edits in proptest::collection::vec(
                (0usize..6, 0usize..3, proptest::collection::vec("[a-z é]{0,6}", 0..3), proptest::bool::ANY),
                1..12,
            ),
        ) {
            use crate::core::meeting::NoteChange;
            let (_dir, store, saver) = setup();
            closed(&store, "one\ntwo\nthree\nfour");
            let mut model = bound(&store, &saver);
            saver.seed(model.clone());
            for (start, removed, lines, within) in edits {
                let notes = &model.sections[0].notes;
                let len = notes.line_count();
                let start = start.min(len - 1);
                let change = if within {
                    let old = &notes[start];
                    let new = format!("{old}{}", lines.concat());
                    NoteChange::within_line(start, old, &new)
                } else {
                    NoteChange::Lines {
                        start,
                        removed: removed.min(len - start),
                        lines: lines.iter().map(|l| l.as_str().into()).collect(),
                    }
                };
                let edit = NoteEdit { section: Some(0), change };
                proptest::prop_assert!(model.apply_note_edit(&edit));
                saver.submit_edit(edit);
            }
            proptest::prop_assert_eq!(saver.handle().flush().error, None);
            let replayed = store.open_session("saver-test").unwrap_or_else(|e| panic!("{e}"));
            proptest::prop_assert_eq!(&replayed.meeting, &model);
            {
                let writer = saver.shared.writer();
                let shadow = writer.shadow.as_ref().unwrap_or_else(|| panic!("seeded"));
                proptest::prop_assert_eq!(shadow, &model);
            }
            proptest::prop_assert_eq!(saver.finish().error, None);
            let folded = store.open_session("saver-test").unwrap_or_else(|e| panic!("{e}"));
            proptest::prop_assert_eq!(folded.journal.applied, 0);
            proptest::prop_assert_eq!(&folded.meeting, &model);
        }
    }

    #[test]
    fn nothing_is_written_when_nothing_changed() {
        let (_dir, store, saver) = setup();
        saver.submit(meeting("once"));
        assert_eq!(saver.handle().flush().error, None);
        let path = store.path_of("saver-test");
        let journal = crate::core::store::journal::journal_path(&path);
        let stamps = || (FileStamp::of(&path), FileStamp::of(&journal));
        let before = stamps();
        saver.handle().flush();
        saver.handle().flush();
        assert_eq!(stamps(), before);
    }

    #[test]
    fn a_session_file_changed_by_another_program_is_moved_aside_and_reported() {
        let (_dir, store, saver) = setup();
        let mut ours = meeting("ours");
        saver.submit(ours.clone());
        assert_eq!(saver.handle().flush().error, None);
        let path = store.path_of("saver-test");
        std::fs::write(&path, "someone else's text\n").unwrap_or_else(|e| panic!("{e}"));
        let later = edit(0, 1, &["ours, later"]);
        assert!(ours.apply_note_edit(&later));
        saver.submit_edit(later);
        saver.fold_with(ours);
        let status = saver.handle().flush();
        assert_eq!(status.error, None);
        let notice = saver.status().notice.unwrap_or_default();
        assert!(notice.contains("changed by another program"), "{notice}");
        assert_eq!(saver.status().notice, None, "a notice is given once");
        let moved: Vec<_> = std::fs::read_dir(store.corrupt_dir())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(Result::ok)
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        assert_eq!(moved, ["someone else's text\n"]);
        let saved = store.load("saver-test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved.sections[0].notes, "ours, later");
    }

    #[test]
    fn the_emergency_save_falls_back_in_order_to_a_private_copy() {
        let (dir, store, saver) = setup();
        saver.seed(meeting("rescued words"));
        // The sessions directory becomes unusable, and so does the first rescue folder.
        let sessions = store.sessions_dir();
        std::fs::remove_dir_all(&sessions).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&sessions, "not a directory").unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_dir(dir.path().join("rescue-a")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("rescue-a"), "not a directory")
            .unwrap_or_else(|e| panic!("{e}"));
        saver.submit_edit(edit(0, 1, &["typed after the disk filled"]));
        let status = saver.handle().flush();
        let expected = dir
            .path()
            .join("rescue-b")
            .join("kickoff-saver-test.save.yaml");
        assert_eq!(status.path.as_deref(), Some(expected.as_path()));
        let error = status.error.unwrap_or_default();
        assert!(error.contains("saved to"), "{error}");
        assert!(status.pending, "the session file still needs the changes");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&expected)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or_default();
            assert_eq!(mode, 0o600);
        }
        let copy = store
            .load(expected.to_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(copy.sections[0].notes, "typed after the disk filled");
        // The disk comes back: the session file gets everything.
        std::fs::remove_file(&sessions).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(&sessions).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saver.handle().flush().error, None);
        let saved = store.load("saver-test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved.sections[0].notes, "typed after the disk filled");
        drop(saver);
    }

    #[test]
    fn a_failed_save_is_reported_and_kept_for_a_retry() {
        let (_dir, store, saver) = setup();
        // Make the sessions directory unusable: replace it with a file.
        let sessions = store.sessions_dir();
        std::fs::remove_dir_all(&sessions).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&sessions, "not a directory").unwrap_or_else(|e| panic!("{e}"));
        let handle = saver.handle();
        saver.submit(meeting("kept in memory"));
        let status = handle.flush();
        assert!(status.error.is_some(), "{status:?}");
        assert!(status.pending, "the snapshot is kept for a retry");
        // The disk comes back: the retry writes the same snapshot.
        std::fs::remove_file(&sessions).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(&sessions).unwrap_or_else(|e| panic!("{e}"));
        let status = handle.flush();
        assert_eq!(status.error, None);
        let saved = store.load("saver-test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved.sections[0].notes, "kept in memory");
        drop(saver);
    }
}
