//! The command line's definition: global flags, subcommands and their arguments.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ColorChoice, CommandFactory, Parser, Subcommand};

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
    /// Where config.yaml and user agendas (in its `agendas` folder) are found (default: the user config
    /// directory; also KICKOFF_CONFIG_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a meeting straight away with an agenda (default: introductory).
    ///
    /// AGENDA is a built-in or user agenda name (`kickoff agendas` lists them), or a YAML
    /// file. Without --account the start screen opens with AGENDA preselected.
    #[command(after_long_help = RUN_HELP)]
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
    /// Join a running meeting as its second seat, to type notes into it.
    ///
    /// SESSION picks one of your meetings running on this machine (default: the only one);
    /// TICKET joins from another laptop with the ticket the host made (^B or `kickoff
    /// invite`). A private copy of the meeting is kept in the data directory's `joined`
    /// folder until you quit after exporting it, or for `joined_copy_days` days.
    #[command(after_long_help = JOIN_HELP)]
    Join {
        /// A session id on this machine, or a ticket (`kickoff1...`).
        #[arg(value_name = "SESSION|TICKET")]
        target: Option<String>,
        /// Your name as the host sees it (default: `name` in config.yaml, else your login).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Print a one-time ticket another laptop joins your running meeting with.
    ///
    /// The ticket works once, within the hour, while the meeting runs; the host lets the
    /// seat in or turns it away. Never paste it in a chat the customer can read.
    #[command(after_long_help = INVITE_HELP)]
    Invite {
        /// The running meeting (default: the only one running).
        session: Option<String>,
    },
    /// Reopen a saved meeting (default: the latest unfinished one).
    Resume {
        /// Session id, as listed by `kickoff sessions`.
        id: Option<String>,
    },
    /// List the built-in and user agendas.
    Agendas,
    /// Validate agenda files, printing each problem as file:line:column.
    #[command(after_long_help = CHECK_HELP)]
    Check {
        /// Agenda YAML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List saved meetings.
    Sessions,
    /// Check notes for drift (troubleshooting, labeling) before pasting them.
    ///
    /// One note per line, from FILE or standard input (`-` or nothing). Prints each
    /// flagged line as line:column: kind: "matched words" (reason), its strongest finding
    /// first; a troubleshooting line that also labels someone gets a second record for
    /// the label. Lines are read in order: a line after one that is troubleshooting may
    /// be flagged as a step of the same thread. Exits 0 whether or not lines are
    /// flagged; 1 when the input cannot be read or the config file is broken.
    #[command(after_long_help = SCAN_HELP)]
    Scan {
        /// Notes file, or `-` for standard input.
        file: Option<PathBuf>,
        /// `text`, or `json` for one JSON object per flagged line (JSON Lines).
        #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
        format: ScanFormat,
    },
    /// Write a meeting's GitLab Markdown: customer or internal version.
    ///
    /// The customer version holds only what the customer should read; --internal writes
    /// the internal one instead.
    #[command(after_long_help = EXPORT_HELP)]
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
    /// Print the follow-up message to send by the next business day.
    ///
    /// Thanks, decisions, action items, follow-ups and the next regular meeting, as plain
    /// text for a mail or, with --markdown, GitLab Markdown for an issue comment.
    Followup {
        /// Session id or session file.
        session: String,
        /// GitLab Markdown (for an issue comment) instead of plain text (for a mail).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the SOW window: when to hold the introductory meeting.
    ///
    /// The first business day on or after the SOW start (hold the introductory meeting
    /// then) and the last acceptable day, five business days later.
    Schedule {
        /// The SOW's start date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE", value_parser = date)]
        sow_start: NaiveDate,
        /// Holidays to skip: one YYYY-MM-DD date a line, optionally followed by its name;
        /// `#` starts a comment.
        #[arg(long, value_name = "FILE")]
        holidays: Option<PathBuf>,
    },
    /// Suggest weekly slots for a saved meeting's regular meeting.
    ///
    /// Inside everyone's working hours, checked on every date for a year (daylight-saving
    /// changes included), times in your zone (`time_zone` in config.yaml, else the system's).
    Slots {
        /// Session id, as listed by `kickoff sessions`, or session file.
        session: String,
        /// The first day a regular meeting may take place (default: tomorrow).
        #[arg(long, value_name = "DATE", value_parser = date)]
        from: Option<NaiveDate>,
    },
    /// Print a shell completion script to standard output.
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command.
    #[command(after_long_help = MAN_HELP)]
    Man {
        /// Write kickoff.1 and a kickoff-COMMAND.1 page for every command into DIR instead.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Show the config file's path and state, or write a commented default.
    ///
    /// Without options: prints the path of config.yaml, then whether it exists and reads
    /// without errors (a broken file is reported as file:line:column: message, exit 1).
    #[command(after_long_help = CONFIG_HELP)]
    Config {
        /// Write a commented config file holding the defaults (mode 0600); refuses to
        /// replace an existing one.
        #[arg(long)]
        init: bool,
        /// With --init: replace an existing config file.
        #[arg(long, requires = "init")]
        force: bool,
    },
}

const RUN_HELP: &str = "\
Examples:
  kickoff run --account \"Acme Corp\"
  kickoff run regular-sync --account \"Acme Corp\"
  kickoff run ./quarterly-review.yaml";

const JOIN_HELP: &str = "\
Examples:
  kickoff join
  kickoff join 2026-11-23-1400-acme-corp-introductory
  kickoff join kickoff1abc... --name \"Dana Kim\"";

const INVITE_HELP: &str = "\
Examples:
  kickoff invite
  kickoff invite 2026-11-23-1400-acme-corp-introductory";

const CHECK_HELP: &str = "\
Examples:
  kickoff check my-agenda.yaml
  kickoff check ~/.config/kickoff/agendas/*.yaml";

const SCAN_HELP: &str = "\
Examples:
  kickoff scan notes.txt
  kickoff scan --format json < notes.txt";

const EXPORT_HELP: &str = "\
Examples:
  kickoff export 2026-11-23-1400-acme-corp-introductory -o notes.md
  kickoff export 2026-11-23-1400-acme-corp-introductory --internal -o exports/";

const CONFIG_HELP: &str = "\
Examples:
  kickoff config
  kickoff config --init
  \"$EDITOR\" \"$(kickoff config | head -1)\"";

const COMPLETIONS_HELP: &str = "\
Examples:
  kickoff completions bash > ~/.local/share/bash-completion/completions/kickoff
  kickoff completions zsh > ~/.zfunc/_kickoff      (with fpath+=~/.zfunc in ~/.zshrc)
  kickoff completions fish > ~/.config/fish/completions/kickoff.fish";

const MAN_HELP: &str = "\
Examples:
  kickoff man | man -l -
  kickoff man > ~/.local/share/man/man1/kickoff.1
  kickoff man -o ~/.local/share/man/man1";

/// Ways to use kickoff: after `kickoff --help` and in the manual page.
pub const EXAMPLES: &str = concat!(
    "  kickoff                                  the start screen\n",
    "  kickoff run --account \"Acme Corp\"        the introductory meeting for Acme Corp\n",
    "  kickoff resume                           reopen the latest unfinished meeting\n",
    "  kickoff export ID -o notes.md            write the customer version of the notes\n",
    "  kickoff completions bash                 a completion script for bash\n",
    "  kickoff config --init                    write a commented default config file",
);

/// What the exit status means.
pub const EXIT_STATUS: &str = concat!(
    "  0      the command did what was asked\n",
    "  1      it failed; the reason is on standard error\n",
    "  2      a usage error: an unknown command, or a missing or bad argument\n",
    "  101    an internal error (an open meeting is saved first)\n",
    "  128+N  the meeting screen was stopped by signal N (the meeting is saved first)",
);

/// The environment variables kickoff reads.
pub const ENVIRONMENT: &str = concat!(
    "  KICKOFF_DATA_DIR    where sessions and exports are kept (--data-dir wins)\n",
    "  KICKOFF_CONFIG_DIR  where config.yaml and user agendas are (--config-dir wins)\n",
    "  NO_COLOR            when set and not empty, nothing is coloured",
);

/// The sections after the options, in `--help` and in the manual page.
pub const EXTRA_SECTIONS: [(&str, &str); 3] = [
    ("Examples", EXAMPLES),
    ("Exit status", EXIT_STATUS),
    ("Environment", ENVIRONMENT),
];

/// The command line, with the extra sections in its help and no colours when `no_color`
/// (the NO_COLOR convention) asks for none.
pub fn command(no_color: bool) -> clap::Command {
    let after_help = EXTRA_SECTIONS
        .iter()
        .map(|(title, body)| format!("{title}:\n{body}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let command = Cli::command().after_help(after_help);
    if no_color {
        command.color(ColorChoice::Never)
    } else {
        command
    }
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
    /// One JSON object per finding (JSON Lines).
    Json,
}
