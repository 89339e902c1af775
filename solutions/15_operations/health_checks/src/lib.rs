//! # Liveness and readiness
//!
//! An orchestrator (Kubernetes, a load balancer, systemd) keeps asking each
//! instance of your service two different questions:
//!
//! - **Liveness**, `GET /healthz`: "is the process still able to answer?" If
//!   not, it gets restarted. This endpoint must not depend on anything else:
//!   when the database is down, restarting every web server only makes it
//!   worse.
//! - **Readiness**, `GET /readyz`: "can you serve real traffic right now?"
//!   If not, the instance is taken out of the load balancer until it is
//!   ready again. This one checks the dependencies (database, cache, ...).
//!
//! Write [`app`], an axum router with both endpoints, over a list of
//! injectable [`HealthCheck`]s.
//!
//! ## Rules
//!
//! - `GET /healthz` answers `200 OK` with the JSON `{"status": "alive"}`
//!   and never runs a check.
//! - `GET /readyz` runs every check, on every request (no caching), all at
//!   the same time, each one limited to `timeout`. A check that has not
//!   finished in time has failed with the message `timed out after {timeout:?}`
//!   (e.g. `timed out after 100ms`).
//! - When all pass it answers `200 OK`, otherwise `503 Service Unavailable`,
//!   with this JSON body:
//!
//!   ```json
//!   {
//!     "status": "ready",                       // or "not ready"
//!     "checks": { "database": "ok", "cache": "connection refused" },
//!     "failing": []                            // names of failed checks, in list order
//!   }
//!   ```
//!
//!   Each check's entry is `"ok"` or its error message. No checks at all
//!   means ready.
//!
//! Useful tools: `axum::routing::get`, the `serde_json::json!` macro,
//! `tokio::time::timeout`, and `futures_util::future::join_all` to await
//! many futures at once.
//!
//! The tests in `tests/health_checks.rs` are the specification.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Json;
use axum::routing::get;
use serde_json::{Map, Value, json};

/// What a check returns: `Ok(())` when the dependency is usable, or an error
/// message saying why not.
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// One dependency the service needs to serve traffic.
pub trait HealthCheck: Send + Sync {
    /// The dependency's name in the `/readyz` report, e.g. `"database"`.
    fn name(&self) -> &str;
    /// Tries the dependency once (a `SELECT 1`, a `PING`, ...).
    fn check(&self) -> CheckFuture<'_>;
}

/// What the handlers share: the checks and the time limit for each.
#[derive(Clone)]
pub struct Readiness {
    pub checks: Vec<Arc<dyn HealthCheck>>,
    pub timeout: Duration,
}

/// The router with `GET /healthz` and `GET /readyz`.
pub fn app(checks: Vec<Arc<dyn HealthCheck>>, timeout: Duration) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(Readiness { checks, timeout })
}

/// Liveness: the process answers. Nothing else is looked at.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "alive" }))
}

/// Readiness: runs the checks and reports them.
pub async fn readyz(State(readiness): State<Readiness>) -> (StatusCode, Json<Value>) {
    let results = run_checks(&readiness.checks, readiness.timeout).await;

    let mut checks = Map::new();
    let mut failing = Vec::new();
    for (name, result) in results {
        match result {
            Ok(()) => {
                checks.insert(name, json!("ok"));
            }
            Err(message) => {
                checks.insert(name.clone(), json!(message));
                failing.push(name);
            }
        }
    }

    let (status, word) = if failing.is_empty() {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready")
    };
    let body = json!({ "status": word, "checks": checks, "failing": failing });
    (status, Json(body))
}

/// Runs all checks concurrently, each limited to `timeout`, and returns
/// each check's name with its result, in the order of `checks`.
pub async fn run_checks(
    checks: &[Arc<dyn HealthCheck>],
    timeout: Duration,
) -> Vec<(String, Result<(), String>)> {
    let runs = checks.iter().map(|check| async move {
        let result = tokio::time::timeout(timeout, check.check())
            .await
            .unwrap_or_else(|_| Err(format!("timed out after {timeout:?}")));
        (check.name().to_owned(), result)
    });
    futures_util::future::join_all(runs).await
}
