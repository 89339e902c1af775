//! File events for the current exercise's crate: which changes are the learner's work, and
//! a watcher (events from the OS, or polling) that reports them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// How often `--poll` looks at the files' modification times.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Watches one exercise crate at a time and reports each changed path of the learner's.
pub struct FileWatcher {
    watcher: Box<dyn Watcher + Send>,
    watched: Option<PathBuf>,
}

impl FileWatcher {
    pub fn new(poll: bool, on_change: impl Fn(PathBuf) + Send + 'static) -> Result<Self> {
        let handler = move |result: notify::Result<Event>| {
            let Ok(event) = result else { return };
            // Polling sees only modification times, reported as metadata changes.
            if !poll && !is_content_change(&event.kind) {
                return;
            }
            for path in event.paths {
                if is_learner_file(&path) {
                    on_change(path);
                }
            }
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(false);
            Box::new(PollWatcher::new(handler, config)?)
        } else {
            Box::new(
                RecommendedWatcher::new(handler, notify::Config::default())
                    .context("cannot watch files for changes; try `backlings watch --poll`")?,
            )
        };
        Ok(Self {
            watcher,
            watched: None,
        })
    }

    /// Watches `dir` (recursively) instead of whatever was watched before.
    pub fn watch(&mut self, dir: &Path) -> Result<()> {
        if self.watched.as_deref() == Some(dir) {
            return Ok(());
        }
        if let Some(previous) = self.watched.take() {
            let _ = self.watcher.unwatch(&previous);
        }
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {} for changes", dir.display()))?;
        self.watched = Some(dir.to_path_buf());
        Ok(())
    }
}

/// Whether an event may have changed a file's content. Reads, opens and permission
/// changes do not; cargo reading the sources must not start another run.
fn is_content_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Any | EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Whether a changed path is part of the learner's work, as opposed to build output or an
/// editor's swap, backup, lock or temporary file.
pub fn is_learner_file(path: &Path) -> bool {
    if path.components().any(|c| c.as_os_str() == "target") {
        return false;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let editor_noise = name.starts_with('.') // vim's .x.swp, emacs' .#x lock, .DS_Store
        || name.ends_with('~')                // vim and emacs backups
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || name == "4913"                     // vim probing whether it may write here
        || name.contains("___jb_")            // JetBrains' ___jb_tmp___ and ___jb_old___
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".kate-swp"]
            .iter()
            .any(|suffix| name.ends_with(suffix));
    !editor_noise
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_manifests_are_learner_files() {
        for path in [
            "ex/src/lib.rs",
            "ex/tests/ex.rs",
            "ex/Cargo.toml",
            "ex/src/parser/mod.rs",
        ] {
            assert!(is_learner_file(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn editor_files_and_build_output_are_not() {
        for path in [
            "ex/src/.lib.rs.swp",
            "ex/src/lib.rs~",
            "ex/src/4913",
            "ex/src/.#lib.rs",
            "ex/src/#lib.rs#",
            "ex/src/lib.rs___jb_tmp___",
            "ex/src/lib.rs___jb_old___",
            "ex/target/debug/ex",
            "ex/src/lib.rs.orig",
        ] {
            assert!(!is_learner_file(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn reads_and_permission_changes_are_not_content_changes() {
        use notify::event::{CreateKind, DataChange, MetadataKind};
        assert!(is_content_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_content_change(&EventKind::Create(CreateKind::File)));
        assert!(is_content_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!is_content_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_content_change(&EventKind::Modify(
            ModifyKind::Metadata(MetadataKind::Permissions)
        )));
    }
}
