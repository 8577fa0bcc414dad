//! The limits every YAML input is held to before the parser sees it: size, nesting and
//! aliases. Agendas, the config file and session files each have their [`Limits`];
//! [`check`] refuses a text that breaks them with a located [`Refusal`] whose message
//! says what is wrong and what to do.
//!
//! The YAML parser is slow on deep flow nesting (a 200 KB file of `[` takes tens of
//! seconds) and expands every alias into a full copy (a small "alias bomb" can take
//! gigabytes), so both are caught by a cheap lexical scan first.

/// The limits one kind of YAML input is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// What the input is, as a message names it: "an agenda", "a session file".
    pub what: &'static str,
    /// What to do about a refused file, as the end of a message.
    pub fix: &'static str,
    /// Largest text accepted, in bytes.
    pub max_bytes: u64,
    /// Deepest nesting of lists and maps accepted.
    pub max_nesting: usize,
    /// Most aliases (`*name`) accepted.
    pub max_aliases: usize,
}

/// Deepest nesting of lists and maps accepted in any YAML input. Real files nest a
/// handful of levels.
pub const MAX_NESTING: usize = 64;

/// Agendas: a few kilobytes each. A few aliases are allowed (a repeated prompt).
pub const AGENDA: Limits = Limits {
    what: "an agenda",
    fix: "is this the right file?",
    max_bytes: 1024 * 1024,
    max_nesting: MAX_NESTING,
    max_aliases: 16,
};

/// The config file: a few lines of settings.
pub const CONFIG: Limits = Limits {
    what: "the config file",
    fix: "fix the file, or move it away to use the defaults",
    max_bytes: 256 * 1024,
    max_nesting: MAX_NESTING,
    max_aliases: 16,
};

/// Session files: kickoff writes them, never with an alias; hours of notes stay far
/// below the size limit.
pub const SESSION: Limits = Limits {
    what: "a session file",
    fix: "is it really a kickoff session?",
    max_bytes: 16 * 1024 * 1024,
    max_nesting: MAX_NESTING,
    max_aliases: 0,
};

/// A limit a YAML text breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// The text is larger than allowed; its size in bytes.
    TooLarge(u64),
    /// Lists and maps nested deeper than allowed.
    Nesting,
    /// More aliases than allowed.
    Aliases,
}

/// Why a YAML text was refused, located at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line (1 for a file that is too large).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Which limit.
    pub breach: Breach,
    /// What is wrong and what to do, without the file and position.
    pub message: String,
}

impl Limits {
    /// The refusal of a text that breaks `breach` at `line` and `column`.
    pub fn refusal(&self, (line, column): (usize, usize), breach: Breach) -> Refusal {
        let Limits { what, fix, .. } = self;
        let message = match breach {
            Breach::TooLarge(bytes) => format!(
                "the file is {bytes} bytes, over the {} limit for {what}: {fix}",
                size(self.max_bytes)
            ),
            Breach::Nesting => format!(
                "lists and maps are nested more than {} levels deep here: {what} never nests like this; {fix}",
                self.max_nesting
            ),
            Breach::Aliases if self.max_aliases == 0 => format!(
                "an alias (`*name`) here: {what} never uses aliases (is this an alias bomb?); {fix}"
            ),
            Breach::Aliases => format!(
                "more than {} aliases (`*name`): each is a full copy of its anchor, so kickoff refuses this many; write the values out",
                self.max_aliases
            ),
        };
        Refusal {
            line,
            column,
            breach,
            message,
        }
    }
}

/// `bytes` as people say it: `1 MiB`, `256 KiB`, `100 bytes`.
fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    if bytes >= KIB * KIB && bytes.is_multiple_of(KIB * KIB) {
        format!("{} MiB", bytes / (KIB * KIB))
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes}-byte")
    }
}

/// Checks `source` against `limits`: its size, then its nesting and aliases.
pub fn check(source: &str, limits: &Limits) -> Result<(), Refusal> {
    let bytes = source.len() as u64;
    if bytes > limits.max_bytes {
        return Err(limits.refusal((1, 1), Breach::TooLarge(bytes)));
    }
    match scan_limits(source, limits.max_nesting, limits.max_aliases) {
        Some((position, breach)) => Err(limits.refusal(position, breach)),
        None => Ok(()),
    }
}

/// Where `source` first breaks a structural limit, and which: lists and maps nested more
/// than `max_nesting` levels deep, or more than `max_aliases` aliases. A cheap lexical
/// scan run before the YAML parser, which is slow on deep flow nesting and expands every
/// alias into a full copy.
///
/// Block collections count one level per indentation step or compact `- ` entry, flow
/// collections one level per `[` or `{`. Quoted scalars, comments and the content of
/// block scalars (`|`, `>`) are skipped, and a bracket or `*` inside a plain scalar
/// (`a [b *c`) is text. The scan may misread rare hand-written YAML (a plain scalar
/// continued on a line that starts with a bracket or `*`), but the files kickoff writes
/// never nest deeper than a few levels and never use aliases.
fn scan_limits(
    source: &str,
    max_nesting: usize,
    max_aliases: usize,
) -> Option<((usize, usize), Breach)> {
    let limit = max_nesting;
    let mut aliases: usize = 0;
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // Columns of the open block collections, innermost last.
    let mut block: Vec<usize> = Vec::new();
    let mut flow: usize = 0;
    // Inside a quoted scalar (which may span lines): its quote character.
    let mut quote: Option<char> = None;
    // Inside a block scalar: the column its content must be indented past.
    let mut block_scalar: Option<usize> = None;
    // Whether the next character may begin a node (rather than continue a scalar).
    let mut node_start = true;
    // Lines as the YAML parser sees them: it also breaks lines at NEL, LS and PS, which
    // the library writes raw inside block scalars.
    let lines = source
        .split(['\n', '\u{85}', '\u{2028}', '\u{2029}'])
        .map(|l| l.strip_suffix('\r').unwrap_or(l));
    for (index, line) in lines.enumerate() {
        let line_no = index + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(owner) = block_scalar {
            if line.trim().is_empty() || indent > owner {
                continue;
            }
            block_scalar = None;
        }
        if flow == 0 && quote.is_none() {
            node_start = true;
        }
        // Column (0-based, in characters) of the node whose value may follow on this
        // line, and of the scalar being read (a key, if a `:` follows it).
        let mut owner = indent;
        let mut scalar_column: Option<usize> = None;
        // Characters, with `i` the column of the next one.
        let mut chars = line.chars().peekable();
        let mut prev_blank = true;
        let mut i = 0;
        while let Some(c) = chars.next() {
            let next_blank = chars.peek().is_none_or(|n| *n == ' ' || *n == '\t');
            let column = i;
            i += 1;
            if let Some(q) = quote {
                if q == '\'' && c == '\'' {
                    if chars.next_if_eq(&'\'').is_some() {
                        i += 1;
                    } else {
                        quote = None;
                    }
                } else if q == '"' && c == '\\' {
                    chars.next();
                    i += 1;
                } else if q == '"' && c == '"' {
                    quote = None;
                }
                prev_blank = false;
                continue;
            }
            if c == ' ' || c == '\t' {
                prev_blank = true;
                continue;
            }
            if c == '#' && prev_blank {
                break; // a comment
            }
            prev_blank = false;
            if flow > 0 {
                match c {
                    '[' | '{' => {
                        flow += 1;
                        if block.len() + flow > limit {
                            return Some(((line_no, column + 1), Breach::Nesting));
                        }
                        node_start = true;
                    }
                    '*' if node_start => {
                        aliases += 1;
                        if aliases > max_aliases {
                            return Some(((line_no, column + 1), Breach::Aliases));
                        }
                        node_start = false;
                    }
                    ']' | '}' => {
                        flow -= 1;
                        node_start = false;
                    }
                    ',' | ':' | '?' => node_start = true,
                    '\'' | '"' if node_start => {
                        quote = Some(c);
                        node_start = false;
                    }
                    _ => node_start = false,
                }
                continue;
            }
            if !node_start {
                // Inside a scalar: `: ` makes it a key whose value follows.
                if c == ':' && next_blank {
                    if let Some(key) = scalar_column.take() {
                        if open_block(&mut block, key) > limit {
                            return Some(((line_no, key + 1), Breach::Nesting));
                        }
                        owner = key;
                    }
                    node_start = true;
                }
                continue;
            }
            match c {
                '[' | '{' => {
                    flow = 1;
                    if block.len() + flow > limit {
                        return Some(((line_no, column + 1), Breach::Nesting));
                    }
                }
                '-' | '?' if next_blank => {
                    if open_block(&mut block, column) > limit {
                        return Some(((line_no, column + 1), Breach::Nesting));
                    }
                    owner = column;
                }
                '|' | '>' => {
                    block_scalar = Some(owner);
                    break;
                }
                '&' | '!' => {
                    // An anchor or tag: the node itself follows it.
                    while chars.next_if(|n| *n != ' ' && *n != '\t').is_some() {
                        i += 1;
                    }
                }
                '*' => {
                    aliases += 1;
                    if aliases > max_aliases {
                        return Some(((line_no, column + 1), Breach::Aliases));
                    }
                    node_start = false;
                }
                '\'' | '"' => {
                    quote = Some(c);
                    scalar_column = Some(column);
                    node_start = false;
                }
                _ => {
                    scalar_column = Some(column);
                    node_start = false;
                }
            }
        }
    }
    None
}

/// Records a block collection entry at `column` (closing the deeper ones) and returns
/// the block depth.
fn open_block(block: &mut Vec<usize>, column: usize) -> usize {
    while block.last().is_some_and(|&top| top > column) {
        block.pop();
    }
    if block.last().is_none_or(|&top| top < column) {
        block.push(column);
    }
    block.len()
}

/// A YAML error's position (1-based; 1:1 when it has none) and serde's message (it names
/// the expected fields) without its own "at line N column M" suffix, which the caller
/// puts in front in our `file:line:column:` form.
pub fn located_yaml_message(error: &serde_yaml::Error) -> ((usize, usize), String) {
    let mut message = error.to_string();
    let position = match error.location() {
        Some(loc) => {
            let suffix = format!(" at line {} column {}", loc.line(), loc.column());
            if let Some(i) = message.find(&suffix) {
                message.replace_range(i..i + suffix.len(), "");
            }
            (loc.line().max(1), loc.column().max(1))
        }
        None => (1, 1),
    };
    (position, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_has_the_same_nesting_guard() {
        let deep = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        for limits in [AGENDA, CONFIG, SESSION] {
            let refusal = check(&deep, &limits).expect_err("too deep");
            assert_eq!(refusal.breach, Breach::Nesting);
            assert_eq!((refusal.line, refusal.column), (1, MAX_NESTING + 1));
            assert!(refusal.message.contains(limits.what), "{}", refusal.message);
            assert!(refusal.message.ends_with(limits.fix), "{}", refusal.message);
        }
        let just_deep_enough = format!("{}{}\n", "[".repeat(64), "]".repeat(64));
        assert_eq!(check(&just_deep_enough, &CONFIG), Ok(()));
    }

    #[test]
    fn sizes_are_checked_first_and_said_in_the_unit_of_the_limit() {
        let refusal = check(&"#".repeat(256 * 1024 + 1), &CONFIG).expect_err("too large");
        assert_eq!(refusal.breach, Breach::TooLarge(256 * 1024 + 1));
        assert_eq!(
            refusal.message,
            "the file is 262145 bytes, over the 256 KiB limit for the config file: \
             fix the file, or move it away to use the defaults"
        );
        assert!(check(&"#".repeat(256 * 1024), &CONFIG).is_ok());
        let refusal = AGENDA.refusal((1, 1), Breach::TooLarge(2 << 20));
        assert!(
            refusal.message.contains("over the 1 MiB limit"),
            "{refusal:?}"
        );
        assert_eq!(size(100), "100-byte");
    }

    #[test]
    fn aliases_are_counted_against_each_limit() {
        let three = "a: &x 1\nb: *x\nc: *x\nd: *x\n";
        assert_eq!(check(three, &AGENDA), Ok(()));
        let refusal = check(three, &SESSION).expect_err("no aliases in sessions");
        assert_eq!(
            (refusal.line, refusal.column, refusal.breach),
            (2, 4, Breach::Aliases)
        );
        assert!(
            refusal.message.contains("never uses aliases"),
            "{refusal:?}"
        );
        let many = format!("a: &x 1\nb: [{}]\n", vec!["*x"; 17].join(", "));
        let refusal = check(&many, &CONFIG).expect_err("too many");
        assert_eq!(refusal.breach, Breach::Aliases);
        assert!(
            refusal.message.contains("more than 16 aliases"),
            "{refusal:?}"
        );
    }
}
