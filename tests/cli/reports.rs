//! Reports for machines: every format at once on a course with every kind of outcome,
//! pinned by snapshots and read back; and grading, which trusts only the learner's files.

use std::path::Path;

use base64::Engine as _;
use serde_json::Value;

use crate::support::{FixtureCourse, Run, repository_root};

fn verify_every_format(course: &FixtureCourse) -> Run {
    let summary = course.path().join("summary.md");
    let output = course.path().join("github-output.txt");
    course.run_with(
        &[
            "verify",
            "--format",
            "human",
            "--format",
            "json=reports/report.json",
            "--format",
            "junit=reports/junit.xml",
            "--format",
            "tap=reports/report.tap",
            "--format",
            "github",
        ],
        &[
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    )
}

#[test]
fn verify_writes_every_format_at_once() {
    let course = FixtureCourse::new("kinds");
    let run = verify_every_format(&course);
    run.expect_code(1);

    // What changes from run to run: durations, thread ids, the random token.
    let filters = |snapshot: &str, text: &str| {
        insta::with_settings!({
            filters => vec![
                (r"thread '([^']+)' \(\d+\)", "thread '$1' (ID)"),
                (r#"time="[0-9.]+""#, r#"time="T""#),
                (r#""duration_ms": \d+"#, r#""duration_ms": 0"#),
                (r"[0-9a-f]{32}", "TOKEN"),
                (r"\d+\.\d\ds\b", "T"),
            ],
        }, {
            insta::assert_snapshot!(snapshot, text);
        });
    };
    filters("json", &course.read("reports/report.json"));
    filters("junit", &course.read("reports/junit.xml"));
    filters("tap", &course.read("reports/report.tap"));
    filters("github_stdout", &run.stdout);
    filters("github_step_summary", &course.read("summary.md"));
}

#[test]
fn the_json_report_follows_its_schema_and_the_classroom_result_adds_up() {
    let course = FixtureCourse::new("kinds");
    verify_every_format(&course).expect_code(1);
    let report: Value = serde_json::from_str(&course.read("reports/report.json")).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repository_root().join("schema/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the report breaks its schema: {errors:#?}"
    );
    assert_eq!(
        (report["score"].as_u64(), report["max_score"].as_u64()),
        (Some(3), Some(10))
    );

    let output = course.read("github-output.txt");
    let encoded = output
        .trim()
        .strip_prefix("result=")
        .expect("a result= line");
    let classroom: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap(),
    )
    .unwrap();
    let scores: u64 = classroom["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["score"].as_u64().unwrap())
        .sum();
    assert_eq!((scores, classroom["max_score"].as_u64()), (3, Some(10)));
}

#[test]
fn the_junit_report_is_well_formed_xml_with_errors_for_builds_and_timeouts() {
    let course = FixtureCourse::new("kinds");
    verify_every_format(&course).expect_code(1);
    let xml = course.read("reports/junit.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut errors) = (Vec::new(), Vec::new());
    let mut suite = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let attribute = |name: &[u8]| {
                    e.try_get_attribute(name).unwrap().map(|a| {
                        a.decoded_and_normalized_value(
                            quick_xml::XmlVersion::Explicit1_0,
                            reader.decoder(),
                        )
                        .unwrap()
                        .into_owned()
                    })
                };
                match e.name().as_ref() {
                    b"testsuite" => {
                        suite = attribute(b"name").unwrap();
                        suites.push(suite.clone());
                    }
                    b"error" => errors.push(suite.clone()),
                    _ => {}
                }
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("the JUnit report is not well-formed XML: {e}\n{xml}"),
        }
    }
    assert_eq!(suites.len(), 9, "one testsuite per exercise: {suites:?}");
    for exercise in ["compile_error", "hangs", "exits_early"] {
        assert!(
            errors.contains(&exercise.to_string()),
            "{exercise} should have an <error>: {errors:?}"
        );
    }
}

#[test]
fn learner_output_cannot_issue_workflow_commands() {
    let course = FixtureCourse::new("small");
    course.write(
        "exercises/t/first/src/lib.rs",
        "pub fn letters(_: &str) -> usize {\n    println!(\"::error file=README.md::forged\");\n    panic!(\"::add-mask::secret\\n::error::forged too\");\n}\n",
    );
    let run = course.run(&["verify", "--format", "human", "--format", "github"]);
    run.expect_code(1);
    let stop = run
        .stdout
        .lines()
        .position(|l| l.starts_with("::stop-commands::"))
        .expect("commands are stopped before anything a learner printed");
    let token = run
        .stdout
        .lines()
        .nth(stop)
        .unwrap()
        .trim_start_matches("::stop-commands::");
    let resume = run
        .stdout
        .lines()
        .position(|l| l == format!("::{token}::"))
        .expect("commands are resumed after it");
    for (number, line) in run.stdout.lines().enumerate() {
        let forged = line.starts_with("::add-mask::")
            || line.starts_with("::error file=README.md")
            || line.starts_with("::error::forged");
        assert!(
            !forged || (stop < number && number < resume),
            "line {number} could act as a workflow command: {line}\n{}",
            run.stdout
        );
    }
    // In an annotation of ours, the learner's text is data on one line.
    assert!(
        run.stdout
            .contains("::add-mask::secret%0A::error::forged too"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_score_is_deterministic() {
    let course = FixtureCourse::new("small");
    course.solve("second");
    let score = || {
        course.run(&["verify", "--format", "json=-"]).expect_code(1);
        let run = course.run(&["verify", "--format", "json=-"]);
        let mut report: Value = serde_json::from_str(&run.stdout).unwrap();
        for exercise in report["exercises"].as_array_mut().unwrap() {
            exercise["duration_ms"] = Value::from(0);
        }
        report
    };
    let first = score();
    assert_eq!(first, score());
    assert_eq!(first["score"], 1);
}

#[test]
fn bad_formats_get_one_sentence() {
    let course = FixtureCourse::new("small");
    course
        .run(&["verify", "--format", "xml"])
        .expect_code(2)
        .expect_stderr("`xml` is not a report format; use human, json, junit, tap or github");
    course
        .run(&["verify", "--format", "json=-", "--format", "tap"])
        .expect_code(2)
        .expect_stderr("only one of human, json, junit and tap can write to stdout");
}

/// A submission: a copy of the `graded` course as a learner left it.
fn submission(parent: &Path, name: &str, prepare: impl FnOnce(&FixtureCourse)) {
    let learner = FixtureCourse::new("graded");
    prepare(&learner);
    copy_dir(learner.path(), &parent.join(name));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Three submissions of the `graded` course: honest, tampered with a test, tampered with
/// a manifest, a deleted test and a cargo config.
fn class() -> (FixtureCourse, tempfile::TempDir) {
    let course = FixtureCourse::new("graded");
    let class = tempfile::tempdir().unwrap();
    submission(class.path(), "alice", |s| {
        for name in ["first", "second", "third"] {
            s.solve(name);
        }
    });
    submission(class.path(), "bob", |s| {
        s.write(
            "exercises/t/first/tests/first.rs",
            "#[test]\nfn counts_letters_of_a_word() {\n    assert!(true);\n}\n",
        );
        s.solve("second");
    });
    submission(class.path(), "carol", |s| {
        s.solve("second");
        s.solve("third");
        std::fs::remove_file(s.path().join("exercises/t/second/tests/second.rs")).unwrap();
        let manifest = s.read("exercises/t/third/Cargo.toml");
        s.write(
            "exercises/t/third/Cargo.toml",
            &format!("{manifest}\n[dependencies]\nnowhere = {{ path = \"../../../nowhere\" }}\n"),
        );
        s.write(
            ".cargo/config.toml",
            "[build]\nrustflags = [\"--cfg\", \"cheat\"]\n",
        );
    });
    (course, class)
}

fn grade(course: &FixtureCourse, class: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["grade".to_string()];
    for name in ["alice", "bob", "carol"] {
        args.push(class.join(name).to_string_lossy().into_owned());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    course.run(&args)
}

fn submissions(report: &Value) -> Vec<(String, u64, Vec<String>)> {
    report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let changes = s["protected_changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        c["path"].as_str().unwrap(),
                        c["change"].as_str().unwrap()
                    )
                })
                .collect();
            (
                s["submission"].as_str().unwrap().to_string(),
                s["score"].as_u64().unwrap(),
                changes,
            )
        })
        .collect()
}

#[test]
fn grading_trusts_only_the_learner_files_and_reports_tampering() {
    let (course, class) = class();
    let run = grade(
        &course,
        class.path(),
        &["--format", "human", "--format", "json=grade.json"],
    );
    run.expect_code(1)
        .expect_stdout("alice  6 of 6 points")
        .expect_stdout("bob  2 of 6 points")
        .expect_stdout("carol  5 of 6 points")
        .expect_stdout("changed 1 file the learner may not change");
    let report: Value = serde_json::from_str(&course.read("grade.json")).unwrap();
    assert_eq!(
        submissions(&report),
        [
            ("alice".to_string(), 6, vec![]),
            (
                "bob".to_string(),
                2,
                vec!["exercises/t/first/tests/first.rs modified".to_string()]
            ),
            (
                "carol".to_string(),
                5,
                vec![
                    ".cargo/config.toml added".to_string(),
                    "exercises/t/second/tests/second.rs removed".to_string(),
                    "exercises/t/third/Cargo.toml modified".to_string(),
                ]
            ),
        ]
    );

    // One build cache for the class: the shared dependency compiled once for all three.
    let deps = course.path().join("target/debug/deps");
    let tally: Vec<_> = std::fs::read_dir(&deps)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("libtally-") && name.ends_with(".rlib"))
        .collect();
    assert_eq!(
        tally.len(),
        1,
        "the shared dependency compiled more than once: {tally:?}"
    );
}

#[test]
fn shards_split_the_class_and_merge_joins_them_back() {
    let (course, class) = class();
    grade(
        &course,
        class.path(),
        &["--shard", "1/2", "--format", "json=one.json"],
    );
    grade(
        &course,
        class.path(),
        &["--shard", "2/2", "--format", "json=two.json"],
    );
    let one: Value = serde_json::from_str(&course.read("one.json")).unwrap();
    let two: Value = serde_json::from_str(&course.read("two.json")).unwrap();
    assert_eq!(submissions(&one).len() + submissions(&two).len(), 3);

    course
        .run(&[
            "report", "merge", "two.json", "one.json", "--output", "all.json",
        ])
        .expect_code(0);
    let merged: Value = serde_json::from_str(&course.read("all.json")).unwrap();
    let names: Vec<String> = submissions(&merged).into_iter().map(|s| s.0).collect();
    assert_eq!(names, ["alice", "bob", "carol"]);
    course
        .run(&["report", "merge", "one.json", "one.json"])
        .expect_code(2)
        .expect_stderr("is in more than one report");
}
