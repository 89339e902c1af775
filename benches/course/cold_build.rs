//! A cold first build: `backlings verify` with an empty target dir, and how much that dir
//! holds afterwards.

use std::path::Path;

use anyhow::{Context, Result};

use crate::course_copy::CourseFolder;
use crate::measurement::{Budget, Measurement, Series, Unit};
use crate::tools::Tools;
use crate::verify::run_verify;

/// A cold build of the whole course on a 2-core machine, in seconds.
const BUDGET_SECS: f64 = 180.0;
const MB: f64 = 1_000_000.0;

pub fn measure(
    tools: &Tools,
    course: &CourseFolder,
    scratch: &Path,
    runs: usize,
) -> Result<[Measurement; 2]> {
    let mut seconds = Vec::new();
    let mut sizes = Vec::new();
    let mut all_passed = true;
    for run in 1..=runs {
        let target_dir = scratch.join(format!("target-cold-{run}"));
        eprintln!("cold: build {run} of {runs}, into an empty target dir...");
        let (took, passed) = run_verify(tools, course, &target_dir)?;
        let size = size_of_dir(&target_dir)? as f64 / MB;
        eprintln!(
            "cold: build {run} of {runs}: {:.1} s, target dir {size:.0} MB",
            took.as_secs_f64()
        );
        std::fs::remove_dir_all(&target_dir)
            .with_context(|| format!("cannot remove {}", target_dir.display()))?;
        seconds.push(took.as_secs_f64());
        sizes.push(size);
        all_passed &= passed;
    }
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let note = format!(
        "`backlings verify` on the solved course ({}) with an empty target dir; \
         the budget is set for 2 cores, this machine has {cores}",
        if all_passed {
            "all passing"
        } else {
            "NOT all passing"
        }
    );
    let build = Measurement::new(
        "cold_build",
        "cold build (verify, empty target)",
        Unit::S,
        Series::new("backlings verify", seconds),
    )
    .budget(Budget::AtMost(BUDGET_SECS))
    .note(note)
    .detail("all_passed", all_passed);
    let size = Measurement::new(
        "cold_target_size",
        "cold build: target dir size",
        Unit::Mb,
        Series::new("files in the target dir after the cold build", sizes),
    )
    .note("the sum of the sizes of every file in the target dir (1 MB = 10^6 bytes)");
    Ok([build, size])
}

/// The sum of the sizes of the files below `dir`; links are counted, not followed.
pub fn size_of_dir(dir: &Path) -> Result<u64> {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let metadata = entry
                .metadata()
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            if metadata.is_dir() {
                pending.push(entry.path());
            } else {
                total += metadata.len();
            }
        }
    }
    Ok(total)
}
