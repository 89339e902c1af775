//! Knowing when file events may not arrive, so the runner can suggest `--poll` itself.

use std::path::Path;

/// File systems that deliver no (or unreliable) change events to a watcher on this machine.
const EVENTLESS_FILE_SYSTEMS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "v9fs",
    "drvfs",
    "vboxsf",
    "fuse.sshfs",
    "fuse.rclone",
];

/// Why file events may be lost for a course at `root`, when there is a known reason.
pub fn known_event_loss(root: &Path) -> Option<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with("/mnt")
        && std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .is_ok_and(|release| release.to_lowercase().contains("microsoft"))
    {
        return Some("the course lives on a Windows drive under WSL (/mnt/...)".into());
    }
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let fs_type = file_system_of(&mountinfo, &root)?;
    EVENTLESS_FILE_SYSTEMS
        .contains(&fs_type.as_str())
        .then(|| format!("the course lives on a {fs_type} file system"))
}

/// The type of the file system `path` is on, from the text of /proc/self/mountinfo:
/// the mount with the longest mount point that contains `path`.
fn file_system_of(mountinfo: &str, path: &Path) -> Option<String> {
    mountinfo
        .lines()
        .filter_map(|line| {
            let (mount, fs) = line.split_once(" - ")?;
            let mount_point = unescape(mount.split(' ').nth(4)?);
            let fs_type = fs.split(' ').next()?;
            path.starts_with(&mount_point)
                .then(|| (mount_point.len(), fs_type.to_string()))
        })
        .max_by_key(|(length, _)| *length)
        .map(|(_, fs_type)| fs_type)
}

/// Mount points escape spaces and a few other bytes as octal (`\040`).
fn unescape(field: &str) -> String {
    field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /home/learner/net\\040share rw,relatime shared:20 - nfs4 server:/export rw
41 22 0:36 / /tmp rw shared:21 - tmpfs tmpfs rw
";

    #[test]
    fn the_longest_mount_point_containing_the_path_wins() {
        let fs = |p: &str| file_system_of(MOUNTINFO, Path::new(p));
        assert_eq!(
            fs("/home/learner/net share/course").as_deref(),
            Some("nfs4")
        );
        assert_eq!(fs("/home/learner/course").as_deref(), Some("ext4"));
        assert_eq!(fs("/tmp/x").as_deref(), Some("tmpfs"));
    }
}
