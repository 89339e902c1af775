//! The course as a learner gets it: `init` writes it from the copy embedded in the runner,
//! `reset` restores an exercise from that copy, and a solution appears once it is earned.

use std::path::{Path, PathBuf};

use crate::support::{Run, repository_root, run_backlings};

const LIB: &str = "exercises/01_http/request_line/src/lib.rs";
const SOLUTION: &str = "solutions/01_http/request_line/src/lib.rs";

/// A course written by `init` into a fresh temporary folder.
struct InitializedCourse {
    _parent: tempfile::TempDir,
    root: PathBuf,
}

impl InitializedCourse {
    fn new() -> Self {
        let parent = tempfile::tempdir().unwrap();
        run_backlings(parent.path(), &["init", "course"], &[])
            .expect_code(0)
            .expect_stdout("Your course is ready in course")
            .expect_stdout("cd course");
        let root = parent.path().join("course");
        Self {
            _parent: parent,
            root,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        run_backlings(&self.root, args, &[])
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }
}

fn repository_file(relative: &str) -> String {
    std::fs::read_to_string(repository_root().join(relative)).unwrap()
}

#[test]
fn init_writes_the_course_without_solutions_with_git_and_editor_setup() {
    let course = InitializedCourse::new();
    for file in [
        "info.toml",
        "Cargo.toml",
        "Cargo.lock",
        LIB,
        "support/Cargo.toml",
    ] {
        assert!(course.path(file).is_file(), "init did not write {file}");
    }
    assert_eq!(course.read(LIB), repository_file(LIB));
    assert!(
        !course.path("solutions").exists(),
        "solutions are revealed one by one"
    );

    let manifest = course.read("Cargo.toml");
    assert!(
        !manifest.contains("[package]"),
        "the runner package stays out:\n{manifest}"
    );
    assert!(manifest.contains("[workspace.dependencies"), "{manifest}");

    let gitignore = course.read(".gitignore");
    assert!(gitignore.contains("/target") && gitignore.contains(".backlings-state.toml"));
    assert!(
        course
            .read(".vscode/settings.json")
            .contains("rust-analyzer.cargo.targetDir")
    );
    assert!(
        course
            .read(".vscode/extensions.json")
            .contains("rust-lang.rust-analyzer")
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let parent = tempfile::tempdir().unwrap();
    std::fs::create_dir(parent.path().join("course")).unwrap();
    std::fs::write(parent.path().join("course/notes.txt"), "mine").unwrap();
    run_backlings(parent.path(), &["init", "course"], &[])
        .expect_code(2)
        .expect_stderr("course is not empty; choose a new folder name");
    let kept = std::fs::read_to_string(parent.path().join("course/notes.txt")).unwrap();
    assert_eq!(kept, "mine");
    assert!(!parent.path().join("course/info.toml").exists());
}

#[test]
fn a_solved_exercise_reveals_its_solution_and_only_that_one() {
    let course = InitializedCourse::new();
    course
        .run(&["run"])
        .expect_code(1)
        .expect_stdout("✗ request_line: 12 of 12 tests did not pass.");
    assert!(!course.path("solutions").exists());

    std::fs::write(course.path(LIB), repository_file(SOLUTION)).unwrap();
    course
        .run(&["run"])
        .expect_code(0)
        .expect_stdout(&format!("Compare yours with the solution: {SOLUTION}"));
    assert_eq!(course.read(SOLUTION), repository_file(SOLUTION));
    let revealed: Vec<_> = walk(&course.path("solutions"));
    assert_eq!(
        revealed.len(),
        1,
        "only the solved exercise's solution: {revealed:?}"
    );
}

#[test]
fn reset_restores_one_exercise_after_confirmation() {
    let course = InitializedCourse::new();
    let other = "exercises/01_http/header_fields/src/lib.rs";
    std::fs::write(course.path(LIB), "// my attempt\n").unwrap();
    std::fs::write(
        course.path("exercises/01_http/request_line/src/notes.rs"),
        "// mine",
    )
    .unwrap();
    std::fs::write(course.path(other), "// work on another exercise\n").unwrap();

    course
        .run(&["reset", "request_line"])
        .expect_code(2)
        .expect_stderr("run `backlings reset request_line --yes` to confirm");
    assert_eq!(
        course.read(LIB),
        "// my attempt\n",
        "nothing changes without a yes"
    );

    course
        .run(&["reset", "request_line", "--yes"])
        .expect_code(0)
        .expect_stdout("`request_line` is back to its original state");
    assert_eq!(course.read(LIB), repository_file(LIB));
    assert_eq!(
        course.read("exercises/01_http/request_line/src/notes.rs"),
        "// mine"
    );
    assert_eq!(course.read(other), "// work on another exercise\n");
}

impl InitializedCourse {
    /// Changes the line of info.toml that starts with `key`.
    fn set_info(&self, key: &str, line: &str) {
        let info = self.read("info.toml");
        let changed: Vec<&str> = info
            .lines()
            .map(|l| if l.starts_with(key) { line } else { l })
            .collect();
        std::fs::write(self.path("info.toml"), changed.join("\n")).unwrap();
    }
}

#[test]
fn a_folder_made_for_another_release_of_the_course_is_refused_with_advice() {
    let course = InitializedCourse::new();
    course.set_info("course_version", "course_version = \"1999.01\"");
    course
        .run(&["list"])
        .expect_code(2)
        .expect_stderr("this course folder was made for version 1999.01 of the course")
        .expect_stderr("`backlings init <folder>`");
}

#[test]
fn a_folder_of_another_course_is_refused() {
    let course = InitializedCourse::new();
    course.set_info("course_id", "course_id = \"frontlings\"");
    course
        .run(&["run"])
        .expect_code(2)
        .expect_stderr("this folder holds the course `frontlings`, but this backlings carries the course `backlings`");
}

#[test]
fn reset_refuses_a_course_this_runner_does_not_carry() {
    let course = crate::support::FixtureCourse::new("small");
    course
        .run(&["reset", "first", "--yes"])
        .expect_code(2)
        .expect_stderr("names no `course_id`");
    assert!(
        course
            .read("exercises/t/first/src/lib.rs")
            .contains("todo!")
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

#[test]
fn init_classroom_adds_the_grading_workflow() {
    let parent = tempfile::tempdir().unwrap();
    run_backlings(parent.path(), &["init", "course", "--classroom"], &[])
        .expect_code(0)
        .expect_stdout("BACKLINGS_SOURCE");
    let workflow =
        std::fs::read_to_string(parent.path().join("course/.github/workflows/classroom.yml"))
            .unwrap();
    for text in [
        "backlings grade \"$GITHUB_WORKSPACE\" --format human --format github",
        "classroom-resources/autograding-grading-reporter@v1",
        "BACKLINGS_RESULTS: \"${{ steps.backlings.outputs.result }}\"",
    ] {
        assert!(
            workflow.contains(text),
            "the workflow lacks {text:?}:\n{workflow}"
        );
    }
}
