use std::fmt::Debug;

use course_support::shop_database;
use sql_injection::{Customer, LookupError, customers_in_city, find_customer_by_email};
use sqlx::AnyPool;

/// Fails with a readable report unless the call returned `Ok(expected)`.
#[track_caller]
fn check<T: PartialEq + Debug>(sent: &str, expected: T, got: Result<T, LookupError>) {
    match got {
        Ok(got) if got == expected => {}
        Ok(got) => panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n"),
        Err(e) => panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      error {e}\n"),
    }
}

/// The ids of the customers a city lookup returned.
fn ids(got: Result<Vec<Customer>, LookupError>) -> Result<Vec<i64>, LookupError> {
    got.map(|customers| customers.iter().map(|c| c.id).collect())
}

fn ada() -> Customer {
    Customer {
        id: 1,
        email: "ada@example.com".into(),
        name: "Ada Okafor".into(),
        city: "Lisbon".into(),
    }
}

/// The shop, plus two customers whose data contains apostrophes.
async fn database() -> AnyPool {
    let pool = shop_database().await;
    for (id, email, name, city, created_at) in [
        (
            13,
            "o'brien@example.com",
            "Brigid O'Brien",
            "Lisbon",
            "2023-12-01T09:00:00Z",
        ),
        (
            14,
            "marc@example.com",
            "Marc Aubert",
            "Coeur d'Alene",
            "2024-04-02T12:00:00Z",
        ),
    ] {
        sqlx::query(
            "INSERT INTO customers (id, email, name, city, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(email)
        .bind(name)
        .bind(city)
        .bind(created_at)
        .execute(&pool)
        .await
        .expect("the test could not insert its customers");
    }
    pool
}

/// Fails unless the `reviews` and `customers` tables are still there and whole.
async fn check_tables_intact(pool: &AnyPool, after: &str) {
    for (table, rows) in [("reviews", 18), ("customers", 14)] {
        let got: Result<i64, _> = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(pool)
            .await;
        match got {
            Ok(n) if n == rows => {}
            Ok(n) => panic!(
                "\nsent:     {after}\nexpected: table {table} still has {rows} rows\ngot:      {n} rows\n"
            ),
            Err(e) => panic!(
                "\nsent:     {after}\nexpected: table {table} still has {rows} rows\ngot:      error {e}\n"
            ),
        }
    }
}

#[tokio::test]
async fn finds_a_customer_by_email() {
    let pool = database().await;
    check(
        "find_customer_by_email(\"ada@example.com\")",
        Some(ada()),
        find_customer_by_email(&pool, "ada@example.com").await,
    );
    check(
        "find_customer_by_email(\"nobody@example.com\")",
        None,
        find_customer_by_email(&pool, "nobody@example.com").await,
    );
}

#[tokio::test]
async fn an_apostrophe_in_an_email_is_just_a_character() {
    let pool = database().await;
    let got = find_customer_by_email(&pool, "o'brien@example.com").await;
    check(
        "find_customer_by_email(\"o'brien@example.com\"), ids",
        Some(13),
        got.map(|c| c.map(|c| c.id)),
    );
}

#[tokio::test]
async fn an_always_true_condition_finds_nobody() {
    let pool = database().await;
    for email in ["' OR '1'='1", "nobody' OR 'x'='x", "' OR 1=1 --"] {
        check(
            &format!("find_customer_by_email({email:?})"),
            None,
            find_customer_by_email(&pool, email).await,
        );
    }
}

#[tokio::test]
async fn a_union_cannot_read_another_table() {
    let pool = database().await;
    let email =
        "nobody' UNION SELECT id, sku AS email, name, sku AS city FROM products WHERE id = 10 --";
    check(
        &format!("find_customer_by_email({email:?})"),
        None,
        find_customer_by_email(&pool, email).await,
    );
}

#[tokio::test]
async fn a_stacked_drop_table_drops_nothing() {
    let pool = database().await;
    let email = "x'; DROP TABLE reviews; --";
    let sent = format!("find_customer_by_email({email:?})");
    check(&sent, None, find_customer_by_email(&pool, email).await);
    check_tables_intact(&pool, &sent).await;
}

#[tokio::test]
async fn sorts_a_city_by_each_allowed_column() {
    let pool = database().await;
    for (sort_by, expected) in [
        ("name", vec![1, 13, 4, 12]),
        ("email", vec![1, 4, 12, 13]),
        ("created_at", vec![13, 1, 4, 12]),
    ] {
        let sent = format!("customers_in_city(\"Lisbon\", {sort_by:?}), ids");
        check(
            &sent,
            expected,
            ids(customers_in_city(&pool, "Lisbon", sort_by).await),
        );
    }
}

#[tokio::test]
async fn a_city_with_an_apostrophe_is_just_a_city() {
    let pool = database().await;
    let sent = "customers_in_city(\"Coeur d'Alene\", \"name\"), ids";
    check(
        sent,
        vec![14],
        ids(customers_in_city(&pool, "Coeur d'Alene", "name").await),
    );
}

#[tokio::test]
async fn an_injected_city_finds_nobody() {
    let pool = database().await;
    for city in ["Lisbon' OR '1'='1", "x' OR city <> 'x"] {
        let sent = format!("customers_in_city({city:?}, \"name\"), ids");
        check(
            &sent,
            vec![],
            ids(customers_in_city(&pool, city, "name").await),
        );
    }
}

#[tokio::test]
async fn refuses_sort_columns_that_are_not_on_the_list() {
    let pool = database().await;
    for sort_by in [
        "price_cents",
        "name DESC",
        "(SELECT COUNT(*) FROM reviews)",
        "name; DROP TABLE customers; --",
        "",
    ] {
        let sent = format!("customers_in_city(\"Lisbon\", {sort_by:?})");
        match customers_in_city(&pool, "Lisbon", sort_by).await {
            Err(LookupError::UnknownSortColumn(column)) if column == sort_by => {}
            got => panic!(
                "\nsent:     {sent}\nexpected: Err(UnknownSortColumn({sort_by:?}))\ngot:      {got:?}\n"
            ),
        }
        check_tables_intact(&pool, &sent).await;
    }
}
