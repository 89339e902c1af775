//! The workspace members a course's root `Cargo.toml` declares.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Every folder matched by `workspace.members` in `root/Cargo.toml`, sorted.
///
/// Supports the `*` path components the course uses (`exercises/*/*`); a folder counts
/// as a member when it holds a `Cargo.toml`, as cargo decides.
pub fn workspace_member_dirs(root: &Path) -> Result<Vec<PathBuf>> {
    let manifest_path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let manifest: toml::Table = toml::from_str(&text)
        .with_context(|| format!("cannot parse {}", manifest_path.display()))?;
    let patterns = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(|m| m.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>())
        .unwrap_or_default();

    let mut dirs = Vec::new();
    for pattern in patterns {
        let mut matches = vec![root.to_path_buf()];
        for component in pattern.split('/') {
            matches = matches
                .into_iter()
                .flat_map(|dir| expand_component(&dir, component))
                .collect();
        }
        dirs.extend(
            matches
                .into_iter()
                .filter(|d| d.join("Cargo.toml").is_file()),
        );
    }
    dirs.sort();
    dirs.dedup();
    Ok(dirs)
}

fn expand_component(dir: &Path, component: &str) -> Vec<PathBuf> {
    if component != "*" {
        return vec![dir.join(component)];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect()
}
