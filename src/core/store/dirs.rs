//! Where kickoff keeps its data and reads its configuration.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Environment variable overriding the data directory.
pub const DATA_DIR_ENV: &str = "KICKOFF_DATA_DIR";
/// Environment variable overriding the config directory.
pub const CONFIG_DIR_ENV: &str = "KICKOFF_CONFIG_DIR";

/// Where kickoff keeps its data (session files): the `--data-dir` flag, else the
/// `KICKOFF_DATA_DIR` environment variable (when not empty), else the platform data
/// directory (e.g. `~/.local/share/kickoff` on Linux).
pub fn data_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    resolve_dir(flag, std::env::var_os(DATA_DIR_ENV), || {
        directories::ProjectDirs::from("", "", "kickoff").map(|d| d.data_dir().to_path_buf())
    })
    .context("cannot find a data directory; pass --data-dir or set KICKOFF_DATA_DIR")
}

/// Where kickoff reads its configuration (user agendas): the `--config-dir` flag, else the
/// `KICKOFF_CONFIG_DIR` environment variable (when not empty), else the platform config
/// directory (e.g. `~/.config/kickoff` on Linux).
pub fn config_dir(flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    resolve_dir(flag, std::env::var_os(CONFIG_DIR_ENV), || {
        directories::ProjectDirs::from("", "", "kickoff").map(|d| d.config_dir().to_path_buf())
    })
    .context("cannot find a config directory; pass --config-dir or set KICKOFF_CONFIG_DIR")
}

/// The pure part of [`data_dir`] and [`config_dir`]: `flag` wins, then `env` when it is
/// set and not empty, then `fallback` (the platform directory; `None` when there is no
/// home directory).
pub fn resolve_dir(
    flag: Option<&Path>,
    env: Option<OsString>,
    fallback: impl FnOnce() -> Option<PathBuf>,
) -> anyhow::Result<PathBuf> {
    if let Some(flag) = flag {
        return Ok(flag.to_path_buf());
    }
    if let Some(env) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(env));
    }
    fallback().ok_or_else(|| anyhow::anyhow!("no home directory found"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_prefer_flag_then_env_then_platform() {
        let platform = || Some(PathBuf::from("/platform"));
        let flag = Path::new("/flag");
        assert_eq!(
            resolve_dir(Some(flag), Some("/env".into()), platform).unwrap(),
            PathBuf::from("/flag")
        );
        assert_eq!(
            resolve_dir(None, Some("/env".into()), platform).unwrap(),
            PathBuf::from("/env")
        );
        assert_eq!(
            resolve_dir(None, Some("".into()), platform).unwrap(),
            PathBuf::from("/platform")
        );
        assert_eq!(
            resolve_dir(None, None, platform).unwrap(),
            PathBuf::from("/platform")
        );
        assert!(resolve_dir(None, None, || None).is_err());
    }
}
