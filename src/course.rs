//! The course: `info.toml`, its exercises, and where their files live.

pub mod embedded;
mod info_file;
mod location;
mod members;
pub mod pristine;
pub mod scaffold;
pub mod submission;
mod suggest;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use info_file::{Course, Exercise, FORMAT_VERSION, INFO_FILE, Service, SqlEngine};
pub use location::{FileError, FileErrors, SourceLocation};
pub use members::workspace_member_dirs;
pub use suggest::closest_names;

/// Finds the course root by walking up from `start` to the first folder that holds `info.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    for dir in start.ancestors() {
        if dir.join(INFO_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(
        "no `{INFO_FILE}` in {} or any folder above it; run backlings inside a course folder",
        start.display()
    )
}

/// Finds and loads the course that contains the current directory.
pub fn load_from_current_dir() -> Result<Course> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = find_root(&cwd)?;
    let course = Course::load(&root)?;
    pristine::check_release(&course)?;
    Ok(course)
}

/// Every file below `dir`, relative to it, leaving out build output and git's folder.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == "target" || name == ".git" {
                continue;
            }
            let path = relative.join(&name);
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
