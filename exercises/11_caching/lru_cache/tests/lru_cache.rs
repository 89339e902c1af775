use lru_cache::LruCache;

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// A cache with the given keys put in this order; each value is the key in upper case.
fn cache_with(capacity: usize, keys: &[&str]) -> LruCache<String, String> {
    let mut cache = LruCache::new(capacity);
    for key in keys {
        cache.put(key.to_string(), key.to_uppercase());
    }
    cache
}

fn keys(cache: &LruCache<String, String>) -> Vec<String> {
    cache.keys_most_recent_first()
}

fn strings(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn get_returns_what_put_stored() {
    let mut cache = cache_with(3, &["ant", "bee"]);
    check(
        "put ant, bee into a cache of 3; get(\"bee\")",
        Some(&"BEE".to_string()),
        cache.get("bee"),
    );
    check(
        "put ant, bee into a cache of 3; get(\"wasp\")",
        None,
        cache.get("wasp"),
    );
    check("put ant, bee into a cache of 3; len()", 2, cache.len());
}

#[test]
fn lists_keys_from_most_to_least_recently_put() {
    let cache = cache_with(3, &["ant", "bee", "cat"]);
    check(
        "put ant, bee, cat; keys_most_recent_first()",
        strings(&["cat", "bee", "ant"]),
        keys(&cache),
    );
}

#[test]
fn evicts_the_least_recently_put_entry_when_full() {
    let mut cache = cache_with(3, &["ant", "bee", "cat"]);
    let evicted = cache.put("dog".to_string(), "DOG".to_string());
    check(
        "put ant, bee, cat into a cache of 3, then put dog: the evicted entry",
        Some(("ant".to_string(), "ANT".to_string())),
        evicted,
    );
    check(
        "... then keys_most_recent_first()",
        strings(&["dog", "cat", "bee"]),
        keys(&cache),
    );
    check("... then get(\"ant\")", None, cache.get("ant"));
}

#[test]
fn get_makes_an_entry_the_most_recently_used() {
    let mut cache = cache_with(3, &["ant", "bee", "cat"]);
    cache.get("ant");
    check(
        "put ant, bee, cat; get(\"ant\"); keys_most_recent_first()",
        strings(&["ant", "cat", "bee"]),
        keys(&cache),
    );
    let evicted = cache.put("dog".to_string(), "DOG".to_string());
    check(
        "... then put dog: the evicted entry (bee is now the least recently used)",
        Some(("bee".to_string(), "BEE".to_string())),
        evicted,
    );
}

#[test]
fn putting_an_existing_key_replaces_and_refreshes_it() {
    let mut cache = cache_with(3, &["ant", "bee", "cat"]);
    let evicted = cache.put("ant".to_string(), "new ant".to_string());
    check(
        "put ant, bee, cat into a cache of 3, then put ant again: the evicted entry",
        None,
        evicted,
    );
    check(
        "... then get(\"ant\")",
        Some(&"new ant".to_string()),
        cache.get("ant"),
    );
    check("... then len()", 3, cache.len());
    check(
        "... then keys_most_recent_first()",
        strings(&["ant", "cat", "bee"]),
        keys(&cache),
    );
}

#[test]
fn peek_does_not_change_the_order() {
    let mut cache = cache_with(2, &["ant", "bee"]);
    check(
        "put ant, bee; peek(\"ant\")",
        Some(&"ANT".to_string()),
        cache.peek("ant"),
    );
    let evicted = cache.put("cat".to_string(), "CAT".to_string());
    check(
        "... then put cat into the cache of 2: the evicted entry (peek must not refresh ant)",
        Some(("ant".to_string(), "ANT".to_string())),
        evicted,
    );
}

#[test]
fn a_cache_of_one_keeps_only_the_last_entry() {
    let mut cache = cache_with(1, &["ant"]);
    let evicted = cache.put("bee".to_string(), "BEE".to_string());
    check(
        "put ant, then bee into a cache of 1: the evicted entry",
        Some(("ant".to_string(), "ANT".to_string())),
        evicted,
    );
    check(
        "... then keys_most_recent_first()",
        strings(&["bee"]),
        keys(&cache),
    );
    check(
        "... then get(\"bee\")",
        Some(&"BEE".to_string()),
        cache.get("bee"),
    );
}

#[test]
fn evicted_slots_are_reused_many_times() {
    let mut cache = cache_with(2, &[]);
    for i in 0..1000 {
        cache.put(format!("k{i}"), format!("v{i}"));
    }
    check(
        "put k0..k999 into a cache of 2; keys_most_recent_first()",
        strings(&["k999", "k998"]),
        keys(&cache),
    );
    check("... then len()", 2, cache.len());
}

/// A slow but obviously right LRU cache: a Vec ordered from most to least recent.
struct Model {
    capacity: usize,
    entries: Vec<(String, u32)>,
}

impl Model {
    fn get(&mut self, key: &str) -> Option<u32> {
        let pos = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(pos);
        self.entries.insert(0, entry);
        Some(self.entries[0].1)
    }

    fn put(&mut self, key: &str, value: u32) -> Option<(String, u32)> {
        if let Some(pos) = self.entries.iter().position(|(k, _)| k == key) {
            self.entries.remove(pos);
            self.entries.insert(0, (key.to_string(), value));
            return None;
        }
        let evicted = if self.entries.len() == self.capacity {
            self.entries.pop()
        } else {
            None
        };
        self.entries.insert(0, (key.to_string(), value));
        evicted
    }
}

#[test]
fn behaves_like_a_simple_model_over_a_long_mixed_run() {
    let mut cache: LruCache<String, u32> = LruCache::new(4);
    let mut model = Model {
        capacity: 4,
        entries: Vec::new(),
    };
    // A fixed pseudo-random sequence of operations over 7 keys.
    let mut seed: u32 = 7;
    let mut history = Vec::new();
    for step in 0..500 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let key = format!("k{}", (seed >> 16) % 7);
        if (seed >> 8).is_multiple_of(3) {
            history.push(format!("put({key}, {step})"));
            let expected = model.put(&key, step);
            let got = cache.put(key.clone(), step);
            check(&history.join("; "), expected, got);
        } else {
            history.push(format!("get({key})"));
            let expected = model.get(&key);
            let got = cache.get(key.as_str()).copied();
            check(&history.join("; "), expected, got);
        }
        if history.len() > 12 {
            history.remove(0);
            history[0] = format!("... {}", history[0]);
        }
    }
    let expected: Vec<String> = model.entries.iter().map(|(k, _)| k.clone()).collect();
    check(
        "500 mixed operations; keys_most_recent_first()",
        expected,
        cache.keys_most_recent_first(),
    );
}
