use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use course_support::{RedisNamespace, redis_namespace};
use redis::AsyncCommands;
use redis_cache_aside::{CacheError, RedisCache, SourceError};

const TTL: Duration = Duration::from_secs(60);

/// The slow source of truth, e.g. a database table: counts its reads and
/// can be told to fail.
#[derive(Default)]
struct Source {
    rows: Mutex<HashMap<String, String>>,
    reads: AtomicUsize,
    failing: AtomicBool,
}

impl Source {
    fn with(rows: &[(&str, &str)]) -> Self {
        let source = Source::default();
        for &(key, value) in rows {
            source.set(key, value);
        }
        source
    }

    fn set(&self, key: &str, value: &str) {
        self.rows
            .lock()
            .unwrap()
            .insert(key.to_string(), value.to_string());
    }

    fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }

    fn fail(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    async fn read(&self, key: &str) -> Result<String, SourceError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        if self.failing.load(Ordering::SeqCst) {
            return Err(SourceError("connection reset".to_string()));
        }
        self.rows
            .lock()
            .unwrap()
            .get(key)
            .cloned()
            .ok_or_else(|| SourceError(format!("no row {key}")))
    }

    async fn write(&self, key: &str, value: &str) -> Result<(), SourceError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(SourceError("connection reset".to_string()));
        }
        self.set(key, value);
        Ok(())
    }
}

/// A cache in this test's own Redis namespace.
fn cache(ns: &RedisNamespace, ttl: Duration) -> RedisCache {
    RedisCache::new(ns.connection(), ns.prefix(), ttl)
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Like [`check`], for the cache's answers, compared by their Debug text
/// (Redis errors cannot be compared).
#[track_caller]
fn check_answer<T: Debug>(did: &str, expected: Result<T, CacheError>, got: Result<T, CacheError>) {
    let (expected, got) = (format!("{expected:?}"), format!("{got:?}"));
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected}\ngot:      {got}\n");
    }
}

/// What Redis holds under `key`, read directly.
async fn redis_value(ns: &RedisNamespace, key: &str) -> Option<String> {
    ns.connection()
        .get(ns.key(key))
        .await
        .unwrap_or_else(|e| panic!("the test could not GET {}: {e}", ns.key(key)))
}

#[tokio::test]
async fn a_miss_loads_from_the_source_and_stores_the_value_in_redis() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    check_answer(
        "get_or_load(\"product:1\") on an empty cache",
        Ok("Lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check("... source reads so far", 1, source.reads());
    check(
        &format!("... then GET {} in Redis", ns.key("product:1")),
        Some("Lamp".to_string()),
        redis_value(&ns, "product:1").await,
    );
}

#[tokio::test]
async fn a_hit_is_served_from_redis_without_calling_the_source() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    for _ in 0..4 {
        check_answer(
            "get_or_load(\"product:1\")",
            Ok("Lamp".to_string()),
            cache
                .get_or_load("product:1", || source.read("product:1"))
                .await,
        );
    }
    check(
        "get_or_load(\"product:1\") four times: source reads",
        1,
        source.reads(),
    );
}

#[tokio::test]
async fn every_instance_shares_the_cache() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let instance_a = RedisCache::new(ns.new_connection().await, ns.prefix(), TTL);
    let instance_b = RedisCache::new(ns.new_connection().await, ns.prefix(), TTL);
    instance_a
        .get_or_load("product:1", || source.read("product:1"))
        .await
        .unwrap();
    check_answer(
        "instance A: get_or_load(\"product:1\"), then instance B: the same",
        Ok("Lamp".to_string()),
        instance_b
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check(
        "... source reads (B must find what A cached)",
        1,
        source.reads(),
    );
}

#[tokio::test]
async fn the_cached_key_expires_after_the_ttl() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    cache
        .get_or_load("product:1", || source.read("product:1"))
        .await
        .unwrap();
    let key = ns.key("product:1");
    let pttl: i64 = ns
        .connection()
        .pttl(&key)
        .await
        .unwrap_or_else(|e| panic!("the test could not read PTTL {key}: {e}"));
    if !(1..=60_000).contains(&pttl) {
        let meaning = match pttl {
            -1 => {
                "the key has no expiry: if an invalidation is ever missed, \
                 every instance serves this value forever"
            }
            -2 => "the key does not exist: the value was not cached under it",
            _ => "that is longer than the TTL",
        };
        panic!(
            "\ndid:      get_or_load(\"product:1\") with a TTL of 60 s, then PTTL {key}\n\
             expected: between 1 and 60000 (milliseconds left)\n\
             got:      {pttl}: {meaning}\n"
        );
    }
}

#[tokio::test]
async fn an_expired_value_is_loaded_again() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let ttl = Duration::from_millis(500);
    let cache = cache(&ns, ttl);
    let did = "get_or_load(\"product:1\") with a TTL of 500 ms (less than a second)";
    check_answer(
        did,
        Ok("Lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    source.set("product:1", "Desk lamp");
    check_answer(
        "... the source changes to \"Desk lamp\", get_or_load again at once (still cached)",
        Ok("Lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    tokio::time::sleep(ttl + Duration::from_millis(200)).await;
    check_answer(
        "... 700 ms later, get_or_load again (the TTL is over)",
        Ok("Desk lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check("... source reads in total", 2, source.reads());
}

#[tokio::test]
async fn an_update_writes_the_source_then_invalidates() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    cache
        .get_or_load("product:1", || source.read("product:1"))
        .await
        .unwrap();
    check_answer(
        "get_or_load(\"product:1\"), then update(\"product:1\") writing \"Desk lamp\"",
        Ok(()),
        cache
            .update("product:1", || source.write("product:1", "Desk lamp"))
            .await,
    );
    check(
        "... the source holds",
        Some("Desk lamp".to_string()),
        source.rows.lock().unwrap().get("product:1").cloned(),
    );
    check_answer(
        "... then get_or_load(\"product:1\") (must not serve the old value)",
        Ok("Desk lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check("... source reads in total", 2, source.reads());
}

#[tokio::test]
async fn an_update_through_one_instance_is_seen_by_the_others() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let instance_a = RedisCache::new(ns.new_connection().await, ns.prefix(), TTL);
    let instance_b = RedisCache::new(ns.new_connection().await, ns.prefix(), TTL);
    instance_a
        .get_or_load("product:1", || source.read("product:1"))
        .await
        .unwrap();
    instance_b
        .update("product:1", || source.write("product:1", "Desk lamp"))
        .await
        .unwrap();
    check_answer(
        "instance A caches \"product:1\", instance B updates it to \"Desk lamp\", \
         instance A reads it",
        Ok("Desk lamp".to_string()),
        instance_a
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
}

#[tokio::test]
async fn a_read_during_an_update_cannot_cache_the_old_value_again() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    cache
        .get_or_load("product:1", || source.read("product:1"))
        .await
        .unwrap();
    let updated = cache
        .update("product:1", || async {
            // Another request reads the product while this write is on its way.
            let _ = cache
                .get_or_load("product:1", || source.read("product:1"))
                .await;
            source.write("product:1", "Desk lamp").await
        })
        .await;
    check_answer(
        "update(\"product:1\") writing \"Desk lamp\"",
        Ok(()),
        updated,
    );
    let got = cache
        .get_or_load("product:1", || source.read("product:1"))
        .await;
    if !matches!(&got, Ok(value) if value == "Desk lamp") {
        panic!(
            "\ndid:      get_or_load(\"product:1\") caches \"Lamp\"; update(\"product:1\") writes \
             \"Desk lamp\", and while that write is on its way another request calls \
             get_or_load(\"product:1\"); once the update returned, get_or_load(\"product:1\")\n\
             expected: Ok(\"Desk lamp\")\n\
             got:      {got:?}\n\
             The old value was cached again during the update: when the key is deleted before \
             the write, a read in between finds no key, loads the old value from the source and \
             caches it for the whole TTL. Delete the key after the write succeeded.\n"
        );
    }
}

#[tokio::test]
async fn a_source_error_is_returned_and_not_cached() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    source.fail(true);
    check_answer(
        "get_or_load(\"product:1\") while the source fails",
        Err(CacheError::Source(SourceError(
            "connection reset".to_string(),
        ))),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check(
        &format!("... then GET {} in Redis", ns.key("product:1")),
        None,
        redis_value(&ns, "product:1").await,
    );
    source.fail(false);
    check_answer(
        "... then get_or_load(\"product:1\") once the source is back",
        Ok("Lamp".to_string()),
        cache
            .get_or_load("product:1", || source.read("product:1"))
            .await,
    );
    check("... source reads in total", 2, source.reads());
}

#[tokio::test]
async fn a_failed_update_returns_the_source_error() {
    let ns = redis_namespace().await;
    let source = Source::with(&[("product:1", "Lamp")]);
    let cache = cache(&ns, TTL);
    source.fail(true);
    check_answer(
        "update(\"product:1\") while the source fails",
        Err(CacheError::Source(SourceError(
            "connection reset".to_string(),
        ))),
        cache
            .update("product:1", || source.write("product:1", "Desk lamp"))
            .await,
    );
}
