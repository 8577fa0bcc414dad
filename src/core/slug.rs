//! Slugs: the file-name-safe form of free text, used in session ids and agenda names.

/// Longest slug, in characters.
const MAX_SLUG_CHARS: usize = 40;

/// Turns free text into a file-name-safe slug: lowercase ASCII letters and digits, every
/// run of anything else collapsed into one '-', no leading or trailing '-', at most 40
/// characters; `fallback` when nothing is left.
pub fn slug(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out.truncate(MAX_SLUG_CHARS);
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        fallback.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Whether `name` is made only of what [`slug`] writes: lowercase ASCII letters, digits
/// and '-' (and is not empty).
pub fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `id` can be used as a session file name: non-empty, no path separators, not
/// starting with '.', only ASCII letters, digits, '-', '_' and '.'.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let slug = |text: &str| slug(text, "meeting");
        assert_eq!(slug("ACME Corp."), "acme-corp");
        assert_eq!(slug("  --Foo__Bar--  "), "foo-bar");
        assert_eq!(slug("Müller & Söhne GmbH"), "m-ller-s-hne-gmbh");
        assert_eq!(slug("My Kickoff!"), "my-kickoff");
        assert_eq!(slug(""), "meeting");
        assert_eq!(slug("日本"), "meeting");
        let long = slug(&"abcdefghi ".repeat(10));
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        assert_eq!(long, "abcdefghi-abcdefghi-abcdefghi-abcdefghi");
    }

    #[test]
    fn every_slug_is_a_slug_and_only_slugs_are() {
        for text in [
            "ACME Corp.",
            "Müller & Söhne",
            "",
            "--",
            "a b c",
            "x".repeat(99).as_str(),
        ] {
            assert!(is_slug(&slug(text, "meeting")), "{text:?}");
        }
        assert!(is_slug("new-ase") && is_slug("v2"));
        for name in ["", "New", "new_ase", "new ase", "né"] {
            assert!(!is_slug(name), "{name:?}");
        }
    }
}
