//! Between the two shapes of one change to a section's notes: lines replaced (what the
//! editor, the model and the journal speak) and a splice of the text the lines make when
//! joined with `\n` (what the shared document speaks).
//!
//! A splice is always the smallest one: typing a character is a one-character insertion,
//! so two people typing on the same line never replace each other's line.

use crate::core::notes::{Line, NoteChange, Notes};

/// `removed` bytes at byte offset `at` of the text replaced by `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Byte offset in the text (always a `char` boundary).
    pub at: usize,
    /// Bytes removed from `at`.
    pub removed: usize,
    /// Text put in their place.
    pub inserted: String,
}

/// Lines replaced: `removed` lines from `start` by `lines` (the shape of a `NoteEdit`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineSplice {
    /// First line replaced.
    pub start: usize,
    /// How many lines were replaced.
    pub removed: usize,
    /// The new lines.
    pub lines: Vec<Line>,
}

/// The same change as text between two places of the old lines: from `from` to `to`, each
/// (line, byte column), replaced by `inserted` (what an editor applies to keep its cursor
/// on the same character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Where the replaced text starts.
    pub from: (usize, usize),
    /// Where it ends.
    pub to: (usize, usize),
    /// What replaces it.
    pub inserted: String,
}

/// The smallest splice of `text(lines)` that replacing `removed` lines from `start` with
/// `new` makes, where `text` joins lines with `\n` and an empty list of lines is one empty
/// line. `None` when the range is outside the lines or nothing changes.
pub fn text_splice(lines: &Notes, start: usize, removed: usize, new: &[Line]) -> Option<Splice> {
    let n = lines.line_count();
    if start.checked_add(removed)? > n {
        return None;
    }
    // The notes never end up empty: removing every line leaves one empty line.
    let emptied = [Line::default()];
    let new = if removed == n && new.is_empty() {
        &emptied[..]
    } else {
        new
    };
    let offset = lines.offset_of(start);
    let old_len = |count: usize| -> usize {
        lines
            .lines_in(start..start + count)
            .map(str::len)
            .sum::<usize>()
            + count.saturating_sub(1)
    };
    let (at, removed_bytes, inserted) = match (removed, new.len()) {
        (0, 0) => return None,
        (0, _) if start < n => (offset, 0, new.join("\n") + "\n"),
        // Appending after the last line: the separator goes before the new lines.
        (0, _) => (offset - 1, 0, format!("\n{}", new.join("\n"))),
        (_, 0) if start + removed < n => (offset, old_len(removed) + 1, String::new()),
        // Removing the last lines takes the separator before them.
        (_, 0) => (offset - 1, old_len(removed) + 1, String::new()),
        // Only the replaced lines are joined, never the whole text.
        (_, _) => {
            return minimal(
                offset,
                &lines
                    .lines_in(start..start + removed)
                    .collect::<Vec<_>>()
                    .join("\n"),
                &new.join("\n"),
            );
        }
    };
    Some(Splice {
        at,
        removed: removed_bytes,
        inserted,
    })
}

/// Shrinks the replacement of `old` by `new` at `at` to the part that differs, on `char`
/// boundaries; `None` when they are equal.
fn minimal(at: usize, old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let mut suffix = old_rest
        .bytes()
        .rev()
        .zip(new_rest.bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old_rest.is_char_boundary(old_rest.len() - suffix) {
        suffix -= 1;
    }
    Some(Splice {
        at: at + prefix,
        removed: old_rest.len() - suffix,
        inserted: new_rest[..new_rest.len() - suffix].to_owned(),
    })
}

/// Where a splice of `text(lines)` starts and ends in the lines, and what it puts there;
/// `None` when it does not fit the text or cuts a `char`. Reads no line's text but the
/// two it lands in.
pub fn span(lines: &Notes, splice: &Splice) -> Option<Span> {
    let (start_row, start_col) = locate(lines, 0, 0, splice.at)?;
    let line_start = splice.at - start_col;
    let to = locate(lines, start_row, line_start, splice.at + splice.removed)?;
    Some(Span {
        from: (start_row, start_col),
        to,
        inserted: splice.inserted.clone(),
    })
}

/// The change `span` makes to `lines`: within one line when it stays in one (what
/// typing costs however long the line), else the lines it replaces.
pub fn change(lines: &Notes, span: &Span) -> NoteChange {
    let ((row, from), (last, to)) = (span.from, span.to);
    if row == last && !span.inserted.contains('\n') {
        return NoteChange::Splice {
            line: row,
            at: from,
            cut: to - from,
            text: span.inserted.clone(),
        };
    }
    let edit = lines_of(lines, span);
    NoteChange::Lines {
        start: edit.start,
        removed: edit.removed,
        lines: edit.lines,
    }
}

/// The lines `span` replaces in `lines`, and what replaces them.
fn lines_of(lines: &Notes, span: &Span) -> LineSplice {
    let ((start_row, start_col), (end_row, end_col)) = (span.from, span.to);
    let first = &lines[start_row];
    let last = &lines[end_row];
    let mut joined = String::with_capacity(start_col + span.inserted.len() + last.len() - end_col);
    joined.push_str(&first[..start_col]);
    joined.push_str(&span.inserted);
    joined.push_str(&last[end_col..]);
    LineSplice {
        start: start_row,
        removed: end_row - start_row + 1,
        lines: joined.split('\n').map(Line::from).collect(),
    }
}

/// The (line, byte column) of byte `offset` of the text, walking from line `row`, which
/// starts at byte `row_start`.
fn locate(
    lines: &Notes,
    mut row: usize,
    mut row_start: usize,
    offset: usize,
) -> Option<(usize, usize)> {
    loop {
        let line = lines.get(row)?;
        let col = offset.checked_sub(row_start)?;
        if col <= line.len() {
            return line.is_char_boundary(col).then_some((row, col));
        }
        row_start += line.len() + 1;
        row += 1;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The lines a splice of `text(lines)` replaces, and what replaces them; `None` when
    /// the splice does not fit the text or cuts a `char`.
    fn line_splice(lines: &Notes, splice: &Splice) -> Option<(LineSplice, Span)> {
        let span = span(lines, splice)?;
        Some((lines_of(lines, &span), span))
    }

    fn lines(text: &str) -> Vec<Line> {
        text.split('\n').map(Line::from).collect()
    }

    fn notes(text: &str) -> Notes {
        Notes::from(text)
    }

    fn apply_lines(mut l: Notes, s: &LineSplice) -> Notes {
        assert!(l.splice(s.start, s.removed, &s.lines));
        l
    }

    fn apply_text(text: &str, s: &Splice) -> String {
        format!(
            "{}{}{}",
            &text[..s.at],
            s.inserted,
            &text[s.at + s.removed..]
        )
    }

    #[test]
    fn a_typed_character_is_a_one_character_insertion() {
        let l = notes("goals\nfaster CI\nnext");
        let s = text_splice(&l, 1, 1, &lines("faster CI!")).unwrap();
        assert_eq!(
            s,
            Splice {
                at: 15,
                removed: 0,
                inserted: "!".into()
            }
        );
    }

    #[test]
    fn new_lines_at_the_end_take_the_separator_before_them() {
        let l = notes("a\nb");
        let s = text_splice(&l, 2, 0, &lines("c")).unwrap();
        assert_eq!(apply_text("a\nb", &s), "a\nb\nc");
        let s = text_splice(&l, 1, 1, &[]).unwrap();
        assert_eq!(apply_text("a\nb", &s), "a");
        let s = text_splice(&l, 0, 2, &[]).unwrap();
        assert_eq!(apply_text("a\nb", &s), "");
    }

    #[test]
    fn a_changed_accent_is_cut_on_char_boundaries() {
        let l = notes("café");
        let s = text_splice(&l, 0, 1, &lines("cafè")).unwrap();
        assert_eq!(
            s,
            Splice {
                at: 3,
                removed: 2,
                inserted: "è".into()
            }
        );
    }

    #[test]
    fn a_splice_that_cuts_a_char_or_overruns_is_refused() {
        let l = notes("é\nb");
        assert_eq!(
            line_splice(
                &l,
                &Splice {
                    at: 1,
                    removed: 0,
                    inserted: "x".into()
                }
            ),
            None
        );
        assert_eq!(
            line_splice(
                &l,
                &Splice {
                    at: 2,
                    removed: 9,
                    inserted: String::new()
                }
            ),
            None
        );
    }

    #[test]
    fn a_pasted_paragraph_splits_into_lines() {
        let l = notes("one\ntwo");
        let (s, span) = line_splice(
            &l,
            &Splice {
                at: 2,
                removed: 3,
                inserted: "X\nY\nZ".into(),
            },
        )
        .unwrap();
        assert_eq!(apply_lines(l, &s), notes("onX\nY\nZwo"));
        assert_eq!((span.from, span.to), ((0, 2), (1, 1)));
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop_oneof!["a", "b", "é", "\n", "漢", " "], 0..12)
            .prop_map(|v| v.concat())
    }

    proptest! {
        /// Lines replaced, seen as a splice of the text and back, change the text the same way.
        #[test]
        fn both_shapes_make_the_same_text(
            text in text_strategy(),
            start_seed in 0usize..20,
            removed_seed in 0usize..20,
            new in proptest::collection::vec(text_strategy().prop_map(|t| t.replace('\n', "")), 0..4),
        ) {
            let old = notes(&text);
            let start = start_seed % (old.line_count() + 1);
            let removed = removed_seed % (old.line_count() - start + 1);
            let expected = apply_lines(old.clone(), &LineSplice { start, removed, lines: new.iter().map(Line::from).collect() });
            match text_splice(&old, start, removed, &new.iter().map(Line::from).collect::<Vec<_>>()) {
                None => prop_assert_eq!(&expected, &old),
                Some(s) => {
                    let after = apply_text(&text, &s);
                    prop_assert_eq!(&after, &expected.text());
                    let (back, _) = line_splice(&old, &s).unwrap();
                    prop_assert_eq!(apply_lines(old.clone(), &back), expected);
                }
            }
        }
    }
}
