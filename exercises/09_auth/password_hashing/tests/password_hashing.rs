use password_hashing::{HashParams, PasswordError, hash_password, needs_rehash, verify_password};

/// Tiny parameters so the tests run fast. Never use these in production.
const FAST: HashParams = HashParams {
    memory_kib: 256,
    iterations: 1,
    parallelism: 1,
};

/// Hashed by Argon2id with m=512, t=2, p=2 (other settings than `FAST`) from
/// the password "correct horse".
const STORED_ID: &str = "$argon2id$v=19$m=512,t=2,p=2$cGVwcGVyLWFuZC1zYWx0IQ$RhAqaxO5QHkaTLqrGXgdGRGup8bancuefudlLhmeSkQ";

/// Hashed by Argon2i (not Argon2id) with m=256, t=3, p=1 from "tr0ub4dor&3".
const STORED_I: &str = "$argon2i$v=19$m=256,t=3,p=1$cGVwcGVyLWFuZC1zYWx0IQ$hgNRB1yS58deYjgDoIhf7bPCkNFuqjuTf42qAHKNPv8";

#[track_caller]
fn hash(password: &str) -> String {
    match hash_password(password, &FAST) {
        Ok(phc) => phc,
        Err(e) => panic!(
            "\nsent:     {password:?} with {FAST:?}\nexpected: a PHC string\ngot:      Err({e:?})\n"
        ),
    }
}

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn hash_is_an_argon2id_phc_string_with_the_chosen_parameters() {
    let phc = hash("hunter2");
    let prefix = "$argon2id$v=19$m=256,t=1,p=1$";
    if !phc.starts_with(prefix) {
        panic!(
            "\nsent:     \"hunter2\" with {FAST:?}\nexpected: a PHC string starting with {prefix:?}\ngot:      {phc:?}\n"
        );
    }
    // After the prefix come the salt and the hash, base64 without padding.
    let fields: Vec<&str> = phc[prefix.len()..].split('$').collect();
    check(
        &format!("\"hunter2\", then counted the fields after the parameters of {phc:?}"),
        2,
        fields.len(),
    );
    check(
        &format!("\"hunter2\", then measured the salt field of {phc:?}"),
        true,
        fields[0].len() >= 22, // 16 bytes or more
    );
}

#[test]
fn the_same_password_hashes_differently_every_time() {
    let first = hash("hunter2");
    let second = hash("hunter2");
    if first == second {
        panic!(
            "\nsent:     \"hunter2\" twice\nexpected: two different PHC strings (a fresh random salt each time)\ngot:      {first:?} both times\n"
        );
    }
}

#[test]
fn verifies_the_right_password() {
    let phc = hash("open sesame");
    check(
        &format!("verify \"open sesame\" against {phc:?}"),
        Ok(true),
        verify_password("open sesame", &phc),
    );
}

#[test]
fn rejects_a_wrong_password_without_an_error() {
    let phc = hash("open sesame");
    for wrong in ["open sesame ", "Open sesame", "", "open"] {
        check(
            &format!("verify {wrong:?} against the hash of \"open sesame\" {phc:?}"),
            Ok(false),
            verify_password(wrong, &phc),
        );
    }
}

#[test]
fn hashes_empty_and_unicode_passwords() {
    for password in ["", "p\u{e4}ssw\u{f6}rd \u{1f511}"] {
        let phc = hash(password);
        check(
            &format!("verify {password:?} against its own hash {phc:?}"),
            Ok(true),
            verify_password(password, &phc),
        );
    }
}

#[test]
fn verifies_with_the_parameters_stored_in_the_hash() {
    // Stored years ago with other settings: verifying must read m, t, p and
    // the salt from the string, not use today's settings.
    check(
        &format!("verify \"correct horse\" against {STORED_ID:?}"),
        Ok(true),
        verify_password("correct horse", STORED_ID),
    );
    check(
        &format!("verify \"correct horse!\" against {STORED_ID:?}"),
        Ok(false),
        verify_password("correct horse!", STORED_ID),
    );
}

#[test]
fn verifies_an_older_argon2_variant() {
    check(
        &format!("verify \"tr0ub4dor&3\" against {STORED_I:?}"),
        Ok(true),
        verify_password("tr0ub4dor&3", STORED_I),
    );
}

#[test]
fn reports_a_malformed_stored_hash() {
    for stored in [
        "",
        "hunter2",
        "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "$argon2id$v=19$m=lots,t=1,p=1$cGVwcGVyLWFuZC1zYWx0IQ$AAAA",
        // Well-formed PHC syntax, but not a hash Argon2 can check: an error,
        // not "wrong password".
        "$scrypt$ln=4,r=8,p=1$cGVwcGVyLWFuZC1zYWx0IQ$RhAqaxO5QHkaTLqrGXgdGRGup8bancuefudlLhmeSkQ",
    ] {
        check(
            &format!("verify \"hunter2\" against {stored:?}"),
            Err(PasswordError::MalformedHash),
            verify_password("hunter2", stored),
        );
    }
}

#[test]
fn rejects_invalid_parameters() {
    let no_passes = HashParams {
        iterations: 0,
        ..FAST
    };
    let no_lanes = HashParams {
        parallelism: 0,
        ..FAST
    };
    for params in [no_passes, no_lanes] {
        check(
            &format!("hash \"hunter2\" with {params:?}"),
            Err(PasswordError::InvalidParams),
            hash_password("hunter2", &params),
        );
    }
}

#[test]
fn tells_when_a_hash_needs_to_be_redone() {
    let phc = hash("hunter2");
    check(
        &format!("needs_rehash({phc:?}) with the same {FAST:?}"),
        Ok(false),
        needs_rehash(&phc, &FAST),
    );
    check(
        &format!("needs_rehash({phc:?}) with {:?}", HashParams::PRODUCTION),
        Ok(true),
        needs_rehash(&phc, &HashParams::PRODUCTION),
    );
    let more_memory = HashParams {
        memory_kib: 512,
        ..FAST
    };
    check(
        &format!(
            "needs_rehash({phc:?}) with {more_memory:?}: only the memory changed, so it must be redone"
        ),
        Ok(true),
        needs_rehash(&phc, &more_memory),
    );
    let argon2i_params = HashParams {
        memory_kib: 256,
        iterations: 3,
        parallelism: 1,
    };
    check(
        &format!(
            "needs_rehash({STORED_I:?}) with its own parameters {argon2i_params:?}: it is not Argon2id"
        ),
        Ok(true),
        needs_rehash(STORED_I, &argon2i_params),
    );
    check(
        "needs_rehash(\"hunter2\", ...)",
        Err(PasswordError::MalformedHash),
        needs_rehash("hunter2", &FAST),
    );
}
