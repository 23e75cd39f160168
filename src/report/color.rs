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
///
/// `text_to_stdout` says whether the output is the text format on standard output; when
/// it is not (a file, or another format) color is off whatever `--color` says. Otherwise
/// `always` colors even through a pipe, `never` never does, and `auto` colors only a
/// terminal, and not when `NO_COLOR` is set to a non-empty value.
pub fn decide(choice: ColorChoice, text_to_stdout: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    // An input holding ESC is never colored: every ESC in the output is then shown
    // escaped, none passed to the terminal (see `text::controls`).
    let on = text_to_stdout
        && !crate::text::inputs::hold_escape()
        && match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && std::io::stdout().is_terminal(),
        };
    colored::control::set_override(on);
    on
}
