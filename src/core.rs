//! The pure core: no terminal, no ratatui, no crossterm.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod agenda;
pub mod business_days;
pub mod cadence;
pub mod carry;
pub mod clock;
pub mod config;
pub mod drift;
pub mod export;
pub mod ics;
pub mod meeting;
pub mod notes;
pub mod parallel;
#[cfg(any(test, feature = "testkit"))]
pub mod sample;
pub mod shared;
pub mod slot_report;
pub mod slots;
pub mod slug;
pub mod store;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod text;
pub mod text_file;
pub mod yaml_guard;
pub mod zone;
