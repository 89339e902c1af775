use cookies::{CookieError, SameSite, SetCookie, parse_cookie_header};

/// Parses `sent` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_parse(sent: &str, expected: Result<&[(&str, &str)], CookieError>) {
    let got = parse_cookie_header(sent);
    let expected = expected.map(<[_]>::to_vec);
    if got != expected {
        panic!("\nCookie:   {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Writes `cookie` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check_set(cookie: &SetCookie, expected: Result<&str, CookieError>) {
    let got = cookie.to_header_value();
    let expected = expected.map(str::to_string);
    if got != expected {
        panic!("\ncookie:   {cookie:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn parses_a_single_cookie() {
    check_parse("session=7f3a9c", Ok(&[("session", "7f3a9c")]));
}

#[test]
fn parses_several_cookies_in_order() {
    check_parse(
        "session=7f3a9c; theme=dark; lang=en-GB",
        Ok(&[("session", "7f3a9c"), ("theme", "dark"), ("lang", "en-GB")]),
    );
    // The same name twice (set for two paths, say) is kept twice.
    check_parse("id=1; id=2", Ok(&[("id", "1"), ("id", "2")]));
}

#[test]
fn tolerates_missing_or_extra_spaces_and_a_trailing_semicolon() {
    check_parse(
        "a=1;b=2 ;  c=3\t; ",
        Ok(&[("a", "1"), ("b", "2"), ("c", "3")]),
    );
    check_parse("", Ok(&[]));
}

#[test]
fn keeps_equals_signs_and_removes_quotes_in_values() {
    check_parse(
        "token=YWJj==; quoted=\"x.y\"; empty=",
        Ok(&[("token", "YWJj=="), ("quoted", "x.y"), ("empty", "")]),
    );
}

#[test]
fn rejects_malformed_cookie_pairs() {
    check_parse("session", Err(CookieError::MissingEquals));
    check_parse("a=1; flag", Err(CookieError::MissingEquals));
    check_parse("=value", Err(CookieError::InvalidName));
    check_parse("my name=x", Err(CookieError::InvalidName));
    check_parse("data=a,b", Err(CookieError::InvalidValue));
    check_parse("data=a b", Err(CookieError::InvalidValue));
    check_parse("data=\"unclosed", Err(CookieError::InvalidValue));
}

#[test]
fn writes_a_cookie_without_attributes() {
    check_set(&SetCookie::new("theme", "dark"), Ok("theme=dark"));
}

#[test]
fn writes_all_attributes_in_order() {
    let cookie = SetCookie {
        path: Some("/app".to_string()),
        domain: Some("shop.example".to_string()),
        max_age: Some(3600),
        expires: Some(1_767_225_600),
        secure: true,
        http_only: true,
        same_site: Some(SameSite::Strict),
        ..SetCookie::new("session", "7f3a9c")
    };
    check_set(
        &cookie,
        Ok(
            "session=7f3a9c; Path=/app; Domain=shop.example; Max-Age=3600; \
            Expires=Thu, 01 Jan 2026 00:00:00 GMT; Secure; HttpOnly; SameSite=Strict",
        ),
    );
}

#[test]
fn writes_only_the_attributes_that_are_set() {
    let cookie = SetCookie {
        http_only: true,
        same_site: Some(SameSite::Lax),
        ..SetCookie::new("cart", "3")
    };
    check_set(&cookie, Ok("cart=3; HttpOnly; SameSite=Lax"));
    // A negative or zero Max-Age is how a server deletes a cookie.
    let delete = SetCookie {
        path: Some("/".to_string()),
        max_age: Some(0),
        ..SetCookie::new("cart", "")
    };
    check_set(&delete, Ok("cart=; Path=/; Max-Age=0"));
}

#[test]
fn refuses_names_values_and_attributes_that_would_break_the_header() {
    check_set(&SetCookie::new("", "x"), Err(CookieError::InvalidName));
    check_set(&SetCookie::new("a;b", "x"), Err(CookieError::InvalidName));
    check_set(
        &SetCookie::new("note", "hi; Domain=evil.example"),
        Err(CookieError::InvalidValue),
    );
    check_set(
        &SetCookie::new("note", "line\r\nSet-Cookie: x=y"),
        Err(CookieError::InvalidValue),
    );
    let bad_path = SetCookie {
        path: Some("/a; Secure".to_string()),
        ..SetCookie::new("a", "1")
    };
    check_set(&bad_path, Err(CookieError::InvalidAttribute));
    let empty_domain = SetCookie {
        domain: Some(String::new()),
        ..SetCookie::new("a", "1")
    };
    check_set(&empty_domain, Err(CookieError::InvalidAttribute));
}

#[test]
fn requires_secure_with_same_site_none() {
    let insecure = SetCookie {
        same_site: Some(SameSite::None),
        ..SetCookie::new("widget", "on")
    };
    check_set(&insecure, Err(CookieError::SameSiteNoneWithoutSecure));
    let secure = SetCookie {
        secure: true,
        ..insecure
    };
    check_set(&secure, Ok("widget=on; Secure; SameSite=None"));
}

#[test]
fn enforces_the_secure_and_host_name_prefixes() {
    let secure_prefix = SetCookie::new("__Secure-id", "1");
    check_set(&secure_prefix, Err(CookieError::PrefixRulesBroken));
    check_set(
        &SetCookie {
            secure: true,
            ..secure_prefix
        },
        Ok("__Secure-id=1; Secure"),
    );

    let host = SetCookie {
        path: Some("/".to_string()),
        secure: true,
        ..SetCookie::new("__Host-sid", "2")
    };
    check_set(&host, Ok("__Host-sid=2; Path=/; Secure"));
    for broken in [
        SetCookie {
            secure: false,
            ..host.clone()
        },
        SetCookie {
            path: Some("/app".to_string()),
            ..host.clone()
        },
        SetCookie {
            path: None,
            ..host.clone()
        },
        SetCookie {
            domain: Some("example.test".to_string()),
            ..host.clone()
        },
    ] {
        check_set(&broken, Err(CookieError::PrefixRulesBroken));
    }
}
