//! The command line. Each subcommand has its own module; they only wire the library's
//! stages together and choose the output.

pub mod apply;
pub mod diag;
pub mod diff;
pub mod outline;
pub mod output;
pub mod rubric;
pub mod score;
pub mod suggest;

use clap::{Parser, Subcommand};

use crate::error::exit;
use crate::report::color::ColorChoice;

/// Score statutes against published scorecards, and redline proposals with the score
/// change each amendment makes.
#[derive(Debug, Parser)]
#[command(
    name = "redline",
    version,
    about,
    long_about = None,
    after_long_help = "Exit status: 0 on success; 1 when an explicit check failed (--fail-under, a failing `rubric check`); 2 for bad input or usage, with nothing written. The first line of an error names the file and the place (line:column, or a provision path)."
)]
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
    /// The smallest amendment, from edits the rubric knows, that reaches a target score or
    /// grade: candidates applied and scored, the chosen set verified, `-o` writes it as a
    /// proposal.
    Suggest(suggest::SuggestArgs),
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
    /// Print a manual page (roff), e.g. `redline man | man -l -`, or `redline man diff`
    /// for a subcommand's page.
    Man {
        /// The subcommand whose page to print (the main page when omitted).
        subcommand: Option<String>,
    },
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
        Command::Suggest(a) => suggest::run(a),
        Command::Apply(a) => apply::run(a),
        Command::Outline(a) => outline::run(a),
        Command::Rubric { command } => rubric::run(command),
        Command::Completions { shell } => completions(shell),
        Command::Man { subcommand } => man(subcommand.as_deref()),
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

/// A manual page, generated from the command definition: the main page, or with
/// `subcommand` that subcommand's page (`redline-diff(1)`). `docs/redline.1` and
/// `docs/redline-<subcommand>.1` are these.
pub fn man_page(subcommand: Option<&str>) -> Option<Vec<u8>> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let page = match subcommand {
        None => cmd,
        Some(name) => {
            let sub = cmd.find_subcommand(name)?.clone();
            let full = format!("redline-{}", sub.get_name());
            sub.name(full).version(env!("CARGO_PKG_VERSION"))
        }
    };
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = clap_mangen::Man::new(page).render(&mut out);
    Some(out)
}

/// The subcommands that have a manual page of their own.
pub fn man_subcommands() -> Vec<String> {
    use clap::CommandFactory;
    Cli::command().get_subcommands().map(|c| c.get_name().to_string()).filter(|n| n != "help").collect()
}

fn man(subcommand: Option<&str>) -> crate::error::Result<i32> {
    let Some(page) = man_page(subcommand) else {
        return Err(crate::error::Error::file(
            subcommand.unwrap_or_default(),
            format!("no such subcommand; pages: {}", man_subcommands().join(", ")),
        ));
    };
    output::Output::Stdout.write(&String::from_utf8_lossy(&page), output::Shown::Data)?;
    Ok(exit::OK)
}
