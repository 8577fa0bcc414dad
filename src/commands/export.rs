//! `kickoff export`: writes a meeting's GitLab Flavored Markdown, the customer version
//! unless the internal one is asked for.

use std::io::Write;
use std::path::{Component, Path};
use std::process::ExitCode;

use anyhow::{Result, bail};

use kickoff::core::export::{self, Version};
use kickoff::core::{store, text};

use super::{load_export_options, open_store};

/// Writes `session`'s export (an id or a session file; the internal version when
/// `internal`) to `output` (a file, or a directory to write it in under its usual name,
/// see [`store::export_file_name`]), or to standard output, and says which version it
/// wrote and where: on standard output after writing a file, on standard error after
/// writing the Markdown itself to standard output.
pub fn run(
    data_dir: Option<&Path>,
    config_dir: &Path,
    session: &str,
    internal: bool,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let options = load_export_options(config_dir)?;
    let store = open_store(data_dir)?;
    let opened = store.open_session(session)?;
    for note in &opened.journal.notes {
        eprintln!("kickoff: {}", text::for_terminal(note));
    }
    let meeting = opened.meeting;
    let version = if internal {
        Version::Internal
    } else {
        Version::Customer
    };
    let markdown = export::render(
        &meeting,
        export::last_known_time(&meeting),
        version,
        &options,
    );
    let label = version.label();
    match output {
        Some(path) => {
            let path = if path.is_dir() {
                let name = store::export_file_name(&meeting.id, version);
                let mut parts = Path::new(&name).components();
                if name.starts_with('.')
                    || !matches!(
                        (parts.next(), parts.next()),
                        (Some(Component::Normal(_)), None)
                    )
                {
                    bail!(
                        "the session id {:?} cannot name a file; give the output file's name with -o",
                        meeting.id
                    );
                }
                path.join(name)
            } else {
                path.to_path_buf()
            };
            store::write_atomic(&path, markdown.as_bytes())?;
            println!(
                "Wrote the {label} version to {}",
                text::for_terminal(&path.display().to_string())
            );
        }
        None => {
            std::io::stdout().lock().write_all(markdown.as_bytes())?;
            let hint = match version {
                Version::Customer => " (--internal for the internal version)",
                Version::Internal => ": not for the customer",
            };
            eprintln!("kickoff: wrote the {label} version to standard output{hint}");
        }
    }
    // A long meeting is a hundred thousand lines, each its own allocation: the process
    // ends next, and the system takes the memory back at once, where freeing it line by
    // line would keep the user waiting.
    std::mem::forget(meeting);
    Ok(ExitCode::SUCCESS)
}
