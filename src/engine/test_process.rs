//! Running one test binary: its own process group, stdin closed, output capped, a deadline.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use super::captured_output::CappedBuffer;

/// How much a test binary's output the engine keeps, stdout and stderr together.
pub const OUTPUT_LIMIT: usize = 1024 * 1024;
/// After the process ends, how long to wait for its output pipes to close.
const PIPE_GRACE: Duration = Duration::from_secs(2);

pub struct ProcessSpec<'a> {
    pub program: &'a Path,
    pub args: &'a [&'a str],
    pub working_dir: &'a Path,
    pub env: &'a [(OsString, OsString)],
    pub timeout: Duration,
}

#[derive(Debug)]
pub struct ProcessRun {
    /// `None` when the process was stopped at the deadline.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    /// Bytes of output left out to stay within [`OUTPUT_LIMIT`].
    pub output_cut: u64,
    pub elapsed: Duration,
}

/// Runs the process to its end or its deadline, then kills whatever is left of its
/// process group, so a test that leaves a child behind cannot keep the run waiting.
pub fn run_process(spec: &ProcessSpec) -> std::io::Result<ProcessRun> {
    let started = Instant::now();
    let mut command = Command::new(spec.program);
    // A test reaches a server only through its run's lease (in `spec.env`, set after
    // this), never through the runner's own environment, which would bypass the run's
    // isolation.
    for name in crate::services::VARIABLES {
        command.env_remove(name);
    }
    command
        .args(spec.args)
        .current_dir(spec.working_dir)
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    in_own_process_group(&mut command);
    let mut child = command.spawn()?;
    // From here on, any way out of this function kills the group.
    let group = ProcessGroup::of(&child);

    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (stdout_done, stdout_rx) = mpsc::channel();
    let (stderr_done, stderr_rx) = mpsc::channel();
    spawn_reader("test-stdout", stdout, OUTPUT_LIMIT * 3 / 4, stdout_done)?;
    spawn_reader("test-stderr", stderr, OUTPUT_LIMIT / 4, stderr_done)?;

    let (exited, exit_rx) = mpsc::channel();
    thread::Builder::new()
        .name("test-wait".into())
        .spawn(move || {
            let _ = exited.send(child.wait());
        })?;
    let status = match exit_rx.recv_timeout(spec.timeout) {
        Ok(status) => Some(status?),
        Err(_) => None,
    };
    drop(group);
    if status.is_none() {
        // The group kill reached it; wait for the reaper so no zombie is left behind.
        let _ = exit_rx.recv_timeout(PIPE_GRACE);
    }

    let grace = Instant::now() + PIPE_GRACE;
    let stdout = receive_until(&stdout_rx, grace);
    let stderr = receive_until(&stderr_rx, grace);
    let output_cut = stdout.as_ref().map_or(0, CappedBuffer::dropped)
        + stderr.as_ref().map_or(0, CappedBuffer::dropped);
    Ok(ProcessRun {
        status,
        stdout: stdout.map(CappedBuffer::into_text).unwrap_or_default(),
        stderr: stderr
            .map(CappedBuffer::into_text)
            .unwrap_or_else(|| ESCAPED_CHILD_NOTE.to_string()),
        output_cut,
        elapsed: started.elapsed(),
    })
}

fn spawn_reader(
    name: &str,
    pipe: impl std::io::Read + Send + 'static,
    limit: usize,
    done: mpsc::Sender<CappedBuffer>,
) -> std::io::Result<()> {
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let _ = done.send(CappedBuffer::read_all(pipe, limit));
        })?;
    Ok(())
}

fn receive_until(rx: &mpsc::Receiver<CappedBuffer>, deadline: Instant) -> Option<CappedBuffer> {
    rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .ok()
}

#[cfg(unix)]
fn in_own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn in_own_process_group(_command: &mut Command) {}

/// Test binaries running now, so an interrupted runner can stop them: they sit in process
/// groups of their own, out of reach of the terminal's Ctrl-C.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Kills every test binary still running, with the processes it started.
pub fn stop_running_tests() {
    let leaders = RUNNING.lock().map(|r| r.clone()).unwrap_or_default();
    for leader in leaders {
        kill_group(leader);
    }
}

/// The process group a test binary leads. However `run_process` ends, dropping this kills
/// the whole group, so no test and nothing it started outlives its run.
struct ProcessGroup {
    leader: u32,
}

impl ProcessGroup {
    /// Starts tracking the group `child` leads until it is dropped.
    fn of(child: &Child) -> Self {
        if let Ok(mut running) = RUNNING.lock() {
            running.push(child.id());
        }
        Self { leader: child.id() }
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        kill_group(self.leader);
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|&leader| leader != self.leader);
        }
    }
}

#[cfg(unix)]
fn kill_group(leader: u32) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    // The group id is the leader's pid (process_group(0)); ESRCH means nothing is left.
    if let Ok(pid) = i32::try_from(leader) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(leader: u32) {
    // Without process groups, stop the binary and the processes it started.
    let _ = Command::new("taskkill")
        .args(["/T", "/F", "/PID", &leader.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Describes how a process ended, for a person.
pub fn describe_exit(status: &ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => {
                    " (SIGABRT: an abort, for example a stack overflow or a panic while panicking)"
                }
                9 => " (SIGKILL)",
                11 => " (SIGSEGV: a memory access violation)",
                _ => "",
            };
            return format!("was killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended abnormally".to_string(),
    }
}

/// The directory holding `path`'s crate, for tests that read files next to them.
pub fn crate_env(crate_dir: &Path, package: &str) -> Vec<(OsString, OsString)> {
    vec![
        (
            "CARGO_MANIFEST_DIR".into(),
            PathBuf::from(crate_dir).into_os_string(),
        ),
        ("CARGO_PKG_NAME".into(), package.into()),
        // Backtraces would bury the message that teaches; panics stay short.
        ("RUST_BACKTRACE".into(), "0".into()),
    ]
}

const ESCAPED_CHILD_NOTE: &str = "[the test's output pipe stayed open after it ended: a process it started escaped its process group, so the rest of its output is lost]";
