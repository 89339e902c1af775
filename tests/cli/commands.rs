//! `run`, `hint` and `list` on the `small` fixture, and what they say about bad input.

use crate::support::FixtureCourse;

#[test]
fn list_shows_order_name_topic_status_and_the_current_exercise() {
    let course = FixtureCourse::new("small");
    let run = course.run(&["list"]);
    run.expect_code(0)
        .expect_line("  >   1", "first     basics  pending")
        .expect_line("      2", "second    basics  pending")
        .expect_line("      3", "third     more    pending")
        .expect_stdout("0 of 3 done.");
}

#[test]
fn hint_shows_the_current_exercise_or_the_named_one() {
    let course = FixtureCourse::new("small");
    course
        .run(&["hint"])
        .expect_code(0)
        .expect_stdout("Hint for first")
        .expect_stdout("Count with chars().");
    course
        .run(&["hint", "third"])
        .expect_code(0)
        .expect_stdout("Same again.");
}

#[test]
fn an_unknown_name_suggests_the_closest_ones() {
    let course = FixtureCourse::new("small");
    for command in ["run", "hint"] {
        course
            .run(&[command, "secnd"])
            .expect_code(2)
            .expect_stderr("there is no exercise named `secnd`; did you mean `second`? (`backlings list` shows them all)");
    }
}

#[test]
fn the_first_run_welcomes_the_learner_and_shows_the_failing_test() {
    let course = FixtureCourse::new("small");
    let run = course.run(&["run"]);
    run.expect_code(1)
        .expect_stdout("Welcome to the small course.")
        .expect_stdout("✗ first: 1 of 1 test did not pass.")
        .expect_stdout("not yet implemented: count the letters")
        .expect_stdout("Edit exercises/t/first/src/lib.rs and run again.");
    // The welcome is for the first visit only.
    let again = course.run(&["run"]);
    assert!(!again.stdout.contains("Welcome"), "{}", again.stdout);
}

#[test]
fn outside_a_course_the_runner_says_where_to_run_it() {
    let empty = tempfile::tempdir().unwrap();
    crate::support::run_backlings(empty.path(), &["list"], &[])
        .expect_code(2)
        .expect_stderr("no `info.toml` in")
        .expect_stderr("run backlings inside a course folder");
}

#[test]
fn verify_exits_zero_when_every_exercise_passes() {
    let course = FixtureCourse::new("small");
    for name in ["first", "second", "third"] {
        course.solve(name);
    }
    course
        .run(&["verify"])
        .expect_code(0)
        .expect_stdout("3 of 3 exercises passed, 3 of 3 points.");
    course.run(&["list"]).expect_stdout("3 of 3 done.");
}

#[test]
fn verify_exits_two_when_the_run_itself_cannot_be_done() {
    let course = FixtureCourse::new("small");
    course
        .run_with(&["verify"], &[("CARGO", "/nonexistent/cargo")])
        .expect_code(2)
        .expect_stderr("cannot start `/nonexistent/cargo`; is Rust installed (https://rustup.rs)?");
}
