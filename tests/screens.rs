//! Screen snapshots at fixed sizes and a fixed time, drawn with ratatui's `TestBackend`.
//! Snapshots hold characters only, so colours that carry meaning are asserted explicitly.

mod common;

use common::{TestApp, add_attendee, app, app_over, ctrl, draw, key, type_text};
use crossterm::event::KeyCode;
use kickoff::tui::app::Focus;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn text(buffer: &Buffer) -> String {
    buffer
        .content()
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The foreground colour of the first cell where `needle` starts on screen.
fn color_of(buffer: &Buffer, needle: &str) -> Option<Color> {
    let width = usize::from(buffer.area.width);
    let first = needle.chars().next()?;
    let cells = buffer.content();
    (0..cells.len()).find_map(|i| {
        let fits = i % width + needle.chars().count() <= width;
        let matches = fits
            && needle.chars().enumerate().all(|(k, c)| {
                cells
                    .get(i + k)
                    .is_some_and(|cell| cell.symbol().starts_with(c))
            });
        (matches && cells[i].symbol().starts_with(first)).then(|| cells[i].fg)
    })
}

fn meeting_in_progress() -> (TestApp, std::rc::Rc<kickoff::core::clock::FakeClock>) {
    let (mut app, clock) = app(None);
    add_attendee(
        &mut app,
        [
            "Dana Ng",
            "VP Engineering",
            "Europe/Berlin",
            "admin since 2019",
        ],
        0,
        [true, true, false],
    );
    add_attendee(
        &mut app,
        ["Sam Lee", "ASE", "Europe/Berlin", "support"],
        1,
        [false; 3],
    );
    ctrl(&mut app, 'n');
    clock.advance_secs(7 * 60);
    ctrl(&mut app, 'n');
    ctrl(&mut app, 't');
    type_text(
        &mut app,
        "Dana: VP Eng, owns the GitLab rollout\nPriya: platform team, 東京",
    );
    clock.advance_secs(4 * 60 + 10);
    (app, clock)
}

#[test]
fn the_lobby_shows_the_checklist_the_agenda_and_who_joined() {
    let (mut app, clock) = app(None);
    clock.advance_secs(60);
    add_attendee(
        &mut app,
        ["Dana Ng", "VP Engineering", "Europe/Berlin", "admin"],
        0,
        [true, false, false],
    );
    let terminal = draw(&mut app, 120, 40);
    let screen = text(terminal.backend().buffer());
    assert!(screen.contains("LOBBY"));
    assert!(screen.contains("Missing: technical people, primary contact"));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_section_mid_meeting_shows_timer_prompts_notes_and_lists() {
    let (mut app, _) = meeting_in_progress();
    let terminal = draw(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    let screen = text(buffer);
    assert!(screen.contains("2/5 Attendees introduce themselves"));
    assert!(screen.contains("7:50 left of 12:00"));
    assert!(screen.contains("[x] 1"));
    // The section box is as tall as its wrapped text: the last tip is not cut off.
    assert!(screen.contains("› Note who is missing"), "{screen}");
    assert_eq!(color_of(buffer, "7:50 left"), Some(Color::Green));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn overrun_turns_the_timer_red_and_reports_how_far_behind() {
    let (mut app, clock) = meeting_in_progress();
    clock.advance_secs(10 * 60);
    let terminal = draw(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    let screen = text(buffer);
    assert!(screen.contains("■ OVER by 2:10"), "{screen}");
    assert!(screen.contains("behind by 1 min"), "{screen}");
    assert_eq!(color_of(buffer, "■ OVER"), Some(Color::Red));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn near_the_end_the_timer_warns_with_colour_and_symbol() {
    let (mut app, clock) = meeting_in_progress();
    clock.advance_secs(6 * 60);
    let terminal = draw(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    assert!(text(buffer).contains("▲ 1:50 left of 12:00 · near the end"));
    assert_eq!(color_of(buffer, "▲ 1:50"), Some(Color::Yellow));
}

#[test]
fn the_attendee_form_shows_every_field() {
    let (mut app, _) = meeting_in_progress();
    ctrl(&mut app, 'a');
    type_text(&mut app, "Priya Raman");
    key(&mut app, KeyCode::Tab);
    let terminal = draw(&mut app, 120, 40);
    let screen = text(terminal.backend().buffer());
    for label in [
        "Name",
        "Role",
        "Time zone",
        "GitLab expertise",
        "Side",
        "Customer DRI",
        "Primary contact",
        "Technical",
    ] {
        assert!(screen.contains(label), "{label}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn the_drift_banner_names_what_it_matched_and_the_keys() {
    let (mut app, _) = meeting_in_progress();
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "their runner job 1234 fails with exit code 137");
    let terminal = draw(&mut app, 120, 40);
    let screen = text(terminal.backend().buffer());
    let matched = app
        .drift()
        .map(|d| d.finding.matched.clone())
        .unwrap_or_default();
    assert!(!matched.is_empty());
    assert!(
        screen.contains(&format!("Matched \"{matched}\"")),
        "{screen}"
    );
    assert!(screen.contains("^K park it · Esc dismiss"));
}

/// A banner too long for one row wraps: its advice stays on screen, not cut at the edge.
#[test]
fn a_long_drift_banner_wraps_instead_of_being_cut() {
    let (mut app, _) = meeting_in_progress();
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "Dana = Vault guru, still 403 on the unseal call");
    for width in [80, 120] {
        let terminal = draw(&mut app, width, 30);
        let screen: String = text(terminal.backend().buffer())
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(screen.contains("^K park it · Esc dismiss"), "{screen}");
        assert!(
            screen.contains("park it as a follow-up."),
            "{width}: {screen}"
        );
    }
}

#[test]
fn at_80x24_everything_needed_is_on_screen() {
    let (mut app, _) = meeting_in_progress();
    let terminal = draw(&mut app, 80, 24);
    let screen = text(terminal.backend().buffer());
    for needed in [
        "Attendees",
        "Notes",
        "left of 12:00",
        "^N next",
        "^E export",
        "^G help",
        "^Q quit",
        "Priya",
    ] {
        assert!(screen.contains(needed), "{needed} missing:\n{screen}");
    }
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn the_lobby_footer_keeps_help_and_quit_at_80_columns() {
    let (mut app, _) = app(None);
    let terminal = draw(&mut app, 80, 24);
    let screen = text(terminal.backend().buffer());
    let footer = screen.lines().last().unwrap_or_default().to_owned();
    assert!(footer.contains("^N start"), "{footer}");
    assert!(footer.trim_end().ends_with("^G help ^Q quit"), "{footer}");
    // The checklist and the agenda do not fit at 80x24: the lobby says how much is cut.
    assert!(screen.contains("more ┘"), "{screen}");
}

#[test]
fn the_form_shows_all_its_keys_at_80_columns() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'a');
    let terminal = draw(&mut app, 80, 24);
    let screen = text(terminal.backend().buffer());
    assert!(screen.contains("Esc cancel"), "{screen}");
}

#[test]
fn a_small_terminal_gets_a_clear_note_instead_of_a_broken_screen() {
    let (mut app, _) = meeting_in_progress();
    let terminal = draw(&mut app, 60, 20);
    let screen = text(terminal.backend().buffer());
    assert!(screen.contains("Terminal too small"));
    assert!(screen.contains("60x20"));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn every_size_draws_without_panicking() {
    let (mut app, _) = meeting_in_progress();
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 2),
        (10, 3),
        (79, 23),
        (80, 24),
        (81, 25),
        (300, 100),
    ] {
        draw(&mut app, w, h);
    }
    ctrl(&mut app, 'g');
    for (w, h) in [(0, 0), (5, 5), (80, 24), (200, 60)] {
        draw(&mut app, w, h);
    }
}

#[test]
fn the_cursor_sits_after_the_last_typed_character_even_after_wide_ones() {
    let (mut app, _) = meeting_in_progress();
    let mut terminal = draw(&mut app, 120, 40);
    let cursor = terminal.get_cursor_position().expect("a cursor");
    let buffer = terminal.backend().buffer();
    // The cell before the cursor holds the second half of the last wide character, and
    // the one before that the character itself.
    let before = buffer[(cursor.x - 2, cursor.y)].symbol().to_owned();
    assert_eq!(before, "京");
}

#[test]
fn the_start_screen_draws_at_every_size_and_lists_agendas_and_unfinished_meetings() {
    use kickoff::core::agenda::{Catalog, builtin};
    use kickoff::tui::start::StartScreen;
    let catalog = Catalog::load(None);
    assert_eq!(catalog.entries.len(), builtin().len());
    let mut screen = StartScreen::new(
        &catalog.entries,
        Vec::new(),
        Some("regular-sync"),
        kickoff::tui::theme::Theme { color: true },
    );
    let paste = crossterm::event::Event::Paste("Acme\u{1b}[2J Corp".into());
    let picked = screen
        .action_for(&paste)
        .and_then(|action| screen.update(action));
    assert!(picked.is_none(), "a paste picks nothing");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 2),
        (10, 3),
        (40, 10),
        (80, 24),
        (300, 100),
    ] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        terminal
            .draw(|frame| frame.render_widget(&screen, frame.area()))
            .expect("drawing never fails");
    }
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a test terminal");
    terminal
        .draw(|frame| frame.render_widget(&screen, frame.area()))
        .expect("drawing never fails");
    let text = text(terminal.backend().buffer());
    assert!(text.contains("Acme [2J Corp"), "{text}");
    assert!(!text.contains('\u{1b}'));
    assert!(
        text.contains("›  Regular sync"),
        "the named agenda is preselected:\n{text}"
    );
}

#[test]
fn the_huge_meeting_draws_types_and_round_trips_through_its_session_file() {
    use kickoff::core::clock::{Clock, FakeClock};
    use kickoff::core::sample;
    use kickoff::core::store::Store;
    use std::rc::Rc;

    let clock = Rc::new(FakeClock::at("2026-11-23T15:00:00+01:00"));
    let meeting = sample::huge_meeting(clock.now());
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    store.save(&meeting).expect("saves");
    assert_eq!(store.load(&meeting.id).expect("loads"), meeting);

    let mut app = app_over(meeting, clock.clone(), None);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "typed at the end Ω");
    let terminal = draw(&mut app, 120, 40);
    let screen = text(terminal.backend().buffer());
    assert!(screen.contains("typed at the end Ω"), "{screen}");
    assert!(screen.contains("Attendees (200)"), "{screen}");
    assert!(screen.contains("Action items (500)"), "{screen}");
    let notes = &app.meeting().sections[app.meeting().current].notes;
    assert_eq!(notes.lines().next_back(), Some("typed at the end Ω"));
    assert!(notes.lines().len() > 9_000);
}

#[test]
fn a_long_account_name_never_pushes_the_state_and_time_off_the_header() {
    let clock = std::rc::Rc::new(kickoff::core::clock::FakeClock::at(
        "2026-11-23T14:00:00+01:00",
    ));
    let meeting = kickoff::core::meeting::Meeting::new(
        "long".into(),
        "Aktiengesellschaft für sehr lange Firmennamen und Tochtergesellschaften".into(),
        common::introductory(),
        kickoff::core::clock::Clock::now(&*clock),
    );
    let mut app = app_over(meeting, clock, None);
    ctrl(&mut app, 'n');
    let terminal = draw(&mut app, 80, 24);
    let screen = text(terminal.backend().buffer());
    let header = screen.lines().next().unwrap_or_default().to_owned();
    assert!(header.trim_end().ends_with("▶ RUNNING  14:00"), "{header}");
    assert!(header.contains("Aktiengesellschaft"), "{header}");
}

#[test]
fn internal_notes_items_and_topics_are_marked_on_screen() {
    let (mut app, clock) = meeting_in_progress();
    ctrl(&mut app, 'x');
    ctrl(&mut app, 'o');
    type_text(&mut app, "Ask the CSA about renewal");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'k');
    type_text(&mut app, "Pricing questions");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'o');
    type_text(&mut app, "Share the runbook");
    key(&mut app, KeyCode::Enter);
    while app.focus() != kickoff::tui::app::Focus::Actions {
        key(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'x');
    key(&mut app, KeyCode::Tab);
    ctrl(&mut app, 'x');
    let terminal = draw(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    let screen = text(buffer);
    assert!(
        screen.contains("(internal) Priya: platform team"),
        "{screen}"
    );
    assert!(
        screen.contains("[ ] [internal] Ask the CSA about renewal"),
        "{screen}"
    );
    assert!(screen.contains("[ ] Share the runbook"), "{screen}");
    assert!(screen.contains("[internal] Pricing questions"), "{screen}");
    // The internal note line is drawn in the internal colour, the others are not.
    assert_eq!(color_of(buffer, "(internal) Priya"), Some(Color::Magenta));
    assert_eq!(color_of(buffer, "Dana: VP Eng"), Some(Color::Reset));
    assert!(screen.contains("Marked internal"), "{screen}");
    // Once the message is gone, the status line of a list names the key.
    clock.advance_secs(10);
    app.tick();
    let terminal = draw(&mut app, 120, 40);
    let screen = text(terminal.backend().buffer());
    assert!(
        screen.contains("Space tick · Del Del remove · ^X internal"),
        "{screen}"
    );
}

/// The introductory meeting started, with `n` customer attendees added in the lobby.
fn started_with_attendees(n: usize) -> TestApp {
    let (mut app, _) = app(None);
    for i in 0..n {
        add_attendee(
            &mut app,
            [
                &format!("Person {i}"),
                &format!("Role {i}"),
                "Europe/Berlin",
                "runs CI",
            ],
            0,
            [i == 0, false, false],
        );
    }
    ctrl(&mut app, 'n');
    app
}

#[test]
fn at_80x24_prompts_that_do_not_fit_say_so_and_the_next_one_to_tick_is_shown() {
    let mut app = started_with_attendees(1);
    // ^T ticks the first unticked prompt: the one it will tick next is on screen.
    for _ in 0..4 {
        ctrl(&mut app, 't');
    }
    let screen = text(draw(&mut app, 80, 24).backend().buffer());
    assert!(screen.contains("5 How you like to work"), "{screen}");
    assert!(
        screen.contains("more"),
        "a mark says what is not shown:\n{screen}"
    );
    // With the prompts focused, the selection moves through every prompt.
    key(&mut app, KeyCode::Tab);
    for _ in 0..5 {
        key(&mut app, KeyCode::Down);
    }
    let screen = text(draw(&mut app, 80, 24).backend().buffer());
    assert!(screen.contains("6 Your time zone"), "{screen}");
}

#[test]
fn at_100x30_the_attendee_rows_show_and_what_does_not_fit_says_so() {
    let mut app = started_with_attendees(1);
    let screen = text(draw(&mut app, 100, 30).backend().buffer());
    assert!(screen.contains("Person 0"), "{screen}");
    let mut app = started_with_attendees(9);
    let screen = text(draw(&mut app, 100, 30).backend().buffer());
    assert!(screen.contains("more"), "{screen}");
}

#[test]
fn the_selected_attendees_details_show_at_every_size_from_80x24() {
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let mut app = started_with_attendees(3);
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        assert_eq!(app.focus(), Focus::Attendees);
        key(&mut app, KeyCode::Down);
        let screen = text(draw(&mut app, width, height).backend().buffer());
        for detail in ["Person 1", "Role 1", "Europe/Berlin", "runs CI"] {
            assert!(
                screen.contains(detail),
                "{detail} missing at {width}x{height}:\n{screen}"
            );
        }
    }
}

/// A terminal that never says where its cursor is, as a bare pty or a serial console:
/// asking it fails.
struct Mute(TestBackend);

impl ratatui::backend::Backend for Mute {
    type Error = <TestBackend as ratatui::backend::Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.0.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
        panic!("the meeting screen asked the terminal where its cursor is")
    }
    fn set_cursor_position<P: Into<ratatui::layout::Position>>(
        &mut self,
        position: P,
    ) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
        self.0.size()
    }
    fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
        self.0.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.0.flush()
    }
}

#[test]
fn painting_never_asks_the_terminal_where_its_cursor_is() {
    let (mut app, _clock) = app(None);
    let mut terminal = Terminal::new(Mute(TestBackend::new(120, 40))).expect("a test terminal");
    let mut painter = kickoff::tui::view::Painter::new();
    for round in 0..3 {
        // The first frame, a frame over it, and one after the painter forgot the screen.
        if round == 2 {
            painter.forget();
        }
        type_text(&mut app, "runner pods crashloop");
        app.shell
            .paint(&mut terminal, &mut painter)
            .expect("painting never fails");
    }
    let screen = text(terminal.backend().0.buffer());
    assert!(screen.contains("runner pods crashloop"), "{screen}");
}

/// An output that keeps each write apart.
#[derive(Default)]
struct Writes(Vec<Vec<u8>>);

impl std::io::Write for Writes {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.push(bytes.to_vec());
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_meeting_screen_writes_each_frame_in_one_write() {
    let (mut app, _clock) = app(None);
    let mut terminal = kickoff::tui::MeetingTerminal::over(Writes::default(), 120, 40);
    let mut painter = kickoff::tui::view::Painter::new();
    terminal
        .paint(&mut app.shell, &mut painter)
        .expect("painting never fails");
    type_text(&mut app, "runner pods crashloop");
    terminal
        .paint(&mut app.shell, &mut painter)
        .expect("painting never fails");
    let writes = &terminal.output().0;
    assert_eq!(writes.len(), 2, "one write a frame");
    let [first, typed] = [&writes[0], &writes[1]].map(|w| String::from_utf8_lossy(w).into_owned());
    // The first frame clears the screen and draws all of it; the second only the notes'
    // new text. Each ends by placing the cursor.
    assert!(first.starts_with("\x1b[2J"), "{first:?}");
    assert!(first.contains("Introductory meeting"), "{first:?}");
    assert!(
        typed.contains("crashloop") && !typed.contains("Introductory"),
        "{typed:?}"
    );
    assert!(typed.len() < first.len() / 4, "{} bytes", typed.len());
    for frame in [&first, &typed] {
        assert!(frame.ends_with('H'), "ends with a cursor move: {frame:?}");
    }
}
