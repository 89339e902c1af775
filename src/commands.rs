//! One file per command. Each loads what it needs, asks the engine, and renders the result.

mod dev;
mod grade;
mod hint;
mod init;
mod list;
mod report_merge;
mod reports;
mod reset;
mod run;
mod verify;
mod watch;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, DevCommand, ReportCommand, WatchArgs};
use crate::course::{Course, Exercise};
use crate::engine::{self, Outcome, Overlay};
use crate::ui::CheckProgress;

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => watch::watch(cli.watch.into()),
        Some(Command::Watch { args }) => watch::watch(args.into()),
        Some(Command::Run { name }) => run::run(name.as_deref()),
        Some(Command::Hint { name }) => hint::hint(name.as_deref()),
        Some(Command::List) => list::list(),
        Some(Command::Init { dir, classroom }) => init::init(&dir, classroom),
        Some(Command::Reset { name, yes }) => reset::reset(&name, yes),
        Some(Command::Verify { jobs, reports }) => verify::verify(jobs, reports.formats),
        Some(Command::Grade {
            submissions,
            jobs,
            shard,
            reports,
        }) => grade::grade(submissions, jobs, shard, reports.formats),
        Some(Command::Report(ReportCommand::Merge { reports, output })) => {
            report_merge::merge(&reports, output.as_deref())
        }
        Some(Command::Dev(DevCommand::Check { jobs })) => dev::check(jobs),
    }
}

impl From<WatchArgs> for watch::WatchOptions {
    fn from(args: WatchArgs) -> Self {
        Self {
            poll: args.poll,
            auto_next: args.auto_next,
        }
    }
}

/// How a command ended, as its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    AllPassed = 0,
    SomeFailed = 1,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

fn engine_options(jobs: Option<usize>, overlay: Overlay) -> engine::Options {
    let defaults = engine::Options::default();
    engine::Options {
        jobs: jobs.unwrap_or(defaults.jobs).max(1),
        overlay,
        services: crate::services::from_environment(),
    }
}

/// Runs the engine with a progress display; with `line_for`, prints one line per exercise
/// in the order given as results arrive.
fn check_with_progress(
    course: &Course,
    exercises: &[&Exercise],
    options: &engine::Options,
    line_for: Option<&(dyn Fn(&Outcome) -> String + Sync)>,
) -> Result<Vec<Outcome>> {
    let first_build = !engine::course_target_dir(course).join("debug").exists();
    let progress = CheckProgress::new(exercises.len(), first_build);
    let outcomes = engine::check(course, exercises, options, &|event| {
        progress.on_event(&event, line_for.map(|f| f as &dyn Fn(&Outcome) -> String))
    })?;
    progress.finish();
    Ok(outcomes)
}

/// The widest exercise name, to align one-line verdicts.
fn name_width(exercises: &[&Exercise]) -> usize {
    exercises.iter().map(|e| e.name.len()).max().unwrap_or(0)
}
