//! Reading the text files kickoff loads (agendas, the config file, session files): the
//! size is checked before reading, the text must be UTF-8, and the caller turns each
//! failure into its own located message.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Why a text file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Opening (`action` is "open") or reading ("read") failed.
    Io {
        /// What was being done.
        action: &'static str,
        /// The error.
        source: io::Error,
    },
    /// The path is a directory.
    Directory,
    /// The file is over the limit; its size in bytes (as far as it was read).
    TooLarge(u64),
    /// The file is not UTF-8; the line and column just after its last valid character.
    NotUtf8(usize, usize),
}

/// Reads the file at `path` as UTF-8 text of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, ReadError> {
    let io = |action| move |source| ReadError::Io { action, source };
    let file = File::open(path).map_err(io("open"))?;
    let meta = file.metadata().map_err(io("read"))?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // Read one byte past the limit so a file that grew since `metadata` is still caught.
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io("read"))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e
            .as_bytes()
            .get(..e.utf8_error().valid_up_to())
            .unwrap_or_default();
        let (line, column) = position_after(valid);
        ReadError::NotUtf8(line, column)
    })
}

/// Line and column (both from 1) just after `valid`, a valid UTF-8 prefix of a file.
pub fn position_after(valid: &[u8]) -> (usize, usize) {
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(valid.get(line_start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_refuses_what_is_not_text_or_too_large() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("f.yaml");
        std::fs::write(&path, "ok\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_limited(&path, 10).ok().as_deref(), Some("ok\n"));
        assert!(matches!(
            read_limited(&path, 2),
            Err(ReadError::TooLarge(3))
        ));
        std::fs::write(&path, b"ab\ncd\xffe").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            read_limited(&path, 10),
            Err(ReadError::NotUtf8(2, 3))
        ));
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(ReadError::Directory)
        ));
        assert!(matches!(
            read_limited(&dir.path().join("missing"), 10),
            Err(ReadError::Io { action: "open", .. })
        ));
    }
}
