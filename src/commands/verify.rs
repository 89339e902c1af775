use std::process::ExitCode;

use anyhow::Result;

use super::reports::{self, CommandsStopped};
use super::{Exit, Session, check_with_progress, name_width};
use crate::course;
use crate::engine::{Overlay, Verdict};
use crate::report::format::FormatSpec;
use crate::report::{Graded, human};
use crate::state::Progress;

/// Tests every exercise, prints one line each in course order and a summary, and writes
/// the reports asked for.
pub fn verify(
    jobs: Option<usize>,
    formats: Vec<FormatSpec>,
    session: &Session,
) -> Result<ExitCode> {
    let formats = reports::requested(formats)?;
    let course = course::load_from_current_dir()?;
    let mut progress = Progress::load(&course.root)?;
    let exercises: Vec<_> = course.exercises.iter().collect();
    let width = name_width(&exercises);

    let options = session.engine_options(jobs, Overlay::Nothing);
    let line_for = |outcome: &_| human::verdict_line(outcome, width);
    let outcomes = {
        let human_here = reports::human_on_stdout(&formats);
        let _stopped = CommandsStopped::when_github(&formats);
        let outcomes = check_with_progress(
            &course,
            &exercises,
            &options,
            human_here.then_some(&line_for as &(dyn Fn(&_) -> String + Sync)),
        )?;
        if human_here {
            println!("\n{}", human::summary(&course, &outcomes));
        }
        outcomes
    };

    let graded = Graded {
        submission: None,
        course: &course,
        outcomes: &outcomes,
        protected_changes: &[],
    };
    reports::write(&formats, std::slice::from_ref(&graded), || {
        let mut text: String = outcomes.iter().map(|o| line_for(o) + "\n").collect();
        text.push_str(&format!("\n{}\n", human::summary(&course, &outcomes)));
        text
    })?;

    for (exercise, outcome) in exercises.iter().zip(&outcomes) {
        if !matches!(outcome.verdict, Verdict::Skipped { .. }) {
            progress.record(exercise, outcome.passed());
        }
    }
    progress.save(&course.root)?;
    let all_passed = outcomes.iter().all(|o| o.passed());
    Ok(if all_passed {
        Exit::AllPassed
    } else {
        Exit::SomeFailed
    }
    .into())
}
