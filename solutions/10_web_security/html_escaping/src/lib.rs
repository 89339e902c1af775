//! # Escape what you print: stopping cross-site scripting
//!
//! A page that prints user input as it came lets the user write the page.
//! A name like `<script>steal(document.cookie)</script>` then runs in every
//! visitor's browser with your site's cookies: cross-site scripting (XSS),
//! for years near the top of the OWASP Top 10. The cure is to *escape* every
//! value for the place it goes, at the moment it goes there.
//!
//! ## Your task
//!
//! - [`escape_text`] for text between tags, [`escape_attribute`] for a value
//!   inside a double-quoted attribute (OWASP XSS Prevention Cheat Sheet,
//!   rules 1 and 2).
//! - [`is_safe_url`]: escaping cannot make `javascript:alert(1)` harmless in
//!   an `href`; only let `http:` and `https:` URLs through.
//! - [`render_profile`] is already written, and it is vulnerable: fix it.
//!   The handler behind `GET /profile?name=...&website=...` ([`app`]) uses it.
//!
//! ## The rules
//!
//! - Text: `&` becomes `&amp;`, `<` becomes `&lt;`, `>` becomes `&gt;`.
//!   Everything else stays as it is, quotes included.
//! - Attribute values: the same three, and also `"` becomes `&quot;` and
//!   `'` becomes `&#x27;`.
//! - A URL is safe when it starts with `http://` or `https://`, in any mix
//!   of upper and lower case. Anything else (`javascript:`, `data:`, a
//!   relative URL, a URL with a leading space) is not; the page then links
//!   to `#` instead.
//! - The page's shape does not change, only the inserted values do.
//!
//! The tests in `tests/html_escaping.rs` are the specification.

use axum::Router;
use axum::extract::Query;
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

/// Escapes `text` for use as element content, e.g. inside `<h1>...</h1>`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes `value` for use inside a double-quoted attribute, e.g.
/// `<a href="...">`.
pub fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether `url` may go into an `href`: only `http://` and `https://` URLs.
pub fn is_safe_url(url: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// The profile page of a user called `name` with the given `website`.
pub fn render_profile(name: &str, website: &str) -> String {
    let name = escape_text(name);
    let website = if is_safe_url(website) {
        escape_attribute(website)
    } else {
        "#".to_owned()
    };
    format!(
        "<!doctype html>\n\
         <title>Profile</title>\n\
         <h1>{name}</h1>\n\
         <p><a href=\"{website}\">Website of {name}</a></p>\n"
    )
}

/// The query string of `GET /profile`. Missing fields are empty.
#[derive(Debug, Deserialize)]
pub struct ProfileQuery {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub website: String,
}

/// The application: `GET /profile?name=...&website=...` answers with the
/// page of [`render_profile`] as `text/html`. Already written for you.
pub fn app() -> Router {
    Router::new().route("/profile", get(profile))
}

async fn profile(Query(query): Query<ProfileQuery>) -> Html<String> {
    Html(render_profile(&query.name, &query.website))
}
