//! Where the engine builds: the course folder itself, or a staged copy of some exercises
//! (with solution files laid over, or without the crates whose manifests are broken).
//! A staged copy builds into the course's own target dir, so dependencies compile once.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::course::files_below;
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
        // The folder is reused between runs. A file whose content did not change keeps its
        // modification time, so cargo rebuilds only the exercises that differ from the last
        // run in this slot: for `grade`, the exercises one learner solved and another did not.
        let crates_dir = root.join(&crates);
        for exercise in exercises {
            let mut wanted = files_by_path(&course.exercise_dir(exercise));
            match overlay {
                Overlay::Nothing => {}
                Overlay::Solutions => {
                    let solution = course.solution_dir(exercise);
                    for relative in files_below(&solution) {
                        wanted.insert(relative.clone(), solution.join(relative));
                    }
                }
                Overlay::Submission(submission) => {
                    for file in learner_files(course, exercise) {
                        let source = submission.join(&exercise.dir).join(&file);
                        if source.is_file() {
                            wanted.insert(file, source);
                        }
                    }
                }
            }
            sync_files(&crates_dir.join(&exercise.dir), &wanted)?;
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

/// Every file below `dir` (leaving out `target/`), keyed by its path relative to `dir`.
fn files_by_path(dir: &Path) -> BTreeMap<PathBuf, PathBuf> {
    files_below(dir)
        .into_iter()
        .map(|relative| (relative.clone(), dir.join(relative)))
        .collect()
}

/// Makes `dir` hold exactly the `wanted` files (relative path -> source), writing only
/// those whose content differs.
fn sync_files(dir: &Path, wanted: &BTreeMap<PathBuf, PathBuf>) -> Result<()> {
    for relative in files_below(dir) {
        if !wanted.contains_key(&relative) {
            std::fs::remove_file(dir.join(&relative))
                .with_context(|| format!("cannot remove {}", dir.join(&relative).display()))?;
        }
    }
    for (relative, source) in wanted {
        let destination = dir.join(relative);
        let contents =
            std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?;
        if std::fs::read(&destination).is_ok_and(|existing| existing == contents) {
            continue;
        }
        if let Some(parent) = destination.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&destination, contents)
            .with_context(|| format!("cannot write {}", destination.display()))?;
    }
    Ok(())
}
