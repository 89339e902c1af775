use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::report::json::VERSION;

/// Joins JSON reports of `grade` (for example one per CI shard) into one, its submissions
/// in the order of their names.
pub fn merge(reports: &[PathBuf], output: Option<&Path>) -> Result<ExitCode> {
    let mut submissions: Vec<Value> = Vec::new();
    for path in reports {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the report {}", path.display()))?;
        let report: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a JSON report of backlings", path.display()))?;
        match report.get("submissions").and_then(Value::as_array) {
            Some(list) => submissions.extend(list.iter().cloned()),
            None if report.get("submission").is_some() => submissions.push(report),
            None => bail!(
                "{} is not a report of `backlings grade` (it names no submissions); \
                 write one with `grade --format json=PATH`",
                path.display()
            ),
        }
    }
    let name = |s: &Value| {
        s.get("submission")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    submissions.sort_by_key(name);
    if let Some(pair) = submissions.windows(2).find(|p| name(&p[0]) == name(&p[1])) {
        bail!(
            "the submission `{}` is in more than one report; merge reports of different shards",
            name(&pair[0])
        );
    }
    let merged = serde_json::json!({
        "version": VERSION,
        "kind": "grade",
        "submissions": submissions,
    });
    let text = serde_json::to_string_pretty(&merged)? + "\n";
    match output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
