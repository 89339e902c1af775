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

use serde_json::{Map, Value, json};

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
    let allowed = match field {
        "email" => viewer.roles.contains(&Role::Staff),
        "salary" => {
            viewer.roles.contains(&Role::Hr)
                || viewer.employee_id.as_deref() == Some(employee.id.as_str())
        }
        _ => true,
    };
    if allowed { Ok(()) } else { Err(Forbidden) }
}

/// Runs `query` for `viewer` over `employees` and answers as a GraphQL
/// server does.
pub fn execute(employees: &[Employee], viewer: &Viewer, query: &str) -> Value {
    let selection = match parse_query(query) {
        Ok(selection) => selection,
        Err(message) => return json!({ "errors": [{ "message": message }] }),
    };
    let invalid = validate(&selection, "Query");
    if !invalid.is_empty() {
        let errors: Vec<Value> = invalid
            .into_iter()
            .map(|m| json!({ "message": m }))
            .collect();
        return json!({ "errors": errors });
    }
    let mut run = Execution {
        employees,
        viewer,
        errors: Vec::new(),
        path: Vec::new(),
    };
    let data = run.query(&selection);
    if run.errors.is_empty() {
        json!({ "data": data })
    } else {
        json!({ "data": data, "errors": run.errors })
    }
}

/// The state of one execution: what it reads, the errors so far, and the
/// path to the field being resolved.
struct Execution<'a> {
    employees: &'a [Employee],
    viewer: &'a Viewer,
    errors: Vec<Value>,
    path: Vec<Value>,
}

/// The employee with `id`, if any.
fn find<'a>(employees: &'a [Employee], id: Option<&str>) -> Option<&'a Employee> {
    let id = id?;
    employees.iter().find(|e| e.id == id)
}

impl Execution<'_> {
    fn query(&mut self, selection: &[Field]) -> Value {
        let mut data = Map::new();
        for field in selection {
            self.path.push(json!(field.response_key()));
            let value = match field.name.as_str() {
                "employees" => {
                    let all: Vec<&Employee> = self.employees.iter().collect();
                    self.list(&all, &field.selection)
                }
                "employee" => {
                    let id = field.argument("id").and_then(Value::as_str);
                    self.maybe(find(self.employees, id), &field.selection)
                }
                "me" => self.maybe(
                    find(self.employees, self.viewer.employee_id.as_deref()),
                    &field.selection,
                ),
                _ => unreachable!("validated"),
            };
            self.path.pop();
            data.insert(field.response_key().to_string(), value);
        }
        Value::Object(data)
    }

    fn maybe(&mut self, employee: Option<&Employee>, selection: &[Field]) -> Value {
        employee.map_or(Value::Null, |e| self.employee(e, selection))
    }

    fn list(&mut self, employees: &[&Employee], selection: &[Field]) -> Value {
        let mut items = Vec::new();
        for (index, employee) in employees.iter().enumerate() {
            self.path.push(json!(index));
            items.push(self.employee(employee, selection));
            self.path.pop();
        }
        Value::Array(items)
    }

    fn employee(&mut self, employee: &Employee, selection: &[Field]) -> Value {
        let mut object = Map::new();
        for field in selection {
            self.path.push(json!(field.response_key()));
            let value = if authorize(self.viewer, employee, &field.name).is_err() {
                self.errors.push(json!({
                    "message": format!("Not authorized to read Employee.{}", field.name),
                    "path": self.path,
                    "extensions": { "code": "FORBIDDEN" },
                }));
                Value::Null
            } else {
                match field.name.as_str() {
                    "id" => json!(employee.id),
                    "name" => json!(employee.name),
                    "team" => json!(employee.team),
                    "email" => json!(employee.email),
                    "salary" => json!(employee.salary),
                    "manager" => self.maybe(
                        find(self.employees, employee.manager_id.as_deref()),
                        &field.selection,
                    ),
                    "reports" => {
                        let reports: Vec<&Employee> = self
                            .employees
                            .iter()
                            .filter(|e| e.manager_id.as_deref() == Some(employee.id.as_str()))
                            .collect();
                        self.list(&reports, &field.selection)
                    }
                    _ => unreachable!("validated"),
                }
            };
            self.path.pop();
            object.insert(field.response_key().to_string(), value);
        }
        Value::Object(object)
    }
}

// ---------------------------------------------------------------------------
// The query parser. Already written for you: it turns a query into `Field`s.
// ---------------------------------------------------------------------------

/// One field of a selection set: `alias: name(arg: value, ...) { selection }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The alias, when the query gave one (`first: author(...)`).
    pub alias: Option<String>,
    /// The field's name in the schema.
    pub name: String,
    /// The arguments in query order. Values are strings, integers, booleans or null.
    pub arguments: Vec<(String, Value)>,
    /// The sub-selection; empty when the query gave none.
    pub selection: Vec<Field>,
}

impl Field {
    /// The key this field has in the answer: its alias, or else its name.
    pub fn response_key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    /// The value of the argument `name`, if the query gave it.
    pub fn argument(&self, name: &str) -> Option<&Value> {
        self.arguments
            .iter()
            .find(|(arg, _)| arg == name)
            .map(|(_, value)| value)
    }
}

/// Parses a query document holding one query: `{ ... }`, or
/// `query Name { ... }`. Commas are whitespace and `#` starts a comment, as
/// in GraphQL. The error message starts with `Syntax Error:`.
pub fn parse_query(source: &str) -> Result<Vec<Field>, String> {
    let mut parser = Parser {
        chars: source.chars().collect(),
        at: 0,
    };
    parser.skip_ignored();
    if parser.peek().is_some_and(|c| c.is_alphabetic()) {
        let keyword = parser.name()?;
        if keyword != "query" {
            return Err(format!("Syntax Error: unexpected {keyword:?}"));
        }
        parser.skip_ignored();
        if parser.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            parser.name()?;
        }
    }
    let selection = parser.selection_set()?;
    parser.skip_ignored();
    match parser.peek() {
        None => Ok(selection),
        Some(c) => Err(format!("Syntax Error: unexpected {c:?} after the query")),
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_ignored(&mut self) {
        while let Some(c) = self.peek() {
            if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.at += 1;
                }
            } else if c.is_whitespace() || c == ',' {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    fn expect(&mut self, wanted: char) -> Result<(), String> {
        self.skip_ignored();
        match self.peek() {
            Some(c) if c == wanted => {
                self.at += 1;
                Ok(())
            }
            Some(c) => Err(format!("Syntax Error: expected {wanted:?}, found {c:?}")),
            None => Err(format!("Syntax Error: expected {wanted:?}, found the end")),
        }
    }

    fn name(&mut self) -> Result<String, String> {
        self.skip_ignored();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            return match self.peek() {
                Some(c) => Err(format!("Syntax Error: expected a name, found {c:?}")),
                None => Err("Syntax Error: expected a name, found the end".to_string()),
            };
        }
        Ok(name)
    }

    fn selection_set(&mut self) -> Result<Vec<Field>, String> {
        self.expect('{')?;
        let mut fields = Vec::new();
        loop {
            self.skip_ignored();
            if self.peek() == Some('}') {
                self.at += 1;
                break;
            }
            fields.push(self.field()?);
        }
        if fields.is_empty() {
            return Err("Syntax Error: a selection set cannot be empty".to_string());
        }
        Ok(fields)
    }

    fn field(&mut self) -> Result<Field, String> {
        let mut alias = None;
        let mut name = self.name()?;
        self.skip_ignored();
        if self.peek() == Some(':') {
            self.at += 1;
            alias = Some(name);
            name = self.name()?;
            self.skip_ignored();
        }
        let mut arguments = Vec::new();
        if self.peek() == Some('(') {
            self.at += 1;
            loop {
                self.skip_ignored();
                if self.peek() == Some(')') {
                    self.at += 1;
                    break;
                }
                let arg = self.name()?;
                self.expect(':')?;
                arguments.push((arg, self.value()?));
            }
            self.skip_ignored();
        }
        let selection = if self.peek() == Some('{') {
            self.selection_set()?
        } else {
            Vec::new()
        };
        Ok(Field {
            alias,
            name,
            arguments,
            selection,
        })
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_ignored();
        match self.peek() {
            Some('"') => {
                self.at += 1;
                let mut text = String::new();
                loop {
                    match self.peek() {
                        None | Some('\n') => {
                            return Err("Syntax Error: unterminated string".to_string());
                        }
                        Some('"') => break,
                        Some('\\') => {
                            self.at += 1;
                            match self.peek() {
                                Some(c @ ('"' | '\\' | '/')) => text.push(c),
                                Some('n') => text.push('\n'),
                                _ => return Err("Syntax Error: bad escape".to_string()),
                            }
                        }
                        Some(c) => text.push(c),
                    }
                    self.at += 1;
                }
                self.at += 1;
                Ok(Value::String(text))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let start = self.at;
                self.at += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
                let digits: String = self.chars[start..self.at].iter().collect();
                digits
                    .parse::<i64>()
                    .map(Value::from)
                    .map_err(|_| format!("Syntax Error: bad number {digits:?}"))
            }
            _ => match self.name()?.as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                "null" => Ok(Value::Null),
                other => Err(format!("Syntax Error: unexpected {other:?} as a value")),
            },
        }
    }
}
