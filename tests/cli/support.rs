//! A fixture course in a temporary folder, and the `backlings` binary run inside it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Variables of the test environment that would change what the runner does.
const CLEARED_ENV: &[&str] = &["CARGO_TARGET_DIR", "RUST_BACKTRACE"];

pub struct FixtureCourse {
    dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails with everything the runner printed unless it exited with `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit status {code}, got {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Fails unless stdout holds `text`, showing what it held instead.
    #[track_caller]
    pub fn expect_stdout(&self, text: &str) -> &Self {
        assert!(
            self.stdout.contains(text),
            "expected stdout to contain:\n{text}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn expect_stderr(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "expected stderr to contain:\n{text}\n--- stderr ---\n{}\n--- stdout ---\n{}",
            self.stderr,
            self.stdout
        );
        self
    }

    /// Fails unless the line of stdout that starts with `prefix` holds `text`.
    #[track_caller]
    pub fn expect_line(&self, prefix: &str, text: &str) -> &Self {
        let line = self.line_starting(prefix);
        assert!(
            line.contains(text),
            "expected the line starting with {prefix:?} to contain {text:?}\n--- stdout ---\n{}",
            self.stdout
        );
        self
    }

    /// The line of stdout that starts with `prefix`.
    #[track_caller]
    pub fn line_starting(&self, prefix: &str) -> &str {
        self.stdout
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starts with {prefix:?} in:\n{}", self.stdout))
    }
}

impl FixtureCourse {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("backlings-test-")
            .tempdir()
            .unwrap();
        copy_tree(&fixtures_dir().join(name), dir.path());
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        run_backlings(self.path(), args, env)
    }

    pub fn write(&self, relative: &str, contents: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    /// Lays the solution of exercise `name` (of the `t` topic) over its crate.
    pub fn solve(&self, name: &str) {
        let solution = self.read(&format!("solutions/t/{name}/src/lib.rs"));
        self.write(&format!("exercises/t/{name}/src/lib.rs"), &solution);
    }
}

pub fn run_backlings(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_backlings"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    isolate_from_test_environment(&mut command);
    command.envs(env.iter().copied());
    let output = command.output().expect("the backlings binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Leaves out of `command` what the test suite's own environment would change, and lets
/// servers come from the environment only, unless a test asks for more: a fixture's
/// service exercise is skipped the same way on every machine.
pub fn isolate_from_test_environment(command: &mut Command) {
    for name in CLEARED_ENV.iter().chain(&backlings::services::VARIABLES) {
        command.env_remove(name);
    }
    command.env("BACKLINGS_SERVICE_SOURCES", "environment");
}

pub fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    repository_root().join("tests").join("fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
