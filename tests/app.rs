//! The meeting screen driven by key sequences, asserting the state they leave behind.

mod common;

use chrono::Duration;
use common::{add_attendee, app, ctrl, key, press, type_text};
use crossterm::event::{Event, KeyCode, KeyModifiers};
use kickoff::core::carry;
use kickoff::core::clock::Clock;
use kickoff::core::drift::FindingKind;
use kickoff::core::export::{self, Version};
use kickoff::core::meeting::{ActionItem, Attendee, DriftOutcome, Meeting, Notes, Phase, Side};
use kickoff::core::store::Store;
use kickoff::tui::action::Action;
use kickoff::tui::app::{Focus, Tone};

/// The lines of `notes`, to compare with a list.
fn lines_of(notes: &Notes) -> Vec<&str> {
    notes.lines().collect()
}

#[test]
fn attendees_join_in_the_lobby_with_their_join_time() {
    let (mut app, clock) = app(None);
    clock.advance_secs(90);
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
    clock.advance_secs(30);
    add_attendee(
        &mut app,
        ["Sam Lee", "ASE", "UTC", "support"],
        1,
        [false, false, true],
    );
    let a = &app.meeting().attendees;
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].name, "Dana Ng");
    assert_eq!(a[0].time_zone, "Europe/Berlin");
    assert!(a[0].dri && a[0].primary_contact && !a[0].technical);
    assert_eq!(a[0].side, Side::Customer);
    assert_eq!(a[1].side, Side::Gitlab);
    assert_eq!(
        a[0].joined_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-23T14:01:30+01:00")
    );
    assert_eq!(app.meeting().phase(), Phase::Lobby);
}

#[test]
fn typing_and_pasting_in_the_lobby_are_kept_as_notes_from_before_the_meeting() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store.clone()));
    type_text(&mut app, "Dana joins late\n");
    app.handle_event(&Event::Paste("pasted | before\r\nthe start".into()));
    assert_eq!(
        app.meeting().phase(),
        Phase::Lobby,
        "the clock waits for ^N"
    );
    let lobby = "Dana joins late\npasted | before\nthe start";
    assert_eq!(app.meeting().lobby_notes, lobby);
    assert_eq!(
        app.meeting().sections[0].notes,
        "",
        "section 1 has not started"
    );
    // Saved as they are typed.
    let saved = store.load(&app.meeting().id).expect("the saved meeting");
    assert_eq!(saved.lobby_notes, lobby);
    // Once the agenda starts, typing goes to its first section.
    ctrl(&mut app, 'n');
    type_text(&mut app, "intro");
    assert_eq!(app.meeting().lobby_notes, lobby);
    assert_eq!(app.meeting().sections[0].notes, "intro");
    for markdown in [
        export::customer(app.meeting(), app.meeting().created_at),
        export::internal(app.meeting(), app.meeting().created_at),
    ] {
        let before = markdown
            .find("Before the meeting")
            .expect("a Before the meeting heading");
        let first = markdown.find("- Dana joins late").expect("the lobby notes");
        assert!(before < first, "{markdown}");
        assert!(markdown.contains("- pasted \\| before"), "{markdown}");
    }
}

#[test]
fn notes_go_to_the_section_on_screen_and_stay_there() {
    let (mut app, clock) = app(None);
    ctrl(&mut app, 'n');
    type_text(&mut app, "I'm Sam, in Berlin 🇩🇪\nfour years at GitLab");
    clock.advance_secs(60);
    ctrl(&mut app, 'n');
    type_text(&mut app, "Zoë: platform team, 東京");
    ctrl(&mut app, 'p');
    assert_eq!(
        app.meeting().sections[0].notes,
        "I'm Sam, in Berlin 🇩🇪\nfour years at GitLab"
    );
    assert_eq!(app.meeting().sections[1].notes, "Zoë: platform team, 東京");
    assert_eq!(
        lines_of(app.notes().notes()),
        ["I'm Sam, in Berlin 🇩🇪", "four years at GitLab"]
    );
    // Backspace removes exactly one character, even a wide one.
    ctrl(&mut app, 'n');
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.meeting().sections[1].notes, "Zoë: platform team, 東");
}

#[test]
fn pasted_text_lands_in_one_piece_without_control_characters() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    app.handle_event(&Event::Paste("line one\r\nline \u{1b}[31mtwo".into()));
    assert_eq!(app.meeting().sections[0].notes, "line one\nline [31mtwo");
}

#[test]
fn moving_on_with_unticked_prompts_says_so_and_time_is_kept_per_section() {
    let (mut app, clock) = app(None);
    ctrl(&mut app, 'n');
    ctrl(&mut app, 't');
    press(&mut app, KeyCode::Char('3'), KeyModifiers::ALT);
    let ticked = &app.meeting().sections[0].ticked;
    assert!(ticked[0] && !ticked[1] && ticked[2]);
    clock.advance_secs(5 * 60);
    ctrl(&mut app, 'n');
    let unticked = ticked_left(&app);
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(
        status.starts_with(&format!("{unticked} prompts left unticked")),
        "{status}"
    );
    clock.advance_secs(2 * 60);
    ctrl(&mut app, 'p');
    clock.advance_secs(60);
    let now = clock.now();
    assert_eq!(app.meeting().section_elapsed(0, now), Duration::minutes(6));
    assert_eq!(app.meeting().section_elapsed(1, now), Duration::minutes(2));
}

fn ticked_left(app: &kickoff::tui::app::App) -> usize {
    app.meeting().unticked(0)
}

#[test]
fn pause_stops_the_section_timer_until_resumed() {
    let (mut app, clock) = app(None);
    ctrl(&mut app, 'n');
    clock.advance_secs(60);
    ctrl(&mut app, ' ');
    assert_eq!(app.meeting().phase(), Phase::Paused);
    clock.advance_secs(600);
    ctrl(&mut app, ' ');
    clock.advance_secs(30);
    assert_eq!(
        app.meeting().section_elapsed(0, clock.now()),
        Duration::seconds(90)
    );
}

/// A plain step typed after a troubleshooting note goes on with its thread: the banner
/// stays up on the step and says why; typed after a benign note, the same step is quiet.
#[test]
fn a_step_of_a_troubleshooting_thread_keeps_the_banner_up() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(
        &mut app,
        "we want faster pipelines\nsame picture after the restart",
    );
    assert!(app.drift().is_none(), "{:?}", app.drift());
    key(&mut app, KeyCode::Enter);
    type_text(
        &mut app,
        "job 4411 fails with exit code 137\n\nsame picture after the restart",
    );
    let flag = app.drift().cloned().expect("a drift banner on the step");
    assert_eq!(flag.line, 4);
    assert_eq!(flag.finding.kind, FindingKind::Troubleshooting);
    let screen = common::screen_text(&mut app, 160, 40);
    assert!(screen.contains("the note before"), "{screen}");
}

#[test]
fn a_troubleshooting_note_raises_a_banner_and_one_key_parks_it() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(
        &mut app,
        "we want faster pipelines\njob 1234 fails with exit code 137",
    );
    let flag = app.drift().cloned().expect("a drift banner");
    assert_eq!(flag.line, 1);
    assert!(
        app.notes().notes()[1].contains(&flag.finding.matched),
        "the banner names words from the note"
    );
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "next topic");
    ctrl(&mut app, 'k');
    assert!(app.drift().is_none());
    assert_eq!(
        app.meeting().sections[0].notes,
        "we want faster pipelines\nnext topic"
    );
    assert_eq!(app.meeting().parking_lot.len(), 1);
    assert_eq!(
        app.meeting().parking_lot[0].text,
        "job 1234 fails with exit code 137"
    );
    assert_eq!(app.meeting().drift_log[0].outcome, DriftOutcome::Parked);
    // Typing continues where it was.
    type_text(&mut app, "!");
    assert_eq!(
        app.meeting().sections[0].notes,
        "we want faster pipelines\nnext topic!"
    );
}

/// A troubleshooting note that also labels a person says so on the banner: the customer
/// version will leave it out.
#[test]
fn a_troubleshooting_banner_says_when_the_note_also_labels_a_person() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(&mut app, "Dana is our Kubernetes guru (406)");
    let flag = app.drift().cloned().expect("a drift banner");
    assert_eq!(flag.finding.kind, FindingKind::Troubleshooting);
    let label = flag.label.expect("the label under it");
    assert!(label.matched.contains("guru"), "{label:?}");
    let screen = common::screen_text(&mut app, 160, 40);
    assert!(
        screen.contains(
            "Also labels a person, \"Dana is our Kubernetes guru\": not in the customer version."
        ),
        "{screen}"
    );

    // Neither a plain troubleshooting note nor a plain label carries one.
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "job 1234 fails with exit code 137");
    let flag = app.drift().cloned().expect("a drift banner");
    assert_eq!(flag.finding.kind, FindingKind::Troubleshooting);
    assert_eq!(flag.label, None);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "Marta is our CI/CD wizard");
    let flag = app.drift().cloned().expect("a drift banner");
    assert_eq!(flag.finding.kind, FindingKind::Labeling);
    assert_eq!(flag.label, None);
}

#[test]
fn drift_typed_at_the_end_of_a_very_long_line_is_flagged_and_cleared_as_in_a_short_one() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    // About 105 KB on one line.
    let long = "lorem ipsum dolor sit amet consectetur ".repeat(2_700);
    app.handle_event(&Event::Paste(long.clone()));
    assert!(app.drift().is_none());
    type_text(&mut app, "job 1234 fails with exit code 137");
    let flag = app.drift().cloned().expect("a drift banner");
    assert_eq!(flag.line, 0);
    assert!(flag.finding.matched.contains("137") || flag.finding.matched.contains("fails"));
    // Deleting the words takes the banner away again.
    for _ in 0.."fails with exit code 137".len() {
        key(&mut app, KeyCode::Backspace);
    }
    assert!(app.drift().is_none());
    assert_eq!(
        app.meeting().sections[0].notes,
        format!("{long}job 1234 ").as_str()
    );
}

#[test]
fn a_dismissed_flag_is_logged_and_not_raised_again_for_that_note() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(&mut app, "how do I fix the runner");
    assert!(app.drift().is_some());
    key(&mut app, KeyCode::Esc);
    assert!(app.drift().is_none());
    assert_eq!(app.meeting().drift_log.len(), 1);
    assert_eq!(app.meeting().drift_log[0].outcome, DriftOutcome::Dismissed);
    type_text(&mut app, " ");
    assert!(app.drift().is_none(), "the same note is not flagged again");
    // Without a banner, ^K opens a form to park a topic by hand.
    ctrl(&mut app, 'k');
    type_text(&mut app, "SSO setup questions");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.meeting().parking_lot[0].text, "SSO setup questions");
}

#[test]
fn action_items_goals_decisions_and_the_regular_meeting_are_recorded() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'o');
    type_text(&mut app, "Share the SOW summary");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "Sam");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "2026-11-30");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'l');
    type_text(&mut app, "Cut build times by half");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'd');
    type_text(&mut app, "Use a collaboration project");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'r');
    key(&mut app, KeyCode::Char(' '));
    // Past the day, time, zone, length and first date to what was said.
    for _ in 0..6 {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Tuesdays 16:00 CET");
    key(&mut app, KeyCode::Enter);
    let m = app.meeting();
    assert_eq!(m.actions[0].owner, "Sam");
    assert_eq!(
        m.actions[0].due.map(|d| d.to_string()).as_deref(),
        Some("2026-11-30")
    );
    assert_eq!(m.goals, ["Cut build times by half"]);
    assert_eq!(m.decisions, ["Use a collaboration project"]);
    let regular = m.regular_meeting.clone().expect("a regular meeting");
    assert_eq!(regular.cadence.label(), "Every other week");
    assert_eq!(regular.slot, "Tuesdays 16:00 CET");
    assert!(app.form().is_none());
}

#[test]
fn a_bad_due_date_keeps_the_form_open_with_the_reason() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'o');
    type_text(&mut app, "Send notes");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "tomorrow");
    key(&mut app, KeyCode::Enter);
    let form = app.form().expect("the form stays open");
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .contains("YYYY-MM-DD")
    );
    assert!(app.meeting().actions.is_empty());
}

#[test]
fn lists_are_edited_and_removed_from_their_pane() {
    let (mut app, _) = app(None);
    add_attendee(&mut app, ["Dana", "", "", ""], 0, [false; 3]);
    add_attendee(&mut app, ["Lee", "", "", ""], 0, [false; 3]);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::Attendees);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, " Park");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.meeting().attendees[1].name, "Lee Park");
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.meeting().attendees.len(), 2, "one Del only asks");
    key(&mut app, KeyCode::Delete);
    assert_eq!(app.meeting().attendees.len(), 1);
    assert_eq!(app.meeting().attendees[0].name, "Dana");
    // Typing in a list goes back to the notes instead of being lost.
    ctrl(&mut app, 'n');
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "x");
    assert_eq!(app.focus(), Focus::Notes);
    assert_eq!(app.meeting().sections[0].notes, "x");
}

#[test]
fn the_last_next_ends_the_meeting_and_back_reopens_it() {
    let (mut app, _) = app(None);
    for _ in 0..6 {
        ctrl(&mut app, 'n');
    }
    assert_eq!(app.meeting().phase(), Phase::Ended);
    ctrl(&mut app, 'p');
    assert_eq!(app.meeting().phase(), Phase::Running);
    assert_eq!(app.meeting().current, 4);
}

#[test]
fn export_writes_the_markdown_file_and_offers_it_to_the_clipboard() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    type_text(&mut app, "a note | with a pipe");
    ctrl(&mut app, 'e');
    let path = dir
        .path()
        .join("exports/2026-11-23-1400-acme-corp-introductory.md");
    let written = std::fs::read_to_string(&path).expect("the export file");
    assert!(written.starts_with("# Introductory meeting: Acme Corp"));
    assert!(written.contains("a note \\| with a pipe"));
    assert_eq!(app.copied.as_deref(), Some(written.as_str()));
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains(&path.display().to_string()), "{status}");
    // OSC 52 is fire and forget (tmux ignores it by default): say what was done, no more.
    assert!(!status.contains("copied"), "{status}");
    assert!(
        status.contains("sent to the terminal's clipboard (OSC 52)"),
        "{status}"
    );
}

#[test]
fn every_change_is_saved_and_quitting_keeps_everything() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, clock) = app(Some(store.clone()));
    ctrl(&mut app, 'n');
    type_text(&mut app, "first note");
    // Typing is saved by the next tick (once a second), not on every key.
    clock.advance_secs(1);
    app.tick();
    assert!(!app.is_dirty());
    let saved = store.load(&app.meeting().id).expect("a saved session");
    assert_eq!(saved.sections[0].notes, "first note");
    type_text(&mut app, " and more");
    clock.advance_secs(30);
    ctrl(&mut app, 'q');
    assert!(app.quit);
    let saved = store.load(&app.meeting().id).expect("a saved session");
    assert_eq!(&saved, app.meeting());
    // The timer stops while kickoff is closed: a resume the next day does not count the
    // night as section time.
    assert_eq!(saved.phase(), Phase::Paused);
    clock.advance_secs(12 * 3600);
    assert_eq!(saved.section_elapsed(0, clock.now()), Duration::seconds(31));
}

#[test]
fn help_opens_and_any_key_closes_it_without_typing() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'g');
    assert!(app.help_open());
    key(&mut app, KeyCode::Char('x'));
    assert!(!app.help_open());
    assert_eq!(app.meeting().sections[0].notes, "");
}

#[test]
fn troubleshooting_that_keeps_going_raises_the_level_and_says_why() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(&mut app, "job 1234 fails with exit code 137");
    let first = app.drift().cloned().expect("a drift banner");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "the runner logs say ERROR: connection refused");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "how do I fix the stuck pipeline");
    let third = app.drift().cloned().expect("a drift banner");
    assert!(
        third.finding.level > first.finding.level,
        "{:?} then {:?}",
        first.finding.level,
        third.finding.level
    );
    assert!(!third.finding.why.is_empty());
}

#[test]
fn drift_that_is_talked_past_is_logged_as_left_in_the_notes() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    type_text(
        &mut app,
        "job 1234 fails with exit code 137\nwe want faster builds\n",
    );
    type_text(&mut app, "the runner logs say ERROR: connection refused");
    ctrl(&mut app, 'n');
    let log = &app.meeting().drift_log;
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log.iter()
            .all(|e| e.outcome == DriftOutcome::Noted && e.section == 0)
    );
}

#[test]
fn when_the_data_directory_refuses_writes_the_app_warns_and_exports_elsewhere() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let elsewhere = tempfile::tempdir().expect("a temp dir");
    let (mut app, _) = app(Some(store.clone()));
    app.shell.disk.fallback_dirs = vec![elsewhere.path().to_path_buf()];
    // Both the sessions and the exports folder become unusable.
    std::fs::remove_dir_all(store.sessions_dir()).expect("remove");
    std::fs::write(store.sessions_dir(), "not a directory").expect("write");
    std::fs::write(dir.path().join("exports"), "not a directory").expect("write");
    ctrl(&mut app, 'n');
    type_text(&mut app, "still typing");
    ctrl(&mut app, 'q');
    assert!(!app.quit, "quitting with unsaved data asks first");
    assert!(app.save_error().is_some());
    ctrl(&mut app, 'e');
    let path = elsewhere
        .path()
        .join("2026-11-23-1400-acme-corp-introductory.md");
    let written = std::fs::read_to_string(&path).expect("the export went elsewhere");
    assert!(written.contains("still typing"));
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains(&path.display().to_string()), "{status}");
    assert!(!status.contains("copied"), "{status}");
    assert_eq!(app.meeting().sections[0].notes, "still typing");
    ctrl(&mut app, 'q');
    ctrl(&mut app, 'q');
    assert!(app.quit, "a second ^Q in a row quits");
}

#[test]
fn an_idle_paused_meeting_asks_for_a_redraw_only_when_the_minute_changes() {
    let (mut app, clock) = app(None);
    ctrl(&mut app, 'n');
    assert!(app.tick(), "a running timer changes every second");
    ctrl(&mut app, ' ');
    // The "paused" message goes away: that is a change on screen.
    clock.advance_secs(6);
    assert!(app.tick(), "an expired message is a change");
    let quiet = (0..40).all(|_| {
        clock.advance_secs(1);
        !app.tick()
    });
    assert!(
        quiet,
        "nothing on screen moves while paused within a minute"
    );
    clock.advance_secs(60);
    assert!(app.tick(), "the header clock shows the new minute");
}

#[test]
fn the_status_line_says_once_when_a_section_nears_and_passes_its_end() {
    let (mut app, clock) = app(None);
    ctrl(&mut app, 'n');
    app.tick();
    // Section 1 of the introductory meeting is planned for 8 minutes.
    clock.advance_secs(6 * 60 + 30);
    app.tick();
    let near = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(near.contains("1:30 left in this section"), "{near}");
    // Past the message's 8 seconds, nothing new is said.
    clock.advance_secs(9);
    app.tick();
    assert!(app.status().is_none(), "said once, not every second");
    clock.advance_secs(2 * 60);
    app.tick();
    let over = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(over.contains("over its planned time"), "{over}");
}

#[test]
fn a_pasted_block_is_scanned_line_by_line_not_only_where_the_cursor_ends() {
    let (mut app, _) = app(None);
    ctrl(&mut app, 'n');
    app.handle_event(&Event::Paste(
        "notes from the call\njob 1234 fails with exit code 137\nwe want faster builds".into(),
    ));
    let flag = app
        .drift()
        .cloned()
        .expect("the pasted error line raises the banner");
    assert_eq!(flag.line, 1);
    ctrl(&mut app, 'k');
    assert_eq!(
        app.meeting().sections[0].notes,
        "notes from the call\nwe want faster builds"
    );
}

// ---- the two versions of the export, internal marks, carry-forward, the follow-up ----

const ID: &str = "2026-11-23-1400-acme-corp-introductory";

fn status_text(app: &common::TestApp) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn control_e_writes_the_customer_version_and_control_s_the_internal_one_not_copied() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    type_text(&mut app, "we agreed on a collaboration project");
    ctrl(&mut app, 'e');
    let customer = dir.path().join(format!("exports/{ID}.md"));
    let written = read(&customer);
    assert!(!written.contains("Internal version"), "{written}");
    assert!(!written.contains("Timing summary"), "{written}");
    assert!(written.contains("we agreed on a collaboration project"));
    assert_eq!(app.copied.as_deref(), Some(written.as_str()));
    let status = status_text(&app);
    assert!(status.starts_with("Customer version exported"), "{status}");
    assert!(status.contains(&customer.display().to_string()), "{status}");

    app.copied = None;
    ctrl(&mut app, 's');
    let internal = dir.path().join(format!("exports/{ID}.internal.md"));
    let written = read(&internal);
    assert!(written.contains("Internal version"), "{written}");
    assert!(written.contains("Timing summary"), "{written}");
    assert_eq!(
        app.copied, None,
        "the internal version never goes to the clipboard"
    );
    let status = status_text(&app);
    assert!(
        status.starts_with("Internal version (not for the customer)"),
        "{status}"
    );
    assert!(status.contains(&internal.display().to_string()), "{status}");
    // The customer file is untouched by the internal export.
    assert!(!read(&customer).contains("Internal version"));
}

#[test]
fn control_x_marks_a_note_line_an_action_item_and_a_parked_topic_internal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    type_text(&mut app, "public note\nsecret-note-7f3 about the renewal");
    // The cursor stays on its character when the marker goes in front of the line.
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 'x');
    assert_eq!(
        app.meeting().sections[0].notes,
        "public note\n(internal) secret-note-7f3 about the renewal"
    );
    assert!(status_text(&app).contains("Marked internal"));
    type_text(&mut app, "!");
    assert_eq!(
        &app.notes().notes()[1],
        "(internal) secret-note-7f3 about the renewa!l"
    );
    // An action item and a parked topic, marked internal in their panes.
    ctrl(&mut app, 'o');
    type_text(&mut app, "secret-action-19c ask the CSA");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'o');
    type_text(&mut app, "Share the runbook");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'k');
    type_text(&mut app, "secret-topic-44a pricing");
    key(&mut app, KeyCode::Enter);
    while app.focus() != Focus::Actions {
        key(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'x');
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Focus::ParkingLot);
    ctrl(&mut app, 'x');
    let m = app.meeting();
    assert!(m.actions[0].internal && !m.actions[1].internal);
    assert!(m.parking_lot[0].internal);

    ctrl(&mut app, 'e');
    let customer = read(&dir.path().join(format!("exports/{ID}.md")));
    for secret in ["secret-note-7f3", "secret-action-19c", "secret-topic-44a"] {
        assert!(!customer.contains(secret), "{secret} leaked:\n{customer}");
    }
    assert!(customer.contains("public note"));
    assert!(customer.contains("Share the runbook"));
    ctrl(&mut app, 's');
    let internal = read(&dir.path().join(format!("exports/{ID}.internal.md")));
    for secret in ["secret-note-7f3", "secret-action-19c", "secret-topic-44a"] {
        assert!(internal.contains(secret), "{secret} missing:\n{internal}");
    }

    // ^X again makes them public: back in the notes, on the same line.
    ctrl(&mut app, 'x');
    assert!(!app.meeting().parking_lot[0].internal);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus(), Focus::Notes);
    ctrl(&mut app, 'x');
    assert_eq!(
        app.meeting().sections[0].notes,
        "public note\nsecret-note-7f3 about the renewa!l"
    );
    assert!(status_text(&app).contains("Public again"));
    // One undo step brings the mark back.
    ctrl(&mut app, 'u');
    assert!(
        app.meeting().sections[0]
            .notes
            .text()
            .contains("(internal) secret-note-7f3")
    );
}

#[test]
fn the_exports_of_the_session_are_written_again_on_the_way_out() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    type_text(&mut app, "first note");
    ctrl(&mut app, 'e');
    ctrl(&mut app, 's');
    type_text(&mut app, "\nlater note");
    ctrl(&mut app, 'o');
    type_text(&mut app, "Send the invite");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'q');
    assert!(app.quit);
    let customer = dir.path().join(format!("exports/{ID}.md"));
    let internal = dir.path().join(format!("exports/{ID}.internal.md"));
    assert!(
        !read(&customer).contains("later note"),
        "not yet: written at ^E"
    );
    let outcome = app.shell.finish();
    for path in [&customer, &internal] {
        let text = read(path);
        assert!(text.contains("later note"), "{}:\n{text}", path.display());
        assert!(
            text.contains("Send the invite"),
            "{}:\n{text}",
            path.display()
        );
    }
    assert_eq!(
        outcome.exports,
        [
            (Version::Customer, customer.clone()),
            (Version::Internal, internal.clone())
        ]
    );
}

#[test]
fn an_export_left_by_an_earlier_session_is_kept_current_too() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let internal = store
        .write_export_version(ID, Version::Internal, "an old internal export")
        .expect("an old export");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    type_text(&mut app, "typed after the old export");
    let outcome = app.shell.finish();
    assert!(read(&internal).contains("typed after the old export"));
    assert_eq!(outcome.exports, [(Version::Internal, internal)]);
    // No customer version was written or found: none is made up.
    assert!(!dir.path().join(format!("exports/{ID}.md")).exists());
}

fn known_attendee(name: &str, username: &str) -> Attendee {
    Attendee {
        name: name.into(),
        role: "Director of Platform Engineering".into(),
        time_zone: "Europe/Berlin".into(),
        expertise: "runs our CI".into(),
        side: Side::Customer,
        dri: true,
        primary_contact: true,
        technical: false,
        joined_at: None,
        gitlab_username: username.into(),
        working_hours: None,
        time_zone_choice: None,
    }
}

#[test]
fn the_attendee_form_offers_the_accounts_known_attendees_to_pick() {
    let (mut app, clock) = app(None);
    app.shell.dispatch(Action::KnownAttendees(vec![
        known_attendee("Dana Whitfield", "dwhitfield"),
        known_attendee("Raj Patel", "rpatel"),
    ]));
    ctrl(&mut app, 'a');
    // ↑ from the name reaches the known attendees; Space picks the next one.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    let raj = app.meeting().attendees[0].clone();
    assert_eq!(
        raj,
        Attendee {
            joined_at: Some(clock.now()),
            ..known_attendee("Raj Patel", "rpatel")
        }
    );
    // Once in the meeting, a known attendee is no longer offered.
    ctrl(&mut app, 'a');
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.form().is_some(),
        "back to none picked: the name is empty"
    );
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    let names: Vec<&str> = app
        .meeting()
        .attendees
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["Raj Patel", "Dana Whitfield"]);
}

#[test]
fn the_attendee_form_takes_a_gitlab_username_and_refuses_a_malformed_one() {
    let (mut app, _) = app(None);
    add_attendee(&mut app, ["Dana", "", "", ""], 0, [false; 3]);
    // The username is the last field: S-Tab from the name wraps to it.
    ctrl(&mut app, 'a');
    type_text(&mut app, "Sam Lee");
    press(&mut app, KeyCode::BackTab, KeyModifiers::NONE);
    type_text(&mut app, "sam lee");
    key(&mut app, KeyCode::Enter);
    let form = app.form().expect("a username with a space is refused");
    assert!(
        form.error
            .as_deref()
            .unwrap_or_default()
            .contains("username")
    );
    for _ in 0.."sam lee".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "@slee");
    key(&mut app, KeyCode::Enter);
    assert!(app.form().is_none());
    assert_eq!(app.meeting().attendees[1].gitlab_username, "slee");
    // An action item owned by Sam mentions them in the customer version.
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'o');
    type_text(&mut app, "Send the SOW");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "sam lee");
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'e');
    let copied = app.copied.clone().unwrap_or_default();
    assert!(copied.contains("- [ ] Send the SOW — @slee"), "{copied}");
}

#[test]
fn closing_carried_items_with_space_shows_them_done_in_the_export() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let clock = std::rc::Rc::new(kickoff::core::clock::FakeClock::at(
        "2026-11-23T14:00:00+01:00",
    ));
    let mut first = Meeting::new(
        ID.into(),
        "Acme Corp".into(),
        common::introductory(),
        clock.now(),
    );
    first.start(clock.now());
    first.actions.push(ActionItem {
        text: "Share the upgrade runbook".into(),
        owner: "Raj".into(),
        ..ActionItem::default()
    });
    first.park("Deploy job 42 fails".into(), String::new(), clock.now());
    first.end(clock.now());
    store.save(&first).expect("saved");
    clock.advance_secs(7 * 24 * 3600);
    let new = carry::prepare_new_meeting(
        &store,
        common::introductory(),
        "ACME corporation".into(),
        clock.now(),
    );
    assert_eq!(new.meeting.actions.len(), 1, "the open item is carried");
    let mut app = common::app_over(new.meeting, clock.clone(), Some(store));
    ctrl(&mut app, 'n');
    while app.focus() != Focus::Actions {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char(' '));
    assert!(app.meeting().actions[0].done);
    assert!(app.meeting().parking_lot[0].done);
    ctrl(&mut app, 'e');
    let md = app.copied.clone().unwrap_or_default();
    assert!(
        md.contains(
            "- [x] Share the upgrade runbook — **Raj** _(carried over from the Introductory meeting of 2026-11-23)_"
        ),
        "{md}"
    );
    assert!(md.contains("- [x] Deploy job 42 fails"), "{md}");
}

#[test]
fn control_f_writes_the_follow_up_next_to_the_exports_with_its_send_by_date() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(dir.path()).expect("a store");
    let (mut app, _) = app(Some(store));
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'd');
    type_text(&mut app, "Use a collaboration project");
    key(&mut app, KeyCode::Enter);
    for _ in 0..5 {
        ctrl(&mut app, 'n');
    }
    assert_eq!(app.meeting().phase(), Phase::Ended);
    ctrl(&mut app, 'f');
    let txt = dir.path().join(format!("exports/{ID}.followup.txt"));
    let md = dir.path().join(format!("exports/{ID}.followup.md"));
    let plain = read(&txt);
    // Monday 23 November: send by Tuesday.
    assert!(plain.starts_with("Send by: "), "{plain}");
    assert!(plain.contains("Tuesday, 24 November 2026"), "{plain}");
    assert!(plain.contains("Use a collaboration project"), "{plain}");
    assert!(read(&md).contains("Use a collaboration project"));
    assert_eq!(app.copied.as_deref(), Some(plain.as_str()));
    let status = status_text(&app);
    assert!(status.contains(&txt.display().to_string()), "{status}");
    assert!(status.contains("Tuesday, 24 November 2026"), "{status}");
    // Kept current on the way out like the exports.
    ctrl(&mut app, 'p');
    ctrl(&mut app, 'd');
    type_text(&mut app, "Meet every other Tuesday");
    key(&mut app, KeyCode::Enter);
    let outcome = app.shell.finish();
    assert!(read(&txt).contains("Meet every other Tuesday"));
    assert_eq!(outcome.followup_to, Some(txt));
}

/// A new meeting `id` with the introductory agenda, straight in the app (no shell, no
/// disk), and the moment it was made.
fn bare_app(
    id: &str,
) -> (
    kickoff::tui::app::App,
    chrono::DateTime<chrono::FixedOffset>,
) {
    use kickoff::tui::app::{App, Settings};
    let now = kickoff::core::clock::FakeClock::at("2026-11-23T14:00:00+01:00").now();
    let meeting = Meeting::new(id.into(), "Acme".into(), common::introductory(), now);
    (App::new(meeting, Settings::default(), now), now)
}

/// Typing hands the disk the changed lines only; moving on, pausing and quitting ask for
/// the journal to be folded into the session file.
#[test]
fn typing_saves_edits_and_section_changes_pause_and_quit_fold() {
    use kickoff::core::meeting::NoteChange;
    use kickoff::tui::action::{Action, EditorCommand, Effect};
    let (mut app, now) = bare_app("fold");
    let is_fold = |effects: &[Effect]| effects.iter().any(|e| matches!(e, Effect::Fold(_)));
    assert!(is_fold(&app.update(Action::NextSection, now)));
    // A typed character is saved as itself, not as its line.
    for (at, c) in "abc".chars().enumerate() {
        let effects = app.update(Action::Edit(EditorCommand::Insert(c)), now);
        assert!(!is_fold(&effects));
        let typed = NoteChange::Splice {
            line: 0,
            at,
            cut: 0,
            text: c.to_string(),
        };
        assert!(
            matches!(&effects[..], [Effect::SaveEdit(edit)] if edit.section == Some(0) && edit.change == typed),
            "{effects:?}"
        );
    }
    let effects = app.update(Action::Edit(EditorCommand::Newline), now);
    let split = NoteChange::Lines {
        start: 0,
        removed: 1,
        lines: vec!["abc".into(), "".into()],
    };
    assert!(
        matches!(&effects[..], [Effect::SaveEdit(edit)] if edit.change == split),
        "{effects:?}"
    );
    let effects = app.update(Action::TickNextPrompt, now);
    assert!(
        matches!(&effects[..], [Effect::SaveState(state)] if state.sections.iter().all(|r| r.notes.is_empty())),
        "{effects:?}"
    );
    // The fold carries the meeting, its notes in the editor's very chunks: the saver's
    // copy takes them back instead of keeping its own.
    let effects = app.update(Action::TogglePause, now);
    let folded = effects.iter().find_map(|e| match e {
        Effect::Fold(meeting) => Some(meeting),
        _ => None,
    });
    assert!(
        folded.is_some_and(|m| m.sections[m.current]
            .notes
            .shares_storage_with(app.notes().notes())),
        "{effects:?}"
    );
    assert!(
        !is_fold(&app.update(Action::TogglePause, now)),
        "resuming the timer does not"
    );
    assert!(is_fold(&app.update(Action::NextSection, now)));
    assert!(is_fold(&app.update(Action::Quit, now)));
}

/// A change within a line is journaled where the editor made it (typing `a` between two
/// `a`s is an insertion at the cursor, not one found after them), the journal replays
/// to the editor's text, and the meeting holds the editor's line itself, not a copy.
#[test]
fn an_edit_in_a_line_is_saved_where_it_was_made_and_shared_with_the_meeting() {
    use kickoff::core::meeting::NoteChange;
    use kickoff::tui::action::{Action, EditorCommand, Effect};
    let (mut app, now) = bare_app("splice");
    app.update(Action::NextSection, now);
    let before = app.meeting().clone();
    let mut edits = Vec::new();
    let mut type_key = |app: &mut kickoff::tui::app::App, command| {
        for effect in app.update(Action::Edit(command), now) {
            if let Effect::SaveEdit(edit) = effect {
                edits.push(edit);
            }
        }
    };
    for command in [
        EditorCommand::Insert('a'),
        EditorCommand::Insert('a'),
        EditorCommand::Left,
        EditorCommand::Insert('a'),
        EditorCommand::Insert('é'),
        EditorCommand::Backspace,
        EditorCommand::Insert('b'),
    ] {
        type_key(&mut app, command);
    }
    assert_eq!(app.notes().text(), "aaba");
    let changes: Vec<&NoteChange> = edits.iter().map(|e| &e.change).collect();
    let splice = |at: usize, cut: usize, text: &str| NoteChange::Splice {
        line: 0,
        at,
        cut,
        text: text.to_owned(),
    };
    assert_eq!(
        changes,
        [
            &splice(0, 0, "a"),
            &splice(1, 0, "a"),
            &splice(1, 0, "a"),
            &splice(2, 0, "é"),
            &splice(2, 2, ""),
            &splice(2, 0, "b"),
        ]
    );
    let mut replayed = before;
    for edit in &edits {
        assert!(replayed.apply_note_edit(edit), "{edit:?}");
    }
    let notes = |m: &Meeting| m.sections[0].notes.text();
    assert_eq!(notes(&replayed), app.notes().text());
    assert_eq!(notes(app.meeting()), app.notes().text());
    // While typing within a line, the meeting edits its own copy of the line's chunk; a
    // new line makes it take the editor's chunks again.
    let model = &app.meeting().sections[0].notes;
    assert!(!model.shares_storage_with(app.notes().notes()));
    app.update(Action::Edit(EditorCommand::Newline), now);
    assert_eq!(notes(app.meeting()), "aab\na");
    let model = &app.meeting().sections[0].notes;
    assert!(model.shares_storage_with(app.notes().notes()));
}

// ---- time zones, the SOW window and the regular meeting ---------------------------------

mod scheduling {
    use chrono::{NaiveDate, NaiveTime, Weekday};
    use crossterm::event::KeyCode;
    use kickoff::core::slots::{Person, WorkingHours};
    use kickoff::core::zone::iana;
    use kickoff::tui::app::Settings;

    use super::common::{self, TestApp, app_with, ctrl, key, screen_text, type_text};

    /// The lobby of a meeting on Mon 2026-11-23 at 14:00 in Berlin, the ASE in Berlin.
    fn berlin_app(sow_start: Option<NaiveDate>) -> TestApp {
        let (mut meeting, clock) = common::meeting();
        meeting.sow_start = sow_start;
        let ase = Person::new("You", iana("Europe/Berlin"));
        let settings = Settings {
            ase: Some(ase),
            ..Settings::default()
        };
        app_with(meeting, clock, None, settings)
    }

    /// The notes under the open form's fields.
    fn notes(app: &TestApp) -> Vec<String> {
        app.form()
            .map(|f| f.aid.notes.iter().map(|(_, n)| n.text.clone()).collect())
            .unwrap_or_default()
    }

    fn has_note(app: &TestApp, text: &str) -> bool {
        notes(app).iter().any(|n| n.contains(text))
    }

    /// Opens the attendee form and types a name and a time zone.
    fn attendee_with_zone(app: &mut TestApp, name: &str, zone: &str) {
        ctrl(app, 'a');
        type_text(app, name);
        key(app, KeyCode::Tab);
        key(app, KeyCode::Tab);
        type_text(app, zone);
    }

    fn add(app: &mut TestApp, name: &str, zone: &str) {
        attendee_with_zone(app, name, zone);
        key(app, KeyCode::Enter);
        assert!(
            app.form().is_none(),
            "{name} was not saved: {notes:?}",
            notes = notes(app)
        );
    }

    #[test]
    fn a_known_zone_says_what_it_understood_and_the_time_there() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Dana", "Berlin");
        assert!(
            has_note(&app, "Berlin → Europe/Berlin, now Mon 14:00 CET"),
            "{:?}",
            notes(&app)
        );
        let screen = screen_text(&mut app, 120, 40);
        assert!(
            screen.contains("Berlin → Europe/Berlin, now Mon 14:00 CET"),
            "{screen}"
        );
        key(&mut app, KeyCode::Enter);
        let dana = &app.meeting().attendees[0];
        assert_eq!(dana.time_zone, "Berlin");
        assert_eq!(dana.time_zone_choice, None);
    }

    #[test]
    fn an_unknown_zone_is_said_to_be_unknown_with_suggestions_and_kept_as_typed() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Dana", "Berlln");
        assert!(has_note(&app, "Unknown time zone"), "{:?}", notes(&app));
        assert!(
            has_note(&app, "Did you mean Berlin (Europe/Berlin)"),
            "{:?}",
            notes(&app)
        );
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.meeting().attendees[0].time_zone, "Berlln");
        // The list says it could not read it rather than showing a time.
        let screen = screen_text(&mut app, 120, 40);
        assert!(screen.contains("Berlln?"), "{screen}");
    }

    #[test]
    fn an_ambiguous_zone_names_the_meaning_picked_and_o_picks_another() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Aoife", "IST");
        assert!(
            has_note(
                &app,
                "IST → India Standard Time (Asia/Kolkata), now Mon 18:30 IST"
            ),
            "{:?}",
            notes(&app)
        );
        assert!(has_note(
            &app,
            "^O for Irish Standard Time or Israel Standard Time"
        ));
        ctrl(&mut app, 'o');
        assert!(
            has_note(
                &app,
                "IST → Irish Standard Time (Europe/Dublin), now Mon 13:00 GMT"
            ),
            "{:?}",
            notes(&app)
        );
        key(&mut app, KeyCode::Enter);
        let aoife = &app.meeting().attendees[0];
        assert_eq!(aoife.time_zone, "IST");
        assert_eq!(aoife.time_zone_choice.as_deref(), Some("Europe/Dublin"));
        // Her clock is Dublin's in the list.
        let screen = screen_text(&mut app, 120, 40);
        assert!(screen.contains("Mon 13:00 GMT"), "{screen}");
        // Editing keeps the choice; cycling past the last meaning comes back to the first.
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Enter);
        assert!(
            has_note(&app, "Irish Standard Time (Europe/Dublin)"),
            "{:?}",
            notes(&app)
        );
        ctrl(&mut app, 'o');
        assert!(
            has_note(&app, "Israel Standard Time (Asia/Jerusalem)"),
            "{:?}",
            notes(&app)
        );
        ctrl(&mut app, 'o');
        assert!(
            has_note(&app, "India Standard Time (Asia/Kolkata)"),
            "{:?}",
            notes(&app)
        );
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.meeting().attendees[0].time_zone_choice, None);
    }

    #[test]
    fn typing_another_zone_drops_the_meaning_picked() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Chen", "CST");
        ctrl(&mut app, 'o');
        assert!(has_note(&app, "Asia/Shanghai"), "{:?}", notes(&app));
        key(&mut app, KeyCode::Backspace);
        type_text(&mut app, "T");
        assert!(has_note(&app, "America/Chicago"), "{:?}", notes(&app));
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.meeting().attendees[0].time_zone_choice, None);
    }

    #[test]
    fn o_on_a_zone_with_one_meaning_says_so() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Dana", "Berlin");
        ctrl(&mut app, 'o');
        let error = app.form().and_then(|f| f.error.clone()).unwrap_or_default();
        assert!(error.contains("this one has one meaning"), "{error}");
    }

    #[test]
    fn working_hours_are_read_as_typed_and_refused_when_wrong() {
        let mut app = berlin_app(None);
        attendee_with_zone(&mut app, "Sam", "New York");
        // Expertise, side, three flags, then the working hours.
        for _ in 0..6 {
            key(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, "8-16x");
        assert!(has_note(&app, "the end is not a time"), "{:?}", notes(&app));
        key(&mut app, KeyCode::Enter);
        let form = app.form().expect("refused");
        assert!(
            form.error
                .as_deref()
                .unwrap_or("")
                .starts_with("Working hours:")
        );
        key(&mut app, KeyCode::Backspace);
        assert!(
            has_note(&app, "08:00-16:00 on their own clock"),
            "{:?}",
            notes(&app)
        );
        key(&mut app, KeyCode::Enter);
        assert_eq!(
            app.meeting().attendees[0].working_hours,
            WorkingHours::parse("08:00-16:00").ok()
        );
    }

    #[test]
    fn the_list_shows_each_attendees_local_time() {
        let mut app = berlin_app(None);
        add(&mut app, "Kim", "Sydney");
        add(&mut app, "Cy", "Chicago");
        let screen = screen_text(&mut app, 120, 40);
        assert!(screen.contains("Tue 00:00 AEDT"), "{screen}");
        assert!(screen.contains("Mon 07:00 CST"), "{screen}");
    }

    #[test]
    fn the_lobby_shows_the_sow_window_and_warns_when_today_is_outside_it() {
        let sow = NaiveDate::from_ymd_opt(2026, 11, 2);
        let mut late = berlin_app(sow);
        let screen = screen_text(&mut late, 120, 40);
        assert!(screen.contains("SOW window"), "{screen}");
        assert!(
            screen.contains("▲ SOW starts Mon 2026-11-02: meet on Mon 2026-11-02, at"),
            "{screen}"
        );
        assert!(
            screen.contains("the latest Mon 2026-11-09; today is 14 days after"),
            "{screen}"
        );

        let mut on_time = berlin_app(NaiveDate::from_ymd_opt(2026, 11, 21));
        let screen = screen_text(&mut on_time, 120, 40);
        assert!(screen.contains("✓ SOW starts Sat 2026-11-21"), "{screen}");
        assert!(screen.contains("today is the first day"), "{screen}");

        let mut none = berlin_app(None);
        assert!(!screen_of(&mut none).contains("SOW window"));
    }

    fn screen_of(app: &mut TestApp) -> String {
        screen_text(app, 120, 40)
    }

    #[test]
    fn zones_that_share_no_working_hours_are_said_so_and_a_compromise_can_be_picked() {
        let mut app = berlin_app(None);
        add(&mut app, "Kim", "Sydney");
        add(&mut app, "Cy", "Chicago");
        ctrl(&mut app, 'r');
        assert!(
            has_note(&app, "These time zones share no working hours"),
            "{:?}",
            notes(&app)
        );
        ctrl(&mut app, 'o');
        assert!(
            has_note(&app, "▲ Outside someone's working hours:"),
            "{:?}",
            notes(&app)
        );
        assert!(
            notes(&app)
                .iter()
                .any(|n| n.trim_start().starts_with("Kim: "))
        );
        key(&mut app, KeyCode::Enter);
        let schedule = app.meeting().regular_schedule.clone().expect("a schedule");
        assert_eq!(schedule.time_zone, "Europe/Berlin");
        assert_eq!(schedule.duration_minutes, 30);
        assert!(schedule.validate().is_ok());
    }

    #[test]
    fn a_fitting_slot_is_picked_instead_of_typed() {
        let mut app = berlin_app(None);
        add(&mut app, "Lou", "London");
        add(&mut app, "Ny", "New York");
        ctrl(&mut app, 'r');
        assert!(
            has_note(&app, "Suggested slots, ^O picks one:"),
            "{:?}",
            notes(&app)
        );
        assert!(has_note(&app, "fits everyone"), "{:?}", notes(&app));
        ctrl(&mut app, 'o');
        assert!(
            has_note(
                &app,
                "✓ Inside everyone's working hours on every date for a year."
            ),
            "{:?}",
            notes(&app)
        );
        key(&mut app, KeyCode::Enter);
        let schedule = app.meeting().regular_schedule.clone().expect("a schedule");
        // New York's 09:00 is 15:00 in Berlin; Berlin's day ends at 17:00.
        let start = schedule.time;
        assert!(
            NaiveTime::from_hms_opt(15, 0, 0) <= Some(start)
                && Some(start) <= NaiveTime::from_hms_opt(16, 30, 0),
            "{start}"
        );
        assert_eq!(
            schedule.first_date,
            NaiveDate::from_ymd_opt(2026, 11, 24)
                .map(|d| {
                    let ahead = (7 + schedule.weekday.num_days_from_monday()
                        - Weekday::Tue.num_days_from_monday())
                        % 7;
                    d + chrono::Duration::days(i64::from(ahead))
                })
                .unwrap_or_default()
        );
        // The outcomes pane shows it once the meeting runs.
        ctrl(&mut app, 'n');
        let screen = screen_text(&mut app, 120, 40);
        assert!(
            screen.contains(&format!(
                "↻ Weekly, {} {}",
                schedule.weekday,
                start.format("%H:%M")
            )),
            "{screen}"
        );
    }

    /// Types over the text of the focused field.
    fn replace(app: &mut TestApp, text: &str) {
        for _ in 0..20 {
            key(app, KeyCode::Backspace);
        }
        type_text(app, text);
    }

    #[test]
    fn the_regular_meeting_form_warns_outside_working_hours_and_names_the_field_at_fault() {
        let mut app = berlin_app(None);
        add(&mut app, "Kim", "Sydney");
        ctrl(&mut app, 'r');
        // Cadence, day, then the time.
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        type_text(&mut app, "22:00");
        assert!(
            has_note(&app, "Kim: Wed 08:00–08:30 AEDT, 1 h before working hours"),
            "{:?}",
            notes(&app)
        );
        assert!(
            notes(&app)
                .iter()
                .any(|n| n.contains("You: Tue 22:00–22:30 CET"))
        );
        // A bad time, zone, length or date is refused on its field.
        replace(&mut app, "25:00");
        key(&mut app, KeyCode::Enter);
        let form = app.form().expect("refused");
        assert_eq!(form.fields[form.focus].label, "Time");
        assert!(form.error.as_deref().unwrap_or("").starts_with("Time: "));
        replace(&mut app, "16:00");
        key(&mut app, KeyCode::Tab);
        replace(&mut app, "Atlantis");
        assert!(has_note(&app, "Unknown time zone"));
        key(&mut app, KeyCode::Enter);
        let form = app.form().expect("refused");
        assert_eq!(form.fields[form.focus].label, "Time zone");
        replace(&mut app, "CET");
        key(&mut app, KeyCode::Tab);
        replace(&mut app, "0");
        key(&mut app, KeyCode::Enter);
        let form = app.form().expect("refused");
        assert_eq!(form.fields[form.focus].label, "Duration (min)");
        assert_eq!(
            form.error.as_deref(),
            Some("Duration (min): a regular meeting lasts 1 to 480 minutes, not 0.")
        );
        replace(&mut app, "45");
        key(&mut app, KeyCode::Tab);
        replace(&mut app, "2026-02-30");
        key(&mut app, KeyCode::Enter);
        let form = app.form().expect("refused");
        assert_eq!(form.fields[form.focus].label, "First date");
        assert_eq!(
            form.error.as_deref(),
            Some("First date: 2026-02-30: February 2026 has no day 30.")
        );
        replace(&mut app, "2026-12-01");
        key(&mut app, KeyCode::Enter);
        let schedule = app.meeting().regular_schedule.clone().expect("a schedule");
        assert_eq!(schedule.time_zone, "Europe/Berlin");
        assert_eq!(schedule.duration_minutes, 45);
        assert_eq!(
            schedule.time,
            NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default()
        );
    }

    #[test]
    fn without_a_time_the_free_text_is_kept_as_before() {
        let mut app = berlin_app(None);
        ctrl(&mut app, 'r');
        assert!(has_note(&app, "nobody's time zone is known") || has_note(&app, "Suggested"));
        // Cadence, day, time, zone, length, first date, then what was said.
        for _ in 0..6 {
            key(&mut app, KeyCode::Tab);
        }
        type_text(&mut app, "Thursdays after standup");
        key(&mut app, KeyCode::Enter);
        let m = app.meeting();
        assert_eq!(m.regular_schedule, None);
        assert_eq!(
            m.regular_meeting.as_ref().map(|r| r.slot.as_str()),
            Some("Thursdays after standup")
        );
    }
}

/// Notes typed in the lobby are saved as edits of the lobby's notes, like a section's,
/// not as a copy of the meeting.
#[test]
fn lobby_typing_saves_edits_of_the_lobby_notes() {
    use kickoff::core::meeting::NoteChange;
    use kickoff::tui::action::{Action, EditorCommand, Effect};
    let (mut app, now) = bare_app("lobby");
    let effects = app.update(Action::Edit(EditorCommand::Insert('h')), now);
    let typed = NoteChange::Splice {
        line: 0,
        at: 0,
        cut: 0,
        text: "h".into(),
    };
    assert!(
        matches!(&effects[..], [Effect::SaveEdit(edit)] if edit.section.is_none() && edit.change == typed),
        "{effects:?}"
    );
    assert_eq!(app.meeting().lobby_notes, "h");
    // Everything but the notes leaves the lobby's notes out too.
    let effects = app.update(Action::TogglePause, now);
    let state = effects.iter().find_map(|e| match e {
        Effect::SaveState(state) => Some(state),
        _ => None,
    });
    assert!(
        state.is_some_and(|s| s.lobby_notes.is_empty()),
        "{effects:?}"
    );
    assert_eq!(app.meeting().lobby_notes, "h");
}

/// A section whose saved notes hold a `\r` (a hand-edited file) opens with the `\r` read
/// as a line break, in the editor and in the meeting alike, whichever way it is reached.
#[test]
fn a_carriage_return_in_saved_notes_is_a_line_break_in_the_editor_and_the_meeting() {
    let (mut meeting, clock) = common::meeting();
    meeting.set_current_notes("lobby one\r\nlobby two\rlobby three");
    let mut app = common::app_over(meeting, clock, None);
    let lines = ["lobby one", "lobby two", "lobby three"];
    assert_eq!(lines_of(app.notes().notes()), lines);
    let notes = app.meeting().current_notes().expect("the lobby's notes");
    assert_eq!(lines_of(notes), lines);

    // Sections without one open as they are.
    ctrl(&mut app, 'n');
    type_text(&mut app, "first section");
    ctrl(&mut app, 'n');
    ctrl(&mut app, 'p');
    assert_eq!(lines_of(app.notes().notes()), ["first section"]);
    let notes = app.meeting().current_notes().expect("the section's notes");
    assert_eq!(lines_of(notes), ["first section"]);
}

#[test]
fn a_warning_from_the_launcher_stays_longer_than_news() {
    let (mut app, clock) = app(None);
    app.shell.app.update(
        Action::Announce("Carried forward 2 action items".into()),
        clock.now(),
    );
    let news = app.status().expect("the news");
    assert_eq!(
        (news.text.as_str(), news.tone),
        ("Carried forward 2 action items", Tone::Info)
    );
    app.shell.app.update(
        Action::Warn("Dropped a record cut short".into()),
        clock.now(),
    );
    let warning = app.status().expect("the warning");
    assert_eq!(
        (warning.text.as_str(), warning.tone),
        ("Dropped a record cut short", Tone::Warning)
    );
    // News goes after 5 seconds; a warning stays 8.
    clock.advance_secs(6);
    app.tick();
    assert!(app.status().is_some(), "a warning is still shown after 6 s");
    clock.advance_secs(3);
    app.tick();
    assert!(app.status().is_none());
}
