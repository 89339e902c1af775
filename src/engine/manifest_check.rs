//! Reading exercise manifests before cargo does, so one broken `Cargo.toml` fails only its
//! own exercise instead of the whole workspace.

use std::path::Path;

use super::outcome::Diagnostic;
use crate::course::{FileError, SourceLocation};

/// The package name declared in `crate_dir/Cargo.toml`, or why it cannot be read.
pub fn package_name(crate_dir: &Path) -> Result<String, Diagnostic> {
    let path = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::plain_error(format!("cannot read {}: {e}", path.display())))?;
    let manifest: toml::Table = toml::from_str(&text).map_err(|e| {
        let error = FileError::new(
            SourceLocation::at_span(&path, &text, e.span()),
            format!(
                "this Cargo.toml is not valid TOML: {}",
                e.message().trim_end_matches('.')
            ),
            "fix the syntax there (`backlings reset` restores the original)",
        );
        Diagnostic::plain_error(error.to_string())
    })?;
    manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .ok_or_else(|| {
            let error = FileError::new(
                SourceLocation::at_offset(&path, &text, 0),
                "this Cargo.toml has no `[package]` with a `name`",
                "restore the `[package]` table (`backlings reset` restores the original)",
            );
            Diagnostic::plain_error(error.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"a\"\n").unwrap();
        assert_eq!(package_name(dir.path()).unwrap(), "a");
    }

    #[test]
    fn points_at_broken_syntax() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"a\n").unwrap();
        let error = package_name(dir.path()).unwrap_err();
        assert!(
            error.rendered.contains("Cargo.toml:2:"),
            "{}",
            error.rendered
        );
        assert!(
            error.rendered.contains("is not valid TOML"),
            "{}",
            error.rendered
        );
    }
}
