//! The engine: one mechanism under every command. Given some exercises, it builds all
//! their test binaries with one cargo invocation, runs each binary in its own process
//! group with a deadline, reads libtest's output and returns one [`Outcome`] per exercise.

mod build_plan;
mod captured_output;
mod cargo_build;
mod judge;
mod libtest;
mod manifest_check;
mod outcome;
mod test_process;
mod workspace;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::thread;

use anyhow::{Context, Result};

pub use captured_output::human_bytes;
pub use outcome::{
    Diagnostic, DiagnosticLevel, Outcome, PanicLocation, TestReport, TestStatus, Verdict,
};
pub use test_process::{OUTPUT_LIMIT, stop_running_tests};
pub use workspace::{Overlay, course_target_dir};

use crate::course::{Course, Exercise, Service, SqlEngine};
use crate::services::{Lease, Services};
use cargo_build::{BuildEvent, BuildRequest};
use judge::BinaryRun;
use workspace::Workspace;

/// How a check runs.
pub struct Options {
    /// How many test binaries run at once.
    pub jobs: usize,
    /// What lies over the exercises: `Nothing` builds the course folder in place.
    pub overlay: Overlay,
    /// The servers of the session, shared by all its checks: each exercise run that needs
    /// one gets a database or key prefix of its own.
    pub services: Arc<Services>,
    /// Where the SQL of the exercises that run on either engine runs.
    pub sql_engine: SqlEngine,
}

impl Options {
    /// As many test binaries at once as there are cores.
    pub fn default_jobs() -> usize {
        thread::available_parallelism().map_or(2, |n| n.get())
    }
}

/// Progress, as it happens. Indices are positions in the slice of exercises given to [`check`].
pub enum Event<'a> {
    /// Cargo finished (or found up to date) one unit of the build.
    Compiled {
        crate_name: &'a str,
        fresh: bool,
    },
    /// The build is compiling more than a few crates, and will report this many units in
    /// all (fresh ones included).
    BuildPlanned {
        units: usize,
    },
    BuildFinished,
    ExerciseFinished {
        index: usize,
        outcome: &'a Outcome,
    },
}

/// Checks `exercises` and returns their outcomes in the same order.
pub fn check(
    course: &Course,
    exercises: &[&Exercise],
    options: &Options,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Vec<Outcome>> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; exercises.len()];
    let finish = |index: usize, outcome: Outcome, outcomes: &mut Vec<Option<Outcome>>| {
        on_event(Event::ExerciseFinished {
            index,
            outcome: &outcome,
        });
        outcomes[index] = Some(outcome);
    };

    // A member whose manifest cargo cannot read stops cargo for the whole workspace, so
    // such members are found first and the others are built in a staged copy without them.
    // A staged copy holds only the exercises being checked; in place, every member counts.
    let mut manifest_dirs: Vec<PathBuf> = match options.overlay {
        Overlay::Nothing => crate::course::workspace_member_dirs(&course.root)?
            .into_iter()
            .map(|member| {
                member
                    .strip_prefix(&course.root)
                    .map(PathBuf::from)
                    .unwrap_or(member)
            })
            .collect(),
        Overlay::Solutions | Overlay::Submission(_) => Vec::new(),
    };
    for exercise in exercises {
        if !manifest_dirs.contains(&exercise.dir) {
            manifest_dirs.push(exercise.dir.clone());
        }
    }
    let mut broken: HashMap<PathBuf, Diagnostic> = HashMap::new();
    let mut package_of_dir: HashMap<PathBuf, String> = HashMap::new();
    for dir in manifest_dirs {
        match manifest_check::package_name(&course.root.join(&dir)) {
            Ok(name) => {
                package_of_dir.insert(dir, name);
            }
            Err(diagnostic) => {
                broken.insert(dir, diagnostic);
            }
        }
    }

    loop {
        for (index, exercise) in exercises.iter().enumerate() {
            if outcomes[index].is_none()
                && let Some(diagnostic) = broken.get(&exercise.dir)
            {
                let verdict = Verdict::CompileFailed {
                    diagnostics: vec![diagnostic.clone()],
                };
                finish(
                    index,
                    Outcome::without_tests(&exercise.name, verdict),
                    &mut outcomes,
                );
            }
        }
        let pending: Vec<usize> = (0..exercises.len())
            .filter(|&i| outcomes[i].is_none())
            .collect();
        if pending.is_empty() {
            break;
        }
        let pending_exercises: Vec<&Exercise> = pending.iter().map(|&i| exercises[i]).collect();
        let workspace = if options.overlay == Overlay::Nothing && broken.is_empty() {
            Workspace::in_place(course)
        } else {
            let slot = match options.overlay {
                Overlay::Nothing => "healthy-members",
                Overlay::Solutions => "solutions",
                Overlay::Submission(_) => "submission",
            };
            Workspace::staged(course, &pending_exercises, &options.overlay, slot)?
        };
        let targets: Vec<Target> = pending
            .iter()
            .map(|&index| Target {
                index,
                exercise: exercises[index],
                package: package_of_dir[&exercises[index].dir].clone(),
                crate_dir: workspace.crate_dir(exercises[index]),
                services: exercises[index].services_on(options.sql_engine),
            })
            .collect();

        match build_and_test(
            &workspace,
            &targets,
            options,
            &mut |index, outcome| finish(index, outcome, &mut outcomes),
            on_event,
        )? {
            BuildStatus::Done => {}
            BuildStatus::MemberUnloadable { crate_dir, message } => {
                let relative = targets
                    .iter()
                    .find(|t| same_dir(&t.crate_dir, &crate_dir))
                    .map(|t| t.exercise.dir.clone())
                    .or_else(|| {
                        crate_dir
                            .strip_prefix(&workspace.root)
                            .ok()
                            .map(PathBuf::from)
                    });
                match relative {
                    Some(relative) if !broken.contains_key(&relative) => {
                        broken.insert(relative, Diagnostic::plain_error(message));
                    }
                    // Nothing left to set aside: every pending exercise fails with cargo's words.
                    _ => {
                        for target in &targets {
                            let verdict = Verdict::CompileFailed {
                                diagnostics: vec![Diagnostic::plain_error(message.clone())],
                            };
                            finish(
                                target.index,
                                Outcome::without_tests(&target.exercise.name, verdict),
                                &mut outcomes,
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.expect("every exercise has an outcome"))
        .collect())
}

fn same_dir(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

struct Target<'a> {
    index: usize,
    exercise: &'a Exercise,
    package: String,
    crate_dir: PathBuf,
    /// The servers its tests need, each leased for the run.
    services: Vec<Service>,
}

enum BuildStatus {
    Done,
    /// Cargo could not load this member's manifest and built nothing.
    MemberUnloadable {
        crate_dir: PathBuf,
        message: String,
    },
}

/// How many dependencies a build compiles before the runner works out its total for the
/// bar. Rebuilding only the edited exercises never asks: the `cargo metadata` it costs
/// would come on top of every save.
const PLAN_AFTER_COMPILED: usize = 3;

struct TestJob {
    target: usize,
    label: String,
    executable: PathBuf,
}

/// What a test worker reports about a target.
enum Ran {
    Binary(BinaryRun),
    /// A server its tests need could not be provided: the exercise is skipped.
    Unprovided(String),
}

/// Builds every target with one cargo invocation and runs each test binary as soon as it
/// is built, on `jobs` worker threads, while cargo goes on compiling the rest.
fn build_and_test(
    workspace: &Workspace,
    targets: &[Target],
    options: &Options,
    finish: &mut dyn FnMut(usize, Outcome),
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<BuildStatus> {
    let packages: Vec<String> = targets.iter().map(|t| t.package.clone()).collect();
    let crate_dirs: Vec<PathBuf> = targets.iter().map(|t| t.crate_dir.clone()).collect();
    let target_of_dir: HashMap<&PathBuf, usize> =
        crate_dirs.iter().enumerate().map(|(i, d)| (d, i)).collect();

    let (job_sender, job_receiver) = mpsc::channel::<TestJob>();
    let job_receiver = Mutex::new(job_receiver);
    // A run's database or key prefix, made before its first test binary runs and cleaned
    // up when this function returns, after every binary has ended.
    let leases: Vec<OnceLock<Result<Lease, String>>> =
        targets.iter().map(|_| OnceLock::new()).collect();
    let services = &*options.services;
    thread::scope(|scope| {
        // Servers start while cargo builds.
        let mut needed: Vec<Service> = targets.iter().flat_map(|t| t.services.clone()).collect();
        needed.sort();
        needed.dedup();
        for service in needed {
            let _ = thread::Builder::new()
                .name(format!("start-{}", service.name()))
                .spawn_scoped(scope, move || {
                    services.provision(service);
                });
        }

        let (run_sender, run_receiver) = mpsc::channel::<(usize, Ran)>();
        for worker in 0..options.jobs.max(1) {
            let job_receiver = &job_receiver;
            let leases = &leases;
            let run_sender = run_sender.clone();
            thread::Builder::new()
                .name(format!("test-runner-{worker}"))
                .spawn_scoped(scope, move || {
                    loop {
                        let job = job_receiver.lock().expect("job queue lock").recv();
                        let Ok(job) = job else { break };
                        let target = &targets[job.target];
                        let lease =
                            leases[job.target].get_or_init(|| services.lease(&target.services));
                        let ran = match lease {
                            Ok(lease) => Ran::Binary(judge::run_binary(
                                &job.label,
                                &job.executable,
                                &target.crate_dir,
                                &target.package,
                                &lease.env,
                                target.exercise.timeout,
                            )),
                            Err(reason) => Ran::Unprovided(reason.clone()),
                        };
                        if run_sender.send((job.target, ran)).is_err() {
                            break;
                        }
                    }
                })
                .context("cannot start a thread to run tests")?;
        }
        drop(run_sender);

        let mut binaries = vec![0usize; targets.len()];
        let mut errors: Vec<Vec<Diagnostic>> = vec![Vec::new(); targets.len()];
        let mut warnings: Vec<Vec<Diagnostic>> = vec![Vec::new(); targets.len()];
        let mut built_labels: Vec<Vec<String>> = vec![Vec::new(); targets.len()];
        let request = BuildRequest {
            workspace_root: &workspace.root,
            target_dir: workspace.target_dir.as_deref(),
            packages: &packages,
            crate_dirs: &crate_dirs,
        };
        // Working out the total costs a `cargo metadata`; only a build that compiles
        // dependencies (a first build) is worth a bar with a total.
        let mut compiled = 0usize;
        let build = cargo_build::build_tests(&request, |event| match event {
            BuildEvent::Compiled {
                crate_name,
                fresh,
                exercise_unit,
            } => {
                on_event(Event::Compiled {
                    crate_name: &crate_name,
                    fresh,
                });
                compiled += usize::from(!fresh && !exercise_unit);
                if compiled == PLAN_AFTER_COMPILED {
                    let packages = &packages;
                    let root = &workspace.root;
                    let _ = thread::Builder::new()
                        .name("build-plan".into())
                        .spawn_scoped(scope, move || {
                            if let Some(units) = build_plan::count_units(root, packages) {
                                on_event(Event::BuildPlanned { units });
                            }
                        });
                }
            }
            BuildEvent::TestBinary {
                crate_dir,
                label,
                executable,
            } => {
                let target = target_of_dir[&crate_dir];
                binaries[target] += 1;
                built_labels[target].push(label.clone());
                let _ = job_sender.send(TestJob {
                    target,
                    label,
                    executable,
                });
            }
            BuildEvent::Diagnostic {
                crate_dir,
                diagnostic,
            } => {
                let target = target_of_dir[&crate_dir];
                let list = match diagnostic.level {
                    DiagnosticLevel::Error => &mut errors[target],
                    DiagnosticLevel::Warning => &mut warnings[target],
                };
                // The library is compiled twice (for its users and as its own test harness),
                // so the same message can arrive twice.
                if !list.iter().any(|d| d.rendered == diagnostic.rendered) {
                    list.push(diagnostic);
                }
            }
        });
        drop(job_sender);
        let build = build?;
        on_event(Event::BuildFinished);

        if !build.success
            && !build.compiled_anything
            && let Some(crate_dir) = cargo_build::unloadable_member(&build.stderr)
        {
            return Ok(BuildStatus::MemberUnloadable {
                crate_dir,
                message: cargo_build::cargo_errors(&build.stderr),
            });
        }

        let mut runs: Vec<Vec<BinaryRun>> = (0..targets.len()).map(|_| Vec::new()).collect();
        let mut open = vec![true; targets.len()];
        for (i, target) in targets.iter().enumerate() {
            let missing = if build.success {
                Vec::new()
            } else {
                judge::missing_test_targets(&target.crate_dir, &built_labels[i])
            };
            if !errors[i].is_empty() || !missing.is_empty() {
                let mut diagnostics = std::mem::take(&mut errors[i]);
                if diagnostics.is_empty() {
                    diagnostics.push(Diagnostic::plain_error(cargo_build::cargo_errors(
                        &build.stderr,
                    )));
                }
                let mut outcome = Outcome::without_tests(
                    &target.exercise.name,
                    Verdict::CompileFailed { diagnostics },
                );
                outcome.warnings = std::mem::take(&mut warnings[i]);
                finish(target.index, outcome);
                open[i] = false;
            } else if binaries[i] == 0 {
                finish(
                    target.index,
                    judge::judge(
                        &target.exercise.name,
                        Vec::new(),
                        std::mem::take(&mut warnings[i]),
                    ),
                );
                open[i] = false;
            }
        }
        for (i, ran) in run_receiver {
            let run = match ran {
                Ran::Binary(run) => run,
                Ran::Unprovided(reason) => {
                    if open[i] {
                        open[i] = false;
                        let verdict = Verdict::Skipped { reason };
                        finish(
                            targets[i].index,
                            Outcome::without_tests(&targets[i].exercise.name, verdict),
                        );
                    }
                    continue;
                }
            };
            runs[i].push(run);
            if open[i] && runs[i].len() == binaries[i] {
                open[i] = false;
                let outcome = judge::judge(
                    &targets[i].exercise.name,
                    std::mem::take(&mut runs[i]),
                    std::mem::take(&mut warnings[i]),
                );
                finish(targets[i].index, outcome);
            }
        }
        Ok(BuildStatus::Done)
    })
}
