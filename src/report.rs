//! Renderers that turn engine outcomes into text. They return strings; printing and
//! writing files is the caller's job.

pub mod format;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod tap;

use crate::course::submission::ProtectedChange;
use crate::course::{Course, Exercise};
use crate::engine::{Outcome, TestReport, TestStatus, Verdict};

/// One graded run of a course: `verify` makes one, `grade` one per submission.
pub struct Graded<'a> {
    /// The submission's name when grading; `None` for `verify`.
    pub submission: Option<&'a str>,
    pub course: &'a Course,
    /// One per exercise, in course order.
    pub outcomes: &'a [Outcome],
    /// Files of the course a submission changed, which grading ignored (course-relative).
    pub protected_changes: &'a [ProtectedChange],
}

/// The overall status of a run, as Exercism's and GitHub Classroom's formats name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// The exercise (or run) could not be tested: it does not compile, or timed out.
    Error,
    Skip,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Skip => "skip",
        }
    }
}

impl Graded<'_> {
    /// Exercises with their outcomes, in course order.
    pub fn exercises(&self) -> impl Iterator<Item = (&Exercise, &Outcome)> {
        self.course.exercises.iter().zip(self.outcomes)
    }

    /// The sum of the points of passed exercises: no timing, no partial credit.
    pub fn score(&self) -> u32 {
        self.exercises()
            .filter(|(_, o)| o.passed())
            .map(|(e, _)| e.points)
            .sum()
    }

    pub fn max_score(&self) -> u32 {
        self.course.exercises.iter().map(|e| e.points).sum()
    }

    pub fn status(&self) -> Status {
        if self.outcomes.iter().all(Outcome::passed) {
            Status::Pass
        } else {
            Status::Fail
        }
    }

    /// `submission: exercise` when grading, the exercise's name otherwise.
    pub fn label(&self, exercise: &str) -> String {
        match self.submission {
            Some(submission) => format!("{submission}: {exercise}"),
            None => exercise.to_string(),
        }
    }
}

pub fn exercise_status(outcome: &Outcome) -> Status {
    match outcome.verdict {
        Verdict::Passed => Status::Pass,
        Verdict::TestsFailed { .. } => Status::Fail,
        Verdict::CompileFailed { .. } | Verdict::TimedOut { .. } => Status::Error,
        Verdict::Skipped { .. } => Status::Skip,
    }
}

pub fn test_status(test: &TestReport) -> Status {
    match test.status {
        TestStatus::Passed => Status::Pass,
        TestStatus::Failed => Status::Fail,
        TestStatus::NotRun => Status::Error,
        TestStatus::Ignored => Status::Skip,
    }
}

/// One sentence on what happened to an exercise that did not pass.
pub fn exercise_message(outcome: &Outcome) -> Option<String> {
    match &outcome.verdict {
        Verdict::Passed => None,
        Verdict::CompileFailed { diagnostics } => Some(match diagnostics.first() {
            Some(first) => format!("does not compile: {}", first.message),
            None => "does not compile".to_string(),
        }),
        Verdict::TestsFailed { problems } => {
            let failed = outcome.failed_tests().count();
            Some(if failed == 0 {
                problems.first().cloned().unwrap_or_default()
            } else {
                format!(
                    "{failed} of {} did not pass",
                    human::count(outcome.tests.len(), "test")
                )
            })
        }
        Verdict::TimedOut { after, unfinished } => Some(format!(
            "stopped after {} s; still running: {}",
            after.as_secs(),
            unfinished.join(", ")
        )),
        Verdict::Skipped { reason } => Some(format!("skipped: {reason}")),
    }
}

/// What a test that did not pass reports: its panic message, or why it never finished.
pub fn test_message(outcome: &Outcome, test: &TestReport) -> Option<String> {
    match test.status {
        TestStatus::Passed | TestStatus::Ignored => None,
        TestStatus::Failed => Some(
            test.message
                .clone()
                .unwrap_or_else(|| "the test failed".to_string()),
        ),
        TestStatus::NotRun => Some(match &outcome.verdict {
            Verdict::TimedOut { after, .. } => {
                format!("still running when stopped after {} s", after.as_secs())
            }
            _ => "never reported a result: its test binary stopped first".to_string(),
        }),
    }
}

/// A course-relative source path for a panic location or diagnostic: rustc records paths
/// relative to the workspace it built, which for a staged copy has a prefix of its own.
pub fn course_relative(path: &str) -> &str {
    path.find("exercises/").map_or(path, |start| &path[start..])
}

/// Test output for a report: no colour codes, and no thread ids (`thread 'x' (1234)
/// panicked`), which differ from run to run and would make reports differ too.
pub fn clean_output(text: &str) -> String {
    let text = console::strip_ansi_codes(text);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(start) = rest.find("' (") {
        let (before, after) = rest.split_at(start + 1);
        out.push_str(before);
        let digits = after[2..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[2 + digits..].starts_with(')') {
            rest = &after[3 + digits..];
        } else {
            rest = after;
            out.push_str(&rest[..2]);
            rest = &rest[2..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_ids_leave_test_output() {
        assert_eq!(
            clean_output(
                "thread 'parses' (30528) panicked at src/lib.rs:5:5:\nit's ' (not a number)"
            ),
            "thread 'parses' panicked at src/lib.rs:5:5:\nit's ' (not a number)"
        );
    }
}
