//! A broken exercise `Cargo.toml` fails only its own exercise; the others still run.

use crate::support::FixtureCourse;

#[test]
fn a_manifest_with_broken_syntax_fails_only_its_exercise() {
    let course = FixtureCourse::new("small");
    course.solve("first");
    course.write(
        "exercises/t/second/Cargo.toml",
        "[package\nname = \"second\"\n",
    );
    let run = course.run(&["verify"]);
    run.expect_code(1);
    assert!(
        run.line_starting("✓ first").contains("1 test passed"),
        "{}",
        run.stdout
    );
    assert!(
        run.line_starting("✗ second").contains("does not compile"),
        "{}",
        run.stdout
    );
    assert!(
        run.line_starting("✗ third").contains("1 of 1 test failed"),
        "{}",
        run.stdout
    );

    course
        .run(&["run", "second"])
        .expect_code(1)
        .expect_stdout("exercises/t/second/Cargo.toml:1:")
        .expect_stdout("this Cargo.toml is not valid TOML");
}

#[test]
fn a_manifest_cargo_rejects_fails_only_its_exercise_with_cargos_message() {
    let course = FixtureCourse::new("small");
    course.solve("first");
    let manifest = course.read("exercises/t/second/Cargo.toml");
    course.write(
        "exercises/t/second/Cargo.toml",
        &manifest.replace("edition = \"2024\"", "edition = \"2077\""),
    );
    let run = course.run(&["verify"]);
    run.expect_code(1);
    assert!(
        run.line_starting("✓ first").contains("passed"),
        "{}",
        run.stdout
    );
    assert!(
        run.line_starting("✗ second").contains("does not compile"),
        "{}",
        run.stdout
    );
    assert!(
        run.line_starting("✗ third").contains("1 of 1 test failed"),
        "{}",
        run.stdout
    );

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
