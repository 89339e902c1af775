//! Watch mode left alone after its first verdict: the processor time it uses, and its
//! memory, from `/proc`.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::course_copy::CourseFolder;
use crate::measurement::{Budget, Measurement, Series, Unit};
use crate::terminal::WatchSession;
use crate::tools::{self, Tools};

const FIRST_VERDICT_WITHIN: Duration = Duration::from_secs(20 * 60);
/// Let the first verdict's screen and progress bar settle before the window opens.
const SETTLE: Duration = Duration::from_secs(1);
const CPU_BUDGET_PERCENT: f64 = 1.0;
const RSS_BUDGET_MB: f64 = 30.0;
const MB: f64 = 1_000_000.0;

pub fn measure(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    window: Duration,
) -> Result<[Measurement; 2]> {
    eprintln!(
        "idle: starting `backlings watch` on `{}`, then leaving it alone for {} s...",
        course.first().name,
        window.as_secs()
    );
    let session = WatchSession::start(tools, &course.root, target_dir)?;
    session.wait_for_verdict(0, FIRST_VERDICT_WITHIN)?;
    session.wait_until_quiet(SETTLE)?;
    let pid = session.pid();
    let ticks_per_second = clock_ticks_per_second()?;

    let cpu_before = cpu_ticks(pid)?;
    let opened = Instant::now();
    tools::sleep(window)?;
    let cpu_after = cpu_ticks(pid)?;
    let wall = opened.elapsed().as_secs_f64();
    let memory = Memory::of(pid)?;
    let redraws = session.verdicts() - 1;
    session.quit()?;

    let cpu_seconds = (cpu_after - cpu_before) as f64 / ticks_per_second;
    let percent = cpu_seconds / wall * 100.0;
    eprintln!(
        "idle: {cpu_seconds:.2} s of processor time in {wall:.0} s ({percent:.2} %), {:.1} MB resident",
        memory.rss as f64 / MB
    );
    let cpu = Measurement::new(
        "idle_cpu",
        "watch idle: CPU",
        Unit::Percent,
        Series::new("backlings watch, left alone", vec![percent]),
    )
    .budget(Budget::Below(CPU_BUDGET_PERCENT))
    .note(format!(
        "processor time (user + system, its own and its finished children's, from \
         /proc/<pid>/stat) over a {wall:.0} s window after the first verdict, as a share of the window"
    ))
    .detail("window_seconds", wall)
    .detail("cpu_seconds", cpu_seconds)
    .detail("clock_ticks_per_second", ticks_per_second)
    .detail("verdicts_after_the_first", redraws);
    let rss = Measurement::new(
        "idle_rss",
        "watch idle: resident memory",
        Unit::Mb,
        Series::new(
            "VmRSS at the end of the window",
            vec![memory.rss as f64 / MB],
        ),
    )
    .budget(Budget::Below(RSS_BUDGET_MB))
    .note(format!(
        "VmRSS from /proc/<pid>/status at the end of the window (1 MB = 10^6 bytes); the peak \
         since start (VmHWM, first verdict included) was {:.1} MB",
        memory.peak as f64 / MB
    ))
    .detail("vm_hwm_mb", memory.peak as f64 / MB);
    Ok([cpu, rss])
}

/// User and system time of the process and of its children it has waited for, in clock ticks.
fn cpu_ticks(pid: u32) -> Result<u64> {
    let path = format!("/proc/{pid}/stat");
    let stat = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    // The command name in parentheses may hold spaces; the fields after it are numbered from 3.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime, stime, cutime, cstime are fields 14 to 17.
    let Some(times) = fields.get(11..15) else {
        bail!("{path} has fewer fields than expected: {stat}");
    };
    times.iter().try_fold(0u64, |sum, field| {
        let ticks: u64 = field
            .parse()
            .with_context(|| format!("{path} holds `{field}` where a number of ticks belongs"))?;
        Ok(sum + ticks)
    })
}

struct Memory {
    /// Resident set size now, in bytes.
    rss: u64,
    /// The most it has been resident since it started, in bytes.
    peak: u64,
}

impl Memory {
    fn of(pid: u32) -> Result<Self> {
        let path = format!("/proc/{pid}/status");
        let status =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let kilobytes = |key: &str| -> Result<u64> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(key))
                .and_then(|rest| rest.trim().strip_suffix("kB"))
                .and_then(|number| number.trim().parse::<u64>().ok())
                .map(|kb| kb * 1024)
                .with_context(|| format!("{path} has no `{key}` line in kB"))
        };
        Ok(Self {
            rss: kilobytes("VmRSS:")?,
            peak: kilobytes("VmHWM:")?,
        })
    }
}

/// The unit of the times in `/proc/<pid>/stat`, as `getconf CLK_TCK` reports it.
fn clock_ticks_per_second() -> Result<f64> {
    let output = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .context("cannot run `getconf CLK_TCK` to learn the unit of /proc's times")?;
    let text = String::from_utf8_lossy(&output.stdout);
    match text.trim().parse::<f64>() {
        Ok(ticks) if ticks > 0.0 => Ok(ticks),
        _ => bail!(
            "`getconf CLK_TCK` printed `{}`, not a number of ticks",
            text.trim()
        ),
    }
}
