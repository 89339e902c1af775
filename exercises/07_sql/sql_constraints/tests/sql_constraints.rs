use course_support::shop_database;
use sql_constraints::create_coupon_tables;
use sqlx::AnyPool;
use sqlx::error::ErrorKind;

/// The shop's database with the coupon tables and one good coupon, SPRING10.
async fn coupon_database() -> AnyPool {
    let pool = shop_database().await;
    if let Err(e) = create_coupon_tables(&pool).await {
        panic!(
            "\nsent:     COUPON_SCHEMA\nexpected: the tables to be created\ngot:      error {e}\n"
        );
    }
    accepted(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('SPRING10', 10, 100)",
    )
    .await;
    pool
}

/// Runs `sql` and fails unless the database accepts it.
async fn accepted(pool: &AnyPool, sql: &str) {
    if let Err(e) = sqlx::query(sql).execute(pool).await {
        panic!("\nsent:     {sql}\nexpected: the database accepts it\ngot:      error {e}\n");
    }
}

/// Runs `sql` and fails unless the database refuses it with a violation of
/// the `expected` kind.
async fn refused(pool: &AnyPool, sql: &str, expected: ErrorKind) {
    match sqlx::query(sql).execute(pool).await {
        Ok(_) => panic!(
            "\nsent:     {sql}\nexpected: the database refuses it ({expected:?})\ngot:      it was accepted\n"
        ),
        Err(sqlx::Error::Database(e)) if e.kind() == expected => {}
        Err(sqlx::Error::Database(e)) => panic!(
            "\nsent:     {sql}\nexpected: the database refuses it ({expected:?})\ngot:      {:?}: {e}\n",
            e.kind()
        ),
        Err(e) => panic!(
            "\nsent:     {sql}\nexpected: the database refuses it ({expected:?})\ngot:      error {e}\n"
        ),
    }
}

#[tokio::test]
async fn accepts_good_coupons_and_redemptions() {
    let pool = coupon_database().await;
    accepted(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('WELCOME', 100, 1)",
    )
    .await;
    accepted(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('BREW1', 1, 5000)",
    )
    .await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 25)",
    )
    .await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 4, 24)",
    )
    .await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('WELCOME', 1, 19)",
    )
    .await;
}

#[tokio::test]
async fn refuses_missing_values() {
    let pool = coupon_database().await;
    for sql in [
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES (NULL, 10, 5)",
        "INSERT INTO coupons (code, max_uses) VALUES ('NOPCT', 5)",
        "INSERT INTO coupons (code, percent_off) VALUES ('NOUSES', 10)",
        "INSERT INTO redemptions (customer_id, order_id) VALUES (1, 25)",
        "INSERT INTO redemptions (coupon_code, order_id) VALUES ('SPRING10', 25)",
        "INSERT INTO redemptions (coupon_code, customer_id) VALUES ('SPRING10', 1)",
    ] {
        refused(&pool, sql, ErrorKind::NotNullViolation).await;
    }
}

#[tokio::test]
async fn refuses_a_duplicate_code() {
    let pool = coupon_database().await;
    refused(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('SPRING10', 50, 1)",
        ErrorKind::UniqueViolation,
    )
    .await;
}

#[tokio::test]
async fn refuses_codes_of_the_wrong_length() {
    let pool = coupon_database().await;
    for code in ["", "ABC", "THISCODEISFARTOOLONG1"] {
        let sql =
            format!("INSERT INTO coupons (code, percent_off, max_uses) VALUES ('{code}', 10, 5)");
        refused(&pool, &sql, ErrorKind::CheckViolation).await;
    }
    accepted(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('THISCODEISFARTOOLONG', 10, 5)",
    )
    .await;
}

#[tokio::test]
async fn refuses_percent_off_outside_1_to_100() {
    let pool = coupon_database().await;
    for percent in [0, 101, -5] {
        let sql = format!(
            "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('PCT{percent}X', {percent}, 5)"
        );
        refused(&pool, &sql, ErrorKind::CheckViolation).await;
    }
}

#[tokio::test]
async fn refuses_max_uses_below_1() {
    let pool = coupon_database().await;
    for uses in [0, -1] {
        let sql = format!(
            "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('USES{uses}X', 10, {uses})"
        );
        refused(&pool, &sql, ErrorKind::CheckViolation).await;
    }
}

#[tokio::test]
async fn refuses_redemptions_that_point_nowhere() {
    let pool = coupon_database().await;
    for sql in [
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('NOSUCHCODE', 1, 25)",
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 999, 25)",
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 999)",
    ] {
        refused(&pool, sql, ErrorKind::ForeignKeyViolation).await;
    }
}

#[tokio::test]
async fn refuses_a_second_redemption_by_the_same_customer() {
    let pool = coupon_database().await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 25)",
    )
    .await;
    refused(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 19)",
        ErrorKind::UniqueViolation,
    )
    .await;
}

#[tokio::test]
async fn refuses_a_second_coupon_on_the_same_order() {
    let pool = coupon_database().await;
    accepted(
        &pool,
        "INSERT INTO coupons (code, percent_off, max_uses) VALUES ('WELCOME', 15, 1)",
    )
    .await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 25)",
    )
    .await;
    refused(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('WELCOME', 1, 25)",
        ErrorKind::UniqueViolation,
    )
    .await;
}

#[tokio::test]
async fn refuses_to_delete_a_redeemed_coupon() {
    let pool = coupon_database().await;
    accepted(
        &pool,
        "INSERT INTO redemptions (coupon_code, customer_id, order_id) VALUES ('SPRING10', 1, 25)",
    )
    .await;
    refused(
        &pool,
        "DELETE FROM coupons WHERE code = 'SPRING10'",
        ErrorKind::ForeignKeyViolation,
    )
    .await;
}
