//! Hostile text in every field a user (or an agenda file) fills: it survives the round
//! trip to the session file exactly, cannot add structure, links, HTML, mentions or quick
//! actions to the Markdown export (checked by parsing the export with comrak, the GFM
//! parser GitLab uses), and never reaches the terminal as an escape sequence.

mod common;

use chrono::{DateTime, Duration, FixedOffset};
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};
use kickoff::core::clock::Clock;
use kickoff::core::drift::FindingKind;
use kickoff::core::export::{self, Version, escape_inline, to_markdown};
use kickoff::core::meeting::{
    ActionItem, Attendee, Cadence, DriftEvent, DriftOutcome, Meeting, ParkedItem, RegularMeeting,
    Side,
};
use kickoff::core::store::Store;

/// Text that means something to Markdown, GitLab, HTML, YAML or a terminal.
const HOSTILE: &[&str] = &[
    "a | b || c |",
    "back\\slash \\| \\\\ \\",
    "`code` ``double`` ```",
    "line one\nline two\n\nline four\r\nwindows\rmac",
    "tab\there\t\tand\u{0B}vt\u{0C}ff",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment --> <b>bold</b> </div>",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "![i](http://x/y.png)",
    "# heading",
    "###### six",
    "- list item",
    "* star item",
    "+ plus item",
    "> quote",
    ">> nested quote",
    "1. ordered",
    "12) ordered paren",
    "/assign @me",
    " /close",
    "/label ~bug",
    "@all please look",
    "ping @group/subgroup and @user.name and mail@example.com",
    "see #12 and !34 and ~label and ~\"multi word\" and &5 and %milestone and $snippet and ^up",
    "gitlab-org/gitlab#12 group/project!34 @@double",
    "```\nfenced\n```",
    "~~~ruby\ntilde fence\n~~~",
    "    indented code",
    "---",
    "===",
    "***bold*** _em_ __strong__ ~~strike~~ ~sub~",
    "&amp; &#64; &lt; &#x40;",
    "[ ] fake task",
    "[x] fake done",
    "| col | col |\n|---|---|\n| a | b |",
    "$`math`$ $$block$$ {+ins+} [-del-]",
    ":emoji: :+1: <details><summary>x</summary></details>",
    "会議のメモ 📝 👩‍💻 🇯🇵",
    "e\u{301}\u{301} combining a\u{20dd}",
    "שלום عربي \u{202E}gnp.exe \u{2067}isolate\u{2069}",
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]52;c;aGVsbG8=\u{07}osc clipboard",
    "\u{1b}]8;;http://evil.example\u{1b}\\hyperlink\u{1b}]8;;\u{1b}\\",
    "\u{9b}31mC1 csi \u{9d}0;title\u{9c} \u{85}nel",
    "\u{7f}del \u{0}nul \u{feff}bom",
    "*",
    "-",
    "",
    "  ",
];

/// Strings that map a `Meeting` field to its content.
type Words = dyn Fn(usize) -> String;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("a valid time")
}

/// The hostile string `i` (cycling).
fn hostile(i: usize) -> String {
    HOSTILE[i % HOSTILE.len()].to_owned()
}

/// A benign string of the same shape as `text` for a one-line field: empty when the
/// export would drop it, else plain words.
fn benign_line(text: &str) -> String {
    if escape_inline(text).is_empty() {
        String::new()
    } else {
        "plain words".to_owned()
    }
}

/// A benign string of the same shape as `text` for notes: the same lines, each kept
/// (with its indentation) or dropped as the export would.
fn benign_notes(text: &str) -> String {
    text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(|line| {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let trimmed = line.trim_start();
            let body = ["- ", "* ", "+ ", "• "]
                .iter()
                .find_map(|m| trimmed.strip_prefix(m))
                .unwrap_or(trimmed);
            if escape_inline(body).is_empty() {
                String::new()
            } else {
                format!("{indent}plain words")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A finished meeting over the introductory agenda whose every user-written field, and
/// every agenda text, is `line(i)` (one-line fields) or `notes(i)` (multi-line fields).
fn meeting(line: &Words, notes: &Words, regular_notes: &Words) -> Meeting {
    let mut agenda = common::introductory();
    agenda.title = line(1);
    agenda.description = notes(2);
    agenda.checklist = (0..3).map(|i| line(3 + i)).collect();
    for (s, section) in agenda.sections.iter_mut().enumerate() {
        section.title = line(10 + s);
        section.goal = line(20 + s);
        for (p, prompt) in section.prompts.iter_mut().enumerate() {
            *prompt = line(30 + 7 * s + p);
        }
    }
    let start = at("2026-11-23T14:00:00+01:00");
    let mut m = Meeting::new("hostile".into(), line(0), agenda, start);
    m.start(start);
    let n = HOSTILE.len();
    for i in 0..n {
        m.attendees.push(Attendee {
            name: line(i),
            role: line(i + 1),
            time_zone: line(i + 2),
            expertise: line(i + 3),
            side: [Side::Customer, Side::Partner, Side::Gitlab][i % 3],
            dri: i % 4 == 0,
            primary_contact: i % 5 == 0,
            technical: i % 2 == 0,
            joined_at: Some(start + Duration::minutes(i as i64)),
            gitlab_username: line(i + 9),
            working_hours: None,
            time_zone_choice: None,
        });
        m.actions.push(ActionItem {
            text: line(i),
            owner: line(i + 5),
            due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
            done: i % 2 == 1,
            section: i % 5,
            ..ActionItem::default()
        });
        m.parking_lot.push(ParkedItem {
            text: line(i),
            section: i % 5,
            reason: line(i + 7),
            parked_at: start + Duration::minutes(i as i64),
            internal: false,
            done: false,
            carried: None,
        });
        m.drift_log.push(DriftEvent {
            section: i % 5,
            kind: if i % 3 == 0 {
                FindingKind::Labeling
            } else {
                FindingKind::Troubleshooting
            },
            // A labeling flag keeps the note lines holding its words out of the customer
            // version; the benign meeting's notes are all "plain words", so its words
            // must be ones no note holds, or the two exports would differ for that.
            matched: if i % 3 == 0 {
                "is our pipeline guru".to_owned()
            } else {
                line(i)
            },
            outcome: [
                DriftOutcome::Parked,
                DriftOutcome::Dismissed,
                DriftOutcome::Noted,
            ][i % 3],
            at: start + Duration::minutes(i as i64),
        });
    }
    m.goals = (0..n).map(|i| line(i + 11)).collect();
    m.decisions = (0..n).map(|i| line(i + 13)).collect();
    for (s, record) in m.sections.iter_mut().enumerate() {
        record.notes = notes(s).into();
        record.spent_secs = 60 * (s as i64 + 1);
        for (t, ticked) in record.ticked.iter_mut().enumerate() {
            *ticked = (s + t) % 2 == 0;
        }
    }
    m.regular_meeting = Some(RegularMeeting {
        cadence: Cadence::Weekly,
        slot: line(17),
        notes: regular_notes(3),
    });
    m.end(start + Duration::minutes(61));
    m
}

/// All hostile strings as notes, one per line (and indented, and as typed bullets),
/// rotated by `i`.
fn hostile_notes(i: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for k in 0..HOSTILE.len() {
        let h = hostile(i + k);
        lines.push(match k % 4 {
            0 => h,
            1 => format!("  {h}"),
            2 => format!("- {h}"),
            _ => format!("\t{h}"),
        });
    }
    lines.join("\n")
}

fn hostile_meeting() -> Meeting {
    meeting(&hostile, &hostile_notes, &hostile_notes)
}

fn benign_meeting() -> Meeting {
    meeting(
        &|i| benign_line(&hostile(i)),
        &|i| benign_notes(&hostile_notes(i)),
        // The regular meeting's notes keep typed bullets as text, one line each.
        &|i| {
            hostile_notes(i)
                .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
                .map(benign_line)
                .collect::<Vec<_>>()
                .join("\n")
        },
    )
}

fn gfm() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options
}

/// The structure of a parsed document: every node but text, in document order, with
/// what shapes it (heading levels, list kinds, table widths) but not its text.
fn skeleton<'a>(root: &'a AstNode<'a>) -> Vec<String> {
    root.descendants()
        .filter_map(|node| {
            let value = &node.data().value;
            let name = match value {
                NodeValue::Text(_) | NodeValue::SoftBreak | NodeValue::Escaped => return None,
                NodeValue::Code(_) => "Code".to_owned(),
                NodeValue::CodeBlock(_) => "CodeBlock".to_owned(),
                NodeValue::HtmlInline(_) => "HtmlInline".to_owned(),
                NodeValue::HtmlBlock(_) => "HtmlBlock".to_owned(),
                // A bare URL shows its own destination, and GitLab links it whatever
                // the escaping: it is text, not structure (checked apart).
                NodeValue::Link(_) if is_visible_autolink(node) => return None,
                // A link typed with an http(s) target links to exactly what was typed.
                NodeValue::Link(_) if is_typed_web_link(node) => return None,
                NodeValue::Link(_) => "Link".to_owned(),
                NodeValue::Image(_) => "Image".to_owned(),
                NodeValue::Heading(h) => format!("Heading({})", h.level),
                NodeValue::List(l) | NodeValue::Item(l) => {
                    format!("List({:?}, {:?})", l.list_type, l.bullet_char)
                }
                NodeValue::Table(t) => format!("Table({})", t.num_columns),
                NodeValue::TaskItem(t) => format!("TaskItem({:?})", t.symbol),
                other => {
                    let debug = format!("{other:?}");
                    debug.split(['(', ' ', '{']).next().unwrap_or("").to_owned()
                }
            };
            Some(name)
        })
        .collect()
}

/// Whether `node` is a link whose text is its own http(s) or mail destination: what the
/// GFM autolink extension (and GitLab) make of a bare URL or address.
fn is_visible_autolink<'a>(node: &'a AstNode<'a>) -> bool {
    let url = match &node.data().value {
        NodeValue::Link(link) => link.url.clone(),
        _ => return false,
    };
    let text = text_of(node);
    let safe_scheme = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| url.starts_with(scheme));
    let shown = url == text
        || url.strip_prefix("mailto:") == Some(text.as_str())
        || url.strip_prefix("http://") == Some(text.as_str());
    safe_scheme && shown
}

/// Whether `node` is a link to an http(s) URL typed in one of the hostile strings, as
/// `[text](url)` or `![alt](url)` (which the export writes as a plain link).
fn is_typed_web_link<'a>(node: &'a AstNode<'a>) -> bool {
    let NodeValue::Link(link) = &node.data().value else {
        return false;
    };
    (link.url.starts_with("http://") || link.url.starts_with("https://"))
        && HOSTILE
            .iter()
            .any(|h| h.contains(&format!("]({})", link.url)))
}

/// Every node of `root` (with its text, for messages) for which `pick` holds.
fn find<'a>(root: &'a AstNode<'a>, pick: impl Fn(&NodeValue) -> bool) -> Vec<String> {
    root.descendants()
        .filter(|n| pick(&n.data().value))
        .map(|n| format!("{:?}", n.data().value))
        .collect()
}

/// Every link of `root`: whether it is a visible autolink, and what it is.
fn root_links<'a>(root: &'a AstNode<'a>) -> Vec<(bool, String)> {
    root.descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Link(_)))
        .map(|n| {
            (
                is_visible_autolink(n),
                format!("{:?} {:?}", n.data().value, text_of(n)),
            )
        })
        .collect()
}

/// The text of a node and its descendants.
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    node.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Text(t) => Some(t.to_string()),
            NodeValue::Code(c) => Some(c.literal.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_hostile_string_round_trips_through_the_session_file_exactly() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(dir.path()).expect("a store");
    let m = hostile_meeting();
    let path = store.save(&m).expect("save");
    let loaded = store.load("hostile").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded, m);
    // Spot checks that the strings really are in there, not normalized on both sides.
    assert_eq!(loaded.account, HOSTILE[0]);
    assert_eq!(loaded.sections[0].notes, hostile_notes(0));
    for (i, h) in HOSTILE.iter().enumerate() {
        assert_eq!(loaded.attendees[i].name, *h);
    }
    // The file holds no raw terminal controls (YAML escapes them).
    let bytes = std::fs::read(&path).expect("the file");
    let text = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "raw control characters in the session file"
    );
}

/// `version` of the export of `meeting`, at the meeting's last known time.
fn render(meeting: &Meeting, version: Version) -> String {
    export::render(
        meeting,
        export::last_known_time(meeting),
        version,
        &export::Options::default(),
    )
}

#[test]
fn the_export_has_the_same_structure_as_for_benign_text() {
    for version in [Version::Customer, Version::Internal] {
        same_structure_as_for_benign_text(version);
    }
}

fn same_structure_as_for_benign_text(version: Version) {
    let hostile_md = render(&hostile_meeting(), version);
    let benign_md = render(&benign_meeting(), version);
    let options = gfm();
    let arena = Arena::new();
    let hostile_root = parse_document(&arena, &hostile_md, &options);
    let benign_root = parse_document(&arena, &benign_md, &options);

    let hostile_shape = skeleton(hostile_root);
    let benign_shape = skeleton(benign_root);
    if hostile_shape != benign_shape {
        let first = hostile_shape
            .iter()
            .zip(&benign_shape)
            .position(|(a, b)| a != b)
            .unwrap_or(hostile_shape.len().min(benign_shape.len()));
        panic!(
            "{version:?}: hostile text changed the structure at node {first}: {:?} instead of {:?}\n\n{hostile_md}",
            hostile_shape.get(first..(first + 5).min(hostile_shape.len())),
            benign_shape.get(first..(first + 5).min(benign_shape.len())),
        );
    }

    // Nothing the export never writes itself: no link, image, inline HTML, code.
    for (what, found) in [
        (
            "link to a target not typed as an http(s) URL",
            hostile_root
                .descendants()
                .filter(|n| matches!(n.data().value, NodeValue::Link(_)))
                .filter(|n| !is_visible_autolink(n) && !is_typed_web_link(n))
                .map(|n| format!("{:?}", n.data().value))
                .collect(),
        ),
        (
            "image",
            find(hostile_root, |v| matches!(v, NodeValue::Image(_))),
        ),
        (
            "inline HTML",
            find(hostile_root, |v| matches!(v, NodeValue::HtmlInline(_))),
        ),
        (
            "code",
            find(hostile_root, |v| {
                matches!(v, NodeValue::Code(_) | NodeValue::CodeBlock(_))
            }),
        ),
    ] {
        assert!(
            found.is_empty(),
            "{version:?}: a {what} from user text: {found:?}"
        );
    }
    // The only HTML blocks are the internal version's drift log wrapper.
    let html_blocks = find(hostile_root, |v| matches!(v, NodeValue::HtmlBlock(_)));
    let expected = match version {
        Version::Customer => 0,
        Version::Internal => 2,
    };
    assert_eq!(html_blocks.len(), expected, "{html_blocks:?}");
    for block in &html_blocks {
        assert!(
            block.contains("<details><summary>Drift log") || block.contains("</details>"),
            "{block}"
        );
    }
}

#[test]
fn every_table_row_keeps_the_header_s_cell_count_and_its_text() {
    let m = hostile_meeting();
    let md = to_markdown(&m);
    // In the source: every row of a table has as many unescaped pipes as its header.
    let mut header_pipes: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header_pipes = None;
            continue;
        }
        let pipes = unescaped_pipes(line);
        match header_pipes {
            None => header_pipes = Some(pipes),
            Some(expected) => assert_eq!(pipes, expected, "{line}"),
        }
    }
    // In the tree: the attendee table's name cell holds the whole (cleaned) name, and
    // the next cell is still the side.
    let options = gfm();
    let arena = Arena::new();
    let root = parse_document(&arena, &md, &options);
    let tables: Vec<&AstNode<'_>> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Table(_)))
        .collect();
    assert_eq!(tables.len(), 3, "attendees, timing, drift log");
    let rows: Vec<Vec<String>> = tables[0]
        .children()
        .map(|row| row.children().map(text_of).collect())
        .collect();
    assert_eq!(rows.len(), HOSTILE.len() + 1);
    for row in &rows {
        assert_eq!(row.len(), 6, "{row:?}");
    }
    for a in &m.attendees {
        let name = clean(&a.name);
        let row = rows
            .iter()
            .skip(1)
            .find(|r| r[0] == name && r[2] == clean(&a.role))
            .unwrap_or_else(|| panic!("no row for {name:?} in {rows:#?}"));
        assert_eq!(row[1], a.side.label(), "{row:?}");
        assert_eq!(row[3], clean(&a.time_zone), "{row:?}");
        assert_eq!(row[4], clean(&a.expertise), "{row:?}");
    }
    // The drift log keeps the matched words whole too.
    let drift: Vec<Vec<String>> = tables[2]
        .children()
        .map(|row| row.children().map(text_of).collect())
        .collect();
    for row in &drift {
        assert_eq!(row.len(), 5, "{row:?}");
    }
}

/// The text the export shows for `text`: what comrak reads back from the escaped form.
fn clean(text: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, &escape_inline(text), &gfm());
    text_of(root)
}

/// Pipes not escaped by an odd run of backslashes.
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

#[test]
fn hostile_text_reads_back_as_the_same_words() {
    // Escaping keeps the words: comrak reads back each string with only whitespace
    // folded and controls removed.
    for h in HOSTILE {
        let shown = clean(h);
        let expected: String = h
            .split(|c: char| c.is_whitespace() || c == '\u{0B}' || c == '\u{0C}')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let letters = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric() || "@#!~&%$^|`*_[]<>/".contains(*c))
                .collect()
        };
        // Escape sequences lose their parameters; compare only plain strings.
        if !h.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            assert_eq!(
                letters(&shown),
                letters(&expected),
                "{h:?} shown as {shown:?}"
            );
        }
    }
}

#[test]
fn no_mention_reference_or_quick_action_comes_from_user_text() {
    for version in [Version::Customer, Version::Internal] {
        no_mention_reference_or_quick_action(version);
    }
}

fn no_mention_reference_or_quick_action(version: Version) {
    let md = render(&hostile_meeting(), version);
    let benign = render(&benign_meeting(), version);
    for (n, line) in md.lines().enumerate() {
        assert!(!line.starts_with('/'), "line {}: {line}", n + 1);
        // Skip the heading marker the export writes itself.
        let body = line.trim_start_matches('#');
        let chars: Vec<char> = body.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if matches!(c, '@' | '#' | '!' | '~' | '&' | '%' | '$' | '^') {
                let backslashes = chars[..i].iter().rev().take_while(|b| **b == '\\').count();
                assert!(
                    backslashes % 2 == 1,
                    "line {}: unescaped {c:?} at {i}: {line}",
                    n + 1
                );
            }
        }
    }
    // The export's own text has none of these, so every one above came from the user.
    assert!(!benign.contains(['@', '~', '%', '$', '^']), "{benign}");
    // Every `@` of the user text arrived, escaped.
    let ats_in: usize = HOSTILE.iter().map(|h| h.matches('@').count()).sum();
    assert!(ats_in > 0);
    assert_eq!(md.matches('@').count(), md.matches("\\@").count());
}

#[test]
fn terminal_escape_sequences_never_reach_the_screen() {
    let evil = [
        "\u{1b}[2J\u{1b}[31mred",
        "\u{1b}]52;c;aGVsbG8=\u{07}osc",
        "\u{1b}]8;;http://evil\u{1b}\\link",
        "\u{9b}31mC1",
        "\u{9d}0;title\u{9c}",
        "bell\u{07}\u{08}back\u{7f}del\u{0}nul\rcr",
    ]
    .join(" ");
    let clock = std::rc::Rc::new(kickoff::core::clock::FakeClock::at(
        "2026-11-23T14:00:00+01:00",
    ));
    let mut agenda = common::introductory();
    agenda.title = format!("Title {evil}");
    for section in &mut agenda.sections {
        section.title = format!("Section {evil}");
        section.goal = format!("Goal {evil}");
        for prompt in &mut section.prompts {
            *prompt = format!("Prompt {evil}");
        }
    }
    agenda.checklist = vec![format!("Check {evil}")];
    let mut meeting = Meeting::new("evil".into(), format!("Acme {evil}"), agenda, clock.now());
    meeting.attendees.push(Attendee {
        name: format!("Dana {evil}"),
        role: format!("Role {evil}"),
        time_zone: format!("TZ {evil}"),
        expertise: format!("Expert {evil}"),
        ..Attendee::default()
    });
    meeting.sections[0].notes = format!("Saved note {evil}\nsecond {evil}").into();
    meeting.parking_lot.push(ParkedItem {
        text: format!("Parked {evil}"),
        section: 0,
        reason: evil.clone(),
        parked_at: clock.now(),
        internal: false,
        done: false,
        carried: None,
    });
    meeting.goals.push(format!("Goal {evil}"));
    meeting.decisions.push(format!("Decision {evil}"));
    meeting.actions.push(ActionItem {
        text: format!("Action {evil}"),
        owner: format!("Owner {evil}"),
        ..ActionItem::default()
    });

    let mut app = common::app_over(meeting, clock.clone(), None);
    let mut screens = Vec::new();
    // The lobby, with the checklist and who joined.
    screens.push(("lobby", all_cells(&mut app, 120, 40)));
    // A running section, with notes typed and pasted.
    common::ctrl(&mut app, 'n');
    clock.advance_secs(60);
    common::ctrl(&mut app, 't');
    common::type_text(&mut app, "typed ");
    app.handle_event(&crossterm::event::Event::Paste(format!(
        "pasted {evil}\nline two {evil}"
    )));
    for (w, h) in [(120, 40), (80, 24), (40, 12), (200, 60)] {
        screens.push(("section", all_cells(&mut app, w, h)));
    }
    // The attendee form over it.
    common::ctrl(&mut app, 'a');
    app.handle_event(&crossterm::event::Event::Paste(format!("Form {evil}")));
    screens.push(("form", all_cells(&mut app, 120, 40)));

    for (name, cells) in &screens {
        for symbol in cells {
            assert!(
                !symbol.chars().any(char::is_control),
                "{name}: a cell holds {symbol:?}"
            );
        }
    }
    // The text itself is still there, controls shown as spaces.
    let (_, lobby) = &screens[0];
    assert!(lobby.concat().contains("Acme"), "the account is on screen");
}

/// The symbol of every cell after drawing `app` at `width` x `height`.
fn all_cells(app: &mut common::TestApp, width: u16, height: u16) -> Vec<String> {
    common::draw(app, width, height)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect()
}

#[test]
fn the_checks_would_catch_unescaped_text() {
    // The same hostile strings pasted raw into Markdown do make headings, lists, quotes,
    // links, images, HTML and code: the structure checks above are not vacuous.
    let raw = HOSTILE.join("\n\n");
    let plain = HOSTILE
        .iter()
        .map(|h| benign_line(h))
        .collect::<Vec<_>>()
        .join("\n\n");
    let options = gfm();
    let arena = Arena::new();
    let raw_root = parse_document(&arena, &raw, &options);
    let plain_root = parse_document(&arena, &plain, &options);
    assert_ne!(skeleton(raw_root), skeleton(plain_root));
    let kinds = skeleton(raw_root);
    for kind in [
        "Heading(1)",
        "Heading(6)",
        "BlockQuote",
        "Link",
        "Image",
        "HtmlInline",
        "HtmlBlock",
        "CodeBlock",
        "Code",
        "Table(2)",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} not in {kinds:?}");
    }
    assert!(
        kinds.iter().any(|k| k.starts_with("List(Ordered")),
        "{kinds:?}"
    );
    assert!(
        root_links(raw_root)
            .iter()
            .any(|(visible, link)| !visible && link.contains("javascript:")),
        "{:?}",
        root_links(raw_root)
    );
}
