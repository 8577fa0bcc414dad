//! Renders GitLab Flavored Markdown from standard input as an HTML fragment on standard
//! output, with comrak (the GFM parser GitLab uses): tables, task lists, strikethrough,
//! autolinks, GitLab's inapplicable tasks (`- [~]`), and HTML such as `<details>` passed through as GitLab does.
//!
//! `screenshots/make.sh` uses it to picture the exports as GitLab shows them:
//! `cargo run --example gfm_html < notes.md > notes.html`

use std::io::{self, Read, Write};

fn main() -> io::Result<()> {
    let mut markdown = String::new();
    io::stdin().read_to_string(&mut markdown)?;
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.render.tasklist_classes = true;
    // kickoff escapes everything users typed; the only raw HTML left is its own
    // (`<details>`, a comment), which GitLab renders too.
    options.render.r#unsafe = true;
    let html = comrak::markdown_to_html(&markdown, &options);
    // GitLab's own extension: `- [~]` is an inapplicable task, drawn struck through.
    let html = html
        .lines()
        .map(|line| match line.strip_prefix("<li>[~] ") {
            Some(rest) => format!(
                "<li class=\"task-list-item inapplicable\"><input type=\"checkbox\" \
                 class=\"task-list-item-checkbox\" disabled=\"\" /> <s>{}</s></li>",
                rest.strip_suffix("</li>").unwrap_or(rest)
            ),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    io::stdout().write_all(html.as_bytes())
}
