//! Output of a child process, kept within a size limit: its head and its tail.

use std::collections::VecDeque;
use std::io::Read;

/// Keeps the first and the last `limit / 2` bytes of a stream and counts what it drops,
/// so a flood of output costs bounded memory while libtest's summary at the end survives.
pub struct CappedBuffer {
    half: usize,
    head: Vec<u8>,
    tail: VecDeque<u8>,
    dropped: u64,
}

impl CappedBuffer {
    pub fn new(limit: usize) -> Self {
        Self {
            half: limit / 2,
            head: Vec::new(),
            tail: VecDeque::new(),
            dropped: 0,
        }
    }

    pub fn push(&mut self, mut bytes: &[u8]) {
        let room_in_head = self.half - self.head.len();
        if room_in_head > 0 {
            let taken = room_in_head.min(bytes.len());
            self.head.extend_from_slice(&bytes[..taken]);
            bytes = &bytes[taken..];
        }
        if bytes.len() >= self.half {
            self.dropped += (self.tail.len() + bytes.len() - self.half) as u64;
            self.tail.clear();
            self.tail.extend(&bytes[bytes.len() - self.half..]);
            return;
        }
        let overflow = (self.tail.len() + bytes.len()).saturating_sub(self.half);
        self.tail.drain(..overflow);
        self.dropped += overflow as u64;
        self.tail.extend(bytes);
    }

    /// Reads `reader` to its end into a buffer of `limit` bytes.
    pub fn read_all(mut reader: impl Read, limit: usize) -> Self {
        let mut buffer = Self::new(limit);
        let mut chunk = vec![0; 64 * 1024];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => buffer.push(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        buffer
    }

    /// How many bytes were left out between the head and the tail.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The kept text, with a notice where bytes were dropped.
    pub fn into_text(self) -> String {
        let mut text = String::from_utf8_lossy(&self.head).into_owned();
        if self.dropped > 0 {
            text.push_str(&format!(
                "\n[... {} of output cut here: only the first and last {} are kept ...]\n",
                human_bytes(self.dropped),
                human_bytes(self.half as u64)
            ));
        }
        let tail: Vec<u8> = self.tail.into_iter().collect();
        text.push_str(&String::from_utf8_lossy(&tail));
        text
    }
}

pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_everything_under_the_limit() {
        let mut buffer = CappedBuffer::new(10);
        buffer.push(b"abc");
        buffer.push(b"de");
        assert_eq!(buffer.dropped(), 0);
        assert_eq!(buffer.into_text(), "abcde");
    }

    #[test]
    fn keeps_head_and_tail_of_a_flood() {
        let mut buffer = CappedBuffer::new(8);
        for chunk in [&b"HEAD"[..], b"xxxxxxxxxx", b"xyz", b"TAIL"] {
            buffer.push(chunk);
        }
        assert_eq!(buffer.dropped(), 13);
        let text = buffer.into_text();
        assert!(
            text.starts_with("HEAD\n[... 13 bytes of output cut here"),
            "{text}"
        );
        assert!(text.ends_with("...]\nTAIL"), "{text}");
    }

    #[test]
    fn names_sizes_in_binary_units() {
        assert_eq!(human_bytes(512), "512 bytes");
        assert_eq!(human_bytes(300 * 1024 * 1024), "300.0 MiB");
    }
}
