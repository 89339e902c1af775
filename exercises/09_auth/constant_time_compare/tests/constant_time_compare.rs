use constant_time_compare::{constant_time_eq, constant_time_eq_subtle, find_api_key};

/// Runs both comparison functions on `a` and `b` and checks their answers.
#[track_caller]
fn check(a: &[u8], b: &[u8], expected: bool) {
    for (name, compare) in [
        (
            "constant_time_eq",
            constant_time_eq as fn(&[u8], &[u8]) -> bool,
        ),
        ("constant_time_eq_subtle", constant_time_eq_subtle),
    ] {
        let got = compare(a, b);
        if got != expected {
            panic!("\nsent:     {name}({a:?}, {b:?})\nexpected: {expected}\ngot:      {got}\n");
        }
    }
}

#[track_caller]
fn check_find(presented: &[u8], keys: &[&[u8]], expected: Option<usize>) {
    let got = find_api_key(presented, keys);
    if got != expected {
        let presented = String::from_utf8_lossy(presented);
        let keys: Vec<_> = keys.iter().map(|k| String::from_utf8_lossy(k)).collect();
        panic!(
            "\nsent:     find_api_key({presented:?}, {keys:?})\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[test]
fn equal_secrets_are_equal() {
    check(b"s3cr3t-t0k3n", b"s3cr3t-t0k3n", true);
    check(&[0x00, 0xff, 0x7f], &[0x00, 0xff, 0x7f], true);
}

#[test]
fn two_empty_strings_are_equal() {
    check(b"", b"", true);
}

#[test]
fn a_difference_anywhere_makes_them_unequal() {
    check(b"s3cr3t-t0k3n", b"X3cr3t-t0k3n", false); // first byte
    check(b"s3cr3t-t0k3n", b"s3cr3tXt0k3n", false); // middle
    check(b"s3cr3t-t0k3n", b"s3cr3t-t0k3X", false); // last byte
}

#[test]
fn a_single_bit_counts() {
    check(&[0b1000_0000], &[0b0000_0000], false);
    check(&[0x42, 0x42, 0x43], &[0x42, 0x42, 0x42], false);
}

#[test]
fn different_lengths_are_unequal() {
    check(b"s3cr3t", b"s3cr3t-t0k3n", false); // a prefix is not enough
    check(b"s3cr3t-t0k3n", b"s3cr3t", false);
    check(b"", b"s3cr3t", false);
    check(b"s3cr3t\0", b"s3cr3t", false);
}

#[test]
fn differences_do_not_cancel_out() {
    // XOR-ing the differences together: 0x01 ^ 0x01 == 0.
    check(&[0x01, 0x01], &[0x00, 0x00], false);
    // Adding them up in a u8 wraps around: 0x80 + 0x80 == 0x100 == 0.
    check(&[0x80, 0x80], &[0x00, 0x00], false);
    // Every byte different in every bit.
    check(&[0xff; 64], &[0x00; 64], false);
}

#[test]
fn finds_the_presented_key() {
    let keys: [&[u8]; 3] = [b"key-alpha-7f3a", b"key-bravo-19c2", b"key-charlie-e801"];
    check_find(b"key-alpha-7f3a", &keys, Some(0));
    check_find(b"key-bravo-19c2", &keys, Some(1));
    check_find(b"key-charlie-e801", &keys, Some(2));
}

#[test]
fn rejects_an_unknown_key() {
    let keys: [&[u8]; 2] = [b"key-alpha-7f3a", b"key-bravo-19c2"];
    check_find(b"key-alpha-7f3b", &keys, None);
    check_find(b"key-alpha", &keys, None);
    check_find(b"KEY-ALPHA-7F3A", &keys, None);
    check_find(b"key-alpha-7f3a", &[], None);
}

#[test]
fn never_accepts_an_empty_key() {
    let keys: [&[u8]; 2] = [b"key-alpha-7f3a", b""];
    check_find(b"", &keys, None);
}
