//! `kickoff scan`: flags drift in notes, one note per line.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use serde::Serialize;

use kickoff::core::drift::{Detector, Finding};
use kickoff::core::text;

use super::load_detector;
use crate::cli::ScanFormat;

/// Notes read before they are scanned together: enough to keep every core busy for a
/// while, small enough that memory stays bounded on any input.
const BATCH: usize = 16 * 1024;

/// Fewer notes than this are scanned on the calling thread: starting threads would cost
/// more than it saves.
const PARALLEL_FROM: usize = 512;

/// Notes a thread takes at a time from a batch.
const CHUNK: usize = 256;

/// Prints the strongest finding of each flagged line of `file` (standard input for
/// none or `-`) in `format`, and after it the label a troubleshooting line also holds
/// (what the meeting screen shows and the export keeps from the customer); a closed
/// pipe ends the scan quietly.
///
/// Notes are read in batches and each batch is scanned by all of the machine's cores, a
/// chunk of notes at a time; the records come out in the order of the lines. Notes typed
/// at a terminal are scanned one at a time, as they come.
pub fn run(config_dir: &Path, file: Option<PathBuf>, format: ScanFormat) -> Result<ExitCode> {
    let detector = load_detector(config_dir)?;
    let (name, mut reader, batch): (String, Box<dyn BufRead>, usize) = match file {
        Some(path) if path.as_os_str() != "-" => {
            let handle = std::fs::File::open(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if handle.metadata().is_ok_and(|m| m.is_dir()) {
                bail!("cannot read {}: it is a directory", path.display());
            }
            (
                path.display().to_string(),
                Box::new(std::io::BufReader::with_capacity(256 * 1024, handle)),
                BATCH,
            )
        }
        _ => {
            let stdin = std::io::stdin();
            let batch = if stdin.is_terminal() { 1 } else { BATCH };
            ("standard input".to_owned(), Box::new(stdin.lock()), batch)
        }
    };
    let mut out = std::io::stdout().lock();
    let mut notes = Notes::default();
    let mut first = 1;
    // Whether the last note before the batch (blank lines skipped) is troubleshooting on
    // its own: the next note may go on with it.
    let mut after_troubleshooting = false;
    loop {
        notes.clear();
        while notes.len() < batch {
            let read = reader
                .read_until(b'\n', &mut notes.bytes)
                .with_context(|| format!("cannot read {name}"))?;
            if read == 0 {
                break;
            }
            notes.ends.push(notes.bytes.len());
        }
        if notes.len() == 0 {
            break;
        }
        let parts = notes.scan(&detector, format, first, after_troubleshooting);
        for part in parts {
            let (bytes, after) = part?;
            after_troubleshooting = after;
            if let Err(e) = out
                .write_all(&bytes)
                .and_then(|()| if batch == 1 { out.flush() } else { Ok(()) })
            {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(e.into());
            }
        }
        first += notes.len();
    }
    Ok(ExitCode::SUCCESS)
}

/// A batch of notes as read: the bytes of every line, line breaks included, and where
/// each line ends.
#[derive(Default)]
struct Notes {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Notes {
    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The records of the batch's flagged notes, in parts in line order, scanned by
    /// every core, each with whether its last note (blank lines skipped) is
    /// troubleshooting on its own; `first` is the number of the batch's first line in the
    /// input, `after_troubleshooting` whether the note before the batch is.
    fn scan(
        &self,
        detector: &Detector,
        format: ScanFormat,
        first: usize,
        after_troubleshooting: bool,
    ) -> Vec<Result<(Vec<u8>, bool)>> {
        kickoff::core::parallel::in_chunks(self.len(), CHUNK, PARALLEL_FROM, |range| {
            // A chunk reads the note before it again (its own finding needs no
            // context), so that chunks need not wait for each other.
            let before = (0..range.start)
                .rev()
                .map(|i| self.line(i))
                .find(|line| !line.trim().is_empty())
                .map_or(after_troubleshooting, |line| {
                    detector
                        .strongest(&line)
                        .is_some_and(|f| f.troubleshooting_on_its_own())
                });
            self.records(detector, format, first, range, before)
        })
    }

    /// Line `i` of the batch as read (text that is not UTF-8 read lossily), its line
    /// break included.
    fn line(&self, i: usize) -> std::borrow::Cow<'_, str> {
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default())
    }

    /// The records of the flagged notes among `range`, in order, and whether its last
    /// note (blank lines skipped) is troubleshooting on its own; `first` is the number
    /// of the batch's first line in the input, `after_troubleshooting` whether the note
    /// before `range` is.
    fn records(
        &self,
        detector: &Detector,
        format: ScanFormat,
        first: usize,
        range: std::ops::Range<usize>,
        mut after_troubleshooting: bool,
    ) -> Result<(Vec<u8>, bool)> {
        let mut out = Vec::new();
        for i in range {
            let line = self.line(i);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                continue;
            }
            let found = detector.strongest_and_label_after(line, after_troubleshooting);
            after_troubleshooting = found
                .as_ref()
                .is_some_and(|(f, _)| f.troubleshooting_on_its_own());
            let Some((finding, label)) = found else {
                continue;
            };
            for finding in std::iter::once(&finding).chain(label.as_ref()) {
                let record = Record::new(first + i, line, finding);
                match format {
                    ScanFormat::Text => record.text(&mut out),
                    ScanFormat::Json => record.json(&mut out)?,
                }
            }
        }
        Ok((out, after_troubleshooting))
    }
}

/// One flagged line: its 1-based number, the 1-based column (in characters) where the
/// finding starts, the finding and the line itself.
#[derive(Debug, Serialize)]
struct Record<'a> {
    line: usize,
    column: usize,
    kind: &'static str,
    matched: &'a str,
    reason: &'a str,
    text: &'a str,
}

impl<'a> Record<'a> {
    fn new(line: usize, text: &'a str, finding: &'a Finding) -> Self {
        let before = text.get(..finding.range.start).unwrap_or_default();
        Record {
            line,
            column: before.chars().count() + 1,
            kind: finding.kind.label(),
            matched: &finding.matched,
            reason: &finding.reason,
            text,
        }
    }

    /// `12:5: troubleshooting: "exit code 137" (a failing job)` and a line break.
    fn text(&self, out: &mut Vec<u8>) {
        let matched = text::for_terminal(self.matched);
        let reason = text::for_terminal(self.reason);
        // Writing to a `Vec` cannot fail.
        let _ = writeln!(
            out,
            "{}:{}: {}: \"{matched}\" ({reason})",
            self.line, self.column, self.kind
        );
    }

    /// One JSON object and a line break (a JSON Lines record).
    fn json(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut serializer = serde_json::Serializer::with_formatter(&mut *out, TerminalSafe);
        self.serialize(&mut serializer)
            .context("writing a finding as JSON")?;
        out.push(b'\n');
        Ok(())
    }
}

/// serde_json's compact format that also escapes, as `\uXXXX`, what a terminal acts on
/// or hides (control characters, [`text::is_bidi_control`]) and the Unicode line and
/// paragraph separators: a record read on a terminal cannot drive it, a reader splitting
/// on line breaks sees one record a line, and a JSON reader gets the same text back.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|&(_, c)| {
            c.is_control() || text::is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
        }) {
            let (before, after) = rest.split_at(at);
            writer.write_all(before.as_bytes())?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = after.get(c.len_utf8()..).unwrap_or_default();
        }
        writer.write_all(rest.as_bytes())
    }
}
