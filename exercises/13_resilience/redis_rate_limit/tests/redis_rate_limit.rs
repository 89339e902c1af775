use std::sync::Arc;
use std::time::{Duration, Instant};

use course_support::{RedisNamespace, redis_namespace};
use redis::aio::{ConnectionLike, MultiplexedConnection};
use redis::{AsyncCommands, Cmd, Pipeline, RedisFuture, Value};
use redis_rate_limit::RateLimiter;
use tokio::sync::Barrier;

const MINUTE: Duration = Duration::from_secs(60);

/// `allow`, which must not fail on a healthy connection.
async fn allow<C>(limiter: &RateLimiter, conn: &mut C, client: &str) -> bool
where
    C: ConnectionLike + Send + Sync,
{
    limiter
        .allow(conn, client)
        .await
        .unwrap_or_else(|e| panic!("\ndid:      allow(\"{client}\")\ngot:      the error {e}\n"))
}

/// `n` requests of `client` in a row: which were allowed.
async fn requests(limiter: &RateLimiter, ns: &RedisNamespace, client: &str, n: usize) -> Vec<bool> {
    let mut conn = ns.connection();
    let mut allowed = Vec::new();
    for _ in 0..n {
        allowed.push(allow(limiter, &mut conn, client).await);
    }
    allowed
}

/// The milliseconds left before `key` expires: -1 when it has no expiry, -2 when
/// there is no such key.
async fn pttl(ns: &RedisNamespace, key: &str) -> i64 {
    ns.connection()
        .pttl(key)
        .await
        .unwrap_or_else(|e| panic!("the test could not read PTTL {key}: {e}"))
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[tokio::test]
async fn the_first_limit_requests_pass_and_the_next_are_refused() {
    let ns = redis_namespace().await;
    let limiter = RateLimiter::new(ns.prefix(), 3, MINUTE);
    check(
        "5 requests from \"alice\", limit 3 per minute: allowed?",
        vec![true, true, true, false, false],
        requests(&limiter, &ns, "alice", 5).await,
    );
}

#[tokio::test]
async fn each_client_has_its_own_counter() {
    let ns = redis_namespace().await;
    let limiter = RateLimiter::new(ns.prefix(), 2, MINUTE);
    requests(&limiter, &ns, "alice", 3).await;
    check(
        "3 requests from \"alice\", then 2 from \"bob\", limit 2 per minute: bob allowed?",
        vec![true, true],
        requests(&limiter, &ns, "bob", 2).await,
    );
}

#[tokio::test]
async fn every_instance_counts_on_the_same_counter() {
    let ns = redis_namespace().await;
    // Two instances of the service: each its own limiter and its own connection.
    let (instance_a, instance_b) = (
        RateLimiter::new(ns.prefix(), 2, MINUTE),
        RateLimiter::new(ns.prefix(), 2, MINUTE),
    );
    let (mut conn_a, mut conn_b) = (ns.new_connection().await, ns.new_connection().await);
    let got = vec![
        allow(&instance_a, &mut conn_a, "alice").await,
        allow(&instance_b, &mut conn_b, "alice").await,
        allow(&instance_a, &mut conn_a, "alice").await,
    ];
    check(
        "requests from \"alice\" through instance A, B, A, limit 2 per minute: allowed?",
        vec![true, true, false],
        got,
    );
}

#[tokio::test]
async fn the_counter_key_expires_when_the_window_ends() {
    let ns = redis_namespace().await;
    let limiter = RateLimiter::new(ns.prefix(), 3, MINUTE);
    requests(&limiter, &ns, "alice", 1).await;
    let key = limiter.key("alice");
    let left = pttl(&ns, &key).await;
    if !(1..=60_000).contains(&left) {
        let meaning = match left {
            -1 => {
                "the counter has no expiry: the client is refused forever once it reaches the limit"
            }
            -2 => "there is no such key: count under RateLimiter::key",
            _ => "that is longer than the window",
        };
        panic!(
            "\ndid:      one request from \"alice\" with a window of 60 s, then PTTL {key}\n\
             expected: between 1 and 60000 (milliseconds left in the window)\n\
             got:      {left}: {meaning}\n"
        );
    }
}

#[tokio::test]
async fn the_window_is_counted_from_the_first_request() {
    let ns = redis_namespace().await;
    let limiter = RateLimiter::new(ns.prefix(), 2, MINUTE);
    requests(&limiter, &ns, "alice", 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    requests(&limiter, &ns, "alice", 2).await;
    let key = limiter.key("alice");
    let left = pttl(&ns, &key).await;
    if !(1..=59_750).contains(&left) {
        let meaning = match left {
            -1 => "the counter has no expiry",
            -2 => "there is no such key: count under RateLimiter::key",
            _ => {
                "a later request set the expiry again and pushed the end of the window back: \
                 a client that keeps retrying would never see its window end. Set the expiry \
                 only when the counter is created"
            }
        };
        panic!(
            "\ndid:      a request from \"alice\" with a window of 60 s; 300 ms later two more \
             (the last one refused); then PTTL {key}\n\
             expected: at most 59700 or so (the window began with the first request)\n\
             got:      {left}: {meaning}\n"
        );
    }
}

#[tokio::test]
async fn a_client_is_let_in_again_when_its_window_ends() {
    let ns = redis_namespace().await;
    let window = Duration::from_millis(500);
    let limiter = RateLimiter::new(ns.prefix(), 2, window);
    let mut conn = ns.connection();
    let start = Instant::now();
    check(
        "2 requests from \"alice\", limit 2 per 500 ms: allowed?",
        vec![true, true],
        requests(&limiter, &ns, "alice", 2).await,
    );
    // The client keeps retrying, every 100 ms.
    let let_in_after = loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if allow(&limiter, &mut conn, "alice").await {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(2) {
            panic!(
                "\ndid:      2 requests from \"alice\", limit 2 per 500 ms, then one more every \
                 100 ms\n\
                 expected: a request allowed again once 500 ms have passed since the first \
                 one\n\
                 got:      every request refused for 2 s: the window never ended. Does every \
                 request set the expiry again, and push the end back?\n"
            );
        }
    };
    if let_in_after < window - Duration::from_millis(50) {
        panic!(
            "\ndid:      2 requests from \"alice\", limit 2 per 500 ms, then one more every \
             100 ms\n\
             expected: the first retry allowed 500 ms or more after the first request\n\
             got:      a retry allowed after {let_in_after:?}, before the window ended. Is the \
             expiry in milliseconds? EXPIRE counts whole seconds, and 500 ms are 0 of them.\n"
        );
    }
}

/// A connection that passes on its first `requests_left` requests and then fails
/// every one, like an instance killed in the middle of `allow`. A request is one
/// command, or one pipeline (a `MULTI`/`EXEC` transaction travels as one).
struct DiesAfter {
    inner: MultiplexedConnection,
    requests_left: usize,
}

fn instance_died() -> redis::RedisError {
    std::io::Error::new(std::io::ErrorKind::ConnectionReset, "the instance died").into()
}

impl ConnectionLike for DiesAfter {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        if self.requests_left == 0 {
            return Box::pin(async { Err(instance_died()) });
        }
        self.requests_left -= 1;
        self.inner.req_packed_command(cmd)
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        if self.requests_left == 0 {
            return Box::pin(async { Err(instance_died()) });
        }
        self.requests_left -= 1;
        self.inner.req_packed_commands(pipeline, offset, count)
    }

    fn get_db(&self) -> i64 {
        self.inner.get_db()
    }
}

#[tokio::test]
async fn an_instance_dying_mid_request_never_leaves_a_counter_without_expiry() {
    let ns = redis_namespace().await;
    let limiter = RateLimiter::new(ns.prefix(), 3, MINUTE);
    for requests_before_death in 0..4 {
        let client = format!("client-{requests_before_death}");
        let mut dying = DiesAfter {
            inner: ns.new_connection().await,
            requests_left: requests_before_death,
        };
        // Whether this returns an error depends on where the instance died.
        let _ = limiter.allow(&mut dying, &client).await;
        let key = limiter.key(&client);
        let left = pttl(&ns, &key).await;
        // Clean up: a counter without expiry would stay in Redis for good.
        let _: Result<usize, _> = ns.connection().del(&key).await;
        if left == -1 {
            panic!(
                "\ndid:      allow(\"{client}\") on an instance that died after sending \
                 {requests_before_death} request(s) to Redis; then PTTL {key}\n\
                 expected: -2 (no counter) or the milliseconds left in the window\n\
                 got:      -1: the counter exists and has no expiry. This client will be \
                 refused forever once it reaches the limit. INCR ran, and the command that sets \
                 the expiry never did: make them one atomic step (a Lua script, or MULTI/EXEC).\n"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exactly_limit_of_many_concurrent_requests_pass() {
    let ns = redis_namespace().await;
    let limiter = Arc::new(RateLimiter::new(ns.prefix(), 10, MINUTE));
    let requests = 50;
    let start = Arc::new(Barrier::new(requests));
    let mut tasks = Vec::new();
    for _ in 0..requests {
        // Every request through an instance of its own, with its own connection.
        let mut conn = ns.new_connection().await;
        let (limiter, start) = (limiter.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            limiter.allow(&mut conn, "alice").await
        }));
    }
    let mut allowed = 0;
    for task in tasks {
        match task.await.expect("a request task panicked") {
            Ok(true) => allowed += 1,
            Ok(false) => {}
            Err(e) => panic!("\ndid:      allow(\"alice\"), 50 at once\ngot:      the error {e}\n"),
        }
    }
    if allowed != 10 {
        let why = if allowed > 10 {
            "\nRequests that read the count before the others had counted decided on a stale \
             number. Let INCR count, and decide on the number it returns."
        } else {
            ""
        };
        panic!(
            "\ndid:      50 requests from \"alice\" at once, each through its own connection, \
             limit 10 per minute\n\
             expected: 10 allowed\n\
             got:      {allowed} allowed{why}\n"
        );
    }
}
