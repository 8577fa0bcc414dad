//! The pure core: no terminal, no ratatui, no crossterm.

pub mod agenda;
pub mod clock;
pub mod drift;
pub mod export;
pub mod meeting;
pub mod store;
