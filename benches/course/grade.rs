//! Grading a class: `backlings grade` of every copy at once, sharing one build cache, against
//! one `backlings grade` per copy, each with an empty target dir of its own, as one CI job
//! per learner would run.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::course_copy::Courses;
use crate::measurement::{Measurement, Relation, Series, Unit};
use crate::tools::{Tools, runner_verdict, timed};

pub fn measure(
    tools: &Tools,
    courses: &Courses,
    scratch: &Path,
    copies: usize,
) -> Result<Measurement> {
    eprintln!("grade: making {copies} graded copies of the solved course...");
    let copies = courses.graded_copies(&scratch.join("graded"), copies)?;
    let count = copies.len();

    eprintln!("grade: all {count} copies together, sharing an empty target dir...");
    let target_dir = scratch.join("target-grade-shared");
    let mut command = tools.backlings(&courses.pristine.root, &target_dir);
    command.arg("grade").args(&copies);
    let (shared, mut all_passed) = run_grade(&mut command, &target_dir)?;
    eprintln!(
        "grade: {count} copies together: {:.1} s",
        shared.as_secs_f64()
    );

    let mut alone = Vec::new();
    for (number, copy) in copies.iter().enumerate() {
        let target_dir = scratch.join(format!("target-grade-alone-{}", number + 1));
        let mut command = tools.backlings(&courses.pristine.root, &target_dir);
        command.arg("grade").arg(copy);
        let (took, passed) = run_grade(&mut command, &target_dir)?;
        eprintln!(
            "grade: copy {} of {count} alone: {:.1} s",
            number + 1,
            took.as_secs_f64()
        );
        alone.push(took.as_secs_f64());
        all_passed &= passed;
    }

    Ok(Measurement::new(
        "grade",
        format!("grade {count} copies, shared cache"),
        Unit::S,
        Series::new(
            format!("backlings grade of {count} copies at once"),
            vec![shared.as_secs_f64()],
        ),
    )
    .compared_with(
        Series::new(
            format!("{count} × backlings grade of one copy, each from an empty target dir"),
            vec![alone.iter().sum()],
        ),
        Relation::Faster,
    )
    .note(format!(
        "{count} copies of the solved course ({}), each with a comment of its own in every \
         learner file; both sides start from empty target dirs; the comparison is the sum of \
         the copies graded one by one",
        if all_passed {
            "all passing"
        } else {
            "NOT all passing"
        }
    ))
    .detail("copies", count)
    .detail("seconds_per_copy_alone", alone)
    .detail("all_passed", all_passed))
}

/// Times one grading run, then removes the target dir it filled.
fn run_grade(command: &mut Command, target_dir: &Path) -> Result<(Duration, bool)> {
    let (took, output) = timed(command, "`backlings grade`")?;
    let passed = runner_verdict(&output, "`backlings grade`")?;
    if target_dir.exists() {
        std::fs::remove_dir_all(target_dir)
            .with_context(|| format!("cannot remove {}", target_dir.display()))?;
    }
    Ok((took, passed))
}
