//! The learner's progress: `.backlings-state.toml` at the course root, written atomically.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::course::{Course, Exercise, FileError, SourceLocation};

pub const STATE_FILE: &str = ".backlings-state.toml";
const STATE_VERSION: u32 = 1;

/// Where the learner is and what they have solved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The exercise the learner works on; `None` means the first pending one.
    pub current: Option<String>,
    pub done: BTreeSet<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current: Option<String>,
    #[serde(default)]
    done: BTreeSet<String>,
}

impl Progress {
    pub fn path(root: &Path) -> PathBuf {
        root.join(STATE_FILE)
    }

    /// Reads the progress file; a missing file is a fresh start, a corrupt one an error
    /// that says how to recover (it is never silently replaced).
    pub fn load(root: &Path) -> Result<Self> {
        let path = Self::path(root);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read your progress file {}", path.display()));
            }
        };
        let file: StateFile = toml::from_str(&text).map_err(|e| {
            FileError::new(
                SourceLocation::at_span(&path, &text, e.span()),
                format!(
                    "your progress file is damaged: {}",
                    e.message()
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches('.')
                ),
                RECOVER_FIX,
            )
        })?;
        if file.format_version != STATE_VERSION {
            let location =
                SourceLocation::at_offset(&path, &text, text.find("format_version").unwrap_or(0));
            return Err(FileError::new(
                location,
                format!(
                    "your progress file has format_version {}, which this backlings does not read (it reads {STATE_VERSION})",
                    file.format_version
                ),
                "use the backlings release that wrote it, or delete the file to start your progress over (your code is kept)",
            )
            .into());
        }
        Ok(Self {
            current: file.current,
            done: file.done,
        })
    }

    /// Writes the file atomically: a temporary file in the same folder, flushed to disk,
    /// then renamed over the old one, so a crash leaves either the old or the new file.
    pub fn save(&self, root: &Path) -> Result<()> {
        let path = Self::path(root);
        let file = StateFile {
            format_version: STATE_VERSION,
            current: self.current.clone(),
            done: self.done.clone(),
        };
        let text = format!(
            "{HEADER}{}",
            toml::to_string(&file).context("cannot encode your progress")?
        );
        let mut temp = tempfile::NamedTempFile::new_in(root)
            .with_context(|| format!("cannot create a temporary file in {}", root.display()))?;
        temp.write_all(text.as_bytes())?;
        temp.as_file().sync_all()?;
        temp.persist(&path)
            .with_context(|| format!("cannot save your progress to {}", path.display()))?;
        #[cfg(unix)]
        if let Ok(dir) = std::fs::File::open(root) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// The exercise to work on: the recorded one while it exists, else the first pending.
    pub fn current_exercise<'c>(&self, course: &'c Course) -> &'c Exercise {
        self.current
            .as_deref()
            .and_then(|name| course.exercises.iter().find(|e| e.name == name))
            .or_else(|| self.first_pending(course, 0))
            .unwrap_or_else(|| course.exercises.last().expect("a course has exercises"))
    }

    /// The first exercise not done, at or after position `from`, wrapping around.
    pub fn first_pending<'c>(&self, course: &'c Course, from: usize) -> Option<&'c Exercise> {
        let n = course.exercises.len();
        (0..n)
            .map(|i| &course.exercises[(from + i) % n])
            .find(|e| !self.done.contains(&e.name))
    }

    pub fn is_done(&self, exercise: &Exercise) -> bool {
        self.done.contains(&exercise.name)
    }

    /// Records a verdict: a pass marks the exercise done, a failure marks it pending again.
    pub fn record(&mut self, exercise: &Exercise, passed: bool) {
        if passed {
            self.done.insert(exercise.name.clone());
        } else {
            self.done.remove(&exercise.name);
        }
    }

    pub fn done_count(&self, course: &Course) -> usize {
        course.exercises.iter().filter(|e| self.is_done(e)).count()
    }
}

const HEADER: &str =
    "# Your backlings progress. Deleting this file starts the course over; your code is kept.\n";
const RECOVER_FIX: &str =
    "fix that line, or delete the file to start your progress over (your code is kept)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Progress::load(dir.path()).unwrap(), Progress::default());
    }

    #[test]
    fn saves_and_loads_the_same_progress() {
        let dir = tempfile::tempdir().unwrap();
        let progress = Progress {
            current: Some("b".into()),
            done: ["a".to_string()].into(),
        };
        progress.save(dir.path()).unwrap();
        assert_eq!(Progress::load(dir.path()).unwrap(), progress);
        // Only the state file is left: the temporary file was renamed over it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_corrupt_file_is_an_error_that_says_how_to_recover() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(STATE_FILE),
            "format_version = 1\ndone = [\"a\"\n",
        )
        .unwrap();
        let error = Progress::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains(".backlings-state.toml:2:"), "{error}");
        assert!(
            error.contains("delete the file to start your progress over"),
            "{error}"
        );
        // The damaged file is still there, untouched.
        assert!(dir.path().join(STATE_FILE).exists());
    }

    #[test]
    fn an_unknown_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(STATE_FILE), "format_version = 7\n").unwrap();
        let error = Progress::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("format_version 7"), "{error}");
    }
}
