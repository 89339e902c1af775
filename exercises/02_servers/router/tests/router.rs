use router::{Handler, Match, Params, Response, Router};

/// Parameters from `(name, value)` pairs.
fn params(pairs: &[(&str, &str)]) -> Params {
    Params(
        pairs
            .iter()
            .map(|&(name, value)| (name.to_string(), value.to_string()))
            .collect(),
    )
}

fn found(handler: &'static &'static str, pairs: &[(&str, &str)]) -> Match<'static, &'static str> {
    Match::Found {
        handler,
        params: params(pairs),
    }
}

fn not_allowed(methods: &[&str]) -> Match<'static, &'static str> {
    Match::MethodNotAllowed {
        allow: methods.iter().map(|m| m.to_string()).collect(),
    }
}

/// Looks up `method path` and fails with a readable report if the result is not `expected`.
#[track_caller]
fn check(
    router: &Router<&'static str>,
    method: &str,
    path: &str,
    expected: Match<'_, &'static str>,
) {
    let got = router.find(method, path);
    if got != expected {
        panic!("\nsent:     {method} {path}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn blog() -> Router<&'static str> {
    Router::new()
        .route("GET", "/", "home")
        .route("GET", "/users", "list users")
        .route("POST", "/users", "create user")
        .route("GET", "/users/:id", "show user")
        .route("DELETE", "/users/:id", "delete user")
        .route("GET", "/users/:id/posts/:post", "show post")
}

#[test]
fn matches_static_paths() {
    let router = blog();
    check(&router, "GET", "/users", found(&"list users", &[]));
    check(&router, "GET", "/", found(&"home", &[]));
}

#[test]
fn picks_the_route_for_the_method() {
    let router = blog();
    check(&router, "POST", "/users", found(&"create user", &[]));
    check(
        &router,
        "DELETE",
        "/users/9",
        found(&"delete user", &[("id", "9")]),
    );
}

#[test]
fn captures_path_parameters_in_pattern_order() {
    let router = blog();
    check(
        &router,
        "GET",
        "/users/42/posts/7",
        found(&"show post", &[("id", "42"), ("post", "7")]),
    );
    check(
        &router,
        "GET",
        "/users/ada%20l/posts/hello-world",
        found(&"show post", &[("id", "ada%20l"), ("post", "hello-world")]),
    );
}

#[test]
fn ignores_the_query_string() {
    let router = blog();
    check(&router, "GET", "/users?page=2", found(&"list users", &[]));
    check(
        &router,
        "GET",
        "/users/42?fields=name/email",
        found(&"show user", &[("id", "42")]),
    );
}

#[test]
fn answers_not_found_for_paths_that_match_no_pattern() {
    let router = blog();
    for path in [
        "/posts",
        "/Users",
        "/users/",
        "/users/42/posts",
        "/users/42/posts/7/comments",
        "/users//posts/7",
        "users",
        "",
    ] {
        check(&router, "GET", path, Match::NotFound);
    }
}

#[test]
fn lists_the_allowed_methods_for_a_known_path() {
    let router = blog();
    check(&router, "PUT", "/users", not_allowed(&["GET", "POST"]));
    check(
        &router,
        "POST",
        "/users/42",
        not_allowed(&["GET", "DELETE"]),
    );
    // Methods are case-sensitive.
    check(&router, "get", "/", not_allowed(&["GET"]));
}

#[test]
fn lists_each_allowed_method_once() {
    let router = Router::new()
        .route("GET", "/files/:name", "download")
        .route("PUT", "/files/:name", "upload")
        .route("GET", "/files/readme", "readme");
    check(
        &router,
        "POST",
        "/files/readme",
        not_allowed(&["GET", "PUT"]),
    );
}

#[test]
fn prefers_literal_segments_over_parameters() {
    let router = Router::new()
        .route("GET", "/users/:id", "show user")
        .route("GET", "/users/me", "show me")
        .route("GET", "/files/:name/raw", "raw file")
        .route("GET", "/files/readme/:format", "readme");
    check(&router, "GET", "/users/me", found(&"show me", &[]));
    check(
        &router,
        "GET",
        "/users/you",
        found(&"show user", &[("id", "you")]),
    );
    // The first difference decides: "readme" is a literal in the second
    // route and a parameter in the first.
    check(
        &router,
        "GET",
        "/files/readme/raw",
        found(&"readme", &[("format", "raw")]),
    );
    check(
        &router,
        "GET",
        "/files/notes/raw",
        found(&"raw file", &[("name", "notes")]),
    );
}

#[test]
fn lets_the_first_route_win_a_tie() {
    let router = Router::new()
        .route("GET", "/:section/:page", "first")
        .route("GET", "/:a/:b", "second");
    check(
        &router,
        "GET",
        "/docs/intro",
        found(&"first", &[("section", "docs"), ("page", "intro")]),
    );
}

fn show_post(params: &Params) -> Response {
    let id = params.get("id").unwrap_or("?");
    let post = params.get("post").unwrap_or("?");
    Response::new(200, &format!("post {post} of user {id}"))
}

fn list_users(_: &Params) -> Response {
    Response::new(200, "ada, grace")
}

fn create_user(_: &Params) -> Response {
    Response::new(201, "created")
}

fn app() -> Router<Handler> {
    Router::new()
        .route("GET", "/users", list_users as Handler)
        .route("POST", "/users", create_user)
        .route("GET", "/users/:id/posts/:post", show_post)
}

/// Handles `method path` and fails with a readable report if the response is not `expected`.
#[track_caller]
fn check_response(method: &str, path: &str, expected: Response) {
    let got = app().handle(method, path);
    if got != expected {
        panic!("\nsent:     {method} {path}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn handle_calls_the_handler_with_the_parameters() {
    check_response(
        "GET",
        "/users/7/posts/31",
        Response::new(200, "post 31 of user 7"),
    );
    check_response("POST", "/users", Response::new(201, "created"));
}

#[test]
fn handle_answers_404_and_405_with_an_allow_field() {
    check_response("GET", "/teams", Response::new(404, "not found"));
    check_response(
        "PATCH",
        "/users",
        Response {
            status: 405,
            headers: vec![("Allow".to_string(), "GET, POST".to_string())],
            body: "method not allowed".to_string(),
        },
    );
}
