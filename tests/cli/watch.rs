//! Watch mode, driven at a pseudo-terminal: every way an editor saves starts exactly one
//! run, keys move through the course, and the terminal is restored on every way out.

use crate::support::{FixtureCourse, run_backlings};
use crate::terminal::TerminalSession;

const LIB: &str = "exercises/t/first/src/lib.rs";
const STARTED: &str = "Testing first...";
/// The key help closes every drawn screen.
const DRAWN: &str = "q quit";

fn watch(course: &FixtureCourse, args: &[&str]) -> TerminalSession {
    let target = course.path().join("target");
    TerminalSession::start(course.path(), args, &target)
}

/// A watch session on the `small` course whose first verdict is on screen.
fn watching_first() -> (FixtureCourse, TerminalSession) {
    let course = FixtureCourse::new("small");
    let session = watch(&course, &[]);
    session.wait_for("✗ first: 1 of 1 test did not pass.");
    session.wait_for(DRAWN);
    (course, session)
}

/// The learner's file with a change that keeps it failing.
fn edited(version: u32) -> String {
    format!(
        "//! Return the number of letters in `word`.\n\npub fn letters(word: &str) -> usize {{\n    let _ = word;\n    todo!(\"count the letters (edit {version})\")\n}}\n"
    )
}

#[test]
fn without_a_terminal_watch_points_at_run_and_verify() {
    let course = FixtureCourse::new("small");
    for args in [&[][..], &["watch"][..]] {
        run_backlings(course.path(), args, &[])
            .expect_code(2)
            .expect_stderr("watch mode needs a terminal")
            .expect_stderr("`backlings run`")
            .expect_stderr("`backlings verify`");
    }
}

#[test]
fn starts_on_the_current_exercise_with_progress_and_its_file() {
    let (_course, session) = watching_first();
    let screen = session.output();
    for text in [
        "Welcome to the small course.",
        "0/3 done",
        "not yet implemented: count the letters",
        "Current exercise: exercises/t/first/src/lib.rs",
        "n next · h hint · l list · r rerun · c check all · x reset · q quit",
    ] {
        assert!(
            screen.contains(text),
            "expected {text:?} on screen:\n{screen}"
        );
    }
}

#[test]
fn each_way_of_saving_starts_exactly_one_run() {
    let (course, session) = watching_first();
    let lib = course.path().join(LIB);

    // In place, as most editors do.
    std::fs::write(&lib, edited(1)).unwrap();
    session.wait_for("(edit 1)");
    session.expect_count_stays(STARTED, 2);

    // A temporary file renamed over the original (vim, JetBrains).
    let temp = lib.with_file_name("lib.rs___jb_tmp___");
    std::fs::write(&temp, edited(2)).unwrap();
    std::fs::rename(&temp, &lib).unwrap();
    session.wait_for("(edit 2)");
    session.expect_count_stays(STARTED, 3);

    // Deleted, then created again.
    std::fs::remove_file(&lib).unwrap();
    std::fs::write(&lib, edited(3)).unwrap();
    session.wait_for("(edit 3)");
    session.expect_count_stays(STARTED, 4);

    // A burst of saves.
    for version in 4..9 {
        std::fs::write(&lib, edited(version)).unwrap();
    }
    session.wait_for("(edit 8)");
    session.expect_count_stays(STARTED, 5);
}

#[test]
fn other_files_swap_files_and_build_output_start_no_run() {
    let (course, session) = watching_first();
    course.write("exercises/t/first/src/.lib.rs.swp", "swap");
    course.write("exercises/t/first/src/lib.rs~", "backup");
    course.write("exercises/t/first/src/4913", "");
    course.write("exercises/t/first/target/debug/out", "build output");
    course.write("exercises/t/second/src/lib.rs", "pub fn letters() {}");
    course.write("notes.txt", "mine");
    session.expect_count_stays(STARTED, 1);
}

#[test]
fn a_save_during_a_run_gives_exactly_one_more_run() {
    let (course, session) = watching_first();
    // A test that says when it has started (in the course root, outside the watched
    // crate; tests run in their crate's folder), then takes its time.
    let slow = "pub fn letters(word: &str) -> usize {\n    std::fs::write(\"../../../test-started\", \"\").unwrap();\n    std::thread::sleep(std::time::Duration::from_millis(1500));\n    word.len() + 1\n}\n";
    course.write(LIB, slow);
    session.wait_for_count(STARTED, 2);
    session.wait_for_file(&course.path().join("test-started"));
    // Two saves arrive while that test runs.
    course.write(LIB, &format!("{slow}// saved again\n"));
    course.write(LIB, &format!("{slow}// and again\n"));
    session.wait_for_count(STARTED, 3);
    session.wait_for_count(DRAWN, 3);
    session.expect_count_stays(STARTED, 3);
}

#[test]
fn a_pass_is_recorded_and_n_moves_to_the_next_exercise() {
    let (course, mut session) = watching_first();
    course.solve("first");
    session.wait_for("✓ first passed: 1 test ok.");
    session.wait_for("Compare yours with the solution: solutions/t/first/src/lib.rs");
    session.wait_for("Press n for the next exercise, second.");
    assert!(course.read(".backlings-state.toml").contains("\"first\""));

    session.press("n");
    session.wait_for("Testing second...");
    session.wait_for("✗ second: 1 of 1 test did not pass.");
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    assert!(
        course
            .read(".backlings-state.toml")
            .contains("current = \"second\"")
    );
}

#[test]
fn n_refuses_to_skip_an_unsolved_exercise() {
    let (_course, mut session) = watching_first();
    session.press("n");
    session.wait_for("`first` is not done yet: its tests must pass first");
    assert_eq!(session.count("Testing second..."), 0);
}

#[test]
fn auto_next_moves_on_by_itself() {
    let course = FixtureCourse::new("small");
    let session = watch(&course, &["watch", "--auto-next"]);
    session.wait_for("✗ first: 1 of 1 test did not pass.");
    course.solve("first");
    session.wait_for("Testing second...");
}

#[test]
fn the_last_pass_checks_everything_and_shows_the_final_message() {
    let course = FixtureCourse::new("small");
    course.solve("first");
    course.solve("second");
    course.write(
        ".backlings-state.toml",
        "format_version = 1\ncurrent = \"third\"\ndone = [\"first\", \"second\"]\n",
    );
    let session = watch(&course, &[]);
    session.wait_for("✗ third: 1 of 1 test did not pass.");
    course.solve("third");
    session.wait_for("Checking every exercise once more");
    session.wait_for("3 of 3 exercises passed");
    session.wait_for("You finished the small course.");
}

#[test]
fn keys_show_the_hint_and_rerun() {
    let (_course, mut session) = watching_first();
    session.press("h");
    session.wait_for("Count with chars().");
    session.press("r");
    session.wait_for_count(STARTED, 2);
}

#[test]
fn the_list_jumps_to_the_chosen_exercise() {
    let (_course, mut session) = watching_first();
    session.press("l");
    session.wait_for("showing all");
    // Down to `second`, then search narrows to `third`, and enter starts it.
    session.press("\x1b[B");
    session.press("/thi\r");
    session.wait_for("search: thi");
    session.press("\r");
    session.wait_for("Testing third...");
    session.wait_for("✗ third: 1 of 1 test did not pass.");
}

#[test]
fn reset_asks_first_and_keeps_the_files_on_no() {
    let (course, mut session) = watching_first();
    course.write(LIB, &edited(1));
    session.wait_for("(edit 1)");
    session.press("x");
    session.wait_for("Reset `first` to its original files?");
    session.press("n");
    session.wait_for("Nothing was reset.");
    assert!(course.read(LIB).contains("(edit 1)"));
}

#[test]
fn quitting_restores_the_terminal() {
    let (_course, mut session) = watching_first();
    assert!(!session.terminal_restored(), "watch reads single keys");
    session.press("q");
    assert_eq!(session.wait_exit(), 0);
    assert!(session.terminal_restored());
}

#[test]
fn ctrl_c_restores_the_terminal() {
    let (_course, mut session) = watching_first();
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(session.pid()),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    assert_eq!(session.wait_exit(), 130);
    assert!(session.terminal_restored());
}
