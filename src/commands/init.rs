use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use console::style;

use crate::course::{Course, scaffold};

/// Writes a fresh course folder from the copy embedded in this runner.
pub fn init(dir: &Path, classroom: bool) -> Result<ExitCode> {
    scaffold::write_course(dir, classroom)?;
    let exercises = Course::load(dir)?.exercises.len();
    println!(
        "{} Your course is ready in {}: {exercises} exercises.\n\n\
         Start it with:\n\n    cd {}\n    backlings\n\n\
         The first run compiles the course's dependencies once, which takes a few minutes.",
        style("✓").green().bold(),
        style(dir.display()).bold(),
        dir.display()
    );
    if classroom {
        println!(
            "\nThe workflow .github/workflows/classroom.yml grades every push for GitHub \
             Classroom; set the repository variable BACKLINGS_SOURCE to the git URL of this runner."
        );
    }
    Ok(ExitCode::SUCCESS)
}
