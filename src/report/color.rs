//! The one place that decides whether output is colored.
//!
//! Color is on only for the text format written to a terminal, when `--color` allows it
//! and `NO_COLOR` is unset (or `--color always`). Files (`-o`) and the JSON, Markdown and
//! HTML formats never carry escape codes.

use std::io::IsTerminal;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Color when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always color the text format (even through a pipe).
    Always,
    /// Never color.
    Never,
}

/// Decides, and sets for the whole process, whether the text renderer colors its output.
pub fn decide(choice: ColorChoice, to_terminal_stdout: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal_stdout && !no_color && std::io::stdout().is_terminal(),
    };
    colored::control::set_override(on);
    on
}
