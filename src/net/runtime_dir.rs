//! The per-user runtime directory where a running meeting's socket lives.
//!
//! `$KICKOFF_RUNTIME_DIR` if set, else the platform's runtime directory (`$XDG_RUNTIME_DIR`)
//! joined with `kickoff`, else `<temp>/kickoff-<uid>`. It is created 0700; one that is
//! group- or world-accessible, owned by someone else, or a symbolic link is refused, since
//! whoever can reach the socket can sit in the meeting.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The environment variable that overrides the runtime directory.
pub const ENV: &str = "KICKOFF_RUNTIME_DIR";

/// The longest socket path a Unix socket address holds (`sun_path` less its final NUL).
const MAX_SOCKET_PATH: usize = 107;

/// Our own uid.
pub fn our_uid() -> u32 {
    rustix::process::getuid().as_raw()
}

/// Where the runtime directory is, without creating it.
pub fn default_path() -> PathBuf {
    if let Some(dir) = std::env::var_os(ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) =
        directories::BaseDirs::new().and_then(|b| b.runtime_dir().map(Path::to_path_buf))
    {
        return dir.join("kickoff");
    }
    std::env::temp_dir().join(format!("kickoff-{}", our_uid()))
}

/// The runtime directory, created 0700 if missing and checked to be private.
pub fn resolve() -> Result<PathBuf> {
    let dir = default_path();
    ensure_private(&dir)?;
    Ok(dir)
}

/// Creates `dir` (mode 0700) if it does not exist, then refuses it unless it is a directory
/// of ours that nobody else can enter.
pub fn ensure_private(dir: &Path) -> Result<()> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", dir.display())),
    }
    let meta = fs::symlink_metadata(dir)
        .with_context(|| format!("cannot read the runtime directory {}", dir.display()))?;
    check_private(dir, &meta, our_uid())
}

/// Refuses a runtime directory that is a symbolic link, not a directory, owned by another
/// uid than `uid`, or open to its group or to others.
pub fn check_private(dir: &Path, meta: &fs::Metadata, uid: u32) -> Result<()> {
    let shown = dir.display();
    if meta.file_type().is_symlink() {
        bail!(
            "the runtime directory {shown} is a symbolic link: remove it (kickoff creates \
             its own) or set {ENV} to a private directory"
        );
    }
    if !meta.is_dir() {
        bail!("the runtime directory {shown} is not a directory: remove it or set {ENV}");
    }
    if meta.uid() != uid {
        bail!(
            "the runtime directory {shown} belongs to uid {}, not to you (uid {uid}): anyone \
             who owns it could join your meetings; remove it or set {ENV} to a directory of yours",
            meta.uid()
        );
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "the runtime directory {shown} has mode {mode:03o}, so other users can reach the \
             meeting's socket: run `chmod 700 {shown}` or set {ENV} to a private directory"
        );
    }
    Ok(())
}

/// Refuses a session id that cannot name a socket file.
pub fn check_session_id(session_id: &str) -> Result<()> {
    let ok = !session_id.is_empty()
        && !session_id.starts_with('.')
        && session_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        bail!(
            "the session id {session_id:?} cannot name a socket: use letters, digits, '-', '_' \
             and '.' only"
        );
    }
    Ok(())
}

/// The socket of session `session_id` in `dir`.
pub fn socket_path(dir: &Path, session_id: &str) -> Result<PathBuf> {
    check_session_id(session_id)?;
    let path = dir.join(format!("{session_id}.sock"));
    let len = path.as_os_str().len();
    if len > MAX_SOCKET_PATH {
        bail!(
            "the socket path {} is {len} bytes long, more than a Unix socket allows \
             ({MAX_SOCKET_PATH}): set {ENV} to a shorter directory",
            path.display()
        );
    }
    Ok(path)
}

/// The session ids whose socket files are in `dir` (live or not), sorted.
pub fn socket_sessions(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".sock")?.to_string();
            check_session_id(&id).ok().map(|_| id)
        })
        .collect();
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err_of(r: Result<()>) -> String {
        r.err().map(|e| format!("{e:#}")).unwrap_or_default()
    }

    #[test]
    fn a_new_directory_is_created_private() -> Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("a").join("kickoff");
        ensure_private(&dir)?;
        assert_eq!(fs::metadata(&dir)?.permissions().mode() & 0o777, 0o700);
        // A second call accepts the directory it made.
        ensure_private(&dir)?;
        Ok(())
    }

    #[test]
    fn an_open_directory_is_refused_with_the_fix() -> Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("open");
        fs::create_dir(&dir)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777))?;
        let err = err_of(ensure_private(&dir));
        assert!(err.contains("has mode 777"), "{err}");
        assert!(
            err.contains(&format!("chmod 700 {}", dir.display())),
            "{err}"
        );
        // Group access alone is refused as well.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o750))?;
        assert!(err_of(ensure_private(&dir)).contains("has mode 750"));
        Ok(())
    }

    #[test]
    fn a_directory_of_another_uid_is_refused() -> Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("d");
        ensure_private(&dir)?;
        let meta = fs::symlink_metadata(&dir)?;
        let foreign = our_uid().wrapping_add(1);
        let err = err_of(check_private(&dir, &meta, foreign));
        assert!(err.contains("not to you"), "{err}");
        Ok(())
    }

    #[test]
    fn a_symbolic_link_is_refused() -> Result<()> {
        let tmp = tempfile::tempdir()?;
        let target = tmp.path().join("target");
        ensure_private(&target)?;
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&target, &link)?;
        let err = err_of(ensure_private(&link));
        assert!(err.contains("is a symbolic link"), "{err}");
        Ok(())
    }

    #[test]
    fn session_ids_that_are_not_file_names_are_refused() {
        assert!(check_session_id("2026-11-30-acme_kickoff.2").is_ok());
        for bad in ["", ".hidden", "a/b", "..", "a b", "é"] {
            assert!(check_session_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_overlong_socket_path_is_refused_with_the_fix() {
        let dir = PathBuf::from(format!("/{}", "d".repeat(100)));
        let err = socket_path(&dir, "session").err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("set KICKOFF_RUNTIME_DIR")));
        assert!(socket_path(Path::new("/run/user/1000/kickoff"), "s").is_ok());
    }

    #[test]
    fn socket_files_name_the_sessions() -> Result<()> {
        let tmp = tempfile::tempdir()?;
        for f in ["b.sock", "a.sock", "notes.txt", ".x.sock"] {
            fs::write(tmp.path().join(f), "")?;
        }
        assert_eq!(socket_sessions(tmp.path()), vec!["a", "b"]);
        Ok(())
    }
}
