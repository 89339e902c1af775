//! `backlings watch` at a pseudo-terminal, as a learner runs it, with the moment each
//! verdict reached the screen.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use nix::pty::{Winsize, openpty};
use nix::sys::termios::Termios;

use crate::tools::{Tools, check_not_interrupted};

/// The key help line closes every screen that shows a verdict, and only those: the screen
/// drawn while a run is going has none (src/commands/watch/screen.rs). Colours are off.
const VERDICT_DRAWN: &[u8] = b"q quit";
/// How much of the latest output is kept to show in an error.
const KEPT_OUTPUT: usize = 4000;
const TERMINAL_SIZE: Winsize = Winsize {
    ws_row: 50,
    ws_col: 120,
    ws_xpixel: 0,
    ws_ypixel: 0,
};

#[derive(Default)]
struct Screen {
    /// When each verdict screen finished arriving, in order.
    verdicts: Vec<Instant>,
    last_output: Option<Instant>,
    /// The latest output, for errors; its end also holds a marker cut in two by a read.
    tail: Vec<u8>,
    closed: bool,
}

type Shared = Arc<(Mutex<Screen>, Condvar)>;

pub struct WatchSession {
    child: Child,
    master: File,
    screen: Shared,
}

impl WatchSession {
    /// Starts `backlings watch` in `course`, building into `target_dir`.
    pub fn start(tools: &Tools, course: &Path, target_dir: &Path) -> Result<Self> {
        check_not_interrupted()?;
        let pty =
            openpty(&TERMINAL_SIZE, None::<&Termios>).context("cannot open a pseudo-terminal")?;
        let terminal = || -> Result<Stdio> {
            Ok(Stdio::from(
                pty.slave
                    .try_clone()
                    .context("cannot share the pseudo-terminal")?,
            ))
        };
        let mut command = tools.backlings(course, target_dir);
        command
            .arg("watch")
            .env("TERM", "xterm")
            .stdin(terminal()?)
            .stdout(terminal()?)
            .stderr(terminal()?);
        let child = command.spawn().context("cannot start `backlings watch`")?;
        // Only the child holds the terminal's side now, so reading ends when it exits.
        drop(command);
        drop(pty.slave);

        let master = File::from(pty.master);
        let reader = master
            .try_clone()
            .context("cannot read the pseudo-terminal")?;
        let screen: Shared = Arc::default();
        let sink = Arc::clone(&screen);
        std::thread::Builder::new()
            .name("watch-screen".into())
            .spawn(move || read_screen(reader, &sink))
            .context("cannot start a thread to read the terminal")?;
        Ok(Self {
            child,
            master,
            screen,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// How many verdicts have been drawn so far.
    pub fn verdicts(&self) -> usize {
        self.lock().verdicts.len()
    }

    /// Waits until more than `seen` verdicts have been drawn, and returns when verdict
    /// number `seen` (counting from 0) finished arriving.
    pub fn wait_for_verdict(&self, seen: usize, within: Duration) -> Result<Instant> {
        let deadline = Instant::now() + within;
        let (_, changed) = &*self.screen;
        let mut screen = self.lock();
        loop {
            if let Some(&drawn) = screen.verdicts.get(seen) {
                return Ok(drawn);
            }
            if screen.closed {
                bail!(
                    "`backlings watch` ended without showing a verdict; the terminal showed:\n{}",
                    shown(&screen)
                );
            }
            let now = Instant::now();
            if now >= deadline {
                bail!(
                    "`backlings watch` showed no verdict within {} s; the terminal showed:\n{}",
                    within.as_secs(),
                    shown(&screen)
                );
            }
            screen = changed
                .wait_timeout(screen, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Waits until the screen has not changed for `quiet`.
    pub fn wait_until_quiet(&self, quiet: Duration) -> Result<()> {
        let deadline = Instant::now() + quiet * 20;
        loop {
            let last = self.lock().last_output;
            let calm_since = last.map_or(quiet, |at| at.elapsed());
            if calm_since >= quiet {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "`backlings watch` kept redrawing for {} s without a save; the terminal showed:\n{}",
                    (quiet * 20).as_secs(),
                    shown(&self.lock())
                );
            }
            std::thread::sleep(quiet - calm_since);
        }
    }

    /// Presses `q` and waits for watch mode to end; stops it if it does not.
    pub fn quit(mut self) -> Result<()> {
        self.master
            .write_all(b"q")
            .and_then(|()| self.master.flush())
            .context("cannot press q in `backlings watch`")?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!(
            "`backlings watch` did not end within 10 s of pressing q; the terminal showed:\n{}",
            shown(&self.lock())
        )
    }

    fn lock(&self) -> MutexGuard<'_, Screen> {
        self.screen.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for WatchSession {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads what watch mode writes until it exits, noting when each verdict arrived.
fn read_screen(mut reader: File, shared: &Shared) {
    let (lock, changed) = &**shared;
    let mut buffer = [0u8; 8192];
    loop {
        let read = reader.read(&mut buffer);
        let arrived = Instant::now();
        let mut screen = lock.lock().unwrap_or_else(PoisonError::into_inner);
        match read {
            Ok(n) if n > 0 => {
                let chunk = &buffer[..n];
                // A marker may start in the previous read: look again at its last bytes.
                let carried = screen.tail.len().saturating_sub(VERDICT_DRAWN.len() - 1);
                let mut window = screen.tail[carried..].to_vec();
                window.extend_from_slice(chunk);
                let drawn = window
                    .windows(VERDICT_DRAWN.len())
                    .filter(|w| *w == VERDICT_DRAWN)
                    .count();
                screen.verdicts.extend(std::iter::repeat_n(arrived, drawn));
                screen.last_output = Some(arrived);
                screen.tail.extend_from_slice(chunk);
                let excess = screen.tail.len().saturating_sub(KEPT_OUTPUT);
                screen.tail.drain(..excess);
                changed.notify_all();
            }
            // End of file, or EIO once the program has exited and the terminal is gone.
            _ => {
                screen.closed = true;
                changed.notify_all();
                return;
            }
        }
    }
}

fn shown(screen: &Screen) -> String {
    String::from_utf8_lossy(&screen.tail).into_owned()
}
