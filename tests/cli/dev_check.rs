//! `dev check` proves a course sound, and names what makes one unsound.

use crate::support::{FixtureCourse, repository_root, run_backlings};

#[test]
fn names_every_way_a_course_can_be_unsound() {
    let course = FixtureCourse::new("unsound");
    let run = course.run(&["dev", "check"]);
    run.expect_code(1)
        .expect_stdout("4 problems to fix:")
        .expect_stdout("`exercises/t/stray` is an exercise crate that info.toml does not list")
        .expect_stdout(
            "`no_solution` has no solution; put the solved files at solutions/t/no_solution",
        )
        .expect_stdout("`already_solved` passes as shipped, so the learner has nothing to do")
        .expect_stdout("`wrong_solution` does not pass with its solution:")
        .expect_stdout("sent nothing, expected 2")
        .expect_line(
            "✗ wrong_solution",
            "fails as shipped, but does NOT pass with its solution",
        )
        .expect_line("✗ already_solved", "passes as shipped")
        .expect_line("✗ no_solution", "fails as shipped, has no solution");
}

#[test]
fn solutions_are_checked_in_a_copy_and_never_touch_the_exercises() {
    let course = FixtureCourse::new("small");
    let shipped = course.read("exercises/t/first/src/lib.rs");
    course
        .run(&["dev", "check"])
        .expect_code(0)
        .expect_stdout("The course is sound: 3 exercises checked.");
    assert_eq!(course.read("exercises/t/first/src/lib.rs"), shipped);
    // The solved copy shares the course's target dir; its test binaries must not stand in
    // for the learner's own.
    course
        .run(&["run", "first"])
        .expect_code(1)
        .expect_stdout("✗ first: 1 of 1 test did not pass.");
}

#[test]
fn the_real_course_is_sound() {
    let root = repository_root();
    // A target dir of its own, so this run never waits on the build of the test suite itself.
    let target = root.join("target").join("course-check");
    let run = run_backlings(
        &root,
        &["dev", "check"],
        &[
            ("CARGO_TARGET_DIR", target.to_str().unwrap()),
            // The exercises that need PostgreSQL or Redis get throwaway local servers.
            ("BACKLINGS_SERVICE_SOURCES", "environment,local,container"),
        ],
    );
    run.expect_code(0).expect_stdout("The course is sound:");
}
