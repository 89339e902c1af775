//! The benchmark harness: every goal of the performance budget measured on the course, each
//! against its comparison in the same run, printed as a table and written as JSON.
//!
//! `cargo bench --bench course` measures the real course (a fresh `backlings init`).
//! `cargo test` runs it once, briefly, on a small fixture course, and checks that every
//! figure came out; it never judges the figures themselves.

#[cfg(target_os = "linux")]
mod cold_build;
#[cfg(target_os = "linux")]
mod course_copy;
#[cfg(target_os = "linux")]
mod grade;
#[cfg(target_os = "linux")]
mod idle;
#[cfg(target_os = "linux")]
mod measurement;
#[cfg(target_os = "linux")]
mod options;
#[cfg(target_os = "linux")]
mod report;
#[cfg(target_os = "linux")]
mod smoke;
#[cfg(target_os = "linux")]
mod stats;
#[cfg(target_os = "linux")]
mod terminal;
#[cfg(target_os = "linux")]
mod tools;
#[cfg(target_os = "linux")]
mod verify;
#[cfg(target_os = "linux")]
mod watch;

use std::process::ExitCode;

#[cfg(not(target_os = "linux"))]
fn main() -> ExitCode {
    // The measurements read /proc and drive a pseudo-terminal.
    eprintln!("the benchmark harness runs on Linux only; nothing was measured");
    ExitCode::SUCCESS
}

#[cfg(target_os = "linux")]
fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(target_os = "linux")]
fn run() -> anyhow::Result<ExitCode> {
    use anyhow::Context;

    use options::{Mode, Options, Parsed, Part};

    let options = match Options::parse(std::env::args().skip(1))? {
        Parsed::Run(options) => options,
        Parsed::Help => {
            println!("{}", options::USAGE);
            return Ok(ExitCode::SUCCESS);
        }
        Parsed::List => {
            // As a libtest harness lists its tests, for runners that ask.
            println!("{}: test", options::SMOKE_TEST);
            return Ok(ExitCode::SUCCESS);
        }
        Parsed::FilteredOut => {
            println!(
                "The benchmark harness's smoke run ({}) is filtered out.",
                options::SMOKE_TEST
            );
            return Ok(ExitCode::SUCCESS);
        }
    };
    let started = std::time::Instant::now();
    let tools = tools::Tools::new();
    tools::stop_when_interrupted()?;
    let scratch = tempfile::Builder::new()
        .prefix("backlings-bench-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    // Canonical, as cargo reports paths.
    let scratch_dir = scratch
        .path()
        .canonicalize()
        .context("cannot find the temporary folder")?;
    eprintln!(
        "Working in {} (removed at the end, also after Ctrl-C).",
        scratch_dir.display()
    );

    let source = match &options.course {
        Some(dir) => format!("a copy of {}", dir.display()),
        None => "a fresh `backlings init`".to_string(),
    };
    eprintln!("Preparing {source}, a working copy and a solved copy...");
    let courses = course_copy::Courses::prepare(&tools, options.course.as_deref(), &scratch_dir)?;
    let course_name = format!(
        "{source}: {}{} exercises",
        courses
            .pristine
            .release
            .as_ref()
            .map(|r| format!("{r}, "))
            .unwrap_or_default(),
        courses.pristine.exercises.len()
    );
    // One target dir for verify, watch and idle: verify builds everything into it once.
    let warm_target = scratch_dir.join("target-warm");

    let mut measurements = Vec::new();
    for part in &options.parts {
        match part {
            Part::Verify => measurements.extend(verify::measure(
                &tools,
                &courses.solved,
                &warm_target,
                options.verify_runs,
            )?),
            Part::Watch => measurements.push(watch::measure(
                &tools,
                &courses.working,
                &warm_target,
                options.watch_runs,
            )?),
            Part::Idle => measurements.extend(idle::measure(
                &tools,
                &courses.working,
                &warm_target,
                options.idle,
            )?),
            Part::Cold => measurements.extend(cold_build::measure(
                &tools,
                &courses.solved,
                &scratch_dir,
                options.cold_runs,
            )?),
            Part::Grade => measurements.push(grade::measure(
                &tools,
                &courses,
                &scratch_dir,
                options.grade_copies,
            )?),
        }
    }

    let machine = report::Machine::describe(&tools, &courses.pristine.root)?;
    let report = report::Report::new(
        &options,
        course_name,
        machine,
        measurements,
        started.elapsed(),
    )?;
    println!("\n{}", report.table());
    report.write_json(&options.json)?;
    println!(
        "The figures, with every sample, are in {}.",
        options.json.display()
    );

    if options.mode == Mode::Smoke {
        let checked =
            smoke::check(&options).context("the smoke run of the benchmark harness failed")?;
        println!(
            "Smoke run: all {checked} measurements came out, with positive figures, and the JSON reads back. \
             The figures of this small course say nothing about the budget."
        );
    }
    Ok(ExitCode::SUCCESS)
}
