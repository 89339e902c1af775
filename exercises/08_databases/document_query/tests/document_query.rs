use document_query::{QueryError, find, get_path, matches};
use serde_json::{Value, json};

/// A small recipe collection, one JSON document each.
fn recipes() -> Vec<Value> {
    vec![
        json!({"id": 1, "title": "Lentil soup", "cuisine": "levantine", "minutes": 40, "rating": 4.5,
               "chef": {"name": "Noor", "city": "Amman"}, "tags": ["vegan", "soup"]}),
        json!({"id": 2, "title": "Pierogi", "cuisine": "polish", "minutes": 90, "rating": 4.8,
               "chef": {"name": "Ola", "city": "Krakow"}, "tags": ["dumplings"]}),
        json!({"id": 3, "title": "Miso ramen", "cuisine": "japanese", "minutes": 75, "rating": 4,
               "chef": {"name": "Kenji", "city": "Sapporo"}, "tags": ["soup", "noodles"], "spicy": false}),
        json!({"id": 4, "title": "Tamales", "cuisine": "mexican", "minutes": 120,
               "chef": {"name": "Lupe", "city": "Oaxaca"}, "tags": [], "spicy": true}),
        json!({"id": 5, "title": "Fattoush", "cuisine": "levantine", "minutes": 15, "rating": 4.2,
               "chef": {"name": "Noor", "city": "Amman"}, "spicy": null}),
    ]
}

/// The ids of the recipes matching `filter`, in collection order.
fn ids(filter: &Value) -> Result<Vec<i64>, QueryError> {
    let mut found = Vec::new();
    for doc in recipes() {
        if matches(&doc, filter)? {
            found.push(doc["id"].as_i64().unwrap());
        }
    }
    Ok(found)
}

#[track_caller]
fn check_ids(filter: Value, expected: &[i64]) {
    let got = ids(&filter);
    if got.as_deref() != Ok(expected) {
        panic!(
            "\nsent:     filter {filter}\nexpected: the recipes with ids {expected:?}\ngot:      {got:?}\n"
        );
    }
}

#[track_caller]
fn check_error(filter: Value, expected: QueryError) {
    let got = ids(&filter);
    if got != Err(expected.clone()) {
        panic!("\nsent:     filter {filter}\nexpected: Err({expected:?})\ngot:      {got:?}\n");
    }
}

#[test]
fn get_path_steps_into_objects_and_arrays() {
    let ramen = &recipes()[2];
    for (path, expected) in [
        ("minutes", Some(json!(75))),
        ("chef.city", Some(json!("Sapporo"))),
        ("tags.1", Some(json!("noodles"))),
        ("chef.email", None),
        ("tags.7", None),
        ("tags.first", None),
        ("title.length", None),
    ] {
        let got = get_path(ramen, path).cloned();
        if got != expected {
            panic!(
                "\nsent:     get_path(<Miso ramen>, {path:?})\nexpected: {expected:?}\ngot:      {got:?}\n"
            );
        }
    }
}

#[test]
fn an_empty_filter_matches_every_document() {
    check_ids(json!({}), &[1, 2, 3, 4, 5]);
}

#[test]
fn a_plain_value_means_equality_also_on_nested_paths() {
    check_ids(json!({"cuisine": "levantine"}), &[1, 5]);
    check_ids(json!({"chef.name": "Ola"}), &[2]);
    check_ids(json!({"tags.0": "soup"}), &[3]);
    check_ids(json!({"chef": {"name": "Noor", "city": "Amman"}}), &[1, 5]);
    check_ids(json!({"cuisine": "french"}), &[]);
}

#[test]
fn numbers_compare_by_value() {
    check_ids(json!({"rating": 4.0}), &[3]);
    check_ids(json!({"minutes": {"$eq": 40.0}}), &[1]);
}

#[test]
fn range_operators_compare_numbers_and_strings() {
    check_ids(json!({"minutes": {"$gte": 40, "$lt": 100}}), &[1, 2, 3]);
    check_ids(json!({"minutes": {"$gt": 90}}), &[4]);
    check_ids(json!({"minutes": {"$lte": 40}}), &[1, 5]);
    check_ids(json!({"title": {"$gt": "N"}}), &[2, 4]);
}

#[test]
fn range_operators_skip_missing_fields_and_other_types() {
    // Tamales has no rating; a string never compares with a number.
    check_ids(json!({"rating": {"$gt": 0}}), &[1, 2, 3, 5]);
    check_ids(json!({"rating": {"$gt": "0"}}), &[]);
    check_ids(json!({"chef": {"$lt": 1000}}), &[]);
}

#[test]
fn in_matches_any_listed_value() {
    check_ids(
        json!({"cuisine": {"$in": ["polish", "mexican", "thai"]}}),
        &[2, 4],
    );
    check_ids(json!({"rating": {"$in": [4, 4.8]}}), &[2, 3]);
    check_ids(json!({"cuisine": {"$in": []}}), &[]);
}

#[test]
fn exists_checks_whether_the_path_is_there() {
    // A field holding null exists.
    check_ids(json!({"spicy": {"$exists": true}}), &[3, 4, 5]);
    check_ids(json!({"spicy": {"$exists": false}}), &[1, 2]);
    check_ids(
        json!({"chef.city": {"$exists": true}, "tags.1": {"$exists": true}}),
        &[1, 3],
    );
}

#[test]
fn ne_also_matches_documents_without_the_field() {
    check_ids(json!({"cuisine": {"$ne": "levantine"}}), &[2, 3, 4]);
    check_ids(json!({"spicy": {"$ne": true}}), &[1, 2, 3, 5]);
}

#[test]
fn every_condition_must_hold() {
    check_ids(json!({"chef.city": "Amman", "minutes": {"$lt": 30}}), &[5]);
    check_ids(json!({"cuisine": "levantine", "tags.0": "soup"}), &[]);
}

#[test]
fn find_projects_the_listed_paths_only() {
    let filter = json!({"cuisine": {"$in": ["polish", "mexican"]}});
    let got = find(&recipes(), &filter, &["title", "chef.city", "rating"]);
    let expected = Ok(vec![
        json!({"title": "Pierogi", "chef": {"city": "Krakow"}, "rating": 4.8}),
        json!({"title": "Tamales", "chef": {"city": "Oaxaca"}}),
    ]);
    if got != expected {
        panic!(
            "\nsent:     find({filter}, fields [title, chef.city, rating])\nexpected: {expected:?}\ngot:      {got:?}\n"
        );
    }
    let got = find(&recipes(), &json!({"id": 5}), &[]);
    let expected = Ok(vec![recipes()[4].clone()]);
    if got != expected {
        panic!(
            "\nsent:     find({{\"id\": 5}}, no fields)\nexpected: {expected:?} (the whole document)\ngot:      {got:?}\n"
        );
    }
}

#[test]
fn rejects_invalid_filters_whatever_the_document() {
    check_error(json!(["cuisine", "polish"]), QueryError::FilterNotObject);
    check_error(
        json!({"title": {"$regex": "^P"}}),
        QueryError::UnknownOperator("$regex".into()),
    );
    check_error(
        json!({"cuisine": {"$in": "polish"}}),
        QueryError::BadOperand {
            operator: "$in".into(),
        },
    );
    check_error(
        json!({"spicy": {"$exists": 1}}),
        QueryError::BadOperand {
            operator: "$exists".into(),
        },
    );
    check_error(
        json!({"minutes": {"$gt": [10]}}),
        QueryError::BadOperand {
            operator: "$gt".into(),
        },
    );
    // The first condition fails for every recipe; the second is still checked.
    check_error(
        json!({"cuisine": "french", "title": {"$like": "P%"}}),
        QueryError::UnknownOperator("$like".into()),
    );
}
