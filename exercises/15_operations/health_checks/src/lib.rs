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
use serde_json::Value;

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
    let _ = (checks, timeout);
    todo!("route GET /healthz and GET /readyz, with the Readiness as state")
}

/// Liveness: the process answers. Nothing else is looked at.
pub async fn healthz() -> Json<Value> {
    todo!("answer that the process is alive")
}

/// Readiness: runs the checks and reports them.
pub async fn readyz(State(readiness): State<Readiness>) -> (StatusCode, Json<Value>) {
    let _ = readiness;
    todo!("run the checks and report them: 200 or 503 with the JSON body")
}

/// Runs all checks concurrently, each limited to `timeout`, and returns
/// each check's name with its result, in the order of `checks`.
pub async fn run_checks(
    checks: &[Arc<dyn HealthCheck>],
    timeout: Duration,
) -> Vec<(String, Result<(), String>)> {
    let _ = (checks, timeout);
    todo!("run every check at once, each within the timeout")
}
