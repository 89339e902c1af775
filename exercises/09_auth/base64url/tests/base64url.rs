use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64url::{DecodeError, decode, encode};

#[track_caller]
fn check_encode(bytes: &[u8], expected: &str) {
    let got = encode(bytes);
    if got != expected {
        panic!("\nsent:     encode({bytes:?})\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[track_caller]
fn check_decode(text: &str, expected: Result<Vec<u8>, DecodeError>) {
    let got = decode(text);
    if got != expected {
        panic!("\nsent:     decode({text:?})\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Bytes 0, 7, 14, ... wrapping around: every bit pattern shows up soon.
fn sample(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + len) as u8).collect()
}

#[test]
fn encodes_nothing_as_nothing() {
    check_encode(b"", "");
}

#[test]
fn encodes_three_bytes_as_four_characters() {
    check_encode(b"Owl", "T3ds");
    check_encode(b"Owls fly", "T3dscyBmbHk");
    check_encode(&[0, 0, 0], "AAAA");
}

#[test]
fn encodes_a_short_last_group_without_padding() {
    check_encode(b"O", "Tw");
    check_encode(b"Ow", "T3c");
    check_encode(b"Owls", "T3dscw");
}

#[test]
fn uses_the_url_safe_alphabet() {
    // 0xfb 0xff is 111110 111111 1111(00): 62, 63 and 60.
    check_encode(&[0xfb, 0xff], "-_8");
    check_encode(&[0xff, 0xff, 0xff], "____");
    check_encode(&[0xf8], "-A");
}

#[test]
fn encodes_like_the_base64_crate_for_every_length() {
    for len in 0..64 {
        let bytes = sample(len);
        check_encode(&bytes, &URL_SAFE_NO_PAD.encode(&bytes));
    }
}

#[test]
fn decodes_what_it_encodes() {
    check_decode("T3dscyBmbHk", Ok(b"Owls fly".to_vec()));
    check_decode("", Ok(Vec::new()));
    check_decode("-_8", Ok(vec![0xfb, 0xff]));
    let every_byte: Vec<u8> = (0..=255).collect();
    check_decode(&URL_SAFE_NO_PAD.encode(&every_byte), Ok(every_byte));
    for len in 0..64 {
        let bytes = sample(len);
        check_decode(&URL_SAFE_NO_PAD.encode(&bytes), Ok(bytes));
    }
}

#[test]
fn rejects_characters_outside_the_alphabet() {
    let invalid = |index, character| Err(DecodeError::InvalidCharacter { index, character });
    check_decode("T3c=", invalid(3, '='));
    check_decode("+_8", invalid(0, '+'));
    check_decode("T3ds/w", invalid(4, '/'));
    check_decode("T3 ds", invalid(2, ' '));
    check_decode("T3ds\n", invalid(4, '\n'));
    // The index is a byte offset into the text: 'é' is two bytes long.
    check_decode("\u{e9}\u{e9}", invalid(0, '\u{e9}'));
    check_decode("AB\u{e9}\u{e9}", invalid(2, '\u{e9}'));
}

#[test]
fn rejects_a_length_no_encoding_has() {
    check_decode("T", Err(DecodeError::InvalidLength(1)));
    check_decode("T3dsc", Err(DecodeError::InvalidLength(5)));
    check_decode("T3dscyBmb", Err(DecodeError::InvalidLength(9)));
}

#[test]
fn checks_characters_before_the_length() {
    check_decode(
        "=",
        Err(DecodeError::InvalidCharacter {
            index: 0,
            character: '=',
        }),
    );
}

#[test]
fn rejects_unused_bits_that_are_not_zero() {
    // "Tw" is "O"; "Tx" has a 1 in the 4 bits the decoder throws away.
    check_decode("Tw", Ok(b"O".to_vec()));
    check_decode("Tx", Err(DecodeError::NonCanonical));
    check_decode("T3d", Err(DecodeError::NonCanonical));
    check_decode("T3dscx", Err(DecodeError::NonCanonical));
    check_decode("-_-", Err(DecodeError::NonCanonical));
}
