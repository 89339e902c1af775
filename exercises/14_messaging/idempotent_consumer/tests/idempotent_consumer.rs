use idempotent_consumer::{Consumer, Delivery, Event, Ledger, LedgerError, Outcome, ProcessedIds};

#[track_caller]
fn check<E, G>(did: &str, expected: E, got: G)
where
    E: std::fmt::Debug,
    G: std::fmt::Debug + PartialEq<E>,
{
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

fn deposit(id: &str, account: &str, amount_cents: u64) -> Delivery {
    Delivery {
        message_id: id.to_string(),
        event: Event::Deposit {
            account: account.to_string(),
            amount_cents,
        },
    }
}

fn withdrawal(id: &str, account: &str, amount_cents: u64) -> Delivery {
    Delivery {
        message_id: id.to_string(),
        event: Event::Withdrawal {
            account: account.to_string(),
            amount_cents,
        },
    }
}

fn consumer() -> Consumer {
    Consumer::new(Ledger::new(), 1000)
}

#[test]
fn applies_a_new_message() {
    let mut consumer = consumer();
    let message = deposit("msg-1", "acct_lin", 2500);
    check(
        &format!("handle({message:?})"),
        Ok(Outcome::Applied),
        consumer.handle(&message),
    );
    check(
        "...: balance of acct_lin",
        2500,
        consumer.ledger.balance("acct_lin"),
    );
}

#[test]
fn drops_a_redelivered_message() {
    let mut consumer = consumer();
    let message = deposit("msg-1", "acct_lin", 2500);
    consumer.handle(&message).ok();
    check(
        &format!("handle({message:?}) a second time"),
        Ok(Outcome::Duplicate),
        consumer.handle(&message),
    );
    check(
        "...: balance of acct_lin",
        2500,
        consumer.ledger.balance("acct_lin"),
    );
    check(
        "...: effects applied by the ledger",
        1,
        consumer.ledger.effects(),
    );
}

#[test]
fn deduplicates_by_message_id_not_by_content() {
    let mut consumer = consumer();
    let first = deposit("msg-1", "acct_lin", 500);
    let second = deposit("msg-2", "acct_lin", 500);
    consumer.handle(&first).ok();
    check(
        "two deposits of 500 with ids msg-1 and msg-2: the second handle()",
        Ok(Outcome::Applied),
        consumer.handle(&second),
    );
    check(
        "...: balance of acct_lin",
        1000,
        consumer.ledger.balance("acct_lin"),
    );
}

#[test]
fn a_transient_failure_is_not_recorded_so_the_redelivery_applies_it() {
    let mut consumer = consumer();
    let message = deposit("msg-1", "acct_lin", 2500);
    consumer.ledger.set_unavailable(true);
    check(
        &format!("handle({message:?}) while the ledger is unavailable"),
        Err(LedgerError::Unavailable),
        consumer.handle(&message),
    );
    consumer.ledger.set_unavailable(false);
    check(
        "the ledger is back, the broker redelivers msg-1: handle()",
        Ok(Outcome::Applied),
        consumer.handle(&message),
    );
    check(
        "...: balance of acct_lin",
        2500,
        consumer.ledger.balance("acct_lin"),
    );
}

#[test]
fn a_permanently_rejected_message_is_recorded_and_not_retried() {
    let mut consumer = consumer();
    consumer.handle(&deposit("msg-1", "acct_lin", 1000)).ok();
    let too_much = withdrawal("msg-2", "acct_lin", 4000);
    let refused = LedgerError::InsufficientFunds {
        account: "acct_lin".into(),
        balance_cents: 1000,
    };
    check(
        &format!("deposited 1000, then handle({too_much:?})"),
        Ok(Outcome::Rejected(refused)),
        consumer.handle(&too_much),
    );
    consumer.handle(&deposit("msg-3", "acct_lin", 5000)).ok();
    check(
        "then deposited 5000 more, and msg-2 was redelivered: handle()",
        Ok(Outcome::Duplicate),
        consumer.handle(&too_much),
    );
    check(
        "...: balance of acct_lin",
        6000,
        consumer.ledger.balance("acct_lin"),
    );
}

#[test]
fn effects_happen_exactly_once_under_at_least_once_delivery() {
    let mut consumer = consumer();
    // What a broker might do after lost acks and a consumer restart:
    // redeliveries, some of them late and out of order.
    let stream = [
        deposit("m1", "acct_lin", 1000),
        deposit("m2", "acct_oren", 300),
        deposit("m1", "acct_lin", 1000),
        withdrawal("m3", "acct_lin", 400),
        deposit("m2", "acct_oren", 300),
        withdrawal("m3", "acct_lin", 400),
        deposit("m4", "acct_oren", 50),
        deposit("m1", "acct_lin", 1000),
    ];
    let outcomes: Vec<Result<Outcome, LedgerError>> =
        stream.iter().map(|d| consumer.handle(d)).collect();
    use Outcome::{Applied, Duplicate};
    check(
        "handled m1, m2, m1, m3, m2, m3, m4, m1: the outcomes",
        vec![
            Ok(Applied),
            Ok(Applied),
            Ok(Duplicate),
            Ok(Applied),
            Ok(Duplicate),
            Ok(Duplicate),
            Ok(Applied),
            Ok(Duplicate),
        ],
        outcomes,
    );
    check(
        "...: balances of (acct_lin, acct_oren)",
        (600, 350),
        (
            consumer.ledger.balance("acct_lin"),
            consumer.ledger.balance("acct_oren"),
        ),
    );
    check(
        "...: effects applied by the ledger",
        4,
        consumer.ledger.effects(),
    );
}

#[test]
fn processed_ids_reports_whether_an_id_was_new() {
    let mut ids = ProcessedIds::new(10);
    check("insert(\"a\") into an empty set", true, ids.insert("a"));
    check("insert(\"a\") again", false, ids.insert("a"));
    check("contains(\"a\")", true, ids.contains("a"));
    check("contains(\"b\")", false, ids.contains("b"));
    check("len()", 1, ids.len());
}

#[test]
fn processed_ids_forgets_the_oldest_beyond_its_capacity() {
    let mut ids = ProcessedIds::new(3);
    for id in ["a", "b", "c", "b", "d"] {
        ids.insert(id);
    }
    let remembered: Vec<bool> = ["a", "b", "c", "d"]
        .iter()
        .map(|id| ids.contains(id))
        .collect();
    check(
        "capacity 3, inserted a, b, c, b, d: contains a, b, c, d",
        vec![false, true, true, true],
        remembered,
    );
    check("...: len()", 3, ids.len());
}

#[test]
fn a_duplicate_older_than_the_window_is_applied_again() {
    // The trade-off of a bounded store, shown on purpose: choose the capacity
    // to cover the longest time a redelivery can take.
    let mut consumer = Consumer::new(Ledger::new(), 2);
    for message in [
        deposit("m1", "acct_lin", 100),
        deposit("m2", "acct_lin", 100),
        deposit("m3", "acct_lin", 100),
    ] {
        consumer.handle(&message).ok();
    }
    check(
        "capacity 2, handled m1, m2, m3, then m1 again: handle()",
        Ok(Outcome::Applied),
        consumer.handle(&deposit("m1", "acct_lin", 100)),
    );
    check(
        "...: then m3 again",
        Ok(Outcome::Duplicate),
        consumer.handle(&deposit("m3", "acct_lin", 100)),
    );
}
