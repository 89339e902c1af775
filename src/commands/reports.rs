//! Writing the reports a run asked for with `--format`, to stdout or to files.

use std::hash::{BuildHasher, RandomState};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::report::format::{Destination, Format, FormatSpec};
use crate::report::{Graded, github, json, junit, tap};

/// The formats to write: human on stdout unless others were asked for.
pub fn requested(formats: Vec<FormatSpec>) -> Result<Vec<FormatSpec>> {
    let formats = if formats.is_empty() {
        vec![FormatSpec {
            format: Format::Human,
            destination: Destination::Stdout,
        }]
    } else {
        formats
    };
    crate::report::format::check_stdout_shared_fairly(&formats).map_err(anyhow::Error::msg)?;
    Ok(formats)
}

pub fn human_on_stdout(formats: &[FormatSpec]) -> bool {
    formats
        .iter()
        .any(|f| f.format == Format::Human && f.destination == Destination::Stdout)
}

/// While alive, GitHub Actions reads no workflow commands from stdout, so learner output
/// shown in the log cannot add annotations or change the run. Only when a github report
/// is asked for.
pub struct CommandsStopped(Option<String>);

impl CommandsStopped {
    pub fn when_github(formats: &[FormatSpec]) -> Self {
        let github = formats.iter().any(|f| f.format == Format::Github);
        let token = github.then(|| {
            // Unguessable: learner code runs before this is printed, but cannot predict it.
            let state = RandomState::new();
            format!("{:016x}{:016x}", state.hash_one(1u8), state.hash_one(2u8))
        });
        if let Some(token) = &token {
            print!("{}", github::stop_commands(token));
        }
        Self(token)
    }
}

impl Drop for CommandsStopped {
    fn drop(&mut self) {
        if let Some(token) = &self.0 {
            print!("{}", github::resume_commands(token));
            let _ = std::io::stdout().flush();
        }
    }
}

/// Writes every requested report but human-on-stdout, which the command prints as it goes.
/// `human` renders the human report for a file.
pub fn write(formats: &[FormatSpec], runs: &[Graded], human: impl Fn() -> String) -> Result<()> {
    for spec in formats {
        let text = match spec.format {
            Format::Human if spec.destination == Destination::Stdout => continue,
            Format::Human => console::strip_ansi_codes(&human()).into_owned(),
            Format::Json => json::render(runs),
            Format::Junit => junit::render(runs),
            Format::Tap => tap::render(runs),
            Format::Github => {
                write_github_files(runs)?;
                github::annotations(runs)
            }
        };
        match &spec.destination {
            Destination::Stdout => {
                print!("{text}");
                std::io::stdout().flush()?;
            }
            Destination::File(path) => write_file(path, &text)?,
        }
    }
    Ok(())
}

/// The step summary and the Classroom result, where GitHub Actions asks for them.
fn write_github_files(runs: &[Graded]) -> Result<()> {
    for (variable, text) in [
        ("GITHUB_STEP_SUMMARY", github::step_summary(runs)),
        ("GITHUB_OUTPUT", github::classroom_output(runs)),
    ] {
        match std::env::var_os(variable) {
            Some(path) => append(Path::new(&path), &text)?,
            None => {
                eprintln!("{variable} is not set (not in GitHub Actions?), so it was not written.")
            }
        }
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    std::fs::write(path, text)
        .with_context(|| format!("cannot write the report {}", path.display()))
}

fn append(path: &Path, text: &str) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
