//! # Migrations
//!
//! A database outlives every version of the code that talks to it. Its schema
//! changes through *migrations*: numbered scripts, each applied exactly once,
//! in order, on every database (your laptop, CI, production). A table
//! remembers which ones ran. Tools like `sqlx migrate`, Flyway or Rails do
//! this; here you write the core of one.
//!
//! ## The rules
//!
//! - [`migrate`] keeps its records in this table, which it creates if it
//!   does not exist yet:
//!   ```sql
//!   CREATE TABLE IF NOT EXISTS schema_migrations (
//!       version BIGINT NOT NULL PRIMARY KEY,
//!       name    TEXT NOT NULL
//!   )
//!   ```
//! - Two migrations with the same version are a mistake in the code: refuse
//!   them with [`MigrationError::DuplicateVersion`] before touching the
//!   database.
//! - Apply every migration whose version is not recorded yet, in ascending
//!   version order (whatever the order of the slice), and return the versions
//!   applied. Running `migrate` again applies nothing and returns `[]`.
//! - Each migration runs in a transaction of its own, together with the
//!   `INSERT` of its `schema_migrations` row: both happen, or neither does.
//!   A migration's SQL may hold several statements; `sqlx::raw_sql(sql)`
//!   runs them all (`.execute(&mut *tx)`).
//! - When a migration fails, it leaves no trace (none of its statements, no
//!   record), the ones before it stay applied, the ones after it are not
//!   tried, and the answer is [`MigrationError::Failed`] with its version.
//!   (SQLite and PostgreSQL both roll back `CREATE TABLE` with the rest of a
//!   transaction. MySQL does not, which is one reason people like PostgreSQL.)
//!
//! The tests in `tests/sql_migrations.rs` are the specification.

use std::fmt;

use sqlx::AnyPool;

/// One schema change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    /// Its place in the order; unique.
    pub version: i64,
    /// A short description, e.g. `"create products"`.
    pub name: &'static str,
    /// The SQL to run: one statement or several, separated by `;`.
    pub sql: &'static str,
}

/// Why [`migrate`] stopped.
#[derive(Debug)]
pub enum MigrationError {
    /// Two migrations share this version. Nothing was applied.
    DuplicateVersion(i64),
    /// The migration with this version failed and was rolled back.
    Failed { version: i64, source: sqlx::Error },
    /// The database failed outside of any migration.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for MigrationError {
    fn from(e: sqlx::Error) -> Self {
        MigrationError::Database(e)
    }
}

impl fmt::Display for MigrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MigrationError::DuplicateVersion(v) => write!(f, "two migrations have version {v}"),
            MigrationError::Failed { version, source } => {
                write!(f, "migration {version} failed: {source}")
            }
            MigrationError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for MigrationError {}

/// The versions recorded in `schema_migrations`, ascending; empty when the
/// table does not exist yet. Already written for you.
pub async fn applied_versions(pool: &AnyPool) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::raw_sql(CREATE_SCHEMA_MIGRATIONS)
        .execute(pool)
        .await?;
    sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(pool)
        .await
}

/// Creates the bookkeeping table if it is missing.
pub const CREATE_SCHEMA_MIGRATIONS: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT NOT NULL PRIMARY KEY,
    name    TEXT NOT NULL
)";

/// Applies the migrations not applied yet; returns their versions, ascending.
pub async fn migrate(pool: &AnyPool, migrations: &[Migration]) -> Result<Vec<i64>, MigrationError> {
    let _ = (pool, migrations);
    todo!("check for duplicates, find what is pending, apply each in its own transaction")
}
