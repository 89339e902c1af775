use std::fmt::Debug;

use course_support::shop_database;
use sql_crud::{
    Product, delete_product, find_product, insert_product, products_in_category, update_price,
};

/// Fails with a readable report if `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + Debug>(sent: &str, expected: T, got: T) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Unwraps a database result, or fails saying which call returned the error.
#[track_caller]
fn ok<T>(sent: &str, result: Result<T, sqlx::Error>) -> T {
    result
        .unwrap_or_else(|e| panic!("\nsent:     {sent}\nexpected: success\ngot:      error {e}\n"))
}

fn product(id: i64, sku: &str, name: &str, category_id: i64, price: i64, stock: i64) -> Product {
    Product {
        id,
        sku: sku.to_string(),
        name: name.to_string(),
        category_id,
        price_cents: price,
        stock,
    }
}

fn kettle() -> Product {
    product(9, "GEA-KET-GOO", "Gooseneck kettle", 3, 5900, 8)
}

fn cold_brew_jar() -> Product {
    product(21, "GEA-CBJ-1L", "Cold brew jar 1 l", 3, 2750, 14)
}

#[tokio::test]
async fn finds_a_seeded_product_by_id() {
    let pool = shop_database().await;
    let sent = "find_product(9)";
    check(sent, Some(kettle()), ok(sent, find_product(&pool, 9).await));
}

#[tokio::test]
async fn finds_nothing_for_an_unknown_id() {
    let pool = shop_database().await;
    let sent = "find_product(999)";
    check(sent, None, ok(sent, find_product(&pool, 999).await));
}

#[tokio::test]
async fn lists_the_products_of_a_category_in_id_order() {
    let pool = shop_database().await;
    let sent = "products_in_category(2)  (category 2 is Tea)";
    let expected = vec![
        product(5, "TEA-SEN-100", "Sencha 100 g", 2, 990, 25),
        product(6, "TEA-ASS-200", "Assam Breakfast 200 g", 2, 850, 30),
        product(7, "TEA-ROO-100", "Rooibos Vanilla 100 g", 2, 790, 18),
    ];
    check(
        sent,
        expected,
        ok(sent, products_in_category(&pool, 2).await),
    );

    let sent = "products_in_category(6)  (category 6, Gift cards, has no products)";
    check(sent, vec![], ok(sent, products_in_category(&pool, 6).await));
}

#[tokio::test]
async fn an_inserted_product_can_be_found_again() {
    let pool = shop_database().await;
    let new = cold_brew_jar();
    ok("insert_product(id 21)", insert_product(&pool, &new).await);
    let sent = "insert_product(id 21), then find_product(21)";
    check(sent, Some(new), ok(sent, find_product(&pool, 21).await));
}

#[tokio::test]
async fn text_with_quotes_survives_the_round_trip() {
    let pool = shop_database().await;
    let new = product(
        22,
        "BOK-CAF-01",
        "Ada's \"Café\" notes; 100% honest -- vol. 2",
        5,
        2100,
        3,
    );
    ok("insert_product(id 22)", insert_product(&pool, &new).await);
    let sent = "insert_product(id 22, a name with quotes), then find_product(22)";
    check(sent, Some(new), ok(sent, find_product(&pool, 22).await));
}

#[tokio::test]
async fn updates_the_price_of_one_product_only() {
    let pool = shop_database().await;
    let sent = "update_price(12, 650)";
    check(sent, true, ok(sent, update_price(&pool, 12, 650).await));

    let sent = "update_price(12, 650), then find_product(12)";
    let filters = product(12, "GEA-FIL-100", "Paper filters (100)", 3, 650, 120);
    check(sent, Some(filters), ok(sent, find_product(&pool, 12).await));

    let sent = "update_price(12, 650), then find_product(9)";
    check(sent, Some(kettle()), ok(sent, find_product(&pool, 9).await));
}

#[tokio::test]
async fn updating_an_unknown_product_reports_false() {
    let pool = shop_database().await;
    let sent = "update_price(999, 100)";
    check(sent, false, ok(sent, update_price(&pool, 999, 100).await));
}

#[tokio::test]
async fn deletes_a_product_once() {
    let pool = shop_database().await;
    // Product 4 (decaf) has never been ordered or reviewed, so nothing refers to it.
    let sent = "delete_product(4)";
    check(sent, true, ok(sent, delete_product(&pool, 4).await));

    let sent = "delete_product(4), then find_product(4)";
    check(sent, None, ok(sent, find_product(&pool, 4).await));

    let sent = "delete_product(4) a second time";
    check(sent, false, ok(sent, delete_product(&pool, 4).await));

    let sent = "delete_product(4), then products_in_category(1): ids";
    let ids: Vec<i64> = ok(sent, products_in_category(&pool, 1).await)
        .iter()
        .map(|p| p.id)
        .collect();
    check(sent, vec![1, 2, 3], ids);
}
