//! Validation of a parsed agenda, each problem located in the source: the YAML parser
//! gives no positions for values, so keys are found in the text.

use super::{Agenda, AgendaError, MAX_MINUTES, Pos};
use crate::core::slug::{is_slug, slug};

/// Every semantic problem of a parsed agenda, each located in `source`.
pub(super) fn validate(agenda: &Agenda, source: &str, file: &str) -> Vec<AgendaError> {
    let find = Locator::new(source);
    let mut problems = Vec::new();
    let mut top = |key: &str, message: String| {
        problems.push(AgendaError::at(file, find.top_level(key), message));
    };

    if agenda.name.trim().is_empty() {
        top(
            "name",
            "`name` is empty: give a short lowercase name such as `my-kickoff`".into(),
        );
    } else if !is_slug(&agenda.name) {
        top(
            "name",
            format!(
                "name `{}` is not a lowercase slug: use only a-z, 0-9 and '-', e.g. `{}`",
                agenda.name,
                slug(&agenda.name, "my-agenda")
            ),
        );
    }
    if agenda.title.trim().is_empty() {
        top("title", "`title` is empty: give the meeting a title".into());
    }
    if agenda.minutes == 0 {
        top(
            "minutes",
            "`minutes` is 0: give the planned length of the meeting".into(),
        );
    } else if agenda.minutes > MAX_MINUTES {
        top(
            "minutes",
            format!(
                "`minutes` is {}, more than a day ({MAX_MINUTES}): give the planned length in minutes",
                agenda.minutes
            ),
        );
    }
    if agenda.sections.is_empty() {
        top(
            "sections",
            "there are no sections: add at least one under `sections`".into(),
        );
    } else if agenda.minutes > 0 && agenda.planned_minutes() != agenda.minutes {
        top(
            "minutes",
            format!(
                "sections add up to {} minutes but `minutes` is {}: make them match",
                agenda.planned_minutes(),
                agenda.minutes
            ),
        );
    }

    for (i, section) in agenda.sections.iter().enumerate() {
        let n = i + 1;
        let mut at = |key: &str, message: String| {
            problems.push(AgendaError::at(file, find.section_key(i, key), message));
        };
        if section.title.trim().is_empty() {
            at(
                "title",
                format!("section {n} has an empty `title`: give it a title"),
            );
        } else if let Some(first) = agenda.sections[..i]
            .iter()
            .position(|s| s.title.trim() == section.title.trim())
        {
            at(
                "title",
                format!(
                    "section {n} has the same title as section {}, `{}`: give each section its own title",
                    first + 1,
                    section.title.trim()
                ),
            );
        }
        if section.minutes == 0 {
            at(
                "minutes",
                format!("section {n} has 0 `minutes`: plan at least one minute or remove it"),
            );
        }
    }
    problems
}

/// Finds where keys are written in block-style YAML, since the parser gives no
/// spans for values. Falls back to the enclosing item, then to 1:1.
pub(super) struct Locator<'a> {
    lines: Vec<&'a str>,
    sections: Vec<SectionItem>,
}

/// Where one item of `sections:` is written.
struct SectionItem {
    /// 0-based index of the line holding its `-`.
    first: usize,
    /// 0-based index one past its last line.
    end: usize,
    /// 0-based column where its keys start (just after `- `).
    key_column: usize,
    /// 0-based column of its `-`.
    dash_column: usize,
}

impl<'a> Locator<'a> {
    pub(super) fn new(source: &'a str) -> Self {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let mut locator = Locator {
            lines: source.lines().collect(),
            sections: Vec::new(),
        };
        locator.sections = locator.find_sections();
        locator
    }

    /// 0-based line of a top-level `key:`.
    fn top_level_line(&self, key: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|line| starts_with_key(line, key))
    }

    /// Position of a top-level `key:`, or 1:1.
    pub(super) fn top_level(&self, key: &str) -> Pos {
        self.top_level_line(key).map_or((1, 1), |i| (i + 1, 1))
    }

    /// Position of `key:` in the `index`-th (0-based) section, or of the section's
    /// `-`, or of `sections:`, or 1:1.
    fn section_key(&self, index: usize, key: &str) -> Pos {
        let Some(item) = self.sections.get(index) else {
            return self.top_level("sections");
        };
        for i in item.first..item.end {
            let line = self.lines[i];
            let at_key_column = i == item.first || indent(line) == item.key_column;
            if at_key_column
                && line
                    .get(item.key_column..)
                    .is_some_and(|rest| starts_with_key(rest, key))
            {
                return (i + 1, item.key_column + 1);
            }
        }
        (item.first + 1, item.dash_column + 1)
    }

    /// The items of the top-level `sections:` block sequence.
    fn find_sections(&self) -> Vec<SectionItem> {
        let Some(start) = self.top_level_line("sections") else {
            return Vec::new();
        };
        let mut items: Vec<SectionItem> = Vec::new();
        let mut end = self.lines.len();
        for (i, line) in self.lines.iter().enumerate().skip(start + 1) {
            let text = line.trim_start();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let column = indent(line);
            let dash = text == "-" || text.starts_with("- ");
            if column == 0 && !dash {
                end = i; // the next top-level key
                break;
            }
            if !dash || items.first().is_some_and(|f| column > f.dash_column) {
                continue; // inside an item (its keys, values or nested lists)
            }
            if items.first().is_some_and(|f| column < f.dash_column) {
                end = i;
                break;
            }
            let after = &text[1..];
            let key_column = column + 1 + (after.len() - after.trim_start().len());
            if let Some(previous) = items.last_mut() {
                previous.end = i;
            }
            items.push(SectionItem {
                first: i,
                end: self.lines.len(),
                key_column,
                dash_column: column,
            });
        }
        if let Some(last) = items.last_mut() {
            last.end = end;
        }
        items
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether `text` starts with `key:` (the key plain or quoted).
fn starts_with_key(text: &str, key: &str) -> bool {
    let rest = [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .find_map(|k| text.strip_prefix(k.as_str()))
        .map(|r| r.trim_start_matches(' '));
    rest.and_then(|r| r.strip_prefix(':'))
        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '#']))
}
