use course_support::shop_database;
use sql_keyset_pagination::{Cursor, Page, orders_page};
use sqlx::AnyPool;

/// Every order of `database()`, newest first, as the pages must list them.
/// Order 26 was imported late with an old timestamp, so ids do not follow time.
const ALL: [i64; 27] = [
    25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 26, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    27,
];

/// The shop, plus two orders imported from an old system: their ids are
/// new, their timestamps are not.
async fn database() -> AnyPool {
    let pool = shop_database().await;
    sqlx::raw_sql(
        "INSERT INTO orders (id, customer_id, status, created_at) VALUES
             (26, 10, 'shipped', '2024-03-01T12:00:00Z'),
             (27, 11, 'shipped', '2024-01-15T00:00:00Z')",
    )
    .execute(&pool)
    .await
    .expect("the test could not insert the imported orders");
    pool
}

fn cursor(created_at: &str, id: i64) -> Cursor {
    Cursor {
        created_at: created_at.into(),
        id,
    }
}

/// Fetches one page, failing with a readable report on an error.
async fn page(pool: &AnyPool, after: Option<&Cursor>, limit: i64) -> (String, Page) {
    let sent = format!("orders_page(after: {after:?}, limit: {limit})");
    match orders_page(pool, after, limit).await {
        Ok(page) => (sent, page),
        Err(e) => panic!("\nsent:     {sent}\nexpected: a page\ngot:      error {e}\n"),
    }
}

/// Fails unless the page holds exactly these order ids and this next cursor.
#[track_caller]
fn check(sent: &str, ids: &[i64], next: Option<Cursor>, page: &Page) {
    let got_ids: Vec<i64> = page.orders.iter().map(|o| o.id).collect();
    if got_ids != ids || page.next != next {
        panic!(
            "\nsent:     {sent}\nexpected: orders {ids:?}, next {next:?}\ngot:      orders {got_ids:?}, next {:?}\n",
            page.next
        );
    }
}

/// Follows the cursors from the first page to the last; returns the pages' ids.
async fn walk(pool: &AnyPool, limit: i64) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut after: Option<Cursor> = None;
    loop {
        let (sent, page) = page(pool, after.as_ref(), limit).await;
        pages.push(page.orders.iter().map(|o| o.id).collect());
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
        if pages.len() > ALL.len() + 1 {
            panic!(
                "\nsent:     {sent}\nexpected: the last page within {} pages\ngot:      {pages:?} and still a next cursor\n",
                ALL.len()
            );
        }
    }
}

#[tokio::test]
async fn the_first_page_holds_the_newest_orders() {
    let pool = database().await;
    let (sent, got) = page(&pool, None, 4).await;
    check(
        &sent,
        &[25, 24, 23, 22],
        Some(cursor("2024-04-01T09:00:00Z", 22)),
        &got,
    );
    let first = &got.orders[0];
    if (first.customer_id, first.created_at.as_str()) != (1, "2024-04-05T16:50:00Z") {
        panic!(
            "\nsent:     {sent}\nexpected: order 25 of customer 1 at 2024-04-05T16:50:00Z\ngot:      {first:?}\n"
        );
    }
}

#[tokio::test]
async fn the_next_page_starts_after_the_cursor() {
    let pool = database().await;
    let after = cursor("2024-04-01T09:00:00Z", 22);
    let (sent, got) = page(&pool, Some(&after), 4).await;
    check(
        &sent,
        &[21, 20, 19, 18],
        Some(cursor("2024-03-20T08:45:00Z", 18)),
        &got,
    );
}

#[tokio::test]
async fn orders_of_the_same_instant_are_split_by_id() {
    let pool = database().await;
    // Orders 26, 10 and 9 share 2024-03-01T12:00:00Z.
    let after = cursor("2024-03-03T09:00:00Z", 11);
    let (sent, got) = page(&pool, Some(&after), 1).await;
    check(&sent, &[26], Some(cursor("2024-03-01T12:00:00Z", 26)), &got);

    let after = cursor("2024-03-01T12:00:00Z", 26);
    let (sent, got) = page(&pool, Some(&after), 2).await;
    check(
        &sent,
        &[10, 9],
        Some(cursor("2024-03-01T12:00:00Z", 9)),
        &got,
    );

    let after = cursor("2024-03-01T12:00:00Z", 9);
    let (sent, got) = page(&pool, Some(&after), 2).await;
    check(
        &sent,
        &[8, 7],
        Some(cursor("2024-02-20T16:45:00Z", 7)),
        &got,
    );
}

#[tokio::test]
async fn walking_all_pages_visits_every_order_once() {
    let pool = database().await;
    let pages = walk(&pool, 4).await;
    let visited: Vec<i64> = pages.concat();
    if visited != ALL || pages.len() != 7 {
        panic!(
            "\nsent:     orders_page with limit 4, following each next cursor\nexpected: 7 pages, in all {ALL:?}\ngot:      {} pages: {pages:?}\n",
            pages.len()
        );
    }
}

#[tokio::test]
async fn a_full_last_page_has_no_next_cursor() {
    let pool = database().await;
    // 27 orders make exactly 9 full pages of 3.
    let pages = walk(&pool, 3).await;
    let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
    if sizes != [3; 9] {
        panic!(
            "\nsent:     orders_page with limit 3, following each next cursor\nexpected: 9 pages of 3 orders, and no cursor on the ninth\ngot:      {pages:?}\n"
        );
    }
}

#[tokio::test]
async fn a_new_order_does_not_shift_the_following_pages() {
    let pool = database().await;
    let (sent, first) = page(&pool, None, 5).await;
    check(
        &sent,
        &[25, 24, 23, 22, 21],
        Some(cursor("2024-03-28T09:40:00Z", 21)),
        &first,
    );
    sqlx::query("INSERT INTO orders (id, customer_id, status, created_at) VALUES (28, 12, 'pending', '2024-06-01T10:00:00Z')")
        .execute(&pool)
        .await
        .expect("the test could not insert order 28");
    let (sent, second) = page(&pool, first.next.as_ref(), 5).await;
    check(
        &format!("(order 28 arrived) {sent}"),
        &[20, 19, 18, 17, 16],
        Some(cursor("2024-03-15T10:30:00Z", 16)),
        &second,
    );
}

#[tokio::test]
async fn a_cursor_past_the_oldest_order_gives_an_empty_page() {
    let pool = database().await;
    let after = cursor("2024-01-15T00:00:00Z", 27);
    let (sent, got) = page(&pool, Some(&after), 5).await;
    check(&sent, &[], None, &got);
}

#[tokio::test]
async fn a_limit_beyond_the_table_gives_everything_and_no_cursor() {
    let pool = database().await;
    let (sent, got) = page(&pool, None, 100).await;
    check(&sent, &ALL, None, &got);
}
