//! Keys as the learner presses them, read from stdin on a thread of their own.

use std::io::Read;

use anyhow::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Enter,
    Escape,
    Backspace,
    Up,
    Down,
}

/// Reads stdin until it closes or `deliver` returns false, handing over each key.
pub fn spawn_reader(deliver: impl Fn(Key) -> bool + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name("key-reader".into())
        .spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buffer = [0u8; 64];
            while let Ok(n) = stdin.read(&mut buffer) {
                if n == 0 {
                    return;
                }
                for key in parse_keys(&buffer[..n]) {
                    if !deliver(key) {
                        return;
                    }
                }
            }
        })?;
    Ok(())
}

/// The keys in one read from a terminal in single-key mode. Escape sequences arrive whole,
/// so an ESC followed by `[A` is the up arrow and a lone ESC is Escape.
pub fn parse_keys(bytes: &[u8]) -> Vec<Key> {
    let chars: Vec<char> = String::from_utf8_lossy(bytes).chars().collect();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let key = match c {
            '\r' | '\n' => Key::Enter,
            '\u{7f}' | '\u{8}' => Key::Backspace,
            '\u{1b}' => match chars.get(i..i + 2) {
                Some(['[' | 'O', arrow @ ('A' | 'B' | 'C' | 'D')]) => {
                    i += 2;
                    match arrow {
                        'A' => Key::Up,
                        'B' => Key::Down,
                        _ => continue,
                    }
                }
                Some(['[', _]) => {
                    // Another sequence (function keys, ...): skip it up to its final byte.
                    i += 1;
                    while i < chars.len() {
                        i += 1;
                        if chars[i - 1].is_ascii_alphabetic() || chars[i - 1] == '~' {
                            break;
                        }
                    }
                    continue;
                }
                _ => Key::Escape,
            },
            c if c.is_control() => continue,
            c => Key::Char(c),
        };
        keys.push(key);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_enter_and_backspace() {
        assert_eq!(
            parse_keys(b"q\rn\x7f"),
            [Key::Char('q'), Key::Enter, Key::Char('n'), Key::Backspace]
        );
    }

    #[test]
    fn arrow_sequences_are_one_key_each() {
        assert_eq!(
            parse_keys(b"\x1b[A\x1b[Bj\x1bOA"),
            [Key::Up, Key::Down, Key::Char('j'), Key::Up]
        );
    }

    #[test]
    fn a_lone_escape_is_escape_and_other_sequences_are_skipped() {
        assert_eq!(parse_keys(b"\x1b"), [Key::Escape]);
        assert_eq!(parse_keys(b"\x1b[15~x"), [Key::Char('x')]);
        assert_eq!(parse_keys(b"\x1b[C"), []);
    }
}
