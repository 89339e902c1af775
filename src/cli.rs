//! The command line: every command and its help text.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "backlings",
    version,
    about = "Learn backend engineering in Rust by fixing small exercise crates.",
    long_about = "Learn backend engineering in Rust by fixing small exercise crates.\n\n\
                  Run it inside a course folder. With no command it runs your current exercise \
                  and tells you what to do next."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Test one exercise and show its verdict (the current exercise by default)
    Run {
        /// The exercise's name, as `backlings list` shows it
        name: Option<String>,
    },
    /// Show the hint of an exercise (the current exercise by default)
    Hint {
        /// The exercise's name, as `backlings list` shows it
        name: Option<String>,
    },
    /// List every exercise with its topic and whether it is done
    List,
    /// Test every exercise in course order and print a summary.
    ///
    /// Exit status: 0 when every exercise passed, 1 when some did not, 2 when the run
    /// itself could not be done.
    Verify {
        /// How many test binaries run at once [default: the number of cores]
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
    /// Tools for course authors
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Prove the course sound: every exercise fails as shipped, passes with its solution,
    /// has a hint, and every exercise folder is listed exactly once
    Check {
        /// How many test binaries run at once [default: the number of cores]
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
    },
}
