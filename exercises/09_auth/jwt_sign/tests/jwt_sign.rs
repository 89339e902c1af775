use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use jwt_sign::{Claims, Header, encode_part, encode_token, sign_hs256, signing_input};
use serde_json::json;
use sha2::Sha256;

const KEY: &[u8] = b"jwt-sign-test-key: not for production";

fn ada() -> Claims {
    Claims {
        sub: "user-7071".to_owned(),
        iss: Some("https://auth.backlings.test".to_owned()),
        iat: 1_893_456_000,
        exp: 1_893_456_900,
        name: Some("Ada".to_owned()),
    }
}

/// base64url(JSON) computed independently of your code.
fn b64(json: &str) -> String {
    URL_SAFE_NO_PAD.encode(json)
}

/// HMAC-SHA256 computed independently of your code.
fn hmac(input: &str, key: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(input.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

#[track_caller]
fn check(sent: &str, expected: &str, got: &str) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn encodes_the_header() {
    check(
        "encode_part(&Header::HS256)",
        &b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        &encode_part(&Header::HS256),
    );
}

#[test]
fn encodes_claims_as_compact_json_without_padding() {
    // 4 bytes of JSON: base64 would need "==" padding, base64url has none.
    check(
        "encode_part(&json!([1]))",
        "WzFd",
        &encode_part(&json!([1])),
    );
    check(
        "encode_part(&ada())",
        &b64(
            r#"{"sub":"user-7071","iss":"https://auth.backlings.test","iat":1893456000,"exp":1893456900,"name":"Ada"}"#,
        ),
        &encode_part(&ada()),
    );
}

#[test]
fn leaves_out_absent_claims() {
    let claims = Claims {
        iss: None,
        name: None,
        ..ada()
    };
    check(
        "encode_part(&claims without iss and name)",
        &b64(r#"{"sub":"user-7071","iat":1893456000,"exp":1893456900}"#),
        &encode_part(&claims),
    );
}

#[test]
fn joins_header_and_claims_with_a_dot() {
    let claims = json!({"sub": "user-7071", "admin": false});
    check(
        "signing_input(&Header::HS256, &json!({\"sub\": \"user-7071\", \"admin\": false}))",
        &format!(
            "{}.{}",
            b64(r#"{"alg":"HS256","typ":"JWT"}"#),
            b64(r#"{"admin":false,"sub":"user-7071"}"#)
        ),
        &signing_input(&Header::HS256, &claims),
    );
}

#[test]
fn signs_with_hmac_sha256() {
    let input = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0";
    check(
        &format!("sign_hs256({input:?}, KEY)"),
        &hmac(input, KEY),
        &sign_hs256(input, KEY),
    );
    // 32 bytes of MAC are 43 base64url characters.
    check(
        &format!("sign_hs256({input:?}, KEY), counting characters"),
        "43",
        &sign_hs256(input, KEY).len().to_string(),
    );
}

#[test]
fn builds_the_whole_token() {
    let input = signing_input(&Header::HS256, &ada());
    let expected = format!("{input}.{}", hmac(&input, KEY));
    check(
        "encode_token(&ada(), KEY)",
        &expected,
        &encode_token(&ada(), KEY),
    );
}

#[test]
fn another_key_gives_another_signature() {
    let ours = encode_token(&ada(), KEY);
    let theirs = encode_token(&ada(), b"another key");
    let (ours_input, _) = ours.rsplit_once('.').unwrap_or_default();
    let (theirs_input, their_signature) = theirs.rsplit_once('.').unwrap_or_default();
    check(
        "encode_token(&ada(), KEY) and encode_token(&ada(), b\"another key\"): signing inputs",
        ours_input,
        theirs_input,
    );
    check(
        "encode_token(&ada(), b\"another key\"): signature",
        &hmac(theirs_input, b"another key"),
        their_signature,
    );
    if ours == theirs {
        panic!(
            "\nsent:     the same claims with two keys\nexpected: two different tokens\ngot:      {ours:?} twice\n"
        );
    }
}

#[test]
fn keeps_unicode_claims_intact() {
    let claims = Claims {
        name: Some("Zo\u{eb} \u{5f20}".to_owned()),
        ..ada()
    };
    let token = encode_token(&claims, KEY);
    let payload = token.split('.').nth(1).unwrap_or_default();
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    let decoded: Option<Claims> = serde_json::from_str(&json).ok();
    if decoded.as_ref() != Some(&claims) {
        panic!(
            "\nsent:     encode_token with name {:?}\nexpected: a payload decoding to {claims:?}\ngot:      payload {payload:?} = {json:?}\n",
            claims.name
        );
    }
}
