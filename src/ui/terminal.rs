//! The terminal in watch mode: keys arrive one at a time, without Enter and without echo,
//! and the terminal is put back as it was on every way out (quit, Ctrl-C, panic).

use std::io::IsTerminal;

use anyhow::Result;

/// Watch mode needs a person at a terminal: keys in, a redrawn screen out.
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// While alive, single keys reach the program without Enter and are not echoed; output
/// and Ctrl-C work as usual. Dropping it restores the terminal.
pub struct KeyMode(());

impl KeyMode {
    pub fn enter() -> Result<Self> {
        platform::enter()?;
        // A panic prints its message to a terminal that must be usable again.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        Ok(Self(()))
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was before [`KeyMode::enter`]; harmless when it was never
/// changed, so the Ctrl-C handler can always call it.
pub fn restore() {
    platform::restore();
}

#[cfg(unix)]
mod platform {
    use std::sync::Mutex;

    use anyhow::{Context, Result};
    use nix::sys::termios::{self, LocalFlags, SetArg, SpecialCharacterIndices, Termios};

    /// The settings found at start, put back on every way out.
    static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

    pub fn enter() -> Result<()> {
        let stdin = std::io::stdin();
        let original = termios::tcgetattr(&stdin).context("cannot read the terminal's settings")?;
        let mut keys = original.clone();
        // Canonical mode waits for Enter and echo repeats keys; output processing (so "\n"
        // still starts a new line) and signals (so Ctrl-C still stops) stay on.
        keys.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO);
        keys.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        keys.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        if let Ok(mut saved) = SAVED.lock() {
            saved.get_or_insert(original);
        }
        termios::tcsetattr(&stdin, SetArg::TCSANOW, &keys)
            .context("cannot switch the terminal to single-key input")
    }

    pub fn restore() {
        let saved = SAVED.lock().ok().and_then(|mut saved| saved.take());
        if let Some(original) = saved {
            let _ = termios::tcsetattr(std::io::stdin(), SetArg::TCSANOW, &original);
        }
    }
}

#[cfg(not(unix))]
mod platform {
    // Elsewhere the console delivers keys after Enter; watch still works, keys need Enter.
    pub fn enter() -> anyhow::Result<()> {
        Ok(())
    }

    pub fn restore() {}
}
