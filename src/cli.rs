//! The command line's definition: global flags, subcommands and their arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use kickoff::core::business_days;

/// Facilitate a live customer meeting: agenda, timers, notes, drift warnings, and
/// GitLab-ready Markdown.
#[derive(Debug, Parser)]
#[command(name = "kickoff", version, about)]
pub struct Cli {
    /// Where sessions and exports are kept (default: the user data directory; also
    /// KICKOFF_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Where user agendas are found, in its `agendas` folder (default: the user config
    /// directory; also KICKOFF_CONFIG_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a meeting straight away (AGENDA is a built-in or user agenda name, or a path).
    Run {
        /// Agenda name or YAML file.
        agenda: Option<String>,
        /// The customer account.
        #[arg(long, value_name = "NAME")]
        account: Option<String>,
        /// The SOW's start date (YYYY-MM-DD), recorded on the new meeting: the lobby and the
        /// internal export show the window the introductory meeting belongs in.
        #[arg(long, value_name = "DATE", value_parser = date)]
        sow_start: Option<NaiveDate>,
    },
    /// Reopen a saved meeting (default: the latest unfinished one).
    Resume {
        /// Session id, as listed by `kickoff sessions`.
        id: Option<String>,
    },
    /// List the built-in and user agendas.
    Agendas,
    /// Validate agenda files; prints every problem as file:line:column: message.
    Check {
        /// Agenda YAML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List saved meetings.
    Sessions,
    /// Check notes for drift before pasting them: one note per line, from FILE or standard
    /// input (`-` or nothing). Prints each flagged line as line:column: kind: "matched
    /// words" (reason). Exits 0 whether or not lines are flagged; 1 when the input cannot
    /// be read or the config file is broken.
    Scan {
        /// Notes file, or `-` for standard input.
        file: Option<PathBuf>,
        /// `text`, or `json` for one JSON object per flagged line (JSON Lines).
        #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
        format: ScanFormat,
    },
    /// Write a meeting's GitLab Flavored Markdown: the customer version (only what the
    /// customer should read), or the internal one with --internal.
    Export {
        /// Session id or session file.
        session: String,
        /// Write the internal version (facilitation notes, timing, drift flags and
        /// everything marked internal) instead of the customer version.
        #[arg(long)]
        internal: bool,
        /// Output file, or a directory to write <id>.md (customer) or <id>.internal.md
        /// (internal) in (default: standard output; `<id>.ics` for `--format ics`).
        #[arg(short, long, value_name = "FILE|DIR")]
        output: Option<PathBuf>,
        /// `markdown`, or `ics` for the agreed regular meeting as a calendar file.
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
    },
    /// Print the follow-up message to send by the next business day: thanks, decisions,
    /// action items, follow-ups and the next regular meeting.
    Followup {
        /// Session id or session file.
        session: String,
        /// GitLab Markdown (for an issue comment) instead of plain text (for a mail).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the SOW window: the first business day on or after the SOW start (hold the
    /// introductory meeting then) and the last acceptable day, five business days later.
    Schedule {
        /// The SOW's start date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", value_parser = date)]
        sow_start: NaiveDate,
        /// Holidays to skip: one YYYY-MM-DD date a line, optionally followed by its name;
        /// `#` starts a comment.
        #[arg(long, value_name = "FILE")]
        holidays: Option<PathBuf>,
    },
    /// Suggest weekly slots for a saved meeting's regular meeting: inside everyone's working
    /// hours, checked on every date for a year (daylight-saving changes included), times in
    /// your zone (`time_zone` in config.yaml, else the system's).
    Slots {
        /// Session id, as listed by `kickoff sessions`, or session file.
        session: String,
        /// The first day a regular meeting may take place (default: tomorrow).
        #[arg(long, value_name = "DATE", value_parser = date)]
        from: Option<NaiveDate>,
    },
}

/// Output of `kickoff export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GitLab Flavored Markdown.
    Markdown,
    /// An iCalendar file of the agreed regular meeting.
    Ics,
}

/// A `YYYY-MM-DD` argument.
fn date(text: &str) -> Result<NaiveDate, String> {
    business_days::parse_date(text.trim())
}

/// Output of `kickoff scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    /// line:column: kind: "matched words" (reason)
    Text,
    /// One JSON object per flagged line.
    Json,
}
