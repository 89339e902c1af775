use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};
use console::style;

use crate::course::{self, pristine};
use crate::state::Progress;

/// Restores one exercise's original files, after asking (or with `--yes`).
pub fn reset(name: &str, yes: bool) -> Result<ExitCode> {
    let course = course::load_from_current_dir()?;
    let exercise = course.exercise(name)?;
    pristine::check_same_course(&course)?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "resetting `{name}` replaces your work on it; run `backlings reset {name} --yes` to confirm"
            );
        }
        print!("Reset `{name}` to its original files? Your changes to them are lost. [y/N] ");
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing was reset.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let files = pristine::reset_exercise(&course, exercise)?;
    // A reset exercise is no longer solved.
    let mut progress = Progress::load(&course.root)?;
    progress.record(exercise, false);
    progress.save(&course.root)?;
    println!(
        "{} `{name}` is back to its original state ({}):",
        style("✓").green().bold(),
        crate::report::human::count(files.len(), "file")
    );
    for file in files {
        println!("  {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}
