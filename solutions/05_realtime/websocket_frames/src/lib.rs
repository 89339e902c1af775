//! # Real time: WebSocket frames
//!
//! After the handshake, a WebSocket connection carries *frames*: a header of
//! 2 to 14 bytes, then the payload. Text and binary messages travel in data
//! frames (possibly split over several, "fragmented"); ping, pong and close
//! are control frames. Every frame a client sends is masked with 4 random
//! bytes, so that no proxy on the way can mistake it for something else.
//!
//! ```text
//!  0               1               2               3
//!  0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7
//! +-+-+-+-+-------+-+-------------+-------------------------------+
//! |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//! |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//! |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//! | |1|2|3|       |K|             |                               |
//! +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//! |     Extended payload length continued, if payload len == 127  |
//! + - - - - - - - - - - - - - - - +-------------------------------+
//! |                               | Masking-key, if MASK set to 1 |
//! +-------------------------------+-------------------------------+
//! | Masking-key (continued)       |          Payload Data         |
//! +-------------------------------- - - - - - - - - - - - - - - - +
//! ```
//!
//! ## Your task
//!
//! Write [`parse_frame`] and [`encode_frame`].
//!
//! ## The rules (RFC 6455, sections 5.2 to 5.5)
//!
//! - Payload len 0-125 is the length; 126 means the next 2 bytes hold it,
//!   127 the next 8 (big-endian, network order). A 64-bit length must have
//!   its top bit clear ([`FrameError::LengthTooLarge`]).
//! - When MASK is set, 4 masking-key bytes follow the length, and payload
//!   byte `i` was XORed with key byte `i % 4`: XOR again to unmask.
//! - The RSV bits must be 0 (no extension is agreed here), and the opcode
//!   one of [`Opcode`]'s.
//! - Control frames (opcode 8 and up) must have FIN set and at most 125
//!   bytes of payload.
//! - `parse_frame` reads one frame from the start of a buffer that may hold
//!   less (answer `Ok(None)`: wait for more bytes) or more (`consumed` tells
//!   how much was used). It reports an error as soon as the bytes that show
//!   it are there, without waiting for the rest of the frame.
//! - `encode_frame` always uses the shortest length form.
//!
//! The tests in `tests/websocket_frames.rs` are the specification.

use std::fmt;

/// A frame's opcode. Already written for you.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opcode {
    Continuation,
    Text,
    Binary,
    Close,
    Ping,
    Pong,
}

impl Opcode {
    /// The opcode for its 4-bit number, if it is one.
    pub fn from_u8(n: u8) -> Option<Self> {
        Some(match n {
            0x0 => Self::Continuation,
            0x1 => Self::Text,
            0x2 => Self::Binary,
            0x8 => Self::Close,
            0x9 => Self::Ping,
            0xA => Self::Pong,
            _ => return None,
        })
    }

    /// The opcode's 4-bit number.
    pub fn as_u8(self) -> u8 {
        match self {
            Self::Continuation => 0x0,
            Self::Text => 0x1,
            Self::Binary => 0x2,
            Self::Close => 0x8,
            Self::Ping => 0x9,
            Self::Pong => 0xA,
        }
    }

    /// Whether this is a control frame's opcode.
    pub fn is_control(self) -> bool {
        self.as_u8() >= 0x8
    }
}

/// A frame, with its payload unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub fin: bool,
    pub opcode: Opcode,
    pub payload: Vec<u8>,
}

/// What `parse_frame` read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub frame: Frame,
    /// Whether the frame was masked (a server must refuse unmasked client frames).
    pub masked: bool,
    /// How many bytes of the buffer the frame took.
    pub consumed: usize,
}

/// Why bytes are not a valid frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// One of RSV1, RSV2, RSV3 is set.
    ReservedBitsSet,
    /// The opcode is not one of [`Opcode`]'s.
    UnknownOpcode(u8),
    /// A control frame without FIN.
    FragmentedControlFrame,
    /// A control frame with more than 125 bytes of payload.
    ControlFrameTooLong,
    /// A 64-bit length with its most significant bit set.
    LengthTooLarge,
}

/// Reads one frame from the start of `buf`.
pub fn parse_frame(buf: &[u8]) -> Result<Option<Parsed>, FrameError> {
    let [first, second, ..] = *buf else {
        return Ok(None);
    };
    if first & 0x70 != 0 {
        return Err(FrameError::ReservedBitsSet);
    }
    let fin = first & 0x80 != 0;
    let opcode = Opcode::from_u8(first & 0x0F).ok_or(FrameError::UnknownOpcode(first & 0x0F))?;
    let masked = second & 0x80 != 0;
    let short_len = second & 0x7F;
    if opcode.is_control() {
        if !fin {
            return Err(FrameError::FragmentedControlFrame);
        }
        if short_len > 125 {
            return Err(FrameError::ControlFrameTooLong);
        }
    }

    let mut at = 2;
    let len = match short_len {
        126 => {
            let Some(bytes) = buf.get(at..at + 2) else {
                return Ok(None);
            };
            at += 2;
            u64::from(u16::from_be_bytes([bytes[0], bytes[1]]))
        }
        127 => {
            let Some(bytes) = buf.get(at..at + 8) else {
                return Ok(None);
            };
            at += 8;
            let len = u64::from_be_bytes(bytes.try_into().expect("8 bytes"));
            if len >> 63 != 0 {
                return Err(FrameError::LengthTooLarge);
            }
            len
        }
        n => u64::from(n),
    };

    let mask = if masked {
        let Some(key) = buf.get(at..at + 4) else {
            return Ok(None);
        };
        at += 4;
        Some([key[0], key[1], key[2], key[3]])
    } else {
        None
    };

    let Ok(len) = usize::try_from(len) else {
        return Ok(None);
    };
    let Some(payload) = buf.get(at..).and_then(|rest| rest.get(..len)) else {
        return Ok(None);
    };
    let mut payload = payload.to_vec();
    if let Some(key) = mask {
        apply_mask(&mut payload, key);
    }
    Ok(Some(Parsed {
        frame: Frame {
            fin,
            opcode,
            payload,
        },
        masked,
        consumed: at + len,
    }))
}

/// XORs `payload` with `key`, which masks and unmasks alike.
fn apply_mask(payload: &mut [u8], key: [u8; 4]) {
    for (i, byte) in payload.iter_mut().enumerate() {
        *byte ^= key[i % 4];
    }
}

/// Writes `frame`, masked with `mask` when given (as a client must).
pub fn encode_frame(frame: &Frame, mask: Option<[u8; 4]>) -> Vec<u8> {
    let len = frame.payload.len();
    let mut out = Vec::with_capacity(len + 14);
    out.push(if frame.fin { 0x80 } else { 0 } | frame.opcode.as_u8());
    let mask_bit = if mask.is_some() { 0x80 } else { 0 };
    if len <= 125 {
        out.push(mask_bit | len as u8);
    } else if let Ok(len) = u16::try_from(len) {
        out.push(mask_bit | 126);
        out.extend_from_slice(&len.to_be_bytes());
    } else {
        out.push(mask_bit | 127);
        out.extend_from_slice(&(len as u64).to_be_bytes());
    }
    match mask {
        Some(key) => {
            out.extend_from_slice(&key);
            let masked = frame
                .payload
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ key[i % 4]);
            out.extend(masked);
        }
        None => out.extend_from_slice(&frame.payload),
    }
    out
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReservedBitsSet => f.write_str("a reserved bit is set"),
            Self::UnknownOpcode(n) => write!(f, "opcode {n:#x} is not defined"),
            Self::FragmentedControlFrame => f.write_str("a control frame must not be fragmented"),
            Self::ControlFrameTooLong => f.write_str("a control frame carries at most 125 bytes"),
            Self::LengthTooLarge => f.write_str("the 64-bit length has its top bit set"),
        }
    }
}

impl std::error::Error for FrameError {}
