//! TAP version 14: one test point per exercise, with a YAML block for each failure.

use std::fmt::Write;

use super::{Graded, Status, exercise_message, exercise_status, test_message};

pub fn render(runs: &[Graded]) -> String {
    let total: usize = runs.iter().map(|r| r.outcomes.len()).sum();
    let mut out = format!("TAP version 14\n1..{total}\n");
    let mut number = 0;
    for run in runs {
        for (exercise, outcome) in run.exercises() {
            number += 1;
            let label = run.label(&exercise.name);
            let status = exercise_status(outcome);
            match status {
                Status::Pass => {
                    let _ = writeln!(out, "ok {number} - {label}");
                }
                Status::Skip => {
                    let reason = exercise_message(outcome).unwrap_or_default();
                    let reason = reason.trim_start_matches("skipped: ");
                    let _ = writeln!(out, "ok {number} - {label} # SKIP {}", one_line(reason));
                }
                Status::Fail | Status::Error => {
                    let _ = writeln!(out, "not ok {number} - {label}");
                    out.push_str("  ---\n");
                    let _ = writeln!(out, "  status: {}", status.as_str());
                    let message = exercise_message(outcome).unwrap_or_default();
                    let _ = writeln!(out, "  message: {}", quoted(&message));
                    let _ = writeln!(out, "  points: {}", exercise.points);
                    let failures: Vec<_> = outcome
                        .failed_tests()
                        .filter_map(|t| Some((t, test_message(outcome, t)?)))
                        .collect();
                    if !failures.is_empty() {
                        out.push_str("  failures:\n");
                        for (test, message) in failures {
                            let _ = writeln!(out, "    - test: {}", quoted(&test.name));
                            let _ = writeln!(out, "      message: {}", quoted(&message));
                            if let Some(at) = &test.location {
                                let place =
                                    format!("{}:{}", super::course_relative(&at.file), at.line);
                                let _ = writeln!(out, "      at: {}", quoted(&place));
                            }
                        }
                    }
                    out.push_str("  ...\n");
                }
            }
        }
    }
    out
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
fn quoted(text: &str) -> String {
    let text = console::strip_ansi_codes(text);
    serde_json::to_string(text.as_ref()).expect("a string serializes")
}

/// A TAP directive ends at the line's end.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
