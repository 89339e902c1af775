//! # GraphQL: resolvers
//!
//! A GraphQL client asks for exactly the fields it wants, nested as deep as
//! it likes, and gets back JSON of the same shape. The server holds a schema
//! (which types have which fields) and one *resolver* per field, which finds
//! that field's value. Executing a query means walking the selection and
//! calling the resolvers, level by level.
//!
//! Real servers use a library for this (async-graphql, juniper). Here you
//! write the core yourself, over a parser that is already written: it turns
//! `{ author(id: "a1") { name } }` into [`Field`] values.
//!
//! ## The schema
//!
//! ```graphql
//! type Query {
//!   authors: [Author!]!        # every author, in library order
//!   author(id: ID!): Author    # null when no author has this id
//!   book(id: ID!): Book        # null when no book has this id
//! }
//! type Author { id: ID!  name: String!  born: Int  books: [Book!]! }
//! type Book   { id: ID!  title: String!  year: Int!  author: Author!  reviews: [Review!]! }
//! type Review { id: ID!  stars: Int!  text: String! }
//! ```
//!
//! `born` is nullable: `None` answers `null`. Lists are in library order.
//!
//! ## Your task
//!
//! Write [`validate`] and [`execute`] (with a resolver per type, as you like).
//!
//! ## The rules (GraphQL specification, October 2021: sections 5, 6 and 7)
//!
//! - First validate the whole query against the schema ([`field_type`] has
//!   it). A field that its type does not have is an error; a field of an
//!   object type needs a selection; a field of a scalar type must not have
//!   one; `author` and `book` need their `id` argument (a string). The
//!   messages, word for word, are in [`validate`].
//! - If the query does not parse or is not valid, nothing runs: the answer
//!   is `{"errors": [{"message": ...}, ...]}`, without `data`.
//! - Otherwise the answer is `{"data": {...}}`: one member per selected
//!   field, under its response key (the alias when there is one), holding
//!   the value with the field's own selection applied; lists map each item.
//!
//! The tests in `tests/graphql_resolvers.rs` are the specification.

use serde_json::Value;

/// An author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub id: String,
    pub name: String,
    pub born: Option<i64>,
}

/// A book, written by the author `author_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Book {
    pub id: String,
    pub title: String,
    pub year: i64,
    pub author_id: String,
}

/// A review of the book `book_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: String,
    pub book_id: String,
    pub stars: i64,
    pub text: String,
}

/// Everything the API serves, like three tables of a database.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub authors: Vec<Author>,
    pub books: Vec<Book>,
    pub reviews: Vec<Review>,
}

impl Library {
    /// A small library the tests use.
    pub fn sample() -> Self {
        let author = |id: &str, name: &str, born| Author {
            id: id.into(),
            name: name.into(),
            born,
        };
        let book = |id: &str, title: &str, year, author_id: &str| Book {
            id: id.into(),
            title: title.into(),
            year,
            author_id: author_id.into(),
        };
        let review = |id: &str, book_id: &str, stars, text: &str| Review {
            id: id.into(),
            book_id: book_id.into(),
            stars,
            text: text.into(),
        };
        Library {
            authors: vec![
                author("a1", "Mira Okafor", Some(1971)),
                author("a2", "Tomasz Lind", None),
                author("a3", "Ines Carvalho", Some(1988)),
            ],
            books: vec![
                book("b1", "The Salt Road", 2009, "a1"),
                book("b2", "Night Ferry", 2014, "a1"),
                book("b3", "Copper Orchard", 2019, "a2"),
            ],
            reviews: vec![
                review("r1", "b1", 5, "Could not put it down."),
                review("r2", "b1", 3, "Slow middle, great ending."),
                review("r3", "b3", 4, "Lovely prose."),
            ],
        }
    }
}

/// The schema as data: the type of `field` on the object type `type_name`,
/// written as in GraphQL (`"[Book!]!"`), or `None` when there is no such
/// field. Already written for you.
pub fn field_type(type_name: &str, field: &str) -> Option<&'static str> {
    let found = match (type_name, field) {
        ("Query", "authors") => "[Author!]!",
        ("Query", "author") => "Author",
        ("Query", "book") => "Book",
        ("Author", "id") | ("Book", "id") | ("Review", "id") => "ID!",
        ("Author", "name") | ("Book", "title") | ("Review", "text") => "String!",
        ("Author", "born") => "Int",
        ("Author", "books") => "[Book!]!",
        ("Book", "year") | ("Review", "stars") => "Int!",
        ("Book", "author") => "Author!",
        ("Book", "reviews") => "[Review!]!",
        _ => return None,
    };
    Some(found)
}

/// The named type inside a type: `"[Book!]!"` -> `"Book"`. Already written for you.
pub fn named_type(type_ref: &str) -> &str {
    type_ref.trim_matches(|c| matches!(c, '[' | ']' | '!'))
}

/// Whether a named type is an object type (has fields) rather than a
/// scalar. Already written for you.
pub fn is_object(named: &str) -> bool {
    matches!(named, "Query" | "Author" | "Book" | "Review")
}

/// Every validation error of `selection`, a selection on the object type
/// `type_name`, depth first in query order. The messages:
///
/// - `Cannot query field "{name}" on type "{type_name}".`
/// - `Field "{name}" of type "{type}" must have a selection of subfields.`
/// - `Field "{name}" must not have a selection since type "{type}" has no subfields.`
/// - `Field "{name}" argument "id" of type "ID!" is required, but it was not provided.`
///   (also when `id` is given but is not a string)
///
/// `{type}` is the full type, e.g. `[Book!]!`.
pub fn validate(selection: &[Field], type_name: &str) -> Vec<String> {
    todo!("validate {selection:?} on type {type_name}")
}

/// Runs `query` against `library` and answers as a GraphQL server does:
/// `{"data": ...}`, or `{"errors": [{"message": ...}]}` when the query does
/// not parse or is not valid.
///
/// A resolver per object type keeps this readable, e.g.
/// `fn resolve_book(library: &Library, book: &Book, selection: &[Field]) -> Value`,
/// and `serde_json::json!` and `serde_json::Map` build the answer.
pub fn execute(library: &Library, query: &str) -> Value {
    let _ = library;
    todo!("run {query:?}")
}

// The query parser is written for you, in the course's support crate: it turns a query
// into `Field`s (see `support/src/graphql.rs`).
pub use course_support::graphql::{Field, parse_query};
