//! A small GraphQL query parser, shared by the course's GraphQL exercises: it turns
//! `{ alias: name(arg: value) { selection } }` into [`Field`]s. It knows fields, aliases,
//! scalar arguments (string, int, bool, null), comments and the `query` keyword; not
//! fragments, variables or error locations.

use serde_json::Value;

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
