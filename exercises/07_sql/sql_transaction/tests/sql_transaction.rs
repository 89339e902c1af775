use course_support::shop_database;
use sql_transaction::{TransferError, balance, transfer};
use sqlx::AnyPool;

/// Fails with a readable report unless `got` is the outcome `expected`
/// describes, by its Debug text.
#[track_caller]
fn check_outcome(sent: &str, expected: Result<(), TransferError>, got: Result<(), TransferError>) {
    let (expected, got) = (format!("{expected:?}"), format!("{got:?}"));
    if got != expected {
        panic!("\nsent:     {sent}\nexpected: {expected}\ngot:      {got}\n");
    }
}

/// Fails unless the accounts hold exactly these balances.
async fn check_balances(pool: &AnyPool, after: &str, expected: &[(i64, i64)]) {
    let mut got = Vec::new();
    for &(account, _) in expected {
        let balance = balance(pool, account)
            .await
            .unwrap_or_else(|e| panic!("\nafter:    {after}\nthe test could not read the balance of account {account}: {e}\n"));
        got.push((account, balance.unwrap_or(-1)));
    }
    if got != expected {
        panic!(
            "\nsent:     {after}\nexpected: balances (account, cents) {expected:?}\ngot:      balances (account, cents) {got:?}\n"
        );
    }
}

#[tokio::test]
async fn moves_money_between_accounts() {
    let pool = shop_database().await;
    let sent = "transfer(from 1, to 2, 1000)";
    check_outcome(sent, Ok(()), transfer(&pool, 1, 2, 1000).await);
    check_balances(&pool, sent, &[(1, 4000), (2, 2200)]).await;
}

#[tokio::test]
async fn may_empty_an_account_to_exactly_zero() {
    let pool = shop_database().await;
    let sent = "transfer(from 8, to 1, 450)  (account 8 holds 450)";
    check_outcome(sent, Ok(()), transfer(&pool, 8, 1, 450).await);
    check_balances(&pool, sent, &[(8, 0), (1, 5450)]).await;
}

#[tokio::test]
async fn refuses_more_than_the_balance_and_changes_nothing() {
    let pool = shop_database().await;
    let sent = "transfer(from 5, to 1, 900)  (account 5 holds 800)";
    check_outcome(
        sent,
        Err(TransferError::InsufficientFunds),
        transfer(&pool, 5, 1, 900).await,
    );
    check_balances(&pool, sent, &[(5, 800), (1, 5000)]).await;
}

#[tokio::test]
async fn refuses_an_unknown_destination_and_keeps_the_money() {
    let pool = shop_database().await;
    let sent = "transfer(from 1, to 99, 500)  (there is no account 99)";
    check_outcome(
        sent,
        Err(TransferError::UnknownAccount(99)),
        transfer(&pool, 1, 99, 500).await,
    );
    check_balances(&pool, sent, &[(1, 5000)]).await;
}

#[tokio::test]
async fn refuses_an_unknown_source() {
    let pool = shop_database().await;
    let sent = "transfer(from 99, to 1, 500)";
    check_outcome(
        sent,
        Err(TransferError::UnknownAccount(99)),
        transfer(&pool, 99, 1, 500).await,
    );
    check_balances(&pool, sent, &[(1, 5000)]).await;

    let sent = "transfer(from 98, to 99, 500)  (neither exists)";
    check_outcome(
        sent,
        Err(TransferError::UnknownAccount(98)),
        transfer(&pool, 98, 99, 500).await,
    );
}

#[tokio::test]
async fn refuses_amounts_that_are_not_positive() {
    let pool = shop_database().await;
    for amount in [0, -500] {
        let sent = format!("transfer(from 1, to 2, {amount})");
        check_outcome(
            &sent,
            Err(TransferError::InvalidAmount),
            transfer(&pool, 1, 2, amount).await,
        );
        check_balances(&pool, &sent, &[(1, 5000), (2, 1200)]).await;
    }
}

#[tokio::test]
async fn a_refused_transfer_leaves_the_database_usable() {
    let pool = shop_database().await;
    let sent = "transfer(from 3, to 4, 100)  (account 3 holds 0)";
    check_outcome(
        sent,
        Err(TransferError::InsufficientFunds),
        transfer(&pool, 3, 4, 100).await,
    );
    let sent = "transfer(from 4, to 3, 2500), after the refused one";
    check_outcome(sent, Ok(()), transfer(&pool, 4, 3, 2500).await);
    check_balances(&pool, sent, &[(3, 2500), (4, 22500)]).await;
}

#[tokio::test]
async fn money_is_neither_created_nor_destroyed() {
    let pool = shop_database().await;
    let transfers = [
        (7, 2, 3000),
        (2, 99, 4000),
        (2, 5, 4200),
        (5, 8, 6000),
        (5, 8, 5000),
        (6, 6, 100),
        (99, 6, 100),
    ];
    for (from, to, amount) in transfers {
        let _ = transfer(&pool, from, to, amount).await;
    }
    let sent = format!("the transfers (from, to, cents) {transfers:?}");
    check_balances(
        &pool,
        &sent,
        &[
            (1, 5000),
            (2, 0),
            (3, 0),
            (4, 25000),
            (5, 0),
            (6, 3000),
            (7, 12000),
            (8, 5450),
        ],
    )
    .await;
}
