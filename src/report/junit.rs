//! JUnit XML: one testsuite per exercise, one testcase per test. An exercise that does not
//! compile, a test stopped by the timeout, or a binary that ended early is an `<error>`.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{Graded, exercise_message, test_message};
use crate::engine::{TestStatus, Verdict};

pub fn render(runs: &[Graded]) -> String {
    let mut report = Report::new("backlings");
    for run in runs {
        for (exercise, outcome) in run.exercises() {
            let mut suite = TestSuite::new(run.label(&exercise.name));
            suite.set_time(outcome.duration);
            match &outcome.verdict {
                Verdict::CompileFailed { diagnostics } => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status.set_type("compile error");
                    status.set_message(exercise_message(outcome).unwrap_or_default());
                    let rendered: Vec<String> = diagnostics
                        .iter()
                        .map(|d| console::strip_ansi_codes(&d.rendered).into_owned())
                        .collect();
                    status.set_description(rendered.join("\n"));
                    suite.add_test_case(TestCase::new("build", status));
                }
                Verdict::Skipped { reason } => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_message(reason.as_str());
                    suite.add_test_case(TestCase::new(exercise.name.as_str(), status));
                }
                Verdict::TestsFailed { problems } if !problems.is_empty() => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status.set_message(problems.join("; "));
                    suite.add_test_case(TestCase::new("test binaries", status));
                }
                _ => {}
            }
            for test in &outcome.tests {
                let mut status = match test.status {
                    TestStatus::Passed => TestCaseStatus::success(),
                    TestStatus::Ignored => TestCaseStatus::skipped(),
                    TestStatus::Failed => TestCaseStatus::non_success(NonSuccessKind::Failure),
                    TestStatus::NotRun => TestCaseStatus::non_success(NonSuccessKind::Error),
                };
                if let Some(message) = test_message(outcome, test) {
                    status.set_message(message);
                }
                if test.status == TestStatus::Failed && !test.output.trim().is_empty() {
                    status.set_description(super::clean_output(test.output.trim_end()));
                }
                let mut case = TestCase::new(test.name.as_str(), status);
                case.set_classname(format!("{}::{}", exercise.name, test.binary));
                suite.add_test_case(case);
            }
            report.add_test_suite(suite);
        }
    }
    report.to_string().expect("a JUnit report serializes")
}
