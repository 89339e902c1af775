//! What watch mode shows: the current exercise's verdict, notices, the list, and the keys.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use console::{Term, style};

use super::Job;
use crate::course::Course;
use crate::engine::Outcome;
use crate::report::human;
use crate::state::Progress;
use crate::ui::ListView;
use crate::ui::watch_screen::{file_link, key_help, progress_bar};

const BAR_WIDTH: usize = 30;

#[derive(Default)]
pub struct Screen {
    /// Shown once, on the first visit.
    pub welcome: Option<String>,
    /// One sentence for the learner, shown once.
    pub notice: Option<String>,
    /// The current exercise's last verdict.
    pub outcome: Option<Outcome>,
    /// Where the solution of the solved current exercise can be compared.
    pub solution: Option<PathBuf>,
    pub show_hint: bool,
    pub list: Option<ListView>,
    /// The exercise (course index) waiting for a yes before it is reset.
    pub confirm_reset: Option<usize>,
    /// The outcomes of checking every exercise, and whether the course is now complete.
    pub summary: Option<(Vec<Outcome>, bool)>,
}

impl Screen {
    /// The screen while a job runs; the progress bar draws below it.
    pub fn show_testing(&mut self, course: &Course, progress: &Progress, job: Job) {
        let mut out = String::new();
        self.header(&mut out, course, progress);
        match job {
            Job::Exercise(index) => {
                let _ = writeln!(
                    out,
                    "Testing {}...",
                    style(&course.exercises[index].name).bold()
                );
            }
            Job::All { finale: true } => {
                let _ = writeln!(
                    out,
                    "That was the last one! Checking every exercise once more..."
                );
            }
            Job::All { finale: false } => {
                let _ = writeln!(out, "Checking every exercise...");
            }
        }
        show(&out);
    }

    pub fn draw(&mut self, course: &Course, progress: &Progress, current: usize) {
        let mut out = String::new();
        if let Some(list) = &self.list {
            let rows = Term::stdout().size().0 as usize;
            out.push_str(&list.render(course, progress, current, rows.saturating_sub(2)));
            self.confirm_line(&mut out, course);
            show(&out);
            return;
        }
        self.header(&mut out, course, progress);
        let exercise = &course.exercises[current];

        if let Some((outcomes, complete)) = &self.summary {
            let width = course.name_width();
            for outcome in outcomes.iter().filter(|o| !o.passed()) {
                let _ = writeln!(out, "{}", human::verdict_line(outcome, width));
            }
            let _ = writeln!(out, "\n{}\n", human::summary(course, outcomes));
            if *complete {
                let message = course.final_message.as_deref().unwrap_or(ALL_DONE);
                let _ = writeln!(out, "{}\n", message.trim_end());
            }
        } else if let Some(outcome) = &self.outcome {
            out.push_str(&human::verdict_details(exercise, outcome));
            if !outcome.passed() {
                let _ = writeln!(
                    out,
                    "Save the file to test it again. Stuck? Press {} for a hint.",
                    style("h").bold().cyan()
                );
            }
            if outcome.passed() {
                if let Some(solution) = &self.solution {
                    let shown = solution.strip_prefix(&course.root).unwrap_or(solution);
                    let _ = writeln!(
                        out,
                        "\nCompare yours with the solution: {}",
                        file_link(solution, shown)
                    );
                }
                let next = progress.first_pending(course, current + 1);
                let _ = match next {
                    Some(next) => writeln!(
                        out,
                        "\n{} Press {} for the next exercise, {}.",
                        style("Well done!").green().bold(),
                        style("n").bold().cyan(),
                        style(&next.name).bold()
                    ),
                    None => writeln!(out, "\n{}", style("Well done!").green().bold()),
                };
            }
        }
        if self.show_hint {
            let _ = writeln!(
                out,
                "\n{}\n{}",
                style("Hint:").bold().yellow(),
                exercise.hint
            );
        }
        let file = course.main_file(exercise);
        self.welcome = None;
        let _ = writeln!(
            out,
            "\nCurrent exercise: {}",
            file_link(&course.root.join(&file), &file)
        );
        self.confirm_line(&mut out, course);
        let _ = writeln!(out, "{}", key_help(WATCH_KEYS));
        show(&out);
    }

    /// Progress, the welcome on a first visit (until a verdict is drawn), and a notice.
    fn header(&mut self, out: &mut String, course: &Course, progress: &Progress) {
        if let Some(welcome) = self.welcome.as_ref() {
            let _ = writeln!(out, "{}\n", welcome.trim());
        }
        let _ = writeln!(
            out,
            "{}\n",
            progress_bar(
                progress.done_count(course),
                course.exercises.len(),
                BAR_WIDTH
            )
        );
        if let Some(notice) = self.notice.take() {
            let _ = writeln!(out, "{} {notice}\n", style("!").yellow().bold());
        }
    }

    fn confirm_line(&self, out: &mut String, course: &Course) {
        if let Some(index) = self.confirm_reset {
            let _ = writeln!(
                out,
                "\n{} Reset `{}` to its original files? Your changes to them are lost. \
                 Press {} to reset, any other key to keep them.",
                style("?").yellow().bold(),
                course.exercises[index].name,
                style("y").bold().cyan()
            );
        }
    }
}

/// Clears the terminal and shows `text` in its place.
fn show(text: &str) {
    let term = Term::stdout();
    let _ = term.clear_screen();
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

pub fn goodbye() {
    println!("\nSee you soon! Your progress is saved; run `backlings` to continue.");
}

const WATCH_KEYS: &[(&str, &str)] = &[
    ("n", "next"),
    ("h", "hint"),
    ("l", "list"),
    ("r", "rerun"),
    ("c", "check all"),
    ("x", "reset"),
    ("q", "quit"),
];

const ALL_DONE: &str = "Every exercise is done. Well played!";
