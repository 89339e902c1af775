//! The figures of a run, as a table for people and as JSON for the record, with the
//! machine and toolchain they were taken on.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::measurement::Measurement;
use crate::options::{Mode, Options};
use crate::tools::Tools;

#[derive(Debug, Serialize)]
pub struct Machine {
    /// The commit of the runner measured, and whether its files differ from it.
    pub runner: String,
    pub cores: usize,
    pub rustc: String,
    pub cargo: String,
    pub os: String,
}

impl Machine {
    /// The machine and toolchain, with the versions asked in `dir`, where the course builds.
    pub fn describe(tools: &Tools, dir: &Path) -> Result<Self> {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        Ok(Self {
            runner: runner_commit(tools),
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            rustc: first_line_of(tools, &rustc, &["-V"], dir)?,
            cargo: first_line_of(tools, tools.cargo_program(), &["-V"], dir)?,
            os: first_line_of(tools, std::ffi::OsStr::new("uname"), &["-srm"], dir)?,
        })
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// `bench` for `cargo bench`, `smoke` for the short run under `cargo test`.
    pub mode: &'static str,
    /// When the run ended, UTC.
    pub date: String,
    /// How long the whole run took, preparation included.
    pub duration_seconds: f64,
    pub machine: Machine,
    /// The course measured: a fresh `backlings init`, or the folder given.
    pub course: String,
    pub runs: Runs,
    pub measurements: Vec<Measurement>,
}

/// The repeats asked for; each measurement says how many samples it holds.
#[derive(Debug, Serialize)]
pub struct Runs {
    pub watch_saves: usize,
    pub verify_rounds: usize,
    pub cold_builds: usize,
    pub grade_copies: usize,
    pub idle_seconds: u64,
}

impl Report {
    pub fn new(
        options: &Options,
        course: String,
        machine: Machine,
        measurements: Vec<Measurement>,
        duration: Duration,
    ) -> Result<Self> {
        Ok(Self {
            mode: match options.mode {
                Mode::Bench => "bench",
                Mode::Smoke => "smoke",
            },
            date: utc_now()?,
            duration_seconds: duration.as_secs_f64(),
            machine,
            course,
            runs: Runs {
                watch_saves: options.watch_runs,
                verify_rounds: options.verify_runs,
                cold_builds: options.cold_runs,
                grade_copies: options.grade_copies,
                idle_seconds: options.idle.as_secs(),
            },
            measurements,
        })
    }

    /// The table, then a line on the machine and a note per measurement.
    pub fn table(&self) -> String {
        let header = [
            "measurement",
            "runner",
            "comparison",
            "vs comparison",
            "budget",
            "within",
            "runs",
        ]
        .map(String::from);
        let mut rows = vec![header];
        for m in &self.measurements {
            let dash = || "—".to_string();
            rows.push([
                m.title.clone(),
                m.unit.format(m.runner.summary.median),
                m.comparison
                    .as_ref()
                    .map_or_else(dash, |c| m.unit.format(c.summary.median)),
                m.relation_text().unwrap_or_else(dash),
                m.budget_text.clone().unwrap_or_else(dash),
                m.within_budget
                    .map_or_else(dash, |w| if w { "yes" } else { "NO" }.to_string()),
                m.runs_text(),
            ]);
        }
        let widths: Vec<usize> = (0..rows[0].len())
            .map(|column| {
                rows.iter()
                    .map(|r| r[column].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
        }
        out.push_str(&format!(
            "\nMedians of the runs shown; each comparison ran in the same run as the runner.\n\
             Runner {}; {} cores, {}, {}, {}; {}; the run took {}.\n",
            self.machine.runner,
            self.machine.cores,
            self.machine.rustc,
            self.machine.cargo,
            self.machine.os,
            self.date,
            spoken_duration(self.duration_seconds)
        ));
        for m in &self.measurements {
            let compared = m
                .comparison
                .as_ref()
                .map(|c| format!(" Compared with: {}.", c.label))
                .unwrap_or_default();
            out.push_str(&format!("- {}: {}.{compared}\n", m.title, m.note));
        }
        out
    }

    pub fn write_json(&self, path: &Path) -> Result<()> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let text =
            serde_json::to_string_pretty(self).context("cannot write the figures as JSON")?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

/// The runner's commit, read without taking git's locks (a commit may be under way); a
/// runner built outside a git checkout has none.
fn runner_commit(tools: &Tools) -> String {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = std::ffi::OsStr::new("git");
    let Ok(commit) = first_line_of(tools, git, &["rev-parse", "--short", "HEAD"], repository)
    else {
        return "unknown".to_string();
    };
    let unchanged = tools
        .program(git, repository)
        .args(["--no-optional-locks", "diff", "--quiet", "HEAD", "--"])
        .status()
        .is_ok_and(|s| s.success());
    if unchanged {
        commit
    } else {
        format!("{commit} with uncommitted changes")
    }
}

/// `42 s` or `38 min`.
fn spoken_duration(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{:.0} min", seconds / 60.0)
    }
}

fn first_line_of(
    tools: &Tools,
    program: &std::ffi::OsStr,
    args: &[&str],
    dir: &Path,
) -> Result<String> {
    let shown = format!("{} {}", program.to_string_lossy(), args.join(" "));
    let output = tools
        .program(program, dir)
        .args(args)
        .output()
        .with_context(|| format!("cannot run `{shown}`"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    match text.lines().next() {
        Some(line) if output.status.success() => Ok(line.trim().to_string()),
        _ => bail!("`{shown}` printed no version ({})", output.status),
    }
}

/// The date and time now, UTC, as `date` prints it in ISO 8601.
fn utc_now() -> Result<String> {
    let output = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .context("cannot run `date` for the report's date")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}
