//! The command line: every command and its help text.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "backlings",
    version,
    about = "Learn backend engineering in Rust by fixing small exercise crates.",
    long_about = "Learn backend engineering in Rust by fixing small exercise crates.\n\n\
                  Run it inside a course folder. With no command it watches your current \
                  exercise: every save tests it again, and single keys move through the course."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub watch: WatchArgs,
}

#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct WatchArgs {
    /// Look for saved files every 300 ms instead of waiting for file events (for WSL's
    /// /mnt, network drives and other places where events do not arrive)
    #[arg(long)]
    pub poll: bool,
    /// Move on to the next exercise as soon as the current one passes
    #[arg(long)]
    pub auto_next: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Test the current exercise on every save and show the verdict (the default)
    Watch {
        #[command(flatten)]
        args: WatchArgs,
    },
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
    /// Write a fresh course folder to work in (default: ./backlings)
    Init {
        /// The folder to create; it must not exist yet or be empty
        #[arg(default_value = "backlings")]
        dir: std::path::PathBuf,
    },
    /// Put an exercise's files back as they were shipped (your changes to them are lost)
    Reset {
        /// The exercise's name, as `backlings list` shows it
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
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
