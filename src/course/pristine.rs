//! The course's original files, from the copy embedded in the runner: restoring an
//! exercise (`reset`) and revealing a solution once the exercise is solved.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::embedded::{self, target_path};
use super::{Course, Exercise};

/// Whether this runner carries the original files of `course`: the same course id and
/// version in both info.toml files. Says why not, in one sentence, when it does not.
pub fn check_same_course(course: &Course) -> Result<()> {
    if course.course_id.is_none() {
        bail!(
            "this folder's info.toml names no `course_id`, so this backlings does not carry \
             its original files; restore them from where the course came from"
        );
    }
    check_release(course)
}

/// A course folder that names a course id must be this runner's course, in the same
/// release: another course's or another release's exercises are not the ones this runner
/// resets and reveals. Says what to do instead. A folder without a course id is a course
/// of its author's own and is run as it is.
pub fn check_release(course: &Course) -> Result<()> {
    let (id, version) = embedded::identity();
    let Some(folder_id) = &course.course_id else {
        return Ok(());
    };
    if Some(folder_id) != id.as_ref() {
        bail!(
            "this folder holds the course `{folder_id}`, but this backlings carries the course \
             `{}`; run it with the backlings that came with that course",
            id.as_deref().unwrap_or("(none)")
        );
    }
    if course.course_version != version {
        bail!(
            "this course folder was made for version {} of the course, and this backlings \
             carries version {}; keep using the backlings that made it, or start the new \
             version in a fresh folder with `backlings init <folder>` and copy your solutions over",
            course.course_version.as_deref().unwrap_or("(none)"),
            version.as_deref().unwrap_or("(none)")
        );
    }
    Ok(())
}

/// Puts every original file of `exercise` back, and returns them (relative to the
/// course root). Files the learner added are left alone.
pub fn reset_exercise(course: &Course, exercise: &Exercise) -> Result<Vec<PathBuf>> {
    check_same_course(course)?;
    let files = embedded::files_under(&exercise.dir);
    if files.is_empty() {
        bail!(
            "this backlings carries no files for `{}`; is the folder from another release?",
            exercise.name
        );
    }
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let path = target_path(&course.root, file.path);
        write_file(&path, file.contents)?;
        written.push(PathBuf::from(file.path));
    }
    Ok(written)
}

/// Where the learner can compare their work with the solution of a solved exercise: the
/// solution already in the course folder (a course's own repository), or one written
/// from the embedded copy now, never over an existing file. `None` when there is none.
pub fn reveal_solution(course: &Course, exercise: &Exercise) -> Option<PathBuf> {
    let solution_dir = course.solution_dir(exercise);
    let main = solution_dir.join("src").join("lib.rs");
    if solution_dir.exists() || is_course_repository(&course.root) {
        return main.exists().then_some(main);
    }
    check_same_course(course).ok()?;
    let relative = solution_dir.strip_prefix(&course.root).ok()?;
    let files = embedded::files_under(relative);
    for file in &files {
        let path = target_path(&course.root, file.path);
        if !path.exists() {
            write_file(&path, file.contents).ok()?;
        }
    }
    (!files.is_empty() && main.exists()).then_some(main)
}

/// The course's own repository (its Cargo.toml is also the runner's package), where the
/// solutions are the authors' and nothing is written into them.
pub fn is_course_repository(root: &Path) -> bool {
    std::fs::read_to_string(root.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|manifest| manifest.contains_key("package"))
}

fn write_file(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the folder {}", parent.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}
