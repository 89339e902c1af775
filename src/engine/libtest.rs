//! Reading libtest's stable text output: `--list --format terse`, and a normal run.

use std::collections::HashMap;

use super::outcome::{PanicLocation, TestStatus};

/// The test names printed by `<binary> --list --format terse`, benchmarks left out.
pub fn parse_list(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect()
}

/// The names of the tests of a run, when its logfile accounts for every test the run
/// announced (libtest's `running N tests` line comes before any test's code runs) with a
/// plain `ok NAME`, `failed NAME` or `ignored NAME` line each; `None` when anything is
/// missing or unusual, and the tests must be listed instead.
pub fn every_announced_test_logged(stdout: &str, logged: &str) -> Option<Vec<String>> {
    let announced: usize = stdout.lines().find_map(|line| {
        let count = line.strip_prefix("running ")?;
        let count = count
            .strip_suffix(" tests")
            .or_else(|| count.strip_suffix(" test"))?;
        count.parse().ok()
    })?;
    let mut names = Vec::with_capacity(announced);
    for line in logged.lines() {
        let (status, name) = line.split_once(' ')?;
        let plain = matches!(status, "ok" | "failed" | "ignored");
        if !plain || name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        if names.iter().any(|n| n == name) {
            return None;
        }
        names.push(name.to_string());
    }
    (names.len() == announced).then_some(names)
}

/// The results libtest writes to `--logfile`, one line per test: `ok NAME`, `failed NAME`,
/// `ignored NAME` (a status may carry a message, so names are matched against `listed`).
/// Unlike stdout, nothing a test prints can land in the middle of these lines.
pub fn parse_logfile(text: &str, listed: &[String]) -> Vec<(String, TestStatus)> {
    text.lines()
        .filter_map(|line| {
            let status = match line.split([' ', ':']).next()? {
                "ok" => TestStatus::Passed,
                "failed" => TestStatus::Failed,
                "ignored" => TestStatus::Ignored,
                _ => return None,
            };
            let name = listed
                .iter()
                .filter(|name| {
                    line.strip_suffix(name.as_str())
                        .is_some_and(|rest| rest.ends_with(' '))
                })
                .max_by_key(|name| name.len())?;
            Some((name.clone(), status))
        })
        .collect()
}

/// What one run of a test binary reported.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Each `test NAME ... STATUS` line, in the order printed.
    pub results: Vec<(String, TestStatus)>,
    /// The `---- NAME stdout ----` sections of failed tests.
    pub failures: HashMap<String, FailureDetails>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FailureDetails {
    pub message: Option<String>,
    pub location: Option<PanicLocation>,
    pub output: String,
}

pub fn parse_run(output: &str) -> RunReport {
    let mut report = RunReport::default();
    let mut section: Option<(String, Vec<&str>)> = None;

    for line in output.lines() {
        if let Some(name) = section_header(line) {
            close_section(&mut report, section.take());
            section = Some((name.to_string(), Vec::new()));
            continue;
        }
        if let Some((_, lines)) = section.as_mut() {
            // libtest ends the last section with a bare "failures:" line before the name list.
            if line == "failures:" {
                close_section(&mut report, section.take());
            } else {
                lines.push(line);
            }
            continue;
        }
        if let Some(result) = result_line(line) {
            report.results.push(result);
        }
    }
    close_section(&mut report, section);
    report
}

fn section_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("---- ")?;
    inner
        .strip_suffix(" stdout ----")
        .or_else(|| inner.strip_suffix(" stderr ----"))
}

fn result_line(line: &str) -> Option<(String, TestStatus)> {
    let rest = line.strip_prefix("test ")?;
    let (name, status) = rest.rsplit_once(" ... ")?;
    let status = match status {
        "ok" => TestStatus::Passed,
        "FAILED" => TestStatus::Failed,
        s if s == "ignored" || s.starts_with("ignored, ") => TestStatus::Ignored,
        _ => return None,
    };
    let name = name.strip_suffix(" - should panic").unwrap_or(name);
    Some((name.to_string(), status))
}

fn close_section(report: &mut RunReport, section: Option<(String, Vec<&str>)>) {
    let Some((name, mut lines)) = section else {
        return;
    };
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let details = failure_details(&lines);
    report.failures.insert(name, details);
}

/// Splits a failure section into what the test printed and the panic that ended it.
fn failure_details(lines: &[&str]) -> FailureDetails {
    let output = lines.join("\n");
    let Some(panic_at) = lines
        .iter()
        .position(|l| l.starts_with("thread '") && l.contains(" panicked at "))
    else {
        let text = output.trim();
        return FailureDetails {
            message: (!text.is_empty()).then(|| text.to_string()),
            location: None,
            output,
        };
    };
    let location = lines[panic_at]
        .split_once(" panicked at ")
        .and_then(|(_, place)| parse_location(place.trim_end_matches(':')));
    let message_lines: Vec<&str> = lines[panic_at + 1..]
        .iter()
        .take_while(|l| {
            !l.starts_with("note: run with `RUST_BACKTRACE=1`")
                && !l.starts_with("stack backtrace:")
        })
        .copied()
        .collect();
    let message = message_lines
        .join("\n")
        .trim_start_matches('\n')
        .trim_end()
        .to_string();
    FailureDetails {
        message: (!message.is_empty()).then_some(message),
        location,
        output,
    }
}

fn parse_location(place: &str) -> Option<PanicLocation> {
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_string();
    Some(PanicLocation { file, line, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUN: &str = "\nrunning 3 tests\ntest parses_get ... ok\ntest rejects_empty ... FAILED\ntest slow ... ignored, takes a minute\n\nfailures:\n\n---- rejects_empty stdout ----\nabout to parse\n\nthread 'rejects_empty' (4242) panicked at tests/request_line.rs:12:5:\nsent:     \"\"\nexpected: Err(Empty)\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    rejects_empty\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\n";

    #[test]
    fn reads_each_result_line() {
        let report = parse_run(RUN);
        assert_eq!(
            report.results,
            [
                ("parses_get".to_string(), TestStatus::Passed),
                ("rejects_empty".to_string(), TestStatus::Failed),
                ("slow".to_string(), TestStatus::Ignored),
            ]
        );
    }

    #[test]
    fn splits_a_failure_into_output_message_and_location() {
        let report = parse_run(RUN);
        let details = &report.failures["rejects_empty"];
        assert_eq!(
            details.message.as_deref(),
            Some("sent:     \"\"\nexpected: Err(Empty)")
        );
        assert_eq!(
            details.location,
            Some(PanicLocation {
                file: "tests/request_line.rs".into(),
                line: 12,
                column: 5
            })
        );
        assert!(details.output.starts_with("about to parse"));
    }

    #[test]
    fn keeps_a_failure_without_a_panic_as_its_message() {
        let run = "test boom - should panic ... FAILED\n\nfailures:\n\n---- boom stdout ----\nnote: test did not panic as expected\n\nfailures:\n    boom\n";
        let report = parse_run(run);
        assert_eq!(report.results, [("boom".to_string(), TestStatus::Failed)]);
        assert_eq!(
            report.failures["boom"].message.as_deref(),
            Some("note: test did not panic as expected")
        );
    }

    #[test]
    fn ignores_lines_a_test_printed_that_only_look_like_results() {
        let report = parse_run("test a ... ok\ntest b ... maybe\nhello\n");
        assert_eq!(report.results, [("a".to_string(), TestStatus::Passed)]);
    }

    #[test]
    fn a_run_that_logs_every_announced_test_names_them_itself() {
        let stdout = "\nrunning 3 tests\ntest a ... ok\n";
        assert_eq!(
            every_announced_test_logged(stdout, "ok a\nfailed m::b\nignored c\n"),
            Some(vec!["a".to_string(), "m::b".to_string(), "c".to_string()])
        );
        assert_eq!(
            every_announced_test_logged("\nrunning 1 test\n", "ok a\n"),
            Some(vec!["a".to_string()])
        );
        assert_eq!(
            every_announced_test_logged("\nrunning 0 tests\n", ""),
            Some(vec![])
        );
    }

    #[test]
    fn a_run_with_anything_missing_or_unusual_must_be_listed() {
        // A test never reported: the process ended early.
        assert_eq!(
            every_announced_test_logged("running 2 tests\n", "ok a\n"),
            None
        );
        // A result with a message, whose name cannot be told from the message.
        assert_eq!(
            every_announced_test_logged("running 1 test\n", "ignored: slow a\n"),
            None
        );
        // The same name twice, or no announcement at all.
        assert_eq!(
            every_announced_test_logged("running 2 tests\n", "ok a\nok a\n"),
            None
        );
        assert_eq!(every_announced_test_logged("hello\n", "ok a\n"), None);
    }

    #[test]
    fn reads_the_logfile() {
        assert_eq!(
            parse_logfile(
                "ok a\nfailed: wrong panic message b\nignored c\nbench d\nok unknown\n",
                &["a".into(), "b".into(), "c".into(), "d".into()]
            ),
            [
                ("a".to_string(), TestStatus::Passed),
                ("b".to_string(), TestStatus::Failed),
                ("c".to_string(), TestStatus::Ignored),
            ]
        );
    }

    #[test]
    fn reads_the_panic_line_of_older_toolchains() {
        let section =
            "---- a stdout ----\nthread 'a' panicked at src/x.rs:1:2:\nboom\n\nfailures:\n";
        let report = parse_run(section);
        assert_eq!(report.failures["a"].message.as_deref(), Some("boom"));
        assert_eq!(
            report.failures["a"].location.as_ref().map(|l| l.line),
            Some(1)
        );
    }

    #[test]
    fn lists_tests_but_not_benchmarks() {
        assert_eq!(
            parse_list("a: test\nm::b: test\nc: benchmark\n"),
            ["a", "m::b"]
        );
    }
}
