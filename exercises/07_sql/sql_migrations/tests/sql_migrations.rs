use std::fmt::Debug;

use course_support::fresh_database;
use sql_migrations::{Migration, MigrationError, applied_versions, migrate};
use sqlx::AnyPool;

const SUPPLIERS: Migration = Migration {
    version: 1,
    name: "create suppliers",
    sql: "CREATE TABLE suppliers (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
};

const DELIVERIES: Migration = Migration {
    version: 2,
    name: "create deliveries",
    sql: "CREATE TABLE deliveries (
              id BIGINT PRIMARY KEY,
              supplier_id BIGINT NOT NULL REFERENCES suppliers (id),
              received_on TEXT NOT NULL
          );
          CREATE INDEX deliveries_by_supplier ON deliveries (supplier_id)",
};

const SUPPLIER_EMAIL: Migration = Migration {
    version: 3,
    name: "add supplier email",
    sql: "ALTER TABLE suppliers ADD COLUMN email TEXT NOT NULL DEFAULT ''",
};

/// Its first statement works, its second does not: there is no such table.
const BROKEN_INVOICES: Migration = Migration {
    version: 4,
    name: "create invoices (broken)",
    sql: "CREATE TABLE invoices (id BIGINT PRIMARY KEY, total_cents BIGINT NOT NULL);
          INSERT INTO invoice_lines (invoice_id) VALUES (1)",
};

const FIXED_INVOICES: Migration = Migration {
    version: 4,
    name: "create invoices",
    sql: "CREATE TABLE invoices (id BIGINT PRIMARY KEY, total_cents BIGINT NOT NULL)",
};

const PAYMENT_TERMS: Migration = Migration {
    version: 5,
    name: "add payment terms",
    sql: "ALTER TABLE suppliers ADD COLUMN payment_days BIGINT NOT NULL DEFAULT 30",
};

/// Fails with a readable report unless `got` is `expected`, compared by Debug text.
#[track_caller]
fn check<T: Debug, U: Debug>(sent: &str, expected: T, got: U) {
    let (expected, got) = (format!("{expected:?}"), format!("{got:?}"));
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected}\ngot:      {got}\n");
    }
}

fn names(migrations: &[Migration]) -> String {
    let versions: Vec<_> = migrations.iter().map(|m| m.version).collect();
    format!("migrate(versions {versions:?})")
}

async fn recorded(pool: &AnyPool) -> Vec<i64> {
    applied_versions(pool)
        .await
        .unwrap_or_else(|e| panic!("the test could not read schema_migrations: {e}"))
}

async fn table_exists(pool: &AnyPool, table: &str) -> bool {
    sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .is_ok()
}

#[tokio::test]
async fn applies_every_migration_on_an_empty_database() {
    let pool = fresh_database().await;
    let all = [SUPPLIERS, DELIVERIES, SUPPLIER_EMAIL];
    let sent = names(&all);
    check(
        &sent,
        Ok::<_, ()>(vec![1, 2, 3]),
        migrate(&pool, &all).await,
    );
    let insert =
        "INSERT INTO suppliers (id, name, email) VALUES (1, 'Roastery Nord', 'hi@nord.example');
         INSERT INTO deliveries (id, supplier_id, received_on) VALUES (1, 1, '2024-05-01')";
    let works = sqlx::raw_sql(insert).execute(&pool).await.map(|_| ());
    check(
        &format!("{sent}, then inserts into the new tables"),
        Ok::<_, ()>(()),
        works.map_err(|_| ()),
    );
}

#[tokio::test]
async fn records_each_migration_with_its_name() {
    let pool = fresh_database().await;
    let all = [SUPPLIERS, DELIVERIES];
    let _ = migrate(&pool, &all).await;
    let rows: Result<Vec<(i64, String)>, _> =
        sqlx::query_as("SELECT version, name FROM schema_migrations ORDER BY version")
            .fetch_all(&pool)
            .await;
    let expected = vec![
        (1, "create suppliers".to_string()),
        (2, "create deliveries".to_string()),
    ];
    check(
        &format!("{}, then the rows of schema_migrations", names(&all)),
        Ok::<_, ()>(expected),
        rows.map_err(|_| ()),
    );
}

#[tokio::test]
async fn running_again_applies_nothing() {
    let pool = fresh_database().await;
    let all = [SUPPLIERS, DELIVERIES, SUPPLIER_EMAIL];
    let _ = migrate(&pool, &all).await;
    let sent = format!("{} a second time", names(&all));
    check(
        &sent,
        Ok::<Vec<i64>, ()>(vec![]),
        migrate(&pool, &all).await,
    );
    check(&sent, vec![1, 2, 3], recorded(&pool).await);
}

#[tokio::test]
async fn applies_only_the_new_migrations() {
    let pool = fresh_database().await;
    let _ = migrate(&pool, &[SUPPLIERS, DELIVERIES]).await;
    let all = [SUPPLIERS, DELIVERIES, SUPPLIER_EMAIL];
    let sent = format!("migrate(versions [1, 2]), then {}", names(&all));
    check(&sent, Ok::<_, ()>(vec![3]), migrate(&pool, &all).await);
}

/// A version below the newest recorded one (a branch merged late) still counts
/// as new: "not recorded yet" is not "above the newest recorded version".
#[tokio::test]
async fn applies_a_missing_version_below_the_newest_one() {
    let pool = fresh_database().await;
    let _ = migrate(&pool, &[SUPPLIERS, SUPPLIER_EMAIL]).await;
    let all = [SUPPLIERS, DELIVERIES, SUPPLIER_EMAIL];
    let sent = format!(
        "migrate(versions [1, 3]), then {} (2 is not recorded, although 3 is; \
         skipping every version up to the newest recorded one misses it)",
        names(&all)
    );
    check(&sent, Ok::<_, ()>(vec![2]), migrate(&pool, &all).await);
    check(&sent, vec![1, 2, 3], recorded(&pool).await);
}

#[tokio::test]
async fn applies_in_version_order_whatever_the_slice_order() {
    let pool = fresh_database().await;
    // 3 alters the table that 1 creates, and 2 refers to it.
    let shuffled = [SUPPLIER_EMAIL, SUPPLIERS, DELIVERIES];
    check(
        &names(&shuffled),
        Ok::<_, ()>(vec![1, 2, 3]),
        migrate(&pool, &shuffled).await,
    );
}

#[tokio::test]
async fn a_failing_migration_leaves_no_trace() {
    let pool = fresh_database().await;
    let all = [
        SUPPLIERS,
        DELIVERIES,
        SUPPLIER_EMAIL,
        BROKEN_INVOICES,
        PAYMENT_TERMS,
    ];
    let sent = format!("{} where 4 fails in its second statement", names(&all));
    match migrate(&pool, &all).await {
        Err(MigrationError::Failed { version: 4, .. }) => {}
        got => panic!(
            "\nsent:     {sent}\nexpected: Err(Failed {{ version: 4, .. }})\ngot:      {got:?}\n"
        ),
    }
    check(
        &format!("{sent}: recorded versions"),
        vec![1, 2, 3],
        recorded(&pool).await,
    );
    check(
        &format!("{sent}: does the table invoices (from 4's first statement) exist?"),
        false,
        table_exists(&pool, "invoices").await,
    );
    check(
        &format!("{sent}: did 5 run? (a payment_days column)"),
        false,
        table_exists(&pool, "(SELECT payment_days FROM suppliers) AS s").await,
    );
}

#[tokio::test]
async fn a_fixed_migration_applies_after_a_failure() {
    let pool = fresh_database().await;
    let _ = migrate(
        &pool,
        &[SUPPLIERS, DELIVERIES, SUPPLIER_EMAIL, BROKEN_INVOICES],
    )
    .await;
    let fixed = [
        SUPPLIERS,
        DELIVERIES,
        SUPPLIER_EMAIL,
        FIXED_INVOICES,
        PAYMENT_TERMS,
    ];
    let sent = format!("migrate with 4 broken, then {} with 4 fixed", names(&fixed));
    check(&sent, Ok::<_, ()>(vec![4, 5]), migrate(&pool, &fixed).await);
    check(
        &format!("{sent}: does the table invoices exist?"),
        true,
        table_exists(&pool, "invoices").await,
    );
}

#[tokio::test]
async fn refuses_duplicate_versions_before_applying_anything() {
    let pool = fresh_database().await;
    let all = [SUPPLIERS, DELIVERIES, FIXED_INVOICES, BROKEN_INVOICES];
    let sent = names(&all);
    match migrate(&pool, &all).await {
        Err(MigrationError::DuplicateVersion(4)) => {}
        got => {
            panic!("\nsent:     {sent}\nexpected: Err(DuplicateVersion(4))\ngot:      {got:?}\n")
        }
    }
    check(
        &format!("{sent}: recorded versions"),
        Vec::<i64>::new(),
        recorded(&pool).await,
    );
    check(
        &format!("{sent}: does the table suppliers exist?"),
        false,
        table_exists(&pool, "suppliers").await,
    );
}
