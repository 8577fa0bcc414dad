//! Small forms over the meeting's records: attendees, action items, one-line entries
//! (decisions, goals, parked topics) and the regular meeting. A form is a list of typed
//! fields with one focused (each text field a single-line [`TextInput`]); it applies
//! [`FormCommand`]s, turns itself into a record on submit, and draws itself.

pub mod schedule;

use chrono::{NaiveDate, Weekday};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use self::schedule::{Aid, Note, Tone};
use super::input::TextInput;
use super::popup;
use crate::core::cadence::Recurrence;
use crate::core::export;
use crate::core::meeting::{ActionItem, Attendee, Cadence, RegularMeeting, Side};
use crate::core::text::for_screen;
use crate::tui::action::FormCommand;
use crate::tui::keymap::FORM;
use crate::tui::theme::Theme;

/// What a form edits, and which existing item if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// An attendee (`Some(index)` when editing).
    Attendee(Option<usize>),
    /// An action item.
    ActionItem(Option<usize>),
    /// A decision.
    Decision(Option<usize>),
    /// A customer goal.
    Goal(Option<usize>),
    /// A parked topic.
    Park(Option<usize>),
    /// The agreed regular meeting.
    RegularMeeting,
}

impl FormKind {
    /// The form's title.
    pub fn title(self) -> &'static str {
        match self {
            FormKind::Attendee(None) => "Add attendee",
            FormKind::Attendee(Some(_)) => "Edit attendee",
            FormKind::ActionItem(None) => "Add action item",
            FormKind::ActionItem(Some(_)) => "Edit action item",
            FormKind::Decision(_) => "Decision",
            FormKind::Goal(_) => "Customer goal",
            FormKind::Park(_) => "Park a topic for a follow-up",
            FormKind::RegularMeeting => "Agreed regular meeting",
        }
    }
}

/// The value of one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Free text on one line.
    Text(TextInput),
    /// Customer, GitLab or partner.
    Side(Side),
    /// Weekly or every other week.
    Cadence(Cadence),
    /// Yes or no.
    Flag(bool),
    /// One of the account's known attendees, or none: picking one fills the form.
    Known {
        /// The attendees to pick from.
        choices: Vec<Attendee>,
        /// The one picked, if any.
        picked: Option<usize>,
    },
    /// A day of the week.
    Day(Weekday),
}

/// One labelled field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Label shown before the value.
    pub label: &'static str,
    /// The value.
    pub value: Value,
    /// Shown after the value when it is empty.
    pub hint: &'static str,
}

/// Enter was refused: the form's `error` says why and its focus is on the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// What a command did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// Enter: save the form.
    Submit,
    /// Esc: throw the form away.
    Cancel,
}

/// A form being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// What it edits.
    pub kind: FormKind,
    /// The fields, in order.
    pub fields: Vec<Field>,
    /// Index of the focused field.
    pub focus: usize,
    /// Why the last Enter was refused.
    pub error: Option<String>,
    /// What the scheduling fields say (time zone, working hours, suggested slots).
    pub aid: Aid,
}

/// Where a form goes: the popup, its inner area, each field's label and value, and the
/// notes under the fields.
type FormLayout<'a> = (Rect, Rect, Vec<(Rect, Rect)>, Vec<(Rect, &'a Note)>);

/// Columns of the label before each value.
const LABEL_WIDTH: u16 = 18;

fn text(label: &'static str, initial: &str, hint: &'static str) -> Field {
    Field {
        label,
        value: Value::Text(TextInput::new(initial)),
        hint,
    }
}

fn flag(label: &'static str, on: bool, hint: &'static str) -> Field {
    Field {
        label,
        value: Value::Flag(on),
        hint,
    }
}

impl Form {
    fn new(kind: FormKind, fields: Vec<Field>) -> Self {
        Self {
            kind,
            fields,
            focus: 0,
            error: None,
            aid: Aid::default(),
        }
    }

    /// A form for a new attendee, or to edit `existing` at `index`.
    pub fn attendee(index: Option<usize>, existing: Option<&Attendee>) -> Self {
        let a = existing.cloned().unwrap_or_default();
        let hours = a.working_hours.map(|h| h.to_string()).unwrap_or_default();
        let mut form = Self::new(
            FormKind::Attendee(index),
            vec![
                text("Name", &a.name, "as they say it"),
                text("Role", &a.role, "e.g. Platform engineer"),
                text(
                    schedule::TIME_ZONE,
                    &a.time_zone,
                    "e.g. Berlin, Europe/Berlin, CET, UTC-5",
                ),
                text(
                    "GitLab expertise",
                    &a.expertise,
                    "e.g. runs our CI, new to GitLab",
                ),
                Field {
                    label: "Side",
                    value: Value::Side(a.side),
                    hint: "Space cycles",
                },
                flag("Customer DRI", a.dri, "Space toggles"),
                flag("Primary contact", a.primary_contact, "Space toggles"),
                flag("Technical", a.technical, "engineer, admin, architect"),
                text(
                    schedule::WORKING_HOURS,
                    &hours,
                    "09:00-17:00 Mon-Fri (default)",
                ),
                text(
                    "GitLab username",
                    &a.gitlab_username,
                    "optional: action items they own mention @them",
                ),
            ],
        );
        form.aid.zone_typed = a.time_zone.trim().to_owned();
        form.aid.zone_choice = a.time_zone_choice;
        form
    }

    /// Offers `known` attendees (the account's, from earlier meetings) in a last row:
    /// ↑ from the name reaches it, and Space or ←→ picks one and fills the form with
    /// their details. Nothing changes when `known` is empty.
    pub fn offering(mut self, known: Vec<Attendee>) -> Self {
        if known.is_empty() {
            return self;
        }
        if let Some(name) = self.fields.first_mut() {
            name.hint = "as they say it, or ↑ to pick a known attendee";
        }
        self.fields.push(Field {
            label: "Known attendee",
            value: Value::Known {
                choices: known,
                picked: None,
            },
            hint: "Space or ←→ picks one and fills the form",
        });
        self
    }

    /// Fills the attendee fields with `a`'s details.
    fn fill_attendee(&mut self, a: &Attendee) {
        let texts = [
            (0, &a.name),
            (1, &a.role),
            (2, &a.time_zone),
            (3, &a.expertise),
            (9, &a.gitlab_username),
        ];
        let hours = a.working_hours.map(|h| h.to_string()).unwrap_or_default();
        if let Some(Field {
            value: Value::Text(input),
            ..
        }) = self.fields.get_mut(8)
        {
            *input = TextInput::new(&hours);
        }
        for (i, value) in texts {
            if let Some(Field {
                value: Value::Text(input),
                ..
            }) = self.fields.get_mut(i)
            {
                *input = TextInput::new(value);
            }
        }
        for (i, on) in [(5, a.dri), (6, a.primary_contact), (7, a.technical)] {
            if let Some(Field {
                value: Value::Flag(flag),
                ..
            }) = self.fields.get_mut(i)
            {
                *flag = on;
            }
        }
        if let Some(Field {
            value: Value::Side(side),
            ..
        }) = self.fields.get_mut(4)
        {
            *side = a.side;
        }
    }

    /// A form for a new action item, or to edit one.
    pub fn action_item(index: Option<usize>, existing: Option<&ActionItem>) -> Self {
        let a = existing.cloned().unwrap_or_default();
        let due = a
            .due
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        Self::new(
            FormKind::ActionItem(index),
            vec![
                text("Action", &a.text, "what is to be done"),
                text("Owner", &a.owner, "who does it"),
                text("Due", &due, "optional, YYYY-MM-DD"),
            ],
        )
    }

    /// A one-line form (decision, goal or parked topic).
    pub fn line(kind: FormKind, initial: &str) -> Self {
        let (label, hint) = match kind {
            FormKind::Decision(_) => ("Decision", "what was decided"),
            FormKind::Goal(_) => ("Goal", "in the customer's words"),
            _ => ("Topic", "what to follow up on"),
        };
        Self::new(kind, vec![text(label, initial, hint)])
    }

    /// A form for the regular meeting: the agreed `schedule` if any, else a new one in
    /// `zone` (the ASE's) from `first_date`, and what was said.
    pub fn regular_meeting(
        existing: Option<&RegularMeeting>,
        schedule: Option<&Recurrence>,
        zone: Option<&str>,
        first_date: NaiveDate,
    ) -> Self {
        let r = existing.cloned().unwrap_or_default();
        let (cadence, day, time, zone, duration, first) = match schedule {
            Some(s) => (
                s.cadence,
                s.weekday,
                s.time.format("%H:%M").to_string(),
                s.time_zone.clone(),
                s.duration_minutes.to_string(),
                s.first_date,
            ),
            None => (
                r.cadence,
                Weekday::Tue,
                String::new(),
                zone.unwrap_or_default().to_owned(),
                "30".to_owned(),
                first_date,
            ),
        };
        Self::new(
            FormKind::RegularMeeting,
            vec![
                Field {
                    label: "Cadence",
                    value: Value::Cadence(cadence),
                    hint: "Space toggles",
                },
                Field {
                    label: schedule::DAY,
                    value: Value::Day(day),
                    hint: "Space changes",
                },
                text(schedule::TIME, &time, "HH:MM, or ^O picks a suggested slot"),
                text(schedule::TIME_ZONE, &zone, "the clock the time is on"),
                text(schedule::DURATION, &duration, "e.g. 30"),
                text(
                    schedule::FIRST_DATE,
                    &first.format("%Y-%m-%d").to_string(),
                    "YYYY-MM-DD",
                ),
                text("As said", &r.slot, "optional, e.g. Tuesdays 16:00 CET"),
                text("Notes", &r.notes, "who sends the invite, the agenda"),
            ],
        )
    }

    /// Whether the focused field holds text (keys type into it).
    pub fn on_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text(_))
        )
    }

    /// Applies one command.
    pub fn update(&mut self, command: FormCommand) -> FormOutcome {
        match command {
            FormCommand::Cancel => return FormOutcome::Cancel,
            FormCommand::Submit => return FormOutcome::Submit,
            FormCommand::NextField => {
                self.focus = (self.focus + 1) % self.fields.len().max(1);
                return FormOutcome::Editing;
            }
            FormCommand::PreviousField => {
                self.focus = self
                    .focus
                    .checked_sub(1)
                    .unwrap_or(self.fields.len().saturating_sub(1));
                return FormOutcome::Editing;
            }
            FormCommand::Choose => {
                self.choose();
                return FormOutcome::Editing;
            }
            FormCommand::Toggle | FormCommand::Input(_) => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormOutcome::Editing;
        };
        match (&mut field.value, command) {
            (Value::Text(input), FormCommand::Input(edit)) => {
                input.apply(edit);
            }
            (Value::Side(side), FormCommand::Toggle) => *side = side.next(),
            (Value::Cadence(cadence), FormCommand::Toggle) => *cadence = cadence.toggled(),
            (Value::Flag(on), FormCommand::Toggle) => *on = !*on,
            (Value::Known { choices, picked }, FormCommand::Toggle) => {
                // None, each known attendee in turn, then none again.
                *picked = match *picked {
                    None if !choices.is_empty() => Some(0),
                    Some(i) if i + 1 < choices.len() => Some(i + 1),
                    _ => None,
                };
                // Back to none empties the form again.
                let a = picked.and_then(|i| choices.get(i)).cloned();
                self.fill_attendee(&a.unwrap_or_default());
            }
            (Value::Day(day), FormCommand::Toggle) => *day = day.succ(),
            _ => {}
        }
        self.error = None;
        FormOutcome::Editing
    }

    /// Inserts pasted text into the focused text field, on one line.
    pub fn paste(&mut self, pasted: &str) {
        if let Some(Field {
            value: Value::Text(input),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            // One line: newlines and tabs become spaces like any control character.
            input.insert_str(pasted);
        }
    }

    fn text_of(&self, index: usize) -> String {
        match self.fields.get(index).map(|f| &f.value) {
            Some(Value::Text(input)) => input.text().trim().to_owned(),
            _ => String::new(),
        }
    }

    fn flag_of(&self, index: usize) -> bool {
        matches!(
            self.fields.get(index).map(|f| &f.value),
            Some(Value::Flag(true))
        )
    }

    fn refuse<T>(&mut self, field: usize, why: &str) -> Result<T, Refused> {
        self.focus = field;
        self.error = Some(why.to_owned());
        Err(Refused)
    }

    /// The attendee the form describes, keeping what the form does not show from
    /// `previous`; refuses an empty name.
    pub fn to_attendee(&mut self, previous: Option<&Attendee>) -> Result<Attendee, Refused> {
        let name = self.text_of(0);
        if name.is_empty() {
            return self.refuse(0, "A name is needed.");
        }
        let typed = self.text_of(9);
        let username = typed.strip_prefix('@').unwrap_or(&typed).to_owned();
        if !username.is_empty() && export::valid_username(&username).is_none() {
            return self.refuse(
                9,
                "A GitLab username has letters, digits, _ . and - only; or leave it empty.",
            );
        }
        let working_hours = match self.index_of(schedule::WORKING_HOURS) {
            Some(i) => match schedule::parse_hours(&self.text_of(i)) {
                Ok(hours) => hours,
                Err(why) => return self.refuse(i, &why),
            },
            None => previous.and_then(|p| p.working_hours),
        };
        let time_zone = self.text_of(2);
        let time_zone_choice = schedule::chosen_zone(&time_zone, self.aid.zone_choice.as_deref())
            .ok()
            .map(|z| z.name())
            .filter(|_| self.aid.zone_choice.is_some());
        let side = match self.fields.get(4).map(|f| &f.value) {
            Some(Value::Side(side)) => *side,
            _ => Side::Customer,
        };
        Ok(Attendee {
            name,
            role: self.text_of(1),
            time_zone,
            time_zone_choice,
            working_hours,
            expertise: self.text_of(3),
            side,
            dri: self.flag_of(5),
            primary_contact: self.flag_of(6),
            technical: self.flag_of(7),
            joined_at: previous.and_then(|p| p.joined_at),
            gitlab_username: username,
        })
    }

    /// The action item the form describes, keeping what the form does not show from
    /// `previous`; refuses empty text and a malformed date.
    pub fn to_action_item(&mut self, previous: Option<&ActionItem>) -> Result<ActionItem, Refused> {
        let text = self.text_of(0);
        if text.is_empty() {
            return self.refuse(0, "Say what is to be done.");
        }
        let due_text = self.text_of(2);
        let due = if due_text.is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(&due_text, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    return self.refuse(2, "Write the due date as YYYY-MM-DD, or leave it empty.");
                }
            }
        };
        Ok(ActionItem {
            text,
            owner: self.text_of(1),
            due,
            done: previous.is_some_and(|p| p.done),
            section: previous.map_or(0, |p| p.section),
            // What the form does not show (internal, not applicable, carried) survives
            // an edit: losing `internal` would put the item in the customer's export.
            ..previous.cloned().unwrap_or_default()
        })
    }

    /// The one line of text the form holds; refuses an empty one.
    pub fn to_line(&mut self) -> Result<String, Refused> {
        let line = self.text_of(0);
        if line.is_empty() {
            return self.refuse(0, "Type something, or Esc to cancel.");
        }
        Ok(line)
    }

    /// The regular meeting the form describes: what was said, and the agreed schedule
    /// when a time is given (refused with the field at fault when it does not add up).
    pub fn to_regular_meeting(&mut self) -> Result<(RegularMeeting, Option<Recurrence>), Refused> {
        let cadence = match self.fields.first().map(|f| &f.value) {
            Some(Value::Cadence(c)) => *c,
            _ => Cadence::Weekly,
        };
        let schedule = self.to_recurrence()?;
        let said = |label: &str| {
            self.fields
                .iter()
                .position(|f| f.label == label)
                .map(|i| self.text_of(i))
                .unwrap_or_default()
        };
        Ok((
            RegularMeeting {
                cadence,
                slot: said("As said"),
                notes: said("Notes"),
            },
            schedule,
        ))
    }

    /// Where each field's row is when the form is drawn over `area`: the popup, its inner
    /// area, one row a field (label and value; only the rows that fit) and the rows of the
    /// notes under the fields.
    fn layout(&self, area: Rect) -> FormLayout<'_> {
        let n = self.fields.len();
        let panel = self.aid.notes.iter().any(|(i, _)| *i >= n);
        let height = u16::try_from(n + self.aid.notes.len() + usize::from(panel))
            .unwrap_or(40)
            .saturating_add(5);
        let rect = popup(area, 84, height);
        let inner = Block::bordered().inner(rect);
        let mut fields = Vec::with_capacity(n);
        let mut notes = Vec::new();
        let mut y = inner.y;
        let row = |y: u16| Rect {
            y,
            height: 1,
            ..inner
        };
        for i in 0..=n {
            if i < n {
                if y >= inner.bottom() {
                    break;
                }
                let [label, value] = row(y).layout(&Layout::horizontal([
                    Constraint::Length(LABEL_WIDTH),
                    Constraint::Fill(1),
                ]));
                fields.push((label, value));
                y += 1;
            } else if panel {
                y += 1;
            }
            let under: Vec<&Note> = self
                .aid
                .notes
                .iter()
                .filter(|(at, _)| *at == i || (i == n && *at > n))
                .map(|(_, note)| note)
                .collect();
            for note in under {
                // The last two rows are the error and the keys.
                if y >= inner.bottom().saturating_sub(2) {
                    break;
                }
                let indent = if i < n { LABEL_WIDTH } else { 1 };
                let area = Rect {
                    x: inner.x + indent.min(inner.width),
                    width: inner.width.saturating_sub(indent),
                    ..row(y)
                };
                notes.push((area, note));
                y += 1;
            }
        }
        (rect, inner, fields, notes)
    }

    /// Where the terminal cursor goes when the form is drawn over `area`.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        let (_, _, rows, _) = self.layout(area);
        match (self.fields.get(self.focus), rows.get(self.focus)) {
            (
                Some(Field {
                    value: Value::Text(input),
                    ..
                }),
                Some((_, value)),
            ) => input.cursor_position(*value),
            _ => None,
        }
    }

    /// Draws the form as a popup over `area`, its keys at the bottom from the key table.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let (rect, inner, rows, notes) = self.layout(area);
        Clear.render(rect, buf);
        Block::bordered()
            .border_style(theme.focused())
            .title(Line::styled(
                format!(" {} ", self.kind.title()),
                theme.title(),
            ))
            .render(rect, buf);
        for (i, (field, (label, value))) in self.fields.iter().zip(rows).enumerate() {
            let focused = i == self.focus;
            let marker = if focused { "›" } else { " " };
            Line::styled(
                format!("{marker}{}", field.label),
                if focused {
                    theme.focused()
                } else {
                    Style::new()
                },
            )
            .render(label, buf);
            render_value(field, focused, value, buf, theme);
        }
        for (area, note) in notes {
            let style = match note.tone {
                Tone::Info => theme.dim(),
                Tone::Warning => theme.warning(),
                Tone::Error => theme.alarm(),
            };
            Line::styled(note.text.as_str(), style).render(area, buf);
        }
        let bottom = Rect {
            y: inner.bottom().saturating_sub(2),
            height: 2,
            ..inner
        };
        let mut lines = Vec::new();
        lines.push(match &self.error {
            Some(error) => Line::styled(error.clone(), theme.alarm()),
            None => Line::raw(""),
        });
        // ^O is named by the notes of the fields it works on.
        let keys: Vec<Span> = FORM
            .iter()
            .filter(|b| b.action != FormCommand::Choose)
            .flat_map(|b| {
                [
                    Span::styled(format!("{} ", b.key), theme.key()),
                    Span::raw(format!("{}  ", b.label)),
                ]
            })
            .collect();
        lines.push(Line::from(keys));
        Paragraph::new(lines).render(bottom, buf);
    }
}

fn render_value(field: &Field, focused: bool, value: Rect, buf: &mut Buffer, theme: Theme) {
    match &field.value {
        Value::Text(input) => {
            if input.is_empty() && !focused {
                Line::styled(field.hint, theme.dim()).render(value, buf);
            } else {
                input.render(value, buf);
                if input.is_empty() {
                    let hint_area = Rect {
                        x: value.x + 1,
                        width: value.width.saturating_sub(1),
                        ..value
                    };
                    Line::styled(field.hint, theme.dim()).render(hint_area, buf);
                }
            }
        }
        Value::Side(side) => {
            let choices: Vec<Span> = Side::ALL
                .iter()
                .map(|s| {
                    if s == side {
                        Span::styled(format!("(•) {}  ", s.label()), theme.focused())
                    } else {
                        Span::raw(format!("( ) {}  ", s.label()))
                    }
                })
                .collect();
            Line::from(choices).render(value, buf);
        }
        Value::Cadence(cadence) => {
            Line::raw(format!(
                "‹ {} ›  {}",
                cadence.label(),
                if focused { field.hint } else { "" }
            ))
            .render(value, buf);
        }
        Value::Day(day) => {
            Line::raw(format!(
                "‹ {} ›  {}",
                schedule::day_label(*day),
                if focused { field.hint } else { "" }
            ))
            .render(value, buf);
        }
        Value::Flag(on) => {
            let mark = if *on { "[x]" } else { "[ ]" };
            Line::raw(format!("{mark}  {}", if focused { field.hint } else { "" }))
                .render(value, buf);
        }
        Value::Known { choices, picked } => {
            let shown = match picked.and_then(|i| choices.get(i)) {
                Some(a) => {
                    let mut text = for_screen(&a.name).into_owned();
                    if !a.role.is_empty() {
                        text.push_str(&format!(", {}", for_screen(&a.role)));
                    }
                    text
                }
                None => format!("none of {} known", choices.len()),
            };
            Line::from(vec![
                Span::raw(format!("‹ {shown} ›  ")),
                Span::styled(if focused { field.hint } else { "" }, theme.dim()),
            ])
            .render(value, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::keymap;

    /// Sends a key through the form key table.
    fn key(form: &mut Form, code: KeyCode) -> FormOutcome {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        match keymap::form(key, form.on_text()) {
            Some(command) => form.update(command),
            None => FormOutcome::Editing,
        }
    }

    fn type_str(form: &mut Form, s: &str) {
        for c in s.chars() {
            key(form, KeyCode::Char(c));
        }
    }

    #[test]
    fn an_attendee_form_fills_every_field() {
        let mut form = Form::attendee(None, None);
        type_str(&mut form, "Dana Ng");
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "SRE lead");
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "Asia/Tokyo");
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "runs CI");
        key(&mut form, KeyCode::Tab);
        key(&mut form, KeyCode::Char(' '));
        key(&mut form, KeyCode::Char(' '));
        key(&mut form, KeyCode::Tab);
        key(&mut form, KeyCode::Char(' '));
        assert_eq!(key(&mut form, KeyCode::Enter), FormOutcome::Submit);
        let a = form.to_attendee(None).map_err(|Refused| form.error.clone());
        let a = a.ok().unwrap_or_default();
        assert_eq!(a.name, "Dana Ng");
        assert_eq!(a.role, "SRE lead");
        assert_eq!(a.time_zone, "Asia/Tokyo");
        assert_eq!(a.expertise, "runs CI");
        assert_eq!(a.side, Side::Partner);
        assert!(a.dri && !a.primary_contact && !a.technical);
    }

    #[test]
    fn an_attendee_needs_a_name() {
        let mut form = Form::attendee(None, None);
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "role only");
        assert!(form.to_attendee(None).is_err());
        assert_eq!(form.focus, 0);
        assert!(form.error.is_some());
    }

    #[test]
    fn a_due_date_must_be_a_date() {
        let mut form = Form::action_item(None, None);
        type_str(&mut form, "Send the SOW summary");
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "ASE");
        key(&mut form, KeyCode::Tab);
        type_str(&mut form, "next friday");
        assert!(form.to_action_item(None).is_err());
        assert_eq!(form.focus, 2);
        for _ in 0.."next friday".len() {
            key(&mut form, KeyCode::Backspace);
        }
        type_str(&mut form, "2026-12-04");
        let item = form.to_action_item(None).ok().unwrap_or_default();
        assert_eq!(item.due, NaiveDate::from_ymd_opt(2026, 12, 4));
        assert_eq!(item.owner, "ASE");
    }

    #[test]
    fn pasted_newlines_stay_on_one_line() {
        let mut form = Form::line(FormKind::Goal(None), "");
        form.paste("faster\npipelines\tplease");
        assert_eq!(
            form.to_line().ok().as_deref(),
            Some("faster pipelines please")
        );
    }
}
