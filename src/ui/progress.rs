//! Live progress of a check: cargo's compile count while it builds, then exercises done
//! of total. Drawn on stderr, and only when stderr is a terminal.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::{Event, Outcome};

pub struct CheckProgress {
    bar: ProgressBar,
    total_exercises: usize,
    /// Crates cargo compiled in this build (not the ones it found up to date).
    compiled: AtomicUsize,
    /// Units cargo reported, fresh or not, and how many it will report in all (0: unknown).
    units_done: AtomicUsize,
    units_planned: AtomicUsize,
    build_finished: AtomicBool,
    finished: AtomicUsize,
    /// Lines waiting for the exercises before them, so output stays in course order.
    pending_lines: Mutex<OrderedLines>,
}

struct OrderedLines {
    next: usize,
    lines: Vec<Option<String>>,
}

impl CheckProgress {
    /// `total` exercises will finish; `first_build` says the dependencies are not yet compiled.
    pub fn new(total: usize, first_build: bool) -> Self {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner:.cyan} {msg}").expect("a valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        if first_build {
            bar.println(FIRST_BUILD_NOTE);
            if bar.is_hidden() {
                eprintln!("{FIRST_BUILD_NOTE}");
            }
        }
        bar.set_message("Building...");
        Self {
            bar,
            total_exercises: total,
            compiled: AtomicUsize::new(0),
            units_done: AtomicUsize::new(0),
            units_planned: AtomicUsize::new(0),
            build_finished: AtomicBool::new(false),
            finished: AtomicUsize::new(0),
            pending_lines: Mutex::new(OrderedLines {
                next: 0,
                lines: vec![None; total],
            }),
        }
    }

    /// Updates the bar for an engine event; with `line_for`, also prints one line per
    /// finished exercise, in the order of the exercises given to the engine.
    pub fn on_event(&self, event: &Event, line_for: Option<&dyn Fn(&Outcome) -> String>) {
        match event {
            Event::Compiled { crate_name, fresh } => {
                let done = self.units_done.fetch_add(1, Ordering::Relaxed) + 1;
                if !fresh {
                    let compiled = self.compiled.fetch_add(1, Ordering::Relaxed) + 1;
                    match self.units_planned.load(Ordering::Relaxed) {
                        0 => self.bar.set_message(format!(
                            "Compiling: {compiled} crates built, now {crate_name}"
                        )),
                        planned => {
                            self.show_units_done(done, planned);
                            self.bar.set_message(crate_name.to_string());
                        }
                    }
                }
            }
            // A plan that arrives after the build is of no use any more.
            Event::BuildPlanned { .. } if self.build_finished.load(Ordering::Relaxed) => {}
            Event::BuildPlanned { units } => {
                self.units_planned.store(*units, Ordering::Relaxed);
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner:.cyan} Compiling [{bar:30.cyan/dim}] {pos}/{len} crates: {msg}",
                    )
                    .expect("a valid template")
                    .progress_chars("=> "),
                );
                self.bar.set_length(*units as u64);
                self.show_units_done(self.units_done.load(Ordering::Relaxed), *units);
            }
            Event::BuildFinished => {
                self.build_finished.store(true, Ordering::Relaxed);
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner:.cyan} Testing [{bar:30.cyan/dim}] {pos}/{len} exercises",
                    )
                    .expect("a valid template")
                    .progress_chars("=> "),
                );
                self.bar.set_length(self.total_exercises as u64);
                self.bar
                    .set_position(self.finished.load(Ordering::Relaxed) as u64);
            }
            Event::ExerciseFinished { index, outcome } => {
                let n = self.finished.fetch_add(1, Ordering::Relaxed) + 1;
                self.bar.set_position(n as u64);
                if let Some(line_for) = line_for {
                    self.print_in_order(*index, line_for(outcome));
                }
            }
        }
    }

    /// The plan is an estimate: the bar stays short of its end until cargo is done.
    fn show_units_done(&self, done: usize, planned: usize) {
        self.bar
            .set_position(done.min(planned.saturating_sub(1)) as u64);
    }

    fn print_in_order(&self, index: usize, line: String) {
        let mut pending = self.pending_lines.lock().expect("progress lock");
        pending.lines[index] = Some(line);
        while pending.next < pending.lines.len() {
            let next = pending.next;
            let Some(line) = pending.lines[next].take() else {
                break;
            };
            self.bar.suspend(|| println!("{line}"));
            pending.next += 1;
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for CheckProgress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

const FIRST_BUILD_NOTE: &str =
    "The first build compiles every dependency of the course once; this can take a few minutes.";
