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
mod services;
mod verify;
mod watch;

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::{Cli, Command, DevCommand, ReportCommand, WatchArgs};
use crate::course::{Course, Exercise, SqlEngine};
use crate::engine::{self, Outcome, Overlay};
use crate::services::Services;
use crate::ui::CheckProgress;

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    let session = Session::new(cli.engine.map(SqlEngine::from));
    match cli.command {
        None => watch::watch(watch_options(cli.watch, session)),
        Some(Command::Watch { args }) => watch::watch(watch_options(args, session)),
        Some(Command::Run { name }) => run::run(name.as_deref(), &session),
        Some(Command::Hint { name }) => hint::hint(name.as_deref()),
        Some(Command::List) => list::list(),
        Some(Command::Init { dir, classroom }) => init::init(&dir, classroom),
        Some(Command::Reset { name, yes }) => reset::reset(&name, yes),
        Some(Command::Verify { jobs, reports }) => verify::verify(jobs, reports.formats, &session),
        Some(Command::Grade {
            submissions,
            jobs,
            shard,
            reports,
        }) => grade::grade(submissions, jobs, shard, reports.formats, &session),
        Some(Command::Report(ReportCommand::Merge { reports, output })) => {
            report_merge::merge(&reports, output.as_deref())
        }
        Some(Command::Services) => services::services(&session),
        Some(Command::Dev(DevCommand::Check { jobs, only })) => dev::check(jobs, &only, &session),
    }
}

fn watch_options(args: WatchArgs, session: Session) -> watch::WatchOptions {
    watch::WatchOptions {
        poll: args.poll,
        auto_next: args.auto_next,
        session,
    }
}

/// What every check of one command shares: the servers, started at most once, and where
/// SQL runs.
#[derive(Clone)]
pub struct Session {
    services: Arc<Services>,
    sql_engine: SqlEngine,
}

impl Session {
    fn new(sql_engine: Option<SqlEngine>) -> Self {
        let services = Services::from_environment();
        Self {
            sql_engine: sql_engine.unwrap_or_else(|| services.default_sql_engine()),
            services: Arc::new(services),
        }
    }

    fn engine_options(&self, jobs: Option<usize>, overlay: Overlay) -> engine::Options {
        engine::Options {
            jobs: jobs.unwrap_or_else(engine::Options::default_jobs).max(1),
            overlay,
            services: Arc::clone(&self.services),
            sql_engine: self.sql_engine,
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
