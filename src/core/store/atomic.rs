//! Private files written atomically: a crash or a full disk never leaves half a file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::StoreError;

/// Makes temporary file names unique within the process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Creates `dir` and its parents, and makes it private (0700 on Unix) even if it existed.
pub(super) fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| StoreError::io(dir, "create", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| StoreError::io(dir, "set permissions on", e))?;
    }
    Ok(())
}

/// Replaces `target` with `bytes` atomically: a private temporary file in the same
/// directory is written, synced and renamed over it, then the directory is synced. On
/// failure the previous file is untouched and no temporary file is left behind.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(target, |file| file.write_all(bytes))
}

/// Like [`write_atomic`], with the content written by `write` (buffered), so a large
/// file never needs to be one string in memory first.
pub(super) fn write_atomic_with(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), StoreError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = write_new_file(&temp, write)
        .and_then(|()| fs::rename(&temp, target).map_err(|e| (e, "rename")));
    if let Err((source, action)) = result {
        // Best effort: the temporary file may not even exist.
        let _ = fs::remove_file(&temp);
        // Name the file the user knows, not the temporary one (which is gone).
        let action = match action {
            "create" => "create a temporary file next to",
            other => other,
        };
        return Err(StoreError::io(target, action, source));
    }
    sync_dir(&dir);
    Ok(())
}

/// Creates `path` (which must not exist) with mode 0600, writes it with `write` and
/// syncs it.
fn write_new_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), (io::Error, &'static str)> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| (e, "create"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(|e| (e, "set permissions on"))?;
    }
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, &mut file);
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(|e| (e, "write"))?;
    drop(buffered);
    file.sync_all().map_err(|e| (e, "sync"))?;
    Ok(())
}

/// Syncs a directory so a rename in it survives a crash. Errors are ignored: not every
/// platform or file system can open or sync a directory.
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
