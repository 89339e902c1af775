//! One `cargo build --tests` for a set of packages, read as cargo's JSON message stream.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use cargo_metadata::diagnostic::{Diagnostic as RustcDiagnostic, DiagnosticLevel as RustcLevel};
use cargo_metadata::{Message, TargetKind};

use super::outcome::{Diagnostic, DiagnosticLevel};

/// Something cargo reported while building, tied to the crate folder it concerns.
pub enum BuildEvent {
    /// A unit finished (or was already up to date, when `fresh`).
    Compiled {
        crate_name: String,
        fresh: bool,
        /// A unit of one of the exercises being built, not of a dependency.
        exercise_unit: bool,
    },
    /// A test executable of the crate in `crate_dir` is ready to run.
    TestBinary {
        crate_dir: PathBuf,
        /// The target's source file relative to its crate, e.g. `tests/request_line.rs`.
        label: String,
        executable: PathBuf,
    },
    /// A compiler message about code in the crate in `crate_dir`.
    Diagnostic {
        crate_dir: PathBuf,
        diagnostic: Diagnostic,
    },
}

pub struct BuildResult {
    pub success: bool,
    /// What cargo printed on stderr: its own errors, such as a manifest it cannot read.
    pub stderr: String,
    /// Whether cargo got as far as compiling anything.
    pub compiled_anything: bool,
}

pub struct BuildRequest<'a> {
    pub workspace_root: &'a Path,
    pub target_dir: Option<&'a Path>,
    pub packages: &'a [String],
    /// The exercise crates being built; messages about other crates are not theirs.
    pub crate_dirs: &'a [PathBuf],
}

pub fn build_tests(
    request: &BuildRequest,
    mut on_event: impl FnMut(BuildEvent),
) -> Result<BuildResult> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    command
        .args([
            "build",
            "--tests",
            "--keep-going",
            "--message-format=json-diagnostic-rendered-ansi",
        ])
        .current_dir(request.workspace_root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for package in request.packages {
        command.args(["-p", package]);
    }
    if let Some(target_dir) = request.target_dir {
        command.env("CARGO_TARGET_DIR", target_dir);
    }
    let mut child = command.spawn().with_context(|| {
        format!(
            "cannot start `{}`; is Rust installed (https://rustup.rs)?",
            cargo.to_string_lossy()
        )
    })?;

    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let stderr_reader = std::thread::Builder::new()
        .name("cargo-stderr".into())
        .spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            text
        })?;

    let owner = CrateOwner::new(request.crate_dirs);
    let mut compiled_anything = false;
    let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    for message in Message::parse_stream(stdout) {
        let Ok(message) = message else { break };
        match message {
            Message::CompilerArtifact(artifact) => {
                compiled_anything = true;
                on_event(BuildEvent::Compiled {
                    crate_name: artifact.target.name.clone(),
                    fresh: artifact.fresh,
                    exercise_unit: owner.of(artifact.target.src_path.as_std_path()).is_some(),
                });
                let Some(executable) = artifact.executable else {
                    continue;
                };
                if !artifact.profile.test || artifact.target.kind.contains(&TargetKind::Bench) {
                    continue;
                }
                let src_path = artifact.target.src_path.as_std_path();
                if let Some(crate_dir) = owner.of(src_path) {
                    let label = src_path
                        .strip_prefix(crate_dir)
                        .unwrap_or(src_path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    on_event(BuildEvent::TestBinary {
                        crate_dir: crate_dir.to_path_buf(),
                        label,
                        executable: executable.into_std_path_buf(),
                    });
                }
            }
            Message::CompilerMessage(message) => {
                compiled_anything = true;
                let Some(diagnostic) = convert(&message.message) else {
                    continue;
                };
                if let Some(crate_dir) = owner.of(message.target.src_path.as_std_path()) {
                    on_event(BuildEvent::Diagnostic {
                        crate_dir: crate_dir.to_path_buf(),
                        diagnostic,
                    });
                }
            }
            _ => {}
        }
    }

    let status = child.wait().context("cargo did not finish")?;
    let stderr = stderr_reader.join().unwrap_or_default();
    Ok(BuildResult {
        success: status.success(),
        stderr,
        compiled_anything,
    })
}

fn convert(message: &RustcDiagnostic) -> Option<Diagnostic> {
    let level = match message.level {
        RustcLevel::Error | RustcLevel::Ice => DiagnosticLevel::Error,
        RustcLevel::Warning => DiagnosticLevel::Warning,
        _ => return None,
    };
    // "aborting due to N previous errors" repeats what the errors already said.
    if message.spans.is_empty() && message.message.starts_with("aborting due to") {
        return None;
    }
    let primary = message.spans.iter().find(|s| s.is_primary);
    Some(Diagnostic {
        level,
        message: message.message.clone(),
        rendered: message
            .rendered
            .clone()
            .unwrap_or_else(|| message.message.clone()),
        file: primary.map(|s| PathBuf::from(&s.file_name)),
        line: primary.and_then(|s| u32::try_from(s.line_start).ok()),
        column: primary.and_then(|s| u32::try_from(s.column_start).ok()),
    })
}

/// Maps a source file to the exercise crate that contains it.
struct CrateOwner<'a> {
    crate_dirs: Vec<(&'a Path, Option<PathBuf>)>,
}

impl<'a> CrateOwner<'a> {
    fn new(crate_dirs: &'a [PathBuf]) -> Self {
        Self {
            crate_dirs: crate_dirs
                .iter()
                .map(|d| (d.as_path(), d.canonicalize().ok()))
                .collect(),
        }
    }

    fn of(&self, source: &Path) -> Option<&'a Path> {
        self.crate_dirs
            .iter()
            .find(|(dir, canonical)| {
                source.starts_with(dir) || canonical.as_ref().is_some_and(|c| source.starts_with(c))
            })
            .map(|(dir, _)| *dir)
    }
}

/// The error part of cargo's stderr, without its progress lines.
pub fn cargo_errors(stderr: &str) -> String {
    let start = stderr
        .lines()
        .position(|l| l.starts_with("error"))
        .unwrap_or(0);
    stderr
        .lines()
        .skip(start)
        .filter(|l| !l.starts_with("warning: build failed, waiting for other jobs"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The workspace member cargo could not load, when that is why it stopped.
pub fn unloadable_member(stderr: &str) -> Option<PathBuf> {
    let after = stderr
        .split_once("failed to load manifest for workspace member `")
        .map(|(_, rest)| rest)?;
    let (path, _) = after.split_once('`')?;
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_member_cargo_could_not_load() {
        let stderr = "error: failed to load manifest for workspace member `/c/exercises/t/b`\nreferenced by workspace at `/c/Cargo.toml`\n\nCaused by:\n  failed to parse manifest";
        assert_eq!(
            unloadable_member(stderr),
            Some(PathBuf::from("/c/exercises/t/b"))
        );
        assert_eq!(unloadable_member("error: could not compile `b`"), None);
    }

    #[test]
    fn keeps_cargo_errors_without_progress_lines() {
        let stderr = "   Compiling a v0.1.0\nwarning: build failed, waiting for other jobs to finish...\nerror: could not compile `a`\n";
        assert_eq!(cargo_errors(stderr), "error: could not compile `a`");
    }
}
