use std::collections::BTreeMap;
use std::fmt::Debug;

use axum::body::Body;
use axum::http::Request;
use cursor_pagination::{
    DEFAULT_LIMIT, MAX_LIMIT, Page, Plant, Plants, app, decode_cursor, encode_cursor, page,
};
use serde_json::Value;
use tower::ServiceExt;

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

fn plant(slug: &str) -> Plant {
    Plant {
        slug: slug.to_string(),
        name: format!("The {slug}"),
    }
}

/// A catalogue of `n` plants with slugs `plant-000`, `plant-001`, ...
fn catalogue(n: usize) -> BTreeMap<String, Plant> {
    (0..n)
        .map(|i| plant(&format!("plant-{i:03}")))
        .map(|p| (p.slug.clone(), p))
        .collect()
}

fn slugs(plants: &[Plant]) -> Vec<&str> {
    plants.iter().map(|p| p.slug.as_str()).collect()
}

/// What `GET <path>` answered.
#[derive(Debug)]
struct Reply {
    status: u16,
    link: Option<String>,
    body: Value,
}

impl Reply {
    fn slugs(&self) -> Vec<String> {
        self.body["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|item| item["slug"].as_str().unwrap_or("?").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn next_cursor(&self) -> Option<String> {
        self.body["next_cursor"].as_str().map(str::to_string)
    }
}

async fn get(plants: &Plants, path: &str) -> Reply {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = app(plants.clone()).oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let link = response
        .headers()
        .get("link")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply { status, link, body }
}

/// Fails unless the reply is a 200 with `expected` slugs.
#[track_caller]
fn check_page(path: &str, reply: &Reply, expected: &[String]) {
    check(
        format!("GET {path}"),
        (200, expected.to_vec()),
        (reply.status, reply.slugs()),
    );
}

fn shared(plants: BTreeMap<String, Plant>) -> Plants {
    Plants::new(plants.into())
}

fn names(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("plant-{i:03}")).collect()
}

#[test]
fn encodes_the_cursor_as_unpadded_base64url() {
    for (slug, cursor) in [
        ("fern", "ZmVybg"),
        ("moss~~", "bW9zc35-"),
        ("calathea>?", "Y2FsYXRoZWE-Pw"),
    ] {
        check(
            format!("encode_cursor({slug:?})"),
            cursor,
            &encode_cursor(slug),
        );
    }
}

#[test]
fn decodes_its_own_cursors_and_rejects_others() {
    for slug in ["fern", "moss~~", "calathea>?", "ficus-lyrata"] {
        let cursor = encode_cursor(slug);
        check(
            format!("decode_cursor({cursor:?})"),
            Some(slug.to_string()),
            decode_cursor(&cursor),
        );
    }
    // Not base64url at all, and base64url of bytes that are not UTF-8.
    for cursor in ["not a cursor!", "ZmVy+g", "_w"] {
        check(
            format!("decode_cursor({cursor:?})"),
            None,
            decode_cursor(cursor),
        );
    }
}

#[test]
fn a_page_holds_the_plants_after_the_cursor() {
    let plants = catalogue(5);
    let first = page(&plants, None, 2);
    let expected = Page {
        items: vec![plant("plant-000"), plant("plant-001")],
        next_cursor: Some(encode_cursor("plant-001")),
    };
    check("page(5 plants, after None, limit 2)", &expected, &first);

    let second = page(&plants, Some("plant-001"), 2);
    check(
        "page(5 plants, after \"plant-001\", limit 2)",
        vec!["plant-002", "plant-003"],
        slugs(&second.items),
    );
}

#[test]
fn the_last_page_has_no_next_cursor_even_when_full() {
    let plants = catalogue(4);
    check(
        "page(4 plants, after \"plant-001\", limit 2)",
        Page {
            items: vec![plant("plant-002"), plant("plant-003")],
            next_cursor: None,
        },
        page(&plants, Some("plant-001"), 2),
    );
    check(
        "page(4 plants, after \"plant-003\", limit 2)",
        Page {
            items: vec![],
            next_cursor: None,
        },
        page(&plants, Some("plant-003"), 2),
    );
}

#[tokio::test]
async fn serves_the_first_page_with_the_default_limit_and_a_link() {
    let plants = shared(catalogue(45));
    let reply = get(&plants, "/plants").await;
    check_page("/plants", &reply, &names(0..DEFAULT_LIMIT));
    let cursor = encode_cursor(&format!("plant-{:03}", DEFAULT_LIMIT - 1));
    check(
        "GET /plants",
        (
            Some(cursor.clone()),
            Some(format!(
                "</plants?limit={DEFAULT_LIMIT}&cursor={cursor}>; rel=\"next\""
            )),
        ),
        (reply.next_cursor(), reply.link.clone()),
    );
}

#[tokio::test]
async fn walks_every_plant_exactly_once_page_by_page() {
    let plants = shared(catalogue(45));
    let mut seen = Vec::new();
    let mut path = "/plants?limit=7".to_string();
    for _ in 0..10 {
        let reply = get(&plants, &path).await;
        check(format!("GET {path}"), 200, reply.status);
        seen.extend(reply.slugs());
        match reply.next_cursor() {
            Some(cursor) => path = format!("/plants?limit=7&cursor={cursor}"),
            None => {
                check(
                    format!("GET {path} (the last page)"),
                    None,
                    reply.link.as_deref(),
                );
                break;
            }
        }
    }
    check(
        "GET /plants?limit=7 and then each next page",
        names(0..45),
        seen,
    );
}

#[tokio::test]
async fn lowers_a_limit_above_the_maximum() {
    let plants = shared(catalogue(150));
    let reply = get(&plants, "/plants?limit=500").await;
    check_page("/plants?limit=500", &reply, &names(0..MAX_LIMIT));
    let cursor = encode_cursor(&format!("plant-{:03}", MAX_LIMIT - 1));
    check(
        "GET /plants?limit=500",
        Some(format!(
            "</plants?limit={MAX_LIMIT}&cursor={cursor}>; rel=\"next\""
        )),
        reply.link,
    );
}

#[tokio::test]
async fn rejects_a_bad_limit_or_cursor_with_400() {
    let plants = shared(catalogue(3));
    for path in [
        "/plants?limit=0",
        "/plants?limit=ten",
        "/plants?limit=-1",
        "/plants?cursor=not-a-cursor!",
        "/plants?cursor=_w",
    ] {
        let reply = get(&plants, path).await;
        let has_error = reply.body["error"].as_str().is_some_and(|s| !s.is_empty());
        check(
            format!("GET {path}"),
            (400, true),
            (reply.status, has_error),
        );
    }
}

#[tokio::test]
async fn stays_stable_when_plants_are_added_before_the_cursor() {
    let plants = shared(catalogue(6));
    let first = get(&plants, "/plants?limit=3").await;
    check_page("/plants?limit=3", &first, &names(0..3));

    // Meanwhile, someone adds a plant that sorts first, and one further on.
    for slug in ["aloe", "plant-004a"] {
        plants
            .write()
            .unwrap()
            .insert(slug.to_string(), plant(slug));
    }
    let path = format!("/plants?limit=3&cursor={}", first.next_cursor().unwrap());
    let second = get(&plants, &path).await;
    let expected: Vec<String> = ["plant-003", "plant-004", "plant-004a"]
        .map(String::from)
        .to_vec();
    check_page(&path, &second, &expected);
}

#[tokio::test]
async fn continues_after_a_cursor_whose_plant_was_deleted() {
    let plants = shared(catalogue(6));
    let first = get(&plants, "/plants?limit=2").await;
    check_page("/plants?limit=2", &first, &names(0..2));

    plants.write().unwrap().remove("plant-001");
    let path = format!("/plants?limit=2&cursor={}", first.next_cursor().unwrap());
    let second = get(&plants, &path).await;
    check_page(&path, &second, &names(2..4));
}
