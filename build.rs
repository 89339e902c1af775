//! Embeds the course in the runner: the exercises, their solutions, the tests' shared
//! support crate, info.toml and the workspace's Cargo.toml and Cargo.lock. `init` writes a
//! course folder from this copy and `reset` restores an exercise from it.

use std::fmt::Write;
use std::path::{Path, PathBuf};

const FOLDERS: [&str; 3] = ["exercises", "solutions", "support"];
const FILES: [&str; 3] = ["info.toml", "Cargo.toml", "Cargo.lock"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for folder in FOLDERS {
        // Cargo rescans a folder named here for changes to any file below it.
        println!("cargo::rerun-if-changed={folder}");
        collect(&root, &root.join(folder), &mut files);
    }
    for file in FILES {
        println!("cargo::rerun-if-changed={file}");
        files.push(PathBuf::from(file));
    }
    files.sort();

    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file.to_string_lossy().replace('\\', "/");
        let absolute = root.join(file);
        writeln!(code, "    ({relative:?}, include_bytes!({absolute:?})),").unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("embedded_course.rs"), code).expect("OUT_DIR is writable");
}

/// Every file below `dir`, relative to `root`, leaving out build output and hidden files.
fn collect(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(relative) = path.strip_prefix(root) {
            files.push(relative.to_path_buf());
        }
    }
}
