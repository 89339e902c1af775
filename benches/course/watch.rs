//! Save to verdict: how long after a save watch mode shows the new verdict, against a bare
//! `cargo test -p` of the same exercise after the same kind of change.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::course_copy::{CourseFolder, comment_line};
use crate::measurement::{Budget, Measurement, Relation, Series, Unit};
use crate::terminal::WatchSession;
use crate::tools::{Tools, check_cargo_test, millis, timed};

/// The first verdict may compile every dependency when the target dir is cold.
const FIRST_VERDICT_WITHIN: Duration = Duration::from_secs(20 * 60);
const VERDICT_WITHIN: Duration = Duration::from_secs(5 * 60);
/// Long enough to see a second run start if one save started two.
const QUIET: Duration = Duration::from_millis(400);
/// What the runner may add to a bare `cargo test -p`, in milliseconds.
const BUDGET_MS: f64 = 30.0;
/// Saves timed on one side before the other side takes its turn.
const SAVES_PER_TURN: usize = 5;

pub fn measure(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    saves: usize,
) -> Result<Measurement> {
    let exercise = course.first();
    let mut file = EditedFile::open(course.main_file(exercise))?;
    let label = format!("cargo test -p {}", exercise.package);

    // The two sides take turns, a few saves each, so that a passing load on this machine
    // weighs on both alike rather than on whichever side ran at the time.
    let mut runner = Vec::new();
    let mut cargo = Vec::new();
    let mut block = 0;
    while runner.len() < saves {
        block += 1;
        let count = SAVES_PER_TURN.min(saves - runner.len());
        eprintln!(
            "watch: turn {block}: `backlings watch` on `{}`, then `{label}`, {count} saves each...",
            exercise.name
        );
        runner.extend(watch_saves(tools, course, target_dir, &mut file, count)?);
        cargo.extend(cargo_saves(
            tools, course, target_dir, &mut file, &label, count,
        )?);
    }
    file.restore()?;

    Ok(Measurement::new(
        "watch",
        "watch: save to verdict",
        Unit::Ms,
        Series::new("backlings watch", runner),
    )
    .compared_with(Series::new(label, cargo), Relation::Added)
    .budget(Budget::AddedAtMost(BUDGET_MS))
    .note(format!(
        "`{}` as shipped; each save appends a comment line to {}, which cargo must rebuild \
         for; timed from the write to the verdict on screen, and to the end of `cargo test`; \
         the two sides take turns, {SAVES_PER_TURN} saves each",
        exercise.name,
        exercise.dir.join("src/lib.rs").display()
    )))
}

/// `count` timed saves in one watch session, after an untimed one that warms up what a
/// first incremental build touches.
fn watch_saves(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    file: &mut EditedFile,
    count: usize,
) -> Result<Vec<f64>> {
    let session = WatchSession::start(tools, &course.root, target_dir)?;
    session.wait_for_verdict(0, FIRST_VERDICT_WITHIN)?;
    session.wait_until_quiet(QUIET)?;
    let mut took = Vec::new();
    for save in 0..=count {
        let seen = session.verdicts();
        let saved = file.change()?;
        let drawn = session.wait_for_verdict(seen, VERDICT_WITHIN)?;
        session.wait_until_quiet(QUIET)?;
        if session.verdicts() != seen + 1 {
            bail!(
                "one save led to {} verdicts in `backlings watch`; save-to-verdict needs exactly one run per save",
                session.verdicts() - seen
            );
        }
        if save > 0 {
            let ms = millis(drawn.duration_since(saved));
            eprintln!("watch: save {save} of {count}: verdict after {ms:.0} ms");
            took.push(ms);
        }
    }
    session.quit()?;
    Ok(took)
}

/// `count` timed `cargo test -p` runs, each after a save, after an untimed one.
fn cargo_saves(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    file: &mut EditedFile,
    label: &str,
    count: usize,
) -> Result<Vec<f64>> {
    let package = &course.first().package;
    let mut took = Vec::new();
    for run in 0..=count {
        let saved = file.change()?;
        let mut command = tools.cargo(&course.root, target_dir);
        command.args(["test", "-p", package]);
        let (_, output) = timed(&mut command, &format!("`{label}`"))?;
        let ms = millis(saved.elapsed());
        check_cargo_test(&output, &format!("`{label}`"))?;
        if run > 0 {
            eprintln!("watch: {label} {run} of {count}: {ms:.0} ms");
            took.push(ms);
        }
    }
    Ok(took)
}

/// The learner's file, changed on demand and put back as it was.
struct EditedFile {
    path: PathBuf,
    original: String,
    changes: usize,
}

impl EditedFile {
    fn open(path: PathBuf) -> Result<Self> {
        let original = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Ok(Self {
            path,
            original,
            changes: 0,
        })
    }

    /// Saves the file with a comment line no earlier save had, and says when the save began.
    fn change(&mut self) -> Result<Instant> {
        self.changes += 1;
        let mut text = self.original.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let comment = comment_line(&self.path, &format!("benchmark change {}", self.changes))
            .with_context(|| format!("cannot put a comment in {}", self.path.display()))?;
        text.push_str(&comment);
        let saved = Instant::now();
        std::fs::write(&self.path, text)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(saved)
    }

    fn restore(&self) -> Result<()> {
        std::fs::write(&self.path, &self.original)
            .with_context(|| format!("cannot restore {}", self.path.display()))
    }
}

impl Drop for EditedFile {
    fn drop(&mut self) {
        let _ = self.restore();
    }
}
