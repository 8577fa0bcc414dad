//! kickoff: facilitate live customer meetings for GitLab Assigned Support Engineers.
//!
//! `core` is plain Rust with no terminal: agendas, the meeting state machine, drift
//! detection, Markdown export and session storage. `tui` turns key events into actions
//! and draws the state.

pub mod core;
pub mod tui;
