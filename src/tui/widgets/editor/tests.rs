//! The editor driven by keys through the notes key table, drawn after fitting its view.

use std::ops::{Deref, DerefMut};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::widgets::StatefulWidget;

use super::wrapping::wrap_ranges;
use super::{NotesEditor, NotesView};
use crate::tui::keymap;

/// An editor with its view, as the app holds them.
struct Ed {
    editor: NotesEditor,
    view: NotesView,
}

impl Deref for Ed {
    type Target = NotesEditor;
    fn deref(&self) -> &NotesEditor {
        &self.editor
    }
}

impl DerefMut for Ed {
    fn deref_mut(&mut self) -> &mut NotesEditor {
        &mut self.editor
    }
}

impl Ed {
    fn new(text: &str) -> Self {
        Ed {
            editor: NotesEditor::new(text),
            view: NotesView::default(),
        }
    }

    /// Sends a key through the notes key table; returns whether the text changed.
    fn input(&mut self, key: KeyEvent) -> bool {
        match keymap::notes(key) {
            Some(command) => self.editor.apply(command, &mut self.view),
            None => false,
        }
    }

    /// The editor's lines, to compare with a list.
    fn lines(&self) -> Vec<&str> {
        self.editor.notes().lines().collect()
    }

    fn insert_str(&mut self, text: &str) -> bool {
        self.editor.insert_str(text, &mut self.view)
    }

    /// Fits the view to `width` x `height` and draws into a buffer that size.
    fn draw_buffer(&mut self, width: u16, height: u16) -> Buffer {
        self.editor.fit(&mut self.view, width, height);
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let mut view = self.view;
        (&self.editor).render(area, &mut buf, &mut view);
        assert_eq!(view, self.view, "drawing changes nothing");
        buf
    }

    /// Draws into a `width` x `height` buffer; returns the rows as strings.
    fn draw(&mut self, width: u16, height: u16) -> Vec<String> {
        let buf = self.draw_buffer(width, height);
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_owned()
            })
            .collect()
    }

    /// Where the last draw put the cursor.
    fn rendered_cursor_position(&self) -> Option<Position> {
        self.view
            .cursor_in(Rect::new(0, 0, self.view.width, self.view.height))
    }
}

fn typed(e: &mut Ed, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            e.input(key(KeyCode::Enter));
        } else {
            e.input(key(KeyCode::Char(c)));
        }
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::CONTROL)
}

fn alt(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::ALT)
}

fn rows(text: &str, width: usize) -> Vec<&str> {
    wrap_ranges(text, width)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn typing_builds_lines_and_reports_changes() {
    let mut e = Ed::new("");
    assert!(e.is_empty());
    assert!(e.input(key(KeyCode::Char('H'))));
    typed(&mut e, "i there\nsecond");
    assert_eq!(e.lines(), ["Hi there", "second"]);
    assert_eq!(e.text(), "Hi there\nsecond");
    assert_eq!(e.cursor(), (1, 6));
    assert_eq!(e.changed_lines().map(|r| r.end - 1), Some(1));
    assert!(!e.input(key(KeyCode::Left)));
    assert!(
        !e.input(ctrl(KeyCode::Char('a'))),
        "control keys insert nothing"
    );
    assert!(!e.input(key(KeyCode::Char('\u{7}'))));
    assert_eq!(e.text(), "Hi there\nsecond");
}

#[test]
fn new_puts_the_cursor_at_the_end_and_normalizes_newlines() {
    let e = Ed::new("one\r\ntwo\rthree");
    assert_eq!(e.lines(), ["one", "two", "three"]);
    assert_eq!(e.cursor(), (2, 5));
}

#[test]
fn words_wrap_at_blanks_and_long_words_split() {
    assert_eq!(rows("hello world", 5), ["hello ", "world", ""]);
    assert_eq!(rows("hello world", 8), ["hello ", "world"]);
    assert_eq!(
        rows("aaa bbbbbbbbbbbb", 5),
        ["aaa ", "bbbbb", "bbbbb", "bb"]
    );
    assert_eq!(rows("abcdefgh", 3), ["abc", "def", "gh"]);
    assert_eq!(rows("a  b", 2), ["a  ", "b"]);
    assert_eq!(rows("short", 80), ["short"]);
    assert_eq!(rows("", 5), [""]);
}

#[test]
fn wide_characters_are_never_split_across_rows() {
    // Five CJK characters, two columns each, in rows of five columns.
    assert_eq!(rows("東京大阪京", 5), ["東京", "大阪", "京"]);
    assert_eq!(rows("a東京", 4), ["a東", "京"]);
    let mut e = Ed::new("a東京");
    let screen = e.draw(4, 3);
    assert_eq!(screen[0], "a東");
    assert_eq!(screen[1], "京");
    // At the end, after a wide character.
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(2, 1)));
    e.input(key(KeyCode::Left));
    e.draw(4, 3);
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 1)));
    e.input(key(KeyCode::Left));
    e.draw(4, 3);
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(1, 0)));
    assert_eq!(e.cursor(), (0, 1));
}

#[test]
fn backspace_removes_exactly_one_grapheme() {
    for (text, left) in [
        ("cafe\u{301}", "caf"),
        ("ok 👍🏽", "ok "),
        ("family 👩‍👩‍👧", "family "),
        ("flag 🇩🇪", "flag "),
        ("東京", "東"),
        ("a\r\n", "a"),
    ] {
        let mut e = Ed::new(text);
        assert!(e.input(key(KeyCode::Backspace)), "{text}");
        assert_eq!(e.text(), left, "{text:?}");
    }
    let mut e = Ed::new("x");
    e.set_cursor(0, 0);
    assert!(!e.input(key(KeyCode::Backspace)));
}

#[test]
fn backspace_and_delete_join_lines() {
    let mut e = Ed::new("one\ntwo");
    e.set_cursor(1, 0);
    e.input(key(KeyCode::Backspace));
    assert_eq!(e.lines(), ["onetwo"]);
    assert_eq!(e.cursor(), (0, 3));
    e.input(key(KeyCode::Enter));
    assert_eq!(e.lines(), ["one", "two"]);
    e.set_cursor(0, 3);
    e.input(key(KeyCode::Delete));
    assert_eq!(e.lines(), ["onetwo"]);
    e.set_cursor(0, 1);
    e.input(key(KeyCode::Delete));
    assert_eq!(e.lines(), ["oetwo"]);
}

#[test]
fn left_and_right_move_by_grapheme_across_lines() {
    let mut e = Ed::new("e\u{301}\nx");
    e.set_cursor(0, 0);
    e.input(key(KeyCode::Right));
    assert_eq!(e.cursor(), (0, 2), "over the whole cluster");
    e.input(key(KeyCode::Right));
    assert_eq!(e.cursor(), (1, 0));
    e.input(key(KeyCode::Left));
    assert_eq!(e.cursor(), (0, 2));
    e.set_cursor(0, 1);
    assert_eq!(e.cursor(), (0, 0), "inside a cluster goes to its start");
}

#[test]
fn words_move_and_delete() {
    let mut e = Ed::new("one two, three");
    e.input(ctrl(KeyCode::Left));
    assert_eq!(e.cursor(), (0, 9));
    e.input(alt(KeyCode::Char('b')));
    assert_eq!(e.cursor(), (0, 4));
    e.input(alt(KeyCode::Char('f')));
    assert_eq!(e.cursor(), (0, 7));
    e.input(ctrl(KeyCode::Right));
    assert_eq!(e.cursor(), (0, 14));
    assert!(e.input(ctrl(KeyCode::Char('w'))));
    assert_eq!(e.text(), "one two, ");
    assert!(e.input(alt(KeyCode::Backspace)));
    assert_eq!(e.text(), "one ");
}

#[test]
fn up_and_down_move_by_wrapped_row_keeping_the_column() {
    let mut e = Ed::new("abcdefghij\nxy\n0123456789");
    e.draw(5, 10);
    // Rows: abcde | fghij | (empty) | xy | 01234 | 56789 | (empty)
    e.set_cursor(0, 3);
    e.input(key(KeyCode::Down));
    assert_eq!(e.cursor(), (0, 8));
    e.input(key(KeyCode::Down));
    assert_eq!(e.cursor(), (0, 10), "the empty row after a full one");
    e.input(key(KeyCode::Down));
    assert_eq!(e.cursor(), (1, 2), "clamped to the short line");
    e.input(key(KeyCode::Down));
    assert_eq!(e.cursor(), (2, 3), "the preferred column comes back");
    e.input(key(KeyCode::Up));
    e.input(key(KeyCode::Up));
    e.input(key(KeyCode::Up));
    assert_eq!(e.cursor(), (0, 8));
    e.input(key(KeyCode::Home));
    assert_eq!(e.cursor(), (0, 5));
    e.input(key(KeyCode::End));
    assert_eq!(e.cursor(), (0, 10));
    e.set_cursor(0, 1);
    e.input(key(KeyCode::End));
    assert_eq!(
        e.cursor(),
        (0, 4),
        "the end of a row that is not the line's last"
    );
    e.input(ctrl(KeyCode::End));
    assert_eq!(e.cursor(), (2, 10));
    e.input(ctrl(KeyCode::Home));
    assert_eq!(e.cursor(), (0, 0));
}

#[test]
fn undo_and_redo_treat_a_typed_run_as_one_step() {
    let mut e = Ed::new("start");
    typed(&mut e, " more");
    e.input(key(KeyCode::Enter));
    typed(&mut e, "next");
    e.input(key(KeyCode::Backspace));
    e.input(key(KeyCode::Backspace));
    assert_eq!(e.text(), "start more\nne");
    assert!(e.input(ctrl(KeyCode::Char('u'))));
    assert_eq!(e.text(), "start more\nnext");
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.text(), "start more\n");
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.text(), "start more");
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.text(), "start");
    assert_eq!(e.cursor(), (0, 5));
    assert!(!e.input(ctrl(KeyCode::Char('u'))));
    assert!(e.input(ctrl(KeyCode::Char('y'))));
    assert!(e.input(ctrl(KeyCode::Char('y'))));
    assert_eq!(e.text(), "start more\n");
    assert_eq!(e.cursor(), (1, 0));
    typed(&mut e, "x");
    assert!(
        !e.input(ctrl(KeyCode::Char('y'))),
        "a new edit drops the redo"
    );
}

#[test]
fn moving_the_cursor_ends_a_typed_run() {
    let mut e = Ed::new("");
    typed(&mut e, "ab");
    e.input(key(KeyCode::Left));
    typed(&mut e, "X");
    assert_eq!(e.text(), "aXb");
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.text(), "ab");
}

#[test]
fn paste_splits_lines_and_drops_control_characters() {
    let mut e = Ed::new("head");
    assert!(e.insert_str(" one\r\ntwo\rthree\tend\u{1b}[31m\u{7}"));
    assert_eq!(e.lines(), ["head one", "two", "three\tend[31m"]);
    assert_eq!(e.cursor(), (2, 13));
    assert_eq!(e.changed_lines(), Some(0..3));
    assert!(!e.insert_str("\u{1b}"));
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.text(), "head");
    e.set_cursor(0, 2);
    e.insert_str("A\nB");
    assert_eq!(e.lines(), ["heA", "Bad"]);
    assert_eq!(e.cursor(), (1, 1));
}

#[test]
fn a_resize_rewraps_and_keeps_the_cursor_on_screen() {
    let mut e = Ed::new("the quick brown fox jumps over the lazy dog");
    let wide = e.draw(50, 2);
    assert_eq!(wide[0], "the quick brown fox jumps over the lazy dog");
    let narrow = e.draw(10, 3);
    assert_eq!(narrow, ["jumps over", "the lazy", "dog"]);
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(3, 2)));
    e.input(ctrl(KeyCode::Home));
    assert_eq!(e.draw(10, 3), ["the quick", "brown fox", "jumps over"]);
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 0)));
    assert_eq!(e.draw(50, 3)[0], wide[0]);
}

#[test]
fn scrolling_keeps_the_cursor_visible() {
    let text: Vec<String> = (0..1000).map(|i| format!("line {i}")).collect();
    let mut e = Ed::new(&text.join("\n"));
    let screen = e.draw(20, 5);
    assert_eq!(screen[4], "line 999");
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(8, 4)));
    for _ in 0..6 {
        e.input(key(KeyCode::Up));
    }
    let screen = e.draw(20, 5);
    assert_eq!(screen[0], "line 993");
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(8, 0)));
    e.input(key(KeyCode::PageUp));
    let screen = e.draw(20, 5);
    assert_eq!(e.cursor().0, 989);
    assert!(screen.contains(&"line 989".to_owned()));
    e.input(ctrl(KeyCode::Home));
    assert_eq!(e.draw(20, 5)[0], "line 0");
    e.input(key(KeyCode::PageDown));
    e.input(key(KeyCode::PageDown));
    e.draw(20, 5);
    assert_eq!(e.cursor().0, 8);
    let pos = e.rendered_cursor_position().map(|p| p.y);
    assert!(pos.is_some());
    e.input(ctrl(KeyCode::End));
    assert_eq!(e.draw(20, 5)[4], "line 999");
}

#[test]
fn edits_keep_the_view_still_and_undo_brings_it_back() {
    let text: Vec<String> = (0..50).map(|i| format!("l{i}")).collect();
    let mut e = Ed::new(&text.join("\n"));
    e.draw(10, 5);
    e.set_cursor(47, 0);
    e.input(key(KeyCode::Enter));
    assert_eq!(e.draw(10, 5), ["l45", "l46", "", "l47", "l48"]);
    e.input(ctrl(KeyCode::Home));
    typed(&mut e, "top ");
    assert_eq!(e.draw(10, 2), ["top l0", "l1"]);
    e.input(ctrl(KeyCode::End));
    assert_eq!(e.draw(10, 2), ["l48", "l49"]);
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.draw(10, 2), ["l0", "l1"]);
    assert_eq!(e.cursor(), (0, 0));
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.lines().len(), 50);
    assert_eq!(e.draw(10, 2), ["l46", "l47"]);
}

#[test]
fn tiny_areas_draw_without_panicking() {
    let mut e = Ed::new("東京 hello\nworld 👩‍👩‍👧");
    for (w, h) in [(0, 0), (1, 1), (2, 2), (0, 3), (3, 0), (1, 5)] {
        e.draw(w, h);
        if w == 0 || h == 0 {
            assert_eq!(e.rendered_cursor_position(), None);
        } else {
            let p = e.rendered_cursor_position().expect("drawn");
            assert!(p.x < w && p.y < h, "{w}x{h}: {p:?}");
        }
        e.input(key(KeyCode::Up));
    }
}

#[test]
fn the_placeholder_shows_only_when_empty() {
    let mut e = Ed::new("");
    e.set_placeholder("Type notes here");
    assert_eq!(e.draw(20, 2)[0], "Type notes here");
    let buf = e.draw_buffer(20, 1);
    assert!(buf[(0, 0)].modifier.contains(Modifier::DIM));
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(0, 0)));
    typed(&mut e, "x");
    assert_eq!(e.draw(20, 2)[0], "x");
}

#[test]
fn control_characters_in_loaded_text_are_drawn_as_spaces() {
    let mut e = Ed::new("a\tb\u{1b}c");
    assert_eq!(e.draw(10, 1)[0], "a b c");
    assert_eq!(e.rendered_cursor_position(), Some(Position::new(5, 0)));
}

#[test]
fn only_edited_lines_are_rewrapped() {
    let text: Vec<String> = (0..100).map(|i| format!("line {i} with words")).collect();
    let mut e = Ed::new(&text.join("\n"));
    e.draw(8, 4);
    let wrapped = |e: &Ed| {
        e.editor
            .wraps
            .iter()
            .filter(|w| w.as_ref().is_some_and(|w| w.is_computed()))
            .count()
    };
    assert!(
        wrapped(&e) <= 4,
        "only the lines on screen: {}",
        wrapped(&e)
    );
    typed(&mut e, "!");
    e.draw(8, 4);
    assert!(wrapped(&e) <= 4);
}

#[test]
fn another_seats_change_keeps_the_cursor_on_its_character() {
    let mut e = Ed::new("runners: ok\nsecond line");
    e.set_cursor(0, 7);
    e.take_changes();
    // Text put in before the cursor on its line moves it along.
    assert!(e.editor.apply_remote((0, 0), (0, 0), "GL ", &mut e.view));
    assert_eq!(e.cursor(), (0, 10));
    assert_eq!(e.lines()[0], "GL runners: ok");
    // Text put in at the cursor goes after it.
    assert!(e.editor.apply_remote((0, 10), (0, 10), "XY", &mut e.view));
    assert_eq!(e.cursor(), (0, 10));
    // A new line above moves the cursor down with its line.
    assert!(e.editor.apply_remote((0, 0), (0, 0), "top\n", &mut e.view));
    assert_eq!(e.cursor(), (1, 10));
    assert_eq!(e.lines()[1], "GL runnersXY: ok");
    // None of it is this editor's change to report.
    assert!(e.take_changes().is_empty());
}

#[test]
fn another_seats_change_is_not_undone_here() {
    let mut e = Ed::new("");
    typed(&mut e, "mine");
    assert!(
        e.editor
            .apply_remote((0, 4), (0, 4), " theirs", &mut e.view)
    );
    assert_eq!(e.lines(), ["mine theirs"]);
    // The change landed after this editor's typing: undo takes back only its own.
    e.input(ctrl(KeyCode::Char('u')));
    assert_eq!(e.lines(), [" theirs"]);
    // A change before this editor's undo steps makes them unsafe: they are dropped.
    let mut e = Ed::new("");
    typed(&mut e, "mine");
    assert!(
        e.editor
            .apply_remote((0, 0), (0, 0), "theirs ", &mut e.view)
    );
    assert!(!e.input(ctrl(KeyCode::Char('u'))));
    assert_eq!(e.lines(), ["theirs mine"]);
}

#[test]
fn another_seats_change_that_does_not_fit_is_refused() {
    let mut e = Ed::new("é");
    assert!(!e.editor.apply_remote((0, 1), (0, 1), "x", &mut e.view));
    assert!(!e.editor.apply_remote((3, 0), (3, 0), "x", &mut e.view));
    assert!(!e.editor.apply_remote((0, 2), (0, 0), "x", &mut e.view));
    assert_eq!(e.lines(), ["é"]);
}

#[test]
fn another_seats_note_typed_where_this_cursor_waits_at_a_line_start_goes_before_it() {
    let mut e = Ed::new("");
    // Their note arrives a character at a time at this idle cursor.
    for (i, c) in "Asha".char_indices() {
        assert!(
            e.editor
                .apply_remote((0, i), (0, i), &c.to_string(), &mut e.view)
        );
    }
    assert_eq!(e.cursor(), (0, 4), "carried to the end of their text");
    typed(&mut e, "\nPriya");
    assert_eq!(e.lines(), ["Asha", "Priya"]);
    // A cursor after a character of its line keeps to it.
    assert!(
        e.editor
            .apply_remote((1, 5), (1, 5), " (lead)", &mut e.view)
    );
    assert_eq!(e.cursor(), (1, 5));
}

#[test]
fn the_editor_shares_the_notes_it_is_given_until_it_changes_them() {
    let notes = crate::core::notes::Notes::from("first\nsecond\nthird");
    let mut e = Ed {
        editor: NotesEditor::from_notes(notes.clone()),
        view: NotesView::default(),
    };
    assert!(e.notes().shares_storage_with(&notes));
    e.editor.set_cursor(1, 6);
    typed(&mut e, "!");
    assert!(e.input(key(KeyCode::Enter)));
    assert_eq!(e.lines(), ["first", "second!", "", "third"]);
    assert!(!e.notes().shares_storage_with(&notes));
    assert_eq!(notes, "first\nsecond\nthird");
}
