//! # Lost updates: a withdrawal that reads, then writes
//!
//! Read a balance, subtract in the application, write the result back: the
//! most natural code there is, and wrong as soon as two requests touch the
//! same row. Both read 100; one takes 50 and writes 50; the other takes 30
//! and writes 70. The account has given out 80 and still holds 70: the
//! first withdrawal is lost, overwritten by a value computed from a balance
//! that was no longer true. This is the *lost update*, and a transaction
//! alone does not prevent it: in PostgreSQL's default isolation level
//! (`READ COMMITTED`) a plain `SELECT` takes no lock, even inside one.
//!
//! [`withdraw`] below is that code. Fix it.
//!
//! ## The rules
//!
//! - [`withdraw`] takes `amount` from the account and returns the new
//!   balance. The amount must be positive, or the answer is
//!   [`WithdrawError::InvalidAmount`]; an account that does not exist is
//!   [`WithdrawError::UnknownAccount`]; more than the balance is
//!   [`WithdrawError::InsufficientFunds`], and the balance stays as it was.
//!   An account may be emptied to exactly zero.
//! - A withdrawal never works from a stale balance. While another
//!   transaction holds the row, yours waits, and then computes from the
//!   balance that transaction committed: 100, another withdrawal of 50
//!   commits, then yours of 30 leaves 20, not 70.
//! - There are two ways to get there:
//!   - let PostgreSQL compute on the row it has locked, in one statement:
//!     `UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND
//!     balance >= $1 RETURNING balance`. When it waits for another
//!     transaction's lock, it checks the `WHERE` again on the committed row.
//!     No row back means the account is missing or the money is: one more
//!     query tells which.
//!   - or read with `SELECT ... FOR UPDATE` inside a transaction: the row
//!     stays locked until you commit, so nobody changes it between your read
//!     and your write.
//!
//! ## Why PostgreSQL and not SQLite
//!
//! This exercise needs a PostgreSQL server: `backlings` provides one, or set
//! `DATABASE_URL` for `cargo test`. SQLite cannot teach it: it lets one
//! writer at a time into the whole database and has no row locks (no `FOR
//! UPDATE`), so two withdrawals never overlap the way they do on a server
//! that many connections write at once. The tests play the other
//! transaction themselves: they lock the account, start your withdrawal,
//! wait until it waits, and commit a change of their own.
//!
//! The tests in `tests/lost_update.rs` are the specification.

use std::fmt;

use sqlx::PgPool;

/// The accounts table.
pub const SCHEMA: &str = "
CREATE TABLE accounts (
    id BIGINT PRIMARY KEY,
    balance BIGINT NOT NULL CHECK (balance >= 0)
)";

/// Why a withdrawal did not happen.
#[derive(Debug)]
pub enum WithdrawError {
    /// The amount is zero or negative.
    InvalidAmount,
    /// There is no account with this id.
    UnknownAccount(i64),
    /// The account holds less than the amount.
    InsufficientFunds,
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for WithdrawError {
    fn from(e: sqlx::Error) -> Self {
        WithdrawError::Database(e)
    }
}

impl fmt::Display for WithdrawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WithdrawError::InvalidAmount => f.write_str("the amount must be positive"),
            WithdrawError::UnknownAccount(id) => write!(f, "there is no account {id}"),
            WithdrawError::InsufficientFunds => f.write_str("insufficient funds"),
            WithdrawError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for WithdrawError {}

/// Creates the `accounts` table. Already written for you.
pub async fn create_table(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::raw_sql(SCHEMA).execute(pool).await?;
    Ok(())
}

/// Opens account `id` with `balance`. Already written for you.
pub async fn open_account(pool: &PgPool, id: i64, balance: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO accounts (id, balance) VALUES ($1, $2)")
        .bind(id)
        .bind(balance)
        .execute(pool)
        .await?;
    Ok(())
}

/// The balance of account `id`, or `None` if there is no such account.
/// Already written for you.
pub async fn balance(pool: &PgPool, id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Takes `amount` from account `account` and returns its new balance.
pub async fn withdraw(pool: &PgPool, account: i64, amount: i64) -> Result<i64, WithdrawError> {
    if amount <= 0 {
        return Err(WithdrawError::InvalidAmount);
    }
    // PostgreSQL computes on the row it has locked: if another transaction holds
    // it, this waits, and then checks the WHERE again on the committed balance.
    let new_balance: Option<i64> = sqlx::query_scalar(
        "UPDATE accounts SET balance = balance - $1
         WHERE id = $2 AND balance >= $1
         RETURNING balance",
    )
    .bind(amount)
    .bind(account)
    .fetch_optional(pool)
    .await?;
    if let Some(new_balance) = new_balance {
        return Ok(new_balance);
    }
    // No row: either the account or the money is missing.
    match balance(pool, account).await? {
        Some(_) => Err(WithdrawError::InsufficientFunds),
        None => Err(WithdrawError::UnknownAccount(account)),
    }
}
