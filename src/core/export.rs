//! Meeting -> GitLab Flavored Markdown (pure and deterministic).

use super::meeting::Meeting;

/// Renders the meeting as GitLab Flavored Markdown.
pub fn to_markdown(meeting: &Meeting) -> String {
    let _ = meeting;
    String::new()
}
