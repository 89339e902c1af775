use std::fmt::Debug;

use course_support::shop_database;
use sql_joins::{
    CityOrder, OrderLine, ProductRating, customers_without_orders, order_lines, orders_from_city,
    product_ratings, products_never_ordered,
};

/// Fails with a readable report unless the call returned `Ok(expected)`.
#[track_caller]
fn check<T: PartialEq + Debug>(sent: &str, expected: T, got: Result<T, sqlx::Error>) {
    match got {
        Ok(got) if got == expected => {}
        Ok(got) => panic!("\nsent:     {sent}\nexpected: {expected:#?}\ngot:      {got:#?}\n"),
        Err(e) => panic!("\nsent:     {sent}\nexpected: {expected:#?}\ngot:      error {e}\n"),
    }
}

fn line(product_name: &str, quantity: i64, unit_price_cents: i64) -> OrderLine {
    OrderLine {
        product_name: product_name.into(),
        quantity,
        unit_price_cents,
    }
}

fn rating(product_name: &str, rating: Option<i64>) -> ProductRating {
    ProductRating {
        product_name: product_name.into(),
        rating,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn order_lines_name_the_products() {
    let pool = shop_database().await;
    let expected = vec![
        line("Ethiopia Guji 250 g", 2, 1450),
        line("Paper filters (100)", 1, 600),
        line("Pour-over dripper", 1, 2400),
    ];
    check("order_lines(1)", expected, order_lines(&pool, 1).await);
}

#[tokio::test]
async fn an_unknown_order_has_no_lines() {
    let pool = shop_database().await;
    check("order_lines(999)", vec![], order_lines(&pool, 999).await);
}

#[tokio::test]
async fn orders_from_a_city_name_their_customers() {
    let pool = shop_database().await;
    let order = |order_id, customer_name: &str| CityOrder {
        order_id,
        customer_name: customer_name.into(),
    };
    let expected = vec![
        order(8, "Farah Haddad"),
        order(13, "Ines Moreau"),
        order(16, "Farah Haddad"),
        order(21, "Ines Moreau"),
    ];
    check(
        "orders_from_city(\"Lyon\")",
        expected,
        orders_from_city(&pool, "Lyon").await,
    );
    // Two customers live in Berlin, and neither has ordered yet.
    check(
        "orders_from_city(\"Berlin\")",
        vec![],
        orders_from_city(&pool, "Berlin").await,
    );
}

#[tokio::test]
async fn product_ratings_keep_products_nobody_reviewed() {
    let pool = shop_database().await;
    let expected = vec![
        rating("Pour-over dripper", Some(4)),
        rating("Pour-over dripper", Some(3)),
        rating("Gooseneck kettle", Some(5)),
        rating("Gooseneck kettle", Some(4)),
        rating("Hand grinder", Some(2)),
        rating("Brew scale", Some(5)),
        rating("Paper filters (100)", None),
        rating("French press 0.8 l", Some(3)),
    ];
    check(
        "product_ratings(3)  (Brewing gear)",
        expected,
        product_ratings(&pool, 3).await,
    );
}

#[tokio::test]
async fn product_ratings_of_an_empty_category_are_empty() {
    let pool = shop_database().await;
    check(
        "product_ratings(6)  (Gift cards, no products)",
        vec![],
        product_ratings(&pool, 6).await,
    );
}

#[tokio::test]
async fn finds_customers_without_orders() {
    let pool = shop_database().await;
    let expected = strings(&[
        "jonas@example.com",
        "kemal@example.com",
        "lucia@example.com",
    ]);
    check(
        "customers_without_orders()",
        expected,
        customers_without_orders(&pool).await,
    );
}

#[tokio::test]
async fn a_first_order_takes_a_customer_off_the_list() {
    let pool = shop_database().await;
    sqlx::query("INSERT INTO orders (id, customer_id, status, created_at) VALUES (26, 11, 'pending', '2024-04-06T10:00:00Z')")
        .execute(&pool)
        .await
        .expect("the test could not insert an order for customer 11");
    let expected = strings(&["jonas@example.com", "lucia@example.com"]);
    check(
        "(after customer 11, kemal, placed order 26) customers_without_orders()",
        expected,
        customers_without_orders(&pool).await,
    );
}

#[tokio::test]
async fn finds_products_never_ordered() {
    let pool = shop_database().await;
    let expected = strings(&["COF-DEC-250", "MUG-ESP-2", "BOK-TEA-01"]);
    check(
        "products_never_ordered()",
        expected,
        products_never_ordered(&pool).await,
    );
}
