use std::fmt::Debug;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::IntoResponse;
use problem_details::{
    FieldError, MALFORMED_TYPE, Problem, Registration, VALIDATION_TYPE, app, validate,
};
use serde_json::{Value, json};
use tower::ServiceExt;

/// What a response looked like, for comparing and printing.
#[derive(Debug, PartialEq)]
struct Seen {
    status: u16,
    content_type: Option<String>,
    body: Value,
}

async fn seen(response: axum::response::Response) -> Seen {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("the response body could not be read");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Seen {
        status,
        content_type,
        body,
    }
}

/// Sends one request to the learner's router (no socket needed).
async fn send(method: &str, path: &str, content_type: Option<&str>, body: &str) -> Seen {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let request = request.body(Body::from(body.to_string())).unwrap();
    let response = app().oneshot(request).await.unwrap();
    seen(response).await
}

async fn post_json(body: &Value) -> Seen {
    send(
        "POST",
        "/registrations",
        Some("application/json"),
        &body.to_string(),
    )
    .await
}

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

fn problem_json() -> Option<String> {
    Some("application/problem+json".to_string())
}

fn registration(name: &str, email: &str, age: u32, workshops: &[&str]) -> Registration {
    Registration {
        name: name.to_string(),
        email: email.to_string(),
        age,
        workshops: workshops.iter().map(|w| w.to_string()).collect(),
    }
}

fn pointers(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.pointer.as_str()).collect()
}

#[tokio::test]
async fn a_problem_sends_every_member_it_has() {
    let problem = Problem {
        type_uri: "https://example.org/problems/out-of-seats".to_string(),
        title: "The workshop is full".to_string(),
        status: StatusCode::CONFLICT,
        detail: Some("rust-intro has 0 of 30 seats left".to_string()),
        instance: Some("/registrations".to_string()),
        errors: vec![FieldError::new("#/workshops/0", "is full")],
    };
    let got = seen(problem.clone().into_response()).await;
    let expected = Seen {
        status: 409,
        content_type: problem_json(),
        body: json!({
            "type": "https://example.org/problems/out-of-seats",
            "title": "The workshop is full",
            "status": 409,
            "detail": "rust-intro has 0 of 30 seats left",
            "instance": "/registrations",
            "errors": [{ "pointer": "#/workshops/0", "detail": "is full" }],
        }),
    };
    check(problem, expected, got);
}

#[tokio::test]
async fn a_problem_leaves_out_absent_members() {
    let problem = Problem {
        type_uri: "https://example.org/problems/closed".to_string(),
        title: "Registration is closed".to_string(),
        status: StatusCode::FORBIDDEN,
        detail: None,
        instance: None,
        errors: Vec::new(),
    };
    let got = seen(problem.clone().into_response()).await;
    let expected = Seen {
        status: 403,
        content_type: problem_json(),
        body: json!({
            "type": "https://example.org/problems/closed",
            "title": "Registration is closed",
            "status": 403,
        }),
    };
    check(problem, expected, got);
}

#[test]
fn about_blank_takes_its_title_from_the_status() {
    for (status, title) in [
        (StatusCode::NOT_FOUND, "Not Found"),
        (StatusCode::TOO_MANY_REQUESTS, "Too Many Requests"),
    ] {
        let expected = Problem {
            type_uri: "about:blank".to_string(),
            title: title.to_string(),
            status,
            detail: None,
            instance: None,
            errors: Vec::new(),
        };
        check(
            format!("Problem::about_blank({status})"),
            expected,
            Problem::about_blank(status),
        );
    }
}

#[test]
fn validate_accepts_a_good_registration() {
    for good in [
        registration("Ada", "ada@example.org", 36, &["rust-intro"]),
        registration(
            &"n".repeat(50),
            "a@b.c",
            16,
            &["tracing", "sql-basics", "async-deep-dive"],
        ),
        registration("Grace", "grace@mail.example.net", 120, &["sql-basics"]),
    ] {
        check(&good, Vec::<&str>::new(), pointers(&validate(&good)));
    }
}

#[test]
fn validate_points_at_each_broken_field_in_order() {
    let cases = [
        (
            registration("  ", "ada@example.org", 36, &["rust-intro"]),
            vec!["#/name"],
        ),
        (
            registration(&"n".repeat(51), "ada@example.org", 36, &["rust-intro"]),
            vec!["#/name"],
        ),
        (
            registration("Ada", "ada.example.org", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "@example.org", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "ada@example", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "ada@.org", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "ada@example.", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "a@da@example.org", 36, &["rust-intro"]),
            vec!["#/email"],
        ),
        (
            registration("Ada", "ada@example.org", 15, &["rust-intro"]),
            vec!["#/age"],
        ),
        (
            registration("Ada", "ada@example.org", 121, &["rust-intro"]),
            vec!["#/age"],
        ),
        (
            registration("", "nope", 3, &[]),
            vec!["#/name", "#/email", "#/age", "#/workshops"],
        ),
    ];
    for (input, expected) in cases {
        check(&input, expected, pointers(&validate(&input)));
    }
}

#[test]
fn validate_points_into_the_workshops_array() {
    let cases = [
        (
            registration("Ada", "ada@example.org", 36, &["rust-intro", "knitting"]),
            vec!["#/workshops/1"],
        ),
        (
            registration("Ada", "ada@example.org", 36, &["tracing", "tracing"]),
            vec!["#/workshops/1"],
        ),
        (
            registration(
                "Ada",
                "ada@example.org",
                36,
                &["cooking", "rust-intro", "sql-basics", "rust-intro"],
            ),
            vec!["#/workshops", "#/workshops/0", "#/workshops/3"],
        ),
    ];
    for (input, expected) in cases {
        check(&input, expected, pointers(&validate(&input)));
    }
}

#[tokio::test]
async fn answers_201_with_an_id_for_a_valid_registration() {
    let body = json!({
        "name": "Ada", "email": "ada@example.org", "age": 36, "workshops": ["rust-intro"]
    });
    let got = post_json(&body).await;
    check(
        format!("POST /registrations {body}"),
        (201, json!({ "id": 1 })),
        (got.status, got.body),
    );
}

#[tokio::test]
async fn answers_422_with_the_errors_of_an_invalid_registration() {
    let body = json!({
        "name": "Ada", "email": "ada-at-example.org", "age": 12,
        "workshops": ["rust-intro", "juggling"]
    });
    let mut got = post_json(&body).await;
    let sent = format!("POST /registrations {body}");
    let detail = got.body.as_object_mut().and_then(|b| b.remove("detail"));
    check(
        &sent,
        "a non-empty string in \"detail\"",
        match detail {
            Some(Value::String(s)) if !s.is_empty() => "a non-empty string in \"detail\"",
            _ => "no detail, or not a non-empty string",
        },
    );
    // Every detail sentence is the learner's own; compare the pointers.
    if let Some(errors) = got.body["errors"].as_array_mut() {
        for error in errors {
            error["detail"] = json!("...");
        }
    }
    let expected = Seen {
        status: 422,
        content_type: problem_json(),
        body: json!({
            "type": VALIDATION_TYPE,
            "title": "Your request is not valid",
            "status": 422,
            "instance": "/registrations",
            "errors": [
                { "pointer": "#/email", "detail": "..." },
                { "pointer": "#/age", "detail": "..." },
                { "pointer": "#/workshops/1", "detail": "..." },
            ],
        }),
    };
    check(sent, expected, got);
}

#[tokio::test]
async fn answers_a_problem_when_axum_rejects_the_body() {
    // (content type, body, status axum's Json extractor answers)
    let cases = [
        (Some("application/json"), r#"{"name": "Ada", "#, 400),
        (Some("application/json"), r#"{"name": "Ada"}"#, 422),
        (None, r#"{"name": "Ada"}"#, 415),
    ];
    for (content_type, body, status) in cases {
        let mut got = send("POST", "/registrations", content_type, body).await;
        let sent = format!("POST /registrations, content-type {content_type:?}, body {body}");
        let detail = got.body.as_object_mut().and_then(|b| b.remove("detail"));
        check(
            &sent,
            "axum's rejection text in \"detail\"",
            match detail {
                Some(Value::String(s)) if !s.is_empty() => "axum's rejection text in \"detail\"",
                _ => "no detail, or not a non-empty string",
            },
        );
        let expected = Seen {
            status,
            content_type: problem_json(),
            body: json!({
                "type": MALFORMED_TYPE,
                "title": "The request body could not be read",
                "status": status,
                "instance": "/registrations",
            }),
        };
        check(sent, expected, got);
    }
}

#[tokio::test]
async fn answers_about_blank_404_for_an_unknown_path() {
    let got = send("GET", "/workshops/rust-intro", None, "").await;
    let expected = Seen {
        status: 404,
        content_type: problem_json(),
        body: json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "instance": "/workshops/rust-intro",
        }),
    };
    check("GET /workshops/rust-intro", expected, got);
}
