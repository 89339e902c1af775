use std::process::ExitCode;

use anyhow::Result;

use super::{Exit, check_with_progress, engine_options, name_width};
use crate::course;
use crate::engine::{Overlay, Verdict};
use crate::report::human;
use crate::state::Progress;

/// Tests every exercise, prints one line each in course order and a summary.
pub fn verify(jobs: Option<usize>) -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let mut progress = Progress::load(&course.root)?;
    let exercises: Vec<_> = course.exercises.iter().collect();
    let width = name_width(&exercises);

    let options = engine_options(jobs, Overlay::Nothing);
    let line_for = |outcome: &_| human::verdict_line(outcome, width);
    let outcomes = check_with_progress(&course, &exercises, &options, Some(&line_for))?;
    println!("\n{}", human::summary(&course, &outcomes));

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
