//! The programs the harness runs: the `backlings` binary under measurement, cargo, and test
//! binaries, each in a learner's environment with a target dir the harness chose.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use backlings::course::Service;

use crate::course_copy::ExerciseCrate;

/// Variables that would change what a run does: hand exercises a server, print backtraces
/// on every failing test, or build somewhere the harness did not choose.
/// (The servers' variables are `backlings::services::VARIABLES`.)
const CLEARED: [&str; 2] = ["RUST_BACKTRACE", "CARGO_TARGET_DIR"];
/// What cargo sets for the harness itself, which a learner's shell does not have.
const CLEARED_PREFIXES: [&str; 4] = [
    "CARGO_PKG_",
    "CARGO_MANIFEST_",
    "CARGO_CRATE_",
    "CARGO_BIN_",
];

/// The servers the harness was given.
pub struct Servers {
    pub postgres: Option<String>,
    pub redis: Option<String>,
}

impl Servers {
    fn from_environment() -> Self {
        let url = |name| {
            std::env::var(name)
                .ok()
                .filter(|url: &String| !url.is_empty())
        };
        Self {
            postgres: url("BACKLINGS_POSTGRES_URL"),
            redis: url("BACKLINGS_REDIS_URL"),
        }
    }

    /// For the notes: which servers the exercises that need one had.
    pub fn describe(&self) -> String {
        match (&self.postgres, &self.redis) {
            (Some(_), Some(_)) => "PostgreSQL and Redis given to every side".into(),
            (Some(_), None) => "PostgreSQL given to every side, no Redis".into(),
            (None, Some(_)) => "Redis given to every side, no PostgreSQL".into(),
            (None, None) => "no servers: the exercises that need one are skipped by the runner \
                             and fail at once elsewhere"
                .into(),
        }
    }
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Ctrl-C stops the programs the harness runs, as they share its terminal; the harness then
/// starts nothing more and returns, so its temporary folder is removed on the way out
/// (after a cold build it holds gigabytes).
pub fn stop_when_interrupted() -> Result<()> {
    ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst))
        .context("cannot watch for Ctrl-C")
}

pub fn check_not_interrupted() -> Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        bail!("interrupted by Ctrl-C; no figures were written");
    }
    Ok(())
}

/// Sleeps for `duration`, or less when interrupted.
pub fn sleep(duration: Duration) -> Result<()> {
    let deadline = Instant::now() + duration;
    loop {
        check_not_interrupted()?;
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(Duration::from_millis(100)));
    }
}

pub struct Tools {
    backlings: PathBuf,
    /// PostgreSQL and Redis for the exercises that need them, from the harness's own
    /// `BACKLINGS_POSTGRES_URL` and `BACKLINGS_REDIS_URL`: every side of a comparison gets
    /// the same servers, so every side runs the same tests.
    pub servers: Servers,
    /// The cargo that runs this harness; the runner is told to use the same one, so both
    /// sides of a comparison pay the same for starting it (no rustup proxy on one side only).
    cargo: OsString,
}

impl Tools {
    pub fn new() -> Self {
        Self {
            backlings: PathBuf::from(env!("CARGO_BIN_EXE_backlings")),
            servers: Servers::from_environment(),
            cargo: std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
        }
    }

    /// `backlings` started in `dir`, building into `target_dir`.
    /// It takes servers from the environment only, the harness's if it was given some: a
    /// server it started itself would be work the other side of a comparison does not do.
    pub fn backlings(&self, dir: &Path, target_dir: &Path) -> Command {
        let mut command = self.command(self.backlings.as_os_str(), dir);
        command
            .env("CARGO_TARGET_DIR", target_dir)
            .env("BACKLINGS_SERVICE_SOURCES", "environment");
        if let Some(url) = &self.servers.postgres {
            command.env("BACKLINGS_POSTGRES_URL", url);
        }
        if let Some(url) = &self.servers.redis {
            command.env("BACKLINGS_REDIS_URL", url);
        }
        // The SQL exercises on SQLite, as for a learner, on every side.
        command.args(["--engine", "sqlite"]);
        command
    }

    /// What a bare `cargo test` of `exercise` needs in its environment to reach the
    /// servers its tests need, as the runner would hand them.
    pub fn server_env(&self, exercise: &ExerciseCrate) -> Vec<(&'static str, String)> {
        let mut env = Vec::new();
        if exercise.services.contains(&Service::Postgres)
            && let Some(url) = &self.servers.postgres
        {
            env.push(("DATABASE_URL", url.clone()));
        }
        if exercise.services.contains(&Service::Redis)
            && let Some(url) = &self.servers.redis
        {
            env.push(("REDIS_URL", url.clone()));
            env.push((
                "BACKLINGS_REDIS_PREFIX",
                format!("backlings:bench:{}:{}:", std::process::id(), exercise.name),
            ));
        }
        env
    }

    /// `cargo` started in `dir`, building into `target_dir`.
    pub fn cargo(&self, dir: &Path, target_dir: &Path) -> Command {
        let mut command = self.command(&self.cargo, dir);
        command.env("CARGO_TARGET_DIR", target_dir);
        command
    }

    /// A test binary, started in its crate's folder as cargo and the runner do.
    pub fn test_binary(&self, executable: &Path, crate_dir: &Path) -> Command {
        self.command(executable.as_os_str(), crate_dir)
    }

    /// Any other program, such as `rustc -V`.
    pub fn program(&self, program: &OsStr, dir: &Path) -> Command {
        self.command(program, dir)
    }

    pub fn cargo_program(&self) -> &OsStr {
        &self.cargo
    }

    fn command(&self, program: &OsStr, dir: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(dir).stdin(Stdio::null());
        for (name, _) in std::env::vars_os() {
            let text = name.to_string_lossy();
            if CLEARED.contains(&text.as_ref())
                || backlings::services::VARIABLES.contains(&text.as_ref())
                || CLEARED_PREFIXES.iter().any(|p| text.starts_with(p))
            {
                command.env_remove(&name);
            }
        }
        command.env("CARGO", &self.cargo).env("NO_COLOR", "1");
        command
    }
}

/// Runs `command` to its end with its output captured, and says how long that took.
pub fn timed(command: &mut Command, what: &str) -> Result<(Duration, Output)> {
    check_not_interrupted()?;
    let started = Instant::now();
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("cannot start {what}"))?;
    Ok((started.elapsed(), output))
}

/// Whether a `verify` or `grade` run passed everything (exit 0) or not (exit 1); anything
/// else means the run itself could not be done, which is an error.
pub fn runner_verdict(output: &Output, what: &str) -> Result<bool> {
    match output.status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => bail!(
            "{what} could not be done ({}); it printed:\n{}",
            output.status,
            last_lines(output)
        ),
    }
}

/// Fails unless `cargo test` got as far as building: its tests may fail, as shipped
/// exercises do, but a package it cannot find is not a measurement.
pub fn check_cargo_test(output: &Output, what: &str) -> Result<()> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success()
        || stderr.contains("Finished")
        || stderr.contains("could not compile")
    {
        return Ok(());
    }
    bail!(
        "{what} did not build anything ({}); it printed:\n{}",
        output.status,
        last_lines(output)
    )
}

/// The end of what a process printed, for an error message.
pub fn last_lines(output: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
