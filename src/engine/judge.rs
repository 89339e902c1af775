//! Turning test binary runs into a verdict. A pass must be earned: every test a binary
//! announces must have run and reported ok, and the binary must have exited cleanly.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::libtest;
use super::outcome::{Diagnostic, Outcome, TestReport, TestStatus, Verdict};
use super::test_process::{ProcessRun, ProcessSpec, crate_env, describe_exit, run_process};

/// How long `--list` may take; listing runs no test code.
const LIST_TIMEOUT: Duration = Duration::from_secs(10);

pub struct BinaryRun {
    /// The target's source file, e.g. `tests/request_line.rs`.
    pub label: String,
    /// The tests the binary lists, or why it could not list them.
    pub listed: Result<Vec<String>, String>,
    pub run: Option<ProcessRun>,
    /// What libtest wrote to `--logfile`, when the toolchain supports it.
    pub logged: Option<String>,
    /// The target's source, to put tests in the order they are written (libtest sorts by name).
    pub source: String,
    pub timeout: Duration,
}

/// Runs all the binary's tests. Their names come from the run itself when it accounts for
/// every test it announced; otherwise (a crash, a timeout, a result in an unusual form)
/// from `--list`, so that the tests that never reported are named too.
pub fn run_binary(
    label: &str,
    executable: &Path,
    crate_dir: &Path,
    package: &str,
    service_env: &[(String, String)],
    timeout: Duration,
) -> BinaryRun {
    let mut env = crate_env(crate_dir, package);
    env.extend(service_env.iter().map(|(k, v)| (k.into(), v.into())));
    let run_with = |args: &[&str], timeout| {
        run_process(&ProcessSpec {
            program: executable,
            args,
            working_dir: crate_dir,
            env: &env,
            timeout,
        })
    };
    let mut logged = None;
    let logfile = tempfile::NamedTempFile::new().ok();
    let run = match &logfile {
        Some(file) => {
            let path = file.path().to_string_lossy().into_owned();
            let args = ["--color", "never", "--logfile", &path];
            match run_with(&args, timeout) {
                // A toolchain that dropped the deprecated flag: run again without it.
                Ok(run) if run.stderr.contains("Unrecognized option: 'logfile'") => {
                    run_with(&["--color", "never"], timeout)
                }
                run => {
                    logged = std::fs::read_to_string(file.path()).ok();
                    run
                }
            }
        }
        None => run_with(&["--color", "never"], timeout),
    };
    let accounted = match (&run, &logged) {
        (Ok(run), Some(logged)) if run.status.is_some() => {
            libtest::every_announced_test_logged(&run.stdout, logged)
        }
        _ => None,
    };
    let listed = match accounted {
        Some(names) => Ok(names),
        None => match run_with(&["--list", "--format", "terse"], LIST_TIMEOUT) {
            Ok(list) if list.status.is_some_and(|s| s.success()) => {
                Ok(libtest::parse_list(&list.stdout))
            }
            Ok(list) => Err(format!("listing its tests failed: {}", list.stderr.trim())),
            Err(e) => Err(format!("it could not be started: {e}")),
        },
    };
    let run = run.ok();
    BinaryRun {
        label: label.to_string(),
        listed,
        run,
        logged,
        source: std::fs::read_to_string(crate_dir.join(label)).unwrap_or_default(),
        timeout,
    }
}

/// Test targets the crate has on disk that cargo did not build: an exercise whose tests
/// were not all built has not compiled, whatever else was built.
pub fn missing_test_targets(crate_dir: &Path, built: &[String]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(crate_dir.join("tests")) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let path = e.path();
            let label = if path.extension().is_some_and(|x| x == "rs") {
                format!("tests/{}", e.file_name().to_string_lossy())
            } else if path.join("main.rs").is_file() {
                format!("tests/{}/main.rs", e.file_name().to_string_lossy())
            } else {
                return None;
            };
            (!built.contains(&label)).then_some(label)
        })
        .collect()
}

pub fn judge(exercise: &str, mut runs: Vec<BinaryRun>, warnings: Vec<Diagnostic>) -> Outcome {
    runs.sort_by(|a, b| a.label.cmp(&b.label));
    let mut tests = Vec::new();
    let mut problems = Vec::new();
    let mut timed_out: Option<(Duration, Vec<String>)> = None;
    let mut output = String::new();
    let mut duration = Duration::ZERO;
    let mut output_cut = 0;

    for binary in &runs {
        let listed = match &binary.listed {
            Ok(listed) => listed,
            Err(why) => {
                problems.push(format!("{}: {why}", binary.label));
                continue;
            }
        };
        let Some(run) = &binary.run else {
            if !listed.is_empty() {
                problems.push(format!(
                    "{}: the test binary could not be started",
                    binary.label
                ));
            }
            continue;
        };
        duration += run.elapsed;
        output.push_str(&format!(
            "── {} ──\n{}{}",
            binary.label, run.stdout, run.stderr
        ));

        let report = libtest::parse_run(&run.stdout);
        let logged = binary
            .logged
            .as_deref()
            .map(|text| libtest::parse_logfile(text, listed))
            .unwrap_or_default();
        let statuses = reported_statuses(report.results.iter().chain(&logged));
        let unreported: Vec<String> = listed
            .iter()
            .filter(|n| !statuses.contains_key(n.as_str()))
            .cloned()
            .collect();
        let mut in_source_order: Vec<&String> = listed.iter().collect();
        in_source_order.sort_by_key(|name| position_in_source(&binary.source, name));
        for name in in_source_order {
            let details = report.failures.get(name).cloned().unwrap_or_default();
            tests.push(TestReport {
                name: name.clone(),
                binary: binary.label.clone(),
                status: statuses
                    .get(name.as_str())
                    .copied()
                    .unwrap_or(TestStatus::NotRun),
                message: details.message,
                location: details.location,
                output: details.output,
            });
        }

        output_cut += run.output_cut;
        let cut = if run.output_cut > 0 {
            " (its output was cut to 1 MiB, which may have hidden some results)"
        } else {
            ""
        };
        match run.status {
            None => timed_out = Some((binary.timeout, unreported)),
            Some(status) if unreported.is_empty() => {
                let any_failed = tests
                    .iter()
                    .any(|t| t.binary == binary.label && t.status == TestStatus::Failed);
                if !status.success() && !any_failed {
                    problems.push(format!(
                        "{}: the test binary {} after every test reported ok",
                        binary.label,
                        describe_exit(&status)
                    ));
                }
            }
            Some(status) => {
                let how = if status.success() {
                    "exited successfully".to_string()
                } else {
                    describe_exit(&status)
                };
                problems.push(format!(
                    "{}: the test binary {how} before {} of its {} tests reported a result ({}); something ended the process early, such as std::process::exit{cut}",
                    binary.label,
                    unreported.len(),
                    listed.len(),
                    unreported.join(", ")
                ));
            }
        }
    }

    let verdict = if let Some((after, unfinished)) = timed_out {
        Verdict::TimedOut { after, unfinished }
    } else if tests.is_empty() && problems.is_empty() {
        Verdict::TestsFailed {
            problems: vec!["the exercise defines no tests, so nothing shows it works".into()],
        }
    } else if problems.is_empty() && tests.iter().all(|t| t.status == TestStatus::Passed) {
        Verdict::Passed
    } else {
        Verdict::TestsFailed { problems }
    };
    Outcome {
        exercise: exercise.to_string(),
        verdict,
        tests,
        warnings,
        output,
        output_cut,
        duration,
    }
}

/// Where the test function `name` is defined in `source`; tests not found go last.
fn position_in_source(source: &str, name: &str) -> usize {
    let function = name.rsplit("::").next().unwrap_or(name);
    source
        .find(&format!("fn {function}("))
        .unwrap_or(usize::MAX)
}

/// Each reported test's status. A name reported more than once (a test can print lines
/// that look like libtest's) keeps its worst status, so a fake "ok" never hides a failure.
fn reported_statuses<'a>(
    results: impl Iterator<Item = &'a (String, TestStatus)>,
) -> HashMap<&'a str, TestStatus> {
    let rank = |s: TestStatus| match s {
        TestStatus::Passed => 0,
        TestStatus::Ignored => 1,
        TestStatus::NotRun => 2,
        TestStatus::Failed => 3,
    };
    let mut statuses: HashMap<&str, TestStatus> = HashMap::new();
    for (name, status) in results {
        statuses
            .entry(name.as_str())
            .and_modify(|s| {
                if rank(*status) > rank(*s) {
                    *s = *status;
                }
            })
            .or_insert(*status);
    }
    statuses
}
