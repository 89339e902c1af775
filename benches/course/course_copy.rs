//! The course folders a run measures: the course as shipped, a working copy of it, a
//! solved copy, and the graded copies made from the solved one.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use backlings::course::{Course, Service, files_below};

use crate::tools::{Tools, last_lines, timed};

/// The progress file: left out of copies, so watch mode starts on the first exercise.
const STATE_FILE: &str = ".backlings-state.toml";

/// An exercise crate of a course folder.
pub struct ExerciseCrate {
    pub name: String,
    /// Relative to the course root, e.g. `exercises/01_http/request_line`.
    pub dir: PathBuf,
    /// The cargo package, for `cargo test -p`.
    pub package: String,
    /// The servers its tests need.
    pub services: Vec<Service>,
}

pub struct CourseFolder {
    pub root: PathBuf,
    /// `course_id course_version` from info.toml, when it names them.
    pub release: Option<String>,
    pub exercises: Vec<ExerciseCrate>,
}

impl CourseFolder {
    pub fn load(root: &Path) -> Result<Self> {
        // Canonical, as cargo reports paths, so crate folders compare as plain paths.
        let root = &root
            .canonicalize()
            .with_context(|| format!("cannot find the course folder {}", root.display()))?;
        let course = Course::load(root)
            .with_context(|| format!("cannot read the course in {}", root.display()))?;
        let exercises = course
            .exercises
            .iter()
            .map(|exercise| {
                Ok(ExerciseCrate {
                    name: exercise.name.clone(),
                    package: package_name(&root.join(&exercise.dir))?,
                    dir: exercise.dir.clone(),
                    services: exercise.services.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if exercises.is_empty() {
            bail!("the course in {} has no exercises", root.display());
        }
        let release = course
            .course_id
            .map(|id| format!("{id} {}", course.course_version.unwrap_or_default()));
        Ok(Self {
            root: root.to_path_buf(),
            release,
            exercises,
        })
    }

    pub fn crate_dir(&self, exercise: &ExerciseCrate) -> PathBuf {
        self.root.join(&exercise.dir)
    }

    /// The file a learner edits.
    pub fn main_file(&self, exercise: &ExerciseCrate) -> PathBuf {
        self.crate_dir(exercise).join("src").join("lib.rs")
    }

    pub fn first(&self) -> &ExerciseCrate {
        &self.exercises[0]
    }
}

/// The folders of one run, all below the harness's scratch folder.
pub struct Courses {
    /// As shipped and never changed: grading grades against it.
    pub pristine: CourseFolder,
    /// A copy as shipped, where watch mode runs.
    pub working: CourseFolder,
    /// A copy with every solution laid over: every exercise builds and passes.
    pub solved: CourseFolder,
    /// For each exercise, the files a learner changes, relative to its crate.
    pub learner_files: Vec<Vec<PathBuf>>,
}

impl Courses {
    /// Makes the folders from a copy of `source`, or from `backlings init` without one.
    pub fn prepare(tools: &Tools, source: Option<&Path>, scratch: &Path) -> Result<Self> {
        let pristine_root = scratch.join("course");
        match source {
            Some(source) => copy_course(source, &pristine_root)?,
            None => init_course(tools, &pristine_root, scratch)?,
        }
        let pristine = CourseFolder::load(&pristine_root)?;

        let working_root = scratch.join("working");
        copy_course(&pristine_root, &working_root)?;
        let working = CourseFolder::load(&working_root)?;

        let solved_root = scratch.join("solved");
        copy_course(&pristine_root, &solved_root)?;
        // A fresh course holds no solutions yet: those of this repository are the ones the
        // runner embeds.
        let solution_roots = [
            pristine_root.join("solutions"),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("solutions"),
        ];
        let mut learner_files = Vec::new();
        for exercise in &pristine.exercises {
            let solution = solution_dir(exercise, &solution_roots)?;
            let files = files_below(&solution);
            for file in &files {
                let destination = solved_root.join(&exercise.dir).join(file);
                copy_file(&solution.join(file), &destination)?;
            }
            learner_files.push(files);
        }
        let solved = CourseFolder::load(&solved_root)?;

        Ok(Self {
            pristine,
            working,
            solved,
            learner_files,
        })
    }

    /// `count` copies of the solved course in `dir`, as learners would hand them in: each
    /// differs from every other in every file a learner changes (a comment of its own).
    pub fn graded_copies(&self, dir: &Path, count: usize) -> Result<Vec<PathBuf>> {
        let mut copies = Vec::new();
        for number in 1..=count {
            let copy = dir.join(format!("learner-{number:02}"));
            copy_course(&self.solved.root, &copy)?;
            for (exercise, files) in self.solved.exercises.iter().zip(&self.learner_files) {
                for file in files {
                    let path = copy.join(&exercise.dir).join(file);
                    let Some(comment) =
                        comment_line(&path, &format!("handed in by learner {number}"))
                    else {
                        continue;
                    };
                    let mut text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    if !text.ends_with('\n') {
                        text.push('\n');
                    }
                    text.push_str(&comment);
                    std::fs::write(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            copies.push(copy);
        }
        Ok(copies)
    }
}

/// A comment line in the language of the file at `path`, for the file kinds a learner edits.
pub fn comment_line(path: &Path, text: &str) -> Option<String> {
    let marker = match path.extension()?.to_str()? {
        "rs" => "//",
        "sql" => "--",
        "toml" => "#",
        _ => return None,
    };
    Some(format!("{marker} {text}\n"))
}

fn init_course(tools: &Tools, dir: &Path, scratch: &Path) -> Result<()> {
    let target = scratch.join("target-init");
    let mut command = tools.backlings(scratch, &target);
    command.arg("init").arg(dir);
    let (_, output) = timed(&mut command, "`backlings init`")?;
    if !output.status.success() {
        bail!(
            "`backlings init {}` failed ({}):\n{}",
            dir.display(),
            output.status,
            last_lines(&output)
        );
    }
    Ok(())
}

/// The first of `roots` that holds a solution for `exercise`.
fn solution_dir(exercise: &ExerciseCrate, roots: &[PathBuf]) -> Result<PathBuf> {
    let below = exercise
        .dir
        .strip_prefix("exercises")
        .unwrap_or(&exercise.dir);
    for root in roots {
        let dir = root.join(below);
        if !files_below(&dir).is_empty() {
            return Ok(dir);
        }
    }
    bail!(
        "no solution for exercise `{}` in {}; the solved copy needs one for every exercise",
        exercise.name,
        roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(" or ")
    )
}

fn package_name(crate_dir: &Path) -> Result<String> {
    let path = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: toml::Table =
        toml::from_str(&text).with_context(|| format!("cannot parse {}", path.display()))?;
    manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .with_context(|| format!("{} names no package", path.display()))
}

/// Copies a course folder, leaving out build output, git's folder and the progress file.
fn copy_course(from: &Path, to: &Path) -> Result<()> {
    if !from.join("info.toml").is_file() {
        bail!(
            "{} is not a course folder (it has no info.toml)",
            from.display()
        );
    }
    for file in files_below(from) {
        if file == Path::new(STATE_FILE) {
            continue;
        }
        copy_file(&from.join(&file), &to.join(&file))?;
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::copy(from, to)
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}
