//! The second source: a throwaway server started from binaries found on the machine, in
//! a temporary folder, on a free loopback port.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::instance::{Instance, Running};
use super::{Server, log_tail};
use crate::course::Service;

/// How long a fresh server may take to answer.
const READY_WITHIN: Duration = Duration::from_secs(30);
/// How many free ports to try when another program takes the chosen one first.
const PORT_ATTEMPTS: usize = 3;
const LOG_FILE: &str = "server.log";

/// What to install for this source to work, for people.
pub fn what_to_install(service: Service) -> &'static str {
    match service {
        Service::Postgres => "PostgreSQL's server (`initdb` and `postgres`)",
        Service::Redis => "Redis (`redis-server`)",
    }
}

/// Starts a throwaway server and waits until it answers.
pub fn start(service: Service) -> Result<Server, String> {
    let started = Instant::now();
    let mut last_error = String::new();
    for _ in 0..PORT_ATTEMPTS {
        let result = match service {
            Service::Postgres => start_postgres(),
            Service::Redis => start_redis(),
        };
        match result {
            Ok(mut server) => {
                server.started_in = Some(started.elapsed());
                return Ok(server);
            }
            Err(Failure::PortTaken(error)) => last_error = error,
            Err(Failure::Other(error)) => return Err(error),
        }
    }
    Err(last_error)
}

enum Failure {
    /// Another program took the port between choosing it and the server binding it.
    PortTaken(String),
    Other(String),
}

impl From<String> for Failure {
    fn from(error: String) -> Self {
        Failure::Other(error)
    }
}

fn start_redis() -> Result<Server, Failure> {
    let binary = find_binary("redis-server", &[]).ok_or_else(|| {
        "no `redis-server` on PATH: install Redis (e.g. `apt install redis-server` or `brew install redis`)"
            .to_string()
    })?;
    let dir = temp_dir("redis")?;
    let port = free_port()?;
    let mut command = Command::new(&binary);
    command.args([
        "--port",
        &port.to_string(),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
    ]);
    command.arg(dir.path());
    let child = spawn_logged(&mut command, dir.path())?;
    let url = format!("redis://127.0.0.1:{port}");
    let running = Running::process(child, dir, StopWith::Terminate);
    serve(running, &binary, port, url, super::redis::check)
}

fn start_postgres() -> Result<Server, Failure> {
    let bin = postgres_bin_dir().ok_or_else(|| {
        "no `initdb` and `postgres` on PATH or in PostgreSQL's usual folders: install \
         PostgreSQL's server (e.g. `apt install postgresql` or `brew install postgresql`)"
            .to_string()
    })?;
    let dir = temp_dir("postgres")?;
    let owner = server_user::prepare(dir.path())?;
    let data = dir.path().join("data");

    let mut initdb = Command::new(bin.join("initdb"));
    initdb
        .args([
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
        ])
        .args(["--no-sync", "--pgdata"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    owner.apply(&mut initdb);
    let output = initdb
        .output()
        .map_err(|e| format!("could not run {}: {e}", bin.join("initdb").display()))?;
    if !output.status.success() {
        let log = String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout);
        return Err(Failure::Other(format!(
            "{} failed; its last lines:\n{}",
            bin.join("initdb").display(),
            log_tail(&log, 8)
        )));
    }

    let port = free_port()?;
    let mut postgres = Command::new(bin.join("postgres"));
    postgres
        .arg("-D")
        .arg(&data)
        .args(["-p", &port.to_string(), "-k"])
        .arg(dir.path())
        .args(["-c", "listen_addresses=127.0.0.1"])
        // A throwaway server: nothing it holds needs to survive a crash.
        .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off"]);
    owner.apply(&mut postgres);
    let child = spawn_logged(&mut postgres, dir.path())?;
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let running = Running::process(child, dir, StopWith::Interrupt);
    serve(
        running,
        &bin.join("postgres"),
        port,
        url,
        super::postgres::check,
    )
}

/// The started server, once it answers at `url`.
fn serve(
    running: Running,
    binary: &Path,
    port: u16,
    url: String,
    answers: fn(&str) -> Result<(), String>,
) -> Result<Server, Failure> {
    let instance = Instance::register(running);
    wait_until_ready(&instance, binary, || answers(&url))?;
    Ok(Server {
        origin: format!("{} on 127.0.0.1:{port}", binary.display()),
        url,
        started_in: None,
        _instance: Some(instance),
    })
}

/// The signal that stops a server quickly and cleanly.
#[derive(Debug, Clone, Copy)]
pub enum StopWith {
    /// Redis saves nothing here and exits.
    Terminate,
    /// PostgreSQL's fast shutdown: roll back open transactions and exit.
    Interrupt,
}

fn temp_dir(service: &str) -> Result<tempfile::TempDir, String> {
    tempfile::Builder::new()
        .prefix(&format!("backlings-{service}-"))
        .tempdir()
        .map_err(|e| format!("could not create a temporary folder for {service}: {e}"))
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("could not find a free port on 127.0.0.1: {e}"))
}

/// Starts the server in a process group of its own (Ctrl-C in the terminal is for the
/// runner, which then stops it), its output going to a log file in `dir`.
fn spawn_logged(command: &mut Command, dir: &Path) -> Result<Child, String> {
    let log = File::create(dir.join(LOG_FILE))
        .map_err(|e| format!("could not create a log file in {}: {e}", dir.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|e| format!("could not open the log file: {e}"))?;
    command.stdin(Stdio::null()).stdout(log).stderr(log_err);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    command.spawn().map_err(|e| {
        format!(
            "could not start {}: {e}",
            Path::new(command.get_program()).display()
        )
    })
}

fn wait_until_ready(
    instance: &Instance,
    binary: &Path,
    answers: impl Fn() -> Result<(), String>,
) -> Result<(), Failure> {
    let deadline = Instant::now() + READY_WITHIN;
    loop {
        let last = match answers() {
            Ok(()) => return Ok(()),
            Err(error) => error,
        };
        let exited = instance.has_exited();
        if exited || Instant::now() > deadline {
            let log = instance.log(LOG_FILE);
            instance.stop();
            let what = if exited {
                format!("{} exited at start", binary.display())
            } else {
                format!(
                    "{} did not answer within {} s ({last})",
                    binary.display(),
                    READY_WITHIN.as_secs()
                )
            };
            let message = format!("{what}; its log ends with:\n{}", log_tail(&log, 8));
            let taken = log.contains("Address already in use") || log.contains("already in use");
            return Err(if taken {
                Failure::PortTaken(message)
            } else {
                Failure::Other(message)
            });
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// `name` on PATH, or in one of `extra` folders.
fn find_binary(name: &str, extra: &[PathBuf]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(extra.iter().cloned())
        .map(|dir| dir.join(executable(name)))
        .find(|candidate| candidate.is_file())
}

fn executable(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// A folder holding both `initdb` and `postgres`: on PATH first, then where packages put
/// them without adding them to PATH (Debian's and Ubuntu's /usr/lib/postgresql/<version>/bin,
/// the newest first; Red Hat's /usr/pgsql-<version>/bin; Homebrew's).
fn postgres_bin_dir() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(versioned_bins("/usr/lib/postgresql", ""))
        .chain(versioned_bins("/usr", "pgsql-"))
        .chain(versioned_bins("/opt/homebrew/opt", "postgresql"))
        .chain(versioned_bins("/usr/local/opt", "postgresql"))
        .find(|dir| {
            dir.join(executable("initdb")).is_file() && dir.join(executable("postgres")).is_file()
        })
}

/// The `bin` folders of `parent`'s subfolders named `<prefix><version>`, newest first.
fn versioned_bins(parent: &str, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut bins: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path().join("bin"))
        .collect();
    bins.sort_by_key(|p| std::cmp::Reverse(version_of(p)));
    bins
}

/// The major version in a folder name such as `/usr/lib/postgresql/15/bin`, for sorting.
fn version_of(bin: &Path) -> u32 {
    bin.parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|name| {
            let digits: String = name
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .unwrap_or(0)
}

/// PostgreSQL refuses to run as root. When the runner is root (in a container, on CI), the
/// server runs as the `postgres` user, or `nobody`, and owns its temporary folder.
mod server_user {
    use std::path::Path;
    use std::process::Command;

    pub struct Owner {
        #[cfg(unix)]
        ids: Option<(u32, u32)>,
    }

    impl Owner {
        pub fn apply(&self, command: &mut Command) {
            #[cfg(unix)]
            if let Some((uid, gid)) = self.ids {
                use std::os::unix::process::CommandExt;
                command.uid(uid).gid(gid);
            }
            #[cfg(not(unix))]
            let _ = command;
        }
    }

    #[cfg(unix)]
    pub fn prepare(dir: &Path) -> Result<Owner, String> {
        use nix::unistd::{Uid, User, chown};
        if !Uid::effective().is_root() {
            return Ok(Owner { ids: None });
        }
        let user = ["postgres", "nobody"]
            .into_iter()
            .find_map(|name| User::from_name(name).ok().flatten())
            .ok_or_else(|| {
                "PostgreSQL does not run as root, and there is no `postgres` or `nobody` \
                 user to run it as: run backlings as another user"
                    .to_string()
            })?;
        chown(dir, Some(user.uid), Some(user.gid)).map_err(|e| {
            format!(
                "could not hand {} to the user {}: {e}",
                dir.display(),
                user.name
            )
        })?;
        Ok(Owner {
            ids: Some((user.uid.as_raw(), user.gid.as_raw())),
        })
    }

    #[cfg(not(unix))]
    pub fn prepare(_dir: &Path) -> Result<Owner, String> {
        Ok(Owner {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_postgresql_folders_sort_first() {
        let mut dirs = [
            PathBuf::from("/usr/lib/postgresql/9/bin"),
            PathBuf::from("/usr/lib/postgresql/16/bin"),
            PathBuf::from("/usr/pgsql-13/bin"),
        ];
        dirs.sort_by_key(|p| std::cmp::Reverse(version_of(p)));
        assert_eq!(dirs[0], PathBuf::from("/usr/lib/postgresql/16/bin"));
        assert_eq!(dirs[2], PathBuf::from("/usr/lib/postgresql/9/bin"));
    }
}
