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

pub fn measure(
    tools: &Tools,
    course: &CourseFolder,
    target_dir: &Path,
    saves: usize,
) -> Result<Measurement> {
    let exercise = course.first();
    let mut file = EditedFile::open(course.main_file(exercise))?;

    eprintln!(
        "watch: starting `backlings watch` on `{}` (its first verdict builds what is not built yet)...",
        exercise.name
    );
    let session = WatchSession::start(tools, &course.root, target_dir)?;
    session.wait_for_verdict(0, FIRST_VERDICT_WITHIN)?;
    session.wait_until_quiet(QUIET)?;
    let mut runner = Vec::new();
    // The first save warms up what a first incremental build touches; it is not timed.
    for save in 0..=saves {
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
            let took = millis(drawn.duration_since(saved));
            eprintln!("watch: save {save} of {saves}: verdict after {took:.0} ms");
            runner.push(took);
        }
    }
    session.quit()?;

    let label = format!("cargo test -p {}", exercise.package);
    let mut cargo = Vec::new();
    for run in 0..=saves {
        let saved = file.change()?;
        let mut command = tools.cargo(&course.root, target_dir);
        command.args(["test", "-p", &exercise.package]);
        let (_, output) = timed(&mut command, &format!("`{label}`"))?;
        let took = millis(saved.elapsed());
        check_cargo_test(&output, &format!("`{label}`"))?;
        if run > 0 {
            eprintln!("watch: {label} {run} of {saves}: {took:.0} ms");
            cargo.push(took);
        }
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
         for; timed from the write to the verdict on screen, and to the end of `cargo test`",
        exercise.name,
        exercise.dir.join("src/lib.rs").display()
    )))
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
