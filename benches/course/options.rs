//! What to measure and how often, from the arguments after `--`.
//!
//! `cargo bench` passes `--bench`: a full run on the real course. Without it (`cargo test`)
//! the harness makes a short smoke run on a small fixture course and checks every figure
//! came out. `cargo test FILTER` hands its arguments to every test target, so under
//! `cargo test` the smoke run answers to libtest's filters as a test named `smoke_run`
//! would, and ignores libtest's other options.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result, bail};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo bench`: the real course, the default repeats.
    Bench,
    /// `cargo test`: the fixture course, a few repeats, and a check of the report.
    Smoke,
}

/// The measurements, in the order they run: verify first, since it builds everything once
/// into the target dir watch and idle use too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Verify,
    Watch,
    Idle,
    Cold,
    Grade,
}

impl Part {
    pub const ALL: [Part; 5] = [
        Part::Verify,
        Part::Watch,
        Part::Idle,
        Part::Cold,
        Part::Grade,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Part::Verify => "verify",
            Part::Watch => "watch",
            Part::Idle => "idle",
            Part::Cold => "cold",
            Part::Grade => "grade",
        }
    }
}

impl FromStr for Part {
    type Err = anyhow::Error;

    fn from_str(name: &str) -> Result<Self> {
        match Part::ALL.into_iter().find(|p| p.name() == name) {
            Some(part) => Ok(part),
            None => bail!(
                "`{name}` is not a measurement; --only takes a comma-separated list of {}",
                Part::ALL.map(Part::name).join(", ")
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub mode: Mode,
    /// Saves timed in watch mode, and as many `cargo test -p` runs.
    pub watch_runs: usize,
    /// Rounds of verify, sequential `cargo test -p` and the floor.
    pub verify_runs: usize,
    /// In running order.
    pub parts: Vec<Part>,
    pub grade_copies: usize,
    pub idle: Duration,
    pub cold_runs: usize,
    pub json: PathBuf,
    /// A course folder to measure (copied first) instead of a fresh `backlings init`.
    pub course: Option<PathBuf>,
}

pub enum Parsed {
    Run(Options),
    /// `--help`: print the usage and stop.
    Help,
    /// `--list`, as test runners ask a harness for its tests.
    List,
    /// `cargo test` with a filter that leaves the smoke run out.
    FilteredOut,
}

/// The name the smoke run answers to as a test.
pub const SMOKE_TEST: &str = "smoke_run";
/// libtest options that take a value, so that value is not taken for a filter.
const LIBTEST_VALUED: [&str; 6] = [
    "--test-threads",
    "--format",
    "--color",
    "--logfile",
    "--shuffle-seed",
    "-Z",
];

/// The tests libtest's arguments ask for, as far as the one smoke test is concerned.
#[derive(Default)]
struct TestFilter {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    ignored_only: bool,
}

impl TestFilter {
    fn selects(&self, name: &str) -> bool {
        let matches = |pattern: &String| {
            if self.exact {
                name == pattern
            } else {
                name.contains(pattern.as_str())
            }
        };
        !self.ignored_only
            && (self.filters.is_empty() || self.filters.iter().any(matches))
            && !self.skips.iter().any(matches)
    }
}

impl Options {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed> {
        let args: Vec<String> = args.into_iter().collect();
        let mode = if args.iter().any(|a| a == "--bench") {
            Mode::Bench
        } else {
            Mode::Smoke
        };
        let mut options = Options::defaults(mode);
        let mut tests = TestFilter::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
                _ => (arg.clone(), None),
            };
            let inline = inline.map(str::to_string);
            let mut value = || -> Result<String> {
                inline
                    .clone()
                    .or_else(|| args.next())
                    .with_context(|| format!("{name} needs a value\n\n{USAGE}"))
            };
            match name.as_str() {
                "--bench" => {}
                "--help" | "-h" => return Ok(Parsed::Help),
                "--list" => return Ok(Parsed::List),
                "--runs" => {
                    let runs = at_least_one(&name, &value()?)?;
                    options.watch_runs = runs;
                    options.verify_runs = runs;
                }
                "--only" => {
                    let mut parts = value()?
                        .split(',')
                        .map(|p| p.trim().parse())
                        .collect::<Result<Vec<Part>>>()?;
                    parts.sort();
                    parts.dedup();
                    options.parts = parts;
                }
                "--grade-copies" => options.grade_copies = at_least_one(&name, &value()?)?,
                "--idle-secs" => {
                    let secs = at_least_one(&name, &value()?)?;
                    options.idle = Duration::from_secs(secs as u64);
                }
                "--cold-runs" => options.cold_runs = at_least_one(&name, &value()?)?,
                "--json" => options.json = PathBuf::from(value()?),
                "--course" => options.course = Some(PathBuf::from(value()?)),
                _ if mode == Mode::Bench => bail!("unknown argument `{arg}`\n\n{USAGE}"),
                "--skip" => tests.skips.push(value()?),
                "--exact" => tests.exact = true,
                "--ignored" => tests.ignored_only = true,
                _ if LIBTEST_VALUED.contains(&name.as_str()) => {
                    value()?;
                }
                _ if !name.starts_with('-') => tests.filters.push(arg.clone()),
                _ => {}
            }
        }
        if mode == Mode::Smoke && !tests.selects(SMOKE_TEST) {
            return Ok(Parsed::FilteredOut);
        }
        Ok(Parsed::Run(options))
    }

    fn defaults(mode: Mode) -> Self {
        let report_dir = report_dir();
        match mode {
            Mode::Bench => Self {
                mode,
                watch_runs: 10,
                verify_runs: 3,
                parts: Part::ALL.to_vec(),
                grade_copies: 10,
                idle: Duration::from_secs(60),
                cold_runs: 1,
                json: report_dir.join("course.json"),
                course: None,
            },
            // Short enough for `cargo test`, and still every measurement, twice where it repeats.
            Mode::Smoke => Self {
                mode,
                watch_runs: 2,
                verify_runs: 2,
                parts: Part::ALL.to_vec(),
                grade_copies: 2,
                idle: Duration::from_secs(3),
                cold_runs: 1,
                json: report_dir.join("course-smoke.json"),
                course: Some(
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small"),
                ),
            },
        }
    }
}

/// `target/bench` of this package, or below `CARGO_TARGET_DIR` when that is set.
fn report_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench")
}

fn at_least_one(name: &str, value: &str) -> Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => bail!("{name} takes a whole number of at least 1, not `{value}`"),
    }
}

pub const USAGE: &str = "\
usage: cargo bench --bench course -- [OPTIONS]

  --only LIST         measure only these, comma-separated: verify, watch, idle, cold, grade
  --runs N            timed saves in watch mode (default 10) and rounds of verify (default 3)
  --grade-copies N    solved copies graded together and one by one (default 10)
  --idle-secs S       how long watch mode is left alone (default 60)
  --cold-runs N       cold builds, each into an empty target dir (default 1)
  --json PATH         where the figures go as JSON (default target/bench/course.json)
  --course DIR        measure a copy of this course folder instead of a fresh `backlings init`";
