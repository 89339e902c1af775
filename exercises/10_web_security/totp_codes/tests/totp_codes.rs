use totp_codes::{TotpError, TotpVerifier, hotp, totp};

/// The key of the test vectors of RFC 4226 appendix D and RFC 6238 appendix B.
const RFC_KEY: &[u8] = b"12345678901234567890";

/// A key of our own for the verification tests.
const KEY: &[u8] = b"orchard-lane-2fa-key";

/// 2025-03-14 12:00:00 UTC, the start of a 30-second step.
const NOW: u64 = 1_741_953_600;

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Display, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// The 6-digit code of `step` under KEY.
fn code_at_step(step: u64) -> String {
    hotp(KEY, step, 6)
}

#[test]
fn hotp_matches_rfc4226_appendix_d() {
    let expected = [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489",
    ];
    for (counter, code) in expected.into_iter().enumerate() {
        check(
            format!("hotp(RFC key, counter {counter}, 6 digits)"),
            code.to_owned(),
            hotp(RFC_KEY, counter as u64, 6),
        );
    }
}

#[test]
fn totp_matches_rfc6238_appendix_b() {
    for (time, code) in [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] {
        check(
            format!("totp(RFC key, time {time}, 8 digits)"),
            code.to_owned(),
            totp(RFC_KEY, time, 8),
        );
    }
}

#[test]
fn codes_keep_their_leading_zeros() {
    check(
        "totp(RFC key, time 1111111109, 8 digits)",
        "07081804".to_owned(),
        totp(RFC_KEY, 1_111_111_109, 8),
    );
    check(
        "totp(RFC key, time 1111111109, 6 digits)",
        "081804".to_owned(),
        totp(RFC_KEY, 1_111_111_109, 6),
    );
}

#[test]
fn the_code_stays_the_same_for_30_seconds() {
    let first = totp(KEY, NOW, 6);
    check(
        format!("totp at NOW + 29 compared with totp at NOW ({first})"),
        first.clone(),
        totp(KEY, NOW + 29, 6),
    );
    let next = totp(KEY, NOW + 30, 6);
    if next == first {
        panic!(
            "\nsent:     totp at NOW and at NOW + 30\nexpected: two different codes (a new step starts every 30 s)\ngot:      {first} both times\n"
        );
    }
}

#[test]
fn accepts_the_current_code() {
    let mut verifier = TotpVerifier::new(KEY);
    let code = totp(KEY, NOW + 12, 6);
    check(
        format!("verify({code:?}) at NOW + 12, the code shown at that time"),
        Ok(()),
        verifier.verify(&code, NOW + 12),
    );
}

#[test]
fn accepts_one_step_of_drift_either_side() {
    let step = NOW / 30;
    let previous = code_at_step(step - 1);
    check(
        format!("verify({previous:?}) at NOW, the code of the previous step"),
        Ok(()),
        TotpVerifier::new(KEY).verify(&previous, NOW),
    );
    let next = code_at_step(step + 1);
    check(
        format!("verify({next:?}) at NOW, the code of the next step"),
        Ok(()),
        TotpVerifier::new(KEY).verify(&next, NOW),
    );
}

#[test]
fn rejects_codes_two_steps_away_and_wrong_codes() {
    let step = NOW / 30;
    for (what, code) in [
        ("two steps ago", code_at_step(step - 2)),
        ("two steps ahead", code_at_step(step + 2)),
        ("of another key", totp(b"someone else's key", NOW, 6)),
    ] {
        check(
            format!("verify({code:?}) at NOW, the code {what}"),
            Err(TotpError::Invalid),
            TotpVerifier::new(KEY).verify(&code, NOW),
        );
    }
}

#[test]
fn rejects_malformed_codes() {
    let good = totp(KEY, NOW, 6);
    for code in [
        String::new(),
        good[..5].to_owned(),
        format!("{good}0"),
        format!(" {}", &good[1..]),
        format!("{} {}", &good[..3], &good[3..]),
        "12a456".to_owned(),
        "+12345".to_owned(),
        "١٢٣٤٥٦".to_owned(), // Arabic-Indic digits are not ASCII digits
    ] {
        check(
            format!("verify({code:?}) at NOW"),
            Err(TotpError::Malformed),
            TotpVerifier::new(KEY).verify(&code, NOW),
        );
    }
}

#[test]
fn refuses_to_accept_a_code_twice() {
    let mut verifier = TotpVerifier::new(KEY);
    let code = totp(KEY, NOW, 6);
    check(
        format!("verify({code:?}) at NOW"),
        Ok(()),
        verifier.verify(&code, NOW),
    );
    check(
        format!("verify({code:?}) again at NOW + 5, after it was accepted"),
        Err(TotpError::Reused),
        verifier.verify(&code, NOW + 5),
    );

    // A code accepted early (the next step's, through drift) stays used when
    // its own step comes: remember the step the code matched, not the clock's.
    let mut verifier = TotpVerifier::new(KEY);
    let next = code_at_step(NOW / 30 + 1);
    check(
        format!("verify({next:?}) at NOW, the next step's code"),
        Ok(()),
        verifier.verify(&next, NOW),
    );
    check(
        format!(
            "verify({next:?}) again at NOW + 30, its own step (remembering the clock's step instead of the matched one lets it through)"
        ),
        Err(TotpError::Reused),
        verifier.verify(&next, NOW + 30),
    );
}

#[test]
fn refuses_an_older_code_after_a_newer_one() {
    let mut verifier = TotpVerifier::new(KEY);
    let step = NOW / 30;
    let current = code_at_step(step);
    check(
        format!("verify({current:?}) at NOW"),
        Ok(()),
        verifier.verify(&current, NOW),
    );
    let previous = code_at_step(step - 1);
    check(
        format!(
            "verify({previous:?}) at NOW, the previous step's code, after the current one was accepted"
        ),
        Err(TotpError::Reused),
        verifier.verify(&previous, NOW),
    );
    let later = totp(KEY, NOW + 30, 6);
    check(
        format!("verify({later:?}) at NOW + 30, the next step's code"),
        Ok(()),
        verifier.verify(&later, NOW + 30),
    );
}
