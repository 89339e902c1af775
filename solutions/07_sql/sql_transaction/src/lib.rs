//! # Transactions: all or nothing
//!
//! Moving store credit from one account to another is two updates: take the
//! money from one balance, add it to the other. If the second update fails
//! after the first succeeded, money has vanished. A transaction makes the two
//! one: either both are committed, or neither is.
//!
//! Write [`transfer`] over the shop's `accounts` table:
//!
//! ```text
//! accounts (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL UNIQUE,
//!           balance_cents BIGINT NOT NULL CHECK (balance_cents >= 0))
//! ```
//!
//! ## The rules
//!
//! - `pool.begin()` starts a transaction. Run every statement on it
//!   (`.execute(&mut *tx)`), never on the pool, then `tx.commit()`. A
//!   transaction dropped without `commit` is rolled back. (On SQLite the test
//!   database has a single connection, which your open transaction holds: a
//!   query on the pool would wait for it and time out.)
//! - The amount must be positive, or the answer is
//!   [`TransferError::InvalidAmount`] and nothing is touched.
//! - Check the source account first, then the destination:
//!   [`TransferError::UnknownAccount`] names the first account that does not
//!   exist; [`TransferError::InsufficientFunds`] when the source holds less
//!   than the amount. A source may be emptied to exactly zero.
//! - Whatever goes wrong, both balances end as they were.
//! - `rows_affected()` tells you whether an `UPDATE` found its row. An
//!   `UPDATE ... WHERE id = $2 AND balance_cents >= $1` takes the money only
//!   if it is there, in one statement, so two transfers racing each other
//!   cannot both spend the same money.
//!
//! The tests in `tests/sql_transaction.rs` are the specification.

use std::fmt;

use sqlx::AnyPool;

/// Why a transfer did not happen.
#[derive(Debug)]
pub enum TransferError {
    /// The amount is zero or negative.
    InvalidAmount,
    /// There is no account with this id.
    UnknownAccount(i64),
    /// The source account holds less than the amount.
    InsufficientFunds,
    /// The database failed.
    Database(sqlx::Error),
}

impl From<sqlx::Error> for TransferError {
    fn from(e: sqlx::Error) -> Self {
        TransferError::Database(e)
    }
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::InvalidAmount => f.write_str("the amount must be positive"),
            TransferError::UnknownAccount(id) => write!(f, "there is no account {id}"),
            TransferError::InsufficientFunds => f.write_str("insufficient funds"),
            TransferError::Database(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for TransferError {}

/// The balance of an account, or `None` if there is no such account.
/// Already written for you.
pub async fn balance(pool: &AnyPool, account_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT balance_cents FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(pool)
        .await
}

/// Moves `amount_cents` from account `from` to account `to`, atomically.
pub async fn transfer(
    pool: &AnyPool,
    from: i64,
    to: i64,
    amount_cents: i64,
) -> Result<(), TransferError> {
    if amount_cents <= 0 {
        return Err(TransferError::InvalidAmount);
    }
    let mut tx = pool.begin().await?;

    let taken = sqlx::query(
        "UPDATE accounts SET balance_cents = balance_cents - $1 \
         WHERE id = $2 AND balance_cents >= $1",
    )
    .bind(amount_cents)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() == 0 {
        // Either the account is missing or the money is. Returning drops
        // `tx`, which rolls it back.
        let exists = sqlx::query("SELECT id FROM accounts WHERE id = $1")
            .bind(from)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        return Err(if exists {
            TransferError::InsufficientFunds
        } else {
            TransferError::UnknownAccount(from)
        });
    }

    let given = sqlx::query("UPDATE accounts SET balance_cents = balance_cents + $1 WHERE id = $2")
        .bind(amount_cents)
        .bind(to)
        .execute(&mut *tx)
        .await?;
    if given.rows_affected() == 0 {
        // The money already left `from`: rolling back puts it back.
        return Err(TransferError::UnknownAccount(to));
    }

    tx.commit().await?;
    Ok(())
}
