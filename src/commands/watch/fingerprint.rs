//! What the learner's files looked like when a run started, so a run is started only for
//! a real save: an editor's multi-step save, or events that trickle in during a run, do
//! not test the same files twice.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::file_events::is_learner_file;

/// Path, modification time and size of every learner file in an exercise crate. A save
/// changes the modification time even when the content stays the same, so saving again
/// reruns the tests, as a learner expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<(PathBuf, Option<SystemTime>, u64)>);

impl Fingerprint {
    pub fn of(dir: &Path) -> Self {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if !is_learner_file(&path) {
                    continue;
                }
                let Ok(metadata) = entry.metadata() else {
                    continue;
                };
                if metadata.is_dir() {
                    pending.push(path);
                } else {
                    files.push((path, metadata.modified().ok(), metadata.len()));
                }
            }
        }
        files.sort();
        Self(files)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_save_changes_it_and_editor_files_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib.rs");
        std::fs::write(&lib, "fn a() {}").unwrap();
        let before = Fingerprint::of(dir.path());

        std::fs::write(dir.path().join(".lib.rs.swp"), "swap").unwrap();
        std::fs::create_dir(dir.path().join("target")).unwrap();
        std::fs::write(dir.path().join("target").join("out"), "").unwrap();
        assert_eq!(Fingerprint::of(dir.path()), before);

        // The same content saved again still counts as a save.
        let later = SystemTime::now() + Duration::from_secs(5);
        let file = std::fs::File::options().write(true).open(&lib).unwrap();
        file.set_modified(later).unwrap();
        assert_ne!(Fingerprint::of(dir.path()), before);
    }
}
