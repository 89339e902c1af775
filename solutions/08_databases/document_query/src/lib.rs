//! # Query a document store
//!
//! A document database (MongoDB, CouchDB, Firestore, PostgreSQL's `jsonb`)
//! stores each record as a JSON document instead of a row with fixed
//! columns. Queries are JSON too: a *filter* says which documents match, a
//! *projection* says which fields come back. Here you write that query
//! engine over `serde_json::Value`s, in the style of MongoDB's query language.
//!
//! ```json
//! { "chef.city": "Amman", "minutes": { "$gte": 10, "$lt": 30 } }
//! ```
//!
//! matches the documents whose `chef` object has `city` equal to `"Amman"`
//! and whose `minutes` is at least 10 and below 30.
//!
//! ## Rules
//!
//! - **Paths** ([`get_path`]) are field names joined by dots. A segment
//!   steps into an object by key, or into an array by index (`tags.0`).
//!   Anything else (a missing key, an index out of range, stepping into a
//!   string) means the path does not exist.
//! - A **filter** is a JSON object from paths to conditions; a document
//!   matches when every condition holds (`{}` matches everything).
//! - A **condition** that is an object with at least one key starting with
//!   `$` is a set of operators, all of which must hold. Any other value `v`
//!   means `{"$eq": v}`.
//! - The operators, for the value `x` found at the path:
//!   - `$eq: v`: `x` exists and equals `v`. Numbers compare by value, so
//!     `4` equals `4.0` (see [`values_equal`]).
//!   - `$ne: v`: the opposite of `$eq`, so a missing `x` matches.
//!   - `$gt`, `$gte`, `$lt`, `$lte: v`: `x` and `v` are both numbers or both
//!     strings (compared by `str` order), and the comparison holds. Anything
//!     else does not match. `v` must be a number or a string.
//!   - `$in: [v1, v2, ...]`: `x` exists and equals one of them. The operand
//!     must be an array.
//!   - `$exists: b`: whether the path exists (`null` counts as existing)
//!     equals `b`. The operand must be a boolean.
//! - A filter that is not an object, an unknown operator, or a wrong operand
//!   is a [`QueryError`] for every document, even if an earlier condition
//!   already failed: check the whole filter.
//! - A **projection** ([`project`]) keeps only the listed paths, rebuilding
//!   the nested objects around them (`"chef.city"` gives
//!   `{"chef": {"city": ...}}`); paths that do not exist are left out. An
//!   empty list keeps the whole document. Projection paths name object
//!   fields only.
//!
//! The tests in `tests/document_query.rs` are the specification.

use std::cmp::Ordering;
use std::fmt;

use serde_json::{Map, Value};

/// Why a filter cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// The filter is not a JSON object.
    FilterNotObject,
    /// An operator this engine does not know, e.g. `"$regex"`.
    UnknownOperator(String),
    /// The operand of this operator has the wrong type.
    BadOperand { operator: String },
}

/// The value at a dotted path, if it exists.
pub fn get_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |value, segment| match value {
        Value::Object(fields) => fields.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

/// JSON equality, except that numbers compare by value (`4 == 4.0`).
/// Already written for you.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Whether `doc` matches `filter`.
pub fn matches(doc: &Value, filter: &Value) -> Result<bool, QueryError> {
    let Value::Object(conditions) = filter else {
        return Err(QueryError::FilterNotObject);
    };
    let mut all = true;
    // No early return: a later condition may still be invalid.
    for (path, condition) in conditions {
        all &= condition_holds(get_path(doc, path), condition)?;
    }
    Ok(all)
}

/// Whether the value found at a path (or its absence) satisfies one condition.
fn condition_holds(found: Option<&Value>, condition: &Value) -> Result<bool, QueryError> {
    let operators = match condition {
        Value::Object(ops) if ops.keys().any(|key| key.starts_with('$')) => ops,
        literal => return Ok(found.is_some_and(|x| values_equal(x, literal))),
    };
    let mut all = true;
    for (operator, operand) in operators {
        all &= operator_holds(found, operator, operand)?;
    }
    Ok(all)
}

fn operator_holds(
    found: Option<&Value>,
    operator: &str,
    operand: &Value,
) -> Result<bool, QueryError> {
    let bad_operand = || QueryError::BadOperand {
        operator: operator.to_owned(),
    };
    let equal = found.is_some_and(|x| values_equal(x, operand));
    Ok(match operator {
        "$eq" => equal,
        "$ne" => !equal,
        "$gt" | "$gte" | "$lt" | "$lte" => {
            if !(operand.is_number() || operand.is_string()) {
                return Err(bad_operand());
            }
            match found.and_then(|x| compare(x, operand)) {
                Some(order) => match operator {
                    "$gt" => order == Ordering::Greater,
                    "$gte" => order != Ordering::Less,
                    "$lt" => order == Ordering::Less,
                    _ => order != Ordering::Greater,
                },
                None => false,
            }
        }
        "$in" => {
            let options = operand.as_array().ok_or_else(bad_operand)?;
            found.is_some_and(|x| options.iter().any(|option| values_equal(x, option)))
        }
        "$exists" => operand.as_bool().ok_or_else(bad_operand)? == found.is_some(),
        unknown => return Err(QueryError::UnknownOperator(unknown.to_owned())),
    })
}

/// Orders two numbers or two strings; `None` for anything else.
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// The document with only the listed paths (all of it for an empty list).
pub fn project(doc: &Value, fields: &[&str]) -> Value {
    if fields.is_empty() {
        return doc.clone();
    }
    let mut out = Value::Object(Map::new());
    for path in fields {
        let Some(value) = get_path(doc, path) else {
            continue;
        };
        let mut target = &mut out;
        let mut segments = path.split('.').peekable();
        while let Some(segment) = segments.next() {
            let Value::Object(object) = target else {
                break;
            };
            if segments.peek().is_none() {
                object.insert(segment.to_owned(), value.clone());
                break;
            }
            target = object
                .entry(segment)
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
    out
}

/// The projections of the documents that match the filter, in input order.
pub fn find(docs: &[Value], filter: &Value, fields: &[&str]) -> Result<Vec<Value>, QueryError> {
    let mut found = Vec::new();
    for doc in docs {
        if matches(doc, filter)? {
            found.push(project(doc, fields));
        }
    }
    Ok(found)
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FilterNotObject => f.write_str("a filter must be a JSON object"),
            Self::UnknownOperator(op) => write!(f, "unknown operator {op}"),
            Self::BadOperand { operator } => write!(f, "wrong operand type for {operator}"),
        }
    }
}

impl std::error::Error for QueryError {}
