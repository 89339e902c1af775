//! The smoke run's check: the JSON the run wrote holds every figure it should, read back
//! from the file. How fast anything was is not checked: the figures of a tiny course on a
//! busy machine say nothing about the budget.

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::options::{Options, Part};

/// A measurement the report must hold.
struct Expected {
    id: &'static str,
    /// Whether it compares the runner with something.
    compared: bool,
    /// Whether zero is a real value: an idle watcher may use no clock tick in a short window.
    zero_allowed: bool,
    samples: usize,
}

/// The measurements the parts asked for write, with their number of samples.
fn expected(options: &Options) -> Vec<Expected> {
    let entry = |id, compared, zero_allowed, samples| Expected {
        id,
        compared,
        zero_allowed,
        samples,
    };
    let mut all = Vec::new();
    for part in &options.parts {
        match part {
            Part::Verify => {
                all.push(entry("verify_vs_floor", true, false, options.verify_runs));
                all.push(entry(
                    "verify_vs_sequential",
                    true,
                    false,
                    options.verify_runs,
                ));
            }
            Part::Watch => all.push(entry("watch", true, false, options.watch_runs)),
            Part::Idle => {
                all.push(entry("idle_cpu", false, true, 1));
                all.push(entry("idle_rss", false, false, 1));
            }
            Part::Cold => {
                all.push(entry("cold_build", false, false, options.cold_runs));
                all.push(entry("cold_target_size", false, false, options.cold_runs));
            }
            Part::Grade => all.push(entry("grade", true, false, 1)),
        }
    }
    all
}

/// Reads the JSON the run wrote back from its file and checks every figure is there;
/// returns how many measurements it checked.
pub fn check(options: &Options) -> Result<usize> {
    let path = &options.json;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("the smoke run wrote no JSON to {}", path.display()))?;
    let report: Value = serde_json::from_str(&text)
        .with_context(|| format!("the JSON in {} does not parse", path.display()))?;
    check_report(&report, options)
        .with_context(|| format!("the figures in {} are incomplete", path.display()))
}

fn check_report(report: &Value, options: &Options) -> Result<usize> {
    for key in ["date", "mode", "course"] {
        non_empty_text(&report[key]).with_context(|| format!("`{key}` is missing"))?;
    }
    for key in ["rustc", "cargo"] {
        non_empty_text(&report["machine"][key])
            .with_context(|| format!("`machine.{key}` is missing"))?;
    }
    if report["machine"]["cores"].as_u64().unwrap_or(0) == 0 {
        bail!("`machine.cores` is not a positive number");
    }
    let measurements = report["measurements"]
        .as_array()
        .context("`measurements` is not a list")?;
    let expected = expected(options);
    for wanted in &expected {
        let id = wanted.id;
        let measurement = measurements
            .iter()
            .find(|m| m["id"] == id)
            .with_context(|| format!("the measurement `{id}` is missing"))?;
        check_measurement(measurement, wanted)
            .with_context(|| format!("in the measurement `{id}`"))?;
    }
    Ok(expected.len())
}

fn check_measurement(measurement: &Value, wanted: &Expected) -> Result<()> {
    check_series(&measurement["runner"], wanted.zero_allowed).context("the runner's figures")?;
    let samples = measurement["runner"]["samples"]
        .as_array()
        .map_or(0, Vec::len);
    if samples != wanted.samples {
        bail!(
            "it has {samples} samples where {} were asked for",
            wanted.samples
        );
    }
    if wanted.compared {
        check_series(&measurement["comparison"], false).context("the comparison's figures")?;
        if !measurement["relation_value"]
            .as_f64()
            .is_some_and(f64::is_finite)
        {
            bail!("the relation between runner and comparison is not a number");
        }
    }
    if !measurement["budget"].is_null() && !measurement["within_budget"].is_boolean() {
        bail!("it has a budget but no verdict on it");
    }
    non_empty_text(&measurement["note"]).context("its note is missing")?;
    Ok(())
}

fn check_series(series: &Value, zero_allowed: bool) -> Result<()> {
    non_empty_text(&series["label"]).context("the label is missing")?;
    let samples = series["samples"]
        .as_array()
        .filter(|s| !s.is_empty())
        .context("there are no samples")?;
    let acceptable = |value: &Value| {
        value
            .as_f64()
            .is_some_and(|v| v.is_finite() && (v > 0.0 || (zero_allowed && v == 0.0)))
    };
    if let Some(bad) = samples.iter().find(|s| !acceptable(s)) {
        bail!("a sample is {bad}, not a positive number");
    }
    for key in ["median", "min", "max"] {
        if !acceptable(&series[key]) {
            bail!("the {key} is {}, not a positive number", series[key]);
        }
    }
    Ok(())
}

fn non_empty_text(value: &Value) -> Result<()> {
    match value.as_str() {
        Some(text) if !text.trim().is_empty() => Ok(()),
        _ => bail!("expected text, found {value}"),
    }
}
