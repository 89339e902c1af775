//! What the engine returns: one `Outcome` per exercise.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub exercise: String,
    pub verdict: Verdict,
    /// Every test the exercise's test binaries list, in the order they list them.
    pub tests: Vec<TestReport>,
    /// Compiler warnings in the exercise's own code.
    pub warnings: Vec<Diagnostic>,
    /// What the test binaries printed, capped, with a notice where it was cut.
    pub output: String,
    /// Bytes of output left out of `output` to keep it within the cap.
    pub output_cut: u64,
    /// Time spent running the exercise's tests (its share of the build is not included).
    pub duration: Duration,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.verdict == Verdict::Passed
    }

    pub fn failed_tests(&self) -> impl Iterator<Item = &TestReport> {
        self.tests.iter().filter(|t| t.status != TestStatus::Passed)
    }

    pub(crate) fn without_tests(exercise: &str, verdict: Verdict) -> Self {
        Self {
            exercise: exercise.to_string(),
            verdict,
            tests: Vec::new(),
            warnings: Vec::new(),
            output: String::new(),
            output_cut: 0,
            duration: Duration::ZERO,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every test the exercise defines ran and reported ok.
    Passed,
    /// The exercise did not build; `diagnostics` are cargo's and rustc's rendered errors.
    CompileFailed { diagnostics: Vec<Diagnostic> },
    /// It built, but not every test passed. `problems` explains failures that are not a
    /// single test's, such as a test binary that crashed or stopped early.
    TestsFailed { problems: Vec<String> },
    /// A test binary ran longer than the exercise's timeout and was stopped.
    TimedOut {
        after: Duration,
        unfinished: Vec<String>,
    },
    /// Not run, and why (for example a service it needs is not available).
    Skipped { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    pub name: String,
    /// The test target it belongs to (`request_line` for `tests/request_line.rs`).
    pub binary: String,
    pub status: TestStatus,
    /// The panic message of a failed test.
    pub message: Option<String>,
    /// Where the failed test panicked.
    pub location: Option<PanicLocation>,
    /// What the test printed (libtest shows it for failed tests only).
    pub output: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestStatus {
    Passed,
    Failed,
    Ignored,
    /// Listed by its binary but never reported: the binary stopped, crashed or timed out first.
    NotRun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicLocation {
    /// As rustc recorded it, relative to the workspace root.
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// A compiler or cargo message about an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: DiagnosticLevel,
    /// The one-line message, e.g. "mismatched types".
    pub message: String,
    /// The full message as cargo renders it, with ANSI colours.
    pub rendered: String,
    pub file: Option<PathBuf>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticLevel {
    Error,
    Warning,
}

impl Diagnostic {
    /// An error that has no place in a source file, such as cargo failing to read a manifest.
    pub fn plain_error(text: impl Into<String>) -> Self {
        let rendered: String = text.into();
        Self {
            level: DiagnosticLevel::Error,
            message: rendered.lines().next().unwrap_or_default().to_string(),
            rendered,
            file: None,
            line: None,
            column: None,
        }
    }
}
