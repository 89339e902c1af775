//! How many units a build will compile, for a progress bar with a real total. Cargo's
//! JSON stream reports each unit as it finishes but never the total, so it is worked out
//! from `cargo metadata`, resolved for the host platform.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;
use std::process::Command;

use cargo_metadata::{DependencyKind, MetadataCommand, PackageId, TargetKind};

/// The number of `compiler-artifact` messages `cargo build --tests -p ...` will print for
/// `packages`, or `None` when cargo cannot tell.
pub fn count_units(workspace_root: &Path, packages: &[String]) -> Option<usize> {
    let host = host_triple()?;
    let metadata = MetadataCommand::new()
        .current_dir(workspace_root)
        .other_options(vec!["--filter-platform".to_string(), host])
        .exec()
        .ok()?;
    let resolve = metadata.resolve.as_ref()?;
    let by_id: HashMap<&PackageId, &cargo_metadata::Package> =
        metadata.packages.iter().map(|p| (&p.id, p)).collect();
    let deps: HashMap<&PackageId, &Vec<cargo_metadata::NodeDep>> =
        resolve.nodes.iter().map(|n| (&n.id, &n.deps)).collect();

    let roots: HashSet<&PackageId> = metadata
        .workspace_members
        .iter()
        .filter(|id| {
            by_id
                .get(id)
                .is_some_and(|p| packages.contains(&p.name.to_string()))
        })
        .collect();
    let mut seen: HashSet<&PackageId> = roots.clone();
    let mut queue: VecDeque<&PackageId> = roots.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        let is_root = roots.contains(id);
        for dep in deps.get(id).copied().into_iter().flatten() {
            // Tests pull in dev-dependencies of the exercises only, not of their dependencies.
            let used = dep
                .dep_kinds
                .iter()
                .any(|k| is_root || k.kind != DependencyKind::Development);
            if used && seen.insert(&dep.pkg) {
                queue.push_back(&dep.pkg);
            }
        }
    }

    let units = seen
        .iter()
        .filter_map(|id| by_id.get(id))
        .map(|package| {
            let build_script = package
                .targets
                .iter()
                .any(|t| t.kind.contains(&TargetKind::CustomBuild));
            let own = if roots.contains(&package.id) {
                // The library, its unit-test harness, and one binary per integration test.
                let tests = package
                    .targets
                    .iter()
                    .filter(|t| t.kind.contains(&TargetKind::Test))
                    .count();
                2 + tests
            } else {
                1
            };
            own + usize::from(build_script)
        })
        .sum();
    Some(units)
}

fn host_triple() -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("-vV").output().ok()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_an_exercise_library_its_harness_and_its_test() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(count_units(root, &["request_line".to_string()]), Some(3));
    }
}
