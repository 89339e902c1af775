//! # SQL injection
//!
//! The two functions below work, for polite input. They build their SQL with
//! `format!`, pasting what the caller typed into the SQL text, so a caller can
//! type SQL: `' OR '1'='1` turns "find this customer" into "find any
//! customer", and worse inputs read other tables or drop them. SQL injection
//! has been near the top of the OWASP Top 10 (A03:2021 Injection) for twenty
//! years, and the fix is simple and complete. Rewrite both functions so that
//! no input can change what the SQL does.
//!
//! ## The rules
//!
//! - Values travel as bound parameters: `$1` in the SQL text, `.bind(value)`
//!   on the query. The database receives the text and the values separately
//!   and never reads a value as SQL. No quoting, no escaping, no blacklist of
//!   "dangerous" characters: a name like `O'Brien` is data, not an attack.
//! - Identifiers (column names) and keywords (`ASC`, `DESC`) cannot be bound.
//!   When the caller chooses among them, map the caller's choice to SQL text
//!   *you* wrote, from a fixed list, and refuse everything else with
//!   [`LookupError::UnknownSortColumn`].
//! - The results for honest input stay exactly as they are now.
//!
//! The tests in `tests/sql_injection.rs` are the specification.

use std::fmt;

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// A customer as the support tool shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub city: String,
}

/// Why a lookup failed.
#[derive(Debug)]
pub enum LookupError {
    /// `sort_by` is not one of the columns the list may be sorted by.
    UnknownSortColumn(String),
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for LookupError {
    fn from(e: sqlx::Error) -> Self {
        LookupError::Database(e)
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::UnknownSortColumn(column) => write!(f, "cannot sort by {column:?}"),
            LookupError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for LookupError {}

fn customer_from_row(row: &AnyRow) -> Result<Customer, sqlx::Error> {
    Ok(Customer {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        city: row.try_get("city")?,
    })
}

/// The customer with this email address, if there is one.
pub async fn find_customer_by_email(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<Customer>, LookupError> {
    // VULNERABLE: the email is pasted into the SQL text.
    let sql = format!("SELECT id, email, name, city FROM customers WHERE email = '{email}'");
    let row = sqlx::query(&sql).fetch_optional(pool).await?;
    Ok(row.as_ref().map(customer_from_row).transpose()?)
}

/// The customers living in `city`, sorted by `sort_by`, which must be one of
/// `"name"`, `"email"` or `"created_at"` (all ascending, ties by id).
pub async fn customers_in_city(
    pool: &AnyPool,
    city: &str,
    sort_by: &str,
) -> Result<Vec<Customer>, LookupError> {
    // VULNERABLE: both the city and the column are pasted into the SQL text.
    let sql = format!(
        "SELECT id, email, name, city FROM customers WHERE city = '{city}' ORDER BY {sort_by}, id"
    );
    let rows = sqlx::query(&sql).fetch_all(pool).await?;
    Ok(rows
        .iter()
        .map(customer_from_row)
        .collect::<Result<_, _>>()?)
}
