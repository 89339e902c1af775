use query_string::{DecodeError, parse_query, percent_decode};

/// Decodes `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_decode(sent: &str, plus_as_space: bool, expected: Result<&str, DecodeError>) {
    let got = percent_decode(sent, plus_as_space);
    let expected = expected.map(str::to_string);
    if got != expected {
        panic!(
            "\nsent:     {sent:?} (plus_as_space: {plus_as_space})\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
}

/// Parses `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_query(sent: &str, expected: Result<&[(&str, &str)], DecodeError>) {
    let got = parse_query(sent);
    let expected: Result<Vec<(String, String)>, DecodeError> = expected.map(|pairs| {
        pairs
            .iter()
            .map(|&(key, value)| (key.to_string(), value.to_string()))
            .collect()
    });
    if got != expected {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn leaves_plain_text_unchanged() {
    check_decode("report-2024_final.txt", false, Ok("report-2024_final.txt"));
    check_decode("", false, Ok(""));
}

#[test]
fn decodes_escapes_in_either_case() {
    check_decode("a%2Fb%2fc", false, Ok("a/b/c"));
    check_decode("%41%42%43", false, Ok("ABC"));
    check_decode("100%25", false, Ok("100%"));
}

#[test]
fn decodes_multibyte_characters_from_their_bytes() {
    check_decode("caf%C3%A9", false, Ok("caf\u{e9}"));
    check_decode("%E2%9C%93done", false, Ok("\u{2713}done"));
    // Text that is already non-ASCII stays as it is.
    check_decode("cr\u{e8}me", false, Ok("cr\u{e8}me"));
}

#[test]
fn reads_plus_as_space_only_in_form_encoding() {
    check_decode("1+1", false, Ok("1+1"));
    check_decode("hello+world", true, Ok("hello world"));
    check_decode("1%2B1", true, Ok("1+1"));
}

#[test]
fn rejects_malformed_escapes() {
    for sent in ["%", "50%", "%4", "%G1", "%4x", "%%41", "% 41"] {
        check_decode(sent, false, Err(DecodeError::InvalidEscape));
    }
}

#[test]
fn rejects_bytes_that_are_not_utf8() {
    for sent in ["%FF", "caf%C3", "%C3%28", "%E2%9C"] {
        check_decode(sent, false, Err(DecodeError::InvalidUtf8));
    }
}

#[test]
fn parses_pairs_in_order() {
    check_query(
        "q=caf%C3%A9+%26+cr%C3%A8me&page=2",
        Ok(&[("q", "caf\u{e9} & cr\u{e8}me"), ("page", "2")]),
    );
    check_query("", Ok(&[]));
}

#[test]
fn keeps_repeated_keys() {
    check_query(
        "tag=rust&tag=http&sort=new&tag=rust",
        Ok(&[
            ("tag", "rust"),
            ("tag", "http"),
            ("sort", "new"),
            ("tag", "rust"),
        ]),
    );
}

#[test]
fn splits_before_decoding() {
    check_query(
        "expr=a%3Db%26c&x%3Dy=1",
        Ok(&[("expr", "a=b&c"), ("x=y", "1")]),
    );
}

#[test]
fn splits_each_piece_at_its_first_equals_sign() {
    check_query("filter=size=large", Ok(&[("filter", "size=large")]));
    check_query("verbose&lang=", Ok(&[("verbose", ""), ("lang", "")]));
    check_query("=orphan", Ok(&[("", "orphan")]));
}

#[test]
fn skips_empty_pieces() {
    check_query("&&a=1&&b=2&", Ok(&[("a", "1"), ("b", "2")]));
}

#[test]
fn rejects_a_query_with_a_bad_escape_anywhere() {
    check_query("a=1&b=%zz", Err(DecodeError::InvalidEscape));
    check_query("na%ZZme=1", Err(DecodeError::InvalidEscape));
    check_query("a=%FF", Err(DecodeError::InvalidUtf8));
}

#[test]
fn decodes_keys_like_values() {
    let sent = "first+name=Ada+Lovelace&sort%5Fby=name";
    let got = parse_query(sent);
    let expected = Ok(vec![
        ("first name".to_string(), "Ada Lovelace".to_string()),
        ("sort_by".to_string(), "name".to_string()),
    ]);
    if got != expected {
        panic!(
            "\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n\
             Keys are form-encoded too: `+` is a space and escapes are decoded in the key as well as the value.\n"
        );
    }
}
