use std::collections::BTreeSet;
use std::fmt::Debug;

use axum::body::Body;
use axum::http::Request;
use openapi_document::{app, openapi_document};
use serde_json::{Value, json};
use tower::ServiceExt;

/// The methods the probes try on every documented path.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The paths the helpdesk has; the document must describe each of them.
const KNOWN_PATHS: [&str; 4] = ["/health", "/tickets", "/tickets/{id}", "/openapi.json"];

#[track_caller]
fn check<T: PartialEq + Debug>(sent: impl Debug, expected: T, got: T) {
    if expected != got {
        panic!("\nsent:     {sent:?}\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

/// Fails with `what` unless `ok`.
#[track_caller]
fn require(ok: bool, what: impl std::fmt::Display) {
    if !ok {
        panic!("\n{what}\n");
    }
}

fn new_ticket() -> Value {
    json!({ "subject": "The printer is on fire", "priority": "high" })
}

/// A request to the router; a POST carries a valid new ticket as its body.
async fn send(router: &axum::Router, method: &str, path: &str) -> (u16, Option<String>, Value) {
    let request = Request::builder()
        .method(method.to_uppercase().as_str())
        .uri(path);
    let request = if method == "post" {
        request
            .header("content-type", "application/json")
            .body(Body::from(new_ticket().to_string()))
    } else {
        request.body(Body::empty())
    }
    .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("<not text>").to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, content_type, body)
}

/// A fresh helpdesk holding ticket 1.
async fn helpdesk() -> axum::Router {
    let router = app();
    let (status, _, body) = send(&router, "post", "/tickets").await;
    require(
        status == 201,
        format!(
            "POST /tickets with {} answered {status} {body}",
            new_ticket()
        ),
    );
    router
}

/// The document's operations: (path template, method, operation object).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let mut found = Vec::new();
    for (path, item) in paths {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((path.clone(), method.to_string(), operation.clone()));
            }
        }
    }
    found
}

fn documented_statuses(operation: &Value) -> Vec<String> {
    operation["responses"]
        .as_object()
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}

/// Follows a `{"$ref": "#/..."}` to what it names; other values are returned as they are.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(reference) => doc
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => value,
    }
}

#[tokio::test]
async fn serves_the_document_at_openapi_json() {
    let router = app();
    let (status, content_type, body) = send(&router, "get", "/openapi.json").await;
    check(
        "GET /openapi.json",
        (
            200,
            Some("application/json".to_string()),
            openapi_document(),
        ),
        (status, content_type, body),
    );
}

#[test]
fn declares_openapi_3_1_and_describes_the_api() {
    let doc = openapi_document();
    let version = doc["openapi"].as_str().unwrap_or_default();
    require(
        version.starts_with("3.1."),
        format!("\"openapi\" should be \"3.1.0\", got {}", doc["openapi"]),
    );
    for member in ["title", "version"] {
        let value = &doc["info"][member];
        require(
            value.as_str().is_some_and(|s| !s.is_empty()),
            format!("info.{member} should be a non-empty string, got {value}"),
        );
    }
}

#[test]
fn documents_every_path_the_helpdesk_has() {
    let doc = openapi_document();
    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .map(|paths| paths.keys().map(String::as_str).collect())
        .unwrap_or_default();
    check(
        "the keys of \"paths\"",
        BTreeSet::from(KNOWN_PATHS),
        documented,
    );
}

#[tokio::test]
async fn every_documented_operation_answers_with_a_documented_status() {
    let doc = openapi_document();
    for (template, method, operation) in operations(&doc) {
        // Once with a ticket that exists, once with one that does not.
        for id in ["1", "99"] {
            if id == "99" && !template.contains("{id}") {
                continue;
            }
            let path = template.replace("{id}", id);
            let (status, _, body) = send(&helpdesk().await, &method, &path).await;
            let documented = documented_statuses(&operation);
            require(
                documented.contains(&status.to_string()),
                format!(
                    "{} {path} (documented as {method} {template}) answered {status} {body},\n\
                     but the document lists only these responses for it: {documented:?}",
                    method.to_uppercase()
                ),
            );
        }
    }
}

#[tokio::test]
async fn methods_the_document_leaves_out_answer_405() {
    let doc = openapi_document();
    for template in KNOWN_PATHS {
        let path = template.replace("{id}", "1");
        for method in METHODS {
            let documented = doc["paths"][template].get(method).is_some();
            let (status, _, _) = send(&helpdesk().await, method, &path).await;
            let answered = status != 405;
            require(
                documented == answered,
                format!(
                    "{} {path} answered {status}, and the document {} {method} {template}.\n\
                     A documented operation must exist, an undocumented one must answer 405.",
                    method.to_uppercase(),
                    if documented { "lists" } else { "does not list" },
                ),
            );
        }
    }
}

#[test]
fn every_operation_has_a_unique_id_and_described_responses() {
    let doc = openapi_document();
    let mut ids = BTreeSet::new();
    for (path, method, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap_or_default();
        require(
            !id.is_empty(),
            format!("{method} {path} has no operationId"),
        );
        require(
            ids.insert(id.to_string()),
            format!("operationId {id:?} is used twice ({method} {path})"),
        );
        let statuses = documented_statuses(&operation);
        require(
            !statuses.is_empty(),
            format!("{method} {path} has no responses"),
        );
        for status in statuses {
            let response = resolve(&doc, &operation["responses"][&status]);
            let well_formed = status.len() == 3 && status.parse::<u16>().is_ok();
            require(
                well_formed && response["description"].is_string(),
                format!(
                    "{method} {path}: response {status:?} should be a three-digit status \
                     with a \"description\", got {response}"
                ),
            );
        }
    }
}

#[test]
fn declares_the_path_parameter() {
    let doc = openapi_document();
    for (path, method, operation) in operations(&doc) {
        if !path.contains("{id}") {
            continue;
        }
        let parameters = [&doc["paths"][&path]["parameters"], &operation["parameters"]];
        let declared = parameters
            .iter()
            .filter_map(|list| list.as_array())
            .flatten()
            .map(|parameter| resolve(&doc, parameter))
            .any(|p| {
                p["name"] == "id"
                    && p["in"] == "path"
                    && p["required"] == true
                    && p["schema"].is_object()
            });
        require(
            declared,
            format!(
                "{method} {path}: no parameter {{\"name\": \"id\", \"in\": \"path\", \
                 \"required\": true, \"schema\": ...}} on the path or the operation"
            ),
        );
    }
}

#[test]
fn every_ref_points_at_something_in_the_document() {
    fn walk(value: &Value, refs: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    refs.push(reference.clone());
                }
                map.values().for_each(|v| walk(v, refs));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }
    let doc = openapi_document();
    let mut refs = Vec::new();
    walk(&doc, &mut refs);
    require(
        !refs.is_empty(),
        "the document uses no \"$ref\"; put the schemas under components.schemas and point at them",
    );
    for reference in refs {
        let target = reference
            .strip_prefix('#')
            .and_then(|pointer| doc.pointer(pointer));
        require(
            target.is_some(),
            format!("\"$ref\": {reference:?} names nothing in the document"),
        );
    }
}

#[tokio::test]
async fn the_ticket_schemas_match_what_the_api_sends_and_takes() {
    let doc = openapi_document();

    // What GET /tickets/1 really sends...
    let (_, _, ticket) = send(&helpdesk().await, "get", "/tickets/1").await;
    let sent: BTreeSet<String> = ticket
        .as_object()
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    // ...against the schema of its 200 response.
    let response = &doc["paths"]["/tickets/{id}"]["get"]["responses"]["200"];
    let schema = resolve(&doc, &response["content"]["application/json"]["schema"]);
    let properties: BTreeSet<String> = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    check(
        format!("GET /tickets/1 answered {ticket}; the properties of its documented schema"),
        &sent,
        &properties,
    );
    let required: BTreeSet<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    check(
        "the \"required\" list of that schema (every field is always sent)",
        &sent,
        &required,
    );

    // The body POST /tickets takes.
    let body = &doc["paths"]["/tickets"]["post"]["requestBody"];
    let body_schema = resolve(&doc, &body["content"]["application/json"]["schema"]);
    let required: BTreeSet<&str> = body_schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    check(
        "requestBody of post /tickets: (required, the schema's required fields)",
        (true, BTreeSet::from(["priority", "subject"])),
        (body["required"] == true, required),
    );
}
