//! The progress file: fresh starts, moving on after a pass, and damaged files.

use crate::support::FixtureCourse;

const STATE: &str = ".backlings-state.toml";

#[test]
fn solving_the_current_exercise_marks_it_done_and_moves_on() {
    let course = FixtureCourse::new("small");
    course.solve("first");
    course
        .run(&["run"])
        .expect_code(0)
        .expect_stdout("✓ first passed: 1 test ok.")
        .expect_stdout("Next: second in exercises/t/second/src/lib.rs.");
    let state = course.read(STATE);
    assert!(
        state.contains("current = \"second\"") && state.contains("done = [\"first\"]"),
        "{state}"
    );

    course
        .run(&["list"])
        .expect_line("      1", "first     basics  done")
        .expect_line("  >   2", "second    basics  pending");
}

#[test]
fn solving_the_last_exercise_shows_the_final_message() {
    let course = FixtureCourse::new("small");
    for name in ["first", "second", "third"] {
        course.solve(name);
        course.run(&["run"]).expect_code(0);
    }
    let state = course.read(STATE);
    assert!(
        state.contains("done = [\"first\", \"second\", \"third\"]"),
        "{state}"
    );
    assert!(!state.contains("current"), "{state}");
}

#[test]
fn the_last_pass_prints_the_courses_final_message() {
    let course = FixtureCourse::new("small");
    course.write(
        STATE,
        "format_version = 1\ncurrent = \"third\"\ndone = [\"first\", \"second\"]\n",
    );
    course.solve("third");
    course
        .run(&["run"])
        .expect_code(0)
        .expect_stdout("You finished the small course.");
}

#[test]
fn a_failing_run_of_a_done_exercise_marks_it_pending_again() {
    let course = FixtureCourse::new("small");
    course.write(STATE, "format_version = 1\ndone = [\"first\"]\n");
    course.run(&["run", "first"]).expect_code(1);
    assert!(
        course.read(STATE).contains("done = []"),
        "{}",
        course.read(STATE)
    );
}

#[test]
fn a_corrupt_progress_file_is_reported_and_kept() {
    let course = FixtureCourse::new("small");
    let damaged = "format_version = 1\ndone = [\"first\"\n";
    course.write(STATE, damaged);
    for command in ["run", "list", "verify"] {
        course
            .run(&[command])
            .expect_code(2)
            .expect_stderr(".backlings-state.toml:2:")
            .expect_stderr("your progress file is damaged")
            .expect_stderr("delete the file to start your progress over (your code is kept)");
    }
    assert_eq!(
        course.read(STATE),
        damaged,
        "the damaged file must not be rewritten"
    );
}

#[test]
fn a_progress_file_from_an_unknown_version_is_refused() {
    let course = FixtureCourse::new("small");
    course.write(STATE, "format_version = 2\n");
    course
        .run(&["list"])
        .expect_code(2)
        .expect_stderr("format_version 2, which this backlings does not read");
}
