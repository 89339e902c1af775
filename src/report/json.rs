//! The JSON report: a superset of Exercism's results.json (version 3) and of GitHub
//! Classroom's autograding result. Its JSON Schema is `schema/report.schema.json`.

use serde::Serialize;

use super::{Graded, exercise_message, exercise_status, test_message, test_status};

/// Test output is cut here, as Exercism's test runners do.
pub const OUTPUT_LIMIT_CHARS: usize = 500;
pub const VERSION: u32 = 3;

#[derive(Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub score: u32,
    pub max_score: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submission: Option<String>,
    pub course: CourseId,
    /// One entry per exercise, scored: what Exercism and the Classroom reporter read.
    pub tests: Vec<ScoredExercise>,
    pub exercises: Vec<Exercise>,
    /// Files the learner was not meant to change, found changed and ignored by grading.
    pub protected_changes: Vec<ProtectedChange>,
}

#[derive(Debug, Serialize)]
pub struct CourseId {
    pub id: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScoredExercise {
    pub name: String,
    pub status: &'static str,
    pub message: Option<String>,
    pub test_code: String,
    pub score: u32,
    pub max_score: u32,
}

#[derive(Debug, Serialize)]
pub struct Exercise {
    pub name: String,
    pub topic: Option<String>,
    pub status: &'static str,
    /// What the exercise is worth; `score` is what it earned (all or nothing).
    pub points: u32,
    pub score: u32,
    pub duration_ms: u64,
    pub message: Option<String>,
    pub tests: Vec<Test>,
}

#[derive(Debug, Serialize)]
pub struct Test {
    pub name: String,
    pub status: &'static str,
    pub message: Option<String>,
    pub output: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProtectedChange {
    pub path: String,
    pub change: &'static str,
}

/// A grade of several submissions: one report each, in the order of their names.
#[derive(Debug, Serialize)]
pub struct GradeReport {
    pub version: u32,
    pub kind: &'static str,
    pub submissions: Vec<Report>,
}

pub fn report(run: &Graded) -> Report {
    let exercises: Vec<Exercise> = run
        .exercises()
        .map(|(exercise, outcome)| Exercise {
            name: exercise.name.clone(),
            topic: exercise.topic.clone(),
            status: exercise_status(outcome).as_str(),
            points: exercise.points,
            score: if outcome.passed() { exercise.points } else { 0 },
            duration_ms: u64::try_from(outcome.duration.as_millis()).unwrap_or(u64::MAX),
            message: exercise_message(outcome),
            tests: outcome
                .tests
                .iter()
                .map(|test| Test {
                    name: test.name.clone(),
                    status: test_status(test).as_str(),
                    message: test_message(outcome, test),
                    output: truncated(&test.output),
                })
                .collect(),
        })
        .collect();
    Report {
        version: VERSION,
        status: run.status().as_str(),
        message: None,
        score: run.score(),
        max_score: run.max_score(),
        submission: run.submission.map(str::to_string),
        course: CourseId {
            id: run.course.course_id.clone(),
            version: run.course.course_version.clone(),
        },
        tests: exercises
            .iter()
            .map(|e| ScoredExercise {
                name: e.name.clone(),
                status: e.status,
                message: e.message.clone(),
                test_code: format!("backlings run {}", e.name),
                score: e.score,
                max_score: e.points,
            })
            .collect(),
        exercises,
        protected_changes: run
            .protected_changes
            .iter()
            .map(|c| ProtectedChange {
                path: c.path.clone(),
                change: c.change.as_str(),
            })
            .collect(),
    }
}

pub fn render(runs: &[Graded]) -> String {
    let text = match runs {
        [run] if run.submission.is_none() => serde_json::to_string_pretty(&report(run)),
        runs => serde_json::to_string_pretty(&GradeReport {
            version: VERSION,
            kind: "grade",
            submissions: runs.iter().map(report).collect(),
        }),
    };
    text.expect("a report serializes") + "\n"
}

/// Test output cut at [`OUTPUT_LIMIT_CHARS`], with a notice saying so; `None` when empty.
pub fn truncated(output: &str) -> Option<String> {
    let output = super::clean_output(output);
    let output = output.trim_end();
    if output.is_empty() {
        return None;
    }
    let total = output.chars().count();
    if total <= OUTPUT_LIMIT_CHARS {
        return Some(output.to_string());
    }
    let kept: String = output.chars().take(OUTPUT_LIMIT_CHARS).collect();
    Some(format!(
        "{kept}\n[output truncated: {} more characters; run the exercise to see all of it]",
        total - OUTPUT_LIMIT_CHARS
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_cut_at_500_characters_with_a_notice() {
        let long = "é".repeat(600);
        let cut = truncated(&long).unwrap();
        assert!(cut.starts_with(&"é".repeat(500)));
        assert!(cut.ends_with(
            "[output truncated: 100 more characters; run the exercise to see all of it]"
        ));
        assert_eq!(truncated("short\n").as_deref(), Some("short"));
        assert_eq!(truncated("  \n"), None);
    }
}
