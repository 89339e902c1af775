use circuit_breaker::{CallError, CircuitBreaker, Clock, Config, Rejected, State};
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
    fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Rc::default(),
        }
    }
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

/// A breaker that opens after 3 consecutive failures and cools down for 30 s.
fn breaker() -> (CircuitBreaker<ManualClock>, ManualClock) {
    let clock = ManualClock::new();
    let config = Config {
        failure_threshold: 3,
        cool_down: secs(30),
    };
    (CircuitBreaker::new(config, clock.clone()), clock)
}

fn fail(
    breaker: &mut CircuitBreaker<ManualClock>,
) -> Result<&'static str, CallError<&'static str>> {
    breaker.call(|| Err("503 Service Unavailable"))
}

fn succeed(
    breaker: &mut CircuitBreaker<ManualClock>,
) -> Result<&'static str, CallError<&'static str>> {
    breaker.call(|| Ok("200 OK"))
}

#[test]
fn starts_closed_and_lets_calls_through() {
    let (mut breaker, _clock) = breaker();
    check("state() of a new breaker", State::Closed, breaker.state());
    check(
        "call(|| Ok(\"200 OK\")) on a new breaker",
        Ok("200 OK"),
        succeed(&mut breaker),
    );
    check(
        "call(|| Err(\"503 Service Unavailable\")) on a new breaker",
        Err(CallError::Failed("503 Service Unavailable")),
        fail(&mut breaker),
    );
}

#[test]
fn opens_after_the_threshold_of_consecutive_failures() {
    let (mut breaker, _clock) = breaker();
    fail(&mut breaker).ok();
    fail(&mut breaker).ok();
    check(
        "2 failures with a threshold of 3: state()",
        State::Closed,
        breaker.state(),
    );
    fail(&mut breaker).ok();
    check(
        "3 failures with a threshold of 3: state()",
        State::Open,
        breaker.state(),
    );
}

#[test]
fn a_success_resets_the_failure_count() {
    let (mut breaker, _clock) = breaker();
    fail(&mut breaker).ok();
    fail(&mut breaker).ok();
    succeed(&mut breaker).ok();
    fail(&mut breaker).ok();
    fail(&mut breaker).ok();
    check(
        "fail, fail, succeed, fail, fail with a threshold of 3: state()",
        State::Closed,
        breaker.state(),
    );
}

#[test]
fn an_open_breaker_rejects_calls_without_making_them() {
    let (mut breaker, _clock) = breaker();
    for _ in 0..3 {
        fail(&mut breaker).ok();
    }
    let mut made = false;
    let result = breaker.call(|| {
        made = true;
        Ok::<_, &str>("200 OK")
    });
    check(
        "call() on an open breaker",
        Err(CallError::Rejected),
        result,
    );
    check(
        "call() on an open breaker: was the operation run",
        false,
        made,
    );
    check(
        "before_call() on an open breaker",
        Err(Rejected),
        breaker.before_call(),
    );
}

#[test]
fn stays_open_until_the_cool_down_has_passed() {
    let (mut breaker, clock) = breaker();
    for _ in 0..3 {
        fail(&mut breaker).ok();
    }
    clock.advance(Duration::from_millis(29_999));
    check(
        "opened, then 29.999 s passed (cool-down 30 s): state()",
        State::Open,
        breaker.state(),
    );
    check(
        "opened, then 29.999 s passed (cool-down 30 s): before_call()",
        Err(Rejected),
        breaker.before_call(),
    );
    clock.advance(Duration::from_millis(1));
    check(
        "opened, then exactly 30 s passed: state()",
        State::HalfOpen,
        breaker.state(),
    );
}

#[test]
fn half_open_lets_exactly_one_trial_call_through() {
    let (mut breaker, clock) = breaker();
    for _ in 0..3 {
        fail(&mut breaker).ok();
    }
    clock.advance(secs(30));
    check(
        "cool-down passed, first before_call() (the trial)",
        Ok(()),
        breaker.before_call(),
    );
    check("trial in flight: state()", State::HalfOpen, breaker.state());
    check(
        "trial in flight, second before_call()",
        Err(Rejected),
        breaker.before_call(),
    );
    clock.advance(secs(60));
    check(
        "trial still in flight a minute later, third before_call()",
        Err(Rejected),
        breaker.before_call(),
    );
}

#[test]
fn a_successful_trial_closes_the_breaker() {
    let (mut breaker, clock) = breaker();
    for _ in 0..3 {
        fail(&mut breaker).ok();
    }
    clock.advance(secs(30));
    check(
        "cool-down passed, trial call succeeds",
        Ok("200 OK"),
        succeed(&mut breaker),
    );
    check(
        "after a successful trial: state()",
        State::Closed,
        breaker.state(),
    );
    // The failure count starts from 0 again.
    fail(&mut breaker).ok();
    fail(&mut breaker).ok();
    check(
        "after a successful trial, 2 failures (threshold 3): state()",
        State::Closed,
        breaker.state(),
    );
}

#[test]
fn a_failed_trial_opens_the_breaker_for_a_full_new_cool_down() {
    let (mut breaker, clock) = breaker();
    for _ in 0..3 {
        fail(&mut breaker).ok();
    }
    clock.advance(secs(45));
    check(
        "cool-down passed, trial call fails",
        Err(CallError::Failed("503 Service Unavailable")),
        fail(&mut breaker),
    );
    check(
        "after a failed trial: state()",
        State::Open,
        breaker.state(),
    );
    clock.advance(secs(29));
    check(
        "29 s after the failed trial: state()",
        State::Open,
        breaker.state(),
    );
    check(
        "29 s after the failed trial: call()",
        Err(CallError::Rejected),
        succeed(&mut breaker),
    );
    clock.advance(secs(1));
    check(
        "30 s after the failed trial: state()",
        State::HalfOpen,
        breaker.state(),
    );
    check(
        "30 s after the failed trial: call() (the new trial)",
        Ok("200 OK"),
        succeed(&mut breaker),
    );
    check(
        "after the new trial succeeded: state()",
        State::Closed,
        breaker.state(),
    );
}

#[test]
fn a_late_result_while_open_changes_nothing() {
    let clock = ManualClock::new();
    let config = Config {
        failure_threshold: 1,
        cool_down: secs(30),
    };
    let mut breaker = CircuitBreaker::new(config, clock.clone());
    // Two calls are admitted while closed and run at the same time.
    check(
        "first before_call() on a closed breaker",
        Ok(()),
        breaker.before_call(),
    );
    check(
        "second before_call() on a closed breaker",
        Ok(()),
        breaker.before_call(),
    );
    breaker.on_failure();
    check(
        "threshold 1, the first call failed: state()",
        State::Open,
        breaker.state(),
    );
    clock.advance(secs(10));
    breaker.on_success();
    check(
        "then, 10 s later, the second call reported success: state()",
        State::Open,
        breaker.state(),
    );
    breaker.on_failure();
    clock.advance(secs(20));
    check(
        "a late failure did not restart the cool-down: state() 30 s after opening",
        State::HalfOpen,
        breaker.state(),
    );
}
