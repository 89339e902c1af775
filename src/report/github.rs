//! GitHub Actions: `::error` annotations on the lines that failed, a Markdown step summary,
//! and the result GitHub Classroom's grading reporter reads from the step's outputs.

use std::fmt::Write;

use base64::Engine as _;
use serde::Serialize;

use super::{Graded, Status, course_relative, exercise_message, exercise_status, test_message};
use crate::engine::Verdict;

/// GitHub shows at most this many error annotations of one step.
pub const MAX_ANNOTATIONS: usize = 10;

/// One `::error` line per failing test or compile error, at most [`MAX_ANNOTATIONS`]; the
/// last one says how many more there were.
pub fn annotations(runs: &[Graded]) -> String {
    let mut all = Vec::new();
    for run in runs {
        for (exercise, outcome) in run.exercises() {
            let label = run.label(&exercise.name);
            match &outcome.verdict {
                Verdict::Passed | Verdict::Skipped { .. } => {}
                Verdict::CompileFailed { diagnostics } => {
                    let first = diagnostics.first();
                    let place = first.and_then(|d| {
                        Some((d.file.as_ref()?.to_string_lossy().into_owned(), d.line?))
                    });
                    all.push(Annotation {
                        place,
                        title: format!("{label} does not compile"),
                        message: first
                            .map(|d| console::strip_ansi_codes(&d.rendered).into_owned())
                            .unwrap_or_default(),
                    });
                }
                Verdict::TestsFailed { .. } | Verdict::TimedOut { .. } => {
                    let failed: Vec<_> = outcome.failed_tests().collect();
                    if failed.is_empty() {
                        all.push(Annotation {
                            place: None,
                            title: format!("{label} failed"),
                            message: exercise_message(outcome).unwrap_or_default(),
                        });
                    }
                    for test in failed {
                        all.push(Annotation {
                            place: test.location.as_ref().map(|l| (l.file.clone(), l.line)),
                            title: format!("{label}: {}", test.name),
                            message: test_message(outcome, test).unwrap_or_default(),
                        });
                    }
                }
            }
        }
    }
    let mut out = String::new();
    let shown = if all.len() > MAX_ANNOTATIONS {
        MAX_ANNOTATIONS - 1
    } else {
        all.len()
    };
    for annotation in &all[..shown] {
        out.push_str(&annotation.command());
    }
    if all.len() > shown {
        let more = Annotation {
            place: None,
            title: "More failures".into(),
            message: format!(
                "{} more failures are not annotated; the step summary lists every exercise",
                all.len() - shown
            ),
        };
        out.push_str(&more.command());
    }
    out
}

struct Annotation {
    place: Option<(String, u32)>,
    title: String,
    message: String,
}

impl Annotation {
    fn command(&self) -> String {
        let mut properties = Vec::new();
        if let Some((file, line)) = &self.place {
            properties.push(format!("file={}", escape_property(course_relative(file))));
            properties.push(format!("line={line}"));
        }
        properties.push(format!("title={}", escape_property(&self.title)));
        format!(
            "::error {}::{}\n",
            properties.join(","),
            escape_data(&self.message)
        )
    }
}

/// Workflow command data: a newline in it must not end the command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The Markdown for `$GITHUB_STEP_SUMMARY`: a table of exercises and the failures.
pub fn step_summary(runs: &[Graded]) -> String {
    let mut out = String::new();
    for run in runs {
        let heading = match run.submission {
            Some(submission) => format!("{submission}: "),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "## {heading}{} of {} points\n",
            run.score(),
            run.max_score()
        );
        out.push_str("| exercise | topic | result | points |\n| --- | --- | --- | --- |\n");
        for (exercise, outcome) in run.exercises() {
            let result = match exercise_status(outcome) {
                Status::Pass => "✅ pass",
                Status::Fail => "❌ fail",
                Status::Error => "💥 error",
                Status::Skip => "⏭️ skipped",
            };
            let earned = if outcome.passed() { exercise.points } else { 0 };
            let _ = writeln!(
                out,
                "| {} | {} | {result} | {earned}/{} |",
                exercise.name,
                exercise.topic.as_deref().unwrap_or(""),
                exercise.points
            );
        }
        out.push('\n');
        for (exercise, outcome) in run.exercises().filter(|(_, o)| !o.passed()) {
            let Some(message) = exercise_message(outcome) else {
                continue;
            };
            let _ = writeln!(
                out,
                "<details><summary>{}: {}</summary>\n",
                html(&exercise.name),
                html(&message)
            );
            let details: Vec<String> = outcome
                .failed_tests()
                .filter_map(|t| Some(format!("{}: {}", t.name, test_message(outcome, t)?)))
                .collect();
            if !details.is_empty() {
                let _ = writeln!(out, "<pre>{}</pre>\n", html(&details.join("\n\n")));
            }
            out.push_str("</details>\n\n");
        }
        if !run.protected_changes.is_empty() {
            out.push_str(
                "Changed files that grading ignored (the course's own copies were used):\n\n",
            );
            for change in run.protected_changes {
                let _ = writeln!(out, "- `{}` ({})", change.path, change.change.as_str());
            }
            out.push('\n');
        }
    }
    out
}

/// Learner text inside HTML, so it cannot close the block or add markup.
fn html(text: &str) -> String {
    console::strip_ansi_codes(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The result GitHub Classroom's grading reporter reads: the line `result=<base64 json>`
/// for `$GITHUB_OUTPUT`.
pub fn classroom_output(runs: &[Graded]) -> String {
    #[derive(Serialize)]
    struct ClassroomResult {
        version: u32,
        status: &'static str,
        max_score: u32,
        tests: Vec<ClassroomTest>,
    }
    #[derive(Serialize)]
    struct ClassroomTest {
        name: String,
        status: &'static str,
        message: Option<String>,
        test_code: String,
        filename: String,
        line_no: u32,
        execution_time: String,
        score: u32,
    }
    let all_passed = runs.iter().all(|r| r.status() == Status::Pass);
    let result = ClassroomResult {
        version: 1,
        status: if all_passed { "pass" } else { "fail" },
        max_score: runs.iter().map(Graded::max_score).sum(),
        tests: runs
            .iter()
            .flat_map(|run| {
                run.exercises()
                    .map(move |(exercise, outcome)| ClassroomTest {
                        name: run.label(&exercise.name),
                        status: match exercise_status(outcome) {
                            Status::Pass => "pass",
                            Status::Error => "error",
                            Status::Fail | Status::Skip => "fail",
                        },
                        message: exercise_message(outcome),
                        test_code: format!("backlings run {}", exercise.name),
                        filename: run
                            .course
                            .main_file(exercise)
                            .to_string_lossy()
                            .into_owned(),
                        line_no: 0,
                        execution_time: format!("{:.2}s", outcome.duration.as_secs_f64()),
                        score: if outcome.passed() { exercise.points } else { 0 },
                    })
            })
            .collect(),
    };
    let json = serde_json::to_string(&result).expect("a result serializes");
    format!(
        "result={}\n",
        base64::engine::general_purpose::STANDARD.encode(json)
    )
}

/// Stops GitHub from reading workflow commands in what follows, until [`resume_commands`]
/// with the same token: learner output printed in the log cannot forge annotations.
pub fn stop_commands(token: &str) -> String {
    format!("::stop-commands::{token}\n")
}

pub fn resume_commands(token: &str) -> String {
    format!("::{token}::\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped_so_a_message_is_one_command() {
        let annotation = Annotation {
            place: Some(("exercises/a/b/src/lib.rs".into(), 7)),
            title: "a: b, c".into(),
            message: "line 1\n::error::forged 100%".into(),
        };
        assert_eq!(
            annotation.command(),
            "::error file=exercises/a/b/src/lib.rs,line=7,title=a%3A b%2C c::line 1%0A::error::forged 100%25\n"
        );
    }
}
