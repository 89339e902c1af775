use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{Exit, Session, check_with_progress};
use crate::course::{self, pristine};
use crate::engine::{Overlay, Verdict};
use crate::report::human;
use crate::state::Progress;

/// Tests one exercise and shows the verdict; a pass of the current exercise moves on.
pub fn run(name: Option<&str>, session: &Session) -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let first_visit = !Progress::path(&course.root).exists();
    let mut progress = Progress::load(&course.root)?;
    if first_visit && let Some(welcome) = &course.welcome_message {
        println!("{}\n", welcome.trim());
    }
    let current = progress.current_exercise(&course);
    let exercise = match name {
        Some(name) => course.exercise(name)?,
        None => current,
    };
    let is_current = exercise.name == current.name;

    let options = session.engine_options(None, Overlay::Nothing);
    let outcome = check_with_progress(&course, &[exercise], &options, None)?.remove(0);
    print!("{}", human::verdict_details(exercise, &outcome));
    if !outcome.passed() {
        println!("{}", human::run_advice(&course, exercise));
    }

    if matches!(outcome.verdict, Verdict::Skipped { .. }) {
        return Ok(Exit::SomeFailed.into());
    }
    progress.record(exercise, outcome.passed());
    if outcome.passed()
        && let Some(solution) = pristine::reveal_solution(&course, exercise)
    {
        let shown = solution.strip_prefix(&course.root).unwrap_or(&solution);
        println!("Compare yours with the solution: {}", shown.display());
    }
    if outcome.passed() && is_current {
        let position = course.index_of(&exercise.name).unwrap_or(0);
        match progress.first_pending(&course, position + 1) {
            Some(next) => {
                progress.current = Some(next.name.clone());
                println!(
                    "\nNext: {} in {}. Run `backlings` to start it.",
                    style(&next.name).bold().cyan(),
                    course.main_file(next).display()
                );
            }
            None => {
                progress.current = None;
                println!(
                    "\n{}",
                    course
                        .final_message
                        .as_deref()
                        .unwrap_or(ALL_DONE)
                        .trim_end()
                );
            }
        }
    }
    progress.save(&course.root)?;
    Ok(if outcome.passed() {
        Exit::AllPassed
    } else {
        Exit::SomeFailed
    }
    .into())
}

const ALL_DONE: &str = "Every exercise is done. Well played!";
