//! `info.toml`: the ordered list of exercises, validated with file, line and column.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::location::{FileError, FileErrors, SourceLocation};
use super::suggest::closest_names;

pub const INFO_FILE: &str = "info.toml";
/// The only `format_version` this runner reads.
pub const FORMAT_VERSION: u32 = 1;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_TIMEOUT_SECS: u64 = 3600;

/// A course as `info.toml` describes it, every field checked.
#[derive(Debug, Clone)]
pub struct Course {
    /// The folder holding `info.toml`; every `dir` is relative to it.
    pub root: PathBuf,
    /// Which course this is and which release of it: a runner restores and reveals files
    /// only from its own embedded copy of the same course.
    pub course_id: Option<String>,
    pub course_version: Option<String>,
    pub welcome_message: Option<String>,
    pub final_message: Option<String>,
    /// In course order.
    pub exercises: Vec<Exercise>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub name: String,
    /// Relative to the course root, e.g. `exercises/01_http/request_line`.
    pub dir: PathBuf,
    pub topic: Option<String>,
    pub hint: String,
    pub points: u32,
    /// How long one test binary of this exercise may run before it is stopped.
    pub timeout: Duration,
    pub services: Vec<Service>,
    /// The SQL engines the exercise's tests run on, when it can run on more than one.
    pub engines: Vec<SqlEngine>,
}

impl Exercise {
    /// The servers a run of this exercise needs when SQL runs on `engine`: its own
    /// services, and PostgreSQL when the exercise runs on PostgreSQL as well as on SQLite.
    pub fn services_on(&self, engine: SqlEngine) -> Vec<Service> {
        let mut services = self.services.clone();
        if engine == SqlEngine::Postgres
            && self.engines.contains(&SqlEngine::Postgres)
            && !services.contains(&Service::Postgres)
        {
            services.push(Service::Postgres);
        }
        services
    }
}

/// Where the SQL of the exercises that run on either engine runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlEngine {
    /// An in-memory SQLite database per test, inside the test process: nothing to install.
    Sqlite,
    /// A PostgreSQL server, provided like any other service.
    Postgres,
}

impl SqlEngine {
    pub const ALL: [SqlEngine; 2] = [SqlEngine::Sqlite, SqlEngine::Postgres];

    pub fn name(self) -> &'static str {
        match self {
            SqlEngine::Sqlite => "sqlite",
            SqlEngine::Postgres => "postgres",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// A server an exercise needs that the course cannot embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    Postgres,
    Redis,
}

impl Service {
    pub const ALL: [Service; 2] = [Service::Postgres, Service::Redis];

    pub fn name(self) -> &'static str {
        match self {
            Service::Postgres => "postgres",
            Service::Redis => "redis",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

impl Course {
    /// Reads and validates `root/info.toml`, reporting every mistake it finds.
    pub fn load(root: &Path) -> Result<Course, FileErrors> {
        let path = root.join(INFO_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            FileErrors(vec![FileError::new(
                SourceLocation {
                    file: path.clone(),
                    line: 1,
                    column: 1,
                },
                format!("cannot read the course file ({e})"),
                "run backlings inside a course folder",
            )])
        })?;
        Self::parse(root, &path, &text)
    }

    fn parse(root: &Path, path: &Path, text: &str) -> Result<Course, FileErrors> {
        let raw: RawCourse = toml::from_str(text).map_err(|e| {
            FileErrors(vec![FileError::new(
                SourceLocation::at_span(path, text, e.span()),
                first_line(e.message()),
                fix_for_toml_error(e.message()),
            )])
        })?;
        Validator {
            root,
            path,
            text,
            errors: Vec::new(),
        }
        .validate(raw)
    }

    /// The exercise called `name`, or an error that suggests the closest names.
    pub fn exercise(&self, name: &str) -> anyhow::Result<&Exercise> {
        if let Some(exercise) = self.exercises.iter().find(|e| e.name == name) {
            return Ok(exercise);
        }
        let suggestions = closest_names(name, self.exercises.iter().map(|e| e.name.as_str()));
        let advice = match suggestions.as_slice() {
            [] => String::new(),
            names => format!(
                "; did you mean {}?",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        anyhow::bail!(
            "there is no exercise named `{name}`{advice} (`backlings list` shows them all)"
        )
    }

    /// The longest exercise name, to align names in columns.
    pub fn name_width(&self) -> usize {
        self.exercises
            .iter()
            .map(|e| e.name.len())
            .max()
            .unwrap_or(0)
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.exercises.iter().position(|e| e.name == name)
    }

    /// The exercise's crate folder, absolute.
    pub fn exercise_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join(&exercise.dir)
    }

    /// Where the solution files of `exercise` live: the same relative path under `solutions/`.
    pub fn solution_dir(&self, exercise: &Exercise) -> PathBuf {
        let below_exercises = exercise
            .dir
            .strip_prefix("exercises")
            .unwrap_or(&exercise.dir);
        self.root.join("solutions").join(below_exercises)
    }

    /// The file a learner edits, relative to the course root.
    pub fn main_file(&self, exercise: &Exercise) -> PathBuf {
        exercise.dir.join("src").join("lib.rs")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourse {
    format_version: Option<Spanned<i64>>,
    course_id: Option<String>,
    course_version: Option<String>,
    welcome_message: Option<String>,
    final_message: Option<String>,
    #[serde(default)]
    exercises: Vec<Spanned<RawExercise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    name: Spanned<String>,
    dir: Spanned<String>,
    hint: Spanned<String>,
    topic: Option<String>,
    points: Option<u32>,
    timeout_secs: Option<Spanned<u64>>,
    #[serde(default)]
    services: Vec<Spanned<String>>,
    #[serde(default)]
    engines: Vec<Spanned<String>>,
}

struct Validator<'a> {
    root: &'a Path,
    path: &'a Path,
    text: &'a str,
    errors: Vec<FileError>,
}

impl Validator<'_> {
    fn validate(mut self, raw: RawCourse) -> Result<Course, FileErrors> {
        self.check_format_version(raw.format_version.as_ref());
        if raw.exercises.is_empty() {
            self.error(
                None,
                "the course lists no exercises",
                "add an `[[exercises]]` table with `name`, `dir` and `hint`",
            );
        }

        let mut first_use_of_name: HashMap<String, usize> = HashMap::new();
        let mut first_use_of_dir: HashMap<PathBuf, usize> = HashMap::new();
        let mut exercises = Vec::with_capacity(raw.exercises.len());
        for table in raw.exercises {
            let raw = table.into_inner();
            self.check_name(&raw.name, &mut first_use_of_name);
            let dir = self.check_dir(&raw.name, &raw.dir, &mut first_use_of_dir);
            if raw.hint.get_ref().trim().is_empty() {
                self.error(
                    Some(raw.hint.span()),
                    format!("exercise `{}` has an empty hint", raw.name.get_ref()),
                    "write a few lines that nudge the learner towards the solution",
                );
            }
            let timeout = self.check_timeout(&raw);
            let services = self.check_services(&raw);
            let engines = self.check_engines(&raw);
            exercises.push(Exercise {
                name: raw.name.into_inner(),
                dir,
                topic: raw.topic,
                hint: raw.hint.into_inner().trim().to_string(),
                points: raw.points.unwrap_or(1),
                timeout,
                services,
                engines,
            });
        }

        if self.errors.is_empty() {
            Ok(Course {
                root: self.root.to_path_buf(),
                course_id: raw.course_id,
                course_version: raw.course_version,
                welcome_message: raw.welcome_message,
                final_message: raw.final_message,
                exercises,
            })
        } else {
            Err(FileErrors(self.errors))
        }
    }

    fn error(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let location = SourceLocation::at_span(self.path, self.text, span);
        self.errors.push(FileError::new(location, problem, fix));
    }

    fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        SourceLocation::at_offset(self.path, self.text, span.start).line
    }

    fn check_format_version(&mut self, version: Option<&Spanned<i64>>) {
        match version {
            None => self.error(
                None,
                "`format_version` is missing",
                format!("add `format_version = {FORMAT_VERSION}` at the top of the file"),
            ),
            Some(v) if *v.get_ref() == i64::from(FORMAT_VERSION) => {}
            Some(v) if *v.get_ref() > i64::from(FORMAT_VERSION) => self.error(
                Some(v.span()),
                format!(
                    "this course uses format_version {}, newer than this backlings reads ({FORMAT_VERSION})",
                    v.get_ref()
                ),
                "install the newest backlings with `cargo install backlings`",
            ),
            Some(v) => self.error(
                Some(v.span()),
                format!("format_version {} is not one this backlings reads", v.get_ref()),
                format!("set `format_version = {FORMAT_VERSION}`"),
            ),
        }
    }

    fn check_name(&mut self, name: &Spanned<String>, first_use: &mut HashMap<String, usize>) {
        let value = name.get_ref();
        let well_formed = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            self.error(
                Some(name.span()),
                format!("exercise name `{value}` may hold only a-z, 0-9 and `_`"),
                "rename it, e.g. `request_line`",
            );
        }
        if let Some(&first) = first_use.get(value) {
            let line = self.line_of(first..first);
            self.error(
                Some(name.span()),
                format!("exercise name `{value}` is used twice (first on line {line})"),
                "give each exercise its own name",
            );
        } else {
            first_use.insert(value.clone(), name.span().start);
        }
    }

    fn check_dir(
        &mut self,
        name: &Spanned<String>,
        dir: &Spanned<String>,
        first_use: &mut HashMap<PathBuf, usize>,
    ) -> PathBuf {
        let name = name.get_ref();
        let relative = PathBuf::from(dir.get_ref());
        let inside_course = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside_course || !relative.starts_with("exercises") {
            self.error(
                Some(dir.span()),
                format!(
                    "exercise `{name}` names dir `{}`, which is not inside the course's `exercises/` folder",
                    dir.get_ref()
                ),
                "use a relative path like `exercises/01_http/request_line`",
            );
            return relative;
        }
        let absolute = self.root.join(&relative);
        if !absolute.is_dir() {
            self.error(
                Some(dir.span()),
                format!(
                    "exercise `{name}` names dir `{}` which does not exist",
                    dir.get_ref()
                ),
                "create the exercise crate there or fix the path",
            );
        } else if !absolute.join("Cargo.toml").is_file() {
            self.error(
                Some(dir.span()),
                format!(
                    "exercise `{name}` names dir `{}` which holds no Cargo.toml",
                    dir.get_ref()
                ),
                "every exercise is a crate: add its Cargo.toml",
            );
        }
        if let Some(&first) = first_use.get(&relative) {
            let line = self.line_of(first..first);
            self.error(
                Some(dir.span()),
                format!(
                    "dir `{}` is listed twice (first on line {line})",
                    dir.get_ref()
                ),
                "give each exercise its own crate folder",
            );
        } else {
            first_use.insert(relative.clone(), dir.span().start);
        }
        relative
    }

    fn check_timeout(&mut self, raw: &RawExercise) -> Duration {
        let Some(secs) = &raw.timeout_secs else {
            return DEFAULT_TIMEOUT;
        };
        if !(1..=MAX_TIMEOUT_SECS).contains(secs.get_ref()) {
            self.error(
                Some(secs.span()),
                format!(
                    "exercise `{}` sets timeout_secs = {}, outside 1 to {MAX_TIMEOUT_SECS}",
                    raw.name.get_ref(),
                    secs.get_ref()
                ),
                "pick a number of seconds in that range, or remove the key for the default of 30",
            );
        }
        Duration::from_secs(*secs.get_ref())
    }

    fn check_services(&mut self, raw: &RawExercise) -> Vec<Service> {
        let what = format!("exercise `{}` needs an unknown service", raw.name.get_ref());
        self.check_names(
            &raw.services,
            &what,
            Service::ALL.map(|s| s.name()),
            Service::from_name,
        )
    }

    fn check_engines(&mut self, raw: &RawExercise) -> Vec<SqlEngine> {
        let what = format!(
            "exercise `{}` names an unknown SQL engine",
            raw.name.get_ref()
        );
        self.check_names(
            &raw.engines,
            &what,
            SqlEngine::ALL.map(|e| e.name()),
            SqlEngine::from_name,
        )
    }

    /// Each of `names` read with `parse`; an unknown one is reported as `what` and the
    /// names `known`.
    fn check_names<T, const N: usize>(
        &mut self,
        names: &[Spanned<String>],
        what: &str,
        known: [&str; N],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let mut found = Vec::new();
        for name in names {
            match parse(name.get_ref()) {
                Some(value) => found.push(value),
                None => {
                    let known: Vec<_> = known.iter().map(|k| format!("`{k}`")).collect();
                    self.error(
                        Some(name.span()),
                        format!("{what} `{}`", name.get_ref()),
                        format!("use one of {}", known.join(", ")),
                    );
                }
            }
        }
        found
    }
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or(message)
        .trim_end_matches('.')
        .to_string()
}

fn fix_for_toml_error(message: &str) -> &'static str {
    if message.starts_with("unknown field") {
        "check the key's spelling against the ones listed"
    } else if message.starts_with("missing field") {
        "add the key to this table"
    } else if message.starts_with("invalid type") {
        "give the key a value of the expected type"
    } else {
        "fix the TOML syntax here"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course_with_dirs(dirs: &[&str]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for dir in dirs {
            let dir = root.path().join(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("Cargo.toml"), "").unwrap();
        }
        root
    }

    fn errors_of(root: &Path, text: &str) -> Vec<String> {
        match Course::parse(root, Path::new("info.toml"), text) {
            Ok(_) => Vec::new(),
            Err(FileErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    const ONE: &str = "format_version = 1\n\n[[exercises]]\nname = \"a\"\ndir = \"exercises/t/a\"\nhint = \"h\"\n";

    #[test]
    fn reads_a_valid_course_with_defaults() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let course = Course::parse(root.path(), Path::new("info.toml"), ONE).unwrap();
        let a = &course.exercises[0];
        assert_eq!(
            (a.name.as_str(), a.points, a.timeout),
            ("a", 1, DEFAULT_TIMEOUT)
        );
        assert!(a.services.is_empty());
    }

    #[test]
    fn a_mistyped_key_is_an_error_at_its_line() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let errors = errors_of(root.path(), &ONE.replace("hint", "hnt"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("info.toml:6:1: unknown field `hnt`"),
            "{errors:?}"
        );
    }

    #[test]
    fn reports_every_mistake_at_once() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let text = format!(
            "{ONE}\n[[exercises]]\nname = \"a\"\ndir = \"exercises/t/missing\"\nhint = \" \"\n"
        );
        let errors = errors_of(root.path(), &text);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].contains("info.toml:9:8: exercise name `a` is used twice (first on line 4)")
        );
        assert!(errors[1].contains(
            "info.toml:10:7: exercise `a` names dir `exercises/t/missing` which does not exist"
        ));
        assert!(errors[2].contains("info.toml:11:8: exercise `a` has an empty hint"));
    }

    #[test]
    fn refuses_dirs_outside_the_exercises_folder() {
        let root = course_with_dirs(&[]);
        let errors = errors_of(root.path(), &ONE.replace("exercises/t/a", "../elsewhere"));
        assert!(
            errors[0].contains("not inside the course's `exercises/` folder"),
            "{errors:?}"
        );
    }

    #[test]
    fn format_version_must_be_known() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let missing = errors_of(root.path(), &ONE.replace("format_version = 1\n", ""));
        assert!(
            missing[0].starts_with("info.toml:1:1: `format_version` is missing"),
            "{missing:?}"
        );
        let newer = errors_of(root.path(), &ONE.replace("= 1", "= 9"));
        assert!(
            newer[0].contains("newer than this backlings reads"),
            "{newer:?}"
        );
    }

    #[test]
    fn unknown_service_and_bad_timeout_are_named() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let text = format!("{ONE}services = [\"mongo\"]\ntimeout_secs = 0\n");
        let errors = errors_of(root.path(), &text);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("timeout_secs = 0"), "{errors:?}");
        assert!(errors[1].contains("unknown service `mongo`; use one of `postgres`, `redis`"));
    }

    #[test]
    fn sql_engines_are_read_and_an_unknown_one_is_named() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let text = format!("{ONE}engines = [\"sqlite\", \"postgres\"]\n");
        let course = Course::parse(root.path(), Path::new("info.toml"), &text).unwrap();
        let exercise = &course.exercises[0];
        assert_eq!(exercise.engines, [SqlEngine::Sqlite, SqlEngine::Postgres]);
        assert_eq!(exercise.services_on(SqlEngine::Sqlite), []);
        assert_eq!(
            exercise.services_on(SqlEngine::Postgres),
            [Service::Postgres]
        );

        let errors = errors_of(root.path(), &format!("{ONE}engines = [\"oracle\"]\n"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("unknown SQL engine `oracle`; use one of `sqlite`, `postgres`"),
            "{errors:?}"
        );
    }

    #[test]
    fn solution_dir_mirrors_the_exercise_dir() {
        let root = course_with_dirs(&["exercises/t/a"]);
        let course = Course::parse(root.path(), Path::new("info.toml"), ONE).unwrap();
        assert_eq!(
            course.solution_dir(&course.exercises[0]),
            root.path().join("solutions/t/a")
        );
    }
}
