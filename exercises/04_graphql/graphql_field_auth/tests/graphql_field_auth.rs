use graphql_field_auth::{Forbidden, Role, Viewer, authorize, directory, execute};
use serde_json::{Value, json};

fn anonymous() -> Viewer {
    Viewer::default()
}

/// Logged in as employee `id`, with `roles`.
fn viewer(id: &str, roles: &[Role]) -> Viewer {
    Viewer {
        employee_id: Some(id.to_string()),
        roles: roles.to_vec(),
    }
}

/// Runs `query` for `viewer` and fails with a readable report unless the
/// answer is `expected`.
#[track_caller]
fn check(viewer: &Viewer, query: &str, expected: Value) {
    let got = execute(&directory(), viewer, query);
    if got != expected {
        panic!(
            "\nviewer:   {viewer:?}\nsent:     {query}\nexpected: {expected:#}\ngot:      {got:#}\n\
             (the order of members in an object does not matter, the order of errors does)\n"
        );
    }
}

/// The error for a forbidden field at `path`.
fn forbidden(field: &str, path: Value) -> Value {
    json!({
        "message": format!("Not authorized to read Employee.{field}"),
        "path": path,
        "extensions": { "code": "FORBIDDEN" },
    })
}

#[test]
fn authorize_applies_the_rules_of_each_field() {
    let people = directory();
    let lars = &people[1];
    let cases = [
        (anonymous(), "name", Ok(())),
        (anonymous(), "email", Err(Forbidden)),
        (anonymous(), "salary", Err(Forbidden)),
        (viewer("e3", &[Role::Staff]), "email", Ok(())),
        (viewer("e3", &[Role::Staff]), "salary", Err(Forbidden)),
        (viewer("e4", &[Role::Staff, Role::Hr]), "salary", Ok(())),
        (viewer("e2", &[]), "salary", Ok(())),
        (viewer("e2", &[]), "email", Err(Forbidden)),
    ];
    for (who, field, expected) in cases {
        let got = authorize(&who, lars, field);
        if got != expected {
            panic!(
                "\nsent:     authorize({who:?}, Lars Brekke (e2), {field:?})\n\
                 expected: {expected:?}\ngot:      {got:?}\n"
            );
        }
    }
    // Roles do not imply each other: HR alone may read salaries, not emails.
    let hr_only = viewer("e4", &[Role::Hr]);
    let got = authorize(&hr_only, lars, "email");
    if got != Err(Forbidden) {
        panic!(
            "\nsent:     authorize({hr_only:?}, Lars Brekke (e2), \"email\")\n\
             expected: Err(Forbidden)\ngot:      {got:?}\n\
             email needs the Staff role itself: having some other role (Hr) is not enough.\n"
        );
    }
}

#[test]
fn open_fields_resolve_for_everyone_without_errors() {
    check(
        &anonymous(),
        "{ employees { name team } }",
        json!({ "data": { "employees": [
            { "name": "Noor Haddad", "team": "Board" },
            { "name": "Lars Brekke", "team": "Platform" },
            { "name": "Yuki Tanaka", "team": "Platform" },
            { "name": "Ada Mensah", "team": "People" },
        ] } }),
    );
}

#[test]
fn staff_can_read_email_addresses() {
    check(
        &viewer("e3", &[Role::Staff]),
        r#"{ employee(id: "e2") { name email } }"#,
        json!({ "data": { "employee": {
            "name": "Lars Brekke", "email": "lars@tidewater.example",
        } } }),
    );
}

#[test]
fn a_forbidden_field_is_null_with_an_error_and_the_rest_still_resolves() {
    check(
        &anonymous(),
        r#"{ employee(id: "e2") { name email team } }"#,
        json!({
            "data": { "employee": { "name": "Lars Brekke", "email": null, "team": "Platform" } },
            "errors": [forbidden("email", json!(["employee", "email"]))],
        }),
    );
}

#[test]
fn paths_count_list_items_by_index() {
    check(
        &viewer("e3", &[Role::Staff]),
        "{ employees { id salary } }",
        json!({
            "data": { "employees": [
                { "id": "e1", "salary": null },
                { "id": "e2", "salary": null },
                { "id": "e3", "salary": 6400 },
                { "id": "e4", "salary": null },
            ] },
            "errors": [
                forbidden("salary", json!(["employees", 0, "salary"])),
                forbidden("salary", json!(["employees", 1, "salary"])),
                forbidden("salary", json!(["employees", 3, "salary"])),
            ],
        }),
    );
}

#[test]
fn hr_reads_every_salary() {
    check(
        &viewer("e4", &[Role::Staff, Role::Hr]),
        "{ employees { salary } }",
        json!({ "data": { "employees": [
            { "salary": 9800 }, { "salary": 7100 }, { "salary": 6400 }, { "salary": 6900 },
        ] } }),
    );
}

#[test]
fn paths_use_aliases_and_go_through_nested_objects() {
    check(
        &viewer("e3", &[]),
        r#"{
            boss: employee(id: "e1") {
                reports { name pay: salary manager { contact: email } }
            }
            me { pay: salary }
        }"#,
        json!({
            "data": {
                "boss": { "reports": [
                    { "name": "Lars Brekke", "pay": null, "manager": { "contact": null } },
                    { "name": "Ada Mensah", "pay": null, "manager": { "contact": null } },
                ] },
                "me": { "pay": 6400 },
            },
            "errors": [
                forbidden("salary", json!(["boss", "reports", 0, "pay"])),
                forbidden("email", json!(["boss", "reports", 0, "manager", "contact"])),
                forbidden("salary", json!(["boss", "reports", 1, "pay"])),
                forbidden("email", json!(["boss", "reports", 1, "manager", "contact"])),
            ],
        }),
    );
}

#[test]
fn me_is_null_for_an_anonymous_viewer_without_an_error() {
    check(
        &anonymous(),
        "{ me { name } }",
        json!({ "data": { "me": null } }),
    );
    check(
        &viewer("e2", &[]),
        "{ me { name manager { name } } }",
        json!({ "data": { "me": { "name": "Lars Brekke", "manager": { "name": "Noor Haddad" } } } }),
    );
}

#[test]
fn an_invalid_query_still_runs_nothing() {
    check(
        &viewer("e4", &[Role::Staff, Role::Hr]),
        "{ employees { name password } }",
        json!({ "errors": [
            { "message": r#"Cannot query field "password" on type "Employee"."# },
        ] }),
    );
}
