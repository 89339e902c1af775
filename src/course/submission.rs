//! A learner's submission, as grading sees it: which files are theirs to change, and
//! which files of the course they changed anyway (grading uses the course's copies).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Course, Exercise, embedded, files_below, pristine, scaffold};

/// A file the learner is not meant to change, found changed in a submission.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProtectedChange {
    /// Relative to the course root, with `/` separators.
    pub path: String,
    pub change: Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Modified,
    Added,
    Removed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Modified => "modified",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }
}

/// The files of `exercise` a learner is meant to change, relative to its crate: the
/// paths its solution holds (on disk, or in the embedded copy), else `src/lib.rs`.
pub fn learner_files(course: &Course, exercise: &Exercise) -> Vec<PathBuf> {
    let on_disk = files_below(&course.solution_dir(exercise));
    if !on_disk.is_empty() {
        return on_disk;
    }
    if pristine::check_same_course(course).is_ok() {
        let solution = Path::new("solutions").join(
            exercise
                .dir
                .strip_prefix("exercises")
                .unwrap_or(&exercise.dir),
        );
        let embedded: Vec<PathBuf> = embedded::files_under(&solution)
            .iter()
            .filter_map(|f| {
                Path::new(f.path)
                    .strip_prefix(&solution)
                    .ok()
                    .map(PathBuf::from)
            })
            .collect();
        if !embedded.is_empty() {
            return embedded;
        }
    }
    vec![PathBuf::from("src").join("lib.rs")]
}

/// Every file of the course a submission changed, added or removed, apart from the
/// learner files: tests, manifests, info.toml, the tests' support crate, cargo config.
pub fn protected_changes(course: &Course, submission: &Path) -> Result<Vec<ProtectedChange>> {
    let mut changes = BTreeSet::new();
    let mut note = |path: &Path, change: Change| {
        changes.insert(ProtectedChange {
            path: path.to_string_lossy().replace('\\', "/"),
            change,
        });
    };

    compare_file(course, submission, Path::new("info.toml"), &mut note);
    let manifest = Path::new("Cargo.toml");
    let project = |root: &Path| {
        std::fs::read(root.join(manifest))
            .ok()
            .and_then(|bytes| scaffold::course_manifest(&bytes).ok())
    };
    match (project(&course.root), project(submission)) {
        (Some(a), Some(b)) if a == b => {}
        (_, None) if !submission.join(manifest).exists() => note(manifest, Change::Removed),
        _ => note(manifest, Change::Modified),
    }
    for folder in ["support", ".cargo"] {
        compare_tree(course, submission, Path::new(folder), &[], &mut note);
    }
    for exercise in &course.exercises {
        let learner = learner_files(course, exercise);
        compare_tree(course, submission, &exercise.dir, &learner, &mut note);
    }
    Ok(changes.into_iter().collect())
}

fn compare_file(
    course: &Course,
    submission: &Path,
    path: &Path,
    note: &mut impl FnMut(&Path, Change),
) {
    match (
        std::fs::read(course.root.join(path)),
        std::fs::read(submission.join(path)),
    ) {
        (Ok(a), Ok(b)) if a == b => {}
        (Ok(_), Ok(_)) => note(path, Change::Modified),
        (Ok(_), Err(_)) => note(path, Change::Removed),
        (Err(_), Ok(_)) => note(path, Change::Added),
        (Err(_), Err(_)) => {}
    }
}

/// Compares the files below `dir` (course-relative) in both, except `skip` (relative to `dir`).
fn compare_tree(
    course: &Course,
    submission: &Path,
    dir: &Path,
    skip: &[PathBuf],
    note: &mut impl FnMut(&Path, Change),
) {
    let mut files: BTreeSet<PathBuf> = files_below(&course.root.join(dir)).into_iter().collect();
    files.extend(files_below(&submission.join(dir)));
    for file in files.iter().filter(|f| !skip.contains(f)) {
        compare_file(course, submission, &dir.join(file), note);
    }
}

/// One part of a class, to spread grading over a CI matrix: `--shard 2/4` grades the
/// second of four parts. Submissions are dealt out by their sorted names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub fn includes(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parsed = text
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if count >= 1 && (1..=count).contains(&index) => {
                Ok(Self { index, count })
            }
            _ => Err(format!(
                "`{text}` is not a shard; write K/N with 1 <= K <= N, for example `--shard 2/4`"
            )),
        }
    }
}
