//! A broken exercise `Cargo.toml` fails only its own exercise; the others still run.

use crate::support::FixtureCourse;

/// The small course with `first` solved and `second`'s manifest replaced by `manifest`.
fn course_with_second_manifest(manifest: impl FnOnce(&str) -> String) -> FixtureCourse {
    let course = FixtureCourse::new("small");
    course.solve("first");
    let original = course.read("exercises/t/second/Cargo.toml");
    course.write("exercises/t/second/Cargo.toml", &manifest(&original));
    course
}

#[track_caller]
fn verify_fails_only_second(course: &FixtureCourse) {
    course
        .run(&["verify"])
        .expect_code(1)
        .expect_line("✓ first", "1 test passed")
        .expect_line("✗ second", "does not compile")
        .expect_line("✗ third", "1 of 1 test failed");
}

#[test]
fn a_manifest_with_broken_syntax_fails_only_its_exercise() {
    let course = course_with_second_manifest(|_| "[package\nname = \"second\"\n".into());
    verify_fails_only_second(&course);
    course
        .run(&["run", "second"])
        .expect_code(1)
        .expect_stdout("exercises/t/second/Cargo.toml:1:")
        .expect_stdout("this Cargo.toml is not valid TOML");
}

#[test]
fn a_manifest_cargo_rejects_fails_only_its_exercise_with_cargos_message() {
    let course =
        course_with_second_manifest(|m| m.replace("edition = \"2024\"", "edition = \"2077\""));
    verify_fails_only_second(&course);
    course
        .run(&["run", "second"])
        .expect_code(1)
        .expect_stdout("failed to load manifest for workspace member")
        .expect_stdout("2077");
}

#[test]
fn a_broken_manifest_does_not_stop_another_exercise_from_running() {
    let course = FixtureCourse::new("small");
    course.solve("first");
    course.write("exercises/t/third/Cargo.toml", "not toml at all");
    course
        .run(&["run", "first"])
        .expect_code(0)
        .expect_stdout("✓ first passed");
}
