//! `dev check`: proof that the course is sound.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use console::style;

use super::{Exit, Session, check_with_progress, name_width};
use crate::course::{self, Course, Exercise};
use crate::engine::{Outcome, Overlay, Verdict};
use crate::report::human;

/// Every exercise fails as shipped and passes with its solution; every crate folder is
/// listed once; every exercise has a hint and a solution.
pub fn check(jobs: Option<usize>, only: &[String], session: &Session) -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let exercises = selected(&course, only)?;
    let width = name_width(&exercises);
    let mut problems = layout_problems(&course)?;

    eprintln!("Checking that every exercise fails as shipped...");
    let shipped = check_with_progress(
        &course,
        &exercises,
        &session.engine_options(jobs, Overlay::Nothing),
        None,
    )?;
    eprintln!("Checking that every exercise passes with its solution...");
    let solved = check_with_progress(
        &course,
        &exercises,
        &session.engine_options(jobs, Overlay::Solutions),
        None,
    )?;

    let in_ci = std::env::var_os("CI").is_some();
    for ((exercise, shipped), solved) in exercises.iter().zip(&shipped).zip(&solved) {
        let (line, problem) = judge_exercise(&course, exercise, shipped, solved, in_ci);
        println!(
            "{} {:<width$}  {line}",
            if problem.is_some() {
                style("✗").red()
            } else {
                style("✓").green()
            },
            exercise.name
        );
        problems.extend(problem);
    }

    println!();
    if problems.is_empty() {
        println!(
            "{}",
            style(format!(
                "The course is sound: {} checked.",
                human::count(exercises.len(), "exercise")
            ))
            .green()
            .bold()
        );
        return Ok(Exit::AllPassed.into());
    }
    println!(
        "{}",
        style(format!(
            "{} to fix:",
            human::count(problems.len(), "problem")
        ))
        .red()
        .bold()
    );
    for problem in &problems {
        println!("\n- {}", problem.trim_end());
    }
    Ok(Exit::SomeFailed.into())
}

/// The exercises named in `only`, by name or topic, in course order; all when it is empty.
fn selected<'a>(course: &'a Course, only: &[String]) -> Result<Vec<&'a Exercise>> {
    let named =
        |e: &Exercise, wanted: &String| &e.name == wanted || e.topic.as_ref() == Some(wanted);
    for wanted in only {
        if !course.exercises.iter().any(|e| named(e, wanted)) {
            // The usual "no exercise named ..." with a suggestion.
            course.exercise(wanted)?;
        }
    }
    Ok(course
        .exercises
        .iter()
        .filter(|e| only.is_empty() || only.iter().any(|w| named(e, w)))
        .collect())
}

/// One line for the exercise, and the problem it has, if any.
fn judge_exercise(
    course: &Course,
    exercise: &Exercise,
    shipped: &Outcome,
    solved: &Outcome,
    in_ci: bool,
) -> (String, Option<String>) {
    if let Verdict::Skipped { reason } = &shipped.verdict {
        let line = format!("not checked: it {reason}");
        let problem = in_ci.then(|| {
            format!(
                "`{}` could not be checked in CI: it {reason}",
                exercise.name
            )
        });
        return (line, problem);
    }
    let as_shipped = match &shipped.verdict {
        Verdict::Passed => {
            return (
                "passes as shipped".into(),
                Some(format!(
                    "`{}` passes as shipped, so the learner has nothing to do; make its tests fail until the task is done",
                    exercise.name
                )),
            );
        }
        Verdict::TimedOut { .. } => {
            return (
                "times out as shipped".into(),
                Some(format!(
                    "`{}` times out as shipped; a learner's first run should fail fast, for example with todo!()",
                    exercise.name
                )),
            );
        }
        Verdict::CompileFailed { .. } => "does not compile as shipped",
        Verdict::TestsFailed { .. } => "fails as shipped",
        Verdict::Skipped { .. } => unreachable!("handled above"),
    };
    if !has_solution(course, exercise) {
        let solution = course.solution_dir(exercise);
        let relative = solution.strip_prefix(&course.root).unwrap_or(&solution);
        (
            format!("{as_shipped}, has no solution"),
            Some(format!(
                "`{}` has no solution; put the solved files at {}",
                exercise.name,
                relative.display()
            )),
        )
    } else if solved.passed() {
        let line = format!(
            "{as_shipped}, passes with its solution ({})",
            human::count(solved.tests.len(), "test")
        );
        (line, None)
    } else {
        let details = human::verdict_details(exercise, solved);
        let details = console::strip_ansi_codes(&details).replace('\n', "\n  ");
        (
            format!("{as_shipped}, but does NOT pass with its solution"),
            Some(format!(
                "`{}` does not pass with its solution:\n  {details}",
                exercise.name
            )),
        )
    }
}

/// Crate folders not listed in info.toml, exercises cargo cannot build, missing hints.
fn layout_problems(course: &Course) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let listed: HashSet<PathBuf> = course
        .exercises
        .iter()
        .map(|e| course.exercise_dir(e))
        .collect();
    let members = course::workspace_member_dirs(&course.root)?;
    for member in &members {
        let relative = member.strip_prefix(&course.root).unwrap_or(member);
        if relative.starts_with("exercises") && !listed.contains(member) {
            problems.push(format!(
                "`{}` is an exercise crate that info.toml does not list; add an [[exercises]] entry for it or remove the folder",
                relative.display()
            ));
        }
    }
    for exercise in &course.exercises {
        if !members.contains(&course.exercise_dir(exercise)) {
            problems.push(format!(
                "`{}` is not a member of the workspace in Cargo.toml, so cargo cannot build it; add it to `workspace.members`",
                exercise.dir.display()
            ));
        }
        if exercise.hint.trim().is_empty() {
            problems.push(format!(
                "`{}` has no hint; write one in info.toml",
                exercise.name
            ));
        }
    }
    Ok(problems)
}

fn has_solution(course: &Course, exercise: &Exercise) -> bool {
    std::fs::read_dir(course.solution_dir(exercise))
        .is_ok_and(|mut entries| entries.next().is_some())
}
