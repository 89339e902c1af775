use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ttl_cache::{Clock, TtlCache};

/// A clock that only moves when the test says so. Clones share the same time.
#[derive(Clone)]
struct FakeClock(Arc<Mutex<Instant>>);

impl FakeClock {
    fn new() -> Self {
        FakeClock(Arc::new(Mutex::new(Instant::now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

const MINUTE: Duration = Duration::from_secs(60);

/// A cache with a default TTL of one minute and the clock that drives it.
fn cache() -> (TtlCache<String, u32, FakeClock>, FakeClock) {
    let clock = FakeClock::new();
    (TtlCache::new(clock.clone(), MINUTE), clock)
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

#[test]
fn returns_a_fresh_value() {
    let (mut cache, clock) = cache();
    cache.insert("price".to_string(), 42);
    check(
        "insert price=42 (TTL 60 s); get(\"price\") at once",
        Some(&42),
        cache.get("price"),
    );
    clock.advance(Duration::from_secs(59));
    check(
        "... and get(\"price\") 59 s after the insert",
        Some(&42),
        cache.get("price"),
    );
    check(
        "... and get(\"stock\") (never inserted)",
        None,
        cache.get("stock"),
    );
}

#[test]
fn an_entry_expires_exactly_when_its_ttl_is_over() {
    let (mut cache, clock) = cache();
    cache.insert("price".to_string(), 42);
    clock.advance(MINUTE - Duration::from_millis(1));
    check(
        "insert price=42 (TTL 60 s); get(\"price\") 59.999 s later",
        Some(&42),
        cache.get("price"),
    );
    clock.advance(Duration::from_millis(1));
    check(
        "... and get(\"price\") exactly 60 s after the insert",
        None,
        cache.get("price"),
    );
}

#[test]
fn reading_an_expired_entry_removes_it() {
    let (mut cache, clock) = cache();
    cache.insert("price".to_string(), 42);
    cache.insert("stock".to_string(), 7);
    clock.advance(2 * MINUTE);
    check(
        "insert price and stock; 2 min later: len() before any read",
        2,
        cache.len(),
    );
    cache.get("price");
    check(
        "... then get(\"price\") and len() (the expired price is gone, stock waits for a read or a purge)",
        1,
        cache.len(),
    );
}

#[test]
fn each_entry_can_have_its_own_ttl() {
    let (mut cache, clock) = cache();
    cache.insert_with_ttl("session".to_string(), 1, Duration::from_secs(10));
    cache.insert_with_ttl("config".to_string(), 2, Duration::from_secs(3600));
    cache.insert("price".to_string(), 3);
    clock.advance(Duration::from_secs(30));
    check(
        "session (TTL 10 s), config (TTL 1 h), price (default 60 s); get(\"session\") after 30 s",
        None,
        cache.get("session"),
    );
    check(
        "... get(\"price\") after 30 s",
        Some(&3),
        cache.get("price"),
    );
    clock.advance(Duration::from_secs(1800));
    check("... get(\"price\") after 30 min", None, cache.get("price"));
    check(
        "... get(\"config\") after 30 min",
        Some(&2),
        cache.get("config"),
    );
}

#[test]
fn inserting_again_replaces_the_value_and_restarts_the_ttl() {
    let (mut cache, clock) = cache();
    cache.insert("price".to_string(), 42);
    clock.advance(Duration::from_secs(50));
    cache.insert("price".to_string(), 45);
    clock.advance(Duration::from_secs(50));
    check(
        "insert price=42; 50 s later insert price=45; get(\"price\") 50 s after that",
        Some(&45),
        cache.get("price"),
    );
    check("... and len()", 1, cache.len());
}

#[test]
fn purge_removes_only_the_expired_entries() {
    let (mut cache, clock) = cache();
    cache.insert("a".to_string(), 1);
    cache.insert("b".to_string(), 2);
    clock.advance(Duration::from_secs(40));
    cache.insert("c".to_string(), 3);
    clock.advance(Duration::from_secs(40));
    check(
        "insert a, b; 40 s later insert c; 40 s later purge_expired()",
        2,
        cache.purge_expired(),
    );
    check("... then len()", 1, cache.len());
    check("... then get(\"c\")", Some(&3), cache.get("c"));
    check(
        "... then purge_expired() again at once",
        0,
        cache.purge_expired(),
    );
    clock.advance(Duration::from_secs(20));
    check(
        "... then purge_expired() 20 s later (c expires now)",
        1,
        cache.purge_expired(),
    );
    check("... then is_empty()", true, cache.is_empty());
}

#[test]
fn remove_returns_only_a_fresh_value() {
    let (mut cache, clock) = cache();
    cache.insert("a".to_string(), 1);
    cache.insert_with_ttl("b".to_string(), 2, Duration::from_secs(1));
    clock.advance(Duration::from_secs(5));
    check(
        "insert a (60 s), b (1 s); 5 s later remove(\"a\")",
        Some(1),
        cache.remove("a"),
    );
    check("... remove(\"b\")", None, cache.remove("b"));
    check("... then len()", 0, cache.len());
}
