//! End-to-end: the session file can no longer be written (the disk filled, the folder
//! refuses writes), the user keeps typing, then the terminal hangs up or kickoff gets
//! SIGTERM. The emergency save writes a private copy to the next place that takes it
//! (the data directory's `rescue/`, the working directory, home, the temporary
//! directory), says where, and `kickoff resume` finds and opens it.
//!
//! Tests run as root, whom file modes do not stop, so each refusal is made by putting a
//! regular file where a folder is expected: creating or renaming anything inside it then
//! fails (ENOTDIR) for everyone, with no mount and nothing outside the test's own
//! temporary directory.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Dirs, Tmux, assert_contains, kickoff_pid, wait_until_gone};
use kickoff::core::store::Store;

/// Typed while the session file can still be written.
const BEFORE: &str = "Saved while the disk had room.";
/// Typed after it cannot: only the emergency copy can keep these words.
const AFTER: &str = " Zanzibar migration at 40 TB — ĳssel ✓";

/// Where the emergency save may go, in the order it tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    DataDir,
    WorkingDir,
    Home,
    Temp,
}

/// A test's data, config, working, home and temporary directories, and a log for what
/// kickoff writes to standard error.
struct World {
    dirs: Dirs,
    root: tempfile::TempDir,
}

impl World {
    fn new() -> Self {
        let root = tempfile::tempdir().expect("a temporary directory");
        for dir in ["work", "home", "tmp", "elsewhere"] {
            fs::create_dir(root.path().join(dir)).expect("a test directory");
        }
        Self {
            dirs: Dirs::new(),
            root,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    fn log(&self) -> PathBuf {
        self.path("stderr.log")
    }

    fn printed(&self) -> String {
        fs::read_to_string(self.log()).unwrap_or_default()
    }

    /// The folder of `place` (the data directory's is `<data>/rescue`).
    fn dir_of(&self, place: Place) -> PathBuf {
        match place {
            Place::DataDir => self.dirs.data.join("rescue"),
            Place::WorkingDir => self.path("work"),
            Place::Home => self.path("home"),
            Place::Temp => self.path("tmp"),
        }
    }

    fn env(&self) -> [String; 2] {
        [
            format!("HOME={}", self.path("home").display()),
            format!("TMPDIR={}", self.path("tmp").display()),
        ]
    }

    /// kickoff `args` in a 120x40 terminal, in `cwd`, with standard error to the log.
    fn start(&self, cwd: &Path, log: bool, args: &[&str]) -> Tmux {
        let env = self.env();
        let env: Vec<&str> = env.iter().map(String::as_str).collect();
        let path = self.log();
        let log = log.then_some(path.as_path());
        Tmux::start_in(&self.dirs, (120, 40), &env, cwd, log, args)
    }
}

/// Replaces the folder `dir` (which may not exist yet) by a regular file: nothing can be
/// created in it any more, by root either.
fn refuse_writes(dir: &Path) {
    if dir.exists() {
        fs::remove_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::write(dir, "not a folder any more").unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
}

/// Waits until the session file (with its journal) holds `notes`; returns the id.
fn wait_saved(dirs: &Dirs, notes: &str) -> String {
    let start = Instant::now();
    loop {
        let store = Store::open(&dirs.data).expect("the data directory");
        let (sessions, _) = store.list();
        if let Some(s) = sessions.first()
            && store
                .load(&s.id)
                .is_ok_and(|m| m.sections[0].notes == notes)
        {
            return s.id.clone();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the notes did not reach the session file"
        );
        sleep(Duration::from_millis(50));
    }
}

/// Every file under `dir`, read as text.
fn all_text_under(dir: &Path) -> String {
    common::tmux::list(dir)
        .iter()
        .filter_map(|p| fs::read_to_string(p).ok())
        .collect()
}

enum Ending {
    /// `kill -TERM`: the terminal is still there to show the report.
    Sigterm,
    /// The terminal goes away (the tmux server is killed): SIGHUP, and only standard
    /// error, here a log, to report to.
    HangUp,
}

/// The session file stops taking writes mid-meeting, `refused` places refuse the copy
/// too, more words are typed, and the meeting ends with `ending`: the copy lands in the
/// next place, private, with every word, the user is told where, and `kickoff resume`
/// opens it.
fn words_typed_after_the_disk_filled_are_rescued(ending: Ending, refused: &[Place]) {
    let world = World::new();
    let dirs = &world.dirs;
    let expected = [Place::DataDir, Place::WorkingDir, Place::Home, Place::Temp]
        .into_iter()
        .find(|p| !refused.contains(p))
        .expect("a place left for the copy");
    let log = matches!(ending, Ending::HangUp);
    let tmux = world.start(&world.path("work"), log, &["run", "--account", "Initech"]);
    tmux.wait_for(&["LOBBY"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["RUNNING"]);
    tmux.text(BEFORE);
    let id = wait_saved(dirs, BEFORE);

    // The disk "fills": the sessions folder refuses every new file.
    let sessions = dirs.data.join("sessions");
    let away = dirs.data.join("sessions.away");
    fs::rename(&sessions, &away).expect("the sessions folder moves");
    refuse_writes(&sessions);
    for place in refused {
        refuse_writes(&world.dir_of(*place));
    }
    // Pausing folds the journal into the session file: that save fails and says so, and
    // from then on every change waits in memory for a save that cannot happen.
    tmux.keys(&["C-Space"]);
    tmux.wait_for(&["NOT SAVED"]);
    tmux.text(AFTER);
    tmux.wait_for(&["Zanzibar migration"]);

    let pid = kickoff_pid(&tmux);
    let printed = match ending {
        Ending::Sigterm => {
            let status = Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .expect("kill runs");
            assert!(status.success());
            assert_eq!(tmux.wait_exit(), 128 + 15, "{}", tmux.history());
            // The report is on the restored terminal, possibly wrapped.
            tmux.history().replace('\n', "")
        }
        Ending::HangUp => {
            drop(tmux);
            wait_until_gone(&pid);
            world.printed().replace('\n', "")
        }
    };

    // The copy is where it should be, private, and holds every word.
    let copy = world
        .dir_of(expected)
        .join(format!("kickoff-{id}.save.yaml"));
    assert_contains(
        &printed,
        &format!("a copy of the meeting was saved to {}", copy.display()),
    );
    let mode = fs::metadata(&copy)
        .unwrap_or_else(|e| panic!("{}: {e}\n{printed}", copy.display()))
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "{}", copy.display());
    // (The data directory's store cannot even open now; any store reads a path.)
    let reader = tempfile::tempdir().expect("a temporary directory");
    let rescued = Store::open(reader.path())
        .expect("a store")
        .load(&copy.to_string_lossy())
        .expect("the copy is a session file");
    assert_eq!(rescued.sections[0].notes, format!("{BEFORE}{AFTER}"));
    // Nothing typed after the failure reached the session file or its journal: only the
    // copy kept it.
    assert!(!all_text_under(&away).contains("Zanzibar"));
    // No other place got a copy.
    for place in [Place::DataDir, Place::WorkingDir, Place::Home, Place::Temp] {
        if place != expected {
            let other = world.dir_of(place).join(format!("kickoff-{id}.save.yaml"));
            assert!(!other.exists(), "{}", other.display());
        }
    }

    // Room again: `kickoff resume`, from the same working directory if it still is one,
    // finds the copy, says so and opens it; quitting writes it to the session file.
    fs::remove_file(&sessions).expect("the blocking file goes");
    fs::rename(&away, &sessions).expect("the sessions folder comes back");
    let cwd = if refused.contains(&Place::WorkingDir) {
        world.path("elsewhere")
    } else {
        world.path("work")
    };
    let _ = fs::remove_file(world.log());
    let resume = world.start(&cwd, true, &["resume"]);
    resume.wait_for(&["Initech", "Zanzibar migration"]);
    assert_contains(
        &world.printed().replace('\n', ""),
        &format!(
            "found an emergency copy of meeting {id} at {}",
            copy.display()
        ),
    );
    resume.keys(&["C-q"]);
    assert_eq!(resume.wait_exit(), 0, "{}", resume.history());
    let store = Store::open(&dirs.data).expect("the data directory");
    let meeting = store.load(&id).expect("the session file");
    assert_eq!(meeting.sections[0].notes, format!("{BEFORE}{AFTER}"));
}

#[test]
fn sigterm_after_the_disk_filled_rescues_to_the_data_directorys_own_folder() {
    words_typed_after_the_disk_filled_are_rescued(Ending::Sigterm, &[]);
}

#[test]
fn a_hang_up_after_the_disk_filled_rescues_to_the_working_directory_and_says_so() {
    words_typed_after_the_disk_filled_are_rescued(Ending::HangUp, &[Place::DataDir]);
}

#[test]
fn sigterm_rescues_to_home_when_the_data_and_working_directories_refuse() {
    words_typed_after_the_disk_filled_are_rescued(
        Ending::Sigterm,
        &[Place::DataDir, Place::WorkingDir],
    );
}

#[test]
fn a_hang_up_rescues_to_the_temporary_directory_when_all_else_refuses() {
    words_typed_after_the_disk_filled_are_rescued(
        Ending::HangUp,
        &[Place::DataDir, Place::WorkingDir, Place::Home],
    );
}

/// The status rows above the footer, joined without white space: what a wrapped message
/// says in full, whether it broke at a space or inside a word.
fn status_text(screen: &str) -> String {
    let rows: Vec<&str> = screen.lines().collect();
    let footer = rows
        .iter()
        .rposition(|r| !r.trim().is_empty())
        .expect("a footer");
    // The rows between the last box's bottom border and the footer.
    let top = rows[..footer]
        .iter()
        .rposition(|r| r.contains('└'))
        .map_or(0, |i| i + 1);
    rows[top..footer].concat().split_whitespace().collect()
}

#[test]
fn a_session_file_changed_by_another_program_is_moved_aside_and_the_status_line_names_where() {
    let world = World::new();
    let dirs = &world.dirs;
    let tmux = Tmux::start_in(
        dirs,
        (100, 30),
        &[],
        &world.path("work"),
        None,
        &["run", "--account", "Initech"],
    );
    tmux.wait_for(&["LOBBY"]);
    tmux.keys(&["C-n"]);
    tmux.wait_for(&["RUNNING"]);
    tmux.text(BEFORE);
    let id = wait_saved(dirs, BEFORE);
    // Another program rewrites the file, as `sed -i` does: a new file in its place.
    let path = dirs.data.join("sessions").join(format!("{id}.yaml"));
    let edited = fs::read_to_string(&path)
        .expect("the session file")
        .replace("Initech", "Initrode");
    fs::write(path.with_extension("sed"), &edited).expect("the edited copy");
    fs::rename(path.with_extension("sed"), &path).expect("the edited copy replaces it");
    tmux.text(AFTER);
    tmux.wait_for(&["Zanzibar migration"]);
    // The next fold (here a pause) finds the file is not the one it wrote.
    tmux.keys(&["C-Space"]);
    tmux.wait_for(&["changed by another program"]);
    let moved = common::tmux::list(&dirs.data.join("sessions").join("corrupt"));
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(fs::read_to_string(&moved[0]).ok(), Some(edited));
    // The whole path shows, wrapped if need be, not cut at the edge of the screen. The
    // screen is read again until the frame that grew the status line is fully drawn: a
    // capture can land while the terminal is still being written.
    let expected = format!("moved it to {} and saved this meeting", moved[0].display());
    let expected: String = expected.split_whitespace().collect();
    let screen = tmux.wait_until("the whole message on the status line", |screen| {
        status_text(screen).contains(&expected)
    });
    assert_contains(&status_text(&screen), &expected);
    let meeting = Store::open(&dirs.data)
        .expect("the data directory")
        .load(&id)
        .expect("the session file");
    assert_eq!(meeting.account, "Initech");
    assert_eq!(meeting.sections[0].notes, format!("{BEFORE}{AFTER}"));
    tmux.keys(&["C-q"]);
    assert_eq!(tmux.wait_exit(), 0, "{}", tmux.history());
}
