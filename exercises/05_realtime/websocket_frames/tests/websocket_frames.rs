use std::fmt::Debug;

use websocket_frames::{Frame, FrameError, Opcode, Parsed, encode_frame, parse_frame};

/// Bytes as hex, for readable reports.
#[derive(PartialEq)]
struct Hex<'a>(&'a [u8]);

impl Debug for Hex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.len() > 24 {
            write!(f, "{:02x?} ... ({} bytes)", &self.0[..24], self.0.len())
        } else {
            write!(f, "{:02x?}", self.0)
        }
    }
}

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        let (expected, got) = (format!("{expected:?}"), format!("{got:?}"));
        let cut = |s: String| {
            if s.len() > 400 {
                format!("{}... ({} characters)", &s[..400], s.len())
            } else {
                s
            }
        };
        panic!(
            "\nsent:     {sent:?}\nexpected: {}\ngot:      {}\n",
            cut(expected),
            cut(got)
        );
    }
}

#[track_caller]
fn check_parse(bytes: &[u8], expected: Result<Option<Parsed>, FrameError>) {
    check(Hex(bytes), expected, parse_frame(bytes));
}

fn frame(fin: bool, opcode: Opcode, payload: &[u8]) -> Frame {
    Frame {
        fin,
        opcode,
        payload: payload.to_vec(),
    }
}

fn parsed(frame: Frame, masked: bool, consumed: usize) -> Parsed {
    Parsed {
        frame,
        masked,
        consumed,
    }
}

#[test]
fn parses_an_unmasked_text_frame() {
    check_parse(
        &[0x81, 0x05, b'H', b'e', b'l', b'l', b'o'],
        Ok(Some(parsed(frame(true, Opcode::Text, b"Hello"), false, 7))),
    );
}

#[test]
fn unmasks_a_masked_frame() {
    // The masked "Hello" of RFC 6455, section 5.7.
    check_parse(
        &[
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ],
        Ok(Some(parsed(frame(true, Opcode::Text, b"Hello"), true, 11))),
    );
}

#[test]
fn parses_fragments_and_control_frames() {
    check_parse(
        &[0x01, 0x03, b'H', b'e', b'l'],
        Ok(Some(parsed(frame(false, Opcode::Text, b"Hel"), false, 5))),
    );
    check_parse(
        &[0x80, 0x02, b'l', b'o'],
        Ok(Some(parsed(
            frame(true, Opcode::Continuation, b"lo"),
            false,
            4,
        ))),
    );
    check_parse(
        &[0x89, 0x00],
        Ok(Some(parsed(frame(true, Opcode::Ping, b""), false, 2))),
    );
    check_parse(
        &[0x88, 0x02, 0x03, 0xe8],
        Ok(Some(parsed(
            frame(true, Opcode::Close, &[0x03, 0xe8]),
            false,
            4,
        ))),
    );
}

#[test]
fn reads_16_and_64_bit_lengths() {
    let payload: Vec<u8> = (0..=255).collect();
    let mut bytes = vec![0x82, 0x7e, 0x01, 0x00];
    bytes.extend(&payload);
    check_parse(
        &bytes,
        Ok(Some(parsed(
            frame(true, Opcode::Binary, &payload),
            false,
            260,
        ))),
    );

    let payload = vec![0xab; 65_536];
    let mut bytes = vec![0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00];
    bytes.extend(&payload);
    check_parse(
        &bytes,
        Ok(Some(parsed(
            frame(true, Opcode::Binary, &payload),
            false,
            65_546,
        ))),
    );
}

#[test]
fn waits_for_the_whole_frame_and_leaves_what_follows() {
    let whole = [
        0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
    ];
    for len in 0..whole.len() {
        check_parse(&whole[..len], Ok(None));
    }
    // A 16-bit length whose second byte has not arrived yet.
    check_parse(&[0x82, 0x7e, 0x01], Ok(None));
    // Two frames back to back: the first one is read, and `consumed` says where the next starts.
    check_parse(
        &[0x81, 0x02, b'h', b'i', 0x89, 0x00],
        Ok(Some(parsed(frame(true, Opcode::Text, b"hi"), false, 4))),
    );
}

#[test]
fn refuses_reserved_bits_and_unknown_opcodes() {
    for first in [0xc1, 0xa1, 0x91] {
        check_parse(&[first, 0x00], Err(FrameError::ReservedBitsSet));
    }
    for opcode in [0x3, 0x7, 0xb, 0xf] {
        check_parse(
            &[0x80 | opcode, 0x00],
            Err(FrameError::UnknownOpcode(opcode)),
        );
    }
}

#[test]
fn enforces_the_control_frame_rules_from_the_first_two_bytes() {
    check_parse(&[0x09, 0x00], Err(FrameError::FragmentedControlFrame));
    check_parse(&[0x89, 0x7e], Err(FrameError::ControlFrameTooLong));
    check_parse(&[0x8a, 0xff], Err(FrameError::ControlFrameTooLong));
    let mut longest = vec![0x8a, 0x7d];
    longest.extend([b'p'; 125]);
    check_parse(
        &longest,
        Ok(Some(parsed(
            frame(true, Opcode::Pong, &[b'p'; 125]),
            false,
            127,
        ))),
    );
}

#[test]
fn refuses_a_64_bit_length_with_the_top_bit_set() {
    check_parse(
        &[0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0x01],
        Err(FrameError::LengthTooLarge),
    );
}

#[test]
fn encodes_with_the_shortest_length() {
    for (len, header) in [
        (0, vec![0x82, 0x00]),
        (125, vec![0x82, 0x7d]),
        (126, vec![0x82, 0x7e, 0x00, 0x7e]),
        (65_535, vec![0x82, 0x7e, 0xff, 0xff]),
        (65_536, vec![0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00]),
    ] {
        let payload = vec![0x5a; len];
        let mut expected = header;
        expected.extend(&payload);
        let sent = frame(true, Opcode::Binary, &payload);
        check(
            format!("encode_frame(a final binary frame of {len} bytes, no mask)"),
            Hex(&expected),
            Hex(&encode_frame(&sent, None)),
        );
    }
}

#[test]
fn encodes_fin_opcode_and_mask() {
    let hello = frame(true, Opcode::Text, b"Hello");
    let key = [0x37, 0xfa, 0x21, 0x3d];
    check(
        format!("encode_frame({hello:?}, Some({key:02x?}))"),
        Hex(&[
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ]),
        Hex(&encode_frame(&hello, Some(key))),
    );
    let part = frame(false, Opcode::Text, b"Hel");
    check(
        format!("encode_frame({part:?}, None)"),
        Hex(&[0x01, 0x03, b'H', b'e', b'l']),
        Hex(&encode_frame(&part, None)),
    );
}

#[test]
fn parses_back_what_it_encodes() {
    let frames = [
        frame(true, Opcode::Text, "Grüße aus Köln".as_bytes()),
        frame(false, Opcode::Binary, &[0; 300]),
        frame(true, Opcode::Close, &[0x03, 0xe9, b'b', b'y', b'e']),
    ];
    for (i, sent) in frames.into_iter().enumerate() {
        let mask = (i % 2 == 0).then_some([0xde, 0xad, 0xbe, i as u8]);
        let bytes = encode_frame(&sent, mask);
        let len = bytes.len();
        check(
            format!("parse_frame(encode_frame({sent:?}, {mask:02x?}))"),
            Ok(Some(parsed(sent.clone(), mask.is_some(), len))),
            parse_frame(&bytes),
        );
    }
}
