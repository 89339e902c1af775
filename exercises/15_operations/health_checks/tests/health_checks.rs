use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use health_checks::{CheckFuture, HealthCheck, app};
use serde_json::{Value, json};
use tokio::sync::Barrier;

/// A dependency the test switches up and down, counting how often it is asked.
struct Switch {
    name: &'static str,
    up: AtomicBool,
    error: &'static str,
    calls: AtomicUsize,
}

impl Switch {
    fn up(name: &'static str) -> Arc<Self> {
        Arc::new(Self {
            name,
            up: AtomicBool::new(true),
            error: "connection lost",
            calls: AtomicUsize::new(0),
        })
    }

    fn down(name: &'static str, error: &'static str) -> Arc<Self> {
        Arc::new(Self {
            name,
            up: AtomicBool::new(false),
            error,
            calls: AtomicUsize::new(0),
        })
    }
}

impl HealthCheck for Switch {
    fn name(&self) -> &str {
        self.name
    }

    fn check(&self) -> CheckFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = if self.up.load(Ordering::SeqCst) {
            Ok(())
        } else {
            Err(self.error.to_owned())
        };
        Box::pin(async move { result })
    }
}

/// A dependency that never answers, like a database behind a dropped firewall rule.
struct Hangs;

impl HealthCheck for Hangs {
    fn name(&self) -> &str {
        "search"
    }

    fn check(&self) -> CheckFuture<'_> {
        Box::pin(std::future::pending())
    }
}

/// A check that only finishes once `Barrier::new(n)` has seen all n checks started.
struct Rendezvous {
    name: &'static str,
    barrier: Arc<Barrier>,
}

impl HealthCheck for Rendezvous {
    fn name(&self) -> &str {
        self.name
    }

    fn check(&self) -> CheckFuture<'_> {
        Box::pin(async move {
            self.barrier.wait().await;
            Ok(())
        })
    }
}

const TIMEOUT: Duration = Duration::from_millis(500);

/// Starts the learner's app on a free port and returns its base URL.
async fn start(checks: Vec<Arc<dyn HealthCheck>>, timeout: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app(checks, timeout)).await });
    format!("http://{address}")
}

/// Sends GET `path` and returns the status code and the JSON body.
async fn get(base: &str, path: &str) -> (u16, Value) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let response = client
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: the server gave no answer within 2 s ({e})"));
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("GET {path}: the body is not JSON: {text:?}"));
    (status, body)
}

#[track_caller]
fn check(sent: &str, expected: (u16, Value), got: (u16, Value)) {
    if got != expected {
        panic!(
            "\nsent:     {sent}\nexpected: {} {}\ngot:      {} {}\n",
            expected.0, expected.1, got.0, got.1
        );
    }
}

#[tokio::test]
async fn healthz_says_alive() {
    let base = start(vec![Switch::up("database")], TIMEOUT).await;
    check(
        "GET /healthz",
        (200, json!({"status": "alive"})),
        get(&base, "/healthz").await,
    );
}

#[tokio::test]
async fn healthz_stays_alive_and_checks_nothing_when_a_dependency_is_down() {
    let database = Switch::down("database", "connection refused");
    let base = start(vec![database.clone()], TIMEOUT).await;
    check(
        "GET /healthz while the database is down",
        (200, json!({"status": "alive"})),
        get(&base, "/healthz").await,
    );
    let calls = database.calls.load(Ordering::SeqCst);
    assert!(
        calls == 0,
        "GET /healthz ran the database check {calls} time(s); liveness must not look at dependencies"
    );
}

#[tokio::test]
async fn readyz_is_200_when_every_check_passes() {
    let base = start(vec![Switch::up("database"), Switch::up("cache")], TIMEOUT).await;
    check(
        "GET /readyz with database and cache up",
        (
            200,
            json!({"status": "ready", "checks": {"database": "ok", "cache": "ok"}, "failing": []}),
        ),
        get(&base, "/readyz").await,
    );
}

#[tokio::test]
async fn readyz_with_no_checks_is_ready() {
    let base = start(Vec::new(), TIMEOUT).await;
    check(
        "GET /readyz with no checks at all",
        (200, json!({"status": "ready", "checks": {}, "failing": []})),
        get(&base, "/readyz").await,
    );
}

#[tokio::test]
async fn readyz_is_503_naming_the_failing_dependency() {
    let base = start(
        vec![
            Switch::up("database"),
            Switch::down("cache", "connection refused"),
        ],
        TIMEOUT,
    )
    .await;
    check(
        "GET /readyz with the cache down",
        (
            503,
            json!({
                "status": "not ready",
                "checks": {"database": "ok", "cache": "connection refused"},
                "failing": ["cache"],
            }),
        ),
        get(&base, "/readyz").await,
    );
}

#[tokio::test]
async fn readyz_lists_every_failing_dependency_in_order() {
    let checks: Vec<Arc<dyn HealthCheck>> = vec![
        Switch::down("queue", "no broker"),
        Switch::up("database"),
        Switch::down("cache", "out of memory"),
    ];
    let base = start(checks, TIMEOUT).await;
    check(
        "GET /readyz with queue and cache down",
        (
            503,
            json!({
                "status": "not ready",
                "checks": {"queue": "no broker", "database": "ok", "cache": "out of memory"},
                "failing": ["queue", "cache"],
            }),
        ),
        get(&base, "/readyz").await,
    );
}

#[tokio::test]
async fn readyz_runs_the_checks_on_every_request() {
    let database = Switch::up("database");
    let base = start(vec![database.clone()], TIMEOUT).await;
    check(
        "GET /readyz while the database is up",
        (
            200,
            json!({"status": "ready", "checks": {"database": "ok"}, "failing": []}),
        ),
        get(&base, "/readyz").await,
    );
    database.up.store(false, Ordering::SeqCst);
    check(
        "GET /readyz again after the database went down",
        (
            503,
            json!({"status": "not ready", "checks": {"database": "connection lost"}, "failing": ["database"]}),
        ),
        get(&base, "/readyz").await,
    );
    database.up.store(true, Ordering::SeqCst);
    check(
        "GET /readyz once more after the database came back",
        (
            200,
            json!({"status": "ready", "checks": {"database": "ok"}, "failing": []}),
        ),
        get(&base, "/readyz").await,
    );
    let calls = database.calls.load(Ordering::SeqCst);
    assert!(
        calls == 3,
        "three GET /readyz ran the database check {calls} time(s), expected 3"
    );
}

#[tokio::test]
async fn a_check_that_hangs_fails_after_the_timeout() {
    let checks: Vec<Arc<dyn HealthCheck>> = vec![Switch::up("database"), Arc::new(Hangs)];
    let base = start(checks, Duration::from_millis(100)).await;
    check(
        "GET /readyz while the search check never answers (timeout 100 ms)",
        (
            503,
            json!({
                "status": "not ready",
                "checks": {"database": "ok", "search": "timed out after 100ms"},
                "failing": ["search"],
            }),
        ),
        get(&base, "/readyz").await,
    );
}

#[tokio::test]
async fn readyz_runs_the_checks_at_the_same_time() {
    // Each check waits until both have started: run one after the other,
    // the first one waits forever and times out.
    let barrier = Arc::new(Barrier::new(2));
    let checks: Vec<Arc<dyn HealthCheck>> = vec![
        Arc::new(Rendezvous {
            name: "database",
            barrier: barrier.clone(),
        }),
        Arc::new(Rendezvous {
            name: "cache",
            barrier,
        }),
    ];
    let base = start(checks, TIMEOUT).await;
    check(
        "GET /readyz with two checks that each wait for the other to start",
        (
            200,
            json!({"status": "ready", "checks": {"database": "ok", "cache": "ok"}, "failing": []}),
        ),
        get(&base, "/readyz").await,
    );
}
