//! Broken session files are moved aside to `<sessions>/corrupt`, never overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::atomic::{create_private_dir, sync_dir};
use super::{CORRUPT_DIR, SessionSummary, Store, StoreError};

/// Broken session files moved aside: why each is broken, and where it went or why it
/// could not be moved.
pub type QuarantineReport = Vec<(StoreError, Result<PathBuf, StoreError>)>;

impl Store {
    /// The folder where broken session files are moved aside: `<sessions>/corrupt`.
    pub fn corrupt_dir(&self) -> PathBuf {
        self.sessions_dir().join(CORRUPT_DIR)
    }

    /// Moves the broken session file `path` (one that [`Store::load`] refused, see
    /// [`StoreError::broken_file`]) to `<sessions>/corrupt/<name>.<UTC timestamp>` (the
    /// folder is 0700 on Unix) and returns where it went. Nothing is deleted or
    /// overwritten: the file keeps its contents, a name already taken in the folder gets
    /// `-2`, `-3`, ... appended, and its id is free again for a new meeting.
    ///
    /// Only files directly in this store's sessions directory are moved; a session file
    /// elsewhere (given by path) is the user's business and is refused.
    pub fn quarantine(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let action = "move aside";
        let sessions = self.sessions_dir();
        let in_store = match (path.parent(), fs::canonicalize(&sessions)) {
            (Some(parent), Ok(sessions)) => {
                let parent = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
                fs::canonicalize(parent).is_ok_and(|p| p == sessions)
            }
            _ => false,
        };
        let Some(name) = path.file_name().filter(|_| in_store) else {
            return Err(StoreError::io(
                path,
                action,
                io::Error::other(format!(
                    "only files in {} are moved aside",
                    sessions.display()
                )),
            ));
        };
        if !fs::symlink_metadata(path)
            .map_err(|e| StoreError::io(path, action, e))?
            .is_file()
        {
            return Err(StoreError::io(
                path,
                action,
                io::Error::other("it is not a regular file"),
            ));
        }
        let dir = self.corrupt_dir();
        create_private_dir(&dir)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let base = format!("{}.{stamp}", name.to_string_lossy());
        let mut target = dir.join(&base);
        let mut n: u64 = 2;
        while fs::symlink_metadata(&target).is_ok() {
            target = dir.join(format!("{base}-{n}"));
            n += 1;
        }
        fs::rename(path, &target).map_err(|e| StoreError::io(path, action, e))?;
        sync_dir(&dir);
        sync_dir(&sessions);
        Ok(target)
    }

    /// Lists the sessions like [`Store::list`], moving every broken session file aside
    /// on the way (see [`Store::quarantine`]); returns the sessions and, for each broken
    /// file, why it is broken and where it went (or why it could not be moved). Files
    /// that merely cannot be read, or come from a newer kickoff, stay.
    pub fn quarantine_broken(&self) -> (Vec<SessionSummary>, QuarantineReport) {
        let (sessions, errors) = self.list();
        let moved = errors
            .into_iter()
            .filter_map(|error| {
                let moved = self.quarantine(error.broken_file()?);
                Some((error, moved))
            })
            .collect();
        (sessions, moved)
    }
}
