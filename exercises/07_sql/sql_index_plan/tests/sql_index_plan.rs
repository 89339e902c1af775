use course_support::shop_database;
use sql_index_plan::{CUSTOMER_ORDERS, CUSTOMER_REVIEWS, create_indexes, explain};
use sqlx::AnyPool;

async fn plan_of(pool: &AnyPool, query: &str) -> String {
    explain(pool, query).await.unwrap_or_else(|e| {
        panic!("\nsent:     explain({query:?})\nexpected: the plan\ngot:      error {e}\n")
    })
}

async fn indexed_database() -> AnyPool {
    let pool = shop_database().await;
    if let Err(e) = create_indexes(&pool).await {
        panic!(
            "\nsent:     create_indexes()  (runs INDEX_SQL)\nexpected: the indexes to be created\ngot:      error {e}\n"
        );
    }
    pool
}

/// Whether a plan reads every row: `SCAN` on SQLite, `Seq Scan` or a scan
/// with a `Filter:` on PostgreSQL.
fn reads_every_row(plan: &str) -> bool {
    plan.contains("SCAN ") || plan.contains("Seq Scan") || plan.contains("Filter:")
}

/// Whether a plan sorts the rows itself instead of reading them in order.
fn sorts(plan: &str) -> bool {
    plan.contains("TEMP B-TREE") || plan.contains("Sort")
}

/// Fails with the plan in the report unless `ok` holds.
#[track_caller]
fn check_plan(query: &str, expected: &str, plan: &str, ok: bool) {
    if !ok {
        panic!(
            "\nsent:     explain({query:?})\nexpected: a plan that {expected}\ngot:      {plan}\n"
        );
    }
}

#[tokio::test]
async fn explains_a_primary_key_lookup() {
    let pool = shop_database().await;
    let query = "SELECT * FROM orders WHERE id = 3";
    let plan = plan_of(&pool, query).await;
    check_plan(
        query,
        "names the table orders",
        &plan,
        plan.contains("orders"),
    );
    check_plan(
        query,
        "uses the primary key's index, not a full scan",
        &plan,
        !reads_every_row(&plan),
    );
}

#[tokio::test]
async fn without_an_index_a_customers_orders_take_a_full_scan() {
    let pool = shop_database().await;
    let plan = plan_of(&pool, CUSTOMER_ORDERS).await;
    check_plan(
        CUSTOMER_ORDERS,
        "reads every row (there is no index yet)",
        &plan,
        reads_every_row(&plan),
    );
}

#[tokio::test]
async fn creating_the_indexes_twice_is_harmless() {
    let pool = indexed_database().await;
    if let Err(e) = create_indexes(&pool).await {
        panic!(
            "\nsent:     create_indexes() a second time\nexpected: success\ngot:      error {e}\n"
        );
    }
}

#[tokio::test]
async fn a_customers_orders_are_found_through_the_index() {
    let pool = indexed_database().await;
    let plan = plan_of(&pool, CUSTOMER_ORDERS).await;
    check_plan(
        CUSTOMER_ORDERS,
        "uses the index orders_by_customer",
        &plan,
        plan.contains("orders_by_customer"),
    );
    check_plan(
        CUSTOMER_ORDERS,
        "does not read every row",
        &plan,
        !reads_every_row(&plan),
    );
}

#[tokio::test]
async fn the_index_also_delivers_the_order() {
    let pool = indexed_database().await;
    let plan = plan_of(&pool, CUSTOMER_ORDERS).await;
    check_plan(
        CUSTOMER_ORDERS,
        "reads the rows in order from the index, with no sort step",
        &plan,
        !sorts(&plan),
    );
}

#[tokio::test]
async fn a_customers_reviews_are_found_through_their_own_index() {
    let pool = indexed_database().await;
    let plan = plan_of(&pool, CUSTOMER_REVIEWS).await;
    check_plan(
        CUSTOMER_REVIEWS,
        "uses the index reviews_by_customer",
        &plan,
        plan.contains("reviews_by_customer"),
    );
    check_plan(
        CUSTOMER_REVIEWS,
        "does not read every row",
        &plan,
        !reads_every_row(&plan),
    );
}

#[tokio::test]
async fn the_indexes_do_not_change_the_results() {
    let pool = indexed_database().await;
    let got: Result<Vec<i64>, _> =
        sqlx::query_scalar(&CUSTOMER_ORDERS.replace("id, created_at", "id"))
            .fetch_all(&pool)
            .await;
    let expected = vec![25, 19, 10, 3, 1];
    match got {
        Ok(ids) if ids == expected => {}
        got => panic!(
            "\nsent:     {CUSTOMER_ORDERS}  (after create_indexes)\nexpected: ids {expected:?}\ngot:      {got:?}\n"
        ),
    }
}
