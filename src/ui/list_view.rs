//! The interactive exercise list of watch mode: move, filter, search, pick one.

use std::fmt::Write;

use console::style;

use super::keys::Key;
use crate::course::Course;
use crate::state::Progress;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Done,
    Pending,
}

/// What the learner asked for from the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Stay,
    Close,
    /// Make this exercise (a course index) the current one.
    Start(usize),
    /// Reset this exercise (a course index) to its original files, after confirming.
    Reset(usize),
}

pub struct ListView {
    /// The selected exercise, as a course index.
    selected: usize,
    filter: Filter,
    search: String,
    typing_search: bool,
}

impl ListView {
    pub fn new(current: usize) -> Self {
        Self {
            selected: current,
            filter: Filter::All,
            search: String::new(),
            typing_search: false,
        }
    }

    /// The course indices the filter and the search let through, in course order.
    fn visible(&self, course: &Course, progress: &Progress) -> Vec<usize> {
        let search = self.search.to_lowercase();
        course
            .exercises
            .iter()
            .enumerate()
            .filter(|(_, e)| match self.filter {
                Filter::All => true,
                Filter::Done => progress.is_done(e),
                Filter::Pending => !progress.is_done(e),
            })
            .filter(|(_, e)| e.name.contains(&search))
            .map(|(i, _)| i)
            .collect()
    }

    /// The selection if it is visible, else the first visible exercise.
    fn selection(&self, visible: &[usize]) -> Option<usize> {
        visible
            .contains(&self.selected)
            .then_some(self.selected)
            .or_else(|| visible.first().copied())
    }

    pub fn on_key(&mut self, key: Key, course: &Course, progress: &Progress) -> ListAction {
        if self.typing_search {
            match key {
                Key::Char(c) => self.search.push(c.to_ascii_lowercase()),
                Key::Backspace => {
                    self.search.pop();
                }
                Key::Escape => {
                    self.search.clear();
                    self.typing_search = false;
                }
                Key::Enter | Key::Up | Key::Down => self.typing_search = false,
            }
            return ListAction::Stay;
        }
        let visible = self.visible(course, progress);
        let selection = self.selection(&visible);
        let position = selection.and_then(|s| visible.iter().position(|&i| i == s));
        match key {
            Key::Up | Key::Char('k') => {
                if let Some(p) = position {
                    self.selected = visible[p.saturating_sub(1)];
                }
            }
            Key::Down | Key::Char('j') => {
                if let Some(p) = position {
                    self.selected = visible[(p + 1).min(visible.len() - 1)];
                }
            }
            Key::Char('a') => self.filter = Filter::All,
            Key::Char('d') => self.filter = Filter::Done,
            Key::Char('p') => self.filter = Filter::Pending,
            Key::Char('/') => {
                self.search.clear();
                self.typing_search = true;
            }
            Key::Enter | Key::Char('s') => {
                if let Some(index) = selection {
                    return ListAction::Start(index);
                }
            }
            Key::Char('x') => {
                if let Some(index) = selection {
                    return ListAction::Reset(index);
                }
            }
            Key::Escape | Key::Char('q' | 'l') => return ListAction::Close,
            _ => {}
        }
        ListAction::Stay
    }

    /// The list as a screen of at most `rows` lines.
    pub fn render(
        &self,
        course: &Course,
        progress: &Progress,
        current: usize,
        rows: usize,
    ) -> String {
        let visible = self.visible(course, progress);
        let selection = self.selection(&visible);
        let mut out = String::new();
        let filter = match self.filter {
            Filter::All => "all",
            Filter::Done => "done",
            Filter::Pending => "pending",
        };
        let _ = write!(
            out,
            "{}  {} of {} done · showing {filter}",
            style("Exercises").bold(),
            progress.done_count(course),
            course.exercises.len()
        );
        if self.typing_search || !self.search.is_empty() {
            let cursor = if self.typing_search { "_" } else { "" };
            let _ = write!(out, " · search: {}{cursor}", style(&self.search).cyan());
        }
        out.push_str("\n\n");

        let room = rows.saturating_sub(5).max(3);
        let position = selection
            .and_then(|s| visible.iter().position(|&i| i == s))
            .unwrap_or(0);
        let start = position
            .saturating_sub(room / 2)
            .min(visible.len().saturating_sub(room));
        let width = course.name_width();
        if visible.is_empty() {
            out.push_str("  No exercise matches.\n");
        }
        for &index in visible.iter().skip(start).take(room) {
            let exercise = &course.exercises[index];
            let pointer = if Some(index) == selection { ">" } else { " " };
            let state = if progress.is_done(exercise) {
                style("done   ").green()
            } else {
                style("pending").yellow()
            };
            let name = format!("{:width$}", exercise.name);
            let name = if Some(index) == selection {
                style(name).bold().reverse()
            } else {
                style(name)
            };
            let topic = exercise.topic.as_deref().unwrap_or("");
            let marker = if index == current { "  (current)" } else { "" };
            let _ = writeln!(
                out,
                "{pointer} {state}  {name}  {}{marker}",
                style(topic).dim()
            );
        }
        out.push('\n');
        out.push_str(&super::watch_screen::key_help(LIST_KEYS));
        out
    }
}

const LIST_KEYS: &[(&str, &str)] = &[
    ("↑↓/jk", "move"),
    ("enter", "start"),
    ("a/d/p", "all/done/pending"),
    ("/", "search"),
    ("x", "reset"),
    ("esc", "back"),
];

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;
    use crate::course::Exercise;

    fn course(names: &[&str]) -> Course {
        Course {
            root: PathBuf::from("/course"),
            course_id: None,
            course_version: None,
            welcome_message: None,
            final_message: None,
            exercises: names
                .iter()
                .map(|name| Exercise {
                    name: name.to_string(),
                    dir: PathBuf::from("exercises").join(name),
                    topic: None,
                    hint: "h".into(),
                    points: 1,
                    timeout: Duration::from_secs(1),
                    services: Vec::new(),
                    engines: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn moves_within_the_filtered_rows_and_starts_the_selected_one() {
        let course = course(&["alpha", "beta", "gamma"]);
        let progress = Progress {
            current: None,
            done: ["beta".to_string()].into(),
        };
        let mut list = ListView::new(0);
        assert_eq!(
            list.on_key(Key::Char('p'), &course, &progress),
            ListAction::Stay
        );
        list.on_key(Key::Down, &course, &progress);
        // beta is done, so the pending filter skips it.
        assert_eq!(
            list.on_key(Key::Enter, &course, &progress),
            ListAction::Start(2)
        );
    }

    #[test]
    fn search_narrows_the_list_by_name() {
        let course = course(&["jwt_sign", "jwt_verify", "lru_cache"]);
        let progress = Progress::default();
        let mut list = ListView::new(2);
        for key in [Key::Char('/'), Key::Char('v'), Key::Char('e'), Key::Enter] {
            list.on_key(key, &course, &progress);
        }
        assert_eq!(
            list.on_key(Key::Char('x'), &course, &progress),
            ListAction::Reset(1)
        );
        assert!(
            list.render(&course, &progress, 0, 20)
                .contains("jwt_verify")
        );
        assert!(!list.render(&course, &progress, 0, 20).contains("lru_cache"));
    }

    #[test]
    fn escape_closes_the_list() {
        let course = course(&["alpha"]);
        let mut list = ListView::new(0);
        assert_eq!(
            list.on_key(Key::Escape, &course, &Progress::default()),
            ListAction::Close
        );
    }
}
