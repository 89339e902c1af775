use graphql_resolvers::{Library, execute, parse_query, validate};
use serde_json::{Value, json};

/// Runs `query` on the sample library and fails with a readable report
/// unless the answer is `expected`.
#[track_caller]
fn check(query: &str, expected: Value) {
    let got = execute(&Library::sample(), query);
    if got != expected {
        panic!(
            "\nsent:     {query}\nexpected: {expected:#}\ngot:      {got:#}\n\
             (the order of members in an object does not matter here)\n"
        );
    }
}

/// Fails unless `query` is answered with exactly these error messages and no data.
#[track_caller]
fn check_errors(query: &str, messages: &[&str]) {
    let errors: Vec<Value> = messages.iter().map(|m| json!({ "message": m })).collect();
    check(query, json!({ "errors": errors }));
}

#[test]
fn resolves_a_list_of_objects() {
    check(
        "{ authors { id name } }",
        json!({ "data": { "authors": [
            { "id": "a1", "name": "Mira Okafor" },
            { "id": "a2", "name": "Tomasz Lind" },
            { "id": "a3", "name": "Ines Carvalho" },
        ] } }),
    );
    // The `query` keyword and an operation name change nothing.
    check(
        "query Shelf { authors { name } }",
        json!({ "data": { "authors": [
            { "name": "Mira Okafor" }, { "name": "Tomasz Lind" }, { "name": "Ines Carvalho" },
        ] } }),
    );
}

#[test]
fn answers_only_the_fields_asked_for_with_null_when_absent() {
    check(
        "{ authors { born } }",
        json!({ "data": { "authors": [
            { "born": 1971 }, { "born": null }, { "born": 1988 },
        ] } }),
    );
}

#[test]
fn follows_nested_fields_down_the_tree() {
    check(
        r#"{ author(id: "a1") { name books { title reviews { stars text } } } }"#,
        json!({ "data": { "author": {
            "name": "Mira Okafor",
            "books": [
                { "title": "The Salt Road", "reviews": [
                    { "stars": 5, "text": "Could not put it down." },
                    { "stars": 3, "text": "Slow middle, great ending." },
                ] },
                { "title": "Night Ferry", "reviews": [] },
            ],
        } } }),
    );
}

#[test]
fn resolves_a_book_back_to_its_author() {
    check(
        r#"{ book(id: "b3") { title year author { name books { id } } } }"#,
        json!({ "data": { "book": {
            "title": "Copper Orchard",
            "year": 2019,
            "author": { "name": "Tomasz Lind", "books": [{ "id": "b3" }] },
        } } }),
    );
}

#[test]
fn answers_null_for_an_id_that_names_nothing() {
    check(
        r#"{ author(id: "a9") { name } book(id: "b1") { title } }"#,
        json!({ "data": { "author": null, "book": { "title": "The Salt Road" } } }),
    );
}

#[test]
fn uses_aliases_as_response_keys() {
    check(
        r#"{
            first: author(id: "a1") { name }
            third: author(id: "a3") { fullName: name books { id } }
        }"#,
        json!({ "data": {
            "first": { "name": "Mira Okafor" },
            "third": { "fullName": "Ines Carvalho", "books": [] },
        } }),
    );
}

#[test]
fn rejects_unknown_fields_without_running_anything() {
    check_errors(
        r#"{ authors { name email } book(id: "b1") { isbn } }"#,
        &[
            r#"Cannot query field "email" on type "Author"."#,
            r#"Cannot query field "isbn" on type "Book"."#,
        ],
    );
    check_errors(
        "{ publishers { name } }",
        &[r#"Cannot query field "publishers" on type "Query"."#],
    );
}

#[test]
fn checks_selections_against_the_field_types() {
    check_errors(
        r#"{ authors { books } book(id: "b1") { title { length } } }"#,
        &[
            r#"Field "books" of type "[Book!]!" must have a selection of subfields."#,
            r#"Field "title" must not have a selection since type "String!" has no subfields."#,
        ],
    );
}

#[test]
fn requires_the_id_argument() {
    check_errors(
        "{ author { name } book(id: 3) { title } }",
        &[
            r#"Field "author" argument "id" of type "ID!" is required, but it was not provided."#,
            r#"Field "book" argument "id" of type "ID!" is required, but it was not provided."#,
        ],
    );
}

#[test]
fn validate_walks_the_whole_query() {
    let query = r#"{ authors { nickname books { title rating } } }"#;
    let selection = parse_query(query).expect("the test's query parses");
    let got = validate(&selection, "Query");
    let expected = vec![
        r#"Cannot query field "nickname" on type "Author"."#.to_string(),
        r#"Cannot query field "rating" on type "Book"."#.to_string(),
    ];
    if got != expected {
        panic!("\nsent:     validate({query})\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

#[test]
fn reports_a_syntax_error_as_an_error() {
    let got = execute(&Library::sample(), "{ authors { name }");
    let message = got["errors"][0]["message"].as_str().unwrap_or_default();
    let ok = message.starts_with("Syntax Error") && got.get("data").is_none();
    if !ok {
        panic!(
            "\nsent:     {{ authors {{ name }}  (one brace missing)\n\
             expected: {{\"errors\": [{{\"message\": \"Syntax Error: ...\"}}]}} (the parser's message), no data\n\
             got:      {got}\n"
        );
    }
}
