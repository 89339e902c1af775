use std::time::{Duration, Instant};

use course_support::postgres_database;
use lost_update::{WithdrawError, balance, create_table, open_account, withdraw};
use sqlx::{PgPool, Postgres, Transaction};
use tokio::task::JoinHandle;

type Outcome = Result<i64, WithdrawError>;

/// A fresh database of this test's own with these (account, balance) rows.
async fn bank(accounts: &[(i64, i64)]) -> PgPool {
    let pool = postgres_database().await;
    create_table(&pool)
        .await
        .unwrap_or_else(|e| panic!("could not create the accounts table: {e}"));
    for &(id, cents) in accounts {
        open_account(&pool, id, cents)
            .await
            .unwrap_or_else(|e| panic!("could not open account {id}: {e}"));
    }
    pool
}

/// An outcome as the reports show it: `Ok(70)`, `Err(InsufficientFunds)`, or a
/// database error by its message.
fn describe(outcome: &Outcome) -> String {
    match outcome {
        Err(WithdrawError::Database(e)) => format!("Err(Database: {e})"),
        other => format!("{other:?}"),
    }
}

/// Fails with a readable report unless `got` is the outcome `expected`
/// describes (sqlx errors cannot be compared, so by their text).
#[track_caller]
fn check_outcome(did: &str, expected: Outcome, got: &Outcome) {
    let (expected, got) = (describe(&expected), describe(got));
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected}\ngot:      {got}\n");
    }
}

/// Fails unless `account` holds `expected`.
async fn check_balance(pool: &PgPool, did: &str, account: i64, expected: i64) {
    let got = balance(pool, account).await.unwrap_or_else(|e| {
        panic!("the test could not read the balance of account {account}: {e}")
    });
    if got != Some(expected) {
        panic!(
            "\ndid:      {did}\nexpected: account {account} holds {expected}\n\
             got:      account {account} holds {got:?}\n"
        );
    }
}

/// The other transaction, played by the test: it has locked `account`'s row
/// (`SELECT ... FOR UPDATE`). Also returns the id of the server process that
/// runs it.
async fn other_transaction_locking(
    pool: &PgPool,
    account: i64,
) -> (Transaction<'static, Postgres>, i32) {
    let mut tx = pool
        .begin()
        .await
        .unwrap_or_else(|e| panic!("the test could not begin a transaction: {e}"));
    let pid = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("the test could not read its backend pid: {e}"));
    sqlx::query("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE")
        .bind(account)
        .fetch_one(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("the test could not lock account {account}: {e}"));
    (tx, pid)
}

/// The other transaction withdraws `amount` and commits.
async fn withdraw_and_commit(mut tx: Transaction<'static, Postgres>, account: i64, amount: i64) {
    sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2")
        .bind(amount)
        .bind(account)
        .execute(&mut *tx)
        .await
        .unwrap_or_else(|e| panic!("the test's own withdrawal failed: {e}"));
    tx.commit()
        .await
        .unwrap_or_else(|e| panic!("the test could not commit its withdrawal: {e}"));
}

/// Starts `withdraw(account, amount)` on a task of its own.
fn spawn_withdraw(pool: &PgPool, account: i64, amount: i64) -> JoinHandle<Outcome> {
    let pool = pool.clone();
    tokio::spawn(async move { withdraw(&pool, account, amount).await })
}

/// Waits until `count` server processes wait for the transaction of process
/// `holder`, directly or behind one another. Panics, saying so, when one of
/// `tasks` finished first: it did not wait for the lock.
async fn wait_until_waiting(
    pool: &PgPool,
    holder: i32,
    count: i64,
    tasks: &[&JoinHandle<Outcome>],
) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if tasks.iter().any(|task| task.is_finished()) {
            panic!(
                "\nwithdraw() returned while another transaction held the account's row lock, \
                 without waiting for it. A withdrawal must wait for that transaction, and then \
                 work from the balance it committed.\n"
            );
        }
        let waiting: i64 = sqlx::query_scalar(
            "WITH RECURSIVE waiting (pid) AS (
                 SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
                 UNION
                 SELECT a.pid FROM pg_stat_activity a JOIN waiting w
                     ON w.pid = ANY(pg_blocking_pids(a.pid))
             )
             SELECT COUNT(*) FROM waiting",
        )
        .bind(holder)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("the test could not read pg_stat_activity: {e}"));
        if waiting >= count {
            return;
        }
        if Instant::now() > deadline {
            panic!("withdraw() neither returned nor waited for the row lock within 5 s");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The outcome of a spawned withdrawal, which must come soon once nothing holds its row.
async fn outcome(task: JoinHandle<Outcome>) -> Outcome {
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("withdraw() did not return within 5 s after the other transaction committed")
        .expect("withdraw() panicked")
}

#[tokio::test]
async fn withdraws_and_returns_the_new_balance() {
    let pool = bank(&[(1, 100), (2, 100)]).await;
    let did = "withdraw(account 1, 30)  (account 1 holds 100)";
    check_outcome(did, Ok(70), &withdraw(&pool, 1, 30).await);
    check_balance(&pool, did, 1, 70).await;
    check_balance(&pool, did, 2, 100).await;
}

#[tokio::test]
async fn may_empty_an_account_to_exactly_zero() {
    let pool = bank(&[(1, 100)]).await;
    let did = "withdraw(account 1, 100)  (account 1 holds 100)";
    check_outcome(did, Ok(0), &withdraw(&pool, 1, 100).await);
    check_balance(&pool, did, 1, 0).await;
}

#[tokio::test]
async fn refuses_more_than_the_balance_and_changes_nothing() {
    let pool = bank(&[(1, 100)]).await;
    let did = "withdraw(account 1, 101)  (account 1 holds 100)";
    check_outcome(
        did,
        Err(WithdrawError::InsufficientFunds),
        &withdraw(&pool, 1, 101).await,
    );
    check_balance(&pool, did, 1, 100).await;
}

#[tokio::test]
async fn refuses_an_unknown_account() {
    let pool = bank(&[(1, 100)]).await;
    check_outcome(
        "withdraw(account 99, 30)  (there is no account 99)",
        Err(WithdrawError::UnknownAccount(99)),
        &withdraw(&pool, 99, 30).await,
    );
}

#[tokio::test]
async fn refuses_amounts_that_are_not_positive() {
    let pool = bank(&[(1, 100)]).await;
    for amount in [0, -50] {
        let did = format!("withdraw(account 1, {amount})  (account 1 holds 100)");
        check_outcome(
            &did,
            Err(WithdrawError::InvalidAmount),
            &withdraw(&pool, 1, amount).await,
        );
        check_balance(&pool, &did, 1, 100).await;
    }
}

#[tokio::test]
async fn a_withdrawal_committed_meanwhile_is_not_overwritten() {
    let pool = bank(&[(1, 100)]).await;
    let (other, other_pid) = other_transaction_locking(&pool, 1).await;
    let yours = spawn_withdraw(&pool, 1, 30);
    wait_until_waiting(&pool, other_pid, 1, &[&yours]).await;
    withdraw_and_commit(other, 1, 50).await;
    let got = describe(&outcome(yours).await);
    let after = balance(&pool, 1).await.unwrap();
    if got != "Ok(20)" || after != Some(20) {
        let why = if after == Some(70) {
            "\nThe other transaction's withdrawal of 50 was lost: yours computed 100 - 30 from \
             the balance it read before that transaction committed, and wrote 70 over its 50. \
             The account gave out 80 and still holds 70."
        } else {
            ""
        };
        panic!(
            "\ndid:      account 1 holds 100. Another transaction locks its row; \
             withdraw(account 1, 30) starts and waits; the other transaction withdraws 50 \
             and commits\n\
             expected: Ok(20), and account 1 holds Some(20)\n\
             got:      {got}, and account 1 holds {after:?}{why}\n"
        );
    }
}

#[tokio::test]
async fn a_withdrawal_committed_meanwhile_can_leave_too_little() {
    let pool = bank(&[(1, 100)]).await;
    let (other, other_pid) = other_transaction_locking(&pool, 1).await;
    let yours = spawn_withdraw(&pool, 1, 30);
    wait_until_waiting(&pool, other_pid, 1, &[&yours]).await;
    withdraw_and_commit(other, 1, 80).await;
    let did = "account 1 holds 100. Another transaction locks its row; withdraw(account 1, 30) \
               starts and waits; the other transaction withdraws 80 and commits";
    let got = outcome(yours).await;
    if describe(&got) == "Ok(70)" {
        panic!(
            "\ndid:      {did}\nexpected: Err(InsufficientFunds): 20 are left\n\
             got:      Ok(70): your withdrawal decided from the 100 it read before the other \
             transaction committed, and wrote 70 over the 20 it left\n"
        );
    }
    check_outcome(did, Err(WithdrawError::InsufficientFunds), &got);
    check_balance(&pool, did, 1, 20).await;
}

#[tokio::test]
async fn waiting_withdrawals_cannot_spend_the_same_money() {
    let pool = bank(&[(1, 100)]).await;
    let (other, other_pid) = other_transaction_locking(&pool, 1).await;
    let yours: Vec<_> = (0..4).map(|_| spawn_withdraw(&pool, 1, 30)).collect();
    wait_until_waiting(&pool, other_pid, 4, &yours.iter().collect::<Vec<_>>()).await;
    withdraw_and_commit(other, 1, 30).await;
    let mut got = Vec::new();
    for task in yours {
        got.push(describe(&outcome(task).await));
    }
    got.sort();
    let after = balance(&pool, 1).await.unwrap();
    let expected = [
        "Err(InsufficientFunds)",
        "Err(InsufficientFunds)",
        "Ok(10)",
        "Ok(40)",
    ];
    if got != expected || after != Some(10) {
        let allowed = got
            .iter()
            .filter(|outcome| outcome.starts_with("Ok"))
            .count();
        let why = if allowed > 2 {
            format!(
                "\n{allowed} withdrawals of 30 went through, though 70 was left for them: they \
                 computed from a balance that another transaction changed before they wrote. \
                 Keep the row locked from your read to your write (one transaction), or let one \
                 UPDATE do both."
            )
        } else {
            String::new()
        };
        panic!(
            "\ndid:      account 1 holds 100. Another transaction locks its row; four \
             withdraw(account 1, 30) start and wait; the other transaction withdraws 30 and \
             commits, which leaves 70: enough for two of them\n\
             expected: {}, and account 1 holds Some(10)\n\
             got:      {}, and account 1 holds {after:?}{why}\n",
            expected.join(", "),
            got.join(", "),
        );
    }
}
