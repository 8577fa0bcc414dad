//! The session store under faults: a second kickoff on the same meeting, broken session
//! files, read-only and full storage, and a permissive umask.
//!
//! Some cases need another process (a lock held elsewhere, a file size limit, a umask):
//! they run this test binary again with `KICKOFF_STORE_FAULTS_HELPER` set, and the
//! `helper_*` tests do the work only then (they pass trivially in a normal run).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset};
use kickoff::core::agenda;
use kickoff::core::meeting::Meeting;
use kickoff::core::store::{CORRUPT_DIR, MAX_SESSION_BYTES, SESSIONS_DIR, Store, StoreError};

/// Set (to a directory) in a helper child process.
const HELPER_DIR: &str = "KICKOFF_STORE_FAULTS_HELPER";

const BIN: &str = env!("CARGO_BIN_EXE_kickoff");

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("a valid time")
}

fn meeting(id: &str) -> Meeting {
    let agenda = agenda::builtin()
        .into_iter()
        .next()
        .expect("a built-in agenda");
    Meeting::new(
        id.into(),
        "Acme Corp".into(),
        agenda,
        at("2026-11-23T14:00:00+01:00"),
    )
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    (dir, store)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

/// The names in `dir`, without the summary index (a cache the store keeps there).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("a directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != kickoff::core::store::INDEX_FILE)
        .collect();
    names.sort();
    names
}

/// Runs the helper test `name` of this binary in a child process, through `sh -c
/// '<shell> exec …'` so the shell can set limits first.
fn helper(name: &str, shell: &str, dir: &Path) -> Command {
    let exe = std::env::current_exe().expect("the test binary");
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{shell} exec \"$0\" \"$@\""))
        .arg(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(HELPER_DIR, dir);
    command
}

/// A child process killed when dropped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn helper_dir() -> Option<PathBuf> {
    std::env::var_os(HELPER_DIR).map(PathBuf::from)
}

// ---------------------------------------------------------------------------------------
// Session locks

#[test]
fn a_second_lock_on_the_same_meeting_is_refused_with_a_clear_message() {
    let (_dir, store) = store();
    let first = store.lock("m1").expect("the first lock");
    assert_eq!(first.id(), "m1");
    assert_eq!(first.path(), store.lock_path("m1"));
    let err = store.lock("m1").expect_err("a second lock conflicts");
    match &err {
        StoreError::Locked { id, pid, path } => {
            assert_eq!(id, "m1");
            assert_eq!(*pid, Some(std::process::id()));
            assert_eq!(*path, store.lock_path("m1"));
        }
        other => panic!("expected Locked, got {other}"),
    }
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "meeting m1 is already open in another kickoff (pid {}); close it there first",
            std::process::id()
        )),
        "{shown}"
    );
    // Another meeting is not affected.
    let _other = store.lock("m2").expect("another meeting locks");
    // Nor is the session listing: lock files are not sessions.
    let (sessions, errors) = store.list();
    assert!(sessions.is_empty() && errors.is_empty(), "{errors:?}");
}

#[test]
fn dropping_the_lock_releases_it_and_removes_the_file() {
    let (_dir, store) = store();
    let lock = store.lock("m1").expect("a lock");
    let path = lock.path().to_path_buf();
    assert!(path.is_file());
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    drop(lock);
    assert!(!path.exists(), "the lock file is removed");
    let again = store.lock("m1").expect("the meeting can be locked again");
    drop(again);
}

#[test]
fn a_new_id_skips_a_meeting_another_kickoff_has_open_but_not_saved_yet() {
    let (_dir, store) = store();
    let now = at("2026-11-23T14:02:10+01:00");
    let first = store.new_id("Initech", "introductory", now);
    // The first kickoff holds its lock; its session file is not written yet.
    let _lock = store.lock(&first).expect("the first kickoff's lock");
    assert!(!store.path_of(&first).exists());
    let second = store.new_id("Initech", "introductory", now);
    assert_eq!(second, format!("{first}-2"));
    store
        .lock(&second)
        .expect("the second kickoff gets its own meeting");
}

#[test]
fn a_stale_lock_file_from_a_dead_kickoff_does_not_block() {
    let (_dir, store) = store();
    // What a killed kickoff leaves behind: the file, but no lock on it.
    fs::write(store.lock_path("m1"), "4194303\n").expect("a stale lock file");
    let lock = store.lock("m1").expect("a stale file does not block");
    assert_eq!(
        fs::read_to_string(lock.path()).expect("the lock file"),
        format!("{}\n", std::process::id()),
        "the file names the new owner"
    );
}

#[test]
fn lock_rejects_ids_that_are_not_file_names() {
    let (_dir, store) = store();
    for id in ["", "../x", ".hidden", "a/b"] {
        assert!(
            matches!(store.lock(id), Err(StoreError::InvalidId { .. })),
            "{id:?}"
        );
    }
}

/// Helper: takes the lock of `m1` in the store at `$KICKOFF_STORE_FAULTS_HELPER`, says
/// so, and holds it until its standard input closes (or it is killed).
#[test]
fn helper_hold_lock() {
    let Some(dir) = helper_dir() else { return };
    let store = Store::open(&dir).expect("a store");
    let _lock = store.lock("m1").expect("the helper's lock");
    println!("LOCKED {}", std::process::id());
    let mut rest = String::new();
    let _ = std::io::stdin().read_line(&mut rest);
}

#[test]
fn a_lock_held_by_another_process_is_refused_until_that_process_dies() {
    let (dir, store) = store();
    let child = helper("helper_hold_lock", "", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the helper starts");
    // Killed whatever happens, so a failed assertion never leaves it waiting.
    let mut child = KillOnDrop(child);
    let stdout = child.0.stdout.take().expect("the helper's output");
    let mut lines = BufReader::new(stdout).lines();
    // The test harness prints `test helper_hold_lock ... ` before the helper's own words.
    let child_pid = loop {
        let line = lines
            .next()
            .expect("the helper reports its lock")
            .expect("a line");
        if let Some((_, pid)) = line.split_once("LOCKED ") {
            break pid.trim().parse::<u32>().expect("a pid");
        }
    };
    let child = &mut child.0;
    assert_eq!(child_pid, child.id(), "exec keeps the pid");

    let err = store.lock("m1").expect_err("held by the helper");
    assert!(
        matches!(&err, StoreError::Locked { pid: Some(pid), .. } if *pid == child_pid),
        "{err}"
    );
    assert!(
        err.to_string().contains(&format!("(pid {child_pid})")),
        "{err}"
    );

    // SIGKILL: no chance to clean up, the lock file stays, but the kernel drops the lock.
    child.kill().expect("kill the helper");
    child.wait().expect("the helper ends");
    assert!(
        store.lock_path("m1").exists(),
        "the killed owner left its file"
    );
    let lock = store.lock("m1").expect("a dead owner does not block");
    assert_eq!(
        fs::read_to_string(lock.path()).expect("the lock file"),
        format!("{}\n", std::process::id())
    );
}

// ---------------------------------------------------------------------------------------
// Broken session files are moved aside, never overwritten or deleted

#[test]
fn broken_session_files_are_moved_aside_intact_and_stop_being_reported() {
    let (_dir, store) = store();
    let good = meeting("good");
    let good_path = store.save(&good).expect("save");
    let text = fs::read_to_string(&good_path).expect("the good file");

    let truncated = &text[..text.len() / 2];
    fs::write(store.path_of("truncated"), truncated).expect("write");
    fs::write(store.path_of("garbage"), "id: [unclosed\n").expect("write");
    let deep = format!("version: 1\nid: {}\n", "[".repeat(100_000));
    fs::write(store.path_of("deep"), &deep).expect("write");
    let huge = fs::File::create(store.path_of("huge")).expect("create");
    huge.set_len(MAX_SESSION_BYTES + 1).expect("grow");
    drop(huge);
    // A file from a newer kickoff is not broken: it stays for that kickoff to open.
    let newer = text.replace("version: 1\n", "version: 99\n");
    assert_ne!(newer, text, "the file has a version line");
    fs::write(store.path_of("newer"), &newer).expect("write");

    let (sessions, errors) = store.list();
    assert_eq!(sessions.len(), 1);
    assert_eq!(errors.len(), 5, "{errors:?}");

    let (listed, moved) = store.quarantine_broken();
    assert_eq!(listed.len(), 1);
    assert_eq!(moved.len(), 4, "{moved:?}");
    let corrupt = store.corrupt_dir();
    assert_eq!(corrupt, store.sessions_dir().join(CORRUPT_DIR));
    #[cfg(unix)]
    assert_eq!(mode(&corrupt), 0o700);
    for (error, result) in &moved {
        let from = error.broken_file().expect("a broken file");
        let to = result.as_ref().expect("moved");
        assert!(
            !from.exists(),
            "{} is gone from the sessions",
            from.display()
        );
        assert_eq!(to.parent(), Some(corrupt.as_path()));
        let name = to
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let stem = from
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let stamp = name
            .strip_prefix(&format!("{stem}."))
            .unwrap_or_else(|| panic!("{name} starts with {stem}."));
        assert_eq!(stamp.len(), "20261123T140000Z".len(), "{name}");
        assert!(stamp.ends_with('Z'), "{name}");
    }
    let contents = |id: &str| {
        let to = moved
            .iter()
            .find(|(e, _)| e.broken_file() == Some(store.path_of(id).as_path()))
            .and_then(|(_, r)| r.as_ref().ok())
            .unwrap_or_else(|| panic!("{id} was moved"));
        fs::read(to).expect("the moved file")
    };
    assert_eq!(contents("truncated"), truncated.as_bytes());
    assert_eq!(contents("garbage"), b"id: [unclosed\n");
    assert_eq!(contents("deep"), deep.as_bytes());
    assert_eq!(contents("huge").len() as u64, MAX_SESSION_BYTES + 1);

    // The next listing only reports the newer file; the good session is untouched.
    let (sessions, errors) = store.list();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id, "good");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(matches!(errors[0], StoreError::TooNew { .. }));
    assert_eq!(
        fs::read_to_string(store.path_of("newer")).expect("newer"),
        newer
    );
    assert_eq!(fs::read_to_string(&good_path).expect("good"), text);
}

#[test]
fn moving_aside_never_overwrites_an_earlier_copy() {
    let (_dir, store) = store();
    let mut targets = Vec::new();
    for round in 0..3 {
        let contents = format!("id: [broken {round}\n");
        fs::write(store.path_of("again"), &contents).expect("write");
        let err = store.load("again").expect_err("broken");
        let from = err.broken_file().expect("a broken file").to_path_buf();
        let to = store.quarantine(&from).expect("moved");
        assert_eq!(fs::read_to_string(&to).expect("moved file"), contents);
        targets.push(to);
    }
    targets.sort();
    targets.dedup();
    assert_eq!(targets.len(), 3, "three distinct copies: {targets:?}");
    for to in &targets {
        assert!(to.is_file(), "{}", to.display());
    }
    assert_eq!(names_in(&store.corrupt_dir()).len(), 3);
}

#[test]
fn the_id_of_a_moved_file_is_free_again_and_reusing_it_leaves_the_copy_alone() {
    let (_dir, store) = store();
    let now = at("2026-11-23T14:02:00+01:00");
    let id = store.new_id("Acme Corp", "introductory", now);
    fs::write(store.path_of(&id), "id: [broken\n").expect("write");
    // The broken file's id is taken while it is there.
    assert_ne!(store.new_id("Acme Corp", "introductory", now), id);
    let to = store.quarantine(&store.path_of(&id)).expect("moved");
    assert_eq!(store.new_id("Acme Corp", "introductory", now), id);
    store.save(&meeting(&id)).expect("save");
    assert_eq!(fs::read_to_string(&to).expect("the copy"), "id: [broken\n");
}

#[test]
fn files_outside_the_sessions_directory_are_not_moved() {
    let (dir, store) = store();
    let outside = dir.path().join("elsewhere.yaml");
    fs::write(&outside, "id: [broken\n").expect("write");
    let err = store
        .load(outside.to_str().expect("utf-8"))
        .expect_err("broken");
    let from = err.broken_file().expect("a broken file");
    let refused = store.quarantine(from).expect_err("not in the store");
    assert!(refused.to_string().contains("only files in"), "{refused}");
    assert!(outside.is_file());
    // Nor is a directory or a missing file.
    fs::create_dir(store.sessions_dir().join("dir.yaml")).expect("a directory");
    assert!(
        store
            .quarantine(&store.sessions_dir().join("dir.yaml"))
            .is_err()
    );
    assert!(store.quarantine(&store.path_of("missing")).is_err());
    assert!(!store.corrupt_dir().exists());
}

#[test]
fn resume_moves_a_broken_file_aside_and_names_both_paths() {
    let data = tempfile::tempdir().expect("a temporary directory");
    let sessions = data.path().join(SESSIONS_DIR);
    fs::create_dir_all(&sessions).expect("sessions");
    let broken = sessions.join("broken.yaml");
    fs::write(&broken, "id: [unclosed\n").expect("write");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("KICKOFF_DATA_DIR", data.path())
            .env("KICKOFF_CONFIG_DIR", data.path().join("config"))
            .stdin(Stdio::null())
            .output()
            .expect("kickoff runs")
    };
    // Listing changes nothing, but says where resuming will move the file.
    let out = run(&["sessions"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} is not a usable session file; `kickoff resume` moves broken files to {}",
            broken.display(),
            sessions.join(CORRUPT_DIR).display()
        )),
        "{stderr}"
    );
    assert!(broken.is_file());

    let out = run(&["resume", "broken"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!broken.exists(), "{stderr}");
    let moved = names_in(&sessions.join(CORRUPT_DIR));
    assert_eq!(moved.len(), 1);
    let to = sessions.join(CORRUPT_DIR).join(&moved[0]);
    assert!(
        stderr.contains(&format!("{}:1:", broken.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "moved the broken session file {} to {}",
            broken.display(),
            to.display()
        )),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&to).expect("moved"), "id: [unclosed\n");

    // `kickoff resume` without an id moves every broken file aside before picking.
    fs::write(sessions.join("second.yaml"), "").expect("write");
    let out = run(&["resume"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("moved the broken session file"), "{stderr}");
    assert!(
        stderr.contains("no unfinished meeting to resume"),
        "{stderr}"
    );
    assert_eq!(names_in(&sessions.join(CORRUPT_DIR)).len(), 2);

    // And the listing is clean from then on.
    let out = run(&["sessions"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------
// Read-only and full storage

/// Whether this process can create files in a directory whose mode forbids it (true for
/// root, for whom permissions do not stop writes).
#[cfg(unix)]
fn permissions_are_bypassed(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let created = fs::File::create(&probe).is_ok();
    let _ = fs::remove_file(&probe);
    created
}

#[cfg(unix)]
#[test]
fn saving_into_a_read_only_directory_fails_naming_the_file_and_keeps_the_old_one() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, store) = store();
    let mut m = meeting("ro");
    m.sections[0].notes = "first version".into();
    let path = store.save(&m).expect("the first save");
    let before = fs::read(&path).expect("the file");

    let sessions = store.sessions_dir();
    fs::set_permissions(&sessions, fs::Permissions::from_mode(0o500)).expect("chmod");
    m.sections[0].notes = "second version".into();
    if permissions_are_bypassed(&sessions) {
        fs::set_permissions(&sessions, fs::Permissions::from_mode(0o700)).expect("chmod");
        eprintln!(
            "running as root, where a 0500 directory does not stop writes: simulating an unwritable \
             sessions directory with one that is a regular file instead"
        );
        let (_dir2, other) = self::store();
        fs::remove_dir(other.sessions_dir()).expect("an empty directory");
        fs::write(other.sessions_dir(), "not a directory").expect("a regular file");
        let err = other.save(&m).expect_err("cannot write there");
        let shown = err.to_string();
        assert!(
            matches!(&err, StoreError::Io { path, action, .. }
                if *path == other.path_of("ro") && action.starts_with("create")),
            "{shown}"
        );
        assert!(
            shown.starts_with(&format!(
                "cannot create a temporary file next to {}:",
                other.path_of("ro").display()
            )),
            "{shown}"
        );
        // Opening a store there says which directory it could not create.
        let err = Store::open(other.root()).expect_err("sessions is a file");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot create {}", other.sessions_dir().display())),
            "{err}"
        );
        // The file in the real store is as it was.
        assert_eq!(fs::read(&path).expect("the file"), before);
        return;
    }
    let err = store.save(&m);
    fs::set_permissions(&sessions, fs::Permissions::from_mode(0o700)).expect("chmod back");
    let err = err.expect_err("a read-only directory refuses the save");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "cannot create a temporary file next to {}:",
            path.display()
        )),
        "{shown}"
    );
    assert_eq!(
        fs::read(&path).expect("the file"),
        before,
        "the old file is intact"
    );
    assert_eq!(names_in(&sessions), ["ro.yaml"]);
}

/// Helper: saves a new version of meeting `full` in the store at
/// `$KICKOFF_STORE_FAULTS_HELPER` under a file size limit of zero (set by the parent),
/// which fails every write as a full disk would, and prints the error.
#[test]
fn helper_save_with_no_room() {
    let Some(dir) = helper_dir() else { return };
    let store = Store::open(&dir).expect("a store");
    let mut m = store.load("full").expect("the previous version");
    m.sections[0].notes = "a second version that does not fit".into();
    match store.save(&m) {
        Ok(path) => println!("SAVED {}", path.display()),
        Err(e) => println!("ERROR {e}"),
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_fails_the_save_naming_the_file_and_keeps_the_old_one() {
    let (dir, store) = store();
    let mut m = meeting("full");
    m.sections[0].notes = "first version".into();
    let path = store.save(&m).expect("the first save");
    let before = fs::read(&path).expect("the file");
    // A file size limit of 0 makes every write fail with EFBIG (SIGXFSZ ignored), as
    // a full disk fails it with ENOSPC; this works for root too.
    let out = helper(
        "helper_save_with_no_room",
        "trap '' XFSZ; ulimit -f 0;",
        dir.path(),
    )
    .output()
    .expect("the helper runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let line = stdout
        .lines()
        .find_map(|l| {
            l.find("ERROR ")
                .or_else(|| l.find("SAVED "))
                .map(|i| &l[i..])
        })
        .unwrap_or_else(|| panic!("the helper reports: {stdout}"));
    assert!(
        line.starts_with(&format!("ERROR cannot write {}:", path.display())),
        "{line}"
    );
    assert_eq!(
        fs::read(&path).expect("the file"),
        before,
        "the old file is intact"
    );
    assert_eq!(
        names_in(&store.sessions_dir()),
        ["full.yaml"],
        "no temporary file left"
    );
}

#[cfg(unix)]
#[test]
fn export_to_a_full_disk_fails_and_keeps_the_old_export() {
    let (dir, store) = store();
    store.save(&meeting("full")).expect("save");
    let out_dir = tempfile::tempdir().expect("a temporary directory");
    let out_file = out_dir.path().join("notes.md");
    fs::write(&out_file, "previous export\n").expect("write");
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"")
        .arg(BIN)
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "full", "-o"])
        .arg(&out_file)
        .output()
        .expect("kickoff runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}:", out_file.display())),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(&out_file).expect("the old export"),
        "previous export\n"
    );
    assert_eq!(names_in(out_dir.path()), ["notes.md"]);
}

// ---------------------------------------------------------------------------------------
// Private files under umask 000

/// Helper: under the umask 000 set by the parent, saves a session, writes its export,
/// takes a lock and moves a broken file aside in the store at
/// `$KICKOFF_STORE_FAULTS_HELPER`.
#[test]
fn helper_write_everything() {
    let Some(dir) = helper_dir() else { return };
    let store = Store::open(&dir.join("data")).expect("a store");
    store.save(&meeting("private")).expect("save");
    store
        .write_export("private", "# notes\n")
        .expect("an export");
    fs::write(store.path_of("broken"), "id: [\n").expect("write");
    store
        .quarantine(&store.path_of("broken"))
        .expect("moved aside");
    let lock = store.lock("private").expect("a lock");
    println!("LOCK MODE {:o}", {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(lock.path())
            .expect("lock")
            .permissions()
            .mode()
            & 0o777
    });
}

#[cfg(unix)]
#[test]
fn files_and_directories_are_private_even_under_umask_000() {
    let root = tempfile::tempdir().expect("a temporary directory");
    // The library, in a child process with umask 000.
    let out = helper("helper_write_everything", "umask 000;", root.path())
        .output()
        .expect("the helper runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("LOCK MODE 600"), "{stdout}");
    let data = root.path().join("data");
    let sessions = data.join(SESSIONS_DIR);
    for dir in [
        data.clone(),
        sessions.clone(),
        data.join("exports"),
        sessions.join(CORRUPT_DIR),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    assert_eq!(mode(&sessions.join("private.yaml")), 0o600);
    assert_eq!(mode(&data.join("exports").join("private.md")), 0o600);

    // The binary, with umask 000: `kickoff sessions` creates the data directory, and
    // `kickoff export -o` writes a private file.
    let umask_000 = |args: &[&std::ffi::OsStr]| {
        Command::new("sh")
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(BIN)
            .args(args)
            .output()
            .expect("kickoff runs")
    };
    let fresh = root.path().join("fresh").join("data");
    let out = umask_000(&[
        "--data-dir".as_ref(),
        fresh.as_os_str(),
        "sessions".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&fresh), 0o700);
    assert_eq!(mode(&fresh.join(SESSIONS_DIR)), 0o700);

    let md = root.path().join("notes.md");
    let out = umask_000(&[
        "--data-dir".as_ref(),
        data.as_os_str(),
        "export".as_ref(),
        "private".as_ref(),
        "-o".as_ref(),
        md.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&md), 0o600);
}

#[test]
fn helpers_do_nothing_in_a_normal_run() {
    // A guard for the helper pattern: the variable is only set in child processes.
    assert!(helper_dir().is_none());
    // Returns at once; in a helper process it would wait on standard input.
    helper_hold_lock();
}
