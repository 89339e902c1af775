use std::process::ExitCode;

use anyhow::Result;
use console::style;

use crate::course;
use crate::state::Progress;

pub fn hint(name: Option<&str>) -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let exercise = match name {
        Some(name) => course.exercise(name)?,
        None => Progress::load(&course.root)?.current_exercise(&course),
    };
    println!(
        "{} {}\n",
        style("Hint for").bold(),
        style(&exercise.name).bold().cyan()
    );
    println!("{}", exercise.hint);
    Ok(ExitCode::SUCCESS)
}
