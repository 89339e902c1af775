use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jwt_verify::{VerifyError, verify_hs256};
use serde_json::{Value, json};
use sha2::{Sha256, Sha512};

const KEY: &[u8] = b"jwt-verify-test-key: not for production";
const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;
const CLAIMS: &str = r#"{"sub":"user-3141","role":"reader"}"#;

fn b64(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

/// A token with `header` and `claims` JSON, signed with HMAC-SHA256 under `key`.
fn token(header: &str, claims: &str, key: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[track_caller]
fn check(token: &str, expected: Result<Value, VerifyError>) {
    let got = verify_hs256::<Value>(token, KEY);
    if got != expected {
        panic!("\nsent:     {token:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn accepts_a_valid_token() {
    check(
        &token(HS256, CLAIMS, KEY),
        Ok(json!({"sub": "user-3141", "role": "reader"})),
    );
}

#[test]
fn deserializes_into_the_callers_type() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Claims {
        sub: String,
    }
    let sent = token(HS256, CLAIMS, KEY);
    let got = verify_hs256::<Claims>(&sent, KEY);
    let expected = Ok(Claims {
        sub: "user-3141".to_owned(),
    });
    if got != expected {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn checks_the_bytes_that_were_signed() {
    // Spaces and key order differ from what serde_json writes: the signature
    // covers these exact bytes, so re-encoding the JSON would break it.
    let header = r#"{ "typ": "JWT", "alg": "HS256" }"#;
    let claims = r#"{"role":"reader",   "sub":"user-3141"}"#;
    check(
        &token(header, claims, KEY),
        Ok(json!({"sub": "user-3141", "role": "reader"})),
    );
}

#[test]
fn rejects_a_token_signed_with_another_key() {
    check(
        &token(HS256, CLAIMS, b"an attacker's guess"),
        Err(VerifyError::BadSignature),
    );
}

#[test]
fn rejects_changed_claims() {
    let genuine = token(HS256, CLAIMS, KEY);
    let parts: Vec<&str> = genuine.split('.').collect();
    let promoted = b64(r#"{"sub":"user-3141","role":"admin"}"#);
    check(
        &format!("{}.{promoted}.{}", parts[0], parts[2]),
        Err(VerifyError::BadSignature),
    );
    // An empty or truncated signature is simply wrong, too.
    check(
        &format!("{}.{}.", parts[0], parts[1]),
        Err(VerifyError::BadSignature),
    );
    check(
        &format!("{}.{}.{}", parts[0], parts[1], &parts[2][..40]),
        Err(VerifyError::BadSignature),
    );
}

#[test]
fn rejects_unsigned_tokens() {
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#);
        // An unsigned token has an empty signature part...
        check(
            &format!("{}.{}.", b64(&header), b64(CLAIMS)),
            Err(VerifyError::AlgNone),
        );
        // ...but even with a signature, alg none is refused.
        check(&token(&header, CLAIMS, KEY), Err(VerifyError::AlgNone));
    }
}

#[test]
fn rejects_algorithms_the_server_did_not_choose() {
    // HS512 signed correctly with our key is still not what we use.
    let header = r#"{"alg":"HS512","typ":"JWT"}"#;
    let input = format!("{}.{}", b64(header), b64(CLAIMS));
    let mut mac = Hmac::<Sha512>::new_from_slice(KEY).unwrap();
    mac.update(input.as_bytes());
    let hs512 = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );
    check(
        &hs512,
        Err(VerifyError::UnexpectedAlgorithm("HS512".to_owned())),
    );
    for alg in ["RS256", "hs256", "HS256 ", "ES256"] {
        let header = format!(r#"{{"alg":"{alg}"}}"#);
        check(
            &token(&header, CLAIMS, KEY),
            Err(VerifyError::UnexpectedAlgorithm(alg.to_owned())),
        );
    }
}

#[test]
fn rejects_the_wrong_number_of_parts() {
    let genuine = token(HS256, CLAIMS, KEY);
    let parts: Vec<&str> = genuine.split('.').collect();
    for sent in [
        String::new(),
        "...".to_owned(),
        parts[0].to_owned(),
        format!("{}.{}", parts[0], parts[1]),
        format!("{genuine}.{}", parts[2]),
        format!("{}..{}", parts[0], parts[2]),
        format!(".{}.{}", parts[1], parts[2]),
    ] {
        check(&sent, Err(VerifyError::Malformed));
    }
}

#[test]
fn rejects_a_header_that_is_not_base64url_json_with_an_alg() {
    for header in [
        "not base64!".to_owned(),
        b64(HS256) + "=",
        b64("HS256"),
        b64(r#"{"typ":"JWT"}"#),
        b64(r#"{"alg":256}"#),
    ] {
        let sent = format!("{header}.{}.c2ln", b64(CLAIMS));
        check(&sent, Err(VerifyError::Malformed));
    }
}

#[test]
fn rejects_a_signature_that_is_not_base64url() {
    let genuine = token(HS256, CLAIMS, KEY);
    check(&format!("{genuine}="), Err(VerifyError::Malformed));
    check(
        &genuine.replace('_', "/").replace('-', "+"),
        Err(VerifyError::Malformed),
    );
}

#[test]
fn rejects_signed_claims_that_are_not_json() {
    // Correctly signed, but the payload is not JSON.
    check(
        &token(HS256, "sub=user-3141", KEY),
        Err(VerifyError::Malformed),
    );
    // Unsigned garbage never reaches the JSON parser: the signature is
    // checked first, so a forged payload is a bad signature, not malformed.
    let forged = token(HS256, "sub=user-3141", b"an attacker's key");
    let got = verify_hs256::<Value>(&forged, KEY);
    if got != Err(VerifyError::BadSignature) {
        panic!(
            "\nsent:     {forged:?} (payload not JSON, signed with another key)\nexpected: Err(BadSignature)\ngot:      {got:?}\n(the claims were parsed before the signature was checked)\n"
        );
    }
}
