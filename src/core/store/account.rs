//! The saved meetings of one account, for carry-forward (see [`crate::core::carry`]).
//!
//! Starting a meeting must not wait for every session file to be parsed: the account of
//! a session file is read from its first few kilobytes, where kickoff writes it as a
//! top-level `account:` line after `version:` and `id:`. Only the files of the account
//! are parsed in full. A file laid out otherwise (hand-edited, keys reordered) is
//! parsed in full to find out, so nothing is missed.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use super::{Store, StoreError, load_file};
use crate::core::carry::same_account;
use crate::core::meeting::Meeting;

/// How much of a session file is read to find its account.
const HEAD_BYTES: u64 = 4096;

impl Store {
    /// Every saved meeting of `account` (names compared with [`same_account`]), ordered
    /// by id, and the errors of the session files that might be the account's but could
    /// not be read. Files of other accounts are not parsed, and their problems are not
    /// reported here.
    pub fn account_meetings(&self, account: &str) -> (Vec<Meeting>, Vec<StoreError>) {
        self.account_meetings_but(account, None)
    }

    /// Like [`Store::account_meetings`], without the meeting `id` (not even read: it is
    /// the one being resumed, which may be long).
    pub fn account_meetings_but(
        &self,
        account: &str,
        id: Option<&str>,
    ) -> (Vec<Meeting>, Vec<StoreError>) {
        let mut meetings = Vec::new();
        let (files, mut errors) = self.session_files();
        let skipped = id.map(|id| self.path_of(id));
        for (path, _) in files {
            if skipped.as_ref() == Some(&path) {
                continue;
            }
            if read_account(&path).is_some_and(|found| !same_account(&found, account)) {
                continue;
            }
            match load_file(&path) {
                Ok(meeting) if same_account(&meeting.account, account) => meetings.push(meeting),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        meetings.sort_by(|a, b| a.id.cmp(&b.id));
        errors.sort_by(|a, b| a.path().cmp(&b.path()));
        (meetings, errors)
    }
}

/// The account named in the first kilobytes of the session file at `path`, when it can
/// be told without parsing the whole file.
fn read_account(path: &Path) -> Option<String> {
    let mut head = Vec::new();
    File::open(path)
        .ok()?
        .take(HEAD_BYTES + 1)
        .read_to_end(&mut head)
        .ok()?;
    let whole = head.len() as u64 <= HEAD_BYTES;
    if !whole {
        // Only complete lines: the cut may fall inside a line or a character.
        let end = head.iter().rposition(|&b| b == b'\n')?;
        head.truncate(end + 1);
    }
    account_in_head(std::str::from_utf8(&head).ok()?, whole)
}

#[derive(Deserialize)]
struct AccountProbe {
    account: String,
}

/// The value of the top-level `account:` key in `head`, the start of a session file
/// (all of it when `whole`), when the lines before it are comments and one-line
/// `key: value` entries, as kickoff writes them; `None` when that cannot be told.
fn account_in_head(head: &str, whole: bool) -> Option<String> {
    let mut lines = head.lines();
    while let Some(line) = lines.next() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with("account:") {
            // The value, and its continuation lines if the writer folded it.
            let mut entry = vec![line];
            let mut ended = whole;
            for next in lines.by_ref() {
                if next.is_empty() || next.starts_with([' ', '\t']) {
                    entry.push(next);
                } else {
                    ended = true;
                    break;
                }
            }
            if !ended {
                return None;
            }
            let probe: AccountProbe = serde_yaml::from_str(&entry.join("\n")).ok()?;
            return Some(probe.account);
        }
        // Anything but a simple one-line entry before it: let the full parse decide.
        let (key, value) = line.split_once(": ")?;
        let simple_key =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let simple_value = value.trim_start().chars().next().is_some_and(|c| {
            c.is_ascii_alphanumeric() && !value.contains(" #") && !value.contains(':')
        });
        if !(simple_key && simple_value) {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::agenda::{Agenda, Section};
    use chrono::DateTime;
    use std::fs;

    fn meeting(id: &str, account: &str) -> Meeting {
        let agenda = Agenda {
            name: "sync".into(),
            title: "Sync".into(),
            description: String::new(),
            minutes: 30,
            checklist: Vec::new(),
            sections: vec![Section {
                title: "All of it".into(),
                minutes: 30,
                goal: String::new(),
                prompts: Vec::new(),
                tips: Vec::new(),
                captures: Vec::new(),
            }],
        };
        let now = DateTime::parse_from_rfc3339("2026-11-23T14:00:00+01:00").unwrap();
        let mut m = Meeting::new(id.into(), account.into(), agenda, now);
        m.sections[0].notes = "account: Globex\nthe notes".into();
        m
    }

    fn ids(meetings: &[Meeting]) -> Vec<&str> {
        meetings.iter().map(|m| m.id.as_str()).collect()
    }

    #[test]
    fn the_account_is_read_from_the_head_of_kickoffs_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let long = format!("Acme {} Corp", "Rocket Propulsion Laboratories ".repeat(5));
        for (i, account) in [
            "ACME Corp",
            "acme: the company",
            "'quoted' \"twice\" # not a comment",
            "Müller & Söhne GmbH",
            "- starts like a list",
            "",
            "  spaced  ",
            "tab\there\u{7}bell",
            long.as_str(),
        ]
        .into_iter()
        .enumerate()
        {
            let path = store.save(&meeting(&format!("m{i}"), account)).unwrap();
            assert_eq!(
                read_account(&path).as_deref(),
                Some(account),
                "{}",
                fs::read_to_string(&path).unwrap()
            );
        }
    }

    #[test]
    fn a_head_laid_out_otherwise_is_left_to_the_full_parse() {
        for head in [
            "id: x\nagenda:\n  name: y\naccount: Acme\n",
            "id: \"x\"\naccount: Acme\n",
            "{id: x, account: Acme}\n",
            "id: x\n",
        ] {
            assert_eq!(account_in_head(head, true), None, "{head}");
        }
        // Cut before the value is known to be complete.
        assert_eq!(account_in_head("id: x\naccount: Acme\n", false), None);
        assert_eq!(
            account_in_head("# c\nversion: 1\nid: x\naccount: Acme\nagenda:\n", false).as_deref(),
            Some("Acme")
        );
    }

    #[test]
    fn only_the_accounts_files_are_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for (id, account) in [
            ("m1", "ACME Corp"),
            ("m2", "acme, inc."),
            ("m3", "Globex"),
            ("m4", "Acme Rockets"),
        ] {
            store.save(&meeting(id, account)).unwrap();
        }
        // Another account's broken file is not parsed, so not reported; one of this
        // account's is.
        let sessions = store.sessions_dir();
        fs::write(
            sessions.join("broken-globex.yaml"),
            "version: 1\nid: broken-globex\naccount: Globex\nagenda: [\n",
        )
        .unwrap();
        fs::write(
            sessions.join("broken-acme.yaml"),
            "version: 1\nid: broken-acme\naccount: Acme\nagenda: [\n",
        )
        .unwrap();
        // Keys in another order: found by the full parse.
        let moved = fs::read_to_string(store.path_of("m2"))
            .unwrap()
            .replace("account: acme, inc.\n", "");
        let moved = format!("{moved}account: ACME\n").replace("id: m2", "id: m5");
        fs::write(sessions.join("m5.yaml"), moved).unwrap();
        fs::write(sessions.join(".hidden.yaml"), "account: Acme\n").unwrap();

        let (found, errors) = store.account_meetings("Acme Corporation");
        assert_eq!(ids(&found), vec!["m1", "m2", "m5"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].to_string().contains("broken-acme.yaml"),
            "{}",
            errors[0]
        );
        // The meeting being resumed is not read again.
        let (found, _) = store.account_meetings_but("Acme Corporation", Some("m2"));
        assert_eq!(ids(&found), vec!["m1", "m5"]);
        let (found, errors) = store.account_meetings("Initech");
        assert!(found.is_empty() && errors.is_empty());
    }
}
