//! Drift detection: troubleshooting talk and labeling phrases in notes (pure text in,
//! findings out).

use serde::{Deserialize, Serialize};

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// The meeting is drifting into a troubleshooting session.
    Troubleshooting,
    /// A person is being labeled ("X is our database expert").
    Labeling,
}

/// One match in a piece of text, with the words it matched and why they matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Troubleshooting or labeling.
    pub kind: FindingKind,
    /// The words of the text that matched, as typed.
    pub matched: String,
    /// Why this counts, in a short phrase for the banner.
    pub reason: String,
    /// Byte range of the match in the scanned text.
    pub range: std::ops::Range<usize>,
}

/// Scans one note (a line of text) and returns its findings, strongest first.
pub fn scan(text: &str) -> Vec<Finding> {
    let _ = text;
    Vec::new()
}
