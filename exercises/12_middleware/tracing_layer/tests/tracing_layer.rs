use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use tower::ServiceExt;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Subscriber};
use tracing_layer::AccessLogLayer;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

// ---- A subscriber layer that captures events, their fields and their span ----

#[derive(Debug, Clone, Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    fields: Fields,
    /// The name and fields of the span the event happened in.
    span: Option<(String, Fields)>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.0.get(name).map(String::as_str)
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let span = ctx.event_span(event).map(|span| {
            let fields = span
                .extensions()
                .get::<Fields>()
                .cloned()
                .unwrap_or_default();
            (span.name().to_string(), fields)
        });
        self.0.lock().unwrap().push(Captured {
            level: *event.metadata().level(),
            fields,
            span,
        });
    }
}

// ---- The app under test ----

async fn order() -> &'static str {
    tracing::info!("looking up the order");
    "order 7: 2 loaves"
}

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_millis(30)).await;
    "done"
}

async fn broken() -> StatusCode {
    StatusCode::INTERNAL_SERVER_ERROR
}

async fn create() -> StatusCode {
    StatusCode::CREATED
}

fn app() -> Router {
    Router::new()
        .route("/orders/7", get(order))
        .route("/orders", axum::routing::post(create))
        .route("/slow", get(slow))
        .route("/broken", get(broken))
        .layer(AccessLogLayer)
}

/// Sends the requests through the app with the capture installed and
/// returns every captured event, and the last response's status and body.
async fn run(requests: &[(&str, &str)]) -> (Vec<Captured>, StatusCode, String) {
    let capture = Capture::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let mut last = (StatusCode::IM_A_TEAPOT, String::new());
    for (method, uri) in requests {
        let request = Request::builder()
            .method(*method)
            .uri(*uri)
            .body(Body::empty())
            .unwrap();
        let exchange = async {
            let response = app().oneshot(request).await.unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 1 << 16)
                .await
                .unwrap();
            (status, String::from_utf8_lossy(&body).into_owned())
        };
        last = tokio::time::timeout(Duration::from_secs(2), exchange)
            .await
            .unwrap_or_else(|_| panic!("{method} {uri}: no answer within 2 s"));
    }
    let events = capture.0.lock().unwrap().clone();
    (events, last.0, last.1)
}

/// The access-log events: those with a `latency_ms` field.
fn access_events(events: &[Captured]) -> Vec<Captured> {
    events
        .iter()
        .filter(|e| e.field("latency_ms").is_some())
        .cloned()
        .collect()
}

/// The single access-log event of one request, or a readable failure.
#[track_caller]
fn the_access_event(sent: &str, events: &[Captured]) -> Captured {
    let access = access_events(events);
    if access.len() != 1 {
        panic!(
            "\nsent:     {sent}\nexpected: exactly 1 event with a latency_ms field\ngot:      {} such events; all events: {events:#?}\n",
            access.len()
        );
    }
    access[0].clone()
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + fmt::Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[tokio::test]
async fn passes_the_response_through_unchanged() {
    let (_, status, body) = run(&[("GET", "/orders/7")]).await;
    check("GET /orders/7", StatusCode::OK, status);
    check("GET /orders/7", "order 7: 2 loaves", body.as_str());
}

#[tokio::test]
async fn logs_one_event_per_request() {
    let (events, _, _) = run(&[("GET", "/orders/7"), ("GET", "/orders/7")]).await;
    check(
        "GET /orders/7 twice: the number of events with a latency_ms field",
        2,
        access_events(&events).len(),
    );
}

#[tokio::test]
async fn records_method_path_and_status_as_fields() {
    let sent = "GET /orders/7?verbose=1";
    let (events, _, _) = run(&[("GET", "/orders/7?verbose=1")]).await;
    let event = the_access_event(sent, &events);
    check(
        &format!("{sent} (field method)"),
        Some("GET"),
        event.field("method"),
    );
    check(
        &format!("{sent} (field path, without the query)"),
        Some("/orders/7"),
        event.field("path"),
    );
    check(
        &format!("{sent} (field status)"),
        Some("200"),
        event.field("status"),
    );
    check(&format!("{sent} (level)"), Level::INFO, event.level);
}

#[tokio::test]
async fn records_other_methods_and_statuses() {
    let sent = "POST /orders";
    let (events, _, _) = run(&[("POST", "/orders")]).await;
    let event = the_access_event(sent, &events);
    check(
        &format!("{sent} (field method)"),
        Some("POST"),
        event.field("method"),
    );
    check(
        &format!("{sent} (field status)"),
        Some("201"),
        event.field("status"),
    );
}

#[tokio::test]
async fn records_the_latency_in_whole_milliseconds() {
    let sent = "GET /slow (its handler takes 30 ms)";
    let (events, _, _) = run(&[("GET", "/slow")]).await;
    let event = the_access_event(sent, &events);
    let latency = event.field("latency_ms").unwrap_or_default();
    match latency.parse::<u64>() {
        Ok(ms) if (30..2000).contains(&ms) => {}
        _ => panic!(
            "\nsent:     {sent}\nexpected: field latency_ms, an integer from 30 to 2000\ngot:      {latency:?}\n"
        ),
    }
}

#[tokio::test]
async fn server_errors_are_logged_at_error_level() {
    let sent = "GET /broken (answers 500)";
    let (events, _, _) = run(&[("GET", "/broken")]).await;
    let event = the_access_event(sent, &events);
    check(
        &format!("{sent} (field status)"),
        Some("500"),
        event.field("status"),
    );
    check(&format!("{sent} (level)"), Level::ERROR, event.level);
}

#[tokio::test]
async fn unknown_routes_are_logged_too() {
    let sent = "GET /nowhere";
    let (events, _, _) = run(&[("GET", "/nowhere")]).await;
    let event = the_access_event(sent, &events);
    check(
        &format!("{sent} (field status)"),
        Some("404"),
        event.field("status"),
    );
    check(
        &format!("{sent} (field path)"),
        Some("/nowhere"),
        event.field("path"),
    );
    check(&format!("{sent} (level)"), Level::INFO, event.level);
}

#[tokio::test]
async fn handler_events_happen_inside_a_request_span() {
    let sent = "GET /orders/7?verbose=1 (the handler logs \"looking up the order\")";
    let (events, _, _) = run(&[("GET", "/orders/7?verbose=1")]).await;
    let Some(event) = events
        .iter()
        .find(|e| e.field("message") == Some("looking up the order"))
    else {
        panic!(
            "\nsent:     {sent}\nexpected: the handler's event among the captured ones\ngot:      {events:#?}\n"
        );
    };
    let span = event
        .span
        .as_ref()
        .map(|(name, fields)| (name.as_str(), fields.0.clone()));
    let expected_fields = BTreeMap::from([
        ("method".to_string(), "GET".to_string()),
        ("path".to_string(), "/orders/7".to_string()),
    ]);
    check(
        &format!("{sent}: the span of the handler's event"),
        Some(("request", expected_fields)),
        span,
    );
}
