//! `kickoff config`: where the config file is, whether it exists and reads without
//! errors, and writing a commented default one.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use kickoff::core::{config, store, text};

/// Prints the config file's path and its state, or with `init` writes
/// [`config::DEFAULT_FILE`] there (replacing an existing file only with `force`).
pub fn run(config_dir: &Path, init: bool, force: bool) -> Result<ExitCode> {
    let path = config::path_in(config_dir);
    let shown = text::for_terminal(&path.display().to_string()).into_owned();
    let exists = fs::symlink_metadata(&path).is_ok();
    let mut out = io::stdout().lock();
    if init {
        if exists && !force {
            bail!(
                "{shown} already exists; `kickoff config --init --force` replaces it with the defaults"
            );
        }
        write_default(&path, force).with_context(|| format!("writing {shown}"))?;
        writeln!(out, "Wrote the default settings to {shown}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{shown}")?;
    if exists {
        config::load(config_dir)?;
        writeln!(out, "exists and reads without errors")?;
    } else {
        writeln!(
            out,
            "does not exist, so the defaults apply; `kickoff config --init` writes a commented one"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the default config file, private (0600 on Unix). Without `replace` the file is
/// created only if nothing is at `path`, so an existing file is never overwritten.
fn write_default(path: &Path, replace: bool) -> Result<()> {
    if let Some(dir) = path.parent() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    if replace {
        store::write_atomic(path, config::DEFAULT_FILE.as_bytes())?;
        return Ok(());
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(config::DEFAULT_FILE.as_bytes())?;
    file.sync_all()?;
    Ok(())
}
