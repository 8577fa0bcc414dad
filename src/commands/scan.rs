//! `kickoff scan`: flags drift in notes, one note per line.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use kickoff::core::drift;

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
        let line = String::from_utf8_lossy(&bytes);
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(finding) = detector.strongest(line) {
            let record = match format {
                ScanFormat::Text => drift::format_text(number, line, &finding),
                ScanFormat::Json => drift::format_json(number, line, &finding),
            };
            if let Err(e) = writeln!(out, "{record}") {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    return Ok(ExitCode::SUCCESS);
                }
                return Err(e.into());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
