//! A malformed or mistyped `info.toml` gets one sentence per mistake: file, line, column, fix.

use crate::support::FixtureCourse;

const VALID: &str = r#"format_version = 1

[[exercises]]
name = "first"
dir = "exercises/t/first"
hint = "Count with chars()."

[[exercises]]
name = "second"
dir = "exercises/t/second"
hint = "Same as the first."
"#;

/// Writes `info` as the course file and expects `list` to refuse it with `message`, which
/// names the file as seen from the course folder.
#[track_caller]
fn refused_with(info: &str, message: &str) {
    let course = FixtureCourse::new("small");
    course.write("info.toml", info);
    let run = course.run(&["list"]);
    run.expect_code(2).expect_stderr(message);
    assert!(
        run.stdout.is_empty(),
        "nothing but the error is printed:\n{}",
        run.stdout
    );
}

#[test]
fn the_valid_base_is_accepted() {
    let course = FixtureCourse::new("small");
    course.write("info.toml", VALID);
    course.run(&["list"]).expect_code(0);
}

#[test]
fn malformed_toml() {
    refused_with(
        &VALID.replace("name = \"second\"", "name = \"second"),
        "info.toml:9:15: invalid basic string, expected `\"`; fix the TOML syntax here",
    );
}

#[test]
fn a_mistyped_key() {
    refused_with(
        &VALID.replace("hint = \"Same", "hnit = \"Same"),
        "info.toml:11:1: unknown field `hnit`, expected one of",
    );
    refused_with(
        &VALID.replace("hint = \"Same", "hnit = \"Same"),
        "check the key's spelling against the ones listed",
    );
}

#[test]
fn a_missing_key() {
    refused_with(
        &VALID.replace("hint = \"Same as the first.\"\n", ""),
        "missing field `hint`",
    );
}

#[test]
fn a_value_of_the_wrong_type() {
    refused_with(
        &VALID.replace("name = \"first\"", "name = \"first\"\npoints = \"ten\""),
        "info.toml:5:10: invalid type: string \"ten\", expected u32",
    );
}

#[test]
fn a_dir_that_does_not_exist() {
    refused_with(
        &VALID.replace("exercises/t/second", "exercises/t/secnd"),
        "info.toml:10:7: exercise `second` names dir `exercises/t/secnd` which does not exist; create the exercise crate there or fix the path",
    );
}

#[test]
fn a_duplicate_name() {
    refused_with(
        &VALID.replace("name = \"second\"", "name = \"first\""),
        "info.toml:9:8: exercise name `first` is used twice (first on line 4); give each exercise its own name",
    );
}

#[test]
fn an_empty_hint() {
    refused_with(
        &VALID.replace("Same as the first.", "  "),
        "info.toml:11:8: exercise `second` has an empty hint",
    );
}

#[test]
fn a_missing_or_unknown_format_version() {
    refused_with(
        &VALID.replace("format_version = 1\n", ""),
        "info.toml:1:1: `format_version` is missing; add `format_version = 1`",
    );
    refused_with(
        &VALID.replace("format_version = 1", "format_version = 3"),
        "newer than this backlings reads",
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let course = FixtureCourse::new("small");
    course.write(
        "info.toml",
        &VALID
            .replace("exercises/t/second", "exercises/t/nope")
            .replace("Count with chars().", ""),
    );
    let run = course.run(&["list"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.lines().count(),
        2,
        "one line per mistake:\n{}",
        run.stderr
    );
}
