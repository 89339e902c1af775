use bulkhead::{Bulkhead, Rejected};
use futures_util::FutureExt;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::oneshot;

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

type Call<'a> = Pin<Box<dyn Future<Output = Result<&'static str, Rejected>> + 'a>>;

/// Starts a call through the bulkhead that runs until the returned sender
/// is used (or dropped), and polls it once, as an executor would. The log
/// records when the call's own code starts.
fn start<'a>(
    bulkhead: &'a Bulkhead,
    name: &'static str,
    log: &'a RefCell<Vec<&'static str>>,
) -> (Call<'a>, oneshot::Sender<()>) {
    let (finish, finished) = oneshot::channel();
    let mut call: Call<'a> = Box::pin(bulkhead.run(async move {
        log.borrow_mut().push(name);
        let _ = finished.await;
        name
    }));
    if let Some(result) = call.as_mut().now_or_never() {
        panic!(
            "\ndid:      started call {name:?}, which waits for a signal\nexpected: it is still pending\ngot:      it finished with {result:?}\n"
        );
    }
    (call, finish)
}

/// `(running, waiting)` as the bulkhead reports it.
fn load(bulkhead: &Bulkhead) -> (usize, usize) {
    (bulkhead.running(), bulkhead.waiting())
}

#[tokio::test]
async fn runs_a_call_and_returns_its_output() {
    let bulkhead = Bulkhead::new(2, 0);
    let got = bulkhead.run(async { 6 * 7 }).await;
    check("run(async { 6 * 7 }) on an idle bulkhead", Ok(42), got);
    check(
        "after the call: (running, waiting)",
        (0, 0),
        load(&bulkhead),
    );
}

#[tokio::test]
async fn holds_a_slot_while_the_call_runs() {
    let bulkhead = Bulkhead::new(2, 0);
    let log = RefCell::new(vec![]);
    let (call, finish) = start(&bulkhead, "a", &log);
    check(
        "started call a (max 2): (running, waiting)",
        (1, 0),
        load(&bulkhead),
    );
    check(
        "started call a: calls that began running",
        vec!["a"],
        log.borrow().clone(),
    );
    finish.send(()).unwrap();
    check("let call a finish: its output", Ok("a"), call.await);
    check(
        "call a finished: (running, waiting)",
        (0, 0),
        load(&bulkhead),
    );
}

#[tokio::test]
async fn rejects_at_once_when_every_slot_is_busy_and_there_is_no_line() {
    let bulkhead = Bulkhead::new(2, 0);
    let log = RefCell::new(vec![]);
    let _a = start(&bulkhead, "a", &log);
    let _b = start(&bulkhead, "b", &log);
    let polled = RefCell::new(false);
    let third = bulkhead
        .run(async {
            *polled.borrow_mut() = true;
            "c"
        })
        .now_or_never();
    check(
        "max 2 running, no line, a and b running, then run(c) polled once",
        Some(Err(Rejected)),
        third,
    );
    check(
        "...: was the rejected call's future polled",
        false,
        *polled.borrow(),
    );
    check("...: (running, waiting)", (2, 0), load(&bulkhead));
}

#[tokio::test]
async fn lets_up_to_max_waiting_calls_wait_in_line_then_rejects() {
    let bulkhead = Bulkhead::new(1, 2);
    let log = RefCell::new(vec![]);
    let _a = start(&bulkhead, "a", &log);
    let _b = start(&bulkhead, "b", &log);
    let _c = start(&bulkhead, "c", &log);
    check(
        "max 1 running, line of 2, started a, b, c: (running, waiting)",
        (1, 2),
        load(&bulkhead),
    );
    check(
        "...: calls that began running",
        vec!["a"],
        log.borrow().clone(),
    );
    check(
        "...: then run(d) polled once",
        Some(Err(Rejected)),
        bulkhead.run(async { "d" }).now_or_never(),
    );
}

#[tokio::test]
async fn waiting_calls_start_in_arrival_order_as_slots_free_up() {
    let bulkhead = Bulkhead::new(1, 2);
    let log = RefCell::new(vec![]);
    let (a, finish_a) = start(&bulkhead, "a", &log);
    let (mut b, finish_b) = start(&bulkhead, "b", &log);
    let (mut c, finish_c) = start(&bulkhead, "c", &log);

    finish_a.send(()).unwrap();
    check("a finished", Ok("a"), a.await);
    // Poll c before b: the freed slot still belongs to b, which came first.
    let c_now = c.as_mut().now_or_never();
    let b_now = b.as_mut().now_or_never();
    check(
        "a finished, then c and b polled once: (c, b) results so far",
        (None, None),
        (c_now, b_now),
    );
    check(
        "...: calls that began running",
        vec!["a", "b"],
        log.borrow().clone(),
    );
    check("...: (running, waiting)", (1, 1), load(&bulkhead));

    finish_b.send(()).unwrap();
    check("b finished", Ok("b"), b.await);
    finish_c.send(()).unwrap();
    check("c finished", Ok("c"), c.await);
    check(
        "all done: calls that began running",
        vec!["a", "b", "c"],
        log.into_inner(),
    );
    check("all done: (running, waiting)", (0, 0), load(&bulkhead));
}

#[tokio::test]
async fn a_failed_call_gives_its_slot_back() {
    let bulkhead = Bulkhead::new(1, 0);
    let failed = bulkhead
        .run(async { Err::<u32, _>("502 from the inventory service") })
        .await;
    check(
        "run(a call that fails) on an idle bulkhead",
        Ok(Err("502 from the inventory service")),
        failed,
    );
    check(
        "after the failure: (running, waiting)",
        (0, 0),
        load(&bulkhead),
    );
    check(
        "after the failure, run(async { 1 })",
        Some(Ok(1)),
        bulkhead.run(async { 1 }).now_or_never(),
    );
}

#[tokio::test]
async fn a_cancelled_running_call_gives_its_slot_back() {
    let bulkhead = Bulkhead::new(1, 0);
    let log = RefCell::new(vec![]);
    let (call, _finish) = start(&bulkhead, "a", &log);
    drop(call); // e.g. a timeout gave up on it
    check(
        "started call a, then dropped it: (running, waiting)",
        (0, 0),
        load(&bulkhead),
    );
    check(
        "...: then run(async { \"b\" }) polled once",
        Some(Ok("b")),
        bulkhead.run(async { "b" }).now_or_never(),
    );
}

#[tokio::test]
async fn a_cancelled_waiting_call_gives_its_place_in_line_back() {
    let bulkhead = Bulkhead::new(1, 1);
    let log = RefCell::new(vec![]);
    let (_a, _finish_a) = start(&bulkhead, "a", &log);
    let (b, _finish_b) = start(&bulkhead, "b", &log);
    check(
        "max 1 running, line of 1, started a and b: (running, waiting)",
        (1, 1),
        load(&bulkhead),
    );
    drop(b);
    check(
        "...: then dropped the waiting b: (running, waiting)",
        (1, 0),
        load(&bulkhead),
    );
    let (_c, _finish_c) = start(&bulkhead, "c", &log);
    check(
        "...: then started c: (running, waiting)",
        (1, 1),
        load(&bulkhead),
    );
    check(
        "...: calls that began running",
        vec!["a"],
        log.borrow().clone(),
    );
}

#[tokio::test]
async fn never_runs_more_than_max_concurrent_calls_at_once() {
    let bulkhead = Arc::new(Bulkhead::new(3, 100));
    let now = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let (bulkhead, now, peak) =
                (Arc::clone(&bulkhead), Arc::clone(&now), Arc::clone(&peak));
            tokio::spawn(async move {
                bulkhead
                    .run(async {
                        let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(current, Ordering::SeqCst);
                        for _ in 0..3 {
                            tokio::task::yield_now().await;
                        }
                        now.fetch_sub(1, Ordering::SeqCst);
                        i
                    })
                    .await
            })
        })
        .collect();
    let mut done = vec![];
    for task in tasks {
        let result = tokio::time::timeout(Duration::from_secs(2), task)
            .await
            .expect("a call through the bulkhead did not finish within 2 s")
            .expect("a task panicked");
        done.push(result);
    }
    check(
        "20 calls through a bulkhead of 3 with a line of 100: results",
        (0..20).map(Ok).collect::<Vec<_>>(),
        done,
    );
    check(
        "...: was the most calls running at once at most 3",
        true,
        peak.load(Ordering::SeqCst) <= 3,
    );
}
