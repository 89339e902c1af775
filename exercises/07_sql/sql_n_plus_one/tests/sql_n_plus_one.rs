use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use course_support::shop_database;
use sql_n_plus_one::{Item, OrderWithItems, orders_with_items};
use sqlx::AnyPool;
use tokio::sync::{Mutex, MutexGuard};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Statements sqlx has run in this test process, counted from its logs.
static QUERIES: AtomicUsize = AtomicUsize::new(0);

/// The count is for the whole process, so the tests take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

struct CountQueries;

impl<S: Subscriber> Layer<S> for CountQueries {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            QUERIES.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// Starts counting, and waits for this test's turn.
async fn start() -> MutexGuard<'static, ()> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(CountQueries))
            .expect("the test could not install its query counter");
    });
    ONE_AT_A_TIME.lock().await
}

/// Calls `orders_with_items` and returns its result with the number of
/// statements it ran.
async fn counted(pool: &AnyPool, status: &str) -> (Vec<OrderWithItems>, usize) {
    let before = QUERIES.load(Ordering::SeqCst);
    let orders = orders_with_items(pool, status).await.unwrap_or_else(|e| {
        panic!(
            "\nsent:     orders_with_items({status:?})\nexpected: the orders\ngot:      error {e}\n"
        )
    });
    (orders, QUERIES.load(Ordering::SeqCst) - before)
}

fn item(product_id: i64, quantity: i64, unit_price_cents: i64) -> Item {
    Item {
        product_id,
        quantity,
        unit_price_cents,
    }
}

fn order(id: i64, customer_id: i64, created_at: &str, items: Vec<Item>) -> OrderWithItems {
    OrderWithItems {
        id,
        customer_id,
        created_at: created_at.into(),
        items,
    }
}

#[track_caller]
fn check_orders(sent: &str, expected: &[OrderWithItems], got: &[OrderWithItems]) {
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected:#?}\ngot:      {got:#?}\n");
    }
}

#[track_caller]
fn check_queries(sent: &str, orders: usize, queries: usize) {
    if queries > 2 {
        panic!(
            "\nsent:     {sent}\nexpected: at most 2 queries\ngot:      {queries} queries for {orders} orders\n"
        );
    }
}

#[tokio::test]
async fn loads_each_order_with_its_items() {
    let _turn = start().await;
    let pool = shop_database().await;
    let (got, _) = counted(&pool, "pending").await;
    let expected = [
        order(11, 8, "2024-03-03T09:00:00Z", vec![item(7, 3, 790)]),
        order(
            18,
            7,
            "2024-03-20T08:45:00Z",
            vec![item(8, 1, 2400), item(12, 2, 600)],
        ),
        order(
            21,
            9,
            "2024-03-28T09:40:00Z",
            vec![item(16, 1, 2600), item(20, 1, 1900)],
        ),
        order(24, 4, "2024-04-03T14:15:00Z", vec![item(2, 1, 1290)]),
        order(
            25,
            1,
            "2024-04-05T16:50:00Z",
            vec![item(8, 1, 2400), item(9, 1, 5900), item(12, 1, 600)],
        ),
    ];
    check_orders("orders_with_items(\"pending\")", &expected, &got);
}

#[tokio::test]
async fn an_order_without_items_comes_with_an_empty_list() {
    let _turn = start().await;
    let pool = shop_database().await;
    sqlx::query("UPDATE orders SET status = 'paid' WHERE id = 4")
        .execute(&pool)
        .await
        .expect("the test could not update order 4");
    sqlx::query(
        "INSERT INTO orders (id, customer_id, status, created_at) \
         VALUES (26, 12, 'cancelled', '2024-04-06T08:00:00Z')",
    )
    .execute(&pool)
    .await
    .expect("the test could not insert order 26");
    let (got, _) = counted(&pool, "cancelled").await;
    let expected = [
        order(5, 4, "2024-02-12T19:30:00Z", vec![item(9, 1, 5900)]),
        order(15, 5, "2024-03-12T15:00:00Z", vec![item(10, 1, 7900)]),
        order(26, 12, "2024-04-06T08:00:00Z", vec![]),
    ];
    check_orders(
        "(order 26 has no items) orders_with_items(\"cancelled\")",
        &expected,
        &got,
    );
}

#[tokio::test]
async fn an_unknown_status_gives_no_orders() {
    let _turn = start().await;
    let pool = shop_database().await;
    let (got, _) = counted(&pool, "lost").await;
    check_orders("orders_with_items(\"lost\")", &[], &got);
}

#[tokio::test]
async fn loads_eleven_orders_in_at_most_two_queries() {
    let _turn = start().await;
    let pool = shop_database().await;
    let (orders, queries) = counted(&pool, "shipped").await;
    check_queries("orders_with_items(\"shipped\")", orders.len(), queries);
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    if ids != [1, 2, 3, 6, 7, 9, 12, 13, 16, 19, 23] {
        panic!(
            "\nsent:     orders_with_items(\"shipped\")\nexpected: orders [1, 2, 3, 6, 7, 9, 12, 13, 16, 19, 23]\ngot:      orders {ids:?}\n"
        );
    }
}

#[tokio::test]
async fn the_number_of_queries_does_not_grow_with_the_orders() {
    let _turn = start().await;
    let pool = shop_database().await;
    // Forty more paid orders, each with two items.
    for id in 100..140 {
        let insert = format!(
            "INSERT INTO orders (id, customer_id, status, created_at) \
             VALUES ({id}, {customer}, 'paid', '2024-05-01T10:00:00Z');
             INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) \
             VALUES ({id}, 1, 1, 1450), ({id}, 12, 3, 600)",
            customer = id % 12 + 1
        );
        sqlx::raw_sql(&insert)
            .execute(&pool)
            .await
            .expect("the test could not insert its orders");
    }
    let (orders, queries) = counted(&pool, "paid").await;
    check_queries(
        "(47 paid orders) orders_with_items(\"paid\")",
        orders.len(),
        queries,
    );
    let items: usize = orders.iter().map(|o| o.items.len()).sum();
    if orders.len() != 47 || items != 90 {
        panic!(
            "\nsent:     orders_with_items(\"paid\")\nexpected: 47 orders with 90 items in all\ngot:      {} orders with {items} items\n",
            orders.len()
        );
    }
}

/// A check of the counter itself: one statement counts as one query.
#[tokio::test]
async fn the_counter_counts_each_statement_once() {
    let _turn = start().await;
    let pool = shop_database().await;
    let before = QUERIES.load(Ordering::SeqCst);
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&pool)
        .await
        .expect("the test could not count the orders");
    let counted = QUERIES.load(Ordering::SeqCst) - before;
    if counted != 1 {
        panic!(
            "\nsent:     SELECT COUNT(*) FROM orders\nexpected: the counter to see 1 query\ngot:      {counted}\n"
        );
    }
}
