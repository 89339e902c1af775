use course_support::shop_database;
use sql_filter_sort::{Page, ProductFilter, SortBy, search_products};
use sqlx::AnyPool;

/// Runs the search and fails with a readable report unless the ids of the
/// products that come back, in order, are `expected`.
#[track_caller]
fn check(
    sent: String,
    expected: &[i64],
    got: Result<Vec<sql_filter_sort::ProductSummary>, sqlx::Error>,
) {
    let got = match got {
        Ok(products) => products.iter().map(|p| p.id).collect::<Vec<_>>(),
        Err(e) => panic!("\nsent:     {sent}\nexpected: ids {expected:?}\ngot:      error {e}\n"),
    };
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: ids {expected:?}\ngot:      ids {got:?}\n");
    }
}

async fn search(
    pool: &AnyPool,
    filter: ProductFilter,
    sort: SortBy,
    limit: i64,
    offset: i64,
) -> (
    String,
    Result<Vec<sql_filter_sort::ProductSummary>, sqlx::Error>,
) {
    let page = Page { limit, offset };
    let sent = format!("search_products({filter:?}, {sort:?}, {page:?})");
    let got = search_products(pool, &filter, sort, page).await;
    (sent, got)
}

fn all() -> ProductFilter {
    ProductFilter::default()
}

#[tokio::test]
async fn without_filters_lists_the_cheapest_first() {
    let pool = shop_database().await;
    let (sent, got) = search(&pool, all(), SortBy::PriceAsc, 5, 0).await;
    check(sent, &[12, 7, 6, 5, 2], got);
}

#[tokio::test]
async fn filters_by_category() {
    let pool = shop_database().await;
    let filter = ProductFilter {
        category_id: Some(3),
        ..all()
    };
    let (sent, got) = search(&pool, filter, SortBy::PriceAsc, 50, 0).await;
    check(sent, &[12, 8, 11, 13, 9, 10], got);
}

#[tokio::test]
async fn price_range_includes_both_ends() {
    let pool = shop_database().await;
    let filter = ProductFilter {
        min_price_cents: Some(1450),
        max_price_cents: Some(2400),
        ..all()
    };
    let (sent, got) = search(&pool, filter, SortBy::PriceAsc, 50, 0).await;
    check(sent, &[1, 15, 14, 20, 17, 8], got);

    let filter = ProductFilter {
        min_price_cents: Some(5000),
        ..all()
    };
    let (sent, got) = search(&pool, filter, SortBy::PriceDesc, 50, 0).await;
    check(sent, &[10, 9], got);
}

#[tokio::test]
async fn name_search_ignores_case() {
    let pool = shop_database().await;
    let filter = ProductFilter {
        name_contains: Some("MUG".into()),
        ..all()
    };
    let (sent, got) = search(&pool, filter, SortBy::NameAsc, 50, 0).await;
    check(sent, &[14, 16], got);

    let filter = ProductFilter {
        name_contains: Some("250 G".into()),
        ..all()
    };
    let (sent, got) = search(&pool, filter, SortBy::NameAsc, 50, 0).await;
    check(sent, &[2, 4, 1], got);
}

#[tokio::test]
async fn in_stock_only_skips_sold_out_products() {
    let pool = shop_database().await;
    let coffee = ProductFilter {
        category_id: Some(1),
        in_stock_only: true,
        ..all()
    };
    let (sent, got) = search(&pool, coffee, SortBy::PriceAsc, 50, 0).await;
    check(sent, &[2, 1, 3], got);

    let mugs = ProductFilter {
        category_id: Some(4),
        in_stock_only: true,
        ..all()
    };
    let (sent, got) = search(&pool, mugs, SortBy::PriceDesc, 50, 0).await;
    check(sent, &[16, 14, 15], got);
}

#[tokio::test]
async fn combines_every_filter_that_is_set() {
    let pool = shop_database().await;
    let filter = ProductFilter {
        category_id: Some(3),
        min_price_cents: Some(1000),
        max_price_cents: Some(6000),
        name_contains: Some("re".into()),
        in_stock_only: true,
    };
    let (sent, got) = search(&pool, filter, SortBy::PriceDesc, 50, 0).await;
    check(sent, &[13, 11], got);
}

#[tokio::test]
async fn ties_are_broken_by_ascending_id() {
    let pool = shop_database().await;
    // Product 21 costs exactly what product 1 costs.
    sqlx::query(
        "INSERT INTO products (id, sku, name, category_id, price_cents, stock) \
         VALUES (21, 'COF-KEN-250', 'Kenya Nyeri 250 g', 1, 1450, 9)",
    )
    .execute(&pool)
    .await
    .expect("the test could not insert product 21");
    let filter = ProductFilter {
        min_price_cents: Some(1450),
        max_price_cents: Some(1450),
        ..all()
    };
    for sort in [SortBy::PriceAsc, SortBy::PriceDesc] {
        let (sent, got) = search(&pool, filter.clone(), sort, 50, 0).await;
        check(
            format!("(after adding product 21 at 1450) {sent}"),
            &[1, 21],
            got,
        );
    }
}

#[tokio::test]
async fn pages_with_limit_and_offset() {
    let pool = shop_database().await;
    let (sent, got) = search(&pool, all(), SortBy::PriceAsc, 5, 5).await;
    check(sent, &[4, 1, 15, 14, 20], got);

    let (sent, got) = search(&pool, all(), SortBy::PriceAsc, 5, 18).await;
    check(sent, &[9, 10], got);

    let (sent, got) = search(&pool, all(), SortBy::PriceAsc, 5, 20).await;
    check(sent, &[], got);
}

#[tokio::test]
async fn hostile_search_text_is_only_text() {
    let pool = shop_database().await;
    for text in [
        "' OR '1'='1",
        "%' OR 1=1 --",
        "x'); DROP TABLE products; --",
    ] {
        let filter = ProductFilter {
            name_contains: Some(text.into()),
            ..all()
        };
        let (sent, got) = search(&pool, filter, SortBy::NameAsc, 50, 0).await;
        check(sent, &[], got);
    }
    let (sent, got) = search(&pool, all(), SortBy::PriceAsc, 50, 0).await;
    let all_ids = [
        12, 7, 6, 5, 2, 4, 1, 15, 14, 20, 17, 8, 19, 16, 18, 11, 13, 3, 9, 10,
    ];
    check(
        format!("(after the hostile searches) {sent}"),
        &all_ids,
        got,
    );
}
