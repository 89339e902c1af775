use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use console::style;

use super::reports::{self, CommandsStopped};
use super::{Exit, Session, check_with_progress, name_width};
use crate::course::submission::{self, ProtectedChange, Shard};
use crate::course::{self, Course};
use crate::engine::{Outcome, Overlay};
use crate::report::format::FormatSpec;
use crate::report::{Graded, human};

struct Submission {
    name: String,
    path: PathBuf,
    outcomes: Vec<Outcome>,
    changes: Vec<ProtectedChange>,
}

/// Grades each submission folder against the course the runner is started in: only the
/// learner files of a submission are used, everything else comes from the course.
pub fn grade(
    folders: Vec<PathBuf>,
    jobs: Option<usize>,
    shard: Option<Shard>,
    formats: Vec<FormatSpec>,
    session: &Session,
) -> Result<ExitCode> {
    let formats = reports::requested(formats)?;
    let course = course::load_from_current_dir()?;
    let mut submissions = named_submissions(folders)?;
    if let Some(shard) = shard {
        submissions = submissions
            .into_iter()
            .enumerate()
            .filter(|(position, _)| shard.includes(*position))
            .map(|(_, s)| s)
            .collect();
    }
    let exercises: Vec<_> = course.exercises.iter().collect();
    let width = name_width(&exercises);
    let human_here = reports::human_on_stdout(&formats);
    {
        let _stopped = CommandsStopped::when_github(&formats);
        let total = submissions.len();
        for (number, submission) in submissions.iter_mut().enumerate() {
            eprintln!("Grading {} ({} of {total})...", submission.name, number + 1);
            submission.changes = submission::protected_changes(&course, &submission.path)?;
            let overlay = Overlay::Submission(submission.path.clone());
            let options = session.engine_options(jobs, overlay);
            submission.outcomes = check_with_progress(&course, &exercises, &options, None)?;
            if human_here {
                print!("{}", human_section(&course, submission, width));
            }
        }
    }

    let runs: Vec<Graded> = submissions
        .iter()
        .map(|s| Graded {
            submission: Some(&s.name),
            course: &course,
            outcomes: &s.outcomes,
            protected_changes: &s.changes,
        })
        .collect();
    reports::write(&formats, &runs, || {
        submissions
            .iter()
            .map(|s| human_section(&course, s, width))
            .collect()
    })?;
    let all_passed = submissions
        .iter()
        .all(|s| s.outcomes.iter().all(Outcome::passed));
    Ok(if all_passed {
        Exit::AllPassed
    } else {
        Exit::SomeFailed
    }
    .into())
}

/// The submissions, named after their folders and sorted by name.
fn named_submissions(folders: Vec<PathBuf>) -> Result<Vec<Submission>> {
    let mut submissions = Vec::new();
    for path in folders {
        if !path.is_dir() {
            bail!(
                "{} is not a folder; give `grade` the folders of the submissions",
                path.display()
            );
        }
        let absolute = path
            .canonicalize()
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = absolute.file_name().map_or_else(
            || absolute.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        submissions.push(Submission {
            name,
            path: absolute,
            outcomes: Vec::new(),
            changes: Vec::new(),
        });
    }
    submissions.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = submissions.windows(2).find(|p| p[0].name == p[1].name) {
        bail!(
            "two submissions are named `{}` ({} and {}); give each folder its own name",
            pair[0].name,
            pair[0].path.display(),
            pair[1].path.display()
        );
    }
    Ok(submissions)
}

fn human_section(course: &Course, submission: &Submission, width: usize) -> String {
    let graded = Graded {
        submission: Some(&submission.name),
        course,
        outcomes: &submission.outcomes,
        protected_changes: &submission.changes,
    };
    let mut out = format!(
        "{}  {} of {} points\n",
        style(&submission.name).bold(),
        graded.score(),
        graded.max_score()
    );
    for outcome in &submission.outcomes {
        out.push_str(&format!("  {}\n", human::verdict_line(outcome, width)));
    }
    if !submission.changes.is_empty() {
        out.push_str(&format!(
            "  {} changed {} the learner may not change; grading used the course's copies:\n",
            style("!").yellow().bold(),
            human::count(submission.changes.len(), "file")
        ));
        for change in &submission.changes {
            out.push_str(&format!(
                "    {} ({})\n",
                change.path,
                change.change.as_str()
            ));
        }
    }
    out.push('\n');
    out
}
