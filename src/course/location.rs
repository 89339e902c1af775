//! Errors that point into a file the user wrote: path, line, column, and the fix.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A place in a text file, 1-based, as editors and compilers print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl SourceLocation {
    /// The location of byte `offset` in `text`, which was read from `file`.
    pub fn at_offset(file: &Path, text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self {
            file: file.to_path_buf(),
            line,
            column,
        }
    }

    /// The start of `span` in `text`, or the file's first character when there is no span.
    pub fn at_span(file: &Path, text: &str, span: Option<Range<usize>>) -> Self {
        Self::at_offset(file, text, span.map_or(0, |s| s.start))
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            relative_to_current_dir(&self.file).display(),
            self.line,
            self.column
        )
    }
}

/// `path` as the user would type it from where they stand: relative when it is below
/// the current directory, as it is otherwise.
pub fn relative_to_current_dir(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One mistake in a user's file, told as one sentence: where, what is wrong, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub location: SourceLocation,
    pub problem: String,
    pub fix: String,
}

impl FileError {
    pub fn new(
        location: SourceLocation,
        problem: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            location,
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}; {}", self.location, self.problem, self.fix)
    }
}

impl std::error::Error for FileError {}

/// Every mistake found in one file, so an author can fix them in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileErrors(pub Vec<FileError>);

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FileErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_columns_from_one() {
        let text = "a = 1\nbé = 2\n";
        let at = |offset| {
            let l = SourceLocation::at_offset(Path::new("f"), text, offset);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(6), (2, 1));
        // Columns count characters, not bytes: `=` follows a two-byte `é`.
        assert_eq!(at(10), (2, 4));
        assert_eq!(at(999), (3, 1));
    }
}
