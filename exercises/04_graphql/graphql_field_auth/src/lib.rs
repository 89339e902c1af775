//! # GraphQL: field-level authorization
//!
//! In a REST API, authorization usually guards whole endpoints. A GraphQL
//! API has one endpoint, and one query can touch many types and fields, so
//! the guard moves to the fields: a client may read an employee's name but
//! not their salary. GraphQL answers a forbidden field the way it answers
//! any field that fails: that field becomes `null`, an error in `errors`
//! says where (its `path`), and everything else in the answer still resolves.
//!
//! ## The schema
//!
//! ```graphql
//! type Query {
//!   employees: [Employee!]!      # everyone, in directory order
//!   employee(id: ID!): Employee  # null when no one has this id
//!   me: Employee                 # the viewer; null when anonymous
//! }
//! type Employee {
//!   id: ID!  name: String!  team: String!
//!   email: String               # needs the Staff role
//!   salary: Int                 # needs the Hr role, or to be the viewer's own
//!   manager: Employee           # null for the top of the tree
//!   reports: [Employee!]!       # the employees whose manager this is
//! }
//! ```
//!
//! ## Your task
//!
//! Write [`authorize`] and [`execute`]. Parsing and validation are done (you
//! wrote validation in `graphql_resolvers`): [`validate`] is given.
//!
//! ## The rules (GraphQL specification, October 2021: sections 6.4.4 and 7.1.2)
//!
//! - A query that does not parse or is not valid answers
//!   `{"errors": [{"message": ...}]}` and runs nothing (as in `graphql_resolvers`).
//! - Otherwise the answer has `data`. A field the viewer may not read (see
//!   [`authorize`]) is `null` in `data`, and adds to `errors`:
//!   `{"message": "Not authorized to read Employee.<field>", "path": [...],
//!   "extensions": {"code": "FORBIDDEN"}}`.
//! - `path` leads from the top of `data` to the field: the response keys
//!   (aliases when given) and, inside lists, the index as a number:
//!   `["employees", 1, "salary"]`.
//! - `errors` is in the order the fields are resolved: depth first, in query
//!   order, list items by index. There is no `errors` member when it is empty.
//! - A forbidden field is not resolved further: its sub-selection is skipped.
//!
//! The tests in `tests/graphql_field_auth.rs` are the specification.

use serde_json::Value;

/// A role a viewer can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Any member of staff: may read email addresses.
    Staff,
    /// Human resources: may read salaries.
    Hr,
}

/// Who is asking: the id of their employee record (if they are logged in as one)
/// and their roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    pub employee_id: Option<String>,
    pub roles: Vec<Role>,
}

/// One employee of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub id: String,
    pub name: String,
    pub team: String,
    pub email: String,
    pub salary: i64,
    pub manager_id: Option<String>,
}

/// The staff directory the tests use.
pub fn directory() -> Vec<Employee> {
    let employee = |id: &str, name: &str, team: &str, salary, manager: Option<&str>| Employee {
        id: id.into(),
        name: name.into(),
        team: team.into(),
        email: format!(
            "{}@tidewater.example",
            name.split(' ').next().unwrap().to_lowercase()
        ),
        salary,
        manager_id: manager.map(Into::into),
    };
    vec![
        employee("e1", "Noor Haddad", "Board", 9800, None),
        employee("e2", "Lars Brekke", "Platform", 7100, Some("e1")),
        employee("e3", "Yuki Tanaka", "Platform", 6400, Some("e2")),
        employee("e4", "Ada Mensah", "People", 6900, Some("e1")),
    ]
}

/// Why a field is forbidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden;

/// The schema as data: the type of `field` on `type_name` as written in
/// GraphQL, or `None`. Already written for you.
pub fn field_type(type_name: &str, field: &str) -> Option<&'static str> {
    let found = match (type_name, field) {
        ("Query", "employees") | ("Employee", "reports") => "[Employee!]!",
        ("Query", "employee") | ("Query", "me") | ("Employee", "manager") => "Employee",
        ("Employee", "id") => "ID!",
        ("Employee", "name") | ("Employee", "team") => "String!",
        ("Employee", "email") => "String",
        ("Employee", "salary") => "Int",
        _ => return None,
    };
    Some(found)
}

/// Every validation error of a selection on `type_name`, as in
/// `graphql_resolvers`. Already written for you.
pub fn validate(selection: &[Field], type_name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for field in selection {
        let name = &field.name;
        let Some(type_ref) = field_type(type_name, name) else {
            errors.push(format!(
                "Cannot query field \"{name}\" on type \"{type_name}\"."
            ));
            continue;
        };
        let named = type_ref.trim_matches(|c| matches!(c, '[' | ']' | '!'));
        if (type_name, name.as_str()) == ("Query", "employee")
            && !field.argument("id").is_some_and(Value::is_string)
        {
            errors.push(format!(
                "Field \"{name}\" argument \"id\" of type \"ID!\" is required, but it was not provided."
            ));
        }
        match (named == "Employee", field.selection.is_empty()) {
            (true, true) => errors.push(format!(
                "Field \"{name}\" of type \"{type_ref}\" must have a selection of subfields."
            )),
            (false, false) => errors.push(format!(
                "Field \"{name}\" must not have a selection since type \"{type_ref}\" has no subfields."
            )),
            (true, false) => errors.extend(validate(&field.selection, named)),
            (false, true) => {}
        }
    }
    errors
}

/// Whether `viewer` may read `field` of `employee`:
///
/// - `email` needs [`Role::Staff`];
/// - `salary` needs [`Role::Hr`], or that `employee` is the viewer;
/// - every other field is open to everyone.
pub fn authorize(viewer: &Viewer, employee: &Employee, field: &str) -> Result<(), Forbidden> {
    todo!("may {viewer:?} read {field} of {}?", employee.id)
}

/// Runs `query` for `viewer` over `employees` and answers as a GraphQL
/// server does.
///
/// The resolvers need the viewer, the errors found so far and the current
/// path; a small struct holding them (with `&mut self` resolver methods that
/// push and pop path segments) keeps the signatures short.
pub fn execute(employees: &[Employee], viewer: &Viewer, query: &str) -> Value {
    let _ = (employees, viewer);
    todo!("run {query:?}")
}

// The query parser is written for you, in the course's support crate: it turns a query
// into `Field`s (see `support/src/graphql.rs`).
pub use course_support::graphql::{Field, parse_query};
