//! Property tests: random key sequences against the meeting screen, drawn after every event
//! at a random terminal size (0x0 to 300x100) with ratatui's `TestBackend`.
//!
//! - `notes_follow_the_model`: typed text of single-grapheme characters (ASCII, accented,
//!   CJK, emoji, right-to-left letters), pastes, editing and movement keys, Tab, Esc, the
//!   app's Ctrl keys and forms. After every event the notes of every section must equal a
//!   simple reference model of what was typed.
//! - `notes_follow_the_model_with_clusters`: the same with multi-code-point graphemes
//!   (combining marks, ZWJ emoji, flags, skin tones): Backspace, Delete and the arrows
//!   work on whole graphemes.
//! - `hostile_input_never_panics`: no model; any text (troubleshooting phrases that raise
//!   the drift banner, terminal escapes in pastes), any Ctrl key but the quit and suspend
//!   keys, function keys and other events. Checks that nothing panics, the notes hold no
//!   control characters but newlines and tabs, the editor and the meeting agree, and the
//!   cursor is drawn inside the screen.
//!
//! - `painted_screen_matches_a_full_redraw`: the hostile operations at one large size,
//!   the clock moving only now and then, so that most frames are painted over the last
//!   one (only the notes and the rows below them drawn again).
//!
//! Every property paints each frame on one terminal the way the shell does (writing only
//! what changed since the last frame) and checks that it then shows what a terminal shows
//! on which ratatui drew every frame whole.
//!
//! Failing sequences are saved as seeds in `keys_proptest.proptest-regressions` next to
//! this file and replayed first on every run; commit them.
//!
//! Each property runs 1,000 sequences unless `PROPTEST_CASES` says otherwise; run with
//! `--nocapture` to see how many sequences, events and draws it covered.

mod common;

use std::sync::atomic::{AtomicU64, Ordering};

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::rc::Rc;

use common::TestApp;
use kickoff::core::clock::FakeClock;
use kickoff::core::meeting::{Meeting, Phase};
use kickoff::tui::app::{App, DriftFlag, Focus};
use kickoff::tui::view::{self, Painter};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestError, TestRunner};
use ratatui::Terminal;
use ratatui::backend::{Backend, TestBackend};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

/// Operations per sequence at most.
const MAX_OPS: usize = 24;
/// Events per sequence at most (a typed word is one event per character): longer
/// sequences are cut.
const MAX_EVENTS: usize = 60;

// ---------------------------------------------------------------------------------------
// Counters (shrinking re-runs count too)
// ---------------------------------------------------------------------------------------

struct Counters {
    /// Whether to check that the cursor is drawn on screen.
    check_cursor: bool,
    sequences: AtomicU64,
    events: AtomicU64,
    draws: AtomicU64,
    large_draws: AtomicU64,
    drift_banners: AtomicU64,
    /// Frames painted over the last one (only the notes and the rows below drawn again).
    partial: AtomicU64,
    /// Sequences the model stopped early (cursor inside a grapheme after typing).
    cut: AtomicU64,
}

impl Counters {
    const fn new(check_cursor: bool) -> Self {
        Counters {
            check_cursor,
            sequences: AtomicU64::new(0),
            events: AtomicU64::new(0),
            draws: AtomicU64::new(0),
            large_draws: AtomicU64::new(0),
            drift_banners: AtomicU64::new(0),
            partial: AtomicU64::new(0),
            cut: AtomicU64::new(0),
        }
    }

    fn report(&self, name: &str) {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        println!(
            "{name}: {} sequences ({} cut short), {} events, {} draws ({} at 80x24 or more, {} painted over the last frame), {} events with a drift banner",
            get(&self.sequences),
            get(&self.cut),
            get(&self.events),
            get(&self.draws),
            get(&self.large_draws),
            get(&self.partial),
            get(&self.drift_banners),
        );
    }
}

static MODEL_COUNTS: Counters = Counters::new(true);
static CLUSTER_COUNTS: Counters = Counters::new(true);
static HOSTILE_COUNTS: Counters = Counters::new(true);
static PAINT_COUNTS: Counters = Counters::new(true);

// ---------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------

/// One user operation; `Type` sends one key per character.
#[derive(Debug, Clone)]
enum Op {
    Type(String),
    Enter,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    Tab,
    BackTab,
    Esc,
    Paste(String),
    /// Ctrl + a letter (or space).
    Ctrl(char),
    /// Alt + a digit: toggles a prompt.
    Alt(char),
    /// Any other event (hostile property only): mouse, focus, resize, function keys.
    Other(Event),
}

/// The terminal size drawn at after an event.
type Size = (u16, u16);

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// The events an operation sends.
fn events(op: &Op) -> Vec<Event> {
    let plain = |code| vec![key(code, KeyModifiers::NONE)];
    match op {
        Op::Type(text) => text
            .chars()
            .map(|c| {
                let shift = if c.is_uppercase() {
                    KeyModifiers::SHIFT
                } else {
                    KeyModifiers::NONE
                };
                key(KeyCode::Char(c), shift)
            })
            .collect(),
        Op::Enter => plain(KeyCode::Enter),
        Op::Backspace => plain(KeyCode::Backspace),
        Op::Delete => plain(KeyCode::Delete),
        Op::Left => plain(KeyCode::Left),
        Op::Right => plain(KeyCode::Right),
        Op::Up => plain(KeyCode::Up),
        Op::Down => plain(KeyCode::Down),
        Op::Home => plain(KeyCode::Home),
        Op::End => plain(KeyCode::End),
        Op::Tab => plain(KeyCode::Tab),
        Op::BackTab => vec![key(KeyCode::BackTab, KeyModifiers::SHIFT)],
        Op::Esc => plain(KeyCode::Esc),
        Op::Paste(text) => vec![Event::Paste(text.clone())],
        Op::Ctrl(c) => vec![key(KeyCode::Char(*c), KeyModifiers::CONTROL)],
        Op::Alt(c) => vec![key(KeyCode::Char(*c), KeyModifiers::ALT)],
        Op::Other(event) => vec![event.clone()],
    }
}

/// Characters that are one grapheme each whatever comes before or after them.
const SIMPLE: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'h', 'i', 'k', 'm', 'n', 'o', 'r', 's', 't', 'u', 'w', 'x', 'y', 'z',
    'A', 'D', 'K', 'S', 'Z', '0', '1', '2', '7', '9', ' ', ' ', ' ', '.', ',', ':', '-', '|', '#',
    '`', '\\', '<', '>', '@', '~', 'é', 'ß', 'ø', 'ñ', 'Ж', 'λ', 'Ω', '東', '京', '会', '議', 'あ',
    '한', '📝', '🚀', '😀', 'ש', 'ל', 'م', 'ر', '½', '→',
];

/// Code points that join the grapheme before them, or pair up.
const CLUSTERY: &[char] = &[
    '\u{301}',   // combining acute accent
    '\u{308}',   // combining diaeresis
    '\u{327}',   // combining cedilla
    '\u{200d}',  // zero width joiner
    '\u{fe0f}',  // emoji presentation selector
    '\u{1f3fd}', // skin tone modifier
    '🇩',
    '🇪',
    '🇯',
    '🇵', // regional indicators
    '👩',
    '💻',
    '❤',
    '👍',
    '\u{0e49}', // Thai tone mark
    'ก',
];

/// Whole clusters typed key by key.
const CLUSTERS: &[&str] = &[
    "e\u{301}",
    "a\u{308}\u{301}",
    "👩\u{200d}💻",
    "❤\u{fe0f}",
    "👍\u{1f3fd}",
    "🇩🇪",
    "🇯🇵",
    "ก\u{0e49}",
    "\u{1100}\u{1161}\u{11a8}", // Hangul jamo L V T
];

/// Phrases that raise the drift banner.
const TROUBLE: &[&str] = &[
    "job 1234 fails with exit code 137",
    "how do I fix the runner",
    "ERROR: Job failed: exit status 1",
    "502 Bad Gateway after the upgrade",
    "pipelines are not working since 16.4",
    "at Gitlab::Ci::Build.run (app/models/ci/build.rb:42)",
    "2026-11-23T14:00:00Z ERROR sidekiq: connection refused",
];

/// Escapes and control characters a paste may carry.
const NASTY: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}]52;c;aGVsbG8=\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{202e}",
    "\u{feff}",
    "\r",
    "\t",
];

fn simple_char() -> impl Strategy<Value = char> {
    prop::sample::select(SIMPLE)
}

fn cluster_char() -> impl Strategy<Value = char> {
    prop_oneof![3 => simple_char(), 2 => prop::sample::select(CLUSTERY)]
}

/// A Unicode scalar value crossterm could deliver as `KeyCode::Char`: anything but a control.
fn any_typed_char() -> impl Strategy<Value = char> {
    any::<char>().prop_filter("crossterm never delivers control characters as Char", |c| {
        !c.is_control()
    })
}

/// Pasted text: pieces of `text`, newlines (\n, \r\n, lone \r) and tabs.
fn paste_of(text: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop::collection::vec(
        prop_oneof![
            6 => text,
            2 => Just("\n".to_owned()),
            1 => Just("\r\n".to_owned()),
            1 => Just("\r".to_owned()),
            1 => Just("\t".to_owned()),
        ],
        0..8,
    )
    .prop_map(|pieces| pieces.concat())
    .boxed()
}

fn word(c: impl Strategy<Value = char> + 'static) -> BoxedStrategy<String> {
    prop::collection::vec(c, 1..6)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// Operations for the model properties: `text` generates typed and pasted text.
fn model_op(text: BoxedStrategy<String>) -> impl Strategy<Value = Op> {
    prop_oneof![
        30 => text.clone().prop_map(Op::Type),
        6 => Just(Op::Enter),
        6 => Just(Op::Backspace),
        3 => Just(Op::Delete),
        4 => Just(Op::Left),
        3 => Just(Op::Right),
        2 => Just(Op::Up),
        2 => Just(Op::Down),
        2 => Just(Op::Home),
        2 => Just(Op::End),
        2 => Just(Op::Tab),
        1 => Just(Op::BackTab),
        3 => Just(Op::Esc),
        3 => paste_of(text).prop_map(Op::Paste),
        // A troubleshooting note raises the drift banner, which ^K parks and Esc dismisses.
        1 => prop::sample::select(TROUBLE).prop_map(|t| Op::Paste(t.to_owned())),
        // ^N twice as often as the others so meetings start and move on.
        12 => prop::sample::select(&['n', 'n', 'p', 't', 'a', 'o', 'd', 'l', 'k', 'r', 'g', 'e', 's', 'f', ' '][..])
            .prop_map(Op::Ctrl),
        1 => prop::sample::select(&['1', '2', '9'][..]).prop_map(Op::Alt),
    ]
}

/// Operations for the hostile property: anything a terminal can send but the quit and
/// suspend keys (^Q, ^C, ^Z) and the debug panic key (F12).
fn hostile_op() -> impl Strategy<Value = Op> {
    let text = prop_oneof![
        4 => word(any_typed_char()),
        4 => word(cluster_char()),
        2 => prop::sample::select(TROUBLE).prop_map(str::to_owned),
    ]
    .boxed();
    let paste = prop::collection::vec(
        prop_oneof![
            4 => text.clone(),
            2 => prop::sample::select(NASTY).prop_map(str::to_owned),
            1 => Just("\n".to_owned()),
            1 => Just("\r\n".to_owned()),
            1 => prop::collection::vec(any::<char>(), 0..8).prop_map(|c| c.into_iter().collect()),
        ],
        0..8,
    )
    .prop_map(|p| p.concat());
    let ctrl = any::<char>().prop_filter("not a quit or suspend key", |c| {
        !matches!(c.to_ascii_lowercase(), 'q' | 'c' | 'z') && !c.is_control()
    });
    let ctrl_ascii = (b'a'..=b'z')
        .prop_map(char::from)
        .prop_filter("not a quit or suspend key", |c| {
            !matches!(c, 'q' | 'c' | 'z')
        });
    let other = prop_oneof![
        (1u8..=11).prop_map(|n| key(KeyCode::F(n), KeyModifiers::NONE)),
        Just(key(KeyCode::PageUp, KeyModifiers::NONE)),
        Just(key(KeyCode::PageDown, KeyModifiers::NONE)),
        Just(key(KeyCode::Insert, KeyModifiers::NONE)),
        Just(key(KeyCode::Null, KeyModifiers::NONE)),
        Just(key(KeyCode::Backspace, KeyModifiers::ALT)),
        Just(key(KeyCode::Delete, KeyModifiers::ALT)),
        Just(key(KeyCode::Left, KeyModifiers::CONTROL)),
        Just(key(KeyCode::Right, KeyModifiers::CONTROL)),
        Just(key(KeyCode::Up, KeyModifiers::SHIFT)),
        Just(key(KeyCode::End, KeyModifiers::SHIFT)),
        any_typed_char().prop_map(|c| key(KeyCode::Char(c), KeyModifiers::ALT)),
        Just(Event::FocusGained),
        Just(Event::FocusLost),
        (0u16..=300, 0u16..=100).prop_map(|(w, h)| Event::Resize(w, h)),
        (0u16..=300, 0u16..=100).prop_map(|(column, row)| Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
        Just(Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        })),
    ];
    prop_oneof![
        30 => text.prop_map(Op::Type),
        5 => Just(Op::Enter),
        5 => Just(Op::Backspace),
        3 => Just(Op::Delete),
        3 => Just(Op::Left),
        2 => Just(Op::Right),
        2 => Just(Op::Up),
        2 => Just(Op::Down),
        1 => Just(Op::Home),
        1 => Just(Op::End),
        3 => Just(Op::Tab),
        2 => Just(Op::BackTab),
        4 => Just(Op::Esc),
        5 => paste.prop_map(Op::Paste),
        10 => prop::sample::select(&['n', 'n', 'p', 't', 'a', 'o', 'd', 'l', 'k', 'r', 'g', 'e', ' ', '@'][..])
            .prop_map(Op::Ctrl),
        3 => ctrl_ascii.prop_map(Op::Ctrl),
        1 => ctrl.prop_map(Op::Ctrl),
        1 => (b'0'..=b'9').prop_map(|d| Op::Alt(char::from(d))),
        4 => other.prop_map(Op::Other),
    ]
}

/// Terminal sizes: mostly tiny or around the 80x24 minimum, sometimes anything up to
/// 300x100.
fn size() -> impl Strategy<Value = Size> {
    // Drawing the whole screen costs milliseconds in a debug build, most of it solving
    // the layout, which ratatui caches per size: big screens come mostly from a few sizes
    // (as real terminals do). The "too small" screen costs microseconds.
    prop_oneof![
        16 => (0u16..=12, 0u16..=6),
        4 => (13u16..=79, 7u16..=23),
        3 => prop::sample::select(LARGE),
        1 => (80u16..=300, 24u16..=100),
    ]
}

/// Common terminal sizes at or above the 80x24 minimum, up to 300x100.
const LARGE: &[Size] = &[
    (80, 24),
    (81, 24),
    (80, 25),
    (90, 30),
    (100, 30),
    (120, 40),
    (132, 43),
    (160, 50),
    (200, 60),
    (300, 100),
];

/// A sequence: whether to start the meeting (^N) first, then operations, each drawn at
/// a size afterwards.
fn sequence(op: impl Strategy<Value = Op>) -> impl Strategy<Value = (bool, Vec<(Op, Size)>)> {
    (
        prop::bool::weighted(0.85),
        prop::collection::vec((op, size()), 0..MAX_OPS),
    )
}

// ---------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------

/// The terminals a sequence draws on: one painted the way the terminal shell paints
/// (only what changed since the last frame), one drawn whole by ratatui at every frame.
struct Screens {
    painted: Terminal<TestBackend>,
    painter: Painter,
    reference: Terminal<TestBackend>,
}

impl Screens {
    fn new() -> Self {
        Screens {
            painted: new_terminal(),
            painter: Painter::new(),
            reference: new_terminal(),
        }
    }
}

/// Draws the app the way the terminal shell does and checks that the terminal then shows
/// what it shows when every frame is drawn whole by ratatui (which compares each frame
/// with the last one; `TestBackend` keeps what a wide symbol covers, so both terminals
/// are compared rather than one with a blank terminal), and that the cursor is on screen.
fn draw(
    screens: &mut Screens,
    app: &mut TestApp,
    (width, height): Size,
    counters: &Counters,
) -> Result<(), TestCaseError> {
    let Screens {
        painted,
        painter,
        reference,
    } = screens;
    painted.backend_mut().resize(width, height);
    reference.backend_mut().resize(width, height);
    let partial = painter.partial_frames();
    app.shell
        .paint(painted, painter)
        .map_err(|e| TestCaseError::fail(format!("drawing failed: {e}")))?;
    counters
        .partial
        .fetch_add(painter.partial_frames() - partial, Ordering::Relaxed);
    let cursor = view::cursor_position(app, Rect::new(0, 0, width, height));
    let now = app.shell.now();
    reference
        .draw(|frame| view::draw(frame, app, now))
        .map_err(|e| TestCaseError::fail(format!("drawing failed: {e}")))?;
    prop_assert_eq!(painted.backend().buffer(), reference.backend().buffer());
    prop_assert_eq!(
        painted.backend_mut().get_cursor_position().ok(),
        reference.backend_mut().get_cursor_position().ok()
    );
    let blank = || {
        Terminal::new(TestBackend::new(width, height))
            .map_err(|e| TestCaseError::fail(format!("a test terminal: {e}")))
    };
    // What the shell keeps from the last frame while typing looks as if drawn afresh
    // (both drawn on blank terminals, so the terminal's own diffing plays no part). A
    // screen too small for the meeting keeps nothing.
    if width >= view::MIN_WIDTH && height >= view::MIN_HEIGHT {
        let (mut kept, mut fresh) = (blank()?, blank()?);
        app.shell
            .draw(&mut kept)
            .map_err(|e| TestCaseError::fail(format!("drawing failed: {e}")))?;
        fresh
            .draw(|frame| view::draw(frame, app, now))
            .map_err(|e| TestCaseError::fail(format!("drawing failed: {e}")))?;
        prop_assert_eq!(kept.backend().buffer(), fresh.backend().buffer());
    }
    counters.draws.fetch_add(1, Ordering::Relaxed);
    if width >= 80 && height >= 24 {
        counters.large_draws.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(p) = cursor.filter(|_| counters.check_cursor) {
        prop_assert!(
            p.x < width && p.y < height,
            "the cursor is drawn at {p:?}, outside the {width}x{height} screen"
        );
    }
    Ok(())
}

thread_local! {
    /// The meeting every sequence starts from (parsing the built-in agendas for each
    /// sequence would cost more than the sequence).
    static MEETING: Meeting = common::app(None).0.meeting().clone();
}

/// An app in the lobby of the introductory meeting, like `common::app(None)`.
fn fresh_app() -> (TestApp, Rc<FakeClock>) {
    let clock = Rc::new(FakeClock::at("2026-11-23T14:00:00+01:00"));
    let meeting = MEETING.with(Meeting::clone);
    (common::app_over(meeting, clock.clone(), None), clock)
}

fn new_terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(80, 24)).expect("a test terminal")
}

// ---------------------------------------------------------------------------------------
// The reference model
// ---------------------------------------------------------------------------------------

const FOCUS_ORDER: [Focus; 5] = [
    Focus::Notes,
    Focus::Prompts,
    Focus::Attendees,
    Focus::Actions,
    Focus::ParkingLot,
];

/// What the user can see of the notes: lines per section and the cursor.
#[derive(Debug, Clone)]
struct Model {
    /// Lines of each section's notes.
    sections: Vec<Vec<String>>,
    /// Lines of the notes typed in the lobby, before the agenda started.
    lobby: Vec<String>,
    current: usize,
    phase: Phase,
    /// Cursor in the current section: line, and column in characters.
    row: usize,
    col: usize,
    focus: Focus,
    form: bool,
    help: bool,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Byte offset of character `col` in `s`.
fn byte_at(s: &str, col: usize) -> usize {
    s.char_indices().nth(col).map_or(s.len(), |(i, _)| i)
}

/// Grapheme boundaries of `line`, in characters, from 0 to its length. Tabs are graphemes
/// of their own (ratatui's segmentation skips control characters, so lines are split at
/// them first; no grapheme ever spans a control character).
fn boundaries(line: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut pos = 0;
    for (i, piece) in line.split('\t').enumerate() {
        if i > 0 {
            pos += 1;
            out.push(pos);
        }
        for g in Span::raw(piece).styled_graphemes(Style::default()) {
            pos += chars(g.symbol);
            out.push(pos);
        }
    }
    assert_eq!(pos, chars(line), "graphemes cover the line: {line:?}");
    out
}

/// Where the cursor goes on a key press that changes nothing in the model.
enum Cursor {
    /// The model knows.
    Model,
    /// Up, Down, Home or End: the app moves over wrapped screen rows, which depend on the
    /// width of the last draw; the model checks the move is plausible and follows it.
    Screen {
        /// Towards the start of the text (Up, Home).
        back: bool,
        /// Within the line (Home, End: the start or end of the screen row).
        same_line: bool,
    },
}

impl Model {
    fn new(app: &App) -> Self {
        Model {
            sections: app
                .meeting()
                .sections
                .iter()
                .map(|s| s.notes.lines().map(str::to_owned).collect())
                .collect(),
            lobby: app
                .meeting()
                .lobby_notes
                .lines()
                .map(str::to_owned)
                .collect(),
            current: app.meeting().current,
            phase: app.meeting().phase(),
            row: app.notes().cursor().0,
            col: app.notes().cursor().1,
            focus: app.focus(),
            form: false,
            help: false,
        }
    }

    /// The notes being typed: the lobby's before the agenda starts, else the section's.
    fn buffer(&self) -> &Vec<String> {
        if self.phase == Phase::Lobby {
            &self.lobby
        } else {
            &self.sections[self.current]
        }
    }

    fn lines(&mut self) -> &mut Vec<String> {
        if self.phase == Phase::Lobby {
            &mut self.lobby
        } else {
            &mut self.sections[self.current]
        }
    }

    fn line(&self) -> &str {
        &self.buffer()[self.row]
    }

    /// Opens the current section's notes with the cursor at their end.
    fn open_section(&mut self) {
        let row = self.buffer().len() - 1;
        self.col = chars(&self.buffer()[row]);
        self.row = row;
    }

    fn insert(&mut self, text: &str) {
        let (row, col) = (self.row, self.col);
        let line = &mut self.lines()[row];
        let at = byte_at(line, col);
        let tail = line.split_off(at);
        let mut pieces: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let last = pieces.len() - 1;
        let new_col = if last == 0 {
            col + chars(&pieces[0])
        } else {
            chars(&pieces[last])
        };
        line.push_str(&pieces[0]);
        pieces[last].push_str(&tail);
        if last > 0 {
            let rest: Vec<String> = pieces.drain(1..).collect();
            self.lines().splice(row + 1..row + 1, rest);
        } else {
            self.lines()[row].push_str(&tail);
        }
        self.row = row + last;
        self.col = new_col;
    }

    fn previous_boundary(&self) -> usize {
        boundaries(self.line())
            .into_iter()
            .rev()
            .find(|&b| b < self.col)
            .unwrap_or(0)
    }

    fn next_boundary(&self) -> usize {
        let line = self.line();
        boundaries(line)
            .into_iter()
            .find(|&b| b > self.col)
            .unwrap_or(chars(line))
    }

    fn remove_chars(&mut self, from: usize, to: usize) {
        let row = self.row;
        let line = &mut self.lines()[row];
        let (a, b) = (byte_at(line, from), byte_at(line, to));
        line.replace_range(a..b, "");
    }

    fn backspace(&mut self) {
        if self.col > 0 {
            let start = self.previous_boundary();
            self.remove_chars(start, self.col);
            self.col = start;
        } else if self.row > 0 {
            let row = self.row;
            let line = self.lines().remove(row);
            self.row -= 1;
            self.col = chars(self.line());
            self.lines()[row - 1].push_str(&line);
        }
    }

    fn delete(&mut self) {
        let len = chars(self.line());
        if self.col < len {
            let end = self.next_boundary();
            self.remove_chars(self.col, end);
        } else if self.row + 1 < self.buffer().len() {
            let row = self.row;
            let next = self.lines().remove(row + 1);
            self.lines()[row].push_str(&next);
        }
    }

    fn left(&mut self) {
        if self.col > 0 {
            self.col = self.previous_boundary();
        } else if self.row > 0 {
            self.row -= 1;
            self.col = chars(self.line());
        }
    }

    fn right(&mut self) {
        if self.col < chars(self.line()) {
            self.col = self.next_boundary();
        } else if self.row + 1 < self.buffer().len() {
            self.row += 1;
            self.col = 0;
        }
    }

    /// Applies a key the notes editor gets (focus on the notes, no form, no help).
    fn edit(&mut self, code: KeyCode) -> Cursor {
        match code {
            KeyCode::Char(c) => self.insert(&c.to_string()),
            KeyCode::Enter => self.insert("\n"),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home | KeyCode::End => {
                return Cursor::Screen {
                    back: code == KeyCode::Home,
                    same_line: true,
                };
            }
            KeyCode::Up | KeyCode::Down => {
                return Cursor::Screen {
                    back: code == KeyCode::Up,
                    same_line: false,
                };
            }
            _ => {}
        }
        Cursor::Model
    }

    fn next_section(&mut self) {
        match self.phase {
            Phase::Lobby => {
                self.phase = Phase::Running;
                self.current = 0;
            }
            // Moving on keeps a paused timer paused.
            Phase::Running | Phase::Paused => {
                if self.current + 1 < self.sections.len() {
                    self.current += 1;
                } else {
                    self.phase = Phase::Ended;
                }
            }
            Phase::Ended => {}
        }
        self.open_section();
    }

    fn previous_section(&mut self) {
        match self.phase {
            Phase::Lobby => {}
            Phase::Running | Phase::Paused => self.current = self.current.saturating_sub(1),
            Phase::Ended => self.phase = Phase::Running,
        }
        self.open_section();
    }

    /// ^K with a drift banner: the flagged line leaves the notes (for the parking lot);
    /// the cursor stays where it was in the text around it.
    fn park_line(&mut self, line: usize) -> Option<String> {
        if line >= self.buffer().len() {
            return None;
        }
        let text = self.lines().remove(line);
        if self.buffer().is_empty() {
            self.lines().push(String::new());
        }
        let row = if self.row > line {
            self.row - 1
        } else {
            self.row.min(line)
        };
        self.row = row.min(self.buffer().len() - 1);
        self.col = self.col.min(chars(self.line()));
        Some(text.trim().to_owned())
    }

    fn paste(&mut self, text: &str) {
        if self.form {
            return;
        }
        let clean: String = text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
            .collect();
        self.focus = Focus::Notes;
        self.insert(&clean);
    }
}

/// What the model needs to know of the app besides what was typed: the drift detector's
/// verdict (the banner) before a key, and the form validation verdict after one.
fn apply(
    model: &mut Model,
    event: &Event,
    banner: Option<&DriftFlag>,
    app: &App,
) -> Result<Cursor, TestCaseError> {
    let key = match event {
        Event::Key(key) => *key,
        Event::Paste(text) => {
            model.paste(text);
            return Ok(Cursor::Model);
        }
        _ => return Ok(Cursor::Model),
    };
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if model.form {
        match key.code {
            KeyCode::Esc => model.form = false,
            // Submitting may be refused (e.g. an attendee without a name): the form
            // stays open then, and the app knows.
            KeyCode::Enter => model.form = app.form().is_some(),
            _ => {}
        }
        return Ok(Cursor::Model);
    }
    let bound = ctrl || alt || matches!(key.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc);
    if bound {
        let toggles_help = ctrl && key.code == KeyCode::Char('g');
        if !toggles_help {
            model.help = false;
        }
        match key.code {
            KeyCode::Char('n') if ctrl => model.next_section(),
            KeyCode::Char('p') if ctrl => model.previous_section(),
            KeyCode::Char('a' | 'o' | 'd' | 'l' | 'r') if ctrl => model.form = true,
            KeyCode::Char('k') if ctrl => match banner {
                Some(flag) => {
                    let parked = model.park_line(flag.line);
                    if let Some(text) = parked {
                        let last = app.meeting().parking_lot.last().map(|p| p.text.as_str());
                        prop_assert_eq!(last, Some(text.as_str()), "^K parks the flagged line");
                    }
                }
                None => model.form = true,
            },
            KeyCode::Char('g') if ctrl => model.help = !model.help,
            KeyCode::Char(' ' | '@') if ctrl => {
                model.phase = match model.phase {
                    Phase::Running => Phase::Paused,
                    Phase::Paused => Phase::Running,
                    other => other,
                };
            }
            // Esc dismisses the banner if there is one, else goes back to the notes.
            KeyCode::Esc if banner.is_none() => model.focus = Focus::Notes,
            KeyCode::Tab | KeyCode::BackTab => {
                let i = FOCUS_ORDER
                    .iter()
                    .position(|f| *f == model.focus)
                    .unwrap_or(0);
                let step = if key.code == KeyCode::Tab { 1 } else { 4 };
                model.focus = FOCUS_ORDER[(i + step) % 5];
            }
            _ => {}
        }
        return Ok(Cursor::Model);
    }
    if model.help {
        // Any other key only closes the help.
        model.help = false;
        return Ok(Cursor::Model);
    }
    if model.focus == Focus::Notes {
        return Ok(model.edit(key.code));
    }
    match key.code {
        // Enter on a list item opens it in a form (on a prompt it ticks it).
        KeyCode::Enter => model.form = app.form().is_some(),
        // Space ticks the selected prompt, action item or parked topic.
        KeyCode::Char(' ')
            if matches!(
                model.focus,
                Focus::Prompts | Focus::Actions | Focus::ParkingLot
            ) => {}
        KeyCode::Char(_) => {
            model.focus = Focus::Notes;
            return Ok(model.edit(key.code));
        }
        _ => {}
    }
    Ok(Cursor::Model)
}

/// Compares the app with the model after an event.
fn check(app: &App, model: &Model, event: &Event) -> Result<(), TestCaseError> {
    for (i, lines) in model.sections.iter().enumerate() {
        let expected = lines.join("\n");
        prop_assert_eq!(
            &app.meeting().sections[i].notes,
            &expected,
            "notes of section {} after {:?}",
            i,
            event
        );
    }
    prop_assert_eq!(
        &app.meeting().lobby_notes,
        &model.lobby.join("\n"),
        "notes before the meeting after {:?}",
        event
    );
    prop_assert_eq!(
        app.meeting().current,
        model.current,
        "section after {:?}",
        event
    );
    prop_assert_eq!(
        app.meeting().phase(),
        model.phase,
        "phase after {:?}",
        event
    );
    prop_assert_eq!(
        app.notes().notes().lines().collect::<Vec<_>>(),
        model
            .buffer()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        "editor after {:?}",
        event
    );
    prop_assert_eq!(
        app.notes().cursor(),
        (model.row, model.col),
        "cursor after {:?} in {:?}",
        event,
        model.buffer()
    );
    prop_assert_eq!(app.focus(), model.focus, "focus after {:?}", event);
    prop_assert_eq!(app.form().is_some(), model.form, "form after {:?}", event);
    prop_assert_eq!(app.help_open(), model.help, "help after {:?}", event);
    Ok(())
}

/// The events of a sequence with the size to draw at after each, at most [`MAX_EVENTS`].
fn flatten(start: bool, ops: &[(Op, Size)]) -> Vec<(Event, Size)> {
    let first = start.then_some((Op::Ctrl('n'), (100, 30)));
    first
        .iter()
        .chain(ops)
        .flat_map(|(op, size)| events(op).into_iter().map(|e| (e, *size)))
        .take(MAX_EVENTS)
        .collect()
}

/// Runs one sequence against the app and the model.
fn run_model(start: bool, ops: &[(Op, Size)], counters: &Counters) -> Result<(), TestCaseError> {
    counters.sequences.fetch_add(1, Ordering::Relaxed);
    let (mut app, _clock) = fresh_app();
    let mut model = Model::new(&app);
    let mut screens = Screens::new();
    for (event, size) in flatten(start, ops) {
        counters.events.fetch_add(1, Ordering::Relaxed);
        let banner = app.drift().cloned();
        if banner.is_some() {
            counters.drift_banners.fetch_add(1, Ordering::Relaxed);
        }
        let before = (model.row, model.col);
        app.handle_event(&event);
        match apply(&mut model, &event, banner.as_ref(), &app)? {
            Cursor::Model => {}
            Cursor::Screen { back, same_line } => {
                let after = app.notes().cursor();
                let lines = model.buffer();
                prop_assert!(after.0 < lines.len(), "{:?} left the notes", event);
                prop_assert!(
                    after.1 <= chars(&lines[after.0]),
                    "{:?} past the end",
                    event
                );
                let rows = after.0.abs_diff(before.0);
                prop_assert!(
                    rows == 0 || (rows == 1 && !same_line),
                    "{:?} moved from {:?} to {:?}",
                    event,
                    before,
                    after
                );
                prop_assert!(
                    if back {
                        after <= before
                    } else {
                        after >= before
                    },
                    "{:?} moved the wrong way: {:?} to {:?}",
                    event,
                    before,
                    after
                );
                prop_assert!(
                    boundaries(&lines[after.0]).contains(&after.1),
                    "{:?} put the cursor inside a grapheme: {:?} in {:?}",
                    event,
                    after,
                    lines[after.0]
                );
                (model.row, model.col) = after;
            }
        }
        check(&app, &model, &event)?;
        draw(&mut screens, &mut app, size, counters)?;
        if !boundaries(model.line()).contains(&model.col) {
            // Typing before a cluster's tail (a lone combining mark, ZWJ or regional
            // indicator) merges it into one grapheme with the cursor inside; what Delete or
            // Backspace should then remove is a matter of taste, so the model stops here.
            counters.cut.fetch_add(1, Ordering::Relaxed);
            break;
        }
    }
    Ok(())
}

/// Runs one sequence against the app without a model.
fn run_hostile(start: bool, ops: &[(Op, Size)], counters: &Counters) -> Result<(), TestCaseError> {
    counters.sequences.fetch_add(1, Ordering::Relaxed);
    let (mut app, clock) = fresh_app();
    let mut screens = Screens::new();
    for (event, size) in flatten(start, ops) {
        counters.events.fetch_add(1, Ordering::Relaxed);
        if app.drift().is_some() {
            counters.drift_banners.fetch_add(1, Ordering::Relaxed);
        }
        app.handle_event(&event);
        clock.advance_secs(7);
        app.tick();
        prop_assert!(!app.quit, "{:?} quit the app", event);
        for (i, section) in app.meeting().sections.iter().enumerate() {
            prop_assert!(
                !section
                    .notes
                    .text()
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "section {} holds a control character after {:?}: {:?}",
                i,
                event,
                section.notes
            );
        }
        prop_assert_eq!(
            Some(app.notes().notes()),
            app.meeting().current_notes(),
            "the editor and the meeting disagree after {:?}",
            event
        );
        let (row, col) = app.notes().cursor();
        prop_assert!(
            row < app.notes().notes().line_count(),
            "cursor row out of the notes"
        );
        prop_assert!(
            col <= chars(&app.notes().notes()[row]),
            "cursor past the line"
        );
        draw(&mut screens, &mut app, size, counters)?;
    }
    Ok(())
}

/// Runs one sequence without a model at one size, the clock moving 7 s every fifth
/// event, so that most frames are painted over the last one.
fn run_painted(
    start: bool,
    ops: &[(Op, Size)],
    size: Size,
    counters: &Counters,
) -> Result<(), TestCaseError> {
    counters.sequences.fetch_add(1, Ordering::Relaxed);
    let (mut app, clock) = fresh_app();
    let mut screens = Screens::new();
    for (i, (event, _)) in flatten(start, ops).into_iter().enumerate() {
        counters.events.fetch_add(1, Ordering::Relaxed);
        if app.drift().is_some() {
            counters.drift_banners.fetch_add(1, Ordering::Relaxed);
        }
        app.handle_event(&event);
        if i % 5 == 4 {
            clock.advance_secs(7);
            app.tick();
        }
        prop_assert!(!app.quit, "{:?} quit the app", event);
        draw(&mut screens, &mut app, size, counters)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    Config {
        cases,
        // Failures are kept in tests/keys_proptest.proptest-regressions (committed): each
        // run replays them first.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        source_file: Some(file!()),
        ..Config::default()
    }
}

fn finish<T: std::fmt::Debug>(name: &str, counters: &Counters, result: Result<(), TestError<T>>) {
    counters.report(name);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn notes_follow_the_model() {
    let text = prop_oneof![
        4 => word(simple_char()),
        1 => simple_char().prop_map(String::from),
    ]
    .boxed();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&sequence(model_op(text)), |(start, ops)| {
        run_model(start, &ops, &MODEL_COUNTS)
    });
    finish("notes_follow_the_model", &MODEL_COUNTS, result);
}

#[test]
fn notes_follow_the_model_with_clusters() {
    let text = prop_oneof![
        3 => word(cluster_char()),
        2 => prop::sample::select(CLUSTERS).prop_map(str::to_owned),
    ]
    .boxed();
    let mut runner = TestRunner::new(config());
    let result = runner.run(&sequence(model_op(text)), |(start, ops)| {
        run_model(start, &ops, &CLUSTER_COUNTS)
    });
    finish(
        "notes_follow_the_model_with_clusters",
        &CLUSTER_COUNTS,
        result,
    );
}

#[test]
fn hostile_input_never_panics() {
    let mut runner = TestRunner::new(config());
    let result = runner.run(&sequence(hostile_op()), |(start, ops)| {
        run_hostile(start, &ops, &HOSTILE_COUNTS)
    });
    finish("hostile_input_never_panics", &HOSTILE_COUNTS, result);
}

#[test]
fn painted_screen_matches_a_full_redraw() {
    let mut runner = TestRunner::new(config());
    let strategy = (sequence(hostile_op()), prop::sample::select(LARGE));
    let result = runner.run(&strategy, |((start, ops), size)| {
        run_painted(start, &ops, size, &PAINT_COUNTS)
    });
    finish(
        "painted_screen_matches_a_full_redraw",
        &PAINT_COUNTS,
        result,
    );
    // The sequences exercised the partial path, not only full frames.
    assert!(
        PAINT_COUNTS.partial.load(Ordering::Relaxed) > 0,
        "no frame was painted over the last one"
    );
}
