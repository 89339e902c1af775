//! The course as this runner shipped it, embedded at build time (see build.rs): what
//! `init` writes into a new course folder and what `reset` restores an exercise from.

use std::path::{Path, PathBuf};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/embedded_course.rs"));
}

/// One embedded file: its path relative to the course root, with `/` separators.
pub struct EmbeddedFile {
    pub path: &'static str,
    pub contents: &'static [u8],
}

/// Every embedded file, sorted by path.
pub fn files() -> impl Iterator<Item = EmbeddedFile> {
    generated::FILES
        .iter()
        .map(|&(path, contents)| EmbeddedFile { path, contents })
}

/// The embedded files below `dir` (relative to the course root), e.g. one exercise crate.
pub fn files_under(dir: &Path) -> Vec<EmbeddedFile> {
    files()
        .filter(|file| Path::new(file.path).starts_with(dir))
        .collect()
}

/// The embedded file at `path` (relative to the course root).
pub fn file(path: &Path) -> Option<EmbeddedFile> {
    files().find(|file| Path::new(file.path) == path)
}

/// `path` (with `/` separators) as a path of this platform below `root`.
pub fn target_path(root: &Path, path: &str) -> PathBuf {
    path.split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part))
}

/// Which course and release the embedded copy is, from its info.toml.
pub fn identity() -> (Option<String>, Option<String>) {
    #[derive(serde::Deserialize)]
    struct Identity {
        course_id: Option<String>,
        course_version: Option<String>,
    }
    file(Path::new(super::INFO_FILE))
        .and_then(|info| std::str::from_utf8(info.contents).ok())
        .and_then(|text| toml::from_str::<Identity>(text).ok())
        .map_or((None, None), |i| (i.course_id, i.course_version))
}
