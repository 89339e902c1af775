use std::fmt::Debug;

use course_support::shop_database;
use sql_aggregates::{
    CategoryRevenue, CustomerOrders, ProductScore, Spender, StatusCount, big_spenders,
    orders_per_customer, orders_per_status, product_scores, revenue_by_category,
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

fn spender(name: &str, total_cents: i64) -> Spender {
    Spender {
        name: name.into(),
        total_cents,
    }
}

#[tokio::test]
async fn counts_orders_per_status() {
    let pool = shop_database().await;
    let count = |status: &str, orders| StatusCount {
        status: status.into(),
        orders,
    };
    let expected = vec![
        count("cancelled", 2),
        count("paid", 7),
        count("pending", 5),
        count("shipped", 11),
    ];
    check(
        "orders_per_status()",
        expected,
        orders_per_status(&pool).await,
    );
}

#[tokio::test]
async fn counts_zero_orders_for_customers_who_never_ordered() {
    let pool = shop_database().await;
    let customer = |name: &str, orders| CustomerOrders {
        name: name.into(),
        orders,
    };
    let expected = vec![
        customer("Ada Okafor", 5),
        customer("Bruno Keller", 4),
        customer("Chiara Rossi", 3),
        customer("Dmitri Volkov", 3),
        customer("Elin Berg", 2),
        customer("Farah Haddad", 2),
        customer("Goran Petrovic", 2),
        customer("Hana Sato", 2),
        customer("Ines Moreau", 2),
        customer("Jonas Weber", 0),
        customer("Kemal Aydin", 0),
        customer("Lucia Fernandez", 0),
    ];
    check(
        "orders_per_customer()",
        expected,
        orders_per_customer(&pool).await,
    );
}

#[tokio::test]
async fn sums_revenue_per_category_without_cancelled_orders() {
    let pool = shop_database().await;
    let revenue = |category: &str, revenue_cents| CategoryRevenue {
        category: category.into(),
        revenue_cents,
    };
    // Gift cards sold nothing, so they do not appear.
    let expected = vec![
        revenue("Brewing gear", 44300),
        revenue("Coffee", 23110),
        revenue("Mugs", 22300),
        revenue("Tea", 10520),
        revenue("Books", 6600),
    ];
    check(
        "revenue_by_category()",
        expected,
        revenue_by_category(&pool).await,
    );
}

#[tokio::test]
async fn averages_ratings_as_fractions() {
    let pool = shop_database().await;
    let sent = "product_scores(min_reviews: 2)";
    let got = product_scores(&pool, 2).await;
    let expected = [
        ("Ethiopia Guji 250 g", 3, 14.0 / 3.0),
        ("Gooseneck kettle", 2, 4.5),
        ("Stoneware mug 350 ml", 2, 4.5),
        ("Pour-over dripper", 2, 3.5),
    ];
    let matches = |got: &[ProductScore]| {
        got.len() == expected.len()
            && got
                .iter()
                .zip(&expected)
                .all(|(g, (name, reviews, average))| {
                    g.name == *name
                        && g.reviews == *reviews
                        && (g.average_rating - average).abs() < 1e-9
                })
    };
    match got {
        Ok(got) if matches(&got) => {}
        Ok(got) => panic!("\nsent:     {sent}\nexpected: {expected:#?}\ngot:      {got:#?}\n"),
        Err(e) => panic!("\nsent:     {sent}\nexpected: {expected:#?}\ngot:      error {e}\n"),
    }
}

#[tokio::test]
async fn having_filters_whole_groups() {
    let pool = shop_database().await;
    let got = product_scores(&pool, 3).await.map(|scores| {
        scores
            .into_iter()
            .map(|s| (s.name, s.reviews))
            .collect::<Vec<_>>()
    });
    let expected = vec![("Ethiopia Guji 250 g".to_string(), 3)];
    check(
        "product_scores(min_reviews: 3), names and counts",
        expected,
        got,
    );

    check(
        "product_scores(min_reviews: 4)",
        vec![],
        product_scores(&pool, 4).await,
    );
}

#[tokio::test]
async fn finds_big_spenders_with_an_inclusive_threshold() {
    let pool = shop_database().await;
    let expected = vec![
        spender("Ada Okafor", 30640),
        spender("Bruno Keller", 16590),
        spender("Chiara Rossi", 15000),
    ];
    check(
        "big_spenders(15000)",
        expected,
        big_spenders(&pool, 15000).await,
    );
    check(
        "big_spenders(1000000)",
        vec![],
        big_spenders(&pool, 1_000_000).await,
    );
}

#[tokio::test]
async fn cancelled_orders_do_not_count_as_spending() {
    let pool = shop_database().await;
    // Order 5, Dmitri's first kettle, was cancelled; now it is paid after all.
    sqlx::query("UPDATE orders SET status = 'paid' WHERE id = 5")
        .execute(&pool)
        .await
        .expect("the test could not update order 5");
    sqlx::query("UPDATE orders SET status = 'cancelled' WHERE id = 19")
        .execute(&pool)
        .await
        .expect("the test could not update order 19");
    let expected = vec![
        spender("Ada Okafor", 23540),
        spender("Bruno Keller", 16590),
        spender("Chiara Rossi", 15000),
        spender("Dmitri Volkov", 13940),
    ];
    check(
        "(order 5 set to paid, order 19 of Ada cancelled) big_spenders(13900)",
        expected,
        big_spenders(&pool, 13900).await,
    );
}
