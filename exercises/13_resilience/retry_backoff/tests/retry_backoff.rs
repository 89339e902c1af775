use retry_backoff::{RandomSource, RetryPolicy, Sleeper, TokioSleeper, retry};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

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

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

fn policy(max_attempts: u32, base_ms: u64, cap_ms: u64) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base: ms(base_ms),
        cap: ms(cap_ms),
    }
}

/// A random source that answers `max * numerator / denominator` and
/// remembers every `max` it was asked about.
struct Scripted {
    numerator: u64,
    denominator: u64,
    asked: Vec<u64>,
}

impl Scripted {
    fn fraction(numerator: u64, denominator: u64) -> Self {
        Self {
            numerator,
            denominator,
            asked: Vec::new(),
        }
    }
    fn top() -> Self {
        Self::fraction(1, 1)
    }
}

impl RandomSource for Scripted {
    fn up_to(&mut self, max: u64) -> u64 {
        self.asked.push(max);
        max / self.denominator * self.numerator
    }
}

/// The shared story of one test: attempts and sleeps, in order.
type Log = Rc<RefCell<Vec<String>>>;

/// A sleeper that returns at once and writes each wait into the log.
struct Recorder(Log);

impl Sleeper for Recorder {
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.0
            .borrow_mut()
            .push(format!("sleep {}ms", duration.as_millis()));
        std::future::ready(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallError {
    /// The other service did not answer in time: worth another try.
    Timeout,
    /// The other service said 503: worth another try.
    Unavailable,
    /// The other service said 400: asking again will not help.
    BadRequest,
}

fn is_retryable(error: &CallError) -> bool {
    matches!(error, CallError::Timeout | CallError::Unavailable)
}

/// Runs `retry` over an operation that returns `results` one after the other,
/// and returns its result and the log of attempts and sleeps.
async fn run(
    policy: &RetryPolicy,
    random: &mut Scripted,
    results: &[Result<&'static str, CallError>],
) -> (Result<&'static str, CallError>, Vec<String>) {
    let log: Log = Rc::default();
    let sleeper = Recorder(Rc::clone(&log));
    let outcome = retry(policy, random, &sleeper, is_retryable, |attempt| {
        log.borrow_mut().push(format!("attempt {attempt}"));
        let result = results
            .get(attempt as usize - 1)
            .copied()
            .unwrap_or_else(|| {
                panic!(
                    "\nattempt {attempt} was made, but the test only scripted {} attempts\n",
                    results.len()
                )
            });
        async move { result }
    })
    .await;
    let log = log.borrow().clone();
    (outcome, log)
}

#[test]
fn the_ceiling_doubles_from_the_base() {
    let policy = policy(10, 100, 60_000);
    for (retry, expected) in [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1600)] {
        check(
            &format!("ceiling({retry}) with base 100ms, cap 60s"),
            ms(expected),
            policy.ceiling(retry),
        );
    }
}

#[test]
fn the_ceiling_stops_at_the_cap() {
    let policy = policy(10, 100, 1000);
    for (retry, expected) in [(3, 800), (4, 1000), (5, 1000), (12, 1000)] {
        check(
            &format!("ceiling({retry}) with base 100ms, cap 1s"),
            ms(expected),
            policy.ceiling(retry),
        );
    }
}

#[test]
fn the_ceiling_does_not_overflow_for_huge_retry_numbers() {
    let policy = policy(10, 100, 30_000);
    for retry in [32, 40, 64, 1000, u32::MAX] {
        check(
            &format!("ceiling({retry}) with base 100ms, cap 30s"),
            ms(30_000),
            policy.ceiling(retry),
        );
    }
}

#[test]
fn backoff_is_a_random_number_of_milliseconds_up_to_the_ceiling() {
    let policy = policy(10, 100, 1000);
    let mut random = Scripted::fraction(1, 4);
    let waits: Vec<Duration> = (0..5)
        .map(|retry| policy.backoff(retry, &mut random))
        .collect();
    check(
        "backoff(0..5) with base 100ms, cap 1s: the maximums asked of the random source",
        vec![100, 200, 400, 800, 1000],
        random.asked,
    );
    check(
        "backoff(0..5) with a random source that answers a quarter of the maximum",
        vec![ms(25), ms(50), ms(100), ms(200), ms(250)],
        waits,
    );
}

#[tokio::test]
async fn returns_the_first_success_without_sleeping() {
    let (outcome, log) = run(&policy(5, 100, 1000), &mut Scripted::top(), &[Ok("paid")]).await;
    check(
        "retry over an operation that succeeds at once",
        Ok("paid"),
        outcome,
    );
    check(
        "retry over an operation that succeeds at once: the log",
        vec!["attempt 1"],
        log,
    );
}

#[tokio::test]
async fn sleeps_between_attempts_until_one_succeeds() {
    let results = [
        Err(CallError::Timeout),
        Err(CallError::Unavailable),
        Ok("paid"),
    ];
    let (outcome, log) = run(&policy(5, 100, 1000), &mut Scripted::top(), &results).await;
    check(&format!("retry over {results:?}"), Ok("paid"), outcome);
    check(
        &format!("retry over {results:?} (random source always answers the maximum): the log"),
        vec![
            "attempt 1",
            "sleep 100ms",
            "attempt 2",
            "sleep 200ms",
            "attempt 3",
        ],
        log,
    );
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error() {
    let results = [
        Err(CallError::Timeout),
        Err(CallError::Timeout),
        Err(CallError::Unavailable),
        Ok("too late"),
    ];
    let (outcome, log) = run(&policy(3, 100, 1000), &mut Scripted::top(), &results).await;
    check(
        &format!("retry with max_attempts 3 over {results:?}"),
        Err(CallError::Unavailable),
        outcome,
    );
    check(
        "retry with max_attempts 3 over three failures: the log (no sleep after the last attempt)",
        vec![
            "attempt 1",
            "sleep 100ms",
            "attempt 2",
            "sleep 200ms",
            "attempt 3",
        ],
        log,
    );
}

#[tokio::test]
async fn does_not_retry_a_permanent_error() {
    let results = [
        Err(CallError::Timeout),
        Err(CallError::BadRequest),
        Ok("never"),
    ];
    let (outcome, log) = run(&policy(5, 100, 1000), &mut Scripted::top(), &results).await;
    check(
        &format!("retry over {results:?}"),
        Err(CallError::BadRequest),
        outcome,
    );
    check(
        &format!("retry over {results:?}: the log"),
        vec!["attempt 1", "sleep 100ms", "attempt 2"],
        log,
    );
}

#[tokio::test]
async fn a_single_attempt_policy_never_retries() {
    let results = [Err(CallError::Timeout), Ok("never")];
    let (outcome, log) = run(&policy(1, 100, 1000), &mut Scripted::top(), &results).await;
    check(
        "retry with max_attempts 1 over a timeout",
        Err(CallError::Timeout),
        outcome,
    );
    check(
        "retry with max_attempts 1 over a timeout: the log",
        vec!["attempt 1"],
        log,
    );
}

#[tokio::test]
async fn waits_are_jittered_below_ceilings_that_grow_to_the_cap() {
    let results = [Err(CallError::Timeout); 7];
    let mut random = Scripted::fraction(1, 2);
    let (outcome, log) = run(&policy(7, 100, 1000), &mut random, &results).await;
    check(
        "retry over 7 timeouts with max_attempts 7",
        Err(CallError::Timeout),
        outcome,
    );
    let sleeps: Vec<&String> = log
        .iter()
        .filter(|line| line.starts_with("sleep"))
        .collect();
    check(
        "retry over 7 timeouts, base 100ms, cap 1s, random source answers half the maximum: the sleeps",
        vec![
            "sleep 50ms",
            "sleep 100ms",
            "sleep 200ms",
            "sleep 400ms",
            "sleep 500ms",
            "sleep 500ms",
        ],
        sleeps,
    );
}

#[tokio::test]
async fn works_with_the_real_sleeper() {
    let mut random = Scripted::top();
    let calls = RefCell::new(0);
    let outcome = tokio::time::timeout(
        Duration::from_secs(2),
        retry(
            &policy(4, 1, 5),
            &mut random,
            &TokioSleeper,
            is_retryable,
            |attempt| {
                *calls.borrow_mut() += 1;
                async move {
                    if attempt < 3 {
                        Err(CallError::Timeout)
                    } else {
                        Ok(attempt)
                    }
                }
            },
        ),
    )
    .await
    .expect("retry with base 1ms and TokioSleeper did not finish within 2 s");
    check(
        "retry with TokioSleeper over two timeouts, then a success",
        Ok(3),
        outcome,
    );
    check("the number of calls made", 3, calls.into_inner());
}
