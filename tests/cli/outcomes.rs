//! Every kind of outcome the engine reports, on the `kinds` fixture.

use crate::support::FixtureCourse;

#[test]
fn verify_reports_every_outcome_kind_in_course_order() {
    let course = FixtureCourse::new("kinds");
    let run = course.run(&["verify"]);
    run.expect_code(1);

    let names: Vec<&str> = run
        .stdout
        .lines()
        .take(9)
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "passes",
            "fails",
            "compile_error",
            "hangs",
            "floods",
            "orphan",
            "exits_early",
            "forges_ok",
            "needs_redis"
        ],
        "verify must print one line per exercise in course order:\n{}",
        run.stdout
    );
    run.expect_line("✓ passes", "3 tests passed")
        .expect_line("✗ fails", "1 of 2 tests failed: doubles_one")
        .expect_line("✗ compile_error", "does not compile")
        .expect_line("⏱ hangs", "timed out after 2 s")
        .expect_line(
            "✗ floods",
            "1 of 1 test failed: prints_three_hundred_megabytes",
        )
        .expect_line("✓ orphan", "1 test passed")
        .expect_line("✗ exits_early", "2 of 2 tests failed")
        .expect_line("✗ forges_ok", "1 of 1 test failed: claims_success")
        .expect_line(
            "– needs_redis",
            "skipped: needs redis, and none could be provided: set BACKLINGS_REDIS_URL",
        )
        .expect_stdout("2 of 9 exercises passed, 3 of 10 points.");
}

#[test]
fn a_failing_test_shows_what_was_sent_expected_and_got() {
    let course = FixtureCourse::new("kinds");
    let run = course.run(&["run", "fails"]);
    run.expect_code(1)
        .expect_stdout("✗ fails: 1 of 2 tests did not pass.")
        .expect_stdout("✗ doubles_one")
        .expect_stdout("sent: 1\n    expected: 2\n    got: 1")
        .expect_stdout("✓ 1 test passed")
        .expect_stdout("Stuck? `backlings hint fails`");
    assert!(
        !run.stdout.contains("doubles_zero"),
        "passing tests are counted, not listed:\n{}",
        run.stdout
    );
}

#[test]
fn a_compile_error_is_shown_as_cargo_renders_it() {
    let course = FixtureCourse::new("kinds");
    let run = course.run(&["run", "compile_error"]);
    run.expect_code(1)
        .expect_stdout("✗ compile_error does not compile yet.")
        .expect_stdout("error[E0308]: mismatched types")
        .expect_stdout("exercises/t/compile_error/src/lib.rs:2:5");
    assert!(
        !run.stdout.contains("\u{1b}["),
        "NO_COLOR output must hold no colour codes"
    );
    assert_eq!(
        run.stdout.matches("mismatched types").count(),
        1,
        "the library is compiled twice (lib and test harness) but its error is shown once:\n{}",
        run.stdout
    );
}

#[test]
fn a_test_that_never_ends_is_stopped_at_the_timeout() {
    let course = FixtureCourse::new("kinds");
    // The loop never ends: this returns only because the runner stops it.
    course.run(&["run", "hangs"]).expect_code(1).expect_stdout(
        "a test ran longer than 2 s and was stopped (still running: returns_quickly)",
    );
}

#[test]
fn hundreds_of_megabytes_of_output_are_capped_and_the_verdict_survives() {
    let course = FixtureCourse::new("kinds");
    let run = course.run(&["run", "floods"]);
    run.expect_code(1)
        .expect_stdout("✗ prints_three_hundred_megabytes")
        .expect_stdout("the flood is over and this message survives it")
        .expect_stdout("The tests printed 299.")
        .expect_stdout("MiB more than the 1.0 MiB of output kept; the middle was cut.");
    assert!(
        run.stdout.len() < 64 * 1024,
        "the flood reached the terminal: {} bytes",
        run.stdout.len()
    );
}

#[test]
fn a_child_process_left_running_is_killed_with_its_group() {
    let course = FixtureCourse::new("kinds");
    course.run(&["run", "orphan"]).expect_code(0);
    let pid = course.read("exercises/t/orphan/orphan.pid");
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Gone, or a zombie waiting for its new parent to reap it: either way no longer running.
    let state = stat
        .rsplit(") ")
        .next()
        .and_then(|rest| rest.chars().next());
    assert!(
        matches!(state, None | Some('Z') | Some('X')),
        "the test's `sleep 600` (pid {pid}) is still running: {stat}"
    );
}

#[test]
fn a_binary_that_exits_before_reporting_every_test_fails() {
    let course = FixtureCourse::new("kinds");
    let run = course.run(&["run", "exits_early"]);
    run.expect_code(1)
        .expect_stdout("exited successfully before 2 of its 2 tests reported a result")
        .expect_stdout("a_stops_the_process (never reported a result)");
}

#[test]
fn a_forged_ok_line_does_not_hide_a_failure() {
    let course = FixtureCourse::new("kinds");
    course
        .run(&["run", "forges_ok"])
        .expect_code(1)
        .expect_stdout("✗ claims_success")
        .expect_stdout("the real result");
}

#[test]
fn a_service_exercise_is_skipped_without_its_server_and_runs_with_it() {
    let course = FixtureCourse::new("kinds");
    course
        .run(&["run", "needs_redis"])
        .expect_code(1)
        .expect_stdout(
            "needs_redis was skipped: it needs redis, and none could be provided: set BACKLINGS_REDIS_URL to a server's URL",
        );
    course
        .run_with(
            &["run", "needs_redis"],
            &[("BACKLINGS_REDIS_URL", "redis://127.0.0.1:6379")],
        )
        .expect_code(0)
        .expect_stdout("✓ needs_redis passed");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_stops_the_running_tests_too() {
    use std::time::{Duration, Instant};

    let course = FixtureCourse::new("kinds");
    let info = course.read("info.toml");
    course.write(
        "info.toml",
        &info.replace("timeout_secs = 2", "timeout_secs = 600"),
    );
    let mut runner = std::process::Command::new(env!("CARGO_BIN_EXE_backlings"))
        .args(["run", "hangs"])
        .current_dir(course.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();

    // Wait, with a deadline, for the endless test binary to be running.
    let binary_marker = course.path().join("target/debug/deps/hangs-");
    let deadline = Instant::now() + Duration::from_secs(120);
    let test_pid = loop {
        if let Some(pid) = processes_running(&binary_marker.to_string_lossy()).first() {
            break *pid;
        }
        assert!(Instant::now() < deadline, "the hanging test never started");
        std::thread::sleep(Duration::from_millis(20));
    };

    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &runner.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = runner.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(130),
        "an interrupted runner exits with 130"
    );
    // SIGKILL is delivered at once, but the kernel may take a moment to tear a process down.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_running(&binary_marker.to_string_lossy()).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the test binary (pid {test_pid}) outlived the interrupted runner"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Pids of live (not zombie) processes whose command line holds `marker`.
#[cfg(target_os = "linux")]
fn processes_running(marker: &str) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat
            .rsplit(") ")
            .next()
            .is_some_and(|rest| rest.starts_with('Z'));
        if !zombie && String::from_utf8_lossy(&cmdline).contains(marker) {
            pids.push(pid);
        }
    }
    pids
}
