//! What the course's tests share: a database of their own for every test.
//!
//! The SQL exercises run the very same SQL on two engines:
//!
//! - **SQLite** (the default): an in-memory database, created for one test and
//!   gone when that test ends. Nothing to install.
//! - **PostgreSQL**, when the environment variable `DATABASE_URL` (or
//!   `BACKLINGS_POSTGRES_URL`) holds a `postgres://` URL: every test gets a
//!   schema of its own in that database, with a unique name, and the pool's
//!   connections have their `search_path` set to it. Tests running side by
//!   side never see each other's tables.
//!
//! Both are reached through sqlx's `Any` driver, so one SQL text serves both.
//! Write placeholders as `$1`, `$2`, ...: they work on both engines.
//!
//! Things worth knowing when you write SQL against these databases:
//!
//! - On SQLite the pool holds **one** connection (an in-memory database lives
//!   inside its connection). While your code holds that connection, for
//!   example in an open transaction, run every query on it (`&mut *tx`), not
//!   on the pool: asking the pool for a second connection waits and then
//!   fails after 5 s with `PoolTimedOut`.
//! - Foreign keys are enforced on both engines (`PRAGMA foreign_keys = ON` on
//!   SQLite).
//! - The `Any` driver decodes integers (`i64`), floats (`f64`), text
//!   (`String`), blobs (`Vec<u8>`) and booleans, and `Option` of them for
//!   NULL. PostgreSQL's `NUMERIC` is not among them: `SUM` of a `BIGINT`
//!   column and `AVG` of anything are `NUMERIC` there, so cast them, e.g.
//!   `CAST(SUM(quantity) AS BIGINT)`, `CAST(AVG(rating) AS DOUBLE PRECISION)`.
//!
//! [`shop_database`] adds the course's shop: customers, categories, products,
//! orders, order items, reviews and store-credit accounts. Read the schema and
//! the seed data in `support/sql/shop_schema.sql` and `support/sql/shop_seed.sql`.
//!
//! Some exercises need a real server, and say so in `info.toml`
//! (`services = ["postgres"]` or `["redis"]`). `backlings` provides it and hands
//! each exercise run a database or key prefix of its own, through the
//! environment; [`postgres_database`] and [`redis_namespace`] read it. To run
//! such an exercise's tests with `cargo test`, set `DATABASE_URL` or `REDIS_URL`
//! yourself.
//!
//! [`graphql`] is the query parser of the two GraphQL exercises, written once for both.

pub mod graphql;

use std::sync::Once;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Connection};

/// The shop's tables, as SQL that runs on both engines.
pub const SHOP_SCHEMA: &str = include_str!("../sql/shop_schema.sql");

/// The shop's seed data, as SQL that runs on both engines.
pub const SHOP_SEED: &str = include_str!("../sql/shop_seed.sql");

/// The database engine the tests run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An in-memory SQLite database (the default).
    Sqlite,
    /// A PostgreSQL database, given by `DATABASE_URL`.
    Postgres,
}

/// Which engine [`fresh_database`] opens: PostgreSQL when `DATABASE_URL` (or
/// `BACKLINGS_POSTGRES_URL`) is a `postgres://` or `postgresql://` URL,
/// SQLite otherwise.
pub fn engine() -> Engine {
    match postgres_url() {
        Some(_) => Engine::Postgres,
        None => Engine::Sqlite,
    }
}

/// An empty database of its own, for one test. See the crate documentation.
pub async fn fresh_database() -> AnyPool {
    install_default_drivers();
    match postgres_url() {
        None => AnyPoolOptions::new()
            // An in-memory database lives inside its one connection: never
            // open a second one, and never let the pool close the first.
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(Duration::from_secs(5))
            .connect("sqlite::memory:")
            .await
            .unwrap_or_else(|e| panic!("could not open an in-memory SQLite database: {e}")),
        Some(url) => {
            let schema = create_schema(&url).await;
            let url = with_search_path(&url, &schema);
            AnyPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(5))
                .connect(&url)
                .await
                .unwrap_or_else(|e| panic!("could not connect to PostgreSQL: {e}"))
        }
    }
}

/// [`fresh_database`] with the shop's schema and seed data loaded.
pub async fn shop_database() -> AnyPool {
    let pool = fresh_database().await;
    for (what, sql) in [("schema", SHOP_SCHEMA), ("seed data", SHOP_SEED)] {
        sqlx::raw_sql(sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("could not load the shop's {what}: {e}"));
    }
    pool
}

/// A PostgreSQL database of its own for one test, through sqlx's PostgreSQL driver,
/// for the exercises about what only PostgreSQL does (row locks, `SKIP LOCKED`,
/// isolation levels). Like [`fresh_database`] on PostgreSQL, it is a uniquely
/// named schema, and every connection of the pool works in it.
///
/// # Panics
///
/// When no PostgreSQL is given in `DATABASE_URL` (or `BACKLINGS_POSTGRES_URL`),
/// with a sentence saying how to give one.
pub async fn postgres_database() -> sqlx::PgPool {
    install_default_drivers();
    let Some(url) = postgres_url() else {
        panic!(
            "this exercise needs PostgreSQL, and DATABASE_URL is not set: check it with \
             `backlings run`, which provides one, or set DATABASE_URL to a server's URL, \
             e.g. postgres://postgres@127.0.0.1:5432/postgres"
        );
    };
    let schema = create_schema(&url).await;
    sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&with_search_path(&url, &schema))
        .await
        .unwrap_or_else(|e| panic!("could not connect to PostgreSQL: {e}"))
}

/// A connection to Redis and a key prefix no other test uses.
///
/// Redis has one keyspace for everybody: put [`RedisNamespace::key`] in front of
/// every key a test touches, and tests running side by side (or a rerun, or
/// another exercise) never see each other's keys.
pub struct RedisNamespace {
    client: redis::Client,
    connection: redis::aio::MultiplexedConnection,
    prefix: String,
}

impl RedisNamespace {
    /// `name` under this test's prefix, e.g. `backlings:17:cache_aside:3:user:42`.
    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    /// The prefix itself, for code that builds its own keys.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The shared connection. Clones of it share one socket and are cheap.
    pub fn connection(&self) -> redis::aio::MultiplexedConnection {
        self.connection.clone()
    }

    /// A connection of its own, e.g. for each of several concurrent clients.
    pub async fn new_connection(&self) -> redis::aio::MultiplexedConnection {
        self.client
            .get_multiplexed_async_connection()
            .await
            .unwrap_or_else(|e| panic!("could not connect to Redis: {e}"))
    }
}

/// Connects to the Redis in `REDIS_URL` (or `BACKLINGS_REDIS_URL`) and gives one test a
/// key prefix of its own: the run's prefix from `BACKLINGS_REDIS_PREFIX`, which
/// `backlings` sets, then a number unique in this process.
///
/// # Panics
///
/// When no Redis is given, with a sentence saying how to give one.
pub async fn redis_namespace() -> RedisNamespace {
    static COUNTER: AtomicU64 = AtomicU64::new(0);

    let Some(url) = ["BACKLINGS_REDIS_URL", "REDIS_URL"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|url| !url.is_empty())
    else {
        panic!(
            "this exercise needs Redis, and REDIS_URL is not set: check it with \
             `backlings run`, which provides one, or set REDIS_URL to a server's URL, \
             e.g. redis://127.0.0.1:6379"
        );
    };
    let run_prefix = std::env::var("BACKLINGS_REDIS_PREFIX").unwrap_or_else(|_| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        format!("backlings:test:{now}:{}:", std::process::id())
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let client = redis::Client::open(url.as_str())
        .unwrap_or_else(|e| panic!("REDIS_URL `{url}` is not a Redis URL: {e}"));
    let connection = client
        .get_multiplexed_async_connection()
        .await
        .unwrap_or_else(|e| panic!("could not connect to Redis at {url}: {e}"));
    RedisNamespace {
        client,
        connection,
        prefix: format!("{run_prefix}{n}:"),
    }
}

fn with_search_path(url: &str, schema: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    // Set through the connection's startup options, so that no extra statement runs on
    // each new connection.
    format!("{url}{separator}options[search_path]={schema}")
}

fn postgres_url() -> Option<String> {
    ["BACKLINGS_POSTGRES_URL", "DATABASE_URL"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|url| url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

const SCHEMA_PREFIX: &str = "backlings_test_";

/// Creates a uniquely named schema, `backlings_test_<unix seconds>_<pid>_<n>`,
/// and returns its name. Once per process it also drops the schemas such runs
/// left behind more than an hour ago.
async fn create_schema(url: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static CLEANUP: Once = Once::new();

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let schema = format!("{SCHEMA_PREFIX}{now}_{}_{n}", std::process::id());

    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("could not connect to PostgreSQL: {e}"));
    let mut cleanup = false;
    CLEANUP.call_once(|| cleanup = true);
    if cleanup {
        drop_stale_schemas(&mut conn, now).await;
    }
    sqlx::raw_sql(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("could not create the schema {schema}: {e}"));
    let _ = conn.close().await;
    schema
}

/// Best effort: another test process may be dropping the same schemas.
async fn drop_stale_schemas(conn: &mut sqlx::AnyConnection, now: u64) {
    let Ok(names) = sqlx::query_scalar::<_, String>(
        "SELECT CAST(nspname AS TEXT) FROM pg_namespace WHERE nspname LIKE 'backlings\\_test\\_%'",
    )
    .fetch_all(&mut *conn)
    .await
    else {
        return;
    };
    for name in names {
        let created = name
            .strip_prefix(SCHEMA_PREFIX)
            .and_then(|rest| rest.split('_').next())
            .and_then(|secs| secs.parse::<u64>().ok());
        let is_safe_name = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if is_safe_name && created.is_some_and(|secs| secs + 3600 < now) {
            let _ = sqlx::raw_sql(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .execute(&mut *conn)
                .await;
        }
    }
}
