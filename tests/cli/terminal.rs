//! `backlings` run at a pseudo-terminal, as a learner runs watch mode: the test presses
//! keys, saves files, and reads the screen.

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::openpty;
use nix::sys::termios::{LocalFlags, tcgetattr};

/// How long a verdict may take: the first build of a fixture course compiles its crates.
pub const VERDICT_WITHIN: Duration = Duration::from_secs(90);
/// How long the screen must stay unchanged to show that no further run started.
pub const QUIET: Duration = Duration::from_millis(1500);

pub struct TerminalSession {
    child: Child,
    master: std::fs::File,
    /// The terminal's side the program sees, kept to read its settings after it exits.
    terminal: OwnedFd,
    screen: Arc<Mutex<String>>,
}

impl TerminalSession {
    pub fn start(dir: &Path, args: &[&str], target_dir: &Path) -> Self {
        let pty = openpty(None, None).expect("a pseudo-terminal");
        let stdio = || Stdio::from(pty.slave.try_clone().unwrap());
        let mut command = Command::new(env!("CARGO_BIN_EXE_backlings"));
        crate::support::isolate_from_test_environment(&mut command);
        let child = command
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("CARGO_TARGET_DIR", target_dir)
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .spawn()
            .expect("the backlings binary starts");
        let master = std::fs::File::from(pty.master);
        let screen = Arc::new(Mutex::new(String::new()));
        let mut reader = master.try_clone().unwrap();
        let sink = Arc::clone(&screen);
        std::thread::Builder::new()
            .name("pty-reader".into())
            .spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n) = reader.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buffer[..n]);
                    sink.lock().unwrap().push_str(&text);
                }
            })
            .unwrap();
        Self {
            child,
            master,
            terminal: pty.slave,
            screen,
        }
    }

    /// Everything the program has written so far.
    pub fn output(&self) -> String {
        self.screen.lock().unwrap().clone()
    }

    pub fn count(&self, text: &str) -> usize {
        self.output().matches(text).count()
    }

    /// Waits until `text` has appeared `times` times in all, or fails showing the screen.
    #[track_caller]
    pub fn wait_for_count(&self, text: &str, times: usize) {
        let deadline = Instant::now() + VERDICT_WITHIN;
        while self.count(text) < times {
            if Instant::now() > deadline {
                panic!(
                    "expected {text:?} {times} times within {VERDICT_WITHIN:?}, saw it {} times; the terminal showed:\n{}",
                    self.count(text),
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[track_caller]
    pub fn wait_for(&self, text: &str) {
        self.wait_for_count(text, 1);
    }

    /// Waits until `path` exists, or fails showing the screen.
    #[track_caller]
    pub fn wait_for_file(&self, path: &Path) {
        let deadline = Instant::now() + VERDICT_WITHIN;
        while !path.exists() {
            if Instant::now() > deadline {
                panic!(
                    "{} never appeared; the terminal showed:\n{}",
                    path.display(),
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits a quiet moment and fails if `text` appeared more than `times` times.
    #[track_caller]
    pub fn expect_count_stays(&self, text: &str, times: usize) {
        std::thread::sleep(QUIET);
        let seen = self.count(text);
        assert_eq!(
            seen,
            times,
            "expected {text:?} exactly {times} times, saw it {seen} times; the terminal showed:\n{}",
            self.output()
        );
    }

    pub fn press(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).unwrap();
        self.master.flush().unwrap();
    }

    /// Waits for the program to end and returns its exit status.
    #[track_caller]
    pub fn wait_exit(&mut self) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(128 + 9);
            }
            if Instant::now() > deadline {
                panic!(
                    "backlings did not exit; the terminal showed:\n{}",
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Whether the terminal is back in line mode with echo, as it was before.
    pub fn terminal_restored(&self) -> bool {
        let settings = tcgetattr(&self.terminal).unwrap();
        settings
            .local_flags
            .contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }
}

impl Drop for TerminalSession {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
