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
    /// Where the SQL exercises run: `sqlite` (in the test process) or `postgres` (a server,
    /// see `backlings services`) [default: postgres when BACKLINGS_POSTGRES_URL or
    /// DATABASE_URL names one, sqlite otherwise]
    #[arg(long, global = true, value_enum, value_name = "ENGINE")]
    pub engine: Option<EngineArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    Sqlite,
    Postgres,
}

impl From<EngineArg> for crate::course::SqlEngine {
    fn from(engine: EngineArg) -> Self {
        match engine {
            EngineArg::Sqlite => Self::Sqlite,
            EngineArg::Postgres => Self::Postgres,
        }
    }
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
        #[command(flatten)]
        reports: ReportArgs,
    },
    /// Grade submissions (a class's course folders) against this course.
    ///
    /// Each submission is graded in a copy of this course with only the learner's files
    /// taken from the submission; changed tests, manifests or info.toml are reported and
    /// ignored. All submissions share one build cache. Exit status: 0 when every
    /// submission passed everything, 1 when some did not, 2 when grading could not be done.
    Grade {
        /// The submission folders
        #[arg(required = true, value_name = "SUBMISSION")]
        submissions: Vec<std::path::PathBuf>,
        /// How many test binaries run at once [default: the number of cores]
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Grade only part K of N of the submissions (sorted by name), e.g. `--shard 2/4`
        #[arg(long, value_name = "K/N")]
        shard: Option<crate::course::submission::Shard>,
        #[command(flatten)]
        reports: ReportArgs,
    },
    /// Work with reports
    #[command(subcommand)]
    Report(ReportCommand),
    /// Write a fresh course folder to work in (default: ./backlings)
    Init {
        /// The folder to create; it must not exist yet or be empty
        #[arg(default_value = "backlings")]
        dir: std::path::PathBuf,
        /// Also write a GitHub Actions workflow that grades each push for GitHub Classroom
        #[arg(long)]
        classroom: bool,
    },
    /// Put an exercise's files back as they were shipped (your changes to them are lost)
    Reset {
        /// The exercise's name, as `backlings list` shows it
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Show where the servers some exercises need (PostgreSQL, Redis) come from: each
    /// source in the order it is tried, and why it was passed over.
    ///
    /// It starts what it finds, as a session would, and stops it again.
    Services,
    /// Tools for course authors
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReportArgs {
    /// A report to write: human, json, junit, tap or github, to stdout or with `=PATH` to a
    /// file; repeat for several (`--format junit=reports/junit.xml --format json=-`)
    #[arg(long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<crate::report::format::FormatSpec>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Join the JSON reports of several `grade` runs (for example CI shards) into one
    Merge {
        /// The JSON reports to join
        #[arg(required = true, value_name = "REPORT")]
        reports: Vec<std::path::PathBuf>,
        /// Write the merged report here instead of to stdout
        #[arg(long, short, value_name = "PATH")]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Prove the course sound: every exercise fails as shipped, passes with its solution,
    /// has a hint, and every exercise folder is listed exactly once
    Check {
        /// How many test binaries run at once [default: the number of cores]
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Check only these exercises, or the exercises of these topics
        #[arg(value_name = "EXERCISE_OR_TOPIC")]
        only: Vec<String>,
    },
}
