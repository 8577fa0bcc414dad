//! Every style in one place, with a variant for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

use crate::core::meeting::TimeStatus;

/// The styles the screen is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all.
    pub color: bool,
}

impl Theme {
    /// Colours unless the `NO_COLOR` convention asks for none.
    pub fn from_env() -> Self {
        Self {
            color: !no_color(std::env::var_os("NO_COLOR").as_deref()),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// The title bar.
    pub fn header(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// Headings and titles.
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Secondary text: tips, hints, labels.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The key names in the footer.
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// The border of the focused pane.
    pub fn focused(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The border of other panes.
    pub fn border(self) -> Style {
        self.dim()
    }

    /// The selected row of a focused list.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Something good: ticked prompts, present stakeholders.
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    /// A warning: near the end of a section, missing stakeholders, drift.
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// An alarm: overrun, save failures.
    pub fn alarm(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// What is kept from the customer: internal note lines and the `[internal]` tag.
    pub fn internal(self) -> Style {
        if self.color {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new().add_modifier(Modifier::ITALIC)
        }
    }

    /// The drift banner.
    pub fn banner(self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The style of a section timer in a given state.
    pub fn timer(self, status: TimeStatus) -> Style {
        match status {
            TimeStatus::OnTime => self.good(),
            TimeStatus::NearEnd => self.warning(),
            TimeStatus::Over => self.alarm(),
        }
    }
}

/// Whether a `NO_COLOR` value asks for no colour: by the convention (no-color.org), any
/// value that is present and not empty does, whatever it says.
pub fn no_color(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// The symbol that tells a section's state without colour.
pub fn timer_symbol(status: TimeStatus) -> &'static str {
    match status {
        TimeStatus::OnTime => "●",
        TimeStatus::NearEnd => "▲",
        TimeStatus::Over => "■",
    }
}

/// The word that tells a section's state without colour.
pub fn timer_word(status: TimeStatus) -> &'static str {
    match status {
        TimeStatus::OnTime => "on time",
        TimeStatus::NearEnd => "near the end",
        TimeStatus::Over => "OVER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_is_any_value_present_and_not_empty() {
        assert!(!no_color(None));
        assert!(
            !no_color(Some("".as_ref())),
            "an empty value is as if unset"
        );
        for value in ["1", "0", "false", "no", " "] {
            assert!(no_color(Some(value.as_ref())), "NO_COLOR={value:?}");
        }
    }

    #[test]
    fn without_colour_no_style_has_a_colour() {
        let theme = Theme { color: false };
        let styles = [
            theme.header(),
            theme.title(),
            theme.dim(),
            theme.key(),
            theme.focused(),
            theme.border(),
            theme.selected(),
            theme.good(),
            theme.warning(),
            theme.alarm(),
            theme.banner(),
        ];
        for style in styles {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(Theme { color: true }.alarm().fg.is_some());
    }
}
