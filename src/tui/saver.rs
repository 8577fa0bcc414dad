//! Saving off the typing path: the app hands each changed meeting to a background thread,
//! which writes the newest one (older snapshots waiting behind it are skipped) and retries
//! after a failure. A [`SaverHandle`] lets the signal thread and the panic hook write the
//! newest snapshot synchronously before the process goes away.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::core::meeting::Meeting;
use crate::core::store::Store;

/// How long the thread waits before trying a failed save again.
const RETRY: Duration = Duration::from_secs(1);

/// What the saver last managed to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveStatus {
    /// Where the last successful save went.
    pub path: Option<PathBuf>,
    /// Why the last save failed, until one succeeds.
    pub error: Option<String>,
    /// Whether a snapshot is waiting to be written.
    pub pending: bool,
}

#[derive(Default)]
struct State {
    /// The newest state of the meeting the app handed over.
    latest: Option<Meeting>,
    /// Whether `latest` has changes the disk does not have yet.
    unsaved: bool,
    status: SaveStatus,
    shutdown: bool,
}

struct Shared {
    store: Store,
    state: Mutex<State>,
    wake: Condvar,
    // Held for a whole take-and-write, so snapshots reach the disk in the order taken.
    write: Mutex<()>,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not stop the emergency save: take the data regardless.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the newest state if the disk does not have it yet. On failure it stays
    /// marked unsaved, so the next call (or the thread's retry) writes it again.
    fn write_pending(&self) -> SaveStatus {
        let _order = self.write.lock().unwrap_or_else(|e| e.into_inner());
        let snapshot = {
            let mut state = self.state();
            if !state.unsaved {
                return state.status.clone();
            }
            state.unsaved = false;
            state.latest.clone()
        };
        let Some(meeting) = snapshot else {
            return self.state().status.clone();
        };
        let result = self.store.save(&meeting);
        let mut state = self.state();
        match result {
            Ok(path) => {
                state.status.path = Some(path);
                state.status.error = None;
            }
            Err(e) => {
                state.status.error = Some(e.to_string());
                state.unsaved = true;
            }
        }
        state.status.pending = state.unsaved;
        state.status.clone()
    }
}

/// A cheap handle for writing the newest snapshot from another thread.
#[derive(Clone)]
pub struct SaverHandle {
    shared: Arc<Shared>,
}

impl SaverHandle {
    /// Writes the newest snapshot now, on the calling thread, and reports the outcome.
    pub fn flush(&self) -> SaveStatus {
        self.shared.write_pending()
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
    /// Starts the saving thread for `store`.
    pub fn start(store: Store) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            store,
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            write: Mutex::new(()),
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

    /// Hands over the meeting as it is on disk already, for later note updates.
    pub fn seed(&self, meeting: Meeting) {
        self.shared.state().latest = Some(meeting);
    }

    /// Queues `meeting` for writing; a snapshot still waiting is replaced.
    pub fn submit(&self, meeting: Meeting) {
        let mut state = self.shared.state();
        state.latest = Some(meeting);
        self.mark_unsaved(&mut state);
    }

    /// Queues new notes for one section: the cheap update for typing, which leaves the
    /// rest of the meeting as last handed over. Needs a meeting from `seed` or `submit`.
    pub fn submit_notes(&self, section: usize, notes: String) {
        let mut state = self.shared.state();
        let Some(record) = state
            .latest
            .as_mut()
            .and_then(|m| m.sections.get_mut(section))
        else {
            return;
        };
        record.notes = notes;
        self.mark_unsaved(&mut state);
    }

    fn mark_unsaved(&self, state: &mut State) {
        state.unsaved = true;
        state.status.pending = true;
        self.shared.wake.notify_one();
    }

    /// What the saver last managed to do.
    pub fn status(&self) -> SaveStatus {
        self.shared.state().status.clone()
    }

    /// Writes whatever is pending on this thread, stops the worker and reports.
    pub fn finish(mut self) -> SaveStatus {
        let status = self.shared.write_pending();
        self.stop();
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
        self.shared.write_pending();
        self.stop();
    }
}

fn run(shared: &Shared) {
    loop {
        {
            let mut state = shared.state();
            while !state.unsaved && !state.shutdown {
                state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if state.shutdown {
                return;
            }
        }
        let status = shared.write_pending();
        if status.error.is_some() {
            // Keep the snapshot and try again shortly, unless told to stop.
            let state = shared.state();
            let _ = shared
                .wake
                .wait_timeout_while(state, RETRY, |s| !s.shutdown)
                .map_err(|e| e.into_inner());
        }
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
        m.set_current_notes(notes.into());
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

    #[test]
    fn typing_sends_only_the_notes_and_the_rest_comes_from_the_seed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let saver = Saver::start(store.clone()).unwrap_or_else(|e| panic!("{e}"));
        let mut seeded = meeting("seeded");
        seeded.goals.push("halve build times".into());
        saver.seed(seeded);
        assert_eq!(
            saver.handle().flush().path,
            None,
            "a seed alone writes nothing"
        );
        saver.submit_notes(0, "typed later".into());
        let status = saver.finish();
        assert_eq!(status.error, None);
        let saved = store.load("saver-test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(saved.sections[0].notes, "typed later");
        assert_eq!(saved.goals, ["halve build times"]);
    }

    #[test]
    fn a_failed_save_is_reported_and_kept_for_a_retry() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        // Make the sessions directory unusable: replace it with a file.
        let sessions = store.sessions_dir();
        std::fs::remove_dir_all(&sessions).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&sessions, "not a directory").unwrap_or_else(|e| panic!("{e}"));
        let saver = Saver::start(store.clone()).unwrap_or_else(|e| panic!("{e}"));
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
