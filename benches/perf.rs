//! The in-process rows of the performance budgets (docs/performance.md), measured with
//! criterion: `cargo bench --bench perf`. Each benchmark names the budget it checks.

use std::hint::black_box;
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use kickoff::core::clock::FakeClock;
use kickoff::core::export;
use kickoff::core::meeting::Meeting;
use kickoff::core::sample;
use kickoff::core::store::{self, Store};
use kickoff::core::yaml_guard;
use kickoff::tui::app::{App, Settings};
use kickoff::tui::keymap;
use kickoff::tui::saver::Saver;
use kickoff::tui::view::Painter;
use kickoff::tui::widgets::editor::{NotesEditor, NotesView};
use kickoff::tui::{Disk, Shell};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{StatefulWidget, Widget};
use tui_textarea::{CursorMove, TextArea, WrapMode};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T14:32:00+01:00").expect("a valid time")
}

fn app(meeting: Meeting) -> Shell {
    let clock = Rc::new(FakeClock::new(now()));
    let app = App::new(meeting, Settings::default(), now());
    Shell::new(app, Disk::none(), Box::new(clock))
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, shell: &mut Shell) {
    shell.draw(terminal).expect("drawing never fails");
}

/// The huge meeting with exactly `lines` note lines in the section on screen.
fn huge_with_current_lines(lines: usize) -> Meeting {
    let mut meeting = sample::huge_meeting(now());
    meeting.set_current_notes(sample::note_lines(lines, 11).join("\n"));
    meeting
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn redraw(c: &mut Criterion) {
    let mut group = c.benchmark_group("redraw_120x40");
    let mut typical = app(sample::typical_meeting(now()));
    let mut t = terminal();
    group.bench_function("typical", |b| {
        b.iter(|| draw(&mut t, black_box(&mut typical)))
    });
    let mut huge = app(sample::huge_meeting(now()));
    let mut t = terminal();
    group.bench_function("huge_at_end", |b| {
        b.iter(|| draw(&mut t, black_box(&mut huge)))
    });
    // Where the huge meeting's cost is: its notes alone, or its lists alone.
    let mut notes_only = sample::typical_meeting(now());
    notes_only.set_current_notes(
        huge.app
            .meeting()
            .current_notes()
            .cloned()
            .unwrap_or_default(),
    );
    let mut notes_only = app(notes_only);
    let mut t = terminal();
    group.bench_function("huge_notes_only", |b| {
        b.iter(|| draw(&mut t, black_box(&mut notes_only)));
    });
    let mut lists_only = sample::huge_meeting(now());
    lists_only.set_current_notes(
        sample::typical_meeting(now())
            .current_notes()
            .cloned()
            .unwrap_or_default(),
    );
    let mut lists_only = app(lists_only);
    let mut t = terminal();
    group.bench_function("huge_lists_only", |b| {
        b.iter(|| draw(&mut t, black_box(&mut lists_only)));
    });
    group.finish();
}

/// One key press then a frame as the terminal loop draws it (painted over the last one),
/// alternating a letter and Backspace so the notes keep their length. `saver` attaches
/// the background saver as the real binary does.
fn keystroke_bench(c: &mut Criterion, name: &str, lines: usize, saver: bool) {
    keystroke_bench_on(c, name, || huge_with_current_lines(lines), saver);
}

/// An app over `meeting` with the background saver attached as the real binary has it,
/// saving into `dir`.
fn app_with_saver(meeting: Meeting, dir: &std::path::Path) -> Shell {
    let store = Store::open(dir).expect("a store");
    let saver = Saver::start(store.clone()).expect("the saver starts");
    Shell::new(
        App::new(meeting, Settings::default(), now()),
        Disk::with_saver(store, saver),
        Box::new(FakeClock::new(now())),
    )
}

/// [`keystroke_bench`] on the meeting `make` builds.
fn keystroke_bench_on(c: &mut Criterion, name: &str, make: impl Fn() -> Meeting, saver: bool) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut app = if saver {
        app_with_saver(make(), dir.path())
    } else {
        app(make())
    };
    let mut t = terminal();
    let mut painter = Painter::new();
    app.paint(&mut t, &mut painter)
        .expect("drawing never fails");
    let mut odd = false;
    c.bench_function(name, |b| {
        b.iter(|| {
            odd = !odd;
            let event = if odd {
                key(KeyCode::Char('x'))
            } else {
                key(KeyCode::Backspace)
            };
            app.handle_event(&event);
            app.paint(&mut t, &mut painter)
                .expect("drawing never fails");
        });
    });
    app.finish();
}

fn keystroke(c: &mut Criterion) {
    keystroke_bench(c, "keystroke_at_end/10000_lines", 10_000, false);
    keystroke_bench(c, "keystroke_at_end/10000_lines_with_saver", 10_000, true);
    // A 100 KB single line costs no more than 1,000 ordinary lines.
    keystroke_bench(c, "keystroke_at_end/1000_lines", 1_000, false);
    keystroke_bench_on(
        c,
        "keystroke_at_end/one_100kb_line",
        || {
            let mut meeting = sample::huge_meeting(now());
            let mut line = String::new();
            for l in sample::note_lines(2_000, 11) {
                if line.len() >= 100_000 {
                    break;
                }
                line.push_str(&l);
                line.push(' ');
            }
            meeting.set_current_notes(line);
            meeting
        },
        false,
    );
}

/// Into the next section and back (^N, ^P, each followed by a frame) from a section of
/// `lines` note lines, the saver attached as in the real binary.
fn section_switch_bench(c: &mut Criterion, lines: usize) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut app = app_with_saver(huge_with_current_lines(lines), dir.path());
    let mut t = terminal();
    let mut painter = Painter::new();
    app.paint(&mut t, &mut painter)
        .expect("drawing never fails");
    c.bench_function(&format!("section_switch/{lines}_lines"), |b| {
        b.iter(|| {
            for key in ['n', 'p'] {
                app.handle_event(&Event::Key(ctrl(KeyCode::Char(key))));
                app.paint(&mut t, &mut painter)
                    .expect("drawing never fails");
            }
        });
    });
    app.finish();
}

fn section_switch(c: &mut Criterion) {
    for lines in [0, 100_000] {
        section_switch_bench(c, lines);
    }
}

fn export_and_save(c: &mut Criterion) {
    let meeting = sample::huge_meeting(now());
    c.bench_function("export_markdown/huge", |b| {
        b.iter(|| export::to_markdown(black_box(&meeting)));
    });
    // The size: the huge meeting with 100,000 lines in the section on screen.
    let mut hundred_k = meeting.clone();
    hundred_k.sections[hundred_k.current].notes =
        kickoff::core::notes::Notes::from_lines(sample::note_lines(100_000, 7));
    c.bench_function("export_markdown/100000_lines", |b| {
        b.iter(|| export::to_markdown(black_box(&hundred_k)));
    });
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    c.bench_function("save/huge", |b| {
        b.iter(|| store.save(black_box(&meeting)).expect("the save works"));
    });
    // Start-up of a resumed huge meeting reads this file first.
    store.save(&meeting).expect("the save works");
    c.bench_function("load/huge", |b| {
        b.iter(|| store.load(black_box(&meeting.id)).expect("the load works"));
    });
    c.bench_function("save/huge_clone_for_saver", |b| {
        b.iter(|| black_box(&meeting).clone());
    });
    // 100,000 lines: the fold writes the notes block line by line, a resume reads it
    // line by line and shares the lines with the editor and the saver.
    let (path, _, _) = store.fold(&hundred_k, 0).expect("the fold works");
    c.bench_function("fold/100000_lines", |b| {
        b.iter(|| {
            store
                .fold(black_box(&hundred_k), 0)
                .expect("the fold works")
        });
    });
    let path = path.to_string_lossy().into_owned();
    c.bench_function("open/100000_lines", |b| {
        b.iter(|| {
            store
                .open_session(black_box(&path))
                .expect("the open works")
        });
    });
    c.bench_function("save/100000_lines_clone_for_saver", |b| {
        b.iter(|| black_box(&hundred_k).clone());
    });
}

/// Where the save and the load of the huge meeting spend their time: encoding to YAML,
/// the atomic write (write, fsync, rename, fsync of the directory), and on load reading
/// the file, the structural pre-scan and the YAML parse.
fn save_and_load_parts(c: &mut Criterion) {
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        #[serde(default)]
        #[allow(dead_code)]
        version: Option<u64>,
    }
    let meeting = sample::huge_meeting(now());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    let path = store.save(&meeting).expect("the save works");
    let text = std::fs::read_to_string(&path).expect("the file reads");
    let mut group = c.benchmark_group("parts");
    group.bench_function("save_encode", |b| {
        b.iter(|| store::encode(black_box(&meeting)).expect("encodes"));
    });
    group.bench_function("save_encode_yaml_library_only", |b| {
        b.iter(|| serde_yaml::to_string(black_box(&meeting)).expect("encodes"));
    });
    let target = dir.path().join("bytes.yaml");
    group.bench_function("save_write_atomic_1mb", |b| {
        b.iter(|| store::write_atomic(&target, black_box(text.as_bytes())).expect("writes"));
    });
    group.bench_function("load_read_file", |b| {
        b.iter(|| std::fs::read_to_string(black_box(&path)).expect("reads"));
    });
    group.bench_function("load_scan_limits", |b| {
        b.iter(|| yaml_guard::check(black_box(&text), &yaml_guard::SESSION));
    });
    group.bench_function("load_version_probe", |b| {
        b.iter(|| serde_yaml::from_str::<VersionOnly>(black_box(&text)).is_ok());
    });
    group.bench_function("load_parse_meeting", |b| {
        b.iter(|| serde_yaml::from_str::<Meeting>(black_box(&text)).expect("parses"));
    });
    group.finish();
}

/// The notes pane of the 120x40 meeting screen, inside its border.
const PANE: Rect = Rect::new(0, 0, 64, 20);

fn ctrl(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::CONTROL)
}

/// The notes editors alone, in the notes pane: one keystroke plus a redraw at the end of
/// the notes, and a redraw after jumping between the top and the bottom.
fn editors(c: &mut Criterion) {
    for lines in [10_000, 100_000] {
        let text = sample::note_lines(lines, 11).join("\n");
        let mut group = c.benchmark_group(format!("editor_{lines}_lines"));
        let mut buf = Buffer::empty(PANE);

        let mut ours = NotesEditor::new(&text);
        let mut view = NotesView::default();
        // As the app does: fit the view, then draw from it.
        let input = |ours: &mut NotesEditor, view: &mut NotesView, key: KeyEvent| {
            if let Some(command) = keymap::notes(key) {
                ours.apply(command, view);
            }
            ours.fit(view, PANE.width, PANE.height);
        };
        ours.fit(&mut view, PANE.width, PANE.height);
        StatefulWidget::render(&ours, PANE, &mut buf, &mut view.clone());
        let mut odd = false;
        group.bench_function("notes_editor/keystroke_and_draw_at_end", |b| {
            b.iter(|| {
                odd = !odd;
                let code = if odd {
                    KeyCode::Char('x')
                } else {
                    KeyCode::Backspace
                };
                input(
                    &mut ours,
                    &mut view,
                    KeyEvent::new(code, KeyModifiers::NONE),
                );
                StatefulWidget::render(&ours, PANE, &mut buf, &mut view.clone());
            });
        });
        group.bench_function("notes_editor/jump_top_or_bottom_and_draw", |b| {
            b.iter(|| {
                odd = !odd;
                let code = if odd { KeyCode::Home } else { KeyCode::End };
                input(&mut ours, &mut view, ctrl(code));
                StatefulWidget::render(&ours, PANE, &mut buf, &mut view.clone());
            });
        });

        let mut theirs = TextArea::new(text.split('\n').map(str::to_owned).collect());
        theirs.set_wrap_mode(WrapMode::Word);
        theirs.move_cursor(CursorMove::Bottom);
        theirs.move_cursor(CursorMove::End);
        (&theirs).render(PANE, &mut buf);
        group.bench_function("textarea/keystroke_and_draw_at_end", |b| {
            b.iter(|| {
                odd = !odd;
                let code = if odd {
                    KeyCode::Char('x')
                } else {
                    KeyCode::Backspace
                };
                theirs.input(KeyEvent::new(code, KeyModifiers::NONE));
                (&theirs).render(PANE, &mut buf);
            });
        });
        group.bench_function("textarea/jump_top_or_bottom_and_draw", |b| {
            b.iter(|| {
                odd = !odd;
                theirs.move_cursor(if odd {
                    CursorMove::Top
                } else {
                    CursorMove::Bottom
                });
                (&theirs).render(PANE, &mut buf);
            });
        });
        group.finish();
    }
}

/// What the app does with the notes on each keystroke besides editing and drawing:
/// joining the lines for the meeting, and cloning the meeting for the background saver.
fn per_keystroke_copies(c: &mut Criterion) {
    let lines = sample::note_lines(10_000, 11);
    c.bench_function("app_copies/join_10000_lines", |b| {
        b.iter(|| black_box(&lines).join("\n"));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = redraw, keystroke, section_switch, export_and_save, save_and_load_parts, editors, per_keystroke_copies
}
criterion_main!(benches);
