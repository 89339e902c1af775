use std::process::ExitCode;

use anyhow::Result;
use console::style;

use crate::course;
use crate::state::Progress;

pub fn list() -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let progress = Progress::load(&course.root)?;
    let current = progress.current_exercise(&course);
    let name_width = course
        .exercises
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0)
        .max(8);
    let topic_width = course
        .exercises
        .iter()
        .filter_map(|e| e.topic.as_ref().map(String::len))
        .max()
        .unwrap_or(0)
        .max(5);

    println!(
        "{}",
        style(format!(
            "    {:>3}  {:<name_width$}  {:<topic_width$}  status",
            "#", "exercise", "topic"
        ))
        .bold()
    );
    for (i, exercise) in course.exercises.iter().enumerate() {
        let marker = if exercise.name == current.name {
            style(">").cyan().bold()
        } else {
            style(" ")
        };
        let status = if progress.is_done(exercise) {
            style("done").green()
        } else {
            style("pending").yellow()
        };
        let topic = exercise.topic.as_deref().unwrap_or("");
        println!(
            "  {marker} {:>3}  {:<name_width$}  {topic:<topic_width$}  {status}",
            i + 1,
            exercise.name
        );
    }
    println!(
        "\n{} of {} done. The current exercise is marked with >.",
        progress.done_count(&course),
        course.exercises.len()
    );
    Ok(ExitCode::SUCCESS)
}
