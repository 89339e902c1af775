use broker_acks::{AckError, Broker, Clock, Config, Delivery, Message, Receipt};
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

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

/// A clock that only moves when the test says so.
#[derive(Clone)]
struct ManualClock {
    start: Instant,
    elapsed: Rc<Cell<Duration>>,
}

impl ManualClock {
    fn advance(&self, by: Duration) {
        self.elapsed.set(self.elapsed.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed.get()
    }
}

fn secs(secs: u64) -> Duration {
    Duration::from_secs(secs)
}

/// A broker with a 30 s visibility timeout and up to `max_deliveries` deliveries.
fn broker(max_deliveries: u32) -> (Broker<ManualClock>, ManualClock) {
    let clock = ManualClock {
        start: Instant::now(),
        elapsed: Rc::default(),
    };
    let config = Config {
        visibility_timeout: secs(30),
        max_deliveries,
    };
    (Broker::new(config, clock.clone()), clock)
}

fn delivery(message_id: u64, delivery: u32, body: &str) -> Option<Delivery> {
    Some(Delivery {
        receipt: Receipt {
            message_id,
            delivery,
        },
        body: body.to_string(),
    })
}

/// Receives and insists that there was a message.
#[track_caller]
fn receive(broker: &mut Broker<ManualClock>, did: &str) -> Delivery {
    broker
        .receive()
        .unwrap_or_else(|| panic!("\ndid:      {did}\nexpected: a delivery\ngot:      None\n"))
}

#[test]
fn delivers_messages_in_publish_order() {
    let (mut broker, _clock) = broker(5);
    broker.publish("order 17 placed");
    broker.publish("order 18 placed");
    check(
        "published 2 messages, receive()",
        delivery(1, 1, "order 17 placed"),
        broker.receive(),
    );
    check(
        "then receive() again",
        delivery(2, 1, "order 18 placed"),
        broker.receive(),
    );
    check("then receive() on an empty queue", None, broker.receive());
}

#[test]
fn an_acked_message_is_gone_for_good() {
    let (mut broker, clock) = broker(5);
    broker.publish("order 17 placed");
    let got = receive(&mut broker, "published 1 message, receive()");
    check("ack() the delivery", Ok(()), broker.ack(got.receipt));
    clock.advance(secs(60));
    check("acked, 60 s passed, receive()", None, broker.receive());
}

#[test]
fn an_unacked_message_comes_back_after_the_visibility_timeout() {
    let (mut broker, clock) = broker(5);
    broker.publish("order 17 placed");
    receive(&mut broker, "published 1 message, receive()");
    check(
        "received, not acked, receive() at once",
        None,
        broker.receive(),
    );
    clock.advance(Duration::from_millis(29_999));
    check(
        "received, not acked, receive() after 29.999 s (timeout 30 s)",
        None,
        broker.receive(),
    );
    clock.advance(Duration::from_millis(1));
    check(
        "received, not acked, receive() after 30 s",
        delivery(1, 2, "order 17 placed"),
        broker.receive(),
    );
}

#[test]
fn nack_brings_the_message_back_at_once_ahead_of_newer_ones() {
    let (mut broker, _clock) = broker(5);
    broker.publish("order 17 placed");
    broker.publish("order 18 placed");
    let first = receive(&mut broker, "published 2 messages, receive()");
    check(
        "nack() the first delivery",
        Ok(()),
        broker.nack(first.receipt),
    );
    check(
        "nacked message 1, receive()",
        delivery(1, 2, "order 17 placed"),
        broker.receive(),
    );
    check(
        "then receive() again",
        delivery(2, 1, "order 18 placed"),
        broker.receive(),
    );
}

#[test]
fn a_receipt_from_an_older_delivery_is_refused() {
    let (mut broker, clock) = broker(5);
    broker.publish("order 17 placed");
    let old = receive(&mut broker, "published 1 message, receive()");
    clock.advance(secs(30));
    let new = receive(&mut broker, "timeout passed, receive() again");
    check(
        "a slow consumer acks the first delivery while the second is in flight",
        Err(AckError::UnknownReceipt(old.receipt)),
        broker.ack(old.receipt),
    );
    check(
        "...: and nacks it",
        Err(AckError::UnknownReceipt(old.receipt)),
        broker.nack(old.receipt),
    );
    check(
        "the second consumer acks the second delivery",
        Ok(()),
        broker.ack(new.receipt),
    );
}

#[test]
fn an_ack_after_the_visibility_timeout_is_refused() {
    let (mut broker, clock) = broker(5);
    broker.publish("order 17 placed");
    let late = receive(&mut broker, "published 1 message, receive()");
    clock.advance(secs(31));
    check(
        "received, then ack() 31 s later (timeout 30 s)",
        Err(AckError::UnknownReceipt(late.receipt)),
        broker.ack(late.receipt),
    );
    check(
        "then receive()",
        delivery(1, 2, "order 17 placed"),
        broker.receive(),
    );
}

#[test]
fn acking_twice_or_acking_nonsense_is_refused() {
    let (mut broker, _clock) = broker(5);
    broker.publish("order 17 placed");
    let got = receive(&mut broker, "published 1 message, receive()");
    check("first ack()", Ok(()), broker.ack(got.receipt));
    check(
        "second ack() of the same delivery",
        Err(AckError::UnknownReceipt(got.receipt)),
        broker.ack(got.receipt),
    );
    let made_up = Receipt {
        message_id: 99,
        delivery: 1,
    };
    check(
        "ack() of a receipt never handed out",
        Err(AckError::UnknownReceipt(made_up)),
        broker.ack(made_up),
    );
}

#[test]
fn expired_messages_come_back_in_id_order_before_newer_ones() {
    let (mut broker, clock) = broker(5);
    for body in ["order 17 placed", "order 18 placed", "order 19 placed"] {
        broker.publish(body);
    }
    receive(&mut broker, "receive() message 1");
    receive(&mut broker, "receive() message 2");
    broker.publish("order 20 placed");
    clock.advance(secs(30));
    let order: Vec<Option<Delivery>> = (0..5).map(|_| broker.receive()).collect();
    check(
        "received 1 and 2, published 4, timeout passed, then 5 receive()s",
        vec![
            delivery(1, 2, "order 17 placed"),
            delivery(2, 2, "order 18 placed"),
            delivery(3, 1, "order 19 placed"),
            delivery(4, 1, "order 20 placed"),
            None,
        ],
        order,
    );
}

#[test]
fn a_message_nacked_max_deliveries_times_goes_to_the_dead_letter_queue() {
    let (mut broker, _clock) = broker(3);
    broker.publish("order 666: total is not a number");
    broker.publish("order 18 placed");
    for attempt in 1..=3 {
        let got = receive(
            &mut broker,
            &format!("receive() number {attempt} of the poison message"),
        );
        check(
            &format!("delivery number {attempt}: its receipt"),
            Receipt {
                message_id: 1,
                delivery: attempt,
            },
            got.receipt,
        );
        check(
            &format!("nack() delivery number {attempt}"),
            Ok(()),
            broker.nack(got.receipt),
        );
    }
    check(
        "nacked 3 times with max_deliveries 3: the dead-letter queue",
        vec![Message {
            id: 1,
            body: "order 666: total is not a number".into(),
            deliveries: 3,
        }],
        broker.dead_letters().to_vec(),
    );
    check(
        "then receive()",
        delivery(2, 1, "order 18 placed"),
        broker.receive(),
    );
}

#[test]
fn expired_deliveries_count_toward_max_deliveries_too() {
    let (mut broker, clock) = broker(2);
    broker.publish("order 17 placed");
    receive(&mut broker, "receive() the message");
    clock.advance(secs(30));
    receive(&mut broker, "timeout passed, receive() it again");
    clock.advance(secs(30));
    check(
        "timeout passed twice with max_deliveries 2, receive()",
        None,
        broker.receive(),
    );
    check(
        "...: the dead-letter queue",
        vec![Message {
            id: 1,
            body: "order 17 placed".into(),
            deliveries: 2,
        }],
        broker.dead_letters().to_vec(),
    );
    check("...: messages ready", 0, broker.ready_len());
}
