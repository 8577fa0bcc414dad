//! `kickoff scan`: flags drift in notes, one note per line.

use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use serde::Serialize;

use kickoff::core::drift::Finding;
use kickoff::core::text;

use super::load_detector;
use crate::cli::ScanFormat;

/// Prints the strongest finding of each flagged line of `file` (standard input for
/// none or `-`) in `format`; a closed pipe ends the scan quietly.
pub fn run(config_dir: &Path, file: Option<PathBuf>, format: ScanFormat) -> Result<ExitCode> {
    let detector = load_detector(config_dir)?;
    let (name, mut reader): (String, Box<dyn BufRead>) = match file {
        Some(path) if path.as_os_str() != "-" => {
            let handle = std::fs::File::open(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if handle.metadata().is_ok_and(|m| m.is_dir()) {
                bail!("cannot read {}: it is a directory", path.display());
            }
            (
                path.display().to_string(),
                Box::new(std::io::BufReader::new(handle)),
            )
        }
        _ => (
            "standard input".to_owned(),
            Box::new(std::io::stdin().lock()),
        ),
    };
    let mut out = std::io::stdout().lock();
    let mut bytes = Vec::new();
    let mut number = 0;
    loop {
        bytes.clear();
        let read = reader
            .read_until(b'\n', &mut bytes)
            .with_context(|| format!("cannot read {name}"))?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = match std::str::from_utf8(&bytes) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(_) => String::from_utf8_lossy(&bytes),
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(finding) = detector.strongest(line) {
            let record = Record::new(number, line, &finding);
            let bytes = match format {
                ScanFormat::Text => record.text(),
                ScanFormat::Json => record.json()?,
            };
            if let Err(e) = out.write_all(&bytes) {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(e.into());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
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
    fn text(&self) -> Vec<u8> {
        let matched = text::for_terminal(self.matched);
        let reason = text::for_terminal(self.reason);
        let mut out = String::with_capacity(32 + self.kind.len() + matched.len() + reason.len());
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            out,
            "{}:{}: {}: \"{matched}\" ({reason})",
            self.line, self.column, self.kind
        );
        out.into_bytes()
    }

    /// One JSON object and a line break (a JSON Lines record).
    fn json(&self) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, TerminalSafe);
        self.serialize(&mut serializer)
            .context("writing a finding as JSON")?;
        bytes.push(b'\n');
        Ok(bytes)
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
