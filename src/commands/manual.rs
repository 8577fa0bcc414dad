//! `kickoff completions` and `kickoff man`: shell completions and the manual page,
//! generated from the command line's definition so they always match it.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{Roff, roman};

use crate::cli;

/// Prints the completion script for `shell`.
pub fn completions(shell: Shell) -> Result<ExitCode> {
    let mut command = cli::command(true);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "kickoff", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page, or with `dir` writes `kickoff.1` and a page per command there.
pub fn man(dir: Option<&Path>) -> Result<ExitCode> {
    let mut command = cli::command(true).disable_help_subcommand(true);
    command.build();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        render(&command, true, &mut page)?;
        std::io::stdout().lock().write_all(&page)?;
        return Ok(ExitCode::SUCCESS);
    };
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut pages = vec![(&command, true)];
    pages.extend(
        command
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .map(|c| (c, false)),
    );
    let mut out = std::io::stdout().lock();
    for (command, top) in pages {
        let path = dir.join(Man::new(command.clone()).get_filename());
        let mut page = Vec::new();
        render(command, top, &mut page)?;
        fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "{}", path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// clap_mangen's sections, with the text after the options in `--help` (examples, exit
/// status, environment) as sections of their own, their lines kept as written; clap_mangen
/// would run them together under EXTRA.
fn render(command: &clap::Command, top: bool, w: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(command.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    if top {
        man.render_subcommands_section(w)?;
    }
    let extra = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut roff = Roff::new();
    let mut unfilled = false;
    for line in extra.lines() {
        if let Some(title) = line.strip_suffix(':').filter(|_| !line.starts_with(' ')) {
            if unfilled {
                roff.control("fi", []);
            }
            roff.control("SH", [title.to_uppercase().as_str()]);
            roff.control("nf", []);
            unfilled = true;
        } else if !line.trim().is_empty() {
            roff.text([roman(line.trim_start())]);
        }
    }
    if unfilled {
        roff.control("fi", []);
    }
    roff.to_writer(w)?;
    if command.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}
