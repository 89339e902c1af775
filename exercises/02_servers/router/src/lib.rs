//! # A router with path parameters
//!
//! Every web framework has a router: a table from method and path pattern to
//! the code that answers. Patterns name the variable parts of a path:
//!
//! ```text
//! GET  /users/:id/posts/:post   matches  GET /users/42/posts/7
//!                               with     id = "42", post = "7"
//! ```
//!
//! Write [`Router::route`], which adds a route, [`Router::find`], which looks
//! up a request, and [`Router::handle`], which turns the lookup into a
//! response, `404` and `405` included.
//!
//! ## The rules (RFC 9110, sections 15.5.5 and 15.5.6 for 404 and 405)
//!
//! - A pattern starts with `/`, and so does a path. After the leading `/`,
//!   both split on `/` into segments. A pattern segment `:name` is a
//!   parameter; any other is a literal.
//! - A path matches a pattern when both have the same number of segments, each
//!   literal equals its path segment exactly (case-sensitive), and each
//!   parameter gets a non-empty segment. So `/users/` does not match
//!   `/users`, and `/users//posts` matches no parameter.
//! - A query string (from `?` on) is not part of the path: ignore it.
//! - Parameters come out as `(name, value)` pairs, in pattern order, values
//!   as sent (no percent-decoding here).
//! - When several routes for the method match, the more specific wins,
//!   whatever the order they were added in: compare their segments from left
//!   to right, and at the first place where one has a literal and the other
//!   a parameter, the literal wins. `/users/me` beats `/users/:id`. If
//!   that does not decide, the route added first wins.
//! - A path that matches no route is [`Match::NotFound`] (`404`). A path that
//!   matches routes, but none with the request's method, is
//!   [`Match::MethodNotAllowed`] (`405`), which lists the methods that would
//!   work, in the order their routes were added, each once. The response
//!   puts them in an `Allow` field: `Allow: GET, POST`.
//! - Methods are case-sensitive: `get` is not `GET`.
//! - [`Router::handle`] answers `404` with the body `not found`, and `405`
//!   with the body `method not allowed`.
//!
//! The tests in `tests/router.rs` are the specification.

/// Path parameters as `(name, value)` pairs, in pattern order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The value of the parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(param, _)| param == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The result of looking up a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Match<'r, H> {
    /// A route matched: its handler and the path parameters.
    Found { handler: &'r H, params: Params },
    /// No route matches the path.
    NotFound,
    /// Routes match the path, but not with this method.
    MethodNotAllowed { allow: Vec<String> },
}

/// A response, as [`Router::handle`] produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// A response with no header fields.
    pub fn new(status: u16, body: &str) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
}

/// The handlers [`Router::handle`] calls.
pub type Handler = fn(&Params) -> Response;

/// One segment of a pattern: `users` is a literal, `:id` a parameter
/// called `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    Param(String),
}

/// One entry of the routing table.
#[derive(Debug)]
pub struct Route<H> {
    pub method: String,
    /// The pattern, split into segments after its leading `/`.
    pub segments: Vec<Segment>,
    pub handler: H,
}

/// A routing table from method and path pattern to a handler of type `H`.
#[derive(Debug)]
pub struct Router<H> {
    routes: Vec<Route<H>>,
}

impl<H> Default for Router<H> {
    fn default() -> Self {
        Router { routes: Vec::new() }
    }
}

impl<H> Router<H> {
    /// An empty router.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a route. Panics if `pattern` does not start with `/`: that is a
    /// mistake in the program, not in a request.
    pub fn route(mut self, method: &str, pattern: &str, handler: H) -> Self {
        let _ = (&mut self.routes, handler);
        todo!("split {pattern:?} into segments and add a {method} route")
    }

    /// Looks up the route for `method` and `path` (which may carry a query string).
    pub fn find(&self, method: &str, path: &str) -> Match<'_, H> {
        todo!("find the best route for {method} {path}")
    }
}

impl Router<Handler> {
    /// Answers a request: the handler's response, or `404`/`405`.
    pub fn handle(&self, method: &str, path: &str) -> Response {
        todo!("find the route for {method} {path} and answer")
    }
}
