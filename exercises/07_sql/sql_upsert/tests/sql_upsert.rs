use std::fmt::Debug;

use course_support::shop_database;
use sql_upsert::{add_to_cart, create_tables, record_stock_level, set_cart_quantity, subscribe};
use sqlx::AnyPool;

/// Fails with a readable report unless the call returned `Ok(expected)`.
#[track_caller]
fn check<T: PartialEq + Debug>(sent: &str, expected: T, got: Result<T, sqlx::Error>) {
    match got {
        Ok(got) if got == expected => {}
        Ok(got) => panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n"),
        Err(e) => panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      error {e}\n"),
    }
}

async fn database() -> AnyPool {
    let pool = shop_database().await;
    create_tables(&pool)
        .await
        .expect("the test could not create the exercise's tables");
    pool
}

/// Every cart line as (customer_id, product_id, quantity), in key order.
async fn cart_lines(pool: &AnyPool) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT customer_id, product_id, quantity FROM cart_items ORDER BY customer_id, product_id",
    )
    .fetch_all(pool)
    .await
}

async fn stock_level(pool: &AnyPool, product_id: i64) -> Result<(i64, String), sqlx::Error> {
    sqlx::query_as("SELECT stock, as_of FROM stock_levels WHERE product_id = $1")
        .bind(product_id)
        .fetch_one(pool)
        .await
}

#[tokio::test]
async fn adding_a_product_creates_a_cart_line() {
    let pool = database().await;
    check(
        "add_to_cart(customer 1, product 8, 2)",
        2,
        add_to_cart(&pool, 1, 8, 2).await,
    );
    check(
        "add_to_cart(1, 8, 2), then the cart lines",
        vec![(1, 8, 2)],
        cart_lines(&pool).await,
    );
}

#[tokio::test]
async fn adding_it_again_raises_the_quantity() {
    let pool = database().await;
    check(
        "add_to_cart(customer 1, product 8, 2)",
        2,
        add_to_cart(&pool, 1, 8, 2).await,
    );
    check(
        "add_to_cart(1, 8, 3) after (1, 8, 2)",
        5,
        add_to_cart(&pool, 1, 8, 3).await,
    );
    check(
        "add_to_cart(1, 8, 2) and (1, 8, 3), then the cart lines",
        vec![(1, 8, 5)],
        cart_lines(&pool).await,
    );
}

#[tokio::test]
async fn each_customer_and_product_has_its_own_line() {
    let pool = database().await;
    check("add_to_cart(1, 8, 1)", 1, add_to_cart(&pool, 1, 8, 1).await);
    check("add_to_cart(1, 9, 1)", 1, add_to_cart(&pool, 1, 9, 1).await);
    check("add_to_cart(2, 8, 4)", 4, add_to_cart(&pool, 2, 8, 4).await);
    check(
        "add_to_cart(1, 8, 1) again",
        2,
        add_to_cart(&pool, 1, 8, 1).await,
    );
    check(
        "the cart lines after those four calls",
        vec![(1, 8, 2), (1, 9, 1), (2, 8, 4)],
        cart_lines(&pool).await,
    );
}

#[tokio::test]
async fn setting_a_quantity_inserts_or_replaces() {
    let pool = database().await;
    check(
        "set_cart_quantity(3, 14, 4)",
        (),
        set_cart_quantity(&pool, 3, 14, 4).await,
    );
    check(
        "set_cart_quantity(3, 14, 4), then the cart lines",
        vec![(3, 14, 4)],
        cart_lines(&pool).await,
    );
    check(
        "set_cart_quantity(3, 14, 1)",
        (),
        set_cart_quantity(&pool, 3, 14, 1).await,
    );
    check(
        "set_cart_quantity(3, 14, 1), then the cart lines",
        vec![(3, 14, 1)],
        cart_lines(&pool).await,
    );
}

#[tokio::test]
async fn a_cart_line_for_an_unknown_product_is_an_error() {
    let pool = database().await;
    let got = add_to_cart(&pool, 1, 999, 1).await;
    if let Ok(quantity) = got {
        panic!(
            "\nsent:     add_to_cart(1, product 999, 1)\nexpected: an error (there is no product 999)\ngot:      Ok({quantity})\n"
        );
    }
    check(
        "add_to_cart(1, 999, 1), then the cart lines",
        vec![],
        cart_lines(&pool).await,
    );
}

#[tokio::test]
async fn subscribing_twice_keeps_the_first_date() {
    let pool = database().await;
    let first = "2024-05-01T08:00:00Z";
    let second = "2024-05-02T09:30:00Z";
    check(
        "subscribe(\"jonas@example.com\", first)",
        true,
        subscribe(&pool, "jonas@example.com", first).await,
    );
    check(
        "subscribe(\"jonas@example.com\", second)",
        false,
        subscribe(&pool, "jonas@example.com", second).await,
    );
    check(
        "subscribe(\"kemal@example.com\", second)",
        true,
        subscribe(&pool, "kemal@example.com", second).await,
    );
    let stored = sqlx::query_scalar(
        "SELECT subscribed_at FROM newsletter WHERE email = 'jonas@example.com'",
    )
    .fetch_one(&pool)
    .await;
    check(
        "subscribed_at of jonas after both subscriptions",
        first.to_string(),
        stored,
    );
}

#[tokio::test]
async fn newer_stock_reports_replace_older_ones() {
    let pool = database().await;
    check(
        "record_stock_level(5, 20, 10:00)",
        true,
        record_stock_level(&pool, 5, 20, "2024-05-01T10:00:00Z").await,
    );
    check(
        "record_stock_level(5, 17, 11:00)",
        true,
        record_stock_level(&pool, 5, 17, "2024-05-01T11:00:00Z").await,
    );
    check(
        "stock level of product 5",
        (17, "2024-05-01T11:00:00Z".to_string()),
        stock_level(&pool, 5).await,
    );
}

#[tokio::test]
async fn late_stock_reports_are_ignored() {
    let pool = database().await;
    check(
        "record_stock_level(5, 17, 11:00)",
        true,
        record_stock_level(&pool, 5, 17, "2024-05-01T11:00:00Z").await,
    );
    check(
        "record_stock_level(5, 20, 10:00), an older report",
        false,
        record_stock_level(&pool, 5, 20, "2024-05-01T10:00:00Z").await,
    );
    check(
        "record_stock_level(5, 99, 11:00), the same time again",
        false,
        record_stock_level(&pool, 5, 99, "2024-05-01T11:00:00Z").await,
    );
    check(
        "stock level of product 5",
        (17, "2024-05-01T11:00:00Z".to_string()),
        stock_level(&pool, 5).await,
    );
}
