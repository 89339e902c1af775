use jwt_claims::{Audience, Claims, ClaimsError, Validation, validate};

/// 2030-01-01T00:00:00Z
const NOW: u64 = 1_893_456_000;
const ISSUER: &str = "https://login.backlings.test";
const AUDIENCE: &str = "orders-api";

fn rules(leeway_secs: u64) -> Validation {
    Validation {
        issuer: ISSUER.to_owned(),
        audience: AUDIENCE.to_owned(),
        leeway_secs,
    }
}

/// Claims that pass: issued a minute ago, valid for 15 minutes.
fn good() -> Claims {
    Claims {
        sub: Some("user-2718".to_owned()),
        iss: Some(ISSUER.to_owned()),
        aud: Some(Audience::One(AUDIENCE.to_owned())),
        exp: Some(NOW + 840),
        nbf: Some(NOW - 60),
        iat: Some(NOW - 60),
    }
}

#[track_caller]
fn check(claims: &Claims, leeway_secs: u64, now: u64, expected: Result<(), ClaimsError>) {
    let got = validate(claims, &rules(leeway_secs), now);
    if got != expected {
        panic!(
            "\nsent:     {claims:?}\n          at now = {now} (NOW{:+}) with leeway {leeway_secs} s\nexpected: {expected:?}\ngot:      {got:?}\n",
            now as i128 - NOW as i128
        );
    }
}

#[test]
fn accepts_valid_claims() {
    check(&good(), 0, NOW, Ok(()));
}

#[test]
fn reads_claims_from_json() {
    // Not your code: this pins the JSON shape the next exercise relies on.
    let json = r#"{"sub":"user-2718","iss":"https://login.backlings.test",
        "aud":["billing-api","orders-api"],"exp":1893456840,"iat":1893455940,"admin":true}"#;
    let claims: Claims = serde_json::from_str(json).expect("the claims parse");
    check(&claims, 0, NOW, Ok(()));
}

#[test]
fn rejects_an_expired_token() {
    let claims = Claims {
        exp: Some(NOW),
        ..good()
    };
    check(&claims, 0, NOW - 1, Ok(()));
    check(&claims, 0, NOW, Err(ClaimsError::Expired));
    check(&claims, 0, NOW + 3600, Err(ClaimsError::Expired));
}

#[test]
fn leeway_forgives_a_late_clock() {
    let claims = Claims {
        exp: Some(NOW),
        ..good()
    };
    check(&claims, 30, NOW + 29, Ok(()));
    check(&claims, 30, NOW + 30, Err(ClaimsError::Expired));
}

#[test]
fn rejects_a_token_that_is_not_valid_yet() {
    let claims = Claims {
        nbf: Some(NOW + 100),
        iat: None,
        ..good()
    };
    check(&claims, 0, NOW + 100, Ok(()));
    check(&claims, 0, NOW + 99, Err(ClaimsError::NotYetValid));
    check(&claims, 30, NOW + 70, Ok(()));
    check(&claims, 30, NOW + 69, Err(ClaimsError::NotYetValid));
}

#[test]
fn rejects_a_token_issued_in_the_future() {
    let claims = Claims {
        iat: Some(NOW + 100),
        nbf: None,
        ..good()
    };
    check(&claims, 0, NOW + 100, Ok(()));
    check(&claims, 0, NOW + 99, Err(ClaimsError::IssuedInFuture));
    check(&claims, 30, NOW + 70, Ok(()));
    check(&claims, 30, NOW + 69, Err(ClaimsError::IssuedInFuture));
}

#[test]
fn requires_exp_iss_and_aud_but_not_nbf_or_iat() {
    check(
        &Claims {
            exp: None,
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::MissingClaim("exp")),
    );
    check(
        &Claims {
            iss: None,
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::MissingClaim("iss")),
    );
    check(
        &Claims {
            aud: None,
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::MissingClaim("aud")),
    );
    check(
        &Claims {
            nbf: None,
            iat: None,
            sub: None,
            ..good()
        },
        0,
        NOW,
        Ok(()),
    );
}

#[test]
fn rejects_another_issuer() {
    for iss in [
        "https://evil.example",
        "https://LOGIN.backlings.test",
        "https://login.backlings.test/",
        "",
    ] {
        let claims = Claims {
            iss: Some(iss.to_owned()),
            ..good()
        };
        check(&claims, 0, NOW, Err(ClaimsError::WrongIssuer));
    }
}

#[test]
fn accepts_our_audience_as_a_string_or_in_an_array() {
    let many = |names: &[&str]| {
        Some(Audience::Many(
            names.iter().map(|n| n.to_string()).collect(),
        ))
    };
    check(
        &Claims {
            aud: many(&["billing-api", AUDIENCE]),
            ..good()
        },
        0,
        NOW,
        Ok(()),
    );
    check(
        &Claims {
            aud: many(&[AUDIENCE]),
            ..good()
        },
        0,
        NOW,
        Ok(()),
    );
    check(
        &Claims {
            aud: many(&["billing-api", "admin-api"]),
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::WrongAudience),
    );
    check(
        &Claims {
            aud: many(&[]),
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::WrongAudience),
    );
    check(
        &Claims {
            aud: Some(Audience::One("orders-api-v2".to_owned())),
            ..good()
        },
        0,
        NOW,
        Err(ClaimsError::WrongAudience),
    );
}

#[test]
fn reports_the_first_failure_in_order() {
    let everything_wrong = Claims {
        sub: None,
        iss: Some("https://evil.example".to_owned()),
        aud: Some(Audience::One("admin-api".to_owned())),
        exp: Some(NOW - 10),
        nbf: Some(NOW + 10),
        iat: Some(NOW + 10),
    };
    check(&everything_wrong, 0, NOW, Err(ClaimsError::Expired));
    let from_the_future = Claims {
        exp: Some(NOW + 900),
        ..everything_wrong.clone()
    };
    check(&from_the_future, 0, NOW, Err(ClaimsError::NotYetValid));
    let issued_later = Claims {
        nbf: None,
        ..from_the_future.clone()
    };
    check(&issued_later, 0, NOW, Err(ClaimsError::IssuedInFuture));
    let wrong_iss = Claims {
        iat: None,
        ..issued_later
    };
    check(&wrong_iss, 0, NOW, Err(ClaimsError::WrongIssuer));
}

#[test]
fn survives_extreme_timestamps() {
    // Attacker-chosen numbers must not overflow the arithmetic.
    let forever = Claims {
        exp: Some(u64::MAX),
        ..good()
    };
    check(&forever, 60, NOW, Ok(()));
    check(&forever, 60, u64::MAX - 1, Ok(()));
    let far_future = Claims {
        nbf: Some(u64::MAX),
        iat: None,
        ..good()
    };
    check(&far_future, 60, NOW, Err(ClaimsError::NotYetValid));
}
