//! A fresh course folder, written from the embedded copy: what `backlings init` creates.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::embedded::{self, target_path};

/// Top-level keys of the repository's Cargo.toml a course folder keeps: the workspace of
/// exercises with its shared dependencies, and the build profiles. The rest is the runner's.
const COURSE_MANIFEST_KEYS: [&str; 3] = ["workspace", "profile", "patch"];

/// The GitHub Actions workflow that grades a learner's push for GitHub Classroom.
pub const CLASSROOM_WORKFLOW: &str = include_str!("../../classroom/classroom.yml");
const CLASSROOM_WORKFLOW_PATH: &str = ".github/workflows/classroom.yml";

/// Writes a new course into `dir`, which must be missing or empty, with the Classroom
/// workflow when `classroom`. Returns the files written.
pub fn write_course(dir: &Path, classroom: bool) -> Result<Vec<PathBuf>> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        bail!(
            "{} is not empty; choose a new folder name (`backlings init my-course`) or empty it first",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;

    let mut written = Vec::new();
    for file in embedded::files() {
        // Solutions are revealed one by one, as the learner solves the exercises.
        if file.path.starts_with("solutions/") {
            continue;
        }
        let contents = if file.path == "Cargo.toml" {
            course_manifest(file.contents)?.into_bytes()
        } else {
            file.contents.to_vec()
        };
        write(dir, file.path, &contents)?;
        written.push(PathBuf::from(file.path));
    }
    for (path, contents) in EDITOR_FILES {
        write(dir, path, contents.as_bytes())?;
        written.push(PathBuf::from(path));
    }
    if classroom {
        write(dir, CLASSROOM_WORKFLOW_PATH, CLASSROOM_WORKFLOW.as_bytes())?;
        written.push(PathBuf::from(CLASSROOM_WORKFLOW_PATH));
    }
    Ok(written)
}

/// The course folder's Cargo.toml: the repository's, without the runner package.
pub fn course_manifest(repository_manifest: &[u8]) -> Result<String> {
    let text = std::str::from_utf8(repository_manifest).context("Cargo.toml is not UTF-8")?;
    let mut manifest: toml::Table = text.parse().context("the embedded Cargo.toml is invalid")?;
    if let Some(toml::Value::Table(workspace)) = manifest.get_mut("workspace") {
        workspace.remove("default-members");
    }
    let mut course = String::from(MANIFEST_HEADER);
    for key in COURSE_MANIFEST_KEYS {
        if let Some(value) = manifest.remove(key) {
            let section = toml::Table::from_iter([(key.to_string(), value)]);
            course.push_str(&section.to_string());
            course.push('\n');
        }
    }
    Ok(course)
}

fn write(dir: &Path, path: &str, contents: &[u8]) -> Result<()> {
    let path = target_path(dir, path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))
}

const MANIFEST_HEADER: &str = "\
# The workspace of every exercise: one Cargo.lock, one target/ and one compiled copy of
# each dependency for the whole course. Each exercise crate says `x.workspace = true`.

";

/// Files that set up the folder for git and the editor. rust-analyzer gets a target folder
/// of its own, so the editor and the runner never wait for each other's cargo lock.
const EDITOR_FILES: [(&str, &str); 3] = [
    (".gitignore", "/target\n/.backlings-state.toml\n"),
    (
        ".vscode/settings.json",
        "{\n  \"rust-analyzer.cargo.targetDir\": true,\n  \"files.watcherExclude\": { \"**/target/**\": true }\n}\n",
    ),
    (
        ".vscode/extensions.json",
        "{\n  \"recommendations\": [\"rust-lang.rust-analyzer\"]\n}\n",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_manifest_keeps_the_workspace_and_drops_the_runner() {
        let repository = br#"
[package]
name = "backlings"
[dependencies]
clap = "4"
[workspace]
members = ["exercises/*/*"]
default-members = ["."]
[workspace.dependencies]
tokio = { version = "1", features = ["net"] }
[profile.dev]
debug = "line-tables-only"
"#;
        let manifest: toml::Table = course_manifest(repository).unwrap().parse().unwrap();
        assert!(!manifest.contains_key("package"));
        assert!(!manifest.contains_key("dependencies"));
        let workspace = manifest["workspace"].as_table().unwrap();
        assert!(!workspace.contains_key("default-members"));
        assert_eq!(
            workspace["dependencies"]["tokio"]["features"][0].as_str(),
            Some("net")
        );
        assert_eq!(
            manifest["profile"]["dev"]["debug"].as_str(),
            Some("line-tables-only")
        );
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = write_course(dir.path(), false).unwrap_err().to_string();
        assert!(error.contains("is not empty"), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
