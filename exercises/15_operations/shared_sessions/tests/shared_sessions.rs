use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, header};
use serde_json::{Value, json};
use shared_sessions::{MemoryStore, Session, SessionStore, replica, session_id};

/// Two replicas over one shared store, each on its own port, like two
/// processes behind a load balancer.
struct Cluster {
    a: String,
    b: String,
    store: Arc<MemoryStore>,
    client: reqwest::Client,
}

async fn serve(name: &str, store: Arc<dyn SessionStore>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = replica(name, store);
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

async fn cluster() -> Cluster {
    let store = Arc::new(MemoryStore::default());
    Cluster {
        a: serve("a", store.clone()).await,
        b: serve("b", store.clone()).await,
        store,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap(),
    }
}

/// What one request got back.
#[derive(Debug)]
struct Answer {
    status: u16,
    set_cookie: Option<String>,
    body: Value,
}

impl Cluster {
    /// Sends a request to one replica (`base`), with the session cookie if given.
    async fn send(
        &self,
        base: &str,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let url = format!("{base}{path}");
        let mut request = match method {
            "GET" => self.client.get(&url),
            _ => self.client.post(&url),
        };
        if let Some(id) = cookie {
            request = request.header("cookie", format!("theme=dark; session={id}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap_or_else(|e| {
            panic!("{method} {path}: the replica gave no answer within 2 s ({e})")
        });
        let status = response.status().as_u16();
        let set_cookie = response
            .headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|_| panic!("{method} {path}: the body is not JSON: {text:?}"))
        };
        Answer {
            status,
            set_cookie,
            body,
        }
    }

    /// Logs `user` in on replica `base` and returns the session id from the cookie.
    async fn login(&self, base: &str, user: &str) -> String {
        let answer = self
            .send(base, "POST", "/login", None, Some(json!({"user": user})))
            .await;
        let cookie = answer.set_cookie.unwrap_or_else(|| {
            panic!(
                "POST /login answered {} {} without a Set-Cookie header",
                answer.status, answer.body
            )
        });
        let id = cookie
            .strip_prefix("session=")
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_else(|| panic!("POST /login set the cookie {cookie:?}, which does not start with \"session=<id>\""));
        id.to_owned()
    }
}

#[track_caller]
fn check(sent: &str, expected: (u16, Value), got: &Answer) {
    if (got.status, &got.body) != (expected.0, &expected.1) {
        panic!(
            "\nsent:     {sent}\nexpected: {} {}\ngot:      {} {}\n",
            expected.0, expected.1, got.status, got.body
        );
    }
}

fn headers(cookie: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
    headers
}

#[test]
fn finds_the_session_cookie_among_others() {
    for (cookie, expected) in [
        ("session=4f2a", Some("4f2a")),
        ("theme=dark; session=4f2a; lang=en", Some("4f2a")),
        ("theme=dark; lang=en", None),
        ("mysession=4f2a", None),
    ] {
        let got = session_id(&headers(cookie));
        if got.as_deref() != expected {
            panic!("\nsent:     Cookie: {cookie}\nexpected: {expected:?}\ngot:      {got:?}\n");
        }
    }
    let got = session_id(&HeaderMap::new());
    assert!(
        got.is_none(),
        "session_id of a request without a Cookie header returned {got:?}, expected None"
    );
}

#[tokio::test]
async fn login_starts_a_session_and_sets_the_cookie() {
    let cluster = cluster().await;
    let answer = cluster
        .send(
            &cluster.a,
            "POST",
            "/login",
            None,
            Some(json!({"user": "ada"})),
        )
        .await;
    check(
        "POST /login {\"user\": \"ada\"} to replica a",
        (200, json!({"user": "ada", "cart": [], "served_by": "a"})),
        &answer,
    );
    let cookie = answer.set_cookie.unwrap_or_default();
    let id = cookie
        .strip_prefix("session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_default();
    let attributes_ok = cookie.ends_with("; HttpOnly; SameSite=Lax; Path=/");
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) || !attributes_ok {
        panic!(
            "\nsent:     POST /login\nexpected: Set-Cookie: session=<32 hex digits>; HttpOnly; SameSite=Lax; Path=/\ngot:      Set-Cookie: {cookie}\n"
        );
    }
}

#[tokio::test]
async fn the_session_is_kept_in_the_shared_store() {
    let cluster = cluster().await;
    let id = cluster.login(&cluster.a, "ada").await;
    let stored = cluster.store.load(&id);
    let expected = Some(Session {
        user: "ada".into(),
        cart: Vec::new(),
    });
    if stored != expected {
        panic!(
            "\nsent:     POST /login as ada, then store.load(<the cookie's id>)\nexpected: {expected:?}\ngot:      {stored:?}\n"
        );
    }
}

#[tokio::test]
async fn every_login_gets_its_own_session_id() {
    let cluster = cluster().await;
    let first = cluster.login(&cluster.a, "ada").await;
    let second = cluster.login(&cluster.a, "ada").await;
    assert!(
        first != second,
        "two logins both got the session id {first:?}; each must call new_session_id"
    );
}

#[tokio::test]
async fn requests_without_a_known_session_are_401() {
    let cluster = cluster().await;
    let not_logged_in = (401, json!({"error": "not logged in"}));
    check(
        "GET /me without a cookie",
        not_logged_in.clone(),
        &cluster.send(&cluster.a, "GET", "/me", None, None).await,
    );
    check(
        "GET /me with a session id the store does not know",
        not_logged_in.clone(),
        &cluster
            .send(
                &cluster.a,
                "GET",
                "/me",
                Some("0123456789abcdef0123456789abcdef"),
                None,
            )
            .await,
    );
    check(
        "POST /cart without a cookie",
        not_logged_in,
        &cluster
            .send(
                &cluster.b,
                "POST",
                "/cart",
                None,
                Some(json!({"item": "tea"})),
            )
            .await,
    );
}

#[tokio::test]
async fn a_session_started_on_one_replica_works_on_the_other() {
    let cluster = cluster().await;
    let id = cluster.login(&cluster.a, "grace").await;
    check(
        "POST /login as grace on replica a, then GET /me on replica b",
        (200, json!({"user": "grace", "cart": [], "served_by": "b"})),
        &cluster
            .send(&cluster.b, "GET", "/me", Some(&id), None)
            .await,
    );
}

#[tokio::test]
async fn cart_changes_on_either_replica_are_seen_by_both() {
    let cluster = cluster().await;
    let id = cluster.login(&cluster.a, "lin").await;
    cluster
        .send(
            &cluster.a,
            "POST",
            "/cart",
            Some(&id),
            Some(json!({"item": "green tea"})),
        )
        .await;
    let answer = cluster
        .send(
            &cluster.b,
            "POST",
            "/cart",
            Some(&id),
            Some(json!({"item": "oat biscuits"})),
        )
        .await;
    check(
        "POST /cart green tea on a, then POST /cart oat biscuits on b",
        (
            200,
            json!({"user": "lin", "cart": ["green tea", "oat biscuits"], "served_by": "b"}),
        ),
        &answer,
    );
    check(
        "... then GET /me on a",
        (
            200,
            json!({"user": "lin", "cart": ["green tea", "oat biscuits"], "served_by": "a"}),
        ),
        &cluster
            .send(&cluster.a, "GET", "/me", Some(&id), None)
            .await,
    );
}

#[tokio::test]
async fn logout_on_one_replica_ends_the_session_on_all() {
    let cluster = cluster().await;
    let id = cluster.login(&cluster.a, "ada").await;
    let answer = cluster
        .send(&cluster.b, "POST", "/logout", Some(&id), None)
        .await;
    check("POST /logout on replica b", (204, Value::Null), &answer);
    check(
        "... then GET /me on replica a",
        (401, json!({"error": "not logged in"})),
        &cluster
            .send(&cluster.a, "GET", "/me", Some(&id), None)
            .await,
    );
    let stored = cluster.store.load(&id);
    assert!(
        stored.is_none(),
        "after POST /logout the store still holds the session: {stored:?}"
    );
}

#[tokio::test]
async fn replicas_keep_no_session_state_of_their_own() {
    let cluster = cluster().await;
    let id = cluster.login(&cluster.a, "ada").await;
    cluster
        .send(&cluster.a, "GET", "/me", Some(&id), None)
        .await;
    // Another process (a replica, an admin tool) changes the session in the store.
    cluster.store.save(
        &id,
        Session {
            user: "ada".into(),
            cart: vec!["gift card".into()],
        },
    );
    check(
        "GET /me on a after the store's copy of the session changed behind its back",
        (
            200,
            json!({"user": "ada", "cart": ["gift card"], "served_by": "a"}),
        ),
        &cluster
            .send(&cluster.a, "GET", "/me", Some(&id), None)
            .await,
    );
}
