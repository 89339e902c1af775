//! `backlings verify` over the whole course, warm, against the two other ways to test every
//! exercise: one `cargo test -p` per exercise in sequence, and the floor, one
//! `cargo build --tests` of all exercises plus running their test binaries in parallel.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use cargo_metadata::{Message, TargetKind};

use crate::course_copy::{CourseFolder, ExerciseCrate};
use crate::measurement::{Budget, Measurement, Relation, Series, Unit};
use crate::tools::{Tools, check_cargo_test, last_lines, runner_verdict, timed};

/// verify may take at most this many times the floor.
const FLOOR_BUDGET: f64 = 1.2;
/// verify must be at least this many times faster than one cargo invocation per exercise.
const SEQUENTIAL_BUDGET: f64 = 3.0;

pub fn measure(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    rounds: usize,
) -> Result<[Measurement; 2]> {
    let mut verify = Vec::new();
    let mut sequential = Vec::new();
    let mut floor = Vec::new();
    let mut all_passed = true;
    // Units cargo compiled in timed rounds: none when the builds are as warm as meant.
    let mut compiled = 0;
    eprintln!(
        "verify: a first round builds every exercise and is not timed ({} exercises)...",
        course.exercises.len()
    );
    // Round 0 warms the target dir for all three; the rounds after it run on the same,
    // unchanged files, so each side finds everything built.
    for round in 0..=rounds {
        let (runner_took, passed) = run_verify(tools, course, target_dir)?;
        let (sequential_took, sequential_compiled) = run_sequential(tools, course, target_dir)?;
        let (floor_took, floor_compiled) = run_floor(tools, course, target_dir)?;
        all_passed &= passed;
        if round > 0 {
            compiled += sequential_compiled + floor_compiled;
            eprintln!(
                "verify: round {round} of {rounds}: verify {:.2} s, cargo test -p each {:.2} s, floor {:.2} s",
                runner_took.as_secs_f64(),
                sequential_took.as_secs_f64(),
                floor_took.as_secs_f64()
            );
            verify.push(runner_took.as_secs_f64());
            sequential.push(sequential_took.as_secs_f64());
            floor.push(floor_took.as_secs_f64());
        }
    }

    if compiled > 0 {
        eprintln!(
            "verify: warning: cargo compiled {compiled} units during the timed rounds, where \
             everything should have been built; builds of one exercise and of all of them \
             seem to need different dependency builds"
        );
    }
    let state = format!(
        "the solved course ({} exercises, {}; {}), warm: everything built once before timing",
        course.exercises.len(),
        if all_passed {
            "all passing"
        } else {
            "NOT all passing"
        },
        tools.servers.describe()
    );
    let against_floor = Measurement::new(
        "verify_vs_floor",
        "verify vs floor (build + run)",
        Unit::S,
        Series::new("backlings verify", verify.clone()),
    )
    .compared_with(
        Series::new(
            "cargo build --tests -p ... + test binaries in parallel",
            floor,
        ),
        Relation::Ratio,
    )
    .budget(Budget::RatioAtMost(FLOOR_BUDGET))
    .note(format!(
        "{state}; the floor is one `cargo build --tests` of every exercise, then every test \
         binary run in its crate's folder, as many at once as there are cores"
    ))
    .detail("all_passed", all_passed)
    .detail("units_compiled_while_timed", compiled);
    let against_sequential = Measurement::new(
        "verify_vs_sequential",
        "verify vs cargo test -p each",
        Unit::S,
        Series::new("backlings verify", verify),
    )
    .compared_with(
        Series::new("cargo test -p X, one exercise after another", sequential),
        Relation::Faster,
    )
    .budget(Budget::FasterAtLeast(SEQUENTIAL_BUDGET))
    .note(format!(
        "{state}; one `cargo test -p` per exercise in course order"
    ))
    .detail("all_passed", all_passed)
    .detail("units_compiled_while_timed", compiled);
    Ok([against_floor, against_sequential])
}

/// Times `backlings verify` in `course`; says whether every exercise passed.
pub fn run_verify(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
) -> Result<(Duration, bool)> {
    let mut command = tools.backlings(&course.root, target_dir);
    command.arg("verify");
    let (took, output) = timed(&mut command, "`backlings verify`")?;
    let passed = runner_verdict(&output, "`backlings verify`")?;
    Ok((took, passed))
}

/// Times one `cargo test -p` per exercise; says how many units cargo compiled.
fn run_sequential(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
) -> Result<(Duration, usize)> {
    let started = Instant::now();
    let mut compiled = 0;
    for exercise in &course.exercises {
        let what = format!("`cargo test -p {}`", exercise.package);
        let mut command = tools.cargo(&course.root, target_dir);
        command
            .args(["test", "-p", &exercise.package])
            .envs(tools.server_env(exercise));
        let (_, output) = timed(&mut command, &what)?;
        check_cargo_test(&output, &what)?;
        compiled += String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|line| line.trim_start().starts_with("Compiling "))
            .count();
    }
    Ok((started.elapsed(), compiled))
}

/// A test executable cargo built, and the crate folder it runs in.
struct TestBinary {
    executable: PathBuf,
    crate_dir: PathBuf,
    /// The servers its exercise needs, as the runner would hand them.
    env: Vec<(&'static str, String)>,
}

/// Times the floor; says how many units cargo compiled.
fn run_floor(tools: &Tools, course: &CourseFolder, target_dir: &Path) -> Result<(Duration, usize)> {
    let started = Instant::now();
    let mut command = tools.cargo(&course.root, target_dir);
    command.args(["build", "--tests", "--message-format=json"]);
    for exercise in &course.exercises {
        command.args(["-p", &exercise.package]);
    }
    let (_, output) = timed(&mut command, "`cargo build --tests`")?;
    if !output.status.success() {
        bail!(
            "`cargo build --tests` of every exercise failed ({}):\n{}",
            output.status,
            last_lines(&output)
        );
    }
    let (binaries, compiled) = test_binaries(tools, course, &output)?;
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    run_in_parallel(tools, &binaries, jobs)?;
    Ok((started.elapsed(), compiled))
}

/// The exercises' test executables, from cargo's `compiler-artifact` messages, and how
/// many units cargo compiled rather than found fresh.
fn test_binaries(
    tools: &Tools,
    course: &CourseFolder,
    output: &Output,
) -> Result<(Vec<TestBinary>, usize)> {
    let crate_dirs: Vec<(PathBuf, &ExerciseCrate)> = course
        .exercises
        .iter()
        .map(|e| (course.crate_dir(e), e))
        .collect();
    let mut binaries = Vec::new();
    let mut compiled = 0;
    for message in Message::parse_stream(output.stdout.as_slice()) {
        let message = message.context("cannot read cargo's JSON messages")?;
        let Message::CompilerArtifact(artifact) = message else {
            continue;
        };
        if !artifact.fresh {
            compiled += 1;
        }
        let Some(executable) = artifact.executable else {
            continue;
        };
        if !artifact.profile.test || artifact.target.kind.contains(&TargetKind::Bench) {
            continue;
        }
        let Some(crate_dir) = artifact.manifest_path.parent().map(|p| p.as_std_path()) else {
            continue;
        };
        if let Some((crate_dir, exercise)) = crate_dirs.iter().find(|(d, _)| d == crate_dir) {
            binaries.push(TestBinary {
                executable: executable.into_std_path_buf(),
                crate_dir: crate_dir.clone(),
                env: tools.server_env(exercise),
            });
        }
    }
    if binaries.is_empty() {
        bail!("`cargo build --tests` reported no test executables for the exercises");
    }
    Ok((binaries, compiled))
}

/// Runs every binary to its end, `jobs` at a time; their tests may fail, only time counts.
fn run_in_parallel(tools: &Tools, binaries: &[TestBinary], jobs: usize) -> Result<()> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| -> Result<()> {
        for worker in 0..jobs.min(binaries.len()) {
            std::thread::Builder::new()
                .name(format!("floor-tests-{worker}"))
                .spawn_scoped(scope, || {
                    while let Some(binary) = binaries.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let mut command = tools.test_binary(&binary.executable, &binary.crate_dir);
                        command.envs(binary.env.iter().map(|(k, v)| (k, v)));
                        let what = format!("{}", binary.executable.display());
                        if let Err(error) = timed(&mut command, &what) {
                            failures
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .push(format!("{error:#}"));
                        }
                    }
                })
                .context("cannot start a thread to run test binaries")?;
        }
        Ok(())
    })?;
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(first) = failures.first() {
        bail!("{first}");
    }
    Ok(())
}
