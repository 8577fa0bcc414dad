//! The follow-up message the account team sends within one business day of the meeting:
//! thanks, the decisions, the action items with owners and dates, the agreed regular
//! meeting and the date of the next one. Customer-safe: nothing marked internal.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Weekday};

use crate::core::meeting::{ActionItem, Meeting};
use crate::core::text;

use super::markdown::{self, escape_inline, one_line};
use super::{Options, Version, action_line, long_date, meeting_date, next_meeting_date};

/// The follow-up message, in plain text and in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// The day by which to send it: the next business day after the meeting.
    pub send_by: NaiveDate,
    /// The subject line, plain text.
    pub subject: String,
    /// The message as plain text (for a mail), with the send-by date and the subject on
    /// top.
    pub plain: String,
    /// The message as GitLab Markdown (for an issue comment); the send-by date is an HTML
    /// comment, so it does not show once pasted.
    pub markdown: String,
}

/// The follow-up message for `meeting`. `now` is accepted for symmetry with the exports;
/// the message depends only on the meeting.
pub fn text(meeting: &Meeting, now: DateTime<FixedOffset>) -> FollowUp {
    text_with(meeting, now, &Options::default())
}

/// [`text`] with the user's options.
pub fn text_with(meeting: &Meeting, _now: DateTime<FixedOffset>, options: &Options) -> FollowUp {
    let date = meeting_date(meeting);
    let send_by = next_business_day(date);
    let title = one_line(&meeting.agenda.title).into_owned();
    let title = if title.is_empty() {
        "Meeting".to_owned()
    } else {
        title
    };
    let account = one_line(&meeting.account).into_owned();
    let subject = if account.is_empty() {
        format!("{title} on {} — follow-up", date.format("%Y-%m-%d"))
    } else {
        format!(
            "{title} with {account} on {} — follow-up",
            date.format("%Y-%m-%d")
        )
    };
    let decisions: Vec<&String> = meeting
        .decisions
        .iter()
        .filter(|d| !text::is_blank(d))
        .collect();
    let actions: Vec<&ActionItem> = meeting
        .actions
        .iter()
        .filter(|a| !a.internal && !text::is_blank(&a.text))
        .collect();
    let follow_ups: Vec<&str> = meeting
        .parking_lot
        .iter()
        .filter(|p| !p.internal && !p.done && !text::is_blank(&p.text))
        .map(|p| p.text.as_str())
        .collect();
    let regular = meeting.regular_meeting.as_ref().map(|r| {
        let slot = one_line(&r.slot).into_owned();
        let agreed = if slot.is_empty() {
            r.cadence.label().to_owned()
        } else {
            format!("{}, {slot}", r.cadence.label())
        };
        (agreed, next_meeting_date(meeting))
    });

    let thanks = format!(
        "Thank you for taking the time to meet with us on {}. Here is a short recap.",
        long_date(date)
    );
    let closing = "The full notes are in the collaboration project. Please reply if anything is missing or not as you remember it.";

    // Plain text.
    let mut plain = String::new();
    plain.push_str(&format!("Send by: {}\n", long_date(send_by)));
    plain.push_str(&format!("Subject: {subject}\n\n"));
    plain.push_str("Hello everyone,\n\n");
    plain.push_str(&thanks);
    plain.push_str("\n\n");
    if !decisions.is_empty() {
        plain.push_str("Decisions\n");
        for d in &decisions {
            plain.push_str(&format!("- {}\n", one_line(d)));
        }
        plain.push('\n');
    }
    plain.push_str("Action items\n");
    if actions.is_empty() {
        plain.push_str("- No action items were agreed.\n");
    }
    for a in &actions {
        plain.push_str(&format!("- {}\n", plain_action(a)));
    }
    plain.push('\n');
    if !follow_ups.is_empty() {
        plain.push_str("Follow-ups\n");
        for f in &follow_ups {
            plain.push_str(&format!("- {}\n", one_line(f)));
        }
        plain.push('\n');
    }
    if let Some((agreed, next)) = &regular {
        plain.push_str("Regular meeting\n");
        plain.push_str(&format!("- {agreed}\n"));
        plain.push_str(&format!("- {}\n", next_sentence(*next)));
        plain.push('\n');
    }
    plain.push_str(closing);
    plain.push_str("\n\nBest regards,\n");

    // Markdown.
    let mut md = String::new();
    md.push_str(&format!(
        "<!-- Send by {} (the next business day after the meeting). -->\n\n",
        long_date(send_by)
    ));
    md.push_str("Hello everyone,\n\n");
    md.push_str(&thanks);
    md.push_str("\n\n");
    if !decisions.is_empty() {
        md.push_str("**Decisions**\n\n");
        for d in &decisions {
            md.push_str(&format!("- {}\n", markdown::inline(d, options)));
        }
        md.push('\n');
    }
    md.push_str("**Action items**\n\n");
    if actions.is_empty() {
        md.push_str("_No action items were agreed._\n");
    }
    for a in &actions {
        if let Some(line) = action_line(meeting, a, Version::Customer, options) {
            md.push_str(&line);
            md.push('\n');
        }
    }
    md.push('\n');
    if !follow_ups.is_empty() {
        md.push_str("**Follow-ups**\n\n");
        for f in &follow_ups {
            md.push_str(&format!("- {}\n", markdown::inline(f, options)));
        }
        md.push('\n');
    }
    if let Some((agreed, next)) = &regular {
        md.push_str("**Regular meeting**\n\n");
        md.push_str(&format!("- {}\n", escape_inline(agreed)));
        md.push_str(&format!("- {}\n", next_sentence(*next)));
        md.push('\n');
    }
    md.push_str(closing);
    md.push_str("\n\nBest regards,\n");

    FollowUp {
        send_by,
        subject,
        plain,
        markdown: md,
    }
}

/// "Raj Patel: Share the runbook (due 2026-11-30)", "… (done)".
fn plain_action(action: &ActionItem) -> String {
    let mut line = one_line(&action.text).into_owned();
    let owner = one_line(&action.owner);
    if !owner.is_empty() {
        line = format!("{owner}: {line}");
    }
    if let Some(due) = action.due {
        line.push_str(&format!(" (due {})", due.format("%Y-%m-%d")));
    }
    if action.done {
        line.push_str(" (done)");
    } else if action.not_applicable {
        line.push_str(" (not needed any more)");
    }
    line
}

fn next_sentence(next: Option<NaiveDate>) -> String {
    match next {
        Some(date) => format!("The next one is on {}.", long_date(date)),
        None => "The date of the next one is to be confirmed.".to_owned(),
    }
}

/// The next day after `date` that is not a Saturday or a Sunday.
pub fn next_business_day(date: NaiveDate) -> NaiveDate {
    let mut day = date;
    loop {
        day = match day.checked_add_signed(Duration::days(1)) {
            Some(next) => next,
            None => return date,
        };
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return day;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_next_business_day_skips_the_weekend() {
        // 2026-11-23 is a Monday.
        assert_eq!(next_business_day(day("2026-11-23")), day("2026-11-24"));
        assert_eq!(next_business_day(day("2026-11-26")), day("2026-11-27"));
        assert_eq!(next_business_day(day("2026-11-27")), day("2026-11-30"));
        assert_eq!(next_business_day(day("2026-11-28")), day("2026-11-30"));
        assert_eq!(next_business_day(day("2026-11-29")), day("2026-11-30"));
    }
}
