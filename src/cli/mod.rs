//! The command line. Each subcommand has its own module; they only wire the library's
//! stages together and choose the output.

pub mod apply;
pub mod diag;
pub mod diff;
pub mod outline;
pub mod output;
pub mod rubric;
pub mod score;

use clap::{Parser, Subcommand};

use crate::error::exit;
use crate::report::color::ColorChoice;

/// Score statutes against published scorecards, and redline proposals with the score
/// change each amendment makes.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Color the text format: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score a statute under a rubric, with the statutory words behind every point.
    Score(score::ScoreArgs),
    /// Redline two versions of a statute (or a statute and a proposal or bill), with the
    /// score change of the whole and of each amendment.
    Diff(diff::DiffArgs),
    /// Apply a proposal's amendments to a statute and print the amended text.
    Apply(apply::ApplyArgs),
    /// Show the sections and provisions of a statute file.
    Outline(outline::OutlineArgs),
    /// List, show or check rubrics.
    Rubric {
        #[command(subcommand)]
        command: rubric::RubricCmd,
    },
    /// Print a shell completion script (e.g. `redline completions bash > ~/.local/share/bash-completion/completions/redline`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `redline man | man -l -`.
    Man,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    // A file name holding ESC would reach the text format: then it is never colored, so
    // that every ESC is shown escaped.
    if std::env::args_os().any(|a| a.as_encoded_bytes().contains(&0x1b)) {
        crate::text::inputs::saw_escape();
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { exit::BAD_INPUT } else { exit::OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Score(a) => score::run(a, cli.color),
        Command::Diff(a) => diff::run(a, cli.color),
        Command::Apply(a) => apply::run(a),
        Command::Outline(a) => outline::run(a),
        Command::Rubric { command } => rubric::run(command),
        Command::Completions { shell } => completions(shell),
        Command::Man => man(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            diag::error(&e);
            exit::BAD_INPUT
        }
    }
}

/// Writes the completion script for `shell`, generated from the command definition.
fn completions(shell: clap_complete::Shell) -> crate::error::Result<i32> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "redline", &mut out);
    output::Output::Stdout.write(&String::from_utf8_lossy(&out), output::Shown::Data)?;
    Ok(exit::OK)
}

/// The manual page, generated from the command definition (`docs/redline.1` is this).
pub fn man_page() -> Vec<u8> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    out
}

fn man() -> crate::error::Result<i32> {
    output::Output::Stdout.write(&String::from_utf8_lossy(&man_page()), output::Shown::Data)?;
    Ok(exit::OK)
}
