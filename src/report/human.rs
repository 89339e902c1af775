//! Outcomes for a person at a terminal: one line per exercise, or the full verdict of one.

use std::fmt::Write;
use std::time::Duration;

use console::{Style, style};

use crate::course::{Course, Exercise};
use crate::engine::{
    Diagnostic, OUTPUT_LIMIT, Outcome, TestReport, TestStatus, Verdict, human_bytes,
};

/// How many failed tests `run` shows in full; the rest are named.
const SHOWN_FAILURES: usize = 3;
/// How many compiler warnings `run` shows under failing tests.
const SHOWN_WARNINGS: usize = 2;

/// One line for `verify` and friends: mark, name, and what happened.
pub fn verdict_line(outcome: &Outcome, name_width: usize) -> String {
    let name = format!("{:<name_width$}", outcome.exercise);
    let (mark, detail) = match &outcome.verdict {
        Verdict::Passed => (
            style("✓").green(),
            style(format!(
                "{} passed  {}",
                count(outcome.tests.len(), "test"),
                seconds(outcome.duration)
            ))
            .dim(),
        ),
        Verdict::CompileFailed { .. } => (
            style("✗").red(),
            style("does not compile".to_string()).red(),
        ),
        Verdict::TestsFailed { problems } => {
            let failed: Vec<&str> = outcome.failed_tests().map(|t| t.name.as_str()).collect();
            let detail = if failed.is_empty() {
                problems.first().cloned().unwrap_or_default()
            } else {
                format!(
                    "{} of {} failed: {}",
                    failed.len(),
                    count(outcome.tests.len(), "test"),
                    shorten_list(&failed, 3)
                )
            };
            (style("✗").red(), style(detail).red())
        }
        Verdict::TimedOut { after, .. } => (
            style("⏱").yellow(),
            style(format!("timed out after {}", whole_seconds(*after))).yellow(),
        ),
        Verdict::Skipped { reason } => {
            (style("–").dim(), style(format!("skipped: {reason}")).dim())
        }
    };
    format!("{mark} {name}  {detail}")
}

/// The full verdict of one exercise, for `run`: compiler errors, failed tests with their
/// messages, or the pass.
pub fn verdict_details(exercise: &Exercise, outcome: &Outcome) -> String {
    let mut out = String::new();
    match &outcome.verdict {
        Verdict::Passed => {
            let _ = writeln!(
                out,
                "{} {} passed: {} ok.",
                style("✓").green().bold(),
                style(&exercise.name).bold(),
                count(outcome.tests.len(), "test")
            );
        }
        Verdict::CompileFailed { diagnostics } => {
            let _ = writeln!(
                out,
                "{} {} does not compile yet.\n",
                style("✗").red().bold(),
                style(&exercise.name).bold()
            );
            for diagnostic in diagnostics {
                let _ = writeln!(out, "{}", rendered(diagnostic));
            }
        }
        Verdict::TestsFailed { problems } => {
            let failed: Vec<&TestReport> = outcome.failed_tests().collect();
            let headline = if failed.is_empty() {
                "its tests did not all run".to_string()
            } else {
                format!(
                    "{} of {} did not pass",
                    failed.len(),
                    count(outcome.tests.len(), "test")
                )
            };
            let _ = writeln!(
                out,
                "{} {}: {headline}.\n",
                style("✗").red().bold(),
                style(&exercise.name).bold()
            );
            // Tests are in the order the test file defines them: the first failure is the one to fix first.
            for test in failed.iter().take(SHOWN_FAILURES) {
                write_failed_test(&mut out, test);
            }
            if failed.len() > SHOWN_FAILURES {
                let rest: Vec<&str> = failed[SHOWN_FAILURES..]
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                let _ = writeln!(
                    out,
                    "  {} also failing: {}\n",
                    style("✗").red(),
                    shorten_list(&rest, 8)
                );
            }
            for problem in problems {
                let _ = writeln!(out, "  {} {problem}\n", style("!").red().bold());
            }
            write_passed_summary(&mut out, outcome);
        }
        Verdict::TimedOut { after, unfinished } => {
            let _ = writeln!(
                out,
                "{} {}: a test ran longer than {} and was stopped{}.",
                style("⏱").yellow().bold(),
                style(&exercise.name).bold(),
                whole_seconds(*after),
                if unfinished.is_empty() {
                    String::new()
                } else {
                    format!(" (still running: {})", unfinished.join(", "))
                }
            );
            let _ = writeln!(
                out,
                "  Look for a loop that never ends, or a read that waits for data that never comes.\n"
            );
            for test in outcome
                .tests
                .iter()
                .filter(|t| t.status == TestStatus::Failed)
            {
                write_failed_test(&mut out, test);
            }
        }
        Verdict::Skipped { reason } => {
            let _ = writeln!(
                out,
                "{} {} was skipped: it {reason}.",
                style("–").dim(),
                style(&exercise.name).bold()
            );
        }
    }
    if !outcome.passed()
        && !matches!(outcome.verdict, Verdict::CompileFailed { .. })
        && !outcome.warnings.is_empty()
    {
        let _ = writeln!(
            out,
            "{}\n",
            style("The compiler also warns (a warning often points at the problem):").yellow()
        );
        for warning in outcome.warnings.iter().take(SHOWN_WARNINGS) {
            let _ = writeln!(out, "{}\n", rendered(warning));
        }
        if outcome.warnings.len() > SHOWN_WARNINGS {
            let _ = writeln!(
                out,
                "... and {} more.\n",
                count(outcome.warnings.len() - SHOWN_WARNINGS, "warning")
            );
        }
    }
    if !outcome.passed() && outcome.output_cut > 0 {
        let _ = writeln!(
            out,
            "{}\n",
            style(format!(
                "The tests printed {} more than the {} of output kept; the middle was cut.",
                human_bytes(outcome.output_cut),
                human_bytes(OUTPUT_LIMIT as u64)
            ))
            .yellow()
        );
    }
    if !outcome.passed() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out
}

/// What to do after a failed `run`.
pub fn run_advice(course: &Course, exercise: &Exercise) -> String {
    format!(
        "Edit {} and run again. Stuck? `backlings hint {}`",
        style(course.main_file(exercise).display()).cyan(),
        exercise.name
    )
}

fn write_failed_test(out: &mut String, test: &TestReport) {
    let place = test
        .location
        .as_ref()
        .map(|l| format!("  {}", style(format!("{}:{}", l.file, l.line)).dim()))
        .unwrap_or_default();
    let label = match test.status {
        TestStatus::Ignored => " (ignored: every test must run; remove its #[ignore])".to_string(),
        TestStatus::NotRun => " (never reported a result)".to_string(),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "  {} {}{label}{place}",
        style("✗").red(),
        style(&test.name).bold()
    );
    if let Some(message) = &test.message {
        for line in message.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out.push('\n');
}

fn write_passed_summary(out: &mut String, outcome: &Outcome) {
    let passed = outcome
        .tests
        .iter()
        .filter(|t| t.status == TestStatus::Passed)
        .count();
    if passed > 0 {
        let _ = writeln!(
            out,
            "  {} {} passed",
            style("✓").green(),
            count(passed, "test")
        );
    }
}

/// A compiler message as cargo rendered it, without colour when the terminal has none.
fn rendered(diagnostic: &Diagnostic) -> String {
    let text = diagnostic.rendered.trim_end();
    if console::colors_enabled() {
        text.to_string()
    } else {
        console::strip_ansi_codes(text).into_owned()
    }
}

/// The closing line of `verify`.
pub fn summary(course: &Course, outcomes: &[Outcome]) -> String {
    let passed = outcomes.iter().filter(|o| o.passed()).count();
    let points: u32 = course
        .exercises
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.passed())
        .map(|(e, _)| e.points)
        .sum();
    let max_points: u32 = course.exercises.iter().map(|e| e.points).sum();
    let line = format!(
        "{passed} of {} passed, {points} of {max_points} points.",
        count(outcomes.len(), "exercise")
    );
    let color = if passed == outcomes.len() {
        Style::new().green()
    } else {
        Style::new().red()
    };
    color.bold().apply_to(line).to_string()
}

pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub fn seconds(duration: Duration) -> String {
    format!("{:.2}s", duration.as_secs_f64())
}

fn whole_seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs())
}

fn shorten_list(items: &[&str], keep: usize) -> String {
    if items.len() <= keep {
        items.join(", ")
    } else {
        format!(
            "{}, and {} more",
            items[..keep].join(", "),
            items.len() - keep
        )
    }
}
