//! Servers the runner started: stopped, and their folders deleted, when the session ends,
//! on Ctrl-C too.

use std::process::Child;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::local::StopWith;

/// How long a server may take to stop before it is killed.
const STOP_WITHIN: Duration = Duration::from_secs(10);

/// Every instance still running, so that Ctrl-C can stop them all.
static RUNNING: Mutex<Vec<Weak<Mutex<Option<Running>>>>> = Mutex::new(Vec::new());

/// A running server; dropping it stops it.
pub struct Instance(Arc<Mutex<Option<Running>>>);

pub enum Running {
    Process {
        child: Child,
        /// Deleted once the process has stopped.
        dir: tempfile::TempDir,
        stop_with: StopWith,
    },
    /// A container, removed when dropped.
    #[cfg(feature = "containers")]
    Container(Box<dyn Send>),
}

impl Running {
    pub fn process(child: Child, dir: tempfile::TempDir, stop_with: StopWith) -> Self {
        Running::Process {
            child,
            dir,
            stop_with,
        }
    }
}

impl Instance {
    pub fn register(running: Running) -> Self {
        let shared = Arc::new(Mutex::new(Some(running)));
        let mut all = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        all.retain(|weak| weak.strong_count() > 0);
        all.push(Arc::downgrade(&shared));
        Instance(shared)
    }

    pub fn has_exited(&self) -> bool {
        match &mut *self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(Running::Process { child, .. }) => !matches!(child.try_wait(), Ok(None)),
            _ => false,
        }
    }

    /// The text of a file in the instance's folder (its log).
    pub fn log(&self, file: &str) -> String {
        match &*self.0.lock().unwrap_or_else(|e| e.into_inner()) {
            Some(Running::Process { dir, .. }) => {
                std::fs::read_to_string(dir.path().join(file)).unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    pub fn stop(&self) {
        stop(&self.0);
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        stop(&self.0);
    }
}

/// Stops every server this process started. For Ctrl-C, which ends the process without
/// running destructors.
pub fn stop_all() {
    let all: Vec<_> = RUNNING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .drain(..)
        .collect();
    for weak in all {
        if let Some(shared) = weak.upgrade() {
            stop(&shared);
        }
    }
}

fn stop(shared: &Mutex<Option<Running>>) {
    let running = shared.lock().unwrap_or_else(|e| e.into_inner()).take();
    match running {
        None => {}
        Some(Running::Process {
            mut child,
            dir,
            stop_with,
        }) => {
            signal(&child, stop_with);
            let deadline = Instant::now() + STOP_WITHIN;
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            // Too slow to stop: kill it with every process it started (its own group).
            kill_group(&child);
            let _ = child.kill();
            let _ = child.wait();
            drop(dir);
        }
        #[cfg(feature = "containers")]
        Some(Running::Container(container)) => drop(container),
    }
}

#[cfg(unix)]
fn signal(child: &Child, stop_with: StopWith) {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let signal = match stop_with {
        StopWith::Terminate => Signal::SIGTERM,
        StopWith::Interrupt => Signal::SIGINT,
    };
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = kill(Pid::from_raw(pid), signal);
    }
}

#[cfg(not(unix))]
fn signal(_child: &Child, _stop_with: StopWith) {}

#[cfg(unix)]
fn kill_group(child: &Child) {
    use nix::sys::signal::{Signal, killpg};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

#[cfg(not(unix))]
fn kill_group(_child: &Child) {}
