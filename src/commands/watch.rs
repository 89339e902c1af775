//! Watch mode, where a learner lives: the current exercise is tested on every save, its
//! verdict shown, and single keys move through the course.

mod event_loss;
mod file_events;
mod fingerprint;
mod screen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use super::Session;
use crate::course::{self, Course, pristine};
use crate::engine::{self, Outcome, Overlay, Verdict};
use crate::state::Progress;
use crate::ui::keys::{self, Key};
use crate::ui::terminal::{self, KeyMode};
use crate::ui::{CheckProgress, ListAction, ListView};
use file_events::FileWatcher;
use fingerprint::Fingerprint;
use screen::Screen;

/// How long the files must stay quiet after a change before a run starts: an editor's
/// save (write a temporary file, rename it over; or delete and recreate) is one burst.
const SETTLE: Duration = Duration::from_millis(10);
/// How often an idle watcher looks for saves that arrived without a file event.
const MISSED_EVENT_CHECK: Duration = Duration::from_secs(3);

pub struct WatchOptions {
    /// Look at modification times instead of waiting for file events.
    pub poll: bool,
    /// Move to the next exercise as soon as the current one passes.
    pub auto_next: bool,
    pub session: Session,
}

enum Input {
    FileChanged(PathBuf),
    Key(Key),
    Finished {
        job: Job,
        result: Result<Vec<Outcome>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    /// Test one exercise (a course index).
    Exercise(usize),
    /// Test every exercise; `finale` when it is the check after the last exercise passed.
    All { finale: bool },
}

#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

pub fn watch(options: WatchOptions) -> Result<ExitCode> {
    if !terminal::is_interactive() {
        bail!(NOT_A_TERMINAL);
    }
    let course = Arc::new(course::load_from_current_dir()?);
    let first_visit = !Progress::path(&course.root).exists();
    let progress = Progress::load(&course.root)?;

    let (sender, inputs) = mpsc::channel();
    let _key_mode = KeyMode::enter()?;
    let key_sender = sender.clone();
    keys::spawn_reader(move |key| key_sender.send(Input::Key(key)).is_ok())?;
    let file_sender = sender.clone();
    let mut files = FileWatcher::new(options.poll, move |path| {
        let _ = file_sender.send(Input::FileChanged(path));
    })?;

    let mut watch = Watch::new(course, progress, sender, &options);
    if first_visit {
        watch.screen.welcome = watch.course.welcome_message.clone();
    }
    if !options.poll
        && let Some(reason) = event_loss::known_event_loss(&watch.course.root)
    {
        watch.screen.notice = Some(format!("{reason}: {POLL_ADVICE}"));
    }
    files.watch(&watch.current_dir())?;
    watch.start(Job::Exercise(watch.current));

    loop {
        let wait = watch.run_due.map_or(MISSED_EVENT_CHECK, |due| {
            due.saturating_duration_since(Instant::now())
        });
        let flow = match inputs.recv_timeout(wait) {
            Ok(Input::FileChanged(path)) => {
                watch.on_file_changed(&path);
                Flow::Continue
            }
            Ok(Input::Key(key)) => watch.on_key(key),
            Ok(Input::Finished { job, result }) => {
                watch.on_finished(job, result);
                Flow::Continue
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                watch.on_quiet();
                Flow::Continue
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Flow::Quit,
        };
        if flow == Flow::Quit {
            break;
        }
        files.watch(&watch.current_dir())?;
    }
    // A run still going is abandoned: its tests are stopped, cargo may finish its build.
    engine::stop_running_tests();
    screen::goodbye();
    Ok(ExitCode::SUCCESS)
}

/// The state of a watch session.
struct Watch {
    course: Arc<Course>,
    progress: Progress,
    sender: mpsc::Sender<Input>,
    auto_next: bool,
    polling: bool,
    session: Session,
    /// The exercise being worked on, a course index.
    current: usize,
    /// The job running now, and one asked for meanwhile (the latest request wins).
    running: Option<Job>,
    queued: Option<Job>,
    /// When files changed, the run they ask for is due at this time, once they are quiet.
    run_due: Option<Instant>,
    /// The current exercise's files when its last run started.
    tested: Option<Fingerprint>,
    /// File events seen for the current exercise since its last run started.
    events_since_run: bool,
    screen: Screen,
}

impl Watch {
    fn new(
        course: Arc<Course>,
        progress: Progress,
        sender: mpsc::Sender<Input>,
        options: &WatchOptions,
    ) -> Self {
        let current = course
            .index_of(&progress.current_exercise(&course).name)
            .unwrap_or(0);
        Self {
            course,
            progress,
            sender,
            auto_next: options.auto_next,
            polling: options.poll,
            session: options.session.clone(),
            current,
            running: None,
            queued: None,
            run_due: None,
            tested: None,
            events_since_run: false,
            screen: Screen::default(),
        }
    }

    fn current_dir(&self) -> PathBuf {
        self.course
            .exercise_dir(&self.course.exercises[self.current])
    }

    fn on_file_changed(&mut self, path: &Path) {
        if path.starts_with(self.current_dir()) {
            self.events_since_run = true;
            self.run_due = Some(Instant::now() + SETTLE);
        }
    }

    /// Nothing arrived for a while: start a due run, or look for a save no event announced.
    fn on_quiet(&mut self) {
        if self.running.is_some() {
            return;
        }
        if let Some(due) = self.run_due {
            if Instant::now() >= due {
                self.run_due = None;
                // Only a real save: a burst that ends where the last run started is done.
                if self.tested.as_ref() != Some(&Fingerprint::of(&self.current_dir())) {
                    self.start(Job::Exercise(self.current));
                }
            }
            return;
        }
        if !self.polling
            && !self.events_since_run
            && let Some(tested) = &self.tested
            && *tested != Fingerprint::of(&self.current_dir())
        {
            self.screen.notice = Some(format!(
                "A file changed without an event arriving: {POLL_ADVICE}"
            ));
            self.start(Job::Exercise(self.current));
        }
    }

    fn start(&mut self, job: Job) {
        if self.running.is_some() {
            self.queued = Some(job);
            return;
        }
        self.running = Some(job);
        let course = Arc::clone(&self.course);
        let sender = self.sender.clone();
        let session = self.session.clone();
        let indices: Vec<usize> = match job {
            Job::Exercise(index) => {
                self.tested = Some(Fingerprint::of(&self.current_dir()));
                self.events_since_run = false;
                vec![index]
            }
            Job::All { .. } => (0..course.exercises.len()).collect(),
        };
        self.screen.show_testing(&course, &self.progress, job);
        let spawned = std::thread::Builder::new()
            .name("watch-run".into())
            .spawn(move || {
                let exercises: Vec<_> = indices.iter().map(|&i| &course.exercises[i]).collect();
                let options = session.engine_options(None, Overlay::Nothing);
                let first_build = !engine::course_target_dir(&course).join("debug").exists();
                let bar = CheckProgress::new(exercises.len(), first_build);
                let result = engine::check(&course, &exercises, &options, &|event| {
                    bar.on_event(&event, None)
                });
                bar.finish();
                let _ = sender.send(Input::Finished { job, result });
            });
        if let Err(error) = spawned {
            self.running = None;
            self.screen.notice = Some(format!("Cannot start a run: {error}"));
        }
    }

    fn on_finished(&mut self, job: Job, result: Result<Vec<Outcome>>) {
        self.running = None;
        match result {
            Err(error) => {
                self.screen.notice = Some(format!("The run could not be done: {error:#}"));
            }
            Ok(outcomes) => match job {
                Job::Exercise(index) => self.exercise_finished(index, outcomes),
                Job::All { finale } => self.all_finished(outcomes, finale),
            },
        }
        self.save_progress();
        if let Some(job) = self.queued.take() {
            self.start(job);
        } else {
            self.redraw();
        }
    }

    fn exercise_finished(&mut self, index: usize, mut outcomes: Vec<Outcome>) {
        let Some(outcome) = outcomes.pop() else {
            return;
        };
        let exercise = &self.course.exercises[index];
        if !matches!(outcome.verdict, Verdict::Skipped { .. }) {
            self.progress.record(exercise, outcome.passed());
        }
        if index != self.current {
            return;
        }
        let passed = outcome.passed();
        self.screen.solution = if passed {
            pristine::reveal_solution(&self.course, exercise)
        } else {
            None
        };
        self.screen.outcome = Some(outcome);
        if !passed {
            return;
        }
        match self.progress.first_pending(&self.course, index + 1) {
            None => self.start(Job::All { finale: true }),
            Some(_) if self.auto_next => self.next_exercise(),
            Some(_) => {}
        }
    }

    fn all_finished(&mut self, outcomes: Vec<Outcome>, finale: bool) {
        for (exercise, outcome) in self.course.exercises.iter().zip(&outcomes) {
            if !matches!(outcome.verdict, Verdict::Skipped { .. }) {
                self.progress.record(exercise, outcome.passed());
            }
        }
        let all_passed = outcomes.iter().all(Outcome::passed);
        // A solved current exercise gives way to the next one still pending.
        if self.progress.is_done(&self.course.exercises[self.current])
            && let Some(pending) = self.progress.first_pending(&self.course, self.current)
        {
            self.current = self.course.index_of(&pending.name).unwrap_or(self.current);
            self.progress.current = Some(pending.name.clone());
        }
        self.screen.outcome = None;
        self.screen.solution = None;
        self.screen.summary = Some((outcomes, all_passed && finale));
    }

    fn on_key(&mut self, key: Key) -> Flow {
        if let Some(index) = self.screen.confirm_reset.take() {
            if key == Key::Char('y') {
                self.screen.list = None;
                self.reset(index);
            } else {
                self.screen.notice = Some("Nothing was reset.".into());
            }
            self.redraw();
            return Flow::Continue;
        }
        if let Some(list) = self.screen.list.as_mut() {
            let action = list.on_key(key, &self.course, &self.progress);
            match action {
                ListAction::Stay => {}
                ListAction::Close => self.screen.list = None,
                ListAction::Start(index) => {
                    self.screen.list = None;
                    self.switch_to(index);
                    return Flow::Continue;
                }
                ListAction::Reset(index) => self.screen.confirm_reset = Some(index),
            }
            self.redraw();
            return Flow::Continue;
        }
        match key {
            Key::Char('q') => return Flow::Quit,
            Key::Char('r') => {
                self.screen.summary = None;
                self.start(Job::Exercise(self.current));
            }
            Key::Char('h') => {
                self.screen.show_hint = !self.screen.show_hint;
                self.redraw();
            }
            Key::Char('l') => {
                self.screen.list = Some(ListView::new(self.current));
                self.redraw();
            }
            Key::Char('n') => {
                let exercise = &self.course.exercises[self.current];
                if self.progress.is_done(exercise) {
                    self.next_exercise();
                } else {
                    self.screen.notice = Some(format!(
                        "`{}` is not done yet: its tests must pass first (or press l to pick another exercise).",
                        exercise.name
                    ));
                    self.redraw();
                }
            }
            Key::Char('c') => self.start(Job::All { finale: false }),
            Key::Char('x') => {
                self.screen.confirm_reset = Some(self.current);
                self.redraw();
            }
            _ => {}
        }
        Flow::Continue
    }

    /// Moves to the next pending exercise after the current one.
    fn next_exercise(&mut self) {
        match self.progress.first_pending(&self.course, self.current + 1) {
            Some(next) => {
                let index = self.course.index_of(&next.name).unwrap_or(self.current);
                self.switch_to(index);
            }
            None => {
                self.screen.notice = Some("Every exercise is done.".into());
                self.redraw();
            }
        }
    }

    fn switch_to(&mut self, index: usize) {
        self.current = index;
        self.progress.current = Some(self.course.exercises[index].name.clone());
        self.save_progress();
        self.run_due = None;
        self.tested = None;
        self.screen.show_hint = false;
        self.screen.summary = None;
        self.screen.outcome = None;
        self.screen.solution = None;
        self.start(Job::Exercise(index));
    }

    fn reset(&mut self, index: usize) {
        let exercise = &self.course.exercises[index];
        match pristine::reset_exercise(&self.course, exercise) {
            Ok(files) => {
                self.screen.notice = Some(format!(
                    "`{}` is back to its original {}.",
                    exercise.name,
                    crate::report::human::count(files.len(), "file")
                ));
                if index == self.current {
                    // The rewritten files announce themselves; this run waits for them.
                    self.run_due = Some(Instant::now() + SETTLE);
                }
            }
            Err(error) => self.screen.notice = Some(format!("Nothing was reset: {error:#}")),
        }
    }

    fn save_progress(&mut self) {
        if self.progress.current.is_none() {
            self.progress.current = Some(self.course.exercises[self.current].name.clone());
        }
        if let Err(error) = self.progress.save(&self.course.root) {
            self.screen.notice = Some(format!("{error:#}"));
        }
    }

    fn redraw(&mut self) {
        self.screen.draw(&self.course, &self.progress, self.current);
    }
}

const NOT_A_TERMINAL: &str = "watch mode needs a terminal to show results and read keys; \
                              use `backlings run` to test the current exercise once, or \
                              `backlings verify` to test them all";
const POLL_ADVICE: &str =
    "if saving a file does not start a run, quit and start `backlings watch --poll`";
