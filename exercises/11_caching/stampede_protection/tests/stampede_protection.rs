use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use std::time::Duration;

use futures_util::future::join_all;
use stampede_protection::{LoadError, Loader, SingleFlightCache};
use tokio::sync::watch;

/// A loader that counts its calls, waits at a gate the test opens, and
/// answers from a script (then `value-of-<key>` once the script is used up).
struct GatedLoader {
    calls: AtomicUsize,
    gate: watch::Sender<bool>,
    script: Mutex<VecDeque<Result<String, LoadError>>>,
}

impl GatedLoader {
    fn new(gate_open: bool) -> Self {
        GatedLoader {
            calls: AtomicUsize::new(0),
            gate: watch::Sender::new(gate_open),
            script: Mutex::new(VecDeque::new()),
        }
    }

    fn then_answer(self, answer: Result<&str, &str>) -> Self {
        let answer = answer
            .map(str::to_string)
            .map_err(|e| LoadError(e.to_string()));
        self.script.lock().unwrap().push_back(answer);
        self
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn open_gate(&self) {
        self.gate.send_replace(true);
    }
}

impl Loader for &GatedLoader {
    async fn load(&self, key: &str) -> Result<String, LoadError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut gate = self.gate.subscribe();
        gate.wait_for(|open| *open).await.unwrap();
        let scripted = self.script.lock().unwrap().pop_front();
        scripted.unwrap_or_else(|| Ok(format!("value-of-{key}")))
    }
}

/// Fails with a readable report when `got` is not `expected`.
#[track_caller]
fn check<T: PartialEq + std::fmt::Debug>(did: &str, expected: T, got: T) {
    if got != expected {
        panic!("\ndid:      {did}\nexpected: {expected:?}\ngot:      {got:?}\n");
    }
}

/// Polls `future` once, so that every request in it has started and is now
/// waiting (for the gate, or for another request's load).
async fn start<F: Future + Unpin>(future: &mut F) {
    std::future::poll_fn(|cx| {
        if std::pin::Pin::new(&mut *future).poll(cx).is_ready() {
            panic!("the requests finished although the loader's gate was still closed");
        }
        Poll::Ready(())
    })
    .await;
}

/// Awaits `future`, failing the test after 2 s.
async fn within_2s<F: Future>(what: &str, future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(2), future)
        .await
        .unwrap_or_else(|_| panic!("{what}: still not done after 2 s"))
}

fn ok(value: &str) -> Result<String, LoadError> {
    Ok(value.to_string())
}

#[tokio::test]
async fn loads_a_missing_key_and_caches_it() {
    let loader = GatedLoader::new(true);
    let cache = SingleFlightCache::new(&loader);
    check(
        "get(\"home\") on an empty cache",
        ok("value-of-home"),
        within_2s("get(\"home\")", cache.get("home")).await,
    );
    check(
        "get(\"home\") again",
        ok("value-of-home"),
        within_2s("get(\"home\")", cache.get("home")).await,
    );
    check("get(\"home\") twice: loader calls", 1, loader.calls());
}

#[tokio::test]
async fn concurrent_misses_of_one_key_load_it_once() {
    let loader = GatedLoader::new(false);
    let cache = SingleFlightCache::new(&loader);
    let mut all = pin!(join_all((0..50).map(|_| cache.get("home"))));
    start(&mut all).await;
    check(
        "50 concurrent get(\"home\") started: loader calls before the load finishes",
        1,
        loader.calls(),
    );
    loader.open_gate();
    let results = within_2s("50 concurrent get(\"home\")", all).await;
    check(
        "50 concurrent get(\"home\"): results",
        vec![ok("value-of-home"); 50],
        results,
    );
    check("... loader calls in total", 1, loader.calls());
}

#[tokio::test]
async fn a_shared_load_is_cached_afterwards() {
    let loader = GatedLoader::new(false);
    let cache = SingleFlightCache::new(&loader);
    let mut all = pin!(join_all((0..5).map(|_| cache.get("home"))));
    start(&mut all).await;
    loader.open_gate();
    within_2s("5 concurrent get(\"home\")", all).await;
    check(
        "5 concurrent get(\"home\"), then get(\"home\")",
        ok("value-of-home"),
        within_2s("get(\"home\")", cache.get("home")).await,
    );
    check("... loader calls in total", 1, loader.calls());
}

#[tokio::test]
async fn an_error_is_shared_by_all_waiters() {
    let loader = GatedLoader::new(false).then_answer(Err("database is down"));
    let cache = SingleFlightCache::new(&loader);
    let mut all = pin!(join_all((0..10).map(|_| cache.get("home"))));
    start(&mut all).await;
    loader.open_gate();
    let results = within_2s("10 concurrent get(\"home\")", all).await;
    check(
        "10 concurrent get(\"home\") while the loader fails",
        vec![Err(LoadError("database is down".to_string())); 10],
        results,
    );
    check("... loader calls", 1, loader.calls());
}

#[tokio::test]
async fn an_error_is_not_cached() {
    let loader = GatedLoader::new(true)
        .then_answer(Err("database is down"))
        .then_answer(Ok("fresh"));
    let cache = SingleFlightCache::new(&loader);
    check(
        "get(\"home\") while the loader fails",
        Err(LoadError("database is down".to_string())),
        within_2s("get(\"home\")", cache.get("home")).await,
    );
    check(
        "... then get(\"home\") again (the error must not be cached)",
        ok("fresh"),
        within_2s("get(\"home\")", cache.get("home")).await,
    );
    check("... loader calls in total", 2, loader.calls());
}

#[tokio::test]
async fn different_keys_are_loaded_separately() {
    let loader = GatedLoader::new(false);
    let cache = SingleFlightCache::new(&loader);
    let keys = ["home", "news", "home", "news", "about"];
    let mut all = pin!(join_all(keys.iter().map(|key| cache.get(key))));
    start(&mut all).await;
    check(
        "concurrent get() of home, news, home, news, about: loader calls",
        3,
        loader.calls(),
    );
    loader.open_gate();
    check(
        "... results",
        vec![
            ok("value-of-home"),
            ok("value-of-news"),
            ok("value-of-home"),
            ok("value-of-news"),
            ok("value-of-about"),
        ],
        within_2s("the five get()s", all).await,
    );
}

#[tokio::test]
async fn a_cached_key_is_served_while_another_key_loads() {
    let loader = GatedLoader::new(true);
    let cache = SingleFlightCache::new(&loader);
    within_2s("get(\"news\")", cache.get("news")).await.unwrap();
    loader.gate.send_replace(false);
    let mut home = pin!(cache.get("home"));
    start(&mut home).await;
    check(
        "get(\"news\"), then get(\"news\") again while a load of \"home\" waits",
        ok("value-of-news"),
        within_2s(
            "get(\"news\") while \"home\" was loading (is a lock held during the load?)",
            cache.get("news"),
        )
        .await,
    );
    loader.open_gate();
    check(
        "... then the load of \"home\" finishes",
        ok("value-of-home"),
        within_2s("get(\"home\")", home).await,
    );
}

#[test]
fn get_returns_a_send_future() {
    fn assert_send<T: Send>(_: &T) {}
    let loader = GatedLoader::new(true);
    let cache = SingleFlightCache::new(&loader);
    // This only compiles if no MutexGuard is held across an `.await` in `get`.
    assert_send(&cache.get("home"));
}
