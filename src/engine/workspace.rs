//! Where the engine builds: the course folder itself, or a staged copy of some exercises
//! (with solution files laid over, or without the crates whose manifests are broken).
//! A staged copy builds into the course's own target dir, so dependencies compile once.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::course::submission::learner_files;
use crate::course::{Course, Exercise};

pub struct Workspace {
    /// The folder holding the workspace `Cargo.toml` cargo is run in.
    pub root: PathBuf,
    /// Where exercise crates sit below `root`: their `dir` from info.toml, under this prefix.
    crates: PathBuf,
    /// Set for staged copies, so they share the course's compiled dependencies.
    pub target_dir: Option<PathBuf>,
    /// Held while a staged copy is in use, so two runs never stage into the same folder.
    _lock: Option<File>,
}

/// What to lay over the exercise files of a staged copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The exercises exactly as they are in the course folder.
    Nothing,
    /// The course's solution files, laid over each exercise.
    Solutions,
    /// A submission's learner files (the paths each solution holds), laid over the course's
    /// pristine exercises: nothing else of the submission is used.
    Submission(PathBuf),
}

impl Workspace {
    pub fn in_place(course: &Course) -> Self {
        Self {
            root: course.root.clone(),
            crates: PathBuf::new(),
            target_dir: None,
            _lock: None,
        }
    }

    /// Copies `exercises` into `<target>/backlings/<slot>` under a workspace manifest of
    /// their own, with `overlay` laid over them.
    pub fn staged(
        course: &Course,
        exercises: &[&Exercise],
        overlay: &Overlay,
        slot: &str,
    ) -> Result<Self> {
        let target_dir = course_target_dir(course);
        let staging = target_dir.join("backlings");
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        let lock = File::create(staging.join(format!("{slot}.lock")))
            .with_context(|| format!("cannot create a lock file in {}", staging.display()))?;
        lock.lock().context("cannot lock the staging folder")?;

        let root = staging.join(slot);
        // Cargo names a path package's build outputs after its path relative to the workspace
        // root. Under the same relative path a staged crate would overwrite the course's own
        // test binaries, so staged crates sit below a prefix of their own.
        let crates = PathBuf::from(slot);
        // The folder is reused between runs, so unchanged exercises are not rebuilt from scratch.
        let crates_dir = root.join(&crates);
        if crates_dir.exists() {
            std::fs::remove_dir_all(&crates_dir)
                .with_context(|| format!("cannot clear {}", crates_dir.display()))?;
        }
        for exercise in exercises {
            let staged_dir = crates_dir.join(&exercise.dir);
            copy_tree(&course.exercise_dir(exercise), &staged_dir)?;
            match overlay {
                Overlay::Nothing => {}
                Overlay::Solutions => {
                    let solution = course.solution_dir(exercise);
                    if solution.is_dir() {
                        copy_tree(&solution, &staged_dir)?;
                    }
                }
                Overlay::Submission(submission) => {
                    for file in learner_files(course, exercise) {
                        let source = submission.join(&exercise.dir).join(&file);
                        if source.is_file() {
                            let destination = staged_dir.join(&file);
                            if let Some(parent) = destination.parent() {
                                std::fs::create_dir_all(parent)?;
                            }
                            std::fs::copy(&source, destination)
                                .with_context(|| format!("cannot copy {}", source.display()))?;
                        }
                    }
                }
            }
        }
        write_manifest(course, exercises, &root, &crates)?;
        for file in ["Cargo.lock", ".cargo/config.toml"] {
            let source = course.root.join(file);
            if source.is_file() {
                let destination = root.join(file);
                std::fs::create_dir_all(destination.parent().expect("a file has a parent"))?;
                std::fs::copy(&source, &destination)
                    .with_context(|| format!("cannot copy {}", source.display()))?;
            }
        }
        Ok(Self {
            root,
            crates,
            target_dir: Some(target_dir),
            _lock: Some(lock),
        })
    }

    pub fn crate_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join(&self.crates).join(&exercise.dir)
    }
}

/// The target dir cargo uses for the course: `CARGO_TARGET_DIR` when set, else `target/`.
pub fn course_target_dir(course: &Course) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            std::path::absolute(PathBuf::from(dir)).unwrap_or_else(|_| course.root.join("target"))
        }
        None => course.root.join("target"),
    }
}

/// A virtual manifest for the staged exercises that keeps the course's workspace
/// dependencies and profiles, so a staged build compiles exactly what the course does.
fn write_manifest(
    course: &Course,
    exercises: &[&Exercise],
    root: &Path,
    crates: &Path,
) -> Result<()> {
    let path = course.root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let original: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;

    let mut workspace = original
        .get("workspace")
        .and_then(|w| w.as_table())
        .cloned()
        .unwrap_or_default();
    workspace.remove("default-members");
    workspace.remove("exclude");
    let members = exercises
        .iter()
        .map(|e| toml::Value::String(crates.join(&e.dir).to_string_lossy().replace('\\', "/")))
        .collect();
    workspace.insert("members".into(), toml::Value::Array(members));
    if !workspace.contains_key("resolver") {
        let edition = original
            .get("package")
            .and_then(|p| p.get("edition"))
            .and_then(|e| e.as_str());
        let resolver = if edition == Some("2024") { "3" } else { "2" };
        workspace.insert("resolver".into(), resolver.into());
    }
    if let Some(toml::Value::Table(dependencies)) = workspace.get_mut("dependencies") {
        anchor_path_dependencies(dependencies, &course.root);
    }

    let mut manifest = toml::Table::new();
    manifest.insert("workspace".into(), toml::Value::Table(workspace));
    if let Some(profile) = original.get("profile") {
        manifest.insert("profile".into(), profile.clone());
    }
    if let Some(toml::Value::Table(patch)) = original.get("patch") {
        let mut patch = patch.clone();
        for (_, source) in patch.iter_mut() {
            if let toml::Value::Table(dependencies) = source {
                anchor_path_dependencies(dependencies, &course.root);
            }
        }
        manifest.insert("patch".into(), toml::Value::Table(patch));
    }
    std::fs::create_dir_all(root)?;
    let text = toml::to_string(&manifest).context("cannot write the staged Cargo.toml")?;
    std::fs::write(root.join("Cargo.toml"), text).context("cannot write the staged Cargo.toml")
}

/// Makes `path = "..."` dependencies absolute, since the staged manifest lives elsewhere.
fn anchor_path_dependencies(dependencies: &mut toml::Table, course_root: &Path) {
    for (_, dependency) in dependencies.iter_mut() {
        if let Some(toml::Value::String(path)) = dependency.get_mut("path") {
            *path = course_root.join(&*path).to_string_lossy().into_owned();
        }
    }
}

/// Copies the files under `from` into `to`, leaving out any `target/` folder.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?
    {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if name != "target" {
                copy_tree(&entry.path(), &to.join(&name))?;
            }
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
    }
    Ok(())
}
