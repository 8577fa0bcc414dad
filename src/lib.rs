//! kickoff: facilitate live customer meetings for GitLab Assigned Support Engineers.
//!
//! `core` is plain Rust with no terminal: agendas, the meeting state machine, drift
//! detection, Markdown export and session storage. `tui` turns key events into actions
//! and draws the state. `net` carries a meeting between seats:
//! a Unix socket on this machine, iroh across machines.

pub mod core;
pub mod net;
pub mod tui;
