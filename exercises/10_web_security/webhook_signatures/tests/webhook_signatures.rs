use hmac::{Hmac, Mac};
use sha2::Sha256;
use webhook_signatures::{WebhookError, WebhookVerifier, parse_header, sign};

const SECRET: &[u8] = b"whsec_kettle_works_2025";
const TOLERANCE: u64 = 300;
/// "Now" for every test: 2025-03-14 12:00:00 UTC.
const NOW: u64 = 1_741_953_600;
const BODY: &[u8] = br#"{"event":"invoice.paid","invoice":42,"amount_cents":1999}"#;

/// The expected signature, computed independently of the crate.
fn hmac_hex(secret: &[u8], text: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(text);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn signed_header(timestamp: u64, body: &[u8]) -> String {
    let mut text = format!("{timestamp}.").into_bytes();
    text.extend_from_slice(body);
    format!("t={timestamp},v1={}", hmac_hex(SECRET, &text))
}

/// Verifies a delivery at `now` and fails with a report unless the outcome
/// is `expected`.
#[track_caller]
fn check_delivery(
    verifier: &mut WebhookVerifier,
    header: &str,
    body: &[u8],
    now: u64,
    expected: Result<(), WebhookError>,
) {
    let got = verifier.verify(header, body, now);
    if got != expected {
        panic!(
            "\nsent:     Webhook-Signature: {header}\n          body {:?}\n          at now = {now} (tolerance {TOLERANCE} s)\nexpected: {expected:?}\ngot:      {got:?}\n",
            String::from_utf8_lossy(body)
        );
    }
}

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new(SECRET, TOLERANCE)
}

#[test]
fn sign_is_hmac_sha256_over_timestamp_dot_body_in_hex() {
    let mut text = format!("{NOW}.").into_bytes();
    text.extend_from_slice(BODY);
    let expected = hmac_hex(SECRET, &text);
    let got = sign(SECRET, NOW, BODY);
    if got != expected {
        panic!(
            "\nsent:     sign(SECRET, {NOW}, {:?})\nexpected: {expected:?} (HMAC-SHA256 over \"{NOW}.<body>\", lowercase hex)\ngot:      {got:?}\n",
            String::from_utf8_lossy(BODY)
        );
    }
}

#[test]
fn parses_the_signature_header() {
    for (header, expected) in [
        ("t=12,v1=ab", Some((12, vec!["ab"]))),
        ("v1=ab,t=12,v0=zz,v1=cd", Some((12, vec!["ab", "cd"]))),
        ("t=12", None),
        ("v1=ab", None),
        ("t=12,t=13,v1=ab", None),
        ("t=soon,v1=ab", None),
        ("t=12,v1", None),
        ("", None),
    ] {
        let got = parse_header(header);
        if got != expected {
            panic!(
                "\nsent:     parse_header({header:?})\nexpected: {expected:?}\ngot:      {got:?}\n"
            );
        }
    }
}

#[test]
fn accepts_a_fresh_authentic_delivery() {
    let header = signed_header(NOW - 20, BODY);
    check_delivery(&mut verifier(), &header, BODY, NOW, Ok(()));
}

#[test]
fn rejects_a_changed_body_or_another_secret() {
    let header = signed_header(NOW, BODY);
    let changed = br#"{"event":"invoice.paid","invoice":42,"amount_cents":1}"#;
    check_delivery(
        &mut verifier(),
        &header,
        changed,
        NOW,
        Err(WebhookError::BadSignature),
    );

    let mut other = WebhookVerifier::new(b"whsec_someone_else", TOLERANCE);
    check_delivery(
        &mut other,
        &header,
        BODY,
        NOW,
        Err(WebhookError::BadSignature),
    );
}

#[test]
fn the_timestamp_is_part_of_what_is_signed() {
    // An attacker copies the signature but puts a fresh timestamp in front.
    let old = signed_header(NOW - 3600, BODY);
    let signature = old.split_once(",v1=").unwrap().1;
    let header = format!("t={NOW},v1={signature}");
    check_delivery(
        &mut verifier(),
        &header,
        BODY,
        NOW,
        Err(WebhookError::BadSignature),
    );
}

#[test]
fn accepts_any_one_of_several_v1_signatures() {
    // During a secret rotation the provider signs with the old and the new
    // secret; unknown schemes such as v0 are ignored.
    let good = signed_header(NOW, BODY);
    let good_v1 = good.split_once(",v1=").unwrap().1;
    let wrong = "0".repeat(64);
    let header = format!("t={NOW},v0=legacy,v1={wrong},v1={good_v1}");
    check_delivery(&mut verifier(), &header, BODY, NOW, Ok(()));
}

#[test]
fn rejects_malformed_headers() {
    let good = signed_header(NOW, BODY);
    let good_v1 = good.split_once(",v1=").unwrap().1.to_owned();
    for header in [
        String::new(),
        format!("t={NOW}"),
        format!("v1={good_v1}"),
        format!("t={NOW},t={NOW},v1={good_v1}"),
        format!("t=yesterday,v1={good_v1}"),
        format!("t={NOW};v1={good_v1}"),
    ] {
        check_delivery(
            &mut verifier(),
            &header,
            BODY,
            NOW,
            Err(WebhookError::Malformed),
        );
    }
}

#[test]
fn rejects_timestamps_outside_the_tolerance() {
    for (timestamp, expected) in [
        (NOW - TOLERANCE, Ok(())),
        (NOW + TOLERANCE, Ok(())),
        (NOW - TOLERANCE - 1, Err(WebhookError::Stale)),
        (NOW + TOLERANCE + 1, Err(WebhookError::Stale)),
        (0, Err(WebhookError::Stale)),
    ] {
        let header = signed_header(timestamp, BODY);
        check_delivery(&mut verifier(), &header, BODY, NOW, expected);
    }
}

#[test]
fn rejects_a_replayed_delivery() {
    let mut verifier = verifier();
    let header = signed_header(NOW, BODY);
    check_delivery(&mut verifier, &header, BODY, NOW, Ok(()));
    check_delivery(
        &mut verifier,
        &header,
        BODY,
        NOW + 90,
        Err(WebhookError::Replayed),
    );
    // The same signature under a rewritten header is still a replay: what is
    // remembered is the signature, not the header text.
    let signature = header.split_once(",v1=").unwrap().1;
    for rewritten in [
        format!("v1={signature},t={NOW}"),
        format!("{header},v1={}", "00".repeat(32)),
    ] {
        let got = verifier.verify(&rewritten, BODY, NOW + 90);
        if got != Err(WebhookError::Replayed) {
            panic!(
                "\nsent:     the accepted delivery again, header rewritten to {rewritten:?}\nexpected: Err(Replayed)\ngot:      {got:?}\n(replay protection keyed on the header text is bypassed by reordering or adding v1 values; remember the signature)\n"
            );
        }
    }
    // A different delivery is not a replay.
    let other_body = br#"{"event":"invoice.paid","invoice":43,"amount_cents":500}"#;
    let other = signed_header(NOW, other_body);
    check_delivery(&mut verifier, &other, other_body, NOW + 90, Ok(()));
}

#[test]
fn remembers_only_deliveries_that_passed() {
    let mut verifier = verifier();
    let header = signed_header(NOW, BODY);
    let forged = format!("t={NOW},v1={}", "ab".repeat(32));
    check_delivery(
        &mut verifier,
        &forged,
        BODY,
        NOW,
        Err(WebhookError::BadSignature),
    );
    let got = verifier.remembered();
    if got != 0 {
        panic!("\nsent:     one forged delivery\nexpected: remembered() == 0\ngot:      {got}\n");
    }
    check_delivery(&mut verifier, &header, BODY, NOW, Ok(()));
}

#[test]
fn forgets_signatures_once_they_are_too_old_to_replay() {
    let mut verifier = verifier();
    for i in 0..5 {
        let body = format!("{{\"event\":\"ping\",\"n\":{i}}}");
        let header = signed_header(NOW + i, body.as_bytes());
        check_delivery(&mut verifier, &header, body.as_bytes(), NOW + i, Ok(()));
    }
    let got = verifier.remembered();
    if got != 5 {
        panic!(
            "\nsent:     5 deliveries at NOW..NOW+4\nexpected: remembered() == 5\ngot:      {got}\n"
        );
    }
    // Much later, one more delivery: the five old ones can go.
    let later = NOW + 10 * TOLERANCE;
    let header = signed_header(later, BODY);
    check_delivery(&mut verifier, &header, BODY, later, Ok(()));
    let got = verifier.remembered();
    if got != 1 {
        panic!(
            "\nsent:     5 deliveries at NOW..NOW+4, then one at NOW + {}\nexpected: remembered() == 1 (the old ones are outside the window)\ngot:      {got}\n",
            10 * TOLERANCE
        );
    }
}
