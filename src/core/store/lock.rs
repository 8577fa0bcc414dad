//! One kickoff per meeting: an advisory lock on `<sessions>/<id>.lock`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::{LOCK_EXT, Store, StoreError, is_valid_id};

impl Store {
    /// The lock file of session `id`: `<sessions>/<id>.lock`.
    pub fn lock_path(&self, id: &str) -> PathBuf {
        self.sessions_dir().join(format!("{id}.{LOCK_EXT}"))
    }

    /// Takes the lock of meeting `id`, so that no other kickoff opens it while this one
    /// has it open; the lock is released when the returned guard is dropped.
    ///
    /// The lock is an advisory lock on `<sessions>/<id>.lock` (mode 0600), which holds the
    /// owner's process id for the message. The operating system releases it when the
    /// owner exits however it exits, so a lock file left behind by a crashed or killed
    /// kickoff does not block. A second lock on the same meeting, from this process or
    /// another, fails with [`StoreError::Locked`].
    pub fn lock(&self, id: &str) -> Result<SessionLock, StoreError> {
        if !is_valid_id(id) {
            return Err(StoreError::InvalidId { id: id.to_owned() });
        }
        let path = self.lock_path(id);
        // A guard that is dropped removes the file it locked; if another kickoff opened
        // that file just before, it may lock a file no longer in the directory. Locking
        // again on the file now at the path settles it.
        for _ in 0..8 {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options
                .open(&path)
                .map_err(|e| StoreError::io(&path, "create", e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        id: id.to_owned(),
                        pid: read_pid(&mut file),
                        path,
                    });
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(StoreError::io(&path, "lock", e));
                }
            }
            if !same_file(&file, &path) {
                continue;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(fs::Permissions::from_mode(0o600))
                    .map_err(|e| StoreError::io(&path, "set permissions on", e))?;
            }
            file.set_len(0)
                .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()))
                .map_err(|e| StoreError::io(&path, "write", e))?;
            return Ok(SessionLock {
                id: id.to_owned(),
                path,
                file,
            });
        }
        Err(StoreError::io(
            &path,
            "lock",
            io::Error::other("the lock file keeps being replaced; try again"),
        ))
    }
}

/// The lock of one open meeting (see [`Store::lock`]); dropping it releases the lock and
/// removes the lock file.
#[derive(Debug)]
pub struct SessionLock {
    id: String,
    path: PathBuf,
    file: File,
}

impl SessionLock {
    /// The locked meeting's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, then let closing the file
        // release it. Best effort: a lock file left behind does not block anyone.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The process id written in a lock file, if it can be read.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.take(32).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Whether `file` is the file now at `path` (a lock file may have been removed and
/// recreated since it was opened).
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}
